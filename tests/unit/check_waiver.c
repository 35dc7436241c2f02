/*
 * check_waiver.c -- the waiver loader (strict, file:line:col) and how
 * waivers apply to results: whole results, path-scoped findings, expiry,
 * stale waivers, and what is never waived.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "assay/policy.h"
#include "assay/util.h"
#include "assay/waiver.h"
#include "assay/xmem.h"

#include "testutil.h"

static char *bad_dir;
static char *old_cwd;

static void
bad_setup(void)
{
	old_cwd = getcwd(NULL, 0);
	bad_dir = tu_srcpath("fixtures/waivers/bad");
	ck_assert_int_eq(chdir(bad_dir), 0);
}

static void
bad_teardown(void)
{
	ck_assert_int_eq(chdir(old_cwd), 0);
	free(old_cwd);
	free(bad_dir);
}

static const struct {
	const char *file, *first;
} bad[] = {
	{ "unknown-key.yaml",
	    "unknown-key.yaml:4:5: unknown key \"expiry\" in waiver (did you mean \"expires\"?)" },
	{ "no-justification.yaml", "no-justification.yaml:2:5: missing key "
	    "\"justification\" in waiver" },
	{ "empty-justification.yaml", "empty-justification.yaml:3:20: "
	    "justification: must not be empty" },
	{ "bad-date.yaml", "bad-date.yaml:4:14: expires: expected a date "
	    "YYYY-MM-DD, got \"2025-02-30\"" },
	{ "bad-date-format.yaml", "bad-date-format.yaml:4:14: expires: "
	    "expected a date YYYY-MM-DD, got \"31/12/2025\"" },
	{ "rule-not-string.yaml", "rule-not-string.yaml:2:11: rule: "
	    "expected a string, got a sequence" },
	{ "no-rule.yaml",
	    "no-rule.yaml:2:5: missing key \"rule\" in waiver" },
	{ "not-a-list.yaml", "not-a-list.yaml:2:3: waivers: expected a "
	    "sequence, got a mapping" },
	{ "top-typo.yaml",
	    "top-typo.yaml:1:1: unknown key \"waiver\" in waiver file (did you mean \"waivers\"?)" },
	{ "no-waivers.yaml",
	    "no-waivers.yaml:1:1: unknown key \"owner\" in waiver file" },
	{ "item-not-map.yaml", "item-not-map.yaml:2:5: waiver: expected a "
	    "mapping, got \"just a string\"" },
	{ "owner-not-string.yaml", "owner-not-string.yaml:4:12: owner: "
	    "expected a string, got a mapping" },
};

START_TEST(test_waiver_bad_input_names_file_line_col)
{
	struct diag *d = diag_new();

	ck_assert_ptr_null(waiver_load(bad[_i].file, &limits_default, d));
	ck_assert_uint_ge(diag_count(d), 1);
	ck_assert_str_eq(diag_text(d, 0), bad[_i].first);
	diag_free(d);
}
END_TEST

START_TEST(test_waiver_missing_list_is_reported)
{
	struct diag *d = diag_new();
	char *dir = tu_tmpdir();
	char *path = path_join(dir, "w.yaml");

	tu_write(dir, "w.yaml", "{}\n", 0644);
	ck_assert_ptr_null(waiver_load(path, &limits_default, d));
	ck_assert_ptr_nonnull(strstr(diag_text(d, 0),
	    ":1:1: missing key \"waivers\" in waiver file"));
	diag_free(d);
	free(path);
	tu_rmtree(dir);
	free(dir);
}
END_TEST

START_TEST(test_waiver_good_file_loads_every_field)
{
	struct diag *d = diag_new();
	char *path = tu_srcpath("fixtures/waivers/good.yaml");
	struct waiver_set *ws = waiver_load(path, &limits_default, d);
	const struct waiver *w;

	ck_assert_ptr_nonnull(ws);
	ck_assert_uint_eq(waiver_count(ws), 1);
	w = waiver_get(ws, 0);
	ck_assert_str_eq(w->rule, "b-*");
	ck_assert_ptr_null(w->path);
	ck_assert_str_eq(w->justification, "legacy host, replaced in Q3");
	ck_assert_str_eq(w->owner, "alice");
	ck_assert_str_eq(w->expires, "2030-01-01");
	ck_assert_str_eq(w->reference, "SEC-1");
	ck_assert_uint_eq(w->at.line, 3);
	ck_assert_str_eq(waiver_file(ws), path);
	waiver_set_free(ws);
	free(path);
	diag_free(d);
}
END_TEST

static const struct {
	const char *date;
	bool ok;
} dates[] = {
	{ "2024-02-29", true },
	{ "2000-02-29", true },
	{ "2025-12-31", true },
	{ "2023-02-29", false },
	{ "1900-02-29", false },
	{ "2025-04-31", false },
	{ "2025-13-01", false },
	{ "2025-00-10", false },
	{ "2025-1-01", false },
	{ "2025-01-01x", false },
	{ "+025-01-01", false },
	{ "abcd-ef-gh", false },
	{ "", false },
};

START_TEST(test_waiver_date_validation)
{
	ck_assert_int_eq(waiver_date_valid(dates[_i].date), dates[_i].ok);
}
END_TEST

START_TEST(test_waiver_today_honours_assay_now)
{
	struct diag *d = diag_new();
	char today[WAIVER_DATE_LEN];

	setenv("ASSAY_NOW", "2026-03-04", 1);
	ck_assert_int_eq(waiver_today(today, d), 0);
	ck_assert_str_eq(today, "2026-03-04");
	setenv("ASSAY_NOW", "tomorrow", 1);
	ck_assert_int_eq(waiver_today(today, d), -1);
	ck_assert_str_eq(diag_text(d, 0), "ASSAY_NOW: expected a date "
	    "YYYY-MM-DD or a UTC time YYYY-MM-DDTHH:MM:SSZ, got \"tomorrow\"");
	/* a UTC time: its date */
	setenv("ASSAY_NOW", "2026-03-04T23:59:59Z", 1);
	ck_assert_int_eq(waiver_today(today, d), 0);
	ck_assert_str_eq(today, "2026-03-04");
	unsetenv("ASSAY_NOW");
	ck_assert_int_eq(waiver_today(today, d), 0);
	ck_assert(waiver_date_valid(today));
	diag_free(d);
}
END_TEST


