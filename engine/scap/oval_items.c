/*
 * oval_items.c -- OVAL objects collected into items from the target's fs
 * view, one collector per object type, plus sets and filters (OVAL 5.11
 * section 5.3.5).
 *
 * Every collector reads only through target.h, so a directory, a
 * container image or a disk image give the same items. What each reads
 * offline, and what OpenSCAP reads instead (often the live host), is in
 * docs/scap.md. An object type without a collector here makes its tests
 * "unknown": the rule is notchecked with the type named.
 */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "assay/dpkg.h"
#include "assay/dropin.h"
#include "assay/util.h"
#include "assay/xmem.h"
#include "oval_private.h"

/* ---- paths: filepath, or path + filename, with their operations ---- */

/*
 * The directory one alternative of a path regex (B, LEN bytes) must
 * start under: its literal prefix up to the last '/'
 * ("^/etc/ssh/sshd_config\.d/.*" -> "/etc/ssh/sshd_config.d"); "/" when
 * it is not anchored; NULL when it matches no absolute path (anchored,
 * and what follows the '^' is the end, as in SSG's "^$" for an empty
 * value, or a literal other than '/').
 */
static char *
branch_prefix(const char *b, size_t len)
{
	struct strbuf sb = STRBUF_INIT;
	const char *p, *e = b + len;
	char *r, *slash;

	if (len == 0 || b[0] != '^')
		return xstrdup("/");
	for (p = b + 1; p < e; p++) {
		if (*p == '\\' && p + 1 < e &&
		    !isalnum((unsigned char)p[1])) {
			strbuf_addch(&sb, *++p);
			continue;
		}
		if (strchr(".[]()*+?{}|^$\\", *p) != NULL) {
			/* a quantifier makes the character before it
			 * optional */
			if (strchr("*?{", *p) != NULL && sb.len > 0)
				sb.len--;
			break;
		}
		strbuf_addch(&sb, *p);
	}
	/* "^$", "^$\n": only an empty value (or a line end) matches */
	if (sb.len == 0 && p < e && *p == '$') {
		strbuf_release(&sb);
		return NULL;
	}
	strbuf_addch(&sb, '\0');
	r = strbuf_detach(&sb);
	if (r[0] != '\0' && r[0] != '/') {
		free(r);
		return NULL;
	}
	slash = strrchr(r, '/');
	if (slash == NULL) {
		free(r);
		return xstrdup("/");
	}
	slash[slash == r ? 1 : 0] = '\0';
	return r;
}

/* The longer of A's and B's common leading directories ("/etc/ssh" and
 * "/etc/pam.d" -> "/etc"), in A. */
static void
common_dir(char *a, const char *b)
{
	size_t i = 0, cut = 1;

	for (; a[i] != '\0' && a[i] == b[i]; i++)
		if (a[i] == '/' && i > 0)
			cut = i;
	if ((a[i] == '\0' || a[i] == '/') && (b[i] == '\0' || b[i] == '/'))
		cut = i;
	a[cut > 0 ? cut : 1] = '\0';
}

/* The directory a path regex must start under: the common directory of
 * its top-level alternatives' ("^/etc/a|^/usr/b" -> "/"), or NULL when
 * none of them can match an absolute path. */
static char *
rx_prefix(const char *pat)
{
	char *r = NULL;
	const char *b = pat, *p;
	unsigned depth = 0;
	bool class = false;

	for (p = pat;; p++) {
		if (*p == '\\' && p[1] != '\0') {
			p++;
			continue;
		}
		if (*p != '\0' && class) {
			class = *p != ']' || p[-1] == '[' ||
			    (p[-1] == '^' && p[-2] == '[');
			continue;
		}
		if (*p == '[')
			class = true;
		else if (*p == '(')
			depth++;
		else if (*p == ')' && depth > 0)
			depth--;
		else if (*p == '\0' || (*p == '|' && depth == 0)) {
			char *one = branch_prefix(b, (size_t)(p - b));

			if (one != NULL && r == NULL)
				r = one;
			else if (one != NULL) {
				common_dir(r, one);
				free(one);
			}
			if (*p == '\0')
				break;
			b = p + 1;
		}
	}
	return r;
}

/* Every node under a directory, listed once per target (target_cache):
 * SSG points many objects at the same folders (/etc, /etc/sysctl.d). */
struct walklist {
	struct strlist	 paths;
	unsigned char	*isdir;
	size_t		 cap;
	size_t		 max;
};

static enum walk_ret
walklist_visit(const char *path, const struct fsnode *n, void *arg)
{
	struct walklist *w = arg;

	if (w->paths.n >= w->max)
		return WALK_STOP;
	xgrow((void **)&w->isdir, &w->cap, w->paths.n + 1, 1);
	w->isdir[w->paths.n] = n->type == FS_DIR;
	strlist_add(&w->paths, path);
	return WALK_CONTINUE;
}

static void
walklist_free(void *p)
{
	struct walklist *w = p;

	strlist_release(&w->paths);
	free(w->isdir);
	free(w);
}

static const struct walklist *
walk_cached(struct ox *ox, const char *dir)
{
	char *key = xasprintf("oval-walk:%s", dir);
	struct walklist *w = target_cache_get(ox->t, key);

	if (w == NULL) {
		w = xcalloc(1, sizeof(*w));
		w->max = ox->lim->oval_items + 1;
		(void)target_walk_types(ox->t, dir, walklist_visit, NULL, w);
		target_cache_put(ox->t, key, w, walklist_free);
	}
	free(key);
	return w;
}

/* The paths entity ENT (filepath or path) selects; DIRS: directories. */
static enum ores
ent_paths(struct ox *ox, xmlNodePtr ent, bool dirs, struct strlist *out)
{
	const char *op = xattr(ent, "operation");
	struct ovals vals = { NULL, 0, 0 };
	enum ores r = OR_TRUE;

	if (op == NULL || strcmp(op, "equals") == 0) {
		r = ox_ent_values(ox, ent, &vals);
		for (size_t i = 0; r == OR_TRUE && i < vals.n; i++)
			strlist_add(out, vals.v[i]);
	} else if (strcmp(op, "pattern match") == 0) {
		r = ox_ent_values(ox, ent, &vals);
		for (size_t i = 0; r == OR_TRUE && i < vals.n; i++) {
			char *pre = rx_prefix(vals.v[i]);
			const struct walklist *w = NULL;
			struct fsnode n;

			if (pre != NULL &&
			    target_lookup(ox->t, pre, true, &n) == FS_OK &&
			    n.type == FS_DIR)
				w = walk_cached(ox, pre);
			free(pre);
			if (w != NULL && w->paths.n >= w->max)
				r = ox_fail(ox, OR_ERROR, "more than %zu paths",
				    ox->lim->oval_items);
			for (size_t j = 0; w != NULL && r == OR_TRUE &&
			    j < w->paths.n; j++) {
				enum ores m;

				if ((w->isdir[j] != 0) != dirs ||
				    strlist_has(out, w->paths.v[j]))
					continue;
				m = ox_compare(ox, xattr(ent, "datatype"),
				    "pattern match", w->paths.v[j], vals.v[i]);
				if (m == OR_TRUE)
					strlist_add(out, w->paths.v[j]);
				else if (m != OR_FALSE)
					r = m;
			}
		}
		strlist_sort(out);
	} else
		r = ox_fail(ox, OR_UNKNOWN, "%s with operation \"%s\"",
		    (const char *)ent->name, op);
	ovals_release(&vals);
	return r;
}

static bool
is_nil(xmlNodePtr n)
{
	const char *nil = xattr(n, "nil");

	return nil != NULL && strcmp(nil, "true") == 0;
}

/* The target paths OBJ names: filepath, or path + filename (filename
 * nil: the directories themselves). */
