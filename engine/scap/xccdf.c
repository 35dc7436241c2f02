/*
 * xccdf.c -- an XCCDF 1.2 (or 1.1) benchmark turned into a policy pack
 * (xccdf.h).
 *
 * The pack is built as the tree a policy YAML file parses into (ynode.h's
 * ybuild, positioned at the XCCDF elements' lines) and loaded with
 * policy_load_ydoc(), so it is checked exactly as a hand-written pack is
 * (no YAML text written and parsed again: that was a quarter of an SSG
 * scan), and everything downstream (profiles, variables, tailoring,
 * waivers, reports) is the same code. Followed: NIST IR 7275r4 (XCCDF 1.2) sections 6.2.8-6.2.9
 * (Profile select / refine-value / set-value / extends; a Rule runs only
 * when it and every enclosing Group are selected), 7.2.3 (platform
 * applicability through CPE), and SCAP 1.3 (NIST SP 800-126r3) section
 * 3.1 for data stream catalogs (check-content-ref href -> catalog uri ->
 * component-ref -> component).
 *
 * A Profile's refine-rule is applied to the scan's plan and reports
 * (xccdf_refine.c); its selector picks the Rule's check here. Not done
 * yet (the rule says so, or the profile ignores it): multi-check, OCIL
 * checks (manual).
 * A complex-check becomes all / any / not of oval checks (NIST IR
 * 7275r4's AND / OR / negate; assay's all and any rank the results as
 * result.h says). XCCDF tailoring files: xccdf_tailoring.c.
 */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/tree.h>

#include "assay/ds_sign.h"
#include "assay/oval.h"
#include "assay/policy.h"
#include "assay/scap_xml.h"
#include "assay/strbuf.h"
#include "assay/util.h"
#include "assay/xccdf.h"
#include "assay/xmem.h"
#include "assay/ynode.h"

#define OVAL_SYSTEM	"http://oval.mitre.org/XMLSchema/oval-definitions-5"

struct xval {
	const char	*id;
	char		*var;		/* the pack variable's name */
	xmlNodePtr	 node;
};

struct xrule {
	xmlNodePtr	 node;
	/* platform idrefs per enclosing level (benchmark, groups, rule) */
	xmlNodePtr	*levels;
	size_t		 nlevels;
	/* enclosing groups' ids */
	const char	**groups;
	size_t		 ngroups;
	/* a multi-check's definitions (mdefs_of), found once */
	struct strlist	 mdefs;
	bool		 mdefs_done;
};

struct xc {
	struct scap_doc	*doc;
	xmlDocPtr	 xml;
	xmlNodePtr	 bench;
	struct xval	*vals;
	size_t		 nvals, capvals;
	struct xrule	*rules;
	size_t		 nrules, caprules;
	xmlHashTablePtr	 sel;		/* id -> default selected ("1"/"0") */
	xmlHashTablePtr	 comps;		/* href -> component id (borrowed) */
	const char	*ref_href;	/* ref_key: the last href, its key */
	const char	*ref_key;
	xmlHashTablePtr	 cpes;		/* CPE name -> cpe-item, or NULL */
	xmlNodePtr	 cpe_list;	/* the CPE dictionary's, or NULL */
	/* xccdf_load_profiles: the profiles asked for, the rules they
	 * select (NULL: every profile and rule) */
	const char *const *only;
	size_t		 nonly;
	bool		*keep;
	/* the refine-rule selectors in effect (xccdf_load_scan), or NULL */
	struct xccdf_refines *rf;
};

static bool
is_el(xmlNodePtr n, const char *name)
{
	return n->type == XML_ELEMENT_NODE &&
	    strcmp((const char *)n->name, name) == 0;
}

static xmlNodePtr
find_el(xmlNodePtr n, const char *name, const char *ns)
{
	for (; n != NULL; n = n->next) {
		xmlNodePtr r;

		if (n->type != XML_ELEMENT_NODE)
			continue;
		if (strcmp((const char *)n->name, name) == 0 && (ns == NULL ||
		    (n->ns != NULL && strcmp((const char *)n->ns->href,
		    ns) == 0)))
			return n;
		if ((r = find_el(n->children, name, ns)) != NULL)
			return r;
	}
	return NULL;
}

/* The element of the whole document with attribute KEY = VAL under the
 * element name NAME. */
static xmlNodePtr
find_by(xmlNodePtr n, const char *name, const char *key, const char *val)
{
	for (; n != NULL; n = n->next) {
		xmlNodePtr r;
		const char *v;

		if (n->type != XML_ELEMENT_NODE)
			continue;
		if (strcmp((const char *)n->name, name) == 0 &&
		    (v = xattr(n, key)) != NULL && strcmp(v, val) == 0)
			return n;
		/* do not descend into OVAL or XCCDF bodies: catalogs and
		 * component-refs live in the data stream */
		if (strcmp((const char *)n->name, "component") == 0)
			continue;
		if ((r = find_by(n->children, name, key, val)) != NULL)
			return r;
	}
	return NULL;
}

/* The xlink:href of the data stream component-ref HREF (a check's)
 * goes to through the catalog, or NULL when no catalog entry names it:
 * "#ID" for a component of the file, else an address outside it. */
static const char *
catalog_target(struct xc *x, const char *href)
{
	xmlNodePtr root = xmlDocGetRootElement(x->xml);
	xmlNodePtr uri = find_by(root, "uri", "name", href), cref;
	const char *u;

	if (uri == NULL || (u = xattr(uri, "uri")) == NULL || u[0] != '#' ||
	    (cref = find_by(root, "component-ref", "id", u + 1)) == NULL)
		return NULL;
	for (xmlAttrPtr a = cref->properties; a != NULL; a = a->next)
		if (strcmp((const char *)a->name, "href") == 0 &&
		    a->children != NULL && a->children->content != NULL)
			return (const char *)a->children->content;
	return NULL;
}

/* An href of a check (XCCDF check-content-ref, CPE check) -> the OVAL
 * component id: through the data stream's catalogs, else the file name
 * itself (an XCCDF file with its OVAL files beside it). */
static const char *
component_of_uncached(struct xc *x, const char *href)
{
	const char *h = catalog_target(x, href);

	return h != NULL && h[0] == '#' ? h + 1 : href;
}

/* The address of HREF when the data stream's catalog maps it to a
 * component-ref outside the file (SSG's security_patches_up_to_date
 * names a vendor's OVAL feed by URL), else NULL. */
static const char *
remote_of(struct xc *x, const char *href)
{
	const char *h;

	if (strstr(href, "://") != NULL)
		return href;	/* a URL itself, in a plain XCCDF file */
	h = catalog_target(x, href);

	return h != NULL && h[0] != '#' ? h : NULL;
}

