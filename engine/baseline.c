/*
 * baseline.c -- read a previous assay report and tell new findings from
 * old ones.
 *
 * Teams adopt a benchmark on systems that already fail parts of it; a CI
 * gate that fails on every old finding gets switched off. So a scan can
 * be compared with the report of an earlier one (`--baseline`), findings
 * are marked new or unchanged (SARIF baselineState), the ones that went
 * away are listed as fixed, and `--fail-on-new` gates on new ones only.
 * Both formats assay writes are accepted: the JSON report (we recompute
 * each finding's fingerprint from rule, path and message) and the SARIF
 * report (we read its assayFinding/v1 fingerprints, which the SARIF
 * writer computes with the same result_fingerprint()). Anything else is
 * refused with the reason, never read as "no findings", which would make
 * every finding new and every old one silently vanish.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <jansson.h>

#include "assay/baseline.h"
#include "assay/diag.h"
#include "assay/hostfile.h"
#include "assay/policy.h"
#include "assay/result.h"
#include "assay/strbuf.h"
#include "assay/xmem.h"

/* The largest report read. A SARIF run holds at most 25000 results of a
 * few KB each; JSON reports carry at most evidence_max items per rule.
 * 256 MiB is well above both and still a bounded read. */
#define BASELINE_MAX_BYTES	((size_t)256 << 20)

struct baseline {
	char			*path;
	const char		*format;
	struct baseline_finding	*v;
	size_t			 n, cap;
	size_t			*byfp;		/* into V, by fp */
	struct strlist		 errors;	/* rule ids in error */
	size_t			 nnew, nunchanged;
	size_t			*fixed;		/* into V */
	size_t			 nfixed;
};

static const char *const state_names[] = {
	[BASELINE_NONE] = "none",
	[BASELINE_NEW] = "new",
	[BASELINE_UNCHANGED] = "unchanged",
};

const char *
baseline_state_str(enum baseline_state s)
{
	return s <= BASELINE_UNCHANGED ? state_names[s] : "none";
}

static void
add_finding(struct baseline *b, const char *rule, const char *path,
    const char *msg, uint64_t fp)
{
	struct baseline_finding *f;

	xgrow((void **)&b->v, &b->cap, b->n + 1, sizeof(*b->v));
	f = &b->v[b->n++];
	f->rule = xstrdup(rule);
	f->path = path != NULL ? xstrdup(path) : NULL;
	f->message = msg != NULL ? xstrdup(msg) : NULL;
	f->fp = fp;
	f->seen = false;
}