static enum ores
obj_paths(struct ox *ox, xmlNodePtr obj, struct strlist *out)
{
	xmlNodePtr fp = xchild(obj, "filepath");
	xmlNodePtr dir = xchild(obj, "path"), fn = xchild(obj, "filename");
	xmlNodePtr beh = xchild(obj, "behaviors");
	struct strlist dirs = { NULL, 0, 0 };
	enum ores r;

	if (fp != NULL)
		return ent_paths(ox, fp, false, out);
	if (dir == NULL || fn == NULL)
		return ox_fail(ox, OR_ERROR, "%s %s has neither filepath nor "
		    "path and filename", (const char *)obj->name,
		    xattr(obj, "id"));
	if ((r = ent_paths(ox, dir, true, &dirs)) != OR_TRUE) {
		strlist_release(&dirs);
		return r;
	}
	r = oval_recurse_dirs(ox, beh, &dirs);
	for (size_t i = 0; r == OR_TRUE && i < dirs.n; i++) {
		struct strlist names = { NULL, 0, 0 };
		struct fsnode n;

		if (target_lookup(ox->t, dirs.v[i], true, &n) != FS_OK ||
		    n.type != FS_DIR)
			continue;
		if (is_nil(fn)) {
			strlist_add(out, dirs.v[i]);
			continue;
		}
		if (target_list(ox->t, dirs.v[i], &names) != FS_OK) {
			strlist_release(&names);
			continue;
		}
		for (size_t j = 0; r == OR_TRUE && j < names.n; j++) {
			enum ores m = ox_ent_match(ox, fn, names.v[j]);

			if (m == OR_TRUE)
				strlist_adopt(out, path_join(dirs.v[i],
				    names.v[j]));
			else if (m != OR_FALSE)
				r = m;
		}
		strlist_release(&names);
	}
	strlist_release(&dirs);
	return r;
}

static void
add_path_fields(struct oitem *it, const char *path)
{
	char *dir = path_dirname(path);
	const char *base = strrchr(path, '/');

	oitem_add(it, "filepath", path);
	oitem_add(it, "path", dir);
	oitem_add(it, "filename", base != NULL ? base + 1 : path);
	free(dir);
}

enum ores
ox_obj_paths(struct ox *ox, xmlNodePtr obj, struct strlist *out)
{
	return obj_paths(ox, obj, out);
}

void
ox_add_path_fields(struct oitem *it, const char *path)
{
	add_path_fields(it, path);
}

/* ---- textfilecontent54 ---- */

static bool
beh_flag(xmlNodePtr beh, const char *name, bool def)
{
	const char *v = beh != NULL ? xattr(beh, name) : NULL;

	return v == NULL ? def : strcmp(v, "true") == 0;
}

/* RE against S from START into MD, a match data made for RE (every
 * group has its pair; the shared ox->md has 32): 1 match, 0 none, -1
 * the match limit. */
static int
match_into(struct ox *ox, pcre2_code *re, pcre2_match_data *md,
    const char *s, size_t len, size_t start)
{
	int rc = pcre2_match(re, (PCRE2_SPTR)s, len, start, 0, md, ox->mctx);

	if (rc >= 0)
		return 1;
	return rc == PCRE2_ERROR_NOMATCH ? 0 : -1;
}

static enum ores
tfc54_file(struct ox *ox, xmlNodePtr obj, const char *path, pcre2_code *re,
    const char *pat, struct oitems *out)
{
	xmlNodePtr inst = xchild(obj, "instance");
	struct strbuf b = STRBUF_INIT;
	enum fs_rc rc = target_read(ox->t, path, 0, &b);
	size_t pos = 0, k = 0;
	enum ores r = OR_TRUE;
	pcre2_match_data *md;

	if (rc == FS_ENOENT || rc == FS_ENOTREG || rc == FS_ENOTDIR) {
		strbuf_release(&b);
		return OR_TRUE;
	}
	if (rc != FS_OK) {
		strbuf_release(&b);
		return ox_fail(ox, OR_ERROR, "%s: %s", path, fs_rc_str(rc));
	}
	if ((md = pcre2_match_data_create_from_pattern(re, NULL)) == NULL)
		xmem_oom();
	while (r == OR_TRUE && pos <= b.len) {
		int m = match_into(ox, re, md, b.buf != NULL ? b.buf : "",
		    b.len, pos);
		PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
		uint32_t ng = pcre2_get_ovector_count(md);
		char num[32];
		enum ores im;

		if (m < 0) {
			r = ox_fail(ox, OR_ERROR, "%s: pattern \"%s\": "
			    "match limit", path, pat);
			break;
		}
		if (m == 0)
			break;
		k++;
		snprintf(num, sizeof(num), "%zu", k);
		im = inst != NULL ? ox_ent_match(ox, inst, num) : OR_TRUE;
		if (im == OR_TRUE) {
			unsigned line = 1;
			struct oitem *it;
			int groups;

			for (size_t i = 0; i < ov[0]; i++)
				line += b.buf[i] == '\n';
			it = oitems_new(out, path, line);
			add_path_fields(it, path);
			oitem_add(it, "pattern", pat);
			oitem_add(it, "instance", num);
			{
				char *t = xstrndup(b.buf + ov[0],
				    ov[1] - ov[0]);

				oitem_add(it, "text", t);
				free(t);
			}
			groups = pcre2_pattern_info(re,
			    PCRE2_INFO_CAPTURECOUNT, &ng) == 0 ? (int)ng : 0;
			for (int g = 1; g <= groups; g++) {
				char *t = ov[2 * g] == PCRE2_UNSET ?
				    xstrdup("") : xstrndup(b.buf + ov[2 * g],
				    ov[2 * g + 1] - ov[2 * g]);

				oitem_add(it, "subexpression", t);
				free(t);
			}
			if (out->n >= ox->lim->oval_items)
				r = ox_fail(ox, OR_ERROR, "%s: more than %zu "
				    "matches", path, ox->lim->oval_items);
		} else if (im != OR_FALSE)
			r = im;
		pos = ov[1] > ov[0] ? ov[1] : ov[1] + 1;
	}
	pcre2_match_data_free(md);
	strbuf_release(&b);
	return r;
}

static enum ores
collect_tfc54(struct ox *ox, xmlNodePtr obj, struct oitems *out)
{
	xmlNodePtr pe = xchild(obj, "pattern"), beh = xchild(obj, "behaviors");
	struct strlist paths = { NULL, 0, 0 };
	struct ovals pats = { NULL, 0, 0 };
	uint32_t flags = 0;
	enum ores r;

	if (pe == NULL)
		return ox_fail(ox, OR_ERROR, "textfilecontent54_object %s has "
		    "no pattern", xattr(obj, "id"));
	if (xattr(pe, "operation") != NULL &&
	    strcmp(xattr(pe, "operation"), "pattern match") != 0)
		return ox_fail(ox, OR_UNKNOWN, "textfilecontent54 pattern "
		    "with operation \"%s\"", xattr(pe, "operation"));
	/* 5.11 textfilecontent54_behaviors: multiline defaults to true */
	if (beh_flag(beh, "multiline", true))
		flags |= PCRE2_MULTILINE;
	if (beh_flag(beh, "singleline", false))
		flags |= PCRE2_DOTALL;
	if (beh_flag(beh, "ignore_case", false))
		flags |= PCRE2_CASELESS;
	r = obj_paths(ox, obj, &paths);
	if (r == OR_TRUE)
		r = ox_ent_values(ox, pe, &pats);
	for (size_t p = 0; r == OR_TRUE && p < pats.n; p++) {
		pcre2_code *re = ox_regex(ox, pats.v[p], flags);

		if (re == NULL) {
			r = ox_fail(ox, OR_ERROR, "bad pattern \"%s\"",
			    pats.v[p]);
			break;
		}
		for (size_t i = 0; r == OR_TRUE && i < paths.n; i++)
			r = tfc54_file(ox, obj, paths.v[i], re, pats.v[p], out);
	}
	ovals_release(&pats);
	strlist_release(&paths);
	return r;
}

/* The lines of PATH that RE matches, one item each (a line matches at
 * most once). */
static enum ores
tfc_file(struct ox *ox, const char *path, pcre2_code *re, const char *pat,
    struct oitems *out)
{
	struct strbuf b = STRBUF_INIT;
	enum fs_rc rc = target_read(ox->t, path, 0, &b);
	size_t pos = 0;
	unsigned lineno = 0;
	const char *line;
	size_t len;
	enum ores r = OR_TRUE;
	pcre2_match_data *md;

