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
 *
 * Wrapping: each line is built in a buffer and written by endl(). With a
 * width (--width N, or the terminal's when the report goes to one, see
 * text_width()), a line longer than the width is cut at its last space
 * that fits (else after a '/', else at the width) and continues under a
 * hanging indent, so an evidence line stays visibly one item on a
 * 100-column terminal. Columns are counted as code points (a wide CJK
 * character counts one); colour escapes count none. A file or a pipe is
 * never wrapped unless --width asks: a CI log keeps one line per item
 * for grep.
 */
#include "config.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "assay/baseline.h"
#include "assay/report.h"
#include "assay/strbuf.h"
#include "assay/tailoring.h"
#include "assay/waiver.h"
#include "assay/xmem.h"

#include "report_private.h"

/* Evidence lines printed per failing rule; JSON has them all. */
#define TEXT_EVIDENCE_MAX	20
/* The narrowest terminal wrapped to (--width refuses less): below it a
 * hanging indent leaves too little room, and the terminal's own wrap
 * reads better. The widest: past it a line is as good as unwrapped. */
#define TEXT_WIDTH_MIN		40
#define TEXT_WIDTH_MAX		10000
/* Continuation lines: under the title of a rule line ("FAIL   " is 7
 * columns), 4 deeper than an indented line. */
#define TEXT_HANG_RULE		7
#define TEXT_HANG_MORE		4

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
	size_t			 width;	/* 0: never wrap */
	/* The line being built; endl() writes it. It holds strings already
	 * in memory (sanitized evidence, titles), so it needs no cap of its
	 * own. */
	struct strbuf		 line;
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
put(struct text_ctx *c, const char *s)
{
	char *t = report_str(s);

	for (const char *p = t; p != NULL && *p != '\0'; p++) {
		if (*p == '\n')
			(void)strbuf_addstr(&c->line, "\\n");
		else if (*p == '\r')
			(void)strbuf_addstr(&c->line, "\\r");
		else if (*p == '\t')
			(void)strbuf_addstr(&c->line, "\\t");
		else
			(void)strbuf_addch(&c->line, *p);
	}
	free(t);
}

/* Our own text (labels, counts, colour codes): no sanitizing. */
static void
out(struct text_ctx *c, const char *s)
{
	(void)strbuf_addstr(&c->line, s);
}

