/*
 * check_probe_image.c -- the `image` probe on small OCI layouts written
 * per test: a base layer with /etc/passwd and /etc/group, the config and
 * history each case needs, and extra layers for hidden files. Each check
 * is seen to pass and to fail; env_secrets is also seen never to put a
 * secret value in any evidence field; every check is `notapplicable` on a
 * directory; bad arguments are refused with their position.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <archive.h>
#include <archive_entry.h>
#include <openssl/evp.h>

#include "assay/probe.h"
#include "assay/strbuf.h"
#include "assay/xmem.h"
#include "testutil.h"

#define NITEMS(a) ((int)(sizeof(a) / sizeof((a)[0])))
#define LAYER_MAX	(256 * 1024)

/* One member of a layer: content NULL makes a directory. */
struct tfile {
	const char	*path;
	const char	*content;
	unsigned	 mode;
};

static const struct tfile base_layer[] = {
	{ "etc", NULL, 0755 },
	{ "etc/passwd", "root:x:0:0:root:/root:/bin/sh\n"
	    "admin:x:0:0:root by another name:/root:/bin/sh\n"
	    "app:x:10001:10001:app:/home/app:/sbin/nologin\n", 0644 },
	{ "etc/group", "root:x:0:\napp:x:10001:\n", 0644 },
	{ NULL, NULL, 0 },
};

static void
sha256_hex(const void *data, size_t len, char hex[65])
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned n = 0;

	ck_assert(EVP_Digest(data, len, md, &n, EVP_sha256(), NULL) == 1);
	for (unsigned i = 0; i < n; i++)
		snprintf(hex + 2 * i, 3, "%02x", md[i]);
}

/* Store BUF as blob DIR/blobs/sha256/HEX; HEX gets its digest. */
static void
put_blob(const char *dir, const char *buf, size_t len, char hex[65])
{
	char *rel;
	char *path;
	FILE *f;

	sha256_hex(buf, len, hex);
	rel = xasprintf("blobs/sha256/%s", hex);
	tu_write(dir, rel, "", 0644);
	path = xasprintf("%s/%s", dir, rel);
	f = fopen(path, "wb");
	ck_assert_ptr_nonnull(f);
	ck_assert_uint_eq(fwrite(buf, 1, len, f), len);
	ck_assert_int_eq(fclose(f), 0);
	free(path);
	free(rel);
}

/* A plain tar of FILES in BUF; returns its length. */
static size_t
layer_tar(const struct tfile *files, char *buf)
{
	struct archive *a = archive_write_new();
	size_t used = 0;

	ck_assert_int_eq(archive_write_set_format_pax_restricted(a),
	    ARCHIVE_OK);
	ck_assert_int_eq(archive_write_open_memory(a, buf, LAYER_MAX, &used),
	    ARCHIVE_OK);
	for (const struct tfile *f = files; f->path != NULL; f++) {
		struct archive_entry *e = archive_entry_new();
		size_t len = f->content != NULL ? strlen(f->content) : 0;

		archive_entry_set_pathname(e, f->path);
		archive_entry_set_filetype(e, f->content != NULL ? AE_IFREG :
		    AE_IFDIR);
		archive_entry_set_perm(e, f->mode);
		archive_entry_set_size(e, (la_int64_t)len);
		ck_assert_int_eq(archive_write_header(a, e), ARCHIVE_OK);
		if (len > 0)
			ck_assert_int_eq(archive_write_data(a, f->content, len),
			    (la_ssize_t)len);
		archive_entry_free(e);
	}
	ck_assert_int_eq(archive_write_close(a), ARCHIVE_OK);
	archive_write_free(a);
	return used;
}

/* Write an OCI layout into ROOT: the base layer plus the layers of EXTRA
 * (NULL or NULL-terminated), image config CONFIG (the "config" object),
 * HISTORY (a JSON array or NULL) and manifest ANNOTATIONS (a JSON object
 * or NULL). */
