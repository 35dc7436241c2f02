/*
 * common.c -- helpers shared by the probes.
 *
 * Every probe parses the same kinds of arguments (required keys, enum
 * words, `missing:`), turns the same filesystem errors into evidence, and
 * several resolve user and group names. Doing that once here keeps the
 * wording of messages identical across probes, and keeps name resolution
 * on the TARGET's /etc/passwd and /etc/group: a probe that asked the host
 * (getpwnam) would silently judge the image by the scanner's accounts.
 * Probes that report what image layers hide quote the layer's build step
 * the same way (probe_layer_step).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "assay/dropin.h"
#include "assay/image.h"
#include "assay/probe.h"
#include "assay/strbuf.h"
#include "assay/util.h"
#include "assay/xmem.h"

const char *
probe_fs_reason(enum fs_rc rc)
{
	switch (rc) {
	case FS_OK:
		return "no error";
	case FS_ENOENT:
		return "does not exist";
	case FS_ENOTDIR:
		return "a path component is not a directory";
	case FS_ELOOP:
		return "too many levels of symbolic links";
	case FS_ENOTREG:
		return "not a regular file";
	case FS_ETOOBIG:
		return "file is larger than the read limit";
	case FS_EACCES:
		return "permission denied";
	case FS_ENOTRETAINED:
		return "content not retained from the image (only metadata "
		    "is kept for paths outside the profile's path set)";
	case FS_ETOODEEP:
		return "directory nested deeper than the walk depth limit";
	case FS_EIO:
		break;
	}
	return "input/output error";
}

enum status
probe_read_error(struct target *t, struct evlist *ev, const char *path,
    enum fs_rc rc)
{
	struct fsnode n;

	if (rc == FS_ENOENT) {
		evlist_add_violation(ev, path, 0, "%s does not exist", path);
		return ST_FAIL;
	}
	/* Say what the node is: "not a regular file" alone leaves the
	 * reader guessing whether a FIFO or a directory sits there. */
	if (rc == FS_ENOTREG && t != NULL &&
	    target_lookup(t, path, true, &n) == FS_OK) {
		evlist_add_violation(ev, path, 0, "cannot read %s: %s (%s)",
		    path, probe_fs_reason(rc), fs_type_str(n.type));
		return ST_ERROR;
	}
	evlist_add_violation(ev, path, 0, "cannot read %s: %s", path,
	    probe_fs_reason(rc));
	return ST_ERROR;
}

const struct ynode *
probe_require(const struct ynode *args, const char *key, const char *what,
    struct diag *d)
{
	const struct ynode *n = ynode_get(args, key);

	if (n == NULL)
		diag_add(d, &args->at, "missing required key \"%s\" in %s",
		    key, what);
	return n;
}

int
probe_str_list(const struct ynode *n, const char *key, const char *what,
    int (*each)(void *arg, const char *s, size_t k, const struct ynode *at,
    struct diag *d), void *arg, struct diag *d)
{
	const char **v = NULL;
	size_t k = 0;
	int rc = 0;

	if (ynode_strs(n, key, &v, &k, d) != 0)
		return -1;
	if (k == 0) {
		diag_add(d, &n->at, "%s: expected %s or a list of them, got an "
		    "empty list", key, what);
		rc = -1;
	}
	for (size_t i = 0; i < k; i++)
		if (each(arg, v[i], k, ynode_is_seq(n) ? n->items[i] : n,
		    d) != 0)
			rc = -1;
	free(v);
	return rc;
}

int
probe_parse_strlist(const struct ynode *n, const char *key,
    struct strlist *out, struct diag *d)
{
	return ynode_strlist(n, key, out, d);
}

/* "a, b or c" */
static char *
enum_list(const char *const *names)
{
	struct strbuf b = STRBUF_INIT;

	for (size_t i = 0; names[i] != NULL; i++) {
		if (i > 0)
			strbuf_addstr(&b, names[i + 1] == NULL ? " or " : ", ");
		strbuf_addstr(&b, names[i]);
	}
	return strbuf_detach(&b);
}

