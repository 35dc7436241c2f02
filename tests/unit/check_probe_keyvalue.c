/*
 * check_probe_keyvalue.c -- the keyvalue probe on login.defs,
 * pwquality.conf and journald.conf-style files: separators, comments,
 * sections, globs, first/last, defaults, missing files and keys.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "assay/probe.h"
#include "assay/xmem.h"
#include "testutil.h"

/* An excerpt of Debian 12's /etc/login.defs (login 1:4.13+dfsg1-1). */
static const char login_defs[] =
    "#\n"
    "# /etc/login.defs - Configuration control definitions for the login "
    "package.\n"
    "#\n"
    "MAIL_DIR        /var/mail\n"
    "#MAIL_FILE      .mail\n"
    "FAILLOG_ENAB\t\tyes\n"
    "ENV_SUPATH\tPATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:"
    "/sbin:/bin\n"
    "TTYGROUP\ttty\n"
    "TTYPERM\t\t0600\n"
    "ERASECHAR\t0177\n"
    "UMASK\t\t022\n"
    "#\n"
    "# Password aging controls:\n"
    "#\n"
    "#\tPASS_MAX_DAYS\tMaximum number of days a password may be used.\n"
    "#\tPASS_MIN_DAYS\tMinimum number of days allowed between password "
    "changes.\n"
    "#\tPASS_WARN_AGE\tNumber of days warning given before a password "
    "expires.\n"
    "#\n"
    "PASS_MAX_DAYS\t99999\n"
    "PASS_MIN_DAYS\t0\n"
    "PASS_WARN_AGE\t7\n"
    "UID_MIN\t\t\t 1000\n"
    "UID_MAX\t\t\t60000\n"
    "ENCRYPT_METHOD SHA512\n";

static int
run(const char *yaml, struct evlist *ev)
{
	return tu_run("keyvalue", yaml, ev);
}

START_TEST(test_kv_login_defs_value_fails_with_evidence)
{
	struct evlist ev;

	tu_write(tu_root, "/etc/login.defs", login_defs, 0644);
	ck_assert_int_eq(run("{path: /etc/login.defs, key: PASS_MAX_DAYS, "
	    "expect: {at_most: 365}}", &ev), ST_FAIL);
	ck_assert_int_eq(ev.n, 1);
	ck_assert_str_eq(ev.v[0].message, "PASS_MAX_DAYS 99999 at "
	    "/etc/login.defs:19");
	ck_assert_str_eq(ev.v[0].path, "/etc/login.defs");
	ck_assert_uint_eq(ev.v[0].line, 19);
	ck_assert_str_eq(ev.v[0].found, "99999");
	ck_assert_ptr_nonnull(ev.v[0].expected);
	evlist_release(&ev);
}
END_TEST

static const struct {
	const char	*key;
	const char	*found;
} login_defs_cases[] = {
	{ "UMASK", "022" },
	{ "UID_MIN", "1000" },
	{ "ENCRYPT_METHOD", "SHA512" },
	{ "FAILLOG_ENAB", "yes" },
	{ "ENV_SUPATH", "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:"
	    "/usr/bin:/sbin:/bin" },
};

START_TEST(test_kv_login_defs_whitespace_separated)
{
	struct evlist ev;
	char *yaml = xasprintf("{path: /etc/login.defs, key: %s, expect: "
	    "{equals: \"%s\"}}", login_defs_cases[_i].key,
	    login_defs_cases[_i].found);

	tu_write(tu_root, "/etc/login.defs", login_defs, 0644);
	ck_assert_int_eq(run(yaml, &ev), ST_PASS);
	ck_assert_str_eq(ev.v[0].found, login_defs_cases[_i].found);
	free(yaml);
	evlist_release(&ev);
}
END_TEST

