/*
 * xccdf_results.c -- `--format xccdf`: the scan as an XCCDF 1.2 results
 * file, in the shape `oscap xccdf eval --results` writes (OpenSCAP 1.3.7):
 * the Benchmark that was evaluated, carrying one TestResult.
 *
 *   <Benchmark id=...>                 the data stream's, copied whole
 *     ... Profile, Value, Group, Rule  (plus a minimal Rule per rule of
 *                                       an assay pack scanned with it)
 *     <TestResult id="xccdf_assay_testresult_PROFILE" start-time
 *                 end-time version test-system="cpe:/a:assay:assay:V">
 *       <benchmark href id/> <title/> <identity/> <profile idref/>
 *       <target>HOST</target> <target-facts>...</target-facts>
 *       <platform idref/>... <set-value idref>...</set-value>...
 *       <rule-result idref role time severity weight>  (every Rule of
 *         <result/> [<override/>] <ident/>...          the Benchmark,
 *         <message/> <check>...</check>                 in its order)
 *       </rule-result>...
 *       <score system="urn:xccdf:scoring:default" maximum="100">
 *       <score system=...>...       (each other model it names)
 *     </TestResult>
 *   </Benchmark>
 *
 * Without --datastream (assay's own packs) the Benchmark is a minimal
 * one: id xccdf_assay_benchmark_PACK (xccdf_assay_benchmark_scan for
 * several packs), one Rule xccdf_assay_rule_ID per assay rule, a Profile
 * xccdf_assay_profile_ID per profile; the mapping is in docs/scap.md.
 * Statuses: pass, fail, error and notapplicable as they are; notchecked
 * is `unknown` for a rule with a check (OVAL unknown or not evaluated, as
 * OpenSCAP reports it) and `notchecked` for a manual rule; a waived rule
 * is `notapplicable` with an XCCDF override (old-result fail, the
 * justification as its remark): XCCDF has no waived result, and
 * notapplicable keeps an accepted risk out of the score without claiming
 * that the rule passed. The scores are XCCDF 1.2's models (NIST IR
 * 7275r4 section 7.3.2, xccdf_score.c) over the Benchmark's Group tree,
 * with the weights, roles and severities the scan's profiles refine
 * (xccdf_refine.c). No target address: the target is not running.
 *
 * XCCDF 1.1 content (a standalone 1.1 Benchmark) gets its results as
 * oscap 1.3.7 writes them for it: the TestResult in the 1.1 namespace,
 * the Rules' own ids (a 1.1 id is any NCName; the xccdf_assay_* ids stay
 * for rules of assay's packs), a tailored profile's id as it is, and a
 * benchmark reference without the id attribute 1.1 does not have.
 */
#include "config.h"

#include <ctype.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <libxml/hash.h>
#include <libxml/tree.h>

#include "assay/oval.h"
#include "assay/scap_xml.h"
#include "assay/strbuf.h"
#include "assay/tailoring.h"
#include "assay/waiver.h"
#include "assay/xccdf.h"
#include "assay/xmem.h"

#include "report_private.h"
#include "xccdf_private.h"

#define OVAL_SYSTEM	"http://oval.mitre.org/XMLSchema/oval-definitions-5"
#define XC(s)		((const xmlChar *)(s))

int
xres_open(struct xres *x, const struct scan_report *r, struct diag *d)
{
	xmlNodePtr root;

	memset(x, 0, sizeof(*x));
	x->r = r;
	x->ns = XRES_XCCDF_NS;
	if (r->datastream == NULL)
		return 0;
	x->xml = scap_xml_read(r->datastream, &limits_default, d);
	if (x->xml == NULL)
		return -1;
	root = xmlDocGetRootElement(x->xml);
	x->bench = root != NULL ? xfind_bench(root) : NULL;
	x->bench_id = x->bench != NULL ? xattr(x->bench, "id") : NULL;
	if (x->bench_id == NULL)
		x->bench = NULL;
	x->v11 = xis_xccdf11(x->bench);
	if (x->v11)
		x->ns = SCAP_XCCDF11_NS;
	return 0;
}

