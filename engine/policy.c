/*
 * policy.c -- loading policy packs and checking what spans their files.
 *
 * A pack is a folder of YAML files (or one file) sharing one `policy:` id.
 * Loading is strict and exhaustive: every file is read even after an
 * error, and every unknown key, wrong type, bad id or duplicate is reported
 * at its file:line:col, so one `assay policy check` run lists everything a
 * pack author has to fix. Strings and nodes stay in the parsed documents,
 * which the policy_set keeps until policy_set_free().
 *
 * What depends on more than one file is settled by policy_set_check():
 * each pack's implicit all-rules profile, duplicate profile ids, `extends`
 * (unknown ids and cycles), `select`/`exclude` patterns that match no rule,
 * and `{{ var.NAME }}` references to variables nobody declared. The check
 * trees' shapes are checked at load; probe arguments are compiled (and so
 * checked) by policy_compile() in policy_compile.c.
 */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "assay/hostfile.h"
#include "assay/policy.h"
#include "assay/strbuf.h"
#include "assay/util.h"
#include "assay/xmem.h"
#include "assay/ynode.h"
#include "policy_private.h"

static const char *const severity_names[SEV__COUNT] = {
	[SEV_INFO] = "info",
	[SEV_LOW] = "low",
	[SEV_MEDIUM] = "medium",
	[SEV_HIGH] = "high",
	[SEV_CRITICAL] = "critical",
};

static const char *const file_keys[] = {
	"policy", "version", "title", "description", "benchmark", "requires",
	"variables", "rules",
	"profiles", NULL,
};

static const char *const rule_keys[] = {
	"id", "title", "severity", "description", "rationale", "remediation",
	"notes", "references", "tags", "applies_if", "check", "manual", NULL,
};

static const char *const profile_keys[] = {
	"id", "title", "description", "extends", "select", "exclude",
	"variables", NULL,
};

static const char *const variable_keys[] = {
	"default", "description", NULL,
};

/* What one policy_load_path() call carries from file to file. */
struct loadctx {
	struct policy_set	*ps;
	struct pack		*pack;	/* NULL until a valid `policy:` */
	const struct limits	*lim;
	bool			 bad;
	/* the ids `requires:` names, nodes of the loaded documents */
	const struct ynode	**req;
	size_t			 nreq, capreq;
};

const char *
severity_str(enum severity s)
{
	return (unsigned)s < SEV__COUNT ? severity_names[s] : "unknown";
}

int
severity_parse(const char *s, enum severity *out)
{
	for (int i = 0; i < SEV__COUNT; i++) {
		if (strcmp(s, severity_names[i]) == 0) {
			*out = (enum severity)i;
			return 0;
		}
	}
	return -1;
}

struct policy_set *
policy_set_new(void)
{
	struct policy_set *ps = xcalloc(1, sizeof(*ps));

	ps->lim = &limits_default;
	return ps;
}

static void
profile_free(struct pprofile *p)
{
	free(p->parents);
	free(p->sel);
	free(p);
}

void
policy_set_free(struct policy_set *ps)
{
	if (ps == NULL)
		return;
	for (size_t i = 0; i < ps->nprofiles; i++)
		profile_free(ps->profiles[i]);
	free(ps->profiles);
	for (size_t i = 0; i < ps->nrules; i++) {
		free(ps->rules[i]->refs);
		free(ps->rules[i]->tags);
		free(ps->rules[i]);
	}
	free(ps->rules);
	free(ps->byid);
	for (size_t i = 0; i < ps->npacks; i++)
		free(ps->packs[i]);
	free(ps->packs);
	free(ps->vars);
	for (size_t i = 0; i < ps->ndocs; i++)
		ydoc_free(ps->docs[i]);
	free(ps->docs);
	strlist_release(&ps->dirs);
	free(ps);
}

/* ^[a-z0-9][a-z0-9._-]*$: pack, rule and profile ids. */
static bool
is_id(const char *s)
{
	if (!islower((unsigned char)s[0]) && !isdigit((unsigned char)s[0]))
		return false;
	for (; *s != '\0'; s++)
		if (!islower((unsigned char)*s) &&
		    !isdigit((unsigned char)*s) && strchr("._-", *s) == NULL)
			return false;
	return true;
}

/* [A-Za-z0-9_][A-Za-z0-9._:-]*: XCCDF ids (xccdf_org.ssgproject.content_rule_x)
 * and OVAL definition ids (oval:com.redhat.rhsa:def:20231234), allowed
 * in the packs xccdf.c and xccdf_oval.c build (policy_set_xccdf_ids);
 * an XCCDF 1.1 id is any NCName, and one may start with '_'. */
static bool
is_xccdf_id(const char *s)
{
	if (!isalnum((unsigned char)s[0]) && s[0] != '_')
		return false;
	for (; *s != '\0'; s++)
		if (!isalnum((unsigned char)*s) && strchr("._:-", *s) == NULL)
			return false;
	return true;
}

void
policy_set_xccdf_ids(struct policy_set *ps)
{
	ps->xccdf_ids = true;
}

/* ^[A-Za-z_][A-Za-z0-9_]*$: variable names. */
static bool
is_var_name(const char *s)
{
	if (!isalpha((unsigned char)s[0]) && s[0] != '_')
		return false;
	for (; *s != '\0'; s++)
		if (!isalnum((unsigned char)*s) && *s != '_')
			return false;
	return true;
}

