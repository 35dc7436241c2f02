/*
 * check_scan.c -- the whole scan pipeline in process (engine/scan.c):
 * verdict counts, the --fail-on gate, waivers and baseline applied in
 * order, the error kinds the CLI maps to exit codes, and the progress
 * callback an image target calls instead of printing.
 *
 * The fixture roots are the ones the e2e tests scan: specs under
 * fixtures/roots/ built by fixtures/mkroot.sh (needs root, like those
 * tests) once per test case into a fresh temp dir.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "assay/report.h"
#include "assay/scan.h"
#include "assay/target.h"
#include "assay/xmem.h"
#include "testutil.h"

static char *tmp;

/* Build fixtures/roots/SPEC into TMP/NAME with mkroot.sh. */
static void
mkroot(const char *spec, const char *name)
{
	char *sh = tu_srcpath("fixtures/mkroot.sh");
	char *sp = tu_srcpath(spec);
	char *cmd = xasprintf("sh '%s' '%s' '%s/%s'", sh, sp, tmp, name);

	ck_assert_msg(system(cmd) == 0, "%s failed", cmd);
	free(cmd);
	free(sp);
	free(sh);
}

static void
roots_setup(void)
{
	tmp = tu_tmpdir();
	mkroot("fixtures/roots/base.spec", "base");
	mkroot("fixtures/roots/fail/sshd-max-auth-tries.spec", "fail");
}

static void
tmp_setup(void)
{
	tmp = tu_tmpdir();
}

static void
tmp_teardown(void)
{
	tu_rmtree(tmp);
	free(tmp);
	tmp = NULL;
}

/* A scan of TMP/ROOT with the pack at SRCDIR/PACK (or the file PACK
 * under TMP when LOCAL). */
struct fx {
	struct scan_options	 o;
	struct scan_report	 r;
	struct diag		*d;
	char			*pack;
	char			*target;
	const char		*policies[1];
};

static void
fx_init(struct fx *f, const char *pack, bool local, const char *root)
{
	memset(f, 0, sizeof(*f));
	scan_options_init(&f->o);
	f->d = diag_new();
	f->pack = local ? xasprintf("%s/%s", tmp, pack) : tu_srcpath(pack);
	f->target = xasprintf("%s/%s", tmp, root);
	f->policies[0] = f->pack;
	f->o.policies = f->policies;
	f->o.npolicies = 1;
	f->o.target = f->target;
}

static void
fx_release(struct fx *f)
{
	scan_report_release(&f->r);
	diag_free(f->d);
	free(f->pack);
	free(f->target);
}

static enum scan_rc
fx_run(struct fx *f)
{
	enum scan_rc rc = scan_run(&f->o, &f->r, f->d);

	if (rc == SCAN_OK)
		ck_assert_uint_eq(diag_count(f->d), 0);
	return rc;
}

/* The index of the result of rule ID, failing the test when none. */
static size_t
result_of(const struct scan_report *r, const char *id)
{
	for (size_t i = 0; i < r->nresults; i++)
		if (strcmp(plan_rule(r->plan, i)->id, id) == 0)
			return i;
	ck_abort_msg("no result for %s", id);
	return 0;
}

/* --- a fixture root and the linux-baseline pack ------------------- */

START_TEST(test_scan_base_root_passes_every_checked_rule)
{
	struct fx f;

	fx_init(&f, "policies/linux-baseline", false, "base");
	ck_assert_int_eq(fx_run(&f), SCAN_OK);
	ck_assert_str_eq(f.r.target_kind, "dir");
	ck_assert_uint_gt(f.r.nresults, 0);
	ck_assert_uint_eq(f.r.nresults, plan_rule_count(f.r.plan));
	ck_assert_uint_eq(f.r.sum.total, f.r.nresults);
	ck_assert_uint_eq(f.r.sum.count[ST_FAIL], 0);
	ck_assert_uint_eq(f.r.sum.count[ST_ERROR], 0);
	ck_assert_uint_eq(f.r.sum.count[ST_WAIVED], 0);
	ck_assert_uint_gt(f.r.sum.count[ST_PASS], 0);
	ck_assert_uint_eq(f.r.sum.count[ST_PASS] +
	    f.r.sum.count[ST_NOTCHECKED] + f.r.sum.count[ST_NOTAPPLICABLE],
	    f.r.nresults);
	ck_assert(!scan_gate_fails(&f.r));
	ck_assert_int_eq(f.r.exit_code, 0);
	ck_assert_ptr_nonnull(f.r.started);
	ck_assert_ptr_nonnull(f.r.finished);
	fx_release(&f);
}
END_TEST

