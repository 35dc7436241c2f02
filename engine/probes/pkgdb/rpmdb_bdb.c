/*
 * rpmdb_bdb.c -- read an rpm Packages file in Berkeley DB format from its
 * bytes, read-only and without libdb.
 *
 * rpm <= 4.15 (RHEL/CentOS 7-8, UBI 8, Amazon Linux 2, Oracle Linux 7-8)
 * keeps one record per installed package in /var/lib/rpm/Packages: key =
 * the header instance number (4 bytes, in the file's byte order), value
 * = the header blob; key 0 holds rpm's next instance number and is no
 * package. rpm makes it a hash database (%_dbi_config_Packages in rpm's
 * macros); a btree one is read as well, as rpm 4.16+'s read-only backend
 * (lib/backend/bdb_ro.c) does. We walk the file the way that backend
 * does, which is the order `rpm -qa --define '_db_backend bdb_ro'`
 * lists:
 *   - page 0, the metadata page (Berkeley DB 5.3 dbinc/db_page.h,
 *     DBMETA/HMETA/BTMETA): magic 0x061561 (hash) or 0x053162 (btree),
 *     read as a little- or big-endian word, says the byte order of every
 *     number in the file; version (hash 8-10, btree 9-10), page size (a
 *     power of two, 512-65536), last page number, and for hash the
 *     highest bucket and the "spares" table that maps a bucket to its
 *     first page; for btree the root page;
 *   - a page starts with a 26-byte header (its own number, previous and
 *     next page, entry count, high free offset, level, type) followed by
 *     the entries' 16-bit offsets into the page;
 *   - hash: buckets 0..max, each a chain of P_HASH (13; 2 in version 8)
 *     pages by next page number; entries are key/value pairs, an item
 *     ending where the previous entry's item starts (the first at the
 *     end of the page); an item is H_KEYDATA (type 1, the bytes follow)
 *     or H_OFFPAGE (type 3, 12 bytes: first overflow page, total length);
 *   - btree: from the root down the first entry of each internal page
 *     (P_IBTREE, 3) to the leftmost leaf (P_LBTREE, 5), then the leaves
 *     by next page number; an item is B_KEYDATA (16-bit length, type 1,
 *     bytes) or B_OVERFLOW (type 3; page and length as for hash); a type
 *     with bit 0x80 set is deleted and skipped;
 *   - P_OVERFLOW (7) pages hold the value's bytes after the header, as
 *     many as the header's high free offset says, chained by next page.
 * Nothing in the file is trusted: every page number is checked against
 * the last page and the file's length, every page must say its own
 * number, every offset and length must lie inside its page, every page
 * is visited at most once per walk (a loop in a chain is an error), and
 * an overflow value may not be longer than the file.
 */
#include "config.h"

#include <inttypes.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "assay/rpmdb_bdb.h"
#include "assay/util.h"
#include "assay/xmem.h"

#define HASH_MAGIC	0x061561u
#define BTREE_MAGIC	0x053162u

/* lsn, pgno, prev, next, entries, high free offset, level, type */
#define PAGE_HDR	26
#define META_LEN	512	/* the metadata page fields we read */

enum {
	P_HASH_UNSORTED = 2,
	P_IBTREE = 3,
	P_LBTREE = 5,
	P_OVERFLOW = 7,
	P_HASH = 13,
};

enum {
	ITEM_KEYDATA = 1,	/* H_KEYDATA, B_KEYDATA */
	ITEM_DUPLICATE = 2,	/* H_DUPLICATE, B_DUPLICATE */
	ITEM_OVERFLOW = 3,	/* H_OFFPAGE, B_OVERFLOW */
	ITEM_OFFDUP = 4,	/* H_OFFDUP */
};

struct bdb {
	const uint8_t	*img;
	size_t		 len;
	bool		 big;		/* numbers are big-endian */
	bool		 btree;
	uint32_t	 pgsz;
	uint32_t	 last;		/* last page number */
	uint32_t	 maxbucket;	/* hash */
	uint32_t	 spares[32];	/* hash: bucket -> page */
	uint32_t	 root;		/* btree */
	uint8_t		*seen;		/* pages visited, NULL: not tracked */
	uint8_t		*val;		/* an overflow value, assembled */
	size_t		 valcap;
};