/* component_of_uncached, once per href (each walks the data stream's
 * catalogs; every rule and platform check asks) */
static const char *
component_of(struct xc *x, const char *href)
{
	const char *c = xmlHashLookup(x->comps, (const xmlChar *)href);

	if (c == NULL) {
		c = component_of_uncached(x, href);
		(void)xmlHashAddEntry(x->comps, (const xmlChar *)href,
		    (void *)c);
	}
	return c;
}

static const char *
short_id(const char *id, const char *kind)
{
	const char *p = strstr(id, kind);

	return p != NULL ? p + strlen(kind) : id;
}

/* The pack variable for XCCDF value ID: its short name when that is a
 * valid and unused name, else the id with every other character '_'. */
static char *
var_name(struct xc *x, const char *id)
{
	char *s = xstrdup(short_id(id, "_value_"));
	bool ok = isalpha((unsigned char)s[0]) || s[0] == '_';

	for (char *p = s; *p != '\0'; p++)
		ok &= isalnum((unsigned char)*p) || *p == '_';
	for (size_t i = 0; ok && i < x->nvals; i++)
		ok = strcmp(x->vals[i].var, s) != 0;
	if (!ok) {
		free(s);
		s = xasprintf("v_%s", id);
		for (char *p = s; *p != '\0'; p++)
			if (!isalnum((unsigned char)*p))
				*p = '_';
	}
	return s;
}

static struct xval *
val_find(struct xc *x, const char *id)
{
	for (size_t i = 0; i < x->nvals; i++)
		if (strcmp(x->vals[i].id, id) == 0)
			return &x->vals[i];
	return NULL;
}

/* The value of Value V for SELECTOR (NULL: the default: the value
 * element without a selector, else the first), malloc'd, or NULL. */
static char *
val_text(xmlNodePtr v, const char *selector)
{
	xmlNodePtr first = NULL;

	for (xmlNodePtr c = v->children; c != NULL; c = c->next) {
		const char *s;

		if (!is_el(c, "value"))
			continue;
		if (first == NULL)
			first = c;
		s = xattr(c, "selector");
		if ((selector == NULL && (s == NULL || s[0] == '\0')) ||
		    (selector != NULL && s != NULL && strcmp(s, selector) == 0))
			return xtext_norm(c);
	}
	return selector == NULL && first != NULL ? xtext_norm(first) : NULL;
}

static void
walk(struct xc *x, xmlNodePtr n, xmlNodePtr *levels, size_t nlevels,
    const char **groups, size_t ngroups, unsigned depth)
{
	if (depth > 64)
		return;
	for (xmlNodePtr c = n->children; c != NULL; c = c->next) {
		const char *id, *s;

		if (c->type != XML_ELEMENT_NODE ||
		    (id = xattr(c, "id")) == NULL)
			continue;
		s = xattr(c, "selected");
		if (is_el(c, "Rule") || is_el(c, "Group"))
			(void)xmlHashAddEntry(x->sel, (const xmlChar *)id,
			    (void *)(s != NULL && (strcmp(s, "false") == 0 ||
			    strcmp(s, "0") == 0) ? "0" : "1"));
		if (is_el(c, "Value")) {
			xgrow((void **)&x->vals, &x->capvals, x->nvals + 1,
			    sizeof(*x->vals));
			x->vals[x->nvals].id = id;
			x->vals[x->nvals].var = var_name(x, id);
			x->vals[x->nvals++].node = c;
		} else if (is_el(c, "Rule")) {
			struct xrule *r;

			xgrow((void **)&x->rules, &x->caprules, x->nrules + 1,
			    sizeof(*x->rules));
			r = &x->rules[x->nrules++];
			memset(r, 0, sizeof(*r));
			r->node = c;
			r->nlevels = nlevels + 1;
			r->levels = xcalloc(nlevels + 1, sizeof(*r->levels));
			memcpy(r->levels, levels, nlevels * sizeof(*levels));
			r->levels[nlevels] = c;
			r->ngroups = ngroups;
			r->groups = xcalloc(ngroups + 1, sizeof(*r->groups));
			if (ngroups > 0)	/* GROUPS is NULL at the top */
				memcpy(r->groups, groups,
				    ngroups * sizeof(*groups));
		} else if (is_el(c, "Group")) {
			xmlNodePtr *lv = xcalloc(nlevels + 1, sizeof(*lv));
			const char **gr = xcalloc(ngroups + 1, sizeof(*gr));

			memcpy(lv, levels, nlevels * sizeof(*lv));
			if (ngroups > 0)
				memcpy(gr, groups, ngroups * sizeof(*gr));
			lv[nlevels] = c;
			gr[ngroups] = id;
			walk(x, c, lv, nlevels + 1, gr, ngroups + 1, depth + 1);
			free(lv);
			free(gr);
		}
	}
}

/* ---- CPE applicability ---- */

/* An `oval` check of DEFINITION in the OVAL component HREF names, its
 * body only (the caller has opened the map holding the "oval" key). */
static void
y_oval(struct xc *x, struct ybuild *b, const char *href, const char *def)
{
	ybuild_map(b);
	ybuild_key(b, "datastream");
	ybuild_str(b, scap_doc_path(x->doc));
	ybuild_key(b, "component");
	ybuild_str(b, component_of(x, href));
	if (def != NULL) {
		ybuild_key(b, "definition");
		ybuild_str(b, def);
	}
}

/* The check of CPE name NAME in the document's cpe-list, as an `oval`
 * check; false when the dictionary has none. */
static bool
y_cpe(struct xc *x, struct ybuild *b, const char *name)
{
	xmlNodePtr item = NULL, chk;
	const char *href;
	char *def;

	/* the dictionary's items by name, made on the first ask (the
	 * first item of a name wins, as a scan from the start found) */
	if (x->cpes == NULL && x->cpe_list != NULL) {
		if ((x->cpes = xmlHashCreate(256)) == NULL)
			xmem_oom();
		for (xmlNodePtr c = x->cpe_list->children; c != NULL;
		    c = c->next)
			if (is_el(c, "cpe-item") && xattr(c, "name") != NULL)
				(void)xmlHashAddEntry(x->cpes,
				    (const xmlChar *)xattr(c, "name"), c);
	}
	if (x->cpes != NULL)
		item = xmlHashLookup(x->cpes, (const xmlChar *)name);
	if (item == NULL || (chk = xchild(item, "check")) == NULL ||
	    (href = xattr(chk, "href")) == NULL)
		return false;
	def = xtext_norm(chk);
	ybuild_map(b);
	ybuild_key(b, "oval");
	y_oval(x, b, href, def);
	ybuild_end(b);
	ybuild_end(b);
	free(def);
	return true;
}

