/*
 * apk.c -- parse Alpine's /lib/apk/db/installed and order apk versions.
 *
 * The installed database is one block per package, blocks separated by
 * blank lines, each line "X:value" with a one-letter field name (P: name,
 * V: version, A: arch, o: origin; C:, S:, F:, R:, Z: ... are checksums,
 * sizes and the file list, which we skip). Like dpkg.c we keep pointers
 * into one copy of the file, and refuse what a wrong guess would turn
 * into a wrong verdict (a line that is not a field, a repeated P/V/A/o in
 * one block, a NUL byte): the whole file is then an error.
 *
 * Versions compare as apk-tools 2 version.c does. A version is a token
 * stream, digit{.digit}...{letter}{_suffix{number}}...{-rN}; tokens are
 * compared pairwise while their types agree. A component after a dot that
 * starts with zeros reads as minus the number of zeros followed by the
 * rest (apk's rule for "1.01" vs "1.1"). When one version runs out or
 * changes token type first, a pre-release suffix (_alpha, _beta, _pre,
 * _rc) makes it older, otherwise the one that goes on is newer (1.0 <
 * 1.0.1 < 1.0.1_p1, 1.0_rc1 < 1.0). Digit runs are compared as strings
 * of digits (length, then bytes), so no number can overflow.
 *
 * The parsed database is kept in the target's cache (apk.h).
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "assay/apk.h"
#include "assay/limits.h"
#include "assay/pkgdb.h"
#include "assay/strbuf.h"
#include "assay/util.h"
#include "assay/xmem.h"

/* The fields we keep. */
enum apk_field {
	F_NAME,
	F_VERSION,
	F_ARCH,
	F_ORIGIN,
	F__COUNT
};

static const char field_keys[F__COUNT] = {
	[F_NAME] = 'P',
	[F_VERSION] = 'V',
	[F_ARCH] = 'A',
	[F_ORIGIN] = 'o',
};

struct parser {
	struct apk_db	*db;
	const char	*f[F__COUNT];	/* of the current block */
};

/* The block that started on line FIRST ended. */
static void
block_end(void *arg, unsigned first)
{
	struct parser *p = arg;
	struct apk_db *db = p->db;
	struct apk_pkg *pkg;

	if (p->f[F_NAME] == NULL || p->f[F_NAME][0] == '\0') {
		if (db->nskipped < APK_SKIPPED_MAX)
			db->skipped[db->nskipped] = first;
		db->nskipped++;
	} else {
		xgrow((void **)&db->v, &db->cap, db->n + 1, sizeof(*db->v));
		pkg = &db->v[db->n++];
		pkg->name = p->f[F_NAME];
		pkg->version = p->f[F_VERSION];
		pkg->arch = p->f[F_ARCH];
		pkg->origin = p->f[F_ORIGIN];
		pkg->line = first;
	}
	memset(p->f, 0, sizeof(p->f));
}

/* An "X:value" line; LINE points into the writable copy. */
static int
parse_line(void *arg, char *line, size_t len, const struct srcpos *at,
    struct diag *d)
{
	struct parser *p = arg;

	if (len < 2 || line[1] != ':' || line[0] == ' ' || line[0] == '\t') {
		diag_add(d, at, "expected \"X:value\"");
		return -1;
	}
	for (int i = 0; i < F__COUNT; i++) {
		if (line[0] != field_keys[i])
			continue;
		if (p->f[i] != NULL) {
			diag_add(d, at, "repeated field \"%c:\"", line[0]);
			return -1;
		}
		line[len] = '\0';
		p->f[i] = line + 2;
	}
	return 0;
}

static const struct pkgdb_blocks blocks = {
	.what = "packages",
	.line = parse_line,
	.end = block_end,
};

struct apk_db *
apk_db_parse(const char *path, const char *buf, size_t len,
    size_t max_pkgs, struct diag *d)
{
	struct parser p;

	memset(&p, 0, sizeof(p));
	p.db = xcalloc(1, sizeof(*p.db));
	p.db->path = xstrdup(path);
	if (pkgdb_parse_blocks(&blocks, &p, path, buf, len, max_pkgs,
	    &p.db->buf, d) == 0)
		return p.db;
	apk_db_free(p.db);
	return NULL;
}

void
apk_db_free(struct apk_db *db)
{
	if (db == NULL)
		return;
	free(db->v);
	free(db->buf);
	free(db->path);
	free(db);
}

/* The cache frees with a void *. */
static void
db_free_cb(void *db)
{
	apk_db_free(db);
}

/* pkgdb_read() parses with a void *. */
static void *
parse_cb(const char *path, const char *buf, size_t len, size_t max,
    struct diag *d)
{
	return apk_db_parse(path, buf, len, max, d);
}

