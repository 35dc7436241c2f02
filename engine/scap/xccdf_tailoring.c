/*
 * xccdf_tailoring.c -- an XCCDF 1.2 tailoring file turned into assay's
 * tailoring (tailoring.h), so `--tailoring` takes what `oscap xccdf eval
 * --tailoring-file` takes (what SCAP Workbench and the ComplianceAsCode
 * autotailor write) and every report shows the tailored profile as it
 * shows a YAML one.
 *
 * Followed: NIST IR 7275r4 (XCCDF 1.2): the Tailoring element (a
 * benchmark reference and Profiles) and the Profile (extends, select,
 * set-value, refine-value, refine-rule). The Profile is written as
 * tailoring YAML and loaded by tailoring_load_string():
 *
 *   Profile id, title, extends      tailoring id, title, extends
 *   select idref=RULE true/false    enable / disable RULE
 *   select idref=GROUP false        disable every Rule in GROUP
 *   select idref=GROUP true         nothing: a Rule under a selected
 *                                   Group keeps its own selection
 *   set-value / refine-value        variables: the Value's pack variable
 *                                   (xccdf.c), the selector's value
 *   refine-rule severity            severity (XCCDF unknown is info)
 *   refine-rule (every attribute)   kept with the tailoring
 *                                   (xccdf_tailoring_refines()) and
 *                                   merged over its base profile's by
 *                                   xccdf_refine.c, which the scan and
 *                                   the XCCDF report use whatever a
 *                                   refine-rule's origin: weight, role
 *                                   (unchecked: notchecked, unscored:
 *                                   left out of the scores), severity,
 *                                   selector (read before the pack is
 *                                   built: xccdf_tailoring_preread);
 *                                   a Group's weight too
 *
 * Every idref is checked against the benchmark before that, with the
 * file and line of its element; a Tailoring whose benchmark id names
 * another benchmark is refused, as is a Profile without extends (assay's
 * tailoring always names its base profile). The file is parsed as SCAP
 * content is (scap_tailoring_read: no DTD, no entity, no network).
 */
#include "config.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/tree.h>

#include "assay/hostfile.h"
#include "assay/oval.h"
#include "assay/policy.h"
#include "assay/scap_xml.h"
#include "assay/strbuf.h"
#include "assay/tailoring.h"
#include "assay/xccdf.h"
#include "assay/xmem.h"

#define DS_NS		"http://scap.nist.gov/schema/scap/source/1.2"

struct xt {
	const char		*path;
	const struct policy_set	*ps;
	xmlNodePtr		 bench;		/* the data stream's */
	struct diag		*d;
	struct strbuf		 en, dis, sev, var;
	struct xccdf_refines	*rf;		/* its refine-rules */
	int			 rc;
};

/* XCCDF 1.1 has no Tailoring: OpenSCAP's tailoring file for 1.1 content
 * (what SCAP Workbench writes for it) is a Tailoring, benchmark and
 * version of this namespace around XCCDF 1.1 Profiles, as 1.2's. */
#define OSCAP_T11_NS	"http://open-scap.org/page/Xccdf-1.1-tailoring"

/* Is N the tailoring element NAME (XCCDF 1.2, or OpenSCAP's for 1.1)? */
static bool
is_tl(xmlNodePtr n, const char *name)
{
	return xis_xccdf(n, name) || (n->type == XML_ELEMENT_NODE &&
	    n->ns != NULL && n->ns->href != NULL &&
	    strcmp((const char *)n->ns->href, OSCAP_T11_NS) == 0 &&
	    strcmp((const char *)n->name, name) == 0);
}

/* The element of the benchmark tree below N with id ID (not in OVAL). */
static xmlNodePtr
find_id(xmlNodePtr n, const char *id, unsigned depth)
{
	for (; n != NULL && depth < 64; n = n->next) {
		xmlNodePtr r;
		const char *v;

		if (n->type != XML_ELEMENT_NODE)
			continue;
		if ((v = xattr(n, "id")) != NULL && strcmp(v, id) == 0 &&
		    n->ns != NULL && xccdf_ns((const char *)n->ns->href))
			return n;
		if (strcmp((const char *)n->name, "oval_definitions") == 0)
			continue;
		if ((r = find_id(n->children, id, depth + 1)) != NULL)
			return r;
	}
	return NULL;
}

/* An error at N's line: PRE, ARG quoted (when not NULL), POST. */
static void
err(struct xt *x, xmlNodePtr n, const char *pre, const char *arg,
    const char *post)
{
	char *q = arg != NULL ? diag_quote(arg, 96) : xstrdup("");

	diag_add(x->d, &(struct srcpos){ x->path, n != NULL ?
	    (unsigned)xmlGetLineNo(n) : 0, 0 }, "%s%s%s", pre, q, post);
	free(q);
	x->rc = -1;
}

