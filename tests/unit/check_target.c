/*
 * check_target.c -- the directory target: open, lookup, read, readlink,
 * list, glob and walk over a hostile root.
 *
 * Each test builds a fresh temp dir with `root/` (the target) and a canary
 * file next to it, outside the root. The root holds links aimed at the
 * canary and at the host's /etc, loops, a 41-link chain, a FIFO, a socket,
 * a character device, an oversized file and names with a newline and
 * invalid UTF-8 (fixtures/hostile/README.md lists them). Whatever is asked,
 * the canary's content must never come back, a FIFO must never hang a read
 * (alarm() turns a hang into a failure), and the walk must never leave the
 * root or follow a symlinked directory.
 */
#include "config.h"

#include <dirent.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/un.h>
#include <unistd.h>

#include "assay/target.h"
#include "assay/xmem.h"
#include "testutil.h"

#define CANARY "CANARY-7f3a"
#define PASSWD "root:x:0:0:inside:/root:/bin/sh\n"
#define ODD_NAME "odd\nname\xff\xfe"

static char *tmp;	/* the temp dir */
static char *root;	/* tmp/root */
static struct target *tgt;

static void
make_chain(void)
{
	for (int i = 0; i <= 40; i++) {
		char rel[32];
		char to[32];

		snprintf(rel, sizeof(rel), "chain/c%d", i);
		if (i < 40)
			snprintf(to, sizeof(to), "c%d", i + 1);
		else
			snprintf(to, sizeof(to), "/etc/passwd");
		tu_symlink(root, rel, to);
	}
}

static void
make_socket(const char *rel)
{
	struct sockaddr_un sa;
	char *p = xasprintf("%s/%s", root, rel);
	int s = socket(AF_UNIX, SOCK_STREAM, 0);

	ck_assert_int_ge(s, 0);
	memset(&sa, 0, sizeof(sa));
	sa.sun_family = AF_UNIX;
	ck_assert_uint_lt(strlen(p), sizeof(sa.sun_path));
	memcpy(sa.sun_path, p, strlen(p));
	ck_assert_int_eq(bind(s, (struct sockaddr *)&sa, sizeof(sa)), 0);
	close(s);
	free(p);
}

static void
make_chardev(const char *rel)
{
	char *p = xasprintf("%s/%s", root, rel);

	/* /dev/null's numbers: opening it would be harmless, but it must
	 * not be opened at all */
	ck_assert_msg(mknod(p, S_IFCHR | 0666, makedev(1, 3)) == 0,
	    "mknod %s", p);
	free(p);
}

static void
build_root(void)
{
	char *canary_path = xasprintf("%s/canary", tmp);
	char big[202];

	tu_write(tmp, "canary", CANARY "\n", 0644);
	tu_write(tmp, "outside/secret", CANARY "\n", 0644);
	tu_write(root, "etc/passwd", PASSWD, 0644);
	tu_write(root, "etc/ssh/sshd_config", "PermitRootLogin no\n", 0600);
	tu_write(root, "etc/.hidden", "dot\n", 0644);
	tu_write(root, "private/etc/hosts", "127.0.0.1 inside\n", 0644);
	tu_write(root, "sub/deep/file", "deep\n", 0640);
	tu_write(root, ODD_NAME, "odd\n", 0644);
	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	tu_write(root, "big", big, 0644);		/* 201 bytes */
	tu_write(root, "fits", big + 101, 0644);	/* 100 bytes */
	tu_symlink(root, "abs_passwd", "/etc/passwd");
	tu_symlink(root, "abs_canary", canary_path);
	tu_symlink(root, "abs_tmpdir", tmp);
	tu_symlink(root, "up_canary", "../canary");
	tu_symlink(root, "sub/deep/climb", "../../../../../etc/passwd");
	tu_symlink(root, "sub/deep/climb_canary", "../../../../../canary");
	tu_symlink(root, "sub/outside", "../../outside");
	tu_symlink(root, "etc2", "/private/etc");
	tu_symlink(root, "etc3", "etc2");
	tu_symlink(root, "loops/a", "b");
	tu_symlink(root, "loops/b", "a");
	tu_symlink(root, "loops/self", "self");
	tu_symlink(root, "loops/up", "..");
	tu_symlink(root, "dangling", "/no/such/file");
	tu_symlink(root, "to_fifo", "/fifo");
	tu_mkfifo(root, "fifo");
	make_socket("sock");
	make_chardev("null");
	make_chain();
	free(canary_path);
}

static void
setup(void)
{
	struct diag *d = diag_new();

	tmp = tu_tmpdir();
	root = xasprintf("%s/root", tmp);
	build_root();
	tgt = target_open(root, &limits_default, d);
	ck_assert_msg(tgt != NULL, "%s", diag_text(d, 0));
	diag_free(d);
}

static void
teardown(void)
{
	target_close(tgt);
	tu_rmtree(tmp);
	free(root);
	free(tmp);
}

static void
on_alarm(int sig)
{
	(void)sig;
	_exit(99);	/* a blocked read is a failure, not a stuck run */
}

static void
guard(void)
{
	signal(SIGALRM, on_alarm);
	alarm(5);
}

/* target_open */

START_TEST(test_target_open_directory_is_dir_kind)
{
	ck_assert_int_eq(target_kind(tgt), TARGET_DIR);
	ck_assert_str_eq(target_kind_str(target_kind(tgt)), "dir");
	ck_assert_str_eq(target_path(tgt), root);
}
END_TEST

START_TEST(test_target_open_bad_path_names_path_and_why)
{
	struct diag *d = diag_new();
	char *missing = xasprintf("%s/missing", tmp);
	char *file = xasprintf("%s/canary", tmp);
	char *fifo = xasprintf("%s/fifo", root);
	char *want;

	ck_assert_ptr_null(target_open(missing, &limits_default, d));
	want = xasprintf("%s: no such file or directory", missing);
	ck_assert_str_eq(diag_text(d, 0), want);
	free(want);
	ck_assert_ptr_null(target_open(file, &limits_default, d));
	want = xasprintf("%s: not a directory or a supported image archive",
	    file);
	ck_assert_str_eq(diag_text(d, 1), want);
	free(want);
	guard();
	ck_assert_ptr_null(target_open(fifo, &limits_default, d));
	alarm(0);
	ck_assert_uint_eq(diag_count(d), 3);
	free(fifo);
	free(file);
	free(missing);
	diag_free(d);
}
END_TEST