int
probe_parse_enum(const struct ynode *n, const char *key,
    const char *const *names, int *out, struct diag *d)
{
	char *list;

	if (ynode_is_scalar(n))
		for (int i = 0; names[i] != NULL; i++)
			if (strcmp(n->text, names[i]) == 0) {
				*out = i;
				return 0;
			}
	list = enum_list(names);
	diag_add(d, &n->at, "%s: expected %s, got %s", key, list,
	    ynode_show(n));
	free(list);
	return -1;
}

/* The node types a policy can ask for, in the order messages list
 * them. */
static const enum fs_type type_order[] = {
	FS_REG, FS_DIR, FS_LNK, FS_FIFO, FS_SOCK, FS_CHR, FS_BLK
};
#define NTYPES	(sizeof(type_order) / sizeof(type_order[0]))

int
probe_parse_type(const struct ynode *n, bool any, int *out, struct diag *d)
{
	const char *names[NTYPES + 2];
	size_t k = 0;
	int i;

	if (any)
		names[k++] = "any";
	for (size_t j = 0; j < NTYPES; j++)
		names[k++] = fs_type_names(type_order[j])->word;
	names[k] = NULL;
	if (probe_parse_enum(n, "type", names, &i, d) != 0)
		return -1;
	if (any)
		i--;
	*out = i < 0 ? -1 : (int)type_order[i];
	return 0;
}

static const char *const missing_names[] = {
	"fail", "pass", "notapplicable", "error", NULL
};
static const enum status missing_status[] = {
	ST_FAIL, ST_PASS, ST_NOTAPPLICABLE, ST_ERROR
};

int
probe_parse_missing(const struct ynode *n, enum status *out, struct diag *d)
{
	int i;

	*out = ST_FAIL;
	if (n == NULL)
		return 0;
	if (probe_parse_enum(n, "missing", missing_names, &i, d) != 0)
		return -1;
	*out = missing_status[i];
	return 0;
}

int
probe_check_opts(const struct ynode *args, const struct probe_opt *opts,
    unsigned ok, const char *what, const char *name, struct diag *d)
{
	int rc = 0;

	for (size_t i = 0; opts[i].key != NULL; i++) {
		const struct ynode *n = ynode_get(args, opts[i].key);

		if (n != NULL && (ok & opts[i].bit) == 0) {
			diag_add(d, &n->at, "%s: not used by %s \"%s\"",
			    opts[i].key, what, name);
			rc = -1;
		}
	}
	return rc;
}

int
probe_parse_read_by(const struct ynode *n, int *out, struct diag *d)
{
	enum dropin_reader r;
	const char *s;

	*out = -1;
	if (n == NULL)
		return 0;
	if (ynode_str(n, "read_by", &s, d) != 0)
		return -1;
	if (dropin_reader_parse(s, &r) != 0) {
		diag_add(d, &n->at, "read_by: expected %s, got %s",
		    dropin_reader_names(), ynode_show(n));
		return -1;
	}
	*out = (int)r;
	return 0;
}

void
probe_filter_read_by(int r, struct strlist *paths, struct evlist *ev)
{
	size_t keep = 0;

	for (size_t i = 0; i < paths->n; i++) {
		const char *slash = strrchr(paths->v[i], '/');
		const char *name = slash != NULL ? slash + 1 : paths->v[i];

		if (r < 0 || dropin_reads((enum dropin_reader)r, name)) {
			paths->v[keep++] = paths->v[i];
			continue;
		}
		evlist_add_context(ev, paths->v[i], 0,
		    "%s is not read by %s (skipped)", paths->v[i],
		    dropin_reader_str((enum dropin_reader)r));
		free(paths->v[i]);
	}
	paths->n = keep;
}

enum status
probe_missing(struct evlist *ev, const char *path, enum status st)
{
	char *note = st == ST_FAIL ? xstrdup("") :
	    xasprintf(" (missing: %s)", status_str(st));

	if (has_glob_meta(path))
		evlist_add_violation(ev, path, 0, "no file matches %s%s", path,
		    note);
	else
		evlist_add_violation(ev, path, 0, "%s does not exist%s", path,
		    note);
	free(note);
	return st;
}

