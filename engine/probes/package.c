/*
 * package.c -- the `package` probe: is a package installed, at which
 * version, according to the target's package database: dpkg
 * (/var/lib/dpkg/status and distroless' /var/lib/dpkg/status.d/), apk
 * (/lib/apk/db/installed) or rpm (/var/lib/rpm/rpmdb.sqlite, read with
 * librpm by rpmdb.c).
 *
 *   package: {name: openssh-server, installed: true,
 *             version: {at_least: "1:9.2p1-2+deb12u2"}, manager: dpkg}
 *
 * Without `manager:` the database is detected: the dpkg status file, else
 * the apk database, else an rpm database; none of them is an error, never
 * a verdict. Versions compare by the rules of the manager that was read
 * (dpkg.c, apk.c, rpmdb.c); a version given for a detected manager is
 * checked against that manager's syntax at eval time (at load time it
 * must be valid for one of them).
 *
 * For dpkg, "installed" is what dpkg-query and the CIS audits mean: a
 * Status of "<want> ok installed" (install, hold, even deinstall until
 * dpkg acts), or a configured package waiting on triggers. config-files,
 * half-installed, unpacked and not-installed are not installed; the
 * evidence quotes the Status line so an auditor sees which it was. apk
 * and rpm databases hold only installed packages.
 *
 * A name may carry an architecture ("libc6:i386", "glibc:i686"); without
 * one every instance counts, and a version constraint must hold for each
 * installed instance (an old i386 libssl is as vulnerable as an amd64
 * one). With a list of names, installed:true passes when any is installed
 * (alternatives: chrony, ntp, systemd-timesyncd); installed:false passes
 * when none is. installed:false with a version passes when no installed
 * instance is in that range ("no openssh-server older than X").
 *
 * `paths:` names the files that show the software is there (its binary,
 * its configuration): what is installed decides, not only the package
 * record. When the database has no record of any listed name, or there is
 * no database at all (FROM scratch and static-binary images, a root whose
 * dpkg record was removed while the files stayed), the package counts as
 * installed when one of the paths exists, and as not installed when none
 * does. A record that says "not installed" (config-files, or absent from
 * an apk/rpm database that lists the name under another spelling) is
 * still the database's answer. The evidence names the route that decided:
 * the package database or the files. Without `paths:` and without a
 * database the probe is `error`, as it cannot know.
 *
 * Each database is parsed once per target (dpkg.c, apk.c and rpmdb.c
 * cache it). This file reads only through those modules: the temporary
 * copy librpm needs is made by pkgdb/rpmdb.c, the one allow-listed file.
 */
#include "config.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "assay/apk.h"
#include "assay/diag.h"
#include "assay/dpkg.h"
#include "assay/probe.h"
#include "assay/rpmdb.h"
#include "assay/strbuf.h"
#include "assay/util.h"
#include "assay/xmem.h"

/* Instances of one package name considered: dpkg knows ~20 architectures
 * and rpm installs at most a few versions of a kernel side by side, so
 * this is every instance of a real database. */
#define PACKAGE_INSTANCES_MAX	32

enum manager {
	M_DPKG,
	M_APK,
	M_RPM,
	M_AUTO,		/* detect */
};

static const char *const managers[] = { "dpkg", "apk", "rpm", NULL };

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
	char		**names;		/* "name" or "name:arch" */
	size_t		  nnames;
	bool		  installed;
	enum manager	  manager;
	char		 *version[V__COUNT];	/* NULL when not given */
	char		 *vdesc;		/* "version at least 1.0" */
	char		**paths;		/* `paths:`, may hold globs */
	size_t		  npaths;
	char		 *pdesc;		/* "/usr/sbin/sshd, /etc/..." */
	char		 *ndesc;		/* "sudo or sudo-ldap" */
};

/* One instance of a package in whichever database was read. */
struct inst {
	const char	*name;
	const char	*version;	/* NULL when the entry has none */
	const char	*arch;		/* NULL when the entry has none */
	const char	*status;	/* dpkg's Status; NULL otherwise */
	bool		 installed;
	const char	*path;		/* its file; NULL: the database's */
	unsigned	 line;
};

/* The database read for one evaluation. */
struct pkgdb {
	enum manager		 m;
	const char		*path;	/* the file, for evidence */
	const struct dpkg_db	*dpkg;
	const struct apk_db	*apk;
	const struct rpmdb_db	*rpm;
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
	for (size_t i = 0; i < s->npaths; i++)
		free(s->paths[i]);
	free(s->paths);
	free(s->pdesc);
	free(s->ndesc);
	free(s);
}

