/*
 * file.c -- the `file` probe: existence, type, mode, owner and group of a
 * path (or of every match of a glob) inside the target.
 *
 * `mode` is a ceiling, not an equality: CIS and STIG say "0640 or more
 * restrictive", so a file fails only when it has a permission bit
 * (setuid, setgid and sticky included) outside the mask. Owner and group
 * names resolve through the target's own /etc/passwd and /etc/group: the
 * image's uid 42 may be "shadow" there and nobody on the scanning host. A
 * name the target does not know is not a policy error (the same policy
 * runs on many images): a group that does not exist owns no file, so the
 * verdict is `fail` (when no other candidate matches) and the evidence
 * says the name does not exist. Only a database that cannot be read
 * (too big, not a regular file) makes it `error`: then we cannot say who
 * was meant.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "assay/expect.h"
#include "assay/probe.h"
#include "assay/util.h"
#include "assay/xmem.h"

/* One `owner:` or `group:` candidate: a name, or a number. */
struct idspec {
	char		*name;		/* NULL: numeric */
	uint32_t	 id;
};

struct idset {
	struct idspec	*v;
	size_t		 n;
};

struct file_args {
	char		*path;
	bool		 is_glob;
	int		 exists;	/* -1: not given */
	int		 type;		/* -1: any, else an fs_type */
	bool		 has_mode;
	uint32_t	 mode;
	struct expect	*size;		/* size in bytes; NULL: not checked */
	/* -1: not checked; else want an x bit */
	int		 exec;
	struct idset	 owner;
	struct idset	 group;
	bool		 follow;
	int		 read_by;	/* enum dropin_reader, or -1 */
	enum status	 missing;
	char		*owner_text;	/* "root or daemon", for evidence */
	char		*group_text;
};

/* What the checks need at eval: the target's id databases. */
struct idctx {
	struct probe_ids users;
	struct probe_ids groups;
};

static int
parse_idset(const struct ynode *n, const char *key, struct idset *set,
    char **textp, struct diag *d)
{
	const char **v;
	size_t nv;
	struct strbuf text = STRBUF_INIT;
	int rc = 0;

	if (ynode_strs(n, key, &v, &nv, d) != 0)
		return -1;
	if (nv == 0) {
		diag_add(d, &n->at, "%s: expected a name or id, got an empty "
		    "list", key);
		free(v);
		return -1;
	}
	set->v = xcalloc(nv, sizeof(*set->v));
	set->n = nv;
	for (size_t i = 0; i < nv; i++) {
		uint64_t id;

		if (v[i][0] == '\0') {
			diag_add(d, &n->at, "%s: empty name", key);
			rc = -1;
		} else if (parse_uint(v[i], 0, UINT32_MAX, &id) == 0)
			set->v[i].id = (uint32_t)id;
		else
			set->v[i].name = xstrdup(v[i]);
		if (i > 0)
			strbuf_addstr(&text, i + 1 == nv ? " or " : ", ");
		strbuf_addstr(&text, v[i]);
	}
	*textp = strbuf_detach(&text);
	free(v);
	return rc;
}

static void
idset_release(struct idset *set)
{
	for (size_t i = 0; i < set->n; i++)
		free(set->v[i].name);
	free(set->v);
}

static void
file_free(void *state)
{
	struct file_args *a = state;

	if (a == NULL)
		return;
	free(a->path);
	idset_release(&a->owner);
	idset_release(&a->group);
	free(a->owner_text);
	free(a->group_text);
	expect_free(a->size);
	free(a);
}

static const char *const file_keys[] = {
	"path", "exists", "type", "mode", "owner", "group", "follow",
	"missing", "size", "executable", "read_by", NULL
};

/* `exists: false` says the path must be absent; the other checks would
 * be about a file that must not be there. */
