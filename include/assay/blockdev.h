/*
 * blockdev.h -- a disk image as one read-only "read at offset" device.
 *
 * A VM disk image comes as raw bytes or inside a container format; the
 * partition and file system readers (engine/target/partition.c, fs_ext.c)
 * see every one of them through this interface, so adding a format never
 * touches them. A window (blockdev_window) is a partition: reads are
 * confined to it, whatever the file system inside it claims.
 *
 *   1. struct blockdev *bd = blockdev_open(path, err, sizeof(err));
 *   2. blockdev_pread(bd, buf, len, off) as often as needed;
 *   3. blockdev_close(bd).
 */
#ifndef ASSAY_BLOCKDEV_H
#define ASSAY_BLOCKDEV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct blockdev;

struct blockdev_ops {
	/* Read LEN bytes at OFF (OFF + LEN <= size, checked by the caller):
	 * 0, or -1 with bd->err set. */
	int	(*pread)(struct blockdev *bd, void *buf, size_t len,
		    uint64_t off);
	/* Free PRIV (not BD). */
	void	(*close)(struct blockdev *bd);
};

struct blockdev {
	const struct blockdev_ops	*ops;
	const char			*format;	/* "raw", "qcow2",
							 * "vhd fixed", ... */
	uint64_t			 size;		/* bytes */
	int				 fd;		/* raw: the file; else -1 */
	uint64_t			 base;		/* window: offset in
							 * the parent */
	struct blockdev			*parent;	/* window: borrowed */
	void				*priv;
	char				 err[256];
};

/* Open disk image PATH read-only, its container format told by content
 * (blockdev_detect; a raw image is anything else). NULL with a message
 * in ERR on failure. */
struct blockdev	*blockdev_open(const char *path, char *err, size_t errlen);
/* Is PATH a GCP image: a gzip'd tar whose first member is disk.raw? */
bool		 blockdev_is_gcp(const char *path);
/* Open GCP image PATH: its disk.raw inflated into an unlinked temporary
 * file of $TMPDIR (sparse; at most CAP bytes). NULL with why in ERR. */
struct blockdev	*blockdev_open_gcp(const char *path, uint64_t cap, char *err,
		    size_t errlen);
/* The container format whose first N bytes are HEAD and last TN bytes
 * TAIL ("qcow2", "vhd", "vhdx", "vmdk"), or NULL: raw. */
const char	*blockdev_detect(const unsigned char *head, size_t n,
		    const unsigned char *tail, size_t tn);
/* Is the 512-byte VHD footer F's checksum right? 0, or -1 with why in
 * ERR. */
int		 blockdev_vhd_footer_check(const unsigned char *f, char *err,
		    size_t errlen);
/* A window of LEN bytes at OFF of PARENT (borrowed; it outlives the
 * window). NULL when the window does not lie inside PARENT. */
struct blockdev	*blockdev_window(struct blockdev *parent, uint64_t off,
		    uint64_t len);
/* Read LEN bytes at OFF: 0, or -1 with bd->err set (a read past the end
 * of the device is an error, never a short read). */
int		 blockdev_pread(struct blockdev *bd, void *buf, size_t len,
		    uint64_t off);
void		 blockdev_close(struct blockdev *bd);

/* Cut the libyal error backtrace S (one line per call, innermost
 * first) to the innermost line of the library named by PREFIX
 * ("libqcow_"), which says what is wrong with the image, else the last
 * line, without its "function: " prefix. In place. */
void		 blockdev_yal_trim(char *s, const char *prefix);

#endif /* ASSAY_BLOCKDEV_H */