static bool
is_lower_or_digit(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

static bool
is_alnum_(int c)
{
	return is_lower_or_digit(c) || (c >= 'A' && c <= 'Z') || c == '_';
}

/* dpkg: [a-z0-9][a-z0-9+.-]*; apk and rpm names may also hold capitals
 * and underscores (NetworkManager, perl-Data-Dumper, py3-foo_bar). */
static bool
is_name_char(enum manager m, int c, bool first)
{
	bool base = m == M_DPKG ? is_lower_or_digit(c) : is_alnum_(c);

	if (base)
		return true;
	return !first && (c == '+' || c == '-' || c == '.');
}

/* NAME, then optionally :ARCH with ARCH in [a-z0-9-]+ (dpkg) or
 * [A-Za-z0-9_-]+ (x86_64, i686, noarch). */
static bool
is_package_name(enum manager m, const char *s)
{
	const char *colon = strchr(s, ':');
	size_t n = colon != NULL ? (size_t)(colon - s) : strlen(s);

	if (n == 0)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!is_name_char(m, (unsigned char)s[i], i == 0))
			return false;
	if (colon == NULL)
		return true;
	if (colon[1] == '\0')
		return false;
	for (const char *p = colon + 1; *p != '\0'; p++)
		if (!is_name_char(m, (unsigned char)*p, true) && *p != '-')
			return false;
	return true;
}

/* What compile_names() and compile_paths() fill, string by string. */
struct listctx {
	struct package_state	*s;
	struct strbuf		 b;	/* the description */
};

/* Keep a copy of V in *VP (room for K, made on the first), and in C's
 * description after SEP. */
static void
keep(struct listctx *c, char ***vp, size_t *np, size_t k, const char *v,
    const char *sep)
{
	if (*vp == NULL)
		*vp = xcalloc(k, sizeof(**vp));
	(*vp)[(*np)++] = xstrdup(v);
	strbuf_addf(&c->b, "%s%s", c->b.len > 0 ? sep : "", v);
}

static int
add_name(void *arg, const char *v, size_t k, const struct ynode *at,
    struct diag *d)
{
	struct listctx *c = arg;
	struct package_state *s = c->s;

	if (!is_package_name(s->manager, v)) {
		diag_add(d, &at->at, "name: invalid package name %s (expected "
		    "%s, optionally :ARCH)", ynode_show(at),
		    s->manager == M_DPKG ? "[a-z0-9][a-z0-9+.-]*" :
		    "[A-Za-z0-9_][A-Za-z0-9_+.-]*");
		return -1;
	}
	keep(c, &s->names, &s->nnames, k, v, " or ");
	return 0;
}

static int
compile_names(struct package_state *s, const struct ynode *n,
    struct diag *d)
{
	struct listctx c = { s, STRBUF_INIT };
	int rc = probe_str_list(n, "name", "a package name", add_name, &c, d);

	s->ndesc = strbuf_detach(&c.b);
	return rc;
}

/* Is V a version of manager M? 0, or -1 with the reason in *WHY. */
static int
version_check(enum manager m, const char *v, const char **why)
{
	switch (m) {
	case M_DPKG:
		return dpkg_version_check(v, why);
	case M_APK:
		return apk_version_check(v, why);
	case M_RPM:
		return rpmdb_version_check(v, why);
	case M_AUTO:
		break;
	}
	if (dpkg_version_check(v, why) == 0 ||
	    apk_version_check(v, why) == 0 ||
	    rpmdb_version_check(v, why) == 0)
		return 0;
	*why = "not a dpkg, apk or rpm version";
	return -1;
}

