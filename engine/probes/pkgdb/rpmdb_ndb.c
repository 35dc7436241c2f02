/*
 * rpmdb_ndb.c -- read an rpm Packages.db file in ndb format from its
 * bytes, read-only and without librpm.
 *
 * ndb is rpm's own database (rpm 4.15+, lib/backend/ndb/rpmpkg.c; SUSE
 * 15 SP3-SP4 and openSUSE use it). Packages.db holds every header blob;
 * Index.db and the .xdb index files are not needed to read them all.
 * Followed from rpm 4.18's rpmpkg.c, all numbers little-endian:
 *   - a 32-byte file header: magic "RpmP", version 0, generation, the
 *     number of 4096-byte slot pages, the next package index;
 *   - the slot pages (the first slot after the file header): 16-byte
 *     slots, magic "Slot", package index (the header number), block
 *     offset, block count, in 16-byte blocks; block offset 0 is a free
 *     slot;
 *   - at a used slot's block offset, a blob: magic "BlbS", package index,
 *     timestamp, length; the header bytes; zero padding to a whole block;
 *     a tail of Adler-32, length and magic "BlbE", the block count being
 *     exactly what the length needs.
 * As rpm's read path (rpmpkgReadSlots, rpmpkgReadBlob) does we check the
 * file length is whole blocks, every slot's magic, that a used slot has
 * a package index and blocks within the file past the slot pages, and
 * each blob's head, length and tail; the Adler-32 is not checked (rpm
 * checks it only when it moves or deletes a blob). Beyond rpm: two slots
 * whose blobs overlap are refused (rpm's writer refuses them too), so
 * the headers read add up to less than the file.
 */
#include "config.h"

#include <inttypes.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "assay/rpmdb_ndb.h"
#include "assay/util.h"
#include "assay/xmem.h"

#define HDR_SIZE	32
#define SLOT_SIZE	16
#define BLK_SIZE	16
#define SLOT_PAGE	4096
#define BLOB_HEAD	16
#define BLOB_TAIL	12

#define MAGIC(a, b, c, d) \
	((uint32_t)(a) | (uint32_t)(b) << 8 | (uint32_t)(c) << 16 | \
	(uint32_t)(d) << 24)
#define PKGDB_MAGIC	MAGIC('R', 'p', 'm', 'P')
#define SLOT_MAGIC	MAGIC('S', 'l', 'o', 't')
#define HEAD_MAGIC	MAGIC('B', 'l', 'b', 'S')
#define TAIL_MAGIC	MAGIC('B', 'l', 'b', 'E')

struct slot {
	uint32_t	pkgidx;
	uint32_t	blkoff;
	uint32_t	blkcnt;
};

static uint32_t
le32(const uint8_t *p)
{
	return (uint32_t)p[3] << 24 | (uint32_t)p[2] << 16 |
	    (uint32_t)p[1] << 8 | p[0];
}

static int
slot_cmp(const void *a, const void *b)
{
	const struct slot *x = a;
	const struct slot *y = b;

	return (x->blkoff > y->blkoff) - (x->blkoff < y->blkoff);
}

/* The blob of package PKGIDX at block BLKOFF (BLKCNT blocks) of IMG,
 * checked: into *DATA, *DLEN. NULL or why not (malloc'd). */
static char *
blob_get(const uint8_t *img, size_t len, uint32_t pkgidx, uint64_t blkoff,
    uint64_t blkcnt, const uint8_t **data, size_t *dlen)
{
	const uint8_t *p = img + blkoff * BLK_SIZE;
	const uint8_t *tail;
	uint32_t bloblen;

	if ((blkoff + blkcnt) * BLK_SIZE > len ||
	    blkcnt * BLK_SIZE < BLOB_HEAD + BLOB_TAIL)
		return xasprintf("its ndb blob of package %u does not fit the "
		    "file", pkgidx);
	if (le32(p) != HEAD_MAGIC || le32(p + 4) != pkgidx)
		return xasprintf("its ndb blob of package %u has a bad head",
		    pkgidx);
	bloblen = le32(p + 12);
	if (blkcnt != ((uint64_t)BLOB_HEAD + bloblen + BLOB_TAIL + BLK_SIZE -
	    1) / BLK_SIZE)
		return xasprintf("its ndb blob of package %u claims %u bytes "
		    "in %" PRIu64 " blocks", pkgidx, bloblen, blkcnt);
	tail = p + blkcnt * BLK_SIZE - BLOB_TAIL;
	if (le32(tail + 4) != bloblen || le32(tail + 8) != TAIL_MAGIC)
		return xasprintf("its ndb blob of package %u has a bad tail",
		    pkgidx);
	*data = p + BLOB_HEAD;
	*dlen = bloblen;
	return NULL;
}

