/*
 * check_probe_content.c -- the `content` probe: line matches with
 * path:line evidence, not_matches, nocase, globs (any / all_files),
 * `missing:`, and the errors a hostile target can cause (FIFO, a file over
 * the read limit, a regex that hits the match limit).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "assay/probe.h"
#include "assay/xmem.h"
#include "testutil.h"

static char *root;

static void
setup(void)
{
	root = tu_tmpdir();
	tu_write(root, "/etc/login.defs",
	    "# comment\n"
	    "PASS_MAX_DAYS\t99999\n"
	    "UMASK 022\r\n"
	    "ENCRYPT_METHOD SHA512", 0644);
	tu_write(root, "/etc/pam.d/common-auth",
	    "auth required pam_unix.so nullok\n", 0644);
	tu_write(root, "/etc/pam.d/common-password",
	    "password required pam_unix.so sha512\n", 0644);
	tu_write(root, "/etc/empty", "", 0644);
	tu_symlink(root, "/etc/alias.defs", "login.defs");
	tu_symlink(root, "/etc/dangle", "/nonexistent");
	tu_mkdir(root, "/etc/dir", 0755);
	tu_mkfifo(root, "/etc/fifo");
}

static void
teardown(void)
{
	tu_rmtree(root);
	free(root);
	root = NULL;
}

/* Rows: arguments, verdict, a piece of some evidence message. */
static const struct {
	const char	*args;
	enum status	 st;
	const char	*ev;
} cases[] = {
	{ "{path: /etc/login.defs, matches: \"^UMASK\\\\s+0?27$\"}", ST_FAIL,
	  "no line of /etc/login.defs matches \"^UMASK\\\\s+0?27$\"" },
	{ "{path: /etc/login.defs, matches: \"^UMASK\\\\s+0?22$\"}", ST_PASS,
	  "matches \"^UMASK\\\\s+0?22$\": UMASK 022" },
	{ "{path: /etc/login.defs, matches: 'SHA512$'}", ST_PASS,
	  ": ENCRYPT_METHOD SHA512" },
	{ "{path: /etc/login.defs, matches: '^umask'}", ST_FAIL,
	  "no line of /etc/login.defs matches" },
	{ "{path: /etc/login.defs, matches: '^umask', nocase: true}", ST_PASS,
	  "UMASK 022" },
	{ "{path: /etc/login.defs, matches: '^umask', nocase: false}",
	  ST_FAIL, "no line" },
	{ "{path: /etc/login.defs, not_matches: '^PASS_MAX_DAYS\\s+99999'}",
	  ST_FAIL, "forbidden \"^PASS_MAX_DAYS\\\\s+99999\" matches: "
	  "PASS_MAX_DAYS\t99999" },
	{ "{path: /etc/login.defs, not_matches: 'MD5'}", ST_PASS,
	  "no line of /etc/login.defs matches forbidden \"MD5\" (4 lines)" },
	{ "{path: /etc/login.defs, matches: UMASK, not_matches: MD5}",
	  ST_PASS, "UMASK 022" },
	{ "{path: /etc/login.defs, matches: UMASK, not_matches: SHA}",
	  ST_FAIL, "forbidden \"SHA\"" },
	{ "{path: /etc/alias.defs, matches: UMASK}", ST_PASS, "UMASK 022" },
	{ "{path: /etc/empty, matches: x}", ST_FAIL,
	  "no line of /etc/empty matches \"x\"" },
	{ "{path: /etc/empty, not_matches: x}", ST_PASS, "(0 lines)" },
	/* missing */
	{ "{path: /etc/nope, matches: x}", ST_FAIL,
	  "/etc/nope does not exist" },
	{ "{path: /etc/nope, matches: x, missing: pass}", ST_PASS,
	  "/etc/nope does not exist (missing: pass)" },
	{ "{path: /etc/nope, matches: x, missing: notapplicable}",
	  ST_NOTAPPLICABLE, "(missing: notapplicable)" },
	{ "{path: /etc/nope, not_matches: x, missing: error}", ST_ERROR,
	  "(missing: error)" },
	{ "{path: /etc/dangle, matches: x}", ST_FAIL,
	  "/etc/dangle does not exist" },
	/* what cannot be read is an error, and says why */
	{ "{path: /etc/fifo, matches: x}", ST_ERROR,
	  "cannot read /etc/fifo: not a regular file" },
	{ "{path: /etc/dir, not_matches: x}", ST_ERROR,
	  "cannot read /etc/dir: not a regular file" },
	/* globs: matches in any file, not_matches in every file */
	{ "{path: \"/etc/pam.d/*\", matches: pam_unix}", ST_PASS,
	  "matches \"pam_unix\": auth required pam_unix.so nullok" },
	{ "{path: \"/etc/pam.d/*\", matches: sha512}", ST_PASS,
	  "password required pam_unix.so sha512" },
	{ "{path: \"/etc/pam.d/*\", matches: sha512, all_files: true}",
	  ST_FAIL, "no line of /etc/pam.d/common-auth matches \"sha512\"" },
	{ "{path: \"/etc/pam.d/*\", matches: pam_unix, all_files: true}",
	  ST_PASS, "password required pam_unix.so sha512" },
	{ "{path: \"/etc/pam.d/*\", not_matches: nullok}", ST_FAIL,
	  "forbidden \"nullok\" matches: auth required pam_unix.so nullok" },
	{ "{path: \"/etc/pam.d/*\", not_matches: md5}", ST_PASS,
	  "no line of /etc/pam.d/common-password matches forbidden" },
	{ "{path: \"/etc/nope.d/*\", matches: x}", ST_FAIL,
	  "no file matches /etc/nope.d/*" },
	{ "{path: \"/etc/nope.d/*\", matches: x, missing: pass}", ST_PASS,
	  "no file matches /etc/nope.d/* (missing: pass)" },
	{ "{path: \"/etc/[ef]*\", matches: x}", ST_ERROR,
	  "cannot read /etc/fifo: not a regular file" },
	{ "{path: \"/etc/[ef]*\", not_matches: x}", ST_ERROR,
	  "no line of /etc/empty matches forbidden \"x\"" },
	{ "{path: \"/etc/l*\", matches: UMASK}", ST_PASS, "UMASK" },
};

