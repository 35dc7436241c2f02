/*
 * files.c -- the `files` probe: find entries of a tree by predicates
 * (world-writable, setuid, setgid, sticky, unowned, ungrouped, type, name
 * glob, path regex) and pass when none (or, with `expect: any`, some)
 * match.
 *
 * The probe never walks by itself: it implements the walk hooks, so every
 * walking rule of a profile shares ONE walk of the target (a CIS profile
 * has a dozen of them, and a walk of an image is the slowest thing a scan
 * does). walk_visit runs for every entry of the target, so it is written
 * for the common case, an entry that matches nothing: no allocation, the
 * permission predicates folded into two masks at compile time, the id
 * sets loaded and sorted in walk_begin, and excludes looked at only for
 * entries that otherwise match. Matches are kept up to the evidence cap
 * and counted beyond it. Since the shared walk may visit more than this
 * probe asked for (another rule's root, a subtree only we exclude), the
 * visit checks its root and excludes itself rather than trusting prune.
 *
 * Deleted is not gone: a private key added in one image layer and removed
 * in a later one is still in the tarball anyone pulls. A rule about what
 * is present (name or regex, expect: none) also matches what the layers
 * hide, fed once by the evaluator after the walk (walk_visit_hidden), and
 * names the layer and the build step that shipped it. Rules on mode or
 * owner judge the filesystem a container runs, so they never see hidden
 * entries.
 */
#include "config.h"

#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>

#include "assay/probe.h"
#include "assay/rx.h"
#include "assay/util.h"
#include "assay/xmem.h"

/* Pseudo and runtime filesystems: never part of a compliance verdict. */
static const char *const default_excludes[] = {
	"/proc", "/sys", "/dev", "/run", NULL
};

static const char *const expect_names[] = { "none", "any", NULL };

/* A boolean predicate on the mode, and its words when true / false. */
static const struct {
	const char	*key;
	uint32_t	 bit;
	const char	*yes;
	const char	*no;
} mode_preds[] = {
	{ "world_writable", 0002, "world-writable", "non-world-writable" },
	{ "setuid", 04000, "setuid", "non-setuid" },
	{ "setgid", 02000, "setgid", "non-setgid" },
	{ "sticky", 01000, "sticky", "non-sticky" },
};

/* An `exclude` or `allow` entry: a path (and all below it) or a glob. */
struct pat {
	char	*s;
	size_t	 len;
	bool	 glob;
};

struct patlist {
	struct pat	*v;
	size_t		 n;
	size_t		 cap;
};

/* One entry that matched. */
struct hit {
	char		*path;
	enum fs_type	 type;
	uint32_t	 mode;
	uint32_t	 uid;
	uint32_t	 gid;
	int		 layer;
	bool		 hidden;	/* hidden by a later image layer */
};

/* Matches kept (at most MAX) and counted. */
struct hitlist {
	struct hit	*v;
	size_t		 n;
	size_t		 cap;
	size_t		 total;
	size_t		 hidden;	/* of TOTAL, hidden entries */
};

enum walk_phase {
	PHASE_NONE,		/* walk_begin was not called */
	PHASE_WALKED,
	PHASE_NOIDS,		/* /etc/passwd or /etc/group unreadable */
};

struct files_args {
	/* compiled arguments */
	char		*root;
	size_t		 rootlen;
	int		 type;		/* -1: any */
	uint32_t	 need_set;	/* mode bits that must be set */
	uint32_t	 need_clear;	/* mode bits that must be clear */
	int		 executable;	/* some of 0111: -1 not given, 0, 1 */
	int		 unowned;	/* -1: not given, else 0 or 1 */
	int		 ungrouped;
	char		*name;
	struct rx	*regex;
	struct patlist	 exclude;
	struct patlist	 allow;
	bool		 expect_any;
	bool		 hidden;	/* also match hidden entries */
	char		*adj;		/* "world-writable setuid" or "" */
	char		*what;		/* "world-writable files named ..." */
	/* walk state, reset by walk_begin */
	enum walk_phase	 phase;
	size_t		 max;
	struct probe_ids users;
	struct probe_ids groups;
	size_t		 examined;
	size_t		 hidden_examined;
	char		*skip;		/* excluded subtree being passed */
	size_t		 skiplen;
	struct hitlist	 found;
	struct hitlist	 allowed;
	size_t		 rx_errors;
	char		*rx_error_path;
	struct probe_walkerr unwalked;
};

