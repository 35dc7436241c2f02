/*
 * check_probe_audit_rules.c -- the audit_rules probe (which rules are
 * loaded, and when a loaded rule is as broad as the one asked) and the
 * dropin module's name tables it shares with other probes.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "assay/dropin.h"
#include "assay/probe.h"
#include "assay/xmem.h"
#include "testutil.h"

#define RULES	"/etc/audit/rules.d/50-cis.rules"
#define MOUNT	"-a always,exit -F arch=b64 -S mount -F auid>=1000 " \
		"-F auid!=unset"

static int
run(const char *yaml, struct evlist *ev)
{
	return tu_run("audit_rules", yaml, ev);
}

static const struct {
	const char	*rules;
	int		 status;
} mount_cases[] = {
	{ MOUNT " -k mounts\n", ST_PASS },
	/* filters in another order; auid!=-1 and 4294967295 are unset */
	{ "-a exit,always -F auid!=-1 -F arch=b64 -F auid>=1000 -S mount\n",
	    ST_PASS },
	{ "-a always,exit -F arch=b64 -S umount2,mount -F auid>=1000 "
	    "-F auid!=4294967295 -F key=mounts\n", ST_PASS },
	{ "-a always,exit -F arch=b64 -S all -F auid>=1000 -F auid!=unset\n",
	    ST_PASS },
	/* no auid filters: the CIS audit procedure does not accept it */
	{ "-a always,exit -F arch=b64 -S mount -k mounts\n", ST_FAIL },
	/* an extra filter narrows it */
	{ MOUNT " -F a2&03\n", ST_FAIL },
	{ MOUNT " -F uid=0\n", ST_FAIL },
	/* another arch, list or action */
	{ "-a always,exit -F arch=b32 -S mount -F auid>=1000 -F auid!=unset\n",
	    ST_FAIL },
	{ "-a never,exit -F arch=b64 -S mount -F auid>=1000 -F auid!=unset\n",
	    ST_FAIL },
	{ "# " MOUNT "\n", ST_FAIL },
};

START_TEST(test_audit_mount_rule)
{
	struct evlist ev;

	tu_write(tu_root, RULES, mount_cases[_i].rules, 0640);
	ck_assert_msg(run("{rule: '" MOUNT "'}", &ev) == mount_cases[_i].status,
	    "%s", mount_cases[_i].rules);
	evlist_release(&ev);
}
END_TEST

START_TEST(test_audit_narrowed_rule_is_named)
{
	struct evlist ev;

	tu_write(tu_root, RULES, MOUNT " -F a2&03 -k mounts\n", 0640);
	ck_assert_int_eq(run("{rule: '" MOUNT "'}", &ev), ST_FAIL);
	ck_assert(tu_ev_has(&ev, "no loaded rule is as broad as `" MOUNT
	    "` for the syscalls mount (rules from /etc/audit/rules.d/*.rules "
	    "(augenrules: no auditd.service, Debian's init script))"));
	ck_assert(tu_ev_has(&ev, RULES ":1: " MOUNT " -F a2&03 -k mounts has "
	    "other filters"));
	evlist_release(&ev);
}
END_TEST

/* The syscalls asked may be spread over several rules. */
START_TEST(test_audit_syscalls_across_rules)
{
	struct evlist ev;

	tu_write(tu_root, RULES, "-a always,exit -F arch=b64 -S adjtimex\n"
	    "-a always,exit -F arch=b64 -S settimeofday,clock_settime\n", 0640);
	ck_assert_int_eq(run("{rule: '-a always,exit -F arch=b64 -S "
	    "adjtimex,settimeofday'}", &ev), ST_PASS);
	evlist_release(&ev);
	ck_assert_int_eq(run("{rule: '-a always,exit -F arch=b64 -S "
	    "adjtimex,stime'}", &ev), ST_FAIL);
	ck_assert(tu_ev_has(&ev, "for the syscalls stime"));
	evlist_release(&ev);
}
END_TEST

static const struct {
	const char	*rules;
	int		 status;
} watch_cases[] = {
	{ "-w /etc/sudoers -p wa -k scope\n", ST_PASS },
	{ "-w /etc/sudoers/ -p rwa\n", ST_PASS },
	{ "-w /etc/sudoers\n", ST_PASS },
	{ "-a always,exit -F path=/etc/sudoers -F perm=wa -F key=scope\n",
	    ST_PASS },
	{ "-a always,exit -F dir=/etc/sudoers -F perm=aw\n", ST_PASS },
	{ "-w /etc/sudoers -p w\n", ST_FAIL },
	{ "-w /etc/sudoers.d -p wa\n", ST_FAIL },
	{ "-a always,exit -F path=/etc/sudoers -F perm=wa -F auid>=1000\n",
	    ST_FAIL },
};

