/*
 * check_probe_modprobe.c -- the `modprobe` probe: install lines (the
 * first match wins), blacklist, directory precedence and masking, `-`/`_`
 * equivalence, continuations, disabled: false (Azure udf/vfat) and bad
 * arguments.
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
	tu_write(tu_root, "/etc/modprobe.d/cramfs.conf",
	    "# CIS 1.1.1.1\n"
	    "install cramfs /bin/false\n"
	    "blacklist cramfs\n", 0644);
	tu_write(tu_root, "/etc/modprobe.d/usb.conf",
	    "install usb-storage \\\n  /bin/true\n", 0644);
	tu_write(tu_root, "/etc/modprobe.d/hfs.conf", "blacklist hfs\n", 0644);
	tu_write(tu_root, "/etc/modprobe.d/10-jffs2.conf",
	    "install jffs2 /sbin/modprobe --ignore-install jffs2\n", 0644);
	tu_write(tu_root, "/etc/modprobe.d/90-jffs2.conf",
	    "install jffs2 /bin/false\n", 0644);
	tu_write(tu_root, "/etc/modprobe.d/notes.txt",
	    "install udf /bin/false\n", 0644);
	/* the vendor file is masked by /etc's symlink to /dev/null */
	tu_write(tu_root, "/usr/lib/modprobe.d/vendor.conf",
	    "install vfat /bin/false\n", 0644);
	tu_symlink(tu_root, "/etc/modprobe.d/vendor.conf", "/dev/null");
	tu_write(tu_root, "/lib/modprobe.d/freevxfs.conf",
	    "install freevxfs /usr/bin/true\n", 0644);
	tu_write(tu_root, "/usr/lib/modprobe.d/cramfs.conf",
	    "install hfsplus /bin/false\n", 0644);
}

static const struct {
	const char	*args;
	enum status	 st;
	const char	*ev;
} cases[] = {
	{ "{module: cramfs}", ST_PASS, "install cramfs /bin/false (disabled)" },
	{ "{module: cramfs, disabled: true, require_blacklist: true}",
	  ST_PASS, "blacklist cramfs" },
	{ "{module: usb_storage}", ST_PASS,
	  "install usb_storage /bin/true (disabled)" },
	{ "{module: usb-storage, require_blacklist: true}", ST_FAIL,
	  "usb_storage is not blacklisted" },
	{ "{module: hfs}", ST_FAIL, "no install line for hfs in modprobe.d: "
	  "the module can be loaded" },
	{ "{module: hfs}", ST_FAIL, "blacklist hfs" },
	{ "{module: jffs2}", ST_FAIL, "install jffs2 /sbin/modprobe "
	  "--ignore-install jffs2 (not a disabling command)" },
	{ "{module: jffs2}", ST_FAIL, "install jffs2 /bin/false (ignored: "
	  "an earlier install line wins)" },
	{ "{module: freevxfs}", ST_PASS, "install freevxfs /usr/bin/true" },
	/* /usr/lib/modprobe.d/cramfs.conf is masked by /etc's */
	{ "{module: hfsplus}", ST_FAIL, "no install line for hfsplus" },
	/* Azure: udf and vfat must stay loadable */
	{ "{module: udf, disabled: false}", ST_PASS,
	  "udf is neither disabled nor blacklisted" },
	{ "{module: vfat, disabled: false}", ST_PASS,
	  "vfat is neither disabled nor blacklisted" },
	{ "{module: cramfs, disabled: false}", ST_FAIL,
	  "cramfs is disabled: it must stay loadable" },
	{ "{module: hfs, disabled: false}", ST_FAIL,
	  "hfs is blacklisted: it must stay loadable" },
	{ "{module: jffs2, disabled: false}", ST_PASS,
	  "jffs2 is neither disabled nor blacklisted" },
};

START_TEST(test_modprobe_verdict_and_evidence)
{
	tu_check_verdict("modprobe", cases[_i].args, cases[_i].st,
	    cases[_i].ev);
}
END_TEST