void
probe_walkerr_add(struct probe_walkerr *e, const char *path, enum fs_rc rc)
{
	if (e->n++ > 0)
		return;
	e->path = xstrdup(path);
	e->rc = rc;
}

enum status
probe_walkerr_report(const struct probe_walkerr *e, struct evlist *ev)
{
	if (e->n == 0)
		return ST_PASS;
	if (e->n == 1)
		evlist_add_violation(ev, e->path, 0, "%s not walked: %s",
		    e->path, probe_fs_reason(e->rc));
	else
		evlist_add_violation(ev, e->path, 0, "%s not walked: %s (and "
		    "%zu more directories not walked)", e->path,
		    probe_fs_reason(e->rc), e->n - 1);
	return ST_ERROR;
}

void
probe_walkerr_release(struct probe_walkerr *e)
{
	free(e->path);
	memset(e, 0, sizeof(*e));
}

/* [S, S+LEN) as a decimal id: 0, or -1. */
static int
parse_id(const char *s, size_t len, uint32_t *out)
{
	char num[16];
	uint64_t v;

	if (len == 0 || len >= sizeof(num))
		return -1;
	memcpy(num, s, len);
	num[len] = '\0';
	if (parse_uint(num, 0, UINT32_MAX, &v) != 0)
		return -1;
	*out = (uint32_t)v;
	return 0;
}

/* Parse one passwd/group line into *E: "name:x:id:gid-or-members...".
 * Field 4 is kept as a number for /etc/passwd (GROUP false) and as text
 * for /etc/group. */
static bool
parse_id_line(const char *line, size_t len, bool group, struct probe_id *e)
{
	const char *f[4];
	size_t flen[4];
	const char *p = line;
	const char *end = line + len;
	uint32_t gid;

	if (len == 0 || line[0] == '#' || line[0] == '+' || line[0] == '-')
		return false;
	for (int i = 0; i < 4; i++) {
		const char *c = memchr(p, ':', (size_t)(end - p));

		if (c == NULL && i < 3)
			return false;
		f[i] = p;
		flen[i] = (size_t)((c != NULL ? c : end) - p);
		p = c != NULL ? c + 1 : end;
	}
	if (flen[0] == 0 || memchr(f[0], '\0', flen[0]) != NULL ||
	    parse_id(f[2], flen[2], &e->id) != 0)
		return false;
	e->gid = !group && parse_id(f[3], flen[3], &gid) == 0 ? (int64_t)gid :
	    -1;
	e->members = group ? xstrndup(f[3], flen[3]) : NULL;
	e->name = xstrndup(f[0], flen[0]);
	return true;
}

/* qsort is not stable, so each entry carries its line number: the first
 * name given to an id in the file is the one reported for it. */
struct id_sort {
	struct probe_id	e;
	size_t		line;
};

static int
cmp_id(const void *a, const void *b)
{
	const struct id_sort *x = a;
	const struct id_sort *y = b;

	if (x->e.id != y->e.id)
		return x->e.id < y->e.id ? -1 : 1;
	return x->line < y->line ? -1 : x->line > y->line;
}

static void
ids_build(struct probe_ids *ids, const struct strbuf *buf, bool group)
{
	struct id_sort *tmp = NULL;
	size_t cap = 0;
	size_t n = 0;
	size_t pos = 0;
	unsigned lineno = 0;
	const char *line;
	size_t len;

	/* Lines are bounded by the read limit, so entries are too. */
	while (next_line(buf->buf, buf->len, &pos, &line, &len, &lineno)) {
		struct probe_id e;

		if (!parse_id_line(line, len, group, &e))
			continue;
		xgrow((void **)&tmp, &cap, n + 1, sizeof(*tmp));
		tmp[n].e = e;
		tmp[n].line = lineno;
		n++;
	}
	if (n > 1)
		qsort(tmp, n, sizeof(*tmp), cmp_id);
	ids->v = xcalloc(n, sizeof(*ids->v));
	for (size_t i = 0; i < n; i++)
		ids->v[i] = tmp[i].e;
	ids->n = n;
	free(tmp);
}