START_TEST(test_audit_watch_rule)
{
	struct evlist ev;

	tu_write(tu_root, RULES, watch_cases[_i].rules, 0640);
	ck_assert_msg(run("{rule: '-w /etc/sudoers -p wa'}", &ev) ==
	    watch_cases[_i].status, "%s", watch_cases[_i].rules);
	evlist_release(&ev);
}
END_TEST

/* augenrules reads *.rules in `ls -v` order: 100-x after 99-finalize. */
START_TEST(test_audit_augenrules_order_and_names)
{
	struct evlist ev;

	tu_write(tu_root, "/etc/audit/rules.d/99-finalize.rules", "-e 2\n",
	    0640);
	ck_assert_int_eq(run("{rule: '-e 2'}", &ev), ST_PASS);
	evlist_release(&ev);
	tu_write(tu_root, "/etc/audit/rules.d/100-local.rules", "-e 1\n", 0640);
	ck_assert_int_eq(run("{rule: '-e 2'}", &ev), ST_FAIL);
	ck_assert_str_eq(ev.v[0].path, "/etc/audit/rules.d/100-local.rules");
	evlist_release(&ev);
	tu_write(tu_root, "/etc/audit/rules.d/100-local.rules", "-D\n", 0640);
	tu_write(tu_root, "/etc/audit/rules.d/zz.rules.dpkg-old", "-e 0\n",
	    0640);
	tu_write(tu_root, "/etc/audit/rules.d/.zz.rules", "-e 0\n", 0640);
	ck_assert_int_eq(run("{rule: '-e 2'}", &ev), ST_PASS);
	evlist_release(&ev);
}
END_TEST

static void
unit(const char *post)
{
	char *text = xasprintf("[Service]\nExecStart=/sbin/auditd\n%s\n",
	    post);

	tu_write(tu_root, "/usr/lib/systemd/system/auditd.service", text, 0644);
	free(text);
}

START_TEST(test_audit_auditctl_loads_audit_rules)
{
	struct evlist ev;

	tu_write(tu_root, RULES, MOUNT "\n", 0640);
	tu_write(tu_root, "/etc/audit/audit.rules", "-D\n", 0640);
	unit("ExecStartPost=-/sbin/augenrules --load");
	ck_assert_int_eq(run("{rule: '" MOUNT "'}", &ev), ST_PASS);
	evlist_release(&ev);
	unit("ExecStartPost=-/sbin/auditctl -R /etc/audit/audit.rules");
	ck_assert_int_eq(run("{rule: '" MOUNT "'}", &ev), ST_FAIL);
	ck_assert(tu_ev_has(&ev, "(rules from /etc/audit/audit.rules "
	    "(/usr/lib/systemd/system/auditd.service runs auditctl -R))"));
	evlist_release(&ev);
	tu_write(tu_root, "/etc/audit/audit.rules", MOUNT "\n", 0640);
	ck_assert_int_eq(run("{rule: '" MOUNT "'}", &ev), ST_PASS);
	evlist_release(&ev);
}
END_TEST

START_TEST(test_audit_unit_loads_nothing)
{
	struct evlist ev;

	tu_write(tu_root, RULES, MOUNT "\n", 0640);
	unit("ExecStartPost=-/sbin/augenrules --load");
	tu_write(tu_root, "/etc/systemd/system/auditd.service.d/local.conf",
	    "[Service]\nExecStartPost=\n", 0644);
	/* not read by systemd: no .conf suffix */
	tu_write(tu_root, "/etc/systemd/system/auditd.service.d/x.conf.bak",
	    "[Service]\nExecStartPost=/sbin/augenrules --load\n", 0644);
	ck_assert_int_eq(run("{rule: '" MOUNT "'}", &ev), ST_FAIL);
	ck_assert(tu_ev_has(&ev, "auditd.service loads no audit rules"));
	evlist_release(&ev);
}
END_TEST

START_TEST(test_audit_list_of_rules)
{
	struct evlist ev;

	tu_write(tu_root, RULES, "-w /etc/passwd -p wa\n-w /etc/group -p wa\n",
	    0640);
	ck_assert_int_eq(run("{rule: ['-w /etc/passwd -p wa', "
	    "'-w /etc/group -p wa']}", &ev), ST_PASS);
	evlist_release(&ev);
	ck_assert_int_eq(run("{rule: ['-w /etc/passwd -p wa', "
	    "'-w /etc/shadow -p wa']}", &ev), ST_FAIL);
	evlist_release(&ev);
}
END_TEST

