/*
 * util.h -- small parsing and text helpers shared by every module.
 */
#ifndef ASSAY_UTIL_H
#define ASSAY_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Parse all of S as a decimal unsigned number in [MIN, MAX]. 0 or -1. */
int	parse_uint(const char *s, uint64_t min, uint64_t max, uint64_t *out);
/* Parse all of S as a decimal signed number in [MIN, MAX]. 0 or -1. */
int	parse_int(const char *s, int64_t min, int64_t max, int64_t *out);
/* Parse an octal file mode "0644", "644" or "4755" (at most 07777). */
int	parse_mode(const char *s, uint32_t *out);

/* fnmatch(3), with FNM_PATHNAME when PATHNAME. */
bool	glob_match(const char *pattern, const char *s, bool pathname);
bool	has_glob_meta(const char *s);

/* Case-insensitive ASCII equality. */
bool	ascii_eq(const char *a, const char *b);
/* Does S end in one of the NULL-terminated SUFFIXES with at least one
 * byte before it ("a.service", not ".service")? For systemd unit names
 * (probes/service.c, scap/oval_systemd.c: each with its own list). */
bool	has_suffix_in(const char *s, const char *const *suffixes);
/* Levenshtein distance between A and B; SIZE_MAX when either is 63 bytes
 * or longer (only short names are compared). */
size_t	edit_distance(const char *a, const char *b);
/* The candidate of V[0..N) closest to S: within two edits (one for words
 * of up to four bytes), else NULL. For "did you mean" hints. */
const char *nearest_word(const char *s, const char *const *v, size_t n);

/* The next line of BUF[*POS..LEN): sets *LINE and *LINELEN (without the
 * newline, and without a trailing '\r'), advances *POS, counts *LINENO.
 * Returns false at the end. */
bool	next_line(const char *buf, size_t len, size_t *pos,
	    const char **line, size_t *linelen, unsigned *lineno);

/* For line parsers that keep pointers into their input: a malloc'd copy
 * of BUF[0..LEN) with a final NUL in *COPYP (set either way; caller
 * frees). Returns 0, or -1 when BUF holds a NUL byte (text never does),
 * with *LINEP the line it is on as next_line() counts. */
int	text_copy(const char *buf, size_t len, char **copyp,
	    unsigned *linep);

/* Trim ASCII white space on both sides of [*S, *S + *LEN). */
void	trim_span(const char **s, size_t *len);
/* Is [S, S + LEN) only spaces and tabs (or empty)? The blank line that
 * ends a dpkg stanza or an apk block. */
bool	is_blank_span(const char *s, size_t len);

/* Split LINE into at most MAX white-space separated fields, honouring
 * double quotes (sshd_config style). Fields are malloc'd into OUT; returns
 * the count. */
size_t	split_fields(const char *line, size_t len, char **out, size_t max);

/* "/a/b/../c" -> "/a/c", leading "/" kept, never above "/". Malloc'd. */
char	*path_normalize(const char *path);
/* Join DIR and NAME with one slash. Malloc'd. */
char	*path_join(const char *dir, const char *name);
/* The directory part of an absolute path ("/etc/ssh/x" -> "/etc/ssh"). */
char	*path_dirname(const char *path);

/* The UTF-8 sequence at S[0..LEN): its code point into *CP and its
 * length, or 0 when it is not a valid one (overlong, surrogate, past
 * U+10FFFF, cut short). */
size_t	utf8_decode(const char *s, size_t len, uint32_t *cp);
/* Is S valid UTF-8 in [0, LEN)? */
bool	utf8_valid(const char *s, size_t len);
/* A valid-UTF-8 copy of S[0..LEN) that XML 1.0 can carry: invalid bytes
 * and C0 controls other than \t \n \r become U+FFFD. Malloc'd. Every
 * reporter writes target text through it (report_sanitize), and finding
 * fingerprints hash it (result_fingerprint). */
char	*utf8_sanitize(const char *s, size_t len);

/* Days from 1970-01-01 to Y-M-D of the proleptic Gregorian calendar
 * (negative before; M 1-12, D 1-31, not checked). */
int64_t	days_from_civil(int64_t y, unsigned m, unsigned d);
/* Days in month M (1-12) of year Y. */
unsigned days_in_month(int64_t y, unsigned m);

/* The scan's clock, ASSAY_NOW: what clock_parse() reads, for messages. */
#define CLOCK_EXPECTED	"expected a date YYYY-MM-DD or a UTC time " \
	"YYYY-MM-DDTHH:MM:SSZ"
/* S as seconds since the epoch into *SECS: a date YYYY-MM-DD (00:00 UTC
 * that day) or a UTC time YYYY-MM-DDTHH:MM:SSZ (RFC 3339, seconds 00-59);
 * false when it is neither (or no real date). */
bool	clock_parse(const char *s, int64_t *secs);
/* The scan's clock into *SECS: $ASSAY_NOW when set (clock_parse()), else
 * time(2). -1, *SECS untouched, when ASSAY_NOW is set but does not
 * parse (waiver_today() and OVAL time_difference name it). */
int	clock_now(int64_t *secs);

#endif /* ASSAY_UTIL_H */