static void
mkimage(const char *config, const char *history, const char *annotations,
    const struct tfile *const *extra)
{
	struct strbuf diff = STRBUF_INIT;
	struct strbuf layers = STRBUF_INIT;
	char *buf = xmalloc(LAYER_MAX);
	char hex[65];
	char *doc;

	for (size_t n = 0;; n++) {
		const struct tfile *files = n == 0 ? base_layer :
		    extra != NULL ? extra[n - 1] : NULL;
		size_t len;

		if (files == NULL)
			break;
		len = layer_tar(files, buf);
		put_blob(tu_root, buf, len, hex);
		strbuf_addf(&diff, "%s\"sha256:%s\"", n > 0 ? "," : "", hex);
		strbuf_addf(&layers, "%s{\"mediaType\":\"application/vnd.oci."
		    "image.layer.v1.tar\",\"digest\":\"sha256:%s\",\"size\":"
		    "%zu}", n > 0 ? "," : "", hex, len);
	}
	doc = xasprintf("{\"architecture\":\"amd64\",\"os\":\"linux\","
	    "\"config\":%s,\"rootfs\":{\"type\":\"layers\",\"diff_ids\":"
	    "[%s]}%s%s}", config, diff.buf, history != NULL ?
	    ",\"history\":" : "", history != NULL ? history : "");
	put_blob(tu_root, doc, strlen(doc), hex);
	snprintf(buf, LAYER_MAX, "{\"schemaVersion\":2,\"mediaType\":"
	    "\"application/vnd.oci.image.manifest.v1+json\",\"config\":"
	    "{\"mediaType\":\"application/vnd.oci.image.config.v1+json\","
	    "\"digest\":\"sha256:%s\",\"size\":%zu},\"layers\":[%s]%s%s}",
	    hex, strlen(doc), layers.buf, annotations != NULL ?
	    ",\"annotations\":" : "", annotations != NULL ? annotations : "");
	free(doc);
	put_blob(tu_root, buf, strlen(buf), hex);
	doc = xasprintf("{\"schemaVersion\":2,\"manifests\":[{\"mediaType\":"
	    "\"application/vnd.oci.image.manifest.v1+json\",\"digest\":"
	    "\"sha256:%s\",\"size\":%zu}]}", hex, strlen(buf));
	tu_write(tu_root, "index.json", doc, 0644);
	tu_write(tu_root, "oci-layout", "{\"imageLayoutVersion\":\"1.0.0\"}",
	    0644);
	free(doc);
	free(buf);
	strbuf_release(&diff);
	strbuf_release(&layers);
}

/* The first history entry: the base layer. */
#define H0 "{\"created_by\":\"/bin/sh -c #(nop) COPY dir:0a1b in / \"}"
/* A history entry that made no layer. */
#define HE(cb) ",{\"created_by\":\"" cb "\",\"empty_layer\":true}"

/* Evaluate ARGS on the image in ROOT; a compile error fails the test. */
static int
run(const char *args, struct evlist *ev)
{
	char *err = NULL;
	int st = tu_probe_run(tu_root, "image", args, ev, &err);

	ck_assert_msg(st >= 0, "compile %s: %s", args, err);
	return st;
}

/* No evidence field holds SECRET. */
static void
assert_redacted(const struct evlist *ev, const char *secret)
{
	for (size_t i = 0; i < ev->n; i++) {
		const struct evidence *e = &ev->v[i];
		const char *f[] = { e->path, e->message, e->expected,
		    e->found };

		for (int k = 0; k < NITEMS(f); k++)
			ck_assert_msg(f[k] == NULL || strstr(f[k], secret) ==
			    NULL, "evidence leaks the secret: %s", f[k]);
	}
}

static void
dump(const struct evlist *ev)
{
	for (size_t i = 0; i < ev->n; i++)
		fprintf(stderr, "  evidence: %s%s%s\n", ev->v[i].path != NULL ?
		    ev->v[i].path : "", ev->v[i].path != NULL ? ": " : "",
		    ev->v[i].message);
}

/* One case: an image config (and history), the probe args, the verdict
 * and a piece of evidence that must be there. */
struct icase {
	const char	*config;
	const char	*history;	/* after H0, or NULL */
	const char	*args;
	enum status	 st;
	const char	*needle;
	const char	*secret;	/* must appear in no evidence */
};

static void
run_case(const struct icase *c)
{
	struct evlist ev;
	char *history = c->history != NULL ? xasprintf("[" H0 "%s]",
	    c->history) : xstrdup("[" H0 "]");
	int st;

	mkimage(c->config, history, NULL, NULL);
	st = run(c->args, &ev);
	if (st != (int)c->st || !tu_ev_has(&ev, c->needle)) {
		fprintf(stderr, "case %s %s:\n", c->config, c->args);
		dump(&ev);
	}
	ck_assert_int_eq(st, c->st);
	ck_assert_msg(tu_ev_has(&ev, c->needle), "no evidence \"%s\"",
	    c->needle);
	if (c->secret != NULL)
		assert_redacted(&ev, c->secret);
	evlist_release(&ev);
	free(history);
}