/* sshd-max-auth-tries is a medium rule: it fails the gate at medium and
 * below, not at high (the default) or with none. */
static const struct {
	int	 fail_on;
	bool	 gates;
} fail_rows[] = {
	{ SEV_LOW, true },
	{ SEV_MEDIUM, true },
	{ SEV_HIGH, false },
	{ SEV_CRITICAL, false },
	{ -1, false },
};

START_TEST(test_scan_one_failing_rule_gates_by_severity)
{
	struct fx f;
	size_t i;

	fx_init(&f, "policies/linux-baseline", false, "fail");
	f.o.fail_on = fail_rows[_i].fail_on;
	ck_assert_int_eq(fx_run(&f), SCAN_OK);
	ck_assert_uint_eq(f.r.sum.count[ST_FAIL], 1);
	ck_assert_uint_eq(f.r.sum.fail_by_sev[SEV_MEDIUM], 1);
	ck_assert_uint_eq(f.r.sum.count[ST_ERROR], 0);
	i = result_of(&f.r, "sshd-max-auth-tries");
	ck_assert_int_eq(f.r.results[i].status, ST_FAIL);
	ck_assert_int_eq(scan_severity(&f.r, i), SEV_MEDIUM);
	ck_assert(scan_gates(&f.r, i) == fail_rows[_i].gates);
	ck_assert(scan_gate_fails(&f.r) == fail_rows[_i].gates);
	ck_assert_int_eq(f.r.exit_code, fail_rows[_i].gates ? 1 : 0);
	fx_release(&f);
}
END_TEST

/* Waivers come before the gate: the waived result no longer fails. */
START_TEST(test_scan_waiver_takes_the_failure_off_the_gate)
{
	struct fx f;
	char *w = xasprintf("%s/w.yaml", tmp);

	tu_write(tmp, "w.yaml", "waivers:\n  - rule: sshd-max-auth-tries\n"
	    "    justification: bastion only\n", 0644);
	fx_init(&f, "policies/linux-baseline", false, "fail");
	f.o.fail_on = SEV_LOW;
	f.o.waivers = w;
	ck_assert_int_eq(fx_run(&f), SCAN_OK);
	ck_assert_uint_eq(f.r.sum.count[ST_FAIL], 0);
	ck_assert_uint_eq(f.r.sum.count[ST_WAIVED], 1);
	ck_assert_ptr_nonnull(f.r.waivers);
	ck_assert(!scan_gate_fails(&f.r));
	ck_assert_int_eq(f.r.exit_code, 0);
	fx_release(&f);
	free(w);
}
END_TEST

/* A JSON report of the failing root, read back as the baseline: nothing
 * is new, so --fail-on-new passes while the plain gate still fails. */
START_TEST(test_scan_baseline_of_itself_has_nothing_new)
{
	char *json = xasprintf("%s/base.json", tmp);
	struct fx f;
	FILE *fp;

	fx_init(&f, "policies/linux-baseline", false, "fail");
	f.o.fail_on = SEV_LOW;
	ck_assert_int_eq(fx_run(&f), SCAN_OK);
	fp = fopen(json, "w");
	ck_assert_ptr_nonnull(fp);
	ck_assert_int_eq(report_json.write(&f.r, fp, f.d), 0);
	ck_assert_int_eq(fclose(fp), 0);
	fx_release(&f);

	fx_init(&f, "policies/linux-baseline", false, "fail");
	f.o.fail_on = SEV_LOW;
	f.o.baseline = json;
	f.o.fail_on_new = true;
	ck_assert_int_eq(fx_run(&f), SCAN_OK);
	ck_assert_uint_eq(f.r.sum.count[ST_FAIL], 1);
	ck_assert_int_eq(f.r.results[result_of(&f.r,
	    "sshd-max-auth-tries")].baseline, BASELINE_UNCHANGED);
	ck_assert(!scan_gate_fails(&f.r));
	ck_assert_int_eq(f.r.exit_code, 0);
	f.r.fail_on_new = false;
	ck_assert(scan_gate_fails(&f.r));
	fx_release(&f);
	free(json);
}
END_TEST

/* --- a pack of the test's own: exact counts ----------------------- */

