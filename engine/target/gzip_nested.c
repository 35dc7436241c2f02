/*
 * gzip_nested.c -- is a gzip stream's content another compressed stream?
 *
 * libarchive stacks its filters: a gzip stream whose content is gzip
 * again is read through a second gzip filter, and so on. In libarchive
 * 3.6.2 (Debian 12) the gzip bidder reads ahead for a name or comment
 * field with no bound, so a gzip quine (libarchive's own test file
 * test_read_filter_gzip_recursive.gz, 293 bytes) keeps
 * archive_read_open() busy for minutes and GiBs before anything of
 * assay's can count bytes; libarchive 3.8.0 caps the fields at 1 MiB
 * ("Sanity-check gzip header field length", #2366).
 *
 * Container runtimes decompress a layer once (moby's pkg/archive
 * DecompressStream, containerd's compression.DecompressStream, docker
 * load the same for the archive) and give the result to Go's
 * archive/tar, which calls a gzip stream an invalid tar header: a
 * compressed stream inside a gzip stream is nothing they unpack. So
 * assay refuses it before libarchive opens it, by inflating the first
 * bytes of the content with zlib (a few KiB of input at most).
 */
#include "config.h"

#include <stdint.h>
#include <string.h>
#include <unistd.h>

#include <zlib.h>

#include "gzip_nested.h"

/* how much of the stream is looked at */
#define GZIP_NESTED_PEEK	65536

bool
gzip_nested(const unsigned char *p, size_t n)
{
	unsigned char out[4];
	z_stream z;
	int rc;

	if (n < 2 || p[0] != 0x1f || p[1] != 0x8b)
		return false;
	memset(&z, 0, sizeof(z));
	if (inflateInit2(&z, 15 + 16) != Z_OK)
		return false;
	z.next_in = (Bytef *)(uintptr_t)p;
	z.avail_in = n < GZIP_NESTED_PEEK ? (uInt)n : GZIP_NESTED_PEEK;
	z.next_out = out;
	z.avail_out = sizeof(out);
	do
		rc = inflate(&z, Z_NO_FLUSH);
	while (rc == Z_OK && z.avail_out > 0 && z.avail_in > 0);
	inflateEnd(&z);
	if (z.avail_out > 0)
		return false;
	return (out[0] == 0x1f && out[1] == 0x8b) ||
	    memcmp(out, "\x28\xb5\x2f\xfd", 4) == 0;
}

bool
gzip_nested_fd(int fd)
{
	unsigned char buf[GZIP_NESTED_PEEK];
	ssize_t n = pread(fd, buf, sizeof(buf), 0);

	return n > 0 && gzip_nested(buf, (size_t)n);
}
