/*
 * check_probe_content.c -- the `content` probe: line matches with
 * path:line evidence, not_matches, nocase, globs (any / all_files),
 * `missing:`, and the errors a hostile target can cause (FIFO, a file over
 * the read limit, a regex that hits the match limit); on an image, files
 * later layers hide (`hidden`).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "assay/probe.h"
#include "assay/xmem.h"
#include "assay/ynode.h"
#include "testutil.h"

static void
setup(void)
{
	tu_root_setup();
	tu_write(tu_root, "/etc/login.defs",
	    "# comment\n"
	    "PASS_MAX_DAYS\t99999\n"
	    "UMASK 022\r\n"
	    "ENCRYPT_METHOD SHA512", 0644);
	tu_write(tu_root, "/etc/pam.d/common-auth",
	    "auth required pam_unix.so nullok\n", 0644);
	tu_write(tu_root, "/etc/pam.d/common-password",
	    "password required pam_unix.so sha512\n", 0644);
	tu_write(tu_root, "/etc/empty", "", 0644);
	tu_symlink(tu_root, "/etc/alias.defs", "login.defs");
	tu_symlink(tu_root, "/etc/dangle", "/nonexistent");
	tu_mkdir(tu_root, "/etc/dir", 0755);
	tu_mkfifo(tu_root, "/etc/fifo");
}

/* Rows: arguments, verdict, a piece of some evidence message. */
static const struct {
	const char	*args;
	enum status	 st;
	const char	*ev;
} cases[] = {
	{ "{path: /etc/login.defs, matches: \"^UMASK\\\\s+0?27$\"}", ST_FAIL,
	  "no line of /etc/login.defs matches `^UMASK\\s+0?27$`" },
	{ "{path: /etc/login.defs, matches: \"^UMASK\\\\s+0?22$\"}", ST_PASS,
	  "matches `^UMASK\\s+0?22$`: UMASK 022" },
	{ "{path: /etc/login.defs, matches: 'SHA512$'}", ST_PASS,
	  ": ENCRYPT_METHOD SHA512" },
	{ "{path: /etc/login.defs, matches: '^umask'}", ST_FAIL,
	  "no line of /etc/login.defs matches" },
	{ "{path: /etc/login.defs, matches: '^umask', nocase: true}", ST_PASS,
	  "UMASK 022" },
	{ "{path: /etc/login.defs, matches: '^umask', nocase: false}",
	  ST_FAIL, "no line" },
	{ "{path: /etc/login.defs, not_matches: '^PASS_MAX_DAYS\\s+99999'}",
	  ST_FAIL, "forbidden `^PASS_MAX_DAYS\\s+99999` matches: "
	  "PASS_MAX_DAYS\t99999" },
	{ "{path: /etc/login.defs, not_matches: 'MD5'}", ST_PASS,
	  "no line of /etc/login.defs matches forbidden `MD5` (4 lines)" },
	{ "{path: /etc/login.defs, matches: UMASK, not_matches: MD5}",
	  ST_PASS, "UMASK 022" },
	{ "{path: /etc/login.defs, matches: UMASK, not_matches: SHA}",
	  ST_FAIL, "forbidden `SHA`" },
	{ "{path: /etc/alias.defs, matches: UMASK}", ST_PASS, "UMASK 022" },
	{ "{path: /etc/empty, matches: x}", ST_FAIL,
	  "no line of /etc/empty matches `x`" },
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
	  "matches `pam_unix`: auth required pam_unix.so nullok" },
	{ "{path: \"/etc/pam.d/*\", matches: sha512}", ST_PASS,
	  "password required pam_unix.so sha512" },
	{ "{path: \"/etc/pam.d/*\", matches: sha512, all_files: true}",
	  ST_FAIL, "no line of /etc/pam.d/common-auth matches `sha512`" },
	{ "{path: \"/etc/pam.d/*\", matches: pam_unix, all_files: true}",
	  ST_PASS, "password required pam_unix.so sha512" },
	{ "{path: \"/etc/pam.d/*\", not_matches: nullok}", ST_FAIL,
	  "forbidden `nullok` matches: auth required pam_unix.so nullok" },
	{ "{path: \"/etc/pam.d/*\", not_matches: md5}", ST_PASS,
	  "no line of /etc/pam.d/common-password matches forbidden" },
	{ "{path: \"/etc/nope.d/*\", matches: x}", ST_FAIL,
	  "no file matches /etc/nope.d/*" },
	{ "{path: \"/etc/nope.d/*\", matches: x, missing: pass}", ST_PASS,
	  "no file matches /etc/nope.d/* (missing: pass)" },
	{ "{path: \"/etc/[ef]*\", matches: x}", ST_ERROR,
	  "cannot read /etc/fifo: not a regular file" },
	{ "{path: \"/etc/[ef]*\", not_matches: x}", ST_ERROR,
	  "no line of /etc/empty matches forbidden `x`" },
	{ "{path: \"/etc/l*\", matches: UMASK}", ST_PASS, "UMASK" },
};

