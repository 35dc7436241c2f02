/*
 * elf.c -- the `elf` probe: debug information, symbol tables and the
 * class (32/64-bit) of the target's ELF binaries.
 *
 * Images should not ship debug info or full symbol tables (size, and a
 * gift to whoever reverse engineers them), and Azure accepts 64-bit
 * systems only (checked on /bin/sh or /sbin/init). We parse with libelf,
 * but only from memory: the file is read through the fs view
 * (target_read, so symlinks resolve inside the target and the read limit
 * holds) and handed to elf_memory(). libelf never sees a host fd.
 *
 * Two forms. `path` (a path or glob) checks the files named. `root` uses
 * the shared tree walk: walk_visit only sees metadata, so it collects
 * candidates (regular files with an execute bit or a `.so` name), at
 * most ten times the evidence cap, and eval reads them. A candidate
 * without the ELF magic is skipped; a file with the magic that libelf
 * cannot parse is `error` with libelf's reason; candidates beyond the cap
 * make an otherwise passing verdict `error`, since they were not checked.
 */
#include "config.h"

#include <gelf.h>
#include <libelf.h>
#include <stdlib.h>
#include <string.h>

#include "assay/expect.h"
#include "assay/probe.h"
#include "assay/strbuf.h"
#include "assay/util.h"
#include "assay/xmem.h"

/* Section names shown in one evidence item. */
#define ELF_SHOW_SECTIONS	4

enum elf_query {
	EQ_NO_DEBUG_INFO,
	EQ_STRIPPED,
	EQ_CLASS,
};

static const char *const elf_queries[] = {
	"no_debug_info", "stripped", "class", NULL
};

struct elf_state {
	char		*path;		/* path form */
	bool		 is_glob;
	char		*root;		/* walk form */
	int		 query;
	struct expect	*expect;
	enum status	 missing;
	/* walk state, reset by walk_begin */
	bool		 walked;
	struct strlist	 cands;
	size_t		 cap;
	size_t		 over;
	struct probe_walkerr unwalked;
};

static const char *const elf_keys[] = {
	"path", "root", "query", "expect", "missing", NULL
};

static void
elf_state_free(void *state)
{
	struct elf_state *s = state;

	if (s == NULL)
		return;
	free(s->path);
	free(s->root);
	expect_free(s->expect);
	strlist_release(&s->cands);
	probe_walkerr_release(&s->unwalked);
	free(s);
}

static int
parse_where(const struct ynode *args, struct elf_state *s, struct diag *d)
{
	const struct ynode *p = ynode_get(args, "path");
	const struct ynode *r = ynode_get(args, "root");
	const struct ynode *n = p != NULL ? p : r;
	const char *t;

	if (p == NULL && r == NULL) {
		diag_add(d, &args->at, "missing required key \"path\" or "
		    "\"root\" in elf");
		return -1;
	}
	if (p != NULL && r != NULL) {
		diag_add(d, &r->at, "root: cannot be used with path");
		return -1;
	}
	if (ynode_str(n, p != NULL ? "path" : "root", &t, d) != 0)
		return -1;
	if (t[0] != '/') {
		diag_add(d, &n->at, "%s: expected an absolute path, got %s",
		    p != NULL ? "path" : "root", ynode_show(n));
		return -1;
	}
	if (p != NULL) {
		s->path = xstrdup(t);
		s->is_glob = has_glob_meta(t);
	} else {
		s->root = path_normalize(t);
	}
	return 0;
}

static int
elf_parse(const struct ynode *args, const struct limits *lim,
    struct elf_state *s, struct diag *d)
{
	const struct ynode *q = probe_require(args, "query", "elf", d);
	const struct ynode *e = ynode_get(args, "expect");

	if (parse_where(args, s, d) != 0 || q == NULL ||
	    probe_parse_enum(q, "query", elf_queries, &s->query, d) != 0)
		return -1;
	if (s->query == EQ_CLASS && e == NULL) {
		diag_add(d, &args->at, "missing required key \"expect\" in "
		    "elf (query: class)");
		return -1;
	}
	if (s->query != EQ_CLASS && e != NULL) {
		diag_add(d, &e->at, "expect: only used with query: class");
		return -1;
	}
	if (e != NULL && (s->expect = expect_compile(e, lim, d)) == NULL)
		return -1;
	return probe_parse_missing(ynode_get(args, "missing"), &s->missing, d);
}

static int
elf_compile(const struct ynode *args, const struct limits *lim,
    void **statep, struct diag *d)
{
	struct elf_state *s = xcalloc(1, sizeof(*s));

	if (ynode_check_keys(args, "elf", elf_keys, d) != 0 ||
	    elf_parse(args, lim, s, d) != 0) {
		elf_state_free(s);
		return -1;
	}
	/* Needed once before any other libelf call. */
	(void)elf_version(EV_CURRENT);
	*statep = s;
	return 0;
}

/*
 * The walk: collect candidates.
 */

