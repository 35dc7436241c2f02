/*
 * lines.h -- the logical lines of a configuration file.
 *
 * Every line-oriented reader (kmod's modprobe.d, Linux-PAM's pam.d,
 * sudoers, audit rules, GRUB's defaults) splits its input the same way up
 * to two questions on which the real programs differ: does a backslash at
 * the end of a line continue it, and what does a comment do to that. A
 * consumer answers both in one const struct lines_syntax, next to a
 * comment naming the program whose parser it follows:
 *
 *   1. static const struct lines_syntax kmod = { LINES_JOIN_CUT, NULL,
 *      false };
 *   2. lines_read(&r, target, path, &kmod) (the file, read through the
 *      fs view), or lines_init(&r, buf, len, &kmod) (text in memory);
 *   3. while (lines_next(&r)) ...: each logical line in r.line
 *      (r.linelen bytes), trimmed and not blank, and the physical line
 *      it starts on in r.lineno;
 *   4. lines_release(&r).
 *
 * Physical lines end at "\n" (a "\r" before it is dropped). A logical
 * line is no longer than the input, which the read limit bounds.
 */
#ifndef ASSAY_LINES_H
#define ASSAY_LINES_H

#include <stdbool.h>
#include <stddef.h>

#include "assay/strbuf.h"
#include "assay/target.h"

/* What a backslash that ends a physical line does. */
enum lines_join {
	/* Nothing: every physical line stands alone. */
	LINES_JOIN_NONE,
	/* The backslash and the newline vanish: "a\<nl>b" is "ab". A
	 * backslash followed by blanks joins nothing. */
	LINES_JOIN_CUT,
	/* The backslash, blanks after it and the newline are one blank:
	 * "a\ <nl>b" is "a b". */
	LINES_JOIN_BLANK,
};

struct lines_syntax {
	enum lines_join	 join;
	/* Where the comment of physical line [S, S + LEN) starts: its
	 * offset, or LEN when it has none. NULL: the reader knows no
	 * comments (the consumer judges its joined lines). A comment runs
	 * to the end of its physical line and ends the logical line there:
	 * a backslash inside it continues nothing. */
	size_t		(*comment)(const char *s, size_t len);
	/* A physical line that is blank or only a comment, met while a
	 * line is being continued: passed over (true), or the end of the
	 * logical line (false). */
	bool		 hold;
};

/* The commonest syntax: every physical line stands alone, and one whose
 * first non-blank is '#' is a comment. */
extern const struct lines_syntax lines_simple;

/* Comment finders for struct lines_syntax. */
/* '#' as the first non-blank character: the whole line. */
size_t	lines_comment_line(const char *s, size_t len);
/* '#' anywhere: from there on. */
size_t	lines_comment_hash(const char *s, size_t len);

struct lines {
	/* The current logical line, set by lines_next(): NUL-terminated,
	 * valid until the next call; the physical line it starts on. */
	const char		*line;
	size_t			 linelen;
	unsigned		 lineno;
	/* private */
	const char		*buf;
	size_t			 size;
	size_t			 pos;
	unsigned		 nread;		/* physical lines read */
	const struct lines_syntax *syn;
	struct strbuf		 text;		/* lines_read(): the file */
	struct strbuf		 cur;		/* the logical line */
};

/* Read BUF[0..LEN) (borrowed while R is used) with syntax SYN (static). */
void	lines_init(struct lines *r, const char *buf, size_t len,
	    const struct lines_syntax *syn);
/* Read file PATH of T (at most the target's read limit) with syntax
 * SYN. Returns FS_OK, or why the file could not be read, and then R
 * holds no lines. Either way R is ready for lines_next() and
 * lines_release(). */
enum fs_rc lines_read(struct lines *r, struct target *t, const char *path,
	    const struct lines_syntax *syn);
/* lines_read() of the first of PATHS (NULL-terminated) that exists, for
 * a file a program looks for in several places (/etc/os-release, then
 * /usr/lib/os-release). *PATHP names the file: FS_OK, or the error of the
 * first one there is that cannot be read; FS_ENOENT with *PATHP =
 * PATHS[0] when none exists (a path through a non-directory does not). */
enum fs_rc lines_read_first(struct lines *r, struct target *t,
	    const char *const *paths, const char **pathp,
	    const struct lines_syntax *syn);
/* Move to the next logical line (comments cut, continuations joined,
 * trimmed, never blank) in r->line, r->linelen and r->lineno. false at
 * the end. */
bool	lines_next(struct lines *r);
void	lines_release(struct lines *r);

#endif /* ASSAY_LINES_H */
