/*
 * eval.c -- run a compiled plan against a target (see eval.h for the
 * combinator table).
 *
 * Two phases. First, every probe instance that wants a tree walk (the
 * `files` probe: world-writable, setuid, unowned, ...) is fed from ONE walk
 * of the target, so a profile with ten walking rules costs one walk, not
 * ten: that is what keeps a 100,000-file root within reach of `find`.
 * On an image, the entries later layers hide (a secret "deleted" by a
 * later layer is still shipped) are listed once after that walk, for the
 * probes that take them.
 * Second, each rule's applies_if and check trees are evaluated in plan
 * order and turned into a result with a status, a one-line message and
 * the evidence the probes collected. On an image, evidence about a file
 * then names the layer it comes from and that layer's build step.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "assay/eval.h"
#include "assay/limits.h"
#include "assay/policy.h"
#include "assay/probe.h"
#include "assay/strbuf.h"
#include "assay/target.h"
#include "assay/util.h"
#include "assay/xmem.h"

struct walker {
	const struct checknode	*node;
	const char		*prefix;
	size_t			 prefix_len;
	char			*skip;		/* pruned directory, or NULL */
	size_t			 skip_len;
};

struct walkset {
	struct walker	*v;
	size_t		 n;
	size_t		 cap;
};

static void
collect_walkers(const struct checknode *c, struct probe_env *env,
    struct walkset *ws)
{
	const char *prefix;
	struct walker *w;

	if (c == NULL)
		return;
	for (size_t i = 0; i < c->nkids; i++)
		collect_walkers(c->kids[i], env, ws);
	if (c->kind != CHECK_PROBE || c->probe->walk_begin == NULL)
		return;
	prefix = c->probe->walk_begin(c->state, env);
	if (prefix == NULL)
		return;
	xgrow((void **)&ws->v, &ws->cap, ws->n + 1, sizeof(*ws->v));
	w = &ws->v[ws->n++];
	memset(w, 0, sizeof(*w));
	w->node = c;
	w->prefix = prefix;
	w->prefix_len = strlen(prefix);
	while (w->prefix_len > 1 && prefix[w->prefix_len - 1] == '/')
		w->prefix_len--;
}

/* Is PATH at or below P (P of length N, "/" meaning everything)? */
static bool
is_under(const char *path, const char *p, size_t n)
{
	if (n == 1 && p[0] == '/')
		return true;
	return strncmp(path, p, n) == 0 && (path[n] == '\0' || path[n] == '/');
}

static enum walk_ret
walk_dispatch(const char *path, const struct fsnode *n, void *arg)
{
	struct walkset *ws = arg;
	bool needed = false;

	for (size_t i = 0; i < ws->n; i++) {
		struct walker *w = &ws->v[i];
		const struct probe_ops *ops = w->node->probe;

		if (ops->walk_visit == NULL)
			continue;	/* wants hidden entries only */
		if (w->skip != NULL) {
			if (is_under(path, w->skip, w->skip_len))
				continue;
			free(w->skip);
			w->skip = NULL;
		}
		if (!is_under(path, w->prefix, w->prefix_len)) {
			/* An ancestor of the prefix must still be descended. */
			if (n->type == FS_DIR &&
			    is_under(w->prefix, path, strlen(path)))
				needed = true;
			continue;
		}
		if (n->type == FS_DIR && ops->walk_prune != NULL &&
		    ops->walk_prune(w->node->state, path)) {
			w->skip = xstrdup(path);
			w->skip_len = strlen(path);
			continue;
		}
		ops->walk_visit(w->node->state, path, n);
		needed = true;
	}
	return needed || n->type != FS_DIR ? WALK_CONTINUE : WALK_SKIP;
}

/* A directory the walk could not enter, to every walking probe whose
 * subtree holds it (or that needed to pass through it). */
