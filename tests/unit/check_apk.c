/*
 * check_apk.c -- Alpine's installed-database parser and the apk version
 * order.
 *
 * The version pairs follow apk-tools' version.c rules (not run against
 * `apk version -t`: Debian has no apk): components numerically, a letter
 * after the digits, suffixes _alpha < _beta < _pre < _rc < (none) < _cvs
 * < _svn < _git < _hg < _p with their own numbers, then the -rN revision.
 * Cases whose
 * answer differs between apk-tools 2 and 3 (leading zeros, "1.0" vs
 * "1.0-r0") are left out.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "assay/apk.h"
#include "assay/strbuf.h"
#include "assay/target.h"
#include "assay/xmem.h"
#include "testutil.h"

#define NITEMS(a) ((int)(sizeof(a) / sizeof((a)[0])))

static const struct {
	const char	*a;
	const char	*b;
	int		 want;
} vpairs[] = {
	{ "1.2", "1.2", 0 },
	{ "1.36.1-r15", "1.36.1-r15", 0 },
	{ "1.2", "1.3", -1 },
	{ "1.2", "1.10", -1 },
	{ "1.9", "1.10", -1 },
	{ "2.1", "1.99", 1 },
	{ "10", "9", 1 },
	{ "1.2", "1.2.1", -1 },
	{ "1.2.3", "1.2.10", -1 },
	{ "3.1.10-r0", "3.1.9-r5", 1 },
	{ "2.4.57-r0", "2.4.9-r3", 1 },
	{ "1.2_alpha", "1.2_beta", -1 },
	{ "1.2_beta", "1.2_pre", -1 },
	{ "1.2_pre", "1.2_rc", -1 },
	{ "1.2_rc", "1.2", -1 },
	{ "1.2", "1.2_cvs", -1 },
	{ "1.2_cvs", "1.2_svn", -1 },
	{ "1.2_svn", "1.2_git", -1 },
	{ "1.2_git", "1.2_hg", -1 },
	{ "1.2_hg", "1.2_p", -1 },
	{ "1.2_alpha", "1.2_p", -1 },
	{ "1.2_rc1", "1.2_rc2", -1 },
	{ "1.2_rc", "1.2_rc1", -1 },
	{ "1.2_alpha9", "1.2_alpha10", -1 },
	{ "1.2_p1", "1.2_p2", -1 },
	{ "1.2_pre3", "1.2", -1 },
	{ "1.2.3_rc1", "1.2.3", -1 },
	{ "1.2_git20200101", "1.2_git20210101", -1 },
	{ "1.2-r0", "1.2-r1", -1 },
	{ "1.2-r9", "1.2-r10", -1 },
	{ "1.2", "1.2-r1", -1 },
	{ "1.2-r5", "1.2.1-r0", -1 },
	{ "1.2_rc1-r3", "1.2-r0", -1 },
	{ "1.2_p1", "1.2-r5", 1 },
	{ "1.2a", "1.2", 1 },
	{ "1.2a", "1.2b", -1 },
	{ "1.2a", "1.2_rc1", 1 },
	{ "1.2a", "1.3", -1 },
	{ "9.2_p1-r3", "9.2_p1-r4", -1 },
	{ "3.3.0-r1", "3.1.4-r5", 1 },
	/* Digit runs compare as numbers of any length. */
	{ "1.99999999999999999999999", "1.99999999999999999999998", 1 },
};

START_TEST(test_apk_version_cmp_follows_apk_tools)
{
	int got = apk_version_cmp(vpairs[_i].a, vpairs[_i].b);
	int rev = apk_version_cmp(vpairs[_i].b, vpairs[_i].a);

	ck_assert_msg(got == vpairs[_i].want, "%s vs %s: got %d, want %d",
	    vpairs[_i].a, vpairs[_i].b, got, vpairs[_i].want);
	ck_assert_msg(rev == -vpairs[_i].want,
	    "%s vs %s reversed: got %d", vpairs[_i].b, vpairs[_i].a, rev);
}
END_TEST

