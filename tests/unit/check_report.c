/*
 * check_report.c -- the reporters: sanitizing, severity mappings, and the
 * shape of the text, JSON, SARIF and JUnit reports.
 *
 * Most cases build a scan by hand (rules, results, evidence) so hostile
 * strings can be put anywhere; one loads a real pack with profiles and
 * variables through the policy loader. Every report is parsed back:
 * JSON and SARIF with jansson (which refuses invalid UTF-8), JUnit with
 * libxml2, and against ../shared/schemas/junit.xsd when it is there.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <libxml/parser.h>
#include <libxml/xmlschemas.h>
#include <libxml/xpath.h>

#include "assay/policy.h"
#include "assay/report.h"
#include "assay/strbuf.h"
#include "../../engine/report/report_private.h"
#include "assay/xmem.h"

#include "testutil.h"
#include "../../engine/report/report_private.h"

#define HOSTILE_PATH	"/etc/a\xff\xfe\x01]]></testcase>\nb"
#define FFFD		"\xef\xbf\xbd"

static const struct pack pack_demo = { .id = "demo", .title = "Demo" };
static const struct pack pack_other = { .id = "other", .title = "Other" };
static const struct reference refs_a[] = {
	{ "cis", "5.1.20" },
	{ "stig", "V-1" },
	{ "stig", "V-2" },
	{ "url", "https://example.com/rule-a" },
};
static const char *const tags_a[] = { "ssh", "access-control" };

/* Rules: a critical fail with hostile evidence, a low fail, a high
 * error, a pass, a notapplicable, a manual rule, and one fail in a
 * second pack. */
static struct rule rules[7];
static struct result results[7];

static void
setup(void)
{
	static const struct {
		const char	*id;
		enum severity	 sev;
		enum status	 st;
		const char	*msg;
	} rows[] = {
		{ "rule-low", SEV_LOW, ST_FAIL, "low thing" },
		{ "rule-a", SEV_CRITICAL, ST_FAIL, "bad \x1b[31m things" },
		{ "rule-err", SEV_HIGH, ST_ERROR, "cannot read \x01 file" },
		{ "rule-pass", SEV_MEDIUM, ST_PASS, "fine" },
		{ "rule-na", SEV_MEDIUM, ST_NOTAPPLICABLE, "applies_if false" },
		{ "rule-manual", SEV_INFO, ST_NOTCHECKED, "manual check" },
		{ "rule-other", SEV_MEDIUM, ST_FAIL, "other pack" },
	};
	struct evidence *e;

	memset(rules, 0, sizeof(rules));
	memset(results, 0, sizeof(results));
	for (size_t i = 0; i < 7; i++) {
		rules[i].id = rows[i].id;
		rules[i].title = "Title of the rule \x02 ]]>";
		rules[i].severity = rows[i].sev;
		rules[i].pack = i == 6 ? &pack_other : &pack_demo;
		rules[i].at.file = "policies/demo/rules.yaml";
		rules[i].at.line = (unsigned)(10 * i + 1);
		results[i].rule = &rules[i];
		results[i].status = rows[i].st;
		results[i].message = xstrdup(rows[i].msg);
		evlist_init(&results[i].ev, 0);
	}
	rules[1].refs = refs_a;
	rules[1].nrefs = 4;
	rules[1].tags = tags_a;
	rules[1].ntags = 2;
	rules[1].remediation = "Fix \xff it.";
	rules[1].rationale = "Because.";
	rules[1].description = "A long description.";
	e = evlist_add_violation(&results[1].ev, HOSTILE_PATH, 12,
	    "found \x1b]0;x\x07");
	evidence_set_values(e, "]]>", "\xff\xfe");
	evlist_add_violation(&results[1].ev, HOSTILE_PATH, 40, "again");
	evlist_add_violation(&results[1].ev, "/etc/ssh/sshd_config", 0,
	    "second file");
	evlist_add_violation(&results[1].ev, NULL, 0, "no path at all");
	results[1].ev.dropped = 3;
	evlist_add_violation(&results[0].ev, "/etc/low", 0,
	    "low evidence 0644");
	evlist_add_violation(&results[2].ev, "/etc/fifo", 0, "a FIFO");
	evlist_add_violation(&results[3].ev, "/etc/ok", 3, "ok at line 3");
	/* rule-other fails without evidence: still needs a location. */
}

static void
teardown(void)
{
	for (size_t i = 0; i < 7; i++)
		result_release(&results[i]);
}

/* A scan of the first N results; rules come from P where a result has
 * none. */
static struct scan_report
scan_plan(size_t n, const struct plan *p)
{
	static char *argv[] = { "scan", "--policy", "p o l", "root" };
	struct scan_report r;

	memset(&r, 0, sizeof(r));
	r.tool_version = "1.2.3";
	r.target_path = "/tmp/root\x01\xff";
	r.target_kind = "dir";
	r.results = results;
	r.nresults = n;
	r.fail_on = SEV_HIGH;
	r.exit_code = 1;
	r.started = "2025-01-02T03:04:05Z";
	r.finished = "2025-01-02T03:04:06Z";
	r.duration = 1.5;
	r.argc = 4;
	r.argv = argv;
	r.plan = p;
	scan_summarize(&r);
	return r;
}

static struct scan_report
scan(size_t n)
{
	return scan_plan(n, NULL);
}

/* Run reporter OPS on R into a string. */
static char *
render(const struct report_ops *ops, const struct scan_report *r)
{
	struct diag *d = diag_new();
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);

	ck_assert_ptr_nonnull(fp);
	ck_assert_int_eq(ops->write(r, fp, d), 0);
	ck_assert_int_eq(fclose(fp), 0);
	ck_assert_uint_eq(diag_count(d), 0);
	diag_free(d);
	ck_assert_uint_eq(strlen(buf), len);
	return buf;
}

