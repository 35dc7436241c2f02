/*
 * xccdf_oval.c -- an OVAL definitions file on its own (no XCCDF around
 * it) loaded as a policy pack, as `oscap oval eval FILE` evaluates one:
 * a vendor's vulnerability or patch feed (Red Hat's OVAL v2, Ubuntu's,
 * SUSE's, Debian's), or compliance checks shipped as bare OVAL.
 *
 * Each definition becomes one rule: id the definition's id, title its
 * metadata title, severity the advisory's (Red Hat, Ubuntu and SUSE put
 * one in metadata/advisory/severity: Critical, Important or High,
 * Moderate or Medium, Low or Negligible; none is `info`, as XCCDF's
 * `unknown`), references its metadata references by source (`cve`,
 * `rhsa`, `usn`, ...) and the advisory's `cve` elements, and check the
 * `oval` probe on the definition, whose class decides what true means
 * (a vulnerability or patch that is true fails; oval.h). Every
 * definition runs; there are no profiles.
 */
#include "config.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/tree.h>

#include "assay/oval.h"
#include "assay/policy.h"
#include "assay/scap_xml.h"
#include "assay/strbuf.h"
#include "assay/util.h"
#include "assay/xccdf.h"
#include "assay/xmem.h"
#include "assay/ynode.h"

/* A definition's severity, from its advisory: assay's scale. */
static const char *
severity_of(xmlNodePtr md)
{
	static const struct {
		const char	*word;
		const char	*sev;
	} map[] = {
		{ "critical", "critical" }, { "important", "high" },
		{ "high", "high" }, { "moderate", "medium" },
		{ "medium", "medium" }, { "low", "low" },
		{ "negligible", "low" },
	};
	xmlNodePtr adv = md != NULL ? xchild(md, "advisory") : NULL;
	xmlNodePtr s = adv != NULL ? xchild(adv, "severity") : NULL;
	char *t = s != NULL ? xtext_norm(s) : NULL;
	const char *sev = "info";

	for (size_t i = 0; t != NULL && i < sizeof(map) / sizeof(map[0]); i++)
		if (strcasecmp(t, map[i].word) == 0)
			sev = map[i].sev;
	free(t);
	return sev;
}

/* A reference source as a references key: lower case letters, digits
 * and '-' ("CVE" -> cve, "RHSA" -> rhsa), else "ref". */
static char *
ref_key(const char *source)
{
	char *k = xstrdup(source != NULL ? source : "");
	size_t n = 0;

	for (char *p = k; *p != '\0'; p++)
		if (isalnum((unsigned char)*p) || *p == '-')
			k[n++] = (char)tolower((unsigned char)*p);
	k[n] = '\0';
	if (n == 0 || n > 32) {
		free(k);
		k = xstrdup("ref");
	}
	return k;
}

/* KEYS[i] gets VALS[i]: one list per key, in first-seen order. */
struct refs {
	char		**keys;
	struct strlist	*vals;
	size_t		 n;
};

static void
refs_add(struct refs *r, char *key, const char *val)
{
	size_t i;

	if (val == NULL || val[0] == '\0') {
		free(key);
		return;
	}
	for (i = 0; i < r->n && strcmp(r->keys[i], key) != 0; i++)
		;
	if (i == r->n) {
		r->keys = xreallocarray(r->keys, r->n + 1, sizeof(*r->keys));
		r->vals = xreallocarray(r->vals, r->n + 1, sizeof(*r->vals));
		r->keys[r->n] = key;
		memset(&r->vals[r->n], 0, sizeof(r->vals[r->n]));
		r->n++;
	} else
		free(key);
	if (!strlist_has(&r->vals[i], val))
		strlist_add(&r->vals[i], val);
}