static const struct {
	const char	*v;
	const char	*why;	/* NULL: valid */
} vcheck[] = {
	{ "1.36.1-r15", NULL },
	{ "1.2_rc1_p2-r3", NULL },
	{ "9.6_p1-r0", NULL },
	{ "2.4a", NULL },
	{ "20240101", NULL },
	{ "", "version string is empty" },
	{ "v1.2", "version does not start with a digit" },
	{ "1.2-3", "not an apk version (digit{.digit}...{letter}"
	  "{_suffix{number}}...{-rN})" },
	{ "1.2_foo", "not an apk version (digit{.digit}...{letter}"
	  "{_suffix{number}}...{-rN})" },
	{ "1.2-r1.3", "not an apk version (digit{.digit}...{letter}"
	  "{_suffix{number}}...{-rN})" },
	{ "1.2 3", "not an apk version (digit{.digit}...{letter}"
	  "{_suffix{number}}...{-rN})" },
	{ "1:1.2", "not an apk version (digit{.digit}...{letter}"
	  "{_suffix{number}}...{-rN})" },
};

START_TEST(test_apk_version_check_reasons)
{
	const char *why = NULL;
	int rc = apk_version_check(vcheck[_i].v, &why);

	if (vcheck[_i].why == NULL) {
		ck_assert_msg(rc == 0, "%s: %s", vcheck[_i].v, why);
		return;
	}
	ck_assert_msg(rc == -1, "%s accepted", vcheck[_i].v);
	ck_assert_str_eq(why, vcheck[_i].why);
}
END_TEST

/* Shaped like an Alpine 3.20 database (checksums and hashes made up). */
static const char alpine_db[] =
	"C:Q1jXTnQ3b2ZqV5n8V6Z9WlYVtV3xk=\n"
	"P:musl\n"
	"V:1.2.5-r0\n"
	"A:x86_64\n"
	"S:411323\n"
	"I:647168\n"
	"T:the musl c library (libc) implementation\n"
	"U:https://musl.libc.org/\n"
	"L:MIT\n"
	"o:musl\n"
	"m:Natanael Copa <ncopa@alpinelinux.org>\n"
	"t:1712864520\n"
	"c:93f8ffebbf2cb2cb7b8bea4a5d8e9b7c0e7c6d2a\n"
	"F:lib\n"
	"R:ld-musl-x86_64.so.1\n"
	"a:0:0:755\n"
	"Z:Q1rU6Qk5A3bq3n1oBDlqC4Jt6S3gE=\n"
	"\n"
	"C:Q1DGqwNg3PIrCmC0G3bSeXD5YJSAA=\n"
	"P:busybox\n"
	"V:1.36.1-r29\n"
	"A:x86_64\n"
	"o:busybox\n"
	"D:so:libc.musl-x86_64.so.1\n"
	"p:/bin/sh cmd:busybox=1.36.1-r29\n"
	"F:bin\n"
	"R:busybox\n"
	"\n"
	"P:openssl-config\n"
	"V:3.3.2-r0\n"
	"A:noarch\n"
	"o:openssl\n"
	"\n";

/* Parse TEXT, which must be valid. */
static struct apk_db *
parse_ok(const char *text)
{
	struct diag *d = diag_new();
	struct apk_db *db = apk_db_parse(APK_INSTALLED_PATH, text,
	    strlen(text), APK_PKG_MAX, d);

	ck_assert_msg(db != NULL, "%s", diag_text(d, 0));
	ck_assert_uint_eq(diag_count(d), 0);
	diag_free(d);
	return db;
}

START_TEST(test_apk_parse_alpine_db)
{
	struct apk_db *db = parse_ok(alpine_db);
	const struct apk_pkg *found[4];

	ck_assert_uint_eq(db->n, 3);
	ck_assert_str_eq(db->v[0].name, "musl");
	ck_assert_str_eq(db->v[0].version, "1.2.5-r0");
	ck_assert_str_eq(db->v[0].arch, "x86_64");
	ck_assert_str_eq(db->v[0].origin, "musl");
	ck_assert_uint_eq(db->v[0].line, 1);
	ck_assert_str_eq(db->v[1].name, "busybox");
	ck_assert_uint_eq(db->v[1].line, 19);
	ck_assert_str_eq(db->v[2].origin, "openssl");
	ck_assert_uint_eq(db->v[2].line, 29);
	ck_assert_uint_eq(apk_db_find(db, "busybox", NULL, found, 4), 1);
	ck_assert_str_eq(found[0]->version, "1.36.1-r29");
	ck_assert_uint_eq(apk_db_find(db, "busybox", "aarch64", found, 4), 0);
	ck_assert_uint_eq(apk_db_find(db, "openssl-config", "noarch", found,
	    4), 1);
	ck_assert_uint_eq(apk_db_find(db, "openssl", NULL, found, 4), 0);
	apk_db_free(db);
}
END_TEST

