/*
 * check_result.c -- statuses and evidence lists (result.c).
 *
 * status_all() and status_any() are the one `all`/`any` combinator: the
 * evaluator folds a rule's children with them and the probes fold their
 * files and lines with them, so their table is tested here once.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "assay/result.h"
#include "testutil.h"

#define P ST_PASS
#define F ST_FAIL
#define E ST_ERROR
#define NA ST_NOTAPPLICABLE
#define NC ST_NOTCHECKED

static const struct {
	enum status	a, b;
	enum status	all, any;
} pairs[] = {
	{ P, P, P, P },
	{ P, F, F, P },
	{ F, P, F, P },
	{ F, F, F, F },
	{ P, E, E, P },
	{ E, P, E, P },
	{ F, E, F, E },
	{ E, F, F, E },
	{ E, E, E, E },
	{ NA, P, P, P },
	{ NA, F, F, F },
	{ NA, E, E, E },
	{ P, NA, P, P },
	{ F, NA, F, F },
	{ NA, NA, NA, NA },
	/* Other statuses rank with notapplicable; on a tie A stays. */
	{ NA, NC, NA, NA },
	{ NC, NA, NC, NC },
	{ NC, P, P, P },
};

START_TEST(test_status_all_any_table)
{
	ck_assert_str_eq(status_str(status_all(pairs[_i].a, pairs[_i].b)),
	    status_str(pairs[_i].all));
	ck_assert_str_eq(status_str(status_any(pairs[_i].a, pairs[_i].b)),
	    status_str(pairs[_i].any));
}
END_TEST

/* Folding from notapplicable, as eval.c and the probes do. */
static const struct {
	size_t		n;
	enum status	v[4];
	enum status	all, any;
} folds[] = {
	{ 0, { P }, NA, NA },
	{ 3, { P, E, F }, F, P },
	{ 3, { NA, E, P }, E, P },
	{ 2, { NA, NA }, NA, NA },
	{ 4, { F, F, E, F }, F, E },
};

START_TEST(test_status_fold_from_notapplicable)
{
	enum status all = NA;
	enum status any = NA;

	for (size_t i = 0; i < folds[_i].n; i++) {
		all = status_all(all, folds[_i].v[i]);
		any = status_any(any, folds[_i].v[i]);
	}
	ck_assert_str_eq(status_str(all), status_str(folds[_i].all));
	ck_assert_str_eq(status_str(any), status_str(folds[_i].any));
}
END_TEST

static Suite *
result_suite(void)
{
	Suite *s = suite_create("result");
	TCase *tc = tcase_create("status");

	tcase_add_loop_test(tc, test_status_all_any_table, 0,
	    (int)(sizeof(pairs) / sizeof(pairs[0])));
	tcase_add_loop_test(tc, test_status_fold_from_notapplicable, 0,
	    (int)(sizeof(folds) / sizeof(folds[0])));
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return tu_run_suite(result_suite());
}
