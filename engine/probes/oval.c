/*
 * oval.c -- the `oval` probe: one OVAL definition of SCAP content,
 * evaluated on the target (engine/scap/, oval.h).
 *
 * `assay scan --datastream FILE` turns each XCCDF rule into a rule whose
 * check is this probe (xccdf.c); it can also be written by hand:
 *
 *   check:
 *     oval:
 *       datastream: /usr/share/xml/scap/ssg/content/ssg-debian11-ds.xml
 *       definition: oval:ssg-package_telnetd_removed:def:1        # opt.
 *       component: scap_org.open-scap_comp_ssg-debian11-oval.xml  # opt.
 *       negate: false                                             # opt.
 *       export: {"oval:ssg-var_x:var:1": "{{ var.x }}"}          # opt.
 *
 * The definition's result decides: true pass, false fail (swapped for a
 * vulnerability or patch definition, and by negate, as an XCCDF check's
 * negate does), error error, unknown or not evaluated notchecked with
 * what is missing. Without a definition, every definition of the
 * component (then required) is evaluated and the results combined as
 * XCCDF's AND: an XCCDF check-content-ref without a name.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "assay/oval.h"
#include "assay/probe.h"
#include "assay/xmem.h"

struct oval_state {
	struct scap_doc		*doc;
	const char		*component;	/* borrowed from DOC */
	char			*def;
	bool			 negate;
	struct oval_export	*ex;
	size_t			 nex;
};

static void
oval_free(void *state)
{
	struct oval_state *s = state;

	if (s == NULL)
		return;
	for (size_t i = 0; i < s->nex; i++) {
		free((char *)s->ex[i].name);
		free((char *)s->ex[i].value);
	}
	free(s->ex);
	free(s->def);
	scap_doc_put(s->doc);
	free(s);
}

static int
oval_compile(const struct ynode *args, const struct limits *lim,
    void **statep, struct diag *d)
{
	static const char *const keys[] = { "datastream", "definition",
	    "component", "negate", "export", NULL };
	const struct ynode *ds, *def, *comp, *ex;
	const char *path, *defid = NULL, *compid = NULL;
	struct oval_state *s;

	if (ynode_check_keys(args, "oval", keys, d) != 0)
		return -1;
	if ((ds = probe_require(args, "datastream", "oval", d)) == NULL ||
	    ynode_str(ds, "datastream", &path, d) != 0)
		return -1;
	if ((def = ynode_get(args, "definition")) != NULL &&
	    ynode_str(def, "definition", &defid, d) != 0)
		return -1;
	if ((comp = ynode_get(args, "component")) != NULL &&
	    ynode_str(comp, "component", &compid, d) != 0)
		return -1;
	if (def == NULL && comp == NULL) {
		diag_add(d, &args->at, "oval: needs a definition, or a "
		    "component whose every definition is evaluated");
		return -1;
	}
	s = xcalloc(1, sizeof(*s));
	if ((s->doc = scap_doc_get(path, lim, d)) == NULL) {
		free(s);
		return -1;
	}
	if ((s->component = scap_oval_find(s->doc, compid, defid)) == NULL) {
		if (defid != NULL)
			diag_add(d, &def->at, "definition: no OVAL definition "
			    "\"%s\" in %s%s%s", defid, path, compid != NULL ?
			    " component " : "", compid != NULL ? compid : "");
		else
			diag_add(d, &comp->at, "component: no OVAL component "
			    "\"%s\" in %s", compid, path);
		oval_free(s);
		return -1;
	}
	s->def = defid != NULL ? xstrdup(defid) : NULL;
	if (ynode_get(args, "negate") != NULL &&
	    ynode_bool(ynode_get(args, "negate"), "negate", &s->negate,
	    d) != 0) {
		oval_free(s);
		return -1;
	}
	if ((ex = ynode_get(args, "export")) != NULL) {
		if (!ynode_is_map(ex)) {
			diag_add(d, &ex->at, "export: expected a mapping of "
			    "OVAL variable ids to values, got %s",
			    ynode_show(ex));
			oval_free(s);
			return -1;
		}
		s->ex = xcalloc(ex->len + 1, sizeof(*s->ex));
		for (size_t i = 0; i < ex->len; i++) {
			const char *v;

			if (ynode_str(ex->items[i], "export", &v, d) != 0) {
				oval_free(s);
				return -1;
			}
			s->ex[s->nex].name = xstrdup(ex->keys[i]->text);
			s->ex[s->nex++].value = xstrdup(v);
		}
	}
	*statep = s;
	return 0;
}

static enum status
oval_probe_eval(void *state, struct probe_env *env, struct evlist *ev)
{
	struct oval_state *s = state;
	enum status st = oval_eval(s->doc, s->component, s->def, s->ex,
	    s->nex, env->target, env->lim, ev);

	if (s->negate && (st == ST_PASS || st == ST_FAIL))
		st = st == ST_PASS ? ST_FAIL : ST_PASS;
	return st;
}

const struct probe_ops probe_oval = {
	.name = "oval",
	.summary = "an OVAL definition of SCAP content (data stream or "
	    "XCCDF + OVAL files)",
	.compile = oval_compile,
	.eval = oval_probe_eval,
	.free = oval_free,
};
