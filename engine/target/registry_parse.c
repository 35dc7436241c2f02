/*
 * registry_parse.c -- what the registry target parses before it talks to
 * a registry: the image reference, WWW-Authenticate challenges and the
 * credential files users already have.
 *
 * References follow github.com/distribution/reference (v0.5, the
 * grammar skopeo 1.9 and podman 4 use through containers/image 5.23):
 * the first component is a registry host when it holds a "." or a ":" or
 * is "localhost"; otherwise the image is on docker.io, where a
 * one-component name is under "library/". Credential files are read in
 * the order of containers-auth.json(5) (containers/image 5.23,
 * pkg/docker/config): $REGISTRY_AUTH_FILE, then
 * ${XDG_RUNTIME_DIR}/containers/auth.json, then
 * ~/.config/containers/auth.json, then docker's ~/.docker/config.json.
 */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <openssl/evp.h>

#include "assay/hostfile.h"
#include "assay/registry.h"
#include "assay/xmem.h"

/* distribution/reference NameTotalLengthMax */
#define REF_NAME_MAX	255
/* distribution/reference: a tag is 1 to 128 characters */
#define REF_TAG_MAX	128
/* A WWW-Authenticate header we parse; real ones are ~200 bytes. */
#define CHALLENGE_MAX	4096
/* A credential file; real ones are a few KB. */
#define AUTH_FILE_MAX	(1u << 20)

