/*
 * strbuf.h -- a growable byte buffer with a hard cap, and a string list.
 *
 *   1. struct strbuf b = STRBUF_INIT;  (or strbuf_init(&b, cap))
 *   2. strbuf_add / strbuf_addf; each returns -1 once the cap would be
 *      passed (the buffer keeps what fitted and `b.overflow` is set);
 *   3. use b.buf (always NUL-terminated, may hold NULs inside) and b.len;
 *   4. strbuf_release(&b).
 */
#ifndef ASSAY_STRBUF_H
#define ASSAY_STRBUF_H

#include <stdbool.h>
#include <stddef.h>

struct strbuf {
	char	*buf;
	size_t	 len;
	size_t	 alloc;
	size_t	 cap;		/* 0: no cap */
	bool	 overflow;
};

#define STRBUF_INIT { NULL, 0, 0, 0, false }

void	strbuf_init(struct strbuf *b, size_t cap);
void	strbuf_release(struct strbuf *b);
void	strbuf_reset(struct strbuf *b);
int	strbuf_add(struct strbuf *b, const void *data, size_t len);
int	strbuf_addstr(struct strbuf *b, const char *s);
int	strbuf_addch(struct strbuf *b, int c);
int	strbuf_addf(struct strbuf *b, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));
/* Hand the buffer to the caller (NUL-terminated, never NULL) and reset B. */
char	*strbuf_detach(struct strbuf *b);

/* A list of owned strings. */
struct strlist {
	char	**v;
	size_t	  n;
	size_t	  cap;
};

#define STRLIST_INIT { NULL, 0, 0 }

void	strlist_add(struct strlist *l, const char *s);	/* copies S */
void	strlist_adopt(struct strlist *l, char *s);	/* keeps S */
void	strlist_sort(struct strlist *l);		/* strcmp order */
bool	strlist_has(const struct strlist *l, const char *s);
void	strlist_release(struct strlist *l);

#endif /* ASSAY_STRBUF_H */
