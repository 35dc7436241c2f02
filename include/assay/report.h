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
#include <stdio.h>

#include "assay/diag.h"
#include "assay/policy.h"
#include "assay/result.h"

struct summary {
	size_t	count[ST__COUNT];		/* results by status */
	size_t	fail_by_sev[SEV__COUNT];	/* failing results by severity */
	size_t	total;
};

struct scan_report {
	const char		*tool_version;
	const char		*target_path;	/* as given on the command line */
	const char		*target_kind;	/* target_kind_str() */
	const struct plan	*plan;
	const struct result	*results;	/* plan order */
	size_t			 nresults;
	struct summary		 sum;
	int			 fail_on;	/* enum severity, or -1: none */
	int			 exit_code;
	const char		*started;	/* ISO 8601 UTC */
	const char		*finished;	/* ISO 8601 UTC */
	double			 duration;	/* seconds */
	int			 argc;		/* the command line, for SARIF */
	char *const		*argv;
	bool			 color;		/* text: ANSI colours */
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

const struct report_ops	*report_find(const char *name);
/* Fill R->sum from R->results. */
void			 report_summarize(struct scan_report *r);

/* (Not report_text: that name is the text reporter.) A valid-UTF-8 copy of
 * S[0..LEN): invalid bytes become U+FFFD and C0
 * controls other than \t \n \r become U+FFFD too (XML 1.0 cannot carry
 * them at all). Malloc'd. */
char			*report_sanitize(const char *s, size_t len);
/* SARIF "security-severity" score and level for a severity. */
const char		*report_security_severity(enum severity s);
const char		*report_sarif_level(enum severity s);

#endif /* ASSAY_REPORT_H */
