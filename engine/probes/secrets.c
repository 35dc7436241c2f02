/*
 * secrets.c -- the `secrets` probe: secrets by content in every regular
 * file of the target, detectors given as data (secret_scan.h).
 *
 * Every `secrets` rule of a scan shares ONE pass over the bytes (the
 * share hooks of probe.h): the detectors of all of them sit behind one
 * keyword automaton, so a pack split into rules by severity still reads
 * each file once.
 *
 *   - A directory or disk image: the evaluator's walk lists the regular
 *     files (not under /proc, /sys, /dev or /run); the first rule
 *     evaluated reads each through the fs view
 *     (at most --max-file-size bytes; a bigger file is skipped and
 *     counted), skips binary content by sniffing its first block (NUL
 *     bytes, control characters: not the extension) and scans it.
 *   - An image: its layers stream every regular file they add through
 *     the scan as they are read (target.h stream), so no content is
 *     kept and files that a later layer deletes, replaces or hides under
 *     an opaque directory are scanned too. A secret in such a file names
 *     the layer that added it and the one that hid it, with their build
 *     steps: deleting a file in a later RUN does not remove it from the
 *     image.
 *
 * Evidence never holds a secret: the detector, path and line, a masked
 * preview and the SHA-256 of the secret (`sha256:...`), which a waiver
 * (`fingerprint:`) or a baseline can match.
 */
#include "config.h"

#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "assay/probe.h"
#include "assay/secret_scan.h"
#include "assay/util.h"
#include "assay/xmem.h"

/* Detectors of one rule. */
#define SECRETS_DETECTORS	256

struct sfinding {
	char			*path;
	unsigned		 line;
	int			 layer;		/* streamed: its layer */
	int			 gone;		/* layer that hid it, or -1;
						 * INT_MAX: hidden, by what
						 * the stream did not say */
	const char		*how;		/* "deleted", ... by GONE */
	bool			 streamed;	/* from an image's layers */
	const struct secret_det	*det;
	char			 preview[SECRET_SHOW * 4 + 8];
	char			 fp[65];
};

struct secrets_shared;

struct secrets_args {
	struct secret_det	**det;
	size_t			 ndet;
	struct strlist		 exclude;	/* globs not scanned */
	bool			 hidden;	/* report hidden files */
	struct sfinding		*fv;
	size_t			 fn;
	size_t			 fcap;
	size_t			 ftotal;
	struct secrets_shared	*sh;
	bool			 own;		/* SH is ours alone */
};

struct hfile {
	char	*path;
	int	 layer;
};

struct secrets_shared {
	const struct limits	*lim;
	struct secrets_args	**m;
	size_t			 n;
	size_t			 cap;
	struct secret_set	*set;
	/* the stream of an image's layers */
	bool			 streamed;
	struct strbuf		 buf;
	char			*cur;
	int			 curlayer;
	bool			 skip;
	bool			 sniffed;
	/* the walk, and files read at eval */
	struct strlist		 files;
	struct hfile		*hv;
	size_t			 hn;
	size_t			 hcap;
	bool			 done;
	struct probe_walkerr	 werr;
	/* what was read */
	size_t			 nfiles;
	uint64_t		 bytes;
	size_t			 binary;
	size_t			 toobig;
	size_t			 unread;
	char			*unread_path;
	enum fs_rc		 unread_rc;
	size_t			 rxerr;
	char			*rxerr_path;
	/* streamed findings not yet hidden, and a filter of their paths:
	 * a replaced file is looked for only when its bit is set */
	size_t			 nopen;
	uint64_t		 pathbits[64];
};

static unsigned
path_bit(const char *path)
{
	uint32_t h = 2166136261u;

	for (const unsigned char *p = (const unsigned char *)path; *p; p++)
		h = (h ^ *p) * 16777619u;
	return h % 4096;
}

