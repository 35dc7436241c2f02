/*
 * fs_xfs.c -- XFS read through libfsxfs (libyal, Debian's 20201117),
 * never mounted.
 *
 * libfsxfs reads XFS v4 and v5 (CRC) file systems, including what
 * mkfs.xfs 6.1 (Debian 12) turns on by default (bigtime, inobtcount,
 * sparse inodes, reflink): inodes, short-form, block, leaf and node
 * directories, extent lists and B+trees, local and remote symlinks. Its
 * bytes come from a blockdev (include/assay/blockdev.h) through a
 * libbfio handle of our own, so the same code reads a partition of a raw
 * image or of a qcow2 or VHD, and a block past the partition is an error
 * of the window, never a neighbour's bytes. Nothing is ever written: the
 * handle's write call fails.
 *
 * Before libfsxfs sees it, the superblock is checked the way Linux's
 * xfs_validate_sb_common() (fs/xfs/libxfs/xfs_sb.c) does for what sizes
 * allocations: a power-of-two block size of 512 to 65536 bytes, allocation
 * groups that cover the data blocks, and data blocks that fit the
 * partition (xfs_sb_validate_fsb_count, "file system size mismatch").
 *
 * Not read: extended attributes (libfsxfs 20201117 has no attribute
 * calls; target_getxattr() is FS_EIO on XFS, never a silent "none"),
 * the real-time device.
 */
#include "config.h"

#include <libbfio.h>
#include <libfsxfs.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "assay/util.h"
#include "assay/xmem.h"
#include "disk_private.h"
#include "target_private.h"

/* Directories whose sorted entries are kept for lookups: a path walk
 * goes through a handful (/, /etc, /usr, /usr/lib, ...). */
#define XDIR_CACHE	16

struct xfsfs {
	struct dfs		 base;		/* first: is a struct dfs */
	struct blockdev		*bd;
	libbfio_handle_t	*bfio;
	libfsxfs_volume_t	*vol;
	uint64_t		 root;
	size_t			 dirmax;	/* entries of one directory */
	struct xdir		*dirs;		/* XDIR_CACHE of them */
	uint64_t		 tick;
	/* where inodes lie, from the superblock (inode_times()) */
	uint64_t		 bsize;
	uint64_t		 agblocks;
	uint64_t		 agcount;
	unsigned		 isize;
	unsigned		 inopblog;
	unsigned		 agblklog;
	bool			 bigtime;	/* incompat feature */
};

static const struct dfs_ops xfsfs_ops;

/* One cached directory: its entries sorted by name. */
struct xdir {
	uint64_t	 ino;
	uint64_t	 used;		/* last lookup, for eviction */
	char		**names;
	uint64_t	*inos;
	size_t		 n;
};

static int
cmp_ent(const void *a, const void *b, void *arg)
{
	char **names = arg;

	return strcmp(names[*(const size_t *)a], names[*(const size_t *)b]);
}

static void
xdir_free(struct xdir *c)
{
	for (size_t i = 0; i < c->n; i++)
		free(c->names[i]);
	free(c->names);
	free(c->inos);
	memset(c, 0, sizeof(*c));
}


static struct xfsfs *
xfs(struct dfs *d)
{
	return (struct xfsfs *)d;
}

/* ---- a libbfio handle over a blockdev ---- */

struct bdio {
	struct blockdev	*bd;
	uint64_t	 off;
	bool		 open;
};

static int
bdio_free(intptr_t **h, libbfio_error_t **error)
{
	free(*h);
	*h = NULL;
	return 1;
}

static int
bdio_clone(intptr_t **dst, intptr_t *src, libbfio_error_t **error)
{
	struct bdio *b = xmalloc(sizeof(*b));

	*b = *(struct bdio *)src;
	*dst = (intptr_t *)b;
	return 1;
}

static int
bdio_open(intptr_t *h, int flags, libbfio_error_t **error)
{
	if ((flags & LIBBFIO_ACCESS_FLAG_WRITE) != 0)
		return -1;
	((struct bdio *)h)->open = true;
	((struct bdio *)h)->off = 0;
	return 1;
}

static int
bdio_close(intptr_t *h, libbfio_error_t **error)
{
	((struct bdio *)h)->open = false;
	return 0;
}