static void
walk_dispatch_error(const char *path, enum fs_rc rc, void *arg)
{
	struct walkset *ws = arg;
	size_t len = strlen(path);

	for (size_t i = 0; i < ws->n; i++) {
		struct walker *w = &ws->v[i];
		const struct probe_ops *ops = w->node->probe;

		if (ops->walk_visit == NULL || ops->walk_error == NULL)
			continue;
		if (w->skip != NULL && is_under(path, w->skip, w->skip_len))
			continue;
		if (is_under(path, w->prefix, w->prefix_len) ||
		    is_under(w->prefix, path, len))
			ops->walk_error(w->node->state, path, rc);
	}
}

/* A hidden entry (never a directory) to the probes that take them. */
static enum walk_ret
hidden_dispatch(const char *path, const struct fsnode *n, void *arg)
{
	struct walkset *ws = arg;

	for (size_t i = 0; i < ws->n; i++) {
		struct walker *w = &ws->v[i];
		const struct probe_ops *ops = w->node->probe;

		if (ops->walk_visit_hidden != NULL &&
		    is_under(path, w->prefix, w->prefix_len))
			ops->walk_visit_hidden(w->node->state, path, n);
	}
	return WALK_CONTINUE;
}

static void
run_walk(const struct plan *p, struct probe_env *env)
{
	struct walkset ws = { 0 };
	bool visit = false;
	bool hidden = false;

	for (size_t i = 0; i < plan_rule_count(p); i++) {
		collect_walkers(plan_applies_if(p, i), env, &ws);
		collect_walkers(plan_check(p, i), env, &ws);
	}
	for (size_t i = 0; i < ws.n; i++) {
		visit |= ws.v[i].node->probe->walk_visit != NULL;
		hidden |= ws.v[i].node->probe->walk_visit_hidden != NULL;
	}
	if (visit)
		(void)target_walk(env->target, "/", walk_dispatch,
		    walk_dispatch_error, &ws);
	if (hidden)
		(void)target_walk_hidden(env->target, hidden_dispatch, &ws);
	for (size_t i = 0; i < ws.n; i++)
		free(ws.v[i].skip);
	free(ws.v);
}

static void
collect_paths(const struct checknode *c, struct strlist *out)
{
	if (c == NULL)
		return;
	for (size_t i = 0; i < c->nkids; i++)
		collect_paths(c->kids[i], out);
	if (c->kind == CHECK_PROBE && c->probe->paths != NULL)
		c->probe->paths(c->state, out);
}

void
eval_content_globs(const struct plan *p, struct strlist *out)
{
	for (size_t i = 0; i < plan_rule_count(p); i++) {
		collect_paths(plan_applies_if(p, i), out);
		collect_paths(plan_check(p, i), out);
	}
}

static enum status
invert(enum status st)
{
	if (st == ST_PASS)
		return ST_FAIL;
	if (st == ST_FAIL)
		return ST_PASS;
	return st;
}

/* Combine the children of an all/any/none node with status_all() or
 * status_any() (`none` is `not any`). Evidence kept: for a verdict driven
 * by some children, theirs; otherwise everyone's. */
static enum status
eval_group(const struct checknode *c, struct probe_env *env,
    struct evlist *ev)
{
	struct evlist *sub = xcalloc(c->nkids, sizeof(*sub));
	enum status *st = xcalloc(c->nkids, sizeof(*st));
	enum status verdict = ST_NOTAPPLICABLE;
	enum status keep;

	for (size_t i = 0; i < c->nkids; i++) {
		evlist_init(&sub[i], ev->max);
		st[i] = eval_check(c->kids[i], env, &sub[i]);
		verdict = c->kind == CHECK_ALL ? status_all(verdict, st[i]) :
		    status_any(verdict, st[i]);
	}
	/* Which children explain the verdict: the failing ones of a
	 * failed `all`, the erring ones of an error, the passing ones of
	 * an `any` that passed (a `none` that failed). */
	keep = ST__COUNT;
	if (c->kind == CHECK_ALL && verdict == ST_FAIL)
		keep = ST_FAIL;
	else if (verdict == ST_ERROR)
		keep = ST_ERROR;
	else if (c->kind != CHECK_ALL && verdict == ST_PASS)
		keep = ST_PASS;
	if (c->kind == CHECK_NONE)
		verdict = invert(verdict);
	for (size_t i = 0; i < c->nkids; i++) {
		if (keep == ST__COUNT || st[i] == keep)
			evlist_move(ev, &sub[i]);
		evlist_release(&sub[i]);
	}
	free(sub);
	free(st);
	return verdict;
}