static json_t *
render_json(const struct report_ops *ops, const struct scan_report *r)
{
	char *s = render(ops, r);
	json_error_t err;
	json_t *j = json_loads(s, 0, &err);

	ck_assert_msg(j != NULL, "%s: %s", ops->name, err.text);
	free(s);
	return j;
}

/* --- report_sanitize ---------------------------------------------- */

static const struct {
	const char	*in;
	size_t		 len;
	const char	*out;
} sanitize_rows[] = {
	{ "abc", 3, "abc" },
	{ "\xff\xfe", 2, FFFD FFFD },
	{ "a\x01" "b\x1b", 4, "a" FFFD "b" FFFD },
	{ "\t\n\r", 3, "\t\n\r" },
	{ "caf\xc3\xa9", 5, "caf\xc3\xa9" },
	{ "\xf0\x9f\x98\x80", 4, "\xf0\x9f\x98\x80" },
	{ "\xc0\xaf", 2, FFFD FFFD },			/* overlong '/' */
	{ "\xed\xa0\x80", 3, FFFD FFFD FFFD },		/* surrogate */
	{ "\xe2\x82", 2, FFFD FFFD },			/* truncated */
	{ "a\0b", 3, "a" FFFD "b" },			/* NUL inside */
	{ "\xef\xbf\xbe", 3, FFFD },		/* U+FFFE: not XML */
	{ "\x7f]]>", 4, "\x7f]]>" },
	{ "", 0, "" },
};

START_TEST(test_report_sanitize_replaces_invalid_and_controls)
{
	char *s = report_sanitize(sanitize_rows[_i].in, sanitize_rows[_i].len);

	ck_assert_str_eq(s, sanitize_rows[_i].out);
	free(s);
}
END_TEST

/* --- severity mappings and lookup --------------------------------- */

static const struct {
	enum severity	 sev;
	const char	*level, *score;
} sev_rows[] = {
	{ SEV_CRITICAL, "error", "9.5" },
	{ SEV_HIGH, "error", "8.0" },
	{ SEV_MEDIUM, "warning", "5.5" },
	{ SEV_LOW, "note", "3.0" },
	{ SEV_INFO, "note", "1.0" },
};

START_TEST(test_report_severity_maps_to_sarif_level_and_score)
{
	ck_assert_str_eq(report_sarif_level(sev_rows[_i].sev),
	    sev_rows[_i].level);
	ck_assert_str_eq(report_security_severity(sev_rows[_i].sev),
	    sev_rows[_i].score);
}
END_TEST

START_TEST(test_report_find_knows_each_format)
{
	static const char *const names[] = { "text", "json", "sarif",
	    "junit" };

	for (size_t i = 0; i < 4; i++) {
		ck_assert_ptr_nonnull(report_find(names[i]));
		ck_assert_str_eq(report_find(names[i])->name, names[i]);
	}
	ck_assert_ptr_null(report_find("pdf"));
	ck_assert_ptr_null(report_find(""));
	ck_assert_ptr_eq(report_find("json"), &report_json);
}
END_TEST

START_TEST(test_report_summarize_counts_status_and_severity)
{
	struct scan_report r = scan(7);

	ck_assert_uint_eq(r.sum.total, 7);
	ck_assert_uint_eq(r.sum.count[ST_FAIL], 3);
	ck_assert_uint_eq(r.sum.count[ST_ERROR], 1);
	ck_assert_uint_eq(r.sum.count[ST_PASS], 1);
	ck_assert_uint_eq(r.sum.count[ST_NOTAPPLICABLE], 1);
	ck_assert_uint_eq(r.sum.count[ST_NOTCHECKED], 1);
	ck_assert_uint_eq(r.sum.fail_by_sev[SEV_CRITICAL], 1);
	ck_assert_uint_eq(r.sum.fail_by_sev[SEV_MEDIUM], 1);
	ck_assert_uint_eq(r.sum.fail_by_sev[SEV_LOW], 1);
	ck_assert_uint_eq(r.sum.fail_by_sev[SEV_HIGH], 0);
}
END_TEST

/* --- JSON ----------------------------------------------------------- */