void
xres_close(struct xres *x)
{
	xmlFreeDoc(x->xml);
	x->xml = NULL;
}

/* Does result I come from the data stream's benchmark? */
static bool
from_ds(const struct xres *x, size_t i)
{
	const struct rule *ru = report_rule(x->r, i);

	return x->bench_id != NULL && ru->pack != NULL &&
	    strcmp(ru->pack->id, x->bench_id) == 0;
}

/* PREFIX and ID as an XCCDF id: an NCName, so the ':' an OVAL
 * definition's id holds (a rule of an OVAL file on its own) becomes
 * '_'. */
static char *
assay_id(const char *prefix, const char *id)
{
	char *s = xasprintf("%s%s", prefix, id);

	for (char *p = s; *p != '\0'; p++)
		if (*p == ':')
			*p = '_';
	return s;
}

char *
xres_rule_id(const struct xres *x, size_t i)
{
	const struct rule *ru = report_rule(x->r, i);

	if (from_ds(x, i))
		return xstrdup(ru->id);
	return assay_id("xccdf_assay_rule_", ru->id);
}

static void
add_text(xmlNodePtr parent, xmlNsPtr ns, const char *name, const char *s)
{
	char *t = report_str(s);

	(void)xmlNewTextChild(parent, ns, XC(name), XC(t != NULL ? t : ""));
	free(t);
}

static void
set_prop(xmlNodePtr n, const char *name, const char *value)
{
	char *t = report_str(value);

	(void)xmlNewProp(n, XC(name), XC(t != NULL ? t : ""));
	free(t);
}

static const char *
sev_str(const struct xres *x, size_t i, xmlNodePtr rule)
{
	const char *orig = rule != NULL ? xattr(rule, "severity") : NULL;

	switch (scan_severity(x->r, i)) {
	case SEV_INFO:
		/* assay reads XCCDF's unknown as info */
		return orig != NULL && strcmp(orig, "info") == 0 ? "info" :
		    rule != NULL ? "unknown" : "info";
	case SEV_LOW:
		return "low";
	case SEV_MEDIUM:
		return "medium";
	default:
		return "high";
	}
}

/* A minimal Rule for result I under PARENT. */
static void
mini_rule(const struct xres *x, xmlNodePtr parent, xmlNsPtr ns, size_t i)
{
	const struct rule *ru = report_rule(x->r, i);
	char *id = xres_rule_id(x, i);
	xmlNodePtr n = xmlNewChild(parent, ns, XC("Rule"), NULL);

	set_prop(n, "id", id);
	(void)xmlNewProp(n, XC("selected"), XC("true"));
	(void)xmlNewProp(n, XC("severity"), XC(sev_str(x, i, NULL)));
	add_text(n, ns, "title", ru->title != NULL ? ru->title : ru->id);
	if (ru->description != NULL)
		add_text(n, ns, "description", ru->description);
	free(id);
}

static xmlNodePtr
mini_benchmark(const struct xres *x, xmlDocPtr doc)
{
	const struct pack **packs = report_packs(x->r);
	bool one = packs[0] != NULL && packs[1] == NULL;
	xmlNodePtr b = xmlNewDocNode(doc, NULL, XC("Benchmark"), NULL);
	xmlNsPtr ns = xmlNewNs(b, XC(XRES_XCCDF_NS), NULL);
	char *id = one ? assay_id("xccdf_assay_benchmark_", packs[0]->id) :
	    xstrdup("xccdf_assay_benchmark_scan");
	const struct plan *p = x->r->plan;

	xmlSetNs(b, ns);
	set_prop(b, "id", id);
	(void)xmlNewProp(b, XC("resolved"), XC("true"));
	(void)xmlNewProp(b, XC("xml:lang"), XC("en-US"));
	add_text(b, ns, "status", "accepted");
	add_text(b, ns, "title", one && packs[0]->title != NULL ?
	    packs[0]->title : "assay scan");
	add_text(b, ns, "version", one && packs[0]->version != NULL ?
	    packs[0]->version : x->r->tool_version != NULL ?
	    x->r->tool_version : "0");
	for (size_t k = 0; p != NULL && k < plan_profile_count(p); k++) {
		const struct profile *pr = plan_profile(p, k);
		char *pid = assay_id("xccdf_assay_profile_", pr->id);
		xmlNodePtr n = xmlNewChild(b, ns, XC("Profile"), NULL);

		set_prop(n, "id", pid);
		add_text(n, ns, "title", pr->title != NULL ? pr->title :
		    pr->id);
		free(pid);
	}
	for (size_t i = 0; i < x->r->nresults; i++)
		mini_rule(x, b, ns, i);
	free(id);
	free(packs);
	return b;
}

