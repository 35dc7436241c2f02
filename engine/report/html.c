/*
 * html.c -- the HTML report: one self-contained page an auditor can read.
 *
 * `--format html=FILE` writes a single file that works offline and fetches
 * nothing: the CSS, the charts (inline SVG) and a small vanilla script are
 * all inside it, and a Content-Security-Policy (default-src 'none', the
 * script allowed by its SHA-256 only) makes that a guarantee rather than
 * a habit: even a string that slipped past the escaper could not load or
 * run anything. Every string from the target, the policies or the command
 * line goes through report_str() and then a real HTML escaper (& < > " ')
 * before it is written, in text and attributes alike, so a file named
 * `<script>alert(1)</script>` is shown as text. Only references whose
 * value is an http(s) URL become links.
 *
 * The page: the target, profiles, version, time and the verdict against
 * --fail-on; counts by status (each `<span id="count-STATUS"
 * data-count="N">`, which the end-to-end test reads back) and failing
 * rules by severity as SVG bars with the numbers as text; then every rule,
 * failures first, with its evidence, remediation, rationale, references,
 * tags and waiver. Filters by status, severity and tag need the script;
 * without it the filter bar stays hidden and every rule is listed. The
 * filter state lives in the URL fragment (`#status=fail&tag=ssh`), so a
 * link to a filtered view works and the status cards are plain links.
 * Printed, the page is black on white without the controls, the rules
 * start on a new page, and the script opens the failing, erroring and
 * waived rules first (the @media print part of the CSS).
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

/* Evidence rows shown per rule (the JSON report has them all) and fixed
 * baseline findings listed: a walk over a broken image must not make a
 * page no browser can open. */
#define HTML_EVIDENCE_MAX	100
#define HTML_FIXED_MAX		100
/* Distinct tags offered by the tag filter. */
#define HTML_TAGS_MAX		200
/* Width of the longest severity bar, in SVG user units. */
#define HTML_BAR_MAX		300

/* Statuses in the order the page lists them, with their label, badge
 * text and CSS class; data-status and the count ids use status_str(). */
static const struct {
	enum status	 st;
	const char	*label;
	const char	*badge;
	const char	*css;
} statuses[] = {
	{ ST_FAIL, "Fail", "fail", "fail" },
	{ ST_ERROR, "Error", "error", "error" },
	{ ST_WAIVED, "Waived", "waived", "waived" },
	{ ST_PASS, "Pass", "pass", "pass" },
	{ ST_NOTAPPLICABLE, "Not applicable", "n/a", "na" },
	{ ST_NOTCHECKED, "Manual", "manual", "manual" },
};
#define NSTATUSES	(sizeof(statuses) / sizeof(statuses[0]))

/* Bar colours by severity (the CSS uses the same ones). */
static const char *const sev_colors[SEV__COUNT] = {
	[SEV_INFO] = "#2563eb",
	[SEV_LOW] = "#ca8a04",
	[SEV_MEDIUM] = "#ea580c",
	[SEV_HIGH] = "#dc2626",
	[SEV_CRITICAL] = "#7f1d1d",
};

