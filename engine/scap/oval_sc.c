/*
 * oval_sc.c -- the collected objects and items the OVAL results carry
 * (oval.h): with a recorder attached (scap_doc_record, only when an ARF
 * or OVAL results output is asked for), each test evaluated records,
 * once per test id and object id, its object's flag, the object's items
 * and, per test, each item's result against the states (tested_item)
 * and the values of the variables the object and states name
 * (tested_variable); so does each object a variable's object_component
 * reads, with its items (oscap lists those objects too). Without a
 * recorder test_eval() and component() never call here.
 *
 * Items are kept per component, unique by type and fields (an item two
 * objects collect has one id, as in oscap's results), with the target's
 * values: paths inside the target, never a host path. At most
 * lim->oval_results items are kept (items of one object are already
 * bounded by lim->oval_items); past that the rest are left out, the
 * object's flag says "incomplete" and the document says so.
 *
 * Written as the OVAL 5.11.2 system characteristics schema orders it
 * (openscap-common's oval/5.11.3 oval-system-characteristics, independent,
 * unix and linux schemas; scap-results.sh validates): the item elements
 * in their family's namespace, their entities in schema order, each with
 * its datatype; an entity the schema has no place for is left out.
 * Values come from the target: each is made valid UTF-8 XML text
 * (utf8_sanitize, as the reporters' report_sanitize does), and an int or
 * boolean entity whose value is not one is written empty with status
 * "error", as the schema allows.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "assay/util.h"
#include "assay/xmem.h"
#include "oval_private.h"

#define SC_NS		"http://oval.mitre.org/XMLSchema/" \
			"oval-system-characteristics-5"
#define XC(s)		((const xmlChar *)(s))

/* Per object type, its item element and entities in schema order:
 * "name" a string, "name:int" with its datatype, "name*" repeatable. */
static const struct sctype {
	const char	*object;
	const char	*family;	/* the namespace's "#fragment" */
	const char	*item;
	const char	*fields;
} sctypes[] = {
	{ "dpkginfo_object", "linux", "dpkginfo_item",
	    "name arch epoch release version evr:debian_evr_string" },
	{ "family_object", "independent", "family_item", "family" },
	{ "file_object", "unix", "file_item",
	    "filepath path filename type group_id:int user_id:int "
	    "a_time:int c_time:int m_time:int size:int suid:boolean "
	    "sgid:boolean sticky:boolean uread:boolean uwrite:boolean "
	    "uexec:boolean gread:boolean gwrite:boolean gexec:boolean "
	    "oread:boolean owrite:boolean oexec:boolean "
	    "has_extended_acl:boolean" },
	{ "partition_object", "linux", "partition_item",
	    "mount_point device uuid fs_type mount_options* total_space:int "
	    "space_used:int space_left:int "
	    "space_left_for_unprivileged_users:int block_size:int" },
	{ "password_object", "unix", "password_item",
	    "username password user_id:int group_id:int gcos home_dir "
	    "login_shell last_login:int" },
	{ "rpminfo_object", "linux", "rpminfo_item",
	    "name arch epoch release version evr:evr_string signature_keyid "
	    "extended_name filepath*" },
	{ "rpmverifyfile_object", "linux", "rpmverifyfile_item",
	    "name epoch version release arch filepath extended_name "
	    "size_differs mode_differs md5_differs filedigest_differs "
	    "device_differs link_mismatch ownership_differs group_differs "
	    "mtime_differs capabilities_differ configuration_file:boolean "
	    "documentation_file:boolean ghost_file:boolean "
	    "license_file:boolean readme_file:boolean" },
	{ "selinuxboolean_object", "linux", "selinuxboolean_item",
	    "name current_status:boolean pending_status:boolean" },
	{ "shadow_object", "unix", "shadow_item",
	    "username password chg_lst:int chg_allow:int chg_req:int "
	    "exp_warn:int exp_inact:int exp_date:int flag:int "
	    "encrypt_method" },
	{ "symlink_object", "unix", "symlink_item", "filepath canonical_path" },
	{ "sysctl_object", "unix", "sysctl_item", "name value*" },
	{ "systemdunitdependency_object", "linux",
	    "systemdunitdependency_item", "unit dependency*" },
	{ "systemdunitproperty_object", "linux", "systemdunitproperty_item",
	    "unit property value*" },
	{ "textfilecontent54_object", "independent", "textfilecontent_item",
	    "filepath path filename pattern instance:int line text "
	    "subexpression*" },
	{ "textfilecontent_object", "independent", "textfilecontent_item",
	    "filepath path filename pattern instance:int line text "
	    "subexpression*" },
	{ "variable_object", "independent", "variable_item",
	    "var_ref value*" },
	{ "xmlfilecontent_object", "independent", "xmlfilecontent_item",
	    "filepath path filename xpath value_of*" },
};

