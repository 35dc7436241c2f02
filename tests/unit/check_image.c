/*
 * check_image.c -- image targets: formats, layer semantics, hostile input.
 *
 * Every archive is built here with libarchive's writer in a fresh temp
 * dir: layers as pax tars (plain, gzip or zstd), then a docker-archive,
 * OCI archive or OCI layout around them, with real sha256 digests.
 */
#include "config.h"

#include <dirent.h>
#include <fcntl.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <archive.h>
#include <archive_entry.h>
#include <zlib.h>

#include "assay/image.h"
#include "assay/target.h"
#include "assay/xmem.h"
#include "testutil.h"
/* the layer hasher is the image module's own (engine/target/image_hash.c) */
#include "../../engine/target/image_private.h"

struct blob {
	char	*data;
	size_t	 len;
	char	 hex[65];
	char	 diff[65];	/* sha256 of the uncompressed tar */
};

static char *tmp;

static void
setup(void)
{
	tmp = tu_tmpdir();
}

static void
teardown(void)
{
	tu_rmtree(tmp);
	free(tmp);
}

/* When set, plain layers give the symlink named UTF8_LINK the target
 * UTF8_TARGET in a pax linkpath record and in the ustar field, as Go's
 * and Python's tar writers do for a non-ASCII target; libarchive's
 * writer in the C locale does not. */
static const char *utf8_link;
static const char *utf8_target;

static void
set_cksum(unsigned char *h)
{
	unsigned sum = 0;

	memset(h + 148, ' ', 8);
	for (int i = 0; i < 512; i++)
		sum += h[i];
	snprintf((char *)h + 148, 8, "%06o", sum);
}

static void
add_pax_linkpath(struct blob *b)
{
	for (size_t at = 0; at + 512 <= b->len; at += 512) {
		unsigned char *h = (unsigned char *)b->data + at;
		char rec[256];
		char x[512];
		size_t n, pad;
		int len;

		if (strcmp((char *)h, utf8_link) != 0 || h[156] != '2')
			continue;
		memset(h + 157, 0, 100);
		memcpy(h + 157, utf8_target, strlen(utf8_target));
		set_cksum(h);
		len = snprintf(rec, sizeof(rec), "00 linkpath=%s\n",
		    utf8_target);
		rec[0] = (char)('0' + len / 10);
		rec[1] = (char)('0' + len % 10);
		memcpy(x, h, 512);
		snprintf(x, 100, "PaxHeaders/%s", utf8_link);
		x[156] = 'x';
		snprintf(x + 124, 12, "%011o", (unsigned)len);
		set_cksum((unsigned char *)x);
		pad = 512 + ((size_t)len + 511) / 512 * 512;
		n = b->len + pad;
		b->data = xreallocarray(b->data, n, 1);
		memmove(b->data + at + pad, b->data + at, b->len - at);
		memset(b->data + at, 0, pad);
		memcpy(b->data + at, x, 512);
		memcpy(b->data + at + 512, rec, (size_t)len);
		b->len = n;
		return;
	}
	ck_abort_msg("no symlink %s in the layer", utf8_link);
}

/* A layer tar of ENTS (FILTER 'g' gzip, 'G' gzip of stored blocks,
 * 'z' zstd, else plain). */
static struct blob
layer(const struct tu_ent *ents, size_t n, char filter)
{
	struct archive *a = archive_write_new();
	struct blob b;
	size_t cap = 1 << 20;
	size_t used = 0;

	b.data = xmalloc(cap);
	/* names in UTF-8 pax records, as Python's tarfile and Go write
	 * them (in the C locale libarchive would mark them hdrcharset=BINARY
	 * instead); the reader under test runs in the C locale again */
	ck_assert_ptr_nonnull(setlocale(LC_CTYPE, "C.UTF-8"));
	archive_write_set_format_pax_restricted(a);
	if (filter == 'g' || filter == 'G')
		archive_write_add_filter_gzip(a);
	if (filter == 'G')
		ck_assert_int_eq(archive_write_set_filter_option(a, "gzip",
		    "compression-level", "0"), ARCHIVE_OK);
	else if (filter == 'z')
		archive_write_add_filter_zstd(a);
	ck_assert_int_eq(archive_write_open_memory(a, b.data, cap, &used),
	    ARCHIVE_OK);
	for (size_t i = 0; i < n; i++)
		tu_add_entry(a, &ents[i]);
	archive_write_close(a);
	archive_write_free(a);
	setlocale(LC_CTYPE, "C");
	b.len = used;
	if (utf8_link != NULL && filter == 0)
		add_pax_linkpath(&b);
	tu_sha256_hex(b.data, b.len, b.hex);
	memcpy(b.diff, b.hex, sizeof(b.diff));
	if (filter != 0) {
		struct blob plain = layer(ents, n, 0);

		memcpy(b.diff, plain.hex, sizeof(b.diff));
		free(plain.data);
	}
	return b;
}

static struct blob
text_blob(const char *s)
{
	struct blob b;

	b.data = xstrdup(s);
	b.len = strlen(s);
	tu_sha256_hex(b.data, b.len, b.hex);
	return b;
}

static void
outer_add(struct archive *a, const char *name, const struct blob *b)
{
	struct archive_entry *ae = archive_entry_new();

	archive_entry_set_pathname(ae, name);
	archive_entry_set_filetype(ae, AE_IFREG);
	archive_entry_set_perm(ae, 0644);
	archive_entry_set_size(ae, (la_int64_t)b->len);
	ck_assert_int_eq(archive_write_header(a, ae), ARCHIVE_OK);
	archive_write_data(a, b->data, b->len);
	archive_entry_free(ae);
}

static struct archive *
outer_new(const char *path, bool gz)
{
	struct archive *a = archive_write_new();

	archive_write_set_format_pax_restricted(a);
	if (gz)
		archive_write_add_filter_gzip(a);
	ck_assert_int_eq(archive_write_open_filename(a, path), ARCHIVE_OK);
	return a;
}

static void
outer_close(struct archive *a)
{
	archive_write_close(a);
	archive_write_free(a);
}

static const char CONFIG[] = "{\"os\":\"linux\",\"architecture\":\"amd64\","
    "\"config\":{\"User\":\"app\",\"Env\":[\"PATH=/bin\",\"TOKEN=x\"],"
    "\"ExposedPorts\":{\"80/tcp\":{},\"22/tcp\":{}},"
    "\"Healthcheck\":{\"Test\":[\"CMD-SHELL\",\"true\"]},"
    "\"Labels\":{\"b\":\"2\",\"a\":\"1\"},\"Cmd\":[\"/bin/app\"]},"
    "\"history\":[{\"created_by\":\"ADD base\"},"
    "{\"created_by\":\"ENV A=1\",\"empty_layer\":true},"
    "{\"created_by\":\"RUN rm /secret\"},{\"created_by\":\"RUN again\"}]}";

/* The three-layer image of the merge tests. */
static const struct tu_ent L0[] = {
	{ 'd', "etc", NULL, 0755, 0 },
	{ 'f', "etc/passwd", "root:x:0:0::/root:/bin/sh\n", 0644, 0 },
	{ 'l', "etc/x", "/etc/passwd", 0777, 0 },
	{ 'l', "etc/up", "../../../etc/passwd", 0777, 0 },
	{ 'f', "etc/hl", "shared", 0640, 7 },
	{ 'f', "secret", "TOKEN", 0600, 0 },
	{ 'd', "opq", NULL, 0755, 0 },
	{ 'f', "opq/old", "old", 0644, 0 },
	{ 'd', "opq/sub", NULL, 0755, 0 },
	{ 'f', "opq/sub/deep", "d", 0644, 0 },
	{ 'd', "swap", NULL, 0755, 0 },
	{ 'f', "swap/inner", "i", 0644, 0 },
	{ 'f', "opt/big", "not kept", 0644, 0 },
	{ 'l', "etc/loop", "/etc/loop", 0777, 0 },
};
static const struct tu_ent L1[] = {
	{ 'f', ".wh.secret", "", 0644, 0 },
	{ 'd', "opq", NULL, 0700, 0 },
	{ 'f', "opq/new", "new", 0644, 0 },
	{ 'f', "opq/.wh..wh..opq", "", 0644, 0 },
	{ 'f', "etc/passwd", "root:x:0:0::/root:/bin/bash\n", 0600, 5 },
	{ 'f', "swap", "now a file", 0644, 0 },
	{ 'h', "etc/link2", "etc/hl", 0, 0 },
	{ 'f', ".wh.", "bare", 0644, 0 },
	{ 'f', "gone/.wh.nothing", "", 0644, 0 },
};
static const struct tu_ent L2[] = {
	{ 'd', "swap", NULL, 0755, 0 },
	{ 'f', "swap/again", "a", 0644, 0 },
};

/* The config digest of the last docker_archive(). */
static char last_config_hex[65];

/* Write the docker-archive of L0-L2 to tmp/img.tar (manifest last, as
 * docker save does). LEGACY: "N/layer.tar" names checked by diff_id. */
static char *
docker_archive(bool legacy, bool gz)
{
	struct blob l[3] = {
		layer(L0, sizeof(L0) / sizeof(L0[0]), legacy ? 0 : 'g'),
		layer(L1, sizeof(L1) / sizeof(L1[0]), 0),
		layer(L2, sizeof(L2) / sizeof(L2[0]), legacy ? 0 : 'z'),
	};
	char *path = xasprintf("%s/img.tar", tmp);
	struct archive *a = outer_new(path, gz);
	char *cfgtext = xasprintf("%.*s,\"rootfs\":{\"type\":\"layers\","
	    "\"diff_ids\":[\"sha256:%s\",\"sha256:%s\",\"sha256:%s\"]}}",
	    (int)strlen(CONFIG) - 1, CONFIG, l[0].diff, l[1].diff, l[2].diff);
	struct blob cfg = text_blob(cfgtext);
	char names[3][128];
	char *cfgname = xasprintf("%s.json", cfg.hex);
	char *mf;
	struct blob mfb;

	memcpy(last_config_hex, cfg.hex, sizeof(last_config_hex));
	outer_add(a, cfgname, &cfg);
	for (int i = 0; i < 3; i++) {
		if (legacy)
			snprintf(names[i], sizeof(names[i]), "l%d/layer.tar",
			    i);
		else
			snprintf(names[i], sizeof(names[i]),
			    "blobs/sha256/%s", l[i].hex);
		outer_add(a, names[i], &l[i]);
	}
	mf = xasprintf("[{\"Config\":\"%s\",\"RepoTags\":[\"app:1.0\"],"
	    "\"Layers\":[\"%s\",\"%s\",\"%s\"]}]", cfgname, names[0],
	    names[1], names[2]);
	mfb = text_blob(mf);
	outer_add(a, "manifest.json", &mfb);
	outer_close(a);
	for (int i = 0; i < 3; i++)
		free(l[i].data);
	free(cfg.data);
	free(cfgtext);
	free(cfgname);
	free(mf);
	free(mfb.data);
	return path;
}

