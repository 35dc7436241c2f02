/*
 * check_probe_pam.c -- the `pam` probe: module lines with type/control
 * filters, arg / not_arg / arg_value, @include and `include` controls,
 * bracketed controls, continuations, expect_present: false, cycles,
 * malformed lines and bad arguments.
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
	tu_write(tu_root, "/etc/pam.d/common-auth",
	    "# here are the per-package modules\n"
	    "auth\t[success=1 default=ignore]\tpam_unix.so nullok\n"
	    "auth requisite pam_deny.so\n"
	    "auth required /lib/x86_64-linux-gnu/security/pam_faillock.so \\\n"
	    "    authfail deny=5 unlock_time=900 # CIS\n"
	    "-auth optional pam_systemd_home.so\n", 0644);
	tu_write(tu_root, "/etc/pam.d/common-password",
	    "password requisite pam_pwquality.so retry=3\n"
	    "password [success=1 default=ignore] pam_unix.so obscure "
	    "yescrypt\n", 0644);
	tu_write(tu_root, "/etc/pam.d/sshd",
	    "@include common-auth\n"
	    "account required pam_nologin.so\n"
	    "password include common-password\n"
	    "session optional pam_motd.so [motd=/run/motd dynamic]\n", 0644);
}

static const struct {
	const char	*args;
	enum status	 st;
	const char	*ev;
} cases[] = {
	{ "{service: common-auth, module: pam_unix.so, not_arg: nullok}",
	  ST_FAIL, "auth [success=1 default=ignore] pam_unix.so nullok: has "
	  "nullok" },
	{ "{service: common-password, module: pam_unix.so, not_arg: nullok}",
	  ST_PASS, "password [success=1 default=ignore] pam_unix.so obscure "
	  "yescrypt" },
	{ "{service: sshd, module: pam_unix.so, type: password, "
	  "arg: [yescrypt, obscure]}", ST_PASS, "pam_unix.so obscure" },
	{ "{service: sshd, module: pam_unix.so, type: auth, "
	  "not_arg: [nullok]}", ST_FAIL, "has nullok" },
	{ "{service: sshd, module: pam_unix.so, arg: sha512}", ST_FAIL,
	  "lacks sha512" },
	{ "{service: common-auth, module: pam_faillock.so, "
	  "arg_value: {name: deny, expect: {at_most: 4}}}", ST_FAIL,
	  "deny=5, not at most 4" },
	{ "{service: common-auth, module: pam_faillock.so, "
	  "arg_value: {name: unlock_time, expect: {at_least: 900}}}",
	  ST_PASS, "authfail deny=5 unlock_time=900" },
	{ "{service: common-auth, module: pam_faillock.so, "
	  "arg_value: {name: even_deny_root, expect: {equals: x}}}", ST_FAIL,
	  "no even_deny_root=" },
	{ "{service: common-auth, module: pam_faillock.so, arg: deny}",
	  ST_PASS, "pam_faillock.so" },
	{ "{service: common-auth, module: pam_unix.so, "
	  "control: \"[success=1 default=ignore]\"}", ST_PASS, "pam_unix.so" },
	{ "{service: common-auth, module: pam_unix.so, control: required}",
	  ST_FAIL, "no line for pam_unix.so in /etc/pam.d/common-auth" },
	{ "{service: common-auth, module: pam_systemd_home.so, type: auth}",
	  ST_PASS, "-auth optional pam_systemd_home.so" },
	{ "{service: sshd, module: pam_pwhistory.so, type: password}",
	  ST_FAIL, "no password line for pam_pwhistory.so in /etc/pam.d/sshd" },
	{ "{service: sshd, module: pam_rootok.so, expect_present: false}",
	  ST_PASS, "no line for pam_rootok.so in /etc/pam.d/sshd" },
	{ "{service: sshd, module: pam_deny.so, expect_present: false}",
	  ST_FAIL, "forbidden module: auth requisite pam_deny.so" },
	/* only password lines come in through `password include` */
	{ "{service: sshd, module: pam_pwquality.so, type: auth}", ST_FAIL,
	  "no auth line for pam_pwquality.so" },
	{ "{service: sshd, module: pam_motd.so, arg: \"[motd=/run/motd "
	  "dynamic]\"}", ST_PASS, "pam_motd.so" },
	{ "{service: login, module: pam_unix.so}", ST_FAIL,
	  "/etc/pam.d/login does not exist" },
	{ "{service: login, module: pam_unix.so, missing: notapplicable}",
	  ST_NOTAPPLICABLE, "(missing: notapplicable)" },
};

