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

static const struct fuzz_spec spec = { files, "modprobe", args };

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	(void)fuzz_root();
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_probe_target(&spec, data, size);
	return 0;
}