static void
y_refs(struct ybuild *b, xmlNodePtr md)
{
	struct refs r = { NULL, NULL, 0 };
	xmlNodePtr adv = md != NULL ? xchild(md, "advisory") : NULL;

	for (xmlNodePtr c = md != NULL ? md->children : NULL; c != NULL;
	    c = c->next)
		if (c->type == XML_ELEMENT_NODE &&
		    strcmp((const char *)c->name, "reference") == 0)
			refs_add(&r, ref_key(xattr(c, "source")),
			    xattr(c, "ref_id"));
	for (xmlNodePtr c = adv != NULL ? adv->children : NULL; c != NULL;
	    c = c->next)
		if (c->type == XML_ELEMENT_NODE &&
		    strcmp((const char *)c->name, "cve") == 0) {
			char *t = xtext_norm(c);

			refs_add(&r, xstrdup("cve"), t);
			free(t);
		}
	if (r.n > 0) {
		ybuild_key(b, "references");
		ybuild_map(b);
		for (size_t i = 0; i < r.n; i++) {
			ybuild_key(b, r.keys[i]);
			ybuild_seq(b);
			for (size_t j = 0; j < r.vals[i].n; j++)
				ybuild_str(b, r.vals[i].v[j]);
			ybuild_end(b);
		}
		ybuild_end(b);
	}
	for (size_t i = 0; i < r.n; i++) {
		free(r.keys[i]);
		strlist_release(&r.vals[i]);
	}
	free(r.keys);
	free(r.vals);
}

/* The pack's id: "oval-" and the file's name, each other character '_'
 * (a pack id is [A-Za-z0-9._-]). */
static char *
pack_id(const char *path)
{
	const char *base = strrchr(path, '/') != NULL ? strrchr(path, '/') + 1 :
	    path;
	char *id = xasprintf("oval-%s", base);

	for (char *p = id; *p != '\0'; p++)
		if (!isalnum((unsigned char)*p) && strchr("._-", *p) == NULL)
			*p = '_';
	return id;
}

int
xccdf_oval_load(struct policy_set *ps, struct scap_doc *doc,
    const char *path, const struct limits *lim, struct diag *d)
{
	xmlNodePtr root = xmlDocGetRootElement(scap_doc_xml(doc));
	xmlNodePtr defs = xchild(root, "definitions"), gen;
	const char *comp = scap_doc_path(doc);
	struct ybuild *b = ybuild_new(path, lim, d);
	char *id = pack_id(path), *ver = NULL;
	bool open = false;

	if ((gen = xchild(root, "generator")) != NULL &&
	    xchild(gen, "product_version") != NULL)
		ver = xtext_norm(xchild(gen, "product_version"));
	ybuild_at(b, (unsigned)xmlGetLineNo(root));
	ybuild_map(b);
	ybuild_key(b, "policy");
	ybuild_str(b, id);
	ybuild_key(b, "title");
	ybuild_str(b, "OVAL definitions");
	if (ver != NULL && ver[0] != '\0') {
		ybuild_key(b, "version");
		ybuild_str(b, ver);
	}
	free(ver);
	free(id);
	for (xmlNodePtr c = defs != NULL ? defs->children : NULL; c != NULL;
	    c = c->next) {
		xmlNodePtr md;
		const char *did;
		char *title;

		if (c->type != XML_ELEMENT_NODE ||
		    strcmp((const char *)c->name, "definition") != 0 ||
		    (did = xattr(c, "id")) == NULL)
			continue;
		if (!open) {
			ybuild_key(b, "rules");
			ybuild_seq(b);
			open = true;
		}
		md = xchild(c, "metadata");
		title = md != NULL ? xtext_norm(xchild(md, "title")) :
		    xstrdup("");
		ybuild_at(b, (unsigned)xmlGetLineNo(c));
		ybuild_map(b);
		ybuild_key(b, "id");
		ybuild_str(b, did);
		ybuild_key(b, "title");
		ybuild_str(b, title[0] != '\0' ? title : did);
		free(title);
		ybuild_key(b, "severity");
		ybuild_scalar(b, severity_of(md), false);
		y_refs(b, md);
		ybuild_key(b, "check");
		ybuild_map(b);
		ybuild_key(b, "oval");
		ybuild_map(b);
		ybuild_key(b, "datastream");
		ybuild_str(b, path);
		ybuild_key(b, "component");
		ybuild_str(b, comp);
		ybuild_key(b, "definition");
		ybuild_str(b, did);
		ybuild_end(b);
		ybuild_end(b);
		ybuild_end(b);
	}
	if (open)
		ybuild_end(b);
	ybuild_end(b);
	policy_set_xccdf_ids(ps);
	return policy_load_ydoc(ps, ybuild_done(b), lim, d);
}
