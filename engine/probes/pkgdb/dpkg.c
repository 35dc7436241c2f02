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
 * Distroless images split the status file into /var/lib/dpkg/status.d/,
 * one file per package (plus NAME.md5sums lists, which are not stanzas:
 * skipped, as Trivy and Syft skip them). Each file goes through the same
 * parser, so a malformed one is an error like a malformed status, and the
 * entries are merged after those of status when both exist.
 *
 * The parsed database is kept in the target's cache (dpkg.h).
 */
#include "config.h"

#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "assay/dpkg.h"
#include "assay/limits.h"
#include "assay/pkgdb.h"
#include "assay/strbuf.h"
#include "assay/util.h"
#include "assay/xmem.h"

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
	bool		 infield;	/* a continuation line is allowed */
};

struct parser {
	struct dpkg_db	*db;
	struct stanza	 st;
};

/* The stanza that started on line FIRST ended. */
static void
stanza_end(void *arg, unsigned first)
{
	struct parser *p = arg;
	struct stanza *st = &p->st;
	struct dpkg_db *db = p->db;
	struct dpkg_pkg *pkg;

	if (st->f[F_PACKAGE] == NULL || st->f[F_PACKAGE][0] == '\0') {
		if (db->nskipped < DPKG_SKIPPED_MAX) {
			db->skipped_path[db->nskipped] = db->path;
			db->skipped[db->nskipped] = first;
		}
		db->nskipped++;
	} else {
		xgrow((void **)&db->v, &db->cap, db->n + 1, sizeof(*db->v));
		pkg = &db->v[db->n++];
		pkg->name = st->f[F_PACKAGE];
		pkg->status = st->f[F_STATUS];
		pkg->version = st->f[F_VERSION];
		pkg->arch = st->f[F_ARCH];
		pkg->source = st->f[F_SOURCE];
		pkg->path = db->path;
		pkg->line = first;
	}
	memset(st, 0, sizeof(*st));
}

/* A "Name: value" line; LINE points into the writable copy. */
static int
parse_field(struct parser *p, char *line, size_t len,
    const struct srcpos *at, struct diag *d)
{
	struct stanza *st = &p->st;
	char *colon = memchr(line, ':', len);
	const char *v;
	size_t nlen;
	size_t vlen;

	if (colon == NULL || colon == line) {
		diag_add(d, at, "expected \"Field: value\"");
		return -1;
	}
	nlen = (size_t)(colon - line);
	st->infield = true;
	v = colon + 1;
	vlen = len - nlen - 1;
	trim_span(&v, &vlen);
	for (int i = 0; i < F__COUNT; i++) {
		if (strlen(field_names[i]) != nlen ||
		    strncasecmp(field_names[i], line, nlen) != 0)
			continue;
		if (st->f[i] != NULL) {
			diag_add(d, at, "repeated field \"%s\"",
			    field_names[i]);
			return -1;
		}
		((char *)v)[vlen] = '\0';
		st->f[i] = v;
	}
	return 0;
}

static int
parse_line(void *arg, char *line, size_t len, const struct srcpos *at,
    struct diag *d)
{
	struct parser *p = arg;

	if (line[0] == ' ' || line[0] == '\t') {
		if (!p->st.infield) {
			diag_add(d, at, "continuation line outside a field");
			return -1;
		}
		return 0;
	}
	return parse_field(p, line, len, at, d);
}

static const struct pkgdb_blocks stanzas = {
	.what = "stanzas",
	.line = parse_line,
	.end = stanza_end,
};

struct dpkg_db *
dpkg_db_parse(const char *path, const char *buf, size_t len,
    size_t max_stanzas, struct diag *d)
{
	struct parser p;

	memset(&p, 0, sizeof(p));
	p.db = xcalloc(1, sizeof(*p.db));
	p.db->path = xstrdup(path);
	p.db->bytes = len;
	if (pkgdb_parse_blocks(&stanzas, &p, path, buf, len, max_stanzas,
	    &p.db->buf, d) == 0)
		return p.db;
	dpkg_db_free(p.db);
	return NULL;
}

void
dpkg_db_free(struct dpkg_db *db)
{
	if (db == NULL)
		return;
	for (size_t i = 0; i < db->nmore; i++) {
		free(db->more_paths[i]);
		free(db->more_bufs[i]);
	}
	free(db->more_paths);
	free(db->more_bufs);
	free(db->v);
	free(db->buf);
	free(db->path);
	free(db);
}

void
dpkg_db_merge(struct dpkg_db *dst, struct dpkg_db *src)
{
	size_t cap = dst->nmore;

	xgrow((void **)&dst->v, &dst->cap, dst->n + src->n, sizeof(*dst->v));
	memcpy(dst->v + dst->n, src->v, src->n * sizeof(*src->v));
	dst->n += src->n;
	for (size_t i = 0; i < src->nskipped && i < DPKG_SKIPPED_MAX; i++) {
		if (dst->nskipped + i >= DPKG_SKIPPED_MAX)
			break;
		dst->skipped_path[dst->nskipped + i] = src->skipped_path[i];
		dst->skipped[dst->nskipped + i] = src->skipped[i];
	}
	dst->nskipped += src->nskipped;
	dst->bytes += src->bytes;
	/* The entries point into SRC's copy and name SRC's path: keep both
	 * (strings never move, only the arrays that hold them grow). */
	xgrow((void **)&dst->more_paths, &cap, dst->nmore + 1,
	    sizeof(*dst->more_paths));
	cap = dst->nmore;
	xgrow((void **)&dst->more_bufs, &cap, dst->nmore + 1,
	    sizeof(*dst->more_bufs));
	dst->more_paths[dst->nmore] = src->path;
	dst->more_bufs[dst->nmore] = src->buf;
	dst->nmore++;
	src->path = NULL;
	src->buf = NULL;
	dpkg_db_free(src);
}

