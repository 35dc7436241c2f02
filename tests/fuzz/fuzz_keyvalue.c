/*
 * fuzz_keyvalue.c -- libFuzzer target for the `keyvalue` probe's reader:
 * KEY SEP VALUE lines, comments, sections, first/last wins and globs.
 *
 * The input, split at "%%" lines, becomes in turn
 * /etc/login.defs,
 * /etc/systemd/journald.conf,
 * /etc/systemd/journald.conf.d/50-x.conf,
 * /etc/security/pwquality.conf
 * of a tiny root made once per process (a missing part removes its
 * file); the probe then runs through compile, walk and eval as in a
 * scan, once with each argument set below.
 */
#include "config.h"

#include "fuzz.h"

static const char *const files[] = {
	"/etc/login.defs",
	"/etc/systemd/journald.conf",
	"/etc/systemd/journald.conf.d/50-x.conf",
	"/etc/security/pwquality.conf",
	NULL
};

static const char *const args[] = {
	"{path: /etc/login.defs, key: PASS_MAX_DAYS, expect: {at_most: 365}}",
	"{path: /etc/login.defs, key: encrypt_method, nocase_key: true, "
	    "which: first, expect: {equals: SHA512}}",
	"{path: \"/etc/systemd/journald.conf*\", key: Storage, "
	    "separator: \"=\", section: Journal, "
	    "expect: {in: [persistent, auto]}}",
	"{path: /etc/security/pwquality.conf, key: minlen, separator: "
	    "\"=\", comment: \";\", default: \"8\", expect: {at_least: 14}}",
	"{path: \"/etc/systemd/journald.conf.d/*.conf\", key: Compress, "
	    "separator: \"=\", missing: notapplicable}",
	NULL
};

FUZZ_PROBE_TARGET("keyvalue", files, args)
