/*
 * check_policy.c -- the policy module: loading packs, cross-file checks,
 * profiles, variables and compiled plans.
 *
 * Every strictness error the loader promises is a fixture under
 * fixtures/policy/bad with exactly one error (plus several-errors.yaml,
 * which proves all errors of a file are reported), and its whole
 * `file:line:col: message` is asserted here. Each bad fixture goes
 * through what `assay policy check` does: load, set check, compile of
 * every rule with the defaults. The good fixtures exercise selection
 * (globs, tags, other packs), extends, exclude and variable precedence.
 */
#include "config.h"

#include <dirent.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "assay/policy.h"
#include "assay/probe.h"
#include "assay/strbuf.h"
#include "assay/xmem.h"
#include "testutil.h"

#define NCASES(a)	((int)(sizeof(a) / sizeof((a)[0])))

static int saved_cwd = -1;

static void
chdir_fixture(const char *rel)
{
	char *dir = tu_srcpath(rel);

	saved_cwd = open(".", O_RDONLY | O_DIRECTORY);
	ck_assert_int_ge(saved_cwd, 0);
	ck_assert_msg(chdir(dir) == 0, "chdir %s", dir);
	free(dir);
}

static void
setup_bad(void)
{
	chdir_fixture("fixtures/policy/bad");
}

static void
setup_good(void)
{
	chdir_fixture("fixtures/policy/good");
}

static void
teardown_dir(void)
{
	if (saved_cwd >= 0) {
		ck_assert_int_eq(fchdir(saved_cwd), 0);
		close(saved_cwd);
		saved_cwd = -1;
	}
}

/* What `assay policy check` does: load every path, check, compile every
 * rule with the defaults. Returns 0 or -1 with messages in D. */
static int
policy_check_paths(const char *const *paths, size_t n, struct diag *d)
{
	struct policy_set *ps = policy_set_new();
	struct plan *p = NULL;
	int rc = 0;

	for (size_t i = 0; i < n; i++)
		if (policy_load_path(ps, paths[i], &limits_default, d) != 0)
			rc = -1;
	if (rc == 0)
		rc = policy_set_check(ps, d);
	if (rc == 0) {
		p = policy_compile(ps, NULL, 0, NULL, 0, &limits_default, d);
		rc = p != NULL ? 0 : -1;
	}
	plan_free(p);
	policy_set_free(ps);
	return rc;
}

/* Load PATHS and check; fails the test on any error. */
static struct policy_set *
load_ok(const char *const *paths, size_t n)
{
	struct policy_set *ps = policy_set_new();
	struct diag *d = diag_new();

	for (size_t i = 0; i < n; i++)
		ck_assert_msg(policy_load_path(ps, paths[i], &limits_default,
		    d) == 0, "load %s: %s", paths[i], diag_text(d, 0));
	ck_assert_msg(policy_set_check(ps, d) == 0, "check: %s",
	    diag_text(d, 0));
	diag_free(d);
	return ps;
}

static struct plan *
compile_ok(struct policy_set *ps, const char *const *ids, size_t nids,
    const struct var_override *ov, size_t nov)
{
	struct diag *d = diag_new();
	struct plan *p = policy_compile(ps, ids, nids, ov, nov,
	    &limits_default, d);

	ck_assert_msg(p != NULL, "compile: %s", diag_text(d, 0));
	ck_assert_uint_eq(diag_total(d), 0);
	diag_free(d);
	return p;
}

static const char *
plan_var_value(const struct plan *p, const char *name)
{
	for (size_t i = 0; i < plan_var_count(p); i++) {
		const char *n;
		const char *v;

		plan_var(p, i, &n, &v);
		if (strcmp(n, name) == 0)
			return v;
	}
	return NULL;
}

/* The plan's rule ids joined with spaces, for one exact comparison. */
static char *
plan_ids(const struct plan *p)
{
	char *s = xstrdup("");

	for (size_t i = 0; i < plan_rule_count(p); i++) {
		char *t = xasprintf("%s%s%s", s, i > 0 ? " " : "",
		    plan_rule(p, i)->id);

		free(s);
		s = t;
	}
	return s;
}

/* Bad packs: one error each, asserted whole. */

