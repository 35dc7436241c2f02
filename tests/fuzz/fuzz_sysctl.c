/*
 * fuzz_sysctl.c -- libFuzzer target for the `sysctl` probe's reader:
 * sysctl.conf and sysctl.d files, masking and key globs.
 *
 * The input, split at "%%" lines, becomes in turn
 * /etc/sysctl.conf,
 * /etc/sysctl.d/10-net.conf,
 * /usr/lib/sysctl.d/50-default.conf
 * of a tiny root made once per process (a missing part removes its
 * file); the probe then runs through compile, walk and eval as in a
 * scan, once with each argument set below.
 */
#include "config.h"

#include "fuzz.h"

static const char *const files[] = {
	"/etc/sysctl.conf",
	"/etc/sysctl.d/10-net.conf",
	"/usr/lib/sysctl.d/50-default.conf",
	NULL
};

static const char *const args[] = {
	"{key: net.ipv4.ip_forward, expect: {equals: \"0\"}}",
	"{key: net.ipv4.conf.all.rp_filter, expect: {at_least: 1}}",
	"{key: kernel.randomize_va_space}",
	NULL
};

FUZZ_PROBE_TARGET("sysctl", files, args)
