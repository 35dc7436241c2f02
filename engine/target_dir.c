/*
 * target_dir.c -- a directory holding a root filesystem, as a target.
 *
 * Every path goes through resolve.c, so nothing outside the root is ever
 * looked at, and every descriptor is opened O_PATH first: a FIFO, socket or
 * device node (whose open() would block, or reach a host driver) is
 * recognised by fstat() on the O_PATH fd and never opened for reading. A
 * regular file is then reopened through /proc/self/fd/N (the same inode, no
 * second path lookup) and checked again, and read in chunks up to the limit
 * whatever its st_size claimed, since files can grow while we read.
 *
 * target_walk() is the hot path (a files probe over a 100,000-file image):
 * it keeps one directory fd per level, reads each directory once with
 * readdir(), sorts the names in a per-level arena reused for every
 * directory at that depth, fstatat()s each entry without following links
 * and builds paths in one growing buffer, so a walk does almost no
 * per-entry allocation. Symlinked directories are reported, not entered.
 */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "assay/resolve.h"
#include "assay/util.h"
#include "assay/xmem.h"
#include "target_private.h"

#define READ_CHUNK 65536

/* The names of one directory: NUL-separated in BUF, offsets in OFF. */
struct level {
	char	*buf;
	size_t	 len;
	size_t	 alloc;
	size_t	*off;
	size_t	 n;
	size_t	 cap;
};

struct dirt {
	int		 rootfd;
	struct resolver	*res;
};

/* One walk's state. The arenas are the walk's own, so a visitor may call
 * back into the target (even start another walk) safely. */
struct walkctx {
	struct level		*levels;	/* one per depth */
	size_t			 nlevels;
	const struct limits	*lim;
	target_visit_fn		 fn;
	target_walkerr_fn	 errfn;
	void			*arg;
	struct strbuf		 path;
	bool			 stop;
};

static enum fs_rc
resolve_fs_rc(enum resolve_rc rc)
{
	switch (rc) {
	case RESOLVE_OK:
		return FS_OK;
	case RESOLVE_ENOENT:
		return FS_ENOENT;
	case RESOLVE_ENOTDIR:
		return FS_ENOTDIR;
	case RESOLVE_ELOOP:
		return FS_ELOOP;
	case RESOLVE_EACCES:
		return FS_EACCES;
	case RESOLVE_ENAMETOOLONG:
	case RESOLVE_EIO:
		break;
	}
	return FS_EIO;
}

static enum fs_rc
errno_fs_rc(int e)
{
	switch (e) {
	case ENOENT:
		return FS_ENOENT;
	case ENOTDIR:
		return FS_ENOTDIR;
	case ELOOP:
		return FS_ELOOP;
	case EACCES:
	case EPERM:
		return FS_EACCES;
	default:
		return FS_EIO;
	}
}

static struct dirt *
dirt(struct target *t)
{
	return t->priv;
}

static enum fs_rc
dir_resolve(struct target *t, const char *path, bool follow, int *fdp,
    struct stat *st)
{
	enum resolve_rc rc;

	rc = resolve_open(dirt(t)->res, path, follow ? RESOLVE_FOLLOW : 0,
	    fdp, st);
	return resolve_fs_rc(rc);
}

static enum fs_rc
dir_lookup(struct target *t, const char *path, bool follow,
    struct fsnode *out)
{
	struct stat st;
	enum fs_rc rc;
	int fd;

	rc = dir_resolve(t, path, follow, &fd, &st);
	if (rc != FS_OK)
		return rc;
	close(fd);
	target_stat_node(&st, out);
	return FS_OK;
}

/* Open the regular file behind O_PATH fd PFD for reading, without a second
 * path lookup, and check it is still the same regular file. */
