/*
 * disk_private.h -- what the disk image back end's files share.
 *
 * disk.c is the target back end (struct target_ops) of a VM disk image:
 * it finds the root file system, attaches the others where the root's
 * /etc/fstab mounts them, and resolves every path inside that tree.
 * partition.c reads the partition table (libblkid) and names each
 * partition's file system; fs_ext.c reads ext2/3/4 through libext2fs,
 * fs_xfs.c XFS through libfsxfs;
 * disk_fstab.c parses /etc/fstab and matches its devices to partitions;
 * disk_lvm.c turns an LVM2 physical volume's logical volumes into more
 * of them (libvslvm).
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
	/* An LVM2 logical volume (disk_lvm.c): its volume group and name
	 * (NO 0, OFF 0), read through DEV, owned by the table. */
	char		vg[128];
	char		lv[128];
	struct blockdev	*dev;
};

struct disk_ptable {
	char			 scheme[16];	/* "gpt", "dos" or "" (none) */
	struct disk_part	*v;
	size_t			 n;
	/* What the logical volumes are read through (PV windows, LVs),
	 * closed last first by disk_ptable_free(). */
	struct blockdev		**devs;
	size_t			 ndevs;
};

/* The N-byte little-endian unsigned number at P (N <= 8): the partition
 * tables' and LVM2's on-disk integers. */
static inline uint64_t
disk_le(const unsigned char *p, size_t n)
{
	uint64_t v = 0;

	while (n-- > 0)
		v = v << 8 | p[n];
	return v;
}

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
/* Name the file system on the whole of BD (blkid TYPE, UUID, LABEL) into
 * P: 0, or -1 with why in ERR. */
int	disk_probe_dev(struct blockdev *bd, struct disk_part *p, char *err,
	    size_t errlen);
/* "partition 3" or "logical volume vg0/root" into BUF. */
const char *disk_part_name(const struct disk_part *p, char *buf, size_t len);

/* disk_lvm.c: LVM2 (lvm2's lib/format_text, LVM2 2.03), read with
 * libvslvm. Each physical volume of PT (blkid TYPE LVM2_member) is
 * checked (label and metadata area CRCs, every location inside the PV,
 * linear segments only), then its logical volumes are appended to PT
 * with their file systems named; at most MAXPARTS entries in all, at
 * most TEXTMAX bytes of metadata text. 0, or -1 with why in ERR. */
int	disk_lvm_expand(struct blockdev *bd, struct disk_ptable *pt,
	    unsigned maxparts, size_t textmax, char *err, size_t errlen);
/* Where the first DISK_LVM_HEAD bytes HEAD of a physical volume of SIZE
 * bytes put its first extent and metadata area: 0, or -1 with why in
 * ERR. */
#define DISK_LVM_HEAD	2048
int	disk_lvm_label(const unsigned char *head, uint64_t size,
	    uint64_t *pe_start, uint64_t *mda_off, uint64_t *mda_len,
	    char *err, size_t errlen);
/* Where the 512-byte metadata area header MDAH of the area at MDA_OFF
 * (MDA_LEN bytes) puts the metadata text (offset from the PV's start,
 * length, CRC): 0, or -1 with why in ERR. */
int	disk_lvm_mda(const unsigned char *mdah, uint64_t mda_off,
	    uint64_t mda_len, size_t textmax, uint64_t *off, uint64_t *len,
	    uint32_t *crc, char *err, size_t errlen);
/* Check metadata TEXT (LEN bytes) for what libvslvm must not be given:
 * a segment other than linear (a thin, mirror, RAID or striped one is
 * named), no extent size. 0, or -1 with why in ERR. */
int	disk_lvm_text_check(const char *text, size_t len, char *err,
	    size_t errlen);
/* lvm2's calc_crc() of LEN bytes of BUF. */
uint32_t disk_lvm_crc(const void *buf, size_t len);

/* One file system of the disk, read only, whatever its type: fs_ext.c
 * (ext2/3/4, libext2fs) and fs_xfs.c (XFS, libfsxfs) each embed a
 * struct dfs first and fill its ops. Inode numbers are the file
 * system's own. */
