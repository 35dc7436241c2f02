/*
 * policy.h -- policy packs, rules, profiles, variables; compiled plans.
 *
 * The language is documented in docs/policy-language.md. In short: a pack
 * is a folder of YAML files sharing one `policy:` id; each file may hold
 * `rules`, `profiles` and `variables`. Loading is strict: unknown keys,
 * wrong types, duplicate ids, unknown check types, bad regexes, unknown
 * variables and cyclic `extends` are errors at file:line:col.
 *
 *   1. struct policy_set *ps = policy_set_new();
 *   2. policy_load_path(ps, "policies/linux-baseline", lim, d) (a file or a
 *      folder; folders are read recursively, *.yaml and *.yml, sorted);
 *      repeat for more packs; then policy_set_check(ps, d) to resolve
 *      cross-references (extends, select, duplicate ids across packs);
 *   3. struct plan *p = policy_compile(ps, ids, nids, overrides, lim, d):
 *      selects the rules, binds variables, expands {{ var.NAME }} and
 *      compiles every check (probes compile their arguments here);
 *   4. hand P to eval; plan_free(p); policy_set_free(ps).
 *
 * A policy_set owns every string, node and document loaded into it; a plan
 * borrows rules from its policy_set, so free the plan first.
 */
#ifndef ASSAY_POLICY_H
#define ASSAY_POLICY_H

#include <stdbool.h>
#include <stddef.h>

#include "assay/diag.h"

struct limits;
struct probe_ops;
struct ynode;

enum severity {
	SEV_INFO,
	SEV_LOW,
	SEV_MEDIUM,
	SEV_HIGH,
	SEV_CRITICAL,
	SEV__COUNT
};

const char	*severity_str(enum severity s);
int		 severity_parse(const char *s, enum severity *out);

struct reference {
	const char	*key;		/* "cis", "stig", "ssg", "url", ... */
	const char	*value;
};

struct pack {
	const char	*id;
	const char	*version;
	/* the benchmark it implements, with its version ("CIS Debian Linux
	 * 12 Benchmark v1.1.0"); NULL when it implements none */
	const char	*benchmark;
	const char	*title;
	const char	*description;
	struct srcpos	 at;
};

struct rule {
	const char		*id;
	const char		*title;
	const char		*description;
	const char		*rationale;
	const char		*remediation;
	const char		*notes;
	/* non-NULL: a notchecked rule */
	const char		*manual;
	enum severity		 severity;
	const struct reference	*refs;
	size_t			 nrefs;
	const char *const	*tags;
	size_t			 ntags;
	const struct ynode	*check;		/* NULL for manual rules */
	const struct ynode	*applies_if;	/* may be NULL */
	const struct pack	*pack;
	struct srcpos		 at;
};

struct profile {
	const char		*id;
	const char		*title;
	const char		*description;
	const struct pack	*pack;
	struct srcpos		 at;
};

/* A compiled check tree. */
enum check_kind {
	CHECK_ALL,
	CHECK_ANY,
	CHECK_NONE,
	CHECK_NOT,
	CHECK_PROBE,
};

struct checknode {
	enum check_kind		 kind;
	struct srcpos		 at;
	/* ALL/ANY/NONE: nkids; NOT: 1 */
	struct checknode	**kids;
	size_t			 nkids;
	const struct probe_ops	*probe;		/* PROBE */
	void			*state;		/* PROBE: from ops->compile */
};

struct policy_set;
struct plan;

struct policy_set	*policy_set_new(void);
void			 policy_set_free(struct policy_set *ps);
int			 policy_load_path(struct policy_set *ps,
			    const char *path, const struct limits *lim,
			    struct diag *d);
/* Load BUF[0..LEN) as one policy file named NAME (tests, fuzzing). */
int			 policy_load_string(struct policy_set *ps,
			    const char *name, const char *buf, size_t len,
			    const struct limits *lim, struct diag *d);