static bool
has_rule(const struct xt *x, const char *id)
{
	for (size_t i = 0; i < policy_rule_count(x->ps); i++)
		if (strcmp(policy_rule(x->ps, i)->id, id) == 0)
			return true;
	return false;
}

static void
add_item(struct strbuf *b, const char *rule, const char *reason,
    const char *sev)
{
	strbuf_addstr(b, "  - {rule: ");
	xyq(b, rule);
	if (sev != NULL)
		strbuf_addf(b, ", severity: %s", sev);
	strbuf_addstr(b, ", reason: ");
	xyq(b, reason);
	strbuf_addstr(b, "}\n");
}

/* Disable every Rule below group G that PS has. */
static void
disable_group(struct xt *x, xmlNodePtr g, const char *why, unsigned depth)
{
	if (depth > 64)
		return;
	for (xmlNodePtr c = g->children; c != NULL; c = c->next)
		if (xis_xccdf(c, "Rule") && xattr(c, "id") != NULL &&
		    has_rule(x, xattr(c, "id")))
			add_item(&x->dis, xattr(c, "id"), why, NULL);
		else if (xis_xccdf(c, "Group"))
			disable_group(x, c, why, depth + 1);
}

static void
do_select(struct xt *x, xmlNodePtr c, const char *id)
{
	const char *s = xattr(c, "selected");
	bool on = s != NULL && (strcmp(s, "true") == 0 || strcmp(s, "1") == 0);
	xmlNodePtr g;

	if (s == NULL || (!on && strcmp(s, "false") != 0 &&
	    strcmp(s, "0") != 0))
		err(x, c, "select: expected selected=\"true\" or \"false\" "
		    "for ", id, "");
	else if (has_rule(x, id))
		add_item(on ? &x->en : &x->dis, id, on ? "selected in the "
		    "XCCDF tailoring" : "deselected in the XCCDF tailoring",
		    NULL);
	else if ((g = find_id(x->bench, id, 0)) == NULL ||
	    !xis_xccdf(g, "Group"))
		err(x, c, "select: no rule or group ", id, " in the benchmark");
	else if (!on)
		disable_group(x, g, "its group is deselected in the XCCDF "
		    "tailoring", 0);
}

/* The pack variable of Value ID, as xccdf.c names it. */
static char *
var_of(const struct xt *x, const char *id)
{
	const char *p = strstr(id, "_value_");
	char *s = xstrdup(p != NULL ? p + 7 : id);

	if (policy_has_var(x->ps, s))
		return s;
	free(s);
	s = xasprintf("v_%s", id);
	for (char *q = s; *q != '\0'; q++)
		if (!isalnum((unsigned char)*q))
			*q = '_';
	return s;
}

static void
do_value(struct xt *x, xmlNodePtr c, const char *id)
{
	xmlNodePtr v = find_id(x->bench, id, 0);
	char *t = NULL, *name;

	if (v == NULL || !xis_xccdf(v, "Value")) {
		err(x, c, xis_xccdf(c, "set-value") ? "set-value: no Value " :
		    "refine-value: no Value ", id, " in the benchmark");
		return;
	}
	if (xis_xccdf(c, "set-value"))
		t = xtext_norm(c);
	else {
		const char *sel = xattr(c, "selector");

		for (xmlNodePtr e = v->children; sel != NULL && e != NULL &&
		    t == NULL; e = e->next)
			if (xis_xccdf(e, "value") &&
			    xattr(e, "selector") != NULL &&
			    strcmp(xattr(e, "selector"), sel) == 0)
				t = xtext_norm(e);
		if (t == NULL) {
			err(x, c, "refine-value: the Value has no selector ",
			    sel != NULL ? sel : "", "");
			return;
		}
	}
	name = var_of(x, id);
	strbuf_addf(&x->var, "  %s: ", name);
	xyq(&x->var, t);
	strbuf_addch(&x->var, '\n');
	free(name);
	free(t);
}

/* The values are checked and kept by xccdf_refines_add_node(); the
 * severity is also the tailoring's, so reports list it as a change. */
