/*
 * target.c -- target_open() and the backend-independent half of the fs view.
 *
 * target_open() decides what kind of target a path is and hands it to the
 * backend (target_dir.c for a directory; image archives plug in through
 * the same ops table, see target_private.h). Every public call checks and
 * normalizes the caller's path here, once, so a backend only ever sees
 * "/a/b" shaped paths: ".." is folded lexically and cannot climb above
 * "/", and symlinks are then resolved by the backend inside the target.
 * target_glob() is built here on top of the backend's list and lookup, so
 * every backend globs the same way: one component at a time, wildcards
 * never matching a leading dot, results sorted and capped at glob_max.
 * The per-target cache (target_cache_put) is a short array searched by
 * key: a scan stores a handful of values, one per package database.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "assay/diag.h"
#include "assay/limits.h"
#include "assay/target.h"
#include "assay/util.h"
#include "assay/xmem.h"
#include "target_private.h"

/* How many directory entries one glob may look at, as a multiple of
 * glob_max: "/ * / * / *" over a wide tree must end, not run for hours. */
#define GLOB_WORK_FACTOR 16

struct target *
target_open(const char *path, const struct limits *lim, struct diag *d)
{
	return target_open_opts(path, lim, NULL, d);
}

struct target *
target_open_opts(const char *path, const struct limits *lim,
    const struct target_opts *o, struct diag *d)
{
	struct target *t;
	struct stat st;
	int rc;

	if (strncmp(path, "docker://", 9) == 0) {
		t = xcalloc(1, sizeof(*t));
		t->path = xstrdup(path);
		t->lim = lim;
		if (target_registry_open(t, path, o, d) == 0)
			return t;
		free(t->path);
		free(t);
		return NULL;
	}
	if (stat(path, &st) != 0) {
		diag_add(d, NULL, "%s: %s", path, errno == ENOENT ?
		    "no such file or directory" : errno == EACCES ?
		    "permission denied" : "cannot be read");
		return NULL;
	}
	t = xcalloc(1, sizeof(*t));
	t->path = xstrdup(path);
	t->lim = lim;
	/* an OCI layout is a directory too: look for it first */
	if (S_ISDIR(st.st_mode) && !target_image_is_layout(path))
		rc = target_dir_open(t, path, d);
	else if (S_ISREG(st.st_mode) && target_disk_is_image(path))
		rc = target_disk_open(t, path, o, d);
	else if (S_ISDIR(st.st_mode) || S_ISREG(st.st_mode))
		rc = target_image_open(t, path, o, d);
	else
		rc = -1;
	/* a FIFO or device is never opened: it could block or reach a
	 * host driver */
	if (!S_ISDIR(st.st_mode) && !S_ISREG(st.st_mode))
		diag_add(d, NULL, "%s: not a directory or a supported image "
		    "archive", path);
	if (rc == 0)
		return t;
	free(t->path);
	free(t);
	return NULL;
}

/* Free the value of E (not its key). */
static void
cache_ent_free_value(struct target_cache_ent *e)
{
	if (e->free_fn != NULL)
		e->free_fn(e->value);
}

void
target_close(struct target *t)
{
	if (t == NULL)
		return;
	for (size_t i = 0; i < t->ncache; i++) {
		cache_ent_free_value(&t->cache[i]);
		free(t->cache[i].key);
	}
	free(t->cache);
	if (t->ops != NULL)
		t->ops->close(t);
	free(t->describe);
	free(t->path);
	free(t);
}

void *
target_cache_get(struct target *t, const char *key)
{
	for (size_t i = 0; i < t->ncache; i++)
		if (strcmp(t->cache[i].key, key) == 0)
			return t->cache[i].value;
	return NULL;
}

void
target_cache_put(struct target *t, const char *key, void *value,
    void (*free_fn)(void *))
{
	struct target_cache_ent *e;

	for (size_t i = 0; i < t->ncache; i++) {
		e = &t->cache[i];
		if (strcmp(e->key, key) != 0)
			continue;
		if (e->value != value)
			cache_ent_free_value(e);
		e->value = value;
		e->free_fn = free_fn;
		return;
	}
	xgrow((void **)&t->cache, &t->cachecap, t->ncache + 1,
	    sizeof(*t->cache));
	e = &t->cache[t->ncache++];
	e->key = xstrdup(key);
	e->value = value;
	e->free_fn = free_fn;
}

