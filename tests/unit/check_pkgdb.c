/*
 * check_pkgdb.c -- what the package database readers share: the name and
 * architecture match, the blank-line block loop (block boundaries, the
 * first line of each, the cap, errors at file:line), reading one file,
 * looking a path up, and the load cached per target (a database that
 * cannot be parsed is read again). The formats themselves are
 * check_dpkg's and check_apk's.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "assay/pkgdb.h"
#include "assay/target.h"
#include "assay/xmem.h"
#include "testutil.h"

#define NITEMS(a) ((int)(sizeof(a) / sizeof((a)[0])))

static const struct {
	const char	*pname;
	const char	*parch;
	const char	*name;
	const char	*arch;
	bool		 want;
} is_cases[] = {
	{ "libc6", "amd64", "libc6", NULL, true },
	{ "libc6", "amd64", "libc6", "amd64", true },
	{ "libc6", "amd64", "libc6", "i386", false },
	{ "libc6", NULL, "libc6", NULL, true },
	{ "libc6", NULL, "libc6", "amd64", false },
	{ "libc6", "amd64", "libc", NULL, false },
	{ "libc", "amd64", "libc6", NULL, false },
};

START_TEST(test_pkgdb_is_matches_name_then_arch)
{
	ck_assert_int_eq(pkgdb_is(is_cases[_i].pname, is_cases[_i].parch,
	    is_cases[_i].name, is_cases[_i].arch), is_cases[_i].want);
}
END_TEST

/* A toy format: every line is a field, "bad" is refused. */
struct toy {
	unsigned	first[8];
	size_t		nblocks;
	size_t		nlines;
};

static int
toy_line(void *arg, char *line, size_t len, const struct srcpos *at,
    struct diag *d)
{
	struct toy *t = arg;

	if (len == 3 && memcmp(line, "bad", 3) == 0) {
		diag_add(d, at, "a bad line");
		return -1;
	}
	t->nlines++;
	return 0;
}

static void
toy_end(void *arg, unsigned first)
{
	struct toy *t = arg;

	if (t->nblocks < 8)
		t->first[t->nblocks] = first;
	t->nblocks++;
}

static const struct pkgdb_blocks toy_blocks = {
	.what = "toys",
	.line = toy_line,
	.end = toy_end,
};

START_TEST(test_pkgdb_blocks_split_at_blank_lines)
{
	static const char text[] = "\n\na\nb\n\n \t\n\nc\r\n\nd\ne";
	struct diag *d = diag_new();
	struct toy t;
	char *copy = NULL;

	memset(&t, 0, sizeof(t));
	ck_assert_int_eq(pkgdb_parse_blocks(&toy_blocks, &t, "toy", text,
	    sizeof(text) - 1, 3, &copy, d), 0);
	ck_assert_uint_eq(diag_count(d), 0);
	ck_assert_uint_eq(t.nblocks, 3);
	ck_assert_uint_eq(t.first[0], 3);
	ck_assert_uint_eq(t.first[1], 8);
	ck_assert_uint_eq(t.first[2], 10);
	ck_assert_uint_eq(t.nlines, 5);
	ck_assert_str_eq(copy, text);
	free(copy);
	diag_free(d);
}
END_TEST

static const struct {
	const char	*text;
	size_t		 len;		/* 0: strlen */
	const char	*want;
} toy_bad[] = {
	{ "a\n\nbad\n", 0, "toy:3: a bad line" },
	{ "a\n\nb\n\nc\n", 0, "toy:5: more than 2 toys" },
	{ "a\n\nb\n\nc\n\n", 0, "toy:6: more than 2 toys" },
	{ "a\nb\0c\n", 6, "toy:2: NUL byte in the file" },
};

START_TEST(test_pkgdb_blocks_errors_name_file_and_line)
{
	size_t len = toy_bad[_i].len != 0 ? toy_bad[_i].len :
	    strlen(toy_bad[_i].text);
	struct diag *d = diag_new();
	struct toy t;
	char *copy = NULL;

	memset(&t, 0, sizeof(t));
	ck_assert_int_eq(pkgdb_parse_blocks(&toy_blocks, &t, "toy",
	    toy_bad[_i].text, len, 2, &copy, d), -1);
	ck_assert_uint_eq(diag_count(d), 1);
	ck_assert_str_eq(diag_text(d, 0), toy_bad[_i].want);
	ck_assert_ptr_nonnull(copy);
	free(copy);
	diag_free(d);
}
END_TEST

