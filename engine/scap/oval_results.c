/*
 * oval_results.c -- what the OVAL evaluation decided, kept for the OVAL
 * results the ARF carries (oval.h): per component, each definition and
 * test evaluated, in the order of their first evaluation, with its
 * result, and (oval_sc.c) the collected objects and items. Only a scan
 * writing an ARF or OVAL results attaches a recorder (scap_doc_record);
 * otherwise oval_results_add() returns at once.
 *
 * A definition or test evaluated again (another rule, other exported
 * values) keeps its first result, as one OVAL results document holds
 * one result per id. At most lim->oval_results entries are kept; past
 * that the recorder is truncated and says so.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "assay/xmem.h"
#include "oval_private.h"

struct orlist {
	char		**ids;
	enum ores	 *res;
	size_t		  n, cap;
	xmlHashTablePtr	  seen;
};

struct orcomp {
	char		*id;
	struct orlist	 defs, tests;
};

struct oval_results {
	size_t		 max, n;
	bool		 truncated;
	struct orcomp	*comps;
	size_t		 ncomps;
	struct oval_sc	*sc;		/* the items (oval_sc.c) */
};

struct oval_results *
oval_results_new(const struct limits *lim)
{
	struct oval_results *res = xcalloc(1, sizeof(*res));

	res->max = lim->oval_results;
	return res;
}

static void
orlist_release(struct orlist *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->ids[i]);
	free(l->ids);
	free(l->res);
	xmlHashFree(l->seen, NULL);
}

void
oval_results_free(struct oval_results *res)
{
	if (res == NULL)
		return;
	for (size_t i = 0; i < res->ncomps; i++) {
		free(res->comps[i].id);
		orlist_release(&res->comps[i].defs);
		orlist_release(&res->comps[i].tests);
	}
	free(res->comps);
	oval_sc_free(res->sc);
	free(res);
}

struct oval_sc **
oval_results_scp(struct oval_results *res)
{
	return &res->sc;
}

void
scap_doc_record(struct scap_doc *doc, struct oval_results *res)
{
	doc->rec = res;
}

void
oval_results_add(struct ox *ox, bool test, const char *id, enum ores r)
{
	struct oval_results *res = ox->rec;
	struct orcomp *c = NULL;
	struct orlist *l;

	if (res == NULL || ox->c == NULL || ox->missing != NULL)
		return;
	for (size_t i = 0; i < res->ncomps && c == NULL; i++)
		if (strcmp(res->comps[i].id, ox->c->id) == 0)
			c = &res->comps[i];
	if (c == NULL) {
		res->comps = xreallocarray(res->comps, res->ncomps + 1,
		    sizeof(*res->comps));
		c = &res->comps[res->ncomps++];
		memset(c, 0, sizeof(*c));
		c->id = xstrdup(ox->c->id);
	}
	l = test ? &c->tests : &c->defs;
	if (l->seen == NULL && (l->seen = xmlHashCreate(256)) == NULL)
		xmem_oom();
	if (xmlHashLookup(l->seen, (const xmlChar *)id) != NULL)
		return;
	if (res->n >= res->max) {
		res->truncated = true;
		return;
	}
	if (l->n == l->cap) {
		l->cap = l->cap != 0 ? 2 * l->cap : 64;
		l->ids = xreallocarray(l->ids, l->cap, sizeof(*l->ids));
		l->res = xreallocarray(l->res, l->cap, sizeof(*l->res));
	}
	l->ids[l->n] = xstrdup(id);
	l->res[l->n] = r;
	if (xmlHashAddEntry(l->seen, (const xmlChar *)id,
	    (void *)(uintptr_t)(l->n + 1)) != 0)
		xmem_oom();
	l->n++;
	res->n++;
}

size_t
oval_results_ncomps(const struct oval_results *res)
{
	return res != NULL ? res->ncomps : 0;
}

const char *
oval_results_comp(const struct oval_results *res, size_t i)
{
	return res->comps[i].id;
}

bool
oval_results_truncated(const struct oval_results *res)
{
	return res->truncated;
}

size_t
oval_results_n(const struct oval_results *res, size_t i, bool tests)
{
	return tests ? res->comps[i].tests.n : res->comps[i].defs.n;
}

