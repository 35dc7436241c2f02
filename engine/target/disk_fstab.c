/*
 * disk_fstab.c -- which partition /etc/fstab mounts where.
 *
 * fstab(5) as util-linux 2.38 libmount reads it: blank-separated fields
 * spec, file, vfstype, mntops, freq, passno; `#` starts a comment line;
 * octal escapes (\040 for a blank) in the fields. Only lines that mount
 * a block device are kept: swap, pseudo file systems (proc, tmpfs, ...),
 * network specs and bind mounts are not partitions of the disk. A spec
 * is matched as libblkid's tag evaluation would (UUID=, LABEL=,
 * PARTUUID=, PARTLABEL= and the /dev/disk/by-* links udev makes from
 * them, whose names escape unsafe bytes as \xHH) or, for a kernel
 * device name, by the partition number of the image as the first disk
 * (sda, vda, xvda, hda, nvme0n1, mmcblk0).
 */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "assay/util.h"
#include "assay/xmem.h"
#include "disk_private.h"

/* Decode fstab's octal escapes (\040) of S in place. */
static void
unoctal(char *s)
{
	char *w = s;

	for (char *r = s; *r != '\0'; ) {
		if (r[0] == '\\' && r[1] >= '0' && r[1] <= '3' &&
		    r[2] >= '0' && r[2] <= '7' && r[3] >= '0' && r[3] <= '7') {
			char c = (char)((r[1] - '0') * 64 + (r[2] - '0') * 8 +
			    (r[3] - '0'));

			/* a NUL would cut the string: keep the escape */
			if (c != '\0') {
				*w++ = c;
				r += 4;
				continue;
			}
		}
		*w++ = *r++;
	}
	*w = '\0';
}

/* Is OPTS (comma-separated) holding option NAME? */
static bool
has_opt(const char *opts, const char *name)
{
	size_t n = strlen(name);

	for (const char *p = opts; p != NULL && *p != '\0'; ) {
		const char *c = strchr(p, ',');
		size_t len = c != NULL ? (size_t)(c - p) : strlen(p);

		if (len == n && strncmp(p, name, n) == 0)
			return true;
		p = c != NULL ? c + 1 : NULL;
	}
	return false;
}

static bool
is_device_spec(const char *spec)
{
	return strncmp(spec, "UUID=", 5) == 0 ||
	    strncmp(spec, "LABEL=", 6) == 0 ||
	    strncmp(spec, "PARTUUID=", 9) == 0 ||
	    strncmp(spec, "PARTLABEL=", 10) == 0 ||
	    strncmp(spec, "/dev/", 5) == 0;
}

size_t
disk_fstab_parse(const char *text, size_t len, size_t max,
    struct disk_fstab_ent **out, size_t *dropped)
{
	struct disk_fstab_ent *v = NULL;
	size_t n = 0;
	size_t cap = 0;
	size_t pos = 0;

	*dropped = 0;
	while (pos < len) {
		const char *nl = memchr(text + pos, '\n', len - pos);
		size_t ll = nl != NULL ? (size_t)(nl - (text + pos)) :
		    len - pos;
		char *line = xstrndup(text + pos, ll);
		char *f[4] = { NULL, NULL, NULL, NULL };
		char *save = NULL;
		int nf = 0;

		pos += ll + (nl != NULL);
		for (char *tok = strtok_r(line, " \t\r", &save);
		    tok != NULL && nf < 4; tok = strtok_r(NULL, " \t\r", &save))
			f[nf++] = tok;
		if (nf < 3 || f[0][0] == '#' || !is_device_spec(f[0]) ||
		    strcmp(f[2], "swap") == 0 ||
		    (nf == 4 && (has_opt(f[3], "bind") ||
		    has_opt(f[3], "rbind")))) {
			free(line);
			continue;
		}
		unoctal(f[0]);
		unoctal(f[1]);
		if (f[1][0] != '/' || strcmp(f[1], "/") == 0) {
			free(line);
			continue;
		}
		if (n >= max) {
			(*dropped)++;
			free(line);
			continue;
		}
		xgrow((void **)&v, &cap, n + 1, sizeof(*v));
		v[n].spec = xstrdup(f[0]);
		v[n].file = xstrdup(f[1]);
		v[n].vfstype = xstrdup(f[2]);
		n++;
		free(line);
	}
	*out = v;
	return n;
}

void
disk_fstab_free(struct disk_fstab_ent *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(v[i].spec);
		free(v[i].file);
		free(v[i].vfstype);
	}
	free(v);
}

/* Decode udev's \xHH escapes of a /dev/disk/by-* name into BUF. */
static void
unhex(const char *s, char *buf, size_t len)
{
	size_t w = 0;

	while (*s != '\0' && w + 1 < len) {
		if (s[0] == '\\' && s[1] == 'x' && isxdigit((unsigned char)s[2])
		    && isxdigit((unsigned char)s[3])) {
			char hex[3] = { s[2], s[3], '\0' };
			char c = (char)strtol(hex, NULL, 16);

			if (c != '\0') {
				buf[w++] = c;
				s += 4;
				continue;
			}
		}
		buf[w++] = *s++;
	}
	buf[w] = '\0';
}

enum tag { TAG_UUID, TAG_LABEL, TAG_PARTUUID, TAG_PARTLABEL };