static const struct {
	const char	*file;
	const char	*first;
} bad[] = {
	{ "unknown-key.yaml",
	    "unknown-key.yaml:6:5: unknown key \"remedation\" in rule (did you mean \"remediation\"?)" },
	{ "unknown-top-key.yaml",
	    "unknown-top-key.yaml:2:1: unknown key \"rulez\" in policy file (did you mean \"rules\"?)" },
	{ "bad-severity.yaml",
	    "bad-severity.yaml:5:15: severity: expected info, low, medium, "
	    "high or critical, got \"hgh\"" },
	{ "dup-rule-id.yaml",
	    "dup-rule-id.yaml:7:9: duplicate rule id \"ssh-root\" (first "
	    "defined at dup-rule-id.yaml:3:9)" },
	{ "unknown-check-type.yaml",
	    "unknown-check-type.yaml:7:7: unknown check type \"sshd\" "
	    "(did you mean \"sshd_config\"?)" },
	{ "unknown-check-type-far.yaml",
	    "unknown-check-type-far.yaml:7:7: unknown check type "
	    "\"registry\" (expected all, any, none, not or a probe name; "
	    "see docs/policy-language.md)" },
	{ "check-two-keys.yaml",
	    "check-two-keys.yaml:7:7: a check must have exactly one key, "
	    "got 2" },
	{ "empty-all.yaml",
	    "empty-all.yaml:7:12: all: expected a non-empty sequence of "
	    "checks, got an empty one" },
	{ "nested-unknown.yaml",
	    "nested-unknown.yaml:9:16: not: expected a mapping, got a "
	    "sequence" },
	{ "bad-regex.yaml",
	    "bad-regex.yaml:7:54: matches: invalid regex at offset 20: "
	    "missing closing parenthesis" },
	{ "unknown-variable.yaml",
	    "unknown-variable.yaml:9:20: unknown variable \"sshd_conf\"" },
	{ "malformed-var-ref.yaml",
	    "malformed-var-ref.yaml:7:20: malformed variable reference "
	    "(expected {{ var.NAME }})" },
	{ "cyclic-extends.yaml",
	    "cyclic-extends.yaml:13:14: cyclic extends: a -> b -> c -> a" },
	{ "unknown-extends.yaml",
	    "unknown-extends.yaml:9:20: extends: unknown profile "
	    "\"workstation\"" },
	{ "select-no-match.yaml",
	    "select-no-match.yaml:9:21: select: \"x-*\" matches no rule" },
	{ "exclude-no-match.yaml",
	    "exclude-no-match.yaml:9:15: exclude: \"tag:nope\" matches no "
	    "rule" },
	{ "select-unknown-pack.yaml",
	    "select-unknown-pack.yaml:9:14: select: \"cis/ssh-*\" names an "
	    "unknown policy" },
	{ "missing-policy.yaml",
	    "missing-policy.yaml:1:1: missing key \"policy\" in policy file" },
	{ "bad-pack-id.yaml",
	    "bad-pack-id.yaml:1:9: policy: expected an id matching "
	    "[a-z0-9][a-z0-9._-]*, got \"My Pack\"" },
	{ "bad-rule-id.yaml",
	    "bad-rule-id.yaml:3:9: id: expected an id matching "
	    "[a-z0-9][a-z0-9._-]*, got \"SSH_Root\"" },
	{ "missing-title.yaml",
	    "missing-title.yaml:3:5: missing key \"title\" in rule" },
	{ "check-and-manual.yaml",
	    "check-and-manual.yaml:7:13: manual: a rule has either check or "
	    "manual, not both" },
	{ "no-check.yaml",
	    "no-check.yaml:3:5: missing key \"check\" (or \"manual\") in "
	    "rule" },
	{ "tags-type.yaml",
	    "tags-type.yaml:6:11: tags: expected a string or a list of "
	    "strings, got a mapping" },
	{ "references-type.yaml",
	    "references-type.yaml:6:17: references: expected a mapping, got "
	    "a sequence" },
	{ "not-a-mapping.yaml",
	    "not-a-mapping.yaml:1:1: policy file: expected a mapping, got a "
	    "sequence" },
	{ "rules-not-a-list.yaml",
	    "rules-not-a-list.yaml:3:3: rules: expected a sequence, got a "
	    "mapping" },
	{ "dup-profile-id.yaml",
	    "dup-profile-id.yaml:9:9: duplicate profile id \"server\" (first "
	    "defined at dup-profile-id.yaml:8:9)" },
	{ "profile-unknown-variable.yaml",
	    "profile-unknown-variable.yaml:11:17: unknown variable "
	    "\"max_try\"" },
	{ "bad-var-name.yaml",
	    "bad-var-name.yaml:3:3: variables: expected a name matching "
	    "[A-Za-z_][A-Za-z0-9_]*, got \"max-tries\"" },
	{ "var-missing-default.yaml",
	    "var-missing-default.yaml:3:14: missing key \"default\" in "
	    "variable" },
	{ "pack-mismatch",
	    "pack-mismatch/b.yaml:2:9: policy: \"worse\" differs from \"bad\" "
	    "declared at pack-mismatch/a.yaml:1:9 (all files of a pack share "
	    "one id)" },
	{ "var-conflict",
	    "var-conflict/b.yaml:3:3: variable \"max_tries\" already declared "
	    "at var-conflict/a.yaml:3:3 with a different default" },
};

START_TEST(test_policy_bad_input_names_file_line_col)
{
	struct diag *d = diag_new();
	const char *path = bad[_i].file;

	ck_assert_int_eq(policy_check_paths(&path, 1, d), -1);
	ck_assert_str_eq(diag_text(d, 0), bad[_i].first);
	ck_assert_msg(diag_total(d) == 1, "%s: %zu errors, 2nd: %s",
	    bad[_i].file, diag_total(d), diag_text(d, 1));
	diag_free(d);
}
END_TEST

static const char *const several[] = {
	"several-errors.yaml:6:15: severity: expected info, low, medium, "
	    "high or critical, got \"hgh\"",
	"several-errors.yaml:9:5: unknown key \"titel\" in rule (did you mean \"title\"?)",
	"several-errors.yaml:8:5: missing key \"title\" in rule",
	"several-errors.yaml:12:7: unknown check type \"sshd\" (did you "
	    "mean \"sshd_config\"?)",
	"several-errors.yaml:13:9: duplicate rule id \"ssh-root\" (first "
	    "defined at several-errors.yaml:4:9)",
};

START_TEST(test_policy_every_error_of_a_file_is_reported)
{
	struct diag *d = diag_new();
	const char *path = "several-errors.yaml";

	ck_assert_int_eq(policy_check_paths(&path, 1, d), -1);
	ck_assert_uint_eq(diag_total(d), NCASES(several));
	for (int i = 0; i < NCASES(several); i++)
		ck_assert_str_eq(diag_text(d, (size_t)i), several[i]);
	diag_free(d);
}
END_TEST