static struct target *
open_ok(const char *path, const struct target_opts *o)
{
	struct diag *d = diag_new();
	struct target *t = target_open_opts(path, &limits_default, o, d);

	if (t == NULL)
		ck_abort_msg("open failed: %s", diag_text(d, 0));
	diag_free(d);
	return t;
}

/* Opening PATH with O (may be NULL) fails with the one message WANT,
 * which is freed. */
static void
assert_open_fails(const char *path, const struct target_opts *o,
    char *want)
{
	struct diag *d = diag_new();

	ck_assert_ptr_null(target_open_opts(path, &limits_default, o, d));
	ck_assert_uint_eq(diag_count(d), 1);
	ck_assert_str_eq(diag_text(d, 0), want);
	diag_free(d);
	free(want);
}

static void
assert_read(struct target *t, const char *path, const char *want)
{
	struct strbuf b = STRBUF_INIT;

	ck_assert_int_eq(target_read(t, path, 0, &b), FS_OK);
	ck_assert_str_eq(b.buf != NULL ? b.buf : "", want);
	strbuf_release(&b);
}

static enum fs_rc
look(struct target *t, const char *path, struct fsnode *n)
{
	return target_lookup(t, path, false, n);
}

/* A docker-archive tmp/links.tar of the NL layers LS[i] (NS[i] entries
 * each), layers compressed with FILTER (layer()), the whole gzipped when
 * GZ (then streamed), diff_ids in the config. */
static char *
layers_archive(const struct tu_ent *const *ls, const size_t *ns, size_t nl,
    char filter, bool gz)
{
	char *path = xasprintf("%s/links.tar", tmp);
	struct archive *a = outer_new(path, gz);
	struct strbuf cfg = STRBUF_INIT;
	struct strbuf mf = STRBUF_INIT;
	struct blob cb;
	char *cfgname;

	strbuf_addstr(&cfg, "{\"os\":\"linux\",\"architecture\":\"amd64\","
	    "\"config\":{},\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[");
	strbuf_addstr(&mf, "[{\"RepoTags\":[\"links:1\"],\"Layers\":[");
	for (size_t i = 0; i < nl; i++) {
		struct blob l = layer(ls[i], ns[i], filter);
		char *name = xasprintf("blobs/sha256/%s", l.hex);

		outer_add(a, name, &l);
		strbuf_addf(&cfg, "%s\"sha256:%s\"", i > 0 ? "," : "", l.diff);
		strbuf_addf(&mf, "%s\"%s\"", i > 0 ? "," : "", name);
		free(name);
		free(l.data);
	}
	strbuf_addstr(&cfg, "]}}");
	cb = text_blob(cfg.buf);
	cfgname = xasprintf("blobs/sha256/%s", cb.hex);
	outer_add(a, cfgname, &cb);
	strbuf_addf(&mf, "],\"Config\":\"%s\"}]", cfgname);
	{
		struct blob mb = text_blob(mf.buf);

		outer_add(a, "manifest.json", &mb);
		free(mb.data);
	}
	outer_close(a);
	free(cb.data);
	free(cfgname);
	strbuf_release(&cfg);
	strbuf_release(&mf);
	return path;
}

/* Retained paths whose data lies under another name (issue 9 item 2):
 * two layers, the path the default set retains (under /etc) and what it
 * must read. */
static const struct {
	const char	*what;
	struct tu_ent	 l0[4];
	struct tu_ent	 l1[3];
	const char	*path;
	const char	*want;
} link_cases[] = {
	{ "absolute symlink", {
		{ 'f', "opt/a", "A1", 0644, 0 },
		{ 'l', "etc/a", "/opt/a", 0777, 0 } }, { { 0 } },
	    "/etc/a", "A1" },
	{ "relative symlink", {
		{ 'f', "usr/lib/a", "A2", 0644, 0 },
		{ 'l', "etc/a", "../usr/lib/a", 0777, 0 } }, { { 0 } },
	    "/etc/a", "A2" },
	{ "symlink chain", {
		{ 'l', "etc/a", "/etc/b", 0777, 0 },
		{ 'l', "etc/b", "../opt/c", 0777, 0 },
		{ 'f', "opt/c", "A3", 0644, 0 } }, { { 0 } },
	    "/etc/a", "A3" },
	{ "symlink before its target", {
		{ 'l', "etc/a", "/opt/a", 0777, 0 },
		{ 'f', "opt/a", "A4", 0644, 0 } }, { { 0 } },
	    "/etc/a", "A4" },
	{ "symlink above its target's layer", {
		{ 'f', "opt/a", "A5", 0644, 0 } }, {
		{ 'l', "etc/a", "/opt/a", 0777, 0 } },
	    "/etc/a", "A5" },
	{ "target in a later layer", {
		{ 'l', "etc/a", "/opt/a", 0777, 0 } }, {
		{ 'f', "opt/a", "A6", 0644, 0 } },
	    "/etc/a", "A6" },
	{ "target replaced later", {
		{ 'f', "opt/a", "old", 0644, 0 },
		{ 'l', "etc/a", "/opt/a", 0777, 0 } }, {
		{ 'f', "opt/a", "A7", 0644, 0 } },
	    "/etc/a", "A7" },
	{ "alternatives", {
		{ 'f', "usr/bin/vim.basic", "A8", 0755, 0 },
		{ 'l', "usr/bin/editor", "/etc/alternatives/editor", 0777, 0 },
		{ 'l', "etc/alternatives/editor", "/usr/bin/vim.basic", 0777,
		    0 } }, { { 0 } },
	    "/etc/alternatives/editor", "A8" },
	{ "symlinked directory", {
		{ 'f', "opt/conf/x", "A9", 0644, 0 },
		{ 'l', "etc/conf", "../opt/conf", 0777, 0 } }, { { 0 } },
	    "/etc/conf/x", "A9" },
	{ "hard link", {
		{ 'f', "opt/bin", "H1", 0755, 0 },
		{ 'h', "etc/h", "opt/bin", 0, 0 } }, { { 0 } },
	    "/etc/h", "H1" },
	{ "hard link across layers", {
		{ 'f', "opt/bin", "H2", 0755, 0 } }, {
		{ 'h', "etc/h", "opt/bin", 0, 0 } },
	    "/etc/h", "H2" },
	{ "hard link, target deleted later", {
		{ 'f', "opt/bin", "H3", 0755, 0 },
		{ 'h', "etc/h", "opt/bin", 0, 0 } }, {
		{ 'f', "opt/.wh.bin", "", 0644, 0 } },
	    "/etc/h", "H3" },
	{ "hard link, target replaced later", {
		{ 'f', "opt/bin", "H4", 0755, 0 },
		{ 'h', "etc/h", "opt/bin", 0, 0 } }, {
		{ 'f', "opt/bin", "new", 0644, 0 } },
	    "/etc/h", "H4" },
	/* ca-certificates' links: non-ASCII names, which libarchive cannot
	 * show in the C locale (a warning), in the layer a late fetch reads
	 * again */
	{ "UTF-8 link names in the layer read again", {
		{ 'f', "opt/a", "U1", 0644, 0 },
		{ 'l', "etc/ssl/F\xc5\x91t\xc3\xa1n.pem",
		    "/usr/share/ca-certificates/F\xc5\x91t\xc3\xa1n.crt", 0777,
		    0 },
		{ 'l', "etc/a", "/opt/a", 0777, 0 } }, { { 0 } },
	    "/etc/a", "U1" },
	{ "symlink to a hard link", {
		{ 'f', "opt/bin", "H5", 0755, 0 },
		{ 'h', "opt/bin2", "opt/bin", 0, 0 },
		{ 'l', "etc/a", "/opt/bin2", 0777, 0 } }, { { 0 } },
	    "/etc/a", "H5" },
};
#define NFORMS	5

static size_t
ents_count(const struct tu_ent *e, size_t max)
{
	size_t n = 0;

	while (n < max && e[n].type != 0)
		n++;
	return n;
}

/* Each case in each form: layers plain (read in place), gzip, zstd,
 * the archive gzipped whole (streamed), both. */
START_TEST(test_image_link_reaches_unretained_content)
{
	const size_t k = (size_t)_i / NFORMS;
	const int form = _i % NFORMS;
	static const char filt[NFORMS] = { 0, 'g', 'z', 0, 'g' };
	const struct tu_ent *ls[2] = { link_cases[k].l0, link_cases[k].l1 };
	size_t ns[2] = { ents_count(link_cases[k].l0, 4),
	    ents_count(link_cases[k].l1, 3) };
	char *path = layers_archive(ls, ns, ns[1] > 0 ? 2 : 1, filt[form],
	    form >= 3);
	struct target *t = open_ok(path, NULL);
	struct strbuf b = STRBUF_INIT;

	ck_assert_msg(target_read(t, link_cases[k].path, 0, &b) == FS_OK,
	    "%s, form %d: %s not read", link_cases[k].what, form,
	    link_cases[k].path);
	ck_assert_str_eq(b.buf != NULL ? b.buf : "", link_cases[k].want);
	strbuf_release(&b);
	target_close(t);
	free(path);
}
END_TEST

/* A UTF-8 pax linkpath the C locale cannot show (libarchive warns, as
 * on Debian's etc/ssl/certs/NetLock_Arany_=Class_Gold=_F\xc5\x91...):
 * accepted when Go reads the same member, also on the pass that fetches
 * a file the first pass did not keep, which passes it on the way. In
 * place and streamed. */
