/*
 * sysctl.c -- the `sysctl` probe: the value a kernel parameter gets at
 * boot from the target's static configuration.
 *
 * Which files, in which order, is what the program that applies them at
 * boot reads. A target "has systemd" when /lib/systemd/systemd-sysctl or
 * /usr/lib/systemd/systemd-sysctl is a file: systemd-sysctl.service then
 * applies the configuration, else procps' `sysctl --system` (Debian's
 * procps init script) does.
 *
 * systemd-sysctl (systemd 252, sysctl.d(5)): files named *.conf in
 * /etc/sysctl.d, /run/sysctl.d, /usr/local/lib/sysctl.d, /usr/lib/sysctl.d
 * and /lib/sysctl.d; a name in an earlier directory masks the same name in
 * later ones (so /etc overrides a vendor file, and a symlink to /dev/null
 * or an empty file switches one off); all of them are read in order of
 * file name whatever their directory; the last assignment of a key wins.
 * A symlink is read as the file it points to (resolved inside the target
 * root) but sorts and masks by its own name. /etc/sysctl.conf is NOT read
 * by systemd-sysctl: Debian reaches it only through the
 * /etc/sysctl.d/99-sysctl.conf symlink, so without that link (or with the
 * link pointing elsewhere) its values are not applied.
 *
 * procps-ng `sysctl --system` (3.3.17, 4.0): the same directories, names
 * and masking, then /etc/sysctl.conf last (a 99-sysctl.conf link to it is
 * skipped, so it is not read twice).
 *
 * Lines are `key = value`; `#` and `;` start comments; a leading `-` only
 * says errors are ignored; keys may use `/` instead of `.`. A key holding a
 * glob (`net.ipv4.conf.*.rp_filter`) applies to every key it matches
 * unless the key has an assignment of its own, as in systemd. Values are
 * trimmed with inner white space collapsed, so "4096 87380  6291456"
 * compares as "4096 87380 6291456".
 *
 * Conflicts: the key set to different values by two explicit assignments
 * of the files applied is a failure even when the one applied last is
 * right, as the CIS audit procedure ("no conflicting settings") and SSG's
 * test scenarios have it; the evidence names every file and the effective
 * value. Pattern assignments take no part (CIS and SSG look for the key
 * itself).
 */
#include "config.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "assay/dropin.h"
#include "assay/expect.h"
#include "assay/probe.h"
#include "assay/strbuf.h"
#include "assay/util.h"
#include "assay/xmem.h"

#define SYSCTL_CONF	"/etc/sysctl.conf"

/* systemd-sysctl's path on Debian (/lib) and on merged-/usr systems. */
static const char *const sysctl_systemd_bins[] = {
	"/lib/systemd/systemd-sysctl",
	"/usr/lib/systemd/systemd-sysctl",
	NULL
};

/* In precedence order: an earlier directory masks a later one. */
static const char *const sysctl_dirs[] = {
	"/etc/sysctl.d",
	"/run/sysctl.d",
	"/usr/local/lib/sysctl.d",
	"/usr/lib/sysctl.d",
	"/lib/sysctl.d",
	NULL
};

struct sysctl_state {
	char		*key;		/* normalized: dots */
	struct expect	*expect;	/* NULL: being set is enough */
	enum status	 missing;
};

static const char *const sysctl_args[] = {
	"key", "expect", "missing", NULL
};

/* sysctl_normalize() of systemd: when the first separator is a slash, the
 * key is written with slashes, and dots inside it are part of names
 * ("net/ipv4/conf/eth0.1/rp_filter" is "net.ipv4.conf.eth0/1.rp_filter"). */
static char *
key_normalize(const char *s, size_t len)
{
	char *k = xstrndup(s, len);
	char *sep = strpbrk(k, "./");

	if (sep != NULL && *sep == '/')
		for (char *p = sep; *p != '\0'; p++) {
			if (*p == '/')
				*p = '.';
			else if (*p == '.')
				*p = '/';
		}
	return k;
}

static void sysctl_free(void *state);

static int
sysctl_compile_args(const struct ynode *args, const struct limits *lim,
    struct sysctl_state *st, struct diag *d)
{
	const struct ynode *key = probe_require(args, "key", "sysctl", d);
	const struct ynode *n;
	const char *s;

