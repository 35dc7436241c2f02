/*
 * check_diag.c -- diagnostics: `file:line:col: message`, the DIAG_MAX cap,
 * and diag_quote(), which every message uses to show user text.
 *
 * diag_quote() is the last line of defence between bytes from a hostile
 * image and a terminal or a JSON report, so its table covers quotes,
 * backslashes, control bytes, each kind of invalid UTF-8 and truncation.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "assay/diag.h"
#include "assay/util.h"
#include "testutil.h"

/* Message formatting, with and without a position. */

static const struct srcpos pos_full = { "p.yaml", 3, 7 };
static const struct srcpos pos_line = { "p.yaml", 3, 0 };
static const struct srcpos pos_file = { "p.yaml", 0, 0 };
static const struct srcpos pos_nofile = { NULL, 3, 7 };

static const struct {
	const struct srcpos	*at;
	const char		*want;
} fmt_cases[] = {
	{ &pos_full, "p.yaml:3:7: unknown key \"x\" in rule" },
	{ &pos_line, "p.yaml:3: unknown key \"x\" in rule" },
	{ &pos_file, "p.yaml: unknown key \"x\" in rule" },
	{ &pos_nofile, "unknown key \"x\" in rule" },
	{ NULL, "unknown key \"x\" in rule" },
};

START_TEST(test_diag_formats_position_when_known)
{
	struct diag *d = diag_new();

	diag_add(d, fmt_cases[_i].at, "unknown key \"%s\" in %s", "x",
	    "rule");
	ck_assert_uint_eq(diag_count(d), 1);
	ck_assert_uint_eq(diag_total(d), 1);
	ck_assert_str_eq(diag_text(d, 0), fmt_cases[_i].want);
	ck_assert_ptr_null(diag_text(d, 1));
	diag_free(d);
}
END_TEST

START_TEST(test_diag_keeps_order_and_long_messages)
{
	struct diag *d = diag_new();
	char big[5000];

	memset(big, 'm', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	diag_add(d, NULL, "first");
	diag_add(d, &pos_full, "%s", big);
	diag_add(d, NULL, "third %d%%", 3);
	ck_assert_uint_eq(diag_count(d), 3);
	ck_assert_str_eq(diag_text(d, 0), "first");
	ck_assert_uint_eq(strlen(diag_text(d, 1)), strlen("p.yaml:3:7: ") +
	    sizeof(big) - 1);
	ck_assert_str_eq(diag_text(d, 2), "third 3%");
	diag_free(d);
}
END_TEST

/* A caller that words a message again (a probe's evidence) gets the
 * position and the bare message apart; the file name is a copy. */
START_TEST(test_diag_message_and_pos_split_the_position)
{
	struct diag *d = diag_new();
	const struct srcpos *at = fmt_cases[_i].at;
	const struct srcpos *got;
	char file[16] = "p.yaml";
	struct srcpos mine;

	if (at != NULL) {
		mine = *at;
		if (mine.file != NULL)
			mine.file = file;
	}
	diag_add(d, at != NULL ? &mine : NULL, "unknown key \"%s\" in %s",
	    "x", "rule");
	memset(file, 0, sizeof(file));
	ck_assert_str_eq(diag_text(d, 0), fmt_cases[_i].want);
	ck_assert_str_eq(diag_message(d, 0), "unknown key \"x\" in rule");
	got = diag_pos(d, 0);
	if (at == NULL || at->file == NULL) {
		ck_assert_ptr_null(got);
	} else {
		ck_assert_ptr_nonnull(got);
		ck_assert_str_eq(got->file, "p.yaml");
		ck_assert_uint_eq(got->line, at->line);
		ck_assert_uint_eq(got->col, at->col);
	}
	ck_assert_ptr_null(diag_message(d, 1));
	ck_assert_ptr_null(diag_pos(d, 1));
	diag_free(d);
}
END_TEST

/* An errno reads as libc words it, in every message that shows one. */
START_TEST(test_diag_errno_words_an_errno)
{
	ck_assert_str_eq(diag_errno(ENOENT), "No such file or directory");
	ck_assert_str_eq(diag_errno(EACCES), "Permission denied");
	ck_assert_str_eq(diag_errno(ENOENT), strerror(ENOENT));
}
END_TEST

/* Print D with PREFIX into a malloc'd string. */
static char *
print_to_string(const struct diag *d, const char *prefix)
{
	char *out = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&out, &len);

	ck_assert_ptr_nonnull(fp);
	diag_print(d, fp, prefix);
	fclose(fp);
	return out;
}

