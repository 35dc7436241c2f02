/*
 * gzip_nested.h -- is a gzip stream's content another compressed stream?
 * engine/target/gzip_nested.c.
 */
#ifndef ASSAY_GZIP_NESTED_H
#define ASSAY_GZIP_NESTED_H

#include <stdbool.h>
#include <stddef.h>

/* Do the N bytes at P start a gzip stream whose content starts with the
 * gzip or zstd magic? */
bool	gzip_nested(const unsigned char *p, size_t n);
/* The same for the first bytes of the open file FD (read with pread). */
bool	gzip_nested_fd(int fd);

#endif /* ASSAY_GZIP_NESTED_H */
