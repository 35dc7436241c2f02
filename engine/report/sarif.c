/*
 * sarif.c -- the SARIF 2.1.0 report, shaped for GitHub code scanning.
 *
 * GitHub turns every result into an alert, ignores `kind` and
 * `suppressions`, rejects a result without a location, a rule list with a
 * duplicate id and a URI whose scheme is not the checkout's (file). So:
 *
 *   - tool.driver.rules holds every evaluated rule once, in plan order;
 *   - only failing (and waived) rules become results: one result per
 *     (rule, evidence path), at most SARIF_PATHS_PER_RULE per rule, so each
 *     offending file is its own alert; passes, notapplicable and
 *     notchecked are not results, and `error` results (the tool could not
 *     decide) are toolExecutionNotifications of the invocation;
 *   - waived findings carry `suppressions` (accepted, with the
 *     justification) for tools that honour them; since GitHub does not,
 *     --omit-waived leaves them out; stale and expired waivers are
 *     notifications;
 *   - with --baseline, results carry baselineState new / unchanged, and
 *     fixed findings come back as results with baselineState absent;
 *   - only violations are results: context evidence (compliant files
 *     examined, "N found" summaries) explains the verdict in text, JSON
 *     and HTML, never as an alert;
 *   - every result has one location: the evidence path relative to the
 *     target root (uriBaseId TARGETROOT, a file:// URI), else the target
 *     root itself; startLine is the evidence line, or 1;
 *   - partialFingerprints hash the rule id, the path and the evidence
 *     message without digits, so an alert survives line shifts.
 *
 * docs/reports.md explains each choice with its source;
 * docs/audit-workflow.md the waiver, tailoring and baseline parts.
 */
#include "config.h"

#include <inttypes.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "assay/baseline.h"
#include "assay/report.h"
#include "assay/strbuf.h"
#include "assay/tailoring.h"
#include "assay/util.h"
#include "assay/waiver.h"
#include "assay/xmem.h"

#include "report_private.h"

/* GitHub keeps 10 of at most 20 tags, 1024 characters of a description,
 * 255 of a name, and rejects a run with more than 25000 results. */
#define SARIF_TAGS_MAX		20
#define SARIF_DESC_MAX		1024
#define SARIF_NAME_MAX		255
#define SARIF_RESULTS_MAX	25000
/* Alerts per failing rule: a world-writable walk over a broken image must
 * not bury every other finding. */
#define SARIF_PATHS_PER_RULE	100
/* Evidence messages folded into one result's message. */
#define SARIF_MSGS_PER_RESULT	5
#define SARIF_MESSAGE_MAX	4096

#define SARIF_SCHEMA	"https://json.schemastore.org/sarif-2.1.0.json"
#define SARIF_BASE	"TARGETROOT"

static json_t *
jstr_adopt(char *s)
{
	json_t *j = json_string(s);

	free(s);
	if (j == NULL)
		xmem_oom();
	return j;
}

static json_t *
jstr(const char *s)
{
	return jstr_adopt(report_str(s));
}

static const char *
rule_title(const struct rule *rule)
{
	return rule->title != NULL ? rule->title : rule->id;
}

/* The sanitized text of B, which is released. */
static char *
sanitize_buf(struct strbuf *b)
{
	char *t = report_sanitize(b->buf != NULL ? b->buf : "", b->len);

	strbuf_release(b);
	return t;
}

void
report_uri_encode(struct strbuf *b, const char *path)
{
	static const char hex[] = "0123456789ABCDEF";

	for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || strchr("-._~/", *p) != NULL) {
			(void)strbuf_addch(b, *p);
			continue;
		}
		(void)strbuf_addch(b, '%');
		(void)strbuf_addch(b, hex[*p >> 4]);
		(void)strbuf_addch(b, hex[*p & 15]);
	}
}