	if (rc == FS_ENOENT || rc == FS_ENOTREG || rc == FS_ENOTDIR) {
		strbuf_release(&b);
		return OR_TRUE;
	}
	if (rc != FS_OK) {
		strbuf_release(&b);
		return ox_fail(ox, OR_ERROR, "%s: %s", path, fs_rc_str(rc));
	}
	if ((md = pcre2_match_data_create_from_pattern(re, NULL)) == NULL)
		xmem_oom();
	while (r == OR_TRUE && next_line(b.buf, b.len, &pos, &line, &len,
	    &lineno)) {
		int m = match_into(ox, re, md, line, len, 0);
		PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
		struct oitem *it;
		uint32_t ng = 0;
		char *t;

		if (m < 0)
			r = ox_fail(ox, OR_ERROR, "%s: pattern \"%s\": match "
			    "limit", path, pat);
		if (m <= 0)
			continue;
		it = oitems_new(out, path, lineno);
		add_path_fields(it, path);
		oitem_add(it, "pattern", pat);
		t = xstrndup(line + ov[0], ov[1] - ov[0]);
		oitem_add(it, "line", t);
		oitem_add(it, "text", t);
		free(t);
		(void)pcre2_pattern_info(re, PCRE2_INFO_CAPTURECOUNT, &ng);
		for (uint32_t g = 1; g <= ng; g++) {
			PCRE2_SIZE a = ov[2 * g], e = ov[2 * g + 1];

			t = a == PCRE2_UNSET ? xstrdup("") :
			    xstrndup(line + a, e - a);
			oitem_add(it, "subexpression", t);
			free(t);
		}
		if (out->n >= ox->lim->oval_items)
			r = ox_fail(ox, OR_ERROR, "%s: more than %zu matches",
			    path, ox->lim->oval_items);
	}
	pcre2_match_data_free(md);
	strbuf_release(&b);
	return r;
}

/* textfilecontent_object (deprecated in 5.4, still in 5.11): path and
 * filename, and a "line" pattern tested against each line of the file;
 * each line it matches is an item, whose "line" (and "text") is the
 * matched text, which a textfilecontent_state's "line" is compared with
 * (OpenSCAP compares it with the item's "text", the same value). */
static enum ores
collect_tfc(struct ox *ox, xmlNodePtr obj, struct oitems *out)
{
	xmlNodePtr le = xchild(obj, "line");
	struct strlist paths = { NULL, 0, 0 };
	struct ovals pats = { NULL, 0, 0 };
	enum ores r;

	if (le == NULL)
		return ox_fail(ox, OR_ERROR, "textfilecontent_object %s has "
		    "no line", xattr(obj, "id"));
	if (xattr(le, "operation") != NULL &&
	    strcmp(xattr(le, "operation"), "pattern match") != 0)
		return ox_fail(ox, OR_UNKNOWN, "textfilecontent line with "
		    "operation \"%s\"", xattr(le, "operation"));
	r = obj_paths(ox, obj, &paths);
	if (r == OR_TRUE)
		r = ox_ent_values(ox, le, &pats);
	for (size_t p = 0; r == OR_TRUE && p < pats.n; p++) {
		pcre2_code *re = ox_regex(ox, pats.v[p], 0);

		if (re == NULL) {
			r = ox_fail(ox, OR_ERROR, "bad pattern \"%s\"",
			    pats.v[p]);
			break;
		}
		for (size_t i = 0; r == OR_TRUE && i < paths.n; i++)
			r = tfc_file(ox, paths.v[i], re, pats.v[p], out);
	}
	ovals_release(&pats);
	strlist_release(&paths);
	return r;
}

/* ---- file, symlink ---- */

static const char *
type_word(enum fs_type t)
{
	switch (t) {
	case FS_REG:	return "regular";
	case FS_DIR:	return "directory";
	case FS_LNK:	return "symbolic link";
	case FS_CHR:	return "character";
	case FS_BLK:	return "block";
	case FS_FIFO:	return "fifo";
	case FS_SOCK:	return "socket";
	default:	return "unknown";
	}
}

/* OVAL 5.11 unix file_item a_time, c_time, m_time: seconds since the
 * epoch (int; a time before 1970 negative), as OpenSCAP's file probe
 * gives st_atime & co. A time the target does not record is left out,
 * so a state on it is "not collected" (unknown), never 1970. */
static void
add_times(struct oitem *it, const struct fsnode *n)
{
	const struct {
		const char		*name;
		const struct fstime	*t;
	} f[] = {
		{ "a_time", &n->atime }, { "c_time", &n->ctime },
		{ "m_time", &n->mtime },
	};
	char num[32];

	for (size_t i = 0; i < sizeof(f) / sizeof(f[0]); i++) {
		if (!f[i].t->known)
			continue;
		snprintf(num, sizeof(num), "%lld", (long long)f[i].t->sec);
		oitem_add(it, f[i].name, num);
	}
}

static enum ores
collect_file(struct ox *ox, xmlNodePtr obj, struct oitems *out)
{
	static const struct {
		const char	*name;
		uint32_t	 bit;
	} bits[] = {
		{ "suid", 04000 }, { "sgid", 02000 }, { "sticky", 01000 },
		{ "uread", 0400 }, { "uwrite", 0200 }, { "uexec", 0100 },
		{ "gread", 040 }, { "gwrite", 020 }, { "gexec", 010 },
		{ "oread", 04 }, { "owrite", 02 }, { "oexec", 01 },
	};
	struct strlist paths = { NULL, 0, 0 };
	enum ores r = obj_paths(ox, obj, &paths);
	/* path with a nil filename names the directories themselves: their
	 * item's path is the directory and its filename empty (5.11
	 * file_object), not the parent and the last component */
	bool dirs = xchild(obj, "filepath") == NULL &&
	    xchild(obj, "filename") != NULL && is_nil(xchild(obj, "filename"));

	for (size_t i = 0; r == OR_TRUE && i < paths.n; i++) {
		struct fsnode n;
		struct oitem *it;
		char num[32];

		/* OpenSCAP's file probe lstat()s (fts FTS_PHYSICAL) */
		if (target_lookup(ox->t, paths.v[i], false, &n) != FS_OK)
			continue;
		it = oitems_new(out, paths.v[i], 0);
		if (dirs) {
			oitem_add(it, "filepath", paths.v[i]);
			oitem_add(it, "path", paths.v[i]);
			oitem_add(it, "filename", "");
		} else
			add_path_fields(it, paths.v[i]);
		oitem_add(it, "type", type_word(n.type));
		snprintf(num, sizeof(num), "%u", n.uid);
		oitem_add(it, "user_id", num);
		snprintf(num, sizeof(num), "%u", n.gid);
		oitem_add(it, "group_id", num);
		add_times(it, &n);
		snprintf(num, sizeof(num), "%llu", (unsigned long long)n.size);
		oitem_add(it, "size", num);
		for (size_t b = 0; b < sizeof(bits) / sizeof(bits[0]); b++)
			oitem_add(it, bits[b].name, (n.mode & bits[b].bit) !=
			    0 ? "true" : "false");
	}
	strlist_release(&paths);
	return r;
}

static bool
runtime_fs(const char *path)
{
	static const char *const fs[] = { "/dev", "/proc", "/sys" };

	for (size_t i = 0; i < sizeof(fs) / sizeof(fs[0]); i++) {
		size_t n = strlen(fs[i]);

		if (strncmp(path, fs[i], n) == 0 &&
		    (path[n] == '\0' || path[n] == '/'))
			return true;
	}
	return false;
}

/* PATH with every symbolic link in it resolved inside the target, as
 * realpath(3) does ("/" ends where ".." would leave the root): FS_ENOENT
 * when a component or the final target does not exist (but under /dev,
 * /proc and /sys, runtime_fs()), FS_ELOOP after 40 links (a circular
 * link). */
