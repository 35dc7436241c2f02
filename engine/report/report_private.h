/*
 * report_private.h -- helpers shared by the reporters in engine/report/.
 *
 * Only the files of engine/report/ include this. Every string a reporter
 * writes that came from the target, the policy or the command line goes
 * through report_str() (or report_sanitize()) first, so each format only has
 * to escape its own syntax.
 */
#ifndef ASSAY_REPORT_PRIVATE_H
#define ASSAY_REPORT_PRIVATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <jansson.h>

#include "assay/report.h"

/* The rule of result I: results[i].rule, else plan_rule(plan, i). */
const struct rule	*report_rule(const struct scan_report *r, size_t i);
/* report_sanitize() of a C string; NULL stays NULL. Malloc'd. */
char			*report_str(const char *s);
/* Like report_str(), cut to at most MAX bytes on a character boundary
 * (with "..." when cut); NULL stays NULL. */
char			*report_str_max(const char *s, size_t max);
/* "none" or the severity name of R->fail_on. */
const char		*report_fail_on_str(const struct scan_report *r);
/* Failing results at or above --fail-on. */
size_t			 report_gating_fails(const struct scan_report *r);
size_t			 report_gating_errors(const struct scan_report *r);
/* The verdict sentence shared by text, HTML and Markdown (malloc'd);
 * *FAILP: whether the gate fails (matches the exit code). */
char			*report_verdict(const struct scan_report *r,
			    bool *failp);
/* The bytes json_dumpf(ROOT, FP, FLAGS) writes (FLAGS: JSON_INDENT,
 * JSON_COMPACT, JSON_REAL_PRECISION) and a newline, serialized by json.c
 * into one buffer and written with one fwrite: jansson's dump calls
 * fwrite per token and checks every container for cycles, a fifth of the
 * time of a large report. ROOT has no cycle. 0 or -1. */
int			 report_json_dump(const json_t *root, FILE *fp,
			    size_t flags);
/* The summary object shared by the JSON and SARIF reports (json.c). */
json_t			*report_summary_json(const struct summary *sum);
/* "JUSTIFICATION (owner O, expires D, reference R)", the parenthesis only
 * when one of those is set. Malloc'd, not sanitized. */
struct waiver;
char			*report_waiver_text(const struct waiver *w);
/* "layer N: STEP" ("layer N" without a step) for evidence E from an
 * image layer whose message does not already name it, else NULL.
 * Malloc'd, not sanitized. */
struct evidence;
char			*report_evidence_origin(const struct evidence *e);
/* Append evidence E to B as "PATH:LINE: MESSAGE (expected X, found Y)
 * [layer N: STEP]": the path only when WITH_PATH, each part only when
 * E has it. Not sanitized. */
struct strbuf;
void			 report_evidence_text(struct strbuf *b,
			    const struct evidence *e, bool with_path);
/* The packs of R's rules, each once, in plan order: an allocated
 * NULL-terminated array. */
const struct pack	**report_packs(const struct scan_report *r);
/* "ID VERSION" of pack P, with " (BENCHMARK)" when it names one;
 * allocated. */
char			*report_pack_text(const struct pack *p);

#endif /* ASSAY_REPORT_PRIVATE_H */
