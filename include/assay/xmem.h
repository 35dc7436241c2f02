/*
 * xmem.h -- allocators that print and exit on out-of-memory.
 *
 * assay treats OOM as fatal (like tmux and jq): every input-driven size is
 * capped by limits.h before it reaches an allocator, so running out of
 * memory is a bug or a machine problem, not a condition to unwind from.
 */
#ifndef ASSAY_XMEM_H
#define ASSAY_XMEM_H

#include <stdarg.h>
#include <stddef.h>

/* Print "assay: out of memory" and abort: for the allocations of other
 * libraries (jansson, pcre2, libyaml) that fail the same way. */
void	 xmem_oom(void) __attribute__((noreturn));

void	*xmalloc(size_t size);
void	*xcalloc(size_t nmemb, size_t size);
void	*xreallocarray(void *ptr, size_t nmemb, size_t size);
char	*xstrdup(const char *s);
char	*xstrndup(const char *s, size_t n);
char	*xasprintf(const char *fmt, ...)
	    __attribute__((format(printf, 1, 2)));
char	*xvasprintf(const char *fmt, va_list ap)
	    __attribute__((format(printf, 1, 0)));

/* Grow *VP (an array of *CAPP elements of SIZE bytes) so it holds at least
 * NEED elements. Doubles the capacity; exits on overflow or OOM. */
void	 xgrow(void **vp, size_t *capp, size_t need, size_t size);

#endif /* ASSAY_XMEM_H */
