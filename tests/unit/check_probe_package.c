/*
 * check_probe_package.c -- the `package` probe on a trimmed Debian 12
 * dpkg status (fixtures/dpkg/status): installed, config-files, purged,
 * half-installed and held packages, a Multi-Arch libc6 for amd64 and
 * i386, version constraints with epochs and tildes.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "assay/dpkg.h"
#include "assay/probe.h"
#include "assay/strbuf.h"
#include "assay/xmem.h"
#include "testutil.h"

#define NITEMS(a) ((int)(sizeof(a) / sizeof((a)[0])))

static char *root;

static char *
slurp(const char *rel)
{
	char *path = tu_srcpath(rel);
	FILE *fp = fopen(path, "rb");
	struct strbuf b = STRBUF_INIT;
	char chunk[4096];
	size_t n;

	ck_assert_msg(fp != NULL, "cannot open %s", path);
	while ((n = fread(chunk, 1, sizeof(chunk), fp)) > 0)
		ck_assert_int_eq(strbuf_add(&b, chunk, n), 0);
	fclose(fp);
	free(path);
	return strbuf_detach(&b);
}

static void
setup_debian(void)
{
	char *status = slurp("fixtures/dpkg/status");

	root = tu_tmpdir();
	tu_write(root, DPKG_STATUS_PATH, status, 0644);
	free(status);
}

static void
setup_empty(void)
{
	root = tu_tmpdir();
}

static void
teardown(void)
{
	dpkg_cache_clear();
	tu_rmtree(root);
	free(root);
	root = NULL;
}

static const struct {
	const char	*args;
	enum status	 want;
	const char	*evidence;
} runs[] = {
	{ "{name: openssh-server}", ST_PASS,
	  "package openssh-server 1:9.2p1-2+deb12u6 (amd64) is installed "
	  "(Status: install ok installed)" },
	{ "{name: openssh-server, installed: true, manager: dpkg}", ST_PASS,
	  "is installed (Status: install ok installed)" },
	{ "{name: apparmor}", ST_PASS,
	  "package apparmor 3.0.8-3 (amd64) is installed (Status: hold ok "
	  "installed)" },
	{ "{name: telnetd}", ST_FAIL,
	  "package telnetd (amd64) is not installed (Status: deinstall ok "
	  "config-files)" },
	{ "{name: telnetd, installed: false}", ST_PASS,
	  "package telnetd (amd64) is not installed (Status: deinstall ok "
	  "config-files)" },
	{ "{name: nis, installed: false}", ST_PASS,
	  "package nis (amd64) is not installed (Status: purge ok "
	  "not-installed)" },
	{ "{name: rsh-server}", ST_FAIL,
	  "package rsh-server (amd64) is not installed (Status: install "
	  "reinstreq half-installed)" },
	{ "{name: rsh-server, installed: false}", ST_PASS,
	  "half-installed" },
	{ "{name: telnet}", ST_FAIL,
	  "package telnet is not in the package database" },
	{ "{name: telnet, installed: false}", ST_PASS,
	  "package telnet is not in the package database" },
	{ "{name: tzdata, installed: false}", ST_FAIL,
	  "package tzdata 2025b-0+deb12u2 (all) is installed" },
	{ "{name: [ntp, chrony, tzdata]}", ST_PASS,
	  "package tzdata 2025b-0+deb12u2 (all) is installed" },
	{ "{name: [ntp, chrony]}", ST_FAIL,
	  "package chrony is not in the package database" },
	{ "{name: [telnetd, nis, rsh-server, rsh-client], installed: false}",
	  ST_PASS, "package rsh-client is not in the package database" },
	{ "{name: [telnetd, apparmor], installed: false}", ST_FAIL,
	  "package apparmor 3.0.8-3 (amd64) is installed" },
	{ "{name: openssh-server, version: {at_least: \"1:9.2p1-2+deb12u2\"}}",
	  ST_PASS, "package openssh-server 1:9.2p1-2+deb12u6 (amd64) is "
	  "installed (Status: install ok installed); satisfies version at "
	  "least 1:9.2p1-2+deb12u2" },
	{ "{name: openssh-server, version: {at_least: \"1:9.2p1-2+deb12u7\"}}",
	  ST_FAIL, "does not satisfy version at least 1:9.2p1-2+deb12u7" },
	/* The epoch outranks any upstream version: 1:9.2p1 > 9.9. */
	{ "{name: openssh-server, version: {at_least: \"9.9\"}}", ST_PASS,
	  "satisfies version at least 9.9" },
	{ "{name: openssh-server, version: {at_least: \"2:1.0\"}}", ST_FAIL,
	  "does not satisfy version at least 2:1.0" },
	{ "{name: openssh-server, version: {equals: \"1:9.2p1-2+deb12u6\"}}",
	  ST_PASS, "satisfies version equal to 1:9.2p1-2+deb12u6" },
	{ "{name: openssh-server, version: {equals: \"1:9.2p1-2+deb12u06\"}}",
	  ST_PASS, "satisfies version equal to 1:9.2p1-2+deb12u06" },
	{ "{name: openssh-server, version: {less_than: \"1:9.2p1-2+deb12u6\"}}",
	  ST_FAIL, "does not satisfy version less than 1:9.2p1-2+deb12u6" },
	{ "{name: libc6, version: {at_least: \"2.36-9+deb12u10\"}}", ST_FAIL,
	  "package libc6 2.36-9+deb12u4 (i386) is installed (Status: install "
	  "ok installed); does not satisfy version at least 2.36-9+deb12u10" },
	{ "{name: libc6, version: {at_least: \"2.36-9+deb12u10\"}}", ST_FAIL,
	  "package libc6 2.36-9+deb12u14 (amd64) is installed (Status: "
	  "install ok installed); satisfies version at least "
	  "2.36-9+deb12u10" },
	{ "{name: \"libc6:amd64\", version: {at_least: \"2.36-9+deb12u10\"}}",
	  ST_PASS, "satisfies version at least 2.36-9+deb12u10" },
	{ "{name: \"libc6:i386\"}", ST_PASS,
	  "package libc6 2.36-9+deb12u4 (i386) is installed" },
	{ "{name: \"libc6:arm64\"}", ST_FAIL,
	  "package libc6:arm64 is not in the package database" },
	{ "{name: libssl3, version: {at_least: \"3.0.19-1~deb12u1\", "
	  "less_than: \"3.1\"}}", ST_PASS,
	  "satisfies version at least 3.0.19-1~deb12u1, less than 3.1" },
	{ "{name: libssl3, version: {at_least: \"3.0.19-1\"}}", ST_FAIL,
	  "package libssl3 3.0.19-1~deb12u2 (amd64) is installed (Status: "
	  "install ok installed); does not satisfy version at least "
	  "3.0.19-1" },
	{ "{name: openssh-server, installed: false, "
	  "version: {less_than: \"1:9.2p1-2+deb12u3\"}}", ST_PASS,
	  "does not satisfy version less than 1:9.2p1-2+deb12u3" },
	{ "{name: openssh-server, installed: false, "
	  "version: {less_than: \"1:9.3\"}}", ST_FAIL,
	  "satisfies version less than 1:9.3" },
	{ "{name: telnetd, version: {at_least: \"0.1\"}}", ST_FAIL,
	  "package telnetd (amd64) is not installed" },
};