static void
patlist_release(struct patlist *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->v[i].s);
	free(l->v);
	memset(l, 0, sizeof(*l));
}

static void
patlist_add(struct patlist *l, const char *s)
{
	struct pat *p;

	xgrow((void **)&l->v, &l->cap, l->n + 1, sizeof(*l->v));
	p = &l->v[l->n++];
	p->glob = has_glob_meta(s);
	p->s = p->glob ? xstrdup(s) : path_normalize(s);
	p->len = strlen(p->s);
}

static void
hitlist_release(struct hitlist *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->v[i].path);
	free(l->v);
	memset(l, 0, sizeof(*l));
}

static void
walk_reset(struct files_args *a)
{
	a->phase = PHASE_NONE;
	a->examined = 0;
	a->hidden_examined = 0;
	free(a->skip);
	a->skip = NULL;
	a->rx_errors = 0;
	free(a->rx_error_path);
	a->rx_error_path = NULL;
	probe_walkerr_release(&a->unwalked);
	probe_ids_release(&a->users);
	probe_ids_release(&a->groups);
	hitlist_release(&a->found);
	hitlist_release(&a->allowed);
}

static void
files_free(void *state)
{
	struct files_args *a = state;

	if (a == NULL)
		return;
	walk_reset(a);
	free(a->root);
	free(a->name);
	rx_free(a->regex);
	patlist_release(&a->exclude);
	patlist_release(&a->allow);
	free(a->adj);
	free(a->what);
	free(a);
}

/* Is PATH (of length LEN) at or below DIR (of length DLEN, normalized)? */
static bool
is_under(const char *path, size_t len, const char *dir, size_t dlen)
{
	if (dlen == 1)
		return true;	/* "/" */
	return len >= dlen && memcmp(path, dir, dlen) == 0 &&
	    (path[dlen] == '\0' || path[dlen] == '/');
}

static bool
pat_match(const struct pat *p, const char *path, size_t len)
{
	if (!p->glob)
		return is_under(path, len, p->s, p->len);
	/* A glob naming a directory covers what is below it too. */
	return fnmatch(p->s, path, FNM_PATHNAME | FNM_LEADING_DIR) == 0;
}

static bool
patlist_match(const struct patlist *l, const char *path, size_t len)
{
	for (size_t i = 0; i < l->n; i++)
		if (pat_match(&l->v[i], path, len))
			return true;
	return false;
}

static const char *const files_keys[] = {
	"root", "type", "world_writable", "setuid", "setgid", "sticky",
	"executable", "unowned", "ungrouped", "name", "regex", "exclude",
	"allow", "expect", "hidden", NULL
};

static int
parse_root(const struct ynode *args, struct files_args *a, struct diag *d)
{
	const struct ynode *n = ynode_get(args, "root");
	const char *s = "/";

	if (n != NULL && ynode_str(n, "root", &s, d) != 0)
		return -1;
	if (s[0] != '/' || has_glob_meta(s)) {
		diag_add(d, &n->at, "root: expected an absolute path, got %s",
		    ynode_show(n));
		return -1;
	}
	a->root = path_normalize(s);
	a->rootlen = strlen(a->root);
	return 0;
}

static int
parse_pats(const struct ynode *args, const char *key, struct patlist *l,
    struct diag *d)
{
	const struct ynode *n = ynode_get(args, key);
	const char **v;
	size_t nv;
	int rc = 0;

	if (n == NULL)
		return 0;
	if (ynode_strs(n, key, &v, &nv, d) != 0)
		return -1;
	for (size_t i = 0; i < nv; i++) {
		if (v[i][0] != '/') {
			diag_add(d, &n->at, "%s: expected absolute paths or "
			    "globs, got \"%s\"", key, v[i]);
			rc = -1;
			continue;
		}
		patlist_add(l, v[i]);
	}
	free(v);
	return rc;
}

/* Default excludes, except one holding the root the rule asked for. */
static void
add_default_excludes(struct files_args *a)
{
	for (size_t i = 0; default_excludes[i] != NULL; i++)
		if (!is_under(a->root, a->rootlen, default_excludes[i],
		    strlen(default_excludes[i])))
			patlist_add(&a->exclude, default_excludes[i]);
}

