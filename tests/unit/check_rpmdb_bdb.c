/*
 * check_rpmdb_bdb.c -- reading rpm's Berkeley DB Packages file
 * (rpmdb_bdb.c) without libdb, and ndb's Packages.db (rpmdb_ndb.c).
 *
 * The real case: tests/unit/mkrpmdb-bdb.sh builds packages with rpmbuild,
 * registers them with rpm 4.18 (SQLite), exports the header blobs into
 * Berkeley DB files with db5.3_load (hash with 4096- and 512-byte pages,
 * hash big-endian, btree) and checks with rpm's own read-only backend
 * (`rpm --define '_db_backend bdb_ro' -qa`) that each lists the same
 * packages. Here assay must read every variant to exactly the items of
 * the SQLite database (and of that rpm listing), the same blobs again
 * through rpmdb_header(). Without rpm, rpmbuild, db5.3_load or python3
 * the case is skipped with a message, and fails under CI=true. The same
 * script writes the blobs into an ndb Packages.db following rpm's
 * writer (lib/backend/ndb/rpmpkg.c): no tool on Debian writes ndb, so
 * that file's only oracle is rpm's source and the SQLite database.
 *
 * The hostile cases use a small hand-made hash file (a metadata page, a
 * bucket page with rpm's key 0 record and one package whose header lies
 * on two overflow pages), each broken in one way: every one is an error
 * naming the file, never a crash; likewise a small ndb file (one slot
 * page, one package).
 */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "assay/diag.h"
#include "assay/limits.h"
#include "assay/probe.h"
#include "assay/rpmdb.h"
#include "assay/rpmdb_bdb.h"
#include "assay/rpmhdr.h"
#include "assay/target.h"
#include "assay/xmem.h"
#include "testutil.h"

#define NITEMS(a) ((int)(sizeof(a) / sizeof((a)[0])))

static bool
have_tool(const char *name)
{
	char *cmd = xasprintf("command -v %s >/dev/null 2>&1", name);
	int rc = system(cmd);

	free(cmd);
	return rc == 0;
}

/* ---- a hand-made hash file ---- */

#define PG	512
#define NPAGES	4

static bool big;	/* write numbers big-endian */

static void
w16(uint8_t *p, uint32_t v)
{
	if (big) {
		p[0] = (uint8_t)(v >> 8);
		p[1] = (uint8_t)v;
	} else {
		p[0] = (uint8_t)v;
		p[1] = (uint8_t)(v >> 8);
	}
}

static void
w32(uint8_t *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[big ? 3 - i : i] = (uint8_t)(v >> (8 * i));
}

static void
be32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

/* An rpm header blob: NAME crafted, VERSION 1, RELEASE 2, ARCH noarch. */
static size_t
header_blob(uint8_t *b)
{
	static const char store[] = "crafted\0" "1\0" "2\0" "noarch";
	static const uint32_t tags[] = {
		RPMHDR_NAME, RPMHDR_VERSION, RPMHDR_RELEASE, RPMHDR_ARCH
	};
	static const uint32_t offs[] = { 0, 8, 10, 12 };

	be32(b, 4);
	be32(b + 4, sizeof(store));
	for (int i = 0; i < 4; i++) {
		be32(b + 8 + 16 * i, tags[i]);
		be32(b + 12 + 16 * i, RPMHDR_T_STRING);
		be32(b + 16 + 16 * i, offs[i]);
		be32(b + 20 + 16 * i, 1);
	}
	memcpy(b + 8 + 64, store, sizeof(store));
	return 8 + 64 + sizeof(store);
}

/* The file: page 0 metadata, page 1 the only bucket (key 0 -> next
 * instance, key 7 -> overflow at page 2), pages 2 and 3 the header. */
