/*
 * disk.c -- a VM disk image as a target, read without mounting.
 *
 * target_disk_open() reads the partition table (partition.c), picks the
 * root file system (the one partition holding /etc/os-release or
 * /usr/lib/os-release, or --partition N), then attaches the partitions
 * the root's /etc/fstab mounts (disk_fstab.c) at their mount points, as
 * the booted system would see them. Every file system is read through
 * libext2fs (fs_ext.c) or libfsxfs (fs_xfs.c), behind struct dfs_ops,
 * from a window of the image (blockdev.c) or of an LVM2 logical volume
 * (disk_lvm.c: the volumes are candidates for the root and fstab mount
 * sources like partitions), so nothing is mounted and no privilege is
 * needed.
 *
 * Paths come normalized from target.c. They are resolved here a
 * component at a time, like the kernel's path walk with the image as
 * "/": ".." never climbs above the root and returns through a mount
 * point the way it came, an absolute symlink restarts at the image's
 * root (never the host's), at most lim->symlink_hops links are followed,
 * and entering a mount point's directory gives the root of the file
 * system mounted there. A walk visits entries in name order, does not
 * follow symlinks, stops at lim->walk_depth, and enters a directory
 * inode at most once: a crafted file system whose directories link to
 * their ancestors (a cycle no real ext4 has) is an error, not a hang.
 */
#include "config.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "assay/diag.h"
#include "assay/limits.h"
#include "assay/util.h"
#include "assay/xmem.h"
#include "disk_private.h"
#include "target_private.h"

/* One file system of the tree: the root's mount is [0], PATH "". */
struct mnt {
	char			*path;		/* canonical, "/var" */
	struct dfs		*fs;
	struct blockdev		*win;
	const struct disk_part	*part;
};

struct disk {
	struct blockdev		*bd;
	struct disk_ptable	 pt;
	struct mnt		*m;
	size_t			 nm;
	size_t			 mcap;
};

/* A node of the tree: inode INO of mount MNT. */
struct dnode {
	size_t			mnt;
	struct dfs_inode	in;
};

/* Cut B to LEN bytes (LEN <= b->len). */
static void
sb_truncate(struct strbuf *b, size_t len)
{
	b->len = len;
	if (b->buf != NULL)
		b->buf[len] = '\0';
}

static struct disk *
diskt(struct target *t)
{
	return t->priv;
}

/* The mount at canonical path PATH (LEN bytes), or 0 (none: index 0 is
 * the root, never mounted over). */
static size_t
mount_at(const struct disk *dk, const char *path, size_t len)
{
	for (size_t i = dk->nm; i-- > 1; )
		if (strlen(dk->m[i].path) == len &&
		    memcmp(dk->m[i].path, path, len) == 0)
			return i;
	return 0;
}

/* The root node of mount I. */
static enum fs_rc
mount_root(struct disk *dk, size_t i, struct dnode *out)
{
	struct dfs *fs = dk->m[i].fs;

	out->mnt = i;
	return fs->ops->stat(fs, fs->ops->root(fs), &out->in);
}

static void
dnode_fsnode(const struct dnode *n, struct fsnode *out)
{
	out->type = target_mode_type(n->in.mode);
	out->mode = n->in.mode & 07777;
	out->uid = n->in.uid;
	out->gid = n->in.gid;
	out->size = n->in.size;
	out->layer = -1;
	out->mtime = n->in.mtime;
	out->atime = n->in.atime;
	out->ctime = n->in.ctime;
}

/* The node entry NAME of directory DIR, whose canonical path is CANON
 * (CANON then gets "/NAME"): across a mount point, the mounted root. */
static enum fs_rc
dnode_child(struct disk *dk, const struct dnode *dir, const char *name,
    struct strbuf *canon, struct dnode *out)
{
	struct dfs *fs = dk->m[dir->mnt].fs;
	uint64_t ino;
	enum fs_rc rc;
	size_t m;