START_TEST(test_pam_verdict_and_evidence)
{
	tu_check_verdict("pam", cases[_i].args, cases[_i].st, cases[_i].ev);
}
END_TEST

START_TEST(test_pam_evidence_names_included_file_and_line)
{
	struct evlist ev;

	ck_assert_int_eq(tu_probe_run(tu_root, "pam", "{service: sshd, module: "
	    "pam_faillock.so, arg_value: {name: deny, expect: {at_most: 4}}}",
	    &ev, NULL), ST_FAIL);
	ck_assert_uint_eq(ev.n, 1);
	ck_assert_str_eq(ev.v[0].path, "/etc/pam.d/common-auth");
	ck_assert_uint_eq(ev.v[0].line, 4);
	ck_assert_str_eq(ev.v[0].message, "auth required "
	    "/lib/x86_64-linux-gnu/security/pam_faillock.so authfail "
	    "deny=5 unlock_time=900: deny=5, not at most 4");
	evlist_release(&ev);
}
END_TEST

/* Lines as Linux-PAM's _pam_assemble_line() joins them: a comment or
 * blank line inside a continued line is passed over, a backslash may have
 * blanks after it, and a comment ends its line even when it ends in a
 * backslash. Each file is judged by a passing and a failing query. */
static const struct {
	const char	*file;
	const char	*args;
	enum status	 st;
	const char	*ev;
	unsigned	 line;		/* of the first evidence */
} joins[] = {
	{ "password requisite pam_pwquality.so retry=3 \\\n"
	  "# minlen was 8\n"
	  "\n"
	  "    minlen=14\n",
	  "{service: sshd, module: pam_pwquality.so, "
	  "arg_value: {name: minlen, expect: {at_least: 14}}}", ST_PASS,
	  "password requisite pam_pwquality.so retry=3 minlen=14", 1 },
	{ "password requisite pam_pwquality.so retry=3 \\\n"
	  "# minlen was 8\n"
	  "    minlen=14\n",
	  "{service: sshd, module: pam_pwquality.so, "
	  "arg_value: {name: minlen, expect: {at_least: 15}}}", ST_FAIL,
	  "minlen=14, not at least 15", 1 },
	{ "auth required \\ \t\n"
	  "  pam_unix.so try_first_pass\n",
	  "{service: sshd, module: pam_unix.so, arg: try_first_pass}",
	  ST_PASS, "auth required pam_unix.so try_first_pass", 1 },
	{ "auth required \\ \t\n"
	  "  pam_unix.so try_first_pass\n",
	  "{service: sshd, module: pam_unix.so, not_arg: try_first_pass}",
	  ST_FAIL, "has try_first_pass", 1 },
	{ "auth sufficient pam_permit.so # was here \\\n"
	  "auth required pam_unix.so try_first_pass\n",
	  "{service: sshd, module: pam_unix.so, arg: try_first_pass}",
	  ST_PASS, "auth required pam_unix.so try_first_pass", 2 },
	{ "auth sufficient pam_permit.so # was here \\\n"
	  "auth required pam_unix.so try_first_pass\n",
	  "{service: sshd, module: pam_permit.so, expect_present: false}",
	  ST_FAIL, "auth sufficient pam_permit.so", 1 },
};

