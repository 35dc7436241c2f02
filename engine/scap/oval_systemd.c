/*
 * oval_systemd.c -- systemdunitproperty_object (OVAL 5.11.2
 * linux-definitions-schema) offline: the LoadState, UnitFileState and
 * ActiveState of system units, derived from the target's unit files and
 * their symlinks. An image has no running systemd to ask.
 *
 * What each property is, for unit U found first in oval_unit_dirs:
 *   - UnitFileState as `systemctl --root=ROOT is-enabled U` prints it
 *     (systemd 252, src/shared/install.c unit_file_lookup_state):
 *     "masked" (U is a symlink to /dev/null or an empty file; in /run:
 *     "masked-runtime"); "alias" (U is a symlink to a unit of another
 *     name); "enabled" (a symlink to U in a .wants/.requires directory
 *     of /etc/systemd/system, or one of U's Alias= names linked there;
 *     in /run: "enabled-runtime"); "indirect" (only linked under a name
 *     its [Install] does not give, or no rules but Also=); "disabled"
 *     ([Install] has WantedBy=, RequiredBy=, UpheldBy= or Alias=);
 *     "static" otherwise. Links in the vendor directories
 *     (/lib/systemd/system/X.wants) do not enable, as systemctl says;
 *   - LoadState: "masked", else "loaded";
 *   - ActiveState: "active" when boot would start U: U is pulled in
 *     from default.target (its link resolved) through Wants=, Requires=
 *     and the .wants/.requires links of every unit directory (the
 *     systemdunitdependency closure, oval_items.c), and U is not masked;
 *     else "inactive". This is a substitution: a running system's state
 *     also depends on failures, sockets, timers and manual starts.
 * A unit with no file in the search path does not exist here (no item):
 * systemctl says "No such file or directory". Template instances
 * (a@b.service) and drop-ins are not resolved. OpenSCAP asks the HOST's
 * systemd over D-Bus (docs/openscap.md).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "assay/strbuf.h"
#include "assay/util.h"
#include "assay/xmem.h"
#include "oval_private.h"

#define ETC_UNITS	"/etc/systemd/system"
#define RUN_UNITS	"/run/systemd/system"

static const char *const props[] = {
	"ActiveState", "LoadState", "UnitFileState", NULL
};

static const char *const unit_suffixes[] = {
	".service", ".socket", ".timer", ".target", ".path", ".mount",
	".automount", ".swap", ".slice", NULL
};

static const char *
base_of(const char *path)
{
	const char *s = strrchr(path, '/');

	return s != NULL ? s + 1 : path;
}

static void
strlist_free(void *p)
{
	strlist_release(p);
	free(p);
}

/* Every unit name with an entry in the search path, sorted, once per
 * target. */
static const struct strlist *
unit_names(struct ox *ox)
{
	struct strlist *all = target_cache_get(ox->t, "oval-unitnames");

	if (all != NULL)
		return all;
	all = xcalloc(1, sizeof(*all));
	for (size_t d = 0; oval_unit_dirs[d] != NULL; d++) {
		struct strlist names = STRLIST_INIT;

		if (target_list(ox->t, oval_unit_dirs[d], &names) == FS_OK)
			for (size_t i = 0; i < names.n; i++)
				if (has_suffix_in(names.v[i], unit_suffixes) &&
				    !strlist_has(all, names.v[i]))
					strlist_add(all, names.v[i]);
		strlist_release(&names);
	}
	strlist_sort(all);
	target_cache_put(ox->t, "oval-unitnames", all, strlist_free);
	return all;
}

/* What the unit file of U says and where it is. */
struct unitinfo {
	char		*path;		/* first in the search path; NULL: none */
	bool		 masked;
	bool		 runtime;	/* path is under /run */
	char		*alias_of;	/* U links to a unit of this name */
	struct strlist	 aliases;	/* [Install] Alias= */
	bool		 rules;		/* WantedBy=, RequiredBy=, ... */
	bool		 also;		/* Also= */
};

static void
unitinfo_release(struct unitinfo *u)
{
	free(u->path);
	free(u->alias_of);
	strlist_release(&u->aliases);
}