static const char *
elf_walk_begin(void *state, struct probe_env *env)
{
	struct elf_state *s = state;

	if (s->root == NULL)
		return NULL;
	strlist_release(&s->cands);
	probe_walkerr_release(&s->unwalked);
	s->walked = true;
	s->over = 0;
	s->cap = env->lim->evidence_max > 0 ? env->lim->evidence_max * 10 :
	    10000;
	return s->root;
}

/* A shared object name: "x.so" or "x.so.1.2". */
static bool
is_so_name(const char *path)
{
	const char *base = strrchr(path, '/');
	const char *so;

	base = base != NULL ? base + 1 : path;
	so = strstr(base, ".so");
	return so != NULL && (so[3] == '\0' || so[3] == '.');
}

static void
elf_walk_visit(void *state, const char *path, const struct fsnode *n)
{
	struct elf_state *s = state;

	if (n->type != FS_REG || ((n->mode & 0111) == 0 && !is_so_name(path)))
		return;
	if (s->cands.n < s->cap)
		strlist_add(&s->cands, path);
	else
		s->over++;
}

static void
elf_walk_error(void *state, const char *path, enum fs_rc rc)
{
	struct elf_state *s = state;

	probe_walkerr_add(&s->unwalked, path, rc);
}

/*
 * Looking at one file.
 */

struct tally {
	size_t		elf;		/* ELF files examined */
	size_t		other;		/* skipped: not ELF */
	enum status	st;
};

static bool
is_debug_section(const char *name)
{
	return strncmp(name, ".debug_", 7) == 0 ||
	    strncmp(name, ".zdebug_", 8) == 0;
}

/* Section names of E that the query is about, listed into OUT; -1 when
 * the section headers cannot be read. */
static int
find_sections(const struct elf_state *s, Elf *e, struct strbuf *out,
    size_t *countp)
{
	size_t shstrndx;
	Elf_Scn *scn = NULL;
	GElf_Shdr sh;
	const char *name;

	*countp = 0;
	if (elf_getshdrstrndx(e, &shstrndx) != 0)
		return -1;
	/* Bounded by e_shnum, which libelf checked against the size. */
	while ((scn = elf_nextscn(e, scn)) != NULL) {
		if (gelf_getshdr(scn, &sh) == NULL ||
		    (name = elf_strptr(e, shstrndx, sh.sh_name)) == NULL)
			return -1;
		if (s->query == EQ_NO_DEBUG_INFO ? !is_debug_section(name) :
		    strcmp(name, ".symtab") != 0)
			continue;
		if (++*countp <= ELF_SHOW_SECTIONS)
			(void)strbuf_addf(out, "%s%s", out->len > 0 ? ", " :
			    "", name);
	}
	if (*countp > ELF_SHOW_SECTIONS)
		(void)strbuf_addstr(out, ", ...");
	return 0;
}

static enum status
judge_sections(const struct elf_state *s, Elf *e, const char *path,
    bool quiet_pass, struct evlist *ev)
{
	struct strbuf names = STRBUF_INIT;
	const char *what = s->query == EQ_NO_DEBUG_INFO ? "debug info" :
	    "symbol table";
	struct evidence *ei;
	size_t count;

	if (find_sections(s, e, &names, &count) != 0) {
		evlist_add_violation(ev, path, 0, "malformed ELF file %s: %s",
		    path, elf_errmsg(-1));
		strbuf_release(&names);
		return ST_ERROR;
	}
	if (count == 0) {
		if (!quiet_pass)
			evlist_add_violation(ev, path, 0, "%s has no %s", path,
			    what);
		strbuf_release(&names);
		return ST_PASS;
	}
	if (s->query == EQ_NO_DEBUG_INFO)
		ei = evlist_add_violation(ev, path, 0,
		    "%s has debug info: %s (%zu section%s)", path, names.buf,
		    count, count == 1 ? "" : "s");
	else
		ei = evlist_add_violation(ev, path, 0,
		    "%s is not stripped: it has %s", path, names.buf);
	evidence_set_values(ei, s->query == EQ_NO_DEBUG_INFO ?
	    "no .debug_* sections" : "stripped", names.buf);
	strbuf_release(&names);
	return ST_FAIL;
}

static enum status
judge_class(const struct elf_state *s, Elf *e, const char *path,
    struct evlist *ev)
{
	int c = gelf_getclass(e);
	const char *cls = c == ELFCLASS64 ? "ELF64" : c == ELFCLASS32 ?
	    "ELF32" : NULL;
	struct evidence *ei;
	bool ok;

	if (cls == NULL) {
		evlist_add_violation(ev, path, 0,
		    "malformed ELF file %s: unknown class", path);
		return ST_ERROR;
	}
	ok = expect_test(s->expect, cls);
	ei = evlist_add_violation(ev, path, 0, "%s is %s: %s%s", path, cls, ok ?
	    "" : "not ", expect_describe(s->expect));
	evidence_set_values(ei, expect_describe(s->expect), cls);
	return ok ? ST_PASS : ST_FAIL;
}

