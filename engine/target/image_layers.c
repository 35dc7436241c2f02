/*
 * image_layers.c -- stream one layer blob and merge it into the tree.
 *
 * A layer is a tar (plain, gzip or zstd: libarchive tells them apart by
 * content) read once, straight from where it lies: the current member of
 * the outer archive, a blob file of an OCI layout, or a memory buffer.
 * Nothing is extracted to disk and a blob is never held whole in memory
 * unless target_image.c buffered it. Every byte handed to libarchive is
 * hashed with SHA-256 on the way, so the blob's digest is verified by the
 * same single read.
 *
 * A compressed layer (gzip or zstd, told by its magic) goes through two
 * libarchive readers: stage 1, the raw format over the gzip and zstd
 * filters, decodes the compressed stream to its end, and stage 2, the tar
 * reader, is fed from it through a read callback. The tar reader stops at
 * its end-of-archive blocks, so stage 1 is then drained: garbage, a
 * truncated stream or a bad zstd frame checksum after the end marker
 * fails the open. Stage 1's output is the uncompressed tar, exactly what
 * a diff_id hashes: with a diff_id to check, it is hashed as it passes;
 * without one, a gzip stream's output is CRC-32'd and checked against the
 * CRC-32 and size in its last 8 bytes, as libarchive's gzip filter never
 * checks the trailer. Each layer thus pays one check of its uncompressed
 * bytes. An uncompressed layer is read by the tar reader alone: its blob
 * digest is its diff_id.
 *
 * Entries are applied as container runtimes apply them (OCI image-spec
 * layer.md): `.wh.NAME` deletes NAME from the layers below; an opaque
 * marker `.wh..wh..opq` hides everything lower layers put in its
 * directory but nothing its own layer put there, whatever the order of
 * the entries (so "applied before the siblings"); a bare `.wh.` is an
 * ordinary file; other `.wh..wh.*` names are AUFS bookkeeping and skipped.
 * A later entry for a path replaces the earlier one (a directory over a
 * directory only updates its metadata), and whatever is replaced or
 * whited out is remembered as hidden: a secret deleted in a later layer
 * is still in the image. A hard link copies the merged node it names at
 * that point, content included (shared, not copied).
 *
 * The tarball is hostile: absolute member names and names climbing out of
 * the root with ".." are rejected, as are members whose parent is a
 * symlink (a -> /, then a/etc/passwd) or a file; declared sizes, entry
 * counts, uncompressed bytes and the decompression ratio are capped
 * (limits.h). Content is kept only for the files a profile reads.
 */
#include "config.h"

#include <assert.h>
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <archive.h>
#include <archive_entry.h>
#include <openssl/evp.h>
#include <zlib.h>

#include "assay/limits.h"
#include "assay/util.h"
#include "assay/xmem.h"
#include "nested_stream.h"
#include "image_private.h"

#define SRC_CHUNK	65536
/* Bytes a stream may give before its compression ratio is judged. */
#define BOMB_MIN	((uint64_t)256 << 20)
/* Symlinks to directories a late-fetch plan follows below one another:
 * enough for /lib -> usr/lib style links, and no blow-up on loops. */
#define PLAN_DIR_LINKS	4
/* Uncompressed bytes between two progress updates. */
#define PROGRESS_STEP	((uint64_t)32 << 20)

/* Files whose content an image keeps without being asked: what the
 * built-in packs and the package, accounts and service probes read.
 * TREE: the pattern names a directory and matches everything below it. */
static const struct {
	const char	*pat;
	bool		 tree;
} retain_default[] = {
	{ "/etc", true },
	{ "/usr/lib/sysctl.d", true },
	{ "/lib/sysctl.d", true },
	{ "/usr/lib/systemd/system", true },
	{ "/lib/systemd/system", true },
	{ "/usr/lib/os-release", false },
	{ "/var/lib/dpkg/status", false },
	{ "/var/lib/dpkg/status.d", true },
	{ "/lib/apk/db/installed", false },
	{ "/boot/grub", true },
	{ "/root", true },
	{ "/home/*/.ssh", true },
	{ "/home/*/.*history", false },
};

/* One layer being applied. */
struct lctx {
	struct image		*im;
	struct archive		*a;
	struct image_src	*s;
	const struct image_layer_spec *ls;
	int			 layer;
	size_t			 nlayers;
	const char		*what;
	struct diag		*d;
	struct strbuf		 path;		/* "/a/b" of the member */
	const char		*member;	/* raw member name, borrowed
						 * from the entry, or NULL */
	const void		*first;		/* peeked chunk of S, */
	size_t			 nfirst;	/* handed out first */
	const char		*diff_hex;	/* expected diff_id or NULL */
	struct archive		*z;		/* stage 1, when compressed */
	struct image_streamhash	*zsh;		/* sha256 of its output, */
	uint64_t		 zout;		/* when a diff_id checks it */
	uint32_t		 crc;		/* CRC-32 of it, when the */
	bool			 gzip;		/* gzip trailer checks it */
	uint32_t		 nentry;	/* headers read so far */
	struct image_tarwalk	*tw;		/* the tar as Go reads it */
	size_t			 fnext;		/* next of ls->fetch */
	bool			 tap;		/* stream this entry's data */
	/* the member's modification time as Go reads it (check_member) */
	bool			 mtime_known;
	int64_t			 mtime;
	int64_t			 mtime_ns;
};

/* Tell the target_opts stream what the layer holds (image->stream). */
static void
stream_ev(struct lctx *c, enum target_stream_kind kind, const char *path,
    uint64_t size, const void *data, size_t len)
{
	struct target_stream_ev ev = { kind, path, c->layer, size, data,
	    len };

	c->im->stream(&ev, c->im->stream_arg);
}

void
image_src_init(struct image_src *s, const struct limits *lim)
{
	memset(s, 0, sizeof(*s));
	s->fd = -1;
	s->lim = lim;
	s->buf = xmalloc(SRC_CHUNK);
	s->md = EVP_MD_CTX_new();
	if (s->md == NULL || EVP_DigestInit_ex(s->md, EVP_sha256(),
	    NULL) != 1) {
		EVP_MD_CTX_free(s->md);
		s->md = NULL;
		s->failed = true;
		snprintf(s->err, sizeof(s->err), "cannot initialise sha256");
	}
}

void
image_src_release(struct image_src *s)
{
	EVP_MD_CTX_free(s->md);
	free(s->buf);
	s->md = NULL;
	s->buf = NULL;
}

bool
image_is_bomb(const struct limits *lim, uint64_t out, uint64_t in,
    uint64_t cap)
{
	if (out > cap)
		return true;
	return out > BOMB_MIN && out / (in != 0 ? in : 1) >
	    lim->image_bomb_ratio;
}

/* Keep in TAIL the last 8 bytes of all chunks so far, P[N] the latest. */
static void
keep_tail(unsigned char tail[8], const void *p, size_t n)
{
	if (n >= 8) {
		memcpy(tail, (const char *)p + n - 8, 8);
	} else if (n > 0) {
		memmove(tail, tail + n, 8 - n);
		memcpy(tail + 8 - n, p, n);
	}
}