/* A fixture nobody asserts is a fixture that can rot. */
START_TEST(test_policy_every_bad_fixture_is_asserted)
{
	DIR *dp = opendir(".");
	struct dirent *de;

	ck_assert_ptr_nonnull(dp);
	while ((de = readdir(dp)) != NULL) {
		bool found = strcmp(de->d_name, "several-errors.yaml") == 0;

		if (de->d_name[0] == '.')
			continue;
		for (int i = 0; i < NCASES(bad); i++)
			found = found || strcmp(bad[i].file, de->d_name) == 0;
		ck_assert_msg(found, "%s is not in the table", de->d_name);
	}
	closedir(dp);
	ck_assert_int_ge(NCASES(bad), 20);
}
END_TEST

START_TEST(test_policy_missing_path_is_an_error)
{
	struct diag *d = diag_new();
	const char *path = "no-such-pack";

	ck_assert_int_eq(policy_check_paths(&path, 1, d), -1);
	ck_assert_str_eq(diag_text(d, 0), "no-such-pack: cannot read: no "
	    "such file or directory");
	diag_free(d);
}
END_TEST

START_TEST(test_policy_folder_without_yaml_is_an_error)
{
	char *dir = tu_tmpdir();
	struct diag *d = diag_new();
	char *want = xasprintf("%s: no policy files (*.yaml, *.yml)", dir);
	const char *path = dir;

	tu_write(dir, "README.md", "# nothing\n", 0644);
	tu_write(dir, ".hidden.yaml", "policy: hidden\n", 0644);
	ck_assert_int_eq(policy_check_paths(&path, 1, d), -1);
	ck_assert_str_eq(diag_text(d, 0), want);
	free(want);
	diag_free(d);
	tu_rmtree(dir);
	free(dir);
}
END_TEST

/* TMPL with each "@" replaced by DIR, malloc'd. */
static char *
subst_dir(const char *tmpl, const char *dir)
{
	char *s = xstrdup("");

	for (const char *p = tmpl; *p != '\0'; p++) {
		char *t = *p == '@' ? xasprintf("%s%s", s, dir) :
		    xasprintf("%s%c", s, *p);

		free(s);
		s = t;
	}
	return s;
}

/* Two packs in a temporary directory ("@" is its path). */
static const struct {
	const char	*a, *b, *first;
} cross[] = {
	{ "policy: one\nrules:\n  - {id: r, title: T, severity: low, "
	    "manual: M}\n",
	  "policy: two\nrules:\n  - {id: r, title: T, severity: low, "
	    "manual: M}\n",
	  "@/b.yaml:3:10: duplicate rule id \"r\" (first defined at "
	    "@/a.yaml:3:10)" },
	{ "policy: one\n",
	  "policy: one\n",
	  "@/b.yaml:1:9: policy \"one\" already loaded (first defined at "
	    "@/a.yaml:1:9)" },
	{ "policy: one\nvariables: {x: 1}\n",
	  "policy: two\nvariables: {x: {default: 2}}\n",
	  "@/b.yaml:2:13: variable \"x\" already declared at @/a.yaml:2:13 "
	    "with a different default" },
	{ "policy: one\nprofiles: [{id: two}]\n",
	  "policy: two\nrules:\n  - {id: r, title: T, severity: low, "
	    "manual: M}\n",
	  "@/b.yaml:1:9: duplicate profile id \"two\" (first defined at "
	    "@/a.yaml:2:17)" },
};

START_TEST(test_policy_ids_clash_across_packs)
{
	char *dir = tu_tmpdir();
	struct diag *d = diag_new();
	char *a = xasprintf("%s/a.yaml", dir);
	char *b = xasprintf("%s/b.yaml", dir);
	char *want = subst_dir(cross[_i].first, dir);
	const char *paths[] = { a, b };

	tu_write(dir, "a.yaml", cross[_i].a, 0644);
	tu_write(dir, "b.yaml", cross[_i].b, 0644);
	ck_assert_int_eq(policy_check_paths(paths, 2, d), -1);
	ck_assert_str_eq(diag_text(d, 0), want);
	ck_assert_uint_eq(diag_total(d), 1);
	free(want);
	free(b);
	free(a);
	diag_free(d);
	tu_rmtree(dir);
	free(dir);
}
END_TEST

/* `requires:` loads a missing pack from the folder beside the requiring
 * one, so its profiles can select the other pack's rules; a folder loaded
 * twice (first as required, then by name) is loaded once. */
START_TEST(test_policy_requires_loads_the_pack_beside)
{
	char *dir = tu_tmpdir();
	char *b = xasprintf("%s/b", dir);
	char *a = xasprintf("%s/./a", dir);
	const char *paths[] = { b, a };
	struct policy_set *ps;
	struct plan *p;
	const char *id = "b-all";

	tu_write(dir, "a/pack.yaml", "policy: a\nrules:\n  - {id: ra, "
	    "title: T, severity: low, manual: M}\n", 0644);
	tu_write(dir, "b/pack.yaml", "policy: b\nrequires: a\nprofiles:\n"
	    "  - {id: b-all, select: [\"a/*\", \"*\"]}\nrules:\n"
	    "  - {id: rb, title: T, severity: low, manual: M}\n", 0644);
	ps = load_ok(paths, 2);
	ck_assert_uint_eq(policy_rule_count(ps), 2);
	p = compile_ok(ps, &id, 1, NULL, 0);
	ck_assert_uint_eq(plan_rule_count(p), 2);
	/* rb was loaded first; ra came with `requires:` */
	ck_assert_str_eq(plan_rule(p, 0)->id, "rb");
	ck_assert_str_eq(plan_rule(p, 1)->id, "ra");
	plan_free(p);
	policy_set_free(ps);
	tu_rmtree(dir);
	free(a);
	free(b);
	free(dir);
}
END_TEST

