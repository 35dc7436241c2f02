/*
 * check_tailoring.c -- the tailoring loader (strict, file:line:col), name
 * checks against the loaded policies, and the plan it produces: selection,
 * severities, variable precedence (profile < tailoring < --var).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "assay/policy.h"
#include "assay/tailoring.h"
#include "assay/util.h"

#include "testutil.h"

static char *fx_dir;
static char *old_cwd;

static void
fx_setup(void)
{
	old_cwd = getcwd(NULL, 0);
	fx_dir = tu_srcpath("fixtures/tailoring");
	ck_assert_int_eq(chdir(fx_dir), 0);
}

static void
fx_teardown(void)
{
	ck_assert_int_eq(chdir(old_cwd), 0);
	free(old_cwd);
	free(fx_dir);
}

static const struct {
	const char *file, *first;
} bad[] = {
	{ "bad/no-reason.yaml",
	    "bad/no-reason.yaml:2:3: missing key \"reason\" in tailoring" },
	{ "bad/no-extends.yaml",
	    "bad/no-extends.yaml:2:3: missing key \"extends\" in tailoring" },
	{ "bad/no-head.yaml", "bad/no-head.yaml:1:1: missing key "
	    "\"tailoring\" in tailoring file" },
	{ "bad/head-unknown-key.yaml", "bad/head-unknown-key.yaml:5:3: "
	    "unknown key \"author\" in tailoring" },
	{ "bad/top-typo.yaml", "bad/top-typo.yaml:5:1: unknown key "
	    "\"enabled\" in tailoring file (did you mean \"enable\"?)" },
	{ "bad/disable-no-reason.yaml", "bad/disable-no-reason.yaml:6:5: "
	    "missing key \"reason\" in disable item" },
	{ "bad/disable-not-list.yaml", "bad/disable-not-list.yaml:5:10: "
	    "disable: expected a sequence, got \"fs-var\"" },
	{ "bad/bad-severity.yaml", "bad/bad-severity.yaml:7:15: severity: "
	    "expected info, low, medium, high or critical, got \"urgent\"" },
	{ "bad/severity-missing.yaml", "bad/severity-missing.yaml:6:5: "
	    "missing key \"severity\" in severity item" },
	{ "bad/vars-not-map.yaml", "bad/vars-not-map.yaml:5:12: variables: "
	    "expected a mapping, got a sequence" },
	{ "bad/var-not-scalar.yaml", "bad/var-not-scalar.yaml:6:10: tries: "
	    "expected a string, got a sequence" },
	{ "bad/empty-reason.yaml",
	    "bad/empty-reason.yaml:4:11: reason: must not be empty" },
	{ "bad/enable-unknown-key.yaml", "bad/enable-unknown-key.yaml:6:20: "
	    "unknown key \"why\" in enable item" },
};

START_TEST(test_tailoring_bad_input_names_file_line_col)
{
	struct diag *d = diag_new();

	ck_assert_ptr_null(tailoring_load(bad[_i].file, &limits_default, d));
	ck_assert_uint_ge(diag_count(d), 1);
	ck_assert_str_eq(diag_text(d, 0), bad[_i].first);
	diag_free(d);
}
END_TEST

static struct policy_set *
load_policy(struct diag *d)
{
	struct policy_set *ps = policy_set_new();

	ck_assert_int_eq(policy_load_path(ps, "policy.yaml", &limits_default,
	    d), 0);
	ck_assert_int_eq(policy_set_check(ps, d), 0);
	return ps;
}

static const struct {
	const char *file, *first;
} unknown[] = {
	{ "unknown/profile.yaml",
	    "unknown/profile.yaml:3:12: extends: unknown profile \"nope\" "
	    "(`assay profiles` lists them)" },
	{ "unknown/enable-id.yaml",
	    "unknown/enable-id.yaml:5:10: enable: unknown rule \"ssh-rot\"" },
	{ "unknown/disable-glob.yaml", "unknown/disable-glob.yaml:6:11: "
	    "disable: \"net-*\" matches no rule" },
	{ "unknown/severity-glob.yaml", "unknown/severity-glob.yaml:6:11: "
	    "severity: unknown rule \"ssh-*\"" },
	{ "unknown/variable.yaml", "unknown/variable.yaml:6:3: variables: "
	    "unknown variable \"retries\"" },
};

START_TEST(test_tailoring_unknown_names_are_errors_at_their_position)
{
	struct diag *d = diag_new();
	struct policy_set *ps = load_policy(d);
	struct tailoring *t = tailoring_load(unknown[_i].file,
	    &limits_default, d);

	ck_assert_ptr_nonnull(t);
	ck_assert_int_eq(tailoring_check(t, ps, d), -1);
	ck_assert_str_eq(diag_text(d, 0), unknown[_i].first);
	tailoring_free(t);
	policy_set_free(ps);
	diag_free(d);
}
END_TEST

START_TEST(test_tailoring_records_every_change_with_reason)
{
	struct diag *d = diag_new();
	struct tailoring *t = tailoring_load("good.yaml", &limits_default, d);
	const struct tailoring_info *ti;

	ck_assert_ptr_nonnull(t);
	ti = tailoring_info(t);
	ck_assert_str_eq(ti->id, "acme");
	ck_assert_str_eq(ti->title, "ACME servers");
	ck_assert_str_eq(ti->extends, "base");
	ck_assert_str_eq(ti->reason, "ACME runs sshd on a bastion only");
	ck_assert_str_eq(ti->file, "good.yaml");
	ck_assert_uint_eq(ti->nchanges, 6);
	ck_assert_int_eq(ti->changes[0].kind, TAILOR_ENABLE);
	ck_assert_str_eq(ti->changes[0].target, "fs-*");
	ck_assert_ptr_null(ti->changes[0].reason);
	ck_assert_str_eq(ti->changes[1].reason, "keep it");
	ck_assert_int_eq(ti->changes[2].kind, TAILOR_DISABLE);
	ck_assert_str_eq(ti->changes[2].reason,
	    "/var is a separate volume checked elsewhere");
	ck_assert_uint_eq(ti->changes[2].at.line, 11);
	ck_assert_int_eq(ti->changes[4].kind, TAILOR_SEVERITY);
	ck_assert_str_eq(ti->changes[4].value, "critical");
	ck_assert_int_eq(ti->changes[5].kind, TAILOR_VARIABLE);
	ck_assert_str_eq(ti->changes[5].target, "tries");
	ck_assert_str_eq(ti->changes[5].value, "3");
	ck_assert_str_eq(tailor_kind_str(TAILOR_VARIABLE), "variable");
	tailoring_free(t);
	diag_free(d);
}
END_TEST

/* Compile with good.yaml and the --var overrides OV. */
static struct plan *
compile(struct policy_set *ps, struct tailoring *t,
    const struct var_override *ov, size_t nov, struct diag *d)
{
	const char *ids[] = { tailoring_info(t)->extends };
	struct plan_tailor pt;
	struct plan *p;

	ck_assert_int_eq(tailoring_check(t, ps, d), 0);
	tailoring_plan_tailor(t, &pt);
	p = policy_compile_tailored(ps, ids, 1, &pt, ov, nov,
	    &limits_default, d);
	ck_assert_ptr_nonnull(p);
	ck_assert_int_eq(tailoring_apply_severity(t, p, d), 0);
	return p;
}

