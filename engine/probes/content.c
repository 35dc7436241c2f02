/*
 * content.c -- the `content` probe: pcre2 patterns that some line of a
 * file must match (`matches`) or that no line may match (`not_matches`).
 *
 * Matching is line by line, so the evidence can name path:line and show
 * the line, which is what an auditor checks by eye. Files are read whole
 * through the fs view (capped by the read limit: a bigger file is an
 * `error`, never a silently truncated pass); bytes are not decoded, so a
 * binary file is just long lines. Line text in evidence is cut at
 * CONTENT_SHOW bytes and otherwise kept raw: reporters escape it.
 *
 * With a glob, `matches` needs one matching file (every file with
 * `all_files: true`) and `not_matches` must hold in every file; statuses
 * combine like the `any` and `all` combinators, so a file we could not
 * read turns a verdict into `error` only when it could have changed it.
 *
 * With `hidden: true`, files that earlier image layers hold but later ones
 * delete or replace (a private key "removed" in a later RUN, still in the
 * tarball) are also judged by `not_matches`: they can only add findings,
 * never satisfy `matches`, so the verdict on the running filesystem is
 * not confused. The evaluator lists them once for all probes
 * (walk_visit_hidden); their lines are read with target_read_hidden()
 * and each finding names the layer and the step that created it. An
 * image keeps content only for the paths the profile reads (within a
 * budget): a hidden file whose content was not kept is reported by name
 * and layer and the verdict is `error` (not checked), never a pass that
 * pretends it was.
 * The option is off by default: a base layer's /etc/pam.d/common-auth
 * with `nullok`, fixed by a later layer, is not a finding.
 */
#include "config.h"

#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>

#include "assay/probe.h"
#include "assay/rx.h"
#include "assay/util.h"
#include "assay/xmem.h"

/* Bytes of a line shown in evidence. */
#define CONTENT_SHOW	200

/* A file a later image layer hides that PATH names. */
struct hidden_file {
	char		*path;
	int		 layer;
	uint64_t	 size;
};

struct content_args {
	char		*path;
	char		*prefix;	/* directory PATH's matches lie under */
	bool		 is_glob;
	bool		 hidden;	/* also judge hidden files */
	/* hidden files, reset by walk_begin; at most lim->glob_max kept */
	bool		 walked;
	struct hidden_file *hv;
	size_t		 hn;
	size_t		 hcap;
	size_t		 htotal;
	size_t		 hmax;
	struct rx	*match;
	struct rx	*not_match;
	char		*match_q;	/* quoted patterns for evidence */
	char		*not_match_q;
	bool		 all_files;
	int		 read_by;	/* enum dropin_reader, or -1 */
	enum status	 missing;
};

static void
hidden_reset(struct content_args *a)
{
	for (size_t i = 0; i < a->hn; i++)
		free(a->hv[i].path);
	free(a->hv);
	a->hv = NULL;
	a->hn = 0;
	a->hcap = 0;
	a->htotal = 0;
	a->walked = false;
}

static void
content_free(void *state)
{
	struct content_args *a = state;

	if (a == NULL)
		return;
	hidden_reset(a);
	free(a->path);
	free(a->prefix);
	rx_free(a->match);
	rx_free(a->not_match);
	free(a->match_q);
	free(a->not_match_q);
	free(a);
}

static const char *const content_keys[] = {
	"path", "matches", "not_matches", "nocase", "all_files", "missing",
	"hidden", "read_by", NULL
};

static int
parse_rx(const struct ynode *n, const char *key, unsigned flags,
    const struct limits *lim, struct rx **rxp, char **quotedp,
    struct diag *d)
{
	const char *s;

	if (ynode_str(n, key, &s, d) != 0)
		return -1;
	*rxp = rx_compile(s, flags, key, &n->at, lim, d);
	if (*rxp == NULL)
		return -1;
	*quotedp = diag_quote_raw(s, CONTENT_SHOW);	/* as written */
	return 0;
}

static int
parse_path(const struct ynode *args, struct content_args *a, struct diag *d)
{
	const struct ynode *n = probe_require(args, "path", "content", d);
	const char *s;

	if (n == NULL || ynode_str(n, "path", &s, d) != 0)
		return -1;
	if (s[0] != '/') {
		diag_add(d, &n->at, "path: expected an absolute path, got %s",
		    ynode_show(n));
		return -1;
	}
	a->path = xstrdup(s);
	a->is_glob = has_glob_meta(s);
	return 0;
}

/* The directory above PATH's first wildcard component ("/home" for
 * "/home/ * /.ssh/id_rsa"), or PATH itself without one. Malloc'd. */
static char *
literal_prefix(const char *path)
{
	const char *meta = strpbrk(path, "*?[");
	size_t n;

	if (meta == NULL)
		return xstrdup(path);
	n = (size_t)(meta - path);
	while (n > 0 && path[n - 1] != '/')
		n--;
	/* keep "/" for a wildcard in the first component */
	return xstrndup(path, n > 1 ? n - 1 : 1);
}

