/*
 * disk_lvm.c -- LVM2 logical volumes of a disk image, never activated.
 *
 * A physical volume (a partition, or the whole disk, that libblkid names
 * LVM2_member) is read the way lvm2 2.03 reads it (lib/label/label.c,
 * lib/format_text/format-text.c, layout.h): a "LABELONE" label in one
 * of the first four sectors whose CRC covers bytes 20..511, a pv_header
 * listing the data area (its offset is pe_start, the first extent) and
 * the metadata area, whose mda_header (CRC of bytes 4..511, magic
 * " LVM2 x[5A%r0N*>", version 1) points with its first raw_locn at the
 * volume group's text metadata (CRC too). All of that is checked here,
 * every location against the physical volume's size, before libvslvm
 * (libyal, Debian's 20181227) parses the text: it takes any segment type
 * for a linear one and divides by the extent size, so the text is first
 * scanned for a segment that is not linear (thin, mirror, raid1, cache,
 * snapshot... or striped over several devices: named in the error,
 * lvm2's "type" and "stripe_count" keys) and for an extent size.
 *
 * libvslvm then gives the volume group, its logical volumes and their
 * segments; a segment's extents must lie inside the physical volume.
 * Each logical volume becomes a struct blockdev of its own that maps a
 * read to the segments' ranges of the physical volume's window (so no
 * read leaves the PV), and a struct disk_part named VG/LV carrying the
 * UUID and label of the file system on it, which fstab lines name
 * (disk_fstab.c also matches /dev/VG/LV and /dev/mapper/VG-LV).
 *
 * Not read: a volume group over several physical volumes (libvslvm
 * 20181227 maps every segment to the first one), metadata that wraps
 * round the end of its circular area, a physical volume without a
 * metadata area: each is an error saying so.
 */
#include "config.h"

#include <libbfio.h>
#define LIBVSLVM_HAVE_BFIO 1
#include <libvslvm.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "assay/xmem.h"
#include "disk_private.h"

#define SECTOR		512
#define MDA_HEADER	512
#define MDA_MAGIC	" LVM2 x[5A%r0N*>"
/* lvm2's lib/misc/crc.h */
#define LVM_INITIAL_CRC	0xf597a6cfU
/* Sections of the metadata text nested deeper than a segment (vg,
 * logical_volumes, lv, segmentN) are not looked into. */
#define TEXT_DEPTH	8
/* libvslvm's name buffers (lvm2's NAME_LEN is 128) */
#define NAME_MAX_LVM	128

static void
put32(unsigned char *p, uint32_t v)
{
	for (int k = 0; k < 4; k++)
		p[k] = (unsigned char)(v >> (8 * k));
}

uint32_t
disk_lvm_crc(const void *buf, size_t len)
{
	/* calc_crc(): CRC-32 (0xedb88320, reflected) from INITIAL_CRC, no
	 * final inversion; zlib's crc32() inverts on entry and exit */
	uLong c = ~(uLong)LVM_INITIAL_CRC & 0xffffffffUL;
	const unsigned char *p = buf;

	while (len > 0) {
		uInt n = len > 0x40000000 ? 0x40000000 : (uInt)len;

		c = crc32(c, p, n);
		p += n;
		len -= n;
	}
	return (uint32_t)(~c & 0xffffffffUL);
}

