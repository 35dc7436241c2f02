/* STUB: being written. */
#include "config.h"

#include "assay/probe.h"

static int
stub_compile(const struct ynode *args, const struct limits *lim, void **statep,
    struct diag *d)
{
	diag_add(d, &args->at, "sshd_config: not implemented yet");
	return -1;
}

const struct probe_ops probe_sshd_config = {
	.name = "sshd_config",
	.summary = "(stub)",
	.compile = stub_compile,
};
