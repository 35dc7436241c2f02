/*
 * check_dpkg.c -- the dpkg status parser and the Debian version order.
 *
 * The version pairs and syntax errors are dpkg's own expectations (its
 * Dpkg_Version test data and deb-version(5)), each checked against
 * `dpkg --compare-versions` on Debian 12 when the table was written, plus
 * real Debian 12 versions.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "assay/dpkg.h"
#include "assay/target.h"
#include "assay/xmem.h"
#include "testutil.h"

static const struct {
	const char	*a;
	const char	*b;
	int		 want;
} vpairs[] = {
	{ "1.0", "1.0", 0 },
	{ "1.0", "2.0", -1 },
	{ "2.0", "1.0", 1 },
	{ "1.0~rc1", "1.0", -1 },
	{ "1:0.1", "9.9", 1 },
	{ "1.0-1", "1.0-1ubuntu1", -1 },
	{ "2.30-1", "2.3-1", 1 },
	{ "0:1.0", "1.0", 0 },
	{ "1.0a", "1.0", 1 },
	{ "1.0+", "1.0.", -1 },
	{ "1.0", "1.0.", -1 },
	{ "2.2~rc-4", "2.2-1", -1 },
	{ "1.0000-1", "1.0-1", 0 },
	{ "1", "0:1", 0 },
	{ "0", "0:0-0", 0 },
	{ "2:2.5", "1:7.5", 1 },
	{ "1:0foo", "0foo", 1 },
	{ "0foo-0", "0foo", 0 },
	{ "0foo", "0fo", 1 },
	{ "0foo-0", "0foo+", -1 },
	{ "0foo~1", "0foo", -1 },
	{ "0foo~foo+Bar", "0foo~foo+bar", -1 },
	{ "0foo~~", "0foo~", -1 },
	{ "1~", "1", -1 },
	{ "12345+that-really-is-some-ver-0",
	  "12345+that-really-is-some-ver-10", -1 },
	{ "0foo-0", "0foo-01", -1 },
	{ "0foo.bar", "0foobar", 1 },
	{ "0foo.bar", "0foo1bar", 1 },
	{ "0foo1bar-1", "0foobar-1", -1 },
	{ "0foo2.0", "0foo2", 1 },
	{ "0foo2.0.0", "0foo2.10.0", -1 },
	{ "0foo2.1", "0foo2.10", -1 },
	{ "1.09", "1.9", 0 },
	{ "1.0.8+nmu1", "1.0.8", 1 },
	{ "3.11", "3.10+nmu1", 1 },
	{ "0.9j-20080306-4", "0.9i-20070324-2", 1 },
	{ "1.2.0~b7-1", "1.2.0~b6-1", 1 },
	{ "1.011-1", "1.06-2", 1 },
	{ "4.6.99+svn6582-1", "4.6.99+svn6496-1", 1 },
	{ "2:2.3.2-2+lenny2", "2:2.3.2-2", 1 },
	{ "1:3.8.1-1", "3.8.GA-1", 1 },
	{ "1.0.1+gpl-1", "1.0.1-2", 1 },
	{ "1a", "1000a", -1 },
	{ "1:9.2p1-2+deb12u2", "1:9.2p1-2+deb12u3", -1 },
	{ "3.0.11-1~deb12u2", "3.0.11-1", -1 },
	{ "2.36-9+deb12u4", "2.36-9+deb12u10", -1 },
	{ "10:1", "9:99", 1 },
	/* Not dpkg's (it refuses epochs over INT_MAX): ours never overflow. */
	{ "99999999999999999999:1", "99999999999999999998:2", 1 },
	{ "1.0-0", "1.0", 0 },
	{ "1.0~~a", "1.0~", -1 },
	{ "1.0a~", "1.0a", -1 },
	{ "a", "1", 1 },
	{ "1.0", "1.0-1", -1 },
};

static int
sign(int v)
{
	return (v > 0) - (v < 0);
}

