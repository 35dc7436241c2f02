/*
 * merge.c -- `assay merge REPORT.json...`: the JSON reports of many scans
 * (one per image or host of a fleet) as one SARIF file (one run per
 * target), one JUnit file (one testsuite per target), one HTML fleet page
 * (targets x verdicts, worst first, each linked to its own report), a
 * Markdown summary, a text table and a JSON fleet summary, gated with one
 * --fail-on over the union.
 *
 * Reports come from other machines (a pod per image, a CI matrix job):
 * each is read whole through hostfile_read() with limits.merge_report_bytes
 * as the cap, parsed by jansson (which refuses invalid UTF-8 and, with
 * JSON_REJECT_DUPLICATES, repeated keys), and checked against the JSON
 * contract of docs/reports.md before anything is taken from it: tool.name
 * "assay", a target with a path, results whose rule, severity and status
 * are known values, a summary object. A report that fails is named with
 * the reason, exit 2, and no output file is left.
 *
 * Memory stays flat in the number of reports: each report is parsed
 * (its jansson blocks from an arena reused report after report),
 * summarized (struct mtarget, a few hundred bytes) and written as its
 * SARIF run and JUnit suite straight to the output files (no jansson tree
 * is built for them), then freed, before the next is read; the fleet
 * tables (text, JSON, HTML, Markdown) are written from the summaries at
 * the end. Output files of a merge that fails are removed; SARIF or JUnit
 * on stdout cannot be taken back, so then a first pass checks every
 * report and a second parses each again to write it. bench/merge-run
 * measures time and peak RSS for 1,000 reports: parsing is most of it.
 */
#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>

#include "assay/hostfile.h"
#include "assay/limits.h"
#include "assay/merge.h"
#include "assay/policy.h"
#include "assay/report.h"
#include "assay/result.h"
#include "assay/strbuf.h"
#include "assay/util.h"
#include "assay/xmem.h"

/* As the scan's SARIF (sarif.c): GitHub's limits. */
#define M_DESC_MAX		1024
#define M_NAME_MAX		255
#define M_PATHS_PER_RULE	100
#define M_RESULTS_MAX		25000
#define M_MESSAGE_MAX		4096
#define M_SCHEMA	"https://json.schemastore.org/sarif-2.1.0.json"
#define M_BASE		"TARGETROOT"
/* Bytes of a target name shown in a table cell or used as a category. */
#define M_NAME_SHOWN		200

static const char *const merge_formats[] = {
	"text", "json", "sarif", "junit", "html", "markdown",
};

/* What the fleet outputs keep of one report. */
struct mtarget {
	char		*file;		/* the report file as given */
	char		*link;		/* its .html sibling if any, else FILE */
	char		*name;		/* target.path */
	char		*kind;		/* target.kind, or "" */
	char		*category;	/* unique SARIF category part */
	char		*started;	/* started, or NULL */
	double		 duration;
	size_t		 count[ST__COUNT];
	size_t		 fail_by_sev[SEV__COUNT];
	size_t		 gating;	/* fail or error at or above fail_on */
	int		 worst;		/* worst failing severity, -1 none */
};

struct merge {
	const struct merge_options	*o;
	struct diag			*d;
	struct mtarget			*t;
	size_t				 nt;
	size_t				 total[ST__COUNT];
	size_t				 gating;	/* targets failing */
};

bool
merge_format_ok(const char *name)
{
	for (size_t i = 0; i < sizeof(merge_formats) /
	    sizeof(merge_formats[0]); i++)
		if (strcmp(name, merge_formats[i]) == 0)
			return true;
	return false;
}

static int
status_parse(const char *s, enum status *out)
{
	for (int i = 0; i < ST__COUNT; i++) {
		if (strcmp(s, status_str((enum status)i)) == 0) {
			*out = (enum status)i;
			return 0;
		}
	}
	return -1;
}