START_TEST(test_content_verdict_and_evidence)
{
	struct evlist ev;
	char *err = NULL;
	int st = tu_probe_run(root, "content", cases[_i].args, &ev, &err);

	ck_assert_msg(st == (int)cases[_i].st, "%s: got %d (%s), want %s",
	    cases[_i].args, st, err != NULL ? err : "",
	    status_str(cases[_i].st));
	ck_assert_msg(tu_ev_has(&ev, cases[_i].ev), "%s: no evidence \"%s\" "
	    "(first: %s)", cases[_i].args, cases[_i].ev,
	    ev.n > 0 ? ev.v[0].message : "none");
	evlist_release(&ev);
	free(err);
}
END_TEST

START_TEST(test_content_evidence_names_path_and_line)
{
	struct evlist ev;

	ck_assert_int_eq(tu_probe_run(root, "content",
	    "{path: /etc/login.defs, matches: UMASK}", &ev, NULL), ST_PASS);
	ck_assert_uint_eq(ev.n, 1);
	ck_assert_str_eq(ev.v[0].path, "/etc/login.defs");
	ck_assert_uint_eq(ev.v[0].line, 3);
	ck_assert_str_eq(ev.v[0].message, "matches \"UMASK\": UMASK 022");
	ck_assert_str_eq(ev.v[0].found, "UMASK 022");
	evlist_release(&ev);
}
END_TEST

START_TEST(test_content_not_matches_lists_every_offending_line)
{
	struct evlist ev;

	tu_write(root, "/etc/hosts.equiv", "+\nok\n+ host\n", 0644);
	ck_assert_int_eq(tu_probe_run(root, "content",
	    "{path: /etc/hosts.equiv, not_matches: '^\\+'}", &ev, NULL),
	    ST_FAIL);
	ck_assert_uint_eq(ev.n, 2);
	ck_assert_uint_eq(ev.v[0].line, 1);
	ck_assert_uint_eq(ev.v[1].line, 3);
	ck_assert_str_eq(ev.v[1].message,
	    "forbidden \"^\\\\+\" matches: + host");
	ck_assert_str_eq(ev.v[1].expected, "no line matching");
	ck_assert_str_eq(ev.v[1].found, "+ host");
	evlist_release(&ev);
}
END_TEST

START_TEST(test_content_long_binary_line_is_cut_raw)
{
	struct evlist ev;
	char buf[600];

	/* "K", two invalid bytes, then "\xc3\xa9" pairs: byte 200 falls
	 * inside a pair, so the cut backs off to 199 bytes. */
	buf[0] = 'K';
	buf[1] = (char)0xff;
	buf[2] = (char)0xfe;
	for (size_t i = 3; i < 499; i += 2) {
		buf[i] = (char)0xc3;
		buf[i + 1] = (char)0xa9;
	}
	memcpy(buf + 499, "\nsecret=1\n", 11);
	tu_write(root, "/etc/blob", buf, 0644);
	ck_assert_int_eq(tu_probe_run(root, "content",
	    "{path: /etc/blob, not_matches: '^K'}", &ev, NULL), ST_FAIL);
	ck_assert_uint_eq(ev.n, 1);
	ck_assert_uint_eq(strlen(ev.v[0].found), 202);
	ck_assert_mem_eq(ev.v[0].found, buf, 199);
	ck_assert_str_eq(ev.v[0].found + 199, "...");
	evlist_release(&ev);
	ck_assert_int_eq(tu_probe_run(root, "content",
	    "{path: /etc/blob, matches: '^secret='}", &ev, NULL), ST_PASS);
	ck_assert_uint_eq(ev.v[0].line, 2);
	evlist_release(&ev);
}
END_TEST

