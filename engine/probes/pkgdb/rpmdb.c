/*
 * rpmdb.c -- read the target's rpm database without librpm, and order
 * rpm versions.
 *
 * rpm 4.16+ (RHEL 9, Fedora 33+, SUSE 15 SP5+) keeps one header blob per
 * installed package in the Packages table (hnum, blob) of an SQLite
 * file. We read that file -- and its write-ahead log, which holds the
 * transactions not yet checkpointed -- through target_read (bounded by
 * limits->rpmdb_bytes, so it works on directories, images and disk
 * images alike), replay the log's committed frames into the bytes in
 * memory, open the result with sqlite3_deserialize() read-only (no file
 * is created or opened), select the blobs and parse them ourselves
 * (rpmhdr.c). Nothing touches the host or writes to the target.
 *
 * Why not librpm: it has no in-memory API. It opens a database directory
 * by path and reads the host's rpmrc and macro files (which choose the
 * backend and may redirect %_dbpath), so the database would have to be
 * copied to a host temporary directory first, and the host's rpm
 * configuration would decide how the target is read (docs/scap.md).
 *
 * The SQLite file is untrusted: it is opened as SQLite recommends for
 * untrusted databases (defensive mode, untrusted schema, cell size
 * checks, no memory map), the Packages table must be a real table, and a
 * progress handler ends a query that runs too long (a hostile file is an
 * error, not a hang). Berkeley DB (RHEL <= 8's Packages) is read from
 * the same in-memory bytes by rpmdb_bdb.c, without libdb, the blobs then
 * parsed by rpmhdr.c as for SQLite; so is ndb (SUSE's Packages.db) by
 * rpmdb_ndb.c.
 *
 * The parsed database is kept in the target's cache (rpmdb.h).
 */
#include "config.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "assay/diag.h"
#include "assay/limits.h"
#include "assay/pkgdb.h"
#include "assay/rpmdb.h"
#include "assay/rpmdb_bdb.h"
#include "assay/rpmdb_ndb.h"
#include "assay/rpmhdr.h"
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
} locations[] = {
	{ RPMDB_SQLITE_PATH, FMT_SQLITE },
	{ RPMDB_SQLITE_PATH_USR, FMT_SQLITE },
	{ RPMDB_BDB_PATH, FMT_BDB },
	{ RPMDB_BDB_PATH_USR, FMT_BDB },
	{ RPMDB_NDB_PATH, FMT_NDB },
	{ RPMDB_NDB_PATH_USR, FMT_NDB },
};
#define NLOCATIONS	(sizeof(locations) / sizeof(locations[0]))

/* SQLite virtual machine steps between progress callbacks, and how many
 * callbacks a query may take: a 5000-package database needs a few
 * hundred; a hostile schema cannot keep us busy past this. */
#define SQL_PROGRESS_STEP	10000
#define SQL_PROGRESS_MAX	100000

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
		free(db->v[i].keyid);
	}
	if (db->sql != NULL)
		sqlite3_close(db->sql);
	free(db->image);
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

int
rpmdb_vercmp(const char *a, const char *b)
{
	return rpmdb_vercmp_builtin(a, b);
}

/* ---- the write-ahead log (https://sqlite.org/fileformat2.html#walformat) */

static uint32_t
be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | p[3];
}

/* SQLite's WAL checksum over P[0..LEN) (LEN a multiple of 8), words
 * big-endian when BIG, continuing from S. */
static void
wal_sum(const uint8_t *p, size_t len, bool big, uint32_t s[2])
{
	for (size_t i = 0; i + 8 <= len; i += 8) {
		uint32_t x0 = be32(p + i);
		uint32_t x1 = be32(p + i + 4);

		if (!big) {
			x0 = __builtin_bswap32(x0);
			x1 = __builtin_bswap32(x1);
		}
		s[0] += x0 + s[1];
		s[1] += x1 + s[0];
	}
}

/* Replay the committed frames of WAL into IMG (at most CAP bytes), as
 * SQLite does on open: frames count while their salts match the log
 * header and their running checksum holds; pages of frames up to the
 * last commit frame are written, and the file ends at that commit's
 * size. NULL, or a static reason the log cannot be applied. */
