/*
 * check_probe_accounts.c -- the `accounts` probe on Debian 12-like
 * /etc/passwd, /etc/shadow and /etc/group. Each case starts from a clean
 * system and appends the entry that should make a query fail (an extra
 * uid 0, an empty password, a hash in passwd, duplicates, a login shell
 * on a system account, a dangling primary group), so every query is seen
 * to pass and to fail. No evidence may ever hold a password hash.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "assay/probe.h"
#include "assay/xmem.h"
#include "testutil.h"

#define NITEMS(a) ((int)(sizeof(a) / sizeof((a)[0])))

static const char passwd[] =
    "root:x:0:0:root:/root:/bin/bash\n"
    "daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n"
    "bin:x:2:2:bin:/bin:/usr/sbin/nologin\n"
    "sys:x:3:3:sys:/dev:/usr/sbin/nologin\n"
    "sync:x:4:65534:sync:/bin:/bin/sync\n"
    "games:x:5:60:games:/usr/games:/usr/sbin/nologin\n"
    "man:x:6:12:man:/var/cache/man:/usr/sbin/nologin\n"
    "lp:x:7:7:lp:/var/spool/lpd:/usr/sbin/nologin\n"
    "mail:x:8:8:mail:/var/mail:/usr/sbin/nologin\n"
    "news:x:9:9:news:/var/spool/news:/usr/sbin/nologin\n"
    "www-data:x:33:33:www-data:/var/www:/usr/sbin/nologin\n"
    "backup:x:34:34:backup:/var/backups:/usr/sbin/nologin\n"
    "nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\n"
    "_apt:x:42:65534::/nonexistent:/usr/sbin/nologin\n"
    "systemd-network:x:998:998:systemd Network Management:/:"
    "/usr/sbin/nologin\n"
    "sshd:x:100:65534::/run/sshd:/usr/sbin/nologin\n"
    "alice:x:1000:1000:Alice,,,:/home/alice:/bin/bash\n";

#define HASH "$y$j9T$F5Jx5fExrKuJdxhO6qPpb1$mDbQv4qbbX9QV2/KpYOkWkIGYdB"
static const char shadow[] =
    "root:*:19700:0:99999:7:::\n"
    "daemon:*:19700:0:99999:7:::\n"
    "bin:*:19700:0:99999:7:::\n"
    "sys:*:19700:0:99999:7:::\n"
    "sync:*:19700:0:99999:7:::\n"
    "games:*:19700:0:99999:7:::\n"
    "man:*:19700:0:99999:7:::\n"
    "lp:*:19700:0:99999:7:::\n"
    "mail:*:19700:0:99999:7:::\n"
    "news:*:19700:0:99999:7:::\n"
    "www-data:*:19700:0:99999:7:::\n"
    "backup:*:19700:0:99999:7:::\n"
    "nobody:*:19700:0:99999:7:::\n"
    "_apt:*:19700:0:99999:7:::\n"
    "systemd-network:!*:19700::::::\n"
    "sshd:!:19700::::::\n"
    "alice:" HASH ":19700:0:99999:7:::\n";

static const char group[] =
    "root:x:0:\n"
    "daemon:x:1:\n"
    "bin:x:2:\n"
    "sys:x:3:\n"
    "adm:x:4:alice\n"
    "tty:x:5:\n"
    "lp:x:7:\n"
    "mail:x:8:\n"
    "news:x:9:\n"
    "man:x:12:\n"
    "www-data:x:33:\n"
    "backup:x:34:\n"
    "games:x:60:\n"
    "systemd-network:x:998:\n"
    "nogroup:x:65534:\n"
    "alice:x:1000:\n";

static void
setup(void)
{
	tu_root_setup();
	tu_write(tu_root, "/etc/passwd", passwd, 0644);
	tu_write(tu_root, "/etc/shadow", shadow, 0640);
	tu_write(tu_root, "/etc/group", group, 0644);
}

/* Rewrite FILE as its clean content plus EXTRA. */
static void
append(const char *file, const char *extra)
{
	const char *base = strcmp(file, "/etc/passwd") == 0 ? passwd :
	    strcmp(file, "/etc/shadow") == 0 ? shadow : group;
	char *text = xasprintf("%s%s", base, extra);

	tu_write(tu_root, file, text, 0644);
	free(text);
}

