/*
 * image_private.h -- what the image target's three files share.
 *
 * target_image.c reads the archive (formats, manifests, config, which
 * image) and drives the layers; image_layers.c streams one layer blob
 * through libarchive and merges its entries into the tree; image_tree.c
 * holds the merged tree and serves the fs view (target_ops) from it.
 */
#ifndef ASSAY_IMAGE_PRIVATE_H
#define ASSAY_IMAGE_PRIVATE_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "assay/diag.h"
#include "assay/image.h"
#include "assay/target.h"
#include "target_private.h"

struct archive;

/* Retained file content, shared by hard links. */
struct image_blob {
	size_t	refs;
	size_t	len;
	char	data[];
};

/* One path of the merged filesystem. NAME is interned (one copy per
 * distinct name); children are found through the tree's hash and kept
 * in KIDS, sorted by name on demand (SORTED). */
struct image_node {
	const char		*name;
	struct image_node	*parent;
	struct image_node	*hnext;		/* hash chain */
	struct image_node	**kids;
	uint32_t		 nkids;
	uint32_t		 kcap;
	uint32_t		 slot;		/* index in parent->kids */
	uint32_t		 mode;		/* 07777 */
	uint32_t		 uid;
	uint32_t		 gid;
	int32_t			 layer;
	int32_t			 olayer;	/* where its data lies: */
	uint32_t		 oentry;	/* entry (1-based) of layer
						 * OLAYER, 0 if none */
	uint8_t			 type;		/* enum fs_type */
	bool			 sorted;
	bool			 want;		/* its data is fetched late */
	bool			 xattr_lost;	/* had some, over the budget */
	bool			 mtime_known;	/* from a tar header */
	uint32_t		 mtime_ns;	/* 0..999999999 */
	int64_t			 mtime;		/* seconds since the epoch */
	uint64_t		 size;
	char			*link;		/* symlink target */
	struct image_blob	*data;
	/* extended attributes, NULL if none: each a NUL-terminated name,
	 * a 4-byte little-endian length, the value */
	struct image_blob	*xattrs;
};

/* A non-directory a later layer hid, with its content when it was
 * kept (shared with hard links). */
struct image_hidden {
	char			*path;
	struct fsnode		 n;
	struct image_blob	*data;
};

struct image_tree {
	struct image_node	 *root;
	struct image_node	**htab;
	size_t			  hsize;
	size_t			  hcount;
	char			**names;	/* interned, open addressing */
	size_t			  nsize;
	size_t			  ncount;
	struct image_hidden	 *hidden;
	size_t			  nhidden;
	bool			  hsorted;	/* by layer, then path */
	size_t			  hcap;
	uint64_t		  nnodes;
};

/* Where a layer blob's bytes come from: the current entry of the outer
 * archive, an open file (read on, or pread() within [POS, END) when
 * RANGED), or memory. Every byte handed out is hashed unless NOHASH (an
 * image_hasher hashes the blob, or digests are not checked). A ranged
 * source can skip bytes nobody reads. */
struct image_src {
	struct archive	*outer;
	int		 fd;
	bool		 ranged;
	bool		 nohash;
	uint64_t	 pos;
	uint64_t	 end;
	const char	*mem;
	size_t		 memlen;
	size_t		 mempos;
	/* else a stream (a registry's blob): PULL(PULL_ARG) gives the next
	 * bytes, 0 at the end, -1 with its message in ERR */
	ssize_t		(*pull)(void *arg, const void **bufp, char *err,
			    size_t errlen);
	void		*pull_arg;
	uint64_t	 total;		/* bytes handed out or skipped */
	void		*md;		/* EVP_MD_CTX */
	char		*buf;
	unsigned char	 tail[8];	/* the last 8 bytes handed out */
	const struct limits *lim;
	bool		 failed;
	char		 err[256];
};

/* A pattern of content to keep while an image is opened. */
struct image_pat {
	const char	*pat;		/* borrowed */
	size_t		 lit;		/* length of its literal start */
	bool		 tree;		/* also matches below it */
	bool		 profile;	/* the profile's, else a default */
};