struct dfs;
struct dfs_inode {
	uint64_t	ino;
	uint32_t	mode;		/* st_mode: type and permission bits */
	uint32_t	uid;
	uint32_t	gid;
	uint64_t	size;
	struct fstime	mtime;		/* what the inode records */
	struct fstime	atime;
	struct fstime	ctime;
};
struct dfs_ops {
	/* "ext4", "xfs", ... for reports */
	const char	*(*kind)(const struct dfs *fs);
	uint64_t	 (*root)(const struct dfs *fs);
	/* Metadata of inode INO. */
	enum fs_rc	 (*stat)(struct dfs *fs, uint64_t ino,
			    struct dfs_inode *out);
	/* The inode of NAME in directory DIR: FS_ENOENT when absent. */
	enum fs_rc	 (*lookup)(struct dfs *fs, uint64_t dir,
			    const char *name, uint64_t *ino);
	/* Names (not . and ..) and inodes of directory DIR, unsorted:
	 * NAMES gets the names, INOS (may be NULL) the inodes, in the same
	 * order. More than MAX entries is FS_EIO. */
	enum fs_rc	 (*list)(struct dfs *fs, uint64_t dir, size_t max,
			    struct strlist *names, uint64_t **inos);
	/* Content of regular file IN (size already checked against
	 * LIMIT). */
	enum fs_rc	 (*read)(struct dfs *fs, const struct dfs_inode *in,
			    size_t limit, struct strbuf *out);
	/* The text of symlink IN. */
	enum fs_rc	 (*readlink)(struct dfs *fs, const struct dfs_inode *in,
			    struct strbuf *out);
	/* The value of extended attribute NAME of IN: FS_ENOENT when it
	 * has none, FS_ETOOBIG over LIMIT bytes. */
	enum fs_rc	 (*getxattr)(struct dfs *fs, const struct dfs_inode *in,
			    const char *name, size_t limit, struct strbuf *out);
	void		 (*close)(struct dfs *fs);
};
struct dfs {
	const struct dfs_ops	*ops;
};

/* Open the file system of blkid TYPE FSTYPE on BD (borrowed, outlives
 * it): NULL with why in ERR. A directory of more than DIRMAX entries
 * cannot be listed (nor, on XFS, searched); an ext3/4 journal to replay
 * may hold at most JOURNAL_MAX bytes of blocks. disk.c. */
struct dfs	*dfs_open(struct blockdev *bd, const char *fstype,
		    size_t dirmax, size_t journal_max, char *err,
		    size_t errlen);
/* fs_ext.c: ext2/3/4, a journal needing recovery replayed in memory
 * (at most JOURNAL_MAX bytes of blocks). */
struct dfs	*extfs_open(struct blockdev *bd, size_t journal_max, char *err,
		    size_t errlen);
/* fs_ext_journal.c: replay the journal of FS (open on BD, whose journal
 * needs recovery) in memory: a view of BD (which it borrows) with the
 * committed transactions' blocks, at most MAXBYTES of them. NULL with
 * why in ERR. FS is an ext2_filsys. */
struct blockdev	*extjournal_replay(void *fs, struct blockdev *bd,
		    size_t maxbytes, char *err, size_t errlen);
/* fs_xfs.c: XFS. Is the superblock SB (its first XFSFS_SB_BYTES bytes)
 * one to size from, on a partition of SIZE bytes (Linux's
 * xfs_validate_sb_common() checks of the geometry)? 0, or -1 with why
 * in ERR. */
#define XFSFS_SB_BYTES	512
int		 xfsfs_check_sb(const unsigned char *sb, uint64_t size,
		    char *err, size_t errlen);
struct dfs	*xfsfs_open(struct blockdev *bd, size_t dirmax, char *err,
		    size_t errlen);
/* fs_xfs.c: a libbfio handle (libbfio_handle_t *, opened by the
 * library) reading BD (borrowed), never writing; NULL on failure. */
void		*disk_bfio_new(struct blockdev *bd);

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
 * PARTLABEL=, /dev/disk/by-{uuid,label,partuuid,partlabel}/, a device
 * name such as /dev/sda3, /dev/vda3, /dev/nvme0n1p3, /dev/mmcblk0p3,
 * /dev/xvda3, or a logical volume's /dev/VG/LV or /dev/mapper/VG-LV),
 * or NULL. */
const struct disk_part *disk_fstab_match(const struct disk_ptable *pt,
	    const char *spec);

#endif /* ASSAY_DISK_PRIVATE_H */