enum status
eval_check(const struct checknode *c, struct probe_env *env,
    struct evlist *ev)
{
	switch (c->kind) {
	case CHECK_PROBE:
		return c->probe->eval(c->state, env, ev);
	case CHECK_NOT:
		return invert(eval_check(c->kids[0], env, ev));
	case CHECK_ALL:
	case CHECK_ANY:
	case CHECK_NONE:
		return eval_group(c, env, ev);
	}
	return ST_ERROR;
}

/* A failing verdict needs findings: when a probe marked all of its
 * evidence context (a compliant line that `not` turned into a failure),
 * all of it is the violation. */
static void
ensure_violation(struct result *r)
{
	if (r->status != ST_FAIL || r->ev.n == 0 || result_nfindings(r) > 0)
		return;
	for (size_t i = 0; i < r->ev.n; i++)
		r->ev.v[i].kind = EV_VIOLATION;
}

/* The first violation of a failure (else the first item), and how many
 * more violations there are. */
static char *
summary_message(enum status st, const struct evlist *ev)
{
	const char *first = NULL;
	size_t total = ev->dropped;

	for (size_t i = 0; i < ev->n; i++) {
		if (st == ST_FAIL && ev->v[i].kind != EV_VIOLATION)
			continue;
		total++;
		if (first == NULL)
			first = ev->v[i].message;
	}
	if (first == NULL && ev->n > 0)
		first = ev->v[0].message;
	if (first == NULL)
		return xstrdup(st == ST_PASS ? "passed" : status_str(st));
	if (st == ST_FAIL && total > 1)
		return xasprintf("%s (and %zu more)", first, total - 1);
	return xstrdup(first);
}

/* On an image of layers, which layer each non-directory that evidence
 * names comes from in the merged filesystem, and the step that built
 * it ("COPY app /srv/app"): where to fix a finding. Evidence a probe
 * tagged (files a later layer hid) is left alone. */
static void
tag_layers(struct target *t, struct evlist *ev)
{
	enum target_kind k = target_kind(t);

	if (k != TARGET_DOCKER_ARCHIVE && k != TARGET_OCI_ARCHIVE &&
	    k != TARGET_OCI_LAYOUT && k != TARGET_REGISTRY)
		return;
	for (size_t i = 0; i < ev->n; i++) {
		struct evidence *e = &ev->v[i];
		struct fsnode n;
		char *step;

		if (e->layer >= 0 || e->path == NULL || e->path[0] != '/' ||
		    has_glob_meta(e->path) || target_lookup(t, e->path, false,
		    &n) != FS_OK || n.type == FS_DIR || n.layer < 0)
			continue;
		step = probe_layer_step(t, n.layer);
		evidence_set_layer(e, n.layer, step, false);
		free(step);
	}
}

/* A rule that applies says why after its own evidence: the condition's
 * items, marked "applies_if: " (which route decided that sshd is there:
 * its package record or its files), without expected/found values, which
 * belong to the rule's check. CEV is emptied. */
static void
add_applies_evidence(struct evlist *ev, struct evlist *cev)
{
	for (size_t i = 0; i < cev->n; i++) {
		char *m = cev->v[i].message;

		cev->v[i].message = xasprintf("applies_if: %s", m);
		free(m);
		/* expected/found belong to the rule's own check */
		free(cev->v[i].expected);
		free(cev->v[i].found);
		cev->v[i].expected = NULL;
		cev->v[i].found = NULL;
		/* why the rule applies explains the verdict, it is no
		 * finding */
		cev->v[i].kind = EV_CONTEXT;
	}
	evlist_move(ev, cev);
}