xmlNodePtr
xres_benchmark(const struct xres *x, xmlDocPtr doc)
{
	xmlNodePtr b;
	xmlNsPtr ns;

	if (x->bench == NULL)
		return mini_benchmark(x, doc);
	b = xmlDocCopyNode(x->bench, doc, 1);
	if (b == NULL)
		xmem_oom();
	ns = xmlSearchNsByHref(doc, b, XC(x->ns));
	for (size_t i = 0; i < x->r->nresults; i++)
		if (!from_ds(x, i))
			mini_rule(x, b, ns, i);
	return b;
}

const char *
xres_hostname(const struct xres *x)
{
	const char *h = x->r->target_hostname;

	/* ai:hostname-type: [\w\-]+(\.[\w\-]+)* */
	if (h == NULL || h[0] == '.' || h[0] == '\0' ||
	    h[strlen(h) - 1] == '.' || strstr(h, "..") != NULL)
		return NULL;
	for (const char *p = h; *p != '\0'; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || strchr("_-.", *p) != NULL))
			return NULL;
	return h;
}

/* ---- the TestResult ---- */

struct xw {
	const struct xres *x;
	xmlNodePtr	 tr;
	xmlNsPtr	 ns;
	xmlHashTablePtr	 ids;		/* XCCDF rule id -> result index + 1 */
	bool		*done;
	const char	*time;
	/* the refine-rules of the scan's profiles from the Benchmark */
	struct xccdf_refines *rf;
};

static const char *
result_str(const struct result *res)
{
	switch (res->status) {
	case ST_PASS:
		return "pass";
	case ST_FAIL:
		return "fail";
	case ST_ERROR:
		return "error";
	case ST_NOTCHECKED:
		return res->rule != NULL && res->rule->check == NULL ?
		    "notchecked" : "unknown";
	default:	/* notapplicable; waived (with an override) */
		return "notapplicable";
	}
}

static double
weight_of(xmlNodePtr n)
{
	const char *w = n != NULL ? xattr(n, "weight") : NULL;
	char *end;
	double v;

	if (w == NULL)
		return 1.0;
	v = strtod(w, &end);
	return *end == '\0' && v >= 0 ? v : 1.0;
}

/* The XCCDF override a waiver makes: fail, accepted as notapplicable. */
static void
add_override(struct xw *w, xmlNodePtr rr, const struct result *res)
{
	xmlNodePtr o = xmlNewChild(rr, w->ns, XC("override"), NULL);
	const struct waiver *wv = res->waiver;
	char *remark = wv != NULL ? report_waiver_text(wv) :
	    xstrdup("waived");

	(void)xmlNewProp(o, XC("time"), XC(w->time));
	set_prop(o, "authority", wv != NULL && wv->owner != NULL ?
	    wv->owner : "assay waiver");
	add_text(o, w->ns, "old-result", "fail");
	add_text(o, w->ns, "new-result", "notapplicable");
	add_text(o, w->ns, "remark", remark);
	free(remark);
}

/* Rule RULE's check, rebuilt in the results' namespace: its system,
 * check-exports and check-content-ref (OVAL first, as oscap does). */
