/*
 * check_probe_files.c -- the `files` probe: predicates over one shared
 * tree walk (world-writable, setuid, setgid, sticky, unowned, ungrouped,
 * type, name, regex), exclude/allow, expect none/any, the evidence cap,
 * and the hooks behaving when the shared walk covers more than the
 * probe's root; on an image, entries later layers hide (`hidden`).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "assay/eval.h"
#include "assay/policy.h"
#include "assay/probe.h"
#include "assay/xmem.h"
#include "testutil.h"

static void
setup(void)
{
	tu_root_setup();
	tu_write(tu_root, "/etc/passwd", "toor:x:0:0::/root:/bin/sh\n"
	    "alice:x:1000:1000::/home/alice:/bin/sh\n", 0644);
	tu_write(tu_root, "/etc/group", "root:x:0:\nalice:x:1000:\n", 0644);
	tu_write(tu_root, "/etc/ok", "", 0644);
	tu_write(tu_root, "/etc/ww", "", 0666);
	tu_symlink(tu_root, "/etc/link", "/etc/ok");
	tu_mkdir(tu_root, "/tmp", 01777);
	tu_mkdir(tu_root, "/var/scratch", 0777);
	tu_write(tu_root, "/usr/bin/su", "", 04755);
	tu_write(tu_root, "/usr/bin/wall", "", 02755);
	tu_write(tu_root, "/home/alice/orphan", "", 0644);
	tu_chown(tu_root, "/home/alice/orphan", 2000, 3000);
	tu_chown(tu_root, "/home/alice", 1000, 1000);
	tu_write(tu_root, "/opt/app/cache.pem", "", 0600);
	tu_write(tu_root, "/proc/1/ww", "", 0666);
	tu_write(tu_root, "/srv/drop/ww", "", 0666);
}

static const struct {
	const char	*args;
	enum status	 st;
	const char	*ev;
} cases[] = {
	{ "{world_writable: true, type: file}", ST_FAIL,
	  "world-writable file (mode 0666, owner 0:0)" },
	{ "{world_writable: true, type: file}", ST_FAIL,
	  "world-writable files under /: 2 found (" },
	{ "{world_writable: true, type: dir, sticky: false}", ST_FAIL,
	  "world-writable non-sticky directory (mode 0777, owner 0:0)" },
	{ "{world_writable: true, type: dir, sticky: true}", ST_FAIL,
	  "world-writable sticky directory (mode 1777, owner 0:0)" },
	{ "{world_writable: true, type: dir, sticky: true, allow: [/tmp]}",
	  ST_PASS, "allowed: world-writable sticky directory" },
	{ "{setuid: true}", ST_FAIL, "setuid file (mode 4755, owner 0:0)" },
	{ "{setuid: true, allow: [/usr/bin/su]}", ST_PASS,
	  "no setuid entries under / (" },
	{ "{setuid: true, allow: [\"/usr/*/s?\"]}", ST_PASS,
	  "allowed: setuid file (mode 4755, owner 0:0)" },
	{ "{setgid: true, type: file}", ST_FAIL,
	  "setgid file (mode 2755, owner 0:0)" },
	{ "{setgid: true, setuid: true}", ST_PASS,
	  "no setuid setgid entries under /" },
	/* executable: some execute bit (su 4755, wall 2755 have them) */
	{ "{root: /usr, type: file, executable: true, expect: any}", ST_PASS,
	  "executable files under /usr: 2 found" },
	{ "{root: /etc, type: file, executable: true, expect: any}", ST_FAIL,
	  "no executable files under /etc" },
	{ "{root: /usr, type: file, executable: false}", ST_PASS,
	  "no non-executable files under /usr" },
	{ "{unowned: true}", ST_FAIL,
	  "unowned file (mode 0644, owner 2000:3000)" },
	{ "{ungrouped: true, root: /home}", ST_FAIL,
	  "ungrouped file (mode 0644, owner 2000:3000)" },
	{ "{unowned: true, ungrouped: true, type: dir}", ST_PASS,
	  "no unowned ungrouped directories under /" },
	{ "{unowned: false, root: /home, type: dir}", ST_FAIL,
	  "owned directory (mode 0755, owner 1000:1000)" },
	{ "{name: \"*.pem\"}", ST_FAIL, "file (mode 0600, owner 0:0)" },
	{ "{name: \"*.pem\", expect: any}", ST_PASS,
	  "entries named \"*.pem\" under /: 1 found" },
	{ "{name: \"*.key\", expect: any}", ST_FAIL,
	  "no entries named \"*.key\" under /" },
	{ "{regex: '^/opt/.*\\.pem$', expect: any}", ST_PASS,
	  "entries matching \"^/opt/.*\\\\.pem$\" under /: 1 found" },
	{ "{regex: '\\.key$', expect: none}", ST_PASS,
	  "no entries matching \"\\\\.key$\" under /" },
	{ "{root: /usr, world_writable: true}", ST_PASS,
	  "no world-writable entries under /usr (4 entries examined)" },
	{ "{root: /usr/, setuid: true, expect: any}", ST_PASS,
	  "setuid entries under /usr: 1 found (4 entries examined)" },
	{ "{root: /nope, setuid: true}", ST_PASS, "/nope does not exist" },
	{ "{root: /nope, setuid: true, expect: any}", ST_FAIL,
	  "no setuid entries under /nope (0 entries examined)" },
	/* /proc is always excluded, unless it is the root asked for */
	{ "{world_writable: true, type: file, exclude: [/etc, /srv]}",
	  ST_PASS, "no world-writable files under /" },
	{ "{world_writable: true, type: file, exclude: [\"/e*\", \"/s*/d*\"]}",
	  ST_PASS, "no world-writable files under /" },
	{ "{world_writable: true, type: file, exclude: [/etc/ww/]}",
	  ST_FAIL, "world-writable files under /: 1 found" },
	{ "{root: /proc, world_writable: true, type: file}", ST_FAIL,
	  "world-writable files under /proc: 1 found (3 entries examined)" },
	/* symlinks: never world-writable, but findable */
	{ "{type: symlink, world_writable: true}", ST_PASS,
	  "no world-writable symlinks under /" },
	{ "{type: symlink, expect: any, root: /etc}", ST_PASS,
	  "symlink (mode 0777, owner 0:0)" },
	{ "{type: fifo, expect: any}", ST_FAIL, "no fifos under /" },
};

