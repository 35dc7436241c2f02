/*
 * fuzz_accounts.c -- libFuzzer target for the `accounts` probe's reader:
 * strict passwd, shadow and group parsing.
 *
 * The input, split at "%%" lines, becomes in turn
 * /etc/passwd,
 * /etc/shadow,
 * /etc/group
 * of a tiny root made once per process (a missing part removes its
 * file); the probe then runs through compile, walk and eval as in a
 * scan, once with each argument set below.
 */
#include "config.h"

#include "fuzz.h"

static const char *const files[] = {
	"/etc/passwd",
	"/etc/shadow",
	"/etc/group",
	NULL
};

static const char *const args[] = {
	"{query: uid_zero}",
	"{query: empty_passwords}",
	"{query: not_shadowed}",
	"{query: locked, users: [root]}",
	"{query: usable_passwords}",
	"{query: duplicate_uids}",
	"{query: duplicate_gids}",
	"{query: duplicate_user_names}",
	"{query: duplicate_group_names}",
	"{query: system_shells, allow: [sync]}",
	"{query: passwd_groups_exist}",
	NULL
};

FUZZ_PROBE_TARGET("accounts", files, args)
