/*
 * fstab.c -- the `fstab` probe: static mounts in the target's /etc/fstab.
 *
 * CIS wants /tmp, /var/tmp, /dev/shm, /home ... mounted nodev, nosuid,
 * noexec; Azure wants no swap on the OS disk and a single root partition.
 * Offline, /etc/fstab is what will be mounted at boot, so that is what we
 * read. fstab(5): one mount a line, fields separated by blanks (spec,
 * mount point, type, options, and optionally dump and pass: 4 to 6
 * fields), `#` comment lines, and \040-style octal escapes for blanks in
 * paths. A line with another number of fields makes the file malformed:
 * `error` naming the line, never a guess.
 *
 * Options are matched as mount(8) applies them: left to right, the last
 * of an option and its opposite wins ("noexec,exec" is exec). Every entry
 * for the mount point must carry the options.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "assay/lines.h"
#include "assay/probe.h"
#include "assay/strbuf.h"
#include "assay/util.h"
#include "assay/xmem.h"

#define FSTAB_PATH	"/etc/fstab"

enum fstab_query {
	FQ_MOUNT,		/* mountpoint: options / exists */
	FQ_NO_SWAP,
	FQ_SINGLE_ROOT,
};

struct fstab_state {
	enum fstab_query query;
	char		*mountpoint;
	struct strlist	 options;
	bool		 exists;
	enum status	 missing;
};

static const char *const fstab_keys[] = {
	"mountpoint", "options", "exists", "query", "missing", NULL
};

/* Index + 1 is the query. */
static const char *const fstab_queries[] = { "no_swap", "single_root",
	NULL };

static void
fstab_free(void *state)
{
	struct fstab_state *s = state;

	if (s == NULL)
		return;
	free(s->mountpoint);
	strlist_release(&s->options);
	free(s);
}

static int
parse_options(const struct ynode *n, struct fstab_state *s, struct diag *d)
{
	const char **v;
	size_t nv;
	int rc = 0;

	if (ynode_strs(n, "options", &v, &nv, d) != 0)
		return -1;
	for (size_t i = 0; i < nv; i++) {
		if (v[i][0] == '\0' || strpbrk(v[i], ", \t") != NULL) {
			diag_add(d, ynode_is_seq(n) ? &n->items[i]->at :
			    &n->at, "options: expected one mount option per "
			    "item, got %s", ynode_show(ynode_is_seq(n) ?
			    n->items[i] : n));
			rc = -1;
			break;
		}
		strlist_add(&s->options, v[i]);
	}
	free(v);
	return rc;
}

static int
parse_mount(const struct ynode *args, const struct ynode *m,
    struct fstab_state *s, struct diag *d)
{
	const struct ynode *o = ynode_get(args, "options");
	const struct ynode *x = ynode_get(args, "exists");
	const char *t;

	if (ynode_str(m, "mountpoint", &t, d) != 0)
		return -1;
	if (t[0] != '/') {
		diag_add(d, &m->at, "mountpoint: expected an absolute path, "
		    "got %s", ynode_show(m));
		return -1;
	}
	s->mountpoint = path_normalize(t);
	s->exists = true;
	if (x != NULL && ynode_bool(x, "exists", &s->exists, d) != 0)
		return -1;
	if (o != NULL && !s->exists) {
		diag_add(d, &o->at, "options: cannot be used with exists: "
		    "false");
		return -1;
	}
	return o != NULL ? parse_options(o, s, d) : 0;
}

static int
parse_query(const struct ynode *args, const struct ynode *q,
    struct fstab_state *s, struct diag *d)
{
	static const char *const only_mount[] = { "options", "exists", NULL };
	const struct ynode *n;
	int i;

	if (probe_parse_enum(q, "query", fstab_queries, &i, d) != 0)
		return -1;
	s->query = (enum fstab_query)(i + 1);
	for (i = 0; only_mount[i] != NULL; i++)
		if ((n = ynode_get(args, only_mount[i])) != NULL) {
			diag_add(d, &n->at, "%s: only used with mountpoint",
			    only_mount[i]);
			return -1;
		}
	return 0;
}

static int
fstab_compile(const struct ynode *args, const struct limits *lim,
    void **statep, struct diag *d)
{
	struct fstab_state *s = xcalloc(1, sizeof(*s));
	const struct ynode *m = ynode_get(args, "mountpoint");
	const struct ynode *q = ynode_get(args, "query");
	int rc = ynode_check_keys(args, "fstab", fstab_keys, d);

	if (rc == 0 && m == NULL && q == NULL) {
		diag_add(d, &args->at, "missing required key \"mountpoint\" "
		    "or \"query\" in fstab");
		rc = -1;
	} else if (rc == 0 && m != NULL && q != NULL) {
		diag_add(d, &q->at, "query: cannot be used with mountpoint");
		rc = -1;
	}
	if (rc == 0)
		rc = m != NULL ? parse_mount(args, m, s, d) :
		    parse_query(args, q, s, d);
	if (rc == 0)
		rc = probe_parse_missing(ynode_get(args, "missing"),
		    &s->missing, d);
	if (rc != 0) {
		fstab_free(s);
		return -1;
	}
	*statep = s;
	return 0;
}

