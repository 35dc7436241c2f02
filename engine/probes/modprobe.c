/*
 * modprobe.c -- the `modprobe` probe: is a kernel module kept from
 * loading by the target's modprobe.d configuration?
 *
 * CIS disables cramfs, udf, usb-storage ... with `install MOD /bin/false`
 * (RHEL-style guides also want `blacklist MOD`); Azure needs udf and vfat
 * NOT disabled. We read what kmod reads, modprobe.d(5): files named *.conf
 * in /etc/modprobe.d, /run/modprobe.d, /usr/local/lib/modprobe.d,
 * /usr/lib/modprobe.d and /lib/modprobe.d; a name in an earlier directory
 * masks the same name in a later one (a symlink to /dev/null switches one
 * off), and the files are read in order of name whatever their directory.
 * Lines end with a backslash to continue; `#` starts a comment line. For a
 * module, kmod runs the FIRST `install` command whose (glob) name matches,
 * so that is the effective one. `-` and `_` are the same in module names.
 *
 * A module counts as disabled when its effective install command is
 * /bin/false or /bin/true (also /usr/bin/, or bare `false`/`true`, as the
 * command goes through sh). `blacklist` lines only stop aliases from
 * autoloading; they are always reported as evidence.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "assay/dropin.h"
#include "assay/lines.h"
#include "assay/probe.h"
#include "assay/strbuf.h"
#include "assay/util.h"
#include "assay/xmem.h"

/* In precedence order: an earlier directory masks a later one. */
static const char *const modprobe_dirs[] = {
	"/etc/modprobe.d",
	"/run/modprobe.d",
	"/usr/local/lib/modprobe.d",
	"/usr/lib/modprobe.d",
	"/lib/modprobe.d",
	NULL
};

/* Commands that make `modprobe MOD` load nothing. */
static const char *const off_cmds[] = {
	"/bin/false", "/bin/true", "/usr/bin/false", "/usr/bin/true",
	"false", "true", NULL
};

struct modprobe_state {
	char	*module;		/* `-` turned into `_` */
	bool	 disabled;
	bool	 require_blacklist;
};

static const char *const modprobe_keys[] = {
	"module", "disabled", "require_blacklist", NULL
};

static void
modprobe_free(void *state)
{
	struct modprobe_state *s = state;

	if (s == NULL)
		return;
	free(s->module);
	free(s);
}

static void
underscores(char *s)
{
	for (; *s != '\0'; s++)
		if (*s == '-')
			*s = '_';
}

static int
modprobe_parse(const struct ynode *args, struct modprobe_state *s,
    struct diag *d)
{
	const struct ynode *m = probe_require(args, "module", "modprobe", d);
	const struct ynode *n;
	const char *t;
	int rc = 0;

	if (m == NULL || ynode_str(m, "module", &t, d) != 0)
		return -1;
	if (t[0] == '\0' || strpbrk(t, " \t/*?[") != NULL) {
		diag_add(d, &m->at, "module: expected a module name, got %s",
		    ynode_show(m));
		return -1;
	}
	s->module = xstrdup(t);
	underscores(s->module);
	s->disabled = true;
	if ((n = ynode_get(args, "disabled")) != NULL &&
	    ynode_bool(n, "disabled", &s->disabled, d) != 0)
		rc = -1;
	n = ynode_get(args, "require_blacklist");
	if (n != NULL && ynode_bool(n, "require_blacklist",
	    &s->require_blacklist, d) != 0)
		rc = -1;
	if (rc == 0 && n != NULL && !s->disabled) {
		diag_add(d, &n->at, "require_blacklist: only used with "
		    "disabled: true");
		rc = -1;
	}
	return rc;
}

static int
modprobe_compile(const struct ynode *args, const struct limits *lim,
    void **statep, struct diag *d)
{
	struct modprobe_state *s = xcalloc(1, sizeof(*s));

	if (ynode_check_keys(args, "modprobe", modprobe_keys, d) != 0 ||
	    modprobe_parse(args, s, d) != 0) {
		modprobe_free(s);
		return -1;
	}
	*statep = s;
	return 0;
}

/*
 * The files, by systemd-style precedence.
 */

struct conf {
	char	*name;
	char	*path;
};

