/*
 * fuzz_image.c -- libFuzzer target for the image target (target_image.c,
 * image_layers.c, image_tree.c).
 *
 * Built twice. fuzz_image writes the input as a file and opens it with
 * target_open_opts(): told apart by content, it is a layer tar (plain,
 * gzip or zstd), a docker-archive or an OCI archive. fuzz_image_docker
 * (FUZZ_IMAGE_DOCKER) wraps the input as the single layer of a generated
 * docker-archive, with a config and manifest whose digests match, so the
 * mutations reach the layer merge (whiteouts, opaque dirs, hard links,
 * hostile names) instead of dying at format detection. An image that
 * opens is walked, every file read and every symlink read, and what the
 * layers hide visited; one that does not must say why.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <archive.h>
#include <archive_entry.h>
#include <openssl/evp.h>

#include "assay/diag.h"
#include "assay/strbuf.h"
#include "assay/target.h"
#include "assay/xmem.h"
#include "fuzz.h"

/* Bytes read of one file while walking. */
#define READ_LIMIT	4096

static char *image_path;

static enum walk_ret
visit(const char *path, const struct fsnode *n, void *arg)
{
	struct target *t = arg;
	struct strbuf sb = STRBUF_INIT;
	struct fsnode out;

	if (n->type == FS_REG)
		(void)target_read(t, path, READ_LIMIT, &sb);
	else if (n->type == FS_LNK) {
		(void)target_readlink(t, path, &sb);
		(void)target_lookup(t, path, true, &out);
	}
	strbuf_release(&sb);
	return WALK_CONTINUE;
}

static enum walk_ret
visit_hidden(const char *path, const struct fsnode *n, void *arg)
{
	(void)path;
	(void)n;
	(void)arg;
	return WALK_CONTINUE;
}

#ifdef FUZZ_IMAGE_DOCKER
static void
hex_of(const void *p, size_t len, char hex[65])
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int n = 0;

	EVP_Digest(p, len, md, &n, EVP_sha256(), NULL);
	for (unsigned int i = 0; i < n && i < 32; i++)
		snprintf(hex + 2 * i, 3, "%02x", md[i]);
}

static void
member(struct archive *a, const char *name, const void *data, size_t len)
{
	struct archive_entry *ae = archive_entry_new();

	archive_entry_set_pathname(ae, name);
	archive_entry_set_filetype(ae, AE_IFREG);
	archive_entry_set_perm(ae, 0644);
	archive_entry_set_size(ae, (la_int64_t)len);
	if (archive_write_header(a, ae) != ARCHIVE_OK ||
	    archive_write_data(a, data, len) != (la_ssize_t)len) {
		fprintf(stderr, "fuzz: writing %s: %s\n", name,
		    archive_error_string(a));
		abort();
	}
	archive_entry_free(ae);
}

/* IMAGE_PATH becomes a docker-archive whose one layer is DATA. */
static void
write_image(const uint8_t *data, size_t size)
{
	struct archive *a = archive_write_new();
	char lhex[65], chex[65], lname[80], cname[80];
	char *cfg, *mf;

	hex_of(data, size, lhex);
	cfg = xasprintf("{\"os\":\"linux\",\"architecture\":\"amd64\","
	    "\"config\":{\"User\":\"app\",\"Env\":[\"PATH=/bin\"]},"
	    /* No diff_ids: they hash the UNcompressed tar, so a compressed
	     * fuzz input would stop at that check and never reach the
	     * walk and reads below. */
	    "\"rootfs\":{\"type\":\"layers\"},"
	    "\"history\":[{\"created_by\":\"ADD fuzz\"}]}");
	hex_of(cfg, strlen(cfg), chex);
	snprintf(lname, sizeof(lname), "blobs/sha256/%s", lhex);
	snprintf(cname, sizeof(cname), "%s.json", chex);
	mf = xasprintf("[{\"Config\":\"%s\",\"RepoTags\":[\"fuzz:1\"],"
	    "\"Layers\":[\"%s\"]}]", cname, lname);
	archive_write_set_format_pax_restricted(a);
	if (archive_write_open_filename(a, image_path) != ARCHIVE_OK) {
		fprintf(stderr, "fuzz: %s: %s\n", image_path,
		    archive_error_string(a));
		abort();
	}
	member(a, cname, cfg, strlen(cfg));
	member(a, lname, data, size);
	member(a, "manifest.json", mf, strlen(mf));
	archive_write_close(a);
	archive_write_free(a);
	free(cfg);
	free(mf);
}
#else
static void
write_image(const uint8_t *data, size_t size)
{
	fuzz_put(fuzz_root(), "image.tar", data, size);
}
#endif

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	image_path = xasprintf("%s/image.tar", fuzz_root());
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct strlist globs = STRLIST_INIT;
	struct target_opts o = { .content_globs = &globs };
	struct diag *d = diag_new();
	struct strlist names = STRLIST_INIT;
	struct target *t;

	if (image_path == NULL)
		(void)LLVMFuzzerInitialize(NULL, NULL);
	write_image(data, size);
	strlist_add(&globs, "/etc/*");
	strlist_add(&globs, "/usr/*");
	t = target_open_opts(image_path, &fuzz_limits, &o, d);
	if (t == NULL) {
		fuzz_parse_failed("target_open_opts", d);
	} else {
		(void)target_describe(t);
		(void)target_walk(t, "/", visit, NULL, t);
		(void)target_walk_hidden(t, visit_hidden, NULL);
		(void)target_list(t, "/etc", &names);
		strlist_release(&names);
		(void)target_glob(t, "/etc/*", &names);
		strlist_release(&names);
		target_close(t);
	}
	strlist_release(&globs);
	diag_free(d);
	return 0;
}