	if (key == NULL || ynode_str(key, "key", &s, d) != 0)
		return -1;
	while (*s == '/')
		s++;
	if (*s == '\0' || strpbrk(s, " \t=#;") != NULL) {
		diag_add(d, &key->at, "key: expected a sysctl name such as "
		    "kernel.randomize_va_space, got %s", ynode_show(key));
		return -1;
	}
	st->key = key_normalize(s, strlen(s));
	if (probe_parse_missing(ynode_get(args, "missing"), &st->missing,
	    d) != 0)
		return -1;
	if ((n = ynode_get(args, "expect")) != NULL &&
	    (st->expect = expect_compile(n, lim, d)) == NULL)
		return -1;
	return 0;
}

static int
sysctl_compile(const struct ynode *args, const struct limits *lim,
    void **statep, struct diag *d)
{
	struct sysctl_state *st;

	if (ynode_check_keys(args, "sysctl", sysctl_args, d) != 0)
		return -1;
	st = xcalloc(1, sizeof(*st));
	if (sysctl_compile_args(args, lim, st, d) != 0) {
		sysctl_free(st);
		return -1;
	}
	*statep = st;
	return 0;
}

static void
sysctl_free(void *state)
{
	struct sysctl_state *st = state;

	if (st == NULL)
		return;
	free(st->key);
	expect_free(st->expect);
	free(st);
}

/*
 * Which files, in which order.
 */

struct conf {
	char	*name;		/* basename: the sort and masking key */
	char	*path;
	char	*link;		/* the symlink's target, normalized; or NULL */
	bool	 skip;		/* masked, or (procps) an alias of sysctl.conf */
};

struct confs {
	struct conf	*v;
	size_t		 n;
	size_t		 cap;
};

static bool
conf_has(const struct confs *c, const char *name)
{
	for (size_t i = 0; i < c->n; i++)
		if (strcmp(c->v[i].name, name) == 0)
			return true;
	return false;
}

/* Whether T has systemd-sysctl (see the top of the file). */
static bool
has_systemd(struct target *t)
{
	struct fsnode n;

	for (size_t i = 0; sysctl_systemd_bins[i] != NULL; i++)
		if (target_lookup(t, sysctl_systemd_bins[i], true, &n) ==
		    FS_OK && n.type == FS_REG)
			return true;
	return false;
}

/* X->link: the normalized target of X->path when it is a symlink. A link
 * to /dev/null, an empty file or a device masks; under procps a link to
 * /etc/sysctl.conf is skipped because that file is read last anyway. */
static void
conf_classify(struct target *t, const char *dir, struct conf *x,
    bool systemd)
{
	struct strbuf link = STRBUF_INIT;
	struct fsnode n;
	bool skip = false;

	if (target_lookup(t, x->path, false, &n) == FS_OK &&
	    n.type == FS_LNK && target_readlink(t, x->path, &link) == FS_OK) {
		char *abs = link.buf[0] == '/' ? xstrdup(link.buf) :
		    path_join(dir, link.buf);

		x->link = path_normalize(abs);
		free(abs);
		skip = strcmp(x->link, "/dev/null") == 0 ||
		    (!systemd && strcmp(x->link, SYSCTL_CONF) == 0);
	}
	strbuf_release(&link);
	if (!skip && target_lookup(t, x->path, true, &n) == FS_OK)
		skip = n.type == FS_CHR || (n.type == FS_REG && n.size == 0);
	x->skip = skip;
}

static int
cmp_conf(const void *a, const void *b)
{
	return strcmp(((const struct conf *)a)->name,
	    ((const struct conf *)b)->name);
}

/* Collect the drop-ins of every directory, sorted by name. */
static enum status
confs_collect(struct target *t, const struct limits *lim, bool systemd,
    struct confs *c, struct evlist *ev)
{
	for (size_t d = 0; sysctl_dirs[d] != NULL; d++) {
		struct strlist names = STRLIST_INIT;
		enum fs_rc rc = target_list(t, sysctl_dirs[d], &names);

		if (rc == FS_ENOENT || rc == FS_ENOTDIR)
			continue;
		if (rc != FS_OK) {
			strlist_release(&names);
			return probe_read_error(t, ev, sysctl_dirs[d], rc);
		}
		for (size_t i = 0; i < names.n && c->n < lim->glob_max; i++) {
			struct conf *x;

			if (!dropin_reads(DROPIN_SYSCTL, names.v[i]) ||
			    conf_has(c, names.v[i]))
				continue;
			xgrow((void **)&c->v, &c->cap, c->n + 1,
			    sizeof(*c->v));
			x = &c->v[c->n++];
			x->name = xstrdup(names.v[i]);
			x->path = path_join(sysctl_dirs[d], names.v[i]);
			x->link = NULL;
			conf_classify(t, sysctl_dirs[d], x, systemd);
		}
		strlist_release(&names);
	}
	if (c->n > 1)
		qsort(c->v, c->n, sizeof(*c->v), cmp_conf);
	return ST_PASS;
}