START_TEST(test_image_utf8_pax_link_passed_by_a_late_fetch)
{
	static const struct tu_ent l0[] = {
		{ 'l', "etc/u", "F\xc5\x91tan\xc3\xbas\xc3\xadtv\xc3\xa1ny.pem",
		    0777, 0 },
		{ 'f', "opt/a", "U1", 0644, 0 },
		{ 'l', "etc/a", "/opt/a", 0777, 0 },
	};
	const struct tu_ent *ls[1] = { l0 };
	size_t ns[1] = { 3 };
	char *path;
	struct target *t;
	struct fsnode n;

	utf8_link = "etc/u";
	utf8_target = l0[0].data;
	path = layers_archive(ls, ns, 1, 0, _i == 1);
	utf8_link = NULL;
	t = open_ok(path, NULL);
	assert_read(t, "/etc/a", "U1");
	ck_assert_int_eq(look(t, "/etc/u", &n), FS_OK);	/* pass 1 */
	ck_assert_int_eq(n.type, FS_LNK);
	target_close(t);
	free(path);
}
END_TEST

/* The layer tar PATH of a capability-carrying /bin/ping (pax
 * SCHILY.xattr and LIBARCHIVE.xattr records, as libarchive writes
 * them), a hard link to it, a plain /bin/ls and /sbin -> bin. */
static void
xattr_layer(const char *path)
{
	struct archive *a = archive_write_new();
	static const struct tu_ent ents[] = {
		{ 'd', "bin", NULL, 0755, 0 },
		{ 'f', "bin/ping", "ELF", 0755, 0 },
		{ 'h', "bin/ping2", "bin/ping", 0, 0 },
		{ 'f', "bin/ls", "ELF", 0755, 0 },
		{ 'l', "sbin", "bin", 0777, 0 },
	};

	archive_write_set_format_pax_restricted(a);
	ck_assert_int_eq(archive_write_open_filename(a, path), ARCHIVE_OK);
	for (size_t i = 0; i < sizeof(ents) / sizeof(ents[0]); i++) {
		struct archive_entry *ae;

		if (i != 1) {
			tu_add_entry(a, &ents[i]);
			continue;
		}
		ae = archive_entry_new();
		archive_entry_set_pathname(ae, ents[i].path);
		archive_entry_set_filetype(ae, AE_IFREG);
		archive_entry_set_perm(ae, 0755);
		archive_entry_set_size(ae, 3);
		archive_entry_xattr_add_entry(ae, "security.capability",
		    tu_cap, TU_CAP_LEN);
		ck_assert_int_eq(archive_write_header(a, ae), ARCHIVE_OK);
		ck_assert_int_eq(archive_write_data(a, "ELF", 3), 3);
		archive_entry_free(ae);
	}
	archive_write_close(a);
	archive_write_free(a);
}

START_TEST(test_image_getxattr_from_pax_records)
{
	char *path = xasprintf("%s/layer.tar", tmp);
	struct limits lim = limits_default;
	struct strbuf b = STRBUF_INIT;
	struct diag *d = diag_new();
	struct target *t;

	xattr_layer(path);
	t = open_ok(path, NULL);
	ck_assert_int_eq(target_getxattr(t, "/sbin/ping",
	    "security.capability", &b), FS_OK);
	ck_assert_uint_eq(b.len, TU_CAP_LEN);
	ck_assert_int_eq(memcmp(b.buf, tu_cap, TU_CAP_LEN), 0);
	/* a hard link is the same inode */
	ck_assert_int_eq(target_getxattr(t, "/bin/ping2",
	    "security.capability", &b), FS_OK);
	ck_assert_uint_eq(b.len, TU_CAP_LEN);
	ck_assert_int_eq(target_getxattr(t, "/bin/ping", "user.none", &b),
	    FS_ENOENT);
	ck_assert_int_eq(target_getxattr(t, "/bin/ls", "security.capability",
	    &b), FS_ENOENT);
	ck_assert_int_eq(target_getxattr(t, "/nope", "security.capability",
	    &b), FS_ENOENT);
	target_close(t);
	/* value over the cap; attributes over the content budget */
	lim.xattr_bytes = TU_CAP_LEN - 1;
	t = target_open_opts(path, &lim, NULL, d);
	ck_assert_ptr_nonnull(t);
	ck_assert_int_eq(target_getxattr(t, "/bin/ping",
	    "security.capability", &b), FS_ETOOBIG);
	target_close(t);
	lim = limits_default;
	lim.image_retain_bytes = 0;
	t = target_open_opts(path, &lim, NULL, d);
	ck_assert_ptr_nonnull(t);
	ck_assert_int_eq(target_getxattr(t, "/bin/ping",
	    "security.capability", &b), FS_ENOTRETAINED);
	ck_assert_int_eq(target_getxattr(t, "/bin/ls",
	    "security.capability", &b), FS_ENOENT);
	target_close(t);
	strbuf_release(&b);
	diag_free(d);
	free(path);
}
END_TEST

/* A layer with pax names, a long symlink target, a hard link. */
static const struct tu_ent WALK[] = {
	{ 'd', "etc", NULL, 0755, 0 },
	{ 'f', "etc/passwd", "root:x:0:0::/root:/bin/sh\n", 0644, 0 },
	{ 'f', "etc/a-name-longer-than-the-hundred-bytes-of-a-ustar-name-"
	    "field-so-that-a-pax-path-record-carries-it.conf", "long", 0644,
	    0 },
	{ 'l', "etc/l", "/a/symlink/target/longer/than/the/hundred/bytes/of/"
	    "the/ustar/linkname/field/so/a/pax/linkpath/carries/it", 0777,
	    0 },
	{ 'h', "etc/h", "etc/passwd", 0, 0 },
};

/* Feed P[N] to a new walker CHUNK bytes at a time. */
static struct image_tarwalk *
walk_in_chunks(const char *p, size_t n, size_t chunk)
{
	struct image_tarwalk *w = image_tarwalk_new();

	for (size_t off = 0; off < n; off += chunk)
		image_tarwalk_feed(w, p + off, n - off < chunk ? n - off :
		    chunk);
	return w;
}

/* However the stream is cut, the walker finds the members libarchive
 * reads, in order, with their links and sizes. */
START_TEST(test_image_tarwalk_reads_what_libarchive_reads)
{
	static const size_t chunk[] = { 1, 7, 511, 512, 513, 1 << 20 };
	struct blob b = layer(WALK, sizeof(WALK) / sizeof(WALK[0]), 0);
	struct image_tarwalk *w = walk_in_chunks(b.data, b.len, chunk[_i]);
	struct archive *a = archive_read_new();
	struct archive_entry *e;
	struct image_tar_member m;
	size_t n = 0;

	ck_assert_ptr_null(image_tarwalk_finish(w));
	archive_read_support_format_tar(a);
	ck_assert_int_eq(archive_read_open_memory(a, b.data, b.len),
	    ARCHIVE_OK);
	while (archive_read_next_header(a, &e) != ARCHIVE_EOF) {
		ck_assert(image_tarwalk_next(w, &m));
		ck_assert_str_eq(m.name, archive_entry_pathname(e));
		if (archive_entry_hardlink(e) != NULL)
			ck_assert_str_eq(m.link, archive_entry_hardlink(e));
		if (archive_entry_symlink(e) != NULL)
			ck_assert_str_eq(m.link, archive_entry_symlink(e));
		if (m.type == '0')
			ck_assert_uint_eq(m.size, archive_entry_size(e));
		image_tar_member_release(&m);
		n++;
	}
	ck_assert_uint_eq(n, sizeof(WALK) / sizeof(WALK[0]));
	ck_assert(!image_tarwalk_next(w, &m));
	archive_read_free(a);
	image_tarwalk_free(w);
	free(b.data);
}
END_TEST

/* What Go's archive/tar refuses, the walker refuses, whatever the
 * chunking: a damaged checksum, a lone zero block before a header, a
 * stream cut inside a member, a short pax record. */
START_TEST(test_image_tarwalk_refuses_what_go_refuses)
{
	struct blob b = layer(WALK, 2, 0);	/* etc/, etc/passwd */
	struct strbuf s = STRBUF_INIT;
	const char *want = NULL;
	struct image_tarwalk *w;

	switch (_i / 2) {
	case 0:
		b.data[512 + 10] ^= 1;	/* etc/passwd's name */
		strbuf_add(&s, b.data, b.len);
		want = "tar header at byte 512: checksum mismatch or not a "
		    "tar header";
		break;
	case 1:
		strbuf_add(&s, b.data, 512);
		for (int i = 0; i < 512; i++)
			strbuf_addch(&s, 0);
		strbuf_add(&s, b.data + 512, b.len - 512);
		want = "tar header at byte 1024: a zero block followed by more "
		    "headers (Go's archive/tar refuses this; libarchive would "
		    "end the layer here)";
		break;
	case 2:
		strbuf_add(&s, b.data, 512 + 100);
		want = "tar header at byte 612: the layer ends inside a member";
		break;
	default: {
		/* "12 path=ab\n" says 12 bytes, has 11 */
		static const char rec[] = "12 path=ab\n";
		char hdr[512];

		memcpy(hdr, b.data, 512);
		hdr[156] = 'x';
		snprintf(hdr + 124, 12, "%011o", (unsigned)strlen(rec));
		memset(hdr + 148, ' ', 8);
		{
			unsigned sum = 0;

			for (int i = 0; i < 512; i++)
				sum += (unsigned char)hdr[i];
			snprintf(hdr + 148, 8, "%06o", sum);
		}
		strbuf_add(&s, hdr, 512);
		strbuf_add(&s, rec, strlen(rec));
		while (s.len % 512 != 0)
			strbuf_addch(&s, 0);
		strbuf_add(&s, b.data, b.len);
		want = "tar header at byte 0: malformed pax record (bad "
		    "length)";
		break;
	}
	}
	w = walk_in_chunks(s.buf, s.len, _i % 2 == 0 ? 1 : s.len);
	ck_assert_str_eq(image_tarwalk_finish(w), want);
	image_tarwalk_free(w);
	strbuf_release(&s);
	free(b.data);
}
END_TEST