START_TEST(test_kv_pwquality_equals_separator)
{
	struct evlist ev;

	tu_write(tu_root, "/etc/security/pwquality.conf",
	    "# Minimum acceptable size for the new password\n"
	    "# minlen = 8\n"
	    "minlen = 14\n"
	    "  dcredit=-1\n", 0644);
	ck_assert_int_eq(run("{path: /etc/security/pwquality.conf, key: "
	    "minlen, separator: \"=\", expect: {at_least: 14}}", &ev), ST_PASS);
	ck_assert_str_eq(ev.v[0].message, "minlen 14 at "
	    "/etc/security/pwquality.conf:3");
	evlist_release(&ev);
	ck_assert_int_eq(run("{path: /etc/security/pwquality.conf, key: "
	    "dcredit, separator: \" = \", expect: {equals: \"-1\"}}", &ev),
	    ST_PASS);
	evlist_release(&ev);
}
END_TEST

START_TEST(test_kv_colon_separator_and_custom_comment)
{
	struct evlist ev;

	tu_write(tu_root, "/etc/app.conf", "; level: debug\nlevel:  info \n",
	    0644);
	ck_assert_int_eq(run("{path: /etc/app.conf, key: level, separator: "
	    "\":\", comment: \";\", expect: {equals: info}}", &ev), ST_PASS);
	ck_assert_uint_eq(ev.v[0].line, 2);
	evlist_release(&ev);
}
END_TEST

START_TEST(test_kv_quotes_removed)
{
	struct evlist ev;

	tu_write(tu_root, "/etc/default/useradd", "SHELL=\"/bin/sh\"\n", 0644);
	ck_assert_int_eq(run("{path: /etc/default/useradd, key: SHELL, "
	    "separator: \"=\", expect: {equals: /bin/sh}}", &ev), ST_PASS);
	evlist_release(&ev);
}
END_TEST

static const char journald_conf[] =
    "#  This file is part of systemd.\n"
    "[Journal]\n"
    "#Storage=auto\n"
    "Compress=yes\n"
    "[Other]\n"
    "Storage=volatile\n"
    "[Journal]\n"
    "Storage = persistent\n";

START_TEST(test_kv_section_limits_keys)
{
	struct evlist ev;

	tu_write(tu_root, "/etc/systemd/journald.conf", journald_conf, 0644);
	ck_assert_int_eq(run("{path: /etc/systemd/journald.conf, key: Storage,"
	    " separator: \"=\", section: Journal, which: first, expect: "
	    "{equals: persistent}}", &ev), ST_PASS);
	ck_assert_uint_eq(ev.v[0].line, 8);
	evlist_release(&ev);
	/* Without section: every key counts. */
	ck_assert_int_eq(run("{path: /etc/systemd/journald.conf, key: Storage,"
	    " separator: \"=\", which: first, expect: {equals: volatile}}",
	    &ev), ST_PASS);
	evlist_release(&ev);
	ck_assert_int_eq(run("{path: /etc/systemd/journald.conf, key: Storage,"
	    " separator: \"=\", section: Other, expect: {equals: volatile}}",
	    &ev), ST_PASS);
	evlist_release(&ev);
	ck_assert_int_eq(run("{path: /etc/systemd/journald.conf, key: Compress,"
	    " separator: \"=\", section: Other}", &ev), ST_FAIL);
	ck_assert_str_eq(ev.v[0].message, "Compress is not set in "
	    "/etc/systemd/journald.conf");
	evlist_release(&ev);
}
END_TEST

START_TEST(test_kv_glob_files_in_order_last_wins)
{
	struct evlist ev;

	tu_write(tu_root, "/etc/systemd/journald.conf.d/20-b.conf",
	    "[Journal]\nStorage=volatile\n", 0644);
	tu_write(tu_root, "/etc/systemd/journald.conf.d/10-a.conf",
	    "[Journal]\nStorage=persistent\n", 0644);
	tu_write(tu_root, "/etc/systemd/journald.conf.d/30-c.conf",
	    "[Journal]\nCompress=yes\n", 0644);
	ck_assert_int_eq(run("{path: \"/etc/systemd/journald.conf.d/*.conf\", "
	    "key: Storage, separator: \"=\", section: Journal, expect: "
	    "{equals: persistent}}", &ev), ST_FAIL);
	ck_assert_int_eq(ev.n, 2);
	ck_assert_str_eq(ev.v[0].message, "Storage volatile at "
	    "/etc/systemd/journald.conf.d/20-b.conf:2 (the last assignment "
	    "wins)");
	ck_assert_str_eq(ev.v[1].message, "ignored: Storage persistent at "
	    "/etc/systemd/journald.conf.d/10-a.conf:2");
	evlist_release(&ev);
	ck_assert_int_eq(run("{path: \"/etc/systemd/journald.conf.d/*.conf\", "
	    "key: Storage, separator: \"=\", which: first, expect: "
	    "{equals: persistent}}", &ev), ST_PASS);
	ck_assert_str_eq(ev.v[0].message, "Storage persistent at "
	    "/etc/systemd/journald.conf.d/10-a.conf:2 (the first assignment "
	    "wins)");
	evlist_release(&ev);
}
END_TEST

