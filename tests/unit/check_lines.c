/*
 * check_lines.c -- the shared line reader (lines.c): continuations and
 * comments as each consumer's real parser has them.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "assay/lines.h"
#include "assay/strbuf.h"
#include "testutil.h"

#define NCASES(a)	((int)(sizeof(a) / sizeof((a)[0])))

static const struct lines_syntax plain = { LINES_JOIN_NONE, NULL, false };
static const struct lines_syntax cut = { LINES_JOIN_CUT, NULL, false };
static const struct lines_syntax blank_hold = {
	LINES_JOIN_BLANK, lines_comment_hash, true
};
static const struct lines_syntax blank_stop = {
	LINES_JOIN_BLANK, lines_comment_hash, false
};

/* Every logical line of TEXT as "LINENO:text", joined by "|". */
static char *
run(const char *text, const struct lines_syntax *syn)
{
	struct strbuf out = STRBUF_INIT;
	struct lines r;

	lines_init(&r, text, strlen(text), syn);
	while (lines_next(&r)) {
		ck_assert_uint_eq(strlen(r.line), r.linelen);
		(void)strbuf_addf(&out, "%s%u:%s", out.len > 0 ? "|" : "",
		    r.lineno, r.line);
	}
	lines_release(&r);
	return strbuf_detach(&out);
}

static const struct {
	const char			*text;
	const struct lines_syntax	*syn;
	const char			*want;
} cases[] = {
	/* Trimmed; blank lines skipped; CRLF as LF; no final newline. */
	{ "a\n\n  b  \r\n\t\nc", &plain, "1:a|3:b|5:c" },
	{ "", &plain, "" },
	{ "\n\n", &plain, "" },
	/* No joining: the backslash is text. */
	{ "a\\\nb\n", &plain, "1:a\\|2:b" },
	/* lines_simple (auditctl, grub): only a leading '#' comments. */
	{ "# c\n a # not\n\t#x\n", &lines_simple, "2:a # not" },
	/* LINES_JOIN_CUT (kmod): backslash and newline vanish. */
	{ "a\\\nb\n", &cut, "1:ab" },
	{ "a \\\n  b\nc\n", &cut, "1:a   b|3:c" },
	{ "a\\\r\nb\r\n", &cut, "1:ab" },
	{ "a\\\nb\\\nc\nd", &cut, "1:abc|4:d" },
	/* a backslash before blanks escapes them, it joins nothing */
	{ "a\\ \nb", &cut, "1:a\\|2:b" },
	/* continued into the end of the file */
	{ "a\\", &cut, "1:a" },
	{ "a\\\n", &cut, "1:a" },
	/* a blank line ends a continued line; an empty one is skipped */
	{ "a\\\n\nb", &cut, "1:a|3:b" },
	{ "\\\n\nb", &cut, "3:b" },
	/* no comments known: a '#' line continues like any other */
	{ "# c \\\ninstall x\n", &cut, "1:# c install x" },
	/* LINES_JOIN_BLANK: backslash, blanks after it, newline: a blank. */
	{ "a \\\nb", &blank_hold, "1:a  b" },
	{ "a\\  \t\nb", &blank_hold, "1:a b" },
	/* '#' anywhere (Linux-PAM): the comment ends the line, and its
	 * backslash continues nothing */
	{ "a # c \\\nb", &blank_hold, "1:a|2:b" },
	{ "a#b\nc", &blank_hold, "1:a|2:c" },
	/* held: blank and comment lines do not end a continued line */
	{ "a \\\n# c\n\n  b\n", &blank_hold, "1:a    b" },
	{ "# c\n\na\\\n", &blank_hold, "3:a" },
	/* not held: they do */
	{ "a \\\n# c\nb\n", &blank_stop, "1:a|3:b" },
	{ "a \\\n\nb\n", &blank_stop, "1:a|3:b" },
};

START_TEST(test_lines_join_and_comments)
{
	char *got = run(cases[_i].text, cases[_i].syn);

	ck_assert_str_eq(got, cases[_i].want);
	free(got);
}
END_TEST

static const struct {
	const char	*s;
	size_t		 line, hash;
} finders[] = {
	{ "# x", 0, 0 },
	{ " \t# x", 0, 2 },
	{ "a # x", 5, 2 },
	{ "a", 1, 1 },
	{ "", 0, 0 },
};

