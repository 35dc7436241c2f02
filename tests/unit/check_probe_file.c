/*
 * check_probe_file.c -- the `file` probe: existence, type, mode ceiling,
 * owner and group, single paths and globs, `missing:` and `exists:`.
 *
 * Each test gets a fresh root whose /etc/passwd names uid 0 "toor", not
 * "root": a probe that asked the host's user database would resolve the
 * names differently, and these rows would fail.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "assay/probe.h"
#include "assay/xmem.h"
#include "testutil.h"

static void
setup(void)
{
	tu_root_setup();
	tu_write(tu_root, "/etc/passwd",
	    "# the image's own accounts\n"
	    "toor:x:0:0:root:/root:/bin/sh\n"
	    "daemon:x:1:1::/:/usr/sbin/nologin\n"
	    "broken line\n"
	    "alice:x:1000:1000::/home/alice:/bin/sh\n", 0644);
	tu_write(tu_root, "/etc/group",
	    "root:x:0:\nshadow:x:42:\nalice:x:1000:\n", 0644);
	tu_write(tu_root, "/etc/shadow", "toor:*:1::::::\n", 0640);
	tu_chown(tu_root, "/etc/shadow", 0, 42);
	tu_write(tu_root, "/etc/motd", "hello\n", 0666);
	tu_chown(tu_root, "/etc/motd", 1000, 1000);
	tu_write(tu_root, "/usr/bin/su", "", 04755);
	tu_mkdir(tu_root, "/etc/ssh", 0755);
	tu_symlink(tu_root, "/etc/link", "motd");
	tu_symlink(tu_root, "/etc/dangle", "/nonexistent");
	tu_symlink(tu_root, "/etc/loop", "/etc/loop");
	tu_mkfifo(tu_root, "/etc/fifo");
	tu_write(tu_root, "/etc/cron.d/a", "", 0644);
	tu_write(tu_root, "/etc/cron.d/b", "", 0600);
}

/* Rows: arguments, the verdict, and a piece of the evidence. */
static const struct {
	const char	*args;
	enum status	 st;
	const char	*ev;
} cases[] = {
	/* existence, and what passing evidence says */
	{ "{path: /etc/shadow}", ST_PASS,
	  "regular file, mode 0640, owner uid 0 (toor), group gid 42 "
	  "(shadow)" },
	{ "{path: /etc/nope}", ST_FAIL, "/etc/nope does not exist" },
	{ "{path: /etc/nope, exists: true}", ST_FAIL,
	  "/etc/nope does not exist" },
	{ "{path: /etc/nope, missing: fail}", ST_FAIL,
	  "/etc/nope does not exist" },
	{ "{path: /etc/nope, missing: pass}", ST_PASS,
	  "/etc/nope does not exist (missing: pass)" },
	{ "{path: /etc/nope, missing: notapplicable}", ST_NOTAPPLICABLE,
	  "/etc/nope does not exist (missing: notapplicable)" },
	{ "{path: /etc/nope, missing: error}", ST_ERROR,
	  "/etc/nope does not exist (missing: error)" },
	{ "{path: /etc/shadow/x}", ST_FAIL, "/etc/shadow/x does not exist" },
	{ "{path: /etc/nope, exists: false}", ST_PASS,
	  "/etc/nope does not exist" },
	{ "{path: /etc/shadow, exists: false}", ST_FAIL,
	  "/etc/shadow exists (regular file, mode 0640)" },
	/* mode is a ceiling */
	{ "{path: /etc/shadow, mode: \"0640\"}", ST_PASS, "mode 0640" },
	{ "{path: /etc/shadow, mode: \"0644\"}", ST_PASS, "mode 0640" },
	{ "{path: /etc/shadow, mode: 0640}", ST_PASS, "mode 0640" },
	{ "{path: /etc/shadow, mode: \"600\"}", ST_FAIL,
	  "mode 0640 is more permissive than 0600" },
	{ "{path: /etc/motd, mode: \"0644\"}", ST_FAIL,
	  "mode 0666 is more permissive than 0644" },
	{ "{path: /usr/bin/su, mode: \"0755\"}", ST_FAIL,
	  "mode 4755 is more permissive than 0755" },
	{ "{path: /usr/bin/su, mode: \"4755\"}", ST_PASS, "mode 4755" },
	/* owner: names through the target's passwd, numbers as uids */
	{ "{path: /etc/shadow, owner: toor}", ST_PASS, "owner uid 0 (toor)" },
	{ "{path: /etc/shadow, owner: 0}", ST_PASS, "owner uid 0 (toor)" },
	{ "{path: /etc/motd, owner: toor}", ST_FAIL,
	  "owner is uid 1000 (alice), expected toor" },
	{ "{path: /etc/motd, owner: [toor, daemon]}", ST_FAIL,
	  "owner is uid 1000 (alice), expected toor or daemon" },
	{ "{path: /etc/motd, owner: [toor, alice]}", ST_PASS,
	  "owner uid 1000 (alice)" },
	{ "{path: /etc/motd, owner: \"1000\"}", ST_PASS,
	  "owner uid 1000 (alice)" },
	/* a name the target does not have owns nothing: decided */
	{ "{path: /etc/shadow, owner: root}", ST_FAIL,
	  "user \"root\" does not exist (/etc/passwd does not list it)" },
	{ "{path: /etc/shadow, owner: [root, toor]}", ST_PASS,
	  "owner uid 0 (toor)" },
	{ "{path: /etc/motd, owner: [root, toor]}", ST_FAIL,
	  "user \"root\" does not exist (/etc/passwd does not list it)" },
	/* group */
	{ "{path: /etc/shadow, group: shadow}", ST_PASS,
	  "group gid 42 (shadow)" },
	{ "{path: /etc/shadow, group: [root, 42]}", ST_PASS,
	  "group gid 42 (shadow)" },
	{ "{path: /etc/shadow, group: root}", ST_FAIL,
	  "group is gid 42 (shadow), expected root" },
	{ "{path: /etc/shadow, group: wheel}", ST_FAIL,
	  "group \"wheel\" does not exist (/etc/group does not list it)" },
	{ "{path: /etc/shadow, mode: \"0600\", group: wheel}", ST_FAIL,
	  "mode 0640 is more permissive than 0600" },
	/* type and follow */
	{ "{path: /etc/ssh, type: dir}", ST_PASS, "directory, mode 0755" },
	{ "{path: /etc/ssh, type: file}", ST_FAIL,
	  "is a directory, expected a regular file" },
	{ "{path: /etc/fifo, type: fifo}", ST_PASS, "fifo, mode 0644" },
	{ "{path: /etc/link, type: file}", ST_PASS, "regular file, mode 0666" },
	{ "{path: /etc/link, type: symlink}", ST_PASS, "symlink" },
	{ "{path: /etc/link, type: file, follow: false}", ST_FAIL,
	  "is a symlink, expected a regular file" },
	{ "{path: /etc/link, type: symlink, follow: true}", ST_FAIL,
	  "is a regular file, expected a symlink" },
	{ "{path: /etc/dangle}", ST_FAIL, "/etc/dangle does not exist" },
	{ "{path: /etc/dangle, follow: false}", ST_PASS, "symlink" },
	{ "{path: /etc/loop}", ST_ERROR,
	  "cannot examine /etc/loop: too many levels of symbolic links" },
	/* globs: every match must satisfy; none is missing */
	{ "{path: \"/etc/cron.d/*\", mode: \"0644\"}", ST_PASS, "mode 0600" },
	{ "{path: \"/etc/cron.d/*\", mode: \"0600\"}", ST_FAIL,
	  "mode 0644 is more permissive than 0600" },
	{ "{path: \"/etc/nothing.d/*\"}", ST_FAIL,
	  "no file matches /etc/nothing.d/*" },
	{ "{path: \"/etc/nothing.d/*\", missing: pass}", ST_PASS,
	  "no file matches /etc/nothing.d/* (missing: pass)" },
	{ "{path: \"/etc/nothing.d/*\", exists: false}", ST_PASS,
	  "nothing matches /etc/nothing.d/*" },
	{ "{path: \"/etc/cron.d/[a]\", exists: false}", ST_FAIL,
	  "/etc/cron.d/a exists (regular file, mode 0644)" },
	/* size compares bytes without reading the content */
	{ "{path: /etc/shadow, size: {at_most: 1024}}", ST_PASS,
	  "regular file, mode 0640" },
	{ "{path: /etc/shadow, size: {at_most: 10}}", ST_FAIL,
	  "size 15 bytes (expected at most 10)" },
	{ "{path: /etc/motd, size: {equals: \"6\"}}", ST_PASS, "mode 0666" },
	/* executable: any execute bit */
	{ "{path: /usr/bin/su, executable: true}", ST_PASS, "mode 4755" },
	{ "{path: /etc/motd, executable: true}", ST_FAIL,
	  "mode 0666 has no execute bit" },
	{ "{path: /usr/bin/su, executable: false}", ST_FAIL,
	  "mode 4755 has an execute bit" },
};

