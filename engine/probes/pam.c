/*
 * pam.c -- the `pam` probe: a module line in a PAM service stack, and the
 * arguments it must (or must not) carry.
 *
 * CIS and the STIG ask for pam_unix without `nullok`, pam_faillock with
 * `deny` at most 4, pam_pwhistory with `remember`... Each is a question
 * about the lines of /etc/pam.d/SERVICE as libpam assembles them
 * (pam.conf(5)): `[-]type control module-path args`, where the control is
 * a word or a `[value=action ...]` bracket, an argument may be bracketed
 * to hold blanks, a backslash at the end of a line (blanks may follow it)
 * continues it, and `#` anywhere starts a comment that ends the line
 * (blank and comment lines inside a continued line are passed over, as
 * _pam_assemble_line() does). `@include NAME` pulls in all of another file, and a
 * control of `include` or `substack` pulls in the lines of one type; both
 * nest up to limits->include_depth, with cycles reported. A leading `-`
 * (skip if the module is missing) does not change the type.
 *
 * Every matching line must satisfy the argument tests, and (unless
 * `expect_present: false`, which asks that no line match) at least one
 * must exist. A line we cannot make sense of, or an include we cannot
 * read, is `error`: guessing at an authentication stack is how a scanner
 * passes a system that accepts empty passwords.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "assay/expect.h"
#include "assay/lines.h"
#include "assay/probe.h"
#include "assay/strbuf.h"
#include "assay/util.h"
#include "assay/xmem.h"

#define PAM_DIR		"/etc/pam.d"
/* Tokens of one line: a module with more arguments is not a real one. */
#define PAM_TOKENS	128

static const char *const pam_types[] = {
	"auth", "account", "password", "session", NULL
};

struct pam_state {
	char		*service;
	char		*module;
	int		 type;		/* index in pam_types, -1: any */
	char		*control;	/* NULL: any */
	struct strlist	 args;
	struct strlist	 not_args;
	char		*av_name;	/* arg_value */
	struct expect	*av_expect;
	bool		 expect_present;
	enum status	 missing;
};

static const char *const pam_keys[] = {
	"service", "module", "type", "control", "arg", "not_arg",
	"arg_value", "expect_present", "missing", NULL
};

static void
pam_free(void *state)
{
	struct pam_state *s = state;

	if (s == NULL)
		return;
	free(s->service);
	free(s->module);
	free(s->control);
	strlist_release(&s->args);
	strlist_release(&s->not_args);
	free(s->av_name);
	expect_free(s->av_expect);
	free(s);
}

/* A required plain name (no blanks; no slash when NOSLASH). */
static int
parse_name(const struct ynode *args, const char *key, bool noslash,
    char **out, struct diag *d)
{
	const struct ynode *n = probe_require(args, key, "pam", d);
	const char *t;

	if (n == NULL || ynode_str(n, key, &t, d) != 0)
		return -1;
	if (t[0] == '\0' || strpbrk(t, noslash ? " \t/" : " \t") != NULL) {
		diag_add(d, &n->at, "%s: expected a %s name, got %s", key,
		    noslash ? "service" : "module", ynode_show(n));
		return -1;
	}
	*out = xstrdup(t);
	return 0;
}

static int
parse_arg_value(const struct ynode *n, const struct limits *lim,
    struct pam_state *s, struct diag *d)
{
	static const char *const keys[] = { "name", "expect", NULL };
	const struct ynode *name;
	const struct ynode *e;
	const char *t;

	if (ynode_check_keys(n, "arg_value", keys, d) != 0)
		return -1;
	name = probe_require(n, "name", "arg_value", d);
	e = probe_require(n, "expect", "arg_value", d);
	if (name == NULL || e == NULL || ynode_str(name, "name", &t, d) != 0)
		return -1;
	s->av_name = xstrdup(t);
	s->av_expect = expect_compile(e, lim, d);
	return s->av_expect != NULL ? 0 : -1;
}

/* Argument tests make no sense when no line may match. */
static int
check_absent_form(const struct ynode *args, struct diag *d)
{
	static const char *const tests[] = { "arg", "not_arg", "arg_value",
		NULL };
	const struct ynode *n;

	for (size_t i = 0; tests[i] != NULL; i++)
		if ((n = ynode_get(args, tests[i])) != NULL) {
			diag_add(d, &n->at, "%s: cannot be used with "
			    "expect_present: false", tests[i]);
			return -1;
		}
	return 0;
}

static int
pam_parse(const struct ynode *args, const struct limits *lim,
    struct pam_state *s, struct diag *d)
{
	const struct ynode *n;
	const char *t;

