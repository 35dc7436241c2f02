/*
 * rpmhdr.c -- rpm's header format, read without librpm (rpmhdr.h).
 *
 * Followed: rpm 4.18 lib/header.c (headerImport, hdrblobVerifyInfo) and
 * the file format documentation (docs/manual/format_header.md): a blob is
 *   uint32 il, uint32 dl (big-endian), il index entries of
 *   { int32 tag, uint32 type, int32 offset, uint32 count },
 *   dl bytes of data store.
 * Numbers in the store are big-endian and aligned to their size; a STRING
 * is one NUL-terminated string, a STRING_ARRAY/I18NSTRING COUNT of them
 * back to back; BIN is COUNT bytes. rpm also checks the immutable
 * region's trailer; we do not need it to read values (an installed
 * header's later entries override the region's, so the last entry of a
 * tag wins). The OpenPGP packets of the signature tags follow RFC 4880
 * section 5.2 (and the v5 issuer fingerprint of RFC 9580).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "assay/rpmhdr.h"
#include "assay/xmem.h"

static uint32_t
be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | p[3];
}

int
rpmhdr_parse(const void *blob, size_t len, struct rpmhdr *h,
    const char **why)
{
	const uint8_t *b = blob;
	uint64_t need;

	memset(h, 0, sizeof(*h));
	if (len < 8) {
		*why = "header shorter than its intro";
		return -1;
	}
	h->il = be32(b);
	h->dl = be32(b + 4);
	if (h->il == 0 || h->il > RPMHDR_TAGS_MAX) {
		*why = "header index count out of range";
		return -1;
	}
	need = 8 + (uint64_t)h->il * 16 + h->dl;
	if (need > len) {
		*why = "header index or data store past the end of the blob";
		return -1;
	}
	h->index = b + 8;
	h->data = h->index + (size_t)h->il * 16;
	return 0;
}

static size_t
type_size(uint32_t type)
{
	switch (type) {
	case RPMHDR_T_CHAR:
	case RPMHDR_T_INT8:
	case RPMHDR_T_BIN:
		return 1;
	case RPMHDR_T_INT16:
		return 2;
	case RPMHDR_T_INT32:
		return 4;
	case RPMHDR_T_INT64:
		return 8;
	default:
		return 0;
	}
}

/* Check index entry I and describe it in E: true when valid. */
static bool
entry_check(const struct rpmhdr *h, uint32_t i, struct rpmhdr_ent *e)
{
	const uint8_t *x = h->index + (size_t)i * 16;
	uint32_t type = be32(x + 4);
	uint32_t off = be32(x + 8);
	uint32_t count = be32(x + 12);
	size_t sz = type_size(type);
	const uint8_t *p;
	const uint8_t *end = h->data + h->dl;

	if (count == 0 || off >= h->dl)
		return false;
	p = h->data + off;
	e->type = type;
	e->count = count;
	e->p = p;
	if (sz > 0) {
		if (off % sz != 0 || (uint64_t)count * sz > h->dl - off)
			return false;
		e->len = (size_t)count * sz;
		return true;
	}
	switch (type) {
	case RPMHDR_T_STRING:
		if (count != 1)
			return false;
		/* FALLTHROUGH */
	case RPMHDR_T_STRING_ARRAY:
	case RPMHDR_T_I18NSTRING:
		/* each string ends inside the store; each is at least its
		 * NUL, so COUNT is bounded by DL */
		if (count > h->dl - off)
			return false;
		for (uint32_t k = 0; k < count; k++) {
			const uint8_t *nul = memchr(p, '\0',
			    (size_t)(end - p));

			if (nul == NULL)
				return false;
			p = nul + 1;
		}
		e->len = (size_t)(p - e->p);
		return true;
	default:
		return false;
	}
}

int
rpmhdr_get(const struct rpmhdr *h, uint32_t tag, struct rpmhdr_ent *e)
{
	for (uint32_t i = h->il; i > 0; i--) {
		if (be32(h->index + (size_t)(i - 1) * 16) != tag)
			continue;
		return entry_check(h, i - 1, e) ? 1 : -1;
	}
	return 0;
}

char *
rpmhdr_str(const struct rpmhdr *h, uint32_t tag)
{
	struct rpmhdr_ent e;

	if (rpmhdr_get(h, tag, &e) != 1 || (e.type != RPMHDR_T_STRING &&
	    e.type != RPMHDR_T_STRING_ARRAY &&
	    e.type != RPMHDR_T_I18NSTRING))
		return NULL;
	return xstrdup((const char *)e.p);
}

bool
rpmhdr_int(const struct rpmhdr_ent *e, uint32_t i, uint64_t *v)
{
	size_t sz = type_size(e->type);
	const uint8_t *p;

	if (sz == 0 || e->type == RPMHDR_T_BIN || i >= e->count)
		return false;
	p = e->p + (size_t)i * sz;
	switch (sz) {
	case 1:
		*v = p[0];
		break;
	case 2:
		*v = (uint64_t)p[0] << 8 | p[1];
		break;
	case 4:
		*v = be32(p);
		break;
	default:
		*v = (uint64_t)be32(p) << 32 | be32(p + 4);
		break;
	}
	return true;
}