static const char *
get_str(const json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

/* Evidence a report marked "kind": "context" is no finding (result.h). */
static bool
is_context(const json_t *e)
{
	const char *k = get_str(e, "kind");

	return k != NULL && strcmp(k, "context") == 0;
}

/* The findings of one result of a JSON report: one per path of its
 * violations. */
static int
json_result(struct baseline *b, const json_t *res)
{
	const char *rule = get_str(res, "rule");
	const char *status = get_str(res, "status");
	const json_t *ev = json_object_get(res, "evidence");
	size_t n = json_array_size(ev);
	size_t nfind = 0;

	if (rule == NULL || status == NULL ||
	    (ev != NULL && !json_is_array(ev)))
		return -1;
	if (strcmp(status, "error") == 0)
		strlist_add(&b->errors, rule);
	if (strcmp(status, "fail") != 0 && strcmp(status, "waived") != 0)
		return 0;
	for (size_t i = 0; i < n; i++) {
		const char *path = get_str(json_array_get(ev, i), "path");
		const char *msg = get_str(json_array_get(ev, i), "message");
		bool seen = false;

		if (!json_is_object(json_array_get(ev, i)))
			return -1;
		if (is_context(json_array_get(ev, i)))
			continue;
		nfind++;
		for (size_t k = 0; k < i && !seen; k++) {
			const char *p = get_str(json_array_get(ev, k), "path");

			seen = !is_context(json_array_get(ev, k)) &&
			    (p == NULL ? path == NULL :
			    path != NULL && strcmp(p, path) == 0);
		}
		if (!seen)
			add_finding(b, rule, path, msg,
			    result_fingerprint(rule, path, msg));
	}
	if (nfind == 0)
		add_finding(b, rule, NULL, NULL,
		    result_fingerprint(rule, NULL, NULL));
	return 0;
}

static int
load_json(struct baseline *b, const json_t *root, struct diag *d)
{
	const json_t *results = json_object_get(root, "results");
	const char *tool = get_str(json_object_get(root, "tool"), "name");

	b->format = "json";
	if (tool == NULL || strcmp(tool, "assay") != 0) {
		diag_add(d, NULL, "%s: a JSON report not written by assay "
		    "(tool.name is not \"assay\")", b->path);
		return -1;
	}
	if (!json_is_array(results)) {
		diag_add(d, NULL, "%s: the JSON report has no \"results\" "
		    "array", b->path);
		return -1;
	}
	for (size_t i = 0; i < json_array_size(results); i++) {
		if (json_result(b, json_array_get(results, i)) == 0)
			continue;
		diag_add(d, NULL, "%s: results[%zu]: expected an object with "
		    "\"rule\", \"status\" and an \"evidence\" array of "
		    "objects", b->path, i);
		return -1;
	}
	return 0;
}

static int
hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static int
parse_fp(const char *s, uint64_t *out)
{
	uint64_t v = 0;

	if (s == NULL || strlen(s) != 16)
		return -1;
	for (; *s; s++) {
		if (hexval(*s) < 0)
			return -1;
		v = (v << 4) | (uint64_t)hexval(*s);
	}
	*out = v;
	return 0;
}

/* The target path of a SARIF location: "/" + the percent-decoded URI
 * when it is relative to TARGETROOT; NULL otherwise (an older report's
 * policy file) or when properties.noPath says the finding has none. */
static char *
sarif_path(const json_t *res)
{
	const json_t *art = json_object_get(json_object_get(json_array_get(
	    json_object_get(res, "locations"), 0), "physicalLocation"),
	    "artifactLocation");
	const char *uri = get_str(art, "uri");
	const char *base = get_str(art, "uriBaseId");
	struct strbuf sb = STRBUF_INIT;

	if (uri == NULL || base == NULL || strcmp(base, "TARGETROOT") != 0 ||
	    json_is_true(json_object_get(json_object_get(res, "properties"),
	    "noPath")))
		return NULL;
	(void)strbuf_addch(&sb, '/');
	for (const char *p = strcmp(uri, ".") == 0 ? "" : uri; *p; p++) {
		if (*p == '%' && hexval(p[1]) >= 0 && hexval(p[2]) >= 0) {
			(void)strbuf_addch(&sb, hexval(p[1]) * 16 +
			    hexval(p[2]));
			p += 2;
		} else
			(void)strbuf_addch(&sb, *p);
	}
	return strbuf_detach(&sb);
}

static void
sarif_errors(struct baseline *b, const json_t *run)
{
	const json_t *notes = json_object_get(json_array_get(
	    json_object_get(run, "invocations"), 0),
	    "toolExecutionNotifications");

	for (size_t i = 0; i < json_array_size(notes); i++) {
		const json_t *n = json_array_get(notes, i);
		const char *lvl = get_str(n, "level");
		const char *id = get_str(json_object_get(n, "associatedRule"),
		    "id");

		if (id != NULL && lvl != NULL && strcmp(lvl, "error") == 0)
			strlist_add(&b->errors, id);
	}
}

static int
sarif_result(struct baseline *b, const json_t *res)
{
	const char *rule = get_str(res, "ruleId");
	const char *state = get_str(res, "baselineState");
	const char *msg = get_str(json_object_get(res, "message"), "text");
	uint64_t fp;
	char *path;

	if (rule == NULL || parse_fp(get_str(json_object_get(res,
	    "partialFingerprints"), "assayFinding/v1"), &fp) != 0)
		return -1;
	/* A fixed finding of the earlier comparison is not a finding. */
	if (state != NULL && strcmp(state, "absent") == 0)
		return 0;
	path = sarif_path(res);
	add_finding(b, rule, path, msg, fp);
	free(path);
	return 0;
}

static int
load_sarif(struct baseline *b, const json_t *root, struct diag *d)
{
	const json_t *run = json_array_get(json_object_get(root, "runs"), 0);
	const json_t *results = json_object_get(run, "results");
	const char *tool = get_str(json_object_get(json_object_get(run,
	    "tool"), "driver"), "name");

	b->format = "sarif";
	if (tool == NULL || strcmp(tool, "assay") != 0) {
		diag_add(d, NULL, "%s: a SARIF log not written by assay "
		    "(runs[0].tool.driver.name is not \"assay\")", b->path);
		return -1;
	}
	if (!json_is_array(results)) {
		diag_add(d, NULL, "%s: the SARIF run has no \"results\" array",
		    b->path);
		return -1;
	}
	for (size_t i = 0; i < json_array_size(results); i++) {
		if (sarif_result(b, json_array_get(results, i)) == 0)
			continue;
		diag_add(d, NULL, "%s: runs[0].results[%zu]: expected a "
		    "\"ruleId\" and an assayFinding/v1 fingerprint", b->path,
		    i);
		return -1;
	}
	sarif_errors(b, run);
	return 0;
}

/* Read all of PATH (a regular file of at most BASELINE_MAX_BYTES). */
static char *
read_all(const char *path, size_t *lenp, struct diag *d)
{
	char *buf;

	switch (hostfile_read(path, BASELINE_MAX_BYTES, true, &buf, lenp)) {
	case HOSTFILE_OK:
		return buf;
	case HOSTFILE_ERRNO:
		diag_add(d, NULL, "%s: %s", path, diag_errno(errno));
		return NULL;
	default:
		diag_add(d, NULL, "%s: not a regular file of at most %zu MiB",
		    path, BASELINE_MAX_BYTES >> 20);
		return NULL;
	}
}

static int
byfp_cmp(const void *a, const void *b, void *arg)
{
	const struct baseline *bl = arg;
	uint64_t x = bl->v[*(const size_t *)a].fp;
	uint64_t y = bl->v[*(const size_t *)b].fp;

	return x < y ? -1 : x > y;
}

static int
load_doc(struct baseline *b, const char *buf, size_t len, struct diag *d)
{
	json_error_t err;
	json_t *root = json_loadb(buf, len, JSON_REJECT_DUPLICATES, &err);
	int rc;

	if (root == NULL) {
		struct srcpos at = { b->path, 0, 0 };

		at.line = err.line > 0 ? (unsigned)err.line : 0;
		at.col = err.column > 0 ? (unsigned)err.column : 0;

		diag_add(d, &at, "not valid JSON: %s", err.text);
		return -1;
	}
	if (json_is_object(root) && json_object_get(root, "runs") != NULL)
		rc = load_sarif(b, root, d);
	else if (json_is_object(root) && json_object_get(root, "tool") != NULL)
		rc = load_json(b, root, d);
	else {
		diag_add(d, NULL, "%s: not an assay JSON report or SARIF log",
		    b->path);
		rc = -1;
	}
	json_decref(root);
	return rc;
}

struct baseline *
baseline_load(const char *path, struct diag *d)
{
	struct baseline *b = xcalloc(1, sizeof(*b));
	size_t len = 0;
	char *buf;

	b->path = xstrdup(path);
	buf = read_all(path, &len, d);
	if (buf == NULL || load_doc(b, buf, len, d) != 0) {
		free(buf);
		baseline_free(b);
		return NULL;
	}
	free(buf);
	b->byfp = xcalloc(b->n + 1, sizeof(*b->byfp));
	for (size_t i = 0; i < b->n; i++)
		b->byfp[i] = i;
	qsort_r(b->byfp, b->n, sizeof(*b->byfp), byfp_cmp, b);
	return b;
}

void
baseline_free(struct baseline *b)
{
	if (b == NULL)
		return;
	for (size_t i = 0; i < b->n; i++) {
		free(b->v[i].rule);
		free(b->v[i].path);
		free(b->v[i].message);
	}
	free(b->v);
	free(b->byfp);
	free(b->fixed);
	strlist_release(&b->errors);
	free(b->path);
	free(b);
}

const char *
baseline_path(const struct baseline *b)
{
	return b->path;
}

const char *
baseline_format(const struct baseline *b)
{
	return b->format;
}

/* Look the finding up; mark every baseline finding with its fingerprint
 * seen. */
static enum baseline_state
mark(struct baseline *b, const char *rule, const char *path, const char *msg)
{
	uint64_t fp = result_fingerprint(rule, path, msg);
	size_t lo = 0, hi = b->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (b->v[b->byfp[mid]].fp < fp)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == b->n || b->v[b->byfp[lo]].fp != fp) {
		b->nnew++;
		return BASELINE_NEW;
	}
	for (; lo < b->n && b->v[b->byfp[lo]].fp == fp; lo++)
		b->v[b->byfp[lo]].seen = true;
	b->nunchanged++;
	return BASELINE_UNCHANGED;
}