static int
parse_hidden(const struct ynode *args, struct content_args *a,
    struct diag *d)
{
	const struct ynode *n = ynode_get(args, "hidden");

	if (n == NULL)
		return 0;
	if (ynode_bool(n, "hidden", &a->hidden, d) != 0)
		return -1;
	if (a->hidden && a->not_match == NULL) {
		diag_add(d, &n->at, "hidden: needs not_matches (a file a "
		    "later layer hides can only add findings)");
		return -1;
	}
	if (a->hidden)
		a->prefix = literal_prefix(a->path);
	return 0;
}

static int
content_parse(const struct ynode *args, const struct limits *lim,
    struct content_args *a, struct diag *d)
{
	const struct ynode *n;
	const struct ynode *m = ynode_get(args, "matches");
	const struct ynode *nm = ynode_get(args, "not_matches");
	bool nocase = false;
	unsigned flags;
	int rc = parse_path(args, a, d);

	if ((n = ynode_get(args, "nocase")) != NULL &&
	    ynode_bool(n, "nocase", &nocase, d) != 0)
		rc = -1;
	flags = nocase ? RX_CASELESS : 0;
	if (m == NULL && nm == NULL) {
		diag_add(d, &args->at, "missing required key \"matches\" or "
		    "\"not_matches\" in content");
		rc = -1;
	}
	if (m != NULL && parse_rx(m, "matches", flags, lim, &a->match,
	    &a->match_q, d) != 0)
		rc = -1;
	if (nm != NULL && parse_rx(nm, "not_matches", flags, lim,
	    &a->not_match, &a->not_match_q, d) != 0)
		rc = -1;
	if ((n = ynode_get(args, "all_files")) != NULL &&
	    ynode_bool(n, "all_files", &a->all_files, d) != 0)
		rc = -1;
	if (probe_parse_missing(ynode_get(args, "missing"), &a->missing,
	    d) != 0)
		rc = -1;
	if (rc == 0 && parse_hidden(args, a, d) != 0)
		rc = -1;
	if (probe_parse_read_by(ynode_get(args, "read_by"), &a->read_by,
	    d) != 0)
		rc = -1;
	return rc;
}

static int
content_compile(const struct ynode *args, const struct limits *lim,
    void **statep, struct diag *d)
{
	struct content_args *a = xcalloc(1, sizeof(*a));

	if (ynode_check_keys(args, "content", content_keys, d) != 0 ||
	    content_parse(args, lim, a, d) != 0) {
		content_free(a);
		return -1;
	}
	*statep = a;
	return 0;
}

/* The file or glob eval reads: an image keeps its content. */
static void
content_paths(const void *state, struct strlist *globs)
{
	const struct content_args *a = state;

	strlist_add(globs, a->path);
}

static const char *
content_walk_begin(void *state, struct probe_env *env)
{
	struct content_args *a = state;

	hidden_reset(a);
	if (!a->hidden)
		return NULL;
	a->walked = true;
	a->hmax = env->lim->glob_max;
	return a->prefix;
}

/* A file a later layer hides: keep it when PATH names it (as
 * target_glob would: wildcards match no leading dot). */
static void
content_walk_visit_hidden(void *state, const char *path,
    const struct fsnode *n)
{
	struct content_args *a = state;
	struct hidden_file *h;

	if (!a->walked || n->type != FS_REG)
		return;
	if (a->is_glob ? fnmatch(a->path, path, FNM_PATHNAME |
	    FNM_PERIOD) != 0 : strcmp(a->path, path) != 0)
		return;
	if (a->htotal++ >= a->hmax)
		return;
	xgrow((void **)&a->hv, &a->hcap, a->hn + 1, sizeof(*a->hv));
	h = &a->hv[a->hn++];
	h->path = xstrdup(path);
	h->layer = n->layer;
	h->size = n->size;
}

/* LINE cut to CONTENT_SHOW bytes (not inside a UTF-8 sequence), with
 * "..." when cut. Malloc'd; raw bytes otherwise. */
static char *
show_line(const char *line, size_t len)
{
	size_t n = len;

	if (n <= CONTENT_SHOW)
		return xstrndup(line, n);
	n = CONTENT_SHOW;
	/* Back off a continuation byte or three, no more: binary junk may
	 * be all continuation bytes. */
	for (int k = 0; k < 3 && ((unsigned char)line[n] & 0xc0) == 0x80;
	    k++)
		n--;
	return xasprintf("%.*s...", (int)n, line);
}