static int
check_exists_false(const struct ynode *args, struct diag *d)
{
	static const char *const other[] = {
		"type", "mode", "owner", "group", "missing", "size",
		"executable", NULL
	};
	int rc = 0;

	for (size_t i = 0; other[i] != NULL; i++) {
		const struct ynode *n = ynode_get(args, other[i]);

		if (n != NULL) {
			diag_add(d, &n->at, "%s: not allowed with exists: "
			    "false", other[i]);
			rc = -1;
		}
	}
	return rc;
}

static int
parse_mode_arg(const struct ynode *n, struct file_args *a, struct diag *d)
{
	const char *s;

	if (ynode_str(n, "mode", &s, d) != 0)
		return -1;
	if (parse_mode(s, &a->mode) != 0) {
		diag_add(d, &n->at, "mode: expected an octal mode such as "
		    "\"0640\", got %s", ynode_show(n));
		return -1;
	}
	a->has_mode = true;
	return 0;
}

static int
file_parse(const struct ynode *args, const struct limits *lim,
    struct file_args *a, struct diag *d)
{
	const struct ynode *n;
	const char *s;
	bool b;
	int rc = 0;

	n = probe_require(args, "path", "file", d);
	if (n == NULL || ynode_str(n, "path", &s, d) != 0)
		rc = -1;
	else if (s[0] != '/') {
		diag_add(d, &n->at, "path: expected an absolute path, got %s",
		    ynode_show(n));
		rc = -1;
	} else {
		a->path = xstrdup(s);
		a->is_glob = has_glob_meta(s);
	}
	if (probe_parse_read_by(ynode_get(args, "read_by"), &a->read_by,
	    d) != 0)
		rc = -1;
	if ((n = ynode_get(args, "exists")) != NULL) {
		if (ynode_bool(n, "exists", &b, d) != 0)
			rc = -1;
		else
			a->exists = b;
	}
	if (a->exists == 0 && check_exists_false(args, d) != 0)
		rc = -1;
	if ((n = ynode_get(args, "type")) != NULL &&
	    probe_parse_type(n, false, &a->type, d) != 0)
		rc = -1;
	if ((n = ynode_get(args, "mode")) != NULL &&
	    parse_mode_arg(n, a, d) != 0)
		rc = -1;
	if ((n = ynode_get(args, "owner")) != NULL &&
	    parse_idset(n, "owner", &a->owner, &a->owner_text, d) != 0)
		rc = -1;
	if ((n = ynode_get(args, "group")) != NULL &&
	    parse_idset(n, "group", &a->group, &a->group_text, d) != 0)
		rc = -1;
	if ((n = ynode_get(args, "size")) != NULL &&
	    (a->size = expect_compile(n, lim, d)) == NULL)
		rc = -1;
	if ((n = ynode_get(args, "executable")) != NULL) {
		if (ynode_bool(n, "executable", &b, d) != 0)
			rc = -1;
		else
			a->exec = b;
	}
	/* Asking for a symlink means looking at the link itself. */
	a->follow = a->type != FS_LNK;
	if ((n = ynode_get(args, "follow")) != NULL &&
	    ynode_bool(n, "follow", &a->follow, d) != 0)
		rc = -1;
	if (probe_parse_missing(ynode_get(args, "missing"), &a->missing,
	    d) != 0)
		rc = -1;
	return rc;
}

static int
file_compile(const struct ynode *args, const struct limits *lim,
    void **statep, struct diag *d)
{
	struct file_args *a = xcalloc(1, sizeof(*a));

	a->exists = -1;
	a->type = -1;
	a->exec = -1;
	if (ynode_check_keys(args, "file", file_keys, d) != 0 ||
	    file_parse(args, lim, a, d) != 0) {
		file_free(a);
		return -1;
	}
	*statep = a;
	return 0;
}

/* A path that is there, with its metadata. */
struct found {
	char		*path;
	struct fsnode	 n;
};

struct foundlist {
	struct found	*v;
	size_t		 n;
	size_t		 cap;
};

