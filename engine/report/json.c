/*
 * json.c -- the JSON report, the machine-readable contract of DESIGN.md.
 *
 * One object: tool, target, profiles, variables, one entry per rule in
 * plan order, the summary, the --fail-on verdict and the timing. Fields
 * that have no value are left out rather than written as null, so a
 * consumer can test for presence. jansson keeps keys in insertion order,
 * so the same scan always gives the same bytes (apart from the times).
 * json_string() returns NULL on invalid UTF-8; every string goes through
 * report_str() first, so that cannot happen.
 */
#include "config.h"

#include <stdlib.h>

#include <jansson.h>

#include "assay/report.h"
#include "assay/xmem.h"

#include "report_private.h"

/* A JSON string of the sanitized S; S must not be NULL. */
static json_t *
jstr(const char *s)
{
	char *t = report_str(s);
	json_t *j = json_string(t);

	free(t);
	if (j == NULL) {
		/* Only out of memory gets here: report_str gives UTF-8. */
		fputs("assay: out of memory\n", stderr);
		exit(2);
	}
	return j;
}

/* Set KEY to the sanitized S unless S is NULL. */
static void
set_str(json_t *o, const char *key, const char *s)
{
	if (s != NULL)
		json_object_set_new(o, key, jstr(s));
}

/* {key: value} per reference; a key that repeats gets an array. */
static json_t *
references_json(const struct rule *rule)
{
	json_t *o = json_object();

	for (size_t i = 0; i < rule->nrefs; i++) {
		char *key = report_str(rule->refs[i].key);
		json_t *old = json_object_get(o, key);
		json_t *val = jstr(rule->refs[i].value);

		if (old == NULL)
			json_object_set_new(o, key, val);
		else if (json_is_array(old))
			json_array_append_new(old, val);
		else {
			json_t *a = json_array();

			json_array_append(a, old);
			json_array_append_new(a, val);
			json_object_set_new(o, key, a);
		}
		free(key);
	}
	return o;
}

static json_t *
evidence_json(const struct evidence *e)
{
	json_t *o = json_object();

	set_str(o, "path", e->path);
	if (e->line > 0)
		json_object_set_new(o, "line", json_integer(e->line));
	set_str(o, "message", e->message);
	set_str(o, "expected", e->expected);
	set_str(o, "found", e->found);
	return o;
}

static json_t *
result_json(const struct rule *rule, const struct result *res)
{
	json_t *o = json_object();
	json_t *tags = json_array();
	json_t *ev = json_array();

	set_str(o, "rule", rule->id);
	set_str(o, "title", rule->title);
	json_object_set_new(o, "severity",
	    json_string(severity_str(rule->severity)));
	json_object_set_new(o, "status", json_string(status_str(res->status)));
	set_str(o, "message", res->message);
	json_object_set_new(o, "references", references_json(rule));
	for (size_t i = 0; i < rule->ntags; i++)
		json_array_append_new(tags, jstr(rule->tags[i]));
	json_object_set_new(o, "tags", tags);
	for (size_t i = 0; i < res->ev.n; i++)
		json_array_append_new(ev, evidence_json(&res->ev.v[i]));
	json_object_set_new(o, "evidence", ev);
	if (res->ev.dropped > 0)
		json_object_set_new(o, "evidence_dropped",
		    json_integer((json_int_t)res->ev.dropped));
	return o;
}

json_t *
report_summary_json(const struct summary *sum)
{
	json_t *o = json_object();
	json_t *sev = json_object();

	json_object_set_new(o, "total", json_integer((json_int_t)sum->total));
	for (int s = 0; s < ST__COUNT; s++)
		json_object_set_new(o, status_str((enum status)s),
		    json_integer((json_int_t)sum->count[s]));
	for (int s = SEV__COUNT - 1; s >= 0; s--)
		json_object_set_new(sev, severity_str((enum severity)s),
		    json_integer((json_int_t)sum->fail_by_sev[s]));
	json_object_set_new(o, "fail_by_severity", sev);
	return o;
}

static json_t *
profiles_json(const struct plan *p)
{
	json_t *a = json_array();

	for (size_t i = 0; p != NULL && i < plan_profile_count(p); i++) {
		const struct profile *pr = plan_profile(p, i);
		json_t *o = json_object();

		set_str(o, "id", pr->id);
		set_str(o, "title", pr->title);
		json_array_append_new(a, o);
	}
	return a;
}

static json_t *
variables_json(const struct plan *p)
{
	json_t *o = json_object();

	for (size_t i = 0; p != NULL && i < plan_var_count(p); i++) {
		const char *name, *value;
		char *key;

		plan_var(p, i, &name, &value);
		key = report_str(name);
		json_object_set_new(o, key, jstr(value != NULL ? value : ""));
		free(key);
	}
	return o;
}

static json_t *
report_json_build(const struct scan_report *r)
{
	json_t *root = json_object();
	json_t *tool = json_object();
	json_t *target = json_object();
	json_t *results = json_array();

	json_object_set_new(tool, "name", json_string("assay"));
	set_str(tool, "version", r->tool_version);
	json_object_set_new(root, "tool", tool);
	set_str(target, "path", r->target_path);
	set_str(target, "kind", r->target_kind);
	json_object_set_new(root, "target", target);
	json_object_set_new(root, "profiles", profiles_json(r->plan));
	json_object_set_new(root, "variables", variables_json(r->plan));
	for (size_t i = 0; i < r->nresults; i++)
		json_array_append_new(results,
		    result_json(report_rule(r, i), &r->results[i]));
	json_object_set_new(root, "results", results);
	json_object_set_new(root, "summary", report_summary_json(&r->sum));
	json_object_set_new(root, "fail_on",
	    json_string(report_fail_on_str(r)));
	json_object_set_new(root, "exit_code", json_integer(r->exit_code));
	set_str(root, "started", r->started);
	set_str(root, "finished", r->finished);
	json_object_set_new(root, "duration", json_real(r->duration));
	return root;
}

static int
json_write(const struct scan_report *r, FILE *fp, struct diag *d)
{
	json_t *root = report_json_build(r);
	int rc = json_dumpf(root, fp, JSON_INDENT(2) | JSON_REAL_PRECISION(6));

	json_decref(root);
	if (rc == 0 && fputc('\n', fp) != EOF)
		return 0;
	diag_add(d, NULL, "json: cannot write the report");
	return -1;
}

const struct report_ops report_json = {
	.name = "json",
	.write = json_write,
};