static const char html_css[] =
":root{--fg:#1e293b;--muted:#64748b;--line:#e2e8f0;--bg:#f1f5f9;"
"--card:#fff;--pass:#15803d;--fail:#b91c1c;--error:#b45309;"
"--waived:#7c3aed;--na:#64748b;--manual:#0369a1}\n"
"*{box-sizing:border-box}\n"
"[hidden]{display:none!important}\n"
"body{margin:0;background:var(--bg);color:var(--fg);font:14px/1.5 "
"system-ui,-apple-system,'Segoe UI',Roboto,'Helvetica Neue',Arial,"
"sans-serif}\n"
"code,.mono{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,"
"'DejaVu Sans Mono',monospace;font-size:12.5px}\n"
"a{color:#1d4ed8}\n"
".wrap{max-width:1180px;margin:0 auto;padding:0 28px}\n"
"header.top{background:#0f172a;color:#f8fafc;padding:26px 0 22px}\n"
"header.top .wrap{display:flex;gap:24px;align-items:center;"
"justify-content:space-between}\n"
".brand{font-size:12px;letter-spacing:.12em;text-transform:uppercase;"
"color:#94a3b8}\n"
"h1{font-size:22px;font-weight:600;margin:2px 0 4px}\n"
"h1 code{font-size:19px;color:#e2e8f0;word-break:break-all}\n"
".sub{color:#cbd5e1;font-size:13px}\n"
".verdict{text-align:right;flex:none}\n"
".verdict .v{display:inline-block;padding:7px 18px;border-radius:6px;"
"font-weight:700;font-size:18px;letter-spacing:.06em}\n"
".verdict .v.pass{background:#dcfce7;color:#14532d}\n"
".verdict .v.fail{background:#fee2e2;color:#7f1d1d}\n"
".verdict .why{color:#cbd5e1;font-size:12.5px;margin-top:6px}\n"
"main{padding:22px 0 40px}\n"
".panel{background:var(--card);border:1px solid var(--line);"
"border-radius:8px;padding:18px 20px;margin-bottom:18px}\n"
"h2{font-size:15px;font-weight:600;margin:0 0 12px}\n"
"dl.meta{display:grid;grid-template-columns:repeat(auto-fill,"
"minmax(250px,1fr));gap:10px 24px;margin:0}\n"
"dl.meta dt{font-size:11px;text-transform:uppercase;letter-spacing:.08em;"
"color:var(--muted)}\n"
"dl.meta dd{margin:0;word-break:break-word}\n"
".summary{display:grid;grid-template-columns:1fr 1fr;gap:18px}\n"
".cards{display:grid;grid-template-columns:repeat(4,1fr);gap:10px}\n"
".card{display:block;border:1px solid var(--line);border-left:4px solid "
"var(--na);border-radius:6px;padding:8px 12px;color:inherit;"
"text-decoration:none}\n"
".card:hover{background:#f8fafc}\n"
".card .num{display:block;font-size:24px;font-weight:600;"
"line-height:1.2}\n"
".card .lbl{font-size:12px;color:var(--muted)}\n"
".card.fail{border-left-color:var(--fail)}"
".card.error{border-left-color:var(--error)}"
".card.waived{border-left-color:var(--waived)}"
".card.pass{border-left-color:var(--pass)}"
".card.manual{border-left-color:var(--manual)}"
".card.total{border-left-color:#0f172a}\n"
".chart text{font-size:12px;fill:#334155}\n"
".chart .n{font-weight:600}\n"
".dist{margin-top:14px}\n"
".note{font-size:12.5px;color:var(--muted);margin:8px 0 0}\n"
".filters{display:flex;flex-wrap:wrap;gap:14px;align-items:center;"
"position:sticky;top:0;z-index:2}\n"
".filters label{font-size:12px;color:var(--muted)}\n"
".filters select{margin-left:6px;font:inherit;padding:3px 6px;"
"border:1px solid #cbd5e1;border-radius:4px;background:#fff}\n"
".filters button{font:inherit;padding:3px 10px;border:1px solid #cbd5e1;"
"border-radius:4px;background:#f8fafc;cursor:pointer}\n"
".filters .shown{margin-left:auto;color:var(--muted);font-size:12.5px}\n"
"details.rule{background:var(--card);border:1px solid var(--line);"
"border-left:4px solid var(--na);border-radius:6px;margin-bottom:8px}\n"
"details.rule.fail{border-left-color:var(--fail)}"
"details.rule.error{border-left-color:var(--error)}"
"details.rule.waived{border-left-color:var(--waived)}"
"details.rule.pass{border-left-color:var(--pass)}"
"details.rule.manual{border-left-color:var(--manual)}\n"
"summary{display:flex;gap:10px;align-items:baseline;padding:9px 14px;"
"cursor:pointer;list-style:none}\n"
"summary::-webkit-details-marker{display:none}\n"
"summary .t{font-weight:600;flex:1}\n"
"summary code{color:var(--muted)}\n"
".badge{flex:none;width:62px;text-align:center;font-size:11px;"
"font-weight:700;letter-spacing:.05em;border-radius:4px;padding:1px 0;"
"text-transform:uppercase;"
"color:#fff;background:var(--na)}\n"
".badge.fail{background:var(--fail)}.badge.error{background:var(--error)}"
".badge.waived{background:var(--waived)}.badge.pass{background:var(--pass)}"
".badge.manual{background:var(--manual)}\n"
".sev{flex:none;width:62px;font-size:11px;font-weight:600;"
"text-transform:uppercase;letter-spacing:.04em}\n"
"tr.ctx td{color:#57606a}"
".sev.critical{color:#7f1d1d}.sev.high{color:#dc2626}"
".sev.medium{color:#c2410c}.sev.low{color:#a16207}.sev.info{color:#2563eb}"
"\n"
".chip{display:inline-block;font-size:11px;border-radius:10px;"
"padding:0 8px;background:#e2e8f0;color:#334155;margin:0 4px 2px 0}\n"
".chip.new{background:#fee2e2;color:#991b1b;font-weight:600}\n"
".layer{display:block;font-size:12px;color:#57606a}\n"
".body{padding:2px 16px 14px 16px;border-top:1px solid var(--line)}\n"
".body h3{font-size:11px;text-transform:uppercase;letter-spacing:.08em;"
"color:var(--muted);margin:14px 0 4px}\n"
".prose{white-space:pre-wrap;margin:0}\n"
".prose code,td code{background:#f1f5f9;border-radius:3px;"
"padding:0 3px}\n"
"table{border-collapse:collapse;width:100%}\n"
"th,td{text-align:left;vertical-align:top;padding:4px 8px;"
"border-bottom:1px solid var(--line);word-break:break-word}\n"
"th{font-size:11px;font-weight:600;color:var(--muted);"
"text-transform:uppercase;letter-spacing:.05em;white-space:nowrap;"
"word-break:normal}\n"
"table.ev td:first-child{width:34%}\n"
".box{border-radius:6px;padding:8px 12px;margin-top:12px}\n"
".box.waiver{background:#f5f3ff;border:1px solid #ddd6fe}\n"
".box.warn{background:#fffbeb;border:1px solid #fde68a}\n"
".msg{margin:10px 0 0}\n"
"footer{color:var(--muted);font-size:12px;padding:0 0 30px}\n"
"@media (max-width:800px){.summary{grid-template-columns:1fr}"
".cards{grid-template-columns:repeat(2,1fr)}}\n"
".ponly{display:none}\n"
/* Paper: black on white (the dark header too), no controls, the summary
 * on the first page and the rules from a new one (failures opened by the
 * script, the rest one line each), a rule may run over a page but not
 * inside a table row or box, status colours printed even when the
 * browser drops backgrounds, and each reference link's address shown. */