/* A kind whose "database" is the file's first byte; 'x' is malformed. */
static int loads;

static void *
toy_parse(const char *path, const char *buf, size_t len, size_t max,
    struct diag *d)
{
	struct srcpos at = { path, 1, 0 };

	(void)max;
	if (len == 0 || buf[0] == 'x') {
		diag_add(d, &at, "not a toy");
		return NULL;
	}
	return xstrndup(buf, 1);
}

static enum fs_rc
toy_load(struct target *t, const struct limits *lim, const char *path,
    void *arg, void **dbp, struct diag *d)
{
	(void)lim;
	(void)arg;
	loads++;
	return pkgdb_read(t, path, 100, toy_parse, 1, dbp, d);
}

static const struct pkgdb_kind toy_kind = {
	.name = "toy",
	.load = toy_load,
	.free = free,
};

START_TEST(test_pkgdb_get_caches_what_it_could_parse)
{
	char *root = tu_tmpdir();
	struct diag *d = diag_new();
	struct target *t;
	void *db1 = NULL;
	void *db2 = NULL;

	tu_write(root, "/db", "a", 0644);
	tu_write(root, "/bad", "x", 0644);
	tu_mkfifo(root, "/fifo");
	t = tu_target_open(root);
	loads = 0;
	ck_assert_int_eq(pkgdb_get(t, &limits_default, &toy_kind, "/db", NULL,
	    &db1, d), FS_OK);
	ck_assert_int_eq(pkgdb_get(t, &limits_default, &toy_kind, "/db", NULL,
	    &db2, d), FS_OK);
	ck_assert_ptr_eq(db1, db2);
	ck_assert_str_eq(db1, "a");
	ck_assert_int_eq(loads, 1);
	ck_assert_uint_eq(diag_count(d), 0);
	/* not cached: each call says it again */
	for (int i = 0; i < 2; i++) {
		ck_assert_int_eq(pkgdb_get(t, &limits_default, &toy_kind,
		    "/bad", NULL, &db1, d), FS_OK);
		ck_assert_ptr_null(db1);
	}
	ck_assert_int_eq(loads, 3);
	ck_assert_uint_eq(diag_count(d), 2);
	ck_assert_str_eq(diag_text(d, 1), "/bad:1: not a toy");
	diag_clear(d);
	ck_assert_int_eq(pkgdb_get(t, &limits_default, &toy_kind, "/fifo",
	    NULL, &db1, d), FS_ENOTREG);
	ck_assert_ptr_null(db1);
	ck_assert_str_eq(diag_text(d, 0), "/fifo: not a regular file");
	target_close(t);
	tu_rmtree(root);
	free(root);
	diag_free(d);
}
END_TEST

START_TEST(test_pkgdb_lookup_missing_component_is_absent)
{
	char *root = tu_tmpdir();
	struct diag *d = diag_new();
	struct target *t;

	tu_write(root, "/lib/apk", "a file, not a directory", 0644);
	tu_symlink(root, "/loop", "/loop");
	t = tu_target_open(root);
	ck_assert_int_eq(pkgdb_lookup(t, "/lib/apk", d), FS_OK);
	ck_assert_int_eq(pkgdb_lookup(t, "/lib/apk/db/installed", d),
	    FS_ENOENT);
	ck_assert_int_eq(pkgdb_lookup(t, "/nowhere", d), FS_ENOENT);
	ck_assert_uint_eq(diag_count(d), 0);
	ck_assert_int_eq(pkgdb_lookup(t, "/loop", d), FS_ELOOP);
	ck_assert_str_eq(diag_text(d, 0), "/loop: too many levels of symbolic "
	    "links");
	target_close(t);
	tu_rmtree(root);
	free(root);
	diag_free(d);
}
END_TEST

static Suite *
pkgdb_suite(void)
{
	Suite *s = suite_create("pkgdb");
	TCase *tc = tcase_create("core");

	tcase_add_loop_test(tc, test_pkgdb_is_matches_name_then_arch, 0,
	    NITEMS(is_cases));
	tcase_add_test(tc, test_pkgdb_blocks_split_at_blank_lines);
	tcase_add_loop_test(tc, test_pkgdb_blocks_errors_name_file_and_line, 0,
	    NITEMS(toy_bad));
	tcase_add_test(tc, test_pkgdb_get_caches_what_it_could_parse);
	tcase_add_test(tc, test_pkgdb_lookup_missing_component_is_absent);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return tu_run_suite(pkgdb_suite());
}
