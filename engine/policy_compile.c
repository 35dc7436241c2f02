/*
 * policy_compile.c -- from a checked policy_set to a plan eval can run.
 *
 * Compiling binds variables (declared defaults, then the requested
 * profiles' `variables` along their `extends` chains, then --var
 * overrides), expands `{{ var.NAME }}` in a copy of each check tree, and
 * turns the copy into struct checknode trees whose leaves hold each
 * probe's compiled state. Probes may borrow strings from the arguments
 * they were given, so the expanded copies live in the plan until
 * plan_free(). Every error of every rule is reported (up to the diag
 * cap), not just the first, so `assay policy check` lists them all.
 *
 * The check-tree shape check used at load and the expansion used by
 * policy_set_check() live here too, next to the code that relies on them.
 */
#include "config.h"

#include <ctype.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>

#include "assay/policy.h"
#include "assay/probe.h"
#include "assay/strbuf.h"
#include "assay/util.h"
#include "assay/xmem.h"
#include "assay/ynode.h"
#include "policy_private.h"

struct plan {
	struct policy_set	*ps;
	const struct rule	**rules;
	struct checknode	**checks;
	struct checknode	**applies;
	enum severity		 *sev;		/* in effect (tailoring) */
	char			**unchecked;	/* NULL, or why per rule */
	size_t			 nrules;
	const struct profile	**profiles;
	size_t			 nprofiles;
	struct varenv		 env;
	struct ynode		**copies;	/* expanded trees, kept */
	size_t			 ncopies, capcopies;
};

static const char *const combinators[] = { "all", "any", "none", NULL };

static bool
is_combinator(const char *s, enum check_kind *kind)
{
	for (size_t i = 0; combinators[i] != NULL; i++) {
		if (strcmp(s, combinators[i]) == 0) {
			*kind = (enum check_kind)((int)CHECK_ALL + (int)i);
			return true;
		}
	}
	return false;
}

/* The probe the author most likely meant: a name that starts with (or is
 * the start of) NAME, else one within two edits. NULL when none is close. */
static const char *
closest_probe(const char *name)
{
	const char *best = NULL;
	size_t best_d = 3;
	size_t n = strlen(name);

	for (size_t i = 0; probe_table[i] != NULL; i++) {
		const char *p = probe_table[i]->name;
		size_t d;

		if (n >= 3 && (strncmp(p, name, n) == 0 ||
		    strncmp(p, name, strlen(p)) == 0))
			return p;
		d = edit_distance(name, p);
		if (d < best_d) {
			best_d = d;
			best = p;
		}
	}
	return best;
}

static void
report_unknown_type(const struct ynode *k, struct diag *d)
{
	const char *hint = closest_probe(k->text);

	if (hint != NULL)
		diag_add(d, &k->at, "unknown check type %s (did you mean "
		    "\"%s\"?)", ynode_show(k), hint);
	else
		diag_add(d, &k->at, "unknown check type %s (expected all, any, "
		    "none, not or a probe name; see docs/policy-language.md)",
		    ynode_show(k));
}

/* Check one level of a check tree: a mapping with one known key; a
 * combinator's value a non-empty sequence. */
static int
node_shape(const struct ynode *n, const char *what, unsigned depth,
    const struct limits *lim, struct diag *d)
{
	const struct ynode *k;
	const struct ynode *v;
	enum check_kind kind;

	if (depth > lim->yaml_depth) {
		diag_add(d, &n->at, "%s: checks nested deeper than %u", what,
		    lim->yaml_depth);
		return -1;
	}
	if (!ynode_is_map(n)) {
		diag_add(d, &n->at, "%s: expected a mapping, got %s", what,
		    ynode_show(n));
		return -1;
	}
	if (n->len != 1) {
		diag_add(d, &n->at, "a check must have exactly one key, "
		    "got %zu", n->len);
		return -1;
	}
	k = n->keys[0];
	v = n->items[0];
	if (strcmp(k->text, "not") == 0 || probe_find(k->text) != NULL)
		return 0;
	if (!is_combinator(k->text, &kind)) {
		report_unknown_type(k, d);
		return -1;
	}
	if (!ynode_is_seq(v) || v->len == 0) {
		diag_add(d, &v->at, "%s: expected a non-empty sequence of "
		    "checks, got %s", k->text,
		    ynode_is_seq(v) ? "an empty one" : ynode_show(v));
		return -1;
	}
	return 0;
}

int
policy_check_tree_shape(const struct ynode *n, const char *what,
    unsigned depth, const struct limits *lim, struct diag *d)
{
	const struct ynode *k;
	const struct ynode *v;
	int rc = 0;

	if (node_shape(n, what, depth, lim, d) != 0)
		return -1;
	k = n->keys[0];
	v = n->items[0];
	if (strcmp(k->text, "not") == 0)
		return policy_check_tree_shape(v, "not", depth + 1, lim, d);
	if (probe_find(k->text) != NULL)
		return 0;
	for (size_t i = 0; i < v->len; i++)
		if (policy_check_tree_shape(v->items[i], k->text, depth + 1,
		    lim, d) != 0)
			rc = -1;
	return rc;
}