static const char *
var_value(const struct plan *p, const char *name)
{
	for (size_t i = 0; i < plan_var_count(p); i++) {
		const char *n, *v;

		plan_var(p, i, &n, &v);
		if (strcmp(n, name) == 0)
			return v;
	}
	return NULL;
}

START_TEST(test_tailoring_selection_severity_and_variables)
{
	struct diag *d = diag_new();
	struct policy_set *ps = load_policy(d);
	struct tailoring *t = tailoring_load("good.yaml", &limits_default, d);
	struct plan *p = compile(ps, t, NULL, 0, d);

	/* base = ssh-*; + fs-*, + ssh-root; - fs-var, - ssh-root. */
	ck_assert_uint_eq(plan_rule_count(p), 2);
	ck_assert_str_eq(plan_rule(p, 0)->id, "ssh-tries");
	ck_assert_str_eq(plan_rule(p, 1)->id, "fs-tmp");
	ck_assert_int_eq(plan_rule_severity(p, 0), SEV_CRITICAL);
	/* The shared rule keeps its own severity. */
	ck_assert_int_eq(plan_rule(p, 0)->severity, SEV_MEDIUM);
	ck_assert_int_eq(plan_rule_severity(p, 1), SEV_LOW);
	/* Profile says 5, the tailoring 3. */
	ck_assert_str_eq(var_value(p, "tries"), "3");
	ck_assert_uint_eq(plan_profile_count(p), 1);
	ck_assert_str_eq(plan_profile(p, 0)->id, "base");
	plan_free(p);
	tailoring_free(t);
	policy_set_free(ps);
	diag_free(d);
}
END_TEST

START_TEST(test_tailoring_var_override_beats_tailoring)
{
	struct diag *d = diag_new();
	struct policy_set *ps = load_policy(d);
	struct tailoring *t = tailoring_load("good.yaml", &limits_default, d);
	struct var_override ov = { "tries", "9" };
	struct plan *p = compile(ps, t, &ov, 1, d);

	ck_assert_str_eq(var_value(p, "tries"), "9");
	plan_free(p);
	tailoring_free(t);
	policy_set_free(ps);
	diag_free(d);
}
END_TEST

