/*
 * report.c -- the reporter table and what every format shares.
 *
 * A target is hostile: file names and file contents may hold any byte, and
 * they end up in evidence. JSON needs valid UTF-8 (jansson refuses anything
 * else), XML 1.0 cannot carry C0 controls even escaped, and a terminal
 * obeys escape sequences. So every reporter passes each string through
 * report_sanitize(), which keeps valid UTF-8 and replaces everything else with
 * U+FFFD: one rule for all formats, and nothing a format must special-case.
 * The severity mappings for SARIF live here too, and the verdict sentence
 * the human-facing formats share. Reporters decide nothing: the summary,
 * the severities in effect and the gate come from the scan (scan.h).
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "assay/report.h"
#include "assay/strbuf.h"
#include "assay/util.h"
#include "assay/waiver.h"
#include "assay/xmem.h"

#include "report_private.h"

static const struct report_ops *const reporters[] = {
	&report_text,
	&report_json,
	&report_sarif,
	&report_junit,
	&report_html,
	&report_markdown,
	&report_xccdf,
	&report_arf,
	&report_oval,
};

/* GitHub maps security-severity > 9.0 to critical, 7.0-8.9 high, 4.0-6.9
 * medium, 0.1-3.9 low; 0 would drop the rule from the security view, so
 * info gets the lowest low score instead. */
static const char *const sev_scores[SEV__COUNT] = {
	[SEV_INFO] = "1.0",
	[SEV_LOW] = "3.0",
	[SEV_MEDIUM] = "5.5",
	[SEV_HIGH] = "8.0",
	[SEV_CRITICAL] = "9.5",
};

static const char *const sev_levels[SEV__COUNT] = {
	[SEV_INFO] = "note",
	[SEV_LOW] = "note",
	[SEV_MEDIUM] = "warning",
	[SEV_HIGH] = "error",
	[SEV_CRITICAL] = "error",
};

const struct report_ops *
report_find(const char *name)
{
	for (size_t i = 0; i < sizeof(reporters) / sizeof(reporters[0]); i++)
		if (strcmp(reporters[i]->name, name) == 0)
			return reporters[i];
	return NULL;
}

const struct rule *
report_rule(const struct scan_report *r, size_t i)
{
	if (r->results[i].rule != NULL)
		return r->results[i].rule;
	return plan_rule(r->plan, i);
}

/* Failing results that fail the gate (errors gate too, but the verdict
 * line counts failing rules). */
size_t
report_gating_fails(const struct scan_report *r)
{
	size_t n = 0;

	for (size_t i = 0; i < r->nresults; i++)
		n += r->results[i].status == ST_FAIL && scan_gates(r, i);
	return n;
}

/* The verdict every human-facing format prints, so they cannot disagree
 * with each other or with the exit code: *FAILP says whether the gate
 * fails; the returned (malloc'd) sentence says why. */
char *
report_verdict(const struct scan_report *r, bool *failp)
{
	size_t nf = report_gating_fails(r);
	size_t ne = report_gating_errors(r);
	const char *at = report_fail_on_str(r);
	const char *new = r->fail_on_new ? "new " : "";

	*failp = r->fail_on >= 0 && nf + ne > 0;
	if (r->fail_on < 0)
		return xstrdup("--fail-on none");
	if (nf + ne == 0 && r->fail_on_new)
		return xasprintf("no new failing rule at or above %s", at);
	if (nf + ne == 0)
		return xasprintf("no failing rule at or above %s", at);
	if (ne == 0)
		return xasprintf("%zu %sfailing rule%s at or above %s", nf, new,
		    nf == 1 ? "" : "s", at);
	if (nf == 0)
		return xasprintf("%zu %srule%s at or above %s could not be "
		    "evaluated", ne, new, ne == 1 ? "" : "s", at);
	return xasprintf("%zu %sfailing rule%s and %zu that could not be "
	    "evaluated at or above %s", nf, new, nf == 1 ? "" : "s", ne, at);
}

/* Error results that fail the gate: a control that could not be verified
 * has not passed, so the verdict must say FAIL when only these remain. */
size_t
report_gating_errors(const struct scan_report *r)
{
	size_t n = 0;

	for (size_t i = 0; i < r->nresults; i++)
		n += r->results[i].status == ST_ERROR && scan_gates(r, i);
	return n;
}

const char *
report_fail_on_str(const struct scan_report *r)
{
	if (r->fail_on < 0 || r->fail_on >= SEV__COUNT)
		return "none";
	return severity_str((enum severity)r->fail_on);
}

