/*
 * sebool.h -- the booleans of a binary SELinux policy (policy.NN as
 * checkpolicy and semodule write it), read with libsepol from memory
 * (engine/scap/oval_selinux.c). Used by the OVAL selinuxboolean test.
 *
 *   struct strlist names = STRLIST_INIT, vals = STRLIST_INIT;
 *   if (sebool_read(buf, len, &names, &vals, &why) == 0)
 *       names.v[i] is "true" or "false" in vals.v[i]
 */
#ifndef ASSAY_SEBOOL_H
#define ASSAY_SEBOOL_H

#include <stddef.h>

struct strlist;

/* Append every boolean of policy BUF[0..LEN) and its default value
 * ("true"/"false") to NAMES and VALS, in libsepol's order. 0, or -1
 * with *WHY (malloc'd: libsepol's last message) when libsepol refuses
 * the bytes. BUF is only read. */
int	sebool_read(const void *buf, size_t len, struct strlist *names,
	    struct strlist *vals, char **why);

#endif /* ASSAY_SEBOOL_H */