struct scitem {
	const struct sctype *type;
	struct ofield	*f;
	size_t		 nf;
};

/* A variable's value (a variable with several values repeats). */
struct scvar {
	char		*id;
	char		*value;
};

struct scvars {
	struct scvar	*v;
	size_t		 n, cap;
};

struct scobj {
	char		*id;
	const char	*flag;
	char		*msg;
	size_t		*refs;		/* item ids */
	size_t		 nrefs;
	struct scvars	 vars;
};

struct sctest {
	char		*id;
	size_t		*items;		/* item ids */
	enum ores	*res;
	size_t		 n;
	struct scvars	 vars;
};

struct sccomp {
	char		*id;
	struct scitem	*items;		/* item id K + 1 is items[K] */
	size_t		 nitems, icap;
	xmlHashTablePtr	 ikeys;		/* type + fields -> id */
	struct scobj	*objs;
	size_t		 nobjs, ocap;
	xmlHashTablePtr	 oseen;		/* object id -> index + 1 */
	struct sctest	*tests;
	size_t		 ntests, tcap;
	xmlHashTablePtr	 tseen;		/* test id -> index + 1 */
};

struct oval_sc {
	size_t		 max, n;
	bool		 truncated;
	struct sccomp	*comps;
	size_t		 ncomps;
};

static void
scvars_release(struct scvars *l)
{
	for (size_t i = 0; i < l->n; i++) {
		free(l->v[i].id);
		free(l->v[i].value);
	}
	free(l->v);
}

void
oval_sc_free(struct oval_sc *sc)
{
	if (sc == NULL)
		return;
	for (size_t i = 0; i < sc->ncomps; i++) {
		struct sccomp *c = &sc->comps[i];

		for (size_t k = 0; k < c->nitems; k++) {
			for (size_t j = 0; j < c->items[k].nf; j++) {
				free((char *)c->items[k].f[j].name);
				free(c->items[k].f[j].val);
			}
			free(c->items[k].f);
		}
		for (size_t k = 0; k < c->nobjs; k++) {
			free(c->objs[k].id);
			free(c->objs[k].msg);
			free(c->objs[k].refs);
			scvars_release(&c->objs[k].vars);
		}
		for (size_t k = 0; k < c->ntests; k++) {
			free(c->tests[k].id);
			free(c->tests[k].items);
			free(c->tests[k].res);
			scvars_release(&c->tests[k].vars);
		}
		free(c->items);
		free(c->objs);
		free(c->tests);
		free(c->id);
		xmlHashFree(c->ikeys, NULL);
		xmlHashFree(c->oseen, NULL);
		xmlHashFree(c->tseen, NULL);
	}
	free(sc->comps);
	free(sc);
}

static const struct sctype *
sctype_of(const char *object)
{
	for (size_t i = 0; i < sizeof(sctypes) / sizeof(sctypes[0]); i++)
		if (strcmp(sctypes[i].object, object) == 0)
			return &sctypes[i];
	return NULL;
}

static xmlHashTablePtr
hash_new(void)
{
	xmlHashTablePtr h = xmlHashCreate(256);

	if (h == NULL)
		xmem_oom();
	return h;
}

static struct sccomp *
comp_of(struct oval_sc *sc, const char *id, bool add)
{
	struct sccomp *c;

	for (size_t i = 0; i < sc->ncomps; i++)
		if (strcmp(sc->comps[i].id, id) == 0)
			return &sc->comps[i];
	if (!add)
		return NULL;
	sc->comps = xreallocarray(sc->comps, sc->ncomps + 1,
	    sizeof(*sc->comps));
	c = &sc->comps[sc->ncomps++];
	memset(c, 0, sizeof(*c));
	c->id = xstrdup(id);
	c->ikeys = hash_new();
	c->oseen = hash_new();
	c->tseen = hash_new();
	return c;
}