/* The string at KEY of object O, or NULL when absent or not a string. */
static const char *
jget_str(const json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

/*
 * jansson's allocations while a report is parsed come from a bump arena,
 * reset once that report's tree is freed: a tree is tens of thousands of
 * small blocks, and malloc + free of them was a fifth of a merge's time
 * (bench/merge-run). jansson's allocator is process-wide, so the arena
 * serves only inside json_loadb() (jarena.on); every other block is
 * malloc'd, and jarena_free() frees what no chunk holds. Reports whose
 * tree outgrows the chunks get malloc'd blocks for the rest. Under
 * AddressSanitizer the arena is off, so ASan still sees each block.
 */
#define JARENA_CHUNK	(1u << 20)
#define JARENA_CHUNKS	64

#if defined(__SANITIZE_ADDRESS__)
#define JARENA_ENABLED	0
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define JARENA_ENABLED	0
#endif
#endif
#ifndef JARENA_ENABLED
#define JARENA_ENABLED	1
#endif

static struct {
	char	*chunk[JARENA_CHUNKS];
	size_t	 nchunks;
	size_t	 cur;		/* chunk being filled */
	size_t	 used;		/* bytes of it used */
	bool	 on;
} jarena;

static void *
jarena_alloc(size_t size)
{
	size_t need = (size + 15) & ~(size_t)15;

	if (!jarena.on || need < size || need > JARENA_CHUNK)
		return malloc(size);
	if (jarena.nchunks > 0 && jarena.used + need > JARENA_CHUNK) {
		jarena.cur++;
		jarena.used = 0;
	}
	if (jarena.cur == jarena.nchunks) {
		if (jarena.nchunks == JARENA_CHUNKS)
			return malloc(size);
		jarena.chunk[jarena.nchunks++] = xmalloc(JARENA_CHUNK);
	}
	jarena.used += need;
	return jarena.chunk[jarena.cur] + jarena.used - need;
}

static void
jarena_free(void *p)
{
	for (size_t i = 0; i < jarena.nchunks; i++)
		if ((char *)p >= jarena.chunk[i] &&
		    (char *)p < jarena.chunk[i] + JARENA_CHUNK)
			return;
	free(p);
}

/* Use the arena for jansson's blocks until jarena_end(). */
static void
jarena_begin(json_malloc_t *oldm, json_free_t *oldf)
{
	json_get_alloc_funcs(oldm, oldf);
	json_set_alloc_funcs(jarena_alloc, jarena_free);
}

static void
jarena_end(json_malloc_t oldm, json_free_t oldf)
{
	json_set_alloc_funcs(oldm, oldf);
	for (size_t i = 0; i < jarena.nchunks; i++)
		free(jarena.chunk[i]);
	memset(&jarena, 0, sizeof(jarena));
}

/* Read and parse report FILE: the root object, or NULL with D. The tree
 * of the previous report must have been freed (its arena is reused). */
static json_t *
load_report(const struct merge *m, const char *file)
{
	char *buf;
	size_t len;
	json_error_t err;
	json_t *root;

	switch (hostfile_read(file, m->o->lim->merge_report_bytes, true,
	    &buf, &len)) {
	case HOSTFILE_OK:
		break;
	case HOSTFILE_TOO_BIG:
		diag_add(m->d, NULL, "%s: larger than %zu bytes", file,
		    m->o->lim->merge_report_bytes);
		return NULL;
	case HOSTFILE_NOT_REGULAR:
		diag_add(m->d, NULL, "%s: not a regular file", file);
		return NULL;
	default:
		diag_add(m->d, NULL, "%s: %s", file, diag_errno(errno));
		return NULL;
	}
	jarena.cur = 0;
	jarena.used = 0;
	jarena.on = JARENA_ENABLED;
	root = json_loadb(buf, len, JSON_REJECT_DUPLICATES, &err);
	jarena.on = false;
	free(buf);
	if (root == NULL) {
		diag_add(m->d, NULL, "%s:%d:%d: not JSON: %s", file, err.line,
		    err.column, err.text);
		return NULL;
	}
	return root;
}

/* Check ROOT against the JSON contract (docs/reports.md); 0, or -1 with
 * the first thing wrong in D. */
static int
check_report(const struct merge *m, const char *file, const json_t *root)
{
	const json_t *tool = json_object_get(root, "tool");
	const json_t *target = json_object_get(root, "target");
	const json_t *results = json_object_get(root, "results");
	const char *why = NULL;
	char *where = NULL;
	size_t i;
	const json_t *r;

	if (!json_is_object(root))
		why = "not an assay JSON report (not a JSON object)";
	else if (json_object_get(root, "runs") != NULL)
		why = "a SARIF file, not an assay JSON report (merge reads "
		    "`assay scan --format json` reports)";
	else if (!json_is_object(tool) ||
	    jget_str(tool, "name") == NULL ||
	    strcmp(jget_str(tool, "name"), "assay") != 0)
		why = "not an assay JSON report (tool.name is not \"assay\")";
	else if (jget_str(tool, "version") == NULL)
		why = "not an assay JSON report (no tool.version)";
	else if (!json_is_object(target) ||
	    jget_str(target, "path") == NULL)
		why = "not an assay JSON report (no target.path)";
	else if (!json_is_array(results))
		why = "not an assay JSON report (no results array)";
	else if (!json_is_object(json_object_get(root, "summary")))
		why = "not an assay JSON report (no summary object)";
	if (why != NULL) {
		diag_add(m->d, NULL, "%s: %s", file, why);
		return -1;
	}
	json_array_foreach(results, i, r) {
		const char *sev = jget_str(r, "severity");
		const char *st = jget_str(r, "status");
		enum severity s = SEV_INFO;
		enum status t;

		if (!json_is_object(r))
			why = "not an object";
		else if (jget_str(r, "rule") == NULL)
			why = "no rule id";
		else if (sev == NULL || severity_parse(sev, &s) != 0)
			why = "severity is not info, low, medium, high or "
			    "critical";
		else if (st == NULL || status_parse(st, &t) != 0)
			why = "status is not pass, fail, error, "
			    "notapplicable, notchecked or waived";
		else if (!json_is_array(json_object_get(r, "evidence")))
			why = "no evidence array";
		if (why != NULL) {
			where = xasprintf("results[%zu]", i);
			break;
		}
	}
	if (why == NULL)
		return 0;
	diag_add(m->d, NULL, "%s: %s: %s", file, where, why);
	free(where);
	return -1;
}

/* "dir/x.json" -> "dir/x.html" when that file exists, else FILE. */
static char *
report_link(const char *file)
{
	size_t n = strlen(file);
	char *html;

	if (n > 5 && strcmp(file + n - 5, ".json") == 0) {
		html = xasprintf("%.*s.html", (int)(n - 5), file);
		if (hostfile_kind(html, true) == HOSTFILE_REG)
			return html;
		free(html);
	}
	return xstrdup(file);
}

/* A category part for target I: its name, '/' and controls as '_', cut
 * at M_NAME_SHOWN bytes, with "-N" when an earlier target had it. */
static char *
category_of(const char *name, json_t *seen)
{
	struct strbuf b = STRBUF_INIT;
	char *c;
	json_int_t n;

	for (const char *p = name; *p != '\0' && b.len < M_NAME_SHOWN; p++)
		(void)strbuf_addch(&b, *p == '/' || (unsigned char)*p < 0x20 ?
		    '_' : *p);
	if (b.len == 0)
		(void)strbuf_addch(&b, '_');
	n = json_integer_value(json_object_get(seen, b.buf));
	json_object_set_new(seen, b.buf, json_integer(n + 1));
	if (n > 0)
		(void)strbuf_addf(&b, "-%" JSON_INTEGER_FORMAT, n + 1);
	c = strbuf_detach(&b);
	return c;
}

/* Report FILE read, parsed and checked: its root, or NULL with D. */
static json_t *
read_checked(const struct merge *m, const char *file)
{
	json_t *root = load_report(m, file);

	if (root != NULL && check_report(m, file, root) != 0) {
		json_decref(root);
		root = NULL;
	}
	return root;
}

/* Keep what the fleet outputs need of checked report ROOT in T. */
static void
summarize(struct merge *m, const char *file, const json_t *root,
    struct mtarget *t, json_t *seen)
{
	const json_t *target = json_object_get(root, "target");
	const json_t *r;
	size_t i;

	t->file = xstrdup(file);
	t->link = report_link(file);
	t->name = xstrdup(jget_str(target, "path"));
	t->kind = xstrdup(jget_str(target, "kind") != NULL ?
	    jget_str(target, "kind") : "");
	t->category = category_of(t->name, seen);
	t->started = jget_str(root, "started") != NULL ?
	    xstrdup(jget_str(root, "started")) : NULL;
	t->duration = json_number_value(json_object_get(root, "duration"));
	t->worst = -1;
	json_array_foreach(json_object_get(root, "results"), i, r) {
		enum severity s = SEV_INFO;
		enum status st = ST_PASS;

		(void)severity_parse(jget_str(r, "severity"), &s);
		(void)status_parse(jget_str(r, "status"), &st);
		t->count[st]++;
		m->total[st]++;
		if (st == ST_FAIL) {
			t->fail_by_sev[s]++;
			if ((int)s > t->worst)
				t->worst = (int)s;
		}
		if ((st == ST_FAIL || st == ST_ERROR) && m->o->fail_on >= 0 &&
		    (int)s >= m->o->fail_on)
			t->gating++;
	}
	if (t->gating > 0)
		m->gating++;
}

static void
mtarget_release(struct mtarget *t)
{
	free(t->file);
	free(t->link);
	free(t->name);
	free(t->kind);
	free(t->category);
	free(t->started);
}

/* Worst first: failing the gate, then the worst failing severity, then
 * the failures at each severity from critical down, then errors, then
 * the name. */
static int
worst_first(const void *a, const void *b)
{
	const struct mtarget *x = a, *y = b;

	if ((x->gating > 0) != (y->gating > 0))
		return x->gating > 0 ? -1 : 1;
	if (x->worst != y->worst)
		return x->worst > y->worst ? -1 : 1;
	for (int s = SEV__COUNT - 1; s >= 0; s--)
		if (x->fail_by_sev[s] != y->fail_by_sev[s])
			return x->fail_by_sev[s] > y->fail_by_sev[s] ? -1 : 1;
	if (x->count[ST_ERROR] != y->count[ST_ERROR])
		return x->count[ST_ERROR] > y->count[ST_ERROR] ? -1 : 1;
	return strcmp(x->name, y->name);
}

static const char *
fail_on_str(const struct merge *m)
{
	return m->o->fail_on < 0 ? "none" :
	    severity_str((enum severity)m->o->fail_on);
}

/* A target's verdict: FAIL when a rule fails or errs at or above
 * --fail-on, else PASS. */
static const char *
verdict(const struct mtarget *t)
{
	if (t->gating > 0)
		return "FAIL";
	return "PASS";
}

/* ---- text ---- */

static void
write_text(const struct merge *m, FILE *fp)
{
	fprintf(fp, "%-7s %5s %5s %5s %5s %5s %6s  %s\n", "VERDICT", "CRIT",
	    "HIGH", "MED", "LOW", "INFO", "ERRORS", "TARGET");
	for (size_t i = 0; i < m->nt; i++) {
		const struct mtarget *t = &m->t[i];
		char *name = report_sanitize(t->name, strlen(t->name));

		fprintf(fp, "%-7s %5zu %5zu %5zu %5zu %5zu %6zu  %s\n",
		    verdict(t), t->fail_by_sev[SEV_CRITICAL],
		    t->fail_by_sev[SEV_HIGH], t->fail_by_sev[SEV_MEDIUM],
		    t->fail_by_sev[SEV_LOW], t->fail_by_sev[SEV_INFO],
		    t->count[ST_ERROR], name);
		free(name);
	}
	fprintf(fp, "%zu targets: %zu failing at or above %s, %zu rules "
	    "failing, %zu erring\n", m->nt, m->gating, fail_on_str(m),
	    m->total[ST_FAIL], m->total[ST_ERROR]);
}

/* ---- json ---- */

static json_t *
jstr_s(const char *s)
{
	char *t = report_sanitize(s, strlen(s));
	json_t *j = json_string(t);

	free(t);
	if (j == NULL)
		xmem_oom();
	return j;
}

static json_t *
counts_json(const size_t *count, const size_t *sev)
{
	json_t *o = json_object();
	json_t *so = json_object();

	for (int s = 0; s < ST__COUNT; s++)
		json_object_set_new(o, status_str((enum status)s),
		    json_integer((json_int_t)count[s]));
	for (int s = SEV__COUNT - 1; s >= 0; s--)
		json_object_set_new(so, severity_str((enum severity)s),
		    json_integer((json_int_t)sev[s]));
	json_object_set_new(o, "fail_by_severity", so);
	return o;
}

static int
write_json(const struct merge *m, FILE *fp, int exit_code)
{
	json_t *root = json_object();
	json_t *targets = json_array();
	size_t sev[SEV__COUNT] = { 0 };
	int rc;

	for (size_t i = 0; i < m->nt; i++) {
		const struct mtarget *t = &m->t[i];
		json_t *o = json_object();

		for (int s = 0; s < SEV__COUNT; s++)
			sev[s] += t->fail_by_sev[s];
		json_object_set_new(o, "target", jstr_s(t->name));
		json_object_set_new(o, "kind", jstr_s(t->kind));
		json_object_set_new(o, "report", jstr_s(t->file));
		json_object_set_new(o, "verdict", json_string(verdict(t)));
		json_object_set_new(o, "gating",
		    json_integer((json_int_t)t->gating));
		json_object_set_new(o, "summary", counts_json(t->count,
		    t->fail_by_sev));
		json_array_append_new(targets, o);
	}
	json_object_set_new(root, "tool", json_pack("{s:s,s:s}", "name",
	    "assay", "version", PACKAGE_VERSION));
	json_object_set_new(root, "targets", targets);
	json_object_set_new(root, "summary", counts_json(m->total, sev));
	json_object_set_new(root, "targets_failing",
	    json_integer((json_int_t)m->gating));
	json_object_set_new(root, "fail_on", json_string(fail_on_str(m)));
	json_object_set_new(root, "exit_code", json_integer(exit_code));
	rc = json_dumpf(root, fp, JSON_INDENT(2));
	json_decref(root);
	if (rc == 0 && fputc('\n', fp) != EOF)
		return 0;
	return -1;
}

/* ---- markdown ---- */

static void
md_text(FILE *fp, const char *s)
{
	char *t = report_sanitize(s, strnlen(s, M_NAME_SHOWN));

	for (const char *p = t; *p != '\0'; p++) {
		if (*p == '\n' || *p == '\r' || *p == '\t')
			fputc(' ', fp);
		else if (strchr("\\`*_[]<>|~&#!", *p) != NULL) {
			fputc('\\', fp);
			fputc(*p, fp);
		} else
			fputc(*p, fp);
	}
	free(t);
}

/* Rows of the Markdown table: GitHub's step summary holds 1 MiB. */
#define MD_ROWS_MAX	500

static void
write_markdown(const struct merge *m, FILE *fp)
{
	size_t rows = m->nt < MD_ROWS_MAX ? m->nt : MD_ROWS_MAX;

	fputs("## assay fleet report\n\n", fp);
	fprintf(fp, "**%s**: %zu of %zu targets have a rule failing or "
	    "erring at or above %s.\n\n", m->gating > 0 ? "FAIL" : "PASS",
	    m->gating, m->nt, fail_on_str(m));
	fputs("| verdict | target | critical | high | medium | low | info "
	    "| errors | pass |\n", fp);
	fputs("|---|---|--:|--:|--:|--:|--:|--:|--:|\n", fp);
	for (size_t i = 0; i < rows; i++) {
		const struct mtarget *t = &m->t[i];

		fprintf(fp, "| %s | ", verdict(t));
		md_text(fp, t->name);
		fprintf(fp, " | %zu | %zu | %zu | %zu | %zu | %zu | %zu |\n",
		    t->fail_by_sev[SEV_CRITICAL], t->fail_by_sev[SEV_HIGH],
		    t->fail_by_sev[SEV_MEDIUM], t->fail_by_sev[SEV_LOW],
		    t->fail_by_sev[SEV_INFO], t->count[ST_ERROR],
		    t->count[ST_PASS]);
	}
	if (rows < m->nt)
		fprintf(fp, "\n... and %zu more targets (the HTML, JSON and "
		    "SARIF reports list all).\n", m->nt - rows);
}

/* ---- html ---- */

static void
html_esc(FILE *fp, const char *s)
{
	char *t = report_sanitize(s, strlen(s));

	for (const char *p = t; *p != '\0'; p++) {
		switch (*p) {
		case '&': fputs("&amp;", fp); break;
		case '<': fputs("&lt;", fp); break;
		case '>': fputs("&gt;", fp); break;
		case '"': fputs("&quot;", fp); break;
		case '\'': fputs("&#39;", fp); break;
		default: fputc(*p, fp);
		}
	}
	free(t);
}

static const char html_head[] =
"<!DOCTYPE html>\n"
"<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
"<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none';"
" style-src 'unsafe-inline'\">\n"
"<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
"<title>assay fleet report</title>\n<style>\n"
"body{font:14px/1.4 system-ui,sans-serif;margin:2em;color:#1f2328}\n"
"table{border-collapse:collapse}\n"
"th,td{padding:.3em .7em;border-bottom:1px solid #d0d7de;"
"text-align:right}\n"
"th:nth-child(2),td:nth-child(2){text-align:left}\n"
"td.FAIL{color:#fff;background:#cf222e;font-weight:bold}\n"
"td.PASS{color:#fff;background:#1a7f37;font-weight:bold}\n"
"td.zero{color:#8c959f}\n"
"</style>\n</head>\n<body>\n";

static void
html_count(FILE *fp, size_t n)
{
	fprintf(fp, "<td%s>%zu</td>", n == 0 ? " class=\"zero\"" : "", n);
}

static void
write_html(const struct merge *m, FILE *fp)
{
	fputs(html_head, fp);
	fputs("<h1>assay fleet report</h1>\n<p>", fp);
	fprintf(fp, "<strong>%s</strong>: %zu of %zu targets have a rule "
	    "failing or erring at or above %s (assay %s).</p>\n",
	    m->gating > 0 ? "FAIL" : "PASS", m->gating, m->nt,
	    fail_on_str(m), PACKAGE_VERSION);
	fputs("<table>\n<thead><tr><th>verdict</th><th>target</th>"
	    "<th>critical</th><th>high</th><th>medium</th><th>low</th>"
	    "<th>info</th><th>errors</th><th>pass</th><th>n/a</th>"
	    "<th>manual</th><th>waived</th></tr></thead>\n<tbody>\n", fp);
	for (size_t i = 0; i < m->nt; i++) {
		const struct mtarget *t = &m->t[i];
		struct strbuf href = STRBUF_INIT;

		report_uri_encode(&href, t->link);
		fprintf(fp, "<tr><td class=\"%s\">%s</td><td><a href=\"",
		    verdict(t), verdict(t));
		html_esc(fp, href.buf);
		fputs("\">", fp);
		html_esc(fp, t->name);
		fputs("</a></td>", fp);
		strbuf_release(&href);
		for (int s = SEV__COUNT - 1; s >= 0; s--)
			html_count(fp, t->fail_by_sev[s]);
		html_count(fp, t->count[ST_ERROR]);
		html_count(fp, t->count[ST_PASS]);
		html_count(fp, t->count[ST_NOTAPPLICABLE]);
		html_count(fp, t->count[ST_NOTCHECKED]);
		html_count(fp, t->count[ST_WAIVED]);
		fputs("</tr>\n", fp);
	}
	fputs("</tbody>\n</table>\n</body>\n</html>\n", fp);
}

/* ---- sarif ---- */

/*
 * The SARIF runs are written straight to the output, field by field in
 * the order and bytes json_dumps(JSON_COMPACT) of the same objects gives
 * (jansson 2.14 keeps insertion order; it escapes '"', '\\' and the
 * controls, which report_sanitize() already left only \t \n \r of), so
 * no jansson tree is built per run: building and dumping one cost more
 * than parsing the report (bench/merge-run).
 */

/* Whether S[0..N) is printable ASCII, which report_sanitize() keeps
 * as is (most ids, paths and messages): no copy needed. */
static bool
plain_ascii(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x20 || (unsigned char)s[i] > 0x7e)
			return false;
	return true;
}

