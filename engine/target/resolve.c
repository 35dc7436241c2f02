/*
 * resolve.c -- path lookup confined to a target root.
 *
 * A target root is hostile: its symlinks may point at "/etc/shadow" of the
 * host, climb with "../../..", loop, or swap under us. Every path is
 * resolved as the kernel would resolve it if the root were "/". Where
 * openat2(2) exists, RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS makes the
 * kernel do exactly that. Elsewhere (old kernels, seccomp sandboxes that
 * answer ENOSYS or EPERM, or when a test forces it) we walk the path one
 * component at a time: each component is opened with O_PATH | O_NOFOLLOW
 * relative to the directory before it, ".." pops a stack of directory fds
 * that never goes below the root, and a symlink is read with readlinkat()
 * and its text spliced in front of the rest of the path (an absolute text
 * restarts at the root). Both modes give the same answers; the unit tests
 * run every case in both.
 *
 * Only O_PATH descriptors are ever opened here, so a FIFO or device in the
 * target never blocks and no driver's open() is ever called.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#ifdef HAVE_LINUX_OPENAT2_H
#include <linux/openat2.h>
#endif

#include "assay/limits.h"
#include "assay/resolve.h"
#include "assay/strbuf.h"
#include "assay/xmem.h"

#if defined(HAVE_LINUX_OPENAT2_H) && HAVE_DECL_SYS_OPENAT2
#define RESOLVE_HAVE_OPENAT2 1
#endif

/* Linux follows at most 40 links in one lookup (MAXSYMLINKS); openat2 is
 * used only when the limit asked for is the kernel's, so both modes agree
 * on where a chain becomes a loop. */
#define KERNEL_MAXSYMLINKS 40
/* openat2 answers EAGAIN when a rename raced RESOLVE_IN_ROOT. */
#define OPENAT2_RETRIES 8

struct resolver {
	int			 rootfd;	/* borrowed */
	const struct limits	*lim;
	bool			 openat2_ok;	/* not known to fail */
	bool			 force_fallback;
};

/* Directory fds the component walk keeps open: the deepest ones. A path
 * may be longer than PATH_MAX and thousands of components deep (only this
 * mode takes such paths: openat2 refuses them), so a shallower directory's
 * fd is closed and, should ".." climb back to it, reopened as ".." of the
 * directory below, checked against the device and inode recorded on the
 * way down. */
#define WALK_FDS 32

/* A directory on the walk's stack; FD is -1 once closed (see WALK_FDS). */
struct wdir {
	int	 fd;
	dev_t	 dev;
	ino_t	 ino;
};

/* The component-by-component walk's state: STACK[0] is the root
 * (borrowed), STACK[DEPTH] the current directory; REST holds what is left
 * of the path from POS on; HOPS counts the links followed. */
struct walk {
	struct wdir	*stack;
	size_t		 depth;
	size_t		 cap;
	struct strbuf	 rest;
	size_t		 pos;
	unsigned	 hops;
};

struct resolver *
resolve_new(int rootfd, const struct limits *lim)
{
	struct resolver *r = xcalloc(1, sizeof(*r));

	r->rootfd = rootfd;
	r->lim = lim;
#ifdef RESOLVE_HAVE_OPENAT2
	r->openat2_ok = lim->symlink_hops == KERNEL_MAXSYMLINKS;
#endif
	return r;
}

void
resolve_free(struct resolver *r)
{
	free(r);
}

void
resolve_force_fallback(struct resolver *r, bool on)
{
	r->force_fallback = on;
}

bool
resolve_uses_openat2(const struct resolver *r)
{
	return r->openat2_ok && !r->force_fallback;
}

const char *
resolve_rc_str(enum resolve_rc rc)
{
	switch (rc) {
	case RESOLVE_OK:
		return "ok";
	case RESOLVE_ENOENT:
		return "no such file or directory";
	case RESOLVE_ENOTDIR:
		return "not a directory";
	case RESOLVE_ELOOP:
		return "too many levels of symbolic links";
	case RESOLVE_EACCES:
		return "permission denied";
	case RESOLVE_ENAMETOOLONG:
		return "file name too long";
	case RESOLVE_EIO:
		break;
	}
	return "input/output error";
}

enum resolve_rc
resolve_errno_rc(int e)
{
	switch (e) {
	case ENOENT:
		return RESOLVE_ENOENT;
	case ENOTDIR:
		return RESOLVE_ENOTDIR;
	case ELOOP:
		return RESOLVE_ELOOP;
	case EACCES:
	case EPERM:
		return RESOLVE_EACCES;
	case ENAMETOOLONG:
		return RESOLVE_ENAMETOOLONG;
	default:
		return RESOLVE_EIO;
	}
}

