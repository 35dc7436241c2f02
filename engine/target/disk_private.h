/*
 * disk_private.h -- what the disk image back end's files share.
 *
 * disk.c is the target back end (struct target_ops) of a VM disk image:
 * it finds the root file system, attaches the others where the root's
 * /etc/fstab mounts them, and resolves every path inside that tree.
 * partition.c reads the partition table (libblkid) and names each
 * partition's file system; fs_ext.c reads ext2/3/4 through libext2fs;
 * disk_fstab.c parses /etc/fstab and matches its devices to partitions.
 * All of them read the image through include/assay/blockdev.h.
 */
#ifndef ASSAY_DISK_PRIVATE_H
#define ASSAY_DISK_PRIVATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "assay/blockdev.h"
#include "assay/strbuf.h"
#include "assay/target.h"

/* One partition (NO >= 1), or the whole disk holding a bare file
 * system (NO 0). Strings are "" when unknown. */
struct disk_part {
	unsigned	no;
	uint64_t	off;		/* bytes */
	uint64_t	len;
	bool		extended;	/* an MBR extended container */
	char		fstype[32];	/* blkid TYPE: ext4, xfs, vfat, ... */
	char		uuid[64];	/* file system UUID */
	char		label[64];
	char		partuuid[64];
	char		partlabel[64];
};

struct disk_ptable {
	char			 scheme[16];	/* "gpt", "dos" or "" (none) */
	struct disk_part	*v;
	size_t			 n;
};

/* partition.c */
/* Read BD's partition table (or, with none, its bare file system) into
 * PT: 0, or -1 with why in ERR. At most MAXPARTS partitions. */
int	disk_ptable_read(struct blockdev *bd, unsigned maxparts,
	    struct disk_ptable *pt, char *err, size_t errlen);
/* Check PT against a disk of SIZE bytes: every partition inside it,
 * none overlapping another (an MBR extended container holds its logical
 * partitions): 0, or -1 with why in ERR. */
int	disk_ptable_check(const struct disk_ptable *pt, uint64_t size,
	    char *err, size_t errlen);
void	disk_ptable_free(struct disk_ptable *pt);
/* Does PART hold a file system this back end reads? */
bool	disk_fs_supported(const char *fstype);

/* fs_ext.c: one ext2/3/4 file system, read only. Inode numbers are
 * libext2fs's (the root is 2). */
struct extfs;
struct extfs_inode {
	uint32_t	ino;
	uint32_t	mode;		/* st_mode: type and permission bits */
	uint32_t	uid;
	uint32_t	gid;
	uint64_t	size;
};
/* Open the file system on BD (borrowed, outlives it): NULL with why in
 * ERR. */
struct extfs	*extfs_open(struct blockdev *bd, char *err, size_t errlen);
void		 extfs_close(struct extfs *fs);
uint32_t	 extfs_root(const struct extfs *fs);
/* Metadata of inode INO. */
enum fs_rc	 extfs_stat(struct extfs *fs, uint32_t ino,
		    struct extfs_inode *out);
/* The inode of NAME in directory DIR: FS_ENOENT when absent. */
enum fs_rc	 extfs_lookup(struct extfs *fs, uint32_t dir, const char *name,
		    uint32_t *ino);
/* Names (not . and ..) and inodes of directory DIR, unsorted: NAMES gets
 * the names, INOS (may be NULL) the inodes, in the same order. More than
 * MAX entries is FS_EIO. */
enum fs_rc	 extfs_list(struct extfs *fs, uint32_t dir, size_t max,
		    struct strlist *names, uint32_t **inos);
/* Content of regular file IN (size already checked against LIMIT). */
enum fs_rc	 extfs_read(struct extfs *fs, const struct extfs_inode *in,
		    size_t limit, struct strbuf *out);
/* The text of symlink IN. */
enum fs_rc	 extfs_readlink(struct extfs *fs, const struct extfs_inode *in,
		    struct strbuf *out);
/* The value of extended attribute NAME of IN: FS_ENOENT when it has
 * none, FS_ETOOBIG over LIMIT bytes. */
enum fs_rc	 extfs_getxattr(struct extfs *fs, const struct extfs_inode *in,
		    const char *name, size_t limit, struct strbuf *out);
/* "ext4", "ext3" or "ext2", from the feature flags. */
const char	*extfs_kind(const struct extfs *fs);

/* disk_fstab.c: the lines of an fstab(5) that mount a block device. */
struct disk_fstab_ent {
	char	*spec;		/* as written: UUID=..., /dev/sda2 */
	char	*file;		/* mount point, octal escapes decoded */
	char	*vfstype;
};
/* Parse fstab TEXT (LEN bytes): the entries whose mount point is an
 * absolute directory other than "/" and whose type is not swap, a
 * pseudo file system or a bind mount, in file order, at most MAX (more
 * are counted in *DROPPED). */
size_t	disk_fstab_parse(const char *text, size_t len, size_t max,
	    struct disk_fstab_ent **out, size_t *dropped);
void	disk_fstab_free(struct disk_fstab_ent *v, size_t n);
/* The partition of PT that SPEC names (UUID=, LABEL=, PARTUUID=,
 * PARTLABEL=, /dev/disk/by-{uuid,label,partuuid,partlabel}/, or a device
 * name such as /dev/sda3, /dev/vda3, /dev/nvme0n1p3, /dev/mmcblk0p3,
 * /dev/xvda3), or NULL. */
const struct disk_part *disk_fstab_match(const struct disk_ptable *pt,
	    const char *spec);

#endif /* ASSAY_DISK_PRIVATE_H */
