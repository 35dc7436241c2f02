/*
 * sudoers.c -- the `sudoers` probe: Defaults options, NOPASSWD rules and
 * `!authenticate` in the target's sudo policy.
 *
 * We read /etc/sudoers as sudo does (sudoers(5), its lexer toke.l): a
 * backslash at the end of a line (blanks may follow) continues it as white
 * space; `#` outside double quotes starts a comment that ends the line,
 * unless it is a uid (`#1000`) or begins `#include`/`#includedir` at the
 * start of a line; a blank or comment line ends a continued one;
 * `#include FILE`,
 * `@include FILE` (relative to the including file's directory) and
 * `#includedir DIR`/`@includedir DIR` (every file of DIR whose name
 * neither ends in `~` nor contains a `.`, in name order) nest up to
 * limits->include_depth, and a cycle is an error.
 *
 * `Defaults` lines set options, left to right and file after file, so the
 * last setting wins. `Defaults:user`, `Defaults@host`, `Defaults!cmnd` and
 * `Defaults>runas` apply only to some sessions: they do not count as the
 * global setting CIS asks for (they are still shown as evidence), but a
 * scoped `!authenticate` still lets someone run commands without a
 * password, so that query counts every scope.
 *
 * A user specification granting NOPASSWD (anywhere in its tag list) is
 * reported line by line; `allow:` names users or %groups whose rules are
 * accepted. An include we cannot read (FIFO, too big) is `error`; one
 * that does not exist is skipped with a note, as sudo does.
 */
#include "config.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "assay/expect.h"
#include "assay/dropin.h"
#include "assay/lines.h"
#include "assay/probe.h"
#include "assay/strbuf.h"
#include "assay/util.h"
#include "assay/xmem.h"

#define SUDOERS_PATH	"/etc/sudoers"
/* The include chain kept for cycle checks; include_depth is lower. */
#define SUDOERS_CHAIN	64

enum sudo_query {
	SQ_DEFAULTS,
	SQ_NOPASSWD,
	SQ_AUTHENTICATE,
};

static const char *const sudo_queries[] = {
	"defaults", "nopasswd", "authenticate", NULL
};

struct sudo_state {
	int		 query;
	char		*option;
	struct expect	*expect;
	struct strlist	 allow;
	enum status	 missing;
};

static const char *const sudo_keys[] = {
	"query", "option", "expect", "allow", "missing", NULL
};

static void
sudo_free(void *state)
{
	struct sudo_state *s = state;

	if (s == NULL)
		return;
	free(s->option);
	expect_free(s->expect);
	strlist_release(&s->allow);
	free(s);
}

/* KEY may only be given with query QUERY. */
static int
only_with(const struct ynode *args, const char *key, const char *query,
    const struct sudo_state *s, int q, struct diag *d)
{
	const struct ynode *n = ynode_get(args, key);

	if (n == NULL || s->query == q)
		return 0;
	diag_add(d, &n->at, "%s: only used with query: %s", key, query);
	return -1;
}

static int
parse_option(const struct ynode *args, const struct limits *lim,
    struct sudo_state *s, struct diag *d)
{
	const struct ynode *n = probe_require(args, "option", "sudoers", d);
	const struct ynode *e = ynode_get(args, "expect");
	const char *t;

	if (n == NULL || ynode_str(n, "option", &t, d) != 0)
		return -1;
	if (t[0] == '\0' || strspn(t, "abcdefghijklmnopqrstuvwxyz"
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZ_0123456789") != strlen(t)) {
		diag_add(d, &n->at, "option: expected a sudoers option name "
		    "like use_pty, got %s", ynode_show(n));
		return -1;
	}
	s->option = xstrdup(t);
	if (e != NULL && (s->expect = expect_compile(e, lim, d)) == NULL)
		return -1;
	return 0;
}

static int
sudo_parse(const struct ynode *args, const struct limits *lim,
    struct sudo_state *s, struct diag *d)
{
	const struct ynode *q = probe_require(args, "query", "sudoers", d);