static void
assert_no_hash(const struct evlist *ev)
{
	for (size_t i = 0; i < ev->n; i++) {
		const struct evidence *e = &ev->v[i];

		ck_assert_ptr_null(strstr(e->message, "$"));
		ck_assert(e->expected == NULL || strchr(e->expected, '$') ==
		    NULL);
		ck_assert(e->found == NULL || strchr(e->found, '$') == NULL);
	}
}

static const struct {
	const char	*file;		/* NULL: the clean system */
	const char	*extra;
	const char	*args;
	enum status	 want;
	const char	*evidence;
	unsigned	 line;		/* of the evidence; 0: any */
} runs[] = {
	{ NULL, NULL, "{query: uid_zero}", ST_PASS,
	  "\"root\" has uid 0 (allowed)", 1 },
	{ NULL, NULL, "{query: uid_zero}", ST_PASS,
	  "no other account of 17 has uid 0", 0 },
	{ "/etc/passwd", "toor:x:0:0::/root:/bin/bash\n",
	  "{query: uid_zero}", ST_FAIL, "\"toor\" has uid 0", 18 },
	{ "/etc/passwd", "toor:x:0:0::/root:/bin/bash\n",
	  "{query: uid_zero, allow: [root, toor]}", ST_PASS,
	  "\"toor\" has uid 0 (allowed)", 18 },
	{ "/etc/passwd", "toor:x:0:0::/root:/bin/bash\n",
	  "{query: uid_zero, allow: [toor]}", ST_FAIL,
	  "\"root\" has uid 0", 1 },
	{ NULL, NULL, "{query: empty_passwords}", ST_PASS,
	  "no empty password: all 17 accounts comply", 0 },
	{ "/etc/shadow", "guest::19700:0:99999:7:::\n",
	  "{query: empty_passwords}", ST_FAIL,
	  "\"guest\" has an empty password field", 18 },
	{ "/etc/shadow", "guest::19700:0:99999:7:::\n",
	  "{query: empty_passwords, allow: [guest]}", ST_PASS,
	  "\"guest\" has an empty password field (allowed)", 18 },
	{ NULL, NULL, "{query: not_shadowed}", ST_PASS,
	  "password field \"x\": all 17 accounts comply", 0 },
	{ "/etc/passwd", "legacy:$1$s4lt$k5YwVQ4yXPvvdWFM7CMYa.:1001:1000::"
	  "/home/legacy:/bin/sh\n", "{query: not_shadowed}", ST_FAIL,
	  "\"legacy\" has a password hash", 18 },
	{ "/etc/passwd", "nopw::1001:1000::/home/nopw:/bin/sh\n",
	  "{query: not_shadowed}", ST_FAIL,
	  "\"nopw\" has an empty password field", 18 },
	{ "/etc/passwd", "nopw:!:1001:1000::/home/nopw:/bin/sh\n",
	  "{query: not_shadowed, allow: [nopw]}", ST_PASS,
	  "\"nopw\" has a locked password (\"!\" or \"*\") (allowed)", 18 },
	/* SSG accounts_password_all_shadowed: `*` is no hash (^[x*]$) */
	{ "/etc/passwd", "nopw:*:1001:1000::/home/nopw:/bin/sh\n",
	  "{query: not_shadowed}", ST_PASS,
	  "password field \"x\": all 18 accounts comply", 0 },
	{ NULL, NULL, "{query: locked, users: [root]}", ST_PASS,
	  "\"root\" is locked", 1 },
	{ NULL, NULL, "{query: locked, users: [root, sshd, systemd-network]}",
	  ST_PASS, "\"systemd-network\" is locked", 15 },
	{ NULL, NULL, "{query: locked, users: [root, alice]}", ST_FAIL,
	  "\"alice\" is not locked: it has a password hash", 17 },
	{ NULL, NULL, "{query: locked, users: ghost}", ST_PASS,
	  "\"ghost\" does not exist", 0 },
	{ "/etc/passwd", "nosh:x:1002:1000::/:/bin/sh\n",
	  "{query: locked, users: [nosh]}", ST_FAIL,
	  "\"nosh\" has no entry in /etc/shadow", 0 },
	{ "/etc/shadow", "guest::19700:0:99999:7:::\n",
	  "{query: locked, users: [guest]}", ST_FAIL,
	  "\"guest\" is not locked: it has an empty password field", 18 },
	{ NULL, NULL, "{query: usable_passwords}", ST_FAIL,
	  "\"alice\" has a password hash", 17 },
	{ NULL, NULL, "{query: usable_passwords, allow: [alice]}", ST_PASS,
	  "\"alice\" has a password hash (allowed)", 17 },
	{ NULL, NULL, "{query: duplicate_uids}", ST_PASS,
	  "no duplicate uid among 17 entries", 0 },
	{ "/etc/passwd", "bob:x:1000:1000::/home/bob:/bin/bash\n",
	  "{query: duplicate_uids}", ST_FAIL,
	  "uid 1000 of \"bob\" is also used by \"alice\" at line 17", 18 },
	{ NULL, NULL, "{query: duplicate_gids}", ST_PASS,
	  "no duplicate gid among 16 entries", 0 },
	{ "/etc/group", "staff2:x:1000:\n", "{query: duplicate_gids}",
	  ST_FAIL, "gid 1000 of \"staff2\" is also used by \"alice\" at line "
	  "16", 17 },
	{ NULL, NULL, "{query: duplicate_user_names}", ST_PASS,
	  "no duplicate user name among 17 entries", 0 },
	{ "/etc/passwd", "alice:x:1003:1000::/home/alice2:/bin/bash\n",
	  "{query: duplicate_user_names}", ST_FAIL,
	  "user name \"alice\" is also defined at line 17", 18 },
	{ NULL, NULL, "{query: duplicate_group_names}", ST_PASS,
	  "no duplicate group name among 16 entries", 0 },
	{ "/etc/group", "adm:x:4000:\n", "{query: duplicate_group_names}",
	  ST_FAIL, "group name \"adm\" is also defined at line 5", 17 },
	{ NULL, NULL, "{query: system_shells}", ST_FAIL,
	  "system account \"sync\" (uid 4) has login shell \"/bin/sync\"", 5 },
	{ NULL, NULL, "{query: system_shells, allow: [sync]}", ST_PASS,
	  "all 13 system accounts have a non-login shell", 0 },
	{ "/etc/passwd", "daemon2:x:101:65534::/:/bin/bash\n",
	  "{query: system_shells, allow: [sync]}", ST_FAIL,
	  "system account \"daemon2\" (uid 101) has login shell "
	  "\"/bin/bash\"", 18 },
	{ "/etc/passwd", "daemon2:x:101:65534::/:/bin/bash\n",
	  "{query: system_shells, allow: [sync], min_uid: 102}", ST_FAIL,
	  "system account \"daemon2\" (uid 101) has login shell "
	  "\"/bin/bash\"", 18 },
	{ "/etc/passwd", "daemon2:x:101:65534::/:/bin/bash\n",
	  "{query: system_shells, allow: [sync, bin], min_uid: 101}",
	  ST_PASS, "all 11 system accounts have a non-login shell", 0 },
	{ "/etc/passwd", "nobody2:x:65533:65534::/:/bin/sh\n",
	  "{query: system_shells, allow: [sync], max_uid: 60000}", ST_FAIL,
	  "system account \"nobody2\" (uid 65533) has login shell \"/bin/sh\"",
	  18 },
	{ "/etc/passwd", "nobody2:x:65533:65534::/:/bin/sh\n",
	  "{query: system_shells, allow: [sync]}", ST_PASS,
	  "all 13 system accounts have a non-login shell", 0 },
	{ NULL, NULL, "{query: system_shells, shells: [/bin/sync, "
	  "/usr/sbin/nologin]}", ST_PASS,
	  "all 14 system accounts have a non-login shell", 0 },
	{ NULL, NULL, "{query: system_shells, shells: /bin/sync}", ST_FAIL,
	  "system account \"daemon\" (uid 1) has login shell "
	  "\"/usr/sbin/nologin\"", 2 },
	{ NULL, NULL, "{query: passwd_groups_exist}", ST_PASS,
	  "the primary groups of all 17 accounts exist in /etc/group", 0 },
	{ "/etc/passwd", "orphan:x:1005:1005::/:/usr/sbin/nologin\n",
	  "{query: passwd_groups_exist}", ST_FAIL,
	  "\"orphan\" has primary gid 1005, which is not in /etc/group", 18 },
	/* Comments, blank lines and NIS compat entries are not errors. */
	{ "/etc/passwd", "\n# a comment\n   \n+::::::\n",
	  "{query: uid_zero}", ST_PASS, "NIS compat entry skipped", 21 },
	/* Malformed lines: evidence with file:line, result error. */
	{ "/etc/passwd", "short:x:1001:1001::/home/short\n",
	  "{query: uid_zero}", ST_ERROR,
	  "malformed line: expected 7 colon-separated fields, found 6", 18 },
	{ "/etc/passwd", "long:x:1001:1001::/home/long:/bin/sh:extra\n",
	  "{query: duplicate_uids}", ST_ERROR,
	  "malformed line: expected 7 colon-separated fields, found 8", 18 },
	{ "/etc/passwd", "num:x:abc:1001::/:/bin/sh\n",
	  "{query: uid_zero}", ST_ERROR, "malformed line: uid is not a number",
	  18 },
	{ "/etc/passwd", "num:x:1001:-1::/:/bin/sh\n",
	  "{query: passwd_groups_exist}", ST_ERROR,
	  "malformed line: gid is not a number", 18 },
	{ "/etc/passwd", ":x:1001:1001::/:/bin/sh\n",
	  "{query: uid_zero}", ST_ERROR, "malformed line: empty name", 18 },
	{ "/etc/passwd", "big:x:4294967295:1::/:/bin/sh\n",
	  "{query: uid_zero}", ST_ERROR, "malformed line: uid is not a number",
	  18 },
	{ "/etc/shadow", "eve:" HASH ":19700:0:99999:7::\n",
	  "{query: empty_passwords}", ST_ERROR,
	  "malformed line: expected 9 colon-separated fields, found 8", 18 },
	{ "/etc/shadow", "eve:" HASH ":soon:0:99999:7:::\n",
	  "{query: usable_passwords}", ST_ERROR,
	  "malformed line: a date or day count is not a number", 18 },
	{ "/etc/group", "g:x:-4:\n", "{query: duplicate_gids}", ST_ERROR,
	  "malformed line: gid is not a number", 17 },
	{ "/etc/group", "g:x:4\n", "{query: passwd_groups_exist}", ST_ERROR,
	  "malformed line: expected 4 colon-separated fields, found 3", 17 },
};

