/*
 * check_probe_package.c -- the `package` probe on a trimmed Debian 12
 * dpkg status (fixtures/dpkg/status): installed, config-files, purged,
 * half-installed and held packages, a Multi-Arch libc6 for amd64 and
 * i386, version constraints with epochs and tildes; on an Alpine apk
 * database with apk version rules; and which database is detected (dpkg,
 * else apk, else rpm) or reported when none or an unreadable one is
 * there. Reading a real rpm database is check_rpmdb's job.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "assay/apk.h"
#include "assay/dpkg.h"
#include "assay/probe.h"
#include "assay/rpmdb.h"
#include "assay/xmem.h"
#include "testutil.h"

#define NITEMS(a) ((int)(sizeof(a) / sizeof((a)[0])))

static void
setup_debian(void)
{
	char *status = tu_slurp_src("fixtures/dpkg/status", NULL);

	tu_root_setup();
	tu_write(tu_root, DPKG_STATUS_PATH, status, 0644);
	free(status);
}

/* Shaped like an Alpine 3.20 database (checksum made up). */
static const char alpine_db[] =
	"C:Q1jXTnQ3b2ZqV5n8V6Z9WlYVtV3xk=\n"
	"P:musl\n"
	"V:1.2.5-r0\n"
	"A:x86_64\n"
	"o:musl\n"
	"\n"
	"P:busybox\n"
	"V:1.36.1-r29\n"
	"A:x86_64\n"
	"o:busybox\n"
	"R:busybox\n"
	"\n"
	"P:openssl-config\n"
	"V:3.3.2_rc1-r0\n"
	"A:noarch\n"
	"o:openssl\n"
	"\n"
	"P:ca-certificates-bundle\n"
	"V:20240705-r0\n"
	"A:x86_64\n";

static void
setup_alpine(void)
{
	tu_root_setup();
	tu_write(tu_root, APK_INSTALLED_PATH, alpine_db, 0644);
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
	tu_check_verdict("package", runs[_i].args, runs[_i].want,
	    runs[_i].evidence);
}
END_TEST