#define USER "{check: user_not_root}"
static const struct icase user_cases[] = {
	{ "{}", NULL, USER, ST_FAIL, "config User is not set", NULL },
	{ "{\"User\":\"\"}", NULL, USER, ST_FAIL, "config User is not set",
	    NULL },
	{ "{\"User\":\"root\"}", NULL, USER, ST_FAIL,
	    "config User is \"root\"", NULL },
	{ "{\"User\":\"0\"}", NULL, USER, ST_FAIL,
	    "config User is uid 0 (root)", NULL },
	{ "{\"User\":\"0:0\"}", NULL, USER, ST_FAIL,
	    "config User is uid 0 (root)", NULL },
	{ "{\"User\":\"admin\"}", NULL, USER, ST_FAIL,
	    "config User \"admin\" has uid 0 in the image's /etc/passwd",
	    NULL },
	{ "{\"User\":\"1000\"}", NULL, USER, ST_PASS,
	    "config User \"1000\": uid 1000", NULL },
	{ "{\"User\":\"app\"}", NULL, USER, ST_PASS,
	    "config User \"app\": uid 10001 in the image's /etc/passwd",
	    NULL },
	{ "{\"User\":\"app:root\"}", NULL, USER, ST_PASS,
	    "uid 10001", NULL },
	{ "{\"User\":\"ghost\"}", NULL, USER, ST_ERROR,
	    "user \"ghost\" not in /etc/passwd", NULL },
};

START_TEST(test_image_user_not_root_resolves_names_in_the_image)
{
	run_case(&user_cases[_i]);
}
END_TEST

#define HC "{check: healthcheck}"
static const struct icase healthcheck_cases[] = {
	{ "{\"Healthcheck\":{\"Test\":[\"CMD-SHELL\",\"curl -f "
	    "http://localhost/\"]}}", NULL, HC, ST_PASS,
	    "config Healthcheck: CMD-SHELL curl -f http://localhost/", NULL },
	{ "{}", NULL, HC, ST_FAIL, "config has no Healthcheck", NULL },
	{ "{\"Healthcheck\":{\"Test\":[\"NONE\"]}}", NULL, HC, ST_FAIL,
	    "Healthcheck", NULL },
	/* the Dockerfile had one; the OCI config could not keep it */
	{ "{}", HE("/bin/sh -c #(nop) HEALTHCHECK CMD true"), HC, ST_FAIL,
	    "history[1] set a HEALTHCHECK, but the config lost it", NULL },
};

START_TEST(test_image_healthcheck_present_and_not_none)
{
	run_case(&healthcheck_cases[_i]);
}
END_TEST

