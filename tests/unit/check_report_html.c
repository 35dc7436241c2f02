/*
 * check_report_html.c -- the HTML and Markdown reporters and the Markdown
 * rule reference.
 *
 * Each case runs a real scan: a pack written to a temp dir goes through
 * the policy loader, a temp root with hostile file names (a path that
 * reads `<script>alert(1)</script>`, a name holding `|`, a backtick and a
 * newline) goes through the directory target, and eval_plan() decides.
 * The reports are rendered into memory and searched: counts, escaping,
 * no network reference, the Markdown table and its cap.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "assay/baseline.h"
#include "assay/eval.h"
#include "assay/policy.h"
#include "assay/report.h"
#include "assay/strbuf.h"
#include "assay/target.h"
#include "assay/waiver.h"
#include "assay/xmem.h"

#include "testutil.h"

/* Fails: two critical-free highs (world-writable files, motd content),
 * one medium; passes: one; notapplicable: one; manual: one. */
static const char pack_yaml[] =
    "policy: demo\n"
    "version: 2.0.0\n"
    "title: Demo <b>pack</b>\n"
    "description: A pack for the tests.\n"
    "rules:\n"
    "  - id: data-not-world-writable\n"
    "    title: Nothing under /data is <img src=x onerror=alert(1)>\n"
    "    severity: high\n"
    "    remediation: Run `chmod o-w` on each file.\n"
    "    rationale: Anyone could change them.\n"
    "    references:\n"
    "      cis: \"7.1.11\"\n"
    "      url: https://example.com/ww\n"
    "      evil: \"javascript:alert(1)\"\n"
    "      quote: 'https://example.com/a\"onmouseover=alert(1)'\n"
    "    tags: [files, \"<t>\"]\n"
    "    check: {files: {root: /data, world_writable: true}}\n"
    "  - id: motd-no-secret\n"
    "    title: The motd holds no secret\n"
    "    severity: high\n"
    "    tags: [content]\n"
    "    check: {content: {path: /etc/motd, not_matches: secret}}\n"
    "  - id: no-motd\n"
    "    title: There is no motd\n"
    "    severity: medium\n"
    "    check: {file: {path: /etc/motd, exists: false}}\n"
    "  - id: data-exists\n"
    "    title: /data exists\n"
    "    severity: info\n"
    "    check: {file: {path: /data, exists: true}}\n"
    "  - id: only-with-nginx\n"
    "    title: Only with nginx\n"
    "    severity: low\n"
    "    applies_if: {file: {path: /etc/nginx, exists: true}}\n"
    "    check: {file: {path: /etc/nginx/x, exists: true}}\n"
    "  - id: door-locked\n"
    "    title: The server room is locked\n"
    "    severity: low\n"
    "    references: {url: https://example.com/door}\n"
    "    manual: Ask the site.\n"
    "profiles:\n"
    "  - id: demo-files\n"
    "    title: Files only\n"
    "    select: [data-*, \"tag:content\"]\n";

#define HOSTILE_MD	"a|b`c\nd"

struct scan {
	char			*dir;		/* temp dir: pack/ and root/ */
	struct policy_set	*ps;
	struct plan		*plan;
	struct target		*t;
	struct result		*res;
	struct scan_report	 r;
	struct diag		*d;
};

static void
build_root(const char *dir)
{
	static const char *const names[] = {
		"root/data/<script>alert(1)</script>",
		"root/data/<img src=x onerror=alert(1)>",
		"root/data/" HOSTILE_MD,
	};

	tu_mkdir(dir, "root", 0755);
	tu_mkdir(dir, "root/data", 0755);
	tu_mkdir(dir, "root/data/<script>alert(1)<", 0755);
	tu_mkdir(dir, "root/etc", 0755);
	tu_write(dir, "root/etc/motd", "hello\nsecret=1\n", 0644);
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		tu_write(dir, names[i], "x\n", 0644);
		tu_chmod(dir, names[i], 0666);
	}
}