/* "file:line:col" of AT, malloc'd, for "first defined at ..." texts. */
static char *
pos_str(const struct srcpos *at)
{
	return xasprintf("%s:%u:%u", at->file != NULL ? at->file : "?",
	    at->line, at->col);
}

/* Read optional string KEY of MAP into *OUT (left alone when absent). */
static void
read_str(struct loadctx *lc, const struct ynode *map, const char *key,
    const char **out, struct diag *d)
{
	const struct ynode *n = ynode_get(map, key);

	if (n != NULL && ynode_str(n, key, out, d) != 0)
		lc->bad = true;
}

/* Read the required id KEY of MAP (WHAT names MAP for messages). */
static const struct ynode *
read_id(struct loadctx *lc, const struct ynode *map, const char *key,
    const char *what, const char **out, struct diag *d)
{
	const struct ynode *n = ynode_get(map, key);

	*out = NULL;
	if (n == NULL) {
		diag_add(d, &map->at, "missing key \"%s\" in %s", key, what);
		lc->bad = true;
		return NULL;
	}
	if (ynode_str(n, key, out, d) != 0) {
		lc->bad = true;
		return NULL;
	}
	if (!is_id(*out) && !(lc->ps->xccdf_ids && is_xccdf_id(*out))) {
		diag_add(d, &n->at, "%s: expected an id matching "
		    "[a-z0-9][a-z0-9._-]*, got %s", key, ynode_show(n));
		lc->bad = true;
		*out = NULL;
		return NULL;
	}
	return n;
}

/* A scalar or a sequence of scalars: just check the shape. */
static void
check_strs(struct loadctx *lc, const struct ynode *n, const char *key,
    struct diag *d)
{
	const char **v = NULL;
	size_t nv;

	if (n == NULL)
		return;
	if (ynode_strs(n, key, &v, &nv, d) != 0)
		lc->bad = true;
	free(v);
}

const struct pvar *
policy_var_find(const struct policy_set *ps, const char *name)
{
	for (size_t i = 0; i < ps->nvars; i++)
		if (strcmp(ps->vars[i].name, name) == 0)
			return &ps->vars[i];
	return NULL;
}

/* Variables are one namespace across packs: a second declaration is fine
 * only when it agrees on the default. */
static void
var_declare(struct loadctx *lc, const struct ynode *k, const char *def,
    const char *desc, struct diag *d)
{
	struct policy_set *ps = lc->ps;
	const struct pvar *old = policy_var_find(ps, k->text);
	struct pvar *v;

	if (old != NULL) {
		if (strcmp(old->def, def) != 0) {
			char *where = pos_str(&old->at);
			char *name = diag_quote(k->text, 64);

			diag_add(d, &k->at, "variable %s already declared at "
			    "%s with a different default", name, where);
			free(name);
			free(where);
			lc->bad = true;
		}
		return;
	}
	xgrow((void **)&ps->vars, &ps->capvars, ps->nvars + 1,
	    sizeof(*ps->vars));
	v = &ps->vars[ps->nvars++];
	v->name = k->text;
	v->def = def;
	v->description = desc;
	v->at = k->at;
}

static void
var_parse(struct loadctx *lc, const struct ynode *k, const struct ynode *v,
    struct diag *d)
{
	const char *def = NULL;
	const char *desc = NULL;

	if (!is_var_name(k->text)) {
		diag_add(d, &k->at, "variables: expected a name matching "
		    "[A-Za-z_][A-Za-z0-9_]*, got %s", ynode_show(k));
		lc->bad = true;
		return;
	}
	if (ynode_is_map(v)) {
		if (ynode_check_keys(v, "variable", variable_keys, d) != 0)
			lc->bad = true;
		read_str(lc, v, "description", &desc, d);
		if (ynode_get(v, "default") == NULL) {
			diag_add(d, &v->at, "missing key \"default\" in "
			    "variable");
			lc->bad = true;
			return;
		}
		read_str(lc, v, "default", &def, d);
	} else if (ynode_str(v, k->text, &def, d) != 0)
		lc->bad = true;
	if (def != NULL)
		var_declare(lc, k, def, desc, d);
}

static void
vars_parse(struct loadctx *lc, const struct ynode *n, struct diag *d)
{
	if (!ynode_is_map(n)) {
		diag_add(d, &n->at, "variables: expected a mapping, got %s",
		    ynode_show(n));
		lc->bad = true;
		return;
	}
	for (size_t i = 0; i < n->len; i++)
		var_parse(lc, n->keys[i], n->items[i], d);
}

/* `references: {cis: "5.1.20", stig: [V-1, V-2]}` -> flat pairs. */
static void
refs_parse(struct loadctx *lc, struct prule *r, const struct ynode *n,
    struct diag *d)
{
	size_t cap = 0;

	if (!ynode_is_map(n)) {
		diag_add(d, &n->at, "references: expected a mapping, got %s",
		    ynode_show(n));
		lc->bad = true;
		return;
	}
	for (size_t i = 0; i < n->len; i++) {
		char *key = xasprintf("references.%s", n->keys[i]->text);
		const char **v = NULL;
		size_t nv = 0;

		if (ynode_strs(n->items[i], key, &v, &nv, d) != 0)
			lc->bad = true;
		for (size_t j = 0; j < nv; j++) {
			xgrow((void **)&r->refs, &cap, r->pub.nrefs + 1,
			    sizeof(*r->refs));
			r->refs[r->pub.nrefs].key = n->keys[i]->text;
			r->refs[r->pub.nrefs++].value = v[j];
		}
		free(v);
		free(key);
	}
	r->pub.refs = r->refs;
}

