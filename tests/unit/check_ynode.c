/*
 * check_ynode.c -- YAML -> positioned nodes.
 *
 * Every policy error message names file:line:col from these positions, so
 * they are checked node by node; so are the refusals (duplicate keys,
 * anchors and aliases, nesting, several documents, NUL bytes), libyaml's
 * own syntax errors, the typed readers' messages and the deep copy with
 * variable expansion. The bad-input files live in fixtures/ynode/ so the
 * messages read as a user would see them.
 */
#include "config.h"

#include <ctype.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "assay/diag.h"
#include "assay/limits.h"
#include "assay/strbuf.h"
#include "assay/util.h"
#include "assay/xmem.h"
#include "assay/ynode.h"
#include "testutil.h"

/* Parse TEXT as "t.yaml" with the default limits. */
static struct ydoc *
parse(const char *text, struct diag *d)
{
	return ydoc_parse_string("t.yaml", text, strlen(text),
	    &limits_default, d);
}

/* Positions */

/* Follow PATH ("key/key/#index/...") from the root. */
static const struct ynode *
walk(const struct ynode *n, const char *path)
{
	char *p = xstrdup(path);
	char *save = NULL;

	for (char *c = strtok_r(p, "/", &save); c != NULL && n != NULL;
	    c = strtok_r(NULL, "/", &save)) {
		if (c[0] == '#') {
			size_t i = (size_t)atoi(c + 1);

			n = (ynode_is_seq(n) && i < n->len) ? n->items[i] :
			    NULL;
		} else
			n = ynode_get(n, c);
	}
	free(p);
	return n;
}

static const struct {
	const char	*path;
	enum ynode_kind	 kind;
	unsigned	 line, col;
	const char	*text;
	bool		 quoted;
} pos_cases[] = {
	{ "", YNODE_MAP, 2, 1, NULL, false },
	{ "id", YNODE_SCALAR, 2, 5, "sshd-root", false },
	{ "severity", YNODE_SCALAR, 3, 11, "high", false },
	{ "tags", YNODE_SEQ, 5, 3, NULL, false },
	{ "tags/#0", YNODE_SCALAR, 5, 5, "ssh", false },
	{ "tags/#1", YNODE_SCALAR, 6, 5, "access", true },
	{ "check", YNODE_MAP, 8, 3, NULL, false },
	{ "check/sshd_config", YNODE_MAP, 8, 16, NULL, false },
	{ "check/sshd_config/key", YNODE_SCALAR, 8, 22, "PermitRootLogin",
	    false },
	{ "check/sshd_config/expect", YNODE_MAP, 8, 47, NULL, false },
	{ "check/sshd_config/expect/equals", YNODE_SCALAR, 8, 56, "no",
	    true },
	{ "select", YNODE_SEQ, 10, 1, NULL, false },	/* indentless */
	{ "select/#0", YNODE_SCALAR, 10, 3, "a", false },
};

START_TEST(test_ynode_positions_are_one_based_line_col)
{
	struct diag *d = diag_new();
	char *path = tu_srcpath("fixtures/ynode/positions.yaml");
	struct ydoc *doc = ydoc_parse_file(path, &limits_default, d);
	const struct ynode *n;

	ck_assert_msg(doc != NULL, "%s", diag_text(d, 0));
	n = walk(ydoc_root(doc), pos_cases[_i].path);
	ck_assert_msg(n != NULL, "no node at %s", pos_cases[_i].path);
	ck_assert_int_eq(n->kind, pos_cases[_i].kind);
	ck_assert_msg(n->at.line == pos_cases[_i].line &&
	    n->at.col == pos_cases[_i].col, "%s: at %u:%u, want %u:%u",
	    pos_cases[_i].path, n->at.line, n->at.col, pos_cases[_i].line,
	    pos_cases[_i].col);
	ck_assert_ptr_eq(n->at.file, ydoc_file(doc));
	ck_assert_str_eq(ydoc_file(doc), path);
	if (pos_cases[_i].text != NULL) {
		ck_assert_str_eq(n->text, pos_cases[_i].text);
		ck_assert(n->quoted == pos_cases[_i].quoted);
	} else
		ck_assert_ptr_null(n->text);
	ck_assert_uint_eq(diag_count(d), 0);
	ydoc_free(doc);
	free(path);
	diag_free(d);
}
END_TEST