/* Judge the bytes of PATH (ELF magic already seen). */
static enum status
judge_image(const struct elf_state *s, struct strbuf *buf, const char *path,
    bool quiet_pass, struct evlist *ev)
{
	Elf *e = elf_memory(buf->buf, buf->len);
	enum status st;

	if (e == NULL || elf_kind(e) != ELF_K_ELF) {
		evlist_add_violation(ev, path, 0, "malformed ELF file %s: %s",
		    path, elf_errmsg(-1));
		elf_end(e);
		return ST_ERROR;
	}
	if (s->query == EQ_CLASS)
		st = judge_class(s, e, path, ev);
	else
		st = judge_sections(s, e, path, quiet_pass, ev);
	elf_end(e);
	return st;
}

static void
check_file(const struct elf_state *s, struct probe_env *env,
    const char *path, struct tally *t, struct evlist *ev)
{
	struct strbuf buf = STRBUF_INIT;
	enum fs_rc rc = target_read(env->target, path, 0, &buf);
	bool walking = s->root != NULL;

	if (rc == FS_OK && (buf.len < 4 || memcmp(buf.buf, ELFMAG,
	    SELFMAG) != 0)) {
		t->other++;
		if (!walking)
			evlist_add_violation(ev, path, 0,
			    "%s is not an ELF file (skipped)", path);
	} else if (rc == FS_OK) {
		t->elf++;
		t->st = status_all(t->st, judge_image(s, &buf, path,
		    walking && s->query != EQ_CLASS, ev));
	} else if (rc != FS_ENOENT && rc != FS_ENOTDIR) {
		t->st = status_all(t->st,
		    probe_read_error(env->target, ev, path, rc));
	}
	strbuf_release(&buf);
}

/*
 * Verdicts.
 */

static enum status
eval_paths(const struct elf_state *s, struct probe_env *env,
    struct evlist *ev)
{
	struct strlist paths = STRLIST_INIT;
	struct tally t = { 0, 0, ST_NOTAPPLICABLE };
	enum fs_rc rc = FS_OK;

	if (s->is_glob)
		rc = target_glob(env->target, s->path, &paths);
	else
		strlist_add(&paths, s->path);
	if (rc != FS_OK) {
		evlist_add_violation(ev, s->path, 0, "cannot expand %s: %s",
		    s->path, probe_fs_reason(rc));
		strlist_release(&paths);
		return ST_ERROR;
	}
	for (size_t i = 0; i < paths.n; i++)
		check_file(s, env, paths.v[i], &t, ev);
	strlist_release(&paths);
	if (t.elf == 0 && t.st == ST_NOTAPPLICABLE) {
		if (t.other > 0) {
			evlist_add_violation(ev, s->path, 0,
			    "no ELF file at %s", s->path);
			return s->missing;
		}
		return probe_missing(ev, s->path, s->missing);
	}
	return t.st;
}

static enum status
eval_walk(const struct elf_state *s, struct probe_env *env,
    struct evlist *ev)
{
	struct tally t = { 0, 0, ST_PASS };
	struct fsnode n;

	if (!s->walked) {
		/* Our bug, but never a silent pass. */
		evlist_add_violation(ev, s->root, 0,
		    "the walk of %s did not run", s->root);
		return ST_ERROR;
	}
	if (target_lookup(env->target, s->root, false, &n) != FS_OK)
		return probe_missing(ev, s->root, s->missing);
	for (size_t i = 0; i < s->cands.n; i++)
		check_file(s, env, s->cands.v[i], &t, ev);
	if (s->over > 0) {
		evlist_add_violation(ev, s->root, 0, "%zu more candidate files "
		    "under %s not checked (limit %zu)", s->over, s->root,
		    s->cap);
		t.st = status_all(t.st, ST_ERROR);
	}
	t.st = status_all(t.st, probe_walkerr_report(&s->unwalked, ev));
	if (s->query == EQ_CLASS && t.elf == 0) {
		evlist_add_violation(ev, s->root, 0, "no ELF file under %s",
		    s->root);
		return s->unwalked.n > 0 ? ST_ERROR : s->missing;
	}
	if (t.st == ST_PASS)
		evlist_add_violation(ev, s->root, 0, "%s %zu ELF files under "
		    "%s (%zu other files skipped)", s->query == EQ_CLASS ?
		    "checked" : s->query == EQ_STRIPPED ? "no symbol table in" :
		    "no debug info in", t.elf, s->root, t.other);
	return t.st;
}

static enum status
elf_eval(void *state, struct probe_env *env, struct evlist *ev)
{
	const struct elf_state *s = state;

	return s->root != NULL ? eval_walk(s, env, ev) :
	    eval_paths(s, env, ev);
}

static void
elf_paths(const void *state, struct strlist *globs)
{
	const struct elf_state *st = state;

	strlist_add(globs, st->path != NULL ? st->path : st->root);
}

const struct probe_ops probe_elf = {
	.name = "elf",
	.summary = "debug info, symbol tables and class of ELF binaries",
	.compile = elf_compile,
	.walk_begin = elf_walk_begin,
	.walk_visit = elf_walk_visit,
	.walk_error = elf_walk_error,
	.eval = elf_eval,
	.free = elf_state_free,
	.paths = elf_paths,
};