static void
foundlist_release(struct foundlist *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->v[i].path);
	free(l->v);
}

/* Look PATH up; absent paths (and paths under a non-directory) are left
 * out, other errors are evidence. */
static enum status
add_found(const struct file_args *a, struct target *t, const char *path,
    struct foundlist *l, struct evlist *ev)
{
	struct fsnode n;
	enum fs_rc rc = target_lookup(t, path, a->follow, &n);

	if (rc == FS_ENOENT || rc == FS_ENOTDIR)
		return ST_PASS;
	if (rc != FS_OK) {
		evlist_add_violation(ev, path, 0, "cannot examine %s: %s", path,
		    probe_fs_reason(rc));
		return ST_ERROR;
	}
	xgrow((void **)&l->v, &l->cap, l->n + 1, sizeof(*l->v));
	l->v[l->n].path = xstrdup(path);
	l->v[l->n].n = n;
	l->n++;
	return ST_PASS;
}

static enum status
collect(const struct file_args *a, struct target *t, struct foundlist *l,
    struct evlist *ev)
{
	struct strlist paths = STRLIST_INIT;
	enum status st = ST_PASS;
	enum fs_rc rc;

	if (!a->is_glob && a->read_by < 0)
		return add_found(a, t, a->path, l, ev);
	rc = a->is_glob ? target_glob(t, a->path, &paths) : FS_OK;
	if (!a->is_glob)
		strlist_add(&paths, a->path);
	if (rc != FS_OK) {
		evlist_add_violation(ev, a->path, 0, "cannot expand %s: %s",
		    a->path, probe_fs_reason(rc));
		st = ST_ERROR;
	}
	probe_filter_read_by(a->read_by, &paths, ev);
	for (size_t i = 0; i < paths.n && st == ST_PASS; i++)
		st = add_found(a, t, paths.v[i], l, ev);
	strlist_release(&paths);
	return st;
}

/* "0 (root)" or "1000" */
static char *
show_id(const struct probe_ids *ids, uint32_t id)
{
	const char *name = probe_ids_name(ids, id);

	if (name != NULL)
		return xasprintf("%u (%s)", id, name);
	return xasprintf("%u", id);
}

/* The id NAME stands for in IDS: 1 with *IDP set; 0 when the database
 * was read (or does not exist) and has no such name, a decided answer:
 * no file is owned by a user or group that does not exist; -1 when it
 * could not be read. Without the file at all (FROM scratch images often
 * have no /etc/passwd or /etc/group), "root" is still id 0: the kernel's
 * superuser has no other number. */
static int
resolve_name(const struct probe_ids *ids, const char *name, uint32_t *idp)
{
	if (probe_ids_find(ids, name, idp) == 0)
		return 1;
	if (ids->rc == FS_OK)
		return 0;
	if (ids->rc != FS_ENOENT)
		return -1;
	if (strcmp(name, "root") != 0)
		return 0;
	*idp = 0;
	return 1;
}

/* Does ID satisfy SET? ST_PASS, ST_FAIL (a name that does not exist is
 * said in the evidence), or ST_ERROR (with evidence) when it matches no
 * known candidate and the database could not be read. */
static enum status
match_ids(const struct idset *set, const struct probe_ids *ids, uint32_t id,
    const char *what, const char *path, struct evlist *ev)
{
	bool unresolved = false;
	uint32_t want;
	int rc;

	for (size_t i = 0; i < set->n; i++) {
		if (set->v[i].name == NULL) {
			want = set->v[i].id;
		} else if ((rc = resolve_name(ids, set->v[i].name,
		    &want)) != 1) {
			unresolved = unresolved || rc < 0;
			continue;
		}
		if (want == id)
			return ST_PASS;
	}
	for (size_t i = 0; i < set->n; i++) {
		if (set->v[i].name == NULL ||
		    (rc = resolve_name(ids, set->v[i].name, &want)) == 1)
			continue;
		if (rc < 0)
			evlist_add_violation(ev, path, 0, "cannot resolve %s "
			    "\"%s\": cannot read %s: %s", what, set->v[i].name,
			    ids->path, probe_fs_reason(ids->rc));
		else
			evlist_add_violation(ev, path, 0,
			    "%s \"%s\" does not exist (%s %s)", what,
			    set->v[i].name, ids->path, ids->rc == FS_OK ?
			    "does not list it" : "does not exist");
	}
	return unresolved ? ST_ERROR : ST_FAIL;
}

