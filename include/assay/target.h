/*
 * target.h -- what is scanned, behind one read-only filesystem view.
 *
 * A target is a directory holding a root filesystem or (issue #3) a
 * container image tarball; probes see both through the same calls and
 * never touch the host. All paths are absolute paths *inside* the target
 * ("/etc/passwd"); symlinks are resolved inside the target.
 *
 *   1. struct target *t = target_open(path, lim, d);   (exit 3 on NULL)
 *   2. target_lookup / target_read / target_list / target_glob /
 *      target_walk while evaluating;
 *   3. target_close(t), which also frees what target_cache_put() kept.
 */
#ifndef ASSAY_TARGET_H
#define ASSAY_TARGET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "assay/strbuf.h"

struct diag;
struct limits;

enum fs_type {
	FS_REG,
	FS_DIR,
	FS_LNK,
	FS_CHR,
	FS_BLK,
	FS_FIFO,
	FS_SOCK,
	FS_OTHER,
};

/* A time of a node: SEC seconds since 1970-01-01 00:00 UTC (negative
 * before) plus NSEC nanoseconds (0..999999999, added: -0.5 s is SEC -1,
 * NSEC 500000000). KNOWN is false when the back end has no such time
 * for the node; SEC and NSEC are then 0 and mean nothing (not 1970). */
struct fstime {
	int64_t		sec;
	uint32_t	nsec;
	bool		known;
};

/* Metadata of one node. The times are what the source records: a
 * directory target has all three (stat(2)); an image layer the member's
 * modification time only (tar header or pax record, as Go's archive/tar
 * reads it: a runtime sets the access time and the change time when it
 * unpacks); a disk image what the file system's inode holds. */
struct fsnode {
	enum fs_type	type;
	uint32_t	mode;		/* permission bits, 07777 */
	uint32_t	uid;
	uint32_t	gid;
	uint64_t	size;
	int		layer;		/* image layer index; -1 for dirs */
	struct fstime	mtime;		/* last modification of the data */
	struct fstime	atime;		/* last access */
	struct fstime	ctime;		/* last change of the inode */
};

enum fs_rc {
	FS_OK = 0,
	FS_ENOENT,		/* no such path (or a dangling link) */
	FS_ENOTDIR,		/* a component is not a directory */
	FS_ELOOP,		/* symlink loop / too many links */
	FS_ENOTREG,		/* read of a FIFO, socket, device or dir */
	FS_ETOOBIG,		/* file larger than the read limit */
	FS_EACCES,		/* permission denied */
	/* image target: content not kept (metadata only) */
	FS_ENOTRETAINED,
	/* walk: a directory deeper than limits.walk_depth, not entered */
	FS_ETOODEEP,
	FS_EIO,			/* any other error */
};

enum target_kind {
	TARGET_DIR,
	TARGET_DOCKER_ARCHIVE,
	TARGET_OCI_ARCHIVE,
	TARGET_OCI_LAYOUT,
	TARGET_LAYER_TAR,
	TARGET_DISK_IMAGE,
	TARGET_REGISTRY,	/* docker://HOST/REPO:TAG (registry.h) */
};

struct target;

/* Where the reading of an image stands: layer LAYER (1-based) of
 * NLAYERS, BYTES uncompressed read so far over all layers. After at least
 * one update, one last call has DONE set (to clear a progress line). */
struct target_progress {
	int		 layer;
	size_t		 nlayers;
	uint64_t	 bytes;
	bool		 done;
};

/* What an image target's layers hold, as they are read (struct
 * target_opts STREAM): every regular file a layer adds (BEGIN with its
 * size, DATA chunks in order, END; LAYER 0-based), and what a layer
 * deletes (DELETE: a whiteout of PATH; OPAQUE: directory PATH made
 * opaque, hiding what lower layers put below it). A consumer scans bytes
 * as they pass instead of the image keeping them (secrets probe). */
enum target_stream_kind {
	TS_BEGIN,
	TS_DATA,
	TS_END,
	TS_DELETE,
	TS_OPAQUE,
};
struct target_stream_ev {
	enum target_stream_kind	 kind;
	const char		*path;
	int			 layer;
	uint64_t		 size;		/* TS_BEGIN */
	const void		*data;		/* TS_DATA */
	size_t			 len;
};