START_TEST(test_kv_nocase_key)
{
	struct evlist ev;

	tu_write(tu_root, "/etc/login.defs", "pass_max_days 90\n", 0644);
	ck_assert_int_eq(run("{path: /etc/login.defs, key: PASS_MAX_DAYS, "
	    "nocase_key: true, expect: {at_most: 365}}", &ev), ST_PASS);
	evlist_release(&ev);
	ck_assert_int_eq(run("{path: /etc/login.defs, key: PASS_MAX_DAYS, "
	    "expect: {at_most: 365}}", &ev), ST_FAIL);
	ck_assert_str_eq(ev.v[0].message, "PASS_MAX_DAYS is not set in "
	    "/etc/login.defs");
	evlist_release(&ev);
}
END_TEST

START_TEST(test_kv_default_used_when_absent)
{
	struct evlist ev;

	tu_write(tu_root, "/etc/login.defs", login_defs, 0644);
	ck_assert_int_eq(run("{path: /etc/login.defs, key: "
	    "SHA_CRYPT_MIN_ROUNDS, default: \"5000\", expect: {at_least: "
	    "5000}}", &ev), ST_PASS);
	ck_assert_str_eq(ev.v[0].message, "SHA_CRYPT_MIN_ROUNDS 5000 "
	    "(/etc/login.defs does not set it; default from the rule)");
	ck_assert_str_eq(ev.v[0].found, "5000");
	evlist_release(&ev);
	ck_assert_int_eq(run("{path: /etc/nope.conf, key: X, default: \"1\", "
	    "expect: {equals: \"2\"}}", &ev), ST_FAIL);
	ck_assert_str_eq(ev.v[0].message, "X 1 (/etc/nope.conf does not "
	    "exist; default from the rule)");
	evlist_release(&ev);
	ck_assert_int_eq(run("{path: \"/etc/nope.d/*\", key: X, default: "
	    "\"2\", expect: {equals: \"2\"}}", &ev), ST_PASS);
	ck_assert_str_eq(ev.v[0].message, "X 2 (no file matches "
	    "/etc/nope.d/*; default from the rule)");
	evlist_release(&ev);
}
END_TEST

static const struct {
	const char	*yaml;
	int		 status;
	const char	*message;
} missing_cases[] = {
	{ "{path: /etc/login.defs, key: PASS_MAX_DAYS}", ST_FAIL,
	    "/etc/login.defs does not exist" },
	{ "{path: /etc/login.defs, key: PASS_MAX_DAYS, missing: pass}",
	    ST_PASS, "/etc/login.defs does not exist (missing: pass)" },
	{ "{path: /etc/login.defs, key: PASS_MAX_DAYS, missing: error}",
	    ST_ERROR, "/etc/login.defs does not exist (missing: error)" },
	{ "{path: \"/etc/none.d/*.conf\", key: A, missing: notapplicable}",
	    ST_NOTAPPLICABLE,
	    "no file matches /etc/none.d/*.conf (missing: notapplicable)" },
	{ "{path: /etc/present.conf, key: A, missing: notapplicable}",
	    ST_NOTAPPLICABLE,
	    "A is not set in /etc/present.conf (missing: notapplicable)" },
};

