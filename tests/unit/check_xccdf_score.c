/*
 * check_xccdf_score.c -- the XCCDF 1.2 scoring models (xccdf_score.c,
 * NIST IR 7275r4 section 7.3.2) against values computed by hand, and
 * against `oscap xccdf eval` 1.3.7 on fixtures/scap/weights-xccdf.xml
 * (profile plain, fixtures/scap/root): default 81.666664, flat 6.5 of
 * 14.5, flat-unweighted 2 of 5.
 */
#include "config.h"

#include <string.h>

#include "../../engine/report/xccdf_private.h"
#include "testutil.h"

#define FLAT	"urn:xccdf:scoring:flat"
#define UNW	"urn:xccdf:scoring:flat-unweighted"
#define ABS	"urn:xccdf:scoring:absolute"

/*
 * The tree of weights-xccdf.xml:
 *   Group one (weight 3): a (4, pass), b (1, fail)
 *   Group two (weight 0.5): c (5, RC), d (2, RD)
 *   Rule e (2.5, pass)
 */
static void
tree(struct xscore *b, double wa, double wb, const char *rc, bool cscored,
    const char *rd)
{
	struct xscore g;

	memset(b, 0, sizeof(*b));
	memset(&g, 0, sizeof(g));
	xscore_rule(&g, "pass", wa, true);
	xscore_rule(&g, "fail", wb, true);
	xscore_group(b, &g, 3);
	memset(&g, 0, sizeof(g));
	xscore_rule(&g, rc, 5, cscored);
	xscore_rule(&g, rd, 2, true);
	xscore_group(b, &g, 0.5);
	xscore_rule(b, "pass", 2.5, true);
}

START_TEST(test_score_every_rule_counts)
{
	struct xscore b;
	double max;

	tree(&b, 4, 1, "fail", true, "fail");
	/* one: (100*4 + 0*1) / 5 = 80; two: 0; bench: (80*3 + 0*0.5 +
	 * 100*2.5) / (3 + 0.5 + 2.5) = 490 / 6 = 81.6667 (oscap: 81.666664,
	 * in float) */
	ck_assert_double_eq_tol(xscore_value(&b, XSCORE_DEFAULT, &max),
	    490.0 / 6, 1e-9);
	ck_assert_double_eq(max, 100);
	ck_assert_double_eq(xscore_value(&b, FLAT, &max), 6.5);
	ck_assert_double_eq(max, 14.5);
	ck_assert_double_eq(xscore_value(&b, UNW, &max), 2);
	ck_assert_double_eq(max, 5);
	ck_assert_double_eq(xscore_value(&b, ABS, &max), 0);
	ck_assert_double_eq(max, 1);
}
END_TEST

START_TEST(test_score_refined_unscored_and_unchecked_left_out)
{
	struct xscore b;
	double max;

	/* profile child: a weight 7, b weight 2, c unscored, d unchecked
	 * (notchecked); group two counts nothing and drops out:
	 * one: 700 / 9; bench: (700/9*3 + 250) / 5.5 */
	tree(&b, 7, 2, "fail", false, "notchecked");
	ck_assert_double_eq_tol(xscore_value(&b, XSCORE_DEFAULT, &max),
	    (700.0 / 9 * 3 + 250) / 5.5, 1e-9);
	ck_assert_double_eq(xscore_value(&b, FLAT, &max), 9.5);
	ck_assert_double_eq(max, 11.5);
	ck_assert_double_eq(xscore_value(&b, UNW, &max), 2);
	ck_assert_double_eq(max, 3);
}
END_TEST

START_TEST(test_score_results_that_do_not_count)
{
	static const char *const out[] = { "notselected", "notapplicable",
	    "informational", "notchecked" };
	static const char *const zero[] = { "fail", "error", "unknown" };
	struct xscore b;
	double max;

	memset(&b, 0, sizeof(b));
	for (size_t i = 0; i < 4; i++)
		xscore_rule(&b, out[i], 1, true);
	ck_assert_double_eq(xscore_value(&b, XSCORE_DEFAULT, &max), 0);
	ck_assert_double_eq(xscore_value(&b, FLAT, &max), 0);
	ck_assert_double_eq(max, 0);
	/* nothing counts: absolute is not met */
	ck_assert_double_eq(xscore_value(&b, ABS, &max), 0);
	xscore_rule(&b, "fixed", 2, true);
	for (size_t i = 0; i < 3; i++)
		xscore_rule(&b, zero[i], 1, true);
	ck_assert_double_eq(xscore_value(&b, XSCORE_DEFAULT, &max), 40);
	ck_assert_double_eq(xscore_value(&b, FLAT, &max), 2);
	ck_assert_double_eq(max, 5);
}
END_TEST

START_TEST(test_score_absolute_all_pass)
{
	struct xscore b, g;
	double max;

	memset(&b, 0, sizeof(b));
	memset(&g, 0, sizeof(g));
	xscore_rule(&g, "pass", 3, true);
	xscore_rule(&g, "fail", 1, false);	/* unscored */
	xscore_rule(&g, "notapplicable", 1, true);
	xscore_group(&b, &g, 0);		/* weight 0: default 0 */
	xscore_rule(&b, "pass", 0, true);
	ck_assert_double_eq(xscore_value(&b, ABS, &max), 1);
	ck_assert_double_eq(max, 1);
	ck_assert_double_eq(xscore_value(&b, XSCORE_DEFAULT, &max), 0);
	ck_assert_double_eq(xscore_value(&b, UNW, &max), 2);
	ck_assert_double_eq(max, 2);
}
END_TEST

START_TEST(test_score_known_models)
{
	ck_assert(xscore_known(XSCORE_DEFAULT));
	ck_assert(xscore_known(FLAT));
	ck_assert(xscore_known(UNW));
	ck_assert(xscore_known(ABS));
	ck_assert(!xscore_known("urn:xccdf:scoring:spaced"));
	ck_assert(!xscore_known("urn:example:custom"));
}
END_TEST

static Suite *
score_suite(void)
{
	Suite *s = suite_create("xccdf_score");
	TCase *tc = tcase_create("models");

	tcase_add_test(tc, test_score_every_rule_counts);
	tcase_add_test(tc, test_score_refined_unscored_and_unchecked_left_out);
	tcase_add_test(tc, test_score_results_that_do_not_count);
	tcase_add_test(tc, test_score_absolute_all_pass);
	tcase_add_test(tc, test_score_known_models);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return tu_run_suite(score_suite());
}