static ssize_t
bdio_read(intptr_t *h, uint8_t *buf, size_t size, libbfio_error_t **error)
{
	struct bdio *b = (struct bdio *)h;
	uint64_t left;

	if (b->off >= b->bd->size)
		return 0;
	left = b->bd->size - b->off;
	if (size > left)
		size = (size_t)left;
	if (size > SSIZE_MAX)
		size = SSIZE_MAX;
	if (blockdev_pread(b->bd, buf, size, b->off) != 0)
		return -1;
	b->off += size;
	return (ssize_t)size;
}

static ssize_t
bdio_write(intptr_t *h, const uint8_t *buf, size_t size,
    libbfio_error_t **error)
{
	return -1;
}

static off64_t
bdio_seek(intptr_t *h, off64_t off, int whence, libbfio_error_t **error)
{
	struct bdio *b = (struct bdio *)h;
	int64_t base;

	if (whence == SEEK_SET)
		base = 0;
	else if (whence == SEEK_CUR)
		base = (int64_t)b->off;
	else if (whence == SEEK_END)
		base = (int64_t)b->bd->size;
	else
		return -1;
	if (b->bd->size > INT64_MAX || (off > 0 && base > INT64_MAX - off) ||
	    base + off < 0)
		return -1;
	b->off = (uint64_t)(base + off);
	return (off64_t)b->off;
}

static int
bdio_exists(intptr_t *h, libbfio_error_t **error)
{
	return 1;
}

static int
bdio_is_open(intptr_t *h, libbfio_error_t **error)
{
	return ((struct bdio *)h)->open ? 1 : 0;
}

static int
bdio_size(intptr_t *h, size64_t *size, libbfio_error_t **error)
{
	*size = ((struct bdio *)h)->bd->size;
	return 1;
}

void *
disk_bfio_new(struct blockdev *bd)
{
	libbfio_handle_t *h = NULL;
	struct bdio *io = xcalloc(1, sizeof(*io));

	io->bd = bd;
	if (libbfio_handle_initialize(&h, (intptr_t *)io, bdio_free,
	    bdio_clone, bdio_open, bdio_close, bdio_read, bdio_write,
	    bdio_seek, bdio_exists, bdio_is_open, bdio_size,
	    LIBBFIO_FLAG_IO_HANDLE_MANAGED |
	    LIBBFIO_FLAG_IO_HANDLE_CLONE_BY_FUNCTION, NULL) != 1) {
		free(io);
		return NULL;
	}
	return h;
}

/* ---- the superblock check ---- */

static uint64_t
be(const unsigned char *p, size_t n)
{
	uint64_t v = 0;

	for (size_t i = 0; i < n; i++)
		v = v << 8 | p[i];
	return v;
}

int
xfsfs_check_sb(const unsigned char *sb, uint64_t size, char *err,
    size_t errlen)
{
	uint64_t bsize;
	uint64_t blocks;
	uint64_t agblocks;
	uint64_t agcount;

	if (memcmp(sb, "XFSB", 4) != 0) {
		snprintf(err, errlen, "XFS superblock: no XFSB magic");
		return -1;
	}
	bsize = be(sb + 4, 4);
	blocks = be(sb + 8, 8);
	agblocks = be(sb + 84, 4);
	agcount = be(sb + 88, 4);
	if (bsize < 512 || bsize > 65536 || (bsize & (bsize - 1)) != 0) {
		snprintf(err, errlen, "XFS superblock: block size %llu is not "
		    "a power of two from 512 to 65536",
		    (unsigned long long)bsize);
		return -1;
	}
	if (blocks == 0 || blocks > size / bsize) {
		snprintf(err, errlen, "XFS superblock: %llu blocks of %llu "
		    "bytes do not fit the %llu bytes of the partition",
		    (unsigned long long)blocks, (unsigned long long)bsize,
		    (unsigned long long)size);
		return -1;
	}
	if (agcount == 0 || agblocks == 0 || agcount > blocks ||
	    agcount * agblocks < blocks ||
	    (agcount - 1) * agblocks >= blocks) {
		snprintf(err, errlen, "XFS superblock: %llu allocation groups "
		    "of %llu blocks do not cover its %llu blocks",
		    (unsigned long long)agcount, (unsigned long long)agblocks,
		    (unsigned long long)blocks);
		return -1;
	}
	return 0;
}

