/*
 * fs_ext_journal.c -- an ext3/4 journal (jbd2) replayed in memory.
 *
 * A file system not cleanly unmounted has its last metadata changes in
 * the journal only; the kernel replays them at mount (ext4_load_journal)
 * and e2fsck does before checking. libext2fs 1.47 has no replay (the code
 * is e2fsck's recovery.c, shared with debugfs's journal_run), so it is
 * done here, the way recovery.c does it (jbd2 format, Linux's
 * include/linux/jbd2.h), without writing anything: the blocks the
 * committed transactions hold become an overlay of the partition's
 * blockdev, which libext2fs then reads.
 *
 * From the journal superblock's s_start and s_sequence, the log is
 * scanned block by block (wrapping from s_maxlen to s_first) while each
 * block carries the jbd2 magic and the expected sequence: descriptor
 * blocks list the file system blocks the following journal blocks hold
 * (tags, 8 to 16 bytes by feature, an escaped first word restored), revoke
 * blocks cancel earlier copies of a block, a commit block closes a
 * transaction. Only transactions whose commit block is found (and, with
 * checksums v2/v3, whose commit checksum holds) are replayed; a block
 * whose tag checksum fails is skipped, as recovery.c does; a revoke
 * record of transaction R cancels the copies of transactions up to R.
 *
 * Refused with a message (e2fsck -fy on a copy then does it): an
 * external journal device, a fast-commit journal, an unknown incompat
 * feature, a journal superblock whose checksum fails, more replayed
 * blocks than MAXBYTES.
 */
#include "config.h"

#include <ext2fs/ext2_fs.h>
#include <ext2fs/ext2fs.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "assay/xmem.h"
#include "disk_private.h"

#define JBD2_MAGIC		0xc03b3998U
#define JBD2_DESCRIPTOR		1
#define JBD2_COMMIT		2
#define JBD2_SB_V1		3
#define JBD2_SB_V2		4
#define JBD2_REVOKE		5
#define JBD2_IN_REVOKE		0x1
#define JBD2_IN_64BIT		0x2
#define JBD2_IN_ASYNC		0x4
#define JBD2_IN_CSUM_V2		0x8
#define JBD2_IN_CSUM_V3		0x10
#define JBD2_IN_FAST_COMMIT	0x20
#define JBD2_IN_KNOWN		0x1f
#define TAG_ESCAPE		0x1
#define TAG_SAME_UUID		0x2
#define TAG_LAST		0x8

static uint32_t
be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | p[3];
}

/* ---- the overlay: file system block -> its replayed content ---- */

struct jblock {
	uint64_t	 blk;
	unsigned char	*data;
};

struct jover {
	struct blockdev	*bd;		/* borrowed: the partition */
	uint64_t	 bs;
	struct jblock	*v;		/* sorted by blk */
	size_t		 n;
};

static int
jblock_cmp(const void *a, const void *b)
{
	uint64_t x = ((const struct jblock *)a)->blk;
	uint64_t y = ((const struct jblock *)b)->blk;

	return x < y ? -1 : x > y;
}

static int
jover_pread(struct blockdev *bd, void *buf, size_t len, uint64_t off)
{
	struct jover *o = bd->priv;
	unsigned char *p = buf;
	size_t lo = 0;
	size_t hi = o->n;

	if (blockdev_pread(o->bd, buf, len, off) != 0) {
		snprintf(bd->err, sizeof(bd->err), "%s", o->bd->err);
		return -1;
	}
	/* the first replayed block that ends after OFF */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if ((o->v[mid].blk + 1) * o->bs <= off)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (size_t i = lo; i < o->n && o->v[i].blk * o->bs < off + len;
	    i++) {
		uint64_t bstart = o->v[i].blk * o->bs;
		uint64_t a = off > bstart ? off : bstart;
		uint64_t b = off + len < bstart + o->bs ? off + len :
		    bstart + o->bs;

		memcpy(p + (a - off), o->v[i].data + (a - bstart),
		    (size_t)(b - a));
	}
	return 0;
}

static void
jover_close(struct blockdev *bd)
{
	struct jover *o = bd->priv;

	for (size_t i = 0; i < o->n; i++)
		free(o->v[i].data);
	free(o->v);
	free(o);
}

static const struct blockdev_ops jover_ops = {
	.pread = jover_pread,
	.close = jover_close,
};

/* ---- the log ---- */

/* One revoke record: block BLK revoked by transaction SEQ. */
struct jrevoke {
	uint64_t	blk;
	uint32_t	seq;
};