/* A pack of 50,000 rules (ten files under the 4 MiB file cap) whose
 * profile names every rule by id, and a duplicate id in the last file:
 * loading is linear (ids are hashed; it was a scan per rule, over 20 s),
 * the duplicate is still found and the profile still selects by id. No
 * timing assert: the suite's timeout is the bound. Under the sanitizers
 * (ten times slower, and CI's longest unit test) the same checks run on
 * 10,000 rules: the linear bound is the plain build's to show. */
#if defined(__SANITIZE_ADDRESS__)
#define BIG_RULES 10000
#else
#define BIG_RULES 50000
#endif
#define BIG_FILES 10

static void
write_big_pack(const char *dir, bool dup)
{
	struct strbuf b = STRBUF_INIT;

	strbuf_addstr(&b, "policy: big\nprofiles:\n  - id: every\n"
	    "    exclude: [r00007]\n    select:\n");
	for (int i = 0; i < BIG_RULES; i++)
		strbuf_addf(&b, "      - r%05d\n", i);
	tu_write(dir, "big/pack.yaml", b.buf, 0644);
	for (int f = 0; f < BIG_FILES; f++) {
		char name[32];
		int per = BIG_RULES / BIG_FILES;

		strbuf_reset(&b);
		strbuf_addstr(&b, "policy: big\nrules:\n");
		for (int i = f * per; i < (f + 1) * per; i++)
			strbuf_addf(&b, "  - {id: r%05d, title: T, severity: "
			    "low, check: {file: {path: /etc/f%d}}}\n", i, i);
		if (dup && f == BIG_FILES - 1)
			strbuf_addstr(&b, "  - {id: r00042, title: T, "
			    "severity: low, manual: M}\n");
		snprintf(name, sizeof(name), "big/r%d.yaml", f);
		tu_write(dir, name, b.buf, 0644);
	}
	strbuf_release(&b);
}

START_TEST(test_policy_big_pack_loads_in_linear_time)
{
	char *dir = tu_tmpdir();
	char *path = xasprintf("%s/big", dir);
	const char *paths[] = { path };
	const char *id = "every";
	struct diag *d = diag_new();
	struct policy_set *ps;
	struct plan *p;
	char *want;

	write_big_pack(dir, false);
	ps = load_ok(paths, 1);
	ck_assert_uint_eq(policy_rule_count(ps), BIG_RULES);
	p = compile_ok(ps, &id, 1, NULL, 0);
	ck_assert_uint_eq(plan_rule_count(p), BIG_RULES - 1);
	ck_assert_str_eq(plan_rule(p, 7)->id, "r00008");
	plan_free(p);
	policy_set_free(ps);
	tu_rmtree(path);

	write_big_pack(dir, true);
	ps = policy_set_new();
	ck_assert_int_ne(policy_load_path(ps, path, &limits_default, d), 0);
	ck_assert_uint_eq(diag_count(d), 1);
	/* the file's 2 header lines, its rules, then the duplicate */
	want = xasprintf("%s/r9.yaml:%d:10: duplicate rule id \"r00042\" "
	    "(first defined at %s/r0.yaml:45:10)", path,
	    BIG_RULES / BIG_FILES + 3, path);
	ck_assert_str_eq(diag_text(d, 0), want);
	free(want);
	policy_set_free(ps);
	diag_free(d);
	tu_rmtree(dir);
	free(path);
	free(dir);
}
END_TEST

static const struct {
	const char	*b;		/* b/pack.yaml */
	const char	*msg;		/* @ is the temp dir */
} requires_bad[] = {
	{ "policy: b\nrequires: [a, nope]\n", "@/b/pack.yaml:2:15: requires: "
	  "pack \"nope\" is not loaded and there is no folder nope beside "
	  "this one; load it with --policy" },
	{ "policy: b\nrequires: {a: 1}\n", "@/b/pack.yaml:2:11: requires: "
	  "expected a pack id or a list of them, got a mapping" },
	{ "policy: b\nrequires: [A]\n", "@/b/pack.yaml:2:12: requires: "
	  "expected a pack id, got \"A\"" },
	/* a folder named after the pack that holds another pack */
	{ "policy: b\nrequires: c\n", "@/b/pack.yaml:2:11: requires: @/c "
	  "holds no pack \"c\"" },
};

START_TEST(test_policy_requires_errors_name_the_item)
{
	char *dir = tu_tmpdir();
	char *b = xasprintf("%s/b", dir);
	char *want = subst_dir(requires_bad[_i].msg, dir);
	const char *paths[] = { b };
	struct diag *d = diag_new();

	tu_write(dir, "a/pack.yaml", "policy: a\nrules:\n  - {id: ra, "
	    "title: T, severity: low, manual: M}\n", 0644);
	tu_write(dir, "c/pack.yaml", "policy: a2\n", 0644);
	tu_write(dir, "b/pack.yaml", requires_bad[_i].b, 0644);
	ck_assert_int_eq(policy_check_paths(paths, 1, d), -1);
	ck_assert_str_eq(diag_text(d, 0), want);
	free(want);
	free(b);
	diag_free(d);
	tu_rmtree(dir);
	free(dir);
}
END_TEST

