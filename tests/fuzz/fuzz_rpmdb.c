/*
 * fuzz_rpmdb.c -- libFuzzer target for the rpm database reader, the rpm
 * header parser and the rpm version order.
 *
 * The input, split at "%%" lines, is:
 * 1. /var/lib/rpm/rpmdb.sqlite of a tiny root made once per process, read
 *    by the `package` probe (rpmdb_get: libsqlite3 in memory, then
 *    rpmhdr.c on every blob), once with each argument set below;
 * 2. and 3. two EVR strings ("[EPOCH:]VERSION[-RELEASE]"), each checked
 *    with rpmdb_version_check() and compared: rpmdb_version_cmp() must be
 *    antisymmetric and reflexive;
 * 4. one rpm header blob, given to rpmhdr_parse() and, when it parses,
 *    read through every getter for each tag rpmdb.c and the OVAL rpm
 *    tests use, and for the signature key id (every OpenPGP packet).
 * A version holds no NUL, so only parts without one are compared.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "assay/rpmdb.h"
#include "assay/rpmhdr.h"
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

/* Every getter on every tag of a header blob: ASan sees any read past
 * it (the blob is copied to an exact-size allocation first). */
static void
header_read(const uint8_t *data, size_t size)
{
	static const uint32_t tags[] = {
		RPMHDR_SIGPGP, RPMHDR_SIGGPG, RPMHDR_DSAHEADER,
		RPMHDR_RSAHEADER, RPMHDR_NAME, RPMHDR_VERSION, RPMHDR_RELEASE,
		RPMHDR_EPOCH, RPMHDR_ARCH, RPMHDR_FILESIZES,
		RPMHDR_FILESTATES, RPMHDR_FILEMODES, RPMHDR_FILEDIGESTS,
		RPMHDR_FILELINKTOS, RPMHDR_FILEFLAGS, RPMHDR_FILEUSERNAME,
		RPMHDR_FILEGROUPNAME, RPMHDR_DIRINDEXES, RPMHDR_BASENAMES,
		RPMHDR_DIRNAMES, RPMHDR_LONGFILESIZES, RPMHDR_FILEDIGESTALGO,
	};
	uint8_t *copy = xmalloc(size > 0 ? size : 1);
	struct rpmhdr h;
	struct rpmhdr_ent e;
	const char *why;
	char id[17];

	memcpy(copy, data, size);
	if (rpmhdr_parse(copy, size, &h, &why) == 0) {
		for (size_t i = 0; i < sizeof(tags) / sizeof(tags[0]); i++) {
			const char **v;
			uint64_t n;

			free(rpmhdr_str(&h, tags[i]));
			if (rpmhdr_get(&h, tags[i], &e) != 1)
				continue;
			for (uint32_t k = 0; k < e.count && k < 64; k++)
				(void)rpmhdr_int(&e, k, &n);
			v = rpmhdr_strv(&e);
			for (uint32_t k = 0; v != NULL && k < e.count; k++)
				(void)strlen(v[k]);
			free(v);
			if (e.type == RPMHDR_T_BIN)
				(void)rpmhdr_pgp_keyid(e.p, e.len, id);
		}
		(void)rpmhdr_keyid(&h, id);
	}
	free(copy);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *part[4];
	size_t len[4];
	size_t n = fuzz_split(data, size, part, len, 4);

	fuzz_probe_target(&spec, part[0], len[0]);
	if (n >= 3 && memchr(part[1], '\0', len[1]) == NULL &&
	    memchr(part[2], '\0', len[2]) == NULL) {
		char *a = xstrndup((const char *)part[1], len[1]);
		char *b = xstrndup((const char *)part[2], len[2]);
		const char *why;

		(void)rpmdb_version_check(a, &why);
		(void)rpmdb_version_check(b, &why);
		fuzz_order_check("rpmdb_version_cmp", rpmdb_version_cmp, a, b);
		free(a);
		free(b);
	}
	if (n == 4)
		header_read(part[3], len[3]);
	return 0;
}
