/*
 * fuzz_dpkg.c -- libFuzzer target for the dpkg status parser and the
 * Debian version order.
 *
 * The input is parsed directly with dpkg_db_parse() (from an exact-size
 * copy, so a read past the end is caught). Every version found is then
 * validated and compared with itself and with the previous one, and the
 * order must be a strict weak order (cmp(a, a) == 0, cmp(a, b) ==
 * -cmp(b, a)): a violation aborts, since `version: {at_least: ...}`
 * rules would pass or fail at random. Last, the same bytes go to the
 * root's /var/lib/dpkg/status for the package probe (through
 * dpkg_db_get(), parsed afresh for each run's target).
 */
#include "config.h"

#include <stdlib.h>

#include "assay/diag.h"
#include "assay/dpkg.h"
#include "fuzz.h"

static const char *const files[] = {
	DPKG_STATUS_PATH,
	NULL
};

static const char *const args[] = {
	"{name: openssh-server, installed: true}",
	"{name: libc6, version: {at_least: \"2.36-9+deb12u3\"}}",
	"{name: telnetd, installed: false}",
	NULL
};

static const struct fuzz_spec spec = { files, "package", args };

FUZZ_ROOT_INITIALIZE()

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct diag *d = diag_new();
	char *buf = fuzz_copy(data, size);
	struct dpkg_db *db = dpkg_db_parse(DPKG_STATUS_PATH, buf, size, 1000,
	    d);
	const char *prev = NULL;

	free(buf);
	if (db == NULL)
		fuzz_parse_failed("dpkg_db_parse", d);
	for (size_t i = 0; db != NULL && i < db->n; i++) {
		const struct dpkg_pkg *pk = &db->v[i];
		const struct dpkg_pkg *found[4];

		(void)dpkg_db_find(db, pk->name, pk->arch, found, 4);
		(void)dpkg_status_installed(pk->status);
		fuzz_version_seen("dpkg_version_cmp", dpkg_version_check,
		    dpkg_version_cmp, &prev, pk->version);
	}
	dpkg_db_free(db);
	diag_free(d);
	fuzz_probe_target(&spec, data, size);
	return 0;
}
