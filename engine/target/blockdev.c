/*
 * blockdev.c -- disk images behind one "read at offset" interface.
 *
 * A raw image is the file itself, read with pread(2). A window is a byte
 * range of another device (a partition): every read is checked against
 * its bounds here, so a file system that points past its partition gets
 * an error, not its neighbour's bytes. Container formats are read by
 * Debian's libyal libraries (libqcow 20201213, libvhdi 20210425,
 * libvmdk 20200926), told apart by content: qcow2 ("QFI\xfb"), VHDX
 * ("vhdxfile"), VHD (the "conectix" footer at the end, and its copy at
 * the start of a dynamic one), VMDK ("KDMV" sparse header or a
 * "# Disk DescriptorFile" text). What they cannot serve is an error
 * naming it: a qcow2 backing file, a differencing VHD's parent, a VMDK
 * whose extents live in other files than the one given (a descriptor
 * could name any file of the host).
 *
 * GCP's image format, disk.raw in a gzip'd tar (GNU sparse members
 * allowed), cannot be read in place: blockdev_open_gcp() inflates it with
 * libarchive into a temporary file in $TMPDIR that is unlinked as soon as
 * it is made (so no exit path leaves it behind), writing no block of
 * zeros (the file stays sparse), at most CAP bytes.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <archive.h>
#include <archive_entry.h>
#include <libqcow.h>
#include <libvhdi.h>
#include <libvmdk.h>

#include "assay/blockdev.h"
#include "assay/xmem.h"
#include "nested_stream.h"

/* The text of a libyal error E (freed), after WHAT, into ERR. */
#define YAL_ERR(lib, e, err, errlen, what) do {				\
	char yal_buf_[1024] = "";					\
									\
	if ((e) != NULL) {						\
		lib##_error_backtrace_sprint((e), yal_buf_, sizeof(yal_buf_));	\
		lib##_error_free(&(e));					\
	}								\
	blockdev_yal_trim(yal_buf_, #lib "_");					\
	/* at most 200 bytes of the library's text: ERR is 256 */	\
	snprintf((err), (errlen), "%s%s%.200s", (what),			\
	    yal_buf_[0] != '\0' ? ": " : "", yal_buf_);		\
} while (0)

/* A libyal error backtrace has one line per call, innermost first:
 * keep the innermost line of the format's own library (PREFIX, e.g.
 * "libqcow_"), which says what is wrong with the image ("unable to
 * retrieve level2 table at offset: 0x..."), else the last line, without
 * its "function: " prefix. */
void
blockdev_yal_trim(char *s, const char *prefix)
{
	char *pick = NULL;
	char *last = s;

	for (char *line = s; *line != '\0'; ) {
		char *nl = strchr(line, '\n');

		if (nl != NULL)
			*nl = '\0';
		if (*line != '\0')
			last = line;
		if (pick == NULL && strncmp(line, prefix, strlen(prefix)) == 0)
			pick = line;
		if (nl == NULL)
			break;
		line = nl + 1;
	}
	if (pick == NULL)
		pick = last;
	if (strncmp(pick, "lib", 3) == 0 && strstr(pick, ": ") != NULL)
		pick = strstr(pick, ": ") + 2;
	memmove(s, pick, strlen(pick) + 1);
}

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

/* ---- qcow2 ---- */

static int
qcow_pread(struct blockdev *bd, void *buf, size_t len, uint64_t off)
{
	libqcow_error_t *e = NULL;
	ssize_t n = libqcow_file_read_buffer_at_offset(bd->priv, buf, len,
	    (off64_t)off, &e);

	if (n < 0 || (size_t)n != len) {
		YAL_ERR(libqcow, e, bd->err, sizeof(bd->err), "qcow2 read");
		return -1;
	}
	return 0;
}

static void
qcow_close(struct blockdev *bd)
{
	libqcow_file_t *f = bd->priv;

	libqcow_file_close(f, NULL);
	libqcow_file_free(&f, NULL);
}

static const struct blockdev_ops qcow_ops = {
	.pread = qcow_pread,
	.close = qcow_close,
};

