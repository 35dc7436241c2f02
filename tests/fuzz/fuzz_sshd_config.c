/*
 * fuzz_sshd_config.c -- libFuzzer target for the `sshd_config` probe's reader:
 * the keyword parser, Include and Match blocks.
 *
 * The input, split at "%%" lines, becomes in turn
 * /etc/ssh/sshd_config,
 * /etc/ssh/sshd_config.d/50-cloud-init.conf
 * of a tiny root made once per process (a missing part removes its
 * file); the probe then runs through compile, walk and eval as in a
 * scan, once with each argument set below.
 */
#include "config.h"

#include "fuzz.h"

static const char *const files[] = {
	"/etc/ssh/sshd_config",
	"/etc/ssh/sshd_config.d/50-cloud-init.conf",
	NULL
};

static const char *const args[] = {
	"{key: PermitRootLogin, expect: {equals: \"no\"}}",
	"{key: MaxAuthTries, expect: {at_most: 4}}",
	"{key: AllowUsers, expect: {matches: \"^ops\"}}",
	"{key: PasswordAuthentication, expect: {equals: no}, "
	    "match: {user: alice, address: 10.1.2.3, host: web1.example.com, "
	    "local_port: 2222, group: [staff]}}",
	"{key: Ciphers, expect: {matches: ctr}, "
	    "match: {local_address: \"2001:db8::1\"}}",
	NULL
};

FUZZ_PROBE_TARGET("sshd_config", files, args)