START_TEST(test_accounts_queries)
{
	struct evlist ev;
	char *err = NULL;
	bool found = false;
	int st;

	if (runs[_i].file != NULL)
		append(runs[_i].file, runs[_i].extra);
	st = tu_probe_run(tu_root, "accounts", runs[_i].args, &ev, &err);
	ck_assert_msg(st == (int)runs[_i].want, "%s: got %d (%s), want %d",
	    runs[_i].args, st, err != NULL ? err : "", (int)runs[_i].want);
	for (size_t i = 0; i < ev.n && !found; i++)
		found = strcmp(ev.v[i].message, runs[_i].evidence) == 0 &&
		    (runs[_i].line == 0 || ev.v[i].line == runs[_i].line);
	ck_assert_msg(found, "%s: no evidence \"%s\" at line %u (first: %s)",
	    runs[_i].args, runs[_i].evidence, runs[_i].line,
	    ev.n > 0 ? ev.v[0].message : "none");
	assert_no_hash(&ev);
	evlist_release(&ev);
}
END_TEST

START_TEST(test_accounts_evidence_paths_and_values)
{
	struct evlist ev;
	int st;

	append("/etc/shadow", "guest::19700:0:99999:7:::\n");
	st = tu_probe_run(tu_root, "accounts", "{query: empty_passwords}", &ev,
	    NULL);
	ck_assert_int_eq(st, ST_FAIL);
	ck_assert_uint_eq(ev.n, 1);
	ck_assert_str_eq(ev.v[0].path, "/etc/shadow");
	ck_assert_uint_eq(ev.v[0].line, 18);
	ck_assert_str_eq(ev.v[0].expected, "no empty password");
	ck_assert_str_eq(ev.v[0].found, "an empty password field");
	evlist_release(&ev);
}
END_TEST

