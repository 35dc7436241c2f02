/*
 * lines.c -- the logical lines of a configuration file (see lines.h).
 *
 * One loop over physical lines, shared by every line-oriented probe:
 * cut the comment (struct lines_syntax.comment), pass over or stop at a
 * blank line, take the continuation backslash off the end (.join), and
 * hand out the joined, trimmed line with the number of the physical line
 * it started on, which is what evidence points at.
 */
#include "config.h"

#include <string.h>

#include "assay/lines.h"
#include "assay/util.h"

const struct lines_syntax lines_simple = {
	LINES_JOIN_NONE, lines_comment_line, false
};

size_t
lines_comment_line(const char *s, size_t len)
{
	size_t i = 0;

	while (i < len && (s[i] == ' ' || s[i] == '\t'))
		i++;
	return i < len && s[i] == '#' ? 0 : len;
}

size_t
lines_comment_hash(const char *s, size_t len)
{
	const char *h = memchr(s, '#', len);

	return h != NULL ? (size_t)(h - s) : len;
}

void
lines_init(struct lines *r, const char *buf, size_t len,
    const struct lines_syntax *syn)
{
	memset(r, 0, sizeof(*r));
	r->buf = buf;
	r->size = len;
	r->syn = syn;
}

enum fs_rc
lines_read(struct lines *r, struct target *t, const char *path,
    const struct lines_syntax *syn)
{
	enum fs_rc rc;

	lines_init(r, NULL, 0, syn);
	rc = target_read(t, path, 0, &r->text);
	if (rc == FS_OK) {
		r->buf = r->text.buf;
		r->size = r->text.len;
	}
	return rc;
}

enum fs_rc
lines_read_first(struct lines *r, struct target *t, const char *const *paths,
    const char **pathp, const struct lines_syntax *syn)
{
	enum fs_rc rc = FS_ENOENT;

	lines_init(r, NULL, 0, syn);
	for (size_t i = 0; paths[i] != NULL && rc == FS_ENOENT; i++) {
		*pathp = paths[i];
		lines_release(r);
		rc = lines_read(r, t, *pathp, syn);
		if (rc == FS_ENOTDIR)
			rc = FS_ENOENT;
	}
	if (rc == FS_ENOENT)
		*pathp = paths[0];
	return rc;
}

static bool
is_blank(const char *s, size_t len)
{
	trim_span(&s, &len);
	return len == 0;
}

/* Take the continuation backslash (and for LINES_JOIN_BLANK the blanks
 * after it) off the end of [S, S + *LEN): true when the line goes on. */
static bool
continues(enum lines_join join, const char *s, size_t *len)
{
	size_t n = *len;

	if (join == LINES_JOIN_BLANK)
		while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
			n--;
	if (join == LINES_JOIN_NONE || n == 0 || s[n - 1] != '\\')
		return false;
	*len = n - 1;
	return true;
}

/* The logical line in r->cur, trimmed in place, as the current line:
 * false when it is blank. */
static bool
finish(struct lines *r)
{
	const char *s = r->cur.buf;
	size_t n = r->cur.len;

	trim_span(&s, &n);
	if (n == 0)
		return false;
	memmove(r->cur.buf, s, n);
	r->cur.buf[n] = '\0';
	r->cur.len = n;
	r->line = r->cur.buf;
	r->linelen = n;
	return true;
}

bool
lines_next(struct lines *r)
{
	bool joining = false;
	const char *p;
	size_t n;

	strbuf_reset(&r->cur);
	/* Lines are bounded by the input, which the read limit bounds. */
	while (next_line(r->buf, r->size, &r->pos, &p, &n, &r->nread)) {
		size_t c = r->syn->comment != NULL ? r->syn->comment(p, n) : n;

		if (is_blank(p, c)) {
			if (!joining || r->syn->hold)
				continue;
			joining = false;	/* it ends the line */
		} else {
			if (!joining)
				r->lineno = r->nread;
			/* a comment ends the line: its backslash is text */
			joining = c == n && continues(r->syn->join, p, &c);
			(void)strbuf_add(&r->cur, p, c);
			if (joining && r->syn->join == LINES_JOIN_BLANK)
				(void)strbuf_addch(&r->cur, ' ');
			if (joining)
				continue;
		}
		if (finish(r))
			return true;
		strbuf_reset(&r->cur);
	}
	return finish(r);
}

void
lines_release(struct lines *r)
{
	strbuf_release(&r->text);
	strbuf_release(&r->cur);
}