START_TEST(test_report_json_has_contract_keys)
{
	struct scan_report r = scan(7);
	json_t *j = render_json(&report_json, &r);
	static const char *const top[] = { "tool", "target", "profiles",
	    "variables", "results", "summary", "fail_on", "exit_code",
	    "started", "finished", "duration" };
	json_t *res, *a, *ev;

	for (size_t i = 0; i < sizeof(top) / sizeof(top[0]); i++)
		ck_assert_msg(json_object_get(j, top[i]) != NULL, "%s", top[i]);
	ck_assert_str_eq(json_string_value(json_object_get(
	    json_object_get(j, "tool"), "name")), "assay");
	ck_assert_str_eq(json_string_value(json_object_get(
	    json_object_get(j, "target"), "path")), "/tmp/root" FFFD FFFD);
	ck_assert_str_eq(json_string_value(json_object_get(j, "fail_on")),
	    "high");
	res = json_object_get(j, "results");
	ck_assert_uint_eq(json_array_size(res), 7);
	/* Plan order, not sorted. */
	ck_assert_str_eq(json_string_value(json_object_get(
	    json_array_get(res, 0), "rule")), "rule-low");
	a = json_array_get(res, 1);
	ck_assert_str_eq(json_string_value(json_object_get(a, "severity")),
	    "critical");
	ck_assert_str_eq(json_string_value(json_object_get(a, "status")),
	    "fail");
	ck_assert_str_eq(json_string_value(json_object_get(json_object_get(
	    a, "references"), "cis")), "5.1.20");
	ck_assert_uint_eq(json_array_size(json_object_get(json_object_get(
	    a, "references"), "stig")), 2);
	ck_assert_int_eq(json_integer_value(json_object_get(a,
	    "evidence_dropped")), 3);
	ev = json_array_get(json_object_get(a, "evidence"), 0);
	ck_assert_str_eq(json_string_value(json_object_get(ev, "path")),
	    "/etc/a" FFFD FFFD FFFD "]]></testcase>\nb");
	ck_assert_int_eq(json_integer_value(json_object_get(ev, "line")), 12);
	ck_assert_str_eq(json_string_value(json_object_get(ev, "found")),
	    FFFD FFFD);
	/* No path, no line: the keys are absent, not null. */
	ev = json_array_get(json_object_get(a, "evidence"), 3);
	ck_assert_ptr_null(json_object_get(ev, "path"));
	ck_assert_ptr_null(json_object_get(ev, "line"));
	ck_assert_ptr_null(json_object_get(ev, "expected"));
	ck_assert_ptr_null(json_object_get(json_array_get(res, 0),
	    "evidence_dropped"));
	ck_assert_int_eq(json_integer_value(json_object_get(json_object_get(
	    json_object_get(j, "summary"), "fail_by_severity"), "critical")),
	    1);
	ck_assert_int_eq(json_integer_value(json_object_get(json_object_get(
	    j, "summary"), "notapplicable")), 1);
	json_decref(j);
}
END_TEST

START_TEST(test_report_json_is_deterministic)
{
	struct scan_report r = scan(7);
	char *a = render(&report_json, &r);
	char *b = render(&report_json, &r);

	ck_assert_str_eq(a, b);
	free(a);
	free(b);
}
END_TEST

/* --- SARIF ---------------------------------------------------------- */

static json_t *
sarif_run(json_t *j)
{
	ck_assert_str_eq(json_string_value(json_object_get(j, "version")),
	    "2.1.0");
	ck_assert_uint_eq(json_array_size(json_object_get(j, "runs")), 1);
	return json_array_get(json_object_get(j, "runs"), 0);
}

START_TEST(test_report_sarif_rules_once_results_only_for_fails)
{
	struct scan_report r = scan(7);
	json_t *j, *run, *rd, *res, *notes;

	/* A duplicate rule id (two results of one rule) stays one rule. */
	results[5].rule = &rules[4];
	r = scan(7);
	j = render_json(&report_sarif, &r);
	run = sarif_run(j);
	rd = json_object_get(json_object_get(json_object_get(run, "tool"),
	    "driver"), "rules");
	ck_assert_uint_eq(json_array_size(rd), 6);
	for (size_t i = 0; i < json_array_size(rd); i++)
		for (size_t k = 0; k < i; k++)
			ck_assert_str_ne(json_string_value(json_object_get(
			    json_array_get(rd, i), "id")),
			    json_string_value(json_object_get(
			    json_array_get(rd, k), "id")));
	res = json_object_get(run, "results");
	/* rule-low: 1; rule-a: 3 paths (hostile, sshd_config, none);
	 * rule-other: 1 without evidence. */
	ck_assert_uint_eq(json_array_size(res), 5);
	for (size_t i = 0; i < json_array_size(res); i++) {
		json_t *o = json_array_get(res, i);
		json_t *loc = json_array_get(json_object_get(o, "locations"),
		    0);
		json_t *pl = json_object_get(loc, "physicalLocation");
		const char *uri = json_string_value(json_object_get(
		    json_object_get(pl, "artifactLocation"), "uri"));
		size_t idx = (size_t)json_integer_value(json_object_get(o,
		    "ruleIndex"));

		ck_assert_ptr_nonnull(uri);
		ck_assert_int_ne(uri[0], '/');
		ck_assert_int_ge(json_integer_value(json_object_get(
		    json_object_get(pl, "region"), "startLine")), 1);
		ck_assert_str_eq(json_string_value(json_object_get(
		    json_array_get(rd, idx), "id")),
		    json_string_value(json_object_get(o, "ruleId")));
	}
	notes = json_object_get(json_array_get(json_object_get(run,
	    "invocations"), 0), "toolExecutionNotifications");
	ck_assert_uint_eq(json_array_size(notes), 1);
	ck_assert_str_eq(json_string_value(json_object_get(json_object_get(
	    json_array_get(notes, 0), "associatedRule"), "id")), "rule-err");
	json_decref(j);
}
END_TEST

