/*
 * check_probe_os_release.c -- the `os_release` probe: shell-style values,
 * the /usr/lib fallback through a symlink, `expect:`, the end-of-life
 * query, malformed files and bad arguments.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "assay/probe.h"
#include "assay/xmem.h"
#include "testutil.h"

/* Remove REL under the root. */
static void
rm(const char *rel)
{
	char *p = xasprintf("%s%s", tu_root, rel);

	ck_assert_int_eq(unlink(p), 0);
	free(p);
}

static void
setup(void)
{
	tu_root_setup();
	tu_write(tu_root, "/usr/lib/os-release",
	    "# vendor file\n"
	    "PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\n"
	    "NAME='Debian GNU/Linux'\n"
	    "VERSION_ID=\"12\"\n"
	    "ID=debian\n"
	    "HOME_URL=\"https://www.debian.org/\"\n"
	    "QUOTED=\"say \\\"hi\\\" \\$x\"\n"
	    "BARE=a\\ b\n", 0644);
	tu_symlink(tu_root, "/etc/os-release", "../usr/lib/os-release");
}

static const char eol[] = "eol: {debian: [\"7\", \"8\", \"9\", \"10\"], "
    "ubuntu: [\"14.04\", \"16.04\", \"18.04\"]}";

static const struct {
	const char	*args;
	enum status	 st;
	const char	*ev;
} cases[] = {
	{ "{field: ID, expect: {equals: debian}}", ST_PASS,
	  "ID=\"debian\": equals \"debian\"" },
	{ "{field: ID, expect: {in: [ubuntu, rhel]}}", ST_FAIL,
	  "ID=\"debian\": not one of \"ubuntu\", \"rhel\"" },
	{ "{field: VERSION_ID, expect: {at_least: 11}}", ST_PASS,
	  "VERSION_ID=\"12\"" },
	{ "{field: PRETTY_NAME, expect: {matches: 'bookworm'}}", ST_PASS,
	  "Debian GNU/Linux 12 (bookworm)" },
	{ "{field: NAME}", ST_PASS, "NAME=\"Debian GNU/Linux\"" },
	{ "{field: QUOTED, expect: {equals: 'say \"hi\" $x'}}", ST_PASS,
	  "QUOTED" },
	{ "{field: BARE, expect: {equals: 'a b'}}", ST_PASS, "BARE" },
	{ "{field: VARIANT_ID}", ST_FAIL,
	  "VARIANT_ID is not set in /etc/os-release" },
	{ "{field: VARIANT_ID, missing: pass}", ST_PASS,
	  "VARIANT_ID is not set in /etc/os-release (missing: pass)" },
	{ "{query: not_eol, eol: {debian: [\"12\"]}}", ST_FAIL,
	  "debian 12 is end-of-life" },
	{ "{query: not_eol, eol: {debian: \"11\", ubuntu: [\"12\"]}}",
	  ST_PASS, "debian 12 is not in the end-of-life list" },
};

START_TEST(test_os_release_verdict_and_evidence)
{
	tu_check_verdict("os_release", cases[_i].args, cases[_i].st,
	    cases[_i].ev);
}
END_TEST

START_TEST(test_os_release_evidence_names_file_and_line)
{
	struct evlist ev;

	ck_assert_int_eq(tu_probe_run(tu_root, "os_release",
	    "{field: VERSION_ID, expect: {equals: \"12\"}}", &ev, NULL),
	    ST_PASS);
	ck_assert_uint_eq(ev.n, 1);
	ck_assert_str_eq(ev.v[0].path, "/etc/os-release");
	ck_assert_uint_eq(ev.v[0].line, 4);
	ck_assert_str_eq(ev.v[0].found, "12");
	ck_assert_str_eq(ev.v[0].expected, "equals \"12\"");
	evlist_release(&ev);
}
END_TEST

START_TEST(test_os_release_eol_fails_old_release)
{
	struct evlist ev;
	char *args;

	rm("/etc/os-release");
	tu_write(tu_root, "/etc/os-release", "ID=ubuntu\n"
	    "VERSION_ID=\"18.04\"\n", 0644);
	args = xasprintf("{query: not_eol, %s}", eol);
	ck_assert_int_eq(tu_probe_run(tu_root, "os_release", args, &ev, NULL),
	    ST_FAIL);
	ck_assert_str_eq(ev.v[0].message, "ubuntu 18.04 is end-of-life");
	ck_assert_uint_eq(ev.v[0].line, 2);
	evlist_release(&ev);
	free(args);
}
END_TEST

