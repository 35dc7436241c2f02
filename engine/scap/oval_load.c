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
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/SAX2.h>

#include "assay/hostfile.h"
#include "assay/util.h"
#include "assay/xmem.h"
#include "oval_private.h"

#define OVAL_SYSTEM	"http://oval.mitre.org/XMLSchema/oval-definitions-5"

static struct scap_doc *docs;	/* loaded, by path */

static bool
is_ns(xmlNodePtr n, const char *ns)
{
	return n->ns != NULL && n->ns->href != NULL &&
	    strcmp((const char *)n->ns->href, ns) == 0;
}

/*
 * Prose no evaluation reads is not built into the tree: XCCDF
 * description, rationale, warning, fix and front/rear-matter, OVAL
 * metadata description and reference, the whole OCIL questionnaire
 * component. libxml2 still parses every byte (well-formedness errors and
 * their lines are unchanged); the SAX2 tree builder just never sees
 * those subtrees. In SSG content they are a third of the file, and of
 * the tree's memory and build time. A profile scan also leaves out the
 * unselected Rules and the OVAL definitions, tests and states none of
 * the kept content names (struct prune).
 */
#define OCIL_NS		"http://scap.nist.gov/schema/ocil/2.0"

struct prune {
	unsigned	depth;		/* > 0: inside a pruned subtree */
	unsigned	doctype;	/* the line of a <!DOCTYPE>, or 0 */
	xmlParserCtxtPtr ctx;		/* created on the first chunk */
	const char	*path;
	/* scap_doc_get_selected: XCCDF Rules no Profile selects (and not
	 * selected by default) are pruned too; PICKED holds the ids the
	 * Profiles select, which XCCDF places before every Rule; a select
	 * after a pruned Rule (out of order) makes LATE true */
	bool		 selected_only;
	bool		 keep_prose;
	/* scap_tailoring_read: the content around Tailorings is left
	 * out (a Benchmark, OVAL, OCIL, a CPE dictionary below the root) */
	bool		 tailoring_only;
	bool		 pruned_rule;
	bool		 late;
	xmlHashTablePtr	 picked;
	/* scap_doc_get_profiles: only the selects of the Profiles WANTED
	 * names and of those they extend go into PICKED, once every
	 * Profile has been read (XCCDF places them before any Group or
	 * Rule): PROFS holds each Profile's id, extends and selects until
	 * then, CUR the one being read (-1: none) */
	const char *const *wanted;
	size_t		 nwanted;
	struct pprof	*profs;
	size_t		 nprofs;
	size_t		 profs_cap;
	long		 cur;
	bool		 picked_done;
	/* OVAL elements no kept content references are pruned too, once
	 * an XCCDF Benchmark has ended before them (SSG data streams: the
	 * CPE dictionary and the XCCDF come before the OVAL). WANT holds
	 * every "oval:" id a kept element names (in an attribute or as its
	 * whole text), DROPPED the ids pruned; an id wanted after it was
	 * pruned (a reference backwards) makes LATE true */
	bool		 oval_ok;
	bool		 oval_all;	/* a check names no definition */
	/* the root is oval_definitions (an OVAL file on its own): its
	 * definitions' references (CVE ids) are kept for the rules */
	bool		 oval_root;
	xmlHashTablePtr	 want;
	xmlHashTablePtr	 dropped;
	/* A definition no kept element has named yet is built and held
	 * (HELD: id -> struct held) until its definitions section ends,
	 * its own references noted but not wanted: a later definition may
	 * extend_definition it (SSG's rhel9, sle15 and ubuntu2204 content
	 * do), which wants it and, through it, what it names. What is
	 * still unwanted at the section's end is freed and DROPPED. HOLD
	 * is the held definition being built, HOLD_DEPTH its open
	 * elements. */
	xmlHashTablePtr	 held;
	struct held	*held_list;
	struct held	*hold;
	unsigned	 hold_depth;
	char		*hold_next;	/* prune_oval -> prune_start */
	/* the namespaces told apart, as the parser's dictionary holds them
	 * (it interns every namespace name: a pointer compare) */
	const xmlChar	*nsname[4];
};

enum nskind { NS_OTHER, NS_XCCDF, NS_OVAL, NS_OCIL };

struct pprof {
	char		*id;
	char		*extends;
	struct strlist	 sel;		/* idrefs it selects */
	bool		 in;		/* wanted, or extended by one that is */
};

struct held {
	char		*id;
	xmlNodePtr	 node;
	struct strlist	 refs;		/* ids it names */
	bool		 wanted;
	struct held	*next;
};

/* Attribute NAME among SAX2's (localname, prefix, URI, value, end)
 * quintuples, malloc'd, or NULL. */
static char *
sax_attr(const xmlChar **attrs, int n, const char *name)
{
	for (int i = 0; i < n; i++)
		if (strcmp((const char *)attrs[5 * i], name) == 0)
			return xstrndup((const char *)attrs[5 * i + 3],
			    (size_t)(attrs[5 * i + 4] - attrs[5 * i + 3]));
	return NULL;
}

static bool
is_true(const char *s)
{
	return s != NULL && (strcmp(s, "true") == 0 || strcmp(s, "1") == 0);
}

/* The Profile named NAME as xccdf_profile_resolve matches it (its id,
 * or the one id ending in "_profile_NAME"), or -1. */
static long
pprof_find(const struct prune *p, const char *name)
{
	char *suffix = xasprintf("_profile_%s", name);
	size_t sl = strlen(suffix);
	long found = -1;

	for (size_t i = 0; i < p->nprofs; i++) {
		const char *id = p->profs[i].id;
		size_t l = strlen(id);

		if (strcmp(id, name) == 0) {
			found = (long)i;
			break;
		}
		if (l >= sl && strcmp(id + l - sl, suffix) == 0) {
			if (found >= 0) {
				found = -1;
				break;
			}
			found = (long)i;
		}
	}
	free(suffix);
	return found;
}