START_TEST(test_tailoring_disable_wins_over_enable)
{
	struct diag *d = diag_new();
	struct tailoring *t = tailoring_load("good.yaml", &limits_default, d);

	ck_assert(!tailoring_selects(t, "ssh-root", true));
	ck_assert(!tailoring_selects(t, "fs-var", false));
	ck_assert(tailoring_selects(t, "fs-tmp", false));
	ck_assert(tailoring_selects(t, "ssh-tries", true));
	ck_assert(!tailoring_selects(t, "other", false));
	tailoring_free(t);
	diag_free(d);
}
END_TEST

START_TEST(test_tailoring_plain_compile_keeps_rule_severity)
{
	struct diag *d = diag_new();
	struct policy_set *ps = load_policy(d);
	struct plan *p = policy_compile(ps, NULL, 0, NULL, 0, &limits_default,
	    d);

	ck_assert_uint_eq(plan_rule_count(p), 4);
	ck_assert_int_eq(plan_rule_severity(p, 0), SEV_HIGH);
	plan_set_rule_severity(p, 0, SEV_INFO);
	ck_assert_int_eq(plan_rule_severity(p, 0), SEV_INFO);
	ck_assert_int_eq(plan_rule(p, 0)->severity, SEV_HIGH);
	ck_assert(policy_has_var(ps, "tries"));
	ck_assert(!policy_has_var(ps, "retries"));
	plan_free(p);
	policy_set_free(ps);
	diag_free(d);
}
END_TEST

/* A severity change for a rule outside the tailored profile would do
 * nothing: an error at the change, unless the tailoring enables it. */
START_TEST(test_tailoring_severity_of_unselected_rule_is_an_error)
{
	struct diag *d = diag_new();
	struct policy_set *ps = load_policy(d);
	struct tailoring *t = tailoring_load(
	    "unselected/severity-off-profile.yaml", &limits_default, d);
	const char *ids[] = { "base" };
	struct plan_tailor pt;
	struct plan *p;

	ck_assert_ptr_nonnull(t);
	ck_assert_int_eq(tailoring_check(t, ps, d), 0);
	tailoring_plan_tailor(t, &pt);
	p = policy_compile_tailored(ps, ids, 1, &pt, NULL, 0,
	    &limits_default, d);
	ck_assert_ptr_nonnull(p);
	ck_assert_int_eq(tailoring_apply_severity(t, p, d), -1);
	ck_assert_str_eq(diag_text(d, 0), "unselected/severity-off-profile."
	    "yaml:8:11: severity: rule \"fs-tmp\" is not in profile \"base\" "
	    "(enable it in this tailoring to re-rate it)");
	plan_free(p);
	tailoring_free(t);
	policy_set_free(ps);
	diag_free(d);
}
END_TEST

START_TEST(test_tailoring_severity_of_enabled_rule_applies)
{
	struct diag *d = diag_new();
	struct policy_set *ps = load_policy(d);
	struct tailoring *t = tailoring_load(
	    "unselected/severity-enabled.yaml", &limits_default, d);
	struct plan *p;
	bool seen = false;

	ck_assert_ptr_nonnull(t);
	p = compile(ps, t, NULL, 0, d);
	for (size_t i = 0; i < plan_rule_count(p); i++)
		if (strcmp(plan_rule(p, i)->id, "fs-tmp") == 0) {
			ck_assert_int_eq(plan_rule_severity(p, i),
			    SEV_CRITICAL);
			seen = true;
		}
	ck_assert(seen);
	plan_free(p);
	tailoring_free(t);
	policy_set_free(ps);
	diag_free(d);
}
END_TEST

static Suite *
tailoring_suite(void)
{
	Suite *s = suite_create("tailoring");
	TCase *tc = tcase_create("tailoring");

	tcase_add_checked_fixture(tc, fx_setup, fx_teardown);
	tcase_add_loop_test(tc, test_tailoring_bad_input_names_file_line_col,
	    0, sizeof(bad) / sizeof(bad[0]));
	tcase_add_loop_test(tc,
	    test_tailoring_unknown_names_are_errors_at_their_position, 0,
	    sizeof(unknown) / sizeof(unknown[0]));
	tcase_add_test(tc, test_tailoring_records_every_change_with_reason);
	tcase_add_test(tc, test_tailoring_selection_severity_and_variables);
	tcase_add_test(tc, test_tailoring_var_override_beats_tailoring);
	tcase_add_test(tc, test_tailoring_disable_wins_over_enable);
	tcase_add_test(tc, test_tailoring_plain_compile_keeps_rule_severity);
	tcase_add_test(tc,
	    test_tailoring_severity_of_unselected_rule_is_an_error);
	tcase_add_test(tc, test_tailoring_severity_of_enabled_rule_applies);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return tu_run_suite(tailoring_suite());
}