static int
qcow_open(struct blockdev *bd, const char *path, char *err, size_t errlen)
{
	libqcow_file_t *f = NULL;
	libqcow_error_t *e = NULL;
	size64_t size = 0;
	size_t blen = 0;

	if (libqcow_file_initialize(&f, &e) != 1 ||
	    libqcow_file_open(f, path, LIBQCOW_OPEN_READ, &e) != 1) {
		YAL_ERR(libqcow, e, err, errlen, "qcow2");
		libqcow_file_free(&f, NULL);
		return -1;
	}
	bd->priv = f;
	bd->ops = &qcow_ops;
	if (libqcow_file_get_utf8_backing_filename_size(f, &blen, &e) == 1 &&
	    blen > 1) {
		char name[256] = "";

		(void)libqcow_file_get_utf8_backing_filename(f,
		    (uint8_t *)name, sizeof(name), NULL);
		snprintf(err, errlen, "qcow2 with a backing file (\"%s\"): "
		    "not supported; convert it to a standalone image "
		    "(qemu-img convert)", name);
		return -1;
	}
	libqcow_error_free(&e);
	if (libqcow_file_get_media_size(f, &size, &e) != 1) {
		YAL_ERR(libqcow, e, err, errlen, "qcow2 size");
		return -1;
	}
	bd->size = size;
	bd->format = "qcow2";
	return 0;
}

/* ---- VHD and VHDX ---- */

static int
vhdi_pread(struct blockdev *bd, void *buf, size_t len, uint64_t off)
{
	libvhdi_error_t *e = NULL;
	ssize_t n = libvhdi_file_read_buffer_at_offset(bd->priv, buf, len,
	    (off64_t)off, &e);

	if (n < 0 || (size_t)n != len) {
		YAL_ERR(libvhdi, e, bd->err, sizeof(bd->err), "VHD read");
		return -1;
	}
	return 0;
}

static void
vhdi_close(struct blockdev *bd)
{
	libvhdi_file_t *f = bd->priv;

	libvhdi_file_close(f, NULL);
	libvhdi_file_free(&f, NULL);
}

static const struct blockdev_ops vhdi_ops = {
	.pread = vhdi_pread,
	.close = vhdi_close,
};

static int
vhdi_open(struct blockdev *bd, const char *path, bool vhdx, char *err,
    size_t errlen)
{
	libvhdi_file_t *f = NULL;
	libvhdi_error_t *e = NULL;
	const char *kind = vhdx ? "VHDX" : "VHD";
	uint32_t type = 0;
	size64_t size = 0;

	if (libvhdi_file_initialize(&f, &e) != 1 ||
	    libvhdi_file_open(f, path, LIBVHDI_OPEN_READ, &e) != 1) {
		YAL_ERR(libvhdi, e, err, errlen, kind);
		libvhdi_file_free(&f, NULL);
		return -1;
	}
	bd->priv = f;
	bd->ops = &vhdi_ops;
	if (libvhdi_file_get_disk_type(f, &type, &e) != 1 ||
	    libvhdi_file_get_media_size(f, &size, &e) != 1) {
		YAL_ERR(libvhdi, e, err, errlen, kind);
		return -1;
	}
	if (type == LIBVHDI_DISK_TYPE_DIFFERENTIAL) {
		snprintf(err, errlen, "%s: a differencing disk (it needs its "
		    "parent): not supported", kind);
		return -1;
	}
	bd->size = size;
	bd->format = vhdx ? "vhdx" : type == LIBVHDI_DISK_TYPE_FIXED ?
	    "vhd fixed" : "vhd dynamic";
	return 0;
}

int
blockdev_vhd_footer_check(const unsigned char *f, char *err, size_t errlen)
{
	uint32_t sum = 0;
	uint32_t want;

	/* Microsoft VHD Image Format Specification 1.0, "Checksum": the
	 * one's complement of the byte sum of the footer without the
	 * checksum field (bytes 64..67) */
	for (size_t i = 0; i < 512; i++)
		if (i < 64 || i > 67)
			sum += f[i];
	sum = ~sum;
	want = (uint32_t)f[64] << 24 | (uint32_t)f[65] << 16 |
	    (uint32_t)f[66] << 8 | f[67];
	if (sum == want)
		return 0;
	snprintf(err, errlen, "VHD: footer checksum 0x%08x does not match "
	    "its content (0x%08x): a damaged or forged footer", want, sum);
	return -1;
}

