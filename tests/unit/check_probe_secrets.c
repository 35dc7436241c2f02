/*
 * check_probe_secrets.c -- the `secrets` probe and its matcher
 * (secret_scan.c): keyword prefilter, patterns and the secret group,
 * gates, allowlists, binary sniffing, masking and fingerprints.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "assay/probe.h"
#include "assay/secret_scan.h"
#include "assay/xmem.h"
#include "testutil.h"

#define NCASES(a)	((int)(sizeof(a) / sizeof((a)[0])))

#define DET(extra)	"{detectors: [{id: tok, title: Token, keywords: " \
	"[tok_, TOKEN], pattern: '\\btok_([A-Za-z0-9]{16,})'" extra "}]}"

static const struct {
	const char	*file;		/* /srv/a.conf */
	const char	*args;
	enum status	 st;
	const char	*ev;
} verdicts[] = {
	/* found, with line, masked preview and no secret */
	{ "x\ny = tok_Ab3dEf6hIj9kLm2nOp\n", DET(""), ST_FAIL,
	    "tok (Token) at line 2: Ab3d***, sha256:" },
	/* keywords are case-folded: TOKEN matches "token" */
	{ "token: tok_Ab3dEf6hIj9kLm2nOp", DET(""), ST_FAIL, "Ab3d***" },
	/* no keyword, no pattern run */
	{ "nothing here\n", DET(""), ST_PASS, "1 text files scanned" },
	/* too short for the pattern */
	{ "tok_short", DET(""), ST_PASS, "by 1 detectors" },
	/* entropy gate */
	{ "tok_aaaaaaaaaaaaaaaaaaaa", DET(", min_entropy: 3.0"), ST_PASS,
	    "1 text files scanned" },
	{ "tok_Ab3dEf6hIj9kLm2nOp", DET(", min_entropy: 3.0"), ST_FAIL,
	    "Ab3d***" },
	/* length gate on the secret, not the match */
	{ "tok_Ab3dEf6hIj9kLm2nOp", DET(", min_length: 40"), ST_PASS,
	    "scanned" },
	/* allow reads the whole match */
	{ "tok_EXAMPLEEXAMPLEEXAMPLE", DET(", allow: ['tok_EXAMPLE']"),
	    ST_PASS, "scanned" },
	/* allow_paths and paths */
	{ "tok_Ab3dEf6hIj9kLm2nOp", DET(", allow_paths: ['/srv/*']"),
	    ST_PASS, "scanned" },
	{ "tok_Ab3dEf6hIj9kLm2nOp", DET(", paths: ['/etc/*']"), ST_PASS,
	    "scanned" },
	{ "tok_Ab3dEf6hIj9kLm2nOp", DET(", paths: ['*.conf']"), ST_FAIL,
	    "Ab3d***" },
	/* a short secret shows a quarter of itself at most */
	{ "pw=abcdefgh", "{detectors: [{id: p, title: P, keywords: [pw=], "
	    "pattern: 'pw=(\\S+)'}]}", ST_FAIL, "at line 1: ab***," },
	/* the exclude list of the rule */
	{ "tok_Ab3dEf6hIj9kLm2nOp", "{exclude: [/srv], detectors: [{id: t, "
	    "title: T, keywords: [tok_], pattern: 'tok_\\w+'}]}", ST_PASS,
	    "scanned" },
	/* two detectors, one pass: both report */
	{ "tok_Ab3dEf6hIj9kLm2nOp\nKEY-0123456789", "{detectors: [{id: t, "
	    "title: T, keywords: [tok_], pattern: 'tok_\\w+'}, {id: k, "
	    "title: K, keywords: [key-], pattern: 'KEY-\\d+'}]}", ST_FAIL,
	    "k (K) at line 2: KEY***" },
	/* a match spanning lines: the line where the secret starts (3
	 * bytes show nothing) */
	{ "a\nBEGIN\nxyz\nEND\n", "{detectors: [{id: b, title: B, "
	    "keywords: [begin], pattern: 'BEGIN\\n(\\w+)\\nEND'}]}", ST_FAIL,
	    "at line 3: ***, sha256:" },
};

START_TEST(test_secrets_verdicts)
{
	tu_write(tu_root, "/srv/a.conf", verdicts[_i].file, 0644);
	tu_check_verdict("secrets", verdicts[_i].args, verdicts[_i].st,
	    verdicts[_i].ev);
}
END_TEST