static void
findings_clear(struct secrets_args *a)
{
	for (size_t i = 0; i < a->fn; i++)
		free(a->fv[i].path);
	free(a->fv);
	a->fv = NULL;
	a->fn = 0;
	a->fcap = 0;
	a->ftotal = 0;
}

static void
shared_free(void *p)
{
	struct secrets_shared *sh = p;

	if (sh == NULL)
		return;
	for (size_t i = 0; i < sh->n; i++)
		if (sh->m[i]->sh == sh)
			sh->m[i]->sh = NULL;
	free(sh->m);
	secret_set_free(sh->set);
	strbuf_release(&sh->buf);
	free(sh->cur);
	strlist_release(&sh->files);
	for (size_t i = 0; i < sh->hn; i++)
		free(sh->hv[i].path);
	free(sh->hv);
	probe_walkerr_release(&sh->werr);
	free(sh->unread_path);
	free(sh->rxerr_path);
	free(sh);
}

static void
secrets_free(void *state)
{
	struct secrets_args *a = state;

	if (a == NULL)
		return;
	if (a->own)
		shared_free(a->sh);
	for (size_t i = 0; i < a->ndet; i++)
		secret_det_free(a->det[i]);
	free(a->det);
	strlist_release(&a->exclude);
	findings_clear(a);
	free(a);
}

static const char *const secrets_keys[] = {
	"detectors", "exclude", "hidden", NULL
};

static int
parse_detectors(const struct ynode *args, const struct limits *lim,
    struct secrets_args *a, struct diag *d)
{
	const struct ynode *n = probe_require(args, "detectors", "secrets",
	    d);
	size_t kwbytes = 0;
	int rc = 0;

	if (n == NULL)
		return -1;
	if (!ynode_is_seq(n) || n->len == 0 || n->len > SECRETS_DETECTORS) {
		diag_add(d, &n->at, "detectors: expected a list of 1 to %d "
		    "detector mappings, got %s", SECRETS_DETECTORS,
		    ynode_show(n));
		return -1;
	}
	a->det = xcalloc(n->len, sizeof(*a->det));
	for (size_t i = 0; i < n->len; i++) {
		struct secret_det *det = secret_det_compile(n->items[i], lim,
		    d);

		if (det == NULL) {
			rc = -1;
			continue;
		}
		for (size_t k = 0; k < a->ndet; k++)
			if (strcmp(secret_det_id(a->det[k]),
			    secret_det_id(det)) == 0) {
				diag_add(d, &n->items[i]->at, "detectors: "
				    "duplicate id \"%s\"", secret_det_id(det));
				rc = -1;
			}
		a->det[a->ndet++] = det;
		kwbytes += secret_det_keyword_bytes(det);
	}
	if (rc == 0 && kwbytes > lim->secret_keyword_bytes) {
		diag_add(d, &n->at, "detectors: %zu keyword bytes, more than "
		    "the %zu of one rule (split the detectors into rules)",
		    kwbytes, lim->secret_keyword_bytes);
		rc = -1;
	}
	return rc;
}

static int
secrets_compile(const struct ynode *args, const struct limits *lim,
    void **statep, struct diag *d)
{
	struct secrets_args *a = xcalloc(1, sizeof(*a));
	const struct ynode *n;
	int rc = 0;

	a->hidden = true;
	if (ynode_check_keys(args, "secrets", secrets_keys, d) != 0) {
		secrets_free(a);
		return -1;
	}
	rc |= parse_detectors(args, lim, a, d);
	if (probe_parse_strlist(ynode_get(args, "exclude"), "exclude",
	    &a->exclude, d) != 0)
		rc = -1;
	if ((n = ynode_get(args, "hidden")) != NULL &&
	    ynode_bool(n, "hidden", &a->hidden, d) != 0)
		rc = -1;
	if (rc != 0) {
		secrets_free(a);
		return -1;
	}
	*statep = a;
	return 0;
}