/* Load YAML as pack "pack/pack.yaml", scan the hostile root with
 * profiles IDS (all rules when NIDS is 0). */
static void
scan_open(struct scan *s, const char *yaml, const char *const *ids,
    size_t nids)
{
	char *root;

	memset(s, 0, sizeof(*s));
	s->dir = tu_tmpdir();
	s->d = diag_new();
	tu_write(s->dir, "pack/pack.yaml", yaml, 0644);
	build_root(s->dir);
	root = xasprintf("%s/pack", s->dir);
	s->ps = policy_set_new();
	ck_assert_int_eq(policy_load_path(s->ps, root, &limits_default,
	    s->d), 0);
	free(root);
	ck_assert_int_eq(policy_set_check(s->ps, s->d), 0);
	s->plan = policy_compile(s->ps, ids, nids, NULL, 0, &limits_default,
	    s->d);
	ck_assert_msg(s->plan != NULL, "%s", diag_text(s->d, 0));
	root = xasprintf("%s/root", s->dir);
	s->t = target_open(root, &limits_default, s->d);
	free(root);
	ck_assert_ptr_nonnull(s->t);
	s->res = eval_plan(s->plan, s->t, &limits_default);
	s->r.tool_version = "1.2.3";
	s->r.target_path = "/mnt/<b>root</b>";
	s->r.target_kind = "dir";
	s->r.plan = s->plan;
	s->r.results = s->res;
	s->r.nresults = plan_rule_count(s->plan);
	s->r.fail_on = SEV_HIGH;
	s->r.started = "2025-01-02T03:04:05Z";
	s->r.finished = "2025-01-02T03:04:06Z";
	scan_summarize(&s->r);
}

static void
scan_close(struct scan *s)
{
	eval_results_free(s->res, s->r.nresults);
	target_close(s->t);
	plan_free(s->plan);
	policy_set_free(s->ps);
	diag_free(s->d);
	tu_rmtree(s->dir);
	free(s->dir);
}

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
	return buf;
}

static size_t
count_of(const char *hay, const char *needle)
{
	size_t n = 0;

	for (const char *p = strstr(hay, needle); p != NULL;
	    p = strstr(p + 1, needle))
		n++;
	return n;
}

/* --- HTML ---------------------------------------------------------- */

START_TEST(test_html_registered_as_format)
{
	ck_assert_ptr_eq(report_find("html"), &report_html);
	ck_assert_ptr_eq(report_find("markdown"), &report_markdown);
}
END_TEST

START_TEST(test_html_counts_match_summary)
{
	struct scan s;
	char *h, *want;

	scan_open(&s, pack_yaml, NULL, 0);
	ck_assert_uint_eq(s.r.sum.count[ST_FAIL], 3);
	ck_assert_uint_eq(s.r.sum.count[ST_PASS], 1);
	ck_assert_uint_eq(s.r.sum.count[ST_NOTAPPLICABLE], 1);
	ck_assert_uint_eq(s.r.sum.count[ST_NOTCHECKED], 1);
	h = render(&report_html, &s.r);
	for (int st = 0; st < ST__COUNT; st++) {
		want = xasprintf("id=\"count-%s\" data-count=\"%zu\">%zu<",
		    status_str((enum status)st), s.r.sum.count[st],
		    s.r.sum.count[st]);
		ck_assert_msg(strstr(h, want) != NULL, "missing %s", want);
		free(want);
	}
	ck_assert_ptr_nonnull(strstr(h, "id=\"count-total\" data-count=\"6\""));
	ck_assert_ptr_nonnull(strstr(h,
	    "id=\"fail-high\" data-count=\"2\">2<"));
	ck_assert_ptr_nonnull(strstr(h,
	    "id=\"fail-medium\" data-count=\"1\">1<"));
	ck_assert_ptr_nonnull(strstr(h, "data-verdict=\"fail\">FAIL<"));
	ck_assert_ptr_nonnull(strstr(h, "2 failing rules at or above high"));
	/* One <details> per rule, each with its status for the filter. */
	ck_assert_uint_eq(count_of(h, "<details class=\"rule "), 6);
	ck_assert_uint_eq(count_of(h, "data-status=\"fail\""), 3);
	ck_assert_uint_eq(count_of(h, "data-status=\"notchecked\""), 1);
	free(h);
	scan_close(&s);
}
END_TEST

