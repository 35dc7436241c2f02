/*
 * registry_private.h -- what the registry target's files share.
 *
 * target_registry.c speaks the distribution API (manifests, blobs) and
 * hands the image to target_image.c; registry_http.c is the HTTP client
 * under it (libcurl, authentication, TLS, retries); registry_parse.c
 * parses references, challenges and credential files (registry.h).
 */
#ifndef ASSAY_REGISTRY_PRIVATE_H
#define ASSAY_REGISTRY_PRIVATE_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "assay/registry.h"
#include "assay/target.h"

struct limits;
struct reg_http;
struct reg_stream;

/* A client for the registry and repository of REF (borrowed while the
 * client lives), with the TLS and timeout choices of O. NULL with ERR
 * saying why (a credential file that cannot be read, a --cert-dir that
 * cannot). */
struct reg_http *reg_http_new(const struct registry_ref *ref,
	    const struct target_opts *o, char *err, size_t errlen);
void	reg_http_free(struct reg_http *h);
/* Why the last call failed, never NULL. */
const char *reg_http_err(const struct reg_http *h);
/* "https", or "http" when the registry answered plain HTTP (loopback or
 * --tls-verify=false only). */
const char *reg_http_scheme(const struct reg_http *h);
/* GET /v2/REPO/KIND/REF (KIND "manifests" or "blobs") with header
 * ACCEPT (or NULL): at most CAP bytes of body into *BODY (NUL-terminated,
 * the caller frees) and *LEN, its Content-Type into *CTYPE (the caller
 * frees; NULL if none). 0, or -1 (reg_http_err() says why). */
int	reg_http_get(struct reg_http *h, const char *kind, const char *ref,
	    const char *accept, size_t cap, char **body, size_t *len,
	    char **ctype);
/* Start streaming blob DIGEST; NULL with reg_http_err(). */
struct reg_stream *reg_stream_open(struct reg_http *h, const char *digest);
/* The next bytes of S into *BUFP (valid until the next call): the
 * count, 0 at the end, -1 with ERR saying why (truncation, reset). */
ssize_t	reg_stream_pull(void *s, const void **bufp, char *err,
	    size_t errlen);
void	reg_stream_close(struct reg_stream *s);

#endif /* ASSAY_REGISTRY_PRIVATE_H */
