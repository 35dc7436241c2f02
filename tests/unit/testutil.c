/*
 * testutil.c -- helpers shared by the Check suites (see testutil.h).
 */
#include "config.h"

#define _XOPEN_SOURCE_EXTENDED 1
#include <errno.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/xattr.h>
#include <unistd.h>

#include <archive.h>
#include <archive_entry.h>
#include <openssl/evp.h>

#include "assay/probe.h"
#include "assay/strbuf.h"
#include "assay/target.h"
#include "assay/xmem.h"
#include "assay/ynode.h"
#include "testutil.h"

const char *
tu_srcdir(void)
{
	const char *s = getenv("top_srcdir");

	return s != NULL && s[0] != '\0' ? s : ".";
}

char *
tu_srcpath(const char *rel)
{
	return xasprintf("%s/%s", tu_srcdir(), rel);
}

char *
tu_tmpdir(void)
{
	const char *base = getenv("TMPDIR");
	char *path = xasprintf("%s/assay-test.XXXXXX",
	    base != NULL ? base : "/tmp");

	if (mkdtemp(path) == NULL)
		ck_abort_msg("mkdtemp: %s", strerror(errno));
	return path;
}

static int
rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)ftw;
	if (flag == FTW_DP)
		rmdir(path);
	else
		unlink(path);
	return 0;
}

void
tu_rmtree(const char *path)
{
	if (path != NULL)
		nftw(path, rm_one, 32, FTW_DEPTH | FTW_PHYS);
}

static char *
full(const char *dir, const char *rel)
{
	while (*rel == '/')
		rel++;
	return xasprintf("%s/%s", dir, rel);
}

static void
mkparents(const char *path)
{
	char *p = xstrdup(path);

	for (char *s = strchr(p + 1, '/'); s != NULL; s = strchr(s + 1, '/')) {
		*s = '\0';
		if (mkdir(p, 0755) != 0 && errno != EEXIST)
			ck_abort_msg("mkdir %s: %s", p, strerror(errno));
		*s = '/';
	}
	free(p);
}

void
tu_write(const char *dir, const char *rel, const char *content, mode_t mode)
{
	tu_write_bytes(dir, rel, content, strlen(content), mode);
}

void
tu_write_bytes(const char *dir, const char *rel, const void *data,
    size_t len, mode_t mode)
{
	char *p = full(dir, rel);
	FILE *fp;

	mkparents(p);
	fp = fopen(p, "wb");
	ck_assert_msg(fp != NULL, "fopen %s: %s", p, strerror(errno));
	if (len > 0)
		ck_assert_uint_eq(fwrite(data, 1, len, fp), len);
	ck_assert_int_eq(fclose(fp), 0);
	ck_assert_int_eq(chmod(p, mode), 0);
	free(p);
}

char *
tu_slurp(const char *path, size_t *lenp)
{
	FILE *fp = fopen(path, "rb");
	struct strbuf b = STRBUF_INIT;
	char chunk[8192];
	size_t n;

	ck_assert_msg(fp != NULL, "cannot open %s", path);
	while ((n = fread(chunk, 1, sizeof(chunk), fp)) > 0)
		ck_assert_int_eq(strbuf_add(&b, chunk, n), 0);
	fclose(fp);
	if (lenp != NULL)
		*lenp = b.len;
	return strbuf_detach(&b);
}

char *
tu_slurp_src(const char *rel, size_t *lenp)
{
	char *path = tu_srcpath(rel);
	char *buf = tu_slurp(path, lenp);

	free(path);
	return buf;
}

void
tu_mkdir(const char *dir, const char *rel, mode_t mode)
{
	char *p = full(dir, rel);

	mkparents(p);
	if (mkdir(p, mode) != 0 && errno != EEXIST)
		ck_abort_msg("mkdir %s: %s", p, strerror(errno));
	ck_assert_int_eq(chmod(p, mode), 0);
	free(p);
}

void
tu_symlink(const char *dir, const char *rel, const char *target)
{
	char *p = full(dir, rel);

	mkparents(p);
	ck_assert_msg(symlink(target, p) == 0, "symlink %s: %s", p,
	    strerror(errno));
	free(p);
}

void
tu_mkfifo(const char *dir, const char *rel)
{
	char *p = full(dir, rel);

	mkparents(p);
	ck_assert_msg(mkfifo(p, 0644) == 0, "mkfifo %s: %s", p,
	    strerror(errno));
	free(p);
}

