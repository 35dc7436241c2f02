/*
 * registry_http.c -- the registry target's HTTP client: libcurl (HTTP/1.1
 * and HTTP/2, proxies from the environment as curl reads them), the
 * authentication flows of the distribution spec, TLS and retries.
 *
 * Authentication follows the distribution token spec (docs/spec/auth/
 * token.md of distribution 2.8) as docker and containers/image do: a
 * request goes out anonymous; a 401 with "Bearer realm=..,service=..,
 * scope=.." sends us to the realm for a token (with the user's basic
 * credentials when it has some), kept for the run per scope and fetched
 * again when a request made with it gets a 401; a 401 with "Basic" is
 * answered with the credentials (registry.h: the files podman reads).
 * Credentials and tokens go to libcurl's own auth options (CURLOPT_
 * USERNAME/PASSWORD, CURLOPT_XOAUTH2_BEARER), which libcurl never sends
 * to another host when it follows a redirect (blob storage); they never
 * appear in a message.
 *
 * Retries: 429, 502, 503 and 504, and a connection reset or closed
 * before the response, are tried again after 0.5 s, 1 s, 2 s, 4 s (or
 * the Retry-After the server sent, at most RETRY_AFTER_MAX), at most
 * RETRY_MAX times and RETRY_SLEEP_MAX seconds of waiting in all. A body
 * cut short is not retried: the blob's bytes were already consumed.
 *
 * Blobs are streamed with the multi interface: the write callback keeps
 * at most one chunk and pauses the transfer until the layer reader has
 * taken it, so no layer touches the disk and memory stays bounded.
 */
#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <curl/curl.h>
#include <jansson.h>
#include <openssl/crypto.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>

#include "assay/hostfile.h"
#include "assay/strbuf.h"
#include "assay/xmem.h"
#include "curl_dl.h"
#include "registry_private.h"

#define RETRY_MAX		4
#define RETRY_SLEEP_MAX		60	/* seconds, over all retries */
#define RETRY_AFTER_MAX		30	/* seconds, one Retry-After */
/* An error body, a token response: real ones are under 4 KB. */
#define SMALL_BODY_MAX		(64u << 10)
/* A stream holds at most this much (plus the one callback's worth that
 * would pass it, which libcurl keeps while paused) before the layer
 * reader takes it; libcurl's receive buffer is as large. */
#define STREAM_BUF		(64u << 10)
/* Certificates and keys read from --cert-dir, each. */
#define CERT_FILE_MAX		(1u << 20)
#define CERT_FILES_MAX		64
#define DEFAULT_TIMEOUT		30	/* seconds without a byte */
#define REDIRS_MAX		5

struct reg_http {
	const struct registry_ref *ref;
	char		*scheme;	/* "https" or "http" */
	bool		 insecure_ok;	/* loopback, no TLS check */
	bool		 tls_verify;
	long		 timeout;
	char		*user;
	char		*secret;
	bool		 use_basic;	/* the registry asked Basic */
	char		*token;		/* bearer token, scope: */
	char		*token_scope;
	char		*cas;		/* PEM of --cert-dir's *.crt */
	size_t		 caslen;
	char		*cli_cert;	/* --cert-dir's *.cert, *.key */
	size_t		 cli_certlen;
	char		*cli_key;
	size_t		 cli_keylen;
	CURL		*easy;
	CURLM		*multi;
	char		 cerr[CURL_ERROR_SIZE];
	char		 err[512];
};

/* One transfer. */
struct xfer {
	struct reg_http	*h;
	struct curl_slist *hdrs;
	long		 status;
	bool		 got_status;
	bool		 ok;		/* 2xx: body is payload */
	bool		 done;
	bool		 paused;
	bool		 overcap;
	CURLcode	 result;
	size_t		 cap;		/* payload bytes, at most */
	struct strbuf	 body;		/* payload, or a chunk */
	struct strbuf	 ebody;		/* an error's body */
	char		*www_auth;	/* Bearer preferred over Basic */
	char		*ctype;
	bool		 stream;
	uint64_t	 handed;	/* stream bytes handed out */
};