	if (q == NULL ||
	    probe_parse_enum(q, "query", sudo_queries, &s->query, d) != 0)
		return -1;
	if (only_with(args, "option", "defaults", s, SQ_DEFAULTS, d) != 0 ||
	    only_with(args, "expect", "defaults", s, SQ_DEFAULTS, d) != 0 ||
	    only_with(args, "allow", "nopasswd", s, SQ_NOPASSWD, d) != 0)
		return -1;
	if (s->query == SQ_DEFAULTS && parse_option(args, lim, s, d) != 0)
		return -1;
	if (probe_parse_strlist(ynode_get(args, "allow"), "allow", &s->allow,
	    d) != 0)
		return -1;
	return probe_parse_missing(ynode_get(args, "missing"), &s->missing, d);
}

static int
sudo_compile(const struct ynode *args, const struct limits *lim,
    void **statep, struct diag *d)
{
	struct sudo_state *s = xcalloc(1, sizeof(*s));

	if (ynode_check_keys(args, "sudoers", sudo_keys, d) != 0 ||
	    sudo_parse(args, lim, s, d) != 0) {
		sudo_free(s);
		return -1;
	}
	*statep = s;
	return 0;
}

/*
 * Reading the policy.
 */

/* One option setting of a Defaults line. */
struct setting {
	char		*name;
	bool		 negated;
	char		*value;		/* NULL for a bare flag */
	bool		 global;
	char		*text;		/* the whole Defaults line */
	char		*path;
	unsigned	 line;
};

/* One user specification with NOPASSWD. */
struct nopw {
	char		*users;
	char		*text;
	char		*path;
	unsigned	 line;
};

struct policy {
	struct setting	*set;
	size_t		 nset;
	size_t		 capset;
	struct nopw	*nopw;
	size_t		 nnopw;
	size_t		 capnopw;
	size_t		 files;
	const char	*chain[SUDOERS_CHAIN];
	unsigned	 depth;
	struct target	*t;
	const struct limits *lim;
	struct evlist	*ev;
	enum status	 st;
};

static void
policy_release(struct policy *p)
{
	for (size_t i = 0; i < p->nset; i++) {
		free(p->set[i].name);
		free(p->set[i].value);
		free(p->set[i].text);
		free(p->set[i].path);
	}
	free(p->set);
	for (size_t i = 0; i < p->nnopw; i++) {
		free(p->nopw[i].users);
		free(p->nopw[i].text);
		free(p->nopw[i].path);
	}
	free(p->nopw);
}

static void read_file(struct policy *p, const char *path, const char *from,
    unsigned fromline);

/* Split [S, S+LEN) at commas outside double quotes; calls FN per item. */
static void
split_commas(const char *s, size_t len,
    void (*fn)(const char *, size_t, void *), void *arg)
{
	bool quoted = false;
	size_t start = 0;

	for (size_t i = 0; i <= len; i++) {
		if (i < len && s[i] == '\\' && i + 1 < len) {
			i++;
			continue;
		}
		if (i < len && s[i] == '"')
			quoted = !quoted;
		if (i == len || (s[i] == ',' && !quoted)) {
			fn(s + start, i - start, arg);
			start = i + 1;
		}
	}
}

/* A quoted or bare value, unescaped. */
static char *
unquote_value(const char *v, size_t len)
{
	struct strbuf b = STRBUF_INIT;

	if (len >= 2 && v[0] == '"' && v[len - 1] == '"') {
		v++;
		len -= 2;
	}
	for (size_t i = 0; i < len; i++) {
		if (v[i] == '\\' && i + 1 < len)
			i++;
		(void)strbuf_addch(&b, v[i]);
	}
	return strbuf_detach(&b);
}

struct defctx {
	struct policy	*p;
	bool		 global;
	const char	*text;
	const char	*path;
	unsigned	 line;
};

static void
add_setting(const char *item, size_t len, void *arg)
{
	struct defctx *c = arg;
	struct setting *st;
	bool neg = false;
	size_t n;

	trim_span(&item, &len);
	while (len > 0 && *item == '!') {
		neg = !neg;
		item++;
		len--;
	}
	for (n = 0; n < len && (isalnum((unsigned char)item[n]) ||
	    item[n] == '_'); n++)
		;
	if (n == 0)
		return;
	xgrow((void **)&c->p->set, &c->p->capset, c->p->nset + 1,
	    sizeof(*c->p->set));
	st = &c->p->set[c->p->nset++];
	st->name = xstrndup(item, n);
	st->negated = neg;
	item += n;
	len -= n;
	trim_span(&item, &len);
	if (len > 0 && (*item == '+' || *item == '-')) {
		item++;
		len--;
	}
	st->value = NULL;
	if (len > 0 && *item == '=') {
		item++;
		len--;
		trim_span(&item, &len);
		st->value = unquote_value(item, len);
	}
	st->global = c->global;
	st->text = xstrdup(c->text);
	st->path = xstrdup(c->path);
	st->line = c->line;
}

/* LINE starts with "Defaults". */
static void
parse_defaults(struct policy *p, const char *line, const char *path,
    unsigned lineno)
{
	const char *q = line + 8;
	struct defctx c = { p, true, line, path, lineno };

	if (*q == ':' || *q == '@' || *q == '!' || *q == '>') {
		c.global = false;
		q += strcspn(q, " \t");
	}
	split_commas(q, strlen(q), add_setting, &c);
}

/* Does the user specification LINE carry a NOPASSWD tag? */
static bool
has_nopasswd(const char *line)
{
	const char *p = line;

	/* Bounded by the length of LINE. */
	while ((p = strstr(p, "NOPASSWD:")) != NULL) {
		if (p == line || !(isalnum((unsigned char)p[-1]) ||
		    p[-1] == '_'))
			return true;
		p++;
	}
	return false;
}

static void
add_nopw(struct policy *p, const char *line, const char *path,
    unsigned lineno)
{
	struct nopw *n;
	size_t ulen = strcspn(line, " \t");

	xgrow((void **)&p->nopw, &p->capnopw, p->nnopw + 1,
	    sizeof(*p->nopw));
	n = &p->nopw[p->nnopw++];
	n->users = xstrndup(line, ulen);
	n->text = xstrdup(line);
	n->path = xstrdup(path);
	n->line = lineno;
}

/* The directive LINE starts with, or NULL: "include" or "includedir". */
static const char *
directive(const char *line, const char **argp)
{
	static const char *const words[] = { "includedir", "include", NULL };

	if (line[0] != '#' && line[0] != '@')
		return NULL;
	for (size_t i = 0; words[i] != NULL; i++) {
		size_t n = strlen(words[i]);

		if (strncmp(line + 1, words[i], n) == 0 &&
		    (line[n + 1] == ' ' || line[n + 1] == '\t')) {
			*argp = line + n + 1;
			return words[i];
		}
	}
	return NULL;
}

/* The absolute path an include argument ARG names, seen from FROM. */
static char *
include_path(const char *arg, const char *from)
{
	size_t len = strlen(arg);
	char *name;
	char *dir;
	char *joined;
	char *path;

	trim_span(&arg, &len);
	name = unquote_value(arg, len);
	dir = path_dirname(from);
	joined = name[0] == '/' ? xstrdup(name) : path_join(dir, name);
	/* normalized, so a cycle through "../x" is still seen */
	path = path_normalize(joined);
	free(joined);
	free(dir);
	free(name);
	return path;
}

static void
read_dir(struct policy *p, const char *dir, const char *from,
    unsigned fromline)
{
	struct strlist names = STRLIST_INIT;
	enum fs_rc rc = target_list(p->t, dir, &names);
	char *path;

	if (rc == FS_ENOENT || rc == FS_ENOTDIR) {
		evlist_add_violation(p->ev, from, fromline,
		    "includedir %s does not exist", dir);
	} else if (rc != FS_OK) {
		evlist_add_violation(p->ev, from, fromline,
		    "%s:%u: cannot list %s: %s", from, fromline, dir,
		    probe_fs_reason(rc));
		p->st = ST_ERROR;
	}
	for (size_t i = 0; i < names.n; i++) {
		if (!dropin_reads(DROPIN_SUDOERS, names.v[i]))
			continue;
		path = path_join(dir, names.v[i]);
		read_file(p, path, from, fromline);
		free(path);
	}
	strlist_release(&names);
}

static bool
starts_word(const char *line, const char *word)
{
	size_t n = strlen(word);

	return strncmp(line, word, n) == 0 &&
	    !(isalnum((unsigned char)line[n]) || line[n] == '_');
}

static bool
is_alias(const char *line)
{
	static const char *const kinds[] = { "User_Alias", "Runas_Alias",
		"Host_Alias", "Cmnd_Alias", "Cmd_Alias", NULL };

	for (size_t i = 0; kinds[i] != NULL; i++)
		if (starts_word(line, kinds[i]))
			return true;
	return false;
}

/* One logical line: comment cut, trimmed, not blank. */
static void
parse_line(struct policy *p, const char *line, const char *path,
    unsigned lineno)
{
	const char *arg;
	const char *what = directive(line, &arg);
	char *target;

	if (what != NULL) {
		target = include_path(arg, path);
		if (what[7] == 'd')
			read_dir(p, target, path, lineno);
		else
			read_file(p, target, path, lineno);
		free(target);
		return;
	}
	if (is_alias(line))
		return;
	if (starts_word(line, "Defaults"))
		parse_defaults(p, line, path, lineno);
	else if (has_nopasswd(line))
		add_nopw(p, line, path, lineno);
}

/* The `#include` or `#includedir` that starts physical line [S, S +
 * LEN), followed by a blank: its length, or 0. sudo's lexer anchors them
 * at the start of the line; indented, they are comments. */
static size_t
hash_directive(const char *s, size_t len)
{
	static const char *const words[] = { "#includedir", "#include", NULL };

	for (size_t i = 0; words[i] != NULL; i++) {
		size_t n = strlen(words[i]);

		if (len > n && memcmp(s, words[i], n) == 0 &&
		    (s[n] == ' ' || s[n] == '\t'))
			return n;
	}
	return 0;
}

/* Is [S, S + LEN) the number of a uid or gid after '#' ("1000", "-1")? */
static bool
is_id(const char *s, size_t len)
{
	if (len > 1 && s[0] == '-')
		s++;
	return len > 0 && isdigit((unsigned char)s[0]);
}

/* Where the comment of a physical line starts, as sudo's lexer (toke.l,
 * sudo 1.9) finds it: a '#' outside double quotes, not escaped by a
 * backslash, that is not a uid (`#1000`, `#-1`) nor the start of an
 * include directive (whose argument may still carry a comment). */
static size_t
sudoers_comment(const char *s, size_t len)
{
	bool quoted = false;

	for (size_t i = hash_directive(s, len); i < len; i++) {
		if (s[i] == '\\' && i + 1 < len)
			i++;
		else if (s[i] == '"')
			quoted = !quoted;
		else if (s[i] == '#' && !quoted && !is_id(s + i + 1,
		    len - i - 1))
			return i;
	}
	return len;
}

/* sudoers(5) as toke.l reads it: a backslash ending a line, blanks
 * allowed after it, is white space joining the next line; a comment runs
 * to the end of its line, and a backslash in it continues nothing; a
 * blank or comment line ends a continued line. */
static const struct lines_syntax sudoers_syntax = {
	LINES_JOIN_BLANK, sudoers_comment, false
};

static void
parse_lines(struct policy *p, struct lines *r, const char *path)
{
	while (lines_next(r))
		parse_line(p, r->line, path, r->lineno);
}

static bool
in_chain(const struct policy *p, const char *path)
{
	for (unsigned i = 0; i < p->depth; i++)
		if (strcmp(p->chain[i], path) == 0)
			return true;
	return false;
}

/* Read PATH, included from FROM:FROMLINE (FROM NULL: the main file). */
static void
read_file(struct policy *p, const char *path, const char *from,
    unsigned fromline)
{
	struct lines r;
	enum fs_rc rc;

	if (in_chain(p, path) || p->depth > p->lim->include_depth ||
	    p->depth >= SUDOERS_CHAIN) {
		evlist_add_violation(p->ev, from, fromline, "%s:%u: %s %s",
		    from, fromline, in_chain(p, path) ? "include cycle through"
		    : "includes nested too deep at", path);
		p->st = ST_ERROR;
		return;
	}
	rc = lines_read(&r, p->t, path, &sudoers_syntax);
	if (rc == FS_OK) {
		p->files++;
		p->chain[p->depth++] = path;
		parse_lines(p, &r, path);
		p->depth--;
	} else if ((rc == FS_ENOENT || rc == FS_ENOTDIR) && from != NULL) {
		evlist_add_violation(p->ev, from, fromline, "included file %s "
		    "does not exist (skipped, as sudo does)", path);
	} else {
		p->st = status_all(p->st, probe_read_error(p->t, p->ev,
		    path, rc));
	}
	lines_release(&r);
}

/*
 * Verdicts.
 */

static enum status
judge_setting(const struct sudo_state *s, const struct setting *st,
    struct evlist *ev)
{
	const char *value = st->negated ? NULL :
	    st->value != NULL ? st->value : "true";
	struct evidence *e;
	bool ok;

