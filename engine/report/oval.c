/*
 * oval.c -- `--format oval`: the OVAL 5.11 results of a --datastream
 * scan alone, one oval_results document (arf_oval.c builds it: the
 * definitions, their results with the criteria trees, the tests with
 * their tested items and variables, the collected objects and items),
 * what `oscap oval eval --results` or `oscap xccdf eval --oval-results`
 * writes for one OVAL file.
 *
 * One output file holds one document, and an OVAL results document holds
 * one oval_definitions: when the scan evaluated several OVAL components
 * (a data stream's checks and its CPE dictionary's platform checks),
 * the file holds the one with the most definitions evaluated, the
 * rules' checks (first evaluated on a tie), and an XML comment names the
 * others, which `--format arf` carries. oscap instead writes one file
 * per OVAL component, named after it, into the working directory.
 * Without OVAL results (a scan without --datastream, which `assay scan`
 * refuses up front, or a report read back) nothing is written: an error.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <libxml/tree.h>

#include "assay/oval.h"
#include "assay/xmem.h"

#include "report_private.h"
#include "xccdf_private.h"

#define XC(s)	((const xmlChar *)(s))

static int
oval_write(const struct scan_report *r, FILE *fp, struct diag *d)
{
	const struct oval_results *res = r->oval_results;
	size_t n = oval_results_ncomps(res), best = 0;
	struct xres x;
	xmlDocPtr doc;
	xmlNodePtr tmp, or;
	int rc;

	if (n == 0) {
		diag_add(d, NULL, "oval: no OVAL results to write (they "
		    "come from a scan with --datastream)");
		return -1;
	}
	if (xres_open(&x, r, d) != 0)
		return -1;
	doc = xmlNewDoc(XC("1.0"));
	tmp = xmlNewDocNode(doc, NULL, XC("tmp"), NULL);
	(void)xmlDocSetRootElement(doc, tmp);
	for (size_t i = 1; i < n; i++)
		if (oval_results_n(res, i, false) >
		    oval_results_n(res, best, false))
			best = i;
	or = xres_oval_results(&x, best, tmp);
	for (size_t i = 0; i < n; i++)
		if (i != best) {
			char *id = xstrdup(oval_results_comp(res, i)), *m;

			/* XML 1.0 comments cannot hold "--" */
			for (char *p; (p = strstr(id, "--")) != NULL;)
				p[1] = '_';
			m = xasprintf(" assay: OVAL component %s is left out "
			    "(one component per file; the ARF output holds "
			    "every one) ", id);
			free(id);

			(void)xmlAddPrevSibling(or->children,
			    xmlNewDocComment(doc, XC(m)));
			free(m);
		}
	xmlUnlinkNode(or);
	xmlFreeNode(xmlDocSetRootElement(doc, or));
	rc = xres_dump(doc, fp);
	xmlFreeDoc(doc);
	xres_close(&x);
	return rc;
}

const struct report_ops report_oval = {
	.name = "oval",
	.write = oval_write,
};