static int
parse_tristate(const struct ynode *args, const char *key, int *out,
    struct diag *d)
{
	const struct ynode *n = ynode_get(args, key);
	bool b;

	*out = -1;
	if (n == NULL)
		return 0;
	if (ynode_bool(n, key, &b, d) != 0)
		return -1;
	*out = b;
	return 0;
}

/* The mode predicates, folded into two masks; their words into ADJ. */
static int
parse_mode_preds(const struct ynode *args, struct files_args *a,
    struct strbuf *adj, struct diag *d)
{
	int rc = 0;

	for (size_t i = 0; i < sizeof(mode_preds) / sizeof(mode_preds[0]);
	    i++) {
		int v;

		if (parse_tristate(args, mode_preds[i].key, &v, d) != 0) {
			rc = -1;
			continue;
		}
		if (v < 0)
			continue;
		if (v)
			a->need_set |= mode_preds[i].bit;
		else
			a->need_clear |= mode_preds[i].bit;
		if (adj->len > 0)
			strbuf_addch(adj, ' ');
		strbuf_addstr(adj, v ? mode_preds[i].yes : mode_preds[i].no);
	}
	/* Executable is any execute bit, as the file probe says it: root
	 * (who runs support and installer scripts) may execute a file with
	 * any of them (execve(2), path_resolution(7)). */
	if (parse_tristate(args, "executable", &a->executable, d) != 0)
		return -1;
	if (a->executable >= 0) {
		if (adj->len > 0)
			strbuf_addch(adj, ' ');
		strbuf_addstr(adj, a->executable ? "executable" :
		    "non-executable");
	}
	return rc;
}

static int
parse_owner_preds(const struct ynode *args, struct files_args *a,
    struct strbuf *adj, struct diag *d)
{
	int rc = 0;

	if (parse_tristate(args, "unowned", &a->unowned, d) != 0 ||
	    parse_tristate(args, "ungrouped", &a->ungrouped, d) != 0)
		rc = -1;
	if (a->unowned >= 0)
		strbuf_addf(adj, "%s%s", adj->len > 0 ? " " : "",
		    a->unowned ? "unowned" : "owned");
	if (a->ungrouped >= 0)
		strbuf_addf(adj, "%s%s", adj->len > 0 ? " " : "",
		    a->ungrouped ? "ungrouped" : "grouped");
	return rc;
}

static int
parse_names(const struct ynode *args, const struct limits *lim,
    struct files_args *a, struct strbuf *what, struct diag *d)
{
	const struct ynode *n;
	const char *s;
	char *q;
	int rc = 0;

	if ((n = ynode_get(args, "name")) != NULL) {
		if (ynode_str(n, "name", &s, d) != 0)
			rc = -1;
		else {
			a->name = xstrdup(s);
			q = diag_quote(s, 100);
			strbuf_addf(what, " named %s", q);
			free(q);
		}
	}
	if ((n = ynode_get(args, "regex")) != NULL) {
		if (ynode_str(n, "regex", &s, d) != 0)
			rc = -1;
		else if ((a->regex = rx_compile(s, 0, "regex", &n->at, lim,
		    d)) == NULL)
			rc = -1;
		else {
			q = diag_quote(s, 100);
			strbuf_addf(what, " matching %s", q);
			free(q);
		}
	}
	return rc;
}

/* `hidden` (default true) applies to rules about what is present: a
 * name or regex, no mode or owner predicate (those judge the running
 * filesystem) and expect: none (a hidden entry cannot satisfy `any`). */
static int
parse_hidden(const struct ynode *args, struct files_args *a, struct diag *d)
{
	const struct ynode *n = ynode_get(args, "hidden");
	bool presence = (a->name != NULL || a->regex != NULL) &&
	    a->need_set == 0 && a->need_clear == 0 && a->executable < 0 &&
	    a->unowned < 0 &&
	    a->ungrouped < 0 && !a->expect_any;
	int v;

	if (parse_tristate(args, "hidden", &v, d) != 0)
		return -1;
	if (v == 1 && !presence) {
		diag_add(d, &n->at, "hidden: only for rules that match by name "
		    "or regex, without mode or owner predicates, with expect: "
		    "none");
		return -1;
	}
	a->hidden = v != 0 && presence;
	return 0;
}