struct reg_stream {
	struct xfer	 x;
	char		*digest;
	struct strbuf	 chunk;		/* the last pull's */
};

static void
set_err(struct reg_http *h, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
set_err(struct reg_http *h, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(h->err, sizeof(h->err), fmt, ap);
	va_end(ap);
}

const char *
reg_http_err(const struct reg_http *h)
{
	return h->err;
}

const char *
reg_http_scheme(const struct reg_http *h)
{
	return h->scheme;
}

/* localhost or 127.0.0.0/8, with or without a port */
static bool
is_loopback(const char *host)
{
	size_t n = strcspn(host, ":");
	unsigned a, b, c, d;
	char tail;

	if (n == 9 && strncmp(host, "localhost", 9) == 0)
		return true;
	if (strncmp(host, "127.", 4) != 0)
		return false;
	if (sscanf(host, "%u.%u.%u.%u%c", &a, &b, &c, &d, &tail) < 4)
		return false;
	return b < 256 && c < 256 && d < 256 && (host[n] == '\0' ||
	    host[n] == ':');
}

static bool
has_suffix(const char *s, const char *suf)
{
	size_t n = strlen(s);
	size_t m = strlen(suf);

	return n >= m && strcmp(s + n - m, suf) == 0;
}

/* --cert-dir DIR as skopeo reads it (containers-certs.d(5)): every
 * *.crt a CA added to the system's, a *.cert with the *.key of the same
 * name a client certificate. */
static int
load_cert_dir(struct reg_http *h, const char *dir)
{
	struct hostfile_dir *dh = hostfile_opendir(dir);
	struct strbuf cas = STRBUF_INIT;
	const char *name;
	size_t nfiles = 0;
	int rc = 0;

	if (dh == NULL) {
		set_err(h, "--cert-dir %s: %s", dir, diag_errno(errno));
		return -1;
	}
	while (rc == 0 && (name = hostfile_readdir(dh)) != NULL) {
		bool crt = has_suffix(name, ".crt");
		bool cert = has_suffix(name, ".cert");
		char *path;
		char *data;
		size_t len;

		if (!crt && !cert)
			continue;
		if (++nfiles > CERT_FILES_MAX) {
			set_err(h, "--cert-dir %s: more than %d certificate "
			    "files", dir, CERT_FILES_MAX);
			rc = -1;
			break;
		}
		path = xasprintf("%s/%s", dir, name);
		if (hostfile_read(path, CERT_FILE_MAX, true, &data, &len) !=
		    HOSTFILE_OK) {
			set_err(h, "--cert-dir: %s: cannot be read", path);
			free(path);
			rc = -1;
			break;
		}
		if (crt) {
			strbuf_add(&cas, data, len);
			strbuf_addch(&cas, '\n');
			free(data);
		} else if (h->cli_cert == NULL) {
			char *key = xasprintf("%.*s.key", (int)(strlen(path) -
			    5), path);

			h->cli_cert = data;
			h->cli_certlen = len;
			if (hostfile_read(key, CERT_FILE_MAX, true,
			    &h->cli_key, &h->cli_keylen) != HOSTFILE_OK) {
				set_err(h, "--cert-dir: %s has no readable "
				    "%s", path, key);
				rc = -1;
			}
			free(key);
		} else {
			free(data);
		}
		free(path);
	}
	hostfile_closedir(dh);
	if (cas.len > 0) {
		h->caslen = cas.len;
		h->cas = strbuf_detach(&cas);
	}
	strbuf_release(&cas);
	return rc;
}

/* libcurl (OpenSSL) built the context with the system's trust store:
 * add --cert-dir's CAs to it. */
static CURLcode
ssl_ctx_cb(CURL *curl, void *sslctx, void *arg)
{
	struct reg_http *h = arg;
	X509_STORE *st = SSL_CTX_get_cert_store(sslctx);
	BIO *bio = BIO_new_mem_buf(h->cas, (int)h->caslen);
	X509 *x;
	size_t n = 0;

	(void)curl;
	if (bio == NULL)
		return CURLE_OUT_OF_MEMORY;
	while ((x = PEM_read_bio_X509(bio, NULL, NULL, NULL)) != NULL) {
		X509_STORE_add_cert(st, x);
		X509_free(x);
		n++;
	}
	BIO_free(bio);
	return n > 0 ? CURLE_OK : CURLE_SSL_CACERT_BADFILE;
}

struct reg_http *
reg_http_new(const struct registry_ref *ref, const struct target_opts *o,
    char *err, size_t errlen)
{
	struct reg_http *h;
	int rc;

	if (curl_dl_load(err, errlen) != 0)
		return NULL;
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
		snprintf(err, errlen, "libcurl cannot be initialised");
		return NULL;
	}
	h = xcalloc(1, sizeof(*h));
	h->ref = ref;
	h->scheme = xstrdup("https");
	h->tls_verify = o == NULL || !o->tls_no_verify;
	h->insecure_ok = !h->tls_verify || is_loopback(ref->api_host);
	h->timeout = o != NULL && o->timeout > 0 ? (long)o->timeout :
	    DEFAULT_TIMEOUT;
	rc = registry_auth_lookup(ref->host, &h->user, &h->secret, err,
	    errlen);
	if (rc >= 0 && o != NULL && o->cert_dir != NULL &&
	    load_cert_dir(h, o->cert_dir) != 0) {
		snprintf(err, errlen, "%s", h->err);
		rc = -1;
	}
	h->easy = curl_easy_init();
	h->multi = curl_multi_init();
	if (rc >= 0 && (h->easy == NULL || h->multi == NULL)) {
		snprintf(err, errlen, "libcurl cannot be initialised");
		rc = -1;
	}
	if (rc < 0) {
		reg_http_free(h);
		return NULL;
	}
	return h;
}

