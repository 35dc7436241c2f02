/*
 * check_expect.c -- the `expect:` comparisons shared by value probes.
 *
 * Each operator is a row that holds and a row that does not, including
 * the edges (bounds are inclusive, integer tests on non-integers fail,
 * nocase reaches strings and regexes); every compile error is asserted
 * whole, as a policy author would read it.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "assay/expect.h"
#include "assay/ynode.h"
#include "testutil.h"

#define NCASES(a)	((int)(sizeof(a) / sizeof((a)[0])))

/* Compile YAML as an expect; NULL with the messages in D on error. */
static struct expect *
compile(const char *yaml, struct ydoc **docp, struct diag *d)
{
	struct ydoc *doc = ydoc_parse_string("test.yaml", yaml, strlen(yaml),
	    &limits_default, d);

	ck_assert_msg(doc != NULL, "yaml: %s", diag_text(d, 0));
	*docp = doc;
	return expect_compile(ydoc_root(doc), &limits_default, d);
}

static const struct {
	const char	*yaml;
	const char	*value;
	bool		 holds;
} test_cases[] = {
	{ "{equals: \"no\"}", "no", true },
	{ "{equals: \"no\"}", "No", false },
	{ "{equals: \"no\"}", "no ", false },
	{ "{equals: \"no\", nocase: true}", "NO", true },
	{ "{equals: \"no\", nocase: false}", "NO", false },
	{ "{not_equals: \"yes\"}", "no", true },
	{ "{not_equals: \"yes\"}", "yes", false },
	{ "{not_equals: \"yes\"}", "YES", true },
	{ "{not_equals: \"yes\", nocase: true}", "YES", false },
	{ "{in: [no, prohibit-password]}", "prohibit-password", true },
	{ "{in: [no, prohibit-password]}", "yes", false },
	{ "{in: [no]}", "NO", false },
	{ "{in: [no], nocase: true}", "NO", true },
	{ "{in: no}", "no", true },
	{ "{not_in: [yes, without-password]}", "no", true },
	{ "{not_in: [yes, without-password]}", "without-password", false },
	{ "{not_in: [yes], nocase: true}", "Yes", false },
	{ "{matches: \"^(no|without-password)$\"}", "no", true },
	{ "{matches: \"^(no|without-password)$\"}", "yes", false },
	{ "{matches: \"^no$\"}", "NO", false },
	{ "{matches: \"^no$\", nocase: true}", "NO", true },
	{ "{not_matches: nullok}", "pam_unix.so", true },
	{ "{not_matches: nullok}", "pam_unix.so nullok", false },
	{ "{not_matches: nullok, nocase: true}", "NULLOK", false },
	{ "{at_most: 4}", "4", true },
	{ "{at_most: 4}", "-1", true },
	{ "{at_most: 4}", "5", false },
	{ "{at_most: 4}", "four", false },
	{ "{at_most: 4}", "", false },
	{ "{at_most: 4}", "4 ", false },
	{ "{at_least: 1}", "1", true },
	{ "{at_least: 1}", "0", false },
	{ "{at_least: -3}", "-3", true },
	{ "{at_least: 1}", "99999999999999999999", false },
	{ "{range: [30, 235]}", "30", true },
	{ "{range: [30, 235]}", "235", true },
	{ "{range: [30, 235]}", "100", true },
	{ "{range: [30, 235]}", "29", false },
	{ "{range: [30, 235]}", "236", false },
	{ "{range: [30, 235]}", "x", false },
	{ "{range: [-5, 5]}", "-5", true },
	{ "{range: [7, 7]}", "7", true },
	/* several keys: all must hold */
	{ "{at_least: 1, at_most: 3}", "2", true },
	{ "{at_least: 1, at_most: 3}", "4", false },
	{ "{at_least: 1, at_most: 3}", "0", false },
	{ "{matches: \"^[0-9]+$\", not_in: [\"0\"]}", "7", true },
	{ "{matches: \"^[0-9]+$\", not_in: [\"0\"]}", "0", false },
	{ "{matches: \"^[0-9]+$\", not_in: [\"0\"]}", "x", false },
	{ "{equals: \"4\", at_most: 4}", "4", true },
};