/* A plan of three rules (a-one, b-two, c-three) and results the tests
 * set by hand. */
struct fx {
	char			*dir;
	struct policy_set	*ps;
	struct plan		*plan;
	struct result		 res[3];
	struct waiver_set	*ws;
};

static const char policy_yaml[] =
"policy: wtest\n"
"rules:\n"
"  - id: a-one\n"
"    title: a\n"
"    severity: high\n"
"    check: {file: {path: /a, exists: true}}\n"
"  - id: b-two\n"
"    title: b\n"
"    severity: high\n"
"    check: {file: {path: /b, exists: true}}\n"
"  - id: c-three\n"
"    title: c\n"
"    severity: high\n"
"    check: {file: {path: /c, exists: true}}\n";

static void
fx_open(struct fx *f, const char *waivers_yaml)
{
	struct diag *d = diag_new();
	char *pol, *wf;

	memset(f, 0, sizeof(*f));
	f->dir = tu_tmpdir();
	tu_write(f->dir, "p.yaml", policy_yaml, 0644);
	tu_write(f->dir, "w.yaml", waivers_yaml, 0644);
	pol = path_join(f->dir, "p.yaml");
	wf = path_join(f->dir, "w.yaml");
	f->ps = policy_set_new();
	ck_assert_int_eq(policy_load_path(f->ps, pol, &limits_default, d), 0);
	f->plan = policy_compile(f->ps, NULL, 0, NULL, 0, &limits_default, d);
	ck_assert_ptr_nonnull(f->plan);
	f->ws = waiver_load(wf, &limits_default, d);
	if (f->ws == NULL)
		ck_abort_msg("waivers: %s", diag_text(d, 0));
	for (size_t i = 0; i < 3; i++) {
		f->res[i].rule = plan_rule(f->plan, i);
		f->res[i].status = ST_PASS;
		evlist_init(&f->res[i].ev, 100);
	}
	free(pol);
	free(wf);
	diag_free(d);
}