/* Item IT of type TY: its id in C (1...), 0 when past the cap. */
static size_t
item_id(struct oval_sc *sc, struct sccomp *c, const struct sctype *ty,
    const struct oitem *it)
{
	struct strbuf b = STRBUF_INIT;
	struct scitem *si;
	uintptr_t id;
	char *key;

	strbuf_addf(&b, "%s\x1e", ty->item);
	for (size_t i = 0; i < it->nf; i++)
		strbuf_addf(&b, "%s=%s\x1f", it->f[i].name, it->f[i].val);
	strbuf_addch(&b, '\0');
	key = strbuf_detach(&b);
	id = (uintptr_t)xmlHashLookup(c->ikeys, XC(key));
	if (id == 0 && sc->n >= sc->max)
		sc->truncated = true;
	else if (id == 0) {
		xgrow((void **)&c->items, &c->icap, c->nitems + 1,
		    sizeof(*c->items));
		si = &c->items[c->nitems++];
		si->type = ty;
		si->nf = it->nf;
		si->f = xcalloc(it->nf > 0 ? it->nf : 1, sizeof(*si->f));
		for (size_t i = 0; i < it->nf; i++) {
			si->f[i].name = xstrdup(it->f[i].name);
			si->f[i].val = xstrdup(it->f[i].val);
		}
		id = c->nitems;
		if (xmlHashAddEntry(c->ikeys, XC(key), (void *)id) != 0)
			xmem_oom();
		sc->n++;
	}
	free(key);
	return (size_t)id;
}

/* The var_refs below N, each once, with their values: var_ref
 * attributes, and a variable_object's var_ref entity (as oscap 1.3.7
 * lists it as a tested_variable too). */
static void
vars_of(struct ox *ox, xmlNodePtr n, struct scvars *out, unsigned depth)
{
	char *ent = NULL;
	const char *ref;

	if (depth >= OVAL_DEPTH)
		return;
	if (depth == 1 && strcmp((const char *)n->name, "var_ref") == 0 &&
	    strcmp((const char *)n->parent->name, "variable_object") == 0)
		ent = xtext(n);
	if ((ref = ent != NULL ? ent : xattr(n, "var_ref")) != NULL) {
		struct ovals vals = { NULL, 0, 0 };
		char *why = ox->why;
		bool seen = false;

		for (size_t i = 0; i < out->n && !seen; i++)
			seen = strcmp(out->v[i].id, ref) == 0;
		ox->why = NULL;
		if (!seen && ox_var(ox, ref, &vals) == OR_TRUE)
			for (size_t i = 0; i < vals.n; i++) {
				xgrow((void **)&out->v, &out->cap, out->n + 1,
				    sizeof(*out->v));
				out->v[out->n].id = xstrdup(ref);
				out->v[out->n++].value = xstrdup(vals.v[i]);
			}
		ovals_release(&vals);
		free(ox->why);
		ox->why = why;
	}
	free(ent);
	for (xmlNodePtr k = n->children; k != NULL; k = k->next)
		if (k->type == XML_ELEMENT_NODE)
			vars_of(ox, k, out, depth + 1);
}

static const char *
flag_of(enum ores r, size_t n)
{
	switch (r) {
	case OR_TRUE:
		return n > 0 ? "complete" : "does not exist";
	case OR_UNKNOWN:
		return "not collected";
	default:
		return "error";
	}
}

/* The recorder's component of OX, with *SCP its store; NULL when OX
 * records nothing. */
static struct sccomp *
sc_comp(struct ox *ox, struct oval_sc **scp)
{
	struct oval_sc **p;

	if (ox->rec == NULL || ox->missing != NULL || ox->c == NULL)
		return NULL;
	p = oval_results_scp(ox->rec);
	if (*p == NULL) {
		*p = xcalloc(1, sizeof(**p));
		(*p)->max = ox->lim->oval_results;
	}
	*scp = *p;
	return comp_of(*p, ox->c->id, true);
}