const char *
target_describe(const struct target *t)
{
	return t->describe != NULL ? t->describe : "directory";
}

enum fs_rc
target_walk_hidden(struct target *t, target_visit_fn fn, void *arg)
{
	if (t->ops->walk_hidden == NULL)
		return FS_OK;
	return t->ops->walk_hidden(t, fn, arg);
}

enum fs_rc
target_read_hidden(struct target *t, const char *path, int layer,
    size_t limit, struct strbuf *out)
{
	strbuf_reset(out);
	if (t->ops->read_hidden == NULL)
		return FS_ENOENT;
	return t->ops->read_hidden(t, path, layer, limit != 0 ? limit :
	    t->lim->read_max, out);
}

enum target_kind
target_kind(const struct target *t)
{
	return t->kind;
}

const char *
target_kind_str(enum target_kind k)
{
	switch (k) {
	case TARGET_DIR:
		return "dir";
	case TARGET_DOCKER_ARCHIVE:
		return "docker-archive";
	case TARGET_OCI_ARCHIVE:
		return "oci-archive";
	case TARGET_OCI_LAYOUT:
		return "oci-layout";
	case TARGET_LAYER_TAR:
		return "layer-tar";
	case TARGET_DISK_IMAGE:
		return "disk-image";
	case TARGET_REGISTRY:
		return "registry";
	}
	return "unknown";
}

const char *
target_path(const struct target *t)
{
	return t->path;
}

/* The caller's path, normalized, or NULL with *RC saying why not: an
 * empty path names nothing. A path longer than PATH_MAX is fine (the
 * walk finds such paths in deep trees; resolve.c takes them a component
 * at a time); a component longer than NAME_MAX is FS_EIO. */
static char *
norm_path(const char *path, enum fs_rc *rc)
{
	*rc = FS_ENOENT;
	if (path == NULL || path[0] == '\0')
		return NULL;
	return path_normalize(path);
}

enum fs_rc
target_lookup(struct target *t, const char *path, bool follow,
    struct fsnode *out)
{
	enum fs_rc rc;
	char *p = norm_path(path, &rc);

	if (p != NULL)
		rc = t->ops->lookup(t, p, follow, out);
	free(p);
	return rc;
}

enum fs_rc
target_read(struct target *t, const char *path, size_t limit,
    struct strbuf *out)
{
	enum fs_rc rc;
	char *p = norm_path(path, &rc);

	strbuf_reset(out);
	if (p != NULL)
		rc = t->ops->read(t, p, limit != 0 ? limit : t->lim->read_max,
		    out);
	free(p);
	return rc;
}

enum fs_rc
target_readlink(struct target *t, const char *path, struct strbuf *out)
{
	enum fs_rc rc;
	char *p = norm_path(path, &rc);

	strbuf_reset(out);
	if (p != NULL)
		rc = t->ops->readlink(t, p, out);
	free(p);
	return rc;
}

enum fs_rc
target_getxattr(struct target *t, const char *path, const char *name,
    struct strbuf *out)
{
	enum fs_rc rc;
	char *p;

	strbuf_reset(out);
	/* XATTR_NAME_MAX (linux/limits.h) */
	if (name == NULL || name[0] == '\0' || strlen(name) > 255)
		return FS_EIO;
	p = norm_path(path, &rc);
	if (p != NULL)
		rc = t->ops->getxattr(t, p, name, out);
	free(p);
	return rc;
}

enum fs_rc
target_list(struct target *t, const char *path, struct strlist *out)
{
	enum fs_rc rc;
	char *p = norm_path(path, &rc);

	if (p != NULL)
		rc = t->ops->list(t, p, out);
	free(p);
	return rc;
}