/* magic_etc VFS_CAP_REVISION_2 | VFS_CAP_FLAGS_EFFECTIVE, then
 * permitted/inheritable low words and high words, little-endian;
 * CAP_NET_RAW is bit 13 */
const char tu_cap[TU_CAP_LEN] = {
	0x01, 0x00, 0x00, 0x02, 0x00, 0x20, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
};

void
tu_setcap(const char *dir, const char *rel)
{
	char *p = full(dir, rel);

	ck_assert_msg(lsetxattr(p, "security.capability", tu_cap, TU_CAP_LEN,
	    0) == 0, "setxattr security.capability %s: %s (the suite runs "
	    "as root)", p, strerror(errno));
	free(p);
}

void
tu_chown(const char *dir, const char *rel, uid_t uid, gid_t gid)
{
	char *p = full(dir, rel);

	ck_assert_msg(lchown(p, uid, gid) == 0, "lchown %s: %s", p,
	    strerror(errno));
	free(p);
}

void
tu_chmod(const char *dir, const char *rel, mode_t mode)
{
	char *p = full(dir, rel);

	ck_assert_int_eq(chmod(p, mode), 0);
	free(p);
}

static void *
compile(const struct probe_ops *ops, const char *args_yaml,
    struct ydoc **docp, char **err)
{
	struct diag *d = diag_new();
	struct ydoc *doc = ydoc_parse_string("test.yaml", args_yaml,
	    strlen(args_yaml), &limits_default, d);
	void *state = NULL;

	if (doc == NULL ||
	    ops->compile(ydoc_root(doc), &limits_default, &state, d) != 0) {
		if (err != NULL)
			*err = xstrdup(diag_count(d) > 0 ? diag_text(d, 0) :
			    "(no diagnostic)");
		ydoc_free(doc);
		diag_free(d);
		return NULL;
	}
	ck_assert_msg(diag_count(d) == 0, "compile succeeded with: %s",
	    diag_text(d, 0));
	diag_free(d);
	*docp = doc;
	return state != NULL ? state : (void *)&limits_default;
}

int
tu_probe_compile(const char *probe, const char *args_yaml, char **err)
{
	const struct probe_ops *ops = probe_find(probe);
	struct ydoc *doc = NULL;
	void *state;

	ck_assert_msg(ops != NULL, "no probe %s", probe);
	state = compile(ops, args_yaml, &doc, err);
	if (state == NULL)
		return -1;
	if (state != (void *)&limits_default)
		ops->free(state);
	ydoc_free(doc);
	return 0;
}

struct walkctx {
	const struct probe_ops	*ops;
	void			*state;
	const char		*prefix;
};

static enum walk_ret
walk_one(const char *path, const struct fsnode *n, void *arg)
{
	struct walkctx *w = arg;

	if (n->type == FS_DIR && w->ops->walk_prune != NULL &&
	    w->ops->walk_prune(w->state, path))
		return WALK_SKIP;
	w->ops->walk_visit(w->state, path, n);
	return WALK_CONTINUE;
}

static enum walk_ret
hidden_one(const char *path, const struct fsnode *n, void *arg)
{
	struct walkctx *w = arg;
	size_t len = strlen(w->prefix);

	if (strcmp(w->prefix, "/") == 0 || (strncmp(path, w->prefix,
	    len) == 0 && (path[len] == '\0' || path[len] == '/')))
		w->ops->walk_visit_hidden(w->state, path, n);
	return WALK_CONTINUE;
}

struct target *
tu_target_open(const char *root)
{
	struct diag *d = diag_new();
	struct target *t = target_open(root, &limits_default, d);

	ck_assert_msg(t != NULL, "target_open %s: %s", root, diag_text(d, 0));
	diag_free(d);
	return t;
}

int
tu_probe_run(const char *root, const char *probe, const char *args_yaml,
    struct evlist *ev, char **err)
{
	const struct probe_ops *ops = probe_find(probe);
	struct ydoc *doc = NULL;
	struct probe_env env;
	struct target *t;
	enum status st;
	void *state;

