/*
 * ynode.c -- libyaml events -> a tree of positioned nodes.
 *
 * We use libyaml's event API rather than its document loader so that we
 * control every allocation: anchors and aliases are refused (policies never
 * need them and they allow "billion laughs"), nesting is capped, duplicate
 * mapping keys are errors (libyaml accepts them silently; the later key
 * would win and hide a typo), and every node keeps its 1-based line and
 * column for `file:line:col` messages. libyaml marks are 0-based; this is
 * the only place that converts them.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <yaml.h>

#include "assay/diag.h"
#include "assay/hostfile.h"
#include "assay/limits.h"
#include "assay/strbuf.h"
#include "assay/util.h"
#include "assay/xmem.h"
#include "assay/ynode.h"

struct ydoc {
	char		*file;
	struct ynode	*root;
};

struct builder {
	struct ydoc		*doc;
	const struct limits	*lim;
	struct diag		*d;
	struct ynode		**stack;
	size_t			 depth;
	size_t			 cap;
	bool			 failed;
};

static struct srcpos
mark_pos(const struct ydoc *doc, yaml_mark_t m)
{
	struct srcpos p = { doc->file, (unsigned)m.line + 1,
	    (unsigned)m.column + 1 };

	return p;
}

static struct ynode *
node_new(enum ynode_kind kind, struct srcpos at)
{
	struct ynode *n = xcalloc(1, sizeof(*n));

	n->kind = kind;
	n->at = at;
	return n;
}

static struct ynode *
map_new(struct srcpos at)
{
	struct ynode *n = node_new(YNODE_MAP, at);

	n->keys = xcalloc(1, sizeof(*n->keys));
	n->items = xcalloc(1, sizeof(*n->items));
	return n;
}

void
ynode_free(struct ynode *n)
{
	if (n == NULL)
		return;
	for (size_t i = 0; i < n->len; i++) {
		if (n->keys != NULL)
			ynode_free(n->keys[i]);
		ynode_free(n->items[i]);
	}
	if (n->keys != NULL)
		ynode_free(n->keys[n->len]);
	free(n->keys);
	free(n->items);
	free(n->text);
	free(n);
}

/* Add CHILD to the open collection on top of the stack. A mapping's
 * arrays always have len + 1 slots: keys[len] parks a key until its value
 * arrives. */
static void
attach(struct builder *b, struct ynode *child)
{
	struct ynode *top = b->stack[b->depth - 1];

	if (top->kind == YNODE_SEQ) {
		top->items = xreallocarray(top->items, top->len + 1,
		    sizeof(*top->items));
		top->items[top->len++] = child;
		return;
	}
	if (top->keys[top->len] != NULL) {
		top->items[top->len++] = child;
		top->keys = xreallocarray(top->keys, top->len + 1,
		    sizeof(*top->keys));
		top->items = xreallocarray(top->items, top->len + 1,
		    sizeof(*top->items));
		top->keys[top->len] = NULL;
		top->items[top->len] = NULL;
		return;
	}
	top->keys[top->len] = child;
	if (child->kind != YNODE_SCALAR) {
		diag_add(b->d, &child->at, "mapping keys must be scalars");
		b->failed = true;
		return;
	}
	for (size_t i = 0; i < top->len; i++) {
		if (top->keys[i]->kind == YNODE_SCALAR &&
		    strcmp(top->keys[i]->text, child->text) == 0) {
			char *q = diag_quote(child->text, 60);

			diag_add(b->d, &child->at,
			    "duplicate key %s (first at line %u)", q,
			    top->keys[i]->at.line);
			free(q);
			b->failed = true;
			break;
		}
	}
}