START_TEST(test_package_verdicts_on_debian12_status)
{
	struct evlist ev;
	char *err = NULL;
	int st = tu_probe_run(root, "package", runs[_i].args, &ev, &err);

	ck_assert_msg(st == (int)runs[_i].want, "%s: got %d (%s), want %d",
	    runs[_i].args, st, err != NULL ? err : "",
	    (int)runs[_i].want);
	ck_assert_msg(tu_ev_has(&ev, runs[_i].evidence),
	    "%s: no evidence \"%s\" (first: %s)", runs[_i].args,
	    runs[_i].evidence, ev.n > 0 ? ev.v[0].message : "none");
	evlist_release(&ev);
}
END_TEST

START_TEST(test_package_evidence_names_line_and_values)
{
	struct evlist ev;
	int st = tu_probe_run(root, "package", "{name: openssh-server, "
	    "version: {at_least: \"1:9.2p1-2+deb12u7\"}}", &ev, NULL);

	ck_assert_int_eq(st, ST_FAIL);
	ck_assert_uint_eq(ev.n, 1);
	ck_assert_str_eq(ev.v[0].path, DPKG_STATUS_PATH);
	ck_assert_uint_eq(ev.v[0].line, 79);
	ck_assert_str_eq(ev.v[0].expected,
	    "version at least 1:9.2p1-2+deb12u7");
	ck_assert_str_eq(ev.v[0].found, "1:9.2p1-2+deb12u6");
	evlist_release(&ev);

	st = tu_probe_run(root, "package", "{name: telnetd}", &ev, NULL);
	ck_assert_int_eq(st, ST_FAIL);
	ck_assert_uint_eq(ev.v[0].line, 102);
	ck_assert_str_eq(ev.v[0].expected, "installed");
	ck_assert_str_eq(ev.v[0].found, "deinstall ok config-files");
	evlist_release(&ev);

	st = tu_probe_run(root, "package", "{name: apparmor, installed: "
	    "false}", &ev, NULL);
	ck_assert_int_eq(st, ST_FAIL);
	ck_assert_str_eq(ev.v[0].expected, "not installed");
	ck_assert_str_eq(ev.v[0].found, "hold ok installed");
	evlist_release(&ev);
}
END_TEST

