/*
 * fuzz_pam.c -- libFuzzer target for the `pam` probe's reader:
 * module lines, [value=action] controls, @include and include/substack.
 *
 * The input, split at "%%" lines, becomes in turn
 * /etc/pam.d/sshd,
 * /etc/pam.d/common-auth,
 * /etc/pam.d/common-password
 * of a tiny root made once per process (a missing part removes its
 * file); the probe then runs through compile, walk and eval as in a
 * scan, once with each argument set below.
 */
#include "config.h"

#include "fuzz.h"

static const char *const files[] = {
	"/etc/pam.d/sshd",
	"/etc/pam.d/common-auth",
	"/etc/pam.d/common-password",
	NULL
};

static const char *const args[] = {
	"{service: sshd, module: pam_unix.so, not_arg: nullok}",
	"{service: sshd, module: pam_faillock.so, type: auth, "
	    "arg_value: {name: deny, expect: {at_most: 4}}}",
	"{service: common-password, module: pam_pwhistory.so, arg: remember}",
	"{service: sshd, module: pam_rootok.so, expect_present: false}",
	NULL
};

FUZZ_PROBE_TARGET("pam", files, args)
