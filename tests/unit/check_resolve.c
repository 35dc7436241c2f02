/*
 * check_resolve.c -- the confined resolver against a hostile root.
 *
 * Each test builds a fresh temp dir holding `root/` (the target) and a
 * canary file `canary` next to it, OUTSIDE the root. The root is full of
 * links that try to reach the canary or the host's /etc, loop, chain, dangle
 * or climb with "..". Every case runs twice, once through openat2
 * (RESOLVE_IN_ROOT) and once through the forced component-by-component
 * fallback, and must give the same answer; a successful answer is checked
 * by inode against the node inside the root it should have reached.
 * fixtures/hostile/README.md lists the cases.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#ifdef HAVE_LINUX_OPENAT2_H
#include <linux/openat2.h>
#endif

#include "assay/resolve.h"
#include "assay/xmem.h"
#include "testutil.h"

#define CANARY "CANARY-7f3a"

static char *tmp;	/* the temp dir */
static char *root;	/* tmp/root */
static int rootfd = -1;

/* A chain c0 -> c1 -> ... -> c40 -> /etc/passwd: following c0 takes 41
 * links (one too many), c1 takes 40 (just allowed). */
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
setup(void)
{
	char *canary_path;

	tmp = tu_tmpdir();
	root = xasprintf("%s/root", tmp);
	canary_path = xasprintf("%s/canary", tmp);
	tu_write(tmp, "canary", CANARY "\n", 0644);
	tu_write(root, "etc/passwd", "root:x:0:0:inside:/root:/bin/sh\n",
	    0644);
	tu_write(root, "private/etc/hosts", "127.0.0.1 inside\n", 0644);
	tu_mkdir(root, "sub/deep", 0755);
	tu_symlink(root, "abs_passwd", "/etc/passwd");
	tu_symlink(root, "abs_canary", canary_path);
	tu_symlink(root, "abs_tmpdir", tmp);
	tu_symlink(root, "up_canary", "../canary");
	tu_symlink(root, "sub/deep/climb", "../../../../../etc/passwd");
	tu_symlink(root, "sub/deep/climb_canary", "../../../../../canary");
	tu_symlink(root, "etc2", "/private/etc");
	tu_symlink(root, "etc3", "etc2");
	tu_symlink(root, "loop_a", "loop_b");
	tu_symlink(root, "loop_b", "loop_a");
	tu_symlink(root, "self", "self");
	tu_symlink(root, "dangling", "/no/such/file");
	tu_symlink(root, "to_slash", "/");
	tu_symlink(root, "to_dotdot", "..");
	tu_mkfifo(root, "fifo");
	make_chain();
	rootfd = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	ck_assert_int_ge(rootfd, 0);
	free(canary_path);
}

static void
teardown(void)
{
	close(rootfd);
	tu_rmtree(tmp);
	free(root);
	free(tmp);
}

/* Where a case must end: REACH is the node inside the root (by inode), or
 * NULL for an error case. */