const char **
rpmhdr_strv(const struct rpmhdr_ent *e)
{
	const char **v;
	const char *p = (const char *)e->p;

	if (e->type != RPMHDR_T_STRING && e->type != RPMHDR_T_STRING_ARRAY &&
	    e->type != RPMHDR_T_I18NSTRING)
		return NULL;
	v = xcalloc(e->count, sizeof(*v));
	for (uint32_t k = 0; k < e->count; k++) {
		v[k] = p;
		p += strlen(p) + 1;
	}
	return v;
}

static void
hex8(const uint8_t *id, char out[17])
{
	for (int i = 0; i < 8; i++)
		snprintf(out + 2 * i, 3, "%02x", id[i]);
}

/* The issuer (type 16) or issuer fingerprint (type 33) in the subpacket
 * area P[0..LEN): true with OUT set. */
static bool
subpackets_keyid(const uint8_t *p, size_t len, char out[17])
{
	bool found = false;

	while (len > 0) {
		size_t sl;
		size_t hl;
		uint8_t type;

		if (p[0] < 192) {
			sl = p[0];
			hl = 1;
		} else if (p[0] < 255) {
			if (len < 2)
				return found;
			sl = ((size_t)(p[0] - 192) << 8) + p[1] + 192;
			hl = 2;
		} else {
			if (len < 5)
				return found;
			sl = be32(p + 1);
			hl = 5;
		}
		if (sl == 0 || sl > len - hl)
			return found;
		type = p[hl] & 0x7f;
		if (type == 16 && sl == 9) {
			hex8(p + hl + 1, out);
			return true;
		}
		/* v4 fingerprint: 20 bytes, the key id is the last 8; v5:
		 * 32 bytes, the first 8 */
		if (type == 33 && sl == 22 && p[hl + 1] == 4 && !found) {
			hex8(p + hl + 1 + 1 + 12, out);
			found = true;
		} else if (type == 33 && sl == 34 && p[hl + 1] == 5 &&
		    !found) {
			hex8(p + hl + 1 + 1, out);
			found = true;
		}
		p += hl + sl;
		len -= hl + sl;
	}
	return found;
}

bool
rpmhdr_pgp_keyid(const uint8_t *p, size_t len, char out[17])
{
	size_t blen;
	size_t hl;
	const uint8_t *b;

	if (len < 2 || (p[0] & 0x80) == 0)
		return false;
	if (p[0] & 0x40) {
		/* new format: tag 2, one, two or five octet length */
		if ((p[0] & 0x3f) != 2)
			return false;
		if (p[1] < 192) {
			blen = p[1];
			hl = 2;
		} else if (p[1] < 224) {
			if (len < 3)
				return false;
			blen = ((size_t)(p[1] - 192) << 8) + p[2] + 192;
			hl = 3;
		} else if (p[1] == 255) {
			if (len < 6)
				return false;
			blen = be32(p + 2);
			hl = 6;
		} else {
			return false;	/* partial lengths: not a signature */
		}
	} else {
		unsigned lt = p[0] & 3;

		if (((p[0] >> 2) & 0xf) != 2)
			return false;
		if (lt == 0) {
			blen = p[1];
			hl = 2;
		} else if (lt == 1) {
			if (len < 3)
				return false;
			blen = (size_t)p[1] << 8 | p[2];
			hl = 3;
		} else if (lt == 2) {
			if (len < 5)
				return false;
			blen = be32(p + 1);
			hl = 5;
		} else {
			blen = len - 1;
			hl = 1;
		}
	}
	if (blen > len - hl)
		return false;
	b = p + hl;
	if (blen >= 15 && b[0] == 3 && b[1] == 5) {
		hex8(b + 7, out);
		return true;
	}
	if (blen >= 6 && (b[0] == 4 || b[0] == 5)) {
		size_t hashed = (size_t)b[4] << 8 | b[5];
		size_t unhashed;

		if (hashed > blen - 6)
			return false;
		if (subpackets_keyid(b + 6, hashed, out))
			return true;
		if (blen - 6 - hashed < 2)
			return false;
		unhashed = (size_t)b[6 + hashed] << 8 | b[7 + hashed];
		if (unhashed > blen - 8 - hashed)
			return false;
		return subpackets_keyid(b + 8 + hashed, unhashed, out);
	}
	return false;
}

bool
rpmhdr_keyid(const struct rpmhdr *h, char out[17])
{
	static const uint32_t tags[] = {
		RPMHDR_SIGGPG, RPMHDR_SIGPGP, RPMHDR_DSAHEADER,
		RPMHDR_RSAHEADER,
	};
	struct rpmhdr_ent e;

	for (size_t i = 0; i < sizeof(tags) / sizeof(tags[0]); i++)
		if (rpmhdr_get(h, tags[i], &e) == 1 &&
		    e.type == RPMHDR_T_BIN &&
		    rpmhdr_pgp_keyid(e.p, e.len, out))
			return true;
	return false;
}