enum fs_rc
target_walk(struct target *t, const char *prefix, target_visit_fn fn,
    target_walkerr_fn errfn, void *arg)
{
	enum fs_rc rc;
	char *p = norm_path(prefix, &rc);

	if (p != NULL)
		rc = t->ops->walk(t, p, fn, errfn, arg);
	free(p);
	return rc;
}

enum fs_rc
target_walk_types(struct target *t, const char *prefix, target_visit_fn fn,
    target_walkerr_fn errfn, void *arg)
{
	enum fs_rc rc;
	char *p;

	if (t->ops->walk_types == NULL)
		return target_walk(t, prefix, fn, errfn, arg);
	if ((p = norm_path(prefix, &rc)) != NULL)
		rc = t->ops->walk_types(t, p, fn, errfn, arg);
	free(p);
	return rc;
}

/* Glob state: the paths matched so far and how much work is left. */
struct glob {
	struct target	*t;
	struct strlist	 cur;
	size_t		 budget;
	enum fs_rc	 rc;
};

/* Does NAME match component pattern PAT? Wildcards never match a leading
 * dot, as glob(3) without GLOB_PERIOD. */
static bool
glob_name_matches(const char *pat, const char *name)
{
	if (name[0] == '.' && pat[0] != '.')
		return false;
	return glob_match(pat, name, true);
}

/* Replace every path in G->cur with its entries matching PAT. */
static void
glob_expand(struct glob *g, const char *pat)
{
	struct strlist next = STRLIST_INIT;

	for (size_t i = 0; i < g->cur.n && g->rc == FS_OK; i++) {
		struct strlist names = STRLIST_INIT;

		enum fs_rc rc = g->t->ops->list(g->t, g->cur.v[i], &names);

		/* missing (or looping) directories match nothing, but one
		 * too big to list is an error, not a silent partial match */
		if (rc == FS_EIO)
			g->rc = FS_EIO;
		if (rc != FS_OK)
			continue;
		if (names.n > g->budget)
			g->rc = FS_EIO;
		else
			g->budget -= names.n;
		for (size_t j = 0; j < names.n && g->rc == FS_OK; j++) {
			if (!glob_name_matches(pat, names.v[j]))
				continue;
			if (next.n >= g->t->lim->glob_max)
				g->rc = FS_EIO;
			else
				strlist_adopt(&next,
				    path_join(g->cur.v[i], names.v[j]));
		}
		strlist_release(&names);
	}
	strlist_release(&g->cur);
	g->cur = next;
}

/* Append literal component NAME to every path in G->cur. */
static void
glob_append(struct glob *g, const char *name)
{
	for (size_t i = 0; i < g->cur.n; i++) {
		char *p = path_join(g->cur.v[i], name);

		free(g->cur.v[i]);
		g->cur.v[i] = p;
	}
}

/* Keep the paths of G->cur that exist (a dangling symlink exists). */
static void
glob_keep_existing(struct glob *g)
{
	size_t k = 0;

	for (size_t i = 0; i < g->cur.n; i++) {
		struct fsnode n;

		if (g->t->ops->lookup(g->t, g->cur.v[i], false, &n) == FS_OK)
			g->cur.v[k++] = g->cur.v[i];
		else
			free(g->cur.v[i]);
	}
	g->cur.n = k;
}

enum fs_rc
target_glob(struct target *t, const char *pattern, struct strlist *out)
{
	struct glob g = { t, STRLIST_INIT, 0, FS_OK };
	bool literal_tail = true;
	char *save = NULL;
	enum fs_rc rc;
	char *p = norm_path(pattern, &rc);

	if (p == NULL)
		return rc == FS_ENOENT ? FS_OK : rc;
	g.budget = t->lim->glob_max * GLOB_WORK_FACTOR;
	strlist_add(&g.cur, "/");
	for (char *c = strtok_r(p, "/", &save); c != NULL && g.rc == FS_OK;
	    c = strtok_r(NULL, "/", &save)) {
		literal_tail = !has_glob_meta(c);
		if (literal_tail)
			glob_append(&g, c);
		else
			glob_expand(&g, c);
	}
	free(p);
	if (g.rc != FS_OK) {
		strlist_release(&g.cur);
		return g.rc;
	}
	if (literal_tail)
		glob_keep_existing(&g);
	strlist_sort(&g.cur);
	for (size_t i = 0; i < g.cur.n; i++)
		strlist_adopt(out, g.cur.v[i]);
	free(g.cur.v);
	return FS_OK;
}