static bool
same_path(const char *a, const char *b)
{
	return a == NULL ? b == NULL : b != NULL && strcmp(a, b) == 0;
}

static void
apply_result(struct baseline *b, const char *id, struct result *res)
{
	struct evidence *ev = res->ev.v;
	bool any_new = false, live_new = false;

	if (result_nfindings(res) == 0) {
		res->baseline = mark(b, id, NULL, NULL);
		return;
	}
	for (size_t k = 0; k < res->ev.n; k++) {
		enum baseline_state st;
		bool first = true;

		if (ev[k].kind != EV_VIOLATION)
			continue;
		for (size_t j = 0; j < k && first; j++)
			first = ev[j].kind != EV_VIOLATION ||
			    !same_path(ev[j].path, ev[k].path);
		if (!first)
			continue;
		st = mark(b, id, ev[k].path, ev[k].message);
		for (size_t j = k; j < res->ev.n; j++)
			if (ev[j].kind == EV_VIOLATION &&
			    same_path(ev[j].path, ev[k].path))
				ev[j].baseline = st;
		any_new = any_new || st == BASELINE_NEW;
		live_new = live_new || (st == BASELINE_NEW &&
		    ev[k].waiver == NULL);
	}
	if (res->status == ST_WAIVED)
		live_new = any_new;
	res->baseline = live_new ? BASELINE_NEW : BASELINE_UNCHANGED;
}