static uint16_t
get16(const struct bdb *b, const uint8_t *p)
{
	return b->big ? (uint16_t)(p[0] << 8 | p[1]) :
	    (uint16_t)(p[1] << 8 | p[0]);
}

static uint32_t
get32(const struct bdb *b, const uint8_t *p)
{
	if (b->big)
		return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
		    (uint32_t)p[2] << 8 | p[3];
	return (uint32_t)p[3] << 24 | (uint32_t)p[2] << 16 |
	    (uint32_t)p[1] << 8 | p[0];
}

/* Read the metadata page into B: NULL or why not (malloc'd). */
static char *
meta_read(struct bdb *b, const uint8_t *img, size_t len)
{
	uint32_t magic;
	uint32_t version;

	memset(b, 0, sizeof(*b));
	b->img = img;
	b->len = len;
	if (len < META_LEN)
		return xasprintf("it is too short for a Berkeley DB file "
		    "(%zu bytes)", len);
	b->big = false;
	magic = get32(b, img + 12);
	if (magic != HASH_MAGIC && magic != BTREE_MAGIC) {
		b->big = true;
		magic = get32(b, img + 12);
	}
	if (magic != HASH_MAGIC && magic != BTREE_MAGIC)
		return xasprintf("it is not a Berkeley DB hash or btree file "
		    "(magic 0x%08x)", get32(b, img + 12));
	b->btree = magic == BTREE_MAGIC;
	version = get32(b, img + 16);
	if (b->btree ? version < 9 || version > 10 :
	    version < 8 || version > 10)
		return xasprintf("its Berkeley DB %s version %u is not "
		    "supported (%s)", b->btree ? "btree" : "hash", version,
		    b->btree ? "9 and 10 are" : "8 to 10 are");
	b->pgsz = get32(b, img + 20);
	if (b->pgsz < 512 || b->pgsz > 65536 ||
	    (b->pgsz & (b->pgsz - 1)) != 0)
		return xasprintf("its Berkeley DB page size %u is not a power "
		    "of two from 512 to 65536", b->pgsz);
	if (img[24] != 0)
		return xstrdup("its Berkeley DB file is encrypted");
	b->last = get32(b, img + 32);
	if ((uint64_t)b->last + 1 > len / b->pgsz)
		return xasprintf("its Berkeley DB file is truncated: %zu "
		    "bytes, but its last page is page %u of %u bytes", len,
		    b->last, b->pgsz);
	if (b->btree) {
		b->root = get32(b, img + 88);
		return NULL;
	}
	b->maxbucket = get32(b, img + 72);
	if (b->maxbucket >= b->last + (uint64_t)1)
		return xasprintf("its Berkeley DB hash has %" PRIu64 " buckets "
		    "but only %u pages", (uint64_t)b->maxbucket + 1, b->last);
	for (int i = 0; i < 32; i++)
		b->spares[i] = get32(b, img + 96 + 4 * i);
	return NULL;
}

/* Page PGNO of B into *PP: NULL or why not (malloc'd). */
static char *
page_get(struct bdb *b, uint64_t pgno, const uint8_t **pp)
{
	const uint8_t *p;

	if (pgno == 0 || pgno > b->last)
		return xasprintf("its Berkeley DB page number %" PRIu64 " is "
		    "out of range (1 to %u)", pgno, b->last);
	p = b->img + (size_t)pgno * b->pgsz;
	if (get32(b, p + 8) != pgno)
		return xasprintf("its Berkeley DB page %" PRIu64 " says it is "
		    "page %u", pgno, get32(b, p + 8));
	if (b->seen != NULL) {
		if ((b->seen[pgno / 8] & (1u << (pgno % 8))) != 0)
			return xasprintf("its Berkeley DB page %" PRIu64 " is "
			    "reached twice (a loop)", pgno);
		b->seen[pgno / 8] |= (uint8_t)(1u << (pgno % 8));
	}
	*pp = p;
	return NULL;
}