static void
do_refine_rule(struct xt *x, xmlNodePtr c, const char *id)
{
	const char *sev = xattr(c, "severity");
	xmlNodePtr g;

	if (!has_rule(x, id)) {
		if ((g = find_id(x->bench, id, 0)) == NULL ||
		    !xis_xccdf(g, "Group"))
			err(x, c, "refine-rule: no rule or group ", id,
			    " in the benchmark");
		return;
	}
	if (sev != NULL && strcmp(sev, "unknown") == 0)
		sev = "info";
	if (sev != NULL && (strcmp(sev, "info") == 0 ||
	    strcmp(sev, "low") == 0 || strcmp(sev, "medium") == 0 ||
	    strcmp(sev, "high") == 0))
		add_item(&x->sev, id, "refine-rule in the XCCDF tailoring",
		    sev);
}

static void
read_profile(struct xt *x, xmlNodePtr p)
{
	for (xmlNodePtr c = p->children; c != NULL; c = c->next) {
		const char *id;

		if (c->type != XML_ELEMENT_NODE || xis_xccdf(c, "title") ||
		    xis_xccdf(c, "description") || xis_xccdf(c, "status") ||
		    xis_xccdf(c, "version") || xis_xccdf(c, "metadata"))
			continue;
		if ((id = xattr(c, "idref")) == NULL) {
			err(x, c, (const char *)c->name, NULL, ": no idref");
			continue;
		}
		if (xis_xccdf(c, "select"))
			do_select(x, c, id);
		else if (xis_xccdf(c, "set-value") ||
		    xis_xccdf(c, "refine-value"))
			do_value(x, c, id);
		else if (xis_xccdf(c, "refine-rule"))
			do_refine_rule(x, c, id);
		else
			err(x, c, "Profile: ", (const char *)c->name,
			    " is not supported in a tailoring");
	}
}

/* The Profile of tailoring root T that PROFILES name (or the only one). */
static xmlNodePtr
pick_profile(struct xt *x, xmlNodePtr t, const char *const *profiles,
    size_t nprofiles)
{
	xmlNodePtr only = NULL;
	size_t n = 0;

	for (xmlNodePtr c = t->children; c != NULL; c = c->next) {
		const char *id = xis_xccdf(c, "Profile") ? xattr(c, "id") :
		    NULL;

		if (id == NULL)
			continue;
		n++;
		only = c;
		for (size_t i = 0; i < nprofiles; i++) {
			const char *p = strstr(id, "_profile_");

			if (strcmp(id, profiles[i]) == 0 || (p != NULL &&
			    strcmp(p + 9, profiles[i]) == 0))
				return c;
		}
	}
	if (n == 1 && nprofiles == 0)
		return only;
	err(x, t, n == 0 ? "Tailoring: no Profile" : nprofiles == 0 ?
	    "Tailoring: several Profiles: name one with --profile" :
	    "Tailoring: no Profile named by --profile", NULL, "");
	return NULL;
}

/* The tailoring YAML of Profile P. */
static char *
to_yaml(struct xt *x, xmlNodePtr p, size_t *lenp)
{
	struct strbuf y = STRBUF_INIT;
	char *title = NULL, *desc = NULL;

	for (xmlNodePtr c = p->children; c != NULL; c = c->next)
		if (xis_xccdf(c, "title") && title == NULL)
			title = xtext_norm(c);
		else if (xis_xccdf(c, "description") && desc == NULL)
			desc = xtext_norm(c);
	strbuf_addstr(&y, "tailoring:\n  id: ");
	xyq(&y, xattr(p, "id"));
	if (title != NULL && title[0] != '\0') {
		strbuf_addstr(&y, "\n  title: ");
		xyq(&y, title);
	}
	strbuf_addstr(&y, "\n  extends: ");
	xyq(&y, xattr(p, "extends"));
	strbuf_addstr(&y, "\n  reason: ");
	if (desc != NULL && desc[0] != '\0')
		xyq(&y, desc);
	else {
		char *r = xasprintf("XCCDF tailoring %s", x->path);

		xyq(&y, r);
		free(r);
	}
	strbuf_addch(&y, '\n');
	if (x->en.len > 0)
		strbuf_addf(&y, "enable:\n%.*s", (int)x->en.len, x->en.buf);
	if (x->dis.len > 0)
		strbuf_addf(&y, "disable:\n%.*s", (int)x->dis.len, x->dis.buf);
	if (x->sev.len > 0)
		strbuf_addf(&y, "severity:\n%.*s", (int)x->sev.len, x->sev.buf);
	if (x->var.len > 0)
		strbuf_addf(&y, "variables:\n%.*s", (int)x->var.len,
		    x->var.buf);
	free(title);
	free(desc);
	*lenp = y.len;
	strbuf_addch(&y, '\0');
	return strbuf_detach(&y);
}