static void
wipe_free(char *s, size_t n)
{
	if (s != NULL)
		OPENSSL_cleanse(s, n != 0 ? n : strlen(s));
	free(s);
}

void
reg_http_free(struct reg_http *h)
{
	if (h == NULL)
		return;
	if (h->easy != NULL)
		curl_easy_cleanup(h->easy);
	if (h->multi != NULL)
		curl_multi_cleanup(h->multi);
	wipe_free(h->user, 0);
	wipe_free(h->secret, 0);
	wipe_free(h->token, 0);
	free(h->token_scope);
	free(h->cas);
	free(h->cli_cert);
	wipe_free(h->cli_key, h->cli_keylen);
	free(h->scheme);
	free(h);
	curl_global_cleanup();
}

static size_t
header_cb(char *p, size_t size, size_t n, void *arg)
{
	struct xfer *x = arg;
	size_t len = size * n;
	size_t k;

	/* a new response (after a redirect or 100): forget the last's */
	if (len >= 5 && strncmp(p, "HTTP/", 5) == 0) {
		free(x->www_auth);
		free(x->ctype);
		x->www_auth = NULL;
		x->ctype = NULL;
		return len;
	}
	k = strcspn(p, ":");
	if (k >= len || len > 8192)
		return len;
	if (k == 16 && strncasecmp(p, "WWW-Authenticate", 16) == 0) {
		char *v = xstrndup(p + 17, len - 17);

		v[strcspn(v, "\r\n")] = '\0';
		/* keep a Bearer challenge over a Basic one */
		if (x->www_auth == NULL || strncasecmp(v + strspn(v, " "),
		    "bearer", 6) == 0) {
			free(x->www_auth);
			x->www_auth = v;
		} else {
			free(v);
		}
	} else if (k == 12 && strncasecmp(p, "Content-Type", 12) == 0) {
		char *v = xstrndup(p + 13, len - 13);
		char *s = v + strspn(v, " \t");

		s[strcspn(s, ";\r\n \t")] = '\0';
		free(x->ctype);
		x->ctype = xstrdup(s);
		free(v);
	}
	return len;
}