const char *
fs_rc_str(enum fs_rc rc)
{
	switch (rc) {
	case FS_OK:
		return "ok";
	case FS_ENOENT:
		return "no such file or directory";
	case FS_ENOTDIR:
		return "not a directory";
	case FS_ELOOP:
		return "too many levels of symbolic links";
	case FS_ENOTREG:
		return "not a regular file";
	case FS_ETOOBIG:
		return "file too big";
	case FS_EACCES:
		return "permission denied";
	case FS_ENOTRETAINED:
		return "content not retained for this image target";
	case FS_ETOODEEP:
		return "directory nested deeper than the walk depth limit";
	case FS_EIO:
		break;
	}
	return "input/output error";
}

/* Every name of a node type, in one place, so that probes and reports
 * spell each the same way. */
static const struct fs_type_names fs_types[] = {
	[FS_REG] = { "file", "file", "regular file", "files" },
	[FS_DIR] = { "dir", "directory", "directory", "directories" },
	[FS_LNK] = { "symlink", "symlink", "symlink", "symlinks" },
	[FS_CHR] = { "char", "character device", "character device",
	    "character devices" },
	[FS_BLK] = { "block", "block device", "block device",
	    "block devices" },
	[FS_FIFO] = { "fifo", "fifo", "fifo", "fifos" },
	[FS_SOCK] = { "socket", "socket", "socket", "sockets" },
	[FS_OTHER] = { "other", "special file", "special file",
	    "special files" },
};

const struct fs_type_names *
fs_type_names(enum fs_type t)
{
	if ((unsigned)t >= sizeof(fs_types) / sizeof(fs_types[0]))
		t = FS_OTHER;
	return &fs_types[t];
}

const char *
fs_type_str(enum fs_type t)
{
	return fs_type_names(t)->noun;
}

enum fs_type
target_mode_type(unsigned mode)
{
	switch (mode & S_IFMT) {
	case S_IFREG:
		return FS_REG;
	case S_IFDIR:
		return FS_DIR;
	case S_IFLNK:
		return FS_LNK;
	case S_IFCHR:
		return FS_CHR;
	case S_IFBLK:
		return FS_BLK;
	case S_IFIFO:
		return FS_FIFO;
	case S_IFSOCK:
		return FS_SOCK;
	default:
		return FS_OTHER;
	}
}

void
target_stat_node(const struct stat *st, struct fsnode *out)
{
	out->type = target_mode_type(st->st_mode);
	out->mode = st->st_mode & 07777;
	out->uid = st->st_uid;
	out->gid = st->st_gid;
	out->size = (uint64_t)st->st_size;
	out->layer = -1;
	/* POSIX.1-2008 st_mtim & co: the kernel's nanoseconds */
	target_fstime(&out->mtime, st->st_mtim.tv_sec, st->st_mtim.tv_nsec);
	target_fstime(&out->atime, st->st_atim.tv_sec, st->st_atim.tv_nsec);
	target_fstime(&out->ctime, st->st_ctim.tv_sec, st->st_ctim.tv_nsec);
}

void
target_fstime(struct fstime *out, int64_t sec, int64_t nsec)
{
	int64_t carry = nsec / 1000000000;

	/* normalise: NSEC into 0..999999999, carried into SEC (saturated
	 * at the ends of the range, which no real time reaches) */
	nsec %= 1000000000;
	if (nsec < 0) {
		nsec += 1000000000;
		carry--;
	}
	if (carry > 0 && sec > INT64_MAX - carry)
		sec = INT64_MAX;
	else if (carry < 0 && sec < INT64_MIN - carry)
		sec = INT64_MIN;
	else
		sec += carry;
	out->sec = sec;
	out->nsec = (uint32_t)nsec;
	out->known = true;
}