static int
bind_cmp(const void *a, const void *b)
{
	const struct varbind *x = a;
	const struct varbind *y = b;

	return strcmp(x->name, y->name);
}

static struct varbind *
varenv_find(const struct varenv *env, const char *name)
{
	struct varbind key = { name, NULL };

	if (env->n == 0)
		return NULL;
	return bsearch(&key, env->v, env->n, sizeof(*env->v), bind_cmp);
}

void
policy_varenv_defaults(const struct policy_set *ps,
    const struct limits *lim, struct varenv *env)
{
	env->n = ps->nvars;
	env->v = xcalloc(env->n + 1, sizeof(*env->v));
	env->lim = lim;
	for (size_t i = 0; i < ps->nvars; i++) {
		env->v[i].name = ps->vars[i].name;
		env->v[i].value = xstrdup(ps->vars[i].def);
	}
	qsort(env->v, env->n, sizeof(*env->v), bind_cmp);
}

void
policy_varenv_release(struct varenv *env)
{
	for (size_t i = 0; i < env->n; i++)
		free(env->v[i].value);
	free(env->v);
	env->v = NULL;
	env->n = 0;
}

static void
varenv_set(struct varenv *env, const char *name, const char *value)
{
	struct varbind *b = varenv_find(env, name);

	/* Callers check that NAME is declared. */
	if (b == NULL)
		return;
	free(b->value);
	b->value = xstrdup(value);
}

/* Is `{{` at P the start of a variable reference ("{{ var.")? */
static bool
is_var_ref(const char *p)
{
	p += 2;
	while (*p == ' ')
		p++;
	return strncmp(p, "var.", 4) == 0;
}

/* Append the value of the reference at *PP ("{{ var.NAME }}") and move
 * *PP past it. Reports malformed references and unknown names at AT. */
static int
expand_ref(const char **pp, const struct srcpos *at,
    const struct varenv *env, struct strbuf *b, struct diag *d)
{
	const char *p = strstr(*pp, "var.") + 4;
	const char *name = p;
	const struct varbind *bind;
	char *s;

	while (isalnum((unsigned char)*p) || *p == '_')
		p++;
	s = xstrndup(name, (size_t)(p - name));
	while (*p == ' ')
		p++;
	if (s[0] == '\0' || strncmp(p, "}}", 2) != 0) {
		diag_add(d, at, "malformed variable reference (expected "
		    "{{ var.NAME }})");
		free(s);
		*pp = *pp + 2;
		return -1;
	}
	*pp = p + 2;
	bind = varenv_find(env, s);
	if (bind == NULL) {
		char *q = diag_quote(s, 64);

		diag_add(d, at, "unknown variable %s", q);
		free(q);
		free(s);
		return -1;
	}
	free(s);
	(void)strbuf_addstr(b, bind->value);
	return 0;
}

static char *
expand_scalar(const struct ynode *n, void *arg, struct diag *d)
{
	const struct varenv *env = arg;
	struct strbuf b;
	const char *p = n->text;
	const char *q;
	int rc = 0;

	strbuf_init(&b, env->lim->policy_bytes);
	while ((q = strstr(p, "{{")) != NULL) {
		(void)strbuf_add(&b, p, (size_t)(q - p));
		p = q;
		if (!is_var_ref(p)) {
			(void)strbuf_add(&b, p, 2);
			p += 2;
		} else if (expand_ref(&p, &n->at, env, &b, d) != 0)
			rc = -1;
	}
	(void)strbuf_addstr(&b, p);
	if (rc == 0 && b.overflow) {
		diag_add(d, &n->at, "text longer than %zu bytes after "
		    "expanding variables", env->lim->policy_bytes);
		rc = -1;
	}
	if (rc != 0) {
		strbuf_release(&b);
		return NULL;
	}
	return strbuf_detach(&b);
}

struct ynode *
policy_expand_tree(const struct ynode *n, const struct varenv *env,
    struct diag *d)
{
	return ynode_copy_expand(n, expand_scalar, (void *)env, d);
}

static void
checknode_free(struct checknode *c)
{
	if (c == NULL)
		return;
	for (size_t i = 0; i < c->nkids; i++)
		checknode_free(c->kids[i]);
	free(c->kids);
	if (c->probe != NULL && c->probe->free != NULL && c->state != NULL)
		c->probe->free(c->state);
	free(c);
}

/* Build the checknode tree of N (already expanded and shape-checked);
 * every probe compiles its arguments. NULL after reporting. */