/* How to open an image target (all fields optional; NULL opts = zeros).
 * IMAGE picks an image of a multi-image archive by name ("app:1.0", a
 * RepoTag or an org.opencontainers.image.ref.name annotation), PLATFORM
 * by "os/arch[/variant]"; without them the only image is taken, else
 * linux/amd64, else the open fails listing the choices. CONTENT_GLOBS
 * are the paths (glob(3) patterns, matching a file or a directory above
 * it) whose contents the profile reads: an image keeps metadata for
 * every path but content only for these and a default set (limits.h);
 * they are read during target_open_opts() only, not kept.
 * PROGRESS, when not NULL, is called with PROGRESS_ARG as image layers
 * are read (the engine never prints; the CLI draws a line on a TTY).
 * NO_VERIFY skips the sha256 checks of layer blobs and diff_ids
 * (manifests and configs are still checked; the description says so).
 * PARTITION picks the root file system of a disk image by partition
 * number; without it the one holding an os-release is taken.
 * A registry (docker://...) is reached with the CAs of CERT_DIR added to
 * the system's (and its client certificate), without checking the
 * server's certificate when TLS_NO_VERIFY (the description says so),
 * and TIMEOUT seconds (0: 30) to connect or between two bytes. */
struct target_opts {
	const char		*image;
	const char		*platform;
	const struct strlist	*content_globs;
	void			(*progress)(const struct target_progress *p,
				    void *arg);
	void			*progress_arg;
	bool			 no_verify;	/* skip layer sha256 checks */
	unsigned		 partition;	/* disk image: root fs, 0 any */
	const char		*cert_dir;	/* registry: CAs, client cert */
	bool			 tls_no_verify;	/* registry: --tls-verify=false */
	unsigned		 timeout;	/* registry: seconds, 0: 30 */
	/* not NULL: called with STREAM_ARG for what the layers hold, as
	 * they are first read (an image target; others never call it) */
	void			(*stream)(const struct target_stream_ev *ev,
				    void *arg);
	void			*stream_arg;
};

/* Open PATH. Reports `PATH: why` in D and returns NULL when it cannot be
 * read (missing, not a directory or a supported archive, unreadable). */
struct target	*target_open(const char *path, const struct limits *lim,
		    struct diag *d);
/* target_open() with options O (may be NULL). A directory holding
 * oci-layout and index.json is an OCI layout, any other directory a root
 * filesystem; a file is a VM disk image (partition table or file
 * system, engine/target/disk.c), a docker-archive, OCI archive or layer
 * tar (plain, gzip or zstd), told apart by content. A hostile or broken
 * image (escaping member, digest mismatch, bomb, truncation) is NULL
 * with one message naming the member. */
struct target	*target_open_opts(const char *path, const struct limits *lim,
		    const struct target_opts *o, struct diag *d);
void		 target_close(struct target *t);

enum target_kind target_kind(const struct target *t);
const char	*target_kind_str(enum target_kind k);
/* The path the target was opened with, borrowed. */
const char	*target_path(const struct target *t);
/* What was opened, for reports: "directory" or e.g. "docker-archive,
 * image app:1.0 (linux/amd64), 3 layers". Borrowed while T lives. */
const char	*target_describe(const struct target *t);

/* Metadata of PATH; FOLLOW resolves a final symlink (inside the target). */
enum fs_rc	 target_lookup(struct target *t, const char *path, bool follow,
		    struct fsnode *out);
/* The content of regular file PATH (symlinks followed inside the target)
 * into OUT (reset first). FS_ETOOBIG when larger than LIMIT (0: the
 * target's read_max); FS_ENOTREG for anything but a regular file; a FIFO
 * or device is never opened for reading. */
enum fs_rc	 target_read(struct target *t, const char *path, size_t limit,
		    struct strbuf *out);
/* The text of symlink PATH (not followed) into OUT. */
enum fs_rc	 target_readlink(struct target *t, const char *path,
		    struct strbuf *out);
/* The value of extended attribute NAME (as "security.capability") of
 * PATH, symlinks followed inside the target, into OUT (reset first).
 * FS_ENOENT when PATH or the attribute does not exist (target_lookup()
 * tells which), FS_ETOOBIG for a value over lim->xattr_bytes,
 * FS_ENOTRETAINED when an image kept no attributes for PATH (over its
 * content budget). A directory target reads the host file's attribute
 * (getxattr(2)), an image its layer's pax SCHILY.xattr / LIBARCHIVE.xattr
 * records, a disk image the file system's own (ext2/3/4 in-inode and
 * block attributes). */
