/*
 * fuzz_content.c -- libFuzzer target for the `content` probe's reader:
 * lines of one file or a glob matched by pcre2, all_files and missing.
 *
 * The input, split at "%%" lines, becomes in turn
 * /etc/login.defs,
 * /etc/profile.d/a.sh,
 * /etc/profile.d/b.sh
 * of a tiny root made once per process (a missing part removes its
 * file); the probe then runs through compile, walk and eval as in a
 * scan, once with each argument set below.
 */
#include "config.h"

#include "fuzz.h"

static const char *const files[] = {
	"/etc/login.defs",
	"/etc/profile.d/a.sh",
	"/etc/profile.d/b.sh",
	NULL
};

static const char *const args[] = {
	"{path: /etc/login.defs, matches: \"^UMASK\\\\s+0?27$\"}",
	"{path: /etc/login.defs, not_matches: '^PASS_MAX_DAYS\\s+99999', "
	    "nocase: true}",
	"{path: \"/etc/profile.d/*.sh\", matches: 'umask\\s+0?27', "
	    "all_files: true}",
	"{path: \"/etc/profile.d/*.sh\", matches: '(a|aa)+$', "
	    "not_matches: 'TMOUT=0', missing: pass}",
	NULL
};

FUZZ_PROBE_TARGET("content", files, args)
