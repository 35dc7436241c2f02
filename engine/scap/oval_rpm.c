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
 * existence check decides); a database we cannot read (ndb, malformed)
 * makes the test unknown with the reason.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <openssl/evp.h>

#include "assay/diag.h"
#include "assay/rpmdb.h"
#include "assay/rpmhdr.h"
#include "assay/strbuf.h"
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
	uint64_t	 mtime;		/* seconds; 0 without FILEMTIMES */
	uint64_t	 flags;
	uint64_t	 vflags;	/* what rpm -V checks (%verify) */
	const char	*digest;	/* hex, "" for none */
	const char	*user;
	const char	*group;
	const char	*linkto;
	uint64_t	 state;
};

/* rpm's file flags (rpmfiles.h) and states (rpmfi.h). */
#define RPMFILE_CONFIG		(1u << 0)
#define RPMFILE_DOC		(1u << 1)
#define RPMFILE_MISSINGOK	(1u << 3)
#define RPMFILE_GHOST		(1u << 6)
#define RPMFILE_LICENSE		(1u << 7)
#define RPMFILE_README		(1u << 8)
#define RPMFILE_STATE_NORMAL	0

/* rpm's verify attributes (rpmvf.h): a file's FILEVERIFYFLAGS say which
 * of them rpm -V checks; %verify(not ...) clears them. */