/* target_read: every hostile path, with what must come back. */
static const struct {
	const char	*path;
	size_t		 limit;
	enum fs_rc	 rc;
	const char	*content;
} reads[] = {
	{ "/etc/passwd", 0, FS_OK, PASSWD },
	{ "/abs_passwd", 0, FS_OK, PASSWD },
	{ "/sub/deep/climb", 0, FS_OK, PASSWD },
	{ "/chain/c1", 0, FS_OK, PASSWD },
	{ "/etc3/hosts", 0, FS_OK, "127.0.0.1 inside\n" },
	{ "etc/passwd", 0, FS_OK, PASSWD },	/* relative means the same */
	{ "/etc/../../../etc/./passwd", 0, FS_OK, PASSWD },
	{ "/abs_canary", 0, FS_ENOENT, NULL },
	{ "/abs_tmpdir/canary", 0, FS_ENOENT, NULL },
	{ "/up_canary", 0, FS_ENOENT, NULL },
	{ "/../canary", 0, FS_ENOENT, NULL },
	{ "/../../../canary", 0, FS_ENOENT, NULL },
	{ "/sub/deep/climb_canary", 0, FS_ENOENT, NULL },
	{ "/sub/outside/secret", 0, FS_ENOENT, NULL },
	{ "/loops/a", 0, FS_ELOOP, NULL },
	{ "/loops/self", 0, FS_ELOOP, NULL },
	{ "/chain/c0", 0, FS_ELOOP, NULL },
	{ "/dangling", 0, FS_ENOENT, NULL },
	{ "/etc/passwd/x", 0, FS_ENOTDIR, NULL },
	{ "/fifo", 0, FS_ENOTREG, NULL },
	{ "/to_fifo", 0, FS_ENOTREG, NULL },
	{ "/sock", 0, FS_ENOTREG, NULL },
	{ "/null", 0, FS_ENOTREG, NULL },
	{ "/etc", 0, FS_ENOTREG, NULL },
	{ "/", 0, FS_ENOTREG, NULL },
	{ "/big", 200, FS_ETOOBIG, NULL },
	{ "/fits", 100, FS_OK, NULL },
	{ "/fits", 99, FS_ETOOBIG, NULL },
	{ "", 0, FS_ENOENT, NULL },
};

START_TEST(test_target_read_hostile_paths)
{
	struct strbuf b = STRBUF_INIT;
	enum fs_rc rc;

	strbuf_addstr(&b, "stale");
	guard();
	rc = target_read(tgt, reads[_i].path, reads[_i].limit, &b);
	alarm(0);
	ck_assert_msg(rc == reads[_i].rc, "read \"%s\": %s, want %s",
	    reads[_i].path, fs_rc_str(rc), fs_rc_str(reads[_i].rc));
	ck_assert_ptr_null(b.buf != NULL ? strstr(b.buf, CANARY) : NULL);
	if (rc != FS_OK)
		ck_assert_uint_eq(b.len, 0);
	if (reads[_i].content != NULL)
		ck_assert_str_eq(b.buf, reads[_i].content);
	if (rc == FS_OK && reads[_i].content == NULL)
		ck_assert_uint_eq(b.len, reads[_i].limit);
	strbuf_release(&b);
}
END_TEST

START_TEST(test_target_read_zero_limit_means_read_max)
{
	struct limits lim = limits_default;
	struct strbuf b = STRBUF_INIT;
	struct diag *d = diag_new();
	struct target *t;

	lim.read_max = 150;
	t = target_open(root, &lim, d);
	ck_assert_ptr_nonnull(t);
	ck_assert_int_eq(target_read(t, "/big", 0, &b), FS_ETOOBIG);
	ck_assert_int_eq(target_read(t, "/fits", 0, &b), FS_OK);
	ck_assert_uint_eq(b.len, 100);
	target_close(t);
	diag_free(d);
	strbuf_release(&b);
}
END_TEST

/* target_lookup */

static const struct {
	const char	*path;
	bool		 follow;
	enum fs_rc	 rc;
	enum fs_type	 type;
} lookups[] = {
	{ "/etc/passwd", false, FS_OK, FS_REG },
	{ "/abs_passwd", false, FS_OK, FS_LNK },
	{ "/abs_passwd", true, FS_OK, FS_REG },
	{ "/etc2", false, FS_OK, FS_LNK },
	{ "/etc2", true, FS_OK, FS_DIR },
	{ "/fifo", true, FS_OK, FS_FIFO },
	{ "/to_fifo", true, FS_OK, FS_FIFO },
	{ "/sock", false, FS_OK, FS_SOCK },
	{ "/null", false, FS_OK, FS_CHR },
	{ "/dangling", false, FS_OK, FS_LNK },
	{ "/dangling", true, FS_ENOENT, FS_OTHER },
	{ "/loops/a", true, FS_ELOOP, FS_OTHER },
	{ "/abs_canary", true, FS_ENOENT, FS_OTHER },
	{ "/../canary", false, FS_ENOENT, FS_OTHER },
	{ "/etc/passwd/", false, FS_OK, FS_REG },	/* normalized */
	{ "/etc/passwd/x", false, FS_ENOTDIR, FS_OTHER },
	{ "/", false, FS_OK, FS_DIR },
};

START_TEST(test_target_lookup_types_and_errors)
{
	struct fsnode n;
	enum fs_rc rc;

	guard();
	rc = target_lookup(tgt, lookups[_i].path, lookups[_i].follow, &n);
	alarm(0);
	ck_assert_msg(rc == lookups[_i].rc, "lookup \"%s\": %s",
	    lookups[_i].path, fs_rc_str(rc));
	if (rc == FS_OK)
		ck_assert_msg(n.type == lookups[_i].type, "\"%s\" is %s",
		    lookups[_i].path, fs_type_str(n.type));
}
END_TEST

START_TEST(test_target_lookup_reports_mode_owner_size)
{
	struct fsnode n;

	tu_chown(root, "etc/ssh/sshd_config", 1234, 5678);
	ck_assert_int_eq(target_lookup(tgt, "/etc/ssh/sshd_config", true, &n),
	    FS_OK);
	ck_assert_uint_eq(n.mode, 0600);
	ck_assert_uint_eq(n.uid, 1234);
	ck_assert_uint_eq(n.gid, 5678);
	ck_assert_uint_eq(n.size, strlen("PermitRootLogin no\n"));
	ck_assert_int_eq(n.layer, -1);
	tu_chmod(root, "sub", 04755);
	ck_assert_int_eq(target_lookup(tgt, "/sub", false, &n), FS_OK);
	ck_assert_uint_eq(n.mode, 04755);
}
END_TEST

/* The three times of stat(2), nanoseconds included, a time before
 * 1970 too; a symlink's own (lstat) unless followed. */