START_TEST(test_package_no_database_is_error)
{
	struct evlist ev;
	int st = tu_probe_run(root, "package", "{name: bash}", &ev, NULL);

	ck_assert_int_eq(st, ST_ERROR);
	ck_assert_str_eq(ev.v[0].message, "no package database found "
	    "(/var/lib/dpkg/status does not exist)");
	ck_assert_uint_eq(ev.n, 1);
	evlist_release(&ev);

	tu_mkdir(root, "/var/lib/rpm", 0755);
	st = tu_probe_run(root, "package", "{name: bash, installed: false}",
	    &ev, NULL);
	ck_assert_int_eq(st, ST_ERROR);
	ck_assert_uint_eq(ev.n, 2);
	ck_assert_str_eq(ev.v[1].message, "/var/lib/rpm exists, but only "
	    "dpkg databases are supported");
	evlist_release(&ev);
}
END_TEST

START_TEST(test_package_fifo_status_is_error)
{
	struct evlist ev;
	int st;

	tu_mkfifo(root, DPKG_STATUS_PATH);
	st = tu_probe_run(root, "package", "{name: bash}", &ev, NULL);
	ck_assert_int_eq(st, ST_ERROR);
	ck_assert_str_eq(ev.v[0].message, "cannot read /var/lib/dpkg/status: "
	    "not a regular file (fifo)");
	evlist_release(&ev);
}
END_TEST

START_TEST(test_package_malformed_status_is_error)
{
	struct evlist ev;
	int st;

	tu_write(root, DPKG_STATUS_PATH, "Package: bash\nStatus: install ok "
	    "installed\n\nPackage: x\nnot a field\n", 0644);
	st = tu_probe_run(root, "package", "{name: bash}", &ev, NULL);
	ck_assert_int_eq(st, ST_ERROR);
	ck_assert_uint_eq(ev.n, 1);
	ck_assert_str_eq(ev.v[0].message, "cannot parse /var/lib/dpkg/status: "
	    "line 5: expected \"Field: value\"");
	ck_assert_uint_eq(ev.v[0].line, 5);
	evlist_release(&ev);
}
END_TEST

START_TEST(test_package_stanza_without_package_is_reported)
{
	struct evlist ev;
	int st;

	tu_write(root, DPKG_STATUS_PATH, "Status: install ok installed\n"
	    "Version: 1\n\nPackage: bash\nStatus: install ok installed\n"
	    "Version: 5.2.15-2+b7\n", 0644);
	st = tu_probe_run(root, "package", "{name: bash}", &ev, NULL);
	ck_assert_int_eq(st, ST_PASS);
	ck_assert_str_eq(ev.v[0].message, "stanza without a Package field "
	    "skipped");
	ck_assert_uint_eq(ev.v[0].line, 1);
	ck_assert(tu_ev_has(&ev, "package bash 5.2.15-2+b7 (no architecture) "
	    "is installed"));
	evlist_release(&ev);
}
END_TEST

START_TEST(test_package_installed_without_version_is_error)
{
	struct evlist ev;
	int st;

	tu_write(root, DPKG_STATUS_PATH, "Package: bash\nStatus: install ok "
	    "installed\nArchitecture: amd64\n", 0644);
	st = tu_probe_run(root, "package", "{name: bash, version: "
	    "{at_least: \"5\"}}", &ev, NULL);
	ck_assert_int_eq(st, ST_ERROR);
	ck_assert_str_eq(ev.v[0].message, "package bash (amd64) is installed "
	    "but has no Version field");
	evlist_release(&ev);
}
END_TEST

