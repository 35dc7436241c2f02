/* STUB: being written. */
#include "config.h"

#include "assay/probe.h"

static int
stub_compile(const struct ynode *args, const struct limits *lim, void **statep,
    struct diag *d)
{
	diag_add(d, &args->at, "files: not implemented yet");
	return -1;
}

const struct probe_ops probe_files = {
	.name = "files",
	.summary = "(stub)",
	.compile = stub_compile,
};