START_TEST(test_image_docker_archive_merges_layers_like_a_runtime)
{
	char *path = docker_archive(_i == 1, _i == 2);
	struct target *t = open_ok(path, NULL);
	struct fsnode n;

	ck_assert_int_eq(target_kind(t), TARGET_DOCKER_ARCHIVE);
	ck_assert_str_eq(target_describe(t),
	    "docker-archive, image app:1.0 (linux/amd64), 3 layers");
	/* whiteout */
	ck_assert_int_eq(look(t, "/secret", &n), FS_ENOENT);
	/* opaque: lower children gone, same-layer sibling kept */
	ck_assert_int_eq(look(t, "/opq/old", &n), FS_ENOENT);
	ck_assert_int_eq(look(t, "/opq/sub", &n), FS_ENOENT);
	ck_assert_int_eq(look(t, "/opq/new", &n), FS_OK);
	ck_assert_int_eq(n.layer, 1);
	ck_assert_int_eq(look(t, "/opq", &n), FS_OK);
	ck_assert_uint_eq(n.mode, 0700);
	/* mode and owner changed by a later layer */
	ck_assert_int_eq(look(t, "/etc/passwd", &n), FS_OK);
	ck_assert_uint_eq(n.mode, 0600);
	ck_assert_uint_eq(n.uid, 5);
	ck_assert_int_eq(n.layer, 1);
	/* symlinks resolve inside the image */
	assert_read(t, "/etc/x", "root:x:0:0::/root:/bin/bash\n");
	assert_read(t, "/etc/up", "root:x:0:0::/root:/bin/bash\n");
	ck_assert_int_eq(target_lookup(t, "/etc/loop", true, &n), FS_ELOOP);
	/* cross-layer hard link */
	assert_read(t, "/etc/link2", "shared");
	ck_assert_int_eq(look(t, "/etc/link2", &n), FS_OK);
	ck_assert_uint_eq(n.uid, 7);
	ck_assert_int_eq(n.layer, 1);
	/* dir -> file -> dir */
	ck_assert_int_eq(look(t, "/swap", &n), FS_OK);
	ck_assert_int_eq(n.type, FS_DIR);
	ck_assert_int_eq(look(t, "/swap/inner", &n), FS_ENOENT);
	ck_assert_int_eq(look(t, "/swap/again", &n), FS_OK);
	/* a bare ".wh." is a file; a whiteout creates no directory */
	ck_assert_int_eq(look(t, "/.wh.", &n), FS_OK);
	ck_assert_uint_eq(n.size, 4);
	ck_assert_int_eq(look(t, "/gone", &n), FS_ENOENT);
	/* content outside the profile's paths is not retained */
	{
		struct strbuf b = STRBUF_INIT;

		ck_assert_int_eq(target_read(t, "/opt/big", 0, &b),
		    FS_ENOTRETAINED);
		strbuf_release(&b);
	}
	ck_assert_str_eq(image_layer_created_by(t, 1), "RUN rm /secret");
	target_close(t);
	free(path);
}
END_TEST

/* The hidden entries as "path@layer:size" lines. */
static enum walk_ret
hidden_visit(const char *path, const struct fsnode *n, void *arg)
{
	strbuf_addf(arg, "%s@%d:%llu\n", path, n->layer,
	    (unsigned long long)n->size);
	return WALK_CONTINUE;
}

START_TEST(test_image_deleted_files_are_reported_hidden)
{
	char *path = docker_archive(false, false);
	struct target *t = open_ok(path, NULL);
	struct strbuf b = STRBUF_INIT;

	ck_assert_int_eq(target_walk_hidden(t, hidden_visit, &b), FS_OK);
	ck_assert_str_eq(b.buf, "/etc/passwd@0:26\n/opq/old@0:3\n"
	    "/opq/sub/deep@0:1\n/secret@0:5\n/swap/inner@0:1\n/swap@1:10\n");
	/* what the hidden files held, where the image kept it */
	ck_assert_int_eq(target_read_hidden(t, "/etc/passwd", 0, 0, &b),
	    FS_OK);
	ck_assert_str_eq(b.buf, "root:x:0:0::/root:/bin/sh\n");
	ck_assert_int_eq(target_read_hidden(t, "/etc/passwd", 1, 0, &b),
	    FS_ENOENT);
	ck_assert_int_eq(target_read_hidden(t, "/etc/passwd", 0, 10, &b),
	    FS_ETOOBIG);
	/* /secret and /swap are outside the content the image keeps */
	ck_assert_int_eq(target_read_hidden(t, "/secret", 0, 0, &b),
	    FS_ENOTRETAINED);
	ck_assert_int_eq(target_read_hidden(t, "/nothing", 0, 0, &b),
	    FS_ENOENT);
	strbuf_release(&b);
	target_close(t);
	free(path);
}
END_TEST

START_TEST(test_image_config_is_exposed)
{
	char *path = docker_archive(false, false);
	struct target *t = open_ok(path, NULL);
	const struct image_config *c = target_image_config(t);

	ck_assert_ptr_nonnull(c);
	ck_assert_str_eq(c->user, "app");
	ck_assert_uint_eq(c->nenv, 2);
	ck_assert_str_eq(c->env[1], "TOKEN=x");
	ck_assert_uint_eq(c->nports, 2);
	ck_assert_str_eq(c->exposed_ports[0], "22/tcp");
	ck_assert(c->has_healthcheck);
	ck_assert_str_eq(c->healthcheck_test, "CMD-SHELL true");
	ck_assert_uint_eq(c->nlabels, 2);
	ck_assert_str_eq(c->labels[0].key, "a");
	ck_assert_str_eq(c->cmd[0], "/bin/app");
	ck_assert_uint_eq(c->nhistory, 4);
	ck_assert_int_eq(c->history[1].layer, -1);
	ck_assert_int_eq(c->history[3].layer, 2);
	ck_assert_str_eq(c->name, "app:1.0");
	ck_assert_uint_eq(c->nlayers, 3);
	/* the image ID: the sha256 of the config member */
	ck_assert_ptr_nonnull(c->id);
	ck_assert(strncmp(c->id, "sha256:", 7) == 0);
	ck_assert_str_eq(c->id + 7, last_config_hex);
	ck_assert_ptr_null(c->manifest_digest);	/* docker-archive */
	target_close(t);
	free(path);
}
END_TEST

START_TEST(test_image_content_globs_retain_more)
{
	char *path = docker_archive(false, false);
	struct strlist g = STRLIST_INIT;
	struct target_opts o = { .content_globs = &g };
	struct target *t;

	strlist_add(&g, "/opt");
	t = open_ok(path, &o);
	assert_read(t, "/opt/big", "not kept");
	target_close(t);
	strlist_release(&g);
	free(path);
}
END_TEST

/* An OCI archive (or layout dir when DIR) with two platforms; layer
 * content names the platform. Its index is wrapped in NESTED more
 * indexes, the outermost named web:2. */
static char *
oci_image(bool dir, int nested)
{
	const char *arch[2] = { "arm64", "amd64" };
	char *path = xasprintf("%s/%s", tmp, dir ? "layout" : "oci.tar");
	struct archive *a = dir ? NULL : outer_new(path, false);
	struct strbuf idx = STRBUF_INIT;
	struct blob lay = text_blob("{\"imageLayoutVersion\":\"1.0.0\"}");
	struct blob all[16];
	char names[16][96];
	int nb = 0;

	strbuf_addstr(&idx, "{\"schemaVersion\":2,\"manifests\":[");
	for (int i = 0; i < 2; i++) {
		struct tu_ent e = { 'f', "etc/arch", arch[i], 0644, 0 };
		struct blob l = layer(&e, 1, i == 0 ? 'z' : 'g');
		char *cj = xasprintf("{\"os\":\"linux\",\"architecture\":"
		    "\"%s\"}", arch[i]);
		struct blob cfg = text_blob(cj);
		char *mj = xasprintf("{\"schemaVersion\":2,\"config\":{"
		    "\"digest\":\"sha256:%s\"},\"layers\":[{\"digest\":"
		    "\"sha256:%s\"}],\"annotations\":{\"k\":\"v\"}}", cfg.hex,
		    l.hex);
		struct blob mf = text_blob(mj);

		strbuf_addf(&idx, "%s{\"mediaType\":\"application/vnd.oci."
		    "image.manifest.v1+json\",\"digest\":\"sha256:%s\","
		    "\"platform\":{\"os\":\"linux\",\"architecture\":\"%s\"}}",
		    i > 0 ? "," : "", mf.hex, arch[i]);
		all[nb++] = l;
		all[nb++] = cfg;
		all[nb++] = mf;
		free(cj);
		free(mj);
	}
	strbuf_addstr(&idx, "]}");
	for (int k = 0; k < nested; k++) {
		struct blob inner = text_blob(idx.buf);

		strbuf_reset(&idx);
		strbuf_addf(&idx, "{\"manifests\":[{\"mediaType\":"
		    "\"application/vnd.oci.image.index.v1+json\",\"digest\":"
		    "\"sha256:%s\"%s}]}", inner.hex, k == nested - 1 ?
		    ",\"annotations\":{\"org.opencontainers.image.ref.name\":"
		    "\"web:2\"}" : "");
		all[nb++] = inner;
	}
	for (int i = 0; i < nb; i++)
		snprintf(names[i], sizeof(names[i]), "blobs/sha256/%s",
		    all[i].hex);
	if (dir) {
		tu_write(tmp, "layout/oci-layout", lay.data, 0644);
		tu_write(tmp, "layout/index.json", idx.buf, 0644);
		for (int i = 0; i < nb; i++) {
			char *rel = xasprintf("layout/%s", names[i]);
			char *full = xasprintf("%s/%s", tmp, rel);
			FILE *fp;

			tu_mkdir(tmp, "layout/blobs/sha256", 0755);
			fp = fopen(full, "wb");
			fwrite(all[i].data, 1, all[i].len, fp);
			fclose(fp);
			free(rel);
			free(full);
		}
	} else {
		struct blob ib = text_blob(idx.buf);

		/* blobs first, index last: any order must do */
		for (int i = nb - 1; i >= 0; i--)
			outer_add(a, names[i], &all[i]);
		outer_add(a, "oci-layout", &lay);
		outer_add(a, "index.json", &ib);
		outer_close(a);
		free(ib.data);
	}
	for (int i = 0; i < nb; i++)
		free(all[i].data);
	free(lay.data);
	strbuf_release(&idx);
	return path;
}