START_TEST(test_accounts_all_malformed_lines_reported)
{
	struct evlist ev;
	int st;

	append("/etc/passwd", "a:x:1\nb:x:2:2::/:/bin/sh\nc\n");
	st = tu_probe_run(tu_root, "accounts", "{query: uid_zero}", &ev, NULL);
	ck_assert_int_eq(st, ST_ERROR);
	ck_assert_uint_eq(ev.n, 2);
	ck_assert_uint_eq(ev.v[0].line, 18);
	ck_assert_uint_eq(ev.v[1].line, 20);
	ck_assert_str_eq(ev.v[1].path, "/etc/passwd");
	evlist_release(&ev);
}
END_TEST

START_TEST(test_accounts_missing_or_fifo_file_is_error)
{
	struct evlist ev;
	char *rm = xasprintf("%s/etc/shadow", tu_root);
	int st;

	ck_assert_int_eq(unlink(rm), 0);
	st = tu_probe_run(tu_root, "accounts", "{query: empty_passwords}", &ev,
	    NULL);
	ck_assert_int_eq(st, ST_ERROR);
	ck_assert_str_eq(ev.v[0].message, "/etc/shadow does not exist");
	evlist_release(&ev);
	/* Queries that do not need shadow still work. */
	st = tu_probe_run(tu_root, "accounts", "{query: uid_zero}", &ev, NULL);
	ck_assert_int_eq(st, ST_PASS);
	evlist_release(&ev);
	tu_mkfifo(tu_root, "/etc/shadow");
	st = tu_probe_run(tu_root, "accounts", "{query: usable_passwords}", &ev,
	    NULL);
	ck_assert_int_eq(st, ST_ERROR);
	ck_assert_str_eq(ev.v[0].message,
	    "cannot read /etc/shadow: not a regular file (fifo)");
	evlist_release(&ev);
	free(rm);
}
END_TEST