static size_t
write_cb(char *p, size_t size, size_t n, void *arg)
{
	struct xfer *x = arg;
	size_t len = size * n;

	if (!x->got_status) {
		curl_easy_getinfo(x->h->easy, CURLINFO_RESPONSE_CODE,
		    &x->status);
		x->got_status = true;
		x->ok = x->status >= 200 && x->status < 300;
	}
	if (!x->ok) {
		if (x->ebody.len + len <= SMALL_BODY_MAX)
			strbuf_add(&x->ebody, p, len);
		return len;
	}
	if (x->stream) {
		if (x->body.len > 0 && x->body.len + len > STREAM_BUF) {
			x->paused = true;
			return CURL_WRITEFUNC_PAUSE;
		}
		strbuf_add(&x->body, p, len);
		return len;
	}
	if (x->body.len + len > x->cap) {
		x->overcap = true;
		return 0;
	}
	strbuf_add(&x->body, p, len);
	return len;
}

static void
xfer_reset(struct xfer *x)
{
	curl_slist_free_all(x->hdrs);
	x->hdrs = NULL;
	free(x->www_auth);
	free(x->ctype);
	x->www_auth = NULL;
	x->ctype = NULL;
	strbuf_reset(&x->body);
	strbuf_reset(&x->ebody);
	x->status = 0;
	x->got_status = false;
	x->ok = false;
	x->done = false;
	x->paused = false;
	x->overcap = false;
	x->result = CURLE_OK;
	x->handed = 0;
}

static void
xfer_release(struct xfer *x)
{
	xfer_reset(x);
	strbuf_release(&x->body);
	strbuf_release(&x->ebody);
}

/* The options every request of H shares. */
static void
easy_common(struct reg_http *h, CURL *e)
{
	curl_easy_setopt(e, CURLOPT_ERRORBUFFER, h->cerr);
	curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, 1L);
	curl_easy_setopt(e, CURLOPT_MAXREDIRS, (long)REDIRS_MAX);
	curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(e, CURLOPT_REDIR_PROTOCOLS_STR, h->insecure_ok ?
	    "http,https" : "https");
	/* credentials stay with the host they were given for (this is
	 * libcurl's default; said here because it matters) */
	curl_easy_setopt(e, CURLOPT_UNRESTRICTED_AUTH, 0L);
	curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT, h->timeout);
	curl_easy_setopt(e, CURLOPT_LOW_SPEED_LIMIT, 1L);
	curl_easy_setopt(e, CURLOPT_LOW_SPEED_TIME, h->timeout);
	curl_easy_setopt(e, CURLOPT_USERAGENT, "assay/" PACKAGE_VERSION);
	curl_easy_setopt(e, CURLOPT_SSL_VERIFYPEER, h->tls_verify ? 1L : 0L);
	curl_easy_setopt(e, CURLOPT_SSL_VERIFYHOST, h->tls_verify ? 2L : 0L);
	if (h->cas != NULL) {
		curl_easy_setopt(e, CURLOPT_SSL_CTX_FUNCTION, ssl_ctx_cb);
		curl_easy_setopt(e, CURLOPT_SSL_CTX_DATA, h);
	}
	if (h->cli_cert != NULL) {
		struct curl_blob cb = { h->cli_cert, h->cli_certlen,
		    CURL_BLOB_COPY };
		struct curl_blob kb = { h->cli_key, h->cli_keylen,
		    CURL_BLOB_COPY };

		curl_easy_setopt(e, CURLOPT_SSLCERT_BLOB, &cb);
		curl_easy_setopt(e, CURLOPT_SSLKEY_BLOB, &kb);
	}
}