static void
outf(struct text_ctx *c, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
outf(struct text_ctx *c, const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	s = xvasprintf(fmt, ap);
	va_end(ap);
	(void)strbuf_addstr(&c->line, s);
	free(s);
}

/* Columns of S[0..N): code points, not counting UTF-8 continuation
 * bytes or colour escapes (ESC [ ... m). */
static size_t
columns(const char *s, size_t n)
{
	size_t w = 0;

	for (size_t i = 0; i < n; i++) {
		if (s[i] == '\033') {
			while (i < n && s[i] != 'm')
				i++;
			continue;
		}
		if (((unsigned char)s[i] & 0xc0) != 0x80)
			w++;
	}
	return w;
}

/* Where to end the piece of S (at most AVAIL columns, S longer than
 * that) and where the next piece starts: after the last space that fits
 * (the spaces dropped), else after the last '/' past the middle (a path
 * stays readable), else at AVAIL columns. Never inside a UTF-8 sequence or an escape. */
static void
wrap_point(const char *s, size_t avail, size_t *end, size_t *next)
{
	size_t i = 0, w = 0, sp = 0, sl = 0;

	/* A '/' in the first half would leave a stub ("/" of "/etc/..." on
	 * a line of its own): only a later one is a break. */
	while (s[i] != '\0') {
		size_t k = i + 1;

		if (s[i] == '\033') {
			while (s[k] != '\0' && s[k - 1] != 'm')
				k++;
			i = k;
			continue;
		}
		if (s[i] == ' ' && i > 0)
			sp = i;		/* a space right at the edge counts */
		if (w == avail)
			break;		/* s[i] does not fit */
		while (((unsigned char)s[k] & 0xc0) == 0x80)
			k++;
		w++;
		if (s[i] == '/' && w >= avail / 2)
			sl = k;
		i = k;
	}
	if (sp > 0) {
		*end = sp;
		while (*end > 1 && s[*end - 1] == ' ')
			(*end)--;
		*next = sp;
		while (s[*next] == ' ')
			(*next)++;
	} else
		*end = *next = sl > 0 ? sl : i;
}

/* Write the line built so far and a newline, wrapped to c->width.
 * Continuation lines hang under the title of a rule line, or 4 columns
 * deeper than an indented line. */
static void
endl(struct text_ctx *c)
{
	const char *s = c->line.buf != NULL ? c->line.buf : "";
	size_t lead = strspn(s, " ");
	size_t hang = lead > 0 ? lead + TEXT_HANG_MORE : TEXT_HANG_RULE;
	size_t indent = 0;

	if (c->width == 0 || columns(s, strlen(s)) <= c->width) {
		fputs(s, c->fp);
		fputc('\n', c->fp);
		strbuf_reset(&c->line);
		return;
	}
	/* The leading indent is not a place to break. */
	fwrite(s, 1, lead, c->fp);
	indent = lead;
	s += lead;
	if (hang + 20 > c->width)
		hang = c->width > 20 ? c->width - 20 : 0;
	while (columns(s, strlen(s)) > c->width - indent) {
		size_t end, next;

		wrap_point(s, c->width - indent, &end, &next);
		fwrite(s, 1, end, c->fp);
		fprintf(c->fp, "\n%*s", (int)hang, "");
		indent = hang;
		s += next;
	}
	fputs(s, c->fp);
	fputc('\n', c->fp);
	strbuf_reset(&c->line);
}

static void
print_evidence(struct text_ctx *c, const struct evidence *e,
    bool context)
{
	struct strbuf b = STRBUF_INIT;

	report_evidence_text(&b, e, true);
	out(c, context ? "      context: " : "      ");
	put(c, b.buf);
	if (e->waiver != NULL)
		out(c, " [waived]");
	endl(c);
	strbuf_release(&b);
}

/* "      waived: JUSTIFICATION (owner ...) [FILE:LINE]". */
static void
print_waiver(struct text_ctx *c, const struct waiver *w)
{
	char *t = report_waiver_text(w);

	out(c, "      waived: ");
	put(c, t);
	out(c, " [");
	put(c, w->at.file);
	outf(c, ":%u]", w->at.line);
	endl(c);
	free(t);
}

static void
print_rule(struct text_ctx *c, size_t gi, size_t i)
{
	const struct result *res = &c->r->results[i];
	const struct rule *rule = report_rule(c->r, i);
	size_t n;

	outf(c, "%s%-6s%s [%s] ", color(c, groups[gi].color),
	    groups[gi].label, color(c, C_RESET),
	    severity_str(scan_severity(c->r, i)));
	put(c, rule->id);
	if (rule->title != NULL) {
		out(c, ": ");
		put(c, rule->title);
	}
	if (res->baseline != BASELINE_NONE)
		outf(c, " [%s]", baseline_state_str(res->baseline));
	endl(c);
	if (res->waiver != NULL)
		print_waiver(c, res->waiver);
	if (res->note != NULL) {
		out(c, "      note: ");
		put(c, res->note);
		endl(c);
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
		out(c, "      ");
		put(c, res->message);
		endl(c);
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
	if (n > TEXT_EVIDENCE_MAX || res->ev.dropped > 0) {
		outf(c, "      ... and %zu more",
		    (n > TEXT_EVIDENCE_MAX ? n - TEXT_EVIDENCE_MAX : 0) +
		    res->ev.dropped);
		endl(c);
	}
}

static void
print_group(struct text_ctx *c, size_t gi)
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
print_summary(struct text_ctx *c)
{
	const struct summary *s = &c->r->sum;
	const char *sep = " (";
	bool fail;
	char *why;

	endl(c);
	outf(c, "%zu rule%s: %zu passed, %zu failed", s->total,
	    s->total == 1 ? "" : "s", s->count[ST_PASS], s->count[ST_FAIL]);
	for (int sev = SEV__COUNT - 1; sev >= 0; sev--) {
		if (s->fail_by_sev[sev] == 0)
			continue;
		outf(c, "%s%zu %s", sep, s->fail_by_sev[sev],
		    severity_str((enum severity)sev));
		sep = ", ";
	}
	outf(c, "%s, %zu errors, %zu not applicable, %zu not checked",
	    *sep == ',' ? ")" : "", s->count[ST_ERROR],
	    s->count[ST_NOTAPPLICABLE], s->count[ST_NOTCHECKED]);
	if (s->count[ST_WAIVED] > 0)
		outf(c, ", %zu waived", s->count[ST_WAIVED]);
	endl(c);
	if (!c->r->text_all && s->count[ST_PASS] + s->count[ST_NOTAPPLICABLE] +
	    s->count[ST_NOTCHECKED] > 0) {
		out(c, "(passing, not applicable and not checked rules: "
		    "--show-all lists them)");
		endl(c);
	}
	why = report_verdict(c->r, &fail);
	outf(c, "%sverdict: %s%s (%s)",
	    color(c, fail ? C_BOLDRED : C_GREEN), fail ? "FAIL" : "pass",
	    color(c, C_RESET), why);
	endl(c);
	free(why);
}

static void
print_tailoring(struct text_ctx *c)
{
	const struct tailoring_info *ti = tailoring_info(c->r->tailoring);

	out(c, "tailoring: ");
	put(c, ti->id);
	if (ti->title != NULL) {
		out(c, " (");
		put(c, ti->title);
		out(c, ")");
	}
	out(c, " extends ");
	put(c, ti->extends);
	out(c, ": ");
	put(c, ti->reason);
	endl(c);
	for (size_t i = 0; i < ti->nchanges; i++) {
		const struct tailor_change *ch = &ti->changes[i];

		outf(c, "  %s ", tailor_kind_str(ch->kind));
		put(c, ch->target);
		if (ch->value != NULL) {
			out(c, ch->kind == TAILOR_SEVERITY ? " -> " : " = ");
			put(c, ch->value);
		}
		if (ch->reason != NULL) {
			out(c, ": ");
			put(c, ch->reason);
		}
		endl(c);
	}
}

/* The waivers that did not apply: expired ones, then stale ones. */
static void
print_waiver_lists(struct text_ctx *c)
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
			if (!head) {
				endl(c);
				outf(c, "%s:", lists[k].title);
				endl(c);
			}
			head = true;
			out(c, "  ");
			put(c, w->at.file);
			outf(c, ":%u: rule ", w->at.line);
			put(c, w->rule);
			if (w->path != NULL) {
				out(c, " path ");
				put(c, w->path);
			}
			if (w->state == WAIVER_EXPIRED) {
				out(c, " expired on ");
				put(c, w->expires);
			}
			endl(c);
		}
	}
}