static bool
in_plan(const struct plan *p, const char *id)
{
	for (size_t i = 0; i < plan_rule_count(p); i++)
		if (strcmp(plan_rule(p, i)->id, id) == 0)
			return true;
	return false;
}

void
baseline_apply(struct baseline *b, const struct plan *p, struct result *res,
    size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (res[i].status == ST_FAIL || res[i].status == ST_WAIVED)
			apply_result(b, plan_rule(p, i)->id, &res[i]);
	free(b->fixed);
	b->fixed = xcalloc(b->n + 1, sizeof(*b->fixed));
	b->nfixed = 0;
	/* A rule this scan did not evaluate (another profile, disabled by a
	 * tailoring) fixed nothing. */
	for (size_t i = 0; i < b->n; i++)
		if (!b->v[i].seen && in_plan(p, b->v[i].rule))
			b->fixed[b->nfixed++] = i;
}

size_t
baseline_new_count(const struct baseline *b)
{
	return b->nnew;
}

size_t
baseline_unchanged_count(const struct baseline *b)
{
	return b->nunchanged;
}

size_t
baseline_fixed_count(const struct baseline *b)
{
	return b->nfixed;
}

const struct baseline_finding *
baseline_fixed(const struct baseline *b, size_t i)
{
	return i < b->nfixed ? &b->v[b->fixed[i]] : NULL;
}

bool
baseline_had_error(const struct baseline *b, const char *id)
{
	return strlist_has(&b->errors, id);
}
