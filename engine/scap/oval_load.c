/*
 * oval_load.c -- SCAP content read once per path: the XML parsed with
 * libxml2 under caps, every OVAL component indexed by id.
 *
 * Hostile content: the file is read through hostfile.c (at most
 * lim->scap_bytes), and libxml2 parses it with no network
 * (XML_PARSE_NONET), no entity substitution (no XML_PARSE_NOENT), no DTD
 * loading and no XInclude processing (xmlXIncludeProcess is never
 * called: an xi:include element stays an inert element). SCAP content has
 * no document type declaration, so one (where billion-laughs and external
 * entities live) is refused before parsing, at its line. Errors name the
 * file and line libxml2 gives; the caller exits 2.
 *
 * An XCCDF file (root xccdf:Benchmark) names its OVAL files in
 * check-content-ref href attributes: each plain relative name is loaded
 * from the XCCDF file's folder, as `oscap xccdf eval` does.
 */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>

#include "assay/hostfile.h"
#include "assay/util.h"
#include "assay/xmem.h"
#include "oval_private.h"

#define XCCDF_NS	"http://checklists.nist.gov/xccdf/1.2"
#define OVAL_SYSTEM	"http://oval.mitre.org/XMLSchema/oval-definitions-5"

static struct scap_doc *docs;	/* loaded, by path */

const char *
xattr(xmlNodePtr n, const char *name)
{
	for (xmlAttrPtr a = n->properties; a != NULL; a = a->next)
		if (strcmp((const char *)a->name, name) == 0 &&
		    a->children != NULL && a->children->type == XML_TEXT_NODE)
			return (const char *)a->children->content;
	return NULL;
}

xmlNodePtr
xchild(xmlNodePtr n, const char *name)
{
	for (xmlNodePtr c = n->children; c != NULL; c = c->next)
		if (c->type == XML_ELEMENT_NODE &&
		    strcmp((const char *)c->name, name) == 0)
			return c;
	return NULL;
}

char *
xtext(xmlNodePtr n)
{
	xmlChar *s = xmlNodeGetContent(n);
	char *r = xstrdup(s != NULL ? (const char *)s : "");

	xmlFree(s);
	return r;
}

static bool
is_ns(xmlNodePtr n, const char *ns)
{
	return n->ns != NULL && n->ns->href != NULL &&
	    strcmp((const char *)n->ns->href, ns) == 0;
}

/* The line of the first "<!DOCTYPE" in BUF, or 0. */
static unsigned
doctype_line(const char *buf, size_t len)
{
	static const char tag[] = "<!DOCTYPE";
	unsigned line = 1;

	for (size_t i = 0; i < len; i++) {
		if (buf[i] == '\n')
			line++;
		else if (buf[i] == '<' && len - i >= sizeof(tag) - 1 &&
		    memcmp(buf + i, tag, sizeof(tag) - 1) == 0)
			return line;
	}
	return 0;
}