/* Every Profile has been read: PICKED gets the selects of the wanted
 * ones and of the Profiles they extend (all of them when a name or an
 * extends does not resolve, so the scan reports it on the whole). */
static void
pprof_pick(struct prune *p)
{
	bool all = false;

	p->picked_done = true;
	for (size_t i = 0; i < p->nwanted && !all; i++) {
		long k = pprof_find(p, p->wanted[i]);

		all = k < 0;
		/* along extends; a cycle stops at a Profile already in */
		while (k >= 0 && !p->profs[k].in) {
			p->profs[k].in = true;
			if (p->profs[k].extends == NULL)
				break;
			k = pprof_find(p, p->profs[k].extends);
			all = k < 0;
		}
	}
	for (size_t i = 0; i < p->nprofs; i++) {
		struct pprof *pp = &p->profs[i];

		for (size_t j = 0; (all || pp->in) && j < pp->sel.n; j++)
			(void)xmlHashAddEntry(p->picked,
			    (const xmlChar *)pp->sel.v[j], p);
	}
}

/* A Profile starts (ATTRS): a new entry of P->profs. One after the
 * Profiles were picked (not XCCDF's order) makes the parse late. */
static void
pprof_start(struct prune *p, const xmlChar **attrs, int nattr)
{
	struct pprof *pp;

	if (p->picked_done) {
		p->late = true;
		return;
	}
	xgrow((void **)&p->profs, &p->profs_cap, p->nprofs + 1,
	    sizeof(*p->profs));
	pp = &p->profs[p->nprofs];
	memset(pp, 0, sizeof(*pp));
	pp->id = sax_attr(attrs, nattr, "id");
	if (pp->id == NULL)
		pp->id = xstrdup("");
	pp->extends = sax_attr(attrs, nattr, "extends");
	p->cur = (long)p->nprofs++;
}

/* Track the Profiles' selects; true when Rule element ATTRS is to be
 * pruned: selected by default by neither itself nor a Profile. */
static bool
prune_rule(struct prune *p, const xmlChar *name, enum nskind ns,
    const xmlChar **attrs, int nattr)
{
	char *id, *sel;
	bool drop;

	if (!p->selected_only || ns != NS_XCCDF)
		return false;
	if (p->wanted != NULL && strcmp((const char *)name, "Profile") == 0) {
		pprof_start(p, attrs, nattr);
		return false;
	}
	if (strcmp((const char *)name, "select") == 0) {
		id = sax_attr(attrs, nattr, "idref");
		sel = sax_attr(attrs, nattr, "selected");
		if (id != NULL && is_true(sel)) {
			p->late |= p->pruned_rule;
			if (p->wanted != NULL && p->cur >= 0) {
				strlist_adopt(&p->profs[p->cur].sel, id);
				id = NULL;
			} else
				(void)xmlHashAddEntry(p->picked,
				    (const xmlChar *)id, p);
		}
		free(id);
		free(sel);
		return false;
	}
	if (strcmp((const char *)name, "Rule") != 0 &&
	    strcmp((const char *)name, "Group") != 0)
		return false;
	if (p->wanted != NULL && !p->picked_done)
		pprof_pick(p);
	if (strcmp((const char *)name, "Rule") != 0)
		return false;
	id = sax_attr(attrs, nattr, "id");
	sel = sax_attr(attrs, nattr, "selected");
	drop = id != NULL && sel != NULL && !is_true(sel) &&
	    xmlHashLookup(p->picked, (const xmlChar *)id) == NULL;
	p->pruned_rule |= drop;
	free(id);
	free(sel);
	return drop;
}

/* Which of the namespaces the loader tells apart URI is. */
static enum nskind
ns_kind(struct prune *p, xmlParserCtxtPtr ctx, const xmlChar *uri)
{
	/* XCCDF 1.1 is XCCDF too: its prose is pruned and its unselected
	 * Rules dropped as 1.2's */
	static const char *const names[4] = { SCAP_XCCDF_NS, OVAL_NS,
	    OCIL_NS, SCAP_XCCDF11_NS };
	static const enum nskind kinds[4] = { NS_XCCDF, NS_OVAL, NS_OCIL,
	    NS_XCCDF };

	if (uri == NULL)
		return NS_OTHER;
	if (p->nsname[0] == NULL && ctx->dict != NULL)
		for (size_t i = 0; i < 4; i++)
			p->nsname[i] = xmlDictLookup(ctx->dict,
			    (const xmlChar *)names[i], -1);
	for (size_t i = 0; i < 4; i++)
		if (uri == p->nsname[i])
			return kinds[i];
	for (size_t i = 0; i < 4; i++)
		if (strcmp((const char *)uri, names[i]) == 0)
			return kinds[i];
	return NS_OTHER;
}

static bool
pruned(const xmlChar *name, enum nskind ns)
{
	static const char *const xccdf[] = { "description", "rationale",
	    "warning", "fix", "fixtext", "front-matter", "rear-matter", NULL };
	const char *n = (const char *)name;

	if (ns == NS_XCCDF) {
		for (size_t i = 0; xccdf[i] != NULL; i++)
			if (strcmp(n, xccdf[i]) == 0)
				return true;
		return false;
	}
	if (ns == NS_OVAL)
		return strcmp(n, "description") == 0 ||
		    strcmp(n, "reference") == 0;
	return ns == NS_OCIL && strcmp(n, "ocil") == 0;
}

