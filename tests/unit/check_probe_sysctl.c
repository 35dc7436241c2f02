/*
 * check_probe_sysctl.c -- the sysctl probe: sysctl.d precedence across
 * directories, masking, ordering by file name, /etc/sysctl.conf last, the
 * line syntax, and unreadable files.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "assay/probe.h"
#include "assay/xmem.h"
#include "testutil.h"

#define RVA "kernel.randomize_va_space"

static int
run(const char *yaml, struct evlist *ev)
{
	return tu_run("sysctl", yaml, ev);
}

/*
 * Precedence.
 */

START_TEST(test_sysctl_etc_overrides_usr_lib_same_name)
{
	struct evlist ev;

	tu_write(tu_root, "/usr/lib/sysctl.d/50-default.conf",
	    "# systemd defaults\nkernel.randomize_va_space = 0\n", 0644);
	tu_write(tu_root, "/etc/sysctl.d/50-default.conf",
	    "kernel.randomize_va_space = 2\n", 0644);
	ck_assert_int_eq(run("{key: " RVA ", expect: {equals: \"2\"}}", &ev),
	    ST_PASS);
	ck_assert_int_eq(ev.n, 1);
	ck_assert_str_eq(ev.v[0].message, RVA " = 2 at "
	    "/etc/sysctl.d/50-default.conf:1 (the last assignment wins)");
	ck_assert_str_eq(ev.v[0].found, "2");
	ck_assert_ptr_nonnull(ev.v[0].expected);
	evlist_release(&ev);
}
END_TEST

START_TEST(test_sysctl_run_overrides_lib_same_name)
{
	struct evlist ev;

	tu_write(tu_root, "/lib/sysctl.d/60-x.conf", RVA " = 2\n", 0644);
	tu_write(tu_root, "/usr/local/lib/sysctl.d/60-x.conf", RVA " = 1\n",
	    0644);
	tu_write(tu_root, "/run/sysctl.d/60-x.conf", RVA " = 0\n", 0644);
	ck_assert_int_eq(run("{key: " RVA ", expect: {equals: \"2\"}}", &ev),
	    ST_FAIL);
	ck_assert_str_eq(ev.v[0].found, "0");
	ck_assert_str_eq(ev.v[0].path, "/run/sysctl.d/60-x.conf");
	ck_assert_int_eq(ev.n, 1);
	evlist_release(&ev);
}
END_TEST

START_TEST(test_sysctl_dev_null_symlink_masks)
{
	struct evlist ev;

	tu_write(tu_root, "/usr/lib/sysctl.d/10-weak.conf", RVA "=0\n", 0644);
	tu_symlink(tu_root, "/etc/sysctl.d/10-weak.conf", "/dev/null");
	ck_assert_int_eq(run("{key: " RVA ", expect: {equals: \"2\"}}", &ev),
	    ST_FAIL);
	ck_assert_str_eq(ev.v[0].message, RVA " is not set in any sysctl "
	    "configuration file sysctl --system reads (0 read)");
	evlist_release(&ev);
	ck_assert_int_eq(run("{key: " RVA ", missing: notapplicable}", &ev),
	    ST_NOTAPPLICABLE);
	ck_assert_str_eq(ev.v[0].message, RVA " is not set in any sysctl "
	    "configuration file sysctl --system reads (0 read; missing: "
	    "notapplicable)");
	evlist_release(&ev);
}
END_TEST

START_TEST(test_sysctl_empty_file_masks)
{
	struct evlist ev;

	tu_write(tu_root, "/usr/lib/sysctl.d/10-weak.conf", RVA "=0\n", 0644);
	tu_write(tu_root, "/etc/sysctl.d/10-weak.conf", "", 0644);
	tu_write(tu_root, "/etc/sysctl.conf", RVA "=2\n", 0644);
	ck_assert_int_eq(run("{key: " RVA ", expect: {equals: \"2\"}}", &ev),
	    ST_PASS);
	ck_assert_int_eq(ev.n, 1);
	evlist_release(&ev);
}
END_TEST

/* Files are ordered by name across directories, whatever the directory:
 * /usr/lib/sysctl.d/90-b.conf comes after /etc/sysctl.d/10-a.conf. */
