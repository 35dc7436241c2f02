/*
 * target_image.c -- a container image as a target: formats, manifests,
 * which image, and the passes over the archive.
 *
 * The format is told from content, never from the file name: a tar (plain,
 * gzip or zstd) holding manifest.json is a docker-archive (docker save,
 * skopeo, podman); one holding oci-layout and index.json an OCI archive;
 * any other tar a single layer. A directory holding oci-layout and
 * index.json is an OCI layout (target.c asks before treating a directory
 * as a root filesystem). index.json leads to a manifest (nested indexes
 * are followed, INDEX_DEPTH_MAX deep; OCI and Docker distribution media
 * types alike), and the manifest to a config and layers.
 *
 * An archive is read in two passes because `docker save` writes
 * manifest.json last. Pass 1 keeps only the small JSON members (manifest,
 * index, configs; at most image_json_bytes each) and the member names;
 * pass 2 streams the chosen image's layers through image_layers.c, each
 * decompressed once, straight out of the outer archive. When members
 * come out of manifest order (OCI archives sort blobs by digest), a blob
 * that is needed later is held in memory up to image_buffer_bytes, and
 * one that does not fit is picked up by a further pass: memory stays
 * bounded and the common case is still two passes. An OCI layout reads
 * each blob file directly. Every JSON document and blob is checked
 * against its sha256 digest, and every layer against the config's
 * diff_id when it has one (image_layers.c hashes the uncompressed tar); a
 * mismatch, a missing blob, oversized JSON or any archive error fails the
 * open with one message naming it.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <archive.h>
#include <archive_entry.h>
#include <jansson.h>

#include "assay/limits.h"
#include "assay/util.h"
#include "assay/xmem.h"
#include "nested_stream.h"
#include "image_private.h"

/* Outer members remembered by name: an image archive has a handful per
 * layer; a layer tar this wide is not an image archive anyway. */
#define MEMBERS_MAX	65536
/* Images (manifest.json entries or index manifests) to choose among. */
#define CHOICES_MAX	1024
/* Indexes inside index.json followed, at most (a real one has one). */
#define INDEX_DEPTH_MAX	4
/* JSON kept from pass 1, as a multiple of image_json_bytes. */
#define JSON_BUDGET	16

#define MT_OCI_INDEX	"application/vnd.oci.image.index.v1+json"
#define MT_DOCKER_LIST	\
	"application/vnd.docker.distribution.manifest.list.v2+json"

/* One member of the outer archive. DATA holds a JSON member (pass 1) or
 * a layer blob buffered out of order (pass 2). */
struct member {
	char		*name;
	uint64_t	 size;
	int64_t		 off;		/* of the data in the file, or -1 */
	char		*data;
	size_t		 len;
	bool		 json;
	bool		 buffered;
};

/* One layer of the chosen image. */
struct layer {
	char		*member;	/* outer member or blob file name */
	char		 hex[65];	/* expected sha256, "" if none */
	char		 diff[65];	/* config's diff_id, "" if none */
	bool		 done;
};

/* One image to choose from. */
struct choice {
	struct strlist	 names;
	const char	*os;
	const char	*arch;
	const char	*variant;
	json_t		*manifest;	/* OCI: the manifest */
	json_t		*entry;		/* docker: the manifest.json entry */
	json_t		*config;
	char		*digest;	/* of the manifest or the config */
	char		*config_id;	/* "sha256:HEX" of the config */
	char		*manifest_digest;	/* OCI: "sha256:HEX" */
};

struct open_ctx {
	struct image		*im;
	const char		*path;
	const struct target_opts *o;
	struct diag		*d;
	int			 dirfd;		/* OCI layout, else -1 */
	int			 fd;		/* the archive, else -1 */
	uint64_t		 size;		/* of the archive file */
	bool			 plain;		/* not compressed as a whole */
	struct member		*m;
	size_t			 nm;
	size_t			 mcap;
	bool			 overflow;
	size_t			 jsonbytes;
	size_t			 bufbytes;
	struct layer		*layers;
	size_t			 nlayers;
	struct choice		*ch;
	size_t			 nch;
	enum target_kind	 kind;
	/* libarchive's first ARCHIVE_WARN in pass 1: fatal for a docker or
	 * OCI archive; for a single layer tar the layer reader, which holds
	 * libarchive to Go's reading of the same headers, decides. */
	char			*outer_warn;
	struct image_registry	*reg;		/* docker://, else NULL */
};

