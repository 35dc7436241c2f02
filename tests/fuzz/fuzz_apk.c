/*
 * fuzz_apk.c -- libFuzzer target for the apk installed-database parser
 * and the apk version order.
 *
 * The input is parsed directly with apk_db_parse() (from an exact-size
 * copy, so a read past the end is caught). Every version found is then
 * validated and compared with itself and with the previous one, and the
 * order must be antisymmetric (cmp(a, a) == 0, cmp(a, b) == -cmp(b, a)):
 * a violation aborts, since `version: {at_least: ...}` rules would pass
 * or fail at random. Last, the same bytes go to the root's
 * /lib/apk/db/installed for the package probe (through apk_db_get(),
 * parsed afresh for each run's target).
 */
#include "config.h"

#include <stdlib.h>

#include "assay/apk.h"
#include "assay/diag.h"
#include "fuzz.h"

static const char *const files[] = {
	APK_INSTALLED_PATH,
	NULL
};

static const char *const args[] = {
	"{name: busybox, manager: apk}",
	"{name: musl, manager: apk, version: {at_least: \"1.2.5_rc1-r2\"}}",
	"{name: [dropbear, openssh-server], installed: false}",
	NULL
};

static const struct fuzz_spec spec = { files, "package", args };

FUZZ_ROOT_INITIALIZE()

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct diag *d = diag_new();
	char *buf = fuzz_copy(data, size);
	struct apk_db *db = apk_db_parse(APK_INSTALLED_PATH, buf, size, 1000,
	    d);
	const char *prev = NULL;

	free(buf);
	if (db == NULL)
		fuzz_parse_failed("apk_db_parse", d);
	for (size_t i = 0; db != NULL && i < db->n; i++) {
		const struct apk_pkg *pk = &db->v[i];
		const struct apk_pkg *found[4];

		(void)apk_db_find(db, pk->name, pk->arch, found, 4);
		fuzz_version_seen("apk_version_cmp", apk_version_check,
		    apk_version_cmp, &prev, pk->version);
	}
	apk_db_free(db);
	diag_free(d);
	fuzz_probe_target(&spec, data, size);
	return 0;
}