static xmlDocPtr
parse_file(const char *path, const struct limits *lim, struct diag *d)
{
	char *buf;
	size_t len;
	unsigned line;
	xmlParserCtxtPtr ctx;
	xmlDocPtr x;

	switch (hostfile_read(path, lim->scap_bytes, true, &buf, &len)) {
	case HOSTFILE_OK:
		break;
	case HOSTFILE_TOO_BIG:
		diag_add(d, &(struct srcpos){ path, 0, 0 }, "larger than %zu "
		    "bytes", lim->scap_bytes);
		return NULL;
	case HOSTFILE_NOT_REGULAR:
		diag_add(d, &(struct srcpos){ path, 0, 0 }, "not a regular "
		    "file");
		return NULL;
	default:
		diag_add(d, &(struct srcpos){ path, 0, 0 }, "%s",
		    diag_errno(errno));
		return NULL;
	}
	if ((line = doctype_line(buf, len)) != 0) {
		diag_add(d, &(struct srcpos){ path, line, 0 }, "a document "
		    "type declaration (<!DOCTYPE>) is not allowed in SCAP "
		    "content: no DTD, entity or external entity is read");
		free(buf);
		return NULL;
	}
	if (len > (size_t)INT32_MAX) {
		free(buf);
		return NULL;
	}
	ctx = xmlNewParserCtxt();
	if (ctx == NULL)
		xmem_oom();
	x = xmlCtxtReadMemory(ctx, buf, (int)len, path, NULL, XML_PARSE_NONET |
	    XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_BIG_LINES |
	    XML_PARSE_NOCDATA);
	if (x == NULL || x->intSubset != NULL || xmlDocGetRootElement(x) ==
	    NULL) {
		const xmlError *e = xmlCtxtGetLastError(ctx);
		char *msg = e != NULL && e->message != NULL ?
		    xstrdup(e->message) : xstrdup("not an XML document");
		size_t n = strlen(msg);

		while (n > 0 && (msg[n - 1] == '\n' || msg[n - 1] == ' '))
			msg[--n] = '\0';
		diag_add(d, &(struct srcpos){ path, e != NULL && e->line > 0 ?
		    (unsigned)e->line : 0, 0 }, "malformed XML: %s", msg);
		free(msg);
		xmlFreeDoc(x);
		x = NULL;
	}
	xmlFreeParserCtxt(ctx);
	free(buf);
	return x;
}

static void
comp_index(struct scap_doc *doc, const char *id, xmlNodePtr root)
{
	struct oval_comp *c;

	doc->comps = xreallocarray(doc->comps, doc->ncomps + 1,
	    sizeof(*doc->comps));
	c = &doc->comps[doc->ncomps++];
	c->id = xstrdup(id);
	c->root = root;
	c->ids = xmlHashCreate(1024);
	if (c->ids == NULL)
		xmem_oom();
	for (xmlNodePtr sec = root->children; sec != NULL; sec = sec->next) {
		if (sec->type != XML_ELEMENT_NODE)
			continue;
		for (xmlNodePtr e = sec->children; e != NULL; e = e->next) {
			const char *eid;

			if (e->type != XML_ELEMENT_NODE ||
			    (eid = xattr(e, "id")) == NULL)
				continue;
			/* the first of a duplicate id wins */
			(void)xmlHashAddEntry(c->ids, (const xmlChar *)eid, e);
		}
	}
}

/* Every oval_definitions element under N (a data stream component, or
 * the root), indexed under the id of the ds:component holding it. */
static void
find_comps(struct scap_doc *doc, xmlNodePtr n, const char *compid)
{
	for (; n != NULL; n = n->next) {
		if (n->type != XML_ELEMENT_NODE)
			continue;
		if (strcmp((const char *)n->name, "oval_definitions") == 0 &&
		    is_ns(n, OVAL_NS)) {
			comp_index(doc, compid, n);
			continue;
		}
		if (strcmp((const char *)n->name, "component") == 0) {
			const char *id = xattr(n, "id");

			find_comps(doc, n->children, id != NULL ? id : "");
		} else if (strcmp((const char *)n->name,
		    "data-stream-collection") == 0)
			find_comps(doc, n->children, compid);
	}
}

/* An XCCDF file: load the OVAL files its checks name, from its folder. */
static int
load_beside(struct scap_doc *doc, xmlNodePtr n, const struct limits *lim,
    struct diag *d)
{
	int rc = 0;