static void
add_check(struct xw *w, xmlNodePtr rr, xmlNodePtr rule, const char *mdef)
{
	/* the check the scan ran (a refine-rule selector picks it) */
	xmlNodePtr chk = xccdf_check_pick(rule,
	    xccdf_refines_selector(w->rf, xattr(rule, "id"))), n;

	/* a complex-check ran instead of any check (not written) */
	for (xmlNodePtr c = rule->children; c != NULL; c = c->next)
		if (xis_xccdf(c, "complex-check"))
			return;
	for (xmlNodePtr c = rule->children; c != NULL && chk == NULL;
	    c = c->next)
		if (xis_xccdf(c, "check") && (xattr(c, "system") == NULL ||
		    strcmp(xattr(c, "system"), OVAL_SYSTEM) != 0))
			chk = c;
	if (chk == NULL || xattr(chk, "system") == NULL)
		return;
	n = xmlNewChild(rr, w->ns, XC("check"), NULL);
	set_prop(n, "system", xattr(chk, "system"));
	if (xattr(chk, "selector") != NULL)
		set_prop(n, "selector", xattr(chk, "selector"));
	if (xattr(chk, "negate") != NULL)
		set_prop(n, "negate", xattr(chk, "negate"));
	if (xattr(chk, "multi-check") != NULL)
		set_prop(n, "multi-check", xattr(chk, "multi-check"));
	for (xmlNodePtr c = chk->children; c != NULL; c = c->next) {
		xmlNodePtr e;

		if (xis_xccdf(c, "check-export") && xattr(c, "export-name") &&
		    xattr(c, "value-id") != NULL) {
			e = xmlNewChild(n, w->ns, XC("check-export"), NULL);
			set_prop(e, "export-name", xattr(c, "export-name"));
			set_prop(e, "value-id", xattr(c, "value-id"));
		} else if (xis_xccdf(c, "check-content-ref") &&
		    xattr(c, "href") != NULL) {
			e = xmlNewChild(n, w->ns, XC("check-content-ref"),
			    NULL);
			/* a multi-check's rule-result names its definition,
			 * as oscap writes it */
			if (xattr(c, "name") != NULL || mdef != NULL)
				set_prop(e, "name", xattr(c, "name") != NULL ?
				    xattr(c, "name") : mdef);
			set_prop(e, "href", xattr(c, "href"));
		}
	}
}

/* The weight of Rule or Group N in effect: a refine-rule's, its own. */
static double
weight_in(const struct xw *w, xmlNodePtr n)
{
	const struct xccdf_refine *e = n != NULL ?
	    xccdf_refines_get(w->rf, xattr(n, "id")) : NULL;

	return e != NULL && e->weight >= 0 ? e->weight : weight_of(n);
}

/* The role of Rule N in effect: a refine-rule's, its own, full. */
static const char *
role_of(const struct xw *w, xmlNodePtr n)
{
	const struct xccdf_refine *e = n != NULL ?
	    xccdf_refines_get(w->rf, xattr(n, "id")) : NULL;

	if (e != NULL && e->role != NULL)
		return e->role;
	return n != NULL && xattr(n, "role") != NULL ? xattr(n, "role") :
	    "full";
}

/* The rule-result of rule ID (its Rule element RULE, or NULL) for result
 * I (or none: notselected), folded into SC. */