static void
secrets_share(void *state, const struct limits *lim, void **shared)
{
	struct secrets_args *a = state;
	struct secrets_shared *sh = *shared;

	if (sh == NULL) {
		sh = xcalloc(1, sizeof(*sh));
		sh->lim = lim;
		sh->curlayer = -1;
		*shared = sh;
	}
	if (a->own)
		shared_free(a->sh);
	a->own = false;
	a->sh = sh;
	findings_clear(a);
	xgrow((void **)&sh->m, &sh->cap, sh->n + 1, sizeof(*sh->m));
	sh->m[sh->n++] = a;
}

/* The detectors of every member behind one automaton, built once. */
static const struct secret_set *
shared_set(struct secrets_shared *sh)
{
	if (sh->set != NULL)
		return sh->set;
	sh->set = secret_set_new();
	for (size_t i = 0; i < sh->n; i++)
		for (size_t k = 0; k < sh->m[i]->ndet; k++)
			secret_set_add(sh->set, sh->m[i]->det[k], sh->m[i]);
	secret_set_build(sh->set);
	return sh->set;
}

/* Where the bytes being scanned come from. */
struct origin {
	const char	*path;
	int		 layer;
	bool		 streamed;
	size_t		 max;		/* findings kept per rule */
};

static bool
listed(const struct strlist *l, const char *path)
{
	for (size_t i = 0; i < l->n; i++)
		if (glob_match(l->v[i], path, false) ||
		    (!has_glob_meta(l->v[i]) && strncmp(path, l->v[i],
		    strlen(l->v[i])) == 0 && path[strlen(l->v[i])] == '/'))
			return true;
	return false;
}

/* Does every rule exclude PATH? Then it is not even read. */
static bool
all_excluded(const struct secrets_shared *sh, const char *path)
{
	for (size_t i = 0; i < sh->n; i++)
		if (!listed(&sh->m[i]->exclude, path))
			return false;
	return sh->n > 0;
}

static void
on_hit(const struct secret_hit *h, void *arg)
{
	const struct origin *o = arg;
	struct secrets_args *a = h->owner;
	struct sfinding *f;

	if (listed(&a->exclude, o->path))
		return;
	if (a->ftotal++ >= o->max)
		return;
	xgrow((void **)&a->fv, &a->fcap, a->fn + 1, sizeof(*a->fv));
	f = &a->fv[a->fn++];
	memset(f, 0, sizeof(*f));
	f->path = xstrdup(o->path);
	f->line = h->line;
	f->layer = o->layer;
	f->gone = -1;
	f->streamed = o->streamed;
	f->det = h->det;
	if (o->streamed) {
		unsigned b = path_bit(o->path);

		a->sh->nopen++;
		a->sh->pathbits[b / 64] |= (uint64_t)1 << (b % 64);
	}
	memcpy(f->preview, h->preview, sizeof(f->preview));
	memcpy(f->fp, h->fp, sizeof(f->fp));
}

/* Scan BUF, the bytes of PATH (of LAYER when streamed), counting it. */
static void
scan_bytes(struct secrets_shared *sh, const char *path, int layer,
    bool streamed, const char *buf, size_t len)
{
	struct origin o = { path, layer, streamed, sh->lim->evidence_max };

	sh->nfiles++;
	sh->bytes += len;
	if (secret_set_scan(shared_set(sh), path, buf, len, on_hit, &o) > 0 &&
	    sh->rxerr++ == 0)
		sh->rxerr_path = xstrdup(path);
}

/* A file or directory PATH that layer LAYER deletes (SELF: PATH itself
 * too; else only below it, an opaque directory) or replaces hides what
 * lower layers had there. */