/* S[0..N) escaped for a JSON string (no quotes). */
static void
sj_bytes(FILE *fp, const char *s, size_t n)
{
	const char *end = s + n;

	while (s < end) {
		const char *p = s;

		while (p < end && *p != '"' && *p != '\\' &&
		    (unsigned char)*p >= 0x20)
			p++;
		if (p > s)
			fwrite(s, 1, (size_t)(p - s), fp);
		if (p == end)
			break;
		putc('\\', fp);
		switch (*p) {
		case '\n': putc('n', fp); break;
		case '\r': putc('r', fp); break;
		case '\t': putc('t', fp); break;
		case '"': case '\\': putc(*p, fp); break;
		default: fprintf(fp, "u%04X", (unsigned char)*p);
		}
		s = p + 1;
	}
}

/* S as a JSON string: sanitized, and cut to MAX bytes on a character
 * boundary with "..." as report_str_max() does. */
static void
sj_str_max(FILE *fp, const char *s, size_t max)
{
	size_t n = strlen(s);
	char *t = NULL;

	if (!plain_ascii(s, n)) {
		t = report_sanitize(s, n);
		s = t;
		n = strlen(t);
	}
	putc('"', fp);
	if (n > max && max >= 4) {
		n = max - 3;
		while (n > 0 && ((unsigned char)s[n] & 0xc0) == 0x80)
			n--;
		sj_bytes(fp, s, n);
		fputs("...", fp);
	} else
		sj_bytes(fp, s, n);
	putc('"', fp);
	free(t);
}