	if (!S_ISDIR(dir->in.mode))
		return FS_ENOTDIR;
	rc = fs->ops->lookup(fs, dir->in.ino, name, &ino);
	if (rc != FS_OK)
		return rc;
	out->mnt = dir->mnt;
	rc = fs->ops->stat(fs, ino, &out->in);
	if (rc != FS_OK)
		return rc;
	strbuf_addch(canon, '/');
	strbuf_addstr(canon, name);
	if (S_ISDIR(out->in.mode) &&
	    (m = mount_at(dk, canon->buf, canon->len)) != 0)
		return mount_root(dk, m, out);
	return FS_OK;
}

/* The walk's stack of directories: node and canonical path length. */
struct rframe {
	struct dnode	n;
	size_t		clen;
};

/* Resolve PATH (normalized, absolute) into *OUT; a final symlink is
 * followed when FOLLOW. CANON (may be NULL) gets the canonical path of
 * the result ("" for the root). */
static enum fs_rc
disk_resolve(struct target *t, const char *path, bool follow,
    struct dnode *out, struct strbuf *canon)
{
	struct disk *dk = diskt(t);
	struct strbuf rest = STRBUF_INIT;
	struct strbuf cp = STRBUF_INIT;
	struct strbuf link = STRBUF_INIT;
	struct rframe *st = NULL;
	size_t n = 0;
	size_t cap = 0;
	size_t pos = 0;
	unsigned hops = 0;
	enum fs_rc rc;

	xgrow((void **)&st, &cap, 1, sizeof(*st));
	rc = mount_root(dk, 0, &st[0].n);
	st[0].clen = 0;
	n = 1;
	strbuf_addstr(&rest, path);
	while (rc == FS_OK) {
		struct dnode child;
		size_t end;
		char *name;
		bool last;

		while (pos < rest.len && rest.buf[pos] == '/')
			pos++;
		if (pos >= rest.len)
			break;
		for (end = pos; end < rest.len && rest.buf[end] != '/'; end++)
			;
		if (end - pos > 255) {
			rc = FS_EIO;
			break;
		}
		name = xstrndup(rest.buf + pos, end - pos);
		pos = end;
		last = true;
		for (size_t k = pos; k < rest.len; k++)
			if (rest.buf[k] != '/')
				last = false;
		if (strcmp(name, ".") == 0 || strcmp(name, "..") == 0) {
			if (name[1] == '.' && n > 1)
				n--;
			free(name);
			continue;
		}
		sb_truncate(&cp, st[n - 1].clen);
		rc = dnode_child(dk, &st[n - 1].n, name, &cp, &child);
		free(name);
		if (rc != FS_OK)
			break;
		if (S_ISLNK(child.in.mode) && (!last || follow)) {
			struct strbuf next = STRBUF_INIT;

			if (++hops > t->lim->symlink_hops) {
				rc = FS_ELOOP;
				break;
			}
			strbuf_reset(&link);
			rc = dk->m[child.mnt].fs->ops->readlink(
			    dk->m[child.mnt].fs, &child.in, &link);
			if (rc != FS_OK)
				break;
			if (link.len == 0) {
				rc = FS_ENOENT;
				break;
			}
			/* the link's text, then what was left of the path */
			strbuf_add(&next, link.buf, link.len);
			strbuf_addch(&next, '/');
			strbuf_add(&next, rest.buf + pos, rest.len - pos);
			strbuf_release(&rest);
			rest = next;
			pos = 0;
			if (link.buf[0] == '/')
				n = 1;
			continue;
		}
		xgrow((void **)&st, &cap, n + 1, sizeof(*st));
		st[n].n = child;
		st[n].clen = cp.len;
		n++;
	}
	if (rc == FS_OK) {
		*out = st[n - 1].n;
		if (canon != NULL) {
			strbuf_reset(canon);
			strbuf_add(canon, cp.buf != NULL ? cp.buf : "",
			    st[n - 1].clen);
		}
	}
	free(st);
	strbuf_release(&rest);
	strbuf_release(&cp);
	strbuf_release(&link);
	return rc;
}

static enum fs_rc
disk_lookup(struct target *t, const char *path, bool follow,
    struct fsnode *out)
{
	struct dnode n;
	enum fs_rc rc = disk_resolve(t, path, follow, &n, NULL);

