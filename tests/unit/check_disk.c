/*
 * check_disk.c -- the disk image back end: format detection, the block
 * device, partition checks, fstab parsing and matching, and the fs view
 * over a real ext4 image.
 *
 * The ext4 image is built per test by `mke2fs -d` from a tree made here
 * (unprivileged: no mount, no loop device), holding what a hostile root
 * holds: absolute and climbing symlinks, a loop, a 41-link chain, a FIFO,
 * a hard link, an oversized file. `debugfs -w` then adds what no real
 * ext4 has: a directory linked into itself, a cycle the walk must report
 * and leave, not follow forever.
 */
#include "config.h"

#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "assay/blockdev.h"
#include "assay/target.h"
#include "assay/xmem.h"
#include "../../engine/target/disk_private.h"
#include "../../engine/target/target_private.h"
#include "testutil.h"

static char *tmp;
static char *img;

static void
setup(void)
{
	tmp = tu_tmpdir();
	img = xasprintf("%s/fs.img", tmp);
	alarm(60);
}

static void
teardown(void)
{
	alarm(0);
	tu_rmtree(tmp);
	free(tmp);
	free(img);
}

/* Run the shell command FMT..., failing the test when it fails. */
static void sh(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static void
sh(const char *fmt, ...)
{
	char cmd[4096];
	va_list ap;
	int rc;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	rc = system(cmd);
	ck_assert_msg(rc == 0, "`%s` failed (%d): mke2fs and debugfs "
	    "(e2fsprogs) are needed", cmd, rc);
}

/* The tree of every test image, as the ext4 file system IMG. */
static void
make_image(void)
{
	char *root = xasprintf("%s/root", tmp);
	char big[4096];

	tu_write(root, "etc/passwd", "root:x:0:0:inside:/root:/bin/sh\n",
	    0644);
	tu_write(root, "etc/os-release", "ID=debian\n", 0644);
	tu_write(root, "etc/shadow", "root:*:1::::::\n", 0640);
	tu_symlink(root, "etc/abs", "/etc/passwd");
	tu_symlink(root, "etc/climb", "../../../../../etc/passwd");
	tu_symlink(root, "etc/loop", "loop");
	tu_symlink(root, "usr-link", "usr");
	tu_write(root, "usr/lib/x", "x\n", 0755);
	tu_setcap(root, "usr/lib/x");	/* mke2fs -d copies xattrs */
	for (int i = 0; i <= 40; i++) {
		char rel[32];
		char to[32];

		snprintf(rel, sizeof(rel), "chain/c%d", i);
		if (i < 40)
			snprintf(to, sizeof(to), "c%d", i + 1);
		else
			snprintf(to, sizeof(to), "/etc/passwd");
		tu_symlink(root, rel, to);
	}
	tu_mkfifo(root, "run/fifo");
	memset(big, 'a', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	tu_write(root, "var/big", big, 0600);
	tu_mkdir(root, "a/b/c/d", 0755);
	sh("ln %s/etc/passwd %s/etc/passwd.hard", root, root);
	sh("mke2fs -q -F -t ext4 -d %s %s 8M >/dev/null", root, img);
	free(root);
}

static struct target *
open_img(const struct target_opts *o, struct diag *d)
{
	return target_open_opts(img, &limits_default, o, d);
}

START_TEST(test_detect_by_content)
{
	unsigned char b[4096];

	memset(b, 0, sizeof(b));
	ck_assert_ptr_null(target_disk_detect(b, sizeof(b)));
	memcpy(b + 512, "EFI PART", 8);
	ck_assert_str_eq(target_disk_detect(b, sizeof(b)), "gpt");
	memset(b, 0, sizeof(b));
	memcpy(b + 512, "LABELONE", 8);
	ck_assert_str_eq(target_disk_detect(b, sizeof(b)), "lvm");
	memset(b, 0, sizeof(b));
	b[1080] = 0x53;
	b[1081] = 0xef;
	ck_assert_str_eq(target_disk_detect(b, sizeof(b)), "ext");
	ck_assert_ptr_null(target_disk_detect(b, 1081));
	memset(b, 0, sizeof(b));
	b[510] = 0x55;
	b[511] = 0xaa;
	b[446] = 0x80;
	ck_assert_str_eq(target_disk_detect(b, sizeof(b)), "mbr");
	/* a FAT boot sector: the signature, but code where entries sit */
	b[446] = 0x31;
	ck_assert_ptr_null(target_disk_detect(b, sizeof(b)));
	/* a tar header is never a disk, whatever else it holds */
	b[446] = 0;
	memcpy(b + 257, "ustar", 5);
	ck_assert_ptr_null(target_disk_detect(b, sizeof(b)));
	ck_assert_ptr_null(target_disk_detect(b, 0));
}
END_TEST

START_TEST(test_detect_containers)
{
	unsigned char h[512];
	unsigned char t[512];

	memset(h, 0, sizeof(h));
	memset(t, 0, sizeof(t));
	ck_assert_ptr_null(blockdev_detect(h, sizeof(h), t, sizeof(t)));
	memcpy(h, "QFI\xfb", 4);
	ck_assert_str_eq(blockdev_detect(h, sizeof(h), NULL, 0), "qcow2");
	ck_assert_str_eq(target_disk_detect(h, sizeof(h)), "qcow2");
	ck_assert_ptr_null(blockdev_detect(h, 3, NULL, 0));
	memcpy(h, "vhdxfile", 8);
	ck_assert_str_eq(blockdev_detect(h, sizeof(h), NULL, 0), "vhdx");
	memcpy(h, "conectix", 8);
	ck_assert_str_eq(blockdev_detect(h, sizeof(h), NULL, 0), "vhd");
	memcpy(h, "KDMV", 4);
	ck_assert_str_eq(blockdev_detect(h, sizeof(h), NULL, 0), "vmdk");
	memcpy(h, "# Disk DescriptorFile", 21);
	ck_assert_str_eq(blockdev_detect(h, sizeof(h), NULL, 0), "vmdk");
	/* a fixed VHD: raw bytes, then the footer */
	memset(h, 0, sizeof(h));
	memcpy(t, "conectix", 8);
	ck_assert_str_eq(blockdev_detect(h, sizeof(h), t, sizeof(t)), "vhd");
	ck_assert_ptr_null(blockdev_detect(h, sizeof(h), t, 511));
}
END_TEST

START_TEST(test_vhd_footer_checksum)
{
	unsigned char f[512];
	char err[256];
	uint32_t sum = 0;

	memset(f, 0, sizeof(f));
	memcpy(f, "conectix", 8);
	f[100] = 0x42;
	for (size_t i = 0; i < sizeof(f); i++)
		sum += f[i];
	sum = ~sum;
	f[64] = (unsigned char)(sum >> 24);
	f[65] = (unsigned char)(sum >> 16);
	f[66] = (unsigned char)(sum >> 8);
	f[67] = (unsigned char)sum;
	ck_assert_int_eq(blockdev_vhd_footer_check(f, err, sizeof(err)), 0);
	f[100] = 0x43;
	ck_assert_int_eq(blockdev_vhd_footer_check(f, err, sizeof(err)), -1);
	ck_assert_msg(strstr(err, "VHD: footer checksum 0x") == err, "%s",
	    err);
}
END_TEST

START_TEST(test_blockdev_window_bounds)
{
	char *p = xasprintf("%s/raw", tmp);
	struct blockdev *bd;
	struct blockdev *w;
	char err[256];
	char buf[8];

	tu_write(tmp, "raw", "0123456789abcdef", 0644);
	bd = blockdev_open(p, err, sizeof(err));
	ck_assert_ptr_nonnull(bd);
	ck_assert_str_eq(bd->format, "raw");
	ck_assert_uint_eq(bd->size, 16);
	ck_assert_ptr_null(blockdev_window(bd, 8, 9));
	ck_assert_ptr_null(blockdev_window(bd, 17, 0));
	w = blockdev_window(bd, 4, 8);
	ck_assert_ptr_nonnull(w);
	ck_assert_int_eq(blockdev_pread(w, buf, 8, 0), 0);
	ck_assert_int_eq(memcmp(buf, "456789ab", 8), 0);
	/* one byte past the window: an error, not the parent's byte */
	ck_assert_int_eq(blockdev_pread(w, buf, 2, 7), -1);
	ck_assert_str_eq(w->err, "read of 2 bytes at offset 7 is past the "
	    "end (8 bytes)");
	ck_assert_int_eq(blockdev_pread(w, buf, 1, UINT64_MAX), -1);
	blockdev_close(w);
	blockdev_close(bd);
	ck_assert_ptr_null(blockdev_open(tmp, err, sizeof(err)));
	ck_assert_str_eq(err, "not a regular file");
	free(p);
}
END_TEST

START_TEST(test_ptable_check)
{
	struct disk_part v[3];
	struct disk_ptable pt = { .scheme = "dos", .v = v, .n = 2 };
	char err[256];

	memset(v, 0, sizeof(v));
	v[0] = (struct disk_part){ .no = 1, .off = 1024, .len = 1024 };
	v[1] = (struct disk_part){ .no = 2, .off = 2048, .len = 1024 };
	ck_assert_int_eq(disk_ptable_check(&pt, 4096, err, sizeof(err)), 0);
	ck_assert_int_eq(disk_ptable_check(&pt, 3000, err, sizeof(err)), -1);
	ck_assert_str_eq(err, "partition 2 (bytes 2048+1024) lies past the "
	    "end of the disk (3000 bytes)");
	v[1].off = 1536;
	ck_assert_int_eq(disk_ptable_check(&pt, 4096, err, sizeof(err)), -1);
	ck_assert_str_eq(err, "partitions 1 and 2 overlap");
	/* an extended partition holds its logical ones */
	v[1] = (struct disk_part){ .no = 2, .off = 2048, .len = 2048,
	    .extended = true };
	v[2] = (struct disk_part){ .no = 5, .off = 2560, .len = 512 };
	pt.n = 3;
	ck_assert_int_eq(disk_ptable_check(&pt, 4096, err, sizeof(err)), 0);
	v[2].len = 4096;
	ck_assert_int_eq(disk_ptable_check(&pt, 8192, err, sizeof(err)), -1);
	v[2] = (struct disk_part){ .no = 5, .off = 2560, .len = 0 };
	ck_assert_int_eq(disk_ptable_check(&pt, 4096, err, sizeof(err)), -1);
	/* an offset near UINT64_MAX does not wrap */
	v[2] = (struct disk_part){ .no = 5, .off = UINT64_MAX - 10,
	    .len = 100 };
	ck_assert_int_eq(disk_ptable_check(&pt, 4096, err, sizeof(err)), -1);
}
END_TEST

START_TEST(test_fstab_parse)
{
	static const char text[] =
	    "# comment\n"
	    "UUID=1234 / ext4 defaults 0 1\n"
	    "UUID=abcd /var ext4 nodev 0 2\n"
	    "tmpfs /tmp tmpfs nodev 0 0\n"
	    "/dev/sda3 none swap sw 0 0\n"
	    "/srv/data /data none bind 0 0\n"
	    "/dev/sda4 /data ext4 rw,bind 0 0\n"
	    "LABEL=my\\040home /home\\040dir ext4 defaults\n"
	    "  \t PARTUUID=ff-01\t/boot\text4\n"
	    "server:/export /mnt nfs defaults 0 0\n"
	    "/dev/sda5 relative ext4\n"
	    "/dev/sda6 /last ext4";
	struct disk_fstab_ent *v;
	size_t dropped;
	size_t n;

	n = disk_fstab_parse(text, sizeof(text) - 1, 32, &v, &dropped);
	ck_assert_uint_eq(n, 4);
	ck_assert_uint_eq(dropped, 0);
	ck_assert_str_eq(v[0].spec, "UUID=abcd");
	ck_assert_str_eq(v[0].file, "/var");
	ck_assert_str_eq(v[1].spec, "LABEL=my home");
	ck_assert_str_eq(v[1].file, "/home dir");
	ck_assert_str_eq(v[2].spec, "PARTUUID=ff-01");
	ck_assert_str_eq(v[2].file, "/boot");
	ck_assert_str_eq(v[3].file, "/last");
	disk_fstab_free(v, n);
	n = disk_fstab_parse(text, sizeof(text) - 1, 2, &v, &dropped);
	ck_assert_uint_eq(n, 2);
	ck_assert_uint_eq(dropped, 2);
	disk_fstab_free(v, n);
	n = disk_fstab_parse("", 0, 2, &v, &dropped);
	ck_assert_uint_eq(n, 0);
	disk_fstab_free(v, n);
}
END_TEST

START_TEST(test_fstab_match)
{
	struct disk_part v[3];
	struct disk_ptable pt = { .scheme = "gpt", .v = v, .n = 3 };

	memset(v, 0, sizeof(v));
	v[0].no = 1;
	strcpy(v[0].uuid, "0b7f1c2e-0002-4d5e-8f90-a1b2c3d4e5f2");
	strcpy(v[0].label, "data/x");
	v[1].no = 2;
	v[1].extended = true;
	strcpy(v[1].uuid, "ext");
	v[2].no = 3;
	strcpy(v[2].partuuid, "6a1c3f7e-0003-4c1b-9a2e-3f1d5e7a9b03");
	strcpy(v[2].partlabel, "home");
	ck_assert_ptr_eq(disk_fstab_match(&pt,
	    "UUID=0B7F1C2E-0002-4D5E-8F90-A1B2C3D4E5F2"), &v[0]);
	ck_assert_ptr_eq(disk_fstab_match(&pt, "LABEL=\"data/x\""), &v[0]);
	ck_assert_ptr_eq(disk_fstab_match(&pt,
	    "/dev/disk/by-label/data\\x2fx"), &v[0]);
	ck_assert_ptr_eq(disk_fstab_match(&pt,
	    "/dev/disk/by-partuuid/6a1c3f7e-0003-4c1b-9a2e-3f1d5e7a9b03"),
	    &v[2]);
	ck_assert_ptr_eq(disk_fstab_match(&pt, "PARTLABEL=home"), &v[2]);
	ck_assert_ptr_eq(disk_fstab_match(&pt, "/dev/vda3"), &v[2]);
	ck_assert_ptr_eq(disk_fstab_match(&pt, "/dev/nvme0n1p1"), &v[0]);
	ck_assert_ptr_eq(disk_fstab_match(&pt, "/dev/xvda1"), &v[0]);
	ck_assert_ptr_eq(disk_fstab_match(&pt, "/dev/mmcblk0p3"), &v[2]);
	/* an extended container, another disk, LVM, a missing one */
	ck_assert_ptr_null(disk_fstab_match(&pt, "UUID=ext"));
	ck_assert_ptr_null(disk_fstab_match(&pt, "/dev/sda2"));
	ck_assert_ptr_null(disk_fstab_match(&pt, "/dev/sdb1"));
	ck_assert_ptr_null(disk_fstab_match(&pt, "/dev/sda01"));
	ck_assert_ptr_null(disk_fstab_match(&pt, "/dev/mapper/vg0-var"));
	ck_assert_ptr_null(disk_fstab_match(&pt, "UUID="));
	ck_assert_ptr_null(disk_fstab_match(&pt, "LABEL=nope"));
	/* a bare file system has no partition numbers */
	pt.scheme[0] = '\0';
	ck_assert_ptr_null(disk_fstab_match(&pt, "/dev/vda3"));
}
END_TEST

START_TEST(test_fstab_match_lvm)
{
	struct disk_part v[3];
	struct disk_ptable pt = { .scheme = "", .v = v, .n = 3 };

	memset(v, 0, sizeof(v));
	strcpy(v[0].fstype, "LVM2_member");
	strcpy(v[1].vg, "vg-sys");
	strcpy(v[1].lv, "var-log");
	strcpy(v[1].uuid, "0b7f1c2e-0003-4d5e-8f90-a1b2c3d4e5f3");
	strcpy(v[2].vg, "vg0");
	strcpy(v[2].lv, "home");
	strcpy(v[2].label, "home");
	/* device-mapper doubles each dash of the VG and LV names */
	ck_assert_ptr_eq(disk_fstab_match(&pt,
	    "/dev/mapper/vg--sys-var--log"), &v[1]);
	ck_assert_ptr_eq(disk_fstab_match(&pt, "/dev/vg-sys/var-log"), &v[1]);
	ck_assert_ptr_eq(disk_fstab_match(&pt, "/dev/mapper/vg0-home"), &v[2]);
	ck_assert_ptr_eq(disk_fstab_match(&pt, "/dev/vg0/home"), &v[2]);
	ck_assert_ptr_eq(disk_fstab_match(&pt,
	    "UUID=0b7f1c2e-0003-4d5e-8f90-a1b2c3d4e5f3"), &v[1]);
	ck_assert_ptr_eq(disk_fstab_match(&pt, "LABEL=home"), &v[2]);
	ck_assert_ptr_null(disk_fstab_match(&pt, "/dev/mapper/vg-sys-var-log"));
	ck_assert_ptr_null(disk_fstab_match(&pt, "/dev/mapper/vg--sys-var"));
	ck_assert_ptr_null(disk_fstab_match(&pt, "/dev/mapper/vg0-home-"));
	ck_assert_ptr_null(disk_fstab_match(&pt, "/dev/vg0/home/x"));
	ck_assert_ptr_null(disk_fstab_match(&pt, "/dev/vg1/home"));
	ck_assert_ptr_null(disk_fstab_match(&pt, "/dev/vda1"));
}
END_TEST

static void
put_le32(unsigned char *p, uint32_t v)
{
	for (int k = 0; k < 4; k++)
		p[k] = (unsigned char)(v >> (8 * k));
}

/* A physical volume's first 2048 bytes: label in sector 1, pv_header
 * with one data area (PE at 1 MiB) and one metadata area (4096 +
 * 1044480). */
static void
lvm_head(unsigned char *h)
{
	unsigned char *l = h + 512;
	static const uint64_t locn[8] = { 1 << 20, 0, 0, 0, 4096,
	    (1 << 20) - 4096, 0, 0 };

	memset(h, 0, 2048);
	memcpy(l, "LABELONE", 8);
	l[8] = 1;
	l[20] = 32;
	memcpy(l + 24, "LVM2 001", 8);
	memcpy(l + 32, "0123456789abcdefABCDEFGHIJKLMNOP", 32);
	for (int i = 0; i < 8; i++)
		for (int k = 0; k < 8; k++)
			l[72 + 8 * i + k] = (unsigned char)(locn[i] >> (8 * k));
	put_le32(l + 16, disk_lvm_crc(l + 20, 492));
}

START_TEST(test_lvm_label_and_mda)
{
	unsigned char h[2048];
	unsigned char m[512];
	uint64_t pe, mo, ml, to, tl;
	uint32_t crc;
	char err[256];

	/* lvm2's calc_crc of nothing is its seed */
	ck_assert_uint_eq(disk_lvm_crc("", 0), 0xf597a6cf);
	lvm_head(h);
	ck_assert_int_eq(disk_lvm_label(h, 64 << 20, &pe, &mo, &ml, err,
	    sizeof(err)), 0);
	ck_assert_uint_eq(pe, 1 << 20);
	ck_assert_uint_eq(mo, 4096);
	ck_assert_uint_eq(ml, (1 << 20) - 4096);
	/* a PV smaller than its metadata area says */
	ck_assert_int_eq(disk_lvm_label(h, 4096 + 1000, &pe, &mo, &ml, err,
	    sizeof(err)), -1);
	ck_assert_str_eq(err, "LVM2 data area (at byte 1048576) lies past "
	    "the end of the physical volume (5096 bytes)");
	h[600] ^= 1;
	ck_assert_int_eq(disk_lvm_label(h, 64 << 20, &pe, &mo, &ml, err,
	    sizeof(err)), -1);
	ck_assert_str_eq(err, "LVM2 label (sector 1): checksum mismatch");
	memset(h, 0, sizeof(h));
	ck_assert_int_eq(disk_lvm_label(h, 64 << 20, &pe, &mo, &ml, err,
	    sizeof(err)), -1);
	ck_assert_str_eq(err, "LVM2 label: none in the first 4 sectors");

	memset(m, 0, sizeof(m));
	memcpy(m + 4, " LVM2 x[5A%r0N*>", 16);
	m[20] = 1;
	m[25] = 0x10;				/* start 4096 */
	m[41] = 0x02;				/* text at 512 */
	m[48] = 100;				/* of 100 bytes */
	put_le32(m + 56, 0x12345678);
	put_le32(m, disk_lvm_crc(m + 4, 508));
	ck_assert_int_eq(disk_lvm_mda(m, 4096, 1 << 20, 1 << 20, &to, &tl,
	    &crc, err, sizeof(err)), 0);
	ck_assert_uint_eq(to, 4096 + 512);
	ck_assert_uint_eq(tl, 100);
	ck_assert_uint_eq(crc, 0x12345678);
	ck_assert_int_eq(disk_lvm_mda(m, 4096, 1 << 20, 99, &to, &tl, &crc,
	    err, sizeof(err)), -1);
	ck_assert_str_eq(err, "LVM2 metadata text of 100 bytes, more than the "
	    "99 read");
	ck_assert_int_eq(disk_lvm_mda(m, 4096, 600, 1 << 20, &to, &tl, &crc,
	    err, sizeof(err)), -1);
	ck_assert_str_eq(err, "LVM2 metadata text (bytes 512+100 of the "
	    "metadata area) lies past the metadata area (600 bytes; text "
	    "wrapping round its end is not read)");
	m[48] = 101;
	ck_assert_int_eq(disk_lvm_mda(m, 4096, 1 << 20, 1 << 20, &to, &tl,
	    &crc, err, sizeof(err)), -1);
	ck_assert_str_eq(err, "LVM2 metadata area header (at byte 4096): "
	    "checksum mismatch");
}
END_TEST

START_TEST(test_lvm_text_check)
{
	static const char linear[] =
	    "vg0 {\n\textent_size = 8192\n\tlogical_volumes {\n"
	    "\t\troot {\n\t\t\tsegment1 {\n\t\t\t\ttype = \"striped\"\n"
	    "\t\t\t\tstripe_count = 1\n\t\t\t}\n\t\t}\n\t}\n}\n";
	static const char thin[] =
	    "vg0 {\nextent_size = 8192\nlogical_volumes {\nlv-1 {\n"
	    "segment1 {\ntype = \"thin-pool\"\n}\n}\n}\n}\n";
	static const char striped[] =
	    "vg0 {\nextent_size = 8192\nlogical_volumes {\ndata {\n"
	    "segment2 {\ntype = \"striped\"\nstripe_count = 3\n}\n}\n}\n}\n";
	static const char noext[] =
	    "vg0 {\nextent_size = 0\nlogical_volumes {\n}\n}\n";
	char err[256];

	ck_assert_int_eq(disk_lvm_text_check(linear, sizeof(linear), err,
	    sizeof(err)), 0);
	ck_assert_int_eq(disk_lvm_text_check(thin, sizeof(thin), err,
	    sizeof(err)), -1);
	ck_assert_str_eq(err, "LVM2 logical volume lv-1: segment type "
	    "\"thin-pool\" not supported (linear volumes only)");
	ck_assert_int_eq(disk_lvm_text_check(striped, sizeof(striped), err,
	    sizeof(err)), -1);
	ck_assert_str_eq(err, "LVM2 logical volume data: segment type "
	    "\"striped\" over 3 stripes not supported (linear volumes only)");
	ck_assert_int_eq(disk_lvm_text_check(noext, sizeof(noext), err,
	    sizeof(err)), -1);
	ck_assert_str_eq(err, "LVM2 metadata: the volume group has no "
	    "extent_size");
}
END_TEST

START_TEST(test_image_opens_as_disk_and_resolves_inside)
{
	struct diag *d = diag_new();
	struct strbuf b = STRBUF_INIT;
	struct fsnode n;
	struct target *t;

	make_image();
	t = open_img(NULL, d);
	ck_assert_msg(t != NULL, "%s", diag_count(d) > 0 ? diag_text(d, 0) : "?");
	ck_assert_int_eq(target_kind(t), TARGET_DISK_IMAGE);
	ck_assert_str_eq(target_kind_str(TARGET_DISK_IMAGE), "disk-image");
	ck_assert_str_eq(target_describe(t),
	    "disk image (raw), no partition table, ext4 file system");
	ck_assert_int_eq(target_read(t, "/etc/abs", 0, &b), FS_OK);
	ck_assert_str_eq(b.buf, "root:x:0:0:inside:/root:/bin/sh\n");
	ck_assert_int_eq(target_read(t, "/etc/climb", 0, &b), FS_OK);
	ck_assert_str_eq(b.buf, "root:x:0:0:inside:/root:/bin/sh\n");
	ck_assert_int_eq(target_read(t, "/usr-link/../etc/passwd.hard", 0,
	    &b), FS_OK);
	ck_assert_str_eq(b.buf, "root:x:0:0:inside:/root:/bin/sh\n");
	ck_assert_int_eq(target_read(t, "/usr-link/lib/x", 0, &b), FS_OK);
	ck_assert_int_eq(target_read(t, "/etc/loop", 0, &b), FS_ELOOP);
	ck_assert_int_eq(target_read(t, "/chain/c1", 0, &b), FS_OK);
	ck_assert_int_eq(target_read(t, "/chain/c0", 0, &b), FS_ELOOP);
	ck_assert_int_eq(target_read(t, "/run/fifo", 0, &b), FS_ENOTREG);
	ck_assert_int_eq(target_read(t, "/var/big", 100, &b), FS_ETOOBIG);
	ck_assert_int_eq(target_read(t, "/var/big", 0, &b), FS_OK);
	ck_assert_uint_eq(b.len, 4095);
	ck_assert_int_eq(target_read(t, "/nope", 0, &b), FS_ENOENT);
	ck_assert_int_eq(target_read(t, "/etc/passwd/x", 0, &b),
	    FS_ENOTDIR);
	ck_assert_int_eq(target_readlink(t, "/etc/climb", &b), FS_OK);
	ck_assert_str_eq(b.buf, "../../../../../etc/passwd");
	ck_assert_int_eq(target_readlink(t, "/etc/passwd", &b), FS_EIO);
	ck_assert_int_eq(target_lookup(t, "/etc/abs", false, &n), FS_OK);
	ck_assert_int_eq(n.type, FS_LNK);
	ck_assert_int_eq(target_lookup(t, "/etc/shadow", true, &n), FS_OK);
	ck_assert_int_eq(n.type, FS_REG);
	ck_assert_uint_eq(n.mode, 0640);
	ck_assert_uint_eq(n.uid, getuid());
	ck_assert_int_eq(n.layer, -1);
	ck_assert_int_eq(target_lookup(t, "/run/fifo", false, &n), FS_OK);
	ck_assert_int_eq(n.type, FS_FIFO);
	ck_assert_int_eq(target_lookup(t, "/..", false, &n), FS_OK);
	ck_assert_int_eq(n.type, FS_DIR);
	strbuf_release(&b);
	target_close(t);
	diag_free(d);
}
END_TEST

/* Inode times as the kernel decodes them: the signed 32-bit seconds
 * (before 1970 too), the nanoseconds and epoch bits of i_*_extra in a
 * 256-byte inode (mke2fs -d 1.47.0 copies whole seconds and wraps past
 * 2038, so debugfs writes the extra words), whole seconds only in a
 * 128-byte inode. */
START_TEST(test_ext4_inode_times)
{
	char *root = xasprintf("%s/root", tmp);
	struct diag *d = diag_new();
	struct fsnode n;
	struct target *t;

	tu_write(root, "a", "a\n", 0644);
	tu_write(root, "d/b", "b\n", 0644);
	sh("touch -d '2001-02-03 04:05:06 UTC' %s/a", root);
	/* 2100-01-01: base 0xf4865700 (negative as int32), epoch 1 */
	sh("touch -d '2100-01-01 00:00:00 UTC' %s/d/b", root);
	sh("touch -d '1960-06-01 00:00:00 UTC' %s/d", root);
	sh("mke2fs -q -F -t ext4 -d %s %s 8M >/dev/null", root, img);
	/* 123456789 ns << 2; 500000000 ns << 2 | epoch 1 */
	sh("debugfs -w -R 'sif /a mtime_extra 0x1d6f3454' %s 2>/dev/null",
	    img);
	sh("debugfs -w -R 'sif /d/b mtime_extra 0x77359401' %s 2>/dev/null",
	    img);
	t = open_img(NULL, d);
	ck_assert_msg(t != NULL, "%s", diag_count(d) > 0 ? diag_text(d, 0) :
	    "?");
	ck_assert_int_eq(target_lookup(t, "/a", false, &n), FS_OK);
	ck_assert(n.mtime.known && n.atime.known && n.ctime.known);
	ck_assert_int_eq(n.mtime.sec, 981173106);
	ck_assert_uint_eq(n.mtime.nsec, 123456789);
	ck_assert_int_eq(n.atime.sec, 981173106);
	ck_assert_uint_eq(n.atime.nsec, 0);
	ck_assert_int_eq(target_lookup(t, "/d/b", false, &n), FS_OK);
	ck_assert_int_eq(n.mtime.sec, 4102444800LL);
	ck_assert_uint_eq(n.mtime.nsec, 500000000);
	/* the atime kept mke2fs's wrapped base and epoch 0 */
	ck_assert_int_eq(n.atime.sec, 4102444800LL - (1LL << 32));
	ck_assert_int_eq(target_lookup(t, "/d", false, &n), FS_OK);
	ck_assert_int_eq(n.mtime.sec, -302486400);
	target_close(t);
	sh("mke2fs -q -F -t ext4 -I 128 -d %s %s 8M >/dev/null 2>&1", root,
	    img);
	t = open_img(NULL, d);
	ck_assert_ptr_nonnull(t);
	ck_assert_int_eq(target_lookup(t, "/a", false, &n), FS_OK);
	ck_assert(n.mtime.known);
	ck_assert_int_eq(n.mtime.sec, 981173106);
	ck_assert_uint_eq(n.mtime.nsec, 0);
	target_close(t);
	diag_free(d);
	free(root);
}
END_TEST

/* XFS inode times in both encodings (read from the inode, not through
 * libfsxfs, which predates bigtime): mkfs.xfs -p stamps the file with
 * the time it runs, the access time 0 (1970). Loop 0: bigtime (the default),
 * 1: -m bigtime=0, 32-bit seconds. */
START_TEST(test_xfs_inode_times)
{
	char *root = xasprintf("%s/root", tmp);
	char *proto = xasprintf("%s/proto", tmp);
	struct diag *d = diag_new();
	struct fsnode n;
	struct target *t;
	time_t before, after;

	tu_write(root, "a", "a\n", 0644);
	tu_write(tmp, "proto", "", 0644);
	sh("printf '/dev/null\\n0 0\\nd--755 0 0\\na ---644 0 0 %s/a\\n$\\n' "
	    ">%s", root, proto);
	before = time(NULL);
	sh("truncate -s 300M %s && mkfs.xfs -q -f %s -p %s %s", img,
	    _i == 0 ? "" : "-m bigtime=0", proto, img);
	after = time(NULL);
	t = open_img(NULL, d);
	ck_assert_msg(t != NULL, "%s", diag_count(d) > 0 ? diag_text(d, 0) :
	    "?");
	ck_assert_int_eq(target_lookup(t, "/a", false, &n), FS_OK);
	ck_assert(n.mtime.known && n.atime.known && n.ctime.known);
	ck_assert_msg(n.mtime.sec >= before && n.mtime.sec <= after,
	    "mtime %lld not in [%lld, %lld]", (long long)n.mtime.sec,
	    (long long)before, (long long)after);
	ck_assert_uint_lt(n.mtime.nsec, 1000000000);
	ck_assert_int_eq(n.ctime.sec, n.mtime.sec);
	ck_assert_int_eq(n.atime.sec, 0);
	target_close(t);
	diag_free(d);
	free(root);
	free(proto);
}
END_TEST

START_TEST(test_getxattr_reads_ext4_attributes)
{
	struct diag *d = diag_new();
	struct strbuf b = STRBUF_INIT;
	struct limits lim = limits_default;
	struct target *t;

	make_image();
	t = open_img(NULL, d);
	ck_assert_ptr_nonnull(t);
	ck_assert_int_eq(target_getxattr(t, "/usr-link/lib/x",
	    "security.capability", &b), FS_OK);
	ck_assert_uint_eq(b.len, TU_CAP_LEN);
	ck_assert_int_eq(memcmp(b.buf, tu_cap, TU_CAP_LEN), 0);
	ck_assert_int_eq(target_getxattr(t, "/etc/passwd",
	    "security.capability", &b), FS_ENOENT);
	ck_assert_int_eq(target_getxattr(t, "/usr/lib/x", "user.none", &b),
	    FS_ENOENT);
	ck_assert_int_eq(target_getxattr(t, "/nope", "security.capability",
	    &b), FS_ENOENT);
	ck_assert_int_eq(target_getxattr(t, "/etc/loop",
	    "security.capability", &b), FS_ELOOP);
	target_close(t);
	lim.xattr_bytes = TU_CAP_LEN - 1;
	t = target_open_opts(img, &lim, NULL, d);
	ck_assert_ptr_nonnull(t);
	ck_assert_int_eq(target_getxattr(t, "/usr/lib/x",
	    "security.capability", &b), FS_ETOOBIG);
	target_close(t);
	strbuf_release(&b);
	diag_free(d);
}
END_TEST

START_TEST(test_list_and_glob_sorted)
{
	struct diag *d = diag_new();
	struct strlist l = STRLIST_INIT;
	struct target *t;

	make_image();
	t = open_img(NULL, d);
	ck_assert_ptr_nonnull(t);
	ck_assert_int_eq(target_list(t, "/etc", &l), FS_OK);
	ck_assert_uint_eq(l.n, 7);
	ck_assert_str_eq(l.v[0], "abs");
	ck_assert_str_eq(l.v[6], "shadow");
	strlist_release(&l);
	ck_assert_int_eq(target_list(t, "/etc/passwd", &l), FS_ENOTDIR);
	ck_assert_int_eq(target_glob(t, "/etc/pass*", &l), FS_OK);
	ck_assert_uint_eq(l.n, 2);
	ck_assert_str_eq(l.v[0], "/etc/passwd");
	ck_assert_str_eq(l.v[1], "/etc/passwd.hard");
	strlist_release(&l);
	target_close(t);
	diag_free(d);
}
END_TEST

struct seen_paths {
	struct strlist	paths;
	struct strlist	errs;
};

static enum walk_ret
collect(const char *path, const struct fsnode *n, void *arg)
{
	struct seen_paths *s = arg;

	strlist_add(&s->paths, path);
	return WALK_CONTINUE;
}

static void
collect_err(const char *path, enum fs_rc rc, void *arg)
{
	struct seen_paths *s = arg;
	char *e = xasprintf("%s: %s", path, fs_rc_str(rc));

	strlist_adopt(&s->errs, e);
}

START_TEST(test_walk_order_depth_and_cycle)
{
	struct seen_paths s = { STRLIST_INIT, STRLIST_INIT };
	struct limits lim = limits_default;
	struct diag *d = diag_new();
	struct target *t;

	make_image();
	/* /a/b/c/loop is /a again: a cycle no real ext4 holds */
	sh("debugfs -w -R 'link /a /a/b/c/loop' %s >/dev/null 2>&1", img);
	t = open_img(NULL, d);
	ck_assert_ptr_nonnull(t);
	ck_assert_int_eq(target_walk(t, "/a", collect, collect_err, &s),
	    FS_OK);
	ck_assert_uint_eq(s.paths.n, 5);
	ck_assert_str_eq(s.paths.v[0], "/a");
	ck_assert_str_eq(s.paths.v[1], "/a/b");
	ck_assert_str_eq(s.paths.v[2], "/a/b/c");
	ck_assert_str_eq(s.paths.v[3], "/a/b/c/d");
	ck_assert_str_eq(s.paths.v[4], "/a/b/c/loop");
	ck_assert_uint_eq(s.errs.n, 1);
	ck_assert_str_eq(s.errs.v[0],
	    "/a/b/c/loop: too many levels of symbolic links");
	target_close(t);
	strlist_release(&s.paths);
	strlist_release(&s.errs);
	/* the depth cap, as the directory target counts it */
	lim.walk_depth = 2;
	t = target_open_opts(img, &lim, NULL, d);
	ck_assert_ptr_nonnull(t);
	ck_assert_int_eq(target_walk(t, "/a", collect, collect_err, &s),
	    FS_OK);
	ck_assert_uint_eq(s.paths.n, 3);
	ck_assert_uint_eq(s.errs.n, 1);
	ck_assert_str_eq(s.errs.v[0], "/a/b/c: directory nested deeper "
	    "than the walk depth limit");
	target_close(t);
	strlist_release(&s.paths);
	strlist_release(&s.errs);
	diag_free(d);
}
END_TEST

START_TEST(test_corrupt_and_partition_errors)
{
	struct target_opts o = { .partition = 2 };
	struct diag *d = diag_new();
	char *msg;

	make_image();
	ck_assert_ptr_null(open_img(&o, d));
	ck_assert_uint_eq(diag_count(d), 1);
	msg = xasprintf("%s: disk image: --partition 2: no such partition "
	    "(partitions: 0 (ext4))", img);
	ck_assert_str_eq(diag_text(d, 0), msg);
	free(msg);
	diag_clear(d);
	/* block size 2^(10+200): the superblock is refused */
	sh("printf '\\310' | dd of=%s bs=1 seek=1048 conv=notrunc "
	    "status=none", img);
	ck_assert_ptr_null(open_img(NULL, d));
	ck_assert_uint_eq(diag_count(d), 1);
	ck_assert_msg(strstr(diag_text(d, 0), "disk image: ext2/3/4 superblock: ")
	    != NULL, "%s", diag_text(d, 0));
	diag_free(d);
}
END_TEST

static Suite *
disk_suite(void)
{
	Suite *s = suite_create("disk");
	TCase *tc = tcase_create("disk");

	tcase_set_timeout(tc, 120);
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_detect_by_content);
	tcase_add_test(tc, test_detect_containers);
	tcase_add_test(tc, test_vhd_footer_checksum);
	tcase_add_test(tc, test_blockdev_window_bounds);
	tcase_add_test(tc, test_ptable_check);
	tcase_add_test(tc, test_fstab_parse);
	tcase_add_test(tc, test_fstab_match);
	tcase_add_test(tc, test_fstab_match_lvm);
	tcase_add_test(tc, test_lvm_label_and_mda);
	tcase_add_test(tc, test_lvm_text_check);
	tcase_add_test(tc, test_image_opens_as_disk_and_resolves_inside);
	tcase_add_test(tc, test_getxattr_reads_ext4_attributes);
	tcase_add_test(tc, test_ext4_inode_times);
	tcase_add_loop_test(tc, test_xfs_inode_times, 0, 2);
	tcase_add_test(tc, test_list_and_glob_sorted);
	tcase_add_test(tc, test_walk_order_depth_and_cycle);
	tcase_add_test(tc, test_corrupt_and_partition_errors);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return tu_run_suite(disk_suite());
}