START_TEST(test_report_sarif_locations_are_encoded_relative_uris)
{
	struct scan_report r = scan(7);
	json_t *j = render_json(&report_sarif, &r);
	json_t *run = sarif_run(j);
	json_t *res = json_object_get(run, "results");
	json_t *a = json_array_get(res, 1);
	json_t *art = json_object_get(json_object_get(json_array_get(
	    json_object_get(a, "locations"), 0), "physicalLocation"),
	    "artifactLocation");
	json_t *nopath = json_array_get(res, 3);

	ck_assert_str_eq(json_string_value(json_object_get(a, "ruleId")),
	    "rule-a");
	ck_assert_str_eq(json_string_value(json_object_get(art, "uri")),
	    "etc/a%FF%FE%01%5D%5D%3E%3C/testcase%3E%0Ab");
	ck_assert_str_eq(json_string_value(json_object_get(art, "uriBaseId")),
	    "TARGETROOT");
	ck_assert_str_eq(json_string_value(json_object_get(json_object_get(
	    json_object_get(run, "originalUriBaseIds"), "TARGETROOT"), "uri")),
	    "file:///tmp/root%01%FF/");
	ck_assert_str_eq(json_string_value(json_object_get(json_object_get(
	    a, "message"), "text")), "Title of the rule " FFFD " ]]>: found "
	    FFFD "]0;x" FFFD " (expected ]]>, found " FFFD FFFD "); again");
	/* Evidence without a path points at the target root, never at an
	 * (installed, absolute) policy file, and says it has no path. */
	art = json_object_get(json_object_get(json_array_get(json_object_get(
	    nopath, "locations"), 0), "physicalLocation"), "artifactLocation");
	ck_assert_str_eq(json_string_value(json_object_get(art, "uri")), ".");
	ck_assert_str_eq(json_string_value(json_object_get(art, "uriBaseId")),
	    "TARGETROOT");
	ck_assert(json_is_true(json_object_get(json_object_get(nopath,
	    "properties"), "noPath")));
	ck_assert_int_eq(json_integer_value(json_object_get(json_object_get(
	    json_object_get(json_array_get(json_object_get(nopath,
	    "locations"), 0), "physicalLocation"), "region"), "startLine")),
	    1);
	json_decref(j);
}
END_TEST

START_TEST(test_report_sarif_rule_descriptor_for_github)
{
	struct scan_report r = scan(7);
	json_t *j = render_json(&report_sarif, &r);
	json_t *run = sarif_run(j);
	json_t *rule = json_array_get(json_object_get(json_object_get(
	    json_object_get(run, "tool"), "driver"), "rules"), 1);
	json_t *props = json_object_get(rule, "properties");
	json_t *tags = json_object_get(props, "tags");

	ck_assert_str_eq(json_string_value(json_object_get(rule, "id")),
	    "rule-a");
	ck_assert_str_eq(json_string_value(json_object_get(rule, "name")),
	    "RuleA");
	ck_assert_str_eq(json_string_value(json_object_get(rule, "helpUri")),
	    "https://example.com/rule-a");
	ck_assert_str_eq(json_string_value(json_object_get(json_object_get(
	    rule, "fullDescription"), "text")), "A long description.");
	ck_assert_str_eq(json_string_value(json_object_get(json_object_get(
	    rule, "defaultConfiguration"), "level")), "error");
	ck_assert_str_eq(json_string_value(json_object_get(props,
	    "security-severity")), "9.5");
	ck_assert_uint_eq(json_array_size(tags), 4);
	ck_assert_str_eq(json_string_value(json_array_get(tags, 0)),
	    "security");
	ck_assert_str_eq(json_string_value(json_array_get(tags, 1)),
	    "critical");
	ck_assert_ptr_nonnull(strstr(json_string_value(json_object_get(
	    json_object_get(rule, "help"), "markdown")), "- stig: V-2"));
	/* No profile: the category names the packs, not an empty one
	 * every --policy scan would share. */
	ck_assert_str_eq(json_string_value(json_object_get(json_object_get(
	    run, "automationDetails"), "id")), "assay/demo,other/");
	ck_assert_str_eq(json_string_value(json_object_get(json_array_get(
	    json_object_get(run, "invocations"), 0), "commandLine")),
	    "assay scan --policy 'p o l' root");
	json_decref(j);
}
END_TEST

static const char *
fingerprint(json_t *j, size_t i)
{
	json_t *res = json_object_get(sarif_run(j), "results");

	return json_string_value(json_object_get(json_object_get(
	    json_array_get(res, i), "partialFingerprints"),
	    "assayFinding/v1"));
}

START_TEST(test_report_sarif_fingerprint_ignores_lines_and_digits)
{
	struct scan_report r = scan(1);
	json_t *a, *b, *c;
	char *fa;

	a = render_json(&report_sarif, &r);
	fa = xstrdup(fingerprint(a, 0));
	ck_assert_uint_eq(strlen(fa), 16);
	/* Same finding at another line, with other numbers in it. */
	evlist_release(&results[0].ev);
	evlist_add_violation(&results[0].ev, "/etc/low", 99,
	    "low evidence 0777");
	b = render_json(&report_sarif, &r);
	ck_assert_str_eq(fingerprint(b, 0), fa);
	/* Another file is another alert. */
	evlist_release(&results[0].ev);
	evlist_add_violation(&results[0].ev, "/etc/low2", 0, "low evidence");
	c = render_json(&report_sarif, &r);
	ck_assert_str_ne(fingerprint(c, 0), fa);
	free(fa);
	json_decref(a);
	json_decref(b);
	json_decref(c);
}
END_TEST

START_TEST(test_report_sarif_caps_results_per_rule)
{
	struct scan_report r;
	json_t *j;

	for (int i = 0; i < 150; i++) {
		char *path = xasprintf("/f/%d", i);

		evlist_add_violation(&results[0].ev, path, 0, "x");
		free(path);
	}
	r = scan(1);
	j = render_json(&report_sarif, &r);
	ck_assert_uint_eq(json_array_size(json_object_get(sarif_run(j),
	    "results")), 100);
	ck_assert_int_eq(json_integer_value(json_object_get(json_object_get(
	    sarif_run(j), "properties"), "resultsLeftOut")), 51);
	json_decref(j);
}
END_TEST

/* --- JUnit ---------------------------------------------------------- */

static xmlDocPtr
render_xml(const struct scan_report *r)
{
	char *s = render(&report_junit, r);
	xmlDocPtr doc = xmlReadMemory(s, (int)strlen(s), "junit.xml", NULL,
	    XML_PARSE_NONET);

	ck_assert_msg(doc != NULL, "not well-formed:\n%s", s);
	free(s);
	return doc;
}