static int
cmp_conf(const void *a, const void *b)
{
	return strcmp(((const struct conf *)a)->name,
	    ((const struct conf *)b)->name);
}

struct confset {
	struct conf	*v;
	size_t		 n;
	size_t		 cap;
};

static bool
has_name(const struct confset *cs, const char *name)
{
	for (size_t i = 0; i < cs->n; i++)
		if (strcmp(cs->v[i].name, name) == 0)
			return true;
	return false;
}

/* Add DIR's *.conf not masked by an earlier directory. ST_ERROR with
 * evidence when DIR cannot be listed. */
static enum status
add_dir(struct target *t, const char *dir, struct confset *cs,
    struct evlist *ev)
{
	struct strlist names = STRLIST_INIT;
	enum fs_rc rc = target_list(t, dir, &names);

	if (rc == FS_ENOENT || rc == FS_ENOTDIR)
		return ST_PASS;
	if (rc != FS_OK) {
		evlist_add_violation(ev, dir, 0, "cannot list %s: %s", dir,
		    probe_fs_reason(rc));
		return ST_ERROR;
	}
	for (size_t i = 0; i < names.n; i++) {
		if (!dropin_reads(DROPIN_MODPROBE, names.v[i]) ||
		    has_name(cs, names.v[i]))
			continue;
		xgrow((void **)&cs->v, &cs->cap, cs->n + 1, sizeof(*cs->v));
		cs->v[cs->n].name = xstrdup(names.v[i]);
		cs->v[cs->n].path = path_join(dir, names.v[i]);
		cs->n++;
	}
	strlist_release(&names);
	return ST_PASS;
}

static void
confset_release(struct confset *cs)
{
	for (size_t i = 0; i < cs->n; i++) {
		free(cs->v[i].name);
		free(cs->v[i].path);
	}
	free(cs->v);
}

/*
 * Scanning the lines.
 */

struct scan {
	const struct modprobe_state *s;
	bool		 have_install;	/* the first matching install seen */
	bool		 off;		/* ... and it disables the module */
	size_t		 blacklists;
	enum status	 errors;	/* ST_ERROR once a file failed */
};

/* Is CMD (the rest of an install line) a command that does nothing? */
static bool
is_off_cmd(const char *cmd, size_t len)
{
	for (size_t i = 0; off_cmds[i] != NULL; i++)
		if (strlen(off_cmds[i]) == len &&
		    strncmp(cmd, off_cmds[i], len) == 0)
			return true;
	return false;
}

static void
on_install(struct scan *sc, const char *path, unsigned lineno,
    const char *cmd, size_t len, struct evlist *ev)
{
	struct evidence *e;
	char *shown = xstrndup(cmd, len);

	if (sc->have_install) {
		evlist_add_violation(ev, path, lineno, "install %s %s "
		    "(ignored: an earlier install line wins)", sc->s->module,
		    shown);
	} else {
		sc->have_install = true;
		sc->off = is_off_cmd(cmd, len);
		e = evlist_add_violation(ev, path, lineno, "install %s %s%s",
		    sc->s->module, shown, sc->off ? " (disabled)" :
		    " (not a disabling command)");
		evidence_set_values(e, sc->s->disabled ? "/bin/false or "
		    "/bin/true" : "not disabled", shown);
	}
	free(shown);
}

/* LINE past its first two words and the blanks around them. */
static const char *
after_two_words(const char *line)
{
	const char *p = line;

	for (int i = 0; i < 2; i++) {
		p += strspn(p, " \t");
		p += strcspn(p, " \t");
	}
	return p + strspn(p, " \t");
}

/* One logical line (continuations joined). */
static void
scan_line(struct scan *sc, const char *path, unsigned lineno,
    const char *line, struct evlist *ev)
{
	char *f[2];
	size_t n = split_fields(line, strlen(line), f, 2);
	const char *rest = after_two_words(line);
	size_t rlen = strlen(rest);
	bool mine = false;

	if (n == 2) {
		underscores(f[1]);
		mine = glob_match(f[1], sc->s->module, false);
	}
	trim_span(&rest, &rlen);
	if (mine && strcmp(f[0], "blacklist") == 0) {
		sc->blacklists++;
		evlist_add_violation(ev, path, lineno, "blacklist %s", f[1]);
	} else if (mine && strcmp(f[0], "install") == 0 && rlen > 0) {
		on_install(sc, path, lineno, rest, rlen, ev);
	}
	for (size_t i = 0; i < n; i++)
		free(f[i]);
}