#define ENV(list) "{\"Env\":[\"PATH=/usr/bin:/bin\"" list "]}"
#define ES "{check: env_secrets}"
/* Key markers are split so that no source file holds one whole. */
#define PEM_BEGIN "-----BEGIN RSA PRIVATE" " KEY-----"
static const struct icase env_cases[] = {
	{ ENV(",\"DB_PASSWORD=hunter2-s3cret\""), NULL, ES, ST_FAIL,
	    "config Env: DB_PASSWORD has a secret-like name (value "
	    "redacted)", "hunter2" },
	{ ENV(",\"GPG_KEY=A035C8C19219BA821ECEA86B64E628F8D684696D\""), NULL,
	    ES, ST_PASS, "config Env: GPG_KEY is allowed", NULL },
	{ ENV(",\"OPTS=--key-id AKIAIOSFODNN7EXAMPLE\""), NULL, ES, ST_FAIL,
	    "config Env: OPTS holds what looks like an AWS access key id "
	    "(value redacted)", "AKIAIOSFODNN7EXAMPLE" },
	{ ENV(",\"DATABASE_URL=postgres://app:pw0rd@db/app\""), NULL, ES,
	    ST_FAIL, "DATABASE_URL holds what looks like a URL with a "
	    "password", "pw0rd" },
	{ ENV(",\"DB_PASSWORD_FILE=/run/secrets/db\""), NULL, ES, ST_PASS,
	    "DB_PASSWORD_FILE names a file, not a secret", NULL },
	{ ENV(",\"API_TOKEN=\""), NULL, ES, ST_PASS,
	    "no secret-like variable among 2 config Env entries", NULL },
	{ ENV(""), HE("/bin/sh -c #(nop) ENV TOKEN=abc123xyz"), ES, ST_FAIL,
	    "history[1] ENV: TOKEN has a secret-like name (value redacted)",
	    "abc123xyz" },
	{ ENV(""), HE("ENV SECRET_KEY abcdef999"), ES, ST_FAIL,
	    "history[1] ENV: SECRET_KEY has a secret-like name",
	    "abcdef999" },
	{ ENV(""), HE("ARG API_KEY=k3yv4lue"), ES, ST_FAIL,
	    "history[1] ARG: API_KEY has a secret-like name", "k3yv4lue" },
	{ ENV(""), HE("|1 NPM_TOKEN=npm_s3cr3t /bin/sh -c npm ci"), ES,
	    ST_FAIL, "history[1] RUN: NPM_TOKEN has a secret-like name",
	    "npm_s3cr3t" },
	{ ENV(""), HE("RUN |1 NPM_TOKEN=npm_s3cr3t /bin/sh -c npm ci"), ES,
	    ST_FAIL, "history[1] RUN: NPM_TOKEN", "npm_s3cr3t" },
	{ ENV(""), HE("/bin/sh -c echo '" PEM_BEGIN "' > /k"), ES, ST_FAIL,
	    "history[1]: the build step's command line holds what looks "
	    "like a private key (not shown)", "BEGIN RSA" },
	{ ENV(",\"DB_PASSWORD=x1\""), NULL,
	    "{check: env_secrets, allow: [DB_PASSWORD]}", ST_PASS,
	    "config Env: DB_PASSWORD is allowed", NULL },
	{ ENV(""), HE("/bin/sh -c #(nop) ENV TOKEN=abc123xyz"),
	    "{check: env_secrets, history: false}", ST_PASS,
	    "no secret-like variable among 1 config Env entries", NULL },
	{ ENV(",\"MY_THING=v4lue\""), NULL,
	    "{check: env_secrets, pattern: \"^MY_\"}", ST_FAIL,
	    "config Env: MY_THING has a secret-like name", "v4lue" },
	{ ENV(",\"DB_PASSWORD=x1\""), NULL,
	    "{check: env_secrets, pattern: \"^MY_\"}", ST_PASS,
	    "no secret-like variable", NULL },
	{ ENV(",\"OPTS=AKIAIOSFODNN7EXAMPLE\""), NULL,
	    "{check: env_secrets, values: false}", ST_PASS,
	    "no secret-like variable", NULL },
};

START_TEST(test_image_env_secrets_found_and_never_printed)
{
	run_case(&env_cases[_i]);
}
END_TEST

START_TEST(test_image_env_secrets_reports_a_history_value_once)
{
	struct evlist ev;

	mkimage(ENV(""), "[" H0 HE("/bin/sh -c #(nop) ENV OPTS=\\\"--id "
	    "AKIAIOSFODNN7EXAMPLE\\\"") "]", NULL, NULL);
	ck_assert_int_eq(run(ES, &ev), ST_FAIL);
	ck_assert_uint_eq(ev.n, 1);
	ck_assert_str_eq(ev.v[0].message, "history[1] ENV: OPTS holds what "
	    "looks like an AWS access key id (value redacted)");
	ck_assert_str_eq(ev.v[0].found, "a value (redacted)");
	evlist_release(&ev);
}
END_TEST