START_TEST(test_dpkg_version_cmp_matches_dpkg)
{
	int got = dpkg_version_cmp(vpairs[_i].a, vpairs[_i].b);
	int rev = dpkg_version_cmp(vpairs[_i].b, vpairs[_i].a);

	ck_assert_msg(sign(got) == vpairs[_i].want,
	    "%s vs %s: got %d, want %d", vpairs[_i].a, vpairs[_i].b, got,
	    vpairs[_i].want);
	ck_assert_msg(sign(rev) == -vpairs[_i].want,
	    "%s vs %s reversed: got %d", vpairs[_i].b, vpairs[_i].a, rev);
}
END_TEST

static const struct {
	const char	*v;
	const char	*why;	/* NULL: valid */
} vcheck[] = {
	{ "1.0", NULL },
	{ "1:9.2p1-2+deb12u2", NULL },
	{ "2.36-9+deb12u4", NULL },
	{ "1.0~rc1", NULL },
	{ "0:1.2:3-4", NULL },
	{ "1.2-3-4", NULL },
	{ "", "version string is empty" },
	{ "1.0 2", "version string has embedded spaces" },
	{ ":1.0", "epoch in version is empty" },
	{ "a:1.0", "epoch in version is empty" },
	{ "1a:1.0", "epoch in version is not number" },
	{ "99999999999:1.0", "epoch in version is too big" },
	{ "1:", "nothing after colon in version number" },
	{ "1.0-", "revision number is empty" },
	{ "-1", "upstream version is empty" },
	{ "v1.0", "version number does not start with digit" },
	{ "1.0_beta", "invalid character in version number" },
	{ "1.0-1:2", "epoch in version is not number" },
	{ "1.0-a_b", "invalid character in revision number" },
};

START_TEST(test_dpkg_version_check_reasons)
{
	const char *why = NULL;
	int rc = dpkg_version_check(vcheck[_i].v, &why);

	if (vcheck[_i].why == NULL) {
		ck_assert_msg(rc == 0, "%s: %s", vcheck[_i].v, why);
	} else {
		ck_assert_int_eq(rc, -1);
		ck_assert_str_eq(why, vcheck[_i].why);
	}
}
END_TEST

static const struct {
	const char	*status;
	bool		 installed;
} statuses[] = {
	{ "install ok installed", true },
	{ "hold ok installed", true },
	{ "deinstall ok installed", true },
	{ "install ok triggers-pending", true },
	{ "install ok triggers-awaited", true },
	{ "deinstall ok config-files", false },
	{ "purge ok not-installed", false },
	{ "install reinstreq half-installed", false },
	{ "install ok half-configured", false },
	{ "install ok unpacked", false },
	{ "install reinstreq installed", false },
	{ "installed", false },
	{ "", false },
	{ NULL, false },
};

START_TEST(test_dpkg_status_installed_states)
{
	ck_assert_msg(dpkg_status_installed(statuses[_i].status) ==
	    statuses[_i].installed, "%s", statuses[_i].status);
}
END_TEST

static struct dpkg_db *
parse_ok(const char *buf, size_t len)
{
	struct diag *d = diag_new();
	struct dpkg_db *db = dpkg_db_parse(DPKG_STATUS_PATH, buf, len,
	    DPKG_STANZA_MAX, d);

	ck_assert_msg(db != NULL, "parse failed: %s", diag_text(d, 0));
	ck_assert_uint_eq(diag_count(d), 0);
	diag_free(d);
	return db;
}