/* Evidence for a regex that could not finish on a line. */
static void
rx_failed(struct evlist *ev, const char *path, unsigned lineno,
    const char *quoted, enum rx_rc rc)
{
	evlist_add_violation(ev, path, lineno, "regex %s %s at line %u", quoted,
	    rc == RX_ELIMIT ? "hit the match limit" : "failed", lineno);
}

/* Verdicts of one file. NOTE, when not NULL, starts every message
 * (where a hidden file came from). */
struct scan {
	enum status	match;		/* of `matches` */
	enum status	not_match;	/* of `not_matches` */
	unsigned	lines;
	const char	*note;
};

static void
scan_line(const struct content_args *a, const char *path, const char *line,
    size_t len, unsigned lineno, struct scan *s, struct evlist *ev)
{
	enum rx_rc rc;
	struct evidence *e;
	char *shown;

	if (a->match != NULL && s->match != ST_PASS) {
		rc = rx_match(a->match, line, len, false, NULL, NULL);
		if (rc == RX_MATCH) {
			shown = show_line(line, len);
			/* as wanted: context */
			e = evlist_add_context(ev, path, lineno,
			    "matches %s: %s", a->match_q, shown);
			evidence_set_values(e, NULL, shown);
			free(shown);
			s->match = ST_PASS;
		} else if (rc != RX_NOMATCH) {
			rx_failed(ev, path, lineno, a->match_q, rc);
			s->match = ST_ERROR;
		}
	}
	if (a->not_match == NULL)
		return;
	rc = rx_match(a->not_match, line, len, false, NULL, NULL);
	if (rc == RX_MATCH) {
		shown = show_line(line, len);
		e = evlist_add_violation(ev, path, lineno,
		    "%s%sforbidden %s matches: %s", s->note != NULL ? s->note :
		    "", s->note != NULL ? "; " : "", a->not_match_q, shown);
		evidence_set_values(e, "no line matching", shown);
		free(shown);
		s->not_match = ST_FAIL;
	} else if (rc != RX_NOMATCH) {
		rx_failed(ev, path, lineno, a->not_match_q, rc);
		s->not_match = status_all(s->not_match, ST_ERROR);
	}
}

static void
scan_file(const struct content_args *a, const char *path,
    const struct strbuf *buf, struct scan *s, struct evlist *ev)
{
	size_t pos = 0;
	const char *line;
	size_t len;
	struct evidence *e;
	char *found;

	s->match = ST_FAIL;
	s->not_match = ST_PASS;
	s->lines = 0;
	/* Lines are bounded by the read limit. */
	while (next_line(buf->buf, buf->len, &pos, &line, &len, &s->lines)) {
		scan_line(a, path, line, len, s->lines, s, ev);
		/* not_matches reports every offending line: read them all */
		if (a->not_match == NULL && s->match == ST_PASS)
			break;
	}
	if (a->match != NULL && s->match == ST_FAIL) {
		found = xasprintf("no match in %u lines", s->lines);
		e = evlist_add_violation(ev, path, 0,
		    "no line of %s matches %s", path, a->match_q);
		evidence_set_values(e, "a line matching", found);
		free(found);
	}
	if (a->not_match != NULL && s->not_match == ST_PASS)
		/* compliant: context */
		evlist_add_context(ev, path, 0, "%s%sno line of %s matches "
		    "forbidden %s (%u lines)", s->note != NULL ? s->note : "",
		    s->note != NULL ? "; " : "", path, a->not_match_q,
		    s->lines);
}

/* Totals over the files. */
struct tally {
	enum status	match;
	enum status	not_match;
	size_t		read;		/* files read */
	bool		errors;		/* files that could not be read */
};

/* Fold one file's verdicts into T: `matches` as `any` (or `all` with
 * all_files), `not_matches` as `all`. */
static void
tally_add(const struct content_args *a, struct tally *t, enum status m,
    enum status nm)
{
	t->match = a->all_files ? status_all(t->match, m) :
	    status_any(t->match, m);
	t->not_match = status_all(t->not_match, nm);
}

static void
read_one(const struct content_args *a, struct probe_env *env,
    const char *path, struct tally *t, struct evlist *ev)
{
	struct strbuf buf = STRBUF_INIT;
	enum fs_rc rc = target_read(env->target, path, 0, &buf);
	struct scan s = { .note = NULL };

	if (rc == FS_OK) {
		scan_file(a, path, &buf, &s, ev);
		tally_add(a, t, s.match, s.not_match);
		t->read++;
	} else if (rc == FS_ETOOBIG) {
		evlist_add_violation(ev, path, 0, "cannot read %s: file is "
		    "larger than the read limit (%zu bytes)", path,
		    env->lim->read_max);
		tally_add(a, t, ST_ERROR, ST_ERROR);
		t->errors = true;
	} else if (rc != FS_ENOENT && rc != FS_ENOTDIR) {
		(void)probe_read_error(env->target, ev, path, rc);
		tally_add(a, t, ST_ERROR, ST_ERROR);
		t->errors = true;
	}
	/* else: absent, or a dangling link a glob matched */
	strbuf_release(&buf);
}

