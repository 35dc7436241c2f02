/*
 * keyvalue.c -- the `keyvalue` probe: one setting of a KEY SEP VALUE file.
 *
 * Most of the configuration a benchmark asks about is a flat list of
 * settings: /etc/login.defs (`PASS_MAX_DAYS 365`), pwquality.conf
 * (`minlen = 14`), systemd's INI-style journald.conf (`[Journal]` then
 * `Storage=persistent`). One reader covers them: the separator is white
 * space (the default) or a given string such as "=" or ":", with white
 * space around it ignored; comment lines start with `#` (or the given
 * marker) after optional indentation -- none of these formats has
 * trailing comments, so a `#` inside a value is part of it; `[Name]` lines
 * open a section, and `section:` limits the search to keys in it. `path`
 * may be a glob (journald.conf.d/ *.conf without the space): files are
 * read in sorted order, and the last assignment wins across them, as for
 * systemd drop-ins (`which: first` for readers that stop at the first).
 * Values are trimmed and a pair of surrounding double quotes is removed.
 */
#include "config.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "assay/expect.h"
#include "assay/probe.h"
#include "assay/strbuf.h"
#include "assay/util.h"
#include "assay/xmem.h"

/* The longest separator or comment marker we accept: real ones are one
 * character, a few allow room for "::" or "//". */
#define KV_MARK_MAX	8

struct kv_state {
	char		*path;
	char		*key;
	char		*sep;		/* NULL: white space */
	char		*comment;	/* "" : no comments */
	char		*section;	/* NULL: anywhere */
	char		*def;		/* NULL: none */
	bool		 nocase;
	bool		 first;		/* which: first */
	struct expect	*expect;	/* NULL: being set is enough */
	enum status	 missing;
};

static const char *const kv_args[] = {
	"path", "key", "separator", "comment", "nocase_key", "which",
	"expect", "missing", "default", "section", NULL
};
static const char *const kv_which[] = { "first", "last", NULL };

static void kv_free(void *state);

static int
kv_mark(const struct ynode *n, const char *key, bool allow_empty,
    char **out, struct diag *d)
{
	const char *s;
	const char *p;
	size_t len;

	if (ynode_str(n, key, &s, d) != 0)
		return -1;
	p = s;
	len = strlen(s);
	trim_span(&p, &len);
	if ((len == 0 && !allow_empty && s[0] == '\0') || len > KV_MARK_MAX) {
		diag_add(d, &n->at, "%s: expected 1 to %d characters, got %s",
		    key, KV_MARK_MAX, ynode_show(n));
		return -1;
	}
	*out = len > 0 ? xstrndup(p, len) : NULL;
	return 0;
}

static int
kv_string(const struct ynode *args, const char *key, char **out,
    struct diag *d)
{
	const struct ynode *n = ynode_get(args, key);
	const char *s;

	if (n == NULL)
		return 0;
	if (ynode_str(n, key, &s, d) != 0)
		return -1;
	*out = xstrdup(s);
	return 0;
}

static int
kv_compile_path_key(const struct ynode *args, struct kv_state *st,
    struct diag *d)
{
	const struct ynode *p = probe_require(args, "path", "keyvalue", d);
	const struct ynode *k = probe_require(args, "key", "keyvalue", d);
	const char *s;

	if (p == NULL || k == NULL || ynode_str(p, "path", &s, d) != 0)
		return -1;
	if (s[0] != '/') {
		diag_add(d, &p->at, "path: expected an absolute path, got %s",
		    ynode_show(p));
		return -1;
	}
	st->path = path_normalize(s);
	if (ynode_str(k, "key", &s, d) != 0)
		return -1;
	if (s[0] == '\0' || strpbrk(s, " \t\r\n") != NULL) {
		diag_add(d, &k->at, "key: expected a key without white space, "
		    "got %s", ynode_show(k));
		return -1;
	}
	st->key = xstrdup(s);
	return 0;
}

static int
kv_compile_args(const struct ynode *args, const struct limits *lim,
    struct kv_state *st, struct diag *d)
{
	const struct ynode *n;
	int which = 1;