char *
rpmdb_ndb_walk(const uint8_t *img, size_t len, rpmdb_bdb_visit visit,
    void *arg)
{
	struct slot *v = NULL;
	size_t n = 0;
	size_t cap = 0;
	uint64_t npages;
	uint64_t fileblks;
	uint64_t minblk;
	char *why = NULL;

	if (len < HDR_SIZE || le32(img) != PKGDB_MAGIC)
		return xstrdup("it is not an ndb package database (no RpmP "
		    "magic)");
	if (le32(img + 4) != 0)
		return xasprintf("its ndb version %u is not supported (0 is)",
		    le32(img + 4));
	if (len % BLK_SIZE != 0)
		return xasprintf("its ndb file is not whole 16-byte blocks "
		    "(%zu bytes)", len);
	npages = le32(img + 12);
	if (npages == 0 || npages * SLOT_PAGE > len)
		return xasprintf("its ndb file is truncated: %zu bytes, but "
		    "%" PRIu64 " slot pages of 4096", len, npages);
	fileblks = len / BLK_SIZE;
	minblk = npages * (SLOT_PAGE / BLK_SIZE);
	for (uint64_t off = HDR_SIZE; off < npages * SLOT_PAGE;
	    off += SLOT_SIZE) {
		const uint8_t *s = img + off;
		struct slot sl;

		if (le32(s) != SLOT_MAGIC) {
			why = xasprintf("its ndb slot %" PRIu64 " has a bad "
			    "magic", off / SLOT_SIZE);
			goto out;
		}
		sl.blkoff = le32(s + 8);
		if (sl.blkoff == 0)
			continue;	/* free */
		sl.pkgidx = le32(s + 4);
		sl.blkcnt = le32(s + 12);
		if ((uint64_t)sl.blkoff + sl.blkcnt > fileblks) {
			why = xasprintf("its ndb slot %" PRIu64 " points past "
			    "the end of the file (truncated?)",
			    off / SLOT_SIZE);
			goto out;
		}
		if (sl.pkgidx == 0 || sl.blkcnt == 0 || sl.blkoff < minblk) {
			why = xasprintf("its ndb slot %" PRIu64 " is malformed",
			    off / SLOT_SIZE);
			goto out;
		}
		xgrow((void **)&v, &cap, n + 1, sizeof(*v));
		v[n++] = sl;
	}
	/* rpm lists the packages in blob order */
	if (n > 1)
		qsort(v, n, sizeof(*v), slot_cmp);
	for (size_t i = 0; i < n && why == NULL; i++) {
		const uint8_t *data;
		size_t dlen;

		if (i > 0 && (uint64_t)v[i - 1].blkoff + v[i - 1].blkcnt >
		    v[i].blkoff) {
			why = xasprintf("its ndb blobs of packages %u and %u "
			    "overlap", v[i - 1].pkgidx, v[i].pkgidx);
			break;
		}
		why = blob_get(img, len, v[i].pkgidx, v[i].blkoff,
		    v[i].blkcnt, &data, &dlen);
		if (why == NULL)
			why = visit(arg, v[i].pkgidx, data, dlen,
			    (uint64_t)v[i].blkoff << 32 | v[i].blkcnt);
	}
out:
	free(v);
	return why;
}

int
rpmdb_ndb_blob(const uint8_t *img, size_t len, uint64_t at, void **blobp,
    size_t *lenp)
{
	uint64_t blkoff = at >> 32;
	uint64_t blkcnt = at & 0xffffffffu;
	const uint8_t *data;
	size_t dlen;
	char *why;

	*blobp = NULL;
	*lenp = 0;
	if ((blkoff + blkcnt) * BLK_SIZE > len ||
	    blkcnt * BLK_SIZE < BLOB_HEAD + BLOB_TAIL)
		return -1;
	why = blob_get(img, len, le32(img + blkoff * BLK_SIZE + 4), blkoff,
	    blkcnt, &data, &dlen);
	if (why != NULL) {
		free(why);
		return -1;
	}
	*blobp = xmalloc(dlen > 0 ? dlen : 1);
	memcpy(*blobp, data, dlen);
	*lenp = dlen;
	return 0;
}
