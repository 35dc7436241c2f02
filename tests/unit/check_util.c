/*
 * check_util.c -- the util module: numbers, globs, lines, fields, paths
 * and UTF-8.
 *
 * These helpers sit under every parser that reads target input, so each
 * edge a hostile file can reach (overflow, a missing final newline, CRLF,
 * "/../..", an overlong UTF-8 sequence) is a table row here.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "assay/util.h"
#include "testutil.h"

/* parse_uint */

static const struct {
	const char	*s;
	uint64_t	 min, max;
	int		 rc;
	uint64_t	 v;
} uint_cases[] = {
	{ "0", 0, 10, 0, 0 },
	{ "10", 0, 10, 0, 10 },
	{ "007", 0, 10, 0, 7 },
	{ "18446744073709551615", 0, UINT64_MAX, 0, UINT64_MAX },
	{ "18446744073709551616", 0, UINT64_MAX, -1, 0 },	/* overflow */
	{ "99999999999999999999999", 0, UINT64_MAX, -1, 0 },
	{ "11", 0, 10, -1, 0 },		/* above max */
	{ "4", 5, 10, -1, 0 },		/* below min */
	{ "", 0, 10, -1, 0 },
	{ "-1", 0, 10, -1, 0 },		/* strtoull would wrap it */
	{ "+1", 0, 10, -1, 0 },
	{ " 1", 0, 10, -1, 0 },
	{ "1 ", 0, 10, -1, 0 },
	{ "1x", 0, 10, -1, 0 },
	{ "0x1", 0, 10, -1, 0 },
	{ "1.0", 0, 10, -1, 0 },
};

START_TEST(test_parse_uint_accepts_only_whole_decimal_in_range)
{
	uint64_t v = 12345;
	int rc = parse_uint(uint_cases[_i].s, uint_cases[_i].min,
	    uint_cases[_i].max, &v);

	ck_assert_msg(rc == uint_cases[_i].rc, "parse_uint(\"%s\") = %d",
	    uint_cases[_i].s, rc);
	if (rc == 0)
		ck_assert_uint_eq(v, uint_cases[_i].v);
	else
		ck_assert_uint_eq(v, 12345);	/* untouched on error */
}
END_TEST

START_TEST(test_parse_uint_rejects_null)
{
	uint64_t v;

	ck_assert_int_eq(parse_uint(NULL, 0, 10, &v), -1);
}
END_TEST

/* parse_int */

static const struct {
	const char	*s;
	int64_t		 min, max;
	int		 rc;
	int64_t		 v;
} int_cases[] = {
	{ "0", -10, 10, 0, 0 },
	{ "-10", -10, 10, 0, -10 },
	{ "10", -10, 10, 0, 10 },
	{ "-9223372036854775808", INT64_MIN, INT64_MAX, 0, INT64_MIN },
	{ "9223372036854775807", INT64_MIN, INT64_MAX, 0, INT64_MAX },
	{ "9223372036854775808", INT64_MIN, INT64_MAX, -1, 0 },
	{ "-9223372036854775809", INT64_MIN, INT64_MAX, -1, 0 },
	{ "-11", -10, 10, -1, 0 },
	{ "11", -10, 10, -1, 0 },
	{ "", -10, 10, -1, 0 },
	{ "-", -10, 10, -1, 0 },
	{ " 1", -10, 10, -1, 0 },
	{ "1 ", -10, 10, -1, 0 },
	{ "- 1", -10, 10, -1, 0 },
	{ "1e3", INT64_MIN, INT64_MAX, -1, 0 },
};

START_TEST(test_parse_int_accepts_only_whole_decimal_in_range)
{
	int64_t v = 12345;
	int rc = parse_int(int_cases[_i].s, int_cases[_i].min,
	    int_cases[_i].max, &v);

	ck_assert_msg(rc == int_cases[_i].rc, "parse_int(\"%s\") = %d",
	    int_cases[_i].s, rc);
	if (rc == 0)
		ck_assert_int_eq(v, int_cases[_i].v);
	else
		ck_assert_int_eq(v, 12345);
}
END_TEST