START_TEST(test_target_lookup_reports_times)
{
	char *p = xasprintf("%s/sub/deep/file", root);
	char *l = xasprintf("%s/abs_tmpdir", root);
	struct timespec ts[2] = { { -100, 250000000 },
	    { 1234567890, 987654321 } };
	struct timespec lts[2] = { { 5, 0 }, { 7, 1 } };
	struct fsnode n;
	struct stat st;

	ck_assert_int_eq(utimensat(AT_FDCWD, p, ts, 0), 0);
	ck_assert_int_eq(utimensat(AT_FDCWD, l, lts, AT_SYMLINK_NOFOLLOW), 0);
	ck_assert_int_eq(stat(p, &st), 0);
	ck_assert_int_eq(target_lookup(tgt, "/sub/deep/file", false, &n),
	    FS_OK);
	ck_assert(n.mtime.known && n.atime.known && n.ctime.known);
	ck_assert_int_eq(n.mtime.sec, 1234567890);
	ck_assert_uint_eq(n.mtime.nsec, 987654321);
	ck_assert_int_eq(n.atime.sec, -100);
	ck_assert_uint_eq(n.atime.nsec, 250000000);
	ck_assert_int_eq(n.ctime.sec, st.st_ctim.tv_sec);
	ck_assert_uint_eq(n.ctime.nsec, (uint32_t)st.st_ctim.tv_nsec);
	ck_assert_int_eq(target_lookup(tgt, "/abs_tmpdir", false, &n), FS_OK);
	ck_assert_int_eq(n.type, FS_LNK);
	ck_assert_int_eq(n.mtime.sec, 7);
	ck_assert_uint_eq(n.mtime.nsec, 1);
	free(p);
	free(l);
}
END_TEST

/* target_getxattr */

START_TEST(test_target_getxattr_reads_inside_root_only)
{
	struct strbuf b = STRBUF_INIT;
	struct limits lim = limits_default;
	struct diag *d = diag_new();
	struct target *small;

	tu_setcap(root, "sub/deep/file");
	tu_setcap(tmp, "canary");
	/* through a climbing link, resolved inside the root */
	ck_assert_int_eq(target_getxattr(tgt, "/sub/deep/../deep/file",
	    "security.capability", &b), FS_OK);
	ck_assert_uint_eq(b.len, TU_CAP_LEN);
	ck_assert_int_eq(memcmp(b.buf, tu_cap, TU_CAP_LEN), 0);
	ck_assert_int_eq(target_getxattr(tgt, "/etc/passwd",
	    "security.capability", &b), FS_ENOENT);
	ck_assert_uint_eq(b.len, 0);
	ck_assert_int_eq(target_getxattr(tgt, "/nope", "security.capability",
	    &b), FS_ENOENT);
	/* the host's canary has one; the links at it stay in the root */
	ck_assert_int_eq(target_getxattr(tgt, "/abs_canary",
	    "security.capability", &b), FS_ENOENT);
	ck_assert_int_eq(target_getxattr(tgt, "/up_canary",
	    "security.capability", &b), FS_ENOENT);
	ck_assert_int_eq(target_getxattr(tgt, "/sub/deep/file", "", &b),
	    FS_EIO);
	lim.xattr_bytes = TU_CAP_LEN - 1;
	small = target_open(root, &lim, d);
	ck_assert_ptr_nonnull(small);
	ck_assert_int_eq(target_getxattr(small, "/sub/deep/file",
	    "security.capability", &b), FS_ETOOBIG);
	target_close(small);
	diag_free(d);
	strbuf_release(&b);
}
END_TEST

/* target_readlink */

START_TEST(test_target_readlink_returns_text_unfollowed)
{
	struct strbuf b = STRBUF_INIT;
	char *canary_path = xasprintf("%s/canary", tmp);

	ck_assert_int_eq(target_readlink(tgt, "/abs_passwd", &b), FS_OK);
	ck_assert_str_eq(b.buf, "/etc/passwd");
	/* the text is data: it names the host path but reads nothing */
	ck_assert_int_eq(target_readlink(tgt, "/abs_canary", &b), FS_OK);
	ck_assert_str_eq(b.buf, canary_path);
	ck_assert_int_eq(target_readlink(tgt, "/etc3/hosts", &b), FS_EIO);
	ck_assert_int_eq(target_readlink(tgt, "/nope", &b), FS_ENOENT);
	ck_assert_uint_eq(b.len, 0);
	free(canary_path);
	strbuf_release(&b);
}
END_TEST

/* target_list */

START_TEST(test_target_list_sorted_with_odd_names)
{
	struct strlist l = STRLIST_INIT;
	static const char *const want[] = {
		"abs_canary", "abs_passwd", "abs_tmpdir", "big", "chain",
		"dangling", "etc", "etc2", "etc3", "fifo", "fits", "loops",
		"null", ODD_NAME, "private", "sock", "sub", "to_fifo",
		"up_canary",
	};

	ck_assert_int_eq(target_list(tgt, "/", &l), FS_OK);
	ck_assert_uint_eq(l.n, sizeof(want) / sizeof(want[0]));
	for (size_t i = 0; i < l.n; i++)
		ck_assert_str_eq(l.v[i], want[i]);
	strlist_release(&l);
}
END_TEST

START_TEST(test_target_list_follows_links_inside_root)
{
	struct strlist l = STRLIST_INIT;

	ck_assert_int_eq(target_list(tgt, "/etc3", &l), FS_OK);
	ck_assert_uint_eq(l.n, 1);
	ck_assert_str_eq(l.v[0], "hosts");
	strlist_release(&l);
	ck_assert_int_eq(target_list(tgt, "/abs_tmpdir", &l), FS_ENOENT);
	ck_assert_int_eq(target_list(tgt, "/sub/outside", &l), FS_ENOENT);
	ck_assert_int_eq(target_list(tgt, "/loops/a", &l), FS_ELOOP);
	ck_assert_int_eq(target_list(tgt, "/etc/passwd", &l), FS_ENOTDIR);
	guard();
	ck_assert_int_eq(target_list(tgt, "/fifo", &l), FS_ENOTDIR);
	alarm(0);
	ck_assert_uint_eq(l.n, 0);
	/* loops/up -> .. is the root, not its parent */
	ck_assert_int_eq(target_list(tgt, "/loops/up", &l), FS_OK);
	ck_assert(strlist_has(&l, "etc"));
	ck_assert(!strlist_has(&l, "canary"));
	strlist_release(&l);
	/* the caller's ".." is folded lexically before any lookup */
	ck_assert_int_eq(target_list(tgt, "/loops/up/..", &l), FS_OK);
	ck_assert_uint_eq(l.n, 4);
	ck_assert_str_eq(l.v[3], "up");
	strlist_release(&l);
}
END_TEST