const char *
image_ar_err(struct archive *a, const char *fallback)
{
	const char *s = archive_error_string(a);

	if (s != NULL)
		return s;
	return archive_errno(a) != 0 ? diag_errno(archive_errno(a)) :
	    fallback;
}

/* libarchive's message for a layer's reader A, never NULL. */
static const char *
ar_err(struct archive *a)
{
	return image_ar_err(a, "damaged tar header (libarchive gives no "
	    "reason)");
}

static void
src_fail(struct image_src *s, const char *msg)
{
	s->failed = true;
	snprintf(s->err, sizeof(s->err), "%s", msg);
}

/* Up to SRC_CHUNK more bytes of S into *BUFP: the count, 0 at the end,
 * -1 with s->err on error. */
ssize_t
image_src_pull(struct image_src *s, const void **bufp)
{
	ssize_t n;

	if (s->failed)
		return -1;
	if (s->outer != NULL) {
		n = archive_read_data(s->outer, s->buf, SRC_CHUNK);
		if (n < 0) {
			src_fail(s, ar_err(s->outer));
			return -1;
		}
		if (image_is_bomb(s->lim, (uint64_t)archive_filter_bytes(
		    s->outer, 0), (uint64_t)archive_filter_bytes(s->outer, -1),
		    s->lim->image_total_bytes)) {
			src_fail(s, "outer archive: decompression bomb");
			return -1;
		}
		*bufp = s->buf;
	} else if (s->ranged) {
		uint64_t left = s->pos < s->end ? s->end - s->pos : 0;
		size_t want = left < SRC_CHUNK ? (size_t)left : SRC_CHUNK;

		n = 0;
		if (want > 0) {
			n = image_pread(s->fd, s->buf, want, s->pos);
			if (n <= 0) {
				src_fail(s, n < 0 ? diag_errno(errno) :
				    "truncated: the file ends inside the blob");
				return -1;
			}
		}
		s->pos += (uint64_t)n;
		*bufp = s->buf;
	} else if (s->pull != NULL) {
		n = s->pull(s->pull_arg, bufp, s->err, sizeof(s->err));
		if (n < 0) {
			s->failed = true;
			return -1;
		}
	} else if (s->fd >= 0) {
		do
			n = read(s->fd, s->buf, SRC_CHUNK);
		while (n < 0 && errno == EINTR);
		if (n < 0) {
			src_fail(s, diag_errno(errno));
			return -1;
		}
		*bufp = s->buf;
	} else {
		n = (ssize_t)(s->memlen - s->mempos < SRC_CHUNK ?
		    s->memlen - s->mempos : SRC_CHUNK);
		*bufp = s->mem + s->mempos;
		s->mempos += (size_t)n;
	}
	if (!s->nohash)
		EVP_DigestUpdate(s->md, *bufp, (size_t)n);
	s->total += (uint64_t)n;
	keep_tail(s->tail, *bufp, (size_t)n);
	return n;
}

void
image_src_range(struct image_src *s, int fd, uint64_t off, uint64_t len)
{
	s->fd = fd;
	s->ranged = true;
	s->pos = off;
	s->end = off + len;
}

bool
image_blob_compressed(int fd, uint64_t off, uint64_t len)
{
	unsigned char p[4];
	ssize_t n;

	n = image_pread(fd, p, len < sizeof(p) ? (size_t)len : sizeof(p),
	    off);
	return n > 0 && stream_compressed(p, (size_t)n);
}

/* The bytes of the layer blob: the chunk peeked to tell the compression,
 * then the rest of S. Feeds stage 1, or the tar reader when the layer is
 * not compressed. */
static la_ssize_t
src_read_cb(struct archive *a, void *arg, const void **bufp)
{
	struct lctx *c = arg;
	ssize_t n;

	if (c->nfirst > 0) {
		*bufp = c->first;
		n = (ssize_t)c->nfirst;
		c->nfirst = 0;
		if (c->z == NULL && c->tw != NULL)
			image_tarwalk_feed(c->tw, *bufp, (size_t)n);
		return n;
	}
	n = image_src_pull(c->s, bufp);
	if (n < 0)
		archive_set_error(a, EIO, "%s", c->s->err);
	else if (c->z == NULL && c->tw != NULL)
		image_tarwalk_feed(c->tw, *bufp, (size_t)n);
	return n;
}

/* The tar reader of an uncompressed ranged source skips file data it
 * does not keep without reading it: the blob's hash is a worker's job
 * (image_hash.c), or not wanted. Never past the end of the blob. */
static la_int64_t
src_skip_cb(struct archive *a, void *arg, la_int64_t request)
{
	struct lctx *c = arg;
	struct image_src *s = c->s;
	uint64_t n;

	(void)a;
	if (request <= 0 || c->nfirst > 0 || s->failed)
		return 0;
	n = s->pos < s->end ? s->end - s->pos : 0;
	if (n > (uint64_t)request)
		n = (uint64_t)request;
	s->pos += n;
	s->total += n;
	if (c->tw != NULL)
		image_tarwalk_skip(c->tw, n);
	return (la_int64_t)n;
}

int
image_src_drain(struct image_src *s)
{
	const void *p;
	ssize_t n;

	while ((n = image_src_pull(s, &p)) > 0)
		continue;
	return n < 0 ? -1 : 0;
}

ssize_t
image_pread(int fd, void *buf, size_t len, uint64_t off)
{
	ssize_t n;

	do
		n = pread(fd, buf, len, (off_t)off);
	while (n < 0 && errno == EINTR);
	return n;
}

/* The first 32 bytes of B[0..LEN) as lower-case hex into HEX[65]. */
static void
hex32(const unsigned char *b, unsigned int len, char hex[65])
{
	for (unsigned i = 0; i < len && i < 32; i++)
		snprintf(hex + 2 * i, 3, "%02x", b[i]);
	hex[64] = '\0';
}

void
image_md_hex(void *md, char hex[65])
{
	unsigned char b[EVP_MAX_MD_SIZE];
	unsigned int len = 0;

	EVP_DigestFinal_ex(md, b, &len);
	hex32(b, len, hex);
}

void
image_sha256_hex(const void *data, size_t len, char hex[65])
{
	unsigned char b[EVP_MAX_MD_SIZE];
	unsigned int n = 0;

	EVP_Digest(data, len, b, &n, EVP_sha256(), NULL);
	hex32(b, n, hex);
}