int
disk_lvm_label(const unsigned char *head, uint64_t size, uint64_t *pe_start,
    uint64_t *mda_off, uint64_t *mda_len, char *err, size_t errlen)
{
	const unsigned char *l = NULL;
	const unsigned char *h;
	uint64_t off;
	size_t pos;
	unsigned s;

	for (s = 0; s < DISK_LVM_HEAD / SECTOR; s++)
		if (memcmp(head + s * SECTOR, "LABELONE", 8) == 0 &&
		    disk_le(head + s * SECTOR + 8, 8) == s) {
			l = head + s * SECTOR;
			break;
		}
	if (l == NULL) {
		snprintf(err, errlen, "LVM2 label: none in the first %u "
		    "sectors", DISK_LVM_HEAD / SECTOR);
		return -1;
	}
	if (disk_le(l + 16, 4) != disk_lvm_crc(l + 20, SECTOR - 20)) {
		snprintf(err, errlen, "LVM2 label (sector %u): checksum "
		    "mismatch", s);
		return -1;
	}
	if (memcmp(l + 24, "LVM2 001", 8) != 0) {
		snprintf(err, errlen, "LVM2 label (sector %u): type is not "
		    "\"LVM2 001\"", s);
		return -1;
	}
	off = disk_le(l + 20, 4);
	/* the pv_header: 32-byte uuid, device size, then two lists of
	 * 16-byte disk_locn {offset, size}, each ended by a zero offset */
	if (off < 32 || off > SECTOR - 40 - 16) {
		snprintf(err, errlen, "LVM2 label: pv_header offset %llu "
		    "outside its sector", (unsigned long long)off);
		return -1;
	}
	h = l + off;
	pos = 40;
	*pe_start = disk_le(h + pos, 8);
	while (off + pos + 16 <= SECTOR && disk_le(h + pos, 8) != 0)
		pos += 16;
	pos += 16;
	if (off + pos + 16 > SECTOR || *pe_start == 0) {
		snprintf(err, errlen, "LVM2 pv_header: no data area");
		return -1;
	}
	*mda_off = disk_le(h + pos, 8);
	*mda_len = disk_le(h + pos + 8, 8);
	if (*mda_off == 0) {
		snprintf(err, errlen, "LVM2 physical volume without a metadata "
		    "area (pvcreate --metadatacopies 0): its volume group "
		    "is not read from it");
		return -1;
	}
	if (*pe_start >= size) {
		snprintf(err, errlen, "LVM2 data area (at byte %llu) lies "
		    "past the end of the physical volume (%llu bytes)",
		    (unsigned long long)*pe_start, (unsigned long long)size);
		return -1;
	}
	if (*mda_len < MDA_HEADER || *mda_off > size ||
	    *mda_len > size - *mda_off) {
		snprintf(err, errlen, "LVM2 metadata area (bytes %llu+%llu) "
		    "lies past the end of the physical volume (%llu bytes)",
		    (unsigned long long)*mda_off, (unsigned long long)*mda_len,
		    (unsigned long long)size);
		return -1;
	}
	return 0;
}

int
disk_lvm_mda(const unsigned char *mdah, uint64_t mda_off, uint64_t mda_len,
    size_t textmax, uint64_t *off, uint64_t *len, uint32_t *crc, char *err,
    size_t errlen)
{
	uint64_t o;
	uint64_t n;

	if (disk_le(mdah, 4) != disk_lvm_crc(mdah + 4, MDA_HEADER - 4)) {
		snprintf(err, errlen, "LVM2 metadata area header (at byte "
		    "%llu): checksum mismatch", (unsigned long long)mda_off);
		return -1;
	}
	if (memcmp(mdah + 4, MDA_MAGIC, 16) != 0 || disk_le(mdah + 20, 4) != 1) {
		snprintf(err, errlen, "LVM2 metadata area header (at byte "
		    "%llu): not format_text version 1",
		    (unsigned long long)mda_off);
		return -1;
	}
	if (disk_le(mdah + 24, 8) != mda_off) {
		snprintf(err, errlen, "LVM2 metadata area header: says it "
		    "starts at byte %llu, found at %llu",
		    (unsigned long long)disk_le(mdah + 24, 8),
		    (unsigned long long)mda_off);
		return -1;
	}
	/* raw_locn[0]: offset from the header, size, checksum, flags */
	o = disk_le(mdah + 40, 8);
	n = disk_le(mdah + 48, 8);
	if (o == 0 || n == 0) {
		snprintf(err, errlen, "LVM2 metadata area: holds no volume "
		    "group metadata");
		return -1;
	}
	if (o < MDA_HEADER || o > mda_len || n > mda_len - o) {
		snprintf(err, errlen, "LVM2 metadata text (bytes %llu+%llu "
		    "of the metadata area) lies past the metadata area (%llu "
		    "bytes; text wrapping round its end is not read)",
		    (unsigned long long)o, (unsigned long long)n,
		    (unsigned long long)mda_len);
		return -1;
	}
	if (n > textmax) {
		snprintf(err, errlen, "LVM2 metadata text of %llu bytes, more "
		    "than the %zu read", (unsigned long long)n, textmax);
		return -1;
	}
	*off = mda_off + o;
	*len = n;
	*crc = (uint32_t)disk_le(mdah + 56, 4);
	return 0;
}

