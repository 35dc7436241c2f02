/*
 * rpmdb_ndb.h -- read an rpm "Packages.db" file in rpm's own ndb format
 * (SUSE 15 SP3-SP4, openSUSE) from its bytes, without librpm.
 *
 *   1. rpmdb_ndb_walk(img, len, visit, arg): every package's header blob
 *      in rpm's order (by position in the file); a malformed file is a
 *      reason, never a crash;
 *   2. rpmdb_ndb_blob(img, len, at) to read one blob again later.
 */
#ifndef ASSAY_RPMDB_NDB_H
#define ASSAY_RPMDB_NDB_H

#include <stddef.h>
#include <stdint.h>

#include "assay/rpmdb_bdb.h"

/* Walk the Packages.db file IMG (LEN bytes), calling VISIT (as for
 * rpmdb_bdb_walk) for each package. NULL, or why it cannot be read
 * (malloc'd, to follow "rpm database found at PATH but "), or VISIT's
 * reason. */
char		*rpmdb_ndb_walk(const uint8_t *img, size_t len,
		    rpmdb_bdb_visit visit, void *arg);

/* The blob found at AT by a walk of the same IMG, malloc'd into *BLOBP
 * (*LENP bytes): 0, or -1 when it cannot be read. */
int		 rpmdb_ndb_blob(const uint8_t *img, size_t len, uint64_t at,
		    void **blobp, size_t *lenp);

#endif /* ASSAY_RPMDB_NDB_H */