START_TEST(test_apk_parse_crlf_blank_runs_no_final_newline)
{
	struct apk_db *db = parse_ok("\r\n\r\nP:a\r\nV:1-r0\r\n\r\n\r\n\r\n"
	    "P:b\r\nV:2-r1");

	ck_assert_uint_eq(db->n, 2);
	ck_assert_str_eq(db->v[0].version, "1-r0");
	ck_assert_uint_eq(db->v[0].line, 3);
	ck_assert_str_eq(db->v[1].name, "b");
	ck_assert_str_eq(db->v[1].version, "2-r1");
	ck_assert_ptr_null(db->v[1].arch);
	apk_db_free(db);
}
END_TEST

START_TEST(test_apk_parse_skips_block_without_name)
{
	struct apk_db *db = parse_ok("V:1\nA:x86_64\n\nP:a\nV:1\n\nP:\n");

	ck_assert_uint_eq(db->n, 1);
	ck_assert_uint_eq(db->nskipped, 2);
	ck_assert_uint_eq(db->skipped[0], 1);
	ck_assert_uint_eq(db->skipped[1], 7);
	apk_db_free(db);
}
END_TEST

static const struct {
	const char	*text;
	const char	*why;		/* the whole diagnostic */
	unsigned	 line;
} malformed[] = {
	{ "P:a\nV:1\nnot a field\n", APK_INSTALLED_PATH
	  ":3: expected \"X:value\"", 3 },
	{ "P:a\n V:1\n", APK_INSTALLED_PATH
	  ":2: expected \"X:value\"", 2 },
	{ "P:a\nVersion: 1\n", APK_INSTALLED_PATH
	  ":2: expected \"X:value\"", 2 },
	{ "P:a\nV:1\nP:b\n", APK_INSTALLED_PATH
	  ":3: repeated field \"P:\"", 3 },
	{ "P:a\nV:1\nV:2\n", APK_INSTALLED_PATH
	  ":3: repeated field \"V:\"", 3 },
	{ "P:a\nA:x\nA:y\n", APK_INSTALLED_PATH
	  ":3: repeated field \"A:\"", 3 },
	{ "P:a\n\nP:b\nV:1\x00\n", APK_INSTALLED_PATH
	  ":4: NUL byte in the file", 4 },
	{ "P:a\n\nP:b\n\nP:c\n", APK_INSTALLED_PATH
	  ":5: more than 2 packages", 5 },
};

START_TEST(test_apk_parse_rejects_malformed)
{
	struct diag *d = diag_new();
	size_t len = strlen(malformed[_i].text);
	struct apk_db *db;

	/* The NUL case: the text goes on past the NUL. */
	if (strstr(malformed[_i].why, "NUL") != NULL)
		len += 2;
	db = apk_db_parse(APK_INSTALLED_PATH, malformed[_i].text, len, 2, d);
	ck_assert_ptr_null(db);
	ck_assert_uint_eq(diag_count(d), 1);
	ck_assert_str_eq(diag_text(d, 0), malformed[_i].why);
	ck_assert_str_eq(diag_pos(d, 0)->file, APK_INSTALLED_PATH);
	ck_assert_uint_eq(diag_pos(d, 0)->line, malformed[_i].line);
	diag_free(d);
}
END_TEST

/* apk_db_get with the default limits, which must say nothing. */
static enum fs_rc
db_get(struct target *t, const struct apk_db **dbp)
{
	struct diag *d = diag_new();
	enum fs_rc rc = apk_db_get(t, &limits_default, dbp, d);

	tu_diag_none(d);
	return rc;
}