/* NAME (LEN bytes) for a message: lvm2's name characters kept, others
 * "?", at most 64. */
static void
show_name(const char *name, size_t len, char *buf, size_t buflen)
{
	size_t i;

	for (i = 0; i < len && i < 64 && i + 1 < buflen; i++) {
		char c = name[i];

		buf[i] = ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || c == '+' || c == '_' ||
		    c == '.' || c == '-') ? c : '?';
	}
	buf[i] = '\0';
}

int
disk_lvm_text_check(const char *text, size_t len, char *err, size_t errlen)
{
	/* each open section's name: [0] the VG, [1] "logical_volumes",
	 * [2] the LV, [3] "segmentN" */
	struct {
		const char	*p;
		size_t		 n;
	} st[TEXT_DEPTH];
	size_t depth = 0;
	size_t pos = 0;
	bool extent_size = false;
	char ln[256];
	char lv[80];

	memset(st, 0, sizeof(st));
	while (pos < len && text[pos] != '\0') {
		const char *line = text + pos;
		size_t n = 0;
		size_t end;

		while (pos + n < len && line[n] != '\0' && line[n] != '\n')
			n++;
		pos += n + (pos + n < len && line[n] == '\n');
		while (n > 0 && (*line == ' ' || *line == '\t')) {
			line++;
			n--;
		}
		end = n;
		while (end > 0 && (line[end - 1] == ' ' ||
		    line[end - 1] == '\t' || line[end - 1] == '\r'))
			end--;
		if (end == 0 || line[0] == '#')
			continue;
		if (line[0] == '}') {
			if (depth > 0)
				depth--;
			continue;
		}
		if (line[end - 1] == '{' && memchr(line, '=', end) == NULL) {
			size_t k = end - 1;

			while (k > 0 && (line[k - 1] == ' ' ||
			    line[k - 1] == '\t'))
				k--;
			if (depth < TEXT_DEPTH) {
				st[depth].p = line;
				st[depth].n = k;
			}
			depth++;
			continue;
		}
		/* the line alone, terminated, for the numbers */
		snprintf(ln, sizeof(ln), "%.*s", (int)(end < sizeof(ln) ? end :
		    sizeof(ln) - 1), line);
		if (depth == 1 && end > 11 &&
		    strncmp(ln, "extent_size", 11) == 0 &&
		    strtoull(ln + 11 + strspn(ln + 11, " \t="), NULL, 10) > 0)
			extent_size = true;
		if (depth != 4 || st[1].n != 15 ||
		    memcmp(st[1].p, "logical_volumes", 15) != 0)
			continue;
		show_name(st[2].p, st[2].n, lv, sizeof(lv));
		if (end > 4 && strncmp(line, "type", 4) == 0 &&
		    strchr(" \t=", line[4]) != NULL) {
			const char *q = memchr(line, '"', end);
			const char *qe = q != NULL ? memchr(q + 1, '"',
			    end - (size_t)(q + 1 - line)) : NULL;
			char type[80];

			if (q == NULL || qe == NULL) {
				snprintf(err, errlen, "LVM2 metadata: logical "
				    "volume %s: a segment type that is not a "
				    "string", lv);
				return -1;
			}
			if ((size_t)(qe - q - 1) == 7 &&
			    memcmp(q + 1, "striped", 7) == 0)
				continue;
			show_name(q + 1, (size_t)(qe - q - 1), type,
			    sizeof(type));
			snprintf(err, errlen, "LVM2 logical volume %s: segment "
			    "type \"%s\" not supported (linear volumes only)",
			    lv, type);
			return -1;
		}
		if (end > 12 && strncmp(line, "stripe_count", 12) == 0) {
			unsigned long long c = strtoull(ln + 12 +
			    strspn(ln + 12, " \t="), NULL, 10);

			if (c != 1) {
				snprintf(err, errlen, "LVM2 logical volume %s: "
				    "segment type \"striped\" over %llu "
				    "stripes not supported (linear volumes "
				    "only)", lv, c);
				return -1;
			}
		}
	}
	if (!extent_size) {
		snprintf(err, errlen, "LVM2 metadata: the volume group has no "
		    "extent_size");
		return -1;
	}
	return 0;
}