const char *
report_security_severity(enum severity s)
{
	return s < SEV__COUNT ? sev_scores[s] : sev_scores[SEV_MEDIUM];
}

const char *
report_sarif_level(enum severity s)
{
	return s < SEV__COUNT ? sev_levels[s] : "warning";
}

char *
report_sanitize(const char *s, size_t len)
{
	return utf8_sanitize(s, len);
}

char *
report_str(const char *s)
{
	return s != NULL ? report_sanitize(s, strlen(s)) : NULL;
}

char *
report_str_max(const char *s, size_t max)
{
	char *t = report_str(s);
	size_t len;

	if (t == NULL || strlen(t) <= max || max < 4)
		return t;
	/* Back up to a character boundary, leaving room for "...". */
	len = max - 3;
	while (len > 0 && ((unsigned char)t[len] & 0xc0) == 0x80)
		len--;
	memcpy(t + len, "...", 4);
	return t;
}

char *
report_waiver_text(const struct waiver *w)
{
	struct strbuf b = STRBUF_INIT;
	const char *sep = " (";

	(void)strbuf_addstr(&b, w->justification);
	if (w->owner != NULL) {
		(void)strbuf_addf(&b, "%sowner %s", sep, w->owner);
		sep = ", ";
	}
	if (w->expires != NULL) {
		(void)strbuf_addf(&b, "%sexpires %s", sep, w->expires);
		sep = ", ";
	}
	if (w->reference != NULL) {
		(void)strbuf_addf(&b, "%sreference %s", sep, w->reference);
		sep = ", ";
	}
	if (*sep == ',')
		(void)strbuf_addch(&b, ')');
	return strbuf_detach(&b);
}

char *
report_evidence_origin(const struct evidence *e)
{
	if (e->layer < 0 || e->layer_told)
		return NULL;
	if (e->layer_step == NULL)
		return xasprintf("layer %d", e->layer);
	return xasprintf("layer %d: %s", e->layer, e->layer_step);
}

void
report_evidence_text(struct strbuf *b, const struct evidence *e,
    bool with_path)
{
	char *origin = report_evidence_origin(e);
	const char *msg = e->message != NULL ? e->message : "";
	char *at = NULL;
	const char *dup = NULL;

	if (with_path && e->path != NULL && e->line > 0)
		(void)strbuf_addf(b, "%s:%u: ", e->path, e->line);
	else if (with_path && e->path != NULL)
		(void)strbuf_addf(b, "%s: ", e->path);
	/* "X at PATH:LINE" after a "PATH:LINE: " prefix says it twice
	 * (", at PATH:LINE" too: an OVAL test's "(1 item, at ...)") */
	if (with_path && e->path != NULL && e->line > 0) {
		at = xasprintf(", at %s:%u", e->path, e->line);
		if ((dup = strstr(msg, at)) == NULL &&
		    (dup = strstr(msg, at + 1)) != NULL)
			memmove(at, at + 1, strlen(at));	/* " at ..." */
	}
	if (dup != NULL) {
		(void)strbuf_add(b, msg, (size_t)(dup - msg));
		(void)strbuf_addstr(b, dup + strlen(at));
	} else
		(void)strbuf_addstr(b, msg);
	free(at);
	if (e->expected != NULL && e->found != NULL)
		(void)strbuf_addf(b, " (expected %s, found %s)", e->expected,
		    e->found);
	else if (e->expected != NULL)
		(void)strbuf_addf(b, " (expected %s)", e->expected);
	else if (e->found != NULL)
		(void)strbuf_addf(b, " (found %s)", e->found);
	if (origin != NULL)
		(void)strbuf_addf(b, " [%s]", origin);
	free(origin);
}

const struct pack **
report_packs(const struct scan_report *r)
{
	size_t n = 0;
	const struct pack **v = xcalloc(r->nresults + 1, sizeof(*v));

	for (size_t i = 0; i < r->nresults; i++) {
		const struct pack *p = report_rule(r, i)->pack;
		size_t k;

		for (k = 0; k < n && v[k] != p; k++)
			;
		if (k == n && p != NULL)
			v[n++] = p;
	}
	return v;
}

char *
report_pack_text(const struct pack *p)
{
	const char *what = p->benchmark != NULL ? p->benchmark : p->title;

	return xasprintf("%s %s%s%s", p->id, p->version != NULL ?
	    p->version : "(no version)", what != NULL ? ": " : "",
	    what != NULL ? what : "");
}