static void
confs_release(struct confs *c)
{
	for (size_t i = 0; i < c->n; i++) {
		free(c->v[i].name);
		free(c->v[i].path);
		free(c->v[i].link);
	}
	free(c->v);
}

/*
 * Assignments.
 */

struct assign {
	char		*path;		/* as read: the sysctl.d entry */
	char		*via;		/* "" or " (a link to TARGET)" */
	unsigned	 line;
	char		*key;		/* as written, normalized */
	char		*value;
	bool		 glob;
};

struct assigns {
	struct assign	*v;
	size_t		 n;
	size_t		 cap;
};

/* Trimmed, runs of white space collapsed to one space. */
static char *
value_collapse(const char *s, size_t len)
{
	struct strbuf b = STRBUF_INIT;
	bool space = false;

	trim_span(&s, &len);
	strbuf_addstr(&b, "");
	for (size_t i = 0; i < len; i++) {
		if (isspace((unsigned char)s[i])) {
			space = true;
			continue;
		}
		if (space)
			strbuf_addch(&b, ' ');
		space = false;
		strbuf_addch(&b, s[i]);
	}
	return strbuf_detach(&b);
}

static void
parse_line(const struct sysctl_state *st, const char *path, const char *link,
    unsigned lineno, const char *line, size_t len, struct assigns *out)
{
	const char *eq;
	struct assign *a;
	char *key;
	size_t klen;
	bool glob;

	trim_span(&line, &len);
	if (len == 0 || line[0] == '#' || line[0] == ';')
		return;
	if (line[0] == '-') {
		line++;
		len--;
	}
	eq = memchr(line, '=', len);
	if (eq == NULL)
		return;		/* systemd: "not an assignment, ignoring" */
	klen = (size_t)(eq - line);
	trim_span(&line, &klen);
	key = key_normalize(line, klen);
	glob = has_glob_meta(key);
	if (strcmp(key, st->key) != 0 &&
	    !(glob && glob_match(key, st->key, false))) {
		free(key);
		return;
	}
	xgrow((void **)&out->v, &out->cap, out->n + 1, sizeof(*out->v));
	a = &out->v[out->n++];
	a->path = xstrdup(path);
	a->via = link != NULL ? xasprintf(" (a link to %s)", link) :
	    xstrdup("");
	a->line = lineno;
	a->key = key;
	a->value = value_collapse(eq + 1, len - (size_t)(eq + 1 - line));
	a->glob = glob;
}

/* Read PATH's assignments of the key. ENOENT (a dangling link) is
 * skipped, as systemd-sysctl does; other errors make the result an
 * error, since the file might have set the key. */
static enum status
read_conf(struct target *t, const struct sysctl_state *st, const char *path,
    const char *link, struct assigns *out, struct evlist *ev, size_t *nread)
{
	struct strbuf buf = STRBUF_INIT;
	enum fs_rc rc = target_read(t, path, 0, &buf);
	size_t pos = 0;
	unsigned lineno = 0;
	const char *line;
	size_t len;

	if (rc != FS_OK) {
		strbuf_release(&buf);
		return rc == FS_ENOENT ? ST_PASS :
		    probe_read_error(t, ev, path, rc);
	}
	(*nread)++;
	while (next_line(buf.buf, buf.len, &pos, &line, &len, &lineno))
		parse_line(st, path, link, lineno, line, len, out);
	strbuf_release(&buf);
	return ST_PASS;
}

static void
assigns_release(struct assigns *a)
{
	for (size_t i = 0; i < a->n; i++) {
		free(a->v[i].path);
		free(a->v[i].via);
		free(a->v[i].key);
		free(a->v[i].value);
	}
	free(a->v);
}

/* The winner: the last assignment of the key itself, else the last glob
 * matching it (systemd never lets a glob override an explicit entry). */