/* Assemble the overflow value of TLEN bytes from page PGNO on into
 * B->val: NULL or why not (malloc'd). */
static char *
overflow_get(struct bdb *b, uint32_t pgno, uint32_t tlen)
{
	size_t got = 0;
	uint64_t steps = 0;
	const uint8_t *p;
	char *why;

	if (tlen == 0 || tlen > b->len)
		return xasprintf("its Berkeley DB overflow value at page %u "
		    "claims %u bytes", pgno, tlen);
	if (b->valcap < tlen) {
		b->val = xreallocarray(b->val, tlen, 1);
		b->valcap = tlen;
	}
	while (got < tlen) {
		uint16_t plen;

		/* without a visited set, a chain is no longer than the
		 * file has pages */
		if (pgno == 0)
			return xasprintf("its Berkeley DB overflow chain ends "
			    "after %zu of %u bytes", got, tlen);
		if (++steps > b->last)
			return xasprintf("its Berkeley DB overflow chain at "
			    "page %u is a loop", pgno);
		if ((why = page_get(b, pgno, &p)) != NULL)
			return why;
		if (p[25] != P_OVERFLOW)
			return xasprintf("its Berkeley DB page %u has type %u "
			    "where an overflow page was expected", pgno,
			    p[25]);
		plen = get16(b, p + 22);
		if (plen == 0 || PAGE_HDR + (size_t)plen > b->pgsz ||
		    plen > tlen - got)
			return xasprintf("its Berkeley DB overflow page %u "
			    "holds %u bytes (page size %u, %zu of %u bytes "
			    "left)", pgno, plen, b->pgsz, tlen - got, tlen);
		memcpy(b->val + got, p + PAGE_HDR, plen);
		got += plen;
		pgno = get32(b, p + 16);
	}
	return NULL;
}

/* The value item at byte OFF of page P (page number PGNO), ILEN bytes
 * long when B is a hash (its type byte included; a btree item says its
 * length): into *DATA and *DLEN. NULL or why not (malloc'd). */
static char *
item_get(struct bdb *b, uint32_t pgno, const uint8_t *p, size_t off,
    size_t ilen, const uint8_t **data, size_t *dlen)
{
	uint8_t type = b->btree ? p[off + 2] : p[off];
	char *why;

	if (type == ITEM_KEYDATA) {
		if (b->btree) {
			size_t n = get16(b, p + off);

			if (off + 3 + n > b->pgsz)
				return xasprintf("its Berkeley DB page %u has "
				    "an item of %zu bytes past its end", pgno,
				    n);
			*data = p + off + 3;
			*dlen = n;
		} else {
			*data = p + off + 1;
			*dlen = ilen - 1;
		}
		return NULL;
	}
	if (type == ITEM_OVERFLOW) {
		if ((b->btree && off + 12 > b->pgsz) ||
		    (!b->btree && ilen != 12))
			return xasprintf("its Berkeley DB page %u has a "
			    "malformed overflow item", pgno);
		why = overflow_get(b, get32(b, p + off + 4),
		    get32(b, p + off + 8));
		if (why != NULL)
			return why;
		*data = b->val;
		*dlen = get32(b, p + off + 8);
		return NULL;
	}
	if (type == ITEM_DUPLICATE || type == ITEM_OFFDUP)
		return xasprintf("its Berkeley DB page %u has a duplicate "
		    "set, which rpm does not write", pgno);
	return xasprintf("its Berkeley DB page %u has an item of unknown "
	    "type %u", pgno, type);
}

/* Check the entry count of page P (number PGNO): its offsets fit. */
static char *
entries_check(const struct bdb *b, uint32_t pgno, const uint8_t *p,
    unsigned *np)
{
	unsigned n = get16(b, p + 20);

	if (PAGE_HDR + 2 * (size_t)n > b->pgsz)
		return xasprintf("its Berkeley DB page %u claims %u entries, "
		    "more than fit in %u bytes", pgno, n, b->pgsz);
	*np = n;
	return NULL;
}

