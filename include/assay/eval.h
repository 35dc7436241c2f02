/*
 * eval.h -- run a compiled plan against a target.
 *
 * For each rule: manual rules are notchecked; applies_if false gives
 * notapplicable; otherwise the check tree decides. Combinators (folded
 * with status_all() and status_any() of result.h, as probes fold theirs):
 *
 *   all   fail if any child fails, else error if any errs, else pass
 *   any   pass if any child passes, else error if any errs, else fail
 *   none  pass if no child passes and none errs; fail if one passes
 *   not   pass <-> fail; error stays error
 *
 * A notapplicable child is ignored by all/any/none (an all of only
 * notapplicable children is notapplicable).
 *
 * Before evaluation every probe that wants a tree walk is fed from ONE
 * walk of the target (probe.h).
 */
#ifndef ASSAY_EVAL_H
#define ASSAY_EVAL_H

#include "assay/result.h"

struct checknode;
struct evlist;
struct limits;
struct plan;
struct probe_env;
struct result;
struct strlist;
struct target;

/* Results for every rule of P, in plan order: an array of
 * plan_rule_count(P) results the caller frees with eval_results_free(). */
struct result	*eval_plan(const struct plan *p, struct target *t,
		    const struct limits *lim);
void		 eval_results_free(struct result *r, size_t n);

/* The paths and globs whose content the rules of P read (probe_ops
 * paths hooks), appended to OUT; for target_opts.content_globs. */
void		 eval_content_globs(const struct plan *p, struct strlist *out);

/* The shared pass of the probes with share hooks (probe.h) for the
 * rules of P, or NULL when none has one. Set target_opts stream to
 * eval_share_stream with this as its argument before the target opens;
 * free it after eval_plan(). */
struct eval_share;
struct target_stream_ev;
struct eval_share *eval_share_new(const struct plan *p,
		    const struct limits *lim);
void		 eval_share_stream(const struct target_stream_ev *ev,
		    void *arg);
void		 eval_share_free(struct eval_share *s);

/* Evaluate one check tree (exposed for the probe suites). */
enum status	 eval_check(const struct checknode *c, struct probe_env *env,
		    struct evlist *ev);

#endif /* ASSAY_EVAL_H */
