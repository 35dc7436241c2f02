/*
 * markdown.c -- Markdown: a scan summary for a PR comment or
 * $GITHUB_STEP_SUMMARY, and the policy reference of `assay rules`.
 *
 * `--format markdown` is short on purpose: a verdict line, a table of
 * counts, then the failing rules (fails most severe first, then errors)
 * with their first evidence item, at most MD_ROWS_MAX rows and "... and N
 * more". GitHub comments stop at 65536 characters; the full record is the
 * JSON or HTML report.
 *
 * Markdown is rendered, so target text is data that must not become
 * markup: after report_str(), md_text() backslash-escapes the ASCII
 * punctuation that opens markup (`|` would end a table cell, a backtick a
 * code span, `<` raw HTML, `[` a link, `*` `_` `~` emphasis, `&` an
 * entity), and shows newlines, carriage returns and tabs as `\n`, `\r`,
 * `\t` as the text report does, so a file name cannot break a table row.
 *
 * report_rules_markdown() writes the rule reference (docs/policies.md):
 * each pack with a table of its rules (id, severity, title, references;
 * manual rules marked), then each of its profiles with the ids of the
 * rules it selects.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "assay/baseline.h"
#include "assay/report.h"
#include "assay/tailoring.h"
#include "assay/strbuf.h"
#include "assay/xmem.h"

#include "report_private.h"

/* Failing rules listed in the summary. */
#define MD_ROWS_MAX	50
/* Bytes of one evidence cell or title before it is cut with "...". */
#define MD_CELL_MAX	300

/* Write S sanitized, with markup characters escaped, on one line. */
static void
md_text(FILE *fp, const char *s)
{
	char *t = report_str(s);

	for (const char *p = t; p != NULL && *p != '\0'; p++) {
		if (*p == '\n')
			fputs("\\\\n", fp);
		else if (*p == '\r')
			fputs("\\\\r", fp);
		else if (*p == '\t')
			fputs("\\\\t", fp);
		else if (strchr("\\`*_[]<>|~&#!", *p) != NULL) {
			fputc('\\', fp);
			fputc(*p, fp);
		} else
			fputc(*p, fp);
	}
	free(t);
}

/* Policy prose: md_text() with line breaks folded into spaces (YAML
 * block scalars wrap lines; a table cell or paragraph must not). */
static void
md_prose(FILE *fp, const char *s)
{
	char *t = xstrdup(s);

	for (char *p = t; *p != '\0'; p++)
		if (*p == '\n' || *p == '\r' || *p == '\t')
			*p = ' ';
	md_text(fp, t);
	free(t);
}

/* md_text() of S cut to MD_CELL_MAX bytes. */
static void
md_cell(FILE *fp, const char *s)
{
	char *t = report_str_max(s, MD_CELL_MAX);

	md_text(fp, t);
	free(t);
}

/* S as a code span when it can be one (no backtick, no line break; `|`
 * still needs its backslash inside a table), else as escaped text. */
static void
md_code(FILE *fp, const char *s)
{
	char *t = report_str(s);

	if (t == NULL || strpbrk(t, "`\n\r") != NULL || *t == '\0') {
		md_text(fp, t);
		free(t);
		return;
	}
	fputc('`', fp);
	for (const char *p = t; *p != '\0'; p++) {
		if (*p == '|')
			fputc('\\', fp);
		fputc(*p, fp);
	}
	fputc('`', fp);
	free(t);
}

/* An http(s) URL that can be a link target as it is. */
static bool
is_web_url(const char *s)
{
	if (strncmp(s, "https://", 8) != 0 && strncmp(s, "http://", 7) != 0)
		return false;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if (*p <= 0x20 || *p >= 0x7f || strchr("\"'<>\\^`{|}()[]", *p))
			return false;
	return true;
}

static void
md_verdict(const struct scan_report *r, FILE *fp)
{
	bool fail;
	char *why = report_verdict(r, &fail);

	fprintf(fp, "## %s assay: %s (%s)\n\n",
	    fail ? "\xe2\x9d\x8c" : "\xe2\x9c\x85", fail ? "FAIL" : "pass",
	    why);
	free(why);
}

/* " · pack `ID` VERSION (BENCHMARK)" per pack: which benchmark version
 * was applied. */
