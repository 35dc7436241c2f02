/*
 * fs_ext.c -- ext2/3/4 read through libext2fs (e2fsprogs 1.47), never
 * mounted.
 *
 * libext2fs reads the file system the way e2fsck and debugfs do: extents,
 * htree and inline-data directories, inline-data files, fast and slow
 * symlinks, 64-bit block numbers, metadata checksums (a bad one is an
 * error). Its bytes come from a blockdev (include/assay/blockdev.h)
 * through our own io_manager (ext2fs/ext2_io.h), so the same code reads
 * a partition of a raw image or of a qcow2 or VHD, and a block number
 * past the partition is an error of the window, never a neighbour's
 * bytes. Nothing is ever written: the manager has no write calls.
 */
#include "config.h"

#include <ext2fs/ext2_fs.h>
#include <ext2fs/ext2fs.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "assay/util.h"
#include "assay/xmem.h"
#include "disk_private.h"
#include "target_private.h"

struct extfs {
	struct dfs	 base;		/* first: a struct dfs * is one */
	ext2_filsys	 fs;
	struct blockdev	*jov;		/* the replayed journal, or NULL */
};

static const struct dfs_ops extfs_ops;

static struct extfs *
ext(struct dfs *d)
{
	return (struct extfs *)d;
}

static const struct extfs *
cext(const struct dfs *d)
{
	return (const struct extfs *)d;
}

/* ---- the io_manager over a blockdev ---- */

static struct struct_io_manager bdio_manager;

/* The channel's blockdev, named by its address: ext2fs_open2() hands the
 * manager's open() only a string. */
static errcode_t
bdio_open(const char *name, int flags, io_channel *channel)
{
	struct blockdev *bd = NULL;
	io_channel ch;

	if ((flags & IO_FLAG_RW) != 0)
		return EXT2_ET_RO_FILSYS;
	if (name == NULL || sscanf(name, "blockdev:%p", (void **)&bd) != 1 ||
	    bd == NULL)
		return EXT2_ET_BAD_DEVICE_NAME;
	ch = calloc(1, sizeof(*ch));
	if (ch == NULL)
		return EXT2_ET_NO_MEMORY;
	ch->name = strdup(name);
	if (ch->name == NULL) {
		free(ch);
		return EXT2_ET_NO_MEMORY;
	}
	ch->magic = EXT2_ET_MAGIC_IO_CHANNEL;
	ch->manager = &bdio_manager;
	ch->block_size = 1024;
	ch->refcount = 1;
	ch->private_data = bd;
	*channel = ch;
	return 0;
}

static errcode_t
bdio_close(io_channel ch)
{
	if (--ch->refcount > 0)
		return 0;
	free(ch->name);
	free(ch);
	return 0;
}

static errcode_t
bdio_set_blksize(io_channel ch, int blksize)
{
	if (blksize <= 0 || blksize > 65536)
		return EXT2_ET_INVALID_ARGUMENT;
	ch->block_size = blksize;
	return 0;
}

static errcode_t
bdio_read_blk64(io_channel ch, unsigned long long block, int count,
    void *data)
{
	struct blockdev *bd = ch->private_data;
	uint64_t len;

	/* a negative count is a byte count (ext2_io.h) */
	if (count < 0)
		len = (uint64_t)-(int64_t)count;
	else
		len = (uint64_t)count * (uint64_t)ch->block_size;
	if (block > UINT64_MAX / (uint64_t)ch->block_size || len > SIZE_MAX)
		return EXT2_ET_LLSEEK_FAILED;
	if (blockdev_pread(bd, data, (size_t)len,
	    block * (uint64_t)ch->block_size) != 0)
		return EXT2_ET_SHORT_READ;
	return 0;
}

static errcode_t
bdio_read_blk(io_channel ch, unsigned long block, int count, void *data)
{
	return bdio_read_blk64(ch, block, count, data);
}

static errcode_t
bdio_write_blk(io_channel ch, unsigned long block, int count,
    const void *data)
{
	return EXT2_ET_RO_FILSYS;
}

static errcode_t
bdio_write_blk64(io_channel ch, unsigned long long block, int count,
    const void *data)
{
	return EXT2_ET_RO_FILSYS;
}

static errcode_t
bdio_flush(io_channel ch)
{
	return 0;
}

static errcode_t
bdio_set_option(io_channel ch, const char *option, const char *arg)
{
	return EXT2_ET_INVALID_ARGUMENT;
}

