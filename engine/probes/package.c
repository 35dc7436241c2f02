/*
 * package.c -- the `package` probe: is a package installed, at which
 * version, according to the target's dpkg database.
 *
 *   package: {name: openssh-server, installed: true,
 *             version: {at_least: "1:9.2p1-2+deb12u2"}}
 *
 * "Installed" is what dpkg-query and the CIS audits mean: a Status of
 * "<want> ok installed" (install, hold, even deinstall until dpkg acts),
 * or a configured package waiting on triggers. config-files, half-
 * installed, unpacked and not-installed are not installed; the evidence
 * quotes the Status line so an auditor sees which it was.
 *
 * A name may carry an architecture ("libc6:i386"); without one every
 * Multi-Arch instance counts, and a version constraint must hold for each
 * installed instance (an old i386 libssl is as vulnerable as an amd64
 * one). With a list of names, installed:true passes when any is installed
 * (alternatives: chrony, ntp, systemd-timesyncd); installed:false passes
 * when none is. installed:false with a version passes when no installed
 * instance is in that range ("no openssh-server older than X").
 *
 * The database is parsed once per target (dpkg.c caches it).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "assay/dpkg.h"
#include "assay/probe.h"
#include "assay/strbuf.h"
#include "assay/util.h"
#include "assay/xmem.h"

/* Instances of one package name considered: dpkg knows ~20 architectures,
 * so this is every instance of a real database. */
#define PACKAGE_INSTANCES_MAX	32

/* Package databases we recognise but do not read, for the evidence. */
static const char *const other_dbs[] = {
	"/var/lib/rpm",
	"/usr/lib/sysimage/rpm",
	"/lib/apk/db/installed",
	NULL
};

enum vop {
	V_AT_LEAST,
	V_LESS_THAN,
	V_EQUALS,
	V__COUNT
};

static const char *const vop_keys[V__COUNT + 1] = {
	[V_AT_LEAST] = "at_least",
	[V_LESS_THAN] = "less_than",
	[V_EQUALS] = "equals",
	[V__COUNT] = NULL,
};

static const char *const vop_words[V__COUNT] = {
	[V_AT_LEAST] = "at least",
	[V_LESS_THAN] = "less than",
	[V_EQUALS] = "equal to",
};

struct package_state {
	char	**names;		/* "name" or "name:arch" */
	size_t	  nnames;
	bool	  installed;
	char	 *version[V__COUNT];	/* NULL when not given */
	char	 *vdesc;		/* "version at least 1.0"; NULL */
};

static void
package_free(void *p)
{
	struct package_state *s = p;

	if (s == NULL)
		return;
	for (size_t i = 0; i < s->nnames; i++)
		free(s->names[i]);
	free(s->names);
	for (int i = 0; i < V__COUNT; i++)
		free(s->version[i]);
	free(s->vdesc);
	free(s);
}

static bool
is_name_char(int c, bool first)
{
	if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
		return true;
	return !first && (c == '+' || c == '-' || c == '.');
}

/* dpkg package names: [a-z0-9][a-z0-9+.-]*, then optionally :arch with
 * arch in [a-z0-9-]+. */
static bool
is_package_name(const char *s)
{
	const char *colon = strchr(s, ':');
	size_t n = colon != NULL ? (size_t)(colon - s) : strlen(s);

	if (n == 0)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!is_name_char((unsigned char)s[i], i == 0))
			return false;
	if (colon == NULL)
		return true;
	if (colon[1] == '\0')
		return false;
	for (const char *p = colon + 1; *p != '\0'; p++)
		if (!is_name_char((unsigned char)*p, true) && *p != '-')
			return false;
	return true;
}

static int
compile_names(struct package_state *s, const struct ynode *n,
    struct diag *d)
{
	const char **v = NULL;
	size_t k = 0;
	int rc = 0;

	if (ynode_strs(n, "name", &v, &k, d) != 0)
		return -1;
	if (k == 0) {
		diag_add(d, &n->at, "name: expected a package name or a list "
		    "of them, got an empty list");
		free(v);
		return -1;
	}
	s->names = xcalloc(k, sizeof(*s->names));
	for (size_t i = 0; i < k; i++) {
		const struct ynode *at = ynode_is_seq(n) ? n->items[i] : n;

		if (!is_package_name(v[i])) {
			diag_add(d, &at->at, "name: invalid package name %s "
			    "(expected [a-z0-9][a-z0-9+.-]*, optionally "
			    ":ARCH)", ynode_show(at));
			rc = -1;
			continue;
		}
		s->names[s->nnames++] = xstrdup(v[i]);
	}
	free(v);
	return rc;
}