static const char *
wal_apply(uint8_t **imgp, size_t *lenp, const uint8_t *wal, size_t wlen,
    size_t cap)
{
	uint32_t magic;
	uint32_t pgsz;
	uint32_t s[2] = { 0, 0 };
	size_t committed = 0;	/* frames up to the last commit */
	uint32_t commit_pages = 0;
	bool big;
	size_t fsz;
	size_t nframes;

	if (wlen < 32)
		return NULL;	/* empty log: nothing to replay */
	magic = be32(wal);
	if (magic != 0x377f0682 && magic != 0x377f0683)
		return "its write-ahead log has a bad magic number";
	big = (magic & 1) != 0;
	pgsz = be32(wal + 8);
	if (pgsz < 512 || pgsz > 65536 || (pgsz & (pgsz - 1)) != 0)
		return "its write-ahead log has a bad page size";
	wal_sum(wal, 24, big, s);
	if (s[0] != be32(wal + 24) || s[1] != be32(wal + 28))
		return NULL;	/* header not valid: SQLite ignores the log */
	fsz = 24 + (size_t)pgsz;
	nframes = (wlen - 32) / fsz;
	for (size_t i = 0; i < nframes; i++) {
		const uint8_t *f = wal + 32 + i * fsz;

		if (memcmp(f + 8, wal + 16, 8) != 0)
			break;
		wal_sum(f, 8, big, s);
		wal_sum(f + 24, pgsz, big, s);
		if (s[0] != be32(f + 16) || s[1] != be32(f + 20))
			break;
		if (be32(f + 4) != 0) {
			committed = i + 1;
			commit_pages = be32(f + 4);
		}
	}
	if (committed == 0)
		return NULL;
	if ((uint64_t)commit_pages * pgsz > cap)
		return "its write-ahead log makes it larger than the cap";
	if (*lenp >= 100) {
		uint32_t dbpg = (uint32_t)(*imgp)[16] << 8 | (*imgp)[17];

		if (dbpg == 1)
			dbpg = 65536;
		if (dbpg != pgsz)
			return "its write-ahead log's page size differs from "
			    "the database's";
	}
	for (size_t i = 0; i < committed; i++) {
		const uint8_t *f = wal + 32 + i * fsz;
		uint32_t pgno = be32(f);
		size_t off;

		if (pgno == 0 || pgno > commit_pages)
			continue;
		off = (size_t)(pgno - 1) * pgsz;
		if (*lenp < off + pgsz) {
			*imgp = xreallocarray(*imgp, off + pgsz, 1);
			memset(*imgp + *lenp, 0, off + pgsz - *lenp);
			*lenp = off + pgsz;
		}
		memcpy(*imgp + off, f + 24, pgsz);
	}
	/* a commit that shrank the file (or grew it with pages of
	 * earlier transactions already checkpointed) */
	if (*lenp < (size_t)commit_pages * pgsz) {
		*imgp = xreallocarray(*imgp, (size_t)commit_pages * pgsz, 1);
		memset(*imgp + *lenp, 0, (size_t)commit_pages * pgsz - *lenp);
	}
	*lenp = (size_t)commit_pages * pgsz;
	return NULL;
}

/* ---- SQLite ---- */

static int
progress(void *arg)
{
	unsigned *calls = arg;

	return ++*calls > SQL_PROGRESS_MAX;
}

/* Open IMG (which the connection borrows) read-only in memory. NULL or a
 * reason (malloc'd). */