/* ---- a logical volume as a blockdev ---- */

struct lvseg {
	uint64_t	lv_off;
	uint64_t	len;
	uint64_t	pv_off;
};

struct lvmap {
	struct blockdev	*pv;		/* borrowed: the PV's window */
	struct lvseg	*v;
	size_t		 n;
};

static int
lv_pread(struct blockdev *bd, void *buf, size_t len, uint64_t off)
{
	struct lvmap *m = bd->priv;
	unsigned char *p = buf;

	for (size_t i = 0; i < m->n && len > 0; i++) {
		const struct lvseg *s = &m->v[i];
		size_t n;

		if (off >= s->lv_off + s->len)
			continue;
		n = s->lv_off + s->len - off < len ?
		    (size_t)(s->lv_off + s->len - off) : len;
		if (blockdev_pread(m->pv, p, n, s->pv_off + (off -
		    s->lv_off)) != 0) {
			snprintf(bd->err, sizeof(bd->err), "%s", m->pv->err);
			return -1;
		}
		p += n;
		off += n;
		len -= n;
	}
	if (len > 0) {
		snprintf(bd->err, sizeof(bd->err), "logical volume: no "
		    "segment at byte %llu", (unsigned long long)off);
		return -1;
	}
	return 0;
}

static void
lv_close(struct blockdev *bd)
{
	struct lvmap *m = bd->priv;

	free(m->v);
	free(m);
}

static const struct blockdev_ops lv_ops = {
	.pread = lv_pread,
	.close = lv_close,
};

/* ---- what libvslvm reads: the PV with its metadata text unindented ----
 *
 * libvslvm 20181227 takes the indentation of a "pv0 {" line into the
 * physical volume's name (fixed upstream in 2019), so with the text as
 * lvm2 writes it (tab-indented) no segment finds its physical volume.
 * It is given a view of the PV whose metadata area header and text are
 * rewritten: the same text without leading white space, at offset 512 of
 * the area, its size and CRCs redone. The new text is no longer than the
 * old, which fit the area. */

struct overlay {
	struct blockdev	*pv;		/* borrowed */
	uint64_t	 off;		/* where BUF replaces the PV's bytes */
	unsigned char	*buf;
	size_t		 len;
};

static int
overlay_pread(struct blockdev *bd, void *buf, size_t len, uint64_t off)
{
	struct overlay *o = bd->priv;
	unsigned char *p = buf;

	if (blockdev_pread(o->pv, buf, len, off) != 0) {
		snprintf(bd->err, sizeof(bd->err), "%s", o->pv->err);
		return -1;
	}
	if (off < o->off + o->len && o->off < off + len) {
		uint64_t a = off > o->off ? off : o->off;
		uint64_t b = off + len < o->off + o->len ? off + len :
		    o->off + o->len;

		memcpy(p + (a - off), o->buf + (a - o->off), (size_t)(b - a));
	}
	return 0;
}

static void
overlay_close(struct blockdev *bd)
{
	struct overlay *o = bd->priv;

	free(o->buf);
	free(o);
}

static const struct blockdev_ops overlay_ops = {
	.pread = overlay_pread,
	.close = overlay_close,
};

/* The view of PV whose area at MDA_OFF (header MDAH) holds TEXT (LEN
 * bytes, its final NUL included) unindented. */
