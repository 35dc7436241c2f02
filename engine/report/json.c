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

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "assay/baseline.h"
#include "assay/strbuf.h"
#include "assay/report.h"
#include "assay/tailoring.h"
#include "assay/waiver.h"
#include "assay/xmem.h"

#include "report_private.h"

/* A JSON string of the sanitized S; S must not be NULL. */
static json_t *
jstr(const char *s)
{
	char *t = report_str(s);
	/* report_str gives UTF-8: not validated a second time */
	json_t *j = json_stringn_nocheck(t, strlen(t));

	free(t);
	if (j == NULL) {
		/* Only out of memory gets here: report_str gives UTF-8. */
		xmem_oom();
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
	set_str(o, "kind", evidence_kind_str(e->kind));
	if (e->layer >= 0) {
		json_object_set_new(o, "layer", json_integer(e->layer));
		set_str(o, "created_by", e->layer_step);
	}
	if (e->waiver != NULL)
		json_object_set_new(o, "waived", json_true());
	if (e->baseline != BASELINE_NONE)
		json_object_set_new(o, "baseline",
		    json_string(baseline_state_str(e->baseline)));
	return o;
}

/* A waiver and where it is, for results and the waivers lists. */
static json_t *
waiver_json(const struct waiver *w)
{
	json_t *o = json_object();

	set_str(o, "rule", w->rule);
	set_str(o, "path", w->path);
	set_str(o, "justification", w->justification);
	set_str(o, "owner", w->owner);
	set_str(o, "expires", w->expires);
	set_str(o, "reference", w->reference);
	set_str(o, "file", w->at.file);
	json_object_set_new(o, "line", json_integer(w->at.line));
	return o;
}

/*
 * The reports' JSON is written as jansson's json_dumps() writes it, byte
 * for byte, for the flags the reports use (JSON_INDENT(n) and
 * JSON_REAL_PRECISION(p); jansson 2.14's dump.c and strconv.c), into one
 * buffer. jansson hands every token to a callback and checks every
 * container for a cycle through a hash table keyed by its printed
 * address: 8% of an SSG data stream scan. The trees here are the
 * reporters' own, built without cycles, and their strings are UTF-8
 * (report_str), so a byte is escaped exactly when jansson escapes the
 * code point: '"', '\\' and the controls below 0x20.
 */
static void
dump_string(struct strbuf *b, const char *s, size_t len)
{
	static const char hex[] = "0123456789ABCDEF";
	const char *run = s, *end = s + len;

	strbuf_addch(b, '"');
	for (const char *p = s; p < end; p++) {
		unsigned char c = (unsigned char)*p;
		char u[7] = "\\u00";
		const char *e;

		if (c >= 0x20 && c != '"' && c != '\\')
			continue;
		strbuf_add(b, run, (size_t)(p - run));
		run = p + 1;
		e = c == '"' ? "\\\"" : c == '\\' ? "\\\\" : c == '\b' ? "\\b" :
		    c == '\f' ? "\\f" : c == '\n' ? "\\n" : c == '\r' ? "\\r" :
		    c == '\t' ? "\\t" : NULL;
		if (e != NULL)
			strbuf_addstr(b, e);
		else {
			u[4] = hex[c >> 4];
			u[5] = hex[c & 0xf];
			strbuf_add(b, u, 6);
		}
	}
	strbuf_add(b, run, (size_t)(end - run));
	strbuf_addch(b, '"');
}

/* A line break and DEPTH indents; with no indent, the one space after a
 * comma (SPACE) unless JSON_COMPACT. */
static void
dump_indent(struct strbuf *b, size_t flags, unsigned depth, bool space)
{
	static const char spaces[] = "                                ";
	size_t n = (size_t)(flags & JSON_MAX_INDENT) * depth;

	if ((flags & JSON_MAX_INDENT) == 0) {
		if (space && !(flags & JSON_COMPACT))
			strbuf_addch(b, ' ');
		return;
	}
	strbuf_addch(b, '\n');
	while (n > 0) {
		size_t k = n < sizeof(spaces) - 1 ? n : sizeof(spaces) - 1;

		strbuf_add(b, spaces, k);
		n -= k;
	}
}

/* jansson's jsonp_dtostr: "%.*g", ".0" when neither '.' nor 'e' shows,
 * and no '+' or leading zero in the exponent */
static void
dump_real(struct strbuf *b, double v, size_t flags)
{
	int prec = (int)((flags >> 11) & 0x1F);
	char buf[64], *e;
	size_t n;

	(void)snprintf(buf, sizeof(buf) - 3, "%.*g", prec != 0 ? prec : 17,
	    v);
	n = strlen(buf);
	if (strchr(buf, '.') == NULL && strchr(buf, 'e') == NULL) {
		memcpy(buf + n, ".0", 3);
		n += 2;
	}
	if ((e = strchr(buf, 'e')) != NULL) {
		char *start = e + 1, *end = e + 2;

		if (*start == '-')
			start++;
		while (*end == '0')
			end++;
		if (end != start) {
			memmove(start, end, n - (size_t)(end - buf) + 1);
			n -= (size_t)(end - start);
		}
	}
	strbuf_add(b, buf, n);
}

static void
dump_value(struct strbuf *b, const json_t *j, size_t flags, unsigned depth)
{
	switch (json_typeof(j)) {
	case JSON_NULL:
		strbuf_addstr(b, "null");
		break;
	case JSON_TRUE:
		strbuf_addstr(b, "true");
		break;
	case JSON_FALSE:
		strbuf_addstr(b, "false");
		break;
	case JSON_INTEGER:
		strbuf_addf(b, "%" JSON_INTEGER_FORMAT, json_integer_value(j));
		break;
	case JSON_REAL:
		dump_real(b, json_real_value(j), flags);
		break;
	case JSON_STRING:
		dump_string(b, json_string_value(j), json_string_length(j));
		break;
	case JSON_ARRAY: {
		size_t n = json_array_size(j);

		strbuf_addch(b, '[');
		for (size_t i = 0; i < n; i++) {
			if (i > 0)
				strbuf_addch(b, ',');
			dump_indent(b, flags, depth + 1, i > 0);
			dump_value(b, json_array_get(j, i), flags, depth + 1);
		}
		if (n > 0)
			dump_indent(b, flags, depth, false);
		strbuf_addch(b, ']');
		break;
	}
	case JSON_OBJECT: {
		void *it = json_object_iter((json_t *)j);
		bool any = it != NULL;

		strbuf_addch(b, '{');
		for (bool first = true; it != NULL;
		    it = json_object_iter_next((json_t *)j, it), first = false) {
			if (!first)
				strbuf_addch(b, ',');
			dump_indent(b, flags, depth + 1, !first);
			dump_string(b, json_object_iter_key(it),
			    json_object_iter_key_len(it));
			strbuf_addstr(b, (flags & JSON_COMPACT) ? ":" : ": ");
			dump_value(b, json_object_iter_value(it), flags,
			    depth + 1);
		}
		if (any)
			dump_indent(b, flags, depth, false);
		strbuf_addch(b, '}');
		break;
	}
	}
}

int
report_json_dump(const json_t *root, FILE *fp, size_t flags)
{
	struct strbuf b = STRBUF_INIT;
	int rc = -1;

	dump_value(&b, root, flags, 0);
	strbuf_addch(&b, '\n');
	if (fwrite(b.buf, 1, b.len, fp) == b.len)
		rc = 0;
	strbuf_release(&b);
	return rc;
}

/* {"applied": [...], "expired": [...], "stale": [...]}. */
static json_t *
waivers_json(const struct waiver_set *ws)
{
	json_t *lists[3] = { json_array(), json_array(), json_array() };
	static const enum waiver_state order[3] = {
		WAIVER_APPLIED, WAIVER_EXPIRED, WAIVER_STALE,
	};
	json_t *o = json_object();

	set_str(o, "file", waiver_file(ws));
	for (size_t i = 0; i < waiver_count(ws); i++) {
		const struct waiver *w = waiver_get(ws, i);
		json_t *wj = waiver_json(w);

		if (w->state == WAIVER_APPLIED)
			json_object_set_new(wj, "findings",
			    json_integer((json_int_t)w->nwaived));
		for (size_t k = 0; k < 3; k++)
			if (order[k] == w->state)
				json_array_append(lists[k], wj);
		json_decref(wj);
	}
	for (size_t k = 0; k < 3; k++)
		json_object_set_new(o, waiver_state_str(order[k]), lists[k]);
	return o;
}

static json_t *
tailoring_json(const struct tailoring *t)
{
	const struct tailoring_info *ti = tailoring_info(t);
	json_t *o = json_object();
	json_t *changes = json_array();

	set_str(o, "id", ti->id);
	set_str(o, "title", ti->title);
	set_str(o, "extends", ti->extends);
	set_str(o, "reason", ti->reason);
	set_str(o, "file", ti->file);
	for (size_t i = 0; i < ti->nchanges; i++) {
		const struct tailor_change *c = &ti->changes[i];
		json_t *cj = json_object();

		json_object_set_new(cj, "change",
		    json_string(tailor_kind_str(c->kind)));
		set_str(cj, c->kind == TAILOR_VARIABLE ? "variable" : "rule",
		    c->target);
		set_str(cj, c->kind == TAILOR_SEVERITY ? "severity" : "value",
		    c->value);
		set_str(cj, "reason", c->reason);
		json_object_set_new(cj, "line", json_integer(c->at.line));
		json_array_append_new(changes, cj);
	}
	json_object_set_new(o, "changes", changes);
	return o;
}

static json_t *
baseline_json(const struct baseline *b)
{
	json_t *o = json_object();
	json_t *fixed = json_array();

	set_str(o, "path", baseline_path(b));
	set_str(o, "format", baseline_format(b));
	json_object_set_new(o, "new",
	    json_integer((json_int_t)baseline_new_count(b)));
	json_object_set_new(o, "unchanged",
	    json_integer((json_int_t)baseline_unchanged_count(b)));
	for (size_t i = 0; i < baseline_fixed_count(b); i++) {
		const struct baseline_finding *f = baseline_fixed(b, i);
		json_t *fj = json_object();

		set_str(fj, "rule", f->rule);
		set_str(fj, "path", f->path);
		set_str(fj, "message", f->message);
		json_array_append_new(fixed, fj);
	}
	json_object_set_new(o, "fixed", fixed);
	return o;
}

static json_t *
result_json(const struct scan_report *r, size_t i)
{
	const struct rule *rule = report_rule(r, i);
	const struct result *res = &r->results[i];
	json_t *o = json_object();
	json_t *tags = json_array();
	json_t *ev = json_array();

	set_str(o, "rule", rule->id);
	set_str(o, "title", rule->title);
	json_object_set_new(o, "severity",
	    json_string(severity_str(scan_severity(r, i))));
	json_object_set_new(o, "status", json_string(status_str(res->status)));
	set_str(o, "message", res->message);
	if (res->waiver != NULL)
		json_object_set_new(o, "waiver", waiver_json(res->waiver));
	set_str(o, "note", res->note);
	if (res->baseline != BASELINE_NONE)
		json_object_set_new(o, "baseline",
		    json_string(baseline_state_str(res->baseline)));
	json_object_set_new(o, "references", references_json(rule));
	for (size_t k = 0; k < rule->ntags; k++)
		json_array_append_new(tags, jstr(rule->tags[k]));
	json_object_set_new(o, "tags", tags);
	for (size_t k = 0; k < res->ev.n; k++)
		json_array_append_new(ev, evidence_json(&res->ev.v[k]));
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
		set_str(o, "pack", pr->pack->id);
		set_str(o, "pack_version", pr->pack->version);
		json_array_append_new(a, o);
	}
	return a;
}

