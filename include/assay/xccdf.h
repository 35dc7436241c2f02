/*
 * xccdf.h -- an XCCDF 1.2 benchmark (in a SCAP source data stream, or an
 * XCCDF file with its OVAL files beside it) loaded as a policy pack.
 *
 * Each XCCDF Rule becomes one rule with the same id whose check is the
 * `oval` probe on its OVAL definition (its check-exports bound to pack
 * variables, one per XCCDF Value), its CPE platforms an applies_if on
 * the CPE OVAL definitions, its idents and references the rule's
 * references (plus `ssg: SHORT_ID` for SSG content). Each Profile becomes
 * a profile with the rules XCCDF selects (extends, select, Group
 * selection) and the variables refine-value / set-value give. Rules with
 * no OVAL check are manual (notchecked, saying why). Then waivers,
 * tailoring, baselines and every report format work unchanged.
 */
#ifndef ASSAY_XCCDF_H
#define ASSAY_XCCDF_H

#include <stdbool.h>
#include <stddef.h>

#include "assay/diag.h"
#include "assay/limits.h"
#include "assay/policy.h"

struct policy_set;

/* Load the benchmark of PATH into PS as one pack; 0, or -1 with the
 * reasons in D (file and line). */
ASSAY_NODISCARD int xccdf_load(struct policy_set *ps, const char *path,
		    const struct limits *lim, struct diag *d);
/* As xccdf_load, but when each of the NONLY profile ids or short names
 * (`standard`) names a Profile of the benchmark, the pack holds only
 * those profiles and the rules they select: a scan of one profile does
 * not build the benchmark's other rules. Otherwise the whole benchmark. */
ASSAY_NODISCARD int xccdf_load_profiles(struct policy_set *ps,
		    const char *path, const char *const *only, size_t nonly,
		    const struct limits *lim, struct diag *d);
/* An OVAL definitions file on its own (DOC, loaded from PATH, its root
 * oval_definitions) as one pack with a rule per definition, as `oscap
 * oval eval` evaluates one (xccdf_oval.c); 0, or -1 with D. */
struct scap_doc;
ASSAY_NODISCARD int xccdf_oval_load(struct policy_set *ps,
		    struct scap_doc *doc, const char *path,
		    const struct limits *lim, struct diag *d);
/* Where a scan's refine-rule selectors come from (they pick a Rule's
 * check, so the pack is built with them): the Profiles named (ids or
 * short names, as xccdf_load_profiles), the base profile of the scan's
 * tailoring and the refine-rules of an XCCDF one (each may be NULL). */
struct xccdf_refines;
struct xccdf_scan_sel {
	const char *const	*profiles;
	size_t			 nprofiles;
	const char		*extends;
	const struct xccdf_refines *tailoring;
	/* no profile and no tailoring: only the Rules the benchmark
	 * selects by default run (a Rule with selected="false", or in a
	 * Group with it, is notselected), as `oscap xccdf eval` without
	 * --profile does */
	bool			 defaults;
	/* evaluate a signed data stream whose signature does not verify
	 * (ds_sign.h) */
	bool			 skip_signature;
	/* refuse content that no verified XML signature covers; with
	 * SIGNATURE_TRUST (a PEM file of certificates), also a signature
	 * whose certificate does not chain to one of them */
	bool			 enforce_signature;
	const char		*signature_trust;
	/* the Benchmark of a data stream holding several (--benchmark-id:
	 * its id, or its component's or component-ref's); NULL: the
	 * first. Every later reader of the document (the results writers)
	 * sees the same one (scap_xml.h, xbench_select). */
	const char		*benchmark_id;
};
/* xccdf_load_profiles with the selectors of SS (NULL: none). */
ASSAY_NODISCARD int xccdf_load_scan(struct policy_set *ps,
		    const char *path, const char *const *only, size_t nonly,
		    const struct xccdf_scan_sel *ss,
		    const struct limits *lim, struct diag *d);
/* The refine-rules and base profile (*EXTENDS, malloc'd) of the XCCDF
 * tailoring xccdf_tailoring_load_id() would load, read before the
 * benchmark is (nothing is checked; the load reports errors): NULL when
 * it cannot be read. */
struct xccdf_refines *xccdf_tailoring_preread(const char *path,
		    const char *id, const char *const *profiles,
		    size_t nprofiles, const struct limits *lim, char **extends);
/* The id of the one profile of PS whose id ends in "_profile_NAME" (or
 * is NAME): `--profile standard`. NULL when none or several; borrowed. */
const char	*xccdf_profile_resolve(const struct policy_set *ps,
		    const char *name);

/* Does PATH hold XML (its first non-blank byte is '<'), as an XCCDF
 * tailoring file does, rather than assay's YAML tailoring? */