static bool
y_logical(struct xc *x, struct ybuild *b, xmlNodePtr t, unsigned depth)
{
	const char *op = xattr(t, "operator"), *neg = xattr(t, "negate");
	bool n = neg != NULL && strcmp(neg, "true") == 0, first = true;

	if (depth > 16)
		return false;
	if (n) {
		ybuild_map(b);
		ybuild_key(b, "not");
	}
	ybuild_map(b);
	ybuild_key(b, op != NULL && strcasecmp(op, "OR") == 0 ? "any" :
	    "all");
	ybuild_seq(b);
	for (xmlNodePtr c = t->children; c != NULL; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		first = false;
		if (is_el(c, "fact-ref")) {
			if (xattr(c, "name") == NULL ||
			    !y_cpe(x, b, xattr(c, "name")))
				return false;
		} else if (is_el(c, "logical-test")) {
			if (!y_logical(x, b, c, depth + 1))
				return false;
		} else
			return false;
	}
	if (first)
		return false;
	ybuild_end(b);
	ybuild_end(b);
	if (n)
		ybuild_end(b);
	return true;
}

/* One platform idref: "#id" of a cpe-lang platform, or a CPE name. */
static bool
y_platform(struct xc *x, struct ybuild *b, const char *idref)
{
	xmlNodePtr spec, p;

	if (idref[0] != '#')
		return y_cpe(x, b, idref);
	spec = find_el(x->bench->children, "platform-specification", NULL);
	for (p = spec != NULL ? spec->children : NULL; p != NULL; p = p->next)
		if (is_el(p, "platform") && xattr(p, "id") != NULL &&
		    strcmp(xattr(p, "id"), idref + 1) == 0)
			break;
	if (p == NULL || xchild(p, "logical-test") == NULL)
		return false;
	return y_logical(x, b, xchild(p, "logical-test"), 0);
}

/* Does rule R have a platform at any level? */
static bool
has_platform(const struct xrule *r)
{
	for (size_t i = 0; i < r->nlevels; i++)
		for (xmlNodePtr c = r->levels[i]->children; c != NULL;
		    c = c->next)
			if (is_el(c, "platform") && xattr(c, "idref") != NULL)
				return true;
	return false;
}

/* applies_if of rule R into B (NULL: only whether it can be): for every
 * level with platforms, one of them. False when a platform cannot be
 * expressed; WHY gets it. */
static bool
y_applies(struct xc *x, struct ybuild *b, const struct xrule *r,
    const char **why)
{
	if (!has_platform(r))
		return true;
	ybuild_key(b, "applies_if");
	ybuild_map(b);
	ybuild_key(b, "all");
	ybuild_seq(b);
	for (size_t i = 0; i < r->nlevels; i++) {
		bool first = true;

		for (xmlNodePtr c = r->levels[i]->children; c != NULL;
		    c = c->next) {
			if (!is_el(c, "platform") || xattr(c, "idref") == NULL)
				continue;
			if (first) {
				ybuild_map(b);
				ybuild_key(b, "any");
				ybuild_seq(b);
			}
			first = false;
			if (!y_platform(x, b, xattr(c, "idref"))) {
				*why = xattr(c, "idref");
				return false;
			}
		}
		if (!first) {
			ybuild_end(b);
			ybuild_end(b);
		}
	}
	ybuild_end(b);
	ybuild_end(b);
	return true;
}

/* ---- rules ---- */

/* The reference key of an ident or reference: by its system / href and,
 * for DISA's, by the value's prefix. */
static const char *
ref_key_uncached(const char *href)
{
	if (strstr(href, "ncp.nist.gov/cce") != NULL)
		return "cce";
	if (strstr(href, "800-53") != NULL)
		return "nist";
	if (strstr(href, "cisecurity.org/controls") != NULL)
		return "cis-csc";
	if (strstr(href, "cisecurity") != NULL)
		return "cis";
	if (strstr(href, "cyber.mil") != NULL || strstr(href, "iase.disa") !=
	    NULL || strstr(href, "public.cyber.mil") != NULL)
		return "disa";
	if (strstr(href, "pcisecuritystandards") != NULL)
		return "pcidss";
	if (strstr(href, "anssi") != NULL)
		return "anssi";
	if (strstr(href, "niap-ccevs") != NULL)
		return "ospp";
	return "ref";
}

/* ref_key_uncached, again only when the href changes (an SSG rhel9 stig
 * scan reads 25,000 references, in runs under the same href); DISA's by
 * the value's prefix */
static const char *
ref_key(struct xc *x, const char *href, const char *value)
{
	if (href == NULL)
		return "ref";
	if (x->ref_href == NULL || strcmp(href, x->ref_href) != 0) {
		x->ref_href = href;
		x->ref_key = ref_key_uncached(href);
	}
	if (strcmp(x->ref_key, "disa") == 0)
		return strncmp(value, "CCI-", 4) == 0 ? "cci" :
		    strncmp(value, "SRG-", 4) == 0 ? "srg" : "stig";
	return x->ref_key;
}

static void
y_refs(struct xc *x, struct ybuild *b, xmlNodePtr rule)
{
	static const char *const keys[] = { "cce", "stig", "cci", "srg",
	    "cis", "cis-csc", "nist", "anssi", "ospp", "pcidss", "ref", NULL };
	struct strlist by[sizeof(keys) / sizeof(keys[0])];

	ybuild_key(b, "references");
	ybuild_map(b);
	ybuild_key(b, "ssg");
	ybuild_str(b, short_id(xattr(rule, "id"), "_rule_"));
	/* one pass over the children (SSG rules carry ~40 references),
	 * the keys written in KEYS' order */
	memset(by, 0, sizeof(by));
	for (xmlNodePtr c = rule->children; c != NULL; c = c->next) {
		const char *key;
		char *t;
		size_t k;

		if (!is_el(c, "ident") && !is_el(c, "reference"))
			continue;
		t = xtext_norm(c);
		key = ref_key(x, xattr(c, is_el(c, "ident") ? "system" :
		    "href"), t);
		for (k = 0; keys[k] != NULL && strcmp(key, keys[k]) != 0; k++)
			;
		if (keys[k] != NULL && t[0] != '\0')
			strlist_adopt(&by[k], t);
		else
			free(t);
	}
	for (size_t k = 0; keys[k] != NULL; k++) {
		if (by[k].n > 0) {
			ybuild_key(b, keys[k]);
			ybuild_seq(b);
			for (size_t i = 0; i < by[k].n; i++)
				ybuild_str(b, by[k].v[i]);
			ybuild_end(b);
		}
		strlist_release(&by[k]);
	}
	ybuild_end(b);
}

