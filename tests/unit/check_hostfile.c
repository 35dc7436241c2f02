/*
 * check_hostfile.c -- the engine's one door to host files: whole-file
 * reads bounded by a cap (exactly at the cap, one byte over, regular
 * files only when asked), path kinds with and without following links,
 * folder listing, realpath, readlink and report-file creation.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "assay/hostfile.h"
#include "assay/xmem.h"

#include "testutil.h"

static char *dir;

static void
setup(void)
{
	dir = tu_tmpdir();
	tu_write(dir, "/ten", "0123456789", 0644);
	tu_write(dir, "/empty", "", 0644);
	tu_mkdir(dir, "/sub", 0755);
	tu_symlink(dir, "/link", "ten");
	tu_symlink(dir, "/dangling", "nowhere");
	tu_mkfifo(dir, "/fifo");
}

static void
teardown(void)
{
	tu_rmtree(dir);
	free(dir);
}

static char *
at(const char *rel)
{
	return xasprintf("%s/%s", dir, rel);
}

START_TEST(test_hostfile_read_up_to_the_cap)
{
	char *p = at("ten");
	char *buf = NULL;
	size_t len = 0;

	ck_assert_int_eq(hostfile_read(p, 10, false, &buf, &len), HOSTFILE_OK);
	ck_assert_uint_eq(len, 10);
	ck_assert_str_eq(buf, "0123456789");
	free(buf);
	ck_assert_int_eq(hostfile_read(p, 10, true, &buf, &len), HOSTFILE_OK);
	free(buf);
	buf = NULL;
	ck_assert_int_eq(hostfile_read(p, 9, false, &buf, &len),
	    HOSTFILE_TOO_BIG);
	ck_assert_int_eq(hostfile_read(p, 9, true, &buf, &len),
	    HOSTFILE_TOO_BIG);
	ck_assert_ptr_null(buf);
	free(p);
}
END_TEST

/* hostfile_stream: the chunks, the cap, a stop, a FIFO refused. */
static int
collect(void *arg, const char *chunk, size_t len)
{
	struct strbuf *b = arg;

	strbuf_add(b, chunk, len);
	return b->len >= 100 ? 7 : 0;
}

START_TEST(test_hostfile_stream_chunks_cap_and_stop)
{
	char *p = at("ten"), *f = at("fifo");
	struct strbuf b = STRBUF_INIT;
	int stop = -1;

	ck_assert_int_eq(hostfile_stream(p, 10, true, collect, &b, &stop),
	    HOSTFILE_OK);
	ck_assert_int_eq(stop, 0);
	ck_assert_str_eq(b.buf, "0123456789");
	strbuf_reset(&b);
	ck_assert_int_eq(hostfile_stream(p, 9, false, collect, &b, &stop),
	    HOSTFILE_TOO_BIG);
	ck_assert_uint_eq(b.len, 0);
	ck_assert_int_eq(hostfile_stream(f, 0, true, collect, &b, &stop),
	    HOSTFILE_NOT_REGULAR);
	strbuf_release(&b);
	free(p);
	free(f);
}
END_TEST

START_TEST(test_hostfile_stream_stops_when_asked)
{
	char *p = at("big");
	struct strbuf b = STRBUF_INIT;
	int stop = 0;
	FILE *fp = fopen(p, "w");

	ck_assert_ptr_nonnull(fp);
	for (int i = 0; i < 3000000; i++)
		fputc('x', fp);
	fclose(fp);
	ck_assert_int_eq(hostfile_stream(p, 0, true, collect, &b, &stop),
	    HOSTFILE_OK);
	/* the first 1 MiB chunk already passes 100 bytes: one chunk */
	ck_assert_int_eq(stop, 7);
	ck_assert_uint_eq(b.len, 1u << 20);
	strbuf_release(&b);
	free(p);
}
END_TEST

START_TEST(test_hostfile_read_empty_file_is_an_empty_string)
{
	char *p = at("empty");
	char *buf = NULL;
	size_t len = 1;

	ck_assert_int_eq(hostfile_read(p, 10, true, &buf, &len), HOSTFILE_OK);
	ck_assert_uint_eq(len, 0);
	ck_assert_str_eq(buf, "");
	free(buf);
	free(p);
}
END_TEST

