/*
 * registry.c -- the table of check types, in name order.
 */
#include "config.h"

#include <string.h>

#include "assay/probe.h"

const struct probe_ops *const probe_table[] = {
	&probe_accounts,
	&probe_audit_rules,
	&probe_content,
	&probe_elf,
	&probe_file,
	&probe_files,
	&probe_fstab,
	&probe_grub,
	&probe_image,
	&probe_keyvalue,
	&probe_modprobe,
	&probe_os_release,
	&probe_oval,
	&probe_package,
	&probe_pam,
	&probe_secrets,
	&probe_service,
	&probe_sshd_config,
	&probe_sudoers,
	&probe_sysctl,
	NULL,
};

const struct probe_ops *
probe_find(const char *name)
{
	for (size_t i = 0; probe_table[i] != NULL; i++)
		if (strcmp(probe_table[i]->name, name) == 0)
			return probe_table[i];
	return NULL;
}