static const struct {
	const char	*path;
	int		 flags;
	enum resolve_rc	 rc;
	const char	*reach;
	mode_t		 type;
} cases[] = {
	/* absolute links mean the root's own files */
	{ "/abs_passwd", RESOLVE_FOLLOW, RESOLVE_OK, "etc/passwd", S_IFREG },
	{ "/abs_passwd", 0, RESOLVE_OK, "abs_passwd", S_IFLNK },
	{ "/abs_canary", RESOLVE_FOLLOW, RESOLVE_ENOENT, NULL, 0 },
	{ "/abs_tmpdir/canary", RESOLVE_FOLLOW, RESOLVE_ENOENT, NULL, 0 },
	/* ".." never climbs above the root */
	{ "/../canary", RESOLVE_FOLLOW, RESOLVE_ENOENT, NULL, 0 },
	{ "../../canary", RESOLVE_FOLLOW, RESOLVE_ENOENT, NULL, 0 },
	{ "/../../etc/passwd", RESOLVE_FOLLOW, RESOLVE_OK, "etc/passwd",
	    S_IFREG },
	{ "/sub/../../../etc/passwd", 0, RESOLVE_OK, "etc/passwd", S_IFREG },
	{ "/up_canary", RESOLVE_FOLLOW, RESOLVE_ENOENT, NULL, 0 },
	{ "/sub/deep/climb", RESOLVE_FOLLOW, RESOLVE_OK, "etc/passwd",
	    S_IFREG },
	{ "/sub/deep/climb_canary", RESOLVE_FOLLOW, RESOLVE_ENOENT, NULL, 0 },
	{ "/to_dotdot/to_dotdot/etc/passwd", 0, RESOLVE_OK, "etc/passwd",
	    S_IFREG },
	{ "/to_slash/../canary", 0, RESOLVE_ENOENT, NULL, 0 },
	/* symlinked directories mid-path are followed inside */
	{ "/etc2/hosts", 0, RESOLVE_OK, "private/etc/hosts", S_IFREG },
	{ "/etc3/hosts", 0, RESOLVE_OK, "private/etc/hosts", S_IFREG },
	{ "/etc3", RESOLVE_FOLLOW, RESOLVE_OK, "private/etc", S_IFDIR },
	{ "/etc3/", 0, RESOLVE_OK, "private/etc", S_IFDIR },
	/* ".." after a symlinked dir is physical, as in the kernel */
	{ "/etc2/../etc/hosts", 0, RESOLVE_OK, "private/etc/hosts", S_IFREG },
	/* loops and chains */
	{ "/loop_a", RESOLVE_FOLLOW, RESOLVE_ELOOP, NULL, 0 },
	{ "/loop_a", 0, RESOLVE_OK, "loop_a", S_IFLNK },
	{ "/loop_b/x", 0, RESOLVE_ELOOP, NULL, 0 },
	{ "/self", RESOLVE_FOLLOW, RESOLVE_ELOOP, NULL, 0 },
	{ "/chain/c0", RESOLVE_FOLLOW, RESOLVE_ELOOP, NULL, 0 },
	{ "/chain/c1", RESOLVE_FOLLOW, RESOLVE_OK, "etc/passwd", S_IFREG },
	/* dangling, not-a-directory, the root itself */
	{ "/dangling", RESOLVE_FOLLOW, RESOLVE_ENOENT, NULL, 0 },
	{ "/dangling", 0, RESOLVE_OK, "dangling", S_IFLNK },
	{ "/etc/passwd/x", 0, RESOLVE_ENOTDIR, NULL, 0 },
	{ "/etc/passwd/", 0, RESOLVE_ENOTDIR, NULL, 0 },
	{ "/no/such", 0, RESOLVE_ENOENT, NULL, 0 },
	{ "/", 0, RESOLVE_OK, ".", S_IFDIR },
	{ "", 0, RESOLVE_OK, ".", S_IFDIR },
	{ "//./etc//./passwd", 0, RESOLVE_OK, "etc/passwd", S_IFREG },
	{ "/to_slash", RESOLVE_FOLLOW, RESOLVE_OK, ".", S_IFDIR },
	/* a FIFO is only ever opened O_PATH: no hang */
	{ "/fifo", RESOLVE_FOLLOW, RESOLVE_OK, "fifo", S_IFIFO },
};

#define NCASES (sizeof(cases) / sizeof(cases[0]))

static void
on_alarm(int sig)
{
	(void)sig;
	_exit(99);	/* a hang is a failure, not a stuck test run */
}

START_TEST(test_resolve_hostile_root_same_in_both_modes)
{
	size_t i = (size_t)_i / 2;
	bool fallback = _i % 2 == 1;
	struct resolver *r = resolve_new(rootfd, &limits_default);
	const char *mode = fallback ? "fallback" : "openat2";
	struct stat st;
	struct stat want;
	enum resolve_rc rc;
	int fd = 12345;

	resolve_force_fallback(r, fallback);
	signal(SIGALRM, on_alarm);
	alarm(5);
	rc = resolve_open(r, cases[i].path, cases[i].flags, &fd, &st);
	alarm(0);
	ck_assert_msg(rc == cases[i].rc, "%s \"%s\": %s, want %s", mode,
	    cases[i].path, resolve_rc_str(rc), resolve_rc_str(cases[i].rc));
	if (fallback)
		ck_assert(!resolve_uses_openat2(r));
	if (rc != RESOLVE_OK) {
		ck_assert_int_eq(fd, -1);
		resolve_free(r);
		return;
	}
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(fcntl(fd, F_GETFL) & O_PATH, O_PATH);
	ck_assert_int_eq(fstatat(rootfd, cases[i].reach, &want,
	    AT_SYMLINK_NOFOLLOW), 0);
	ck_assert_msg(st.st_ino == want.st_ino && st.st_dev == want.st_dev,
	    "%s \"%s\" reached the wrong node", mode, cases[i].path);
	ck_assert_uint_eq(st.st_mode & S_IFMT, cases[i].type);
	close(fd);
	resolve_free(r);
}
END_TEST

/* Does this kernel (and sandbox) let us call openat2 at all? */
static bool
kernel_has_openat2(void)
{
#if defined(HAVE_LINUX_OPENAT2_H) && HAVE_DECL_SYS_OPENAT2
	struct open_how how;
	long fd;

	memset(&how, 0, sizeof(how));
	how.flags = O_PATH | O_CLOEXEC;
	how.resolve = RESOLVE_IN_ROOT;
	fd = syscall(SYS_openat2, rootfd, "etc", &how, sizeof(how));
	if (fd < 0)
		return false;
	close((int)fd);
	return true;
#else
	return false;
#endif
}