static int
reopen_regular(int pfd, const struct stat *st, enum fs_rc *rc)
{
	char proc[64];
	struct stat st2;
	int fd;

	snprintf(proc, sizeof(proc), "/proc/self/fd/%d", pfd);
	fd = open(proc, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC |
	    O_NOATIME);
	if (fd < 0 && errno == EPERM)
		fd = open(proc, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
	if (fd < 0) {
		/* ENOENT here means no /proc, not a missing file */
		*rc = errno == EACCES ? FS_EACCES : FS_EIO;
		return -1;
	}
	if (fstat(fd, &st2) != 0 || !S_ISREG(st2.st_mode) ||
	    st2.st_ino != st->st_ino || st2.st_dev != st->st_dev) {
		*rc = FS_ENOTREG;
		close(fd);
		return -1;
	}
	return fd;
}

int
target_open_regular_in(int rootfd, const struct limits *lim,
    const char *path, enum fs_rc *rc)
{
	struct resolver *r = resolve_new(rootfd, lim);
	struct stat st;
	int pfd;
	int fd;

	*rc = resolve_fs_rc(resolve_open(r, path, RESOLVE_FOLLOW, &pfd, &st));
	resolve_free(r);
	if (*rc != FS_OK)
		return -1;
	fd = S_ISREG(st.st_mode) ? reopen_regular(pfd, &st, rc) : -1;
	if (!S_ISREG(st.st_mode))
		*rc = FS_ENOTREG;
	close(pfd);
	return fd;
}

/* Read FD into OUT, at most LIMIT bytes: one byte more is FS_ETOOBIG. */
static enum fs_rc
read_capped(int fd, size_t limit, struct strbuf *out)
{
	char *buf = xmalloc(READ_CHUNK);
	enum fs_rc rc = FS_OK;

	for (;;) {
		ssize_t n = read(fd, buf, READ_CHUNK);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			rc = errno_fs_rc(errno);
			break;
		}
		if (n == 0)
			break;
		if (out->len + (size_t)n > limit) {
			rc = FS_ETOOBIG;
			break;
		}
		strbuf_add(out, buf, (size_t)n);
	}
	free(buf);
	if (rc != FS_OK)
		strbuf_reset(out);
	return rc;
}

static enum fs_rc
dir_read(struct target *t, const char *path, size_t limit,
    struct strbuf *out)
{
	struct stat st;
	enum fs_rc rc;
	int pfd;
	int fd;

	rc = dir_resolve(t, path, true, &pfd, &st);
	if (rc != FS_OK)
		return rc;
	if (!S_ISREG(st.st_mode)) {
		close(pfd);
		return FS_ENOTREG;
	}
	if ((uint64_t)st.st_size > limit) {
		close(pfd);
		return FS_ETOOBIG;
	}
	fd = reopen_regular(pfd, &st, &rc);
	close(pfd);
	if (fd < 0)
		return rc;
	rc = read_capped(fd, limit, out);
	close(fd);
	return rc;
}

static enum fs_rc
dir_readlink(struct target *t, const char *path, struct strbuf *out)
{
	char buf[PATH_MAX];
	struct stat st;
	enum fs_rc rc;
	ssize_t n;
	int fd;

	rc = dir_resolve(t, path, false, &fd, &st);
	if (rc != FS_OK)
		return rc;
	if (!S_ISLNK(st.st_mode)) {
		close(fd);
		return FS_EIO;
	}
	n = readlinkat(fd, "", buf, sizeof(buf));
	close(fd);
	if (n < 0)
		return errno_fs_rc(errno);
	if ((size_t)n >= sizeof(buf))
		return FS_EIO;
	strbuf_add(out, buf, (size_t)n);
	return FS_OK;
}

/* Open the directory behind O_PATH fd PFD for reading. */
static int
open_dir_fd(int pfd)
{
	int flags = O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NOFOLLOW;
	int fd = openat(pfd, ".", flags | O_NOATIME);

	if (fd < 0 && errno == EPERM)
		fd = openat(pfd, ".", flags);
	return fd;
}