struct jlog {
	ext2_file_t	 f;
	uint32_t	 bs;
	uint32_t	 first;
	uint32_t	 maxlen;
	uint32_t	 incompat;
	size_t		 tagsize;
	uint32_t	 seed;		/* crc32c of the journal's UUID */
	unsigned char	*buf;
	struct jrevoke	*rv;
	size_t		 nrv;
	size_t		 rvcap;
	size_t		 maxblocks;
};

static bool
csum(const struct jlog *j)
{
	return (j->incompat & (JBD2_IN_CSUM_V2 | JBD2_IN_CSUM_V3)) != 0;
}

/* Read journal block NO into OUT (j->bs bytes). */
static int
jread(struct jlog *j, uint32_t no, unsigned char *out)
{
	unsigned int got = 0;

	if (ext2fs_file_llseek(j->f, (uint64_t)no * j->bs, EXT2_SEEK_SET,
	    NULL) != 0 || ext2fs_file_read(j->f, out, j->bs, &got) != 0 ||
	    got != j->bs)
		return -1;
	return 0;
}

/* The journal block after NO, wrapping round the log. */
static uint32_t
jnext(const struct jlog *j, uint32_t no)
{
	return no + 1 >= j->maxlen ? j->first : no + 1;
}

/* Is commit block B (sequence SEQ) intact? */
static bool
commit_ok(const struct jlog *j, unsigned char *b)
{
	unsigned char saved[4];
	uint32_t c;
	bool ok;

	if (!csum(j))
		return true;
	memcpy(saved, b + 16, 4);
	memset(b + 16, 0, 4);
	c = ext2fs_crc32c_le(j->seed, b, j->bs);
	ok = be32(saved) == c;
	memcpy(b + 16, saved, 4);
	return ok;
}

/* Does data block D, of transaction SEQ, match tag T's checksum? */
static bool
tag_ok(const struct jlog *j, const unsigned char *t, uint32_t seq,
    const unsigned char *d)
{
	unsigned char s[4] = { (unsigned char)(seq >> 24),
	    (unsigned char)(seq >> 16), (unsigned char)(seq >> 8),
	    (unsigned char)seq };
	uint32_t c;

	if (!csum(j))
		return true;
	c = ext2fs_crc32c_le(ext2fs_crc32c_le(j->seed, s, 4), d, j->bs);
	if ((j->incompat & JBD2_IN_CSUM_V3) != 0)
		return be32(t + 12) == c;
	return (uint32_t)(t[4] << 8 | t[5]) == (c & 0xffff);
}

/* Record that transaction SEQ revokes BLK: false when there are more
 * records than the replay may hold blocks. */
static bool
revoke_add(struct jlog *j, uint64_t blk, uint32_t seq)
{
	for (size_t i = 0; i < j->nrv; i++)
		if (j->rv[i].blk == blk) {
			if ((int32_t)(seq - j->rv[i].seq) > 0)
				j->rv[i].seq = seq;
			return true;
		}
	if (j->nrv >= j->maxblocks)
		return false;
	xgrow((void **)&j->rv, &j->rvcap, j->nrv + 1, sizeof(*j->rv));
	j->rv[j->nrv].blk = blk;
	j->rv[j->nrv].seq = seq;
	j->nrv++;
	return true;
}

static bool
revoked(const struct jlog *j, uint64_t blk, uint32_t seq)
{
	for (size_t i = 0; i < j->nrv; i++)
		if (j->rv[i].blk == blk)
			return (int32_t)(seq - j->rv[i].seq) <= 0;
	return false;
}

/* The tags of descriptor block B: call FN for each (file system block,
 * flags, tag) in order; false when the block is malformed. */
static bool
tags(struct jlog *j, const unsigned char *b,
    bool (*fn)(struct jlog *, uint64_t, uint32_t, const unsigned char *,
    void *), void *arg)
{
	size_t end = j->bs - (csum(j) ? 4 : 0);
	size_t pos = 12;

	while (pos + j->tagsize <= end) {
		const unsigned char *t = b + pos;
		uint32_t flags = (j->incompat & JBD2_IN_CSUM_V3) != 0 ?
		    be32(t + 4) : (uint32_t)(t[6] << 8 | t[7]);
		uint64_t blk = be32(t);

		/* blocknr_high is at byte 8 of both tag layouts */
		if ((j->incompat & JBD2_IN_64BIT) != 0)
			blk |= (uint64_t)be32(t + 8) << 32;
		if (!fn(j, blk, flags, t, arg))
			return false;
		pos += j->tagsize;
		if ((flags & TAG_SAME_UUID) == 0)
			pos += 16;
		if ((flags & TAG_LAST) != 0)
			return true;
	}
	return true;
}

/* A pass over the log: SCAN counts the committed transactions into
 * *NTRANS, REVOKE gathers the revoke records, REPLAY fills the overlay. */