/* The innermost libfsxfs line of error E (freed), after WHAT, in ERR. */
static void
xfs_err(libfsxfs_error_t *e, const char *what, char *err, size_t errlen)
{
	char buf[1024] = "";

	if (e != NULL) {
		libfsxfs_error_backtrace_sprint(e, buf, sizeof(buf));
		libfsxfs_error_free(&e);
	}
	blockdev_yal_trim(buf, "libfsxfs_");
	snprintf(err, errlen, "%s%s%.200s", what, buf[0] != '\0' ? ": " : "",
	    buf);
}

/* ---- the file system ---- */

static void
xfsfs_close(struct dfs *d)
{
	struct xfsfs *x = xfs(d);

	for (size_t i = 0; x->dirs != NULL && i < XDIR_CACHE; i++)
		xdir_free(&x->dirs[i]);
	free(x->dirs);
	if (x->vol != NULL) {
		libfsxfs_volume_close(x->vol, NULL);
		libfsxfs_volume_free(&x->vol, NULL);
	}
	if (x->bfio != NULL)
		libbfio_handle_free(&x->bfio, NULL);
	free(x);
}

struct dfs *
xfsfs_open(struct blockdev *bd, size_t dirmax, char *err, size_t errlen)
{
	struct xfsfs *x;
	libfsxfs_error_t *e = NULL;
	libfsxfs_file_entry_t *root = NULL;
	unsigned char sb[XFSFS_SB_BYTES];
	uint64_t ino = 0;

	if (bd->size < sizeof(sb) || blockdev_pread(bd, sb, sizeof(sb),
	    0) != 0) {
		snprintf(err, errlen, "XFS superblock: cannot be read");
		return NULL;
	}
	if (xfsfs_check_sb(sb, bd->size, err, errlen) != 0)
		return NULL;
	x = xcalloc(1, sizeof(*x));
	x->base.ops = &xfsfs_ops;
	x->bd = bd;
	x->dirmax = dirmax;
	x->bsize = be(sb + 4, 4);
	x->agblocks = be(sb + 84, 4);
	x->agcount = be(sb + 88, 4);
	x->isize = (unsigned)be(sb + 104, 2);
	x->inopblog = sb[123];
	x->agblklog = sb[124];
	/* sb_versionnum 5 with XFS_SB_FEAT_INCOMPAT_BIGTIME */
	x->bigtime = (be(sb + 100, 2) & 0xf) == 5 &&
	    (be(sb + 216, 4) & 8) != 0;
	x->dirs = xcalloc(XDIR_CACHE, sizeof(*x->dirs));
	x->bfio = disk_bfio_new(bd);
	if (x->bfio == NULL) {
		snprintf(err, errlen, "XFS: cannot set up the reader");
		xfsfs_close(&x->base);
		return NULL;
	}
	if (libfsxfs_volume_initialize(&x->vol, &e) != 1 ||
	    libfsxfs_volume_open_file_io_handle(x->vol, x->bfio,
	    LIBFSXFS_OPEN_READ, &e) != 1) {
		xfs_err(e, "XFS superblock", err, errlen);
		if (x->vol != NULL)
			libfsxfs_volume_free(&x->vol, NULL);
		xfsfs_close(&x->base);
		return NULL;
	}
	if (libfsxfs_volume_get_root_directory(x->vol, &root, &e) != 1 ||
	    libfsxfs_file_entry_get_inode_number(root, &ino, &e) != 1) {
		xfs_err(e, "XFS root directory", err, errlen);
		libfsxfs_file_entry_free(&root, NULL);
		xfsfs_close(&x->base);
		return NULL;
	}
	libfsxfs_file_entry_free(&root, NULL);
	x->root = ino;
	return &x->base;
}

static const char *
xfsfs_kind(const struct dfs *d)
{
	return "xfs";
}

static uint64_t
xfsfs_root(const struct dfs *d)
{
	return ((const struct xfsfs *)d)->root;
}

