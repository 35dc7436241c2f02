/*
 * baseline.h -- compare a scan with a previous assay report (JSON or
 * SARIF) so CI can gate on what is new (docs/audit-workflow.md).
 *
 * A finding is one evidence path of a failing (or waived) result, as in
 * SARIF; it is identified by result_fingerprint() of the rule id, the path
 * and the first evidence message of that path (digits dropped, so moved
 * lines and changed modes stay the same finding). A result without
 * evidence is one finding with neither path nor message.
 *
 *   1. struct baseline *b = baseline_load(path, d);
 *   2. baseline_apply(b, plan, results, n): each finding's evidence gets
 *      BASELINE_NEW or BASELINE_UNCHANGED, each result the state of its
 *      live (not waived) findings; previous findings not seen are fixed;
 *   3. reporters read the counts and baseline_fixed(); baseline_free(b).
 */
#ifndef ASSAY_BASELINE_H
#define ASSAY_BASELINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "assay/diag.h"
#include "assay/result.h"

struct diag;
struct plan;
struct result;

/* A finding of the previous report. Strings are owned by the baseline. */
struct baseline_finding {
	char		*rule;
	char		*path;		/* in the target, or NULL */
	char		*message;	/* may be NULL */
	uint64_t	 fp;		/* result_fingerprint() */
	bool		 seen;		/* found again */
};

struct baseline;

/* Load a report written by `assay scan --format json` or `sarif`. NULL
 * with the reason in D when the file is not one. */
ASSAY_NODISCARD struct baseline *baseline_load(const char *path,
		    struct diag *d);
void		 baseline_free(struct baseline *b);
const char	*baseline_path(const struct baseline *b);
/* "json" or "sarif". */
const char	*baseline_format(const struct baseline *b);

void		 baseline_apply(struct baseline *b, const struct plan *p,
		    struct result *res, size_t n);

/* Findings of this scan that are new / were in the baseline, and
 * baseline findings of rules in this plan that are gone (fixed). */
size_t		 baseline_new_count(const struct baseline *b);
size_t		 baseline_unchanged_count(const struct baseline *b);
size_t		 baseline_fixed_count(const struct baseline *b);
/* Fixed finding I, borrowed while B lives. */
const struct baseline_finding *baseline_fixed(const struct baseline *b,
		    size_t i);
/* Was rule ID in error in the baseline? */
bool		 baseline_had_error(const struct baseline *b,
		    const char *id);

/* "new", "unchanged" (SARIF baselineState values), or "none". */
const char	*baseline_state_str(enum baseline_state s);

#endif /* ASSAY_BASELINE_H */
