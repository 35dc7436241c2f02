/*
 * rpmdb.c -- read the target's rpm database (through librpm) and order
 * rpm versions.
 *
 * The rpm database is SQLite (or Berkeley DB on old systems) holding
 * header blobs in rpm's own tagged format, so we let librpm read it. But
 * librpm has no in-memory API: it opens a database directory by path
 * (%_dbpath under the transaction's root dir), and probes must never open
 * host paths, nor hand the target's paths to a library that would follow
 * the target's symlinks on the host. So we read the database file (and a
 * SQLite write-ahead log next to it, which may hold the last
 * transactions) through target_read, bounded by limits->rpmdb_bytes,
 * write the bytes into a fresh private directory (mkdtemp, mode 0700,
 * files created O_EXCL|O_NOFOLLOW 0600), point librpm at that copy
 * read-only, read NAME, EPOCH, VERSION, RELEASE and ARCH of every header,
 * and remove the directory (librpm may add a lock file and SQLite a -shm
 * file: everything in it goes). The target itself is never written to.
 * This temp-file work lives here and nowhere else: the confinement lint
 * (tests/lint/confined.sh) forbids open/stat and friends, and host
 * writes, in engine/ except in its allow-list, which names this file for
 * the private copy; the package probe only calls rpmdb_get().
 *
 * Without librpm (configure did not find it) a database that is present
 * gives a clear reason instead, and so does ndb (SUSE's Packages.db),
 * which we do not read. Versions compare as rpmvercmp(): librpm's own
 * when we have it, else rpmdb_vercmp_builtin(), which the unit suite
 * checks against librpm's on the same table.
 *
 * The parsed database is kept in the target's cache (rpmdb.h).
 */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifdef HAVE_RPM
#include <rpm/header.h>
#include <rpm/rpmdb.h>
#include <rpm/rpmlib.h>
#include <rpm/rpmlog.h>
#include <rpm/rpmmacro.h>
#include <rpm/rpmts.h>
#include <rpm/rpmver.h>
#endif

#include "assay/diag.h"
#include "assay/limits.h"
#include "assay/pkgdb.h"
#include "assay/rpmdb.h"
#include "assay/strbuf.h"
#include "assay/util.h"
#include "assay/xmem.h"

enum rpmdb_format {
	FMT_SQLITE,
	FMT_BDB,
	FMT_NDB,
};

/* Where a database may be, in the order we look. */
static const struct location {
	const char		*path;
	enum rpmdb_format	 fmt;
	const char		*file;	/* name librpm expects in %_dbpath */
} locations[] = {
	{ RPMDB_SQLITE_PATH, FMT_SQLITE, "rpmdb.sqlite" },
	{ RPMDB_SQLITE_PATH_USR, FMT_SQLITE, "rpmdb.sqlite" },
	{ RPMDB_BDB_PATH, FMT_BDB, "Packages" },
	{ RPMDB_BDB_PATH_USR, FMT_BDB, "Packages" },
	{ RPMDB_NDB_PATH, FMT_NDB, "Packages.db" },
	{ RPMDB_NDB_PATH_USR, FMT_NDB, "Packages.db" },
};
#define NLOCATIONS	(sizeof(locations) / sizeof(locations[0]))

/* Say in D that the database at PATH is there but cannot be read: the
 * rest of the message (printf-style FMT) says why. */
static void	unreadable(struct diag *d, const char *path, const char *fmt,
		    ...) __attribute__((format(printf, 3, 4)));

static void
unreadable(struct diag *d, const char *path, const char *fmt, ...)
{
	struct srcpos at = { path, 0, 0 };
	va_list ap;
	char *why;

	va_start(ap, fmt);
	why = xvasprintf(fmt, ap);
	va_end(ap);
	diag_add(d, &at, "rpm database found at %s but %s", path, why);
	free(why);
}

bool
rpmdb_have_librpm(void)
{
#ifdef HAVE_RPM
	return true;
#else
	return false;
#endif
}

void
rpmdb_free(struct rpmdb_db *db)
{
	if (db == NULL)
		return;
	for (size_t i = 0; i < db->n; i++) {
		free(db->v[i].name);
		free(db->v[i].epoch);
		free(db->v[i].version);
		free(db->v[i].release);
		free(db->v[i].arch);
		free(db->v[i].evr);
	}
	free(db->v);
	free(db->path);
	free(db);
}

