/*
 * oval_rpm.c -- the OVAL rpm family: rpminfo_object and
 * rpmverifyfile_object (OVAL 5.11.2 linux-definitions-schema), from the
 * target's rpm database (engine/probes/pkgdb/rpmdb.c: read through the
 * target, no librpm).
 *
 * Items are shaped as OpenSCAP 1.3's rpminfo probe makes them, the
 * oracle we compare with: epoch "(none)" when the header has none, evr
 * "EPOCH:VERSION-RELEASE" with 0 for no epoch, extended_name
 * "NAME-EPOCH:VERSION-RELEASE.ARCH", signature_keyid the signer's key id
 * or "0" (rpmhdr.h says which signature tags), and with
 * behaviors filepaths="true" one filepath per file and directory of the
 * package. A target without an rpm database has no rpm items (the test's
 * existence check decides); a database we cannot read (Berkeley DB, ndb,
 * malformed) makes the test unknown with the reason.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "assay/diag.h"
#include "assay/rpmdb.h"
#include "assay/rpmhdr.h"
#include "assay/util.h"
#include "assay/xmem.h"
#include "oval_private.h"

/* The database of OX's target: OR_TRUE with *DBP (NULL when the target
 * has none), or why not in OX. */
static enum ores
rpm_db(struct ox *ox, const char *what, const struct rpmdb_db **dbp)
{
	struct diag *d = diag_new();
	enum fs_rc rc = rpmdb_get(ox->t, ox->lim, dbp, d);
	enum ores r = OR_TRUE;

	if (rc == FS_ENOENT)
		*dbp = NULL;
	else if (rc != FS_OK)
		r = ox_fail(ox, OR_ERROR, "%s: rpm database: %s", what,
		    diag_count(d) > 0 ? diag_text(d, 0) : fs_rc_str(rc));
	else if (*dbp == NULL)
		r = ox_fail(ox, OR_UNKNOWN, "%s: %s", what,
		    diag_count(d) > 0 ? diag_message(d, 0) :
		    "rpm database cannot be read");
	diag_free(d);
	return r;
}

/* The fields every rpm item has, from package P. */
static void
add_pkg_fields(struct oitem *it, const struct rpmdb_pkg *p)
{
	const char *epoch = p->epoch != NULL ? p->epoch : "0";
	char *s;

	oitem_add(it, "name", p->name);
	oitem_add(it, "arch", p->arch);
	oitem_add(it, "epoch", p->epoch != NULL ? p->epoch : "(none)");
	oitem_add(it, "release", p->release);
	oitem_add(it, "version", p->version);
	s = xasprintf("%s:%s-%s", epoch, p->version, p->release);
	oitem_add(it, "evr", s);
	free(s);
	s = xasprintf("%s-%s:%s-%s.%s", p->name, epoch, p->version,
	    p->release, p->arch);
	oitem_add(it, "extended_name", s);
	free(s);
}

/* One file of a package header. */
struct rpmfile {
	char		*path;
	uint64_t	 mode;
	uint64_t	 size;
	uint64_t	 flags;
	const char	*digest;	/* hex, "" for none */
	const char	*user;
	const char	*group;
	const char	*linkto;
	uint64_t	 state;
};

/* rpm's file flags (rpmfiles.h) and states (rpmfi.h). */
#define RPMFILE_CONFIG		(1u << 0)
#define RPMFILE_DOC		(1u << 1)
#define RPMFILE_GHOST		(1u << 6)
#define RPMFILE_LICENSE		(1u << 7)
#define RPMFILE_README		(1u << 8)
#define RPMFILE_STATE_NORMAL	0

/* The files of a header, with the strings borrowed from its blob. */
struct rpmfiles {
	void		*blob;
	struct rpmfile	*v;
	size_t		 n;
	uint32_t	 algo;	/* FILEDIGESTALGO: 1 md5 (default), 8 sha256 */
};

static void
rpmfiles_release(struct rpmfiles *f)
{
	for (size_t i = 0; i < f->n; i++)
		free(f->v[i].path);
	free(f->v);
	free(f->blob);
	memset(f, 0, sizeof(*f));
}

/* String I of array entry E (checked by rpmhdr_get), or "". */
static const char *
strv_at(const char **v, const struct rpmhdr_ent *e, int ok, uint32_t i)
{
	return ok == 1 && v != NULL && i < e->count ? v[i] : "";
}

/* Integer I of entry E, or DEF. */
static uint64_t
int_at(const struct rpmhdr_ent *e, int ok, uint32_t i, uint64_t def)
{
	uint64_t v;

	return ok == 1 && rpmhdr_int(e, i, &v) ? v : def;
}

/* The file list of package P (BASENAMES, DIRNAMES, DIRINDEXES and the
 * per-file arrays, which must be as long as BASENAMES when present).
 * OR_TRUE, or why not in OX. */
