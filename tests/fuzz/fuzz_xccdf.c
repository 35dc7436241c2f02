/*
 * fuzz_xccdf.c -- libFuzzer target for the XCCDF loader (engine/scap/
 * xccdf.c): a data stream or XCCDF file turned into a policy pack.
 *
 * The input is written to the fixed root made once per process (the
 * loader reads host files), then xccdf_load() into a policy set,
 * policy_set_check(), and a compile of every rule and of the first
 * profiles, evaluated against that root. A load that fails must say why.
 * The same input is also read as an XCCDF tailoring file of a small
 * fixed benchmark (xccdf_tailoring_load_id(), then the tailored compile),
 * and as a data stream whose Tailoring component is named as
 * --tailoring-id names it: the corpus holds benchmarks, data streams
 * (one with Tailoring components) and tailoring files.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "assay/diag.h"
#include "assay/eval.h"
#include "assay/policy.h"
#include "assay/tailoring.h"
#include "assay/target.h"
#include "assay/xccdf.h"
#include "assay/xmem.h"
#include "fuzz.h"

#define PROFILES_MAX	2

static char *input;
static char *demo;
static struct policy_set *demo_ps;

/* The benchmark the tailoring inputs tailor: a Value, a Group, two
 * Rules (one with an OVAL check), a Profile. */
static const char demo_xccdf[] =
    "<Benchmark xmlns=\"http://checklists.nist.gov/xccdf/1.2\" "
    "id=\"xccdf_org.example_benchmark_demo\"><status>accepted</status>"
    "<title>d</title><version>1</version>"
    "<Profile id=\"xccdf_org.example_profile_base\"><title>b</title>"
    "<select idref=\"xccdf_org.example_rule_a\" selected=\"true\"/>"
    "</Profile>"
    "<Value id=\"xccdf_org.example_value_v\"><title>v</title>"
    "<value>1</value><value selector=\"s\">2</value></Value>"
    "<Group id=\"xccdf_org.example_group_g\"><title>g</title>"
    "<Rule id=\"xccdf_org.example_rule_a\" severity=\"low\"><title>a"
    "</title><check system=\"http://oval.mitre.org/XMLSchema/oval-"
    "definitions-5\"><check-export export-name=\"oval:d:var:1\" "
    "value-id=\"xccdf_org.example_value_v\"/><check-content-ref href="
    "\"demo-oval.xml\" name=\"oval:d:def:1\"/></check></Rule>"
    "<Rule id=\"xccdf_org.example_rule_b\"><title>b</title></Rule>"
    "</Group></Benchmark>\n";
static const char demo_oval[] =
    "<oval_definitions xmlns=\"http://oval.mitre.org/XMLSchema/oval-"
    "definitions-5\"><definitions><definition id=\"oval:d:def:1\" "
    "class=\"compliance\"><criteria operator=\"AND\"/></definition>"
    "</definitions><variables><external_variable id=\"oval:d:var:1\" "
    "datatype=\"int\"/></variables></oval_definitions>\n";

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	const char *dir = fuzz_root();

	(void)argc;
	(void)argv;
	fuzz_put(dir, "/etc/debian_version", "11.6\n", 5);
	fuzz_put(dir, "/etc/passwd", "root:x:0:0::/root:/bin/sh\n", 26);
	input = xasprintf("%s/input.xml", dir);
	fuzz_put(dir, "/demo-xccdf.xml", demo_xccdf, sizeof(demo_xccdf) - 1);
	fuzz_put(dir, "/demo-oval.xml", demo_oval, sizeof(demo_oval) - 1);
	demo = xasprintf("%s/demo-xccdf.xml", dir);
	demo_ps = policy_set_new();
	{
		struct diag *d = diag_new();

		if (xccdf_load(demo_ps, demo, &fuzz_limits, d) != 0 ||
		    policy_set_check(demo_ps, d) != 0)
			abort();
		diag_free(d);
	}
	return 0;
}

/* The input as a tailoring of the demo benchmark (ID: the Tailoring
 * component of a data stream input so named, as --tailoring-id; NULL:
 * the only one, or a tailoring file), compiled. */
static void
tailor(const char *id)
{
	struct diag *d = diag_new();
	struct tailoring *t = xccdf_tailoring_load_id(input, id, demo_ps, demo,
	    NULL, 0, &fuzz_limits, d);
	struct plan_tailor pt;
	struct plan *p;
	const char *ext;

	if (t == NULL) {
		fuzz_parse_failed("xccdf_tailoring_load", d);
		diag_free(d);
		return;
	}
	if (tailoring_check(t, demo_ps, d) == 0) {
		ext = tailoring_info(t)->extends;
		tailoring_plan_tailor(t, &pt);
		p = policy_compile_tailored(demo_ps, &ext, 1, &pt, NULL, 0,
		    &fuzz_limits, d);
		if (p != NULL)
			(void)tailoring_apply_severity(t, p, d);
		plan_free(p);
	}
	tailoring_free(t);
	diag_free(d);
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
	tailor(NULL);
	tailor("scap_org.example_cref_tailoring-strict");
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