START_TEST(test_files_verdict_and_evidence)
{
	tu_check_verdict("files", cases[_i].args, cases[_i].st, cases[_i].ev);
}
END_TEST

START_TEST(test_files_fail_lists_each_match_with_path)
{
	struct evlist ev;

	ck_assert_int_eq(tu_probe_run(tu_root, "files",
	    "{world_writable: true, type: file}", &ev, NULL), ST_FAIL);
	ck_assert_uint_eq(ev.n, 3);
	ck_assert_str_eq(ev.v[0].path, "/");
	ck_assert_str_eq(ev.v[0].expected, "none");
	ck_assert_str_eq(ev.v[0].found, "2");
	ck_assert_str_eq(ev.v[1].path, "/etc/ww");
	ck_assert_str_eq(ev.v[2].path, "/srv/drop/ww");
	ck_assert_str_eq(ev.v[2].message,
	    "world-writable file (mode 0666, owner 0:0)");
	evlist_release(&ev);
}
END_TEST

START_TEST(test_files_keeps_at_most_evidence_max_and_counts_the_rest)
{
	struct evlist ev;
	size_t n = limits_default.evidence_max + 5;

	for (size_t i = 0; i < n; i++) {
		char *rel = xasprintf("/many/f%03zu", i);

		tu_write(tu_root, rel, "", 04755);
		free(rel);
	}
	ck_assert_int_eq(tu_probe_run(tu_root, "files",
	    "{root: /many, setuid: true}", &ev, NULL), ST_FAIL);
	ck_assert_str_eq(ev.v[0].message,
	    "setuid entries under /many: 105 found (106 entries examined)");
	ck_assert_uint_eq(ev.n, limits_default.evidence_max);
	ck_assert_uint_eq(ev.n + ev.dropped, n + 1);
	evlist_release(&ev);
}
END_TEST