enum pass { PASS_SCAN, PASS_REVOKE, PASS_REPLAY };

struct replay {
	enum pass	 pass;
	uint32_t	 seq;
	uint32_t	 pos;		/* next journal block */
	uint32_t	 nblocks;	/* data blocks of the descriptor */
	struct jover	*o;
	unsigned char	*data;
	bool		 bad;
	char		*err;
	size_t		 errlen;
};

static bool
count_tag(struct jlog *j, uint64_t blk, uint32_t flags,
    const unsigned char *t, void *arg)
{
	((struct replay *)arg)->nblocks++;
	return true;
}

static bool
replay_tag(struct jlog *j, uint64_t blk, uint32_t flags,
    const unsigned char *t, void *arg)
{
	struct replay *r = arg;
	struct jover *o = r->o;
	size_t i;

	if (jread(j, r->pos, r->data) != 0) {
		r->bad = true;
		snprintf(r->err, r->errlen, "journal block %u cannot be "
		    "read", r->pos);
		return false;
	}
	r->pos = jnext(j, r->pos);
	if (revoked(j, blk, r->seq) || !tag_ok(j, t, r->seq, r->data))
		return true;
	if ((flags & TAG_ESCAPE) != 0) {
		r->data[0] = 0xc0;
		r->data[1] = 0x3b;
		r->data[2] = 0x39;
		r->data[3] = 0x98;
	}
	for (i = 0; i < o->n; i++)
		if (o->v[i].blk == blk)
			break;
	if (i == o->n) {
		if (o->n >= j->maxblocks) {
			r->bad = true;
			snprintf(r->err, r->errlen, "the journal replays more "
			    "than %zu blocks", j->maxblocks);
			return false;
		}
		o->v = xreallocarray(o->v, o->n + 1, sizeof(*o->v));
		o->v[o->n].blk = blk;
		o->v[o->n].data = xmalloc(j->bs);
		o->n++;
	}
	memcpy(o->v[i].data, r->data, j->bs);
	return true;
}

/* One pass from the log's start over NTRANS committed transactions (all
 * found, in PASS_SCAN). */
static int
pass(struct jlog *j, enum pass p, uint32_t start, uint32_t seq0,
    uint32_t *ntrans, struct jover *o, char *err, size_t errlen)
{
	struct replay r = { p, seq0, start, 0, o, NULL, false, err, errlen };
	uint32_t done = 0;
	uint32_t steps = 0;

	r.data = xmalloc(j->bs);
	while (p == PASS_SCAN || done < *ntrans) {
		unsigned char *b = j->buf;
		uint32_t type;

		/* a log longer than the journal is a loop */
		if (++steps > j->maxlen || jread(j, r.pos, b) != 0 ||
		    be32(b) != JBD2_MAGIC || be32(b + 8) != r.seq)
			break;
		type = be32(b + 4);
		r.pos = jnext(j, r.pos);
		if (type == JBD2_DESCRIPTOR) {
			if (p == PASS_REPLAY) {
				if (!tags(j, b, replay_tag, &r))
					break;
				continue;
			}
			r.nblocks = 0;
			(void)tags(j, b, count_tag, &r);
			for (uint32_t k = 0; k < r.nblocks; k++)
				r.pos = jnext(j, r.pos);
			steps += r.nblocks;
		} else if (type == JBD2_COMMIT) {
			if (p == PASS_SCAN && !commit_ok(j, b))
				break;
			done++;
			r.seq++;
		} else if (type == JBD2_REVOKE) {
			size_t rs = (j->incompat & JBD2_IN_64BIT) != 0 ? 8 : 4;
			size_t cnt = be32(b + 12);

			if (p != PASS_REVOKE)
				continue;
			if (cnt > j->bs - (csum(j) ? 4 : 0))
				cnt = j->bs - (csum(j) ? 4 : 0);
			for (size_t k = 16; k + rs <= cnt && !r.bad; k += rs)
				if (!revoke_add(j, rs == 8 ? (uint64_t)be32(b +
				    k) << 32 | be32(b + k + 4) : be32(b + k),
				    r.seq)) {
					r.bad = true;
					snprintf(err, errlen, "the journal "
					    "revokes more than %zu blocks",
					    j->maxblocks);
				}
			if (r.bad)
				break;
		} else {
			break;
		}
	}
	free(r.data);
	if (r.bad)
		return -1;
	if (p == PASS_SCAN)
		*ntrans = done;
	return 0;
}

