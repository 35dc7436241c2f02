/*
 * diag.h -- diagnostics for input the user must fix.
 *
 * Every message reads `file:line:col: message` (1-based; lower case; no
 * final period; user text quoted). Messages without a position read
 * `file: message` or just `message`. A diag keeps at most DIAG_MAX
 * messages and counts the rest, so one broken file cannot flood a terminal.
 *
 *   1. struct diag *d = diag_new();
 *   2. pass D down; callees diag_add() and return -1 / NULL;
 *   3. the CLI prints with diag_print() and maps the phase to an exit code;
 *   4. diag_free(d).
 */
#ifndef ASSAY_DIAG_H
#define ASSAY_DIAG_H

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>

#define DIAG_MAX 100

/* On a call whose result is an error (or an owned pointer) the caller must
 * not drop: the compiler warns, and --enable-werror fails the build. */
#define ASSAY_NODISCARD __attribute__((warn_unused_result))

/* A position in a source file. FILE is borrowed (interned by whoever
 * loaded the file, and lives as long as the loaded document). LINE and COL
 * are 1-based; 0 means unknown. */
struct srcpos {
	const char	*file;
	unsigned	 line;
	unsigned	 col;
};

struct diag;

struct diag	*diag_new(void);
void		 diag_free(struct diag *d);

/* Add a message at AT (may be NULL). */
void		 diag_add(struct diag *d, const struct srcpos *at,
		    const char *fmt, ...) __attribute__((format(printf, 3, 4)));
void		 diag_vadd(struct diag *d, const struct srcpos *at,
		    const char *fmt, va_list ap)
		    __attribute__((format(printf, 3, 0)));
/* Messages recorded (not counting those dropped past DIAG_MAX). */
size_t		 diag_count(const struct diag *d);
/* Messages reported, including dropped ones. */
size_t		 diag_total(const struct diag *d);
/* The I-th message, borrowed while D lives; NULL past the end. */
const char	*diag_text(const struct diag *d, size_t i);
/* The I-th message without its position ("expected \"Field: value\"" of
 * "status:2: expected ..."), for a caller that words it again, such as
 * a probe's evidence. Borrowed; NULL past the end. */
const char	*diag_message(const struct diag *d, size_t i);
/* Where the I-th message was added (its file is a copy, borrowed while D
 * lives), or NULL past the end or when it was added without a file. */
const struct srcpos *diag_pos(const struct diag *d, size_t i);
/* Print every message, one a line, prefixed with PREFIX ("assay: "), and
 * a count of dropped ones. */
void		 diag_print(const struct diag *d, FILE *fp, const char *prefix);
void		 diag_clear(struct diag *d);

/* Errno value ERR as the text of a message: the one place engine/ turns
 * an errno into words (strerror()'s wording, kept as libc writes it;
 * borrowed until the next call). */
const char	*diag_errno(int err);

/* Append a printable, quoted rendering of S (at most MAX bytes of it) to a
 * malloc'd string: "abc", with control bytes and invalid UTF-8 escaped as
 * \xNN. Used for user text in messages. */
char		*diag_quote(const char *s, size_t max);
/* S in backquotes as the user wrote it (a regex keeps its backslashes
 * single): only control bytes and invalid UTF-8 become \xNN, and more
 * than MAX bytes end in "...". Allocated. */
char		*diag_quote_raw(const char *s, size_t max);

#endif /* ASSAY_DIAG_H */