START_TEST(test_target_list_over_glob_max_is_eio)
{
	struct limits lim = limits_default;
	struct strlist l = STRLIST_INIT;
	struct diag *d = diag_new();
	struct target *t;

	lim.glob_max = 3;
	t = target_open(root, &lim, d);
	ck_assert_int_eq(target_list(t, "/etc", &l), FS_OK);	/* 3 */
	ck_assert_uint_eq(l.n, 3);
	strlist_release(&l);
	ck_assert_int_eq(target_list(t, "/", &l), FS_EIO);
	ck_assert_uint_eq(l.n, 0);
	target_close(t);
	diag_free(d);
}
END_TEST

/* target_glob */

static const struct {
	const char	*pattern;
	const char	*want;	/* matches joined by spaces */
} globs[] = {
	{ "/etc/*", "/etc/passwd /etc/ssh" },
	{ "/etc/.*", "/etc/.hidden" },
	{ "/etc/ss?/*_config", "/etc/ssh/sshd_config" },
	{ "/etc2/*", "/etc2/hosts" },
	{ "/*/deep/file", "/sub/deep/file" },
	{ "/loops/*", "/loops/a /loops/b /loops/self /loops/up" },
	{ "/loops/*/*", "/loops/up/abs_canary /loops/up/abs_passwd "
	    "/loops/up/abs_tmpdir /loops/up/big /loops/up/chain "
	    "/loops/up/dangling /loops/up/etc /loops/up/etc2 "
	    "/loops/up/etc3 /loops/up/fifo /loops/up/fits /loops/up/loops "
	    "/loops/up/null /loops/up/" ODD_NAME " /loops/up/private "
	    "/loops/up/sock /loops/up/sub /loops/up/to_fifo "
	    "/loops/up/up_canary" },
	{ "/chain/c4?", "/chain/c40" },
	{ "/etc/passwd", "/etc/passwd" },
	{ "/etc/nope", "" },
	{ "/nope/*", "" },
	{ "/etc/passwd/*", "" },
	{ "/abs_tmpdir/*", "" },
	{ "/sub/outside/*", "" },
	{ "/../../*/passwd", "/etc/passwd" },
	{ "/dangl*", "/dangling" },
	{ "/sub/*/c*", "/sub/deep/climb /sub/deep/climb_canary" },
};

START_TEST(test_target_glob_matches_inside_root_sorted)
{
	struct strlist l = STRLIST_INIT;
	struct strbuf got = STRBUF_INIT;

	guard();
	ck_assert_int_eq(target_glob(tgt, globs[_i].pattern, &l), FS_OK);
	alarm(0);
	for (size_t i = 0; i < l.n; i++) {
		if (i > 0)
			strbuf_addch(&got, ' ');
		strbuf_addstr(&got, l.v[i]);
	}
	ck_assert_str_eq(got.len > 0 ? got.buf : "", globs[_i].want);
	strbuf_release(&got);
	strlist_release(&l);
}
END_TEST

START_TEST(test_target_glob_over_glob_max_is_eio)
{
	struct limits lim = limits_default;
	struct strlist l = STRLIST_INIT;
	struct diag *d = diag_new();
	struct target *t;

	lim.glob_max = 10;
	t = target_open(root, &lim, d);
	ck_assert_int_eq(target_glob(t, "/chain/c3*", &l), FS_EIO);
	ck_assert_uint_eq(l.n, 0);
	ck_assert_int_eq(target_glob(t, "/etc/*", &l), FS_OK);
	ck_assert_uint_eq(l.n, 2);
	strlist_release(&l);
	target_close(t);
	diag_free(d);
}
END_TEST

/* target_walk */

struct seen {
	struct strlist	 paths;
	struct strlist	 errs;
	const char	*skip;		/* WALK_SKIP here */
	size_t		 stop_after;	/* WALK_STOP at N; 0: no */
};

static enum walk_ret
record(const char *path, const struct fsnode *n, void *arg)
{
	struct seen *s = arg;
	char *line = xasprintf("%s %s", fs_type_str(n->type), path);

	strlist_adopt(&s->paths, line);
	if (s->stop_after != 0 && s->paths.n >= s->stop_after)
		return WALK_STOP;
	if (s->skip != NULL && strcmp(path, s->skip) == 0)
		return WALK_SKIP;
	return WALK_CONTINUE;
}

static void
record_err(const char *path, enum fs_rc rc, void *arg)
{
	struct seen *s = arg;

	strlist_adopt(&s->errs, xasprintf("%s: %s", path, fs_rc_str(rc)));
}

static void
seen_release(struct seen *s)
{
	strlist_release(&s->paths);
	strlist_release(&s->errs);
}

START_TEST(test_target_walk_order_and_no_symlink_descent)
{
	struct seen s = { STRLIST_INIT, STRLIST_INIT, NULL, 0 };
	static const char *const want[] = {
		"directory /sub",
		"directory /sub/deep",
		"symlink /sub/deep/climb",
		"symlink /sub/deep/climb_canary",
		"file /sub/deep/file",
		"symlink /sub/outside",
	};

	ck_assert_int_eq(target_walk(tgt, "/sub", record, record_err, &s),
	    FS_OK);
	ck_assert_uint_eq(s.paths.n, sizeof(want) / sizeof(want[0]));
	for (size_t i = 0; i < s.paths.n; i++)
		ck_assert_str_eq(s.paths.v[i], want[i]);
	ck_assert_uint_eq(s.errs.n, 0);
	seen_release(&s);
}
END_TEST

static enum walk_ret
record_mode(const char *path, const struct fsnode *n, void *arg)
{
	uint32_t *modes = arg;

	/* the walk's start is looked up, not read from its directory */
	if (strcmp(path, "/sub") != 0)
		*modes |= n->mode;
	return WALK_CONTINUE;
}

/* target_walk_types: the same nodes and types in the same order as
 * target_walk, from readdir()'s d_type (no stat: every mode is 0) */
START_TEST(test_target_walk_types_matches_walk_without_stat)
{
	struct seen a = { STRLIST_INIT, STRLIST_INIT, NULL, 0 };
	struct seen b = { STRLIST_INIT, STRLIST_INIT, NULL, 0 };
	uint32_t modes = 0;

	ck_assert_int_eq(target_walk(tgt, "/", record, record_err, &a),
	    FS_OK);
	ck_assert_int_eq(target_walk_types(tgt, "/", record, record_err, &b),
	    FS_OK);
	ck_assert_uint_gt(a.paths.n, 10);
	ck_assert_uint_eq(a.paths.n, b.paths.n);
	for (size_t i = 0; i < a.paths.n; i++)
		ck_assert_str_eq(a.paths.v[i], b.paths.v[i]);
	ck_assert_uint_eq(a.errs.n, b.errs.n);
	ck_assert_int_eq(target_walk(tgt, "/sub", record_mode, NULL, &modes),
	    FS_OK);
	ck_assert_uint_ne(modes, 0);
	modes = 0;
	ck_assert_int_eq(target_walk_types(tgt, "/sub", record_mode, NULL,
	    &modes), FS_OK);
	ck_assert_uint_eq(modes, 0);
	seen_release(&a);
	seen_release(&b);
}
END_TEST