START_TEST(test_sysctl_later_file_name_wins_across_directories)
{
	struct evlist ev;

	tu_write(tu_root, "/etc/sysctl.d/10-a.conf", RVA " = 2\n", 0644);
	tu_write(tu_root, "/usr/lib/sysctl.d/90-b.conf", "\n" RVA " = 1\n",
	    0644);
	ck_assert_int_eq(run("{key: " RVA ", expect: {equals: \"2\"}}", &ev),
	    ST_FAIL);
	ck_assert_int_eq(ev.n, 2);
	ck_assert_str_eq(ev.v[0].message, RVA " is set to different values: "
	    "the effective 1 at /usr/lib/sysctl.d/90-b.conf:2, and 2 at "
	    "/etc/sysctl.d/10-a.conf:1 (no conflicting settings allowed)");
	ck_assert_str_eq(ev.v[0].found, "1");
	ck_assert_str_eq(ev.v[1].message, "overridden: " RVA " = 2 at "
	    "/etc/sysctl.d/10-a.conf:1");
	ck_assert_str_eq(ev.v[1].path, "/etc/sysctl.d/10-a.conf");
	ck_assert_uint_eq(ev.v[1].line, 1);
	evlist_release(&ev);
}
END_TEST

/* ... and a vendor file named later beats an /etc file named earlier;
 * the two values conflict, which fails even though the right one is
 * applied (CIS: "no conflicting settings"). */
START_TEST(test_sysctl_files_sorted_by_name_not_directory)
{
	struct evlist ev;

	tu_write(tu_root, "/etc/sysctl.d/90-local.conf", RVA " = 2\n", 0644);
	tu_write(tu_root, "/usr/lib/sysctl.d/10-vendor.conf", RVA " = 0\n",
	    0644);
	ck_assert_int_eq(run("{key: " RVA ", expect: {equals: \"2\"}}", &ev),
	    ST_FAIL);
	ck_assert_str_eq(ev.v[0].path, "/etc/sysctl.d/90-local.conf");
	ck_assert_str_eq(ev.v[0].found, "2");
	ck_assert_str_eq(ev.v[0].message, RVA " is set to different values: "
	    "the effective 2 at /etc/sysctl.d/90-local.conf:1, and 0 at "
	    "/usr/lib/sysctl.d/10-vendor.conf:1 (no conflicting settings "
	    "allowed)");
	ck_assert_str_eq(ev.v[1].message, "overridden: " RVA " = 0 at "
	    "/usr/lib/sysctl.d/10-vendor.conf:1");
	evlist_release(&ev);
}
END_TEST

START_TEST(test_sysctl_last_assignment_in_file_wins)
{
	struct evlist ev;

	tu_write(tu_root, "/etc/sysctl.d/10-a.conf", RVA " = 0\n" RVA " = 2\n",
	    0644);
	ck_assert_int_eq(run("{key: " RVA ", expect: {equals: \"2\"}}", &ev),
	    ST_FAIL);
	ck_assert_uint_eq(ev.v[0].line, 2);
	ck_assert_str_eq(ev.v[0].found, "2");
	ck_assert(tu_ev_has(&ev, "overridden: " RVA " = 0 at "
	    "/etc/sysctl.d/10-a.conf:1"));
	evlist_release(&ev);
}
END_TEST

START_TEST(test_sysctl_conf_is_read_last)
{
	struct evlist ev;

	tu_write(tu_root, "/etc/sysctl.d/99-zz-hardening.conf", RVA " = 2\n",
	    0644);
	tu_write(tu_root, "/etc/sysctl.conf", "#\n# /etc/sysctl.conf\n#\n"
	    RVA " = 1\n", 0644);
	ck_assert_int_eq(run("{key: " RVA ", expect: {equals: \"2\"}}", &ev),
	    ST_FAIL);
	ck_assert_str_eq(ev.v[0].path, "/etc/sysctl.conf");
	ck_assert_uint_eq(ev.v[0].line, 4);
	evlist_release(&ev);
}
END_TEST

/* Debian's /etc/sysctl.d/99-sysctl.conf -> ../sysctl.conf is not read a
 * second time. */
START_TEST(test_sysctl_link_to_sysctl_conf_is_not_read_twice)
{
	struct evlist ev;

	tu_write(tu_root, "/etc/sysctl.conf", RVA "=2\n", 0644);
	tu_symlink(tu_root, "/etc/sysctl.d/99-sysctl.conf", "../sysctl.conf");
	ck_assert_int_eq(run("{key: " RVA ", expect: {equals: \"2\"}}", &ev),
	    ST_PASS);
	ck_assert_int_eq(ev.n, 1);
	ck_assert_str_eq(ev.v[0].path, "/etc/sysctl.conf");
	evlist_release(&ev);
}
END_TEST