START_TEST(test_hostfile_read_failures_keep_errno)
{
	char *p = at("missing");
	char *s = at("sub");
	char *f = at("fifo");
	char *buf = NULL;
	size_t len = 0;

	ck_assert_int_eq(hostfile_read(p, 10, false, &buf, &len),
	    HOSTFILE_ERRNO);
	ck_assert_int_eq(errno, ENOENT);
	/* a folder opens, but reading it fails as fread(3) would */
	ck_assert_int_eq(hostfile_read(s, 10, false, &buf, &len),
	    HOSTFILE_ERRNO);
	ck_assert_int_eq(errno, EISDIR);
	ck_assert_int_eq(hostfile_read(s, 10, true, &buf, &len),
	    HOSTFILE_NOT_REGULAR);
	/* refused, not waited on for a writer */
	ck_assert_int_eq(hostfile_read(f, 10, true, &buf, &len),
	    HOSTFILE_NOT_REGULAR);
	ck_assert_ptr_null(buf);
	free(f);
	free(s);
	free(p);
}
END_TEST

START_TEST(test_hostfile_kind_follows_only_when_asked)
{
	char *ten = at("ten"), *sub = at("sub"), *link = at("link");
	char *dangling = at("dangling"), *fifo = at("fifo");

	ck_assert_int_eq(hostfile_kind(ten, true), HOSTFILE_REG);
	ck_assert_int_eq(hostfile_kind(sub, false), HOSTFILE_DIR);
	ck_assert_int_eq(hostfile_kind(link, false), HOSTFILE_LINK);
	ck_assert_int_eq(hostfile_kind(link, true), HOSTFILE_REG);
	ck_assert_int_eq(hostfile_kind(fifo, true), HOSTFILE_OTHER);
	ck_assert_int_eq(hostfile_kind(dangling, false), HOSTFILE_LINK);
	ck_assert_int_eq(hostfile_kind(dangling, true), HOSTFILE_NONE);
	ck_assert_int_eq(errno, ENOENT);
	free(ten);
	free(sub);
	free(link);
	free(dangling);
	free(fifo);
}
END_TEST

START_TEST(test_hostfile_dir_lists_every_name)
{
	struct hostfile_dir *d = hostfile_opendir(dir);
	const char *name;
	unsigned seen = 0;
	char *p = at("ten");

	ck_assert_ptr_nonnull(d);
	while ((name = hostfile_readdir(d)) != NULL)
		seen++;
	hostfile_closedir(d);
	ck_assert_uint_eq(seen, 8);	/* . .. and six entries */
	ck_assert_ptr_null(hostfile_opendir(p));
	ck_assert_int_eq(errno, ENOTDIR);
	hostfile_closedir(NULL);
	free(p);
}
END_TEST

START_TEST(test_hostfile_realpath_and_readlink)
{
	char *link = at("link"), *ten = at("ten"), *missing = at("missing");
	char *real = hostfile_realpath(link);
	char *want = hostfile_realpath(ten);
	char *to = hostfile_readlink(link);

	ck_assert_ptr_nonnull(real);
	ck_assert_str_eq(real, want);
	ck_assert_str_eq(to, "ten");
	ck_assert_ptr_null(hostfile_readlink(ten));
	ck_assert_int_eq(errno, EINVAL);
	ck_assert_ptr_null(hostfile_realpath(missing));
	ck_assert_int_eq(errno, ENOENT);
	free(real);
	free(want);
	free(to);
	free(link);
	free(ten);
	free(missing);
}
END_TEST

START_TEST(test_hostfile_create_truncates_and_writes)
{
	char *p = at("ten");
	char *bad = at("missing/report.json");
	char *buf;
	size_t len;
	FILE *fp = hostfile_create(p);

	ck_assert_ptr_nonnull(fp);
	ck_assert_int_ge(fputs("new", fp), 0);
	ck_assert_int_eq(fclose(fp), 0);
	ck_assert_int_eq(hostfile_read(p, 10, true, &buf, &len), HOSTFILE_OK);
	ck_assert_str_eq(buf, "new");
	free(buf);
	ck_assert_ptr_null(hostfile_create(bad));
	ck_assert_int_eq(errno, ENOENT);
	free(bad);
	free(p);
}
END_TEST

static Suite *
hostfile_suite(void)
{
	Suite *s = suite_create("hostfile");
	TCase *tc = tcase_create("hostfile");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_hostfile_read_up_to_the_cap);
	tcase_add_test(tc, test_hostfile_read_empty_file_is_an_empty_string);
	tcase_add_test(tc, test_hostfile_stream_chunks_cap_and_stop);
	tcase_add_test(tc, test_hostfile_stream_stops_when_asked);
	tcase_add_test(tc, test_hostfile_read_failures_keep_errno);
	tcase_add_test(tc, test_hostfile_kind_follows_only_when_asked);
	tcase_add_test(tc, test_hostfile_dir_lists_every_name);
	tcase_add_test(tc, test_hostfile_realpath_and_readlink);
	tcase_add_test(tc, test_hostfile_create_truncates_and_writes);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return tu_run_suite(hostfile_suite());
}