	if (rc == FS_OK)
		dnode_fsnode(&n, out);
	return rc;
}

static enum fs_rc
disk_read(struct target *t, const char *path, size_t limit,
    struct strbuf *out)
{
	struct dnode n;
	enum fs_rc rc = disk_resolve(t, path, true, &n, NULL);

	if (rc != FS_OK)
		return rc;
	if (!S_ISREG(n.in.mode))
		return FS_ENOTREG;
	if (n.in.size > limit)
		return FS_ETOOBIG;
	return diskt(t)->m[n.mnt].fs->ops->read(diskt(t)->m[n.mnt].fs, &n.in,
	    limit, out);
}

static enum fs_rc
disk_readlink(struct target *t, const char *path, struct strbuf *out)
{
	struct dnode n;
	enum fs_rc rc = disk_resolve(t, path, false, &n, NULL);

	if (rc != FS_OK)
		return rc;
	if (!S_ISLNK(n.in.mode))
		return FS_EIO;
	return diskt(t)->m[n.mnt].fs->ops->readlink(diskt(t)->m[n.mnt].fs,
	    &n.in, out);
}

static enum fs_rc
disk_getxattr(struct target *t, const char *path, const char *name,
    struct strbuf *out)
{
	struct dnode n;
	enum fs_rc rc = disk_resolve(t, path, true, &n, NULL);

	if (rc != FS_OK)
		return rc;
	return diskt(t)->m[n.mnt].fs->ops->getxattr(diskt(t)->m[n.mnt].fs,
	    &n.in, name, t->lim->xattr_bytes, out);
}

/* One directory entry of a walk level or a listing. */
struct dent {
	char		*name;
	uint64_t	 ino;
};

static int
dent_cmp(const void *a, const void *b)
{
	return strcmp(((const struct dent *)a)->name,
	    ((const struct dent *)b)->name);
}

/* The entries of directory DIR, sorted, into *V (*N of them). */
static enum fs_rc
dir_entries(struct disk *dk, const struct dnode *dir, size_t max,
    struct dent **v, size_t *n)
{
	struct strlist names = STRLIST_INIT;
	struct dfs *fs = dk->m[dir->mnt].fs;
	uint64_t *inos = NULL;
	enum fs_rc rc;

	*v = NULL;
	*n = 0;
	if (!S_ISDIR(dir->in.mode))
		return FS_ENOTDIR;
	rc = fs->ops->list(fs, dir->in.ino, max, &names, &inos);
	if (rc != FS_OK)
		return rc;
	if (names.n > 0)
		*v = xcalloc(names.n, sizeof(**v));
	for (size_t i = 0; i < names.n; i++) {
		(*v)[i].name = names.v[i];
		(*v)[i].ino = inos[i];
	}
	*n = names.n;
	free(names.v);
	free(inos);
	if (*n > 1)
		qsort(*v, *n, sizeof(**v), dent_cmp);
	return FS_OK;
}

static void
dents_free(struct dent *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i].name);
	free(v);
}

static enum fs_rc
disk_list(struct target *t, const char *path, struct strlist *out)
{
	struct dent *v;
	struct dnode n;
	size_t nv;
	enum fs_rc rc = disk_resolve(t, path, true, &n, NULL);

	if (rc != FS_OK)
		return rc;
	rc = dir_entries(diskt(t), &n, t->lim->glob_max, &v, &nv);
	for (size_t i = 0; rc == FS_OK && i < nv; i++)
		strlist_add(out, v[i].name);
	dents_free(v, nv);
	return rc;
}

/* Directories a walk has entered, by (mount, inode): open addressing;
 * MNT is the mount + 1, 0 an empty slot (XFS inode numbers take all 64
 * bits, so the pair is kept whole). */
struct seen_ent {
	uint64_t	ino;
	size_t		mnt;
};
struct seen {
	struct seen_ent	*v;
	size_t		 cap;
	size_t		 n;
};