START_TEST(test_apk_db_get_caches_and_finds_usr_path)
{
	char *root = tu_tmpdir();
	const struct apk_db *db1 = NULL;
	const struct apk_db *db2 = NULL;
	struct target *t;

	t = tu_target_open(root);
	ck_assert_int_eq(db_get(t, &db1), FS_ENOENT);
	tu_write(root, APK_INSTALLED_PATH_USR, "P:a\nV:1-r0\n", 0644);
	ck_assert_int_eq(db_get(t, &db1), FS_OK);
	ck_assert_str_eq(db1->path, APK_INSTALLED_PATH_USR);
	ck_assert_int_eq(db_get(t, &db2), FS_OK);
	ck_assert_ptr_eq(db1, db2);
	/* /lib/apk/db/installed wins when both exist. */
	tu_write(root, APK_INSTALLED_PATH, "P:b\nV:2-r0\n\nP:c\n", 0644);
	ck_assert_int_eq(db_get(t, &db2), FS_OK);
	ck_assert_str_eq(db2->path, APK_INSTALLED_PATH);
	ck_assert_uint_eq(db2->n, 2);
	ck_assert_str_eq(db2->v[0].name, "b");
	/* Both parses are kept, each under its own path. */
	ck_assert_int_eq(db_get(t, &db1), FS_OK);
	ck_assert_ptr_eq(db1, db2);
	target_close(t);
	/* Another target parses its own file. */
	tu_write(root, APK_INSTALLED_PATH, "P:d\n", 0644);
	t = tu_target_open(root);
	ck_assert_int_eq(db_get(t, &db1), FS_OK);
	ck_assert_ptr_ne(db1, NULL);
	ck_assert_uint_eq(db1->n, 1);
	ck_assert_str_eq(db1->v[0].name, "d");
	target_close(t);
	tu_rmtree(root);
	free(root);
}
END_TEST

START_TEST(test_apk_db_get_reports_malformed_and_fifo)
{
	char *root = tu_tmpdir();
	const struct apk_db *db = NULL;
	struct diag *d = diag_new();
	struct target *t;
	char *lib;

	t = tu_target_open(root);
	tu_write(root, APK_INSTALLED_PATH, "P:a\nbroken\n", 0644);
	ck_assert_int_eq(apk_db_get(t, &limits_default, &db, d), FS_OK);
	ck_assert_ptr_null(db);
	ck_assert_uint_eq(diag_count(d), 1);
	ck_assert_str_eq(diag_text(d, 0), APK_INSTALLED_PATH ":2: expected "
	    "\"X:value\"");
	ck_assert_uint_eq(diag_pos(d, 0)->line, 2);
	diag_clear(d);
	lib = xasprintf("%s/lib", root);
	tu_rmtree(lib);
	free(lib);
	tu_mkfifo(root, APK_INSTALLED_PATH);
	ck_assert_int_eq(apk_db_get(t, &limits_default, &db, d), FS_ENOTREG);
	ck_assert_uint_eq(diag_count(d), 1);
	ck_assert_str_eq(diag_pos(d, 0)->file, APK_INSTALLED_PATH);
	ck_assert_str_eq(diag_text(d, 0), APK_INSTALLED_PATH ": not a "
	    "regular file");
	diag_free(d);
	target_close(t);
	tu_rmtree(root);
	free(root);
}
END_TEST

static Suite *
apk_suite(void)
{
	Suite *s = suite_create("apk");
	TCase *tc = tcase_create("version");

	tcase_add_loop_test(tc, test_apk_version_cmp_follows_apk_tools, 0,
	    NITEMS(vpairs));
	tcase_add_loop_test(tc, test_apk_version_check_reasons, 0,
	    NITEMS(vcheck));
	suite_add_tcase(s, tc);
	tc = tcase_create("installed");
	tcase_add_test(tc, test_apk_parse_alpine_db);
	tcase_add_test(tc, test_apk_parse_crlf_blank_runs_no_final_newline);
	tcase_add_test(tc, test_apk_parse_skips_block_without_name);
	tcase_add_loop_test(tc, test_apk_parse_rejects_malformed, 0,
	    NITEMS(malformed));
	tcase_add_test(tc, test_apk_db_get_caches_and_finds_usr_path);
	tcase_add_test(tc, test_apk_db_get_reports_malformed_and_fifo);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return tu_run_suite(apk_suite());
}
