/*
 * dpkg.c -- parse /var/lib/dpkg/status and order Debian versions.
 *
 * The status file is a list of RFC 822-style stanzas separated by blank
 * lines; a line starting with a space or tab continues the previous field
 * (Description, Conffiles). We keep only what the package probe needs
 * (Package, Status, Version, Architecture, Source) as pointers into one
 * copy of the file, so a 3 MB database is one allocation plus an array.
 * The parser is tolerant where dpkg's writer varies (CRLF, several blank
 * lines, no final newline, field names in any case) and strict where a
 * wrong guess would give a wrong verdict (a stray line, a repeated field):
 * those make the whole file an error, never a silent pass.
 *
 * Versions compare as dpkg's verrevcmp(): epoch numerically, then upstream
 * and revision alternating non-digit runs (letters before non-letters, `~`
 * before everything, even the end) and digit runs (numerically). Digit
 * runs are compared without converting them, so no epoch or number can
 * overflow.
 *
 * The parsed database is kept in the target's cache (dpkg.h).
 */
#include "config.h"

#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "assay/dpkg.h"
#include "assay/strbuf.h"
#include "assay/util.h"
#include "assay/xmem.h"

/* The key of the parsed database in the target's cache. */
#define DPKG_CACHE_KEY	"dpkg:" DPKG_STATUS_PATH

/* The fields we keep, in the order of the slots in struct stanza. */
enum dpkg_field {
	F_PACKAGE,
	F_STATUS,
	F_VERSION,
	F_ARCH,
	F_SOURCE,
	F__COUNT
};

static const char *const field_names[F__COUNT] = {
	[F_PACKAGE] = "Package",
	[F_STATUS] = "Status",
	[F_VERSION] = "Version",
	[F_ARCH] = "Architecture",
	[F_SOURCE] = "Source",
};

struct stanza {
	const char	*f[F__COUNT];
	unsigned	 first;		/* line of the first field; 0: none */
	bool		 infield;	/* a continuation line is allowed */
};

struct parser {
	struct dpkg_db	*db;
	struct stanza	 st;
	size_t		 stanzas;
	size_t		 max;
	unsigned	 lineno;
	char		*why;
};

static int
stanza_end(struct parser *p)
{
	struct stanza *st = &p->st;
	struct dpkg_db *db = p->db;
	struct dpkg_pkg *pkg;

	if (st->first == 0)
		return 0;
	if (++p->stanzas > p->max) {
		p->why = xasprintf("more than %zu stanzas", p->max);
		return -1;
	}
	if (st->f[F_PACKAGE] == NULL || st->f[F_PACKAGE][0] == '\0') {
		if (db->nskipped < DPKG_SKIPPED_MAX)
			db->skipped[db->nskipped] = st->first;
		db->nskipped++;
	} else {
		xgrow((void **)&db->v, &db->cap, db->n + 1, sizeof(*db->v));
		pkg = &db->v[db->n++];
		pkg->name = st->f[F_PACKAGE];
		pkg->status = st->f[F_STATUS];
		pkg->version = st->f[F_VERSION];
		pkg->arch = st->f[F_ARCH];
		pkg->source = st->f[F_SOURCE];
		pkg->line = st->first;
	}
	memset(st, 0, sizeof(*st));
	return 0;
}

/* A "Name: value" line; LINE points into the writable copy. */
static int
parse_field(struct parser *p, char *line, size_t len)
{
	struct stanza *st = &p->st;
	char *colon = memchr(line, ':', len);
	const char *v;
	size_t nlen;
	size_t vlen;

	if (colon == NULL || colon == line) {
		p->why = xstrdup("expected \"Field: value\"");
		return -1;
	}
	nlen = (size_t)(colon - line);
	if (st->first == 0)
		st->first = p->lineno;
	st->infield = true;
	v = colon + 1;
	vlen = len - nlen - 1;
	trim_span(&v, &vlen);
	for (int i = 0; i < F__COUNT; i++) {
		if (strlen(field_names[i]) != nlen ||
		    strncasecmp(field_names[i], line, nlen) != 0)
			continue;
		if (st->f[i] != NULL) {
			p->why = xasprintf("repeated field \"%s\"",
			    field_names[i]);
			return -1;
		}
		((char *)v)[vlen] = '\0';
		st->f[i] = v;
	}
	return 0;
}

static int
parse_line(struct parser *p, char *line, size_t len)
{
	if (is_blank_span(line, len))
		return stanza_end(p);
	if (line[0] == ' ' || line[0] == '\t') {
		if (!p->st.infield) {
			p->why = xstrdup("continuation line outside a field");
			return -1;
		}
		return 0;
	}
	return parse_field(p, line, len);
}

