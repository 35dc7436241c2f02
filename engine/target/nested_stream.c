/*
 * nested_stream.c -- is a gzip or zstd stream's content another compressed
 * stream?
 *
 * libarchive stacks its filters: a gzip stream whose content is gzip
 * again is read through a second gzip filter, and so on. In libarchive
 * 3.6.2 (Debian 12) the gzip bidder reads ahead for a name or comment
 * field with no bound, so a gzip quine (libarchive's own test file
 * test_read_filter_gzip_recursive.gz, 293 bytes) keeps
 * archive_read_open() busy for minutes and GiBs before anything of
 * assay's can count bytes; libarchive 3.8.0 caps the fields at 1 MiB
 * ("Sanity-check gzip header field length", #2366). The same quine
 * compressed once more with zstd (113 bytes) reaches that bidder through
 * the zstd filter.
 *
 * Container runtimes decompress a layer once (moby's pkg/archive
 * DecompressStream, containerd's compression.DecompressStream, docker
 * load the same for the archive) and give the result to Go's
 * archive/tar, which calls a compressed stream an invalid tar header: a
 * compressed stream inside a gzip or zstd stream is nothing they unpack.
 * So assay refuses it before libarchive opens it, by decompressing the
 * first bytes of the content (zlib, libzstd; a few KiB of input at most,
 * four bytes of output).
 */
#include "config.h"

#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>

#include <zlib.h>
#include <zstd.h>

#include "nested_stream.h"

/* how much of the stream is looked at */
#define NESTED_PEEK	65536
/* the largest zstd window the peek accepts (libzstd's default limit:
 * 128 MiB, which libarchive's zstd filter would allocate too) */
#define NESTED_ZSTD_WLOG	27

static bool
is_gzip(const unsigned char *p, size_t n)
{
	return n >= 2 && p[0] == 0x1f && p[1] == 0x8b;
}

static bool
is_zstd(const unsigned char *p, size_t n)
{
	return n >= 4 && memcmp(p, "\x28\xb5\x2f\xfd", 4) == 0;
}

bool
stream_compressed(const unsigned char *p, size_t n)
{
	return is_gzip(p, n) || is_zstd(p, n);
}

/* The first sizeof(OUT) bytes of the gzip stream P[0..N) into OUT. */
static bool
gunzip_head(const unsigned char *p, size_t n, unsigned char *out,
    size_t nout)
{
	z_stream z;
	int rc;

	memset(&z, 0, sizeof(z));
	if (inflateInit2(&z, 15 + 16) != Z_OK)
		return false;
	z.next_in = (Bytef *)(uintptr_t)p;
	z.avail_in = (uInt)n;
	z.next_out = out;
	z.avail_out = (uInt)nout;
	do
		rc = inflate(&z, Z_NO_FLUSH);
	while (rc == Z_OK && z.avail_out > 0 && z.avail_in > 0);
	inflateEnd(&z);
	return z.avail_out == 0;
}

/* The same for a zstd stream. */
static bool
unzstd_head(const unsigned char *p, size_t n, unsigned char *out,
    size_t nout)
{
	ZSTD_DCtx *dc = ZSTD_createDCtx();
	ZSTD_inBuffer in = { p, n, 0 };
	ZSTD_outBuffer o = { out, nout, 0 };
	size_t rc = 0;

	if (dc == NULL)
		return false;
	(void)ZSTD_DCtx_setParameter(dc, ZSTD_d_windowLogMax,
	    NESTED_ZSTD_WLOG);
	/* each call consumes input or fills output, or fails; the bound
	 * is a guard */
	for (int i = 0; i < 64 && o.pos < o.size && in.pos < in.size; i++) {
		rc = ZSTD_decompressStream(dc, &o, &in);
		if (ZSTD_isError(rc) || rc == 0)
			break;
	}
	ZSTD_freeDCtx(dc);
	return o.pos == nout;
}

const char *
nested_stream(const unsigned char *p, size_t n)
{
	unsigned char out[4];

	if (n > NESTED_PEEK)
		n = NESTED_PEEK;
	if (is_gzip(p, n))
		return gunzip_head(p, n, out, sizeof(out)) &&
		    stream_compressed(out, sizeof(out)) ? "gzip" : NULL;
	if (is_zstd(p, n))
		return unzstd_head(p, n, out, sizeof(out)) &&
		    stream_compressed(out, sizeof(out)) ? "zstd" : NULL;
	return NULL;
}

const char *
nested_stream_fd(int fd)
{
	unsigned char buf[NESTED_PEEK];
	ssize_t n = pread(fd, buf, sizeof(buf), 0);

	return n > 0 ? nested_stream(buf, (size_t)n) : NULL;
}