/* The ids of ITEMS of type TY (0: past the cap, or a type without an
 * item element). */
static size_t *
item_ids(struct oval_sc *sc, struct sccomp *c, const struct sctype *ty,
    const struct oitems *items)
{
	size_t *ids = xcalloc(items->n > 0 ? items->n : 1, sizeof(*ids));

	for (size_t i = 0; ty != NULL && i < items->n; i++)
		ids[i] = item_id(sc, c, ty, &items->v[i]);
	return ids;
}

/* Record object OBJ in C once: its flag from R and ITEMS, the items'
 * IDS, the values of its variables. */
static void
object_add(struct ox *ox, struct sccomp *c, xmlNodePtr obj,
    const struct sctype *ty, enum ores r, const struct oitems *items,
    const size_t *ids)
{
	const char *oid = xattr(obj, "id");
	struct scvars vars = { NULL, 0, 0 };
	struct scobj *o;
	char *msg = NULL;

	if (oid == NULL || xmlHashLookup(c->oseen, XC(oid)) != NULL)
		return;
	if ((r == OR_ERROR || r == OR_UNKNOWN) && ox->why != NULL)
		msg = xstrdup(ox->why);
	/* before the entry: a value may come from an object_component,
	 * whose object records itself here and moves c->objs */
	vars_of(ox, obj, &vars, 0);
	if (xmlHashLookup(c->oseen, XC(oid)) != NULL) {
		scvars_release(&vars);
		free(msg);
		return;
	}
	xgrow((void **)&c->objs, &c->ocap, c->nobjs + 1, sizeof(*c->objs));
	o = &c->objs[c->nobjs++];
	memset(o, 0, sizeof(*o));
	o->id = xstrdup(oid);
	o->flag = ty == NULL && r == OR_TRUE && items->n > 0 ?
	    "not collected" : flag_of(r, items->n);
	o->msg = msg;
	o->vars = vars;
	o->refs = xcalloc(items->n > 0 ? items->n : 1, sizeof(*o->refs));
	for (size_t i = 0; i < items->n; i++) {
		if (ids[i] == 0 && ty != NULL)
			o->flag = "incomplete";
		if (ids[i] != 0)
			o->refs[o->nrefs++] = ids[i];
	}
	if (xmlHashAddEntry(c->oseen, XC(oid), (void *)(uintptr_t)c->nobjs) !=
	    0)
		xmem_oom();
}

void
oval_sc_object(struct ox *ox, xmlNodePtr obj, enum ores r,
    const struct oitems *items)
{
	const struct sctype *ty = sctype_of((const char *)obj->name);
	struct oval_sc *sc;
	struct sccomp *c = sc_comp(ox, &sc);
	size_t *ids;

	if (c == NULL || xattr(obj, "id") == NULL ||
	    xmlHashLookup(c->oseen, XC(xattr(obj, "id"))) != NULL)
		return;
	ids = item_ids(sc, c, ty, items);
	object_add(ox, c, obj, ty, r, items, ids);
	free(ids);
}

void
oval_sc_test(struct ox *ox, xmlNodePtr test, xmlNodePtr obj, enum ores r,
    const struct oitems *items, const enum ores *irs)
{
	const struct sctype *ty = sctype_of((const char *)obj->name);
	const char *tid = xattr(test, "id");
	struct oval_sc *sc;
	struct sccomp *c = sc_comp(ox, &sc);
	struct sctest *t;
	size_t *ids;

	if (c == NULL || tid == NULL || xattr(obj, "id") == NULL ||
	    xmlHashLookup(c->tseen, XC(tid)) != NULL)
		return;
	ids = item_ids(sc, c, ty, items);
	object_add(ox, c, obj, ty, r, items, ids);
	xgrow((void **)&c->tests, &c->tcap, c->ntests + 1, sizeof(*c->tests));
	t = &c->tests[c->ntests++];
	memset(t, 0, sizeof(*t));
	t->id = xstrdup(tid);
	t->items = ids;
	t->res = xcalloc(items->n > 0 ? items->n : 1, sizeof(*t->res));
	for (size_t i = 0; i < items->n; i++)
		if (ids[i] != 0) {
			t->items[t->n] = ids[i];
			t->res[t->n++] = irs != NULL ? irs[i] : OR_NE;
		}
	vars_of(ox, obj, &t->vars, 0);
	for (xmlNodePtr s = test->children; s != NULL; s = s->next) {
		xmlNodePtr st;

		if (s->type == XML_ELEMENT_NODE && strcmp((const char *)
		    s->name, "state") == 0 && xattr(s, "state_ref") != NULL &&
		    (st = oval_by_id(ox->c, xattr(s, "state_ref"))) != NULL)
			vars_of(ox, st, &t->vars, 0);
	}
	if (xmlHashAddEntry(c->tseen, XC(tid), (void *)(uintptr_t)c->ntests) !=
	    0)
		xmem_oom();
}