static double
xcount(xmlDocPtr doc, const char *expr)
{
	xmlXPathContextPtr ctx = xmlXPathNewContext(doc);
	xmlXPathObjectPtr o = xmlXPathEvalExpression(BAD_CAST expr, ctx);
	double v;

	ck_assert_ptr_nonnull(o);
	v = o->floatval;
	xmlXPathFreeObject(o);
	xmlXPathFreeContext(ctx);
	return v;
}

static char *
xstr(xmlDocPtr doc, const char *expr)
{
	xmlXPathContextPtr ctx = xmlXPathNewContext(doc);
	xmlXPathObjectPtr o = xmlXPathEvalExpression(BAD_CAST expr, ctx);
	char *v = (char *)xmlXPathCastToString(o);

	xmlXPathFreeObject(o);
	xmlXPathFreeContext(ctx);
	return v;
}

START_TEST(test_report_junit_counts_match_results)
{
	static const char *const tags_dot[] = { "cis.level1" };
	struct scan_report r;
	xmlDocPtr doc;
	char *s;

	rules[0].tags = tags_dot;
	rules[0].ntags = 1;
	r = scan(7);
	doc = render_xml(&r);

	ck_assert(xcount(doc, "count(/testsuites/testsuite)") == 2);
	ck_assert(xcount(doc, "count(//testcase)") == 7);
	ck_assert(xcount(doc, "count(//testcase/failure)") == 3);
	ck_assert(xcount(doc, "count(//testcase/error)") == 1);
	ck_assert(xcount(doc, "count(//testcase/skipped)") == 2);
	ck_assert(xcount(doc, "count(//testcase[skipped][failure|error])")
	    == 0);
	ck_assert(xcount(doc, "sum(//testsuite/@tests)") == 7);
	ck_assert(xcount(doc, "sum(//testsuite/@failures)") == 3);
	ck_assert(xcount(doc, "sum(//testsuite[@name='demo']/@skipped)") == 2);
	ck_assert(xcount(doc, "number(//testsuite[@name='other']/@id)") == 1);
	s = xstr(doc, "string(//testcase[starts-with(@name,'rule-a:')]"
	    "/@classname)");
	ck_assert_str_eq(s, "assay.demo.ssh");
	xmlFree(s);
	/* Jenkins splits at the last dot: the tag's own dot is not one. */
	s = xstr(doc, "string(//testcase[starts-with(@name,'rule-low:')]"
	    "/@classname)");
	ck_assert_str_eq(s, "assay.demo.cis_level1");
	xmlFree(s);
	/* Jenkins prefixes the suite name with its package: assay.demo. */
	s = xstr(doc, "string(//testsuite[1]/@package)");
	ck_assert_str_eq(s, "assay");
	xmlFree(s);
	/* Jenkins' "Error Message": the first finding on one line, with the
	 * count of the rest (3 more kept, 3 dropped); no finding: the
	 * result's message; an error: its reason. */
	s = xstr(doc, "string(//testcase[starts-with(@name,'rule-a:')]"
	    "/failure/@message)");
	ck_assert_ptr_null(strchr(s, '\n'));
	ck_assert_ptr_nonnull(strstr(s, "/etc/a" FFFD FFFD FFFD
	    "]]></testcase> b:12: found "));
	ck_assert_ptr_nonnull(strstr(s, " (and 6 more)"));
	ck_assert_ptr_null(strstr(s, "again"));
	xmlFree(s);
	s = xstr(doc, "string(//testcase[starts-with(@name,'rule-other:')]"
	    "/failure/@message)");
	ck_assert_str_eq(s, "other pack");
	xmlFree(s);
	s = xstr(doc, "string(//testcase[starts-with(@name,'rule-low:')]"
	    "/failure/@message)");
	ck_assert_str_eq(s, "/etc/low: low evidence 0644");
	xmlFree(s);
	s = xstr(doc, "string(//testcase[starts-with(@name,'rule-err:')]"
	    "/error/@message)");
	ck_assert_str_eq(s, "cannot read " FFFD " file");
	xmlFree(s);
	s = xstr(doc, "string(//testcase[starts-with(@name,'rule-na:')]"
	    "/skipped/@message)");
	ck_assert_str_eq(s, "not applicable: applies_if false");
	xmlFree(s);
	s = xstr(doc, "string(//testcase[starts-with(@name,'rule-manual:')]"
	    "/skipped/@message)");
	ck_assert_str_eq(s, "manual check: manual check");
	xmlFree(s);
	s = xstr(doc, "string(//testsuite[1]/@timestamp)");
	ck_assert_str_eq(s, "2025-01-02T03:04:05");
	xmlFree(s);
	/* GitLab shows the body, not the message: evidence goes there. */
	s = xstr(doc, "string(//testcase[starts-with(@name,'rule-a:')]"
	    "/failure)");
	ck_assert_ptr_nonnull(strstr(s, "/etc/a" FFFD FFFD FFFD
	    "]]></testcase>\nb:12: found "));
	ck_assert_ptr_nonnull(strstr(s, "... and 3 more"));
	ck_assert_ptr_nonnull(strstr(s, "Remediation: Fix " FFFD " it."));
	xmlFree(s);
	xmlFreeDoc(doc);
}
END_TEST