	if (s->expect == NULL)
		ok = value != NULL;
	else
		ok = value != NULL && expect_test(s->expect, value);
	e = evlist_add_violation(ev, st->path, st->line, "%s %s: %s", ok ?
	    "set by" : "wrong setting in", st->text, st->negated ? "turned off"
	    : value);
	evidence_set_values(e, s->expect != NULL ?
	    expect_describe(s->expect) : "set", st->negated ? "off" : value);
	return ok ? ST_PASS : ST_FAIL;
}

static enum status
eval_defaults(const struct sudo_state *s, const struct policy *p,
    struct evlist *ev)
{
	const struct setting *last = NULL;
	struct evidence *e;

	for (size_t i = 0; i < p->nset; i++) {
		const struct setting *st = &p->set[i];

		if (strcmp(st->name, s->option) != 0)
			continue;
		if (st->global)
			last = st;
		else
			evlist_add_violation(ev, st->path, st->line,
			    "scoped, not global: %s", st->text);
	}
	if (last != NULL)
		return judge_setting(s, last, ev);
	e = evlist_add_violation(ev, SUDOERS_PATH, 0, "%s is not set by a "
	    "global Defaults line (%zu files read)", s->option, p->files);
	evidence_set_values(e, s->expect != NULL ?
	    expect_describe(s->expect) : "set", NULL);
	return ST_FAIL;
}

/* Is every user of the comma list USERS in ALLOW? */
static bool
all_allowed(const struct strlist *allow, const char *users)
{
	char *copy = xstrdup(users);
	bool ok = true;
	char *save = NULL;

	for (char *u = strtok_r(copy, ",", &save); u != NULL && ok;
	    u = strtok_r(NULL, ",", &save))
		ok = strlist_has(allow, u);
	free(copy);
	return ok;
}

static enum status
eval_nopasswd(const struct sudo_state *s, const struct policy *p,
    struct evlist *ev)
{
	enum status st = ST_PASS;
	struct evidence *e;

