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
 *      probe, so ten walking rules cost one walk. On an image, what
 *      later layers hide is listed once too (walk_visit_hidden).
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
#include "assay/strbuf.h"
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
	/* Optional (but a probe with walk_visit needs it to be right): the
	 * walk could not enter directory PATH (at or below the probe's
	 * walk_begin path, or above it) for RC, e.g. FS_ETOODEEP past
	 * lim->walk_depth. What lies below was not seen, so a verdict that
	 * depends on it is an `error` naming PATH, never a silent pass. */
	void		(*walk_error)(void *state, const char *path,
			    enum fs_rc rc);
	/* Optional: what the layers of an image hide (target_walk_hidden),
	 * listed ONCE after the walk and fed to every probe whose walk_begin
	 * returned a path, for the entries at or below it. A probe that
	 * wants only these leaves walk_visit NULL. */
	void		(*walk_visit_hidden)(void *state, const char *path,
			    const struct fsnode *n);
	enum status	(*eval)(void *state, struct probe_env *env,
			    struct evlist *ev);
	void		(*free)(void *state);
	/* Optional: add to GLOBS the absolute paths or globs (a match
	 * covers the whole subtree) whose CONTENT eval will read. Image
	 * targets keep only metadata plus a default set of config paths;
	 * this is how a rule reading /opt/app/... gets its bytes kept. */
	void		(*paths)(const void *state, struct strlist *globs);
	/* Optional, all three or none: probes that read every regular
	 * file's bytes (secrets) share ONE pass per scan. share() joins
	 * STATE to *SHARED, the scan's slot for this probe type (NULL the
	 * first time: create it), before the target opens; an image target
	 * then streams what its layers hold to shared_stream(); eval reads
	 * the rest; shared_free() ends it after evaluation. Without share()
	 * (eval_plan alone) a probe works on its own. */
	void		(*share)(void *state, const struct limits *lim,
			    void **shared);
	void		(*shared_stream)(void *shared,
			    const struct target_stream_ev *ev);
	void		(*shared_free)(void *shared);
};

/* NULL-terminated table of every probe, in name order. */
extern const struct probe_ops *const probe_table[];

const struct probe_ops	*probe_find(const char *name);

/* Every probe's ops table; defined one per file in engine/probes/. */
extern const struct probe_ops probe_file;
extern const struct probe_ops probe_files;
extern const struct probe_ops probe_audit_rules;
extern const struct probe_ops probe_content;
extern const struct probe_ops probe_keyvalue;
extern const struct probe_ops probe_sshd_config;
extern const struct probe_ops probe_sysctl;
extern const struct probe_ops probe_package;
extern const struct probe_ops probe_service;
extern const struct probe_ops probe_accounts;
extern const struct probe_ops probe_elf;
extern const struct probe_ops probe_sudoers;
extern const struct probe_ops probe_pam;
extern const struct probe_ops probe_grub;
extern const struct probe_ops probe_image;
extern const struct probe_ops probe_fstab;
extern const struct probe_ops probe_modprobe;
extern const struct probe_ops probe_os_release;
extern const struct probe_ops probe_oval;
extern const struct probe_ops probe_secrets;

/* Helpers shared by probes (engine/probes/common.c). */

/* Turn a failed read of PATH in T into evidence and a status: FS_ENOENT
 * -> ST_FAIL ("does not exist"); anything else -> ST_ERROR with the
 * reason, naming the node type for FS_ENOTREG ("not a regular file
 * (fifo)"). T may be NULL (no type lookup). */
enum status	probe_read_error(struct target *t, struct evlist *ev,
		    const char *path, enum fs_rc rc);
/* Why RC happened, in words for evidence ("not a regular file", ...). */
const char	*probe_fs_reason(enum fs_rc rc);

/* KEY's value in map ARGS, or NULL after reporting `missing required key
 * "KEY" in WHAT` at ARGS. */
const struct ynode *probe_require(const struct ynode *args, const char *key,
		    const char *what, struct diag *d);
/* N, the value of KEY, as a list of strings: a scalar or a sequence of
 * them, at least one (else `KEY: expected WHAT or a list of them, got an
 * empty list` at N). EACH gets every string S, the node AT it came from
 * and their count K; it checks and keeps S, or reports at AT and returns
 * -1. Returns 0, or -1 when N is not such a list or EACH refused any. */
ASSAY_NODISCARD int probe_str_list(const struct ynode *n, const char *key,
		    const char *what, int (*each)(void *arg, const char *s,
		    size_t k, const struct ynode *at, struct diag *d),
		    void *arg, struct diag *d);
/* N (may be NULL: nothing) is a string or a list of strings, the value
 * of KEY: append each to OUT. 0, or -1 with the message at N. */
int		probe_parse_strlist(const struct ynode *n, const char *key,
		    struct strlist *out, struct diag *d);
/* N is a scalar equal to one of NAMES (NULL-terminated): *OUT gets its
 * index and 0 is returned. Otherwise reports `KEY: expected a, b or c, got
 * X` at N and returns -1. */
int		probe_parse_enum(const struct ynode *n, const char *key,
		    const char *const *names, int *out, struct diag *d);
