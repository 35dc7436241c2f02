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

static xmlNodePtr
find_bench(xmlNodePtr n, unsigned depth)
{
	for (; n != NULL && depth < 8; n = n->next) {
		xmlNodePtr b;

		if (n->type != XML_ELEMENT_NODE ||
		    strcmp((const char *)n->name, "oval_definitions") == 0)
			continue;
		if (xis_xccdf(n, "Benchmark"))
			return n;
		if ((b = find_bench(n->children, depth + 1)) != NULL)
			return b;
	}
	return NULL;
}

xmlNodePtr
xfind_bench(xmlNodePtr n)
{
	return find_bench(n, 0);
}

char *
xtext(xmlNodePtr n)
{
	xmlChar *s = xmlNodeGetContent(n);
	char *r = xstrdup(s != NULL ? (const char *)s : "");

	xmlFree(s);
	return r;
}

char *
xtext_norm(xmlNodePtr n)
{
	xmlChar *s = n != NULL ? xmlNodeGetContent(n) : NULL;
	char *r = xstrdup(s != NULL ? (const char *)s : ""), *o = r;
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