/* Content a tailoring read leaves out: a data stream's Benchmark, OVAL,
 * OCIL and CPE dictionary. */
static bool
not_tailoring(const xmlChar *name, enum nskind ns)
{
	const char *n = (const char *)name;

	return (ns == NS_XCCDF && strcmp(n, "Benchmark") == 0) ||
	    (ns == NS_OVAL && strcmp(n, "oval_definitions") == 0) ||
	    (ns == NS_OCIL && strcmp(n, "ocil") == 0) ||
	    strcmp(n, "cpe-list") == 0;
}

/*
 * The bytes of a pruned subtree are skipped, not parsed: libxml2 tokenizes
 * at about 25 bytes per microsecond, and in SSG content most bytes are
 * pruned (the fix scripts alone are 6.5 of ssg-rhel9-ds.xml's 22.6 MB).
 * When a pruned element starts, libxml2 stands at the '>' closing its
 * start tag; skip_content() scans what the push parser holds of its
 * content and moves the parser to the last '>' after which only the
 * element's own character data follows: the end of a complete child (or
 * comment, CDATA section, processing instruction), or a '>' in its
 * character data. libxml2 then reads that '>' as the end of the start
 * tag, the rest as character data (dropped, the subtree being pruned)
 * and the element's end tag as usual. A child not complete in the buffer
 * is parsed, and skips in turn as it starts. The skipped bytes' lines are
 * added to the parser's line count, so every line number is the file's.
 *
 * What is skipped is checked, but less than what libxml2 parses: start
 * and end tags must pair by name, every character must be a legal XML
 * character in UTF-8, every '&' must start a predefined entity or a
 * character reference, and "]]>" may not appear in character data; an
 * anomaly ends the skip before it, and libxml2 parses on and reports it
 * at its line. Not checked: the syntax of attributes (quoting aside),
 * namespace prefixes and "--" inside comments. None of it is built or
 * read.
 */
static bool skipping = true;

void
scap_parse_skip(bool on)
{
	skipping = on;
}

#define SKIP_DEPTH	256		/* nesting followed; deeper stops */

/* An XML name's end: white space, '/', '>' or the buffer's end. */
static const char *
name_end(const char *s, const char *end)
{
	while (s < end && *s != ' ' && *s != '\t' && *s != '\n' &&
	    *s != '\r' && *s != '/' && *s != '>')
		s++;
	return s;
}

/* The '>' ending the markup that starts at S ("<!--", "<?", ...), whose
 * terminator is END_SEQ (LEN bytes, ending in '>'), or NULL. */
static const char *
find_close(const char *s, const char *end, const char *end_seq, size_t len)
{
	const char *e = memmem(s, (size_t)(end - s), end_seq, len);

	return e != NULL ? e + len - 1 : NULL;
}

/* Is C (a character reference's value, or a decoded character) one XML
 * 1.0 allows (production [2] Char)? */
static bool
xml_char(unsigned long c)
{
	return c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF) ||
	    (c >= 0xE000 && c <= 0xFFFD) || (c >= 0x10000 && c <= 0x10FFFF);
}

/* The reference starting at S ('&'), before E: its last byte (';') when
 * it is a predefined entity or a character reference to a legal
 * character (a document without a DTD declares no other), else NULL. */
static const char *
ref_end(const char *s, const char *e)
{
	static const char *const names[] = { "lt;", "gt;", "amp;", "apos;",
	    "quot;", NULL };
	unsigned long v = 0;
	const char *p = s + 1;
	int base = 10, nd = 0;

	if (p < e && *p != '#') {
		for (size_t i = 0; names[i] != NULL; i++) {
			size_t n = strlen(names[i]);

			if ((size_t)(e - p) >= n && memcmp(p, names[i], n) == 0)
				return p + n - 1;
		}
		return NULL;
	}
	if (++p < e && *p == 'x') {
		base = 16;
		p++;
	}
	for (; p < e && *p != ';' && nd <= 8; p++, nd++) {
		int d = *p >= '0' && *p <= '9' ? *p - '0' : base == 16 &&
		    *p >= 'a' && *p <= 'f' ? *p - 'a' + 10 : base == 16 &&
		    *p >= 'A' && *p <= 'F' ? *p - 'A' + 10 : -1;

		if (d < 0)
			return NULL;
		v = v * (unsigned long)base + (unsigned long)d;
	}
	return p < e && *p == ';' && nd > 0 && nd <= 8 && xml_char(v) ? p :
	    NULL;
}

/* The first byte of [S, E) libxml2 would refuse in skipped markup or
 * character data, or NULL: a byte that is not part of a legal XML
 * character in UTF-8, a '&' that starts no predefined entity or
 * character reference (REFS: character data, attribute values), or
 * "]]>" in character data (TEXT). */
/* Sixteen bytes at a time (GCC's and clang's vector extension: SSE2 on
 * x86-64, NEON on arm64): none is a control other than a tab or line
 * end, a byte of a non-ASCII character, or a '&' (REFS) or ']' (TEXT). */
typedef unsigned char	u8x16 __attribute__((vector_size(16)));
typedef signed char	s8x16 __attribute__((vector_size(16)));

static bool
block_plain(const char *s, bool refs, bool text)
{
	u8x16 v;
	s8x16 m;
	uint64_t h[2];

	memcpy(&v, s, sizeof(v));
	m = (s8x16)(v < 0x20) & (s8x16)(v != '\n') & (s8x16)(v != '\t') &
	    (s8x16)(v != '\r');
	m |= (s8x16)(v >= 0x80);
	if (refs)
		m |= (s8x16)(v == '&');
	if (text)
		m |= (s8x16)(v == ']');
	memcpy(h, &m, sizeof(h));
	return (h[0] | h[1]) == 0;
}