static void
md_scan_packs(const struct scan_report *r, FILE *fp)
{
	const struct pack **v = report_packs(r);

	for (size_t i = 0; v[i] != NULL; i++) {
		fputs(" \xc2\xb7 pack ", fp);
		md_code(fp, v[i]->id);
		fputc(' ', fp);
		md_text(fp, v[i]->version != NULL ? v[i]->version :
		    "(no version)");
		if (v[i]->benchmark != NULL) {
			fputs(" (", fp);
			md_text(fp, v[i]->benchmark);
			fputc(')', fp);
		}
	}
	free(v);
}

/* "Target `x` (dir) · profiles `a`, `b` · assay 1.2.3". */
static void
md_context(const struct scan_report *r, FILE *fp)
{
	size_t np = r->plan != NULL ? plan_profile_count(r->plan) : 0;

	fputs("Target ", fp);
	md_code(fp, r->target_path);
	if (r->target_describe != NULL || r->target_kind != NULL) {
		fputs(" (", fp);
		md_text(fp, r->target_describe != NULL ? r->target_describe :
		    r->target_kind);
		fputc(')', fp);
	}
	if (r->image_id != NULL) {
		fputs(", image ", fp);
		md_code(fp, r->image_id);
	}
	for (size_t i = 0; i < np; i++) {
		fputs(i == 0 ? " \xc2\xb7 profile" : ", ", fp);
		if (i == 0 && np > 1)
			fputc('s', fp);
		if (i == 0)
			fputc(' ', fp);
		md_code(fp, plan_profile(r->plan, i)->id);
	}
	md_scan_packs(r, fp);
	fputs(" \xc2\xb7 assay ", fp);
	md_text(fp, r->tool_version);
	fputs("\n\n", fp);
}

static void
md_counts(const struct scan_report *r, FILE *fp)
{
	static const enum status order[] = {
		ST_PASS, ST_FAIL, ST_ERROR, ST_WAIVED, ST_NOTAPPLICABLE,
		ST_NOTCHECKED,
	};
	const struct summary *s = &r->sum;
	const char *sep = "Failing by severity: ";

	fputs("| pass | fail | error | waived | not applicable | "
	    "not checked | total |\n|---:|---:|---:|---:|---:|---:|---:|\n",
	    fp);
	for (size_t k = 0; k < sizeof(order) / sizeof(order[0]); k++)
		fprintf(fp, "| %zu ", s->count[order[k]]);
	fprintf(fp, "| %zu |\n\n", s->total);
	for (int sev = SEV__COUNT - 1; sev >= 0; sev--) {
		if (s->fail_by_sev[sev] == 0)
			continue;
		fprintf(fp, "%s%zu %s", sep, s->fail_by_sev[sev],
		    severity_str((enum severity)sev));
		sep = ", ";
	}
	if (*sep == ',')
		fputs(".\n\n", fp);
	if (r->baseline != NULL)
		fprintf(fp, "Against the baseline: %zu new, %zu unchanged, "
		    "%zu fixed findings.\n\n", baseline_new_count(r->baseline),
		    baseline_unchanged_count(r->baseline),
		    baseline_fixed_count(r->baseline));
}

/* The first violation (of an error: evidence item) as `path:line:
 * message (expected X, found Y)`, else the result's message. */
static void
md_first_evidence(const struct result *res, FILE *fp)
{
	const struct evidence *e = NULL;
	struct strbuf b = STRBUF_INIT;
	size_t total = res->ev.dropped;
	char *t;

	for (size_t i = 0; i < res->ev.n; i++) {
		if (res->status != ST_ERROR && !result_is_finding(res, i))
			continue;
		total++;
		if (e == NULL)
			e = &res->ev.v[i];
	}

	if (res->status == ST_ERROR)
		fputs("**error:** ", fp);
	if (e == NULL) {
		md_cell(fp, res->message);
		return;
	}
	report_evidence_text(&b, e, true);
	t = strbuf_detach(&b);
	md_cell(fp, t);
	free(t);
	if (total > 1)
		fprintf(fp, " (+%zu more)", total - 1);
}

static void
md_row(const struct scan_report *r, size_t i, FILE *fp)
{
	const struct result *res = &r->results[i];
	const struct rule *rule = report_rule(r, i);

	fprintf(fp, "| %s | ", severity_str(scan_severity(r, i)));
	md_code(fp, rule->id);
	if (res->baseline == BASELINE_NEW)
		fputs(" **new**", fp);
	fputs(" | ", fp);
	md_cell(fp, rule->title != NULL ? rule->title : rule->id);
	fputs(" | ", fp);
	md_first_evidence(res, fp);
	fputs(" |\n", fp);
}

