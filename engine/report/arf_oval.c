/*
 * arf_oval.c -- the OVAL results the ARF carries (xccdf_private.h): per
 * OVAL component the scan evaluated, one arf:report "ovalN" holding an
 * OVAL 5.11 oval_results document, in the shape `oscap xccdf eval
 * --results-arf` 1.3.7 writes, and the TestResult's check-content-refs
 * pointing at it ("#ovalN"):
 *
 *   <oval_results>
 *     <generator> assay, its version, schema 5.11, the scan's end
 *     <directives> every result reported, content "full"
 *     <oval_definitions> the component, copied
 *     <results><system>
 *       <definitions> each definition evaluated: id, version, class,
 *         result (the first evaluation's, oval_results.c), its criteria
 *         tree with the result of each node
 *       <tests> each test evaluated: id, version, check_existence,
 *         check, state_operator, result
 *         and its tested_item and tested_variable elements (oval_sc.c)
 *       <oval_system_characteristics> generator and system_info (the
 *         host name from /etc/hostname; OS and architecture unknown:
 *         the target is not running), collected_objects and
 *         system_data: the objects the tests collected and their items
 *         (oval_sc.c).
 *
 * Followed: the OVAL 5.11.2 results and system characteristics schemas
 * (openscap-common's oval/5.11.3), validated in scap-results.sh. More
 * than lim->oval_results definitions and tests: the rest are left out
 * and an XML comment in <results> says so.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <libxml/hash.h>
#include <libxml/tree.h>

#include "assay/oval.h"
#include "assay/scap_xml.h"
#include "assay/util.h"
#include "assay/xmem.h"

#include "report_private.h"
#include "xccdf_private.h"

#define RES_NS		"http://oval.mitre.org/XMLSchema/oval-results-5"
#define SC_NS		"http://oval.mitre.org/XMLSchema/" \
			"oval-system-characteristics-5"
#define COMMON_NS	"http://oval.mitre.org/XMLSchema/oval-common-5"
#define XC(s)		((const xmlChar *)(s))

/* The oval_definitions element of component ID: in the data stream's
 * tree, else (an XCCDF file with its OVAL files beside it, oval_load.c)
 * the file ID beside it, read again into *MORE. */
static xmlNodePtr
find_defs(const struct xres *x, const char *id, xmlDocPtr *more)
{
	xmlNodePtr root = x->xml != NULL ? xmlDocGetRootElement(x->xml) :
	    NULL;
	struct diag *quiet;
	char *dir, *path;

	for (xmlNodePtr c = root != NULL ? root->children : NULL; c != NULL;
	    c = c->next)
		if (c->type == XML_ELEMENT_NODE && strcmp((const char *)
		    c->name, "component") == 0 && xattr(c, "id") != NULL &&
		    strcmp(xattr(c, "id"), id) == 0)
			return xchild(c, "oval_definitions");
	if (x->r->datastream == NULL || strchr(id, '/') != NULL)
		return NULL;
	dir = path_dirname(x->r->datastream);
	path = path_join(dir, id);
	quiet = diag_new();
	*more = scap_xml_read(path, &limits_default, quiet);
	diag_free(quiet);
	free(path);
	free(dir);
	root = *more != NULL ? xmlDocGetRootElement(*more) : NULL;
	return root != NULL && strcmp((const char *)root->name,
	    "oval_definitions") == 0 ? root : NULL;
}

/* id -> element for the definitions and tests of DEFS. */
static xmlHashTablePtr
index_defs(xmlNodePtr defs)
{
	xmlHashTablePtr h = xmlHashCreate(1024);

	if (h == NULL)
		xmem_oom();
	for (xmlNodePtr s = defs != NULL ? defs->children : NULL; s != NULL;
	    s = s->next) {
		if (s->type != XML_ELEMENT_NODE ||
		    (strcmp((const char *)s->name, "definitions") != 0 &&
		    strcmp((const char *)s->name, "tests") != 0 &&
		    strcmp((const char *)s->name, "objects") != 0))
			continue;
		for (xmlNodePtr e = s->children; e != NULL; e = e->next)
			if (e->type == XML_ELEMENT_NODE &&
			    xattr(e, "id") != NULL)
				(void)xmlHashAddEntry(h, XC(xattr(e, "id")), e);
	}
	return h;
}