static size_t
craft(uint8_t *f)
{
	uint8_t blob[256];
	size_t blen = header_blob(blob);
	size_t half = blen / 2;
	uint8_t *p;

	memset(f, 0, PG * NPAGES);
	w32(f + 12, 0x061561);		/* hash magic */
	w32(f + 16, 9);			/* version */
	w32(f + 20, PG);		/* page size */
	f[25] = 8;			/* P_HASHMETA */
	w32(f + 32, NPAGES - 1);	/* last page */
	w32(f + 72, 0);			/* max bucket */
	w32(f + 96, 1);			/* spares[0]: bucket 0 is page 1 */
	p = f + PG;
	w32(p + 8, 1);
	w16(p + 20, 4);
	p[25] = 13;			/* P_HASH */
	w16(p + 26, PG - 5);		/* key 0 */
	w16(p + 28, PG - 10);		/* its value */
	w16(p + 30, PG - 15);		/* key 7 */
	w16(p + 32, PG - 27);		/* H_OFFPAGE */
	p[PG - 5] = 1;
	w32(p + PG - 4, 0);
	p[PG - 10] = 1;
	w32(p + PG - 9, 8);
	p[PG - 15] = 1;
	w32(p + PG - 14, 7);
	p[PG - 27] = 3;
	w32(p + PG - 23, 2);
	w32(p + PG - 19, (uint32_t)blen);
	p = f + 2 * PG;
	w32(p + 8, 2);
	w32(p + 16, 3);			/* next */
	w16(p + 22, (uint32_t)half);
	p[25] = 7;			/* P_OVERFLOW */
	memcpy(p + 26, blob, half);
	p = f + 3 * PG;
	w32(p + 8, 3);
	w32(p + 12, 2);
	w16(p + 22, (uint32_t)(blen - half));
	p[25] = 7;
	memcpy(p + 26, blob + half, blen - half);
	return PG * NPAGES;
}

/* Read FILE (LEN bytes) as the target's Packages through rpmdb_get: the
 * database, or NULL with the message in *MSG (malloc'd). */
static void
read_packages_at(const char *rel, const uint8_t *file, size_t len, int *n,
    char **msg, char **name)
{
	char *root = tu_tmpdir();
	const struct rpmdb_db *db = NULL;
	struct diag *d = diag_new();
	struct target *t;

	tu_write_bytes(root, rel, file, len, 0644);
	t = tu_target_open(root);
	ck_assert_int_eq(rpmdb_get(t, &limits_default, &db, d), FS_OK);
	*n = db != NULL ? (int)db->n : -1;
	*msg = diag_count(d) > 0 ? xstrdup(diag_message(d, 0)) : NULL;
	*name = db != NULL && db->n > 0 ? xstrdup(db->v[0].evr) : NULL;
	if (db != NULL && db->n > 0) {
		void *blob;
		size_t blen;

		ck_assert_int_eq(rpmdb_header(db, &db->v[0], &blob, &blen),
		    FS_OK);
		ck_assert_uint_eq(blen, 8 + 64 + 19);
		free(blob);
		ck_assert_str_eq(db->v[0].name, "crafted");
		ck_assert_int_eq(db->v[0].hnum, 7);
		ck_assert_str_eq(db->path, rel);
	}
	if (db == NULL)
		ck_assert_str_eq(diag_pos(d, 0)->file, rel);
	target_close(t);
	diag_free(d);
	tu_rmtree(root);
	free(root);
}

static void
read_packages(const uint8_t *file, size_t len, int *n, char **msg,
    char **name)
{
	read_packages_at(RPMDB_BDB_PATH, file, len, n, msg, name);
}

/* The crafted file reads in both byte orders; key 0 is no package. */
START_TEST(test_bdb_crafted_reads_both_byte_orders)
{
	uint8_t f[PG * NPAGES];
	char *msg;
	char *evr;
	int n;

	big = _i == 1;
	read_packages(f, craft(f), &n, &msg, &evr);
	ck_assert_msg(msg == NULL, "%s", msg);
	ck_assert_int_eq(n, 1);
	ck_assert_str_eq(evr, "1-2");
	free(evr);
	big = false;
}
END_TEST

#define PFX	"rpm database found at " RPMDB_BDB_PATH " but "