	s->type = -1;
	s->expect_present = true;
	if (parse_name(args, "service", true, &s->service, d) != 0 ||
	    parse_name(args, "module", false, &s->module, d) != 0)
		return -1;
	if ((n = ynode_get(args, "type")) != NULL &&
	    probe_parse_enum(n, "type", pam_types, &s->type, d) != 0)
		return -1;
	if ((n = ynode_get(args, "control")) != NULL) {
		if (ynode_str(n, "control", &t, d) != 0)
			return -1;
		s->control = xstrdup(t);
	}
	if (probe_parse_strlist(ynode_get(args, "arg"), "arg", &s->args,
	    d) != 0 || probe_parse_strlist(ynode_get(args, "not_arg"),
	    "not_arg", &s->not_args, d) != 0)
		return -1;
	if ((n = ynode_get(args, "arg_value")) != NULL &&
	    parse_arg_value(n, lim, s, d) != 0)
		return -1;
	n = ynode_get(args, "expect_present");
	if (n != NULL && ynode_bool(n, "expect_present", &s->expect_present,
	    d) != 0)
		return -1;
	if (!s->expect_present && check_absent_form(args, d) != 0)
		return -1;
	return probe_parse_missing(ynode_get(args, "missing"), &s->missing, d);
}

static int
pam_compile(const struct ynode *args, const struct limits *lim,
    void **statep, struct diag *d)
{
	struct pam_state *s = xcalloc(1, sizeof(*s));

	if (ynode_check_keys(args, "pam", pam_keys, d) != 0 ||
	    pam_parse(args, lim, s, d) != 0) {
		pam_free(s);
		return -1;
	}
	*statep = s;
	return 0;
}

/*
 * Reading a stack.
 */

struct pam_line {
	int		 type;
	char		*text;		/* the line as read, for evidence */
	char		*control;
	char		*module;
	struct strlist	 args;
	char		*path;
	unsigned	 line;
};

struct stack {
	struct pam_line	*v;
	size_t		 n;
	size_t		 cap;
	const char	*files[64];	/* include chain, for cycles */
	unsigned	 depth;
	struct target	*t;
	const struct limits *lim;
	struct evlist	*ev;
	enum status	 st;		/* ST_ERROR once something failed */
};

static void
stack_release(struct stack *sk)
{
	for (size_t i = 0; i < sk->n; i++) {
		free(sk->v[i].text);
		free(sk->v[i].control);
		free(sk->v[i].module);
		strlist_release(&sk->v[i].args);
		free(sk->v[i].path);
	}
	free(sk->v);
}

/* The bracketed token at *P (on its `[`) into a malloc'd "[...]", with
 * `\]` kept as `]`; *P moves past the `]`. NULL when it is not closed. */
static char *
bracket_token(const char **pp)
{
	struct strbuf b = STRBUF_INIT;
	const char *p = *pp;

	(void)strbuf_addch(&b, '[');
	for (p++; *p != '\0' && *p != ']'; p++) {
		if (p[0] == '\\' && p[1] == ']')
			p++;
		(void)strbuf_addch(&b, *p);
	}
	if (*p != ']') {
		strbuf_release(&b);
		return NULL;
	}
	(void)strbuf_addch(&b, ']');
	*pp = p + 1;
	return strbuf_detach(&b);
}

/* Split a PAM line: blanks separate tokens; `[...]` is one token.
 * Returns the count (at most PAM_TOKENS, malloc'd into TOK), or -1 on an
 * unclosed bracket. */
static int
tokenize(const char *p, char **tok)
{
	int n = 0;

	while (n < PAM_TOKENS) {
		size_t len;

		p += strspn(p, " \t");
		if (*p == '\0')
			break;
		if (*p == '[') {
			tok[n] = bracket_token(&p);
			if (tok[n] == NULL) {
				for (int i = 0; i < n; i++)
					free(tok[i]);
				return -1;
			}
			n++;
			continue;
		}
		len = strcspn(p, " \t");
		tok[n++] = xstrndup(p, len);
		p += len;
	}
	return n;
}

static int
type_index(const char *w)
{
	for (int i = 0; pam_types[i] != NULL; i++)
		if (strcmp(w, pam_types[i]) == 0)
			return i;
	return -1;
}

static void read_stack(struct stack *sk, const char *name, int filter,
    const char *from, unsigned fromline);

static void
bad_line(struct stack *sk, const char *path, unsigned lineno,
    const char *why)
{
	evlist_add_violation(sk->ev, path, lineno, "%s:%u: malformed line: %s",
	    path, lineno, why);
	sk->st = ST_ERROR;
}