static void
eval_rule(const struct plan *p, size_t i, struct probe_env *env,
    struct result *r)
{
	const struct checknode *cond = plan_applies_if(p, i);
	const struct checknode *check = plan_check(p, i);
	struct evlist cev;

	r->rule = plan_rule(p, i);
	evlist_init(&r->ev, env->lim->evidence_max);
	if (r->rule->manual != NULL || check == NULL ||
	    plan_rule_unchecked(p, i) != NULL) {
		r->status = ST_NOTCHECKED;
		r->message = xstrdup(r->rule->manual != NULL ?
		    r->rule->manual : check == NULL ? "no automated check" :
		    plan_rule_unchecked(p, i));
		return;
	}
	evlist_init(&cev, env->lim->evidence_max);
	if (cond != NULL) {
		enum status cst;

		cst = eval_check(cond, env, &cev);
		if (cst != ST_PASS) {
			r->status = cst == ST_ERROR ? ST_ERROR :
			    ST_NOTAPPLICABLE;
			r->message = xasprintf("applies_if: %s",
			    cev.n > 0 ? cev.v[0].message : status_str(cst));
			evlist_move(&r->ev, &cev);
			return;
		}
	}
	r->status = eval_check(check, env, &r->ev);
	ensure_violation(r);
	r->message = summary_message(r->status, &r->ev);
	tag_layers(env->target, &r->ev);
	if (cond != NULL)
		add_applies_evidence(&r->ev, &cev);
}

struct result *
eval_plan(const struct plan *p, struct target *t, const struct limits *lim)
{
	size_t n = plan_rule_count(p);
	struct result *res = xcalloc(n + 1, sizeof(*res));
	struct probe_env env = { t, lim };

	run_walk(p, &env);
	for (size_t i = 0; i < n; i++)
		eval_rule(p, i, &env, &res[i]);
	return res;
}

void
eval_results_free(struct result *r, size_t n)
{
	if (r == NULL)
		return;
	for (size_t i = 0; i < n; i++)
		result_release(&r[i]);
	free(r);
}

/* One shared pass per probe type. */
struct eval_share {
	struct {
		const struct probe_ops	*ops;
		void			*shared;
	}		*v;
	size_t		 n;
	size_t		 cap;
};

static void
collect_share(const struct checknode *c, const struct limits *lim,
    struct eval_share *s)
{
	size_t i;

	if (c == NULL)
		return;
	for (i = 0; i < c->nkids; i++)
		collect_share(c->kids[i], lim, s);
	if (c->kind != CHECK_PROBE || c->probe->share == NULL)
		return;
	for (i = 0; i < s->n && s->v[i].ops != c->probe; i++)
		continue;
	if (i == s->n) {
		xgrow((void **)&s->v, &s->cap, s->n + 1, sizeof(*s->v));
		s->v[s->n].ops = c->probe;
		s->v[s->n++].shared = NULL;
	}
	c->probe->share(c->state, lim, &s->v[i].shared);
}

struct eval_share *
eval_share_new(const struct plan *p, const struct limits *lim)
{
	struct eval_share *s = xcalloc(1, sizeof(*s));

	for (size_t i = 0; i < plan_rule_count(p); i++) {
		collect_share(plan_applies_if(p, i), lim, s);
		collect_share(plan_check(p, i), lim, s);
	}
	if (s->n == 0) {
		eval_share_free(s);
		return NULL;
	}
	return s;
}

void
eval_share_stream(const struct target_stream_ev *ev, void *arg)
{
	struct eval_share *s = arg;

	for (size_t i = 0; i < s->n; i++)
		s->v[i].ops->shared_stream(s->v[i].shared, ev);
}

void
eval_share_free(struct eval_share *s)
{
	if (s == NULL)
		return;
	for (size_t i = 0; i < s->n; i++)
		s->v[i].ops->shared_free(s->v[i].shared);
	free(s->v);
	free(s);
}