START_TEST(test_dpkg_parse_debian12_status)
{
	size_t len;
	char *buf = tu_slurp_src("fixtures/dpkg/status", &len);
	struct dpkg_db *db = parse_ok(buf, len);
	const struct dpkg_pkg *p[4];

	ck_assert_uint_eq(db->n, 10);
	ck_assert_uint_eq(db->nskipped, 0);
	ck_assert_uint_eq(dpkg_db_find(db, "openssh-server", NULL, p, 4), 1);
	ck_assert_str_eq(p[0]->version, "1:9.2p1-2+deb12u6");
	ck_assert_str_eq(p[0]->status, "install ok installed");
	ck_assert_str_eq(p[0]->arch, "amd64");
	ck_assert_str_eq(p[0]->source, "openssh");
	ck_assert_uint_eq(p[0]->line, 79);
	ck_assert_uint_eq(dpkg_db_find(db, "telnetd", NULL, p, 4), 1);
	ck_assert_str_eq(p[0]->status, "deinstall ok config-files");
	ck_assert_uint_eq(p[0]->line, 102);
	ck_assert_uint_eq(dpkg_db_find(db, "nis", NULL, p, 4), 1);
	ck_assert_ptr_null(p[0]->version);
	ck_assert_uint_eq(p[0]->line, 119);
	ck_assert_uint_eq(dpkg_db_find(db, "tzdata", NULL, p, 4), 1);
	ck_assert_uint_eq(p[0]->line, 146);
	ck_assert_uint_eq(dpkg_db_find(db, "telnet", NULL, p, 4), 0);
	dpkg_db_free(db);
	free(buf);
}
END_TEST

START_TEST(test_dpkg_parse_multiarch_instances)
{
	size_t len;
	char *buf = tu_slurp_src("fixtures/dpkg/status", &len);
	struct dpkg_db *db = parse_ok(buf, len);
	const struct dpkg_pkg *p[4];

	ck_assert_uint_eq(dpkg_db_find(db, "libc6", NULL, p, 4), 2);
	ck_assert_str_eq(p[0]->arch, "amd64");
	ck_assert_str_eq(p[0]->version, "2.36-9+deb12u14");
	ck_assert_str_eq(p[1]->arch, "i386");
	ck_assert_str_eq(p[1]->version, "2.36-9+deb12u4");
	ck_assert_uint_eq(dpkg_db_find(db, "libc6", "i386", p, 4), 1);
	ck_assert_uint_eq(p[0]->line, 42);
	ck_assert_uint_eq(dpkg_db_find(db, "libc6", "arm64", p, 4), 0);
	ck_assert_uint_eq(dpkg_db_find(db, "libc6", NULL, p, 1), 1);
	dpkg_db_free(db);
	free(buf);
}
END_TEST

START_TEST(test_dpkg_parse_crlf_blank_runs_no_final_newline)
{
	static const char text[] =
	    "\r\n\r\n"
	    "package: a\r\n"
	    "status:   install ok installed  \r\n"
	    "VERSION: 1.0-1\r\n"
	    "Description: x\r\n"
	    " more\r\n"
	    "\t.\r\n"
	    "\r\n   \r\n\t\r\n\r\n"
	    "Package: b\r\n"
	    "Version: 2.0";
	struct dpkg_db *db = parse_ok(text, sizeof(text) - 1);

	ck_assert_uint_eq(db->n, 2);
	ck_assert_str_eq(db->v[0].name, "a");
	ck_assert_str_eq(db->v[0].status, "install ok installed");
	ck_assert_str_eq(db->v[0].version, "1.0-1");
	ck_assert_uint_eq(db->v[0].line, 3);
	ck_assert_str_eq(db->v[1].name, "b");
	ck_assert_str_eq(db->v[1].version, "2.0");
	ck_assert_ptr_null(db->v[1].status);
	ck_assert_uint_eq(db->v[1].line, 13);
	dpkg_db_free(db);
}
END_TEST

START_TEST(test_dpkg_parse_skips_stanza_without_package)
{
	static const char text[] =
	    "Package: a\nVersion: 1\n\n"
	    "Status: install ok installed\nVersion: 2\n\n"
	    "Package:\nVersion: 3\n\n"
	    "Package: c\nVersion: 4\n";
	struct dpkg_db *db = parse_ok(text, sizeof(text) - 1);

	ck_assert_uint_eq(db->n, 2);
	ck_assert_str_eq(db->v[1].name, "c");
	ck_assert_uint_eq(db->nskipped, 2);
	ck_assert_uint_eq(db->skipped[0], 4);
	ck_assert_uint_eq(db->skipped[1], 7);
	dpkg_db_free(db);
}
END_TEST