#define RPMVERIFY_FILEDIGEST	(1u << 0)
#define RPMVERIFY_FILESIZE	(1u << 1)
#define RPMVERIFY_LINKTO	(1u << 2)
#define RPMVERIFY_USER		(1u << 3)
#define RPMVERIFY_GROUP		(1u << 4)
#define RPMVERIFY_MTIME		(1u << 5)
#define RPMVERIFY_MODE		(1u << 6)
#define RPMVERIFY_RDEV		(1u << 7)
#define RPMVERIFY_CAPS		(1u << 8)
#define RPMVERIFY_ALL		0xffffffffu

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
	    digests, users, groups, links, states, algo, mtimes, vflags;
	int okb, okd, oki, okm, oks, okl, okf, okg, oku, okgr, okln, okst,
	    oka, okt, okv;
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
	okt = rpmhdr_get(&h, RPMHDR_FILEMTIMES, &mtimes);
	okv = rpmhdr_get(&h, RPMHDR_FILEVERIFYFLAGS, &vflags);
	if (okb != 1 || okd != 1 || oki != 1 ||
	    (bv = rpmhdr_strv(&base)) == NULL ||
	    (dv = rpmhdr_strv(&dirs)) == NULL || didx.count != base.count ||
	    okm < 0 || oks < 0 || okl < 0 || okf < 0 || okg < 0 || oku < 0 ||
	    okgr < 0 || okln < 0 || okst < 0 || oka < 0 || okt < 0 ||
	    okv < 0) {
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
		/* rpmfilesFMtime's 0 for a header without the tag */
		f->mtime = int_at(&mtimes, okt, i, 0);
		f->flags = int_at(&flags, okf, i, 0);
		/* rpmbuild always writes the tag; without it, check all */
		f->vflags = int_at(&vflags, okv, i, RPMVERIFY_ALL);
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

/* ---- rpmverifyfile ---- */

/* The target's user or group names by id (/etc/passwd, /etc/group), as
 * rpm -V looks up the owner of a file on the system it verifies. */
struct idnames {
	struct strlist	 names;
	uint32_t	*ids;
};

static void
idnames_load(struct ox *ox, const char *path, struct idnames *n)
{
	struct strbuf sb = STRBUF_INIT;
	size_t cap = 0;
	char *line;
	char *save = NULL;

	memset(n, 0, sizeof(*n));
	if (target_read(ox->t, path, 0, &sb) != FS_OK) {
		strbuf_release(&sb);
		return;
	}
	for (line = strtok_r(sb.buf, "\n", &save); line != NULL;
	    line = strtok_r(NULL, "\n", &save)) {
		char *c1 = strchr(line, ':');
		char *c2 = c1 != NULL ? strchr(c1 + 1, ':') : NULL;
		char *end;
		unsigned long id;

		if (c2 == NULL || n->names.n >= ox->lim->oval_items)
			continue;
		id = strtoul(c2 + 1, &end, 10);
		if (end == c2 + 1 || *end != ':' || id > UINT32_MAX)
			continue;
		*c1 = '\0';
		xgrow((void **)&n->ids, &cap, n->names.n + 1,
		    sizeof(*n->ids));
		n->ids[n->names.n] = (uint32_t)id;
		strlist_add(&n->names, line);
	}
	strbuf_release(&sb);
}

static const char *
idnames_get(const struct idnames *n, uint32_t id)
{
	for (size_t i = 0; i < n->names.n; i++)
		if (n->ids[i] == id)
			return n->names.v[i];
	return NULL;
}

static void
idnames_release(struct idnames *n)
{
	strlist_release(&n->names);
	free(n->ids);
}

/* S_IF* bits of a node type (rpm stores full st_mode values). */
static uint32_t
type_bits(enum fs_type t)
{
	switch (t) {
	case FS_REG:
		return 0100000;
	case FS_DIR:
		return 0040000;
	case FS_LNK:
		return 0120000;
	case FS_CHR:
		return 0020000;
	case FS_BLK:
		return 0060000;
	case FS_FIFO:
		return 0010000;
	case FS_SOCK:
		return 0140000;
	default:
		return 0;
	}
}

/* rpm's digest algorithm ids (rpmpgp.h PGPHASHALGO_*). */
static const EVP_MD *
digest_md(uint32_t algo)
{
	switch (algo) {
	case 1:
		return EVP_md5();
	case 2:
		return EVP_sha1();
	case 8:
		return EVP_sha256();
	case 9:
		return EVP_sha384();
	case 10:
		return EVP_sha512();
	case 11:
		return EVP_sha224();
	default:
		return NULL;
	}
}

/* Behaviours of the object (all default false). */
struct vbeh {
	bool	nolinkto, nomd5, nosize, nouser, nogroup, nomtime, nomode,
		nordev, nocaps, noconfigfiles, noghostfiles, nofiledigest;
};

static bool
beh_true(xmlNodePtr beh, const char *name)
{
	const char *v = beh != NULL ? xattr(beh, name) : NULL;

	return v != NULL && (strcmp(v, "true") == 0 || strcmp(v, "1") == 0);
}

/* One *_differs field, as rpm -V's column (the 5.11 schema maps "." to
 * pass, the letter to fail, "?" to not performed). */
enum vfield {
	VF_PASS,	/* checked and equal, or dropped by rpm: "." */
	VF_FAIL,	/* checked and different: the letter */
	VF_NOTPERF,	/* off by a behaviour, or rpm could not check */
};

static const char *
vstr(enum vfield v)
{
	return v == VF_FAIL ? "fail" : v == VF_PASS ? "pass" :
	    "not performed";
}

/* A check rpm makes: FAIL when it DIFFERS. One rpm drops (the
 * package's %verify(not ...), or a check that does not apply to the
 * file's type or to a %ghost's contents) is PASS, as rpm -V prints "."
 * for it and OpenSCAP's probe says pass; one the object's behaviours
 * turn off is not performed. */
static enum vfield
vcheck(bool off, bool made, bool differs)
{
	if (off)
		return VF_NOTPERF;
	return made && differs ? VF_FAIL : VF_PASS;
}

#define S_DEVBITS(m)	((m) & 0170000)
#define IS_CHR(m)	(S_DEVBITS(m) == 0020000)
#define IS_BLK(m)	(S_DEVBITS(m) == 0060000)

/* Verify file F of the target as rpm -V does (rpm 4.18 lib/verify.c
 * rpmfilesVerify), adding the *_differs fields to IT. OR_TRUE, or an
 * error in OX (a file too large to hash, a read error). */
static enum ores
verify_file(struct ox *ox, const struct rpmfile *f, uint32_t algo,
    const struct vbeh *b, const struct idnames *users,
    const struct idnames *groups, struct oitem *it)
{
	struct fsnode n;
	enum fs_rc rc = target_lookup(ox->t, f->path, false, &n);
	bool isreg, islnk;
	bool dsz = false, dmode = false, ddig = false, dlink = false;
	bool duser = false, dgroup = false, dmtime = false, drdev = false;
	bool psz, pmode, pdig, plink, puser, pgroup, pmtime, prdev;
	bool osz, omode, odig, olink, ouser, ogroup, omtime, ordev, ocaps;
	enum vfield vsz, vmode, vdig, vlink, vuser, vgroup, vmtime, vrdev;
	enum vfield vcaps;
	bool ghost = (f->flags & RPMFILE_GHOST) != 0;
	uint32_t fmode, hmode;

	/* off by the object's behaviours: not performed whatever rpm
	 * would say */
	osz = b->nosize;
	omode = b->nomode;
	odig = b->nofiledigest || b->nomd5;
	olink = b->nolinkto;
	ouser = b->nouser;
	ogroup = b->nogroup;
	omtime = b->nomtime;
	ordev = b->nordev;
	ocaps = b->nocaps;
	if (f->state != RPMFILE_STATE_NORMAL ||
	    ((rc == FS_ENOENT || rc == FS_ENOTDIR) &&
	    (f->flags & (RPMFILE_GHOST | RPMFILE_MISSINGOK)))) {
		/* not installed, replaced, netshared: rpm skips the file;
		 * a missing %ghost or %missingok file is no failure to
		 * rpm -V (it prints nothing): no check was made */
		vsz = vmode = vdig = vlink = vuser = vgroup = vmtime = vrdev =
		    vcaps = VF_NOTPERF;
		goto out;
	}
	if (rc == FS_ENOENT || rc == FS_ENOTDIR) {
		/* missing: every check the object and the package ask
		 * for differs; nothing else was compared */
#define MISSING(o, flag) \
	((o) || !(f->vflags & (flag)) ? VF_NOTPERF : VF_FAIL)
		vsz = MISSING(osz, RPMVERIFY_FILESIZE);
		vmode = MISSING(omode, RPMVERIFY_MODE);
		vdig = MISSING(odig, RPMVERIFY_FILEDIGEST);
		vlink = MISSING(olink, RPMVERIFY_LINKTO);
		vuser = MISSING(ouser, RPMVERIFY_USER);
		vgroup = MISSING(ogroup, RPMVERIFY_GROUP);
		vmtime = MISSING(omtime, RPMVERIFY_MTIME);
		vrdev = MISSING(ordev, RPMVERIFY_RDEV);
		vcaps = MISSING(ocaps, RPMVERIFY_CAPS);
#undef MISSING
		goto out;
	}
	if (rc != FS_OK)
		return ox_fail(ox, OR_ERROR, "rpmverifyfile %s: %s", f->path,
		    fs_rc_str(rc));
	isreg = n.type == FS_REG;
	islnk = n.type == FS_LNK;
	/* what rpm verifies: what the package lets it (FILEVERIFYFLAGS),
	 * per file type, and never a ghost's contents */
	psz = !osz && (f->vflags & RPMVERIFY_FILESIZE) && isreg && !ghost;
	pdig = !odig && (f->vflags & RPMVERIFY_FILEDIGEST) && isreg &&
	    !ghost && f->digest[0] != '\0';
	plink = !olink && (f->vflags & RPMVERIFY_LINKTO) && islnk && !ghost;
	pmode = !omode && (f->vflags & RPMVERIFY_MODE) && !islnk;
	puser = !ouser && (f->vflags & RPMVERIFY_USER);
	pgroup = !ogroup && (f->vflags & RPMVERIFY_GROUP);
	pmtime = !omtime && (f->vflags & RPMVERIFY_MTIME) && isreg && !ghost;
	prdev = !ordev && (f->vflags & RPMVERIFY_RDEV);
	dsz = psz && n.size != f->size;
	fmode = type_bits(n.type) | n.mode;
	hmode = (uint32_t)f->mode;
	/* rpm compares whole seconds (st_mtime with the header's 32-bit
	 * FILEMTIMES); a back end that does not know the time cannot
	 * say */
	dmtime = pmtime && n.mtime.known && n.mtime.sec != (int64_t)f->mtime;
	/* a char or block device where the package has none, or the
	 * reverse; two devices differ by their numbers, which the
	 * target does not give: not performed then */
	drdev = prdev && (IS_CHR(hmode) != IS_CHR(fmode) ||
	    IS_BLK(hmode) != IS_BLK(fmode));
	if (ghost) {
		fmode &= 07777;
		hmode &= 07777;
	}
	dmode = pmode && fmode != hmode;
	{
		const char *u = idnames_get(users, n.uid);
		const char *g = idnames_get(groups, n.gid);

		duser = puser && (u == NULL || strcmp(u, f->user) != 0);
		dgroup = pgroup && (g == NULL || strcmp(g, f->group) != 0);
	}
	if (plink) {
		struct strbuf sb = STRBUF_INIT;

		rc = target_readlink(ox->t, f->path, &sb);
		if (rc != FS_OK) {
			strbuf_release(&sb);
			return ox_fail(ox, OR_ERROR, "rpmverifyfile %s: %s",
			    f->path, fs_rc_str(rc));
		}
		dlink = strcmp(sb.buf != NULL ? sb.buf : "", f->linkto) != 0;
		strbuf_release(&sb);
	}
	if (pdig) {
		const EVP_MD *md = digest_md(algo);
		struct strbuf sb = STRBUF_INIT;
		unsigned char dig[EVP_MAX_MD_SIZE];
		unsigned int dlen = 0;
		char hex[2 * EVP_MAX_MD_SIZE + 1];

		if (md == NULL)
			return ox_fail(ox, OR_UNKNOWN, "rpmverifyfile %s: "
			    "digest algorithm %u not supported", f->path,
			    algo);
		rc = target_read(ox->t, f->path, ox->lim->rpmverify_bytes,
		    &sb);
		if (rc != FS_OK) {
			strbuf_release(&sb);
			return ox_fail(ox, OR_ERROR, "rpmverifyfile %s: %s",
			    f->path, rc == FS_ETOOBIG ? "larger than "
			    "rpmverify_bytes" : fs_rc_str(rc));
		}
		if (EVP_Digest(sb.buf != NULL ? sb.buf : "", sb.len, dig,
		    &dlen, md, NULL) != 1) {
			strbuf_release(&sb);
			return ox_fail(ox, OR_ERROR, "rpmverifyfile %s: "
			    "digest failed", f->path);
		}
		strbuf_release(&sb);
		for (unsigned int i = 0; i < dlen; i++)
			snprintf(hex + 2 * i, 3, "%02x", dig[i]);
		ddig = strcasecmp(hex, f->digest) != 0;
	}
	vsz = vcheck(osz, psz, dsz);
	vmode = vcheck(omode, pmode, dmode);
	vdig = vcheck(odig, pdig, ddig);
	vlink = vcheck(olink, plink, dlink);
	vuser = vcheck(ouser, puser, duser);
	vgroup = vcheck(ogroup, pgroup, dgroup);
	vmtime = vcheck(omtime, pmtime, dmtime);
	if (pmtime && !n.mtime.known)
		vmtime = VF_NOTPERF;
	vrdev = vcheck(ordev, prdev, drdev);
	if (prdev && !drdev && (IS_CHR(hmode) || IS_BLK(hmode)))
		vrdev = VF_NOTPERF;
	/* capabilities: rpm compares the security.capability attribute
	 * of regular files, which the target does not give */
	vcaps = vcheck(ocaps, false, false);
	if (!ocaps && (f->vflags & RPMVERIFY_CAPS) && isreg)
		vcaps = VF_NOTPERF;
out:
	oitem_add(it, "size_differs", vstr(vsz));
	oitem_add(it, "mode_differs", vstr(vmode));
	oitem_add(it, "md5_differs", vstr(vdig));
	oitem_add(it, "filedigest_differs", vstr(vdig));
	oitem_add(it, "device_differs", vstr(vrdev));
	oitem_add(it, "link_mismatch", vstr(vlink));
	oitem_add(it, "ownership_differs", vstr(vuser));
	oitem_add(it, "group_differs", vstr(vgroup));
	oitem_add(it, "mtime_differs", vstr(vmtime));
	oitem_add(it, "capabilities_differ", vstr(vcaps));
	return OR_TRUE;
}

static void
add_file_kinds(struct oitem *it, const struct rpmfile *f)
{
	oitem_add(it, "configuration_file",
	    (f->flags & RPMFILE_CONFIG) ? "true" : "false");
	oitem_add(it, "documentation_file",
	    (f->flags & RPMFILE_DOC) ? "true" : "false");
	oitem_add(it, "ghost_file",
	    (f->flags & RPMFILE_GHOST) ? "true" : "false");
	oitem_add(it, "license_file",
	    (f->flags & RPMFILE_LICENSE) ? "true" : "false");
	oitem_add(it, "readme_file",
	    (f->flags & RPMFILE_README) ? "true" : "false");
}

/* Does entity NAME of OBJ (absent: anything) match VAL? */
static enum ores
ent_ok(struct ox *ox, xmlNodePtr obj, const char *name, const char *val)
{
	xmlNodePtr e = xchild(obj, name);

	return e == NULL ? OR_TRUE : ox_ent_match(ox, e, val);
}

enum ores
oval_collect_rpmverifyfile(struct ox *ox, xmlNodePtr obj,
    struct oitems *out)
{
	xmlNodePtr beh = xchild(obj, "behaviors");
	xmlNodePtr fpe = xchild(obj, "filepath");
	const struct rpmdb_db *db = NULL;
	struct idnames users, groups;
	struct vbeh b;
	enum ores r;

	if (fpe == NULL)
		return ox_fail(ox, OR_ERROR, "rpmverifyfile_object without "
		    "filepath");
	r = rpm_db(ox, "rpmverifyfile_object", &db);
	if (r != OR_TRUE || db == NULL)
		return r;
	b.nolinkto = beh_true(beh, "nolinkto");
	b.nomd5 = beh_true(beh, "nomd5");
	b.nosize = beh_true(beh, "nosize");
	b.nouser = beh_true(beh, "nouser");
	b.nogroup = beh_true(beh, "nogroup");
	b.nomtime = beh_true(beh, "nomtime");
	b.nomode = beh_true(beh, "nomode");
	b.nordev = beh_true(beh, "nordev");
	b.nocaps = beh_true(beh, "nocaps");
	b.noconfigfiles = beh_true(beh, "noconfigfiles");
	b.noghostfiles = beh_true(beh, "noghostfiles");
	b.nofiledigest = beh_true(beh, "nofiledigest");
	idnames_load(ox, "/etc/passwd", &users);
	idnames_load(ox, "/etc/group", &groups);
	for (size_t i = 0; r == OR_TRUE && i < db->n; i++) {
		const struct rpmdb_pkg *p = &db->v[i];
		const char *epoch = p->epoch != NULL ? p->epoch : "(none)";
		struct rpmfiles files;
		enum ores m = OR_TRUE;
		const char *const ents[][2] = {
			{ "name", p->name }, { "epoch", epoch },
			{ "version", p->version }, { "release", p->release },
			{ "arch", p->arch },
		};

		for (size_t k = 0; m == OR_TRUE && k < 5; k++)
			m = ent_ok(ox, obj, ents[k][0], ents[k][1]);
		if (m != OR_TRUE) {
			if (m != OR_FALSE)
				r = m;
			continue;
		}
		r = oval_rpm_files(ox, db, p, &files);
		if (r != OR_TRUE)
			break;
		for (size_t k = 0; r == OR_TRUE && k < files.n; k++) {
			const struct rpmfile *f = &files.v[k];
			struct oitem *it;

			if ((b.noconfigfiles && (f->flags & RPMFILE_CONFIG)) ||
			    (b.noghostfiles && (f->flags & RPMFILE_GHOST)))
				continue;
			m = ox_ent_match(ox, fpe, f->path);
			if (m != OR_TRUE) {
				if (m != OR_FALSE)
					r = m;
				continue;
			}
			if (out->n >= ox->lim->oval_items) {
				r = ox_fail(ox, OR_ERROR, "rpmverifyfile_object: "
				    "more than %zu items",
				    ox->lim->oval_items);
				break;
			}
			it = oitems_new(out, f->path, 0);
			add_pkg_fields(it, p);
			oitem_add(it, "filepath", f->path);
			r = verify_file(ox, f, files.algo, &b, &users, &groups,
			    it);
			add_file_kinds(it, f);
		}
		rpmfiles_release(&files);
	}
	idnames_release(&users);
	idnames_release(&groups);
	return r;
}