size_t
rpmdb_find(const struct rpmdb_db *db, const char *name, const char *arch,
    const struct rpmdb_pkg **out, size_t max)
{
	size_t k = 0;

	for (size_t i = 0; i < db->n && k < max; i++)
		if (pkgdb_is(db->v[i].name, db->v[i].arch, name, arch))
			out[k++] = &db->v[i];
	return k;
}

#ifdef HAVE_RPM

/* The private copy: a mkdtemp() directory and its cleanup. */

static int
write_file(const char *dir, const char *name, const struct strbuf *sb)
{
	char *path = path_join(dir, name);
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW |
	    O_CLOEXEC, 0600);
	size_t off = 0;
	ssize_t n;

	free(path);
	if (fd < 0)
		return -1;
	while (off < sb->len) {
		n = write(fd, sb->buf + off, sb->len - off);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			close(fd);
			return -1;
		}
		off += (size_t)n;
	}
	return close(fd);
}

/* Remove DIR and the files in it (librpm and SQLite make no subdirs). */
static void
remove_dir(const char *dir)
{
	DIR *dp = opendir(dir);
	struct dirent *de;

	if (dp != NULL) {
		while ((de = readdir(dp)) != NULL) {
			if (strcmp(de->d_name, ".") == 0 ||
			    strcmp(de->d_name, "..") == 0)
				continue;
			(void)unlinkat(dirfd(dp), de->d_name, 0);
		}
		closedir(dp);
	}
	(void)rmdir(dir);
}

static char *
make_tmpdir(void)
{
	const char *base = getenv("TMPDIR");
	char *tmpl;

	if (base == NULL || base[0] != '/')
		base = "/tmp";
	tmpl = xasprintf("%s/assay-rpmdb-XXXXXX", base);
	if (mkdtemp(tmpl) == NULL) {
		free(tmpl);
		return NULL;
	}
	return tmpl;
}

/* librpm. Its log goes to stderr by default; we keep the first error for
 * the evidence instead. */

static char rpm_lasterr[256];

static int
rpm_log(rpmlogRec rec, rpmlogCallbackData data)
{
	size_t n;

	(void)data;
	if (rpmlogRecPriority(rec) > RPMLOG_ERR || rpm_lasterr[0] != '\0')
		return 0;
	snprintf(rpm_lasterr, sizeof(rpm_lasterr), "%s",
	    rpmlogRecMessage(rec));
	n = strlen(rpm_lasterr);
	while (n > 0 && (rpm_lasterr[n - 1] == '\n' ||
	    rpm_lasterr[n - 1] == '\r'))
		rpm_lasterr[--n] = '\0';
	return 0;
}

static char *
tag_str(Header h, rpmTagVal tag)
{
	const char *s = headerGetString(h, tag);

	return xstrdup(s != NULL ? s : "");
}

static void
add_header(struct rpmdb_db *db, Header h)
{
	struct rpmdb_pkg *p;

	xgrow((void **)&db->v, &db->cap, db->n + 1, sizeof(*db->v));
	p = &db->v[db->n++];
	p->name = tag_str(h, RPMTAG_NAME);
	p->version = tag_str(h, RPMTAG_VERSION);
	p->release = tag_str(h, RPMTAG_RELEASE);
	p->arch = headerIsEntry(h, RPMTAG_ARCH) ? tag_str(h, RPMTAG_ARCH) :
	    xstrdup("(none)");
	p->epoch = NULL;
	if (headerIsEntry(h, RPMTAG_EPOCH))
		p->epoch = xasprintf("%" PRIu64,
		    headerGetNumber(h, RPMTAG_EPOCH));
	p->evr = xasprintf("%s%s%s-%s", p->epoch != NULL ? p->epoch : "",
	    p->epoch != NULL ? ":" : "", p->version, p->release);
}

/* Read every header of the database in DIR (backend BACKEND) into DB.
 * NULL, or librpm's reason (malloc'd) when it cannot. */