struct dpkg_db *
dpkg_db_parse(const char *path, const char *buf, size_t len,
    size_t max_stanzas, unsigned *linep, char **why)
{
	struct parser p;
	const char *line;
	size_t linelen;
	size_t pos = 0;

	memset(&p, 0, sizeof(p));
	p.max = max_stanzas;
	p.db = xcalloc(1, sizeof(*p.db));
	p.db->path = xstrdup(path);
	if (text_copy(buf, len, &p.db->buf, &p.lineno) != 0) {
		p.why = xstrdup("NUL byte in the file");
		goto bad;
	}
	while (next_line(p.db->buf, len, &pos, &line, &linelen, &p.lineno))
		if (parse_line(&p, (char *)line, linelen) != 0)
			goto bad;
	if (stanza_end(&p) != 0)
		goto bad;
	return p.db;
bad:
	*linep = p.lineno;
	*why = xasprintf("line %u: %s", p.lineno, p.why);
	free(p.why);
	dpkg_db_free(p.db);
	return NULL;
}

void
dpkg_db_free(struct dpkg_db *db)
{
	if (db == NULL)
		return;
	free(db->v);
	free(db->buf);
	free(db->path);
	free(db);
}

/* target_cache_put() frees with a void * */
static void
db_free_cb(void *db)
{
	dpkg_db_free(db);
}

enum fs_rc
dpkg_db_get(struct target *t, const struct limits *lim,
    const struct dpkg_db **dbp, unsigned *linep, char **why)
{
	struct strbuf sb = STRBUF_INIT;
	struct fsnode n;
	struct dpkg_db *db;
	enum fs_rc rc;

	*dbp = NULL;
	rc = target_lookup(t, DPKG_STATUS_PATH, true, &n);
	if (rc != FS_OK)
		return rc;
	db = target_cache_get(t, DPKG_CACHE_KEY);
	if (db != NULL) {
		*dbp = db;
		return FS_OK;
	}
	rc = target_read(t, DPKG_STATUS_PATH, lim->read_max, &sb);
	if (rc != FS_OK) {
		strbuf_release(&sb);
		return rc;
	}
	db = dpkg_db_parse(DPKG_STATUS_PATH, sb.buf != NULL ? sb.buf : "",
	    sb.len, DPKG_STANZA_MAX, linep, why);
	strbuf_release(&sb);
	if (db == NULL)
		return FS_OK;
	target_cache_put(t, DPKG_CACHE_KEY, db, db_free_cb);
	*dbp = db;
	return FS_OK;
}

size_t
dpkg_db_find(const struct dpkg_db *db, const char *name, const char *arch,
    const struct dpkg_pkg **out, size_t max)
{
	size_t k = 0;

	for (size_t i = 0; i < db->n && k < max; i++) {
		const struct dpkg_pkg *p = &db->v[i];

		if (strcmp(p->name, name) != 0)
			continue;
		if (arch != NULL &&
		    (p->arch == NULL || strcmp(p->arch, arch) != 0))
			continue;
		out[k++] = p;
	}
	return k;
}

bool
dpkg_status_installed(const char *status)
{
	const char *flag;
	const char *state;

	if (status == NULL)
		return false;
	flag = strchr(status, ' ');
	if (flag == NULL)
		return false;
	flag++;
	state = strchr(flag, ' ');
	if (state == NULL || (size_t)(state - flag) != 2 ||
	    strncmp(flag, "ok", 2) != 0)
		return false;
	state++;
	return strcmp(state, "installed") == 0 ||
	    strcmp(state, "triggers-pending") == 0 ||
	    strcmp(state, "triggers-awaited") == 0;
}

/* Versions. */

static bool
c_isdigit(int c)
{
	return c >= '0' && c <= '9';
}