START_TEST(test_files_unowned_needs_the_targets_passwd)
{
	struct evlist ev;
	char *p = xasprintf("%s/etc/group", tu_root);

	ck_assert_int_eq(unlink(p), 0);
	free(p);
	ck_assert_int_eq(tu_probe_run(tu_root, "files", "{unowned: true}", &ev,
	    NULL), ST_FAIL);
	evlist_release(&ev);
	ck_assert_int_eq(tu_probe_run(tu_root, "files", "{ungrouped: true}",
	    &ev, NULL), ST_ERROR);
	ck_assert_uint_eq(ev.n, 1);
	ck_assert_str_eq(ev.v[0].message,
	    "cannot read /etc/group: does not exist");
	evlist_release(&ev);
}
END_TEST

START_TEST(test_files_regex_limit_is_error)
{
	struct evlist ev;

	tu_write(tu_root, "/x/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!", "", 0644);
	ck_assert_int_eq(tu_probe_run(tu_root, "files",
	    "{root: /x, regex: '(a+)+$'}", &ev, NULL), ST_ERROR);
	ck_assert_str_eq(ev.v[0].message, "regex hit the match limit on 1 "
	    "paths (first: /x/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!)");
	evlist_release(&ev);
}
END_TEST

/* Compile ARGS into *OPS state, for driving the hooks by hand. */
static void *
compile_files(const char *args, struct ydoc **docp)
{
	struct diag *d = diag_new();
	void *state = NULL;

	*docp = ydoc_parse_string("test.yaml", args, strlen(args),
	    &limits_default, d);
	ck_assert_ptr_nonnull(*docp);
	ck_assert_int_eq(probe_files.compile(ydoc_root(*docp),
	    &limits_default, &state, d), 0);
	diag_free(d);
	return state;
}

START_TEST(test_files_prune_keeps_only_the_way_to_root)
{
	struct ydoc *doc;
	void *st = compile_files("{root: /var/lib, exclude: [/var/lib/skip, "
	    "\"/var/lib/*.d\"], setuid: true}", &doc);

	ck_assert(!probe_files.walk_prune(st, "/"));
	ck_assert(!probe_files.walk_prune(st, "/var"));
	ck_assert(!probe_files.walk_prune(st, "/var/lib"));
	ck_assert(!probe_files.walk_prune(st, "/var/lib/dpkg"));
	ck_assert(probe_files.walk_prune(st, "/var/li"));
	ck_assert(probe_files.walk_prune(st, "/var/library"));
	ck_assert(probe_files.walk_prune(st, "/usr"));
	ck_assert(probe_files.walk_prune(st, "/proc"));
	ck_assert(probe_files.walk_prune(st, "/var/lib/skip"));
	ck_assert(!probe_files.walk_prune(st, "/var/lib/skipped"));
	ck_assert(probe_files.walk_prune(st, "/var/lib/conf.d"));
	probe_files.free(st);
	ydoc_free(doc);
}
END_TEST

struct feed {
	void	*state;
	size_t	 n;
};

static enum walk_ret
feed_all(const char *path, const struct fsnode *n, void *arg)
{
	struct feed *f = arg;

	f->n++;
	probe_files.walk_visit(f->state, path, n);
	return WALK_CONTINUE;
}