/* "KEY":S, KEY being a literal that needs no escaping. */
static void
sj_field(FILE *fp, const char *key, const char *s, size_t max)
{
	fprintf(fp, "\"%s\":", key);
	sj_str_max(fp, s, max);
}

/* The first http(s) reference of result R usable as helpUri, or NULL. */
static const char *
help_uri(const json_t *r)
{
	const char *key;
	json_t *v;

	json_object_foreach(json_object_get(r, "references"), key, v) {
		const char *s = json_string_value(v);

		if (s != NULL && report_web_uri(s))
			return s;
	}
	return NULL;
}

/* The reportingDescriptor of result R (rule ID, severity SEV). */
static void
sj_rule(FILE *fp, const json_t *r, const char *id, enum severity sev)
{
	const char *title = jget_str(r, "title") != NULL ?
	    jget_str(r, "title") : id;
	const char *uri = help_uri(r);
	size_t ntags = 2, i;
	char *help, *name;
	json_t *v;

	fputs("{", fp);
	sj_field(fp, "id", id, SIZE_MAX);
	name = report_sarif_rule_name(id);
	putc(',', fp);
	sj_field(fp, "name", name, SIZE_MAX);
	free(name);
	fputs(",\"shortDescription\":{", fp);
	sj_field(fp, "text", title, M_DESC_MAX);
	fputs("},\"fullDescription\":{", fp);
	sj_field(fp, "text", title, M_DESC_MAX);
	putc('}', fp);
	if (uri != NULL) {
		putc(',', fp);
		sj_field(fp, "helpUri", uri, SIZE_MAX);
	}
	help = uri != NULL ? xasprintf("%s. See %s", title, uri) :
	    xstrdup(title);
	fputs(",\"help\":{", fp);
	sj_field(fp, "text", help, M_MESSAGE_MAX);
	putc(',', fp);
	sj_field(fp, "markdown", help, M_MESSAGE_MAX);
	free(help);
	fprintf(fp, "},\"defaultConfiguration\":{\"level\":\"%s\"},"
	    "\"properties\":{\"tags\":[\"security\",\"%s\"",
	    report_sarif_level(sev), severity_str(sev));
	json_array_foreach(json_object_get(r, "tags"), i, v) {
		if (!json_is_string(v) || ntags >= 20)
			continue;
		ntags++;
		putc(',', fp);
		sj_str_max(fp, json_string_value(v), M_NAME_MAX);
	}
	fprintf(fp, "],\"security-severity\":\"%s\",\"precision\":\"high\","
	    "\"problem.severity\":\"%s\"}}", report_security_severity(sev),
	    report_sarif_problem_severity(sev));
}

