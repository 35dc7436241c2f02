/*
 * accounts.c -- the `accounts` probe: queries over the target's
 * /etc/passwd, /etc/shadow and /etc/group.
 *
 *   accounts: {query: uid_zero}                 only root has uid 0
 *   accounts: {query: locked, users: [root]}
 *   accounts: {query: system_shells, allow: [sync]}
 *
 * The files are parsed strictly: passwd has 7 colon-separated fields,
 * shadow 9 and group 4; names must be non-empty, ids decimal, shadow's
 * day counts empty or decimal. A line that breaks this is evidence
 * (file:line, never its content) and makes the result an error, because a
 * query over a file we misread could pass silently. Empty lines and
 * comments are skipped as glibc's files backend skips them; NIS compat
 * lines ("+", "-") are skipped and reported.
 *
 * Password fields are classified at parse time (empty, "x", locked with
 * "!" or "*", or a hash) and the text is dropped at once: no hash can
 * reach the evidence, which only ever says "a password hash".
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "assay/probe.h"
#include "assay/strbuf.h"
#include "assay/util.h"
#include "assay/xmem.h"

#define PASSWD_PATH	"/etc/passwd"
#define SHADOW_PATH	"/etc/shadow"
#define GROUP_PATH	"/etc/group"
/* Largest id: (uid_t)-1 means "no id" to the kernel. */
#define ACCT_ID_MAX	4294967294u

enum query {
	Q_UID_ZERO,
	Q_EMPTY_PASSWORDS,
	Q_NOT_SHADOWED,
	Q_LOCKED,
	Q_USABLE_PASSWORDS,
	Q_DUPLICATE_UIDS,
	Q_DUPLICATE_GIDS,
	Q_DUPLICATE_USER_NAMES,
	Q_DUPLICATE_GROUP_NAMES,
	Q_SYSTEM_SHELLS,
	Q_PASSWD_GROUPS_EXIST,
};

static const char *const query_names[] = {
	"uid_zero", "empty_passwords", "not_shadowed", "locked",
	"usable_passwords", "duplicate_uids", "duplicate_gids",
	"duplicate_user_names", "duplicate_group_names", "system_shells",
	"passwd_groups_exist", NULL
};

/* Files a query reads, and options it takes. */
#define NEED_PASSWD	0x1
#define NEED_SHADOW	0x2
#define NEED_GROUP	0x4
#define OPT_ALLOW	0x1
#define OPT_USERS	0x2
#define OPT_MIN_UID	0x4
#define OPT_MAX_UID	0x8
#define OPT_SHELLS	0x10

static const struct {
	unsigned	need;
	unsigned	opts;
} query_info[] = {
	[Q_UID_ZERO] = { NEED_PASSWD, OPT_ALLOW },
	[Q_EMPTY_PASSWORDS] = { NEED_SHADOW, OPT_ALLOW },
	[Q_NOT_SHADOWED] = { NEED_PASSWD, OPT_ALLOW },
	[Q_LOCKED] = { NEED_PASSWD | NEED_SHADOW, OPT_USERS },
	[Q_USABLE_PASSWORDS] = { NEED_SHADOW, OPT_ALLOW },
	[Q_DUPLICATE_UIDS] = { NEED_PASSWD, 0 },
	[Q_DUPLICATE_GIDS] = { NEED_GROUP, 0 },
	[Q_DUPLICATE_USER_NAMES] = { NEED_PASSWD, 0 },
	[Q_DUPLICATE_GROUP_NAMES] = { NEED_GROUP, 0 },
	[Q_SYSTEM_SHELLS] = { NEED_PASSWD,
	    OPT_ALLOW | OPT_MIN_UID | OPT_MAX_UID | OPT_SHELLS },
	[Q_PASSWD_GROUPS_EXIST] = { NEED_PASSWD | NEED_GROUP, 0 },
};

static const struct probe_opt options[] = {
	{ "allow", OPT_ALLOW },
	{ "users", OPT_USERS },
	{ "min_uid", OPT_MIN_UID },
	{ "max_uid", OPT_MAX_UID },
	{ "shells", OPT_SHELLS },
	{ NULL, 0 }
};