/* ---- writing ---- */

/* Append to OUT element NAME (namespace NS) with text S, made valid. */
static xmlNodePtr
text_child(xmlNodePtr out, xmlNsPtr ns, const char *name, const char *s)
{
	char *v = utf8_sanitize(s, strlen(s));
	xmlNodePtr e = xmlNewTextChild(out, ns, XC(name), XC(v));

	free(v);
	return e;
}

/* Is S a value of datatype DT as the schema reads it (xsd:integer,
 * xsd:boolean)? */
static bool
lexical_ok(const char *dt, const char *s)
{
	if (strcmp(dt, "int") == 0) {
		const char *p = s + (*s == '-' || *s == '+');

		return *p != '\0' && strspn(p, "0123456789") == strlen(p);
	}
	if (strcmp(dt, "boolean") == 0)
		return strcmp(s, "true") == 0 || strcmp(s, "false") == 0 ||
		    strcmp(s, "1") == 0 || strcmp(s, "0") == 0;
	return true;
}

void
oval_results_tested(const struct oval_results *res, const char *comp,
    const char *test, void *out, void *ns)
{
	struct oval_sc *sc = *oval_results_scp((struct oval_results *)res);
	struct sccomp *c = sc != NULL ? comp_of(sc, comp, false) : NULL;
	uintptr_t k = c != NULL ? (uintptr_t)xmlHashLookup(c->tseen,
	    XC(test)) : 0;
	const struct sctest *t;

	if (k == 0)
		return;
	t = &c->tests[k - 1];
	for (size_t i = 0; i < t->n; i++) {
		xmlNodePtr e = xmlNewChild(out, ns, XC("tested_item"), NULL);
		char num[32];

		(void)snprintf(num, sizeof(num), "%zu", t->items[i]);
		(void)xmlNewProp(e, XC("item_id"), XC(num));
		(void)xmlNewProp(e, XC("result"), XC(ores_str(t->res[i])));
	}
	for (size_t i = 0; i < t->vars.n; i++) {
		xmlNodePtr e = text_child(out, ns, "tested_variable",
		    t->vars.v[i].value);

		(void)xmlNewProp(e, XC("variable_id"), XC(t->vars.v[i].id));
	}
}

/* Entity NAME of type spec SPEC ("name:int", "name*"): does it match,
 * is it repeatable, its datatype (NULL: string). */
static bool
spec_is(const char *spec, size_t len, const char *name, bool *many,
    char *dt, size_t dtsz)
{
	size_t n = strcspn(spec, ":*");

	if (n > len)
		n = len;
	*many = spec[len - 1] == '*';
	dt[0] = '\0';
	if (spec[n] == ':' && len - n - 1 < dtsz) {
		memcpy(dt, spec + n + 1, len - n - 1);
		dt[len - n - 1] = '\0';
	}
	return strlen(name) == n && strncmp(spec, name, n) == 0;
}