/* One result of rule ID (index RULEIDX) with message TEXT at PATH:LINE
 * (PATH NULL: the target root, properties.noPath), fingerprinted with
 * FPMSG as sarif.c does. */
static void
sj_result(FILE *fp, const char *id, size_t ruleidx, enum severity sev,
    const char *text, const char *path, json_int_t line, const char *fpmsg)
{
	struct strbuf b = STRBUF_INIT;
	const char *p = path != NULL ? path : "";
	char hex[32];

	snprintf(hex, sizeof(hex), "%016" PRIx64,
	    result_fingerprint(id, path, fpmsg));
	while (*p == '/')
		p++;
	report_uri_encode(&b, *p != '\0' ? p : ".");
	fputs("{", fp);
	sj_field(fp, "ruleId", id, SIZE_MAX);
	fprintf(fp, ",\"ruleIndex\":%zu,\"level\":\"%s\",\"message\":{",
	    ruleidx, report_sarif_level(sev));
	sj_field(fp, "text", text, M_MESSAGE_MAX);
	fputs("},\"locations\":[{\"physicalLocation\":{\"artifactLocation\""
	    ":{", fp);
	sj_field(fp, "uri", b.buf, SIZE_MAX);
	fprintf(fp, ",\"uriBaseId\":\"" M_BASE "\"},\"region\":{\"startLine\""
	    ":%" JSON_INTEGER_FORMAT "}}}],\"partialFingerprints\":{"
	    "\"assayFinding/v1\":\"%s\",\"primaryLocationLineHash\":\"%s:1\"}",
	    line > 0 ? line : (json_int_t)1, hex, hex);
	if (path == NULL)
		fputs(",\"properties\":{\"noPath\":true}", fp);
	putc('}', fp);
	strbuf_release(&b);
}

/* The evidence text: "MESSAGE (expected X, found Y)". */
static void
evidence_text(struct strbuf *b, const json_t *e)
{
	const char *msg = jget_str(e, "message");
	const char *exp = jget_str(e, "expected");
	const char *fnd = jget_str(e, "found");

	(void)strbuf_addstr(b, msg != NULL ? msg : "violation");
	if (exp != NULL || fnd != NULL) {
		(void)strbuf_addstr(b, " (");
		if (exp != NULL)
			(void)strbuf_addf(b, "expected %s", exp);
		if (exp != NULL && fnd != NULL)
			(void)strbuf_addstr(b, ", ");
		if (fnd != NULL)
			(void)strbuf_addf(b, "found %s", fnd);
		(void)strbuf_addch(b, ')');
	}
}

static bool
same_path(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return a == b;
	return strcmp(a, b) == 0;
}

static bool
is_violation(const json_t *e)
{
	const char *kind = jget_str(e, "kind");

	return kind == NULL || strcmp(kind, "violation") == 0;
}

/* A run being written: results so far (at most M_RESULTS_MAX) and the
 * ones left out. */
struct srun {
	FILE	*fp;
	size_t	 nresults;
	size_t	 left;
};

/* The SARIF results of failing result R (rule ID, index IDX): one per
 * path of its violations, at most M_PATHS_PER_RULE. */
static void
fail_results(struct srun *sr, const json_t *r, const char *id, size_t idx,
    enum severity sev)
{
	const char *title = jget_str(r, "title") != NULL ?
	    jget_str(r, "title") : id;
	const json_t *ev = json_object_get(r, "evidence");
	size_t n = json_array_size(ev), paths = 0, left = 0;
	bool *done = xcalloc(n + 1, sizeof(*done));

