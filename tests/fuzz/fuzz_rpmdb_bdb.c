/*
 * fuzz_rpmdb_bdb.c -- libFuzzer target for the Berkeley DB and ndb rpm
 * database readers (rpmdb_bdb.c, RHEL 7/8's /var/lib/rpm/Packages;
 * rpmdb_ndb.c, SUSE's Packages.db).
 *
 * The input is the database file, walked from memory with
 * rpmdb_bdb_walk() and rpmdb_ndb_walk() (no file is written: the readers
 * take bytes, so a run is fast); every record's blob is parsed with
 * rpmhdr_parse() and read again with rpmdb_bdb_blob() (rpmdb_ndb_blob())
 * from the locator the walk gave, which must give the same bytes. A walk
 * that fails must say why. The input is
 * copied to an exact-size allocation, so ASan sees any read past it.
 */
#include "config.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "assay/rpmdb_bdb.h"
#include "assay/rpmdb_ndb.h"
#include "assay/rpmhdr.h"
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

struct walk {
	const uint8_t	*img;
	size_t		 len;
	unsigned	 n;
	bool		 ndb;
};

static char *
visit(void *arg, uint32_t hnum, const uint8_t *blob, size_t len,
    uint64_t at)
{
	struct walk *w = arg;
	struct rpmhdr h;
	const char *why;
	void *again;
	size_t alen;

	(void)hnum;
	if (rpmhdr_parse(blob, len, &h, &why) == 0)
		free(rpmhdr_str(&h, RPMHDR_NAME));
	if ((w->ndb ? rpmdb_ndb_blob(w->img, w->len, at, &again, &alen) :
	    rpmdb_bdb_blob(w->img, w->len, at, &again, &alen)) != 0 ||
	    alen != len || memcmp(again, blob, len) != 0) {
		fprintf(stderr, "fuzz_rpmdb_bdb: record %u read again "
		    "differs\n", w->n);
		abort();
	}
	free(again);
	w->n++;
	return NULL;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t *copy = xmalloc(size > 0 ? size : 1);
	struct walk w = { copy, size, 0, false };
	char *why;

	memcpy(copy, data, size);
	for (int ndb = 0; ndb < 2; ndb++) {
		w.ndb = ndb != 0;
		w.n = 0;
		why = w.ndb ? rpmdb_ndb_walk(copy, size, visit, &w) :
		    rpmdb_bdb_walk(copy, size, visit, &w);
		if (why != NULL && why[0] == '\0') {
			fprintf(stderr, "fuzz_rpmdb_bdb: empty reason\n");
			abort();
		}
		free(why);
	}
	free(copy);
	return 0;
}