/* The same value twice is no conflict. */
START_TEST(test_sysctl_same_value_twice_passes)
{
	struct evlist ev;

	tu_write(tu_root, "/usr/lib/sysctl.d/10-vendor.conf", RVA " = 2\n",
	    0644);
	tu_write(tu_root, "/etc/sysctl.d/90-local.conf", RVA "=2\n", 0644);
	ck_assert_int_eq(run("{key: " RVA ", expect: {equals: \"2\"}}", &ev),
	    ST_PASS);
	ck_assert_int_eq(ev.n, 2);
	evlist_release(&ev);
}
END_TEST

/*
 * With systemd (systemd-sysctl in the target), /etc/sysctl.conf is read
 * only through /etc/sysctl.d/99-sysctl.conf.
 */

static void
with_systemd(void)
{
	tu_write(tu_root, "/lib/systemd/systemd-sysctl", "", 0755);
}

START_TEST(test_sysctl_systemd_reads_sysctl_conf_through_link)
{
	struct evlist ev;

	with_systemd();
	tu_write(tu_root, "/etc/sysctl.conf", RVA "=2\n", 0644);
	tu_symlink(tu_root, "/etc/sysctl.d/99-sysctl.conf", "../sysctl.conf");
	ck_assert_int_eq(run("{key: " RVA ", expect: {equals: \"2\"}}", &ev),
	    ST_PASS);
	ck_assert_int_eq(ev.n, 1);
	ck_assert_str_eq(ev.v[0].message, RVA " = 2 at "
	    "/etc/sysctl.d/99-sysctl.conf:1 (a link to /etc/sysctl.conf) "
	    "(the last assignment wins)");
	evlist_release(&ev);
}
END_TEST

/* No link: systemd-sysctl never applies /etc/sysctl.conf. */
START_TEST(test_sysctl_systemd_without_link_ignores_sysctl_conf)
{
	struct evlist ev;

	with_systemd();
	tu_write(tu_root, "/etc/sysctl.conf", RVA "=2\n", 0644);
	ck_assert_int_eq(run("{key: " RVA ", expect: {equals: \"2\"}}", &ev),
	    ST_FAIL);
	ck_assert_str_eq(ev.v[0].message, RVA " is not set in any sysctl "
	    "configuration file systemd-sysctl reads (0 read)");
	evlist_release(&ev);
	/* The same root under procps (no systemd-sysctl) applies it. */
	{
		char *bin = xasprintf("%s/lib/systemd", tu_root);

		tu_rmtree(bin);
		free(bin);
	}
	ck_assert_int_eq(run("{key: " RVA ", expect: {equals: \"2\"}}", &ev),
	    ST_PASS);
	evlist_release(&ev);
}
END_TEST

/* The 99-sysctl.conf link points elsewhere: that file is applied, with
 * its values, resolved inside the root; /etc/sysctl.conf is not. */
START_TEST(test_sysctl_systemd_link_elsewhere)
{
	struct evlist ev;

	with_systemd();
	tu_write(tu_root, "/etc/sysctl.conf", RVA "=2\n", 0644);
	tu_write(tu_root, "/root/weak.conf", "# local\n" RVA "=0\n", 0600);
	tu_symlink(tu_root, "/etc/sysctl.d/99-sysctl.conf", "/root/weak.conf");
	ck_assert_int_eq(run("{key: " RVA ", expect: {equals: \"2\"}}", &ev),
	    ST_FAIL);
	ck_assert_int_eq(ev.n, 1);
	ck_assert_str_eq(ev.v[0].message, RVA " = 0 at "
	    "/etc/sysctl.d/99-sysctl.conf:2 (a link to /root/weak.conf) "
	    "(the last assignment wins)");
	ck_assert_str_eq(ev.v[0].found, "0");
	evlist_release(&ev);
}
END_TEST

/* Under systemd the link sorts by its name: 99-zz.conf comes after it. */
START_TEST(test_sysctl_systemd_link_sorts_by_name)
{
	struct evlist ev;

	with_systemd();
	tu_write(tu_root, "/etc/sysctl.conf", RVA "=0\n", 0644);
	tu_symlink(tu_root, "/etc/sysctl.d/99-sysctl.conf", "../sysctl.conf");
	tu_write(tu_root, "/usr/lib/sysctl.d/99-zz.conf", RVA "=2\n", 0644);
	ck_assert_int_eq(run("{key: " RVA ", expect: {equals: \"2\"}}", &ev),
	    ST_FAIL);
	ck_assert_str_eq(ev.v[0].path, "/usr/lib/sysctl.d/99-zz.conf");
	ck_assert_str_eq(ev.v[0].found, "2");
	ck_assert(tu_ev_has(&ev, "overridden: " RVA " = 0 at "
	    "/etc/sysctl.d/99-sysctl.conf:1 (a link to /etc/sysctl.conf)"));
	evlist_release(&ev);
}
END_TEST