/* Add E (E.mnt never 0) to S: false when it was there already. */
static bool
seen_add(struct seen *s, struct seen_ent e)
{
	size_t i;

	if ((s->n + 1) * 2 > s->cap) {
		struct seen g = { NULL, s->cap != 0 ? s->cap * 2 : 256, 0 };

		g.v = xcalloc(g.cap, sizeof(*g.v));
		for (size_t k = 0; k < s->cap; k++)
			if (s->v[k].mnt != 0)
				seen_add(&g, s->v[k]);
		free(s->v);
		*s = g;
	}
	for (i = (size_t)((e.ino ^ ((uint64_t)e.mnt << 56)) *
	    0x9e3779b97f4a7c15ULL) & (s->cap - 1);
	    s->v[i].mnt != 0; i = (i + 1) & (s->cap - 1))
		if (s->v[i].mnt == e.mnt && s->v[i].ino == e.ino)
			return false;
	s->v[i] = e;
	s->n++;
	return true;
}

static struct seen_ent
seen_key(const struct dnode *n)
{
	struct seen_ent e = { n->in.ino, n->mnt + 1 };

	return e;
}

/* One directory of a walk: its sorted entries, the next to visit, the
 * lengths of its path and canonical path, and its mount. */
struct wlevel {
	struct dent	*v;
	size_t		 n;
	size_t		 i;
	size_t		 base;
	size_t		 cbase;
	size_t		 mnt;
};

struct dwalk {
	struct disk		*dk;
	const struct limits	*lim;
	target_visit_fn		 fn;
	target_walkerr_fn	 errfn;
	void			*arg;
	struct strbuf		 path;
	struct strbuf		 canon;
	struct wlevel		*lv;
	size_t			 nlv;
	struct seen		 seen;
};

static void
dwalk_error(struct dwalk *w, enum fs_rc rc)
{
	if (w->errfn != NULL)
		w->errfn(w->path.buf, rc, w->arg);
}

/* Enter directory DIR at level DEPTH (its path in w->path, w->canon). */
static bool
dwalk_push(struct dwalk *w, const struct dnode *dir, size_t depth)
{
	struct wlevel *l;
	enum fs_rc rc;

	if (!seen_add(&w->seen, seen_key(dir))) {
		dwalk_error(w, FS_ELOOP);
		return false;
	}
	if (depth >= w->nlv) {
		size_t old = w->nlv;

		xgrow((void **)&w->lv, &w->nlv, depth + 1, sizeof(*w->lv));
		memset(w->lv + old, 0, (w->nlv - old) * sizeof(*w->lv));
	}
	l = &w->lv[depth];
	rc = dir_entries(w->dk, dir, w->lim->glob_max, &l->v, &l->n);
	if (rc != FS_OK) {
		dwalk_error(w, rc);
		return false;
	}
	l->i = 0;
	l->base = w->path.len;
	l->cbase = w->canon.len;
	l->mnt = dir->mnt;
	return true;
}

/* Visit the next entry of level DEPTH: true when it pushed DEPTH + 1. */
static bool
dwalk_entry(struct dwalk *w, size_t depth, bool *stop)
{
	struct wlevel *l = &w->lv[depth];
	const struct dent *e = &l->v[l->i++];
	struct dnode n;
	enum walk_ret ret;
	struct fsnode fn;
	size_t m;

	sb_truncate(&w->path, l->base);
	if (l->base > 1)
		strbuf_addch(&w->path, '/');
	strbuf_addstr(&w->path, e->name);
	sb_truncate(&w->canon, l->cbase);
	strbuf_addch(&w->canon, '/');
	strbuf_addstr(&w->canon, e->name);
	n.mnt = l->mnt;
	if (w->dk->m[l->mnt].fs->ops->stat(w->dk->m[l->mnt].fs, e->ino,
	    &n.in) != FS_OK) {
		dwalk_error(w, FS_EIO);
		return false;
	}
	if (S_ISDIR(n.in.mode) &&
	    (m = mount_at(w->dk, w->canon.buf, w->canon.len)) != 0 &&
	    mount_root(w->dk, m, &n) != FS_OK) {
		dwalk_error(w, FS_EIO);
		return false;
	}
	dnode_fsnode(&n, &fn);
	ret = w->fn(w->path.buf, &fn, w->arg);
	if (ret == WALK_STOP) {
		*stop = true;
		return false;
	}
	if (ret == WALK_SKIP || !S_ISDIR(n.in.mode))
		return false;
	if (depth + 2 > w->lim->walk_depth) {
		dwalk_error(w, FS_ETOODEEP);
		return false;
	}
	return dwalk_push(w, &n, depth + 1);
}