START_TEST(test_ynode_map_keys_keep_positions_and_order)
{
	struct diag *d = diag_new();
	struct ydoc *doc = parse("b: 1\na: 2\nc:\n", d);
	const struct ynode *root;

	ck_assert_ptr_nonnull(doc);
	root = ydoc_root(doc);
	ck_assert_uint_eq(root->len, 3);
	ck_assert_str_eq(root->keys[0]->text, "b");
	ck_assert_str_eq(root->keys[1]->text, "a");
	ck_assert_uint_eq(root->keys[1]->at.line, 2);
	ck_assert_uint_eq(root->keys[1]->at.col, 1);
	ck_assert_str_eq(root->items[1]->text, "2");
	/* An empty value is an empty plain scalar, not NULL. */
	ck_assert(ynode_is_scalar(root->items[2]));
	ck_assert_str_eq(root->items[2]->text, "");
	ck_assert_ptr_null(ynode_get(root, "d"));
	ck_assert_ptr_null(ynode_get(root->items[0], "b"));
	ck_assert_ptr_null(ynode_get(NULL, "b"));
	ydoc_free(doc);
	diag_free(d);
}
END_TEST

START_TEST(test_ynode_scalar_root_is_allowed)
{
	struct diag *d = diag_new();
	struct ydoc *doc = parse("just text\n", d);

	ck_assert_ptr_nonnull(doc);
	ck_assert(ynode_is_scalar(ydoc_root(doc)));
	ck_assert_str_eq(ydoc_root(doc)->text, "just text");
	ydoc_free(doc);
	ydoc_free(NULL);
	diag_free(d);
}
END_TEST

/* Bad files: the first message and how many there are. The fixture
 * setup has chdir()ed to fixtures/ynode. */

static const struct {
	const char	*file;
	const char	*first;
} bad_cases[] = {
	{ "dup-key.yaml", "dup-key.yaml:3:1: duplicate key \"id\" "
	    "(first at line 1)" },
	{ "anchor.yaml", "anchor.yaml:1:7: anchors and aliases are not "
	    "supported" },
	{ "alias.yaml", "alias.yaml:2:4: anchors and aliases are not "
	    "supported" },
	{ "empty.yaml", "empty.yaml: empty document" },
	{ "comments-only.yaml", "comments-only.yaml: empty document" },
	{ "unclosed-flow.yaml", "unclosed-flow.yaml:2:3: yaml: did not find "
	    "expected ',' or ']' while parsing a flow sequence" },
	{ "tab-indent.yaml", "tab-indent.yaml:2:1: yaml: found character "
	    "that cannot start any token while scanning for the next token" },
	{ "two-docs.yaml", "two-docs.yaml:2:1: only one document per file" },
	{ "nul-scalar.yaml", "nul-scalar.yaml:1:5: NUL byte in a scalar" },
	{ "deep.yaml", "deep.yaml:1:65: nesting deeper than 64 levels" },
	{ "nonscalar-key.yaml", "nonscalar-key.yaml:1:2: mapping keys must "
	    "be scalars" },
};

static int saved_cwd = -1;

static void
setup_fixture_dir(void)
{
	char *dir = tu_srcpath("fixtures/ynode");

	saved_cwd = open(".", O_RDONLY | O_DIRECTORY);
	ck_assert_int_ge(saved_cwd, 0);
	ck_assert_int_eq(chdir(dir), 0);
	free(dir);
}

static void
teardown_fixture_dir(void)
{
	if (saved_cwd >= 0) {
		ck_assert_int_eq(fchdir(saved_cwd), 0);
		close(saved_cwd);
		saved_cwd = -1;
	}
}

START_TEST(test_ynode_bad_input_names_file_line_col)
{
	struct diag *d = diag_new();
	struct ydoc *doc = ydoc_parse_file(bad_cases[_i].file,
	    &limits_default, d);

	ck_assert_ptr_null(doc);
	ck_assert_uint_ge(diag_count(d), 1);
	ck_assert_str_eq(diag_text(d, 0), bad_cases[_i].first);
	diag_free(d);
}
END_TEST

START_TEST(test_ynode_missing_file_is_an_error)
{
	struct diag *d = diag_new();

	ck_assert_ptr_null(ydoc_parse_file("no-such.yaml", &limits_default,
	    d));
	ck_assert_str_eq(diag_text(d, 0),
	    "no-such.yaml: No such file or directory");
	diag_free(d);
}
END_TEST

