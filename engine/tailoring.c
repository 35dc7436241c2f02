/*
 * tailoring.c -- load a tailoring file and turn it into a plan tailoring.
 *
 * An auditor must be able to see exactly how the benchmark was bent, so a
 * tailoring names its base profile and its reason, and every change
 * carries its own reason (required for disable and severity, where it
 * matters most) and position. The changes are kept in file order as one
 * list that every reporter prints. Loading is strict like the policy
 * loader (unknown keys, wrong types, missing reasons), and names are
 * checked against the loaded policies before compiling: an unknown rule
 * id, a glob matching no rule, an unknown profile or variable is an error
 * at its file:line:col, never a silent no-op. The rules stay const and
 * shared: tailored severities go into the plan (plan_set_rule_severity).
 */
#include "config.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "assay/limits.h"
#include "assay/policy.h"
#include "assay/tailoring.h"
#include "assay/util.h"
#include "assay/xmem.h"
#include "assay/ynode.h"

struct tailoring {
	struct ydoc		*doc;
	struct tailoring_info	 info;
	struct tailor_change	*changes;
	size_t			 nchanges;
	struct srcpos		 extends_at;
	struct var_override	*vars;
	size_t			 nvars;
	void			*extra;		/* tailoring_set_extra() */
	void			(*extra_free)(void *);
};

static const char *const top_keys[] = {
	"tailoring", "enable", "disable", "severity", "variables", NULL,
};
static const char *const head_keys[] = {
	"id", "title", "extends", "reason", NULL,
};
static const char *const enable_keys[] = { "rule", "reason", NULL };
static const char *const disable_keys[] = { "rule", "reason", NULL };
static const char *const severity_keys[] = {
	"rule", "severity", "reason", NULL,
};

static const char *const kind_names[] = {
	[TAILOR_ENABLE] = "enable",
	[TAILOR_DISABLE] = "disable",
	[TAILOR_SEVERITY] = "severity",
	[TAILOR_VARIABLE] = "variable",
};

const char *
tailor_kind_str(enum tailor_kind k)
{
	return k <= TAILOR_VARIABLE ? kind_names[k] : "unknown";
}

/* Read string KEY of MAP (WHAT names MAP) into *OUT; NULL when absent
 * and not REQUIRED. Empty strings are refused. */
static int
read_str(const struct ynode *map, const char *key, const char *what,
    bool required, const char **out, struct diag *d)
{
	const struct ynode *n = ynode_get(map, key);
	const char *s;
	size_t len;

	*out = NULL;
	if (n == NULL) {
		if (required)
			diag_add(d, &map->at, "missing key \"%s\" in %s", key,
			    what);
		return required ? -1 : 0;
	}
	if (ynode_str(n, key, out, d) != 0)
		return -1;
	s = *out;
	len = strlen(s);
	trim_span(&s, &len);
	if (len > 0)
		return 0;
	diag_add(d, &n->at, "%s: must not be empty", key);
	*out = NULL;
	return -1;
}

static struct tailor_change *
add_change(struct tailoring *t, enum tailor_kind kind, size_t cap)
{
	struct tailor_change *c;

	/* CAP counted every item of every list before reading. */
	assert(t->nchanges < cap);
	c = &t->changes[t->nchanges++];
	memset(c, 0, sizeof(*c));
	c->kind = kind;
	return c;
}

static int
read_head(struct tailoring *t, const struct ynode *root, struct diag *d)
{
	const struct ynode *h = ynode_get(root, "tailoring");
	const struct ynode *ext;
	int rc = 0;

	if (h == NULL) {
		diag_add(d, &root->at, "missing key \"tailoring\" in "
		    "tailoring file");
		return -1;
	}
	if (ynode_check_keys(h, "tailoring", head_keys, d) != 0)
		return -1;
	rc |= read_str(h, "id", "tailoring", true, &t->info.id, d);
	rc |= read_str(h, "title", "tailoring", false, &t->info.title, d);
	rc |= read_str(h, "extends", "tailoring", true, &t->info.extends, d);
	rc |= read_str(h, "reason", "tailoring", true, &t->info.reason, d);
	ext = ynode_get(h, "extends");
	if (ext != NULL)
		t->extends_at = ext->at;
	return rc;
}

/* An enable item: a rule id or glob, or {rule, reason}. */
static int
read_enable(struct tailoring *t, const struct ynode *item, size_t cap,
    struct diag *d)
{
	struct tailor_change *c = add_change(t, TAILOR_ENABLE, cap);
	const struct ynode *r;

	c->at = item->at;
	if (ynode_is_scalar(item)) {
		c->target = item->text;
		if (item->text[0] != '\0')
			return 0;
		diag_add(d, &item->at, "enable: must not be empty");
		return -1;
	}
	if (ynode_check_keys(item, "enable item", enable_keys, d) != 0)
		return -1;
	r = ynode_get(item, "rule");
	if (r != NULL)
		c->at = r->at;
	return read_str(item, "rule", "enable item", true, &c->target, d) |
	    read_str(item, "reason", "enable item", false, &c->reason, d);
}