static struct struct_io_manager bdio_manager = {
	.magic = EXT2_ET_MAGIC_IO_MANAGER,
	.name = "assay blockdev I/O manager",
	.open = bdio_open,
	.close = bdio_close,
	.set_blksize = bdio_set_blksize,
	.read_blk = bdio_read_blk,
	.write_blk = bdio_write_blk,
	.flush = bdio_flush,
	.set_option = bdio_set_option,
	.read_blk64 = bdio_read_blk64,
	.write_blk64 = bdio_write_blk64,
};

/* ---- the file system ---- */

/* "ext4", "ext3" or "ext2", from the feature flags of FS. */
static const char *
extfs_kind_of(ext2_filsys fs)
{
	if (ext2fs_has_feature_extents(fs->super) ||
	    ext2fs_has_feature_64bit(fs->super) ||
	    ext2fs_has_feature_flex_bg(fs->super) ||
	    ext2fs_has_feature_huge_file(fs->super) ||
	    ext2fs_has_feature_dir_nlink(fs->super) ||
	    ext2fs_has_feature_extra_isize(fs->super))
		return "ext4";
	if (ext2fs_has_feature_journal(fs->super))
		return "ext3";
	return "ext2";
}


/* Open the file system on BD into *FSP: 0, or -1 with why in ERR. */
static int
open_checked(struct blockdev *bd, ext2_filsys *fsp, char *err, size_t errlen)
{
	ext2_filsys fs = NULL;
	char name[64];
	errcode_t rc;

	snprintf(name, sizeof(name), "blockdev:%p", (void *)bd);
	/* the superblock alone first: libext2fs sizes its group descriptor
	 * table from the block count, so a crafted count must be refused
	 * before that allocation; Linux refuses to mount a file system
	 * larger than its device too (ext4_fill_super, "bad geometry") */
	rc = ext2fs_open2(name, NULL, EXT2_FLAG_64BITS | EXT2_FLAG_SUPER_ONLY,
	    0, 0, &bdio_manager, &fs);
	if (rc == 0) {
		uint64_t blocks = ext2fs_blocks_count(fs->super);
		uint64_t bsize = (uint64_t)fs->blocksize;

		ext2fs_close_free(&fs);
		if (bsize == 0 || blocks > bd->size / bsize) {
			snprintf(err, errlen, "ext2/3/4 superblock: %llu blocks "
			    "of %llu bytes do not fit the %llu bytes of the "
			    "partition", (unsigned long long)blocks,
			    (unsigned long long)bsize,
			    (unsigned long long)bd->size);
			return -1;
		}
		rc = ext2fs_open2(name, NULL, EXT2_FLAG_64BITS, 0, 0,
		    &bdio_manager, &fs);
	}
	if (rc != 0) {
		snprintf(err, errlen, "ext2/3/4 superblock: %s",
		    error_message(rc));
		return -1;
	}
	*fsp = fs;
	return 0;
}

struct dfs *
extfs_open(struct blockdev *bd, size_t journal_max, char *err, size_t errlen)
{
	ext2_filsys fs = NULL;
	struct blockdev *jov = NULL;
	struct extfs *e;
	char why[256];

	initialize_ext2_error_table();
	if (open_checked(bd, &fs, err, errlen) != 0)
		return NULL;
	/* a journal still to replay (not cleanly unmounted): the metadata
	 * read so far may be stale. The kernel replays it at mount
	 * (ext4_load_journal), e2fsck before checking; here it is replayed
	 * in memory (fs_ext_journal.c) and the file system opened again
	 * over the replayed blocks, the flag cleared in memory only. */
	if (ext2fs_has_feature_journal_needs_recovery(fs->super)) {
		const char *kind = extfs_kind_of(fs);

		jov = extjournal_replay(fs, bd, journal_max, why, sizeof(why));
		ext2fs_close_free(&fs);
		if (jov == NULL) {
			snprintf(err, errlen, "%s: %s", kind, why);
			return NULL;
		}
		if (open_checked(jov, &fs, why, sizeof(why)) != 0) {
			snprintf(err, errlen, "%s, journal replayed: %s", kind,
			    why);
			blockdev_close(jov);
			return NULL;
		}
		ext2fs_clear_feature_journal_needs_recovery(fs->super);
	}
	e = xcalloc(1, sizeof(*e));
	e->base.ops = &extfs_ops;
	e->fs = fs;
	e->jov = jov;
	return &e->base;
}

static void
extfs_close(struct dfs *d)
{
	struct extfs *e = ext(d);

	ext2fs_close_free(&e->fs);
	blockdev_close(e->jov);
	free(e);
}

static uint64_t
extfs_root(const struct dfs *d)
{
	return EXT2_ROOT_INO;
}

static const char *
extfs_kind(const struct dfs *d)
{
	return extfs_kind_of(cext(d)->fs);
}

