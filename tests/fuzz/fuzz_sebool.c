/*
 * fuzz_sebool.c -- libFuzzer target for the SELinux boolean reader: the
 * bytes of a binary policy (/etc/selinux/TYPE/policy/policy.NN of a
 * target, as the OVAL selinuxboolean test reads it) given to
 * sebool_read(), which hands them to libsepol as a memory policy file.
 *
 * The input is copied to an exact-size allocation first, so ASan sees a
 * read past it. A policy that reads must give one "true" or "false" per
 * boolean; one that does not must say why.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "assay/sebool.h"
#include "assay/strbuf.h"
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

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct strlist names = STRLIST_INIT, vals = STRLIST_INIT;
	uint8_t *copy;
	char *why = NULL;

	if (size > fuzz_limits.selinux_policy_bytes)
		return 0;
	copy = xmalloc(size > 0 ? size : 1);
	memcpy(copy, data, size);
	if (sebool_read(copy, size, &names, &vals, &why) == 0) {
		if (names.n != vals.n)
			abort();
		for (size_t i = 0; i < vals.n; i++)
			if (strcmp(vals.v[i], "true") != 0 &&
			    strcmp(vals.v[i], "false") != 0)
				abort();
	} else if (why == NULL || why[0] == '\0') {
		fprintf(stderr, "fuzz_sebool: refused without a reason\n");
		abort();
	}
	free(why);
	strlist_release(&names);
	strlist_release(&vals);
	free(copy);
	return 0;
}