static enum fs_rc
canonical_path(struct ox *ox, const char *path, char **out)
{
	char *res = xstrdup(""), *rest = xstrdup(path), *p = rest;
	unsigned links = 0;
	enum fs_rc rc = FS_OK;

	while (*p != '\0') {
		size_t n = strcspn(p, "/");
		char *comp = xstrndup(p, n), *cand;
		struct fsnode node;

		p += n;
		while (*p == '/')
			p++;
		if (n == 0 || strcmp(comp, ".") == 0) {
			free(comp);
			continue;
		}
		if (strcmp(comp, "..") == 0) {
			char *slash = strrchr(res, '/');

			if (slash != NULL)
				*slash = '\0';
			free(comp);
			continue;
		}
		cand = xasprintf("%s/%s", res, comp);
		free(comp);
		if ((rc = target_lookup(ox->t, cand, false, &node)) != FS_OK) {
			/* /dev, /proc and /sys are filled by a running
			 * system; a root on disk or an image has them empty:
			 * the rest of a path into them is taken as written
			 * (/etc/mtab -> /proc/self/mounts, a unit masked as
			 * -> /dev/null) */
			if (rc == FS_ENOENT && runtime_fs(cand)) {
				char *tail = xasprintf("%s/%s", cand, p);

				free(res);
				res = path_normalize(tail);
				free(tail);
				rc = FS_OK;
				p += strlen(p);
			}
			free(cand);
			break;
		}
		if (node.type == FS_LNK) {
			struct strbuf b = STRBUF_INIT;
			char *lt, *nrest;

			if (++links > 40 || (rc = target_readlink(ox->t, cand,
			    &b)) != FS_OK) {
				if (rc == FS_OK)
					rc = FS_ELOOP;
				strbuf_release(&b);
				free(cand);
				break;
			}
			lt = xstrndup(b.buf != NULL ? b.buf : "", b.len);
			strbuf_release(&b);
			nrest = xasprintf("%s/%s", lt, p);
			if (lt[0] == '/')
				res[0] = '\0';
			free(lt);
			free(rest);
			rest = p = nrest;
			free(cand);
			continue;
		}
		free(res);
		res = cand;
	}
	free(rest);
	if (rc != FS_OK) {
		free(res);
		return rc;
	}
	if (res[0] == '\0') {
		free(res);
		res = xstrdup("/");
	}
	*out = res;
	return FS_OK;
}

/* symlink_object (5.11.3): "the canonical path of the link target
 * (followed to its final destination, if there are intermediate links),
 * an error if the link target does not exist or is a circular link";
 * no item when filepath is not a symlink. */
static enum ores
collect_symlink(struct ox *ox, xmlNodePtr obj, struct oitems *out)
{
	struct strlist paths = { NULL, 0, 0 };
	enum ores r = obj_paths(ox, obj, &paths);

	for (size_t i = 0; r == OR_TRUE && i < paths.n; i++) {
		struct fsnode n;
		struct oitem *it;
		char *canon;
		enum fs_rc rc;

		if (target_lookup(ox->t, paths.v[i], false, &n) != FS_OK ||
		    n.type != FS_LNK)
			continue;
		rc = canonical_path(ox, paths.v[i], &canon);
		if (rc != FS_OK) {
			r = ox_fail(ox, OR_ERROR, "symlink %s: %s", paths.v[i],
			    rc == FS_ENOENT ? "its target does not exist" :
			    rc == FS_ELOOP ? "a circular link" :
			    fs_rc_str(rc));
			break;
		}
		it = oitems_new(out, paths.v[i], 0);
		oitem_add(it, "filepath", paths.v[i]);
		oitem_add(it, "canonical_path", canon);
		free(canon);
	}
	strlist_release(&paths);
	return r;
}

/* ---- dpkginfo ---- */

static enum ores
collect_dpkginfo(struct ox *ox, xmlNodePtr obj, struct oitems *out)
{
	xmlNodePtr name = xchild(obj, "name");
	const struct dpkg_db *db;
	struct diag *d = diag_new();
	enum fs_rc rc = dpkg_db_get(ox->t, ox->lim, &db, d);
	enum ores r = OR_TRUE;

	if (name == NULL)
		r = ox_fail(ox, OR_ERROR, "dpkginfo_object without name");
	else if (rc != FS_OK && rc != FS_ENOENT)
		r = ox_fail(ox, OR_ERROR, "dpkg database: %s",
		    diag_count(d) > 0 ? diag_text(d, 0) : fs_rc_str(rc));
	for (size_t i = 0; r == OR_TRUE && rc == FS_OK && i < db->n; i++) {
		const struct dpkg_pkg *p = &db->v[i];
		const char *v = p->version != NULL ? p->version : "";
		const char *colon = strchr(v, ':'), *up, *dash;
		char *epoch, *version, *release, *evr;
		struct oitem *it;
		enum ores m;

		if (p->status == NULL || !dpkg_status_installed(p->status))
			continue;
		if ((m = ox_ent_match(ox, name, p->name)) != OR_TRUE) {
			if (m != OR_FALSE)
				r = m;
			continue;
		}
		up = colon != NULL ? colon + 1 : v;
		dash = strrchr(up, '-');
		epoch = colon != NULL ? xstrndup(v, (size_t)(colon - v)) :
		    xstrdup("0");
		version = dash != NULL ? xstrndup(up, (size_t)(dash - up)) :
		    xstrdup(up);
		release = xstrdup(dash != NULL ? dash + 1 : "0");
		evr = xasprintf("%s:%s-%s", epoch, version, release);
		it = oitems_new(out, p->path, p->line);
		oitem_add(it, "name", p->name);
		oitem_add(it, "arch", p->arch != NULL ? p->arch : "");
		oitem_add(it, "epoch", epoch);
		oitem_add(it, "release", release);
		oitem_add(it, "version", version);
		oitem_add(it, "evr", evr);
		free(epoch);
		free(version);
		free(release);
		free(evr);
	}
	diag_free(d);
	return r;
}

/* ---- line files: fstab, passwd, shadow ---- */

/* Each line of PATH split at SEP (or blanks when SEP is 0), with the
 * field names NAMES; an item for each line whose field KEY (0-based)
 * matches entity ENT. */
static enum ores
collect_lines(struct ox *ox, const char *path, char sep,
    const char *const *names, size_t nnames, size_t key, xmlNodePtr ent,
    struct oitems *out)
{
	struct strbuf b = STRBUF_INIT;
	enum fs_rc rc = target_read(ox->t, path, 0, &b);
	size_t pos = 0;
	unsigned lineno = 0;
	const char *line;
	size_t len;
	enum ores r = OR_TRUE;

	if (rc == FS_ENOENT) {
		strbuf_release(&b);
		return OR_TRUE;
	}
	if (rc != FS_OK) {
		strbuf_release(&b);
		return ox_fail(ox, OR_ERROR, "%s: %s", path, fs_rc_str(rc));
	}
	while (r == OR_TRUE && next_line(b.buf, b.len, &pos, &line, &len,
	    &lineno)) {
		char *copy = xstrndup(line, len), *f[16], *s = copy;
		size_t nf = 0;
		struct oitem *it;
		enum ores m = OR_FALSE;

		while (*s == ' ' || *s == '\t')
			s++;
		if (*s == '#' || *s == '\0') {
			free(copy);
			continue;
		}
		if (sep == 0) {
			char *save = NULL;

			for (char *tok = strtok_r(s, " \t", &save);
			    tok != NULL && nf < 16;
			    tok = strtok_r(NULL, " \t", &save))
				f[nf++] = tok;
		} else {
			f[nf++] = s;
			for (char *p = s; *p != '\0' && nf < 16; p++)
				if (*p == sep) {
					*p = '\0';
					f[nf++] = p + 1;
				}
		}
		if (nf <= key || nf < 2 ||
		    (m = ox_ent_match(ox, ent, f[key])) != OR_TRUE) {
			if (nf > key && nf >= 2 && m != OR_FALSE)
				r = m;
			free(copy);
			continue;
		}
		it = oitems_new(out, path, lineno);
		for (size_t i = 0; i < nnames && i < nf; i++) {
			if (strcmp(names[i], "mount_options") != 0) {
				oitem_add(it, names[i], f[i]);
				continue;
			}
			for (char *o = f[i], *c; o != NULL; o = c) {
				if ((c = strchr(o, ',')) != NULL)
					*c++ = '\0';
				oitem_add(it, "mount_options", o);
			}
		}
		free(copy);
		if (out->n >= ox->lim->oval_items)
			r = ox_fail(ox, OR_ERROR, "%s: more than %zu lines",
			    path, ox->lim->oval_items);
	}
	strbuf_release(&b);
	return r;
}