START_TEST(test_os_release_falls_back_to_usr_lib)
{
	struct evlist ev;

	rm("/etc/os-release");
	ck_assert_int_eq(tu_probe_run(tu_root, "os_release",
	    "{field: ID, expect: {equals: debian}}", &ev, NULL), ST_PASS);
	ck_assert_str_eq(ev.v[0].path, "/usr/lib/os-release");
	evlist_release(&ev);
	rm("/usr/lib/os-release");
	ck_assert_int_eq(tu_probe_run(tu_root, "os_release",
	    "{field: ID, missing: notapplicable}", &ev, NULL),
	    ST_NOTAPPLICABLE);
	ck_assert_str_eq(ev.v[0].message, "no os-release file: "
	    "/etc/os-release and /usr/lib/os-release do not exist");
	evlist_release(&ev);
}
END_TEST

static const struct {
	const char	*content;
	const char	*msg;
} malformed[] = {
	{ "ID=debian\nVERSION_ID=\"12\n",
	  "/etc/os-release:2: malformed line: an unterminated quote" },
	{ "ID=debian\njunk\n", "/etc/os-release:2: malformed line: no \"=\"" },
	{ "1D=x\n", "/etc/os-release:1: malformed line: not a variable name "
	  "before \"=\"" },
	{ "ID=a b\n", "/etc/os-release:1: malformed line: white space "
	  "outside quotes" },
};

START_TEST(test_os_release_malformed_is_error)
{
	struct evlist ev;

	rm("/etc/os-release");
	tu_write(tu_root, "/etc/os-release", malformed[_i].content, 0644);
	ck_assert_int_eq(tu_probe_run(tu_root, "os_release", "{field: ID}", &ev,
	    NULL), ST_ERROR);
	ck_assert_str_eq(ev.v[0].message, malformed[_i].msg);
	evlist_release(&ev);
}
END_TEST

START_TEST(test_os_release_fifo_is_error)
{
	struct evlist ev;

	rm("/etc/os-release");
	tu_mkfifo(tu_root, "/etc/os-release");
	ck_assert_int_eq(tu_probe_run(tu_root, "os_release", "{field: ID}", &ev,
	    NULL), ST_ERROR);
	ck_assert(tu_ev_has(&ev, "cannot read /etc/os-release: not a "
	    "regular file"));
	evlist_release(&ev);
}
END_TEST

static const struct {
	const char	*args;
	const char	*msg;
} bad[] = {
	{ "{field: ID, expec: {}}",
	  "test.yaml:1:13: unknown key \"expec\" in os_release (did you mean \"expect\"?)" },
	{ "{missing: pass}", "test.yaml:1:1: missing required key \"field\" "
	  "or \"query\" in os_release" },
	{ "{field: ID, query: not_eol}",
	  "test.yaml:1:20: query: cannot be used with field" },
	{ "{field: \"a-b\"}", "test.yaml:1:9: field: expected a variable name "
	  "like VERSION_ID, got \"a-b\"" },
	{ "{query: eol}", "test.yaml:1:9: query: expected not_eol, got "
	  "\"eol\"" },
	{ "{query: not_eol}",
	  "test.yaml:1:1: missing required key \"eol\" in os_release" },
	{ "{query: not_eol, eol: [debian]}", "test.yaml:1:23: eol: expected "
	  "a mapping of os ids to lists of VERSION_IDs, got a sequence" },
	{ "{query: not_eol, eol: {debian: {a: b}}}", "test.yaml:1:32: "
	  "debian: expected a string or a list of strings, got a mapping" },
	{ "{field: ID, eol: {}}",
	  "test.yaml:1:18: eol: only used with query: not_eol" },
	{ "{query: not_eol, eol: {}, expect: {equals: x}}",
	  "test.yaml:1:35: expect: not used with query: not_eol" },
	{ "{field: ID, missing: skip}", "test.yaml:1:22: missing: expected "
	  "fail, pass, notapplicable or error, got \"skip\"" },
};

START_TEST(test_os_release_bad_args_name_file_line_col)
{
	char *err = NULL;

	ck_assert_int_eq(tu_probe_compile("os_release", bad[_i].args, &err),
	    -1);
	ck_assert_str_eq(err, bad[_i].msg);
	free(err);
}
END_TEST

static Suite *
probe_os_release_suite(void)
{
	Suite *s = suite_create("probe_os_release");
	TCase *tc = tcase_create("eval");

	tcase_add_checked_fixture(tc, setup, tu_root_teardown);
	tcase_add_loop_test(tc, test_os_release_verdict_and_evidence, 0,
	    sizeof(cases) / sizeof(cases[0]));
	tcase_add_test(tc, test_os_release_evidence_names_file_and_line);
	tcase_add_test(tc, test_os_release_eol_fails_old_release);
	tcase_add_test(tc, test_os_release_falls_back_to_usr_lib);
	tcase_add_loop_test(tc, test_os_release_malformed_is_error, 0,
	    sizeof(malformed) / sizeof(malformed[0]));
	tcase_add_test(tc, test_os_release_fifo_is_error);
	suite_add_tcase(s, tc);
	tc = tcase_create("compile");
	tcase_add_loop_test(tc, test_os_release_bad_args_name_file_line_col,
	    0, sizeof(bad) / sizeof(bad[0]));
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return tu_run_suite(probe_os_release_suite());
}