static int
files_parse(const struct ynode *args, const struct limits *lim,
    struct files_args *a, struct diag *d)
{
	struct strbuf adj = STRBUF_INIT;
	struct strbuf what = STRBUF_INIT;
	const struct ynode *n;
	int expect = 0;
	int rc = 0;

	if (parse_root(args, a, d) != 0)
		rc = -1;
	a->type = -1;
	if ((n = ynode_get(args, "type")) != NULL &&
	    probe_parse_type(n, true, &a->type, d) != 0)
		rc = -1;
	if (parse_mode_preds(args, a, &adj, d) != 0 ||
	    parse_owner_preds(args, a, &adj, d) != 0)
		rc = -1;
	strbuf_addf(&what, "%s%s%s", adj.buf != NULL ? adj.buf : "",
	    adj.len > 0 ? " " : "", a->type < 0 ? "entries" :
	    fs_type_names((enum fs_type)a->type)->plural);
	if (parse_names(args, lim, a, &what, d) != 0 ||
	    parse_pats(args, "exclude", &a->exclude, d) != 0 ||
	    parse_pats(args, "allow", &a->allow, d) != 0)
		rc = -1;
	if ((n = ynode_get(args, "expect")) != NULL &&
	    probe_parse_enum(n, "expect", expect_names, &expect, d) != 0)
		rc = -1;
	a->expect_any = expect == 1;
	if (parse_hidden(args, a, d) != 0)
		rc = -1;
	a->adj = strbuf_detach(&adj);
	a->what = strbuf_detach(&what);
	if (rc == 0)
		add_default_excludes(a);
	return rc;
}

static int
files_compile(const struct ynode *args, const struct limits *lim,
    void **statep, struct diag *d)
{
	struct files_args *a = xcalloc(1, sizeof(*a));

	if (ynode_check_keys(args, "files", files_keys, d) != 0 ||
	    files_parse(args, lim, a, d) != 0) {
		files_free(a);
		return -1;
	}
	*statep = a;
	return 0;
}

static const char *
files_walk_begin(void *state, struct probe_env *env)
{
	struct files_args *a = state;

	walk_reset(a);
	a->max = env->lim->evidence_max;
	if ((a->unowned >= 0 &&
	    probe_ids_load(&a->users, env->target, PROBE_PASSWD) != FS_OK) ||
	    (a->ungrouped >= 0 &&
	    probe_ids_load(&a->groups, env->target, PROBE_GROUP) != FS_OK)) {
		a->phase = PHASE_NOIDS;
		return NULL;
	}
	a->phase = PHASE_WALKED;
	return a->root;
}

/* Is PATH a directory on the way down to our root ("/", "/var" for
 * root "/var/tmp")? */
static bool
is_above_root(const struct files_args *a, const char *path, size_t len)
{
	return len < a->rootlen && memcmp(a->root, path, len) == 0 &&
	    (len == 1 || a->root[len] == '/');
}

static bool
files_walk_prune(const void *state, const char *path)
{
	const struct files_args *a = state;
	size_t len = strlen(path);

	if (!is_under(path, len, a->root, a->rootlen))
		return !is_above_root(a, path, len);
	return patlist_match(&a->exclude, path, len);
}

/* The predicates, cheapest first; excludes are left to the caller. */
static bool
entry_matches(struct files_args *a, const char *path, size_t len,
    const struct fsnode *n)
{
	/* A symlink's own permission bits mean nothing. */
	uint32_t mode = n->type == FS_LNK ? 0 : n->mode;
	enum rx_rc rc;

	if (a->type >= 0 && n->type != (enum fs_type)a->type)
		return false;
	if ((mode & a->need_set) != a->need_set || (mode & a->need_clear) != 0)
		return false;
	if (a->executable >= 0 && ((mode & 0111) != 0) != (a->executable == 1))
		return false;
	if (a->unowned >= 0 &&
	    probe_ids_has(&a->users, n->uid) == (a->unowned == 1))
		return false;
	if (a->ungrouped >= 0 &&
	    probe_ids_has(&a->groups, n->gid) == (a->ungrouped == 1))
		return false;
	if (a->name != NULL &&
	    fnmatch(a->name, strrchr(path, '/') + 1, 0) != 0)
		return false;
	if (a->regex == NULL)
		return true;
	rc = rx_match(a->regex, path, len, false, NULL, NULL);
	if (rc == RX_MATCH)
		return true;
	if (rc != RX_NOMATCH && a->rx_errors++ == 0)
		a->rx_error_path = xstrdup(path);
	return false;
}