/* One image being opened, then served. */
struct image {
	struct image_tree		 tree;
	const struct limits		*lim;
	const struct strlist		*globs;
	struct image_pat		*pats;		/* built from GLOBS */
	size_t				 npats;
	struct image_config		 cfg;
	void				*cfgjson;	/* json_t, owns strings */
	void				*mfjson;
	void				*hold;		/* json_t array: index
							 * documents whose
							 * strings cfg borrows */
	const char			**layer_by;	/* created_by per layer */
	size_t				 nlayers;
	size_t				 retained;	/* content bytes kept */
	uint64_t			 entries;	/* over all layers */
	uint64_t			 total;		/* uncompressed bytes */
	/* target_opts progress callback (NULL: none) */
	void				(*progress)(
					    const struct target_progress *p,
					    void *arg);
	void				*progress_arg;
	/* target_opts stream callback (NULL: none) */
	void				(*stream)(
					    const struct target_stream_ev *ev,
					    void *arg);
	void				*stream_arg;
	bool				 verify;	/* check layer digests */
	uint64_t			 progress_next;
	char				*name;		/* cfg.name */
	char				*hc_test;	/* cfg.healthcheck_test */
	char				*id;		/* cfg.id */
	char				*manifest_digest; /* cfg.manifest_digest */
};

/* image_tree.c */
void	image_tree_init(struct image_tree *tr);
void	image_tree_free(struct image_tree *tr);
struct image_node *image_tree_child(struct image_tree *tr,
	    struct image_node *dir, const char *name);
struct image_node *image_tree_add(struct image_tree *tr,
	    struct image_node *dir, const char *name, enum fs_type type);
/* Remove N and everything below it; non-directories are recorded as
 * hidden when HIDE. */
void	image_tree_remove(struct image_tree *tr, struct image_node *n,
	    bool hide);
/* An opaque directory: hide whatever below DIR came from a layer below
 * LAYER, keeping what LAYER itself put there. */
void	image_tree_opaque(struct image_tree *tr, struct image_node *dir,
	    int layer);
void	image_blob_unref(struct image_blob *b);
/* Resolve normalized PATH inside the tree (symlinks followed inside, the
 * final one when FOLLOW), at most HOPS links. */
enum fs_rc image_tree_resolve(struct image_tree *tr, const char *path,
	    bool follow, unsigned hops, struct image_node **out);
extern const struct target_ops image_target_ops;

/* image_hash.c: SHA-256 of blobs in files, on worker threads. Add the
 * jobs, start, then wait for each result; a job no worker has taken is
 * run by the waiting caller. The fds must stay open until the free. */
struct image_hasher;
struct image_hasher *image_hasher_new(void);
/* Job hashing LEN bytes of FD from OFF: its number. Before the start. */
size_t	image_hasher_add(struct image_hasher *h, int fd, uint64_t off,
	    uint64_t len);
void	image_hasher_start(struct image_hasher *h);
/* Is job I left to the caller (not one of the largest, which the
 * workers take)? Then it is the caller's: it hashes the bytes itself as
 * it reads them and never waits for I. Decided at the start, by size. */
bool	image_hasher_claim(struct image_hasher *h, size_t i);
/* The hex sha256 of job I into HEX[65] (0), or -1 with ERR saying why. */
int	image_hasher_wait(struct image_hasher *h, size_t i, char hex[65],
	    char *err, size_t errlen);
/* Stop the workers (between blocks) and free H; NULL is fine. */
void	image_hasher_free(struct image_hasher *h);
/* A stream hashed on its own thread: feed it in order, then finish. */
struct image_streamhash;
/* NULL when libcrypto cannot set up a sha256 context. */
ASSAY_NODISCARD struct image_streamhash *image_streamhash_new(void);
void	image_streamhash_feed(struct image_streamhash *sh, const void *p,
	    size_t n);
