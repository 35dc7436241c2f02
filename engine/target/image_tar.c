/*
 * image_tar.c -- a strict tar header walker that reads a layer the way
 * Go's archive/tar does.
 *
 * Docker, containerd and BuildKit unpack layers with Go's archive/tar
 * (reader.go, Go 1.19-1.22); assay reads them with libarchive, and the
 * two disagree on hostile input: which of a pax `path` and a GNU long
 * name wins, whether one zero block ends the archive, whether a damaged
 * header or a malformed pax record is skipped. So every byte libarchive's
 * tar reader is handed (image_layers.c's read callbacks, and what its
 * skip callback skips) is also fed, in order, to this walker, which
 * follows the stream as Go would:
 *
 *   - a header whose checksum (unsigned or signed sum, Go accepts both)
 *     or any numeric field (octal or base-256: size, mode, uid, gid,
 *     mtime, devmajor, devminor) does not parse is an error (ErrHeader);
 *   - a zero block ends the archive only if the next block is zero too or
 *     the stream ends; a zero block followed by anything else is an error;
 *   - pax records are checked like parsePAXRecord/mergePAX: "LEN key=value\n"
 *     with LEN exact, no NUL in path, linkpath, uname, gname or any key,
 *     decimal uid, gid and size, mtime/atime/ctime as [-]secs[.digits];
 *     an extended header larger than 1 MiB is refused (ErrFieldTooLong);
 *   - the name of an entry is the GNU long name ('L') if any, else the
 *     pax path, else the header's (with the ustar prefix); likewise the
 *     link name ('K', linkpath); a later 'x' replaces an earlier one, a
 *     'g' header drops whatever was pending (Go returns it as an entry of
 *     its own, which runtimes ignore);
 *   - hard links, symlinks, devices, directories and FIFOs have no data,
 *     whatever their size field says;
 *   - sparse members (type 'S', GNU.sparse.* pax records) and type flags
 *     runtimes do not unpack ('V', 'M', 'N', 'D', vendor letters, ...)
 *     are refused: Go writers never produce them, and docker's and
 *     containerd's unpackers fail on unknown types.
 *
 * Each member it finds (name, link, size, type) is queued; image_layers.c
 * takes them one by one as libarchive returns its headers and refuses the
 * layer when the two disagree, so what assay scans is what a runtime
 * unpacks or the scan fails. Memory: one extended header (1 MiB) and a
 * bounded queue of members libarchive has not reached yet.
 */
#include "config.h"

#include <inttypes.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "assay/xmem.h"
#include "image_private.h"

#define BLOCK		512
/* Go's maxSpecialFileSize: the largest pax or GNU long-name header. */
#define SPECIAL_MAX	((uint64_t)1 << 20)
/* Members found but not yet taken: libarchive reads ahead at most a few
 * buffers of small headers. */
#define QUEUE_MAX	65536

enum tw_state {
	TW_HDR,		/* collecting a header block */
	TW_SPECIAL,	/* collecting an extended header's data */
	TW_DATA,	/* skipping data and padding */
	TW_ZERO1,	/* after one zero block */
	TW_END,		/* after two zero blocks: the rest is ignored */
	TW_FAIL,
};

struct image_tarwalk {
	enum tw_state		 st;
	unsigned char		 blk[BLOCK];
	size_t			 blen;
	uint64_t		 left;		/* TW_DATA: bytes to skip */
	uint64_t		 off;		/* bytes walked */
	uint64_t		 hoff;		/* of the current header */
	char			 stype;		/* TW_SPECIAL: its type */
	uint64_t		 slen;		/* its declared size */
	struct strbuf		 special;
	char			*pax_path;	/* pending for the next */
	char			*pax_link;	/* member, or NULL */
	int64_t			 pax_size;
	bool			 has_pax_size;
	int64_t			 pax_mtime;	/* seconds and */
	int64_t			 pax_mtime_ns;	/* signed ns, Go's */
	bool			 has_pax_mtime;
	char			*gnu_name;
	char			*gnu_link;
	struct image_tar_member	*q;
	size_t			 qhead;
	size_t			 qn;
	size_t			 qcap;
	char			 err[320];
};