static int
compile_version(struct package_state *s, const struct ynode *n,
    struct diag *d)
{
	struct strbuf b = STRBUF_INIT;
	int rc = 0;

	if (ynode_check_keys(n, "version", vop_keys, d) != 0)
		return -1;
	if (n->len == 0) {
		diag_add(d, &n->at, "version: expected at least one of "
		    "at_least, less_than or equals");
		return -1;
	}
	for (int i = 0; i < V__COUNT; i++) {
		const struct ynode *v = ynode_get(n, vop_keys[i]);
		const char *text;
		const char *why;

		if (v == NULL)
			continue;
		if (ynode_str(v, vop_keys[i], &text, d) != 0) {
			rc = -1;
			continue;
		}
		if (dpkg_version_check(text, &why) != 0) {
			diag_add(d, &v->at, "%s: invalid version %s: %s",
			    vop_keys[i], ynode_show(v), why);
			rc = -1;
			continue;
		}
		s->version[i] = xstrdup(text);
		strbuf_addf(&b, "%s%s %s", b.len > 0 ? ", " : "version ",
		    vop_words[i], text);
	}
	s->vdesc = strbuf_detach(&b);
	return rc;
}

static int
package_compile(const struct ynode *args, const struct limits *lim,
    void **statep, struct diag *d)
{
	static const char *const keys[] = {
		"name", "installed", "version", "manager", NULL
	};
	static const char *const managers[] = { "dpkg", NULL };
	struct package_state *s;
	const struct ynode *n;
	int manager;
	int rc = 0;

	(void)lim;
	if (ynode_check_keys(args, "package", keys, d) != 0)
		return -1;
	s = xcalloc(1, sizeof(*s));
	s->installed = true;
	n = probe_require(args, "name", "package", d);
	if (n == NULL || compile_names(s, n, d) != 0)
		rc = -1;
	n = ynode_get(args, "installed");
	if (n != NULL && ynode_bool(n, "installed", &s->installed, d) != 0)
		rc = -1;
	n = ynode_get(args, "version");
	if (n != NULL && compile_version(s, n, d) != 0)
		rc = -1;
	n = ynode_get(args, "manager");
	if (n != NULL && probe_parse_enum(n, "manager", managers, &manager,
	    d) != 0)
		rc = -1;
	if (rc != 0) {
		package_free(s);
		return -1;
	}
	*statep = s;
	return 0;
}

/* Does VERSION satisfy every given constraint? */
static bool
version_ok(const struct package_state *s, const char *version)
{
	int c;

	for (int i = 0; i < V__COUNT; i++) {
		if (s->version[i] == NULL)
			continue;
		c = dpkg_version_cmp(version, s->version[i]);
		if ((i == V_AT_LEAST && c < 0) ||
		    (i == V_LESS_THAN && c >= 0) ||
		    (i == V_EQUALS && c != 0))
			return false;
	}
	return true;
}

/* What the instances of the listed packages add up to. */
struct tally {
	size_t	installed;	/* installed instances */
	size_t	in_range;	/* ... whose version satisfies `version` */
	size_t	noversion;	/* ... without a Version field */
};

static const char *
want(const struct package_state *s)
{
	return s->installed ? "installed" : "not installed";
}

static void
look_instance(const struct package_state *s, const struct dpkg_pkg *p,
    struct tally *t, struct evlist *ev)
{
	const char *status = p->status != NULL ? p->status : "(none)";
	const char *version = p->version != NULL ? p->version : "(none)";
	const char *arch = p->arch != NULL ? p->arch : "no architecture";
	struct evidence *e;
	bool ok;

	if (!dpkg_status_installed(p->status)) {
		e = evlist_add(ev, DPKG_STATUS_PATH, p->line, "package %s "
		    "(%s) is not installed (Status: %s)", p->name, arch,
		    status);
		if (e != NULL)
			evidence_set_values(e, want(s), status);
		return;
	}
	t->installed++;
	if (s->vdesc == NULL) {
		e = evlist_add(ev, DPKG_STATUS_PATH, p->line, "package %s %s "
		    "(%s) is installed (Status: %s)", p->name, version, arch,
		    status);
		if (e != NULL)
			evidence_set_values(e, want(s), status);
		return;
	}
	if (p->version == NULL) {
		t->noversion++;
		evlist_add(ev, DPKG_STATUS_PATH, p->line, "package %s (%s) is "
		    "installed but has no Version field", p->name, arch);
		return;
	}
	ok = version_ok(s, p->version);
	if (ok)
		t->in_range++;
	e = evlist_add(ev, DPKG_STATUS_PATH, p->line, "package %s %s (%s) is "
	    "installed (Status: %s); %s %s", p->name, version, arch, status,
	    ok ? "satisfies" : "does not satisfy", s->vdesc);
	if (e != NULL && s->installed) {
		evidence_set_values(e, s->vdesc, version);
	} else if (e != NULL) {
		char *x = xasprintf("not installed with %s", s->vdesc);

		evidence_set_values(e, x, version);
		free(x);
	}
}