static void
copy_attr(xmlNodePtr to, xmlNodePtr from, const char *name,
    const char *as, const char *dflt)
{
	const char *v = from != NULL ? xattr(from, name) : NULL;

	if (v != NULL || dflt != NULL)
		(void)xmlNewProp(to, XC(as != NULL ? as : name),
		    XC(v != NULL ? v : dflt));
}

static void
generator(const struct xres *x, xmlNodePtr parent, xmlNsPtr ns,
    xmlNsPtr common)
{
	xmlNodePtr g = xmlNewChild(parent, ns, XC("generator"), NULL);
	const char *v = x->r->tool_version;

	(void)xmlNewChild(g, common, XC("product_name"), XC("assay"));
	if (v != NULL)
		(void)xmlNewChild(g, common, XC("product_version"), XC(v));
	(void)xmlNewChild(g, common, XC("schema_version"), XC("5.11"));
	(void)xmlNewChild(g, common, XC("timestamp"), XC(x->r->finished !=
	    NULL ? x->r->finished : "1970-01-01T00:00:00Z"));
}

static void
system_part(const struct xres *x, const struct oval_results *res,
    size_t i, xmlNodePtr sys, xmlNsPtr ns, xmlHashTablePtr idx)
{
	xmlNodePtr defs = xmlNewChild(sys, ns, XC("definitions"), NULL);
	xmlNodePtr tests = NULL, sc, si;
	xmlNsPtr scns, common;
	const char *host = xres_hostname(x), *r;

	for (size_t k = 0; k < oval_results_n(res, i, false); k++) {
		const char *id = oval_results_get(res, i, false, k, &r);
		xmlNodePtr src = xmlHashLookup(idx, XC(id));
		xmlNodePtr d = xmlNewChild(defs, ns, XC("definition"), NULL);

		(void)xmlNewProp(d, XC("definition_id"), XC(id));
		copy_attr(d, src, "version", NULL, "0");
		copy_attr(d, src, "class", NULL, NULL);
		(void)xmlNewProp(d, XC("result"), XC(r));
		if (src != NULL)
			oval_results_criteria(res, i, src, d, ns, idx);
	}
	if (defs->children == NULL) {
		xmlUnlinkNode(defs);
		xmlFreeNode(defs);
	}
	for (size_t k = 0; k < oval_results_n(res, i, true); k++) {
		const char *id = oval_results_get(res, i, true, k, &r);
		xmlNodePtr src = xmlHashLookup(idx, XC(id));
		xmlNodePtr t;

		if (tests == NULL)
			tests = xmlNewChild(sys, ns, XC("tests"), NULL);
		t = xmlNewChild(tests, ns, XC("test"), NULL);
		(void)xmlNewProp(t, XC("test_id"), XC(id));
		copy_attr(t, src, "version", NULL, "0");
		copy_attr(t, src, "check_existence", NULL, NULL);
		copy_attr(t, src, "check", NULL, "all");
		copy_attr(t, src, "state_operator", NULL, NULL);
		(void)xmlNewProp(t, XC("result"), XC(r));
		oval_results_tested(res, oval_results_comp(res, i), id, t, ns);
	}
	sc = xmlNewChild(sys, NULL, XC("oval_system_characteristics"), NULL);
	scns = xmlNewNs(sc, XC(SC_NS), NULL);
	common = xmlNewNs(sc, XC(COMMON_NS), XC("oval"));
	xmlSetNs(sc, scns);
	generator(x, sc, scns, common);
	si = xmlNewChild(sc, scns, XC("system_info"), NULL);
	(void)xmlNewChild(si, scns, XC("os_name"), XC("unknown"));
	(void)xmlNewChild(si, scns, XC("os_version"), XC("unknown"));
	(void)xmlNewChild(si, scns, XC("architecture"), XC("unknown"));
	(void)xmlNewTextChild(si, scns, XC("primary_host_name"),
	    XC(host != NULL ? host : "unknown"));
	(void)xmlNewChild(si, scns, XC("interfaces"), NULL);
	oval_results_sc(res, oval_results_comp(res, i), sc, scns, idx);
}