static const char *
bad_chars(const char *s, const char *e, bool refs, bool text)
{
	while (s < e) {
		const char *lim;

		if (e - s >= 16 && block_plain(s, refs, text)) {
			s += 16;
			continue;
		}
		/* the block holds something else: byte by byte through it */
		for (lim = e - s > 16 ? s + 16 : e; s < lim;) {
			unsigned char c = (unsigned char)*s;
			const char *q;

			if ((c >= 0x20 && c < 0x80 && c != '&' && c != ']') ||
			    c == '\t' || c == '\n' || c == '\r') {
				s++;
			} else if (c == ']') {
				if (text && e - s >= 3 && s[1] == ']' &&
				    s[2] == '>')
					return s + 2;
				s++;
			} else if (c == '&') {
				if (!refs)
					s++;
				else if ((q = ref_end(s, e)) == NULL)
					return s;
				else
					s = q + 1;
			} else if (c < 0x80) {
				return s;
			} else {
				uint32_t v;
				size_t n = utf8_decode(s, (size_t)(e - s), &v);

				if (n == 0 || !xml_char(v))
					return s;
				s += n;
			}
		}
	}
	return NULL;
}

static void
skip_content(xmlParserCtxtPtr ctx)
{
	xmlParserInputPtr in = ctx->input;
	const char *cur, *end, *p, *safe;
	const char *names[SKIP_DEPTH], *own = NULL;
	size_t lens[SKIP_DEPTH];
	unsigned depth = 0;
	xmlChar *w;

	if (!skipping || ctx->inputNr != 1 || in == NULL || in->cur == NULL ||
	    in->end == NULL || in->cur >= in->end || in->cur[0] != '>')
		return;
	cur = (const char *)in->cur;
	end = (const char *)in->end;
	safe = cur;
	for (p = cur + 1; p < end;) {
		const char *lt = memchr(p, '<', (size_t)(end - p)), *gt, *n;

		if (lt == NULL || bad_chars(p, lt, true, true) != NULL)
			break;
		/* the element's own character data: its last '>' */
		if (depth == 0 && (gt = memrchr(p, '>', (size_t)(lt - p))) !=
		    NULL)
			safe = gt;
		if (end - lt < 4)
			break;
		if (lt[1] == '/') {
			/* an end tag: the element's own ends the scan */
			if (depth == 0) {
				own = lt;
				break;
			}
			n = name_end(lt + 2, end);
			for (gt = n; gt < end && (*gt == ' ' || *gt == '\t' ||
			    *gt == '\n' || *gt == '\r'); gt++)
				;
			if (gt >= end || *gt != '>' ||
			    (size_t)(n - lt - 2) != lens[depth - 1] ||
			    memcmp(lt + 2, names[depth - 1],
			    lens[depth - 1]) != 0)
				break;
			depth--;
		} else if (memcmp(lt, "<!--", 4) == 0) {
			gt = find_close(lt + 4, end, "-->", 3);
		} else if (end - lt >= 9 && memcmp(lt, "<![CDATA[", 9) == 0) {
			gt = find_close(lt + 9, end, "]]>", 3);
		} else if (lt[1] == '?') {
			gt = find_close(lt + 2, end, "?>", 2);
		} else if (lt[1] == '!') {
			break;		/* a declaration: not in content */
		} else {
			char q = 0;

			n = name_end(lt + 1, end);
			if (n == lt + 1 || n >= end)
				break;
			for (gt = n; gt < end; gt++) {
				if (q != 0) {
					if (*gt == q)
						q = 0;
				} else if (*gt == '"' || *gt == '\'')
					q = *gt;
				else if (*gt == '>' || *gt == '<')
					break;
			}
			if (gt >= end || *gt != '>')
				break;
			if (gt[-1] != '/') {
				if (depth == SKIP_DEPTH)
					break;
				names[depth] = lt + 1;
				lens[depth++] = (size_t)(n - lt - 1);
			}
		}
		/* the markup's own characters: references only in a start
		 * tag's attribute values */
		if (gt == NULL || bad_chars(lt, gt + 1, lt[1] != '!' &&
		    lt[1] != '?' && lt[1] != '/', false) != NULL)
			break;
		if (depth == 0)
			safe = gt;
		p = gt + 1;
	}
	/*
	 * The element's end tag is in the buffer, but character data
	 * without a '>' comes before it (a fix script, a description's
	 * text): its last byte, never read, is made the '>' libxml2 stops
	 * at. The buffer is the parser's own (xmlBufContent), and the byte
	 * overwritten is counted first if it is a line end.
	 */
	if (own != NULL && own - 1 > safe && ctx->input->buf != NULL &&
	    ctx->input->buf->buffer != NULL &&
	    (w = xmlBufContent(ctx->input->buf->buffer)) == in->base) {
		size_t at = (size_t)(own - 1 - (const char *)in->base);

		if (w[at] == '\n')
			in->line++;
		w[at] = '>';
		safe = own - 1;
	}
	if (safe == cur)
		return;
	/* the lines and column libxml2 would have counted */
	{
		const char *nl = memrchr(cur, '\n', (size_t)(safe - cur));

		if (nl != NULL) {
			for (const char *q = cur; (q = memchr(q, '\n',
			    (size_t)(nl + 1 - q))) != NULL; q++)
				in->line++;
			in->col = (int)(safe - nl);
		} else
			in->col += (int)(safe - cur);
	}
	in->cur = (const xmlChar *)safe;
	ctx->checkIndex = 0;
}

static struct prune *
prune_of(void *ctx)
{
	return ((xmlParserCtxtPtr)ctx)->sax->_private;
}

