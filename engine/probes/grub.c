/*
 * grub.c -- the `grub` probe: kernel command-line arguments and the boot
 * loader password, from the target's GRUB configuration.
 *
 * Offline there is no /proc/cmdline, so we read what the next boot will
 * use, in two places (`source:`):
 *   - default: /etc/default/grub, then the *.cfg files of
 *     /etc/default/grub.d (sorted, as grub-mkconfig sources them): shell
 *     assignments of
 *     GRUB_CMDLINE_LINUX and GRUB_CMDLINE_LINUX_DEFAULT (the last
 *     assignment wins; `$GRUB_CMDLINE_LINUX` inside a value expands to the
 *     value so far, the common `GRUB_CMDLINE_LINUX="$GRUB_CMDLINE_LINUX
 *     audit=1"` drop-in idiom). Other lines are shell we do not run.
 *   - cfg: the generated /boot/grub/grub.cfg (/boot/grub2/grub.cfg on
 *     RHEL): every `linux`/`linux16`/`linuxefi` line must satisfy, since
 *     any menu entry may be booted.
 * With `both` (the default) each source that exists must satisfy; one
 * that does not exist is reported and skipped.
 *
 * The kernel takes the last of a repeated `name=value`, so `expect:` tests
 * the last occurrence; `any_value: true` is for arguments that really
 * repeat (console=tty0 console=ttyS0) and passes when any occurrence
 * satisfies.
 *
 * `query: password` looks for `set superusers=...` and a `password_pbkdf2`
 * line in grub.cfg, /etc/grub.d/01_users or /etc/grub.d/40_custom (the
 * files CIS points at). Password hashes never go into evidence.
 */
#include "config.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "assay/expect.h"
#include "assay/lines.h"
#include "assay/probe.h"
#include "assay/strbuf.h"
#include "assay/util.h"
#include "assay/xmem.h"

#define GRUB_DEFAULT	"/etc/default/grub"
#define GRUB_DEFAULT_D	"/etc/default/grub.d/*.cfg"
/* Words of one line we look at; a linux line rarely has 30 arguments. */
#define GRUB_WORDS	256

static const char *const grub_cfgs[] = {
	"/boot/grub/grub.cfg",
	"/boot/grub2/grub.cfg",
	NULL
};

static const char *const grub_pw_files[] = {
	"/etc/grub.d/01_users",
	"/etc/grub.d/40_custom",
	NULL
};

enum grub_source {
	GS_DEFAULT,
	GS_CFG,
	GS_BOTH,
};

static const char *const grub_sources[] = { "default", "cfg", "both",
	NULL };
static const char *const grub_queries[] = { "password", NULL };

struct grub_state {
	char		*arg;		/* NULL: query: password */
	struct expect	*expect;
	bool		 present;
	bool		 any_value;
	int		 source;
	enum status	 missing;
};

static const char *const grub_keys[] = {
	"arg", "expect", "present", "any_value", "source", "query",
	"missing", NULL
};

static void
grub_free(void *state)
{
	struct grub_state *s = state;

	if (s == NULL)
		return;
	free(s->arg);
	expect_free(s->expect);
	free(s);
}

static int
parse_arg_opts(const struct ynode *args, const struct limits *lim,
    struct grub_state *s, struct diag *d)
{
	const struct ynode *n;
	const struct ynode *e = ynode_get(args, "expect");

	s->present = true;
	s->source = GS_BOTH;
	if ((n = ynode_get(args, "present")) != NULL &&
	    ynode_bool(n, "present", &s->present, d) != 0)
		return -1;
	if ((n = ynode_get(args, "any_value")) != NULL &&
	    ynode_bool(n, "any_value", &s->any_value, d) != 0)
		return -1;
	if ((n = ynode_get(args, "source")) != NULL &&
	    probe_parse_enum(n, "source", grub_sources, &s->source, d) != 0)
		return -1;
	if (e != NULL && !s->present) {
		diag_add(d, &e->at, "expect: cannot be used with present: "
		    "false");
		return -1;
	}
	if (e != NULL && (s->expect = expect_compile(e, lim, d)) == NULL)
		return -1;
	return 0;
}