static int
read_disable(struct tailoring *t, const struct ynode *item, size_t cap,
    struct diag *d)
{
	struct tailor_change *c = add_change(t, TAILOR_DISABLE, cap);
	const struct ynode *r = ynode_get(item, "rule");

	c->at = r != NULL ? r->at : item->at;
	if (ynode_check_keys(item, "disable item", disable_keys, d) != 0)
		return -1;
	return read_str(item, "rule", "disable item", true, &c->target, d) |
	    read_str(item, "reason", "disable item", true, &c->reason, d);
}

static int
read_severity(struct tailoring *t, const struct ynode *item, size_t cap,
    struct diag *d)
{
	struct tailor_change *c = add_change(t, TAILOR_SEVERITY, cap);
	const struct ynode *r = ynode_get(item, "rule");
	const struct ynode *s = ynode_get(item, "severity");
	enum severity sev;
	int rc;

	c->at = r != NULL ? r->at : item->at;
	if (ynode_check_keys(item, "severity item", severity_keys, d) != 0)
		return -1;
	rc = read_str(item, "rule", "severity item", true, &c->target, d) |
	    read_str(item, "reason", "severity item", true, &c->reason, d);
	if (read_str(item, "severity", "severity item", true, &c->value,
	    d) != 0)
		return -1;
	if (severity_parse(c->value, &sev) != 0) {
		diag_add(d, &s->at, "severity: expected info, low, medium, "
		    "high or critical, got %s", ynode_show(s));
		return -1;
	}
	return rc;
}

/* A list under KEY whose items READ parses. */
static int
read_list(struct tailoring *t, const struct ynode *root, const char *key,
    int (*read)(struct tailoring *, const struct ynode *, size_t,
    struct diag *), size_t cap, struct diag *d)
{
	const struct ynode *l = ynode_get(root, key);
	int rc = 0;

	if (l == NULL)
		return 0;
	if (!ynode_is_seq(l)) {
		diag_add(d, &l->at, "%s: expected a sequence, got %s", key,
		    ynode_show(l));
		return -1;
	}
	for (size_t i = 0; i < l->len; i++)
		if (read(t, l->items[i], cap, d) != 0)
			rc = -1;
	return rc;
}

static int
read_vars(struct tailoring *t, const struct ynode *root, size_t cap,
    struct diag *d)
{
	const struct ynode *v = ynode_get(root, "variables");
	int rc = 0;

	if (v == NULL)
		return 0;
	if (!ynode_is_map(v)) {
		diag_add(d, &v->at, "variables: expected a mapping, got %s",
		    ynode_show(v));
		return -1;
	}
	t->vars = xcalloc(v->len + 1, sizeof(*t->vars));
	for (size_t i = 0; i < v->len; i++) {
		struct tailor_change *c = add_change(t, TAILOR_VARIABLE, cap);

		c->target = v->keys[i]->text;
		c->at = v->keys[i]->at;
		if (ynode_str(v->items[i], c->target, &c->value, d) != 0) {
			rc = -1;
			continue;
		}
		t->vars[t->nvars].name = c->target;
		t->vars[t->nvars].value = c->value;
		t->nvars++;
	}
	return rc;
}

static size_t
count_items(const struct ynode *root)
{
	static const char *const keys[] = {
		"enable", "disable", "severity", "variables",
	};
	size_t n = 0;

	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		const struct ynode *l = ynode_get(root, keys[i]);

		n += l != NULL ? l->len : 0;
	}
	return n;
}

static int
read_file(struct tailoring *t, struct diag *d)
{
	const struct ynode *root = ydoc_root(t->doc);
	size_t cap;
	int rc = 0;

	if (ynode_check_keys(root, "tailoring file", top_keys, d) != 0)
		return -1;
	cap = count_items(root);
	t->changes = xcalloc(cap + 1, sizeof(*t->changes));
	rc |= read_head(t, root, d);
	rc |= read_list(t, root, "enable", read_enable, cap, d);
	rc |= read_list(t, root, "disable", read_disable, cap, d);
	rc |= read_list(t, root, "severity", read_severity, cap, d);
	rc |= read_vars(t, root, cap, d);
	t->info.file = ydoc_file(t->doc);
	t->info.changes = t->changes;
	t->info.nchanges = t->nchanges;
	return rc != 0 ? -1 : 0;
}

struct tailoring *
tailoring_load(const char *path, const struct limits *lim, struct diag *d)
{
	struct tailoring *t = xcalloc(1, sizeof(*t));

	t->doc = ydoc_parse_file(path, lim, d);
	if (t->doc != NULL && read_file(t, d) == 0)
		return t;
	tailoring_free(t);
	return NULL;
}