static int
ref_fail(char *err, size_t errlen, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int
ref_fail(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
	return -1;
}

static bool
is_alnum_lower(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

/* A path component: [a-z0-9]+ joined by ".", "_", "__" or "-"+. */
static bool
is_path_component(const char *s, size_t n)
{
	size_t i = 0;

	if (n == 0 || !is_alnum_lower((unsigned char)s[0]) ||
	    !is_alnum_lower((unsigned char)s[n - 1]))
		return false;
	while (i < n) {
		if (is_alnum_lower((unsigned char)s[i])) {
			i++;
			continue;
		}
		if (s[i] == '.' || (s[i] == '_' && s[i + 1] != '_')) {
			i++;
		} else if (s[i] == '_') {
			i += 2;
		} else if (s[i] == '-') {
			while (i < n && s[i] == '-')
				i++;
		} else {
			return false;
		}
		if (i >= n || !is_alnum_lower((unsigned char)s[i]))
			return false;
	}
	return true;
}

/* A domain: labels of [A-Za-z0-9-] (not starting or ending with "-")
 * joined by ".", then an optional ":PORT". */
static bool
is_domain(const char *s, size_t n)
{
	const char *colon = memchr(s, ':', n);
	size_t hn = colon != NULL ? (size_t)(colon - s) : n;
	size_t label = 0;

	if (hn == 0)
		return false;
	for (size_t i = 0; i < hn; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == '.') {
			if (label == 0 || s[i - 1] == '-')
				return false;
			label = 0;
		} else if (isalnum(c) || (c == '-' && label > 0)) {
			label++;
		} else {
			return false;
		}
	}
	if (label == 0 || s[hn - 1] == '-')
		return false;
	if (colon != NULL) {
		size_t pn = n - hn - 1;

		if (pn == 0 || pn > 5 || strspn(colon + 1, "0123456789") < pn)
			return false;
	}
	return true;
}

static bool
is_tag(const char *s)
{
	size_t n = strlen(s);

	if (n == 0 || n > REF_TAG_MAX || !(isalnum((unsigned char)s[0]) ||
	    s[0] == '_'))
		return false;
	for (size_t i = 1; i < n; i++)
		if (!isalnum((unsigned char)s[i]) && s[i] != '_' &&
		    s[i] != '.' && s[i] != '-')
			return false;
	return true;
}

void
registry_ref_release(struct registry_ref *r)
{
	free(r->host);
	free(r->api_host);
	free(r->repo);
	free(r->tag);
	free(r->digest);
	memset(r, 0, sizeof(*r));
}

int
registry_ref_parse(const char *s, struct registry_ref *r, char *err,
    size_t errlen)
{
	const char *name;
	const char *at;
	const char *slash;
	const char *colon;
	const char *first_end;
	const char *path;
	size_t nlen;

	memset(r, 0, sizeof(*r));
	if (strncmp(s, "docker://", 9) != 0)
		return ref_fail(err, errlen, "not a docker:// reference");
	name = s + 9;
	at = strchr(name, '@');
	if (at != NULL) {
		const char *dg = at + 1;

		if (strncmp(dg, "sha256:", 7) != 0)
			return ref_fail(err, errlen, "unsupported digest "
			    "\"%.80s\" (only sha256 digests are)", dg);
		if (strlen(dg + 7) != 64 || strspn(dg + 7,
		    "0123456789abcdef") != 64)
			return ref_fail(err, errlen, "malformed digest "
			    "\"%.80s\": expected sha256: and 64 lower-case hex "
			    "digits", dg);
		nlen = (size_t)(at - name);
	} else {
		nlen = strlen(name);
	}
	/* a tag is the ":" part after the last "/" */
	slash = memrchr(name, '/', nlen);
	colon = memchr(slash != NULL ? slash : name, ':', nlen -
	    (size_t)((slash != NULL ? slash : name) - name));
	if (colon != NULL && at != NULL)
		return ref_fail(err, errlen, "a reference with both a tag and "
		    "a digest is not supported (skopeo refuses it too): give "
		    "one");
	if (colon != NULL) {
		char *tag = xstrndup(colon + 1, nlen - (size_t)(colon + 1 -
		    name));

		if (!is_tag(tag)) {
			ref_fail(err, errlen, "malformed tag \"%.140s\"", tag);
			free(tag);
			return -1;
		}
		r->tag = tag;
		nlen = (size_t)(colon - name);
	}
	if (nlen == 0) {
		registry_ref_release(r);
		return ref_fail(err, errlen, "no repository name");
	}
	first_end = memchr(name, '/', nlen);
	path = name;
	if (first_end != NULL) {
		size_t fl = (size_t)(first_end - name);

		if ((memchr(name, '.', fl) != NULL || memchr(name, ':', fl) !=
		    NULL || (fl == 9 && strncmp(name, "localhost", 9) == 0))) {
			if (!is_domain(name, fl)) {
				registry_ref_release(r);
				return ref_fail(err, errlen, "malformed "
				    "registry host \"%.*s\"", (int)(fl > 100 ?
				    100 : fl), name);
			}
			r->host = xstrndup(name, fl);
			path = first_end + 1;
		}
	}
	if (r->host == NULL)
		r->host = xstrdup("docker.io");
	else if (strcmp(r->host, "index.docker.io") == 0) {
		free(r->host);
		r->host = xstrdup("docker.io");
	}
	nlen -= (size_t)(path - name);
	for (const char *p = path; p < path + nlen;) {
		const char *e = memchr(p, '/', (size_t)(path + nlen - p));
		size_t cl = e != NULL ? (size_t)(e - p) : (size_t)(path + nlen -
		    p);

		if (!is_path_component(p, cl)) {
			int len = (int)(nlen > 100 ? 100 : nlen);

			registry_ref_release(r);
			return ref_fail(err, errlen, "malformed repository "
			    "name \"%.*s\": components are lower-case letters "
			    "and digits joined by \".\", \"_\", \"__\" or "
			    "\"-\"", len, path);
		}
		p += cl + (e != NULL ? 1 : 0);
		if (e != NULL && p == path + nlen) {
			registry_ref_release(r);
			return ref_fail(err, errlen, "repository name ends "
			    "with \"/\"");
		}
	}
	if (strcmp(r->host, "docker.io") == 0 && memchr(path, '/', nlen) ==
	    NULL)
		r->repo = xasprintf("library/%.*s", (int)nlen, path);
	else
		r->repo = xstrndup(path, nlen);
	if (strlen(r->host) + 1 + strlen(r->repo) > REF_NAME_MAX) {
		registry_ref_release(r);
		return ref_fail(err, errlen, "repository name longer than %d "
		    "characters", REF_NAME_MAX);
	}
	r->api_host = xstrdup(strcmp(r->host, "docker.io") == 0 ?
	    "registry-1.docker.io" : r->host);
	if (at != NULL)
		r->digest = xstrdup(at + 1);
	else if (r->tag == NULL)
		r->tag = xstrdup("latest");
	return 0;
}

void
registry_challenge_release(struct registry_challenge *ch)
{
	free(ch->scheme);
	free(ch->realm);
	free(ch->service);
	free(ch->scope);
	free(ch->error);
	memset(ch, 0, sizeof(*ch));
}

/* RFC 9110 tchar */
static bool
is_tchar(int c)
{
	return isalnum(c) || (c != '\0' && strchr("!#$%&'*+-.^_`|~", c) !=
	    NULL);
}

static const char *
skip_ws(const char *p)
{
	while (*p == ' ' || *p == '\t')
		p++;
	return p;
}

/* A token or quoted-string at *PP into a new string, *PP moved past it;
 * NULL when there is none. */
static char *
param_value(const char **pp)
{
	const char *p = *pp;
	char *v;
	size_t n = 0;

	if (*p != '"') {
		while (is_tchar((unsigned char)p[n]) || p[n] == '/' ||
		    p[n] == '=')
			n++;
		if (n == 0)
			return NULL;
		*pp = p + n;
		return xstrndup(p, n);
	}
	p++;
	v = xmalloc(strlen(p) + 1);
	while (*p != '"') {
		if (*p == '\0') {
			free(v);
			return NULL;
		}
		if (*p == '\\' && p[1] != '\0')
			p++;
		v[n++] = *p++;
	}
	v[n] = '\0';
	*pp = p + 1;
	return v;
}

int
registry_challenge_parse(const char *hdr, struct registry_challenge *ch)
{
	const char *p = skip_ws(hdr);
	size_t n = 0;

	memset(ch, 0, sizeof(*ch));
	if (strlen(hdr) > CHALLENGE_MAX)
		return -1;
	while (is_tchar((unsigned char)p[n]))
		n++;
	if (n == 0)
		return -1;
	ch->scheme = xstrndup(p, n);
	for (char *s = ch->scheme; *s != '\0'; s++)
		*s = (char)tolower((unsigned char)*s);
	p = skip_ws(p + n);
	while (*p != '\0') {
		char *key;
		char *val;
		char **slot = NULL;

		n = 0;
		while (is_tchar((unsigned char)p[n]))
			n++;
		if (n == 0)
			break;
		key = xstrndup(p, n);
		p = skip_ws(p + n);
		if (*p != '=') {
			/* "Basic, Bearer realm=..": a second challenge */
			free(key);
			break;
		}
		p = skip_ws(p + 1);
		val = param_value(&p);
		if (val == NULL) {
			free(key);
			registry_challenge_release(ch);
			return -1;
		}
		if (strcasecmp(key, "realm") == 0)
			slot = &ch->realm;
		else if (strcasecmp(key, "service") == 0)
			slot = &ch->service;
		else if (strcasecmp(key, "scope") == 0)
			slot = &ch->scope;
		else if (strcasecmp(key, "error") == 0)
			slot = &ch->error;
		if (slot != NULL && *slot == NULL)
			*slot = val;
		else
			free(val);
		free(key);
		p = skip_ws(p);
		if (*p != ',')
			break;
		p = skip_ws(p + 1);
	}
	return 0;
}

/* Base64 "user:secret" into its halves. */
static int
decode_auth(const char *b64, char **user, char **secret)
{
	size_t n = strlen(b64);
	unsigned char *out;
	char *colon;
	int len;

	while (n > 0 && (b64[n - 1] == '\n' || b64[n - 1] == '\r'))
		n--;
	if (n == 0 || n % 4 != 0 || n > AUTH_FILE_MAX)
		return -1;
	out = xmalloc(n / 4 * 3 + 1);
	len = EVP_DecodeBlock(out, (const unsigned char *)b64, (int)n);
	if (len < 0) {
		free(out);
		return -1;
	}
	/* EVP_DecodeBlock counts the padding as zero bytes */
	if (n >= 1 && b64[n - 1] == '=')
		len--;
	if (n >= 2 && b64[n - 2] == '=')
		len--;
	out[len] = '\0';
	colon = memchr(out, ':', (size_t)len);
	if (colon == NULL || memchr(out, '\0', (size_t)len) != NULL) {
		OPENSSL_cleanse(out, (size_t)len);
		free(out);
		return -1;
	}
	*user = xstrndup((char *)out, (size_t)(colon - (char *)out));
	*secret = xstrdup(colon + 1);
	OPENSSL_cleanse(out, (size_t)len);
	free(out);
	return 0;
}

int
registry_auth_parse(const char *file, const char *data, size_t len,
    const char *host, char **user, char **secret, char **helper,
    char *err, size_t errlen)
{
	json_error_t je;
	json_t *j = json_loadb(data, len, JSON_REJECT_DUPLICATES, &je);
	json_t *auths;
	json_t *e = NULL;
	const char *b64;
	char *keys[4];
	int rc = 0;

	const char *h;

	*user = NULL;
	*secret = NULL;
	*helper = NULL;
	if (j == NULL)
		return ref_fail(err, errlen, "%s: line %d: %s", file, je.line,
		    je.text);
	h = json_string_value(json_object_get(json_object_get(j,
	    "credHelpers"), host));
	if (h == NULL)
		h = json_string_value(json_object_get(j, "credsStore"));
	if (h != NULL && h[0] != '\0') {
		*helper = xstrdup(h);
		json_decref(j);
		return 2;
	}
	auths = json_object_get(j, "auths");
	keys[0] = xstrdup(host);
	keys[1] = xasprintf("https://%s", host);
	keys[2] = xasprintf("http://%s", host);
	keys[3] = xstrdup(strcmp(host, "docker.io") == 0 ?
	    "https://index.docker.io/v1/" : host);
	for (size_t i = 0; i < 4 && e == NULL; i++)
		e = json_object_get(auths, keys[i]);
	for (size_t i = 0; i < 4; i++)
		free(keys[i]);
	b64 = json_string_value(json_object_get(e, "auth"));
	if (e != NULL && b64 != NULL && b64[0] != '\0') {
		if (decode_auth(b64, user, secret) != 0)
			rc = ref_fail(err, errlen, "%s: the \"auth\" of "
			    "\"%s\" is not base64 of user:secret", file, host);
		else
			rc = 1;
	}
	json_decref(j);
	return rc;
}

int
registry_auth_lookup(const char *host, char **user, char **secret,
    char *err, size_t errlen)
{
	const char *env = getenv("REGISTRY_AUTH_FILE");
	const char *xdg = getenv("XDG_RUNTIME_DIR");
	const char *home = getenv("HOME");
	char *files[4] = { NULL, NULL, NULL, NULL };
	char *helper = NULL;
	int rc = 0;

	*user = NULL;
	*secret = NULL;
	if (env != NULL && env[0] != '\0')
		files[0] = xstrdup(env);
	if (xdg != NULL && xdg[0] != '\0')
		files[1] = xasprintf("%s/containers/auth.json", xdg);
	if (home != NULL && home[0] != '\0') {
		files[2] = xasprintf("%s/.config/containers/auth.json", home);
		files[3] = xasprintf("%s/.docker/config.json", home);
	}
	for (size_t i = 0; i < 4 && rc == 0; i++) {
		char *data;
		size_t len;
		enum hostfile_rc hr;

		if (files[i] == NULL)
			continue;
		hr = hostfile_read(files[i], AUTH_FILE_MAX, true, &data, &len);
		if (hr == HOSTFILE_ERRNO && errno == ENOENT && i > 0)
			continue;
		if (hr != HOSTFILE_OK) {
			rc = ref_fail(err, errlen, "credential file %s: %s",
			    files[i], hr == HOSTFILE_TOO_BIG ? "larger than "
			    "1 MiB" : hr == HOSTFILE_NOT_REGULAR ? "not a "
			    "regular file" : diag_errno(errno));
			break;
		}
		rc = registry_auth_parse(files[i], data, len, host, user,
		    secret, &helper, err, errlen);
		OPENSSL_cleanse(data, len);
		free(data);
		if (rc == 2) {
			/* docker passes the index URL for docker.io */
			rc = registry_cred_helper(helper, strcmp(host,
			    "docker.io") == 0 ? "https://index.docker.io/v1/" :
			    host, user, secret, err, errlen);
			free(helper);
			helper = NULL;
		}
	}
	for (size_t i = 0; i < 4; i++)
		free(files[i]);
	return rc;
}
