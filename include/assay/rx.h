/*
 * rx.h -- pcre2 (8-bit) with the limits every match must run under.
 *
 * Regexes are compiled when a policy is loaded, never mid-scan, so a bad
 * pattern is a policy error with pcre2's own message and offset. Every
 * match runs with limits.h's match and depth limits (and JIT when pcre2
 * has it), so a hostile line cannot stall a scan: hitting a limit is
 * RX_ELIMIT, which probes turn into an `error` result.
 */
#ifndef ASSAY_RX_H
#define ASSAY_RX_H

#include <stdbool.h>
#include <stddef.h>

struct diag;
struct limits;
struct srcpos;

struct rx;

enum rx_rc {
	RX_NOMATCH = 0,
	RX_MATCH = 1,
	RX_ELIMIT = -1,		/* match or depth limit hit */
	RX_EOTHER = -2,		/* any other pcre2 error (bad UTF, ...) */
};

#define RX_CASELESS	0x1
#define RX_MULTILINE	0x2

/* Compile PATTERN. On error, reports `WHAT: invalid regex at offset N:
 * <pcre2 message>` at AT and returns NULL. */
struct rx	*rx_compile(const char *pattern, unsigned flags,
		    const char *what, const struct srcpos *at,
		    const struct limits *lim, struct diag *d);
void		 rx_free(struct rx *rx);
const char	*rx_pattern(const struct rx *rx);

/* Match SUBJ[0..LEN). On RX_MATCH and when SO/EO are not NULL, they get
 * the offsets of the whole match (or of group 1 when the pattern has one
 * and GROUP1 is true). */
enum rx_rc	 rx_match(const struct rx *rx, const char *subj, size_t len,
		    bool group1, size_t *so, size_t *eo);

/* Match SUBJ[0..LEN) from offset START (lookbehind and \b see what lies
 * before it). On RX_MATCH, SO..EO get the whole match and GSO..GEO the
 * lowest-numbered capture group that took part (the whole match when
 * none did), so `a(x)|b(y)` names its part either way. */
enum rx_rc	 rx_match_at(const struct rx *rx, const char *subj, size_t len,
		    size_t start, size_t *so, size_t *eo, size_t *gso,
		    size_t *geo);

#endif /* ASSAY_RX_H */