/* A string has no folder beside it: what it requires must be loaded. */
START_TEST(test_policy_string_requires_a_loaded_pack)
{
	static const char b[] = "policy: b\nrequires: a\n";
	static const char a[] = "policy: a\n";
	struct policy_set *ps = policy_set_new();
	struct diag *d = diag_new();

	ck_assert_int_eq(policy_load_string(ps, "b.yaml", b, strlen(b),
	    &limits_default, d), -1);
	ck_assert_str_eq(diag_text(d, 0), "b.yaml:2:11: requires: pack \"a\" "
	    "is not loaded");
	policy_set_free(ps);
	ps = policy_set_new();
	ck_assert_int_eq(policy_load_string(ps, "a.yaml", a, strlen(a),
	    &limits_default, d), 0);
	ck_assert_int_eq(policy_load_string(ps, "b.yaml", b, strlen(b),
	    &limits_default, d), 0);
	policy_set_free(ps);
	diag_free(d);
}
END_TEST

/* Symlinks to YAML files are followed; linked folders (loops) are not. */
START_TEST(test_policy_folder_follows_file_links_not_folder_links)
{
	char *dir = tu_tmpdir();
	char *pack = xasprintf("%s/pack", dir);
	const char *path = pack;
	struct policy_set *ps;

	tu_write(dir, "pack/main.yaml", "policy: p\nrules:\n  - {id: r1, "
	    "title: T, severity: low, manual: M}\n", 0644);
	tu_write(dir, "extra.yaml", "policy: p\nrules:\n  - {id: r2, "
	    "title: T, severity: low, manual: M}\n", 0644);
	tu_symlink(dir, "pack/z-link.yaml", "../extra.yaml");
	tu_symlink(dir, "pack/loop", ".");
	tu_symlink(dir, "pack/loop.yaml", ".");
	ps = load_ok(&path, 1);
	ck_assert_uint_eq(policy_rule_count(ps), 2);
	ck_assert_str_eq(policy_rule(ps, 1)->id, "r2");
	policy_set_free(ps);
	tu_rmtree(dir);
	free(pack);
	free(dir);
}
END_TEST

START_TEST(test_policy_equal_variable_defaults_may_repeat)
{
	const char *paths[] = { "other", "basic", "multi" };
	struct policy_set *ps = load_ok(paths, 3);

	ck_assert_uint_eq(policy_rule_count(ps), 7);
	policy_set_free(ps);
}
END_TEST

/* Loading and the public structs. */

START_TEST(test_policy_rule_fields_are_loaded)
{
	const char *path = "basic/basic.yaml";
	struct policy_set *ps = load_ok(&path, 1);
	const struct rule *r = policy_rule(ps, 0);
	const struct rule *m = policy_rule(ps, 2);

	ck_assert_uint_eq(policy_rule_count(ps), 3);
	ck_assert_str_eq(r->id, "motd-present");
	ck_assert_str_eq(r->title, "The message of the day exists");
	ck_assert_int_eq(r->severity, SEV_LOW);
	ck_assert_str_eq(r->description, "A motd tells users the rules.");
	ck_assert_str_eq(r->rationale, "Legal notice.");
	ck_assert_str_eq(r->remediation, "Create /etc/motd.");
	ck_assert_str_eq(r->notes, "Checked offline.");
	ck_assert_ptr_null(r->manual);
	ck_assert_uint_eq(r->nrefs, 3);
	ck_assert_str_eq(r->refs[0].key, "cis");
	ck_assert_str_eq(r->refs[0].value, "1.7.1");
	ck_assert_str_eq(r->refs[1].key, "stig");
	ck_assert_str_eq(r->refs[1].value, "V-1");
	ck_assert_str_eq(r->refs[2].key, "stig");
	ck_assert_str_eq(r->refs[2].value, "V-2");
	ck_assert_uint_eq(r->ntags, 2);
	ck_assert_str_eq(r->tags[1], "files");
	ck_assert_ptr_nonnull(r->check);
	ck_assert_ptr_null(r->applies_if);
	ck_assert_str_eq(r->pack->id, "basic");
	ck_assert_str_eq(r->pack->version, "1.0.0");
	ck_assert_str_eq(r->pack->title, "Basic test pack");
	ck_assert_str_eq(r->at.file, "basic/basic.yaml");
	ck_assert_uint_eq(r->at.line, 13);
	ck_assert_uint_eq(r->at.col, 9);
	ck_assert_ptr_nonnull(policy_rule(ps, 1)->applies_if);
	ck_assert_int_eq(m->severity, SEV_CRITICAL);
	ck_assert_str_eq(m->manual, "Nobody can check a door lock from a "
	    "disk image.");
	ck_assert_ptr_null(m->check);
	ck_assert_ptr_null(policy_rule(ps, 3));
	policy_set_free(ps);
}
END_TEST

START_TEST(test_policy_pack_profile_comes_first_and_selects_all)
{
	const char *path = "basic";
	struct policy_set *ps = load_ok(&path, 1);
	const struct profile *p = policy_profile(ps, 0);
	struct plan *plan;
	char *ids;

	ck_assert_uint_eq(policy_profile_count(ps), 4);
	ck_assert_str_eq(p->id, "basic");
	ck_assert_str_eq(p->title, "Basic test pack");
	ck_assert_str_eq(policy_profile(ps, 1)->id, "basic-banner");
	ck_assert_ptr_eq(policy_find_profile(ps, "basic-strict"),
	    policy_profile(ps, 2));
	ck_assert_ptr_null(policy_find_profile(ps, "nope"));
	plan = compile_ok(ps, &p->id, 1, NULL, 0);
	ids = plan_ids(plan);
	ck_assert_str_eq(ids, "motd-present motd-banner physical-security");
	ck_assert_uint_eq(plan_profile_count(plan), 1);
	ck_assert_ptr_eq(plan_profile(plan, 0), p);
	free(ids);
	plan_free(plan);
	policy_set_free(ps);
}
END_TEST

