/*
 * waiver.h -- waivers: accepted failures, with a justification and an
 * optional expiry (docs/audit-workflow.md).
 *
 * A waiver file is YAML:
 *
 *   waivers:
 *     - rule: sshd-*              # rule id or glob (required)
 *       path: "/etc/ssh/sshd_config.d/[a-z]*"  # evidence path glob
 *       justification: ...        # required, not empty
 *       owner: alice@example.com
 *       expires: 2025-12-31       # expires at 00:00 UTC on that date
 *       reference: SEC-1234
 *
 *   1. struct waiver_set *ws = waiver_load(path, lim, d);
 *   2. waiver_check(ws, ps, d): a rule that names no loaded rule is an
 *      error (a typo must not pass as "stale");
 *      waiver_today(today, d) (ASSAY_NOW=YYYY-MM-DD forces the date,
 *      a time YYYY-MM-DDTHH:MM:SSZ its date);
 *   3. waiver_apply(ws, today, plan, results, n): a failing result whose
 *      findings (evidence paths) are all covered by live waivers becomes
 *      ST_WAIVED; covered evidence gets ->waiver; an expired waiver that
 *      would have applied leaves res->note;
 *   4. reporters read waiver_count()/waiver_get() and each waiver's
 *      state; waiver_set_free(ws) after the results are gone.
 */
#ifndef ASSAY_WAIVER_H
#define ASSAY_WAIVER_H

#include <stdbool.h>
#include <stddef.h>

#include "assay/diag.h"
#include "assay/result.h"

struct limits;
struct plan;
struct policy_set;
struct result;

/* "YYYY-MM-DD" plus NUL. */
#define WAIVER_DATE_LEN 11

enum waiver_state {
	WAIVER_STALE,		/* live, but waived no failing finding */
	WAIVER_APPLIED,		/* waived at least one finding */
	WAIVER_EXPIRED,		/* expires on or before the scan date */
};

struct waiver {
	/* Strings are borrowed from the loaded document (waiver set). */
	const char	*rule;		/* id or glob */
	const char	*path;		/* glob; NULL: every finding */
	const char	*justification;
	const char	*owner;		/* may be NULL */
	const char	*expires;	/* "YYYY-MM-DD", or NULL: never */
	const char	*reference;	/* may be NULL */
	/* hex sha256 of a secret: covers only the findings that name it
	 * ("sha256:..."); NULL: any */
	const char	*fingerprint;
	struct srcpos	 at;		/* the list item */
	struct srcpos	 rule_at;	/* its rule: value */
	/* Set by waiver_apply(). */
	enum waiver_state state;
	size_t		 nwaived;	/* findings waived */
	size_t		 nrules;	/* rules of the plan it names */
};

struct waiver_set;

/* Load a waiver file. NULL with every error in D (file:line:col). */
struct waiver_set	*waiver_load(const char *path,
			    const struct limits *lim, struct diag *d);
void			 waiver_set_free(struct waiver_set *ws);
/* Every waiver's rule must name (or, a glob, match) a rule of PS; else
 * an error at the rule's file:line:col, with the closest id as a hint. */
int			 waiver_check(const struct waiver_set *ws,
			    const struct policy_set *ps, struct diag *d);
const char		*waiver_file(const struct waiver_set *ws);
size_t			 waiver_count(const struct waiver_set *ws);
/* Waiver I, borrowed while WS lives. */
const struct waiver	*waiver_get(const struct waiver_set *ws, size_t i);
const char		*waiver_state_str(enum waiver_state s);

/* Is S a real calendar date written YYYY-MM-DD? */
bool	waiver_date_valid(const char *s);
/* The scan date (UTC) into OUT: $ASSAY_NOW's date when set (must be a
 * date or a UTC time, clock_parse(): otherwise -1 with a message in D),
 * else today. */
int	waiver_today(char out[WAIVER_DATE_LEN], struct diag *d);

/* Apply WS to RES[0..N) (plan order of P) as of TODAY; see above. Only
 * ST_FAIL results are waived. Call once. */
void	waiver_apply(struct waiver_set *ws, const char *today,
	    const struct plan *p, struct result *res, size_t n);

#endif /* ASSAY_WAIVER_H */