static void
fx_close(struct fx *f)
{
	for (size_t i = 0; i < 3; i++)
		result_release(&f->res[i]);
	waiver_set_free(f->ws);
	plan_free(f->plan);
	policy_set_free(f->ps);
	tu_rmtree(f->dir);
	free(f->dir);
}

static void
fail_with(struct result *r, const char *p1, const char *p2)
{
	r->status = ST_FAIL;
	if (p1 != NULL)
		evlist_add_violation(&r->ev, p1, 3, "bad thing in %s", p1);
	if (p2 != NULL)
		evlist_add_violation(&r->ev, p2, 0, "bad thing in %s", p2);
}

START_TEST(test_waiver_rule_wide_waives_whole_result)
{
	struct fx f;

	fx_open(&f, "waivers:\n  - rule: a-one\n    justification: ok\n");
	fail_with(&f.res[0], "/etc/x", "/etc/y");
	waiver_apply(f.ws, "2025-01-01", f.plan, f.res, 3);
	ck_assert_int_eq(f.res[0].status, ST_WAIVED);
	ck_assert_ptr_eq(f.res[0].waiver, waiver_get(f.ws, 0));
	ck_assert_ptr_eq(f.res[0].ev.v[1].waiver, waiver_get(f.ws, 0));
	ck_assert_uint_eq(f.res[0].ev.n, 2);
	ck_assert_int_eq(waiver_get(f.ws, 0)->state, WAIVER_APPLIED);
	ck_assert_uint_eq(waiver_get(f.ws, 0)->nwaived, 2);
	fx_close(&f);
}
END_TEST

START_TEST(test_waiver_path_scoped_leaves_other_findings_failing)
{
	struct fx f;

	fx_open(&f, "waivers:\n  - rule: a-one\n    path: /etc/x\n"
	    "    justification: ok\n");
	fail_with(&f.res[0], "/etc/x", "/etc/y");
	evlist_add_violation(&f.res[0].ev, "/etc/x", 9,
	    "second item of /etc/x");
	waiver_apply(f.ws, "2025-01-01", f.plan, f.res, 3);
	ck_assert_int_eq(f.res[0].status, ST_FAIL);
	ck_assert_ptr_null(f.res[0].waiver);
	ck_assert_ptr_eq(f.res[0].ev.v[0].waiver, waiver_get(f.ws, 0));
	ck_assert_ptr_null(f.res[0].ev.v[1].waiver);
	ck_assert_ptr_eq(f.res[0].ev.v[2].waiver, waiver_get(f.ws, 0));
	ck_assert_uint_eq(waiver_get(f.ws, 0)->nwaived, 1);
	fx_close(&f);
}
END_TEST

START_TEST(test_waiver_path_globs_covering_all_findings_waive)
{
	struct fx f;

	fx_open(&f, "waivers:\n  - rule: a-*\n    path: /etc/*\n"
	    "    justification: ok\n");
	fail_with(&f.res[0], "/etc/x", "/etc/sub/y");
	waiver_apply(f.ws, "2025-01-01", f.plan, f.res, 3);
	ck_assert_int_eq(f.res[0].status, ST_WAIVED);
	fx_close(&f);
}
END_TEST