START_TEST(test_content_verdict_and_evidence)
{
	tu_check_verdict("content", cases[_i].args, cases[_i].st, cases[_i].ev);
}
END_TEST

START_TEST(test_content_evidence_names_path_and_line)
{
	struct evlist ev;

	ck_assert_int_eq(tu_probe_run(tu_root, "content",
	    "{path: /etc/login.defs, matches: UMASK}", &ev, NULL), ST_PASS);
	ck_assert_uint_eq(ev.n, 1);
	ck_assert_str_eq(ev.v[0].path, "/etc/login.defs");
	ck_assert_uint_eq(ev.v[0].line, 3);
	ck_assert_str_eq(ev.v[0].message, "matches `UMASK`: UMASK 022");
	ck_assert_str_eq(ev.v[0].found, "UMASK 022");
	evlist_release(&ev);
}
END_TEST

START_TEST(test_content_not_matches_lists_every_offending_line)
{
	struct evlist ev;

	tu_write(tu_root, "/etc/hosts.equiv", "+\nok\n+ host\n", 0644);
	ck_assert_int_eq(tu_probe_run(tu_root, "content",
	    "{path: /etc/hosts.equiv, not_matches: '^\\+'}", &ev, NULL),
	    ST_FAIL);
	ck_assert_uint_eq(ev.n, 2);
	ck_assert_uint_eq(ev.v[0].line, 1);
	ck_assert_uint_eq(ev.v[1].line, 3);
	ck_assert_str_eq(ev.v[1].message,
	    "forbidden `^\\+` matches: + host");
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
	tu_write(tu_root, "/etc/blob", buf, 0644);
	ck_assert_int_eq(tu_probe_run(tu_root, "content",
	    "{path: /etc/blob, not_matches: '^K'}", &ev, NULL), ST_FAIL);
	ck_assert_uint_eq(ev.n, 1);
	ck_assert_uint_eq(strlen(ev.v[0].found), 202);
	ck_assert_mem_eq(ev.v[0].found, buf, 199);
	ck_assert_str_eq(ev.v[0].found + 199, "...");
	evlist_release(&ev);
	ck_assert_int_eq(tu_probe_run(tu_root, "content",
	    "{path: /etc/blob, matches: '^secret='}", &ev, NULL), ST_PASS);
	ck_assert_uint_eq(ev.v[0].line, 2);
	evlist_release(&ev);
}
END_TEST

