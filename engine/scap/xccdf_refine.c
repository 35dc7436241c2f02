/*
 * xccdf_refine.c -- refine-rule in the benchmark's own Profiles and in an
 * XCCDF tailoring file (xccdf.h): what a scan of a profile does with the
 * severity, weight and role its Profile (after the Profiles it extends,
 * then the tailoring's Profile, which wins attribute by attribute, as in
 * OpenSCAP 1.3.7's xccdf_policy_resolve.c) sets on a Rule or Group. One
 * path whatever a refine-rule's origin: the scan (xccdf_plan_refine_over)
 * and the XCCDF report read the same merged set.
 *
 * Followed: NIST IR 7275r4 (XCCDF 1.2) section 6.5.3 (refine-rule:
 * idref, weight, severity, role, selector; a Profile's refinements
 * override those of the Profile it extends, attribute by attribute) and
 * section 7.3 (weights in scoring; role="unscored" is checked and
 * reported but not scored, role="unchecked" is not checked), and what
 * `oscap xccdf eval --profile` 1.3.7 does with them:
 *
 *   severity     the rule-result's severity and every report's; assay's
 *                gating (--fail-on) follows it (unknown is info)
 *   weight       the rule-result's weight and, unlike OpenSCAP 1.3.7
 *                (which writes the refined weight but scores with the
 *                Rule's own), the scores (docs/openscap.md)
 *   role         unchecked: the rule is notchecked, not run; unscored:
 *                run and reported with its result (OpenSCAP writes
 *                informational), left out of every score
 *   selector     which of the Rule's checks runs (xccdf_check_pick):
 *                those whose @selector is the refined one, else (none
 *                has it) those without a @selector, as OpenSCAP 1.3.7's
 *                _xccdf_policy_rule_get_applicable_check; without a
 *                refined selector, those without a @selector. The
 *                first OVAL one of them, or none (manual)
 *
 * A value the XCCDF 1.2 schema refuses (a severity or role outside its
 * enumeration, a weight that is not a non-negative decimal) is an error
 * naming the file and line, as for a tailoring file.
 */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/hash.h>
#include <libxml/tree.h>

#include "assay/oval.h"
#include "assay/policy.h"
#include "assay/scap_xml.h"
#include "assay/util.h"
#include "assay/xccdf.h"
#include "assay/xmem.h"

#define OVAL_SYSTEM	"http://oval.mitre.org/XMLSchema/oval-definitions-5"

struct xccdf_refines {
	xmlNodePtr	 bench;
	xmlHashTablePtr	 by_id;		/* idref -> struct xccdf_refine */
};

struct xccdf_refines *
xccdf_refines_new(void *bench)
{
	struct xccdf_refines *rf = xcalloc(1, sizeof(*rf));

	rf->bench = bench;
	if ((rf->by_id = xmlHashCreate(64)) == NULL)
		xmem_oom();
	return rf;
}

static void
free_entry(void *p, const xmlChar *name)
{
	struct xccdf_refine *e = p;

	(void)name;
	free(e->selector);
	free(e);
}

void
xccdf_refines_free(struct xccdf_refines *rf)
{
	if (rf == NULL)
		return;
	xmlHashFree(rf->by_id, free_entry);
	free(rf);
}

const struct xccdf_refine *
xccdf_refines_get(const struct xccdf_refines *rf, const char *id)
{
	return rf != NULL && id != NULL ? xmlHashLookup(rf->by_id,
	    (const xmlChar *)id) : NULL;
}

static xmlNodePtr
profile_find(xmlNodePtr bench, const char *id)
{
	for (xmlNodePtr c = bench->children; c != NULL; c = c->next)
		if (xis_xccdf(c, "Profile") && xattr(c, "id") != NULL &&
		    strcmp(xattr(c, "id"), id) == 0)
			return c;
	return NULL;
}

/* The member of SET equal to S (so an entry borrows no document), or
 * NULL. */
static const char *
is_one_of(const char *s, const char *const *set)
{
	for (; *set != NULL; set++)
		if (strcmp(s, *set) == 0)
			return *set;
	return NULL;
}

