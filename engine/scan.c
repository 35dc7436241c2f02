/*
 * scan.c -- the scan pipeline: options in, a report out.
 *
 * options -> load -> compile -> open target -> eval -> waivers ->
 * baseline -> summary -> gate. Each phase that fails stops the run with
 * its reason in the diag and an enum scan_rc that says which kind of
 * input was wrong; the caller (cli.c) maps that to the exit code and
 * writes the reports. Nothing here prints or exits, so tests and fuzzers
 * run the same pipeline the command line does.
 *
 * Waivers come before the baseline: the baseline tells live findings from
 * waived ones. An `error` result at or above the threshold fails the gate:
 * a control we could not verify is not a control that passed.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "assay/baseline.h"
#include "assay/eval.h"
#include "assay/image.h"
#include "assay/oval.h"
#include "assay/policy.h"
#include "assay/scan.h"
#include "assay/strbuf.h"
#include "assay/tailoring.h"
#include "assay/target.h"
#include "assay/waiver.h"
#include "assay/xccdf.h"
#include "assay/xmem.h"

/* What scan_run() allocated for one report. */
struct scan_state {
	struct policy_set	*ps;
	struct plan		*plan;
	struct target		*t;
	struct result		*results;	/* what R->results reads */
	size_t			 nresults;
	struct tailoring	*tailoring;
	struct waiver_set	*waivers;
	struct baseline		*baseline;
	struct eval_share	*share;		/* one pass of file bytes */
	struct oval_results	*oval;		/* NULL unless asked for */
	char			 today[WAIVER_DATE_LEN];
	char			 started[32];
	char			 finished[32];
	char			 hostname[256];
};

static const char *const rc_names[] = {
	[SCAN_OK] = "ok",
	[SCAN_ERR_POLICY] = "policy error",
	[SCAN_ERR_TARGET] = "target error",
};

const char *
scan_rc_str(enum scan_rc rc)
{
	return rc <= SCAN_ERR_TARGET ? rc_names[rc] : "unknown";
}

void
scan_options_init(struct scan_options *o)
{
	memset(o, 0, sizeof(*o));
	o->fail_on = SEV_HIGH;
	o->lim = limits_default;
}

/* SS: what picks the checks of the benchmark's Rules (refine-rule
 * selector): O's profiles, its tailoring's base profile and, for an
 * XCCDF one, its refine-rules (*RFP, freed by the caller). */
static void
scan_selectors(const struct scan_options *o, struct xccdf_scan_sel *ss,
    struct xccdf_refines **rfp, char **extp)
{
	*rfp = NULL;
	*extp = NULL;
	ss->profiles = o->profiles;
	ss->nprofiles = o->nprofiles;
	if (o->tailoring_id != NULL || (o->tailoring != NULL &&
	    xccdf_is_xml(o->tailoring, &o->lim)))
		*rfp = xccdf_tailoring_preread(o->tailoring != NULL ?
		    o->tailoring : o->datastream, o->tailoring_id,
		    o->profiles, o->nprofiles, &o->lim, extp);
	else if (o->tailoring != NULL) {
		struct diag *quiet = diag_new();
		struct tailoring *t = tailoring_load(o->tailoring, &o->lim,
		    quiet);

		if (t != NULL)
			*extp = xstrdup(tailoring_info(t)->extends);
		tailoring_free(t);
		diag_free(quiet);
	}
	ss->extends = *extp;
	ss->tailoring = *rfp;
	ss->skip_signature = o->skip_signature;
	ss->enforce_signature = o->enforce_signature ||
	    o->signature_trust != NULL;
	ss->signature_trust = o->signature_trust;
	ss->benchmark_id = o->benchmark_id;
	ss->defaults = o->xccdf_defaults && o->nprofiles == 0 &&
	    o->tailoring == NULL &&
	    o->tailoring_id == NULL;
}