char *
report_sarif_base_uri(const char *target)
{
	struct strbuf b = STRBUF_INIT;
	char cwd[PATH_MAX];
	char *abs, *norm;

	if (target[0] == '/' || getcwd(cwd, sizeof(cwd)) == NULL)
		abs = xasprintf("/%s", target);
	else
		abs = xasprintf("%s/%s", cwd, target);
	norm = path_normalize(abs);
	(void)strbuf_addstr(&b, "file://");
	report_uri_encode(&b, norm);
	if (b.len == 0 || b.buf[b.len - 1] != '/')
		(void)strbuf_addch(&b, '/');
	free(norm);
	free(abs);
	return strbuf_detach(&b);
}

char *
report_sarif_rule_name(const char *id)
{
	struct strbuf b = STRBUF_INIT;
	bool up = true;

	for (const char *p = id; *p && b.len < SARIF_NAME_MAX; p++) {
		bool alnum = (*p >= 'a' && *p <= 'z') ||
		    (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9');

		if (!alnum) {
			up = true;
			continue;
		}
		(void)strbuf_addch(&b, up && *p >= 'a' && *p <= 'z' ?
		    *p - 'a' + 'A' : *p);
		up = false;
	}
	if (b.len == 0)
		(void)strbuf_addstr(&b, "Rule");
	return strbuf_detach(&b);
}

bool
report_web_uri(const char *s)
{
	if (strncmp(s, "https://", 8) != 0 && strncmp(s, "http://", 7) != 0)
		return false;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if (*p <= 0x20 || *p >= 0x7f || strchr("\"<>\\^`{|}", *p))
			return false;
	return true;
}

static char *
help_text(const struct rule *rule, bool markdown)
{
	struct strbuf b = STRBUF_INIT;
	const char *fix = rule->remediation != NULL ? rule->remediation :
	    rule->description != NULL ? rule->description : rule_title(rule);
	char *raw, *text;

	(void)strbuf_addf(&b, markdown ? "**Remediation:** %s" :
	    "Remediation: %s", fix);
	if (rule->rationale != NULL)
		(void)strbuf_addf(&b, markdown ? "\n\n**Rationale:** %s" :
		    "\n\nRationale: %s", rule->rationale);
	if (rule->nrefs > 0)
		(void)strbuf_addstr(&b, markdown ? "\n\n**References:**\n" :
		    "\n\nReferences:\n");
	for (size_t i = 0; i < rule->nrefs; i++)
		(void)strbuf_addf(&b, "\n- %s: %s", rule->refs[i].key,
		    rule->refs[i].value);
	raw = strbuf_detach(&b);
	text = report_str(raw);
	free(raw);
	return text;
}

static json_t *
rule_tags(const struct rule *rule, enum severity sev)
{
	json_t *a = json_array();
	struct strlist seen = STRLIST_INIT;

	strlist_add(&seen, "security");
	strlist_add(&seen, severity_str(sev));
	for (size_t i = 0; i < rule->ntags; i++) {
		char *t = report_str(rule->tags[i]);

		if (seen.n < SARIF_TAGS_MAX && !strlist_has(&seen, t))
			strlist_add(&seen, t);
		free(t);
	}
	for (size_t i = 0; i < seen.n; i++)
		json_array_append_new(a, jstr(seen.v[i]));
	strlist_release(&seen);
	return a;
}

const char *
report_sarif_problem_severity(enum severity s)
{
	if (s >= SEV_HIGH)
		return "error";
	return s == SEV_MEDIUM ? "warning" : "recommendation";
}

static json_t *
rule_descriptor(const struct rule *rule, enum severity sev)
{
	json_t *o = json_object();
	const char *full = rule->description != NULL ? rule->description :
	    rule_title(rule);
	json_t *props;

	json_object_set_new(o, "id", jstr(rule->id));
	json_object_set_new(o, "name",
	    jstr_adopt(report_sarif_rule_name(rule->id)));
	json_object_set_new(o, "shortDescription", json_pack("{s:o}",
	    "text", jstr_adopt(report_str_max(rule_title(rule),
	    SARIF_DESC_MAX))));
	json_object_set_new(o, "fullDescription", json_pack("{s:o}",
	    "text", jstr_adopt(report_str_max(full, SARIF_DESC_MAX))));
	for (size_t i = 0; i < rule->nrefs; i++) {
		if (report_web_uri(rule->refs[i].value)) {
			json_object_set_new(o, "helpUri",
			    json_string(rule->refs[i].value));
			break;
		}
	}
	json_object_set_new(o, "help", json_pack("{s:o,s:o}",
	    "text", jstr_adopt(help_text(rule, false)),
	    "markdown", jstr_adopt(help_text(rule, true))));
	json_object_set_new(o, "defaultConfiguration", json_pack("{s:s}",
	    "level", report_sarif_level(sev)));
	props = json_pack("{s:o,s:s,s:s,s:s}", "tags", rule_tags(rule, sev),
	    "security-severity", report_security_severity(sev),
	    "precision", "high",
	    "problem.severity", report_sarif_problem_severity(sev));
	json_object_set_new(o, "properties", props);
	return o;
}

/* The rules array, each id once; IDX[i] gets the index of result I's
 * rule in it. */
static json_t *
rules_json(const struct scan_report *r, size_t *idx)
{
	json_t *a = json_array();
	const struct rule **uniq = xcalloc(r->nresults + 1, sizeof(*uniq));
	size_t n = 0;

	for (size_t i = 0; i < r->nresults; i++) {
		const struct rule *rule = report_rule(r, i);
		size_t k;

		for (k = 0; k < n; k++)
			if (strcmp(uniq[k]->id, rule->id) == 0)
				break;
		idx[i] = k;
		if (k < n)
			continue;
		uniq[n++] = rule;
		json_array_append_new(a, rule_descriptor(rule,
		    scan_severity(r, i)));
	}
	free(uniq);
	return a;
}

static json_t *
region_json(unsigned line)
{
	return json_pack("{s:I}", "startLine", (json_int_t)(line > 0 ?
	    line : 1));
}

/* The location of evidence at PATH inside the target; evidence with no
 * path (a fact about the target as a whole: an image's config, a
 * missing package database) is located at the target root. Never the
 * policy file: installed, it is outside the repository the alert is
 * shown against. */
static json_t *
location_json(const char *path, unsigned line)
{
	struct strbuf b = STRBUF_INIT;
	json_t *art;

	if (path == NULL)
		path = "";
	while (*path == '/')
		path++;
	report_uri_encode(&b, *path != '\0' ? path : ".");
	art = json_pack("{s:o,s:s}", "uri", jstr_adopt(strbuf_detach(&b)),
	    "uriBaseId", SARIF_BASE);
	return json_pack("[{s:{s:o,s:o}}]", "physicalLocation",
	    "artifactLocation", art, "region", region_json(line));
}

static void
add_evidence_text(struct strbuf *b, const struct evidence *e)
{
	report_evidence_text(b, e, false);
}

static bool
same_path(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return a == b;
	return strcmp(a, b) == 0;
}

/* result_fingerprint() of the rule id, the path and the first message
 * (shared with --baseline matching). */
static json_t *
fingerprints(const struct rule *rule, const char *path, const char *msg)
{
	uint64_t h = result_fingerprint(rule->id, path, msg);
	char hex[32];

	snprintf(hex, sizeof(hex), "%016" PRIx64, h);
	return json_pack("{s:s,s:s++}", "assayFinding/v1", hex,
	    "primaryLocationLineHash", hex, ":", "1");
}

/* The audit state of a result: suppressions when waiver W covers it
 * (GitHub ignores them: --omit-waived drops such results instead),
 * baselineState when comparing with a baseline, and an expired waiver's
 * note. */
static void
decorate(json_t *o, const struct scan_report *r, const struct result *res,
    const struct waiver *w, enum baseline_state bs)
{
	if (w != NULL) {
		char *text = report_waiver_text(w);

		json_object_set_new(o, "suppressions", json_pack("[{s:s,s:s,"
		    "s:o}]", "kind", "external", "status", "accepted",
		    "justification", jstr_adopt(report_str_max(text,
		    SARIF_MESSAGE_MAX))));
		free(text);
	}
	if (r->baseline != NULL && bs != BASELINE_NONE)
		json_object_set_new(o, "baselineState",
		    json_string(baseline_state_str(bs)));
	if (res->note != NULL)
		json_object_set_new(o, "properties", json_pack("{s:o}",
		    "waiverNote", jstr(res->note)));
}

/* A finding with no path in the target is located at the target root;
 * properties.noPath tells it from a finding about "/" (--baseline). */
static void
mark_no_path(json_t *o)
{
	json_t *props = json_object_get(o, "properties");

	if (props == NULL) {
		props = json_object();
		json_object_set_new(o, "properties", props);
	}
	json_object_set_new(props, "noPath", json_true());
}

/* One result for the evidence of RES at the path of item FIRST. */
static json_t *
result_for_path(const struct scan_report *r, enum severity sev,
    const struct rule *rule, size_t ruleidx, const struct result *res,
    size_t first)
{
	const struct evidence *ev = res->ev.v;
	const char *path = ev[first].path;
	struct strbuf b = STRBUF_INIT;
	size_t shown = 0, more = 0;
	unsigned line = 0;
	json_t *o;

	(void)strbuf_addf(&b, "%s: ", rule_title(rule));
	for (size_t i = first; i < res->ev.n; i++) {
		if (!result_is_finding(res, i) || !same_path(ev[i].path, path))
			continue;
		if (line == 0)
			line = ev[i].line;
		if (shown == SARIF_MSGS_PER_RESULT) {
			more++;
			continue;
		}
		if (shown++ > 0)
			(void)strbuf_addstr(&b, "; ");
		add_evidence_text(&b, &ev[i]);
	}
	if (more > 0)
		(void)strbuf_addf(&b, "; and %zu more", more);
	o = json_pack("{s:o,s:I,s:s,s:{s:o}}", "ruleId", jstr(rule->id),
	    "ruleIndex", (json_int_t)ruleidx,
	    "level", report_sarif_level(sev),
	    "message", "text", jstr_adopt(report_str_max(b.buf,
	    SARIF_MESSAGE_MAX)));
	strbuf_release(&b);
	json_object_set_new(o, "locations", location_json(path, line));
	json_object_set_new(o, "partialFingerprints",
	    fingerprints(rule, path, ev[first].message));
	decorate(o, r, res, ev[first].waiver, ev[first].baseline);
	if (path == NULL)
		mark_no_path(o);
	return o;
}

/* A failing result without a violation still needs a location. */
static json_t *
result_bare(const struct scan_report *r, enum severity sev,
    const struct rule *rule, size_t ruleidx, const struct result *res)
{
	char *msg = xasprintf("%s: %s", rule_title(rule),
	    res->message != NULL ? res->message : "failed");
	json_t *o = json_pack("{s:o,s:I,s:s,s:{s:o}}", "ruleId", jstr(rule->id),
	    "ruleIndex", (json_int_t)ruleidx,
	    "level", report_sarif_level(sev),
	    "message", "text", jstr_adopt(report_str_max(msg,
	    SARIF_MESSAGE_MAX)));

	free(msg);
	json_object_set_new(o, "locations", location_json(NULL, 0));
	json_object_set_new(o, "partialFingerprints",
	    fingerprints(rule, NULL, NULL));
	decorate(o, r, res, res->waiver, res->baseline);
	mark_no_path(o);
	return o;
}

/* Append the results of one failing rule; returns how many were left out
 * (paths past the per-rule cap, or past the per-run cap). */
static size_t
add_fail_results(json_t *results, const struct scan_report *r, size_t ri,
    size_t ruleidx)
{
	const struct result *res = &r->results[ri];
	const struct rule *rule = report_rule(r, ri);
	enum severity sev = scan_severity(r, ri);
	const struct evidence *ev = res->ev.v;
	size_t paths = 0, left = 0;

	if (result_nfindings(res) == 0 &&
	    json_array_size(results) < SARIF_RESULTS_MAX) {
		if (!r->omit_waived || res->waiver == NULL)
			json_array_append_new(results, result_bare(r, sev,
			    rule, ruleidx, res));
		return 0;
	}
	for (size_t i = 0; i < res->ev.n; i++) {
		size_t k;

		if (!result_is_finding(res, i))
			continue;
		for (k = 0; k < i; k++)
			if (result_is_finding(res, k) &&
			    same_path(ev[k].path, ev[i].path))
				break;
		if (k < i || (r->omit_waived && ev[i].waiver != NULL))
			continue;
		if (paths >= SARIF_PATHS_PER_RULE ||
		    json_array_size(results) >= SARIF_RESULTS_MAX) {
			left++;
			continue;
		}
		paths++;
		json_array_append_new(results,
		    result_for_path(r, sev, rule, ruleidx, res, i));
	}
	return left;
}

static json_t *
notification_json(const struct rule *rule, size_t ruleidx,
    const struct result *res)
{
	struct strbuf b = STRBUF_INIT;
	json_t *o;

	(void)strbuf_addf(&b, "%s: %s", rule->id,
	    res->message != NULL ? res->message : "could not be evaluated");
	for (size_t i = 0; i < res->ev.n && i < SARIF_MSGS_PER_RESULT; i++) {
		(void)strbuf_addstr(&b, i == 0 ? ": " : "; ");
		if (res->ev.v[i].path != NULL)
			(void)strbuf_addf(&b, "%s: ", res->ev.v[i].path);
		add_evidence_text(&b, &res->ev.v[i]);
	}
	o = json_pack("{s:s,s:{s:o},s:{s:o,s:I}}", "level", "error",
	    "message", "text", jstr_adopt(report_str_max(b.buf,
	    SARIF_MESSAGE_MAX)),
	    "associatedRule", "id", jstr(rule->id),
	    "index", (json_int_t)ruleidx);
	strbuf_release(&b);
	return o;
}

/* The command line as one string, arguments with odd characters quoted
 * for sh. */
static json_t *
command_line(const struct scan_report *r)
{
	struct strbuf b = STRBUF_INIT;
	const char *base = strrchr(r->argv[0], '/');

	/* The CLI may hand over argv from the subcommand on ("scan ..."). */
	base = base != NULL ? base + 1 : r->argv[0];
	if (strcmp(base, "assay") != 0)
		(void)strbuf_addstr(&b, "assay ");
	for (int i = 0; i < r->argc; i++) {
		const char *a = r->argv[i];

		if (i > 0)
			(void)strbuf_addch(&b, ' ');
		if (*a != '\0' && strspn(a, "abcdefghijklmnopqrstuvwxyz"
		    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./=:,+@%") ==
		    strlen(a)) {
			(void)strbuf_addstr(&b, a);
			continue;
		}
		(void)strbuf_addch(&b, '\'');
		for (; *a; a++)
			(void)strbuf_addstr(&b, *a == '\'' ? "'\\''" :
			    (char[2]){ *a, '\0' });
		(void)strbuf_addch(&b, '\'');
	}
	return jstr_adopt(sanitize_buf(&b));
}

static json_t *
invocation_json(const struct scan_report *r, json_t *notes)
{
	json_t *o = json_object();
	json_t *args = json_array();

	json_object_set_new(o, "executionSuccessful",
	    json_boolean(r->exit_code == 0 || r->exit_code == 1));
	json_object_set_new(o, "exitCode", json_integer(r->exit_code));
	if (r->argc > 0) {
		json_object_set_new(o, "commandLine", command_line(r));
		for (int i = 0; i < r->argc; i++)
			json_array_append_new(args, jstr(r->argv[i]));
		json_object_set_new(o, "arguments", args);
	} else
		json_decref(args);
	if (r->started != NULL)
		json_object_set_new(o, "startTimeUtc", jstr(r->started));
	if (r->finished != NULL)
		json_object_set_new(o, "endTimeUtc", jstr(r->finished));
	json_object_set_new(o, "toolExecutionNotifications", notes);
	return json_pack("[o]", o);
}

/* The category GitHub keys uploads on: "assay/<profile>,<profile>/", or
 * for a scan without a profile (--policy DIR, --rule) the ids of the
 * packs its rules come from, "assay/<pack>,<pack>/", rather than an
 * empty "assay/" that every such scan would share. The id ends in '/':
 * everything before the last '/' is the category, and no run id. */
static void
add_category_part(struct strbuf *b, const char *id, bool first)
{
	if (!first)
		(void)strbuf_addch(b, ',');
	for (const char *s = id; *s; s++)
		(void)strbuf_addch(b, *s == '/' ? '_' : *s);
}

static json_t *
automation_json(const struct scan_report *r)
{
	const struct plan *p = r->plan;
	struct strbuf b = STRBUF_INIT;
	json_t *o;

	(void)strbuf_addstr(&b, "assay/");
	if (p != NULL && plan_profile_count(p) > 0) {
		for (size_t i = 0; i < plan_profile_count(p); i++)
			add_category_part(&b, plan_profile(p, i)->id, i == 0);
	} else {
		const struct pack **v = report_packs(r);

		for (size_t i = 0; v[i] != NULL; i++)
			add_category_part(&b, v[i]->id != NULL ? v[i]->id :
			    "pack", i == 0);
		free(v);
	}
	(void)strbuf_addch(&b, '/');
	o = json_pack("{s:o}", "id", jstr(b.buf));
	strbuf_release(&b);
	return o;
}

static json_t *
driver_json(const struct scan_report *r, json_t *rules)
{
	json_t *o = json_pack("{s:s}", "name", "assay");
	const char *v = r->tool_version;

#ifdef PACKAGE_URL
	if (report_web_uri(PACKAGE_URL))
		json_object_set_new(o, "informationUri",
		    json_string(PACKAGE_URL));
#endif
	if (v != NULL) {
		json_object_set_new(o, "version", jstr(v));
		/* semanticVersion must be semver: digits and dots first. */
		if (*v >= '0' && *v <= '9' && strspn(v, "0123456789.") > 0 &&
		    strchr(v, '.') != NULL)
			json_object_set_new(o, "semanticVersion", jstr(v));
	}
	json_object_set_new(o, "rules", rules);
	return json_pack("{s:o}", "driver", o);
}

/* Waivers that did not apply are the tool telling the user something
 * about its input: a stale one is a warning (the accepted risk is gone,
 * or the waiver names the wrong rule), an expired one a note (its
 * findings are results again). */
static void
waiver_notifications(json_t *notes, const struct waiver_set *ws)
{
	for (size_t i = 0; i < waiver_count(ws); i++) {
		const struct waiver *w = waiver_get(ws, i);
		char *msg;

		if (w->state == WAIVER_APPLIED)
			continue;
		if (w->state == WAIVER_STALE)
			msg = xasprintf("stale waiver at %s:%u: rule %s%s%s "
			    "matches no failing finding", w->at.file,
			    w->at.line, w->rule, w->path != NULL ?
			    " path " : "", w->path != NULL ? w->path : "");
		else
			msg = xasprintf("waiver at %s:%u for rule %s expired "
			    "on %s", w->at.file, w->at.line, w->rule,
			    w->expires);
		json_array_append_new(notes, json_pack("{s:s,s:{s:o}}",
		    "level", w->state == WAIVER_STALE ? "warning" : "note",
		    "message", "text", jstr_adopt(report_str_max(msg,
		    SARIF_MESSAGE_MAX))));
		free(msg);
	}
}

/* Results with baselineState "absent" for the findings the baseline had
 * and this scan does not (rules of this plan only). Returns how many were
 * left out past the per-run cap. */
static size_t
absent_results(json_t *results, const struct scan_report *r,
    const json_t *rules)
{
	const struct baseline *b = r->baseline;
	size_t left = 0;

	for (size_t i = 0; i < baseline_fixed_count(b); i++) {
		const struct baseline_finding *f = baseline_fixed(b, i);
		const struct rule *rule = NULL;
		size_t ri = 0;
		char *msg;
		json_t *o;

		for (size_t k = 0; k < r->nresults && rule == NULL; k++)
			if (strcmp(report_rule(r, k)->id, f->rule) == 0)
				rule = report_rule(r, k);
		for (ri = 0; ri < json_array_size(rules); ri++)
			if (strcmp(json_string_value(json_object_get(
			    json_array_get(rules, ri), "id")), f->rule) == 0)
				break;
		if (rule == NULL || json_array_size(results) >=
		    SARIF_RESULTS_MAX) {
			left++;
			continue;
		}
		msg = xasprintf("%s: fixed: %s", rule_title(rule),
		    f->message != NULL ? f->message : "no longer found");
		o = json_pack("{s:o,s:I,s:s,s:{s:o},s:s}", "ruleId",
		    jstr(rule->id), "ruleIndex", (json_int_t)ri,
		    "level", "none", "message", "text",
		    jstr_adopt(report_str_max(msg, SARIF_MESSAGE_MAX)),
		    "baselineState", "absent");
		free(msg);
		json_object_set_new(o, "locations",
		    location_json(f->path, 0));
		json_object_set_new(o, "partialFingerprints",
		    fingerprints(rule, f->path, f->message));
		json_array_append_new(results, o);
	}
	return left;
}

/* run.properties.profiles and .packs: which profiles, which pack
 * versions and which benchmark versions were applied. */
static void
pack_properties(json_t *props, const struct scan_report *r)
{
	const struct pack **v = report_packs(r);
	json_t *packs = json_array();
	json_t *profiles = json_array();

	for (size_t i = 0; v[i] != NULL; i++) {
		json_t *o = json_pack("{s:o}", "id", jstr(v[i]->id));

		if (v[i]->version != NULL)
			json_object_set_new(o, "version",
			    jstr(v[i]->version));
		if (v[i]->title != NULL)
			json_object_set_new(o, "title", jstr(v[i]->title));
		if (v[i]->benchmark != NULL)
			json_object_set_new(o, "benchmark",
			    jstr(v[i]->benchmark));
		json_array_append_new(packs, o);
	}
	free(v);
	for (size_t i = 0; r->plan != NULL &&
	    i < plan_profile_count(r->plan); i++) {
		const struct profile *pr = plan_profile(r->plan, i);

		json_array_append_new(profiles, json_pack("{s:o,s:o}", "id",
		    jstr(pr->id), "pack", jstr(pr->pack->id)));
	}
	json_object_set_new(props, "packs", packs);
	json_object_set_new(props, "profiles", profiles);
}

/* run.properties: the tailoring with every change and its reason, the
 * waiver lists' sizes and the baseline counts. */
static void
audit_properties(json_t *props, const struct scan_report *r)
{
	if (r->tailoring != NULL) {
		const struct tailoring_info *ti = tailoring_info(r->tailoring);
		json_t *t = json_pack("{s:o,s:o,s:o,s:o}", "id", jstr(ti->id),
		    "extends", jstr(ti->extends), "reason", jstr(ti->reason),
		    "changes", json_array());

		if (ti->title != NULL)
			json_object_set_new(t, "title", jstr(ti->title));
		for (size_t i = 0; i < ti->nchanges; i++) {
			const struct tailor_change *c = &ti->changes[i];
			json_t *cj = json_pack("{s:s,s:o}", "change",
			    tailor_kind_str(c->kind), "target",
			    jstr(c->target));

			if (c->value != NULL)
				json_object_set_new(cj, "value",
				    jstr(c->value));
			if (c->reason != NULL)
				json_object_set_new(cj, "reason",
				    jstr(c->reason));
			json_array_append_new(json_object_get(t, "changes"),
			    cj);
		}
		json_object_set_new(props, "tailoring", t);
	}
	if (r->waivers != NULL) {
		size_t n[3] = { 0, 0, 0 };

		for (size_t i = 0; i < waiver_count(r->waivers); i++)
			n[waiver_get(r->waivers, i)->state]++;
		json_object_set_new(props, "waivers", json_pack("{s:o,s:I,s:I,"
		    "s:I}", "file", jstr(waiver_file(r->waivers)),
		    "applied", (json_int_t)n[WAIVER_APPLIED],
		    "expired", (json_int_t)n[WAIVER_EXPIRED],
		    "stale", (json_int_t)n[WAIVER_STALE]));
	}
	if (r->baseline != NULL)
		json_object_set_new(props, "baseline", json_pack("{s:o,s:I,"
		    "s:I,s:I}", "file", jstr(baseline_path(r->baseline)),
		    "new", (json_int_t)baseline_new_count(r->baseline),
		    "unchanged",
		    (json_int_t)baseline_unchanged_count(r->baseline),
		    "fixed", (json_int_t)baseline_fixed_count(r->baseline)));
}

static json_t *
run_json(const struct scan_report *r)
{
	size_t *idx = xcalloc(r->nresults + 1, sizeof(*idx));
	json_t *rules = rules_json(r, idx);
	json_t *results = json_array();
	json_t *notes = json_array();
	json_t *run, *props;
	size_t left = 0;

	for (size_t i = 0; i < r->nresults; i++) {
		const struct result *res = &r->results[i];
		const struct rule *rule = report_rule(r, i);

		if (res->status == ST_FAIL || res->status == ST_WAIVED)
			left += add_fail_results(results, r, i, idx[i]);
		else if (res->status == ST_ERROR)
			json_array_append_new(notes,
			    notification_json(rule, idx[i], res));
	}
	if (r->waivers != NULL)
		waiver_notifications(notes, r->waivers);
	if (r->baseline != NULL)
		left += absent_results(results, r, rules);
	free(idx);
	props = json_pack("{s:o,s:o,s:s,s:o}",
	    "targetPath", jstr(r->target_path != NULL ? r->target_path : ""),
	    "targetKind", jstr(r->target_kind != NULL ? r->target_kind : ""),
	    "failOn", report_fail_on_str(r),
	    "summary", report_summary_json(&r->sum));
	if (r->target_describe != NULL)
		json_object_set_new(props, "targetDescription",
		    jstr(r->target_describe));
	if (r->image_id != NULL)
		json_object_set_new(props, "imageId", jstr(r->image_id));
	if (r->manifest_digest != NULL)
		json_object_set_new(props, "manifestDigest",
		    jstr(r->manifest_digest));
	if (left > 0)
		json_object_set_new(props, "resultsLeftOut",
		    json_integer((json_int_t)left));
	audit_properties(props, r);
	pack_properties(props, r);
	run = json_pack("{s:o,s:o,s:o,s:{s:{s:o,s:{s:s}}},s:o,s:o}",
	    "tool", driver_json(r, rules),
	    "automationDetails", automation_json(r),
	    "invocations", invocation_json(r, notes),
	    "originalUriBaseIds", SARIF_BASE,
	    "uri", jstr_adopt(report_sarif_base_uri(r->target_path != NULL ?
	    r->target_path : ".")),
	    "description", "text", "The root of the scanned target",
	    "results", results,
	    "properties", props);
	return run;
}

static int
sarif_write(const struct scan_report *r, FILE *fp, struct diag *d)
{
	json_t *root = json_pack("{s:s,s:s,s:[o]}", "$schema", SARIF_SCHEMA,
	    "version", "2.1.0", "runs", run_json(r));
	int rc = report_json_dump(root, fp, JSON_INDENT(2));

	if (!r->leave_to_exit)
		json_decref(root);
	if (rc == 0)
		return 0;
	diag_add(d, NULL, "sarif: cannot write the report");
	return -1;
}

const struct report_ops report_sarif = {
	.name = "sarif",
	.write = sarif_write,
};
