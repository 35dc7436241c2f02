/*
 * xccdf_private.h -- what the XCCDF results (xccdf_results.c) and ARF
 * (arf.c) writers share: the XCCDF 1.2 (or, for XCCDF 1.1 content, 1.1)
 * TestResult of a scan and the Benchmark it refers to, built as libxml2
 * trees.
 *
 *   1. struct xres x; xres_open(&x, r, d): the SCAP content the scan read
 *      (--datastream), if any, taken by reference;
 *   2. xres_benchmark(&x, doc): a copy of its Benchmark, or for assay's
 *      own packs a minimal Benchmark (docs/scap.md, "Results output");
 *   3. xres_testresult(&x, doc, bench, href): the TestResult;
 *   4. xres_close(&x).
 */
#ifndef ASSAY_XCCDF_PRIVATE_H
#define ASSAY_XCCDF_PRIVATE_H

#include <stdbool.h>
#include <stdio.h>

#include <libxml/tree.h>

#include "assay/report.h"

#define XRES_XCCDF_NS	"http://checklists.nist.gov/xccdf/1.2"

struct xres {
	const struct scan_report *r;
	/* the data stream parsed again whole (the scan's copy lacks the
	 * prose and, in a profile scan, the Rules nothing selects); NULL:
	 * no --datastream */
	xmlDocPtr		 xml;
	xmlNodePtr		 bench;	/* its Benchmark (not a copy) */
	const char		*bench_id;
	/* the namespace of the TestResult: the Benchmark's, XCCDF 1.2 or
	 * 1.1 (as oscap writes results for 1.1 content), 1.2 for the
	 * minimal Benchmark of assay's own packs */
	const char		*ns;
	bool			 v11;	/* ns is XCCDF 1.1's */
};

/* -1 with D when the data stream cannot be read again. */
int		xres_open(struct xres *x, const struct scan_report *r,
		    struct diag *d);
void		xres_close(struct xres *x);
/* The XCCDF id of result I: the rule id for a rule of the data stream's
 * benchmark, else "xccdf_assay_rule_" + the assay rule id. Malloc'd. */
char		*xres_rule_id(const struct xres *x, size_t i);
/* A Benchmark element for DOC (not linked): the data stream's, copied,
 * plus a minimal Rule for each result of another pack; or a minimal one
 * holding every rule. */
xmlNodePtr	xres_benchmark(const struct xres *x, xmlDocPtr doc);
/* The TestResult of the scan as a child of PARENT (the copied
 * Benchmark, or an ARF report's content); BENCH is the Benchmark its
 * rules are listed from, BENCH_HREF what its benchmark element says. */
xmlNodePtr	xres_testresult(const struct xres *x, xmlNodePtr parent,
		    xmlNodePtr bench, const char *bench_href);
/* Indent element-only subtree N (at depth LEVEL) for the output. */
void		xres_indent(xmlNodePtr n, int level);
/* Write DOC to FP as UTF-8; -1 when FP cannot be written. */
int		xres_dump(xmlDocPtr doc, FILE *fp);
/* The target's host name when it is a valid ai:hostname, else NULL. */
const char	*xres_hostname(const struct xres *x);

/* The OVAL results of the scan (arf_oval.c): an arf:report "ovalN" per
 * OVAL component evaluated, appended to REPORTS (namespace ARF), and the
 * check-content-refs of TestResult TR pointed at them. */
void		xres_oval_reports(const struct xres *x, xmlNodePtr reports,
		    xmlNsPtr arf, xmlNodePtr tr);
/* The oval_results element of recorded component I, appended to
 * PARENT (arf_oval.c; `--format oval`, oval.c). */
xmlNodePtr	xres_oval_results(const struct xres *x, size_t i,
		    xmlNodePtr parent);

/* XCCDF 1.2 scores (xccdf_score.c): one struct xscore per Group (and
 * the Benchmark), zeroed; each Rule's result folded in with
 * xscore_rule(), each Group's xscore into its parent with
 * xscore_group(); then xscore_value() per model. */
#define XSCORE_DEFAULT	"urn:xccdf:scoring:default"
struct xscore {
	double		 sum, acc;	/* default: weighted scores, weights */
	size_t		 count;		/* default: children that count */
	double		 flat, flat_max, unw, unw_max;
	size_t		 rules;		/* Rules that count, below */
};
/* Is MODEL one of the four XCCDF 1.2 scoring models? */
bool		xscore_known(const char *model);
/* A Rule's XCCDF RESULT with WEIGHT; SCORED false for role="unscored". */
void		xscore_rule(struct xscore *parent, const char *result,
		    double weight, bool scored);
/* Group G (its Rules and Groups folded in) with WEIGHT. */
void		xscore_group(struct xscore *parent, const struct xscore *g,
		    double weight);
/* The score of S in MODEL (a known one), its maximum in *MAXIMUM. */
double		xscore_value(const struct xscore *s, const char *model,
		    double *maximum);

#endif /* ASSAY_XCCDF_PRIVATE_H */
