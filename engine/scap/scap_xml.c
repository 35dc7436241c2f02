/*
 * scap_xml.c -- libxml2 tree helpers shared by the SCAP readers and
 * writers (scap_xml.h).
 */
#include "config.h"

#include <ctype.h>
#include <string.h>

#include <libxml/tree.h>

#include "assay/scap_xml.h"
#include "assay/xmem.h"

const char *
xattr(xmlNodePtr n, const char *name)
{
	/* only an element has attributes: with XML_PARSE_COMPACT a short
	 * text node keeps its content where an element keeps properties
	 * (fuzz_xccdf found a Profile's text child read as attributes) */
	if (n == NULL || n->type != XML_ELEMENT_NODE)
		return NULL;
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

bool
xccdf_ns(const char *uri)
{
	return uri != NULL && (strcmp(uri, SCAP_XCCDF_NS) == 0 ||
	    strcmp(uri, SCAP_XCCDF11_NS) == 0);
}

bool
xis_xccdf(xmlNodePtr n, const char *name)
{
	return n->type == XML_ELEMENT_NODE && n->ns != NULL &&
	    xccdf_ns((const char *)n->ns->href) &&
	    strcmp((const char *)n->name, name) == 0;
}

bool
xis_xccdf11(xmlNodePtr n)
{
	return n != NULL && n->type == XML_ELEMENT_NODE && n->ns != NULL &&
	    n->ns->href != NULL &&
	    strcmp((const char *)n->ns->href, SCAP_XCCDF11_NS) == 0;
}

/* --benchmark-id: the Benchmark a data stream with several is read for,
 * or NULL for its first (scap_xml.h) */
static char *bench_wanted;

void
xbench_select(const char *id)
{
	free(bench_wanted);
	bench_wanted = id != NULL ? xstrdup(id) : NULL;
}

const char *
xbench_selected(void)
{
	return bench_wanted;
}

/* Is Benchmark B the one ID names: by its own id, the id of the
 * ds:component holding it, or the id of a ds:component-ref (under ROOT)
 * pointing at that component? */
static bool
bench_is(xmlNodePtr root, xmlNodePtr b, const char *id, unsigned depth)
{
	const char *comp = b->parent != NULL && b->parent->type ==
	    XML_ELEMENT_NODE ? xattr(b->parent, "id") : NULL;

	if (depth == 0 && ((xattr(b, "id") != NULL &&
	    strcmp(xattr(b, "id"), id) == 0) || (comp != NULL &&
	    strcmp(comp, id) == 0)))
		return true;
	if (comp == NULL || depth > 8)
		return false;
	for (xmlNodePtr n = root; n != NULL; n = n->next) {
		const char *h;

		if (n->type != XML_ELEMENT_NODE ||
		    strcmp((const char *)n->name, "component") == 0)
			continue;
		if (strcmp((const char *)n->name, "component-ref") == 0 &&
		    xattr(n, "id") != NULL && strcmp(xattr(n, "id"), id) == 0 &&
		    (h = xattr(n, "href")) != NULL && h[0] == '#' &&
		    strcmp(h + 1, comp) == 0)
			return true;
		if (bench_is(n->children, b, id, depth + 1))
			return true;
	}
	return false;
}

static xmlNodePtr
find_bench(xmlNodePtr top, xmlNodePtr n, unsigned depth)
{
	for (; n != NULL && depth < 8; n = n->next) {
		xmlNodePtr b;

		if (n->type != XML_ELEMENT_NODE ||
		    strcmp((const char *)n->name, "oval_definitions") == 0)
			continue;
		if (xis_xccdf(n, "Benchmark")) {
			if (bench_wanted == NULL ||
			    bench_is(top, n, bench_wanted, 0))
				return n;
			continue;
		}
		if ((b = find_bench(top, n->children, depth + 1)) != NULL)
			return b;
	}
	return NULL;
}

xmlNodePtr
xfind_bench(xmlNodePtr n)
{
	return find_bench(n, n, 0);
}

static void
list_benches(xmlNodePtr n, struct strbuf *b, unsigned depth)
{
	for (; n != NULL && depth < 8; n = n->next) {
		if (n->type != XML_ELEMENT_NODE ||
		    strcmp((const char *)n->name, "oval_definitions") == 0)
			continue;
		if (xis_xccdf(n, "Benchmark")) {
			if (b->len > 0)
				strbuf_addstr(b, ", ");
			strbuf_addstr(b, xattr(n, "id") != NULL ?
			    xattr(n, "id") : "(no id)");
			continue;
		}
		list_benches(n->children, b, depth + 1);
	}
}

char *
xbench_list(xmlNodePtr n)
{
	struct strbuf b = STRBUF_INIT;

	list_benches(n, &b, 0);
	return strbuf_detach(&b);
}

/* The text of element N when it is one text node or none, as
 * xmlNodeGetContent would give it, without its copy; else NULL. */
static const char *
text_of_one(xmlNodePtr n)
{
	xmlNodePtr c = n != NULL && n->type == XML_ELEMENT_NODE ?
	    n->children : NULL;

	if (n == NULL || n->type != XML_ELEMENT_NODE)
		return NULL;
	if (c == NULL)
		return "";
	if (c->next == NULL && (c->type == XML_TEXT_NODE ||
	    c->type == XML_CDATA_SECTION_NODE))
		return c->content != NULL ? (const char *)c->content : "";
	return NULL;
}

char *
xtext(xmlNodePtr n)
{
	const char *one = text_of_one(n);
	xmlChar *s;
	char *r;

	if (one != NULL)
		return xstrdup(one);
	s = xmlNodeGetContent(n);
	r = xstrdup(s != NULL ? (const char *)s : "");
	xmlFree(s);
	return r;
}

char *
xtext_norm(xmlNodePtr n)
{
	const char *one = text_of_one(n);
	xmlChar *s = one == NULL && n != NULL ? xmlNodeGetContent(n) : NULL;
	char *r = xstrdup(one != NULL ? one : s != NULL ? (const char *)s :
	    ""), *o = r;
	bool sp = false;

	/* collapsed in place: the result is never longer */
	for (const char *p = r; *p != '\0'; p++) {
		if (isspace((unsigned char)*p)) {
			sp = o > r;
			continue;
		}
		if (sp)
			*o++ = ' ';
		sp = false;
		*o++ = *p;
	}
	*o = '\0';
	xmlFree(s);
	return r;
}

void
xyq(struct strbuf *b, const char *s)
{
	strbuf_addch(b, '"');
	for (; *s != '\0'; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\')
			strbuf_addf(b, "\\%c", c);
		else if (c < 0x20 || c == 0x7f)
			strbuf_addf(b, "\\x%02x", c);
		else
			strbuf_addch(b, (char)c);
	}
	strbuf_addch(b, '"');
}

static void
sig(struct strbuf *b, xmlNodePtr n, bool siblings, unsigned depth)
{
	for (; n != NULL; n = siblings ? n->next : NULL) {
		strbuf_addf(b, "%u %d %s %s %ld", depth, (int)n->type,
		    n->type == XML_ELEMENT_NODE && n->ns != NULL &&
		    n->ns->href != NULL ? (const char *)n->ns->href : "-",
		    n->name != NULL ? (const char *)n->name : "-",
		    xmlGetLineNo(n));
		if (n->type == XML_ELEMENT_NODE)
			for (xmlAttrPtr a = n->properties; a != NULL;
			    a = a->next) {
				xmlChar *v = xmlNodeGetContent((xmlNodePtr)a);

				strbuf_addf(b, " @%s=", (const char *)a->name);
				xyq(b, v != NULL ? (const char *)v : "");
				xmlFree(v);
			}
		else if (n->content != NULL) {
			strbuf_addch(b, ' ');
			xyq(b, (const char *)n->content);
		}
		strbuf_addch(b, '\n');
		if (n->type == XML_ELEMENT_NODE)
			sig(b, n->children, true, depth + 1);
		if (!siblings)
			break;
	}
}

void
xsig(struct strbuf *b, xmlNodePtr n, bool siblings)
{
	sig(b, n, siblings, 0);
}
