/*
 * image_tree.c -- the merged filesystem of an image, and its fs view.
 *
 * The layers of an image are merged into one in-memory tree (see
 * image_layers.c); this file holds that tree and serves target.h from it.
 * It has to stay small for an image of 100,000 paths, so a node is a
 * fixed record with an interned name (one copy of "lib" for the whole
 * image), children are found through one hash keyed by (parent, name)
 * pointer pair, and each directory's child array is sorted only when a
 * listing or walk needs it: building stays linear whatever order a
 * hostile tarball uses.
 *
 * Symlinks are resolved inside the tree exactly as the kernel would inside
 * a chroot: an absolute target starts again at the image root, ".." stops
 * at the root, and at most lim->symlink_hops links are followed. Nothing
 * here touches the host filesystem.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "assay/limits.h"
#include "assay/util.h"
#include "assay/xmem.h"
#include "image_private.h"

static size_t
str_hash(const char *s)
{
	size_t h = 2166136261u;

	for (; *s != '\0'; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

static size_t
node_hash(const struct image_node *parent, const char *name)
{
	uintptr_t a = (uintptr_t)parent;
	uintptr_t b = (uintptr_t)name;

	return (size_t)((a * 0x9E3779B97F4A7C15ull)
	    ^ (b * 0xC2B2AE3D27D4EB4Full) ^ (a >> 17));
}

/* The interned copy of NAME, added when CREATE, else NULL if unknown. */
static const char *
intern(struct image_tree *tr, const char *name, bool create)
{
	size_t i;

	if (create && (tr->ncount + 1) * 2 > tr->nsize) {
		size_t nsize = tr->nsize != 0 ? tr->nsize * 2 : 1024;
		char **nv = xcalloc(nsize, sizeof(*nv));

		for (size_t j = 0; j < tr->nsize; j++) {
			if (tr->names[j] == NULL)
				continue;
			i = str_hash(tr->names[j]) & (nsize - 1);
			while (nv[i] != NULL)
				i = (i + 1) & (nsize - 1);
			nv[i] = tr->names[j];
		}
		free(tr->names);
		tr->names = nv;
		tr->nsize = nsize;
	}
	if (tr->nsize == 0)
		return NULL;
	i = str_hash(name) & (tr->nsize - 1);
	while (tr->names[i] != NULL) {
		if (strcmp(tr->names[i], name) == 0)
			return tr->names[i];
		i = (i + 1) & (tr->nsize - 1);
	}
	if (!create)
		return NULL;
	tr->names[i] = xstrdup(name);
	tr->ncount++;
	return tr->names[i];
}

static void
hash_insert(struct image_tree *tr, struct image_node *n)
{
	size_t i;

	if (tr->hcount + 1 > tr->hsize) {
		size_t nsize = tr->hsize != 0 ? tr->hsize * 2 : 1024;
		struct image_node **nt = xcalloc(nsize, sizeof(*nt));

		for (size_t j = 0; j < tr->hsize; j++) {
			struct image_node *c = tr->htab[j];

			while (c != NULL) {
				struct image_node *next = c->hnext;

				i = node_hash(c->parent, c->name) & (nsize - 1);
				c->hnext = nt[i];
				nt[i] = c;
				c = next;
			}
		}
		free(tr->htab);
		tr->htab = nt;
		tr->hsize = nsize;
	}
	i = node_hash(n->parent, n->name) & (tr->hsize - 1);
	n->hnext = tr->htab[i];
	tr->htab[i] = n;
	tr->hcount++;
}

static void
hash_remove(struct image_tree *tr, struct image_node *n)
{
	size_t i = node_hash(n->parent, n->name) & (tr->hsize - 1);
	struct image_node **pp = &tr->htab[i];

	while (*pp != n)
		pp = &(*pp)->hnext;
	*pp = n->hnext;
	tr->hcount--;
}

void
image_tree_init(struct image_tree *tr)
{
	memset(tr, 0, sizeof(*tr));
	tr->root = xcalloc(1, sizeof(*tr->root));
	tr->root->name = intern(tr, "", true);
	tr->root->type = FS_DIR;
	tr->root->mode = 0755;
	tr->root->layer = -1;
	tr->root->sorted = true;
}

void
image_blob_unref(struct image_blob *b)
{
	if (b != NULL && --b->refs == 0)
		free(b);
}