/* Read and parse PATH (the pkgdb_kind's load). */
static enum fs_rc
load(struct target *t, const struct limits *lim, const char *path,
    void *arg, void **dbp, struct diag *d)
{
	(void)arg;
	return pkgdb_read(t, path, lim->read_max, parse_cb, APK_PKG_MAX, dbp,
	    d);
}

static const struct pkgdb_kind apk_kind = {
	.name = "apk",
	.load = load,
	.free = db_free_cb,
};

enum fs_rc
apk_db_get(struct target *t, const struct limits *lim,
    const struct apk_db **dbp, struct diag *d)
{
	static const char *const paths[] = {
		APK_INSTALLED_PATH, APK_INSTALLED_PATH_USR
	};
	enum fs_rc rc = FS_ENOENT;
	void *db = NULL;
	size_t i;

	*dbp = NULL;
	for (i = 0; i < 2 && rc == FS_ENOENT; i++)
		rc = pkgdb_lookup(t, paths[i], d);
	if (rc != FS_OK)
		return rc;
	rc = pkgdb_get(t, lim, &apk_kind, paths[i - 1], NULL, &db, d);
	*dbp = db;
	return rc;
}

size_t
apk_db_find(const struct apk_db *db, const char *name, const char *arch,
    const struct apk_pkg **out, size_t max)
{
	size_t k = 0;

	for (size_t i = 0; i < db->n && k < max; i++)
		if (pkgdb_is(db->v[i].name, db->v[i].arch, name, arch))
			out[k++] = &db->v[i];
	return k;
}

/* Versions: apk-tools 2 version.c, token by token. The token types are
 * ordered as apk orders them: a version that ends (T_END) or turns to a
 * later type first is the older one. */
enum vtype {
	T_INVALID = -1,
	T_DIGIT_OR_ZERO,	/* after a dot */
	T_DIGIT,
	T_LETTER,
	T_SUFFIX,
	T_SUFFIX_NO,
	T_REVISION_NO,
	T_END,
};

/* Pre-release suffixes sort before the bare version (values -4..-1),
 * post-release ones after it (0..4). "pre" is tried before "p". */
static const char *const pre_suffixes[] = { "alpha", "beta", "pre", "rc" };
static const char *const post_suffixes[] = { "cvs", "svn", "git", "hg",
	"p" };
#define NPRE	((int)(sizeof(pre_suffixes) / sizeof(pre_suffixes[0])))
#define NPOST	((int)(sizeof(post_suffixes) / sizeof(post_suffixes[0])))

struct vstate {
	const char	*p;
	size_t		 len;
	enum vtype	 type;	/* of the next token */
};

/* A token's value: a run of digits (leading zeros skipped) when D is not
 * NULL, else V. */
struct vtok {
	const char	*d;
	size_t		 dlen;
	long		 v;
};

static bool
v_isdigit(int c)
{
	return c >= '0' && c <= '9';
}

static bool
v_islower(int c)
{
	return c >= 'a' && c <= 'z';
}

/* Is the transition from type FROM to TO one apk accepts? */
static bool
transition_ok(enum vtype from, enum vtype to)
{
	if (to >= from)
		return true;
	return (to == T_DIGIT_OR_ZERO && from == T_DIGIT) ||
	    (to == T_SUFFIX && from == T_SUFFIX_NO) ||
	    (to == T_DIGIT && from == T_LETTER);
}

/* apk's next_token(): the type of what follows, consuming a separator. */
static void
next_token(struct vstate *s)
{
	enum vtype n = T_INVALID;
	int c = s->len > 0 ? (unsigned char)s->p[0] : 0;

	if (c == 0) {
		n = T_END;
	} else if ((s->type == T_DIGIT || s->type == T_DIGIT_OR_ZERO) &&
	    v_islower(c)) {
		n = T_LETTER;
	} else if (s->type == T_LETTER && v_isdigit(c)) {
		n = T_DIGIT;
	} else if (s->type == T_SUFFIX && v_isdigit(c)) {
		n = T_SUFFIX_NO;
	} else {
		if (c == '.') {
			n = T_DIGIT_OR_ZERO;
		} else if (c == '_') {
			n = T_SUFFIX;
		} else if (c == '-' && s->len > 1 && s->p[1] == 'r') {
			n = T_REVISION_NO;
			s->p++;
			s->len--;
		}
		s->p++;
		s->len--;
	}
	if (!transition_ok(s->type, n))
		n = T_INVALID;
	s->type = n;
}