START_TEST(test_report_junit_validates_against_ant_schema)
{
	struct scan_report r = scan(7);
	char *xsd = tu_srcpath("../shared/schemas/junit.xsd");
	xmlSchemaParserCtxtPtr pc;
	xmlSchemaPtr schema;
	xmlSchemaValidCtxtPtr vc;
	xmlDocPtr doc;
	FILE *fp = fopen(xsd, "r");

	if (fp == NULL) {
		free(xsd);
		return;	/* ../shared absent: nothing to validate */
	}
	fclose(fp);
	pc = xmlSchemaNewParserCtxt(xsd);
	schema = xmlSchemaParse(pc);
	ck_assert_ptr_nonnull(schema);
	vc = xmlSchemaNewValidCtxt(schema);
	doc = render_xml(&r);
	ck_assert_int_eq(xmlSchemaValidateDoc(vc, doc), 0);
	xmlFreeDoc(doc);
	xmlSchemaFreeValidCtxt(vc);
	xmlSchemaFree(schema);
	xmlSchemaFreeParserCtxt(pc);
	free(xsd);
}
END_TEST

/* --- image layers in evidence --------------------------------------- */

/* Evidence from an image names the layer and the build step behind it in
 * every format; evidence whose message already names its layer (a file a
 * later layer hid) is not tagged twice in the text formats, and JSON has
 * both as fields. A control character in the step never reaches a
 * terminal. */
START_TEST(test_report_evidence_names_its_layer)
{
	struct scan_report r = scan(7);
	struct evidence *e0 = &results[0].ev.v[0];
	struct evidence *e1;
	static const char *const fmts[] = { "text", "junit", "html",
	    "markdown", "sarif" };
	json_t *j;
	json_t *ev;
	char *s;

	evidence_set_layer(e0, 3, "RUN chmod 644 /etc/low \x1b[2J", false);
	e1 = evlist_add_violation(&results[0].ev, "/etc/gone", 0, "present in "
	    "layer 1 (created by: RUN add), deleted by a later layer");
	evidence_set_layer(e1, 1, "RUN add", true);
	r = scan(7);
	for (size_t i = 0; i < sizeof(fmts) / sizeof(fmts[0]); i++) {
		s = render(report_find(fmts[i]), &r);
		ck_assert_msg(strstr(s, "layer 3: RUN chmod 644 /etc/low ") !=
		    NULL, "%s: %s", fmts[i], s);
		ck_assert_msg(strstr(s, "layer 1: RUN add") == NULL, "%s: the "
		    "hidden file's layer tagged twice", fmts[i]);
		free(s);
	}
	s = render(&report_text, &r);
	ck_assert_ptr_nonnull(strstr(s, "/etc/low: low evidence 0644 [layer 3: "
	    "RUN chmod 644 /etc/low " FFFD "[2J]\n"));
	ck_assert_ptr_null(strchr(s, '\033'));
	free(s);
	j = render_json(&report_json, &r);
	ev = json_object_get(json_array_get(json_object_get(j, "results"), 0),
	    "evidence");
	ck_assert_int_eq(json_integer_value(json_object_get(
	    json_array_get(ev, 0), "layer")), 3);
	ck_assert_str_eq(json_string_value(json_object_get(json_array_get(ev,
	    0), "created_by")), "RUN chmod 644 /etc/low " FFFD "[2J");
	ck_assert_int_eq(json_integer_value(json_object_get(
	    json_array_get(ev, 1), "layer")), 1);
	/* evidence not from an image has neither */
	ck_assert_ptr_null(json_object_get(json_array_get(json_object_get(
	    json_array_get(json_object_get(j, "results"), 2), "evidence"), 0),
	    "layer"));
	json_decref(j);
}
END_TEST

/* An image's ID and manifest digest reach every format; a directory
 * scan has neither. */
START_TEST(test_report_names_the_image_scanned)
{
	struct scan_report r = scan(7);
	static const char id[] = "sha256:"
	    "653a5acf0c93d8b2e3ad47b16500dc1295b4fb76569dccaa0445a225ee516c70";
	static const char mf[] = "sha256:"
	    "03b39d3dca8f38570b58b239de01f1e3b916656f10ac54c12f56a0f05ac28a69";
	static const char *const fmts[] = { "text", "json", "sarif", "junit",
	    "html", "markdown" };
	json_t *j;
	char *s;

	for (size_t i = 0; i < sizeof(fmts) / sizeof(fmts[0]); i++) {
		s = render(report_find(fmts[i]), &r);
		ck_assert_msg(strstr(s, "sha256:") == NULL, "%s", fmts[i]);
		free(s);
	}
	r.image_id = id;
	r.manifest_digest = mf;
	for (size_t i = 0; i < sizeof(fmts) / sizeof(fmts[0]); i++) {
		s = render(report_find(fmts[i]), &r);
		ck_assert_msg(strstr(s, id) != NULL, "%s lacks the id", fmts[i]);
		ck_assert_msg(strcmp(fmts[i], "markdown") == 0 ||
		    strstr(s, mf) != NULL, "%s lacks the manifest", fmts[i]);
		free(s);
	}
	s = render(&report_text, &r);
	ck_assert_ptr_nonnull(strstr(s, "\nimage id sha256:653a5acf0c93d8b2e3"
	    "ad47b16500dc1295b4fb76569dccaa0445a225ee516c70, manifest "
	    "sha256:03b39d3dca8f"));
	free(s);
	j = render_json(&report_json, &r);
	ck_assert_str_eq(json_string_value(json_object_get(json_object_get(j,
	    "target"), "image_id")), id);
	ck_assert_str_eq(json_string_value(json_object_get(json_object_get(j,
	    "target"), "manifest_digest")), mf);
	json_decref(j);
	j = render_json(&report_sarif, &r);
	ck_assert_str_eq(json_string_value(json_object_get(json_object_get(
	    json_array_get(json_object_get(j, "runs"), 0), "properties"),
	    "imageId")), id);
	json_decref(j);
}
END_TEST

