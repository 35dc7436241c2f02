/*
 * strbuf.c -- a growable buffer with a hard cap, and a list of strings.
 *
 * The cap is what makes reading hostile input safe: a reader appends until
 * strbuf_add() says no, and the caller reports "too big" instead of
 * allocating whatever size the input claims.
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "assay/strbuf.h"
#include "assay/xmem.h"

void
strbuf_init(struct strbuf *b, size_t cap)
{
	memset(b, 0, sizeof(*b));
	b->cap = cap;
}

void
strbuf_release(struct strbuf *b)
{
	free(b->buf);
	b->buf = NULL;
	b->len = 0;
	b->alloc = 0;
	b->overflow = false;
}

void
strbuf_reset(struct strbuf *b)
{
	b->len = 0;
	b->overflow = false;
	if (b->buf != NULL)
		b->buf[0] = '\0';
}

int
strbuf_add(struct strbuf *b, const void *data, size_t len)
{
	size_t room = len;

	if (b->cap != 0 && b->len + len > b->cap) {
		b->overflow = true;
		room = b->cap > b->len ? b->cap - b->len : 0;
	}
	xgrow((void **)&b->buf, &b->alloc, b->len + room + 1, 1);
	if (room > 0)
		memcpy(b->buf + b->len, data, room);
	b->len += room;
	b->buf[b->len] = '\0';
	return room == len ? 0 : -1;
}

int
strbuf_addstr(struct strbuf *b, const char *s)
{
	return strbuf_add(b, s, strlen(s));
}

int
strbuf_addch(struct strbuf *b, int c)
{
	char ch = (char)c;

	return strbuf_add(b, &ch, 1);
}

int
strbuf_addf(struct strbuf *b, const char *fmt, ...)
{
	va_list ap;
	char *s;
	int rc;

	va_start(ap, fmt);
	s = xvasprintf(fmt, ap);
	va_end(ap);
	rc = strbuf_addstr(b, s);
	free(s);
	return rc;
}

char *
strbuf_detach(struct strbuf *b)
{
	char *s = b->buf;

	if (s == NULL)
		s = xstrdup("");
	b->buf = NULL;
	b->len = 0;
	b->alloc = 0;
	b->overflow = false;
	return s;
}

void
strlist_adopt(struct strlist *l, char *s)
{
	xgrow((void **)&l->v, &l->cap, l->n + 1, sizeof(*l->v));
	l->v[l->n++] = s;
}

void
strlist_add(struct strlist *l, const char *s)
{
	strlist_adopt(l, xstrdup(s));
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

void
strlist_sort(struct strlist *l)
{
	if (l->n > 1)
		qsort(l->v, l->n, sizeof(*l->v), cmp_str);
}

bool
strlist_has(const struct strlist *l, const char *s)
{
	for (size_t i = 0; i < l->n; i++)
		if (strcmp(l->v[i], s) == 0)
			return true;
	return false;
}

void
strlist_release(struct strlist *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
	l->v = NULL;
	l->n = 0;
	l->cap = 0;
}