static void
mark_gone(struct secrets_shared *sh, const char *path, int layer, bool self,
    const char *how)
{
	size_t len = strlen(path);
	bool root = strcmp(path, "/") == 0;
	unsigned b = path_bit(path);

	if (sh->nopen == 0 || (strcmp(how, "replaced") == 0 &&
	    !(sh->pathbits[b / 64] & ((uint64_t)1 << (b % 64)))))
		return;		/* nothing there to hide */
	for (size_t i = 0; i < sh->n; i++) {
		struct secrets_args *a = sh->m[i];

		for (size_t k = 0; k < a->fn; k++) {
			struct sfinding *f = &a->fv[k];

			if (!f->streamed || f->gone >= 0 || f->layer >= layer)
				continue;
			if ((self && strcmp(f->path, path) == 0) || root ||
			    (strncmp(f->path, path, len) == 0 &&
			    f->path[len] == '/')) {
				f->gone = layer;
				f->how = how;
				sh->nopen--;
			}
		}
	}
}

static void
stream_sniff(struct secrets_shared *sh)
{
	sh->sniffed = true;
	if (secret_is_binary(sh->buf.buf, sh->buf.len)) {
		sh->skip = true;
		sh->binary++;
		strbuf_reset(&sh->buf);
	}
}

static void
secrets_stream(void *shared, const struct target_stream_ev *ev)
{
	struct secrets_shared *sh = shared;

	sh->streamed = true;
	switch (ev->kind) {
	case TS_BEGIN:
		mark_gone(sh, ev->path, ev->layer, true, "replaced");
		free(sh->cur);
		sh->cur = xstrdup(ev->path);
		sh->curlayer = ev->layer;
		strbuf_reset(&sh->buf);
		sh->sniffed = false;
		sh->skip = all_excluded(sh, ev->path);
		if (!sh->skip && ev->size > sh->lim->read_max) {
			sh->skip = true;
			sh->toobig++;
		}
		break;
	case TS_DATA:
		if (sh->skip)
			break;
		(void)strbuf_add(&sh->buf, ev->data, ev->len);
		if (!sh->sniffed && sh->buf.len >= SECRET_SNIFF)
			stream_sniff(sh);
		break;
	case TS_END:
		if (!sh->skip && !sh->sniffed)
			stream_sniff(sh);
		if (!sh->skip && sh->cur != NULL && sh->buf.len > 0)
			scan_bytes(sh, sh->cur, sh->curlayer, true,
			    sh->buf.buf, sh->buf.len);
		/* keep no file's bytes past it */
		if (sh->buf.alloc > (1u << 20)) {
			strbuf_release(&sh->buf);
			strbuf_init(&sh->buf, 0);
		}
		break;
	case TS_DELETE:
		mark_gone(sh, ev->path, ev->layer, true, "deleted");
		break;
	case TS_OPAQUE:
		mark_gone(sh, ev->path, ev->layer, false,
		    "hidden under an opaque directory");
		break;
	}
}

static const char *
secrets_walk_begin(void *state, struct probe_env *env)
{
	struct secrets_args *a = state;
	struct secrets_shared *sh;

	if (a->sh == NULL) {
		/* evaluated without a scan's share: a pass of its own */
		void *p = NULL;

		secrets_share(a, env->lim, &p);
		a->own = true;
	}
	sh = a->sh;
	if (sh->m[0] != a)
		return NULL;		/* the first member walks for all */
	strlist_release(&sh->files);
	for (size_t i = 0; i < sh->hn; i++)
		free(sh->hv[i].path);
	sh->hn = 0;
	probe_walkerr_release(&sh->werr);
	sh->done = false;
	if (!sh->streamed) {
		for (size_t i = 0; i < sh->n; i++)
			findings_clear(sh->m[i]);
		sh->nfiles = sh->binary = sh->toobig = sh->unread = 0;
		sh->rxerr = 0;
		sh->bytes = 0;
	}
	return "/";
}