static const struct {
	const char	*what;
	size_t		 len;		/* 0: the whole file */
	unsigned	 page;		/* a write at page, offset */
	unsigned	 off;
	unsigned	 width;		/* 1, 2 or 4; 0: none */
	uint32_t	 value;
	const char	*want;
} hostile[] = {
	{ "short", 100, 0, 0, 0, 0, PFX "it is too short for a Berkeley "
	  "DB file (100 bytes)" },
	{ "truncated", 3 * PG + 100, 0, 0, 0, 0, PFX "its Berkeley DB file "
	  "is truncated: 1636 bytes, but its last page is page 3 of 512 "
	  "bytes" },
	{ "magic", 0, 0, 12, 4, 0x12345678, PFX "it is not a Berkeley DB "
	  "hash or btree file (magic 0x78563412)" },
	{ "version", 0, 0, 16, 4, 7, PFX "its Berkeley DB hash version 7 is "
	  "not supported (8 to 10 are)" },
	{ "page size", 0, 0, 20, 4, 1000, PFX "its Berkeley DB page size "
	  "1000 is not a power of two from 512 to 65536" },
	{ "encrypted", 0, 0, 24, 1, 1, PFX "its Berkeley DB file is "
	  "encrypted" },
	{ "buckets", 0, 0, 72, 4, 0xffffffff, PFX "its Berkeley DB hash has "
	  "4294967296 buckets but only 3 pages" },
	{ "bucket page", 0, 0, 96, 4, 9, PFX "its Berkeley DB page number 9 "
	  "is out of range (1 to 3)" },
	{ "page number", 0, 1, 8, 4, 5, PFX "its Berkeley DB page 1 says it "
	  "is page 5" },
	{ "page type", 0, 1, 25, 1, 5, PFX "its Berkeley DB page 1 has type "
	  "5 where a hash page was expected" },
	{ "entries", 0, 1, 20, 2, 300, PFX "its Berkeley DB page 1 claims "
	  "300 entries, more than fit in 512 bytes" },
	{ "offset past the page", 0, 1, 26, 2, 600, PFX "its Berkeley DB "
	  "page 1 entry 0 has a bad offset" },
	{ "key type", 0, 1, 26, 2, PG - 6, PFX "its Berkeley DB page 1 "
	  "has a key item of type 0" },
	{ "duplicates", 0, 1, PG - 10, 1, 2, PFX "its Berkeley DB page 1 "
	  "has a duplicate set, which rpm does not write" },
	{ "huge length", 0, 1, PG - 19, 4, 0xfffffff0, PFX "its Berkeley DB "
	  "overflow value at page 2 claims 4294967280 bytes" },
	{ "long length", 0, 1, PG - 19, 4, 1000, PFX "its Berkeley DB "
	  "overflow chain ends after 91 of 1000 bytes" },
	{ "short length", 0, 1, PG - 19, 4, 50, PFX "its Berkeley DB "
	  "overflow page 3 holds 46 bytes (page size 512, 5 of 50 bytes "
	  "left)" },
	{ "overflow loop", 0, 2, 16, 4, 2, PFX "its Berkeley DB page 2 is "
	  "reached twice (a loop)" },
	{ "overflow type", 0, 3, 25, 1, 13, PFX "its Berkeley DB page 3 has "
	  "type 13 where an overflow page was expected" },
	{ "overflow bytes", 0, 3, 22, 2, 600, PFX "its Berkeley DB overflow "
	  "page 3 holds 600 bytes (page size 512, 46 of 91 bytes left)" },
	{ "bucket loop", 0, 1, 16, 4, 1, PFX "its Berkeley DB page 1 is "
	  "reached twice (a loop)" },
	{ "header", 0, 2, 26, 4, 0x00ffffff, PFX "package header 7 is "
	  "malformed: " },
};

START_TEST(test_bdb_hostile_is_error)
{
	uint8_t f[PG * NPAGES];
	size_t len = craft(f);
	uint8_t *p;
	char *msg;
	char *evr;
	int n;

	p = f + hostile[_i].page * PG + hostile[_i].off;
	if (hostile[_i].width == 1)
		*p = (uint8_t)hostile[_i].value;
	else if (hostile[_i].width == 2)
		w16(p, hostile[_i].value);
	else if (hostile[_i].width == 4)
		w32(p, hostile[_i].value);
	if (hostile[_i].len != 0)
		len = hostile[_i].len;
	read_packages(f, len, &n, &msg, &evr);
	ck_assert_msg(n == -1, "%s: read %d packages", hostile[_i].what, n);
	ck_assert_msg(msg != NULL && strncmp(msg, hostile[_i].want,
	    strlen(hostile[_i].want)) == 0, "%s: got \"%s\", want \"%s\"",
	    hostile[_i].what, msg != NULL ? msg : "(none)", hostile[_i].want);
	free(msg);
}
END_TEST

