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
 * (target_walk_types: only where readdir()'s d_type does not say the
 * type) and builds paths in one growing buffer, so a walk does almost no
 * per-entry allocation. Symlinked directories are reported, not entered.
 */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/xattr.h>
#include <unistd.h>

#include "assay/diag.h"
#include "assay/limits.h"
#include "assay/resolve.h"
#include "assay/util.h"
#include "assay/xmem.h"
#include "target_private.h"

#define READ_CHUNK 65536

/* Directory descriptors a walk keeps open below its root: the deepest
 * levels; a shallower one is reopened when the walk climbs back to it
 * (walk_reopen), so a tree 4,000 levels deep needs no more descriptors
 * than one 40 deep. */
#define WALK_FDS 32

/* The names of one directory: NUL-separated in BUF, offsets in OFF. As a
 * walk level, also where the iteration is and how to get back to it. */
struct level {
	char	*buf;
	size_t	 len;
	size_t	 alloc;
	size_t	*off;
	size_t	 n;
	size_t	 cap;
	size_t	 i;		/* next name to visit */
	size_t	 base;		/* length of the directory's path */
	int	 fd;		/* the directory, or -1 when closed */
	dev_t	 dev;		/* identity, to check a reopen */
	ino_t	 ino;
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
	bool			 types_only;	/* target_walk_types */
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

/* An errno as the fs view says it: through resolve.c's one mapping. */
static enum fs_rc
errno_fs_rc(int e)
{
	return resolve_fs_rc(resolve_errno_rc(e));
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

/* The attribute NAME of PATH (followed inside the root): getxattr(2)
 * through /proc/self/fd of the O_PATH descriptor, which names the inode
 * the resolver reached without a second path lookup (fgetxattr(2) on
 * an O_PATH fd is EBADF). A file system without attributes has none. */
static enum fs_rc
dir_getxattr(struct target *t, const char *path, const char *name,
    struct strbuf *out)
{
	size_t cap = t->lim->xattr_bytes;
	char proc[64];
	struct stat st;
	enum fs_rc rc;
	ssize_t n;
	char *buf;
	int fd;

	rc = dir_resolve(t, path, true, &fd, &st);
	if (rc != FS_OK)
		return rc;
	snprintf(proc, sizeof(proc), "/proc/self/fd/%d", fd);
	buf = xmalloc(cap + 1);
	n = getxattr(proc, name, buf, cap + 1);
	if (n < 0 && errno == ERANGE)
		rc = FS_ETOOBIG;
	else if (n < 0 && (errno == ENODATA || errno == ENOTSUP))
		rc = FS_ENOENT;
	else if (n < 0)
		rc = errno_fs_rc(errno);
	else if ((size_t)n > cap)
		rc = FS_ETOOBIG;
	else
		strbuf_add(out, buf, (size_t)n);
	free(buf);
	close(fd);
	return rc;
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

/* Read the names of directory FD (left open, read from its start) into
 * L, unsorted. More than MAX names is FS_EIO. getdents64(2) directly,
 * not fdopendir(): that would take the descriptor (a walk keeps it for
 * its *at() calls, so it would need a dup) and costs an fstat and an
 * fcntl more per directory, 4 of the 8 system calls of each directory a
 * walk enters. The records are the kernel's: each is bounds-checked all
 * the same. */
static enum fs_rc
level_fill(struct level *l, int fd, size_t max)
{
	char buf[32768] __attribute__((aligned(8)));
	enum fs_rc rc = FS_OK;
	ssize_t got;

	l->len = 0;
	l->n = 0;
	while (rc == FS_OK && (got = getdents64(fd, buf, sizeof(buf))) != 0) {
		if (got < 0) {
			if (errno == EINTR)
				continue;
			return errno_fs_rc(errno);
		}
		for (size_t pos = 0; rc == FS_OK && pos < (size_t)got; ) {
			const struct dirent64 *de;
			size_t len, room;

			if ((size_t)got - pos < offsetof(struct dirent64,
			    d_name) + 1)
				return FS_EIO;
			de = (const struct dirent64 *)(buf + pos);
			if (de->d_reclen == 0 || de->d_reclen >
			    (size_t)got - pos)
				return FS_EIO;
			room = de->d_reclen - offsetof(struct dirent64,
			    d_name);
			pos += de->d_reclen;
			len = strnlen(de->d_name, room);
			if (len == room)
				return FS_EIO;
			if (is_dot_or_dotdot(de->d_name))
				continue;
			if (l->n >= max) {
				rc = FS_EIO;
				break;
			}
			len++;
			/* its d_type, then the name: a walk that needs
			 * only types (target_walk_types) reads it instead
			 * of an fstatat() */
			xgrow((void **)&l->buf, &l->alloc, l->len + len + 1,
			    1);
			l->buf[l->len++] = (char)de->d_type;
			memcpy(l->buf + l->len, de->d_name, len);
			xgrow((void **)&l->off, &l->cap, l->n + 1,
			    sizeof(*l->off));
			l->off[l->n++] = l->len;
			l->len += len;
		}
	}
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
	struct level l = { .fd = -1 };
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
	close(fd);
	if (rc == FS_OK) {
		level_sort(&l);
		for (size_t i = 0; i < l.n; i++)
			strlist_add(out, l.buf + l.off[i]);
	}
	level_free(&l);
	return rc;
}

/* Level DEPTH of the walk, zeroed when new. The array may move: callers
 * hold indexes, never pointers, across anything that pushes a level. */
static struct level *
walk_level(struct walkctx *w, unsigned depth)
{
	if (depth >= w->nlevels) {
		size_t old = w->nlevels;

		xgrow((void **)&w->levels, &w->nlevels, depth + 1,
		    sizeof(*w->levels));
		memset(w->levels + old, 0,
		    (w->nlevels - old) * sizeof(*w->levels));
		for (size_t i = old; i < w->nlevels; i++)
			w->levels[i].fd = -1;
	}
	return &w->levels[depth];
}

static void
walk_error(struct walkctx *w, enum fs_rc rc)
{
	if (w->errfn != NULL)
		w->errfn(w->path.buf, rc, w->arg);
}

static int
open_subdir(int dfd, const char *name)
{
	int flags = O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC;
	int fd = openat(dfd, name, flags | O_NOATIME);

	if (fd < 0 && errno == EPERM)
		fd = openat(dfd, name, flags);
	return fd;
}

/* The name level DEPTH is iterating on: the directory level DEPTH + 1
 * lists. */
static const char *
level_name(const struct level *l)
{
	return l->buf + l->off[l->i - 1];
}

/* Level DEPTH's directory fd was closed to stay within WALK_FDS: open it
 * again from the nearest ancestor still open, one component at a time
 * (O_NOFOLLOW, each checked against the device and inode recorded on the
 * way down, so a tree renamed under us is an error, never a detour). The
 * levels reopened within the window keep their fds. */
static enum fs_rc
walk_reopen(struct walkctx *w, unsigned depth, unsigned *failed)
{
	unsigned j = depth;
	bool owned = true;	/* FD belongs to a level: not ours to close */
	int fd;

	while (w->levels[j].fd < 0)
		j--;			/* level 0 is never closed */
	fd = w->levels[j].fd;
	for (unsigned m = j + 1; m <= depth; m++) {
		struct level *l = &w->levels[m];
		int nfd = open_subdir(fd, level_name(&w->levels[m - 1]));
		int e = errno;
		struct stat st;

		if (nfd >= 0 && fstat(nfd, &st) != 0) {
			e = errno;
			close(nfd);
			nfd = -1;
		} else if (nfd >= 0 && (st.st_dev != l->dev ||
		    st.st_ino != l->ino)) {
			e = ESTALE;	/* replaced while we were below */
			close(nfd);
			nfd = -1;
		}
		if (!owned)
			close(fd);
		if (nfd < 0) {
			*failed = m;
			return errno_fs_rc(e);
		}
		owned = m + WALK_FDS > depth;
		if (owned)
			l->fd = nfd;
		fd = nfd;
	}
	return FS_OK;
}

/* Start level DEPTH on directory FD (consumed): read and sort its names,
 * keep FD for the *at() calls on them. Returns false (after reporting)
 * when the directory cannot be read. */
static bool
walk_push(struct walkctx *w, int fd, unsigned depth)
{
	struct level *l = walk_level(w, depth);
	struct stat st;
	enum fs_rc rc;

	l->i = 0;
	l->n = 0;
	l->base = w->path.len;
	if (fstat(fd, &st) != 0) {
		walk_error(w, errno_fs_rc(errno));
		close(fd);
		return false;
	}
	rc = level_fill(l, fd, w->lim->glob_max);
	if (rc != FS_OK) {
		walk_error(w, rc);
		close(fd);
		return false;
	}
	level_sort(l);
	l->dev = st.st_dev;
	l->ino = st.st_ino;
	l->fd = fd;
	/* bounded descriptors: the window, plus the walk root */
	if (depth > WALK_FDS && w->levels[depth - WALK_FDS].fd >= 0) {
		close(w->levels[depth - WALK_FDS].fd);
		w->levels[depth - WALK_FDS].fd = -1;
	}
	return true;
}

/* Leave level DEPTH; make its parent's fd usable again. */
static void
walk_pop(struct walkctx *w, unsigned depth)
{
	struct level *l = &w->levels[depth];
	unsigned failed;
	enum fs_rc rc;

	if (depth > 0 && w->levels[depth - 1].fd < 0 &&
	    w->levels[depth - 1].i < w->levels[depth - 1].n && !w->stop) {
		rc = walk_reopen(w, depth - 1, &failed);
		if (rc != FS_OK) {
			/* gone or replaced: the rest of it is lost, and of
			 * every level below it; say where, once */
			w->path.len = w->levels[failed].base;
			w->path.buf[w->path.len] = '\0';
			walk_error(w, rc);
			for (unsigned m = failed; m < depth; m++)
				w->levels[m].i = w->levels[m].n;
		}
	}
	if (l->fd >= 0)
		close(l->fd);
	l->fd = -1;
}

/* The type readdir() gave for the entry at OFF of level L into N (the
 * rest zero); false when the file system did not say (DT_UNKNOWN). */
static bool
dtype_node(const struct level *l, size_t off, struct fsnode *n)
{
	static const struct {
		unsigned char	dt;
		enum fs_type	type;
	} map[] = {
		{ DT_REG, FS_REG }, { DT_DIR, FS_DIR }, { DT_LNK, FS_LNK },
		{ DT_CHR, FS_CHR }, { DT_BLK, FS_BLK }, { DT_FIFO, FS_FIFO },
		{ DT_SOCK, FS_SOCK },
	};

	memset(n, 0, sizeof(*n));
	n->layer = -1;
	for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (map[i].dt == (unsigned char)l->buf[off - 1]) {
			n->type = map[i].type;
			return true;
		}
	return false;
}

/* Visit the next entry of level DEPTH, whose path is in w->path. Returns
 * true when it pushed level DEPTH + 1. */
static bool
walk_entry(struct walkctx *w, unsigned depth)
{
	struct level *l = &w->levels[depth];
	const char *name = level_name(l);
	struct fsnode n;
	struct stat st;
	enum walk_ret ret;
	int fd;

	if (!w->types_only || !dtype_node(l, l->off[l->i - 1], &n)) {
		if (fstatat(l->fd, name, &st, AT_SYMLINK_NOFOLLOW) != 0) {
			walk_error(w, errno_fs_rc(errno));
			return false;
		}
		target_stat_node(&st, &n);
	}
	ret = w->fn(w->path.buf, &n, w->arg);
	if (ret == WALK_STOP) {
		w->stop = true;
		return false;
	}
	if (ret == WALK_SKIP || n.type != FS_DIR)
		return false;
	/* its entries would sit at depth + 2 below the walk root */
	if (depth + 2 > w->lim->walk_depth) {
		walk_error(w, FS_ETOODEEP);
		return false;
	}
	/* the visitor may have walked too: L may have moved */
	fd = open_subdir(w->levels[depth].fd, name);
	if (fd < 0) {
		walk_error(w, errno_fs_rc(errno));
		return false;
	}
	return walk_push(w, fd, depth + 1);
}

/* Walk directory FD (consumed), whose path is in w->path, depth first
 * with an explicit stack of levels: memory grows with the depth cap
 * (lim->walk_depth), not the C stack, and at most WALK_FDS + 1
 * descriptors are open whatever the depth. */
static void
walk_tree(struct walkctx *w, int fd)
{
	unsigned depth = 0;

	if (!walk_push(w, fd, 0))
		return;
	for (;;) {
		struct level *l = &w->levels[depth];

		if (w->stop || l->i >= l->n) {
			if (depth == 0)
				break;
			walk_pop(w, depth--);
			continue;
		}
		w->path.len = l->base;
		if (l->base > 1)
			strbuf_addch(&w->path, '/');
		strbuf_addstr(&w->path, l->buf + l->off[l->i++]);
		if (walk_entry(w, depth))
			depth++;
	}
	walk_pop(w, 0);
	w->path.len = w->levels[0].base;
	w->path.buf[w->path.len] = '\0';
}

static enum fs_rc
walk_from(struct target *t, const char *prefix, target_visit_fn fn,
    target_walkerr_fn errfn, void *arg, bool types_only)
{
	struct walkctx w = { NULL, 0, t->lim, fn, errfn, arg, STRBUF_INIT,
	    false, types_only };
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
			    errno_fs_rc(errno) : FS_ETOODEEP);
		else
			walk_tree(&w, fd);
	}
	close(pfd);
	for (size_t i = 0; i < w.nlevels; i++)
		level_free(&w.levels[i]);
	free(w.levels);
	strbuf_release(&w.path);
	return FS_OK;
}

static enum fs_rc
dir_walk(struct target *t, const char *prefix, target_visit_fn fn,
    target_walkerr_fn errfn, void *arg)
{
	return walk_from(t, prefix, fn, errfn, arg, false);
}

static enum fs_rc
dir_walk_types(struct target *t, const char *prefix, target_visit_fn fn,
    target_walkerr_fn errfn, void *arg)
{
	return walk_from(t, prefix, fn, errfn, arg, true);
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
	.getxattr = dir_getxattr,
	.list = dir_list,
	.walk = dir_walk,
	.walk_types = dir_walk_types,
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
