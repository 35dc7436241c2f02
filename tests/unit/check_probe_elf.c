/*
 * check_probe_elf.c -- the `elf` probe on real binaries built at test
 * time with cc (with and without -g, and stripped): debug info, symbol
 * tables, class, symlinks inside the target, globs, the walk form,
 * non-ELF and malformed files, and bad arguments.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "assay/probe.h"
#include "assay/xmem.h"
#include "testutil.h"

/* Built once per run by build_binaries(). */
static char *build;

static void
run(const char *cmd)
{
	ck_assert_msg(system(cmd) == 0, "failed: %s", cmd);
}

static void
build_binaries(void)
{
	char *cmd;

	build = tu_tmpdir();
	tu_write(build, "/h.c", "int main(void) { return 0; }\n", 0644);
	cmd = xasprintf("cd '%s' && cc -o nodbg h.c && cc -g -o dbg h.c && "
	    "cp nodbg stripped && strip stripped && "
	    "cc -g -shared -fPIC -o libx.so.1 h.c", build);
	run(cmd);
	free(cmd);
}

static void
remove_binaries(void)
{
	tu_rmtree(build);
	free(build);
}

/* Copy build file NAME to REL in the root with MODE. */
static void
install(const char *name, const char *rel, const char *mode)
{
	char *cmd = xasprintf("mkdir -p \"$(dirname '%s%s')\" && "
	    "cp '%s/%s' '%s%s' && chmod %s '%s%s'", tu_root, rel, build, name,
	    tu_root, rel, mode, tu_root, rel);

	run(cmd);
	free(cmd);
}

static void
setup(void)
{
	tu_root_setup();
	install("stripped", "/usr/bin/dash", "0755");
	tu_symlink(tu_root, "/bin", "usr/bin");
	tu_symlink(tu_root, "/usr/bin/sh", "dash");
	install("nodbg", "/opt/app/bin/tool", "0755");
	install("dbg", "/opt/app/bin/tool-g", "0755");
	install("libx.so.1", "/opt/app/lib/libx.so.1", "0644");
	tu_write(tu_root, "/opt/app/bin/run.sh", "#!/bin/sh\nexec tool\n",
	    0755);
	tu_write(tu_root, "/opt/app/README", "not a candidate\n", 0644);
	tu_write(tu_root, "/opt/clean/bin/hello.sh", "#!/bin/sh\n", 0755);
	install("stripped", "/opt/clean/bin/hello", "0755");
}

static const struct {
	const char	*args;
	enum status	 st;
	const char	*ev;
} cases[] = {
	{ "{path: /bin/sh, query: class, expect: {equals: ELF64}}", ST_PASS,
	  "/bin/sh is ELF64: equals \"ELF64\"" },
	{ "{path: /bin/sh, query: class, expect: {equals: ELF32}}", ST_FAIL,
	  "/bin/sh is ELF64: not equals \"ELF32\"" },
	{ "{path: /bin/sh, query: stripped}", ST_PASS,
	  "/bin/sh has no symbol table" },
	{ "{path: /opt/app/bin/tool, query: stripped}", ST_FAIL,
	  "/opt/app/bin/tool is not stripped: it has .symtab" },
	{ "{path: /opt/app/bin/tool, query: no_debug_info}", ST_PASS,
	  "/opt/app/bin/tool has no debug info" },
	{ "{path: /opt/app/bin/tool-g, query: no_debug_info}", ST_FAIL,
	  "/opt/app/bin/tool-g has debug info: .debug_" },
	{ "{path: \"/opt/app/bin/*\", query: no_debug_info}", ST_FAIL,
	  "/opt/app/bin/run.sh is not an ELF file (skipped)" },
	{ "{path: /opt/app/bin/run.sh, query: no_debug_info}", ST_FAIL,
	  "no ELF file at /opt/app/bin/run.sh" },
	{ "{path: /opt/nope, query: stripped, missing: notapplicable}",
	  ST_NOTAPPLICABLE, "/opt/nope does not exist (missing: "
	  "notapplicable)" },
	/* the walk form */
	{ "{root: /opt/app, query: no_debug_info}", ST_FAIL,
	  "/opt/app/lib/libx.so.1 has debug info" },
	{ "{root: /opt/clean, query: no_debug_info}", ST_PASS,
	  "no debug info in 1 ELF files under /opt/clean (1 other files "
	  "skipped)" },
	{ "{root: /opt/clean, query: stripped}", ST_PASS,
	  "no symbol table in 1 ELF files under /opt/clean" },
	{ "{root: /opt/app, query: class, expect: {equals: ELF64}}",
	  ST_PASS, "/opt/app/lib/libx.so.1 is ELF64" },
	{ "{root: /srv, query: stripped}", ST_FAIL, "/srv does not exist" },
};

