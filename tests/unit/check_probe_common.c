/*
 * check_probe_common.c -- the helpers probes share (probes/common.c).
 *
 * Each helper replaced copies that lived in several probes; these tests
 * hold the one implementation to what those probes relied on.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "assay/probe.h"
#include "testutil.h"

#define NCASES(a)	((int)(sizeof(a) / sizeof((a)[0])))

/* Parse YAML as file "t.yaml". */
static struct ydoc *
parse(const char *yaml)
{
	struct diag *d = diag_new();
	struct ydoc *doc = ydoc_parse_string("t.yaml", yaml, strlen(yaml),
	    &limits_default, d);

	ck_assert_msg(doc != NULL, "yaml: %s", diag_text(d, 0));
	diag_free(d);
	return doc;
}

/*
 * probe_check_opts(): options a query does not use.
 */

#define O_A	0x1
#define O_B	0x2
#define O_C	0x4

static const struct probe_opt opts[] = {
	{ "a", O_A },
	{ "b", O_B },
	{ "c", O_C },
	{ NULL, 0 }
};

static const struct {
	const char	*yaml;
	unsigned	 ok;
	int		 rc;
	size_t		 ndiag;
	const char	*first;
} opt_cases[] = {
	{ "{q: x}", 0, 0, 0, NULL },
	{ "{q: x, a: 1}", O_A, 0, 0, NULL },
	{ "{q: x, a: 1, c: [z]}", O_A | O_C, 0, 0, NULL },
	{ "{q: x, b: 1}", O_A, -1, 1,
	  "t.yaml:1:11: b: not used by query \"x\"" },
	/* Every stray option is reported, in table order. */
	{ "{q: x, c: 1, b: 2}", O_A, -1, 2,
	  "t.yaml:1:17: b: not used by query \"x\"" },
	/* Keys the table does not list are not its business. */
	{ "{q: x, other: 1}", 0, 0, 0, NULL },
};

START_TEST(test_probe_check_opts_reports_each_unused_option)
{
	struct ydoc *doc = parse(opt_cases[_i].yaml);
	struct diag *d = diag_new();

	ck_assert_int_eq(probe_check_opts(ydoc_root(doc), opts,
	    opt_cases[_i].ok, "query", "x", d), opt_cases[_i].rc);
	ck_assert_uint_eq(diag_count(d), opt_cases[_i].ndiag);
	if (opt_cases[_i].first != NULL)
		ck_assert_str_eq(diag_text(d, 0), opt_cases[_i].first);
	diag_free(d);
	ydoc_free(doc);
}
END_TEST

/*
 * probe_parse_strlist(): a string or a list of strings, appended.
 */

static const struct {
	const char	*yaml;
	int		 rc;
	const char	*want;		/* the list after "z", joined by | */
	const char	*err;
} strlist_cases[] = {
	{ "a", 0, "z|a", NULL },
	{ "[a, b]", 0, "z|a|b", NULL },
	{ "[]", 0, "z", NULL },
	{ "{a: 1}", -1, "z", "t.yaml:1:1: k: expected a string or a list of "
	  "strings, got a mapping" },
};

START_TEST(test_probe_parse_strlist_appends)
{
	struct ydoc *doc = parse(strlist_cases[_i].yaml);
	struct diag *d = diag_new();
	struct strlist l = STRLIST_INIT;
	struct strbuf b = STRBUF_INIT;

	strlist_add(&l, "z");
	ck_assert_int_eq(probe_parse_strlist(ydoc_root(doc), "k", &l, d),
	    strlist_cases[_i].rc);
	for (size_t i = 0; i < l.n; i++)
		(void)strbuf_addf(&b, "%s%s", i > 0 ? "|" : "", l.v[i]);
	ck_assert_str_eq(b.buf, strlist_cases[_i].want);
	if (strlist_cases[_i].err != NULL)
		ck_assert_str_eq(diag_text(d, 0), strlist_cases[_i].err);
	else
		ck_assert_uint_eq(diag_count(d), 0);
	/* absent: nothing to do */
	ck_assert_int_eq(probe_parse_strlist(NULL, "k", &l, d), 0);
	strbuf_release(&b);
	strlist_release(&l);
	diag_free(d);
	ydoc_free(doc);
}
END_TEST

/*
 * probe_parse_type(): the `type:` words of the file and files probes.
 */

static const struct {
	const char	*yaml;
	bool		 any;
	int		 rc;
	int		 type;
	const char	*err;
} type_cases[] = {
	{ "file", false, 0, FS_REG, NULL },
	{ "dir", false, 0, FS_DIR, NULL },
	{ "symlink", false, 0, FS_LNK, NULL },
	{ "fifo", false, 0, FS_FIFO, NULL },
	{ "socket", false, 0, FS_SOCK, NULL },
	{ "char", false, 0, FS_CHR, NULL },
	{ "block", false, 0, FS_BLK, NULL },
	{ "any", true, 0, -1, NULL },
	{ "block", true, 0, FS_BLK, NULL },
	{ "any", false, -1, 42, "t.yaml:1:1: type: expected file, dir, "
	  "symlink, fifo, socket, char or block, got \"any\"" },
	{ "other", true, -1, 42, "t.yaml:1:1: type: expected any, file, dir, "
	  "symlink, fifo, socket, char or block, got \"other\"" },
	{ "directory", false, -1, 42, "t.yaml:1:1: type: expected file, "
	  "dir, symlink, fifo, socket, char or block, got \"directory\"" },
};