START_TEST(test_html_escapes_hostile_names_and_policy_text)
{
	struct scan s;
	char *h;

	scan_open(&s, pack_yaml, NULL, 0);
	h = render(&report_html, &s.r);
	ck_assert_ptr_nonnull(strstr(h,
	    "/data/&lt;script&gt;alert(1)&lt;/script&gt;"));
	ck_assert_ptr_nonnull(strstr(h,
	    "/data/&lt;img src=x onerror=alert(1)&gt;"));
	ck_assert_ptr_nonnull(strstr(h,
	    "Nothing under /data is &lt;img src=x onerror=alert(1)&gt;"));
	ck_assert_ptr_nonnull(strstr(h, "/mnt/&lt;b&gt;root&lt;/b&gt;"));
	ck_assert_ptr_nonnull(strstr(h, "<option value=\"&lt;t&gt;\">"));
	ck_assert_ptr_null(strstr(h, "<script>alert"));
	ck_assert_ptr_null(strstr(h, "<img"));
	ck_assert_ptr_null(strstr(h, "<b>root"));
	/* Our own script is the only one. */
	ck_assert_uint_eq(count_of(h, "<script"), 1);
	/* Backticks in policy prose become <code>, escaped inside. */
	ck_assert_ptr_nonnull(strstr(h, "Run <code>chmod o-w</code> on each"));
	free(h);
	scan_close(&s);
}
END_TEST

/* Every src= and href= in the page: no src at all, and an http(s) href
 * only on a reference link whose value is that URL. */
START_TEST(test_html_fetches_nothing_from_the_network)
{
	static const char link[] = "<a rel=\"noopener noreferrer\" href=\"";
	struct scan s;
	char *h;
	size_t links = 0, pre = strlen(link) - 6;

	scan_open(&s, pack_yaml, NULL, 0);
	h = render(&report_html, &s.r);
	/* Escaped text never holds a raw quote: these are markup. */
	ck_assert_ptr_null(strstr(h, " src=\""));
	ck_assert_ptr_null(strstr(h, "<link"));
	ck_assert_ptr_null(strstr(h, "@import"));
	ck_assert_ptr_null(strstr(h, "url("));
	ck_assert_ptr_nonnull(strstr(h, "Content-Security-Policy\" "
	    "content=\"default-src 'none';"));
	for (const char *p = strstr(h, "href=\""); p != NULL;
	    p = strstr(p + 1, "href=\"")) {
		const char *v = p + 6;

		if (strncmp(v, "http", 4) != 0) {
			ck_assert_msg(*v == '#', "non-fragment href %.40s", v);
			continue;
		}
		ck_assert_msg((size_t)(p - h) >= pre &&
		    strncmp(p - pre, link, strlen(link)) == 0,
		    "http href outside a reference link: %.60s", p - pre);
		links++;
	}
	/* url: and the manual rule's url:; not javascript:, not the URL
	 * holding a quote. */
	ck_assert_uint_eq(links, 2);
	ck_assert_ptr_nonnull(strstr(h, "href=\"https://example.com/ww\">"));
	ck_assert_ptr_nonnull(strstr(h, "<td>javascript:alert(1)</td>"));
	ck_assert_ptr_nonnull(strstr(h,
	    "<td>https://example.com/a&quot;onmouseover=alert(1)</td>"));
	free(h);
	scan_close(&s);
}
END_TEST

