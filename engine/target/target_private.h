/*
 * target_private.h -- what every target backend (directory, image) shares.
 *
 * target.c owns the public calls of target.h: it checks and normalizes the
 * caller's path, then calls the backend through one ops table. A backend
 * sees only normalized absolute paths ("/", "/etc/passwd"; no "." or ".."
 * components, no repeated or trailing slashes, shorter than PATH_MAX).
 * target_glob() is built once in target.c on top of list and lookup.
 */
#ifndef ASSAY_TARGET_PRIVATE_H
#define ASSAY_TARGET_PRIVATE_H

#include "assay/target.h"

struct target_ops {
	enum fs_rc	(*lookup)(struct target *t, const char *path,
			    bool follow, struct fsnode *out);
	/* LIMIT is already resolved (never 0); OUT is already reset. */
	enum fs_rc	(*read)(struct target *t, const char *path,
			    size_t limit, struct strbuf *out);
	enum fs_rc	(*readlink)(struct target *t, const char *path,
			    struct strbuf *out);
	/* OUT is already reset; NAME is a non-empty attribute name. */
	enum fs_rc	(*getxattr)(struct target *t, const char *path,
			    const char *name, struct strbuf *out);
	/* Names (not paths) of a directory, sorted, at most lim->glob_max. */
	enum fs_rc	(*list)(struct target *t, const char *path,
			    struct strlist *out);
	enum fs_rc	(*walk)(struct target *t, const char *prefix,
			    target_visit_fn fn, target_walkerr_fn errfn,
			    void *arg);
	/* walk, the nodes carrying their type only; NULL: walk */
	enum fs_rc	(*walk_types)(struct target *t, const char *prefix,
			    target_visit_fn fn, target_walkerr_fn errfn,
			    void *arg);
	/* Hidden (deleted or overwritten) entries; NULL: none. */
	enum fs_rc	(*walk_hidden)(struct target *t, target_visit_fn fn,
			    void *arg);
	/* Content of a hidden file; NULL: there are none. */
	enum fs_rc	(*read_hidden)(struct target *t, const char *path,
			    int layer, size_t limit, struct strbuf *out);
	/* Free the backend's state (not T itself). */
	void		(*close)(struct target *t);
};

/* One value of target_cache_put(). */
struct target_cache_ent {
	char	*key;
	void	*value;
	void	(*free_fn)(void *);
};

/* PATH is the path given to target_open(); LIM is borrowed; PRIV is the
 * backend's state; CACHE the values of target_cache_put(), few. */
struct target {
	const struct target_ops	*ops;
	enum target_kind	 kind;
	char			*path;
	const struct limits	*lim;
	void			*priv;
	char			*describe;	/* NULL: "directory" */
	struct target_cache_ent	*cache;
	size_t			 ncache;
	size_t			 cachecap;
};

/* Open directory PATH as a target. Fills T's ops, kind and priv, or adds
 * `PATH: why` to D and returns -1. */
int	target_dir_open(struct target *t, const char *path, struct diag *d);

/* Open image PATH (a file, or a directory that target_image_is_layout()
 * says is an OCI layout). Fills T's ops, kind, priv and describe, or adds
 * `PATH: why` to D and returns -1. */
int	target_image_open(struct target *t, const char *path,
	    const struct target_opts *o, struct diag *d);
/* Does directory PATH hold an OCI image layout (oci-layout + index.json)? */
bool	target_image_is_layout(const char *path);
/* A read-only fd of regular file PATH resolved inside directory ROOTFD
 * (symlinks followed, never out of it; a FIFO or device is never opened
 * for reading), or -1 with *RC saying why (FS_ENOTREG for anything but a
 * regular file). target_dir.c. */
int	target_open_regular_in(int rootfd, const struct limits *lim,
	    const char *path, enum fs_rc *rc);

/* Open VM disk image PATH (a file target_disk_is_image() accepts): its
 * root file system, with what its /etc/fstab mounts attached. Fills T's
 * ops, kind, priv and describe, or adds `PATH: disk image: why` to D and
 * returns -1. engine/target/disk.c. */
/* Open registry reference PATH ("docker://...", target_registry.c) as
 * an image. Fills T as target_image_open() does. */
int	target_registry_open(struct target *t, const char *path,
	    const struct target_opts *o, struct diag *d);
int	target_disk_open(struct target *t, const char *path,
	    const struct target_opts *o, struct diag *d);
/* Does file PATH hold a disk image (partition table, LVM label or file
 * system superblock at the start), rather than an image archive? */
bool	target_disk_is_image(const char *path);
/* The kind of disk image whose first N bytes are HEAD ("gpt", "mbr",
 * "ext", "xfs", "lvm"), or NULL when it is none. */
const char *target_disk_detect(const unsigned char *head, size_t n);

/* fs_type of a stat mode; fsnode from a struct stat (layer -1). */
struct stat;
enum fs_type	target_mode_type(unsigned mode);
void		target_stat_node(const struct stat *st, struct fsnode *out);
/* OUT = SEC seconds + NSEC nanoseconds (any sign, normalised), known. */
void		target_fstime(struct fstime *out, int64_t sec, int64_t nsec);

#endif /* ASSAY_TARGET_PRIVATE_H */