static enum ores
collect_partition(struct ox *ox, xmlNodePtr obj, struct oitems *out)
{
	/* fstab(5) fields; the mount point (field 2) is the key */
	static const char *const names[] = { "device", "mount_point",
	    "fs_type", "mount_options" };
	xmlNodePtr mp = xchild(obj, "mount_point");

	if (mp == NULL)
		return ox_fail(ox, OR_ERROR, "partition_object without "
		    "mount_point");
	return collect_lines(ox, "/etc/fstab", 0, names, 4, 1, mp, out);
}

static enum ores
collect_password(struct ox *ox, xmlNodePtr obj, struct oitems *out)
{
	static const char *const names[] = { "username", "password",
	    "user_id", "group_id", "gcos", "home_dir", "login_shell" };
	xmlNodePtr u = xchild(obj, "username");

	if (u == NULL)
		return ox_fail(ox, OR_ERROR, "password_object without "
		    "username");
	return collect_lines(ox, "/etc/passwd", ':', names, 7, 0, u, out);
}

/* shadow_item encrypt_method (5.11 EntityItemEncryptMethodType) from
 * the password's prefix: "_" BSDi, "$1$" MD5, "$2$" or "$2a$" Blowfish,
 * "$md5$" Sun MD5, "$5$" SHA-256, "$6$" SHA-512, no "$" prefix (DES, a
 * locked "!" or "*" too); another "$id$" (yescrypt "$y$", "$2b$") is
 * none of the enumeration: no entity. */
static const char *
encrypt_method(const char *pw)
{
	static const struct {
		const char	*prefix, *name;
	} m[] = {
		{ "$1$", "MD5" }, { "$2$", "Blowfish" }, { "$2a$", "Blowfish" },
		{ "$md5$", "Sun MD5" }, { "$5$", "SHA-256" },
		{ "$6$", "SHA-512" },
	};

	if (pw[0] == '_')
		return "BSDi";
	if (pw[0] != '$')
		return "DES";
	for (size_t i = 0; i < sizeof(m) / sizeof(m[0]); i++)
		if (strncmp(pw, m[i].prefix, strlen(m[i].prefix)) == 0)
			return m[i].name;
	return NULL;
}

static enum ores
collect_shadow(struct ox *ox, xmlNodePtr obj, struct oitems *out)
{
	static const char *const names[] = { "username", "password",
	    "chg_lst", "chg_allow", "chg_req", "exp_warn", "exp_inact",
	    "exp_date", "flag" };
	xmlNodePtr u = xchild(obj, "username");
	size_t first = out->n;
	enum ores r;

	if (u == NULL)
		return ox_fail(ox, OR_ERROR, "shadow_object without username");
	r = collect_lines(ox, "/etc/shadow", ':', names, 9, 0, u, out);
	for (size_t i = first; i < out->n; i++)
		for (size_t j = 0; j < out->v[i].nf; j++)
			if (strcmp(out->v[i].f[j].name, "password") == 0) {
				const char *m = encrypt_method(
				    out->v[i].f[j].val);

				if (m != NULL)
					oitem_add(&out->v[i], "encrypt_method",
					    m);
				break;
			}
	/* An empty day count (no last change, no minimum, no expiry...,
	 * shadow(5)) is -1, as OpenSCAP's shadow probe gives it and as
	 * content written against it compares: an int entity cannot be
	 * empty, so "" would make every state on it an error. */
	for (size_t i = first; i < out->n; i++)
		for (size_t j = 0; j < out->v[i].nf; j++) {
			struct ofield *f = &out->v[i].f[j];

			if (f->val[0] == '\0' &&
			    (strncmp(f->name, "chg_", 4) == 0 ||
			    strncmp(f->name, "exp_", 4) == 0)) {
				free(f->val);
				f->val = xstrdup("-1");
			}
		}
	return r;
}

/* ---- sysctl (offline: the configuration applied at boot) ---- */

/* systemd-sysctl / procps `sysctl --system` directories, in precedence
 * order (an earlier directory masks the same name in a later one); as
 * engine/probes/sysctl.c reads them (sysctl.d(5), systemd 252). */
static const char *const sysctl_dirs[] = {
	"/etc/sysctl.d", "/run/sysctl.d", "/usr/local/lib/sysctl.d",
	"/usr/lib/sysctl.d", "/lib/sysctl.d", NULL
};

static int
cmp_base(const void *a, const void *b)
{
	const char *x = strrchr(*(char *const *)a, '/');
	const char *y = strrchr(*(char *const *)b, '/');

	return strcmp(x, y);
}

struct sysctl_kv {
	struct strlist	 keys;
	struct strlist	 vals;
	struct strlist	 where;		/* "path:line" */
};

static void
sysctl_file(struct ox *ox, const char *path, struct sysctl_kv *kv)
{
	struct strbuf b = STRBUF_INIT;
	size_t pos = 0, len;
	unsigned lineno = 0;
	const char *line;

	if (target_read(ox->t, path, 0, &b) != FS_OK) {
		strbuf_release(&b);
		return;
	}
	while (next_line(b.buf, b.len, &pos, &line, &len, &lineno)) {
		const char *eq = memchr(line, '=', len);
		const char *k = line, *v;
		size_t kl = len, vl;
		char *key;
		size_t i;

		trim_span(&k, &kl);
		if (kl == 0 || *k == '#' || *k == ';' || eq == NULL)
			continue;
		if (*k == '-')
			k++;
		kl = (size_t)(eq - k);
		trim_span(&k, &kl);
		v = eq + 1;
		vl = (size_t)(line + len - v);
		trim_span(&v, &vl);
		key = xstrndup(k, kl);
		for (char *c = key; *c != '\0'; c++)
			if (*c == '/')
				*c = '.';
		for (i = 0; i < kv->keys.n; i++)
			if (strcmp(kv->keys.v[i], key) == 0)
				break;
		if (i == kv->keys.n) {
			strlist_adopt(&kv->keys, key);
			strlist_adopt(&kv->vals, xstrndup(v, vl));
			strlist_adopt(&kv->where, xasprintf("%s:%u", path,
			    lineno));
		} else {
			free(key);
			free(kv->vals.v[i]);
			kv->vals.v[i] = xstrndup(v, vl);
			free(kv->where.v[i]);
			kv->where.v[i] = xasprintf("%s:%u", path, lineno);
		}
	}
	strbuf_release(&b);
}

static enum ores
collect_sysctl(struct ox *ox, xmlNodePtr obj, struct oitems *out)
{
	xmlNodePtr name = xchild(obj, "name");
	struct strlist files = STRLIST_INIT, seen = STRLIST_INIT;
	struct sysctl_kv kv = { STRLIST_INIT, STRLIST_INIT, STRLIST_INIT };
	enum ores r = OR_TRUE;
	bool link99 = false;

	if (name == NULL)
		return ox_fail(ox, OR_ERROR, "sysctl_object without name");
	for (size_t d = 0; sysctl_dirs[d] != NULL; d++) {
		struct strlist names = STRLIST_INIT;

		if (dropin_list(ox->t, DROPIN_SYSCTL, sysctl_dirs[d],
		    &names) == FS_OK)
			for (size_t i = 0; i < names.n; i++) {
				if (strlist_has(&seen, names.v[i]))
					continue;
				strlist_add(&seen, names.v[i]);
				link99 |= strcmp(names.v[i],
				    "99-sysctl.conf") == 0;
				strlist_adopt(&files, path_join(sysctl_dirs[d],
				    names.v[i]));
			}
		strlist_release(&names);
	}
	if (files.n > 1)
		qsort(files.v, files.n, sizeof(*files.v), cmp_base);
	for (size_t i = 0; i < files.n; i++)
		sysctl_file(ox, files.v[i], &kv);
	if (!link99)
		sysctl_file(ox, "/etc/sysctl.conf", &kv);
	for (size_t i = 0; r == OR_TRUE && i < kv.keys.n; i++) {
		enum ores m = ox_ent_match(ox, name, kv.keys.v[i]);
		char *colon;
		struct oitem *it;

		if (m != OR_TRUE) {
			if (m != OR_FALSE)
				r = m;
			continue;
		}
		colon = strrchr(kv.where.v[i], ':');
		*colon = '\0';
		it = oitems_new(out, kv.where.v[i], (unsigned)strtoul(colon + 1,
		    NULL, 10));
		oitem_add(it, "name", kv.keys.v[i]);
		oitem_add(it, "value", kv.vals.v[i]);
	}
	strlist_release(&files);
	strlist_release(&seen);
	strlist_release(&kv.keys);
	strlist_release(&kv.vals);
	strlist_release(&kv.where);
	return r;
}