/* The 4-byte key at DATA (DLEN bytes) as a header number. */
static char *
key_get(const struct bdb *b, uint32_t pgno, const uint8_t *data,
    size_t dlen, uint32_t *hnum)
{
	if (dlen != 4)
		return xasprintf("its Berkeley DB page %u has a key of %zu "
		    "bytes, not a 4-byte header number", pgno, dlen);
	*hnum = get32(b, data);
	return NULL;
}

/* A locator for rpmdb_bdb_blob: the item's offset in the file and, for a
 * hash item, its length. */
static uint64_t
locator(const struct bdb *b, uint32_t pgno, size_t off, size_t ilen)
{
	return ((uint64_t)pgno * b->pgsz + off) | (uint64_t)ilen << 40;
}

static char *
hash_walk(struct bdb *b, rpmdb_bdb_visit visit, void *arg)
{
	char *why = NULL;

	for (uint64_t bucket = 0; bucket <= b->maxbucket; bucket++) {
		unsigned bits = 0;
		uint64_t pgno;

		for (uint64_t v = bucket; v != 0; v >>= 1)
			bits++;
		if (bits >= 32)
			return xstrdup("its Berkeley DB hash has too many "
			    "buckets");
		pgno = bucket + b->spares[bits];
		while (pgno != 0) {
			const uint8_t *p;
			unsigned n;
			size_t min;

			if ((why = page_get(b, pgno, &p)) != NULL)
				return why;
			if (p[25] != P_HASH && p[25] != P_HASH_UNSORTED)
				return xasprintf("its Berkeley DB page %" PRIu64
				    " has type %u where a hash page was "
				    "expected", pgno, p[25]);
			if ((why = entries_check(b, (uint32_t)pgno, p, &n)))
				return why;
			min = PAGE_HDR + 2 * (size_t)n;
			for (unsigned i = 0; i + 1 < n; i += 2) {
				size_t kend = i == 0 ? b->pgsz :
				    get16(b, p + PAGE_HDR + 2 * (i - 1));
				size_t koff = get16(b, p + PAGE_HDR + 2 * i);
				size_t voff = get16(b, p + PAGE_HDR + 2 * i +
				    2);
				const uint8_t *k;
				const uint8_t *v;
				size_t klen;
				size_t vlen;
				uint32_t hnum = 0;

				if (voff < min || koff <= voff ||
				    kend <= koff || kend > b->pgsz)
					return xasprintf("its Berkeley DB page "
					    "%" PRIu64 " entry %u has a "
					    "bad offset", pgno, i);
				if (p[koff] != ITEM_KEYDATA)
					return xasprintf("its Berkeley DB page "
					    "%" PRIu64 " has a key item of "
					    "type %u", pgno, p[koff]);
				why = item_get(b, (uint32_t)pgno, p, koff,
				    kend - koff, &k, &klen);
				if (why == NULL)
					why = key_get(b, (uint32_t)pgno, k,
					    klen, &hnum);
				if (why == NULL)
					why = item_get(b, (uint32_t)pgno, p,
					    voff, koff - voff, &v, &vlen);
				if (why == NULL && hnum != 0)
					why = visit(arg, hnum, v, vlen,
					    locator(b, (uint32_t)pgno, voff,
					    koff - voff));
				if (why != NULL)
					return why;
			}
			pgno = get32(b, p + 16);
		}
	}
	return NULL;
}