struct image_tarwalk *
image_tarwalk_new(void)
{
	struct image_tarwalk *w = xcalloc(1, sizeof(*w));

	strbuf_init(&w->special, 0);
	return w;
}

static void
pending_clear(struct image_tarwalk *w)
{
	free(w->pax_path);
	free(w->pax_link);
	free(w->gnu_name);
	free(w->gnu_link);
	w->pax_path = w->pax_link = w->gnu_name = w->gnu_link = NULL;
	w->has_pax_size = false;
	w->has_pax_mtime = false;
}

static void
member_release(struct image_tar_member *m)
{
	free(m->name);
	free(m->link);
}

void
image_tarwalk_free(struct image_tarwalk *w)
{
	if (w == NULL)
		return;
	pending_clear(w);
	for (size_t i = w->qhead; i < w->qn; i++)
		member_release(&w->q[i]);
	free(w->q);
	strbuf_release(&w->special);
	free(w);
}

static void
tw_fail(struct image_tarwalk *w, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* "tar header at byte N: message" (the first failure only). */
static void
tw_fail(struct image_tarwalk *w, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (w->st == TW_FAIL)
		return;
	n = snprintf(w->err, sizeof(w->err), "tar header at byte %" PRIu64
	    ": ", w->hoff);
	va_start(ap, fmt);
	if (n > 0 && (size_t)n < sizeof(w->err))
		vsnprintf(w->err + n, sizeof(w->err) - (size_t)n, fmt, ap);
	va_end(ap);
	w->st = TW_FAIL;
}

const char *
image_tarwalk_error(const struct image_tarwalk *w)
{
	return w->st == TW_FAIL ? w->err : NULL;
}

/* Go's parseString: up to the first NUL of the N-byte field P. */
static char *
field_str(const unsigned char *p, size_t n)
{
	const unsigned char *z = memchr(p, 0, n);

	return xstrndup((const char *)p, z != NULL ? (size_t)(z - p) : n);
}

/* Go's parseOctal: NULs and spaces trimmed at both ends, then digits up to
 * the first NUL, base 8, no sign, into *V; false when it does not parse. */
static bool
parse_octal(const unsigned char *p, size_t n, uint64_t *v)
{
	size_t a = 0;
	size_t b = n;
	uint64_t x = 0;

	while (a < b && (p[a] == ' ' || p[a] == 0))
		a++;
	while (b > a && (p[b - 1] == ' ' || p[b - 1] == 0))
		b--;
	*v = 0;
	if (a == b)
		return true;
	for (size_t i = a; i < b && p[i] != 0; i++) {
		if (p[i] < '0' || p[i] > '7' || x >> 61 != 0)
			return false;
		x = x << 3 | (uint64_t)(p[i] - '0');
	}
	if (p[a] == 0)
		return false;	/* strconv.ParseUint("") fails */
	*v = x;
	return true;
}

/* Go's parseNumeric: base-256 when the top bit is set, else octal. */
static bool
parse_numeric(const unsigned char *p, size_t n, int64_t *v)
{
	uint64_t x = 0;
	unsigned char inv;

	if ((p[0] & 0x80) == 0) {
		if (!parse_octal(p, n, &x))
			return false;
		*v = (int64_t)x;	/* Go's int64(x): may be negative */
		return true;
	}
	inv = (p[0] & 0x40) != 0 ? 0xff : 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = p[i] ^ inv;

		if (i == 0)
			c &= 0x7f;
		if (x >> 56 != 0)
			return false;
		x = x << 8 | c;
	}
	if (x >> 63 != 0)
		return false;
	*v = inv != 0 ? ~(int64_t)x : (int64_t)x;
	return true;
}

/* Go's strconv.ParseInt(S, 10, 64) of the whole string. */
static bool
parse_dec(const char *s, int64_t *v)
{
	bool neg = false;
	uint64_t x = 0;

	if (*s == '+' || *s == '-')
		neg = *s++ == '-';
	if (*s == '\0')
		return false;
	for (; *s != '\0'; s++) {
		if (*s < '0' || *s > '9' || x > (UINT64_MAX - 9) / 10)
			return false;
		x = x * 10 + (uint64_t)(*s - '0');
	}
	if (x > (uint64_t)INT64_MAX + (neg ? 1 : 0))
		return false;
	*v = neg ? (int64_t)(0 - x) : (int64_t)x;
	return true;
}

