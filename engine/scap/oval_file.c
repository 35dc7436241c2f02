/*
 * oval_file.c -- the recursion behaviors of path + filename objects
 * (OVAL 5.11.2 unix-definitions-schema, FileBehaviors): which
 * directories an object with recurse_direction and max_depth searches.
 *
 * As the 5.11 schema defines them: recurse_direction "none" (the
 * default) searches only the directories the path entity names; "down"
 * adds their subdirectories, "up" their parent directories up to "/".
 * max_depth bounds the levels: -1 (the default) without a limit, 0 none
 * (only the named directories), 1 the immediate subdirectories (or the
 * parent), and so on. Symbolic links to directories are not descended
 * (every SSG object says recurse="directories"); recurse_file_system is
 * not looked at (a target is read as one file system).
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "assay/strbuf.h"
#include "assay/util.h"
#include "assay/xmem.h"
#include "oval_private.h"

static enum walk_ret
subdir_visit(const char *path, const struct fsnode *n, void *arg)
{
	struct strlist *out = arg;

	if (n->type == FS_DIR && !strlist_has(out, path))
		strlist_add(out, path);
	return WALK_CONTINUE;
}

/* The subdirectories of DIRS->v[from..to) one level down, appended. */
static void
down_one(struct ox *ox, struct strlist *dirs, size_t from, size_t to)
{
	for (size_t i = from; i < to && dirs->n <= ox->lim->oval_items;
	    i++) {
		struct strlist names = STRLIST_INIT;

		if (target_list(ox->t, dirs->v[i], &names) == FS_OK)
			for (size_t j = 0; j < names.n; j++) {
				char *p = path_join(dirs->v[i], names.v[j]);
				struct fsnode n;

				if (target_lookup(ox->t, p, false, &n) ==
				    FS_OK && n.type == FS_DIR &&
				    !strlist_has(dirs, p))
					strlist_adopt(dirs, p);
				else
					free(p);
			}
		strlist_release(&names);
	}
}

enum ores
oval_recurse_dirs(struct ox *ox, xmlNodePtr beh, struct strlist *dirs)
{
	const char *rd = beh != NULL ? xattr(beh, "recurse_direction") : NULL;
	const char *md = beh != NULL ? xattr(beh, "max_depth") : NULL;
	long depth = -1;
	size_t named = dirs->n;

	if (rd == NULL || strcmp(rd, "none") == 0)
		return OR_TRUE;
	if (md != NULL) {
		char *end;

		errno = 0;
		depth = strtol(md, &end, 10);
		if (errno != 0 || end == md || *end != '\0' || depth < -1)
			return ox_fail(ox, OR_ERROR, "behaviors max_depth "
			    "\"%s\" is not an integer >= -1", md);
	}
	if (strcmp(rd, "down") == 0) {
		if (depth == -1) {
			for (size_t i = 0; i < named; i++)
				(void)target_walk_types(ox->t, dirs->v[i],
				    subdir_visit, NULL, dirs);
		} else {
			size_t from = 0, to = named;

			for (long d = 0; d < depth && from < to; d++) {
				down_one(ox, dirs, from, to);
				from = to;
				to = dirs->n;
			}
		}
	} else if (strcmp(rd, "up") == 0) {
		for (size_t i = 0; i < named; i++) {
			char *p = xstrdup(dirs->v[i]);

			for (long d = 0; (depth == -1 || d < depth) &&
			    p[0] == '/' && strcmp(p, "/") != 0; d++) {
				char *up = path_dirname(p);

				free(p);
				p = up;
				if (!strlist_has(dirs, p))
					strlist_add(dirs, p);
			}
			free(p);
		}
	} else
		return ox_fail(ox, OR_ERROR, "behaviors recurse_direction "
		    "\"%s\" is not none, up or down", rd);
	if (dirs->n > ox->lim->oval_items)
		return ox_fail(ox, OR_ERROR, "behaviors recurse_direction="
		    "\"%s\": more than %zu directories", rd,
		    ox->lim->oval_items);
	return OR_TRUE;
}
