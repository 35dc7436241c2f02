/*
 * junit.c -- the JUnit XML report, for Jenkins, GitLab and the Ant schema.
 *
 * The shape follows the strict Ant schema (../shared/schemas/junit.xsd)
 * that xUnit-style consumers validate against, which is also what Jenkins
 * and GitLab read:
 *
 *   <testsuites>                       (the schema allows no attributes)
 *     <testsuite name=PACK tests failures errors skipped time timestamp
 *                hostname id package>  (one per policy pack)
 *       <properties> target, target_kind, target_description,
 *         profiles, fail_on </properties>
 *       <testcase name="ID: title" classname="assay.PACK.TAG" time="0">
 *         <failure type="fail" message=FIRST-FINDING>evidence lines
 *           </failure>
 *         | <error type="error" message=REASON>reason, evidence</error>
 *         | <skipped message="notapplicable: ..."/>
 *       </testcase>
 *       <system-out/><system-err/>    (required by the schema)
 *
 * GitLab ignores the message attribute and shows the element's text, so
 * the evidence goes in the body. Jenkins shows the message as the "Error
 * Message" above the body (its "Stacktrace"): one short line saying what
 * is wrong (the first finding, "(and N more)"), not the title the test
 * name already says. Jenkins splits classname at its last dot into
 * package and class, and prefixes a suite's name with its package: so
 * package is "assay" (the suite reads assay.PACK, like the classes'
 * package) and a dot in a tag becomes '_' (class TAG stays whole). A testcase never has both skipped and
 * failure (GitLab would count it failed). Every string is sanitized by
 * report_str() (XML 1.0 cannot carry C0 controls, even as references);
 * the libxml2 writer escapes < > & and quotes, so "]]>" in a file name is
 * plain text: no CDATA is ever written.
 */
#include "config.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <libxml/xmlwriter.h>

#include "assay/baseline.h"
#include "assay/report.h"
#include "assay/strbuf.h"
#include "assay/tailoring.h"
#include "assay/waiver.h"
#include "assay/xmem.h"

#include "report_private.h"

/* Evidence lines in one failure body; the JSON report has them all. */
#define JUNIT_EVIDENCE_MAX	100
/* Bytes of a failure or error message: one line for Jenkins' "Error
 * Message"; the body has the whole text. */
#define JUNIT_MESSAGE_MAX	200

struct junit {
	const struct scan_report *r;
	xmlTextWriterPtr	 w;
	bool			 failed;
	char			 stamp[20];	/* YYYY-MM-DDTHH:MM:SS */
	char			*host;
};

static void
check(struct junit *j, int rc)
{
	if (rc < 0)
		j->failed = true;
}

static void
start(struct junit *j, const char *name)
{
	check(j, xmlTextWriterStartElement(j->w, BAD_CAST name));
}

static void
end(struct junit *j)
{
	check(j, xmlTextWriterEndElement(j->w));
}

/* An attribute with the sanitized VALUE (NULL: empty). */
static void
attr(struct junit *j, const char *name, const char *value)
{
	char *t = report_str(value != NULL ? value : "");

	check(j, xmlTextWriterWriteAttribute(j->w, BAD_CAST name, BAD_CAST t));
	free(t);
}