static enum fs_rc
disk_walk(struct target *t, const char *prefix, target_visit_fn fn,
    target_walkerr_fn errfn, void *arg)
{
	struct dwalk w = { diskt(t), t->lim, fn, errfn, arg, STRBUF_INIT,
	    STRBUF_INIT, NULL, 0, { NULL, 0, 0 } };
	struct fsnode fsn;
	struct dnode n;
	bool stop = false;
	size_t depth = 0;
	enum walk_ret ret;
	enum fs_rc rc;

	rc = disk_resolve(t, prefix, false, &n, &w.canon);
	if (rc != FS_OK) {
		strbuf_release(&w.canon);
		return rc;
	}
	strbuf_addstr(&w.path, prefix);
	dnode_fsnode(&n, &fsn);
	ret = fn(prefix, &fsn, arg);
	if (ret == WALK_CONTINUE && S_ISDIR(n.in.mode)) {
		if (w.lim->walk_depth == 0)
			dwalk_error(&w, FS_ETOODEEP);
		else if (!dwalk_push(&w, &n, 0))
			stop = true;
		while (!stop) {
			struct wlevel *l = &w.lv[depth];

			if (l->i >= l->n) {
				dents_free(l->v, l->n);
				l->v = NULL;
				l->n = 0;
				if (depth == 0)
					break;
				depth--;
				continue;
			}
			if (dwalk_entry(&w, depth, &stop))
				depth++;
		}
	}
	for (size_t i = 0; i < w.nlv; i++)
		dents_free(w.lv[i].v, w.lv[i].n);
	free(w.lv);
	free(w.seen.v);
	strbuf_release(&w.path);
	strbuf_release(&w.canon);
	return FS_OK;
}

static void
disk_free(struct disk *dk)
{
	for (size_t i = 0; i < dk->nm; i++) {
		dk->m[i].fs->ops->close(dk->m[i].fs);
		blockdev_close(dk->m[i].win);
		free(dk->m[i].path);
	}
	free(dk->m);
	disk_ptable_free(&dk->pt);
	blockdev_close(dk->bd);
	free(dk);
}

static void
disk_close(struct target *t)
{
	disk_free(diskt(t));
}

static const struct target_ops target_disk_ops = {
	.lookup = disk_lookup,
	.read = disk_read,
	.readlink = disk_readlink,
	.getxattr = disk_getxattr,
	.list = disk_list,
	.walk = disk_walk,
	.close = disk_close,
};

/* ---- opening: detection, the root, fstab ---- */

const char *
target_disk_detect(const unsigned char *head, size_t n)
{
	const char *container = blockdev_detect(head, n, NULL, 0);

	if (container != NULL)
		return container;
	/* a tar header's bytes 257..262 are "ustar" and its 500..511 are
	 * padding: never a disk */
	if (n >= 263 && memcmp(head + 257, "ustar", 5) == 0)
		return NULL;
	if (n >= 520 && memcmp(head + 512, "EFI PART", 8) == 0)
		return "gpt";
	if (n >= 520 && memcmp(head + 512, "LABELONE", 8) == 0)
		return "lvm";
	if (n >= 1082 && head[1080] == 0x53 && head[1081] == 0xef)
		return "ext";
	/* an XFS superblock opens the file system (xfs_format.h) */
	if (n >= 4 && memcmp(head, "XFSB", 4) == 0)
		return "xfs";
	if (n >= 512 && head[510] == 0x55 && head[511] == 0xaa) {
		/* an MBR: every partition entry's status byte is 0 or
		 * 0x80 (a FAT boot sector has the signature too, but code
		 * where the entries would be) */
		for (size_t i = 0; i < 4; i++)
			if (head[446 + 16 * i] != 0 &&
			    head[446 + 16 * i] != 0x80)
				return NULL;
		return "mbr";
	}
	return NULL;
}

