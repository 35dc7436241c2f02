/*
 * limits.c -- the default caps; limits.h says why each value is what it is.
 */
#include "config.h"

#include "assay/limits.h"

const struct limits limits_default = {
	.read_max = 16u << 20,
	.rpmdb_bytes = 256u << 20,
	.policy_bytes = 4u << 20,
	.yaml_depth = 64,
	.evidence_max = 100,
	.symlink_hops = 40,
	.include_depth = 16,
	.glob_max = 65536,
	.walk_depth = 4096,
	.rx_match_limit = 1000000,
	.rx_depth_limit = 10000,
	.image_json_bytes = 4u << 20,
	.image_entries = 2000000,
	.image_layers = 256,
	.image_layer_bytes = (uint64_t)64 << 30,
	.image_total_bytes = (uint64_t)256 << 30,
	.image_bomb_ratio = 2000,
	.image_retain_bytes = 48u << 20,
	.image_retain_file = 1u << 20,
	.image_buffer_bytes = 32u << 20,
	.disk_partitions = 256,
	.disk_mounts = 32,
	.lvm_metadata_bytes = 1 << 20,
	.ext_journal_bytes = 64u << 20,
	.xattr_bytes = 65536,
	.scap_bytes = 128u << 20,
	.oval_items = 100000,
	.rpmverify_bytes = 512u << 20,
	.selinux_policy_bytes = 64u << 20,
	.oval_results = 200000,
	.merge_report_bytes = 64u << 20,
	.merge_reports = 100000,
	.secret_keyword_bytes = 8u << 10,
};
