/*
 * oval_xml.c -- xmlfilecontent_object (OVAL 5.11.2
 * independent-definitions-schema): XPath 1.0 over XML files of the
 * target, with libxml2.
 *
 * Each file the object names (filepath, or path + filename) is read
 * through the target (at most read_max bytes) and parsed from memory
 * with no network access, no DTD loading and no entity substitution
 * (libxml2's own amplification limits stay on: no XML_PARSE_HUGE). The
 * object's xpath is evaluated with libxml2's XPath 1.0 under an
 * operation limit (XPATH_OP_LIMIT), so a hostile expression or document
 * ends as an error instead of a hang. value_of holds each node's string
 * value (an element's text, an attribute's value) or the scalar result
 * (a number as XPath's string() gives it, true/false); an expression
 * that selects nothing gives no item for that file, so the test's
 * existence check decides. A file that is not well-formed XML is an
 * error naming the file and line, and so is a document type declaration
 * that declares entities. OpenSCAP does the same through its probe
 * root, with libxml2 too.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>

#include "assay/strbuf.h"
#include "assay/util.h"
#include "assay/xmem.h"
#include "oval_private.h"

/* XPath operations for one expression on one file: SSG's are a handful
 * of steps; 10 million is seconds of CPU at worst. */
#define XPATH_OP_LIMIT	10000000UL

/* The values of RES into IT (value_of), at most LIMIT of them. */
static size_t
add_values(struct oitem *it, xmlXPathObjectPtr res, size_t limit)
{
	size_t n = 0;
	xmlChar *s;

	switch (res->type) {
	case XPATH_NODESET:
		if (res->nodesetval == NULL)
			return 0;
		for (int i = 0; i < res->nodesetval->nodeNr &&
		    n < limit; i++) {
			s = xmlXPathCastNodeToString(
			    res->nodesetval->nodeTab[i]);
			oitem_add(it, "value_of", s != NULL ?
			    (const char *)s : "");
			xmlFree(s);
			n++;
		}
		return n;
	case XPATH_BOOLEAN:
	case XPATH_NUMBER:
	case XPATH_STRING:
		s = xmlXPathCastToString(res);
		oitem_add(it, "value_of", s != NULL ? (const char *)s : "");
		xmlFree(s);
		return 1;
	default:
		return 0;
	}
}

/* Evaluate XPATH on file PATH of the target into OUT. */
static enum ores
xml_file(struct ox *ox, const char *path, const char *xpath,
    struct oitems *out)
{
	struct strbuf sb = STRBUF_INIT;
	enum fs_rc rc = target_read(ox->t, path, 0, &sb);
	xmlParserCtxtPtr pctx;
	xmlXPathContextPtr xctx;
	xmlXPathObjectPtr res;
	struct oitem *it;
	enum ores r = OR_TRUE;
	xmlDocPtr doc;

	if (rc == FS_ENOENT || rc == FS_ENOTREG)
		goto done;
	if (rc != FS_OK) {
		r = ox_fail(ox, OR_ERROR, "xmlfilecontent %s: %s", path,
		    fs_rc_str(rc));
		goto done;
	}
	pctx = xmlNewParserCtxt();
	if (pctx == NULL) {
		r = ox_fail(ox, OR_ERROR, "xmlfilecontent: out of memory");
		goto done;
	}
	doc = xmlCtxtReadMemory(pctx, sb.buf != NULL ? sb.buf : "",
	    (int)sb.len, path, NULL, XML_PARSE_NONET | XML_PARSE_NOERROR |
	    XML_PARSE_NOWARNING | XML_PARSE_BIG_LINES);
	if (doc == NULL || xmlDocGetRootElement(doc) == NULL) {
		const xmlError *e = xmlCtxtGetLastError(pctx);

		r = ox_fail(ox, OR_ERROR, "xmlfilecontent %s:%d: not "
		    "well-formed XML%s%s", path, e != NULL ? e->line : 0,
		    e != NULL && e->message != NULL ? ": " : "",
		    e != NULL && e->message != NULL ? e->message : "");
		xmlFreeDoc(doc);
		xmlFreeParserCtxt(pctx);
		goto done;
	}
	xmlFreeParserCtxt(pctx);
	if (doc->intSubset != NULL && (doc->intSubset->entities != NULL ||
	    doc->intSubset->pentities != NULL)) {
		/* where billion laughs live; configuration files have none */
		r = ox_fail(ox, OR_ERROR, "xmlfilecontent %s: a document type "
		    "declaration with entities is not read", path);
		xmlFreeDoc(doc);
		goto done;
	}
	xctx = xmlXPathNewContext(doc);
	if (xctx == NULL) {
		xmlFreeDoc(doc);
		r = ox_fail(ox, OR_ERROR, "xmlfilecontent: out of memory");
		goto done;
	}
	xctx->opLimit = XPATH_OP_LIMIT;
	res = xmlXPathEvalExpression((const xmlChar *)xpath, xctx);
	if (res == NULL) {
		r = ox_fail(ox, OR_ERROR, "xmlfilecontent %s: XPath "
		    "\"%s\" is not valid or exceeds its limits", path, xpath);
	} else {
		if (res->type != XPATH_NODESET || (res->nodesetval != NULL &&
		    res->nodesetval->nodeNr > 0)) {
			it = oitems_new(out, path, 0);
			ox_add_path_fields(it, path);
			oitem_add(it, "xpath", xpath);
			(void)add_values(it, res, ox->lim->oval_items);
		}
		xmlXPathFreeObject(res);
	}
	xmlXPathFreeContext(xctx);
	xmlFreeDoc(doc);
done:
	strbuf_release(&sb);
	return r;
}

enum ores
oval_collect_xmlfilecontent(struct ox *ox, xmlNodePtr obj,
    struct oitems *out)
{
	xmlNodePtr xe = xchild(obj, "xpath");
	struct strlist paths = { NULL, 0, 0 };
	struct ovals xps = { NULL, 0, 0 };
	enum ores r;

	if (xe == NULL)
		return ox_fail(ox, OR_ERROR, "xmlfilecontent_object %s has "
		    "no xpath", xattr(obj, "id"));
	if (xattr(xe, "operation") != NULL &&
	    strcmp(xattr(xe, "operation"), "equals") != 0)
		return ox_fail(ox, OR_UNKNOWN, "xmlfilecontent xpath with "
		    "operation \"%s\"", xattr(xe, "operation"));
	r = ox_obj_paths(ox, obj, &paths);
	if (r == OR_TRUE)
		r = ox_ent_values(ox, xe, &xps);
	for (size_t x = 0; r == OR_TRUE && x < xps.n; x++)
		for (size_t i = 0; r == OR_TRUE && i < paths.n; i++) {
			if (out->n >= ox->lim->oval_items)
				r = ox_fail(ox, OR_ERROR, "xmlfilecontent: "
				    "more than %zu items",
				    ox->lim->oval_items);
			else
				r = xml_file(ox, paths.v[i], xps.v[x], out);
		}
	ovals_release(&xps);
	strlist_release(&paths);
	return r;
}