static struct checknode *
tree_compile(const struct ynode *n, unsigned depth,
    const struct limits *lim, struct diag *d)
{
	struct checknode *c;
	const struct ynode *v;
	const char *key;
	int rc = 0;

	if (node_shape(n, "check", depth, lim, d) != 0)
		return NULL;
	key = n->keys[0]->text;
	v = n->items[0];
	c = xcalloc(1, sizeof(*c));
	c->at = n->keys[0]->at;
	if (strcmp(key, "not") == 0) {
		c->kind = CHECK_NOT;
		c->kids = xcalloc(1, sizeof(*c->kids));
		c->nkids = 1;
		c->kids[0] = tree_compile(v, depth + 1, lim, d);
		rc = c->kids[0] != NULL ? 0 : -1;
	} else if (is_combinator(key, &c->kind)) {
		c->kids = xcalloc(v->len, sizeof(*c->kids));
		c->nkids = v->len;
		for (size_t i = 0; i < v->len; i++) {
			c->kids[i] = tree_compile(v->items[i], depth + 1, lim,
			    d);
			if (c->kids[i] == NULL)
				rc = -1;
		}
	} else {
		c->kind = CHECK_PROBE;
		c->probe = probe_find(key);
		rc = c->probe->compile(v, lim, &c->state, d);
	}
	if (rc == 0)
		return c;
	checknode_free(c);
	return NULL;
}

/* Expand and compile TREE into *OUT; keeps the copy in P. */
static int
plan_tree(struct plan *p, const struct ynode *tree, struct checknode **out,
    const struct limits *lim, struct diag *d)
{
	struct ynode *copy;

	*out = NULL;
	if (tree == NULL)
		return 0;
	copy = policy_expand_tree(tree, &p->env, d);
	if (copy == NULL)
		return -1;
	xgrow((void **)&p->copies, &p->capcopies, p->ncopies + 1,
	    sizeof(*p->copies));
	p->copies[p->ncopies++] = copy;
	*out = tree_compile(copy, 1, lim, d);
	return *out != NULL ? 0 : -1;
}

/* A profile's variables: its parents' first, in `extends` order, then its
 * own, so the child wins. */
static void
profile_bind(struct varenv *env, const struct pprofile *pp)
{
	const struct ynode *vars = pp->vars;

	for (size_t i = 0; i < pp->nparents; i++)
		profile_bind(env, pp->parents[i].to);
	for (size_t i = 0; vars != NULL && i < vars->len; i++)
		varenv_set(env, vars->keys[i]->text, vars->items[i]->text);
}

static int
plan_profiles(struct plan *p, const char *const *ids, size_t nids,
    unsigned char *sel, struct diag *d)
{
	int rc = 0;

	p->profiles = xcalloc(nids + 1, sizeof(*p->profiles));
	for (size_t i = 0; i < nids; i++) {
		const struct profile *pr = policy_find_profile(p->ps, ids[i]);
		const struct pprofile *pp = (const struct pprofile *)pr;
		bool seen = false;
		char *q;

		if (pr == NULL) {
			q = policy_unknown_profile(p->ps, ids[i]);
			diag_add(d, NULL, "%s", q);
			free(q);
			rc = -1;
			continue;
		}
		for (size_t j = 0; j < p->nprofiles; j++)
			seen = seen || p->profiles[j] == pr;
		if (seen)
			continue;
		p->profiles[p->nprofiles++] = pr;
		profile_bind(&p->env, pp);
		for (size_t j = 0; j < p->ps->nrules; j++)
			sel[j] |= pp->sel[j];
	}
	return rc;
}

static int
plan_overrides(struct plan *p, const struct var_override *ov, size_t nov,
    struct diag *d)
{
	int rc = 0;

	for (size_t i = 0; i < nov; i++) {
		if (varenv_find(&p->env, ov[i].name) == NULL) {
			diag_add(d, NULL, "--var %s: unknown variable",
			    ov[i].name);
			rc = -1;
			continue;
		}
		varenv_set(&p->env, ov[i].name, ov[i].value);
	}
	return rc;
}

static int
plan_rules(struct plan *p, const unsigned char *sel,
    const struct limits *lim, struct diag *d)
{
	size_t n = p->ps->nrules;
	int rc = 0;

	p->rules = xcalloc(n + 1, sizeof(*p->rules));
	p->checks = xcalloc(n + 1, sizeof(*p->checks));
	p->applies = xcalloc(n + 1, sizeof(*p->applies));
	p->sev = xcalloc(n + 1, sizeof(*p->sev));
	for (size_t i = 0; i < n; i++) {
		const struct rule *r = policy_rule(p->ps, i);
		size_t k = p->nrules;

		if (!sel[i])
			continue;
		p->rules[k] = r;
		p->sev[k] = r->severity;
		p->nrules++;
		if (plan_tree(p, r->check, &p->checks[k], lim, d) != 0)
			rc = -1;
		if (plan_tree(p, r->applies_if, &p->applies[k], lim, d) != 0)
			rc = -1;
	}
	return rc;
}

