/*
 * check_rx.c -- pcre2 under limits: compile errors name pcre2's message
 * and offset, flags do what they say, group 1 offsets, and a
 * catastrophic-backtracking pattern ends in RX_ELIMIT instead of stalling
 * the scan.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "assay/diag.h"
#include "assay/limits.h"
#include "assay/rx.h"
#include "testutil.h"

static const struct srcpos here = { "p.yaml", 4, 12 };

/* Bad patterns: the whole message, position included. The texts are
 * pcre2's own (stable across 10.x). */
static const struct {
	const char	*pattern;
	const char	*want;
} bad_cases[] = {
	{ "a(b", "p.yaml:4:12: content.regex: invalid regex at offset 3: "
	    "missing closing parenthesis" },
	{ "a)", "p.yaml:4:12: content.regex: invalid regex at offset 1: "
	    "unmatched closing parenthesis" },
	{ "[z-a]", "p.yaml:4:12: content.regex: invalid regex at offset 3: "
	    "range out of order in character class" },
	{ "*a", "p.yaml:4:12: content.regex: invalid regex at offset 0: "
	    "quantifier does not follow a repeatable item" },
	{ "a{3,2}", "p.yaml:4:12: content.regex: invalid regex at offset 5: "
	    "numbers out of order in {} quantifier" },
	{ "\\", "p.yaml:4:12: content.regex: invalid regex at offset 1: "
	    "\\ at end of pattern" },
	{ "[[:foo:]]", "p.yaml:4:12: content.regex: invalid regex at "
	    "offset 3: unknown POSIX class name" },
};

START_TEST(test_rx_compile_error_names_pcre2_message_and_offset)
{
	struct diag *d = diag_new();
	struct rx *rx = rx_compile(bad_cases[_i].pattern, 0, "content.regex",
	    &here, &limits_default, d);

	ck_assert_ptr_null(rx);
	ck_assert_uint_eq(diag_count(d), 1);
	ck_assert_str_eq(diag_text(d, 0), bad_cases[_i].want);
	diag_free(d);
}
END_TEST

START_TEST(test_rx_compile_error_without_position)
{
	struct diag *d = diag_new();

	ck_assert_ptr_null(rx_compile("(", RX_CASELESS, "files.name_regex",
	    NULL, &limits_default, d));
	ck_assert_str_eq(diag_text(d, 0), "files.name_regex: invalid regex at "
	    "offset 1: missing closing parenthesis");
	diag_free(d);
}
END_TEST

START_TEST(test_rx_compile_keeps_pattern)
{
	struct diag *d = diag_new();
	char pat[] = "^PermitRootLogin\\s+(\\S+)";
	struct rx *rx = rx_compile(pat, 0, "x", NULL, &limits_default, d);

	ck_assert_ptr_nonnull(rx);
	pat[0] = 'X';			/* the rx holds its own copy */
	ck_assert_str_eq(rx_pattern(rx), "^PermitRootLogin\\s+(\\S+)");
	ck_assert_uint_eq(diag_count(d), 0);
	rx_free(rx);
	rx_free(NULL);
	diag_free(d);
}
END_TEST

/* Matches: pattern, flags, subject, group1 -> rc, so, eo. */
static const struct {
	const char	*pattern;
	unsigned	 flags;
	const char	*subj;
	bool		 group1;
	enum rx_rc	 rc;
	size_t		 so, eo;
} match_cases[] = {
	{ "abc", 0, "xabcx", false, RX_MATCH, 1, 4 },
	{ "abc", 0, "xABCx", false, RX_NOMATCH, 0, 0 },
	{ "abc", RX_CASELESS, "xABCx", false, RX_MATCH, 1, 4 },
	{ "^b$", 0, "a\nb\nc", false, RX_NOMATCH, 0, 0 },
	{ "^b$", RX_MULTILINE, "a\nb\nc", false, RX_MATCH, 2, 3 },
	{ "^B$", RX_MULTILINE | RX_CASELESS, "a\nb\nc", false, RX_MATCH, 2,
	    3 },
	{ "^a", 0, "a\nb", false, RX_MATCH, 0, 1 },
	{ "key=(\\w+)", 0, "key=val;", true, RX_MATCH, 4, 7 },
	{ "key=(\\w+)", 0, "key=val;", false, RX_MATCH, 0, 7 },
	{ "port\\s+(\\d+)", 0, "# x\nport 2222", true, RX_MATCH, 9, 13 },
	{ "no_group", 0, "a no_group", true, RX_MATCH, 2, 10 },
	/* Group 1 unset: the whole match is reported. */
	{ "(x)?y", 0, "ay", true, RX_MATCH, 1, 2 },
	{ "(?:a)(b)", 0, "ab", true, RX_MATCH, 1, 2 },
	{ "", 0, "", false, RX_MATCH, 0, 0 },
	{ "z", 0, "", false, RX_NOMATCH, 0, 0 },
};

