/*
 * fuzz_secrets.c -- libFuzzer target for the secrets matcher
 * (secret_scan.c): the keyword automaton, the binary sniffer, the
 * patterns with their gates and allowlists, masking and fingerprints.
 *
 * Detectors shaped like the secrets pack's (multi-line PEM, a key id
 * with its secret nearby, an entropy-gated assignment, overlapping and
 * case-folded keywords, a path filter) are compiled once; each input is
 * a file's bytes, scanned as /srv/x and as /etc/shadow. Every hit must
 * carry a masked preview ending in "***" that shows at most SECRET_SHOW
 * characters and a 64-digit hex fingerprint, or the run aborts.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "assay/diag.h"
#include "assay/secret_scan.h"
#include "assay/ynode.h"
#include "fuzz.h"

static const char detectors[] =
    "- {id: pem, title: t, keywords: ['PRIVATE KEY-----'],\n"
    "   pattern: '-----BEGIN (?:RSA |EC )?PRIVATE KEY-----(?!\\s*Proc-Type)"
    "[A-Za-z0-9+/=\\s\\\\]{8,4096}?-----END (?:RSA |EC )?PRIVATE KEY-----'}\n"
    "- {id: aws, title: t, keywords: [AKIA, ASIA], min_entropy: 3.0,\n"
    "   pattern: '(?:AKIA|ASIA)[A-Z0-9]{16}[\\s\\S]{0,64}?([A-Za-z0-9/+]{40})',"
    "\n   allow: [EXAMPLE]}\n"
    "- {id: gen, title: t, keywords: [password, pwd, TOKEN=],\n"
    "   min_length: 4, min_entropy: 2.5, pattern: '(?i)(?:password|pwd)"
    "\\s*[:=]\\s*(?:\"([^\"]{4,64})\"|''([^'']{4,64})'')|(?m)^TOKEN=(\\S+)$'}\n"
    "- {id: tok, title: t, keywords: [ghp_, gho_, gh], nocase: true,\n"
    "   pattern: '\\bgh[po]_[a-z0-9]{8,40}'}\n"
    "- {id: hash, title: t, keywords: [$6$, $y$], allow_paths: [/etc/shadow],\n"
    "   pattern: '\\$(?:6|y)\\$[./A-Za-z0-9$]{8,}'}\n"
    "- {id: empty, title: t, keywords: [zz], pattern: 'z*'}\n";

static struct secret_set *set;
static struct secret_det *dets[16];
static size_t ndets;
static size_t hits;

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	struct diag *d = diag_new();
	struct ydoc *doc;
	const struct ynode *root;

	(void)argc;
	(void)argv;
	fuzz_init();
	doc = ydoc_parse_string("detectors.yaml", detectors,
	    sizeof(detectors) - 1, &fuzz_limits, d);
	if (doc == NULL) {
		diag_print(d, stderr, "fuzz_secrets");
		abort();
	}
	root = ydoc_root(doc);
	set = secret_set_new();
	for (size_t i = 0; i < root->len && ndets < 16; i++) {
		dets[ndets] = secret_det_compile(root->items[i], &fuzz_limits,
		    d);
		if (dets[ndets] == NULL) {
			diag_print(d, stderr, "fuzz_secrets");
			abort();
		}
		secret_set_add(set, dets[ndets], dets[ndets]);
		ndets++;
	}
	secret_set_build(set);
	ydoc_free(doc);
	diag_free(d);
	return 0;
}

static void
on_hit(const struct secret_hit *h, void *arg)
{
	size_t n = strlen(h->preview);

	(void)arg;
	if (n < 3 || n > SECRET_SHOW + 3 ||
	    strcmp(h->preview + n - 3, "***") != 0 || strlen(h->fp) != 64 ||
	    strspn(h->fp, "0123456789abcdef") != 64 || h->line == 0 ||
	    h->owner != h->det) {
		fprintf(stderr, "fuzz_secrets: bad hit: preview \"%s\", "
		    "fingerprint \"%s\", line %u\n", h->preview, h->fp,
		    h->line);
		abort();
	}
	hits++;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *buf = fuzz_copy(data, size);

	(void)secret_is_binary(buf, size);
	(void)secret_entropy(buf, size);
	(void)secret_set_scan(set, "/srv/x", buf, size, on_hit, NULL);
	(void)secret_set_scan(set, "/etc/shadow", buf, size, on_hit, NULL);
	free(buf);
	return 0;
}