static void
node_free(struct image_node *n)
{
	free(n->kids);
	free(n->link);
	image_blob_unref(n->data);
	image_blob_unref(n->xattrs);
	free(n);
}

static void
subtree_free(struct image_node *n)
{
	for (uint32_t i = 0; i < n->nkids; i++)
		subtree_free(n->kids[i]);
	node_free(n);
}

void
image_tree_free(struct image_tree *tr)
{
	if (tr->root != NULL)
		subtree_free(tr->root);
	for (size_t i = 0; i < tr->nsize; i++)
		free(tr->names[i]);
	free(tr->names);
	free(tr->htab);
	for (size_t i = 0; i < tr->nhidden; i++) {
		free(tr->hidden[i].path);
		image_blob_unref(tr->hidden[i].data);
	}
	free(tr->hidden);
	memset(tr, 0, sizeof(*tr));
}

struct image_node *
image_tree_child(struct image_tree *tr, struct image_node *dir,
    const char *name)
{
	const char *iname = intern(tr, name, false);
	struct image_node *c;

	if (iname == NULL || tr->hsize == 0)
		return NULL;
	c = tr->htab[node_hash(dir, iname) & (tr->hsize - 1)];
	while (c != NULL && (c->parent != dir || c->name != iname))
		c = c->hnext;
	return c;
}

struct image_node *
image_tree_add(struct image_tree *tr, struct image_node *dir,
    const char *name, enum fs_type type)
{
	struct image_node *n = xcalloc(1, sizeof(*n));

	n->name = intern(tr, name, true);
	n->parent = dir;
	n->type = (uint8_t)type;
	n->sorted = true;
	if (dir->nkids > 0 && strcmp(dir->kids[dir->nkids - 1]->name,
	    n->name) > 0)
		dir->sorted = false;
	if (dir->nkids == dir->kcap) {
		dir->kcap = dir->kcap != 0 ? dir->kcap * 2 : 4;
		dir->kids = xreallocarray(dir->kids, dir->kcap,
		    sizeof(*dir->kids));
	}
	n->slot = dir->nkids;
	dir->kids[dir->nkids++] = n;
	hash_insert(tr, n);
	tr->nnodes++;
	return n;
}

/* The path of N into B (reset first). */
static void
node_path(const struct image_node *n, struct strbuf *b)
{
	const struct image_node *c;
	size_t len = 0;
	char *p;

	strbuf_reset(b);
	if (n->parent == NULL) {
		strbuf_addch(b, '/');
		return;
	}
	for (c = n; c->parent != NULL; c = c->parent)
		len += strlen(c->name) + 1;
	for (size_t i = 0; i < len; i++)
		strbuf_addch(b, '/');
	p = b->buf + len;
	for (c = n; c->parent != NULL; c = c->parent) {
		size_t l = strlen(c->name);

		p -= l;
		memcpy(p, c->name, l);
		p[-1] = '/';
		p--;
	}
}

static void
node_fsnode(const struct image_node *n, struct fsnode *out)
{
	out->type = (enum fs_type)n->type;
	out->mode = n->mode;
	out->uid = n->uid;
	out->gid = n->gid;
	out->size = n->size;
	out->layer = n->layer;
	memset(&out->mtime, 0, sizeof(out->mtime));
	memset(&out->atime, 0, sizeof(out->atime));
	memset(&out->ctime, 0, sizeof(out->ctime));
	if (n->mtime_known)
		target_fstime(&out->mtime, n->mtime, n->mtime_ns);
}

static void
record_hidden(struct image_tree *tr, const struct image_node *n)
{
	struct strbuf b = STRBUF_INIT;
	struct image_hidden *h;

	xgrow((void **)&tr->hidden, &tr->hcap, tr->nhidden + 1,
	    sizeof(*tr->hidden));
	h = &tr->hidden[tr->nhidden++];
	node_path(n, &b);
	h->path = strbuf_detach(&b);
	node_fsnode(n, &h->n);
	/* what was kept of it stays readable: a secret "deleted" later is
	 * still in the image, and content rules may judge it */
	h->data = n->data;
	if (h->data != NULL)
		h->data->refs++;
	tr->hsorted = false;
}

/* Unlink N from its parent's child array and the hash, and free it,
 * after its children. */