START_TEST(test_ynode_file_over_policy_bytes_is_refused)
{
	struct limits lim = limits_default;
	struct diag *d = diag_new();
	char *dir = tu_tmpdir();
	char *path = xasprintf("%s/big.yaml", dir);
	char *want = xasprintf("%s: larger than 16 bytes", path);
	struct ydoc *doc;

	lim.policy_bytes = 16;
	tu_write(dir, "big.yaml", "a: 0123456789ab\n", 0644);	/* 16 */
	doc = ydoc_parse_file(path, &lim, d);
	ck_assert_msg(doc != NULL, "%s", diag_text(d, 0));
	ck_assert_str_eq(ynode_get(ydoc_root(doc), "a")->text,
	    "0123456789ab");
	ydoc_free(doc);

	tu_write(dir, "big.yaml", "a: 0123456789abc\n", 0644);	/* 17 */
	ck_assert_ptr_null(ydoc_parse_file(path, &lim, d));
	ck_assert_uint_eq(diag_count(d), 1);
	ck_assert_str_eq(diag_text(d, 0), want);
	tu_rmtree(dir);
	free(want);
	free(path);
	free(dir);
	diag_free(d);
}
END_TEST

START_TEST(test_ynode_every_duplicate_key_is_reported)
{
	struct diag *d = diag_new();

	ck_assert_ptr_null(parse("a: 1\nb: {x: 1, x: 2}\na: 3\n", d));
	ck_assert_uint_eq(diag_count(d), 2);
	ck_assert_str_eq(diag_text(d, 0),
	    "t.yaml:2:11: duplicate key \"x\" (first at line 2)");
	ck_assert_str_eq(diag_text(d, 1),
	    "t.yaml:3:1: duplicate key \"a\" (first at line 1)");
	diag_free(d);
}
END_TEST

START_TEST(test_ynode_same_key_in_sibling_maps_is_fine)
{
	struct diag *d = diag_new();
	struct ydoc *doc = parse("- {id: a}\n- {id: b}\n", d);

	ck_assert_ptr_nonnull(doc);
	ck_assert_uint_eq(diag_count(d), 0);
	ydoc_free(doc);
	diag_free(d);
}
END_TEST

START_TEST(test_ynode_nonscalar_key_then_scalar_key)
{
	struct diag *d = diag_new();

	/* A sequence key, then an ordinary key that must be checked for
	 * duplicates against it. */
	ck_assert_ptr_null(parse("? [a]\n: 1\nb: 2\n? {c: 1}\n: 3\n", d));
	ck_assert_str_eq(diag_text(d, 0),
	    "t.yaml:1:3: mapping keys must be scalars");
	diag_free(d);
}
END_TEST

/* Nesting with a depth cap of 3: each row is a document and its first
 * message (NULL: accepted). */
static const struct {
	const char	*text;
	const char	*first;
} depth_cases[] = {
	{ "[[[x]]]", NULL },
	{ "[[[[x]]]]", "t.yaml:1:4: nesting deeper than 3 levels" },
	{ "a:\n  b:\n    c: 1\n", NULL },
	{ "a:\n  b:\n    c:\n      d: 1\n",
	    "t.yaml:4:7: nesting deeper than 3 levels" },
	{ "a: [{b: 1}]\n", NULL },
	{ "a: [{b: [1]}]\n", "t.yaml:1:9: nesting deeper than 3 levels" },
};

START_TEST(test_ynode_depth_cap_comes_from_limits)
{
	struct limits lim = limits_default;
	struct diag *d = diag_new();
	struct ydoc *doc;

	lim.yaml_depth = 3;
	doc = ydoc_parse_string("t.yaml", depth_cases[_i].text,
	    strlen(depth_cases[_i].text), &lim, d);
	if (depth_cases[_i].first == NULL) {
		ck_assert_msg(doc != NULL, "%s", diag_text(d, 0));
		ydoc_free(doc);
	} else {
		ck_assert_ptr_null(doc);
		ck_assert_str_eq(diag_text(d, 0), depth_cases[_i].first);
	}
	diag_free(d);
}
END_TEST

START_TEST(test_ynode_invalid_utf8_is_a_syntax_error)
{
	struct diag *d = diag_new();

	ck_assert_ptr_null(parse("a: b\nc: \xff\n", d));
	ck_assert_uint_eq(diag_count(d), 1);
	/* libyaml gives only a byte offset for reader errors; the message
	 * must still point at the bad byte (line 2, column 4). */
	ck_assert_msg(strncmp(diag_text(d, 0), "t.yaml:2:4: yaml: invalid "
	    "leading UTF-8 octet", 45) == 0, "got %s", diag_text(d, 0));
	diag_free(d);
}
END_TEST

/* ynode_show */

START_TEST(test_ynode_show_describes_nodes)
{
	struct diag *d = diag_new();
	struct ydoc *doc = parse("s: \"a \\\"q\\\"\"\nm: {}\nq: []\n"
	    "n: \"tab\\there\"\n", d);
	const struct ynode *root;

	ck_assert_ptr_nonnull(doc);
	root = ydoc_root(doc);
	ck_assert_str_eq(ynode_show(ynode_get(root, "s")), "\"a \\\"q\\\"\"");
	ck_assert_str_eq(ynode_show(ynode_get(root, "m")), "a mapping");
	ck_assert_str_eq(ynode_show(ynode_get(root, "q")), "a sequence");
	ck_assert_str_eq(ynode_show(ynode_get(root, "n")), "\"tab\\x09here\"");
	ck_assert_str_eq(ynode_show(NULL), "nothing");
	ydoc_free(doc);
	diag_free(d);
}
END_TEST

