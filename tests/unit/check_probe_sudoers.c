/*
 * check_probe_sudoers.c -- the `sudoers` probe: global vs scoped Defaults
 * (last setting wins), values and expect, NOPASSWD rules with allow,
 * !authenticate, #include / @includedir (name filter, relative paths),
 * continuations, comments vs uids, cycles and bad arguments.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "assay/probe.h"
#include "testutil.h"

static void
setup(void)
{
	tu_root_setup();
	tu_write(tu_root, "/etc/sudoers",
	    "# /etc/sudoers\n"
	    "Defaults\tenv_reset, !use_pty\n"
	    "Defaults\tsecure_path=\"/usr/sbin:/usr/bin\", \\\n"
	    "\ttimestamp_timeout=5\n"
	    "Defaults:alice !authenticate # for tests\n"
	    "Defaults@db1 use_pty\n"
	    "Cmnd_Alias NOPW = NOPASSWD: /bin/ls\n"
	    "root\tALL=(ALL:ALL) ALL\n"
	    "#1000 ALL=(ALL) NOPASSWD: /usr/bin/apt\n"
	    "%sudo\tALL=(ALL:ALL) ALL\n"
	    "@includedir /etc/sudoers.d\n", 0440);
	tu_write(tu_root, "/etc/sudoers.d/10-cis",
	    "Defaults use_pty\n"
	    "Defaults logfile=\"/var/log/sudo.log\"\n"
	    "#include ../sudoers.local\n", 0440);
	tu_write(tu_root, "/etc/sudoers.local",
	    "%admin ALL=(ALL) NOEXEC:NOPASSWD: ALL\n", 0440);
	tu_write(tu_root, "/etc/sudoers.d/README", "deploy ALL=NOPASSWD: ALL\n",
	    0440);
	tu_write(tu_root, "/etc/sudoers.d/old~", "Defaults !use_pty\n", 0440);
	tu_write(tu_root, "/etc/sudoers.d/x.bak", "Defaults !use_pty\n", 0440);
}

static const struct {
	const char	*args;
	enum status	 st;
	const char	*ev;
} cases[] = {
	{ "{query: defaults, option: use_pty}", ST_PASS,
	  "set by Defaults use_pty: true" },
	{ "{query: defaults, option: use_pty}", ST_PASS,
	  "scoped, not global: Defaults@db1 use_pty" },
	{ "{query: defaults, option: logfile, expect: {equals: "
	  "/var/log/sudo.log}}", ST_PASS,
	  "set by Defaults logfile=\"/var/log/sudo.log\": /var/log/sudo.log" },
	{ "{query: defaults, option: timestamp_timeout, expect: "
	  "{at_most: 15}}", ST_PASS, "timestamp_timeout=5" },
	{ "{query: defaults, option: timestamp_timeout, expect: "
	  "{at_most: 4}}", ST_FAIL, "wrong setting in" },
	{ "{query: defaults, option: env_reset}", ST_PASS, "env_reset" },
	{ "{query: defaults, option: requiretty}", ST_FAIL,
	  "requiretty is not set by a global Defaults line (4 files read)" },
	{ "{query: defaults, option: authenticate}", ST_FAIL,
	  "scoped, not global: Defaults:alice !authenticate" },
	{ "{query: nopasswd}", ST_FAIL,
	  "NOPASSWD for #1000: #1000 ALL=(ALL) NOPASSWD: /usr/bin/apt" },
	{ "{query: nopasswd}", ST_FAIL, "NOPASSWD for %admin: %admin "
	  "ALL=(ALL) NOEXEC:NOPASSWD: ALL" },
	{ "{query: nopasswd}", ST_FAIL,
	  "NOPASSWD for deploy: deploy ALL=NOPASSWD: ALL" },
	{ "{query: nopasswd, allow: [\"#1000\", \"%admin\", deploy]}",
	  ST_PASS, "allowed NOPASSWD for %admin" },
	{ "{query: authenticate}", ST_FAIL,
	  "authentication turned off: Defaults:alice !authenticate" },
};

START_TEST(test_sudoers_verdict_and_evidence)
{
	tu_check_verdict("sudoers", cases[_i].args, cases[_i].st, cases[_i].ev);
}
END_TEST

START_TEST(test_sudoers_last_setting_wins_with_location)
{
	struct evlist ev;

	ck_assert_int_eq(tu_probe_run(tu_root, "sudoers",
	    "{query: defaults, option: use_pty}", &ev, NULL), ST_PASS);
	ck_assert_str_eq(ev.v[ev.n - 1].path, "/etc/sudoers.d/10-cis");
	ck_assert_uint_eq(ev.v[ev.n - 1].line, 1);
	evlist_release(&ev);
	/* a later global !use_pty turns it off again */
	tu_write(tu_root, "/etc/sudoers.d/zz", "Defaults !use_pty\n", 0440);
	ck_assert_int_eq(tu_probe_run(tu_root, "sudoers",
	    "{query: defaults, option: use_pty}", &ev, NULL), ST_FAIL);
	ck_assert_str_eq(ev.v[ev.n - 1].message,
	    "wrong setting in Defaults !use_pty: turned off");
	ck_assert_str_eq(ev.v[ev.n - 1].found, "off");
	evlist_release(&ev);
}
END_TEST