static void
remove_rec(struct image_tree *tr, struct image_node *n, bool hide)
{
	struct image_node *p = n->parent;
	struct image_node *last;

	while (n->nkids > 0)
		remove_rec(tr, n->kids[n->nkids - 1], hide);
	if (hide && n->type != FS_DIR)
		record_hidden(tr, n);
	last = p->kids[--p->nkids];
	if (last != n) {
		p->kids[n->slot] = last;
		last->slot = n->slot;
		p->sorted = false;
	}
	hash_remove(tr, n);
	node_free(n);
	tr->nnodes--;
}

void
image_tree_remove(struct image_tree *tr, struct image_node *n, bool hide)
{
	if (n->parent != NULL)
		remove_rec(tr, n, hide);
}

/* Prune N for an opaque directory of LAYER. */
static void
opaque_prune(struct image_tree *tr, struct image_node *n, int layer)
{
	if (n->type == FS_DIR) {
		/* descending: a removal swaps in a child already seen */
		for (uint32_t i = n->nkids; i > 0; i--)
			if (i - 1 < n->nkids)
				opaque_prune(tr, n->kids[i - 1], layer);
		if (n->layer < layer && n->nkids == 0)
			image_tree_remove(tr, n, true);
		return;
	}
	if (n->layer < layer)
		image_tree_remove(tr, n, true);
}

void
image_tree_opaque(struct image_tree *tr, struct image_node *dir, int layer)
{
	for (uint32_t i = dir->nkids; i > 0; i--)
		if (i - 1 < dir->nkids)
			opaque_prune(tr, dir->kids[i - 1], layer);
}

static int
cmp_kid(const void *a, const void *b)
{
	return strcmp((*(struct image_node *const *)a)->name,
	    (*(struct image_node *const *)b)->name);
}

static void
kids_sort(struct image_node *dir)
{
	if (dir->sorted)
		return;
	if (dir->nkids > 1)	/* kids is NULL when there are none */
		qsort(dir->kids, dir->nkids, sizeof(*dir->kids), cmp_kid);
	for (uint32_t i = 0; i < dir->nkids; i++)
		dir->kids[i]->slot = i;
	dir->sorted = true;
}

/* Take the next component of *P (skipping slashes) into C. */
static bool
next_comp(const char **p, struct strbuf *c)
{
	const char *s = *p;
	size_t n;

	while (*s == '/')
		s++;
	if (*s == '\0')
		return false;
	n = strcspn(s, "/");
	strbuf_reset(c);
	strbuf_add(c, s, n);
	*p = s + n;
	return true;
}

enum fs_rc
image_tree_resolve(struct image_tree *tr, const char *path, bool follow,
    unsigned hops, struct image_node **out)
{
	struct strbuf rest = STRBUF_INIT;
	struct strbuf comp = STRBUF_INIT;
	struct image_node *cur = tr->root;
	enum fs_rc rc = FS_OK;
	const char *p;
	size_t pos = 0;

	strbuf_addstr(&rest, path);
	for (;;) {
		struct image_node *c;

		p = rest.buf + pos;
		if (!next_comp(&p, &comp))
			break;
		pos = (size_t)(p - rest.buf);
		if (strcmp(comp.buf, ".") == 0)
			continue;
		if (strcmp(comp.buf, "..") == 0) {
			if (cur->parent != NULL)
				cur = cur->parent;
			continue;
		}
		if (cur->type != FS_DIR) {
			rc = FS_ENOTDIR;
			break;
		}
		c = image_tree_child(tr, cur, comp.buf);
		if (c == NULL) {
			rc = FS_ENOENT;
			break;
		}
		while (rest.buf[pos] == '/')
			pos++;
		if (c->type == FS_LNK && (follow || rest.buf[pos] != '\0')) {
			struct strbuf nb = STRBUF_INIT;

			if (hops-- == 0) {
				rc = FS_ELOOP;
				break;
			}
			strbuf_addstr(&nb, c->link);
			strbuf_addch(&nb, '/');
			strbuf_addstr(&nb, rest.buf + pos);
			strbuf_release(&rest);
			rest = nb;
			pos = 0;
			if (c->link[0] == '/')
				cur = tr->root;
			if (rest.len >= 65536) {
				rc = FS_EIO;
				break;
			}
			continue;
		}
		cur = c;
	}
	strbuf_release(&rest);
	strbuf_release(&comp);
	*out = cur;
	return rc;
}

static struct image *
img(struct target *t)
{
	return t->priv;
}

