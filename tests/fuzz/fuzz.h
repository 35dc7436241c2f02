/*
 * fuzz.h -- helpers shared by the libFuzzer targets in tests/fuzz/.
 *
 * Each target defines LLVMFuzzerTestOneInput (and LLVMFuzzerInitialize
 * when it needs a root): built with --enable-fuzzing it links libFuzzer;
 * built normally it links replay.c, which feeds it the seed corpus and
 * the saved regressions so `make check` keeps them fixed.
 *
 * A probe target builds a tiny root ONCE per process (fuzz_root()),
 * writes the input into the parser's file(s) each run (fuzz_put()), and
 * runs probes through the same compile, walk and eval steps as a scan
 * (fuzz_probe_run()).
 */
#ifndef ASSAY_FUZZ_H
#define ASSAY_FUZZ_H

#include <stddef.h>
#include <stdint.h>

#include "assay/diag.h"
#include "assay/limits.h"

int	LLVMFuzzerInitialize(int *argc, char ***argv);
int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* limits_default with small caps, so one run stays fast; set by
 * fuzz_init() (or fuzz_root()). */
extern struct limits fuzz_limits;
void		 fuzz_init(void);

/* A fresh temporary directory made once per process and removed at exit;
 * borrowed. */
const char	*fuzz_root(void);
/* Write DATA[0..LEN) to ROOT/REL (making parents); a NULL DATA removes
 * ROOT/REL instead, so a file from a previous run does not linger. */
void		 fuzz_put(const char *root, const char *rel, const void *data,
		    size_t len);

/* Split DATA at each line "%%" into at most MAX parts: PART[i] and
 * PARTLEN[i]. Returns the count (at least 1). */
size_t		 fuzz_split(const uint8_t *data, size_t len,
		    const uint8_t **part, size_t *partlen, size_t max);

/* Compile probe NAME with ARGS (YAML), open the directory ROOT, feed the
 * probe's walk hooks, evaluate, and release everything. Aborts when ARGS
 * does not compile (a bug in the target, not a finding). */
void		 fuzz_probe_run(const char *root, const char *name,
		    const char *args);

/* A probe target: the input, split with fuzz_split(), goes to FILES
 * (NULL-terminated, part i to file i; files without a part are removed),
 * then probe PROBE runs once with each of ARGS (NULL-terminated). */
struct fuzz_spec {
	const char *const	*files;
	const char		*probe;
	const char *const	*args;
};
void		 fuzz_probe_target(const struct fuzz_spec *s,
		    const uint8_t *data, size_t len);

/* LLVMFuzzerInitialize() of a target whose runs need the root: it is
 * made once, before the first input. */
#define FUZZ_ROOT_INITIALIZE()						\
int									\
LLVMFuzzerInitialize(int *argc, char ***argv)				\
{									\
	(void)argc;							\
	(void)argv;							\
	(void)fuzz_root();						\
	return 0;							\
}

/* The entry points of a probe target that does nothing else: each input
 * goes to FILES and probe PROBE runs with each of ARGS (both arrays
 * NULL-terminated, as struct fuzz_spec says). Written at file scope,
 * without a semicolon:
 *
 *   FUZZ_PROBE_TARGET("sysctl", files, args)
 */
#define FUZZ_PROBE_TARGET(probe, files, args)				\
static const struct fuzz_spec fuzz_target_spec = {			\
	(files), (probe), (args)					\
};									\
FUZZ_ROOT_INITIALIZE()							\
int									\
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)		\
{									\
	fuzz_probe_target(&fuzz_target_spec, data, size);		\
	return 0;							\
}

/* A version order must be antisymmetric: CMP(A, A) == 0 and the signs
 * of CMP(A, B) and CMP(B, A) opposite; otherwise print both calls, named
 * NAME, and abort, since `version: {at_least: ...}` rules would pass or
 * fail at random. */
void		 fuzz_order_check(const char *name,
		    int (*cmp)(const char *, const char *), const char *a,
		    const char *b);
/* A version V (NULL: none) read from a database: CHECK it (the answer
 * does not matter, only that it does not crash) and FUZZ_ORDER_CHECK it
 * under NAME against the one seen before in *PREVP, which becomes V. */
void		 fuzz_version_seen(const char *name,
		    int (*check)(const char *, const char **),
		    int (*cmp)(const char *, const char *), const char **prevp,
		    const char *v);
/* An exact-size malloc'd copy of DATA, so a read past SIZE is caught. */
char		*fuzz_copy(const uint8_t *data, size_t size);
/* Parser (or loader) NAME returned no result: D must say why, or the
 * run aborts, naming it. */
void		 fuzz_parse_failed(const char *name, const struct diag *d);

#endif /* ASSAY_FUZZ_H */