START_TEST(test_sysctl_only_conf_files_count)
{
	struct evlist ev;

	tu_write(tu_root, "/etc/sysctl.d/README", RVA " = 0\n", 0644);
	tu_write(tu_root, "/etc/sysctl.d/10-a.conf.dpkg-old", RVA " = 0\n",
	    0644);
	tu_write(tu_root, "/etc/sysctl.d/10-a.conf", RVA " = 2\n", 0644);
	ck_assert_int_eq(run("{key: " RVA ", expect: {equals: \"2\"}}", &ev),
	    ST_PASS);
	ck_assert_int_eq(ev.n, 1);
	evlist_release(&ev);
}
END_TEST

/*
 * Syntax.
 */

static const struct {
	const char	*text;
	const char	*key;
	const char	*found;
} syntax_cases[] = {
	{ "kernel.randomize_va_space=2\n", RVA, "2" },
	{ "  kernel.randomize_va_space\t=\t2  \n", RVA, "2" },
	{ "-kernel.randomize_va_space = 2\n", RVA, "2" },
	{ "kernel/randomize_va_space = 2\n", RVA, "2" },
	{ "kernel.randomize_va_space = 2\n", "kernel/randomize_va_space", "2" },
	{ "; kernel.randomize_va_space = 0\n# kernel.randomize_va_space = 0\n"
	    "kernel.randomize_va_space = 2\n", RVA, "2" },
	{ "kernel.randomize_va_space\nkernel.randomize_va_space = 2\n", RVA,
	    "2" },
	{ "net.ipv4.tcp_rmem = 4096  87380\t6291456\n", "net.ipv4.tcp_rmem",
	    "4096 87380 6291456" },
	{ "net/ipv4/conf/eth0.1/rp_filter = 1\n",
	    "net.ipv4.conf.eth0/1.rp_filter", "1" },
	{ "net.ipv4.conf.*.rp_filter = 1\n", "net.ipv4.conf.all.rp_filter",
	    "1" },
	/* An explicit assignment beats a later glob, as in systemd. */
	{ "net.ipv4.conf.all.rp_filter = 2\nnet.ipv4.conf.*.rp_filter = 1\n",
	    "net.ipv4.conf.all.rp_filter", "2" },
	{ "kernel.core_pattern = |/bin/false # no comment here\n",
	    "kernel.core_pattern", "|/bin/false # no comment here" },
	{ "fs.suid_dumpable =\n", "fs.suid_dumpable", "" },
};

START_TEST(test_sysctl_line_syntax)
{
	struct evlist ev;
	char *yaml = xasprintf("{key: \"%s\", expect: {equals: \"%s\"}}",
	    syntax_cases[_i].key, syntax_cases[_i].found);

	tu_write(tu_root, "/etc/sysctl.d/60-test.conf", syntax_cases[_i].text,
	    0644);
	ck_assert_msg(run(yaml, &ev) == ST_PASS, "%s: %s",
	    syntax_cases[_i].text, ev.n > 0 ? ev.v[0].message : "");
	ck_assert_str_eq(ev.v[0].found, syntax_cases[_i].found);
	free(yaml);
	evlist_release(&ev);
}
END_TEST

START_TEST(test_sysctl_integers_compare_numerically)
{
	struct evlist ev;

	tu_write(tu_root, "/etc/sysctl.d/60-net.conf",
	    "net.ipv4.tcp_max_syn_backlog = 4096\n", 0644);
	ck_assert_int_eq(run("{key: net.ipv4.tcp_max_syn_backlog, expect: "
	    "{at_least: 1024}}", &ev), ST_PASS);
	evlist_release(&ev);
	ck_assert_int_eq(run("{key: net.ipv4.tcp_max_syn_backlog, expect: "
	    "{at_most: 1024}}", &ev), ST_FAIL);
	evlist_release(&ev);
}
END_TEST

START_TEST(test_sysctl_set_without_expect_passes)
{
	struct evlist ev;

	tu_write(tu_root, "/etc/sysctl.d/60-a.conf", "kernel.sysrq = 0\n",
	    0644);
	ck_assert_int_eq(run("{key: kernel.sysrq}", &ev), ST_PASS);
	ck_assert_str_eq(ev.v[0].found, "0");
	ck_assert_ptr_null(ev.v[0].expected);
	evlist_release(&ev);
}
END_TEST