static enum fs_rc
resolve(struct target *t, const char *path, bool follow,
    struct image_node **out)
{
	return image_tree_resolve(&img(t)->tree, path, follow,
	    t->lim->symlink_hops, out);
}

static enum fs_rc
image_lookup(struct target *t, const char *path, bool follow,
    struct fsnode *out)
{
	struct image_node *n;
	enum fs_rc rc = resolve(t, path, follow, &n);

	if (rc == FS_OK)
		node_fsnode(n, out);
	return rc;
}

static enum fs_rc
image_read(struct target *t, const char *path, size_t limit,
    struct strbuf *out)
{
	struct image_node *n;
	enum fs_rc rc = resolve(t, path, true, &n);

	if (rc != FS_OK)
		return rc;
	if (n->type != FS_REG)
		return FS_ENOTREG;
	if (n->size > limit)
		return FS_ETOOBIG;
	if (n->size == 0)
		return FS_OK;
	/* metadata only: the profile did not ask for this file's content
	 * (or the retained-content budget ran out) */
	if (n->data == NULL)
		return FS_ENOTRETAINED;
	strbuf_add(out, n->data->data, n->data->len);
	return FS_OK;
}

/* Attributes are kept as image_layers.c packs them (image_private.h). */
static enum fs_rc
image_getxattr(struct target *t, const char *path, const char *name,
    struct strbuf *out)
{
	struct image_node *n;
	enum fs_rc rc = resolve(t, path, true, &n);
	const char *p;
	const char *end;

	if (rc != FS_OK)
		return rc;
	if (n->xattrs == NULL)
		return n->xattr_lost ? FS_ENOTRETAINED : FS_ENOENT;
	p = n->xattrs->data;
	end = p + n->xattrs->len;
	while (p < end) {
		size_t nlen = strlen(p);
		const unsigned char *l = (const unsigned char *)p + nlen + 1;
		size_t vlen = (size_t)l[0] | (size_t)l[1] << 8 |
		    (size_t)l[2] << 16 | (size_t)l[3] << 24;

		if (strcmp(p, name) == 0) {
			if (vlen > t->lim->xattr_bytes)
				return FS_ETOOBIG;
			strbuf_add(out, (const char *)l + 4, vlen);
			return FS_OK;
		}
		p = (const char *)l + 4 + vlen;
	}
	return FS_ENOENT;
}

static enum fs_rc
image_readlink(struct target *t, const char *path, struct strbuf *out)
{
	struct image_node *n;
	enum fs_rc rc = resolve(t, path, false, &n);

	if (rc != FS_OK)
		return rc;
	if (n->type != FS_LNK)
		return FS_EIO;
	strbuf_addstr(out, n->link);
	return FS_OK;
}

static enum fs_rc
image_list(struct target *t, const char *path, struct strlist *out)
{
	struct image_node *n;
	enum fs_rc rc = resolve(t, path, true, &n);

	if (rc != FS_OK)
		return rc;
	if (n->type != FS_DIR)
		return FS_ENOTDIR;
	if (n->nkids > t->lim->glob_max)
		return FS_EIO;
	kids_sort(n);
	for (uint32_t i = 0; i < n->nkids; i++)
		strlist_add(out, n->kids[i]->name);
	return FS_OK;
}

/* One directory being walked: where its iteration is. */
struct iframe {
	struct image_node	*dir;
	uint32_t		 i;
	size_t			 base;		/* length of its path */
};

struct iwalk {
	const struct limits	*lim;
	target_visit_fn		 fn;
	target_walkerr_fn	 errfn;
	void			*arg;
	struct strbuf		 path;
	struct iframe		*stack;		/* one per depth */
	size_t			 cap;
};

static void
iwalk_push(struct iwalk *w, struct image_node *dir, unsigned depth)
{
	xgrow((void **)&w->stack, &w->cap, (size_t)depth + 1,
	    sizeof(*w->stack));
	kids_sort(dir);
	w->stack[depth].dir = dir;
	w->stack[depth].i = 0;
	w->stack[depth].base = w->path.len;
}

/* Walk below DIR depth first, with an explicit stack (bounded by
 * lim->walk_depth) instead of recursion: a layer may nest 2,000 levels
 * (a 4 KB name of "d/"), and so may the merged tree. */