START_TEST(test_package_evidence_names_line_and_values)
{
	struct evlist ev;
	int st = tu_probe_run(tu_root, "package", "{name: openssh-server, "
	    "version: {at_least: \"1:9.2p1-2+deb12u7\"}}", &ev, NULL);

	ck_assert_int_eq(st, ST_FAIL);
	ck_assert_uint_eq(ev.n, 1);
	ck_assert_str_eq(ev.v[0].path, DPKG_STATUS_PATH);
	ck_assert_uint_eq(ev.v[0].line, 79);
	ck_assert_str_eq(ev.v[0].expected,
	    "version at least 1:9.2p1-2+deb12u7");
	ck_assert_str_eq(ev.v[0].found, "1:9.2p1-2+deb12u6");
	evlist_release(&ev);

	st = tu_probe_run(tu_root, "package", "{name: telnetd}", &ev, NULL);
	ck_assert_int_eq(st, ST_FAIL);
	ck_assert_uint_eq(ev.v[0].line, 102);
	ck_assert_str_eq(ev.v[0].expected, "installed");
	ck_assert_str_eq(ev.v[0].found, "deinstall ok config-files");
	evlist_release(&ev);

	st = tu_probe_run(tu_root, "package", "{name: apparmor, installed: "
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
	int st = tu_probe_run(tu_root, "package", "{name: bash}", &ev, NULL);

	ck_assert_int_eq(st, ST_ERROR);
	ck_assert_str_eq(ev.v[0].message, "no package database found (no "
	    "dpkg status, apk installed database or rpm database)");
	ck_assert_ptr_null(ev.v[0].path);
	ck_assert_uint_eq(ev.n, 1);
	evlist_release(&ev);

	/* An empty rpm directory is no database either. */
	tu_mkdir(tu_root, "/var/lib/rpm", 0755);
	st = tu_probe_run(tu_root, "package", "{name: bash, installed: false}",
	    &ev, NULL);
	ck_assert_int_eq(st, ST_ERROR);
	ck_assert_uint_eq(ev.n, 1);
	ck_assert(tu_ev_has(&ev, "no package database found"));
	evlist_release(&ev);
}
END_TEST

/* `paths:` without any database: the files decide, and say so. */
START_TEST(test_package_paths_decide_without_database)
{
	struct evlist ev;
	int st;

	st = tu_probe_run(tu_root, "package", "{name: openssh-server, paths: "
	    "[/usr/sbin/sshd, /etc/ssh/sshd_config]}", &ev, NULL);
	ck_assert_int_eq(st, ST_FAIL);
	ck_assert_uint_eq(ev.n, 1);
	ck_assert_str_eq(ev.v[0].message, "no package database found and "
	    "none of /usr/sbin/sshd, /etc/ssh/sshd_config exists: "
	    "openssh-server is not installed (decided by its files)");
	ck_assert_str_eq(ev.v[0].found, "absent");
	evlist_release(&ev);
	st = tu_probe_run(tu_root, "package", "{name: [telnetd, inetutils-"
	    "telnetd], installed: false, paths: /usr/sbin/in.telnetd}", &ev,
	    NULL);
	ck_assert_int_eq(st, ST_PASS);
	ck_assert_str_eq(ev.v[0].message, "no package database found and "
	    "/usr/sbin/in.telnetd does not exist: telnetd or inetutils-"
	    "telnetd is not installed (decided by its files)");
	evlist_release(&ev);

	/* A configuration alone is enough: sshd would run with it. */
	tu_write(tu_root, "/etc/ssh/sshd_config", "Port 22\n", 0644);
	st = tu_probe_run(tu_root, "package", "{name: openssh-server, paths: "
	    "[/usr/sbin/sshd, /etc/ssh/sshd_config]}", &ev, NULL);
	ck_assert_int_eq(st, ST_PASS);
	ck_assert_str_eq(ev.v[0].message, "no package database found but "
	    "/etc/ssh/sshd_config exists: openssh-server counted as "
	    "installed (decided by its files)");
	ck_assert_str_eq(ev.v[0].path, "/etc/ssh/sshd_config");
	ck_assert_str_eq(ev.v[0].found, "installed (files)");
	evlist_release(&ev);
	st = tu_probe_run(tu_root, "package", "{name: openssh-server, "
	    "installed: false, paths: /etc/ssh/sshd_config}", &ev, NULL);
	ck_assert_int_eq(st, ST_FAIL);
	evlist_release(&ev);

	/* Globs match files the architecture names. */
	tu_write(tu_root, "/usr/lib/x86_64-linux-gnu/security/pam_pwquality.so",
	    "", 0644);
	st = tu_probe_run(tu_root, "package", "{name: libpam-pwquality, paths: "
	    "\"/usr/lib/*/security/pam_pwquality.so\"}", &ev, NULL);
	ck_assert_int_eq(st, ST_PASS);
	ck_assert(tu_ev_has(&ev, "/usr/lib/x86_64-linux-gnu/security/"
	    "pam_pwquality.so exists"));
	evlist_release(&ev);

	/* The version of files without a record is unknown: a version
	 * constraint is not shown to hold, either way. */
	st = tu_probe_run(tu_root, "package", "{name: openssh-server, paths: "
	    "/etc/ssh/sshd_config, version: {at_least: \"1:7.4\"}}", &ev,
	    NULL);
	ck_assert_int_eq(st, ST_FAIL);
	ck_assert(tu_ev_has(&ev, "its version is unknown without a package "
	    "record: nothing shows version at least 1:7.4"));
	evlist_release(&ev);
	st = tu_probe_run(tu_root, "package", "{name: openssh-server, paths: "
	    "/etc/ssh/sshd_config, installed: false, version: {less_than: "
	    "\"1:7.4\"}}", &ev, NULL);
	ck_assert_int_eq(st, ST_FAIL);
	ck_assert(tu_ev_has(&ev, "nothing shows it is not at version less "
	    "than 1:7.4"));
	evlist_release(&ev);
}
END_TEST

/* With a database: its record decides; no record lets the files. */
START_TEST(test_package_paths_only_when_no_record)
{
	struct evlist ev;
	int st;

	tu_write(tu_root, "/usr/sbin/sshd", "", 0755);
	tu_write(tu_root, "/usr/sbin/in.telnetd", "", 0755);
	/* openssh-server is recorded installed: the database route */
	st = tu_probe_run(tu_root, "package", "{name: openssh-server, paths: "
	    "/usr/sbin/sshd}", &ev, NULL);
	ck_assert_int_eq(st, ST_PASS);
	ck_assert(tu_ev_has(&ev, "decided by the package database "
	    "/var/lib/dpkg/status"));
	evlist_release(&ev);
	/* telnetd's record says config-files: not installed, even with its
	 * binary left behind (the record is dpkg's answer) */
	st = tu_probe_run(tu_root, "package", "{name: telnetd, paths: "
	    "/usr/sbin/in.telnetd}", &ev, NULL);
	ck_assert_int_eq(st, ST_FAIL);
	ck_assert(tu_ev_has(&ev, "decided by the package database"));
	evlist_release(&ev);
	/* auditd has no record: its files decide */
	st = tu_probe_run(tu_root, "package", "{name: auditd, paths: "
	    "[/sbin/auditd, /etc/audit/auditd.conf]}", &ev, NULL);
	ck_assert_int_eq(st, ST_FAIL);
	ck_assert_str_eq(ev.v[0].message, "/var/lib/dpkg/status has no "
	    "record of auditd and none of /sbin/auditd, "
	    "/etc/audit/auditd.conf exists: auditd is not installed "
	    "(decided by its files)");
	ck_assert(tu_ev_has(&ev, "package auditd is not in the package "
	    "database"));
	evlist_release(&ev);
	tu_write(tu_root, "/etc/audit/auditd.conf", "", 0640);
	st = tu_probe_run(tu_root, "package", "{name: auditd, paths: "
	    "[/sbin/auditd, /etc/audit/auditd.conf]}", &ev, NULL);
	ck_assert_int_eq(st, ST_PASS);
	ck_assert_str_eq(ev.v[0].message, "/var/lib/dpkg/status has no "
	    "record of auditd but /etc/audit/auditd.conf exists: auditd "
	    "counted as installed (decided by its files)");
	evlist_release(&ev);
}
END_TEST

/* Distroless: status.d only; the evidence names each package's file. */
START_TEST(test_package_reads_distroless_status_d)
{
	struct evlist ev;
	int st;

	tu_write(tu_root, DPKG_STATUS_D_PATH "/openssl", "Package: openssl\n"
	    "Status: install ok installed\nArchitecture: amd64\n"
	    "Version: 3.0.15-1~deb12u1\n", 0644);
	tu_write(tu_root, DPKG_STATUS_D_PATH "/openssl.md5sums", "x  y\n",
	    0644);
	st = tu_probe_run(tu_root, "package", "{name: openssl, version: "
	    "{at_least: \"3.0.2\"}}", &ev, NULL);
	ck_assert_int_eq(st, ST_PASS);
	ck_assert_str_eq(ev.v[0].path, DPKG_STATUS_D_PATH "/openssl");
	ck_assert_uint_eq(ev.v[0].line, 1);
	evlist_release(&ev);
	st = tu_probe_run(tu_root, "package", "{name: telnetd, installed: "
	    "false}", &ev, NULL);
	ck_assert_int_eq(st, ST_PASS);
	ck_assert_str_eq(ev.v[0].message, "package telnetd is not in the "
	    "package database");
	ck_assert_str_eq(ev.v[0].path, DPKG_STATUS_D_PATH);
	evlist_release(&ev);
	/* as strict as status: a bad file is an error naming it */
	tu_write(tu_root, DPKG_STATUS_D_PATH "/zlib1g", "Package: zlib1g\n"
	    " stray\n\n continuation\n", 0644);
	st = tu_probe_run(tu_root, "package", "{name: openssl}", &ev, NULL);
	ck_assert_int_eq(st, ST_ERROR);
	ck_assert_str_eq(ev.v[0].message, "cannot parse /var/lib/dpkg/"
	    "status.d/zlib1g: line 4: continuation line outside a field");
	evlist_release(&ev);
}
END_TEST

START_TEST(test_package_fifo_status_is_error)
{
	struct evlist ev;
	int st;

	tu_mkfifo(tu_root, DPKG_STATUS_PATH);
	st = tu_probe_run(tu_root, "package", "{name: bash}", &ev, NULL);
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

	tu_write(tu_root, DPKG_STATUS_PATH, "Package: bash\nStatus: install ok "
	    "installed\n\nPackage: x\nnot a field\n", 0644);
	st = tu_probe_run(tu_root, "package", "{name: bash}", &ev, NULL);
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

	tu_write(tu_root, DPKG_STATUS_PATH, "Status: install ok installed\n"
	    "Version: 1\n\nPackage: bash\nStatus: install ok installed\n"
	    "Version: 5.2.15-2+b7\n", 0644);
	st = tu_probe_run(tu_root, "package", "{name: bash}", &ev, NULL);
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

	tu_write(tu_root, DPKG_STATUS_PATH, "Package: bash\nStatus: install ok "
	    "installed\nArchitecture: amd64\n", 0644);
	st = tu_probe_run(tu_root, "package", "{name: bash, version: "
	    "{at_least: \"5\"}}", &ev, NULL);
	ck_assert_int_eq(st, ST_ERROR);
	ck_assert_str_eq(ev.v[0].message, "package bash (amd64) is installed "
	    "but has no Version field");
	evlist_release(&ev);
}
END_TEST

static const struct {
	const char	*args;
	enum status	 want;
	const char	*evidence;
} apk_runs[] = {
	{ "{name: busybox}", ST_PASS,
	  "package busybox 1.36.1-r29 (x86_64) is installed" },
	{ "{name: busybox, manager: apk}", ST_PASS,
	  "package busybox 1.36.1-r29 (x86_64) is installed" },
	{ "{name: ca-certificates-bundle}", ST_PASS,
	  "package ca-certificates-bundle 20240705-r0 (x86_64) is installed" },
	{ "{name: bash}", ST_FAIL,
	  "package bash is not in the package database" },
	{ "{name: bash, installed: false}", ST_PASS,
	  "package bash is not in the package database" },
	{ "{name: busybox, installed: false}", ST_FAIL,
	  "package busybox 1.36.1-r29 (x86_64) is installed" },
	{ "{name: [dropbear, busybox]}", ST_PASS,
	  "package busybox 1.36.1-r29 (x86_64) is installed" },
	{ "{name: \"openssl-config:noarch\"}", ST_PASS,
	  "package openssl-config 3.3.2_rc1-r0 (noarch) is installed" },
	{ "{name: \"busybox:aarch64\"}", ST_FAIL,
	  "package busybox:aarch64 is not in the package database" },
	{ "{name: busybox, version: {at_least: \"1.36.1-r20\"}}", ST_PASS,
	  "package busybox 1.36.1-r29 (x86_64) is installed; satisfies "
	  "version at least 1.36.1-r20" },
	/* apk, not dpkg, order: -r29 < -r30 and 1.36.1 < 1.36.1_p1. */
	{ "{name: busybox, version: {at_least: \"1.36.1-r30\"}}", ST_FAIL,
	  "does not satisfy version at least 1.36.1-r30" },
	{ "{name: busybox, version: {less_than: \"1.36.1_p1\"}}", ST_PASS,
	  "satisfies version less than 1.36.1_p1" },
	{ "{name: openssl-config, version: {at_least: \"3.3.2\"}}", ST_FAIL,
	  "does not satisfy version at least 3.3.2" },
	{ "{name: openssl-config, version: {at_least: \"3.3.2_rc1\"}}",
	  ST_PASS, "satisfies version at least 3.3.2_rc1" },
	{ "{name: musl, installed: false, version: {less_than: \"1.2.5\"}}",
	  ST_PASS, "does not satisfy version less than 1.2.5" },
	/* Valid for dpkg and rpm, not for the apk database found. */
	{ "{name: busybox, version: {at_least: \"1:1.36\"}}", ST_ERROR,
	  "at_least: \"1:1.36\" is not a valid apk version: not an apk "
	  "version (digit{.digit}...{letter}{_suffix{number}}...{-rN})" },
	{ "{name: busybox, manager: dpkg}", ST_ERROR,
	  "no dpkg database found (neither /var/lib/dpkg/status nor "
	  "/var/lib/dpkg/status.d exists)" },
	{ "{name: busybox, manager: rpm}", ST_ERROR,
	  "no rpm database found (no rpmdb.sqlite, Packages or Packages.db "
	  "in /var/lib/rpm or /usr/lib/sysimage/rpm)" },
};

START_TEST(test_package_verdicts_on_alpine_db)
{
	struct evlist ev;
	char *err = NULL;
	int st = tu_probe_run(tu_root, "package", apk_runs[_i].args, &ev, &err);

	ck_assert_msg(st == (int)apk_runs[_i].want, "%s: got %d (%s), want "
	    "%d", apk_runs[_i].args, st, err != NULL ? err : "",
	    (int)apk_runs[_i].want);
	ck_assert_msg(tu_ev_has(&ev, apk_runs[_i].evidence),
	    "%s: no evidence \"%s\" (first: %s)", apk_runs[_i].args,
	    apk_runs[_i].evidence, ev.n > 0 ? ev.v[0].message : "none");
	evlist_release(&ev);
}
END_TEST

START_TEST(test_package_apk_evidence_names_line_and_values)
{
	struct evlist ev;
	int st = tu_probe_run(tu_root, "package", "{name: busybox, version: "
	    "{at_least: \"1.36.1-r30\"}}", &ev, NULL);

	ck_assert_int_eq(st, ST_FAIL);
	ck_assert_uint_eq(ev.n, 1);
	ck_assert_str_eq(ev.v[0].path, APK_INSTALLED_PATH);
	ck_assert_uint_eq(ev.v[0].line, 7);
	ck_assert_str_eq(ev.v[0].expected, "version at least 1.36.1-r30");
	ck_assert_str_eq(ev.v[0].found, "1.36.1-r29");
	evlist_release(&ev);

	st = tu_probe_run(tu_root, "package", "{name: musl}", &ev, NULL);
	ck_assert_int_eq(st, ST_PASS);
	ck_assert_str_eq(ev.v[0].message, "package musl 1.2.5-r0 (x86_64) is "
	    "installed");
	ck_assert_uint_eq(ev.v[0].line, 1);
	ck_assert_str_eq(ev.v[0].expected, "installed");
	ck_assert_str_eq(ev.v[0].found, "installed");
	evlist_release(&ev);
}
END_TEST

START_TEST(test_package_detects_dpkg_before_apk)
{
	struct evlist ev;
	int st;

	tu_write(tu_root, DPKG_STATUS_PATH, "Package: bash\nStatus: install ok "
	    "installed\nVersion: 5.2.15-2+b7\nArchitecture: amd64\n", 0644);
	tu_write(tu_root, APK_INSTALLED_PATH, "P:busybox\nV:1.36.1-r29\n",
	    0644);
	st = tu_probe_run(tu_root, "package", "{name: busybox}", &ev, NULL);
	ck_assert_int_eq(st, ST_FAIL);
	ck_assert_str_eq(ev.v[0].path, DPKG_STATUS_PATH);
	evlist_release(&ev);
	st = tu_probe_run(tu_root, "package", "{name: busybox, manager: apk}",
	    &ev, NULL);
	ck_assert_int_eq(st, ST_PASS);
	ck_assert_str_eq(ev.v[0].path, APK_INSTALLED_PATH);
	evlist_release(&ev);
}
END_TEST

START_TEST(test_package_apk_db_errors)
{
	struct evlist ev;
	int st;

	st = tu_probe_run(tu_root, "package", "{name: bash, manager: apk}", &ev,
	    NULL);
	ck_assert_int_eq(st, ST_ERROR);
	ck_assert_str_eq(ev.v[0].message, "no apk database found "
	    "(/lib/apk/db/installed does not exist)");
	evlist_release(&ev);

	tu_write(tu_root, APK_INSTALLED_PATH, "P:busybox\nbusybox 1.36\n",
	    0644);
	st = tu_probe_run(tu_root, "package", "{name: busybox}", &ev, NULL);
	ck_assert_int_eq(st, ST_ERROR);
	ck_assert_uint_eq(ev.n, 1);
	ck_assert_str_eq(ev.v[0].message, "cannot parse /lib/apk/db/installed: "
	    "line 2: expected \"X:value\"");
	ck_assert_uint_eq(ev.v[0].line, 2);
	evlist_release(&ev);

	tu_write(tu_root, APK_INSTALLED_PATH, "V:1\n\nP:busybox\nV:1.36.1-r2\n",
	    0644);
	st = tu_probe_run(tu_root, "package", "{name: busybox}", &ev, NULL);
	ck_assert_int_eq(st, ST_PASS);
	ck_assert_str_eq(ev.v[0].message, "block without a P: field skipped");
	ck_assert_uint_eq(ev.v[0].line, 1);
	evlist_release(&ev);
}
END_TEST

START_TEST(test_package_apk_fifo_is_error)
{
	struct evlist ev;
	int st;

	tu_mkfifo(tu_root, APK_INSTALLED_PATH);
	st = tu_probe_run(tu_root, "package", "{name: busybox}", &ev, NULL);
	ck_assert_int_eq(st, ST_ERROR);
	ck_assert_str_eq(ev.v[0].message, "cannot read /lib/apk/db/installed: "
	    "not a regular file (fifo)");
	evlist_release(&ev);
}
END_TEST

START_TEST(test_package_rpm_formats_reported)
{
	struct evlist ev;
	int st;

	tu_write(tu_root, RPMDB_NDB_PATH_USR, "ndb", 0644);
	st = tu_probe_run(tu_root, "package", "{name: bash}", &ev, NULL);
	ck_assert_int_eq(st, ST_ERROR);
	ck_assert_uint_eq(ev.n, 1);
	ck_assert_str_eq(ev.v[0].path, RPMDB_NDB_PATH_USR);
	ck_assert_str_eq(ev.v[0].message, "rpm database found at "
	    "/usr/lib/sysimage/rpm/Packages.db but it is not an ndb package "
	    "database (no RpmP magic)");
	evlist_release(&ev);

	/* A Berkeley DB Packages file outranks ndb; this one is garbage. */
	tu_write(tu_root, RPMDB_BDB_PATH, "not a berkeley db", 0644);
	st = tu_probe_run(tu_root, "package", "{name: bash, manager: rpm}", &ev,
	    NULL);
	ck_assert_int_eq(st, ST_ERROR);
	ck_assert_str_eq(ev.v[0].path, RPMDB_BDB_PATH);
	ck_assert_str_eq(ev.v[0].message, "rpm database found at "
	    "/var/lib/rpm/Packages but it is too short for a Berkeley DB "
	    "file (17 bytes)");
	evlist_release(&ev);

	/* An rpm database under a dpkg root is not looked at. */
	tu_write(tu_root, DPKG_STATUS_PATH, "Package: bash\nStatus: install ok "
	    "installed\nVersion: 5.2.15-2+b7\n", 0644);
	st = tu_probe_run(tu_root, "package", "{name: bash}", &ev, NULL);
	ck_assert_int_eq(st, ST_PASS);
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
	{ "{name: Bash, manager: dpkg}",
	  "test.yaml:1:8: name: invalid package name \"Bash\" (expected "
	  "[a-z0-9][a-z0-9+.-]*, optionally :ARCH)" },
	{ "{name: [bash, \"lib c\"], manager: dpkg}",
	  "test.yaml:1:15: name: invalid package name \"lib c\" (expected "
	  "[a-z0-9][a-z0-9+.-]*, optionally :ARCH)" },
	{ "{name: \"libc6:\", manager: dpkg}",
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
	{ "{name: bash, version: {at_least: v5}, manager: dpkg}",
	  "test.yaml:1:34: at_least: invalid version \"v5\": version number "
	  "does not start with digit" },
	{ "{name: bash, version: {less_than: \"a:1\"}, manager: dpkg}",
	  "test.yaml:1:35: less_than: invalid version \"a:1\": epoch in "
	  "version is empty" },
	{ "{name: bash, version: {equals: \"1.0-\"}, manager: dpkg}",
	  "test.yaml:1:32: equals: invalid version \"1.0-\": revision number "
	  "is empty" },
	{ "{name: bash, version: {equals: [1]}}",
	  "test.yaml:1:32: equals: expected a string, got a sequence" },
	{ "{name: bash, paths: etc/x}",
	  "test.yaml:1:21: paths: expected an absolute path, got \"etc/x\"" },
	{ "{name: bash, paths: []}",
	  "test.yaml:1:21: paths: expected an absolute path or a list of "
	  "them, got an empty list" },
	{ "{name: bash, manager: yum}",
	  "test.yaml:1:23: manager: expected dpkg, apk or rpm, got \"yum\"" },
	{ "{name: \"Net Manager\"}",
	  "test.yaml:1:8: name: invalid package name \"Net Manager\" (expected "
	  "[A-Za-z0-9_][A-Za-z0-9_+.-]*, optionally :ARCH)" },
	{ "{name: bash, version: {at_least: \"1 2\"}}",
	  "test.yaml:1:34: at_least: invalid version \"1 2\": not a dpkg, apk "
	  "or rpm version" },
	{ "{name: bash, version: {at_least: \"1:2\"}, manager: apk}",
	  "test.yaml:1:34: at_least: invalid version \"1:2\": not an apk "
	  "version (digit{.digit}...{letter}{_suffix{number}}...{-rN})" },
	{ "{name: bash, version: {at_least: \"1.0-\"}, manager: rpm}",
	  "test.yaml:1:34: at_least: invalid version \"1.0-\": release is "
	  "empty" },
};

START_TEST(test_package_compile_errors)
{
	tu_check_compile_error("package", bad[_i].args, bad[_i].err);
}
END_TEST

START_TEST(test_package_compile_accepts_valid)
{
	ck_assert_int_eq(tu_probe_compile("package", "{name: [\"g++\", "
	    "\"libstdc++6:i386\", python3.11], installed: false, version: "
	    "{at_least: \"1:2.0~rc1-1+b1\", less_than: \"3\", equals: "
	    "\"2.5\"}, manager: dpkg}", NULL), 0);
	ck_assert_int_eq(tu_probe_compile("package", "{name: [NetworkManager, "
	    "perl-Data-Dumper, \"glibc:i686\"], version: {at_least: "
	    "\"1:1.42.2-8.el9\"}, manager: rpm}", NULL), 0);
	ck_assert_int_eq(tu_probe_compile("package", "{name: [busybox, "
	    "py3-foo_bar], version: {at_least: \"1.36.1_p2-r3\"}, manager: "
	    "apk}", NULL), 0);
	/* Detected manager: capitals allowed, a version valid for one. */
	ck_assert_int_eq(tu_probe_compile("package", "{name: NetworkManager, "
	    "version: {at_least: \"1.2_rc1\"}}", NULL), 0);
}
END_TEST

static Suite *
package_suite(void)
{
	Suite *s = suite_create("probe_package");
	TCase *tc = tcase_create("debian12");

	tcase_add_checked_fixture(tc, setup_debian, tu_root_teardown);
	tcase_add_loop_test(tc, test_package_verdicts_on_debian12_status, 0,
	    NITEMS(runs));
	tcase_add_test(tc, test_package_evidence_names_line_and_values);
	tcase_add_test(tc, test_package_paths_only_when_no_record);
	suite_add_tcase(s, tc);
	tc = tcase_create("alpine");
	tcase_add_checked_fixture(tc, setup_alpine, tu_root_teardown);
	tcase_add_loop_test(tc, test_package_verdicts_on_alpine_db, 0,
	    NITEMS(apk_runs));
	tcase_add_test(tc, test_package_apk_evidence_names_line_and_values);
	suite_add_tcase(s, tc);
	tc = tcase_create("errors");
	tcase_add_checked_fixture(tc, tu_root_setup, tu_root_teardown);
	tcase_add_test(tc, test_package_no_database_is_error);
	tcase_add_test(tc, test_package_paths_decide_without_database);
	tcase_add_test(tc, test_package_reads_distroless_status_d);
	tcase_add_test(tc, test_package_fifo_status_is_error);
	tcase_add_test(tc, test_package_malformed_status_is_error);
	tcase_add_test(tc, test_package_stanza_without_package_is_reported);
	tcase_add_test(tc, test_package_installed_without_version_is_error);
	tcase_add_test(tc, test_package_detects_dpkg_before_apk);
	tcase_add_test(tc, test_package_apk_db_errors);
	tcase_add_test(tc, test_package_apk_fifo_is_error);
	tcase_add_test(tc, test_package_rpm_formats_reported);
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