static int
push(struct builder *b, struct ynode *n)
{
	if (b->depth >= b->lim->yaml_depth) {
		diag_add(b->d, &n->at, "nesting deeper than %u levels",
		    b->lim->yaml_depth);
		ynode_free(n);
		return -1;
	}
	if (b->depth > 0)
		attach(b, n);
	else
		b->doc->root = n;
	xgrow((void **)&b->stack, &b->cap, b->depth + 1, sizeof(*b->stack));
	b->stack[b->depth++] = n;
	return 0;
}

static bool
has_anchor(const yaml_event_t *ev)
{
	switch (ev->type) {
	case YAML_SCALAR_EVENT:
		return ev->data.scalar.anchor != NULL;
	case YAML_SEQUENCE_START_EVENT:
		return ev->data.sequence_start.anchor != NULL;
	case YAML_MAPPING_START_EVENT:
		return ev->data.mapping_start.anchor != NULL;
	default:
		return false;
	}
}

static struct ynode *
scalar_new(struct builder *b, const yaml_event_t *ev)
{
	struct ynode *n = node_new(YNODE_SCALAR,
	    mark_pos(b->doc, ev->start_mark));

	n->text = xstrndup((const char *)ev->data.scalar.value,
	    ev->data.scalar.length);
	if (strlen(n->text) != ev->data.scalar.length) {
		diag_add(b->d, &n->at, "NUL byte in a scalar");
		b->failed = true;
	}
	n->quoted = ev->data.scalar.style != YAML_PLAIN_SCALAR_STYLE;
	return n;
}

/* Handle one event; returns 1 at the end of the stream, -1 on error. */
static int
on_event(struct builder *b, const yaml_event_t *ev, int *ndocs)
{
	struct srcpos at = mark_pos(b->doc, ev->start_mark);

	if (ev->type == YAML_ALIAS_EVENT || has_anchor(ev)) {
		diag_add(b->d, &at, "anchors and aliases are not supported");
		return -1;
	}
	switch (ev->type) {
	case YAML_STREAM_END_EVENT:
		return 1;
	case YAML_DOCUMENT_START_EVENT:
		if (++*ndocs > 1) {
			diag_add(b->d, &at, "only one document per file");
			return -1;
		}
		return 0;
	case YAML_SCALAR_EVENT:
		if (b->depth == 0) {
			b->doc->root = scalar_new(b, ev);
			return 0;
		}
		attach(b, scalar_new(b, ev));
		return 0;
	case YAML_SEQUENCE_START_EVENT:
		return push(b, node_new(YNODE_SEQ, at));
	case YAML_MAPPING_START_EVENT:
		return push(b, map_new(at));
	case YAML_SEQUENCE_END_EVENT:
	case YAML_MAPPING_END_EVENT:
		b->depth--;
		return 0;
	default:
		return 0;
	}
}

static void
parse_error(struct builder *b, const yaml_parser_t *p, const char *buf,
    size_t len)
{
	struct srcpos at = mark_pos(b->doc, p->problem_mark);

	/* Reader errors (bad UTF-8, control bytes) carry only an offset. */
	if (p->error == YAML_READER_ERROR) {
		at.line = 1;
		at.col = 1;
		for (size_t i = 0; i < p->problem_offset && i < len; i++) {
			if (buf[i] == '\n') {
				at.line++;
				at.col = 1;
			} else
				at.col++;
		}
	}

	if (p->error == YAML_MEMORY_ERROR)
		xmem_oom();
	if (p->context != NULL)
		diag_add(b->d, &at, "yaml: %s %s", p->problem, p->context);
	else
		diag_add(b->d, &at, "yaml: %s",
		    p->problem != NULL ? p->problem : "syntax error");
}