static void
rule_severity(struct loadctx *lc, struct prule *r, const struct ynode *map,
    struct diag *d)
{
	const struct ynode *n = ynode_get(map, "severity");

	if (n == NULL) {
		diag_add(d, &map->at, "missing key \"severity\" in rule");
		lc->bad = true;
		return;
	}
	if (ynode_is_scalar(n) &&
	    severity_parse(n->text, &r->pub.severity) == 0)
		return;
	diag_add(d, &n->at, "severity: expected info, low, medium, high or "
	    "critical, got %s", ynode_show(n));
	lc->bad = true;
}

/* `check:` or `manual:`, exactly one; shapes of check trees. */
static void
rule_checks(struct loadctx *lc, struct prule *r, const struct ynode *map,
    struct diag *d)
{
	const struct ynode *check = ynode_get(map, "check");
	const struct ynode *manual = ynode_get(map, "manual");
	const struct ynode *applies = ynode_get(map, "applies_if");

	if (check != NULL && manual != NULL) {
		diag_add(d, &manual->at, "manual: a rule has either check or "
		    "manual, not both");
		lc->bad = true;
	} else if (check == NULL && manual == NULL) {
		diag_add(d, &map->at, "missing key \"check\" (or \"manual\") "
		    "in rule");
		lc->bad = true;
	}
	read_str(lc, map, "manual", &r->pub.manual, d);
	if (check != NULL) {
		r->pub.check = check;
		if (policy_check_tree_shape(check, "check", 1, lc->lim, d) != 0)
			lc->bad = true;
	}
	if (applies != NULL) {
		r->pub.applies_if = applies;
		if (policy_check_tree_shape(applies, "applies_if", 1, lc->lim,
		    d) != 0)
			lc->bad = true;
	}
}

/* FNV-1a: ids are short ASCII; no hostile-collision concern, since a
 * policy is the user's own input and its size is capped. */
static size_t
id_hash(const char *s)
{
	uint64_t h = 14695981039346656037u;

	for (; *s != '\0'; s++) {
		h ^= (unsigned char)*s;
		h *= 1099511628211u;
	}
	return (size_t)h;
}

/* The slot of ID in PS->byid: where it is, or the empty one to put it. */
static size_t
byid_slot(const struct policy_set *ps, const char *id)
{
	size_t mask = ps->byidcap - 1;
	size_t i = id_hash(id) & mask;

	while (ps->byid[i] != NULL && strcmp(ps->byid[i]->pub.id, id) != 0)
		i = (i + 1) & mask;
	return i;
}

static const struct prule *
rule_find(const struct policy_set *ps, const char *id)
{
	if (ps->byidcap == 0)
		return NULL;
	return ps->byid[byid_slot(ps, id)];
}

/* Index R (its id is not there yet), growing the table past half full. */
static void
byid_add(struct policy_set *ps, struct prule *r)
{
	if (2 * (ps->nrules + 1) > ps->byidcap) {
		struct prule **old = ps->byid;
		size_t oldcap = ps->byidcap;

		ps->byidcap = oldcap != 0 ? 2 * oldcap : 64;
		ps->byid = xcalloc(ps->byidcap, sizeof(*ps->byid));
		for (size_t i = 0; i < oldcap; i++)
			if (old[i] != NULL)
				ps->byid[byid_slot(ps, old[i]->pub.id)] =
				    old[i];
		free(old);
	}
	ps->byid[byid_slot(ps, r->pub.id)] = r;
}

static void
rule_parse(struct loadctx *lc, const struct ynode *map, struct diag *d)
{
	struct policy_set *ps = lc->ps;
	const struct ynode *idn;
	const struct ynode *n;
	const struct prule *old;
	struct prule *r;
	size_t ntags = 0;

	if (ynode_check_keys(map, "rule", rule_keys, d) != 0) {
		lc->bad = true;
		if (!ynode_is_map(map))
			return;
	}
	r = xcalloc(1, sizeof(*r));
	r->pub.at = map->at;
	r->pub.pack = lc->pack;
	idn = read_id(lc, map, "id", "rule", &r->pub.id, d);
	if (ynode_get(map, "title") == NULL) {
		diag_add(d, &map->at, "missing key \"title\" in rule");
		lc->bad = true;
	}
	read_str(lc, map, "title", &r->pub.title, d);
	rule_severity(lc, r, map, d);
	read_str(lc, map, "description", &r->pub.description, d);
	read_str(lc, map, "rationale", &r->pub.rationale, d);
	read_str(lc, map, "remediation", &r->pub.remediation, d);
	read_str(lc, map, "notes", &r->pub.notes, d);
	if ((n = ynode_get(map, "references")) != NULL)
		refs_parse(lc, r, n, d);
	if ((n = ynode_get(map, "tags")) != NULL) {
		if (ynode_strs(n, "tags", &r->tags, &ntags, d) != 0)
			lc->bad = true;
		r->pub.tags = r->tags;
		r->pub.ntags = ntags;
	}
	rule_checks(lc, r, map, d);
	old = idn != NULL ? rule_find(ps, r->pub.id) : NULL;
	if (old != NULL) {
		char *where = pos_str(&old->pub.at);
		char *id = diag_quote(r->pub.id, 64);

		diag_add(d, &idn->at, "duplicate rule id %s (first defined at "
		    "%s)", id, where);
		free(id);
		free(where);
		lc->bad = true;
	}
	if (idn == NULL || old != NULL || lc->pack == NULL) {
		free(r->refs);
		free(r->tags);
		free(r);
		return;
	}
	r->pub.at = idn->at;
	byid_add(ps, r);
	xgrow((void **)&ps->rules, &ps->caprules, ps->nrules + 1,
	    sizeof(*ps->rules));
	r->index = ps->nrules;
	ps->rules[ps->nrules++] = r;
}

