/*
 * dpkg.h -- the dpkg status database and the Debian version order.
 *
 * The package probe (and anything else that asks "is X installed, at
 * which version") reads /var/lib/dpkg/status of the target: RFC 822-style
 * stanzas, one per package instance (a Multi-Arch package installed for
 * amd64 and i386 has two stanzas with the same Package). Distroless
 * images (rules_distroless, the older distroless Bazel rules) have no
 * status file but /var/lib/dpkg/status.d/: one file of stanzas per
 * package, named after it, beside a NAME.md5sums list of its files. Those
 * files are read with the same parser, and merged after status when both
 * exist. Versions compare exactly as dpkg --compare-versions does
 * (deb-version(5)).
 *
 *   1. dpkg_db_get(t, lim, &db, d) at eval: parsed once per target and
 *      cached (see below), so thirty package rules cost one parse; what
 *      cannot be read or parsed is said in D, at the file and line;
 *   2. dpkg_db_find(db, "libc6", ...) for each instance of a package;
 *   3. dpkg_version_cmp(a, b) to order versions; dpkg_version_check() to
 *      validate a version given in a policy.
 *
 * Cache: the parsed database is kept in the target's own cache
 * (target_cache_put, key "dpkg:/var/lib/dpkg/status") and freed by
 * target_close(), so another target, even one opened at the same address,
 * always parses its own file. Not thread-safe (evaluation is
 * single-threaded).
 */
#ifndef ASSAY_DPKG_H
#define ASSAY_DPKG_H

#include <stdbool.h>
#include <stddef.h>

#include "assay/diag.h"
#include "assay/target.h"

struct limits;

#define DPKG_STATUS_PATH	"/var/lib/dpkg/status"
#define DPKG_STATUS_D_PATH	"/var/lib/dpkg/status.d"
/* Files of status.d that are not stanzas: md5sums lists. */
#define DPKG_STATUS_D_SKIP	".md5sums"

/* Stanzas parsed from one status file. A real system has 500-5000 and the
 * whole Debian archive about 70000 packages per architecture; more than
 * this is a hostile or corrupt file, reported as an error. */
#define DPKG_STANZA_MAX		200000
/* Skipped stanzas (no Package field) remembered for evidence. */
#define DPKG_SKIPPED_MAX	8

/* One package instance. Strings are owned by the database; absent fields
 * are NULL. */
struct dpkg_pkg {
	const char	*name;
	const char	*arch;
	const char	*version;
	const char	*status;	/* "install ok installed" */
	const char	*source;
	const char	*path;		/* the file holding the stanza */
	unsigned	 line;		/* line of the stanza's first field */
};

struct dpkg_db {
	char		*path;		/* DPKG_STATUS_PATH, or status.d when
					 * there is no status file */
	struct dpkg_pkg	*v;
	size_t		 n;
	size_t		 cap;
	/* Stanzas skipped for lack of a Package field: file and line. */
	const char	*skipped_path[DPKG_SKIPPED_MAX];
	unsigned	 skipped[DPKG_SKIPPED_MAX];
	size_t		 nskipped;	/* all of them, even past the array */
	char		*buf;		/* the file; entries point into it */
	/* Files merged in (dpkg_db_merge): their paths and copies. */
	char		**more_paths;
	char		**more_bufs;
	size_t		  nmore;
	size_t		  bytes;	/* of every file read */
};

/* Parse BUF[0..LEN) as a status file named PATH. Returns the database, or
 * NULL with the reason in D at PATH:LINE when the file is malformed: a
 * continuation line outside a field, a line that is neither a field nor a
 * continuation, a repeated field, a NUL byte, or more than MAX_STANZAS
 * stanzas. */
ASSAY_NODISCARD struct dpkg_db *dpkg_db_parse(const char *path,
		    const char *buf, size_t len, size_t max_stanzas,
		    struct diag *d);
void		 dpkg_db_free(struct dpkg_db *db);
/* Move the entries (and the file copy) of SRC to the end of DST; SRC is
 * freed. */
void		 dpkg_db_merge(struct dpkg_db *dst, struct dpkg_db *src);

/* The parsed database of target T (status, then each file of status.d
 * but the .md5sums ones, in name order), from T's cache or freshly read
 * through target_read (limit LIM->read_max for all the files together:
 * status.d is status split up). Returns FS_OK with *DBP borrowed until
 * target_close(T) (its path is status, or status.d when there is no
 * status file), or *DBP NULL and the reason in D at the file and line
 * that could not be parsed (not cached: the next call says it again).
 * FS_ENOENT: neither status nor status.d, no dpkg database (D untouched).
 * Any other return is the read error, in D at the file it is about. */
ASSAY_NODISCARD enum fs_rc dpkg_db_get(struct target *t,
		    const struct limits *lim, const struct dpkg_db **dbp,
		    struct diag *d);

/* The entries of package NAME (any architecture, or only ARCH when not
 * NULL), in file order, at most MAX of them into OUT. Returns the count. */
size_t		 dpkg_db_find(const struct dpkg_db *db, const char *name,
		    const char *arch, const struct dpkg_pkg **out, size_t max);
/* True when STATUS is "<want> ok installed" (or triggers-pending /
 * triggers-awaited, which are configured packages waiting on triggers):
 * what `dpkg-query -W` and CIS audits call installed. */
bool		 dpkg_status_installed(const char *status);

/* Compare two versions as dpkg does: <0, 0 or >0. Never fails: a value
 * dpkg would reject is compared as its parts anyway. */
int		 dpkg_version_cmp(const char *a, const char *b);
/* Check V as dpkg's parseversion() does (plus: the upstream part must
 * start with a digit). Returns 0, or -1 with a static reason in *WHY
 * ("epoch in version is not number"). */
int		 dpkg_version_check(const char *v, const char **why);

#endif /* ASSAY_DPKG_H */