START_TEST(test_probe_parse_type_words)
{
	struct ydoc *doc = parse(type_cases[_i].yaml);
	struct diag *d = diag_new();
	int type = 42;

	ck_assert_int_eq(probe_parse_type(ydoc_root(doc), type_cases[_i].any,
	    &type, d), type_cases[_i].rc);
	ck_assert_int_eq(type, type_cases[_i].type);
	if (type_cases[_i].err != NULL)
		ck_assert_str_eq(diag_text(d, 0), type_cases[_i].err);
	else
		ck_assert_uint_eq(diag_count(d), 0);
	diag_free(d);
	ydoc_free(doc);
}
END_TEST

/*
 * probe_ids: the target's /etc/passwd and /etc/group, the one reader for
 * file owners, `unowned`, user lookups and sshd's Match Group.
 */

static const char passwd[] =
    "# comment\n"
    "root:x:0:0:root:/root:/bin/bash\n"
    "+nisuser::::::\n"
    "-nisgone::::::\n"
    "carol:x:1001:1001::/home/carol:/bin/sh\n"
    "dave:x:1002:2000::/home/dave:/bin/sh\n"
    "nogid:x:1003:abc::/:/bin/sh\n"
    "short:x:1004\n"
    "bad:x:12x:1::/:/bin/sh\n"
    ":x:1005:1::/:/bin/sh\n"
    "toor:x:0:0::/root:/bin/sh\n";
static const char group[] =
    "root:x:0:\n"
    "carol:x:1001:\n"
    "sftponly:x:2000:bob,carol\n"
    "wheel:x:10:carolyn,dave\n"
    "nomembers:x:11:\n"
    "short:x:12\n";

START_TEST(test_probe_ids_read_passwd_fields)
{
	char *root = tu_tmpdir();
	struct target *t;
	struct probe_ids ids = { NULL, 0, FS_OK, NULL };
	const struct probe_id *e;
	uint32_t id;

	tu_write(root, "/etc/passwd", passwd, 0644);
	t = tu_target_open(root);
	ck_assert_int_eq(probe_ids_load(&ids, t, PROBE_PASSWD), FS_OK);
	/* comment, NIS, short, non-numeric id and nameless lines skipped */
	ck_assert_uint_eq(ids.n, 5);
	ck_assert(probe_ids_has(&ids, 1002));
	ck_assert(!probe_ids_has(&ids, 1004));
	/* the first name in the file for an id */
	ck_assert_str_eq(probe_ids_name(&ids, 0), "root");
	ck_assert_ptr_null(probe_ids_name(&ids, 1005));
	ck_assert_int_eq(probe_ids_find(&ids, "toor", &id), 0);
	ck_assert_uint_eq(id, 0);
	ck_assert_int_eq(probe_ids_find(&ids, "nisuser", &id), -1);
	e = probe_ids_entry(&ids, "dave");
	ck_assert_ptr_nonnull(e);
	ck_assert_int_eq(e->gid, 2000);
	ck_assert_ptr_null(e->members);
	/* a primary group that is no number */
	ck_assert_int_eq(probe_ids_entry(&ids, "nogid")->gid, -1);
	probe_ids_release(&ids);
	target_close(t);
	tu_rmtree(root);
	free(root);
}
END_TEST

START_TEST(test_probe_ids_read_group_members)
{
	char *root = tu_tmpdir();
	struct target *t;
	struct probe_ids ids = { NULL, 0, FS_OK, NULL };
	const struct probe_id *g;

	tu_write(root, "/etc/group", group, 0644);
	t = tu_target_open(root);
	ck_assert_int_eq(probe_ids_load(&ids, t, PROBE_GROUP), FS_OK);
	ck_assert_uint_eq(ids.n, 5);
	g = probe_ids_entry(&ids, "sftponly");
	ck_assert_str_eq(g->members, "bob,carol");
	ck_assert_int_eq(g->gid, -1);
	ck_assert(probe_id_has_member(g, "carol"));
	ck_assert(probe_id_has_member(g, "bob"));
	ck_assert(!probe_id_has_member(g, "car"));
	ck_assert(!probe_id_has_member(g, "bob,carol"));
	g = probe_ids_entry(&ids, "wheel");
	ck_assert(!probe_id_has_member(g, "carol"));
	ck_assert(probe_id_has_member(g, "dave"));
	g = probe_ids_entry(&ids, "nomembers");
	ck_assert_str_eq(g->members, "");
	ck_assert(!probe_id_has_member(g, ""));
	probe_ids_release(&ids);
	/* a missing file: the reason, and no entries */
	ck_assert_int_eq(probe_ids_load(&ids, t, PROBE_PASSWD), FS_ENOENT);
	ck_assert_uint_eq(ids.n, 0);
	probe_ids_release(&ids);
	target_close(t);
	tu_rmtree(root);
	free(root);
}
END_TEST

static Suite *
probe_common_suite(void)
{
	Suite *s = suite_create("probe_common");
	TCase *tc = tcase_create("options");

	tcase_add_loop_test(tc, test_probe_check_opts_reports_each_unused_option,
	    0, NCASES(opt_cases));
	suite_add_tcase(s, tc);

	tc = tcase_create("ids");
	tcase_add_test(tc, test_probe_ids_read_passwd_fields);
	tcase_add_test(tc, test_probe_ids_read_group_members);
	suite_add_tcase(s, tc);

	tc = tcase_create("strlist");
	tcase_add_loop_test(tc, test_probe_parse_strlist_appends, 0,
	    NCASES(strlist_cases));
	suite_add_tcase(s, tc);

	tc = tcase_create("type");
	tcase_add_loop_test(tc, test_probe_parse_type_words, 0,
	    NCASES(type_cases));
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return tu_run_suite(probe_common_suite());
}