START_TEST(test_expect_operators_hold_or_not)
{
	struct diag *d = diag_new();
	struct ydoc *doc;
	struct expect *e = compile(test_cases[_i].yaml, &doc, d);

	ck_assert_msg(e != NULL, "%s: %s", test_cases[_i].yaml,
	    diag_text(d, 0));
	ck_assert_msg(expect_test(e, test_cases[_i].value) ==
	    test_cases[_i].holds, "%s on \"%s\": expected %s",
	    test_cases[_i].yaml, test_cases[_i].value,
	    test_cases[_i].holds ? "true" : "false");
	expect_free(e);
	ydoc_free(doc);
	diag_free(d);
}
END_TEST

static const struct {
	const char	*yaml;
	const char	*text;
} describe_cases[] = {
	{ "{equals: \"no\"}", "equals \"no\"" },
	{ "{equals: no, nocase: true}", "equals \"no\" (ignoring case)" },
	{ "{not_equals: yes}", "not equals \"yes\"" },
	{ "{in: [a, b]}", "one of \"a\", \"b\"" },
	{ "{not_in: [yes]}", "none of \"yes\"" },
	{ "{matches: \"^x\\\\s\"}", "matches \"^x\\\\s\"" },
	{ "{not_matches: nullok}", "not matches \"nullok\"" },
	{ "{at_most: 4, at_least: 1}", "at most 4 and at least 1" },
	{ "{range: [30, 235]}", "from 30 to 235" },
	{ "{not_in: [\"0\"], matches: \"^[0-9]+$\"}",
	    "none of \"0\" and matches \"^[0-9]+$\"" },
};

START_TEST(test_expect_describe_says_what_is_expected)
{
	struct diag *d = diag_new();
	struct ydoc *doc;
	struct expect *e = compile(describe_cases[_i].yaml, &doc, d);

	ck_assert_msg(e != NULL, "%s: %s", describe_cases[_i].yaml,
	    diag_text(d, 0));
	ck_assert_str_eq(expect_describe(e), describe_cases[_i].text);
	expect_free(e);
	ydoc_free(doc);
	diag_free(d);
}
END_TEST

static const struct {
	const char	*yaml;
	const char	*first;
} bad_cases[] = {
	{ "[equals, no]",
	    "test.yaml:1:1: expect: expected a mapping, got a sequence" },
	{ "no",
	    "test.yaml:1:1: expect: expected a mapping, got \"no\"" },
	{ "{equls: no}",
	    "test.yaml:1:2: unknown key \"equls\" in expect (did you mean \"equals\"?)" },
	{ "{}",
	    "test.yaml:1:1: expect: needs at least one of equals, "
	    "not_equals, in, not_in, matches, not_matches, at_most, at_least "
	    "or range" },
	{ "{nocase: true}",
	    "test.yaml:1:1: expect: needs at least one of equals, "
	    "not_equals, in, not_in, matches, not_matches, at_most, at_least "
	    "or range" },
	{ "{nocase: \"yes\", equals: a}",
	    "test.yaml:1:10: nocase: expected true or false, got \"yes\"" },
	{ "{equals: [a]}",
	    "test.yaml:1:10: equals: expected a string, got a sequence" },
	{ "{not_equals: {a: b}}",
	    "test.yaml:1:14: not_equals: expected a string, got a mapping" },
	{ "{in: {a: b}}",
	    "test.yaml:1:6: in: expected a string or a list of strings, got "
	    "a mapping" },
	{ "{not_in: [[a]]}",
	    "test.yaml:1:11: not_in: expected a string, got a sequence" },
	{ "{matches: \"(\"}",
	    "test.yaml:1:11: matches: invalid regex at offset 1: missing "
	    "closing parenthesis" },
	{ "{not_matches: \"a[z\"}",
	    "test.yaml:1:15: not_matches: invalid regex at offset 3: missing "
	    "terminating ] for character class" },
	{ "{at_most: x}",
	    "test.yaml:1:11: at_most: expected an integer, got \"x\"" },
	{ "{at_least: 1.5}",
	    "test.yaml:1:12: at_least: expected an integer, got \"1.5\"" },
	{ "{at_least: [1]}",
	    "test.yaml:1:12: at_least: expected an integer, got a sequence" },
	{ "{range: 5}",
	    "test.yaml:1:9: range: expected a sequence of two integers "
	    "[lo, hi], got \"5\"" },
	{ "{range: [5]}",
	    "test.yaml:1:9: range: expected a sequence of two integers "
	    "[lo, hi], got a sequence" },
	{ "{range: [1, 2, 3]}",
	    "test.yaml:1:9: range: expected a sequence of two integers "
	    "[lo, hi], got a sequence" },
	{ "{range: [a, 3]}",
	    "test.yaml:1:10: range: expected an integer, got \"a\"" },
	{ "{range: [9, 3]}",
	    "test.yaml:1:9: range: lower bound 9 is greater than upper bound "
	    "3" },
};