struct blockdev *
extjournal_replay(void *fsv, struct blockdev *bd, size_t maxbytes,
    char *err, size_t errlen)
{
	ext2_filsys fs = fsv;
	struct jlog j;
	struct jover *o;
	struct blockdev *ob;
	unsigned char *sb;
	uint32_t start, seq, ntrans = 0;
	char why[200] = "";
	int rc = -1;

	memset(&j, 0, sizeof(j));
	if (ext2fs_has_feature_journal_dev(fs->super) ||
	    fs->super->s_journal_inum == 0) {
		snprintf(err, errlen, "the journal, on another device, needs "
		    "recovery (not cleanly unmounted); replay it first "
		    "(e2fsck -fy on a copy)");
		return NULL;
	}
	if (ext2fs_file_open(fs, fs->super->s_journal_inum, 0, &j.f) != 0) {
		snprintf(err, errlen, "the journal inode cannot be read");
		return NULL;
	}
	j.bs = fs->blocksize;
	sb = xmalloc(j.bs);
	j.buf = xmalloc(j.bs);
	o = xcalloc(1, sizeof(*o));
	o->bd = bd;
	o->bs = fs->blocksize;
	if (jread(&j, 0, sb) != 0 || be32(sb) != JBD2_MAGIC ||
	    (be32(sb + 4) != JBD2_SB_V1 && be32(sb + 4) != JBD2_SB_V2) ||
	    be32(sb + 12) != j.bs) {
		snprintf(why, sizeof(why), "no jbd2 superblock of %u-byte "
		    "blocks", j.bs);
		goto out;
	}
	j.maxlen = be32(sb + 16);
	j.first = be32(sb + 20);
	seq = be32(sb + 24);
	start = be32(sb + 28);
	j.incompat = be32(sb + 4) == JBD2_SB_V2 ? be32(sb + 40) : 0;
	if ((uint64_t)j.maxlen * j.bs >
	    EXT2_I_SIZE(ext2fs_file_get_inode(j.f)) || j.first == 0 ||
	    j.first >= j.maxlen || (start != 0 && (start < j.first ||
	    start >= j.maxlen))) {
		snprintf(why, sizeof(why), "jbd2 superblock: log bounds "
		    "%u..%u, start %u, outside the journal", j.first,
		    j.maxlen, start);
		goto out;
	}
	if ((j.incompat & ~(uint32_t)JBD2_IN_KNOWN) != 0 ||
	    (j.incompat & JBD2_IN_FAST_COMMIT) != 0) {
		snprintf(why, sizeof(why), "jbd2 features 0x%x not replayed",
		    j.incompat & ~(uint32_t)(JBD2_IN_KNOWN &
		    ~JBD2_IN_FAST_COMMIT));
		goto out;
	}
	if (csum(&j)) {
		unsigned char saved[4];

		memcpy(saved, sb + 0xfc, 4);
		memset(sb + 0xfc, 0, 4);
		if (be32(saved) != ext2fs_crc32c_le(~0U, sb, 1024)) {
			snprintf(why, sizeof(why), "jbd2 superblock: checksum "
			    "mismatch");
			goto out;
		}
		j.seed = ext2fs_crc32c_le(~0U, sb + 48, 16);
	}
	if ((j.incompat & JBD2_IN_CSUM_V3) != 0)
		j.tagsize = 16;
	else
		j.tagsize = 8 + ((j.incompat & JBD2_IN_CSUM_V2) != 0 ? 2 : 0) +
		    ((j.incompat & JBD2_IN_64BIT) != 0 ? 4 : 0);
	j.maxblocks = maxbytes / j.bs;
	rc = 0;
	if (start != 0 &&
	    (pass(&j, PASS_SCAN, start, seq, &ntrans, o, why,
	    sizeof(why)) != 0 ||
	    pass(&j, PASS_REVOKE, start, seq, &ntrans, o, why,
	    sizeof(why)) != 0 ||
	    pass(&j, PASS_REPLAY, start, seq, &ntrans, o, why,
	    sizeof(why)) != 0))
		rc = -1;
out:
	ext2fs_file_close(j.f);
	free(sb);
	free(j.buf);
	free(j.rv);
	if (rc != 0) {
		snprintf(err, errlen, "the journal needs recovery (not cleanly "
		    "unmounted) and cannot be replayed here (%s): replay it "
		    "first (e2fsck -fy on a copy)", why);
		ob = xcalloc(1, sizeof(*ob));
		ob->priv = o;
		jover_close(ob);
		free(ob);
		return NULL;
	}
	if (o->n > 1)
		qsort(o->v, o->n, sizeof(*o->v), jblock_cmp);
	ob = xcalloc(1, sizeof(*ob));
	ob->ops = &jover_ops;
	ob->format = bd->format;
	ob->size = bd->size;
	ob->fd = -1;
	ob->priv = o;
	return ob;
}