static enum fs_rc
read_inode(struct extfs *e, uint64_t ino, struct ext2_inode *in)
{
	if (ino < 1 || ino > e->fs->super->s_inodes_count)
		return FS_EIO;
	if (ext2fs_read_inode(e->fs, (ext2_ino_t)ino, in) != 0)
		return FS_EIO;
	return FS_OK;
}

/* A time of inode IN (of ISIZE bytes on disk): BASE, the signed 32-bit
 * seconds, and EXTRA when the inode is large enough and its
 * i_extra_isize covers it, as Linux 6.x's ext4_decode_extra_time() and
 * EXT4_INODE_GET_XTIME() (fs/ext4/ext4.h) read them: the low 2 bits of EXTRA add multiples of 2^32 seconds (the
 * epoch bits, up to 2446), the upper 30 the nanoseconds. An inode of
 * 128 bytes (mke2fs -I 128, ext2/3) has the base seconds only. */
static void
inode_time(const struct ext2_inode_large *in, size_t isize, uint32_t base,
    const uint32_t *extra, struct fstime *out)
{
	size_t off = (size_t)((const char *)extra - (const char *)in);
	int64_t sec = (int32_t)base;
	int64_t ns = 0;

	if (isize > EXT2_GOOD_OLD_INODE_SIZE &&
	    EXT2_GOOD_OLD_INODE_SIZE + (size_t)in->i_extra_isize <= isize &&
	    off + sizeof(*extra) <= EXT2_GOOD_OLD_INODE_SIZE +
	    (size_t)in->i_extra_isize) {
		sec += (int64_t)(*extra & EXT4_EPOCH_MASK) << 32;
		ns = (int64_t)(*extra >> EXT4_EPOCH_BITS);
	}
	target_fstime(out, sec, ns);
}

static enum fs_rc
extfs_stat(struct dfs *d, uint64_t ino, struct dfs_inode *out)
{
	struct extfs *e = ext(d);
	struct ext2_inode_large big;
	const struct ext2_inode *in = (const struct ext2_inode *)&big;
	size_t isize = (size_t)EXT2_INODE_SIZE(e->fs->super);

	memset(&big, 0, sizeof(big));
	if (ino < 1 || ino > e->fs->super->s_inodes_count ||
	    ext2fs_read_inode_full(e->fs, (ext2_ino_t)ino,
	    (struct ext2_inode *)&big, sizeof(big)) != 0)
		return FS_EIO;
	out->ino = ino;
	out->mode = in->i_mode;
	out->uid = inode_uid(*in);
	out->gid = inode_gid(*in);
	out->size = EXT2_I_SIZE(in);
	inode_time(&big, isize, big.i_mtime, &big.i_mtime_extra, &out->mtime);
	inode_time(&big, isize, big.i_atime, &big.i_atime_extra, &out->atime);
	inode_time(&big, isize, big.i_ctime, &big.i_ctime_extra, &out->ctime);
	return FS_OK;
}

static enum fs_rc
extfs_lookup(struct dfs *d, uint64_t dir, const char *name, uint64_t *ino)
{
	ext2_ino_t found = 0;
	errcode_t rc;

	if (dir < 1 || dir > ext(d)->fs->super->s_inodes_count)
		return FS_EIO;
	rc = ext2fs_lookup(ext(d)->fs, (ext2_ino_t)dir, name,
	    (int)strlen(name), NULL, &found);
	if (rc == EXT2_ET_FILE_NOT_FOUND)
		return FS_ENOENT;
	if (rc == EXT2_ET_NO_DIRECTORY)
		return FS_ENOTDIR;
	if (rc != 0 || found == 0)
		return FS_EIO;
	*ino = found;
	return FS_OK;
}

struct list_ctx {
	struct strlist	*names;
	uint64_t	*inos;
	size_t		 cap;
	size_t		 max;
	bool		 over;
};

static int
list_one(ext2_ino_t dir, int entry, struct ext2_dir_entry *de, int offset,
    int blocksize, char *buf, void *arg)
{
	struct list_ctx *c = arg;
	int len = ext2fs_dirent_name_len(de);
	char name[EXT2_NAME_LEN + 1];

	if (de->inode == 0 || len <= 0 || len > EXT2_NAME_LEN)
		return 0;
	memcpy(name, de->name, (size_t)len);
	name[len] = '\0';
	/* "." and "..", and names no path can hold (a crafted entry) */
	if (strcmp(name, ".") == 0 || strcmp(name, "..") == 0 ||
	    strlen(name) != (size_t)len || strchr(name, '/') != NULL)
		return 0;
	if (c->names->n >= c->max) {
		c->over = true;
		return DIRENT_ABORT;
	}
	xgrow((void **)&c->inos, &c->cap, c->names->n + 1, sizeof(*c->inos));
	c->inos[c->names->n] = de->inode;
	strlist_add(c->names, name);
	return 0;
}