/* The file entry of inode INO (freed by the caller), or NULL. */
static libfsxfs_file_entry_t *
entry(struct xfsfs *x, uint64_t ino)
{
	libfsxfs_file_entry_t *f = NULL;
	libfsxfs_error_t *e = NULL;

	if (libfsxfs_volume_get_file_entry_by_inode(x->vol, ino, &f,
	    &e) != 1) {
		libfsxfs_error_free(&e);
		libfsxfs_file_entry_free(&f, NULL);
		return NULL;
	}
	return f;
}

/* The timestamp at P of an inode: with BIGTIME (the inode's
 * XFS_DIFLAG2_BIGTIME) an unsigned 64-bit count of nanoseconds since
 * 1901-12-13 20:45:52 UTC (-2^31 s), else a signed 32-bit seconds and a
 * 32-bit nanoseconds field, as Linux 6.x's xfs_inode_from_disk_ts()
 * (fs/xfs/libxfs/xfs_inode_buf.c) reads them. */
static void
disk_ts(const unsigned char *p, bool bigtime, struct fstime *out)
{
	uint64_t v = be(p, 8);

	if (bigtime)
		target_fstime(out, (int64_t)(v / 1000000000) -
		    ((int64_t)1 << 31), (int64_t)(v % 1000000000));
	else
		target_fstime(out, (int32_t)(uint32_t)(v >> 32),
		    (int64_t)(uint32_t)v);
}

/* The access, modification and change times of inode INO into OUT, read
 * from the inode itself: libfsxfs 20201117 predates bigtime time stamps
 * (Linux 5.10, mkfs.xfs's default since xfsprogs 5.15) and takes their
 * 64 bits for seconds and nanoseconds. Unknown when the inode cannot be
 * read or is not the one asked for. */
static void
inode_times(struct xfsfs *x, uint64_t ino, struct dfs_inode *out)
{
	unsigned char di[176];
	unsigned shift = x->agblklog + x->inopblog;
	uint64_t agno, agbno, idx, off;
	bool v3, big;

	memset(&out->mtime, 0, sizeof(out->mtime));
	memset(&out->atime, 0, sizeof(out->atime));
	memset(&out->ctime, 0, sizeof(out->ctime));
	if (shift >= 64 || x->isize < sizeof(di))
		return;
	agno = ino >> shift;
	agbno = (ino & (((uint64_t)1 << shift) - 1)) >> x->inopblog;
	idx = ino & (((uint64_t)1 << x->inopblog) - 1);
	if (agno >= x->agcount || agbno >= x->agblocks)
		return;
	off = (agno * x->agblocks + agbno) * x->bsize + idx * x->isize;
	if (blockdev_pread(x->bd, di, sizeof(di), off) != 0 ||
	    memcmp(di, "IN", 2) != 0)
		return;
	v3 = di[4] >= 3;
	if (v3 && be(di + 152, 8) != ino)
		return;
	/* di_flags2 & XFS_DIFLAG2_BIGTIME, of a v3 inode only */
	big = v3 && x->bigtime && (be(di + 120, 8) & 8) != 0;
	disk_ts(di + 32, big, &out->atime);
	disk_ts(di + 40, big, &out->mtime);
	disk_ts(di + 48, big, &out->ctime);
}

static enum fs_rc
entry_stat(libfsxfs_file_entry_t *f, struct dfs_inode *out)
{
	uint16_t mode = 0;
	uint32_t uid = 0;
	uint32_t gid = 0;
	size64_t size = 0;
	uint64_t ino = 0;

	if (libfsxfs_file_entry_get_inode_number(f, &ino, NULL) != 1 ||
	    libfsxfs_file_entry_get_file_mode(f, &mode, NULL) != 1 ||
	    libfsxfs_file_entry_get_owner_identifier(f, &uid, NULL) != 1 ||
	    libfsxfs_file_entry_get_group_identifier(f, &gid, NULL) != 1 ||
	    libfsxfs_file_entry_get_size(f, &size, NULL) != 1)
		return FS_EIO;
	out->ino = ino;
	out->mode = mode;
	out->uid = uid;
	out->gid = gid;
	out->size = size;
	return FS_OK;
}