static struct blockdev *
overlay_new(struct blockdev *pv, uint64_t mda_off, const unsigned char *mdah,
    const char *text, size_t len)
{
	struct overlay *o = xcalloc(1, sizeof(*o));
	struct blockdev *bd = xcalloc(1, sizeof(*bd));
	unsigned char *t;
	size_t n = 0;
	bool bol = true;

	o->pv = pv;
	o->off = mda_off;
	o->buf = xmalloc(MDA_HEADER + len);
	t = o->buf + MDA_HEADER;
	for (size_t i = 0; i < len; i++) {
		if (bol && (text[i] == ' ' || text[i] == '\t'))
			continue;
		bol = text[i] == '\n';
		t[n++] = (unsigned char)text[i];
	}
	o->len = MDA_HEADER + n;
	memcpy(o->buf, mdah, MDA_HEADER);
	for (int k = 0; k < 8; k++) {
		/* raw_locn[0] = { 512, n, crc, flags kept } */
		o->buf[40 + k] = (unsigned char)((uint64_t)MDA_HEADER >>
		    (8 * k));
		o->buf[48 + k] = (unsigned char)((uint64_t)n >> (8 * k));
	}
	put32(o->buf + 56, disk_lvm_crc(t, n));
	put32(o->buf, disk_lvm_crc(o->buf + 4, MDA_HEADER - 4));
	bd->ops = &overlay_ops;
	bd->format = pv->format;
	bd->size = pv->size;
	bd->fd = -1;
	bd->priv = o;
	return bd;
}

/* ---- libvslvm ---- */

/* The innermost libvslvm line of error E (freed), after WHAT, in ERR. */
static void
vslvm_err(libvslvm_error_t *e, const char *what, char *err, size_t errlen)
{
	char buf[1024] = "";

	if (e != NULL) {
		libvslvm_error_backtrace_sprint(e, buf, sizeof(buf));
		libvslvm_error_free(&e);
	}
	blockdev_yal_trim(buf, "libvslvm_");
	snprintf(err, errlen, "%s%s%.200s", what, buf[0] != '\0' ? ": " : "",
	    buf);
}

static void
own(struct disk_ptable *pt, struct blockdev *bd)
{
	size_t cap = pt->ndevs;

	xgrow((void **)&pt->devs, &cap, pt->ndevs + 1, sizeof(*pt->devs));
	pt->devs[pt->ndevs++] = bd;
}

/* The segments of LV (SIZE bytes) on a PV of PVSIZE bytes whose first
 * extent is at PE_START, into *M. */
static int
lv_segments(libvslvm_logical_volume_t *lv, const char *name, uint64_t size,
    uint64_t pe_start, uint64_t pvsize, struct lvmap *m, char *err,
    size_t errlen)
{
	libvslvm_error_t *e = NULL;
	int nseg = 0;
	uint64_t at = 0;

	if (libvslvm_logical_volume_get_number_of_segments(lv, &nseg,
	    &e) != 1 || nseg <= 0) {
		vslvm_err(e, "LVM2 logical volume segments", err, errlen);
		return -1;
	}
	m->v = xcalloc((size_t)nseg, sizeof(*m->v));
	for (int i = 0; i < nseg; i++) {
		libvslvm_segment_t *seg = NULL;
		libvslvm_stripe_t *stripe = NULL;
		off64_t soff = 0;
		off64_t doff = 0;
		size64_t slen = 0;
		int nstripes = 0;
		int rc;

		rc = libvslvm_logical_volume_get_segment(lv, i, &seg, &e) ==
		    1 && libvslvm_segment_get_offset(seg, &soff, &e) == 1 &&
		    libvslvm_segment_get_size(seg, &slen, &e) == 1 &&
		    libvslvm_segment_get_number_of_stripes(seg, &nstripes,
		    &e) == 1 && nstripes == 1 &&
		    libvslvm_segment_get_stripe(seg, 0, &stripe, &e) == 1 &&
		    libvslvm_stripe_get_data_area_offset(stripe, &doff,
		    &e) == 1 ? 0 : -1;
		if (stripe != NULL)
			libvslvm_stripe_free(&stripe, NULL);
		if (seg != NULL)
			libvslvm_segment_free(&seg, NULL);
		if (rc != 0) {
			vslvm_err(e, "LVM2 logical volume segment", err,
			    errlen);
			return -1;
		}
		if (soff < 0 || doff < 0 || (uint64_t)soff != at ||
		    slen > size - at) {
			snprintf(err, errlen, "LVM2 logical volume %s: segment "
			    "%d (bytes %lld+%llu) does not follow the one "
			    "before inside the volume's %llu bytes", name,
			    i + 1, (long long)soff, (unsigned long long)slen,
			    (unsigned long long)size);
			return -1;
		}
		if ((uint64_t)doff > pvsize - pe_start ||
		    slen > pvsize - pe_start - (uint64_t)doff) {
			snprintf(err, errlen, "LVM2 logical volume %s: segment "
			    "%d (bytes %llu+%llu of the physical volume) lies "
			    "past its end (%llu bytes)", name, i + 1,
			    (unsigned long long)(pe_start + (uint64_t)doff),
			    (unsigned long long)slen,
			    (unsigned long long)pvsize);
			return -1;
		}
		m->v[m->n].lv_off = at;
		m->v[m->n].len = slen;
		m->v[m->n].pv_off = pe_start + (uint64_t)doff;
		m->n++;
		at += slen;
	}
	if (at != size) {
		snprintf(err, errlen, "LVM2 logical volume %s: its segments "
		    "cover %llu of its %llu bytes", name,
		    (unsigned long long)at, (unsigned long long)size);
		return -1;
	}
	return 0;
}