"@media print{@page{margin:14mm 12mm}\n"
"body{background:#fff;font-size:12px}.wrap{max-width:none;padding:0}\n"
".filters,footer{display:none!important}.ponly{display:block}\n"
"header.top{background:#fff;color:#000;border-bottom:2px solid #000;"
"padding:0 0 10px}\n"
"header.top .brand,header.top .sub,.verdict .why{color:#334155}"
"h1 code{color:#000}\n"
"main{padding:12px 0 0}.panel{break-inside:avoid}\n"
".summary{grid-template-columns:1fr 1fr}"
".cards{grid-template-columns:repeat(3,1fr)}\n"
"#rules,.psect{break-before:page}\n"
"details.rule:not([open]){margin-bottom:3px}"
"details.rule:not([open]) summary{padding:3px 12px}\n"
"summary,tr,.box,.msg,dl,svg{break-inside:avoid}"
"summary,h2,h3{break-after:avoid}\n"
".badge,.verdict .v,.chip,.card,details.rule,.sev{"
"-webkit-print-color-adjust:exact;print-color-adjust:exact}\n"
"a[href^=\"http\"]::after{content:\" <\" attr(href) \">\";"
"font-size:11px;color:#334155;word-break:break-all}}\n";

/* The filter script. Its SHA-256 is in the page's CSP: after changing
 * one byte here, update HTML_SCRIPT_SHA256 (tests/e2e/html.sh computes
 * the right value and fails when they differ, since Chromium would refuse
 * to run the script). */
static const char html_js[] =
"(function () {\n"
"'use strict';\n"
"var keys = ['status', 'severity', 'tag'];\n"
"var rules = Array.prototype.slice.call("
"document.querySelectorAll('details.rule'));\n"
"var shown = document.getElementById('shown');\n"
"function sel(k) { return document.getElementById('f-' + k); }\n"
"function tags(r) {\n"
"  return Array.prototype.map.call(r.querySelectorAll('.tag'),\n"
"    function (t) { return t.textContent; });\n"
"}\n"
"function apply() {\n"
"  var st = sel('status').value, sv = sel('severity').value;\n"
"  var tg = sel('tag').value, n = 0;\n"
"  rules.forEach(function (r) {\n"
"    var ok = (!st || r.getAttribute('data-status') === st) &&\n"
"      (!sv || r.getAttribute('data-severity') === sv) &&\n"
"      (!tg || tags(r).indexOf(tg) >= 0);\n"
"    r.hidden = !ok;\n"
"    if (ok) n++;\n"
"  });\n"
"  shown.textContent = n;\n"
"  shown.setAttribute('data-count', n);\n"
"}\n"
"function fromHash() {\n"
"  var q = {};\n"
"  location.hash.replace(/^#/, '').split('&').forEach(function (kv) {\n"
"    var i = kv.indexOf('=');\n"
"    try {\n"
"      if (i > 0) q[decodeURIComponent(kv.slice(0, i))] =\n"
"        decodeURIComponent(kv.slice(i + 1));\n"
"    } catch (e) { /* a malformed fragment filters nothing */ }\n"
"  });\n"
"  keys.forEach(function (k) {\n"
"    var s = sel(k), v = q[k] || '';\n"
"    s.value = v;\n"
"    if (s.value !== v) s.value = '';\n"
"  });\n"
"  apply();\n"
"  var o = q.open ? document.getElementById('r-' + q.open) : null;\n"
"  if (o && o.parentNode.tagName === 'DETAILS') o.parentNode.open = true;\n"
"}\n"
"function toHash() {\n"
"  var h = keys.filter(function (k) { return sel(k).value; })\n"
"    .map(function (k) {\n"
"      return k + '=' + encodeURIComponent(sel(k).value);\n"
"    }).join('&');\n"
"  try {\n"
"    history.replaceState(null, '', h ? '#' + h :\n"
"      location.pathname + location.search);\n"
"  } catch (e) { location.hash = h; }\n"
"  apply();\n"
"}\n"
"keys.forEach(function (k) { sel(k).addEventListener('change', toHash); });\n"
"document.getElementById('f-reset').addEventListener('click',\n"
"  function () {\n"
"    keys.forEach(function (k) { sel(k).value = ''; });\n"
"    toHash();\n"
"  });\n"
"window.addEventListener('hashchange', fromHash);\n"
"window.addEventListener('beforeprint', function () {\n"
"  rules.forEach(function (r) {\n"
"    if (/^(fail|error|waived)$/.test(r.getAttribute('data-status')))\n"
"      r.open = true;\n"
"  });\n"
"});\n"
"document.getElementById('filters').hidden = false;\n"
"fromHash();\n"
"}());\n";

#define HTML_SCRIPT_SHA256 "QkGCrDIuEd4uNCucVAm14BgKl8XlOLj9fWSXjF0BAdc="

struct html_ctx {
	const struct scan_report	*r;
	FILE				*fp;
};

/* Write S (sanitized) HTML-escaped: safe as element text and as a quoted
 * attribute value. NULL writes nothing. */
static void
esc(const struct html_ctx *c, const char *s)
{
	char *t = report_str(s);

	for (const char *p = t; p != NULL && *p != '\0'; p++) {
		switch (*p) {
		case '&':
			fputs("&amp;", c->fp);
			break;
		case '<':
			fputs("&lt;", c->fp);
			break;
		case '>':
			fputs("&gt;", c->fp);
			break;
		case '"':
			fputs("&quot;", c->fp);
			break;
		case '\'':
			fputs("&#39;", c->fp);
			break;
		default:
			fputc(*p, c->fp);
		}
	}
	free(t);
}

/* Like esc(), but text between a pair of backticks becomes <code> (policy
 * prose writes `PermitRootLogin no` that way). */