/* Want ID (taken): a kept element naming a pruned one makes the parse
 * late; a held definition's references are wanted in turn, through the
 * work list TODO rather than recursion (an extend_definition chain may
 * be as long as the file allows). */
static void
want_one(struct prune *p, char *id, struct strlist *todo)
{
	struct held *h;

	if (xmlHashLookup(p->dropped, (const xmlChar *)id) != NULL)
		p->late = true;
	if (xmlHashAddEntry(p->want, (const xmlChar *)id, p) == 0 &&
	    p->held != NULL &&
	    (h = xmlHashLookup(p->held, (const xmlChar *)id)) != NULL &&
	    !h->wanted) {
		h->wanted = true;
		for (size_t i = 0; i < h->refs.n; i++)
			strlist_add(todo, h->refs.v[i]);
	}
	free(id);
}

/* Note S (LEN bytes) as wanted when it is an OVAL id; inside a held
 * definition, as one of its references only. */
static void
want_id(struct prune *p, const xmlChar *s, int len)
{
	struct strlist todo = STRLIST_INIT;
	char *id;

	if (p->want == NULL || len < 5 ||
	    strncmp((const char *)s, "oval:", 5) != 0)
		return;
	id = xstrndup((const char *)s, (size_t)len);
	if (p->hold != NULL) {
		strlist_adopt(&p->hold->refs, id);
		return;
	}
	want_one(p, id, &todo);
	while (todo.n > 0)
		want_one(p, todo.v[--todo.n], &todo);
	strlist_release(&todo);
}

/* The end of a definitions section: free the held definitions nothing
 * wanted; a reference to one after this makes the parse late. */
static void
held_flush(struct prune *p)
{
	struct held *h, *next;

	for (h = p->held_list; h != NULL; h = next) {
		next = h->next;
		if (!h->wanted && h->node != NULL) {
			xmlUnlinkNode(h->node);
			xmlFreeNode(h->node);
			(void)xmlHashAddEntry(p->dropped,
			    (const xmlChar *)h->id, p);
		}
		free(h->id);
		strlist_release(&h->refs);
		free(h);
	}
	p->held_list = NULL;
	xmlHashFree(p->held, NULL);
	p->held = NULL;
}

/* True when the element starting (ATTRS) is an OVAL definition (not an
 * inventory one), test or state no kept element has named: PARENT is
 * the section holding it. */
static bool
prune_oval(struct prune *p, xmlNodePtr parent, const xmlChar **attrs,
    int nattr)
{
	/* objects and variables are named backwards (a variable's
	 * object_component or variable_component, a set's
	 * object_reference) and so are inventory definitions
	 * (extend_definition of installed_OS_is_debian): never pruned */
	static const char *const sect[] = { "definitions", "tests",
	    "states", NULL };
	xmlNodePtr top;
	char *id;
	bool drop;
	size_t i;

	if (!p->oval_ok || parent == NULL || !is_ns(parent, OVAL_NS) ||
	    (top = parent->parent) == NULL || top->type != XML_ELEMENT_NODE ||
	    !is_ns(top, OVAL_NS) ||
	    strcmp((const char *)top->name, "oval_definitions") != 0)
		return false;
	for (i = 0; sect[i] != NULL; i++)
		if (strcmp((const char *)parent->name, sect[i]) == 0)
			break;
	if (sect[i] == NULL || (id = sax_attr(attrs, nattr, "id")) == NULL)
		return false;
	if (i == 0) {
		char *class = sax_attr(attrs, nattr, "class");

		drop = class == NULL || strcmp(class, "inventory") != 0;
		free(class);
		if (drop && xmlHashLookup(p->want, (const xmlChar *)id) ==
		    NULL && p->hold == NULL)
			p->hold_next = id;	/* built, held */
		else
			free(id);
		return false;
	}
	drop = xmlHashLookup(p->want, (const xmlChar *)id) == NULL;
	if (drop)
		(void)xmlHashAddEntry(p->dropped, (const xmlChar *)id, p);
	free(id);
	return drop;
}

/* The element NAME with attribute KEY = VAL at or below N (not inside
 * a ds:component: the catalogs and component-refs of a data stream come
 * before its components), or NULL. */
static xmlNodePtr
ds_find(xmlNodePtr n, const char *name, const char *key, const char *val,
    unsigned depth)
{
	for (; n != NULL && depth < 8; n = n->next) {
		xmlNodePtr r;
		const char *v;

		if (n->type != XML_ELEMENT_NODE ||
		    strcmp((const char *)n->name, "component") == 0)
			continue;
		if (strcmp((const char *)n->name, name) == 0 &&
		    (v = xattr(n, key)) != NULL && strcmp(v, val) == 0)
			return n;
		if ((r = ds_find(n->children, name, key, val, depth + 1)) !=
		    NULL)
			return r;
	}
	return NULL;
}

/* Does HREF (a check-content-ref's) lead, through the data stream's
 * catalog read so far in DOC, to a component-ref outside the file? */
static bool
catalog_remote(xmlDocPtr doc, const char *href)
{
	xmlNodePtr root = doc != NULL ? xmlDocGetRootElement(doc) : NULL;
	xmlNodePtr uri, cref;
	const char *u, *h;

	if (root == NULL || href == NULL ||
	    (uri = ds_find(root, "uri", "name", href, 0)) == NULL ||
	    (u = xattr(uri, "uri")) == NULL || u[0] != '#' ||
	    (cref = ds_find(root, "component-ref", "id", u + 1, 0)) == NULL ||
	    (h = xattr(cref, "href")) == NULL)
		return false;
	return h[0] != '#';
}