static const char pack_yaml[] =
	"policy: scantest\n"
	"rules:\n"
	"  - id: has-passwd\n"
	"    title: t\n"
	"    severity: high\n"
	"    check: {file: {path: /etc/passwd, exists: true}}\n"
	"  - id: no-shadow\n"
	"    title: t\n"
	"    severity: high\n"
	"    check: {file: {path: /etc/shadow, exists: true}}\n"
	"  - id: no-group\n"
	"    title: t\n"
	"    severity: low\n"
	"    check: {file: {path: /etc/group, exists: true}}\n"
	"  - id: by-hand\n"
	"    title: t\n"
	"    severity: critical\n"
	"    manual: look at it\n";

START_TEST(test_scan_counts_every_status_of_a_small_pack)
{
	struct fx f;

	tu_write(tmp, "root/etc/passwd", "root:x:0:0::/root:/bin/sh\n",
	    0644);
	tu_write(tmp, "p.yaml", pack_yaml, 0644);
	fx_init(&f, "p.yaml", true, "root");
	ck_assert_int_eq(fx_run(&f), SCAN_OK);
	ck_assert_uint_eq(f.r.nresults, 4);
	ck_assert_uint_eq(f.r.sum.total, 4);
	ck_assert_uint_eq(f.r.sum.count[ST_PASS], 1);
	ck_assert_uint_eq(f.r.sum.count[ST_FAIL], 2);
	ck_assert_uint_eq(f.r.sum.count[ST_NOTCHECKED], 1);
	ck_assert_uint_eq(f.r.sum.fail_by_sev[SEV_HIGH], 1);
	ck_assert_uint_eq(f.r.sum.fail_by_sev[SEV_LOW], 1);
	ck_assert(scan_gates(&f.r, result_of(&f.r, "no-shadow")));
	ck_assert(!scan_gates(&f.r, result_of(&f.r, "no-group")));
	ck_assert(!scan_gates(&f.r, result_of(&f.r, "by-hand")));
	ck_assert_int_eq(f.r.exit_code, 1);
	fx_release(&f);
}
END_TEST

/* --- errors: which phase failed, and why -------------------------- */

START_TEST(test_scan_missing_pack_is_a_policy_error)
{
	struct fx f;

	tu_mkdir(tmp, "root", 0755);
	fx_init(&f, "nosuch.yaml", true, "root");
	ck_assert_int_eq(scan_run(&f.o, &f.r, f.d), SCAN_ERR_POLICY);
	ck_assert_uint_ge(diag_count(f.d), 1);
	ck_assert_ptr_nonnull(strstr(diag_text(f.d, 0), "nosuch.yaml"));
	ck_assert_ptr_null(f.r.results);
	ck_assert_ptr_null(f.r.state);
	ck_assert_str_eq(scan_rc_str(SCAN_ERR_POLICY), "policy error");
	fx_release(&f);
}
END_TEST

START_TEST(test_scan_missing_target_is_a_target_error)
{
	struct fx f;

	tu_write(tmp, "p.yaml", pack_yaml, 0644);
	fx_init(&f, "p.yaml", true, "nosuch");
	ck_assert_int_eq(scan_run(&f.o, &f.r, f.d), SCAN_ERR_TARGET);
	ck_assert_uint_eq(diag_count(f.d), 1);
	ck_assert_ptr_nonnull(strstr(diag_text(f.d, 0), f.target));
	ck_assert_ptr_null(f.r.results);
	fx_release(&f);
}
END_TEST

START_TEST(test_scan_bad_waiver_file_is_a_policy_error)
{
	char *w = xasprintf("%s/w.yaml", tmp);
	struct fx f;

	tu_mkdir(tmp, "root", 0755);
	tu_write(tmp, "p.yaml", pack_yaml, 0644);
	tu_write(tmp, "w.yaml", "waivers:\n  - rule: nosuch-rule\n"
	    "    justification: j\n", 0644);
	fx_init(&f, "p.yaml", true, "root");
	f.o.waivers = w;
	ck_assert_int_eq(scan_run(&f.o, &f.r, f.d), SCAN_ERR_POLICY);
	ck_assert_ptr_nonnull(strstr(diag_text(f.d, 0), "nosuch-rule"));
	fx_release(&f);
	free(w);
}
END_TEST

/* --- progress goes to the callback, never to the terminal --------- */

struct progress_log {
	size_t	updates;
	size_t	dones;
	int	first_layer;
	size_t	nlayers;
	bool	done_last;
};

