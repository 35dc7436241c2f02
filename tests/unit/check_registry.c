/*
 * check_registry.c -- the registry target's parsers: references as the
 * docker transport reads them, WWW-Authenticate challenges, and the
 * credential files in podman's order.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "assay/registry.h"
#include "assay/xmem.h"
#include "testutil.h"

#define NCASES(a)	((int)(sizeof(a) / sizeof((a)[0])))

static const struct {
	const char	*in;
	const char	*host;
	const char	*api_host;
	const char	*repo;
	const char	*tag;
	const char	*digest;
} ref_ok[] = {
	{ "docker://alpine", "docker.io", "registry-1.docker.io",
	    "library/alpine", "latest", NULL },
	{ "docker://alpine:3.19", "docker.io", "registry-1.docker.io",
	    "library/alpine", "3.19", NULL },
	{ "docker://org/app", "docker.io", "registry-1.docker.io", "org/app",
	    "latest", NULL },
	{ "docker://index.docker.io/busybox:1", "docker.io",
	    "registry-1.docker.io", "library/busybox", "1", NULL },
	{ "docker://ghcr.io/org/app:1.4", "ghcr.io", "ghcr.io", "org/app",
	    "1.4", NULL },
	{ "docker://127.0.0.1:5000/a/b-c__d.e:v_1-x.y", "127.0.0.1:5000",
	    "127.0.0.1:5000", "a/b-c__d.e", "v_1-x.y", NULL },
	{ "docker://localhost/app", "localhost", "localhost", "app",
	    "latest", NULL },
	{ "docker://localhost:5000/app@sha256:"
	    "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
	    "localhost:5000", "localhost:5000", "app", NULL, "sha256:"
	    "0123456789abcdef0123456789abcdef"
	    "0123456789abcdef0123456789abcdef" },
};

START_TEST(test_ref_parses_and_normalizes)
{
	struct registry_ref r;
	char err[256] = "";

	ck_assert_msg(registry_ref_parse(ref_ok[_i].in, &r, err,
	    sizeof(err)) == 0, "%s: %s", ref_ok[_i].in, err);
	ck_assert_str_eq(r.host, ref_ok[_i].host);
	ck_assert_str_eq(r.api_host, ref_ok[_i].api_host);
	ck_assert_str_eq(r.repo, ref_ok[_i].repo);
	if (ref_ok[_i].tag != NULL)
		ck_assert_str_eq(r.tag, ref_ok[_i].tag);
	else
		ck_assert_ptr_null(r.tag);
	if (ref_ok[_i].digest != NULL)
		ck_assert_str_eq(r.digest, ref_ok[_i].digest);
	else
		ck_assert_ptr_null(r.digest);
	registry_ref_release(&r);
}
END_TEST

static const struct {
	const char	*in;
	const char	*why;
} ref_bad[] = {
	{ "alpine", "not a docker:// reference" },
	{ "docker://", "no repository name" },
	{ "docker://Alpine", "malformed repository name \"Alpine\"" },
	{ "docker://a//b", "malformed repository name" },
	{ "docker://a/b/", "repository name ends with \"/\"" },
	{ "docker://a-/b", "malformed repository name" },
	{ "docker://app:", "malformed tag \"\"" },
	{ "docker://app:-x", "malformed tag \"-x\"" },
	{ "docker://app@sha512:00", "unsupported digest \"sha512:00\"" },
	{ "docker://app@sha256:00", "malformed digest" },
	{ "docker://app:1@sha256:"
	    "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
	    "both a tag and a digest" },
	{ "docker://ex-.com/app", "malformed registry host \"ex-.com\"" },
	{ "docker://ex.com:99999999/app", "malformed registry host" },
};

START_TEST(test_ref_refuses_with_reason)
{
	struct registry_ref r;
	char err[256] = "";

	ck_assert_int_eq(registry_ref_parse(ref_bad[_i].in, &r, err,
	    sizeof(err)), -1);
	ck_assert_msg(strstr(err, ref_bad[_i].why) != NULL, "%s: got \"%s\"",
	    ref_bad[_i].in, err);
	ck_assert_ptr_null(r.repo);
	registry_ref_release(&r);
}
END_TEST

START_TEST(test_ref_name_length_capped)
{
	struct registry_ref r;
	char err[256] = "";
	char *s = xmalloc(9 + 300 + 1);

	memcpy(s, "docker://", 9);
	memset(s + 9, 'a', 300);
	s[309] = '\0';

	ck_assert_int_eq(registry_ref_parse(s, &r, err, sizeof(err)), -1);
	ck_assert(strstr(err, "longer than 255") != NULL);
	registry_ref_release(&r);
	free(s);
}
END_TEST

START_TEST(test_challenge_bearer)
{
	struct registry_challenge ch;

	ck_assert_int_eq(registry_challenge_parse("Bearer realm=\"https://"
	    "auth.example/token\",service=\"registry.example\",scope=\""
	    "repository:org/app:pull\",error=\"invalid_token\"", &ch), 0);
	ck_assert_str_eq(ch.scheme, "bearer");
	ck_assert_str_eq(ch.realm, "https://auth.example/token");
	ck_assert_str_eq(ch.service, "registry.example");
	ck_assert_str_eq(ch.scope, "repository:org/app:pull");
	ck_assert_str_eq(ch.error, "invalid_token");
	registry_challenge_release(&ch);
}
END_TEST

START_TEST(test_challenge_basic_tokens_and_escapes)
{
	struct registry_challenge ch;

	ck_assert_int_eq(registry_challenge_parse("  BASIC  realm = "
	    "\"a \\\"q\\\" b\" , service=svc", &ch), 0);
	ck_assert_str_eq(ch.scheme, "basic");
	ck_assert_str_eq(ch.realm, "a \"q\" b");
	ck_assert_str_eq(ch.service, "svc");
	ck_assert_ptr_null(ch.scope);
	registry_challenge_release(&ch);
	/* a second challenge after the first is not read into it */
	ck_assert_int_eq(registry_challenge_parse("Basic realm=x, Bearer "
	    "realm=y", &ch), 0);
	ck_assert_str_eq(ch.realm, "x");
	registry_challenge_release(&ch);
}
END_TEST