/* The cache frees with a void *. */
static void
db_free_cb(void *db)
{
	dpkg_db_free(db);
}

/* pkgdb_read() parses with a void *. */
static void *
parse_cb(const char *path, const char *buf, size_t len, size_t max,
    struct diag *d)
{
	return dpkg_db_parse(path, buf, len, max, d);
}

static bool
is_md5sums(const char *name)
{
	size_t n = strlen(name);
	size_t k = strlen(DPKG_STATUS_D_SKIP);

	return n > k && strcmp(name + n - k, DPKG_STATUS_D_SKIP) == 0;
}

/* Merge the files of status.d into *DBP (NULL: status.d is the whole
 * database). Same returns as dpkg_db_get; when a file cannot be read or
 * parsed, *DBP is freed and NULL. */
static enum fs_rc
read_status_d(struct target *t, const struct limits *lim,
    struct dpkg_db **dbp, struct diag *d)
{
	struct strlist names = STRLIST_INIT;
	enum fs_rc rc = target_list(t, DPKG_STATUS_D_PATH, &names);
	bool bad = false;

	if (rc != FS_OK)
		pkgdb_read_error(d, DPKG_STATUS_D_PATH, rc);
	for (size_t i = 0; i < names.n && rc == FS_OK && !bad; i++) {
		size_t used = *dbp != NULL ? (*dbp)->bytes : 0;
		size_t have = *dbp != NULL ? (*dbp)->n + (*dbp)->nskipped : 0;
		void *one = NULL;
		char *path;

		if (is_md5sums(names.v[i]))
			continue;
		path = xasprintf("%s/%s", DPKG_STATUS_D_PATH, names.v[i]);
		if (used >= lim->read_max)
			rc = pkgdb_read_error(d, path, FS_ETOOBIG);
		else
			rc = pkgdb_read(t, path, lim->read_max - used,
			    parse_cb, DPKG_STANZA_MAX - have, &one, d);
		free(path);
		bad = one == NULL;
		if (bad)
			continue;
		if (*dbp == NULL) {
			*dbp = xcalloc(1, sizeof(**dbp));
			(*dbp)->path = xstrdup(DPKG_STATUS_D_PATH);
		}
		dpkg_db_merge(*dbp, one);
	}
	strlist_release(&names);
	if (rc != FS_OK || bad) {
		dpkg_db_free(*dbp);
		*dbp = NULL;
	} else if (*dbp == NULL) {
		/* Only md5sums lists, or nothing: an empty database. */
		*dbp = xcalloc(1, sizeof(**dbp));
		(*dbp)->path = xstrdup(DPKG_STATUS_D_PATH);
	}
	return rc;
}

/* Load status, then status.d (the pkgdb_kind's load). */
static enum fs_rc
load(struct target *t, const struct limits *lim, const char *path,
    void *arg, void **dbp, struct diag *d)
{
	struct dpkg_db *db = NULL;
	struct fsnode n;
	enum fs_rc rs = target_lookup(t, path, true, &n);
	enum fs_rc rd = target_lookup(t, DPKG_STATUS_D_PATH, true, &n);
	enum fs_rc rc = FS_OK;
	void *v = NULL;

	(void)arg;
	*dbp = NULL;
	if (rs == FS_ENOENT && rd == FS_ENOENT)
		return FS_ENOENT;
	if (rs != FS_OK && rs != FS_ENOENT)
		return pkgdb_read_error(d, path, rs);
	if (rs == FS_OK) {
		rc = pkgdb_read(t, path, lim->read_max, parse_cb,
		    DPKG_STANZA_MAX, &v, d);
		if (rc != FS_OK || v == NULL)
			return rc;
		db = v;
	}
	if (rd != FS_ENOENT)
		rc = read_status_d(t, lim, &db, d);
	*dbp = db;
	return rc;
}

static const struct pkgdb_kind dpkg_kind = {
	.name = "dpkg",
	.load = load,
	.free = db_free_cb,
};

enum fs_rc
dpkg_db_get(struct target *t, const struct limits *lim,
    const struct dpkg_db **dbp, struct diag *d)
{
	void *db = NULL;
	enum fs_rc rc = pkgdb_get(t, lim, &dpkg_kind, DPKG_STATUS_PATH, NULL,
	    &db, d);

	*dbp = db;
	return rc;
}

size_t
dpkg_db_find(const struct dpkg_db *db, const char *name, const char *arch,
    const struct dpkg_pkg **out, size_t max)
{
	size_t k = 0;

	for (size_t i = 0; i < db->n && k < max; i++)
		if (pkgdb_is(db->v[i].name, db->v[i].arch, name, arch))
			out[k++] = &db->v[i];
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