/* ---- systemdunitdependency (offline: unit files and their links) ---- */

/* systemd's system unit search path (systemd.unit(5)), first wins. */
const char *const oval_unit_dirs[] = {
	"/etc/systemd/system", "/run/systemd/system", "/lib/systemd/system",
	"/usr/lib/systemd/system", NULL
};

static void
unit_deps(struct ox *ox, const char *unit, struct strlist *deps,
    unsigned depth)
{
	struct strlist found = STRLIST_INIT;
	bool have_file = false;

	if (depth > 32 || deps->n >= ox->lim->oval_items)
		return;
	for (size_t d = 0; oval_unit_dirs[d] != NULL; d++) {
		static const char *const sufs[] = { ".wants", ".requires" };
		char *p = xasprintf("%s/%s", oval_unit_dirs[d], unit);
		struct strbuf b = STRBUF_INIT;

		if (!have_file && target_read(ox->t, p, 0, &b) == FS_OK) {
			size_t pos = 0, len;
			unsigned ln = 0;
			const char *line;

			have_file = true;
			while (next_line(b.buf, b.len, &pos, &line, &len,
			    &ln)) {
				const char *v;
				size_t vl;
				char *copy, *save = NULL;

				if (len > 9 && strncmp(line, "Requires=", 9) ==
				    0)
					v = line + 9, vl = len - 9;
				else if (len > 6 && strncmp(line, "Wants=", 6) ==
				    0)
					v = line + 6, vl = len - 6;
				else
					continue;
				copy = xstrndup(v, vl);
				for (char *t = strtok_r(copy, " \t", &save);
				    t != NULL; t = strtok_r(NULL, " \t", &save))
					strlist_add(&found, t);
				free(copy);
			}
		}
		strbuf_release(&b);
		free(p);
		for (size_t k = 0; k < 2; k++) {
			struct strlist names = STRLIST_INIT;
			char *dir = xasprintf("%s/%s%s", oval_unit_dirs[d], unit,
			    sufs[k]);

			if (target_list(ox->t, dir, &names) == FS_OK)
				for (size_t i = 0; i < names.n; i++)
					strlist_add(&found, names.v[i]);
			strlist_release(&names);
			free(dir);
		}
	}
	for (size_t i = 0; i < found.n; i++) {
		if (strlist_has(deps, found.v[i]))
			continue;
		strlist_add(deps, found.v[i]);
		unit_deps(ox, found.v[i], deps, depth + 1);
	}
	strlist_release(&found);
}

static void
strlist_free(void *p)
{
	strlist_release(p);
	free(p);
}

const struct strlist *
ox_unit_deps(struct ox *ox, const char *unit)
{
	char *key = xasprintf("oval-unitdeps:%s", unit);
	struct strlist *cached = target_cache_get(ox->t, key);

	if (cached == NULL) {
		cached = xcalloc(1, sizeof(*cached));
		unit_deps(ox, unit, cached, 0);
		target_cache_put(ox->t, key, cached, strlist_free);
	}
	free(key);
	return cached;
}

static enum ores
collect_unitdep(struct ox *ox, xmlNodePtr obj, struct oitems *out)
{
	xmlNodePtr unit = xchild(obj, "unit");
	struct ovals units = { NULL, 0, 0 };
	enum ores r;

	if (unit == NULL)
		return ox_fail(ox, OR_ERROR, "systemdunitdependency_object "
		    "without unit");
	if (xattr(unit, "operation") != NULL &&
	    strcmp(xattr(unit, "operation"), "equals") != 0)
		return ox_fail(ox, OR_UNKNOWN, "systemdunitdependency unit "
		    "with operation \"%s\"", xattr(unit, "operation"));
	r = ox_ent_values(ox, unit, &units);
	for (size_t i = 0; r == OR_TRUE && i < units.n; i++) {
		struct strlist deps = STRLIST_INIT;
		struct oitem *it;
		const struct strlist *cached = ox_unit_deps(ox, units.v[i]);

		for (size_t j = 0; j < cached->n; j++)
			strlist_add(&deps, cached->v[j]);
		it = oitems_new(out, NULL, 0);
		oitem_add(it, "unit", units.v[i]);
		for (size_t j = 0; j < deps.n; j++)
			oitem_add(it, "dependency", deps.v[j]);
		strlist_release(&deps);
	}
	ovals_release(&units);
	return r;
}

/* ---- family, variable ---- */

static enum ores
collect_family(struct ox *ox, xmlNodePtr obj, struct oitems *out)
{
	(void)ox;
	(void)obj;
	/* every target assay reads is a Linux root: OVAL family "unix" */
	oitem_add(oitems_new(out, NULL, 0), "family", "unix");
	return OR_TRUE;
}

/* ---- uname ---- */

/* uname -m of ELF header H (LEN bytes), or NULL: the machine the
 * target's binaries are built for. */
static const char *
elf_machine(const unsigned char *h, size_t len)
{
	bool is64, lsb;
	unsigned m;

	if (len < 20 || memcmp(h, "\177ELF", 4) != 0 || (h[4] != 1 &&
	    h[4] != 2) || (h[5] != 1 && h[5] != 2))
		return NULL;
	is64 = h[4] == 2;
	lsb = h[5] == 1;
	m = lsb ? (unsigned)h[18] | (unsigned)h[19] << 8 :
	    (unsigned)h[18] << 8 | (unsigned)h[19];
	switch (m) {
	case 3:		/* EM_386 */
		return "i686";
	case 40:	/* EM_ARM */
		return "armv7l";
	case 62:	/* EM_X86_64 */
		return is64 ? "x86_64" : NULL;
	case 183:	/* EM_AARCH64 */
		return "aarch64";
	case 20:	/* EM_PPC */
		return "ppc";
	case 21:	/* EM_PPC64 */
		return lsb ? "ppc64le" : "ppc64";
	case 22:	/* EM_S390 */
		return is64 ? "s390x" : "s390";
	case 243:	/* EM_RISCV */
		return is64 ? "riscv64" : "riscv32";
	default:
		return NULL;
	}
}

/* uname_object offline: what uname(2) would say on the target, read
 * from its root rather than from the host's kernel (oscap-chroot reports
 * the host's). machine_class and processor_type (uname -m; Linux's
 * uname -p says the same, as OpenSCAP's probe writes it) from the ELF
 * header of the target's shell or init; os_name Linux; node_name from
 * /etc/hostname; os_release the one kernel under /lib/modules (left out
 * when there are none or several); os_version left out (only a running
 * kernel has one). No ELF binary to read (a scratch image): unknown. */
static enum ores
collect_uname(struct ox *ox, xmlNodePtr obj, struct oitems *out)
{
	static const char *const bins[] = { "/bin/sh", "/usr/bin/sh",
	    "/bin/busybox", "/usr/bin/env", "/sbin/init",
	    "/usr/lib/systemd/systemd" };
	struct strbuf b = STRBUF_INIT;
	const char *mach = NULL;
	struct oitem *it;
	struct strlist mods = STRLIST_INIT;

	(void)obj;
	for (size_t i = 0; mach == NULL && i < sizeof(bins) / sizeof(bins[0]);
	    i++)
		if (target_read(ox->t, bins[i], 0, &b) == FS_OK)
			mach = elf_machine((const unsigned char *)b.buf,
			    b.len);
	strbuf_release(&b);
	if (mach == NULL)
		return ox_fail(ox, OR_UNKNOWN, "uname_object: no ELF "
		    "binary in the target tells its architecture (%s, ...)",
		    bins[0]);
	it = oitems_new(out, NULL, 0);
	oitem_add(it, "machine_class", mach);
	if (target_read(ox->t, "/etc/hostname", 4096, &b) == FS_OK) {
		size_t n = strcspn(b.buf != NULL ? b.buf : "", " \t\r\n");

		if (n > 0) {
			char *h = xstrndup(b.buf, n);

			oitem_add(it, "node_name", h);
			free(h);
		}
	}
	strbuf_release(&b);
	oitem_add(it, "os_name", "Linux");
	if (target_list(ox->t, "/lib/modules", &mods) == FS_OK) {
		const char *one = NULL;
		size_t n = 0;

		for (size_t i = 0; i < mods.n; i++)
			if (strcmp(mods.v[i], ".") != 0 &&
			    strcmp(mods.v[i], "..") != 0) {
				one = mods.v[i];
				n++;
			}
		if (n == 1)
			oitem_add(it, "os_release", one);
	}
	strlist_release(&mods);
	oitem_add(it, "processor_type", mach);
	return OR_TRUE;
}