struct policy_set *
scan_load(const struct scan_options *o, struct diag *d)
{
	struct policy_set *ps = policy_set_new();
	struct xccdf_scan_sel ss;
	struct xccdf_refines *trf = NULL;
	char *ext = NULL;
	int rc = 0;

	for (size_t i = 0; i < o->npolicies; i++)
		if (policy_load_path(ps, o->policies[i], &o->lim, d) != 0)
			rc = -1;
	/* without a tailoring (which may select any rule), only the rules
	 * the profiles asked for select are built */
	if (rc == 0 && o->datastream != NULL)
		scan_selectors(o, &ss, &trf, &ext);
	if (rc == 0 && o->datastream != NULL &&
	    xccdf_load_scan(ps, o->datastream, o->tailoring == NULL &&
	    o->tailoring_id == NULL ? o->profiles : NULL, o->tailoring ==
	    NULL && o->tailoring_id == NULL ? o->nprofiles : 0, &ss,
	    &o->lim, d) != 0)
		rc = -1;
	xccdf_refines_free(trf);
	free(ext);
	if (rc == 0)
		rc = policy_set_check(ps, d);
	if (rc != 0) {
		policy_set_free(ps);
		return NULL;
	}
	return ps;
}

/* The plan of O's profiles with the tailoring T: its base profile,
 * selection, variables and severities. */
static struct plan *
compile_tailored(const struct scan_options *o, struct policy_set *ps,
    const struct tailoring *t, struct diag *d)
{
	struct strlist ids = STRLIST_INIT;
	struct plan_tailor pt;
	struct plan *p;

	for (size_t i = 0; i < o->nprofiles; i++)
		strlist_add(&ids, o->profiles[i]);
	strlist_add(&ids, tailoring_info(t)->extends);
	tailoring_plan_tailor(t, &pt);
	p = policy_compile_tailored(ps, (const char *const *)ids.v, ids.n,
	    &pt, o->vars, o->nvars, &o->lim, d);
	/* the base profile's refine-rules, then the tailoring's */
	if (p != NULL && o->datastream != NULL &&
	    xccdf_plan_refine_over(p, o->datastream,
	    xccdf_tailoring_refines(t), &o->lim, d) != 0) {
		plan_free(p);
		p = NULL;
	}
	if (p != NULL && tailoring_apply_severity(t, p, d) != 0) {
		plan_free(p);
		p = NULL;
	}
	strlist_release(&ids);
	return p;
}

/* An XCCDF tailoring file (xccdf.h): its Profile is what --profile
 * names, so that id is not looked up among the benchmark's. */
static struct plan *
compile_xccdf_tailored(const struct scan_options *o, struct policy_set *ps,
    struct tailoring **tp, struct diag *d)
{
	struct scan_options oo = *o;
	const char **ids = xcalloc(o->nprofiles + 1, sizeof(*ids));
	struct plan *p = NULL;

	*tp = xccdf_tailoring_load_id(o->tailoring != NULL ? o->tailoring :
	    o->datastream, o->tailoring_id, ps, o->datastream, o->profiles,
	    o->nprofiles, &o->lim, d);
	oo.nprofiles = 0;
	for (size_t i = 0; *tp != NULL && i < o->nprofiles; i++)
		if (!xccdf_tailoring_names(*tp, o->profiles[i]))
			ids[oo.nprofiles++] = o->profiles[i];
	oo.profiles = ids;
	if (*tp != NULL && tailoring_check(*tp, ps, d) == 0)
		p = compile_tailored(&oo, ps, *tp, d);
	free(ids);
	return p;
}

/* With --datastream, `--profile standard` names the one XCCDF profile
 * ending in "_profile_standard"; other ids are kept as given. */
static struct plan *scan_compile_ids(const struct scan_options *o,
		    struct policy_set *ps, struct tailoring **tp,
		    struct diag *d);

struct plan *
scan_compile(const struct scan_options *o, struct policy_set *ps,
    struct tailoring **tp, struct diag *d)
{
	struct scan_options oo = *o;
	const char **ids;
	struct plan *p;