/* Append logical volume LV of volume group VG (read from PV, whose
 * first extent is at PE_START) to PT. */
static int
lv_add(struct disk_ptable *pt, libvslvm_logical_volume_t *lv,
    const char *vg, struct blockdev *pv, uint64_t pe_start, char *err,
    size_t errlen)
{
	libvslvm_error_t *e = NULL;
	char name[NAME_MAX_LVM];
	struct lvmap *m;
	struct blockdev *bd;
	struct disk_part *p;
	size64_t size = 0;

	if (libvslvm_logical_volume_get_name(lv, name, sizeof(name),
	    &e) != 1 || libvslvm_logical_volume_get_size(lv, &size,
	    &e) != 1) {
		vslvm_err(e, "LVM2 logical volume", err, errlen);
		return -1;
	}
	if (size == 0) {
		snprintf(err, errlen, "LVM2 logical volume %s/%.64s: no "
		    "extents", vg, name);
		return -1;
	}
	m = xcalloc(1, sizeof(*m));
	m->pv = pv;
	if (lv_segments(lv, name, size, pe_start, pv->size, m, err,
	    errlen) != 0) {
		free(m->v);
		free(m);
		return -1;
	}
	bd = xcalloc(1, sizeof(*bd));
	bd->ops = &lv_ops;
	bd->format = pv->format;
	bd->size = size;
	bd->fd = -1;
	bd->priv = m;
	own(pt, bd);
	pt->v = xreallocarray(pt->v, pt->n + 1, sizeof(*pt->v));
	p = &pt->v[pt->n++];
	memset(p, 0, sizeof(*p));
	p->len = size;
	snprintf(p->vg, sizeof(p->vg), "%s", vg);
	snprintf(p->lv, sizeof(p->lv), "%s", name);
	p->dev = bd;
	return disk_probe_dev(bd, p, err, errlen);
}

/* Read physical volume PV (owned by PT once here) and append its
 * logical volumes to PT. */