/* Start X: GET URL with ACCEPT, on H's handle in its multi stack. */
static void
xfer_start(struct xfer *x, const char *url, const char *accept)
{
	struct reg_http *h = x->h;
	CURL *e = h->easy;

	curl_easy_reset(e);
	easy_common(h, e);
	curl_easy_setopt(e, CURLOPT_URL, url);
	curl_easy_setopt(e, CURLOPT_BUFFERSIZE, (long)STREAM_BUF);
	if (accept != NULL) {
		char *a = xasprintf("Accept: %s", accept);

		x->hdrs = curl_slist_append(x->hdrs, a);
		free(a);
	}
	curl_easy_setopt(e, CURLOPT_HTTPHEADER, x->hdrs);
	curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, header_cb);
	curl_easy_setopt(e, CURLOPT_HEADERDATA, x);
	curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, write_cb);
	curl_easy_setopt(e, CURLOPT_WRITEDATA, x);
	if (h->token != NULL) {
		curl_easy_setopt(e, CURLOPT_HTTPAUTH, CURLAUTH_BEARER);
		curl_easy_setopt(e, CURLOPT_XOAUTH2_BEARER, h->token);
	} else if (h->use_basic && h->user != NULL) {
		curl_easy_setopt(e, CURLOPT_HTTPAUTH, CURLAUTH_BASIC);
		curl_easy_setopt(e, CURLOPT_USERNAME, h->user);
		curl_easy_setopt(e, CURLOPT_PASSWORD, h->secret);
	}
	h->cerr[0] = '\0';
	curl_multi_add_handle(h->multi, e);
}

/* Run X until it has body bytes to hand out (a stream) or is done. */
static void
xfer_run(struct xfer *x)
{
	struct reg_http *h = x->h;

	while (!x->done && !(x->stream && x->body.len > 0)) {
		int running = 0;
		CURLMsg *msg;
		int left;

		if (curl_multi_perform(h->multi, &running) != CURLM_OK) {
			x->result = CURLE_OUT_OF_MEMORY;
			x->done = true;
			break;
		}
		while ((msg = curl_multi_info_read(h->multi, &left)) != NULL)
			if (msg->msg == CURLMSG_DONE) {
				x->result = msg->data.result;
				x->done = true;
			}
		if (x->done) {
			curl_multi_remove_handle(h->multi, h->easy);
			if (!x->got_status) {
				curl_easy_getinfo(h->easy,
				    CURLINFO_RESPONSE_CODE, &x->status);
				x->got_status = true;
				x->ok = x->status >= 200 && x->status < 300;
			}
			break;
		}
		if (x->stream && x->body.len > 0)
			break;
		curl_multi_poll(h->multi, NULL, 0, 1000, NULL);
	}
}

/* Abort X if it is still under way. */
static void
xfer_abort(struct xfer *x)
{
	if (!x->done) {
		curl_multi_remove_handle(x->h->multi, x->h->easy);
		x->done = true;
	}
}

/* The message of a registry error body ({"errors":[{"code","message"}]})
 * into B, when there is one. */
static void
error_body(const struct xfer *x, struct strbuf *b)
{
	json_t *j = json_loadb(x->ebody.buf != NULL ? x->ebody.buf : "",
	    x->ebody.len, 0, NULL);
	json_t *e = json_array_get(json_object_get(j, "errors"), 0);
	const char *code = json_string_value(json_object_get(e, "code"));
	const char *msg = json_string_value(json_object_get(e, "message"));

	if (code != NULL || msg != NULL) {
		char *q = diag_quote(msg != NULL ? msg : "", 120);

		strbuf_addf(b, " (%s%s%s)", code != NULL ? code : "",
		    code != NULL && msg != NULL ? ": " : "", msg != NULL ? q :
		    "");
		free(q);
	}
	json_decref(j);
}

static const char *
status_text(long st)
{
	switch (st) {
	case 400: return "bad request";
	case 401: return "unauthorized";
	case 403: return "forbidden";
	case 404: return "not found";
	case 405: return "method not allowed";
	case 429: return "too many requests";
	case 500: return "internal server error";
	case 502: return "bad gateway";
	case 503: return "service unavailable";
	case 504: return "gateway timeout";
	default: return "unexpected status";
	}
}

static bool
is_retry_status(long st)
{
	return st == 429 || st == 502 || st == 503 || st == 504;
}

static bool
is_retry_curl(CURLcode r)
{
	return r == CURLE_RECV_ERROR || r == CURLE_SEND_ERROR ||
	    r == CURLE_GOT_NOTHING || r == CURLE_HTTP2 ||
	    r == CURLE_HTTP2_STREAM;
}