/* `type:` (N not NULL): a node type word of fs_type_word() ("file",
 * "dir", ...), or also "any" when ANY. *OUT gets the enum fs_type, or -1
 * for "any"; 0, or -1 with the message at N (*OUT untouched). */
int		probe_parse_type(const struct ynode *n, bool any, int *out,
		    struct diag *d);
/* `missing:` (N may be NULL: the default, ST_FAIL): fail, pass,
 * notapplicable or error. 0, or -1 with the message at N. */
int		probe_parse_missing(const struct ynode *n, enum status *out,
		    struct diag *d);
/* An option of a probe whose queries each take only some options: its
 * key, and the bit a query's mask has when the query uses it. */
struct probe_opt {
	const char	*key;
	unsigned	 bit;
};
/* Each key of OPTS (ended by a NULL key) given in ARGS whose bit is not
 * in OK is an error `KEY: not used by WHAT "NAME"` at its value: a rule
 * that says `users: [root]` with query uid_zero expects something that
 * never happens. 0, or -1 after reporting every such key. */
int		probe_check_opts(const struct ynode *args,
		    const struct probe_opt *opts, unsigned ok,
		    const char *what, const char *name, struct diag *d);
/* `read_by:` (N may be NULL: none, *OUT is -1): a reader of
 * dropin.h ("logrotate", "apt", ...), as an enum dropin_reader in *OUT.
 * 0, or -1 with the message at N. */
int		probe_parse_read_by(const struct ynode *n, int *out,
		    struct diag *d);
/* Drop from PATHS those whose base name reader R (an enum dropin_reader;
 * -1: none) does not read, adding one evidence item per path dropped. */
void		probe_filter_read_by(int r, struct strlist *paths,
		    struct evlist *ev);
/* Evidence "PATH does not exist" (noting a non-default `missing:`), and
 * ST, the parsed `missing:` status, to return. */
enum status	probe_missing(struct evlist *ev, const char *path,
		    enum status st);

/* Directories a walking probe could not enter (walk_error): how many,
 * and the first with its reason. */
struct probe_walkerr {
	size_t		 n;
	char		*path;
	enum fs_rc	 rc;
};
void		probe_walkerr_add(struct probe_walkerr *e, const char *path,
		    enum fs_rc rc);
/* Evidence "PATH not walked: REASON" (and how many more), ST_ERROR; or
 * ST_PASS and nothing when E is empty. */
enum status	probe_walkerr_report(const struct probe_walkerr *e,
		    struct evlist *ev);
void		probe_walkerr_release(struct probe_walkerr *e);

/* Bytes of an image layer's build step (created_by) quoted in evidence. */
#define PROBE_STEP_SHOW	80
/* The build step that made image layer LAYER of T (image.h), cut to
 * PROBE_STEP_SHOW bytes plus "..." with control characters blanked; ""
 * when unknown. Malloc'd. */
char		*probe_layer_step(struct target *t, int layer);

/* The target's user or group database (/etc/passwd, /etc/group): field 1
 * is the name, field 3 the id, field 4 the user's primary group id or the
 * group's members. Comment, NIS (+/-) and malformed lines are skipped, as
 * glibc's files backend skips what it cannot parse (the accounts probe
 * is the strict reader, which reports them). */
struct probe_id {
	uint32_t	 id;
	char		*name;
	int64_t		 gid;		/* passwd: field 4; -1 if no number */
	char		*members;	/* group: field 4 ("a,b"); else NULL */
};
struct probe_ids {
	struct probe_id	*v;	/* sorted by id, then file order */
	size_t		 n;
	enum fs_rc	 rc;	/* FS_OK once loaded, else why not */
	const char	*path;	/* the file, a static string */
};
#define PROBE_PASSWD	"/etc/passwd"
#define PROBE_GROUP	"/etc/group"

/* Load PATH (PROBE_PASSWD or PROBE_GROUP) of T into IDS (released first
 * if loaded before). Returns IDS->rc; on failure IDS is empty. */
enum fs_rc	probe_ids_load(struct probe_ids *ids, struct target *t,
		    const char *path);
/* Is ID in IDS (O(log n))? */
bool		probe_ids_has(const struct probe_ids *ids, uint32_t id);
/* The first name with ID, borrowed while IDS lives, or NULL. */
const char	*probe_ids_name(const struct probe_ids *ids, uint32_t id);
/* The entry named NAME (of several, the one with the lowest id), borrowed
 * while IDS lives, or NULL. */
const struct probe_id *probe_ids_entry(const struct probe_ids *ids,
		    const char *name);
/* The id of that entry: 0, or -1 when there is none. */
int		probe_ids_find(const struct probe_ids *ids, const char *name,
		    uint32_t *idp);
/* Does group entry G list USER among its members? */
bool		probe_id_has_member(const struct probe_id *g,
		    const char *user);
void		probe_ids_release(struct probe_ids *ids);
/* One-shot lookups of NAME through the target's /etc/passwd or
 * /etc/group: ST_PASS with *IDP set, or ST_ERROR with evidence (`user
 * "alice" not in /etc/passwd`, or why the file could not be read). */
enum status	probe_user_lookup(struct target *t, const char *name,
		    uint32_t *idp, struct evlist *ev);
enum status	probe_group_lookup(struct target *t, const char *name,
		    uint32_t *idp, struct evlist *ev);

#endif /* ASSAY_PROBE_H */