START_TEST(test_diag_caps_at_max_and_counts_the_rest)
{
	struct diag *d = diag_new();
	char *out;
	const char *last;

	for (int i = 0; i < DIAG_MAX + 5; i++)
		diag_add(d, &pos_full, "error %d", i);
	ck_assert_uint_eq(diag_count(d), DIAG_MAX);
	ck_assert_uint_eq(diag_total(d), DIAG_MAX + 5);
	ck_assert_str_eq(diag_text(d, 0), "p.yaml:3:7: error 0");
	ck_assert_str_eq(diag_text(d, DIAG_MAX - 1), "p.yaml:3:7: error 99");
	ck_assert_ptr_null(diag_text(d, DIAG_MAX));

	out = print_to_string(d, "assay: ");
	ck_assert(strncmp(out, "assay: p.yaml:3:7: error 0\n"
	    "assay: p.yaml:3:7: error 1\n", 54) == 0);
	last = strstr(out, "assay: p.yaml:3:7: error 99\n");
	ck_assert_ptr_nonnull(last);
	ck_assert_str_eq(last, "assay: p.yaml:3:7: error 99\n"
	    "assay: 5 more errors not shown\n");
	ck_assert_ptr_null(strstr(out, "error 100"));
	free(out);
	diag_free(d);
}
END_TEST

START_TEST(test_diag_print_without_drops_has_no_footer)
{
	struct diag *d = diag_new();
	char *out;

	out = print_to_string(d, "assay: ");
	ck_assert_str_eq(out, "");
	free(out);

	diag_add(d, NULL, "one");
	diag_add(d, &pos_line, "two");
	out = print_to_string(d, "");
	ck_assert_str_eq(out, "one\np.yaml:3: two\n");
	free(out);
	diag_free(d);
}
END_TEST

START_TEST(test_diag_clear_resets_count_and_total)
{
	struct diag *d = diag_new();
	char *out;

	for (int i = 0; i < DIAG_MAX + 1; i++)
		diag_add(d, NULL, "e");
	diag_clear(d);
	ck_assert_uint_eq(diag_count(d), 0);
	ck_assert_uint_eq(diag_total(d), 0);
	ck_assert_ptr_null(diag_text(d, 0));
	diag_add(d, NULL, "again");
	ck_assert_uint_eq(diag_count(d), 1);
	out = print_to_string(d, "x: ");
	ck_assert_str_eq(out, "x: again\n");
	free(out);
	diag_free(d);
	diag_free(NULL);
}
END_TEST

/* diag_quote */

static const struct {
	const char	*what;
	const char	*in;
	size_t		 max;
	const char	*want;
} quote_cases[] = {
	{ "plain", "abc", 100, "\"abc\"" },
	{ "empty", "", 100, "\"\"" },
	{ "double quote", "say \"hi\"", 100, "\"say \\\"hi\\\"\"" },
	{ "backslash", "a\\b", 100, "\"a\\\\b\"" },
	{ "newline and tab", "a\nb\t", 100, "\"a\\x0ab\\x09\"" },
	{ "escape byte", "\x1b[31m", 100, "\"\\x1b[31m\"" },
	{ "DEL", "\x7f", 100, "\"\\x7f\"" },
	{ "CR", "x\r", 100, "\"x\\x0d\"" },
	{ "valid 2-byte", "caf\xc3\xa9", 100, "\"caf\xc3\xa9\"" },
	{ "valid 4-byte", "\xf0\x9f\x98\x80", 100, "\"\xf0\x9f\x98\x80\"" },
	{ "invalid FF", "a\xff" "b", 100, "\"a\\xffb\"" },
	{ "lone continuation", "\x80", 100, "\"\\x80\"" },
	{ "overlong", "\xc0\xaf", 100, "\"\\xc0\\xaf\"" },
	{ "surrogate", "\xed\xa0\x80", 100, "\"\\xed\\xa0\\x80\"" },
	{ "above U+10FFFF", "\xf4\x90\x80\x80", 100,
	    "\"\\xf4\\x90\\x80\\x80\"" },
	{ "truncated at end", "ab\xe2\x82", 100, "\"ab\\xe2\\x82\"" },
	{ "truncated then ascii", "\xe2\x82x", 100, "\"\\xe2\\x82x\"" },
	{ "cut at max", "abcdef", 3, "\"abc...\"" },
	{ "exactly max", "abc", 3, "\"abc\"" },
	{ "max zero", "abc", 0, "\"...\"" },
	{ "escape then cut", "\"\"\"\"", 2, "\"\\\"\\\"...\"" },
};