START_TEST(test_resolve_uses_openat2_where_the_kernel_has_it)
{
	struct resolver *r = resolve_new(rootfd, &limits_default);
	struct stat st;
	int fd;

	ck_assert_int_eq(resolve_open(r, "/etc/passwd", 0, &fd, &st),
	    RESOLVE_OK);
	close(fd);
	ck_assert(resolve_uses_openat2(r) == kernel_has_openat2());
	resolve_force_fallback(r, true);
	ck_assert(!resolve_uses_openat2(r));
	resolve_force_fallback(r, false);
	ck_assert(resolve_uses_openat2(r) == kernel_has_openat2());
	resolve_free(r);
}
END_TEST

/* A smaller symlink_hops is honoured exactly (and so is not left to the
 * kernel's fixed 40). */
START_TEST(test_resolve_honours_a_smaller_hop_limit)
{
	struct limits lim = limits_default;
	struct resolver *r;
	struct stat st;
	int fd;

	lim.symlink_hops = 5;
	r = resolve_new(rootfd, &lim);
	ck_assert(!resolve_uses_openat2(r));
	/* c35 -> ... -> c40 -> /etc/passwd: 6 links */
	ck_assert_int_eq(resolve_open(r, "/chain/c35", RESOLVE_FOLLOW, &fd,
	    &st), RESOLVE_ELOOP);
	ck_assert_int_eq(resolve_open(r, "/chain/c36", RESOLVE_FOLLOW, &fd,
	    &st), RESOLVE_OK);
	ck_assert(S_ISREG(st.st_mode));
	close(fd);
	resolve_free(r);
}
END_TEST

START_TEST(test_resolve_overlong_path_is_enametoolong)
{
	struct resolver *r = resolve_new(rootfd, &limits_default);
	char *path = xmalloc(PATH_MAX + 10);
	struct stat st;
	int fd;

	memset(path, 'a', PATH_MAX + 9);
	path[0] = '/';
	path[PATH_MAX + 9] = '\0';
	resolve_force_fallback(r, _i == 1);
	ck_assert_int_eq(resolve_open(r, path, 0, &fd, &st),
	    RESOLVE_ENAMETOOLONG);
	ck_assert_int_eq(fd, -1);
	/* one component longer than NAME_MAX */
	path[300] = '\0';
	ck_assert_int_eq(resolve_open(r, path, 0, &fd, &st),
	    RESOLVE_ENAMETOOLONG);
	free(path);
	resolve_free(r);
}
END_TEST

static const struct {
	enum resolve_rc	 rc;
	const char	*s;
} rc_strs[] = {
	{ RESOLVE_OK, "ok" },
	{ RESOLVE_ENOENT, "no such file or directory" },
	{ RESOLVE_ENOTDIR, "not a directory" },
	{ RESOLVE_ELOOP, "too many levels of symbolic links" },
	{ RESOLVE_EACCES, "permission denied" },
	{ RESOLVE_ENAMETOOLONG, "file name too long" },
	{ RESOLVE_EIO, "input/output error" },
};

START_TEST(test_resolve_rc_str_names_each_code)
{
	ck_assert_str_eq(resolve_rc_str(rc_strs[_i].rc), rc_strs[_i].s);
}
END_TEST

/* The one errno-to-code map (target_dir.c goes through it too). */
static const struct {
	int		 e;
	enum resolve_rc	 rc;
} errnos[] = {
	{ ENOENT, RESOLVE_ENOENT },
	{ ENOTDIR, RESOLVE_ENOTDIR },
	{ ELOOP, RESOLVE_ELOOP },
	{ EACCES, RESOLVE_EACCES },
	{ EPERM, RESOLVE_EACCES },
	{ ENAMETOOLONG, RESOLVE_ENAMETOOLONG },
	{ EIO, RESOLVE_EIO },
	{ EMFILE, RESOLVE_EIO },
};

START_TEST(test_resolve_errno_rc_maps_each_errno)
{
	ck_assert_int_eq(resolve_errno_rc(errnos[_i].e), errnos[_i].rc);
}
END_TEST

static Suite *
resolve_suite(void)
{
	Suite *s = suite_create("resolve");
	TCase *tc = tcase_create("hostile");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_loop_test(tc, test_resolve_hostile_root_same_in_both_modes,
	    0, (int)NCASES * 2);
	tcase_add_test(tc, test_resolve_uses_openat2_where_the_kernel_has_it);
	tcase_add_test(tc, test_resolve_honours_a_smaller_hop_limit);
	tcase_add_loop_test(tc, test_resolve_overlong_path_is_enametoolong,
	    0, 2);
	suite_add_tcase(s, tc);
	tc = tcase_create("strings");
	tcase_add_loop_test(tc, test_resolve_rc_str_names_each_code, 0,
	    (int)(sizeof(rc_strs) / sizeof(rc_strs[0])));
	tcase_add_loop_test(tc, test_resolve_errno_rc_maps_each_errno, 0,
	    (int)(sizeof(errnos) / sizeof(errnos[0])));
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return tu_run_suite(resolve_suite());
}