static void
log_progress(const struct target_progress *p, void *arg)
{
	struct progress_log *l = arg;

	if (p->done)
		l->dones++;
	else {
		if (l->updates++ == 0)
			l->first_layer = p->layer;
		l->nlayers = p->nlayers;
	}
	l->done_last = p->done;
}

static const struct tu_ent layer1[] = {
	{ 'd', "etc", NULL, 0755, 0 },
	{ 'f', "etc/passwd", "root:x:0:0::/root:/bin/sh\n", 0644, 0 },
	{ 0, NULL, NULL, 0, 0 },
};
static const struct tu_ent layer2[] = {
	{ 'f', "etc/group", "root:x:0:\n", 0644, 0 },
	{ 0, NULL, NULL, 0, 0 },
};

START_TEST(test_scan_image_reports_progress_through_the_callback)
{
	const struct tu_layer layers[] = {
		{ layer1, "ADD rootfs /" },
		{ layer2, "RUN addgroup" },
	};
	char *img = tu_write_image(tmp, "img.tar", layers, 2);
	struct progress_log log;
	struct fx f;

	memset(&log, 0, sizeof(log));
	tu_write(tmp, "p.yaml", pack_yaml, 0644);
	fx_init(&f, "p.yaml", true, "img.tar");
	f.o.progress = log_progress;
	f.o.progress_arg = &log;
	ck_assert_int_eq(fx_run(&f), SCAN_OK);
	ck_assert_str_eq(f.r.target_kind, "docker-archive");
	/* the first update comes with the first bytes of layer 1; later
	 * ones every PROGRESS_STEP bytes (image_layers.c) */
	ck_assert_uint_ge(log.updates, 1);
	ck_assert_int_eq(log.first_layer, 1);
	ck_assert_uint_eq(log.nlayers, 2);
	ck_assert_uint_eq(log.dones, 1);
	ck_assert(log.done_last);
	/* the image's files were read: passwd and group pass now */
	ck_assert_uint_eq(f.r.sum.count[ST_PASS], 2);
	ck_assert_uint_eq(f.r.sum.count[ST_FAIL], 1);
	fx_release(&f);
	free(img);
}
END_TEST

START_TEST(test_scan_directory_never_calls_progress)
{
	struct progress_log log;
	struct fx f;

	memset(&log, 0, sizeof(log));
	tu_mkdir(tmp, "root/etc", 0755);
	tu_write(tmp, "p.yaml", pack_yaml, 0644);
	fx_init(&f, "p.yaml", true, "root");
	f.o.progress = log_progress;
	f.o.progress_arg = &log;
	ck_assert_int_eq(fx_run(&f), SCAN_OK);
	ck_assert_uint_eq(log.updates + log.dones, 0);
	fx_release(&f);
}
END_TEST

START_TEST(test_scan_release_accepts_a_zeroed_report)
{
	struct scan_report r;

	memset(&r, 0, sizeof(r));
	scan_report_release(&r);
	scan_report_release(&r);
	ck_assert_ptr_null(r.state);
}
END_TEST

static Suite *
scan_suite(void)
{
	Suite *s = suite_create("scan");
	TCase *tc = tcase_create("fixture-roots");

	/* mkroot.sh runs once for the case, outside the forked tests */
	tcase_add_unchecked_fixture(tc, roots_setup, tmp_teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_scan_base_root_passes_every_checked_rule);
	tcase_add_loop_test(tc, test_scan_one_failing_rule_gates_by_severity,
	    0, sizeof(fail_rows) / sizeof(fail_rows[0]));
	tcase_add_test(tc, test_scan_waiver_takes_the_failure_off_the_gate);
	tcase_add_test(tc, test_scan_baseline_of_itself_has_nothing_new);
	suite_add_tcase(s, tc);
	tc = tcase_create("pipeline");
	tcase_add_checked_fixture(tc, tmp_setup, tmp_teardown);
	tcase_add_test(tc, test_scan_counts_every_status_of_a_small_pack);
	tcase_add_test(tc, test_scan_missing_pack_is_a_policy_error);
	tcase_add_test(tc, test_scan_missing_target_is_a_target_error);
	tcase_add_test(tc, test_scan_bad_waiver_file_is_a_policy_error);
	tcase_add_test(tc,
	    test_scan_image_reports_progress_through_the_callback);
	tcase_add_test(tc, test_scan_directory_never_calls_progress);
	tcase_add_test(tc, test_scan_release_accepts_a_zeroed_report);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return tu_run_suite(scan_suite());
}
