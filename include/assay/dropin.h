/*
 * dropin.h -- which entries of a drop-in directory a program reads, and
 * in which order.
 *
 * Each program that reads a directory of drop-ins skips some names: backup
 * copies left by dpkg or an editor, names without the right suffix. A rule
 * that looks at /etc/logrotate.d/app.dpkg-dist as if logrotate read it is
 * wrong. One table row per reader says what it reads (see dropin.c for the
 * version of each program followed).
 *
 *   1. dropin_reader_parse("logrotate", &r) for a policy's `read_by:`;
 *   2. dropin_reads(r, name) for one entry name, or
 *      dropin_list(t, r, dir, &names) for the names of DIR r reads, in
 *      the order it reads them.
 */
#ifndef ASSAY_DROPIN_H
#define ASSAY_DROPIN_H

#include <stdbool.h>

#include "assay/target.h"

struct strlist;

enum dropin_reader {
	DROPIN_LOGROTATE,	/* logrotate: include /etc/logrotate.d */
	DROPIN_SYSCTL,		/* systemd-sysctl, sysctl --system: sysctl.d */
	DROPIN_MODPROBE,	/* kmod: modprobe.d */
	DROPIN_SYSTEMD,		/* systemd: UNIT.d/ drop-ins */
	DROPIN_SUDOERS,		/* sudo: @includedir */
	DROPIN_APT,		/* apt: apt.conf.d, preferences.d */
	DROPIN_RUNPARTS,	/* Debian run-parts: cron.daily ... */
	DROPIN_AUGENRULES,	/* augenrules: /etc/audit/rules.d */
	DROPIN_NREADERS
};

/* READER named S ("logrotate", "sysctl", ...): 0, or -1 when S names
 * none. */
int		 dropin_reader_parse(const char *s, enum dropin_reader *out);
const char	*dropin_reader_str(enum dropin_reader r);
/* "logrotate, sysctl, ..." for messages; static. */
const char	*dropin_reader_names(void);

/* Does READER read the directory entry NAME (a base name)? */
bool		 dropin_reads(enum dropin_reader r, const char *name);

/* The names of directory DIR that READER reads, in its order, into OUT
 * (reset first). FS_ENOENT/FS_ENOTDIR when DIR is missing; other errors
 * as target_list(). */
enum fs_rc	 dropin_list(struct target *t, enum dropin_reader r,
		    const char *dir, struct strlist *out);

#endif /* ASSAY_DROPIN_H */