static const char *const default_shells[] = {
	"/usr/sbin/nologin", "/sbin/nologin", "/bin/false", "/usr/bin/false",
	NULL
};

struct accounts_state {
	enum query	 query;
	struct strlist	 allow;
	struct strlist	 users;
	struct strlist	 shells;
	uint64_t	 min_uid;
	uint64_t	 max_uid;
	bool		 has_max_uid;
};

/* What a password field holds; the text itself is never kept. */
enum pwclass {
	PWC_EMPTY,
	PWC_X,			/* "x": the hash is in /etc/shadow */
	PWC_LOCKED,		/* starts with "!" or "*" */
	PWC_STAR,		/* exactly "*": no password, no hash */
	PWC_HASH,
};

/* One entry of any of the three files. */
struct acct {
	char		*name;
	uint32_t	 id;		/* uid, or gid for /etc/group */
	uint32_t	 gid;		/* passwd only */
	char		*shell;		/* passwd only */
	enum pwclass	 pw;
	unsigned	 line;
};

struct acct_file {
	const char	*path;
	struct acct	*v;
	size_t		 n;
	size_t		 cap;
};

struct acct_db {
	struct acct_file passwd;
	struct acct_file shadow;
	struct acct_file group;
};

static void
accounts_free(void *p)
{
	struct accounts_state *s = p;

	if (s == NULL)
		return;
	strlist_release(&s->allow);
	strlist_release(&s->users);
	strlist_release(&s->shells);
	free(s);
}

static int
compile_values(struct accounts_state *s, const struct ynode *args,
    struct diag *d)
{
	const struct ynode *n;
	int rc = 0;

	if (probe_parse_strlist(ynode_get(args, "allow"), "allow", &s->allow,
	    d) != 0 || probe_parse_strlist(ynode_get(args, "users"), "users",
	    &s->users, d) != 0 || probe_parse_strlist(ynode_get(args,
	    "shells"), "shells", &s->shells, d) != 0)
		rc = -1;
	if ((n = ynode_get(args, "min_uid")) != NULL &&
	    ynode_uint(n, "min_uid", 0, ACCT_ID_MAX, &s->min_uid, d) != 0)
		rc = -1;
	if ((n = ynode_get(args, "max_uid")) != NULL) {
		s->has_max_uid = true;
		if (ynode_uint(n, "max_uid", 0, ACCT_ID_MAX, &s->max_uid,
		    d) != 0)
			rc = -1;
	}
	return rc;
}

static void
apply_defaults(struct accounts_state *s, const struct ynode *args)
{
	if (s->query == Q_UID_ZERO && ynode_get(args, "allow") == NULL)
		strlist_add(&s->allow, "root");
	if (ynode_get(args, "shells") == NULL)
		for (size_t i = 0; default_shells[i] != NULL; i++)
			strlist_add(&s->shells, default_shells[i]);
	if (ynode_get(args, "min_uid") == NULL)
		s->min_uid = 1000;
}

static int
accounts_compile(const struct ynode *args, const struct limits *lim,
    void **statep, struct diag *d)
{
	static const char *const keys[] = {
		"query", "allow", "users", "min_uid", "max_uid", "shells", NULL
	};
	struct accounts_state *s;
	const struct ynode *n;
	int q;

	(void)lim;
	if (ynode_check_keys(args, "accounts", keys, d) != 0)
		return -1;
	n = probe_require(args, "query", "accounts", d);
	if (n == NULL || probe_parse_enum(n, "query", query_names, &q, d) != 0)
		return -1;
	s = xcalloc(1, sizeof(*s));
	s->query = (enum query)q;
	if (probe_check_opts(args, options, query_info[q].opts, "query",
	    query_names[q], d) != 0 || compile_values(s, args, d) != 0) {
		accounts_free(s);
		return -1;
	}
	if (s->query == Q_LOCKED && s->users.n == 0) {
		diag_add(d, &args->at, "query \"locked\" needs \"users\": the "
		    "accounts that must be locked");
		accounts_free(s);
		return -1;
	}
	apply_defaults(s, args);
	*statep = s;
	return 0;
}

/* Parsing. */