/* Cases: archive or layout dir, with the index nested 0, 1 or 4 deep. */
START_TEST(test_image_oci_index_picks_platform)
{
	static const int nest[] = { 0, 1, 4 };
	char *path = oci_image(_i % 2 == 1, nest[_i / 2]);
	struct target_opts o = { .platform = "linux/arm64" };
	struct target *t = open_ok(path, NULL);
	char *want = xasprintf("%s, image %s (linux/amd64), 1 layer",
	    _i % 2 == 1 ? "oci-layout" : "oci-archive", _i >= 2 ? "web:2" :
	    "sha256:");

	ck_assert_int_eq(target_kind(t), _i % 2 == 1 ? TARGET_OCI_LAYOUT :
	    TARGET_OCI_ARCHIVE);
	assert_read(t, "/etc/arch", "amd64");
	if (_i >= 2)
		ck_assert_str_eq(target_describe(t), want);
	ck_assert_str_eq(target_image_config(t)->annotations[0].value, "v");
	/* OCI: the manifest digest the index names, and the config's */
	ck_assert(strncmp(target_image_config(t)->manifest_digest, "sha256:",
	    7) == 0);
	ck_assert_uint_eq(strlen(target_image_config(t)->manifest_digest), 71);
	ck_assert(strncmp(target_image_config(t)->id, "sha256:", 7) == 0);
	target_close(t);
	t = open_ok(path, &o);
	assert_read(t, "/etc/arch", "arm64");
	target_close(t);
	free(want);
	free(path);
}
END_TEST

/* Five indexes inside index.json: refused by name, not ignored. */
START_TEST(test_image_index_nested_too_deep_fails)
{
	char *path = oci_image(false, 5);

	assert_open_fails(path, NULL, xasprintf("%s: index.json: indexes "
	    "nested more than 4 levels deep", path));
	free(path);
}
END_TEST

/* An OCI layout's blobs are read inside the layout directory only: a
 * blob that is a symlink to a copy of itself outside (absolute, or
 * climbing with ..) is missing, a FIFO is refused without blocking.
 * Case 0 absolute and 1 relative links for the layers, 2 FIFOs for the
 * layers, 3 absolute links for the JSON blobs, 4 blobs/sha256 itself a
 * link to a copy of it outside. */
START_TEST(test_image_layout_blobs_stay_inside)
{
	char *path = oci_image(true, 0);
	char *blobs = xasprintf("%s/blobs/sha256", path);
	char *outside = xasprintf("%s/outside", tmp);
	struct diag *d = diag_new();
	DIR *dir = opendir(blobs);
	struct dirent *de;
	size_t changed = 0;

	ck_assert_ptr_nonnull(dir);
	tu_mkdir(tmp, "outside", 0755);
	if (_i == 4) {
		ck_assert_int_eq(rmdir(outside), 0);
		ck_assert_int_eq(rename(blobs, outside), 0);
		ck_assert_int_eq(symlink(outside, blobs), 0);
		changed = 2;
	}
	while (_i != 4 && (de = readdir(dir)) != NULL) {
		char *blob = xasprintf("%s/%s", blobs, de->d_name);
		char *copy = xasprintf("%s/%s", outside, de->d_name);
		char *rel = xasprintf("../../../outside/%s", de->d_name);
		char first = 0;
		FILE *fp = fopen(blob, "rb");

		if (de->d_name[0] != '.' && fp != NULL &&
		    fread(&first, 1, 1, fp) == 1 && (first == '{') ==
		    (_i == 3)) {
			ck_assert_int_eq(rename(blob, copy), 0);
			if (_i == 2)
				ck_assert_int_eq(mkfifo(blob, 0644), 0);
			else
				ck_assert_int_eq(symlink(_i == 1 ? rel : copy,
				    blob), 0);
			changed++;
		}
		if (fp != NULL)
			fclose(fp);
		free(blob);
		free(copy);
		free(rel);
	}
	closedir(dir);
	ck_assert_uint_ge(changed, 2);
	ck_assert_ptr_null(target_open(path, &limits_default, d));
	ck_assert_uint_eq(diag_count(d), 1);
	ck_assert_msg(strstr(diag_text(d, 0), _i == 2 ? "\": not a regular "
	    "file" : _i >= 3 ? ": missing blob \"blobs/sha256/" :
	    ": manifest references missing blob \"blobs/sha256/") != NULL,
	    "%s", diag_text(d, 0));
	diag_free(d);
	free(outside);
	free(blobs);
	free(path);
}
END_TEST

START_TEST(test_image_unknown_platform_lists_choices)
{
	char *path = oci_image(false, 0);
	struct target_opts o = { .platform = "linux/s390x" };
	struct diag *d = diag_new();

	ck_assert_ptr_null(target_open_opts(path, &limits_default, &o, d));
	ck_assert_ptr_nonnull(strstr(diag_text(d, 0), ": no image matches "
	    "--platform linux/s390x; the archive holds: sha256:"));
	ck_assert_ptr_nonnull(strstr(diag_text(d, 0), "(linux/arm64), "));
	diag_free(d);
	free(path);
}
END_TEST

START_TEST(test_image_single_layer_tar)
{
	struct tu_ent e[] = { { 'f', "./etc/os-release", "ID=x\n", 0644, 0 } };
	struct blob l = layer(e, 1, 'g');
	char *path = xasprintf("%s/rootfs.tar.gz", tmp);
	FILE *fp = fopen(path, "wb");
	struct target *t;

	fwrite(l.data, 1, l.len, fp);
	fclose(fp);
	t = open_ok(path, NULL);
	ck_assert_int_eq(target_kind(t), TARGET_LAYER_TAR);
	ck_assert_str_eq(target_describe(t), "layer-tar, 1 layer");
	assert_read(t, "/etc/os-release", "ID=x\n");
	ck_assert_ptr_null(target_image_config(t));
	target_close(t);
	free(l.data);
	free(path);
}
END_TEST

static void write_file(const char *path, const void *p, size_t len);

/* One ustar header block of NAME (type TYPE, SIZE bytes) at B, its
 * mtime field MTIME in octal, or in base-256 when B256 (Go's and GNU
 * tar's encoding: the top bit set, then big-endian two's complement). */
static void
tar_hdr(unsigned char *b, const char *name, char type, size_t size,
    int64_t mtime, bool b256)
{
	memset(b, 0, 512);
	memcpy(b, name, strlen(name));
	snprintf((char *)b + 100, 8, "%07o", 0644);
	snprintf((char *)b + 108, 8, "%07o", 0);
	snprintf((char *)b + 116, 8, "%07o", 0);
	snprintf((char *)b + 124, 12, "%011zo", size);
	if (!b256)
		snprintf((char *)b + 136, 12, "%011llo",
		    (unsigned long long)mtime);
	else {
		uint64_t u = (uint64_t)mtime;

		/* 12 bytes: 4 of sign extension, then the 64-bit value */
		memset(b + 136, mtime < 0 ? 0xff : 0, 4);
		for (int i = 11; i >= 4; i--, u >>= 8)
			b[136 + i] = (unsigned char)u;
		b[136] |= 0x80;
	}
	b[156] = (unsigned char)type;
	memcpy(b + 257, "ustar\0" "00", 8);
	set_cksum(b);
}

/* A pax 'x' header at B holding the one record "mtime=VAL" (B gets two
 * blocks); the bytes used. */
static size_t
tar_pax_mtime(unsigned char *b, const char *val)
{
	char rec[64];
	int len = snprintf(rec, sizeof(rec), "00 mtime=%s\n", val);

	rec[0] = (char)('0' + len / 10);
	rec[1] = (char)('0' + len % 10);
	tar_hdr(b, "PaxHeaders/x", 'x', (size_t)len, 0, false);
	memset(b + 512, 0, 512);
	memcpy(b + 512, rec, (size_t)len);
	return 1024;
}

/* Member times as Go's archive/tar reads them (and a runtime sets with
 * Chtimes): an octal header mtime, base-256 ones (negative, past 2^33),
 * pax mtime records with a fraction (truncated to nanoseconds; negative
 * values count the fraction down), a directory's own; a parent only
 * implied by a path has no time, and no member has an access or change
 * time. */
START_TEST(test_image_member_mtimes_as_go_reads_them)
{
	unsigned char *tar = xcalloc(32, 512);
	size_t off = 0;
	char *path = xasprintf("%s/times.tar", tmp);
	struct fsnode n;
	struct target *t;
	static const struct {
		const char	*path;
		int64_t		 sec;
		uint32_t	 nsec;
	} want[] = {
		{ "/etc", 01234567012, 0 },
		{ "/etc/octal", 1700000000, 0 },
		{ "/etc/neg256", -1000, 0 },
		{ "/etc/big256", ((int64_t)1 << 34) + 5, 0 },
		{ "/etc/pax", 1234567890, 123456789 },
		{ "/etc/paxneg", -2, 500000000 },
		{ "/opt/x/f", 86400, 0 },
	};

	tar_hdr(tar + off, "etc/", '5', 0, 01234567012, false);
	off += 512;
	tar_hdr(tar + off, "etc/octal", '0', 0, 1700000000, false);
	off += 512;
	tar_hdr(tar + off, "etc/neg256", '0', 0, -1000, true);
	off += 512;
	tar_hdr(tar + off, "etc/big256", '0', 0, ((int64_t)1 << 34) + 5,
	    true);
	off += 512;
	off += tar_pax_mtime(tar + off, "1234567890.1234567891");
	tar_hdr(tar + off, "etc/pax", '0', 0, 7, false);
	off += 512;
	off += tar_pax_mtime(tar + off, "-1.5");
	tar_hdr(tar + off, "etc/paxneg", '0', 0, 7, false);
	off += 512;
	tar_hdr(tar + off, "opt/x/f", '0', 0, 86400, false);
	off += 512;
	write_file(path, tar, off + 1024);
	t = open_ok(path, NULL);
	for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		ck_assert_int_eq(look(t, want[i].path, &n), FS_OK);
		ck_assert_msg(n.mtime.known, "%s", want[i].path);
		ck_assert_int_eq(n.mtime.sec, want[i].sec);
		ck_assert_uint_eq(n.mtime.nsec, want[i].nsec);
		ck_assert(!n.atime.known && !n.ctime.known);
	}
	ck_assert_int_eq(look(t, "/opt/x", &n), FS_OK);
	ck_assert_int_eq(n.type, FS_DIR);
	ck_assert(!n.mtime.known);
	ck_assert_int_eq(n.mtime.sec, 0);
	target_close(t);
	free(tar);
	free(path);
}
END_TEST