static void
add_line(struct stack *sk, int type, char **tok, int n, const char *path,
    unsigned lineno)
{
	struct strbuf text = STRBUF_INIT;
	struct pam_line *l;

	for (int i = 0; i < n; i++)
		(void)strbuf_addf(&text, "%s%s", i > 0 ? " " : "", tok[i]);
	xgrow((void **)&sk->v, &sk->cap, sk->n + 1, sizeof(*sk->v));
	l = &sk->v[sk->n++];
	memset(l, 0, sizeof(*l));
	l->type = type;
	l->text = strbuf_detach(&text);
	l->control = xstrdup(tok[1]);
	l->module = xstrdup(tok[2]);
	for (int i = 3; i < n; i++)
		strlist_add(&l->args, tok[i]);
	l->path = xstrdup(path);
	l->line = lineno;
}

/* One logical line (comments cut, continuations joined, not blank). */
static void
parse_line(struct stack *sk, const char *text, int filter, const char *path,
    unsigned lineno)
{
	char *tok[PAM_TOKENS];
	int n = tokenize(text, tok);
	int type;

	if (n < 0) {
		bad_line(sk, path, lineno, "an unclosed \"[\"");
		return;
	}
	if (n == 2 && strcmp(tok[0], "@include") == 0) {
		read_stack(sk, tok[1], filter, path, lineno);
	} else if (n < 3) {
		bad_line(sk, path, lineno, "expected type, control and module");
	} else if ((type = type_index(tok[0] + (tok[0][0] == '-'))) < 0) {
		bad_line(sk, path, lineno, "unknown type");
	} else if (filter >= 0 && type != filter) {
		/* not part of the included type */
	} else if (strcmp(tok[1], "include") == 0 ||
	    strcmp(tok[1], "substack") == 0) {
		read_stack(sk, tok[2], type, path, lineno);
	} else {
		add_line(sk, type, tok, n, path, lineno);
	}
	for (int i = 0; i < n; i++)
		free(tok[i]);
}

static bool
in_chain(const struct stack *sk, const char *path)
{
	for (unsigned i = 0; i < sk->depth; i++)
		if (strcmp(sk->files[i], path) == 0)
			return true;
	return false;
}

/* Lines as Linux-PAM's _pam_assemble_line() (libpam/pam_handlers.c,
 * Linux-PAM 1.5) reads them: a '#' anywhere starts a comment that ends
 * the line; a blank or comment-only line is passed over, even inside a
 * continued line; a backslash ending a line, blanks after it allowed,
 * becomes a blank and the next line goes on. */
static const struct lines_syntax pam_syntax = {
	LINES_JOIN_BLANK, lines_comment_hash, true
};

/* Read NAME (relative to /etc/pam.d), keeping lines of type FILTER (-1:
 * all). FROM:FROMLINE included it (FROM is NULL for the service). */
static void
read_stack(struct stack *sk, const char *name, int filter,
    const char *from, unsigned fromline)
{
	char *joined = name[0] == '/' ? xstrdup(name) : path_join(PAM_DIR,
	    name);
	/* normalized, so a cycle through "../pam.d/x" is still seen */
	char *path = path_normalize(joined);
	struct lines r;
	enum fs_rc rc;

	free(joined);

	if (in_chain(sk, path) || sk->depth > sk->lim->include_depth ||
	    sk->depth >= sizeof(sk->files) / sizeof(sk->files[0])) {
		evlist_add_violation(sk->ev, from, fromline, "%s:%u: %s %s",
		    from, fromline, in_chain(sk, path) ? "include cycle through"
		    : "includes nested too deep at", path);
		sk->st = ST_ERROR;
		free(path);
		return;
	}
	rc = lines_read(&r, sk->t, path, &pam_syntax);
	if (rc == FS_OK) {
		sk->files[sk->depth++] = path;
		while (lines_next(&r))
			parse_line(sk, r.line, filter, path, r.lineno);
		sk->depth--;
	} else if (from != NULL) {
		evlist_add_violation(sk->ev, from, fromline,
		    "%s:%u: cannot include %s: %s", from, fromline, path,
		    probe_fs_reason(rc));
		sk->st = ST_ERROR;
	} else if (rc != FS_ENOENT && rc != FS_ENOTDIR) {
		sk->st = probe_read_error(sk->t, sk->ev, path, rc);
	}
	lines_release(&r);
	free(path);
}

/*
 * Verdicts.
 */

/* Is WANT among ARGS (`name` matches `name` and `name=...`; `k=v` only
 * itself)? */
static bool
has_arg(const struct strlist *args, const char *want)
{
	size_t n = strlen(want);

	for (size_t i = 0; i < args->n; i++) {
		const char *a = args->v[i];

		if (strcmp(a, want) == 0 || (strchr(want, '=') == NULL &&
		    strncmp(a, want, n) == 0 && a[n] == '='))
			return true;
	}
	return false;
}