/* Judge one hidden file by `not_matches` alone (what a later layer hid
 * cannot satisfy `matches`): its lines, when the image kept its content
 * (it does for the paths the profile reads, within the budget); else an
 * error that says so (it turns a pass into `error`, never a fail into
 * one). */
static void
judge_hidden(const struct content_args *a, struct probe_env *env,
    const struct hidden_file *h, struct tally *t, struct evlist *ev)
{
	struct fsnode now;
	bool replaced = target_lookup(env->target, h->path, false, &now) ==
	    FS_OK;
	char *step = probe_layer_step(env->target, h->layer);
	char *head = xasprintf("present in layer %d%s%s%s, %s by a later "
	    "layer \u2014 still shipped in the image", h->layer,
	    step[0] != '\0' ? " (created by: " : "", step,
	    step[0] != '\0' ? ")" : "", replaced ? "replaced" : "deleted");
	struct strbuf buf = STRBUF_INIT;
	enum fs_rc rc = target_read_hidden(env->target, h->path, h->layer, 0,
	    &buf);
	struct content_args only_not = *a;
	struct scan s = { .note = head };
	size_t first = ev->n;

	only_not.match = NULL;
	if (h->size == 0) {
		evlist_add_context(ev, h->path, 0, "%s; empty, so no line "
		    "matches forbidden %s", head, a->not_match_q);
		tally_add(a, t, ST_NOTAPPLICABLE, ST_PASS);
	} else if (rc == FS_OK) {
		scan_file(&only_not, h->path, &buf, &s, ev);
		tally_add(a, t, ST_NOTAPPLICABLE, s.not_match);
	} else {
		evlist_add_violation(ev, h->path, 0, "%s; %s, so forbidden %s "
		    "was not checked on it", head, rc == FS_ETOOBIG ?
		    "it is larger than the read limit" : "its content was not "
		    "retained from the image", a->not_match_q);
		tally_add(a, t, ST_NOTAPPLICABLE, ST_ERROR);
		t->errors = true;
	}
	for (size_t i = first; i < ev->n; i++)
		evidence_set_layer(&ev->v[i], h->layer, step, true);
	strbuf_release(&buf);
	free(head);
	free(step);
}

static void
judge_all_hidden(const struct content_args *a, struct probe_env *env,
    struct tally *t, struct evlist *ev)
{
	for (size_t i = 0; i < a->hn; i++)
		judge_hidden(a, env, &a->hv[i], t, ev);
	if (a->htotal > a->hn) {
		evlist_add_violation(ev, a->path, 0, "%zu more files matching "
		    "%s are hidden by later layers and were not checked",
		    a->htotal - a->hn, a->path);
		tally_add(a, t, ST_NOTAPPLICABLE, ST_ERROR);
		t->errors = true;
	}
}

static enum status
content_eval(void *state, struct probe_env *env, struct evlist *ev)
{
	const struct content_args *a = state;
	struct strlist paths = STRLIST_INIT;
	struct tally t = { ST_NOTAPPLICABLE, ST_NOTAPPLICABLE, 0, false };
	struct tally th = t;		/* of the hidden files */
	enum fs_rc rc = FS_OK;
	enum status st;

	if (a->is_glob)
		rc = target_glob(env->target, a->path, &paths);
	else
		strlist_add(&paths, a->path);
	if (rc != FS_OK) {
		evlist_add_violation(ev, a->path, 0, "cannot expand %s: %s",
		    a->path, probe_fs_reason(rc));
		strlist_release(&paths);
		return ST_ERROR;
	}
	probe_filter_read_by(a->read_by, &paths, ev);
	for (size_t i = 0; i < paths.n; i++)
		read_one(a, env, paths.v[i], &t, ev);
	strlist_release(&paths);
	/* the running filesystem's verdict (`missing` when it has no such
	 * file), then what the layers hide, which can only add findings */
	judge_all_hidden(a, env, &th, ev);
	if (t.read == 0 && !t.errors) {
		st = probe_missing(ev, a->path, a->missing);
	} else {
		st = ST_NOTAPPLICABLE;
		if (a->match != NULL)
			st = status_all(st, t.match);
		if (a->not_match != NULL)
			st = status_all(st, t.not_match);
	}
	if (th.not_match != ST_NOTAPPLICABLE)
		st = status_all(st, th.not_match);
	return st;
}

const struct probe_ops probe_content = {
	.name = "content",
	.summary = "lines of a file must (or must not) match a pcre2 pattern",
	.compile = content_compile,
	.walk_begin = content_walk_begin,
	.walk_visit_hidden = content_walk_visit_hidden,
	.eval = content_eval,
	.free = content_free,
	.paths = content_paths,
};