/* A layer nesting 1,000 directories (a 2 KB name: "d/d/.../d/leaf")
 * and a sibling after it at every level: the walk (an explicit stack,
 * not recursion) visits all of it; with walk_depth 50 it reports the
 * one directory it did not enter and still finishes the levels above. */
struct deepwalk {
	size_t	 nodes;
	size_t	 errs;
	char	*err;
	char	*last;
};

static enum walk_ret
deep_visit(const char *path, const struct fsnode *n, void *arg)
{
	struct deepwalk *w = arg;

	(void)n;
	w->nodes++;
	free(w->last);
	w->last = xstrdup(path);
	return WALK_CONTINUE;
}

static void
deep_err(const char *path, enum fs_rc rc, void *arg)
{
	struct deepwalk *w = arg;

	if (w->errs++ == 0)
		w->err = xasprintf("%s: %s", path, fs_rc_str(rc));
}

START_TEST(test_image_deep_tree_walks_without_recursion)
{
	struct strbuf p = STRBUF_INIT;
	struct strbuf want = STRBUF_INIT;
	struct tu_ent e[2] = { { 'f', NULL, "x\n", 0666, 0 },
	    { 'f', "./z", "z\n", 0644, 0 } };
	struct limits lim = limits_default;
	struct deepwalk w = { 0, 0, NULL, NULL };
	struct diag *d = diag_new();
	struct fsnode n;
	struct blob l;
	struct target *t;
	char *path = xasprintf("%s/deep.tar", tmp);
	FILE *fp;

	strbuf_addstr(&p, ".");
	for (int i = 0; i < 1000; i++)
		strbuf_addstr(&p, "/d");
	strbuf_addstr(&p, "/leaf");
	e[0].path = p.buf;
	l = layer(e, 2, 0);
	fp = fopen(path, "wb");
	fwrite(l.data, 1, l.len, fp);
	fclose(fp);
	t = open_ok(path, NULL);
	ck_assert_int_eq(target_walk(t, "/", deep_visit, deep_err, &w),
	    FS_OK);
	ck_assert_uint_eq(w.errs, 0);
	ck_assert_uint_eq(w.nodes, 1 + 1000 + 1 + 1);	/* /, d..., leaf, z */
	ck_assert_str_eq(w.last, "/z");
	/* metadata only: the content is outside the retained set */
	ck_assert_int_eq(look(t, p.buf + 1, &n), FS_OK);
	ck_assert_int_eq(n.type, FS_REG);
	ck_assert_uint_eq(n.mode & 0777, 0666);
	target_close(t);
	free(w.last);
	memset(&w, 0, sizeof(w));
	lim.walk_depth = 50;
	t = target_open_opts(path, &lim, NULL, d);
	ck_assert_ptr_nonnull(t);
	ck_assert_int_eq(target_walk(t, "/", deep_visit, deep_err, &w),
	    FS_OK);
	for (int i = 0; i < 50; i++)
		strbuf_addstr(&want, "/d");
	strbuf_addstr(&want, ": directory nested deeper than the walk depth "
	    "limit");
	ck_assert_uint_eq(w.errs, 1);
	ck_assert_str_eq(w.err, want.buf);
	ck_assert_str_eq(w.last, "/z");
	target_close(t);
	free(w.err);
	free(w.last);
	strbuf_release(&want);
	strbuf_release(&p);
	diag_free(d);
	free(l.data);
	free(path);
}
END_TEST

/* An empty layer (no entries: the image root alone) hides nothing and
 * lists nothing; found by tests/fuzz/fuzz_image, where sorting the empty
 * (NULL) hidden and child arrays was undefined behaviour. */
START_TEST(test_image_empty_layer_has_nothing_hidden_or_listed)
{
	struct blob l = layer(NULL, 0, 0);
	char *path = xasprintf("%s/empty.tar", tmp);
	FILE *fp = fopen(path, "wb");
	struct strlist names = STRLIST_INIT;
	struct strbuf b = STRBUF_INIT;
	struct target *t;

	fwrite(l.data, 1, l.len, fp);
	fclose(fp);
	t = open_ok(path, NULL);
	ck_assert_int_eq(target_kind(t), TARGET_LAYER_TAR);
	ck_assert_int_eq(target_walk_hidden(t, hidden_visit, &b), FS_OK);
	ck_assert_uint_eq(b.len, 0);
	ck_assert_int_eq(target_list(t, "/", &names), FS_OK);
	ck_assert_uint_eq(names.n, 0);
	strlist_release(&names);
	strbuf_release(&b);
	target_close(t);
	free(l.data);
	free(path);
}
END_TEST

/* Hostile layers: each is the only layer of a layer tar. */
static const struct {
	struct tu_ent	 e[2];
	const char	*msg;
} bad[] = {
	{ { { 'f', "../../etc/x", "x", 0, 0 } },
	    "layer tar: member \"../../etc/x\": escapes the image root" },
	{ { { 'f', "/etc/x", "x", 0, 0 } },
	    "layer tar: member \"/etc/x\": absolute member name" },
	{ { { 'l', "a", "/", 0, 0 }, { 'f', "a/etc/passwd", "x", 0, 0 } },
	    "layer tar: member \"a/etc/passwd\": parent \"/a\" is a symlink" },
	{ { { 'h', "b", "nothere", 0, 0 } },
	    "layer tar: member \"b\": hard link to missing \"nothere\"" },
};

START_TEST(test_image_hostile_member_is_refused)
{
	struct blob l = layer(bad[_i].e, bad[_i].e[1].path != NULL ? 2 : 1,
	    0);
	char *path = xasprintf("%s/bad.tar", tmp);
	char *want = xasprintf("%s: %s", path, bad[_i].msg);
	struct diag *d = diag_new();
	FILE *fp = fopen(path, "wb");

	fwrite(l.data, 1, l.len, fp);
	fclose(fp);
	ck_assert_ptr_null(target_open(path, &limits_default, d));
	ck_assert_str_eq(diag_text(d, 0), want);
	diag_free(d);
	free(want);
	free(l.data);
	free(path);
}
END_TEST

START_TEST(test_image_truncated_and_tampered_archives_fail)
{
	char *path = docker_archive(false, false);
	struct diag *d = diag_new();
	struct stat st;
	FILE *fp;
	char *buf;

	ck_assert_int_eq(stat(path, &st), 0);
	buf = xmalloc((size_t)st.st_size);
	fp = fopen(path, "rb");
	ck_assert_uint_eq(fread(buf, 1, (size_t)st.st_size, fp),
	    (size_t)st.st_size);
	fclose(fp);
	if (_i == 0) {
		/* cut inside the first layer blob */
		fp = fopen(path, "wb");
		fwrite(buf, 1, 3000, fp);
		fclose(fp);
	} else {
		/* flip a byte of the first layer (the gzip one) */
		char *p = memmem(buf, (size_t)st.st_size, "\x1f\x8b", 2);

		ck_assert_ptr_nonnull(p);
		p[40] ^= 0x55;
		fp = fopen(path, "wb");
		fwrite(buf, 1, (size_t)st.st_size, fp);
		fclose(fp);
	}
	ck_assert_ptr_null(target_open(path, &limits_default, d));
	ck_assert_uint_eq(diag_count(d), 1);
	if (_i == 0)
		ck_assert_ptr_nonnull(strstr(diag_text(d, 0), "runcated"));
	else
		ck_assert_ptr_nonnull(strstr(diag_text(d, 0), ": layer 1/3 "));
	diag_free(d);
	free(buf);
	free(path);
}
END_TEST

/* A tar of etc/os-release "ID=zstd\n", as `zstd -19 --check` writes it:
 * one frame ending in its content checksum (libarchive's writer sets
 * none). */
static const char ZST_CHECKED[] =
    "\x28\xb5\x2f\xfd\x04\x68\x3d\x02\x00\x92\x03\x0c\x11\xa0\xed\x00"
    "\x41\x26\x43\x15\x5e\x7d\x64\x5e\xe6\xdc\x2b\x5c\x88\x14\x06\x2d"
    "\xee\x44\x49\xf9\x37\x5c\x71\xa5\xfd\x60\x72\xca\xc9\x7d\x9f\xfc"
    "\x77\x29\xe6\xd6\x5d\xea\x14\x8a\x7d\x83\x45\x0d\x08\x20\x80\x1f"
    "\xf4\x85\x3f\x73\xea\x7c\x33\x71\x2b\x11\x18\x14\xc0\xca\x04\xea"
    "\xeb\x84\xde\xf3";

static void
write_file(const char *path, const void *p, size_t len)
{
	FILE *fp = fopen(path, "wb");

	ck_assert_ptr_nonnull(fp);
	ck_assert_uint_eq(fwrite(p, 1, len, fp), len);
	fclose(fp);
}

/* tmp/one.tar: a docker-archive whose only layer is L as legacy
 * "l0/layer.tar", with config diff_id DIFF (none when NULL), then
 * AFTER (if not NULL) as member "zz-after". */
