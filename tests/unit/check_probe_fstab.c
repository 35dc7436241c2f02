/*
 * check_probe_fstab.c -- the `fstab` probe: mount options (last of an
 * option and its opposite wins), exists, no_swap, single_root, octal
 * escapes, malformed lines and bad arguments.
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
	tu_write(tu_root, "/etc/fstab",
	    "# <file system> <mount point> <type> <options> <dump> <pass>\n"
	    "UUID=1234-abcd / ext4 errors=remount-ro 0 1\n"
	    "\n"
	    "  # indented comment\n"
	    "tmpfs /tmp tmpfs defaults,nodev,nosuid,noexec 0 0\n"
	    "LABEL=var\t/var/tmp/\text4\tnodev,nosuid,noexec,exec\n"
	    "/dev/sdb1 /srv/my\\040data ext4 nodev\n"
	    "/swapfile none swap sw 0 0\n", 0644);
}

static const struct {
	const char	*args;
	enum status	 st;
	const char	*ev;
} cases[] = {
	{ "{mountpoint: /tmp, options: [nodev, nosuid, noexec]}", ST_PASS,
	  "/tmp (tmpfs from tmpfs) is mounted with defaults,nodev,nosuid,"
	  "noexec" },
	{ "{mountpoint: /var/tmp, options: [nodev, noexec]}", ST_FAIL,
	  "/var/tmp (ext4 from LABEL=var) is mounted without noexec: "
	  "options nodev,nosuid,noexec,exec" },
	{ "{mountpoint: /var/tmp, options: nosuid}", ST_PASS, "/var/tmp" },
	{ "{mountpoint: \"/srv/my data\", options: [nodev]}", ST_PASS,
	  "/srv/my data (ext4 from /dev/sdb1)" },
	{ "{mountpoint: /home, options: [nodev]}", ST_FAIL,
	  "no /etc/fstab entry mounts /home" },
	{ "{mountpoint: /home, options: [nodev], missing: notapplicable}",
	  ST_NOTAPPLICABLE, "no /etc/fstab entry mounts /home (missing: "
	  "notapplicable)" },
	{ "{mountpoint: /tmp}", ST_PASS, "/tmp (tmpfs from tmpfs)" },
	{ "{mountpoint: /tmp, exists: false}", ST_FAIL,
	  "/tmp is a mount point (tmpfs from tmpfs)" },
	{ "{mountpoint: /home, exists: false}", ST_PASS,
	  "no /etc/fstab entry mounts /home" },
	{ "{query: no_swap}", ST_FAIL, "swap entry: /swapfile" },
	{ "{query: single_root}", ST_PASS,
	  "/ is mounted from UUID=1234-abcd (ext4)" },
};

START_TEST(test_fstab_verdict_and_evidence)
{
	tu_check_verdict("fstab", cases[_i].args, cases[_i].st, cases[_i].ev);
}
END_TEST

START_TEST(test_fstab_fail_names_line_and_values)
{
	struct evlist ev;

	ck_assert_int_eq(tu_probe_run(tu_root, "fstab",
	    "{mountpoint: /var/tmp, options: [nodev, noexec, ro]}", &ev,
	    NULL), ST_FAIL);
	ck_assert_uint_eq(ev.n, 1);
	ck_assert_str_eq(ev.v[0].path, "/etc/fstab");
	ck_assert_uint_eq(ev.v[0].line, 6);
	ck_assert_str_eq(ev.v[0].expected, "noexec,ro");
	ck_assert_str_eq(ev.v[0].found, "nodev,nosuid,noexec,exec");
	evlist_release(&ev);
}
END_TEST

START_TEST(test_fstab_no_swap_and_single_root)
{
	struct evlist ev;

	tu_write(tu_root, "/etc/fstab", "/dev/sda1 / ext4 defaults 0 1\n"
	    "/dev/sdb1 / xfs defaults 0 1\n", 0644);
	ck_assert_int_eq(tu_probe_run(tu_root, "fstab", "{query: no_swap}", &ev,
	    NULL), ST_PASS);
	ck_assert_str_eq(ev.v[0].message,
	    "no swap entry in /etc/fstab (2 entries)");
	evlist_release(&ev);
	ck_assert_int_eq(tu_probe_run(tu_root, "fstab", "{query: single_root}",
	    &ev, NULL), ST_FAIL);
	ck_assert(tu_ev_has(&ev, "2 entries in /etc/fstab mount /"));
	evlist_release(&ev);
	tu_write(tu_root, "/etc/fstab", "", 0644);
	ck_assert_int_eq(tu_probe_run(tu_root, "fstab", "{query: single_root}",
	    &ev, NULL), ST_FAIL);
	ck_assert_str_eq(ev.v[0].message, "no entry in /etc/fstab mounts /");
	evlist_release(&ev);
}
END_TEST

START_TEST(test_fstab_missing_and_unreadable)
{
	struct evlist ev;

	tu_rmtree(tu_root);
	free(tu_root);
	tu_root_setup();
	ck_assert_int_eq(tu_probe_run(tu_root, "fstab",
	    "{query: no_swap, missing: pass}", &ev, NULL), ST_PASS);
	ck_assert_str_eq(ev.v[0].message,
	    "/etc/fstab does not exist (missing: pass)");
	evlist_release(&ev);
	tu_mkfifo(tu_root, "/etc/fstab");
	ck_assert_int_eq(tu_probe_run(tu_root, "fstab", "{query: no_swap}", &ev,
	    NULL), ST_ERROR);
	ck_assert(tu_ev_has(&ev, "cannot read /etc/fstab: not a regular "
	    "file"));
	evlist_release(&ev);
}
END_TEST

static const struct {
	const char	*line;
	const char	*msg;
} malformed[] = {
	{ "/dev/sda1 / ext4\n", "/etc/fstab:1: malformed entry: expected 4 "
	  "to 6 fields, found 3" },
	{ "a b c d e f g\n", "/etc/fstab:1: malformed entry: expected 4 to 6 "
	  "fields, found more" },
};

START_TEST(test_fstab_malformed_is_error)
{
	struct evlist ev;

	tu_write(tu_root, "/etc/fstab", malformed[_i].line, 0644);
	ck_assert_int_eq(tu_probe_run(tu_root, "fstab", "{query: no_swap}", &ev,
	    NULL), ST_ERROR);
	ck_assert_str_eq(ev.v[0].message, malformed[_i].msg);
	ck_assert_uint_eq(ev.v[0].line, 1);
	evlist_release(&ev);
}
END_TEST

static const struct {
	const char	*args;
	const char	*msg;
} bad[] = {
	{ "{mountpoint: /tmp, option: [nodev]}",
	  "test.yaml:1:20: unknown key \"option\" in fstab (did you mean \"options\"?)" },
	{ "{options: [nodev]}", "test.yaml:1:1: missing required key "
	  "\"mountpoint\" or \"query\" in fstab" },
	{ "{mountpoint: tmp}", "test.yaml:1:14: mountpoint: expected an "
	  "absolute path, got \"tmp\"" },
	{ "{mountpoint: /tmp, options: \"nodev,nosuid\"}", "test.yaml:1:29: "
	  "options: expected one mount option per item, got \"nodev,nosuid\"" },
	{ "{mountpoint: /tmp, options: [nodev, {a: b}]}", "test.yaml:1:37: "
	  "options: expected a string, got a mapping" },
	{ "{mountpoint: /tmp, exists: false, options: [nodev]}",
	  "test.yaml:1:44: options: cannot be used with exists: false" },
	{ "{query: swap}", "test.yaml:1:9: query: expected no_swap or "
	  "single_root, got \"swap\"" },
	{ "{query: no_swap, options: [nodev]}",
	  "test.yaml:1:27: options: only used with mountpoint" },
	{ "{query: no_swap, mountpoint: /}",
	  "test.yaml:1:9: query: cannot be used with mountpoint" },
	{ "{mountpoint: /tmp, exists: 1}",
	  "test.yaml:1:28: exists: expected true or false, got \"1\"" },
};

START_TEST(test_fstab_bad_args_name_file_line_col)
{
	tu_check_compile_error("fstab", bad[_i].args, bad[_i].msg);
}
END_TEST

static Suite *
probe_fstab_suite(void)
{
	Suite *s = suite_create("probe_fstab");
	TCase *tc = tcase_create("eval");

	tcase_add_checked_fixture(tc, setup, tu_root_teardown);
	tcase_add_loop_test(tc, test_fstab_verdict_and_evidence, 0,
	    sizeof(cases) / sizeof(cases[0]));
	tcase_add_test(tc, test_fstab_fail_names_line_and_values);
	tcase_add_test(tc, test_fstab_no_swap_and_single_root);
	tcase_add_test(tc, test_fstab_missing_and_unreadable);
	tcase_add_loop_test(tc, test_fstab_malformed_is_error, 0,
	    sizeof(malformed) / sizeof(malformed[0]));
	suite_add_tcase(s, tc);
	tc = tcase_create("compile");
	tcase_add_loop_test(tc, test_fstab_bad_args_name_file_line_col, 0,
	    sizeof(bad) / sizeof(bad[0]));
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return tu_run_suite(probe_fstab_suite());
}
