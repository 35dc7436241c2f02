/*
 * fuzz_elf.c -- libFuzzer target for the `elf` probe's reader: ELF
 * headers, section tables and symbol tables through libelf.
 *
 * The input, split at "%%" lines (binaries rarely hold one, so usually
 * the whole input is the first file), becomes in turn
 * /opt/app/bin/tool,
 * /opt/app/lib/libx.so.1
 * of a tiny root made once per process (a missing part removes its
 * file); the probe then runs through compile, walk and eval as in a
 * scan, once with each argument set below: the path form, a glob and the
 * walk form (the shared library is a candidate by its name).
 */
#include "config.h"

#include "fuzz.h"

static const char *const files[] = {
	"/opt/app/bin/tool",
	"/opt/app/lib/libx.so.1",
	NULL
};

static const char *const args[] = {
	"{path: /opt/app/bin/tool, query: class, expect: {equals: ELF64}}",
	"{path: /opt/app/bin/tool, query: stripped}",
	"{path: \"/opt/app/*/*\", query: no_debug_info}",
	"{root: /opt/app, query: no_debug_info, missing: pass}",
	"{root: /opt/app, query: class, expect: {in: [ELF32, ELF64]}}",
	NULL
};

FUZZ_PROBE_TARGET("elf", files, args)