static char *
docker_one_then(const struct blob *l, const char *diff,
    const struct blob *after)
{
	char *path = xasprintf("%s/one.tar", tmp);
	struct archive *a = outer_new(path, false);
	char *cj = diff == NULL ? xstrdup("{\"os\":\"linux\"}") :
	    xasprintf("{\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\","
	    "\"diff_ids\":[\"sha256:%s\"]}}", diff);
	struct blob cfg = text_blob(cj);
	char *cname = xasprintf("%s.json", cfg.hex);
	char *mj = xasprintf("[{\"Config\":\"%s\",\"RepoTags\":[\"one:1\"],"
	    "\"Layers\":[\"l0/layer.tar\"]}]", cname);
	struct blob mf = text_blob(mj);

	outer_add(a, cname, &cfg);
	outer_add(a, "l0/layer.tar", l);
	if (after != NULL)
		outer_add(a, "zz-after", after);
	outer_add(a, "manifest.json", &mf);
	outer_close(a);
	free(cj);
	free(cfg.data);
	free(cname);
	free(mj);
	free(mf.data);
	return path;
}

static char *
docker_one(const struct blob *l, const char *diff)
{
	return docker_one_then(l, diff, NULL);
}

/* tmp/one-oci.tar: an OCI archive of the one layer L, whose config has
 * diff_id DIFF. */
static char *
oci_one(const struct blob *l, const char *diff)
{
	char *path = xasprintf("%s/one-oci.tar", tmp);
	struct archive *a = outer_new(path, false);
	char *cj = xasprintf("{\"os\":\"linux\",\"architecture\":\"amd64\","
	    "\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"sha256:%s\"]}}",
	    diff);
	struct blob cfg = text_blob(cj);
	char *mj = xasprintf("{\"schemaVersion\":2,\"config\":{\"digest\":"
	    "\"sha256:%s\"},\"layers\":[{\"digest\":\"sha256:%s\"}]}",
	    cfg.hex, l->hex);
	struct blob mf = text_blob(mj);
	char *ij = xasprintf("{\"schemaVersion\":2,\"manifests\":[{"
	    "\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
	    "\"digest\":\"sha256:%s\"}]}", mf.hex);
	struct blob idx = text_blob(ij);
	struct blob lay = text_blob("{\"imageLayoutVersion\":\"1.0.0\"}");
	const struct blob *b[3] = { &cfg, &mf, l };

	for (int i = 0; i < 3; i++) {
		char *name = xasprintf("blobs/sha256/%s", b[i]->hex);

		outer_add(a, name, b[i]);
		free(name);
	}
	outer_add(a, "oci-layout", &lay);
	outer_add(a, "index.json", &idx);
	outer_close(a);
	free(cj);
	free(mj);
	free(ij);
	free(cfg.data);
	free(mf.data);
	free(idx.data);
	free(lay.data);
	return path;
}

static void
put_le32(char *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (char)(v >> (8 * i));
}

static uint32_t
crc_of(const struct blob *b)
{
	return (uint32_t)crc32(0, (const Bytef *)b->data, (uInt)b->len);
}

/* A blob of the LEN bytes at P. */
static struct blob
raw_blob(const void *p, size_t len)
{
	struct blob b;

	b.data = xmalloc(len + 16);
	memcpy(b.data, p, len);
	b.len = len;
	tu_sha256_hex(b.data, b.len, b.hex);
	return b;
}

/* A layer whose compressed stream is damaged after the tar's end marker
 * (or whose diff_id is wrong) opens as if fine unless the stream is
 * decoded to its end and checked: case I, into *PATH; the message it
 * must give. */
static char *
damaged_layer(int i, char **path)
{
	static const struct tu_ent e[] = {
		{ 'f', "etc/os-release", "ID=x\n", 0644, 0 } };
	struct blob plain = layer(e, 1, 0);
	struct blob gz = layer(e, 1, i == 3 ? 'G' : 'g');
	struct blob zs = raw_blob(ZST_CHECKED, sizeof(ZST_CHECKED) - 1);
	char *want = NULL;
	char *p;

	*path = xasprintf("%s/layer.tar.gz", tmp);
	switch (i) {
	case 0:		/* gzip trailer: bad CRC-32 */
		put_le32(gz.data + gz.len - 8, 0xdeadbeef);
		want = xasprintf("gzip trailer says CRC-32 deadbeef, the data "
		    "has %08x", crc_of(&plain));
		break;
	case 1:		/* gzip trailer: bad ISIZE */
		put_le32(gz.data + gz.len - 4, (uint32_t)plain.len + 1);
		want = xasprintf("gzip trailer says %zu bytes (mod 2^32), the "
		    "data has %zu", plain.len + 1, plain.len);
		break;
	case 2:		/* garbage after the gzip stream */
		memcpy(gz.data + gz.len, "garbage!", 8);
		gz.len += 8;
		want = xasprintf("gzip trailer says CRC-32 62726167, the data "
		    "has %08x", crc_of(&plain));
		break;
	case 3:		/* a stored block damaged in the second zero block
			 * of the end marker: Go's archive/tar reads a lone
			 * zero block and then a bad header (ErrHeader) */
		ck_assert_uint_eq(plain.len, 2048);
		p = memmem(gz.data, gz.len, plain.data, plain.len);
		ck_assert_ptr_nonnull(p);
		p[plain.len - 100] ^= 0x55;
		want = xstrdup("tar header at byte 1536: a zero block followed "
		    "by more headers (Go's archive/tar refuses this; "
		    "libarchive would end the layer here)");
		break;
	case 4:		/* zstd frame cut before its checksum */
		zs.len -= 4;
		free(*path);
		*path = docker_one(&zs, NULL);
		want = xstrdup("layer 1/1 (l0/layer.tar): Truncated zstd "
		    "input");
		break;
	case 5:		/* zstd frame with a wrong checksum */
		zs.data[zs.len - 1] ^= 0x55;
		free(*path);
		*path = docker_one(&zs, NULL);
		want = xstrdup("layer 1/1 (l0/layer.tar): Zstd decompression "
		    "failed: Restored data doesn't match checksum");
		break;
	case 6:		/* docker-archive: diff_id of the compressed blob */
	case 7:		/* OCI: the same */
		free(*path);
		*path = i == 6 ? docker_one(&gz, gz.hex) : oci_one(&gz,
		    gz.hex);
		p = i == 6 ? xstrdup("l0/layer.tar") : xasprintf(
		    "blobs/sha256/%s", gz.hex);
		want = xasprintf("layer 1/1 (%s): diff_id sha256:%s mismatch "
		    "(the uncompressed tar hashes to sha256:%s)", p, gz.hex,
		    plain.hex);
		free(p);
		break;
	}
	if (i < 4) {
		write_file(*path, gz.data, gz.len);
		p = xasprintf("layer tar: %s", want);
		free(want);
		want = p;
	}
	free(plain.data);
	free(gz.data);
	free(zs.data);
	return want;
}

START_TEST(test_image_damaged_compressed_layer_fails)
{
	char *path;
	char *msg = damaged_layer(_i, &path);

	assert_open_fails(path, NULL, xasprintf("%s: %s", path, msg));
	free(msg);
	free(path);
}
END_TEST

/* The controls of the test above: the same layers intact, with right
 * diff_ids, open. */
START_TEST(test_image_intact_compressed_layer_opens)
{
	static const struct tu_ent e[] = {
		{ 'f', "etc/os-release", "ID=x\n", 0644, 0 } };
	struct blob gz = layer(e, 1, _i == 0 ? 'G' : 'g');
	struct blob zs = raw_blob(ZST_CHECKED, sizeof(ZST_CHECKED) - 1);
	struct target *t;
	char *path;

	if (_i == 0) {
		path = xasprintf("%s/layer.tar.gz", tmp);
		write_file(path, gz.data, gz.len);
	} else if (_i == 1) {
		path = docker_one(&zs, NULL);
	} else {
		path = _i == 2 ? docker_one(&gz, gz.diff) : oci_one(&gz,
		    gz.diff);
	}
	t = open_ok(path, NULL);
	assert_read(t, "/etc/os-release", _i == 1 ? "ID=zstd\n" : "ID=x\n");
	target_close(t);
	free(gz.data);
	free(zs.data);
	free(path);
}
END_TEST

/* --no-verify: a layer that does not match its diff_id opens, and the
 * description says the digests were not checked; without it the open
 * fails naming the mismatch. Case 0 an uncompressed layer (hashed on a
 * worker thread), 1 a gzip one (its diff_id hashed as it is decoded). */
START_TEST(test_image_no_verify_skips_layer_digests)
{
	static const struct tu_ent e[] = {
		{ 'f', "etc/os-release", "ID=x\n", 0644, 0 } };
	struct blob l = layer(e, 1, _i == 0 ? 0 : 'g');
	const char *wrong =
	    "00000000000000000000000000000000000000000000000000000000000000"
	    "00";
	char *path = docker_one(&l, wrong);
	struct target_opts o = { .no_verify = true };
	struct target *t;

	assert_open_fails(path, NULL, xasprintf("%s: layer 1/1 "
	    "(l0/layer.tar): diff_id sha256:%s mismatch (the uncompressed tar "
	    "hashes to sha256:%s)", path, wrong, l.diff));
	t = open_ok(path, &o);
	ck_assert_str_eq(target_describe(t), "docker-archive, image one:1 "
	    "(linux/?), 1 layer, layer digests not verified "
	    "(--no-verify)");
	assert_read(t, "/etc/os-release", "ID=x\n");
	target_close(t);
	free(l.data);
	free(path);
}
END_TEST

/* A layer blob cut inside an entry's data, followed in the archive by
 * another member: the reader, which seeks past data it does not keep,
 * stops at the end of the blob and never reads the next member as the
 * rest of the file. The blob's digest matches (the cut is what was
 * hashed), so only the truncation can fail it, verified or not. */
START_TEST(test_image_layer_cut_inside_an_entry_fails)
{
	static char big[200000];
	static const struct tu_ent e[] = {
		{ 'f', "opt/big", big, 0644, 0 },
		{ 'f', "etc/after", "x", 0644, 0 } };
	struct blob l;
	struct blob after;
	struct target_opts o = { .no_verify = _i == 1 };
	char *path;

	memset(big, 'b', sizeof(big) - 1);
	l = layer(e, 2, 0);
	after = layer(e, 2, 0);	/* what must not be read as the rest */
	l.len = 4096;		/* the header and 3.5 KiB of opt/big */
	tu_sha256_hex(l.data, l.len, l.diff);
	path = docker_one_then(&l, l.diff, &after);
	assert_open_fails(path, &o, xasprintf("%s: layer 1/1 (l0/layer.tar): "
	    "member \"opt/big\": Truncated input file (needed 200192 bytes, "
	    "only 3584 available)", path));
	free(l.data);
	free(after.data);
	free(path);
}
END_TEST