static int
parse_arg(const struct ynode *args, const struct ynode *a,
    const struct limits *lim, struct grub_state *s, struct diag *d)
{
	const char *t;

	if (ynode_str(a, "arg", &t, d) != 0)
		return -1;
	if (t[0] == '\0' || strpbrk(t, "= \t\"'") != NULL) {
		diag_add(d, &a->at, "arg: expected a kernel argument name "
		    "like audit, got %s", ynode_show(a));
		return -1;
	}
	s->arg = xstrdup(t);
	return parse_arg_opts(args, lim, s, d);
}

static int
parse_query(const struct ynode *args, const struct ynode *q,
    struct diag *d)
{
	static const char *const arg_only[] = { "expect", "present",
		"any_value", "source", NULL };
	const struct ynode *n;
	int i;

	if (probe_parse_enum(q, "query", grub_queries, &i, d) != 0)
		return -1;
	for (i = 0; arg_only[i] != NULL; i++)
		if ((n = ynode_get(args, arg_only[i])) != NULL) {
			diag_add(d, &n->at, "%s: only used with arg",
			    arg_only[i]);
			return -1;
		}
	return 0;
}

static int
grub_compile(const struct ynode *args, const struct limits *lim,
    void **statep, struct diag *d)
{
	struct grub_state *s = xcalloc(1, sizeof(*s));
	const struct ynode *a = ynode_get(args, "arg");
	const struct ynode *q = ynode_get(args, "query");
	int rc = ynode_check_keys(args, "grub", grub_keys, d);

	if (rc == 0 && a == NULL && q == NULL) {
		diag_add(d, &args->at, "missing required key \"arg\" or "
		    "\"query\" in grub");
		rc = -1;
	} else if (rc == 0 && a != NULL && q != NULL) {
		diag_add(d, &q->at, "query: cannot be used with arg");
		rc = -1;
	}
	if (rc == 0)
		rc = a != NULL ? parse_arg(args, a, lim, s, d) :
		    parse_query(args, q, d);
	if (rc == 0)
		rc = probe_parse_missing(ynode_get(args, "missing"),
		    &s->missing, d);
	if (rc != 0) {
		grub_free(s);
		return -1;
	}
	*statep = s;
	return 0;
}

/*
 * Judging a list of kernel arguments.
 */

struct words {
	char	*v[GRUB_WORDS];
	size_t	 n;
};

static void
words_release(struct words *w)
{
	for (size_t i = 0; i < w->n; i++)
		free(w->v[i]);
	w->n = 0;
}

/* The value of word W if it is ARG ("" for a bare `quiet`), else NULL. */
static const char *
arg_value(const char *w, const char *arg)
{
	size_t n = strlen(arg);

	if (strncmp(w, arg, n) != 0)
		return NULL;
	if (w[n] == '\0')
		return "";
	return w[n] == '=' ? w + n + 1 : NULL;
}

/* Judge W[FIRST..] (WHAT says where they come from: "GRUB_CMDLINE_LINUX
 * in ..." or "linux line") with evidence at PATH:LINE. */
