/*
 * oval.h -- SCAP content (a source data stream, or an XCCDF file with its
 * OVAL files beside it) loaded once, and OVAL 5.11 definitions evaluated
 * against a target's fs view.
 *
 *   1. struct scap_doc *doc = scap_doc_get(path, lim, d): parse the file
 *      with libxml2 (no network, no DTD, no entity expansion, no
 *      XInclude; at most lim->scap_bytes), index every OVAL component;
 *      a second call for the same path takes another reference;
 *   2. oval_eval(doc, component, definition, exports, nexports, target,
 *      lim, ev): the definition's result as a status (true pass, false
 *      fail, swapped for the vulnerability and patch classes; error
 *      error, unknown or not evaluated notchecked) with the deciding
 *      tests as evidence;
 *   3. scap_doc_put(doc) when done (the last reference frees it).
 *
 * docs/scap.md lists what each OVAL test type reads offline and what
 * OpenSCAP reads instead.
 */
#ifndef ASSAY_OVAL_H
#define ASSAY_OVAL_H

#include <stdbool.h>
#include <stddef.h>

#include "assay/diag.h"
#include "assay/limits.h"
#include "assay/result.h"

struct target;
struct scap_doc;

/* An XCCDF value bound to an OVAL external variable (check-export). */
struct oval_export {
	const char	*name;		/* the OVAL variable id */
	const char	*value;
};

ASSAY_NODISCARD struct scap_doc *scap_doc_get(const char *path,
		    const struct limits *lim, struct diag *d);
/* As scap_doc_get, but with SELECTED_ONLY an XCCDF Rule that is not
 * selected by default and that no Profile selects is not built (a scan
 * of a profile without a tailoring never runs it; its references are
 * most of the tree). The first get of a path decides. */
ASSAY_NODISCARD struct scap_doc *scap_doc_get_selected(const char *path,
		    const struct limits *lim, bool selected_only,
		    struct diag *d);
/* As scap_doc_get_selected with SELECTED_ONLY, but only the Profiles
 * named by PROFILES (NPROFILES of them, each a Profile id or the NAME of
 * one id ending in "_profile_NAME", as xccdf_profile_resolve matches
 * them) and the Profiles they extend count: a Rule only other Profiles
 * select is not built. A name that matches no Profile, or one that
 * matches several, counts every Profile (the scan then reports it). */
ASSAY_NODISCARD struct scap_doc *scap_doc_get_profiles(const char *path,
		    const struct limits *lim, const char *const *profiles,
		    size_t nprofiles, struct diag *d);
void		 scap_doc_put(struct scap_doc *doc);
/* Tests and fuzz targets only: the bytes of a pruned subtree are skipped
 * rather than parsed (ON, the default) or parsed by libxml2 (OFF); the
 * tree, its line numbers and the scan are the same either way
 * (oval_load.c). */
void		 scap_parse_skip(bool on);
/* Parse an XML file whole (a data stream again, prose kept, for the
 * XCCDF and ARF results) with the same safety and caps: an xmlDocPtr the
 * caller frees, or NULL with D. */
void		*scap_xml_read(const char *path, const struct limits *lim,
		    struct diag *d);
/* The same for an XCCDF tailoring file, or a data stream holding
 * Tailoring components, of which only the Tailorings and the data
 * stream's own elements are built (the Benchmark, OVAL, OCIL and CPE
 * dictionary below the root are skipped). */
void		*scap_tailoring_read(const char *path,
		    const struct limits *lim, struct diag *d);
/* The parsed document (an xmlDocPtr) and its path, for xccdf.c. */
void		*scap_doc_xml(const struct scap_doc *doc);
const char	*scap_doc_path(const struct scap_doc *doc);
/* The OVAL component holding DEF: COMPONENT names it (a data stream
 * component id, or an OVAL file's path); NULL looks in every one. Its
 * id (borrowed), or NULL. A NULL DEF asks whether COMPONENT (then not
 * NULL) is loaded. */
const char	*scap_oval_find(const struct scap_doc *doc,
		    const char *component, const char *def);

/* The oval_definitions element (an xmlNodePtr) of loaded COMPONENT, or
 * NULL. */
void		*scap_oval_root(const struct scap_doc *doc,
		    const char *component);

/* Evaluate definition DEF of COMPONENT on T, as an XCCDF check's
 * result: a vulnerability or patch definition that is true fails. A
 * NULL DEF evaluates every definition of COMPONENT and combines them as
 * XCCDF's AND (a check-content-ref without a name); none is an error. */
enum status	 oval_eval(struct scap_doc *doc, const char *component,
		    const char *def, const struct oval_export *ex, size_t nex,
		    struct target *t, const struct limits *lim,
		    struct evlist *ev);

/* What `policy check` reports: does every test and function DEF (NULL:
 * every definition of COMPONENT) reaches have an evaluator? Appends the missing names to MISSING (no
 * duplicates); true when none is missing. */
struct strlist;
bool		 oval_supported(struct scap_doc *doc, const char *component,
		    const char *def, struct strlist *missing);

/* What the evaluation decided, for the OVAL results of the ARF
 * (oval_results.c): scap_doc_record(doc, res) before the scan's rules
 * run and scap_doc_record(doc, NULL) after; then, per component I (in
 * the order first evaluated), the definitions and tests (TESTS) with
 * their OVAL result ("true", "false", "error", "unknown", ...). */
struct oval_results;
struct oval_results *oval_results_new(const struct limits *lim);
void		 oval_results_free(struct oval_results *res);
void		 scap_doc_record(struct scap_doc *doc,
		    struct oval_results *res);
size_t		 oval_results_ncomps(const struct oval_results *res);
/* Component I's id: a data stream component's, or an OVAL file path. */
const char	*oval_results_comp(const struct oval_results *res, size_t i);
/* More than lim->oval_results were evaluated: the rest are left out. */
bool		 oval_results_truncated(const struct oval_results *res);
size_t		 oval_results_n(const struct oval_results *res, size_t i,
		    bool tests);
/* Entry K: its id, its result in *RESULT (both borrowed). */
const char	*oval_results_get(const struct oval_results *res, size_t i,
		    bool tests, size_t k, const char **result);
bool		 oval_results_has_def(const struct oval_results *res,
		    size_t i, const char *def);
/* Append to OUT (an xmlNodePtr, in the results namespace NS, an
 * xmlNsPtr) the criteria tree of definition element DEF of component
 * I's document, each node with its result as the recorded tests and
 * definitions give it (OVAL 5.11.2 section 5.3.3); IDX (an
 * xmlHashTablePtr) maps the document's test and definition ids to their
 * elements, for their versions. */
void		 oval_results_criteria(const struct oval_results *res,
		    size_t i, void *def, void *out, void *ns, void *idx);
/* The items (oval_sc.c): append to OUT (a results test element, NS the
 * results namespace) the tested_item and tested_variable elements of
 * test TEST of component COMP; to OUT (an oval_system_characteristics
 * element, NS its namespace) the collected_objects and system_data of
 * COMP, IDX (an xmlHashTablePtr id -> element) giving the objects'
 * versions and comments. */
void		 oval_results_tested(const struct oval_results *res,
		    const char *comp, const char *test, void *out, void *ns);
void		 oval_results_sc(const struct oval_results *res,
		    const char *comp, void *out, void *ns, void *idx);

#endif /* ASSAY_OVAL_H */