static int
fail(struct open_ctx *c, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static int
fail(struct open_ctx *c, const char *fmt, ...)
{
	va_list ap;
	char *msg;

	va_start(ap, fmt);
	msg = xvasprintf(fmt, ap);
	va_end(ap);
	diag_add(c->d, NULL, "%s: %s", c->path, msg);
	free(msg);
	return -1;
}

/* libarchive's message for the image archive A, never NULL. */
static const char *
ar_err(struct archive *a)
{
	return image_ar_err(a, "damaged archive (libarchive gives no "
	    "reason)");
}

static bool
is_file_at(int dirfd, const char *name)
{
	struct stat st;

	return fstatat(dirfd, name, &st, 0) == 0 && S_ISREG(st.st_mode);
}

static bool
exists_at(int dirfd, const char *name)
{
	struct stat st;

	return fstatat(dirfd, name, &st, AT_SYMLINK_NOFOLLOW) == 0;
}

bool
target_image_is_layout(const char *path)
{
	int fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	bool yes;

	if (fd < 0)
		return false;
	/* an index.json that is a FIFO, a device or a symlink still makes
	 * this a layout, which then refuses it: never a root filesystem */
	yes = is_file_at(fd, "oci-layout") && exists_at(fd, "index.json");
	close(fd);
	return yes;
}

static struct archive *
outer_open(struct open_ctx *c)
{
	struct archive *a = archive_read_new();
	const char *outer;

	archive_read_support_filter_gzip(a);
	archive_read_support_filter_zstd(a);
	archive_read_support_format_tar(a);
	if (lseek(c->fd, 0, SEEK_CUR) > 0 && lseek(c->fd, 0, SEEK_SET) != 0) {
		fail(c, "%s", diag_errno(errno));
		archive_read_free(a);
		return NULL;
	}
	if ((outer = nested_stream_fd(c->fd)) != NULL) {
		fail(c, "a compressed stream inside the %s stream, which "
		    "container runtimes do not unpack (they decompress once)",
		    outer);
		archive_read_free(a);
		return NULL;
	}
	if (archive_read_open_fd(a, c->fd, 65536) == ARCHIVE_OK)
		return a;
	if (archive_errno(a) == EILSEQ)	/* ARCHIVE_ERRNO_FILE_FORMAT */
		fail(c, "not a directory or a supported image archive");
	else
		fail(c, "%s", ar_err(a));
	archive_read_free(a);
	return NULL;
}

/* "./a//b" -> "a/b" for matching outer member names. */
static char *
member_name(const char *raw)
{
	char *p = path_normalize(raw);
	char *q = xstrdup(p[0] == '/' ? p + 1 : p);

	free(p);
	return q;
}

/* Is manifest.json path NAME one assay refuses to clean: absolute, or
 * with a ".." component (docker load would quietly resolve it inside its
 * temp dir; the image is not what it says)? */
static bool
is_unclean_path(const char *name)
{
	const char *p = name;

	if (name[0] == '/')
		return true;
	while (*p != '\0') {
		size_t n = strcspn(p, "/");

		if (n == 2 && p[0] == '.' && p[1] == '.')
			return true;
		p += n;
		while (*p == '/')
			p++;
	}
	return false;
}

static struct member *
find_member(struct open_ctx *c, const char *name)
{
	for (size_t i = 0; i < c->nm; i++)
		if (strcmp(c->m[i].name, name) == 0)
			return &c->m[i];
	return NULL;
}

/* Read the current entry of A whole (it is at most the JSON cap) into M
 * if it looks like JSON, else skip it. */
static int
pass1_entry(struct open_ctx *c, struct archive *a, struct member *m)
{
	struct image_src s;
	struct strbuf b = STRBUF_INIT;
	const void *p;
	ssize_t n;
	bool maybe = m->size <= c->im->lim->image_json_bytes &&
	    c->jsonbytes + m->size <=
	    JSON_BUDGET * c->im->lim->image_json_bytes;

	if (!maybe && archive_filter_count(a) == 1)
		return 0;	/* archive_read_next_header() seeks past it */
	image_src_init(&s, c->im->lim);
	s.outer = a;
	while ((n = image_src_pull(&s, &p)) > 0) {
		if (b.len == 0 && ((const char *)p)[0] != '{' &&
		    ((const char *)p)[0] != '[')
			maybe = false;
		if (maybe)
			strbuf_add(&b, p, (size_t)n);
	}
	if (n < 0) {
		image_src_release(&s);
		strbuf_release(&b);
		return fail(c, "member \"%s\": %s", m->name, s.err);
	}
	image_src_release(&s);
	if (maybe && b.len > 0) {
		m->json = true;
		m->len = b.len;
		m->data = strbuf_detach(&b);
		c->jsonbytes += m->len;
	}
	strbuf_release(&b);
	return 0;
}

static int
cmp_member_name(const void *a, const void *b)
{
	const struct member *const *x = a;
	const struct member *const *y = b;

	return strcmp((*x)->name, (*y)->name);
}

/* An image archive must not hold two members of one name: assay would
 * read the first copy, `docker load` and skopeo keep the last. */
static int
check_duplicates(struct open_ctx *c)
{
	const struct member **v = xcalloc(c->nm + 1, sizeof(*v));
	int rc = 0;

	for (size_t i = 0; i < c->nm; i++)
		v[i] = &c->m[i];
	qsort(v, c->nm, sizeof(*v), cmp_member_name);
	for (size_t i = 1; rc == 0 && i < c->nm; i++)
		if (strcmp(v[i - 1]->name, v[i]->name) == 0)
			rc = fail(c, "member \"%s\" appears more than once "
			    "in the archive (assay would read the first copy, "
			    "a runtime loading it keeps the last)",
			    v[i]->name);
	free(v);
	return rc;
}

static int
pass1(struct open_ctx *c)
{
	struct archive *a = outer_open(c);
	struct archive_entry *e;
	int rc = 0;
	int r;

	if (a == NULL)
		return -1;
	while (rc == 0 && (r = archive_read_next_header(a, &e)) !=
	    ARCHIVE_EOF) {
		struct member *m;

		if (r == ARCHIVE_WARN && c->outer_warn == NULL) {
			c->outer_warn = xstrdup(ar_err(a));
		} else if (r != ARCHIVE_OK && r != ARCHIVE_WARN) {
			rc = fail(c, "%s", ar_err(a));
			break;
		}
		/* Skipping a sparse member's data makes libarchive expand
		 * its holes (gigabytes through a decompressor); no image
		 * writer makes them and the layer reader refuses them. */
		if (archive_entry_sparse_count(e) > 0) {
			rc = fail(c, "tar header of member \"%s\": sparse member: "
			    "not supported (no container image writer makes "
			    "them)", archive_entry_pathname(e) != NULL ?
			    archive_entry_pathname(e) : "(no name)");
			break;
		}
		if (archive_entry_filetype(e) != AE_IFREG ||
		    archive_entry_pathname(e) == NULL)
			continue;
		if (c->nm >= MEMBERS_MAX) {
			c->overflow = true;
			continue;
		}
		xgrow((void **)&c->m, &c->mcap, c->nm + 1, sizeof(*c->m));
		m = &c->m[c->nm++];
		memset(m, 0, sizeof(*m));
		m->name = member_name(archive_entry_pathname(e));
		m->size = archive_entry_size(e) < 0 ? 0 :
		    (uint64_t)archive_entry_size(e);
		/* where the data lies, when it lies in one piece */
		c->plain = archive_filter_count(a) == 1;
		m->off = c->plain && archive_entry_sparse_count(e) == 0 ?
		    archive_filter_bytes(a, 0) : -1;
		rc = pass1_entry(c, a, m);
	}
	archive_read_free(a);
	return rc;
}

/* "sha256:HEX" -> HEX into OUT[65]; else -1. */
static int
parse_digest(const char *dg, char out[65])
{
	if (dg == NULL || strncmp(dg, "sha256:", 7) != 0 ||
	    strlen(dg + 7) != 64 || strspn(dg + 7, "0123456789abcdef") != 64)
		return -1;
	memcpy(out, dg + 7, 65);
	return 0;
}

/* A blob NAME of an OCI layout could not be opened (RC): "missing blob"
 * (after LEAD) when it is not there, else what it is. */
static int
blob_open_fail(struct open_ctx *c, const char *lead, const char *name,
    enum fs_rc rc)
{
	if (rc == FS_ENOENT || rc == FS_ENOTDIR)
		return fail(c, "%smissing blob \"%s\"", lead, name);
	return fail(c, "blob \"%s\": %s", name, rc == FS_ENOTREG ?
	    "not a regular file" : rc == FS_ELOOP ? "too many levels of "
	    "symbolic links" : rc == FS_EACCES ? "permission denied" :
	    "cannot be opened");
}

/* The bytes of JSON document NAME (an outer member, or a file of the
 * layout) into *DATA (borrowed or, for a layout, *OWNED). */
static int
json_bytes(struct open_ctx *c, const char *name, const char **data,
    size_t *len, char **owned)
{
	struct member *m;

	*owned = NULL;
	if (c->reg != NULL) {
		char err[512];

		if (image_registry_json(c->reg, name, owned, len, err,
		    sizeof(err)) != 0)
			return fail(c, "%s", err);
		*data = *owned;
		return 0;
	}
	if (c->dirfd >= 0) {
		enum fs_rc frc;
		int fd = target_open_regular_in(c->dirfd, c->im->lim, name,
		    &frc);
		struct image_src s;
		struct strbuf b = STRBUF_INIT;
		const void *p;
		ssize_t n;

		if (fd < 0)
			return blob_open_fail(c, "", name, frc);
		image_src_init(&s, c->im->lim);
		s.fd = fd;
		while ((n = image_src_pull(&s, &p)) > 0 &&
		    b.len + (size_t)n <= c->im->lim->image_json_bytes)
			strbuf_add(&b, p, (size_t)n);
		image_src_release(&s);
		close(fd);
		if (n != 0) {
			strbuf_release(&b);
			return fail(c, "\"%s\": %s", name, n < 0 ? s.err :
			    "larger than the JSON size cap");
		}
		*owned = strbuf_detach(&b);
		*data = *owned;
		*len = strlen(*owned);
		return 0;
	}
	m = find_member(c, name);
	if (m == NULL)
		return fail(c, "manifest references missing blob \"%s\"", name);
	if (m->size > c->im->lim->image_json_bytes)
		return fail(c, "\"%s\": %" PRIu64 " bytes, more than the %zu-"
		    "byte JSON cap", name, m->size,
		    c->im->lim->image_json_bytes);
	if (!m->json)
		return fail(c, "\"%s\": not JSON", name);
	*data = m->data;
	*len = m->len;
	return 0;
}

/* Parse JSON document NAME, checking it hashes to HEX when not NULL. */
static json_t *
load_json(struct open_ctx *c, const char *name, const char *hex)
{
	const char *data = NULL;
	char *owned;
	char got[65];
	json_error_t err;
	json_t *j = NULL;
	size_t len = 0;

	if (json_bytes(c, name, &data, &len, &owned) != 0)
		return NULL;
	if (hex != NULL) {
		image_sha256_hex(data, len, got);
		if (strcmp(got, hex) != 0) {
			fail(c, "blob sha256:%s digest mismatch (its content "
			    "hashes to sha256:%s)", hex, got);
			free(owned);
			return NULL;
		}
	}
	j = json_loadb(data, len, JSON_REJECT_DUPLICATES, &err);
	if (j == NULL)
		fail(c, "\"%s\": line %d: %s", name, err.line, err.text);
	free(owned);
	return j;
}

/* Load the blob with descriptor digest DG ("sha256:..."). */
static json_t *
load_blob(struct open_ctx *c, const char *dg)
{
	char hex[65];
	char *name;
	json_t *j;

	if (parse_digest(dg, hex) != 0) {
		fail(c, "unsupported or malformed digest \"%s\"",
		    dg != NULL ? dg : "");
		return NULL;
	}
	name = xasprintf("blobs/sha256/%s", hex);
	j = load_json(c, name, hex);
	free(name);
	return j;
}

static const char *
jstr(json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

static struct choice *
choice_add(struct open_ctx *c)
{
	struct choice *ch;

	if (c->nch >= CHOICES_MAX)
		return NULL;
	c->ch = xreallocarray(c->ch, c->nch + 1, sizeof(*c->ch));
	ch = &c->ch[c->nch++];
	memset(ch, 0, sizeof(*ch));
	return ch;
}

static void
choice_platform_from_config(struct choice *ch)
{
	if (ch->os == NULL)
		ch->os = jstr(ch->config, "os");
	if (ch->arch == NULL)
		ch->arch = jstr(ch->config, "architecture");
	if (ch->variant == NULL)
		ch->variant = jstr(ch->config, "variant");
}

/* docker-archive: one choice per manifest.json entry. */
static int
docker_choices(struct open_ctx *c)
{
	json_t *mf = load_json(c, "manifest.json", NULL);
	size_t i;
	json_t *e;

	if (mf == NULL)
		return -1;
	json_array_append_new(c->im->hold, mf);
	if (!json_is_array(mf) || json_array_size(mf) == 0)
		return fail(c, "manifest.json: expected a non-empty array");
	json_array_foreach(mf, i, e) {
		struct choice *ch = choice_add(c);
		const char *cfg = jstr(e, "Config");
		char hex[65];
		const char *slash;
		size_t k;
		json_t *t;

		if (ch == NULL)
			return fail(c, "manifest.json: more than %d images",
			    CHOICES_MAX);
		if (cfg == NULL || !json_is_array(json_object_get(e,
		    "Layers")))
			return fail(c, "manifest.json: entry %zu: expected "
			    "Config and Layers", i + 1);
		if (is_unclean_path(cfg))
			return fail(c, "manifest.json: entry %zu: Config path "
			    "\"%s\" is absolute or climbs with \"..\"", i + 1,
			    cfg);
		ch->entry = e;
		json_array_foreach(json_object_get(e, "RepoTags"), k, t)
			if (json_is_string(t))
				strlist_add(&ch->names, json_string_value(t));
		/* "blobs/sha256/HEX" or "HEX.json": the name is the digest */
		slash = strrchr(cfg, '/');
		slash = slash != NULL ? slash + 1 : cfg;
		if (strlen(slash) >= 64 && strspn(slash, "0123456789abcdef")
		    == 64 && (slash[64] == '\0' || strcmp(slash + 64, ".json")
		    == 0)) {
			memcpy(hex, slash, 64);
			hex[64] = '\0';
		} else {
			hex[0] = '\0';
		}
		ch->digest = xasprintf("sha256:%.12s", hex);
		if (hex[0] != '\0')
			ch->config_id = xasprintf("sha256:%s", hex);
		ch->config = load_json(c, cfg, hex[0] != '\0' ? hex : NULL);
		if (ch->config == NULL)
			return -1;
		choice_platform_from_config(ch);
	}
	return 0;
}

static bool
is_attestation(json_t *desc)
{
	const char *t = jstr(json_object_get(desc, "annotations"),
	    "vnd.docker.reference.type");

	return t != NULL && strcmp(t, "attestation-manifest") == 0;
}

/* Add descriptor DESC of an index at nesting DEPTH (0: index.json);
 * NAMEFROM is the descriptor of index.json that led here, whose
 * annotations name the image. Nested indexes are followed up to
 * INDEX_DEPTH_MAX levels. */
static int
oci_descriptor(struct open_ctx *c, json_t *desc, json_t *namefrom,
    int depth)
{
	const char *mt = jstr(desc, "mediaType");
	json_t *pl = json_object_get(desc, "platform");
	json_t *an = json_object_get(namefrom, "annotations");
	struct choice *ch;
	json_t *j;
	size_t i;
	json_t *sub;

	if (is_attestation(desc))
		return 0;
	j = load_blob(c, jstr(desc, "digest"));
	if (j == NULL)
		return -1;
	if ((mt != NULL && (strcmp(mt, MT_OCI_INDEX) == 0 ||
	    strcmp(mt, MT_DOCKER_LIST) == 0)) ||
	    json_is_array(json_object_get(j, "manifests"))) {
		int rc = 0;

		/* kept: choices borrow its strings */
		json_array_append_new(c->im->hold, j);
		if (depth >= INDEX_DEPTH_MAX)
			return fail(c, "index.json: indexes nested more than "
			    "%d levels deep", INDEX_DEPTH_MAX);
		json_array_foreach(json_object_get(j, "manifests"), i, sub)
			if (rc == 0)
				rc = oci_descriptor(c, sub, namefrom,
				    depth + 1);
		return rc;
	}
	ch = choice_add(c);
	if (ch == NULL) {
		json_decref(j);
		return fail(c, "index.json: more than %d images", CHOICES_MAX);
	}
	ch->manifest = j;
	ch->digest = xasprintf("%.19s", jstr(desc, "digest"));
	ch->manifest_digest = xstrdup(jstr(desc, "digest"));
	if (jstr(an, "io.containerd.image.name") != NULL)
		strlist_add(&ch->names, jstr(an, "io.containerd.image.name"));
	if (jstr(an, "org.opencontainers.image.ref.name") != NULL)
		strlist_add(&ch->names, jstr(an,
		    "org.opencontainers.image.ref.name"));
	ch->os = jstr(pl, "os");
	ch->arch = jstr(pl, "architecture");
	ch->variant = jstr(pl, "variant");
	ch->config = load_blob(c, jstr(json_object_get(j, "config"),
	    "digest"));
	if (ch->config == NULL)
		return -1;
	/* load_blob() checked it: a sha256 digest of these bytes */
	ch->config_id = xstrdup(jstr(json_object_get(j, "config"), "digest"));
	choice_platform_from_config(ch);
	return 0;
}

static int
oci_choices(struct open_ctx *c)
{
	json_t *idx = load_json(c, "index.json", NULL);
	json_t *desc;
	size_t i;
	int rc = 0;

	if (idx == NULL)
		return -1;
	json_array_append_new(c->im->hold, idx);
	if (!json_is_array(json_object_get(idx, "manifests")))
		return fail(c, "index.json: expected a manifests array");
	json_array_foreach(json_object_get(idx, "manifests"), i, desc)
		if (rc == 0)
			rc = oci_descriptor(c, desc, desc, 0);
	if (rc == 0 && c->nch == 0)
		return fail(c, "index.json: no image manifest");
	return rc;
}

static char *
choice_str(const struct choice *ch)
{
	return xasprintf("%s (%s/%s%s%s)", ch->names.n > 0 ? ch->names.v[0] :
	    ch->digest, ch->os != NULL ? ch->os : "?", ch->arch != NULL ?
	    ch->arch : "?", ch->variant != NULL ? "/" : "", ch->variant !=
	    NULL ? ch->variant : "");
}

/* Does NAME (a RepoTag, ref.name or full reference) match WANT? */
static bool
name_matches(const char *name, const char *want)
{
	size_t nl = strlen(name);
	size_t wl = strlen(want);

	if (strcmp(name, want) == 0)
		return true;
	/* "app" means "app:latest"; "docker.io/library/app:1" ends "/app:1" */
	if (strncmp(name, want, wl) == 0 && strcmp(name + wl, ":latest") == 0)
		return true;
	return nl > wl && name[nl - wl - 1] == '/' &&
	    strcmp(name + nl - wl, want) == 0;
}

static bool
choice_matches(const struct choice *ch, const char *image,
    const char *platform)
{
	bool ok = image == NULL;
	char *pl;

	for (size_t i = 0; !ok && i < ch->names.n; i++)
		ok = name_matches(ch->names.v[i], image);
	if (!ok || platform == NULL)
		return ok;
	pl = xasprintf("%s/%s%s%s", ch->os != NULL ? ch->os : "",
	    ch->arch != NULL ? ch->arch : "", ch->variant != NULL &&
	    strchr(platform, '/') != strrchr(platform, '/') ? "/" : "",
	    ch->variant != NULL && strchr(platform, '/') !=
	    strrchr(platform, '/') ? ch->variant : "");
	ok = strcmp(pl, platform) == 0;
	free(pl);
	return ok;
}

/* Pick the image: by name and platform, else the only one, else the one
 * linux/amd64; anything else fails listing the choices. */
static struct choice *
choose(struct open_ctx *c)
{
	const char *image = c->o != NULL ? c->o->image : NULL;
	const char *platform = c->o != NULL ? c->o->platform : NULL;
	struct choice *pick = NULL;
	struct strbuf b = STRBUF_INIT;
	size_t n = 0;

	for (int round = 0; round < 2 && n != 1; round++) {
		n = 0;
		for (size_t i = 0; i < c->nch; i++) {
			if (!choice_matches(&c->ch[i], image, round == 0 ?
			    platform : "linux/amd64"))
				continue;
			n++;
			pick = &c->ch[i];
		}
		if (n == 0 || platform != NULL)
			break;
	}
	if (n == 1)
		return pick;
	for (size_t i = 0; i < c->nch; i++) {
		char *s = choice_str(&c->ch[i]);

		strbuf_addf(&b, "%s%s", i > 0 ? ", " : "", s);
		free(s);
	}
	if (n == 0)
		fail(c, "no image matches%s%s%s%s; the archive holds: %s",
		    image != NULL ? " --image " : "", image != NULL ? image :
		    "", platform != NULL ? " --platform " : "", platform != NULL
		    ? platform : "", b.buf);
	else
		fail(c, "%zu images match; choose one with --image or "
		    "--platform: %s", n, b.buf);
	strbuf_release(&b);
	return NULL;
}

static int
layers_add(struct open_ctx *c, size_t n)
{
	if (n > c->im->lim->image_layers)
		return fail(c, "%zu layers, more than the cap of %u", n,
		    c->im->lim->image_layers);
	c->layers = xcalloc(n != 0 ? n : 1, sizeof(*c->layers));
	c->nlayers = n;
	return 0;
}

/* The chosen image's layers, with the digests to check them against. */
static int
choice_layers(struct open_ctx *c, struct choice *ch)
{
	json_t *ls = ch->entry != NULL ? json_object_get(ch->entry, "Layers")
	    : json_object_get(ch->manifest, "layers");
	json_t *diffs = json_object_get(json_object_get(ch->config, "rootfs"),
	    "diff_ids");
	json_t *l;
	size_t i;

	if (!json_is_array(ls))
		return fail(c, "manifest: expected a layers array");
	if (layers_add(c, json_array_size(ls)) != 0)
		return -1;
	json_array_foreach(ls, i, l) {
		struct layer *ly = &c->layers[i];
		const char *name = ch->entry != NULL ? json_string_value(l) :
		    jstr(l, "digest");

		if (parse_digest(json_string_value(json_array_get(diffs, i)),
		    ly->diff) != 0)
			ly->diff[0] = '\0';
		if (ch->entry == NULL) {
			if (parse_digest(name, ly->hex) != 0)
				return fail(c, "layer %zu: unsupported or "
				    "malformed digest", i + 1);
			ly->member = xasprintf("blobs/sha256/%s", ly->hex);
			continue;
		}
		if (name == NULL)
			return fail(c, "manifest.json: layer %zu is not a "
			    "string", i + 1);
		if (is_unclean_path(name))
			return fail(c, "manifest.json: layer %zu path \"%s\" "
			    "is absolute or climbs with \"..\"", i + 1, name);
		ly->member = member_name(name);
		if (strncmp(ly->member, "blobs/sha256/", 13) == 0 &&
		    strlen(ly->member + 13) == 64 && strspn(ly->member + 13,
		    "0123456789abcdef") == 64) {
			memcpy(ly->hex, ly->member + 13, 65);
			continue;
		}
		/* legacy "ID/layer.tar": only the config's diff_id */
		ly->hex[0] = '\0';
	}
	return 0;
}

/* Every layer member must be in the archive (pass 1 saw them all). */
static int
check_members(struct open_ctx *c)
{
	for (size_t i = 0; i < c->nlayers; i++) {
		if (find_member(c, c->layers[i].member) != NULL)
			continue;
		if (c->overflow)
			return fail(c, "more than %d members in the archive",
			    MEMBERS_MAX);
		return fail(c, "manifest references missing blob \"%s\"",
		    c->layers[i].member);
	}
	return 0;
}

/* Apply layer I from S; its blob's digest is job JOB of H when H is not
 * NULL, checked now or, with LATER, left there. */
static int
apply_one(struct open_ctx *c, struct image_src *s, size_t i,
    struct image_hasher *h, size_t job, struct image_layer_later *later)
{
	struct layer *ly = &c->layers[i];
	struct image_layer_spec ls = {
		.layer = (int)i,
		.nlayers = c->nlayers,
		.what = NULL,
		.blob_hex = ly->hex[0] != '\0' ? ly->hex : NULL,
		.diff_hex = ly->diff[0] != '\0' ? ly->diff : NULL,
		.hasher = h,
		.job = job,
		.later = later,
	};
	char *what = xasprintf("%s: layer %zu/%zu (%s)", c->path, i + 1,
	    c->nlayers, ly->member);
	int rc;

	ls.what = what;
	rc = image_layer_apply(c->im, s, &ls, c->d);
	ly->done = true;
	free(what);
	return rc;
}

static bool
needed_from(struct open_ctx *c, const char *name, size_t from)
{
	for (size_t j = from; j < c->nlayers; j++)
		if (!c->layers[j].done && strcmp(c->layers[j].member, name)
		    == 0)
			return true;
	return false;
}

/* Apply the layers from *NEXT on whose blobs are buffered. */
static int
apply_buffered(struct open_ctx *c, size_t *next)
{
	while (*next < c->nlayers) {
		struct member *m = find_member(c, c->layers[*next].member);
		struct image_src s;
		int rc;

		if (m == NULL || !m->buffered)
			return 0;
		image_src_init(&s, c->im->lim);
		s.mem = m->data;
		s.memlen = m->len;
		rc = apply_one(c, &s, (*next)++, NULL, 0, NULL);
		image_src_release(&s);
		if (rc != 0)
			return -1;
		if (!needed_from(c, m->name, *next)) {
			c->bufbytes -= m->len;
			free(m->data);
			m->data = NULL;
			m->buffered = false;
		}
	}
	return 0;
}

/* Hold the current entry of A (member M) in memory for a later layer. */
static int
buffer_member(struct open_ctx *c, struct archive *a, struct member *m)
{
	struct strbuf b = STRBUF_INIT;
	struct image_src s;
	const void *p;
	ssize_t n;

	image_src_init(&s, c->im->lim);
	s.outer = a;
	while ((n = image_src_pull(&s, &p)) > 0 && b.len + (size_t)n <=
	    m->size)
		strbuf_add(&b, p, (size_t)n);
	image_src_release(&s);
	if (n != 0) {
		strbuf_release(&b);
		return fail(c, "member \"%s\": %s", m->name, n < 0 ? s.err :
		    "longer than its header says");
	}
	free(m->data);
	m->len = b.len;
	m->data = b.len > 0 ? strbuf_detach(&b) : xstrdup("");
	m->buffered = true;
	c->bufbytes += m->len;
	strbuf_release(&b);
	return 0;
}

/* One pass over the outer archive, applying layers from *NEXT on. */
static int
pass2_once(struct open_ctx *c, size_t *next)
{
	struct archive *a = outer_open(c);
	struct archive_entry *e;
	int rc = 0;
	int r;

	if (a == NULL)
		return -1;
	while (rc == 0 && *next < c->nlayers &&
	    (r = archive_read_next_header(a, &e)) != ARCHIVE_EOF) {
		struct member *m;
		char *name;

		if (r != ARCHIVE_OK) {
			rc = fail(c, "%s", ar_err(a));
			break;
		}
		if (archive_entry_filetype(e) != AE_IFREG ||
		    archive_entry_pathname(e) == NULL)
			continue;
		name = member_name(archive_entry_pathname(e));
		m = find_member(c, name);
		if (m != NULL && strcmp(name, c->layers[*next].member) == 0 &&
		    !needed_from(c, name, *next + 1)) {
			struct image_src s;

			image_src_init(&s, c->im->lim);
			s.outer = a;
			rc = apply_one(c, &s, (*next)++, NULL, 0, NULL);
			image_src_release(&s);
			if (rc == 0)
				rc = apply_buffered(c, next);
		} else if (m != NULL && !m->buffered &&
		    needed_from(c, name, *next) && c->bufbytes + m->size <=
		    c->im->lim->image_buffer_bytes) {
			rc = buffer_member(c, a, m);
			if (rc == 0)
				rc = apply_buffered(c, next);
		}
		free(name);
	}
	archive_read_free(a);
	return rc;
}

static int
pass2(struct open_ctx *c)
{
	size_t next = 0;

	while (next < c->nlayers) {
		size_t before = next;

		if (pass2_once(c, &next) != 0)
			return -1;
		if (next == before)
			return fail(c, "layer \"%s\" vanished between passes",
			    c->layers[next].member);
	}
	return 0;
}

/* Where a layer blob lies: LEN bytes of FD from OFF. */
struct place {
	int		 fd;
	uint64_t	 off;
	uint64_t	 len;
};

/* Read the late fetches W[N] of layer I (image_wants_plan) from S. */
static int
fetch_one(struct open_ctx *c, struct image_src *s, size_t i,
    const struct image_want *w, size_t n)
{
	const char *member = c->layers[i].member;
	struct image_layer_spec ls = {
		.layer = (int)i,
		.nlayers = c->nlayers,
		.fetch = w,
		.nfetch = n,
	};
	char *what = member != NULL ? xasprintf("%s: layer %zu/%zu (%s)",
	    c->path, i + 1, c->nlayers, member) :
	    xasprintf("%s: layer tar", c->path);
	int rc;

	ls.what = what;
	rc = image_layer_apply(c->im, s, &ls, c->d);
	free(what);
	return rc;
}

/* The wants from W[*AT] on that are all of one layer: their count. */
static size_t
wants_group(const struct image_want *w, size_t nw, size_t at)
{
	size_t b = at;

	while (b < nw && w[b].layer == w[at].layer)
		b++;
	return b - at;
}

/* Files reached through links whose data the layer pass did not keep
 * (image_wants_plan) are read by a second pass over only the layers
 * holding them, straight from P: an uncompressed layer's reader seeks
 * from header to header, a compressed one is decoded again up to the
 * last entry wanted. */
static int
fetch_ranged(struct open_ctx *c, const struct place *p)
{
	struct image_want *w = NULL;
	size_t nw = image_wants_plan(c->im, &w);
	int rc = 0;

	for (size_t at = 0; rc == 0 && at < nw;) {
		size_t n = wants_group(w, nw, at);
		size_t i = (size_t)w[at].layer;
		struct image_src s;

		image_src_init(&s, c->im->lim);
		image_src_range(&s, p[i].fd, p[i].off, p[i].len);
		rc = fetch_one(c, &s, i, w + at, n);
		image_src_release(&s);
		at += n;
	}
	free(w);
	return rc;
}

/* Late fetches when the layers are streamed out of the outer archive:
 * further passes over it, each fetching what it meets. */
static int
fetch_stream(struct open_ctx *c)
{
	struct image_want *w = NULL;
	size_t nw = image_wants_plan(c->im, &w);
	bool *done = xcalloc(nw + 1, sizeof(*done));
	size_t left = nw;
	int rc = 0;

	while (rc == 0 && left > 0) {
		struct archive *a = outer_open(c);
		struct archive_entry *e;
		size_t before = left;
		int r;

		if (a == NULL) {
			rc = -1;
			break;
		}
		while (rc == 0 && left > 0 && (r = archive_read_next_header(a,
		    &e)) != ARCHIVE_EOF) {
			char *name;

			if (r != ARCHIVE_OK) {
				rc = fail(c, "%s", ar_err(a));
				break;
			}
			if (archive_entry_filetype(e) != AE_IFREG ||
			    archive_entry_pathname(e) == NULL)
				continue;
			name = member_name(archive_entry_pathname(e));
			for (size_t at = 0; at < nw; at += wants_group(w, nw,
			    at)) {
				size_t i = (size_t)w[at].layer;
				struct image_src s;

				if (done[at] || strcmp(name,
				    c->layers[i].member) != 0)
					continue;
				image_src_init(&s, c->im->lim);
				s.outer = a;
				rc = fetch_one(c, &s, i, w + at,
				    wants_group(w, nw, at));
				image_src_release(&s);
				done[at] = true;
				left -= wants_group(w, nw, at);
				break;
			}
			free(name);
		}
		archive_read_free(a);
		if (rc == 0 && left == before)
			rc = fail(c, "a layer vanished between passes");
	}
	free(done);
	free(w);
	return rc;
}

/* The checks left in LATER[0..N) in layer order: 0, or -1 with the
 * first failure in C's diag. All are released. */
static int
check_later(struct open_ctx *c, struct image_layer_later *later, size_t n)
{
	int rc = 0;

	for (size_t i = 0; i < n; i++) {
		if (rc == 0)
			rc = image_layer_check_later(&later[i], c->d);
		image_layer_later_release(&later[i]);
	}
	return rc;
}

/* Layer I failed with its messages in E: the failure of an earlier
 * layer's digest comes first, as it would have, had the earlier layer's
 * check not been left for later. */
static void
fail_after_later(struct open_ctx *c, struct image_layer_later *later,
    size_t i, struct diag *e)
{
	if (check_later(c, later, i) != 0)
		return;
	for (size_t k = 0; k < diag_count(e); k++)
		diag_add(c->d, diag_pos(e, k), "%s", diag_message(e, k));
}

/* Every layer lies in one piece in a regular file, layer I at P[I]. The
 * blobs are hashed on worker threads, largest first, while the layers
 * are applied in order, reading only what the tree needs; a blob no
 * worker has taken when its turn comes is hashed by the reader as it
 * reads it. A worker's checks wait until every layer was read, so the
 * reader never waits for a hash it does not need yet. */
static int
apply_ranged(struct open_ctx *c, const struct place *p)
{
	struct image_hasher *h = NULL;
	size_t *jobs = xcalloc(c->nlayers, sizeof(*jobs));
	struct image_layer_later *later = xcalloc(c->nlayers,
	    sizeof(*later));
	struct diag *e = diag_new();
	struct diag *d0 = c->d;
	int rc = 0;

	if (c->im->verify)
		h = image_hasher_new();
	for (size_t i = 0; i < c->nlayers; i++) {
		const struct layer *ly = &c->layers[i];

		jobs[i] = SIZE_MAX;
		/* a compressed blob without a digest of its own has only
		 * its diff_id, which its reader checks */
		if (h != NULL && (ly->hex[0] != '\0' || (ly->diff[0] != '\0' &&
		    !image_blob_compressed(p[i].fd, p[i].off, p[i].len))))
			jobs[i] = image_hasher_add(h, p[i].fd, p[i].off,
			    p[i].len);
	}
	if (h != NULL)
		image_hasher_start(h);
	for (size_t i = 0; rc == 0 && i < c->nlayers; i++) {
		struct image_hasher *hi = jobs[i] != SIZE_MAX ? h : NULL;
		struct image_src s;

		if (hi != NULL && image_hasher_claim(h, jobs[i]))
			hi = NULL;	/* hashed as it is read */
		image_src_init(&s, c->im->lim);
		image_src_range(&s, p[i].fd, p[i].off, p[i].len);
		c->d = e;
		rc = apply_one(c, &s, i, hi, jobs[i], &later[i]);
		c->d = d0;
		image_src_release(&s);
		if (rc != 0)
			fail_after_later(c, later, i, e);
	}
	/* the late fetches too run while the workers hash; a failed one
	 * is reported after a failed digest, as it would have been */
	if (rc == 0) {
		c->d = e;
		rc = fetch_ranged(c, p);
		c->d = d0;
		if (rc != 0)
			fail_after_later(c, later, c->nlayers, e);
	}
	if (rc == 0)
		rc = check_later(c, later, c->nlayers);
	else
		for (size_t i = 0; i < c->nlayers; i++)
			image_layer_later_release(&later[i]);
	image_hasher_free(h);
	diag_free(e);
	free(later);
	free(jobs);
	return rc;
}

/* The layers of an archive: straight from their places in the file when
 * it is a regular file not compressed as a whole (pass 1 noted where
 * each member's data lies), else by streaming passes. */
static int
apply_archive(struct open_ctx *c)
{
	struct place *p;
	int rc = 0;

	if (!c->plain)
		return pass2(c) != 0 ? -1 : fetch_stream(c);
	for (size_t i = 0; i < c->nlayers; i++)
		if (find_member(c, c->layers[i].member)->off < 0)
			return pass2(c) != 0 ? -1 : fetch_stream(c);
	p = xcalloc(c->nlayers + 1, sizeof(*p));
	for (size_t i = 0; rc == 0 && i < c->nlayers; i++) {
		const struct member *m = find_member(c, c->layers[i].member);

		if ((uint64_t)m->off > c->size || m->size > c->size -
		    (uint64_t)m->off)
			rc = fail(c, "member \"%s\": truncated: the file ends "
			    "inside it", m->name);
		p[i].fd = c->fd;
		p[i].off = (uint64_t)m->off;
		p[i].len = m->size;
	}
	if (rc == 0)
		rc = apply_ranged(c, p);
	free(p);
	return rc;
}

/* OCI layout: each blob is a file under the layout directory. */
static int
apply_layout(struct open_ctx *c)
{
	struct place *p = xcalloc(c->nlayers + 1, sizeof(*p));
	size_t opened = 0;
	int rc = 0;

	for (; rc == 0 && opened < c->nlayers; opened++) {
		struct stat st;
		enum fs_rc frc;
		int fd = target_open_regular_in(c->dirfd, c->im->lim,
		    c->layers[opened].member, &frc);

		p[opened].fd = fd;
		if (fd < 0)
			rc = blob_open_fail(c, "manifest references ",
			    c->layers[opened].member, frc);
		else if (fstat(fd, &st) != 0)
			rc = fail(c, "blob \"%s\": %s",
			    c->layers[opened].member, diag_errno(errno));
		else
			p[opened].len = (uint64_t)st.st_size;
	}
	if (rc == 0)
		rc = apply_ranged(c, p);
	for (size_t i = 0; i < opened; i++)
		if (p[i].fd >= 0)
			close(p[i].fd);
	free(p);
	return rc;
}

/* A single layer tar: the file itself is layer 0, without a digest. */
static int
apply_layer_tar(struct open_ctx *c)
{
	struct image_layer_spec ls = { .layer = 0, .nlayers = 1 };
	struct image_src s;
	int rc;

	if (layers_add(c, 1) != 0)
		return -1;
	image_src_init(&s, c->im->lim);
	image_src_range(&s, c->fd, 0, c->size);
	ls.what = xasprintf("%s: layer tar", c->path);
	rc = image_layer_apply(c->im, &s, &ls, c->d);
	free((char *)ls.what);
	image_src_release(&s);
	if (rc == 0) {
		struct place p = { c->fd, 0, c->size };

		rc = fetch_ranged(c, &p);
	}
	return rc;
}

/* A registry's layers: each blob streamed once, hashed as it arrives;
 * late fetches stream the layers holding them again. */
static int
apply_registry(struct open_ctx *c)
{
	struct image_want *w = NULL;
	size_t nw;
	int rc = 0;

	for (size_t i = 0; rc == 0 && i < c->nlayers; i++) {
		struct image_src s;
		char err[512];

		image_src_init(&s, c->im->lim);
		if (image_registry_blob(c->reg, c->layers[i].hex, &s, err,
		    sizeof(err)) != 0)
			rc = fail(c, "%s", err);
		else
			rc = apply_one(c, &s, i, NULL, 0, NULL);
		image_src_release(&s);
		image_registry_blob_end(&s);
	}
	if (rc != 0)
		return rc;
	nw = image_wants_plan(c->im, &w);
	for (size_t at = 0; rc == 0 && at < nw;) {
		size_t n = wants_group(w, nw, at);
		size_t i = (size_t)w[at].layer;
		struct image_src s;
		char err[512];

		image_src_init(&s, c->im->lim);
		if (image_registry_blob(c->reg, c->layers[i].hex, &s, err,
		    sizeof(err)) != 0)
			rc = fail(c, "%s", err);
		else
			rc = fetch_one(c, &s, i, w + at, n);
		image_src_release(&s);
		image_registry_blob_end(&s);
		at += n;
	}
	free(w);
	return rc;
}

/* The strings of JSON array A, borrowed. */
static const char *const *
str_array(json_t *a, size_t *n)
{
	const char **v;
	size_t i;
	json_t *x;

	*n = 0;
	if (!json_is_array(a) || json_array_size(a) == 0)
		return NULL;
	v = xcalloc(json_array_size(a), sizeof(*v));
	json_array_foreach(a, i, x)
		if (json_is_string(x))
			v[(*n)++] = json_string_value(x);
	return v;
}

static int
cmp_kv(const void *a, const void *b)
{
	return strcmp(((const struct image_kv *)a)->key,
	    ((const struct image_kv *)b)->key);
}

/* The string members of JSON object O (values "" if not strings). */
static const struct image_kv *
kv_object(json_t *o, size_t *n)
{
	struct image_kv *v;
	const char *k;
	json_t *x;

	*n = 0;
	if (!json_is_object(o) || json_object_size(o) == 0)
		return NULL;
	v = xcalloc(json_object_size(o), sizeof(*v));
	json_object_foreach(o, k, x) {
		v[*n].key = k;
		v[*n].value = json_is_string(x) ? json_string_value(x) : "";
		(*n)++;
	}
	qsort(v, *n, sizeof(*v), cmp_kv);
	return v;
}

static void
config_healthcheck(struct image *im, json_t *hc)
{
	size_t n;
	const char *const *test = str_array(json_object_get(hc, "Test"), &n);
	struct strbuf b = STRBUF_INIT;

	im->cfg.has_healthcheck = n > 0 && strcmp(test[0], "NONE") != 0;
	for (size_t i = 0; i < n; i++)
		strbuf_addf(&b, "%s%s", i > 0 ? " " : "", test[i]);
	free((void *)test);
	if (n > 0) {
		im->hc_test = strbuf_detach(&b);
		im->cfg.healthcheck_test = im->hc_test;
	}
	strbuf_release(&b);
}

static void
config_history(struct image *im, json_t *h)
{
	struct image_history *v;
	size_t i;
	int layer = 0;
	json_t *x;

	im->layer_by = xcalloc(im->nlayers + 1, sizeof(*im->layer_by));
	if (!json_is_array(h) || json_array_size(h) == 0)
		return;
	v = xcalloc(json_array_size(h), sizeof(*v));
	json_array_foreach(h, i, x) {
		const char *by = jstr(x, "created_by");

		v[i].created_by = by != NULL ? by : "";
		v[i].created = jstr(x, "created") != NULL ?
		    jstr(x, "created") : "";
		v[i].comment = jstr(x, "comment") != NULL ?
		    jstr(x, "comment") : "";
		v[i].empty_layer = json_is_true(json_object_get(x,
		    "empty_layer"));
		v[i].layer = v[i].empty_layer ? -1 : layer++;
		if (!v[i].empty_layer && (size_t)v[i].layer < im->nlayers)
			im->layer_by[v[i].layer] = v[i].created_by;
	}
	im->cfg.history = v;
	im->cfg.nhistory = json_array_size(h);
}

/* Fill IM->cfg from the chosen image (which hands over its JSON). */
static void
build_config(struct open_ctx *c, struct choice *ch)
{
	struct image *im = c->im;
	struct image_config *cfg = &im->cfg;
	json_t *cc = json_object_get(ch->config, "config");
	json_t *ports = json_object_get(cc, "ExposedPorts");
	const struct image_kv *pk;
	size_t n;

	im->cfgjson = ch->config;
	im->mfjson = ch->manifest;
	ch->config = NULL;
	ch->manifest = NULL;
	im->id = ch->config_id;
	im->manifest_digest = ch->manifest_digest;
	ch->config_id = NULL;
	ch->manifest_digest = NULL;
	cfg->id = im->id;
	cfg->manifest_digest = im->manifest_digest;
	im->nlayers = c->nlayers;
	if (ch->names.n > 0)
		im->name = xstrdup(ch->names.v[0]);
	cfg->name = im->name;
	cfg->os = ch->os;
	cfg->architecture = ch->arch;
	cfg->variant = ch->variant;
	cfg->user = jstr(cc, "User") != NULL ? jstr(cc, "User") : "";
	cfg->workdir = jstr(cc, "WorkingDir");
	cfg->env = str_array(json_object_get(cc, "Env"), &cfg->nenv);
	pk = kv_object(ports, &n);
	if (n > 0) {
		const char **v = xcalloc(n, sizeof(*v));

		for (size_t i = 0; i < n; i++)
			v[i] = pk[i].key;
		cfg->exposed_ports = v;
		cfg->nports = n;
	}
	free((void *)pk);
	config_healthcheck(im, json_object_get(cc, "Healthcheck"));
	cfg->labels = kv_object(json_object_get(cc, "Labels"), &cfg->nlabels);
	cfg->entrypoint = str_array(json_object_get(cc, "Entrypoint"),
	    &cfg->nentrypoint);
	cfg->cmd = str_array(json_object_get(cc, "Cmd"), &cfg->ncmd);
	cfg->annotations = kv_object(json_object_get(im->mfjson,
	    "annotations"), &cfg->nannotations);
	cfg->nlayers = c->nlayers;
	config_history(im, json_object_get(ch->config != NULL ? ch->config :
	    im->cfgjson, "history"));
}

void
image_free(struct image *im)
{
	struct image_config *cfg;

	if (im == NULL)
		return;
	cfg = &im->cfg;
	image_tree_free(&im->tree);
	free((void *)cfg->env);
	free((void *)cfg->exposed_ports);
	free((void *)cfg->labels);
	free((void *)cfg->entrypoint);
	free((void *)cfg->cmd);
	free((void *)cfg->history);
	free((void *)cfg->annotations);
	free(im->layer_by);
	free(im->name);
	free(im->hc_test);
	free(im->id);
	free(im->manifest_digest);
	json_decref(im->cfgjson);
	json_decref(im->mfjson);
	json_decref(im->hold);
	free(im);
}

static void
ctx_release(struct open_ctx *c)
{
	for (size_t i = 0; i < c->nm; i++) {
		free(c->m[i].name);
		free(c->m[i].data);
	}
	free(c->m);
	for (size_t i = 0; i < c->nlayers; i++)
		free(c->layers[i].member);
	free(c->layers);
	for (size_t i = 0; i < c->nch; i++) {
		strlist_release(&c->ch[i].names);
		json_decref(c->ch[i].manifest);
		json_decref(c->ch[i].config);
		free(c->ch[i].digest);
		free(c->ch[i].config_id);
		free(c->ch[i].manifest_digest);
	}
	free(c->ch);
	free(c->outer_warn);
	if (c->dirfd >= 0)
		close(c->dirfd);
	if (c->fd >= 0)
		close(c->fd);
}

/* Open the archive file once for every pass: c->fd and c->size. */
static int
open_archive(struct open_ctx *c)
{
	struct stat st;

	c->fd = open(c->path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (c->fd < 0)
		return fail(c, "%s", diag_errno(errno));
	if (fstat(c->fd, &st) != 0 || !S_ISREG(st.st_mode))
		return fail(c, "not a regular file");	/* swapped since */
	c->size = (uint64_t)st.st_size;
	return 0;
}

/* Find the format and the image, and the layers to read. */
static int
open_image(struct open_ctx *c, char **desc)
{
	struct choice *ch;
	struct stat st;
	int rc;

	if (c->reg != NULL) {
		c->kind = TARGET_REGISTRY;
		rc = oci_choices(c);
	} else if (stat(c->path, &st) == 0 && S_ISDIR(st.st_mode)) {
		c->kind = TARGET_OCI_LAYOUT;
		c->dirfd = open(c->path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (c->dirfd < 0)
			return fail(c, "%s", diag_errno(errno));
		rc = oci_choices(c);
	} else if (open_archive(c) != 0 || pass1(c) != 0) {
		return -1;
	} else if (c->outer_warn != NULL &&
	    (find_member(c, "manifest.json") != NULL ||
	    find_member(c, "oci-layout") != NULL)) {
		return fail(c, "%s", c->outer_warn);
	} else if (find_member(c, "manifest.json") != NULL) {
		c->kind = TARGET_DOCKER_ARCHIVE;
		rc = check_duplicates(c);
		if (rc == 0)
			rc = docker_choices(c);
	} else if (find_member(c, "oci-layout") != NULL &&
	    find_member(c, "index.json") != NULL) {
		c->kind = TARGET_OCI_ARCHIVE;
		rc = check_duplicates(c);
		if (rc == 0)
			rc = oci_choices(c);
	} else {
		c->kind = TARGET_LAYER_TAR;
		*desc = xstrdup("layer-tar, 1 layer");
		return apply_layer_tar(c);
	}
	if (rc != 0 || (ch = choose(c)) == NULL || choice_layers(c, ch) != 0)
		return -1;
	if (c->dirfd < 0 && c->reg == NULL && check_members(c) != 0)
		return -1;
	{
		char *s = choice_str(ch);
		char *how = c->reg != NULL ? image_registry_describe(c->reg) :
		    xstrdup(target_kind_str(c->kind));

		*desc = xasprintf("%s, image %s, %zu layer%s%s",
		    how, s, c->nlayers,
		    c->nlayers == 1 ? "" : "s", c->im->verify ? "" :
		    ", layer digests not verified (--no-verify)");
		free(s);
		free(how);
	}
	build_config(c, ch);
	if (c->reg != NULL)
		return apply_registry(c);
	return c->dirfd >= 0 ? apply_layout(c) : apply_archive(c);
}

int
target_image_open(struct target *t, const char *path,
    const struct target_opts *o, struct diag *d)
{
	return image_open(t, path, o, NULL, d);
}

int
image_open(struct target *t, const char *path,
    const struct target_opts *o, struct image_registry *reg,
    struct diag *d)
{
	struct image *im = xcalloc(1, sizeof(*im));
	struct open_ctx c;
	char *desc = NULL;
	int rc;

	image_tree_init(&im->tree);
	im->hold = json_array();
	im->lim = t->lim;
	im->globs = o != NULL ? o->content_globs : NULL;
	im->progress = o != NULL ? o->progress : NULL;
	im->progress_arg = o != NULL ? o->progress_arg : NULL;
	im->stream = o != NULL ? o->stream : NULL;
	im->stream_arg = o != NULL ? o->stream_arg : NULL;
	im->verify = o == NULL || !o->no_verify;
	memset(&c, 0, sizeof(c));
	c.im = im;
	c.path = path;
	c.o = o;
	c.d = d;
	c.dirfd = -1;
	c.fd = -1;
	c.reg = reg;
	rc = open_image(&c, &desc);
	image_retain_release(im);
	im->globs = NULL;	/* borrowed for the open only (target.h) */
	if (im->progress != NULL && im->progress_next > 0) {
		struct target_progress tp = { .done = true };

		im->progress(&tp, im->progress_arg);
	}
	t->kind = c.kind;
	ctx_release(&c);
	if (rc != 0) {
		free(desc);
		image_free(im);
		return -1;
	}
	t->ops = &image_target_ops;
	t->priv = im;
	t->describe = desc;
	return 0;
}

const struct image_config *
target_image_config(struct target *t)
{
	struct image *im;

	if (t->kind == TARGET_DIR || t->kind == TARGET_LAYER_TAR ||
	    t->kind == TARGET_DISK_IMAGE)
		return NULL;
	im = t->priv;
	return &im->cfg;
}

const char *
image_layer_created_by(struct target *t, int layer)
{
	struct image *im;

	if (t->kind == TARGET_DIR || t->kind == TARGET_LAYER_TAR ||
	    t->kind == TARGET_DISK_IMAGE)
		return "";
	im = t->priv;
	if (layer < 0 || (size_t)layer >= im->nlayers ||
	    im->layer_by[layer] == NULL)
		return "";
	return im->layer_by[layer];
}
