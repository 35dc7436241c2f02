/*
 * check_probe_grub.c -- the `grub` probe: kernel arguments from
 * /etc/default/grub (+ grub.d drop-ins, shell quoting, $VAR expansion)
 * and from every linux line of grub.cfg, repeated arguments, the boot
 * password query, missing and unreadable files, and bad arguments.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "assay/probe.h"
#include "testutil.h"

static void
setup(void)
{
	tu_root_setup();
	tu_write(tu_root, "/etc/default/grub",
	    "GRUB_DEFAULT=0\n"
	    "GRUB_CMDLINE_LINUX_DEFAULT='quiet splash'\n"
	    "GRUB_CMDLINE_LINUX=\"console=tty0 console=ttyS0,115200 "
	    "audit=0\"\n", 0644);
	tu_write(tu_root, "/etc/default/grub.d/50-cis.cfg",
	    "# drop-in\n"
	    "GRUB_CMDLINE_LINUX=\"$GRUB_CMDLINE_LINUX audit=1 "
	    "audit_backlog_limit=8192\"\n", 0644);
	tu_write(tu_root, "/boot/grub/grub.cfg",
	    "set superusers=\"root\"\n"
	    "password_pbkdf2 root grub.pbkdf2.sha512.10000.AB\n"
	    "menuentry 'Debian' {\n"
	    "\tlinux /vmlinuz-6.1 root=UUID=x ro console=ttyS0 audit=1 "
	    "audit_backlog_limit=8192 quiet\n"
	    "}\n"
	    "menuentry 'Debian (recovery)' {\n"
	    "\tlinux /vmlinuz-6.1 root=UUID=x ro single audit=1\n"
	    "}\n", 0644);
}

static const struct {
	const char	*args;
	enum status	 st;
	const char	*ev;
} cases[] = {
	{ "{arg: audit, expect: {equals: \"1\"}}", ST_PASS,
	  "audit: equals \"1\"" },
	{ "{arg: audit, expect: {equals: \"1\"}, source: default}", ST_PASS,
	  "GRUB_CMDLINE_LINUX=\"console=tty0 console=ttyS0,115200 audit=0 "
	  "audit=1 audit_backlog_limit=8192\"" },
	{ "{arg: audit_backlog_limit, expect: {at_least: 8192}}", ST_FAIL,
	  "audit_backlog_limit is not set" },
	{ "{arg: audit_backlog_limit, expect: {at_least: 8192}, "
	  "source: default}", ST_PASS, "audit_backlog_limit: at least 8192" },
	{ "{arg: quiet, source: default}", ST_PASS, "quiet is set: quiet" },
	{ "{arg: quiet, present: false, source: cfg}", ST_FAIL,
	  "quiet is set: quiet" },
	{ "{arg: rhgb, present: false}", ST_PASS, "rhgb is not set" },
	{ "{arg: console, expect: {in: [ttyS0]}, source: default}", ST_FAIL,
	  "console: not one of \"ttyS0\"" },
	{ "{arg: console, expect: {matches: '^ttyS0'}, any_value: true, "
	  "source: default}", ST_PASS, "some console: matches \"^ttyS0\"" },
	{ "{arg: console, expect: {in: [ttyS0]}, any_value: true, "
	  "source: cfg}", ST_FAIL, "console is not set" },
	{ "{arg: single, present: false, source: cfg}", ST_FAIL,
	  "single is set: single" },
	{ "{query: password}", ST_PASS, "password_pbkdf2 for root (a password "
	  "hash)" },
	{ "{query: password}", ST_PASS, "set superusers=root" },
};

START_TEST(test_grub_verdict_and_evidence)
{
	tu_check_verdict("grub", cases[_i].args, cases[_i].st, cases[_i].ev);
}
END_TEST

START_TEST(test_grub_every_linux_line_is_judged)
{
	struct evlist ev;

	ck_assert_int_eq(tu_probe_run(tu_root, "grub",
	    "{arg: audit_backlog_limit, source: cfg}", &ev, NULL), ST_FAIL);
	ck_assert_uint_eq(ev.n, 2);
	ck_assert_str_eq(ev.v[0].path, "/boot/grub/grub.cfg");
	ck_assert_uint_eq(ev.v[0].line, 4);
	ck_assert_str_eq(ev.v[0].message,
	    "audit_backlog_limit is set: audit_backlog_limit=8192");
	ck_assert_uint_eq(ev.v[1].line, 7);
	ck_assert_str_eq(ev.v[1].message, "audit_backlog_limit is not set");
	evlist_release(&ev);
}
END_TEST

START_TEST(test_grub_password_missing_fails)
{
	struct evlist ev;

	tu_write(tu_root, "/boot/grub/grub.cfg", "linux /vmlinuz audit=1\n",
	    0644);
	ck_assert_int_eq(tu_probe_run(tu_root, "grub", "{query: password}", &ev,
	    NULL), ST_FAIL);
	ck_assert(tu_ev_has(&ev, "no \"set superusers=\" line"));
	ck_assert(tu_ev_has(&ev, "no password_pbkdf2 line"));
	evlist_release(&ev);
	/* 40_custom is where the generator takes them from */
	tu_write(tu_root, "/etc/grub.d/40_custom", "#!/bin/sh\nexec tail -n +3 "
	    "$0\nset superusers=\"admin\"\npassword_pbkdf2 admin grub.x\n",
	    0755);
	ck_assert_int_eq(tu_probe_run(tu_root, "grub", "{query: password}", &ev,
	    NULL), ST_PASS);
	ck_assert(tu_ev_has(&ev, "password_pbkdf2 for admin"));
	evlist_release(&ev);
}
END_TEST