static void
print_baseline(struct text_ctx *c)
{
	const struct baseline *b = c->r->baseline;

	endl(c);
	out(c, "baseline ");
	put(c, baseline_path(b));
	outf(c, ": %zu new, %zu unchanged, %zu fixed",
	    baseline_new_count(b), baseline_unchanged_count(b),
	    baseline_fixed_count(b));
	endl(c);
	for (size_t i = 0; i < baseline_fixed_count(b) &&
	    i < TEXT_EVIDENCE_MAX; i++) {
		const struct baseline_finding *f = baseline_fixed(b, i);

		out(c, "  fixed: ");
		put(c, f->rule);
		if (f->path != NULL) {
			out(c, " ");
			put(c, f->path);
		}
		if (f->message != NULL) {
			out(c, ": ");
			put(c, f->message);
		}
		endl(c);
	}
	if (baseline_fixed_count(b) > TEXT_EVIDENCE_MAX) {
		outf(c, "  ... and %zu more",
		    baseline_fixed_count(b) - TEXT_EVIDENCE_MAX);
		endl(c);
	}
}

/* "profiles: ID, ID" and one "pack ID VERSION (BENCHMARK)" line per
 * pack: which benchmark version was applied. */
static void
print_packs(struct text_ctx *c)
{
	const struct plan *p = c->r->plan;
	const struct pack **v = report_packs(c->r);

	if (p != NULL && plan_profile_count(p) > 0) {
		out(c, "profiles: ");
		for (size_t i = 0; i < plan_profile_count(p); i++) {
			if (i > 0)
				out(c, ", ");
			put(c, plan_profile(p, i)->id);
		}
		endl(c);
	}
	for (size_t i = 0; v[i] != NULL; i++) {
		char *t = report_pack_text(v[i]);

		out(c, "pack ");
		put(c, t);
		endl(c);
		free(t);
	}
	free(v);
}

/* The width to wrap at: --width's (r->text_width >= 0), else, when FP
 * is a terminal, COLUMNS (the user's say, as GNU ls and bash set it) or
 * the terminal's own width (TIOCGWINSZ); a file or a pipe is not
 * wrapped. A width under TEXT_WIDTH_MIN is not wrapped to. */
static size_t
text_width(const struct scan_report *r, FILE *fp)
{
	struct winsize ws;
	const char *env = getenv("COLUMNS");
	unsigned long w = 0;
	char *end;

	if (r->text_width >= 0)
		w = (unsigned long)r->text_width;
	else if (isatty(fileno(fp))) {
		if (env != NULL && *env >= '1' && *env <= '9') {
			w = strtoul(env, &end, 10);
			if (*end != '\0')
				w = 0;
		}
		if (w == 0 && ioctl(fileno(fp), TIOCGWINSZ, &ws) == 0)
			w = ws.ws_col;
	}
	return w >= TEXT_WIDTH_MIN && w <= TEXT_WIDTH_MAX ? (size_t)w : 0;
}

static int
text_write(const struct scan_report *r, FILE *fp, struct diag *d)
{
	struct text_ctx c = { r, fp, text_width(r, fp), STRBUF_INIT };

	out(&c, "assay ");
	put(&c, r->tool_version);
	out(&c, ": ");
	put(&c, r->target_path);
	if (r->target_describe != NULL || r->target_kind != NULL) {
		out(&c, " (");
		put(&c, r->target_describe != NULL ? r->target_describe :
		    r->target_kind);
		out(&c, ")");
	}
	endl(&c);
	if (r->image_id != NULL) {
		out(&c, "image id ");
		put(&c, r->image_id);
		if (r->manifest_digest != NULL) {
			out(&c, ", manifest ");
			put(&c, r->manifest_digest);
		}
		endl(&c);
	}
	print_packs(&c);
	if (r->tailoring != NULL)
		print_tailoring(&c);
	endl(&c);
	for (size_t gi = 0; gi < sizeof(groups) / sizeof(groups[0]); gi++)
		print_group(&c, gi);
	if (r->waivers != NULL)
		print_waiver_lists(&c);
	if (r->baseline != NULL)
		print_baseline(&c);
	print_summary(&c);
	strbuf_release(&c.line);
	if (fflush(fp) == 0 && !ferror(fp))
		return 0;
	diag_add(d, NULL, "text: cannot write the report");
	return -1;
}

const struct report_ops report_text = {
	.name = "text",
	.write = text_write,
};
