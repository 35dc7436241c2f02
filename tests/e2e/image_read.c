/*
 * image_read.c -- test-only: what assay reads of the paths of an image.
 *
 * `image_read IMAGE [GLOB...]` opens IMAGE as `assay scan` would (default
 * content retention, plus the content of the paths the GLOBs match, as a
 * profile's would be: libarchive-corpus.sh passes the glob of every
 * top-level name) and, for each absolute path on stdin (one a line),
 * prints "ok SHA256 PATH" when target_read() gives its bytes, or "error
 * NAME PATH" (NAME from fs_rc_str) otherwise. container-image.sh
 * compares it with the layers applied by tar. Exit 0, or 3 (the message
 * on stderr) when the image does not open. Never installed.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

#include "assay/diag.h"
#include "assay/limits.h"
#include "assay/strbuf.h"
#include "assay/target.h"

static void
print_sha256(const void *p, size_t n)
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int len = 0;

	EVP_Digest(p, n, md, &len, EVP_sha256(), NULL);
	for (unsigned i = 0; i < len; i++)
		printf("%02x", md[i]);
}

int
main(int argc, char **argv)
{
	struct diag *d = diag_new();
	struct target *t;
	char line[4096];
	struct strlist globs = STRLIST_INIT;
	struct target_opts o = { 0 };

	if (argc < 2) {
		fprintf(stderr, "usage: image_read IMAGE [GLOB...] <paths\n");
		return 2;
	}
	for (int i = 2; i < argc; i++)
		strlist_add(&globs, argv[i]);
	o.content_globs = &globs;
	t = target_open_opts(argv[1], &limits_default, &o, d);
	strlist_release(&globs);
	if (t == NULL) {
		fprintf(stderr, "image_read: %s\n", diag_text(d, 0));
		diag_free(d);
		return 3;
	}
	while (fgets(line, sizeof(line), stdin) != NULL) {
		struct strbuf b = STRBUF_INIT;
		enum fs_rc rc;

		line[strcspn(line, "\n")] = '\0';
		if (line[0] != '/')
			continue;
		rc = target_read(t, line, 0, &b);
		if (rc == FS_OK) {
			printf("ok ");
			print_sha256(b.buf != NULL ? b.buf : "", b.len);
			printf(" %s\n", line);
		} else {
			printf("error %s %s\n", fs_rc_str(rc), line);
		}
		strbuf_release(&b);
	}
	target_close(t);
	diag_free(d);
	return 0;
}
