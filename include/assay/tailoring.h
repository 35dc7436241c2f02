/*
 * tailoring.h -- a local tailoring of a profile, like an XCCDF tailoring
 * file (docs/audit-workflow.md).
 *
 *   tailoring:
 *     id: acme-web
 *     title: ACME web servers
 *     extends: cis-debian12-l1      # the base profile (required)
 *     reason: why this tailoring exists (required)
 *   enable: [rule-id, "glob-*", {rule: id, reason: ...}]
 *   disable: [{rule: id-or-glob, reason: ...}]       # reason required
 *   severity: [{rule: id, severity: high, reason: ...}]  # reason required
 *   variables: {name: value}
 *
 *   1. struct tailoring *t = tailoring_load(path, lim, d);
 *   2. tailoring_check(t, ps, d): the profile, rule ids, globs and
 *      variable names must exist (errors at their file:line:col);
 *   3. tailoring_plan_tailor(t, &pt); policy_compile_tailored(ps, ids,
 *      nids, &pt, ...) with tailoring_info(t)->extends among IDS;
 *   4. tailoring_apply_severity(t, plan, d);
 *   5. reporters read tailoring_info(t); tailoring_free(t) last.
 */
#ifndef ASSAY_TAILORING_H
#define ASSAY_TAILORING_H

#include <stdbool.h>
#include <stddef.h>

#include "assay/diag.h"

struct limits;
struct plan;
struct plan_tailor;
struct policy_set;

enum tailor_kind {
	TAILOR_ENABLE,
	TAILOR_DISABLE,
	TAILOR_SEVERITY,
	TAILOR_VARIABLE,
};

/* "enable", "disable", "severity", "variable". */
const char	*tailor_kind_str(enum tailor_kind k);

/* One change, in file order. Strings are borrowed from the tailoring. */
struct tailor_change {
	enum tailor_kind kind;
	const char	*target;	/* rule id or glob; variable name */
	const char	*value;		/* severity, value, or NULL */
	const char	*reason;	/* NULL: enable, variable only */
	struct srcpos	 at;
};

struct tailoring_info {
	const char			*file;
	const char			*id;
	const char			*title;	/* may be NULL */
	const char			*extends;
	const char			*reason;
	const struct tailor_change	*changes;
	size_t				 nchanges;
};

struct tailoring;

/* Load a tailoring file. NULL with every error in D. */
struct tailoring		*tailoring_load(const char *path,
				    const struct limits *lim, struct diag *d);
/* The same of BUF[0..LEN) named NAME (an XCCDF tailoring file as
 * xccdf_tailoring_load() writes it). */
struct tailoring		*tailoring_load_string(const char *name,
				    const char *buf, size_t len,
				    const struct limits *lim, struct diag *d);
void				 tailoring_free(struct tailoring *t);
/* Borrowed while T lives. */
const struct tailoring_info	*tailoring_info(const struct tailoring *t);
/* Check names against the loaded policies; 0 or -1 with errors in D. */
int				 tailoring_check(const struct tailoring *t,
				    const struct policy_set *ps,
				    struct diag *d);
/* Fill PT so that policy_compile_tailored() applies T's selection and
 * variables. PT borrows from T. */
void				 tailoring_plan_tailor(
				    const struct tailoring *t,
				    struct plan_tailor *pt);
/* Set the tailored severities in P. A severity change for a rule that
 * is not in P (not in the tailored profile, nor enabled by T) would do
 * nothing: an error at the change, -1. */
int				 tailoring_apply_severity(
				    const struct tailoring *t, struct plan *p,
				    struct diag *d);
/* What the loader of an XCCDF tailoring keeps with T (its refine-rules,
 * xccdf_tailoring.c), freed by FN with T; NULL for a YAML one. */
void				 tailoring_set_extra(struct tailoring *t,
				    void *extra, void (*fn)(void *));
void				*tailoring_extra(const struct tailoring *t);
/* Would T's enable/disable lists select rule ID, given that the
 * profiles SELECTED it? (enable is applied first, then disable.) */
bool				 tailoring_selects(
				    const struct tailoring *t, const char *id,
				    bool selected);

#endif /* ASSAY_TAILORING_H */