START_TEST(test_policy_pack_may_define_its_own_profile)
{
	const char *path = "multi";
	struct policy_set *ps = load_ok(&path, 1);
	const char *id = "multi";
	struct plan *plan;
	char *ids;

	ck_assert_uint_eq(policy_profile_count(ps), 1);
	ck_assert_str_eq(policy_profile(ps, 0)->title,
	    "The pack's own all-rules profile, replaced");
	plan = compile_ok(ps, &id, 1, NULL, 0);
	ids = plan_ids(plan);
	ck_assert_str_eq(ids, "multi-c");
	free(ids);
	plan_free(plan);
	policy_set_free(ps);
}
END_TEST

/* Files of a folder load recursively, sorted by path; others skipped. */
START_TEST(test_policy_folder_loads_recursively_in_sorted_order)
{
	const char *path = "multi";
	struct policy_set *ps = load_ok(&path, 1);
	struct plan *plan = compile_ok(ps, NULL, 0, NULL, 0);
	char *ids = plan_ids(plan);

	ck_assert_str_eq(ids, "multi-b multi-c multi-a");
	ck_assert_str_eq(policy_rule(ps, 2)->at.file,
	    "multi/sub/30-deep.yaml");
	ck_assert_str_eq(policy_rule(ps, 0)->pack->title,
	    "A pack split over files");
	ck_assert_uint_eq(plan_profile_count(plan), 0);
	free(ids);
	plan_free(plan);
	policy_set_free(ps);
}
END_TEST

/* Selection and variables. */

static const struct {
	const char	*profile;
	const char	*ids;
	const char	*banner_re;
	const char	*max_mode;
} select_cases[] = {
	/* tag:banner; the profile's variable beats the default */
	{ "basic-banner", "motd-present motd-banner", "^Welcome", "0644" },
	/* extends + select + exclude; inherited and own variables */
	{ "basic-strict", "motd-present motd-banner", "^Welcome", "0600" },
	/* neither select nor extends: all of its pack, minus exclude */
	{ "basic-no-manual", "motd-present motd-banner", "^Authorized",
	    "0644" },
	/* another pack: PACK/GLOB and extends across packs, child wins */
	{ "other-plus-basic", "motd-present motd-banner multi-a other-one",
	    "^Hello", "0644" },
};

START_TEST(test_policy_profile_selects_rules_and_binds_variables)
{
	const char *paths[] = { "basic", "multi", "other" };
	struct policy_set *ps = load_ok(paths, 3);
	struct plan *plan = compile_ok(ps, &select_cases[_i].profile, 1,
	    NULL, 0);
	char *ids = plan_ids(plan);

	ck_assert_str_eq(ids, select_cases[_i].ids);
	ck_assert_str_eq(plan_var_value(plan, "banner_re"),
	    select_cases[_i].banner_re);
	ck_assert_str_eq(plan_var_value(plan, "max_mode"),
	    select_cases[_i].max_mode);
	free(ids);
	plan_free(plan);
	policy_set_free(ps);
}
END_TEST

START_TEST(test_policy_profiles_union_in_load_order_without_duplicates)
{
	const char *paths[] = { "basic", "multi", "other" };
	const char *ids[] = { "multi", "basic-banner", "basic", "multi" };
	struct policy_set *ps = load_ok(paths, 3);
	struct plan *plan = compile_ok(ps, ids, 4, NULL, 0);
	char *got = plan_ids(plan);

	ck_assert_str_eq(got, "motd-present motd-banner physical-security "
	    "multi-c");
	ck_assert_uint_eq(plan_profile_count(plan), 3);
	ck_assert_str_eq(plan_profile(plan, 2)->id, "basic");
	free(got);
	plan_free(plan);
	policy_set_free(ps);
}
END_TEST

START_TEST(test_policy_var_override_beats_profile_and_default)
{
	const char *path = "basic";
	const char *id = "basic-strict";
	const struct var_override ov[] = {
		{ "max_mode", "0640" },
		{ "motd_path", "/etc/motd.d/x" },
	};
	struct policy_set *ps = load_ok(&path, 1);
	struct plan *plan = compile_ok(ps, &id, 1, ov, 2);
	const char *name;
	const char *value;

	ck_assert_str_eq(plan_var_value(plan, "max_mode"), "0640");
	ck_assert_str_eq(plan_var_value(plan, "banner_re"), "^Welcome");
	/* sorted by name */
	ck_assert_uint_eq(plan_var_count(plan), 3);
	plan_var(plan, 0, &name, &value);
	ck_assert_str_eq(name, "banner_re");
	plan_var(plan, 2, &name, &value);
	ck_assert_str_eq(name, "motd_path");
	ck_assert_str_eq(value, "/etc/motd.d/x");
	plan_free(plan);
	policy_set_free(ps);
}
END_TEST

/* The override really reaches the probe: a bad regex given with --var
 * is reported by the probe at the scalar that used the variable. */