START_TEST(test_pam_joins_lines_as_libpam_does)
{
	struct evlist ev;
	char *err = NULL;
	int st;

	tu_write(tu_root, "/etc/pam.d/sshd", joins[_i].file, 0644);
	st = tu_probe_run(tu_root, "pam", joins[_i].args, &ev, &err);
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

static const struct {
	const char	*file;
	const char	*msg;
} broken[] = {
	{ "@include sshd\n", "/etc/pam.d/sshd:1: include cycle through "
	  "/etc/pam.d/sshd" },
	{ "@include common-nope\n", "/etc/pam.d/sshd:1: cannot include "
	  "/etc/pam.d/common-nope: does not exist" },
	{ "auth required\n", "/etc/pam.d/sshd:1: malformed line: expected "
	  "type, control and module" },
	{ "auht required pam_unix.so\n",
	  "/etc/pam.d/sshd:1: malformed line: unknown type" },
	{ "auth [default=die pam_unix.so\n",
	  "/etc/pam.d/sshd:1: malformed line: an unclosed \"[\"" },
};

START_TEST(test_pam_broken_stack_is_error)
{
	struct evlist ev;

	tu_write(tu_root, "/etc/pam.d/sshd", broken[_i].file, 0644);
	ck_assert_int_eq(tu_probe_run(tu_root, "pam", "{service: sshd, module: "
	    "pam_unix.so, not_arg: nullok}", &ev, NULL), ST_ERROR);
	ck_assert_str_eq(ev.v[0].message, broken[_i].msg);
	ck_assert_uint_eq(ev.v[0].line, 1);
	evlist_release(&ev);
}
END_TEST

START_TEST(test_pam_deep_includes_are_error)
{
	struct evlist ev;
	char name[32];
	char body[64];

	/* a chain of 20 files, deeper than include_depth (16) */
	for (int i = 0; i < 20; i++) {
		snprintf(name, sizeof(name), "/etc/pam.d/chain%d", i);
		snprintf(body, sizeof(body), "@include chain%d\n", i + 1);
		tu_write(tu_root, name, body, 0644);
	}
	ck_assert_int_eq(tu_probe_run(tu_root, "pam",
	    "{service: chain0, module: " "pam_unix.so}", &ev, NULL), ST_ERROR);
	ck_assert(tu_ev_has(&ev, "includes nested too deep at "
	    "/etc/pam.d/chain17"));
	evlist_release(&ev);
	tu_mkfifo(tu_root, "/etc/pam.d/fifo");
	ck_assert_int_eq(tu_probe_run(tu_root, "pam", "{service: fifo, module: "
	    "pam_unix.so}", &ev, NULL), ST_ERROR);
	ck_assert(tu_ev_has(&ev, "cannot read /etc/pam.d/fifo: not a regular "
	    "file"));
	evlist_release(&ev);
}
END_TEST

static const struct {
	const char	*args;
	const char	*msg;
} bad[] = {
	{ "{service: sshd, module: pam_unix.so, args: nullok}",
	  "test.yaml:1:38: unknown key \"args\" in pam (did you mean \"arg\"?)" },
	{ "{module: pam_unix.so}",
	  "test.yaml:1:1: missing required key \"service\" in pam" },
	{ "{service: sshd}",
	  "test.yaml:1:1: missing required key \"module\" in pam" },
	{ "{service: ../shadow, module: x}", "test.yaml:1:11: service: "
	  "expected a service name, got \"../shadow\"" },
	{ "{service: sshd, module: x, type: login}", "test.yaml:1:34: type: "
	  "expected auth, account, password or session, got \"login\"" },
	{ "{service: sshd, module: x, arg_value: {name: deny}}",
	  "test.yaml:1:39: missing required key \"expect\" in arg_value" },
	{ "{service: sshd, module: x, arg_value: {name: deny, exp: {}}}",
	  "test.yaml:1:52: unknown key \"exp\" in arg_value" },
	{ "{service: sshd, module: x, arg_value: {name: deny, expect: "
	  "{at_most: four}}}", "test.yaml:1:70: at_most: expected an "
	  "integer, got \"four\"" },
	{ "{service: sshd, module: x, expect_present: false, arg: nullok}",
	  "test.yaml:1:56: arg: cannot be used with expect_present: false" },
	{ "{service: sshd, module: x, not_arg: [a, [b]]}",
	  "test.yaml:1:41: not_arg: expected a string, got a sequence" },
	{ "{service: sshd, module: x, expect_present: nope}",
	  "test.yaml:1:44: expect_present: expected true or false, got "
	  "\"nope\"" },
};

START_TEST(test_pam_bad_args_name_file_line_col)
{
	tu_check_compile_error("pam", bad[_i].args, bad[_i].msg);
}
END_TEST

static Suite *
probe_pam_suite(void)
{
	Suite *s = suite_create("probe_pam");
	TCase *tc = tcase_create("eval");

	tcase_add_checked_fixture(tc, setup, tu_root_teardown);
	tcase_add_loop_test(tc, test_pam_verdict_and_evidence, 0,
	    sizeof(cases) / sizeof(cases[0]));
	tcase_add_test(tc, test_pam_evidence_names_included_file_and_line);
	tcase_add_loop_test(tc, test_pam_joins_lines_as_libpam_does, 0,
	    (int)(sizeof(joins) / sizeof(joins[0])));
	tcase_add_loop_test(tc, test_pam_broken_stack_is_error, 0,
	    sizeof(broken) / sizeof(broken[0]));
	tcase_add_test(tc, test_pam_deep_includes_are_error);
	suite_add_tcase(s, tc);
	tc = tcase_create("compile");
	tcase_add_loop_test(tc, test_pam_bad_args_name_file_line_col, 0,
	    sizeof(bad) / sizeof(bad[0]));
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return tu_run_suite(probe_pam_suite());
}