bool
target_disk_is_image(const char *path)
{
	unsigned char head[4096];
	unsigned char tail[512];
	size_t tn = 0;
	size_t n = 0;
	struct stat st;
	ssize_t r;
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);

	if (fd < 0)
		return false;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		return false;
	}
	r = pread(fd, head, sizeof(head), 0);
	n = r > 0 ? (size_t)r : 0;
	/* a fixed VHD is known by its footer only */
	if (st.st_size >= (off_t)sizeof(tail)) {
		r = pread(fd, tail, sizeof(tail), st.st_size -
		    (off_t)sizeof(tail));
		tn = r > 0 ? (size_t)r : 0;
	}
	close(fd);
	if (n >= 2 && head[0] == 0x1f && head[1] == 0x8b)
		return blockdev_is_gcp(path);
	return target_disk_detect(head, n) != NULL ||
	    blockdev_detect(head, 0, tail, tn) != NULL;
}

/* "1 (ext4), 2 (vfat)" of the partitions of PT that PICK accepts. */
static void
part_list(const struct disk_ptable *pt, bool (*pick)(const struct disk_part *,
    void *), void *arg, struct strbuf *out)
{
	for (size_t i = 0; i < pt->n; i++) {
		const struct disk_part *p = &pt->v[i];

		if (p->extended || (pick != NULL && !pick(p, arg)))
			continue;
		if (out->len > 0)
			strbuf_addstr(out, ", ");
		if (p->lv[0] != '\0')
			strbuf_addf(out, "%s/%s", p->vg, p->lv);
		else
			strbuf_addf(out, "%u", p->no);
		strbuf_addf(out, " (%s)", p->fstype[0] != '\0' ?
		    p->fstype : "unknown");
	}
}

struct dfs *
dfs_open(struct blockdev *bd, const char *fstype, size_t dirmax,
    size_t journal_max, char *err, size_t errlen)
{
	if (strcmp(fstype, "xfs") == 0)
		return xfsfs_open(bd, dirmax, err, errlen);
	return extfs_open(bd, journal_max, err, errlen);
}

/* Open the file system of P as a mount at PATH of DK (LIM: its caps). */
static int
mount_add(struct disk *dk, const struct limits *lim,
    const struct disk_part *p, const char *path, char *err, size_t errlen)
{
	struct blockdev *win = p->dev != NULL ?
	    blockdev_window(p->dev, 0, p->len) :
	    blockdev_window(dk->bd, p->off, p->len);
	struct dfs *fs;
	char why[256];
	char name[300];
	struct mnt *m;

	if (win == NULL) {
		snprintf(err, errlen, "partition %u lies past the end of the "
		    "disk", p->no);
		return -1;
	}
	fs = dfs_open(win, p->fstype, lim->glob_max, lim->ext_journal_bytes,
	    why, sizeof(why));
	if (fs == NULL) {
		if (p->no == 0 && p->lv[0] == '\0')
			snprintf(err, errlen, "%s", why);
		else
			snprintf(err, errlen, "%s: %s", disk_part_name(p, name,
			    sizeof(name)), why);
		blockdev_close(win);
		return -1;
	}
	xgrow((void **)&dk->m, &dk->mcap, dk->nm + 1, sizeof(*dk->m));
	m = &dk->m[dk->nm++];
	m->path = xstrdup(path);
	m->fs = fs;
	m->win = win;
	m->part = p;
	return 0;
}

/* Drop the last mount. */
static void
mount_pop(struct disk *dk)
{
	struct mnt *m = &dk->m[--dk->nm];

	m->fs->ops->close(m->fs);
	blockdev_close(m->win);
	free(m->path);
}

static bool
pick_supported(const struct disk_part *p, void *arg)
{
	return disk_fs_supported(p->fstype);
}

/* Does the tree of T (just its root mount) hold an os-release? */
static bool
has_os_release(struct target *t)
{
	struct dnode n;

	return disk_resolve(t, "/etc/os-release", false, &n, NULL) == FS_OK ||
	    disk_resolve(t, "/usr/lib/os-release", false, &n, NULL) == FS_OK;
}