static void
profile_vars_parse(struct loadctx *lc, const struct ynode *n, struct diag *d)
{
	if (!ynode_is_map(n)) {
		diag_add(d, &n->at, "variables: expected a mapping, got %s",
		    ynode_show(n));
		lc->bad = true;
		return;
	}
	for (size_t i = 0; i < n->len; i++) {
		const char *v;

		if (ynode_str(n->items[i], n->keys[i]->text, &v, d) != 0)
			lc->bad = true;
	}
}

static void
profile_parse(struct loadctx *lc, const struct ynode *map, struct diag *d)
{
	struct policy_set *ps = lc->ps;
	const struct ynode *idn;
	struct pprofile *p;

	if (ynode_check_keys(map, "profile", profile_keys, d) != 0) {
		lc->bad = true;
		if (!ynode_is_map(map))
			return;
	}
	p = xcalloc(1, sizeof(*p));
	p->pub.pack = lc->pack;
	idn = read_id(lc, map, "id", "profile", &p->pub.id, d);
	read_str(lc, map, "title", &p->pub.title, d);
	read_str(lc, map, "description", &p->pub.description, d);
	p->extends = ynode_get(map, "extends");
	p->select = ynode_get(map, "select");
	p->exclude = ynode_get(map, "exclude");
	p->vars = ynode_get(map, "variables");
	check_strs(lc, p->extends, "extends", d);
	check_strs(lc, p->select, "select", d);
	check_strs(lc, p->exclude, "exclude", d);
	if (p->vars != NULL)
		profile_vars_parse(lc, p->vars, d);
	if (idn == NULL || lc->pack == NULL) {
		profile_free(p);
		return;
	}
	p->pub.at = idn->at;
	xgrow((void **)&ps->profiles, &ps->capprofiles, ps->nprofiles + 1,
	    sizeof(*ps->profiles));
	ps->profiles[ps->nprofiles++] = p;
}

/* Parse each item of the sequence under KEY with FN. */
static void
seq_parse(struct loadctx *lc, const struct ynode *root, const char *key,
    void (*fn)(struct loadctx *, const struct ynode *, struct diag *),
    struct diag *d)
{
	const struct ynode *n = ynode_get(root, key);

	if (n == NULL)
		return;
	if (!ynode_is_seq(n)) {
		diag_add(d, &n->at, "%s: expected a sequence, got %s", key,
		    ynode_show(n));
		lc->bad = true;
		return;
	}
	for (size_t i = 0; i < n->len; i++)
		fn(lc, n->items[i], d);
}

static struct pack *
pack_find(const struct policy_set *ps, const char *id)
{
	for (size_t i = 0; i < ps->npacks; i++)
		if (strcmp(ps->packs[i]->id, id) == 0)
			return ps->packs[i];
	return NULL;
}

/* `policy:` names the pack; every file of one load must agree. */
static void
pack_header(struct loadctx *lc, const struct ynode *root, struct diag *d)
{
	struct policy_set *ps = lc->ps;
	const struct ynode *idn;
	const struct pack *old;
	const char *id;
	char *where;

	idn = read_id(lc, root, "policy", "policy file", &id, d);
	if (idn == NULL)
		return;
	if (lc->pack != NULL) {
		if (strcmp(lc->pack->id, id) == 0)
			return;
		where = pos_str(&lc->pack->at);
		diag_add(d, &idn->at, "policy: %s differs from \"%s\" declared "
		    "at %s (all files of a pack share one id)",
		    ynode_show(idn), lc->pack->id, where);
		free(where);
		lc->bad = true;
		return;
	}
	if ((old = pack_find(ps, id)) != NULL) {
		where = pos_str(&old->at);
		diag_add(d, &idn->at, "policy %s already loaded (first defined "
		    "at %s)", ynode_show(idn), where);
		free(where);
		lc->bad = true;
		return;
	}
	lc->pack = xcalloc(1, sizeof(*lc->pack));
	lc->pack->id = id;
	lc->pack->at = idn->at;
	xgrow((void **)&ps->packs, &ps->cappacks, ps->npacks + 1,
	    sizeof(*ps->packs));
	ps->packs[ps->npacks++] = lc->pack;
}

/* The items of a scalar-or-sequence node N as an array (*ONE holds N when
 * it is a scalar). Returns the count; 0 for NULL. */
static size_t
node_items(const struct ynode *n, const struct ynode *const **v,
    const struct ynode **one)
{
	if (n == NULL)
		return 0;
	if (ynode_is_seq(n)) {
		*v = (const struct ynode *const *)n->items;
		return n->len;
	}
	*one = n;
	*v = one;
	return 1;
}

/* `requires:` a pack id or a list of them: packs whose rules, profiles
 * or variables this one uses; loaded from beside it when missing. */
