/*
 * rx.c -- pcre2 (8-bit) compiled at load time, matched under limits.
 *
 * Patterns run in byte mode (no PCRE2_UTF): target files may hold any
 * bytes, and a UTF-mode match on invalid UTF-8 is an error, not a
 * non-match. Every match uses a match context carrying the match and
 * depth limits from limits.h; JIT is used when pcre2 has it (the match
 * limit applies to JIT too; its stack limit is reported like the others).
 */
#include "config.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <stdlib.h>
#include <string.h>

#include "assay/diag.h"
#include "assay/limits.h"
#include "assay/rx.h"
#include "assay/xmem.h"

struct rx {
	char			*pattern;
	pcre2_code		*code;
	pcre2_match_context	*mctx;
	pcre2_match_data	*md;
	bool			 has_group;
};

struct rx *
rx_compile(const char *pattern, unsigned flags, const char *what,
    const struct srcpos *at, const struct limits *lim, struct diag *d)
{
	uint32_t opts = 0;
	PCRE2_SIZE erroff;
	int errcode;
	uint32_t ncap = 0;
	struct rx *rx;
	pcre2_code *code;

	if (flags & RX_CASELESS)
		opts |= PCRE2_CASELESS;
	if (flags & RX_MULTILINE)
		opts |= PCRE2_MULTILINE;
	code = pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED, opts,
	    &errcode, &erroff, NULL);
	if (code == NULL) {
		PCRE2_UCHAR msg[256];

		pcre2_get_error_message(errcode, msg, sizeof(msg));
		diag_add(d, at, "%s: invalid regex at offset %zu: %s", what,
		    (size_t)erroff, (const char *)msg);
		return NULL;
	}
	(void)pcre2_jit_compile(code, PCRE2_JIT_COMPLETE);
	rx = xcalloc(1, sizeof(*rx));
	rx->pattern = xstrdup(pattern);
	rx->code = code;
	rx->mctx = pcre2_match_context_create(NULL);
	rx->md = pcre2_match_data_create_from_pattern(code, NULL);
	if (rx->mctx == NULL || rx->md == NULL)
		xmem_oom();
	pcre2_set_match_limit(rx->mctx, lim->rx_match_limit);
	pcre2_set_depth_limit(rx->mctx, lim->rx_depth_limit);
	pcre2_pattern_info(code, PCRE2_INFO_CAPTURECOUNT, &ncap);
	rx->has_group = ncap > 0;
	return rx;
}

void
rx_free(struct rx *rx)
{
	if (rx == NULL)
		return;
	pcre2_match_data_free(rx->md);
	pcre2_match_context_free(rx->mctx);
	pcre2_code_free(rx->code);
	free(rx->pattern);
	free(rx);
}

const char *
rx_pattern(const struct rx *rx)
{
	return rx->pattern;
}

/* pcre2_match() of SUBJ[0..LEN) from START: RX_MATCH with *OVP the
 * ovector and *NP the pairs set, or why not. */
static enum rx_rc
match_from(const struct rx *rx, const char *subj, size_t len, size_t start,
    PCRE2_SIZE **ovp, int *np)
{
	int rc = pcre2_match(rx->code, (PCRE2_SPTR)subj, len, start, 0,
	    rx->md, rx->mctx);

	if (rc == PCRE2_ERROR_NOMATCH)
		return RX_NOMATCH;
	if (rc == PCRE2_ERROR_MATCHLIMIT || rc == PCRE2_ERROR_DEPTHLIMIT ||
	    rc == PCRE2_ERROR_HEAPLIMIT || rc == PCRE2_ERROR_JIT_STACKLIMIT)
		return RX_ELIMIT;
	if (rc < 0)
		return RX_EOTHER;
	*ovp = pcre2_get_ovector_pointer(rx->md);
	*np = rc;
	return RX_MATCH;
}

enum rx_rc
rx_match(const struct rx *rx, const char *subj, size_t len, bool group1,
    size_t *so, size_t *eo)
{
	PCRE2_SIZE *ov;
	enum rx_rc rrc;
	int rc;
	int g;

	rrc = match_from(rx, subj, len, 0, &ov, &rc);
	if (rrc != RX_MATCH)
		return rrc;
	g = (group1 && rx->has_group && rc > 1 &&
	    ov[2] != PCRE2_UNSET) ? 1 : 0;
	if (so != NULL)
		*so = ov[2 * g];
	if (eo != NULL)
		*eo = ov[2 * g + 1];
	return RX_MATCH;
}

enum rx_rc
rx_match_at(const struct rx *rx, const char *subj, size_t len, size_t start,
    size_t *so, size_t *eo, size_t *gso, size_t *geo)
{
	PCRE2_SIZE *ov;
	enum rx_rc rrc;
	int rc;
	int g;

	rrc = match_from(rx, subj, len, start, &ov, &rc);
	if (rrc != RX_MATCH)
		return rrc;
	*so = ov[0];
	*eo = ov[1];
	for (g = 1; g < rc; g++)
		if (ov[2 * g] != PCRE2_UNSET)
			break;
	if (g >= rc)
		g = 0;
	*gso = ov[2 * g];
	*geo = ov[2 * g + 1];
	return RX_MATCH;
}