static void
prune_start(void *ctx, const xmlChar *name, const xmlChar *prefix,
    const xmlChar *uri, int nns, const xmlChar **ns, int nattr,
    int ndefaulted, const xmlChar **attrs)
{
	struct prune *p = prune_of(ctx);
	enum nskind kind;

	if (p->depth > 0) {
		/* inside a pruned subtree: skipped as far as it can be */
		p->depth++;
		skip_content(ctx);
		return;
	}
	kind = ns_kind(p, ctx, uri);
	/* ids are unique per OVAL component only */
	if (p->dropped != NULL && kind == NS_OVAL &&
	    strcmp((const char *)name, "oval_definitions") == 0) {
		xmlHashFree(p->dropped, NULL);
		if ((p->dropped = xmlHashCreate(4096)) == NULL)
			xmem_oom();
	}
	if (((xmlParserCtxtPtr)ctx)->node == NULL && kind == NS_OVAL &&
	    strcmp((const char *)name, "oval_definitions") == 0)
		p->oval_root = true;
	if ((!p->keep_prose && pruned(name, kind) && !(p->oval_root &&
	    strcmp((const char *)name, "reference") == 0)) ||
	    (p->tailoring_only && ((xmlParserCtxtPtr)ctx)->node != NULL &&
	    not_tailoring(name, kind)) ||
	    prune_rule(p, name, kind, attrs, nattr) ||
	    prune_oval(p, ((xmlParserCtxtPtr)ctx)->node, attrs, nattr)) {
		p->depth++;
		skip_content(ctx);
		return;
	}
	if (p->hold != NULL)
		p->hold_depth++;
	else if (p->hold_next != NULL) {
		struct held *h = xcalloc(1, sizeof(*h));

		h->id = p->hold_next;
		p->hold_next = NULL;
		h->next = p->held_list;
		p->held_list = h;
		if (p->held == NULL && (p->held = xmlHashCreate(1024)) ==
		    NULL)
			xmem_oom();
		(void)xmlHashAddEntry(p->held, (const xmlChar *)h->id, h);
		p->hold = h;
		p->hold_depth = 1;
	}
	for (int i = 0; p->want != NULL && i < nattr; i++)
		want_id(p, attrs[5 * i + 3],
		    (int)(attrs[5 * i + 4] - attrs[5 * i + 3]));
	/* a kept check-content-ref without a name evaluates every
	 * definition of its content: no OVAL is pruned then, unless the
	 * catalog sends it outside the file (SSG's remote vendor feed) */
	if (p->want != NULL && kind == NS_XCCDF &&
	    strcmp((const char *)name, "check-content-ref") == 0) {
		char *cname = sax_attr(attrs, nattr, "name");
		char *href = cname == NULL ? sax_attr(attrs, nattr, "href") :
		    NULL;

		p->oval_all |= cname == NULL && !catalog_remote(
		    ((xmlParserCtxtPtr)ctx)->myDoc, href);
		free(cname);
		free(href);
	}
	xmlSAX2StartElementNs(ctx, name, prefix, uri, nns, ns, nattr,
	    ndefaulted, attrs);
	if (p->hold != NULL && p->hold_depth == 1 && p->hold->node == NULL &&
	    ((xmlParserCtxtPtr)ctx)->node != NULL &&
	    xmlStrEqual(((xmlParserCtxtPtr)ctx)->node->name, name))
		p->hold->node = ((xmlParserCtxtPtr)ctx)->node;
}

static void
prune_end(void *ctx, const xmlChar *name, const xmlChar *prefix,
    const xmlChar *uri)
{
	struct prune *p = prune_of(ctx);
	xmlNodePtr n = ((xmlParserCtxtPtr)ctx)->node;

	if (p->depth > 0) {
		p->depth--;
		return;
	}
	/* an element whose text is an id: a set's object_reference, a
	 * filter, a CPE dictionary check */
	if (p->want != NULL && n != NULL && n->children != NULL &&
	    n->children == n->last && n->children->type == XML_TEXT_NODE &&
	    n->children->content != NULL) {
		const xmlChar *t = n->children->content;
		int len;

		while (*t == ' ' || *t == '\t' || *t == '\n' || *t == '\r')
			t++;
		for (len = 0; t[len] != '\0' && t[len] != ' ' &&
		    t[len] != '\t' && t[len] != '\n' && t[len] != '\r'; len++)
			;
		want_id(p, t, len);
	}
	if (p->cur >= 0 && strcmp((const char *)name, "Profile") == 0 &&
	    xccdf_ns((const char *)uri))
		p->cur = -1;
	if (p->selected_only && strcmp((const char *)name, "Benchmark") == 0 &&
	    xccdf_ns((const char *)uri))
		p->oval_ok = !p->oval_all;
	if (p->hold != NULL && --p->hold_depth == 0)
		p->hold = NULL;
	else if (p->hold == NULL && p->held_list != NULL && uri != NULL &&
	    strcmp((const char *)name, "definitions") == 0 &&
	    strcmp((const char *)uri, OVAL_NS) == 0)
		held_flush(p);
	xmlSAX2EndElementNs(ctx, name, prefix, uri);
}

static void
prune_text(void *ctx, const xmlChar *s, int len)
{
	if (prune_of(ctx)->depth == 0)
		xmlSAX2Characters(ctx, s, len);
}

/* A processing instruction inside a pruned subtree is dropped with it
 * (it used to go to the kept element holding the subtree) */
static void
prune_pi(void *ctx, const xmlChar *target, const xmlChar *data)
{
	if (prune_of(ctx)->depth == 0)
		xmlSAX2ProcessingInstruction(ctx, target, data);
}