static char *
librpm_read(const char *dir, const char *backend, struct rpmdb_db *db)
{
	static bool configured;
	rpmdbMatchIterator mi;
	char *why = NULL;
	rpmts ts;
	Header h;

	rpm_lasterr[0] = '\0';
	rpmlogSetCallback(rpm_log, NULL);
	if (!configured && rpmReadConfigFiles(NULL, NULL) != 0) {
		why = xasprintf("cannot read librpm's configuration%s%s",
		    rpm_lasterr[0] != '\0' ? ": " : "", rpm_lasterr);
		rpmlogSetCallback(NULL, NULL);
		return why;
	}
	configured = true;
	rpmPushMacro(NULL, "_dbpath", NULL, dir, RMIL_CMDLINE);
	rpmPushMacro(NULL, "_db_backend", NULL, backend, RMIL_CMDLINE);
	ts = rpmtsCreate();
	(void)rpmtsSetRootDir(ts, "/");
	if (rpmtsOpenDB(ts, O_RDONLY) != 0) {
		why = xstrdup(rpm_lasterr[0] != '\0' ? rpm_lasterr :
		    "rpmtsOpenDB failed");
	} else {
		mi = rpmtsInitIterator(ts, RPMDBI_PACKAGES, NULL, 0);
		while (mi != NULL && (h = rpmdbNextIterator(mi)) != NULL) {
			if (db->n >= RPMDB_PKG_MAX) {
				why = xasprintf("more than %d packages",
				    RPMDB_PKG_MAX);
				break;
			}
			add_header(db, h);
		}
		rpmdbFreeIterator(mi);
	}
	rpmtsFree(ts);
	rpmPopMacro(NULL, "_db_backend");
	rpmPopMacro(NULL, "_dbpath");
	rpmlogSetCallback(NULL, NULL);
	return why;
}

/* librpm's messages name the private copy: name the target's file
 * instead, so evidence does not show a temporary path. */
static char *
unname_copy(char *msg, const char *dir, const char *path)
{
	struct strbuf b = STRBUF_INIT;
	size_t dlen = strlen(dir);
	const char *p = msg;
	const char *hit;

	while ((hit = strstr(p, dir)) != NULL) {
		(void)strbuf_add(&b, p, (size_t)(hit - p));
		p = hit + dlen;
		/* "DIR/FILE" becomes PATH, a bare DIR its directory. */
		if (*p == '/') {
			p += strcspn(p, ": \t");
			(void)strbuf_addstr(&b, path);
		} else {
			(void)strbuf_addstr(&b, "(copy of the database)");
		}
	}
	(void)strbuf_addstr(&b, p);
	free(msg);
	return strbuf_detach(&b);
}

/* Read PATH (and a -wal log next to it) of T into a private directory
 * as FILE and load it with librpm's BACKEND. FS_OK with *DBP, or with
 * *DBP NULL and librpm's reason in D (BUT says what it means: "librpm
 * cannot read it"); any other return is the read error, in D too. */
static enum fs_rc
load_copy(struct target *t, const struct limits *lim, const char *path,
    const char *file, const char *backend, const char *but,
    struct rpmdb_db **dbp, struct diag *d)
{
	struct strbuf sb = STRBUF_INIT;
	char *wal = xasprintf("%s-wal", path);
	char *walname = xasprintf("%s-wal", file);
	struct rpmdb_db *db = NULL;
	char *dir = NULL;
	char *why;
	enum fs_rc rc;
	enum fs_rc wrc = FS_ENOENT;
	struct strbuf wb = STRBUF_INIT;

	rc = target_read(t, path, lim->rpmdb_bytes, &sb);
	if (rc == FS_OK && strcmp(backend, "sqlite") == 0) {
		/* The log shares the cap; 0 would mean read_max. */
		size_t left = lim->rpmdb_bytes - sb.len;

		wrc = target_read(t, wal, left > 0 ? left : 1, &wb);
		if (wrc != FS_OK && wrc != FS_ENOENT)
			rc = pkgdb_read_error(d, path, wrc);
	} else if (rc != FS_OK) {
		pkgdb_read_error(d, path, rc);
	}
	if (rc != FS_OK)
		goto out;
	dir = make_tmpdir();
	if (dir == NULL || write_file(dir, file, &sb) != 0 ||
	    (wrc == FS_OK && write_file(dir, walname, &wb) != 0)) {
		unreadable(d, path, "%s: cannot copy it to a temporary "
		    "directory for librpm: %s", but, diag_errno(errno));
		goto out;
	}
	db = xcalloc(1, sizeof(*db));
	db->path = xstrdup(path);
	why = librpm_read(dir, backend, db);
	if (why != NULL) {
		why = unname_copy(why, dir, path);
		unreadable(d, path, "%s: %s", but, why);
		free(why);
		rpmdb_free(db);
		db = NULL;
	}
out:
	if (dir != NULL)
		remove_dir(dir);
	free(dir);
	free(wal);
	free(walname);
	strbuf_release(&sb);
	strbuf_release(&wb);
	*dbp = db;
	return rc;
}