static void
esc_prose(const struct html_ctx *c, const char *s)
{
	char *t = xstrdup(s);
	char *p = t;

	for (;;) {
		char *open = strchr(p, '`');
		char *close = open != NULL ? strchr(open + 1, '`') : NULL;

		if (close == NULL) {
			esc(c, p);
			break;
		}
		*open = '\0';
		*close = '\0';
		esc(c, p);
		fputs("<code>", c->fp);
		esc(c, open + 1);
		fputs("</code>", c->fp);
		p = close + 1;
	}
	free(t);
}

/* An http(s) URL with no byte a URL cannot hold, so it may be a link. */
static bool
is_web_url(const char *s)
{
	if (strncmp(s, "https://", 8) != 0 && strncmp(s, "http://", 7) != 0)
		return false;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if (*p <= 0x20 || *p >= 0x7f || strchr("\"'<>\\^`{|}", *p))
			return false;
	return true;
}

static const char *
status_css(enum status st)
{
	for (size_t k = 0; k < NSTATUSES; k++)
		if (statuses[k].st == st)
			return statuses[k].css;
	return "na";
}

static const char *
status_badge(enum status st)
{
	for (size_t k = 0; k < NSTATUSES; k++)
		if (statuses[k].st == st)
			return statuses[k].badge;
	return "?";
}

static void
put_head(const struct html_ctx *c)
{
	fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n"
	    "<meta charset=\"utf-8\">\n"
	    "<meta name=\"viewport\" content=\"width=device-width, "
	    "initial-scale=1\">\n"
	    "<meta http-equiv=\"Content-Security-Policy\" content=\""
	    "default-src 'none'; style-src 'unsafe-inline'; "
	    "script-src 'sha256-" HTML_SCRIPT_SHA256 "'; "
	    "img-src data:; base-uri 'none'; form-action 'none'\">\n"
	    "<meta name=\"referrer\" content=\"no-referrer\">\n"
	    "<meta name=\"generator\" content=\"assay ", c->fp);
	esc(c, c->r->tool_version);
	fputs("\">\n<title>assay report: ", c->fp);
	esc(c, c->r->target_path);
	fprintf(c->fp, "</title>\n<style>\n%s</style>\n</head>\n", html_css);
}

/* The verdict badge and the sentence under it, as the text report says
 * it. */
static void
put_verdict(const struct html_ctx *c)
{
	bool fail;
	char *why = report_verdict(c->r, &fail);

	fprintf(c->fp, "<div class=\"verdict\"><span class=\"v %s\" "
	    "id=\"verdict\" data-verdict=\"%s\">%s</span>\n"
	    "<div class=\"why\">", fail ? "fail" : "pass",
	    fail ? "fail" : "pass", fail ? "FAIL" : "PASS");
	fputs(why, c->fp);	/* our own words: no target text to escape */
	fputs("</div></div>\n", c->fp);
	free(why);
}

static void
put_header(const struct html_ctx *c)
{
	fputs("<header class=\"top\"><div class=\"wrap\"><div>\n"
	    "<div class=\"brand\">assay compliance report</div>\n"
	    "<h1><code>", c->fp);
	esc(c, c->r->target_path);
	fputs("</code></h1>\n<div class=\"sub\">", c->fp);
	esc(c, c->r->target_kind != NULL ? c->r->target_kind : "target");
	fprintf(c->fp, " &middot; %zu rules", c->r->sum.total);
	if (c->r->finished != NULL) {
		fputs(" &middot; scanned ", c->fp);
		esc(c, c->r->finished);
	}
	fputs("</div></div>\n", c->fp);
	put_verdict(c);
	fputs("</div></header>\n", c->fp);
}

static void
put_dt(const struct html_ctx *c, const char *term)
{
	fprintf(c->fp, "<div><dt>%s</dt><dd>", term);
}

static void
put_profiles(const struct html_ctx *c)
{
	const struct plan *p = c->r->plan;
	size_t n = p != NULL ? plan_profile_count(p) : 0;

	put_dt(c, "Profiles");
	if (n == 0)
		fputs("every rule of the loaded packs", c->fp);
	for (size_t i = 0; i < n; i++) {
		const struct profile *pr = plan_profile(p, i);

		fputs(i > 0 ? "<br><code>" : "<code>", c->fp);
		esc(c, pr->id);
		fputs("</code>", c->fp);
		if (pr->title != NULL) {
			fputs(" ", c->fp);
			esc(c, pr->title);
		}
	}
	fputs("</dd></div>\n", c->fp);
}

/* Each pack with its version and the benchmark (and version) it
 * implements: which benchmark version was applied. */
static void
put_packs(const struct html_ctx *c)
{
	const struct pack **v = report_packs(c->r);

	put_dt(c, "Packs");
	for (size_t i = 0; v[i] != NULL; i++) {
		fputs(i > 0 ? "<br><code>" : "<code>", c->fp);
		esc(c, v[i]->id);
		fputs("</code> ", c->fp);
		esc(c, v[i]->version != NULL ? v[i]->version : "(no version)");
		if (v[i]->benchmark != NULL || v[i]->title != NULL) {
			fputs(": ", c->fp);
			esc(c, v[i]->benchmark != NULL ? v[i]->benchmark :
			    v[i]->title);
		}
	}
	fputs("</dd></div>\n", c->fp);
	free(v);
}