/* The packs of the evaluated rules: id, version, title and the
 * benchmark each implements (with its version). */
static json_t *
packs_json(const struct scan_report *r)
{
	const struct pack **v = report_packs(r);
	json_t *a = json_array();

	for (size_t i = 0; v[i] != NULL; i++) {
		json_t *o = json_object();

		set_str(o, "id", v[i]->id);
		set_str(o, "version", v[i]->version);
		set_str(o, "title", v[i]->title);
		set_str(o, "benchmark", v[i]->benchmark);
		json_array_append_new(a, o);
	}
	free(v);
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
	if (r->target_describe != NULL)
		set_str(target, "description", r->target_describe);
	set_str(target, "image_id", r->image_id);
	set_str(target, "manifest_digest", r->manifest_digest);
	json_object_set_new(root, "target", target);
	json_object_set_new(root, "profiles", profiles_json(r->plan));
	json_object_set_new(root, "packs", packs_json(r));
	json_object_set_new(root, "variables", variables_json(r->plan));
	if (r->tailoring != NULL)
		json_object_set_new(root, "tailoring",
		    tailoring_json(r->tailoring));
	for (size_t i = 0; i < r->nresults; i++)
		json_array_append_new(results, result_json(r, i));
	json_object_set_new(root, "results", results);
	json_object_set_new(root, "summary", report_summary_json(&r->sum));
	if (r->waivers != NULL)
		json_object_set_new(root, "waivers", waivers_json(r->waivers));
	if (r->baseline != NULL)
		json_object_set_new(root, "baseline",
		    baseline_json(r->baseline));
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
	int rc = report_json_dump(root, fp,
	    JSON_INDENT(2) | JSON_REAL_PRECISION(6));

	if (!r->leave_to_exit)
		json_decref(root);
	if (rc == 0)
		return 0;
	diag_add(d, NULL, "json: cannot write the report");
	return -1;
}

const struct report_ops report_json = {
	.name = "json",
	.write = json_write,
};