static struct xccdf_refine *
entry_of(struct xccdf_refines *rf, const char *id)
{
	struct xccdf_refine *e = xmlHashLookup(rf->by_id, (const xmlChar *)id);

	if (e == NULL) {
		e = xcalloc(1, sizeof(*e));
		e->weight = -1;
		if (xmlHashAddEntry(rf->by_id, (const xmlChar *)id, e) != 0)
			xmem_oom();
	}
	return e;
}

static int
bad(struct diag *d, const char *path, xmlNodePtr c, const char *what,
    const char *expected, const char *got)
{
	if (d != NULL) {
		char *q = diag_quote(got, 64);

		diag_add(d, &(struct srcpos){ path, (unsigned)xmlGetLineNo(c),
		    0 }, "refine-rule %s: %s: expected %s, got %s",
		    xattr(c, "idref"), what, expected, q);
		free(q);
	}
	return -1;
}

/* One refine-rule C merged into RF. */
static int
refine_one(struct xccdf_refines *rf, xmlNodePtr c, const char *path,
    struct diag *d)
{
	static const char *const sevs[] = { "unknown", "info", "low",
	    "medium", "high", NULL };
	static const char *const roles[] = { "full", "unscored",
	    "unchecked", NULL };
	const char *id = xattr(c, "idref"), *sev = xattr(c, "severity");
	const char *role = xattr(c, "role"), *w = xattr(c, "weight");
	const char *sel = xattr(c, "selector");
	struct xccdf_refine *e;
	double weight = -1;
	int rc = 0;

	if (id == NULL)
		return 0;
	if (sev != NULL && !is_one_of(sev, sevs))
		rc = bad(d, path, c, "severity", "unknown, info, low, medium "
		    "or high", sev);
	if (role != NULL && !is_one_of(role, roles))
		rc = bad(d, path, c, "role", "full, unscored or unchecked",
		    role);
	if (w != NULL) {
		char *end;

		weight = strtod(w, &end);
		if (end == w || *end != '\0' || !isfinite(weight) ||
		    weight < 0 || strchr(w, 'x') != NULL ||
		    strchr(w, 'X') != NULL)
			rc = bad(d, path, c, "weight", "a decimal number not "
			    "below 0", w);
	}
	if (rc != 0)
		return rc;
	e = entry_of(rf, id);
	if (sev != NULL)
		e->severity = is_one_of(sev, sevs);
	if (role != NULL)
		e->role = is_one_of(role, roles);
	if (w != NULL)
		e->weight = weight;
	if (sel != NULL) {
		free(e->selector);
		e->selector = xstrdup(sel);
	}
	return 0;
}

static int
add_profile(struct xccdf_refines *rf, xmlNodePtr p, const char *path,
    struct diag *d, unsigned depth)
{
	const char *ext = xattr(p, "extends");
	xmlNodePtr parent;
	int rc = 0;

	if (depth > 32)
		return 0;
	if (ext != NULL && (parent = profile_find(rf->bench, ext)) != NULL &&
	    parent != p && add_profile(rf, parent, path, d, depth + 1) != 0)
		rc = -1;
	for (xmlNodePtr c = p->children; c != NULL; c = c->next)
		if (xis_xccdf(c, "refine-rule") &&
		    refine_one(rf, c, path, d) != 0)
			rc = -1;
	return rc;
}

int
xccdf_refines_add_profile(struct xccdf_refines *rf, const char *id,
    const char *path, struct diag *d)
{
	xmlNodePtr p = rf->bench != NULL ? profile_find(rf->bench, id) : NULL;

	return p != NULL ? add_profile(rf, p, path, d, 0) : 0;
}

int
xccdf_refines_add_node(struct xccdf_refines *rf, void *profile,
    const char *path, struct diag *d)
{
	int rc = 0;

	for (xmlNodePtr c = ((xmlNodePtr)profile)->children; c != NULL;
	    c = c->next)
		if (xis_xccdf(c, "refine-rule") &&
		    refine_one(rf, c, path, d) != 0)
			rc = -1;
	return rc;
}

static void
merge_entry(void *payload, void *data, const xmlChar *name)
{
	const struct xccdf_refine *s = payload;
	struct xccdf_refine *e = entry_of(data, (const char *)name);

	if (s->severity != NULL)
		e->severity = s->severity;
	if (s->role != NULL)
		e->role = s->role;
	if (s->weight >= 0)
		e->weight = s->weight;
	if (s->selector != NULL) {
		free(e->selector);
		e->selector = xstrdup(s->selector);
	}
}