START_TEST(test_sudoers_clean_policy_passes)
{
	struct evlist ev;

	tu_rmtree(tu_root);
	free(tu_root);
	tu_root_setup();
	tu_write(tu_root, "/etc/sudoers", "root ALL=(ALL) ALL\n", 0440);
	ck_assert_int_eq(tu_probe_run(tu_root, "sudoers", "{query: nopasswd}",
	    &ev, NULL), ST_PASS);
	ck_assert_str_eq(ev.v[0].message,
	    "no rule grants NOPASSWD (1 files read)");
	evlist_release(&ev);
	ck_assert_int_eq(tu_probe_run(tu_root, "sudoers", "{query: "
	    "authenticate}", &ev, NULL), ST_PASS);
	evlist_release(&ev);
	tu_rmtree(tu_root);
	free(tu_root);
	tu_root_setup();
	ck_assert_int_eq(tu_probe_run(tu_root, "sudoers", "{query: nopasswd, "
	    "missing: notapplicable}", &ev, NULL), ST_NOTAPPLICABLE);
	ck_assert_str_eq(ev.v[0].message,
	    "/etc/sudoers does not exist (missing: notapplicable)");
	evlist_release(&ev);
}
END_TEST

/* Lines as sudo's lexer (toke.l) reads them: a continuation is white
 * space, a comment ends its line even when it ends in a backslash, a
 * comment line ends a continued line, an indented `#include` is a comment
 * and a comment may follow an include's argument. Each file is judged by
 * a passing and a failing query. */
static const struct {
	const char	*file;
	const char	*args;
	enum status	 st;
	const char	*ev;
	unsigned	 line;		/* of the first evidence */
} joins[] = {
	{ "Defaults\\\nuse_pty\n", "{query: defaults, option: use_pty}",
	  ST_PASS, "set by Defaults use_pty: true", 1 },
	{ "Defaults\\ \n!use_pty\n", "{query: defaults, option: use_pty}",
	  ST_FAIL, "wrong setting in Defaults !use_pty: turned off", 1 },
	{ "Defaults env_reset # note \\\n"
	  "%admin ALL=(ALL) NOPASSWD: ALL\n", "{query: nopasswd}", ST_FAIL,
	  "NOPASSWD for %admin: %admin ALL=(ALL) NOPASSWD: ALL", 2 },
	{ "Defaults env_reset # note \\\n"
	  "%admin ALL=(ALL) NOPASSWD: ALL\n",
	  "{query: nopasswd, allow: [\"%admin\"]}", ST_PASS,
	  "allowed NOPASSWD for %admin", 2 },
	{ "Defaults use_pty, \\\n"
	  "# log too\n"
	  "\trequiretty\n", "{query: defaults, option: use_pty}", ST_PASS,
	  "set by Defaults use_pty,: true", 1 },
	{ "Defaults use_pty, \\\n"
	  "# log too\n"
	  "\trequiretty\n", "{query: defaults, option: requiretty}",
	  ST_FAIL, "requiretty is not set by a global Defaults line", 0 },
	{ "  #include /etc/sudoers.x\n", "{query: nopasswd}", ST_PASS,
	  "no rule grants NOPASSWD (1 files read)", 0 },
	{ "#include /etc/sudoers.x # local rules\n", "{query: nopasswd}",
	  ST_FAIL, "NOPASSWD for deploy: deploy ALL=NOPASSWD: ALL", 1 },
};

START_TEST(test_sudoers_joins_lines_as_sudo_does)
{
	struct evlist ev;
	char *err = NULL;
	int st;

	tu_write(tu_root, "/etc/sudoers", joins[_i].file, 0440);
	tu_write(tu_root, "/etc/sudoers.x", "deploy ALL=NOPASSWD: ALL\n", 0440);
	st = tu_probe_run(tu_root, "sudoers", joins[_i].args, &ev, &err);
	ck_assert_msg(st == (int)joins[_i].st, "%s: got %d (%s; %s)",
	    joins[_i].args, st, err != NULL ? err : "",
	    ev.n > 0 ? ev.v[0].message : "no evidence");
	ck_assert_msg(tu_ev_has(&ev, joins[_i].ev), "%s: no evidence \"%s\" "
	    "(first: %s)", joins[_i].args, joins[_i].ev,
	    ev.n > 0 ? ev.v[0].message : "none");
	ck_assert_uint_eq(ev.v[0].line, joins[_i].line);
	evlist_release(&ev);
	free(err);
}
END_TEST