/* Let tailoring T decide each rule's selection. */
static void
plan_tailor_select(struct plan *p, const struct plan_tailor *t,
    unsigned char *sel)
{
	for (size_t j = 0; t != NULL && t->select != NULL &&
	    j < p->ps->nrules; j++)
		sel[j] = t->select(policy_rule(p->ps, j), sel[j] != 0,
		    t->arg);
}

struct plan *
policy_compile(struct policy_set *ps, const char *const *ids, size_t nids,
    const struct var_override *ov, size_t nov, const struct limits *lim,
    struct diag *d)
{
	return policy_compile_tailored(ps, ids, nids, NULL, ov, nov, lim, d);
}

struct plan *
policy_compile_tailored(struct policy_set *ps, const char *const *ids,
    size_t nids, const struct plan_tailor *t, const struct var_override *ov,
    size_t nov, const struct limits *lim, struct diag *d)
{
	struct plan *p;
	unsigned char *sel;
	int rc = 0;

	if (policy_set_check(ps, d) != 0)
		return NULL;
	p = xcalloc(1, sizeof(*p));
	p->ps = ps;
	policy_varenv_defaults(ps, lim, &p->env);
	sel = xcalloc(ps->nrules + 1, 1);
	if (nids == 0)
		memset(sel, 1, ps->nrules);
	else if (plan_profiles(p, ids, nids, sel, d) != 0)
		rc = -1;
	plan_tailor_select(p, t, sel);
	if (t != NULL && plan_overrides(p, t->vars, t->nvars, d) != 0)
		rc = -1;
	if (plan_overrides(p, ov, nov, d) != 0)
		rc = -1;
	if (rc == 0 && plan_rules(p, sel, lim, d) != 0)
		rc = -1;
	free(sel);
	if (rc == 0)
		return p;
	plan_free(p);
	return NULL;
}

void
plan_free(struct plan *p)
{
	if (p == NULL)
		return;
	for (size_t i = 0; i < p->nrules; i++) {
		checknode_free(p->checks[i]);
		checknode_free(p->applies[i]);
	}
	free(p->rules);
	free(p->checks);
	free(p->applies);
	free(p->sev);
	for (size_t i = 0; p->unchecked != NULL && i < p->nrules; i++)
		free(p->unchecked[i]);
	free(p->unchecked);
	free(p->profiles);
	for (size_t i = 0; i < p->ncopies; i++)
		ynode_free(p->copies[i]);
	free(p->copies);
	policy_varenv_release(&p->env);
	free(p);
}

size_t
plan_rule_count(const struct plan *p)
{
	return p->nrules;
}

const struct rule *
plan_rule(const struct plan *p, size_t i)
{
	return i < p->nrules ? p->rules[i] : NULL;
}

enum severity
plan_rule_severity(const struct plan *p, size_t i)
{
	return i < p->nrules ? p->sev[i] : SEV_MEDIUM;
}

void
plan_set_rule_severity(struct plan *p, size_t i, enum severity s)
{
	if (i < p->nrules && s < SEV__COUNT)
		p->sev[i] = s;
}

void
plan_set_rule_unchecked(struct plan *p, size_t i, const char *why)
{
	if (i >= p->nrules)
		return;
	if (p->unchecked == NULL)
		p->unchecked = xcalloc(p->nrules + 1, sizeof(*p->unchecked));
	free(p->unchecked[i]);
	p->unchecked[i] = xstrdup(why);
}

const char *
plan_rule_unchecked(const struct plan *p, size_t i)
{
	return p->unchecked != NULL && i < p->nrules ? p->unchecked[i] :
	    NULL;
}

bool
policy_has_var(const struct policy_set *ps, const char *name)
{
	return policy_var_find(ps, name) != NULL;
}

const struct checknode *
plan_check(const struct plan *p, size_t i)
{
	return i < p->nrules ? p->checks[i] : NULL;
}

const struct checknode *
plan_applies_if(const struct plan *p, size_t i)
{
	return i < p->nrules ? p->applies[i] : NULL;
}

size_t
plan_profile_count(const struct plan *p)
{
	return p->nprofiles;
}

const struct profile *
plan_profile(const struct plan *p, size_t i)
{
	return i < p->nprofiles ? p->profiles[i] : NULL;
}

size_t
plan_var_count(const struct plan *p)
{
	return p->env.n;
}

void
plan_var(const struct plan *p, size_t i, const char **name,
    const char **value)
{
	*name = i < p->env.n ? p->env.v[i].name : NULL;
	*value = i < p->env.n ? p->env.v[i].value : NULL;
}
