/*
 * result.c -- statuses, evidence lists and results, and the identity of a
 * finding (its fingerprint), which the SARIF writer and the baseline
 * matcher both read from here.
 */
#include "config.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "assay/result.h"
#include "assay/util.h"
#include "assay/xmem.h"

static const char *const status_names[ST__COUNT] = {
	[ST_PASS] = "pass",
	[ST_FAIL] = "fail",
	[ST_ERROR] = "error",
	[ST_NOTAPPLICABLE] = "notapplicable",
	[ST_NOTCHECKED] = "notchecked",
	[ST_WAIVED] = "waived",
};

const char *
status_str(enum status s)
{
	return s < ST__COUNT ? status_names[s] : "unknown";
}

/* Rank of a verdict for `all` (higher wins). */
static int
rank_all(enum status s)
{
	switch (s) {
	case ST_FAIL:
		return 3;
	case ST_ERROR:
		return 2;
	case ST_PASS:
		return 1;
	default:
		return 0;
	}
}

/* Rank of a verdict for `any` (higher wins). */
static int
rank_any(enum status s)
{
	switch (s) {
	case ST_PASS:
		return 3;
	case ST_ERROR:
		return 2;
	case ST_FAIL:
		return 1;
	default:
		return 0;
	}
}

enum status
status_all(enum status a, enum status b)
{
	return rank_all(b) > rank_all(a) ? b : a;
}

enum status
status_any(enum status a, enum status b)
{
	return rank_any(b) > rank_any(a) ? b : a;
}

void
evlist_init(struct evlist *l, size_t max)
{
	memset(l, 0, sizeof(*l));
	l->max = max;
}

static struct evidence *evlist_vadd(struct evlist *l,
    enum evidence_kind kind, const char *path, unsigned line,
    const char *fmt, va_list ap) __attribute__((format(printf, 5, 0)));

static struct evidence *
evlist_vadd(struct evlist *l, enum evidence_kind kind, const char *path,
    unsigned line, const char *fmt, va_list ap)
{
	struct evidence *e;

	if (l->max != 0 && l->n >= l->max) {
		l->dropped++;
		return NULL;
	}
	xgrow((void **)&l->v, &l->cap, l->n + 1, sizeof(*l->v));
	e = &l->v[l->n++];
	memset(e, 0, sizeof(*e));
	e->path = path != NULL ? xstrdup(path) : NULL;
	e->line = line;
	e->layer = -1;
	e->kind = kind;
	e->message = xvasprintf(fmt, ap);
	return e;
}

struct evidence *
evlist_add_kind(struct evlist *l, enum evidence_kind kind, const char *path,
    unsigned line, const char *fmt, ...)
{
	struct evidence *e;
	va_list ap;

	va_start(ap, fmt);
	e = evlist_vadd(l, kind, path, line, fmt, ap);
	va_end(ap);
	return e;
}

struct evidence *
evlist_add_violation(struct evlist *l, const char *path, unsigned line,
    const char *fmt, ...)
{
	struct evidence *e;
	va_list ap;

	va_start(ap, fmt);
	e = evlist_vadd(l, EV_VIOLATION, path, line, fmt, ap);
	va_end(ap);
	return e;
}

struct evidence *
evlist_add_context(struct evlist *l, const char *path, unsigned line,
    const char *fmt, ...)
{
	struct evidence *e;
	va_list ap;

	va_start(ap, fmt);
	e = evlist_vadd(l, EV_CONTEXT, path, line, fmt, ap);
	va_end(ap);
	return e;
}

void
evidence_set_values(struct evidence *e, const char *expected,
    const char *found)
{
	if (e == NULL)
		return;
	free(e->expected);
	free(e->found);
	e->expected = expected != NULL ? xstrdup(expected) : NULL;
	e->found = found != NULL ? xstrdup(found) : NULL;
}

const char *
evidence_kind_str(enum evidence_kind k)
{
	return k == EV_CONTEXT ? "context" : "violation";
}

void
evidence_set_layer(struct evidence *e, int layer, const char *step,
    bool told)
{
	if (e == NULL)
		return;
	free(e->layer_step);
	e->layer = layer;
	e->layer_step = step != NULL && step[0] != '\0' ? xstrdup(step) :
	    NULL;
	e->layer_told = told;
}

static void
evidence_release(struct evidence *e)
{
	free(e->path);
	free(e->layer_step);
	free(e->message);
	free(e->expected);
	free(e->found);
}

void
evlist_move(struct evlist *dst, struct evlist *src)
{
	for (size_t i = 0; i < src->n; i++) {
		if (dst->max != 0 && dst->n >= dst->max) {
			dst->dropped++;
			evidence_release(&src->v[i]);
			continue;
		}
		xgrow((void **)&dst->v, &dst->cap, dst->n + 1,
		    sizeof(*dst->v));
		dst->v[dst->n++] = src->v[i];
	}
	dst->dropped += src->dropped;
	free(src->v);
	src->v = NULL;
	src->n = 0;
	src->cap = 0;
	src->dropped = 0;
}

void
evlist_release(struct evlist *l)
{
	for (size_t i = 0; i < l->n; i++)
		evidence_release(&l->v[i]);
	free(l->v);
	l->v = NULL;
	l->n = 0;
	l->cap = 0;
	l->dropped = 0;
}

void
result_release(struct result *r)
{
	free(r->message);
	r->message = NULL;
	evlist_release(&r->ev);
}

bool
result_is_finding(const struct result *r, size_t i)
{
	return i < r->ev.n && r->ev.v[i].kind == EV_VIOLATION &&
	    (r->status == ST_FAIL || r->status == ST_WAIVED);
}

size_t
result_nfindings(const struct result *r)
{
	size_t n = 0;

	for (size_t i = 0; i < r->ev.n; i++)
		n += result_is_finding(r, i);
	return n;
}

#define FNV0	UINT64_C(0xcbf29ce484222325)	/* FNV-1a 64 offset basis */

static uint64_t
fnv1a(uint64_t h, const void *p, size_t len)
{
	const unsigned char *b = p;

	for (size_t i = 0; i < len; i++) {
		h ^= b[i];
		h *= UINT64_C(0x100000001b3);
	}
	return h;
}

/* Hash S as a report writes it (sanitized), leaving digits out unless
 * DIGITS. */
static uint64_t
fnv_str(uint64_t h, const char *s, bool digits)
{
	char *t = utf8_sanitize(s != NULL ? s : "", s != NULL ? strlen(s) :
	    0);

	for (const char *p = t; *p; p++)
		if (digits || *p < '0' || *p > '9')
			h = fnv1a(h, p, 1);
	free(t);
	return h;
}

uint64_t
result_fingerprint(const char *rule_id, const char *path,
    const char *message)
{
	uint64_t h = fnv_str(FNV0, rule_id, true);

	h = fnv1a(h, "", 1);
	h = fnv_str(h, path, true);
	h = fnv1a(h, "", 1);
	return fnv_str(h, message, false);
}