/* Long scalars are cut, and what is shown stays a closed, valid UTF-8
 * quoted string whatever the scalar holds. */
static const struct {
	const char	*what;
	const char	*unit;		/* YAML double-quoted text */
	int		 times;
} show_long_cases[] = {
	{ "ascii", "a", 300 },
	{ "two-byte", "\xc3\xa9", 150 },
	{ "quotes", "\\\"", 150 },
	{ "control bytes", "\\t", 150 },
	{ "quote then euro", "\\\"\xe2\x82\xac", 60 },
};

START_TEST(test_ynode_show_long_scalar_is_cut_and_closed)
{
	struct strbuf y = STRBUF_INIT;
	struct diag *d = diag_new();
	const char *shown;
	struct ydoc *doc;
	size_t len;

	ck_assert_int_eq(strbuf_addstr(&y, "v: \""), 0);
	for (int i = 0; i < show_long_cases[_i].times; i++)
		ck_assert_int_eq(strbuf_addstr(&y, show_long_cases[_i].unit),
		    0);
	ck_assert_int_eq(strbuf_addstr(&y, "\"\n"), 0);
	doc = parse(y.buf, d);
	ck_assert_msg(doc != NULL, "%s", diag_text(d, 0));
	shown = ynode_show(ynode_get(ydoc_root(doc), "v"));
	len = strlen(shown);
	ck_assert_msg(utf8_valid(shown, len), "%s: invalid UTF-8: %s",
	    show_long_cases[_i].what, shown);
	ck_assert_msg(len >= 5 && shown[0] == '"' &&
	    strcmp(shown + len - 4, "...\"") == 0,
	    "%s: not cut and closed: %s", show_long_cases[_i].what, shown);
	ydoc_free(doc);
	strbuf_release(&y);
	diag_free(d);
}
END_TEST

/* ynode_check_keys */

static const char *const rule_keys[] = { "id", "title", "severity", NULL };

START_TEST(test_ynode_check_keys_reports_each_unknown_key)
{
	struct diag *d = diag_new();
	char *path = tu_srcpath("fixtures/ynode/unknown-keys.yaml");
	struct ydoc *doc = ydoc_parse_file(path, &limits_default, d);
	char *want0 = xasprintf("%s:2:1: unknown key \"severty\" in rule (did you mean \"severity\"?)",
	    path);
	char *want1 = xasprintf("%s:4:1: unknown key \"bogus\" in rule",
	    path);

	ck_assert_ptr_nonnull(doc);
	ck_assert_int_eq(ynode_check_keys(ydoc_root(doc), "rule", rule_keys,
	    d), -1);
	ck_assert_uint_eq(diag_count(d), 2);
	ck_assert_str_eq(diag_text(d, 0), want0);
	ck_assert_str_eq(diag_text(d, 1), want1);
	ydoc_free(doc);
	free(want0);
	free(want1);
	free(path);
	diag_free(d);
}
END_TEST

START_TEST(test_ynode_check_keys_accepts_known_and_refuses_non_maps)
{
	struct diag *d = diag_new();
	struct ydoc *doc = parse("ok: {id: x, title: y}\nseq: [id]\n", d);
	const struct ynode *root;

	ck_assert_ptr_nonnull(doc);
	root = ydoc_root(doc);
	ck_assert_int_eq(ynode_check_keys(ynode_get(root, "ok"), "rule",
	    rule_keys, d), 0);
	ck_assert_uint_eq(diag_count(d), 0);
	ck_assert_int_eq(ynode_check_keys(ynode_get(root, "seq"), "rule",
	    rule_keys, d), -1);
	ck_assert_str_eq(diag_text(d, 0),
	    "t.yaml:2:6: rule: expected a mapping, got a sequence");
	ck_assert_int_eq(ynode_check_keys(NULL, "rule", rule_keys, d), -1);
	ck_assert_str_eq(diag_text(d, 1),
	    "rule: expected a mapping, got nothing");
	ydoc_free(doc);
	diag_free(d);
}
END_TEST

/* Typed readers: "v: VALUE" read with READER; WANT is the message, or
 * NULL on success with the value in OK. */
enum reader { R_STR, R_BOOL, R_UINT, R_STRS };

