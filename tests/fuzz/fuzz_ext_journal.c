/*
 * fuzz_ext_journal.c -- libFuzzer target for the ext3/4 journal replay
 * (engine/target/fs_ext_journal.c, extjournal_replay).
 *
 * The file system around the journal is fixed: once per process a 4 MiB
 * ext4 of 1 KiB blocks with a 1024-block journal (inode 8) is made with
 * libext2fs in the fuzz root, flagged needs_recovery. The input is the
 * journal's content from its block 0 (the jbd2 superblock, then the log),
 * padded with zeros to its 1024 blocks (more is cut): each run writes it
 * over the journal inode's blocks, opens the file system, replays the
 * journal with a cap of 64 blocks and reads the whole replayed view back
 * in odd-sized pieces. The seed corpus is the journals of debugfs's
 * journal_write (with and without checksums v3, as the dirty images of
 * tests/e2e/disk-image.sh), their trailing zeros cut.
 */
#include "config.h"

#include <ext2fs/ext2_fs.h>
#include <ext2fs/ext2fs.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../engine/target/disk_private.h"
#include "assay/xmem.h"
#include "fuzz.h"

#define FS_BLOCKS	4096u
#define BS		1024u
#define JBLOCKS		1024u
#define REPLAY_MAX	(64u * BS)

static char	*img;
static blk64_t	 jmap[JBLOCKS];	/* journal block -> file system block */

static void
die(const char *what, const char *path)
{
	fprintf(stderr, "fuzz_ext_journal: %s %s: %s\n", what, path,
	    strerror(errno));
	abort();
}

static void
fail(const char *what, errcode_t rc)
{
	fprintf(stderr, "fuzz_ext_journal: %s: %s\n", what,
	    error_message(rc));
	abort();
}

/* Make the fixed file system at IMG and map its journal. */
static void
mkfs(void)
{
	struct ext2_super_block param;
	struct ext2fs_journal_params jp = { JBLOCKS, 0 };
	ext2_filsys fs;
	errcode_t rc;
	int fd = open(img, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);

	if (fd < 0 || ftruncate(fd, (off_t)FS_BLOCKS * BS) != 0)
		die("create", img);
	close(fd);
	memset(&param, 0, sizeof(param));
	ext2fs_blocks_count_set(&param, FS_BLOCKS);
	param.s_log_block_size = 0;
	param.s_rev_level = EXT2_DYNAMIC_REV;
	if ((rc = ext2fs_initialize(img, EXT2_FLAG_RW | EXT2_FLAG_64BITS,
	    &param, unix_io_manager, &fs)) != 0)
		fail("ext2fs_initialize", rc);
	if ((rc = ext2fs_allocate_tables(fs)) != 0)
		fail("ext2fs_allocate_tables", rc);
	if ((rc = ext2fs_mkdir(fs, EXT2_ROOT_INO, EXT2_ROOT_INO, 0)) != 0)
		fail("ext2fs_mkdir", rc);
	if ((rc = ext2fs_add_journal_inode3(fs, &jp, ~0ULL, 0)) != 0)
		fail("ext2fs_add_journal_inode3", rc);
	ext2fs_set_feature_journal_needs_recovery(fs->super);
	ext2fs_mark_super_dirty(fs);
	for (blk64_t i = 0; i < JBLOCKS; i++)
		if ((rc = ext2fs_bmap2(fs, EXT2_JOURNAL_INO, NULL, NULL, 0, i,
		    NULL, &jmap[i])) != 0 || jmap[i] == 0 ||
		    jmap[i] >= FS_BLOCKS)
			fail("ext2fs_bmap2", rc);
	if ((rc = ext2fs_close_free(&fs)) != 0)
		fail("ext2fs_close", rc);
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	initialize_ext2_error_table();
	img = xasprintf("%s/ext.img", fuzz_root());
	mkfs();
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static unsigned char block[BS];
	static unsigned char buf[3 * BS + 1];
	/* journal blocks the previous input wrote (the rest are zero) */
	static size_t written = JBLOCKS;
	size_t nblocks = size / BS + (size % BS != 0);
	struct blockdev *bd, *ov;
	ext2_filsys fs = NULL;
	char err[512];
	errcode_t rc;
	int fd = open(img, O_WRONLY | O_CLOEXEC);

	if (fd < 0)
		die("open", img);
	if (nblocks > JBLOCKS)
		nblocks = JBLOCKS;
	for (size_t i = 0; i < JBLOCKS && (i < nblocks || i < written); i++) {
		size_t off = i * BS;
		size_t n = off < size ? size - off : 0;

		memset(block, 0, sizeof(block));
		if (n > 0)
			memcpy(block, data + off, n < BS ? n : BS);
		if (pwrite(fd, block, BS, (off_t)(jmap[i] * BS)) != BS)
			die("pwrite", img);
	}
	close(fd);
	written = nblocks;
	if ((rc = ext2fs_open2(img, NULL, EXT2_FLAG_64BITS, 0, 0,
	    unix_io_manager, &fs)) != 0)
		fail("ext2fs_open2", rc);
	if ((bd = blockdev_open(img, err, sizeof(err))) == NULL) {
		fprintf(stderr, "fuzz_ext_journal: %s\n", err);
		abort();
	}
	err[0] = '\0';
	ov = extjournal_replay(fs, bd, REPLAY_MAX, err, sizeof(err));
	ext2fs_close_free(&fs);
	if (ov == NULL && err[0] == '\0') {
		fprintf(stderr, "fuzz_ext_journal: refused without a "
		    "message\n");
		abort();
	}
	if (ov != NULL && ov->size != bd->size)
		abort();
	for (uint64_t off = 0; ov != NULL && off < ov->size;
	    off += sizeof(buf)) {
		size_t n = ov->size - off < sizeof(buf) ?
		    (size_t)(ov->size - off) : sizeof(buf);

		if (blockdev_pread(ov, buf, n, off) != 0) {
			fprintf(stderr, "fuzz_ext_journal: %s\n", ov->err);
			abort();
		}
	}
	blockdev_close(ov);
	blockdev_close(bd);
	return 0;
}