/* The exports of check CHK: "export: {NAME: "{{ var.V }}", ...}" into
 * the open `oval` map, when it has any. */
static void
y_exports(struct xc *x, struct ybuild *b, xmlNodePtr chk)
{
	bool first = true;

	for (xmlNodePtr c = chk->children; c != NULL; c = c->next) {
		struct xval *v;
		char *ref;

		if (!is_el(c, "check-export") ||
		    xattr(c, "export-name") == NULL ||
		    xattr(c, "value-id") == NULL ||
		    (v = val_find(x, xattr(c, "value-id"))) == NULL)
			continue;
		if (first) {
			ybuild_key(b, "export");
			ybuild_map(b);
		}
		first = false;
		ybuild_str(b, xattr(c, "export-name"));
		ref = xasprintf("{{ var.%s }}", v->var);
		ybuild_str(b, ref);
		free(ref);
	}
	if (!first)
		ybuild_end(b);
}

/* The check-content-ref of OVAL check CHK that runs: the first whose
 * href names loaded OVAL content holding its definition. The refs are
 * alternatives (NIST IR 7275r4 6.4.4.4; OpenSCAP the same): one naming
 * a file that could not be read, or a definition its content lacks, is
 * passed over. A ref without a name stands for every definition of its
 * content. NULL when none resolves. */
static xmlNodePtr
check_ref(struct xc *x, xmlNodePtr chk)
{
	for (xmlNodePtr c = chk->children; c != NULL; c = c->next) {
		const char *href;

		if (is_el(c, "check-content-ref") &&
		    (href = xattr(c, "href")) != NULL &&
		    scap_oval_find(x->doc, component_of(x, href),
		    xattr(c, "name")) != NULL)
			return c;
	}
	return NULL;
}

/* The `oval` check of CHK (an OVAL check the content holds) as a map
 * {oval: {...}}, or its body only (BARE: the rule's own check). */
static void
y_check(struct xc *x, struct ybuild *b, xmlNodePtr chk, const char *href,
    const char *name, bool bare)
{
	if (!bare)
		ybuild_map(b);
	ybuild_key(b, "oval");
	y_oval(x, b, href, name);
	if (xattr(chk, "negate") != NULL && strcmp(xattr(chk, "negate"),
	    "true") == 0) {
		ybuild_key(b, "negate");
		ybuild_scalar(b, "true", false);
	}
	y_exports(x, b, chk);
	ybuild_end(b);
	if (!bare)
		ybuild_end(b);
}

/* One OVAL check of a complex-check, as a flow `oval` check; false when
 * it is not an OVAL check the content holds. */
static bool
y_leaf(struct xc *x, struct ybuild *b, xmlNodePtr chk)
{
	xmlNodePtr ref;

	if (xattr(chk, "system") == NULL || strcmp(xattr(chk, "system"),
	    OVAL_SYSTEM) != 0 || (ref = check_ref(x, chk)) == NULL)
		return false;
	y_check(x, b, chk, xattr(ref, "href"), xattr(ref, "name"), false);
	return true;
}

/* An XCCDF complex-check (operator AND / OR, negate, nested) as all /
 * any / not of oval checks; false when a check in it is not OVAL. */
static bool
y_complex(struct xc *x, struct ybuild *b, xmlNodePtr cc, unsigned depth)
{
	const char *op = xattr(cc, "operator"), *neg = xattr(cc, "negate");
	bool n = neg != NULL && (strcmp(neg, "true") == 0 ||
	    strcmp(neg, "1") == 0), first = true;

	if (depth > 16)
		return false;
	if (n) {
		ybuild_map(b);
		ybuild_key(b, "not");
	}
	ybuild_map(b);
	ybuild_key(b, op != NULL && strcmp(op, "OR") == 0 ? "any" : "all");
	ybuild_seq(b);
	for (xmlNodePtr c = cc->children; c != NULL; c = c->next) {
		if (!is_el(c, "check") && !is_el(c, "complex-check"))
			continue;
		first = false;
		if (is_el(c, "check") ? !y_leaf(x, b, c) :
		    !y_complex(x, b, c, depth + 1))
			return false;
	}
	ybuild_end(b);
	ybuild_end(b);
	if (n)
		ybuild_end(b);
	return !first;
}

/* Rule R's complex-check CC as its check (with its applies_if); false
 * (and nothing built) when it cannot be evaluated: tried first without
 * a builder. */
static bool
y_complex_rule(struct xc *x, struct ybuild *b, const struct xrule *r,
    xmlNodePtr cc)
{
	const char *why = NULL;

	if (!y_applies(x, NULL, r, &why) || !y_complex(x, NULL, cc, 0))
		return false;
	(void)y_applies(x, b, r, &why);
	ybuild_key(b, "check");
	(void)y_complex(x, b, cc, 0);
	return true;
}

/* Has Rule N an OVAL check (then, with none picked, each has a
 * selector: xccdf_check_pick)? */
static bool
has_oval_check(xmlNodePtr n)
{
	for (xmlNodePtr c = n->children; c != NULL; c = c->next)
		if (is_el(c, "check") && xattr(c, "system") != NULL &&
		    strcmp(xattr(c, "system"), OVAL_SYSTEM) == 0)
			return true;
	return false;
}

static void
y_manual(struct ybuild *b, const char *why)
{
	ybuild_key(b, "manual");
	ybuild_str(b, why);
}

/* Rule R's check when it is a multi-check (XCCDF 1.2 7.2.3.4.2): an
 * OVAL check with multi-check="true" whose check-content-ref names no
 * definition, on content holding some: their ids into DEFS (else DEFS
 * stays empty and the check runs as multi-check="false"). Each gets a
 * rule of its own, RULEID:DEFID, as oscap writes a rule-result per
 * definition. */
static void
multi_defs(struct xc *x, const struct xrule *r, struct strlist *defs)
{
	xmlNodePtr n = r->node, chk, ref, root, sect;
	const char *mc, *comp;

	if (xchild(n, "complex-check") != NULL ||
	    (chk = xccdf_check_pick(n, xccdf_refines_selector(x->rf,
	    xattr(n, "id")))) == NULL ||
	    (mc = xattr(chk, "multi-check")) == NULL ||
	    (strcmp(mc, "true") != 0 && strcmp(mc, "1") != 0) ||
	    (ref = check_ref(x, chk)) == NULL || xattr(ref, "name") != NULL ||
	    (comp = scap_oval_find(x->doc, component_of(x, xattr(ref,
	    "href")), NULL)) == NULL ||
	    (root = scap_oval_root(x->doc, comp)) == NULL ||
	    (sect = xchild(root, "definitions")) == NULL)
		return;
	for (xmlNodePtr d = sect->children; d != NULL; d = d->next)
		if (d->type == XML_ELEMENT_NODE &&
		    strcmp((const char *)d->name, "definition") == 0 &&
		    xattr(d, "id") != NULL)
			strlist_add(defs, xattr(d, "id"));
}