static void
parse_install(struct unitinfo *u, const struct strbuf *b)
{
	size_t pos = 0, len;
	unsigned ln = 0;
	const char *line;
	bool install = false;

	while (next_line(b->buf, b->len, &pos, &line, &len, &ln)) {
		const char *s = line, *eq, *v;
		size_t sl = len, vl;

		trim_span(&s, &sl);
		if (sl == 0 || *s == '#' || *s == ';')
			continue;
		if (*s == '[') {
			install = sl == 9 && strncmp(s, "[Install]", 9) == 0;
			continue;
		}
		if (!install || (eq = memchr(s, '=', sl)) == NULL)
			continue;
		v = eq + 1;
		vl = (size_t)(s + sl - v);
		trim_span(&v, &vl);
		if (vl == 0)
			continue;
#define KEY(k)	((size_t)(eq - s) == strlen(k) && strncmp(s, k, strlen(k)) == 0)
		if (KEY("WantedBy") || KEY("RequiredBy") || KEY("UpheldBy"))
			u->rules = true;
		else if (KEY("Also"))
			u->also = true;
		else if (KEY("Alias")) {
			char *copy = xstrndup(v, vl), *save = NULL;

			u->rules = true;
			for (char *t = strtok_r(copy, " \t", &save); t != NULL &&
			    u->aliases.n < 64; t = strtok_r(NULL, " \t", &save))
				strlist_add(&u->aliases, t);
			free(copy);
		}
#undef KEY
	}
}

static void
unit_lookup(struct ox *ox, const char *unit, struct unitinfo *u)
{
	struct strbuf b = STRBUF_INIT;
	struct fsnode n;

	memset(u, 0, sizeof(*u));
	for (size_t d = 0; oval_unit_dirs[d] != NULL && u->path == NULL;
	    d++) {
		char *p = path_join(oval_unit_dirs[d], unit);

		if (target_lookup(ox->t, p, false, &n) == FS_OK) {
			u->path = p;
			u->runtime = strcmp(oval_unit_dirs[d], RUN_UNITS) == 0;
		} else
			free(p);
	}
	if (u->path == NULL)
		return;
	if (n.type == FS_LNK && target_readlink(ox->t, u->path, &b) ==
	    FS_OK) {
		if (strcmp(b.buf, "/dev/null") == 0)
			u->masked = true;
		else if (strcmp(base_of(b.buf), unit) != 0)
			u->alias_of = xstrdup(base_of(b.buf));
	}
	if (!u->masked && target_lookup(ox->t, u->path, true, &n) == FS_OK &&
	    n.type == FS_REG && n.size == 0)
		u->masked = true;
	if (!u->masked && target_read(ox->t, u->path, 0, &b) == FS_OK)
		parse_install(u, &b);
	strbuf_release(&b);
}

/* Is there a symlink in DIR's .wants/.requires/.upholds directories
 * named UNIT or pointing to a file named UNIT? */
static bool
linked_in_wants(struct ox *ox, const char *dir, const char *unit)
{
	struct strlist ents = STRLIST_INIT;
	struct strbuf b = STRBUF_INIT;
	bool found = false;

	if (target_list(ox->t, dir, &ents) != FS_OK) {
		strlist_release(&ents);
		return false;
	}
	for (size_t i = 0; i < ents.n && !found; i++) {
		static const char *const sufs[] = {
			".wants", ".requires", ".upholds", NULL
		};
		size_t n = strlen(ents.v[i]);
		struct strlist links = STRLIST_INIT;
		char *sub;
		bool dep = false;

		for (size_t k = 0; sufs[k] != NULL; k++)
			dep |= n > strlen(sufs[k]) && strcmp(ents.v[i] + n -
			    strlen(sufs[k]), sufs[k]) == 0;
		if (!dep)
			continue;
		sub = path_join(dir, ents.v[i]);
		if (target_list(ox->t, sub, &links) == FS_OK)
			for (size_t j = 0; j < links.n && !found; j++) {
				char *p = path_join(sub, links.v[j]);

				found = strcmp(links.v[j], unit) == 0 ||
				    (target_readlink(ox->t, p, &b) == FS_OK &&
				    strcmp(base_of(b.buf), unit) == 0);
				free(p);
			}
		strlist_release(&links);
		free(sub);
	}
	strbuf_release(&b);
	strlist_release(&ents);
	return found;
}

/* Symlinks directly in DIR pointing to a file named UNIT: under one of
 * ALIASES (*ALIASED), or under another name (*OTHER). */
static void
linked_as_alias(struct ox *ox, const char *dir, const char *unit,
    const struct strlist *aliases, bool *aliased, bool *other)
{
	struct strlist ents = STRLIST_INIT;
	struct strbuf b = STRBUF_INIT;

	if (target_list(ox->t, dir, &ents) == FS_OK)
		for (size_t i = 0; i < ents.n; i++) {
			char *p;

			if (strcmp(ents.v[i], unit) == 0 ||
			    !has_suffix_in(ents.v[i], unit_suffixes))
				continue;
			p = path_join(dir, ents.v[i]);
			if (target_readlink(ox->t, p, &b) == FS_OK &&
			    strcmp(base_of(b.buf), unit) == 0) {
				if (strlist_has(aliases, ents.v[i]))
					*aliased = true;
				else
					*other = true;
			}
			free(p);
		}
	strbuf_release(&b);
	strlist_release(&ents);
}

