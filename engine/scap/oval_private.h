/*
 * oval_private.h -- what the SCAP document loader (oval_load.c), the OVAL
 * evaluator (oval_eval.c) and the OVAL item collectors (oval_items.c)
 * share. Only those files include it.
 */
#ifndef ASSAY_OVAL_PRIVATE_H
#define ASSAY_OVAL_PRIVATE_H

#include <stdbool.h>
#include <stddef.h>

#include <libxml/hash.h>
#include <libxml/tree.h>
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "assay/limits.h"
#include "assay/oval.h"
#include "assay/result.h"
#include "assay/scap_xml.h"
#include "assay/strbuf.h"
#include "assay/target.h"

#define OVAL_NS		"http://oval.mitre.org/XMLSchema/oval-definitions-5"
/* Nesting of criteria, extend_definition, variables and sets: SSG goes
 * about 6 deep; a cycle in hostile content stops here. */
#define OVAL_DEPTH	64

/* One oval_definitions element, its elements indexed by id. */
struct oval_comp {
	char		*id;		/* data stream component id, or path */
	xmlNodePtr	 root;
	xmlHashTablePtr	 ids;		/* id -> xmlNodePtr */
};

struct scap_doc {
	char		*path;
	xmlDocPtr	 xml;
	/* OVAL files an XCCDF file names beside it; MISSING the hrefs of
	 * those that are not there (warned about once) */
	xmlDocPtr	*more;
	size_t		 nmore;
	struct strlist	 missing;
	struct oval_comp *comps;
	size_t		 ncomps;
	unsigned	 refs;
	struct scap_doc	*next;
	/* scap_doc_record(): where evaluations are recorded, or NULL */
	struct oval_results *rec;
	/* compiled patterns (ox_regex), kept for every evaluation of the
	 * document: SSG's rules ask for the same ones again and again */
	xmlHashTablePtr	 rx;
	/* told apart from any other document loaded in this process, in
	 * the keys of what a target caches for it (ox_collect) */
	unsigned long	 serial;
};

/* OVAL results (5.11, section "ResultEnumeration"). */
enum ores {
	OR_TRUE,
	OR_FALSE,
	OR_ERROR,
	OR_UNKNOWN,
	OR_NE,		/* not evaluated */
	OR_NA,		/* not applicable */
};

const char	*ores_str(enum ores r);

/* A list of values (a variable's, or an entity's). */
struct ovals {
	char	**v;
	size_t	  n;
	size_t	  cap;
};

void	ovals_add(struct ovals *l, const char *s, size_t len);
void	ovals_release(struct ovals *l);

struct ofield {
	const char	*name;		/* static, or from the document */
	char		*val;
};

/* A collected item: named fields (a name may repeat: subexpression), the
 * target file and line it came from. */
struct oitem {
	struct ofield	*f;
	size_t		 nf;
	size_t		 cap;
	char		*path;
	unsigned	 line;
};

struct oitems {
	struct oitem	*v;
	size_t		 n;
	size_t		 cap;
};

/* One evaluation: the component, the target, the exports, the memos. */
struct ox {
	struct oval_comp	*c;
	struct target		*t;
	const struct limits	*lim;
	const struct oval_export *ex;
	size_t			 nex;
	struct evlist		*ev;
	unsigned		 depth;
	unsigned		 collecting;	/* objects being collected */
	/* a nesting limit or a definition cycle was hit: a result that
	 * depends on the way it was reached, and is not kept */
	bool			 too_deep;
	/* the objects collected inside others' collections, by id
	 * (ox_collect), and their items; every item collected */
	xmlHashTablePtr		 nested;
	size_t			 nested_items;
	size_t			 items_all;
	/* the target's table of objects kept for the scan (ox_collect),
	 * found on first use */
	xmlHashTablePtr		 kept;
	/* the first reason a result is unknown or error */
	char			*why;
	xmlHashTablePtr		 rx;		/* the document's */
	unsigned long		 serial;	/* the document's */
	xmlHashTablePtr		 tests;		/* test id -> result + 1 */
	xmlHashTablePtr		 defs;		/* definition id -> same */
	xmlHashTablePtr		 vars;		/* local variable id -> values */
	pcre2_match_context	*mctx;
	pcre2_match_data	*md;
	/* oval_supported(): collect missing names instead of evaluating */
	struct strlist		*missing;
	/* the document's recorder (oval_results.c), or NULL */
	struct oval_results	*rec;
	/* the definitions being evaluated, outermost first: an
	 * extend_definition of one of them is a cycle */
	const char		*chain[OVAL_DEPTH + 1];
	unsigned		 nchain;
};

/* Free the compiled patterns of a document's ox_regex cache. */
void		ox_regex_cache_free(xmlHashTablePtr rx);

/* The items one evaluation may collect in all (its objects' together,
 * nested ones counted each time they are collected). */
#define OX_ITEMS_ALL(ox)	((ox)->lim->oval_items * 16)

/* Free what ox_collect kept for one evaluation. */
void		ox_nested_free(struct ox *ox);

/* What a memoized evaluation saves of OX and puts back: the first reason
 * and whether a nesting limit or cycle was hit so far. ox_memo_begin()
 * clears both, so that what the evaluation gives is its own (and can be
 * kept with its result); ox_memo_end() keeps the earlier reason first. */