/* Fails most severe first, then errors most severe first. */
static void
md_failing(const struct scan_report *r, FILE *fp)
{
	static const enum status order[] = { ST_FAIL, ST_ERROR };
	size_t total = r->sum.count[ST_FAIL] + r->sum.count[ST_ERROR];
	size_t shown = 0;

	if (total == 0)
		return;
	fputs("### Failing rules\n\n| severity | rule | title | "
	    "first evidence |\n|---|---|---|---|\n", fp);
	for (size_t k = 0; k < 2; k++)
		for (int sev = SEV__COUNT - 1; sev >= 0; sev--)
			for (size_t i = 0; i < r->nresults; i++) {
				if (r->results[i].status != order[k] ||
				    (int)scan_severity(r, i) != sev)
					continue;
				if (shown++ < MD_ROWS_MAX)
					md_row(r, i, fp);
			}
	if (total > MD_ROWS_MAX)
		fprintf(fp, "\n... and %zu more\n", total - MD_ROWS_MAX);
	fputc('\n', fp);
}

static int
markdown_write(const struct scan_report *r, FILE *fp, struct diag *d)
{
	md_verdict(r, fp);
	md_context(r, fp);
	md_counts(r, fp);
	md_failing(r, fp);
	if (fflush(fp) == 0 && !ferror(fp))
		return 0;
	diag_add(d, NULL, "markdown: cannot write the report");
	return -1;
}

const struct report_ops report_markdown = {
	.name = "markdown",
	.write = markdown_write,
};

/* --- assay rules --format markdown ---------------------------------- */

/* The reference lists each rule once, under its pack, and each profile as
 * the list of rule ids it selects: profiles overlap (levels extend each
 * other, marketplace profiles extend CIS ones), and a full table per
 * profile would repeat most rules many times. */
struct md_ref {
	struct policy_set	*ps;
	FILE			*fp;
	struct plan		**plans;	/* per profile, or NULL */
	bool			*shown;		/* per rule of PS */
};

static void
md_references(FILE *fp, const struct rule *rule)
{
	for (size_t i = 0; i < rule->nrefs; i++) {
		const char *v = rule->refs[i].value;

		if (i > 0)
			fputs("<br>", fp);
		md_text(fp, rule->refs[i].key);
		fputs(": ", fp);
		if (is_web_url(v)) {
			fputc('<', fp);
			fputs(v, fp);
			fputc('>', fp);
		} else
			md_code(fp, v);
	}
}

static void
md_rule_row(FILE *fp, const struct rule *rule, enum severity sev)
{
	fputs("| ", fp);
	md_code(fp, rule->id);
	fprintf(fp, " | %s | ", severity_str(sev));
	md_prose(fp, rule->title != NULL ? rule->title : rule->id);
	if (rule->manual != NULL)
		fputs(" *(manual)*", fp);
	fputs(" | ", fp);
	md_references(fp, rule);
	fputs(" |\n", fp);
}

/* The table of the shown rules of pack PK, in load order. */
static void
md_pack_rules(const struct md_ref *m, const struct pack *pk)
{
	fputs("### Rules\n\n| rule | severity | title | references |\n"
	    "|---|---|---|---|\n", m->fp);
	for (size_t k = 0; k < policy_rule_count(m->ps); k++)
		if (m->shown[k] && policy_rule(m->ps, k)->pack == pk)
			md_rule_row(m->fp, policy_rule(m->ps, k),
			    policy_rule(m->ps, k)->severity);
	fputc('\n', m->fp);
}

/* Does plan P select exactly the rules of pack PK? */
static bool
is_whole_pack(const struct policy_set *ps, const struct plan *p,
    const struct pack *pk)
{
	size_t n = 0;

	for (size_t k = 0; k < plan_rule_count(p); k++)
		if (plan_rule(p, k)->pack != pk)
			return false;
	for (size_t k = 0; k < policy_rule_count(ps); k++)
		n += policy_rule(ps, k)->pack == pk;
	return n == plan_rule_count(p);
}

/* Profile I: title, description and the ids of the rules it selects
 * (or "every rule of the pack", the usual profile named after it). */