static const struct disk_part *
match_tag(const struct disk_ptable *pt, enum tag tag, const char *val)
{
	for (size_t i = 0; i < pt->n; i++) {
		const struct disk_part *p = &pt->v[i];

		if (p->extended || val[0] == '\0')
			continue;
		switch (tag) {
		case TAG_UUID:
			if (strcasecmp(p->uuid, val) == 0)
				return p;
			break;
		case TAG_LABEL:
			if (strcmp(p->label, val) == 0)
				return p;
			break;
		case TAG_PARTUUID:
			if (strcasecmp(p->partuuid, val) == 0)
				return p;
			break;
		case TAG_PARTLABEL:
			if (strcmp(p->partlabel, val) == 0)
				return p;
			break;
		}
	}
	return NULL;
}

/* The partition number of first-disk device name NAME (after /dev/), or
 * 0. */
static unsigned
dev_partno(const char *name)
{
	static const char *const prefixes[] = {
		"sda", "vda", "xvda", "hda", "nvme0n1p", "mmcblk0p",
	};
	char *end;
	unsigned long no;

	for (size_t i = 0; i < sizeof(prefixes) / sizeof(*prefixes); i++) {
		size_t n = strlen(prefixes[i]);

		if (strncmp(name, prefixes[i], n) != 0 ||
		    !isdigit((unsigned char)name[n]) || name[n] == '0')
			continue;
		no = strtoul(name + n, &end, 10);
		if (*end == '\0' && no > 0 && no < 100000)
			return (unsigned)no;
	}
	return 0;
}

/* Does S (N bytes) start with NAME, each '-' of NAME doubled (the
 * device-mapper name of an LV, lvm2's dm_build_dm_name())? The bytes
 * of S used go to *USED. */
static bool
dm_part(const char *s, size_t n, const char *name, size_t *used)
{
	size_t k = 0;

	for (; *name != '\0'; name++) {
		if (k >= n || s[k] != *name)
			return false;
		k++;
		if (*name == '-') {
			if (k >= n || s[k] != '-')
				return false;
			k++;
		}
	}
	*used = k;
	return true;
}

/* The logical volume of PT that SPEC names as /dev/VG/LV or
 * /dev/mapper/VG-LV (the dashes of VG and LV doubled), or NULL. */
static const struct disk_part *
match_lv(const struct disk_ptable *pt, const char *spec)
{
	for (size_t i = 0; i < pt->n; i++) {
		const struct disk_part *p = &pt->v[i];
		size_t vl = strlen(p->vg);
		size_t k;
		size_t k2;

		if (p->lv[0] == '\0')
			continue;
		if (strncmp(spec, "/dev/", 5) == 0 &&
		    strncmp(spec + 5, p->vg, vl) == 0 && spec[5 + vl] == '/' &&
		    strcmp(spec + 6 + vl, p->lv) == 0)
			return p;
		if (strncmp(spec, "/dev/mapper/", 12) == 0 &&
		    dm_part(spec + 12, strlen(spec + 12), p->vg, &k) &&
		    spec[12 + k] == '-' && dm_part(spec + 13 + k,
		    strlen(spec + 13 + k), p->lv, &k2) &&
		    spec[13 + k + k2] == '\0')
			return p;
	}
	return NULL;
}

const struct disk_part *
disk_fstab_match(const struct disk_ptable *pt, const char *spec)
{
	static const struct {
		const char	*prefix;
		enum tag	 tag;
		bool		 udev;
	} tags[] = {
		{ "UUID=", TAG_UUID, false },
		{ "LABEL=", TAG_LABEL, false },
		{ "PARTUUID=", TAG_PARTUUID, false },
		{ "PARTLABEL=", TAG_PARTLABEL, false },
		{ "/dev/disk/by-uuid/", TAG_UUID, true },
		{ "/dev/disk/by-label/", TAG_LABEL, true },
		{ "/dev/disk/by-partuuid/", TAG_PARTUUID, true },
		{ "/dev/disk/by-partlabel/", TAG_PARTLABEL, true },
	};
	const struct disk_part *p;
	char buf[256];
	unsigned no;

	for (size_t i = 0; i < sizeof(tags) / sizeof(*tags); i++) {
		size_t n = strlen(tags[i].prefix);
		const char *val = spec + n;

		if (strncmp(spec, tags[i].prefix, n) != 0)
			continue;
		if (tags[i].udev) {
			unhex(val, buf, sizeof(buf));
			val = buf;
		} else if (val[0] == '"' && strlen(val) >= 2 &&
		    val[strlen(val) - 1] == '"') {
			/* libblkid takes a quoted value: LABEL="root" */
			snprintf(buf, sizeof(buf), "%.*s",
			    (int)(strlen(val) - 2), val + 1);
			val = buf;
		}
		return match_tag(pt, tags[i].tag, val);
	}
	if ((p = match_lv(pt, spec)) != NULL)
		return p;
	if (strncmp(spec, "/dev/", 5) != 0 || pt->scheme[0] == '\0')
		return NULL;
	no = dev_partno(spec + 5);
	for (size_t i = 0; no != 0 && i < pt->n; i++)
		if (pt->v[i].no == no && !pt->v[i].extended)
			return &pt->v[i];
	return NULL;
}