static char *
btree_walk(struct bdb *b, rpmdb_bdb_visit visit, void *arg)
{
	uint32_t pgno = b->root;
	const uint8_t *p;
	unsigned n;
	char *why;

	/* down the first entries to the leftmost leaf */
	for (;;) {
		size_t off;

		if ((why = page_get(b, pgno, &p)) != NULL)
			return why;
		if (p[25] == P_LBTREE)
			break;
		if (p[25] != P_IBTREE)
			return xasprintf("its Berkeley DB page %u has type %u "
			    "where a btree page was expected", pgno, p[25]);
		if ((why = entries_check(b, pgno, p, &n)) != NULL)
			return why;
		off = n > 0 ? get16(b, p + PAGE_HDR) : 0;
		if (n == 0 || off < PAGE_HDR + 2 * (size_t)n ||
		    off + 12 > b->pgsz)
			return xasprintf("its Berkeley DB internal page %u "
			    "has no valid first entry", pgno);
		pgno = get32(b, p + off + 4);
	}
	for (;;) {
		size_t min;

		if ((why = entries_check(b, pgno, p, &n)) != NULL)
			return why;
		min = PAGE_HDR + 2 * (size_t)n;
		for (unsigned i = 0; i + 1 < n; i += 2) {
			size_t koff = get16(b, p + PAGE_HDR + 2 * i);
			size_t voff = get16(b, p + PAGE_HDR + 2 * i + 2);
			const uint8_t *k;
			const uint8_t *v;
			size_t klen;
			size_t vlen;
			uint32_t hnum = 0;

			if (koff < min || voff < min || koff + 3 > b->pgsz ||
			    voff + 3 > b->pgsz)
				return xasprintf("its Berkeley DB page %u "
				    "entry %u has a bad offset", pgno, i);
			if ((p[koff + 2] & 0x80) != 0 ||
			    (p[voff + 2] & 0x80) != 0)
				continue;	/* deleted */
			if (p[koff + 2] != ITEM_KEYDATA)
				return xasprintf("its Berkeley DB page %u has "
				    "a key item of type %u", pgno, p[koff + 2]);
			why = item_get(b, pgno, p, koff, 0, &k, &klen);
			if (why == NULL)
				why = key_get(b, pgno, k, klen, &hnum);
			if (why == NULL)
				why = item_get(b, pgno, p, voff, 0, &v, &vlen);
			if (why == NULL && hnum != 0)
				why = visit(arg, hnum, v, vlen,
				    locator(b, pgno, voff, 0));
			if (why != NULL)
				return why;
		}
		pgno = get32(b, p + 16);
		if (pgno == 0)
			return NULL;
		if ((why = page_get(b, pgno, &p)) != NULL)
			return why;
		if (p[25] != P_LBTREE)
			return xasprintf("its Berkeley DB page %u has type %u "
			    "where a btree leaf was expected", pgno, p[25]);
	}
}

char *
rpmdb_bdb_walk(const uint8_t *img, size_t len, rpmdb_bdb_visit visit,
    void *arg)
{
	struct bdb b;
	char *why = meta_read(&b, img, len);

	if (why != NULL)
		return why;
	b.seen = xcalloc((size_t)b.last / 8 + 1, 1);
	why = b.btree ? btree_walk(&b, visit, arg) : hash_walk(&b, visit, arg);
	free(b.seen);
	free(b.val);
	return why;
}

int
rpmdb_bdb_blob(const uint8_t *img, size_t len, uint64_t at, void **blobp,
    size_t *lenp)
{
	struct bdb b;
	uint64_t off = at & (((uint64_t)1 << 40) - 1);
	size_t ilen = (size_t)(at >> 40);
	const uint8_t *data;
	size_t dlen;
	uint64_t pgno;
	char *why = meta_read(&b, img, len);

	*blobp = NULL;
	*lenp = 0;
	if (why == NULL) {
		pgno = off / b.pgsz;
		off %= b.pgsz;
		if (pgno == 0 || pgno > b.last ||
		    off + (b.btree ? 3 : ilen) > b.pgsz || (!b.btree &&
		    ilen == 0))
			why = xstrdup("bad locator");
	}
	if (why == NULL)
		why = item_get(&b, (uint32_t)pgno, img + pgno * b.pgsz,
		    (size_t)off, ilen, &data, &dlen);
	if (why == NULL) {
		*blobp = xmalloc(dlen > 0 ? dlen : 1);
		memcpy(*blobp, data, dlen);
		*lenp = dlen;
	}
	free(b.val);
	if (why != NULL) {
		free(why);
		return -1;
	}
	return 0;
}
