/*
 * text.c -- the human report: what failed first, then everything else.
 *
 * One line per rule, grouped by status: failures first, most severe
 * first (plan order within a severity), each with its evidence indented
 * underneath as `path:line: message`; then errors with their reasons,
 * waivers, then (with --show-all, or when the report does not go to a
 * terminal) passes, notapplicable and notchecked. A summary line and the
 * verdict against --fail-on close the report, so the last lines of a CI
 * log say what happened. Target-derived text goes through report_str():
 * a file name holding an escape sequence must not drive the terminal.
 * Colours only when the CLI says the output is a terminal.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "assay/baseline.h"
#include "assay/report.h"
#include "assay/strbuf.h"
#include "assay/tailoring.h"
#include "assay/waiver.h"
#include "assay/xmem.h"

#include "report_private.h"

/* Evidence lines printed per failing rule; JSON has them all. */
#define TEXT_EVIDENCE_MAX	20

#define C_RED		"\033[31m"
#define C_BOLDRED	"\033[1;31m"
#define C_YELLOW	"\033[33m"
#define C_GREEN		"\033[32m"
#define C_DIM		"\033[2m"
#define C_RESET		"\033[0m"

/* The order statuses are printed in, with their label and colour. */
static const struct {
	enum status	 st;
	const char	*label;
	const char	*color;
} groups[] = {
	{ ST_FAIL, "FAIL", C_RED },
	{ ST_ERROR, "ERROR", C_YELLOW },
	{ ST_WAIVED, "WAIVED", C_DIM },
	{ ST_PASS, "PASS", C_GREEN },
	{ ST_NOTAPPLICABLE, "N/A", C_DIM },
	{ ST_NOTCHECKED, "MANUAL", C_DIM },
};

struct text_ctx {
	const struct scan_report *r;
	FILE			*fp;
};

static const char *
color(const struct text_ctx *c, const char *code)
{
	return c->r->color ? code : "";
}

/* Print S sanitized, on one line (a newline in a file name must not
 * forge a line of the report): \n \r \t are shown escaped. NULL prints
 * nothing. */
static void
put(const struct text_ctx *c, const char *s)
{
	char *t = report_str(s);

	for (const char *p = t; p != NULL && *p != '\0'; p++) {
		if (*p == '\n')
			fputs("\\n", c->fp);
		else if (*p == '\r')
			fputs("\\r", c->fp);
		else if (*p == '\t')
			fputs("\\t", c->fp);
		else
			fputc(*p, c->fp);
	}
	free(t);
}

static void
print_evidence(const struct text_ctx *c, const struct evidence *e,
    bool context)
{
	struct strbuf b = STRBUF_INIT;

	report_evidence_text(&b, e, true);
	fputs(context ? "      context: " : "      ", c->fp);
	put(c, b.buf);
	if (e->waiver != NULL)
		fputs(" [waived]", c->fp);
	fputc('\n', c->fp);
	strbuf_release(&b);
}

/* "      waived: JUSTIFICATION (owner ...) [FILE:LINE]". */
static void
print_waiver(const struct text_ctx *c, const struct waiver *w)
{
	char *t = report_waiver_text(w);

	fputs("      waived: ", c->fp);
	put(c, t);
	fputs(" [", c->fp);
	put(c, w->at.file);
	fprintf(c->fp, ":%u]\n", w->at.line);
	free(t);
}

static void
print_rule(const struct text_ctx *c, size_t gi, size_t i)
{
	const struct result *res = &c->r->results[i];
	const struct rule *rule = report_rule(c->r, i);
	size_t n;

	fprintf(c->fp, "%s%-6s%s [%s] ", color(c, groups[gi].color),
	    groups[gi].label, color(c, C_RESET),
	    severity_str(scan_severity(c->r, i)));
	put(c, rule->id);
	if (rule->title != NULL) {
		fputs(": ", c->fp);
		put(c, rule->title);
	}
	if (res->baseline != BASELINE_NONE)
		fprintf(c->fp, " [%s]", baseline_state_str(res->baseline));
	fputc('\n', c->fp);
	if (res->waiver != NULL)
		print_waiver(c, res->waiver);
	if (res->note != NULL) {
		fputs("      note: ", c->fp);
		put(c, res->note);
		fputc('\n', c->fp);
	}
	if (res->status != ST_FAIL && res->status != ST_ERROR &&
	    res->status != ST_WAIVED)
		return;
	/* The reason of an error or waiver, unless the first evidence item
	 * already says it. */
	if ((res->status != ST_FAIL || res->ev.n == 0) &&
	    res->message != NULL && (res->ev.n == 0 ||
	    res->ev.v[0].message == NULL ||
	    strcmp(res->message, res->ev.v[0].message) != 0)) {
		fputs("      ", c->fp);
		put(c, res->message);
		fputc('\n', c->fp);
	}
	/* A failure's violations first, then what explains the verdict. */
	n = 0;
	for (int pass = 0; pass < 2; pass++)
		for (size_t k = 0; k < res->ev.n; k++) {
			bool ctx = res->status != ST_ERROR &&
			    res->ev.v[k].kind == EV_CONTEXT;

			if (ctx != (pass == 1) || n++ >= TEXT_EVIDENCE_MAX)
				continue;
			print_evidence(c, &res->ev.v[k], ctx);
		}
	if (n > TEXT_EVIDENCE_MAX || res->ev.dropped > 0)
		fprintf(c->fp, "      ... and %zu more\n",
		    (n > TEXT_EVIDENCE_MAX ? n - TEXT_EVIDENCE_MAX : 0) +
		    res->ev.dropped);
}

