/*
 * check_result.c -- statuses and evidence lists (result.c).
 *
 * status_all() and status_any() are the one `all`/`any` combinator: the
 * evaluator folds a rule's children with them and the probes fold their
 * files and lines with them, so their table is tested here once. Every
 * item of evidence is added as a violation or as context: the kind is an
 * argument of the call, never a later edit a probe could forget.
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

START_TEST(test_evlist_add_says_the_kind)
{
	struct evlist ev;
	struct result r;
	struct evidence *e;

	evlist_init(&ev, 0);
	e = evlist_add_violation(&ev, "/etc/x", 3, "mode %04o", 0666);
	ck_assert_int_eq(e->kind, EV_VIOLATION);
	ck_assert_str_eq(e->message, "mode 0666");
	ck_assert_str_eq(e->path, "/etc/x");
	ck_assert_uint_eq(e->line, 3);
	ck_assert_int_eq(e->layer, -1);
	e = evlist_add_context(&ev, NULL, 0, "%d found", 2);
	ck_assert_int_eq(e->kind, EV_CONTEXT);
	ck_assert_ptr_null(e->path);
	ck_assert_str_eq(e->message, "2 found");
	ck_assert_int_eq(evlist_add_kind(&ev, EV_CONTEXT, "/a", 0, "a")->kind,
	    EV_CONTEXT);
	ck_assert_int_eq(evlist_add_kind(&ev, EV_VIOLATION, "/b", 0,
	    "b")->kind, EV_VIOLATION);
	ck_assert_str_eq(evidence_kind_str(EV_CONTEXT), "context");
	ck_assert_str_eq(evidence_kind_str(EV_VIOLATION), "violation");
	/* Only the violations of a failure are findings. */
	memset(&r, 0, sizeof(r));
	r.status = ST_FAIL;
	r.ev = ev;
	ck_assert(result_is_finding(&r, 0));
	ck_assert(!result_is_finding(&r, 1));
	ck_assert(!result_is_finding(&r, 2));
	ck_assert(result_is_finding(&r, 3));
	ck_assert_uint_eq(result_nfindings(&r), 2);
	r.status = ST_PASS;
	ck_assert_uint_eq(result_nfindings(&r), 0);
	evlist_release(&r.ev);
}
END_TEST

START_TEST(test_evlist_cap_counts_what_it_drops)
{
	struct evlist ev;

	evlist_init(&ev, 2);
	ck_assert_ptr_nonnull(evlist_add_violation(&ev, NULL, 0, "1"));
	ck_assert_ptr_nonnull(evlist_add_context(&ev, NULL, 0, "2"));
	ck_assert_ptr_null(evlist_add_context(&ev, NULL, 0, "3"));
	ck_assert_ptr_null(evlist_add_violation(&ev, NULL, 0, "4"));
	ck_assert_ptr_null(evlist_add_kind(&ev, EV_CONTEXT, NULL, 0, "5"));
	ck_assert_uint_eq(ev.n, 2);
	ck_assert_uint_eq(ev.dropped, 3);
	evlist_release(&ev);
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

	tc = tcase_create("evidence");
	tcase_add_test(tc, test_evlist_add_says_the_kind);
	tcase_add_test(tc, test_evlist_cap_counts_what_it_drops);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return tu_run_suite(result_suite());
}