static size_t
pick_winner(const struct assigns *a)
{
	size_t win = a->n;

	for (size_t i = 0; i < a->n; i++)
		if (!a->v[i].glob)
			win = i;
	if (win == a->n && a->n > 0)
		win = a->n - 1;
	return win;
}

static enum status
report_missing(const struct sysctl_state *st, bool systemd, size_t nread,
    struct evlist *ev)
{
	const char *who = systemd ? "systemd-sysctl" : "sysctl --system";
	struct evidence *e;

	if (st->missing == ST_FAIL)
		e = evlist_add_violation(ev, NULL, 0, "%s is not set in any "
		    "sysctl configuration file %s reads (%zu read)", st->key,
		    who, nread);
	else
		e = evlist_add_violation(ev, NULL, 0, "%s is not set in any "
		    "sysctl configuration file %s reads (%zu read; missing: "
		    "%s)", st->key, who, nread, status_str(st->missing));
	if (st->expect != NULL)
		evidence_set_values(e, expect_describe(st->expect), NULL);
	return st->missing;
}

/* The first explicit assignment whose value differs from the winner's,
 * or A->n. */
static size_t
find_conflict(const struct assigns *a, size_t win)
{
	for (size_t i = 0; i < a->n; i++)
		if (i != win && !a->v[i].glob && !a->v[win].glob &&
		    strcmp(a->v[i].value, a->v[win].value) != 0)
			return i;
	return a->n;
}

static enum status
report(const struct sysctl_state *st, const struct assigns *a,
    struct evlist *ev)
{
	size_t win = pick_winner(a);
	const struct assign *w = &a->v[win];
	size_t clash = find_conflict(a, win);
	struct evidence *e;
	bool ok = st->expect == NULL || expect_test(st->expect, w->value);

	if (clash < a->n)
		e = evlist_add_violation(ev, w->path, w->line, "%s is set to "
		    "different values: the effective %s at %s:%u%s, and %s at "
		    "%s:%u%s (no conflicting settings allowed)", st->key,
		    w->value, w->path, w->line, w->via, a->v[clash].value,
		    a->v[clash].path, a->v[clash].line, a->v[clash].via);
	else if (w->glob)
		e = evlist_add_violation(ev, w->path, w->line, "%s = %s at "
		    "%s:%u%s (from the pattern %s; the last assignment wins)",
		    st->key, w->value, w->path, w->line, w->via, w->key);
	else
		e = evlist_add_violation(ev, w->path, w->line, "%s = %s at "
		    "%s:%u%s (the last assignment wins)", st->key, w->value,
		    w->path, w->line, w->via);
	evidence_set_values(e, st->expect != NULL ?
	    expect_describe(st->expect) : NULL, w->value);
	for (size_t i = 0; i < a->n; i++)
		if (i != win)
			evlist_add_violation(ev, a->v[i].path, a->v[i].line,
			    "overridden: %s = %s at %s:%u%s", a->v[i].key,
			    a->v[i].value, a->v[i].path, a->v[i].line,
			    a->v[i].via);
	return ok && clash == a->n ? ST_PASS : ST_FAIL;
}

static enum status
sysctl_eval(void *state, struct probe_env *env, struct evlist *ev)
{
	const struct sysctl_state *st = state;
	struct confs c = { NULL, 0, 0 };
	struct assigns a = { NULL, 0, 0 };
	size_t nread = 0;
	bool systemd = has_systemd(env->target);
	enum status s = confs_collect(env->target, env->lim, systemd, &c, ev);

	for (size_t i = 0; s == ST_PASS && i < c.n; i++)
		if (!c.v[i].skip)
			s = read_conf(env->target, st, c.v[i].path,
			    c.v[i].link, &a, ev, &nread);
	if (s == ST_PASS && !systemd)
		s = read_conf(env->target, st, SYSCTL_CONF, NULL, &a, ev,
		    &nread);
	if (s == ST_PASS)
		s = a.n > 0 ? report(st, &a, ev) :
		    report_missing(st, systemd, nread, ev);
	assigns_release(&a);
	confs_release(&c);
	return s;
}

const struct probe_ops probe_sysctl = {
	.name = "sysctl",
	.summary = "the boot-time value of a kernel parameter "
	    "(systemd-sysctl or sysctl --system precedence, last assignment "
	    "wins, conflicting assignments fail)",
	.compile = sysctl_compile,
	.eval = sysctl_eval,
	.free = sysctl_free,
};