START_TEST(test_target_walk_whole_root_stays_inside)
{
	struct seen s = { STRLIST_INIT, STRLIST_INIT, NULL, 0 };
	size_t nchain = 0;

	guard();
	ck_assert_int_eq(target_walk(tgt, "/", record, record_err, &s),
	    FS_OK);
	alarm(0);
	ck_assert_str_eq(s.paths.v[0], "directory /");
	for (size_t i = 0; i < s.paths.n; i++) {
		const char *p = strchr(s.paths.v[i], '/');

		ck_assert_msg(strstr(p, "secret") == NULL &&
		    strstr(p, "/canary") == NULL &&
		    strncmp(p, "/etc2/", 6) != 0 &&
		    strncmp(p, "/loops/up/", 10) != 0, "walked to %s", p);
		if (strncmp(p, "/chain/", 7) == 0)
			nchain++;
	}
	ck_assert_uint_eq(nchain, 41);
	ck_assert(strlist_has(&s.paths, "fifo /fifo"));
	ck_assert(strlist_has(&s.paths, "socket /sock"));
	ck_assert(strlist_has(&s.paths, "character device /null"));
	ck_assert(strlist_has(&s.paths, "file /" ODD_NAME));
	ck_assert(strlist_has(&s.paths, "symlink /etc2"));
	ck_assert(strlist_has(&s.paths, "file /private/etc/hosts"));
	ck_assert_uint_eq(s.errs.n, 0);
	seen_release(&s);
}
END_TEST

START_TEST(test_target_walk_honours_skip_and_stop)
{
	struct seen s = { STRLIST_INIT, STRLIST_INIT, "/sub/deep", 0 };

	ck_assert_int_eq(target_walk(tgt, "/sub", record, NULL, &s), FS_OK);
	ck_assert_uint_eq(s.paths.n, 3);
	ck_assert_str_eq(s.paths.v[2], "symlink /sub/outside");
	seen_release(&s);
	s.skip = NULL;
	s.stop_after = 2;
	ck_assert_int_eq(target_walk(tgt, "/", record, NULL, &s), FS_OK);
	ck_assert_uint_eq(s.paths.n, 2);
	seen_release(&s);
}
END_TEST

START_TEST(test_target_walk_depth_limit_reported)
{
	struct limits lim = limits_default;
	struct seen s = { STRLIST_INIT, STRLIST_INIT, NULL, 0 };
	struct diag *d = diag_new();
	struct target *t;

	lim.walk_depth = 1;
	t = target_open(root, &lim, d);
	ck_assert_int_eq(target_walk(t, "/sub", record, record_err, &s),
	    FS_OK);
	ck_assert_uint_eq(s.paths.n, 3);	/* /sub, deep, outside */
	ck_assert_uint_eq(s.errs.n, 1);
	ck_assert_str_eq(s.errs.v[0], "/sub/deep: directory nested deeper "
	    "than the walk depth limit");
	seen_release(&s);
	target_close(t);
	diag_free(d);
}
END_TEST

/*
 * Deep trees. A chain of DEPTH directories named NAME under the root,
 * each also holding a file "z" (visited after the subdirectory, so every
 * level still iterates after all deeper ones have grown the walk's level
 * array) and the deepest a file "leaf". Built with *at() calls, since the
 * paths outgrow PATH_MAX.
 */
static void
make_deep(const char *top, const char *name, unsigned depth)
{
	int fd = open(top, O_RDONLY | O_DIRECTORY);

	ck_assert_int_ge(fd, 0);
	for (unsigned i = 0; i <= depth; i++) {
		int zfd = openat(fd, i < depth ? "z" : "leaf",
		    O_WRONLY | O_CREAT | O_TRUNC, 0644);
		int nfd;

		ck_assert_int_ge(zfd, 0);
		ck_assert_int_eq(write(zfd, "x\n", 2), 2);
		close(zfd);
		if (i == depth)
			break;
		ck_assert_int_eq(mkdirat(fd, name, 0755), 0);
		nfd = openat(fd, name, O_RDONLY | O_DIRECTORY);
		ck_assert_int_ge(nfd, 0);
		close(fd);
		fd = nfd;
	}
	close(fd);
}

/* Remove what make_deep built: nftw needs paths, which outgrow PATH_MAX. */
static void
rm_deep(int dfd, const char *name)
{
	int fd = openat(dfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW);
	DIR *dp;
	struct dirent *de;

	if (fd < 0)
		return;
	dp = fdopendir(fd);
	ck_assert_ptr_nonnull(dp);
	while ((de = readdir(dp)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 ||
		    strcmp(de->d_name, "..") == 0)
			continue;
		if (de->d_type == DT_DIR)
			rm_deep(fd, de->d_name);
		else
			unlinkat(fd, de->d_name, 0);
	}
	closedir(dp);
	unlinkat(dfd, name, AT_REMOVEDIR);
}

static void
rm_deep_in_root(const char *name)
{
	int fd = open(root, O_RDONLY | O_DIRECTORY);

	ck_assert_int_ge(fd, 0);
	rm_deep(fd, name);
	close(fd);
}

static size_t
count_fds(void)
{
	DIR *dp = opendir("/proc/self/fd");
	size_t n = 0;

	ck_assert_ptr_nonnull(dp);
	while (readdir(dp) != NULL)
		n++;
	closedir(dp);
	return n;
}

struct deepseen {
	struct seen	 s;
	size_t		 fds_at_leaf;
	char		*leaf;		/* the leaf's path, as walked */
};

static enum walk_ret
record_deep(const char *path, const struct fsnode *n, void *arg)
{
	struct deepseen *ds = arg;
	const char *base = strrchr(path, '/');

	if (strcmp(base, "/leaf") == 0) {
		ds->fds_at_leaf = count_fds();
		ds->leaf = xstrdup(path);
	}
	return record(path, n, &ds->s);
}

/* The limits of resolver mode M: 0 openat2, 1 the component walk (forced
 * as resolve.c does whenever the hop limit is not the kernel's 40). */
static struct limits
mode_limits(int m)
{
	struct limits lim = limits_default;

	if (m == 1)
		lim.symlink_hops = 39;
	return lim;
}

static const unsigned deep_depths[] = { 40, 100, 1000 };