static bool
is_tls_curl(CURLcode r)
{
	return r == CURLE_SSL_CONNECT_ERROR ||
	    r == CURLE_PEER_FAILED_VERIFICATION ||
	    r == CURLE_SSL_CACERT_BADFILE || r == CURLE_SSL_CERTPROBLEM ||
	    r == CURLE_SSL_CIPHER || r == CURLE_SSL_ISSUER_ERROR;
}

/* libcurl's words for a failed transfer X. */
static const char *
curl_why(const struct xfer *x)
{
	return x->h->cerr[0] != '\0' ? x->h->cerr :
	    curl_easy_strerror(x->result);
}

static void
sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
		continue;
}

/* URL-escape S onto B. */
static void
add_escaped(struct strbuf *b, const char *s)
{
	for (; *s != '\0'; s++) {
		unsigned char c = (unsigned char)*s;

		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || strchr("-._~:", c) != NULL)
			strbuf_addch(b, c);
		else
			strbuf_addf(b, "%%%02X", c);
	}
}

static size_t
small_write_cb(char *p, size_t size, size_t n, void *arg)
{
	struct strbuf *b = arg;
	size_t len = size * n;

	if (b->len + len > SMALL_BODY_MAX)
		return 0;
	strbuf_add(b, p, len);
	return len;
}

/* A bearer token for challenge CH from its realm (with the user's
 * credentials when there are some). 0, or -1 with h->err. */
static int
fetch_token(struct reg_http *h, const struct registry_challenge *ch,
    const char *scope)
{
	struct strbuf url = STRBUF_INIT;
	struct strbuf body = STRBUF_INIT;
	CURL *e;
	CURLcode r;
	long st = 0;
	json_t *j;
	const char *tok;
	int rc = -1;

	if (ch->realm == NULL) {
		set_err(h, "the registry asks for a bearer token without "
		    "naming a realm");
		return -1;
	}
	if (strncmp(ch->realm, "https://", 8) != 0 && !(strncmp(ch->realm,
	    "http://", 7) == 0 && h->insecure_ok)) {
		char *q = diag_quote(ch->realm, 120);

		set_err(h, "token realm %s is not https (plain http only for "
		    "localhost or with --tls-verify=false)", q);
		free(q);
		return -1;
	}
	strbuf_addstr(&url, ch->realm);
	strbuf_addch(&url, strchr(ch->realm, '?') != NULL ? '&' : '?');
	if (ch->service != NULL) {
		strbuf_addstr(&url, "service=");
		add_escaped(&url, ch->service);
		strbuf_addch(&url, '&');
	}
	strbuf_addstr(&url, "scope=");
	add_escaped(&url, scope);
	e = curl_easy_init();
	if (e == NULL) {
		strbuf_release(&url);
		set_err(h, "libcurl cannot be initialised");
		return -1;
	}
	easy_common(h, e);
	curl_easy_setopt(e, CURLOPT_URL, url.buf);
	curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, small_write_cb);
	curl_easy_setopt(e, CURLOPT_WRITEDATA, &body);
	if (h->user != NULL) {
		curl_easy_setopt(e, CURLOPT_HTTPAUTH, CURLAUTH_BASIC);
		curl_easy_setopt(e, CURLOPT_USERNAME, h->user);
		curl_easy_setopt(e, CURLOPT_PASSWORD, h->secret);
	}
	h->cerr[0] = '\0';
	r = curl_easy_perform(e);
	curl_easy_getinfo(e, CURLINFO_RESPONSE_CODE, &st);
	curl_easy_cleanup(e);
	strbuf_release(&url);
	if (r != CURLE_OK) {
		set_err(h, "token server: %s", h->cerr[0] != '\0' ? h->cerr :
		    curl_easy_strerror(r));
		goto out;
	}
	if (st != 200) {
		set_err(h, "token server: HTTP %ld %s%s", st, status_text(st),
		    st == 401 || st == 403 ? (h->user != NULL ? " (wrong "
		    "credentials?)" : " (no credentials for this registry)")
		    : "");
		goto out;
	}
	j = json_loadb(body.buf != NULL ? body.buf : "", body.len, 0, NULL);
	tok = json_string_value(json_object_get(j, "token"));
	if (tok == NULL)
		tok = json_string_value(json_object_get(j, "access_token"));
	if (tok == NULL || tok[0] == '\0' || strpbrk(tok, "\r\n") != NULL) {
		set_err(h, "token server: the answer holds no token");
	} else {
		wipe_free(h->token, 0);
		free(h->token_scope);
		h->token = xstrdup(tok);
		h->token_scope = xstrdup(scope);
		rc = 0;
	}
	json_decref(j);
