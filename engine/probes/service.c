/* STUB: being written. */
#include "config.h"

#include "assay/probe.h"

static int
stub_compile(const struct ynode *args, const struct limits *lim, void **statep,
    struct diag *d)
{
	diag_add(d, &args->at, "service: not implemented yet");
	return -1;
}

const struct probe_ops probe_service = {
	.name = "service",
	.summary = "(stub)",
	.compile = stub_compile,
};