static void
put_tailoring(const struct html_ctx *c)
{
	const struct tailoring_info *ti = tailoring_info(c->r->tailoring);

	put_dt(c, "Tailoring");
	fputs("<code>", c->fp);
	esc(c, ti->id);
	fputs("</code> extends <code>", c->fp);
	esc(c, ti->extends);
	fputs("</code>: ", c->fp);
	esc(c, ti->reason);
	for (size_t i = 0; i < ti->nchanges; i++) {
		const struct tailor_change *ch = &ti->changes[i];

		fprintf(c->fp, "<br>%s <code>", tailor_kind_str(ch->kind));
		esc(c, ch->target);
		fputs("</code>", c->fp);
		if (ch->value != NULL) {
			fputs(ch->kind == TAILOR_SEVERITY ? " &rarr; " : " = ",
			    c->fp);
			esc(c, ch->value);
		}
		if (ch->reason != NULL) {
			fputs(": ", c->fp);
			esc(c, ch->reason);
		}
	}
	fputs("</dd></div>\n", c->fp);
}

static void
put_meta_item(const struct html_ctx *c, const char *term, const char *s,
    bool code)
{
	if (s == NULL)
		return;
	put_dt(c, term);
	fputs(code ? "<code>" : "", c->fp);
	esc(c, s);
	fputs(code ? "</code>" : "", c->fp);
	fputs("</dd></div>\n", c->fp);
}

static void
put_meta(const struct html_ctx *c)
{
	const struct scan_report *r = c->r;

	fputs("<section class=\"panel\"><h2>Scan</h2><dl class=\"meta\">\n",
	    c->fp);
	put_meta_item(c, "Target", r->target_path, true);
	put_meta_item(c, "Kind", r->target_describe != NULL ?
	    r->target_describe : r->target_kind, false);
	put_meta_item(c, "Image ID", r->image_id, true);
	put_meta_item(c, "Manifest digest", r->manifest_digest, true);
	put_profiles(c);
	put_packs(c);
	put_dt(c, "Tool");
	fputs("assay ", c->fp);
	esc(c, r->tool_version);
	fputs("</dd></div>\n", c->fp);
	put_meta_item(c, "Started", r->started, false);
	put_meta_item(c, "Finished", r->finished, false);
	put_dt(c, "Duration");
	fprintf(c->fp, "%.2f s</dd></div>\n", r->duration);
	put_meta_item(c, "Fail on", report_fail_on_str(r), false);
	if (r->waivers != NULL)
		put_meta_item(c, "Waivers", waiver_file(r->waivers), true);
	if (r->baseline != NULL)
		put_meta_item(c, "Baseline", baseline_path(r->baseline), true);
	if (r->tailoring != NULL)
		put_tailoring(c);
	fputs("</dl></section>\n", c->fp);
}

/* One card per status (a link that filters on it), then the total. */
static void
put_cards(const struct html_ctx *c)
{
	const struct summary *s = &c->r->sum;

	fputs("<div class=\"cards\">\n", c->fp);
	for (size_t k = 0; k < NSTATUSES; k++) {
		const char *name = status_str(statuses[k].st);
		size_t n = s->count[statuses[k].st];

		fprintf(c->fp, "<a class=\"card %s\" href=\"#status=%s\">"
		    "<span class=\"num\" id=\"count-%s\" data-count=\"%zu\">"
		    "%zu</span><span class=\"lbl\">%s</span></a>\n",
		    statuses[k].css, name, name, n, n, statuses[k].label);
	}
	fprintf(c->fp, "<a class=\"card total\" href=\"#\">"
	    "<span class=\"num\" id=\"count-total\" data-count=\"%zu\">%zu"
	    "</span><span class=\"lbl\">Total</span></a>\n</div>\n",
	    s->total, s->total);
}

/* Failing rules by severity as horizontal bars, the number next to each
 * bar as text (and in data-count for the tests). */
static void
put_severity_chart(const struct html_ctx *c)
{
	const struct summary *s = &c->r->sum;
	size_t max = 0;
	int y = 0;

	for (int sev = 0; sev < SEV__COUNT; sev++)
		if (s->fail_by_sev[sev] > max)
			max = s->fail_by_sev[sev];
	fputs("<svg class=\"chart\" width=\"100%\" height=\"150\" "
	    "viewBox=\"0 0 420 150\" preserveAspectRatio=\"xMinYMin meet\" "
	    "role=\"img\" aria-labelledby=\"sev-chart-title\">\n"
	    "<title id=\"sev-chart-title\">Failing rules by severity</title>\n",
	    c->fp);
	for (int sev = SEV__COUNT - 1; sev >= 0; sev--, y += 29) {
		const char *name = severity_str((enum severity)sev);
		size_t n = s->fail_by_sev[sev];
		unsigned w = max == 0 ? 0 :
		    (unsigned)((n * HTML_BAR_MAX + max - 1) / max);

		/* Label, track, bar, number. */
		fprintf(c->fp, "<text x=\"0\" y=\"%d\">%s</text>", y + 15,
		    name);
		fprintf(c->fp, "<rect x=\"72\" y=\"%d\" width=\"%d\" "
		    "height=\"20\" rx=\"3\" fill=\"#f1f5f9\"/>", y + 1,
		    HTML_BAR_MAX);
		fprintf(c->fp, "<rect x=\"72\" y=\"%d\" width=\"%u\" "
		    "height=\"20\" rx=\"3\" fill=\"%s\"/>", y + 1, w,
		    sev_colors[sev]);
		fprintf(c->fp, "<text class=\"n\" x=\"%u\" y=\"%d\" "
		    "id=\"fail-%s\" data-count=\"%zu\">%zu</text>\n",
		    72 + w + 6, y + 15, name, n, n);
	}
	fputs("</svg>\n", c->fp);
}