struct tailoring *
tailoring_load_string(const char *name, const char *buf, size_t len,
    const struct limits *lim, struct diag *d)
{
	struct tailoring *t = xcalloc(1, sizeof(*t));

	t->doc = ydoc_parse_string(name, buf, len, lim, d);
	if (t->doc != NULL && read_file(t, d) == 0)
		return t;
	tailoring_free(t);
	return NULL;
}

void
tailoring_free(struct tailoring *t)
{
	if (t == NULL)
		return;
	free(t->changes);
	free(t->vars);
	if (t->extra_free != NULL)
		t->extra_free(t->extra);
	ydoc_free(t->doc);
	free(t);
}

const struct tailoring_info *
tailoring_info(const struct tailoring *t)
{
	return &t->info;
}

void
tailoring_set_extra(struct tailoring *t, void *extra, void (*fn)(void *))
{
	if (t->extra_free != NULL)
		t->extra_free(t->extra);
	t->extra = extra;
	t->extra_free = fn;
}

void *
tailoring_extra(const struct tailoring *t)
{
	return t->extra;
}

/* Does rule pattern PAT (an id or a glob) name a rule of PS? */
static bool
names_a_rule(const struct policy_set *ps, const char *pat)
{
	for (size_t i = 0; i < policy_rule_count(ps); i++)
		if (glob_match(pat, policy_rule(ps, i)->id, false))
			return true;
	return false;
}

static int
check_change(const struct tailor_change *c, const struct policy_set *ps,
    struct diag *d)
{
	const char *what = tailor_kind_str(c->kind);
	char *q;
	int rc = 0;

	if (c->target == NULL)
		return 0;
	q = diag_quote(c->target, 64);
	if (c->kind == TAILOR_VARIABLE) {
		if (!policy_has_var(ps, c->target)) {
			diag_add(d, &c->at, "variables: unknown variable %s",
			    q);
			rc = -1;
		}
	} else if (c->kind == TAILOR_SEVERITY || !has_glob_meta(c->target)) {
		if (!names_a_rule(ps, c->target) || has_glob_meta(c->target)) {
			diag_add(d, &c->at, "%s: unknown rule %s", what, q);
			rc = -1;
		}
	} else if (!names_a_rule(ps, c->target)) {
		diag_add(d, &c->at, "%s: %s matches no rule", what, q);
		rc = -1;
	}
	free(q);
	return rc;
}

int
tailoring_check(const struct tailoring *t, const struct policy_set *ps,
    struct diag *d)
{
	int rc = 0;

	if (policy_find_profile(ps, t->info.extends) == NULL) {
		char *q = policy_unknown_profile(ps, t->info.extends);

		diag_add(d, &t->extends_at, "extends: %s", q);
		free(q);
		rc = -1;
	}
	for (size_t i = 0; i < t->nchanges; i++)
		if (check_change(&t->changes[i], ps, d) != 0)
			rc = -1;
	return rc;
}

bool
tailoring_selects(const struct tailoring *t, const char *id, bool selected)
{
	for (size_t i = 0; i < t->nchanges; i++)
		if (t->changes[i].kind == TAILOR_ENABLE &&
		    glob_match(t->changes[i].target, id, false))
			selected = true;
	for (size_t i = 0; i < t->nchanges; i++)
		if (t->changes[i].kind == TAILOR_DISABLE &&
		    glob_match(t->changes[i].target, id, false))
			selected = false;
	return selected;
}

static bool
select_rule(const struct rule *r, bool selected, void *arg)
{
	return tailoring_selects(arg, r->id, selected);
}

void
tailoring_plan_tailor(const struct tailoring *t, struct plan_tailor *pt)
{
	memset(pt, 0, sizeof(*pt));
	pt->select = select_rule;
	pt->arg = (void *)t;
	pt->vars = t->vars;
	pt->nvars = t->nvars;
}

int
tailoring_apply_severity(const struct tailoring *t, struct plan *p,
    struct diag *d)
{
	int rc = 0;

	for (size_t i = 0; i < t->nchanges; i++) {
		const struct tailor_change *c = &t->changes[i];
		enum severity s;
		bool found = false;
		char *q;

		if (c->kind != TAILOR_SEVERITY ||
		    severity_parse(c->value, &s) != 0)
			continue;
		for (size_t k = 0; k < plan_rule_count(p); k++)
			if (strcmp(plan_rule(p, k)->id, c->target) == 0) {
				plan_set_rule_severity(p, k, s);
				found = true;
			}
		if (found)
			continue;
		q = diag_quote(c->target, 64);
		diag_add(d, &c->at, "severity: rule %s is not in profile "
		    "\"%s\" (enable it in this tailoring to re-rate it)", q,
		    t->info.extends);
		free(q);
		rc = -1;
	}
	return rc;
}