START_TEST(test_waiver_path_scoped_never_covers_pathless_or_dropped)
{
	struct fx f;

	fx_open(&f, "waivers:\n  - rule: a-one\n    path: /etc/*\n"
	    "    justification: ok\n");
	fail_with(&f.res[0], "/etc/x", NULL);
	evlist_add_violation(&f.res[0].ev, NULL, 0, "no path here");
	fail_with(&f.res[1], NULL, NULL);
	waiver_apply(f.ws, "2025-01-01", f.plan, f.res, 3);
	ck_assert_int_eq(f.res[0].status, ST_FAIL);
	ck_assert_int_eq(f.res[1].status, ST_FAIL);
	fx_close(&f);
	/* Evidence dropped past the cap may hide other paths. */
	fx_open(&f, "waivers:\n  - rule: a-one\n    path: /etc/*\n"
	    "    justification: ok\n");
	fail_with(&f.res[0], "/etc/x", NULL);
	f.res[0].ev.dropped = 4;
	waiver_apply(f.ws, "2025-01-01", f.plan, f.res, 3);
	ck_assert_int_eq(f.res[0].status, ST_FAIL);
	fx_close(&f);
}
END_TEST

START_TEST(test_waiver_covers_result_without_evidence)
{
	struct fx f;

	fx_open(&f, "waivers:\n  - rule: b-two\n    justification: ok\n");
	fail_with(&f.res[1], NULL, NULL);
	waiver_apply(f.ws, "2025-01-01", f.plan, f.res, 3);
	ck_assert_int_eq(f.res[1].status, ST_WAIVED);
	ck_assert_uint_eq(waiver_get(f.ws, 0)->nwaived, 1);
	fx_close(&f);
}
END_TEST

START_TEST(test_waiver_expires_at_midnight_of_its_date)
{
	struct fx f;

	fx_open(&f, "waivers:\n  - rule: a-one\n    justification: ok\n"
	    "    expires: 2025-06-01\n");
	fail_with(&f.res[0], "/etc/x", NULL);
	waiver_apply(f.ws, "2025-05-31", f.plan, f.res, 3);
	ck_assert_int_eq(f.res[0].status, ST_WAIVED);
	fx_close(&f);

	fx_open(&f, "waivers:\n  - rule: a-one\n    justification: ok\n"
	    "    expires: 2025-06-01\n");
	fail_with(&f.res[0], "/etc/x", NULL);
	waiver_apply(f.ws, "2025-06-01", f.plan, f.res, 3);
	ck_assert_int_eq(f.res[0].status, ST_FAIL);
	ck_assert_ptr_null(f.res[0].ev.v[0].waiver);
	ck_assert_int_eq(waiver_get(f.ws, 0)->state, WAIVER_EXPIRED);
	ck_assert_ptr_nonnull(f.res[0].note);
	ck_assert_ptr_nonnull(strstr(f.res[0].note, "w.yaml:2 expired on "
	    "2025-06-01"));
	ck_assert_str_eq(f.res[0].note + strlen(f.res[0].note) -
	    strlen("expired on 2025-06-01"), "expired on 2025-06-01");
	ck_assert_int_eq(strncmp(f.res[0].note, "waiver at ", 10), 0);
	fx_close(&f);
}
END_TEST

START_TEST(test_waiver_live_one_wins_over_expired_one)
{
	struct fx f;

	fx_open(&f, "waivers:\n  - rule: a-one\n    justification: old\n"
	    "    expires: 2020-01-01\n  - rule: a-*\n    justification: new\n");
	fail_with(&f.res[0], "/etc/x", NULL);
	waiver_apply(f.ws, "2025-01-01", f.plan, f.res, 3);
	ck_assert_int_eq(f.res[0].status, ST_WAIVED);
	ck_assert_ptr_eq(f.res[0].waiver, waiver_get(f.ws, 1));
	ck_assert_ptr_null(f.res[0].note);
	ck_assert_int_eq(waiver_get(f.ws, 0)->state, WAIVER_EXPIRED);
	ck_assert_int_eq(waiver_get(f.ws, 1)->state, WAIVER_APPLIED);
	fx_close(&f);
}
END_TEST