static int
version_cmp(enum manager m, const char *a, const char *b)
{
	switch (m) {
	case M_APK:
		return apk_version_cmp(a, b);
	case M_RPM:
		return rpmdb_version_cmp(a, b);
	case M_DPKG:
	case M_AUTO:
		break;
	}
	return dpkg_version_cmp(a, b);
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
		if (version_check(s->manager, text, &why) != 0) {
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

/* `paths:`: absolute paths or globs of files the package installs. */
static int
add_path(void *arg, const char *v, size_t k, const struct ynode *at,
    struct diag *d)
{
	struct listctx *c = arg;
	struct package_state *s = c->s;

	if (v[0] != '/') {
		diag_add(d, &at->at, "paths: expected an absolute path, got %s",
		    ynode_show(at));
		return -1;
	}
	keep(c, &s->paths, &s->npaths, k, v, ", ");
	return 0;
}

static int
compile_paths(struct package_state *s, const struct ynode *n,
    struct diag *d)
{
	struct listctx c = { s, STRBUF_INIT };
	int rc = probe_str_list(n, "paths", "an absolute path", add_path, &c,
	    d);

	s->pdesc = strbuf_detach(&c.b);
	return rc;
}

static int
package_compile(const struct ynode *args, const struct limits *lim,
    void **statep, struct diag *d)
{
	static const char *const keys[] = {
		"name", "installed", "version", "manager", "paths", NULL
	};
	struct package_state *s;
	const struct ynode *n;
	int manager = M_AUTO;
	int rc = 0;

	(void)lim;
	if (ynode_check_keys(args, "package", keys, d) != 0)
		return -1;
	s = xcalloc(1, sizeof(*s));
	s->installed = true;
	/* The manager first: it decides what a valid name and version is. */
	n = ynode_get(args, "manager");
	if (n != NULL && probe_parse_enum(n, "manager", managers, &manager,
	    d) != 0)
		rc = -1;
	s->manager = (enum manager)manager;
	n = probe_require(args, "name", "package", d);
	if (n == NULL || compile_names(s, n, d) != 0)
		rc = -1;
	n = ynode_get(args, "installed");
	if (n != NULL && ynode_bool(n, "installed", &s->installed, d) != 0)
		rc = -1;
	n = ynode_get(args, "version");
	if (n != NULL && compile_version(s, n, d) != 0)
		rc = -1;
	n = ynode_get(args, "paths");
	if (n != NULL && compile_paths(s, n, d) != 0)
		rc = -1;
	if (rc != 0) {
		package_free(s);
		return -1;
	}
	*statep = s;
	return 0;
}

/* Image targets keep content only for the paths probes ask for: the apk
 * and rpm databases are not in the default set (dpkg's status is). */
static void
package_paths(const void *p, struct strlist *globs)
{
	const struct package_state *s = p;

	if (s->manager == M_APK || s->manager == M_AUTO) {
		strlist_add(globs, APK_INSTALLED_PATH);
		strlist_add(globs, APK_INSTALLED_PATH_USR);
	}
	if (s->manager == M_RPM || s->manager == M_AUTO) {
		strlist_add(globs, "/var/lib/rpm");
		strlist_add(globs, "/usr/lib/sysimage/rpm");
	}
}

/* Does VERSION satisfy every given constraint? */
static bool
version_ok(const struct package_state *s, enum manager m,
    const char *version)
{
	int c;

	for (int i = 0; i < V__COUNT; i++) {
		if (s->version[i] == NULL)
			continue;
		c = version_cmp(m, version, s->version[i]);
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
	size_t	recorded;	/* listed names the database has a record of */
};

static const char *
want(const struct package_state *s)
{
	return s->installed ? "installed" : "not installed";
}

static void
look_versioned(const struct package_state *s, const struct pkgdb *db,
    const struct inst *p, const char *state, struct tally *t,
    struct evlist *ev)
{
	const char *arch = p->arch != NULL ? p->arch : "no architecture";
	const char *file = p->path != NULL ? p->path : db->path;
	struct evidence *e;
	bool ok;

	if (p->version == NULL) {
		t->noversion++;
		evlist_add_violation(ev, file, p->line, "package %s (%s) is "
		    "installed but has no Version field", p->name, arch);
		return;
	}
	ok = version_ok(s, db->m, p->version);
	if (ok)
		t->in_range++;
	/* compliant (context): in range when wanted installed, out when
	 * not */
	e = evlist_add_kind(ev, ok == s->installed ? EV_CONTEXT :
	    EV_VIOLATION, file, p->line, "package %s %s (%s) is installed%s; "
	    "%s %s", p->name, p->version, arch, state,
	    ok ? "satisfies" : "does not satisfy", s->vdesc);
	if (e != NULL && s->installed) {
		evidence_set_values(e, s->vdesc, p->version);
	} else if (e != NULL) {
		char *x = xasprintf("not installed with %s", s->vdesc);

		evidence_set_values(e, x, p->version);
		free(x);
	}
}

static void
look_instance(const struct package_state *s, const struct pkgdb *db,
    const struct inst *p, struct tally *t, struct evlist *ev)
{
	const char *status = p->status != NULL ? p->status : "(none)";
	const char *version = p->version != NULL ? p->version : "(none)";
	const char *arch = p->arch != NULL ? p->arch : "no architecture";
	const char *file = p->path != NULL ? p->path : db->path;
	char *state = db->m == M_DPKG ? xasprintf(" (Status: %s)", status) :
	    xstrdup("");
	struct evidence *e;

	if (!p->installed) {
		e = evlist_add_kind(ev, s->installed ? EV_VIOLATION :
		    EV_CONTEXT, file, p->line, "package %s (%s) is not "
		    "installed%s", p->name, arch, state);
		evidence_set_values(e, want(s), status);
	} else if (s->vdesc == NULL) {
		t->installed++;
		e = evlist_add_kind(ev, s->installed ? EV_CONTEXT :
		    EV_VIOLATION, file, p->line, "package %s %s (%s) is "
		    "installed%s", p->name, version, arch, state);
		evidence_set_values(e, want(s), db->m == M_DPKG ? status :
		    "installed");
	} else {
		t->installed++;
		look_versioned(s, db, p, state, t, ev);
	}
	free(state);
}

/* The instances of BASE (only ARCH's when not NULL) into OUT, one
 * function per database. Each returns the count. */
static size_t
find_dpkg(const struct dpkg_db *db, const char *base, const char *arch,
    struct inst *out)
{
	const struct dpkg_pkg *found[PACKAGE_INSTANCES_MAX];
	size_t k = dpkg_db_find(db, base, arch, found, PACKAGE_INSTANCES_MAX);

	for (size_t i = 0; i < k; i++)
		out[i] = (struct inst){ found[i]->name, found[i]->version,
		    found[i]->arch, found[i]->status,
		    dpkg_status_installed(found[i]->status), found[i]->path,
		    found[i]->line };
	return k;
}

static size_t
find_apk(const struct apk_db *db, const char *base, const char *arch,
    struct inst *out)
{
	const struct apk_pkg *found[PACKAGE_INSTANCES_MAX];
	size_t k = apk_db_find(db, base, arch, found, PACKAGE_INSTANCES_MAX);

	for (size_t i = 0; i < k; i++)
		out[i] = (struct inst){ found[i]->name, found[i]->version,
		    found[i]->arch, NULL, true, NULL, found[i]->line };
	return k;
}

static size_t
find_rpm(const struct rpmdb_db *db, const char *base, const char *arch,
    struct inst *out)
{
	const struct rpmdb_pkg *found[PACKAGE_INSTANCES_MAX];
	size_t k = rpmdb_find(db, base, arch, found, PACKAGE_INSTANCES_MAX);

	for (size_t i = 0; i < k; i++)
		out[i] = (struct inst){ found[i]->name, found[i]->evr,
		    found[i]->arch, NULL, true, NULL, 0 };
	return k;
}

static size_t
find_instances(const struct pkgdb *db, const char *base, const char *arch,
    struct inst *out)
{
	if (db->m == M_DPKG)
		return find_dpkg(db->dpkg, base, arch, out);
	if (db->m == M_APK)
		return find_apk(db->apk, base, arch, out);
	return find_rpm(db->rpm, base, arch, out);
}

static void
look_name(const struct package_state *s, const struct pkgdb *db,
    const char *name, struct tally *t, struct evlist *ev)
{
	struct inst found[PACKAGE_INSTANCES_MAX];
	char *base = xstrdup(name);
	char *arch = strchr(base, ':');
	size_t k;

	if (arch != NULL)
		*arch++ = '\0';
	k = find_instances(db, base, arch, found);
	if (k > 0)
		t->recorded++;
	if (k == 0) {
		struct evidence *e = evlist_add_kind(ev, s->installed ?
		    EV_VIOLATION : EV_CONTEXT, db->path, 0, "package %s is not "
		    "in the package database", name);

		evidence_set_values(e, want(s), "absent");
	}
	for (size_t i = 0; i < k; i++)
		look_instance(s, db, &found[i], t, ev);
	free(base);
}

/* Loading: load_one() returns 1 with DB filled, 0 when the manager's
 * database is absent, or -1 with evidence and *STP set when it cannot be
 * read (what the reader said in D). */

/* "stanza without a Package field skipped" for each of the first MAX of
 * LINES[0..N) (of file PATHS[i], or PATH when PATHS is NULL); ONE and
 * MANY name the thing. */
static void
skipped_evidence(struct evlist *ev, const char *path,
    const char *const *paths, const unsigned *lines, size_t n, size_t max,
    const char *one, const char *many)
{
	for (size_t i = 0; i < n && i < max; i++)
		evlist_add_violation(ev, paths != NULL ? paths[i] : path,
		    lines[i], "%s skipped", one);
	if (n > max)
		evlist_add_violation(ev, path, 0, "%zu more %s skipped", n -
		    max, many);
}

/* The reader could not give its database: RC and the reason in D (at the
 * file, and at the line of a parse error) become evidence. Returns -1. */
static int
unusable(struct probe_env *env, enum fs_rc rc, const struct diag *d,
    struct evlist *ev, enum status *stp)
{
	const struct srcpos *at = diag_pos(d, 0);

	assert(at != NULL);
	*stp = ST_ERROR;
	if (rc != FS_OK)
		*stp = probe_read_error(env->target, ev, at->file, rc);
	else if (at->line > 0)
		evlist_add_violation(ev, at->file, at->line, "cannot parse "
		    "%s: line %u: %s", at->file, at->line, diag_message(d, 0));
	else
		evlist_add_violation(ev, at->file, 0, "%s", diag_message(d, 0));
	return -1;
}

/* Load the database of manager M into DB (zeroed by the caller). */
static int
load_one(enum manager m, struct probe_env *env, struct pkgdb *db,
    struct diag *d, struct evlist *ev, enum status *stp)
{
	enum fs_rc rc;

	if (m == M_DPKG)
		rc = dpkg_db_get(env->target, env->lim, &db->dpkg, d);
	else if (m == M_APK)
		rc = apk_db_get(env->target, env->lim, &db->apk, d);
	else
		rc = rpmdb_get(env->target, env->lim, &db->rpm, d);
	if (rc == FS_ENOENT)
		return 0;
	if (db->dpkg == NULL && db->apk == NULL && db->rpm == NULL)
		return unusable(env, rc, d, ev, stp);
	db->m = m;
	if (m == M_DPKG) {
		db->path = db->dpkg->path;
		skipped_evidence(ev, db->path, db->dpkg->skipped_path,
		    db->dpkg->skipped, db->dpkg->nskipped, DPKG_SKIPPED_MAX,
		    "stanza without a Package field",
		    "stanzas without a Package field");
	} else if (m == M_APK) {
		db->path = db->apk->path;
		skipped_evidence(ev, db->path, NULL, db->apk->skipped,
		    db->apk->nskipped, APK_SKIPPED_MAX,
		    "block without a P: field", "blocks without a P: field");
	} else {
		db->path = db->rpm->path;
	}
	return 1;
}

static const char *const absent[] = {
	[M_DPKG] = "no dpkg database found (neither " DPKG_STATUS_PATH
	    " nor " DPKG_STATUS_D_PATH " exists)",
	[M_APK] = "no apk database found (" APK_INSTALLED_PATH " does not "
	    "exist)",
	[M_RPM] = "no rpm database found (no rpmdb.sqlite, Packages or "
	    "Packages.db in /var/lib/rpm or /usr/lib/sysimage/rpm)",
	[M_AUTO] = "no package database found (no dpkg status, apk "
	    "installed database or rpm database)",
};

/* Load the database of S's manager, or detect one. 1 when read, 0 when
 * there is none, or -1 with the status to return in *STP. */
static int
load_db(const struct package_state *s, struct probe_env *env,
    struct pkgdb *db, struct evlist *ev, enum status *stp)
{
	struct diag *d = diag_new();
	int rc = 0;

	if (s->manager != M_AUTO) {
		rc = load_one(s->manager, env, db, d, ev, stp);
	} else {
		for (int m = M_DPKG; m <= M_RPM && rc == 0; m++)
			rc = load_one((enum manager)m, env, db, d, ev, stp);
	}
	diag_free(d);
	return rc;
}

/* Is any of S's paths in the target? The first one found into *FOUND
 * (malloc'd). 1, 0, or -1 when a glob cannot be expanded. */
static int
find_paths(const struct package_state *s, struct target *t, char **found,
    struct evlist *ev)
{
	struct strlist m = STRLIST_INIT;
	struct fsnode n;
	int rc = 0;

	for (size_t i = 0; i < s->npaths && rc == 0; i++) {
		if (!has_glob_meta(s->paths[i])) {
			if (target_lookup(t, s->paths[i], true, &n) == FS_OK) {
				*found = xstrdup(s->paths[i]);
				rc = 1;
			}
			continue;
		}
		strlist_release(&m);
		if (target_glob(t, s->paths[i], &m) != FS_OK) {
			evlist_add_violation(ev, s->paths[i], 0,
			    "cannot expand %s", s->paths[i]);
			rc = -1;
		} else if (m.n > 0) {
			*found = xstrdup(m.v[0]);
			rc = 1;
		}
	}
	strlist_release(&m);
	return rc;
}

/* The files route: WHY says why the database could not answer ("no
 * package database found"); the paths decide. */
static enum status
decide_by_files(const struct package_state *s, struct probe_env *env,
    const char *why, struct evlist *ev)
{
	char *found = NULL;
	struct evidence *e;
	int rc = find_paths(s, env->target, &found, ev);

	if (rc < 0)
		return ST_ERROR;
	if (rc == 0) {
		e = evlist_add_violation(ev, NULL, 0, "%s and %s%s %s: %s is "
		    "not installed (decided by its files)", why, s->npaths > 1 ?
		    "none of " : "", s->pdesc, s->npaths > 1 ? "exists" :
		    "does not exist", s->ndesc);
		if (e != NULL)
			evidence_set_values(e, want(s), "absent");
		return s->installed ? ST_FAIL : ST_PASS;
	}
	e = evlist_add_violation(ev, found, 0, "%s but %s exists: %s counted "
	    "as installed (decided by its files)", why, found, s->ndesc);
	if (e != NULL)
		evidence_set_values(e, want(s), "installed (files)");
	free(found);
	if (s->vdesc != NULL) {
		/* Files carry no version: nothing shows the constraint holds
		 * (or that the files are outside the range), so it has not
		 * passed. */
		evlist_add_violation(ev, NULL, 0, "its version is unknown "
		    "without a package record: nothing shows %s%s", s->installed
		    ? "" : "it is not at ", s->vdesc);
		return ST_FAIL;
	}
	return s->installed ? ST_PASS : ST_FAIL;
}

/* With a detected manager, each version must be one of its versions. */
static int
check_versions(const struct package_state *s, const struct pkgdb *db,
    struct evlist *ev)
{
	const char *why;
	int rc = 0;

	for (int i = 0; i < V__COUNT; i++) {
		if (s->version[i] == NULL ||
		    version_check(db->m, s->version[i], &why) == 0)
			continue;
		evlist_add_violation(ev, db->path, 0, "%s: \"%s\" is not a "
		    "valid %s version: %s", vop_keys[i], s->version[i],
		    managers[db->m], why);
		rc = -1;
	}
	return rc;
}

static enum status
package_eval(void *p, struct probe_env *env, struct evlist *ev)
{
	const struct package_state *s = p;
	struct pkgdb db;
	struct tally t = { 0, 0, 0, 0 };
	enum status st = ST_ERROR;
	struct evlist nev;

	memset(&db, 0, sizeof(db));
	switch (load_db(s, env, &db, ev, &st)) {
	case -1:
		return st;
	case 0:
		if (s->npaths > 0)
			return decide_by_files(s, env, "no package database "
			    "found", ev);
		evlist_add_violation(ev, NULL, 0, "%s", absent[s->manager]);
		return ST_ERROR;
	default:
		break;
	}
	if (check_versions(s, &db, ev) != 0)
		return ST_ERROR;
	/* The names' evidence goes after the line that decided. */
	evlist_init(&nev, ev->max);
	for (size_t i = 0; i < s->nnames; i++)
		look_name(s, &db, s->names[i], &t, &nev);
	if (t.recorded == 0 && s->npaths > 0) {
		char *why = xasprintf("%s has no record of %s", db.path,
		    s->ndesc);

		st = decide_by_files(s, env, why, ev);
		free(why);
		evlist_move(ev, &nev);
		return st;
	}
	evlist_move(ev, &nev);
	if (s->npaths > 0)
		evlist_add_context(ev, db.path, 0, "decided by the package "
		    "database %s", db.path);
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
	    "(dpkg, apk or rpm)",
	.compile = package_compile,
	.eval = package_eval,
	.free = package_free,
	.paths = package_paths,
};
