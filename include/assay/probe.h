/*
 * probe.h -- check types: the leaves of a rule's check tree.
 *
 * A probe plugs in as one const ops table (engine/probes/<name>.c) listed
 * in engine/probes/registry.c. Its life:
 *
 *   1. compile(args): at policy load, with variables already expanded.
 *      Check every argument and compile every regex here; report errors at
 *      the argument's position; return -1 on any.
 *   2. (optional) walk hooks: if any compiled probe wants a tree walk, the
 *      evaluator walks the target ONCE and feeds every entry to every such
 *      probe, so ten walking rules cost one walk.
 *   3. eval(): read only through the fs view (target.h), append evidence,
 *      return the status. Never touch the host.
 *   4. free(state).
 */
#ifndef ASSAY_PROBE_H
#define ASSAY_PROBE_H

#include <stdbool.h>

#include "assay/diag.h"
#include "assay/limits.h"
#include "assay/result.h"
#include "assay/target.h"
#include "assay/ynode.h"

/* What eval and the walk hooks may use. */
struct probe_env {
	struct target		*target;
	const struct limits	*lim;
};

struct probe_ops {
	const char	*name;		/* key under `check:` */
	const char	*summary;	/* one line for `assay rules`/docs */
	/* ARGS is the value under the probe's key. */
	int		(*compile)(const struct ynode *args,
			    const struct limits *lim, void **statep,
			    struct diag *d);
	/* Optional walk hooks. walk_begin returns the absolute path it wants
	 * walked ("/" for everything) or NULL for no walk; it may read files
	 * (e.g. /etc/passwd for `unowned`). walk_prune says the probe needs
	 * nothing under directory PATH. walk_visit sees every node. */
	const char	*(*walk_begin)(void *state, struct probe_env *env);
	bool		(*walk_prune)(const void *state, const char *path);
	void		(*walk_visit)(void *state, const char *path,
			    const struct fsnode *n);
	enum status	(*eval)(void *state, struct probe_env *env,
			    struct evlist *ev);
	void		(*free)(void *state);
};

/* NULL-terminated table of every probe, in name order. */
extern const struct probe_ops *const probe_table[];

const struct probe_ops	*probe_find(const char *name);

/* Every probe's ops table; defined one per file in engine/probes/. */
extern const struct probe_ops probe_file;
extern const struct probe_ops probe_files;
extern const struct probe_ops probe_content;
extern const struct probe_ops probe_keyvalue;
extern const struct probe_ops probe_sshd_config;
extern const struct probe_ops probe_sysctl;
extern const struct probe_ops probe_package;
extern const struct probe_ops probe_service;
extern const struct probe_ops probe_accounts;

/* Helpers shared by probes (engine/probes/common.c). */

/* Turn a failed read of PATH into evidence and a status: FS_ENOENT ->
 * the caller decides; anything else -> ST_ERROR with the reason. */
enum status	probe_read_error(struct evlist *ev, const char *path,
		    enum fs_rc rc);

#endif /* ASSAY_PROBE_H */