struct ydoc *
ydoc_parse_string(const char *name, const char *buf, size_t len,
    const struct limits *lim, struct diag *d)
{
	struct builder b = { 0 };
	yaml_parser_t parser;
	int ndocs = 0;
	int rc = 0;

	b.doc = xcalloc(1, sizeof(*b.doc));
	b.doc->file = xstrdup(name);
	b.lim = lim;
	b.d = d;
	if (!yaml_parser_initialize(&parser))
		xmem_oom();
	yaml_parser_set_input_string(&parser, (const unsigned char *)buf, len);
	while (rc == 0) {
		yaml_event_t ev;

		if (!yaml_parser_parse(&parser, &ev)) {
			parse_error(&b, &parser, buf, len);
			rc = -1;
			break;
		}
		rc = on_event(&b, &ev, &ndocs);
		yaml_event_delete(&ev);
	}
	yaml_parser_delete(&parser);
	free(b.stack);
	if (rc == 1 && !b.failed && (b.doc->root == NULL ||
	    (b.doc->root->kind == YNODE_SCALAR && !b.doc->root->quoted &&
	    b.doc->root->text[0] == '\0'))) {
		struct srcpos at = { b.doc->file, 0, 0 };

		diag_add(d, &at, "empty document");
		rc = -1;
	}
	if (rc < 0 || b.failed) {
		ydoc_free(b.doc);
		return NULL;
	}
	return b.doc;
}

/* ---- a document built in code (ynode.h: ybuild_*) ---- */

struct ybuild {
	struct builder	 b;
	unsigned	 line;		/* the position of the next node */
};

struct ybuild *
ybuild_new(const char *name, const struct limits *lim, struct diag *d)
{
	struct ybuild *yb = xcalloc(1, sizeof(*yb));

	yb->b.doc = xcalloc(1, sizeof(*yb->b.doc));
	yb->b.doc->file = xstrdup(name);
	yb->b.lim = lim;
	yb->b.d = d;
	return yb;
}

void
ybuild_at(struct ybuild *yb, unsigned line)
{
	if (yb != NULL)
		yb->line = line;
}

static struct srcpos
ybuild_pos(const struct ybuild *yb)
{
	struct srcpos at = { yb->b.doc->file, yb->line, 0 };

	return at;
}

/* A node where a libyaml event would put it: the root, or into the
 * collection on top (a second root is an error, as a second document). */
static void
ybuild_add(struct ybuild *yb, struct ynode *n, bool open)
{
	if (yb->b.depth == 0 && yb->b.doc->root != NULL) {
		diag_add(yb->b.d, &n->at, "only one document per file");
		yb->b.failed = true;
		ynode_free(n);
		return;
	}
	if (open) {
		if (push(&yb->b, n) != 0)
			yb->b.failed = true;
		return;
	}
	if (yb->b.depth == 0)
		yb->b.doc->root = n;
	else
		attach(&yb->b, n);
}

void
ybuild_map(struct ybuild *yb)
{
	if (yb != NULL && !yb->b.failed)
		ybuild_add(yb, map_new(ybuild_pos(yb)), true);
}

void
ybuild_seq(struct ybuild *yb)
{
	if (yb != NULL && !yb->b.failed)
		ybuild_add(yb, node_new(YNODE_SEQ, ybuild_pos(yb)), true);
}

void
ybuild_end(struct ybuild *yb)
{
	if (yb != NULL && !yb->b.failed && yb->b.depth > 0)
		yb->b.depth--;
}

void
ybuild_scalar(struct ybuild *yb, const char *text, bool quoted)
{
	struct ynode *n;

	if (yb == NULL || yb->b.failed)
		return;
	n = node_new(YNODE_SCALAR, ybuild_pos(yb));
	n->text = xstrdup(text);
	n->quoted = quoted;
	ybuild_add(yb, n, false);
}

void
ybuild_str(struct ybuild *yb, const char *text)
{
	ybuild_scalar(yb, text, true);
}

void
ybuild_key(struct ybuild *yb, const char *key)
{
	ybuild_scalar(yb, key, false);
}