/* kmod's getline_wrapped() (libkmod-util.c, kmod 30): a backslash just
 * before the newline joins the next line, both vanishing, before any other
 * rule; kmod_config_parse() then skips a logical line that starts with
 * '#' (one a backslash continued swallows the next line too). kmod also
 * drops a backslash before any other character; no install command we
 * judge needs that. */
static const struct lines_syntax kmod_syntax = {
	LINES_JOIN_CUT, NULL, false
};

static void
read_conf(struct scan *sc, struct target *t, const char *path,
    struct evlist *ev)
{
	struct strbuf link = STRBUF_INIT;
	struct lines r;
	enum fs_rc rc;

	/* A symlink to /dev/null masks the name and is not read. */
	rc = target_readlink(t, path, &link);
	if (rc == FS_OK && strcmp(link.buf, "/dev/null") == 0) {
		strbuf_release(&link);
		return;
	}
	strbuf_release(&link);
	rc = lines_read(&r, t, path, &kmod_syntax);
	if (rc != FS_OK && rc != FS_ENOENT)
		sc->errors = probe_read_error(t, ev, path, rc);
	while (lines_next(&r))
		if (r.line[0] != '#')
			scan_line(sc, path, r.lineno, r.line, ev);
	lines_release(&r);
}

static enum status
verdict_disabled(const struct scan *sc, struct evlist *ev)
{
	const char *m = sc->s->module;
	struct evidence *e;
	enum status st = ST_PASS;

	if (!sc->have_install) {
		e = evlist_add_violation(ev, NULL, 0, "no install line for %s "
		    "in modprobe.d: the module can be loaded", m);
		evidence_set_values(e, "install /bin/false", "none");
		st = ST_FAIL;
	} else if (!sc->off) {
		st = ST_FAIL;
	}
	if (sc->s->require_blacklist && sc->blacklists == 0) {
		e = evlist_add_violation(ev, NULL, 0, "%s is not blacklisted",
		    m);
		evidence_set_values(e, "blacklist", "none");
		st = ST_FAIL;
	}
	return st;
}

static enum status
verdict_enabled(const struct scan *sc, struct evlist *ev)
{
	if ((sc->have_install && sc->off) || sc->blacklists > 0) {
		evlist_add_violation(ev, NULL, 0,
		    "%s is %s: it must stay loadable", sc->s->module,
		    sc->have_install && sc->off ? "disabled" : "blacklisted");
		return ST_FAIL;
	}
	evlist_add_violation(ev, NULL, 0, "%s is neither disabled nor "
	    "blacklisted", sc->s->module);
	return ST_PASS;
}

static enum status
modprobe_eval(void *state, struct probe_env *env, struct evlist *ev)
{
	struct scan sc = { state, false, false, 0, ST_PASS };
	struct confset cs = { NULL, 0, 0 };
	enum status st;

	for (size_t i = 0; modprobe_dirs[i] != NULL; i++)
		sc.errors = status_all(sc.errors,
		    add_dir(env->target, modprobe_dirs[i], &cs, ev));
	if (cs.n > 1)
		qsort(cs.v, cs.n, sizeof(*cs.v), cmp_conf);
	for (size_t i = 0; i < cs.n; i++)
		read_conf(&sc, env->target, cs.v[i].path, ev);
	st = sc.s->disabled ? verdict_disabled(&sc, ev) :
	    verdict_enabled(&sc, ev);
	confset_release(&cs);
	return status_all(st, sc.errors);
}

/* Vendor modprobe.d directories sit outside an image's default retained
 * set; ask for all of them. */
static void
modprobe_paths(const void *state, struct strlist *globs)
{
	(void)state;
	for (size_t i = 0; modprobe_dirs[i] != NULL; i++)
		strlist_add(globs, modprobe_dirs[i]);
}

const struct probe_ops probe_modprobe = {
	.name = "modprobe",
	.summary = "a kernel module is (or is not) disabled in modprobe.d",
	.compile = modprobe_compile,
	.eval = modprobe_eval,
	.free = modprobe_free,
	.paths = modprobe_paths,
};