#define LB "{check: labels, required: [org.opencontainers.image.source]}"
#define PT "{check: ports}"
static const struct icase config_cases[] = {
	{ "{\"Labels\":{\"org.opencontainers.image.source\":\"https://x\"}}",
	    NULL, LB, ST_PASS, "config Labels: org.opencontainers.image."
	    "source = \"https://x\"", NULL },
	{ "{\"Labels\":{\"a\":\"b\"}}", NULL, LB, ST_FAIL,
	    "config Labels has no org.opencontainers.image.source", NULL },
	{ "{\"Labels\":{\"org.opencontainers.image.source\":\"\"}}", NULL, LB,
	    ST_FAIL, "config Labels: org.opencontainers.image.source is "
	    "empty", NULL },
	{ "{\"ExposedPorts\":{\"22/tcp\":{}}}", NULL, PT, ST_FAIL,
	    "config ExposedPorts has forbidden port 22/tcp", NULL },
	{ "{\"ExposedPorts\":{\"8080/tcp\":{}}}", NULL, PT, ST_PASS,
	    "config ExposedPorts: 8080/tcp (none forbidden)", NULL },
	{ "{}", NULL, PT, ST_PASS, "config ExposedPorts: none", NULL },
	{ "{\"ExposedPorts\":{\"53/udp\":{}}}", NULL,
	    "{check: ports, forbidden: [53/tcp]}", ST_PASS,
	    "config ExposedPorts: 53/udp (none forbidden)", NULL },
	{ "{\"ExposedPorts\":{\"53/udp\":{}}}", NULL,
	    "{check: ports, forbidden: [53]}", ST_FAIL,
	    "forbidden port 53/udp", NULL },
	{ "{\"Entrypoint\":[\"/bin/httpd\",\"-f\"],\"Cmd\":[\"-p\",\"80\"]}",
	    NULL, "{check: entrypoint}", ST_PASS, "runs \"/bin/httpd -f -p "
	    "80\" (Entrypoint [\"/bin/httpd\", \"-f\"], Cmd [\"-p\", \"80\"])",
	    NULL },
	{ "{}", NULL, "{check: entrypoint}", ST_FAIL,
	    "config has no Entrypoint or Cmd", NULL },
	{ "{\"Cmd\":[\"/bin/sh\",\"-c\",\"x\"]}", NULL,
	    "{check: entrypoint, expect: {not_matches: \"^/bin/sh\"}}",
	    ST_FAIL, "runs \"/bin/sh -c x\"", NULL },
};

START_TEST(test_image_config_labels_ports_entrypoint)
{
	run_case(&config_cases[_i]);
}
END_TEST

#define HP "{check: history_patterns}"
static const struct icase history_cases[] = {
	{ "{}", HE("/bin/sh -c curl -fsSL http://x/i.sh | sh"), HP, ST_FAIL,
	    "history[1] (no layer): created_by matches", NULL },
	{ "{}", HE("/bin/sh -c wget -qO- http://x/i.sh | bash"), HP, ST_FAIL,
	    "/bin/sh -c wget -qO- http://x/i.sh | bash", NULL },
	{ "{}", HE("/bin/sh -c apt-get update && apt-get install -y curl"),
	    HP, ST_PASS, "none of 2 history entries matches the 5 forbidden "
	    "patterns", NULL },
	{ "{}", HE("/bin/sh -c apt-get -q update"), HP, ST_FAIL,
	    "history[1] (no layer): created_by matches", NULL },
	{ "{}", HE("ADD https://example.com/x.tgz /x # buildkit"), HP,
	    ST_FAIL, "ADD https://example.com/x.tgz", NULL },
	{ "{}", HE("/bin/sh -c sudo make install"), HP, ST_FAIL,
	    "\\bsudo\\s", NULL },
	{ "{}", HE("/bin/sh -c chmod 777 /x"),
	    "{check: history_patterns, forbidden: [\"\\\\bchmod 777\\\\b\"]}",
	    ST_FAIL, "created_by matches \"\\bchmod 777\\b\": /bin/sh -c "
	    "chmod 777 /x", NULL },
	/* a line holding a key is not quoted */
	{ "{}", HE("/bin/sh -c curl x | sh && echo '" PEM_BEGIN "' >/k"), HP,
	    ST_FAIL, "created_by matches \"\\bcurl\\b[^|;&]*\\|"
	    "\\s*(sudo\\s+)?(ba|da|z)?sh\\b\": command line not shown: it "
	    "holds what looks like a private key", "BEGIN RSA" },
	/* a long line is cut, control characters blanked */
	{ "{}", HE("/bin/sh -c curl x | sh\\n\\t# "
	    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	    "zzzz"), HP, ST_FAIL, "curl x | sh  # aaaa", "zzzz" },
};

START_TEST(test_image_history_patterns_quote_the_step)
{
	run_case(&history_cases[_i]);
}
END_TEST