static void
requires_parse(struct loadctx *lc, const struct ynode *n, struct diag *d)
{
	const struct ynode *const *v = NULL;
	const struct ynode *one = NULL;
	size_t k;

	if (!ynode_is_seq(n) && !ynode_is_scalar(n)) {
		diag_add(d, &n->at, "requires: expected a pack id or a list of "
		    "them, got %s", ynode_show(n));
		lc->bad = true;
		return;
	}
	k = node_items(n, &v, &one);
	for (size_t i = 0; i < k; i++) {
		const char *id = NULL;

		if (ynode_str(v[i], "requires", &id, d) != 0 || !is_id(id)) {
			if (id != NULL && !is_id(id))
				diag_add(d, &v[i]->at, "requires: expected a "
				    "pack id, got %s", ynode_show(v[i]));
			lc->bad = true;
			continue;
		}
		xgrow((void **)&lc->req, &lc->capreq, lc->nreq + 1,
		    sizeof(*lc->req));
		lc->req[lc->nreq++] = v[i];
	}
}

static void
file_parse(struct loadctx *lc, const struct ynode *root, struct diag *d)
{
	const struct ynode *n;

	if (ynode_check_keys(root, "policy file", file_keys, d) != 0) {
		lc->bad = true;
		if (!ynode_is_map(root))
			return;
	}
	pack_header(lc, root, d);
	if (lc->pack != NULL) {
		/* The first file that says wins; usually there is one. */
		if (lc->pack->version == NULL)
			read_str(lc, root, "version", &lc->pack->version, d);
		if (lc->pack->title == NULL)
			read_str(lc, root, "title", &lc->pack->title, d);
		if (lc->pack->benchmark == NULL)
			read_str(lc, root, "benchmark", &lc->pack->benchmark,
			    d);
		if (lc->pack->description == NULL)
			read_str(lc, root, "description",
			    &lc->pack->description, d);
	}
	if ((n = ynode_get(root, "requires")) != NULL)
		requires_parse(lc, n, d);
	if ((n = ynode_get(root, "variables")) != NULL)
		vars_parse(lc, n, d);
	seq_parse(lc, root, "rules", rule_parse, d);
	seq_parse(lc, root, "profiles", profile_parse, d);
}

/* The errno's text with a lower-case first letter: it follows WHAT. */
static void
report_errno(struct diag *d, const char *path, const char *what, int err)
{
	struct srcpos at = { path, 0, 0 };
	char *msg = xstrdup(diag_errno(err));

	msg[0] = (char)tolower((unsigned char)msg[0]);
	diag_add(d, &at, "%s: %s", what, msg);
	free(msg);
}

static bool
is_yaml_name(const char *name)
{
	size_t n = strlen(name);

	return (n > 5 && strcmp(name + n - 5, ".yaml") == 0) ||
	    (n > 4 && strcmp(name + n - 4, ".yml") == 0);
}

/* 'd' for a real folder, 'f' for a YAML file (a symlink to one counts),
 * 0 for anything else (a linked folder could loop), -1 after reporting. */
static int
entry_kind(const char *path, const char *name, struct diag *d)
{
	enum hostfile_kind k = hostfile_kind(path, false);

	if (k == HOSTFILE_NONE) {
		report_errno(d, path, "cannot read", errno);
		return -1;
	}
	if (k == HOSTFILE_DIR)
		return 'd';
	if (!is_yaml_name(name))
		return 0;
	if (k == HOSTFILE_LINK &&
	    (k = hostfile_kind(path, true)) == HOSTFILE_NONE) {
		report_errno(d, path, "cannot read", errno);
		return -1;
	}
	return k == HOSTFILE_REG ? 'f' : 0;
}

/* Collect *.yaml and *.yml under DIR (dot files skipped), bounded by
 * lim->walk_depth levels and lim->glob_max files. Symlinks are followed
 * only to YAML files: a linked folder could loop. */
static int
collect(const char *dir, unsigned depth, struct strlist *out,
    const struct limits *lim, struct diag *d)
{
	struct srcpos at = { dir, 0, 0 };
	struct hostfile_dir *dp;
	const char *name;
	int rc = 0;

	if (depth > lim->walk_depth) {
		diag_add(d, &at, "folders nested deeper than %u",
		    lim->walk_depth);
		return -1;
	}
	if ((dp = hostfile_opendir(dir)) == NULL) {
		report_errno(d, dir, "cannot open", errno);
		return -1;
	}
	while (rc == 0 && (name = hostfile_readdir(dp)) != NULL) {
		char *path;
		int kind;

		if (name[0] == '.')
			continue;
		path = path_join(dir, name);
		kind = entry_kind(path, name, d);
		if (kind < 0)
			rc = -1;
		else if (kind == 'd')
			rc = collect(path, depth + 1, out, lim, d);
		else if (kind == 'f') {
			strlist_adopt(out, path);
			path = NULL;
			if (out->n > lim->glob_max) {
				diag_add(d, &at, "more than %zu policy files",
				    lim->glob_max);
				rc = -1;
			}
		}
		free(path);
	}
	hostfile_closedir(dp);
	return rc;
}

/* Keep DOC (NULL: it did not parse) in the set and read its keys. */
static void
load_doc(struct loadctx *lc, struct ydoc *doc, struct diag *d)
{
	struct policy_set *ps = lc->ps;

	if (doc == NULL) {
		lc->bad = true;
		return;
	}
	xgrow((void **)&ps->docs, &ps->capdocs, ps->ndocs + 1,
	    sizeof(*ps->docs));
	ps->docs[ps->ndocs++] = doc;
	file_parse(lc, ydoc_root(doc), d);
}

static void
load_file(struct loadctx *lc, const char *path, struct diag *d)
{
	load_doc(lc, ydoc_parse_file(path, lc->lim, d), d);
}