START_TEST(test_html_verdict_pass_with_fail_on_none)
{
	struct scan s;
	char *h;

	scan_open(&s, pack_yaml, NULL, 0);
	s.r.fail_on = -1;
	h = render(&report_html, &s.r);
	ck_assert_ptr_nonnull(strstr(h, "data-verdict=\"pass\">PASS<"));
	ck_assert_ptr_nonnull(strstr(h, "--fail-on none"));
	free(h);
	scan_close(&s);
}
END_TEST

START_TEST(test_html_profile_scan_lists_only_its_rules)
{
	static const char *const ids[] = { "demo-files" };
	struct scan s;
	char *h;

	scan_open(&s, pack_yaml, ids, 1);
	h = render(&report_html, &s.r);
	ck_assert_uint_eq(count_of(h, "<details class=\"rule "), 3);
	ck_assert_ptr_nonnull(strstr(h, "<code>demo-files</code> Files only"));
	ck_assert_ptr_null(strstr(h, "door-locked"));
	free(h);
	scan_close(&s);
}
END_TEST

/* A live waiver turns the motd fail into waived and shows who accepted
 * it; an expired one is listed as not applying. */
START_TEST(test_html_shows_waivers)
{
	static const char waivers[] =
	    "waivers:\n"
	    "  - rule: motd-no-secret\n"
	    "    justification: Demo <i>secret</i>, rotated daily\n"
	    "    owner: alice@example.com\n"
	    "    expires: 2999-12-31\n"
	    "    reference: SEC-1\n"
	    "  - rule: no-motd\n"
	    "    justification: Old exception\n"
	    "    expires: 2020-01-01\n";
	struct waiver_set *ws;
	struct scan s;
	char *h, *path;

	scan_open(&s, pack_yaml, NULL, 0);
	tu_write(s.dir, "waivers.yaml", waivers, 0644);
	path = xasprintf("%s/waivers.yaml", s.dir);
	ws = waiver_load(path, &limits_default, s.d);
	free(path);
	ck_assert_msg(ws != NULL, "%s", diag_text(s.d, 0));
	waiver_apply(ws, "2025-06-01", s.plan, s.res, s.r.nresults);
	s.r.waivers = ws;
	scan_summarize(&s.r);
	h = render(&report_html, &s.r);
	ck_assert_ptr_nonnull(strstr(h,
	    "id=\"count-waived\" data-count=\"1\">1<"));
	ck_assert_ptr_nonnull(strstr(h, "id=\"count-fail\" data-count=\"2\""));
	ck_assert_ptr_nonnull(strstr(h, "<b>Waived:</b> Demo &lt;i&gt;secret"
	    "&lt;/i&gt;, rotated daily<br>Owner: alice@example.com<br>"
	    "Expires: 2999-12-31<br>Reference: SEC-1"));
	ck_assert_ptr_nonnull(strstr(h, "Waivers that did not apply"));
	ck_assert_ptr_nonnull(strstr(h, "expired on 2020-01-01"));
	free(h);
	scan_close(&s);
	waiver_set_free(ws);
}
END_TEST

/* Against a baseline that had only the motd content finding and one on a
 * path now gone: the other failing findings are new, the gone one is
 * fixed, and both reports say so. */
