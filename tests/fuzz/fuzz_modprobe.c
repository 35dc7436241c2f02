/*
 * fuzz_modprobe.c -- libFuzzer target for the `modprobe` probe's reader:
 * install, blacklist and alias lines of modprobe.d in precedence order.
 *
 * The input, split at "%%" lines, becomes in turn
 * /etc/modprobe.d/cis.conf,
 * /etc/modprobe.d/blacklist.conf,
 * /usr/lib/modprobe.d/50-default.conf,
 * /run/modprobe.d/x.conf
 * of a tiny root made once per process (a missing part removes its
 * file); the probe then runs through compile, walk and eval as in a
 * scan, once with each argument set below.
 */
#include "config.h"

#include "fuzz.h"

static const char *const files[] = {
	"/etc/modprobe.d/cis.conf",
	"/etc/modprobe.d/blacklist.conf",
	"/usr/lib/modprobe.d/50-default.conf",
	"/run/modprobe.d/x.conf",
	NULL
};

static const char *const args[] = {
	"{module: cramfs}",
	"{module: usb-storage, require_blacklist: true}",
	"{module: dccp, disabled: false}",
	"{module: hfsplus}",
	NULL
};

FUZZ_PROBE_TARGET("modprobe", files, args)