static enum fs_rc
extfs_list(struct dfs *d, uint64_t dir, size_t max, struct strlist *names,
    uint64_t **inos)
{
	struct list_ctx c = { names, NULL, 0, max, false };
	errcode_t rc;

	if (dir < 1 || dir > ext(d)->fs->super->s_inodes_count)
		return FS_EIO;
	rc = ext2fs_dir_iterate2(ext(d)->fs, (ext2_ino_t)dir, 0, NULL,
	    list_one, &c);
	if (rc != 0 || c.over) {
		free(c.inos);
		return rc == EXT2_ET_NO_DIRECTORY ? FS_ENOTDIR : FS_EIO;
	}
	if (inos != NULL)
		*inos = c.inos;
	else
		free(c.inos);
	return FS_OK;
}

/* Read up to LIMIT bytes of inode INO into OUT. */
static enum fs_rc
read_file(struct extfs *e, uint64_t ino, size_t limit, struct strbuf *out)
{
	ext2_file_t f;
	char buf[65536];
	enum fs_rc ret = FS_OK;

	if (ino < 1 || ino > e->fs->super->s_inodes_count ||
	    ext2fs_file_open(e->fs, (ext2_ino_t)ino, 0, &f) != 0)
		return FS_EIO;
	for (;;) {
		unsigned int got = 0;

		if (ext2fs_file_read(f, buf, sizeof(buf), &got) != 0) {
			ret = FS_EIO;
			break;
		}
		if (got == 0)
			break;
		if (out->len + got > limit) {
			ret = FS_ETOOBIG;
			break;
		}
		strbuf_add(out, buf, got);
	}
	ext2fs_file_close(f);
	if (ret != FS_OK)
		strbuf_reset(out);
	return ret;
}

static enum fs_rc
extfs_read(struct dfs *d, const struct dfs_inode *in, size_t limit,
    struct strbuf *out)
{
	return read_file(ext(d), in->ino, limit, out);
}

static enum fs_rc
extfs_readlink(struct dfs *d, const struct dfs_inode *in,
    struct strbuf *out)
{
	struct extfs *e = ext(d);
	struct ext2_inode raw;
	enum fs_rc rc = read_inode(e, in->ino, &raw);

	if (rc != FS_OK)
		return rc;
	if (!LINUX_S_ISLNK(raw.i_mode) || EXT2_I_SIZE(&raw) >= PATH_MAX)
		return FS_EIO;
	if (ext2fs_is_fast_symlink(&raw)) {
		size_t n = (size_t)EXT2_I_SIZE(&raw);

		if (n > sizeof(raw.i_block))
			return FS_EIO;
		strbuf_add(out, (const char *)raw.i_block, n);
		return FS_OK;
	}
	return read_file(e, in->ino, PATH_MAX - 1, out);
}

static enum fs_rc
extfs_getxattr(struct dfs *d, const struct dfs_inode *in,
    const char *name, size_t limit, struct strbuf *out)
{
	struct extfs *e = ext(d);
	struct ext2_xattr_handle *h = NULL;
	void *val = NULL;
	size_t len = 0;
	errcode_t rc;

	if (in->ino < 1 || in->ino > e->fs->super->s_inodes_count)
		return FS_EIO;
	/* in-inode and block attributes, checksums checked (e2fsprogs's
	 * lib/ext2fs/ext_attr.c, as debugfs's ea_get) */
	rc = ext2fs_xattrs_open(e->fs, (ext2_ino_t)in->ino, &h);
	if (rc == 0)
		rc = ext2fs_xattrs_read(h);
	if (rc == 0)
		rc = ext2fs_xattr_get(h, name, &val, &len);
	if (h != NULL)
		ext2fs_xattrs_close(&h);
	if (rc == EXT2_ET_EA_KEY_NOT_FOUND)
		return FS_ENOENT;
	if (rc != 0)
		return FS_EIO;
	if (len > limit) {
		ext2fs_free_mem(&val);
		return FS_ETOOBIG;
	}
	strbuf_add(out, val, len);
	ext2fs_free_mem(&val);
	return FS_OK;
}

static const struct dfs_ops extfs_ops = {
	.kind = extfs_kind,
	.root = extfs_root,
	.stat = extfs_stat,
	.lookup = extfs_lookup,
	.list = extfs_list,
	.read = extfs_read,
	.readlink = extfs_readlink,
	.getxattr = extfs_getxattr,
	.close = extfs_close,
};