static void
md_profile(const struct md_ref *m, size_t i)
{
	const struct profile *pr = policy_profile(m->ps, i);
	const struct plan *p = m->plans[i];
	size_t n = plan_rule_count(p);
	const char *pdesc = pr->pack != NULL ? pr->pack->description : NULL;
	size_t col;

	fputs("#### Profile ", m->fp);
	md_code(m->fp, pr->id);
	if (pr->title != NULL) {
		fputs(": ", m->fp);
		md_prose(m->fp, pr->title);
	}
	fputs("\n\n", m->fp);
	if (pr->description != NULL && (pdesc == NULL ||
	    strcmp(pr->description, pdesc) != 0)) {
		md_prose(m->fp, pr->description);
		fputs("\n\n", m->fp);
	}
	if (n > 0 && is_whole_pack(m->ps, p, pr->pack)) {
		fprintf(m->fp, "%zu rule%s: every rule of the pack.\n\n", n,
		    n == 1 ? "" : "s");
		return;
	}
	/* Wrapped near 76 columns, so a diff of docs/policies.md shows
	 * which ids moved rather than one changed 10 KB line. */
	col = (size_t)fprintf(m->fp, "%zu rule%s:", n, n == 1 ? "" : "s");
	for (size_t k = 0; k < n; k++) {
		const char *id = plan_rule(p, k)->id;

		if (k > 0)
			fputc(',', m->fp);
		if (col + strlen(id) + 4 > 76) {
			fputc('\n', m->fp);
			col = 0;
		} else
			fputc(' ', m->fp);
		md_code(m->fp, id);
		col += strlen(id) + 4;
	}
	fputs(".\n\n", m->fp);
}

static void
md_pack_head(const struct md_ref *m, const struct pack *pk)
{
	size_t nrules = 0, nmanual = 0;

	for (size_t k = 0; k < policy_rule_count(m->ps); k++) {
		if (policy_rule(m->ps, k)->pack != pk)
			continue;
		nrules++;
		nmanual += policy_rule(m->ps, k)->manual != NULL;
	}
	fputs("## Pack ", m->fp);
	md_code(m->fp, pk->id);
	if (pk->title != NULL) {
		fputs(": ", m->fp);
		md_prose(m->fp, pk->title);
	}
	fputs("\n\n", m->fp);
	if (pk->version != NULL) {
		fputs("Version ", m->fp);
		md_text(m->fp, pk->version);
		fputs(". ", m->fp);
	}
	fprintf(m->fp, "%zu rules (%zu manual).\n\n", nrules, nmanual);
	if (pk->description != NULL) {
		md_prose(m->fp, pk->description);
		fputs("\n\n", m->fp);
	}
}

/* Pack PK: its shown rules, then its wanted profiles; nothing when it
 * has neither. */
static void
md_pack(const struct md_ref *m, const struct pack *pk)
{
	size_t np = policy_profile_count(m->ps);
	bool rules = false, profiles = false;

	for (size_t k = 0; k < policy_rule_count(m->ps); k++)
		rules |= m->shown[k] && policy_rule(m->ps, k)->pack == pk;
	for (size_t i = 0; i < np; i++)
		profiles |= m->plans[i] != NULL &&
		    policy_profile(m->ps, i)->pack == pk;
	if (!rules && !profiles)
		return;
	md_pack_head(m, pk);
	if (rules)
		md_pack_rules(m, pk);
	if (profiles)
		fputs("### Profiles\n\n", m->fp);
	for (size_t i = 0; i < np; i++)
		if (m->plans[i] != NULL && policy_profile(m->ps, i)->pack == pk)
			md_profile(m, i);
}

/* Is profile PR wanted: any when NIDS is 0, else one of IDS? */
static bool
profile_wanted(const struct profile *pr, const char *const *ids,
    size_t nids)
{
	if (nids == 0)
		return true;
	for (size_t i = 0; i < nids; i++)
		if (strcmp(ids[i], pr->id) == 0)
			return true;
	return false;
}

/* Compile each wanted profile alone; mark the rules shown: all of them
 * without IDS, else those the wanted profiles select. */
static int
md_compile(struct md_ref *m, const char *const *ids, size_t nids,
    const struct limits *lim, struct diag *d)
{
	size_t nr = policy_rule_count(m->ps);

	for (size_t i = 0; i < policy_profile_count(m->ps); i++) {
		const struct profile *pr = policy_profile(m->ps, i);
		const char *id = pr->id;

		if (!profile_wanted(pr, ids, nids))
			continue;
		m->plans[i] = policy_compile(m->ps, &id, 1, NULL, 0, lim, d);
		if (m->plans[i] == NULL)
			return -1;
		for (size_t k = 0; k < plan_rule_count(m->plans[i]); k++)
			for (size_t j = 0; j < nr; j++)
				if (policy_rule(m->ps, j) ==
				    plan_rule(m->plans[i], k))
					m->shown[j] = true;
	}
	for (size_t j = 0; j < nr && nids == 0; j++)
		m->shown[j] = true;
	return 0;
}