/* Go's parsePAXTime: [+-]secs, optionally "." and decimal digits, into
 * *SEC and *NS: the digits right-padded or truncated to nine, negated
 * when the seconds are written with a '-' (Go's time.Unix(secs, -ns), so
 * "-1.5" is -1.5 s and "-0.5" -0.5 s). */
static bool
parse_pax_time(const char *s, int64_t *sec, int64_t *ns)
{
	const char *dot = strchr(s, '.');
	const char *d = dot != NULL ? dot + 1 : "";
	char *secs = xstrndup(s, dot != NULL ? (size_t)(dot - s) : strlen(s));
	int64_t v;
	bool ok = parse_dec(secs, &v);

	free(secs);
	if (!ok || strspn(d, "0123456789") != strlen(d))
		return false;
	*sec = v;
	*ns = 0;
	for (int i = 0; i < 9; i++)
		*ns = *ns * 10 + (*d != '\0' ? *d++ - '0' : 0);
	if (s[0] == '-')
		*ns = -*ns;
	return true;
}

static bool pax_value(struct image_tarwalk *w, const char *key,
	    const char *val, size_t vlen, bool has_nul, bool global);

/* One pax record KEY=VAL (VLEN bytes, may hold NULs) against mergePAX and
 * validPAXRecord; keeps what names the member. */
static bool
pax_record(struct image_tarwalk *w, const char *key, const char *val,
    size_t vlen, bool global)
{
	bool has_nul = memchr(val, 0, vlen) != NULL;
	char *sval = xstrndup(val, vlen);	/* NUL-terminated */
	bool ok = pax_value(w, key, sval, vlen, has_nul, global);

	free(sval);
	return ok;
}

/* pax_record() with VAL NUL-terminated (HAS_NUL: it held one). */
static bool
pax_value(struct image_tarwalk *w, const char *key, const char *val,
    size_t vlen, bool has_nul, bool global)
{
	int64_t v, ns;

	if (strncmp(key, "GNU.sparse.", 11) == 0) {
		tw_fail(w, "pax record \"%s\": sparse members are not "
		    "supported (no container image writer makes them)", key);
		return false;
	}
	if (strcmp(key, "path") == 0 || strcmp(key, "linkpath") == 0 ||
	    strcmp(key, "uname") == 0 || strcmp(key, "gname") == 0) {
		if (has_nul) {
			tw_fail(w, "pax record \"%s\" holds a NUL byte", key);
			return false;
		}
	}
	if (vlen == 0)
		return true;	/* mergePAX keeps the header's value */
	if (strcmp(key, "uid") == 0 || strcmp(key, "gid") == 0 ||
	    strcmp(key, "size") == 0) {
		if (has_nul || !parse_dec(val, &v)) {
			tw_fail(w, "pax record \"%s\": not a decimal number",
			    key);
			return false;
		}
		if (key[0] == 's' && !global) {
			w->pax_size = v;
			w->has_pax_size = true;
		}
	} else if (strcmp(key, "mtime") == 0 || strcmp(key, "atime") == 0 ||
	    strcmp(key, "ctime") == 0) {
		if (has_nul || !parse_pax_time(val, &v, &ns)) {
			tw_fail(w, "pax record \"%s\": not a time", key);
			return false;
		}
		if (key[0] == 'm' && !global) {
			w->pax_mtime = v;
			w->pax_mtime_ns = ns;
			w->has_pax_mtime = true;
		}
	} else if (global) {
		/* a 'g' header's records name nothing that follows */
	} else if (strcmp(key, "path") == 0) {
		free(w->pax_path);
		w->pax_path = xstrdup(val);
	} else if (strcmp(key, "linkpath") == 0) {
		free(w->pax_link);
		w->pax_link = xstrdup(val);
	}
	return true;
}

/* Go's parsePAX over the extended header in w->special. A later 'x'
 * replaces an earlier one; a 'g' is checked, then dropped with whatever
 * was pending. */