/* parse_mode */

static const struct {
	const char	*s;
	int		 rc;
	uint32_t	 v;
} mode_cases[] = {
	{ "0644", 0, 0644 },
	{ "644", 0, 0644 },
	{ "4755", 0, 04755 },
	{ "0", 0, 0 },
	{ "7777", 0, 07777 },
	{ "07777", 0, 07777 },
	{ "17777", -1, 0 },		/* above 07777 */
	{ "0644 ", -1, 0 },
	{ "0648", -1, 0 },		/* not octal */
	{ "-644", -1, 0 },
	{ "", -1, 0 },
	{ "rwxr-xr-x", -1, 0 },
	{ "000000644", -1, 0 },		/* too many digits */
	{ "77777777777777777777777", -1, 0 },	/* would overflow */
};

START_TEST(test_parse_mode_accepts_octal_up_to_07777)
{
	uint32_t v = 0123;
	int rc = parse_mode(mode_cases[_i].s, &v);

	ck_assert_msg(rc == mode_cases[_i].rc, "parse_mode(\"%s\") = %d",
	    mode_cases[_i].s, rc);
	if (rc == 0)
		ck_assert_uint_eq(v, mode_cases[_i].v);
	else
		ck_assert_uint_eq(v, 0123);
}
END_TEST

/* glob_match, has_glob_meta, ascii_eq */

static const struct {
	const char	*pattern, *s;
	bool		 pathname, match;
} glob_cases[] = {
	{ "/etc/*.conf", "/etc/a.conf", true, true },
	{ "/etc/*.conf", "/etc/a.confx", true, false },
	{ "/etc/*", "/etc/ssh/sshd_config", true, false },
	{ "/etc/*", "/etc/ssh/sshd_config", false, true },
	{ "/etc/ssh/sshd_config.d/*.conf", "/etc/ssh/sshd_config.d/x.conf",
	    true, true },
	{ "file?", "file1", false, true },
	{ "file?", "file12", false, false },
	{ "[ab]*", "bcd", false, true },
	{ "[!ab]*", "bcd", false, false },
	{ "exact", "exact", true, true },
	{ "exact", "Exact", true, false },
};

START_TEST(test_glob_match_follows_fnmatch)
{
	ck_assert_msg(glob_match(glob_cases[_i].pattern, glob_cases[_i].s,
	    glob_cases[_i].pathname) == glob_cases[_i].match,
	    "glob_match(\"%s\", \"%s\", %d)", glob_cases[_i].pattern,
	    glob_cases[_i].s, glob_cases[_i].pathname);
}
END_TEST

START_TEST(test_has_glob_meta_and_ascii_eq)
{
	ck_assert(has_glob_meta("/etc/*.conf"));
	ck_assert(has_glob_meta("a?"));
	ck_assert(has_glob_meta("[ab]"));
	ck_assert(!has_glob_meta("/etc/passwd"));
	ck_assert(!has_glob_meta(""));
	ck_assert(ascii_eq("PermitRootLogin", "permitrootlogin"));
	ck_assert(ascii_eq("", ""));
	ck_assert(!ascii_eq("Port", "Ports"));
}
END_TEST

START_TEST(test_has_suffix_in_needs_a_byte_before)
{
	static const char *const sfx[] = { ".service", ".timer", NULL };
	static const char *const none[] = { NULL };

	ck_assert(has_suffix_in("sshd.service", sfx));
	ck_assert(has_suffix_in("a.timer", sfx));
	ck_assert(!has_suffix_in(".service", sfx));
	ck_assert(!has_suffix_in("sshd.service.d", sfx));
	ck_assert(!has_suffix_in("sshd", sfx));
	ck_assert(!has_suffix_in("", sfx));
	ck_assert(!has_suffix_in("sshd.service", none));
}
END_TEST