START_TEST(test_target_walk_deep_trees_in_both_modes)
{
	unsigned depth = deep_depths[_i / 2];
	struct limits lim = mode_limits(_i % 2);
	struct deepseen ds = { { STRLIST_INIT, STRLIST_INIT, NULL, 0 }, 0,
	    NULL };
	struct diag *d = diag_new();
	struct strbuf b = STRBUF_INIT;
	struct strbuf climb = STRBUF_INIT;
	struct fsnode n;
	struct target *t;
	size_t fds;

	make_deep(root, "dd", depth);
	t = target_open(root, &lim, d);
	ck_assert_ptr_nonnull(t);
	fds = count_fds();
	ck_assert_int_eq(target_walk(t, "/dd", record_deep, record_err, &ds),
	    FS_OK);
	ck_assert_uint_eq(count_fds(), fds);	/* nothing leaked */
	/* bounded by the walk's window (32 + its root), not the depth */
	ck_assert_uint_le(ds.fds_at_leaf, fds + 34);
	ck_assert_uint_eq(ds.s.errs.n, 0);
	/* "/dd", then per level: a directory and a "z"; then "leaf" */
	ck_assert_uint_eq(ds.s.paths.n, 2 * (size_t)depth);
	ck_assert_str_eq(ds.s.paths.v[0], "directory /dd");
	ck_assert_str_eq(ds.s.paths.v[ds.s.paths.n - 1], "file /dd/z");
	ck_assert_uint_eq(strlen(ds.leaf), 3 * (size_t)depth + 5);
	/* what the walk names can be read back, in either mode */
	ck_assert_int_eq(target_lookup(t, ds.leaf, false, &n), FS_OK);
	ck_assert_int_eq(n.type, FS_REG);
	ck_assert_int_eq(target_read(t, ds.leaf, 0, &b), FS_OK);
	ck_assert_str_eq(b.buf, "x\n");
	/* and ".." climbs back through every level, reopened or not */
	strbuf_reset(&climb);
	strbuf_add(&climb, ds.leaf, strlen(ds.leaf) - 5);
	for (unsigned i = 1; i < depth; i++)
		strbuf_addstr(&climb, "/..");
	strbuf_addstr(&climb, "/z");
	ck_assert_int_eq(target_read(t, climb.buf, 0, &b), FS_OK);
	ck_assert_str_eq(b.buf, "x\n");
	strbuf_release(&climb);
	strbuf_release(&b);
	free(ds.leaf);
	seen_release(&ds.s);
	target_close(t);
	diag_free(d);
	rm_deep_in_root("dd");
}
END_TEST

/* Names of 200 bytes, 25 levels: the leaf's path is over 5,000 bytes,
 * longer than PATH_MAX, and still walked, looked up and read. */
START_TEST(test_target_path_longer_than_path_max_in_both_modes)
{
	struct limits lim = mode_limits(_i);
	struct deepseen ds = { { STRLIST_INIT, STRLIST_INIT, NULL, 0 }, 0,
	    NULL };
	struct diag *d = diag_new();
	struct strbuf b = STRBUF_INIT;
	char name[201];
	struct fsnode n;
	struct target *t;
	char *top;

	memset(name, 'n', 200);
	name[200] = '\0';
	make_deep(root, name, 25);
	t = target_open(root, &lim, d);
	ck_assert_ptr_nonnull(t);
	top = xasprintf("/%s", name);
	ck_assert_int_eq(target_walk(t, top, record_deep, record_err, &ds),
	    FS_OK);
	ck_assert_uint_eq(ds.s.errs.n, 0);
	ck_assert_uint_eq(ds.s.paths.n, 50);
	ck_assert_uint_eq(strlen(ds.leaf), 25 * 201 + 5);
	ck_assert_uint_gt(strlen(ds.leaf), PATH_MAX);
	ck_assert_int_eq(target_lookup(t, ds.leaf, true, &n), FS_OK);
	ck_assert_uint_eq(n.size, 2);
	ck_assert_int_eq(target_read(t, ds.leaf, 0, &b), FS_OK);
	ck_assert_str_eq(b.buf, "x\n");
	free(top);
	strbuf_release(&b);
	free(ds.leaf);
	seen_release(&ds.s);
	target_close(t);
	diag_free(d);
	rm_deep_in_root(name);
}
END_TEST

/* Past the cap: one error naming the directory not entered, the rest of
 * the tree (the "z" files on the way back up) still walked. */
START_TEST(test_target_walk_past_depth_cap_names_the_directory)
{
	struct limits lim = mode_limits(_i);
	struct deepseen ds = { { STRLIST_INIT, STRLIST_INIT, NULL, 0 }, 0,
	    NULL };
	struct diag *d = diag_new();
	struct strbuf want = STRBUF_INIT;
	struct target *t;

	lim.walk_depth = 50;
	make_deep(root, "dd", 100);
	t = target_open(root, &lim, d);
	ck_assert_int_eq(target_walk(t, "/dd", record_deep, record_err, &ds),
	    FS_OK);
	/* entries of the walk root are 1 level below it: the deepest
	 * walked, /dd x 51, are 50 below; theirs would be 51 */
	for (int i = 0; i < 51; i++)
		strbuf_addstr(&want, "/dd");
	strbuf_addstr(&want, ": directory nested deeper than the walk depth "
	    "limit");
	ck_assert_uint_eq(ds.s.errs.n, 1);
	ck_assert_str_eq(ds.s.errs.v[0], want.buf);
	ck_assert_ptr_null(ds.leaf);
	ck_assert_str_eq(ds.s.paths.v[ds.s.paths.n - 1], "file /dd/z");
	strbuf_release(&want);
	seen_release(&ds.s);
	target_close(t);
	diag_free(d);
	rm_deep_in_root("dd");
}
END_TEST

/* The levels array grows (8, 16, 32 ... entries) while every shallower
 * level is mid-iteration: siblings after a deep subdirectory are still
 * visited, in order, from the level's own names (under ASan, a stale
 * level pointer is a heap-use-after-free). */
START_TEST(test_target_walk_level_array_grows_mid_iteration)
{
	struct seen s = { STRLIST_INIT, STRLIST_INIT, NULL, 0 };
	struct strbuf p = STRBUF_INIT;

	tu_write(root, "grow/b", "", 0644);
	tu_write(root, "grow/c", "", 0644);
	strbuf_addstr(&p, "grow/a");
	for (int i = 0; i < 20; i++)
		strbuf_addstr(&p, "/a");
	strbuf_addstr(&p, "/f");
	tu_write(root, p.buf, "", 0644);
	ck_assert_int_eq(target_walk(tgt, "/grow", record, record_err, &s),
	    FS_OK);
	ck_assert_uint_eq(s.paths.n, 1 + 21 + 1 + 2);
	ck_assert_str_eq(s.paths.v[22], "file /grow/a/a/a/a/a/a/a/a/a/a/a/a/a"
	    "/a/a/a/a/a/a/a/a/f");
	ck_assert_str_eq(s.paths.v[23], "file /grow/b");
	ck_assert_str_eq(s.paths.v[24], "file /grow/c");
	ck_assert_uint_eq(s.errs.n, 0);
	strbuf_release(&p);
	seen_release(&s);
}
END_TEST