START_TEST(test_content_file_over_read_limit_is_error)
{
	struct evlist ev;
	char *path = xasprintf("%s/etc/huge", root);
	FILE *fp = fopen(path, "w");

	ck_assert_ptr_nonnull(fp);
	/* a sparse file one byte over the limit: no disk needed */
	ck_assert_int_eq(fseek(fp, (long)limits_default.read_max, SEEK_SET),
	    0);
	ck_assert_int_eq(fputc('\n', fp), '\n');
	fclose(fp);
	free(path);
	ck_assert_int_eq(tu_probe_run(root, "content",
	    "{path: /etc/huge, not_matches: x}", &ev, NULL), ST_ERROR);
	ck_assert_str_eq(ev.v[0].message, "cannot read /etc/huge: file is "
	    "larger than the read limit (16777216 bytes)");
	ck_assert_str_eq(ev.v[0].path, "/etc/huge");
	evlist_release(&ev);
}
END_TEST

/* Backtracks catastrophically under '(a+)+$'. */
#define EVIL	"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!"

START_TEST(test_content_regex_limit_is_error)
{
	struct evlist ev;

	/* catastrophic backtracking: nested quantifiers, no match at the end */
	tu_write(root, "/etc/evil", "ok\n" EVIL "\n", 0644);
	ck_assert_int_eq(tu_probe_run(root, "content",
	    "{path: /etc/evil, not_matches: '(a+)+$'}", &ev, NULL), ST_ERROR);
	ck_assert_uint_eq(ev.n, 1);
	ck_assert_str_eq(ev.v[0].message,
	    "regex \"(a+)+$\" hit the match limit at line 2");
	ck_assert_uint_eq(ev.v[0].line, 2);
	evlist_release(&ev);
	/* ... but a matching line elsewhere still decides `matches` */
	tu_write(root, "/etc/evil", EVIL "\nb\n", 0644);
	ck_assert_int_eq(tu_probe_run(root, "content",
	    "{path: /etc/evil, matches: '(a+)+$|^b$'}", &ev, NULL), ST_PASS);
	ck_assert(tu_ev_has(&ev, "hit the match limit at line 1"));
	evlist_release(&ev);
	/* ... and a forbidden line elsewhere still fails `not_matches` */
	tu_write(root, "/etc/evil", EVIL "\nb\n", 0644);
	ck_assert_int_eq(tu_probe_run(root, "content",
	    "{path: /etc/evil, not_matches: '(a+)+$|^b$'}", &ev, NULL),
	    ST_FAIL);
	evlist_release(&ev);
}
END_TEST

static const struct {
	const char	*args;
	const char	*msg;
} bad[] = {
	{ "{path: /etc/a, matchs: x}",
	  "test.yaml:1:16: unknown key \"matchs\" in content" },
	{ "{path: /etc/a}", "test.yaml:1:1: missing required key \"matches\" "
	  "or \"not_matches\" in content" },
	{ "{matches: x}",
	  "test.yaml:1:1: missing required key \"path\" in content" },
	{ "{path: a, matches: x}",
	  "test.yaml:1:8: path: expected an absolute path, got \"a\"" },
	{ "{path: /a, matches: \"(\"}", "test.yaml:1:21: matches: invalid "
	  "regex at offset 1: missing closing parenthesis" },
	{ "{path: /a, not_matches: [x]}",
	  "test.yaml:1:25: not_matches: expected a string, got a sequence" },
	{ "{path: /a, matches: x, nocase: 1}",
	  "test.yaml:1:32: nocase: expected true or false, got \"1\"" },
	{ "{path: /a, matches: x, all_files: yes}",
	  "test.yaml:1:35: all_files: expected true or false, got \"yes\"" },
	{ "{path: /a, matches: x, missing: skip}", "test.yaml:1:33: missing: "
	  "expected fail, pass, notapplicable or error, got \"skip\"" },
	{ "x", "test.yaml:1:1: content: expected a mapping, got \"x\"" },
};

START_TEST(test_content_bad_args_name_file_line_col)
{
	char *err = NULL;

	ck_assert_int_eq(tu_probe_compile("content", bad[_i].args, &err), -1);
	ck_assert_str_eq(err, bad[_i].msg);
	free(err);
}
END_TEST

static Suite *
probe_content_suite(void)
{
	Suite *s = suite_create("probe_content");
	TCase *tc = tcase_create("eval");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_loop_test(tc, test_content_verdict_and_evidence, 0,
	    sizeof(cases) / sizeof(cases[0]));
	tcase_add_test(tc, test_content_evidence_names_path_and_line);
	tcase_add_test(tc, test_content_not_matches_lists_every_offending_line);
	tcase_add_test(tc, test_content_long_binary_line_is_cut_raw);
	tcase_add_test(tc, test_content_file_over_read_limit_is_error);
	tcase_add_test(tc, test_content_regex_limit_is_error);
	suite_add_tcase(s, tc);
	tc = tcase_create("compile");
	tcase_add_loop_test(tc, test_content_bad_args_name_file_line_col, 0,
	    sizeof(bad) / sizeof(bad[0]));
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return tu_run_suite(probe_content_suite());
}