/* The hex sha256 of what was fed into HEX[65] (NULL: discard), and free
 * SH (NULL is fine). */
void	image_streamhash_finish(struct image_streamhash *sh, char hex[65]);

/* A file whose content is read by a later pass over its layer: node N,
 * whose data is entry ENTRY (1-based) of layer LAYER. */
struct image_want {
	int32_t			 layer;
	uint32_t		 entry;
	struct image_node	*n;
};

/* image_tar.c: the layer's tar stream as Go's archive/tar reads it. Feed
 * it every byte libarchive's tar reader gets, in order (and what it
 * skips); take the members it found as libarchive returns its headers. */
struct image_tarwalk;
/* A member as Go reads it: NAME and LINK owned, TYPE the type flag, OFF
 * where its header (the first of its extended headers) starts. */
struct image_tar_member {
	char		*name;
	char		*link;
	uint64_t	 size;
	uint64_t	 off;
	char		 type;
	int64_t		 mtime;		/* seconds, plus signed */
	int64_t		 mtime_ns;	/* nanoseconds (pax) */
};
struct image_tarwalk *image_tarwalk_new(void);
void	image_tarwalk_free(struct image_tarwalk *w);
void	image_tarwalk_feed(struct image_tarwalk *w, const void *p, size_t n);
/* N bytes skipped unread: false (and an error) unless they are data. */
bool	image_tarwalk_skip(struct image_tarwalk *w, uint64_t n);
/* The next member found into *OUT (release it), or false. */
bool	image_tarwalk_next(struct image_tarwalk *w,
	    struct image_tar_member *out);
void	image_tar_member_release(struct image_tar_member *m);
/* Why the stream is not what Go reads without error, or NULL so far. */
const char *image_tarwalk_error(const struct image_tarwalk *w);
/* Has the walker not yet seen the end (two zero blocks) or failed? */
bool	image_tarwalk_wants_more(const struct image_tarwalk *w);
/* At the end of the stream: NULL, or why it is not a complete tar. */
const char *image_tarwalk_finish(struct image_tarwalk *w);

/* The digest checks of a layer whose blob a worker hashes, left for
 * after the later layers were read (image_layer_check_later): the
 * reader goes on while the worker hashes. */
struct image_layer_later {
	bool			 pending;
	bool			 diff_is_blob;	/* uncompressed: diff_id is
						 * the blob's digest */
	struct image_hasher	*hasher;
	size_t			 job;
	const char		*blob_hex;	/* borrowed from the spec */
	const char		*diff_hex;
	char			*what;
	char			*after;		/* the failure to report
						 * once the blob matched */
};

/* One layer to apply. */
struct image_layer_spec {
	int			 layer;		/* 0-based */
	size_t			 nlayers;
	const char		*what;		/* names the blob in messages */
	const char		*blob_hex;	/* sha256 of the blob, or NULL */
	const char		*diff_hex;	/* diff_id (uncompressed), or NULL */
	struct image_hasher	*hasher;	/* hashes the blob, or NULL: */
	size_t			 job;		/* the source does */
	struct image_layer_later *later;	/* not NULL: with HASHER,
						 * the checks are left here */
	const struct image_want	*fetch;		/* not NULL: only read the */
	size_t			 nfetch;	/* data of these entries */
};

/* image_layers.c */
/* When libcrypto cannot set up a sha256 context, S starts failed: its
 * first pull is -1 with s->err saying so. */
void	image_src_init(struct image_src *s, const struct limits *lim);
void	image_src_release(struct image_src *s);
/* Make S the LEN bytes of FD from OFF, read with pread(). */
void	image_src_range(struct image_src *s, int fd, uint64_t off,
	    uint64_t len);