START_TEST(test_image_annotation_on_the_manifest)
{
	static const struct {
		const char	*annotations;
		const char	*args;
		enum status	 st;
		const char	*needle;
	} rows[] = {
		{ "{\"com.example.k\":\"v\"}", "{check: annotation, key: "
		    "com.example.k, value: v}", ST_PASS,
		    "manifest annotation com.example.k = \"v\"" },
		{ "{\"com.example.k\":\"v\"}", "{check: annotation, key: "
		    "com.example.k}", ST_PASS,
		    "manifest annotation com.example.k = \"v\"" },
		{ "{\"com.example.k\":\"v\"}", "{check: annotation, key: "
		    "com.example.k, value: w}", ST_FAIL,
		    "manifest annotation com.example.k = \"v\"" },
		{ NULL, "{check: annotation, key: com.example.k}", ST_FAIL,
		    "manifest has no annotation com.example.k" },
	};
	struct evlist ev;

	for (int i = 0; i < NITEMS(rows); i++) {
		tu_rmtree(tu_root);
		free(tu_root);
		tu_root_setup();
		mkimage("{}", NULL, rows[i].annotations, NULL);
		ck_assert_int_eq(run(rows[i].args, &ev), rows[i].st);
		ck_assert_msg(tu_ev_has(&ev, rows[i].needle), "row %d", i);
		evlist_release(&ev);
	}
}
END_TEST

/* A key written in layer 1 and deleted in layer 2 is still in layer 1. */
static const struct tfile key_layer[] = {
	{ "root", NULL, 0700 },
	{ "root/.ssh", NULL, 0700 },
	{ "root/.ssh/id_rsa", "assay test, not a key\n", 0600 },
	{ "etc/motd", "hello\n", 0644 },
	{ "notes.txt", "todo\n", 0644 },
	{ NULL, NULL, 0 },
};
static const struct tfile delete_layer[] = {
	{ "root/.ssh/.wh.id_rsa", "", 0644 },
	{ "etc/motd", "hello again\n", 0644 },
	{ ".wh.notes.txt", "", 0644 },
	{ NULL, NULL, 0 },
};
static const struct tfile *const key_then_delete[] = {
	key_layer, delete_layer, NULL
};
#define KEY_HISTORY "[" H0 ",{\"created_by\":\"/bin/sh -c ssh-keygen -f " \
	"/root/.ssh/id_rsa\"},{\"created_by\":\"/bin/sh -c rm " \
	"/root/.ssh/id_rsa\"}]"

START_TEST(test_image_hidden_files_finds_deleted_secrets)
{
	struct evlist ev;

	mkimage("{}", KEY_HISTORY, NULL, key_then_delete);
	ck_assert_int_eq(run("{check: hidden_files}", &ev), ST_FAIL);
	ck_assert_uint_eq(ev.n, 1);
	ck_assert_str_eq(ev.v[0].path, "/root/.ssh/id_rsa");
	ck_assert_str_eq(ev.v[0].message, "file in layer 1 (/bin/sh -c "
	    "ssh-keygen -f /root/.ssh/id_rsa) is deleted or replaced by a "
	    "later layer but still in the image");
	ck_assert_str_eq(ev.v[0].found, "id_rsa");
	evlist_release(&ev);

	/* the replaced /etc/motd and deleted notes.txt are not secrets */
	ck_assert_int_eq(run("{check: hidden_files, name: [id_dsa]}", &ev),
	    ST_PASS);
	ck_assert(tu_ev_has(&ev, "no hidden file matches the 1 secret file "
	    "names (3 hidden entries examined)"));
	evlist_release(&ev);

	ck_assert_int_eq(run("{check: hidden_files, name: [\"*.txt\"]}", &ev),
	    ST_FAIL);
	ck_assert_str_eq(ev.v[0].path, "/notes.txt");
	evlist_release(&ev);
}
END_TEST

START_TEST(test_image_hidden_files_passes_without_hidden_files)
{
	struct evlist ev;

	mkimage("{}", NULL, NULL, NULL);
	ck_assert_int_eq(run("{check: hidden_files}", &ev), ST_PASS);
	ck_assert(tu_ev_has(&ev, "(0 hidden entries examined)"));
	evlist_release(&ev);
}
END_TEST

static const char *const every_check[] = {
	"{check: annotation, key: k}",
	"{check: entrypoint}",
	"{check: env_secrets}",
	"{check: healthcheck}",
	"{check: hidden_files}",
	"{check: history_patterns}",
	"{check: labels, required: [a]}",
	"{check: ports}",
	"{check: user_not_root}",
};

