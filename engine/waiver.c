/*
 * waiver.c -- load waiver files and apply them to a scan's results.
 *
 * Peers converge on one model (InSpec, Trivy, cnspec; see
 * ../shared/research/anchors.md section 5): a rule id, a justification
 * and an optional expiry, with an expired waiver reverting to normal
 * evaluation. We add an optional path glob, so one accepted file does not
 * hide every other file the same rule flags: a waiver covers findings
 * (evidence paths), and a failing result becomes `waived` only when every
 * finding is covered. The loader is as strict as the policy loader
 * (unknown keys, wrong types, bad dates, a missing or empty
 * justification are errors at file:line:col), because a typo in a waiver
 * file silently un-waives or over-waives in an audit. Expiry is compared
 * as text (YYYY-MM-DD sorts by date): a waiver expiring on D no longer
 * applies from 00:00 UTC on D.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "assay/policy.h"
#include "assay/util.h"
#include "assay/waiver.h"
#include "assay/xmem.h"
#include "assay/ynode.h"

struct waiver_set {
	struct ydoc	*doc;
	struct waiver	*v;
	char		**notes;	/* per waiver: its expiry note */
	size_t		 n;
};

static const char *const top_keys[] = { "waivers", NULL };
static const char *const waiver_keys[] = {
	"rule", "path", "justification", "owner", "expires", "reference",
	"fingerprint", NULL,
};

static const char *const state_names[] = {
	[WAIVER_STALE] = "stale",
	[WAIVER_APPLIED] = "applied",
	[WAIVER_EXPIRED] = "expired",
};

const char *
waiver_state_str(enum waiver_state s)
{
	return s <= WAIVER_EXPIRED ? state_names[s] : "unknown";
}