/* next_line: lines are given as "|"-joined expectations. */

static const struct {
	const char	*buf;
	size_t		 len;
	const char	*lines;		/* each line followed by '|' */
	unsigned	 count;
} line_cases[] = {
	{ "", 0, "", 0 },
	{ "a", 1, "a|", 1 },
	{ "a\n", 2, "a|", 1 },
	{ "a\nb", 3, "a|b|", 2 },
	{ "a\r\nb\r\n", 6, "a|b|", 2 },
	{ "a\r\nb\r", 5, "a|b|", 2 },		/* CR before EOF */
	{ "\n\n", 2, "||", 2 },
	{ "\r\n", 2, "|", 1 },
	{ "a\rb\n", 4, "a\rb|", 1 },		/* inner CR kept */
	{ "x\0y\nz", 5, "x\0y|z|", 2 },	/* NUL inside a line */
};

START_TEST(test_next_line_splits_lf_and_crlf)
{
	const char *buf = line_cases[_i].buf;
	size_t len = line_cases[_i].len;
	const char *want = line_cases[_i].lines;
	size_t pos = 0;
	unsigned lineno = 0;
	const char *line;
	size_t linelen;
	unsigned n = 0;

	while (next_line(buf, len, &pos, &line, &linelen, &lineno)) {
		const char *bar = memchr(want, '|', 64);

		ck_assert_ptr_nonnull(bar);
		ck_assert_uint_eq(linelen, (size_t)(bar - want));
		ck_assert(memcmp(line, want, linelen) == 0);
		want = bar + 1;
		n++;
		ck_assert_uint_eq(lineno, n);
		ck_assert_uint_le(pos, len);
	}
	ck_assert_uint_eq(n, line_cases[_i].count);
	ck_assert_uint_eq(pos, len);
	/* At the end it keeps returning false. */
	ck_assert(!next_line(buf, len, &pos, &line, &linelen, &lineno));
	ck_assert_uint_eq(lineno, n);
}
END_TEST

/* text_copy: LEN bytes, the line of the first NUL (0: none). */
static const struct {
	const char	*in;
	size_t		 len;
	unsigned	 nul_line;
} text_cases[] = {
	{ "a\nb", 3, 0 },
	{ "", 0, 0 },
	{ "\0", 1, 1 },
	{ "a\nb\0c\nd", 7, 2 },
	{ "a\r\n\nx\0", 6, 3 },
	{ "a\n\0", 3, 2 },
};

START_TEST(test_text_copy_terminates_and_finds_nul_line)
{
	unsigned line = 99;
	char *copy = NULL;
	int rc = text_copy(text_cases[_i].in, text_cases[_i].len, &copy,
	    &line);

	ck_assert_ptr_nonnull(copy);
	ck_assert_mem_eq(copy, text_cases[_i].in, text_cases[_i].len);
	ck_assert_int_eq(copy[text_cases[_i].len], '\0');
	if (text_cases[_i].nul_line == 0) {
		ck_assert_int_eq(rc, 0);
		ck_assert_uint_eq(line, 99);
	} else {
		ck_assert_int_eq(rc, -1);
		ck_assert_uint_eq(line, text_cases[_i].nul_line);
	}
	free(copy);
}
END_TEST

/* trim_span */

static const struct {
	const char	*in, *out;
} trim_cases[] = {
	{ "abc", "abc" },
	{ "  abc\t", "abc" },
	{ "\t a b \r\n", "a b" },
	{ "   ", "" },
	{ "", "" },
};

START_TEST(test_trim_span_strips_both_sides)
{
	const char *s = trim_cases[_i].in;
	size_t len = strlen(s);

	trim_span(&s, &len);
	ck_assert_uint_eq(len, strlen(trim_cases[_i].out));
	ck_assert(strncmp(s, trim_cases[_i].out, len) == 0);
}
END_TEST