	ck_assert_msg(ops != NULL, "no probe %s", probe);
	evlist_init(ev, limits_default.evidence_max);
	state = compile(ops, args_yaml, &doc, err);
	if (state == NULL)
		return -1;
	if (state == (void *)&limits_default)
		state = NULL;
	t = tu_target_open(root);
	env.target = t;
	env.lim = &limits_default;
	if (ops->walk_begin != NULL) {
		const char *prefix = ops->walk_begin(state, &env);

		if (prefix != NULL) {
			struct walkctx w = { ops, state, prefix };

			if (ops->walk_visit != NULL)
				(void)target_walk(t, prefix, walk_one, NULL,
				    &w);
			/* as eval.c does, after the walk */
			if (ops->walk_visit_hidden != NULL)
				(void)target_walk_hidden(t, hidden_one, &w);
		}
	}
	st = ops->eval(state, &env, ev);
	if (ops->free != NULL)
		ops->free(state);
	target_close(t);
	ydoc_free(doc);
	return (int)st;
}

bool
tu_ev_has(const struct evlist *ev, const char *needle)
{
	for (size_t i = 0; i < ev->n; i++)
		if (ev->v[i].message != NULL &&
		    strstr(ev->v[i].message, needle) != NULL)
			return true;
	return false;
}

char *tu_root;

void
tu_root_setup(void)
{
	tu_root = tu_tmpdir();
}

void
tu_root_setup_etc(void)
{
	tu_root_setup();
	tu_mkdir(tu_root, "/etc", 0755);
}

void
tu_root_teardown(void)
{
	tu_rmtree(tu_root);
	free(tu_root);
	tu_root = NULL;
}

int
tu_run(const char *probe, const char *args_yaml, struct evlist *ev)
{
	char *err = NULL;
	int st = tu_probe_run(tu_root, probe, args_yaml, ev, &err);

	ck_assert_msg(st >= 0, "%s %s: compile failed: %s", probe, args_yaml,
	    err);
	free(err);
	return st;
}

void
tu_check_verdict(const char *probe, const char *args_yaml, enum status st,
    const char *ev)
{
	struct evlist list;
	char *err = NULL;
	int got = tu_probe_run(tu_root, probe, args_yaml, &list, &err);

	ck_assert_msg(got == (int)st, "%s: got %d (%s), want %s", args_yaml,
	    got, err != NULL ? err : "", status_str(st));
	ck_assert_msg(tu_ev_has(&list, ev), "%s: no evidence \"%s\" (first: "
	    "%s)", args_yaml, ev, list.n > 0 ? list.v[0].message : "none");
	evlist_release(&list);
	free(err);
}

void
tu_check_compile_error(const char *probe, const char *args_yaml,
    const char *error)
{
	char *err = NULL;

	ck_assert_int_eq(tu_probe_compile(probe, args_yaml, &err), -1);
	ck_assert_str_eq(err, error);
	free(err);
}

void
tu_diag_none(struct diag *d)
{
	ck_assert_msg(diag_count(d) == 0, "%s", diag_text(d, 0));
	diag_free(d);
}

int
tu_run_suite(Suite *s)
{
	SRunner *sr = srunner_create(s);
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}

/* Image writer: layers as pax tars, a config with history and diff_ids,
 * and a docker-archive around them (manifest.json last, as docker save
 * writes it), with real sha256 digests. */
struct tu_blob {
	char	*data;
	size_t	 len;
	char	 hex[65];
};

void
tu_sha256_hex(const void *p, size_t len, char hex[65])
{
	unsigned char md[32];
	unsigned int n;

	EVP_Digest(p, len, md, &n, EVP_sha256(), NULL);
	for (unsigned i = 0; i < 32; i++)
		snprintf(hex + 2 * i, 3, "%02x", md[i]);
}

void
tu_add_entry(struct archive *a, const struct tu_ent *e)
{
	struct archive_entry *ae = archive_entry_new();
	size_t len = e->type == 'f' && e->data != NULL ? strlen(e->data) : 0;

	archive_entry_set_pathname(ae, e->path);
	archive_entry_set_perm(ae, e->mode != 0 ? e->mode : 0644);
	archive_entry_set_uid(ae, e->uid);
	archive_entry_set_size(ae, (la_int64_t)len);
	switch (e->type) {
	case 'd':
		archive_entry_set_filetype(ae, AE_IFDIR);
		break;
	case 'l':
		archive_entry_set_filetype(ae, AE_IFLNK);
		/* as UTF-8: a writer in the C locale then still writes a
		 * non-ASCII target as a pax linkpath, as Go and Python do */
		archive_entry_update_symlink_utf8(ae, e->data);
		break;
	case 'h':
		archive_entry_set_filetype(ae, AE_IFREG);
		archive_entry_set_hardlink(ae, e->data);
		break;
	default:
		archive_entry_set_filetype(ae, AE_IFREG);
	}
	ck_assert_int_eq(archive_write_header(a, ae), ARCHIVE_OK);
	if (len > 0)
		ck_assert_int_eq(archive_write_data(a, e->data, len),
		    (la_ssize_t)len);
	archive_entry_free(ae);
}

