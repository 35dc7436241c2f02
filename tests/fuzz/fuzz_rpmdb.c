/*
 * fuzz_rpmdb.c -- libFuzzer target for the rpm database reader and the
 * rpm version order.
 *
 * The input, split at "%%" lines, is:
 * 1. /var/lib/rpm/rpmdb.sqlite of a tiny root made once per process, read
 *    by the `package` probe (rpmdb_get: copied into a private directory
 *    and opened with librpm when assay has it, otherwise recognised and
 *    reported), once with each argument set below;
 * 2. and 3. two EVR strings ("[EPOCH:]VERSION[-RELEASE]"), each checked
 *    with rpmdb_version_check() and compared: rpmdb_version_cmp() must be
 *    antisymmetric and reflexive, and the built-in rpmvercmp() must agree
 *    in sign with librpm's (the header says they are the same algorithm).
 * A version holds no NUL, so only parts without one are compared.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "assay/rpmdb.h"
#include "assay/xmem.h"
#include "fuzz.h"

static const char *const files[] = {
	RPMDB_SQLITE_PATH,
	NULL
};

static const char *const args[] = {
	"{name: assay-test, manager: rpm}",
	"{name: openssl-libs, version: {at_least: \"1:3.0.7-24.el9\"}}",
	"{name: \"telnet-server:x86_64\", installed: false}",
	NULL
};

static const struct fuzz_spec spec = { files, "package", args };

FUZZ_ROOT_INITIALIZE()

static int
sign(int v)
{
	return (v > 0) - (v < 0);
}

/* Built-in and librpm rpmvercmp() agree (when assay has librpm). */
static void
vercmp_agree(const char *a, const char *b)
{
	int mine = sign(rpmdb_vercmp_builtin(a, b));
	int theirs = sign(rpmdb_vercmp(a, b));

	if (mine == theirs)
		return;
	fprintf(stderr, "rpmdb_vercmp_builtin(\"%s\", \"%s\") = %d, librpm "
	    "says %d\n", a, b, mine, theirs);
	abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *part[3];
	size_t len[3];
	size_t n = fuzz_split(data, size, part, len, 3);

	fuzz_probe_target(&spec, part[0], len[0]);
	if (n == 3 && memchr(part[1], '\0', len[1]) == NULL &&
	    memchr(part[2], '\0', len[2]) == NULL) {
		char *a = xstrndup((const char *)part[1], len[1]);
		char *b = xstrndup((const char *)part[2], len[2]);
		const char *why;

		(void)rpmdb_version_check(a, &why);
		(void)rpmdb_version_check(b, &why);
		fuzz_order_check("rpmdb_version_cmp", rpmdb_version_cmp, a, b);
		vercmp_agree(a, b);
		free(a);
		free(b);
	}
	return 0;
}