void
image_src_digest(struct image_src *s, char hex[65])
{
	if (s->md == NULL) {	/* never hashed: matches no digest */
		hex[0] = '\0';
		return;
	}
	image_md_hex(s->md, hex);
}
/* Does PATH (normalized, absolute) match PAT, or lie below it when TREE? */
static bool
path_matches(const char *pat, bool tree, const char *path)
{
	size_t k = 0;
	size_t i;

	if (glob_match(pat, path, true))
		return true;
	if (!tree)
		return false;
	for (i = 0; pat[i] != '\0'; i++)
		if (pat[i] == '/')
			k++;
	/* the first K components of PATH, if it has more */
	for (i = 0; path[i] != '\0'; i++) {
		if (path[i] == '/' && k-- == 0)
			break;
	}
	if (path[i] != '/')
		return false;
	{
		char *head = xstrndup(path, i);
		bool m = glob_match(pat, head, true);

		free(head);
		return m;
	}
}

/* The patterns of the content to keep, with the literal text each
 * starts with: a path not starting with it can match neither the pattern
 * nor anything below it, and most paths are refused on that alone. */
static void
retain_build(struct image *im)
{
	size_t ng = im->globs != NULL ? im->globs->n : 0;
	size_t nd = sizeof(retain_default) / sizeof(retain_default[0]);

	im->pats = xcalloc(ng + nd, sizeof(*im->pats));
	for (size_t i = 0; i < ng + nd; i++) {
		struct image_pat *p = &im->pats[im->npats++];

		p->profile = i < ng;
		p->pat = p->profile ? im->globs->v[i] :
		    retain_default[i - ng].pat;
		p->tree = p->profile || retain_default[i - ng].tree;
		p->lit = strcspn(p->pat, "*?[\\");
	}
}

void
image_retain_release(struct image *im)
{
	free(im->pats);
	im->pats = NULL;
	im->npats = 0;
}

static bool
wants_content(struct image *im, const char *path, uint64_t size)
{
	if (im->pats == NULL)
		retain_build(im);
	for (size_t i = 0; i < im->npats; i++) {
		const struct image_pat *p = &im->pats[i];

		if (size > (p->profile ? im->lim->read_max :
		    im->lim->image_retain_file) ||
		    strncmp(path, p->pat, p->lit) != 0)
			continue;
		if (path_matches(p->pat, p->tree, path))
			return true;
	}
	return false;
}

/* Could a retained path lie at or below PATH? Only the literal start
 * of each pattern is compared: an answer of yes may be wrong, no never. */
static bool
may_want_below(struct image *im, const char *path)
{
	size_t len = strlen(path);

	for (size_t i = 0; i < im->npats; i++) {
		const struct image_pat *p = &im->pats[i];

		if (strncmp(path, p->pat, len < p->lit ? len : p->lit) == 0)
			return true;
	}
	return false;
}

/* The late-fetch plan being built by a walk of the merged tree. */
struct plan {
	struct image		*im;
	struct image_want	*v;
	size_t			 n;
	size_t			 cap;
	uint64_t		 visits;	/* bounded by image_entries */
};

/* Regular file N is what retained path PATH names: plan to fetch its
 * data if no pass kept it and the budget allows. */
static void
plan_file(struct plan *pl, const char *path, struct image_node *n)
{
	struct image *im = pl->im;

	if (n->data != NULL || n->want || n->size == 0 || n->oentry == 0 ||
	    im->retained + n->size > im->lim->image_retain_bytes ||
	    !wants_content(im, path, n->size))
		return;
	n->want = true;
	im->retained += n->size;
	xgrow((void **)&pl->v, &pl->cap, pl->n + 1, sizeof(*pl->v));
	pl->v[pl->n].layer = n->olayer;
	pl->v[pl->n].entry = n->oentry;
	pl->v[pl->n].n = n;
	pl->n++;
}

static void plan_dir(struct plan *pl, struct strbuf *path,
	    struct image_node *dir, unsigned hops);

/* Visit PATH, which names node K of the merged tree: through symlinks,
 * at most HOPS directory links deep. */
static void
plan_node(struct plan *pl, struct strbuf *path, struct image_node *k,
    unsigned hops)
{
	struct image *im = pl->im;
	struct image_node *t = k;

	if (++pl->visits > im->lim->image_entries)
		return;
	if (k->type == FS_LNK && (!may_want_below(im, path->buf) ||
	    image_tree_resolve(&im->tree, path->buf, true,
	    im->lim->symlink_hops, &t) != FS_OK))
		return;
	if (t->type == FS_REG)
		plan_file(pl, path->buf, t);
	else if (t->type == FS_DIR && (t == k || hops-- > 0) &&
	    may_want_below(im, path->buf))
		plan_dir(pl, path, t, hops);
}

static void
plan_dir(struct plan *pl, struct strbuf *path, struct image_node *dir,
    unsigned hops)
{
	size_t len = path->len;

	for (uint32_t i = 0; i < dir->nkids; i++) {
		struct image_node *k = dir->kids[i];

		strbuf_addch(path, '/');
		strbuf_addstr(path, k->name);
		if (path->len < PATH_MAX)
			plan_node(pl, path, k, hops);
		path->len = len;
		path->buf[len] = '\0';
	}
}

static int
cmp_want(const void *a, const void *b)
{
	const struct image_want *x = a;
	const struct image_want *y = b;

	if (x->layer != y->layer)
		return x->layer < y->layer ? -1 : 1;
	if (x->entry != y->entry)
		return x->entry < y->entry ? -1 : 1;
	return 0;
}

size_t
image_wants_plan(struct image *im, struct image_want **out)
{
	struct plan pl = { im, NULL, 0, 0, 0 };
	struct strbuf path = STRBUF_INIT;

	if (im->pats == NULL)
		retain_build(im);
	plan_dir(&pl, &path, im->tree.root, PLAN_DIR_LINKS);
	strbuf_release(&path);
	if (pl.n > 1)
		qsort(pl.v, pl.n, sizeof(*pl.v), cmp_want);
	*out = pl.v;
	return pl.n;
}