int
rpmdb_vercmp(const char *a, const char *b)
{
	return rpmvercmp(a, b);
}

#else /* !HAVE_RPM */

int
rpmdb_vercmp(const char *a, const char *b)
{
	return rpmdb_vercmp_builtin(a, b);
}

#endif /* HAVE_RPM */

/* Find the database of T: FS_OK with *IDX set, FS_ENOENT when there is
 * none, or the lookup error of *IDX's path (in D too). */
static enum fs_rc
locate(struct target *t, size_t *idx, struct diag *d)
{
	enum fs_rc rc;

	for (size_t i = 0; i < NLOCATIONS; i++) {
		rc = pkgdb_lookup(t, locations[i].path, d);
		if (rc == FS_ENOENT)
			continue;
		*idx = i;
		return rc;
	}
	return FS_ENOENT;
}

/* The cache frees with a void *. */
static void
db_free_cb(void *db)
{
	rpmdb_free(db);
}

/* Load the database at PATH, whose locations[] entry is ARG (the
 * pkgdb_kind's load). */
static enum fs_rc
load(struct target *t, const struct limits *lim, const char *path,
    void *arg, void **dbp, struct diag *d)
{
	const struct location *loc = arg;

	*dbp = NULL;
	if (loc->fmt == FMT_NDB) {
		unreadable(d, path, "its format (ndb) is not supported");
		return FS_OK;
	}
	if (!rpmdb_have_librpm()) {
		unreadable(d, path, "assay was built without librpm");
		return FS_OK;
	}
#ifdef HAVE_RPM
	{
		struct rpmdb_db *db = NULL;
		enum fs_rc rc = load_copy(t, lim, path, loc->file,
		    loc->fmt == FMT_SQLITE ? "sqlite" : "bdb_ro",
		    loc->fmt == FMT_BDB ? "its format (Berkeley DB) is not "
		    "supported by this librpm" : "librpm cannot read it", &db,
		    d);

		*dbp = db;
		return rc;
	}
#else
	(void)t;
	(void)lim;
	return FS_OK;
#endif
}

static const struct pkgdb_kind rpm_kind = {
	.name = "rpmdb",
	.load = load,
	.free = db_free_cb,
};

enum fs_rc
rpmdb_get(struct target *t, const struct limits *lim,
    const struct rpmdb_db **dbp, struct diag *d)
{
	size_t idx = 0;
	void *db = NULL;
	enum fs_rc rc;

	*dbp = NULL;
	rc = locate(t, &idx, d);
	if (rc != FS_OK)
		return rc;
	rc = pkgdb_get(t, lim, &rpm_kind, locations[idx].path,
	    (void *)&locations[idx], &db, d);
	*dbp = db;
	return rc;
}

/* Versions. */

static bool
r_isdigit(int c)
{
	return c >= '0' && c <= '9';
}