/* ---- VMDK ---- */

static int
vmdk_pread(struct blockdev *bd, void *buf, size_t len, uint64_t off)
{
	libvmdk_error_t *e = NULL;
	ssize_t n = libvmdk_handle_read_buffer_at_offset(bd->priv, buf, len,
	    (off64_t)off, &e);

	if (n < 0 || (size_t)n != len) {
		YAL_ERR(libvmdk, e, bd->err, sizeof(bd->err), "VMDK read");
		return -1;
	}
	return 0;
}

static void
vmdk_close(struct blockdev *bd)
{
	libvmdk_handle_t *h = bd->priv;

	libvmdk_handle_close(h, NULL);
	libvmdk_handle_free(&h, NULL);
}

static const struct blockdev_ops vmdk_ops = {
	.pread = vmdk_pread,
	.close = vmdk_close,
};

/* Are the extents of H all the file PATH itself (a monolithic sparse or
 * stream-optimized VMDK)? Else ERR says which file it would read. */
static int
vmdk_extents_self(libvmdk_handle_t *h, const char *path, char *err,
    size_t errlen)
{
	const char *base = strrchr(path, '/');
	int n = 0;

	base = base != NULL ? base + 1 : path;
	if (libvmdk_handle_get_number_of_extents(h, &n, NULL) != 1 || n < 1) {
		snprintf(err, errlen, "VMDK: no extents");
		return -1;
	}
	for (int i = 0; i < n; i++) {
		libvmdk_extent_descriptor_t *x = NULL;
		char name[256] = "";
		int ok;

		if (libvmdk_handle_get_extent_descriptor(h, i, &x, NULL) != 1) {
			snprintf(err, errlen, "VMDK: extent %d unreadable", i);
			return -1;
		}
		ok = libvmdk_extent_descriptor_get_utf8_filename(x,
		    (uint8_t *)name, sizeof(name), NULL) == 1 &&
		    strcmp(name, base) == 0;
		libvmdk_extent_descriptor_free(&x, NULL);
		if (!ok) {
			snprintf(err, errlen, "VMDK: extent %d is in another "
			    "file (\"%s\"): only monolithicSparse and "
			    "streamOptimized images are read", i, name);
			return -1;
		}
	}
	return 0;
}

static int
vmdk_open(struct blockdev *bd, const char *path, char *err, size_t errlen)
{
	libvmdk_handle_t *h = NULL;
	libvmdk_error_t *e = NULL;
	size64_t size = 0;
	char *dir;
	char *slash;
	int type = 0;

	if (libvmdk_handle_initialize(&h, &e) != 1 ||
	    libvmdk_handle_open(h, path, LIBVMDK_OPEN_READ, &e) != 1) {
		YAL_ERR(libvmdk, e, err, errlen, "VMDK");
		libvmdk_handle_free(&h, NULL);
		return -1;
	}
	bd->priv = h;
	bd->ops = &vmdk_ops;
	if (vmdk_extents_self(h, path, err, errlen) != 0)
		return -1;
	/* the one extent is PATH itself, opened from its own directory */
	dir = xstrdup(path);
	slash = strrchr(dir, '/');
	if (slash != NULL)
		slash[slash == dir ? 1 : 0] = '\0';
	if (libvmdk_handle_set_extent_data_files_path(h, slash != NULL ? dir :
	    ".", strlen(slash != NULL ? dir : "."), &e) != 1 ||
	    libvmdk_handle_open_extent_data_files(h, &e) != 1 ||
	    libvmdk_handle_get_media_size(h, &size, &e) != 1) {
		free(dir);
		YAL_ERR(libvmdk, e, err, errlen, "VMDK");
		return -1;
	}
	free(dir);
	(void)libvmdk_handle_get_disk_type(h, &type, NULL);
	bd->size = size;
	bd->format = type == LIBVMDK_DISK_TYPE_STREAM_OPTIMIZED ?
	    "vmdk streamOptimized" : "vmdk monolithicSparse";
	return 0;
}