struct ydoc *
ybuild_done(struct ybuild *yb)
{
	struct ydoc *doc = yb->b.doc;
	bool bad = yb->b.failed;

	if (!bad && (yb->b.depth != 0 || doc->root == NULL)) {
		struct srcpos at = { doc->file, 0, 0 };

		diag_add(yb->b.d, &at, doc->root == NULL ? "empty document" :
		    "a collection left open");
		bad = true;
	}
	free(yb->b.stack);
	free(yb);
	if (bad) {
		ydoc_free(doc);
		return NULL;
	}
	return doc;
}

struct ydoc *
ydoc_parse_file(const char *path, const struct limits *lim, struct diag *d)
{
	struct srcpos at = { path, 0, 0 };
	struct ydoc *doc;
	char *buf;
	size_t len;

	switch (hostfile_read(path, lim->policy_bytes, false, &buf, &len)) {
	case HOSTFILE_OK:
		break;
	case HOSTFILE_TOO_BIG:
		diag_add(d, &at, "larger than %zu bytes", lim->policy_bytes);
		return NULL;
	default:
		diag_add(d, &at, "%s", diag_errno(errno));
		return NULL;
	}
	doc = ydoc_parse_string(path, buf, len, lim, d);
	free(buf);
	return doc;
}

const struct ynode *
ydoc_root(const struct ydoc *doc)
{
	return doc->root;
}

const char *
ydoc_file(const struct ydoc *doc)
{
	return doc->file;
}

void
ydoc_free(struct ydoc *doc)
{
	if (doc == NULL)
		return;
	ynode_free(doc->root);
	free(doc->file);
	free(doc);
}

const struct ynode *
ynode_get(const struct ynode *map, const char *key)
{
	if (map == NULL || map->kind != YNODE_MAP)
		return NULL;
	for (size_t i = 0; i < map->len; i++)
		if (strcmp(map->keys[i]->text, key) == 0)
			return map->items[i];
	return NULL;
}

const char *
ynode_show(const struct ynode *n)
{
	static char buf[4 * 100 + 16];	/* diag_quote's worst case */
	char *q;

	if (n == NULL)
		return "nothing";
	if (n->kind == YNODE_MAP)
		return "a mapping";
	if (n->kind == YNODE_SEQ)
		return "a sequence";
	q = diag_quote(n->text, 100);
	snprintf(buf, sizeof(buf), "%s", q);
	free(q);
	return buf;
}

bool
ynode_is_scalar(const struct ynode *n)
{
	return n != NULL && n->kind == YNODE_SCALAR;
}

bool
ynode_is_map(const struct ynode *n)
{
	return n != NULL && n->kind == YNODE_MAP;
}

bool
ynode_is_seq(const struct ynode *n)
{
	return n != NULL && n->kind == YNODE_SEQ;
}

int
ynode_check_keys(const struct ynode *map, const char *what,
    const char *const *allowed, struct diag *d)
{
	int rc = 0;

	if (!ynode_is_map(map)) {
		diag_add(d, map != NULL ? &map->at : NULL,
		    "%s: expected a mapping, got %s", what, ynode_show(map));
		return -1;
	}
	for (size_t i = 0; i < map->len; i++) {
		const char *k = map->keys[i]->text;
		size_t j;

		for (j = 0; allowed[j] != NULL; j++)
			if (strcmp(allowed[j], k) == 0)
				break;
		if (allowed[j] == NULL) {
			char *q = diag_quote(k, 60);
			const char *hint = nearest_word(k, allowed, j);

			if (hint != NULL)
				diag_add(d, &map->keys[i]->at, "unknown key %s "
				    "in %s (did you mean \"%s\"?)", q, what,
				    hint);
			else
				diag_add(d, &map->keys[i]->at, "unknown key %s "
				    "in %s", q, what);
			free(q);
			rc = -1;
		}
	}
	return rc;
}

int
ynode_str(const struct ynode *n, const char *key, const char **out,
    struct diag *d)
{
	if (!ynode_is_scalar(n)) {
		diag_add(d, n != NULL ? &n->at : NULL,
		    "%s: expected a string, got %s", key, ynode_show(n));
		return -1;
	}
	*out = n->text;
	return 0;
}

