/*
 * fuzz_registry.c -- libFuzzer target for what the registry target parses
 * from outside (registry_parse.c): the reference the user gives, the
 * WWW-Authenticate header a registry sends, and the credential files.
 *
 * The first byte of the input chooses the parser, the rest is its input:
 * 'r' a reference (after "docker://"), 'c' a challenge, anything else a
 * credential file (looked up for host "h" and for "docker.io"; a helper
 * it names is not run). A refusal
 * must say why; a success must give what the header promises.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>

#include "assay/registry.h"
#include "assay/xmem.h"
#include "fuzz.h"

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fuzz_init();
	return 0;
}

static void
one_ref(const char *s)
{
	char *in = xasprintf("docker://%s", s);
	struct registry_ref r;
	char err[256] = "";

	if (registry_ref_parse(in, &r, err, sizeof(err)) == 0) {
		if (r.host == NULL || r.api_host == NULL || r.repo == NULL ||
		    (r.tag == NULL) == (r.digest == NULL))
			abort();
	} else if (err[0] == '\0' || r.repo != NULL) {
		abort();
	}
	registry_ref_release(&r);
	free(in);
}

static void
one_challenge(const char *s)
{
	struct registry_challenge ch;

	if (registry_challenge_parse(s, &ch) == 0) {
		if (ch.scheme == NULL || ch.scheme[0] == '\0')
			abort();
	} else if (ch.scheme != NULL) {
		abort();
	}
	registry_challenge_release(&ch);
}

static void
one_auth(const char *s, size_t n, const char *host)
{
	char *u = NULL;
	char *p = NULL;
	char *h = NULL;
	char err[256] = "";
	int rc = registry_auth_parse("fuzz.json", s, n, host, &u, &p, &h,
	    err, sizeof(err));

	if ((rc == 1) != (u != NULL && p != NULL) || (rc == 2) != (h !=
	    NULL) || (rc < 0 && err[0] == '\0'))
		abort();
	free(u);
	free(p);
	free(h);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *buf;

	if (size == 0)
		return 0;
	/* the string parsers read up to a NUL: an exact-size copy with
	 * one */
	buf = xmalloc(size);
	memcpy(buf, data + 1, size - 1);
	buf[size - 1] = '\0';
	if (data[0] == 'r') {
		one_ref(buf);
	} else if (data[0] == 'c') {
		one_challenge(buf);
	} else {
		char *raw = fuzz_copy(data + 1, size - 1);

		one_auth(raw, size - 1, "h");
		one_auth(raw, size - 1, "docker.io");
		free(raw);
	}
	free(buf);
	return 0;
}