/* A directory whose fd the walk closed (beyond its window) and that is
 * replaced while the walk is below it: reopening checks the inode, so
 * the walk reports it, never strays into the replacement. */
struct swap {
	struct seen	 s;
	const char	*swapdir;	/* host path of the level to swap */
	bool		 done;
};

static enum walk_ret
swap_at_leaf(const char *path, const struct fsnode *n, void *arg)
{
	struct swap *w = arg;

	if (!w->done && strcmp(strrchr(path, '/'), "/leaf") == 0) {
		char *old = xasprintf("%s.old", w->swapdir);

		ck_assert_int_eq(rename(w->swapdir, old), 0);
		ck_assert_int_eq(mkdir(w->swapdir, 0755), 0);
		w->done = true;
		free(old);
	}
	return record(path, n, &w->s);
}

START_TEST(test_target_walk_replaced_directory_is_an_error)
{
	struct swap w = { { STRLIST_INIT, STRLIST_INIT, NULL, 0 }, NULL,
	    false };
	struct strbuf host = STRBUF_INIT;
	struct strbuf want = STRBUF_INIT;

	make_deep(root, "dd", 60);
	/* the 5th level: far outside the window of the deepest 32 */
	strbuf_addstr(&host, root);
	for (int i = 0; i < 5; i++) {
		strbuf_addstr(&host, "/dd");
		strbuf_addstr(&want, "/dd");
	}
	w.swapdir = host.buf;
	ck_assert_int_eq(target_walk(tgt, "/dd", swap_at_leaf, record_err, &w),
	    FS_OK);
	ck_assert(w.done);
	ck_assert_uint_ge(w.s.errs.n, 1);
	strbuf_addstr(&want, ": input/output error");
	ck_assert_str_eq(w.s.errs.v[0], want.buf);
	/* the levels above it still finish */
	ck_assert_str_eq(w.s.paths.v[w.s.paths.n - 1], "file /dd/z");
	strbuf_release(&want);
	strbuf_release(&host);
	seen_release(&w.s);
	rm_deep_in_root("dd");
}
END_TEST

START_TEST(test_target_walk_of_link_or_missing_prefix)
{
	struct seen s = { STRLIST_INIT, STRLIST_INIT, NULL, 0 };

	ck_assert_int_eq(target_walk(tgt, "/etc2", record, NULL, &s), FS_OK);
	ck_assert_uint_eq(s.paths.n, 1);
	ck_assert_str_eq(s.paths.v[0], "symlink /etc2");
	ck_assert_int_eq(target_walk(tgt, "/nope", record, NULL, &s),
	    FS_ENOENT);
	ck_assert_int_eq(target_walk(tgt, "/../../", record, NULL, &s),
	    FS_OK);
	ck_assert_str_eq(s.paths.v[1], "directory /");
	seen_release(&s);
}
END_TEST

/* A visitor may call back into the target, even start another walk. */
struct nested {
	struct target	*t;
	size_t		 inner;
	size_t		 outer;
};

static enum walk_ret
count_inner(const char *path, const struct fsnode *n, void *arg)
{
	(void)path;
	(void)n;
	((struct nested *)arg)->inner++;
	return WALK_CONTINUE;
}

static enum walk_ret
walk_again(const char *path, const struct fsnode *n, void *arg)
{
	struct nested *s = arg;
	struct strbuf b = STRBUF_INIT;

	s->outer++;
	if (n->type == FS_DIR)
		ck_assert_int_eq(target_walk(s->t, path, count_inner, NULL, s),
		    FS_OK);
	if (n->type == FS_REG)
		ck_assert_int_eq(target_read(s->t, path, 0, &b), FS_OK);
	strbuf_release(&b);
	return WALK_CONTINUE;
}

START_TEST(test_target_walk_visitor_may_reenter)
{
	struct nested s = { tgt, 0, 0 };

	ck_assert_int_eq(target_walk(tgt, "/sub", walk_again, NULL, &s),
	    FS_OK);
	ck_assert_uint_eq(s.outer, 6);
	/* /sub sees 6 nodes, /sub/deep 4 */
	ck_assert_uint_eq(s.inner, 10);
}
END_TEST

START_TEST(test_target_overlong_path_is_eio)
{
	struct strlist l = STRLIST_INIT;
	struct strbuf b = STRBUF_INIT;
	char *p = xmalloc(PATH_MAX + 2);
	struct fsnode n;

	memset(p, 'a', PATH_MAX + 1);
	p[0] = '/';
	p[PATH_MAX + 1] = '\0';
	ck_assert_int_eq(target_lookup(tgt, p, false, &n), FS_EIO);
	ck_assert_int_eq(target_read(tgt, p, 0, &b), FS_EIO);
	/* a name over NAME_MAX: no such name, as glob(3) has it */
	ck_assert_int_eq(target_glob(tgt, p, &l), FS_OK);
	ck_assert_uint_eq(l.n, 0);
	free(p);
	/* the length that counts is the normalized one */
	p = xmalloc(1000 * 5 + sizeof("/etc/passwd"));
	for (size_t i = 0; i < 1000; i++)
		memcpy(p + i * 5, "/a/..", 5);
	memcpy(p + 5000, "/etc/passwd", sizeof("/etc/passwd"));
	ck_assert_int_eq(target_read(tgt, p, 0, &b), FS_OK);
	ck_assert_str_eq(b.buf, PASSWD);
	free(p);
	strbuf_release(&b);
}
END_TEST

/* target_cache_get / target_cache_put */

static char *freed[8];	/* what cache_free saw, in order */
static int nfreed;

static void
cache_free(void *v)
{
	ck_assert_int_lt(nfreed, 8);
	freed[nfreed] = xstrdup(v);
	nfreed++;
	free(v);
}

