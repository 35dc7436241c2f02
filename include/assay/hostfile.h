/*
 * hostfile.h -- the one door from the engine to the host's file system.
 *
 * assay reads two kinds of files. The target's (a root or an image) go
 * through the fs view (target.h) and never touch a host path. The
 * operator's own -- policies, waivers, tailoring, baselines, the pack
 * folders they live in -- and the report files it writes are host files,
 * and every such access goes through this module, so one file
 * (engine/hostfile.c) is where a host path is opened, listed or created.
 * tests/lint/confined.sh refuses host file-system calls anywhere else in
 * engine/ except the target back ends and the rpm database's private copy.
 *
 *   1. hostfile_read(path, cap, regular_only, &buf, &len) for a whole file,
 *      bounded by CAP; free(buf); hostfile_stream(...) for the same in
 *      chunks;
 *   2. hostfile_kind(path, follow) for what a path is;
 *      hostfile_opendir / hostfile_readdir / hostfile_closedir to list a
 *      folder; hostfile_realpath, hostfile_readlink;
 *   3. hostfile_create(path) for a report file; fclose() it;
 *      hostfile_remove(path) when an error left it incomplete.
 */
#ifndef ASSAY_HOSTFILE_H
#define ASSAY_HOSTFILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "assay/diag.h"	/* ASSAY_NODISCARD */
#include "assay/strbuf.h"

enum hostfile_rc {
	HOSTFILE_OK = 0,
	HOSTFILE_ERRNO,		/* open or read failed: errno says why */
	HOSTFILE_TOO_BIG,	/* more than CAP bytes */
	HOSTFILE_NOT_REGULAR,	/* REGULAR_ONLY and not a regular file */
};

/* Read all of PATH (symlinks followed), at most CAP bytes (0: no cap).
 * REGULAR_ONLY refuses anything but a regular file (a FIFO or device is
 * not read, nor waited on).
 * On HOSTFILE_OK, *BUFP is a NUL-terminated copy the caller frees (it may
 * hold NULs inside) and *LENP its length; otherwise both are untouched
 * and, for HOSTFILE_ERRNO, errno says why. */
ASSAY_NODISCARD enum hostfile_rc	hostfile_read(const char *path, size_t cap,
		    bool regular_only, char **bufp, size_t *lenp);

/* As hostfile_read, but PATH is handed to EACH in chunks (at most 1
 * MiB) instead of being held whole: a large file (SCAP content) is
 * parsed as it is read. EACH returns 0 to go on; anything else stops
 * the read and is returned in *STOPP (0 otherwise). More than CAP bytes
 * is HOSTFILE_TOO_BIG (the chunk that passes it is not handed over). */
typedef int	(*hostfile_chunk_fn)(void *arg, const char *chunk,
		    size_t len);
ASSAY_NODISCARD enum hostfile_rc	hostfile_stream(const char *path,
		    size_t cap, bool regular_only, hostfile_chunk_fn each,
		    void *arg, int *stopp);

enum hostfile_kind {
	HOSTFILE_NONE = -1,	/* stat failed: errno says why */
	HOSTFILE_REG,
	HOSTFILE_DIR,
	HOSTFILE_LINK,		/* only when not following */
	HOSTFILE_OTHER,		/* FIFO, socket, device */
};

/* What PATH is: stat(2) with FOLLOW, else lstat(2). */
enum hostfile_kind	hostfile_kind(const char *path, bool follow);

/* A folder being listed (opaque). */
struct hostfile_dir;

/* Open folder PATH for listing: NULL with errno set on failure. */
struct hostfile_dir	*hostfile_opendir(const char *path);
/* The next entry name ("." and ".." included, in no order), NULL at the
 * end; valid until the next call. */
const char		*hostfile_readdir(struct hostfile_dir *dir);
/* Close DIR; NULL is accepted. */
void			 hostfile_closedir(struct hostfile_dir *dir);

/* The canonical absolute path of PATH (realpath(3)), which the caller
 * frees; NULL with errno set. */
char	*hostfile_realpath(const char *path);
/* What symlink PATH points to (readlink(2)), which the caller frees; NULL
 * with errno set (also when longer than PATH_MAX). */
char	*hostfile_readlink(const char *path);

/* Create or truncate PATH for writing a report (close-on-exec; mode 0666
 * less the umask, as fopen(3) "w"); NULL with errno set. */
FILE	*hostfile_create(const char *path);
/* Remove report file PATH that hostfile_create() made and an error left
 * incomplete (unlink(2)); -1 with errno set. */
int	hostfile_remove(const char *path);

#endif /* ASSAY_HOSTFILE_H */