	for (size_t i = 0; i < n; i++) {
		const json_t *e = json_array_get(ev, i);
		const char *path = jget_str(e, "path");
		struct strbuf b = STRBUF_INIT;
		json_int_t line = 0;
		size_t shown = 0;

		if (done[i] || !is_violation(e))
			continue;
		if (paths == M_PATHS_PER_RULE ||
		    sr->nresults >= M_RESULTS_MAX) {
			left++;
			continue;
		}
		paths++;
		(void)strbuf_addf(&b, "%s: ", title);
		for (size_t k = i; k < n; k++) {
			const json_t *f = json_array_get(ev, k);

			if (done[k] || !same_path(jget_str(f, "path"), path) ||
			    !is_violation(f))
				continue;
			done[k] = true;
			if (line == 0)
				line = json_integer_value(
				    json_object_get(f, "line"));
			if (shown++ > 0)
				(void)strbuf_addstr(&b, "; ");
			if (shown <= 5)
				evidence_text(&b, f);
		}
		if (shown > 5)
			(void)strbuf_addf(&b, " and %zu more", shown - 5);
		if (sr->nresults++ > 0)
			putc(',', sr->fp);
		sj_result(sr->fp, id, idx, sev, b.buf, path, line,
		    jget_str(e, "message"));
		strbuf_release(&b);
	}
	if (paths == 0 && left == 0 && sr->nresults < M_RESULTS_MAX) {
		const char *msg = jget_str(r, "message");
		char *text = xasprintf("%s: %s", title, msg != NULL ? msg :
		    "failed");

		if (sr->nresults++ > 0)
			putc(',', sr->fp);
		sj_result(sr->fp, id, idx, sev, text, NULL, 0, NULL);
		free(text);
	}
	free(done);
	sr->left += left;
}

/* Rule ids of one run, each once: an open-addressing table of indexes
 * into the run's rules array (ids borrowed from the report), so a run of
 * N results costs O(N), not the O(N^2) of a linear search. */
struct rule_index {
	const char	**id;
	size_t		 *idx;
	size_t		  mask;
	size_t		  n;
};

static void
rule_index_init(struct rule_index *ri, size_t results)
{
	size_t cap = 16;

	while (cap < 2 * results)
		cap *= 2;
	ri->id = xcalloc(cap, sizeof(*ri->id));
	ri->idx = xcalloc(cap, sizeof(*ri->idx));
	ri->mask = cap - 1;
	ri->n = 0;
}

/* The index of ID; a new one (*ADDED set) when ID is not there yet. */
static size_t
rule_index_get(struct rule_index *ri, const char *id, bool *added)
{
	uint64_t h = 14695981039346656037ULL;	/* FNV-1a */
	size_t k;

	for (const unsigned char *p = (const unsigned char *)id; *p; p++)
		h = (h ^ *p) * 1099511628211ULL;
	for (k = (size_t)h & ri->mask; ri->id[k] != NULL;
	    k = (k + 1) & ri->mask) {
		if (strcmp(ri->id[k], id) == 0) {
			*added = false;
			return ri->idx[k];
		}
	}
	ri->id[k] = id;
	ri->idx[k] = ri->n;
	*added = true;
	return ri->n++;
}

static void
rule_index_release(struct rule_index *ri)
{
	free(ri->id);
	free(ri->idx);
}

/* The severity and status of checked result R. */
static void
result_kind(const json_t *r, enum severity *sev, enum status *st)
{
	*sev = SEV_INFO;
	*st = ST_PASS;
	(void)severity_parse(jget_str(r, "severity"), sev);
	(void)status_parse(jget_str(r, "status"), st);
}

/* One SARIF run for report ROOT of target T: the rules in report order,
 * each id once; notifications for erring rules; results for failing
 * ones. */
static void
sarif_run(FILE *fp, const struct mtarget *t, const json_t *root)
{
	const json_t *results = json_object_get(root, "results");
	const char *version = jget_str(json_object_get(root, "tool"),
	    "version");
	size_t n = json_array_size(results), nrules = 0, nnotes = 0;
	size_t *idx = xcalloc(n + 1, sizeof(*idx));
	struct srun sr = { .fp = fp };
	struct rule_index ri;
	int exit_code = (int)json_integer_value(json_object_get(root,
	    "exit_code"));
	char *base, *cat;

	fputs("{\"tool\":{\"driver\":{\"name\":\"assay\",", fp);
	sj_field(fp, "version", version, SIZE_MAX);
	if (*version >= '0' && *version <= '9' &&
	    strspn(version, "0123456789.") > 0 &&
	    strchr(version, '.') != NULL) {
		putc(',', fp);
		sj_field(fp, "semanticVersion", version, SIZE_MAX);
	}
	fputs(",\"rules\":[", fp);
	rule_index_init(&ri, n);
	for (size_t i = 0; i < n; i++) {
		const json_t *r = json_array_get(results, i);
		const char *id = jget_str(r, "rule");
		enum severity sev;
		enum status st;
		bool added;

		result_kind(r, &sev, &st);
		idx[i] = rule_index_get(&ri, id, &added);
		if (!added)
			continue;
		if (nrules++ > 0)
			putc(',', fp);
		sj_rule(fp, r, id, sev);
	}
	rule_index_release(&ri);
	cat = xasprintf("assay/%s/", t->category);
	fputs("]}},\"automationDetails\":{", fp);
	sj_field(fp, "id", cat, SIZE_MAX);
	free(cat);
	fprintf(fp, "},\"invocations\":[{\"executionSuccessful\":%s,"
	    "\"exitCode\":%d,\"toolExecutionNotifications\":[",
	    exit_code == 0 || exit_code == 1 ? "true" : "false", exit_code);
	for (size_t i = 0; i < n; i++) {
		const json_t *r = json_array_get(results, i);
		const char *id = jget_str(r, "rule");
		const char *msg = jget_str(r, "message");
		enum severity sev;
		enum status st;
		char *text;

		result_kind(r, &sev, &st);
		if (st != ST_ERROR)
			continue;
		text = xasprintf("%s: %s", id, msg != NULL ? msg : "error");
		fputs(nnotes++ > 0 ? ",{\"level\":\"error\",\"message\":{" :
		    "{\"level\":\"error\",\"message\":{", fp);
		sj_field(fp, "text", text, M_MESSAGE_MAX);
		fputs("},\"associatedRule\":{", fp);
		sj_field(fp, "id", id, SIZE_MAX);
		fprintf(fp, ",\"index\":%zu}}", idx[i]);
		free(text);
	}
	base = report_sarif_base_uri(t->name);
	fputs("]}],\"originalUriBaseIds\":{\"" M_BASE "\":{", fp);
	sj_field(fp, "uri", base, SIZE_MAX);
	fputs(",\"description\":{\"text\":\"The root of the scanned "
	    "target\"}}},\"results\":[", fp);
	free(base);
	for (size_t i = 0; i < n; i++) {
		const json_t *r = json_array_get(results, i);
		enum severity sev;
		enum status st;

		result_kind(r, &sev, &st);
		if (st == ST_FAIL)
			fail_results(&sr, r, jget_str(r, "rule"), idx[i], sev);
	}
	fputs("],\"properties\":{", fp);
	sj_field(fp, "targetPath", t->name, SIZE_MAX);
	putc(',', fp);
	sj_field(fp, "targetKind", t->kind, SIZE_MAX);
	putc(',', fp);
	sj_field(fp, "report", t->file, SIZE_MAX);
	fputs(",\"summary\":", fp);
	(void)json_dumpf(json_object_get(root, "summary"), fp, JSON_COMPACT);
	if (jget_str(root, "fail_on") != NULL) {
		putc(',', fp);
		sj_field(fp, "failOn", jget_str(root, "fail_on"), SIZE_MAX);
	}
	if (sr.left > 0)
		fprintf(fp, ",\"resultsLeftOut\":%zu", sr.left);
	fputs("}}", fp);
	free(idx);
}