START_TEST(test_dpkg_parse_empty_file_has_no_packages)
{
	struct dpkg_db *db = parse_ok("", 0);

	ck_assert_uint_eq(db->n, 0);
	dpkg_db_free(db);
}
END_TEST

static const struct {
	const char	*text;
	const char	*why;		/* the whole diagnostic */
	unsigned	 line;
} bad[] = {
	{ " continued\nPackage: a\n",
	  DPKG_STATUS_PATH ":1: continuation line outside a field", 1 },
	{ "Package: a\n\n continued\n",
	  DPKG_STATUS_PATH ":3: continuation line outside a field", 3 },
	{ "Package: a\nthis is not a field\n",
	  DPKG_STATUS_PATH ":2: expected \"Field: value\"", 2 },
	{ "Package: a\n: empty name\n",
	  DPKG_STATUS_PATH ":2: expected \"Field: value\"", 2 },
	{ "Package: a\nVersion: 1\nversion: 2\n",
	  DPKG_STATUS_PATH ":3: repeated field \"Version\"", 3 },
	{ "Package: a\nPackage: b\n",
	  DPKG_STATUS_PATH ":2: repeated field \"Package\"", 2 },
	{ "Package: a\nVersion: 1\0\nStatus: x\n",
	  DPKG_STATUS_PATH ":2: NUL byte in the file", 2 },
	{ "Package: a\n\nPackage: b\n\nPackage: c\n\nPackage: d\n",
	  DPKG_STATUS_PATH ":7: more than 3 stanzas", 7 },
};

START_TEST(test_dpkg_parse_rejects_malformed)
{
	/* sizeof-less: the NUL case needs an explicit length. */
	size_t len = strlen(bad[_i].text);
	struct diag *d = diag_new();
	struct dpkg_db *db;

	if (strstr(bad[_i].why, "NUL") != NULL)
		len += 1 + strlen(bad[_i].text + len + 1);
	db = dpkg_db_parse(DPKG_STATUS_PATH, bad[_i].text, len, 3, d);
	ck_assert_ptr_null(db);
	ck_assert_uint_eq(diag_count(d), 1);
	ck_assert_str_eq(diag_text(d, 0), bad[_i].why);
	ck_assert_str_eq(diag_pos(d, 0)->file, DPKG_STATUS_PATH);
	ck_assert_uint_eq(diag_pos(d, 0)->line, bad[_i].line);
	diag_free(d);
}
END_TEST

/* dpkg_db_get with the default limits, which must say nothing. */
static enum fs_rc
db_get(struct target *t, const struct dpkg_db **dbp)
{
	struct diag *d = diag_new();
	enum fs_rc rc = dpkg_db_get(t, &limits_default, dbp, d);

	tu_diag_none(d);
	return rc;
}

START_TEST(test_dpkg_db_get_caches_per_target)
{
	char *root = tu_tmpdir();
	char *root2 = tu_tmpdir();
	const struct dpkg_db *db1 = NULL;
	const struct dpkg_db *db2 = NULL;
	const struct dpkg_db *db3 = NULL;
	struct target *t;
	struct target *t2;

	tu_write(root, DPKG_STATUS_PATH, "Package: a\nVersion: 1\n", 0644);
	tu_write(root2, DPKG_STATUS_PATH, "Package: b\nVersion: 1\n", 0644);
	t = tu_target_open(root);
	t2 = tu_target_open(root2);
	ck_assert_int_eq(db_get(t, &db1), FS_OK);
	ck_assert_int_eq(db_get(t, &db2), FS_OK);
	ck_assert_ptr_eq(db1, db2);
	ck_assert_str_eq(db1->v[0].name, "a");
	ck_assert_int_eq(db_get(t2, &db3), FS_OK);
	ck_assert_str_eq(db3->v[0].name, "b");
	ck_assert_ptr_ne(db1, db3);
	/* An open target is a snapshot: its parse is kept ... */
	tu_write(root2, DPKG_STATUS_PATH,
	    "Package: b\nVersion: 1\n\nPackage: c\n", 0644);
	ck_assert_int_eq(db_get(t2, &db2), FS_OK);
	ck_assert_ptr_eq(db2, db3);
	ck_assert_uint_eq(db2->n, 1);
	/* ... and dies with it: a target opened later parses afresh, even
	 * at the same address. */
	target_close(t2);
	t2 = tu_target_open(root2);
	ck_assert_int_eq(db_get(t2, &db3), FS_OK);
	ck_assert_uint_eq(db3->n, 2);
	ck_assert_str_eq(db3->v[1].name, "c");
	target_close(t);
	target_close(t2);
	tu_rmtree(root);
	tu_rmtree(root2);
	free(root);
	free(root2);
}
END_TEST