static const struct {
	enum reader	 reader;
	const char	*value;
	const char	*want;
	/* On success: str the text, bool "1"/"0", uint the number, strs
	 * the items joined with ','. */
	const char	*ok;
} reader_cases[] = {
	{ R_STR, "hello", NULL, "hello" },
	{ R_STR, "\"\"", NULL, "" },
	{ R_STR, "{a: 1}", "t.yaml:1:4: v: expected a string, got a mapping",
	    NULL },
	{ R_STR, "[a]", "t.yaml:1:4: v: expected a string, got a sequence",
	    NULL },
	{ R_BOOL, "true", NULL, "1" },
	{ R_BOOL, "false", NULL, "0" },
	{ R_BOOL, "yes", "t.yaml:1:4: v: expected true or false, got \"yes\"",
	    NULL },
	{ R_BOOL, "True", "t.yaml:1:4: v: expected true or false, "
	    "got \"True\"", NULL },
	{ R_BOOL, "\"true\"", "t.yaml:1:4: v: expected true or false, "
	    "got \"true\"", NULL },
	{ R_BOOL, "[true]", "t.yaml:1:4: v: expected true or false, "
	    "got a sequence", NULL },
	{ R_UINT, "7", NULL, "7" },
	{ R_UINT, "0", NULL, "0" },
	{ R_UINT, "10", NULL, "10" },
	{ R_UINT, "11", "t.yaml:1:4: v: expected an integer from 0 to 10, "
	    "got \"11\"", NULL },
	{ R_UINT, "-1", "t.yaml:1:4: v: expected an integer from 0 to 10, "
	    "got \"-1\"", NULL },
	{ R_UINT, "0x5", "t.yaml:1:4: v: expected an integer from 0 to 10, "
	    "got \"0x5\"", NULL },
	{ R_UINT, "{}", "t.yaml:1:4: v: expected an integer from 0 to 10, "
	    "got a mapping", NULL },
	{ R_STRS, "a", NULL, "a" },
	{ R_STRS, "[a, b]", NULL, "a,b" },
	{ R_STRS, "[]", NULL, "" },
	{ R_STRS, "[a, [b]]", "t.yaml:1:8: v: expected a string, "
	    "got a sequence", NULL },
	{ R_STRS, "{a: 1}", "t.yaml:1:4: v: expected a string or a list of "
	    "strings, got a mapping", NULL },
};

/* Run one reader; returns its rc and renders the value into GOT. */
static int
run_reader(enum reader r, const struct ynode *n, struct diag *d, char **got)
{
	const char *s;
	bool b;
	uint64_t u;
	const char **v;
	size_t nv;
	int rc = -1;

	*got = NULL;
	switch (r) {
	case R_STR:
		rc = ynode_str(n, "v", &s, d);
		if (rc == 0)
			*got = xstrdup(s);
		break;
	case R_BOOL:
		rc = ynode_bool(n, "v", &b, d);
		if (rc == 0)
			*got = xstrdup(b ? "1" : "0");
		break;
	case R_UINT:
		rc = ynode_uint(n, "v", 0, 10, &u, d);
		if (rc == 0)
			*got = xasprintf("%llu", (unsigned long long)u);
		break;
	case R_STRS:
		rc = ynode_strs(n, "v", &v, &nv, d);
		if (rc == 0) {
			*got = xstrdup("");
			for (size_t i = 0; i < nv; i++) {
				char *t = xasprintf("%s%s%s", *got,
				    i > 0 ? "," : "", v[i]);

				free(*got);
				*got = t;
			}
			free(v);
		}
		break;
	}
	return rc;
}

START_TEST(test_ynode_typed_readers_name_key_expected_and_got)
{
	struct diag *d = diag_new();
	char *text = xasprintf("v: %s\n", reader_cases[_i].value);
	struct ydoc *doc = parse(text, d);
	char *got;
	int rc;

	ck_assert_msg(doc != NULL, "%s", diag_text(d, 0));
	rc = run_reader(reader_cases[_i].reader,
	    ynode_get(ydoc_root(doc), "v"), d, &got);
	if (reader_cases[_i].want == NULL) {
		ck_assert_msg(rc == 0, "%s", diag_text(d, 0));
		ck_assert_str_eq(got, reader_cases[_i].ok);
		ck_assert_uint_eq(diag_count(d), 0);
	} else {
		ck_assert_int_eq(rc, -1);
		ck_assert_uint_eq(diag_count(d), 1);
		ck_assert_str_eq(diag_text(d, 0), reader_cases[_i].want);
	}
	free(got);
	ydoc_free(doc);
	free(text);
	diag_free(d);
}
END_TEST