START_TEST(test_html_and_markdown_show_baseline)
{
	static const char prev[] =
	    "{\"tool\": {\"name\": \"assay\"}, \"results\": [\n"
	    " {\"rule\": \"motd-no-secret\", \"status\": \"fail\",\n"
	    "  \"evidence\": [{\"path\": \"/etc/motd\", \"line\": 2,\n"
	    "   \"message\":\n"
	    "   \"forbidden `secret` matches: secret=1\"}]},\n"
	    " {\"rule\": \"no-motd\", \"status\": \"fail\",\n"
	    "  \"evidence\": [{\"path\": \"/etc/<gone>\",\n"
	    "   \"message\": \"x\"}]}\n"
	    "]}\n";
	struct baseline *b;
	struct scan s;
	char *h, *m, *path;

	scan_open(&s, pack_yaml, NULL, 0);
	tu_write(s.dir, "prev.json", prev, 0644);
	path = xasprintf("%s/prev.json", s.dir);
	b = baseline_load(path, s.d);
	free(path);
	ck_assert_msg(b != NULL, "%s", diag_text(s.d, 0));
	baseline_apply(b, s.plan, s.res, s.r.nresults);
	s.r.baseline = b;
	ck_assert_uint_eq(baseline_fixed_count(b), 1);
	h = render(&report_html, &s.r);
	ck_assert_ptr_nonnull(strstr(h, "Against the baseline: <b id=\""
	    "baseline-new\">"));
	ck_assert_ptr_nonnull(strstr(h, "Fixed since the baseline"));
	ck_assert_ptr_nonnull(strstr(h, "<code>/etc/&lt;gone&gt;</code>"));
	ck_assert_ptr_nonnull(strstr(h, "<span class=\"chip new\">new"));
	m = render(&report_markdown, &s.r);
	ck_assert_ptr_nonnull(strstr(m, "`no-motd` **new** |"));
	ck_assert_ptr_null(strstr(m, "`motd-no-secret` **new**"));
	ck_assert_ptr_nonnull(strstr(m, "Against the baseline: "));
	ck_assert_ptr_nonnull(strstr(m, " unchanged, 1 fixed findings.\n"));
	free(m);
	free(h);
	scan_close(&s);
	baseline_free(b);
}
END_TEST

/* --- Markdown summary ------------------------------------------------ */

START_TEST(test_markdown_has_verdict_counts_and_failing_table)
{
	static const char head[] = "## \xe2\x9d\x8c assay: FAIL (2 failing "
	    "rules at or above high)\n\nTarget ";
	struct scan s;
	char *m;

	scan_open(&s, pack_yaml, NULL, 0);
	m = render(&report_markdown, &s.r);
	ck_assert_msg(strncmp(m, head, strlen(head)) == 0, "%s", m);
	ck_assert_ptr_nonnull(strstr(m, "| pass | fail | error | waived | "
	    "not applicable | not checked | total |\n"
	    "|---:|---:|---:|---:|---:|---:|---:|\n"
	    "| 1 | 3 | 0 | 0 | 1 | 1 | 6 |\n"));
	ck_assert_ptr_nonnull(strstr(m, "Failing by severity: 2 high, "
	    "1 medium.\n"));
	ck_assert_ptr_nonnull(strstr(m, "| severity | rule | title | "
	    "first evidence |\n|---|---|---|---|\n| high | "
	    "`data-not-world-writable` | Nothing under /data is "
	    "\\<img src=x onerror=alert(1)\\> | "));
	ck_assert_ptr_nonnull(strstr(m, "| medium | `no-motd` | There is no "
	    "motd | /etc/motd: "));
	ck_assert_ptr_nonnull(strstr(m, "Target `/mnt/<b>root</b>` (dir)"));
	free(m);
	scan_close(&s);
}
END_TEST

/* A rule whose first evidence is the hostile name: `|`, the backtick
 * and the newline are escaped, so the row stays one row of 4 cells. */
START_TEST(test_markdown_escapes_pipes_backticks_newlines)
{
	static const char yaml[] =
	    "policy: demo\n"
	    "rules:\n"
	    "  - id: no-hostile\n"
	    "    title: \"A | title with `ticks`\"\n"
	    "    severity: high\n"
	    "    check: {file: {path: \"/data/a|b`c\\nd\", exists: false}}\n";
	struct scan s;
	char *m, *row, *end;
	size_t pipes = 0;

	scan_open(&s, yaml, NULL, 0);
	m = render(&report_markdown, &s.r);
	row = strstr(m, "| high | `no-hostile` |");
	ck_assert_ptr_nonnull(row);
	end = strchr(row, '\n');
	ck_assert_ptr_nonnull(end);
	*end = '\0';
	ck_assert_ptr_nonnull(strstr(row,
	    "A \\| title with \\`ticks\\` | /data/a\\|b\\`c\\\\nd"));
	for (const char *p = row; *p != '\0'; p++)
		if (*p == '|' && (p == row || p[-1] != '\\'))
			pipes++;
	ck_assert_uint_eq(pipes, 5);
	free(m);
	scan_close(&s);
}
END_TEST

