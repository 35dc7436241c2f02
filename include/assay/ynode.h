/*
 * ynode.h -- a YAML document as a tree of positioned nodes (libyaml).
 *
 * The policy loader and every probe's compile step read YAML through this
 * tree, so every error can name file:line:col. Aliases and anchors are
 * refused (a policy never needs them, and they enable "billion laughs"),
 * duplicate mapping keys are errors, and nesting is capped.
 *
 *   1. struct ydoc *doc = ydoc_parse_file(path, lim, d);
 *   2. walk ydoc_root(doc) with ynode_get(), ynode_check_keys(), ...;
 *   3. ydoc_free(doc) frees every node and the interned file name.
 */
#ifndef ASSAY_YNODE_H
#define ASSAY_YNODE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "assay/diag.h"

struct limits;

enum ynode_kind {
	YNODE_SCALAR,
	YNODE_MAP,
	YNODE_SEQ,
};

struct ynode {
	enum ynode_kind	  kind;
	struct srcpos	  at;
	char		 *text;		/* scalar text; NULL for map/seq */
	bool		  quoted;	/* scalar was quoted in the source */
	size_t		  len;		/* map pairs or sequence items */
	struct ynode	**keys;		/* map: key scalars; NULL otherwise */
	struct ynode	**items;	/* map: values; seq: items */
};

struct ydoc;

/* Parse a file of at most LIM->policy_bytes bytes holding one document.
 * Returns NULL with messages in D on any error. An empty file is an error. */
struct ydoc		*ydoc_parse_file(const char *path,
			    const struct limits *lim, struct diag *d);
/* Parse BUF[0..LEN) as if it were the file NAME. */
struct ydoc		*ydoc_parse_string(const char *name, const char *buf,
			    size_t len, const struct limits *lim,
			    struct diag *d);
/*
 * A document built in code, event by event as libyaml would parse it
 * (xccdf.c turns an XCCDF benchmark into a pack so): the same tree, with
 * the same duplicate-key and nesting checks, and positions the caller
 * gives (ybuild_at: the line of the content it comes from).
 *
 *   struct ybuild *b = ybuild_new(name, lim, d);
 *   ybuild_map(b); ybuild_key(b, "policy"); ybuild_str(b, "id"); ...
 *   ybuild_end(b);
 *   struct ydoc *doc = ybuild_done(b);	  NULL after reporting in D
 *
 * ybuild_key and a plain ybuild_scalar are plain YAML scalars (typed as
 * such: `true`, `3`), ybuild_str a quoted one (always a string). Every
 * call but ybuild_new and ybuild_done accepts a NULL builder and does
 * nothing: a dry run of the code that builds.
 */
struct ybuild;
struct ybuild		*ybuild_new(const char *name,
			    const struct limits *lim, struct diag *d);
void			 ybuild_at(struct ybuild *b, unsigned line);
void			 ybuild_map(struct ybuild *b);
void			 ybuild_seq(struct ybuild *b);
void			 ybuild_end(struct ybuild *b);
void			 ybuild_scalar(struct ybuild *b, const char *text,
			    bool quoted);
void			 ybuild_key(struct ybuild *b, const char *key);
void			 ybuild_str(struct ybuild *b, const char *text);
struct ydoc		*ybuild_done(struct ybuild *b);

const struct ynode	*ydoc_root(const struct ydoc *doc);
/* The interned file name, borrowed while DOC lives. */
const char		*ydoc_file(const struct ydoc *doc);
void			 ydoc_free(struct ydoc *doc);

/* Value of KEY in MAP, or NULL when absent or MAP is not a map. */
const struct ynode	*ynode_get(const struct ynode *map, const char *key);
/* A short description for messages: "\"text\"" for a scalar (quoted and
 * escaped, truncated), "a mapping", "a sequence". Returns a pointer to
 * a static buffer reused by the next call: use it in one diag_add(). */
const char		*ynode_show(const struct ynode *n);
bool			 ynode_is_scalar(const struct ynode *n);
bool			 ynode_is_map(const struct ynode *n);
bool			 ynode_is_seq(const struct ynode *n);

/* Check that every key of MAP is in ALLOWED (NULL-terminated). Reports
 * `unknown key "k" in WHAT` for each other key and returns -1 if any. A
 * non-map N gives `WHAT: expected a mapping, got ...`. */
int	ynode_check_keys(const struct ynode *map, const char *what,
	    const char *const *allowed, struct diag *d);

/* Typed readers. Each reports `KEY: expected ..., got ...` at N and
 * returns -1 on a type error; 0 on success. */
int	ynode_str(const struct ynode *n, const char *key, const char **out,
	    struct diag *d);
int	ynode_bool(const struct ynode *n, const char *key, bool *out,
	    struct diag *d);
int	ynode_uint(const struct ynode *n, const char *key, uint64_t min,
	    uint64_t max, uint64_t *out, struct diag *d);
/* A scalar or a sequence of scalars, as a borrowed array of texts owned by
 * the caller (free the array, not the strings). */
int	ynode_strs(const struct ynode *n, const char *key, const char ***out,
	    size_t *np, struct diag *d);
/* N (may be NULL: nothing) is a string or a list of strings, the value
 * of KEY: append a copy of each to OUT. 0, or -1 with the message at N. */
struct strlist;
int	ynode_strlist(const struct ynode *n, const char *key,
	    struct strlist *out, struct diag *d);

/* A deep copy whose scalars went through EXPAND (which returns a malloc'd
 * replacement text, or NULL after reporting an error in D). Positions are
 * kept. Returns NULL if any expansion failed. Free with ynode_free(). */
typedef char *(*ynode_expand_fn)(const struct ynode *scalar, void *arg,
    struct diag *d);
struct ynode	*ynode_copy_expand(const struct ynode *n, ynode_expand_fn fn,
		    void *arg, struct diag *d);
void		 ynode_free(struct ynode *n);

#endif /* ASSAY_YNODE_H */
