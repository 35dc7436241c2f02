/*
 * util.c -- number parsing, globbing, line splitting, paths, UTF-8.
 */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "assay/strbuf.h"
#include "assay/util.h"
#include "assay/xmem.h"

int
parse_uint(const char *s, uint64_t min, uint64_t max, uint64_t *out)
{
	unsigned long long v;
	char *end;

	if (s == NULL || !isdigit((unsigned char)s[0]))
		return -1;
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno != 0 || *end != '\0' || v < min || v > max)
		return -1;
	*out = v;
	return 0;
}

int
parse_int(const char *s, int64_t min, int64_t max, int64_t *out)
{
	long long v;
	char *end;

	if (s == NULL || s[0] == '\0' || isspace((unsigned char)s[0]))
		return -1;
	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno != 0 || *end != '\0' || end == s || v < min || v > max)
		return -1;
	*out = v;
	return 0;
}

int
parse_mode(const char *s, uint32_t *out)
{
	uint32_t v = 0;
	size_t n = 0;

	if (s == NULL || s[0] == '\0')
		return -1;
	for (; *s != '\0'; s++, n++) {
		if (*s < '0' || *s > '7' || n >= 5)
			return -1;
		v = v * 8 + (uint32_t)(*s - '0');
	}
	if (v > 07777)
		return -1;
	*out = v;
	return 0;
}

bool
glob_match(const char *pattern, const char *s, bool pathname)
{
	return fnmatch(pattern, s, pathname ? FNM_PATHNAME : 0) == 0;
}

bool
has_glob_meta(const char *s)
{
	return strpbrk(s, "*?[") != NULL;
}

bool
ascii_eq(const char *a, const char *b)
{
	return strcasecmp(a, b) == 0;
}

bool
has_suffix_in(const char *s, const char *const *suffixes)
{
	size_t n = strlen(s);

	for (size_t i = 0; suffixes[i] != NULL; i++) {
		size_t k = strlen(suffixes[i]);

		if (n > k && strcmp(s + n - k, suffixes[i]) == 0)
			return true;
	}
	return false;
}

bool
next_line(const char *buf, size_t len, size_t *pos, const char **line,
    size_t *linelen, unsigned *lineno)
{
	const char *start;
	const char *nl;
	size_t n;

	if (*pos >= len)
		return false;
	start = buf + *pos;
	nl = memchr(start, '\n', len - *pos);
	n = nl != NULL ? (size_t)(nl - start) : len - *pos;
	*pos += n + (nl != NULL ? 1 : 0);
	if (n > 0 && start[n - 1] == '\r')
		n--;
	*line = start;
	*linelen = n;
	(*lineno)++;
	return true;
}

int
text_copy(const char *buf, size_t len, char **copyp, unsigned *linep)
{
	const char *nul = memchr(buf, '\0', len);
	const char *line;
	size_t linelen;
	size_t pos = 0;

	*copyp = xmalloc(len + 1);
	memcpy(*copyp, buf, len);
	(*copyp)[len] = '\0';
	if (nul == NULL)
		return 0;
	*linep = 0;
	while (next_line(buf, (size_t)(nul - buf) + 1, &pos, &line, &linelen,
	    linep))
		;
	return -1;
}

void
trim_span(const char **s, size_t *len)
{
	while (*len > 0 && isspace((unsigned char)**s)) {
		(*s)++;
		(*len)--;
	}
	while (*len > 0 && isspace((unsigned char)(*s)[*len - 1]))
		(*len)--;
}

bool
is_blank_span(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (s[i] != ' ' && s[i] != '\t')
			return false;
	return true;
}

size_t
split_fields(const char *line, size_t len, char **out, size_t max)
{
	size_t i = 0;
	size_t n = 0;

	while (n < max) {
		struct strbuf b = STRBUF_INIT;
		bool quoted = false;

		while (i < len && isspace((unsigned char)line[i]))
			i++;
		if (i >= len)
			break;
		for (; i < len; i++) {
			if (line[i] == '"') {
				quoted = !quoted;
				continue;
			}
			if (!quoted && isspace((unsigned char)line[i]))
				break;
			strbuf_addch(&b, line[i]);
		}
		out[n++] = strbuf_detach(&b);
	}
	return n;
}

