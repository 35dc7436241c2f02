/*
 * check_eval.c -- the combinators, applies_if and the shared walk.
 *
 * Check trees are built by hand from a fake probe whose state is the
 * status it returns, so these tests depend on nothing but eval.c.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "assay/eval.h"
#include "assay/policy.h"
#include "assay/probe.h"
#include "assay/strbuf.h"
#include "assay/xmem.h"
#include "testutil.h"

static enum status
fake_eval(void *state, struct probe_env *env, struct evlist *ev)
{
	enum status st = *(enum status *)state;

	(void)env;
	evlist_add_violation(ev, "/fake", 1, "fake %s", status_str(st));
	return st;
}

static void
fake_paths(const void *state, struct strlist *globs)
{
	strlist_add(globs, status_str(*(const enum status *)state));
}

static const struct probe_ops probe_fake = {
	.name = "fake",
	.eval = fake_eval,
	.paths = fake_paths,
};

static enum status statuses[] = { ST_PASS, ST_FAIL, ST_ERROR,
	ST_NOTAPPLICABLE };

static struct checknode *
leaf(enum status st)
{
	struct checknode *c = xcalloc(1, sizeof(*c));

	c->kind = CHECK_PROBE;
	c->probe = &probe_fake;
	for (size_t i = 0; i < 4; i++)
		if (statuses[i] == st)
			c->state = &statuses[i];
	return c;
}

static struct checknode *
group(enum check_kind kind, size_t n, const enum status *kids)
{
	struct checknode *c = xcalloc(1, sizeof(*c));

	c->kind = kind;
	c->nkids = n;
	c->kids = xcalloc(n, sizeof(*c->kids));
	for (size_t i = 0; i < n; i++)
		c->kids[i] = leaf(kids[i]);
	return c;
}

static void
node_free(struct checknode *c)
{
	for (size_t i = 0; i < c->nkids; i++)
		node_free(c->kids[i]);
	free(c->kids);
	free(c);
}

#define P ST_PASS
#define F ST_FAIL
#define E ST_ERROR
#define NA ST_NOTAPPLICABLE

static const struct {
	enum check_kind	kind;
	size_t		n;
	enum status	kids[3];
	enum status	want;
	size_t		nev;	/* evidence items kept */
} combos[] = {
	{ CHECK_ALL, 2, { P, P }, P, 2 },
	{ CHECK_ALL, 2, { P, F }, F, 1 },
	{ CHECK_ALL, 3, { E, F, P }, F, 1 },
	{ CHECK_ALL, 2, { E, P }, E, 1 },
	{ CHECK_ALL, 2, { NA, P }, P, 2 },
	{ CHECK_ALL, 2, { NA, NA }, NA, 2 },
	{ CHECK_ANY, 2, { F, P }, P, 1 },
	{ CHECK_ANY, 2, { F, F }, F, 2 },
	{ CHECK_ANY, 2, { F, E }, E, 1 },
	{ CHECK_ANY, 3, { E, P, F }, P, 1 },
	{ CHECK_ANY, 2, { NA, F }, F, 2 },
	{ CHECK_NONE, 2, { F, F }, P, 2 },
	{ CHECK_NONE, 2, { F, P }, F, 1 },
	{ CHECK_NONE, 2, { F, E }, E, 1 },
	{ CHECK_NONE, 1, { NA }, NA, 1 },
};

START_TEST(test_eval_combinator_table)
{
	struct checknode *c = group(combos[_i].kind, combos[_i].n,
	    combos[_i].kids);
	struct probe_env env = { NULL, &limits_default };
	struct evlist ev;

	evlist_init(&ev, 100);
	ck_assert_str_eq(status_str(eval_check(c, &env, &ev)),
	    status_str(combos[_i].want));
	ck_assert_uint_eq(ev.n, combos[_i].nev);
	evlist_release(&ev);
	node_free(c);
}
END_TEST

static const struct {
	enum status in, out;
} nots[] = {
	{ P, F }, { F, P }, { E, E }, { NA, NA },
};

START_TEST(test_eval_not_inverts_pass_and_fail_only)
{
	struct checknode *c = xcalloc(1, sizeof(*c));
	struct probe_env env = { NULL, &limits_default };
	struct evlist ev;

	c->kind = CHECK_NOT;
	c->nkids = 1;
	c->kids = xcalloc(1, sizeof(*c->kids));
	c->kids[0] = leaf(nots[_i].in);
	evlist_init(&ev, 100);
	ck_assert_str_eq(status_str(eval_check(c, &env, &ev)),
	    status_str(nots[_i].out));
	/* The child's evidence survives the inversion. */
	ck_assert_uint_eq(ev.n, 1);
	evlist_release(&ev);
	node_free(c);
}
END_TEST

START_TEST(test_eval_evidence_cap_counts_dropped)
{
	enum status kids[3] = { F, F, F };
	struct checknode *c = group(CHECK_ANY, 3, kids);
	struct probe_env env = { NULL, &limits_default };
	struct evlist ev;

	evlist_init(&ev, 2);
	ck_assert_int_eq(eval_check(c, &env, &ev), ST_FAIL);
	ck_assert_uint_eq(ev.n, 2);
	ck_assert_uint_eq(ev.dropped, 1);
	evlist_release(&ev);
	node_free(c);
}
END_TEST

START_TEST(test_eval_content_globs_come_from_every_probe)
{
	struct policy_set *ps = policy_set_new();
	struct diag *d = diag_new();
	char *dir = tu_tmpdir();
	struct strlist globs = STRLIST_INIT;
	char *pack = xasprintf("%s/p.yaml", dir);
	struct plan *p;

	/* Real probes through the loader: keyvalue and elf declare what they
	 * read, file reads metadata only and declares nothing. */
	tu_write(dir, "p.yaml", "policy: g\nrules:\n"
	    "  - {id: a, title: a, severity: low, check: {all: [\n"
	    "      {keyvalue: {path: /etc/login.defs, key: UMASK}},\n"
	    "      {elf: {path: /opt/app/bin/*, query: stripped}},\n"
	    "      {file: {path: /etc/passwd, exists: true}}]}}\n", 0644);
	ck_assert_int_eq(policy_load_path(ps, pack, &limits_default, d), 0);
	p = policy_compile(ps, NULL, 0, NULL, 0, &limits_default, d);
	ck_assert_msg(p != NULL, "%s", diag_text(d, 0));
	eval_content_globs(p, &globs);
	ck_assert_uint_eq(globs.n, 2);
	ck_assert_str_eq(globs.v[0], "/etc/login.defs");
	ck_assert_str_eq(globs.v[1], "/opt/app/bin/*");
	strlist_release(&globs);
	plan_free(p);
	policy_set_free(ps);
	diag_free(d);
	tu_rmtree(dir);
	free(pack);
	free(dir);
}
END_TEST

static Suite *
eval_suite(void)
{
	Suite *s = suite_create("eval");
	TCase *tc = tcase_create("combinators");

	tcase_add_loop_test(tc, test_eval_combinator_table, 0,
	    sizeof(combos) / sizeof(combos[0]));
	tcase_add_loop_test(tc, test_eval_not_inverts_pass_and_fail_only, 0,
	    sizeof(nots) / sizeof(nots[0]));
	tcase_add_test(tc, test_eval_evidence_cap_counts_dropped);
	tcase_add_test(tc, test_eval_content_globs_come_from_every_probe);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return tu_run_suite(eval_suite());
}