static const struct {
	const char	*args;
	const char	*err;
} bad[] = {
	{ "{name: bash, bogus: 1}",
	  "test.yaml:1:14: unknown key \"bogus\" in package" },
	{ "{installed: true}",
	  "test.yaml:1:1: missing required key \"name\" in package" },
	{ "[bash]",
	  "test.yaml:1:1: package: expected a mapping, got a sequence" },
	{ "{name: Bash}",
	  "test.yaml:1:8: name: invalid package name \"Bash\" (expected "
	  "[a-z0-9][a-z0-9+.-]*, optionally :ARCH)" },
	{ "{name: [bash, \"lib c\"]}",
	  "test.yaml:1:15: name: invalid package name \"lib c\" (expected "
	  "[a-z0-9][a-z0-9+.-]*, optionally :ARCH)" },
	{ "{name: \"libc6:\"}",
	  "test.yaml:1:8: name: invalid package name \"libc6:\" (expected "
	  "[a-z0-9][a-z0-9+.-]*, optionally :ARCH)" },
	{ "{name: []}",
	  "test.yaml:1:8: name: expected a package name or a list of them, "
	  "got an empty list" },
	{ "{name: {a: b}}",
	  "test.yaml:1:8: name: expected a string or a list of strings, "
	  "got a mapping" },
	{ "{name: bash, installed: yes}",
	  "test.yaml:1:25: installed: expected true or false, got \"yes\"" },
	{ "{name: bash, version: \"1.0\"}",
	  "test.yaml:1:23: version: expected a mapping, got \"1.0\"" },
	{ "{name: bash, version: {}}",
	  "test.yaml:1:23: version: expected at least one of at_least, "
	  "less_than or equals" },
	{ "{name: bash, version: {greater: \"1\"}}",
	  "test.yaml:1:24: unknown key \"greater\" in version" },
	{ "{name: bash, version: {at_least: v5}}",
	  "test.yaml:1:34: at_least: invalid version \"v5\": version number "
	  "does not start with digit" },
	{ "{name: bash, version: {less_than: \"a:1\"}}",
	  "test.yaml:1:35: less_than: invalid version \"a:1\": epoch in "
	  "version is empty" },
	{ "{name: bash, version: {equals: \"1.0-\"}}",
	  "test.yaml:1:32: equals: invalid version \"1.0-\": revision number "
	  "is empty" },
	{ "{name: bash, version: {equals: [1]}}",
	  "test.yaml:1:32: equals: expected a string, got a sequence" },
	{ "{name: bash, manager: rpm}",
	  "test.yaml:1:23: manager: expected dpkg, got \"rpm\"" },
};

START_TEST(test_package_compile_errors)
{
	char *err = NULL;

	ck_assert_int_eq(tu_probe_compile("package", bad[_i].args, &err), -1);
	ck_assert_str_eq(err, bad[_i].err);
	free(err);
}
END_TEST

START_TEST(test_package_compile_accepts_valid)
{
	ck_assert_int_eq(tu_probe_compile("package", "{name: [\"g++\", "
	    "\"libstdc++6:i386\", python3.11], installed: false, version: "
	    "{at_least: \"1:2.0~rc1-1+b1\", less_than: \"3\", equals: "
	    "\"2.5\"}, manager: dpkg}", NULL), 0);
}
END_TEST

static Suite *
package_suite(void)
{
	Suite *s = suite_create("probe_package");
	TCase *tc = tcase_create("debian12");

	tcase_add_checked_fixture(tc, setup_debian, teardown);
	tcase_add_loop_test(tc, test_package_verdicts_on_debian12_status, 0,
	    NITEMS(runs));
	tcase_add_test(tc, test_package_evidence_names_line_and_values);
	suite_add_tcase(s, tc);
	tc = tcase_create("errors");
	tcase_add_checked_fixture(tc, setup_empty, teardown);
	tcase_add_test(tc, test_package_no_database_is_error);
	tcase_add_test(tc, test_package_fifo_status_is_error);
	tcase_add_test(tc, test_package_malformed_status_is_error);
	tcase_add_test(tc, test_package_stanza_without_package_is_reported);
	tcase_add_test(tc, test_package_installed_without_version_is_error);
	suite_add_tcase(s, tc);
	tc = tcase_create("compile");
	tcase_add_loop_test(tc, test_package_compile_errors, 0, NITEMS(bad));
	tcase_add_test(tc, test_package_compile_accepts_valid);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return tu_run_suite(package_suite());
}