enum fs_rc
probe_ids_load(struct probe_ids *ids, struct target *t, const char *path)
{
	struct strbuf buf = STRBUF_INIT;

	probe_ids_release(ids);
	ids->path = path;
	ids->rc = target_read(t, path, 0, &buf);
	if (ids->rc == FS_OK)
		ids_build(ids, &buf, strcmp(path, PROBE_GROUP) == 0);
	strbuf_release(&buf);
	return ids->rc;
}

/* Index of the first entry with ID, or ids->n. */
static size_t
ids_lower_bound(const struct probe_ids *ids, uint32_t id)
{
	size_t lo = 0;
	size_t hi = ids->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (ids->v[mid].id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

bool
probe_ids_has(const struct probe_ids *ids, uint32_t id)
{
	size_t i = ids_lower_bound(ids, id);

	return i < ids->n && ids->v[i].id == id;
}

const char *
probe_ids_name(const struct probe_ids *ids, uint32_t id)
{
	size_t i = ids_lower_bound(ids, id);

	return i < ids->n && ids->v[i].id == id ? ids->v[i].name : NULL;
}

const struct probe_id *
probe_ids_entry(const struct probe_ids *ids, const char *name)
{
	for (size_t i = 0; i < ids->n; i++)
		if (strcmp(ids->v[i].name, name) == 0)
			return &ids->v[i];
	return NULL;
}

int
probe_ids_find(const struct probe_ids *ids, const char *name, uint32_t *idp)
{
	const struct probe_id *e = probe_ids_entry(ids, name);

	if (e == NULL)
		return -1;
	*idp = e->id;
	return 0;
}

bool
probe_id_has_member(const struct probe_id *g, const char *user)
{
	size_t n = strlen(user);

	for (const char *p = g->members; p != NULL && *p != '\0'; ) {
		size_t len = strcspn(p, ",");

		if (len == n && strncmp(p, user, n) == 0)
			return true;
		p += len + (p[len] == ',');
	}
	return false;
}

void
probe_ids_release(struct probe_ids *ids)
{
	for (size_t i = 0; i < ids->n; i++) {
		free(ids->v[i].name);
		free(ids->v[i].members);
	}
	free(ids->v);
	ids->v = NULL;
	ids->n = 0;
}

static enum status
name_lookup(struct target *t, const char *path, const char *what,
    const char *name, uint32_t *idp, struct evlist *ev)
{
	struct probe_ids ids = { NULL, 0, FS_OK, NULL };
	enum status st = ST_PASS;

	if (probe_ids_load(&ids, t, path) != FS_OK) {
		evlist_add_violation(ev, path, 0, "cannot resolve %s \"%s\": "
		    "cannot read %s: %s", what, name, path,
		    probe_fs_reason(ids.rc));
		st = ST_ERROR;
	} else if (probe_ids_find(&ids, name, idp) != 0) {
		evlist_add_violation(ev, path, 0, "%s \"%s\" not in %s", what,
		    name, path);
		st = ST_ERROR;
	}
	probe_ids_release(&ids);
	return st;
}

char *
probe_layer_step(struct target *t, int layer)
{
	const char *cb = image_layer_created_by(t, layer);
	char *s;

	if (strlen(cb) > PROBE_STEP_SHOW)
		s = xasprintf("%.*s...", PROBE_STEP_SHOW, cb);
	else
		s = xstrdup(cb);
	for (char *p = s; *p != '\0'; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			*p = ' ';
	return s;
}

enum status
probe_user_lookup(struct target *t, const char *name, uint32_t *idp,
    struct evlist *ev)
{
	return name_lookup(t, PROBE_PASSWD, "user", name, idp, ev);
}

enum status
probe_group_lookup(struct target *t, const char *name, uint32_t *idp,
    struct evlist *ev)
{
	return name_lookup(t, PROBE_GROUP, "group", name, idp, ev);
}