static void
add_rule_result(struct xw *w, const char *id, xmlNodePtr rule, long i,
    const char *mdef, struct xscore *sc)
{
	const struct result *res = i >= 0 ? &w->x->r->results[i] : NULL;
	const char *rs = res != NULL ? result_str(res) : "notselected";
	const char *role = role_of(w, rule);
	const struct xccdf_refine *rfd = rule != NULL ?
	    xccdf_refines_get(w->rf, id) : NULL;
	xmlNodePtr rr = xmlNewChild(w->tr, w->ns, XC("rule-result"), NULL);
	char wt[32];

	/* role="unchecked": not run (xccdf_plan_refine), as oscap says */
	if (res != NULL && strcmp(role, "unchecked") == 0)
		rs = "notchecked";
	set_prop(rr, "idref", id);
	set_prop(rr, "role", role);
	(void)xmlNewProp(rr, XC("time"), XC(w->time));
	if (res != NULL)
		(void)xmlNewProp(rr, XC("severity"),
		    XC(sev_str(w->x, (size_t)i, rule)));
	else if (rfd != NULL && rfd->severity != NULL)
		set_prop(rr, "severity", rfd->severity);
	else if (rule != NULL && xattr(rule, "severity") != NULL)
		set_prop(rr, "severity", xattr(rule, "severity"));
	snprintf(wt, sizeof(wt), "%f", weight_in(w, rule));
	(void)xmlNewProp(rr, XC("weight"), XC(wt));
	add_text(rr, w->ns, "result", rs);
	xscore_rule(sc, rs, weight_in(w, rule), strcmp(role, "unscored") != 0);
	if (res == NULL)
		return;
	if (res->status == ST_WAIVED)
		add_override(w, rr, res);
	for (xmlNodePtr c = rule != NULL ? rule->children : NULL; c != NULL;
	    c = c->next) {
		xmlNodePtr e;
		char *t, *s;

		if (!xis_xccdf(c, "ident") || xattr(c, "system") == NULL)
			continue;
		t = (char *)xmlNodeGetContent(c);
		s = report_str(t != NULL ? t : "");
		e = xmlNewTextChild(rr, w->ns, XC("ident"), XC(s));
		set_prop(e, "system", xattr(c, "system"));
		free(s);
		xmlFree(t);
	}
	if (res->message != NULL && res->message[0] != '\0') {
		xmlNodePtr m;
		char *s = report_str_max(res->message, 4096);

		m = xmlNewTextChild(rr, w->ns, XC("message"), XC(s));
		(void)xmlNewProp(m, XC("severity"), XC("info"));
		free(s);
	}
	if (rule != NULL)
		add_check(w, rr, rule, mdef);
}

/* Rule RULE (id ID) evaluated as a multi-check: the results of its
 * rules ID:DEFID (xccdf.c, multi_defs), one rule-result each, in the
 * order they ran; false when there are none. */
static bool
add_multi(struct xw *w, const char *id, xmlNodePtr rule, struct xscore *sc)
{
	size_t len = strlen(id);
	bool any = false;

	for (size_t i = 0; i < w->x->r->nresults; i++) {
		const char *rid = report_rule(w->x->r, i)->id;

		if (w->done[i] || strncmp(rid, id, len) != 0 ||
		    rid[len] != ':' || strncmp(rid + len + 1, "oval:", 5) != 0)
			continue;
		w->done[i] = true;
		add_rule_result(w, id, rule, (long)i, rid + len + 1, sc);
		any = true;
	}
	return any;
}

/* Every Rule below N in document order, with the scores of each Group
 * folded into SC. */
static void
walk(struct xw *w, xmlNodePtr n, struct xscore *sc, unsigned depth)
{
	if (depth > 64)
		return;
	for (xmlNodePtr c = n->children; c != NULL; c = c->next) {
		if (xis_xccdf(c, "Rule") && xattr(c, "id") != NULL) {
			const char *id = xattr(c, "id");
			size_t k = (size_t)xmlHashLookup(w->ids, XC(id));

			if (k > 0)
				w->done[k - 1] = true;
			if (k > 0 || !add_multi(w, id, c, sc))
				add_rule_result(w, id, c, (long)k - 1, NULL,
				    sc);
		} else if (xis_xccdf(c, "Group")) {
			struct xscore g;

			memset(&g, 0, sizeof(g));
			walk(w, c, &g, depth + 1);
			xscore_group(sc, &g, weight_in(w, c));
		}
	}
}

static void
add_fact(struct xw *w, xmlNodePtr facts, const char *name, const char *v)
{
	char *t = report_str(v);
	xmlNodePtr f = xmlNewTextChild(facts, w->ns, XC("fact"), XC(t));

	(void)xmlNewProp(f, XC("name"), XC(name));
	(void)xmlNewProp(f, XC("type"), XC("string"));
	free(t);
}

/* The profile the TestResult names: the plan's first. */
static char *
profile_id(const struct xres *x)
{
	const struct plan *p = x->r->plan;
	const struct profile *pr;

	/* a tailored profile is the one evaluated (as oscap names it) */
	if (x->r->tailoring != NULL) {
		const char *tid = tailoring_info(x->r->tailoring)->id;

		/* XCCDF 1.2 wants its xccdf_..._profile_ form; a 1.1
		 * id is any NCName, kept as oscap keeps it */
		return strncmp(tid, "xccdf_", 6) == 0 || (x->v11 &&
		    (isalpha((unsigned char)tid[0]) || tid[0] == '_')) ?
		    xstrdup(tid) : assay_id("xccdf_assay_profile_", tid);
	}
	if (p == NULL || plan_profile_count(p) == 0)
		return NULL;
	pr = plan_profile(p, 0);
	if (x->bench_id != NULL && pr->pack != NULL &&
	    strcmp(pr->pack->id, x->bench_id) == 0)
		return xstrdup(pr->id);
	return assay_id("xccdf_assay_profile_", pr->id);
}