/* A range of a blob file to hash, and whether it lies inside the file. */
struct range {
	uint64_t	off;
	uint64_t	len;
	bool		ok;
};

/* Write a patterned file of SIZE bytes, hash the N ranges R of it with a
 * hasher (started when START; else the waiting caller runs each job)
 * and check each digest against a one-shot sha256, or the error of a
 * range that runs past the end. */
static void
hash_ranges(size_t size, const struct range *r, size_t n, bool start)
{
	char *buf = xmalloc(size);
	char *path = xasprintf("%s/blob", tmp);
	struct image_hasher *h = image_hasher_new();
	size_t *job = xcalloc(n, sizeof(*job));
	int fd;

	for (size_t i = 0; i < size; i++)
		buf[i] = (char)(i * 7 + i / 251);
	write_file(path, buf, size);
	fd = open(path, O_RDONLY);
	ck_assert_int_ge(fd, 0);
	for (size_t i = 0; i < n; i++)
		job[i] = image_hasher_add(h, fd, r[i].off, r[i].len);
	if (start)
		image_hasher_start(h);
	for (size_t i = n; i-- > 0;) {	/* last first: some not taken yet */
		char hex[65];
		char want[65];
		char err[160];

		ck_assert_int_eq(image_hasher_wait(h, job[i], hex, err,
		    sizeof(err)), r[i].ok ? 0 : -1);
		if (!r[i].ok) {
			ck_assert_str_eq(err, "truncated: the file ends "
			    "inside the blob");
			continue;
		}
		tu_sha256_hex(buf + r[i].off, (size_t)r[i].len, want);
		ck_assert_str_eq(hex, want);
	}
	image_hasher_free(h);
	close(fd);
	free(job);
	free(buf);
	free(path);
}

/* The layer hasher: ranges of a file hashed on worker threads (or by the
 * waiting caller) agree with a one-shot sha256; a range past the end of
 * the file is an error, not a short hash. Case 0 small blobs, 1 the
 * same never started, 2 blobs of 32 MiB or more (each read on a thread
 * of its own and hashed through a ring). */
START_TEST(test_image_hasher_hashes_ranges)
{
	static const struct range small[] = {
		{ 0, 3u << 20 | 17, true },
		{ 5, (1u << 20) + 3, true },
		{ (3u << 20) + 16, 1, true },
		{ 100, 0, true },
		{ (3u << 20) + 7, 20, false },
	};
	static const struct range large[] = {
		{ 0, (33u << 20) + 5, true },
		{ 3, (33u << 20) + 2, true },
		{ 0, (33u << 20) + 105, false },
	};

	if (_i < 2)
		hash_ranges(3u << 20 | 17, small, sizeof(small) /
		    sizeof(small[0]), _i == 0);
	else
		hash_ranges((33u << 20) + 5, large, sizeof(large) /
		    sizeof(large[0]), true);
}
END_TEST

/* The stream hasher (a compressed layer's diff_id) gives the sha256 of
 * what it was fed, whatever the sizes of the pieces: many small ones,
 * pieces larger than its blocks, more than its ring holds. */
START_TEST(test_image_streamhash_matches_one_shot)
{
	size_t size = (3u << 20) + 77;
	char *buf = xmalloc(size);
	struct image_streamhash *sh = image_streamhash_new();
	size_t pos = 0;
	size_t step = 1;
	char hex[65];
	char want[65];

	for (size_t i = 0; i < size; i++)
		buf[i] = (char)(i * 31 + i / 65521);
	while (pos < size) {
		size_t n = size - pos < step ? size - pos : step;

		image_streamhash_feed(sh, buf + pos, n);
		pos += n;
		step = step * 7 % 700001 + 1;	/* 1 byte to ~700 KB */
	}
	image_streamhash_finish(sh, hex);
	tu_sha256_hex(buf, size, want);
	ck_assert_str_eq(hex, want);
	/* discarded unfinished: nothing leaks, nothing hangs */
	sh = image_streamhash_new();
	image_streamhash_feed(sh, buf, 5000);
	image_streamhash_finish(sh, NULL);
	free(buf);
}
END_TEST


/* The fuzzer's finds (tests/fuzz/replay_image only asserts they do not
 * crash): gzip layers that used to open as if fine. */
static const struct {
	const char	*file;
	const char	*msg;
} fuzzed[] = {
	{ "gzip-bad-crc-trailer.tar.gz",
	    "layer tar: gzip trailer says CRC-32 00000000, the data has "
	    "56e5bc24" },
	/* the damage lies in the second zero block: Go's archive/tar
	 * refuses the header there before anyone looks at the trailer */
	{ "gzip-corrupt-after-end-marker.tar.gz",
	    "layer tar: tar header at byte 1024: a zero block followed by "
	    "more headers (Go's archive/tar refuses this; libarchive would "
	    "end the layer here)" },
	/* libarchive's gzip quine: its 3.6.2 gzip bidder reads ahead for
	 * an unterminated name without bound (minutes, GiBs); refused
	 * before libarchive opens it (engine/target/nested_stream.c) */
	{ "libarchive-gzip-recursive-hang.gz",
	    "a compressed stream inside the gzip stream, which container "
	    "runtimes do not unpack (they decompress once)" },
	/* the same quine compressed once more with zstd (zstd -19): read
	 * through libarchive's zstd filter, it reached the gzip bidder and
	 * hung the same way */
	{ "libarchive-gzip-recursive-in-zstd.zst",
	    "a compressed stream inside the zstd stream, which container "
	    "runtimes do not unpack (they decompress once)" },
};

START_TEST(test_image_fuzzed_gzip_layers_fail)
{
	char *rel = xasprintf("tests/fuzz/regressions/image/%s",
	    fuzzed[_i].file);
	char *path = tu_srcpath(rel);

	assert_open_fails(path, NULL, xasprintf("%s: %s", path,
	    fuzzed[_i].msg));
	free(path);
	free(rel);
}
END_TEST

/* The same quines as a layer of a docker-archive: refused before the
 * layer's filters are stacked (image_layers.c). */
START_TEST(test_image_nested_compressed_layer_fails)
{
	char *rel = xasprintf("tests/fuzz/regressions/image/%s",
	    fuzzed[2 + _i].file);
	size_t len;
	char *data = tu_slurp_src(rel, &len);
	struct blob b = raw_blob(data, len);
	char *path = docker_one(&b, NULL);

	assert_open_fails(path, NULL, xasprintf("%s: layer 1/1 "
	    "(l0/layer.tar): %s", path, fuzzed[2 + _i].msg));
	free(path);
	free(b.data);
	free(data);
	free(rel);
}
END_TEST

START_TEST(test_image_directory_without_layout_is_a_root)
{
	struct target *t;

	tu_write(tmp, "index.json", "{}", 0644);
	t = open_ok(tmp, NULL);
	ck_assert_int_eq(target_kind(t), TARGET_DIR);
	ck_assert_str_eq(target_describe(t), "directory");
	ck_assert_ptr_null(target_image_config(t));
	ck_assert_int_eq(target_walk_hidden(t, hidden_visit, NULL), FS_OK);
	target_close(t);
}
END_TEST

static Suite *
image_suite(void)
{
	Suite *s = suite_create("image");
	TCase *tc = tcase_create("image");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_loop_test(tc,
	    test_image_docker_archive_merges_layers_like_a_runtime, 0, 3);
	tcase_add_test(tc, test_image_deleted_files_are_reported_hidden);
	tcase_add_test(tc, test_image_config_is_exposed);
	tcase_add_test(tc, test_image_content_globs_retain_more);
	tcase_add_loop_test(tc, test_image_tarwalk_reads_what_libarchive_reads,
	    0, 6);
	tcase_add_loop_test(tc, test_image_tarwalk_refuses_what_go_refuses, 0,
	    8);
	tcase_add_loop_test(tc, test_image_utf8_pax_link_passed_by_a_late_fetch,
	    0, 2);
	tcase_add_loop_test(tc, test_image_link_reaches_unretained_content, 0,
	    (int)(sizeof(link_cases) / sizeof(link_cases[0])) * NFORMS);
	tcase_add_loop_test(tc, test_image_oci_index_picks_platform, 0, 6);
	tcase_add_test(tc, test_image_index_nested_too_deep_fails);
	tcase_add_loop_test(tc, test_image_layout_blobs_stay_inside, 0, 5);
	tcase_add_test(tc, test_image_unknown_platform_lists_choices);
	tcase_add_test(tc, test_image_single_layer_tar);
	tcase_add_test(tc, test_image_member_mtimes_as_go_reads_them);
	tcase_add_test(tc, test_image_deep_tree_walks_without_recursion);
	tcase_add_test(tc, test_image_empty_layer_has_nothing_hidden_or_listed);
	tcase_add_loop_test(tc, test_image_hostile_member_is_refused, 0,
	    sizeof(bad) / sizeof(bad[0]));
	tcase_add_loop_test(tc, test_image_truncated_and_tampered_archives_fail,
	    0, 2);
	tcase_add_loop_test(tc, test_image_damaged_compressed_layer_fails, 0,
	    8);
	tcase_add_loop_test(tc, test_image_intact_compressed_layer_opens, 0, 4);
	tcase_add_loop_test(tc, test_image_no_verify_skips_layer_digests, 0,
	    2);
	tcase_add_loop_test(tc, test_image_layer_cut_inside_an_entry_fails,
	    0, 2);
	tcase_add_loop_test(tc, test_image_hasher_hashes_ranges, 0, 3);
	tcase_add_test(tc, test_image_streamhash_matches_one_shot);
	tcase_add_loop_test(tc, test_image_fuzzed_gzip_layers_fail, 0,
	    sizeof(fuzzed) / sizeof(fuzzed[0]));
	tcase_add_loop_test(tc, test_image_nested_compressed_layer_fails, 0, 2);
	tcase_add_test(tc, test_image_directory_without_layout_is_a_root);
	tcase_add_test(tc, test_image_getxattr_from_pax_records);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return tu_run_suite(image_suite());
}