/*
 * Parsing /etc/fstab.
 */

struct fstab_entry {
	char		*spec;
	char		*dir;		/* normalized when absolute */
	char		*type;
	char		*opts;
	unsigned	 line;
};

struct fstab {
	struct fstab_entry *v;
	size_t		 n;
	size_t		 cap;
};

static void
fstab_release(struct fstab *t)
{
	for (size_t i = 0; i < t->n; i++) {
		free(t->v[i].spec);
		free(t->v[i].dir);
		free(t->v[i].type);
		free(t->v[i].opts);
	}
	free(t->v);
}

static bool
is_octal(char c)
{
	return c >= '0' && c <= '7';
}

/* Field F with \NNN octal escapes decoded (getmntent's unmangle). */
static char *
unmangle(const char *f)
{
	char *out = xmalloc(strlen(f) + 1);
	char *o = out;

	while (*f != '\0') {
		if (f[0] == '\\' && is_octal(f[1]) && is_octal(f[2]) &&
		    is_octal(f[3])) {
			*o++ = (char)((f[1] - '0') << 6 |
			    (f[2] - '0') << 3 | (f[3] - '0'));
			f += 4;
		} else {
			*o++ = *f++;
		}
	}
	*o = '\0';
	return out;
}

/* Split at blanks into at most 7 fields (7 means "too many"). */
static size_t
split_blanks(const char *line, size_t len, char **out)
{
	size_t n = 0;
	size_t i = 0;

	while (i < len && n < 7) {
		size_t start;

		while (i < len && (line[i] == ' ' || line[i] == '\t'))
			i++;
		if (i == len)
			break;
		start = i;
		while (i < len && line[i] != ' ' && line[i] != '\t')
			i++;
		out[n++] = xstrndup(line + start, i - start);
	}
	return n;
}

static int
parse_entry(struct fstab *t, const char *line, size_t len, unsigned lineno,
    struct evlist *ev)
{
	char *f[7];
	size_t n = split_blanks(line, len, f);
	struct fstab_entry *e;

	if (n < 4 || n > 6) {
		if (n > 6)
			evlist_add_violation(ev, FSTAB_PATH, lineno, "%s:%u: "
			    "malformed entry: expected 4 to 6 fields, found "
			    "more", FSTAB_PATH, lineno);
		else
			evlist_add_violation(ev, FSTAB_PATH, lineno, "%s:%u: "
			    "malformed entry: expected 4 to 6 fields, found "
			    "%zu", FSTAB_PATH, lineno, n);
		for (size_t i = 0; i < n; i++)
			free(f[i]);
		return -1;
	}
	xgrow((void **)&t->v, &t->cap, t->n + 1, sizeof(*t->v));
	e = &t->v[t->n++];
	e->spec = unmangle(f[0]);
	e->dir = unmangle(f[1]);
	if (e->dir[0] == '/') {
		char *norm = path_normalize(e->dir);

		free(e->dir);
		e->dir = norm;
	}
	e->type = xstrdup(f[2]);
	e->opts = xstrdup(f[3]);
	e->line = lineno;
	for (size_t i = 0; i < n; i++)
		free(f[i]);
	return 0;
}

/* ST_PASS with T filled; ST_ERROR with evidence; FS_ENOENT sets *ABSENT. */
static enum status
fstab_load(struct probe_env *env, struct fstab *t, bool *absent,
    struct evlist *ev)
{
	struct lines r;
	/* fstab(5): blank lines and lines starting with '#' are ignored;
	 * no continuation (lines_simple). */
	enum fs_rc rc = lines_read(&r, env->target, FSTAB_PATH, &lines_simple);
	enum status st = ST_PASS;

	*absent = rc == FS_ENOENT || rc == FS_ENOTDIR;
	if (rc != FS_OK && !*absent)
		st = probe_read_error(env->target, ev, FSTAB_PATH, rc);
	while (lines_next(&r))
		if (parse_entry(t, r.line, r.linelen, r.lineno, ev) != 0)
			st = ST_ERROR;
	lines_release(&r);
	return st;
}

/*
 * Verdicts.
 */

/* "noexec" <-> "exec", "ro" <-> "rw". */
static char *
opposite(const char *opt)
{
	if (strcmp(opt, "ro") == 0)
		return xstrdup("rw");
	if (strcmp(opt, "rw") == 0)
		return xstrdup("ro");
	if (strncmp(opt, "no", 2) == 0)
		return xstrdup(opt + 2);
	return xasprintf("no%s", opt);
}

/* Does the comma list OPTS end up with OPT set? */
static bool
has_option(const char *opts, const char *opt)
{
	char *opp = opposite(opt);
	size_t ol = strlen(opt);
	size_t pl = strlen(opp);
	bool set = false;
	const char *p = opts;

	/* Bounded by the length of OPTS. */
	while (*p != '\0') {
		size_t n = strcspn(p, ",");

		if (n == ol && strncmp(p, opt, n) == 0)
			set = true;
		else if (n == pl && strncmp(p, opp, n) == 0)
			set = false;
		p += n + (p[n] == ',');
	}
	free(opp);
	return set;
}