static char *
sql_open(uint8_t *img, size_t len, size_t cap, sqlite3 **out,
    unsigned *calls)
{
	sqlite3 *sql = NULL;
	int rc;

	*out = NULL;
	/* A database in WAL mode says so in bytes 18 and 19 (2); the log is
	 * replayed already, and the in-memory VFS reads it as a rollback
	 * journal database (1). */
	if (len >= 100 && memcmp(img, "SQLite format 3", 16) == 0) {
		if (img[18] == 2)
			img[18] = 1;
		if (img[19] == 2)
			img[19] = 1;
	}
	rc = sqlite3_open_v2(":memory:", &sql, SQLITE_OPEN_READWRITE |
	    SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
	if (rc != SQLITE_OK) {
		sqlite3_close(sql);
		return xasprintf("sqlite: %s", sqlite3_errstr(rc));
	}
	(void)sqlite3_db_config(sql, SQLITE_DBCONFIG_DEFENSIVE, 1, NULL);
	(void)sqlite3_db_config(sql, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, NULL);
	(void)sqlite3_db_config(sql, SQLITE_DBCONFIG_ENABLE_TRIGGER, 0, NULL);
	(void)sqlite3_db_config(sql, SQLITE_DBCONFIG_ENABLE_VIEW, 0, NULL);
	(void)sqlite3_limit(sql, SQLITE_LIMIT_LENGTH,
	    cap > INT32_MAX ? INT32_MAX : (int)cap);
	(void)sqlite3_limit(sql, SQLITE_LIMIT_ATTACHED, 0);
	sqlite3_progress_handler(sql, SQL_PROGRESS_STEP, progress, calls);
	rc = sqlite3_deserialize(sql, "main", img, (sqlite3_int64)len,
	    (sqlite3_int64)len, SQLITE_DESERIALIZE_READONLY);
	if (rc == SQLITE_OK)
		rc = sqlite3_exec(sql, "PRAGMA cell_size_check=ON;"
		    "PRAGMA mmap_size=0;PRAGMA temp_store=MEMORY;", NULL, NULL,
		    NULL);
	if (rc != SQLITE_OK) {
		char *why = xasprintf("sqlite: %s", sqlite3_errmsg(sql));

		sqlite3_close(sql);
		return why;
	}
	*out = sql;
	return NULL;
}

/* "hdr: REASON" of package row HNUM, malloc'd. */
static char *
bad_header(int64_t hnum, const char *why)
{
	return xasprintf("package header %" PRId64 " is malformed: %s", hnum,
	    why);
}

/* Add the package of header H (row HNUM) to DB; NULL or why not. */
static char *
add_header(struct rpmdb_db *db, int64_t hnum, const struct rpmhdr *h)
{
	struct rpmdb_pkg *p;
	struct rpmhdr_ent e;
	uint64_t epoch;
	char keyid[17];
	char *name = rpmhdr_str(h, RPMHDR_NAME);

	if (name == NULL)
		return bad_header(hnum, "no NAME");
	xgrow((void **)&db->v, &db->cap, db->n + 1, sizeof(*db->v));
	p = &db->v[db->n++];
	memset(p, 0, sizeof(*p));
	p->hnum = hnum;
	p->name = name;
	p->version = rpmhdr_str(h, RPMHDR_VERSION);
	p->release = rpmhdr_str(h, RPMHDR_RELEASE);
	if (p->version == NULL)
		p->version = xstrdup("");
	if (p->release == NULL)
		p->release = xstrdup("");
	p->arch = rpmhdr_str(h, RPMHDR_ARCH);
	if (p->arch == NULL)
		p->arch = xstrdup("(none)");
	if (rpmhdr_get(h, RPMHDR_EPOCH, &e) == 1 && rpmhdr_int(&e, 0, &epoch))
		p->epoch = xasprintf("%" PRIu64, epoch);
	if (rpmhdr_keyid(h, keyid))
		p->keyid = xstrdup(keyid);
	p->evr = xasprintf("%s%s%s-%s", p->epoch != NULL ? p->epoch : "",
	    p->epoch != NULL ? ":" : "", p->version, p->release);
	return NULL;
}

/* Every header of the open database into DB: NULL or why not. */
static char *
read_headers(struct rpmdb_db *db)
{
	sqlite3_stmt *st = NULL;
	const char *why = NULL;
	char *err = NULL;
	struct rpmhdr h;
	int rc;

	rc = sqlite3_prepare_v2(db->sql, "SELECT type FROM sqlite_schema "
	    "WHERE name = 'Packages'", -1, &st, NULL);
	if (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW &&
	    sqlite3_column_text(st, 0) != NULL &&
	    strcmp((const char *)sqlite3_column_text(st, 0), "table") == 0)
		rc = SQLITE_OK;
	else if (rc == SQLITE_ROW || rc == SQLITE_DONE)
		err = xstrdup("it has no Packages table");
	sqlite3_finalize(st);
	st = NULL;
	if (err == NULL && rc == SQLITE_OK)
		rc = sqlite3_prepare_v2(db->sql, "SELECT hnum, blob FROM "
		    "Packages ORDER BY hnum", -1, &st, NULL);
	while (err == NULL && rc == SQLITE_OK) {
		const void *blob;
		int64_t hnum;
		int len;

		rc = sqlite3_step(st);
		if (rc == SQLITE_DONE) {
			rc = SQLITE_OK;
			break;
		}
		if (rc != SQLITE_ROW)
			break;
		rc = SQLITE_OK;
		if (db->n >= RPMDB_PKG_MAX) {
			err = xasprintf("more than %d packages",
			    RPMDB_PKG_MAX);
			break;
		}
		hnum = sqlite3_column_int64(st, 0);
		blob = sqlite3_column_blob(st, 1);
		len = sqlite3_column_bytes(st, 1);
		if (blob == NULL || len <= 0)
			err = bad_header(hnum, "empty");
		else if (rpmhdr_parse(blob, (size_t)len, &h, &why) != 0)
			err = bad_header(hnum, why);
		else
			err = add_header(db, hnum, &h);
	}
	if (err == NULL && rc != SQLITE_OK)
		err = xasprintf("sqlite: %s", rc == SQLITE_INTERRUPT ?
		    "the query ran too long" : sqlite3_errmsg(db->sql));
	sqlite3_finalize(st);
	return err;
}

enum fs_rc
rpmdb_header(const struct rpmdb_db *db, const struct rpmdb_pkg *p,
    void **blobp, size_t *lenp)
{
	sqlite3_stmt *st = NULL;
	enum fs_rc rc = FS_EIO;

	*blobp = NULL;
	*lenp = 0;
	if (db->bdb)
		return rpmdb_bdb_blob(db->image, db->image_len, p->blob_at,
		    blobp, lenp) == 0 ? FS_OK : FS_EIO;
	if (db->ndb)
		return rpmdb_ndb_blob(db->image, db->image_len, p->blob_at,
		    blobp, lenp) == 0 ? FS_OK : FS_EIO;
	if (sqlite3_prepare_v2(db->sql, "SELECT blob FROM Packages WHERE "
	    "hnum = ?", -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_bind_int64(st, 1, p->hnum) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW) {
		const void *b = sqlite3_column_blob(st, 0);
		int len = sqlite3_column_bytes(st, 0);

		if (b != NULL && len > 0) {
			*blobp = xmalloc((size_t)len);
			memcpy(*blobp, b, (size_t)len);
			*lenp = (size_t)len;
			rc = FS_OK;
		}
	}
	sqlite3_finalize(st);
	return rc;
}

/* Read PATH (and its -wal log) of T and load it. FS_OK with *DBP, or
 * with *DBP NULL and the reason in D; any other return is the read
 * error, in D too. */
static enum fs_rc
load_sqlite(struct target *t, const struct limits *lim, const char *path,
    struct rpmdb_db **dbp, struct diag *d)
{
	struct strbuf sb = STRBUF_INIT;
	struct strbuf wb = STRBUF_INIT;
	char *wal = xasprintf("%s-wal", path);
	struct rpmdb_db *db = NULL;
	const char *wwhy = NULL;
	char *why;
	enum fs_rc rc;
	enum fs_rc wrc = FS_ENOENT;

	*dbp = NULL;
	rc = target_read(t, path, lim->rpmdb_bytes, &sb);
	if (rc == FS_OK) {
		/* The log shares the cap; 0 would mean read_max. */
		size_t left = lim->rpmdb_bytes - sb.len;

		wrc = target_read(t, wal, left > 0 ? left : 1, &wb);
		if (wrc != FS_OK && wrc != FS_ENOENT)
			rc = pkgdb_read_error(d, wal, wrc);
	} else {
		pkgdb_read_error(d, path, rc);
	}
	if (rc != FS_OK)
		goto out;
	db = xcalloc(1, sizeof(*db));
	db->path = xstrdup(path);
	db->image_len = sb.len;
	db->image = (uint8_t *)strbuf_detach(&sb);
	if (wrc == FS_OK)
		wwhy = wal_apply(&db->image, &db->image_len,
		    (const uint8_t *)wb.buf, wb.len, lim->rpmdb_bytes);
	if (wwhy != NULL)
		why = xstrdup(wwhy);
	else
		why = sql_open(db->image, db->image_len, lim->rpmdb_bytes,
		    &db->sql, &db->calls);
	if (why == NULL)
		why = read_headers(db);
	if (why != NULL) {
		unreadable(d, path, "%s", why);
		free(why);
		rpmdb_free(db);
		db = NULL;
	}
out:
	free(wal);
	strbuf_release(&wb);
	strbuf_release(&sb);
	*dbp = db;
	return rc;
}

/* ---- Berkeley DB ---- */

/* rpmdb_bdb_walk's visit: parse and add one header. */
static char *
bdb_visit(void *arg, uint32_t hnum, const uint8_t *blob, size_t len,
    uint64_t at)
{
	struct rpmdb_db *db = arg;
	const char *why = NULL;
	struct rpmhdr h;
	char *err;

	if (db->n >= RPMDB_PKG_MAX)
		return xasprintf("more than %d packages", RPMDB_PKG_MAX);
	if (len == 0)
		return bad_header(hnum, "empty");
	if (rpmhdr_parse(blob, len, &h, &why) != 0)
		return bad_header(hnum, why);
	err = add_header(db, hnum, &h);
	if (err == NULL)
		db->v[db->n - 1].blob_at = at;
	return err;
}

static int
pkg_hnum_cmp(const void *a, const void *b)
{
	const struct rpmdb_pkg *x = a;
	const struct rpmdb_pkg *y = b;

	return (x->hnum > y->hnum) - (x->hnum < y->hnum);
}

/* Read the Berkeley DB Packages file (or, NDB, the ndb Packages.db)
 * PATH of T and load it, as load_sqlite() does. The packages are put in
 * header number order, the order the SQLite path reads (rpm -qa on
 * Berkeley DB lists them in hash order, on ndb in file order). */
static enum fs_rc
load_bdb(struct target *t, const struct limits *lim, const char *path,
    bool ndb, struct rpmdb_db **dbp, struct diag *d)
{
	struct strbuf sb = STRBUF_INIT;
	struct rpmdb_db *db;
	char *why;
	enum fs_rc rc;

	*dbp = NULL;
	rc = target_read(t, path, lim->rpmdb_bytes, &sb);
	if (rc != FS_OK) {
		pkgdb_read_error(d, path, rc);
		strbuf_release(&sb);
		return rc;
	}
	db = xcalloc(1, sizeof(*db));
	db->path = xstrdup(path);
	db->bdb = !ndb;
	db->ndb = ndb;
	db->image_len = sb.len;
	db->image = (uint8_t *)strbuf_detach(&sb);
	why = ndb ? rpmdb_ndb_walk(db->image, db->image_len, bdb_visit, db) :
	    rpmdb_bdb_walk(db->image, db->image_len, bdb_visit, db);
	if (why == NULL && db->n > 1) {
		qsort(db->v, db->n, sizeof(*db->v), pkg_hnum_cmp);
		for (size_t i = 1; i < db->n && why == NULL; i++)
			if (db->v[i].hnum == db->v[i - 1].hnum)
				why = xasprintf("header number %" PRId64
				    " is there twice", db->v[i].hnum);
	}
	if (why != NULL) {
		unreadable(d, path, "%s", why);
		free(why);
		rpmdb_free(db);
		db = NULL;
	}
	*dbp = db;
	return FS_OK;
}

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
	if (loc->fmt == FMT_BDB || loc->fmt == FMT_NDB) {
		struct rpmdb_db *db = NULL;
		enum fs_rc rc = load_bdb(t, lim, path, loc->fmt == FMT_NDB,
		    &db, d);

		*dbp = db;
		return rc;
	}
	{
		struct rpmdb_db *db = NULL;
		enum fs_rc rc = load_sqlite(t, lim, path, &db, d);

		*dbp = db;
		return rc;
	}
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