START_TEST(test_elf_verdict_and_evidence)
{
	tu_check_verdict("elf", cases[_i].args, cases[_i].st, cases[_i].ev);
}
END_TEST

START_TEST(test_elf_walk_reports_each_offender)
{
	struct evlist ev;

	ck_assert_int_eq(tu_probe_run(tu_root, "elf",
	    "{root: /opt/app, query: no_debug_info}", &ev, NULL), ST_FAIL);
	ck_assert_uint_eq(ev.n, 2);
	ck_assert_str_eq(ev.v[0].path, "/opt/app/bin/tool-g");
	ck_assert_str_eq(ev.v[0].expected, "no .debug_* sections");
	ck_assert_str_eq(ev.v[1].path, "/opt/app/lib/libx.so.1");
	evlist_release(&ev);
}
END_TEST

START_TEST(test_elf_malformed_is_error)
{
	struct evlist ev;

	/* the magic, then a header that points the section table nowhere */
	tu_write(tu_root, "/opt/app/bin/bad", "\177ELF\002\001\001\000"
	    "garbage garbage garbage garbage garbage garbage garbage "
	    "garbage\n", 0755);
	ck_assert_int_eq(tu_probe_run(tu_root, "elf",
	    "{path: /opt/app/bin/bad, query: no_debug_info}", &ev, NULL),
	    ST_ERROR);
	ck_assert(tu_ev_has(&ev, "malformed ELF file /opt/app/bin/bad: "));
	evlist_release(&ev);
	/* ... and a real offender elsewhere still fails the walk */
	ck_assert_int_eq(tu_probe_run(tu_root, "elf",
	    "{root: /opt/app, query: no_debug_info}", &ev, NULL), ST_FAIL);
	ck_assert(tu_ev_has(&ev, "malformed ELF file /opt/app/bin/bad"));
	evlist_release(&ev);
	tu_mkfifo(tu_root, "/opt/fifo");
	ck_assert_int_eq(tu_probe_run(tu_root, "elf",
	    "{path: /opt/fifo, query: stripped}", &ev, NULL), ST_ERROR);
	ck_assert(tu_ev_has(&ev, "cannot read /opt/fifo: not a regular "
	    "file"));
	evlist_release(&ev);
}
END_TEST

static const struct {
	const char	*args;
	const char	*msg;
} bad[] = {
	{ "{path: /bin/sh, query: class, expect: {equals: ELF64}, x: 1}",
	  "test.yaml:1:56: unknown key \"x\" in elf" },
	{ "{query: stripped}",
	  "test.yaml:1:1: missing required key \"path\" or \"root\" in elf" },
	{ "{path: /a, root: /b, query: stripped}",
	  "test.yaml:1:18: root: cannot be used with path" },
	{ "{path: bin/sh, query: stripped}",
	  "test.yaml:1:8: path: expected an absolute path, got \"bin/sh\"" },
	{ "{path: /bin/sh}",
	  "test.yaml:1:1: missing required key \"query\" in elf" },
	{ "{path: /bin/sh, query: debug}", "test.yaml:1:24: query: expected "
	  "no_debug_info, stripped or class, got \"debug\"" },
	{ "{path: /bin/sh, query: class}", "test.yaml:1:1: missing required "
	  "key \"expect\" in elf (query: class)" },
	{ "{path: /bin/sh, query: stripped, expect: {equals: x}}",
	  "test.yaml:1:42: expect: only used with query: class" },
	{ "{root: [/a], query: stripped}",
	  "test.yaml:1:8: root: expected a string, got a sequence" },
	{ "{root: /a, query: stripped, missing: nope}", "test.yaml:1:38: "
	  "missing: expected fail, pass, notapplicable or error, got "
	  "\"nope\"" },
};

START_TEST(test_elf_bad_args_name_file_line_col)
{
	tu_check_compile_error("elf", bad[_i].args, bad[_i].msg);
}
END_TEST

static Suite *
probe_elf_suite(void)
{
	Suite *s = suite_create("probe_elf");
	TCase *tc = tcase_create("eval");

	tcase_add_unchecked_fixture(tc, build_binaries, remove_binaries);
	tcase_add_checked_fixture(tc, setup, tu_root_teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_loop_test(tc, test_elf_verdict_and_evidence, 0,
	    sizeof(cases) / sizeof(cases[0]));
	tcase_add_test(tc, test_elf_walk_reports_each_offender);
	tcase_add_test(tc, test_elf_malformed_is_error);
	suite_add_tcase(s, tc);
	tc = tcase_create("compile");
	tcase_add_loop_test(tc, test_elf_bad_args_name_file_line_col, 0,
	    sizeof(bad) / sizeof(bad[0]));
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return tu_run_suite(probe_elf_suite());
}
