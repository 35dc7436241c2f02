/*
 * report.h -- reporters: one file per format under engine/report/.
 *
 * Each reporter is a const ops table that writes a whole scan (scan.h) to
 * a FILE; reporters only read the results, they decide nothing.
 * Whatever bytes the target holds (invalid UTF-8, control characters,
 * "]]>"), JSON/SARIF output is valid UTF-8 JSON and JUnit is well-formed
 * XML: reporters pass every target-derived string through report_sanitize().
 */
#ifndef ASSAY_REPORT_H
#define ASSAY_REPORT_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "assay/policy.h"
#include "assay/result.h"
#include "assay/scan.h"

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
/* XCCDF 1.2 results and ARF 1.1 (xccdf_results.c, arf.c) */
extern const struct report_ops report_xccdf;
extern const struct report_ops report_arf;
/* the OVAL 5.11 results of a --datastream scan alone (oval.c) */
extern const struct report_ops report_oval;

const struct report_ops	*report_find(const char *name);
/* (Not report_text: that name is the text reporter.) A valid-UTF-8 copy of
 * S[0..LEN): invalid bytes become U+FFFD and C0
 * controls other than \t \n \r become U+FFFD too (XML 1.0 cannot carry
 * them at all). Malloc'd. */
char			*report_sanitize(const char *s, size_t len);
/* SARIF "security-severity" score and level for a severity. */
const char		*report_security_severity(enum severity s);
const char		*report_sarif_level(enum severity s);

/* SARIF pieces shared by sarif.c and `assay merge` (merge.c), so both
 * write the same rule names, URIs and severities. */
struct strbuf;
/* Append PATH percent-encoded as an RFC 3986 path: every byte but
 * unreserved characters and '/' (so ':' never looks like a scheme and any
 * byte of a file name, valid UTF-8 or not, survives exactly). */
void			 report_uri_encode(struct strbuf *b, const char *path);
/* "file:///abs/target/" for TARGET (made absolute against the working
 * directory, never resolved on the host). Malloc'd. */
char			*report_sarif_base_uri(const char *target);
/* The rule name of ID: "sshd-permit-root" -> "SshdPermitRoot" (at most
 * 255 bytes, "Rule" when ID has no letter or digit). Malloc'd. */
char			*report_sarif_rule_name(const char *id);
/* Whether reference value S is usable as helpUri: http(s) and no byte a
 * URI cannot hold. */
bool			 report_web_uri(const char *s);
/* GitHub's problem.severity: error, warning or recommendation. */
const char		*report_sarif_problem_severity(enum severity s);

/* `assay rules --format markdown` (markdown.c): the rules of PS grouped by
 * pack, then by profile (profiles IDS[0..NIDS), or every profile when
 * NIDS is 0, plus the rules no profile selects). Each profile is compiled
 * alone with LIM to learn its rules; -1 with the errors in D when one does
 * not compile or FP cannot be written. */
ASSAY_NODISCARD int	 report_rules_markdown(struct policy_set *ps,
			    const char *const *ids, size_t nids,
			    const struct limits *lim, FILE *fp,
			    struct diag *d);
/* `assay rules --tailoring FILE --format markdown`: the tailoring TI (its
 * base profile, reason and changes) and the rules of its compiled plan P
 * with the severities in effect. -1 with D when FP cannot be written. */
struct tailoring_info;
ASSAY_NODISCARD int	 report_rules_markdown_tailored(
			    const struct plan *p,
			    const struct tailoring_info *ti, FILE *fp,
			    struct diag *d);

#endif /* ASSAY_REPORT_H */