START_TEST(test_markdown_caps_failing_rows_at_50)
{
	struct strbuf b = STRBUF_INIT;
	struct scan s;
	char *m, *yaml;

	(void)strbuf_addstr(&b, "policy: many\nrules:\n");
	for (int i = 0; i < 57; i++)
		(void)strbuf_addf(&b, "  - id: r%02d\n    title: Rule %d\n"
		    "    severity: %s\n    check: {file: {path: /etc/motd, "
		    "exists: false}}\n", i, i, i == 56 ? "critical" : "low");
	yaml = strbuf_detach(&b);
	scan_open(&s, yaml, NULL, 0);
	m = render(&report_markdown, &s.r);
	ck_assert_uint_eq(count_of(m, "\n| low | `r"), 49);
	/* The critical one, last in the plan, comes first. */
	ck_assert_ptr_nonnull(strstr(m, "|---|---|---|---|\n| critical | "
	    "`r56` |"));
	ck_assert_ptr_nonnull(strstr(m, "\n... and 7 more\n"));
	free(m);
	free(yaml);
	scan_close(&s);
}
END_TEST

/* --- assay rules --format markdown --------------------------------- */

START_TEST(test_rules_markdown_groups_by_pack_then_profile)
{
	struct scan s;
	char *buf = NULL;
	size_t len = 0;
	FILE *fp;

	scan_open(&s, pack_yaml, NULL, 0);
	fp = open_memstream(&buf, &len);
	ck_assert_int_eq(report_rules_markdown(s.ps, NULL, 0,
	    &limits_default, fp, s.d), 0);
	ck_assert_int_eq(fclose(fp), 0);
	ck_assert_ptr_nonnull(strstr(buf, "## Pack `demo`: Demo \\<b\\>pack"
	    "\\</b\\>\n\nVersion 2.0.0. 6 rules (1 manual).\n"));
	/* Each rule once, then the profiles: the pack's own (every rule;
	 * its description is the pack's, not repeated), then demo-files. */
	ck_assert_ptr_nonnull(strstr(buf, "### Rules\n\n| rule | severity | "
	    "title | references |\n|---|---|---|---|\n| "
	    "`data-not-world-writable` | high | "));
	ck_assert_ptr_nonnull(strstr(buf, "#### Profile `demo`: Demo \\<b\\>"
	    "pack\\</b\\>\n\n6 rules: every rule of the pack.\n"));
	ck_assert_ptr_nonnull(strstr(buf, "#### Profile `demo-files`: Files "
	    "only\n\n3 rules: `data-not-world-writable`, `motd-no-secret`, "
	    "`data-exists`.\n"));
	ck_assert(strstr(buf, "### Rules") <
	    strstr(buf, "#### Profile `demo`:"));
	ck_assert(strstr(buf, "#### Profile `demo`:") <
	    strstr(buf, "#### Profile `demo-files`"));
	/* Manual rules marked, URLs linked, other values code spans. */
	ck_assert_ptr_nonnull(strstr(buf, "| `door-locked` | low | The server "
	    "room is locked *(manual)* | url: <https://example.com/door> |"));
	ck_assert_ptr_nonnull(strstr(buf, "evil: `javascript:alert(1)`"));
	ck_assert_ptr_null(strstr(buf, "<javascript"));
	ck_assert_uint_eq(count_of(buf, "| `data-exists` |"), 1);
	free(buf);
	scan_close(&s);
}
END_TEST

