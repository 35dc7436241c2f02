/*
 * policy_private.h -- what policy.c (loading, cross-checks) and
 * policy_compile.c (variables, check trees, plans) share.
 *
 * Only these two files include it. The public structs (struct rule,
 * struct profile, struct pack) are embedded first in the private ones so
 * a const pointer to either is the same address.
 */
#ifndef ASSAY_POLICY_PRIVATE_H
#define ASSAY_POLICY_PRIVATE_H

#include <stdbool.h>
#include <stddef.h>

#include "assay/diag.h"
#include "assay/limits.h"
#include "assay/policy.h"
#include "assay/strbuf.h"
#include "assay/ynode.h"

/* A declared variable. Strings are borrowed from the loaded documents. */
struct pvar {
	const char	*name;
	const char	*def;		/* default text */
	const char	*description;	/* may be NULL */
	struct srcpos	 at;		/* the name */
};

/* One `extends:` edge, resolved by policy_set_check. */
struct pedge {
	struct pprofile	*to;
	struct srcpos	 at;	/* the extends scalar */
};

struct pprofile {
	struct profile		 pub;	/* first: see above */
	/* Scalar-or-sequence nodes, or NULL; VARS maps name -> scalar. */
	const struct ynode	*extends;
	const struct ynode	*select;
	const struct ynode	*exclude;
	const struct ynode	*vars;
	bool			 implicit;	/* pack's own */
	/* Filled by policy_set_check. */
	struct pedge		*parents;
	size_t			 nparents;
	unsigned char		*sel;	/* per rule index: selected */
	int			 mark;	/* DFS: 0 new, 1 open, 2 done */
};

struct prule {
	struct rule		 pub;	/* first: see above */
	struct reference	*refs;	/* owned array */
	const char		**tags;	/* owned array */
	size_t			 index;	/* in policy_set.rules */
};

struct policy_set {
	struct ydoc		**docs;
	size_t			 ndocs, capdocs;
	struct pack		**packs;
	size_t			 npacks, cappacks;
	struct prule		**rules;
	size_t			 nrules, caprules;
	/* The rules by id: open addressing, linear probing, a power of two
	 * at most half full, so loading N rules is O(N) and not the O(N^2)
	 * of a scan per rule (50,000 rules took over 20 s). */
	struct prule		**byid;
	size_t			 byidcap;
	/* Explicit profiles while loading; policy_set_check rebuilds the
	 * array with each pack's implicit profile in front of its own. */
	struct pprofile		**profiles;
	size_t			 nprofiles, capprofiles;
	struct pvar		*vars;
	size_t			 nvars, capvars;
	const struct limits	*lim;	/* of the last load */
	/* Pack folders loaded (realpath), so a folder that a `requires:`
	 * already pulled in is not loaded twice. */
	struct strlist		 dirs;
	bool			 load_failed;
	bool			 check_done;	/* policy_set_check ran */
	/* ids may be XCCDF's (uppercase, '_'): policy_set_xccdf_ids() */
	bool			 xccdf_ids;
	int			 check_rc;	/* and returned this */
};

/* policy.c */
const struct pvar	*policy_var_find(const struct policy_set *ps,
			    const char *name);

/* policy_compile.c */

/* A name -> value table used while expanding `{{ var.NAME }}`. */
struct varbind {
	const char	*name;		/* borrowed */
	char		*value;		/* owned */
};

struct varenv {
	struct varbind		*v;		/* sorted by name */
	size_t			 n;
	const struct limits	*lim;
};

/* Check the shape of a check tree at load: exactly one key per level,
 * combinators with non-empty sequences, known probe names, depth. Probe
 * arguments are left to the probes at compile time. WHAT names the
 * parent key for messages. Returns 0 or -1. */
int	policy_check_tree_shape(const struct ynode *n, const char *what,
	    unsigned depth, const struct limits *lim, struct diag *d);

/* A deep copy of N with `{{ var.NAME }}` expanded from ENV; NULL after
 * reporting every unknown or malformed reference in D. */
struct ynode	*policy_expand_tree(const struct ynode *n,
		    const struct varenv *env, struct diag *d);

/* Bind the declared defaults (no profile, no overrides) into ENV. */
void	policy_varenv_defaults(const struct policy_set *ps,
	    const struct limits *lim, struct varenv *env);
void	policy_varenv_release(struct varenv *env);

#endif /* ASSAY_POLICY_PRIVATE_H */