/* ---- junit ---- */

static void
xml_esc(FILE *fp, const char *s, size_t max)
{
	char *t = report_sanitize(s, strnlen(s, max));

	for (const char *p = t; *p != '\0'; p++) {
		size_t n = strcspn(p, "&<>\"'\n\r\t");

		if (n > 0) {
			fwrite(p, 1, n, fp);
			p += n - 1;
			continue;
		}
		switch (*p) {
		case '&': fputs("&amp;", fp); break;
		case '<': fputs("&lt;", fp); break;
		case '>': fputs("&gt;", fp); break;
		case '"': fputs("&quot;", fp); break;
		case '\'': fputs("&apos;", fp); break;
		case '\n': fputs("&#10;", fp); break;
		case '\r': fputs("&#13;", fp); break;
		case '\t': fputs("&#9;", fp); break;
		default: fputc(*p, fp);
		}
	}
	free(t);
}

/* The JUnit schema wants a dateTime without a zone
 * ("2024-05-01T10:00:00"): the scan's start when it has that shape,
 * else now. */
static void
junit_stamp(const char *s, char out[32])
{
	static const char shape[] = "dddd-dd-ddTdd:dd:dd";
	bool ok = s != NULL && strlen(s) >= sizeof(shape) - 1;
	time_t now;
	struct tm tm;

	for (size_t i = 0; ok && i < sizeof(shape) - 1; i++)
		ok = shape[i] == 'd' ? (s[i] >= '0' && s[i] <= '9') :
		    s[i] == shape[i];
	if (ok) {
		memcpy(out, s, sizeof(shape) - 1);
		out[sizeof(shape) - 1] = '\0';
		return;
	}
	now = time(NULL);
	gmtime_r(&now, &tm);
	strftime(out, 32, "%Y-%m-%dT%H:%M:%S", &tm);
}

static void
junit_case(FILE *fp, const json_t *r)
{
	const char *id = jget_str(r, "rule");
	const char *title = jget_str(r, "title");
	const char *msg = jget_str(r, "message");
	const char *sev = jget_str(r, "severity");
	const char *st = jget_str(r, "status");
	const json_t *ev = json_object_get(r, "evidence");
	const json_t *e;
	size_t i;

	fputs("    <testcase name=\"", fp);
	xml_esc(fp, id, M_DESC_MAX);
	fputs("\" classname=\"", fp);
	xml_esc(fp, title != NULL ? title : id, M_DESC_MAX);
	fputs("\" time=\"0\"", fp);
	if (strcmp(st, "fail") == 0 || strcmp(st, "error") == 0) {
		const char *el = st[0] == 'f' ? "failure" : "error";

		fprintf(fp, ">\n      <%s message=\"", el);
		xml_esc(fp, msg != NULL ? msg : st, M_DESC_MAX);
		fprintf(fp, "\" type=\"%s\">", sev);
		json_array_foreach(ev, i, e) {
			const char *path = jget_str(e, "path");
			struct strbuf b = STRBUF_INIT;

			if (i >= 100)
				break;
			if (path != NULL)
				(void)strbuf_addf(&b, "%s: ", path);
			evidence_text(&b, e);
			(void)strbuf_addch(&b, '\n');
			xml_esc(fp, b.buf, M_MESSAGE_MAX);
			strbuf_release(&b);
		}
		fprintf(fp, "</%s>\n    </testcase>\n", el);
	} else if (strcmp(st, "pass") != 0) {
		fputs(">\n      <skipped/>\n    </testcase>\n", fp);
	} else
		fputs("/>\n", fp);
}

static void
junit_suite(FILE *fp, const struct mtarget *t, size_t id,
    const json_t *root, const char *host)
{
	char stamp[32];
	const json_t *r;
	size_t i;

	junit_stamp(t->started, stamp);
	fputs("  <testsuite name=\"", fp);
	xml_esc(fp, t->name, M_NAME_SHOWN);
	fprintf(fp, "\" package=\"assay\" id=\"%zu\" timestamp=\"%s\" "
	    "hostname=\"", id, stamp);
	xml_esc(fp, host, M_NAME_SHOWN);
	fprintf(fp, "\" tests=\"%zu\" failures=\"%zu\" errors=\"%zu\" "
	    "skipped=\"%zu\" time=\"%.3f\">\n",
	    json_array_size(json_object_get(root, "results")),
	    t->count[ST_FAIL], t->count[ST_ERROR],
	    t->count[ST_NOTAPPLICABLE] + t->count[ST_NOTCHECKED] +
	    t->count[ST_WAIVED], t->duration >= 0 ? t->duration : 0.0);
	fputs("    <properties>\n      <property name=\"report\" value=\"",
	    fp);
	xml_esc(fp, t->file, PATH_MAX);
	fputs("\"/>\n    </properties>\n", fp);
	json_array_foreach(json_object_get(root, "results"), i, r)
		junit_case(fp, r);
	fputs("    <system-out/>\n    <system-err/>\n  </testsuite>\n", fp);
}

/* ---- driver ---- */

struct mout {
	const struct merge_output	*spec;
	FILE				*fp;
	size_t				 written;	/* runs or suites */
};