static enum fs_rc
xfsfs_stat(struct dfs *d, uint64_t ino, struct dfs_inode *out)
{
	libfsxfs_file_entry_t *f = entry(xfs(d), ino);
	enum fs_rc rc;

	if (f == NULL)
		return FS_EIO;
	rc = entry_stat(f, out);
	libfsxfs_file_entry_free(&f, NULL);
	if (rc == FS_OK)
		inode_times(xfs(d), ino, out);
	return rc;
}

static enum fs_rc
xfsfs_list(struct dfs *d, uint64_t dir, size_t max, struct strlist *names,
    uint64_t **inos)
{
	libfsxfs_file_entry_t *f = entry(xfs(d), dir);
	uint64_t *v = NULL;
	size_t cap = 0;
	enum fs_rc rc = FS_OK;
	int n = 0;

	if (f == NULL)
		return FS_EIO;
	if (libfsxfs_file_entry_get_number_of_sub_file_entries(f, &n,
	    NULL) != 1 || n < 0 || (size_t)n > max) {
		libfsxfs_file_entry_free(&f, NULL);
		return FS_EIO;
	}
	for (int i = 0; i < n && rc == FS_OK; i++) {
		libfsxfs_file_entry_t *sub = NULL;
		uint8_t name[1024];
		size_t len = 0;
		uint64_t ino = 0;

		if (libfsxfs_file_entry_get_sub_file_entry_by_index(f, i, &sub,
		    NULL) != 1 ||
		    libfsxfs_file_entry_get_utf8_name_size(sub, &len,
		    NULL) != 1 || len < 2 || len > sizeof(name) ||
		    libfsxfs_file_entry_get_utf8_name(sub, name, len,
		    NULL) != 1 ||
		    libfsxfs_file_entry_get_inode_number(sub, &ino,
		    NULL) != 1) {
			rc = FS_EIO;
		} else if (strlen((char *)name) == len - 1 &&
		    strchr((char *)name, '/') == NULL &&
		    strcmp((char *)name, ".") != 0 &&
		    strcmp((char *)name, "..") != 0) {
			/* names no path can hold (a crafted entry) are
			 * left out, as fs_ext.c does */
			xgrow((void **)&v, &cap, names->n + 1, sizeof(*v));
			v[names->n] = ino;
			strlist_add(names, (char *)name);
		}
		libfsxfs_file_entry_free(&sub, NULL);
	}
	libfsxfs_file_entry_free(&f, NULL);
	if (rc != FS_OK) {
		free(v);
		return rc;
	}
	if (inos != NULL)
		*inos = v;
	else
		free(v);
	return FS_OK;
}

/* Directory DIR's sorted entries, from the cache or read into it. */
static enum fs_rc
xdir_get(struct xfsfs *x, uint64_t dir, struct xdir **out)
{
	struct strlist names = STRLIST_INIT;
	struct xdir *c = &x->dirs[0];
	uint64_t *inos = NULL;
	size_t *ord;
	enum fs_rc rc;

	for (size_t i = 0; i < XDIR_CACHE; i++) {
		if (x->dirs[i].names != NULL && x->dirs[i].ino == dir) {
			x->dirs[i].used = ++x->tick;
			*out = &x->dirs[i];
			return FS_OK;
		}
		if (x->dirs[i].used < c->used)
			c = &x->dirs[i];
	}
	rc = xfsfs_list(&x->base, dir, x->dirmax, &names, &inos);
	if (rc != FS_OK) {
		strlist_release(&names);
		return rc;
	}
	xdir_free(c);
	c->ino = dir;
	c->used = ++x->tick;
	c->n = names.n;
	c->names = xcalloc(names.n + 1, sizeof(*c->names));
	c->inos = xcalloc(names.n + 1, sizeof(*c->inos));
	ord = xcalloc(names.n + 1, sizeof(*ord));
	for (size_t i = 0; i < names.n; i++)
		ord[i] = i;
	qsort_r(ord, names.n, sizeof(*ord), cmp_ent, names.v);
	for (size_t i = 0; i < names.n; i++) {
		c->names[i] = names.v[ord[i]];
		c->inos[i] = inos[ord[i]];
	}
	free(ord);
	free(names.v);
	free(inos);
	*out = c;
	return FS_OK;
}