static enum pwclass
classify(const char *pw)
{
	if (pw[0] == '\0')
		return PWC_EMPTY;
	if (strcmp(pw, "x") == 0)
		return PWC_X;
	if (strcmp(pw, "*") == 0)
		return PWC_STAR;
	if (pw[0] == '!' || pw[0] == '*')
		return PWC_LOCKED;
	return PWC_HASH;
}

/* Split LINE (writable) at colons into at most MAX fields; returns the
 * number of fields the line has (which may be more than MAX). */
static size_t
split_colons(char *line, char **f, size_t max)
{
	size_t n = 0;

	for (char *p = line;; p++) {
		char *c = strchr(p, ':');

		if (n < max)
			f[n] = p;
		n++;
		if (c == NULL)
			break;
		*c = '\0';
		p = c;
	}
	return n;
}

static bool
is_id(const char *s, uint32_t *out)
{
	uint64_t v;

	if (parse_uint(s, 0, ACCT_ID_MAX, &v) != 0)
		return false;
	*out = (uint32_t)v;
	return true;
}

static bool
is_days(const char *s)
{
	uint64_t v;

	return s[0] == '\0' || parse_uint(s, 0, UINT32_MAX, &v) == 0;
}

/* Fill E from the fields of a line of FILE; NULL or the reason. */
static const char *
parse_entry(const char *path, char **f, struct acct *e)
{
	if (f[0][0] == '\0')
		return "empty name";
	if (strcmp(path, SHADOW_PATH) == 0) {
		for (int i = 2; i < 8; i++)
			if (!is_days(f[i]))
				return "a date or day count is not a number";
		e->pw = classify(f[1]);
	} else if (strcmp(path, GROUP_PATH) == 0) {
		if (!is_id(f[2], &e->id))
			return "gid is not a number";
	} else {
		if (!is_id(f[2], &e->id))
			return "uid is not a number";
		if (!is_id(f[3], &e->gid))
			return "gid is not a number";
		e->pw = classify(f[1]);
	}
	return NULL;
}

static bool
parse_line(struct acct_file *af, const char *line, size_t len,
    unsigned lineno, size_t want, struct evlist *ev)
{
	char *copy = xstrndup(line, len);
	char *f[9];
	const char *why;
	struct acct e;
	size_t n;

	memset(&e, 0, sizeof(e));
	n = split_colons(copy, f, want);
	if (n != want) {
		evlist_add_violation(ev, af->path, lineno, "malformed line: "
		    "expected %zu colon-separated fields, found %zu", want, n);
		free(copy);
		return false;
	}
	why = parse_entry(af->path, f, &e);
	if (why != NULL) {
		evlist_add_violation(ev, af->path, lineno, "malformed line: %s",
		    why);
		free(copy);
		return false;
	}
	e.name = xstrdup(f[0]);
	e.shell = want == 7 ? xstrdup(f[6]) : NULL;
	e.line = lineno;
	xgrow((void **)&af->v, &af->cap, af->n + 1, sizeof(*af->v));
	af->v[af->n++] = e;
	free(copy);
	return true;
}

static enum status
load_file(struct acct_file *af, const char *path, size_t want,
    struct probe_env *env, struct evlist *ev)
{
	struct strbuf buf = STRBUF_INIT;
	enum status st = ST_PASS;
	const char *line;
	unsigned lineno = 0;
	size_t pos = 0;
	size_t len;
	enum fs_rc rc;

	af->path = path;
	rc = target_read(env->target, path, env->lim->read_max, &buf);
	if (rc != FS_OK) {
		(void)probe_read_error(env->target, ev, path, rc);
		strbuf_release(&buf);
		return ST_ERROR;
	}
	while (next_line(buf.buf, buf.len, &pos, &line, &len, &lineno)) {
		const char *t = line;
		size_t tl = len;

		trim_span(&t, &tl);
		if (tl == 0 || t[0] == '#')
			continue;
		if (line[0] == '+' || line[0] == '-') {
			evlist_add_violation(ev, path, lineno,
			    "NIS compat entry skipped");
			continue;
		}
		if (memchr(line, '\0', len) != NULL) {
			evlist_add_violation(ev, path, lineno,
			    "malformed line: NUL byte");
			st = ST_ERROR;
		} else if (!parse_line(af, line, len, lineno, want, ev)) {
			st = ST_ERROR;
		}
	}
	strbuf_release(&buf);
	return st;
}