static int
lfail(struct lctx *c, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Report `WHAT: MEMBER: message` (no member before the first header). */
static int
lfail(struct lctx *c, const char *fmt, ...)
{
	struct strbuf b = STRBUF_INIT;
	va_list ap;
	char *msg;

	va_start(ap, fmt);
	msg = xvasprintf(fmt, ap);
	va_end(ap);
	/* a stream's own failure (a registry's transfer broke off) is the
	 * cause; libarchive only saw its input end */
	if (c->s != NULL && c->s->pull != NULL && c->s->failed) {
		free(msg);
		msg = xstrdup(c->s->err);
	}
	strbuf_addf(&b, "%s: ", c->what);
	if (c->member != NULL) {
		char *q = diag_quote(c->member, 200);

		strbuf_addf(&b, "member %s: ", q);
		free(q);
	}
	strbuf_addstr(&b, msg);
	diag_add(c->d, NULL, "%s", b.buf);
	strbuf_release(&b);
	free(msg);
	return -1;
}

static void
progress(struct lctx *c, uint64_t now)
{
	struct target_progress tp;

	if (c->im->progress == NULL || now < c->im->progress_next)
		return;
	c->im->progress_next = now + PROGRESS_STEP;
	tp.layer = c->layer + 1;
	tp.nlayers = c->nlayers;
	tp.bytes = now;
	tp.done = false;
	c->im->progress(&tp, c->im->progress_arg);
}

/* OUT uncompressed bytes of this layer so far against the caps. */
static int
check_bomb(struct lctx *c, uint64_t out)
{
	const struct limits *lim = c->im->lim;

	if (out > lim->image_layer_bytes ||
	    c->im->total + out > lim->image_total_bytes)
		return lfail(c, "more than %" PRIu64 " bytes uncompressed, "
		    "refusing a decompression bomb",
		    out > lim->image_layer_bytes ? lim->image_layer_bytes :
		    lim->image_total_bytes);
	if (image_is_bomb(lim, out, c->s->total, UINT64_MAX))
		return lfail(c, "decompression ratio above %u:1 (%" PRIu64
		    " bytes from %" PRIu64 "), refusing a decompression bomb",
		    lim->image_bomb_ratio, out, c->s->total);
	progress(c, c->im->total + out);
	return 0;
}

/* Read the data of the current entry (declared SIZE) into B, if not
 * NULL, checking the caps between blocks. */
static int
consume_data(struct lctx *c, struct image_blob *b, uint64_t size)
{
	/* an uncompressed ranged layer seeks past data nobody keeps; a
	 * compressed one is decoded block by block, caps checked between */
	if (b == NULL && !c->tap && c->z == NULL && c->s->ranged &&
	    c->s->nohash) {
		if (archive_read_data_skip(c->a) < ARCHIVE_WARN)
			return lfail(c, "%s", ar_err(c->a));
		return check_bomb(c, (uint64_t)archive_filter_bytes(c->a, 0));
	}
	for (;;) {
		const void *buf;
		size_t len;
		la_int64_t off;
		int r = archive_read_data_block(c->a, &buf, &len, &off);

		if (r == ARCHIVE_EOF)
			return 0;
		if (r < ARCHIVE_WARN)
			return lfail(c, "%s", ar_err(c->a));
		if (off < 0 || (uint64_t)off > size ||
		    len > size - (uint64_t)off)
			return lfail(c, "data beyond its declared size");
		if (b != NULL)
			memcpy(b->data + off, buf, len);
		if (c->tap && len > 0)
			stream_ev(c, TS_DATA, c->path.buf, size, buf, len);
		if (check_bomb(c, (uint64_t)archive_filter_bytes(c->a, 0)) != 0)
			return -1;
	}
}

/* Normalize member name RAW into c->path ("/a/b"): "./" and repeated
 * slashes fold, "a/../b" is "/b". Absolute names and names climbing above
 * the root are refused, as the OCI layer rules require. */
static int
norm_member(struct lctx *c, const char *raw)
{
	const char *p = raw;

	strbuf_reset(&c->path);
	if (raw[0] == '/')
		return lfail(c, "absolute member name");
	if (strlen(raw) >= PATH_MAX)
		return lfail(c, "name longer than %d bytes", PATH_MAX);
	while (*p != '\0') {
		size_t n = strcspn(p, "/");

		if (n == 0 || (n == 1 && p[0] == '.')) {
			/* empty or "." */
		} else if (n == 2 && p[0] == '.' && p[1] == '.') {
			char *slash = strrchr(c->path.buf != NULL ?
			    c->path.buf : "", '/');

			if (c->path.len == 0 || slash == NULL)
				return lfail(c, "escapes the image root");
			c->path.len = (size_t)(slash - c->path.buf);
			c->path.buf[c->path.len] = '\0';
		} else {
			strbuf_addch(&c->path, '/');
			strbuf_add(&c->path, p, n);
		}
		p += n;
		while (*p == '/')
			p++;
	}
	return 0;
}

/* The directory holding c->path, creating missing directories (owned by
 * root, 0755, as runtimes do) when CREATE; NULL when it is missing and
 * not CREATE, or (with a message, *ERR set) when a component is a
 * symlink or a file. c->path is cut at its last slash; *BASE points past
 * it. */
static struct image_node *
member_parent(struct lctx *c, bool create, const char **base, bool *err)
{
	struct image_tree *tr = &c->im->tree;
	struct image_node *cur = tr->root;
	char *last = strrchr(c->path.buf, '/');
	char *p = c->path.buf + 1;

	*err = false;
	*last = '\0';
	*base = last + 1;
	while (p <= last && *p != '\0') {
		char *slash = strchr(p, '/');
		struct image_node *n;

		if (slash != NULL)
			*slash = '\0';
		n = image_tree_child(tr, cur, p);
		if (n == NULL && create) {
			n = image_tree_add(tr, cur, p, FS_DIR);
			n->mode = 0755;
			n->layer = c->layer;
		}
		if (n != NULL && n->type != FS_DIR) {
			*err = true;
			lfail(c, "parent \"%s\" is a %s", c->path.buf,
			    fs_type_str((enum fs_type)n->type));
		}
		if (slash != NULL)
			*slash = '/';
		if (n == NULL || *err)
			return NULL;
		cur = n;
		p = slash != NULL ? slash + 1 : last + 1;
	}
	return cur;
}

/* Apply a whiteout BASE (".wh." prefixed) in directory DIR. */
static void
apply_whiteout(struct lctx *c, struct image_node *dir, const char *base)
{
	struct image_node *n;

	if (strcmp(base, ".wh..wh..opq") == 0) {
		image_tree_opaque(&c->im->tree, dir, c->layer);
		if (c->im->stream != NULL) {
			/* c->path is "DIR/.wh..wh..opq" */
			char *d = xstrndup(c->path.buf, (size_t)(base -
			    c->path.buf - 1));

			stream_ev(c, TS_OPAQUE, d[0] != '\0' ? d : "/", 0,
			    NULL, 0);
			free(d);
		}
		return;
	}
	/* whiteouts apply to lower layers only (layer.md) */
	n = image_tree_child(&c->im->tree, dir, base + 4);
	if (n != NULL && n->layer < c->layer) {
		image_tree_remove(&c->im->tree, n, true);
		if (c->im->stream != NULL) {
			char *gone = xasprintf("%.*s%s", (int)(base -
			    c->path.buf), c->path.buf, base + 4);

			stream_ev(c, TS_DELETE, gone, 0, NULL, 0);
			free(gone);
		}
	}
}

static enum fs_type
entry_type(struct archive_entry *e)
{
	switch (archive_entry_filetype(e)) {
	case AE_IFREG:
		return FS_REG;
	case AE_IFDIR:
		return FS_DIR;
	case AE_IFLNK:
		return FS_LNK;
	case AE_IFCHR:
		return FS_CHR;
	case AE_IFBLK:
		return FS_BLK;
	case AE_IFIFO:
		return FS_FIFO;
	case AE_IFSOCK:
		return FS_SOCK;
	default:
		return FS_OTHER;
	}
}

/* The merged node hard link target LINK (a member name) names now, into
 * *SRC. Clobbers c->path. */
static int
hardlink_source(struct lctx *c, const char *link, struct image_node **src)
{
	enum fs_rc rc;

	if (norm_member(c, link) != 0)
		return -1;
	rc = image_tree_resolve(&c->im->tree, c->path.len > 0 ?
	    c->path.buf : "/", false, c->im->lim->symlink_hops, src);
	if (rc != FS_OK || (*src)->type == FS_DIR)
		return lfail(c, "hard link to %s \"%s\"", rc != FS_OK ?
		    "missing" : "directory", link);
	return 0;
}

/* Copy into N what a hard link to SRC takes from it. */
static void
node_copy(struct image_node *n, const struct image_node *src)
{
	n->type = src->type;
	n->mode = src->mode;
	n->uid = src->uid;
	n->gid = src->gid;
	n->size = src->size;
	n->mtime_known = src->mtime_known;
	n->mtime = src->mtime;
	n->mtime_ns = src->mtime_ns;
	n->olayer = src->olayer;
	n->oentry = src->oentry;
	n->link = src->link != NULL ? xstrdup(src->link) : NULL;
	n->data = src->data;
	if (n->data != NULL)
		n->data->refs++;
	n->xattrs = src->xattrs;
	if (n->xattrs != NULL)
		n->xattrs->refs++;
	n->xattr_lost = src->xattr_lost;
}

/* The extended attributes of entry E into P (image_private.h's packing):
 * libarchive decodes pax SCHILY.xattr.NAME (what Go's archive/tar
 * writes, and containerd's and docker's unpackers apply) and
 * LIBARCHIVE.xattr.NAME records. The bytes count against the image's
 * retained-content budget; past it P keeps none and says so. */
static void
entry_xattrs(struct lctx *c, struct archive_entry *e, struct image_node *p)
{
	struct image *im = c->im;
	struct strbuf b = STRBUF_INIT;
	const char *name;
	const void *val;
	size_t len;

	if (archive_entry_xattr_reset(e) == 0)
		return;
	while (archive_entry_xattr_next(e, &name, &val, &len) == ARCHIVE_OK) {
		unsigned char l[4];

		if (name == NULL || name[0] == '\0' || len > UINT32_MAX)
			continue;
		l[0] = (unsigned char)len;
		l[1] = (unsigned char)(len >> 8);
		l[2] = (unsigned char)(len >> 16);
		l[3] = (unsigned char)(len >> 24);
		strbuf_add(&b, name, strlen(name) + 1);
		strbuf_add(&b, (const char *)l, 4);
		strbuf_add(&b, val, len);
		if (b.len > im->lim->image_retain_file)
			break;
	}
	if (b.len == 0 || b.len > im->lim->image_retain_file ||
	    im->retained + b.len > im->lim->image_retain_bytes) {
		p->xattr_lost = b.len > 0;
		strbuf_release(&b);
		return;
	}
	p->xattrs = xcalloc(1, sizeof(*p->xattrs) + b.len);
	p->xattrs->refs = 1;
	p->xattrs->len = b.len;
	memcpy(p->xattrs->data, b.buf, b.len);
	im->retained += b.len;
	strbuf_release(&b);
}

/* The modification time of entry E into P: Go's reading of the header
 * (image_tar.c: octal or base-256 mtime, a pax mtime with its fraction
 * over it), which containerd's and docker's unpackers give the file
 * (Chtimes); without the walker (a late fetch) libarchive's, which reads
 * the same fields. The access and change times are not kept: a runtime
 * sets them as it unpacks. */
static void
entry_mtime(struct lctx *c, struct archive_entry *e, struct image_node *p)
{
	struct fstime t;

	if (c->mtime_known)
		target_fstime(&t, c->mtime, c->mtime_ns);
	else if (archive_entry_mtime_is_set(e))
		target_fstime(&t, (int64_t)archive_entry_mtime(e),
		    (int64_t)archive_entry_mtime_nsec(e));
	else
		return;
	p->mtime_known = true;
	p->mtime = t.sec;
	p->mtime_ns = t.nsec;
}

/* The node entry E describes (or hard link source HSRC copies), before
 * it is placed: owns a copy of the link text and a data reference. */
static int
node_proto(struct lctx *c, struct archive_entry *e,
    const struct image_node *hsrc, struct image_node *p)
{
	const char *l;

	memset(p, 0, sizeof(*p));
	if (hsrc != NULL) {
		node_copy(p, hsrc);
		return 0;
	}
	p->type = (uint8_t)entry_type(e);
	p->mode = archive_entry_mode(e) & 07777;
	p->uid = (uint32_t)archive_entry_uid(e);
	p->gid = (uint32_t)archive_entry_gid(e);
	if (p->type == FS_REG)
		p->size = (uint64_t)archive_entry_size(e);
	entry_mtime(c, e, p);
	/* a symlink's own attributes are never read: getxattr follows */
	if (p->type != FS_LNK) {
		entry_xattrs(c, e, p);
		return 0;
	}
	l = archive_entry_symlink(e);
	if (l != NULL && strlen(l) >= PATH_MAX)
		return lfail(c, "symlink target longer than %d bytes",
		    PATH_MAX);
	p->link = xstrdup(l != NULL ? l : "");
	return 0;
}

/* Keep the content of new regular file N (c->path) if the profile reads
 * it and the budget allows: the blob to read it into, or NULL. */
static struct image_blob *
retain(struct lctx *c, struct image_node *n)
{
	struct image *im = c->im;
	struct image_blob *b;

	if (n->size == 0 || im->retained + n->size >
	    im->lim->image_retain_bytes || !wants_content(im, c->path.buf,
	    n->size))
		return NULL;
	b = xcalloc(1, sizeof(*b) + n->size);
	b->refs = 1;
	b->len = n->size;
	n->data = b;
	im->retained += n->size;
	return b;
}

/* Place entry E (or a hard link to HSRC) as BASE in DIR and read its
 * data: a later entry replaces the node there, except that a directory
 * over a directory only updates its metadata. */
static int
add_node(struct lctx *c, struct image_node *dir, const char *base,
    struct archive_entry *e, struct image_node *hsrc)
{
	struct image_tree *tr = &c->im->tree;
	uint64_t size = (uint64_t)archive_entry_size(e);
	struct image_node *old = image_tree_child(tr, dir, base);
	struct image_node p;
	struct image_node *n;
	int rc;

	if (old != NULL && old == hsrc)
		return consume_data(c, NULL, size);
	if (node_proto(c, e, hsrc, &p) != 0)
		return -1;
	if (old != NULL && old->type == FS_DIR && p.type == FS_DIR) {
		old->mode = p.mode;
		old->uid = p.uid;
		old->gid = p.gid;
		old->mtime_known = p.mtime_known;
		old->mtime = p.mtime;
		old->mtime_ns = p.mtime_ns;
		old->layer = c->layer;
		image_blob_unref(old->xattrs);
		old->xattrs = p.xattrs;
		old->xattr_lost = p.xattr_lost;
		return consume_data(c, NULL, size);
	}
	/* P holds its own references: HSRC may lie below OLD */
	if (old != NULL)
		image_tree_remove(tr, old, true);
	n = image_tree_add(tr, dir, base, (enum fs_type)p.type);
	n->mode = p.mode;
	n->uid = p.uid;
	n->gid = p.gid;
	n->size = p.size;
	n->mtime_known = p.mtime_known;
	n->mtime = p.mtime;
	n->mtime_ns = p.mtime_ns;
	n->link = p.link;
	n->data = p.data;
	n->xattrs = p.xattrs;
	n->xattr_lost = p.xattr_lost;
	n->olayer = p.olayer;
	n->oentry = p.oentry;
	n->layer = c->layer;
	if (hsrc != NULL || n->type != FS_REG)
		return consume_data(c, NULL, size);
	/* where its data lies, for a late fetch (a link reaches it) */
	n->olayer = c->layer;
	n->oentry = c->nentry;
	if (c->im->stream == NULL)
		return consume_data(c, retain(c, n), size);
	/* the stream sees the bytes as they pass (secrets probe) */
	stream_ev(c, TS_BEGIN, c->path.buf, size, NULL, 0);
	c->tap = true;
	rc = consume_data(c, retain(c, n), size);
	c->tap = false;
	if (rc == 0)
		stream_ev(c, TS_END, c->path.buf, size, NULL, 0);
	return rc;
}

/* Is BASE a whiteout name (".wh." and more; a bare ".wh." is a file)? */
static bool
is_whiteout(const char *base)
{
	return strncmp(base, ".wh.", 4) == 0 && base[4] != '\0';
}

/* Apply header E of the layer. */
static int
apply_entry(struct lctx *c, struct archive_entry *e)
{
	const char *raw = archive_entry_pathname(e);
	const char *hl = archive_entry_hardlink(e);
	int64_t size = archive_entry_size(e);
	struct image_node *hsrc = NULL;
	struct image_node *dir;
	const char *base;
	char *full;
	bool err;
	bool wh;

	c->member = raw != NULL && raw[0] != '\0' ? raw : NULL;
	if (++c->im->entries > c->im->lim->image_entries)
		return lfail(c, "more than %" PRIu64 " entries in the image",
		    c->im->lim->image_entries);
	if (raw == NULL)
		return lfail(c, "name cannot be decoded");
	if (size < 0 || (uint64_t)size > c->im->lim->image_layer_bytes)
		return lfail(c, "claims %" PRId64 " bytes, more than the %"
		    PRIu64 "-byte layer cap", size,
		    c->im->lim->image_layer_bytes);
	if (hl != NULL && hardlink_source(c, hl, &hsrc) != 0)
		return -1;
	if (norm_member(c, raw) != 0)
		return -1;
	if (c->path.len == 0)		/* "./": the root itself */
		return consume_data(c, NULL, (uint64_t)size);
	full = xstrdup(c->path.buf);
	wh = is_whiteout(strrchr(full, '/') + 1);
	/* a whiteout in a missing directory hides nothing: create none */
	dir = member_parent(c, !wh, &base, &err);
	strbuf_reset(&c->path);
	strbuf_addstr(&c->path, full);
	free(full);
	if (err)
		return -1;
	base = strrchr(c->path.buf, '/') + 1;
	if (!wh)
		return add_node(c, dir, base, e, hsrc);
	/* other ".wh..wh." names are AUFS bookkeeping, not whiteouts */
	if (dir != NULL && (strcmp(base, ".wh..wh..opq") == 0 ||
	    strncmp(base, ".wh..wh.", 8) != 0))
		apply_whiteout(c, dir, base);
	return consume_data(c, NULL, (uint64_t)size);
}

/* Late fetch: read the data of header E, the c->nentry'th, if a node
 * wants it, into one blob all those nodes share. */
static int
fetch_entry(struct lctx *c, struct archive_entry *e)
{
	const struct image_layer_spec *ls = c->ls;
	int64_t size = archive_entry_size(e);
	struct image_blob *b;
	size_t i;

	if (c->fnext >= ls->nfetch || ls->fetch[c->fnext].entry != c->nentry)
		return consume_data(c, NULL, size < 0 ? 0 : (uint64_t)size);
	c->member = archive_entry_pathname(e);
	if (size < 0 || (uint64_t)size != ls->fetch[c->fnext].n->size)
		return lfail(c, "changed since the layer was read");
	b = xcalloc(1, sizeof(*b) + (size_t)size);
	b->len = (size_t)size;
	for (i = c->fnext; i < ls->nfetch && ls->fetch[i].entry ==
	    c->nentry; i++) {
		assert(ls->fetch[i].n->data == NULL);
		ls->fetch[i].n->data = b;
		b->refs++;
	}
	c->fnext = i;
	return consume_data(c, b, (uint64_t)size);
}

/* Header E that libarchive returned against the member Go's archive/tar
 * reads at that point (image_tar.c): the same name, link and size, or
 * the layer is refused. */
static int
check_member(struct lctx *c, struct archive_entry *e)
{
	const char *name = archive_entry_pathname(e);
	const char *hl = archive_entry_hardlink(e);
	const char *sl = archive_entry_symlink(e);
	const char *what = NULL;
	const char *go = NULL;
	struct image_tar_member m;
	int rc = 0;

	c->member = name != NULL && name[0] != '\0' ? name : NULL;
	c->mtime_known = false;
	if (image_tarwalk_error(c->tw) != NULL) {
		c->member = NULL;
		return lfail(c, "%s", image_tarwalk_error(c->tw));
	}
	if (!image_tarwalk_next(c->tw, &m))
		return lfail(c, "libarchive reads a member where Go's "
		    "archive/tar reads none");
	c->mtime_known = true;
	c->mtime = m.mtime;
	c->mtime_ns = m.mtime_ns;
	if (name == NULL || strcmp(name, m.name) != 0) {
		what = "as";
		go = m.name;
	} else if (m.type == '1' ? hl == NULL || strcmp(hl, m.link) != 0 :
	    hl != NULL) {
		what = "as a hard link to";
		go = m.type == '1' ? m.link : "(not a hard link)";
	} else if (m.type == '2' && (sl == NULL || strcmp(sl, m.link) != 0)) {
		what = "as a symlink to";
		go = m.link;
	} else if ((m.type == '0' || m.type == '7' || m.type == '\0') &&
	    hl == NULL &&
	    archive_entry_filetype(e) == AE_IFREG &&
	    (uint64_t)archive_entry_size(e) != m.size) {
		rc = lfail(c, "tar headers disagree: Go's archive/tar, which "
		    "container runtimes unpack layers with, reads %" PRIu64
		    " bytes where libarchive reads %jd", m.size,
		    (intmax_t)archive_entry_size(e));
	}
	if (what != NULL) {
		char *q = diag_quote(go, 200);

		rc = lfail(c, "tar headers disagree: Go's archive/tar, which "
		    "container runtimes unpack layers with, reads this member "
		    "%s %s", what, q);
		free(q);
	}
	image_tar_member_release(&m);
	return rc;
}

static la_ssize_t unz_read_cb(struct archive *a, void *arg,
	    const void **bufp);

/* libarchive's tar reader has ended: the walker must end there too (a
 * lone zero block followed by more headers is Go's ErrHeader), having
 * found no member libarchive did not return. */
static int
walk_finish(struct lctx *c)
{
	struct image_tar_member m;
	const char *err;

	c->member = NULL;
	while (image_tarwalk_wants_more(c->tw)) {
		const void *p;
		la_ssize_t n = c->z != NULL ? unz_read_cb(c->a, c, &p) :
		    src_read_cb(c->a, c, &p);

		if (n < 0)
			return lfail(c, "%s", ar_err(c->a));
		if (n == 0)
			break;
		if (c->z != NULL && check_bomb(c, c->zout) != 0)
			return -1;
	}
	err = image_tarwalk_finish(c->tw);
	if (err != NULL)
		return lfail(c, "%s", err);
	if (image_tarwalk_next(c->tw, &m)) {
		char *q = diag_quote(m.name, 200);

		lfail(c, "Go's archive/tar reads a member %s at byte %" PRIu64
		    " after the end libarchive found", q, m.off);
		free(q);
		image_tar_member_release(&m);
		return -1;
	}
	return 0;
}

static int
read_entries(struct lctx *c)
{
	struct archive_entry *e;

	for (;;) {
		int r = archive_read_next_header(c->a, &e);

		if (r == ARCHIVE_EOF)
			return c->tw != NULL ? walk_finish(c) : 0;
		/* a skipped damaged header (ARCHIVE_RETRY) is no less a lie
		 * about the layer. A warning (a malformed pax record ignored,
		 * a UTF-8 pax path the C locale cannot show, as in every
		 * image with ca-certificates) stands only when the member is
		 * the one Go reads, byte for byte: a record Go refuses has
		 * already failed the walker. A late fetch (no walker) reads a
		 * layer whose every header the first pass checked so; it
		 * matches members by entry number and size */
		if (r != ARCHIVE_OK && (r != ARCHIVE_WARN || (c->tw != NULL &&
		    image_tarwalk_error(c->tw) != NULL))) {
			c->member = NULL;
			if (c->tw != NULL && image_tarwalk_error(c->tw) != NULL)
				return lfail(c, "%s",
				    image_tarwalk_error(c->tw));
			return lfail(c, "%s", ar_err(c->a));
		}
		if (c->tw != NULL && check_member(c, e) != 0)
			return -1;
		c->nentry++;
		if (c->ls->fetch != NULL && c->fnext >= c->ls->nfetch)
			return 0;	/* all fetched */
		if (c->ls->fetch != NULL ? fetch_entry(c, e) != 0 :
		    apply_entry(c, e) != 0)
			return -1;
	}
}

/* Stage 1's output for the tar reader: blocks of the uncompressed tar,
 * hashed (or CRC-32'd: one of the two checks them) as they pass, with no
 * copy. */
static la_ssize_t
unz_read_cb(struct archive *a, void *arg, const void **bufp)
{
	struct lctx *c = arg;
	size_t len = 0;
	la_int64_t off;
	int r = archive_read_data_block(c->z, bufp, &len, &off);

	if (r == ARCHIVE_EOF)
		return 0;
	if (r < ARCHIVE_WARN) {
		archive_set_error(a, EIO, "%s", ar_err(c->z));
		return -1;
	}
	if (c->tw != NULL)
		image_tarwalk_feed(c->tw, *bufp, len);
	if (c->zsh != NULL)
		image_streamhash_feed(c->zsh, *bufp, len);
	else if (c->gzip)
		c->crc = (uint32_t)crc32(c->crc, *bufp, (uInt)len);
	c->zout += len;
	return (la_ssize_t)len;
}

/* Open stage 1 over the layer blob. Only gzip and zstd: the other
 * filters of libarchive may run external programs. */
static int
unz_open(struct lctx *c)
{
	struct archive_entry *e;

	c->z = archive_read_new();
	archive_read_support_filter_gzip(c->z);
	archive_read_support_filter_zstd(c->z);
	archive_read_support_format_raw(c->z);
	if (archive_read_open(c->z, c, NULL, src_read_cb, NULL) !=
	    ARCHIVE_OK || archive_read_next_header(c->z, &e) != ARCHIVE_OK)
		return lfail(c, "%s", ar_err(c->z));
	/* a trailer covers one gzip stream, not nested compression */
	c->gzip = archive_filter_count(c->z) == 2 &&
	    archive_filter_code(c->z, 0) == ARCHIVE_FILTER_GZIP;
	c->crc = (uint32_t)crc32(0, NULL, 0);
	if (c->diff_hex == NULL)
		return 0;
	c->zsh = image_streamhash_new();
	if (c->zsh == NULL)
		return lfail(c, "cannot initialise sha256");
	return 0;
}

/* Open the tar reader on the layer: through stage 1 when compressed. */
static int
layer_open(struct lctx *c)
{
	ssize_t n = image_src_pull(c->s, &c->first);
	la_ssize_t (*cb)(struct archive *, void *, const void **) =
	    src_read_cb;
	const char *outer;

	if (n < 0)
		return lfail(c, "%s", c->s->err);
	c->nfirst = (size_t)n;
	if ((outer = nested_stream(c->first, c->nfirst)) != NULL)
		return lfail(c, "a compressed stream inside the %s stream, "
		    "which container runtimes do not unpack (they decompress "
		    "once)", outer);
	if (stream_compressed(c->first, c->nfirst)) {
		if (unz_open(c) != 0)
			return -1;
		cb = unz_read_cb;
	}
	archive_read_support_format_tar(c->a);
	archive_read_support_format_empty(c->a);
	archive_read_set_read_callback(c->a, cb);
	if (c->z == NULL && c->s->ranged && c->s->nohash)
		archive_read_set_skip_callback(c->a, src_skip_cb);
	archive_read_set_callback_data(c->a, c);
	if (archive_read_open1(c->a) != ARCHIVE_OK)
		return lfail(c, "%s", ar_err(c->a));
	return 0;
}

/* The tar reader is done: decode the rest of stage 1 (blocks after the
 * end marker, the zstd checksum) and fail on any error. */
static int
unz_drain(struct lctx *c)
{
	const void *p;
	la_ssize_t n;

	while ((n = unz_read_cb(c->a, c, &p)) > 0)
		if (check_bomb(c, c->zout) != 0)
			return -1;
	if (n < 0)
		return lfail(c, "%s", ar_err(c->a));
	return 0;
}

static uint32_t
le32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	    (uint32_t)p[3] << 24;
}

