/*
 * dropin.c -- which entries of a drop-in directory a program reads.
 *
 * One row per reader; the versions followed:
 *
 * logrotate 3.21 (config.c, readConfigPath/checkFile): every name but `.`
 *   and `..` and those matching `*EXT` (fnmatch with FNM_PERIOD, so a name
 *   starting with a dot is never taboo) for each default taboo extension
 *   of logrotate(8) `tabooext`; read in alphasort order.
 * systemd 252 (conf-files.c) for sysctl.d, modprobe.d (kmod 30 filters the
 *   same way) and UNIT.d drop-ins: names ending in `.conf`, not starting
 *   with a dot; by name.
 * sudo 1.9 (@includedir, sudoers(5)): names that contain no `.` and do not
 *   end in `~`; by name.
 * apt 2.2 (GetListOfFilesInDir with "conf", AllowNoExt): names made of
 *   A-Z a-z 0-9 _ - . only, not starting with a dot, with no extension or
 *   the extension `conf`; by name.
 * Debian run-parts 4.11 (cron's /etc/cron.daily ...): names made of
 *   A-Z a-z 0-9 _ - only; by name.
 * augenrules (audit 3.0): `ls -1v rules.d | grep "\.rules$"`: names ending
 *   in `.rules`, not starting with a dot (ls hides them), in version order
 *   (strverscmp: 9.rules before 10.rules).
 */
#include "config.h"

#include <assert.h>
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "assay/dropin.h"
#include "assay/xmem.h"

/* logrotate 3.21's defTabooExts (3.22 adds .new, .old, .orig). */
static const char *const logrotate_taboo[] = {
	",v", ".bak", ".cfsaved", ".disabled", ".dpkg-bak", ".dpkg-del",
	".dpkg-dist", ".dpkg-new", ".dpkg-old", ".dpkg-tmp", ".rhn-cfg-tmp-*",
	".rpmnew", ".rpmorig", ".rpmsave", ".swp", ".ucf-dist", ".ucf-new",
	".ucf-old", "~", NULL
};

static const char *const reader_names[DROPIN_NREADERS] = {
	[DROPIN_LOGROTATE] = "logrotate",
	[DROPIN_SYSCTL] = "sysctl",
	[DROPIN_MODPROBE] = "modprobe",
	[DROPIN_SYSTEMD] = "systemd",
	[DROPIN_SUDOERS] = "sudoers",
	[DROPIN_APT] = "apt",
	[DROPIN_RUNPARTS] = "run-parts",
	[DROPIN_AUGENRULES] = "augenrules",
};

int
dropin_reader_parse(const char *s, enum dropin_reader *out)
{
	for (int i = 0; i < DROPIN_NREADERS; i++)
		if (strcmp(s, reader_names[i]) == 0) {
			*out = (enum dropin_reader)i;
			return 0;
		}
	return -1;
}

const char *
dropin_reader_str(enum dropin_reader r)
{
	return reader_names[r];
}

const char *
dropin_reader_names(void)
{
	return "logrotate, sysctl, modprobe, systemd, sudoers, apt, "
	    "run-parts or augenrules";
}

static bool
ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s);
	size_t k = strlen(suffix);

	return n >= k && strcmp(s + n - k, suffix) == 0;
}

static bool
logrotate_reads(const char *name)
{
	char pattern[64];

	if (strcmp(name, ".") == 0 || strcmp(name, "..") == 0)
		return false;
	for (size_t i = 0; logrotate_taboo[i] != NULL; i++) {
		int n = snprintf(pattern, sizeof(pattern), "*%s",
		    logrotate_taboo[i]);

		assert(n > 0 && (size_t)n < sizeof(pattern));
		if (fnmatch(pattern, name, FNM_PERIOD) == 0)
			return false;
	}
	return true;
}

static bool
only_chars(const char *s, const char *extra)
{
	for (; *s != '\0'; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		    (*s >= '0' && *s <= '9') || strchr(extra, *s) != NULL))
			return false;
	return true;
}

static bool
apt_reads(const char *name)
{
	const char *dot = strrchr(name, '.');

	if (name[0] == '\0' || name[0] == '.' || !only_chars(name, "_-."))
		return false;
	return dot == NULL || strcmp(dot, ".conf") == 0;
}

bool
dropin_reads(enum dropin_reader r, const char *name)
{
	size_t n = strlen(name);

	switch (r) {
	case DROPIN_LOGROTATE:
		return logrotate_reads(name);
	case DROPIN_SYSCTL:
	case DROPIN_MODPROBE:
	case DROPIN_SYSTEMD:
		return name[0] != '.' && n > 5 && ends_with(name, ".conf");
	case DROPIN_SUDOERS:
		return n > 0 && name[n - 1] != '~' &&
		    strchr(name, '.') == NULL;
	case DROPIN_APT:
		return apt_reads(name);
	case DROPIN_RUNPARTS:
		return n > 0 && only_chars(name, "_-");
	case DROPIN_AUGENRULES:
		return name[0] != '.' && ends_with(name, ".rules");
	case DROPIN_NREADERS:
		break;
	}
	return false;
}

static int
cmp_version(const void *a, const void *b)
{
	return strverscmp(*(char *const *)a, *(char *const *)b);
}

enum fs_rc
dropin_list(struct target *t, enum dropin_reader r, const char *dir,
    struct strlist *out)
{
	struct strlist all = STRLIST_INIT;
	enum fs_rc rc = target_list(t, dir, &all);

	strlist_release(out);
	if (rc != FS_OK) {
		strlist_release(&all);
		return rc;
	}
	for (size_t i = 0; i < all.n; i++)
		if (dropin_reads(r, all.v[i]))
			strlist_add(out, all.v[i]);
	strlist_release(&all);
	if (r == DROPIN_AUGENRULES && out->n > 1)
		qsort(out->v, out->n, sizeof(*out->v), cmp_version);
	return FS_OK;
}
