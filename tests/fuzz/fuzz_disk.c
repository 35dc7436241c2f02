/*
 * fuzz_disk.c -- libFuzzer target for the disk image back end's own glue
 * (engine/target/): format detection, the partition checks and fstab
 * parsing and matching. libblkid and libext2fs are fuzzed upstream.
 *
 * The input is split at "%%" lines: part 1 is the first bytes of a disk
 * (target_disk_detect, blockdev_detect, the VHD footer checksum and the
 * XFS superblock geometry of its first 512 bytes), part 2 a partition table as 17-byte records
 * (number, offset, length; the top bit of the number marks an extended
 * one) checked against a disk of 1 GiB, part 3 an /etc/fstab whose
 * entries are parsed and matched against that table, whose partitions
 * take the fstab's own specs as their UUID, label and PARTUUID so that
 * matches happen; a /dev/VG/LV spec makes its partition that logical
 * volume too. Part 4 is the start of an LVM2 physical volume (label,
 * pv_header), read again as a metadata area header and as the volume
 * group's metadata text (disk_lvm.c's checks before libvslvm).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "../../engine/target/disk_private.h"
#include "../../engine/target/target_private.h"
#include "fuzz.h"

#define MAXPARTS 16

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fuzz_init();
	return 0;
}

static uint64_t
le64(const uint8_t *p)
{
	uint64_t v = 0;

	for (int i = 7; i >= 0; i--)
		v = v << 8 | p[i];
	return v;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *part[4] = { NULL, NULL, NULL, NULL };
	size_t len[4] = { 0, 0, 0, 0 };
	struct disk_part v[MAXPARTS];
	struct disk_ptable pt = { .scheme = "gpt", .v = v, .n = 0 };
	struct disk_fstab_ent *ents = NULL;
	char err[256];
	size_t dropped;
	size_t n;

	fuzz_split(data, size, part, len, 4);
	if (part[3] != NULL) {
		uint64_t a, b, c;
		uint32_t crc;

		if (len[3] >= DISK_LVM_HEAD)
			(void)disk_lvm_label(part[3], (uint64_t)1 << 30, &a, &b,
			    &c, err, sizeof(err));
		if (len[3] >= 512)
			(void)disk_lvm_mda(part[3], 4096, 1 << 20, 1 << 20, &a,
			    &b, &crc, err, sizeof(err));
		(void)disk_lvm_text_check((const char *)part[3], len[3], err,
		    sizeof(err));
	}
	(void)target_disk_detect(part[0], len[0]);
	(void)blockdev_detect(part[0], len[0], part[0], len[0]);
	if (len[0] >= 512)
		(void)blockdev_vhd_footer_check(part[0], err, sizeof(err));
	if (len[0] >= XFSFS_SB_BYTES)
		(void)xfsfs_check_sb(part[0], (uint64_t)1 << 30, err,
		    sizeof(err));
	memset(v, 0, sizeof(v));
	for (size_t i = 0; part[1] != NULL && i + 17 <= len[1] &&
	    pt.n < MAXPARTS; i += 17) {
		struct disk_part *p = &v[pt.n++];

		p->no = part[1][i] & 0x7f;
		p->extended = (part[1][i] & 0x80) != 0;
		p->off = le64(part[1] + i + 1);
		p->len = le64(part[1] + i + 9);
	}
	(void)disk_ptable_check(&pt, (uint64_t)1 << 30, err, sizeof(err));
	if (part[2] == NULL)
		return 0;
	n = disk_fstab_parse((const char *)part[2], len[2], 8, &ents,
	    &dropped);
	for (size_t i = 0; i < n && i < pt.n; i++) {
		const char *eq = strchr(ents[i].spec, '=');
		const char *val = eq != NULL ? eq + 1 : ents[i].spec;

		snprintf(v[i].uuid, sizeof(v[i].uuid), "%s", val);
		snprintf(v[i].label, sizeof(v[i].label), "%s", val);
		snprintf(v[i].partuuid, sizeof(v[i].partuuid), "%s", val);
		if (strncmp(ents[i].spec, "/dev/", 5) == 0 &&
		    (eq = strchr(ents[i].spec + 5, '/')) != NULL) {
			snprintf(v[i].vg, sizeof(v[i].vg), "%.*s",
			    (int)(eq - ents[i].spec - 5), ents[i].spec + 5);
			snprintf(v[i].lv, sizeof(v[i].lv), "%s", eq + 1);
		}
	}
	for (size_t i = 0; i < n; i++) {
		const struct disk_part *p = disk_fstab_match(&pt,
		    ents[i].spec);

		if (p != NULL && (p < v || p >= v + pt.n))
			abort();
	}
	pt.scheme[0] = '\0';
	for (size_t i = 0; i < n; i++)
		(void)disk_fstab_match(&pt, ents[i].spec);
	disk_fstab_free(ents, n);
	return 0;
}