#ifdef RESOLVE_HAVE_OPENAT2
/* 1 when openat2 answered (RC set), 0 when the caller must fall back. */
static int
resolve_openat2(struct resolver *r, const char *path, int flags, int *fdp,
    struct stat *st, enum resolve_rc *rc)
{
	struct open_how how;
	long fd = -1;
	int i;

	memset(&how, 0, sizeof(how));
	how.flags = O_PATH | O_CLOEXEC;
	if (!(flags & RESOLVE_FOLLOW))
		how.flags |= O_NOFOLLOW;
	how.resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS;
	for (i = 0; i < OPENAT2_RETRIES; i++) {
		fd = syscall(SYS_openat2, r->rootfd, path, &how, sizeof(how));
		if (fd >= 0 || errno != EAGAIN)
			break;
	}
	if (fd < 0) {
		switch (errno) {
		case ENOSYS:
		case EPERM:	/* seccomp filters often answer EPERM */
		case EINVAL:
		case E2BIG:
			r->openat2_ok = false;
			return 0;
		case EAGAIN:
			return 0;
		default:
			*rc = resolve_errno_rc(errno);
			return 1;
		}
	}
	if (fstat((int)fd, st) != 0) {
		*rc = resolve_errno_rc(errno);
		close((int)fd);
		return 1;
	}
	*fdp = (int)fd;
	*rc = RESOLVE_OK;
	return 1;
}
#endif

/* Descend into directory FD (fstat'ed as ST). */
static void
walk_push(struct walk *w, int fd, const struct stat *st)
{
	struct wdir *old;

	xgrow((void **)&w->stack, &w->cap, w->depth + 2, sizeof(*w->stack));
	w->depth++;
	w->stack[w->depth].fd = fd;
	w->stack[w->depth].dev = st->st_dev;
	w->stack[w->depth].ino = st->st_ino;
	/* never the root: depth - WALK_FDS >= 1 */
	old = w->depth > WALK_FDS ? &w->stack[w->depth - WALK_FDS] : NULL;
	if (old != NULL && old->fd >= 0) {
		close(old->fd);
		old->fd = -1;
	}
}

/* Leave the current directory; never below the root. With CLIMB (a ".."),
 * the parent must be usable: reopen it if its fd was closed. False when
 * it is not the directory we came through any more. */
static bool
walk_pop(struct walk *w, bool climb)
{
	struct wdir *top = &w->stack[w->depth];
	struct wdir *up;
	struct stat st;
	bool ok = true;

	if (w->depth == 0)
		return true;
	up = &w->stack[w->depth - 1];
	if (climb && up->fd < 0) {
		up->fd = openat(top->fd, "..", O_PATH | O_DIRECTORY |
		    O_CLOEXEC);
		ok = up->fd >= 0 && fstat(up->fd, &st) == 0 &&
		    st.st_dev == up->dev && st.st_ino == up->ino;
		if (!ok && up->fd >= 0)
			close(up->fd);
		if (!ok)
			up->fd = -1;
	}
	if (top->fd >= 0)
		close(top->fd);
	w->depth--;
	return ok;
}

static void
walk_release(struct walk *w)
{
	while (w->depth > 0)
		(void)walk_pop(w, false);
	free(w->stack);
	strbuf_release(&w->rest);
}

/* The next component of the rest into NAME (NUL-terminated in place);
 * *LASTP when nothing but slashes follows, *SLASHP when slashes do. */
static bool
walk_next(struct walk *w, char **name, bool *lastp, bool *slashp)
{
	char *s = w->rest.buf;
	size_t p = w->pos;
	size_t start;

	while (p < w->rest.len && s[p] == '/')
		p++;
	if (p >= w->rest.len)
		return false;
	start = p;
	while (p < w->rest.len && s[p] != '/')
		p++;
	*slashp = p < w->rest.len;
	if (p < w->rest.len)
		s[p++] = '\0';
	w->pos = p;
	while (p < w->rest.len && s[p] == '/')
		p++;
	*lastp = p >= w->rest.len;
	*name = s + start;
	return true;
}

/* Replace the consumed part of the rest with TEXT: TEXT + "/" + rest. A
 * trailing slash (SLASH) is kept: "link/" must still name a directory. */
static void
walk_splice(struct walk *w, const char *text, size_t len, bool slash)
{
	struct strbuf nb = STRBUF_INIT;

	strbuf_add(&nb, text, len);
	if (slash)
		strbuf_addch(&nb, '/');
	strbuf_add(&nb, w->rest.buf + w->pos, w->rest.len - w->pos);
	strbuf_release(&w->rest);
	w->rest = nb;
	w->pos = 0;
	if (len > 0 && text[0] == '/')
		while (w->depth > 0)
			(void)walk_pop(w, false);
}