static void
load_dir(struct loadctx *lc, const char *path, struct diag *d)
{
	struct srcpos at = { path, 0, 0 };
	struct strlist files = STRLIST_INIT;

	if (collect(path, 0, &files, lc->lim, d) != 0)
		lc->bad = true;
	else if (files.n == 0) {
		diag_add(d, &at, "no policy files (*.yaml, *.yml)");
		lc->bad = true;
	} else {
		strlist_sort(&files);
		for (size_t i = 0; i < files.n; i++)
			load_file(lc, files.v[i], d);
	}
	strlist_release(&files);
}

/* Load the packs LC's files require that are not loaded yet, each from
 * the folder of that name beside REAL (the realpath of a pack folder or
 * file; NULL when it has none). */
static void
load_required(struct loadctx *lc, const char *real, struct diag *d)
{
	const char *slash = real != NULL ? strrchr(real, '/') : NULL;

	for (size_t i = 0; i < lc->nreq; i++) {
		const struct ynode *n = lc->req[i];
		char *dir;

		if (pack_find(lc->ps, n->text) != NULL)
			continue;
		dir = slash != NULL ? xasprintf("%.*s/%s", (int)(slash - real),
		    real, n->text) : NULL;
		if (dir != NULL && hostfile_kind(dir, true) == HOSTFILE_DIR) {
			if (policy_load_path(lc->ps, dir, lc->lim, d) != 0)
				lc->bad = true;
			else if (pack_find(lc->ps, n->text) == NULL) {
				diag_add(d, &n->at, "requires: %s holds no "
				    "pack \"%s\"", dir, n->text);
				lc->bad = true;
			}
		} else {
			diag_add(d, &n->at, "requires: pack \"%s\" is not "
			    "loaded and there is no folder %s beside this one; "
			    "load it with --policy", n->text, n->text);
			lc->bad = true;
		}
		free(dir);
	}
}

int
policy_load_path(struct policy_set *ps, const char *path,
    const struct limits *lim, struct diag *d)
{
	struct loadctx lc = { ps, NULL, lim, false, NULL, 0, 0 };
	char *real = hostfile_realpath(path);
	enum hostfile_kind k = hostfile_kind(path, true);

	ps->lim = lim;
	if (k == HOSTFILE_NONE) {
		report_errno(d, path, "cannot read", errno);
		lc.bad = true;
	} else if (k == HOSTFILE_DIR) {
		/* already loaded, e.g. as what another pack requires */
		if (real != NULL && strlist_has(&ps->dirs, real)) {
			free(real);
			return 0;
		}
		if (real != NULL)
			strlist_add(&ps->dirs, real);
		load_dir(&lc, path, d);
	} else
		load_file(&lc, path, d);
	if (!lc.bad)
		load_required(&lc, real, d);
	free(real);
	free(lc.req);
	if (lc.bad)
		ps->load_failed = true;
	return lc.bad ? -1 : 0;
}

/* Load DOC (NULL: it did not parse), already made: whatever it requires
 * must be loaded already. */
static int
load_made(struct policy_set *ps, struct ydoc *doc, bool bad,
    const struct limits *lim, struct diag *d)
{
	struct loadctx lc = { ps, NULL, lim, bad, NULL, 0, 0 };

	ps->lim = lim;
	if (!bad)
		load_doc(&lc, doc, d);
	/* a string has no folder beside it: what it requires must be
	 * loaded already */
	for (size_t i = 0; !lc.bad && i < lc.nreq; i++)
		if (pack_find(ps, lc.req[i]->text) == NULL) {
			diag_add(d, &lc.req[i]->at, "requires: pack \"%s\" is "
			    "not loaded", lc.req[i]->text);
			lc.bad = true;
		}
	free(lc.req);
	if (lc.bad)
		ps->load_failed = true;
	return lc.bad ? -1 : 0;
}

int
policy_load_string(struct policy_set *ps, const char *name, const char *buf,
    size_t len, const struct limits *lim, struct diag *d)
{
	if (len > lim->policy_bytes) {
		struct srcpos at = { name, 0, 0 };

		diag_add(d, &at, "larger than %zu bytes", lim->policy_bytes);
		return load_made(ps, NULL, true, lim, d);
	}
	return load_made(ps, ydoc_parse_string(name, buf, len, lim, d), false,
	    lim, d);
}

int
policy_load_ydoc(struct policy_set *ps, struct ydoc *doc,
    const struct limits *lim, struct diag *d)
{
	return load_made(ps, doc, false, lim, d);
}

static void
profile_push(struct pprofile ***v, size_t *n, size_t *cap,
    struct pprofile *p)
{
	xgrow((void **)v, cap, *n + 1, sizeof(**v));
	(*v)[(*n)++] = p;
}

/* Put each pack's implicit profile (its id, all its rules) in front of
 * the pack's own profiles, unless the pack defines one with its id. */
static void
profiles_build(struct policy_set *ps)
{
	struct pprofile **v = NULL;
	size_t n = 0;
	size_t cap = 0;

	for (size_t i = 0; i < ps->npacks; i++) {
		const struct pack *pk = ps->packs[i];
		struct pprofile *p;
		bool own = false;

		for (size_t j = 0; j < ps->nprofiles; j++)
			if (ps->profiles[j]->pub.pack == pk &&
			    strcmp(ps->profiles[j]->pub.id, pk->id) == 0)
				own = true;
		if (!own) {
			p = xcalloc(1, sizeof(*p));
			p->pub.id = pk->id;
			p->pub.title = pk->title;
			p->pub.description = pk->description;
			p->pub.pack = pk;
			p->pub.at = pk->at;
			p->implicit = true;
			profile_push(&v, &n, &cap, p);
		}
		for (size_t j = 0; j < ps->nprofiles; j++)
			if (ps->profiles[j]->pub.pack == pk)
				profile_push(&v, &n, &cap, ps->profiles[j]);
	}
	free(ps->profiles);
	ps->profiles = v;
	ps->nprofiles = n;
	ps->capprofiles = cap;
}