static void
add_head(struct xw *w, xmlNodePtr bench, const char *href)
{
	const struct scan_report *r = w->x->r;
	const char *host = xres_hostname(w->x);
	struct passwd *pw = getpwuid(geteuid());
	char *pid = profile_id(w->x);
	xmlNodePtr n, facts;

	n = xmlNewChild(w->tr, w->ns, XC("benchmark"), NULL);
	set_prop(n, "href", href);
	/* XCCDF 1.1's benchmark reference has an href only */
	if (!w->x->v11)
		set_prop(n, "id", xattr(bench, "id"));
	add_text(w->tr, w->ns, "title", "assay scan result");
	{
		char *u = report_str(pw != NULL ? pw->pw_name : "unknown");

		n = xmlNewTextChild(w->tr, w->ns, XC("identity"), XC(u));
		free(u);
	}
	(void)xmlNewProp(n, XC("authenticated"), XC("false"));
	(void)xmlNewProp(n, XC("privileged"), XC(geteuid() == 0 ?
	    "true" : "false"));
	if (pid != NULL) {
		n = xmlNewChild(w->tr, w->ns, XC("profile"), NULL);
		set_prop(n, "idref", pid);
		free(pid);
	}
	add_text(w->tr, w->ns, "target", host != NULL ? host :
	    r->target_path != NULL ? r->target_path : "unknown");
	facts = xmlNewChild(w->tr, w->ns, XC("target-facts"), NULL);
	add_fact(w, facts, "urn:xccdf:fact:scanner:name", "assay");
	add_fact(w, facts, "urn:xccdf:fact:scanner:version",
	    r->tool_version != NULL ? r->tool_version : "unknown");
	if (host != NULL)
		add_fact(w, facts, "urn:xccdf:fact:asset:identifier:host_name",
		    host);
	add_fact(w, facts, "urn:xccdf:fact:identifier", r->target_path != NULL
	    ? r->target_path : "unknown");
	for (xmlNodePtr c = bench->children; c != NULL; c = c->next)
		if (xis_xccdf(c, "platform") && xattr(c, "idref") != NULL) {
			n = xmlNewChild(w->tr, w->ns, XC("platform"), NULL);
			set_prop(n, "idref", xattr(c, "idref"));
		}
}

/* The value the plan binds to the pack variable of XCCDF Value ID, or
 * NULL. xccdf.c's var_name: the id after "_value_" when that is a
 * variable name no other Value took, else "v_" + the id with every
 * other character '_' (an XCCDF 1.1 id such as var-1077), looked up
 * first as it is the only one that cannot be another Value's. */
static const char *
plan_value(const struct plan *p, const char *id)
{
	const char *s = strstr(id, "_value_"), *name, *value, *found = NULL;
	char *v = xasprintf("v_%s", id);

	s = s != NULL ? s + 7 : id;
	for (char *c = v; *c != '\0'; c++)
		if (!isalnum((unsigned char)*c))
			*c = '_';
	for (size_t k = 0; k < plan_var_count(p); k++) {
		plan_var(p, k, &name, &value);
		if (strcmp(name, v) == 0) {
			found = value;
			break;
		}
		if (found == NULL && strcmp(name, s) == 0)
			found = value;
	}
	free(v);
	return found;
}

/* A set-value per XCCDF Value whose pack variable (xccdf.c) the plan
 * binds. */
