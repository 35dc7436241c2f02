/*
 * resolve.h -- path lookup confined to a root directory.
 *
 * Every path a probe asks for is resolved *inside* the target root, the way
 * the kernel would resolve it if that root were "/": an absolute symlink
 * /etc/shadow -> /etc/shadow means the image's own /etc/shadow, "../" never
 * climbs above the root, symlinked directories mid-path are followed inside
 * the root, loops end with RESOLVE_ELOOP after limits->symlink_hops links.
 *
 * Where the kernel has openat2(2), RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS
 * does the work; elsewhere (or when forced, for tests) a component-by-
 * component walk with O_NOFOLLOW and readlinkat() gives the same answers.
 *
 *   1. struct resolver *r = resolve_new(rootfd, lim);
 *   2. resolve_open(r, "/etc/passwd", RESOLVE_FOLLOW, &fd, &st);
 *   3. resolve_free(r)  (does not close rootfd).
 */
#ifndef ASSAY_RESOLVE_H
#define ASSAY_RESOLVE_H

#include <stdbool.h>
#include <sys/stat.h>

struct limits;

enum resolve_rc {
	RESOLVE_OK = 0,
	RESOLVE_ENOENT,		/* a component does not exist (or dangles) */
	RESOLVE_ENOTDIR,	/* a non-directory used as a directory */
	RESOLVE_ELOOP,		/* too many symlinks */
	RESOLVE_EACCES,		/* permission denied */
	RESOLVE_ENAMETOOLONG,
	RESOLVE_EIO,		/* any other error */
};

/* Flags for resolve_open(). */
#define RESOLVE_FOLLOW	0x1	/* follow a symlink in the last component */

struct resolver;

/* ROOTFD is an O_PATH or O_DIRECTORY fd of the root, borrowed. */
struct resolver	*resolve_new(int rootfd, const struct limits *lim);
void		 resolve_free(struct resolver *r);
/* Force the portable fallback even where openat2 exists (tests). */
void		 resolve_force_fallback(struct resolver *r, bool on);
/* True when openat2 with RESOLVE_IN_ROOT is in use. */
bool		 resolve_uses_openat2(const struct resolver *r);

/* Resolve PATH (absolute or relative to the root; both mean the same) and
 * return an O_PATH fd for it in *FDP and its lstat/stat data in *ST.
 * Without RESOLVE_FOLLOW a final symlink is not followed (*ST describes the
 * link). The caller closes *FDP. On error *FDP is -1. Never blocks: FIFOs
 * and devices are only ever opened with O_PATH. PATH may be longer than
 * PATH_MAX (walked a component at a time, with a bounded number of fds);
 * only a component longer than NAME_MAX is RESOLVE_ENAMETOOLONG. */
enum resolve_rc	 resolve_open(struct resolver *r, const char *path,
		    int flags, int *fdp, struct stat *st);

const char	*resolve_rc_str(enum resolve_rc rc);
/* The resolve_rc of errno value E (EPERM is RESOLVE_EACCES; one not
 * listed in enum resolve_rc is RESOLVE_EIO): the one errno-to-code map of
 * the fs view, which target_dir.c uses too. */
enum resolve_rc	 resolve_errno_rc(int e);

#endif /* ASSAY_RESOLVE_H */
