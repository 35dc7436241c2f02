/*
 * target_registry.c -- an image in an OCI distribution registry as a
 * target: `assay scan docker://HOST[:PORT]/REPO:TAG` or `...@sha256:HEX`
 * (skopeo's docker transport syntax, registry.h).
 *
 * The registry is one more source for the image back end
 * (target_image.c), which does the choosing (index, --platform,
 * --image), the digest checks and the layer reading exactly as for an
 * OCI layout: it asks for "index.json", and we answer with a one-entry
 * index naming the manifest the reference resolves to (GET
 * /v2/REPO/manifests/REF, distribution spec v1.0 "Pulling manifests");
 * then for "blobs/sha256/HEX", which is a manifest when an index we
 * served names it (GET .../manifests/sha256:HEX) and else a config (GET
 * .../blobs/sha256:HEX). Every document is checked against its digest by
 * target_image.c, so what a tag resolves to is the sha256 of the bytes
 * we got. Layers are streamed (registry_http.c) into the layer reader,
 * hashed as they arrive, never written to disk.
 *
 * Manifests are asked for in the four media types an image has today
 * (OCI manifest and index, Docker v2 schema 2 manifest and manifest
 * list); Docker schema 1 (deprecated since docker 1.10, no config) is
 * refused with a message saying so.
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "assay/limits.h"
#include "assay/strbuf.h"
#include "assay/xmem.h"
#include "image_private.h"
#include "registry_private.h"

#define MT_OCI_MANIFEST	"application/vnd.oci.image.manifest.v1+json"
#define MT_OCI_INDEX	"application/vnd.oci.image.index.v1+json"
#define MT_DOCKER_V2	\
	"application/vnd.docker.distribution.manifest.v2+json"
#define MT_DOCKER_LIST	\
	"application/vnd.docker.distribution.manifest.list.v2+json"
#define MT_DOCKER_V1	"application/vnd.docker.distribution.manifest.v1"
/* What we accept; schema 1 last, only to refuse it by name. */
#define ACCEPT_MANIFESTS	MT_OCI_INDEX ", " MT_OCI_MANIFEST ", " \
	MT_DOCKER_LIST ", " MT_DOCKER_V2 ", " MT_DOCKER_V1 \
	"+prettyjws;q=0.1, " MT_DOCKER_V1 "+json;q=0.1"
/* Manifests an index may name that we remember, at most. */
#define MANIFESTS_MAX	1024

struct image_registry {
	struct registry_ref	 ref;
	const char		*given;		/* as given */
	struct reg_http		*http;
	const struct limits	*lim;
	bool			 tls_off;
	char			*top;		/* resolved manifest */
	size_t			 toplen;
	char			*top_mt;
	char			 top_hex[65];
	struct strlist		 manifests;	/* their hex digests */
};

