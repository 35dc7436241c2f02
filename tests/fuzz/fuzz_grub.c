/*
 * fuzz_grub.c -- libFuzzer target for the `grub` probe's reader:
 * /etc/default/grub assignments, grub.d drop-ins, grub.cfg linux lines and
 * the password query.
 *
 * The input, split at "%%" lines, becomes in turn
 * /etc/default/grub,
 * /boot/grub/grub.cfg,
 * /etc/default/grub.d/50-cloud.cfg,
 * /etc/grub.d/40_custom
 * of a tiny root made once per process (a missing part removes its
 * file); the probe then runs through compile, walk and eval as in a
 * scan, once with each argument set below.
 */
#include "config.h"

#include "fuzz.h"

static const char *const files[] = {
	"/etc/default/grub",
	"/boot/grub/grub.cfg",
	"/etc/default/grub.d/50-cloud.cfg",
	"/etc/grub.d/40_custom",
	NULL
};

static const char *const args[] = {
	"{arg: audit, expect: {equals: \"1\"}}",
	"{arg: console, any_value: true, expect: {in: [ttyS0]}}",
	"{arg: quiet, present: false, source: cfg}",
	"{query: password}",
	NULL
};

FUZZ_PROBE_TARGET("grub", files, args)