/* multi_defs of rule R, worked out on the first ask: the rule and every
 * profile selecting it need them. */
static const struct strlist *
mdefs_of(struct xc *x, const struct xrule *r)
{
	struct xrule *w = &x->rules[r - x->rules];

	if (!w->mdefs_done) {
		multi_defs(x, w, &w->mdefs);
		w->mdefs_done = true;
	}
	return &w->mdefs;
}

/* The body of rule R's map (opened and closed by the caller); with
 * MDEF, the rule of one definition of a multi-check (multi_defs). */
static void
y_rule_body(struct xc *x, struct ybuild *b, const struct xrule *r,
    const char *mdef)
{
	xmlNodePtr n = r->node, chk = NULL, ref;
	const char *sev = xattr(n, "severity"), *why = NULL, *name, *href;
	char *title = xtext_norm(xchild(n, "title")), *m;

	chk = xccdf_check_pick(n, xccdf_refines_selector(x->rf,
	    xattr(n, "id")));
	ybuild_key(b, "id");
	if (mdef != NULL) {
		m = xasprintf("%s:%s", xattr(n, "id"), mdef);
		ybuild_str(b, m);
		free(m);
	} else
		ybuild_str(b, xattr(n, "id"));
	ybuild_key(b, "title");
	if (mdef != NULL) {
		m = xasprintf("%s (%s)", title[0] != '\0' ? title :
		    xattr(n, "id"), mdef);
		ybuild_str(b, m);
		free(m);
	} else
		ybuild_str(b, title[0] != '\0' ? title : xattr(n, "id"));
	free(title);
	ybuild_key(b, "severity");
	ybuild_scalar(b, sev == NULL || strcmp(sev, "unknown") == 0 ? "info" :
	    strcmp(sev, "low") == 0 ? "low" : strcmp(sev, "high") == 0 ?
	    "high" : strcmp(sev, "medium") == 0 ? "medium" : "info", false);
	y_refs(x, b, n);
	/* a Rule's complex-check is processed and its check elements
	 * ignored (NIST IR 7275r4 6.4.4.4; OpenSCAP 1.3.7 the same) */
	if (xchild(n, "complex-check") != NULL) {
		if (y_complex_rule(x, b, r, xchild(n, "complex-check")))
			return;
		chk = NULL;
	}
	if (chk == NULL && xchild(n, "complex-check") == NULL &&
	    has_oval_check(n)) {
		y_manual(b, "no OVAL check for the refine-rule selector in "
		    "effect (without one: a check without a selector)");
		return;
	}
	if (chk == NULL) {
		y_manual(b, xchild(n, "complex-check") != NULL ?
		    "XCCDF complex-check with a check that is not OVAL, or "
		    "a platform without a CPE check" : xchild(n,
		    "check") != NULL ? "no OVAL check (only another check "
		    "system, e.g. OCIL)" : "no check in the benchmark");
		return;
	}
	if ((ref = check_ref(x, chk)) == NULL) {
		size_t nrefs = 0;

		for (xmlNodePtr c = chk->children; c != NULL; c = c->next)
			nrefs += is_el(c, "check-content-ref");
		ref = xchild(chk, "check-content-ref");
		name = ref != NULL ? xattr(ref, "name") : NULL;
		href = ref != NULL ? xattr(ref, "href") : NULL;
		m = nrefs > 1 ? xstrdup("none of the check's "
		    "check-content-refs names a definition of the OVAL "
		    "content loaded") : ref == NULL || href == NULL ?
		    xstrdup("OVAL check without a check-content-ref href") :
		    remote_of(x, href) != NULL ? xasprintf("OVAL content %s "
		    "is a remote resource (%s), which assay does not fetch",
		    href, remote_of(x, href)) :
		    scap_oval_find(x->doc, component_of(x, href), NULL) ==
		    NULL ? xasprintf("OVAL content %s was not loaded", href) :
		    xasprintf("OVAL definition %s is not in the content",
		    name);
		y_manual(b, m);
		free(m);
		return;
	}
	name = mdef != NULL ? mdef : xattr(ref, "name");
	href = xattr(ref, "href");
	if (!y_applies(x, NULL, r, &why)) {
		m = xasprintf("platform %s cannot be evaluated (no CPE check "
		    "for it)", why);
		y_manual(b, m);
		free(m);
		return;
	}
	(void)y_applies(x, b, r, &why);
	ybuild_key(b, "check");
	ybuild_map(b);
	y_check(x, b, chk, href, name, true);
	ybuild_end(b);
}

static void
y_rule(struct xc *x, struct ybuild *b, const struct xrule *r)
{
	const struct strlist *defs = mdefs_of(x, r);

	for (size_t i = 0; i == 0 || i < defs->n; i++) {
		ybuild_at(b, (unsigned)xmlGetLineNo(r->node));
		ybuild_map(b);
		y_rule_body(x, b, r, defs->n > 0 ? defs->v[i] : NULL);
		ybuild_end(b);
	}
}

/* ---- profiles ---- */

static void
free_entry(void *p, const xmlChar *name)
{
	(void)name;
	free(p);
}

static xmlNodePtr
profile_find(struct xc *x, const char *id)
{
	for (xmlNodePtr c = x->bench->children; c != NULL; c = c->next)
		if (is_el(c, "Profile") && xattr(c, "id") != NULL &&
		    strcmp(xattr(c, "id"), id) == 0)
			return c;
	return NULL;
}

/* How many Profiles deep an extends chain may go (profile_apply). */
#define EXTENDS_DEPTH	32

/* Every Profile's extends chain must lead to Profiles of the benchmark,
 * without a cycle, at most EXTENDS_DEPTH deep: 0, or -1 with the first
 * that does not in D. Such a chain used to be cut short without a word,
 * and the Profile lost what its ancestors select (oscap 1.3.7 crashes on
 * a cycle). */