/* The fingerprint is the SHA-256 of the secret; the secret is in no
 * evidence. */
START_TEST(test_secrets_fingerprint_and_no_secret)
{
	const char *secret = "Ab3dEf6hIj9kLm2nOp";
	struct evlist ev;
	char hex[65];
	char *want;

	tu_sha256_hex(secret, strlen(secret), hex);
	want = xasprintf("sha256:%s", hex);
	tu_write(tu_root, "/srv/a.conf", "tok_Ab3dEf6hIj9kLm2nOp\n", 0644);
	ck_assert_int_eq(tu_run("secrets", DET(""), &ev), ST_FAIL);
	ck_assert(tu_ev_has(&ev, want));
	for (size_t i = 0; i < ev.n; i++) {
		ck_assert_ptr_null(strstr(ev.v[i].message, secret));
		ck_assert(ev.v[i].found == NULL ||
		    strstr(ev.v[i].found, secret) == NULL);
	}
	evlist_release(&ev);
	free(want);
}
END_TEST

/* Binary content is skipped by sniffing, whatever the name. */
START_TEST(test_secrets_binary_skipped)
{
	static const char bin[] = "\x7f" "ELF\0\0tok_Ab3dEf6hIj9kLm2nOp";

	tu_write_bytes(tu_root, "/srv/a.conf", bin, sizeof(bin) - 1, 0644);
	tu_check_verdict("secrets", DET(""), ST_PASS,
	    "0 text files scanned (0 bytes) by 1 detectors; 1 binary files");
}
END_TEST

START_TEST(test_secrets_sniffer_and_entropy)
{
	ck_assert(!secret_is_binary("plain text\n\tmore\r\n", 18));
	ck_assert(secret_is_binary("a\0b", 3));
	ck_assert(secret_is_binary("\x01\x02\x03\x04\x05xxxx", 10));
	ck_assert(!secret_is_binary("\x01xxxxxxxxxxxxxxxxxxx", 20));
	ck_assert(secret_entropy("", 0) == 0.0);
	ck_assert(secret_entropy("aaaa", 4) == 0.0);
	ck_assert(secret_entropy("abcd", 4) > 1.99 &&
	    secret_entropy("abcd", 4) < 2.01);
	ck_assert(secret_entropy("0123456789abcdef", 16) > 3.99);
}
END_TEST

static const struct {
	const char	*args;
	const char	*error;
} compile_errors[] = {
	{ "{}", "test.yaml:1:1: missing required key \"detectors\" in "
	    "secrets" },
	{ "{detectors: []}", "test.yaml:1:13: detectors: expected a list of "
	    "1 to 256 detector mappings, got a sequence" },
	{ "{detectors: [{id: a, title: t, keywords: [ab], pattern: x}, "
	    "{id: a, title: t, keywords: [ab], pattern: y}]}",
	    "test.yaml:1:61: detectors: duplicate id \"a\"" },
	{ "{detectors: [{id: a, title: t, pattern: x}]}",
	    "test.yaml:1:14: missing required key \"keywords\" in detector "
	    "(the literal prefilter: a pattern without one would run on "
	    "every file)" },
	{ "{detectors: [{id: a, title: t, keywords: [ab], pattern: x, "
	    "min_entropy: high}]}", "test.yaml:1:73: min_entropy: expected "
	    "bits per byte from 0 to 8, got \"high\"" },
	{ "{hidden: 1, detectors: [{id: a, title: t, keywords: [ab], "
	    "pattern: x}]}", "test.yaml:1:10: hidden: expected true or "
	    "false, got \"1\"" },
};

START_TEST(test_secrets_compile_errors)
{
	tu_check_compile_error("secrets", compile_errors[_i].args,
	    compile_errors[_i].error);
}
END_TEST

static Suite *
secrets_suite(void)
{
	Suite *s = suite_create("secrets");
	TCase *tc = tcase_create("probe");

	tcase_add_checked_fixture(tc, tu_root_setup, tu_root_teardown);
	tcase_add_loop_test(tc, test_secrets_verdicts, 0, NCASES(verdicts));
	tcase_add_test(tc, test_secrets_fingerprint_and_no_secret);
	tcase_add_test(tc, test_secrets_binary_skipped);
	tcase_add_test(tc, test_secrets_sniffer_and_entropy);
	tcase_add_loop_test(tc, test_secrets_compile_errors, 0,
	    NCASES(compile_errors));
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return tu_run_suite(secrets_suite());
}