	for (size_t i = 0; i < p->nnopw; i++) {
		const struct nopw *n = &p->nopw[i];

		if (all_allowed(&s->allow, n->users)) {
			evlist_add_violation(ev, n->path, n->line,
			    "allowed NOPASSWD for %s: %s", n->users, n->text);
			continue;
		}
		e = evlist_add_violation(ev, n->path, n->line,
		    "NOPASSWD for %s: %s", n->users, n->text);
		evidence_set_values(e, "a password", n->text);
		st = ST_FAIL;
	}
	if (p->nnopw == 0)
		evlist_add_violation(ev, SUDOERS_PATH, 0, "no rule grants "
		    "NOPASSWD (%zu files read)", p->files);
	return st;
}

static enum status
eval_authenticate(const struct policy *p, struct evlist *ev)
{
	enum status st = ST_PASS;
	struct evidence *e;

	for (size_t i = 0; i < p->nset; i++) {
		const struct setting *set = &p->set[i];

		if (strcmp(set->name, "authenticate") != 0 || !set->negated)
			continue;
		e = evlist_add_violation(ev, set->path, set->line,
		    "authentication turned off: %s", set->text);
		evidence_set_values(e, "authenticate", set->text);
		st = ST_FAIL;
	}
	if (st == ST_PASS)
		evlist_add_violation(ev, SUDOERS_PATH, 0, "no Defaults line "
		    "turns off authenticate (%zu files read)", p->files);
	return st;
}

static enum status
sudo_eval(void *state, struct probe_env *env, struct evlist *ev)
{
	const struct sudo_state *s = state;
	struct policy p;
	struct fsnode n;
	enum status st;

	memset(&p, 0, sizeof(p));
	p.t = env->target;
	p.lim = env->lim;
	p.ev = ev;
	p.st = ST_PASS;
	if (target_lookup(env->target, SUDOERS_PATH, true, &n) == FS_ENOENT)
		return probe_missing(ev, SUDOERS_PATH, s->missing);
	read_file(&p, SUDOERS_PATH, NULL, 0);
	if (p.st != ST_PASS)
		st = p.st;
	else if (s->query == SQ_DEFAULTS)
		st = eval_defaults(s, &p, ev);
	else if (s->query == SQ_NOPASSWD)
		st = eval_nopasswd(s, &p, ev);
	else
		st = eval_authenticate(&p, ev);
	policy_release(&p);
	return st;
}

const struct probe_ops probe_sudoers = {
	.name = "sudoers",
	.summary = "Defaults options, NOPASSWD rules and !authenticate in "
	    "the sudo policy",
	.compile = sudo_compile,
	.eval = sudo_eval,
	.free = sudo_free,
};
