/*
 * os_release.c -- the `os_release` probe: a field of the target's
 * os-release file, or whether its release is in an end-of-life list.
 *
 * os-release(5): /etc/os-release, or /usr/lib/os-release when the former
 * does not exist (on most systems /etc/os-release is a symlink into
 * /usr/lib; target_read resolves it inside the target). Lines are
 * KEY=VALUE in shell syntax: values may be double quoted (with \" \\ \$
 * \` escapes), single quoted (literal) or bare (backslash escapes the
 * next byte); `#` starts a comment line. A line that is none of these (no
 * `=`, a bad key, an unterminated quote) makes the file malformed: we say
 * where and return `error` rather than guess. The last assignment of a
 * key wins, as when the file is sourced.
 *
 * `query: not_eol` compares ID and VERSION_ID with a policy map of
 * end-of-life releases (`{debian: ["9", "10"], ubuntu: ["18.04"]}`): a
 * listed pair fails, anything else passes with what was found.
 */
#include "config.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "assay/expect.h"
#include "assay/lines.h"
#include "assay/probe.h"
#include "assay/strbuf.h"
#include "assay/util.h"
#include "assay/xmem.h"

static const char *const osr_paths[] = {
	"/etc/os-release",
	"/usr/lib/os-release",
	NULL
};

/* One id of the end-of-life map and its versions. */
struct osr_eol {
	char		*id;
	struct strlist	 versions;
};

struct osr_state {
	char		*field;		/* field form */
	struct expect	*expect;	/* NULL: being set is enough */
	struct osr_eol	*eol;		/* query form */
	size_t		 neol;
	enum status	 missing;
};

static const char *const osr_keys[] = {
	"field", "expect", "query", "eol", "missing", NULL
};

static const char *const osr_queries[] = { "not_eol", NULL };

static void
osr_free(void *state)
{
	struct osr_state *s = state;

	if (s == NULL)
		return;
	free(s->field);
	expect_free(s->expect);
	for (size_t i = 0; i < s->neol; i++) {
		free(s->eol[i].id);
		strlist_release(&s->eol[i].versions);
	}
	free(s->eol);
	free(s);
}

static int
parse_eol(const struct ynode *n, struct osr_state *s, struct diag *d)
{
	if (!ynode_is_map(n)) {
		diag_add(d, &n->at, "eol: expected a mapping of os ids to "
		    "lists of VERSION_IDs, got %s", ynode_show(n));
		return -1;
	}
	s->eol = xcalloc(n->len, sizeof(*s->eol));
	for (size_t i = 0; i < n->len; i++) {
		if (probe_parse_strlist(n->items[i], n->keys[i]->text,
		    &s->eol[i].versions, d) != 0)
			return -1;
		s->eol[i].id = xstrdup(n->keys[i]->text);
		s->neol = i + 1;
	}
	return 0;
}

static int
parse_query(const struct ynode *args, const struct ynode *q,
    struct osr_state *s, struct diag *d)
{
	const struct ynode *n;
	int i;

	if (probe_parse_enum(q, "query", osr_queries, &i, d) != 0)
		return -1;
	if ((n = ynode_get(args, "expect")) != NULL) {
		diag_add(d, &n->at, "expect: not used with query: not_eol");
		return -1;
	}
	n = probe_require(args, "eol", "os_release", d);
	return n == NULL ? -1 : parse_eol(n, s, d);
}