static enum status
judge(const struct grub_state *s, const struct words *w, size_t first,
    const char *path, unsigned line, struct evlist *ev)
{
	const char *last = NULL;
	bool any_ok = false;
	struct evidence *e;
	bool ok;

	for (size_t i = first; i < w->n; i++) {
		const char *v = arg_value(w->v[i], s->arg);

		if (v == NULL)
			continue;
		last = w->v[i];
		if (s->expect != NULL && expect_test(s->expect, v))
			any_ok = true;
	}
	if (!s->present) {
		e = evlist_add_violation(ev, path, line, last == NULL ?
		    "%s is not set" : "%s is set: %s", s->arg, last);
		evidence_set_values(e, "absent", last);
		return last == NULL ? ST_PASS : ST_FAIL;
	}
	if (last == NULL) {
		e = evlist_add_violation(ev, path, line, "%s is not set",
		    s->arg);
		evidence_set_values(e, s->expect != NULL ?
		    expect_describe(s->expect) : "present", NULL);
		return ST_FAIL;
	}
	if (s->expect == NULL) {
		evlist_add_violation(ev, path, line, "%s is set: %s", s->arg,
		    last);
		return ST_PASS;
	}
	ok = s->any_value ? any_ok :
	    expect_test(s->expect, arg_value(last, s->arg));
	e = evlist_add_violation(ev, path, line, "%s%s: %s%s", s->any_value ?
	    "some " : "", s->arg, ok ? "" : "not ",
	    expect_describe(s->expect));
	evidence_set_values(e, expect_describe(s->expect), last);
	return ok ? ST_PASS : ST_FAIL;
}

/* Split at blanks, honouring double quotes, at most GRUB_WORDS words. */
static void
split_words(const char *text, size_t len, struct words *w)
{
	w->n = split_fields(text, len, w->v, GRUB_WORDS);
}

/*
 * /etc/default/grub and grub.d.
 */

struct cmdvar {
	struct strbuf	 value;
	char		*path;
	unsigned	 line;
};

struct defaults {
	struct cmdvar	 cmdline;	/* GRUB_CMDLINE_LINUX */
	struct cmdvar	 dflt;		/* GRUB_CMDLINE_LINUX_DEFAULT */
	size_t		 files;		/* files read */
	enum status	 st;		/* ST_ERROR once one failed */
};

static void
defaults_release(struct defaults *df)
{
	strbuf_release(&df->cmdline.value);
	strbuf_release(&df->dflt.value);
	free(df->cmdline.path);
	free(df->dflt.path);
}

/* Expand $NAME / ${NAME} at *P (just past the `$`) into OUT. */
static void
expand_var(const struct defaults *df, const char **p, const char *end,
    struct strbuf *out)
{
	const char *s = *p;
	bool brace = s < end && *s == '{';
	size_t n;
	const struct cmdvar *v = NULL;

	s += brace;
	n = 0;
	while (s + n < end && (isalnum((unsigned char)s[n]) || s[n] == '_'))
		n++;
	if (n == 18 && strncmp(s, "GRUB_CMDLINE_LINUX", n) == 0)
		v = &df->cmdline;
	else if (n == 26 && strncmp(s, "GRUB_CMDLINE_LINUX_DEFAULT", n) == 0)
		v = &df->dflt;
	if (v == NULL || (brace && (s + n >= end || s[n] != '}'))) {
		strbuf_addch(out, '$');
		return;
	}
	(void)strbuf_add(out, v->value.buf != NULL ? v->value.buf : "",
	    v->value.len);
	*p = s + n + brace;
}

/* Shell-unquote the word at [P, END) into OUT; stops at an unquoted
 * blank. NULL, or what is wrong. */
static const char *
shell_word(const struct defaults *df, const char *p, const char *end,
    struct strbuf *out)
{
	char q = 0;

	while (p < end && (q != 0 || !isspace((unsigned char)*p))) {
		char c = *p++;

		if (q == '\'' && c != '\'')
			strbuf_addch(out, c);
		else if (c == '\'' && q != '"')
			q = q == 0 ? '\'' : 0;
		else if (c == '"')
			q = q == 0 ? '"' : 0;
		else if (c == '\\' && p < end)
			strbuf_addch(out, *p++);
		else if (c == '$')
			expand_var(df, &p, end, out);
		else
			strbuf_addch(out, c);
	}
	return q != 0 ? "an unterminated quote" : NULL;
}