static const struct {
	const char	*args;
	const char	*err;
} bad[] = {
	{ "{}", "test.yaml:1:1: missing required key \"query\" in accounts" },
	{ "{query: uid_zero, extra: 1}",
	  "test.yaml:1:19: unknown key \"extra\" in accounts" },
	{ "{query: bogus}",
	  "test.yaml:1:9: query: expected uid_zero, empty_passwords, "
	  "not_shadowed, locked, usable_passwords, duplicate_uids, "
	  "duplicate_gids, duplicate_user_names, duplicate_group_names, "
	  "system_shells or passwd_groups_exist, got \"bogus\"" },
	{ "{query: uid_zero, users: [root]}",
	  "test.yaml:1:26: users: not used by query \"uid_zero\"" },
	{ "{query: duplicate_uids, allow: [x]}",
	  "test.yaml:1:32: allow: not used by query \"duplicate_uids\"" },
	{ "{query: locked, min_uid: 5, users: [root]}",
	  "test.yaml:1:26: min_uid: not used by query \"locked\"" },
	{ "{query: locked}",
	  "test.yaml:1:1: query \"locked\" needs \"users\": the accounts that "
	  "must be locked" },
	{ "{query: locked, users: []}",
	  "test.yaml:1:1: query \"locked\" needs \"users\": the accounts that "
	  "must be locked" },
	{ "{query: system_shells, min_uid: -1}",
	  "test.yaml:1:33: min_uid: expected an integer from 0 to 4294967294, "
	  "got \"-1\"" },
	{ "{query: system_shells, max_uid: lots}",
	  "test.yaml:1:33: max_uid: expected an integer from 0 to 4294967294, "
	  "got \"lots\"" },
	{ "{query: system_shells, shells: {a: b}}",
	  "test.yaml:1:32: shells: expected a string or a list of strings, "
	  "got a mapping" },
	{ "{query: [uid_zero]}",
	  "test.yaml:1:9: query: expected uid_zero, empty_passwords, "
	  "not_shadowed, locked, usable_passwords, duplicate_uids, "
	  "duplicate_gids, duplicate_user_names, duplicate_group_names, "
	  "system_shells or passwd_groups_exist, got a sequence" },
};

START_TEST(test_accounts_compile_errors)
{
	char *err = NULL;

	ck_assert_int_eq(tu_probe_compile("accounts", bad[_i].args, &err),
	    -1);
	ck_assert_str_eq(err, bad[_i].err);
	free(err);
}
END_TEST

static Suite *
accounts_suite(void)
{
	Suite *s = suite_create("probe_accounts");
	TCase *tc = tcase_create("queries");

	tcase_add_checked_fixture(tc, setup, tu_root_teardown);
	tcase_add_loop_test(tc, test_accounts_queries, 0, NITEMS(runs));
	tcase_add_test(tc, test_accounts_evidence_paths_and_values);
	tcase_add_test(tc, test_accounts_all_malformed_lines_reported);
	tcase_add_test(tc, test_accounts_missing_or_fifo_file_is_error);
	suite_add_tcase(s, tc);
	tc = tcase_create("compile");
	tcase_add_loop_test(tc, test_accounts_compile_errors, 0, NITEMS(bad));
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return tu_run_suite(accounts_suite());
}