static bool
is_dot_or_dotdot(const char *s)
{
	return s[0] == '.' && (s[1] == '\0' || (s[1] == '.' && s[2] == '\0'));
}

/* Read the names of directory FD (closed here) into L, unsorted. More
 * than MAX names is FS_EIO. */
static enum fs_rc
level_fill(struct level *l, int fd, size_t max)
{
	DIR *dp = fdopendir(fd);
	struct dirent *de;
	enum fs_rc rc = FS_OK;

	l->len = 0;
	l->n = 0;
	if (dp == NULL) {
		rc = errno_fs_rc(errno);
		close(fd);
		return rc;
	}
	errno = 0;
	while ((de = readdir(dp)) != NULL) {
		size_t len;

		if (is_dot_or_dotdot(de->d_name))
			continue;
		if (l->n >= max) {
			rc = FS_EIO;
			break;
		}
		len = strlen(de->d_name) + 1;
		xgrow((void **)&l->buf, &l->alloc, l->len + len, 1);
		memcpy(l->buf + l->len, de->d_name, len);
		xgrow((void **)&l->off, &l->cap, l->n + 1, sizeof(*l->off));
		l->off[l->n++] = l->len;
		l->len += len;
	}
	if (de == NULL && errno != 0)
		rc = errno_fs_rc(errno);
	closedir(dp);
	return rc;
}

static int
cmp_off(const void *a, const void *b, void *base)
{
	return strcmp((const char *)base + *(const size_t *)a,
	    (const char *)base + *(const size_t *)b);
}

static void
level_sort(struct level *l)
{
	if (l->n > 1)
		qsort_r(l->off, l->n, sizeof(*l->off), cmp_off, l->buf);
}

static void
level_free(struct level *l)
{
	free(l->buf);
	free(l->off);
}

static enum fs_rc
dir_list(struct target *t, const char *path, struct strlist *out)
{
	struct level l = { NULL, 0, 0, NULL, 0, 0 };
	struct stat st;
	enum fs_rc rc;
	int pfd;
	int fd;

	rc = dir_resolve(t, path, true, &pfd, &st);
	if (rc != FS_OK)
		return rc;
	if (!S_ISDIR(st.st_mode)) {
		close(pfd);
		return FS_ENOTDIR;
	}
	fd = open_dir_fd(pfd);
	close(pfd);
	if (fd < 0)
		return errno_fs_rc(errno);
	rc = level_fill(&l, fd, t->lim->glob_max);
	if (rc == FS_OK) {
		level_sort(&l);
		for (size_t i = 0; i < l.n; i++)
			strlist_add(out, l.buf + l.off[i]);
	}
	level_free(&l);
	return rc;
}

static struct level *
walk_level(struct walkctx *w, unsigned depth)
{
	if (depth >= w->nlevels) {
		size_t old = w->nlevels;

		xgrow((void **)&w->levels, &w->nlevels, depth + 1,
		    sizeof(*w->levels));
		memset(w->levels + old, 0,
		    (w->nlevels - old) * sizeof(*w->levels));
	}
	return &w->levels[depth];
}

static void
walk_error(struct walkctx *w, enum fs_rc rc)
{
	if (w->errfn != NULL)
		w->errfn(w->path.buf, rc, w->arg);
}

static void walk_dir(struct walkctx *w, int fd, unsigned depth);

/* Visit entry NAME of directory DFD, which is DEPTH levels below the walk
 * root; w->path holds the entry's path. */