/* split_fields: expected fields joined with '|'. */

static const struct {
	const char	*line;
	size_t		 max;
	const char	*fields;
	size_t		 n;
} split_cases[] = {
	{ "PermitRootLogin no", 8, "PermitRootLogin|no|", 2 },
	{ "  a \t b  ", 8, "a|b|", 2 },
	{ "AuthorizedKeysFile \"/a b/keys\" x", 8,
	    "AuthorizedKeysFile|/a b/keys|x|", 3 },
	{ "Banner \"\"", 8, "Banner||", 2 },
	{ "a\"b c\"d", 8, "ab cd|", 1 },
	{ "\"unterminated x", 8, "unterminated x|", 1 },
	{ "a b c d", 2, "a|b|", 2 },		/* capped at MAX */
	{ "", 8, "", 0 },
	{ "   ", 8, "", 0 },
	{ "a b", 0, "", 0 },
};

START_TEST(test_split_fields_honours_quotes_and_max)
{
	char *out[8];
	const char *want = split_cases[_i].fields;
	size_t n = split_fields(split_cases[_i].line,
	    strlen(split_cases[_i].line), out, split_cases[_i].max);

	ck_assert_uint_eq(n, split_cases[_i].n);
	for (size_t k = 0; k < n; k++) {
		const char *bar = strchr(want, '|');

		ck_assert_ptr_nonnull(bar);
		ck_assert_uint_eq(strlen(out[k]), (size_t)(bar - want));
		ck_assert(strncmp(out[k], want, strlen(out[k])) == 0);
		want = bar + 1;
		free(out[k]);
	}
}
END_TEST

START_TEST(test_split_fields_reads_only_len_bytes)
{
	char *out[4];
	size_t n = split_fields("key value trailing", 9, out, 4);

	ck_assert_uint_eq(n, 2);
	ck_assert_str_eq(out[0], "key");
	ck_assert_str_eq(out[1], "value");
	free(out[0]);
	free(out[1]);
}
END_TEST

/* path_normalize */

static const struct {
	const char	*in, *out;
} norm_cases[] = {
	{ "/../..", "/" },
	{ "//a/./b/../c", "/a/c" },
	{ "", "/" },
	{ "a/b", "/a/b" },
	{ "/", "/" },
	{ "/etc/ssh/", "/etc/ssh" },
	{ "/a/b/../../..", "/" },
	{ "/a/b/../../../c", "/c" },
	{ "/a/..b/c", "/a/..b/c" },		/* "..b" is a name */
	{ "/a/.../c", "/a/.../c" },
	{ "/./.", "/" },
	{ "/usr/lib/../../etc/shadow", "/etc/shadow" },
};

START_TEST(test_path_normalize_never_goes_above_root)
{
	char *p = path_normalize(norm_cases[_i].in);

	ck_assert_str_eq(p, norm_cases[_i].out);
	free(p);
}
END_TEST

/* path_join */

static const struct {
	const char	*dir, *name, *out;
} join_cases[] = {
	{ "/etc", "ssh", "/etc/ssh" },
	{ "/etc/", "ssh", "/etc/ssh" },
	{ "/etc//", "/ssh", "/etc/ssh" },
	{ "/", "etc", "/etc" },
	{ "/", "/etc", "/etc" },
	{ "a", "b/c", "a/b/c" },
};

START_TEST(test_path_join_uses_one_slash)
{
	char *p = path_join(join_cases[_i].dir, join_cases[_i].name);

	ck_assert_str_eq(p, join_cases[_i].out);
	free(p);
}
END_TEST

/* path_dirname */

static const struct {
	const char	*in, *out;
} dirname_cases[] = {
	{ "/etc/ssh/sshd_config", "/etc/ssh" },
	{ "/etc", "/" },
	{ "/", "/" },
	{ "name", "." },
};