char *
path_normalize(const char *path)
{
	struct strbuf b = STRBUF_INIT;
	const char *p = path;

	strbuf_addch(&b, '/');
	while (*p != '\0') {
		const char *c;
		size_t n;

		while (*p == '/')
			p++;
		c = p;
		while (*p != '\0' && *p != '/')
			p++;
		n = (size_t)(p - c);
		if (n == 0 || (n == 1 && c[0] == '.'))
			continue;
		if (n == 2 && c[0] == '.' && c[1] == '.') {
			while (b.len > 1 && b.buf[b.len - 1] != '/')
				b.len--;
			if (b.len > 1)
				b.len--;
			b.buf[b.len] = '\0';
			continue;
		}
		if (b.len > 1)
			strbuf_addch(&b, '/');
		strbuf_add(&b, c, n);
	}
	return strbuf_detach(&b);
}

char *
path_join(const char *dir, const char *name)
{
	size_t n = strlen(dir);

	while (n > 0 && dir[n - 1] == '/')
		n--;
	while (*name == '/')
		name++;
	return xasprintf("%.*s/%s", (int)n, dir, name);
}

char *
path_dirname(const char *path)
{
	const char *slash = strrchr(path, '/');

	if (slash == NULL)
		return xstrdup(".");
	if (slash == path)
		return xstrdup("/");
	return xstrndup(path, (size_t)(slash - path));
}

size_t
utf8_decode(const char *str, size_t len, uint32_t *cp)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t n;
	uint32_t c;

	if (len == 0)
		return 0;
	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if (s[0] >= 0xc2 && s[0] <= 0xdf) {
		n = 2;
		c = s[0] & 0x1f;
	} else if (s[0] >= 0xe0 && s[0] <= 0xef) {
		n = 3;
		c = s[0] & 0x0f;
	} else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		n = 4;
		c = s[0] & 0x07;
	} else
		return 0;
	if (n > len)
		return 0;
	for (size_t k = 1; k < n; k++) {
		if ((s[k] & 0xc0) != 0x80)
			return 0;
		c = (c << 6) | (s[k] & 0x3f);
	}
	if ((n == 3 && c < 0x800) || (n == 4 && c < 0x10000) ||
	    c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		return 0;
	*cp = c;
	return n;
}

bool
utf8_valid(const char *str, size_t len)
{
	size_t i = 0, n;
	uint32_t cp;

	for (; i < len; i += n)
		if ((n = utf8_decode(str + i, len - i, &cp)) == 0)
			return false;
	return true;
}

/* Edit distance between A and B, capped: enough to suggest "sshd_config"
 * for "sshd_conf" without a table of aliases. */
size_t
edit_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	size_t row[64];

	if (la >= 63 || lb >= 63)
		return SIZE_MAX;
	for (size_t j = 0; j <= lb; j++)
		row[j] = j;
	for (size_t i = 1; i <= la; i++) {
		size_t diag = row[0];

		row[0] = i;
		for (size_t j = 1; j <= lb; j++) {
			size_t up = row[j];
			size_t best = diag + (a[i - 1] != b[j - 1]);

			if (up + 1 < best)
				best = up + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			diag = up;
			row[j] = best;
		}
	}
	return row[lb];
}

const char *
nearest_word(const char *s, const char *const *v, size_t n)
{
	size_t best_d = strlen(s) <= 4 ? 2 : 3;
	const char *best = NULL;

	for (size_t i = 0; i < n; i++) {
		size_t d = v[i] != NULL ? edit_distance(s, v[i]) : SIZE_MAX;

		if (d < best_d) {
			best_d = d;
			best = v[i];
		}
	}
	return best;
}

/* XML 1.0 Char: #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] |
 * [#x10000-#x10FFFF]; surrogates never decode. */