/* The value of a suffix at S: 0 with *V set, or -1 if it is none. */
static int
suffix_value(const struct vstate *s, long *v, size_t *lenp)
{
	for (int i = 0; i < NPRE + NPOST; i++) {
		const char *suf = i < NPRE ? pre_suffixes[i] :
		    post_suffixes[i - NPRE];
		size_t n = strlen(suf);

		if (n <= s->len && strncmp(suf, s->p, n) == 0) {
			*v = i - NPRE;
			*lenp = n;
			return 0;
		}
	}
	return -1;
}

static size_t
digit_run(const struct vstate *s)
{
	size_t i = 0;

	while (i < s->len && v_isdigit(s->p[i]))
		i++;
	return i;
}

/* apk's get_token(): read the token of type S->type into *T. */
static void
get_token(struct vstate *s, struct vtok *t)
{
	enum vtype nt = T_INVALID;
	size_t i = 0;

	memset(t, 0, sizeof(*t));
	if (s->len == 0) {
		s->type = T_END;
		return;
	}
	switch (s->type) {
	case T_DIGIT_OR_ZERO:
		if (s->p[0] == '0') {
			while (i < s->len && s->p[i] == '0')
				i++;
			t->v = -(long)(i > 1000 ? 1000 : i);
			nt = T_DIGIT;
			break;
		}
		/* FALLTHROUGH */
	case T_DIGIT:
	case T_SUFFIX_NO:
	case T_REVISION_NO:
		i = digit_run(s);
		t->d = s->p;
		t->dlen = i;
		while (t->dlen > 0 && t->d[0] == '0') {
			t->d++;
			t->dlen--;
		}
		break;
	case T_LETTER:
		t->v = (unsigned char)s->p[i++];
		break;
	case T_SUFFIX:
		if (suffix_value(s, &t->v, &i) == 0)
			break;
		/* FALLTHROUGH */
	default:
		s->type = T_INVALID;
		t->v = -1;
		return;
	}
	s->p += i;
	s->len -= i;
	if (s->len == 0)
		s->type = T_END;
	else if (nt != T_INVALID)
		s->type = nt;
	else
		next_token(s);
}

/* Compare a digit run with a plain value. */
static int
run_vs_value(const struct vtok *r, long v)
{
	long x = 0;

	if (v < 0 || r->dlen > 18)
		return 1;
	for (size_t i = 0; i < r->dlen; i++)
		x = x * 10 + (r->d[i] - '0');
	return (x > v) - (x < v);
}

static int
tok_cmp(const struct vtok *a, const struct vtok *b)
{
	int c;

	if (a->d != NULL && b->d != NULL) {
		if (a->dlen != b->dlen)
			return a->dlen < b->dlen ? -1 : 1;
		c = memcmp(a->d, b->d, a->dlen);
		return (c > 0) - (c < 0);
	}
	if (a->d != NULL)
		return run_vs_value(a, b->v);
	if (b->d != NULL)
		return -run_vs_value(b, a->v);
	return (a->v > b->v) - (a->v < b->v);
}

/* Is the next token of S a pre-release suffix? */
static bool
is_pre_suffix(const struct vstate *s)
{
	long v;
	size_t n;

	return s->type == T_SUFFIX && suffix_value(s, &v, &n) == 0 && v < 0;
}

int
apk_version_cmp(const char *a, const char *b)
{
	struct vstate sa = { a, strlen(a), T_DIGIT };
	struct vstate sb = { b, strlen(b), T_DIGIT };
	struct vtok ta;
	struct vtok tb;
	int c = 0;

	while (sa.type == sb.type && sa.type != T_END &&
	    sa.type != T_INVALID && c == 0) {
		get_token(&sa, &ta);
		get_token(&sb, &tb);
		c = tok_cmp(&ta, &tb);
	}
	if (c != 0)
		return c;
	if (sa.type == sb.type)
		return 0;
	if (is_pre_suffix(&sa))
		return -1;
	if (is_pre_suffix(&sb))
		return 1;
	return sa.type > sb.type ? -1 : 1;
}

int
apk_version_check(const char *v, const char **why)
{
	struct vstate s = { v, strlen(v), T_DIGIT };
	struct vtok t;

	if (v[0] == '\0') {
		*why = "version string is empty";
		return -1;
	}
	if (!v_isdigit(v[0])) {
		*why = "version does not start with a digit";
		return -1;
	}
	while (s.type != T_END && s.type != T_INVALID)
		get_token(&s, &t);
	if (s.type == T_INVALID) {
		*why = "not an apk version (digit{.digit}...{letter}"
		    "{_suffix{number}}...{-rN})";
		return -1;
	}
	return 0;
}