static void
parse_pax(struct image_tarwalk *w, bool global)
{
	const char *s = w->special.buf != NULL ? w->special.buf : "";
	size_t left = w->special.len;

	if (!global) {
		free(w->pax_path);
		free(w->pax_link);
		w->pax_path = w->pax_link = NULL;
		w->has_pax_size = false;
		w->has_pax_mtime = false;
	}
	while (left > 0) {
		const char *sp = memchr(s, ' ', left < 24 ? left : 24);
		const char *eq;
		char *key;
		int64_t n;
		char num[24];
		bool ok;

		if (sp == NULL) {
			tw_fail(w, "malformed pax record (no length)");
			return;
		}
		memcpy(num, s, (size_t)(sp - s));
		num[sp - s] = '\0';
		if (!parse_dec(num, &n) || n < 5 || (uint64_t)n > left ||
		    n <= sp - s + 1 || s[n - 1] != '\n') {
			tw_fail(w, "malformed pax record (bad length)");
			return;
		}
		eq = memchr(sp + 1, '=', (size_t)(s + n - 1 - (sp + 1)));
		if (eq == NULL || eq == sp + 1) {
			tw_fail(w, "malformed pax record (no key)");
			return;
		}
		key = xstrndup(sp + 1, (size_t)(eq - sp - 1));
		if (strlen(key) != (size_t)(eq - sp - 1)) {
			free(key);
			tw_fail(w, "pax record key holds a NUL byte");
			return;
		}
		ok = pax_record(w, key, eq + 1, (size_t)(s + n - 1 - eq - 1),
		    global);
		free(key);
		if (!ok)
			return;
		s += n;
		left -= (size_t)n;
	}
	if (global)
		pending_clear(w);
}

/* Queue member M (taking its strings). */
static void
enqueue(struct image_tarwalk *w, struct image_tar_member *m)
{
	if (w->qhead > 0 && w->qhead == w->qn) {
		w->qhead = 0;
		w->qn = 0;
	}
	if (w->qn - w->qhead >= QUEUE_MAX) {
		member_release(m);
		tw_fail(w, "more than %d members ahead of the reader",
		    QUEUE_MAX);
		return;
	}
	xgrow((void **)&w->q, &w->qcap, w->qn + 1, sizeof(*w->q));
	w->q[w->qn++] = *m;
}

bool
image_tarwalk_next(struct image_tarwalk *w, struct image_tar_member *out)
{
	if (w->qhead >= w->qn)
		return false;
	*out = w->q[w->qhead++];
	return true;
}

void
image_tar_member_release(struct image_tar_member *m)
{
	member_release(m);
	memset(m, 0, sizeof(*m));
}

static bool
is_zero_block(const unsigned char *b)
{
	for (size_t i = 0; i < BLOCK; i++)
		if (b[i] != 0)
			return false;
	return true;
}

/* Go's getFormat: the checksum, unsigned or signed, then the magic:
 * 'u' ustar/pax, 's' star, 'g' GNU, 'v' V7, 0 when the checksum fails. */
static char
header_format(const unsigned char *b)
{
	uint64_t want;
	int64_t s = 0;
	uint64_t u = 0;

	if (!parse_octal(b + 148, 8, &want))
		return 0;
	for (size_t i = 0; i < BLOCK; i++) {
		unsigned char c = i >= 148 && i < 156 ? ' ' : b[i];

		u += c;
		s += (signed char)c;
	}
	if (want != u && (int64_t)want != s)
		return 0;
	if (memcmp(b + 257, "ustar\0", 6) == 0)
		return memcmp(b + 508, "tar\0", 4) == 0 ? 's' : 'u';
	if (memcmp(b + 257, "ustar ", 6) == 0 && memcmp(b + 263, " \0", 2)
	    == 0)
		return 'g';
	return 'v';
}