void
xccdf_refines_merge(struct xccdf_refines *rf,
    const struct xccdf_refines *over)
{
	if (over != NULL)
		xmlHashScan(over->by_id, merge_entry, rf);
}

/* Is check C's @selector SEL (NULL and "" are the same, as OpenSCAP's
 * oscap_strcmp takes them)? */
static bool
same_selector(xmlNodePtr c, const char *sel)
{
	const char *s = xattr(c, "selector");

	return strcmp(s != NULL ? s : "", sel != NULL ? sel : "") == 0;
}

static xmlNodePtr
first_oval(xmlNodePtr rule, const char *sel)
{
	for (xmlNodePtr c = rule->children; c != NULL; c = c->next)
		if (xis_xccdf(c, "check") && same_selector(c, sel) &&
		    xattr(c, "system") != NULL &&
		    strcmp(xattr(c, "system"), OVAL_SYSTEM) == 0)
			return c;
	return NULL;
}

void *
xccdf_check_pick(void *rule, const char *selector)
{
	xmlNodePtr r = rule;
	bool any = false;

	if (selector != NULL)
		for (xmlNodePtr c = r->children; c != NULL && !any;
		    c = c->next)
			any = xis_xccdf(c, "check") && same_selector(c,
			    selector);
	return first_oval(r, any ? selector : NULL);
}

const char *
xccdf_refines_selector(const struct xccdf_refines *rf, const char *id)
{
	const struct xccdf_refine *e = xccdf_refines_get(rf, id);

	return e != NULL ? e->selector : NULL;
}

enum severity
xccdf_severity(const char *s)
{
	return strcmp(s, "low") == 0 ? SEV_LOW : strcmp(s, "medium") == 0 ?
	    SEV_MEDIUM : strcmp(s, "high") == 0 ? SEV_HIGH : SEV_INFO;
}

int
xccdf_plan_refine(struct plan *p, const char *path,
    const struct limits *lim, struct diag *d)
{
	return xccdf_plan_refine_over(p, path, NULL, lim, d);
}

int
xccdf_plan_refine_over(struct plan *p, const char *path,
    const struct xccdf_refines *over, const struct limits *lim,
    struct diag *d)
{
	struct scap_doc *doc;
	struct xccdf_refines *rf;
	xmlNodePtr bench;
	const char *bid;
	int rc = 0;

	if ((doc = scap_doc_get(path, lim, d)) == NULL)
		return -1;
	bench = xfind_bench(xmlDocGetRootElement(scap_doc_xml(doc)));
	if (bench == NULL || (bid = xattr(bench, "id")) == NULL) {
		scap_doc_put(doc);
		return 0;
	}
	rf = xccdf_refines_new(bench);
	for (size_t k = 0; k < plan_profile_count(p); k++) {
		const struct profile *pr = plan_profile(p, k);

		if (pr->pack != NULL && strcmp(pr->pack->id, bid) == 0 &&
		    xccdf_refines_add_profile(rf, pr->id, path, d) != 0)
			rc = -1;
	}
	xccdf_refines_merge(rf, over);
	for (size_t i = 0; rc == 0 && i < plan_rule_count(p); i++) {
		const struct rule *r = plan_rule(p, i);
		const struct xccdf_refine *e;
		char *why;

		if (r->pack == NULL || strcmp(r->pack->id, bid) != 0 ||
		    (e = xccdf_refines_get(rf, r->id)) == NULL)
			continue;
		if (e->severity != NULL)
			plan_set_rule_severity(p, i,
			    xccdf_severity(e->severity));
		if (e->role == NULL || strcmp(e->role, "unchecked") != 0)
			continue;
		why = xasprintf("not checked: the %s's refine-rule sets "
		    "role=\"unchecked\"", over != NULL &&
		    xccdf_refines_get(over, r->id) != NULL &&
		    xccdf_refines_get(over, r->id)->role != NULL ? "tailoring" :
		    "profile");
		plan_set_rule_unchecked(p, i, why);
		free(why);
	}
	xccdf_refines_free(rf);
	scap_doc_put(doc);
	return rc;
}