static void
add_values(struct xw *w, xmlNodePtr n, unsigned depth)
{
	const struct plan *p = w->x->r->plan;

	if (depth > 64 || p == NULL)
		return;
	for (xmlNodePtr c = n->children; c != NULL; c = c->next) {
		const char *id, *value;
		char *t;

		if (xis_xccdf(c, "Group")) {
			add_values(w, c, depth + 1);
			continue;
		}
		if (!xis_xccdf(c, "Value") || (id = xattr(c, "id")) == NULL ||
		    (value = plan_value(p, id)) == NULL)
			continue;
		t = report_str(value);
		set_prop(xmlNewTextChild(w->tr, w->ns, XC("set-value"), XC(t)),
		    "idref", id);
		free(t);
	}
}

static void
now_iso(char *buf, size_t len)
{
	time_t t = time(NULL);
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(buf, len, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* The refine-rules of the scan's profiles of the data stream's
 * Benchmark BENCH (checked when the scan compiled them); NULL without. */
static struct xccdf_refines *
profile_refines(const struct xres *x, xmlNodePtr bench)
{
	const struct plan *p = x->r->plan;
	struct xccdf_refines *rf;

	if (x->bench == NULL || x->bench_id == NULL || p == NULL)
		return NULL;
	rf = xccdf_refines_new(bench);
	for (size_t k = 0; k < plan_profile_count(p); k++) {
		const struct profile *pr = plan_profile(p, k);

		if (pr->pack != NULL && strcmp(pr->pack->id, x->bench_id) == 0)
			(void)xccdf_refines_add_profile(rf, pr->id, NULL,
			    NULL);
	}
	/* an XCCDF tailoring's refine-rules win (xccdf_refine.c) */
	if (x->r->tailoring != NULL)
		xccdf_refines_merge(rf,
		    xccdf_tailoring_refines(x->r->tailoring));
	return rf;
}

static bool
has_score(const struct xw *w, const char *model)
{
	for (xmlNodePtr c = w->tr->children; c != NULL; c = c->next)
		if (xis_xccdf(c, "score") && xattr(c, "system") != NULL &&
		    strcmp(xattr(c, "system"), model) == 0)
			return true;
	return false;
}

static void
add_score(struct xw *w, const struct xscore *sc, const char *model)
{
	char buf[32], max[32];
	double m, v = xscore_value(sc, model, &m);
	xmlNodePtr n;

	snprintf(buf, sizeof(buf), "%f", v);
	snprintf(max, sizeof(max), "%f", m);
	n = xmlNewChild(w->tr, w->ns, XC("score"), XC(buf));
	set_prop(n, "system", model);
	(void)xmlNewProp(n, XC("maximum"), XC(max));
}

xmlNodePtr
xres_testresult(const struct xres *x, xmlNodePtr parent, xmlNodePtr bench,
    const char *bench_href)
{
	const struct scan_report *r = x->r;
	struct xw w = { .x = x };
	struct xscore sc;
	char *pid = profile_id(x), *id, ts[32];
	const char *ver = NULL;
	xmlNodePtr n;

	memset(&sc, 0, sizeof(sc));
	now_iso(ts, sizeof(ts));
	w.time = r->finished != NULL ? r->finished : ts;
	w.tr = xmlNewChild(parent, NULL, XC("TestResult"), NULL);
	w.ns = xmlSearchNsByHref(parent->doc, parent, XC(x->ns));
	if (w.ns == NULL)
		w.ns = xmlNewNs(w.tr, XC(x->ns), NULL);
	xmlSetNs(w.tr, w.ns);
	id = xasprintf("xccdf_assay_testresult_%s", pid != NULL ? pid :
	    "default");
	set_prop(w.tr, "id", id);
	free(id);
	free(pid);
	set_prop(w.tr, "start-time", r->started != NULL ? r->started : ts);
	set_prop(w.tr, "end-time", w.time);
	for (n = bench->children; n != NULL && ver == NULL; n = n->next)
		if (xis_xccdf(n, "version"))
			ver = (const char *)(n->children != NULL &&
			    n->children->type == XML_TEXT_NODE ?
			    n->children->content : NULL);
	if (ver != NULL)
		set_prop(w.tr, "version", ver);
	id = xasprintf("cpe:/a:assay:assay:%s", r->tool_version != NULL ?
	    r->tool_version : "-");
	set_prop(w.tr, "test-system", id);
	free(id);
	add_head(&w, bench, bench_href);
	add_values(&w, bench, 0);
	w.ids = xmlHashCreate(r->nresults + 1);
	w.done = xcalloc(r->nresults + 1, sizeof(*w.done));
	if (w.ids == NULL)
		xmem_oom();
	for (size_t i = 0; i < r->nresults; i++) {
		id = xres_rule_id(x, i);
		(void)xmlHashAddEntry(w.ids, XC(id), (void *)(i + 1));
		free(id);
	}
	w.rf = profile_refines(x, bench);
	walk(&w, bench, &sc, 0);
	/* an assay pack's rules the Benchmark does not hold (ARF) */
	for (size_t i = 0; i < r->nresults; i++)
		if (!w.done[i]) {
			id = xres_rule_id(x, i);
			add_rule_result(&w, id, NULL, (long)i, NULL, &sc);
			free(id);
		}
	/* the default model, then each other one the Benchmark names, as
	 * oscap 1.3.7 writes them */
	add_score(&w, &sc, XSCORE_DEFAULT);
	for (n = bench->children; n != NULL; n = n->next) {
		const char *m = xis_xccdf(n, "model") ? xattr(n, "system") :
		    NULL;

		if (m != NULL && xscore_known(m) &&
		    strcmp(m, XSCORE_DEFAULT) != 0 && !has_score(&w, m))
			add_score(&w, &sc, m);
	}
	xccdf_refines_free(w.rf);
	xmlHashFree(w.ids, NULL);
	free(w.done);
	return w.tr;
}

/* Indent the element-only subtree N at LEVEL with white space text
 * nodes: libxml2 does not indent below an element holding text, and the
 * copied Benchmark does. */
void
xres_indent(xmlNodePtr n, int level)
{
	bool elems = n->children != NULL;

	for (xmlNodePtr c = n->children; c != NULL; c = c->next)
		elems &= c->type == XML_ELEMENT_NODE;
	if (!elems || level > 64)
		return;
	for (xmlNodePtr c = n->children; c != NULL; c = c->next) {
		xres_indent(c, level + 1);
		(void)xmlAddPrevSibling(c, xmlNewDocTextLen(n->doc,
		    XC("\n                                                   "
		    "                 "), 1 + 2 * (level + 1)));
	}
	(void)xmlAddChild(n, xmlNewDocTextLen(n->doc, XC("\n                 "
	    "                                                   "), 1 +
	    2 * level));
}

/* Serialize DOC to FP; -1 when FP cannot be written. */
int
xres_dump(xmlDocPtr doc, FILE *fp)
{
	doc->encoding = xmlStrdup(XC("UTF-8"));
	return xmlDocFormatDump(fp, doc, 1) < 0 || ferror(fp) ? -1 : 0;
}

static int
xccdf_write(const struct scan_report *r, FILE *fp, struct diag *d)
{
	struct xres x;
	xmlDocPtr doc;
	xmlNodePtr b, tr;
	char *href;
	int rc;

	if (xres_open(&x, r, d) != 0)
		return -1;
	doc = xmlNewDoc(XC("1.0"));
	b = xres_benchmark(&x, doc);
	(void)xmlDocSetRootElement(doc, b);
	href = x.bench != NULL ? xstrdup(r->datastream) :
	    xasprintf("#%s", xattr(b, "id"));
	tr = xres_testresult(&x, b, b, href);
	free(href);
	if (x.bench != NULL) {
		/* "\n  <TestResult>...</TestResult>\n" as oscap writes it */
		xres_indent(tr, 1);
		if (tr->prev != NULL && tr->prev->type == XML_TEXT_NODE)
			xmlNodeAddContent(tr->prev, XC("  "));
		else
			(void)xmlAddPrevSibling(tr, xmlNewDocText(doc,
			    XC("\n  ")));
		(void)xmlAddNextSibling(tr, xmlNewDocText(doc, XC("\n")));
	}
	rc = xres_dump(doc, fp);
	xmlFreeDoc(doc);
	xres_close(&x);
	return rc;
}

const struct report_ops report_xccdf = {
	.name = "xccdf",
	.write = xccdf_write,
};