/* Load DOC, a policy file built in code (ynode.h's ybuild; NULL: it
 * failed), as policy_load_string loads text; the set keeps DOC. */
struct ydoc;
int			 policy_load_ydoc(struct policy_set *ps,
			    struct ydoc *doc, const struct limits *lim,
			    struct diag *d);
/* Accept XCCDF ids ([A-Za-z0-9][A-Za-z0-9._-]*) for packs, rules and
 * profiles loaded after this call (the packs xccdf.h builds). */
void			 policy_set_xccdf_ids(struct policy_set *ps);
/* Resolve cross-references; call once after the last load. */
int			 policy_set_check(struct policy_set *ps,
			    struct diag *d);

size_t			 policy_rule_count(const struct policy_set *ps);
const struct rule	*policy_rule(const struct policy_set *ps, size_t i);
size_t			 policy_profile_count(const struct policy_set *ps);
const struct profile	*policy_profile(const struct policy_set *ps,
			    size_t i);
const struct profile	*policy_find_profile(const struct policy_set *ps,
			    const char *id);
/* "unknown profile \"ID\"", with the closest profile id as a hint (or
 * how to list them); allocated. */
char	*policy_unknown_profile(const struct policy_set *ps, const char *id);

/* A KEY=VALUE variable override from the command line. */
struct var_override {
	const char	*name;
	const char	*value;
};

/* Compile the union of the rules selected by profiles IDS[0..NIDS) (all
 * rules when NIDS is 0), in load order. Unknown profile ids and unknown
 * override names are errors (no position). */
struct plan	*policy_compile(struct policy_set *ps, const char *const *ids,
		    size_t nids, const struct var_override *ov, size_t nov,
		    const struct limits *lim, struct diag *d);
void		 plan_free(struct plan *p);

/* A tailoring of a compile (tailoring.h reads one from a file). After the
 * profiles chose their rules, SELECT (when not NULL) decides each rule
 * given what the profiles said; VARS apply after the profiles' variables
 * and before the --var overrides. */
struct plan_tailor {
	bool			 (*select)(const struct rule *r, bool selected,
				    void *arg);
	void			*arg;
	const struct var_override *vars;
	size_t			 nvars;
};

/* policy_compile() with a tailoring T (may be NULL). */
struct plan	*policy_compile_tailored(struct policy_set *ps,
		    const char *const *ids, size_t nids,
		    const struct plan_tailor *t, const struct var_override *ov,
		    size_t nov, const struct limits *lim, struct diag *d);
/* Is NAME a declared variable? */
bool		 policy_has_var(const struct policy_set *ps, const char *name);

size_t			 plan_rule_count(const struct plan *p);
const struct rule	*plan_rule(const struct plan *p, size_t i);
/* The severity of rule I in effect: the rule's, unless a tailoring set
 * another with plan_set_rule_severity(). Gating and reports use this. */
enum severity		 plan_rule_severity(const struct plan *p, size_t i);
void			 plan_set_rule_severity(struct plan *p, size_t i,
			    enum severity s);
/* Rule I does not run: it is notchecked with reason WHY (copied), as
 * an XCCDF refine-rule role="unchecked" asks. */
void			 plan_set_rule_unchecked(struct plan *p, size_t i,
			    const char *why);
/* Why rule I does not run (plan_set_rule_unchecked), or NULL. */
const char		*plan_rule_unchecked(const struct plan *p, size_t i);
/* Compiled check / applies_if of rule I; NULL when the rule has none. */
const struct checknode	*plan_check(const struct plan *p, size_t i);
const struct checknode	*plan_applies_if(const struct plan *p, size_t i);
size_t			 plan_profile_count(const struct plan *p);
const struct profile	*plan_profile(const struct plan *p, size_t i);
/* Variables in effect (name, value), sorted by name. */
size_t			 plan_var_count(const struct plan *p);
void			 plan_var(const struct plan *p, size_t i,
			    const char **name, const char **value);

#endif /* ASSAY_POLICY_H */
