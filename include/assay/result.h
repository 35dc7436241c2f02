/*
 * result.h -- statuses, evidence and the result of one rule.
 *
 * Probes append evidence as they look (on pass too: "PermitRootLogin no at
 * /etc/ssh/sshd_config:32" is what an auditor wants to see), so `not` can
 * invert a verdict and still say why. Evidence lists are capped by
 * limits->evidence_max; the number dropped is kept.
 */
#ifndef ASSAY_RESULT_H
#define ASSAY_RESULT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum status {
	ST_PASS,
	ST_FAIL,
	ST_ERROR,
	ST_NOTAPPLICABLE,
	ST_NOTCHECKED,
	ST_WAIVED,
	ST__COUNT
};

const char	*status_str(enum status s);
/* Two verdicts combined as `all` combines its children (fail > error >
 * pass > notapplicable: one failure fails the whole) and as `any` does
 * (pass > error > fail > notapplicable: one pass passes it). Other
 * statuses rank with notapplicable, and on a tie A is kept, so folding a
 * list from ST_NOTAPPLICABLE gives notapplicable when no child gave a
 * verdict. The evaluator's combinators and the probes that judge several
 * files or lines both fold with these. */
enum status	status_all(enum status a, enum status b);
enum status	status_any(enum status a, enum status b);

struct waiver;

/* How a failing finding compares with a --baseline report (baseline.h). */
enum baseline_state {
	BASELINE_NONE,		/* no baseline, or not a failing finding */
	BASELINE_NEW,
	BASELINE_UNCHANGED,
};

/* What an item of evidence is to a failing verdict: the violation
 * itself (a finding: SARIF result, waiver and baseline target, JUnit
 * failure line), or context that explains the verdict (a compliant file
 * examined, "3 found under /", a package found absent as wanted), shown
 * in text, JSON and HTML only. A probe says which with every item it
 * adds: there is no default to forget. */
enum evidence_kind {
	EV_VIOLATION = 0,
	EV_CONTEXT,
};

struct evidence {
	char		*path;		/* path inside the target, or NULL */
	unsigned	 line;		/* 1-based; 0 when none */
	char		*message;	/* what was found, in words */
	char		*expected;	/* may be NULL */
	char		*found;		/* may be NULL */
	/* Image targets: the layer PATH comes from (0-based, as the
	 * history counts non-empty layers; -1: none, or not an image) and
	 * that layer's build step (may be NULL). The evaluator sets them
	 * for a non-directory PATH of the merged filesystem; a probe that
	 * reports a file a later layer hid sets them itself, with
	 * LAYER_TOLD when its message already names the layer. */
	int		 layer;
	char		*layer_step;
	bool		 layer_told;
	enum evidence_kind kind;
	/* Set after evaluation (waiver.h, baseline.h); zero otherwise. */
	const struct waiver *waiver;	/* the waiver covering this finding */
	enum baseline_state baseline;
};

struct evlist {
	struct evidence	*v;
	size_t		 n;
	size_t		 cap;
	size_t		 max;		/* 0: no cap */
	size_t		 dropped;
};

void	evlist_init(struct evlist *l, size_t max);
/* Append evidence of kind KIND, its message formatted from FMT; strings
 * are copied (PATH may be NULL). Returns the new item so EXPECTED/FOUND
 * can be set with evidence_set_values(), or NULL when the cap was
 * reached (counted in l->dropped). */
struct evidence *evlist_add_kind(struct evlist *l, enum evidence_kind kind,
		    const char *path, unsigned line, const char *fmt, ...)
		    __attribute__((format(printf, 5, 6)));
/* The same, of kind EV_VIOLATION: what the probe judged, the finding
 * when the rule fails (on a pass too: `not` turns a pass into a
 * failure, and then this is what fails). */
struct evidence *evlist_add_violation(struct evlist *l, const char *path,
		    unsigned line, const char *fmt, ...)
		    __attribute__((format(printf, 4, 5)));
/* The same, of kind EV_CONTEXT: what explains the verdict and is never a
 * finding (a compliant line, a count, a file skipped). */
struct evidence *evlist_add_context(struct evlist *l, const char *path,
		    unsigned line, const char *fmt, ...)
		    __attribute__((format(printf, 4, 5)));
/* Record on E (may be NULL) that it comes from layer LAYER, built by
 * STEP (may be NULL), the message saying so when TOLD. */
void	evidence_set_layer(struct evidence *e, int layer, const char *step,
	    bool told);
void	evidence_set_values(struct evidence *e, const char *expected,
	    const char *found);
const char *evidence_kind_str(enum evidence_kind k);
/* Move every item of SRC to the end of DST (respecting DST's cap). */
void	evlist_move(struct evlist *dst, struct evlist *src);
void	evlist_release(struct evlist *l);

struct rule;

struct result {
	const struct rule *rule;
	enum status	   status;
	/* one-line summary; never NULL after eval */
	char		  *message;
	struct evlist	   ev;
	/* Set after evaluation (waiver.h, baseline.h); zero otherwise. */
	const struct waiver *waiver;	/* ST_WAIVED: the (first) waiver */
	/* borrowed: "waiver at F:L expired..." */
	const char	  *note;
	enum baseline_state baseline;	/* NEW when a live finding is new */
};

void	result_release(struct result *r);
/* Whether evidence item I of R is a finding: a violation of a failing or
 * waived result. Context, and the evidence of other statuses, never is. */
bool	result_is_finding(const struct result *r, size_t i);
/* The number of findings of R. */
size_t	result_nfindings(const struct result *r);
/* A finding's identity: FNV-1a 64 of the rule id, the path and the
 * message without digits, each as a report writes it (sanitized: line
 * numbers, modes and counts move; the finding stays). The SARIF
 * partialFingerprints and --baseline matching both use it, so a report
 * written today matches one read back later. PATH and MESSAGE may be
 * NULL. */
uint64_t result_fingerprint(const char *rule_id, const char *path,
	    const char *message);

#endif /* ASSAY_RESULT_H */
