/*
 * limits.c -- the default caps; limits.h says why each value is what it is.
 */
#include "config.h"

#include "assay/limits.h"

const struct limits limits_default = {
	.read_max = 16u << 20,
	.policy_bytes = 4u << 20,
	.yaml_depth = 64,
	.evidence_max = 100,
	.symlink_hops = 40,
	.include_depth = 16,
	.glob_max = 65536,
	.walk_depth = 256,
	.rx_match_limit = 1000000,
	.rx_depth_limit = 10000,
};