const char *
oval_results_get(const struct oval_results *res, size_t i, bool tests,
    size_t k, const char **result)
{
	const struct orlist *l = tests ? &res->comps[i].tests :
	    &res->comps[i].defs;

	*result = ores_str(l->res[k]);
	return l->ids[k];
}

bool
oval_results_has_def(const struct oval_results *res, size_t i,
    const char *def)
{
	const struct orlist *l = &res->comps[i].defs;

	return l->seen != NULL && xmlHashLookup(l->seen,
	    (const xmlChar *)def) != NULL;
}

/* The recorded result of ID (a test or a definition), else not
 * evaluated. */
static enum ores
recorded(const struct orlist *l, const char *id)
{
	uintptr_t k = l->seen != NULL && id != NULL ?
	    (uintptr_t)xmlHashLookup(l->seen, (const xmlChar *)id) : 0;

	return k > 0 ? l->res[k - 1] : OR_NE;
}

static const char *
version_of(xmlHashTablePtr idx, const char *id)
{
	xmlNodePtr n = id != NULL ? xmlHashLookup(idx, (const xmlChar *)id) :
	    NULL;
	const char *v = n != NULL ? xattr(n, "version") : NULL;

	return v != NULL ? v : "0";
}

/* Criteria CR written under OUT with the results of its leaves. */
static enum ores
criteria_out(const struct orcomp *c, xmlNodePtr cr, xmlNodePtr out,
    xmlNsPtr ns, xmlHashTablePtr idx, unsigned depth)
{
	xmlNodePtr o = xmlNewChild(out, ns, (const xmlChar *)"criteria",
	    NULL);
	enum ores *v = NULL, r;
	size_t n = 0;

	for (xmlNodePtr k = cr->children; k != NULL && depth < OVAL_DEPTH;
	    k = k->next) {
		const char *name = (const char *)k->name, *ref;
		xmlNodePtr e;

		if (k->type != XML_ELEMENT_NODE)
			continue;
		v = xreallocarray(v, n + 1, sizeof(*v));
		if (strcmp(name, "criteria") == 0) {
			v[n++] = criteria_out(c, k, o, ns, idx, depth + 1);
			continue;
		}
		if (strcmp(name, "criterion") == 0) {
			ref = xattr(k, "test_ref");
			r = recorded(&c->tests, ref);
		} else if (strcmp(name, "extend_definition") == 0) {
			ref = xattr(k, "definition_ref");
			r = recorded(&c->defs, ref);
		} else
			continue;
		e = xmlNewChild(o, ns, k->name, NULL);
		(void)xmlNewProp(e, (const xmlChar *)(name[0] == 'c' ?
		    "test_ref" : "definition_ref"), (const xmlChar *)(ref !=
		    NULL ? ref : ""));
		(void)xmlNewProp(e, (const xmlChar *)"version",
		    (const xmlChar *)version_of(idx, ref));
		if (xattr(k, "negate") != NULL)
			(void)xmlNewProp(e, (const xmlChar *)"negate",
			    (const xmlChar *)xattr(k, "negate"));
		v[n++] = r = ox_negate(k, r);
		(void)xmlNewProp(e, (const xmlChar *)"result",
		    (const xmlChar *)ores_str(r));
	}
	r = ox_negate(cr, ox_operator(xattr(cr, "operator"), v, n));
	free(v);
	(void)xmlNewProp(o, (const xmlChar *)"operator", (const xmlChar *)
	    (xattr(cr, "operator") != NULL ? xattr(cr, "operator") : "AND"));
	if (xattr(cr, "negate") != NULL)
		(void)xmlNewProp(o, (const xmlChar *)"negate",
		    (const xmlChar *)xattr(cr, "negate"));
	(void)xmlNewProp(o, (const xmlChar *)"result",
	    (const xmlChar *)ores_str(r));
	return r;
}

void
oval_results_criteria(const struct oval_results *res, size_t i, void *def,
    void *out, void *ns, void *idx)
{
	xmlNodePtr cr = xchild(def, "criteria");

	if (cr != NULL)
		(void)criteria_out(&res->comps[i], cr, out, ns, idx, 0);
}