static struct tu_blob
tu_layer_blob(const struct tu_layer *l)
{
	struct archive *a = archive_write_new();
	struct tu_blob b;
	size_t cap = 1 << 20;
	size_t used = 0;

	b.data = xmalloc(cap);
	archive_write_set_format_pax_restricted(a);
	ck_assert_int_eq(archive_write_open_memory(a, b.data, cap, &used),
	    ARCHIVE_OK);
	for (const struct tu_ent *e = l->ents; e->path != NULL; e++)
		tu_add_entry(a, e);
	archive_write_close(a);
	archive_write_free(a);
	b.len = used;
	tu_sha256_hex(b.data, b.len, b.hex);
	return b;
}

static struct tu_blob
tu_text_blob(char *s)
{
	struct tu_blob b;

	b.data = s;
	b.len = strlen(s);
	tu_sha256_hex(b.data, b.len, b.hex);
	return b;
}

static void
tu_outer_add(struct archive *a, const char *name, const struct tu_blob *b)
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

/* JSON string S into B, quoted and escaped. */
static void
tu_json_str(struct strbuf *b, const char *s)
{
	strbuf_addch(b, '"');
	for (; *s != '\0'; s++) {
		if ((unsigned char)*s < 0x20) {
			strbuf_addf(b, "\\u%04x", (unsigned char)*s);
			continue;
		}
		if (*s == '"' || *s == '\\')
			strbuf_addch(b, '\\');
		strbuf_addch(b, *s);
	}
	strbuf_addch(b, '"');
}

char *
tu_write_image(const char *dir, const char *name,
    const struct tu_layer *layers, size_t nlayers)
{
	struct tu_blob *l = xcalloc(nlayers, sizeof(*l));
	struct strbuf cfg = STRBUF_INIT;
	struct strbuf mf = STRBUF_INIT;
	char *path = xasprintf("%s/%s", dir, name);
	struct archive *a = archive_write_new();
	struct tu_blob cb;
	struct tu_blob mb;
	char *cfgname;

	strbuf_addstr(&cfg, "{\"os\":\"linux\",\"architecture\":\"amd64\","
	    "\"config\":{},\"history\":[");
	for (size_t i = 0; i < nlayers; i++) {
		l[i] = tu_layer_blob(&layers[i]);
		strbuf_addstr(&cfg, i > 0 ? ",{\"created_by\":" :
		    "{\"created_by\":");
		tu_json_str(&cfg, layers[i].created_by != NULL ?
		    layers[i].created_by : "");
		strbuf_addch(&cfg, '}');
	}
	strbuf_addstr(&cfg, "],\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[");
	for (size_t i = 0; i < nlayers; i++)
		strbuf_addf(&cfg, "%s\"sha256:%s\"", i > 0 ? "," : "",
		    l[i].hex);
	strbuf_addstr(&cfg, "]}}");
	cb = tu_text_blob(strbuf_detach(&cfg));
	cfgname = xasprintf("%s.json", cb.hex);
	archive_write_set_format_pax_restricted(a);
	ck_assert_int_eq(archive_write_open_filename(a, path), ARCHIVE_OK);
	tu_outer_add(a, cfgname, &cb);
	strbuf_addf(&mf, "[{\"Config\":\"%s\",\"RepoTags\":[\"test:1\"],"
	    "\"Layers\":[", cfgname);
	for (size_t i = 0; i < nlayers; i++) {
		char *ln = xasprintf("blobs/sha256/%s", l[i].hex);

		tu_outer_add(a, ln, &l[i]);
		strbuf_addf(&mf, "%s\"%s\"", i > 0 ? "," : "", ln);
		free(ln);
		free(l[i].data);
	}
	strbuf_addstr(&mf, "]}]");
	mb = tu_text_blob(strbuf_detach(&mf));
	tu_outer_add(a, "manifest.json", &mb);
	archive_write_close(a);
	archive_write_free(a);
	free(mb.data);
	free(cb.data);
	free(cfgname);
	free(l);
	return path;
}