static int
profiles_unique(struct policy_set *ps, struct diag *d)
{
	int rc = 0;

	for (size_t i = 0; i < ps->nprofiles; i++) {
		const struct profile *p = &ps->profiles[i]->pub;

		for (size_t j = 0; j < i; j++) {
			const struct profile *q = &ps->profiles[j]->pub;
			char *where;
			char *id;

			if (strcmp(p->id, q->id) != 0)
				continue;
			where = pos_str(&q->at);
			id = diag_quote(p->id, 64);
			diag_add(d, &p->at, "duplicate profile id %s (first "
			    "defined at %s)", id, where);
			free(id);
			free(where);
			rc = -1;
			break;
		}
	}
	return rc;
}

static int
extends_resolve(struct policy_set *ps, struct pprofile *p, struct diag *d)
{
	const struct ynode *const *v;
	const struct ynode *one;
	size_t n = node_items(p->extends, &v, &one);
	int rc = 0;

	p->parents = n > 0 ? xcalloc(n, sizeof(*p->parents)) : NULL;
	for (size_t i = 0; i < n; i++) {
		const struct profile *to = policy_find_profile(ps, v[i]->text);

		if (to == NULL) {
			diag_add(d, &v[i]->at, "extends: unknown profile %s",
			    ynode_show(v[i]));
			rc = -1;
			continue;
		}
		p->parents[p->nparents].to = (struct pprofile *)to;
		p->parents[p->nparents++].at = v[i]->at;
	}
	return rc;
}

/* Depth-first search for `extends` cycles; STACK holds the open path. */
static int
cycles_dfs(struct pprofile *p, struct pprofile **stack, size_t depth,
    const struct limits *lim, struct diag *d)
{
	int rc = 0;

	p->mark = 1;
	stack[depth] = p;
	for (size_t i = 0; i < p->nparents; i++) {
		struct pprofile *to = p->parents[i].to;
		struct strbuf b = STRBUF_INIT;
		size_t k = 0;

		if (to->mark == 0 && depth + 1 >= lim->yaml_depth) {
			diag_add(d, &p->parents[i].at, "extends: more than %u "
			    "levels", lim->yaml_depth);
			rc = -1;
		} else if (to->mark == 0) {
			if (cycles_dfs(to, stack, depth + 1, lim, d) != 0)
				rc = -1;
		} else if (to->mark == 1) {
			while (stack[k] != to)
				k++;
			for (; k <= depth; k++)
				(void)strbuf_addf(&b, "%s -> ",
				    stack[k]->pub.id);
			(void)strbuf_addstr(&b, to->pub.id);
			diag_add(d, &p->parents[i].at, "cyclic extends: %s",
			    b.buf);
			strbuf_release(&b);
			rc = -1;
		}
	}
	p->mark = 2;
	return rc;
}

static int
cycles_find(struct policy_set *ps, struct diag *d)
{
	struct pprofile **stack = xcalloc(ps->lim->yaml_depth + 1,
	    sizeof(*stack));
	int rc = 0;

	for (size_t i = 0; i < ps->nprofiles; i++)
		if (ps->profiles[i]->mark == 0 &&
		    cycles_dfs(ps->profiles[i], stack, 0, ps->lim, d) != 0)
			rc = -1;
	free(stack);
	return rc;
}

static bool
rule_matches(const struct rule *r, const char *pat)
{
	if (strncmp(pat, "tag:", 4) == 0) {
		for (size_t i = 0; i < r->ntags; i++)
			if (glob_match(pat + 4, r->tags[i], false))
				return true;
		return false;
	}
	return glob_match(pat, r->id, false);
}

/* Set SEL[i] to VALUE for each rule pattern N matches: "GLOB" or
 * "tag:NAME" over P's pack, or "PACK/GLOB", "PACK/tag:NAME". */
static int
pattern_apply(struct policy_set *ps, struct pprofile *p,
    const struct ynode *n, const char *key, unsigned char value,
    struct diag *d)
{
	const struct pack *pk = p->pub.pack;
	const char *pat = n->text;
	const char *slash = strchr(pat, '/');
	size_t matched = 0;

	if (slash != NULL) {
		char *id = xstrndup(pat, (size_t)(slash - pat));

		pk = pack_find(ps, id);
		free(id);
		pat = slash + 1;
		if (pk == NULL) {
			diag_add(d, &n->at, "%s: %s names an unknown policy",
			    key, ynode_show(n));
			return -1;
		}
	}
	if (strpbrk(pat, "*?[\\") == NULL && strncmp(pat, "tag:", 4) != 0) {
		/* a plain id: one lookup, not a pass over every rule, so a
		 * profile listing every rule of a big pack stays linear */
		const struct prule *r = rule_find(ps, pat);

		if (r != NULL && r->pub.pack == pk) {
			matched++;
			p->sel[r->index] = value;
		}
	} else {
		for (size_t i = 0; i < ps->nrules; i++) {
			if (ps->rules[i]->pub.pack != pk ||
			    !rule_matches(&ps->rules[i]->pub, pat))
				continue;
			matched++;
			p->sel[i] = value;
		}
	}
	if (matched > 0)
		return 0;
	diag_add(d, &n->at, "%s: %s matches no rule", key, ynode_show(n));
	return -1;
}