static void
prune_comment(void *ctx, const xmlChar *s)
{
	(void)ctx;
	(void)s;
}

/* A document type declaration: refused at its line, and the parse
 * stops before its internal subset (entities) is read. */
static void
prune_doctype(void *ctx, const xmlChar *name, const xmlChar *ext,
    const xmlChar *sys)
{
	struct prune *p = prune_of(ctx);

	(void)name;
	(void)ext;
	(void)sys;
	if (p->doctype == 0)
		p->doctype = (unsigned)xmlSAX2GetLineNumber(ctx) > 0 ?
		    (unsigned)xmlSAX2GetLineNumber(ctx) : 1;
	xmlStopParser(ctx);
}

/* XML_PARSE_NOBLANKS: no whitespace-only text nodes between elements
 * (an element holding only white space keeps it, libxml2's areBlanks) */
#define PARSE_OPTIONS	(XML_PARSE_NONET | XML_PARSE_NOERROR | \
	XML_PARSE_NOWARNING | XML_PARSE_BIG_LINES | XML_PARSE_NOCDATA | \
	XML_PARSE_NOBLANKS | XML_PARSE_COMPACT)

/* Hand one chunk of the file to the push parser (created on the first):
 * 0 to go on, 1 once the parse has stopped (an error, a DOCTYPE). */
static int
feed(void *arg, const char *chunk, size_t len)
{
	struct prune *p = arg;

	if (p->ctx == NULL) {
		p->ctx = xmlCreatePushParserCtxt(NULL, NULL, chunk, (int)len,
		    p->path);
		if (p->ctx == NULL)
			xmem_oom();
		(void)xmlCtxtUseOptions(p->ctx, PARSE_OPTIONS);
		/* no attribute is looked at as an ID (xml:id): the loader
		 * indexes ids itself (comp_index) */
		p->ctx->loadsubset |= XML_SKIP_IDS;
		p->ctx->sax->_private = p;
		p->ctx->sax->startElementNs = prune_start;
		p->ctx->sax->endElementNs = prune_end;
		p->ctx->sax->characters = prune_text;
		p->ctx->sax->cdataBlock = prune_text;
		p->ctx->sax->comment = prune_comment;
		p->ctx->sax->processingInstruction = prune_pi;
		p->ctx->sax->internalSubset = prune_doctype;
		return xmlParseChunk(p->ctx, NULL, 0, 0) != 0;
	}
	return xmlParseChunk(p->ctx, chunk, (int)len, 0) != 0;
}

/* What parse_file keeps: what an evaluation reads (the prose pruned),
 * everything, or the Tailorings and the data stream around them. */
enum keep { KEEP_EVALUATED, KEEP_ALL, KEEP_TAILORING };

/* Parse PATH as it is read (never held whole: the file is most of the
 * peak memory otherwise), keeping KEEP. */
static xmlDocPtr
parse_file(const char *path, const struct limits *lim, bool selected_only,
    const char *const *wanted, size_t nwanted, enum keep keep,
    struct diag *d)
{
	struct prune pr = { .path = path, .selected_only = selected_only,
	    .keep_prose = keep != KEEP_EVALUATED,
	    .tailoring_only = keep == KEEP_TAILORING, .cur = -1,
	    .wanted = selected_only && nwanted > 0 ? wanted : NULL,
	    .nwanted = nwanted };
	int stop;
	xmlDocPtr x = NULL;
	const xmlError *e;

	if (selected_only && ((pr.picked = xmlHashCreate(1024)) == NULL ||
	    (pr.want = xmlHashCreate(4096)) == NULL ||
	    (pr.dropped = xmlHashCreate(4096)) == NULL))
		xmem_oom();

