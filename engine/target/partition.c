/*
 * partition.c -- a disk image's partition table and file systems, by
 * libblkid (util-linux 2.38), as blkid(8) and the kernel see them.
 *
 * libblkid reads MBR (with extended and logical partitions, numbered 5
 * and up as Linux numbers them) and GPT (protective MBR, header and
 * entry CRCs, the backup header when the primary is bad), and names the
 * file system in each partition with its UUID and label, which fstab
 * lines refer to. What libblkid does not check we do here: a partition
 * must lie inside the disk and must not overlap another, since a crafted
 * table could otherwise make two "partitions" share a file system's
 * blocks or point past the image.
 *
 * libblkid reads a file descriptor. A raw image is one; a container
 * (qcow2, VHD, VMDK) is read through its library, so libblkid gets a
 * sparse in-memory copy (memfd) of the disk holding just what it reads:
 * the first and last MiB (MBR, GPT header and entries, backup GPT), the
 * GPT entry array wherever the header puts it, each extended boot record
 * of an MBR's logical partition chain, and the first 128 KiB and last
 * 64 KiB of each partition (where libblkid looks for superblocks: ext at
 * 1 KiB, btrfs at 64 KiB, RAID and others near the end). Everything else
 * reads as zeros; at most disk_partitions x 192 KiB of memory.
 */
#include "config.h"

#include <blkid/blkid.h>
#include <stdio.h>
#include <sys/mman.h>
#include <unistd.h>
#include <stdlib.h>
#include <string.h>

#include "assay/util.h"
#include "assay/xmem.h"
#include "disk_private.h"

/* blkid reports partitions in 512-byte sectors whatever the disk's
 * logical sector size (libblkid's blkid_partition_get_start). */
#define SECTOR 512
#define MIB ((uint64_t)1 << 20)
/* Bytes of a partition's start copied for libblkid's superblock probe. */
#define SB_HEAD ((uint64_t)128 << 10)

/* Copy LEN bytes at OFF of BD (clipped to it) into FD at the same
 * offset: 0, or -1 with why in ERR. */
static int
shadow_copy(int fd, struct blockdev *bd, uint64_t off, uint64_t len,
    char *err, size_t errlen)
{
	char buf[65536];

	if (off >= bd->size)
		return 0;
	if (len > bd->size - off)
		len = bd->size - off;
	while (len > 0) {
		size_t n = len < sizeof(buf) ? (size_t)len : sizeof(buf);

		if (blockdev_pread(bd, buf, n, off) != 0) {
			snprintf(err, errlen, "%s", bd->err);
			return -1;
		}
		if (pwrite(fd, buf, n, (off_t)off) != (ssize_t)n) {
			snprintf(err, errlen, "cannot copy the partition "
			    "table to memory");
			return -1;
		}
		off += n;
		len -= n;
	}
	return 0;
}

/* Follow the MBR's extended boot record chains of BD into FD, at most
 * MAXPARTS records. */
static int
shadow_ebrs(int fd, struct blockdev *bd, unsigned maxparts, char *err,
    size_t errlen)
{
	unsigned char mbr[512];
	unsigned budget = maxparts;

	if (blockdev_pread(bd, mbr, sizeof(mbr), 0) != 0 ||
	    mbr[510] != 0x55 || mbr[511] != 0xaa)
		return 0;
	for (int i = 0; i < 4; i++) {
		const unsigned char *e = mbr + 446 + 16 * i;
		uint64_t ext;
		uint64_t cur;

		if (e[4] != 0x05 && e[4] != 0x0f && e[4] != 0x85)
			continue;
		ext = disk_le(e + 8, 4) * SECTOR;
		cur = ext;
		while (budget-- > 0 && cur + SECTOR <= bd->size) {
			unsigned char ebr[512];
			const unsigned char *next = ebr + 446 + 16;

			if (shadow_copy(fd, bd, cur, SECTOR, err, errlen) != 0)
				return -1;
			if (blockdev_pread(bd, ebr, sizeof(ebr), cur) != 0 ||
			    (next[4] != 0x05 && next[4] != 0x0f &&
			    next[4] != 0x85) || disk_le(next + 8, 4) == 0)
				break;
			cur = ext + disk_le(next + 8, 4) * SECTOR;
		}
	}
	return 0;
}

/* A memfd standing for container BD, as the header comment says: -1
 * with why in ERR on failure. */
static int
shadow_new(struct blockdev *bd, unsigned maxparts, char *err, size_t errlen)
{
	unsigned char gpt[512];
	int fd = memfd_create("assay-disk", MFD_CLOEXEC);

	if (fd < 0 || ftruncate(fd, (off_t)bd->size) != 0) {
		snprintf(err, errlen, "cannot make the in-memory copy of the "
		    "partition table");
		if (fd >= 0)
			close(fd);
		return -1;
	}
	if (shadow_copy(fd, bd, 0, MIB, err, errlen) != 0 ||
	    (bd->size > MIB && shadow_copy(fd, bd, bd->size - MIB, MIB, err,
	    errlen) != 0) ||
	    shadow_ebrs(fd, bd, maxparts, err, errlen) != 0) {
		close(fd);
		return -1;
	}
	if (bd->size >= 1024 && blockdev_pread(bd, gpt, sizeof(gpt), 512) ==
	    0 && memcmp(gpt, "EFI PART", 8) == 0) {
		uint64_t lba = disk_le(gpt + 72, 8);
		uint64_t len = disk_le(gpt + 80, 4) * disk_le(gpt + 84, 4);

		if (lba < UINT64_MAX / SECTOR && shadow_copy(fd, bd,
		    lba * SECTOR, len < MIB ? len : MIB, err, errlen) != 0) {
			close(fd);
			return -1;
		}
	}
	return fd;
}