static enum status
check_owner(const struct file_args *a, const struct idctx *c,
    const struct found *f, struct evlist *ev)
{
	enum status st;
	struct evidence *e;
	char *shown;

	if (a->owner.n == 0)
		return ST_PASS;
	st = match_ids(&a->owner, &c->users, f->n.uid, "user", f->path, ev);
	if (st != ST_FAIL)
		return st;
	shown = show_id(&c->users, f->n.uid);
	e = evlist_add_violation(ev, f->path, 0, "owner is uid %s, expected %s",
	    shown, a->owner_text);
	evidence_set_values(e, a->owner_text, shown);
	free(shown);
	return ST_FAIL;
}

static enum status
check_group(const struct file_args *a, const struct idctx *c,
    const struct found *f, struct evlist *ev)
{
	enum status st;
	struct evidence *e;
	char *shown;

	if (a->group.n == 0)
		return ST_PASS;
	st = match_ids(&a->group, &c->groups, f->n.gid, "group", f->path, ev);
	if (st != ST_FAIL)
		return st;
	shown = show_id(&c->groups, f->n.gid);
	e = evlist_add_violation(ev, f->path, 0, "group is gid %s, expected %s",
	    shown, a->group_text);
	evidence_set_values(e, a->group_text, shown);
	free(shown);
	return ST_FAIL;
}

static enum status
check_mode(const struct file_args *a, const struct found *f,
    struct evlist *ev)
{
	struct evidence *e;
	char want[32];
	char got[8];

	if (!a->has_mode || (f->n.mode & ~a->mode & 07777) == 0)
		return ST_PASS;
	snprintf(want, sizeof(want), "%04o", a->mode);
	snprintf(got, sizeof(got), "%04o", f->n.mode & 07777);
	e = evlist_add_violation(ev, f->path, 0,
	    "mode %s is more permissive than %s", got, want);
	strcat(want, " or stricter");
	evidence_set_values(e, want, got);
	return ST_FAIL;
}

/* `size:` compares the byte count (Azure fails a .bash_history over
 * 1 KiB) without ever reading, let alone quoting, the content. */
static enum status
check_size(const struct file_args *a, const struct found *f,
    struct evlist *ev)
{
	struct evidence *e;
	char got[32];

	if (a->size == NULL)
		return ST_PASS;
	snprintf(got, sizeof(got), "%llu", (unsigned long long)f->n.size);
	if (expect_test(a->size, got))
		return ST_PASS;
	e = evlist_add_violation(ev, f->path, 0, "size %s bytes (expected %s)",
	    got, expect_describe(a->size));
	evidence_set_values(e, expect_describe(a->size), got);
	return ST_FAIL;
}

static enum status
check_exec(const struct file_args *a, const struct found *f,
    struct evlist *ev)
{
	bool is_exec = (f->n.mode & 0111) != 0;
	struct evidence *e;
	char got[8];

	if (a->exec < 0 || is_exec == (a->exec == 1))
		return ST_PASS;
	snprintf(got, sizeof(got), "%04o", f->n.mode & 07777);
	e = evlist_add_violation(ev, f->path, 0, "mode %s %s", got, is_exec ?
	    "has an execute bit" : "has no execute bit");
	evidence_set_values(e, a->exec == 1 ? "executable" :
	    "not executable", got);
	return ST_FAIL;
}