static bool
is_xml_char(uint32_t cp)
{
	if (cp < 0x20)
		return cp == '\t' || cp == '\n' || cp == '\r';
	return cp != 0xfffe && cp != 0xffff;
}

char *
utf8_sanitize(const char *s, size_t len)
{
	static const char repl[] = "\xef\xbf\xbd";	/* U+FFFD */
	const unsigned char *u = (const unsigned char *)s;
	char *out, *o;
	size_t i = 0;

	/* Each input byte becomes at most 3 output bytes. */
	out = xreallocarray(NULL, len + 1, 3);
	o = out;
	while (i < len) {
		uint32_t cp;
		size_t n, run = i;

		/* a run of ASCII XML allows is copied as it is: most of a
		 * report's text, without a call per byte */
		while (run < len && ((u[run] >= 0x20 && u[run] < 0x80) ||
		    u[run] == '\t' || u[run] == '\n' || u[run] == '\r'))
			run++;
		if (run > i) {
			memcpy(o, u + i, run - i);
			o += run - i;
			i = run;
			continue;
		}
		n = utf8_decode(s + i, len - i, &cp);
		if (n == 0 || !is_xml_char(cp)) {
			memcpy(o, repl, 3);
			o += 3;
			i += n == 0 ? 1 : n;
			continue;
		}
		memcpy(o, u + i, n);
		o += n;
		i += n;
	}
	*o = '\0';
	return out;
}

int64_t
days_from_civil(int64_t y, unsigned m, unsigned d)
{
	/* eras of 400 years (146097 days), March-based years so that
	 * February's leap day ends one (H. Hinnant's days_from_civil) */
	int64_t yy = m <= 2 ? y - 1 : y;
	int64_t era = (yy >= 0 ? yy : yy - 399) / 400;
	int64_t yoe = yy - era * 400;
	int64_t doy = (153 * (int64_t)(m > 2 ? m - 3 : m + 9) + 2) / 5 +
	    (int64_t)d - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;

	return era * 146097 + doe - 719468;
}

unsigned
days_in_month(int64_t y, unsigned m)
{
	static const unsigned char n[] = { 31, 28, 31, 30, 31, 30, 31, 31,
	    30, 31, 30, 31 };

	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 29;
	return m >= 1 && m <= 12 ? n[m - 1] : 0;
}

/* The two digits at S as a number from 0 to MAX into *V. */
static bool
two_digits(const char *s, unsigned max, unsigned *v)
{
	if (!isdigit((unsigned char)s[0]) || !isdigit((unsigned char)s[1]))
		return false;
	*v = (unsigned)(s[0] - '0') * 10 + (unsigned)(s[1] - '0');
	return *v <= max;
}

bool
clock_parse(const char *s, int64_t *secs)
{
	unsigned c, yy, m, d, hh = 0, mi = 0, ss = 0;
	size_t n = strlen(s);

	if ((n != 10 && n != 20) || s[4] != '-' || s[7] != '-' ||
	    !two_digits(s, 99, &c) || !two_digits(s + 2, 99, &yy) ||
	    !two_digits(s + 5, 12, &m) || !two_digits(s + 8, 31, &d) ||
	    c * 100 + yy == 0 || m == 0 || d == 0 ||
	    d > days_in_month(c * 100 + yy, m))
		return false;
	if (n == 20 && (s[10] != 'T' || s[13] != ':' || s[16] != ':' ||
	    s[19] != 'Z' || !two_digits(s + 11, 23, &hh) ||
	    !two_digits(s + 14, 59, &mi) || !two_digits(s + 17, 59, &ss)))
		return false;
	*secs = days_from_civil(c * 100 + yy, m, d) * 86400 +
	    (int64_t)hh * 3600 + mi * 60 + ss;
	return true;
}

int
clock_now(int64_t *secs)
{
	const char *env = getenv("ASSAY_NOW");

	if (env == NULL || env[0] == '\0') {
		*secs = (int64_t)time(NULL);
		return 0;
	}
	return clock_parse(env, secs) ? 0 : -1;
}