static bool
has_prefix(const char *s, const char *end, const char *prefix)
{
	size_t n = strlen(prefix);

	return (size_t)(end - s) >= n && strncmp(s, prefix, n) == 0;
}

static void
default_line(struct defaults *df, const char *path, const char *line,
    size_t len, unsigned lineno, struct evlist *ev)
{
	const char *end = line + len;
	struct cmdvar *v;
	struct strbuf val = STRBUF_INIT;
	const char *why;

	if (has_prefix(line, end, "export ") ||
	    has_prefix(line, end, "export\t")) {
		line += 6;
		while (line < end && isspace((unsigned char)*line))
			line++;
	}
	if (has_prefix(line, end, "GRUB_CMDLINE_LINUX_DEFAULT=")) {
		v = &df->dflt;
		line += 27;
	} else if (has_prefix(line, end, "GRUB_CMDLINE_LINUX=")) {
		v = &df->cmdline;
		line += 19;
	} else {
		return;
	}
	why = shell_word(df, line, end, &val);
	if (why != NULL) {
		evlist_add_violation(ev, path, lineno,
		    "%s:%u: malformed assignment: %s", path, lineno, why);
		df->st = ST_ERROR;
	} else {
		strbuf_reset(&v->value);
		(void)strbuf_add(&v->value, val.buf != NULL ? val.buf : "",
		    val.len);
		free(v->path);
		v->path = xstrdup(path);
		v->line = lineno;
	}
	strbuf_release(&val);
}

/* /etc/default/grub is sourced by grub-mkconfig's sh: we read it a line
 * at a time (lines_simple: lines whose first non-blank is '#' skipped)
 * and take only the GRUB_CMDLINE_LINUX* assignments (default_line()).
 * TODO(#12): sh also joins a line ending in a backslash, which no stock
 * file does. */
static void
read_default(struct defaults *df, struct target *t, const char *path,
    struct evlist *ev)
{
	struct lines r;
	enum fs_rc rc = lines_read(&r, t, path, &lines_simple);

	if (rc != FS_OK && rc != FS_ENOENT)
		df->st = probe_read_error(t, ev, path, rc);
	if (rc == FS_OK)
		df->files++;
	while (lines_next(&r))
		default_line(df, path, r.line, r.linelen, r.lineno, ev);
	lines_release(&r);
}

/* One side of the argument check, where each variable was set. */
static void
note_var(const char *name, const struct cmdvar *v, struct evlist *ev)
{
	if (v->path != NULL)
		evlist_add_violation(ev, v->path, v->line, "%s=\"%s\"", name,
		    v->value.buf != NULL ? v->value.buf : "");
}

/* ST_NOTAPPLICABLE when there is no default file at all. */
static enum status
eval_default(const struct grub_state *s, struct target *t,
    struct evlist *ev)
{
	struct defaults df = { { STRBUF_INIT, NULL, 0 },
	    { STRBUF_INIT, NULL, 0 }, 0, ST_PASS };
	struct strlist cfgs = STRLIST_INIT;
	struct strbuf all = STRBUF_INIT;
	struct words w;
	enum status st;
	enum fs_rc rc;

	read_default(&df, t, GRUB_DEFAULT, ev);
	rc = target_glob(t, GRUB_DEFAULT_D, &cfgs);
	if (rc != FS_OK) {
		evlist_add_violation(ev, GRUB_DEFAULT_D, 0,
		    "cannot expand %s: %s", GRUB_DEFAULT_D,
		    probe_fs_reason(rc));
		df.st = ST_ERROR;
	}
	for (size_t i = 0; i < cfgs.n; i++)
		read_default(&df, t, cfgs.v[i], ev);
	strlist_release(&cfgs);
	if (df.files == 0 || df.st != ST_PASS) {
		st = df.files == 0 && df.st == ST_PASS ? ST_NOTAPPLICABLE :
		    df.st;
		defaults_release(&df);
		return st;
	}
	note_var("GRUB_CMDLINE_LINUX", &df.cmdline, ev);
	note_var("GRUB_CMDLINE_LINUX_DEFAULT", &df.dflt, ev);
	(void)strbuf_addf(&all, "%s %s", df.cmdline.value.buf != NULL ?
	    df.cmdline.value.buf : "", df.dflt.value.buf != NULL ?
	    df.dflt.value.buf : "");
	split_words(all.buf, all.len, &w);
	st = judge(s, &w, 0, df.dflt.path != NULL ? df.dflt.path :
	    df.cmdline.path != NULL ? df.cmdline.path : GRUB_DEFAULT, 0, ev);
	words_release(&w);
	strbuf_release(&all);
	defaults_release(&df);
	return st;
}