/* Every status as one stacked bar: the shape of the whole scan. */
static void
put_distribution(const struct html_ctx *c)
{
	static const char *const fills[] = {
		"#b91c1c", "#b45309", "#7c3aed", "#15803d", "#94a3b8",
		"#0369a1",
	};
	const struct summary *s = &c->r->sum;
	size_t x = 0;

	fputs("<svg class=\"dist\" width=\"100%\" height=\"14\" "
	    "viewBox=\"0 0 1000 14\" preserveAspectRatio=\"none\" "
	    "role=\"img\" aria-label=\"Rules by status\">\n", c->fp);
	for (size_t k = 0; k < NSTATUSES && s->total > 0; k++) {
		size_t n = s->count[statuses[k].st];
		size_t w = n * 1000 / s->total;

		if (k + 1 == NSTATUSES)
			w = 1000 - x;
		if (n == 0)
			continue;
		fprintf(c->fp, "<rect x=\"%zu\" y=\"0\" width=\"%zu\" "
		    "height=\"14\" fill=\"%s\"><title>%s: %zu</title></rect>\n",
		    x, w, fills[k], statuses[k].label, n);
		x += w;
	}
	fputs("</svg>\n", c->fp);
}

static void
put_summary(const struct html_ctx *c)
{
	fputs("<section class=\"panel\"><div class=\"summary\">\n<div>"
	    "<h2>Rules by status</h2>\n", c->fp);
	put_cards(c);
	put_distribution(c);
	if (c->r->baseline != NULL)
		fprintf(c->fp, "<p class=\"note\">Against the baseline: "
		    "<b id=\"baseline-new\">%zu</b> new, %zu unchanged, "
		    "%zu fixed findings.</p>\n",
		    baseline_new_count(c->r->baseline),
		    baseline_unchanged_count(c->r->baseline),
		    baseline_fixed_count(c->r->baseline));
	fputs("</div>\n<div><h2>Failing rules by severity</h2>\n", c->fp);
	put_severity_chart(c);
	fputs("</div>\n</div></section>\n", c->fp);
}

/* The tags of every rule, sorted, each once (at most HTML_TAGS_MAX). */
static void
collect_tags(const struct scan_report *r, struct strlist *tags)
{
	for (size_t i = 0; i < r->nresults; i++) {
		const struct rule *rule = report_rule(r, i);

		for (size_t k = 0; k < rule->ntags; k++) {
			if (tags->n >= HTML_TAGS_MAX)
				break;
			if (!strlist_has(tags, rule->tags[k]))
				strlist_add(tags, rule->tags[k]);
		}
	}
	strlist_sort(tags);
}

static void
put_filters(const struct html_ctx *c)
{
	struct strlist tags = STRLIST_INIT;

	fputs("<div class=\"panel filters\" id=\"filters\" hidden>\n"
	    "<label>Status<select id=\"f-status\"><option value=\"\">all"
	    "</option>", c->fp);
	for (size_t k = 0; k < NSTATUSES; k++)
		fprintf(c->fp, "<option value=\"%s\">%s</option>",
		    status_str(statuses[k].st), statuses[k].label);
	fputs("</select></label>\n<label>Severity<select id=\"f-severity\">"
	    "<option value=\"\">all</option>", c->fp);
	for (int sev = SEV__COUNT - 1; sev >= 0; sev--)
		fprintf(c->fp, "<option value=\"%s\">%s</option>",
		    severity_str((enum severity)sev),
		    severity_str((enum severity)sev));
	fputs("</select></label>\n<label>Tag<select id=\"f-tag\">"
	    "<option value=\"\">all</option>", c->fp);
	collect_tags(c->r, &tags);
	for (size_t i = 0; i < tags.n; i++) {
		fputs("<option value=\"", c->fp);
		esc(c, tags.v[i]);
		fputs("\">", c->fp);
		esc(c, tags.v[i]);
		fputs("</option>", c->fp);
	}
	strlist_release(&tags);
	fprintf(c->fp, "</select></label>\n<button type=\"button\" "
	    "id=\"f-reset\">Reset</button>\n<span class=\"shown\">"
	    "<span id=\"shown\" data-count=\"%zu\">%zu</span> of %zu rules "
	    "shown</span>\n</div>\n", c->r->nresults, c->r->nresults,
	    c->r->nresults);
}

/* S in a <code> element, or nothing when S is NULL. */
static void
put_code(const struct html_ctx *c, const char *s)
{
	if (s == NULL)
		return;
	fputs("<code>", c->fp);
	esc(c, s);
	fputs("</code>", c->fp);
}

/* "path:line" of evidence E, or an em dash when it is not about a file. */
static void
put_location(const struct html_ctx *c, const struct evidence *e)
{
	if (e->path == NULL) {
		fputs("&mdash;", c->fp);
		return;
	}
	fputs("<code>", c->fp);
	esc(c, e->path);
	if (e->line > 0)
		fprintf(c->fp, ":%u", e->line);
	fputs("</code>", c->fp);
}

static void
put_evidence_row(const struct html_ctx *c, const struct evidence *e,
    bool ctx)
{
	char *origin;

	fputs(ctx ? "<tr class=\"ctx\"><td>" : "<tr><td>", c->fp);
	put_location(c, e);
	fputs("</td><td>", c->fp);
	if (ctx)
		fputs("<span class=\"chip\">context</span> ", c->fp);
	esc(c, e->message);
	if ((origin = report_evidence_origin(e)) != NULL) {
		fputs(" <span class=\"layer\">", c->fp);
		esc(c, origin);
		fputs("</span>", c->fp);
		free(origin);
	}
	if (e->waiver != NULL)
		fputs(" <span class=\"chip\">waived</span>", c->fp);
	if (e->baseline == BASELINE_NEW)
		fputs(" <span class=\"chip new\">new</span>", c->fp);
	fputs("</td><td>", c->fp);
	put_code(c, e->expected);
	fputs("</td><td>", c->fp);
	put_code(c, e->found);
	fputs("</td></tr>\n", c->fp);
}