/* The Tailoring's benchmark must be the loaded one when it names it. */
static void
check_benchmark(struct xt *x, xmlNodePtr t)
{
	const char *want = xattr(x->bench, "id"), *id;

	for (xmlNodePtr c = t->children; c != NULL; c = c->next)
		if (is_tl(c, "benchmark") &&
		    (id = xattr(c, "id")) != NULL &&
		    want != NULL && strcmp(id, want) != 0) {
			char *q = diag_quote(want, 96);
			char *m = xasprintf(", but the data stream's benchmark "
			    "is %s", q);

			err(x, c, "benchmark: the tailoring is for ", id, m);
			free(m);
			free(q);
		}
}

static void
refines_free(void *p)
{
	xccdf_refines_free(p);
}

const struct xccdf_refines *
xccdf_tailoring_refines(const struct tailoring *t)
{
	return t != NULL ? tailoring_extra(t) : NULL;
}

static bool
is_ds(xmlNodePtr n, const char *name)
{
	return n != NULL && n->type == XML_ELEMENT_NODE && n->ns != NULL &&
	    strcmp((const char *)n->ns->href, DS_NS) == 0 &&
	    strcmp((const char *)n->name, name) == 0;
}

/* The ds:component of collection ROOT that component-ref CREF names (its
 * xlink:href "#ID"), or NULL. */
static xmlNodePtr
cref_component(xmlNodePtr root, xmlNodePtr cref)
{
	const char *h = xattr(cref, "href"), *id;

	if (h == NULL || h[0] != '#')
		return NULL;
	for (xmlNodePtr c = root->children; c != NULL; c = c->next)
		if (is_ds(c, "component") && (id = xattr(c, "id")) != NULL &&
		    strcmp(id, h + 1) == 0)
			return c;
	return NULL;
}

/* The xccdf:Tailoring of ds:component C (its first element), or NULL. */
static xmlNodePtr
component_tailoring(xmlNodePtr c)
{
	for (c = c != NULL ? c->children : NULL; c != NULL; c = c->next)
		if (c->type == XML_ELEMENT_NODE)
			return xis_xccdf(c, "Tailoring") ? c : NULL;
	return NULL;
}

/* The Tailoring of data stream collection ROOT that ID names: the id of a
 * ds:checklists component-ref, as `oscap xccdf eval --tailoring-id`
 * takes it (SCAP 1.3, NIST SP 800-126r3 3.1; OpenSCAP 1.3.7's
 * ds_sds_session_select_tailoring), or of its ds:component; without ID
 * the only one. NULL with an error. */
static xmlNodePtr
ds_tailoring(struct xt *x, xmlNodePtr root, const char *id)
{
	xmlNodePtr only = NULL;
	size_t n = 0;

	for (xmlNodePtr s = root->children; s != NULL; s = s->next) {
		if (!is_ds(s, "data-stream"))
			continue;
		for (xmlNodePtr l = s->children; l != NULL; l = l->next) {
			if (!is_ds(l, "checklists"))
				continue;
			for (xmlNodePtr r = l->children; r != NULL;
			    r = r->next) {
				xmlNodePtr c = is_ds(r, "component-ref") ?
				    cref_component(root, r) : NULL;
				xmlNodePtr t = component_tailoring(c);
				const char *rid = xattr(r, "id");

				if (t == NULL)
					continue;
				if (id != NULL && ((rid != NULL &&
				    strcmp(rid, id) == 0) ||
				    strcmp(xattr(c, "id"), id) == 0))
					return t;
				n++;
				only = t;
			}
		}
	}
	if (id == NULL && n == 1)
		return only;
	if (id != NULL)
		err(x, root, "--tailoring-id: no component-ref ", id,
		    " of an XCCDF Tailoring in the data stream's checklists");
	else
		err(x, root, n == 0 ? "no XCCDF Tailoring component in the "
		    "data stream" : "several XCCDF Tailoring components in "
		    "the data stream: name one with --tailoring-id", NULL, "");
	return NULL;
}

struct tailoring *
xccdf_tailoring_load(const char *path, const struct policy_set *ps,
    const char *datastream, const char *const *profiles, size_t nprofiles,
    const struct limits *lim, struct diag *d)
{
	return xccdf_tailoring_load_id(path, NULL, ps, datastream, profiles,
	    nprofiles, lim, d);
}

