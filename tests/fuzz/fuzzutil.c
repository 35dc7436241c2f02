/*
 * fuzzutil.c -- the shared part of the fuzz targets (see fuzz.h).
 *
 * The limits are the defaults scaled down: a run that reads 16 MiB or
 * follows 16 includes explores nothing a 1 MiB, 4-deep one does not,
 * and libFuzzer gets ten times the runs. The root is made once per
 * process because mkdtemp and rm -rf per run would dominate the time.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "assay/diag.h"
#include "assay/probe.h"
#include "assay/result.h"
#include "assay/target.h"
#include "assay/xmem.h"
#include "assay/ynode.h"
#include "fuzz.h"

struct limits fuzz_limits;

static char *root;

static void
die(const char *what, const char *path)
{
	fprintf(stderr, "fuzz: %s %s: %s\n", what, path, strerror(errno));
	abort();
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

static void
root_remove(void)
{
	if (root != NULL)
		nftw(root, rm_one, 32, FTW_DEPTH | FTW_PHYS);
	free(root);
	root = NULL;
}

void
fuzz_init(void)
{
	if (fuzz_limits.read_max != 0)
		return;
	fuzz_limits = limits_default;
	fuzz_limits.read_max = 1u << 20;
	fuzz_limits.policy_bytes = 1u << 20;
	fuzz_limits.yaml_depth = 32;
	fuzz_limits.evidence_max = 32;
	fuzz_limits.include_depth = 4;
	fuzz_limits.glob_max = 64;
	fuzz_limits.walk_depth = 32;
	fuzz_limits.rx_match_limit = 100000;
	fuzz_limits.rx_depth_limit = 1000;
	fuzz_limits.image_json_bytes = 64u << 10;
	fuzz_limits.image_entries = 20000;
	fuzz_limits.image_layers = 8;
	fuzz_limits.image_layer_bytes = 64u << 20;
	fuzz_limits.image_total_bytes = 64u << 20;
	fuzz_limits.image_retain_bytes = 8u << 20;
	fuzz_limits.scap_bytes = 1u << 20;
	fuzz_limits.oval_items = 1000;
	fuzz_limits.rpmverify_bytes = 1u << 20;
	fuzz_limits.selinux_policy_bytes = 1u << 20;
	fuzz_limits.image_retain_file = 1u << 20;
	fuzz_limits.image_buffer_bytes = 8u << 20;
}

const char *
fuzz_root(void)
{
	const char *base;

	if (root != NULL)
		return root;
	fuzz_init();
	base = getenv("TMPDIR");
	root = xasprintf("%s/assay-fuzz.XXXXXX", base != NULL ? base : "/tmp");
	if (mkdtemp(root) == NULL)
		die("mkdtemp", root);
	atexit(root_remove);
	return root;
}

static void
mkparents(char *path)
{
	for (char *s = strchr(path + 1, '/'); s != NULL;
	    s = strchr(s + 1, '/')) {
		*s = '\0';
		if (mkdir(path, 0755) != 0 && errno != EEXIST)
			die("mkdir", path);
		*s = '/';
	}
}

void
fuzz_put(const char *dir, const char *rel, const void *data, size_t len)
{
	char *path;
	int fd;

	while (*rel == '/')
		rel++;
	path = xasprintf("%s/%s", dir, rel);
	if (data == NULL) {
		if (unlink(path) != 0 && errno != ENOENT)
			die("unlink", path);
		free(path);
		return;
	}
	mkparents(path);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW, 0644);
	if (fd < 0)
		die("open", path);
	for (size_t off = 0; off < len; ) {
		ssize_t n = write(fd, (const char *)data + off, len - off);

		if (n < 0)
			die("write", path);
		off += (size_t)n;
	}
	close(fd);
	free(path);
}

size_t
fuzz_split(const uint8_t *data, size_t len, const uint8_t **part,
    size_t *partlen, size_t max)
{
	size_t n = 0, start = 0, pos = 0;

	while (n + 1 < max && pos < len) {
		const uint8_t *nl = memchr(data + pos, '\n', len - pos);
		size_t end = nl != NULL ? (size_t)(nl - data) : len;

		if (end - pos == 2 && memcmp(data + pos, "%%", 2) == 0) {
			part[n] = data + start;
			partlen[n++] = pos - start;
			start = end < len ? end + 1 : len;
		}
		pos = end < len ? end + 1 : len;
	}
	part[n] = data + start;
	partlen[n++] = len - start;
	return n;
}

struct walkctx {
	const struct probe_ops	*ops;
	void			*state;
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

void
fuzz_probe_run(const char *dir, const char *name, const char *args)
{
	const struct probe_ops *ops = probe_find(name);
	struct diag *d = diag_new();
	struct ydoc *doc;
	struct target *t;
	struct probe_env env;
	struct evlist ev;
	void *state = NULL;

	if (ops == NULL) {
		fprintf(stderr, "fuzz: no probe %s\n", name);
		abort();
	}
	doc = ydoc_parse_string("fuzz.yaml", args, strlen(args), &fuzz_limits,
	    d);
	if (doc == NULL ||
	    ops->compile(ydoc_root(doc), &fuzz_limits, &state, d) != 0) {
		fprintf(stderr, "fuzz: %s %s: %s\n", name, args,
		    diag_count(d) > 0 ? diag_text(d, 0) : "?");
		abort();
	}
	if ((t = target_open(dir, &fuzz_limits, d)) == NULL) {
		fprintf(stderr, "fuzz: %s: %s\n", dir, diag_text(d, 0));
		abort();
	}
	env.target = t;
	env.lim = &fuzz_limits;
	evlist_init(&ev, fuzz_limits.evidence_max);
	if (ops->walk_begin != NULL) {
		const char *prefix = ops->walk_begin(state, &env);

		if (prefix != NULL) {
			struct walkctx w = { ops, state };

			(void)target_walk(t, prefix, walk_one, NULL, &w);
		}
	}
	(void)ops->eval(state, &env, &ev);
	evlist_release(&ev);
	if (ops->free != NULL && state != NULL)
		ops->free(state);
	target_close(t);
	ydoc_free(doc);
	diag_free(d);
}

void
fuzz_probe_target(const struct fuzz_spec *s, const uint8_t *data,
    size_t len)
{
	const char *dir = fuzz_root();
	const uint8_t *part[16];
	size_t partlen[16], nfiles = 0, n;

	while (s->files[nfiles] != NULL && nfiles < 16)
		nfiles++;
	n = fuzz_split(data, len, part, partlen, nfiles);
	for (size_t i = 0; i < nfiles; i++)
		fuzz_put(dir, s->files[i], i < n ? part[i] : NULL,
		    i < n ? partlen[i] : 0);
	for (size_t i = 0; s->args[i] != NULL; i++)
		fuzz_probe_run(dir, s->probe, s->args[i]);
}

static int
sign(int v)
{
	return (v > 0) - (v < 0);
}

void
fuzz_order_check(const char *name, int (*cmp)(const char *, const char *),
    const char *a, const char *b)
{
	int ab = sign(cmp(a, b));
	int ba = sign(cmp(b, a));

	if (cmp(a, a) != 0 || ab != -ba) {
		fprintf(stderr, "fuzz: %s(\"%s\", \"%s\") = %d, "
		    "reversed %d\n", name, a, b, ab, ba);
		abort();
	}
}

void
fuzz_version_seen(const char *name, int (*check)(const char *, const char **),
    int (*cmp)(const char *, const char *), const char **prevp,
    const char *v)
{
	const char *why;

	if (v == NULL)
		return;
	(void)check(v, &why);
	if (*prevp != NULL)
		fuzz_order_check(name, cmp, *prevp, v);
	*prevp = v;
}

char *
fuzz_copy(const uint8_t *data, size_t size)
{
	char *buf = xmalloc(size != 0 ? size : 1);

	memcpy(buf, data, size);
	return buf;
}

void
fuzz_parse_failed(const char *name, const struct diag *d)
{
	if (diag_count(d) == 0) {
		fprintf(stderr, "fuzz: %s failed without a reason\n", name);
		abort();
	}
}