START_TEST(test_file_verdict_and_evidence)
{
	tu_check_verdict("file", cases[_i].args, cases[_i].st, cases[_i].ev);
}
END_TEST

START_TEST(test_file_fail_evidence_has_path_expected_found)
{
	struct evlist ev;

	ck_assert_int_eq(tu_probe_run(tu_root, "file",
	    "{path: /etc/shadow, mode: \"0600\"}", &ev, NULL), ST_FAIL);
	ck_assert_uint_eq(ev.n, 1);
	ck_assert_str_eq(ev.v[0].path, "/etc/shadow");
	ck_assert_str_eq(ev.v[0].expected, "0600 or stricter");
	ck_assert_str_eq(ev.v[0].found, "0640");
	evlist_release(&ev);

	ck_assert_int_eq(tu_probe_run(tu_root, "file",
	    "{path: /etc/motd, owner: toor, group: [root, shadow]}", &ev,
	    NULL), ST_FAIL);
	ck_assert_uint_eq(ev.n, 2);
	ck_assert_str_eq(ev.v[0].message,
	    "owner is uid 1000 (alice), expected toor");
	ck_assert_str_eq(ev.v[0].expected, "toor");
	ck_assert_str_eq(ev.v[0].found, "1000 (alice)");
	ck_assert_str_eq(ev.v[1].message,
	    "group is gid 1000 (alice), expected root or shadow");
	evlist_release(&ev);
}
END_TEST