START_TEST(test_target_cache_put_replaces_and_close_frees)
{
	struct diag *d = diag_new();
	struct target *t = target_open(root, &limits_default, d);
	char key[] = "dpkg:/var/lib/dpkg/status";
	static char kept[] = "not freed";

	ck_assert_ptr_nonnull(t);
	nfreed = 0;
	ck_assert_ptr_null(target_cache_get(t, key));
	target_cache_put(t, key, xstrdup("v1"), cache_free);
	target_cache_put(t, "apk:/lib/apk/db/installed", xstrdup("v2"),
	    cache_free);
	target_cache_put(t, "static", kept, NULL);
	/* the key is copied */
	key[0] = 'X';
	ck_assert_ptr_null(target_cache_get(t, key));
	ck_assert_str_eq(target_cache_get(t, "dpkg:/var/lib/dpkg/status"),
	    "v1");
	ck_assert_str_eq(target_cache_get(t, "apk:/lib/apk/db/installed"),
	    "v2");
	ck_assert_ptr_eq(target_cache_get(t, "static"), kept);
	/* put under a used key frees the old value, once */
	target_cache_put(t, "dpkg:/var/lib/dpkg/status", xstrdup("v3"),
	    cache_free);
	ck_assert_int_eq(nfreed, 1);
	ck_assert_str_eq(freed[0], "v1");
	ck_assert_str_eq(target_cache_get(t, "dpkg:/var/lib/dpkg/status"),
	    "v3");
	/* another target has its own cache */
	ck_assert_ptr_null(target_cache_get(tgt, "dpkg:/var/lib/dpkg/status"));
	/* close frees every value with its free_fn (NULL: left alone) */
	target_close(t);
	ck_assert_int_eq(nfreed, 3);
	ck_assert_msg((strcmp(freed[1], "v2") == 0 &&
	    strcmp(freed[2], "v3") == 0) || (strcmp(freed[1], "v3") == 0 &&
	    strcmp(freed[2], "v2") == 0), "freed %s, %s", freed[1], freed[2]);
	ck_assert_str_eq(kept, "not freed");
	for (int i = 0; i < nfreed; i++)
		free(freed[i]);
	diag_free(d);
}
END_TEST

/* strings */

/* One table names every node type: probes, reports and policies spell
 * each the same way. */
static const struct {
	enum fs_type	 t;
	const char	*str, *alone, *plural, *word;
} type_names[] = {
	{ FS_REG, "file", "regular file", "files", "file" },
	{ FS_DIR, "directory", "directory", "directories", "dir" },
	{ FS_LNK, "symlink", "symlink", "symlinks", "symlink" },
	{ FS_CHR, "character device", "character device",
	  "character devices", "char" },
	{ FS_BLK, "block device", "block device", "block devices", "block" },
	{ FS_FIFO, "fifo", "fifo", "fifos", "fifo" },
	{ FS_SOCK, "socket", "socket", "sockets", "socket" },
	{ FS_OTHER, "special file", "special file", "special files",
	  "other" },
	/* out of range: as FS_OTHER */
	{ (enum fs_type)99, "special file", "special file", "special files",
	  "other" },
};

START_TEST(test_fs_type_names_come_from_one_table)
{
	const struct fs_type_names *n = fs_type_names(type_names[_i].t);

	ck_assert_str_eq(fs_type_str(type_names[_i].t), type_names[_i].str);
	ck_assert_str_eq(n->noun, type_names[_i].str);
	ck_assert_str_eq(n->alone, type_names[_i].alone);
	ck_assert_str_eq(n->plural, type_names[_i].plural);
	ck_assert_str_eq(n->word, type_names[_i].word);
}
END_TEST

START_TEST(test_target_strings)
{
	ck_assert_str_eq(fs_rc_str(FS_ENOTREG), "not a regular file");
	ck_assert_str_eq(fs_rc_str(FS_ETOOBIG), "file too big");
	ck_assert_str_eq(fs_rc_str(FS_ELOOP),
	    "too many levels of symbolic links");
	ck_assert_str_eq(fs_type_str(FS_FIFO), "fifo");
	ck_assert_str_eq(fs_type_str(FS_DIR), "directory");
	ck_assert_str_eq(target_kind_str(TARGET_OCI_LAYOUT), "oci-layout");
}
END_TEST

static Suite *
target_suite(void)
{
	Suite *s = suite_create("target");
	TCase *tc = tcase_create("hostile");

	/* the deep trees cost thousands of mkdir/rmdir on a slow disk */
	tcase_set_timeout(tc, 300);
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_target_open_directory_is_dir_kind);
	tcase_add_test(tc, test_target_open_bad_path_names_path_and_why);
	tcase_add_loop_test(tc, test_target_read_hostile_paths, 0,
	    (int)(sizeof(reads) / sizeof(reads[0])));
	tcase_add_test(tc, test_target_read_zero_limit_means_read_max);
	tcase_add_loop_test(tc, test_target_lookup_types_and_errors, 0,
	    (int)(sizeof(lookups) / sizeof(lookups[0])));
	tcase_add_test(tc, test_target_lookup_reports_mode_owner_size);
	tcase_add_test(tc, test_target_lookup_reports_times);
	tcase_add_test(tc, test_target_readlink_returns_text_unfollowed);
	tcase_add_test(tc, test_target_getxattr_reads_inside_root_only);
	tcase_add_test(tc, test_target_list_sorted_with_odd_names);
	tcase_add_test(tc, test_target_list_follows_links_inside_root);
	tcase_add_test(tc, test_target_list_over_glob_max_is_eio);
	tcase_add_loop_test(tc, test_target_glob_matches_inside_root_sorted,
	    0, (int)(sizeof(globs) / sizeof(globs[0])));
	tcase_add_test(tc, test_target_glob_over_glob_max_is_eio);
	tcase_add_test(tc, test_target_walk_order_and_no_symlink_descent);
	tcase_add_test(tc, test_target_walk_types_matches_walk_without_stat);
	tcase_add_test(tc, test_target_walk_whole_root_stays_inside);
	tcase_add_test(tc, test_target_walk_honours_skip_and_stop);
	tcase_add_test(tc, test_target_walk_depth_limit_reported);
	tcase_add_test(tc, test_target_walk_of_link_or_missing_prefix);
	tcase_add_loop_test(tc, test_target_walk_deep_trees_in_both_modes, 0,
	    2 * sizeof(deep_depths) / sizeof(deep_depths[0]));
	tcase_add_loop_test(tc,
	    test_target_path_longer_than_path_max_in_both_modes, 0, 2);
	tcase_add_loop_test(tc,
	    test_target_walk_past_depth_cap_names_the_directory, 0, 2);
	tcase_add_test(tc, test_target_walk_level_array_grows_mid_iteration);
	tcase_add_test(tc, test_target_walk_replaced_directory_is_an_error);
	tcase_add_test(tc, test_target_walk_visitor_may_reenter);
	tcase_add_test(tc, test_target_overlong_path_is_eio);
	tcase_add_test(tc, test_target_cache_put_replaces_and_close_frees);
	suite_add_tcase(s, tc);
	tc = tcase_create("strings");
	tcase_add_test(tc, test_target_strings);
	tcase_add_loop_test(tc, test_fs_type_names_come_from_one_table, 0,
	    (int)(sizeof(type_names) / sizeof(type_names[0])));
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return tu_run_suite(target_suite());
}