START_TEST(test_image_notapplicable_on_a_directory)
{
	struct evlist ev;

	tu_write(tu_root, "etc/passwd", "root:x:0:0:root:/root:/bin/sh\n",
	    0644);
	ck_assert_int_eq(run(every_check[_i], &ev), ST_NOTAPPLICABLE);
	ck_assert_uint_eq(ev.n, 1);
	ck_assert_str_eq(ev.v[0].message, "not an image target (dir)");
	evlist_release(&ev);
}
END_TEST

static const struct {
	const char	*args;
	const char	*msg;
} bad_args[] = {
	{ "{}", "test.yaml:1:1: missing required key \"check\" in image" },
	{ "{check: nope}", "test.yaml:1:9: check: expected annotation, "
	    "entrypoint, env_secrets, healthcheck, hidden_files, "
	    "history_patterns, labels, ports or user_not_root, got \"nope\"" },
	{ "{check: healthcheck, bogus: 1}",
	    "test.yaml:1:22: unknown key \"bogus\" in image" },
	{ "{check: healthcheck, required: [a]}",
	    "test.yaml:1:32: required: not used by check \"healthcheck\"" },
	{ "{check: labels}", "test.yaml:1:1: missing required key \"required\""
	    " in image check \"labels\"" },
	{ "{check: labels, required: []}",
	    "test.yaml:1:27: required: expected at least one item" },
	{ "{check: ports, forbidden: [22, 99999]}", "test.yaml:1:32: "
	    "forbidden: expected a port (1-65535, optionally /tcp, /udp or "
	    "/sctp), got \"99999\"" },
	{ "{check: ports, forbidden: [22/http]}", "test.yaml:1:28: "
	    "forbidden: expected a port (1-65535, optionally /tcp, /udp or "
	    "/sctp), got \"22/http\"" },
	{ "{check: history_patterns, forbidden: [a, \"(\"]}",
	    "test.yaml:1:42: forbidden: invalid regex at offset 1: missing "
	    "closing parenthesis" },
	{ "{check: env_secrets, pattern: \"[\"}", "test.yaml:1:31: pattern: "
	    "invalid regex at offset 1: missing terminating ] for character "
	    "class" },
	{ "{check: env_secrets, values: maybe}",
	    "test.yaml:1:30: values: expected true or false, got \"maybe\"" },
	{ "{check: annotation}",
	    "test.yaml:1:1: missing required key \"key\" in image" },
	{ "{check: entrypoint, expect: {bogus: 1}}",
	    "test.yaml:1:30: unknown key \"bogus\" in expect" },
};

START_TEST(test_image_bad_args_name_position)
{
	char *err = NULL;

	ck_assert_int_eq(tu_probe_compile("image", bad_args[_i].args, &err),
	    -1);
	ck_assert_str_eq(err, bad_args[_i].msg);
	free(err);
}
END_TEST

static Suite *
image_suite(void)
{
	Suite *s = suite_create("probe_image");
	TCase *tc = tcase_create("image");

	tcase_add_checked_fixture(tc, tu_root_setup, tu_root_teardown);
	tcase_add_loop_test(tc,
	    test_image_user_not_root_resolves_names_in_the_image, 0,
	    NITEMS(user_cases));
	tcase_add_loop_test(tc, test_image_healthcheck_present_and_not_none,
	    0, NITEMS(healthcheck_cases));
	tcase_add_loop_test(tc, test_image_env_secrets_found_and_never_printed,
	    0, NITEMS(env_cases));
	tcase_add_test(tc, test_image_env_secrets_reports_a_history_value_once);
	tcase_add_loop_test(tc, test_image_config_labels_ports_entrypoint, 0,
	    NITEMS(config_cases));
	tcase_add_loop_test(tc, test_image_history_patterns_quote_the_step, 0,
	    NITEMS(history_cases));
	tcase_add_test(tc, test_image_annotation_on_the_manifest);
	tcase_add_test(tc, test_image_hidden_files_finds_deleted_secrets);
	tcase_add_test(tc, test_image_hidden_files_passes_without_hidden_files);
	tcase_add_loop_test(tc, test_image_notapplicable_on_a_directory, 0,
	    NITEMS(every_check));
	tcase_add_loop_test(tc, test_image_bad_args_name_position, 0,
	    NITEMS(bad_args));
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return tu_run_suite(image_suite());
}
