/*
 * apk.h -- Alpine's installed-package database and the apk version order.
 *
 * The package probe reads /lib/apk/db/installed of the target (apk-tools
 * 3 also looks at /usr/lib/apk/db/installed): blocks separated by blank
 * lines, each line a one-letter field "X:value" (P: name, V: version,
 * A: arch, o: origin, plus checksums, files and dependencies we skip).
 * Every package in the file is installed: apk keeps no other states.
 * Versions compare as apk-tools' apk_version_compare() does.
 *
 *   1. apk_db_get(t, lim, &db, d) at eval: parsed once per target and
 *      kept in the target's cache as dpkg.h describes (key "apk:" and the
 *      file's path; not thread-safe); errors are said in D as there;
 *   2. apk_db_find(db, "busybox", ...) for the entries of a package;
 *   3. apk_version_cmp(a, b) to order versions; apk_version_check() to
 *      validate a version given in a policy.
 */
#ifndef ASSAY_APK_H
#define ASSAY_APK_H

#include <stdbool.h>
#include <stddef.h>

#include "assay/diag.h"
#include "assay/target.h"

struct limits;

#define APK_INSTALLED_PATH	"/lib/apk/db/installed"
/* Where apk-tools 3 (Alpine 3.21+ with /usr merge) keeps it. */
#define APK_INSTALLED_PATH_USR	"/usr/lib/apk/db/installed"

/* Packages parsed from one database. Alpine's main+community repositories
 * hold ~25000 packages; more than this is a hostile or corrupt file. */
#define APK_PKG_MAX		200000
/* Blocks without a P: field remembered for evidence. */
#define APK_SKIPPED_MAX		8

/* One installed package. Strings are owned by the database; absent fields
 * are NULL. */
struct apk_pkg {
	const char	*name;		/* P: */
	const char	*version;	/* V: "1.36.1-r15" */
	const char	*arch;		/* A: */
	const char	*origin;	/* o: the source package */
	unsigned	 line;		/* line of the block's first field */
};

struct apk_db {
	char		*path;		/* the file it was read from */
	struct apk_pkg	*v;
	size_t		 n;
	size_t		 cap;
	unsigned	 skipped[APK_SKIPPED_MAX];
	size_t		 nskipped;	/* all of them, even past the array */
	char		*buf;		/* the file; entries point into it */
};

/* Parse BUF[0..LEN) as an installed database named PATH. Returns the
 * database, or NULL with the reason in D at PATH:LINE when the file is
 * malformed: a line that is not "X:value" with X one letter, a repeated
 * P/V/A/o field in one block, a NUL byte, or more than MAX_PKGS blocks. */
ASSAY_NODISCARD struct apk_db *apk_db_parse(const char *path,
		    const char *buf, size_t len, size_t max_pkgs,
		    struct diag *d);
void		 apk_db_free(struct apk_db *db);

/* The parsed database of target T (APK_INSTALLED_PATH, else
 * APK_INSTALLED_PATH_USR), from T's cache or read through target_read
 * (limit LIM->read_max). Returns FS_OK with *DBP borrowed until
 * target_close(T) (its path is the file read), or *DBP NULL and the
 * reason in D at the file and line when it could not be parsed.
 * FS_ENOENT: neither file exists (D untouched). Any other return is the
 * read error, in D at the file it is about. */
ASSAY_NODISCARD enum fs_rc apk_db_get(struct target *t,
		    const struct limits *lim, const struct apk_db **dbp,
		    struct diag *d);

/* The entries of package NAME (any architecture, or only ARCH when not
 * NULL), in file order, at most MAX of them into OUT. Returns the count. */
size_t		 apk_db_find(const struct apk_db *db, const char *name,
		    const char *arch, const struct apk_pkg **out, size_t max);

/* Compare two versions as apk does: <0, 0 or >0. Never fails: an invalid
 * version compares by the tokens that could be read. */
int		 apk_version_cmp(const char *a, const char *b);
/* Check V as apk_version_validate() does (plus: it must start with a
 * digit). Returns 0, or -1 with a static reason in *WHY. */
int		 apk_version_check(const char *v, const char **why);

#endif /* ASSAY_APK_H */