/* Pseudo and runtime filesystems hold no shipped file (as files.c). */
static bool
secrets_walk_prune(const void *state, const char *path)
{
	static const char *const pseudo[] = { "/proc", "/sys", "/dev", "/run",
	    NULL };

	(void)state;
	for (size_t i = 0; pseudo[i] != NULL; i++)
		if (strcmp(path, pseudo[i]) == 0)
			return true;
	return false;
}

static void
secrets_walk_visit(void *state, const char *path, const struct fsnode *n)
{
	struct secrets_args *a = state;

	if (n->type == FS_REG && a->sh != NULL && !a->sh->streamed)
		strlist_add(&a->sh->files, path);
}

static void
secrets_walk_visit_hidden(void *state, const char *path,
    const struct fsnode *n)
{
	struct secrets_args *a = state;
	struct secrets_shared *sh = a->sh;

	if (n->type != FS_REG || sh == NULL || sh->streamed ||
	    sh->hn >= sh->lim->glob_max)
		return;
	xgrow((void **)&sh->hv, &sh->hcap, sh->hn + 1, sizeof(*sh->hv));
	sh->hv[sh->hn].path = xstrdup(path);
	sh->hv[sh->hn++].layer = n->layer;
}

static void
secrets_walk_error(void *state, const char *path, enum fs_rc rc)
{
	struct secrets_args *a = state;

	if (a->sh != NULL)
		probe_walkerr_add(&a->sh->werr, path, rc);
}

/* Read and scan one file (HIDDEN: as layer LAYER had it). */
static void
read_one(struct secrets_shared *sh, struct target *t, const char *path,
    int layer, bool hidden, struct strbuf *buf)
{
	enum fs_rc rc;

	if (all_excluded(sh, path))
		return;
	rc = hidden ? target_read_hidden(t, path, layer, sh->lim->read_max,
	    buf) : target_read(t, path, sh->lim->read_max, buf);

	if (rc == FS_ETOOBIG) {
		sh->toobig++;
	} else if (rc == FS_OK) {
		if (secret_is_binary(buf->buf, buf->len))
			sh->binary++;
		else if (buf->len > 0)
			scan_bytes(sh, path, layer, hidden, buf->buf,
			    buf->len);
	} else if (rc != FS_ENOENT && rc != FS_ENOTDIR && rc != FS_ENOTREG) {
		if (sh->unread++ == 0) {
			sh->unread_path = xstrdup(path);
			sh->unread_rc = rc;
		}
	}
}

/* The one pass, run by the first member evaluated. */
static void
shared_run(struct secrets_shared *sh, struct target *t)
{
	struct strbuf buf = STRBUF_INIT;

	if (sh->done)
		return;
	sh->done = true;
	if (sh->streamed)
		return;		/* the layers went through secrets_stream */
	for (size_t i = 0; i < sh->files.n; i++)
		read_one(sh, t, sh->files.v[i], -1, false, &buf);
	for (size_t i = 0; i < sh->hn; i++)
		read_one(sh, t, sh->hv[i].path, sh->hv[i].layer, true, &buf);
	strbuf_release(&buf);
}

/* "layer N (created by: STEP)" of T. Malloc'd. */
static char *
layer_words(struct target *t, int layer, char **stepp)
{
	char *step = probe_layer_step(t, layer);
	char *s = xasprintf("layer %d%s%s%s", layer, step[0] != '\0' ?
	    " (created by: " : "", step, step[0] != '\0' ? ")" : "");

	*stepp = step;
	return s;
}