static int
profiles_check(struct xc *x, const char *path, struct diag *d)
{
	for (xmlNodePtr c = x->bench->children; c != NULL; c = c->next) {
		const char *seen[EXTENDS_DEPTH + 1];
		xmlNodePtr p = c, parent;
		unsigned n = 0;

		if (!is_el(c, "Profile") || xattr(c, "id") == NULL)
			continue;
		for (; xattr(p, "extends") != NULL; p = parent) {
			struct srcpos at = { path, (unsigned)xmlGetLineNo(p), 0 };
			const char *ext = xattr(p, "extends");

			if (n == EXTENDS_DEPTH) {
				at.line = (unsigned)xmlGetLineNo(c);
				diag_add(d, &at, "Profile %s extends more than "
				    "%d Profiles deep", xattr(c, "id"),
				    EXTENDS_DEPTH);
				return -1;
			}
			seen[n++] = xattr(p, "id");
			if ((parent = profile_find(x, ext)) == NULL) {
				diag_add(d, &at, "Profile %s extends \"%s\", "
				    "which is not a Profile of this benchmark",
				    xattr(p, "id"), ext);
				return -1;
			}
			for (unsigned i = 0; i < n; i++)
				if (xattr(parent, "id") != NULL &&
				    strcmp(seen[i], xattr(parent, "id")) == 0) {
					diag_add(d, &at, "Profile %s extends "
					    "%s, which extends it in turn (a "
					    "cycle)", xattr(p, "id"), ext);
					return -1;
				}
		}
	}
	return 0;
}

/* Apply profile P (its extends first) to SEL and VALS (id -> value). */
static void
profile_apply(struct xc *x, xmlNodePtr p, xmlHashTablePtr sel,
    xmlHashTablePtr vals, unsigned depth)
{
	const char *ext = xattr(p, "extends");
	xmlNodePtr parent;

	if (depth > EXTENDS_DEPTH)
		return;
	if (ext != NULL && (parent = profile_find(x, ext)) != NULL)
		profile_apply(x, parent, sel, vals, depth + 1);
	for (xmlNodePtr c = p->children; c != NULL; c = c->next) {
		const char *id = xattr(c, "idref");
		struct xval *v;
		char *t = NULL;

		if (c->type != XML_ELEMENT_NODE || id == NULL)
			continue;
		if (is_el(c, "select")) {
			const char *s = xattr(c, "selected");

			(void)xmlHashUpdateEntry(sel, (const xmlChar *)id,
			    (void *)(s != NULL && (strcmp(s, "true") == 0 ||
			    strcmp(s, "1") == 0) ? "1" : "0"), NULL);
			continue;
		}
		if ((v = val_find(x, id)) == NULL)
			continue;
		if (is_el(c, "refine-value") && xattr(c, "selector") != NULL)
			t = val_text(v->node, xattr(c, "selector"));
		else if (is_el(c, "set-value"))
			t = xtext_norm(c);
		if (t != NULL)
			(void)xmlHashUpdateEntry(vals, (const xmlChar *)v->var,
			    t, free_entry);
	}
}

static void
copy_entry(void *payload, void *data, const xmlChar *name)
{
	(void)xmlHashAddEntry(data, name, payload);
}

/* ---- requires and conflicts ---- */

static bool
sel_on(xmlHashTablePtr sel, const char *id)
{
	const char *s = xmlHashLookup(sel, (const xmlChar *)id);

	return s != NULL && s[0] == '1';
}

/* Does item C conflict with a selected item, or lack one of its
 * requirements (each requires element names alternatives: one of them
 * selected is enough)? */
static bool
deps_broken(xmlNodePtr c, xmlHashTablePtr sel)
{
	for (xmlNodePtr e = c->children; e != NULL; e = e->next) {
		const char *ids = xattr(e, "idref");
		bool any = false;

		if (ids == NULL)
			continue;
		if (is_el(e, "conflicts") && sel_on(sel, ids))
			return true;
		if (!is_el(e, "requires"))
			continue;
		for (const char *p = ids; *p != '\0' && !any; ) {
			size_t len;
			char *one;

			p += strspn(p, " \t\r\n");
			if ((len = strcspn(p, " \t\r\n")) == 0)
				break;
			one = xstrndup(p, len);
			any = sel_on(sel, one);
			free(one);
			p += len;
		}
		if (!any)
			return true;
	}
	return false;
}

/* Every Rule and Group under N deselected in SEL. */
static void
deps_off(xmlNodePtr n, xmlHashTablePtr sel, unsigned depth)
{
	if (depth > 64)
		return;
	for (xmlNodePtr c = n->children; c != NULL; c = c->next) {
		if ((!is_el(c, "Rule") && !is_el(c, "Group")) ||
		    xattr(c, "id") == NULL)
			continue;
		(void)xmlHashUpdateEntry(sel, (const xmlChar *)xattr(c, "id"),
		    (void *)"0", NULL);
		deps_off(c, sel, depth + 1);
	}
}

static void
deps_walk(xmlNodePtr n, xmlHashTablePtr sel, bool parent, unsigned depth)
{
	if (depth > 64)
		return;
	for (xmlNodePtr c = n->children; c != NULL; c = c->next) {
		const char *id;
		bool on;

		if ((!is_el(c, "Rule") && !is_el(c, "Group")) ||
		    (id = xattr(c, "id")) == NULL)
			continue;
		on = parent && sel_on(sel, id);
		if (on && deps_broken(c, sel)) {
			(void)xmlHashUpdateEntry(sel, (const xmlChar *)id,
			    (void *)"0", NULL);
			deps_off(c, sel, 0);
			on = false;
		}
		if (is_el(c, "Group"))
			deps_walk(c, sel, on, depth + 1);
	}
}

/* XCCDF requires and conflicts (XCCDF 1.2 7.2.3.3.2) over the selection
 * SEL, as OpenSCAP resolves them while it evaluates: in document order,
 * a Rule or Group that would run (it and its Groups selected) is
 * deselected, with all it holds, when an item it conflicts with is
 * selected or one of its requires names no selected item; the items
 * after it see that. "Selected" there is an item's own selection, not
 * its Groups' (OpenSCAP's tests/API/XCCDF/unittests/
 * test_xccdf_requires_conflicts). SSG uses them:
 * sysctl_kernel_core_pattern conflicts with
 * sysctl_kernel_core_pattern_empty_string. */
static void
deps_resolve(struct xc *x, xmlHashTablePtr sel)
{
	deps_walk(x->bench, sel, true, 0);
}

static bool
selected(xmlHashTablePtr sel, const struct xrule *r)
{
	const char *s = xmlHashLookup(sel, (const xmlChar *)xattr(r->node,
	    "id"));

	if (s == NULL || s[0] != '1')
		return false;
	for (size_t i = 0; i < r->ngroups; i++)
		if ((s = xmlHashLookup(sel, (const xmlChar *)r->groups[i])) !=
		    NULL && s[0] != '1')
			return false;
	return true;
}

static void
y_var_entry(void *payload, void *data, const xmlChar *name)
{
	struct ybuild *b = data;

	ybuild_key(b, (const char *)name);
	ybuild_str(b, payload);
}

/* Profile P, when it selects a rule: into the `profiles` list, opened
 * with the first (*OPEN). */