START_TEST(test_files_visit_ignores_what_a_shared_walk_adds)
{
	struct diag *d = diag_new();
	struct ydoc *doc;
	struct feed f;
	struct target *t = target_open(tu_root, &limits_default, d);
	struct probe_env env = { t, &limits_default };
	struct evlist ev;
	const char *prefix;

	/* Another rule made the walk start at "/" and nobody pruned /srv. */
	f.state = compile_files("{root: /srv, world_writable: true, "
	    "exclude: [/srv/drop]}", &doc);
	f.n = 0;
	ck_assert_ptr_nonnull(t);
	prefix = probe_files.walk_begin(f.state, &env);
	ck_assert_str_eq(prefix, "/srv");
	ck_assert_int_eq(target_walk(t, "/", feed_all, NULL, &f), FS_OK);
	ck_assert_uint_gt(f.n, 10);
	evlist_init(&ev, limits_default.evidence_max);
	ck_assert_int_eq(probe_files.eval(f.state, &env, &ev), ST_PASS);
	ck_assert_str_eq(ev.v[0].message,
	    "no world-writable entries under /srv (1 entries examined)");
	evlist_release(&ev);
	/* eval without a walk is an error, not a pass */
	probe_files.free(f.state);
	ydoc_free(doc);
	f.state = compile_files("{setuid: true}", &doc);
	evlist_init(&ev, limits_default.evidence_max);
	ck_assert_int_eq(probe_files.eval(f.state, &env, &ev), ST_ERROR);
	ck_assert_str_eq(ev.v[0].message, "the tree walk did not run");
	evlist_release(&ev);
	probe_files.free(f.state);
	ydoc_free(doc);
	target_close(t);
	diag_free(d);
}
END_TEST

/* An image whose later layers delete a private key and a setuid tool
 * and replace a certificate: all three are still in the tarball. */
static const struct tu_ent img_l0[] = {
	{ 'f', "etc/passwd", "root:x:0:0::/root:/bin/sh\n", 0644, 0 },
	{ 'd', "root", NULL, 0700, 0 },
	{ 'd', "root/.ssh", NULL, 0700, 0 },
	{ 'f', "root/.ssh/id_rsa", "-----BEGIN OPENSSH PRIVATE KEY-----\n",
	  0600, 0 },
	{ 'f', "usr/bin/tool", "elf", 04755, 0 },
	{ 'f', "app/server.pem", "old", 0644, 0 },
	{ 'f', "proc/id_rsa", "x", 0644, 0 },
	{ 0, NULL, NULL, 0, 0 },
};
static const struct tu_ent img_l1[] = {
	{ 'f', "root/.ssh/.wh.id_rsa", "", 0644, 0 },
	{ 'f', "usr/bin/.wh.tool", "", 0644, 0 },
	{ 'f', "app/server.pem", "new", 0640, 33 },
	{ 'f', "proc/.wh.id_rsa", "", 0644, 0 },
	{ 'f', "tmp/build.key", "k", 0600, 0 },
	{ 0, NULL, NULL, 0, 0 },
};
static const struct tu_ent img_l2[] = {
	{ 'f', "etc/motd", "hi\n", 0644, 0 },
	{ 'f', "tmp/.wh.build.key", "", 0644, 0 },
	{ 0, NULL, NULL, 0, 0 },
};
static const struct tu_layer img_layers[] = {
	{ img_l0, "ADD rootfs.tar /" },
	{ img_l1, "RUN rm /root/.ssh/id_rsa /usr/bin/tool\n\t&& make" },
	{ img_l2, "COPY motd /etc/motd" },
};

static char *
write_image(void)
{
	return tu_write_image(tu_root, "img.tar", img_layers, 3);
}

#define KEY_HIDDEN "present in layer 0 (created by: " \
	"ADD rootfs.tar /), deleted by a later layer \u2014 still shipped in " \
	"the image (file, mode 0600, owner 0:0)"