START_TEST(test_grub_missing_sources)
{
	struct evlist ev;

	tu_rmtree(tu_root);
	free(tu_root);
	tu_root_setup();
	ck_assert_int_eq(tu_probe_run(tu_root, "grub", "{arg: audit, missing: "
	    "notapplicable}", &ev, NULL), ST_NOTAPPLICABLE);
	ck_assert_str_eq(ev.v[0].message, "no GRUB configuration: "
	    "/etc/default/grub and /boot/grub/grub.cfg do not exist");
	evlist_release(&ev);
	/* only grub2 (RHEL) exists: checked, and the absence is said */
	tu_write(tu_root, "/boot/grub2/grub.cfg", "linux16 /vmlinuz audit=1\n",
	    0644);
	ck_assert_int_eq(tu_probe_run(tu_root, "grub", "{arg: audit, expect: "
	    "{equals: \"1\"}}", &ev, NULL), ST_PASS);
	ck_assert(tu_ev_has(&ev, "/etc/default/grub does not exist: only "
	    "grub.cfg checked"));
	ck_assert_str_eq(ev.v[0].path, "/boot/grub2/grub.cfg");
	evlist_release(&ev);
	ck_assert_int_eq(tu_probe_run(tu_root, "grub", "{arg: audit, source: "
	    "default}", &ev, NULL), ST_FAIL);
	ck_assert_str_eq(ev.v[0].message, "/etc/default/grub does not exist");
	evlist_release(&ev);
}
END_TEST

START_TEST(test_grub_bad_input_is_error)
{
	struct evlist ev;

	tu_write(tu_root, "/etc/default/grub.d/60.cfg",
	    "GRUB_CMDLINE_LINUX=\"audit=1\n", 0644);
	ck_assert_int_eq(tu_probe_run(tu_root, "grub", "{arg: audit, source: "
	    "default}", &ev, NULL), ST_ERROR);
	ck_assert(tu_ev_has(&ev, "/etc/default/grub.d/60.cfg:1: malformed "
	    "assignment: an unterminated quote"));
	evlist_release(&ev);
	tu_write(tu_root, "/boot/grub/grub.cfg", "set timeout=5\n", 0644);
	ck_assert_int_eq(tu_probe_run(tu_root, "grub", "{arg: audit, source: "
	    "cfg}", &ev, NULL), ST_ERROR);
	ck_assert_str_eq(ev.v[0].message,
	    "no linux line in /boot/grub/grub.cfg");
	evlist_release(&ev);
	tu_rmtree(tu_root);
	free(tu_root);
	tu_root_setup();
	tu_mkfifo(tu_root, "/boot/grub/grub.cfg");
	ck_assert_int_eq(tu_probe_run(tu_root, "grub", "{query: password}", &ev,
	    NULL), ST_ERROR);
	ck_assert(tu_ev_has(&ev, "cannot read /boot/grub/grub.cfg: not a "
	    "regular file"));
	evlist_release(&ev);
}
END_TEST

static const struct {
	const char	*args;
	const char	*msg;
} bad[] = {
	{ "{arg: audit, expected: {}}",
	  "test.yaml:1:14: unknown key \"expected\" in grub (did you mean \"expect\"?)" },
	{ "{source: cfg}",
	  "test.yaml:1:1: missing required key \"arg\" or \"query\" in grub" },
	{ "{arg: audit=1}", "test.yaml:1:7: arg: expected a kernel argument "
	  "name like audit, got \"audit=1\"" },
	{ "{arg: audit, source: boot}", "test.yaml:1:22: source: expected "
	  "default, cfg or both, got \"boot\"" },
	{ "{arg: audit, present: false, expect: {equals: \"1\"}}",
	  "test.yaml:1:38: expect: cannot be used with present: false" },
	{ "{arg: audit, expect: {equal: \"1\"}}",
	  "test.yaml:1:23: unknown key \"equal\" in expect (did you mean \"equals\"?)" },
	{ "{query: password, source: cfg}",
	  "test.yaml:1:27: source: only used with arg" },
	{ "{query: passwd}",
	  "test.yaml:1:9: query: expected password, got \"passwd\"" },
	{ "{arg: audit, query: password}",
	  "test.yaml:1:21: query: cannot be used with arg" },
	{ "{arg: audit, any_value: 1}",
	  "test.yaml:1:25: any_value: expected true or false, got \"1\"" },
};

START_TEST(test_grub_bad_args_name_file_line_col)
{
	tu_check_compile_error("grub", bad[_i].args, bad[_i].msg);
}
END_TEST

static Suite *
probe_grub_suite(void)
{
	Suite *s = suite_create("probe_grub");
	TCase *tc = tcase_create("eval");

	tcase_add_checked_fixture(tc, setup, tu_root_teardown);
	tcase_add_loop_test(tc, test_grub_verdict_and_evidence, 0,
	    sizeof(cases) / sizeof(cases[0]));
	tcase_add_test(tc, test_grub_every_linux_line_is_judged);
	tcase_add_test(tc, test_grub_password_missing_fails);
	tcase_add_test(tc, test_grub_missing_sources);
	tcase_add_test(tc, test_grub_bad_input_is_error);
	suite_add_tcase(s, tc);
	tc = tcase_create("compile");
	tcase_add_loop_test(tc, test_grub_bad_args_name_file_line_col, 0,
	    sizeof(bad) / sizeof(bad[0]));
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return tu_run_suite(probe_grub_suite());
}
