/*
 * blockdev.c -- disk images behind one "read at offset" interface.
 *
 * A raw image is the file itself, read with pread(2). A window is a byte
 * range of another device (a partition): every read is checked against
 * its bounds here, so a file system that points past its partition gets
 * an error, not its neighbour's bytes. Container formats (qcow2, VHD,
 * VMDK) plug in as more blockdev_ops.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "assay/blockdev.h"
#include "assay/xmem.h"

static int
raw_pread(struct blockdev *bd, void *buf, size_t len, uint64_t off)
{
	char *p = buf;

	while (len > 0) {
		ssize_t n = pread(bd->fd, p, len, (off_t)off);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			snprintf(bd->err, sizeof(bd->err), "read at offset "
			    "%llu: %s", (unsigned long long)off, n == 0 ?
			    "unexpected end of file" : strerror(errno));
			return -1;
		}
		p += n;
		len -= (size_t)n;
		off += (uint64_t)n;
	}
	return 0;
}

static void
raw_close(struct blockdev *bd)
{
	close(bd->fd);
}

static const struct blockdev_ops raw_ops = {
	.pread = raw_pread,
	.close = raw_close,
};

struct blockdev *
blockdev_open(const char *path, char *err, size_t errlen)
{
	struct blockdev *bd;
	struct stat st;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (fd < 0) {
		snprintf(err, errlen, "%s", strerror(errno));
		return NULL;
	}
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		snprintf(err, errlen, "not a regular file");
		close(fd);
		return NULL;
	}
	bd = xcalloc(1, sizeof(*bd));
	bd->ops = &raw_ops;
	bd->format = "raw";
	bd->size = (uint64_t)st.st_size;
	bd->fd = fd;
	return bd;
}

static int
window_pread(struct blockdev *bd, void *buf, size_t len, uint64_t off)
{
	if (blockdev_pread(bd->parent, buf, len, bd->base + off) != 0) {
		snprintf(bd->err, sizeof(bd->err), "%s", bd->parent->err);
		return -1;
	}
	return 0;
}

static void
window_close(struct blockdev *bd)
{
	(void)bd;
}

static const struct blockdev_ops window_ops = {
	.pread = window_pread,
	.close = window_close,
};

struct blockdev *
blockdev_window(struct blockdev *parent, uint64_t off, uint64_t len)
{
	struct blockdev *bd;

	if (off > parent->size || len > parent->size - off)
		return NULL;
	bd = xcalloc(1, sizeof(*bd));
	bd->ops = &window_ops;
	bd->format = parent->format;
	bd->size = len;
	bd->fd = -1;
	bd->base = off;
	bd->parent = parent;
	return bd;
}

int
blockdev_pread(struct blockdev *bd, void *buf, size_t len, uint64_t off)
{
	if (off > bd->size || len > bd->size - off) {
		snprintf(bd->err, sizeof(bd->err), "read of %zu bytes at "
		    "offset %llu is past the end (%llu bytes)", len,
		    (unsigned long long)off, (unsigned long long)bd->size);
		return -1;
	}
	return bd->ops->pread(bd, buf, len, off);
}

void
blockdev_close(struct blockdev *bd)
{
	if (bd == NULL)
		return;
	bd->ops->close(bd);
	free(bd);
}
