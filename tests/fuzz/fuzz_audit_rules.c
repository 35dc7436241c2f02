/*
 * fuzz_audit_rules.c -- libFuzzer target for the `audit_rules` probe's
 * reader: which rules auditd.service loads (ExecStartPost= of the unit
 * and its drop-ins, augenrules over rules.d or auditctl -R) and the
 * audit.rules(7) parser that matches them.
 *
 * The input, split at "%%" lines, becomes in turn
 * /etc/audit/rules.d/50-cis.rules,
 * /etc/audit/rules.d/99-finalize.rules,
 * /lib/systemd/system/auditd.service,
 * /etc/systemd/system/auditd.service.d/override.conf,
 * /etc/audit/audit.rules
 * of a tiny root made once per process (a missing part removes its
 * file); the probe then runs through compile, walk and eval as in a
 * scan, once with each argument set below.
 */
#include "config.h"

#include "fuzz.h"

static const char *const files[] = {
	"/etc/audit/rules.d/50-cis.rules",
	"/etc/audit/rules.d/99-finalize.rules",
	"/lib/systemd/system/auditd.service",
	"/etc/systemd/system/auditd.service.d/override.conf",
	"/etc/audit/audit.rules",
	NULL
};

static const char *const args[] = {
	"{rule: '-w /etc/sudoers -p wa'}",
	"{rule: ['-a always,exit -F arch=b64 -C euid!=uid -F auid!=unset "
	    "-S execve', '-w /var/log/sudo.log -p wa']}",
	"{rule: '-a always,exit -F arch=b64 -S adjtimex,settimeofday'}",
	"{rule: '-e 2'}",
	NULL
};

FUZZ_PROBE_TARGET("audit_rules", files, args)