/* The member name of a GCP image tarball's first entry, without "./". */
static bool
gcp_name_ok(const char *name)
{
	if (name == NULL)
		return false;
	if (strncmp(name, "./", 2) == 0)
		name += 2;
	return strcmp(name, "disk.raw") == 0;
}

/* Open the gzip'd tar PATH for reading with libarchive, or NULL. */
static struct archive *
gcp_archive(const char *path)
{
	struct archive *a;
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	bool nested = fd >= 0 && nested_stream_fd(fd) != NULL;

	if (fd >= 0)
		close(fd);
	if (nested)	/* libarchive 3.6 could hang on it: nested_stream.c */
		return NULL;
	a = archive_read_new();
	archive_read_support_filter_gzip(a);
	archive_read_support_format_tar(a);
	if (archive_read_open_filename(a, path, 65536) != ARCHIVE_OK) {
		archive_read_free(a);
		return NULL;
	}
	return a;
}

bool
blockdev_is_gcp(const char *path)
{
	struct archive *a = gcp_archive(path);
	struct archive_entry *e;
	bool ok;

	if (a == NULL)
		return false;
	ok = archive_read_next_header(a, &e) == ARCHIVE_OK &&
	    archive_filter_code(a, 0) == ARCHIVE_FILTER_GZIP &&
	    gcp_name_ok(archive_entry_pathname(e));
	archive_read_free(a);
	return ok;
}

static bool
all_zero(const char *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (p[i] != 0)
			return false;
	return true;
}

/* Inflate disk.raw of archive A (at its first header) into FD. */
static int
gcp_inflate(struct archive *a, int fd, uint64_t cap, uint64_t *size,
    char *err, size_t errlen)
{
	struct archive_entry *e;
	la_int64_t esize;

	if (archive_read_next_header(a, &e) != ARCHIVE_OK ||
	    !gcp_name_ok(archive_entry_pathname(e)) ||
	    archive_entry_filetype(e) != AE_IFREG) {
		snprintf(err, errlen, "GCP image: the first member is not the "
		    "regular file disk.raw");
		return -1;
	}
	esize = archive_entry_size(e);
	if (esize <= 0 || (uint64_t)esize > cap) {
		snprintf(err, errlen, "GCP image: disk.raw of %lld bytes (at "
		    "most %llu are inflated)", (long long)esize,
		    (unsigned long long)cap);
		return -1;
	}
	if (ftruncate(fd, (off_t)esize) != 0) {
		snprintf(err, errlen, "GCP image: temporary file: %s",
		    strerror(errno));
		return -1;
	}
	for (;;) {
		const void *buf;
		size_t len;
		la_int64_t off;
		int r = archive_read_data_block(a, &buf, &len, &off);

		if (r == ARCHIVE_EOF)
			break;
		if (r != ARCHIVE_OK || off < 0 || (uint64_t)off > (uint64_t)esize ||
		    len > (uint64_t)esize - (uint64_t)off) {
			snprintf(err, errlen, "GCP image: disk.raw: %s",
			    r != ARCHIVE_OK && archive_error_string(a) != NULL ?
			    archive_error_string(a) : "data past its size");
			return -1;
		}
		for (size_t k = 0; k < len; k += 65536) {
			size_t n = len - k < 65536 ? len - k : 65536;
			const char *p = (const char *)buf + k;

			if (!all_zero(p, n) && pwrite(fd, p, n,
			    (off_t)((uint64_t)off + k)) != (ssize_t)n) {
				snprintf(err, errlen, "GCP image: temporary "
				    "file: %s", strerror(errno));
				return -1;
			}
		}
	}
	if (archive_read_next_header(a, &e) != ARCHIVE_EOF) {
		snprintf(err, errlen, "GCP image: more members than disk.raw");
		return -1;
	}
	*size = (uint64_t)esize;
	return 0;
}