/*
 * /boot/grub/grub.cfg.
 */

/* GRUB script (the GRUB manual, "Shell-like scripting") has a command a
 * line, and '#' starting a word starts a comment; we judge only lines
 * whose first word is a command we know, so lines_simple (comment lines
 * skipped) is enough. TODO(#12): like sh, GRUB joins a line that ends in
 * a backslash; grub-mkconfig never writes one. */
static enum fs_rc
read_cfg(struct target *t, struct lines *r, const char **pathp)
{
	return lines_read_first(r, t, grub_cfgs, pathp, &lines_simple);
}

static bool
is_linux_cmd(const char *w)
{
	return strcmp(w, "linux") == 0 || strcmp(w, "linux16") == 0 ||
	    strcmp(w, "linuxefi") == 0;
}

/* ST_NOTAPPLICABLE when there is no grub.cfg. */
static enum status
eval_cfg(const struct grub_state *s, struct target *t, struct evlist *ev)
{
	struct lines r;
	const char *path;
	enum fs_rc rc = read_cfg(t, &r, &path);
	enum status st = ST_NOTAPPLICABLE;
	struct words w;

	if (rc != FS_OK && rc != FS_ENOENT)
		st = probe_read_error(t, ev, path, rc);
	while (lines_next(&r)) {
		split_words(r.line, r.linelen, &w);
		if (w.n > 0 && is_linux_cmd(w.v[0]))
			st = status_all(st, judge(s, &w, 2, path, r.lineno,
			    ev));
		words_release(&w);
	}
	if (rc == FS_OK && st == ST_NOTAPPLICABLE) {
		evlist_add_violation(ev, path, 0, "no linux line in %s", path);
		st = ST_ERROR;
	}
	lines_release(&r);
	return st;
}

/*
 * query: password.
 */

struct pwscan {
	bool	superusers;
	bool	pbkdf2;
	bool	plain;
	size_t	files;
};

static void
pw_line(struct pwscan *pw, const char *path, unsigned lineno,
    const struct words *w, struct evlist *ev)
{
	if (w->n >= 2 && strcmp(w->v[0], "set") == 0 &&
	    strncmp(w->v[1], "superusers=", 11) == 0 && w->v[1][11] != '\0') {
		pw->superusers = true;
		evlist_add_violation(ev, path, lineno, "set %s", w->v[1]);
	} else if (w->n >= 3 && strcmp(w->v[0], "password_pbkdf2") == 0) {
		pw->pbkdf2 = true;
		evlist_add_violation(ev, path, lineno, "password_pbkdf2 for %s "
		    "(a password hash)", w->v[1]);
	} else if (w->n >= 3 && strcmp(w->v[0], "password") == 0) {
		pw->plain = true;
		evlist_add_violation(ev, path, lineno,
		    "plain-text password for %s", w->v[1]);
	}
}

/* Scan the open file R (PATH) for password lines. */
static void
pw_lines(struct pwscan *pw, struct lines *r, const char *path,
    struct evlist *ev)
{
	struct words w;

	pw->files++;
	while (lines_next(r)) {
		split_words(r->line, r->linelen, &w);
		pw_line(pw, path, r->lineno, &w, ev);
		words_release(&w);
	}
}