struct ox_memo {
	char	*why;
	bool	 too_deep;
};
void		ox_memo_begin(struct ox *ox, struct ox_memo *m);
void		ox_memo_end(struct ox *ox, const struct ox_memo *m);

/* R as element N's negate attribute turns it. */
enum ores	ox_negate(xmlNodePtr n, enum ores r);
/* N results folded as OVAL operator OP (AND when NULL) does. */
enum ores	ox_operator(const char *op, const enum ores *v, size_t n);
/* Record that definition or test ID of OX's component gave R (no-op
 * without a recorder). */
void		oval_results_add(struct ox *ox, bool test, const char *id,
		    enum ores r);

/* oval_time.c: the time_difference function of node N over its ARGC
 * evaluated components ARGV, values appended to OUT. */
enum ores	ox_time_difference(struct ox *ox, xmlNodePtr n,
		    const struct ovals *argv, size_t argc, struct ovals *out);

/* The collected objects and items (oval_sc.c): record what test TEST
 * collected for object OBJ (R: ox_collect's result, ITEMS, each item's
 * result against the states in IRS or NULL), once per test id; no-op
 * without a recorder. */
struct oval_sc;
void		oval_sc_test(struct ox *ox, xmlNodePtr test, xmlNodePtr obj,
		    enum ores r, const struct oitems *items,
		    const enum ores *irs);
/* Record what object OBJ collected outside a test (an
 * object_component's object: OVAL results list it among the collected
 * objects, as oscap does), once per object id; no-op without a
 * recorder. */
void		oval_sc_object(struct ox *ox, xmlNodePtr obj, enum ores r,
		    const struct oitems *items);
void		oval_sc_free(struct oval_sc *sc);
/* Where RES keeps them (oval_results.c). */
struct oval_sc	**oval_results_scp(struct oval_results *res);

/* Set OX's reason (the first one sticks); returns R. */
enum ores	ox_fail(struct ox *ox, enum ores r, const char *fmt, ...)
		    __attribute__((format(printf, 3, 4)));

xmlNodePtr	oval_by_id(const struct oval_comp *c, const char *id);

/* A regex of the document compiled (memoized) with FLAGS (PCRE2_*). */
pcre2_code	*ox_regex(struct ox *ox, const char *pat, uint32_t flags);
/* Match RE in S[0..LEN) from START: 1 match, 0 none, -1 error (limits). */
int		ox_match(struct ox *ox, pcre2_code *re, const char *s,
		    size_t len, size_t start);

/* The values of variable ID. */
enum ores	ox_var(struct ox *ox, const char *id, struct ovals *out);
/* The values an object entity N stands for: its var_ref's or its text. */
enum ores	ox_ent_values(struct ox *ox, xmlNodePtr n, struct ovals *out);
/* Does VALUE satisfy entity N (operation, datatype, var_ref, var_check)? */
enum ores	ox_ent_match(struct ox *ox, xmlNodePtr n, const char *value);
/* Compare as OVAL does: VALUE (the item's) OPERATION EXPECT (the
 * state's or object's) with DATATYPE. */
enum ores	ox_compare(struct ox *ox, const char *datatype, const char *op,
		    const char *value, const char *expect);
/* Does item IT satisfy state ST (its operator, each entity's
 * check_existence, entity_check, operation)? Tests and filters both ask. */
enum ores	ox_state_item(struct ox *ox, xmlNodePtr st,
		    const struct oitem *it);

void	oitem_add(struct oitem *it, const char *name, const char *val);
struct oitem *oitems_new(struct oitems *l, const char *path, unsigned line);
void	oitems_release(struct oitems *l);

/* Collect the items of object OBJ (any type): OR_TRUE when complete,
 * else why not in OX. */
enum ores	ox_collect(struct ox *ox, xmlNodePtr obj, struct oitems *out);
/* The target paths a file-like object names (filepath, or path +
 * filename with behaviors), and the filepath/path/filename fields. */
enum ores	ox_obj_paths(struct ox *ox, xmlNodePtr obj,
		    struct strlist *out);
void		ox_add_path_fields(struct oitem *it, const char *path);
/* Add to DIRS (the directories a path entity named) those the
 * recurse_direction and max_depth of behaviors BEH (may be NULL) add. */
enum ores	oval_recurse_dirs(struct ox *ox, xmlNodePtr beh,
		    struct strlist *dirs);

/* Collectors in their own files (one per test family). */
enum ores	oval_collect_rpminfo(struct ox *ox, xmlNodePtr obj,
		    struct oitems *out);
enum ores	oval_collect_rpmverifyfile(struct ox *ox, xmlNodePtr obj,
		    struct oitems *out);
enum ores	oval_collect_selinuxboolean(struct ox *ox, xmlNodePtr obj,
		    struct oitems *out);
enum ores	oval_collect_unitproperty(struct ox *ox, xmlNodePtr obj,
		    struct oitems *out);
enum ores	oval_collect_xmlfilecontent(struct ox *ox, xmlNodePtr obj,
		    struct oitems *out);

/* systemd's system unit search path (systemd.unit(5)), first wins. */
extern const char *const oval_unit_dirs[];
/* The units UNIT pulls in (Wants=, Requires=, the .wants/.requires
 * links), transitively; cached per target, borrowed. */
const struct strlist *ox_unit_deps(struct ox *ox, const char *unit);

/* Is there a collector for object local name NAME? */
bool		oval_has_collector(const char *name);

#endif /* ASSAY_OVAL_PRIVATE_H */