START_TEST(test_kv_missing_file_or_key)
{
	struct evlist ev;

	tu_write(tu_root, "/etc/present.conf", "B 1\n", 0644);
	ck_assert_int_eq(run(missing_cases[_i].yaml, &ev),
	    missing_cases[_i].status);
	ck_assert_str_eq(ev.v[0].message, missing_cases[_i].message);
	evlist_release(&ev);
}
END_TEST

START_TEST(test_kv_present_without_expect_passes)
{
	struct evlist ev;

	tu_write(tu_root, "/etc/login.defs", login_defs, 0644);
	ck_assert_int_eq(run("{path: /etc/login.defs, key: ENCRYPT_METHOD}",
	    &ev), ST_PASS);
	ck_assert_str_eq(ev.v[0].found, "SHA512");
	ck_assert_ptr_null(ev.v[0].expected);
	evlist_release(&ev);
}
END_TEST

START_TEST(test_kv_fifo_is_error)
{
	struct evlist ev;

	tu_mkfifo(tu_root, "/etc/login.defs");
	ck_assert_int_eq(run("{path: /etc/login.defs, key: PASS_MAX_DAYS}",
	    &ev), ST_ERROR);
	ck_assert_str_eq(ev.v[0].message, "cannot read /etc/login.defs: not a "
	    "regular file (fifo)");
	evlist_release(&ev);
}
END_TEST

static const struct {
	const char	*yaml;
	const char	*error;
} compile_cases[] = {
	{ "{key: A}",
	    "test.yaml:1:1: missing required key \"path\" in keyvalue" },
	{ "{path: /etc/a}",
	    "test.yaml:1:1: missing required key \"key\" in keyvalue" },
	{ "{path: /etc/a, key: A, sep: \"=\"}",
	    "test.yaml:1:24: unknown key \"sep\" in keyvalue" },
	{ "{path: etc/a, key: A}",
	    "test.yaml:1:8: path: expected an absolute path, got \"etc/a\"" },
	{ "{path: /etc/a, key: \"A B\"}",
	    "test.yaml:1:21: key: expected a key without white space, got "
	    "\"A B\"" },
	{ "{path: /etc/a, key: A, separator: \"\"}",
	    "test.yaml:1:35: separator: expected 1 to 8 characters, got \"\"" },
	{ "{path: /etc/a, key: A, which: middle}",
	    "test.yaml:1:31: which: expected first or last, got \"middle\"" },
	{ "{path: /etc/a, key: A, missing: ignore}",
	    "test.yaml:1:33: missing: expected fail, pass, notapplicable or "
	    "error, got \"ignore\"" },
};

START_TEST(test_kv_compile_errors)
{
	tu_check_compile_error("keyvalue", compile_cases[_i].yaml,
	    compile_cases[_i].error);
}
END_TEST

#define NELEM(a) ((int)(sizeof(a) / sizeof((a)[0])))

static Suite *
keyvalue_suite(void)
{
	Suite *s = suite_create("probe_keyvalue");
	TCase *tc = tcase_create("core");

	tcase_add_checked_fixture(tc, tu_root_setup_etc, tu_root_teardown);
	tcase_add_test(tc, test_kv_login_defs_value_fails_with_evidence);
	tcase_add_loop_test(tc, test_kv_login_defs_whitespace_separated, 0,
	    NELEM(login_defs_cases));
	tcase_add_test(tc, test_kv_pwquality_equals_separator);
	tcase_add_test(tc, test_kv_colon_separator_and_custom_comment);
	tcase_add_test(tc, test_kv_quotes_removed);
	tcase_add_test(tc, test_kv_section_limits_keys);
	tcase_add_test(tc, test_kv_glob_files_in_order_last_wins);
	tcase_add_test(tc, test_kv_nocase_key);
	tcase_add_test(tc, test_kv_default_used_when_absent);
	tcase_add_loop_test(tc, test_kv_missing_file_or_key, 0,
	    NELEM(missing_cases));
	tcase_add_test(tc, test_kv_present_without_expect_passes);
	tcase_add_test(tc, test_kv_fifo_is_error);
	tcase_add_loop_test(tc, test_kv_compile_errors, 0,
	    NELEM(compile_cases));
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return tu_run_suite(keyvalue_suite());
}
