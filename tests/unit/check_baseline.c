/*
 * check_baseline.c -- reading previous reports (JSON and SARIF, and the
 * reasons anything else is refused) and matching findings: new,
 * unchanged (despite moved lines), fixed, waived findings, errors.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "assay/baseline.h"
#include "assay/policy.h"
#include "assay/report.h"
#include "assay/util.h"
#include "assay/xmem.h"

#include "testutil.h"

static char *bad_dir;
static char *old_cwd;

static void
bad_setup(void)
{
	old_cwd = getcwd(NULL, 0);
	bad_dir = tu_srcpath("fixtures/baselines/bad");
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
	{ "not-json.json", "not-json.json:1:5: not valid JSON: '[' or '{' "
	    "expected near 'hello'" },
	{ "empty.json", "empty.json:1: not valid JSON: '[' or '{' expected "
	    "near end of file" },
	{ "array.json",
	    "array.json: not an assay JSON report or SARIF log" },
	{ "dup-key.json", "dup-key.json:2:7: not valid JSON: duplicate "
	    "object key near '\"tool\"'" },
	{ "other-tool.json", "other-tool.json: a JSON report not written by "
	    "assay (tool.name is not \"assay\")" },
	{ "no-results.json",
	    "no-results.json: the JSON report has no \"results\" array" },
	{ "bad-result.json", "bad-result.json: results[0]: expected an "
	    "object with \"rule\", \"status\" and an \"evidence\" array of "
	    "objects" },
	{ "bad-evidence.json", "bad-evidence.json: results[0]: expected an "
	    "object with \"rule\", \"status\" and an \"evidence\" array of "
	    "objects" },
	{ "other-tool.sarif", "other-tool.sarif: a SARIF log not written by "
	    "assay (runs[0].tool.driver.name is not \"assay\")" },
	{ "bad-fingerprint.sarif", "bad-fingerprint.sarif: runs[0].results[0]: "
	    "expected a \"ruleId\" and an assayFinding/v1 fingerprint" },
	{ "missing.json", "missing.json: No such file or directory" },
	{ ".", ".: not a regular file of at most 256 MiB" },
};

START_TEST(test_baseline_bad_input_says_why)
{
	struct diag *d = diag_new();

	ck_assert_ptr_null(baseline_load(bad[_i].file, d));
	ck_assert_uint_eq(diag_count(d), 1);
	ck_assert_str_eq(diag_text(d, 0), bad[_i].first);
	diag_free(d);
}
END_TEST

/* A plan of three rules and results set by hand, rendered to a report
 * and read back as a baseline. */
struct fx {
	char			*dir;
	struct policy_set	*ps;
	struct plan		*plan;
	struct result		 res[3];
	struct scan_report	 r;
};

static const char policy_yaml[] =
"policy: btest\n"
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
"    check: {file: {path: /c, exists: true}}\n"
"profiles:\n"
"  - id: only-a\n"
"    title: a only\n"
"    select: [a-one]\n";

static void
fx_results(struct fx *f)
{
	for (size_t i = 0; i < 3; i++) {
		result_release(&f->res[i]);
		memset(&f->res[i], 0, sizeof(f->res[i]));
		f->res[i].rule = plan_rule(f->plan, i);
		f->res[i].status = ST_PASS;
		evlist_init(&f->res[i].ev, 100);
	}
}

static void
fx_open(struct fx *f)
{
	struct diag *d = diag_new();
	char *pol;

	memset(f, 0, sizeof(*f));
	f->dir = tu_tmpdir();
	tu_write(f->dir, "p.yaml", policy_yaml, 0644);
	pol = path_join(f->dir, "p.yaml");
	f->ps = policy_set_new();
	ck_assert_int_eq(policy_load_path(f->ps, pol, &limits_default, d), 0);
	f->plan = policy_compile(f->ps, NULL, 0, NULL, 0, &limits_default, d);
	ck_assert_ptr_nonnull(f->plan);
	fx_results(f);
	f->r.tool_version = "0.1.0";
	f->r.target_path = "root";
	f->r.target_kind = "dir";
	f->r.plan = f->plan;
	f->r.results = f->res;
	f->r.nresults = 3;
	f->r.fail_on = SEV_HIGH;
	free(pol);
	diag_free(d);
}

static void
fx_close(struct fx *f)
{
	for (size_t i = 0; i < 3; i++)
		result_release(&f->res[i]);
	plan_free(f->plan);
	policy_set_free(f->ps);
	tu_rmtree(f->dir);
	free(f->dir);
}