static const struct {
	const char	*yaml;
	const char	*error;
} compile_cases[] = {
	{ "{}", "test.yaml:1:1: missing required key \"rule\" in "
	    "audit_rules" },
	{ "{rule: '-x 1'}", "test.yaml:1:8: rule: expected an audit rule "
	    "such as \"-w /etc/sudoers -p wa\" or \"-e 2\", got \"-x 1\" "
	    "(unknown option)" },
	{ "{rule: '-a always'}", "test.yaml:1:8: rule: expected an audit "
	    "rule such as \"-w /etc/sudoers -p wa\" or \"-e 2\", got "
	    "\"-a always\" (-a needs list,action)" },
	/* auditctl refuses a second insert: "Multiple rule insert/delete
	 * operations are not allowed" (the first -a's strings leaked) */
	{ "{rule: '-a always,exit -a never,task'}", "test.yaml:1:8: rule: "
	    "expected an audit rule such as \"-w /etc/sudoers -p wa\" or "
	    "\"-e 2\", got \"-a always,exit -a never,task\" (more than one "
	    "-w, -a or -A)" },
	{ "{rule: '-w /etc/a -w /etc/b'}", "test.yaml:1:8: rule: expected an "
	    "audit rule such as \"-w /etc/sudoers -p wa\" or \"-e 2\", got "
	    "\"-w /etc/a -w /etc/b\" (more than one -w, -a or -A)" },
	{ "{rule: '-a always,exit -w /etc/b'}", "test.yaml:1:8: rule: "
	    "expected an audit rule such as \"-w /etc/sudoers -p wa\" or "
	    "\"-e 2\", got \"-a always,exit -w /etc/b\" (more than one -w, "
	    "-a or -A)" },
	{ "{rule: '-D'}", "test.yaml:1:8: rule: expected an audit rule such "
	    "as \"-w /etc/sudoers -p wa\" or \"-e 2\", got \"-D\" (only -e is "
	    "checked)" },
	{ "{rule: []}", "test.yaml:1:8: rule: expected a rule or a list of "
	    "rules, got an empty sequence" },
	{ "{rule: '-w /x', key: 1}", "test.yaml:1:17: unknown key \"key\" in "
	    "audit_rules" },
};

START_TEST(test_audit_compile_errors)
{
	tu_check_compile_error("audit_rules", compile_cases[_i].yaml,
	    compile_cases[_i].error);
}
END_TEST

/*
 * The drop-in name tables.
 */

static const struct {
	enum dropin_reader	 r;
	const char		*name;
	bool			 reads;
} dropin_cases[] = {
	{ DROPIN_LOGROTATE, "app", true },
	{ DROPIN_LOGROTATE, "app.conf", true },
	{ DROPIN_LOGROTATE, ".hidden", true },
	{ DROPIN_LOGROTATE, "app.dpkg-dist", false },
	{ DROPIN_LOGROTATE, "app.dpkg-old", false },
	{ DROPIN_LOGROTATE, "app.dpkg-new", false },
	{ DROPIN_LOGROTATE, "app.disabled", false },
	{ DROPIN_LOGROTATE, "app.rpmsave", false },
	{ DROPIN_LOGROTATE, "app.rpmorig", false },
	{ DROPIN_LOGROTATE, "app.swp", false },
	{ DROPIN_LOGROTATE, "app.bak", false },
	{ DROPIN_LOGROTATE, "app~", false },
	{ DROPIN_LOGROTATE, "app,v", false },
	{ DROPIN_LOGROTATE, "app.rhn-cfg-tmp-x1", false },
	{ DROPIN_LOGROTATE, "app.old", true },	/* taboo from 3.22 only */
	{ DROPIN_SYSCTL, "99-sysctl.conf", true },
	{ DROPIN_SYSCTL, "99-sysctl.conf.dpkg-old", false },
	{ DROPIN_SYSCTL, ".x.conf", false },
	{ DROPIN_MODPROBE, "blacklist.conf", true },
	{ DROPIN_MODPROBE, "blacklist", false },
	{ DROPIN_SYSTEMD, "override.conf", true },
	{ DROPIN_SYSTEMD, "override.conf~", false },
	{ DROPIN_SUDOERS, "90-cloud-init-users", true },
	{ DROPIN_SUDOERS, "README.txt", false },
	{ DROPIN_SUDOERS, "local~", false },
	{ DROPIN_APT, "50unattended-upgrades", true },
	{ DROPIN_APT, "01autoremove.conf", true },
	{ DROPIN_APT, "20auto-upgrades.dpkg-old", false },
	{ DROPIN_APT, "20auto-upgrades.bak", false },
	{ DROPIN_APT, "x~", false },
	{ DROPIN_APT, ".x", false },
	{ DROPIN_RUNPARTS, "logrotate", true },
	{ DROPIN_RUNPARTS, "app_purge-2", true },
	{ DROPIN_RUNPARTS, "logrotate.dpkg-old", false },
	{ DROPIN_RUNPARTS, "app.sh", false },
	{ DROPIN_AUGENRULES, "50-cis.rules", true },
	{ DROPIN_AUGENRULES, "50-cis.rules.bak", false },
	{ DROPIN_AUGENRULES, ".50-cis.rules", false },
};