static void
report_one(const struct secrets_args *a, struct probe_env *env,
    const struct sfinding *f, struct evlist *ev)
{
	struct evidence *e;
	char *head = xasprintf("%s (%s) at line %u: %s, sha256:%s",
	    secret_det_id(f->det), secret_det_title(f->det), f->line,
	    f->preview, f->fp);

	if (!f->streamed || f->gone < 0) {
		/* in the merged filesystem: the evaluator names its layer */
		e = evlist_add_violation(ev, f->path, f->line, "%s", head);
	} else if (f->gone == INT_MAX) {
		char *s1;
		char *in = layer_words(env->target, f->layer, &s1);

		e = evlist_add_violation(ev, f->path, f->line, "%s; present "
		    "in %s, hidden by a later layer \u2014 still shipped in "
		    "the image", head, in);
		evidence_set_layer(e, f->layer, s1, true);
		free(in);
		free(s1);
	} else {
		char *s1, *s2;
		char *in = layer_words(env->target, f->layer, &s1);
		char *by = layer_words(env->target, f->gone, &s2);

		e = evlist_add_violation(ev, f->path, f->line, "%s; present "
		    "in %s, %s in %s \u2014 still shipped in the image", head,
		    in, f->how, by);
		evidence_set_layer(e, f->layer, s1, true);
		free(in);
		free(by);
		free(s1);
		free(s2);
	}
	evidence_set_values(e, "no secret", f->preview);
	(void)a;
	free(head);
}

static enum status
secrets_eval(void *state, struct probe_env *env, struct evlist *ev)
{
	struct secrets_args *a = state;
	struct secrets_shared *sh = a->sh;
	enum status st = ST_PASS;
	size_t shown = 0;

	if (sh == NULL) {
		evlist_add_violation(ev, NULL, 0, "the target was not walked");
		return ST_ERROR;
	}
	shared_run(sh, env->target);
	for (size_t i = 0; i < a->fn; i++) {
		struct sfinding *f = &a->fv[i];
		struct fsnode n;

		/* what the stream did not see hide it (a file replaced by a
		 * directory above it, say) is not in the merged tree */
		if (f->streamed && f->gone < 0 &&
		    (target_lookup(env->target, f->path, false, &n) != FS_OK ||
		    n.type != FS_REG || n.layer != f->layer))
			f->gone = INT_MAX;

		if (f->streamed && f->gone >= 0 && !a->hidden)
			continue;
		report_one(a, env, f, ev);
		shown++;
	}
	if (a->ftotal > a->fn)
		evlist_add_violation(ev, NULL, 0, "%zu more secrets not listed",
		    a->ftotal - a->fn);
	if (shown > 0 || a->ftotal > a->fn)
		st = ST_FAIL;
	if (sh->unread > 0) {
		evlist_add_violation(ev, sh->unread_path, 0, "%zu files could "
		    "not be read and were not scanned, the first: %s",
		    sh->unread, sh->unread_rc == FS_ENOTRETAINED ? "content "
		    "not retained from the image" :
		    probe_fs_reason(sh->unread_rc));
		st = status_all(st, ST_ERROR);
	}
	if (sh->rxerr > 0) {
		evlist_add_violation(ev, sh->rxerr_path, 0, "a detector "
		    "pattern hit the match limit on %zu files, the first "
		    "shown; they were not fully checked", sh->rxerr);
		st = status_all(st, ST_ERROR);
	}
	st = status_all(st, probe_walkerr_report(&sh->werr, ev));
	evlist_add_context(ev, NULL, 0, "%zu text files scanned (%llu "
	    "bytes) by %zu detectors; %zu binary files and %zu files larger "
	    "than the read limit (%zu bytes) skipped", sh->nfiles,
	    (unsigned long long)sh->bytes, a->ndet, sh->binary, sh->toobig,
	    sh->lim->read_max);
	return st;
}

const struct probe_ops probe_secrets = {
	.name = "secrets",
	.summary = "no secret (key, token, password) in any file's content",
	.compile = secrets_compile,
	.walk_begin = secrets_walk_begin,
	.walk_prune = secrets_walk_prune,
	.walk_visit = secrets_walk_visit,
	.walk_error = secrets_walk_error,
	.walk_visit_hidden = secrets_walk_visit_hidden,
	.eval = secrets_eval,
	.free = secrets_free,
	.share = secrets_share,
	.shared_stream = secrets_stream,
	.shared_free = shared_free,
};