/* Write the current results with OPS and load them as a baseline. */
static struct baseline *
fx_baseline(struct fx *f, const struct report_ops *ops)
{
	struct diag *d = diag_new();
	char *path = xasprintf("%s/prev.%s", f->dir, ops->name);
	FILE *fp = fopen(path, "w");
	struct baseline *b;

	ck_assert_ptr_nonnull(fp);
	scan_summarize(&f->r);
	ck_assert_int_eq(ops->write(&f->r, fp, d), 0);
	ck_assert_int_eq(fclose(fp), 0);
	b = baseline_load(path, d);
	if (b == NULL)
		ck_abort_msg("baseline: %s", diag_text(d, 0));
	ck_assert_str_eq(baseline_format(b), ops->name);
	free(path);
	diag_free(d);
	return b;
}

static const struct report_ops *const formats[] = {
	&report_json, &report_sarif,
};

START_TEST(test_baseline_marks_new_unchanged_and_fixed)
{
	struct fx f;
	struct baseline *b;
	const struct baseline_finding *fixed;

	fx_open(&f);
	f.res[0].status = ST_FAIL;
	evlist_add_violation(&f.res[0].ev, "/etc/x", 3, "mode 0666 at line 3");
	evlist_add_violation(&f.res[0].ev, "/etc/gone", 0, "bad");
	f.res[1].status = ST_FAIL;
	b = fx_baseline(&f, formats[_i]);

	/* Next scan: /etc/x moved lines and mode, /etc/gone fixed, b-two
	 * fixed, /etc/new new, c-three newly failing without evidence. */
	fx_results(&f);
	f.res[0].status = ST_FAIL;
	evlist_add_violation(&f.res[0].ev, "/etc/x", 40,
	    "mode 0777 at line 40");
	evlist_add_violation(&f.res[0].ev, "/etc/new", 1, "bad");
	f.res[2].status = ST_FAIL;
	baseline_apply(b, f.plan, f.res, 3);
	ck_assert_int_eq(f.res[0].ev.v[0].baseline, BASELINE_UNCHANGED);
	ck_assert_int_eq(f.res[0].ev.v[1].baseline, BASELINE_NEW);
	ck_assert_int_eq(f.res[0].baseline, BASELINE_NEW);
	ck_assert_int_eq(f.res[1].baseline, BASELINE_NONE);
	ck_assert_int_eq(f.res[2].baseline, BASELINE_NEW);
	ck_assert_uint_eq(baseline_new_count(b), 2);
	ck_assert_uint_eq(baseline_unchanged_count(b), 1);
	ck_assert_uint_eq(baseline_fixed_count(b), 2);
	fixed = baseline_fixed(b, 0);
	ck_assert_str_eq(fixed->rule, "a-one");
	ck_assert_str_eq(fixed->path, "/etc/gone");
	ck_assert_ptr_nonnull(strstr(fixed->message, "bad"));
	fixed = baseline_fixed(b, 1);
	ck_assert_str_eq(fixed->rule, "b-two");
	ck_assert_ptr_null(fixed->path);
	ck_assert_ptr_null(baseline_fixed(b, 2));
	baseline_free(b);
	fx_close(&f);
}
END_TEST

START_TEST(test_baseline_same_scan_is_all_unchanged)
{
	struct fx f;
	struct baseline *b;

	fx_open(&f);
	f.res[1].status = ST_FAIL;
	evlist_add_violation(&f.res[1].ev, "/b", 0, "/b does not exist");
	evlist_add_violation(&f.res[1].ev, "/b", 0, "second message of /b");
	b = fx_baseline(&f, formats[_i]);
	baseline_apply(b, f.plan, f.res, 3);
	ck_assert_int_eq(f.res[1].baseline, BASELINE_UNCHANGED);
	ck_assert_int_eq(f.res[1].ev.v[1].baseline, BASELINE_UNCHANGED);
	ck_assert_uint_eq(baseline_new_count(b), 0);
	ck_assert_uint_eq(baseline_unchanged_count(b), 1);
	ck_assert_uint_eq(baseline_fixed_count(b), 0);
	baseline_free(b);
	fx_close(&f);
}
END_TEST

