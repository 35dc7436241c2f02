/*
 * limits.h -- every cap assay puts on input-driven work, and why.
 *
 * A target is hostile until proven otherwise: a root filesystem or an image
 * may hold a 10 GB "sshd_config", a symlink loop, a million-entry directory
 * or a regex-busting line. Every allocation or loop driven by target or
 * policy input is bounded by one of these values. Usage:
 *
 *   1. start from limits_default (a const copy);
 *   2. let the CLI override the user-tunable fields (--max-file-size);
 *   3. pass a const pointer down to every module that reads input.
 */
#ifndef ASSAY_LIMITS_H
#define ASSAY_LIMITS_H

#include <stddef.h>
#include <stdint.h>

struct limits {
	/* Bytes read from one file of the target. Real config files are
	 * kilobytes; 16 MiB leaves room for large sudoers or audit rule sets
	 * while a decoy multi-gigabyte file becomes an `error` result rather
	 * than an out-of-memory kill or a silently truncated pass. */
	size_t		read_max;
	/* Bytes of one policy YAML file. The largest pack is ~200 KB. */
	size_t		policy_bytes;
	/* Nesting depth of a YAML document and of a check tree: deep enough
	 * for any hand-written policy, shallow enough for our recursion. */
	unsigned	yaml_depth;
	/* Evidence items kept per result; the rest are counted. Stops a
	 * world-writable walk over a broken image from printing a million
	 * lines and GitHub from truncating the SARIF. */
	size_t		evidence_max;
	/* Symlinks followed while resolving one path: Linux uses 40. */
	unsigned	symlink_hops;
	/* Include nesting in sshd_config / sudoers: sshd itself allows 16. */
	unsigned	include_depth;
	/* Files matched by one Include or glob: more is an attack. */
	size_t		glob_max;
	/* Directory depth of a walk; deeper trees are reported, not followed. */
	unsigned	walk_depth;
	/* pcre2 match and depth limits, applied to every regex match. */
	uint32_t	rx_match_limit;
	uint32_t	rx_depth_limit;
};

extern const struct limits limits_default;

#endif /* ASSAY_LIMITS_H */