static void
y_profile(struct xc *x, struct ybuild *b, xmlNodePtr p, bool *open)
{
	xmlHashTablePtr sel = xmlHashCreate(1024);
	xmlHashTablePtr vals = xmlHashCreate(64);
	char *title = xtext_norm(xchild(p, "title"));
	size_t n = 0;

	if (sel == NULL || vals == NULL)
		xmem_oom();
	xmlHashScan(x->sel, copy_entry, sel);
	profile_apply(x, p, sel, vals, 0);
	deps_resolve(x, sel);
	for (size_t i = 0; i < x->nrules; i++)
		n += selected(sel, &x->rules[i]);
	if (n > 0) {
		ybuild_at(b, (unsigned)xmlGetLineNo(p));
		if (!*open) {
			ybuild_key(b, "profiles");
			ybuild_seq(b);
			*open = true;
		}
		ybuild_map(b);
		ybuild_key(b, "id");
		ybuild_str(b, xattr(p, "id"));
		ybuild_key(b, "title");
		ybuild_str(b, title);
		ybuild_key(b, "select");
		ybuild_seq(b);
		for (size_t i = 0; i < x->nrules; i++) {
			const struct strlist *defs;

			if (!selected(sel, &x->rules[i]))
				continue;
			defs = mdefs_of(x, &x->rules[i]);
			if (defs->n == 0)
				ybuild_str(b, xattr(x->rules[i].node, "id"));
			for (size_t k = 0; k < defs->n; k++) {
				char *id = xasprintf("%s:%s",
				    xattr(x->rules[i].node, "id"), defs->v[k]);

				ybuild_str(b, id);
				free(id);
			}
		}
		ybuild_end(b);
		if (xmlHashSize(vals) > 0) {
			ybuild_key(b, "variables");
			ybuild_map(b);
			xmlHashScan(vals, y_var_entry, b);
			ybuild_end(b);
		}
		ybuild_end(b);
	}
	free(title);
	xmlHashFree(sel, NULL);
	xmlHashFree(vals, free_entry);
}

/* Does profile id ID answer one of the names asked for (the id itself,
 * or its "_profile_NAME" suffix, as xccdf_profile_resolve)? */
static bool
profile_wanted(const struct xc *x, const char *id)
{
	size_t l = strlen(id);

	for (size_t i = 0; i < x->nonly; i++) {
		size_t n = strlen(x->only[i]);

		if (strcmp(id, x->only[i]) == 0 || (l > n + 9 &&
		    strcmp(id + l - n, x->only[i]) == 0 &&
		    memcmp(id + l - n - 9, "_profile_", 9) == 0))
			return true;
	}
	return false;
}

/* x->keep: the rules the wanted profiles select; left NULL (everything)
 * when a name answers no profile, so that the usual error follows. */
static void
keep_selected(struct xc *x)
{
	bool *keep = xcalloc(x->nrules + 1, sizeof(*keep));

	for (size_t i = 0; i < x->nonly; i++) {
		bool found = false;

		for (xmlNodePtr c = x->bench->children; c != NULL;
		    c = c->next) {
			struct xc one = *x;
			xmlHashTablePtr sel, vals;

			if (!is_el(c, "Profile") || xattr(c, "id") == NULL)
				continue;
			one.nonly = 1;
			one.only = &x->only[i];
			if (!profile_wanted(&one, xattr(c, "id")))
				continue;
			found = true;
			sel = xmlHashCreate(1024);
			vals = xmlHashCreate(64);
			if (sel == NULL || vals == NULL)
				xmem_oom();
			xmlHashScan(x->sel, copy_entry, sel);
			profile_apply(x, c, sel, vals, 0);
			deps_resolve(x, sel);
			for (size_t r = 0; r < x->nrules; r++)
				keep[r] |= selected(sel, &x->rules[r]);
			xmlHashFree(sel, NULL);
			xmlHashFree(vals, free_entry);
		}
		if (!found) {
			free(keep);
			return;
		}
	}
	x->keep = keep;
}

static void
y_pack(struct xc *x, struct ybuild *b)
{
	char *title = xtext_norm(xchild(x->bench, "title"));
	char *version = xtext_norm(xchild(x->bench, "version"));
	bool open = false;

	ybuild_at(b, (unsigned)xmlGetLineNo(x->bench));
	ybuild_map(b);
	ybuild_key(b, "policy");
	ybuild_str(b, xattr(x->bench, "id"));
	ybuild_key(b, "title");
	ybuild_str(b, title);
	if (version[0] != '\0') {
		ybuild_key(b, "version");
		ybuild_str(b, version);
	}
	free(title);
	free(version);
	if (x->nvals > 0) {
		ybuild_key(b, "variables");
		ybuild_map(b);
		for (size_t i = 0; i < x->nvals; i++) {
			char *t = val_text(x->vals[i].node, NULL);

			ybuild_at(b, (unsigned)xmlGetLineNo(x->vals[i].node));
			ybuild_key(b, x->vals[i].var);
			ybuild_map(b);
			ybuild_key(b, "default");
			ybuild_str(b, t != NULL ? t : "");
			ybuild_end(b);
			free(t);
		}
		ybuild_end(b);
	}
	if (x->nonly > 0)
		keep_selected(x);
	for (size_t i = 0; i < x->nrules; i++)
		if (x->keep == NULL || x->keep[i]) {
			if (!open) {
				ybuild_key(b, "rules");
				ybuild_seq(b);
			}
			open = true;
			y_rule(x, b, &x->rules[i]);
		}
	if (open)
		ybuild_end(b);
	open = false;
	for (xmlNodePtr c = x->bench->children; c != NULL; c = c->next)
		if (is_el(c, "Profile") && xattr(c, "id") != NULL &&
		    (x->keep == NULL || profile_wanted(x, xattr(c, "id"))))
			y_profile(x, b, c, &open);
	if (open)
		ybuild_end(b);
	ybuild_end(b);
}

int
xccdf_load(struct policy_set *ps, const char *path, const struct limits *lim,
    struct diag *d)
{
	return xccdf_load_profiles(ps, path, NULL, 0, lim, d);
}

int
xccdf_load_profiles(struct policy_set *ps, const char *path,
    const char *const *only, size_t nonly, const struct limits *lim,
    struct diag *d)
{
	return xccdf_load_scan(ps, path, only, nonly, NULL, lim, d);
}

/* x->rf: the refine-rules of the Profiles SS names (the benchmark's
 * order), then of its tailoring. */