/* Does the blob at OFF in FD start like a gzip or zstd stream? */
bool	image_blob_compressed(int fd, uint64_t off, uint64_t len);
/* Forget the content patterns (built on first use from IM->globs). */
void	image_retain_release(struct image *im);
/* Merge the layer tar read from S into IM->tree as described by LS. The
 * blob's sha256 (from S, or LS->hasher's job) must be LS->blob_hex and
 * the uncompressed tar's LS->diff_hex, each when not NULL and
 * IM->verify. A compressed layer is decoded to the end of its compressed
 * stream. With LS->fetch, the layer was applied before: the tree is left
 * as it is, only the data of the listed entries is read into their nodes
 * (sharing one blob per entry), and digests are not checked again. 0, or
 * -1 with D saying why. */
int	image_layer_apply(struct image *im, struct image_src *s,
	    const struct image_layer_spec *ls, struct diag *d);
/* The regular files a retained path reaches through a symlink (a chain,
 * a symlinked directory) or a hard link whose data was not kept by the
 * layer pass, in (layer, entry) order, their budget reserved: *OUT (the
 * caller frees), and their count. */
size_t	image_wants_plan(struct image *im, struct image_want **out);
/* Up to 64 KiB more of S into *BUFP (hashed): the count, 0 at the end,
 * -1 with s->err. */
ssize_t	image_src_pull(struct image_src *s, const void **bufp);
/* The checks a layer left in LATER (waiting for its worker): 0, or -1
 * with D saying why, the message check_digests() would have given; LATER
 * is released. A LATER with nothing pending passes. */
int	image_layer_check_later(struct image_layer_later *later,
	    struct diag *d);
void	image_layer_later_release(struct image_layer_later *later);
/* Read the rest of S (hashed), checking the outer bomb caps. */
int	image_src_drain(struct image_src *s);
/* Is a bomb: more than CAP bytes, or past 256 MiB at a ratio above the
 * limit against IN compressed bytes. */
bool	image_is_bomb(const struct limits *lim, uint64_t out, uint64_t in,
	    uint64_t cap);
/* libarchive's message for A: its error string, else its errno's text,
 * else FALLBACK (libarchive sets neither for some damaged input). Never
 * NULL; borrowed until A's next call. */
const char *image_ar_err(struct archive *a, const char *fallback);
/* pread() of LEN bytes of FD at OFF, retrying EINTR: the count, 0 at
 * the end of the file, -1 with errno. */
ssize_t	image_pread(int fd, void *buf, size_t len, uint64_t off);
/* Finish MD (an EVP_MD_CTX) into lower-case hex HEX[65]. */
void	image_md_hex(void *md, char hex[65]);
/* Lower-case hex sha256 of DATA[0..LEN) into HEX[65] (a manifest, a
 * config blob held in memory). */
void	image_sha256_hex(const void *data, size_t len, char hex[65]);
/* Lower-case hex sha256 of S's bytes so far into HEX[65]. */
void	image_src_digest(struct image_src *s, char hex[65]);

/* target_image.c */
void	image_free(struct image *im);
/* Open the image at PATH, or the one registry REG (not NULL) serves:
 * target_image_open() with the source given. */
struct image_registry;
int	image_open(struct target *t, const char *path,
	    const struct target_opts *o, struct image_registry *reg,
	    struct diag *d);

/* target_registry.c: a registry serving an image's documents and blobs
 * to target_image.c. NAME is "index.json" (an index naming the manifest
 * the reference resolves to) or "blobs/sha256/HEX" (a manifest or a
 * config): its bytes into *DATA (the caller frees) and *LEN, 0, or -1
 * with ERR. */
int	image_registry_json(struct image_registry *r, const char *name,
	    char **data, size_t *len, char *err, size_t errlen);
/* Make S stream blob sha256:HEX: 0, or -1 with ERR. End it with
 * image_registry_blob_end(S) after image_src_release(). */
int	image_registry_blob(struct image_registry *r, const char *hex,
	    struct image_src *s, char *err, size_t errlen);
void	image_registry_blob_end(struct image_src *s);
/* How the image was reached, for the target's description. */
char	*image_registry_describe(struct image_registry *r);

#endif /* ASSAY_IMAGE_PRIVATE_H */