bool		 xccdf_is_xml(const char *path, const struct limits *lim);
/* An XCCDF 1.2 Tailoring file (as `oscap xccdf eval --tailoring-file`
 * takes it) for the benchmark of DATASTREAM loaded in PS, turned into
 * assay's tailoring (xccdf_tailoring.c): its Profile named by one of
 * PROFILES[0..NPROFILES) (or its only one), with extends, select,
 * set-value, refine-value and refine-rule. NULL with D (file and line). */
struct tailoring;
struct tailoring *xccdf_tailoring_load(const char *path,
		    const struct policy_set *ps, const char *datastream,
		    const char *const *profiles, size_t nprofiles,
		    const struct limits *lim, struct diag *d);
/* The same, PATH being an XCCDF Tailoring or a SCAP source data stream
 * with Tailoring components: the one whose ds:checklists component-ref
 * (or ds:component) id is ID (`oscap xccdf eval --tailoring-id`), or
 * with ID NULL the only one. */
struct tailoring *xccdf_tailoring_load_id(const char *path, const char *id,
		    const struct policy_set *ps, const char *datastream,
		    const char *const *profiles, size_t nprofiles,
		    const struct limits *lim, struct diag *d);
/* Is profile id ID the tailored profile of T, or its short NAME? */
bool		 xccdf_tailoring_names(const struct tailoring *t,
		    const char *id);

/* refine-rule in the benchmark's own Profiles and in a tailoring file
 * (xccdf_refine.c): per Rule or Group id, what the Profiles a scan used
 * refine, the tailoring's last. */
struct xccdf_refine {
	const char	*severity;	/* XCCDF's, static; NULL: not set */
	const char	*role;		/* full, unscored, unchecked; NULL */
	double		 weight;	/* < 0: not set */
	char		*selector;	/* the check's; NULL: not set */
};
struct xccdf_refines;
struct plan;
/* An empty set over BENCH (an xmlNodePtr Benchmark, borrowed). */
struct xccdf_refines *xccdf_refines_new(void *bench);
void		 xccdf_refines_free(struct xccdf_refines *rf);
/* Merge the refine-rules of Profile ID (the Profiles it extends first;
 * nothing when BENCH has no such Profile). -1 with D (may be NULL) when
 * one has a value the XCCDF 1.2 schema refuses (PATH:line). */
int		 xccdf_refines_add_profile(struct xccdf_refines *rf,
		    const char *id, const char *path, struct diag *d);
/* Merge the refine-rules of PROFILE (an xmlNodePtr Profile of a
 * tailoring, its extends not followed); -1 with D as above. */
int		 xccdf_refines_add_node(struct xccdf_refines *rf,
		    void *profile, const char *path, struct diag *d);
/* Merge OVER (may be NULL) into RF, each attribute OVER sets winning. */
void		 xccdf_refines_merge(struct xccdf_refines *rf,
		    const struct xccdf_refines *over);
/* The refine-rules of the XCCDF tailoring T came from (NULL: a YAML
 * tailoring, or none). Borrowed while T lives. */
const struct xccdf_refines *xccdf_tailoring_refines(
		    const struct tailoring *t);
/* What RF refines of ID, or NULL. */
const struct xccdf_refine *xccdf_refines_get(const struct xccdf_refines *rf,
		    const char *id);
/* The selector RF (may be NULL) refines on ID, or NULL. */
const char	*xccdf_refines_selector(const struct xccdf_refines *rf,
		    const char *id);
/* The check of Rule RULE (an xmlNodePtr) to run with the refined
 * SELECTOR (NULL: none): its first OVAL check whose @selector is
 * SELECTOR, else (no check has it) whose @selector is absent or empty;
 * NULL when there is none. NIST IR 7275r4 6.4.4.4, as OpenSCAP 1.3.7. */
void		*xccdf_check_pick(void *rule, const char *selector);
/* XCCDF severity S as assay's (unknown is info). */
enum severity	 xccdf_severity(const char *s);
/* Apply to P what the refine-rules of its profiles from the benchmark of
 * PATH (--datastream) say: severity, role="unchecked" (the rule is
 * notchecked, not run). -1 with D when one is invalid. */
ASSAY_NODISCARD int xccdf_plan_refine(struct plan *p, const char *path,
		    const struct limits *lim, struct diag *d);
/* The same with the refine-rules of a tailoring OVER (may be NULL)
 * merged last: one path whatever a refine-rule's origin. */
ASSAY_NODISCARD int xccdf_plan_refine_over(struct plan *p,
		    const char *path, const struct xccdf_refines *over,
		    const struct limits *lim, struct diag *d);

#endif /* ASSAY_XCCDF_H */