	if (o->datastream == NULL || o->nprofiles == 0)
		return scan_compile_ids(o, ps, tp, d);
	ids = xcalloc(o->nprofiles, sizeof(*ids));
	for (size_t i = 0; i < o->nprofiles; i++) {
		const char *full = NULL;

		if (policy_find_profile(ps, o->profiles[i]) == NULL)
			full = xccdf_profile_resolve(ps, o->profiles[i]);
		ids[i] = full != NULL ? full : o->profiles[i];
	}
	oo.profiles = ids;
	p = scan_compile_ids(&oo, ps, tp, d);
	free(ids);
	return p;
}

static struct plan *
scan_compile_ids(const struct scan_options *o, struct policy_set *ps,
    struct tailoring **tp, struct diag *d)
{
	*tp = NULL;
	if (o->tailoring == NULL && o->tailoring_id != NULL)
		return compile_xccdf_tailored(o, ps, tp, d);
	if (o->tailoring == NULL) {
		struct plan *p = policy_compile(ps, o->profiles,
		    o->nprofiles, o->vars, o->nvars, &o->lim, d);

		if (p != NULL && o->datastream != NULL &&
		    xccdf_plan_refine(p, o->datastream, &o->lim, d) != 0) {
			plan_free(p);
			p = NULL;
		}
		return p;
	}
	if (xccdf_is_xml(o->tailoring, &o->lim))
		return compile_xccdf_tailored(o, ps, tp, d);
	if (o->tailoring_id != NULL) {
		diag_add(d, &(struct srcpos){ o->tailoring, 0, 0 },
		    "--tailoring-id: this is assay's YAML tailoring, not a "
		    "SCAP source data stream");
		return NULL;
	}
	*tp = tailoring_load(o->tailoring, &o->lim, d);
	if (*tp == NULL || tailoring_check(*tp, ps, d) != 0)
		return NULL;
	return compile_tailored(o, ps, *tp, d);
}

/* Load --waivers (checked against the policies) and --baseline. */
static int
load_audit(const struct scan_options *o, struct scan_state *s,
    struct diag *d)
{
	if (o->waivers != NULL) {
		s->waivers = waiver_load(o->waivers, &o->lim, d);
		if (s->waivers == NULL ||
		    waiver_check(s->waivers, s->ps, d) != 0 ||
		    waiver_today(s->today, d) != 0)
			return -1;
	}
	if (o->baseline != NULL) {
		s->baseline = baseline_load(o->baseline, d);
		if (s->baseline == NULL)
			return -1;
	}
	return 0;
}

/* Load, compile and load the audit files: SCAN_ERR_POLICY on any
 * failure. */
static enum scan_rc
prepare(const struct scan_options *o, struct scan_state *s, struct diag *d)
{
	s->ps = scan_load(o, d);
	if (s->ps == NULL)
		return SCAN_ERR_POLICY;
	s->plan = scan_compile(o, s->ps, &s->tailoring, d);
	if (s->plan == NULL || load_audit(o, s, d) != 0)
		return SCAN_ERR_POLICY;
	return SCAN_OK;
}

/* Open the target with the image choices; only the paths the plan's
 * probes read keep their content. */
static struct target *
open_target(const struct scan_options *o, const struct plan *plan,
    struct eval_share *share, struct diag *d)
{
	struct strlist globs = STRLIST_INIT;
	struct target_opts to;
	struct target *t;

	memset(&to, 0, sizeof(to));
	to.image = o->image;
	to.platform = o->platform;
	to.no_verify = o->no_verify;
	to.partition = o->partition;
	to.cert_dir = o->cert_dir;
	to.tls_no_verify = o->tls_no_verify;
	to.timeout = o->timeout;
	to.progress = o->progress;
	to.progress_arg = o->progress_arg;
	eval_content_globs(plan, &globs);
	to.content_globs = &globs;
	if (share != NULL) {
		to.stream = eval_share_stream;
		to.stream_arg = share;
	}
	t = target_open_opts(o->target, &o->lim, &to, d);
	strlist_release(&globs);
	return t;
}

