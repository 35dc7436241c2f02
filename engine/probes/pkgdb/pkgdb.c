/*
 * pkgdb.c -- what the package database readers share (pkgdb.h):
 * the cached load, reading one file, and the blank-line separated block
 * loop of dpkg's status and apk's installed database.
 *
 * The block loop is the strict part both parsers need, in one place: the
 * file is copied once (entries point into the copy), a NUL byte makes it
 * an error (text never holds one, and a C string would stop there), a
 * block is counted when it ends so a hostile file cannot grow the
 * database past its cap, and every error names the file and the line it
 * was found on.
 */
#include "config.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "assay/pkgdb.h"
#include "assay/strbuf.h"
#include "assay/util.h"
#include "assay/xmem.h"

enum fs_rc
pkgdb_get(struct target *t, const struct limits *lim,
    const struct pkgdb_kind *k, const char *path, void *arg, void **dbp,
    struct diag *d)
{
	char *key = xasprintf("%s:%s", k->name, path);
	void *db = target_cache_get(t, key);
	enum fs_rc rc = FS_OK;

	if (db == NULL) {
		rc = k->load(t, lim, path, arg, &db, d);
		if (rc == FS_OK && db != NULL)
			target_cache_put(t, key, db, k->free);
	}
	free(key);
	*dbp = db;
	return rc;
}

enum fs_rc
pkgdb_read_error(struct diag *d, const char *path, enum fs_rc rc)
{
	struct srcpos at = { path, 0, 0 };

	diag_add(d, &at, "%s", fs_rc_str(rc));
	return rc;
}

enum fs_rc
pkgdb_read(struct target *t, const char *path, size_t limit,
    void *(*parse)(const char *path, const char *buf, size_t len,
    size_t max, struct diag *d), size_t max, void **dbp, struct diag *d)
{
	struct strbuf sb = STRBUF_INIT;
	enum fs_rc rc = target_read(t, path, limit, &sb);

	*dbp = NULL;
	if (rc == FS_OK)
		*dbp = parse(path, sb.buf != NULL ? sb.buf : "", sb.len, max,
		    d);
	else
		pkgdb_read_error(d, path, rc);
	strbuf_release(&sb);
	return rc;
}

enum fs_rc
pkgdb_lookup(struct target *t, const char *path, struct diag *d)
{
	struct fsnode n;
	enum fs_rc rc = target_lookup(t, path, true, &n);

	if (rc == FS_ENOTDIR)
		rc = FS_ENOENT;
	if (rc != FS_OK && rc != FS_ENOENT)
		pkgdb_read_error(d, path, rc);
	return rc;
}

bool
pkgdb_is(const char *pname, const char *parch, const char *name,
    const char *arch)
{
	if (strcmp(pname, name) != 0)
		return false;
	return arch == NULL || (parch != NULL && strcmp(parch, arch) == 0);
}

/* Where pkgdb_parse_blocks() is. */
struct blocks {
	const struct pkgdb_blocks	*b;
	void				*arg;
	struct srcpos			 at;	/* the current line */
	unsigned			 first;	/* of the block; 0: none */
	size_t				 n;	/* blocks ended */
	size_t				 max;
};

static int
block_end(struct blocks *s, struct diag *d)
{
	if (s->first == 0)
		return 0;
	if (++s->n > s->max) {
		diag_add(d, &s->at, "more than %zu %s", s->max, s->b->what);
		return -1;
	}
	s->b->end(s->arg, s->first);
	s->first = 0;
	return 0;
}

int
pkgdb_parse_blocks(const struct pkgdb_blocks *b, void *arg,
    const char *path, const char *buf, size_t len, size_t max,
    char **copyp, struct diag *d)
{
	struct blocks s = { b, arg, { path, 0, 0 }, 0, 0, max };
	const char *line;
	size_t linelen;
	size_t pos = 0;
	int rc = 0;

	if (text_copy(buf, len, copyp, &s.at.line) != 0) {
		diag_add(d, &s.at, "NUL byte in the file");
		return -1;
	}
	while (rc == 0 &&
	    next_line(*copyp, len, &pos, &line, &linelen, &s.at.line)) {
		if (is_blank_span(line, linelen)) {
			rc = block_end(&s, d);
			continue;
		}
		if (s.first == 0)
			s.first = s.at.line;
		rc = b->line(arg, (char *)line, linelen, &s.at, d);
	}
	return rc == 0 ? block_end(&s, d) : -1;
}