	switch (hostfile_stream(path, lim->scap_bytes, true, feed, &pr,
	    &stop)) {
	case HOSTFILE_OK:
		break;
	case HOSTFILE_TOO_BIG:
		diag_add(d, &(struct srcpos){ path, 0, 0 }, "larger than %zu "
		    "bytes", lim->scap_bytes);
		goto out;
	case HOSTFILE_NOT_REGULAR:
		diag_add(d, &(struct srcpos){ path, 0, 0 }, "not a regular "
		    "file");
		goto out;
	default:
		diag_add(d, &(struct srcpos){ path, 0, 0 }, "%s",
		    diag_errno(errno));
		goto out;
	}
	if (pr.doctype != 0) {
		diag_add(d, &(struct srcpos){ path, pr.doctype, 0 }, "a "
		    "document type declaration (<!DOCTYPE>) is not allowed in "
		    "SCAP content: no DTD, entity or external entity is read");
		goto out;
	}
	if (pr.ctx == NULL) {
		diag_add(d, &(struct srcpos){ path, 1, 0 }, "malformed XML: "
		    "Document is empty");
		goto out;
	}
	if (stop == 0)
		(void)xmlParseChunk(pr.ctx, NULL, 0, 1);
	x = pr.ctx->myDoc;
	pr.ctx->myDoc = NULL;
	if (x == NULL || !pr.ctx->wellFormed || x->intSubset != NULL ||
	    xmlDocGetRootElement(x) == NULL) {
		char *msg;
		size_t n;

		e = xmlCtxtGetLastError(pr.ctx);
		msg = e != NULL && e->message != NULL ? xstrdup(e->message) :
		    xstrdup("not an XML document");
		n = strlen(msg);
		while (n > 0 && (msg[n - 1] == '\n' || msg[n - 1] == ' '))
			msg[--n] = '\0';
		diag_add(d, &(struct srcpos){ path, e != NULL && e->line > 0 ?
		    (unsigned)e->line : 0, 0 }, "malformed XML: %s", msg);
		free(msg);
		xmlFreeDoc(x);
		x = NULL;
	}
out:
	if (pr.ctx != NULL) {
		xmlFreeDoc(pr.ctx->myDoc);
		xmlFreeParserCtxt(pr.ctx);
	}
	/* a parse that stopped inside a definitions section: the held
	 * nodes went with the document */
	for (struct held *h = pr.held_list, *next; h != NULL; h = next) {
		next = h->next;
		free(h->id);
		strlist_release(&h->refs);
		free(h);
	}
	xmlHashFree(pr.held, NULL);
	free(pr.hold_next);
	xmlHashFree(pr.picked, NULL);
	for (size_t i = 0; i < pr.nprofs; i++) {
		free(pr.profs[i].id);
		free(pr.profs[i].extends);
		strlist_release(&pr.profs[i].sel);
	}
	free(pr.profs);
	xmlHashFree(pr.want, NULL);
	xmlHashFree(pr.dropped, NULL);
	if (x != NULL && pr.late) {
		/* a Profile after a pruned Rule, or an OVAL id named after
		 * it was pruned: not XCCDF's or SSG's order; build every Rule
		 * and OVAL element */
		xmlFreeDoc(x);
		return parse_file(path, lim, false, NULL, 0, KEEP_EVALUATED, d);
	}
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
		if (seen || strlist_has(&doc->missing, href))
			continue;
		/* a vendor feed by URL (SSG's RHEL, CentOS and Oracle Linux
		 * benchmarks name one): not fetched, its checks left
		 * unevaluated, as oscap without --fetch-remote-resources */
		if (strstr(href, "://") != NULL) {
			fprintf(stderr, "assay: warning: %s:%u: check-content-ref "
			    "href \"%s\": a remote resource, which assay does "
			    "not fetch; the checks naming it are not evaluated\n",
			    doc->path, (unsigned)xmlGetLineNo(n), href);
			strlist_add(&doc->missing, href);
			continue;
		}
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
		/* a file that is not there leaves the checks naming it
		 * unresolved (their rules notchecked: the XCCDF refs are
		 * alternatives), as oscap does; one that is there but
		 * unreadable or malformed stops the scan */
		if (hostfile_kind(p, false) == HOSTFILE_NONE &&
		    errno == ENOENT) {
			fprintf(stderr, "assay: warning: %s:%u: check-content-ref "
			    "href \"%s\": %s: no such file; the checks naming "
			    "it are not evaluated\n", doc->path,
			    (unsigned)xmlGetLineNo(n), href, p);
			free(p);
			strlist_add(&doc->missing, href);
			continue;
		}
		x = parse_file(p, lim, false, NULL, 0, KEEP_EVALUATED, d);
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
	strlist_release(&doc->missing);
	ox_regex_cache_free(doc->rx);
	xmlFreeDoc(doc->xml);
	free(doc->path);
	free(doc);
}

/* the serial of the last document loaded (struct scap_doc) */
static unsigned long serials;

struct scap_doc *
scap_doc_get(const char *path, const struct limits *lim, struct diag *d)
{
	return scap_doc_get_selected(path, lim, false, d);
}

struct scap_doc *
scap_doc_get_selected(const char *path, const struct limits *lim,
    bool selected_only, struct diag *d)
{
	return scap_doc_get_profiles(path, lim, NULL, selected_only ?
	    0 : (size_t)-1, d);
}

struct scap_doc *
scap_doc_get_profiles(const char *path, const struct limits *lim,
    const char *const *profiles, size_t nprofiles, struct diag *d)
{
	/* (size_t)-1 profiles: nothing pruned (scap_doc_get) */
	bool selected_only = nprofiles != (size_t)-1;
	struct scap_doc *doc;
	xmlNodePtr root;

	for (doc = docs; doc != NULL; doc = doc->next)
		if (strcmp(doc->path, path) == 0) {
			doc->refs++;
			return doc;
		}
	doc = xcalloc(1, sizeof(*doc));
	doc->path = xstrdup(path);
	doc->serial = ++serials;
	if ((doc->xml = parse_file(path, lim, selected_only, profiles,
	    selected_only ? nprofiles : 0, KEEP_EVALUATED, d)) == NULL) {
		doc_free(doc);
		return NULL;
	}
	root = xmlDocGetRootElement(doc->xml);
	if (strcmp((const char *)root->name, "Benchmark") == 0 &&
	    root->ns != NULL && xccdf_ns((const char *)root->ns->href)) {
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
		    "XCCDF 1.2 or 1.1 Benchmark or oval_definitions",
		    root->name);
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
		if (def == NULL ? component != NULL :
		    oval_by_id(&doc->comps[i], def) != NULL)
			return doc->comps[i].id;
	}
	return NULL;
}

void *
scap_oval_root(const struct scap_doc *doc, const char *component)
{
	for (size_t i = 0; component != NULL && i < doc->ncomps; i++)
		if (strcmp(doc->comps[i].id, component) == 0)
			return doc->comps[i].root;
	return NULL;
}

void *
scap_xml_read(const char *path, const struct limits *lim, struct diag *d)
{
	/* the XCCDF and ARF results copy the benchmark, prose and all */
	return parse_file(path, lim, false, NULL, 0, KEEP_ALL, d);
}

void *
scap_tailoring_read(const char *path, const struct limits *lim,
    struct diag *d)
{
	/* a Tailoring's Profile description is the tailoring's reason:
	 * its prose is kept; in a data stream, the benchmark, OVAL, OCIL
	 * and CPE dictionary it also holds are skipped (they are the
	 * scan's own load, scap_doc_get) */
	return parse_file(path, lim, false, NULL, 0, KEEP_TAILORING, d);
}