START_TEST(test_rx_match_flags_and_offsets)
{
	struct diag *d = diag_new();
	struct rx *rx = rx_compile(match_cases[_i].pattern,
	    match_cases[_i].flags, "x", NULL, &limits_default, d);
	size_t so = 999, eo = 999;
	enum rx_rc rc;

	ck_assert_ptr_nonnull(rx);
	rc = rx_match(rx, match_cases[_i].subj, strlen(match_cases[_i].subj),
	    match_cases[_i].group1, &so, &eo);
	ck_assert_int_eq(rc, match_cases[_i].rc);
	if (rc == RX_MATCH) {
		ck_assert_uint_eq(so, match_cases[_i].so);
		ck_assert_uint_eq(eo, match_cases[_i].eo);
	}
	/* Offsets are optional. */
	ck_assert_int_eq(rx_match(rx, match_cases[_i].subj,
	    strlen(match_cases[_i].subj), match_cases[_i].group1, NULL, NULL),
	    match_cases[_i].rc);
	rx_free(rx);
	diag_free(d);
}
END_TEST

START_TEST(test_rx_match_honours_length_and_binary_subjects)
{
	struct diag *d = diag_new();
	struct rx *rx = rx_compile("b.c", 0, "x", NULL, &limits_default, d);
	size_t so, eo;

	ck_assert_ptr_nonnull(rx);
	/* Only LEN bytes are looked at. */
	ck_assert_int_eq(rx_match(rx, "abxcd", 3, false, &so, &eo),
	    RX_NOMATCH);
	/* NUL and invalid UTF-8 are ordinary bytes, not an error. */
	ck_assert_int_eq(rx_match(rx, "a\0b\xff" "cd", 6, false, &so, &eo),
	    RX_MATCH);
	ck_assert_uint_eq(so, 2);
	ck_assert_uint_eq(eo, 5);
	ck_assert_int_eq(rx_match(rx, "b\0c", 3, false, &so, &eo), RX_MATCH);
	rx_free(rx);
	diag_free(d);
}
END_TEST

START_TEST(test_rx_catastrophic_backtracking_hits_limit)
{
	struct diag *d = diag_new();
	struct rx *rx = rx_compile("(a+)+$", 0, "x", NULL, &limits_default, d);
	const char *subj = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!";

	ck_assert_ptr_nonnull(rx);
	ck_assert_int_eq(rx_match(rx, subj, strlen(subj), true, NULL, NULL),
	    RX_ELIMIT);
	/* The match data is reusable after a limit error. */
	ck_assert_int_eq(rx_match(rx, "aa", 2, false, NULL, NULL), RX_MATCH);
	rx_free(rx);
	diag_free(d);
}
END_TEST

START_TEST(test_rx_limits_come_from_struct_limits)
{
	struct limits lim = limits_default;
	struct diag *d = diag_new();
	struct rx *rx;
	const char *subj = "aaaaaaaaaaaaaaaaaaaa!";

	/* A tiny match limit makes a modest backtracking match fail. */
	lim.rx_match_limit = 10;
	rx = rx_compile("(a|aa)+$", 0, "x", NULL, &lim, d);
	ck_assert_ptr_nonnull(rx);
	ck_assert_int_eq(rx_match(rx, subj, strlen(subj), false, NULL, NULL),
	    RX_ELIMIT);
	rx_free(rx);

	/* The same match under the default limits just does not match. */
	rx = rx_compile("(a|aa)+$", 0, "x", NULL, &limits_default, d);
	ck_assert_int_eq(rx_match(rx, subj, strlen(subj), false, NULL, NULL),
	    RX_NOMATCH);
	rx_free(rx);
	ck_assert_uint_eq(diag_count(d), 0);
	diag_free(d);
}
END_TEST

#define NCASES(a)	((int)(sizeof(a) / sizeof((a)[0])))

static Suite *
rx_suite(void)
{
	Suite *s = suite_create("rx");
	TCase *tc;

	tc = tcase_create("compile");
	tcase_add_loop_test(tc,
	    test_rx_compile_error_names_pcre2_message_and_offset, 0,
	    NCASES(bad_cases));
	tcase_add_test(tc, test_rx_compile_error_without_position);
	tcase_add_test(tc, test_rx_compile_keeps_pattern);
	suite_add_tcase(s, tc);

	tc = tcase_create("match");
	tcase_add_loop_test(tc, test_rx_match_flags_and_offsets, 0,
	    NCASES(match_cases));
	tcase_add_test(tc, test_rx_match_honours_length_and_binary_subjects);
	tcase_add_test(tc, test_rx_catastrophic_backtracking_hits_limit);
	tcase_add_test(tc, test_rx_limits_come_from_struct_limits);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return tu_run_suite(rx_suite());
}