static enum status
pw_file(struct pwscan *pw, struct target *t, const char *path,
    struct evlist *ev)
{
	struct lines r;
	enum fs_rc rc = lines_read(&r, t, path, &lines_simple);
	enum status st = ST_PASS;

	if (rc == FS_OK)
		pw_lines(pw, &r, path, ev);
	else if (rc != FS_ENOENT && rc != FS_ENOTDIR)
		st = probe_read_error(t, ev, path, rc);
	lines_release(&r);
	return st;
}

static enum status
eval_password(const struct grub_state *s, struct target *t,
    struct evlist *ev)
{
	struct pwscan pw = { false, false, false, 0 };
	struct lines r;
	const char *cfg;
	enum status st = ST_PASS;
	enum fs_rc rc = read_cfg(t, &r, &cfg);

	if (rc == FS_OK)
		pw_lines(&pw, &r, cfg, ev);
	else if (rc != FS_ENOENT)
		st = probe_read_error(t, ev, cfg, rc);
	lines_release(&r);
	for (size_t i = 0; grub_pw_files[i] != NULL; i++)
		st = status_all(st, pw_file(&pw, t, grub_pw_files[i],
		    ev));
	if (pw.files == 0 && st == ST_PASS) {
		evlist_add_violation(ev, cfg, 0, "no GRUB configuration: %s, "
		    "%s and %s do not exist", cfg, grub_pw_files[0],
		    grub_pw_files[1]);
		return s->missing;
	}
	if (!pw.superusers)
		evlist_add_violation(ev, cfg, 0, "no \"set superusers=\" line");
	if (!pw.pbkdf2)
		evlist_add_violation(ev, cfg, 0, "no password_pbkdf2 line");
	if (pw.plain)
		return ST_FAIL;
	/* A file we could not read might have held what is missing. */
	if (st == ST_ERROR || (pw.superusers && pw.pbkdf2))
		return st;
	return ST_FAIL;
}

static enum status
eval_arg(const struct grub_state *s, struct target *t, struct evlist *ev)
{
	enum status d = s->source != GS_CFG ? eval_default(s, t, ev) :
	    ST_NOTAPPLICABLE;
	enum status c = s->source != GS_DEFAULT ? eval_cfg(s, t, ev) :
	    ST_NOTAPPLICABLE;

	if (d == ST_NOTAPPLICABLE && c == ST_NOTAPPLICABLE) {
		if (s->source == GS_CFG)
			return probe_missing(ev, grub_cfgs[0], s->missing);
		if (s->source == GS_DEFAULT)
			return probe_missing(ev, GRUB_DEFAULT, s->missing);
		evlist_add_violation(ev, GRUB_DEFAULT, 0, "no GRUB "
		    "configuration: %s and %s do not exist", GRUB_DEFAULT,
		    grub_cfgs[0]);
		return s->missing;
	}
	if (s->source == GS_BOTH && d == ST_NOTAPPLICABLE)
		evlist_add_violation(ev, GRUB_DEFAULT, 0, "%s does not exist: "
		    "only grub.cfg checked", GRUB_DEFAULT);
	if (s->source == GS_BOTH && c == ST_NOTAPPLICABLE)
		evlist_add_violation(ev, grub_cfgs[0], 0,
		    "%s does not exist: only %s checked", grub_cfgs[0],
		    GRUB_DEFAULT);
	return status_all(d, c);
}

static enum status
grub_eval(void *state, struct probe_env *env, struct evlist *ev)
{
	const struct grub_state *s = state;

	if (s->arg == NULL)
		return eval_password(s, env->target, ev);
	return eval_arg(s, env->target, ev);
}

const struct probe_ops probe_grub = {
	.name = "grub",
	.summary = "kernel command-line arguments and the boot password in "
	    "the GRUB configuration",
	.compile = grub_compile,
	.eval = grub_eval,
	.free = grub_free,
};