static int
pv_expand(struct blockdev *pv, struct disk_ptable *pt, unsigned maxparts,
    size_t textmax, char *err, size_t errlen)
{
	unsigned char head[DISK_LVM_HEAD];
	unsigned char mdah[MDA_HEADER];
	libvslvm_handle_t *h = NULL;
	libvslvm_volume_group_t *vg = NULL;
	libvslvm_error_t *e = NULL;
	libbfio_handle_t *io = NULL;
	struct blockdev *view;
	char vgname[NAME_MAX_LVM];
	uint64_t pe_start, mda_off, mda_len, toff, tlen;
	uint32_t tcrc;
	char *text;
	int npv = 0;
	int nlv = 0;
	int rc = -1;

	own(pt, pv);
	if (pv->size < DISK_LVM_HEAD || blockdev_pread(pv, head,
	    sizeof(head), 0) != 0) {
		snprintf(err, errlen, "LVM2 label: cannot be read");
		return -1;
	}
	if (disk_lvm_label(head, pv->size, &pe_start, &mda_off, &mda_len, err,
	    errlen) != 0)
		return -1;
	if (blockdev_pread(pv, mdah, sizeof(mdah), mda_off) != 0) {
		snprintf(err, errlen, "LVM2 metadata area: %.200s", pv->err);
		return -1;
	}
	if (disk_lvm_mda(mdah, mda_off, mda_len, textmax, &toff, &tlen, &tcrc,
	    err, errlen) != 0)
		return -1;
	text = xmalloc((size_t)tlen + 1);
	if (blockdev_pread(pv, text, (size_t)tlen, toff) != 0) {
		snprintf(err, errlen, "LVM2 metadata text: %.200s", pv->err);
		free(text);
		return -1;
	}
	text[tlen] = '\0';
	if (disk_lvm_crc(text, (size_t)tlen) != tcrc) {
		snprintf(err, errlen, "LVM2 metadata text: checksum mismatch");
		free(text);
		return -1;
	}
	rc = disk_lvm_text_check(text, (size_t)tlen, err, errlen);
	if (rc != 0) {
		free(text);
		return -1;
	}
	rc = -1;
	view = overlay_new(pv, mda_off, mdah, text, (size_t)tlen);
	free(text);
	own(pt, view);
	io = disk_bfio_new(view);
	if (io == NULL) {
		snprintf(err, errlen, "LVM2: cannot set up the reader");
		return -1;
	}
	if (libvslvm_handle_initialize(&h, &e) != 1 ||
	    libvslvm_handle_open_file_io_handle(h, io, LIBVSLVM_OPEN_READ,
	    &e) != 1 ||
	    libvslvm_handle_get_volume_group(h, &vg, &e) != 1 ||
	    libvslvm_volume_group_get_name(vg, vgname, sizeof(vgname),
	    &e) != 1 ||
	    libvslvm_volume_group_get_number_of_physical_volumes(vg, &npv,
	    &e) != 1 ||
	    libvslvm_volume_group_get_number_of_logical_volumes(vg, &nlv,
	    &e) != 1) {
		vslvm_err(e, "LVM2 metadata", err, errlen);
		goto out;
	}
	if (npv != 1) {
		snprintf(err, errlen, "LVM2 volume group %.64s spans %d "
		    "physical volumes: only one is read", vgname, npv);
		goto out;
	}
	if (nlv < 0 || (size_t)nlv > maxparts - pt->n) {
		snprintf(err, errlen, "LVM2 volume group %.64s: %d logical "
		    "volumes, more than the %u partitions read", vgname, nlv,
		    maxparts);
		goto out;
	}
	for (int i = 0; i < nlv; i++) {
		libvslvm_logical_volume_t *lv = NULL;
		int ok;

		if (libvslvm_volume_group_get_logical_volume(vg, i, &lv,
		    &e) != 1) {
			vslvm_err(e, "LVM2 logical volume", err, errlen);
			goto out;
		}
		ok = lv_add(pt, lv, vgname, pv, pe_start, err, errlen);
		libvslvm_logical_volume_free(&lv, NULL);
		if (ok != 0)
			goto out;
	}
	rc = 0;
out:
	if (vg != NULL)
		libvslvm_volume_group_free(&vg, NULL);
	if (h != NULL) {
		libvslvm_handle_close(h, NULL);
		libvslvm_handle_free(&h, NULL);
	}
	libbfio_handle_free(&io, NULL);
	return rc;
}

int
disk_lvm_expand(struct blockdev *bd, struct disk_ptable *pt,
    unsigned maxparts, size_t textmax, char *err, size_t errlen)
{
	size_t n = pt->n;

	for (size_t i = 0; i < n; i++) {
		struct blockdev *pv;
		char why[256];
		char name[64];

		if (strcmp(pt->v[i].fstype, "LVM2_member") != 0)
			continue;
		pv = blockdev_window(bd, pt->v[i].off, pt->v[i].len);
		if (pv == NULL) {
			snprintf(err, errlen, "%s lies past the end of the "
			    "disk", disk_part_name(&pt->v[i], name,
			    sizeof(name)));
			return -1;
		}
		if (pv_expand(pv, pt, maxparts, textmax, why,
		    sizeof(why)) != 0) {
			if (pt->v[i].no == 0)
				snprintf(err, errlen, "%s", why);
			else
				snprintf(err, errlen, "partition %u: %s",
				    pt->v[i].no, why);
			return -1;
		}
	}
	return 0;
}