START_TEST(test_modprobe_evidence_names_file_and_line)
{
	struct evlist ev;

	ck_assert_int_eq(tu_probe_run(tu_root, "modprobe",
	    "{module: cramfs, require_blacklist: true}", &ev, NULL), ST_PASS);
	ck_assert_uint_eq(ev.n, 2);
	ck_assert_str_eq(ev.v[0].path, "/etc/modprobe.d/cramfs.conf");
	ck_assert_uint_eq(ev.v[0].line, 2);
	ck_assert_str_eq(ev.v[0].found, "/bin/false");
	ck_assert_uint_eq(ev.v[1].line, 3);
	evlist_release(&ev);
	/* a continued line is named by its first physical line */
	ck_assert_int_eq(tu_probe_run(tu_root, "modprobe",
	    "{module: usb-storage}", &ev, NULL), ST_PASS);
	ck_assert_uint_eq(ev.v[0].line, 1);
	evlist_release(&ev);
}
END_TEST

START_TEST(test_modprobe_unreadable_file_is_error)
{
	struct evlist ev;

	tu_mkfifo(tu_root, "/etc/modprobe.d/zz.conf");
	ck_assert_int_eq(tu_probe_run(tu_root, "modprobe",
	    "{module: udf, disabled: false}", &ev, NULL), ST_ERROR);
	ck_assert(tu_ev_has(&ev, "cannot read /etc/modprobe.d/zz.conf: not "
	    "a regular file"));
	evlist_release(&ev);
}
END_TEST

START_TEST(test_modprobe_no_config_at_all)
{
	struct evlist ev;

	tu_rmtree(tu_root);
	free(tu_root);
	tu_root_setup();
	ck_assert_int_eq(tu_probe_run(tu_root, "modprobe", "{module: cramfs}",
	    &ev, NULL), ST_FAIL);
	ck_assert_uint_eq(ev.n, 1);
	ck_assert_str_eq(ev.v[0].expected, "install /bin/false");
	evlist_release(&ev);
}
END_TEST

static const struct {
	const char	*args;
	const char	*msg;
} bad[] = {
	{ "{module: cramfs, disable: true}",
	  "test.yaml:1:18: unknown key \"disable\" in modprobe (did you mean \"disabled\"?)" },
	{ "{disabled: true}",
	  "test.yaml:1:1: missing required key \"module\" in modprobe" },
	{ "{module: \"cram fs\"}",
	  "test.yaml:1:10: module: expected a module name, got \"cram fs\"" },
	{ "{module: [a]}",
	  "test.yaml:1:10: module: expected a string, got a sequence" },
	{ "{module: udf, disabled: no}",
	  "test.yaml:1:25: disabled: expected true or false, got \"no\"" },
	{ "{module: udf, disabled: false, require_blacklist: true}",
	  "test.yaml:1:51: require_blacklist: only used with disabled: true" },
};

START_TEST(test_modprobe_bad_args_name_file_line_col)
{
	char *err = NULL;

	ck_assert_int_eq(tu_probe_compile("modprobe", bad[_i].args, &err),
	    -1);
	ck_assert_str_eq(err, bad[_i].msg);
	free(err);
}
END_TEST

static Suite *
probe_modprobe_suite(void)
{
	Suite *s = suite_create("probe_modprobe");
	TCase *tc = tcase_create("eval");

	tcase_add_checked_fixture(tc, setup, tu_root_teardown);
	tcase_add_loop_test(tc, test_modprobe_verdict_and_evidence, 0,
	    sizeof(cases) / sizeof(cases[0]));
	tcase_add_test(tc, test_modprobe_evidence_names_file_and_line);
	tcase_add_test(tc, test_modprobe_unreadable_file_is_error);
	tcase_add_test(tc, test_modprobe_no_config_at_all);
	suite_add_tcase(s, tc);
	tc = tcase_create("compile");
	tcase_add_loop_test(tc, test_modprobe_bad_args_name_file_line_col, 0,
	    sizeof(bad) / sizeof(bad[0]));
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return tu_run_suite(probe_modprobe_suite());
}