START_TEST(test_diag_quote_escapes_and_truncates)
{
	char *q = diag_quote(quote_cases[_i].in, quote_cases[_i].max);

	ck_assert_msg(strcmp(q, quote_cases[_i].want) == 0,
	    "%s: got %s, want %s", quote_cases[_i].what, q,
	    quote_cases[_i].want);
	ck_assert(utf8_valid(q, strlen(q)));
	free(q);
}
END_TEST

/* diag_quote_raw() shows a regex as written: backslashes and quotes stay
 * single, only what a terminal would act on is escaped. */
static const struct {
	const char	*in;
	size_t		 max;
	const char	*want;
} raw_cases[] = {
	{ "^UMASK\\s+0?27$", 100, "`^UMASK\\s+0?27$`" },
	{ "say \"hi\" `x`", 100, "`say \"hi\" `x``" },
	{ "a\nb\x1b\x7f", 100, "`a\\x0ab\\x1b\\x7f`" },
	{ "caf\xc3\xa9 \xff", 100, "`caf\xc3\xa9 \\xff`" },
	{ "abcdef", 3, "`abc...`" },
	{ "", 100, "``" },
};

START_TEST(test_diag_quote_raw_keeps_what_was_written)
{
	char *q = diag_quote_raw(raw_cases[_i].in, raw_cases[_i].max);

	ck_assert_str_eq(q, raw_cases[_i].want);
	ck_assert(utf8_valid(q, strlen(q)));
	free(q);
}
END_TEST

START_TEST(test_diag_quote_never_splits_a_character)
{
	/* MAX falls inside the 2-byte e-acute: the output must stay valid
	 * UTF-8 and must not hold half of it. */
	char *q = diag_quote("a\xc3\xa9z", 2);

	ck_assert(utf8_valid(q, strlen(q)));
	ck_assert(strncmp(q, "\"a", 2) == 0);
	ck_assert_ptr_null(strstr(q, "\\xc3"));
	ck_assert_ptr_nonnull(strstr(q, "...\""));
	free(q);
}
END_TEST

START_TEST(test_diag_quote_output_is_always_valid_utf8)
{
	char in[256];

	/* Every byte value once, in an order that puts lead bytes before
	 * ASCII and continuation bytes. */
	for (int i = 0; i < 255; i++)
		in[i] = (char)(255 - i);
	in[255] = '\0';
	for (size_t max = 0; max <= 256; max += 17) {
		char *q = diag_quote(in, max);

		ck_assert(utf8_valid(q, strlen(q)));
		for (const char *p = q; *p != '\0'; p++)
			ck_assert((unsigned char)*p >= 0x20 &&
			    (unsigned char)*p != 0x7f);
		free(q);
	}
}
END_TEST

#define NCASES(a)	((int)(sizeof(a) / sizeof((a)[0])))

static Suite *
diag_suite(void)
{
	Suite *s = suite_create("diag");
	TCase *tc;

	tc = tcase_create("messages");
	tcase_add_loop_test(tc, test_diag_formats_position_when_known, 0,
	    NCASES(fmt_cases));
	tcase_add_test(tc, test_diag_keeps_order_and_long_messages);
	tcase_add_test(tc, test_diag_caps_at_max_and_counts_the_rest);
	tcase_add_test(tc, test_diag_print_without_drops_has_no_footer);
	tcase_add_test(tc, test_diag_clear_resets_count_and_total);
	tcase_add_loop_test(tc, test_diag_message_and_pos_split_the_position,
	    0, NCASES(fmt_cases));
	tcase_add_test(tc, test_diag_errno_words_an_errno);
	suite_add_tcase(s, tc);

	tc = tcase_create("quote");
	tcase_add_loop_test(tc, test_diag_quote_escapes_and_truncates, 0,
	    NCASES(quote_cases));
	tcase_add_loop_test(tc, test_diag_quote_raw_keeps_what_was_written, 0,
	    NCASES(raw_cases));
	tcase_add_test(tc, test_diag_quote_never_splits_a_character);
	tcase_add_test(tc, test_diag_quote_output_is_always_valid_utf8);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return tu_run_suite(diag_suite());
}