START_TEST(test_challenge_refuses_garbage)
{
	struct registry_challenge ch;

	ck_assert_int_eq(registry_challenge_parse("", &ch), -1);
	ck_assert_int_eq(registry_challenge_parse("Bearer realm=\"open",
	    &ch), -1);
	ck_assert_ptr_null(ch.scheme);
	ck_assert_int_eq(registry_challenge_parse("\"x\"", &ch), -1);
}
END_TEST

START_TEST(test_auth_parse_keys)
{
	/* "alice:pw:x" and "bob:s" in base64 */
	const char *j = "{\"auths\":{\"https://r.example:5000\":{\"auth\":"
	    "\"YWxpY2U6cHc6eA==\"},\"https://index.docker.io/v1/\":{\"auth\":"
	    "\"Ym9iOnM=\"},\"bad.example\":{\"auth\":\"%%%\"}}}";
	char *u;
	char *s;
	char *h;
	char err[256] = "";

	ck_assert_int_eq(registry_auth_parse("f", j, strlen(j),
	    "r.example:5000", &u, &s, &h, err, sizeof(err)), 1);
	ck_assert_str_eq(u, "alice");
	ck_assert_str_eq(s, "pw:x");
	free(u);
	free(s);
	ck_assert_int_eq(registry_auth_parse("f", j, strlen(j), "docker.io",
	    &u, &s, &h, err, sizeof(err)), 1);
	ck_assert_str_eq(u, "bob");
	ck_assert_str_eq(s, "s");
	free(u);
	free(s);
	ck_assert_int_eq(registry_auth_parse("f", j, strlen(j), "other",
	    &u, &s, &h, err, sizeof(err)), 0);
	ck_assert_ptr_null(u);
	ck_assert_int_eq(registry_auth_parse("f", j, strlen(j),
	    "bad.example", &u, &s, &h, err, sizeof(err)), -1);
	ck_assert(strstr(err, "not base64 of user:secret") != NULL);
	ck_assert_int_eq(registry_auth_parse("f", "{", 1, "x", &u, &s, &h,
	    err, sizeof(err)), -1);
	ck_assert(strncmp(err, "f: line 1:", 10) == 0);
}
END_TEST

START_TEST(test_auth_parse_helpers_first)
{
	/* docker's order: credHelpers[HOST], then credsStore, then auths */
	const char *j = "{\"auths\":{\"a\":{\"auth\":\"eDp5\"},\"b\":"
	    "{\"auth\":\"eDp5\"}},\"credHelpers\":{\"a\":\"ecr-login\"},"
	    "\"credsStore\":\"pass\"}";
	const char *k = "{\"auths\":{\"b\":{\"auth\":\"eDp5\"}},"
	    "\"credHelpers\":{\"a\":\"ecr-login\"}}";
	char *u;
	char *s;
	char *h;
	char err[256] = "";

	ck_assert_int_eq(registry_auth_parse("f", j, strlen(j), "a", &u, &s,
	    &h, err, sizeof(err)), 2);
	ck_assert_str_eq(h, "ecr-login");
	ck_assert_ptr_null(u);
	free(h);
	ck_assert_int_eq(registry_auth_parse("f", j, strlen(j), "b", &u, &s,
	    &h, err, sizeof(err)), 2);
	ck_assert_str_eq(h, "pass");
	free(h);
	ck_assert_int_eq(registry_auth_parse("f", k, strlen(k), "b", &u, &s,
	    &h, err, sizeof(err)), 1);
	ck_assert_ptr_null(h);
	ck_assert_str_eq(s, "y");
	free(u);
	free(s);
}
END_TEST