static void
hitlist_add(struct hitlist *l, size_t max, const char *path,
    const struct fsnode *n, bool hidden)
{
	struct hit *h;

	l->total++;
	l->hidden += hidden;
	if (l->n >= max)
		return;
	xgrow((void **)&l->v, &l->cap, l->n + 1, sizeof(*l->v));
	h = &l->v[l->n++];
	h->path = xstrdup(path);
	h->type = n->type;
	h->mode = n->mode;
	h->uid = n->uid;
	h->gid = n->gid;
	h->layer = n->layer;
	h->hidden = hidden;
}

static void
files_walk_visit(void *state, const char *path, const struct fsnode *n)
{
	struct files_args *a = state;
	size_t len;

	if (a->phase != PHASE_WALKED)
		return;
	len = strlen(path);
	if (!is_under(path, len, a->root, a->rootlen))
		return;
	if (a->skip != NULL) {
		if (is_under(path, len, a->skip, a->skiplen))
			return;
		free(a->skip);
		a->skip = NULL;
	}
	/* An excluded directory nobody pruned: pass its subtree by, which
	 * one prefix compare does as long as the walk is depth-first. */
	if (n->type == FS_DIR && patlist_match(&a->exclude, path, len)) {
		a->skip = xstrdup(path);
		a->skiplen = len;
		return;
	}
	a->examined++;
	if (!entry_matches(a, path, len, n) ||
	    (n->type != FS_DIR && patlist_match(&a->exclude, path, len)))
		return;
	if (patlist_match(&a->allow, path, len))
		hitlist_add(&a->allowed, a->max, path, n, false);
	else
		hitlist_add(&a->found, a->max, path, n, false);
}

/* A directory the walk could not enter: unless excluded or pruned, what
 * is below was not judged. */
static void
files_walk_error(void *state, const char *path, enum fs_rc rc)
{
	struct files_args *a = state;
	size_t len = strlen(path);

	if (a->phase != PHASE_WALKED || files_walk_prune(a, path) ||
	    (a->skip != NULL && is_under(path, len, a->skip, a->skiplen)))
		return;
	probe_walkerr_add(&a->unwalked, path, rc);
}

/* An entry a later image layer hides (never a directory). */
static void
files_walk_visit_hidden(void *state, const char *path,
    const struct fsnode *n)
{
	struct files_args *a = state;
	size_t len;

	if (a->phase != PHASE_WALKED || !a->hidden)
		return;
	len = strlen(path);
	if (!is_under(path, len, a->root, a->rootlen) ||
	    patlist_match(&a->exclude, path, len))
		return;
	a->hidden_examined++;
	if (!entry_matches(a, path, len, n))
		return;
	if (patlist_match(&a->allow, path, len))
		hitlist_add(&a->allowed, a->max, path, n, true);
	else
		hitlist_add(&a->found, a->max, path, n, true);
}

static void
report_hidden(const struct hit *h, const char *prefix,
    enum evidence_kind kind, struct target *t, struct evlist *ev)
{
	struct fsnode now;
	bool replaced = target_lookup(t, h->path, false, &now) == FS_OK;
	char *step = probe_layer_step(t, h->layer);
	struct evidence *e;

	e = evlist_add_kind(ev, kind, h->path, 0, "%spresent in layer "
	    "%d%s%s%s, %s by a later layer \u2014 still shipped in the image "
	    "(%s, mode %04o, owner %u:%u)", prefix, h->layer,
	    step[0] != '\0' ? " (created by: " : "", step,
	    step[0] != '\0' ? ")" : "", replaced ? "replaced" : "deleted",
	    fs_type_str(h->type), h->mode & 07777, h->uid, h->gid);
	evidence_set_layer(e, h->layer, step, true);
	free(step);
}