/* The numeric fields Go parses with an error that fails the header. */
static bool
header_numbers(struct image_tarwalk *w, const unsigned char *b, char fmt,
    int64_t *size, int64_t *mtime)
{
	static const struct {
		size_t	 off;
		size_t	 len;
		bool	 ustar;		/* only past V7 */
		bool	 star;		/* only in star */
		const char *name;
	} f[] = {
		{ 124, 12, false, false, "size" },
		{ 100, 8, false, false, "mode" },
		{ 108, 8, false, false, "uid" },
		{ 116, 8, false, false, "gid" },
		{ 136, 12, false, false, "mtime" },
		{ 329, 8, true, false, "devmajor" },
		{ 337, 8, true, false, "devminor" },
		{ 476, 12, true, true, "atime" },
		{ 488, 12, true, true, "ctime" },
	};

	for (size_t i = 0; i < sizeof(f) / sizeof(f[0]); i++) {
		int64_t v = 0;

		if ((f[i].ustar && fmt == 'v') || (f[i].star && fmt != 's'))
			continue;
		if (!parse_numeric(b + f[i].off, f[i].len, &v)) {
			tw_fail(w, "%s field does not parse", f[i].name);
			return false;
		}
		if (i == 0)
			*size = v;
		else if (i == 4)
			*mtime = v;
	}
	return true;
}

/* The name Go gives header B of format FMT: ustar and star have a
 * prefix, GNU and V7 none. */
static char *
header_name(const unsigned char *b, char fmt)
{
	char *name = field_str(b, 100);
	char *prefix;
	char *full;

	if (fmt != 'u' && fmt != 's')
		return name;
	prefix = field_str(b + 345, fmt == 's' ? 131 : 155);
	if (prefix[0] == '\0') {
		free(prefix);
		return name;
	}
	full = xasprintf("%s/%s", prefix, name);
	free(prefix);
	free(name);
	return full;
}

static void special_done(struct image_tarwalk *w);

/* Go's isHeaderOnlyType: links, devices, directories, FIFOs. */
static bool
is_header_only(char type)
{
	return type >= '1' && type <= '6';
}

/* Header block w->blk: an extended header to collect, or a member. */
static void
header(struct image_tarwalk *w)
{
	const unsigned char *b = w->blk;
	char fmt = header_format(b);
	char type = (char)b[156];
	int64_t size = 0;
	int64_t mtime = 0;
	struct image_tar_member m;

	if (fmt == 0) {
		tw_fail(w, "checksum mismatch or not a tar header");
		return;
	}
	if (!header_numbers(w, b, fmt, &size, &mtime))
		return;
	/* Go's handleRegularFile: header-only types have no data */
	if (size < 0 && !is_header_only(type)) {
		tw_fail(w, "negative size");
		return;
	}
	if (type == 'x' || type == 'g' || type == 'L' || type == 'K') {
		if ((uint64_t)size > SPECIAL_MAX) {
			tw_fail(w, "extended header of %" PRId64 " bytes, more "
			    "than Go's 1 MiB limit", size);
			return;
		}
		w->stype = type;
		w->slen = (uint64_t)size;
		strbuf_reset(&w->special);
		w->st = TW_SPECIAL;
		if (size == 0)
			special_done(w);
		return;
	}
	if (type == 'S') {
		tw_fail(w, "sparse member: not supported (no container image "
		    "writer makes them)");
		return;
	}
	if (type != '\0' && (type < '0' || type > '7')) {
		tw_fail(w, "type flag '%c' (0x%02x), which container runtimes "
		    "do not unpack", type >= 0x20 && type < 0x7f ? type : '?',
		    (unsigned char)type);
		return;
	}
	memset(&m, 0, sizeof(m));
	m.type = type;
	m.off = w->hoff;
	m.name = w->gnu_name != NULL && w->gnu_name[0] != '\0' ?
	    xstrdup(w->gnu_name) : w->pax_path != NULL ? xstrdup(w->pax_path)
	    : header_name(b, fmt);
	m.link = w->gnu_link != NULL && w->gnu_link[0] != '\0' ?
	    xstrdup(w->gnu_link) : w->pax_link != NULL ? xstrdup(w->pax_link)
	    : field_str(b + 157, 100);
	if (w->has_pax_size)
		size = w->pax_size;
	/* Go: time.Unix(parseNumeric(mtime), 0), a pax mtime over it */
	m.mtime = w->has_pax_mtime ? w->pax_mtime : mtime;
	m.mtime_ns = w->has_pax_mtime ? w->pax_mtime_ns : 0;
	pending_clear(w);
	/* Go's isHeaderOnlyType: no data, whatever the size says; an old
	 * '\0' entry named "dir/" is a directory (TypeRegA) */
	if (is_header_only(type) || (type == '\0' &&
	    m.name[0] != '\0' && m.name[strlen(m.name) - 1] == '/'))
		size = 0;
	if (size < 0) {
		member_release(&m);
		tw_fail(w, "negative size");
		return;
	}
	m.size = (uint64_t)size;
	enqueue(w, &m);
	w->left = m.size + (BLOCK - m.size % BLOCK) % BLOCK;
	w->st = w->left > 0 ? TW_DATA : TW_HDR;
}