static int
patterns_apply(struct policy_set *ps, struct pprofile *p,
    const struct ynode *list, const char *key, unsigned char value,
    struct diag *d)
{
	const struct ynode *const *v;
	const struct ynode *one;
	size_t n = node_items(list, &v, &one);
	int rc = 0;

	for (size_t i = 0; i < n; i++)
		if (pattern_apply(ps, p, v[i], key, value, d) != 0)
			rc = -1;
	return rc;
}

/* P's selection: inherited, then `select`, then `exclude`. Without
 * `select` and `extends`, a profile starts from all of its pack's rules. */
static int
select_compute(struct policy_set *ps, struct pprofile *p, struct diag *d)
{
	int rc = 0;

	if (p->sel != NULL)
		return 0;
	p->sel = xcalloc(ps->nrules + 1, 1);
	for (size_t i = 0; i < p->nparents; i++) {
		struct pprofile *q = p->parents[i].to;

		if (select_compute(ps, q, d) != 0)
			rc = -1;
		for (size_t j = 0; j < ps->nrules; j++)
			p->sel[j] |= q->sel[j];
	}
	if (p->implicit || (p->select == NULL && p->nparents == 0))
		for (size_t j = 0; j < ps->nrules; j++)
			if (ps->rules[j]->pub.pack == p->pub.pack)
				p->sel[j] = 1;
	if (patterns_apply(ps, p, p->select, "select", 1, d) != 0)
		rc = -1;
	if (patterns_apply(ps, p, p->exclude, "exclude", 0, d) != 0)
		rc = -1;
	return rc;
}

static int
profile_vars_check(const struct policy_set *ps, struct diag *d)
{
	int rc = 0;

	for (size_t i = 0; i < ps->nprofiles; i++) {
		const struct ynode *vars = ps->profiles[i]->vars;

		for (size_t j = 0; vars != NULL && j < vars->len; j++) {
			char *name;

			if (policy_var_find(ps, vars->keys[j]->text) != NULL)
				continue;
			name = diag_quote(vars->keys[j]->text, 64);
			diag_add(d, &vars->keys[j]->at,
			    "unknown variable %s", name);
			free(name);
			rc = -1;
		}
	}
	return rc;
}

/* Expand every check with the defaults, so an undeclared or malformed
 * `{{ var.NAME }}` is found whatever profile is compiled later. */
static int
rule_vars_check(const struct policy_set *ps, struct diag *d)
{
	struct varenv env;
	int rc = 0;

	policy_varenv_defaults(ps, ps->lim, &env);
	for (size_t i = 0; i < ps->nrules; i++) {
		const struct rule *r = &ps->rules[i]->pub;
		const struct ynode *trees[2] = { r->check, r->applies_if };

		for (size_t k = 0; k < 2; k++) {
			struct ynode *copy;

			if (trees[k] == NULL)
				continue;
			copy = policy_expand_tree(trees[k], &env, d);
			if (copy == NULL)
				rc = -1;
			ynode_free(copy);
		}
	}
	policy_varenv_release(&env);
	return rc;
}

int
policy_set_check(struct policy_set *ps, struct diag *d)
{
	int rc = 0;

	if (ps->check_done)
		return ps->check_rc;
	ps->check_done = true;
	ps->check_rc = -1;
	if (ps->load_failed)
		return -1;
	profiles_build(ps);
	if (profiles_unique(ps, d) != 0)
		rc = -1;
	for (size_t i = 0; i < ps->nprofiles; i++)
		if (extends_resolve(ps, ps->profiles[i], d) != 0)
			rc = -1;
	if (cycles_find(ps, d) != 0)
		rc = -1;
	else
		for (size_t i = 0; i < ps->nprofiles; i++)
			if (select_compute(ps, ps->profiles[i], d) != 0)
				rc = -1;
	if (profile_vars_check(ps, d) != 0)
		rc = -1;
	if (rule_vars_check(ps, d) != 0)
		rc = -1;
	ps->check_rc = rc;
	return rc;
}

size_t
policy_rule_count(const struct policy_set *ps)
{
	return ps->nrules;
}

const struct rule *
policy_rule(const struct policy_set *ps, size_t i)
{
	return i < ps->nrules ? &ps->rules[i]->pub : NULL;
}

size_t
policy_profile_count(const struct policy_set *ps)
{
	return ps->nprofiles;
}

const struct profile *
policy_profile(const struct policy_set *ps, size_t i)
{
	return i < ps->nprofiles ? &ps->profiles[i]->pub : NULL;
}

const struct profile *
policy_find_profile(const struct policy_set *ps, const char *id)
{
	for (size_t i = 0; i < ps->nprofiles; i++)
		if (strcmp(ps->profiles[i]->pub.id, id) == 0)
			return &ps->profiles[i]->pub;
	return NULL;
}

char *
policy_unknown_profile(const struct policy_set *ps, const char *id)
{
	const char **ids = xcalloc(ps->nprofiles + 1, sizeof(*ids));
	const char *hint;
	char *q = diag_quote(id, 64);
	char *msg;

	for (size_t i = 0; i < ps->nprofiles; i++)
		ids[i] = ps->profiles[i]->pub.id;
	hint = nearest_word(id, ids, ps->nprofiles);
	if (hint != NULL)
		msg = xasprintf("unknown profile %s (did you mean \"%s\"?)", q,
		    hint);
	else
		msg = xasprintf("unknown profile %s (`assay profiles` lists "
		    "them)", q);
	free(ids);
	free(q);
	return msg;
}