static void
file_release(struct acct_file *af)
{
	for (size_t i = 0; i < af->n; i++) {
		free(af->v[i].name);
		free(af->v[i].shell);
	}
	free(af->v);
}

static enum status
load_db(struct acct_db *db, unsigned need, struct probe_env *env,
    struct evlist *ev)
{
	enum status st = ST_PASS;

	if ((need & NEED_PASSWD) != 0 &&
	    load_file(&db->passwd, PASSWD_PATH, 7, env, ev) != ST_PASS)
		st = ST_ERROR;
	if ((need & NEED_SHADOW) != 0 &&
	    load_file(&db->shadow, SHADOW_PATH, 9, env, ev) != ST_PASS)
		st = ST_ERROR;
	if ((need & NEED_GROUP) != 0 &&
	    load_file(&db->group, GROUP_PATH, 4, env, ev) != ST_PASS)
		st = ST_ERROR;
	return st;
}

static const struct acct *
find_name(const struct acct_file *af, const char *name)
{
	for (size_t i = 0; i < af->n; i++)
		if (strcmp(af->v[i].name, name) == 0)
			return &af->v[i];
	return NULL;
}

static const char *
pw_words(enum pwclass pw)
{
	switch (pw) {
	case PWC_EMPTY:
		return "an empty password field";
	case PWC_X:
		return "\"x\"";
	case PWC_LOCKED:
		return "a locked password (\"!\" or \"*\")";
	case PWC_STAR:
		return "\"*\" (no password)";
	case PWC_HASH:
		break;
	}
	return "a password hash";
}

/* Queries. Each adds evidence for what it found and returns the status. */

static enum status
q_uid_zero(const struct accounts_state *s, const struct acct_db *db,
    struct evlist *ev)
{
	const struct acct_file *af = &db->passwd;
	enum status st = ST_PASS;

	for (size_t i = 0; i < af->n; i++) {
		const struct acct *a = &af->v[i];
		struct evidence *e;

		if (a->id != 0)
			continue;
		if (strlist_has(&s->allow, a->name)) {
			evlist_add_context(ev, af->path, a->line,
			    "\"%s\" has uid 0 (allowed)", a->name);
			continue;
		}
		e = evlist_add_violation(ev, af->path, a->line,
		    "\"%s\" has uid 0", a->name);
		if (e != NULL)
			evidence_set_values(e, "no uid 0 account but the "
			    "allowed ones", a->name);
		st = ST_FAIL;
	}
	if (st == ST_PASS)
		evlist_add_violation(ev, af->path, 0,
		    "no other account of %zu has uid 0", af->n);
	return st;
}

/* Accounts of AF whose password field is in class BAD (a bit mask of
 * 1 << pwclass), except ALLOW. */
static enum status
q_password_class(const struct accounts_state *s, const struct acct_file *af,
    unsigned bad, const char *what, struct evlist *ev)
{
	enum status st = ST_PASS;

	for (size_t i = 0; i < af->n; i++) {
		const struct acct *a = &af->v[i];
		struct evidence *e;

		if ((bad & (1u << a->pw)) == 0)
			continue;
		if (strlist_has(&s->allow, a->name)) {
			evlist_add_context(ev, af->path, a->line,
			    "\"%s\" has %s (allowed)", a->name,
			    pw_words(a->pw));
			continue;
		}
		e = evlist_add_violation(ev, af->path, a->line, "\"%s\" has %s",
		    a->name, pw_words(a->pw));
		if (e != NULL)
			evidence_set_values(e, what, pw_words(a->pw));
		st = ST_FAIL;
	}
	if (st == ST_PASS)
		evlist_add_violation(ev, af->path, 0,
		    "%s: all %zu accounts comply", what, af->n);
	return st;
}

static enum status
q_locked(const struct accounts_state *s, const struct acct_db *db,
    struct evlist *ev)
{
	enum status st = ST_PASS;