START_TEST(test_sudoers_include_cycle_and_depth_are_error)
{
	struct evlist ev;
	char name[32];
	char body[64];

	tu_write(tu_root, "/etc/sudoers.local", "@include sudoers\n", 0440);
	ck_assert_int_eq(tu_probe_run(tu_root, "sudoers", "{query: nopasswd}",
	    &ev, NULL), ST_ERROR);
	ck_assert(tu_ev_has(&ev, "/etc/sudoers.local:1: include cycle "
	    "through /etc/sudoers"));
	evlist_release(&ev);
	tu_write(tu_root, "/etc/sudoers", "#include s0\n", 0440);
	for (int i = 0; i < 20; i++) {
		snprintf(name, sizeof(name), "/etc/s%d", i);
		snprintf(body, sizeof(body), "#include s%d\n", i + 1);
		tu_write(tu_root, name, body, 0440);
	}
	ck_assert_int_eq(tu_probe_run(tu_root, "sudoers", "{query: nopasswd}",
	    &ev, NULL), ST_ERROR);
	ck_assert(tu_ev_has(&ev, "includes nested too deep at /etc/s16"));
	evlist_release(&ev);
}
END_TEST

START_TEST(test_sudoers_unreadable_include_is_error)
{
	struct evlist ev;

	tu_mkfifo(tu_root, "/etc/sudoers.d/fifo");
	ck_assert_int_eq(tu_probe_run(tu_root, "sudoers", "{query: nopasswd}",
	    &ev, NULL), ST_ERROR);
	ck_assert(tu_ev_has(&ev, "cannot read /etc/sudoers.d/fifo: not a "
	    "regular file"));
	evlist_release(&ev);
	tu_write(tu_root, "/etc/sudoers", "@include /etc/nope\n", 0440);
	ck_assert_int_eq(tu_probe_run(tu_root, "sudoers", "{query: nopasswd}",
	    &ev, NULL), ST_PASS);
	ck_assert(tu_ev_has(&ev, "included file /etc/nope does not exist "
	    "(skipped, as sudo does)"));
	evlist_release(&ev);
}
END_TEST

static const struct {
	const char	*args;
	const char	*msg;
} bad[] = {
	{ "{query: nopasswd, allowed: [root]}",
	  "test.yaml:1:19: unknown key \"allowed\" in sudoers (did you mean \"allow\"?)" },
	{ "{option: use_pty}",
	  "test.yaml:1:1: missing required key \"query\" in sudoers" },
	{ "{query: defaults}",
	  "test.yaml:1:1: missing required key \"option\" in sudoers" },
	{ "{query: default, option: use_pty}", "test.yaml:1:9: query: "
	  "expected defaults, nopasswd or authenticate, got \"default\"" },
	{ "{query: defaults, option: \"use pty\"}", "test.yaml:1:27: option: "
	  "expected a sudoers option name like use_pty, got \"use pty\"" },
	{ "{query: nopasswd, option: use_pty}",
	  "test.yaml:1:27: option: only used with query: defaults" },
	{ "{query: defaults, option: use_pty, allow: [root]}",
	  "test.yaml:1:43: allow: only used with query: nopasswd" },
	{ "{query: authenticate, expect: {equals: x}}",
	  "test.yaml:1:31: expect: only used with query: defaults" },
	{ "{query: nopasswd, allow: {a: b}}", "test.yaml:1:26: allow: "
	  "expected a string or a list of strings, got a mapping" },
	{ "{query: nopasswd, missing: maybe}", "test.yaml:1:28: missing: "
	  "expected fail, pass, notapplicable or error, got \"maybe\"" },
};

START_TEST(test_sudoers_bad_args_name_file_line_col)
{
	tu_check_compile_error("sudoers", bad[_i].args, bad[_i].msg);
}
END_TEST

static Suite *
probe_sudoers_suite(void)
{
	Suite *s = suite_create("probe_sudoers");
	TCase *tc = tcase_create("eval");

	tcase_add_checked_fixture(tc, setup, tu_root_teardown);
	tcase_add_loop_test(tc, test_sudoers_verdict_and_evidence, 0,
	    sizeof(cases) / sizeof(cases[0]));
	tcase_add_test(tc, test_sudoers_last_setting_wins_with_location);
	tcase_add_test(tc, test_sudoers_clean_policy_passes);
	tcase_add_loop_test(tc, test_sudoers_joins_lines_as_sudo_does, 0,
	    sizeof(joins) / sizeof(joins[0]));
	tcase_add_test(tc, test_sudoers_include_cycle_and_depth_are_error);
	tcase_add_test(tc, test_sudoers_unreadable_include_is_error);
	suite_add_tcase(s, tc);
	tc = tcase_create("compile");
	tcase_add_loop_test(tc, test_sudoers_bad_args_name_file_line_col, 0,
	    sizeof(bad) / sizeof(bad[0]));
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return tu_run_suite(probe_sudoers_suite());
}