static const struct {
	const char	*args;
	enum status	 st;
	const char	*path;		/* of the evidence holding EV */
	const char	*ev;
} img_cases[] = {
	/* presence rules see what later layers hide */
	{ "{name: id_rsa}", ST_FAIL, "/root/.ssh/id_rsa", KEY_HIDDEN },
	{ "{name: id_rsa}", ST_FAIL, "/", "entries named \"id_rsa\" under /: 1 "
	  "found, 1 hidden by a later layer (11 entries examined, and 4 that "
	  "later image layers hide)" },
	{ "{regex: '/\\.ssh/'}", ST_FAIL, "/root/.ssh/id_rsa", KEY_HIDDEN },
	{ "{name: id_rsa, hidden: true, type: file}", ST_FAIL,
	  "/root/.ssh/id_rsa", KEY_HIDDEN },
	{ "{name: \"*.pem\"}", ST_FAIL, "/app/server.pem", "present in layer 0 "
	  "(created by: ADD rootfs.tar /), replaced by a later layer \u2014 "
	  "still shipped in the image (file, mode 0644, owner 0:0)" },
	{ "{name: \"*.pem\"}", ST_FAIL, "/",
	  "2 found, 1 hidden by a later layer" },
	{ "{name: tool}", ST_FAIL, "/usr/bin/tool", "present in layer 0" },
	/* the build step is quoted with control characters blanked */
	{ "{name: \"*.key\"}", ST_FAIL, "/tmp/build.key", "present in layer 1 "
	  "(created by: RUN rm /root/.ssh/id_rsa /usr/bin/tool  && make), "
	  "deleted by a later layer" },
	/* ... unless told not to, or outside the root, excluded, allowed */
	{ "{name: id_rsa, hidden: false}", ST_PASS, "/", "no entries named "
	  "\"id_rsa\" under / (11 entries examined)" },
	{ "{name: id_rsa, root: /etc}", ST_PASS, "/etc", "no entries named "
	  "\"id_rsa\" under /etc (3 entries examined)" },
	{ "{name: id_rsa, exclude: [/root]}", ST_PASS, "/",
	  "(9 entries examined, and 3 that later image layers hide)" },
	{ "{name: id_rsa, allow: [\"/root/.ssh/*\"]}", ST_PASS,
	  "/root/.ssh/id_rsa", "allowed: " KEY_HIDDEN },
	{ "{name: id_rsa, type: symlink}", ST_PASS, "/", "no symlinks named" },
	/* final-filesystem predicates never see hidden entries */
	{ "{setuid: true}", ST_PASS, "/", "no setuid entries under / (11 "
	  "entries examined)" },
	{ "{name: tool, setuid: true}", ST_PASS, "/", "(11 entries examined)" },
	{ "{name: id_rsa, expect: any}", ST_FAIL, "/", "no entries named" },
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

START_TEST(test_files_image_hidden_entries_are_findings)
{
	char *img = write_image();
	struct evlist ev;
	int st = tu_probe_run(img, "files", img_cases[_i].args, &ev, NULL);

	ck_assert_msg(tu_ev_has(&ev, img_cases[_i].ev), "%s: no \"%s\" in "
	    "\"%s\"", img_cases[_i].args, img_cases[_i].ev,
	    ev.n > 0 ? ev.v[0].message : "");
	ck_assert_str_eq(ev_path(&ev, img_cases[_i].ev), img_cases[_i].path);
	ck_assert_int_eq(st, img_cases[_i].st);
	evlist_release(&ev);
	free(img);
}
END_TEST

/* Through the evaluator: two `files` rules and one `content` rule share
 * one walk and one listing of the hidden entries. */
static const char img_policy[] =
    "policy: p\nversion: 1.0.0\ntitle: t\nrules:\n"
    "  - {id: keys, title: k, severity: high,\n"
    "     check: {files: {name: id_rsa}}}\n"
    "  - {id: suid, title: s, severity: high,\n"
    "     check: {files: {setuid: true}}}\n"
    "  - {id: pem, title: p, severity: high,\n"
    "     check: {files: {root: /app, name: \"*.pem\", hidden: false}}}\n";

START_TEST(test_files_image_shared_walk_feeds_hidden_once)
{
	char *img = write_image();
	struct diag *d = diag_new();
	struct policy_set *ps = policy_set_new();
	struct target *t = target_open(img, &limits_default, d);
	struct plan *p;
	struct result *r;

	ck_assert_ptr_nonnull(t);
	ck_assert_int_eq(policy_load_string(ps, "p.yaml", img_policy,
	    strlen(img_policy), &limits_default, d), 0);
	ck_assert_int_eq(policy_set_check(ps, d), 0);
	p = policy_compile(ps, NULL, 0, NULL, 0, &limits_default, d);
	ck_assert_msg(p != NULL, "%s", diag_text(d, 0));
	r = eval_plan(p, t, &limits_default);
	ck_assert_int_eq(r[0].status, ST_FAIL);
	ck_assert_str_eq(r[0].ev.v[1].message, KEY_HIDDEN);
	ck_assert_int_eq(r[1].status, ST_PASS);
	ck_assert_int_eq(r[2].status, ST_FAIL);
	ck_assert_uint_eq(r[2].ev.n + r[2].ev.dropped, 2);
	eval_results_free(r, 3);
	plan_free(p);
	policy_set_free(ps);
	target_close(t);
	diag_free(d);
	free(img);
}
END_TEST

static const struct {
	const char	*args;
	const char	*msg;
} bad[] = {
	{ "{setuid: true, setiud: true}",
	  "test.yaml:1:16: unknown key \"setiud\" in files (did you mean \"setuid\"?)" },
	{ "{root: var}",
	  "test.yaml:1:8: root: expected an absolute path, got \"var\"" },
	{ "{root: \"/home/*\"}", "test.yaml:1:8: root: expected an absolute "
	  "path, got \"/home/*\"" },
	{ "{type: socketz}", "test.yaml:1:8: type: expected any, file, dir, "
	  "symlink, fifo, socket, char or block, got \"socketz\"" },
	{ "{world_writable: yes}", "test.yaml:1:18: world_writable: expected "
	  "true or false, got \"yes\"" },
	{ "{unowned: 1}",
	  "test.yaml:1:11: unowned: expected true or false, got \"1\"" },
	{ "{expect: some}",
	  "test.yaml:1:10: expect: expected none or any, got \"some\"" },
	{ "{exclude: [/proc, tmp]}", "test.yaml:1:11: exclude: expected "
	  "absolute paths or globs, got \"tmp\"" },
	{ "{allow: {a: b}}", "test.yaml:1:9: allow: expected a string or a "
	  "list of strings, got a mapping" },
	{ "{regex: \"[\"}", "test.yaml:1:9: regex: invalid regex at offset 1: "
	  "missing terminating ] for character class" },
	{ "{name: [a]}",
	  "test.yaml:1:8: name: expected a string, got a sequence" },
	{ "{name: a, hidden: yes}",
	  "test.yaml:1:19: hidden: expected true or false, got \"yes\"" },
	{ "{name: a, setuid: true, hidden: true}", "test.yaml:1:33: hidden: "
	  "only for rules that match by name or regex, without mode or owner "
	  "predicates, with expect: none" },
	{ "{hidden: true}", "test.yaml:1:10: hidden: only for rules that match "
	  "by name or regex, without mode or owner predicates, with expect: "
	  "none" },
	{ "{regex: x, expect: any, hidden: true}", "test.yaml:1:33: hidden: "
	  "only for rules that match by name or regex, without mode or owner "
	  "predicates, with expect: none" },
};

START_TEST(test_files_bad_args_name_file_line_col)
{
	tu_check_compile_error("files", bad[_i].args, bad[_i].msg);
}
END_TEST

static Suite *
probe_files_suite(void)
{
	Suite *s = suite_create("probe_files");
	TCase *tc = tcase_create("eval");

	tcase_add_checked_fixture(tc, setup, tu_root_teardown);
	tcase_add_loop_test(tc, test_files_verdict_and_evidence, 0,
	    sizeof(cases) / sizeof(cases[0]));
	tcase_add_test(tc, test_files_fail_lists_each_match_with_path);
	tcase_add_test(tc,
	    test_files_keeps_at_most_evidence_max_and_counts_the_rest);
	tcase_add_test(tc, test_files_unowned_needs_the_targets_passwd);
	tcase_add_test(tc, test_files_regex_limit_is_error);
	tcase_add_test(tc, test_files_visit_ignores_what_a_shared_walk_adds);
	tcase_add_loop_test(tc, test_files_image_hidden_entries_are_findings,
	    0, sizeof(img_cases) / sizeof(img_cases[0]));
	tcase_add_test(tc, test_files_image_shared_walk_feeds_hidden_once);
	suite_add_tcase(s, tc);
	tc = tcase_create("compile");
	tcase_add_test(tc, test_files_prune_keeps_only_the_way_to_root);
	tcase_add_loop_test(tc, test_files_bad_args_name_file_line_col, 0,
	    sizeof(bad) / sizeof(bad[0]));
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return tu_run_suite(probe_files_suite());
}