static enum ores
oval_rpm_files(struct ox *ox, const struct rpmdb_db *db,
    const struct rpmdb_pkg *p, struct rpmfiles *out)
{
	struct rpmhdr h;
	struct rpmhdr_ent base, dirs, didx, modes, sizes, lsizes, flags,
	    digests, users, groups, links, states, algo;
	int okb, okd, oki, okm, oks, okl, okf, okg, oku, okgr, okln, okst,
	    oka;
	const char **bv = NULL, **dv = NULL, **gv = NULL, **uv = NULL,
	    **grv = NULL, **lv = NULL;
	const char *why = "";
	size_t len;
	enum ores r = OR_TRUE;

	memset(out, 0, sizeof(*out));
	if (rpmdb_header(db, p, &out->blob, &len) != FS_OK ||
	    rpmhdr_parse(out->blob, len, &h, &why) != 0)
		return ox_fail(ox, OR_ERROR, "rpm header of %s: %s", p->name,
		    why[0] != '\0' ? why : "cannot be read again");
	okb = rpmhdr_get(&h, RPMHDR_BASENAMES, &base);
	if (okb == 0)
		return OR_TRUE;		/* a package without files */
	okd = rpmhdr_get(&h, RPMHDR_DIRNAMES, &dirs);
	oki = rpmhdr_get(&h, RPMHDR_DIRINDEXES, &didx);
	okm = rpmhdr_get(&h, RPMHDR_FILEMODES, &modes);
	oks = rpmhdr_get(&h, RPMHDR_FILESIZES, &sizes);
	okl = rpmhdr_get(&h, RPMHDR_LONGFILESIZES, &lsizes);
	okf = rpmhdr_get(&h, RPMHDR_FILEFLAGS, &flags);
	okg = rpmhdr_get(&h, RPMHDR_FILEDIGESTS, &digests);
	oku = rpmhdr_get(&h, RPMHDR_FILEUSERNAME, &users);
	okgr = rpmhdr_get(&h, RPMHDR_FILEGROUPNAME, &groups);
	okln = rpmhdr_get(&h, RPMHDR_FILELINKTOS, &links);
	okst = rpmhdr_get(&h, RPMHDR_FILESTATES, &states);
	oka = rpmhdr_get(&h, RPMHDR_FILEDIGESTALGO, &algo);
	if (okb != 1 || okd != 1 || oki != 1 ||
	    (bv = rpmhdr_strv(&base)) == NULL ||
	    (dv = rpmhdr_strv(&dirs)) == NULL || didx.count != base.count ||
	    okm < 0 || oks < 0 || okl < 0 || okf < 0 || okg < 0 || oku < 0 ||
	    okgr < 0 || okln < 0 || okst < 0 || oka < 0) {
		r = ox_fail(ox, OR_ERROR, "rpm header of %s: malformed file "
		    "list", p->name);
		goto out;
	}
	gv = okg == 1 ? rpmhdr_strv(&digests) : NULL;
	uv = oku == 1 ? rpmhdr_strv(&users) : NULL;
	grv = okgr == 1 ? rpmhdr_strv(&groups) : NULL;
	lv = okln == 1 ? rpmhdr_strv(&links) : NULL;
	out->algo = (uint32_t)int_at(&algo, oka, 0, 1);
	out->v = xcalloc(base.count, sizeof(*out->v));
	for (uint32_t i = 0; i < base.count; i++) {
		struct rpmfile *f = &out->v[out->n];
		uint64_t di = int_at(&didx, oki, i, UINT64_MAX);

		if (di >= dirs.count) {
			r = ox_fail(ox, OR_ERROR, "rpm header of %s: file %u "
			    "has no directory", p->name, i);
			goto out;
		}
		f->path = xasprintf("%s%s", dv[di], bv[i]);
		f->mode = int_at(&modes, okm, i, 0);
		f->size = okl == 1 ? int_at(&lsizes, okl, i, 0) :
		    int_at(&sizes, oks, i, 0);
		f->flags = int_at(&flags, okf, i, 0);
		f->digest = strv_at(gv, &digests, okg, i);
		f->user = strv_at(uv, &users, oku, i);
		f->group = strv_at(grv, &groups, okgr, i);
		f->linkto = strv_at(lv, &links, okln, i);
		f->state = int_at(&states, okst, i, RPMFILE_STATE_NORMAL);
		out->n++;
	}
out:
	free(bv);
	free(dv);
	free(gv);
	free(uv);
	free(grv);
	free(lv);
	if (r != OR_TRUE)
		rpmfiles_release(out);
	return r;
}

/* ---- rpminfo ---- */

enum ores
oval_collect_rpminfo(struct ox *ox, xmlNodePtr obj, struct oitems *out)
{
	xmlNodePtr name = xchild(obj, "name");
	xmlNodePtr beh = xchild(obj, "behaviors");
	const char *fp = beh != NULL ? xattr(beh, "filepaths") : NULL;
	bool filepaths = fp != NULL && (strcmp(fp, "true") == 0 ||
	    strcmp(fp, "1") == 0);
	const struct rpmdb_db *db = NULL;
	enum ores r;

	if (name == NULL)
		return ox_fail(ox, OR_ERROR, "rpminfo_object without name");
	r = rpm_db(ox, "rpminfo_object", &db);
	for (size_t i = 0; r == OR_TRUE && db != NULL && i < db->n; i++) {
		const struct rpmdb_pkg *p = &db->v[i];
		struct rpmfiles files;
		struct oitem *it;
		enum ores m;

		if ((m = ox_ent_match(ox, name, p->name)) != OR_TRUE) {
			if (m != OR_FALSE)
				r = m;
			continue;
		}
		if (out->n >= ox->lim->oval_items)
			return ox_fail(ox, OR_ERROR, "rpminfo_object: more "
			    "than %zu items", ox->lim->oval_items);
		it = oitems_new(out, db->path, 0);
		add_pkg_fields(it, p);
		oitem_add(it, "signature_keyid", p->keyid != NULL ?
		    p->keyid : "0");
		if (!filepaths)
			continue;
		r = oval_rpm_files(ox, db, p, &files);
		for (size_t k = 0; r == OR_TRUE && k < files.n; k++)
			oitem_add(it, "filepath", files.v[k].path);
		if (r == OR_TRUE)
			rpmfiles_release(&files);
	}
	return r;
}