START_TEST(test_policy_var_override_is_expanded_before_probes_compile)
{
	const char *path = "basic";
	const struct var_override ov = { "banner_re", "(" };
	struct policy_set *ps = load_ok(&path, 1);
	struct diag *d = diag_new();

	ck_assert_ptr_null(policy_compile(ps, NULL, 0, &ov, 1,
	    &limits_default, d));
	ck_assert_str_eq(diag_text(d, 0), "basic/basic.yaml:34:59: matches: "
	    "invalid regex at offset 1: missing closing parenthesis");
	ck_assert_uint_eq(diag_total(d), 1);
	diag_free(d);
	policy_set_free(ps);
}
END_TEST

START_TEST(test_policy_unknown_profiles_and_overrides_are_all_reported)
{
	const char *path = "basic";
	const char *ids[] = { "basic", "nope", "cis-l1" };
	const struct var_override ov = { "max_tries", "4" };
	struct policy_set *ps = load_ok(&path, 1);
	struct diag *d = diag_new();

	ck_assert_ptr_null(policy_compile(ps, ids, 3, &ov, 1,
	    &limits_default, d));
	ck_assert_uint_eq(diag_total(d), 3);
	ck_assert_str_eq(diag_text(d, 0), "unknown profile \"nope\" "
	    "(`assay profiles` lists them)");
	ck_assert_str_eq(diag_text(d, 1), "unknown profile \"cis-l1\" "
	    "(`assay profiles` lists them)");
	ck_assert_str_eq(diag_text(d, 2), "--var max_tries: unknown variable");
	diag_free(d);
	policy_set_free(ps);
}
END_TEST

START_TEST(test_policy_check_trees_compile_to_checknodes)
{
	const char *path = "basic";
	struct policy_set *ps = load_ok(&path, 1);
	struct plan *plan = compile_ok(ps, NULL, 0, NULL, 0);
	const struct checknode *c = plan_check(plan, 1);
	const struct checknode *a = plan_applies_if(plan, 1);

	ck_assert_uint_eq(plan_rule_count(plan), 3);
	ck_assert_int_eq(c->kind, CHECK_ALL);
	ck_assert_uint_eq(c->nkids, 3);
	ck_assert_uint_eq(c->at.line, 33);
	ck_assert_int_eq(c->kids[0]->kind, CHECK_PROBE);
	ck_assert_str_eq(c->kids[0]->probe->name, "content");
	ck_assert_int_eq(c->kids[1]->kind, CHECK_NOT);
	ck_assert_uint_eq(c->kids[1]->nkids, 1);
	ck_assert_str_eq(c->kids[1]->kids[0]->probe->name, "content");
	ck_assert_int_eq(c->kids[2]->kind, CHECK_ANY);
	ck_assert_uint_eq(c->kids[2]->nkids, 2);
	ck_assert_str_eq(c->kids[2]->kids[1]->probe->name, "file");
	ck_assert_int_eq(a->kind, CHECK_PROBE);
	ck_assert_ptr_null(plan_applies_if(plan, 0));
	ck_assert_ptr_nonnull(plan_check(plan, 0));
	/* the manual rule has neither */
	ck_assert_ptr_null(plan_check(plan, 2));
	ck_assert_ptr_null(plan_applies_if(plan, 2));
	ck_assert_ptr_null(plan_check(plan, 3));
	plan_free(plan);
	policy_set_free(ps);
}
END_TEST

START_TEST(test_policy_compile_runs_the_set_check_itself)
{
	struct policy_set *ps = policy_set_new();
	struct diag *d = diag_new();
	struct plan *plan;

	ck_assert_int_eq(policy_load_path(ps, "multi", &limits_default, d),
	    0);
	plan = policy_compile(ps, NULL, 0, NULL, 0, &limits_default, d);
	ck_assert_ptr_nonnull(plan);
	ck_assert_uint_eq(policy_profile_count(ps), 1);
	ck_assert_int_eq(policy_set_check(ps, d), 0);	/* idempotent */
	ck_assert_uint_eq(policy_profile_count(ps), 1);
	plan_free(plan);
	policy_set_free(ps);
	diag_free(d);
}
END_TEST

START_TEST(test_policy_failed_load_fails_check_and_compile)
{
	struct policy_set *ps = policy_set_new();
	struct diag *d = diag_new();
	char *bad_path = tu_srcpath("fixtures/policy/bad/bad-severity.yaml");

	ck_assert_int_eq(policy_load_path(ps, bad_path, &limits_default, d),
	    -1);
	ck_assert_int_eq(policy_load_path(ps, "multi", &limits_default, d), 0);
	ck_assert_int_eq(policy_set_check(ps, d), -1);
	ck_assert_ptr_null(policy_compile(ps, NULL, 0, NULL, 0,
	    &limits_default, d));
	ck_assert_uint_eq(diag_total(d), 1);
	free(bad_path);
	policy_set_free(ps);
	diag_free(d);
}
END_TEST

/* policy_load_string(): what a file would give, without a file. */
static const char string_pack[] =
    "policy: mem\n"
    "rules:\n"
    "  - id: mem-passwd\n"
    "    title: passwd exists\n"
    "    severity: low\n"
    "    check: {file: {path: /etc/passwd}}\n";