static int
open_outputs(struct merge *m, struct mout *out)
{
	for (size_t i = 0; i < m->o->nout; i++) {
		out[i].spec = &m->o->out[i];
		if (out[i].spec->file == NULL) {
			out[i].fp = stdout;
			continue;
		}
		out[i].fp = hostfile_create(out[i].spec->file);
		if (out[i].fp == NULL) {
			diag_add(m->d, NULL, "%s: %s", out[i].spec->file,
			    diag_errno(errno));
			return -1;
		}
	}
	return 0;
}

/* Close every output; with DISCARD (an error), remove the files
 * written. */
static int
close_outputs(struct merge *m, struct mout *out, bool discard)
{
	int rc = 0;

	for (size_t i = 0; i < m->o->nout; i++) {
		FILE *fp = out[i].fp;
		const char *file;
		bool bad;

		/* an output not opened (an earlier one failed, or a bad
		 * report stopped the run first) has no spec either */
		if (fp == NULL)
			continue;
		file = out[i].spec->file;
		bad = fflush(fp) != 0 || ferror(fp);
		if (fp != stdout && fclose(fp) != 0)
			bad = true;
		if (discard && file != NULL)
			(void)hostfile_remove(file);
		else if (bad) {
			diag_add(m->d, NULL, "%s: cannot write the %s report",
			    file != NULL ? file : "standard output",
			    out[i].spec->format);
			rc = -1;
		}
	}
	return rc;
}

static bool
is_detail(const char *format)
{
	return strcmp(format, "sarif") == 0 || strcmp(format, "junit") == 0;
}

/* The head (WHERE 0) or tail (1) of each SARIF and JUnit document. */
static void
detail_frame(struct merge *m, struct mout *out, int where)
{
	for (size_t k = 0; k < m->o->nout; k++) {
		FILE *fp = out[k].fp;

		if (strcmp(out[k].spec->format, "sarif") == 0)
			fputs(where == 0 ? "{\"$schema\":\"" M_SCHEMA "\","
			    "\"version\":\"2.1.0\",\"runs\":[\n" : "\n]}\n",
			    fp);
		else if (strcmp(out[k].spec->format, "junit") == 0)
			/* The Ant schema allows no attribute here: the
			 * totals are each suite's. */
			fputs(where == 0 ? "<?xml version=\"1.0\" "
			    "encoding=\"UTF-8\"?>\n<testsuites>\n" :
			    "</testsuites>\n", fp);
	}
}

/* The SARIF run and JUnit suite of target T (report ROOT). */
static void
write_detail(struct merge *m, struct mout *out, const struct mtarget *t,
    const json_t *root, const char *host)
{
	for (size_t k = 0; k < m->o->nout; k++) {
		FILE *fp = out[k].fp;

		if (strcmp(out[k].spec->format, "sarif") == 0) {
			if (out[k].written++ > 0)
				fputs(",\n", fp);
			sarif_run(fp, t, root);
		} else if (strcmp(out[k].spec->format, "junit") == 0)
			junit_suite(fp, t, out[k].written++, root, host);
	}
}

int
merge_run(const struct merge_options *o, struct diag *d)
{
	struct merge m = { .o = o, .d = d };
	struct mout *out;
	json_t *seen;
	json_malloc_t oldm;
	json_free_t oldf;
	bool detail = false, two_pass = false;
	char host[256];
	int rc = 0, gate;

	if (o->nreports == 0) {
		diag_add(d, NULL, "merge: expected REPORT.json...");
		return -1;
	}
	if (o->nreports > o->lim->merge_reports) {
		diag_add(d, NULL, "merge: %zu reports, at most %zu", o->nreports,
		    o->lim->merge_reports);
		return -1;
	}
	/* SARIF and JUnit are written report by report in one pass, and
	 * removed if a later report is bad; on standard output they cannot
	 * be taken back, so every report is checked in a first pass. */
	for (size_t k = 0; k < o->nout; k++) {
		if (is_detail(o->out[k].format)) {
			detail = true;
			if (o->out[k].file == NULL)
				two_pass = true;
		}
	}
	if (gethostname(host, sizeof(host)) != 0 || host[0] == '\0' ||
	    strlen(host) >= sizeof(host) - 1)
		strcpy(host, "localhost");
	m.t = xcalloc(o->nreports, sizeof(*m.t));
	m.nt = o->nreports;
	out = xcalloc(o->nout + 1, sizeof(*out));
	jarena_begin(&oldm, &oldf);
	seen = json_object();
	for (size_t i = 0; two_pass && i < o->nreports; i++) {
		json_t *root = read_checked(&m, o->reports[i]);

		if (root == NULL)
			rc = -1;
		else
			summarize(&m, o->reports[i], root, &m.t[i], seen);
		json_decref(root);
	}
	if (rc == 0)
		rc = open_outputs(&m, out);
	if (rc == 0 && detail)
		detail_frame(&m, out, 0);
	/* Pass 2, or the only one. */
	for (size_t i = 0; (two_pass ? detail : true) && rc == 0 &&
	    i < o->nreports; i++) {
		json_t *root = read_checked(&m, o->reports[i]);

		if (root == NULL) {
			rc = -1;
			break;
		}
		if (!two_pass)
			summarize(&m, o->reports[i], root, &m.t[i], seen);
		if (detail)
			write_detail(&m, out, &m.t[i], root, host);
		json_decref(root);
	}
	json_decref(seen);
	jarena_end(oldm, oldf);
	if (rc == 0 && detail)
		detail_frame(&m, out, 1);
	gate = m.gating > 0 ? 1 : 0;
	if (rc == 0)
		qsort(m.t, m.nt, sizeof(*m.t), worst_first);
	for (size_t k = 0; rc == 0 && k < o->nout; k++) {
		const char *f = o->out[k].format;

		if (strcmp(f, "text") == 0)
			write_text(&m, out[k].fp);
		else if (strcmp(f, "json") == 0)
			rc = write_json(&m, out[k].fp, gate);
		else if (strcmp(f, "markdown") == 0)
			write_markdown(&m, out[k].fp);
		else if (strcmp(f, "html") == 0)
			write_html(&m, out[k].fp);
	}
	if (close_outputs(&m, out, rc != 0) != 0)
		rc = -1;
	for (size_t i = 0; i < m.nt; i++)
		mtarget_release(&m.t[i]);
	free(m.t);
	free(out);
	return rc != 0 ? -1 : gate;
}