START_TEST(test_path_dirname_of_absolute_paths)
{
	char *p = path_dirname(dirname_cases[_i].in);

	ck_assert_str_eq(p, dirname_cases[_i].out);
	free(p);
}
END_TEST

/* utf8_valid */

static const struct {
	const char	*what;
	const char	*s;
	size_t		 len;
	bool		 valid;
} utf8_cases[] = {
	{ "empty", "", 0, true },
	{ "ascii", "abc", 3, true },
	{ "NUL inside", "a\0b", 3, true },
	{ "2-byte e-acute", "\xc3\xa9", 2, true },
	{ "3-byte euro", "\xe2\x82\xac", 3, true },
	{ "4-byte U+10FFFF", "\xf4\x8f\xbf\xbf", 4, true },
	{ "4-byte U+1F600", "\xf0\x9f\x98\x80", 4, true },
	{ "U+FFFF", "\xef\xbf\xbf", 3, true },
	{ "overlong 2-byte C0", "\xc0\xaf", 2, false },
	{ "overlong 2-byte C1", "\xc1\xbf", 2, false },
	{ "overlong 3-byte", "\xe0\x80\xaf", 3, false },
	{ "overlong 3-byte max", "\xe0\x9f\xbf", 3, false },
	{ "overlong 4-byte", "\xf0\x80\x80\xaf", 4, false },
	{ "overlong 4-byte max", "\xf0\x8f\xbf\xbf", 4, false },
	{ "surrogate D800", "\xed\xa0\x80", 3, false },
	{ "surrogate DFFF", "\xed\xbf\xbf", 3, false },
	{ "above U+10FFFF", "\xf4\x90\x80\x80", 4, false },
	{ "F5 lead", "\xf5\x80\x80\x80", 4, false },
	{ "FF byte", "a\xff", 2, false },
	{ "lone continuation", "\x80", 1, false },
	{ "truncated 2-byte", "\xc3", 1, false },
	{ "truncated 3-byte", "a\xe2\x82", 3, false },
	{ "truncated 4-byte", "\xf0\x9f\x98", 3, false },
	{ "truncated by len", "\xc3\xa9", 1, false },
	{ "bad continuation", "\xe2\x28\xa1", 3, false },
};

/* Days from the epoch, hand-checked against date -u +%s / 86400 */
START_TEST(test_days_from_civil)
{
	ck_assert_int_eq(days_from_civil(1970, 1, 1), 0);
	ck_assert_int_eq(days_from_civil(1969, 12, 31), -1);
	ck_assert_int_eq(days_from_civil(2000, 3, 1), 11017);
	ck_assert_int_eq(days_from_civil(2000, 2, 29), 11016);
	ck_assert_int_eq(days_from_civil(1900, 3, 1), -25508);
	ck_assert_int_eq(days_from_civil(1601, 1, 1), -134774);
	ck_assert_uint_eq(days_in_month(2000, 2), 29);
	ck_assert_uint_eq(days_in_month(1900, 2), 28);
	ck_assert_uint_eq(days_in_month(2024, 2), 29);
	ck_assert_uint_eq(days_in_month(2023, 12), 31);
	ck_assert_uint_eq(days_in_month(2023, 13), 0);
}
END_TEST

/* The scan's clock (waivers, OVAL time_difference): a date is 00:00
 * UTC, a UTC time to the second; anything else is refused */
