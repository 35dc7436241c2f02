/*
 * fuzz_sudoers.c -- libFuzzer target for the `sudoers` probe's reader:
 * Defaults, user specifications, line continuations and
 * #include/#includedir.
 *
 * The input, split at "%%" lines, becomes in turn
 * /etc/sudoers,
 * /etc/sudoers.d/extra
 * of a tiny root made once per process (a missing part removes its
 * file); the probe then runs through compile, walk and eval as in a
 * scan, once with each argument set below.
 */
#include "config.h"

#include "fuzz.h"

static const char *const files[] = {
	"/etc/sudoers",
	"/etc/sudoers.d/extra",
	NULL
};

static const char *const args[] = {
	"{query: defaults, option: use_pty}",
	"{query: defaults, option: timestamp_timeout, expect: {at_most: 15}}",
	"{query: nopasswd, allow: [\"%admin\"]}",
	"{query: authenticate}",
	NULL
};

FUZZ_PROBE_TARGET("sudoers", files, args)
