/*
 * fuzz_ynode.c -- libFuzzer target for the YAML reader (ynode.c).
 *
 * The input is parsed with ydoc_parse_string() (from an exact-size copy,
 * so a read past the end is caught); a document that parses is walked
 * with every reader a policy loader uses (ynode_get, ynode_check_keys,
 * the typed readers, ynode_show) and deep-copied with
 * ynode_copy_expand(), whose expansion fails on scalars holding "{{" as
 * a bad variable would. A parse failure must leave a message.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "assay/diag.h"
#include "assay/xmem.h"
#include "assay/ynode.h"
#include "fuzz.h"

static const char *const allowed[] = { "id", "rules", "check", NULL };

static char *
expand(const struct ynode *scalar, void *arg, struct diag *d)
{
	(void)arg;
	if (strstr(scalar->text, "{{") != NULL) {
		diag_add(d, &scalar->at, "cannot expand %s",
		    ynode_show(scalar));
		return NULL;
	}
	return xstrdup(scalar->text);
}

static void
visit(const struct ynode *n, struct diag *d)
{
	const char *s, **strs = NULL;
	uint64_t u;
	size_t ns;
	bool b;

	(void)ynode_show(n);
	if (ynode_is_scalar(n)) {
		(void)ynode_str(n, "k", &s, d);
		(void)ynode_bool(n, "k", &b, d);
		(void)ynode_uint(n, "k", 1, 1000, &u, d);
	}
	if (ynode_strs(n, "k", &strs, &ns, d) == 0)
		free(strs);
	if (ynode_is_map(n)) {
		(void)ynode_check_keys(n, "fuzz", allowed, d);
		for (size_t i = 0; i < n->len; i++) {
			(void)ynode_get(n, n->keys[i]->text);
			visit(n->keys[i], d);
			visit(n->items[i], d);
		}
	} else if (ynode_is_seq(n)) {
		for (size_t i = 0; i < n->len; i++)
			visit(n->items[i], d);
	}
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fuzz_init();
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *buf = fuzz_copy(data, size);
	struct diag *d = diag_new();
	struct ydoc *doc;

	doc = ydoc_parse_string("fuzz.yaml", buf, size, &fuzz_limits, d);
	if (doc == NULL)
		fuzz_parse_failed("ydoc_parse_string", d);
	if (doc != NULL) {
		struct ynode *copy;

		visit(ydoc_root(doc), d);
		copy = ynode_copy_expand(ydoc_root(doc), expand, NULL, d);
		if (copy != NULL)
			ynode_free(copy);
		ydoc_free(doc);
	}
	diag_free(d);
	free(buf);
	return 0;
}