static void
look_name(const struct package_state *s, const struct dpkg_db *db,
    const char *name, struct tally *t, struct evlist *ev)
{
	const struct dpkg_pkg *found[PACKAGE_INSTANCES_MAX];
	char *base = xstrdup(name);
	char *arch = strchr(base, ':');
	size_t k;

	if (arch != NULL)
		*arch++ = '\0';
	k = dpkg_db_find(db, base, arch, found, PACKAGE_INSTANCES_MAX);
	if (k == 0) {
		struct evidence *e = evlist_add(ev, DPKG_STATUS_PATH, 0,
		    "package %s is not in the package database", name);

		if (e != NULL)
			evidence_set_values(e, want(s), "absent");
	}
	for (size_t i = 0; i < k; i++)
		look_instance(s, found[i], t, ev);
	free(base);
}

static enum status
no_database(struct target *t, struct evlist *ev)
{
	struct fsnode n;

	evlist_add(ev, DPKG_STATUS_PATH, 0, "no package database found "
	    "(%s does not exist)", DPKG_STATUS_PATH);
	for (size_t i = 0; other_dbs[i] != NULL; i++)
		if (target_lookup(t, other_dbs[i], false, &n) == FS_OK)
			evlist_add(ev, other_dbs[i], 0, "%s exists, but only "
			    "dpkg databases are supported", other_dbs[i]);
	return ST_ERROR;
}

/* The database, or NULL with the status to return in *STP. */
static const struct dpkg_db *
load_db(struct probe_env *env, struct evlist *ev, enum status *stp)
{
	const struct dpkg_db *db = NULL;
	unsigned line = 0;
	char *why = NULL;
	enum fs_rc rc;

	rc = dpkg_db_get(env->target, env->lim, &db, &line, &why);
	if (rc == FS_ENOENT) {
		*stp = no_database(env->target, ev);
		return NULL;
	}
	if (rc != FS_OK) {
		*stp = probe_read_error(env->target, ev, DPKG_STATUS_PATH, rc);
		return NULL;
	}
	if (db == NULL) {
		evlist_add(ev, DPKG_STATUS_PATH, line, "cannot parse %s: %s",
		    DPKG_STATUS_PATH, why);
		free(why);
		*stp = ST_ERROR;
		return NULL;
	}
	for (size_t i = 0; i < db->nskipped && i < DPKG_SKIPPED_MAX; i++)
		evlist_add(ev, DPKG_STATUS_PATH, db->skipped[i], "stanza "
		    "without a Package field skipped");
	if (db->nskipped > DPKG_SKIPPED_MAX)
		evlist_add(ev, DPKG_STATUS_PATH, 0, "%zu more stanzas without "
		    "a Package field skipped", db->nskipped - DPKG_SKIPPED_MAX);
	return db;
}

static enum status
package_eval(void *p, struct probe_env *env, struct evlist *ev)
{
	const struct package_state *s = p;
	const struct dpkg_db *db;
	struct tally t = { 0, 0, 0 };
	enum status st = ST_ERROR;

	db = load_db(env, ev, &st);
	if (db == NULL)
		return st;
	for (size_t i = 0; i < s->nnames; i++)
		look_name(s, db, s->names[i], &t, ev);
	if (t.noversion > 0)
		return ST_ERROR;
	if (s->installed) {
		if (t.installed == 0)
			return ST_FAIL;
		return s->vdesc == NULL || t.in_range == t.installed ?
		    ST_PASS : ST_FAIL;
	}
	if (s->vdesc == NULL)
		return t.installed == 0 ? ST_PASS : ST_FAIL;
	return t.in_range == 0 ? ST_PASS : ST_FAIL;
}

const struct probe_ops probe_package = {
	.name = "package",
	.summary = "a package is (not) installed, optionally at a version "
	    "(dpkg)",
	.compile = package_compile,
	.eval = package_eval,
	.free = package_free,
};