static enum status
check_entry(const struct fstab_state *s, const struct fstab_entry *e,
    struct evlist *ev)
{
	struct strbuf lack = STRBUF_INIT;
	struct evidence *ei;

	for (size_t i = 0; i < s->options.n; i++)
		if (!has_option(e->opts, s->options.v[i]))
			(void)strbuf_addf(&lack, "%s%s", lack.len > 0 ?
			    "," : "", s->options.v[i]);
	if (lack.len == 0) {
		evlist_add_violation(ev, FSTAB_PATH, e->line,
		    "%s (%s from %s) is mounted with %s", e->dir, e->type,
		    e->spec, e->opts);
		strbuf_release(&lack);
		return ST_PASS;
	}
	ei = evlist_add_violation(ev, FSTAB_PATH, e->line, "%s (%s from %s) is "
	    "mounted without %s: options %s", e->dir, e->type, e->spec,
	    lack.buf, e->opts);
	evidence_set_values(ei, lack.buf, e->opts);
	strbuf_release(&lack);
	return ST_FAIL;
}

static enum status
eval_mount(const struct fstab_state *s, const struct fstab *t,
    struct evlist *ev)
{
	enum status st = ST_NOTAPPLICABLE;
	size_t found = 0;

	for (size_t i = 0; i < t->n; i++) {
		if (strcmp(t->v[i].dir, s->mountpoint) != 0)
			continue;
		found++;
		if (!s->exists) {
			evlist_add_violation(ev, FSTAB_PATH, t->v[i].line,
			    "%s is a mount point (%s from %s)", s->mountpoint,
			    t->v[i].type, t->v[i].spec);
			st = ST_FAIL;
		} else {
			st = status_all(st, check_entry(s, &t->v[i],
			    ev));
		}
	}
	if (found > 0)
		return st;
	if (!s->exists) {
		evlist_add_violation(ev, FSTAB_PATH, 0, "no %s entry mounts %s",
		    FSTAB_PATH, s->mountpoint);
		return ST_PASS;
	}
	if (s->missing == ST_FAIL)
		evlist_add_violation(ev, FSTAB_PATH, 0, "no %s entry mounts %s",
		    FSTAB_PATH, s->mountpoint);
	else
		evlist_add_violation(ev, FSTAB_PATH, 0, "no %s entry mounts %s "
		    "(missing: %s)", FSTAB_PATH, s->mountpoint,
		    status_str(s->missing));
	return s->missing;
}

static enum status
eval_no_swap(const struct fstab *t, struct evlist *ev)
{
	enum status st = ST_PASS;
	struct evidence *e;

	for (size_t i = 0; i < t->n; i++) {
		if (strcmp(t->v[i].type, "swap") != 0)
			continue;
		e = evlist_add_violation(ev, FSTAB_PATH, t->v[i].line,
		    "swap entry: %s", t->v[i].spec);
		evidence_set_values(e, "no swap entry", t->v[i].spec);
		st = ST_FAIL;
	}
	if (st == ST_PASS)
		evlist_add_violation(ev, FSTAB_PATH, 0,
		    "no swap entry in %s (%zu entries)", FSTAB_PATH, t->n);
	return st;
}

static enum status
eval_single_root(const struct fstab *t, struct evlist *ev)
{
	size_t roots = 0;
	unsigned first = 0;

	for (size_t i = 0; i < t->n; i++) {
		if (strcmp(t->v[i].dir, "/") != 0)
			continue;
		if (roots++ == 0)
			first = t->v[i].line;
		evlist_add_violation(ev, FSTAB_PATH, t->v[i].line,
		    "/ is mounted from %s (%s)", t->v[i].spec, t->v[i].type);
	}
	if (roots == 1)
		return ST_PASS;
	if (roots == 0)
		evlist_add_violation(ev, FSTAB_PATH, 0,
		    "no entry in %s mounts /", FSTAB_PATH);
	else
		evlist_add_violation(ev, FSTAB_PATH, first,
		    "%zu entries in %s mount /", roots, FSTAB_PATH);
	return ST_FAIL;
}

static enum status
fstab_eval(void *state, struct probe_env *env, struct evlist *ev)
{
	const struct fstab_state *s = state;
	struct fstab t = { NULL, 0, 0 };
	bool absent;
	enum status st = fstab_load(env, &t, &absent, ev);

	if (absent)
		st = probe_missing(ev, FSTAB_PATH, s->missing);
	else if (st == ST_PASS && s->query == FQ_MOUNT)
		st = eval_mount(s, &t, ev);
	else if (st == ST_PASS && s->query == FQ_NO_SWAP)
		st = eval_no_swap(&t, ev);
	else if (st == ST_PASS)
		st = eval_single_root(&t, ev);
	fstab_release(&t);
	return st;
}

const struct probe_ops probe_fstab = {
	.name = "fstab",
	.summary = "mount points, mount options and swap in /etc/fstab",
	.compile = fstab_compile,
	.eval = fstab_eval,
	.free = fstab_free,
};