START_TEST(test_content_file_over_read_limit_is_error)
{
	struct evlist ev;
	char *path = xasprintf("%s/etc/huge", tu_root);
	FILE *fp = fopen(path, "w");

	ck_assert_ptr_nonnull(fp);
	/* a sparse file one byte over the limit: no disk needed */
	ck_assert_int_eq(fseek(fp, (long)limits_default.read_max, SEEK_SET),
	    0);
	ck_assert_int_eq(fputc('\n', fp), '\n');
	fclose(fp);
	free(path);
	ck_assert_int_eq(tu_probe_run(tu_root, "content",
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
	tu_write(tu_root, "/etc/evil", "ok\n" EVIL "\n", 0644);
	ck_assert_int_eq(tu_probe_run(tu_root, "content",
	    "{path: /etc/evil, not_matches: '(a+)+$'}", &ev, NULL), ST_ERROR);
	ck_assert_uint_eq(ev.n, 1);
	ck_assert_str_eq(ev.v[0].message,
	    "regex `(a+)+$` hit the match limit at line 2");
	ck_assert_uint_eq(ev.v[0].line, 2);
	evlist_release(&ev);
	/* ... but a matching line elsewhere still decides `matches` */
	tu_write(tu_root, "/etc/evil", EVIL "\nb\n", 0644);
	ck_assert_int_eq(tu_probe_run(tu_root, "content",
	    "{path: /etc/evil, matches: '(a+)+$|^b$'}", &ev, NULL), ST_PASS);
	ck_assert(tu_ev_has(&ev, "hit the match limit at line 1"));
	evlist_release(&ev);
	/* ... and a forbidden line elsewhere still fails `not_matches` */
	tu_write(tu_root, "/etc/evil", EVIL "\nb\n", 0644);
	ck_assert_int_eq(tu_probe_run(tu_root, "content",
	    "{path: /etc/evil, not_matches: '(a+)+$|^b$'}", &ev, NULL),
	    ST_FAIL);
	evlist_release(&ev);
}
END_TEST

/* An image whose second layer deletes a private key and an empty file
 * and fixes common-auth: the old versions are still in the tarball. */
static const struct tu_ent img_l0[] = {
	{ 'f', "etc/pam.d/common-auth", "auth required pam_unix.so nullok\n",
	  0644, 0 },
	{ 'd', "root", NULL, 0700, 0 },
	{ 'd', "root/.ssh", NULL, 0700, 0 },
	{ 'f', "root/.ssh/id_rsa", "-----BEGIN OPENSSH PRIVATE KEY-----\nb3B\n",
	  0600, 0 },
	{ 'f', "root/.ssh/empty", "", 0600, 0 },
	{ 'l', "root/.ssh/link", "id_rsa", 0777, 0 },
	{ 'd', "opt", NULL, 0755, 0 },
	{ 'd', "opt/app", NULL, 0755, 0 },
	{ 'f', "opt/app/key.pem", "-----BEGIN PRIVATE KEY-----\n", 0600, 0 },
	{ 0, NULL, NULL, 0, 0 },
};
static const struct tu_ent img_l1[] = {
	{ 'f', "etc/pam.d/common-auth", "auth required pam_unix.so\n", 0644,
	  0 },
	{ 'f', "root/.ssh/.wh.id_rsa", "", 0644, 0 },
	{ 'f', "root/.ssh/.wh.empty", "", 0644, 0 },
	{ 'f', "root/.ssh/.wh.link", "", 0644, 0 },
	{ 'f', "root/.ssh/authorized_keys", "ssh-ed25519 AAAA\n", 0600, 0 },
	{ 'f', "opt/app/.wh.key.pem", "", 0644, 0 },
	{ 0, NULL, NULL, 0, 0 },
};
static const struct tu_layer img_layers[] = {
	{ img_l0, "ADD rootfs.tar /" },
	{ img_l1, "RUN harden" },
};

#define KEY_HIDDEN "present in layer 0 (created by: " \
	"ADD rootfs.tar /), deleted by a later layer \u2014 still shipped in " \
	"the image; forbidden `PRIVATE KEY` matches: -----BEGIN OPENSSH " \
	"PRIVATE KEY-----"

static const struct {
	const char	*args;
	enum status	 st;
	const char	*path;		/* of the evidence holding EV */
	const char	*ev;
} img_cases[] = {
	/* the running filesystem's verdict is not confused by old layers */
	{ "{path: /etc/pam.d/common-auth, not_matches: nullok}", ST_PASS,
	  "/etc/pam.d/common-auth",
	  "no line of /etc/pam.d/common-auth matches forbidden `nullok`" },
	{ "{path: \"/etc/pam.d/*\", not_matches: nullok, hidden: false}",
	  ST_PASS, "/etc/pam.d/common-auth", "(1 lines)" },
	{ "{path: \"/root/.ssh/*\", not_matches: PRIVATE KEY}", ST_PASS,
	  "/root/.ssh/authorized_keys",
	  "no line of /root/.ssh/authorized_keys matches forbidden" },
	/* hidden: true judges what later layers hide, by its kept lines */
	{ "{path: \"/root/.ssh/*\", not_matches: PRIVATE KEY, hidden: true}",
	  ST_FAIL, "/root/.ssh/id_rsa", KEY_HIDDEN },
	{ "{path: \"/root/.ssh/*\", not_matches: PRIVATE KEY, hidden: true}",
	  ST_FAIL, "/root/.ssh/empty", "present in layer 0 (created by: ADD "
	  "rootfs.tar /), deleted by a later layer \u2014 still shipped in the "
	  "image; empty, so no line matches forbidden `PRIVATE KEY`" },
	{ "{path: /root/.ssh/id_rsa, not_matches: PRIVATE KEY, hidden: true}",
	  ST_FAIL, "/root/.ssh/id_rsa", KEY_HIDDEN },
	{ "{path: \"/root/.*/id_rsa\", not_matches: PRIVATE KEY, "
	  "hidden: true}", ST_FAIL, "/root/.ssh/id_rsa", KEY_HIDDEN },
	/* content the image did not keep: reported, never passed */
	{ "{path: \"/opt/app/*\", not_matches: PRIVATE KEY, hidden: true, "
	  "missing: pass}", ST_ERROR, "/opt/app/key.pem", "present in layer 0 "
	  "(created by: ADD rootfs.tar /), deleted by a later layer \u2014 "
	  "still shipped in the image; its content was not retained from the "
	  "image, so forbidden `PRIVATE KEY` was not checked on it" },
	{ "{path: \"/root/*/id_rsa\", not_matches: PRIVATE KEY, "
	  "hidden: true, missing: pass}", ST_PASS, "/root/*/id_rsa",
	  "no file matches /root/*/id_rsa (missing: pass)" },
	{ "{path: /etc/pam.d/common-auth, not_matches: nullok, hidden: true}",
	  ST_FAIL, "/etc/pam.d/common-auth", "present in layer 0 (created by: "
	  "ADD rootfs.tar /), replaced by a later layer \u2014 still shipped "
	  "in the image; forbidden `nullok` matches: auth required "
	  "pam_unix.so nullok" },
	{ "{path: \"/root/.ssh/*\", matches: ssh-, not_matches: PRIVATE KEY, "
	  "hidden: true}", ST_FAIL, "/root/.ssh/authorized_keys",
	  "matches `ssh-`: ssh-ed25519 AAAA" },
	/* a hidden file passes when clean, and says where it came from */
	{ "{path: /etc/pam.d/common-auth, not_matches: PRIVATE KEY, "
	  "hidden: true}", ST_PASS, "/etc/pam.d/common-auth",
	  "present in layer 0 (created by: ADD rootfs.tar /), replaced by a "
	  "later layer \u2014 still shipped in the image; no line of "
	  "/etc/pam.d/common-auth matches forbidden `PRIVATE KEY` (1 "
	  "lines)" },
	/* a fail on the running filesystem stays a fail */
	{ "{path: \"/root/.ssh/*\", not_matches: ssh-, hidden: true}",
	  ST_FAIL, "/root/.ssh/authorized_keys",
	  "forbidden `ssh-` matches: ssh-ed25519 AAAA" },
};

/* The path of the first evidence item whose message holds NEEDLE. */
static const char *
ev_path(const struct evlist *ev, const char *needle)
{
	for (size_t i = 0; i < ev->n; i++)
		if (strstr(ev->v[i].message, needle) != NULL)
			return ev->v[i].path != NULL ? ev->v[i].path : "";
	return "";
}

START_TEST(test_content_image_hidden_files_are_reported)
{
	char *img = tu_write_image(tu_root, "img.tar", img_layers, 2);
	struct evlist ev;
	int st = tu_probe_run(img, "content", img_cases[_i].args, &ev, NULL);

	ck_assert_msg(tu_ev_has(&ev, img_cases[_i].ev), "%s: no \"%s\" in "
	    "\"%s\"", img_cases[_i].args, img_cases[_i].ev,
	    ev.n > 0 ? ev.v[0].message : "");
	ck_assert_str_eq(ev_path(&ev, img_cases[_i].ev), img_cases[_i].path);
	ck_assert_int_eq(st, img_cases[_i].st);
	/* the hidden symlink has no content to judge */
	for (size_t i = 0; i < ev.n; i++)
		ck_assert_str_ne(ev.v[i].path != NULL ? ev.v[i].path : "",
		    "/root/.ssh/link");
	evlist_release(&ev);
	free(img);
}
END_TEST

START_TEST(test_content_names_its_path_for_images_to_keep)
{
	static const char args[] = "{path: \"/opt/*.pem\", matches: x}";
	struct strlist g = STRLIST_INIT;
	struct diag *d = diag_new();
	struct ydoc *doc = ydoc_parse_string("t.yaml", args, strlen(args),
	    &limits_default, d);
	void *st = NULL;

	ck_assert_ptr_nonnull(doc);
	ck_assert_int_eq(probe_content.compile(ydoc_root(doc), &limits_default,
	    &st, d), 0);
	probe_content.paths(st, &g);
	ck_assert_uint_eq(g.n, 1);
	ck_assert_str_eq(g.v[0], "/opt/*.pem");
	probe_content.free(st);
	strlist_release(&g);
	ydoc_free(doc);
	diag_free(d);
}
END_TEST

static const struct {
	const char	*args;
	const char	*msg;
} bad[] = {
	{ "{path: /etc/a, matchs: x}",
	  "test.yaml:1:16: unknown key \"matchs\" in content (did you mean \"matches\"?)" },
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
	{ "{path: /a, matches: x, hidden: true}", "test.yaml:1:32: hidden: "
	  "needs not_matches (a file a later layer hides can only add "
	  "findings)" },
	{ "{path: /a, not_matches: x, hidden: 2}",
	  "test.yaml:1:36: hidden: expected true or false, got \"2\"" },
};

START_TEST(test_content_bad_args_name_file_line_col)
{
	tu_check_compile_error("content", bad[_i].args, bad[_i].msg);
}
END_TEST

static Suite *
probe_content_suite(void)
{
	Suite *s = suite_create("probe_content");
	TCase *tc = tcase_create("eval");

	tcase_add_checked_fixture(tc, setup, tu_root_teardown);
	tcase_add_loop_test(tc, test_content_verdict_and_evidence, 0,
	    sizeof(cases) / sizeof(cases[0]));
	tcase_add_test(tc, test_content_evidence_names_path_and_line);
	tcase_add_test(tc, test_content_not_matches_lists_every_offending_line);
	tcase_add_test(tc, test_content_long_binary_line_is_cut_raw);
	tcase_add_test(tc, test_content_file_over_read_limit_is_error);
	tcase_add_test(tc, test_content_regex_limit_is_error);
	tcase_add_loop_test(tc, test_content_image_hidden_files_are_reported,
	    0, sizeof(img_cases) / sizeof(img_cases[0]));
	suite_add_tcase(s, tc);
	tc = tcase_create("compile");
	tcase_add_loop_test(tc, test_content_bad_args_name_file_line_col, 0,
	    sizeof(bad) / sizeof(bad[0]));
	tcase_add_test(tc, test_content_names_its_path_for_images_to_keep);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return tu_run_suite(probe_content_suite());
}