int
ynode_bool(const struct ynode *n, const char *key, bool *out,
    struct diag *d)
{
	if (ynode_is_scalar(n) && !n->quoted) {
		if (strcmp(n->text, "true") == 0) {
			*out = true;
			return 0;
		}
		if (strcmp(n->text, "false") == 0) {
			*out = false;
			return 0;
		}
	}
	diag_add(d, n != NULL ? &n->at : NULL,
	    "%s: expected true or false, got %s", key, ynode_show(n));
	return -1;
}

int
ynode_uint(const struct ynode *n, const char *key, uint64_t min,
    uint64_t max, uint64_t *out, struct diag *d)
{
	if (ynode_is_scalar(n) && parse_uint(n->text, min, max, out) == 0)
		return 0;
	diag_add(d, n != NULL ? &n->at : NULL,
	    "%s: expected an integer from %llu to %llu, got %s", key,
	    (unsigned long long)min, (unsigned long long)max, ynode_show(n));
	return -1;
}

int
ynode_strs(const struct ynode *n, const char *key, const char ***out,
    size_t *np, struct diag *d)
{
	const char **v;

	if (ynode_is_scalar(n)) {
		v = xcalloc(2, sizeof(*v));
		v[0] = n->text;
		*out = v;
		*np = 1;
		return 0;
	}
	if (ynode_is_seq(n)) {
		for (size_t i = 0; i < n->len; i++) {
			if (!ynode_is_scalar(n->items[i])) {
				diag_add(d, &n->items[i]->at,
				    "%s: expected a string, got %s", key,
				    ynode_show(n->items[i]));
				return -1;
			}
		}
		v = xcalloc(n->len + 1, sizeof(*v));
		for (size_t i = 0; i < n->len; i++)
			v[i] = n->items[i]->text;
		*out = v;
		*np = n->len;
		return 0;
	}
	diag_add(d, n != NULL ? &n->at : NULL,
	    "%s: expected a string or a list of strings, got %s", key,
	    ynode_show(n));
	return -1;
}

int
ynode_strlist(const struct ynode *n, const char *key, struct strlist *out,
    struct diag *d)
{
	const char **v;
	size_t nv;

	if (n == NULL)
		return 0;
	if (ynode_strs(n, key, &v, &nv, d) != 0)
		return -1;
	for (size_t i = 0; i < nv; i++)
		strlist_add(out, v[i]);
	free(v);
	return 0;
}

struct ynode *
ynode_copy_expand(const struct ynode *n, ynode_expand_fn fn, void *arg,
    struct diag *d)
{
	struct ynode *c = node_new(n->kind, n->at);
	bool failed = false;

	c->quoted = n->quoted;
	if (n->kind == YNODE_SCALAR) {
		c->text = fn != NULL ? fn(n, arg, d) : xstrdup(n->text);
		if (c->text == NULL) {
			ynode_free(c);
			return NULL;
		}
		/* "{{ var.x }}" must be quoted in YAML; what it expands to is
		 * typed like a plain scalar, so `enabled: "{{ var.on }}"` can
		 * still be a boolean. */
		if (strcmp(c->text, n->text) != 0)
			c->quoted = false;
		return c;
	}
	c->items = xcalloc(n->len + 1, sizeof(*c->items));
	if (n->keys != NULL)
		c->keys = xcalloc(n->len + 1, sizeof(*c->keys));
	for (size_t i = 0; i < n->len; i++) {
		if (n->keys != NULL)
			c->keys[i] = ynode_copy_expand(n->keys[i], NULL, NULL,
			    d);
		c->items[i] = ynode_copy_expand(n->items[i], fn, arg, d);
		if (c->items[i] == NULL)
			failed = true;
		c->len++;
	}
	if (failed) {
		ynode_free(c);
		return NULL;
	}
	return c;
}
