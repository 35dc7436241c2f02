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
	const char			*format;	/* "raw", ... */
	uint64_t			 size;		/* bytes */
	int				 fd;		/* raw: the file; else -1 */
	uint64_t			 base;		/* window: offset in
							 * the parent */
	struct blockdev			*parent;	/* window: borrowed */
	void				*priv;
	char				 err[256];
};

/* Open disk image PATH read-only, its container format told by content
 * (a raw image is anything else). NULL with a message in ERR on failure. */
struct blockdev	*blockdev_open(const char *path, char *err, size_t errlen);
/* A window of LEN bytes at OFF of PARENT (borrowed; it outlives the
 * window). NULL when the window does not lie inside PARENT. */
struct blockdev	*blockdev_window(struct blockdev *parent, uint64_t off,
		    uint64_t len);
/* Read LEN bytes at OFF: 0, or -1 with bd->err set (a read past the end
 * of the device is an error, never a short read). */
int		 blockdev_pread(struct blockdev *bd, void *buf, size_t len,
		    uint64_t off);
void		 blockdev_close(struct blockdev *bd);

#endif /* ASSAY_BLOCKDEV_H */