static enum ores
collect_variable(struct ox *ox, xmlNodePtr obj, struct oitems *out)
{
	xmlNodePtr ref = xchild(obj, "var_ref");
	struct ovals vals = { NULL, 0, 0 };
	char *id;
	enum ores r;

	if (ref == NULL)
		return ox_fail(ox, OR_ERROR, "variable_object without var_ref");
	id = xtext(ref);
	r = ox_var(ox, id, &vals);
	/* one variable_item with every value (5.11: value is unbounded in
	 * the item), so a state's entity_check counts over the values and
	 * the test's check over the one item; no value, no item */
	if (r == OR_TRUE && vals.n > 0) {
		struct oitem *it = oitems_new(out, NULL, 0);

		oitem_add(it, "var_ref", id);
		for (size_t i = 0; i < vals.n; i++)
			oitem_add(it, "value", vals.v[i]);
	}
	free(id);
	ovals_release(&vals);
	return r;
}

/* ---- dispatch, sets, filters ---- */

static const struct {
	const char	*name;
	enum ores	(*fn)(struct ox *ox, xmlNodePtr obj,
			    struct oitems *out);
} collectors[] = {
	{ "dpkginfo_object", collect_dpkginfo },
	{ "family_object", collect_family },
	{ "file_object", collect_file },
	{ "partition_object", collect_partition },
	{ "password_object", collect_password },
	{ "rpminfo_object", oval_collect_rpminfo },
	{ "rpmverifyfile_object", oval_collect_rpmverifyfile },
	{ "selinuxboolean_object", oval_collect_selinuxboolean },
	{ "shadow_object", collect_shadow },
	{ "symlink_object", collect_symlink },
	{ "sysctl_object", collect_sysctl },
	{ "systemdunitdependency_object", collect_unitdep },
	{ "systemdunitproperty_object", oval_collect_unitproperty },
	{ "textfilecontent54_object", collect_tfc54 },
	{ "textfilecontent_object", collect_tfc },
	{ "uname_object", collect_uname },
	{ "variable_object", collect_variable },
	{ "xmlfilecontent_object", oval_collect_xmlfilecontent },
};

/* Not decidable from a root file system: these read the running system
 * (docs/scap.md). */
static const struct {
	const char	*name;
	const char	*why;
} offline[] = {
	{ "environmentvariable58_object", "reads a running process's "
	    "environment" },
	{ "interface_object", "reads the running kernel's network "
	    "interfaces" },
	{ "process58_object", "reads the running processes" },
};

bool
oval_has_collector(const char *name)
{
	for (size_t i = 0; i < sizeof(collectors) / sizeof(collectors[0]);
	    i++)
		if (strcmp(collectors[i].name, name) == 0)
			return true;
	return false;
}

static char *
item_key(const struct oitem *it)
{
	struct strbuf b = STRBUF_INIT;

	for (size_t i = 0; i < it->nf; i++)
		strbuf_addf(&b, "%s=%s\x1f", it->f[i].name, it->f[i].val);
	strbuf_addch(&b, '\0');
	return strbuf_detach(&b);
}

static bool
items_have(const struct oitems *l, const char *key)
{
	bool found = false;

	for (size_t i = 0; i < l->n && !found; i++) {
		char *k = item_key(&l->v[i]);

		found = strcmp(k, key) == 0;
		free(k);
	}
	return found;
}

static void
item_move(struct oitems *dst, struct oitem *it)
{
	xgrow((void **)&dst->v, &dst->cap, dst->n + 1, sizeof(*dst->v));
	dst->v[dst->n++] = *it;
	memset(it, 0, sizeof(*it));
}

static enum ores state_match(struct ox *ox, xmlNodePtr st,
		    const struct oitem *it);

/* Apply OBJ's (or a set's) filter children to ITEMS in place. */
static enum ores
filters(struct ox *ox, xmlNodePtr obj, struct oitems *items)
{
	for (xmlNodePtr f = obj->children; f != NULL; f = f->next) {
		struct oitems kept = { NULL, 0, 0 };
		const char *act;
		char *sid;
		xmlNodePtr st;

		if (f->type != XML_ELEMENT_NODE ||
		    strcmp((const char *)f->name, "filter") != 0)
			continue;
		act = xattr(f, "action");
		sid = xtext(f);
		st = oval_by_id(ox->c, sid);
		if (st == NULL) {
			enum ores r = ox_fail(ox, OR_ERROR, "filter: unknown "
			    "state \"%s\"", sid);

			free(sid);
			return r;
		}
		free(sid);
		for (size_t i = 0; i < items->n; i++) {
			enum ores m = state_match(ox, st, &items->v[i]);
			bool include = act != NULL &&
			    strcmp(act, "include") == 0;

			if (m != OR_TRUE && m != OR_FALSE)
				return m;
			if ((m == OR_TRUE) == include)
				item_move(&kept, &items->v[i]);
		}
		oitems_release(items);
		*items = kept;
	}
	return OR_TRUE;
}

static enum ores collect_set(struct ox *ox, xmlNodePtr set,
		    struct oitems *out);

static enum ores
set_operand(struct ox *ox, xmlNodePtr n, struct oitems *out)
{
	if (strcmp((const char *)n->name, "set") == 0)
		return collect_set(ox, n, out);
	{
		char *id = xtext(n);
		xmlNodePtr obj = oval_by_id(ox->c, id);
		enum ores r = obj != NULL ? ox_collect(ox, obj, out) :
		    ox_fail(ox, OR_ERROR, "set: unknown object \"%s\"", id);

		free(id);
		return r;
	}
}

static enum ores
collect_set(struct ox *ox, xmlNodePtr set, struct oitems *out)
{
	const char *op = xattr(set, "set_operator");
	struct oitems a = { NULL, 0, 0 }, b = { NULL, 0, 0 };
	size_t nops = 0;
	enum ores r = OR_TRUE;

	for (xmlNodePtr n = set->children; n != NULL && r == OR_TRUE;
	    n = n->next) {
		if (n->type != XML_ELEMENT_NODE ||
		    (strcmp((const char *)n->name, "set") != 0 &&
		    strcmp((const char *)n->name, "object_reference") != 0))
			continue;
		r = set_operand(ox, n, nops == 0 ? &a : &b);
		nops++;
	}
	if (r == OR_TRUE)
		r = filters(ox, set, &a);
	if (r == OR_TRUE && nops > 1)
		r = filters(ox, set, &b);
	for (size_t i = 0; r == OR_TRUE && i < a.n; i++) {
		char *k = item_key(&a.v[i]);
		bool inb = nops > 1 && items_have(&b, k);
		bool keep = op == NULL || strcmp(op, "UNION") == 0 ? true :
		    strcmp(op, "INTERSECTION") == 0 ? inb : !inb;

		if (keep && !items_have(out, k))
			item_move(out, &a.v[i]);
		free(k);
	}
	if (r == OR_TRUE && (op == NULL || strcmp(op, "UNION") == 0))
		for (size_t i = 0; i < b.n; i++) {
			char *k = item_key(&b.v[i]);

			if (!items_have(out, k))
				item_move(out, &b.v[i]);
			free(k);
		}
	oitems_release(&a);
	oitems_release(&b);
	return r;
}

/* ---- items kept for the whole scan ---- */