START_TEST(test_expect_compile_errors_name_position_and_reason)
{
	struct diag *d = diag_new();
	struct ydoc *doc;
	struct expect *e = compile(bad_cases[_i].yaml, &doc, d);

	ck_assert_ptr_null(e);
	ck_assert_str_eq(diag_text(d, 0), bad_cases[_i].first);
	ck_assert_msg(diag_total(d) == 1, "%s: %zu errors",
	    bad_cases[_i].yaml, diag_total(d));
	ydoc_free(doc);
	diag_free(d);
}
END_TEST

START_TEST(test_expect_reports_every_error)
{
	struct diag *d = diag_new();
	struct ydoc *doc;
	struct expect *e = compile("{at_most: x, matches: \"(\", bogus: 1}",
	    &doc, d);

	ck_assert_ptr_null(e);
	ck_assert_uint_eq(diag_total(d), 3);
	ck_assert_str_eq(diag_text(d, 0),
	    "test.yaml:1:28: unknown key \"bogus\" in expect");
	ck_assert_str_eq(diag_text(d, 1), "test.yaml:1:23: matches: invalid "
	    "regex at offset 1: missing closing parenthesis");
	ck_assert_str_eq(diag_text(d, 2),
	    "test.yaml:1:11: at_most: expected an integer, got \"x\"");
	ydoc_free(doc);
	diag_free(d);
}
END_TEST

/* The expect keeps its own strings: the YAML may go first. */
START_TEST(test_expect_outlives_its_yaml)
{
	struct diag *d = diag_new();
	struct ydoc *doc;
	struct expect *e = compile("{in: [a, b], equals: b}", &doc, d);

	ck_assert_ptr_nonnull(e);
	ydoc_free(doc);
	ck_assert(expect_test(e, "b"));
	ck_assert(!expect_test(e, "a"));
	ck_assert_str_eq(expect_describe(e), "equals \"b\" and one of \"a\", "
	    "\"b\"");
	expect_free(e);
	expect_free(NULL);
	diag_free(d);
}
END_TEST

static Suite *
expect_suite(void)
{
	Suite *s = suite_create("expect");
	TCase *tc;

	tc = tcase_create("test");
	tcase_add_loop_test(tc, test_expect_operators_hold_or_not, 0,
	    NCASES(test_cases));
	tcase_add_loop_test(tc, test_expect_describe_says_what_is_expected, 0,
	    NCASES(describe_cases));
	tcase_add_test(tc, test_expect_outlives_its_yaml);
	suite_add_tcase(s, tc);

	tc = tcase_create("compile");
	tcase_add_loop_test(tc,
	    test_expect_compile_errors_name_position_and_reason, 0,
	    NCASES(bad_cases));
	tcase_add_test(tc, test_expect_reports_every_error);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return tu_run_suite(expect_suite());
}