/* Waivers first: the baseline tells live findings from waived ones. */
static void
apply_audit(struct scan_state *s)
{
	if (s->waivers != NULL)
		waiver_apply(s->waivers, s->today, s->plan, s->results,
		    s->nresults);
	if (s->baseline != NULL)
		baseline_apply(s->baseline, s->plan, s->results,
		    s->nresults);
}

static void
iso8601(time_t t, char *buf, size_t len)
{
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(buf, len, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static double
now_seconds(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* The host name in the target's /etc/hostname, for the XCCDF and ARF
 * reports: hostname(5) (systemd 252) takes the first line that is not
 * empty nor a "#" comment, trimmed. NULL when there is none. */
static const char *
read_hostname(struct scan_state *s)
{
	struct strbuf b = STRBUF_INIT;
	size_t n = 0;

	if (target_read(s->t, "/etc/hostname", 4096, &b) == FS_OK &&
	    b.buf != NULL) {
		const char *p = b.buf, *end = b.buf + b.len;

		for (;;) {
			while (p < end && strchr(" \t\r\n", *p) != NULL &&
			    *p != '\0')
				p++;
			if (p >= end || *p != '#')
				break;
			while (p < end && *p != '\n')
				p++;
		}
		while (p + n < end && n + 1 < sizeof(s->hostname) &&
		    strchr(" \t\r\n", p[n]) == NULL && p[n] != '\0')
			n++;
		memcpy(s->hostname, p, n);
	}
	s->hostname[n] = '\0';
	strbuf_release(&b);
	return n > 0 ? s->hostname : NULL;
}

/* Point R at what S holds and the options asked for. */
static void
fill_report(const struct scan_options *o, struct scan_state *s,
    struct scan_report *r)
{
	const struct image_config *ic = target_image_config(s->t);

	r->tool_version = PACKAGE_VERSION;
	r->target_path = o->target;
	r->target_kind = target_kind_str(target_kind(s->t));
	r->target_describe = target_describe(s->t);
	if (ic != NULL) {
		r->image_id = ic->id;
		r->manifest_digest = ic->manifest_digest;
	}
	r->datastream = o->datastream;
	r->oval_results = s->oval;
	r->target_hostname = read_hostname(s);
	r->plan = s->plan;
	r->results = s->results;
	r->nresults = s->nresults;
	r->waivers = s->waivers;
	r->tailoring = s->tailoring;
	r->baseline = s->baseline;
	r->omit_waived = o->omit_waived;
	r->fail_on_new = o->fail_on_new;
	r->fail_on = o->fail_on;
	r->argc = o->argc;
	r->argv = o->argv;
	r->started = s->started;
	r->finished = s->finished;
	r->state = s;
}

/* Record the evaluations of the data stream (which the plan's oval
 * probes hold) in REC; NULL stops. */
static void
record_oval(const struct scan_options *o, struct oval_results *rec)
{
	struct diag *quiet = diag_new();
	struct scap_doc *doc = scap_doc_get(o->datastream, &o->lim, quiet);

	diag_free(quiet);
	if (doc != NULL) {
		scap_doc_record(doc, rec);
		scap_doc_put(doc);
	}
}

enum scan_rc
scan_run(const struct scan_options *o, struct scan_report *r,
    struct diag *d)
{
	struct scan_state *s = xcalloc(1, sizeof(*s));
	double t0 = now_seconds();
	struct scap_doc *keep = NULL;
	enum scan_rc rc;

	memset(r, 0, sizeof(*r));
	r->state = s;
	iso8601(time(NULL), s->started, sizeof(s->started));
	/* SCAP content is parsed once: the pack is built from it and every
	 * oval probe of the plan takes its own reference while this one is
	 * held (a failure is reported by prepare() below) */
	if (o->datastream != NULL) {
		struct diag *quiet = diag_new();

		keep = o->nprofiles > 0 && o->tailoring == NULL &&
		    o->tailoring_id == NULL ?
		    scap_doc_get_profiles(o->datastream, &o->lim,
		    o->profiles, o->nprofiles, quiet) :
		    scap_doc_get(o->datastream, &o->lim, quiet);
		diag_free(quiet);
	}
	rc = prepare(o, s, d);
	scap_doc_put(keep);
	if (rc == SCAN_OK) {
		s->share = eval_share_new(s->plan, &o->lim);
		s->t = open_target(o, s->plan, s->share, d);
		if (s->t == NULL)
			rc = SCAN_ERR_TARGET;
	}
	if (rc != SCAN_OK) {
		scan_report_release(r);
		return rc;
	}
	s->nresults = plan_rule_count(s->plan);
	if (o->oval_results && o->datastream != NULL) {
		s->oval = oval_results_new(&o->lim);
		record_oval(o, s->oval);
	}
	s->results = eval_plan(s->plan, s->t, &o->lim);
	if (s->oval != NULL)
		record_oval(o, NULL);
	apply_audit(s);
	fill_report(o, s, r);
	scan_summarize(r);
	r->exit_code = scan_gate_fails(r) ? SCAN_EXIT_FINDINGS : SCAN_EXIT_OK;
	iso8601(time(NULL), s->finished, sizeof(s->finished));
	r->duration = now_seconds() - t0;
	return SCAN_OK;
}

void
scan_report_release(struct scan_report *r)
{
	struct scan_state *s = r->state;

	if (s != NULL) {
		oval_results_free(s->oval);
		eval_results_free(s->results, s->nresults);
		eval_share_free(s->share);
		target_close(s->t);
		plan_free(s->plan);
		baseline_free(s->baseline);
		waiver_set_free(s->waivers);
		tailoring_free(s->tailoring);
		policy_set_free(s->ps);
		free(s);
	}
	memset(r, 0, sizeof(*r));
}

/* The rule of result I: results[i].rule, else plan_rule(plan, i). */
static const struct rule *
result_rule(const struct scan_report *r, size_t i)
{
	if (r->results[i].rule != NULL)
		return r->results[i].rule;
	return plan_rule(r->plan, i);
}

void
scan_summarize(struct scan_report *r)
{
	memset(&r->sum, 0, sizeof(r->sum));
	for (size_t i = 0; i < r->nresults; i++) {
		const struct result *res = &r->results[i];
		enum severity sev = scan_severity(r, i);

		if (res->status < ST__COUNT)
			r->sum.count[res->status]++;
		if (res->status == ST_FAIL && sev < SEV__COUNT)
			r->sum.fail_by_sev[sev]++;
		r->sum.total++;
	}
}

enum severity
scan_severity(const struct scan_report *r, size_t i)
{
	if (r->plan != NULL && i < plan_rule_count(r->plan) &&
	    (r->results[i].rule == NULL ||
	    r->results[i].rule == plan_rule(r->plan, i)))
		return plan_rule_severity(r->plan, i);
	return result_rule(r, i)->severity;
}

bool
scan_at_threshold(const struct scan_report *r, enum severity s)
{
	return r->fail_on >= 0 && (int)s >= r->fail_on;
}

bool
scan_gates(const struct scan_report *r, size_t i)
{
	const struct result *res = &r->results[i];

	if (!scan_at_threshold(r, scan_severity(r, i)))
		return false;
	if (res->status == ST_FAIL)
		return !r->fail_on_new || res->baseline == BASELINE_NEW;
	if (res->status == ST_ERROR)
		return !r->fail_on_new || r->baseline == NULL ||
		    !baseline_had_error(r->baseline, result_rule(r, i)->id);
	return false;
}

bool
scan_gate_fails(const struct scan_report *r)
{
	for (size_t i = 0; i < r->nresults; i++)
		if (scan_gates(r, i))
			return true;
	return false;
}