out:
	if (body.buf != NULL)
		OPENSSL_cleanse(body.buf, body.len);
	strbuf_release(&body);
	return rc;
}

/* X got a 401: set up what the challenge asks for. 0 to try again, -1
 * with h->err. TRIED_TOKEN: a token was already fetched for this
 * request; TRIED_BASIC: credentials were sent. */
static int
answer_401(struct xfer *x, bool *tried_token, bool *tried_basic)
{
	struct reg_http *h = x->h;
	struct registry_challenge ch;
	struct strbuf why = STRBUF_INIT;
	char *scope;
	int rc = -1;

	error_body(x, &why);
	if (x->www_auth == NULL || registry_challenge_parse(x->www_auth,
	    &ch) != 0) {
		set_err(h, "HTTP 401 unauthorized%s without a usable "
		    "WWW-Authenticate challenge", why.len > 0 ? why.buf : "");
		strbuf_release(&why);
		return -1;
	}
	if (strcmp(ch.scheme, "bearer") == 0 && !*tried_token) {
		scope = ch.scope != NULL ? xstrdup(ch.scope) :
		    xasprintf("repository:%s:pull", h->ref->repo);
		*tried_token = true;
		rc = fetch_token(h, &ch, scope);
		free(scope);
	} else if (strcmp(ch.scheme, "basic") == 0 && !*tried_basic &&
	    h->user != NULL) {
		h->use_basic = true;
		*tried_basic = true;
		rc = 0;
	} else if (strcmp(ch.scheme, "basic") == 0 || strcmp(ch.scheme,
	    "bearer") == 0) {
		set_err(h, "HTTP 401 unauthorized%s: %s", why.len > 0 ?
		    why.buf : "", h->user != NULL ? "the credentials were "
		    "refused (wrong user or password?)" : "no credentials for "
		    "this registry in the auth files (REGISTRY_AUTH_FILE, "
		    "containers/auth.json, ~/.docker/config.json)");
	} else {
		char *q = diag_quote(ch.scheme, 40);

		set_err(h, "HTTP 401 unauthorized: unsupported "
		    "authentication scheme %s", q);
		free(q);
	}
	registry_challenge_release(&ch);
	strbuf_release(&why);
	return rc;
}

/* GET PATH ("/v2/...") into X until its payload begins (a stream) or
 * ends: authentication, retries and the fall back to plain HTTP. 0, or
 * -1 with h->err. */