/* The extended header in w->special is complete. */
static void
special_done(struct image_tarwalk *w)
{
	switch (w->stype) {
	case 'x':
	case 'g':
		parse_pax(w, w->stype == 'g');
		break;
	case 'L':
		free(w->gnu_name);
		w->gnu_name = field_str((const unsigned char *)(w->special.buf
		    != NULL ? w->special.buf : ""), w->special.len);
		break;
	default:
		free(w->gnu_link);
		w->gnu_link = field_str((const unsigned char *)(w->special.buf
		    != NULL ? w->special.buf : ""), w->special.len);
		break;
	}
	if (w->st == TW_FAIL)
		return;
	w->left = (BLOCK - w->slen % BLOCK) % BLOCK;
	w->st = w->left > 0 ? TW_DATA : TW_HDR;
}

/* A whole block in w->blk while a header is expected. */
static void
block(struct image_tarwalk *w)
{
	if (is_zero_block(w->blk)) {
		w->st = w->st == TW_ZERO1 ? TW_END : TW_ZERO1;
		return;
	}
	if (w->st == TW_ZERO1) {
		tw_fail(w, "a zero block followed by more headers (Go's "
		    "archive/tar refuses this; libarchive would end the "
		    "layer here)");
		return;
	}
	header(w);
}

void
image_tarwalk_feed(struct image_tarwalk *w, const void *buf, size_t n)
{
	const unsigned char *p = buf;

	while (n > 0 && w->st != TW_FAIL && w->st != TW_END) {
		size_t k;

		switch (w->st) {
		case TW_HDR:
		case TW_ZERO1:
			if (w->blen == 0)
				w->hoff = w->off;
			k = BLOCK - w->blen < n ? BLOCK - w->blen : n;
			memcpy(w->blk + w->blen, p, k);
			w->blen += k;
			if (w->blen == BLOCK) {
				w->blen = 0;
				block(w);
			}
			break;
		case TW_SPECIAL:
			k = w->slen - w->special.len < n ?
			    (size_t)(w->slen - w->special.len) : n;
			strbuf_add(&w->special, p, k);
			if (w->special.len == w->slen)
				special_done(w);
			break;
		default:	/* TW_DATA */
			k = w->left < n ? (size_t)w->left : n;
			w->left -= k;
			if (w->left == 0)
				w->st = TW_HDR;
			break;
		}
		p += k;
		n -= k;
		w->off += k;
	}
}

bool
image_tarwalk_skip(struct image_tarwalk *w, uint64_t n)
{
	if (n == 0 || w->st == TW_FAIL || w->st == TW_END)
		return true;
	if (w->st != TW_DATA || n > w->left) {
		tw_fail(w, "the tar reader skipped %" PRIu64 " bytes that "
		    "Go's archive/tar reads as headers", n);
		return false;
	}
	w->left -= n;
	w->off += n;
	if (w->left == 0)
		w->st = TW_HDR;
	return true;
}

bool
image_tarwalk_wants_more(const struct image_tarwalk *w)
{
	return w->st != TW_END && w->st != TW_FAIL;
}

const char *
image_tarwalk_finish(struct image_tarwalk *w)
{
	if (w->st == TW_FAIL)
		return w->err;
	if (w->st == TW_END || ((w->st == TW_HDR || w->st == TW_ZERO1) &&
	    w->blen == 0))
		return NULL;
	w->hoff = w->off;
	tw_fail(w, "the layer ends inside a member");
	return w->err;
}
