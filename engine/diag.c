/*
 * diag.c -- diagnostics: `file:line:col: message`, capped at DIAG_MAX.
 */
#include "config.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "assay/diag.h"
#include "assay/strbuf.h"
#include "assay/util.h"
#include "assay/xmem.h"

/* One message: TEXT is the whole line, TEXT + OFF the message after its
 * position; AT.file is our copy of the caller's file name. */
struct dmsg {
	char		*text;
	size_t		 off;
	struct srcpos	 at;
};

struct diag {
	struct dmsg	 msg[DIAG_MAX];
	size_t		 n;
	size_t		 total;
};

struct diag *
diag_new(void)
{
	return xcalloc(1, sizeof(struct diag));
}

void
diag_clear(struct diag *d)
{
	for (size_t i = 0; i < d->n; i++) {
		free(d->msg[i].text);
		free((char *)d->msg[i].at.file);
	}
	d->n = 0;
	d->total = 0;
}

void
diag_free(struct diag *d)
{
	if (d == NULL)
		return;
	diag_clear(d);
	free(d);
}

void
diag_vadd(struct diag *d, const struct srcpos *at, const char *fmt,
    va_list ap)
{
	struct dmsg *m;
	char *text;

	d->total++;
	if (d->n >= DIAG_MAX)
		return;
	m = &d->msg[d->n++];
	memset(m, 0, sizeof(*m));
	text = xvasprintf(fmt, ap);
	if (at == NULL || at->file == NULL) {
		m->text = text;
		return;
	}
	if (at->line == 0)
		m->text = xasprintf("%s: %s", at->file, text);
	else if (at->col == 0)
		m->text = xasprintf("%s:%u: %s", at->file, at->line, text);
	else
		m->text = xasprintf("%s:%u:%u: %s", at->file, at->line,
		    at->col, text);
	m->off = strlen(m->text) - strlen(text);
	m->at = *at;
	m->at.file = xstrdup(at->file);
	free(text);
}

void
diag_add(struct diag *d, const struct srcpos *at, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	diag_vadd(d, at, fmt, ap);
	va_end(ap);
}

size_t
diag_count(const struct diag *d)
{
	return d->n;
}

size_t
diag_total(const struct diag *d)
{
	return d->total;
}

const char *
diag_text(const struct diag *d, size_t i)
{
	return i < d->n ? d->msg[i].text : NULL;
}

const char *
diag_message(const struct diag *d, size_t i)
{
	return i < d->n ? d->msg[i].text + d->msg[i].off : NULL;
}

const struct srcpos *
diag_pos(const struct diag *d, size_t i)
{
	if (i >= d->n || d->msg[i].at.file == NULL)
		return NULL;
	return &d->msg[i].at;
}

const char *
diag_errno(int err)
{
	return strerror(err);
}

void
diag_print(const struct diag *d, FILE *fp, const char *prefix)
{
	for (size_t i = 0; i < d->n; i++)
		fprintf(fp, "%s%s\n", prefix, d->msg[i].text);
	if (d->total > d->n)
		fprintf(fp, "%s%zu more errors not shown\n", prefix,
		    d->total - d->n);
}

/* Length of the valid UTF-8 sequence at S (at most N bytes), or 0. */
static size_t
utf8_seq(const unsigned char *s, size_t n)
{
	size_t len;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		len = 2;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		len = 3;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		len = 4;
	else
		return 0;
	if (len > n || !utf8_valid((const char *)s, len))
		return 0;
	return len;
}

/* S between two Q, at most MAX bytes of it and "..." after a cut: control
 * bytes and invalid UTF-8 become \xNN, and when ESCAPE, Q and backslash
 * get a backslash (diag_quote); otherwise they stay as written
 * (diag_quote_raw: a regex keeps its backslashes single). */
static char *
quote(const char *s, size_t max, char q, bool escape)
{
	struct strbuf b = STRBUF_INIT;
	const unsigned char *p = (const unsigned char *)s;
	size_t n = strlen(s);
	size_t i = 0;

	strbuf_addch(&b, q);
	while (i < n && i < max) {
		size_t len = utf8_seq(p + i, n - i);

		if (escape && (p[i] == q || p[i] == '\\')) {
			strbuf_addch(&b, '\\');
			strbuf_addch(&b, p[i]);
		} else if (len == 0 || p[i] < 0x20 || p[i] == 0x7f) {
			strbuf_addf(&b, "\\x%02x", p[i]);
			len = 1;
		} else
			strbuf_add(&b, p + i, len);
		i += len == 0 ? 1 : len;
	}
	if (i < n)
		strbuf_addstr(&b, "...");
	strbuf_addch(&b, q);
	return strbuf_detach(&b);
}

char *
diag_quote(const char *s, size_t max)
{
	return quote(s, max, '"', true);
}

char *
diag_quote_raw(const char *s, size_t max)
{
	return quote(s, max, '`', false);
}
