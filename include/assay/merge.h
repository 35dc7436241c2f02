/*
 * merge.h -- `assay merge REPORT.json...`: many per-target JSON reports
 * (scan --format json), one fleet report.
 *
 *   1. fill a struct merge_options: the report files, the union's
 *      --fail-on, the outputs (format name and file, NULL for stdout);
 *   2. merge_run() reads and checks every report first, then writes each
 *      output: SARIF with one run per target, JUnit with one testsuite
 *      per target, a self-contained HTML fleet page, Markdown, text and a
 *      JSON fleet summary.
 *
 * Reports are the operator's files read through hostfile.h, each bounded
 * by limits.merge_report_bytes, at most limits.merge_reports of them.
 */
#ifndef ASSAY_MERGE_H
#define ASSAY_MERGE_H

#include <stdbool.h>
#include <stddef.h>

#include "assay/diag.h"

struct limits;

struct merge_output {
	const char	*format;	/* merge_format_ok() */
	const char	*file;		/* NULL: stdout */
};

struct merge_options {
	const char *const		*reports;
	size_t				 nreports;
	int				 fail_on;	/* severity; -1 none */
	const struct merge_output	*out;
	size_t				 nout;
	const struct limits		*lim;
};

/* Whether NAME is a format merge writes: text, json, sarif, junit, html
 * or markdown. */
bool			merge_format_ok(const char *name);
/* 0 when no target has a failing or erring rule at or above fail_on,
 * 1 when one has, -1 with the reasons in D (a report that cannot be read
 * or is not an assay JSON report, an output that cannot be written). */
ASSAY_NODISCARD int	merge_run(const struct merge_options *o,
			    struct diag *d);

#endif /* ASSAY_MERGE_H */