START_TEST(test_ynode_readers_on_missing_node_say_nothing)
{
	struct diag *d = diag_new();
	const char *s;

	ck_assert_int_eq(ynode_str(NULL, "title", &s, d), -1);
	ck_assert_str_eq(diag_text(d, 0),
	    "title: expected a string, got nothing");
	diag_free(d);
}
END_TEST

/* ynode_copy_expand */

struct expand_state {
	int	calls;
};

/* Upper-case a scalar; "bad" is an error reported at the scalar. */
static char *
expand_upper(const struct ynode *sc, void *arg, struct diag *d)
{
	struct expand_state *st = arg;
	char *s;

	st->calls++;
	if (strcmp(sc->text, "bad") == 0) {
		diag_add(d, &sc->at, "cannot expand %s", "bad");
		return NULL;
	}
	s = xstrdup(sc->text);
	for (char *p = s; *p != '\0'; p++)
		*p = (char)toupper((unsigned char)*p);
	return s;
}

/* Are A and B the same shape, positions and keys, with B's scalar texts
 * the upper-case of A's? */
static void
assert_upper_copy(const struct ynode *a, const struct ynode *b)
{
	ck_assert_ptr_ne(a, b);
	ck_assert_int_eq(a->kind, b->kind);
	ck_assert_uint_eq(a->at.line, b->at.line);
	ck_assert_uint_eq(a->at.col, b->at.col);
	ck_assert_str_eq(a->at.file, b->at.file);
	ck_assert_uint_eq(a->len, b->len);
	if (a->kind == YNODE_SCALAR) {
		/* A changed text is typed like a plain scalar. */
		ck_assert(b->quoted == (a->quoted &&
		    strcmp(a->text, b->text) == 0));
		ck_assert_ptr_ne(a->text, b->text);
		ck_assert_uint_eq(strlen(a->text), strlen(b->text));
		for (size_t i = 0; a->text[i] != '\0'; i++)
			ck_assert_int_eq(toupper((unsigned char)a->text[i]),
			    b->text[i]);
		return;
	}
	ck_assert(!b->quoted);
	ck_assert_ptr_null(b->text);
	ck_assert((a->keys == NULL) == (b->keys == NULL));
	for (size_t i = 0; i < a->len; i++) {
		if (a->keys != NULL) {
			/* Keys are copied, never expanded. */
			ck_assert_str_eq(a->keys[i]->text, b->keys[i]->text);
			ck_assert_uint_eq(a->keys[i]->at.line,
			    b->keys[i]->at.line);
			ck_assert_uint_eq(a->keys[i]->at.col,
			    b->keys[i]->at.col);
		}
		assert_upper_copy(a->items[i], b->items[i]);
	}
}

START_TEST(test_ynode_copy_expand_keeps_shape_and_positions)
{
	struct diag *d = diag_new();
	struct ydoc *doc = parse("key: value\nlist: [x, \"y\"]\n"
	    "nested:\n  inner: {deep: z}\n", d);
	struct expand_state st = { 0 };
	struct ynode *copy;

	ck_assert_ptr_nonnull(doc);
	copy = ynode_copy_expand(ydoc_root(doc), expand_upper, &st, d);
	ck_assert_ptr_nonnull(copy);
	ck_assert_int_eq(st.calls, 4);
	assert_upper_copy(ydoc_root(doc), copy);
	ck_assert_str_eq(ynode_get(copy, "key")->text, "VALUE");
	ck_assert_uint_eq(diag_count(d), 0);
	ynode_free(copy);
	ynode_free(NULL);
	ydoc_free(doc);
	diag_free(d);
}
END_TEST

/* "{{ var.on }}" -> "true"; anything else unchanged. */
static char *
expand_var(const struct ynode *sc, void *arg, struct diag *d)
{
	(void)arg;
	(void)d;
	return xstrdup(strcmp(sc->text, "{{ var.on }}") == 0 ? "true" :
	    sc->text);
}

START_TEST(test_ynode_copy_expand_result_is_typed_as_plain)
{
	struct diag *d = diag_new();
	struct ydoc *doc = parse("enabled: \"{{ var.on }}\"\n"
	    "name: \"true\"\n", d);
	struct ynode *copy;
	bool on = false;

	ck_assert_ptr_nonnull(doc);
	copy = ynode_copy_expand(ydoc_root(doc), expand_var, NULL, d);
	ck_assert_ptr_nonnull(copy);
	/* The expanded value reads as a boolean... */
	ck_assert_int_eq(ynode_bool(ynode_get(copy, "enabled"), "enabled",
	    &on, d), 0);
	ck_assert(on);
	/* ...but a quoted "true" the user wrote stays a string. */
	ck_assert(ynode_get(copy, "name")->quoted);
	ck_assert_int_eq(ynode_bool(ynode_get(copy, "name"), "name", &on, d),
	    -1);
	ck_assert_str_eq(diag_text(d, 0),
	    "t.yaml:2:7: name: expected true or false, got \"true\"");
	ynode_free(copy);
	ydoc_free(doc);
	diag_free(d);
}
END_TEST