static void
iwalk_tree(struct iwalk *w, struct image_node *dir)
{
	unsigned depth = 0;

	iwalk_push(w, dir, 0);
	for (;;) {
		struct iframe *f = &w->stack[depth];
		struct image_node *c;
		struct fsnode fn;
		enum walk_ret ret;

		if (f->i >= f->dir->nkids) {
			if (depth-- == 0)
				break;
			continue;
		}
		c = f->dir->kids[f->i++];
		w->path.len = f->base;
		if (f->base > 1)
			strbuf_addch(&w->path, '/');
		strbuf_addstr(&w->path, c->name);
		node_fsnode(c, &fn);
		ret = w->fn(w->path.buf, &fn, w->arg);
		if (ret == WALK_STOP)
			break;
		if (ret != WALK_CONTINUE || c->type != FS_DIR)
			continue;
		if (depth + 2 > w->lim->walk_depth) {
			if (w->errfn != NULL)
				w->errfn(w->path.buf, FS_ETOODEEP, w->arg);
			continue;
		}
		iwalk_push(w, c, ++depth);
	}
	w->path.len = w->stack[0].base;
	w->path.buf[w->path.len] = '\0';
}

static enum fs_rc
image_walk(struct target *t, const char *prefix, target_visit_fn fn,
    target_walkerr_fn errfn, void *arg)
{
	struct iwalk w = { t->lim, fn, errfn, arg, STRBUF_INIT, NULL, 0 };
	struct image_node *n;
	struct fsnode f;
	enum fs_rc rc = resolve(t, prefix, false, &n);

	if (rc != FS_OK)
		return rc;
	node_fsnode(n, &f);
	strbuf_addstr(&w.path, prefix);
	if (fn(prefix, &f, arg) == WALK_CONTINUE && n->type == FS_DIR) {
		if (t->lim->walk_depth == 0) {
			if (errfn != NULL)
				errfn(prefix, FS_ETOODEEP, arg);
		} else {
			iwalk_tree(&w, n);
		}
	}
	free(w.stack);
	strbuf_release(&w.path);
	return FS_OK;
}

static int
cmp_hidden(const void *a, const void *b)
{
	const struct image_hidden *x = a;
	const struct image_hidden *y = b;

	if (x->n.layer != y->n.layer)
		return x->n.layer < y->n.layer ? -1 : 1;
	return strcmp(x->path, y->path);
}

static void
sort_hidden(struct image_tree *tr)
{
	if (!tr->hsorted && tr->nhidden > 1)	/* NULL when none */
		qsort(tr->hidden, tr->nhidden, sizeof(*tr->hidden),
		    cmp_hidden);
	tr->hsorted = true;
}

static enum fs_rc
image_walk_hidden(struct target *t, target_visit_fn fn, void *arg)
{
	struct image_tree *tr = &img(t)->tree;

	sort_hidden(tr);
	for (size_t i = 0; i < tr->nhidden; i++)
		if (fn(tr->hidden[i].path, &tr->hidden[i].n, arg) == WALK_STOP)
			break;
	return FS_OK;
}

static void
image_close(struct target *t)
{
	image_free(img(t));
}

/* The content of the file layer LAYER had at PATH, which a later layer
 * hid. */
static enum fs_rc
image_read_hidden(struct target *t, const char *path, int layer,
    size_t limit, struct strbuf *out)
{
	struct image_tree *tr = &img(t)->tree;
	struct image_hidden key = { .path = (char *)path };
	const struct image_hidden *h;

	key.n.layer = layer;
	sort_hidden(tr);
	h = tr->nhidden == 0 ? NULL : bsearch(&key, tr->hidden, tr->nhidden,
	    sizeof(*tr->hidden), cmp_hidden);
	if (h == NULL)
		return FS_ENOENT;
	if (h->n.type != FS_REG)
		return FS_ENOTREG;
	if (h->n.size > limit)
		return FS_ETOOBIG;
	if (h->n.size == 0)
		return FS_OK;
	if (h->data == NULL)
		return FS_ENOTRETAINED;
	strbuf_add(out, h->data->data, h->data->len);
	return FS_OK;
}

const struct target_ops image_target_ops = {
	.lookup = image_lookup,
	.read = image_read,
	.readlink = image_readlink,
	.getxattr = image_getxattr,
	.list = image_list,
	.walk = image_walk,
	.walk_hidden = image_walk_hidden,
	.read_hidden = image_read_hidden,
	.close = image_close,
};