/* A failure's violations first, then the context that explains it. */
static void
put_evidence(const struct html_ctx *c, const struct result *res)
{
	size_t n = 0;
	size_t more = res->ev.dropped;

	if (res->ev.n == 0)
		return;
	fputs("<h3>Evidence</h3>\n<table class=\"ev\"><tr><th>Location</th>"
	    "<th>Finding</th><th>Expected</th><th>Found</th></tr>\n", c->fp);
	for (int pass = 0; pass < 2; pass++)
		for (size_t k = 0; k < res->ev.n; k++) {
			bool ctx = (res->status == ST_FAIL ||
			    res->status == ST_WAIVED) &&
			    res->ev.v[k].kind == EV_CONTEXT;

			if (ctx != (pass == 1))
				continue;
			if (n++ >= HTML_EVIDENCE_MAX) {
				more++;
				continue;
			}
			put_evidence_row(c, &res->ev.v[k], ctx);
		}
	fputs("</table>\n", c->fp);
	if (more > 0)
		fprintf(c->fp, "<p class=\"note\">&hellip; and %zu more "
		    "(the JSON report has every item)</p>\n", more);
}

static void
put_waiver(const struct html_ctx *c, const struct waiver *w)
{
	fputs("<div class=\"box waiver\"><b>Waived:</b> ", c->fp);
	esc(c, w->justification);
	if (w->owner != NULL) {
		fputs("<br>Owner: ", c->fp);
		esc(c, w->owner);
	}
	if (w->expires != NULL) {
		fputs("<br>Expires: ", c->fp);
		esc(c, w->expires);
	}
	if (w->reference != NULL) {
		fputs("<br>Reference: ", c->fp);
		esc(c, w->reference);
	}
	fputs("<br>Waiver: <code>", c->fp);
	esc(c, w->at.file);
	fprintf(c->fp, ":%u</code></div>\n", w->at.line);
}

static void
put_prose(const struct html_ctx *c, const char *head, const char *s)
{
	if (s == NULL)
		return;
	fprintf(c->fp, "<h3>%s</h3><p class=\"prose\">", head);
	esc_prose(c, s);
	fputs("</p>\n", c->fp);
}

static void
put_references(const struct html_ctx *c, const struct rule *rule)
{
	if (rule->nrefs == 0)
		return;
	fputs("<h3>References</h3><table class=\"refs\">\n", c->fp);
	for (size_t i = 0; i < rule->nrefs; i++) {
		const char *v = rule->refs[i].value;

		fputs("<tr><th>", c->fp);
		esc(c, rule->refs[i].key);
		fputs("</th><td>", c->fp);
		if (is_web_url(v)) {
			fputs("<a rel=\"noopener noreferrer\" href=\"", c->fp);
			esc(c, v);
			fputs("\">", c->fp);
			esc(c, v);
			fputs("</a>", c->fp);
		} else
			esc(c, v);
		fputs("</td></tr>\n", c->fp);
	}
	fputs("</table>\n", c->fp);
}

static void
put_rule_facts(const struct html_ctx *c, const struct rule *rule)
{
	put_prose(c, "Remediation", rule->remediation);
	put_prose(c, "Rationale", rule->rationale);
	put_prose(c, "Description", rule->description);
	put_prose(c, "Manual check", rule->manual);
	put_references(c, rule);
	if (rule->ntags > 0) {
		fputs("<h3>Tags</h3><p class=\"prose\">", c->fp);
		for (size_t k = 0; k < rule->ntags; k++) {
			fputs("<span class=\"chip tag\">", c->fp);
			esc(c, rule->tags[k]);
			fputs("</span>", c->fp);
		}
		fputs("</p>\n", c->fp);
	}
	fputs("<h3>Defined in</h3><p class=\"prose\"><code>", c->fp);
	esc(c, rule->at.file);
	if (rule->at.line > 0)
		fprintf(c->fp, ":%u", rule->at.line);
	fputs("</code>", c->fp);
	if (rule->pack != NULL) {
		fputs(" (pack <code>", c->fp);
		esc(c, rule->pack->id);
		fputs("</code>)", c->fp);
	}
	fputs("</p>\n", c->fp);
}

/* The result's one-line message, unless the first evidence item says the
 * same. */
static void
put_message(const struct html_ctx *c, const struct result *res)
{
	/* a message that only repeats an evidence row says it twice */
	for (size_t i = 0; res->message != NULL && i < res->ev.n; i++)
		if (res->ev.v[i].message != NULL &&
		    strcmp(res->message, res->ev.v[i].message) == 0)
			return;
	if (res->message == NULL)
		return;
	fputs("<p class=\"msg\">", c->fp);
	esc(c, res->message);
	fputs("</p>\n", c->fp);
}