START_TEST(test_file_glob_reports_each_failing_match)
{
	struct evlist ev;

	tu_write(tu_root, "/etc/cron.d/c", "", 0666);
	ck_assert_int_eq(tu_probe_run(tu_root, "file",
	    "{path: \"/etc/cron.d/*\", mode: \"0600\"}", &ev, NULL), ST_FAIL);
	ck_assert_uint_eq(ev.n, 3);
	ck_assert_str_eq(ev.v[0].path, "/etc/cron.d/a");
	ck_assert_str_eq(ev.v[1].path, "/etc/cron.d/b");
	ck_assert_str_eq(ev.v[1].message, "regular file, mode 0600, owner "
	    "uid 0 (toor), group gid 0 (root)");
	ck_assert_str_eq(ev.v[2].path, "/etc/cron.d/c");
	ck_assert_str_eq(ev.v[2].message,
	    "mode 0666 is more permissive than 0600");
	evlist_release(&ev);
}
END_TEST

START_TEST(test_file_names_without_the_targets_passwd)
{
	struct evlist ev;
	char *passwd = xasprintf("%s/etc/passwd", tu_root);

	/* No passwd at all (a FROM scratch image): no name exists but
	 * "root", the kernel's uid 0; numbers need no database. */
	ck_assert_int_eq(unlink(passwd), 0);
	ck_assert_int_eq(tu_probe_run(tu_root, "file",
	    "{path: /etc/shadow, owner: toor}", &ev, NULL), ST_FAIL);
	ck_assert_str_eq(ev.v[0].message, "user \"toor\" does not exist "
	    "(/etc/passwd does not exist)");
	evlist_release(&ev);
	ck_assert_int_eq(tu_probe_run(tu_root, "file",
	    "{path: /etc/shadow, owner: root}", &ev, NULL), ST_PASS);
	evlist_release(&ev);
	ck_assert_int_eq(tu_probe_run(tu_root, "file",
	    "{path: /etc/shadow, owner: 0}", &ev, NULL), ST_PASS);
	ck_assert(tu_ev_has(&ev, "owner uid 0, group gid 42 (shadow)"));
	evlist_release(&ev);
	/* A passwd that cannot be read leaves the name undecided. */
	tu_mkfifo(tu_root, "/etc/passwd");
	ck_assert_int_eq(tu_probe_run(tu_root, "file",
	    "{path: /etc/shadow, owner: toor}", &ev, NULL), ST_ERROR);
	ck_assert(tu_ev_has(&ev, "cannot resolve user \"toor\": cannot "
	    "read /etc/passwd: "));
	evlist_release(&ev);
	free(passwd);
}
END_TEST