/* The value of the last NAME=VALUE in ARGS, or NULL. */
static const char *
last_value(const struct strlist *args, const char *name)
{
	size_t n = strlen(name);

	for (size_t i = args->n; i > 0; i--)
		if (strncmp(args->v[i - 1], name, n) == 0 &&
		    args->v[i - 1][n] == '=')
			return args->v[i - 1] + n + 1;
	return NULL;
}

static bool
module_matches(const struct pam_state *s, const struct pam_line *l)
{
	const char *base = strrchr(l->module, '/');

	if (strchr(s->module, '/') != NULL || base == NULL)
		return strcmp(l->module, s->module) == 0;
	return strcmp(base + 1, s->module) == 0;
}

static bool
line_selected(const struct pam_state *s, const struct pam_line *l)
{
	return module_matches(s, l) && (s->type < 0 || l->type == s->type) &&
	    (s->control == NULL || strcmp(l->control, s->control) == 0);
}

/* Append to WHY each argument test L fails. */
static void
arg_problems(const struct pam_state *s, const struct pam_line *l,
    struct strbuf *why)
{
	const char *v;

	for (size_t i = 0; i < s->args.n; i++)
		if (!has_arg(&l->args, s->args.v[i]))
			(void)strbuf_addf(why, "; lacks %s", s->args.v[i]);
	for (size_t i = 0; i < s->not_args.n; i++)
		if (has_arg(&l->args, s->not_args.v[i]))
			(void)strbuf_addf(why, "; has %s", s->not_args.v[i]);
	if (s->av_name == NULL)
		return;
	v = last_value(&l->args, s->av_name);
	if (v == NULL)
		(void)strbuf_addf(why, "; no %s=", s->av_name);
	else if (!expect_test(s->av_expect, v))
		(void)strbuf_addf(why, "; %s=%s, not %s", s->av_name, v,
		    expect_describe(s->av_expect));
}

static enum status
judge_line(const struct pam_state *s, const struct pam_line *l,
    struct evlist *ev)
{
	struct strbuf why = STRBUF_INIT;
	struct evidence *e;
	enum status st = ST_PASS;

	if (!s->expect_present) {
		e = evlist_add_violation(ev, l->path, l->line,
		    "forbidden module: %s", l->text);
		evidence_set_values(e, "no such line", l->text);
		return ST_FAIL;
	}
	arg_problems(s, l, &why);
	if (why.len == 0) {
		/* a compliant line explains a failure elsewhere */
		evlist_add_context(ev, l->path, l->line, "%s", l->text);
	} else {
		e = evlist_add_violation(ev, l->path, l->line, "%s: %s",
		    l->text, why.buf + 2);
		evidence_set_values(e, NULL, l->text);
		st = ST_FAIL;
	}
	strbuf_release(&why);
	return st;
}

static enum status
judge_stack(const struct pam_state *s, const struct stack *sk,
    const char *path, struct evlist *ev)
{
	enum status st = ST_PASS;
	size_t found = 0;
	struct evidence *e;

	for (size_t i = 0; i < sk->n; i++)
		if (line_selected(s, &sk->v[i])) {
			found++;
			st = status_all(st, judge_line(s, &sk->v[i], ev));
		}
	if (found > 0)
		return st;
	e = evlist_add_violation(ev, path, 0, "no %s%sline for %s in %s",
	    s->type >= 0 ? pam_types[s->type] : "", s->type >= 0 ? " " : "",
	    s->module, path);
	evidence_set_values(e, s->expect_present ? "a line" : "no line",
	    "none");
	return s->expect_present ? ST_FAIL : ST_PASS;
}

static enum status
pam_eval(void *state, struct probe_env *env, struct evlist *ev)
{
	const struct pam_state *s = state;
	struct stack sk;
	char *path = path_join(PAM_DIR, s->service);
	struct fsnode n;
	enum fs_rc rc;
	enum status st;

	memset(&sk, 0, sizeof(sk));
	sk.t = env->target;
	sk.lim = env->lim;
	sk.ev = ev;
	sk.st = ST_PASS;
	rc = target_lookup(env->target, path, true, &n);
	if (rc == FS_ENOENT || rc == FS_ENOTDIR) {
		st = probe_missing(ev, path, s->missing);
	} else {
		read_stack(&sk, s->service, -1, NULL, 0);
		st = sk.st != ST_PASS ? sk.st : judge_stack(s, &sk, path, ev);
	}
	stack_release(&sk);
	free(path);
	return st;
}

const struct probe_ops probe_pam = {
	.name = "pam",
	.summary = "a module line of a PAM service and its arguments",
	.compile = pam_compile,
	.eval = pam_eval,
	.free = pam_free,
};