static void
put_rule(const struct html_ctx *c, size_t i)
{
	const struct result *res = &c->r->results[i];
	const struct rule *rule = report_rule(c->r, i);
	const char *sev = severity_str(scan_severity(c->r, i));
	const char *css = status_css(res->status);
	/* Every rule one line, failures first; the evidence is a click
	 * away (or a link to #open=ID, which opens it; printing opens the
	 * failing, erroring and waived ones). */
	fprintf(c->fp, "<details class=\"rule %s\" data-status=\"%s\" "
	    "data-severity=\"%s\">\n<summary><span class=\"badge %s\">%s"
	    "</span><span class=\"sev %s\">%s</span><span class=\"t\">", css,
	    status_str(res->status), sev, css, status_badge(res->status), sev,
	    sev);
	esc(c, rule->title != NULL ? rule->title : rule->id);
	if (res->baseline == BASELINE_NEW)
		fputs(" <span class=\"chip new\">new</span>", c->fp);
	fputs("</span><code>", c->fp);
	esc(c, rule->id);
	fputs("</code></summary>\n<div class=\"body\" id=\"r-", c->fp);
	esc(c, rule->id);
	fputs("\">\n", c->fp);
	put_message(c, res);
	if (res->waiver != NULL)
		put_waiver(c, res->waiver);
	if (res->note != NULL) {
		fputs("<div class=\"box warn\">", c->fp);
		esc(c, res->note);
		fputs("</div>\n", c->fp);
	}
	put_evidence(c, res);
	put_rule_facts(c, rule);
	fputs("</div></details>\n", c->fp);
}

/* Rules in the order of the text report: failures and errors most
 * severe first, then waived, passed, notapplicable and manual rules in
 * plan order. */
static void
put_rules(const struct html_ctx *c)
{
	const struct scan_report *r = c->r;

	/* The heading shows on paper only (on screen the filter bar heads
	 * the list). */
	fputs("<section id=\"rules\">\n<h2 class=\"ponly\">Rules: failures "
	    "and errors first, each with its evidence; passing, not "
	    "applicable and manual rules one line each</h2>\n", c->fp);
	for (size_t k = 0; k < NSTATUSES; k++) {
		enum status st = statuses[k].st;
		bool by_sev = st == ST_FAIL || st == ST_ERROR;

		for (int sev = SEV__COUNT - 1; sev >= 0; sev--) {
			for (size_t i = 0; i < r->nresults; i++)
				if (r->results[i].status == st && (!by_sev ||
				    (int)scan_severity(r, i) == sev))
					put_rule(c, i);
			if (!by_sev)
				break;
		}
	}
	fputs("</section>\n", c->fp);
}

/* Expired and stale waivers: what the waiver file says that no longer
 * applies. */
static void
put_waiver_lists(const struct html_ctx *c)
{
	const struct waiver_set *ws = c->r->waivers;
	bool head = false;

	for (size_t i = 0; i < waiver_count(ws); i++) {
		const struct waiver *w = waiver_get(ws, i);

		if (w->state == WAIVER_APPLIED)
			continue;
		if (!head)
			fputs("<section class=\"panel psect\"><h2>Waivers that did "
			    "not apply</h2><table><tr><th>Waiver</th>"
			    "<th>Rule</th><th>State</th><th>Justification"
			    "</th></tr>\n", c->fp);
		head = true;
		fputs("<tr><td><code>", c->fp);
		esc(c, w->at.file);
		fprintf(c->fp, ":%u</code></td><td><code>", w->at.line);
		esc(c, w->rule);
		fputs("</code></td><td>", c->fp);
		if (w->state == WAIVER_EXPIRED) {
			fputs("expired on ", c->fp);
			esc(c, w->expires);
		} else
			fputs("stale: matches no failing finding", c->fp);
		fputs("</td><td>", c->fp);
		esc(c, w->justification);
		fputs("</td></tr>\n", c->fp);
	}
	if (head)
		fputs("</table></section>\n", c->fp);
}

static void
put_fixed(const struct html_ctx *c)
{
	const struct baseline *b = c->r->baseline;
	size_t n = baseline_fixed_count(b);

	if (n == 0)
		return;
	fputs("<section class=\"panel psect\"><h2>Fixed since the baseline</h2>"
	    "<table><tr><th>Rule</th><th>Location</th><th>Finding</th></tr>\n",
	    c->fp);
	for (size_t i = 0; i < n && i < HTML_FIXED_MAX; i++) {
		const struct baseline_finding *f = baseline_fixed(b, i);

		fputs("<tr><td><code>", c->fp);
		esc(c, f->rule);
		fputs("</code></td><td><code>", c->fp);
		esc(c, f->path);
		fputs("</code></td><td>", c->fp);
		esc(c, f->message);
		fputs("</td></tr>\n", c->fp);
	}
	fputs("</table>\n", c->fp);
	if (n > HTML_FIXED_MAX)
		fprintf(c->fp, "<p class=\"note\">&hellip; and %zu more</p>\n",
		    n - HTML_FIXED_MAX);
	fputs("</section>\n", c->fp);
}

static int
html_write(const struct scan_report *r, FILE *fp, struct diag *d)
{
	struct html_ctx c = { r, fp };

	put_head(&c);
	fputs("<body>\n", fp);
	put_header(&c);
	fputs("<main class=\"wrap\">\n", fp);
	put_meta(&c);
	put_summary(&c);
	put_filters(&c);
	put_rules(&c);
	if (r->waivers != NULL)
		put_waiver_lists(&c);
	if (r->baseline != NULL)
		put_fixed(&c);
	fputs("</main>\n<footer class=\"wrap\">Generated by assay ", fp);
	esc(&c, r->tool_version);
	fputs(". This page is self-contained: it loads nothing from the "
	    "network, and every rule is listed even without JavaScript."
	    "</footer>\n", fp);
	fprintf(fp, "<script>%s</script>\n</body>\n</html>\n", html_js);
	if (fflush(fp) == 0 && !ferror(fp))
		return 0;
	diag_add(d, NULL, "html: cannot write the report");
	return -1;
}

const struct report_ops report_html = {
	.name = "html",
	.write = html_write,
};
