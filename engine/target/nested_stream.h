/*
 * nested_stream.h -- is a gzip or zstd stream's content another compressed
 * stream? engine/target/nested_stream.c.
 */
#ifndef ASSAY_NESTED_STREAM_H
#define ASSAY_NESTED_STREAM_H

#include <stdbool.h>
#include <stddef.h>

/* Do the N bytes at P start with the gzip or zstd magic? */
bool		 stream_compressed(const unsigned char *p, size_t n);
/* When the N bytes at P start a gzip or zstd stream whose content starts
 * with the gzip or zstd magic: the outer stream's name ("gzip", "zstd"),
 * static; else NULL. */
const char	*nested_stream(const unsigned char *p, size_t n);
/* The same for the first bytes of the open file FD (read with pread). */
const char	*nested_stream_fd(int fd);

#endif /* ASSAY_NESTED_STREAM_H */
