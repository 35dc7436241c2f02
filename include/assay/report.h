/*
 * report.h -- reporters: one file per format under engine/report/.
 *
 * Each reporter is a const ops table that writes a whole scan to a FILE.
 * Whatever bytes the target holds (invalid UTF-8, control characters,
 * "]]>"), JSON/SARIF output is valid UTF-8 JSON and JUnit is well-formed
 * XML: reporters pass every target-derived string through report_sanitize().
 */
#ifndef ASSAY_REPORT_H
#define ASSAY_REPORT_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "assay/diag.h"
#include "assay/policy.h"
#include "assay/result.h"

struct waiver_set;
struct tailoring;
struct baseline;

struct summary {
	size_t	count[ST__COUNT];		/* results by status */
	/* failing results by severity */
	size_t	fail_by_sev[SEV__COUNT];
	size_t	total;
};

struct scan_report {
	const char		*tool_version;
	/* as given on the command line */
	const char		*target_path;
	const char		*target_kind;	/* target_kind_str() */
	/* target_describe(), or NULL */
	const char		*target_describe;
	/* an image's config digest ("sha256:..."; its image ID) and, for
	 * an OCI image, its manifest digest; NULL when unknown */
	const char		*image_id;
	const char		*manifest_digest;
	const struct plan	*plan;
	const struct result	*results;	/* plan order */
	size_t			 nresults;
	struct summary		 sum;
	int			 fail_on;	/* enum severity, or -1: none */
	int			 exit_code;
	const char		*started;	/* ISO 8601 UTC */
	const char		*finished;	/* ISO 8601 UTC */
	double			 duration;	/* seconds */
	/* the command line, for SARIF */
	int			 argc;
	char *const		*argv;
	bool			 color;		/* text: ANSI colours */
	/* text: list passing, notapplicable and manual rules one by one
	 * (else only their counts: the terminal view) */
	bool			 text_all;
	/* The audit workflow (docs/audit-workflow.md); each may be NULL. */
	const struct waiver_set	*waivers;
	const struct tailoring	*tailoring;
	const struct baseline	*baseline;
	bool			 omit_waived;	/* SARIF: drop waived results */
	bool			 fail_on_new;	/* gate on new findings only */
};

struct report_ops {
	const char	*name;		/* --format NAME */
	int		(*write)(const struct scan_report *r, FILE *fp,
			    struct diag *d);
};

extern const struct report_ops report_text;
extern const struct report_ops report_json;
extern const struct report_ops report_sarif;
extern const struct report_ops report_junit;
extern const struct report_ops report_html;	/* html.c */
extern const struct report_ops report_markdown;	/* markdown.c */

const struct report_ops	*report_find(const char *name);
/* Fill R->sum from R->results. */
void			 report_summarize(struct scan_report *r);
/* The severity of result I in effect: the plan's (a tailoring may have
 * changed it), else its rule's. */
enum severity		 report_severity(const struct scan_report *r,
			    size_t i);
/* Does result I fail the --fail-on gate? A fail or an error at or above
 * the threshold; with fail_on_new, only a fail with a new live finding or
 * an error the baseline did not have. */
bool			 report_gates(const struct scan_report *r, size_t i);
/* (Not report_text: that name is the text reporter.) A valid-UTF-8 copy of
 * S[0..LEN): invalid bytes become U+FFFD and C0
 * controls other than \t \n \r become U+FFFD too (XML 1.0 cannot carry
 * them at all). Malloc'd. */
char			*report_sanitize(const char *s, size_t len);
/* SARIF "security-severity" score and level for a severity. */
const char		*report_security_severity(enum severity s);
const char		*report_sarif_level(enum severity s);

/* `assay rules --format markdown` (markdown.c): the rules of PS grouped by
 * pack, then by profile (profiles IDS[0..NIDS), or every profile when
 * NIDS is 0, plus the rules no profile selects). Each profile is compiled
 * alone with LIM to learn its rules; -1 with the errors in D when one does
 * not compile or FP cannot be written. */
int			 report_rules_markdown(struct policy_set *ps,
			    const char *const *ids, size_t nids,
			    const struct limits *lim, FILE *fp,
			    struct diag *d);
/* `assay rules --tailoring FILE --format markdown`: the tailoring TI (its
 * base profile, reason and changes) and the rules of its compiled plan P
 * with the severities in effect. -1 with D when FP cannot be written. */
struct tailoring_info;
int			 report_rules_markdown_tailored(const struct plan *p,
			    const struct tailoring_info *ti, FILE *fp,
			    struct diag *d);

#endif /* ASSAY_REPORT_H */