static void
print_group(const struct text_ctx *c, size_t gi)
{
	enum status st = groups[gi].st;

	if (!c->r->text_all && (st == ST_PASS || st == ST_NOTAPPLICABLE ||
	    st == ST_NOTCHECKED))
		return;
	if (st != ST_FAIL) {
		for (size_t i = 0; i < c->r->nresults; i++)
			if (c->r->results[i].status == st)
				print_rule(c, gi, i);
		return;
	}
	for (int sev = SEV__COUNT - 1; sev >= 0; sev--)
		for (size_t i = 0; i < c->r->nresults; i++)
			if (c->r->results[i].status == st &&
			    (int)scan_severity(c->r, i) == sev)
				print_rule(c, gi, i);
}

static void
print_summary(const struct text_ctx *c)
{
	const struct summary *s = &c->r->sum;
	const char *sep = " (";
	bool fail;
	char *why;

	fprintf(c->fp, "\n%zu rule%s: %zu passed, %zu failed", s->total,
	    s->total == 1 ? "" : "s", s->count[ST_PASS], s->count[ST_FAIL]);
	for (int sev = SEV__COUNT - 1; sev >= 0; sev--) {
		if (s->fail_by_sev[sev] == 0)
			continue;
		fprintf(c->fp, "%s%zu %s", sep, s->fail_by_sev[sev],
		    severity_str((enum severity)sev));
		sep = ", ";
	}
	fprintf(c->fp, "%s, %zu errors, %zu not applicable, %zu not checked",
	    *sep == ',' ? ")" : "", s->count[ST_ERROR],
	    s->count[ST_NOTAPPLICABLE], s->count[ST_NOTCHECKED]);
	if (s->count[ST_WAIVED] > 0)
		fprintf(c->fp, ", %zu waived", s->count[ST_WAIVED]);
	fputc('\n', c->fp);
	if (!c->r->text_all && s->count[ST_PASS] + s->count[ST_NOTAPPLICABLE] +
	    s->count[ST_NOTCHECKED] > 0)
		fputs("(passing, not applicable and not checked rules: "
		    "--show-all lists them)\n", c->fp);
	why = report_verdict(c->r, &fail);
	fprintf(c->fp, "%sverdict: %s%s (%s)\n",
	    color(c, fail ? C_BOLDRED : C_GREEN), fail ? "FAIL" : "pass",
	    color(c, C_RESET), why);
	free(why);
}

static void
print_tailoring(const struct text_ctx *c)
{
	const struct tailoring_info *ti = tailoring_info(c->r->tailoring);

	fputs("tailoring: ", c->fp);
	put(c, ti->id);
	if (ti->title != NULL) {
		fputs(" (", c->fp);
		put(c, ti->title);
		fputc(')', c->fp);
	}
	fputs(" extends ", c->fp);
	put(c, ti->extends);
	fputs(": ", c->fp);
	put(c, ti->reason);
	fputc('\n', c->fp);
	for (size_t i = 0; i < ti->nchanges; i++) {
		const struct tailor_change *ch = &ti->changes[i];

		fprintf(c->fp, "  %s ", tailor_kind_str(ch->kind));
		put(c, ch->target);
		if (ch->value != NULL) {
			fputs(ch->kind == TAILOR_SEVERITY ? " -> " : " = ",
			    c->fp);
			put(c, ch->value);
		}
		if (ch->reason != NULL) {
			fputs(": ", c->fp);
			put(c, ch->reason);
		}
		fputc('\n', c->fp);
	}
}