/* The packs of PS in load order (of their first rule or profile). */
static size_t
md_packs(const struct policy_set *ps, const struct pack **out, size_t max)
{
	size_t n = 0;
	size_t nr = policy_rule_count(ps), np = policy_profile_count(ps);

	for (size_t i = 0; i < nr + np; i++) {
		const struct pack *pk = i < nr ? policy_rule(ps, i)->pack :
		    policy_profile(ps, i - nr)->pack;
		size_t k;

		for (k = 0; k < n && out[k] != pk; k++)
			;
		if (k == n && n < max && pk != NULL)
			out[n++] = pk;
	}
	return n;
}

int
report_rules_markdown(struct policy_set *ps, const char *const *ids,
    size_t nids, const struct limits *lim, FILE *fp, struct diag *d)
{
	size_t nr = policy_rule_count(ps), np = policy_profile_count(ps);
	const struct pack **packs = xcalloc(nr + np + 1, sizeof(*packs));
	struct md_ref m = { ps, fp, NULL, NULL };
	size_t npacks = md_packs(ps, packs, nr + np);
	int rc;

	m.plans = xcalloc(np + 1, sizeof(*m.plans));
	m.shown = xcalloc(nr + 1, sizeof(*m.shown));
	rc = md_compile(&m, ids, nids, lim, d);
	if (rc == 0) {
		fputs("# Policy reference\n\nEach pack's rules (severity is "
		    "the rule's default: a tailoring may change it; "
		    "*(manual)* rules need a person and report "
		    "`notchecked`), then its profiles with the rules each "
		    "selects (a profile may select rules of other packs).\n\n",
		    fp);
		for (size_t k = 0; k < npacks; k++)
			md_pack(&m, packs[k]);
	}
	for (size_t i = 0; i < np; i++)
		plan_free(m.plans[i]);
	free(m.plans);
	free(m.shown);
	free(packs);
	if (rc == 0 && (fflush(fp) != 0 || ferror(fp))) {
		diag_add(d, NULL, "markdown: cannot write the rule reference");
		rc = -1;
	}
	return rc;
}

int
report_rules_markdown_tailored(const struct plan *p,
    const struct tailoring_info *ti, FILE *fp, struct diag *d)
{
	fputs("# Tailored profile ", fp);
	md_code(fp, ti->id);
	if (ti->title != NULL) {
		fputs(": ", fp);
		md_prose(fp, ti->title);
	}
	fputs("\n\nTailors profile ", fp);
	md_code(fp, ti->extends);
	fputs(" (", fp);
	md_code(fp, ti->file);
	fputs("). ", fp);
	md_prose(fp, ti->reason);
	fputs("\n\n", fp);
	if (ti->nchanges > 0)
		fputs("## Changes\n\n| change | rule or variable | value | "
		    "reason |\n|---|---|---|---|\n", fp);
	for (size_t i = 0; i < ti->nchanges; i++) {
		const struct tailor_change *c = &ti->changes[i];

		fprintf(fp, "| %s | ", tailor_kind_str(c->kind));
		md_code(fp, c->target);
		fputs(" | ", fp);
		if (c->value != NULL)
			md_code(fp, c->value);
		fputs(" | ", fp);
		md_cell(fp, c->reason != NULL ? c->reason : "");
		fputs(" |\n", fp);
	}
	fprintf(fp, "%s## Rules\n\n%zu rule%s, severities as tailored.\n\n"
	    "| rule | severity | title | references |\n|---|---|---|---|\n",
	    ti->nchanges > 0 ? "\n" : "", plan_rule_count(p),
	    plan_rule_count(p) == 1 ? "" : "s");
	for (size_t k = 0; k < plan_rule_count(p); k++)
		md_rule_row(fp, plan_rule(p, k), plan_rule_severity(p, k));
	if (fflush(fp) != 0 || ferror(fp)) {
		diag_add(d, NULL, "markdown: cannot write the rule reference");
		return -1;
	}
	return 0;
}
