/*
 * scap_xml.h -- the small libxml2 tree helpers every SCAP reader and
 * writer shares (engine/scap/ and the XCCDF / ARF reports).
 *
 *   1. xattr(n, "id"): an attribute, borrowed from the document;
 *   2. xchild(n, "criteria"), xis_xccdf(n, "Rule"): element lookups;
 *      xccdf_ns(uri): whether a namespace is XCCDF's (1.2 or 1.1);
 *   3. xtext(n), xtext_norm(n): an element's text, malloc'd;
 *   4. xyq(b, s): a string as a YAML double-quoted scalar, for the
 *      XCCDF content turned into policy or tailoring YAML;
 *   5. xsig(b, n, false): a tree as text, for tests comparing parses.
 *
 * The names are short because the OVAL evaluator calls them on every
 * node it reads; the x prefix is this module's.
 */
#ifndef ASSAY_SCAP_XML_H
#define ASSAY_SCAP_XML_H

#include <stdbool.h>

#include "assay/strbuf.h"

/* libxml2's element (xmlNodePtr is a pointer to it): declared, so that
 * the header compiles without libxml2's; callers include <libxml/tree.h>. */
struct _xmlNode;

#define SCAP_XCCDF_NS	"http://checklists.nist.gov/xccdf/1.2"
/* XCCDF 1.1 (NIST IR 7275r3): the elements assay reads (Benchmark,
 * Profile, Group, Rule, Value, check, ...) are those of 1.2 with the
 * same names and attributes; only the ids are free-form. */
#define SCAP_XCCDF11_NS	"http://checklists.nist.gov/xccdf/1.1"

/* Attribute NAME of N, borrowed from the document, or NULL. */
const char	*xattr(struct _xmlNode *n, const char *name);
/* First element child of N with local name NAME, or NULL. */
struct _xmlNode *xchild(struct _xmlNode *n, const char *name);
/* Whether URI (may be NULL) is an XCCDF namespace: 1.2 or 1.1. */
bool		xccdf_ns(const char *uri);
/* Whether N is the XCCDF (1.2 or 1.1) element NAME. */
bool		xis_xccdf(struct _xmlNode *n, const char *name);
/* Whether N is in the XCCDF 1.1 namespace (its results are written in
 * it, with its ids as they are). */
bool		xis_xccdf11(struct _xmlNode *n);
/* The first XCCDF 1.2 or 1.1 Benchmark at or below N and its siblings (a data
 * stream's, or N itself), not looking inside OVAL content; or NULL. */
struct _xmlNode *xfind_bench(struct _xmlNode *n);
/* --benchmark-id: make xfind_bench() find the Benchmark whose id, whose
 * ds:component's id or whose ds:component-ref's id is ID (as oscap's
 * --benchmark-id and --xccdf-id), rather than the first; NULL: the
 * first again. One per process, as every reader of the benchmark must
 * see the same one. */
void		xbench_select(const char *id);
const char	*xbench_selected(void);
/* The ids of every Benchmark at or below N, comma-separated (for a
 * message), malloc'd. */
char		*xbench_list(struct _xmlNode *n);
/* The text of N, malloc'd ("" when none). */
char		*xtext(struct _xmlNode *n);
/* The text of N (may be NULL) with white space runs collapsed to one
 * space and both ends trimmed, malloc'd. */
char		*xtext_norm(struct _xmlNode *n);
/* Append S to B as a YAML double-quoted scalar. */
void		xyq(struct strbuf *b, const char *s);
/* Append to B a line per node of the tree under N (N itself and, when
 * SIBLINGS, the nodes after it): depth, type, namespace, name, line,
 * attributes and text. Two parses that give the same signature built the
 * same tree (tests: the loader's skipping of pruned bytes). */
void		xsig(struct strbuf *b, struct _xmlNode *n, bool siblings);

#endif /* ASSAY_SCAP_XML_H */