struct tailoring *
xccdf_tailoring_load_id(const char *path, const char *id,
    const struct policy_set *ps, const char *datastream,
    const char *const *profiles, size_t nprofiles,
    const struct limits *lim, struct diag *d)
{
	struct xt x = { .path = path, .ps = ps, .d = d };
	struct scap_doc *sd = NULL;
	struct tailoring *t = NULL;
	xmlDocPtr doc;
	xmlNodePtr root, p = NULL;

	if ((doc = scap_tailoring_read(path, lim, d)) == NULL)
		return NULL;
	root = xmlDocGetRootElement(doc);
	if (is_ds(root, "data-stream-collection")) {
		if ((root = ds_tailoring(&x, root, id)) == NULL)
			goto out;
	} else if (id != NULL) {
		err(&x, root, "--tailoring-id: not a SCAP source data stream "
		    "(the root element is ", (const char *)root->name, ")");
		goto out;
	}
	if (!is_tl(root, "Tailoring"))
		err(&x, root, "not an XCCDF Tailoring (the root element is ",
		    (const char *)root->name, ")");
	else if (datastream == NULL)
		err(&x, root, "an XCCDF tailoring file tailors SCAP content: "
		    "give the benchmark with --datastream", NULL, "");
	else if ((sd = scap_doc_get(datastream, lim, d)) == NULL)
		x.rc = -1;
	else if ((x.bench = xfind_bench(xmlDocGetRootElement(
	    scap_doc_xml(sd)))) == NULL)
		err(&x, root, "no XCCDF Benchmark in --datastream", NULL, "");
	if (x.rc == 0) {
		check_benchmark(&x, root);
		p = pick_profile(&x, root, profiles, nprofiles);
	}
	if (p != NULL && xattr(p, "extends") == NULL)
		err(&x, p, "Profile ", xattr(p, "id"), ": no extends: a "
		    "tailored profile must extend a profile of the benchmark");
	else if (p != NULL) {
		if (policy_find_profile(ps, xattr(p, "extends")) == NULL)
			err(&x, p, "Profile: extends: no profile ",
			    xattr(p, "extends"), " in the benchmark");
		read_profile(&x, p);
		x.rf = xccdf_refines_new(NULL);
		if (xccdf_refines_add_node(x.rf, p, path, d) != 0)
			x.rc = -1;
	}
	if (x.rc == 0) {
		char *name = xasprintf("%s (as tailoring)", path);
		size_t len;
		char *y = to_yaml(&x, p, &len);

		t = tailoring_load_string(name, y, len, lim, d);
		free(y);
		free(name);
	}
	if (t != NULL) {
		tailoring_set_extra(t, x.rf, refines_free);
		x.rf = NULL;
	}
	xccdf_refines_free(x.rf);
out:
	strbuf_release(&x.en);
	strbuf_release(&x.dis);
	strbuf_release(&x.sev);
	strbuf_release(&x.var);
	scap_doc_put(sd);
	xmlFreeDoc(doc);
	return t;
}

struct xccdf_refines *
xccdf_tailoring_preread(const char *path, const char *id,
    const char *const *profiles, size_t nprofiles,
    const struct limits *lim, char **extends)
{
	struct diag *quiet = diag_new();
	struct xt x = { .path = path, .d = quiet };
	struct xccdf_refines *rf = NULL;
	xmlDocPtr doc = scap_tailoring_read(path, lim, quiet);
	xmlNodePtr root = doc != NULL ? xmlDocGetRootElement(doc) : NULL;
	xmlNodePtr p;

	*extends = NULL;
	if (root != NULL && is_ds(root, "data-stream-collection"))
		root = ds_tailoring(&x, root, id);
	if (root != NULL && is_tl(root, "Tailoring") &&
	    (p = pick_profile(&x, root, profiles, nprofiles)) != NULL) {
		rf = xccdf_refines_new(NULL);
		(void)xccdf_refines_add_node(rf, p, path, NULL);
		if (xattr(p, "extends") != NULL)
			*extends = xstrdup(xattr(p, "extends"));
	}
	xmlFreeDoc(doc);
	diag_free(quiet);
	return rf;
}

bool
xccdf_tailoring_names(const struct tailoring *t, const char *id)
{
	const char *tid = tailoring_info(t)->id;
	const char *p = strstr(tid, "_profile_");

	return strcmp(tid, id) == 0 || (p != NULL && strcmp(p + 9, id) == 0);
}

bool
xccdf_is_xml(const char *path, const struct limits *lim)
{
	char *buf;
	size_t len, i = 0;
	bool xml;

	if (hostfile_read(path, lim->scap_bytes, true, &buf, &len) !=
	    HOSTFILE_OK)
		return false;
	if (len >= 3 && memcmp(buf, "\xef\xbb\xbf", 3) == 0)
		i = 3;
	while (i < len && isspace((unsigned char)buf[i]))
		i++;
	xml = i < len && buf[i] == '<';
	free(buf);
	return xml;
}