/* The gzip trailer (the last 8 bytes of S: CRC-32, size mod 2^32)
 * against what stage 1 gave: NULL, or why not (the caller frees). */
static char *
trailer_error(struct lctx *c)
{
	uint32_t crc = le32(c->s->tail);
	uint32_t size = le32(c->s->tail + 4);

	if (crc != c->crc)
		return xasprintf("gzip trailer says CRC-32 %08" PRIx32 ", the "
		    "data has %08" PRIx32, crc, c->crc);
	if (size != (uint32_t)c->zout)
		return xasprintf("gzip trailer says %" PRIu32 " bytes (mod "
		    "2^32), the data has %" PRIu32, size, (uint32_t)c->zout);
	return NULL;
}

static int
check_trailer(struct lctx *c)
{
	char *why = trailer_error(c);
	int rc = 0;

	if (why != NULL)
		rc = lfail(c, "%s", why);
	free(why);
	return rc;
}

/* The blob of a layer read whole is a worker's job: leave its checks
 * (the blob's digest, then the diff_id or the gzip trailer, as
 * check_digests() orders them) in LATER, and what only this pass knows
 * (the trailer's verdict, the sha256 of the decoded tar) with them. */
static void
defer_digests(struct lctx *c, struct image_layer_later *later)
{
	memset(later, 0, sizeof(*later));
	later->pending = true;
	later->hasher = c->ls->hasher;
	later->job = c->ls->job;
	later->what = xstrdup(c->what);
	later->blob_hex = c->ls->blob_hex;
	later->diff_hex = c->diff_hex;
	if (c->diff_hex == NULL) {
		if (c->gzip)
			later->after = trailer_error(c);
	} else if (c->z != NULL) {
		char dhex[65];

		image_streamhash_finish(c->zsh, dhex);
		c->zsh = NULL;
		if (strcmp(dhex, c->diff_hex) != 0)
			later->after = xasprintf("diff_id sha256:%s mismatch "
			    "(the uncompressed tar hashes to sha256:%s)",
			    c->diff_hex, dhex);
	} else
		later->diff_is_blob = true;
}