START_TEST(test_lines_comment_finders)
{
	size_t n = strlen(finders[_i].s);

	ck_assert_uint_eq(lines_comment_line(finders[_i].s, n),
	    finders[_i].line);
	ck_assert_uint_eq(lines_comment_hash(finders[_i].s, n),
	    finders[_i].hash);
}
END_TEST

/* The finders look at LEN bytes only. */
START_TEST(test_lines_comment_finders_stop_at_len)
{
	ck_assert_uint_eq(lines_comment_hash("ab#", 2), 2);
	ck_assert_uint_eq(lines_comment_line("  #", 2), 2);
}
END_TEST

START_TEST(test_lines_read_through_the_target)
{
	char *root = tu_tmpdir();
	struct target *t;
	struct lines r;

	tu_write(root, "/etc/x.conf", "# head\nkey \\\n  value\n", 0644);
	tu_mkfifo(root, "/etc/fifo");
	t = tu_target_open(root);
	ck_assert_int_eq(lines_read(&r, t, "/etc/x.conf", &cut), FS_OK);
	ck_assert(lines_next(&r));
	ck_assert_str_eq(r.line, "# head");
	ck_assert(lines_next(&r));
	ck_assert_str_eq(r.line, "key   value");
	ck_assert_uint_eq(r.lineno, 2);
	ck_assert(!lines_next(&r));
	lines_release(&r);
	/* What cannot be read gives its reason and no lines. */
	ck_assert_int_eq(lines_read(&r, t, "/etc/none", &cut), FS_ENOENT);
	ck_assert(!lines_next(&r));
	lines_release(&r);
	ck_assert_int_eq(lines_read(&r, t, "/etc/fifo", &cut), FS_ENOTREG);
	ck_assert(!lines_next(&r));
	lines_release(&r);
	target_close(t);
	tu_rmtree(root);
	free(root);
}
END_TEST

START_TEST(test_lines_read_first_that_exists)
{
	static const char *const paths[] = { "/etc/a", "/etc/x/b", "/usr/c",
		NULL };
	static const char *const fifo_first[] = { "/etc/fifo", "/usr/c",
		NULL };
	char *root = tu_tmpdir();
	struct target *t;
	struct lines r;
	const char *path = NULL;

	/* /etc/x is a file: a path through it does not exist either */
	tu_write(root, "/etc/x", "", 0644);
	tu_write(root, "/usr/c", "c\n", 0644);
	tu_mkfifo(root, "/etc/fifo");
	t = tu_target_open(root);
	ck_assert_int_eq(lines_read_first(&r, t, paths, &path, &cut), FS_OK);
	ck_assert_str_eq(path, "/usr/c");
	ck_assert(lines_next(&r));
	ck_assert_str_eq(r.line, "c");
	lines_release(&r);
	/* the first that exists but cannot be read is the answer */
	ck_assert_int_eq(lines_read_first(&r, t, fifo_first, &path, &cut),
	    FS_ENOTREG);
	ck_assert_str_eq(path, "/etc/fifo");
	ck_assert(!lines_next(&r));
	lines_release(&r);
	target_close(t);
	tu_rmtree(root);
	free(root);
}
END_TEST

START_TEST(test_lines_read_first_none_exists)
{
	static const char *const paths[] = { "/etc/a", "/etc/b", NULL };
	char *root = tu_tmpdir();
	struct target *t;
	struct lines r;
	const char *path = NULL;

	t = tu_target_open(root);
	ck_assert_int_eq(lines_read_first(&r, t, paths, &path, &cut),
	    FS_ENOENT);
	ck_assert_str_eq(path, "/etc/a");
	ck_assert(!lines_next(&r));
	lines_release(&r);
	target_close(t);
	tu_rmtree(root);
	free(root);
}
END_TEST

static Suite *
lines_suite(void)
{
	Suite *s = suite_create("lines");
	TCase *tc = tcase_create("text");

	tcase_add_loop_test(tc, test_lines_join_and_comments, 0,
	    NCASES(cases));
	tcase_add_loop_test(tc, test_lines_comment_finders, 0,
	    NCASES(finders));
	tcase_add_test(tc, test_lines_comment_finders_stop_at_len);
	suite_add_tcase(s, tc);

	tc = tcase_create("target");
	tcase_add_test(tc, test_lines_read_through_the_target);
	tcase_add_test(tc, test_lines_read_first_that_exists);
	tcase_add_test(tc, test_lines_read_first_none_exists);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return tu_run_suite(lines_suite());
}