static const char *
unit_file_state(struct ox *ox, const char *unit, const struct unitinfo *u)
{
	static const char *const dirs[] = { ETC_UNITS, RUN_UNITS };
	bool other = false;

	if (u->masked)
		return u->runtime ? "masked-runtime" : "masked";
	if (u->alias_of != NULL)
		return "alias";
	for (size_t d = 0; d < 2; d++) {
		bool aliased = false;

		if (linked_in_wants(ox, dirs[d], unit))
			return d == 0 ? "enabled" : "enabled-runtime";
		linked_as_alias(ox, dirs[d], unit, &u->aliases, &aliased,
		    &other);
		if (aliased)
			return d == 0 ? "enabled" : "enabled-runtime";
	}
	if (other)
		return "indirect";
	if (u->rules)
		return "disabled";
	return u->also ? "indirect" : "static";
}

/* The unit default.target names (its symlink resolved), malloc'd. */
static char *
default_target(struct ox *ox)
{
	struct strbuf b = STRBUF_INIT;
	char *r = NULL;

	for (size_t d = 0; oval_unit_dirs[d] != NULL && r == NULL; d++) {
		char *p = path_join(oval_unit_dirs[d], "default.target");
		struct fsnode n;

		if (target_lookup(ox->t, p, false, &n) == FS_OK)
			r = xstrdup(n.type == FS_LNK && target_readlink(ox->t,
			    p, &b) == FS_OK ? base_of(b.buf) :
			    "default.target");
		free(p);
	}
	strbuf_release(&b);
	return r != NULL ? r : xstrdup("default.target");
}

static const char *
active_state(struct ox *ox, const char *unit, const struct unitinfo *u)
{
	char *def;
	const struct strlist *deps;
	bool on;

	if (u->masked)
		return "inactive";
	def = default_target(ox);
	deps = ox_unit_deps(ox, def);
	on = strcmp(def, unit) == 0 || strlist_has(deps, unit);
	free(def);
	return on ? "active" : "inactive";
}

enum ores
oval_collect_unitproperty(struct ox *ox, xmlNodePtr obj, struct oitems *out)
{
	xmlNodePtr unit = xchild(obj, "unit"), prop = xchild(obj, "property");
	struct strlist units = STRLIST_INIT;
	const char *op;
	enum ores r = OR_TRUE;

	if (unit == NULL || prop == NULL)
		return ox_fail(ox, OR_ERROR, "systemdunitproperty_object %s "
		    "without unit or property", xattr(obj, "id"));
	op = xattr(prop, "operation");
	if (op == NULL || strcmp(op, "equals") == 0) {
		struct ovals pv = { NULL, 0, 0 };

		r = ox_ent_values(ox, prop, &pv);
		for (size_t i = 0; r == OR_TRUE && i < pv.n; i++) {
			bool known = false;

			for (size_t k = 0; props[k] != NULL; k++)
				known |= strcmp(props[k], pv.v[i]) == 0;
			if (!known)
				r = ox_fail(ox, OR_UNKNOWN, "systemdunit"
				    "property %s is not derived offline (only "
				    "ActiveState, LoadState, UnitFileState)",
				    pv.v[i]);
		}
		ovals_release(&pv);
		if (r != OR_TRUE)
			return r;
	}
	{
		const struct strlist *all = unit_names(ox);

		for (size_t i = 0; r == OR_TRUE && i < all->n; i++) {
			enum ores m = ox_ent_match(ox, unit, all->v[i]);

			if (m == OR_TRUE)
				strlist_add(&units, all->v[i]);
			else if (m != OR_FALSE)
				r = m;
		}
	}
	for (size_t i = 0; r == OR_TRUE && i < units.n; i++) {
		struct unitinfo u;

		unit_lookup(ox, units.v[i], &u);
		for (size_t k = 0; r == OR_TRUE && props[k] != NULL; k++) {
			enum ores m = ox_ent_match(ox, prop, props[k]);
			const char *v;
			struct oitem *it;

			if (m != OR_TRUE) {
				if (m != OR_FALSE)
					r = m;
				continue;
			}
			if (k == 0)
				v = active_state(ox, units.v[i], &u);
			else if (k == 1)
				v = u.masked ? "masked" : "loaded";
			else
				v = unit_file_state(ox, units.v[i], &u);
			it = oitems_new(out, u.path, 0);
			oitem_add(it, "unit", units.v[i]);
			oitem_add(it, "property", props[k]);
			oitem_add(it, "value", v);
		}
		unitinfo_release(&u);
	}
	strlist_release(&units);
	return r;
}