static void
scan_refines(struct xc *x, const struct xccdf_scan_sel *ss)
{
	struct xc names = *x;

	names.only = ss->profiles;
	names.nonly = ss->nprofiles;
	x->rf = xccdf_refines_new(x->bench);
	for (xmlNodePtr c = x->bench->children; c != NULL; c = c->next) {
		const char *id = is_el(c, "Profile") ? xattr(c, "id") : NULL;

		if (id != NULL && (profile_wanted(&names, id) ||
		    (ss->extends != NULL && strcmp(id, ss->extends) == 0)))
			(void)xccdf_refines_add_profile(x->rf, id, NULL, NULL);
	}
	xccdf_refines_merge(x->rf, ss->tailoring);
}

int
xccdf_load_scan(struct policy_set *ps, const char *path,
    const char *const *only, size_t nonly, const struct xccdf_scan_sel *ss,
    const struct limits *lim, struct diag *d)
{
	struct xc x;
	struct ybuild *b;
	xmlNodePtr root;
	int rc = -1;

	memset(&x, 0, sizeof(x));
	x.only = only;
	x.nonly = nonly;
	if ((x.doc = scap_doc_get(path, lim, d)) == NULL)
		return -1;
	x.xml = scap_doc_xml(x.doc);
	xbench_select(ss != NULL ? ss->benchmark_id : NULL);
	/* signed content is evaluated only as it was signed */
	if (ss != NULL && ss->enforce_signature && !ds_sign_signed(x.xml)) {
		diag_add(d, &(struct srcpos){ path, 0, 0 }, "not a signed "
		    "data stream: --%s evaluates only content an XML "
		    "signature covers", ss->signature_trust != NULL ?
		    "signature-trust" : "enforce-signature");
		scap_doc_put(x.doc);
		return -1;
	}
	if (ds_sign_signed(x.xml) && (ss == NULL || !ss->skip_signature) &&
	    ds_sign_verify(path, ss != NULL ? ss->signature_trust : NULL,
	    lim, d) != 0) {
		scap_doc_put(x.doc);
		return -1;
	}
	root = xmlDocGetRootElement(x.xml);
	/* an OVAL definitions file on its own: a rule per definition */
	if (strcmp((const char *)root->name, "oval_definitions") == 0) {
		if (nonly > 0 || (ss != NULL && ss->nprofiles > 0)) {
			diag_add(d, &(struct srcpos){ path, 0, 0 }, "an OVAL "
			    "definitions file has no profiles: every "
			    "definition is evaluated (leave out --profile)");
			rc = -1;
		} else
			rc = xccdf_oval_load(ps, x.doc, path, lim, d);
		scap_doc_put(x.doc);
		return rc;
	}
	/* XCCDF 1.2 or 1.1: a 1.1 Benchmark's elements are read as
	 * 1.2's (scap_xml.h); a Benchmark in any other namespace is not
	 * XCCDF that assay knows, and reading it would turn every rule
	 * into a manual one */
	x.bench = xfind_bench(root);
	if (x.bench == NULL && xbench_selected() != NULL) {
		char *all = xbench_list(root);

		diag_add(d, &(struct srcpos){ path, 0, 0 }, "no benchmark "
		    "\"%s\" (--benchmark-id: a Benchmark id, or the id of its "
		    "ds:component or ds:component-ref); the file holds: %s",
		    xbench_selected(), all != NULL ? all : "none");
		free(all);
		scap_doc_put(x.doc);
		return -1;
	}
	if (x.bench == NULL || xattr(x.bench, "id") == NULL) {
		diag_add(d, &(struct srcpos){ path, 0, 0 }, "no XCCDF 1.2 "
		    "or 1.1 Benchmark in this file");
		scap_doc_put(x.doc);
		return -1;
	}
	if (profiles_check(&x, path, d) != 0) {
		scap_doc_put(x.doc);
		return -1;
	}
	x.sel = xmlHashCreate(1024);
	x.comps = xmlHashCreate(16);
	if (x.sel == NULL || x.comps == NULL)
		xmem_oom();
	x.cpe_list = find_el(root, "cpe-list", NULL);
	if (ss != NULL)
		scan_refines(&x, ss);
	{
		xmlNodePtr lv[1] = { x.bench };

		walk(&x, x.bench, lv, 1, NULL, 0, 0);
	}
	if (ss != NULL && ss->defaults && nonly == 0) {
		size_t n = 0;

		xmlHashTablePtr sel = xmlHashCreate(1024);

		if (sel == NULL)
			xmem_oom();
		xmlHashScan(x.sel, copy_entry, sel);
		deps_resolve(&x, sel);
		x.keep = xcalloc(x.nrules + 1, sizeof(*x.keep));
		for (size_t i = 0; i < x.nrules; i++)
			n += x.keep[i] = selected(sel, &x.rules[i]);
		xmlHashFree(sel, NULL);
		/* SSG's benchmarks select no Rule by default: as oscap,
		 * nothing runs (every rule-result notselected), but a scan
		 * that checked nothing is said out loud */
		if (n == 0 && x.nrules > 0 &&
		    find_el(x.bench->children, "Profile", NULL) != NULL)
			fprintf(stderr, "assay: warning: %s:%u: the benchmark "
			    "selects none of its %zu rules by default, so "
			    "nothing is evaluated: pick one of its profiles "
			    "with --profile (`assay profiles --datastream %s` "
			    "lists them)\n", path,
			    (unsigned)xmlGetLineNo(x.bench), x.nrules, path);
	}
	/* the pack's positions are the lines of the XCCDF elements it is
	 * made from */
	b = ybuild_new(path, lim, d);
	y_pack(&x, b);
	policy_set_xccdf_ids(ps);
	rc = policy_load_ydoc(ps, ybuild_done(b), lim, d);
	for (size_t i = 0; i < x.nvals; i++)
		free(x.vals[i].var);
	free(x.vals);
	for (size_t i = 0; i < x.nrules; i++) {
		free(x.rules[i].levels);
		free(x.rules[i].groups);
		strlist_release(&x.rules[i].mdefs);
	}
	free(x.rules);
	free(x.keep);
	xccdf_refines_free(x.rf);
	xmlHashFree(x.sel, NULL);
	xmlHashFree(x.comps, NULL);
	xmlHashFree(x.cpes, NULL);
	scap_doc_put(x.doc);
	return rc;
}

const char *
xccdf_profile_resolve(const struct policy_set *ps, const char *name)
{
	const char *found = NULL;
	char *suffix = xasprintf("_profile_%s", name);
	size_t sl = strlen(suffix);

	for (size_t i = 0; i < policy_profile_count(ps); i++) {
		const char *id = policy_profile(ps, i)->id;
		size_t l = strlen(id);

		if (strcmp(id, name) == 0) {
			found = id;
			break;
		}
		if (l >= sl && strcmp(id + l - sl, suffix) == 0) {
			if (found != NULL) {
				found = NULL;
				break;
			}
			found = id;
		}
	}
	free(suffix);
	return found;
}