/* Pick and mount the root file system of T's disk. */
static int
pick_root(struct target *t, const struct target_opts *o, char *err,
    size_t errlen)
{
	struct disk *dk = diskt(t);
	struct strbuf list = STRBUF_INIT;
	const struct disk_part *found = NULL;
	size_t nfound = 0;
	size_t ncand = 0;
	unsigned want = o != NULL ? o->partition : 0;

	for (size_t i = 0; want != 0 && i < dk->pt.n; i++) {
		const struct disk_part *p = &dk->pt.v[i];

		if (p->no != want || p->extended || p->lv[0] != '\0')
			continue;
		if (!disk_fs_supported(p->fstype)) {
			snprintf(err, errlen, "--partition %u: %s file system "
			    "not supported (ext2/3/4 and XFS are read)", want,
			    p->fstype[0] != '\0' ? p->fstype : "unknown");
			return -1;
		}
		return mount_add(dk, t->lim, p, "", err, errlen);
	}
	if (want != 0) {
		part_list(&dk->pt, NULL, NULL, &list);
		snprintf(err, errlen, "--partition %u: no such partition "
		    "(partitions: %s)", want, list.len > 0 ? list.buf :
		    "none");
		strbuf_release(&list);
		return -1;
	}
	for (size_t i = 0; i < dk->pt.n; i++) {
		const struct disk_part *p = &dk->pt.v[i];

		if (p->extended || !disk_fs_supported(p->fstype))
			continue;
		ncand++;
		found = p;
	}
	if (ncand == 1)
		return mount_add(dk, t->lim, found, "", err, errlen);
	part_list(&dk->pt, ncand > 0 ? pick_supported : NULL, NULL, &list);
	if (ncand == 0) {
		snprintf(err, errlen, "no ext2/3/4 or XFS file system on the "
		    "disk (partitions: %s)", list.len > 0 ? list.buf : "none");
		strbuf_release(&list);
		return -1;
	}
	strbuf_reset(&list);
	found = NULL;
	for (size_t i = 0; i < dk->pt.n; i++) {
		const struct disk_part *p = &dk->pt.v[i];

		if (p->extended || !disk_fs_supported(p->fstype))
			continue;
		if (mount_add(dk, t->lim, p, "", err, errlen) != 0) {
			strbuf_release(&list);
			return -1;
		}
		if (has_os_release(t)) {
			nfound++;
			found = p;
			if (list.len > 0)
				strbuf_addstr(&list, ", ");
			if (p->lv[0] != '\0')
				strbuf_addf(&list, "%s/%s", p->vg, p->lv);
			else
				strbuf_addf(&list, "%u", p->no);
			strbuf_addf(&list, " (%s)", p->fstype);
		}
		mount_pop(dk);
	}
	if (nfound == 1) {
		strbuf_release(&list);
		return mount_add(dk, t->lim, found, "", err, errlen);
	}
	if (nfound == 0) {
		part_list(&dk->pt, pick_supported, NULL, &list);
		snprintf(err, errlen, "no root file system: none of "
		    "partitions %s holds /etc/os-release or "
		    "/usr/lib/os-release; pick one with --partition N",
		    list.buf);
	} else {
		snprintf(err, errlen, "several root file systems: partitions "
		    "%s hold an os-release; pick one with --partition N",
		    list.buf);
	}
	strbuf_release(&list);
	return -1;
}

/* Attach the partitions the root's /etc/fstab mounts; what cannot be
 * attached is said in NOTE (the report shows it). */