xmlNodePtr
xres_oval_results(const struct xres *x, size_t i, xmlNodePtr parent)
{
	static const char *const dirs[] = { "definition_true",
	    "definition_false", "definition_unknown", "definition_error",
	    "definition_not_evaluated", "definition_not_applicable", NULL };
	const struct oval_results *res = x->r->oval_results;
	xmlDocPtr more = NULL;
	xmlNodePtr defs = find_defs(x, oval_results_comp(res, i), &more);
	xmlHashTablePtr idx = index_defs(defs);
	xmlNodePtr or, n, sys;
	xmlNsPtr ns, common;

	or = xmlNewChild(parent, NULL, XC("oval_results"), NULL);
	ns = xmlNewNs(or, XC(RES_NS), NULL);
	common = xmlNewNs(or, XC(COMMON_NS), XC("oval"));
	xmlSetNs(or, ns);
	generator(x, or, ns, common);
	n = xmlNewChild(or, ns, XC("directives"), NULL);
	for (size_t k = 0; dirs[k] != NULL; k++) {
		xmlNodePtr d = xmlNewChild(n, ns, XC(dirs[k]), NULL);

		(void)xmlNewProp(d, XC("reported"), XC("true"));
		(void)xmlNewProp(d, XC("content"), XC("full"));
	}
	if (defs != NULL) {
		xmlNodePtr copy = xmlDocCopyNode(defs, or->doc, 1);

		if (copy == NULL)
			xmem_oom();
		(void)xmlAddChild(or, copy);
	}
	n = xmlNewChild(or, ns, XC("results"), NULL);
	if (oval_results_truncated(res)) {
		char *m = xasprintf(" assay: more than %zu OVAL definitions "
		    "and tests were evaluated; the rest are left out "
		    "(limit oval_results) ", limits_default.oval_results);

		(void)xmlAddChild(n, xmlNewDocComment(or->doc, XC(m)));
		free(m);
	}
	sys = xmlNewChild(n, ns, XC("system"), NULL);
	system_part(x, res, i, sys, ns, idx);
	xmlHashFree(idx, NULL);
	xmlFreeDoc(more);
	return or;
}

static void
one_report(const struct xres *x, size_t i, xmlNodePtr reports,
    xmlNsPtr arf)
{
	xmlNodePtr rep = xmlNewChild(reports, arf, XC("report"), NULL);
	char *id = xasprintf("oval%zu", i);

	(void)xmlNewProp(rep, XC("id"), XC(id));
	(void)xres_oval_results(x, i, xmlNewChild(rep, arf, XC("content"),
	    NULL));
	free(id);
}

/* Point each check-content-ref below N naming a recorded definition at
 * its report. */
static void
point_refs(const struct oval_results *res, xmlNodePtr n, unsigned depth)
{
	for (xmlNodePtr c = n->children; c != NULL && depth < 16;
	    c = c->next) {
		const char *name;

		if (c->type != XML_ELEMENT_NODE)
			continue;
		if (strcmp((const char *)c->name, "check-content-ref") != 0 ||
		    (name = xattr(c, "name")) == NULL) {
			point_refs(res, c, depth + 1);
			continue;
		}
		for (size_t i = 0; i < oval_results_ncomps(res); i++)
			if (oval_results_has_def(res, i, name)) {
				char *h = xasprintf("#oval%zu", i);

				(void)xmlSetProp(c, XC("href"), XC(h));
				free(h);
				break;
			}
	}
}

void
xres_oval_reports(const struct xres *x, xmlNodePtr reports, xmlNsPtr arf,
    xmlNodePtr tr)
{
	const struct oval_results *res = x->r->oval_results;

	for (size_t i = 0; i < oval_results_ncomps(res); i++)
		one_report(x, i, reports, arf);
	if (tr != NULL && oval_results_ncomps(res) > 0)
		point_refs(res, tr, 0);
}