static bool
c_isalpha(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* dpkg's order(): digits (never asked), letters, then `~` lowest, the end
 * next, everything else after the letters. */
static int
order(int c)
{
	if (c_isdigit(c))
		return 0;
	if (c_isalpha(c))
		return c;
	if (c == '~')
		return -1;
	if (c != 0)
		return c + 256;
	return 0;
}

static int
at(const char *s, size_t len, size_t i)
{
	return i < len ? (unsigned char)s[i] : 0;
}

static int
verrevcmp(const char *a, size_t alen, const char *b, size_t blen)
{
	size_t i = 0;
	size_t j = 0;

	while (i < alen || j < blen) {
		int first_diff = 0;

		while ((i < alen && !c_isdigit(a[i])) ||
		    (j < blen && !c_isdigit(b[j]))) {
			int ac = order(at(a, alen, i));
			int bc = order(at(b, blen, j));

			if (ac != bc)
				return ac - bc;
			i++;
			j++;
		}
		while (i < alen && a[i] == '0')
			i++;
		while (j < blen && b[j] == '0')
			j++;
		while (i < alen && j < blen && c_isdigit(a[i]) &&
		    c_isdigit(b[j])) {
			if (first_diff == 0)
				first_diff = a[i] - b[j];
			i++;
			j++;
		}
		if (c_isdigit(at(a, alen, i)))
			return 1;
		if (c_isdigit(at(b, blen, j)))
			return -1;
		if (first_diff != 0)
			return first_diff;
	}
	return 0;
}

struct vparts {
	const char	*e;
	size_t		 elen;
	const char	*u;
	size_t		 ulen;
	const char	*r;
	size_t		 rlen;
};

/* epoch:upstream-revision; the epoch ends at the first colon and the
 * revision starts after the last hyphen. */
static void
version_split(const char *v, struct vparts *p)
{
	const char *colon = strchr(v, ':');
	const char *hy;

	p->e = v;
	p->elen = 0;
	if (colon != NULL) {
		p->elen = (size_t)(colon - v);
		v = colon + 1;
	}
	hy = strrchr(v, '-');
	p->u = v;
	p->ulen = hy != NULL ? (size_t)(hy - v) : strlen(v);
	p->r = hy != NULL ? hy + 1 : "";
	p->rlen = strlen(p->r);
}

int
dpkg_version_cmp(const char *a, const char *b)
{
	struct vparts pa;
	struct vparts pb;
	int c;

	version_split(a, &pa);
	version_split(b, &pb);
	/* Epochs are digit strings: verrevcmp orders them numerically and
	 * treats an absent epoch as 0. */
	c = verrevcmp(pa.e, pa.elen, pb.e, pb.elen);
	if (c == 0)
		c = verrevcmp(pa.u, pa.ulen, pb.u, pb.ulen);
	if (c == 0)
		c = verrevcmp(pa.r, pa.rlen, pb.r, pb.rlen);
	return c;
}

static int
check_epoch(const struct vparts *p, const char **why)
{
	uint64_t epoch;
	char *s;
	int rc;

	/* dpkg uses strtol(): no leading digit reads as an empty epoch. */
	if (p->elen == 0 || !c_isdigit(p->e[0])) {
		*why = "epoch in version is empty";
		return -1;
	}
	for (size_t i = 0; i < p->elen; i++) {
		if (!c_isdigit(p->e[i])) {
			*why = "epoch in version is not number";
			return -1;
		}
	}
	s = xstrndup(p->e, p->elen);
	rc = parse_uint(s, 0, INT_MAX, &epoch);
	free(s);
	if (rc != 0) {
		*why = "epoch in version is too big";
		return -1;
	}
	return 0;
}

static int
check_chars(const char *s, size_t len, const char *extra, const char *msg,
    const char **why)
{
	for (size_t i = 0; i < len; i++) {
		if (!c_isdigit(s[i]) && !c_isalpha(s[i]) &&
		    strchr(extra, s[i]) == NULL) {
			*why = msg;
			return -1;
		}
	}
	return 0;
}

int
dpkg_version_check(const char *v, const char **why)
{
	struct vparts p;

	if (v[0] == '\0') {
		*why = "version string is empty";
		return -1;
	}
	if (strpbrk(v, " \t\r\n") != NULL) {
		*why = "version string has embedded spaces";
		return -1;
	}
	version_split(v, &p);
	if (strchr(v, ':') != NULL) {
		if (check_epoch(&p, why) != 0)
			return -1;
		if (p.u[0] == '\0') {
			*why = "nothing after colon in version number";
			return -1;
		}
	}
	if (strrchr(p.u, '-') != NULL && p.rlen == 0) {
		*why = "revision number is empty";
		return -1;
	}
	if (p.ulen == 0) {
		*why = "upstream version is empty";
		return -1;
	}
	if (!c_isdigit(p.u[0])) {
		*why = "version number does not start with digit";
		return -1;
	}
	if (check_chars(p.u, p.ulen, ".-+~:",
	    "invalid character in version number", why) != 0)
		return -1;
	return check_chars(p.r, p.rlen, ".+~",
	    "invalid character in revision number", why);
}