struct blockdev *
blockdev_open_gcp(const char *path, uint64_t cap, char *err, size_t errlen)
{
	const char *dir = getenv("TMPDIR");
	struct archive *a = gcp_archive(path);
	struct blockdev *bd;
	uint64_t size = 0;
	char *tmpl;
	int fd;

	if (a == NULL) {
		snprintf(err, errlen, "GCP image: cannot be read");
		return NULL;
	}
	tmpl = xasprintf("%s/assay-disk.XXXXXX", dir != NULL && dir[0] != '\0' ?
	    dir : "/tmp");
	fd = mkostemp(tmpl, O_CLOEXEC);
	if (fd >= 0)
		unlink(tmpl);
	free(tmpl);
	if (fd < 0) {
		snprintf(err, errlen, "GCP image: no temporary file in "
		    "$TMPDIR: %s", strerror(errno));
		archive_read_free(a);
		return NULL;
	}
	if (gcp_inflate(a, fd, cap, &size, err, errlen) != 0) {
		archive_read_free(a);
		close(fd);
		return NULL;
	}
	archive_read_free(a);
	bd = xcalloc(1, sizeof(*bd));
	bd->ops = &raw_ops;
	bd->format = "raw disk.raw from a GCP tar.gz, inflated to an unlinked "
	    "temporary file";
	bd->size = size;
	bd->fd = fd;
	return bd;
}

const char *
blockdev_detect(const unsigned char *head, size_t n,
    const unsigned char *tail, size_t tn)
{
	if (n >= 4 && memcmp(head, "QFI\xfb", 4) == 0)
		return "qcow2";
	if (n >= 8 && memcmp(head, "vhdxfile", 8) == 0)
		return "vhdx";
	if (n >= 8 && memcmp(head, "conectix", 8) == 0)
		return "vhd";
	if (n >= 4 && memcmp(head, "KDMV", 4) == 0)
		return "vmdk";
	if (n >= 21 && memcmp(head, "# Disk DescriptorFile", 21) == 0)
		return "vmdk";
	/* a fixed VHD is raw bytes and a footer (VHD spec 1.0, 5.1) */
	if (tn >= 512 && memcmp(tail + tn - 512, "conectix", 8) == 0)
		return "vhd";
	return NULL;
}

struct blockdev *
blockdev_open(const char *path, char *err, size_t errlen)
{
	unsigned char head[512];
	unsigned char tail[512];
	const char *fmt = NULL;
	struct blockdev *bd;
	struct stat st;
	size_t hn = 0;
	size_t tn = 0;
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
	if (bd->size >= sizeof(head) &&
	    raw_pread(bd, head, sizeof(head), 0) == 0 &&
	    raw_pread(bd, tail, sizeof(tail), bd->size - sizeof(tail)) == 0) {
		hn = sizeof(head);
		tn = sizeof(tail);
	}
	fmt = blockdev_detect(head, hn, tail, tn);
	if (fmt == NULL)
		return bd;
	/* a container: its library reads the file by name */
	close(fd);
	bd->fd = -1;
	bd->ops = &window_ops;		/* inert until opened */
	if (strcmp(fmt, "vhd") == 0 &&
	    ((tn == sizeof(tail) && memcmp(tail, "conectix", 8) == 0 &&
	    blockdev_vhd_footer_check(tail, err, errlen) != 0) ||
	    (memcmp(head, "conectix", 8) == 0 &&
	    blockdev_vhd_footer_check(head, err, errlen) != 0))) {
		blockdev_close(bd);
		return NULL;
	}
	if ((strcmp(fmt, "qcow2") == 0 ? qcow_open(bd, path, err, errlen) :
	    strcmp(fmt, "vmdk") == 0 ? vmdk_open(bd, path, err, errlen) :
	    vhdi_open(bd, path, strcmp(fmt, "vhdx") == 0, err, errlen)) != 0) {
		blockdev_close(bd);
		return NULL;
	}
	return bd;
}


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