START_TEST(test_ynode_copy_expand_reports_every_failure)
{
	struct diag *d = diag_new();
	struct ydoc *doc = parse("a: ok\nb: [bad, fine]\nc: {d: bad}\n", d);
	struct expand_state st = { 0 };

	ck_assert_ptr_nonnull(doc);
	ck_assert_ptr_null(ynode_copy_expand(ydoc_root(doc), expand_upper,
	    &st, d));
	ck_assert_int_eq(st.calls, 4);
	ck_assert_uint_eq(diag_count(d), 2);
	ck_assert_str_eq(diag_text(d, 0), "t.yaml:2:5: cannot expand bad");
	ck_assert_str_eq(diag_text(d, 1), "t.yaml:3:8: cannot expand bad");
	ydoc_free(doc);
	diag_free(d);
}
END_TEST

START_TEST(test_ynode_copy_expand_of_a_scalar)
{
	struct diag *d = diag_new();
	struct ydoc *doc = parse("bad\n", d);
	struct expand_state st = { 0 };

	ck_assert_ptr_nonnull(doc);
	ck_assert_ptr_null(ynode_copy_expand(ydoc_root(doc), expand_upper,
	    &st, d));
	ck_assert_str_eq(diag_text(d, 0), "t.yaml:1:1: cannot expand bad");
	ydoc_free(doc);
	diag_free(d);
}
END_TEST

/* Whether A and B are the same tree: kinds, texts, quoting, keys. */
static bool
same_tree(const struct ynode *a, const struct ynode *b)
{
	if (a->kind != b->kind || a->len != b->len || a->quoted != b->quoted ||
	    (a->text != NULL) != (b->text != NULL) ||
	    (a->text != NULL && strcmp(a->text, b->text) != 0))
		return false;
	for (size_t i = 0; i < a->len; i++)
		if ((a->keys != NULL && !same_tree(a->keys[i], b->keys[i])) ||
		    !same_tree(a->items[i], b->items[i]))
			return false;
	return true;
}

/* What ybuild makes is what parsing the same YAML makes, positioned
 * where the caller said; a NULL builder takes every call. */
START_TEST(test_ybuild_is_the_parsed_tree)
{
	const char *yaml = "policy: \"p\"\nrules:\n  - id: \"r\"\n"
	    "    severity: high\n    check: {oval: {negate: true, export: "
	    "{\"a b\": \"{{ var.x }}\"}}}\n    tags: []\n";
	struct diag *d = diag_new();
	struct ydoc *want = ydoc_parse_string("y", yaml, strlen(yaml),
	    &limits_default, d);
	struct ybuild *b = ybuild_new("ds.xml", &limits_default, d);
	struct ydoc *got;

	ck_assert_ptr_nonnull(want);
	for (int dry = 1; dry >= 0; dry--) {
		struct ybuild *t = dry ? NULL : b;

		ybuild_at(t, 7);
		ybuild_map(t);
		ybuild_key(t, "policy");
		ybuild_str(t, "p");
		ybuild_key(t, "rules");
		ybuild_seq(t);
		ybuild_at(t, 42);
		ybuild_map(t);
		ybuild_key(t, "id");
		ybuild_str(t, "r");
		ybuild_key(t, "severity");
		ybuild_scalar(t, "high", false);
		ybuild_key(t, "check");
		ybuild_map(t);
		ybuild_key(t, "oval");
		ybuild_map(t);
		ybuild_key(t, "negate");
		ybuild_scalar(t, "true", false);
		ybuild_key(t, "export");
		ybuild_map(t);
		ybuild_str(t, "a b");
		ybuild_str(t, "{{ var.x }}");
		ybuild_end(t);
		ybuild_end(t);
		ybuild_end(t);
		ybuild_key(t, "tags");
		ybuild_seq(t);
		ybuild_end(t);
		ybuild_end(t);
		ybuild_end(t);
		ybuild_end(t);
	}
	got = ybuild_done(b);
	ck_assert_ptr_nonnull(got);
	ck_assert(same_tree(ydoc_root(want), ydoc_root(got)));
	ck_assert_str_eq(ydoc_file(got), "ds.xml");
	ck_assert_uint_eq(ydoc_root(got)->at.line, 7);
	ck_assert_uint_eq(walk(ydoc_root(got), "rules/#0/id")->at.line, 42);
	ck_assert_int_eq(diag_count(d), 0);
	ydoc_free(want);
	ydoc_free(got);
	diag_free(d);
}
END_TEST