	if (kv_compile_path_key(args, st, d) != 0)
		return -1;
	if ((n = ynode_get(args, "separator")) != NULL &&
	    kv_mark(n, "separator", false, &st->sep, d) != 0)
		return -1;
	st->comment = xstrdup("#");
	if ((n = ynode_get(args, "comment")) != NULL) {
		free(st->comment);
		st->comment = NULL;
		if (kv_mark(n, "comment", true, &st->comment, d) != 0)
			return -1;
		if (st->comment == NULL)
			st->comment = xstrdup("");
	}
	if ((n = ynode_get(args, "nocase_key")) != NULL &&
	    ynode_bool(n, "nocase_key", &st->nocase, d) != 0)
		return -1;
	if ((n = ynode_get(args, "which")) != NULL &&
	    probe_parse_enum(n, "which", kv_which, &which, d) != 0)
		return -1;
	st->first = which == 0;
	if (kv_string(args, "default", &st->def, d) != 0 ||
	    kv_string(args, "section", &st->section, d) != 0)
		return -1;
	if (probe_parse_missing(ynode_get(args, "missing"), &st->missing,
	    d) != 0)
		return -1;
	if ((n = ynode_get(args, "expect")) != NULL &&
	    (st->expect = expect_compile(n, lim, d)) == NULL)
		return -1;
	return 0;
}

static int
kv_compile(const struct ynode *args, const struct limits *lim,
    void **statep, struct diag *d)
{
	struct kv_state *st;

	if (ynode_check_keys(args, "keyvalue", kv_args, d) != 0)
		return -1;
	st = xcalloc(1, sizeof(*st));
	if (kv_compile_args(args, lim, st, d) != 0) {
		kv_free(st);
		return -1;
	}
	*statep = st;
	return 0;
}

static void
kv_free(void *state)
{
	struct kv_state *st = state;

	if (st == NULL)
		return;
	free(st->path);
	free(st->key);
	free(st->sep);
	free(st->comment);
	free(st->section);
	free(st->def);
	expect_free(st->expect);
	free(st);
}

/*
 * Reading.
 */

struct kv_hit {
	char		*path;
	unsigned	 line;
	char		*value;
};

struct kv_hits {
	struct kv_hit	*v;
	size_t		 n;
	size_t		 cap;
};

/* Split a trimmed, non-comment line into key and value; false when it
 * has no separator. */
static bool
kv_split(const struct kv_state *st, const char *line, size_t len,
    const char **key, size_t *klen, const char **val, size_t *vlen)
{
	const char *sep;
	size_t seplen;
	size_t i = 0;

	if (st->sep == NULL) {
		while (i < len && !isspace((unsigned char)line[i]))
			i++;
		*key = line;
		*klen = i;
		*val = line + i;
		*vlen = len - i;
		trim_span(val, vlen);
		return true;
	}
	seplen = strlen(st->sep);
	sep = memmem(line, len, st->sep, seplen);
	if (sep == NULL)
		return false;
	*key = line;
	*klen = (size_t)(sep - line);
	trim_span(key, klen);
	*val = sep + seplen;
	*vlen = len - (size_t)(*val - line);
	trim_span(val, vlen);
	return true;
}

static bool
kv_key_eq(const struct kv_state *st, const char *k, size_t klen)
{
	if (klen != strlen(st->key))
		return false;
	return st->nocase ? strncasecmp(k, st->key, klen) == 0 :
	    memcmp(k, st->key, klen) == 0;
}

/* Handle one line; SECTION is the file's current `[section]`. */
static void
kv_line(const struct kv_state *st, const char *path, unsigned lineno,
    const char *line, size_t len, char **section, struct kv_hits *out)
{
	size_t clen = strlen(st->comment);
	const char *k;
	const char *v;
	size_t klen;
	size_t vlen;
	struct kv_hit *h;

	trim_span(&line, &len);
	if (len == 0 || (clen > 0 && len >= clen &&
	    memcmp(line, st->comment, clen) == 0))
		return;
	if (line[0] == '[' && line[len - 1] == ']' && len >= 2) {
		const char *name = line + 1;
		size_t nlen = len - 2;

		trim_span(&name, &nlen);
		free(*section);
		*section = xstrndup(name, nlen);
		return;
	}
	if (st->section != NULL && (*section == NULL ||
	    strcmp(*section, st->section) != 0))
		return;
	if (!kv_split(st, line, len, &k, &klen, &v, &vlen) ||
	    !kv_key_eq(st, k, klen))
		return;
	if (vlen >= 2 && v[0] == '"' && v[vlen - 1] == '"') {
		v++;
		vlen -= 2;
	}
	xgrow((void **)&out->v, &out->cap, out->n + 1, sizeof(*out->v));
	h = &out->v[out->n++];
	h->path = xstrdup(path);
	h->line = lineno;
	h->value = xstrndup(v, vlen);
}

/* Read one file. *FOUND counts files that exist. ST_PASS or ST_ERROR. */
static enum status
kv_read(const struct kv_state *st, struct target *t, const char *path,
    struct kv_hits *out, size_t *found, struct evlist *ev)
{
	struct strbuf buf = STRBUF_INIT;
	enum fs_rc rc = target_read(t, path, 0, &buf);
	char *section = NULL;
	size_t pos = 0;
	unsigned lineno = 0;
	const char *line;
	size_t len;