	for (size_t i = 0; i < s->users.n; i++) {
		const char *u = s->users.v[i];
		const struct acct *a = find_name(&db->shadow, u);
		struct evidence *e;

		if (a == NULL && find_name(&db->passwd, u) == NULL) {
			evlist_add_violation(ev, PASSWD_PATH, 0,
			    "\"%s\" does not exist", u);
			continue;
		}
		if (a == NULL) {
			e = evlist_add_violation(ev, SHADOW_PATH, 0,
			    "\"%s\" has no entry in %s", u, SHADOW_PATH);
			if (e != NULL)
				evidence_set_values(e, "locked", "no entry");
			st = ST_FAIL;
			continue;
		}
		if (a->pw == PWC_LOCKED || a->pw == PWC_STAR) {
			evlist_add_violation(ev, SHADOW_PATH, a->line,
			    "\"%s\" is locked", u);
			continue;
		}
		e = evlist_add_violation(ev, SHADOW_PATH, a->line,
		    "\"%s\" is not locked: it has %s", u, pw_words(a->pw));
		if (e != NULL)
			evidence_set_values(e, "locked", pw_words(a->pw));
		st = ST_FAIL;
	}
	return st;
}

struct dup_key {
	const struct acct	*a;
};

static int
cmp_by_id(const void *x, const void *y)
{
	const struct acct *a = ((const struct dup_key *)x)->a;
	const struct acct *b = ((const struct dup_key *)y)->a;

	if (a->id != b->id)
		return a->id < b->id ? -1 : 1;
	return a->line < b->line ? -1 : a->line > b->line;
}

static int
cmp_by_name(const void *x, const void *y)
{
	const struct acct *a = ((const struct dup_key *)x)->a;
	const struct acct *b = ((const struct dup_key *)y)->a;
	int c = strcmp(a->name, b->name);

	if (c != 0)
		return c;
	return a->line < b->line ? -1 : a->line > b->line;
}

/* Report every entry that repeats the id (BY_ID) or name of an earlier
 * one, pointing back to the first. */
static enum status
q_duplicates(const struct acct_file *af, bool by_id, const char *what,
    struct evlist *ev)
{
	struct dup_key *k = xcalloc(af->n + 1, sizeof(*k));
	enum status st = ST_PASS;
	size_t first = 0;

	for (size_t i = 0; i < af->n; i++)
		k[i].a = &af->v[i];
	qsort(k, af->n, sizeof(*k), by_id ? cmp_by_id : cmp_by_name);
	for (size_t i = 1; i < af->n; i++) {
		const struct acct *a = k[i].a;
		const struct acct *f = k[first].a;

		if (by_id ? f->id != a->id : strcmp(f->name, a->name) != 0) {
			first = i;
			continue;
		}
		if (by_id)
			evlist_add_violation(ev, af->path, a->line, "%s %u of "
			    "\"%s\" is also used by \"%s\" at line %u", what,
			    a->id, a->name, f->name, f->line);
		else
			evlist_add_violation(ev, af->path, a->line,
			    "%s \"%s\" is also defined at line %u", what,
			    a->name, f->line);
		st = ST_FAIL;
	}
	if (st == ST_PASS)
		evlist_add_violation(ev, af->path, 0,
		    "no duplicate %s among %zu entries", what, af->n);
	free(k);
	return st;
}

static enum status
q_system_shells(const struct accounts_state *s, const struct acct_db *db,
    struct evlist *ev)
{
	const struct acct_file *af = &db->passwd;
	enum status st = ST_PASS;
	size_t checked = 0;

	for (size_t i = 0; i < af->n; i++) {
		const struct acct *a = &af->v[i];
		struct evidence *e;

		if (a->id >= s->min_uid &&
		    !(s->has_max_uid && a->id > s->max_uid))
			continue;
		if (strcmp(a->name, "root") == 0 ||
		    strlist_has(&s->allow, a->name))
			continue;
		checked++;
		if (strlist_has(&s->shells, a->shell))
			continue;
		e = evlist_add_violation(ev, af->path, a->line, "system "
		    "account \"%s\" (uid %u) has login shell \"%s\"", a->name,
		    a->id, a->shell);
		if (e != NULL)
			evidence_set_values(e, "a shell in shells", a->shell);
		st = ST_FAIL;
	}
	if (st == ST_PASS)
		evlist_add_violation(ev, af->path, 0, "all %zu system accounts "
		    "have a non-login shell", checked);
	return st;
}