enum fs_rc	 target_getxattr(struct target *t, const char *path,
		    const char *name, struct strbuf *out);
/* The entry names of directory PATH (followed), sorted, without . and ..
 * At most LIM->glob_max names; more is FS_EIO. */
enum fs_rc	 target_list(struct target *t, const char *path,
		    struct strlist *out);
/* Absolute paths matching PATTERN (shell glob in any component, as
 * glob(3) with no dot-files matched by wildcards), sorted. Missing
 * directories match nothing. */
enum fs_rc	 target_glob(struct target *t, const char *pattern,
		    struct strlist *out);

/* Called for each node below (and including) the walk root, parents before
 * children, entries of a directory in name order, symlinks not followed.
 * Return WALK_CONTINUE, WALK_SKIP (do not descend into this directory) or
 * WALK_STOP. */
enum walk_ret {
	WALK_CONTINUE,
	WALK_SKIP,
	WALK_STOP,
};
typedef enum walk_ret (*target_visit_fn)(const char *path,
    const struct fsnode *n, void *arg);
/* Walk from PREFIX. Unreadable directories are passed to ERRFN (may be
 * NULL) and skipped. */
typedef void (*target_walkerr_fn)(const char *path, enum fs_rc rc, void *arg);
enum fs_rc	 target_walk(struct target *t, const char *prefix,
		    target_visit_fn fn, target_walkerr_fn errfn, void *arg);
/* target_walk for a visitor that reads N->type only: the other fields
 * may be zero, the times unknown (a directory target takes the type from readdir() and
 * stats only where the file system does not give it). */
enum fs_rc	 target_walk_types(struct target *t, const char *prefix,
		    target_visit_fn fn, target_walkerr_fn errfn, void *arg);

/* Visit what the layers of an image hide: every non-directory that
 * exists in some layer but not in the merged filesystem (whited out,
 * under an opaque directory, or overwritten by a later layer), with the
 * path it had, N->layer the layer it came from and its metadata. In
 * layer order, then path order. A directory target visits nothing. A
 * secret deleted in a later layer is still in the image: report it. */
enum fs_rc	 target_walk_hidden(struct target *t, target_visit_fn fn,
		    void *arg);
/* The content of the regular file that layer LAYER had at PATH and a
 * later layer hid (as target_walk_hidden() lists it) into OUT (reset
 * first): FS_ENOENT when there is no such hidden file, FS_ETOOBIG over
 * LIMIT (0: read_max), FS_ENOTRETAINED when the image kept only its
 * metadata (content is kept for the paths the profile reads). */
enum fs_rc	 target_read_hidden(struct target *t, const char *path,
		    int layer, size_t limit, struct strbuf *out);

/* Per-target memo for data derived from the target (a parsed package
 * database), so thirty rules parse it once and a later target never sees
 * it. KEY names the value, module first ("dpkg:/var/lib/dpkg/status").
 * target_cache_get() returns the value stored under KEY, borrowed, or
 * NULL. target_cache_put() stores VALUE under KEY (copied), owned by T:
 * a value already under KEY is freed with its own FREE_FN first; values
 * live until target_close(), which frees each with its FREE_FN (NULL:
 * not freed). The target's content is taken not to change while it is
 * open. Not thread-safe (evaluation is single-threaded). */
void		*target_cache_get(struct target *t, const char *key);
void		 target_cache_put(struct target *t, const char *key,
		    void *value, void (*free_fn)(void *));

const char	*fs_rc_str(enum fs_rc rc);
/* The names of a node type, all from one table (target.c), so that
 * probes and reports spell each the same way. */
struct fs_type_names {
	/* The word a policy's `type:` uses: "file", "dir", "symlink",
	 * "fifo", "socket", "char", "block" ("other" for FS_OTHER, which
	 * no policy can ask for). */
	const char	*word;
	/* In a sentence: "setuid file", "not a regular file (character
	 * device)". */
	const char	*noun;
	/* Named on its own, where a path's type is what is judged ("is a
	 * directory, expected a regular file"): FS_REG is "regular file",
	 * the rest as NOUN. */
	const char	*alone;
	/* For counts: "files", "directories", "character devices". */
	const char	*plural;
};

/* T's names (FS_OTHER's for a value outside the enum); static. */
const struct fs_type_names *fs_type_names(enum fs_type t);
/* fs_type_names(T)->noun. */
const char	*fs_type_str(enum fs_type t);

#endif /* ASSAY_TARGET_H */
