/*
 * pkgdb.h -- what the package database readers share (engine/pkgdb.c).
 *
 * dpkg.c, apk.c and rpmdb.c each read one manager's database of the
 * target. They answer the same way (enum fs_rc, the reason in a struct
 * diag positioned at the file and line it is about) and load the same
 * way, which lives here once:
 *
 *   1. pkgdb_get(t, lim, &kind, path, arg, &db, d): the database under
 *      "KIND:PATH" in the target's cache, or loaded by KIND's load() and
 *      cached there (a database that cannot be parsed is not cached: the
 *      next call says it again);
 *   2. in load(), pkgdb_read() reads one file through target_read and
 *      hands its bytes to the parser;
 *   3. a parser of blank-line separated blocks (dpkg's stanzas, apk's
 *      blocks) gives pkgdb_parse_blocks() what is its own: a field line,
 *      a block's end.
 *
 * Only dpkg.c, apk.c and rpmdb.c include it: probes use their headers.
 */
#ifndef ASSAY_PKGDB_H
#define ASSAY_PKGDB_H

#include <stdbool.h>
#include <stddef.h>

#include "assay/diag.h"
#include "assay/limits.h"
#include "assay/target.h"

/* One kind of database: NAME prefixes its cache key ("dpkg"); LOAD reads
 * it for pkgdb_get() (same returns); FREE frees what LOAD made. */
struct pkgdb_kind {
	const char	*name;
	enum fs_rc	(*load)(struct target *t, const struct limits *lim,
			    const char *path, void *arg, void **dbp,
			    struct diag *d);
	void		(*free)(void *db);
};

/* The database of kind K at PATH of T (ARG goes to K->load), from T's
 * cache or freshly loaded. FS_OK with *DBP borrowed until target_close(T),
 * or with *DBP NULL and the reason in D (it cannot be parsed or read);
 * FS_ENOENT, when LOAD finds no database, adds nothing to D; any other
 * return is a read error, in D at the file it is about. */
ASSAY_NODISCARD enum fs_rc pkgdb_get(struct target *t,
		    const struct limits *lim, const struct pkgdb_kind *k,
		    const char *path, void *arg, void **dbp, struct diag *d);

/* Read PATH of T (at most LIMIT bytes) and parse it with PARSE (MAX is
 * the parser's cap on entries). Returns as pkgdb_get() does, with *DBP
 * owned by the caller. */
ASSAY_NODISCARD enum fs_rc pkgdb_read(struct target *t, const char *path,
		    size_t limit, void *(*parse)(const char *path,
		    const char *buf, size_t len, size_t max, struct diag *d),
		    size_t max, void **dbp, struct diag *d);
/* Say in D that PATH could not be read (RC, not FS_OK); returns RC. */
enum fs_rc	 pkgdb_read_error(struct diag *d, const char *path,
		    enum fs_rc rc);
/* Look PATH up in T: FS_OK, FS_ENOENT (also when a component is not a
 * directory: no database there), or the lookup error, in D too. */
ASSAY_NODISCARD enum fs_rc pkgdb_lookup(struct target *t, const char *path,
		    struct diag *d);

/* Is the entry PNAME (of architecture PARCH, NULL when it has none) an
 * instance of package NAME, and of ARCH when ARCH is not NULL? What
 * dpkg_db_find(), apk_db_find() and rpmdb_find() select. */
bool		 pkgdb_is(const char *pname, const char *parch,
		    const char *name, const char *arch);

/* A database of blocks separated by blank lines (lines of spaces and
 * tabs), each block some non-blank lines. */
struct pkgdb_blocks {
	const char	*what;		/* "stanzas": "more than MAX stanzas" */
	/* A non-blank LINE of LEN bytes (writable, and a NUL may be put at
	 * LEN) at AT. 0, or -1 after diag_add(D, AT, why). */
	int		(*line)(void *arg, char *line, size_t len,
			    const struct srcpos *at, struct diag *d);
	/* The block whose first line is FIRST has ended. */
	void		(*end)(void *arg, unsigned first);
};

/* Copy BUF[0..LEN) of the file PATH into *COPYP (a NUL after it; set
 * either way, the caller frees it, and B's callbacks get lines of it) and
 * feed its lines to B with ARG. Returns 0, or -1 with the reason in D at
 * PATH and its line: a NUL byte, more than MAX blocks, or what B's line()
 * refused. */
ASSAY_NODISCARD int pkgdb_parse_blocks(const struct pkgdb_blocks *b,
		    void *arg, const char *path, const char *buf, size_t len,
		    size_t max, char **copyp, struct diag *d);

#endif /* ASSAY_PKGDB_H */