START_TEST(test_policy_string_loads_like_a_file)
{
	struct policy_set *ps = policy_set_new();
	struct diag *d = diag_new();
	struct plan *plan;

	ck_assert_int_eq(policy_load_string(ps, "mem.yaml", string_pack,
	    strlen(string_pack), &limits_default, d), 0);
	ck_assert_int_eq(policy_set_check(ps, d), 0);
	plan = policy_compile(ps, NULL, 0, NULL, 0, &limits_default, d);
	ck_assert_ptr_nonnull(plan);
	ck_assert_uint_eq(plan_rule_count(plan), 1);
	ck_assert_str_eq(plan_rule(plan, 0)->id, "mem-passwd");
	ck_assert_str_eq(plan_rule(plan, 0)->at.file, "mem.yaml");
	ck_assert_uint_eq(diag_total(d), 0);
	plan_free(plan);
	policy_set_free(ps);
	diag_free(d);
}
END_TEST

START_TEST(test_policy_string_errors_name_the_given_name)
{
	static const char typo[] = "policy: mem\nrules:\n  - id: x\n"
	    "    severty: low\n";
	struct limits small = limits_default;
	struct policy_set *ps = policy_set_new();
	struct diag *d = diag_new();

	ck_assert_int_eq(policy_load_string(ps, "mem.yaml", typo,
	    strlen(typo), &limits_default, d), -1);
	ck_assert_str_eq(diag_text(d, 0),
	    "mem.yaml:4:5: unknown key \"severty\" in rule (did you mean \"severity\"?)");
	ck_assert_int_eq(policy_set_check(ps, d), -1);
	diag_clear(d);
	small.policy_bytes = 16;
	ck_assert_int_eq(policy_load_string(ps, "big.yaml", string_pack,
	    strlen(string_pack), &small, d), -1);
	ck_assert_str_eq(diag_text(d, 0), "big.yaml: larger than 16 bytes");
	policy_set_free(ps);
	diag_free(d);
}
END_TEST

/* Severities. */

START_TEST(test_severity_names_round_trip)
{
	enum severity s = SEV_INFO;

	for (int i = 0; i < SEV__COUNT; i++) {
		ck_assert_int_eq(severity_parse(severity_str(i), &s), 0);
		ck_assert_int_eq(s, i);
	}
	ck_assert_str_eq(severity_str(SEV_HIGH), "high");
	ck_assert_str_eq(severity_str(SEV__COUNT), "unknown");
	ck_assert_int_eq(severity_parse("High", &s), -1);
	ck_assert_int_eq(severity_parse("", &s), -1);
	ck_assert_int_eq(s, SEV_CRITICAL);
}
END_TEST

static Suite *
policy_suite(void)
{
	Suite *s = suite_create("policy");
	TCase *tc;

	tc = tcase_create("bad");
	tcase_add_checked_fixture(tc, setup_bad, teardown_dir);
	tcase_add_loop_test(tc, test_policy_bad_input_names_file_line_col, 0,
	    NCASES(bad));
	tcase_add_test(tc, test_policy_every_error_of_a_file_is_reported);
	tcase_add_test(tc, test_policy_every_bad_fixture_is_asserted);
	tcase_add_test(tc, test_policy_missing_path_is_an_error);
	tcase_add_test(tc, test_policy_folder_without_yaml_is_an_error);
	tcase_add_loop_test(tc, test_policy_ids_clash_across_packs, 0,
	    NCASES(cross));
	tcase_add_test(tc,
	    test_policy_folder_follows_file_links_not_folder_links);
	suite_add_tcase(s, tc);

	tc = tcase_create("good");
	tcase_add_checked_fixture(tc, setup_good, teardown_dir);
	tcase_add_test(tc, test_policy_equal_variable_defaults_may_repeat);
	tcase_add_test(tc, test_policy_rule_fields_are_loaded);
	tcase_add_test(tc,
	    test_policy_pack_profile_comes_first_and_selects_all);
	tcase_add_test(tc, test_policy_pack_may_define_its_own_profile);
	tcase_add_test(tc,
	    test_policy_folder_loads_recursively_in_sorted_order);
	tcase_add_loop_test(tc,
	    test_policy_profile_selects_rules_and_binds_variables, 0,
	    NCASES(select_cases));
	tcase_add_test(tc,
	    test_policy_profiles_union_in_load_order_without_duplicates);
	tcase_add_test(tc, test_policy_var_override_beats_profile_and_default);
	tcase_add_test(tc,
	    test_policy_var_override_is_expanded_before_probes_compile);
	tcase_add_test(tc,
	    test_policy_unknown_profiles_and_overrides_are_all_reported);
	tcase_add_test(tc, test_policy_check_trees_compile_to_checknodes);
	tcase_add_test(tc, test_policy_compile_runs_the_set_check_itself);
	tcase_add_test(tc, test_policy_failed_load_fails_check_and_compile);
	tcase_add_test(tc, test_policy_string_loads_like_a_file);
	tcase_add_test(tc, test_policy_string_errors_name_the_given_name);
	tcase_add_test(tc, test_policy_requires_loads_the_pack_beside);
	tcase_add_loop_test(tc, test_policy_requires_errors_name_the_item, 0,
	    sizeof(requires_bad) / sizeof(requires_bad[0]));
	tcase_add_test(tc, test_policy_string_requires_a_loaded_pack);
	suite_add_tcase(s, tc);

	/* 50,000 rules: about a second, but minutes under ASan on a busy
	 * machine (10,000 there); the bound is this timeout, never a timing
	 * assert */
	tc = tcase_create("big");
	tcase_set_timeout(tc, 900);
	tcase_add_test(tc, test_policy_big_pack_loads_in_linear_time);
	suite_add_tcase(s, tc);

	tc = tcase_create("severity");
	tcase_add_test(tc, test_severity_names_round_trip);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return tu_run_suite(policy_suite());
}
