/*
 * registry.h -- the parsers of the registry target (docker://...): image
 * references, WWW-Authenticate challenges and the credential files.
 *
 * The registry back end itself (engine/target/target_registry.c and
 * registry_http.c) is opened through target_open_opts() like any other
 * target; this header holds what it parses, so that the unit tests and
 * the fuzz target reach the parsers directly.
 *
 *   1. registry_ref_parse("docker://HOST/REPO:TAG", &ref, err, errlen);
 *      registry_ref_release(&ref);
 *   2. registry_challenge_parse(header, &ch); registry_challenge_release();
 *   3. registry_auth_lookup(host, &user, &secret, err, errlen).
 */
#ifndef ASSAY_REGISTRY_H
#define ASSAY_REGISTRY_H

#include <stdbool.h>
#include <stddef.h>

#include "assay/diag.h"	/* ASSAY_NODISCARD */

/* A reference as the docker transport of skopeo and podman reads it
 * (github.com/distribution/reference, normalized): HOST is the registry
 * ("docker.io" is reached at API_HOST "registry-1.docker.io"), REPO the
 * repository ("library/alpine" for "alpine" on docker.io), and exactly
 * one of TAG ("latest" when neither is given) and DIGEST
 * ("sha256:HEX"). */
struct registry_ref {
	char	*host;
	char	*api_host;
	char	*repo;
	char	*tag;
	char	*digest;
};

/* Parse S ("docker://" then a reference). 0, or -1 with ERR saying why
 * (R left empty). Release R either way. */
ASSAY_NODISCARD int	registry_ref_parse(const char *s,
		    struct registry_ref *r, char *err, size_t errlen);
void	registry_ref_release(struct registry_ref *r);

/* One challenge of a WWW-Authenticate header (RFC 9110 section 11.6.1),
 * as the distribution registry sends it: SCHEME ("basic", "bearer",
 * lower-cased) and the parameters a client uses, each NULL when absent. */
struct registry_challenge {
	char	*scheme;
	char	*realm;
	char	*service;
	char	*scope;
	char	*error;
};

/* Parse the first challenge of header value HDR. 0, or -1 when it is not
 * a challenge (CH left empty). Release CH either way. */
ASSAY_NODISCARD int	registry_challenge_parse(const char *hdr,
		    struct registry_challenge *ch);
void	registry_challenge_release(struct registry_challenge *ch);

/* The credentials for registry HOST from the files podman and skopeo
 * read, in their order: $REGISTRY_AUTH_FILE, then
 * ${XDG_RUNTIME_DIR}/containers/auth.json,
 * ~/.config/containers/auth.json, ~/.docker/config.json; the first file
 * with an "auths" entry for HOST ("HOST", "https://HOST", "http://HOST",
 * and for docker.io "https://index.docker.io/v1/") decides; in a file,
 * as the docker CLI reads it, a credHelpers entry for HOST comes first,
 * then credsStore, then the auths entry: a helper is run with
 * registry_cred_helper(). 1 with *USER and *SECRET (the caller frees;
 * never printed), 0 when there are none, -1 with ERR naming the file and
 * the fault (a file that is there but cannot be read or parsed, an entry
 * that is not base64 "user:secret", a helper that fails). */
ASSAY_NODISCARD int	registry_auth_lookup(const char *host, char **user,
		    char **secret, char *err, size_t errlen);

/* Parse the JSON credential file content DATA[LEN] (named FILE in
 * messages) for HOST, as registry_auth_lookup() does for each file: 1
 * with *USER and *SECRET, 2 with *HELPER the credential helper to run
 * (the caller frees), 0 for none, -1 with ERR. */
ASSAY_NODISCARD int	registry_auth_parse(const char *file,
		    const char *data, size_t len, const char *host,
		    char **user, char **secret, char **helper, char *err,
		    size_t errlen);

/* Run `docker-credential-NAME get` (registry_cred.c) with SERVER on its
 * stdin: 1 with *USER and *SECRET, 0 when it has none ("credentials not
 * found"), -1 with ERR. */
ASSAY_NODISCARD int	registry_cred_helper(const char *name,
		    const char *server, char **user, char **secret, char *err,
		    size_t errlen);

#endif /* ASSAY_REGISTRY_H */
