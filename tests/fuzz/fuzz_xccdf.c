/*
 * fuzz_xccdf.c -- libFuzzer target for the XCCDF loader (engine/scap/
 * xccdf.c): a data stream or XCCDF file turned into a policy pack.
 *
 * The input is written to the fixed root made once per process (the
 * loader reads host files), then xccdf_load() into a policy set,
 * policy_set_check(), and a compile of every rule and of the first
 * profiles, evaluated against that root. A load that fails must say why.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "assay/diag.h"
#include "assay/eval.h"
#include "assay/policy.h"
#include "assay/target.h"
#include "assay/xccdf.h"
#include "assay/xmem.h"
#include "fuzz.h"

#define PROFILES_MAX	2

static char *input;

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	const char *dir = fuzz_root();

	(void)argc;
	(void)argv;
	fuzz_put(dir, "/etc/debian_version", "11.6\n", 5);
	fuzz_put(dir, "/etc/passwd", "root:x:0:0::/root:/bin/sh\n", 26);
	input = xasprintf("%s/input.xml", dir);
	return 0;
}

static void
run(struct policy_set *ps, const char *const *ids, size_t nids,
    struct target *t, struct diag *d)
{
	struct plan *p = policy_compile(ps, ids, nids, NULL, 0, &fuzz_limits,
	    d);

	if (p == NULL)
		return;
	if (t != NULL)
		eval_results_free(eval_plan(p, t, &fuzz_limits),
		    plan_rule_count(p));
	plan_free(p);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct policy_set *ps = policy_set_new();
	struct diag *d = diag_new();
	struct target *t;

	fuzz_put(fuzz_root(), "/input.xml", data, size);
	if (xccdf_load(ps, input, &fuzz_limits, d) != 0 ||
	    policy_set_check(ps, d) != 0) {
		fuzz_parse_failed("xccdf_load", d);
		goto out;
	}
	t = target_open(fuzz_root(), &fuzz_limits, d);
	run(ps, NULL, 0, t, d);
	for (size_t i = 0; i < policy_profile_count(ps) && i < PROFILES_MAX;
	    i++) {
		const char *id = policy_profile(ps, i)->id;

		run(ps, &id, 1, t, d);
	}
	if (t != NULL)
		target_close(t);
out:
	policy_set_free(ps);
	diag_free(d);
	return 0;
}