START_TEST(test_dpkg_db_get_reports_missing_and_malformed)
{
	char *root = tu_tmpdir();
	const struct dpkg_db *db = NULL;
	struct diag *d = diag_new();
	struct target *t;

	t = tu_target_open(root);
	ck_assert_int_eq(dpkg_db_get(t, &limits_default, &db, d), FS_ENOENT);
	ck_assert_ptr_null(db);
	ck_assert_uint_eq(diag_count(d), 0);
	tu_write(root, DPKG_STATUS_PATH, "Package: a\nbroken\n", 0644);
	ck_assert_int_eq(dpkg_db_get(t, &limits_default, &db, d), FS_OK);
	ck_assert_ptr_null(db);
	ck_assert_uint_eq(diag_count(d), 1);
	ck_assert_str_eq(diag_text(d, 0), DPKG_STATUS_PATH ":2: expected "
	    "\"Field: value\"");
	ck_assert_uint_eq(diag_pos(d, 0)->line, 2);
	diag_free(d);
	target_close(t);
	tu_rmtree(root);
	free(root);
}
END_TEST

/* Distroless: one stanza file per package in status.d, md5sums lists
 * beside them; merged after status when both exist. */
START_TEST(test_dpkg_db_get_reads_status_d)
{
	char *root = tu_tmpdir();
	const struct dpkg_db *db = NULL;
	struct target *t;

	tu_write(root, DPKG_STATUS_D_PATH "/libc6", "Package: libc6\n"
	    "Version: 2.36-9+deb12u9\nArchitecture: amd64\n", 0644);
	tu_write(root, DPKG_STATUS_D_PATH "/libc6.md5sums",
	    "d41d8cd98f00b204e9800998ecf8427e  lib/libc.so.6\n", 0644);
	tu_write(root, DPKG_STATUS_D_PATH "/base-files", "Package: base-files"
	    "\nVersion: 12.4+deb12u9\n", 0644);
	t = tu_target_open(root);
	ck_assert_int_eq(db_get(t, &db), FS_OK);
	ck_assert_str_eq(db->path, DPKG_STATUS_D_PATH);
	ck_assert_uint_eq(db->n, 2);
	ck_assert_str_eq(db->v[0].name, "base-files");
	ck_assert_str_eq(db->v[0].path, DPKG_STATUS_D_PATH "/base-files");
	ck_assert_str_eq(db->v[1].name, "libc6");
	ck_assert_str_eq(db->v[1].version, "2.36-9+deb12u9");
	ck_assert_str_eq(db->v[1].path, DPKG_STATUS_D_PATH "/libc6");
	ck_assert_uint_eq(db->v[1].line, 1);
	target_close(t);

	/* With a status file too: status first, then status.d. */
	tu_write(root, DPKG_STATUS_PATH, "Package: bash\nVersion: 5.2\n",
	    0644);
	t = tu_target_open(root);
	ck_assert_int_eq(db_get(t, &db), FS_OK);
	ck_assert_uint_eq(db->n, 3);
	ck_assert_str_eq(db->v[0].name, "bash");
	ck_assert_str_eq(db->v[0].path, DPKG_STATUS_PATH);
	ck_assert_str_eq(db->v[2].name, "libc6");
	target_close(t);
	tu_rmtree(root);
	free(root);
}
END_TEST