/*
 * SSG's rules share objects: each rule of rhel9's stig profile asks again
 * for the OS release, the container checks and its platform's package
 * (3,578 of its 4,738 collections were repeats). An object whose items
 * depend on the target alone is collected once per target and document:
 * its result, reason and items are kept in the target's cache and copied
 * out when it is asked for again. It depends on nothing else when no
 * var_ref (attribute or element) is in it, in its filters' states or in
 * the objects its set names. Larger collections are not kept (memory).
 */
#define KEPT_ITEMS	256

struct kept {
	enum ores	 r;
	char		*why;
	struct oitems	 items;
};

static void
kept_free(void *p, const xmlChar *name)
{
	struct kept *k = p;

	(void)name;
	free(k->why);
	oitems_release(&k->items);
	free(k);
}

static void
kept_table_free(void *p)
{
	xmlHashFree(p, kept_free);
}

void
ox_nested_free(struct ox *ox)
{
	xmlHashFree(ox->nested, kept_free);
	ox->nested = NULL;
	ox->nested_items = 0;
}

/* The objects kept for OX's document and component on its target: a
 * table in the target's cache (which holds a few entries). */
static xmlHashTablePtr
kept_table(struct ox *ox)
{
	char *key = xasprintf("oval-items:%lu:%s", ox->serial, ox->c->id);
	xmlHashTablePtr h = target_cache_get(ox->t, key);

	if (h == NULL) {
		if ((h = xmlHashCreate(256)) == NULL)
			xmem_oom();
		target_cache_put(ox->t, key, h, kept_table_free);
	}
	free(key);
	return h;
}

static void
oitems_copy(struct oitems *to, const struct oitems *from)
{
	for (size_t i = 0; i < from->n; i++) {
		const struct oitem *a = &from->v[i];
		struct oitem *b = oitems_new(to, a->path, a->line);

		for (size_t j = 0; j < a->nf; j++)
			oitem_add(b, a->f[j].name, a->f[j].val);
	}
}

/* Do the items of N (an object, or a state a filter names) depend on
 * the target alone? Each element looked at spends one of *BUDGET: sets
 * naming the same objects over and over would otherwise make the walk
 * exponential; when it runs out the answer is no (collected as usual). */
#define TARGET_ONLY_BUDGET	4096

static bool
target_only(struct ox *ox, xmlNodePtr n, unsigned depth, unsigned *budget)
{
	const char *name = (const char *)n->name;

	if (depth > OVAL_DEPTH || *budget == 0 ||
	    strcmp(name, "var_ref") == 0 || xattr(n, "var_ref") != NULL)
		return false;
	(*budget)--;
	if (strcmp(name, "object_reference") == 0 ||
	    strcmp(name, "filter") == 0) {
		char *id = xtext(n);
		xmlNodePtr to = id != NULL ? oval_by_id(ox->c, id) : NULL;

		free(id);
		if (to == NULL || !target_only(ox, to, depth + 1, budget))
			return false;
	}
	for (xmlNodePtr c = n->children; c != NULL; c = c->next)
		if (c->type == XML_ELEMENT_NODE &&
		    !target_only(ox, c, depth + 1, budget))
			return false;
	return true;
}

static enum ores collect(struct ox *ox, xmlNodePtr obj, struct oitems *out);

/*
 * OBJ's items from TABLE (object id -> struct kept), or collected and
 * kept there when they are at most MAX (and no nesting limit was hit,
 * which depends on where the object was asked from); *KEPT_ITEMS counts
 * what TABLE holds. The reason the object gives is kept with it; the
 * evaluation's first reason stays first.
 */
static enum ores
collect_kept(struct ox *ox, xmlHashTablePtr table, xmlNodePtr obj,
    const char *id, struct oitems *out, size_t max, size_t *kept_items)
{
	struct ox_memo m;
	struct kept *k;
	enum ores r;

	ox_memo_begin(ox, &m);
	if ((k = xmlHashLookup(table, (const xmlChar *)id)) != NULL) {
		oitems_copy(out, &k->items);
		ox->why = k->why != NULL ? xstrdup(k->why) : NULL;
		r = k->r;
	} else {
		r = collect(ox, obj, out);
		if (out->n <= max && !ox->too_deep) {
			k = xcalloc(1, sizeof(*k));
			k->r = r;
			k->why = ox->why != NULL ? xstrdup(ox->why) : NULL;
			oitems_copy(&k->items, out);
			if (xmlHashAddEntry(table, (const xmlChar *)id, k) != 0)
				kept_free(k, NULL);
			else if (kept_items != NULL)
				*kept_items += out->n;
		}
	}
	ox_memo_end(ox, &m);
	return r;
}

enum ores
ox_collect(struct ox *ox, xmlNodePtr obj, struct oitems *out)
{
	const char *id = xattr(obj, "id");
	unsigned budget = TARGET_ONLY_BUDGET;

	if (id == NULL || out->n > 0)
		return collect(ox, obj, out);
	/*
	 * Nested in another's collection (a set's object_reference, a
	 * variable's object_component): kept for this evaluation, whose
	 * variables do not change, so that sets naming the same objects
	 * level after level are collected once each, not 2^levels times.
	 */
	if (ox->collecting > 0) {
		if (ox->nested == NULL && (ox->nested = xmlHashCreate(64)) ==
		    NULL)
			xmem_oom();
		return collect_kept(ox, ox->nested, obj, id, out,
		    ox->nested_items < OX_ITEMS_ALL(ox) ?
		    OX_ITEMS_ALL(ox) - ox->nested_items : 0,
		    &ox->nested_items);
	}
	if (ox->t == NULL)
		return collect(ox, obj, out);
	if (ox->kept == NULL)
		ox->kept = kept_table(ox);
	/* kept already: it was found to depend on the target alone */
	if (xmlHashLookup(ox->kept, (const xmlChar *)id) == NULL &&
	    !target_only(ox, obj, 0, &budget))
		return collect(ox, obj, out);
	return collect_kept(ox, ox->kept, obj, id, out, KEPT_ITEMS, NULL);
}

/* Collect the items of OBJ, whatever its type. */
static enum ores
collect(struct ox *ox, xmlNodePtr obj, struct oitems *out)
{
	const char *name = (const char *)obj->name;
	xmlNodePtr set = xchild(obj, "set");
	enum ores r = OR_UNKNOWN;
	bool found = false;

	if (ox->depth >= OVAL_DEPTH) {
		ox->too_deep = true;
		return ox_fail(ox, OR_ERROR, "objects nest more than %d deep",
		    OVAL_DEPTH);
	}
	ox->depth++;
	ox->collecting++;
	if (set != NULL) {
		r = collect_set(ox, set, out);
		found = true;
	}
	for (size_t i = 0; !found &&
	    i < sizeof(collectors) / sizeof(collectors[0]); i++)
		if (strcmp(collectors[i].name, name) == 0) {
			r = collectors[i].fn(ox, obj, out);
			found = true;
		}
	for (size_t i = 0; !found && i < sizeof(offline) / sizeof(offline[0]);
	    i++)
		if (strcmp(offline[i].name, name) == 0) {
			r = ox_fail(ox, OR_UNKNOWN, "%.*s_test %s, not "
			    "decidable offline", (int)(strlen(name) - 7), name,
			    offline[i].why);
			found = true;
		}
	if (!found)
		r = ox_fail(ox, OR_UNKNOWN, "%.*s_test is not supported",
		    (int)(strlen(name) > 7 ? strlen(name) - 7 : 0), name);
	if (r == OR_TRUE && set == NULL)
		r = filters(ox, obj, out);
	ox->collecting--;
	ox->depth--;
	/* every collection of one evaluation together, whatever shape its
	 * objects have: bounded as one object's items are, times 16 */
	ox->items_all += out->n;
	if (ox->items_all > OX_ITEMS_ALL(ox))
		r = ox_fail(ox, OR_ERROR, "the objects of this check collect "
		    "more than %zu items in all", OX_ITEMS_ALL(ox));
	return r;
}

/* A filter's state is evaluated as a test's is (OVAL 5.11 filter:
 * the items that match it are kept or dropped): its operator and each
 * entity's check_existence and entity_check count, and an entity that
 * errs decides only when the others do not (false AND error is false). */
static enum ores
state_match(struct ox *ox, xmlNodePtr st, const struct oitem *it)
{
	return ox_state_item(ox, st, it);
}