static int
rfail(struct image_registry *r, char *err, size_t errlen,
    const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* ERR: "registry HOST, repository REPO: " and the cause. */
static int
rfail(struct image_registry *r, char *err, size_t errlen,
    const char *fmt, ...)
{
	va_list ap;
	int n;

	n = snprintf(err, errlen, "registry %s, repository %s: ",
	    r->ref.host, r->ref.repo);
	if (n < 0 || (size_t)n >= errlen)
		return -1;
	va_start(ap, fmt);
	vsnprintf(err + n, errlen - (size_t)n, fmt, ap);
	va_end(ap);
	return -1;
}

/* A manifest's media type: its mediaType member, else the response's
 * Content-Type. Refuses schema 1. */
static int
check_manifest(struct image_registry *r, const char *what,
    const char *data, size_t len, const char *ctype, char **mt, char *err,
    size_t errlen)
{
	json_t *j = json_loadb(data, len, 0, NULL);
	const char *m = json_string_value(json_object_get(j, "mediaType"));
	json_int_t sv = json_integer_value(json_object_get(j,
	    "schemaVersion"));
	size_t i;
	json_t *d;

	if (j == NULL) {
		json_decref(j);
		return rfail(r, err, errlen, "manifest %s: not JSON", what);
	}
	if (m == NULL)
		m = ctype;
	if (sv == 1 || (m != NULL && strncmp(m, MT_DOCKER_V1,
	    strlen(MT_DOCKER_V1)) == 0)) {
		json_decref(j);
		return rfail(r, err, errlen, "manifest %s: Docker schema 1 "
		    "manifest: not supported (deprecated, it has no image "
		    "config); push the image again with a current client",
		    what);
	}
	*mt = xstrdup(m != NULL ? m : json_is_array(json_object_get(j,
	    "manifests")) ? MT_OCI_INDEX : MT_OCI_MANIFEST);
	/* the manifests an index names are fetched as manifests */
	json_array_foreach(json_object_get(j, "manifests"), i, d) {
		const char *dg = json_string_value(json_object_get(d,
		    "digest"));

		if (dg != NULL && strncmp(dg, "sha256:", 7) == 0 &&
		    strlen(dg) == 71 && r->manifests.n < MANIFESTS_MAX &&
		    !strlist_has(&r->manifests, dg + 7))
			strlist_add(&r->manifests, dg + 7);
	}
	json_decref(j);
	return 0;
}

/* Fetch the manifest the reference names: r->top. */
static int
resolve(struct image_registry *r, char *err, size_t errlen)
{
	const char *ref = r->ref.digest != NULL ? r->ref.digest : r->ref.tag;
	char *ctype = NULL;
	char *what = xasprintf("%s%s", r->ref.digest != NULL ? "" : "tag ",
	    ref);
	int rc;

	if (reg_http_get(r->http, "manifests", ref, ACCEPT_MANIFESTS,
	    r->lim->image_json_bytes, &r->top, &r->toplen, &ctype) != 0) {
		rc = rfail(r, err, errlen, "manifest %s: %s", what,
		    reg_http_err(r->http));
		free(what);
		return rc;
	}
	image_sha256_hex(r->top, r->toplen, r->top_hex);
	rc = check_manifest(r, what, r->top, r->toplen, ctype, &r->top_mt,
	    err, errlen);
	if (rc == 0 && r->ref.digest != NULL && strcmp(r->ref.digest + 7,
	    r->top_hex) != 0)
		rc = rfail(r, err, errlen, "manifest %s: digest mismatch (its "
		    "content hashes to sha256:%s)", what, r->top_hex);
	free(ctype);
	free(what);
	return rc;
}

int
image_registry_json(struct image_registry *r, const char *name,
    char **data, size_t *len, char *err, size_t errlen)
{
	const char *hex;
	char *dg;
	char *ctype = NULL;
	bool manifest;
	int rc;

	if (strcmp(name, "index.json") == 0) {
		json_t *idx;
		json_t *desc;
		char *refname;

		if (r->top == NULL && resolve(r, err, errlen) != 0)
			return -1;
		refname = xasprintf("%s/%s%s%s", r->ref.host, r->ref.repo,
		    r->ref.tag != NULL ? ":" : "", r->ref.tag != NULL ?
		    r->ref.tag : "");
		desc = json_pack("{s:s, s:s+, s:I, s:{s:s}}", "mediaType",
		    r->top_mt, "digest", "sha256:", r->top_hex, "size",
		    (json_int_t)r->toplen, "annotations",
		    "org.opencontainers.image.ref.name", refname);
		free(refname);
		idx = json_pack("{s:i, s:[o]}", "schemaVersion", 2,
		    "manifests", desc);
		*data = json_dumps(idx, JSON_COMPACT);
		json_decref(idx);
		if (*data == NULL)
			xmem_oom();
		*len = strlen(*data);
		return 0;
	}
	if (strncmp(name, "blobs/sha256/", 13) != 0)
		return rfail(r, err, errlen, "no document \"%s\" in a "
		    "registry", name);
	hex = name + 13;
	if (r->top != NULL && strcmp(hex, r->top_hex) == 0) {
		*data = xmalloc(r->toplen + 1);
		memcpy(*data, r->top, r->toplen);
		(*data)[r->toplen] = '\0';
		*len = r->toplen;
		return 0;
	}
	manifest = strlist_has(&r->manifests, hex);
	dg = xasprintf("sha256:%s", hex);
	if (reg_http_get(r->http, manifest ? "manifests" : "blobs", dg,
	    manifest ? ACCEPT_MANIFESTS : NULL, r->lim->image_json_bytes,
	    data, len, &ctype) != 0) {
		rc = rfail(r, err, errlen, "%s %.19s: %s", manifest ?
		    "manifest" : "config", dg, reg_http_err(r->http));
	} else if (manifest) {
		char *mt = NULL;

		rc = check_manifest(r, dg, *data, *len, ctype, &mt, err,
		    errlen);
		free(mt);
		if (rc != 0) {
			free(*data);
			*data = NULL;
		}
	} else {
		rc = 0;
	}
	free(ctype);
	free(dg);
	return rc;
}

int
image_registry_blob(struct image_registry *r, const char *hex,
    struct image_src *s, char *err, size_t errlen)
{
	char *dg = xasprintf("sha256:%s", hex);
	struct reg_stream *st = reg_stream_open(r->http, dg);

	if (st == NULL) {
		rfail(r, err, errlen, "layer %.19s: %s", dg,
		    reg_http_err(r->http));
		free(dg);
		return -1;
	}
	free(dg);
	s->pull = reg_stream_pull;
	s->pull_arg = st;
	return 0;
}

void
image_registry_blob_end(struct image_src *s)
{
	reg_stream_close(s->pull_arg);
	s->pull_arg = NULL;
	s->pull = NULL;
}

char *
image_registry_describe(struct image_registry *r)
{
	return xasprintf("registry %s (%s%s), %s, digest sha256:%s",
	    r->ref.host, reg_http_scheme(r->http), r->tls_off ?
	    ", TLS verification off (--tls-verify=false)" : "", r->given,
	    r->top_hex);
}

int
target_registry_open(struct target *t, const char *path,
    const struct target_opts *o, struct diag *d)
{
	struct image_registry r;
	char err[512];
	int rc;

	memset(&r, 0, sizeof(r));
	r.given = path;
	r.lim = t->lim;
	r.tls_off = o != NULL && o->tls_no_verify;
	t->kind = TARGET_REGISTRY;
	if (registry_ref_parse(path, &r.ref, err, sizeof(err)) != 0) {
		diag_add(d, NULL, "%s: %s", path, err);
		return -1;
	}
	r.http = reg_http_new(&r.ref, o, err, sizeof(err));
	if (r.http == NULL) {
		diag_add(d, NULL, "%s: registry %s, repository %s: %s", path,
		    r.ref.host, r.ref.repo, err);
		registry_ref_release(&r.ref);
		return -1;
	}
	rc = image_open(t, path, o, &r, d);
	reg_http_free(r.http);
	registry_ref_release(&r.ref);
	free(r.top);
	free(r.top_mt);
	strlist_release(&r.manifests);
	return rc;
}