/* Copy blkid value NAME of PR into BUF (left "" when absent). */
static void
probe_value(blkid_probe pr, const char *name, char *buf, size_t len)
{
	const char *v = NULL;

	if (blkid_probe_lookup_value(pr, name, &v, NULL) == 0 && v != NULL)
		snprintf(buf, len, "%s", v);
}

/* The top device's fd and where BD starts in it. */
static int
probe_fd(struct blockdev *bd, uint64_t *base)
{
	*base = 0;
	while (bd->parent != NULL) {
		*base += bd->base;
		bd = bd->parent;
	}
	return bd->fd;
}

/* Name the file system in LEN bytes at OFF of FD into P. */
static void
probe_fs(int fd, uint64_t off, uint64_t len, struct disk_part *p)
{
	blkid_probe pr = blkid_new_probe();

	if (pr == NULL)
		return;
	if (blkid_probe_set_device(pr, fd, (blkid_loff_t)off,
	    (blkid_loff_t)len) == 0) {
		blkid_probe_enable_partitions(pr, 0);
		blkid_probe_enable_superblocks(pr, 1);
		blkid_probe_set_superblocks_flags(pr, BLKID_SUBLKS_TYPE |
		    BLKID_SUBLKS_UUID | BLKID_SUBLKS_LABEL);
		if (blkid_do_safeprobe(pr) == 0) {
			probe_value(pr, "TYPE", p->fstype, sizeof(p->fstype));
			probe_value(pr, "UUID", p->uuid, sizeof(p->uuid));
			probe_value(pr, "LABEL", p->label, sizeof(p->label));
		}
	}
	blkid_free_probe(pr);
}

static void
copy_str(char *dst, size_t len, const char *src)
{
	snprintf(dst, len, "%s", src != NULL ? src : "");
}

static int ptable_probe(struct blockdev *bd, int fd, uint64_t base,
    bool shadow, unsigned maxparts, struct disk_ptable *pt, char *err,
    size_t errlen);

int
disk_ptable_read(struct blockdev *bd, unsigned maxparts,
    struct disk_ptable *pt, char *err, size_t errlen)
{
	uint64_t base;
	int fd = probe_fd(bd, &base);
	int shadow = -1;
	int rc;

	memset(pt, 0, sizeof(*pt));
	if (fd < 0) {
		shadow = fd = shadow_new(bd, maxparts, err, errlen);
		if (fd < 0)
			return -1;
	}
	rc = ptable_probe(bd, fd, base, shadow >= 0, maxparts, pt, err,
	    errlen);
	if (shadow >= 0)
		close(shadow);
	return rc;
}

/* disk_ptable_read() on FD (the device at BASE, or a shadow copy when
 * SHADOW). */