/* The waivers that did not apply: expired ones, then stale ones. */
static void
print_waiver_lists(const struct text_ctx *c)
{
	const struct waiver_set *ws = c->r->waivers;
	static const struct {
		enum waiver_state st;
		const char *title;
	} lists[] = {
		{ WAIVER_EXPIRED, "expired waivers (they no longer apply)" },
		{ WAIVER_STALE, "stale waivers (they match no failing "
		    "finding)" },
	};

	for (size_t k = 0; k < sizeof(lists) / sizeof(lists[0]); k++) {
		bool head = false;

		for (size_t i = 0; i < waiver_count(ws); i++) {
			const struct waiver *w = waiver_get(ws, i);

			if (w->state != lists[k].st)
				continue;
			if (!head)
				fprintf(c->fp, "\n%s:\n", lists[k].title);
			head = true;
			fputs("  ", c->fp);
			put(c, w->at.file);
			fprintf(c->fp, ":%u: rule ", w->at.line);
			put(c, w->rule);
			if (w->path != NULL) {
				fputs(" path ", c->fp);
				put(c, w->path);
			}
			if (w->state == WAIVER_EXPIRED) {
				fputs(" expired on ", c->fp);
				put(c, w->expires);
			}
			fputc('\n', c->fp);
		}
	}
}

static void
print_baseline(const struct text_ctx *c)
{
	const struct baseline *b = c->r->baseline;

	fputs("\nbaseline ", c->fp);
	put(c, baseline_path(b));
	fprintf(c->fp, ": %zu new, %zu unchanged, %zu fixed\n",
	    baseline_new_count(b), baseline_unchanged_count(b),
	    baseline_fixed_count(b));
	for (size_t i = 0; i < baseline_fixed_count(b) &&
	    i < TEXT_EVIDENCE_MAX; i++) {
		const struct baseline_finding *f = baseline_fixed(b, i);

		fputs("  fixed: ", c->fp);
		put(c, f->rule);
		if (f->path != NULL) {
			fputc(' ', c->fp);
			put(c, f->path);
		}
		if (f->message != NULL) {
			fputs(": ", c->fp);
			put(c, f->message);
		}
		fputc('\n', c->fp);
	}
	if (baseline_fixed_count(b) > TEXT_EVIDENCE_MAX)
		fprintf(c->fp, "  ... and %zu more\n",
		    baseline_fixed_count(b) - TEXT_EVIDENCE_MAX);
}

/* "profiles: ID, ID" and one "pack ID VERSION (BENCHMARK)" line per
 * pack: which benchmark version was applied. */
static void
print_packs(const struct text_ctx *c)
{
	const struct plan *p = c->r->plan;
	const struct pack **v = report_packs(c->r);

	if (p != NULL && plan_profile_count(p) > 0) {
		fputs("profiles: ", c->fp);
		for (size_t i = 0; i < plan_profile_count(p); i++) {
			if (i > 0)
				fputs(", ", c->fp);
			put(c, plan_profile(p, i)->id);
		}
		fputc('\n', c->fp);
	}
	for (size_t i = 0; v[i] != NULL; i++) {
		char *t = report_pack_text(v[i]);

		fputs("pack ", c->fp);
		put(c, t);
		fputc('\n', c->fp);
		free(t);
	}
	free(v);
}

static int
text_write(const struct scan_report *r, FILE *fp, struct diag *d)
{
	struct text_ctx c = { r, fp };

	fputs("assay ", fp);
	put(&c, r->tool_version);
	fputs(": ", fp);
	put(&c, r->target_path);
	if (r->target_describe != NULL || r->target_kind != NULL) {
		fputs(" (", fp);
		put(&c, r->target_describe != NULL ? r->target_describe :
		    r->target_kind);
		fputc(')', fp);
	}
	fputc('\n', fp);
	if (r->image_id != NULL) {
		fputs("image id ", fp);
		put(&c, r->image_id);
		if (r->manifest_digest != NULL) {
			fputs(", manifest ", fp);
			put(&c, r->manifest_digest);
		}
		fputc('\n', fp);
	}
	print_packs(&c);
	if (r->tailoring != NULL)
		print_tailoring(&c);
	fputc('\n', fp);
	for (size_t gi = 0; gi < sizeof(groups) / sizeof(groups[0]); gi++)
		print_group(&c, gi);
	if (r->waivers != NULL)
		print_waiver_lists(&c);
	if (r->baseline != NULL)
		print_baseline(&c);
	print_summary(&c);
	if (fflush(fp) == 0 && !ferror(fp))
		return 0;
	diag_add(d, NULL, "text: cannot write the report");
	return -1;
}

const struct report_ops report_text = {
	.name = "text",
	.write = text_write,
};
