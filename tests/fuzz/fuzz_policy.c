/*
 * fuzz_policy.c -- libFuzzer target for the policy loader and compiler.
 *
 * The input is one policy file: policy_load_string() (no file is
 * written), then policy_set_check() and, when that passes,
 * policy_compile() of every rule and of each of the first profiles,
 * which compiles every probe's arguments and regexes. A plan that
 * compiles is evaluated against a small fixed root made once per
 * process, so fuzzed probe arguments meet real files. A load that
 * fails must say why.
 */
#include "config.h"

#include <string.h>

#include "assay/diag.h"
#include "assay/dpkg.h"
#include "assay/eval.h"
#include "assay/policy.h"
#include "assay/target.h"
#include "fuzz.h"

/* Profiles compiled one by one (each costs a compile of its rules). */
#define PROFILES_MAX	2

static const struct {
	const char	*path;
	const char	*text;
} root_files[] = {
	{ "/etc/ssh/sshd_config", "Include /etc/ssh/sshd_config.d/*.conf\n"
	    "PermitRootLogin no\nMatch user alice\n\tX11Forwarding yes\n" },
	{ "/etc/passwd", "root:x:0:0:root:/root:/bin/bash\n"
	    "alice:x:1000:1000::/home/alice:/bin/sh\n" },
	{ "/etc/shadow", "root:!:19000:0:99999:7:::\n"
	    "alice:$6$x$y:19000:0:99999:7:::\n" },
	{ "/etc/group", "root:x:0:\nalice:x:1000:\n" },
	{ "/etc/sysctl.conf", "net.ipv4.ip_forward = 0\n" },
	{ "/etc/fstab", "/dev/sda1 / ext4 defaults 0 1\n"
	    "tmpfs /tmp tmpfs nodev,nosuid 0 0\n" },
	{ "/etc/login.defs", "PASS_MAX_DAYS 365\nUMASK 022\n" },
	{ "/etc/os-release", "ID=debian\nVERSION_ID=\"12\"\n" },
	{ DPKG_STATUS_PATH, "Package: openssh-server\n"
	    "Status: install ok installed\nVersion: 1:9.2p1-2+deb12u2\n" },
};

static void
run(struct policy_set *ps, const char *const *ids, size_t nids,
    struct target *t, struct diag *d)
{
	struct plan *p = policy_compile(ps, ids, nids, NULL, 0, &fuzz_limits,
	    d);

	if (p == NULL)
		return;
	if (t != NULL)
		eval_results_free(eval_plan(p, t, &fuzz_limits),
		    plan_rule_count(p));
	plan_free(p);
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	const char *dir = fuzz_root();

	(void)argc;
	(void)argv;
	for (size_t i = 0; i < sizeof(root_files) / sizeof(root_files[0]);
	    i++)
		fuzz_put(dir, root_files[i].path, root_files[i].text,
		    strlen(root_files[i].text));
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct policy_set *ps = policy_set_new();
	struct diag *d = diag_new();
	struct target *t;

	if (policy_load_string(ps, "fuzz.yaml", (const char *)data, size,
	    &fuzz_limits, d) != 0 || policy_set_check(ps, d) != 0) {
		fuzz_parse_failed("policy_load_string", d);
		goto out;
	}
	t = target_open(fuzz_root(), &fuzz_limits, d);
	run(ps, NULL, 0, t, d);
	for (size_t i = 0; i < policy_profile_count(ps) && i < PROFILES_MAX;
	    i++) {
		const char *id = policy_profile(ps, i)->id;

		run(ps, &id, 1, t, d);
	}
	if (t != NULL)
		target_close(t);
out:
	policy_set_free(ps);
	diag_free(d);
	return 0;
}