int
image_layer_check_later(struct image_layer_later *later, struct diag *d)
{
	char hex[65];
	char err[160];
	int rc = 0;

	if (!later->pending)
		return 0;
	if (image_hasher_wait(later->hasher, later->job, hex, err,
	    sizeof(err)) != 0) {
		diag_add(d, NULL, "%s: %s", later->what, err);
		rc = -1;
	} else if (later->blob_hex != NULL && strcmp(hex, later->blob_hex)
	    != 0) {
		diag_add(d, NULL, "%s: blob sha256:%s digest mismatch (its "
		    "content hashes to sha256:%s)", later->what,
		    later->blob_hex, hex);
		rc = -1;
	} else if (later->diff_is_blob && strcmp(hex, later->diff_hex) != 0) {
		diag_add(d, NULL, "%s: diff_id sha256:%s mismatch (the "
		    "uncompressed tar hashes to sha256:%s)", later->what,
		    later->diff_hex, hex);
		rc = -1;
	} else if (later->after != NULL) {
		diag_add(d, NULL, "%s: %s", later->what, later->after);
		rc = -1;
	}
	image_layer_later_release(later);
	return rc;
}

void
image_layer_later_release(struct image_layer_later *later)
{
	free(later->what);
	free(later->after);
	memset(later, 0, sizeof(*later));
}