static void
attrf(struct junit *j, const char *name, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void
attrf(struct junit *j, const char *name, const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	s = xvasprintf(fmt, ap);
	va_end(ap);
	attr(j, name, s);
	free(s);
}

static void
text(struct junit *j, const char *s)
{
	char *t = report_str(s);

	check(j, xmlTextWriterWriteString(j->w, BAD_CAST t));
	free(t);
}

static const char *
pack_id(const struct rule *rule)
{
	return rule->pack != NULL && rule->pack->id != NULL ?
	    rule->pack->id : "assay";
}

static bool
is_skip(enum status st)
{
	return st == ST_NOTAPPLICABLE || st == ST_NOTCHECKED ||
	    st == ST_WAIVED;
}

static void
property(struct junit *j, const char *name, const char *value)
{
	start(j, "property");
	attr(j, "name", name);
	attr(j, "value", value);
	end(j);
}

static void
propertyf(struct junit *j, const char *name, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void
propertyf(struct junit *j, const char *name, const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	s = xvasprintf(fmt, ap);
	va_end(ap);
	property(j, name, s);
	free(s);
}

/* The tailoring and each change with its reason. */
static void
tailoring_properties(struct junit *j)
{
	const struct tailoring_info *ti = tailoring_info(j->r->tailoring);

	property(j, "tailoring", ti->id);
	if (ti->title != NULL)
		property(j, "tailoring_title", ti->title);
	property(j, "tailoring_extends", ti->extends);
	property(j, "tailoring_reason", ti->reason);
	for (size_t i = 0; i < ti->nchanges; i++) {
		const struct tailor_change *c = &ti->changes[i];

		propertyf(j, "tailoring_change", "%s %s%s%s%s%s",
		    tailor_kind_str(c->kind), c->target,
		    c->value != NULL ? (c->kind == TAILOR_SEVERITY ? " -> " :
		    " = ") : "", c->value != NULL ? c->value : "",
		    c->reason != NULL ? ": " : "",
		    c->reason != NULL ? c->reason : "");
	}
}

/* Waivers that did not apply, one property each. */
static void
waiver_properties(struct junit *j)
{
	const struct waiver_set *ws = j->r->waivers;

	property(j, "waivers", waiver_file(ws));
	for (size_t i = 0; i < waiver_count(ws); i++) {
		const struct waiver *w = waiver_get(ws, i);

		if (w->state == WAIVER_STALE)
			propertyf(j, "stale_waiver", "%s:%u: rule %s%s%s",
			    w->at.file, w->at.line, w->rule,
			    w->path != NULL ? " path " : "",
			    w->path != NULL ? w->path : "");
		else if (w->state == WAIVER_EXPIRED)
			propertyf(j, "expired_waiver", "%s:%u: rule %s "
			    "expired on %s", w->at.file, w->at.line, w->rule,
			    w->expires);
	}
}

static void
baseline_properties(struct junit *j)
{
	const struct baseline *b = j->r->baseline;

	property(j, "baseline", baseline_path(b));
	propertyf(j, "baseline_counts", "%zu new, %zu unchanged, %zu fixed",
	    baseline_new_count(b), baseline_unchanged_count(b),
	    baseline_fixed_count(b));
	for (size_t i = 0; i < baseline_fixed_count(b); i++) {
		const struct baseline_finding *f = baseline_fixed(b, i);

		propertyf(j, "baseline_fixed", "%s%s%s", f->rule,
		    f->path != NULL ? " " : "", f->path != NULL ? f->path : "");
	}
}

/* One "pack" property per pack: "ID VERSION: BENCHMARK" (the benchmark
 * version applied, on the Jenkins and GitLab test pages). */
static void
packs_properties(struct junit *j)
{
	const struct pack **v = report_packs(j->r);

	for (size_t i = 0; v[i] != NULL; i++) {
		char *t = report_pack_text(v[i]);

		property(j, "pack", t);
		free(t);
	}
	free(v);
}

static void
properties(struct junit *j)
{
	const struct plan *p = j->r->plan;
	struct strbuf b = STRBUF_INIT;

	for (size_t i = 0; p != NULL && i < plan_profile_count(p); i++)
		(void)strbuf_addf(&b, "%s%s", i > 0 ? "," : "",
		    plan_profile(p, i)->id);
	start(j, "properties");
	property(j, "target", j->r->target_path);
	property(j, "target_kind", j->r->target_kind);
	if (j->r->target_describe != NULL)
		property(j, "target_description", j->r->target_describe);
	if (j->r->image_id != NULL)
		property(j, "image_id", j->r->image_id);
	if (j->r->manifest_digest != NULL)
		property(j, "manifest_digest", j->r->manifest_digest);
	property(j, "profiles", b.buf);
	packs_properties(j);
	property(j, "fail_on", report_fail_on_str(j->r));
	property(j, "tool_version", j->r->tool_version);
	if (j->r->tailoring != NULL)
		tailoring_properties(j);
	if (j->r->waivers != NULL)
		waiver_properties(j);
	if (j->r->baseline != NULL)
		baseline_properties(j);
	end(j);
	strbuf_release(&b);
}

static void
evidence_line(struct strbuf *b, const struct evidence *e)
{
	report_evidence_text(b, e, true);
	if (e->waiver != NULL)
		(void)strbuf_addstr(b, " [waived]");
	if (e->baseline != BASELINE_NONE)
		(void)strbuf_addf(b, " [%s]", baseline_state_str(e->baseline));
	(void)strbuf_addch(b, '\n');
}

/* The text of a failure or error: message, evidence, remediation. A
 * failure lists its violations only (context is in JSON and HTML). */
static char *
body(const struct rule *rule, const struct result *res)
{
	struct strbuf b = STRBUF_INIT;
	size_t shown = 0, more = res->ev.dropped;
	const struct evidence *first = NULL;

	for (size_t i = 0; i < res->ev.n && first == NULL; i++)
		if (res->status == ST_ERROR || result_is_finding(res, i))
			first = &res->ev.v[i];
	/* The message often repeats the first evidence line. */
	if (res->message != NULL && (first == NULL ||
	    first->message == NULL ||
	    strcmp(res->message, first->message) != 0))
		(void)strbuf_addf(&b, "%s\n", res->message);
	if (res->note != NULL)
		(void)strbuf_addf(&b, "Note: %s\n", res->note);
	for (size_t i = 0; i < res->ev.n; i++) {
		if (res->status != ST_ERROR && !result_is_finding(res, i))
			continue;
		if (shown++ < JUNIT_EVIDENCE_MAX)
			evidence_line(&b, &res->ev.v[i]);
		else
			more++;
	}
	if (more > 0)
		(void)strbuf_addf(&b, "... and %zu more\n", more);
	if (res->status == ST_FAIL && rule->remediation != NULL)
		(void)strbuf_addf(&b, "\nRemediation: %s\n",
		    rule->remediation);
	return strbuf_detach(&b);
}

/* The message attribute of a failure or error: the first finding (the
 * reason of an error) as one line of at most JUNIT_MESSAGE_MAX bytes,
 * with "(and N more)"; the result's message or the title when there is
 * no finding. */
static char *
message(const char *title, const struct result *res)
{
	struct strbuf b = STRBUF_INIT;
	const struct evidence *first = NULL;
	size_t more = res->ev.dropped;
	char *t;

	for (size_t i = 0; i < res->ev.n && res->status != ST_ERROR; i++) {
		if (!result_is_finding(res, i))
			continue;
		if (first != NULL)
			more++;
		else
			first = &res->ev.v[i];
	}
	if (first != NULL)
		report_evidence_text(&b, first, true);
	else
		(void)strbuf_addstr(&b, res->message != NULL ? res->message :
		    title);
	if (first != NULL && more > 0)
		(void)strbuf_addf(&b, " (and %zu more)", more);
	for (size_t i = 0; i < b.len; i++)
		if (b.buf[i] == '\n' || b.buf[i] == '\r' || b.buf[i] == '\t')
			b.buf[i] = ' ';
	t = report_str_max(b.buf, JUNIT_MESSAGE_MAX);
	strbuf_release(&b);
	return t;
}

/* "assay.PACK.TAG" (the rule id for a rule without tags): Jenkins splits
 * at the last dot, so a dot in the tag becomes '_'. */
static char *
classname(const struct rule *rule)
{
	char *s = xasprintf("assay.%s.", pack_id(rule));
	size_t n = strlen(s);
	const char *tag = rule->ntags > 0 ? rule->tags[0] : "rule";
	char *t = xasprintf("%s%s", s, tag);

	free(s);
	for (char *p = t + n; *p != '\0'; p++)
		if (*p == '.')
			*p = '_';
	return t;
}

static void
testcase(struct junit *j, const struct rule *rule, const struct result *res)
{
	const char *title = rule->title != NULL ? rule->title : rule->id;
	char *s;

	start(j, "testcase");
	attrf(j, "name", "%s: %s", rule->id, title);
	s = classname(rule);
	attr(j, "classname", s);
	free(s);
	attr(j, "time", "0");
	if (res->status == ST_FAIL || res->status == ST_ERROR) {
		bool fail = res->status == ST_FAIL;

		start(j, fail ? "failure" : "error");
		attr(j, "type", status_str(res->status));
		s = message(title, res);
		attr(j, "message", s);
		free(s);
		s = body(rule, res);
		text(j, s);
		free(s);
		end(j);
	} else if (is_skip(res->status)) {
		start(j, "skipped");
		if (res->status == ST_WAIVED && res->waiver != NULL) {
			char *w = report_waiver_text(res->waiver);

			s = xasprintf("waived: %s", w);
			free(w);
		} else	/* Jenkins' "Skip Message": words, not enum names */
			s = xasprintf("%s: %s", res->status == ST_NOTCHECKED ?
			    "manual check" : "not applicable",
			    res->message != NULL ? res->message : "");
		attr(j, "message", s);
		free(s);
		end(j);
	}
	end(j);
}

/* One <testsuite> for the results of pack PACK, numbered ID. */
static void
testsuite(struct junit *j, const char *pack, int id)
{
	const struct scan_report *r = j->r;
	size_t n[ST__COUNT] = { 0 }, tests = 0;

	for (size_t i = 0; i < r->nresults; i++) {
		if (strcmp(pack_id(report_rule(r, i)), pack) != 0)
			continue;
		n[r->results[i].status < ST__COUNT ?
		    r->results[i].status : ST_ERROR]++;
		tests++;
	}
	start(j, "testsuite");
	attr(j, "name", pack);
	attrf(j, "tests", "%zu", tests);
	attrf(j, "failures", "%zu", n[ST_FAIL]);
	attrf(j, "errors", "%zu", n[ST_ERROR]);
	attrf(j, "skipped", "%zu", n[ST_NOTAPPLICABLE] + n[ST_NOTCHECKED] +
	    n[ST_WAIVED]);
	/* Rules are not timed one by one: each pack gets its share of the
	 * scan by rule count, so the suites add up to the scan. */
	attrf(j, "time", "%.3f", r->nresults > 0 ?
	    r->duration * (double)tests / (double)r->nresults : 0.0);
	attr(j, "timestamp", j->stamp);
	attr(j, "hostname", j->host);
	attrf(j, "id", "%d", id);
	attr(j, "package", "assay");
	properties(j);
	for (size_t i = 0; i < r->nresults; i++)
		if (strcmp(pack_id(report_rule(r, i)), pack) == 0)
			testcase(j, report_rule(r, i), &r->results[i]);
	start(j, "system-out");
	end(j);
	start(j, "system-err");
	end(j);
	end(j);
}

/* The schema wants a dateTime without a zone: take the scan start
 * ("2024-05-01T10:00:00Z") when it has that shape, else the time now. */
static void
set_stamp(struct junit *j)
{
	static const char shape[] = "dddd-dd-ddTdd:dd:dd";
	const char *s = j->r->started;
	time_t now;
	struct tm tm;
	bool ok = s != NULL && strlen(s) >= sizeof(shape) - 1;

	for (size_t i = 0; ok && i < sizeof(shape) - 1; i++)
		ok = shape[i] == 'd' ? (s[i] >= '0' && s[i] <= '9') :
		    s[i] == shape[i];
	if (ok) {
		memcpy(j->stamp, s, sizeof(shape) - 1);
		j->stamp[sizeof(shape) - 1] = '\0';
		return;
	}
	now = time(NULL);
	gmtime_r(&now, &tm);
	strftime(j->stamp, sizeof(j->stamp), "%Y-%m-%dT%H:%M:%S", &tm);
}

static void
set_host(struct junit *j)
{
	char host[256];

	if (gethostname(host, sizeof(host)) != 0 || host[0] == '\0' ||
	    strlen(host) >= sizeof(host) - 1)
		strcpy(host, "localhost");
	j->host = xstrdup(host);
}

static void
document(struct junit *j)
{
	const struct scan_report *r = j->r;
	struct strlist packs = STRLIST_INIT;

	check(j, xmlTextWriterStartDocument(j->w, "1.0", "UTF-8", NULL));
	start(j, "testsuites");
	/* Packs in order of their first rule in the plan. */
	for (size_t i = 0; i < r->nresults; i++) {
		const char *pack = pack_id(report_rule(r, i));

		if (strlist_has(&packs, pack))
			continue;
		strlist_add(&packs, pack);
		testsuite(j, pack, (int)packs.n - 1);
	}
	end(j);
	check(j, xmlTextWriterEndDocument(j->w));
	strlist_release(&packs);
}

static int
junit_write(const struct scan_report *r, FILE *fp, struct diag *d)
{
	struct junit j = { .r = r };
	xmlBufferPtr buf = xmlBufferCreate();

	if (buf != NULL)
		j.w = xmlNewTextWriterMemory(buf, 0);
	if (j.w == NULL) {
		xmlBufferFree(buf);
		diag_add(d, NULL, "junit: out of memory");
		return -1;
	}
	set_stamp(&j);
	set_host(&j);
	check(&j, xmlTextWriterSetIndent(j.w, 1));
	check(&j, xmlTextWriterSetIndentString(j.w, BAD_CAST "  "));
	document(&j);
	xmlFreeTextWriter(j.w);
	if (!j.failed && fwrite(xmlBufferContent(buf), 1,
	    (size_t)xmlBufferLength(buf), fp) != (size_t)xmlBufferLength(buf))
		j.failed = true;
	xmlBufferFree(buf);
	free(j.host);
	if (!j.failed)
		return 0;
	diag_add(d, NULL, "junit: cannot write the report");
	return -1;
}

const struct report_ops report_junit = {
	.name = "junit",
	.write = junit_write,
};