static int
parse_field(const struct ynode *args, const struct ynode *f,
    const struct limits *lim, struct osr_state *s, struct diag *d)
{
	const struct ynode *n;
	const char *t;

	if (ynode_str(f, "field", &t, d) != 0)
		return -1;
	if (t[0] == '\0' || strspn(t, "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	    "abcdefghijklmnopqrstuvwxyz0123456789_") != strlen(t)) {
		diag_add(d, &f->at, "field: expected a variable name like "
		    "VERSION_ID, got %s", ynode_show(f));
		return -1;
	}
	s->field = xstrdup(t);
	if ((n = ynode_get(args, "eol")) != NULL) {
		diag_add(d, &n->at, "eol: only used with query: not_eol");
		return -1;
	}
	n = ynode_get(args, "expect");
	if (n != NULL && (s->expect = expect_compile(n, lim, d)) == NULL)
		return -1;
	return 0;
}

static int
osr_compile(const struct ynode *args, const struct limits *lim,
    void **statep, struct diag *d)
{
	struct osr_state *s = xcalloc(1, sizeof(*s));
	const struct ynode *f = ynode_get(args, "field");
	const struct ynode *q = ynode_get(args, "query");
	int rc = ynode_check_keys(args, "os_release", osr_keys, d);

	if (rc == 0 && f == NULL && q == NULL) {
		diag_add(d, &args->at, "missing required key \"field\" or "
		    "\"query\" in os_release");
		rc = -1;
	} else if (rc == 0 && f != NULL && q != NULL) {
		diag_add(d, &q->at, "query: cannot be used with field");
		rc = -1;
	}
	if (rc == 0)
		rc = f != NULL ? parse_field(args, f, lim, s, d) :
		    parse_query(args, q, s, d);
	if (rc == 0)
		rc = probe_parse_missing(ynode_get(args, "missing"),
		    &s->missing, d);
	if (rc != 0) {
		osr_free(s);
		return -1;
	}
	*statep = s;
	return 0;
}

/*
 * Parsing the file.
 */

struct osr_var {
	char		*key;
	char		*value;
	unsigned	 line;
};

struct osr_file {
	const char	*path;
	struct osr_var	*v;
	size_t		 n;
	size_t		 cap;
};

static void
file_release(struct osr_file *f)
{
	for (size_t i = 0; i < f->n; i++) {
		free(f->v[i].key);
		free(f->v[i].value);
	}
	free(f->v);
}

/* Unquote shell-style VALUE [P, END) into OUT. NULL, or what is wrong. */
static const char *
unquote(const char *p, const char *end, struct strbuf *out)
{
	char q = 0;

	for (; p < end; p++) {
		if (q == '\'') {
			if (*p == '\'')
				q = 0;
			else
				strbuf_addch(out, *p);
		} else if (*p == '\'' || *p == '"') {
			if (q == 0)
				q = *p;
			else
				q = 0;
		} else if (*p == '\\') {
			if (p + 1 == end)
				return "a backslash at the end of the line";
			if (q == '"' && strchr("\"\\$`", p[1]) == NULL)
				strbuf_addch(out, '\\');
			strbuf_addch(out, *++p);
		} else if (q == 0 && isspace((unsigned char)*p)) {
			return "white space outside quotes";
		} else {
			strbuf_addch(out, *p);
		}
	}
	return q != 0 ? "an unterminated quote" : NULL;
}

/* One line: 0, or -1 with evidence saying why it is malformed. */
static int
parse_line(struct osr_file *f, const char *line, size_t len,
    unsigned lineno, struct evlist *ev)
{
	const char *eq = memchr(line, '=', len);
	struct strbuf val = STRBUF_INIT;
	const char *why = NULL;
	size_t klen;

	if (eq == NULL)
		why = "no \"=\"";
	klen = eq != NULL ? (size_t)(eq - line) : 0;
	if (why == NULL && (klen == 0 || isdigit((unsigned char)line[0]) ||
	    strspn(line, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
	    "0123456789_") != klen))
		why = "not a variable name before \"=\"";
	if (why == NULL)
		why = unquote(eq + 1, line + len, &val);
	if (why != NULL) {
		evlist_add_violation(ev, f->path, lineno,
		    "%s:%u: malformed line: %s", f->path, lineno, why);
		strbuf_release(&val);
		return -1;
	}
	xgrow((void **)&f->v, &f->cap, f->n + 1, sizeof(*f->v));
	f->v[f->n].key = xstrndup(line, klen);
	f->v[f->n].value = strbuf_detach(&val);
	f->v[f->n].line = lineno;
	f->n++;
	strbuf_release(&val);
	return 0;
}

/* os-release(5): one assignment a line; blank lines and lines starting
 * with '#' are ignored (lines_simple). */
static int
parse_file(struct osr_file *f, struct lines *r, struct evlist *ev)
{
	int rc = 0;

	while (lines_next(r))
		if (parse_line(f, r->line, r->linelen, r->lineno, ev) != 0)
			rc = -1;
	return rc;
}

/* The last assignment of KEY, or NULL. */
static const struct osr_var *
file_get(const struct osr_file *f, const char *key)
{
	for (size_t i = f->n; i > 0; i--)
		if (strcmp(f->v[i - 1].key, key) == 0)
			return &f->v[i - 1];
	return NULL;
}

/* Read and parse the first os-release that exists into F. *ABSENT when
 * neither does; ST_ERROR with evidence when it cannot be read or is
 * malformed; ST_PASS otherwise. */
static enum status
load(struct probe_env *env, struct osr_file *f, bool *absent,
    struct evlist *ev)
{
	struct lines r;
	enum fs_rc rc = lines_read_first(&r, env->target, osr_paths, &f->path,
	    &lines_simple);
	enum status st = ST_PASS;

	*absent = rc == FS_ENOENT;
	if (rc != FS_OK && !*absent)
		st = probe_read_error(env->target, ev, f->path, rc);
	else if (rc == FS_OK && parse_file(f, &r, ev) != 0)
		st = ST_ERROR;
	lines_release(&r);
	return st;
}

static enum status
eval_field(const struct osr_state *s, const struct osr_file *f,
    struct evlist *ev)
{
	const struct osr_var *v = file_get(f, s->field);
	struct evidence *e;
	bool ok;

	if (v == NULL) {
		if (s->missing == ST_FAIL)
			evlist_add_violation(ev, f->path, 0,
			    "%s is not set in %s", s->field, f->path);
		else
			evlist_add_violation(ev, f->path, 0,
			    "%s is not set in %s (missing: %s)", s->field,
			    f->path, status_str(s->missing));
		return s->missing;
	}
	ok = s->expect == NULL || expect_test(s->expect, v->value);
	e = evlist_add_violation(ev, f->path, v->line, "%s=\"%s\"%s%s",
	    s->field, v->value, s->expect == NULL ? "" : ok ? ": " : ": not ",
	    s->expect == NULL ? "" : expect_describe(s->expect));
	evidence_set_values(e, s->expect != NULL ?
	    expect_describe(s->expect) : NULL, v->value);
	return ok ? ST_PASS : ST_FAIL;
}

static const struct osr_eol *
eol_find(const struct osr_state *s, const char *id)
{
	for (size_t i = 0; i < s->neol; i++)
		if (strcmp(s->eol[i].id, id) == 0)
			return &s->eol[i];
	return NULL;
}

static enum status
eval_eol(const struct osr_state *s, const struct osr_file *f,
    struct evlist *ev)
{
	const struct osr_var *id = file_get(f, "ID");
	const struct osr_var *ver = file_get(f, "VERSION_ID");
	const struct osr_eol *eol;
	struct evidence *e;

	if (id == NULL) {
		evlist_add_violation(ev, f->path, 0, "ID is not set in %s: "
		    "cannot tell the release", f->path);
		return ST_ERROR;
	}
	if (ver == NULL) {
		evlist_add_violation(ev, f->path, id->line, "%s has no "
		    "VERSION_ID (a rolling release): not end-of-life",
		    id->value);
		return ST_PASS;
	}
	eol = eol_find(s, id->value);
	if (eol != NULL && strlist_has(&eol->versions, ver->value)) {
		e = evlist_add_violation(ev, f->path, ver->line,
		    "%s %s is end-of-life", id->value, ver->value);
		evidence_set_values(e, "a supported release", ver->value);
		return ST_FAIL;
	}
	evlist_add_violation(ev, f->path, ver->line, "%s %s is not in the "
	    "end-of-life list", id->value, ver->value);
	return ST_PASS;
}

static enum status
osr_eval(void *state, struct probe_env *env, struct evlist *ev)
{
	const struct osr_state *s = state;
	struct osr_file f = { NULL, NULL, 0, 0 };
	bool absent;
	enum status st = load(env, &f, &absent, ev);

	if (absent) {
		evlist_add_violation(ev, osr_paths[0], 0, "no os-release file: "
		    "%s and %s do not exist", osr_paths[0], osr_paths[1]);
		st = s->missing;
	} else if (st == ST_PASS) {
		st = s->field != NULL ? eval_field(s, &f, ev) :
		    eval_eol(s, &f, ev);
	}
	file_release(&f);
	return st;
}

const struct probe_ops probe_os_release = {
	.name = "os_release",
	.summary = "a field of /etc/os-release, or an end-of-life release "
	    "check",
	.compile = osr_compile,
	.eval = osr_eval,
	.free = osr_free,
};