static int
ptable_probe(struct blockdev *bd, int fd, uint64_t base, bool shadow,
    unsigned maxparts, struct disk_ptable *pt, char *err, size_t errlen)
{
	blkid_partlist ls;
	blkid_probe pr;
	int n;

	pr = blkid_new_probe();
	if (pr == NULL || blkid_probe_set_device(pr, fd, (blkid_loff_t)base,
	    (blkid_loff_t)bd->size) != 0) {
		snprintf(err, errlen, "cannot probe the partition table");
		if (pr != NULL)
			blkid_free_probe(pr);
		return -1;
	}
	blkid_probe_enable_superblocks(pr, 0);
	blkid_probe_enable_partitions(pr, 1);
	blkid_probe_set_partitions_flags(pr, BLKID_PARTS_ENTRY_DETAILS);
	ls = blkid_probe_get_partitions(pr);
	n = ls != NULL ? blkid_partlist_numof_partitions(ls) : 0;
	if (ls == NULL || n <= 0) {
		/* no table: the whole disk may hold a file system */
		blkid_free_probe(pr);
		pt->v = xcalloc(1, sizeof(*pt->v));
		pt->n = 1;
		pt->v[0].len = bd->size;
		probe_fs(fd, base, bd->size, &pt->v[0]);
		return 0;
	}
	if ((unsigned)n > maxparts) {
		snprintf(err, errlen, "the partition table has %d partitions, "
		    "more than the %u read", n, maxparts);
		blkid_free_probe(pr);
		return -1;
	}
	copy_str(pt->scheme, sizeof(pt->scheme),
	    blkid_parttable_get_type(blkid_partlist_get_table(ls)));
	pt->v = xcalloc((size_t)n, sizeof(*pt->v));
	for (int i = 0; i < n; i++) {
		blkid_partition par = blkid_partlist_get_partition(ls, i);
		struct disk_part *p = &pt->v[pt->n++];
		blkid_loff_t start = blkid_partition_get_start(par);
		blkid_loff_t size = blkid_partition_get_size(par);

		p->no = (unsigned)blkid_partition_get_partno(par);
		if (start < 0 || size < 0 || (uint64_t)start > UINT64_MAX /
		    SECTOR || (uint64_t)size > UINT64_MAX / SECTOR) {
			snprintf(err, errlen, "partition %u: bad start or "
			    "size", p->no);
			blkid_free_probe(pr);
			disk_ptable_free(pt);
			return -1;
		}
		p->off = (uint64_t)start * SECTOR;
		p->len = (uint64_t)size * SECTOR;
		p->extended = blkid_partition_is_extended(par) != 0;
		copy_str(p->partuuid, sizeof(p->partuuid),
		    blkid_partition_get_uuid(par));
		copy_str(p->partlabel, sizeof(p->partlabel),
		    blkid_partition_get_name(par));
	}
	blkid_free_probe(pr);
	if (disk_ptable_check(pt, bd->size, err, errlen) != 0) {
		disk_ptable_free(pt);
		return -1;
	}
	for (size_t i = 0; i < pt->n; i++) {
		struct disk_part *p = &pt->v[i];

		if (p->extended)
			continue;
		if (shadow && (shadow_copy(fd, bd, p->off, p->len < SB_HEAD ?
		    p->len : SB_HEAD, err, errlen) != 0 || (p->len > 65536 &&
		    shadow_copy(fd, bd, p->off + p->len - 65536, 65536, err,
		    errlen) != 0))) {
			disk_ptable_free(pt);
			return -1;
		}
		probe_fs(fd, base + p->off, p->len, p);
	}
	return 0;
}

/* Does A hold B (an extended container and one of its logicals)? */
static bool
holds(const struct disk_part *a, const struct disk_part *b)
{
	return a->extended && b->no >= 5 && b->off >= a->off &&
	    b->off - a->off <= a->len && b->len <= a->len - (b->off - a->off);
}

int
disk_ptable_check(const struct disk_ptable *pt, uint64_t size, char *err,
    size_t errlen)
{
	for (size_t i = 0; i < pt->n; i++) {
		const struct disk_part *a = &pt->v[i];

		if (a->len == 0 || a->off > size || a->len > size - a->off) {
			snprintf(err, errlen, "partition %u (bytes %llu+%llu) "
			    "lies past the end of the disk (%llu bytes)", a->no,
			    (unsigned long long)a->off,
			    (unsigned long long)a->len,
			    (unsigned long long)size);
			return -1;
		}
		for (size_t j = 0; j < i; j++) {
			const struct disk_part *b = &pt->v[j];

			if (a->off >= b->off + b->len ||
			    b->off >= a->off + a->len ||
			    holds(a, b) || holds(b, a))
				continue;
			snprintf(err, errlen, "partitions %u and %u overlap",
			    b->no, a->no);
			return -1;
		}
	}
	return 0;
}

void
disk_ptable_free(struct disk_ptable *pt)
{
	while (pt->ndevs > 0)
		blockdev_close(pt->devs[--pt->ndevs]);
	free(pt->devs);
	pt->devs = NULL;
	free(pt->v);
	pt->v = NULL;
	pt->n = 0;
}

int
disk_probe_dev(struct blockdev *bd, struct disk_part *p, char *err,
    size_t errlen)
{
	uint64_t base;
	int fd = probe_fd(bd, &base);
	int shadow = -1;

	if (fd < 0) {
		/* as shadow_new(): what libblkid reads of a file system */
		shadow = fd = memfd_create("assay-lv", MFD_CLOEXEC);
		base = 0;
		if (fd < 0 || ftruncate(fd, (off_t)bd->size) != 0) {
			snprintf(err, errlen, "cannot make the in-memory copy "
			    "of a file system's superblock");
			if (fd >= 0)
				close(fd);
			return -1;
		}
		if (shadow_copy(fd, bd, 0, SB_HEAD, err, errlen) != 0 ||
		    (bd->size > 65536 && shadow_copy(fd, bd, bd->size -
		    65536, 65536, err, errlen) != 0)) {
			close(fd);
			return -1;
		}
	}
	probe_fs(fd, base, bd->size, p);
	if (shadow >= 0)
		close(shadow);
	return 0;
}

const char *
disk_part_name(const struct disk_part *p, char *buf, size_t len)
{
	if (p->lv[0] != '\0')
		snprintf(buf, len, "logical volume %s/%s", p->vg, p->lv);
	else
		snprintf(buf, len, "partition %u", p->no);
	return buf;
}

bool
disk_fs_supported(const char *fstype)
{
	return strcmp(fstype, "ext2") == 0 || strcmp(fstype, "ext3") == 0 ||
	    strcmp(fstype, "ext4") == 0 || strcmp(fstype, "xfs") == 0;
}