/* The checks the parser makes, made on built trees too. */
START_TEST(test_ybuild_checks_as_the_parser)
{
	struct diag *d = diag_new();
	struct ybuild *b = ybuild_new("ds.xml", &limits_default, d);

	ybuild_at(b, 3);
	ybuild_map(b);
	ybuild_key(b, "id");
	ybuild_str(b, "a");
	ybuild_at(b, 9);
	ybuild_key(b, "id");
	ybuild_str(b, "b");
	ybuild_end(b);
	ck_assert_ptr_null(ybuild_done(b));
	ck_assert_str_eq(diag_text(d, 0),
	    "ds.xml:9: duplicate key \"id\" (first at line 3)");
	diag_free(d);

	d = diag_new();
	b = ybuild_new("ds.xml", &limits_default, d);
	ybuild_seq(b);
	ck_assert_ptr_null(ybuild_done(b));
	ck_assert_ptr_nonnull(strstr(diag_text(d, 0), "left open"));
	diag_free(d);

	d = diag_new();
	b = ybuild_new("ds.xml", &limits_default, d);
	ck_assert_ptr_null(ybuild_done(b));
	ck_assert_ptr_nonnull(strstr(diag_text(d, 0), "empty document"));
	diag_free(d);

	d = diag_new();
	b = ybuild_new("ds.xml", &limits_default, d);
	for (unsigned i = 0; i <= limits_default.yaml_depth; i++)
		ybuild_seq(b);
	ck_assert_ptr_null(ybuild_done(b));
	ck_assert_ptr_nonnull(strstr(diag_text(d, 0), "nesting deeper"));
	diag_free(d);
}
END_TEST

#define NCASES(a)	((int)(sizeof(a) / sizeof((a)[0])))

static Suite *
ynode_suite(void)
{
	Suite *s = suite_create("ynode");
	TCase *tc;

	tc = tcase_create("parse");
	tcase_add_loop_test(tc, test_ynode_positions_are_one_based_line_col, 0,
	    NCASES(pos_cases));
	tcase_add_test(tc, test_ynode_map_keys_keep_positions_and_order);
	tcase_add_test(tc, test_ynode_scalar_root_is_allowed);
	tcase_add_test(tc, test_ynode_file_over_policy_bytes_is_refused);
	tcase_add_test(tc, test_ynode_every_duplicate_key_is_reported);
	tcase_add_test(tc, test_ynode_same_key_in_sibling_maps_is_fine);
	tcase_add_test(tc, test_ynode_nonscalar_key_then_scalar_key);
	tcase_add_loop_test(tc, test_ynode_depth_cap_comes_from_limits, 0,
	    NCASES(depth_cases));
	tcase_add_test(tc, test_ynode_invalid_utf8_is_a_syntax_error);
	suite_add_tcase(s, tc);

	tc = tcase_create("bad-files");
	tcase_add_checked_fixture(tc, setup_fixture_dir, teardown_fixture_dir);
	tcase_add_loop_test(tc, test_ynode_bad_input_names_file_line_col, 0,
	    NCASES(bad_cases));
	tcase_add_test(tc, test_ynode_missing_file_is_an_error);
	suite_add_tcase(s, tc);

	tc = tcase_create("readers");
	tcase_add_test(tc, test_ynode_show_describes_nodes);
	tcase_add_loop_test(tc, test_ynode_show_long_scalar_is_cut_and_closed,
	    0, NCASES(show_long_cases));
	tcase_add_test(tc, test_ynode_check_keys_reports_each_unknown_key);
	tcase_add_test(tc,
	    test_ynode_check_keys_accepts_known_and_refuses_non_maps);
	tcase_add_loop_test(tc,
	    test_ynode_typed_readers_name_key_expected_and_got, 0,
	    NCASES(reader_cases));
	tcase_add_test(tc, test_ynode_readers_on_missing_node_say_nothing);
	suite_add_tcase(s, tc);

	tc = tcase_create("copy");
	tcase_add_test(tc, test_ynode_copy_expand_keeps_shape_and_positions);
	tcase_add_test(tc, test_ynode_copy_expand_result_is_typed_as_plain);
	tcase_add_test(tc, test_ynode_copy_expand_reports_every_failure);
	tcase_add_test(tc, test_ynode_copy_expand_of_a_scalar);
	tcase_add_test(tc, test_ybuild_is_the_parsed_tree);
	tcase_add_test(tc, test_ybuild_checks_as_the_parser);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return tu_run_suite(ynode_suite());
}