/* The sha256 of the whole blob into HEX: from the source, or the job
 * hashing it beside us. */
static int
blob_digest(struct lctx *c, char hex[65])
{
	char err[160];

	if (c->ls->hasher == NULL) {
		image_src_digest(c->s, hex);
		return 0;
	}
	if (image_hasher_wait(c->ls->hasher, c->ls->job, hex, err,
	    sizeof(err)) != 0)
		return lfail(c, "%s", err);
	return 0;
}

/* Check the digests of the layer read whole: the blob's, then the
 * diff_id or, without one, the gzip trailer. A gzip stream of several
 * members (cat a.gz b.gz) has a trailer for its last member only: a
 * diff_id vouches for it instead; without one, it is refused. Unless
 * digests are not checked (--no-verify): then only the trailer. */
static int
check_digests(struct lctx *c)
{
	const char *blob_hex = c->ls->blob_hex;
	char hex[65];
	char dhex[65];

	if (!c->im->verify)
		return c->gzip ? check_trailer(c) : 0;
	if (c->ls->hasher != NULL && c->ls->later != NULL) {
		defer_digests(c, c->ls->later);
		return 0;
	}
	if (blob_digest(c, hex) != 0)
		return -1;
	if (blob_hex != NULL && strcmp(hex, blob_hex) != 0)
		return lfail(c, "blob sha256:%s digest mismatch (its content "
		    "hashes to sha256:%s)", blob_hex, hex);
	if (c->diff_hex == NULL)
		return c->gzip ? check_trailer(c) : 0;
	if (c->z != NULL) {
		image_streamhash_finish(c->zsh, dhex);
		c->zsh = NULL;
	} else
		memcpy(dhex, hex, sizeof(dhex));
	if (strcmp(dhex, c->diff_hex) != 0)
		return lfail(c, "diff_id sha256:%s mismatch (the uncompressed "
		    "tar hashes to sha256:%s)", c->diff_hex, dhex);
	return 0;
}