	if (rc != FS_OK) {
		strbuf_release(&buf);
		return rc == FS_ENOENT ? ST_PASS :
		    probe_read_error(t, ev, path, rc);
	}
	(*found)++;
	while (next_line(buf.buf, buf.len, &pos, &line, &len, &lineno))
		kv_line(st, path, lineno, line, len, &section, out);
	free(section);
	strbuf_release(&buf);
	return ST_PASS;
}

static void
kv_hits_release(struct kv_hits *h)
{
	for (size_t i = 0; i < h->n; i++) {
		free(h->v[i].path);
		free(h->v[i].value);
	}
	free(h->v);
}

/*
 * Verdict.
 */

static enum status
kv_judge(const struct kv_state *st, const char *value, struct evidence *e)
{
	if (st->expect == NULL) {
		evidence_set_values(e, NULL, value);
		return ST_PASS;
	}
	evidence_set_values(e, expect_describe(st->expect), value);
	return expect_test(st->expect, value) ? ST_PASS : ST_FAIL;
}

static enum status
kv_report_hits(const struct kv_state *st, const struct kv_hits *h,
    struct evlist *ev)
{
	size_t win = st->first ? 0 : h->n - 1;
	const struct kv_hit *w = &h->v[win];
	struct evidence *e;
	enum status s;

	e = evlist_add_violation(ev, w->path, w->line, "%s %s at %s:%u%s",
	    st->key, w->value, w->path, w->line, h->n == 1 ? "" : st->first ?
	    " (the first assignment wins)" : " (the last assignment wins)");
	s = kv_judge(st, w->value, e);
	for (size_t i = 0; i < h->n; i++)
		if (i != win)
			evlist_add_violation(ev, h->v[i].path, h->v[i].line,
			    "ignored: %s %s at %s:%u", st->key, h->v[i].value,
			    h->v[i].path, h->v[i].line);
	return s;
}

static enum status
kv_report_unset(const struct kv_state *st, size_t found, struct evlist *ev)
{
	struct evidence *e;

	if (st->def != NULL) {
		char *where = found > 0 ? xasprintf("%s does not set it",
		    st->path) : has_glob_meta(st->path) ?
		    xasprintf("no file matches %s", st->path) :
		    xasprintf("%s does not exist", st->path);
		enum status s;

		e = evlist_add_violation(ev, st->path, 0,
		    "%s %s (%s; default from the rule)", st->key, st->def,
		    where);
		s = kv_judge(st, st->def, e);
		free(where);
		return s;
	}
	if (found == 0)
		return probe_missing(ev, st->path, st->missing);
	if (st->missing == ST_FAIL)
		e = evlist_add_violation(ev, st->path, 0, "%s is not set in %s",
		    st->key, st->path);
	else
		e = evlist_add_violation(ev, st->path, 0, "%s is not set in %s "
		    "(missing: %s)", st->key, st->path,
		    status_str(st->missing));
	if (st->expect != NULL)
		evidence_set_values(e, expect_describe(st->expect), NULL);
	return st->missing;
}

static enum status
kv_eval(void *state, struct probe_env *env, struct evlist *ev)
{
	const struct kv_state *st = state;
	struct strlist files = STRLIST_INIT;
	struct kv_hits h = { NULL, 0, 0 };
	size_t found = 0;
	enum status s = ST_PASS;

	if (has_glob_meta(st->path)) {
		enum fs_rc rc = target_glob(env->target, st->path, &files);

		if (rc != FS_OK && rc != FS_ENOENT && rc != FS_ENOTDIR)
			s = probe_read_error(env->target, ev, st->path, rc);
	} else
		strlist_add(&files, st->path);
	for (size_t i = 0; s == ST_PASS && i < files.n; i++)
		s = kv_read(st, env->target, files.v[i], &h, &found, ev);
	if (s == ST_PASS)
		s = h.n > 0 ? kv_report_hits(st, &h, ev) :
		    kv_report_unset(st, found, ev);
	kv_hits_release(&h);
	strlist_release(&files);
	return s;
}

static void
kv_paths(const void *state, struct strlist *globs)
{
	const struct kv_state *st = state;

	strlist_add(globs, st->path);
}

const struct probe_ops probe_keyvalue = {
	.name = "keyvalue",
	.summary = "a setting of a KEY SEP VALUE file (login.defs, "
	    "pwquality.conf, journald.conf)",
	.compile = kv_compile,
	.eval = kv_eval,
	.free = kv_free,
	.paths = kv_paths,
};