START_TEST(test_dropin_reads)
{
	ck_assert_msg(dropin_reads(dropin_cases[_i].r, dropin_cases[_i].name)
	    == dropin_cases[_i].reads, "%s %s",
	    dropin_reader_str(dropin_cases[_i].r), dropin_cases[_i].name);
}
END_TEST

START_TEST(test_dropin_reader_names)
{
	enum dropin_reader r;

	ck_assert_int_eq(dropin_reader_parse("logrotate", &r), 0);
	ck_assert_int_eq(r, DROPIN_LOGROTATE);
	ck_assert_int_eq(dropin_reader_parse("run-parts", &r), 0);
	ck_assert_int_eq(r, DROPIN_RUNPARTS);
	ck_assert_int_eq(dropin_reader_parse("cron", &r), -1);
}
END_TEST

START_TEST(test_dropin_read_by_compile_error)
{
	char *err = NULL;

	ck_assert_int_eq(tu_probe_compile("file", "{path: /etc/logrotate.d/x, "
	    "read_by: cron}", &err), -1);
	ck_assert_str_eq(err, "test.yaml:1:37: read_by: expected logrotate, "
	    "sysctl, modprobe, systemd, sudoers, apt, run-parts or "
	    "augenrules, got \"cron\"");
	free(err);
}
END_TEST

/* file with read_by: a name logrotate skips does not count. */
START_TEST(test_dropin_read_by_file)
{
	struct evlist ev;
	char *err = NULL;

	tu_write(tu_root, "/etc/logrotate.d/app.dpkg-dist", "x\n", 0644);
	ck_assert_int_eq(tu_probe_run(tu_root, "file", "{path: "
	    "\"/etc/logrotate.d/app*\", read_by: logrotate}", &ev, &err),
	    ST_FAIL);
	ck_assert(tu_ev_has(&ev, "/etc/logrotate.d/app.dpkg-dist is not "
	    "read by logrotate (skipped)"));
	evlist_release(&ev);
	tu_write(tu_root, "/etc/logrotate.d/app", "x\n", 0644);
	ck_assert_int_eq(tu_probe_run(tu_root, "file", "{path: "
	    "\"/etc/logrotate.d/app*\", read_by: logrotate}", &ev, &err),
	    ST_PASS);
	evlist_release(&ev);
	free(err);
}
END_TEST

#define NELEM(a) ((int)(sizeof(a) / sizeof((a)[0])))

static Suite *
audit_suite(void)
{
	Suite *s = suite_create("probe_audit_rules");
	TCase *tc = tcase_create("core");

	tcase_add_checked_fixture(tc, tu_root_setup_etc, tu_root_teardown);
	tcase_add_loop_test(tc, test_audit_mount_rule, 0, NELEM(mount_cases));
	tcase_add_test(tc, test_audit_narrowed_rule_is_named);
	tcase_add_test(tc, test_audit_syscalls_across_rules);
	tcase_add_loop_test(tc, test_audit_watch_rule, 0, NELEM(watch_cases));
	tcase_add_test(tc, test_audit_augenrules_order_and_names);
	tcase_add_test(tc, test_audit_auditctl_loads_audit_rules);
	tcase_add_test(tc, test_audit_unit_loads_nothing);
	tcase_add_test(tc, test_audit_list_of_rules);
	tcase_add_loop_test(tc, test_audit_compile_errors, 0,
	    NELEM(compile_cases));
	tcase_add_loop_test(tc, test_dropin_reads, 0, NELEM(dropin_cases));
	tcase_add_test(tc, test_dropin_reader_names);
	tcase_add_test(tc, test_dropin_read_by_compile_error);
	tcase_add_test(tc, test_dropin_read_by_file);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return tu_run_suite(audit_suite());
}