/* Follow the symlink FD (already fstat'ed as one). */
static enum resolve_rc
walk_follow(struct resolver *r, struct walk *w, int fd, bool slash)
{
	char buf[PATH_MAX];
	ssize_t n;

	if (++w->hops > r->lim->symlink_hops)
		return RESOLVE_ELOOP;
	n = readlinkat(fd, "", buf, sizeof(buf));
	if (n < 0)
		return resolve_errno_rc(errno);
	if ((size_t)n >= sizeof(buf))
		return RESOLVE_ENAMETOOLONG;
	if (n == 0)
		return RESOLVE_ENOENT;	/* as the kernel treats "" */
	walk_splice(w, buf, (size_t)n, slash);
	return RESOLVE_OK;
}

/* Open the current directory itself (the path ended at it). */
static enum resolve_rc
walk_open_cur(struct walk *w, int *fdp, struct stat *st)
{
	int fd = openat(w->stack[w->depth].fd, ".", O_PATH | O_CLOEXEC);

	if (fd < 0)
		return resolve_errno_rc(errno);
	if (fstat(fd, st) != 0) {
		close(fd);
		return resolve_errno_rc(errno);
	}
	*fdp = fd;
	return RESOLVE_OK;
}

/* Does the component just opened (ST) need following? Links mid-path and
 * before a trailing slash always do; a final one only with FOLLOW. */
static bool
walk_must_follow(const struct stat *st, bool last, bool slash, int flags)
{
	return S_ISLNK(st->st_mode) &&
	    (!last || slash || (flags & RESOLVE_FOLLOW));
}

/* One component: open it, then follow it, descend into it or finish.
 * Returns true when the walk is over, with *RC set (and *FDP on success). */
static bool
walk_step(struct resolver *r, struct walk *w, const char *name, bool last,
    bool slash, int flags, int *fdp, struct stat *st, enum resolve_rc *rc)
{
	int fd;

	if (strcmp(name, ".") == 0 || strcmp(name, "..") == 0) {
		/* never below the root */
		if (name[1] == '.' && !walk_pop(w, true)) {
			*rc = RESOLVE_EIO;	/* renamed under us */
			return true;
		}
		if (last)
			*rc = walk_open_cur(w, fdp, st);
		return last;
	}
	fd = openat(w->stack[w->depth].fd, name, O_PATH | O_NOFOLLOW |
	    O_CLOEXEC);
	if (fd < 0 || fstat(fd, st) != 0) {
		*rc = resolve_errno_rc(errno);
		if (fd >= 0)
			close(fd);
		return true;
	}
	if (walk_must_follow(st, last, slash, flags)) {
		*rc = walk_follow(r, w, fd, slash);
		close(fd);
		return *rc != RESOLVE_OK;
	}
	*rc = RESOLVE_OK;
	if (last && (S_ISDIR(st->st_mode) || !slash)) {
		*fdp = fd;
		return true;
	}
	if (!S_ISDIR(st->st_mode)) {
		close(fd);
		*rc = RESOLVE_ENOTDIR;
		return true;
	}
	walk_push(w, fd, st);
	return false;
}

static enum resolve_rc
resolve_fallback(struct resolver *r, const char *path, int flags, int *fdp,
    struct stat *st)
{
	enum resolve_rc rc = RESOLVE_OK;
	struct walk w;
	bool done = false;
	char *name;
	bool last;
	bool slash;

	memset(&w, 0, sizeof(w));
	xgrow((void **)&w.stack, &w.cap, 1, sizeof(*w.stack));
	w.stack[0].fd = r->rootfd;
	strbuf_addstr(&w.rest, path);
	while (!done) {
		if (!walk_next(&w, &name, &last, &slash)) {
			/* empty path, "/" or a link whose text is "/" */
			rc = walk_open_cur(&w, fdp, st);
			break;
		}
		done = walk_step(r, &w, name, last, slash, flags, fdp, st,
		    &rc);
	}
	walk_release(&w);
	return rc;
}

enum resolve_rc
resolve_open(struct resolver *r, const char *path, int flags, int *fdp,
    struct stat *st)
{
	enum resolve_rc rc = RESOLVE_EIO;

	*fdp = -1;
#ifdef RESOLVE_HAVE_OPENAT2
	/* openat2 takes at most PATH_MAX bytes; a longer path (a deep tree
	 * the walk found) is walked one component at a time */
	if (resolve_uses_openat2(r) && strlen(path) < PATH_MAX) {
		const char *p = path;

		while (*p == '/')
			p++;
		if (resolve_openat2(r, *p != '\0' ? p : ".", flags, fdp, st,
		    &rc))
			return rc;
	}
#endif
	rc = resolve_fallback(r, path, flags, fdp, st);
	if (rc != RESOLVE_OK)
		*fdp = -1;
	return rc;
}