/* Read the layer to the end of its blob. */
static int
layer_read(struct lctx *c)
{
	if (layer_open(c) != 0 || read_entries(c) != 0)
		return -1;
	c->member = NULL;
	if (c->ls->fetch != NULL)
		return 0;	/* a late fetch needs nothing more */
	if (c->z != NULL && unz_drain(c) != 0)
		return -1;
	/* what is left is read only to be hashed */
	if ((c->z != NULL || !c->s->nohash) && image_src_drain(c->s) != 0)
		return lfail(c, "%s", c->s->err);
	return 0;
}

int
image_layer_apply(struct image *im, struct image_src *s,
    const struct image_layer_spec *ls, struct diag *d)
{
	struct lctx c = {
		.im = im,
		.a = archive_read_new(),
		.s = s,
		.ls = ls,
		.layer = ls->layer,
		.nlayers = ls->nlayers,
		.what = ls->what,
		.d = d,
		.path = STRBUF_INIT,
		.diff_hex = im->verify ? ls->diff_hex : NULL,
	};
	int rc;

	if (ls->hasher != NULL || !im->verify || (ls->blob_hex == NULL &&
	    ls->diff_hex == NULL) || ls->fetch != NULL)
		s->nohash = true;	/* nothing for S to hash */
	if (ls->fetch != NULL)
		c.diff_hex = NULL;	/* checked by the first pass */
	else
		c.tw = image_tarwalk_new();
	rc = layer_read(&c);
	if (rc == 0 && ls->fetch == NULL)
		rc = check_digests(&c);
	if (rc == 0 && c.fnext < ls->nfetch)
		rc = lfail(&c, "changed since the layer was read");
	if (rc == 0 && ls->fetch == NULL)
		im->total += c.z != NULL ? c.zout :
		    (uint64_t)archive_filter_bytes(c.a, 0);
	archive_read_free(c.a);
	archive_read_free(c.z);
	image_streamhash_finish(c.zsh, NULL);
	image_tarwalk_free(c.tw);
	strbuf_release(&c.path);
	return rc;
}