static enum status
check_type(const struct file_args *a, const struct found *f,
    struct evlist *ev)
{
	const struct fs_type_names *want;
	const struct fs_type_names *got = fs_type_names(f->n.type);
	struct evidence *e;

	if (a->type < 0 || f->n.type == (enum fs_type)a->type)
		return ST_PASS;
	want = fs_type_names((enum fs_type)a->type);
	e = evlist_add_violation(ev, f->path, 0, "is a %s, expected a %s",
	    got->alone, want->alone);
	evidence_set_values(e, want->word, got->word);
	return ST_FAIL;
}

/* Evidence of what was found, for a path that passed every check. */
static void
describe(const struct idctx *c, const struct found *f, struct evlist *ev)
{
	char *uid = show_id(&c->users, f->n.uid);
	char *gid = show_id(&c->groups, f->n.gid);

	evlist_add_violation(ev, f->path, 0, "%s, mode %04o, owner uid %s, "
	    "group gid %s", fs_type_names(f->n.type)->alone, f->n.mode & 07777,
	    uid, gid);
	free(uid);
	free(gid);
}

static enum status
check_one(const struct file_args *a, const struct idctx *c,
    const struct found *f, struct evlist *ev)
{
	enum status st = ST_PASS;

	st = status_all(st, check_type(a, f, ev));
	st = status_all(st, check_mode(a, f, ev));
	st = status_all(st, check_owner(a, c, f, ev));
	st = status_all(st, check_group(a, c, f, ev));
	st = status_all(st, check_size(a, f, ev));
	st = status_all(st, check_exec(a, f, ev));
	if (st == ST_PASS)
		describe(c, f, ev);
	return st;
}

/* `exists: false`: every match is a failure. */
static enum status
report_present(const struct foundlist *l, struct evlist *ev)
{
	for (size_t i = 0; i < l->n; i++) {
		struct evidence *e = evlist_add_violation(ev, l->v[i].path, 0,
		    "%s exists (%s, mode %04o)", l->v[i].path,
		    fs_type_names(l->v[i].n.type)->alone,
		    l->v[i].n.mode & 07777);

		evidence_set_values(e, "absent", "present");
	}
	return ST_FAIL;
}

static enum status
report_absent(const struct file_args *a, struct evlist *ev)
{
	if (a->exists != 0)
		return probe_missing(ev, a->path, a->missing);
	if (a->is_glob)
		evlist_add_violation(ev, a->path, 0, "nothing matches %s",
		    a->path);
	else
		evlist_add_violation(ev, a->path, 0, "%s does not exist",
		    a->path);
	return ST_PASS;
}

static enum status
file_eval(void *state, struct probe_env *env, struct evlist *ev)
{
	const struct file_args *a = state;
	struct foundlist l = { NULL, 0, 0 };
	struct idctx c;
	enum status st;

	memset(&c, 0, sizeof(c));
	st = collect(a, env->target, &l, ev);
	if (st != ST_PASS)
		goto out;
	if (l.n == 0) {
		st = report_absent(a, ev);
		goto out;
	}
	if (a->exists == 0) {
		st = report_present(&l, ev);
		goto out;
	}
	/* Names for evidence even when the policy gave numbers. */
	probe_ids_load(&c.users, env->target, PROBE_PASSWD);
	probe_ids_load(&c.groups, env->target, PROBE_GROUP);
	for (size_t i = 0; i < l.n; i++)
		st = status_all(st, check_one(a, &c, &l.v[i], ev));
out:
	probe_ids_release(&c.users);
	probe_ids_release(&c.groups);
	foundlist_release(&l);
	return st;
}

const struct probe_ops probe_file = {
	.name = "file",
	.summary = "existence, type, mode (at most), owner and group of a path",
	.compile = file_compile,
	.eval = file_eval,
	.free = file_free,
};