/* --- text ----------------------------------------------------------- */

START_TEST(test_report_text_orders_fails_by_severity_and_sums_up)
{
	struct scan_report r = scan(7);
	char *s;
	char *crit, *low, *err, *pass;

	/* the terminal view lists failures, errors and waivers only */
	s = render(&report_text, &r);
	ck_assert_ptr_null(strstr(s, "PASS   [medium] rule-pass"));
	ck_assert_ptr_nonnull(strstr(s, "FAIL   [critical] rule-a"));
	ck_assert_ptr_nonnull(strstr(s, "--show-all lists them"));
	free(s);
	r.text_all = true;
	s = render(&report_text, &r);
	crit = strstr(s, "FAIL   [critical] rule-a");
	low = strstr(s, "FAIL   [low] rule-low");
	err = strstr(s, "ERROR  [high] rule-err");
	pass = strstr(s, "PASS   [medium] rule-pass");
	ck_assert_msg(crit && low && err && pass, "%s", s);
	ck_assert(crit < low);
	ck_assert(low < err);
	ck_assert(err < pass);
	ck_assert_ptr_nonnull(strstr(s, "\n      /etc/ssh/sshd_config: "
	    "second file\n"));
	ck_assert_ptr_nonnull(strstr(s, "\n7 rules: 1 passed, 3 failed "
	    "(1 critical, 1 medium, 1 low), 1 errors, 1 not applicable, "
	    "1 not checked\nverdict: FAIL (1 failing rule and 1 that could "
	    "not be evaluated at or above high)\n"));
	/* One line per evidence item, whatever the file name holds. */
	ck_assert_ptr_nonnull(strstr(s, "\n      /etc/a" FFFD FFFD FFFD
	    "]]></testcase>\\nb:12: found " FFFD "]0;x" FFFD
	    " (expected ]]>, found " FFFD FFFD ")\n"));
	/* No escape sequence from the target reaches the terminal. */
	ck_assert_ptr_null(strchr(s, '\033'));
	ck_assert_ptr_null(strchr(s, '\x01'));
	free(s);
	r.color = true;
	s = render(&report_text, &r);
	ck_assert_ptr_nonnull(strstr(s, "\033[31mFAIL  \033[0m"));
	free(s);
}
END_TEST

START_TEST(test_report_text_verdict_pass_and_none)
{
	struct scan_report r = scan(7);
	char *s;

	r.fail_on = SEV_CRITICAL;
	results[1].status = ST_PASS;
	scan_summarize(&r);
	s = render(&report_text, &r);
	ck_assert_ptr_nonnull(strstr(s, "verdict: pass (no failing rule at "
	    "or above critical)\n"));
	free(s);
	r.fail_on = -1;
	s = render(&report_text, &r);
	ck_assert_ptr_nonnull(strstr(s, "verdict: pass (--fail-on none)\n"));
	free(s);
}
END_TEST

/* --- a real plan: profiles and variables ---------------------------- */

START_TEST(test_report_plan_profiles_and_variables)
{
	static const char yaml[] =
	    "policy: demo\n"
	    "variables: {max_tries: 4}\n"
	    "rules:\n"
	    "  - id: r1\n"
	    "    title: R one\n"
	    "    severity: high\n"
	    "    check: {file: {path: /x, exists: false}}\n"
	    "profiles:\n"
	    "  - id: demo-l1\n"
	    "    title: Level 1\n"
	    "    select: [r1]\n";
	char *dir = tu_tmpdir();
	struct diag *d = diag_new();
	struct policy_set *ps = policy_set_new();
	const char *ids[] = { "demo-l1" };
	struct plan *p;
	struct scan_report r;
	json_t *j, *run;

	tu_write(dir, "demo/pack.yaml", yaml, 0644);
	ck_assert_int_eq(policy_load_path(ps, dir, &limits_default, d), 0);
	ck_assert_int_eq(policy_set_check(ps, d), 0);
	p = policy_compile(ps, ids, 1, NULL, 0, &limits_default, d);
	ck_assert_msg(p != NULL, "%s", diag_text(d, 0));
	ck_assert_uint_eq(plan_rule_count(p), 1);
	results[0].rule = NULL;		/* from the plan */
	results[0].status = ST_FAIL;
	r = scan_plan(1, p);
	j = render_json(&report_json, &r);
	ck_assert_str_eq(json_string_value(json_object_get(json_array_get(
	    json_object_get(j, "profiles"), 0), "id")), "demo-l1");
	ck_assert_str_eq(json_string_value(json_object_get(json_object_get(
	    j, "variables"), "max_tries")), "4");
	ck_assert_str_eq(json_string_value(json_object_get(json_array_get(
	    json_object_get(j, "results"), 0), "rule")), "r1");
	json_decref(j);
	j = render_json(&report_sarif, &r);
	run = sarif_run(j);
	ck_assert_str_eq(json_string_value(json_object_get(json_object_get(
	    run, "automationDetails"), "id")), "assay/demo-l1/");
	json_decref(j);
	plan_free(p);
	policy_set_free(ps);
	diag_free(d);
	tu_rmtree(dir);
	free(dir);
}
END_TEST


/* report_json_dump writes what jansson's json_dumpf writes, byte for
 * byte, for every flag the reporters use and every kind of value. */
/* An evidence line that starts with "PATH:LINE: " does not say where
 * again: " at PATH:LINE" and an OVAL test's ", at PATH:LINE" inside the
 * message are dropped, nothing else. */