START_TEST(test_rules_markdown_only_named_profiles)
{
	static const char *const ids[] = { "demo-files" };
	struct scan s;
	char *buf = NULL;
	size_t len = 0;
	FILE *fp;

	scan_open(&s, pack_yaml, NULL, 0);
	fp = open_memstream(&buf, &len);
	ck_assert_int_eq(report_rules_markdown(s.ps, ids, 1, &limits_default,
	    fp, s.d), 0);
	ck_assert_int_eq(fclose(fp), 0);
	/* Only its profile, and only the rules it selects. */
	ck_assert_ptr_nonnull(strstr(buf, "#### Profile `demo-files`"));
	ck_assert_ptr_null(strstr(buf, "#### Profile `demo`:"));
	ck_assert_ptr_nonnull(strstr(buf, "| `motd-no-secret` | high |"));
	ck_assert_ptr_null(strstr(buf, "no-motd"));
	ck_assert_ptr_null(strstr(buf, "door-locked"));
	free(buf);
	scan_close(&s);
}
END_TEST

/* A long profile lists its ids wrapped near 76 columns (diffs of
 * docs/policies.md stay readable), every id once. */
START_TEST(test_rules_markdown_wraps_profile_lists)
{
	struct strbuf b = STRBUF_INIT;
	struct scan s;
	char *yaml, *buf = NULL, *list, *line;
	size_t len = 0, lines = 0;
	FILE *fp;

	(void)strbuf_addstr(&b, "policy: many\nprofiles:\n  - id: some\n"
	    "    select: [\"r0*\", \"r1*\", \"r2*\"]\nrules:\n");
	for (int i = 0; i < 40; i++)
		(void)strbuf_addf(&b, "  - id: r%02d\n    title: Rule %d\n"
		    "    severity: low\n    check: {file: {path: /x, "
		    "exists: false}}\n", i, i);
	yaml = strbuf_detach(&b);
	scan_open(&s, yaml, NULL, 0);
	fp = open_memstream(&buf, &len);
	ck_assert_int_eq(report_rules_markdown(s.ps, NULL, 0, &limits_default,
	    fp, s.d), 0);
	ck_assert_int_eq(fclose(fp), 0);
	ck_assert_uint_eq(count_of(buf, "`r29`"), 2);	/* table + list */
	ck_assert_uint_eq(count_of(buf, "`r30`"), 1);	/* table only */
	list = strstr(buf, "30 rules: `r00`, `r01`,");
	ck_assert_ptr_nonnull(list);
	*strstr(list, ".\n\n") = '\0';
	for (line = strtok(list, "\n"); line != NULL;
	    line = strtok(NULL, "\n"), lines++)
		ck_assert_uint_le(strlen(line), 76);
	ck_assert_uint_eq(lines, 4);	/* 9 + 10 + 10 + 1 ids */
	free(buf);
	free(yaml);
	scan_close(&s);
}
END_TEST

static Suite *
report_html_suite(void)
{
	Suite *s = suite_create("report_html");
	TCase *tc = tcase_create("core");

	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, test_html_registered_as_format);
	tcase_add_test(tc, test_html_counts_match_summary);
	tcase_add_test(tc, test_html_escapes_hostile_names_and_policy_text);
	tcase_add_test(tc, test_html_fetches_nothing_from_the_network);
	tcase_add_test(tc, test_html_verdict_pass_with_fail_on_none);
	tcase_add_test(tc, test_html_profile_scan_lists_only_its_rules);
	tcase_add_test(tc, test_html_shows_waivers);
	tcase_add_test(tc, test_html_and_markdown_show_baseline);
	tcase_add_test(tc, test_markdown_has_verdict_counts_and_failing_table);
	tcase_add_test(tc, test_markdown_escapes_pipes_backticks_newlines);
	tcase_add_test(tc, test_markdown_caps_failing_rows_at_50);
	tcase_add_test(tc, test_rules_markdown_groups_by_pack_then_profile);
	tcase_add_test(tc, test_rules_markdown_only_named_profiles);
	tcase_add_test(tc, test_rules_markdown_wraps_profile_lists);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return tu_run_suite(report_html_suite());
}