/* The package probe says the same as an `error` result at the file. */
START_TEST(test_bdb_hostile_probe_is_error)
{
	uint8_t f[PG * NPAGES];
	size_t len = craft(f);
	char *root = tu_tmpdir();
	struct evlist ev;
	int st;

	w32(f + 2 * PG + 16, 2);	/* overflow loop */
	tu_write_bytes(root, RPMDB_BDB_PATH, f, len, 0644);
	st = tu_probe_run(root, "package", "{name: crafted}", &ev, NULL);
	ck_assert_int_eq(st, ST_ERROR);
	ck_assert_str_eq(ev.v[0].path, RPMDB_BDB_PATH);
	ck_assert_str_eq(ev.v[0].message, PFX "its Berkeley DB page 2 is "
	    "reached twice (a loop)");
	evlist_release(&ev);
	tu_rmtree(root);
	free(root);
}
END_TEST

/* ---- a hand-made ndb file ---- */

#define NDB_LEN	(4096 + 8 * 16)

static void
l32(uint8_t *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

/* rpm's layout (rpmpkg.c): file header, one slot page (slot 2 used),
 * the blob of package 7 at block 256 (8 blocks for 91 bytes). */
static size_t
craft_ndb(uint8_t *f)
{
	uint8_t blob[256];
	size_t blen = header_blob(blob);
	uint8_t *b = f + 4096;

	memset(f, 0, NDB_LEN);
	memcpy(f, "RpmP", 4);
	l32(f + 8, 3);			/* generation */
	l32(f + 12, 1);			/* slot pages */
	l32(f + 16, 8);			/* next package index */
	for (int i = 2; i < 256; i++)
		memcpy(f + 16 * i, "Slot", 4);
	l32(f + 32 + 4, 7);
	l32(f + 32 + 8, 256);
	l32(f + 32 + 12, 8);
	memcpy(b, "BlbS", 4);
	l32(b + 4, 7);
	l32(b + 12, (uint32_t)blen);
	memcpy(b + 16, blob, blen);
	/* the Adler-32 (b + 116) is not checked, as rpm reads */
	l32(b + 120, (uint32_t)blen);
	memcpy(b + 124, "BlbE", 4);
	return NDB_LEN;
}

#define NPFX	"rpm database found at " RPMDB_NDB_PATH " but "

static const struct {
	const char	*what;
	size_t		 len;		/* 0: the whole file */
	unsigned	 off;		/* a 32-bit write there */
	uint32_t	 value;
	const char	*want;
} ndb_hostile[] = {
	{ "magic", 0, 0, 0x50525052, NPFX "it is not an ndb package "
	  "database (no RpmP magic)" },
	{ "short", 20, 0, 0x506d7052, NPFX "it is not an ndb package "
	  "database (no RpmP magic)" },
	{ "version", 0, 4, 1, NPFX "its ndb version 1 is not supported (0 "
	  "is)" },
	{ "blocks", NDB_LEN - 3, 0, 0x506d7052, NPFX "its ndb file is not "
	  "whole 16-byte blocks (4221 bytes)" },
	{ "slot pages", 0, 12, 5, NPFX "its ndb file is truncated: 4224 "
	  "bytes, but 5 slot pages of 4096" },
	{ "no slot pages", 0, 12, 0, NPFX "its ndb file is truncated: 4224 "
	  "bytes, but 0 slot pages of 4096" },
	{ "slot magic", 0, 48, 0, NPFX "its ndb slot 3 has a bad magic" },
	{ "truncated", 4096 + 64, 0, 0x506d7052, NPFX "its ndb slot 2 points "
	  "past the end of the file (truncated?)" },
	{ "huge count", 0, 44, 0xfffffff0, NPFX "its ndb slot 2 points past "
	  "the end of the file (truncated?)" },
	{ "package 0", 0, 36, 0, NPFX "its ndb slot 2 is malformed" },
	{ "in the slot pages", 0, 40, 10, NPFX "its ndb slot 2 is "
	  "malformed" },
	{ "head", 0, 4096, 0, NPFX "its ndb blob of package 7 has a bad "
	  "head" },
	{ "head package", 0, 4100, 8, NPFX "its ndb blob of package 7 has a "
	  "bad head" },
	{ "length", 0, 4108, 1000, NPFX "its ndb blob of package 7 claims "
	  "1000 bytes in 8 blocks" },
	{ "tail", 0, 4096 + 124, 0, NPFX "its ndb blob of package 7 has a "
	  "bad tail" },
	{ "header", 0, 4096 + 16, 0x00ffffff, NPFX "package header 7 is "
	  "malformed: " },
};

START_TEST(test_ndb_crafted_reads)
{
	uint8_t f[NDB_LEN];
	char *msg;
	char *evr;
	int n;

	read_packages_at(RPMDB_NDB_PATH, f, craft_ndb(f), &n, &msg, &evr);
	ck_assert_msg(msg == NULL, "%s", msg);
	ck_assert_int_eq(n, 1);
	ck_assert_str_eq(evr, "1-2");
	free(evr);
}
END_TEST

START_TEST(test_ndb_hostile_is_error)
{
	uint8_t f[NDB_LEN];
	size_t len = craft_ndb(f);
	char *msg;
	char *evr;
	int n;

	l32(f + ndb_hostile[_i].off, ndb_hostile[_i].value);
	if (ndb_hostile[_i].len != 0)
		len = ndb_hostile[_i].len;
	read_packages_at(RPMDB_NDB_PATH, f, len, &n, &msg, &evr);
	ck_assert_msg(n == -1, "%s: read %d packages", ndb_hostile[_i].what,
	    n);
	ck_assert_msg(msg != NULL && strncmp(msg, ndb_hostile[_i].want,
	    strlen(ndb_hostile[_i].want)) == 0, "%s: got \"%s\", want "
	    "\"%s\"", ndb_hostile[_i].what, msg != NULL ? msg : "(none)",
	    ndb_hostile[_i].want);
	free(msg);
}
END_TEST

/* Two slots whose blobs overlap: refused (rpm's writer never makes
 * them), so the headers read never add up to more than the file. */
START_TEST(test_ndb_overlapping_blobs_are_error)
{
	uint8_t f[NDB_LEN];
	size_t len = craft_ndb(f);
	char *msg;
	char *evr;
	int n;

	memcpy(f + 48, f + 32, 16);
	l32(f + 48 + 4, 8);
	read_packages_at(RPMDB_NDB_PATH, f, len, &n, &msg, &evr);
	ck_assert_int_eq(n, -1);
	ck_assert_str_eq(msg, NPFX "its ndb blobs of packages 7 and 8 "
	    "overlap");
	free(msg);
}
END_TEST

/* Two blobs of the same header number: refused (rpm keeps one slot per
 * header number). */
START_TEST(test_ndb_duplicate_header_number_is_error)
{
	uint8_t f[NDB_LEN + 128];
	char *msg;
	char *evr;
	int n;

	craft_ndb(f);
	memcpy(f + NDB_LEN, f + 4096, 128);
	memcpy(f + 48, f + 32, 16);
	l32(f + 48 + 8, 264);
	read_packages_at(RPMDB_NDB_PATH, f, sizeof(f), &n, &msg, &evr);
	ck_assert_int_eq(n, -1);
	ck_assert_str_eq(msg, NPFX "header number 7 is there twice");
	free(msg);
}
END_TEST

/* ---- real databases ---- */

static const struct {
	const char	*file;
	const char	*path;
} variants[] = {
	{ "hash/Packages", RPMDB_BDB_PATH },
	{ "hash512/Packages", RPMDB_BDB_PATH },
	{ "hashbe/Packages", RPMDB_BDB_PATH },
	{ "btree/Packages", RPMDB_BDB_PATH },
	{ "ndb/Packages.db", RPMDB_NDB_PATH },
};

/* Open a root holding FILE (in WORK) at REL; its database. */
static const struct rpmdb_db *
open_db(const char *work, const char *file, const char *rel,
    struct target **tp, char **rootp)
{
	const struct rpmdb_db *db = NULL;
	struct diag *d = diag_new();
	char *from = xasprintf("%s/%s", work, file);
	size_t len;
	char *buf = tu_slurp(from, &len);

	*rootp = tu_tmpdir();
	tu_write_bytes(*rootp, rel, buf, len, 0644);
	free(buf);
	free(from);
	*tp = tu_target_open(*rootp);
	ck_assert_int_eq(rpmdb_get(*tp, &limits_default, &db, d), FS_OK);
	ck_assert_msg(db != NULL, "%s: %s", file, diag_text(d, 0));
	diag_free(d);
	return db;
}

static bool
same(const char *a, const char *b)
{
	return (a == NULL && b == NULL) ||
	    (a != NULL && b != NULL && strcmp(a, b) == 0);
}

START_TEST(test_bdb_real_databases_match_sqlite_and_rpm)
{
	const char *tools[] = { "rpm", "rpmbuild", "db5.3_load", "python3" };
	const struct rpmdb_db *ref;
	struct target *t0;
	char *work = tu_tmpdir();
	char *root0;
	char *script = tu_srcpath("tests/unit/mkrpmdb-bdb.sh");
	char *qa;
	char *cmd;
	size_t qalen;
	int rc;

	for (int i = 0; i < NITEMS(tools); i++) {
		const char *ci = getenv("CI");

		if (have_tool(tools[i]))
			continue;
		ck_assert_msg(ci == NULL || strcmp(ci, "true") != 0,
		    "needs %s (autotools/deps.sh); CI=true does not allow "
		    "skipping", tools[i]);
		fprintf(stderr, "check_rpmdb_bdb: skipping the real database "
		    "case: needs %s (apt-get install rpm db5.3-util)\n",
		    tools[i]);
		tu_rmtree(work);
		free(work);
		free(script);
		return;
	}
	cmd = xasprintf("sh %s %s 20 400", script, work);
	rc = system(cmd);
	ck_assert_msg(rc == 0, "%s: exit status %d", cmd, rc);
	free(cmd);
	free(script);
	cmd = xasprintf("%s/rpm-qa.txt", work);
	qa = tu_slurp(cmd, &qalen);
	free(cmd);
	ref = open_db(work, "sqlite/rpmdb.sqlite", RPMDB_SQLITE_PATH, &t0,
	    &root0);
	ck_assert_uint_eq(ref->n, 22);
	for (int v = 0; v < NITEMS(variants); v++) {
		const char *file = variants[v].file;
		struct target *t;
		char *root;
		const struct rpmdb_db *db = open_db(work, file,
		    variants[v].path, &t, &root);

		ck_assert_str_eq(db->path, variants[v].path);
		ck_assert_msg(db->n == ref->n, "%s: %zu packages, SQLite %zu",
		    file, db->n, ref->n);
		for (size_t i = 0; i < db->n; i++) {
			const struct rpmdb_pkg *a = &db->v[i];
			const struct rpmdb_pkg *b = &ref->v[i];
			char *line = xasprintf("\n%" PRId64 " %s %s:%s-%s %s\n",
			    a->hnum, a->name, a->epoch != NULL ? a->epoch :
			    "0", a->version, a->release, a->arch);
			void *x;
			void *y;
			size_t xl;
			size_t yl;

			ck_assert_msg(a->hnum == b->hnum && same(a->name,
			    b->name) && same(a->epoch, b->epoch) &&
			    same(a->version, b->version) && same(a->release,
			    b->release) && same(a->arch, b->arch) &&
			    same(a->evr, b->evr) && same(a->keyid, b->keyid),
			    "%s: package %zu is %s %s, SQLite %s %s", file, i,
			    a->name, a->evr, b->name, b->evr);
			/* what rpm's bdb_ro listed (the file starts with a
			 * line too: compare from its first newline on) */
			ck_assert_msg(strstr(qa, line + 1) == qa ||
			    strstr(qa, line) != NULL, "%s: rpm -qa does not "
			    "list %s", file, line + 1);
			free(line);
			ck_assert_int_eq(rpmdb_header(db, a, &x, &xl), FS_OK);
			ck_assert_int_eq(rpmdb_header(ref, b, &y, &yl), FS_OK);
			ck_assert_uint_eq(xl, yl);
			ck_assert(memcmp(x, y, xl) == 0);
			free(x);
			free(y);
		}
		target_close(t);
		tu_rmtree(root);
		free(root);
	}
	target_close(t0);
	tu_rmtree(root0);
	free(root0);
	free(qa);
	tu_rmtree(work);
	free(work);
}
END_TEST

static Suite *
bdb_suite(void)
{
	Suite *s = suite_create("rpmdb_bdb");
	TCase *tc = tcase_create("crafted");

	tcase_add_loop_test(tc, test_bdb_crafted_reads_both_byte_orders, 0,
	    2);
	tcase_add_loop_test(tc, test_bdb_hostile_is_error, 0,
	    NITEMS(hostile));
	tcase_add_test(tc, test_bdb_hostile_probe_is_error);
	tcase_add_test(tc, test_ndb_crafted_reads);
	tcase_add_loop_test(tc, test_ndb_hostile_is_error, 0,
	    NITEMS(ndb_hostile));
	tcase_add_test(tc, test_ndb_overlapping_blobs_are_error);
	tcase_add_test(tc, test_ndb_duplicate_header_number_is_error);
	suite_add_tcase(s, tc);
	tc = tcase_create("real");
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_bdb_real_databases_match_sqlite_and_rpm);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return tu_run_suite(bdb_suite());
}