START_TEST(test_report_evidence_text_says_the_place_once)
{
	static const struct {
		const char	*msg;
		const char	*want;
	} cases[] = {
		{ "PermitRootLogin yes at /etc/ssh/sshd_config:12",
		    "/etc/ssh/sshd_config:12: PermitRootLogin yes" },
		{ "textfilecontent54_test t: true (1 item, at "
		    "/etc/ssh/sshd_config:12)", "/etc/ssh/sshd_config:12: "
		    "textfilecontent54_test t: true (1 item)" },
		{ "value 3 at /etc/other:12", "/etc/ssh/sshd_config:12: "
		    "value 3 at /etc/other:12" },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct evidence e;
		struct strbuf b = STRBUF_INIT;

		memset(&e, 0, sizeof(e));
		e.path = (char *)"/etc/ssh/sshd_config";
		e.line = 12;
		e.layer = -1;
		e.message = (char *)cases[i].msg;
		report_evidence_text(&b, &e, true);
		ck_assert_str_eq(b.buf, cases[i].want);
		strbuf_release(&b);
	}
}
END_TEST

START_TEST(json_dump_as_jansson)
{
	static const size_t flags[] = {
		JSON_INDENT(2) | JSON_REAL_PRECISION(6), JSON_INDENT(2),
		JSON_INDENT(0), JSON_COMPACT, JSON_INDENT(4) | JSON_COMPACT,
		JSON_INDENT(31), JSON_REAL_PRECISION(17),
	};
	static const double reals[] = { 0.0, -0.0, 0.477, 3.0, 1e-07, 1e20,
	    123456789.0, -2.5e-300, 1.0 / 3.0 };
	json_t *root = json_object(), *a = json_array(), *o = json_object();
	char ctl[40];

	for (int c = 1; c < 32; c++)
		ctl[c - 1] = (char)c;
	memcpy(ctl + 31, "\"\\/\x7f\xc3\xa9", 7);
	ctl[38] = '\0';
	json_object_set_new(root, "controls", json_string(ctl));
	json_object_set_new(root, "utf-8 \xe2\x82\xac \xf0\x9f\x98\x80",
	    json_string("\xf0\x9f\x98\x80 \xe2\x80\xa8"));
	json_object_set_new(root, "empty", json_string(""));
	json_object_set_new(root, "ints", json_pack("[I, I, I]",
	    (json_int_t)0, (json_int_t)-42, (json_int_t)9007199254740993LL));
	for (size_t i = 0; i < sizeof(reals) / sizeof(reals[0]); i++)
		json_array_append_new(a, json_real(reals[i]));
	json_object_set_new(root, "reals", a);
	json_object_set_new(root, "nested", json_pack("{s:[], s:{}, s:[[], "
	    "{}, [1, {s:null}]], s:b, s:b, s:n}", "a", "o", "deep", "x", "t",
	    1, "f", 0, "nul"));
	json_object_set_new(o, "z", json_integer(1));
	json_object_set_new(o, "a", json_integer(2));
	json_object_set_new(root, "insertion order", o);
	for (size_t i = 0; i < sizeof(flags) / sizeof(flags[0]); i++) {
		char *want = json_dumps(root, flags[i]), *got = NULL;
		size_t n = 0;
		FILE *fp = open_memstream(&got, &n);

		ck_assert_ptr_nonnull(want);
		ck_assert_ptr_nonnull(fp);
		ck_assert_int_eq(report_json_dump(root, fp, flags[i]), 0);
		fclose(fp);
		ck_assert_uint_eq(n, strlen(want) + 1);
		ck_assert_int_eq(got[n - 1], '\n');
		got[n - 1] = '\0';
		ck_assert_str_eq(got, want);
		free(want);
		free(got);
	}
	json_decref(root);
}
END_TEST

static Suite *
report_suite(void)
{
	Suite *s = suite_create("report");
	TCase *tc = tcase_create("core");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_loop_test(tc,
	    test_report_sanitize_replaces_invalid_and_controls, 0,
	    sizeof(sanitize_rows) / sizeof(sanitize_rows[0]));
	tcase_add_loop_test(tc,
	    test_report_severity_maps_to_sarif_level_and_score, 0,
	    sizeof(sev_rows) / sizeof(sev_rows[0]));
	tcase_add_test(tc, test_report_find_knows_each_format);
	tcase_add_test(tc, test_report_summarize_counts_status_and_severity);
	tcase_add_test(tc, test_report_json_has_contract_keys);
	tcase_add_test(tc, json_dump_as_jansson);
	tcase_add_test(tc, test_report_evidence_text_says_the_place_once);
	tcase_add_test(tc, test_report_json_is_deterministic);
	tcase_add_test(tc,
	    test_report_sarif_rules_once_results_only_for_fails);
	tcase_add_test(tc,
	    test_report_sarif_locations_are_encoded_relative_uris);
	tcase_add_test(tc, test_report_sarif_rule_descriptor_for_github);
	tcase_add_test(tc,
	    test_report_sarif_fingerprint_ignores_lines_and_digits);
	tcase_add_test(tc, test_report_sarif_caps_results_per_rule);
	tcase_add_test(tc, test_report_junit_counts_match_results);
	tcase_add_test(tc, test_report_junit_validates_against_ant_schema);
	tcase_add_test(tc,
	    test_report_text_orders_fails_by_severity_and_sums_up);
	tcase_add_test(tc, test_report_text_verdict_pass_and_none);
	tcase_add_test(tc, test_report_evidence_names_its_layer);
	tcase_add_test(tc, test_report_names_the_image_scanned);
	tcase_add_test(tc, test_report_plan_profiles_and_variables);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return tu_run_suite(report_suite());
}
