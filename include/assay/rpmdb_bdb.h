/*
 * rpmdb_bdb.h -- read an rpm "Packages" file in Berkeley DB format
 * (RHEL/CentOS 7-8, UBI 8, Amazon Linux 2, Oracle Linux 7-8) from its
 * bytes, without libdb: the hash (and btree) access methods rpm 4.16+'s
 * own read-only backend (lib/backend/bdb_ro.c) reads.
 *
 *   1. rpmdb_bdb_walk(img, len, visit, arg): every record but key 0 in
 *      rpm's order, each value (the header blob) assembled from its
 *      overflow pages; a malformed file is a reason, never a crash;
 *   2. rpmdb_bdb_blob(img, len, at) to assemble one value again later.
 */
#ifndef ASSAY_RPMDB_BDB_H
#define ASSAY_RPMDB_BDB_H

#include <stddef.h>
#include <stdint.h>

/* Called with header number HNUM and its blob (BLOB, LEN bytes, valid
 * during the call), found at AT in the file (for rpmdb_bdb_blob). NULL
 * to go on, or a reason (malloc'd) that ends the walk. */
typedef char	*(*rpmdb_bdb_visit)(void *arg, uint32_t hnum,
		    const uint8_t *blob, size_t len, uint64_t at);

/* Walk the Packages file IMG (LEN bytes). NULL, or why it cannot be
 * read (malloc'd, "its Berkeley DB ..." to follow "rpm database found
 * at PATH but "), or VISIT's reason. */
char		*rpmdb_bdb_walk(const uint8_t *img, size_t len,
		    rpmdb_bdb_visit visit, void *arg);

/* The value found at AT by a walk of the same IMG, malloc'd into *BLOBP
 * (*LENP bytes): 0, or -1 when it cannot be assembled. */
int		 rpmdb_bdb_blob(const uint8_t *img, size_t len, uint64_t at,
		    void **blobp, size_t *lenp);

#endif /* ASSAY_RPMDB_BDB_H */