static bool
r_isalpha(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool
r_isalnum(int c)
{
	return r_isdigit(c) || r_isalpha(c);
}

/* One segment of rpmvercmp: the digit run (if *P starts with a digit)
 * or letter run at *P and *Q. Returns <0 or >0, or 0 with *P and *Q
 * moved past the runs. */
static int
segment_cmp(const char **p, const char **q)
{
	const char *a = *p;
	const char *b = *q;
	bool isnum = r_isdigit(*a);
	size_t alen = 0;
	size_t blen = 0;
	int c;

	while (a[alen] != '\0' && (isnum ? r_isdigit(a[alen]) :
	    r_isalpha(a[alen])))
		alen++;
	while (b[blen] != '\0' && (isnum ? r_isdigit(b[blen]) :
	    r_isalpha(b[blen])))
		blen++;
	/* A numeric segment is newer than an alphabetic one. */
	if (blen == 0)
		return isnum ? 1 : -1;
	*p = a + alen;
	*q = b + blen;
	if (isnum) {
		while (alen > 0 && *a == '0') {
			a++;
			alen--;
		}
		while (blen > 0 && *b == '0') {
			b++;
			blen--;
		}
		if (alen != blen)
			return alen > blen ? 1 : -1;
	}
	c = memcmp(a, b, alen < blen ? alen : blen);
	if (c != 0)
		return c < 0 ? -1 : 1;
	return (alen > blen) - (alen < blen);
}

static const char *
skip_sep(const char *s)
{
	while (*s != '\0' && !r_isalnum(*s) && *s != '~' && *s != '^')
		s++;
	return s;
}

int
rpmdb_vercmp_builtin(const char *a, const char *b)
{
	int c;

	if (strcmp(a, b) == 0)
		return 0;
	while (*a != '\0' || *b != '\0') {
		a = skip_sep(a);
		b = skip_sep(b);
		/* `~` sorts before everything, even the end. */
		if (*a == '~' || *b == '~') {
			if (*a != '~')
				return 1;
			if (*b != '~')
				return -1;
			a++;
			b++;
			continue;
		}
		/* `^` sorts after the end, before anything else. */
		if (*a == '^' || *b == '^') {
			if (*a == '\0')
				return -1;
			if (*b == '\0')
				return 1;
			if (*a != '^')
				return 1;
			if (*b != '^')
				return -1;
			a++;
			b++;
			continue;
		}
		if (*a == '\0' || *b == '\0')
			break;
		c = segment_cmp(&a, &b);
		if (c != 0)
			return c;
	}
	if (*a == '\0' && *b == '\0')
		return 0;
	return *a == '\0' ? -1 : 1;
}

struct evr {
	char	*e;
	char	*v;
	char	*r;	/* NULL: no release */
};

/* "[E:]V[-R]": the epoch is the digits before a colon, the release what
 * follows the last hyphen. */
static void
evr_split(const char *s, struct evr *p)
{
	const char *colon = strchr(s, ':');
	const char *hy;

	p->e = NULL;
	if (colon != NULL) {
		p->e = xstrndup(s, (size_t)(colon - s));
		s = colon + 1;
	}
	hy = strrchr(s, '-');
	p->v = hy != NULL ? xstrndup(s, (size_t)(hy - s)) : xstrdup(s);
	p->r = hy != NULL ? xstrdup(hy + 1) : NULL;
}

static void
evr_release(struct evr *p)
{
	free(p->e);
	free(p->v);
	free(p->r);
}

/* Epochs as numbers (absent or empty = 0), compared as digit strings. */
static int
epoch_cmp(const char *a, const char *b)
{
	size_t alen;
	size_t blen;
	int c;

	a = a != NULL ? a : "";
	b = b != NULL ? b : "";
	while (*a == '0')
		a++;
	while (*b == '0')
		b++;
	alen = strlen(a);
	blen = strlen(b);
	if (alen != blen)
		return alen > blen ? 1 : -1;
	c = strcmp(a, b);
	return (c > 0) - (c < 0);
}

int
rpmdb_version_cmp(const char *a, const char *b)
{
	struct evr pa;
	struct evr pb;
	int c;

	evr_split(a, &pa);
	evr_split(b, &pb);
	c = epoch_cmp(pa.e, pb.e);
	if (c == 0)
		c = rpmdb_vercmp(pa.v, pb.v);
	if (c == 0 && pa.r != NULL && pb.r != NULL)
		c = rpmdb_vercmp(pa.r, pb.r);
	evr_release(&pa);
	evr_release(&pb);
	return (c > 0) - (c < 0);
}

static bool
evr_chars_ok(const char *s)
{
	for (; *s != '\0'; s++)
		if (!r_isalnum(*s) && strchr("._+~^", *s) == NULL)
			return false;
	return true;
}

int
rpmdb_version_check(const char *v, const char **why)
{
	struct evr p;
	int rc = -1;

	if (v[0] == '\0') {
		*why = "version string is empty";
		return -1;
	}
	if (strpbrk(v, " \t\r\n") != NULL) {
		*why = "version string has embedded spaces";
		return -1;
	}
	evr_split(v, &p);
	if (p.e != NULL && (p.e[0] == '\0' ||
	    strspn(p.e, "0123456789") != strlen(p.e)))
		*why = "epoch in version is not a number";
	else if (p.v[0] == '\0')
		*why = "version is empty";
	else if (p.r != NULL && p.r[0] == '\0')
		*why = "release is empty";
	else if (!evr_chars_ok(p.v) || (p.r != NULL && !evr_chars_ok(p.r)))
		*why = "invalid character in version (expected letters, "
		    "digits and ._+~^)";
	else
		rc = 0;
	evr_release(&p);
	return rc;
}