static void
item_out(const struct scitem *it, size_t id, xmlNodePtr data,
    xmlNsPtr fam)
{
	xmlNodePtr e = xmlNewChild(data, fam, XC(it->type->item), NULL);
	const char *p = it->type->fields;
	char num[32];

	(void)snprintf(num, sizeof(num), "%zu", id);
	(void)xmlNewProp(e, XC("id"), XC(num));
	while (*p != '\0') {
		size_t len = strcspn(p, " ");
		char dt[32];
		bool many, ok;

		for (size_t i = 0; i < it->nf; i++) {
			xmlNodePtr v;

			if (!spec_is(p, len, it->f[i].name, &many, dt,
			    sizeof(dt)))
				continue;
			ok = dt[0] == '\0' || it->f[i].val[0] == '\0' ||
			    lexical_ok(dt, it->f[i].val);
			v = text_child(e, fam, it->f[i].name, ok ?
			    it->f[i].val : "");
			if (dt[0] != '\0')
				(void)xmlNewProp(v, XC("datatype"), XC(dt));
			if (!ok)
				(void)xmlNewProp(v, XC("status"), XC("error"));
			if (!many)
				break;
		}
		p += len;
		p += strspn(p, " ");
	}
}

static const char *
version_of(xmlHashTablePtr idx, const char *id, const char *attr)
{
	xmlNodePtr n = xmlHashLookup(idx, XC(id));
	const char *v = n != NULL ? xattr(n, attr) : NULL;

	return v != NULL ? v : strcmp(attr, "version") == 0 ? "0" : NULL;
}

static void
vars_out(const struct scvars *l, xmlNodePtr out, xmlNsPtr ns)
{
	for (size_t i = 0; i < l->n; i++) {
		xmlNodePtr e = text_child(out, ns, "variable_value",
		    l->v[i].value);

		(void)xmlNewProp(e, XC("variable_id"), XC(l->v[i].id));
	}
}

void
oval_results_sc(const struct oval_results *res, const char *comp,
    void *out, void *ns, void *idx)
{
	struct oval_sc *sc = *oval_results_scp((struct oval_results *)res);
	struct sccomp *c = sc != NULL ? comp_of(sc, comp, false) : NULL;
	static const char *const fams[] = { "independent", "ind-sys",
	    "unix", "unix-sys", "linux", "lin-sys" };
	xmlNodePtr objs, data;
	xmlNsPtr fam[3];

	if (c == NULL || c->nobjs == 0)
		return;
	objs = xmlNewChild(out, ns, XC("collected_objects"), NULL);
	for (size_t k = 0; k < c->nobjs; k++) {
		const struct scobj *o = &c->objs[k];
		xmlNodePtr e = xmlNewChild(objs, ns, XC("object"), NULL);
		const char *cm = version_of(idx, o->id, "comment");

		(void)xmlNewProp(e, XC("id"), XC(o->id));
		(void)xmlNewProp(e, XC("version"),
		    XC(version_of(idx, o->id, "version")));
		if (cm != NULL)
			(void)xmlNewProp(e, XC("comment"), XC(cm));
		(void)xmlNewProp(e, XC("flag"), XC(o->flag));
		if (o->msg != NULL)
			(void)text_child(e, ns, "message", o->msg);
		vars_out(&o->vars, e, ns);
		for (size_t j = 0; j < o->nrefs; j++) {
			xmlNodePtr r = xmlNewChild(e, ns, XC("reference"),
			    NULL);
			char num[32];

			(void)snprintf(num, sizeof(num), "%zu", o->refs[j]);
			(void)xmlNewProp(r, XC("item_ref"), XC(num));
		}
	}
	if (c->nitems == 0 && !sc->truncated)
		return;
	data = xmlNewChild(out, ns, XC("system_data"), NULL);
	for (size_t k = 0; k < 3; k++) {
		char *uri = xasprintf("%s#%s", SC_NS, fams[2 * k]);

		fam[k] = xmlNewNs(data, XC(uri), XC(fams[2 * k + 1]));
		free(uri);
	}
	if (sc->truncated) {
		char *m = xasprintf(" assay: more than %zu OVAL items were "
		    "collected; the rest are left out (limit oval_results) ",
		    sc->max);

		(void)xmlAddChild(data, xmlNewDocComment(data->doc, XC(m)));
		free(m);
	}
	for (size_t k = 0; k < c->nitems; k++) {
		const char *f = c->items[k].type->family;

		item_out(&c->items[k], k + 1, data, fam[f[0] == 'i' ? 0 :
		    f[0] == 'u' ? 1 : 2]);
	}
}
