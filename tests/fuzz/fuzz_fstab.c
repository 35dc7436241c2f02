/*
 * fuzz_fstab.c -- libFuzzer target for the `fstab` probe's reader:
 * fields, octal escapes and option order.
 *
 * The input, becomes /etc/fstab
 * of a tiny root made once per process (a missing part removes its
 * file); the probe then runs through compile, walk and eval as in a
 * scan, once with each argument set below.
 */
#include "config.h"

#include "fuzz.h"

static const char *const files[] = {
	"/etc/fstab",
	NULL
};

static const char *const args[] = {
	"{mountpoint: /tmp, options: [nodev, nosuid, noexec]}",
	"{mountpoint: \"/srv/my data\", exists: false}",
	"{query: no_swap}",
	"{query: single_root}",
	NULL
};

FUZZ_PROBE_TARGET("fstab", files, args)