/* libfsxfs 20201117's lookup by name is not implemented (it fails with
 * no error): the directory is listed once and searched. */
static enum fs_rc
xfsfs_lookup(struct dfs *d, uint64_t dir, const char *name, uint64_t *ino)
{
	struct xfsfs *x = xfs(d);
	libfsxfs_file_entry_t *f = entry(x, dir);
	struct xdir *c;
	uint16_t mode = 0;
	enum fs_rc rc;
	size_t lo = 0;
	size_t hi;

	if (f == NULL)
		return FS_EIO;
	if (libfsxfs_file_entry_get_file_mode(f, &mode, NULL) != 1) {
		libfsxfs_file_entry_free(&f, NULL);
		return FS_EIO;
	}
	libfsxfs_file_entry_free(&f, NULL);
	if ((mode & 0170000) != 0040000)
		return FS_ENOTDIR;
	rc = xdir_get(x, dir, &c);
	if (rc != FS_OK)
		return rc;
	for (hi = c->n; lo < hi; ) {
		size_t mid = lo + (hi - lo) / 2;
		int k = strcmp(name, c->names[mid]);

		if (k == 0) {
			*ino = c->inos[mid];
			return FS_OK;
		}
		if (k < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return FS_ENOENT;
}

static enum fs_rc
xfsfs_read(struct dfs *d, const struct dfs_inode *in, size_t limit,
    struct strbuf *out)
{
	libfsxfs_file_entry_t *f = entry(xfs(d), in->ino);
	char *buf;
	uint64_t off = 0;
	enum fs_rc rc = FS_OK;

	if (f == NULL)
		return FS_EIO;
	if (in->size > limit) {
		libfsxfs_file_entry_free(&f, NULL);
		return FS_ETOOBIG;
	}
	buf = xmalloc(65536);
	while (off < in->size) {
		size_t want = in->size - off < 65536 ?
		    (size_t)(in->size - off) : 65536;
		ssize_t got = libfsxfs_file_entry_read_buffer_at_offset(f, buf,
		    want, (off64_t)off, NULL);

		if (got <= 0) {
			rc = FS_EIO;
			break;
		}
		strbuf_add(out, buf, (size_t)got);
		off += (uint64_t)got;
	}
	free(buf);
	libfsxfs_file_entry_free(&f, NULL);
	if (rc != FS_OK)
		strbuf_reset(out);
	return rc;
}

static enum fs_rc
xfsfs_readlink(struct dfs *d, const struct dfs_inode *in, struct strbuf *out)
{
	libfsxfs_file_entry_t *f = entry(xfs(d), in->ino);
	uint8_t *buf;
	size_t len = 0;
	enum fs_rc rc = FS_OK;

	if (f == NULL)
		return FS_EIO;
	if ((in->mode & 0170000) != 0120000 ||
	    libfsxfs_file_entry_get_utf8_symbolic_link_target_size(f, &len,
	    NULL) != 1 || len < 1 || len > PATH_MAX) {
		libfsxfs_file_entry_free(&f, NULL);
		return FS_EIO;
	}
	buf = xmalloc(len);
	if (libfsxfs_file_entry_get_utf8_symbolic_link_target(f, buf, len,
	    NULL) != 1)
		rc = FS_EIO;
	else
		strbuf_add(out, (char *)buf, strnlen((char *)buf, len));
	free(buf);
	libfsxfs_file_entry_free(&f, NULL);
	return rc;
}

/* libfsxfs 20201117 reads no extended attributes: say so, never "none". */
static enum fs_rc
xfsfs_getxattr(struct dfs *d, const struct dfs_inode *in, const char *name,
    size_t limit, struct strbuf *out)
{
	return FS_EIO;
}

static const struct dfs_ops xfsfs_ops = {
	.kind = xfsfs_kind,
	.root = xfsfs_root,
	.stat = xfsfs_stat,
	.lookup = xfsfs_lookup,
	.list = xfsfs_list,
	.read = xfsfs_read,
	.readlink = xfsfs_readlink,
	.getxattr = xfsfs_getxattr,
	.close = xfsfs_close,
};