static void
walk_entry(struct walkctx *w, int dfd, const char *name, unsigned depth)
{
	struct fsnode n;
	struct stat st;
	enum walk_ret ret;
	int fd;

	if (fstatat(dfd, name, &st, AT_SYMLINK_NOFOLLOW) != 0) {
		walk_error(w, errno_fs_rc(errno));
		return;
	}
	target_stat_node(&st, &n);
	ret = w->fn(w->path.buf, &n, w->arg);
	if (ret == WALK_STOP) {
		w->stop = true;
		return;
	}
	if (ret == WALK_SKIP || !S_ISDIR(st.st_mode))
		return;
	/* its entries would sit at depth + 2 below the walk root */
	if (depth + 2 > w->lim->walk_depth) {
		walk_error(w, FS_EIO);
		return;
	}
	fd = openat(dfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
	    O_CLOEXEC | O_NOATIME);
	if (fd < 0 && errno == EPERM)
		fd = openat(dfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
		    O_CLOEXEC);
	if (fd < 0) {
		walk_error(w, errno_fs_rc(errno));
		return;
	}
	walk_dir(w, fd, depth + 1);
}

/* Walk the entries of directory FD (closed here), whose path is in
 * w->path and which is DEPTH levels below the walk root (0: the root). */
static void
walk_dir(struct walkctx *w, int fd, unsigned depth)
{
	struct level *l = walk_level(w, depth);
	size_t base = w->path.len;
	enum fs_rc rc;
	int dfd = dup(fd);

	if (dfd < 0) {
		walk_error(w, errno_fs_rc(errno));
		close(fd);
		return;
	}
	rc = level_fill(l, fd, w->lim->glob_max);
	if (rc != FS_OK) {
		walk_error(w, rc);
		close(dfd);
		return;
	}
	level_sort(l);
	for (size_t i = 0; i < l->n && !w->stop; i++) {
		/* L may move when a deeper level grows the array. */
		l = &w->levels[depth];
		w->path.len = base;
		if (base > 1)
			strbuf_addch(&w->path, '/');
		strbuf_addstr(&w->path, l->buf + l->off[i]);
		walk_entry(w, dfd, l->buf + l->off[i], depth);
	}
	w->path.len = base;
	w->path.buf[base] = '\0';
	close(dfd);
}

static enum fs_rc
dir_walk(struct target *t, const char *prefix, target_visit_fn fn,
    target_walkerr_fn errfn, void *arg)
{
	struct walkctx w = { NULL, 0, t->lim, fn, errfn, arg, STRBUF_INIT,
	    false };
	struct fsnode n;
	struct stat st;
	enum walk_ret ret;
	enum fs_rc rc;
	int pfd;
	int fd;

	rc = dir_resolve(t, prefix, false, &pfd, &st);
	if (rc != FS_OK)
		return rc;
	target_stat_node(&st, &n);
	strbuf_addstr(&w.path, prefix);
	ret = fn(prefix, &n, arg);
	if (ret == WALK_CONTINUE && S_ISDIR(st.st_mode)) {
		fd = w.lim->walk_depth > 0 ? open_dir_fd(pfd) : -1;
		if (fd < 0)
			walk_error(&w, w.lim->walk_depth > 0 ?
			    errno_fs_rc(errno) : FS_EIO);
		else
			walk_dir(&w, fd, 0);
	}
	close(pfd);
	for (size_t i = 0; i < w.nlevels; i++)
		level_free(&w.levels[i]);
	free(w.levels);
	strbuf_release(&w.path);
	return FS_OK;
}

static void
dir_close(struct target *t)
{
	struct dirt *dt = dirt(t);

	resolve_free(dt->res);
	close(dt->rootfd);
	free(dt);
}

static const struct target_ops target_dir_ops = {
	.lookup = dir_lookup,
	.read = dir_read,
	.readlink = dir_readlink,
	.list = dir_list,
	.walk = dir_walk,
	.close = dir_close,
};

int
target_dir_open(struct target *t, const char *path, struct diag *d)
{
	struct dirt *dt;
	int fd;

	fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0) {
		diag_add(d, NULL, "%s: %s", path, errno == EACCES ?
		    "permission denied" : "cannot open directory");
		return -1;
	}
	dt = xcalloc(1, sizeof(*dt));
	dt->rootfd = fd;
	dt->res = resolve_new(fd, t->lim);
	t->ops = &target_dir_ops;
	t->kind = TARGET_DIR;
	t->priv = dt;
	return 0;
}