static int
cmp_u32(const void *x, const void *y)
{
	uint32_t a = *(const uint32_t *)x;
	uint32_t b = *(const uint32_t *)y;

	return a < b ? -1 : a > b;
}

static enum status
q_groups_exist(const struct acct_db *db, struct evlist *ev)
{
	uint32_t *gids = xcalloc(db->group.n + 1, sizeof(*gids));
	enum status st = ST_PASS;

	/* Sorted, so a million-line passwd is n log n, not n * m. */
	for (size_t j = 0; j < db->group.n; j++)
		gids[j] = db->group.v[j].id;
	qsort(gids, db->group.n, sizeof(*gids), cmp_u32);
	for (size_t i = 0; i < db->passwd.n; i++) {
		const struct acct *a = &db->passwd.v[i];

		if (bsearch(&a->gid, gids, db->group.n, sizeof(*gids),
		    cmp_u32) != NULL)
			continue;
		evlist_add_violation(ev, PASSWD_PATH, a->line, "\"%s\" has "
		    "primary gid %u, which is not in %s", a->name, a->gid,
		    GROUP_PATH);
		st = ST_FAIL;
	}
	if (st == ST_PASS)
		evlist_add_violation(ev, PASSWD_PATH, 0, "the primary groups "
		    "of all %zu accounts exist in %s", db->passwd.n,
		    GROUP_PATH);
	free(gids);
	return st;
}

static enum status
run_query(const struct accounts_state *s, const struct acct_db *db,
    struct evlist *ev)
{
	switch (s->query) {
	case Q_UID_ZERO:
		return q_uid_zero(s, db, ev);
	case Q_EMPTY_PASSWORDS:
		return q_password_class(s, &db->shadow, 1u << PWC_EMPTY,
		    "no empty password", ev);
	case Q_NOT_SHADOWED:
		/* SSG accounts_password_all_shadowed: ^[x*]$ passes */
		return q_password_class(s, &db->passwd, (1u << PWC_EMPTY) |
		    (1u << PWC_LOCKED) | (1u << PWC_HASH),
		    "password field \"x\"", ev);
	case Q_LOCKED:
		return q_locked(s, db, ev);
	case Q_USABLE_PASSWORDS:
		return q_password_class(s, &db->shadow, 1u << PWC_HASH,
		    "no usable password", ev);
	case Q_DUPLICATE_UIDS:
		return q_duplicates(&db->passwd, true, "uid", ev);
	case Q_DUPLICATE_GIDS:
		return q_duplicates(&db->group, true, "gid", ev);
	case Q_DUPLICATE_USER_NAMES:
		return q_duplicates(&db->passwd, false, "user name", ev);
	case Q_DUPLICATE_GROUP_NAMES:
		return q_duplicates(&db->group, false, "group name", ev);
	case Q_SYSTEM_SHELLS:
		return q_system_shells(s, db, ev);
	case Q_PASSWD_GROUPS_EXIST:
		return q_groups_exist(db, ev);
	}
	return ST_ERROR;
}

static enum status
accounts_eval(void *p, struct probe_env *env, struct evlist *ev)
{
	const struct accounts_state *s = p;
	struct acct_db db;
	enum status st;

	memset(&db, 0, sizeof(db));
	st = load_db(&db, query_info[s->query].need, env, ev);
	if (st == ST_PASS)
		st = run_query(s, &db, ev);
	file_release(&db.passwd);
	file_release(&db.shadow);
	file_release(&db.group);
	return st;
}

const struct probe_ops probe_accounts = {
	.name = "accounts",
	.summary = "queries over /etc/passwd, /etc/shadow and /etc/group "
	    "(uid 0, empty or usable passwords, duplicates, shells)",
	.compile = accounts_compile,
	.eval = accounts_eval,
	.free = accounts_free,
};
