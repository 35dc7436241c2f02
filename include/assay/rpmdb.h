/*
 * rpmdb.h -- the target's rpm database and the rpm version order.
 *
 * Modern rpm (4.16+, RHEL 9, Fedora 33+, SUSE 15 SP5+ use it) keeps its
 * database in SQLite: /var/lib/rpm/rpmdb.sqlite, or
 * /usr/lib/sysimage/rpm/rpmdb.sqlite where /var/lib/rpm is a link there.
 * rpmdb.c reads it through the target with libsqlite3 in memory and
 * parses the header blobs itself (rpmhdr.h); it does not use librpm.
 * Older systems have a Berkeley DB "Packages" file (RHEL <= 8), read
 * without libdb by rpmdb_bdb.c, or ndb "Packages.db" (SUSE 15 SP3-SP4),
 * read by rpmdb_ndb.c.
 *
 *   1. rpmdb_get(t, lim, &db, d) at eval: read once per target and kept
 *      in the target's cache as dpkg.h describes (key "rpmdb:" and the
 *      database file's path; not thread-safe); errors are said in D;
 *   2. rpmdb_find(db, "openssl-libs", ...) for each installed instance;
 *   3. rpmdb_version_cmp(evr, "1:3.0.7-24.el9") to order versions;
 *      rpmdb_version_check() to validate a version given in a policy.
 */
#ifndef ASSAY_RPMDB_H
#define ASSAY_RPMDB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "assay/diag.h"
#include "assay/target.h"

struct limits;

#define RPMDB_SQLITE_PATH	"/var/lib/rpm/rpmdb.sqlite"
#define RPMDB_SQLITE_PATH_USR	"/usr/lib/sysimage/rpm/rpmdb.sqlite"
#define RPMDB_BDB_PATH		"/var/lib/rpm/Packages"
#define RPMDB_BDB_PATH_USR	"/usr/lib/sysimage/rpm/Packages"
#define RPMDB_NDB_PATH		"/var/lib/rpm/Packages.db"
#define RPMDB_NDB_PATH_USR	"/usr/lib/sysimage/rpm/Packages.db"

/* Packages read from one database: a full RHEL install has ~1500-5000;
 * more is a hostile or corrupt file, reported as an error. */
#define RPMDB_PKG_MAX		200000

/* One installed package. Strings are owned by the database. */
struct rpmdb_pkg {
	char	*name;
	char	*epoch;		/* NULL when the header has none */
	char	*version;
	char	*release;
	char	*arch;		/* "(none)" for gpg-pubkey entries */
	char	*evr;		/* "[EPOCH:]VERSION-RELEASE" */
	char	*keyid;		/* signer's key id (16 hex), NULL: unsigned */
	int64_t	 hnum;		/* its row in the Packages table, or key */
	uint64_t blob_at;	/* Berkeley DB, ndb: where its blob is */
};

struct sqlite3;

struct rpmdb_db {
	char		*path;		/* in the target */
	struct sqlite3	*sql;		/* read-only, over IMAGE */
	uint8_t		*image;		/* the file, log replayed */
	size_t		 image_len;
	unsigned	 calls;		/* progress handler count */
	bool		 bdb;		/* IMAGE is a Berkeley DB file */
	bool		 ndb;		/* IMAGE is an ndb Packages.db */
	struct rpmdb_pkg *v;
	size_t		 n;
	size_t		 cap;
};

/* The database of target T from the cache, or read through target_read
 * (limit LIM->rpmdb_bytes, the database and its write-ahead log).
 * - FS_ENOENT: no rpm database at any of the paths above (D untouched);
 * - FS_OK with *DBP borrowed until target_close(T) (its path is the
 *   database file found);
 * - FS_OK with *DBP NULL and the reason in D at the database file: it is
 *   there but cannot be read ("rpm database found at ... but its
 *   Berkeley DB page 2 is reached twice (a loop)": a malformed file or
 *   header);
 * - anything else: the read error, in D at the database file. */
ASSAY_NODISCARD enum fs_rc rpmdb_get(struct target *t,
		    const struct limits *lim, const struct rpmdb_db **dbp,
		    struct diag *d);
void		 rpmdb_free(struct rpmdb_db *db);
/* A copy of package P's header blob (malloc'd into *BLOBP, *LENP bytes;
 * parse it with rpmhdr_parse): FS_OK, or FS_EIO when it cannot be
 * read again. */
ASSAY_NODISCARD enum fs_rc rpmdb_header(const struct rpmdb_db *db,
		    const struct rpmdb_pkg *p, void **blobp, size_t *lenp);

/* The entries of package NAME (any architecture, or only ARCH when not
 * NULL), in database order, at most MAX of them into OUT. */
size_t		 rpmdb_find(const struct rpmdb_db *db, const char *name,
		    const char *arch, const struct rpmdb_pkg **out,
		    size_t max);

/* rpmvercmp(): rpmdb_vercmp_builtin(), rpm's algorithm (alphanumeric
 * segments, `~` before everything, `^` after the end but before
 * anything else). <0, 0 or >0. */
int		 rpmdb_vercmp(const char *a, const char *b);
int		 rpmdb_vercmp_builtin(const char *a, const char *b);
/* Compare two "[EPOCH:]VERSION[-RELEASE]" strings as rpm compares EVRs:
 * epochs numerically (absent = 0), then versions, then releases with
 * rpmdb_vercmp(); when either has no release, releases are not compared
 * (`at_least: "3.0.7"` holds for every release of 3.0.7). */
int		 rpmdb_version_cmp(const char *a, const char *b);
/* Check a policy's EVR: 0, or -1 with a static reason in *WHY. */
int		 rpmdb_version_check(const char *v, const char **why);

#endif /* ASSAY_RPMDB_H */
