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
 */
#include "config.h"

#include <blkid/blkid.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "assay/util.h"
#include "assay/xmem.h"
#include "disk_private.h"

/* blkid reports partitions in 512-byte sectors whatever the disk's
 * logical sector size (libblkid's blkid_partition_get_start). */
#define SECTOR 512

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

int
disk_ptable_read(struct blockdev *bd, unsigned maxparts,
    struct disk_ptable *pt, char *err, size_t errlen)
{
	blkid_partlist ls;
	blkid_probe pr;
	uint64_t base;
	int fd = probe_fd(bd, &base);
	int n;

	memset(pt, 0, sizeof(*pt));
	if (fd < 0) {
		snprintf(err, errlen, "partition tables are read from raw "
		    "images only");
		return -1;
	}
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
	for (size_t i = 0; i < pt->n; i++)
		if (!pt->v[i].extended)
			probe_fs(fd, base + pt->v[i].off, pt->v[i].len,
			    &pt->v[i]);
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
	free(pt->v);
	pt->v = NULL;
	pt->n = 0;
}

bool
disk_fs_supported(const char *fstype)
{
	return strcmp(fstype, "ext2") == 0 || strcmp(fstype, "ext3") == 0 ||
	    strcmp(fstype, "ext4") == 0;
}