	for (; n != NULL && rc == 0; n = n->next) {
		const char *href, *sys;
		char *dir, *p;
		xmlDocPtr x;
		bool seen = false;

		if (n->type != XML_ELEMENT_NODE)
			continue;
		if (strcmp((const char *)n->name, "check-content-ref") != 0 ||
		    n->parent == NULL || (sys = xattr(n->parent, "system")) ==
		    NULL || strcmp(sys, OVAL_SYSTEM) != 0 ||
		    (href = xattr(n, "href")) == NULL) {
			rc = load_beside(doc, n->children, lim, d);
			continue;
		}
		for (size_t i = 0; i < doc->ncomps; i++)
			seen |= strcmp(doc->comps[i].id, href) == 0;
		if (seen)
			continue;
		if (href[0] == '/' || strstr(href, "..") != NULL ||
		    strchr(href, ':') != NULL || href[0] == '#') {
			diag_add(d, &(struct srcpos){ doc->path,
			    (unsigned)xmlGetLineNo(n), 0 }, "check-content-ref "
			    "href \"%s\": only a file name beside the XCCDF "
			    "file is read", href);
			return -1;
		}
		dir = path_dirname(doc->path);
		p = path_join(dir, href);
		free(dir);
		x = parse_file(p, lim, d);
		free(p);
		if (x == NULL)
			return -1;
		doc->more = xreallocarray(doc->more, doc->nmore + 1,
		    sizeof(*doc->more));
		doc->more[doc->nmore++] = x;
		find_comps(doc, xmlDocGetRootElement(x), href);
	}
	return rc;
}

static void
doc_free(struct scap_doc *doc)
{
	for (size_t i = 0; i < doc->ncomps; i++) {
		xmlHashFree(doc->comps[i].ids, NULL);
		free(doc->comps[i].id);
	}
	free(doc->comps);
	for (size_t i = 0; i < doc->nmore; i++)
		xmlFreeDoc(doc->more[i]);
	free(doc->more);
	xmlFreeDoc(doc->xml);
	free(doc->path);
	free(doc);
}

struct scap_doc *
scap_doc_get(const char *path, const struct limits *lim, struct diag *d)
{
	struct scap_doc *doc;
	xmlNodePtr root;

	for (doc = docs; doc != NULL; doc = doc->next)
		if (strcmp(doc->path, path) == 0) {
			doc->refs++;
			return doc;
		}
	doc = xcalloc(1, sizeof(*doc));
	doc->path = xstrdup(path);
	if ((doc->xml = parse_file(path, lim, d)) == NULL) {
		doc_free(doc);
		return NULL;
	}
	root = xmlDocGetRootElement(doc->xml);
	if (strcmp((const char *)root->name, "Benchmark") == 0 &&
	    is_ns(root, XCCDF_NS)) {
		if (load_beside(doc, root, lim, d) != 0) {
			doc_free(doc);
			return NULL;
		}
	} else
		find_comps(doc, root, path);
	if (strcmp((const char *)root->name, "Benchmark") != 0 &&
	    strcmp((const char *)root->name, "data-stream-collection") != 0 &&
	    strcmp((const char *)root->name, "oval_definitions") != 0) {
		diag_add(d, &(struct srcpos){ path,
		    (unsigned)xmlGetLineNo(root), 0 }, "not SCAP content: the "
		    "root element is <%s>, not a data-stream-collection, an "
		    "XCCDF 1.2 Benchmark or oval_definitions", root->name);
		doc_free(doc);
		return NULL;
	}
	doc->refs = 1;
	doc->next = docs;
	docs = doc;
	return doc;
}

void
scap_doc_put(struct scap_doc *doc)
{
	if (doc == NULL || --doc->refs > 0)
		return;
	for (struct scap_doc **pp = &docs; *pp != NULL; pp = &(*pp)->next)
		if (*pp == doc) {
			*pp = doc->next;
			break;
		}
	doc_free(doc);
}

void *
scap_doc_xml(const struct scap_doc *doc)
{
	return doc->xml;
}

const char *
scap_doc_path(const struct scap_doc *doc)
{
	return doc->path;
}

xmlNodePtr
oval_by_id(const struct oval_comp *c, const char *id)
{
	return xmlHashLookup(c->ids, (const xmlChar *)id);
}

const char *
scap_oval_find(const struct scap_doc *doc, const char *component,
    const char *def)
{
	for (size_t i = 0; i < doc->ncomps; i++) {
		if (component != NULL &&
		    strcmp(doc->comps[i].id, component) != 0)
			continue;
		if (oval_by_id(&doc->comps[i], def) != NULL)
			return doc->comps[i].id;
	}
	return NULL;
}

void *
scap_xml_read(const char *path, const struct limits *lim, struct diag *d)
{
	return parse_file(path, lim, d);
}
