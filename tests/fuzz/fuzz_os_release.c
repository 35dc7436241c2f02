/*
 * fuzz_os_release.c -- libFuzzer target for the `os_release` probe's reader:
 * os-release(5) assignments, shell quoting and escapes, the /usr/lib fallback.
 *
 * The input, split at "%%" lines, becomes in turn
 * /etc/os-release,
 * /usr/lib/os-release
 * of a tiny root made once per process (a missing part removes its
 * file); the probe then runs through compile, walk and eval as in a
 * scan, once with each argument set below.
 */
#include "config.h"

#include "fuzz.h"

static const char *const files[] = {
	"/etc/os-release",
	"/usr/lib/os-release",
	NULL
};

static const char *const args[] = {
	"{field: ID, expect: {equals: debian}}",
	"{field: VERSION_ID, expect: {at_least: 11}}",
	"{field: PRETTY_NAME, expect: {matches: 'bookworm'}}",
	"{field: VARIANT_ID}",
	"{query: not_eol, eol: {debian: [\"9\", \"10\"], ubuntu: [\"18.04\"]}}",
	NULL
};

FUZZ_PROBE_TARGET("os_release", files, args)