static int
xfer_open(struct xfer *x, const char *path, const char *accept)
{
	struct reg_http *h = x->h;
	bool tried_token = false;
	bool tried_basic = false;
	long slept = 0;
	int tries = 0;

	for (;;) {
		char *url = xasprintf("%s://%s%s", h->scheme,
		    h->ref->api_host, path);
		long wait;

		xfer_reset(x);
		xfer_start(x, url, accept);
		free(url);
		xfer_run(x);
		if (x->ok && (x->stream ? x->body.len > 0 || x->done :
		    x->done) && (x->result == CURLE_OK || x->stream))
			return 0;
		xfer_abort(x);
		if (x->result != CURLE_OK && !x->ok) {
			if (is_tls_curl(x->result) && x->result ==
			    CURLE_SSL_CONNECT_ERROR && h->insecure_ok &&
			    strcmp(h->scheme, "https") == 0) {
				/* an HTTP registry on loopback (or
				 * --tls-verify=false): docker's fall back */
				free(h->scheme);
				h->scheme = xstrdup("http");
				continue;
			}
			if (!is_retry_curl(x->result) || tries >= RETRY_MAX) {
				set_err(h, "%s%s", is_tls_curl(x->result) ?
				    "TLS: " : "", curl_why(x));
				return -1;
			}
			wait = 500L << tries;
		} else if (x->overcap) {
			set_err(h, "more than the %zu-byte cap", x->cap);
			return -1;
		} else if (x->result != CURLE_OK) {
			set_err(h, "%s", curl_why(x));
			return -1;
		} else if (x->status == 401) {
			if (answer_401(x, &tried_token, &tried_basic) != 0)
				return -1;
			continue;
		} else if (is_retry_status(x->status) && tries < RETRY_MAX) {
			curl_off_t ra = 0;

			wait = 500L << tries;
			curl_easy_getinfo(h->easy, CURLINFO_RETRY_AFTER, &ra);
			if (ra > 0)
				wait = (long)(ra > RETRY_AFTER_MAX ?
				    RETRY_AFTER_MAX : ra) * 1000L;
		} else {
			struct strbuf why = STRBUF_INIT;

			error_body(x, &why);
			set_err(h, "HTTP %ld %s%s%s", x->status,
			    status_text(x->status), why.len > 0 ? why.buf : "",
			    tries > 0 ? " (after retries)" : "");
			strbuf_release(&why);
			return -1;
		}
		if (slept + wait > RETRY_SLEEP_MAX * 1000L) {
			set_err(h, "gave up after %d tries in %ld s: %s", tries
			    + 1, slept / 1000, x->result != CURLE_OK ?
			    curl_why(x) : status_text(x->status));
			return -1;
		}
		sleep_ms(wait);
		slept += wait;
		tries++;
	}
}

int
reg_http_get(struct reg_http *h, const char *kind, const char *ref,
    const char *accept, size_t cap, char **body, size_t *len,
    char **ctype)
{
	struct xfer x;
	char *path = xasprintf("/v2/%s/%s/%s", h->ref->repo, kind, ref);
	int rc;

	memset(&x, 0, sizeof(x));
	x.h = h;
	x.cap = cap;
	rc = xfer_open(&x, path, accept);
	free(path);
	if (rc == 0) {
		*len = x.body.len;
		*body = x.body.len > 0 ? strbuf_detach(&x.body) : xstrdup("");
		*ctype = x.ctype;
		x.ctype = NULL;
	}
	xfer_release(&x);
	return rc;
}

struct reg_stream *
reg_stream_open(struct reg_http *h, const char *digest)
{
	struct reg_stream *s = xcalloc(1, sizeof(*s));
	char *path = xasprintf("/v2/%s/blobs/%s", h->ref->repo, digest);

	s->x.h = h;
	s->x.stream = true;
	s->x.cap = STREAM_BUF;
	s->digest = xstrdup(digest);
	if (xfer_open(&s->x, path, NULL) != 0) {
		free(path);
		reg_stream_close(s);
		return NULL;
	}
	free(path);
	return s;
}

ssize_t
reg_stream_pull(void *arg, const void **bufp, char *err, size_t errlen)
{
	struct reg_stream *s = arg;
	struct xfer *x = &s->x;
	size_t n;

	strbuf_reset(&s->chunk);
	if (x->body.len == 0) {
		if (x->paused) {
			x->paused = false;
			curl_easy_pause(x->h->easy, CURLPAUSE_CONT);
		}
		xfer_run(x);
	}
	if (x->body.len == 0) {
		if (x->result != CURLE_OK) {
			snprintf(err, errlen, "registry %s, repository %s: "
			    "blob %.19s: the transfer broke off after %" PRIu64
			    " bytes: %s", x->h->ref->host, x->h->ref->repo,
			    s->digest, x->handed, curl_why(x));
			return -1;
		}
		*bufp = "";
		return 0;
	}
	/* hand out the filled buffer, fill the emptied one */
	{
		struct strbuf t = s->chunk;

		s->chunk = x->body;
		x->body = t;
	}
	n = s->chunk.len;
	x->handed += n;
	*bufp = s->chunk.buf;
	return (ssize_t)n;
}

void
reg_stream_close(struct reg_stream *s)
{
	if (s == NULL)
		return;
	xfer_abort(&s->x);
	xfer_release(&s->x);
	strbuf_release(&s->chunk);
	free(s->digest);
	free(s);
}