static void
report_hits(const struct files_args *a, const struct hitlist *l,
    const char *prefix, struct target *t, struct evlist *ev)
{
	/* allowed entries explain, they are no findings */
	enum evidence_kind kind = prefix[0] != '\0' ? EV_CONTEXT :
	    EV_VIOLATION;

	for (size_t i = 0; i < l->n; i++) {
		const struct hit *h = &l->v[i];

		if (h->hidden) {
			report_hidden(h, prefix, kind, t, ev);
			continue;
		}
		evlist_add_kind(ev, kind, h->path, 0, "%s%s%s%s (mode %04o, "
		    "owner %u:%u)", prefix, a->adj, a->adj[0] != '\0' ? " " :
		    "", fs_type_str(h->type), h->mode & 07777, h->uid, h->gid);
	}
	/* Kept at most the evidence cap; the rest were only counted. */
	ev->dropped += l->total - l->n;
}

/* Why the walk gave nothing to judge, or ST_PASS. */
static enum status
walk_problem(const struct files_args *a, struct evlist *ev)
{
	const struct probe_ids *ids;

	switch (a->phase) {
	case PHASE_NONE:
		evlist_add_violation(ev, a->root, 0,
		    "the tree walk did not run");
		return ST_ERROR;
	case PHASE_NOIDS:
		ids = a->unowned >= 0 && a->users.rc != FS_OK ? &a->users :
		    &a->groups;
		evlist_add_violation(ev, ids->path, 0, "cannot read %s: %s",
		    ids->path, probe_fs_reason(ids->rc));
		return ST_ERROR;
	case PHASE_WALKED:
		break;
	}
	if (a->rx_errors == 0)
		return ST_PASS;
	evlist_add_violation(ev, a->rx_error_path, 0, "regex hit the match "
	    "limit on %zu paths (first: %s)", a->rx_errors, a->rx_error_path);
	return ST_ERROR;
}

/* "N entries examined", and the hidden ones when there were any. */
static char *
hidden_note(const struct files_args *a)
{
	if (a->hidden_examined == 0)
		return xasprintf("%zu entries examined", a->examined);
	return xasprintf("%zu entries examined, and %zu that later image "
	    "layers hide", a->examined, a->hidden_examined);
}

static enum status
files_eval(void *state, struct probe_env *env, struct evlist *ev)
{
	const struct files_args *a = state;
	struct fsnode root;
	enum status st = walk_problem(a, ev);
	struct evidence *e;
	char *examined;
	char *count;

	if (st != ST_PASS)
		return st;
	if (target_lookup(env->target, a->root, false, &root) != FS_OK)
		evlist_add_violation(ev, a->root, 0, "%s does not exist",
		    a->root);
	count = a->found.hidden > 0 ? xasprintf("%zu found, %zu hidden by "
	    "a later layer", a->found.total, a->found.hidden) :
	    xasprintf("%zu found", a->found.total);
	examined = hidden_note(a);
	if (a->found.total == 0) {
		e = evlist_add_violation(ev, a->root, 0,
		    "no %s under %s (%s%s)", a->what, a->root, examined,
		    a->allowed.total > 0 ? ", allowed ones listed" : "");
		st = a->expect_any ? ST_FAIL : ST_PASS;
	} else {
		/* the entries found are the findings; this only counts */
		e = evlist_add_context(ev, a->root, 0, "%s under %s: %s (%s)",
		    a->what, a->root, count, examined);
		st = a->expect_any ? ST_PASS : ST_FAIL;
	}
	free(count);
	count = xasprintf("%zu", a->found.total);
	evidence_set_values(e, a->expect_any ? "at least one" : "none", count);
	free(count);
	free(examined);
	report_hits(a, &a->found, "", env->target, ev);
	report_hits(a, &a->allowed, "allowed: ", env->target, ev);
	/* a hit decides either way; none found is only true of what was
	 * walked */
	if (probe_walkerr_report(&a->unwalked, ev) != ST_PASS &&
	    a->found.total == 0)
		st = ST_ERROR;
	return st;
}

const struct probe_ops probe_files = {
	.name = "files",
	.summary = "walk a tree for world-writable, setuid, unowned, ... "
	    "entries",
	.compile = files_compile,
	.walk_begin = files_walk_begin,
	.walk_prune = files_walk_prune,
	.walk_visit = files_walk_visit,
	.walk_error = files_walk_error,
	.walk_visit_hidden = files_walk_visit_hidden,
	.eval = files_eval,
	.free = files_free,
};