START_TEST(test_baseline_waived_findings_are_not_live)
{
	struct fx f;
	struct baseline *b;
	const struct waiver *fake = (const struct waiver *)&f;

	fx_open(&f);
	/* The baseline holds /x only. */
	f.res[0].status = ST_FAIL;
	evlist_add_violation(&f.res[0].ev, "/x", 0, "old one");
	b = fx_baseline(&f, formats[_i]);
	evlist_release(&f.res[0].ev);
	evlist_init(&f.res[0].ev, 100);
	evlist_add_violation(&f.res[0].ev, "/w", 0,
	    "waived one")->waiver = fake;
	evlist_add_violation(&f.res[0].ev, "/x", 0, "old one");
	baseline_apply(b, f.plan, f.res, 3);
	ck_assert_int_eq(f.res[0].ev.v[0].baseline, BASELINE_NEW);
	/* The only new finding is waived: the result is not new. */
	ck_assert_int_eq(f.res[0].baseline, BASELINE_UNCHANGED);
	baseline_free(b);
	fx_close(&f);
}
END_TEST

START_TEST(test_baseline_remembers_errors)
{
	struct fx f;
	struct baseline *b;

	fx_open(&f);
	f.res[2].status = ST_ERROR;
	f.res[2].message = xstrdup("cannot read /c");
	b = fx_baseline(&f, formats[_i]);
	ck_assert(baseline_had_error(b, "c-three"));
	ck_assert(!baseline_had_error(b, "a-one"));
	baseline_free(b);
	fx_close(&f);
}
END_TEST

START_TEST(test_baseline_fixed_ignores_rules_not_in_plan)
{
	struct fx f;
	struct baseline *b;
	struct diag *d = diag_new();
	struct plan *one;
	const char *only[] = { "only-a" };

	fx_open(&f);
	f.res[1].status = ST_FAIL;
	b = fx_baseline(&f, formats[_i]);
	fx_results(&f);
	/* b-two is not evaluated by a plan of profile only-a: its finding
	 * is not "fixed". */
	one = policy_compile(f.ps, only, 1, NULL, 0, &limits_default, d);
	ck_assert_ptr_nonnull(one);
	ck_assert_uint_eq(plan_rule_count(one), 1);
	baseline_apply(b, one, f.res, 1);
	ck_assert_uint_eq(baseline_fixed_count(b), 0);
	plan_free(one);
	baseline_free(b);
	fx_close(&f);
	diag_free(d);
}
END_TEST

START_TEST(test_baseline_state_names)
{
	ck_assert_str_eq(baseline_state_str(BASELINE_NEW), "new");
	ck_assert_str_eq(baseline_state_str(BASELINE_UNCHANGED), "unchanged");
	ck_assert_str_eq(baseline_state_str(BASELINE_NONE), "none");
}
END_TEST

START_TEST(test_baseline_fingerprint_ignores_digits_not_paths)
{
	uint64_t a = result_fingerprint("r", "/etc/x", "mode 0644 line 3");

	ck_assert(a == result_fingerprint("r", "/etc/x", "mode 0777 line 9"));
	ck_assert(a != result_fingerprint("r", "/etc/x1", "mode 0644 line 3"));
	ck_assert(a != result_fingerprint("s", "/etc/x", "mode 0644 line 3"));
	/* Path and message do not run into each other. */
	ck_assert(result_fingerprint("r", "/a", "b") !=
	    result_fingerprint("r", "/ab", ""));
}
END_TEST

static Suite *
baseline_suite(void)
{
	Suite *s = suite_create("baseline");
	TCase *tc = tcase_create("load");
	size_t nf = sizeof(formats) / sizeof(formats[0]);

	tcase_add_checked_fixture(tc, bad_setup, bad_teardown);
	tcase_add_loop_test(tc, test_baseline_bad_input_says_why, 0,
	    sizeof(bad) / sizeof(bad[0]));
	suite_add_tcase(s, tc);
	tc = tcase_create("match");
	tcase_add_loop_test(tc, test_baseline_marks_new_unchanged_and_fixed, 0,
	    nf);
	tcase_add_loop_test(tc, test_baseline_same_scan_is_all_unchanged, 0,
	    nf);
	tcase_add_loop_test(tc, test_baseline_waived_findings_are_not_live, 0,
	    nf);
	tcase_add_loop_test(tc, test_baseline_remembers_errors, 0, nf);
	tcase_add_loop_test(tc, test_baseline_fixed_ignores_rules_not_in_plan,
	    0, nf);
	tcase_add_test(tc, test_baseline_state_names);
	tcase_add_test(tc, test_baseline_fingerprint_ignores_digits_not_paths);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return tu_run_suite(baseline_suite());
}