START_TEST(test_sysctl_fifo_dropin_is_error)
{
	struct evlist ev;

	tu_write(tu_root, "/etc/sysctl.d/10-a.conf", RVA " = 2\n", 0644);
	tu_mkfifo(tu_root, "/etc/sysctl.d/20-pipe.conf");
	ck_assert_int_eq(run("{key: " RVA ", expect: {equals: \"2\"}}", &ev),
	    ST_ERROR);
	ck_assert_str_eq(ev.v[ev.n - 1].message, "cannot read "
	    "/etc/sysctl.d/20-pipe.conf: not a regular file (fifo)");
	evlist_release(&ev);
}
END_TEST

START_TEST(test_sysctl_fifo_sysctl_conf_is_error)
{
	struct evlist ev;

	tu_mkfifo(tu_root, "/etc/sysctl.conf");
	ck_assert_int_eq(run("{key: " RVA ", expect: {equals: \"2\"}}", &ev),
	    ST_ERROR);
	evlist_release(&ev);
}
END_TEST

static const struct {
	const char	*yaml;
	const char	*error;
} compile_cases[] = {
	{ "{expect: {equals: \"2\"}}",
	    "test.yaml:1:1: missing required key \"key\" in sysctl" },
	{ "{key: " RVA ", exepct: {equals: \"2\"}}",
	    "test.yaml:1:34: unknown key \"exepct\" in sysctl (did you mean \"expect\"?)" },
	{ "{key: \"kernel randomize\"}",
	    "test.yaml:1:7: key: expected a sysctl name such as "
	    "kernel.randomize_va_space, got \"kernel randomize\"" },
	{ "{key: \"a=b\"}",
	    "test.yaml:1:7: key: expected a sysctl name such as "
	    "kernel.randomize_va_space, got \"a=b\"" },
	{ "{key: " RVA ", missing: maybe}",
	    "test.yaml:1:43: missing: expected fail, pass, notapplicable or "
	    "error, got \"maybe\"" },
};

START_TEST(test_sysctl_compile_errors)
{
	tu_check_compile_error("sysctl", compile_cases[_i].yaml,
	    compile_cases[_i].error);
}
END_TEST

#define NELEM(a) ((int)(sizeof(a) / sizeof((a)[0])))

static Suite *
sysctl_suite(void)
{
	Suite *s = suite_create("probe_sysctl");
	TCase *tc = tcase_create("core");

	tcase_add_checked_fixture(tc, tu_root_setup_etc, tu_root_teardown);
	tcase_add_test(tc, test_sysctl_etc_overrides_usr_lib_same_name);
	tcase_add_test(tc, test_sysctl_run_overrides_lib_same_name);
	tcase_add_test(tc, test_sysctl_dev_null_symlink_masks);
	tcase_add_test(tc, test_sysctl_empty_file_masks);
	tcase_add_test(tc, test_sysctl_later_file_name_wins_across_directories);
	tcase_add_test(tc, test_sysctl_files_sorted_by_name_not_directory);
	tcase_add_test(tc, test_sysctl_last_assignment_in_file_wins);
	tcase_add_test(tc, test_sysctl_conf_is_read_last);
	tcase_add_test(tc, test_sysctl_link_to_sysctl_conf_is_not_read_twice);
	tcase_add_test(tc, test_sysctl_same_value_twice_passes);
	tcase_add_test(tc, test_sysctl_systemd_reads_sysctl_conf_through_link);
	tcase_add_test(tc, test_sysctl_systemd_without_link_ignores_sysctl_conf);
	tcase_add_test(tc, test_sysctl_systemd_link_elsewhere);
	tcase_add_test(tc, test_sysctl_systemd_link_sorts_by_name);
	tcase_add_test(tc, test_sysctl_only_conf_files_count);
	tcase_add_loop_test(tc, test_sysctl_line_syntax, 0,
	    NELEM(syntax_cases));
	tcase_add_test(tc, test_sysctl_integers_compare_numerically);
	tcase_add_test(tc, test_sysctl_set_without_expect_passes);
	tcase_add_test(tc, test_sysctl_fifo_dropin_is_error);
	tcase_add_test(tc, test_sysctl_fifo_sysctl_conf_is_error);
	tcase_add_loop_test(tc, test_sysctl_compile_errors, 0,
	    NELEM(compile_cases));
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return tu_run_suite(sysctl_suite());
}