/* Compile errors, asserted whole. */
static const struct {
	const char	*args;
	const char	*msg;
} bad[] = {
	{ "{modee: \"0640\", path: /etc/a}",
	  "test.yaml:1:2: unknown key \"modee\" in file (did you mean \"mode\"?)" },
	{ "[/etc/a]", "test.yaml:1:1: file: expected a mapping, got a "
	  "sequence" },
	{ "{mode: \"0640\"}",
	  "test.yaml:1:1: missing required key \"path\" in file" },
	{ "{path: etc/a}",
	  "test.yaml:1:8: path: expected an absolute path, got \"etc/a\"" },
	{ "{path: [/a]}",
	  "test.yaml:1:8: path: expected a string, got a sequence" },
	{ "{path: /a, mode: \"0980\"}", "test.yaml:1:18: mode: expected an "
	  "octal mode such as \"0640\", got \"0980\"" },
	{ "{path: /a, mode: \"17777\"}", "test.yaml:1:18: mode: expected an "
	  "octal mode such as \"0640\", got \"17777\"" },
	{ "{path: /a, type: pipe}", "test.yaml:1:18: type: expected file, "
	  "dir, symlink, fifo, socket, char or block, got \"pipe\"" },
	{ "{path: /a, exists: maybe}",
	  "test.yaml:1:20: exists: expected true or false, got \"maybe\"" },
	{ "{path: /a, follow: \"true\"}",
	  "test.yaml:1:20: follow: expected true or false, got \"true\"" },
	{ "{path: /a, missing: maybe}", "test.yaml:1:21: missing: expected "
	  "fail, pass, notapplicable or error, got \"maybe\"" },
	{ "{path: /a, owner: []}",
	  "test.yaml:1:19: owner: expected a name or id, got an empty list" },
	{ "{path: /a, group: {x: 1}}", "test.yaml:1:19: group: expected a "
	  "string or a list of strings, got a mapping" },
	{ "{path: /a, owner: [root, \"\"]}", "test.yaml:1:19: owner: empty "
	  "name" },
	{ "{path: /a, exists: false, mode: \"0600\"}",
	  "test.yaml:1:33: mode: not allowed with exists: false" },
	{ "{path: /a, exists: false, size: {at_most: 1}}",
	  "test.yaml:1:33: size: not allowed with exists: false" },
	{ "{path: /a, size: {at_most: x}}", "test.yaml:1:28: at_most: "
	  "expected an integer, got \"x\"" },
	{ "{path: /a, executable: yes}", "test.yaml:1:24: executable: "
	  "expected true or false, got \"yes\"" },
};

START_TEST(test_file_bad_args_name_file_line_col)
{
	tu_check_compile_error("file", bad[_i].args, bad[_i].msg);
}
END_TEST

static Suite *
probe_file_suite(void)
{
	Suite *s = suite_create("probe_file");
	TCase *tc = tcase_create("eval");

	tcase_add_checked_fixture(tc, setup, tu_root_teardown);
	tcase_add_loop_test(tc, test_file_verdict_and_evidence, 0,
	    sizeof(cases) / sizeof(cases[0]));
	tcase_add_test(tc, test_file_fail_evidence_has_path_expected_found);
	tcase_add_test(tc, test_file_glob_reports_each_failing_match);
	tcase_add_test(tc, test_file_names_without_the_targets_passwd);
	suite_add_tcase(s, tc);
	tc = tcase_create("compile");
	tcase_add_loop_test(tc, test_file_bad_args_name_file_line_col, 0,
	    sizeof(bad) / sizeof(bad[0]));
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return tu_run_suite(probe_file_suite());
}