/* A status.d file is held to the status file's rules, and the error
 * names the file. */
START_TEST(test_dpkg_db_get_status_d_errors_name_the_file)
{
	char *root = tu_tmpdir();
	const struct dpkg_db *db = NULL;
	struct diag *d = diag_new();
	struct target *t;

	tu_write(root, DPKG_STATUS_D_PATH "/a", "Package: a\n", 0644);
	tu_write(root, DPKG_STATUS_D_PATH "/b", "Package: b\nPackage: b\n",
	    0644);
	t = tu_target_open(root);
	ck_assert_int_eq(dpkg_db_get(t, &limits_default, &db, d), FS_OK);
	ck_assert_ptr_null(db);
	ck_assert_uint_eq(diag_count(d), 1);
	ck_assert_str_eq(diag_pos(d, 0)->file, DPKG_STATUS_D_PATH "/b");
	ck_assert_str_eq(diag_text(d, 0), DPKG_STATUS_D_PATH "/b:2: repeated "
	    "field \"Package\"");
	diag_clear(d);
	target_close(t);
	tu_rmtree(root);
	free(root);

	root = tu_tmpdir();
	tu_mkfifo(root, DPKG_STATUS_D_PATH "/c");
	t = tu_target_open(root);
	ck_assert_int_eq(dpkg_db_get(t, &limits_default, &db, d), FS_ENOTREG);
	ck_assert_uint_eq(diag_count(d), 1);
	ck_assert_str_eq(diag_pos(d, 0)->file, DPKG_STATUS_D_PATH "/c");
	ck_assert_str_eq(diag_text(d, 0), DPKG_STATUS_D_PATH "/c: not a "
	    "regular file");
	diag_free(d);
	target_close(t);
	tu_rmtree(root);
	free(root);

	/* Only md5sums lists: a database with no package. */
	root = tu_tmpdir();
	tu_write(root, DPKG_STATUS_D_PATH "/c.md5sums", "", 0644);
	t = tu_target_open(root);
	ck_assert_int_eq(db_get(t, &db), FS_OK);
	ck_assert_uint_eq(db->n, 0);
	target_close(t);
	tu_rmtree(root);
	free(root);
}
END_TEST

#define NITEMS(a) ((int)(sizeof(a) / sizeof((a)[0])))

static Suite *
dpkg_suite(void)
{
	Suite *s = suite_create("dpkg");
	TCase *tc = tcase_create("version");

	tcase_add_loop_test(tc, test_dpkg_version_cmp_matches_dpkg, 0,
	    NITEMS(vpairs));
	tcase_add_loop_test(tc, test_dpkg_version_check_reasons, 0,
	    NITEMS(vcheck));
	tcase_add_loop_test(tc, test_dpkg_status_installed_states, 0,
	    NITEMS(statuses));
	suite_add_tcase(s, tc);
	tc = tcase_create("status");
	tcase_add_test(tc, test_dpkg_parse_debian12_status);
	tcase_add_test(tc, test_dpkg_parse_multiarch_instances);
	tcase_add_test(tc, test_dpkg_parse_crlf_blank_runs_no_final_newline);
	tcase_add_test(tc, test_dpkg_parse_skips_stanza_without_package);
	tcase_add_test(tc, test_dpkg_parse_empty_file_has_no_packages);
	tcase_add_loop_test(tc, test_dpkg_parse_rejects_malformed, 0,
	    NITEMS(bad));
	tcase_add_test(tc, test_dpkg_db_get_caches_per_target);
	tcase_add_test(tc, test_dpkg_db_get_reports_missing_and_malformed);
	tcase_add_test(tc, test_dpkg_db_get_reads_status_d);
	tcase_add_test(tc, test_dpkg_db_get_status_d_errors_name_the_file);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return tu_run_suite(dpkg_suite());
}