START_TEST(test_waiver_stale_when_nothing_fails_or_no_rule)
{
	struct fx f;

	fx_open(&f, "waivers:\n  - rule: c-three\n    justification: a\n"
	    "  - rule: zz-nothing\n    justification: b\n"
	    "  - rule: a-one\n    path: /nope\n    justification: c\n");
	fail_with(&f.res[0], "/etc/x", NULL);
	waiver_apply(f.ws, "2025-01-01", f.plan, f.res, 3);
	ck_assert_int_eq(f.res[0].status, ST_FAIL);
	for (size_t i = 0; i < 3; i++)
		ck_assert_int_eq(waiver_get(f.ws, i)->state, WAIVER_STALE);
	ck_assert_uint_eq(waiver_get(f.ws, 0)->nrules, 1);
	ck_assert_uint_eq(waiver_get(f.ws, 1)->nrules, 0);
	ck_assert_str_eq(waiver_state_str(WAIVER_STALE), "stale");
	fx_close(&f);
}
END_TEST

START_TEST(test_waiver_never_touches_errors_or_passes)
{
	struct fx f;

	fx_open(&f, "waivers:\n  - rule: \"*\"\n    justification: all\n");
	f.res[0].status = ST_ERROR;
	evlist_add_violation(&f.res[0].ev, "/a", 0, "is a FIFO");
	evlist_add_violation(&f.res[1].ev, "/b", 0, "exists");
	waiver_apply(f.ws, "2025-01-01", f.plan, f.res, 3);
	ck_assert_int_eq(f.res[0].status, ST_ERROR);
	ck_assert_int_eq(f.res[1].status, ST_PASS);
	ck_assert_ptr_null(f.res[0].ev.v[0].waiver);
	ck_assert_int_eq(waiver_get(f.ws, 0)->state, WAIVER_STALE);
	ck_assert_uint_eq(waiver_get(f.ws, 0)->nrules, 3);
	fx_close(&f);
}
END_TEST

static Suite *
waiver_suite(void)
{
	Suite *s = suite_create("waiver");
	TCase *tc = tcase_create("load");

	tcase_add_checked_fixture(tc, bad_setup, bad_teardown);
	tcase_add_loop_test(tc, test_waiver_bad_input_names_file_line_col, 0,
	    sizeof(bad) / sizeof(bad[0]));
	suite_add_tcase(s, tc);
	tc = tcase_create("parse");
	tcase_add_test(tc, test_waiver_missing_list_is_reported);
	tcase_add_test(tc, test_waiver_good_file_loads_every_field);
	tcase_add_loop_test(tc, test_waiver_date_validation, 0,
	    sizeof(dates) / sizeof(dates[0]));
	tcase_add_test(tc, test_waiver_today_honours_assay_now);
	suite_add_tcase(s, tc);
	tc = tcase_create("apply");
	tcase_add_test(tc, test_waiver_rule_wide_waives_whole_result);
	tcase_add_test(tc,
	    test_waiver_path_scoped_leaves_other_findings_failing);
	tcase_add_test(tc, test_waiver_path_globs_covering_all_findings_waive);
	tcase_add_test(tc,
	    test_waiver_path_scoped_never_covers_pathless_or_dropped);
	tcase_add_test(tc, test_waiver_covers_result_without_evidence);
	tcase_add_test(tc, test_waiver_expires_at_midnight_of_its_date);
	tcase_add_test(tc, test_waiver_live_one_wins_over_expired_one);
	tcase_add_test(tc, test_waiver_stale_when_nothing_fails_or_no_rule);
	tcase_add_test(tc, test_waiver_never_touches_errors_or_passes);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return tu_run_suite(waiver_suite());
}
