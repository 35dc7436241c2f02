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

static const struct fuzz_spec spec = { files, "fstab", args };

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