bool
waiver_date_valid(const char *s)
{
	static const int mdays[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31,
	    30, 31 };
	uint64_t y, m, dd;
	char buf[WAIVER_DATE_LEN];

	if (s == NULL || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return false;
	memcpy(buf, s, sizeof(buf));
	buf[4] = buf[7] = '\0';
	if (strspn(buf, "0123456789") != 4 ||
	    strspn(buf + 5, "0123456789") != 2 ||
	    strspn(buf + 8, "0123456789") != 2)
		return false;
	if (parse_uint(buf, 1, 9999, &y) != 0 ||
	    parse_uint(buf + 5, 1, 12, &m) != 0 ||
	    parse_uint(buf + 8, 1, 31, &dd) != 0)
		return false;
	if (m == 2 && dd == 29)
		return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	return dd <= (uint64_t)mdays[m - 1];
}

int
waiver_today(char out[WAIVER_DATE_LEN], struct diag *d)
{
	const char *env = getenv("ASSAY_NOW");
	time_t now;
	struct tm tm;
	char *q;

	if (env != NULL && env[0] != '\0') {
		int64_t secs;

		/* a date, or a UTC time (OVAL time_difference): its date */
		if (clock_parse(env, &secs)) {
			memcpy(out, env, WAIVER_DATE_LEN - 1);
			out[WAIVER_DATE_LEN - 1] = '\0';
			return 0;
		}
		q = diag_quote(env, 64);
		diag_add(d, NULL, "ASSAY_NOW: " CLOCK_EXPECTED ", got %s", q);
		free(q);
		return -1;
	}
	now = time(NULL);
	gmtime_r(&now, &tm);
	strftime(out, WAIVER_DATE_LEN, "%Y-%m-%d", &tm);
	return 0;
}

/* Read the string KEY of waiver MAP into *OUT (NULL when absent and not
 * REQUIRED). Empty strings are refused: they waive nothing or everything
 * by accident. */
static int
read_str(const struct ynode *map, const char *key, bool required,
    const char **out, struct diag *d)
{
	const struct ynode *n = ynode_get(map, key);
	const char *s;
	size_t len;

	*out = NULL;
	if (n == NULL) {
		if (!required)
			return 0;
		diag_add(d, &map->at, "missing key \"%s\" in waiver", key);
		return -1;
	}
	if (ynode_str(n, key, out, d) != 0)
		return -1;
	s = *out;
	len = strlen(s);
	trim_span(&s, &len);
	if (len == 0) {
		diag_add(d, &n->at, "%s: must not be empty", key);
		*out = NULL;
		return -1;
	}
	return 0;
}

static int
read_waiver(const struct ynode *item, struct waiver *w, struct diag *d)
{
	const struct ynode *exp = ynode_get(item, "expires");
	int rc = 0;

	memset(w, 0, sizeof(*w));
	w->at = item->at;
	if (ynode_check_keys(item, "waiver", waiver_keys, d) != 0)
		return -1;
	if (ynode_get(item, "rule") != NULL)
		w->rule_at = ynode_get(item, "rule")->at;
	rc |= read_str(item, "rule", true, &w->rule, d);
	rc |= read_str(item, "path", false, &w->path, d);
	rc |= read_str(item, "justification", true, &w->justification, d);
	rc |= read_str(item, "owner", false, &w->owner, d);
	rc |= read_str(item, "reference", false, &w->reference, d);
	if (read_str(item, "fingerprint", false, &w->fingerprint, d) != 0)
		rc = -1;
	else if (w->fingerprint != NULL && (strlen(w->fingerprint) != 64 ||
	    strspn(w->fingerprint, "0123456789abcdef") != 64)) {
		diag_add(d, &ynode_get(item, "fingerprint")->at, "fingerprint: "
		    "expected the 64 lower-case hex digits of a finding's "
		    "sha256, got %s", ynode_show(ynode_get(item,
		    "fingerprint")));
		rc = -1;
	}
	if (read_str(item, "expires", false, &w->expires, d) != 0)
		rc = -1;
	else if (w->expires != NULL && !waiver_date_valid(w->expires)) {
		diag_add(d, &exp->at, "expires: expected a date YYYY-MM-DD, "
		    "got %s", ynode_show(exp));
		rc = -1;
	}
	return rc;
}

static int
read_file(struct waiver_set *ws, struct diag *d)
{
	const struct ynode *root = ydoc_root(ws->doc);
	const struct ynode *list;
	int rc = 0;

	if (ynode_check_keys(root, "waiver file", top_keys, d) != 0)
		return -1;
	list = ynode_get(root, "waivers");
	if (list == NULL) {
		diag_add(d, &root->at, "missing key \"waivers\" in waiver "
		    "file");
		return -1;
	}
	if (!ynode_is_seq(list)) {
		diag_add(d, &list->at, "waivers: expected a sequence, got %s",
		    ynode_show(list));
		return -1;
	}
	ws->v = xcalloc(list->len + 1, sizeof(*ws->v));
	ws->notes = xcalloc(list->len + 1, sizeof(*ws->notes));
	for (size_t i = 0; i < list->len; i++) {
		if (read_waiver(list->items[i], &ws->v[ws->n], d) != 0)
			rc = -1;
		ws->n++;
	}
	return rc;
}

struct waiver_set *
waiver_load(const char *path, const struct limits *lim, struct diag *d)
{
	struct waiver_set *ws = xcalloc(1, sizeof(*ws));

	ws->doc = ydoc_parse_file(path, lim, d);
	if (ws->doc != NULL && read_file(ws, d) == 0)
		return ws;
	waiver_set_free(ws);
	return NULL;
}

void
waiver_set_free(struct waiver_set *ws)
{
	if (ws == NULL)
		return;
	for (size_t i = 0; i < ws->n; i++)
		free(ws->notes[i]);
	free(ws->notes);
	free(ws->v);
	ydoc_free(ws->doc);
	free(ws);
}

int
waiver_check(const struct waiver_set *ws, const struct policy_set *ps,
    struct diag *d)
{
	size_t n = policy_rule_count(ps);
	const char **ids = xcalloc(n + 1, sizeof(*ids));
	int rc = 0;

	for (size_t i = 0; i < n; i++)
		ids[i] = policy_rule(ps, i)->id;
	for (size_t i = 0; i < ws->n; i++) {
		const struct waiver *w = &ws->v[i];
		const char *hint;
		bool found = false;
		char *q;

		for (size_t k = 0; k < n && !found; k++)
			found = glob_match(w->rule, ids[k], false);
		if (found)
			continue;
		q = diag_quote(w->rule, 64);
		hint = has_glob_meta(w->rule) ? NULL :
		    nearest_word(w->rule, ids, n);
		if (hint != NULL)
			diag_add(d, &w->rule_at, "rule: unknown rule %s (did "
			    "you mean \"%s\"?)", q, hint);
		else if (has_glob_meta(w->rule))
			diag_add(d, &w->rule_at, "rule: %s matches no loaded "
			    "rule", q);
		else
			diag_add(d, &w->rule_at, "rule: unknown rule %s (no "
			    "loaded pack has it)", q);
		free(q);
		rc = -1;
	}
	free(ids);
	return rc;
}

const char *
waiver_file(const struct waiver_set *ws)
{
	return ydoc_file(ws->doc);
}

size_t
waiver_count(const struct waiver_set *ws)
{
	return ws != NULL ? ws->n : 0;
}

const struct waiver *
waiver_get(const struct waiver_set *ws, size_t i)
{
	return ws != NULL && i < ws->n ? &ws->v[i] : NULL;
}

/* Does MSG (may be NULL) name secret fingerprint FP ("sha256:FP")? */
static bool
names_fingerprint(const char *msg, const char *fp)
{
	const char *p = msg;

	while (p != NULL && (p = strstr(p, "sha256:")) != NULL) {
		p += 7;
		if (strncmp(p, fp, 64) == 0 && strspn(p, "0123456789abcdef") ==
		    64)
			return true;
	}
	return false;
}

/* The first waiver for rule ID covering a finding at PATH (NULL: a
 * finding without a path, which only a waiver without `path` covers)
 * whose message is MSG (a waiver with a `fingerprint` covers only the
 * findings naming it), among the expired ones when EXPIRED, else among
 * the live ones. */
static struct waiver *
find_waiver(struct waiver_set *ws, const char *id, const char *path,
    const char *msg, bool expired)
{
	for (size_t i = 0; i < ws->n; i++) {
		struct waiver *w = &ws->v[i];

		if ((w->state == WAIVER_EXPIRED) != expired ||
		    !glob_match(w->rule, id, false))
			continue;
		if (w->fingerprint != NULL &&
		    !names_fingerprint(msg, w->fingerprint))
			continue;
		if (w->path == NULL ||
		    (path != NULL && glob_match(w->path, path, false)))
			return w;
	}
	return NULL;
}

static const char *
expiry_note(struct waiver_set *ws, const struct waiver *w)
{
	size_t i = (size_t)(w - ws->v);

	if (ws->notes[i] == NULL)
		ws->notes[i] = xasprintf("waiver at %s:%u expired on %s",
		    w->at.file != NULL ? w->at.file : "?", w->at.line,
		    w->expires);
	return ws->notes[i];
}

/* Waive the findings of one failing result: each distinct path of its
 * violations is a finding (context evidence never is), and so is "no
 * violation at all" or evidence dropped past the cap (unseen findings
 * only a rule-wide waiver covers). */
static void
apply_result(struct waiver_set *ws, const char *id, struct result *res)
{
	struct evidence *ev = res->ev.v;
	struct waiver *w, *first = NULL, *exp = NULL;
	size_t live = 0;
	size_t nfind = result_nfindings(res);

	for (size_t k = 0; k < res->ev.n; k++) {
		if (ev[k].waiver != NULL || ev[k].kind != EV_VIOLATION)
			continue;
		w = find_waiver(ws, id, ev[k].path, ev[k].message, false);
		if (w == NULL) {
			/* Only the first live item of a path counts. */
			bool seen = false;

			for (size_t j = 0; j < k && !seen; j++)
				seen = ev[j].kind == EV_VIOLATION &&
				    ev[j].waiver == NULL &&
				    (ev[j].path == NULL ? ev[k].path == NULL :
				    ev[k].path != NULL &&
				    strcmp(ev[j].path, ev[k].path) == 0);
			live += !seen;
			if (exp == NULL)
				exp = find_waiver(ws, id, ev[k].path,
				    ev[k].message, true);
			continue;
		}
		w->nwaived++;
		first = first != NULL ? first : w;
		if (w->fingerprint != NULL) {
			ev[k].waiver = w;	/* that secret only */
			continue;
		}
		for (size_t j = k; j < res->ev.n; j++)
			if (ev[j].kind == EV_VIOLATION &&
			    (ev[j].path == NULL ? ev[k].path == NULL :
			    ev[k].path != NULL &&
			    strcmp(ev[j].path, ev[k].path) == 0))
				ev[j].waiver = w;
	}
	if (nfind == 0 || res->ev.dropped > 0) {
		w = find_waiver(ws, id, NULL, NULL, false);
		if (w != NULL && nfind == 0)
			w->nwaived++;
		if (w == NULL) {
			live++;
			if (exp == NULL)
				exp = find_waiver(ws, id, NULL, NULL,
				    true);
		}
		first = first != NULL ? first : w;
	}
	if (live == 0) {
		res->status = ST_WAIVED;
		res->waiver = first;
	}
	if (exp != NULL && live > 0)
		res->note = expiry_note(ws, exp);
}

void
waiver_apply(struct waiver_set *ws, const char *today, const struct plan *p,
    struct result *res, size_t n)
{
	for (size_t i = 0; i < ws->n; i++) {
		struct waiver *w = &ws->v[i];

		w->state = w->expires != NULL &&
		    strcmp(w->expires, today) <= 0 ? WAIVER_EXPIRED :
		    WAIVER_STALE;
		w->nwaived = 0;
		w->nrules = 0;
	}
	for (size_t i = 0; i < n; i++) {
		const struct rule *rule = plan_rule(p, i);

		for (size_t k = 0; k < ws->n; k++)
			if (glob_match(ws->v[k].rule, rule->id, false))
				ws->v[k].nrules++;
		if (res[i].status == ST_FAIL)
			apply_result(ws, rule->id, &res[i]);
	}
	for (size_t i = 0; i < ws->n; i++)
		if (ws->v[i].state == WAIVER_STALE && ws->v[i].nwaived > 0)
			ws->v[i].state = WAIVER_APPLIED;
}