START_TEST(test_cred_helper_refuses_odd_names)
{
	char *u;
	char *s;
	char err[256] = "";

	ck_assert_int_eq(registry_cred_helper("../x", "h", &u, &s, err,
	    sizeof(err)), -1);
	ck_assert(strstr(err, "credential helper name \"../x\"") != NULL);
	ck_assert_int_eq(registry_cred_helper("assay-no-such-helper", "h",
	    &u, &s, err, sizeof(err)), -1);
	ck_assert(strstr(err, "docker-credential-assay-no-such-helper: ") !=
	    NULL);
}
END_TEST

START_TEST(test_auth_lookup_order)
{
	char *dir = tu_tmpdir();
	char *env = NULL;
	char *u;
	char *s;
	char err[256] = "";

	/* XDG's file first, then HOME's; REGISTRY_AUTH_FILE before both */
	tu_write(dir, "run/containers/auth.json", "{\"auths\":{\"h\":"
	    "{\"auth\":\"eDp4ZGc=\"}}}", 0644);
	tu_write(dir, "home/.docker/config.json", "{\"auths\":{\"h\":"
	    "{\"auth\":\"eDpkb2NrZXI=\"},\"d\":{\"auth\":\"eDpk\"}}}", 0644);
	tu_write(dir, "env.json", "{\"auths\":{\"h\":{\"auth\":"
	    "\"eDplbnY=\"}}}", 0644);
	env = xasprintf("%s/%s", dir, "run");
	setenv("XDG_RUNTIME_DIR", env, 1);
	free(env);
	env = xasprintf("%s/%s", dir, "home");
	setenv("HOME", env, 1);
	free(env);
	unsetenv("REGISTRY_AUTH_FILE");
	ck_assert_int_eq(registry_auth_lookup("h", &u, &s, err, sizeof(err)),
	    1);
	ck_assert_str_eq(s, "xdg");
	free(u);
	free(s);
	ck_assert_int_eq(registry_auth_lookup("d", &u, &s, err, sizeof(err)),
	    1);
	ck_assert_str_eq(s, "d");
	free(u);
	free(s);
	env = xasprintf("%s/%s", dir, "env.json");
	setenv("REGISTRY_AUTH_FILE", env, 1);
	free(env);
	ck_assert_int_eq(registry_auth_lookup("h", &u, &s, err, sizeof(err)),
	    1);
	ck_assert_str_eq(s, "env");
	free(u);
	free(s);
	/* a REGISTRY_AUTH_FILE that is not there is an error */
	env = xasprintf("%s/%s", dir, "missing.json");
	setenv("REGISTRY_AUTH_FILE", env, 1);
	free(env);
	ck_assert_int_eq(registry_auth_lookup("h", &u, &s, err, sizeof(err)),
	    -1);
	ck_assert(strstr(err, "missing.json: ") != NULL);
	unsetenv("REGISTRY_AUTH_FILE");
	tu_rmtree(dir);
	free(dir);
}
END_TEST

static Suite *
registry_suite(void)
{
	Suite *s = suite_create("registry");
	TCase *tc;

	tc = tcase_create("reference");
	tcase_add_loop_test(tc, test_ref_parses_and_normalizes, 0,
	    NCASES(ref_ok));
	tcase_add_loop_test(tc, test_ref_refuses_with_reason, 0,
	    NCASES(ref_bad));
	tcase_add_test(tc, test_ref_name_length_capped);
	suite_add_tcase(s, tc);

	tc = tcase_create("challenge");
	tcase_add_test(tc, test_challenge_bearer);
	tcase_add_test(tc, test_challenge_basic_tokens_and_escapes);
	tcase_add_test(tc, test_challenge_refuses_garbage);
	suite_add_tcase(s, tc);

	tc = tcase_create("auth");
	tcase_add_test(tc, test_auth_parse_keys);
	tcase_add_test(tc, test_auth_parse_helpers_first);
	tcase_add_test(tc, test_cred_helper_refuses_odd_names);
	tcase_add_test(tc, test_auth_lookup_order);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return tu_run_suite(registry_suite());
}