static int
attach_fstab(struct target *t, struct strbuf *note, char *err,
    size_t errlen)
{
	struct disk *dk = diskt(t);
	struct strbuf text = STRBUF_INIT;
	struct strbuf canon = STRBUF_INIT;
	struct disk_fstab_ent *v = NULL;
	size_t dropped = 0;
	char name[300];
	size_t n;

	if ((dk->pt.scheme[0] == '\0' && dk->pt.ndevs == 0) ||
	    disk_read(t, "/etc/fstab", t->lim->read_max, &text) != FS_OK) {
		strbuf_release(&text);
		return 0;
	}
	n = disk_fstab_parse(text.buf, text.len, t->lim->disk_mounts, &v,
	    &dropped);
	strbuf_release(&text);
	if (dropped > 0) {
		snprintf(err, errlen, "/etc/fstab mounts more than %u file "
		    "systems", t->lim->disk_mounts);
		disk_fstab_free(v, n);
		return -1;
	}
	for (size_t i = 0; i < n; i++) {
		const struct disk_part *p = disk_fstab_match(&dk->pt,
		    v[i].spec);
		char *mp = path_normalize(v[i].file);
		struct dnode dn;

		if (p == NULL || !disk_fs_supported(p->fstype)) {
			strbuf_addf(note, ", %s (%s) not attached: %s",
			    v[i].file, v[i].spec, p == NULL ?
			    "no such partition on this disk" :
			    "file system not read");
			free(mp);
			continue;
		}
		if (mp == NULL || disk_resolve(t, mp, true, &dn, &canon) !=
		    FS_OK || !S_ISDIR(dn.in.mode)) {
			strbuf_addf(note, ", %s not attached: no such "
			    "directory", v[i].file);
			free(mp);
			continue;
		}
		free(mp);
		if (mount_add(dk, t->lim, p, canon.buf != NULL ? canon.buf :
		    "", err, errlen) != 0) {
			disk_fstab_free(v, n);
			strbuf_release(&canon);
			return -1;
		}
		strbuf_addf(note, ", %s (%s) at %s", disk_part_name(p, name,
		    sizeof(name)),
		    dk->m[dk->nm - 1].fs->ops->kind(dk->m[dk->nm - 1].fs),
		    canon.len > 0 ?
		    canon.buf : "/");
	}
	disk_fstab_free(v, n);
	strbuf_release(&canon);
	return 0;
}

int
target_disk_open(struct target *t, const char *path,
    const struct target_opts *o, struct diag *d)
{
	struct strbuf desc = STRBUF_INIT;
	struct strbuf note = STRBUF_INIT;
	struct disk *dk;
	char name[300];
	char err[512];

	dk = xcalloc(1, sizeof(*dk));
	t->priv = dk;
	dk->bd = blockdev_is_gcp(path) ? blockdev_open_gcp(path,
	    t->lim->image_layer_bytes, err, sizeof(err)) :
	    blockdev_open(path, err, sizeof(err));
	if (dk->bd == NULL ||
	    disk_ptable_read(dk->bd, t->lim->disk_partitions, &dk->pt, err,
	    sizeof(err)) != 0 ||
	    disk_lvm_expand(dk->bd, &dk->pt, t->lim->disk_partitions,
	    t->lim->lvm_metadata_bytes, err, sizeof(err)) != 0 ||
	    pick_root(t, o, err, sizeof(err)) != 0 ||
	    attach_fstab(t, &note, err, sizeof(err)) != 0) {
		diag_add(d, NULL, "%s: disk image: %s", path, err);
		disk_free(dk);
		t->priv = NULL;
		strbuf_release(&note);
		return -1;
	}
	strbuf_addf(&desc, "disk image (%s), ", dk->bd->format);
	if (dk->pt.scheme[0] != '\0' || dk->m[0].part->lv[0] != '\0')
		strbuf_addf(&desc, "%s partition table, %s (%s) at /",
		    dk->pt.scheme[0] != '\0' ? dk->pt.scheme : "no",
		    disk_part_name(dk->m[0].part, name, sizeof(name)),
		    dk->m[0].fs->ops->kind(dk->m[0].fs));
	else
		strbuf_addf(&desc, "no partition table, %s file system",
		    dk->m[0].fs->ops->kind(dk->m[0].fs));
	if (note.len > 0)
		strbuf_add(&desc, note.buf, note.len);
	strbuf_release(&note);
	t->describe = strbuf_detach(&desc);
	t->ops = &target_disk_ops;
	t->kind = TARGET_DISK_IMAGE;
	return 0;
}
