/*
 * arf.c -- `--format arf`: the scan as an ARF 1.1 asset report collection
 * (NIST IR 7694), in the shape `oscap xccdf eval --results-arf` writes
 * (OpenSCAP 1.3.7):
 *
 *   <arf:asset-report-collection>
 *     <core:relationships>
 *       xccdf1 arfvocab:createdFor collection1; xccdf1 arfvocab:isAbout
 *       asset0
 *     <arf:report-requests><arf:report-request id="collection1">
 *       <arf:content> the source data stream, copied whole (without
 *         --datastream: the minimal Benchmark of xccdf_results.c)
 *     <arf:assets><arf:asset id="asset0"><ai:computing-device>
 *       <ai:hostname> from the target's /etc/hostname (no connections:
 *       the target is not running)
 *     <arf:reports><arf:report id="xccdf1"><arf:content>
 *       the XCCDF TestResult, its benchmark href "#COMPONENT-ID"
 *     <arf:report id="oval0">...      one per OVAL component evaluated:
 *       OVAL 5.11 results (arf_oval.c), which the TestResult's
 *       check-content-refs name ("#oval0")
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <libxml/tree.h>

#include "assay/oval.h"
#include "assay/xmem.h"

#include "report_private.h"
#include "xccdf_private.h"

#define ARF_NS	"http://scap.nist.gov/schema/asset-reporting-format/1.1"
#define CORE_NS	"http://scap.nist.gov/schema/reporting-core/1.1"
#define AI_NS	"http://scap.nist.gov/schema/asset-identification/1.1"
#define VOCAB	"http://scap.nist.gov/specifications/arf/vocabulary/" \
		"relationships/1.0#"
#define XC(s)	((const xmlChar *)(s))

static void
relationship(xmlNodePtr rels, xmlNsPtr core, const char *type,
    const char *ref)
{
	xmlNodePtr n = xmlNewChild(rels, core, XC("relationship"), NULL);

	(void)xmlNewProp(n, XC("type"), XC(type));
	(void)xmlNewProp(n, XC("subject"), XC("xccdf1"));
	(void)xmlNewTextChild(n, core, XC("ref"), XC(ref));
}

/* "#ID" of the data stream component holding the Benchmark, else the
 * report request's. Malloc'd. */
static char *
bench_href(const struct xres *x)
{
	xmlNodePtr p = x->bench != NULL ? x->bench->parent : NULL;
	xmlChar *id = NULL;
	char *s;

	if (p != NULL && p->type == XML_ELEMENT_NODE &&
	    strcmp((const char *)p->name, "component") == 0)
		id = xmlGetProp(p, XC("id"));
	s = xasprintf("#%s", id != NULL ? (const char *)id : "collection1");
	xmlFree(id);
	return s;
}

static int
arf_write(const struct scan_report *r, FILE *fp, struct diag *d)
{
	struct xres x;
	xmlDocPtr doc;
	xmlNodePtr root, rels, n, content, bench, reports, tr;
	xmlNsPtr arf, core, ai;
	const char *host;
	char *href;
	int rc;

	if (xres_open(&x, r, d) != 0)
		return -1;
	doc = xmlNewDoc(XC("1.0"));
	root = xmlNewDocNode(doc, NULL, XC("asset-report-collection"), NULL);
	(void)xmlDocSetRootElement(doc, root);
	arf = xmlNewNs(root, XC(ARF_NS), XC("arf"));
	core = xmlNewNs(root, XC(CORE_NS), XC("core"));
	ai = xmlNewNs(root, XC(AI_NS), XC("ai"));
	xmlSetNs(root, arf);

	rels = xmlNewChild(root, core, XC("relationships"), NULL);
	(void)xmlNewNs(rels, XC(VOCAB), XC("arfvocab"));
	relationship(rels, core, "arfvocab:createdFor", "collection1");
	relationship(rels, core, "arfvocab:isAbout", "asset0");

	n = xmlNewChild(root, arf, XC("report-requests"), NULL);
	n = xmlNewChild(n, arf, XC("report-request"), NULL);
	(void)xmlNewProp(n, XC("id"), XC("collection1"));
	content = xmlNewChild(n, arf, XC("content"), NULL);
	if (x.bench != NULL) {
		xmlNodePtr ds = xmlDocCopyNode(xmlDocGetRootElement(x.xml),
		    doc, 1);

		if (ds == NULL)
			xmem_oom();
		(void)xmlAddChild(content, ds);
		bench = x.bench;
	} else
		bench = xmlAddChild(content, xres_benchmark(&x, doc));

	n = xmlNewChild(root, arf, XC("assets"), NULL);
	n = xmlNewChild(n, arf, XC("asset"), NULL);
	(void)xmlNewProp(n, XC("id"), XC("asset0"));
	n = xmlNewChild(n, ai, XC("computing-device"), NULL);
	if ((host = xres_hostname(&x)) != NULL)
		(void)xmlNewTextChild(n, ai, XC("hostname"), XC(host));

	reports = xmlNewChild(root, arf, XC("reports"), NULL);
	n = xmlNewChild(reports, arf, XC("report"), NULL);
	(void)xmlNewProp(n, XC("id"), XC("xccdf1"));
	content = xmlNewChild(n, arf, XC("content"), NULL);
	href = bench_href(&x);
	tr = xres_testresult(&x, content, bench, href);
	free(href);
	xres_oval_reports(&x, reports, arf, tr);

	rc = xres_dump(doc, fp);
	xmlFreeDoc(doc);
	xres_close(&x);
	return rc;
}

const struct report_ops report_arf = {
	.name = "arf",
	.write = arf_write,
};