START_TEST(test_clock_now_honours_assay_now)
{
	static const struct {
		const char	*env;
		bool		 ok;
		int64_t		 secs;
	} cases[] = {
		{ "1970-01-01", true, 0 },
		{ "2026-03-04", true, 1772582400 },
		{ "2026-03-04T12:34:56Z", true, 1772582400 + 45296 },
		{ "2000-02-29T00:00:00Z", true, 951782400 },
		{ "1969-12-31T23:59:59Z", true, -1 },
		{ "0000-01-01", false, 0 },
		{ "2026-03-04T24:00:00Z", false, 0 },
		{ "2026-03-04T12:34:56", false, 0 },
		{ "2026-03-04 12:34:56Z", false, 0 },
		{ "2026-02-29", false, 0 },
		{ "2026-3-04", false, 0 },
		{ "2026-03-04T12:60:00Z", false, 0 },
		{ "soon", false, 0 },
	};
	int64_t now;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		now = 7;
		setenv("ASSAY_NOW", cases[i].env, 1);
		ck_assert_int_eq(clock_now(&now), cases[i].ok ? 0 : -1);
		ck_assert_msg(now == (cases[i].ok ? cases[i].secs : 7),
		    "%s: %lld", cases[i].env, (long long)now);
	}
	unsetenv("ASSAY_NOW");
	ck_assert_int_eq(clock_now(&now), 0);
	ck_assert_int_gt(now, 1700000000);	/* time(2): past 2023 */
}
END_TEST

START_TEST(test_utf8_valid_rejects_overlong_surrogate_truncated)
{
	ck_assert_msg(utf8_valid(utf8_cases[_i].s, utf8_cases[_i].len) ==
	    utf8_cases[_i].valid, "utf8_valid: %s", utf8_cases[_i].what);
}
END_TEST

#define NCASES(a)	((int)(sizeof(a) / sizeof((a)[0])))

static Suite *
util_suite(void)
{
	Suite *s = suite_create("util");
	TCase *tc;

	tc = tcase_create("numbers");
	tcase_add_loop_test(tc,
	    test_parse_uint_accepts_only_whole_decimal_in_range, 0,
	    NCASES(uint_cases));
	tcase_add_test(tc, test_parse_uint_rejects_null);
	tcase_add_loop_test(tc,
	    test_parse_int_accepts_only_whole_decimal_in_range, 0,
	    NCASES(int_cases));
	tcase_add_loop_test(tc, test_parse_mode_accepts_octal_up_to_07777, 0,
	    NCASES(mode_cases));
	suite_add_tcase(s, tc);

	tc = tcase_create("text");
	tcase_add_loop_test(tc, test_glob_match_follows_fnmatch, 0,
	    NCASES(glob_cases));
	tcase_add_test(tc, test_has_glob_meta_and_ascii_eq);
	tcase_add_test(tc, test_has_suffix_in_needs_a_byte_before);
	tcase_add_loop_test(tc, test_next_line_splits_lf_and_crlf, 0,
	    NCASES(line_cases));
	tcase_add_loop_test(tc, test_text_copy_terminates_and_finds_nul_line,
	    0, (int)(sizeof(text_cases) / sizeof(text_cases[0])));
	tcase_add_loop_test(tc, test_trim_span_strips_both_sides, 0,
	    NCASES(trim_cases));
	tcase_add_loop_test(tc, test_split_fields_honours_quotes_and_max, 0,
	    NCASES(split_cases));
	tcase_add_test(tc, test_split_fields_reads_only_len_bytes);
	suite_add_tcase(s, tc);

	tc = tcase_create("paths");
	tcase_add_loop_test(tc, test_path_normalize_never_goes_above_root, 0,
	    NCASES(norm_cases));
	tcase_add_loop_test(tc, test_path_join_uses_one_slash, 0,
	    NCASES(join_cases));
	tcase_add_loop_test(tc, test_path_dirname_of_absolute_paths, 0,
	    NCASES(dirname_cases));
	suite_add_tcase(s, tc);

	tc = tcase_create("utf8");
	tcase_add_loop_test(tc,
	    test_utf8_valid_rejects_overlong_surrogate_truncated, 0,
	    NCASES(utf8_cases));
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	Suite *s = util_suite();
	TCase *tc = tcase_create("clock");

	tcase_add_test(tc, test_days_from_civil);
	tcase_add_test(tc, test_clock_now_honours_assay_now);
	suite_add_tcase(s, tc);
	return tu_run_suite(s);
}
