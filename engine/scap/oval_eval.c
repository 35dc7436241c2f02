/*
 * oval_eval.c -- OVAL 5.11 definitions evaluated over collected items.
 *
 * Followed: the OVAL 5.11.2 Language Specification, section 5.3
 * (definition, criteria and test evaluation, the operator, check and
 * check_existence truth tables), 5.3.6 (variables and their functions)
 * and 5.3.7 (operations and datatypes). Whatever is not implemented (a
 * test type, a function, a datatype or operation) makes the result
 * "unknown" with the name of what is missing: the rule is notchecked,
 * never passed.
 */
#include "config.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "assay/dpkg.h"
#include "assay/rpmdb.h"
#include "assay/util.h"
#include "assay/xmem.h"
#include "oval_private.h"

const char *
ores_str(enum ores r)
{
	static const char *const s[] = { "true", "false", "error", "unknown",
	    "not evaluated", "not applicable" };

	return s[r];
}

enum ores
ox_fail(struct ox *ox, enum ores r, const char *fmt, ...)
{
	va_list ap;

	if (ox->why == NULL) {
		va_start(ap, fmt);
		ox->why = xvasprintf(fmt, ap);
		va_end(ap);
	}
	return r;
}

void
ovals_add(struct ovals *l, const char *s, size_t len)
{
	xgrow((void **)&l->v, &l->cap, l->n + 1, sizeof(*l->v));
	l->v[l->n++] = xstrndup(s, len);
}

void
ovals_release(struct ovals *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
	memset(l, 0, sizeof(*l));
}

void
oitem_add(struct oitem *it, const char *name, const char *val)
{
	xgrow((void **)&it->f, &it->cap, it->nf + 1, sizeof(*it->f));
	it->f[it->nf].name = name;
	it->f[it->nf++].val = xstrdup(val);
}

struct oitem *
oitems_new(struct oitems *l, const char *path, unsigned line)
{
	struct oitem *it;

	xgrow((void **)&l->v, &l->cap, l->n + 1, sizeof(*l->v));
	it = &l->v[l->n++];
	memset(it, 0, sizeof(*it));
	it->path = path != NULL ? xstrdup(path) : NULL;
	it->line = line;
	return it;
}

static void
oitem_release(struct oitem *it)
{
	for (size_t i = 0; i < it->nf; i++)
		free(it->f[i].val);
	free(it->f);
	free(it->path);
}

void
oitems_release(struct oitems *l)
{
	for (size_t i = 0; i < l->n; i++)
		oitem_release(&l->v[i]);
	free(l->v);
	memset(l, 0, sizeof(*l));
}

static void
rx_free_entry(void *p, const xmlChar *name)
{
	(void)name;
	pcre2_code_free(p);
}

void
ox_memo_begin(struct ox *ox, struct ox_memo *m)
{
	m->why = ox->why;
	m->too_deep = ox->too_deep;
	ox->why = NULL;
	ox->too_deep = false;
}

void
ox_memo_end(struct ox *ox, const struct ox_memo *m)
{
	ox->too_deep |= m->too_deep;
	if (m->why != NULL) {
		free(ox->why);
		ox->why = m->why;
	}
}

void
ox_regex_cache_free(xmlHashTablePtr rx)
{
	xmlHashFree(rx, rx_free_entry);
}

pcre2_code *
ox_regex(struct ox *ox, const char *pat, uint32_t flags)
{
	/* keyed by the pattern and its flags in hex, with no allocation: a
	 * pattern match over a walked tree asks once per path */
	char fl[9], *f = fl + sizeof(fl) - 1;
	uint32_t v = flags;
	pcre2_code *re;
	int err;
	PCRE2_SIZE off;

	*f = '\0';
	do
		*--f = "0123456789abcdef"[v & 0xf];
	while ((v >>= 4) != 0 && f > fl);
	re = xmlHashLookup2(ox->rx, (const xmlChar *)pat, (const xmlChar *)f);
	if (re == NULL) {
		re = pcre2_compile((PCRE2_SPTR)pat, PCRE2_ZERO_TERMINATED,
		    flags, &err, &off, NULL);
		if (re != NULL)
			(void)xmlHashAddEntry2(ox->rx, (const xmlChar *)pat,
			    (const xmlChar *)f, re);
	}
	return re;
}

int
ox_match(struct ox *ox, pcre2_code *re, const char *s, size_t len,
    size_t start)
{
	int rc = pcre2_match(re, (PCRE2_SPTR)s, len, start, 0, ox->md,
	    ox->mctx);

	if (rc >= 0)
		return 1;
	return rc == PCRE2_ERROR_NOMATCH ? 0 : -1;
}

/* Compare two dotted versions ("1.2.10" > "1.2.9"), numerically per
 * component, as OVAL's version datatype says. */
static int
version_cmp(const char *a, const char *b)
{
	while (*a != '\0' || *b != '\0') {
		unsigned long long x = strtoull(a, (char **)&a, 10);
		unsigned long long y = strtoull(b, (char **)&b, 10);

		if (x != y)
			return x < y ? -1 : 1;
		while (*a != '\0' && !isdigit((unsigned char)*a))
			a++;
		while (*b != '\0' && !isdigit((unsigned char)*b))
			b++;
	}
	return 0;
}

/* "E:V-R" as rpm compares it (the evr_string datatype: a missing
 * epoch is 0): rpm's own comparison, '~' and '^' included, that the
 * package probes use (engine/probes/pkgdb/rpmdb.c). */
static int
evr_cmp(const char *a, const char *b)
{
	return rpmdb_version_cmp(a, b);
}

static enum ores
by_order(const char *op, int c)
{
	if (strcmp(op, "equals") == 0)
		return c == 0 ? OR_TRUE : OR_FALSE;
	if (strcmp(op, "not equal") == 0)
		return c != 0 ? OR_TRUE : OR_FALSE;
	if (strcmp(op, "greater than") == 0)
		return c > 0 ? OR_TRUE : OR_FALSE;
	if (strcmp(op, "less than") == 0)
		return c < 0 ? OR_TRUE : OR_FALSE;
	if (strcmp(op, "greater than or equal") == 0)
		return c >= 0 ? OR_TRUE : OR_FALSE;
	if (strcmp(op, "less than or equal") == 0)
		return c <= 0 ? OR_TRUE : OR_FALSE;
	return OR_UNKNOWN;
}

/* An ipv4_address or ipv6_address value (oval-common-schema 5.11.3): the
 * address in network order and its prefix length, 32 or 128 when none is
 * written. */
struct ipval {
	unsigned char	a[16];
	unsigned	prefix;
};

/* One dotted quad; leading zeros are allowed ("192.000.002.000"), so
 * inet_pton, which refuses them, is not used. */
static bool
parse_quad(const char *s, unsigned char out[4])
{
	for (int i = 0; i < 4; i++) {
		unsigned v = 0;
		int n = 0;

		while (isdigit((unsigned char)*s) && n < 3)
			v = v * 10 + (unsigned)(*s++ - '0'), n++;
		if (n == 0 || v > 255 || *s != (i < 3 ? '.' : '\0'))
			return false;
		out[i] = (unsigned char)v;
		if (i < 3)
			s++;
	}
	return true;
}

static bool
parse_prefix(const char *s, unsigned max, unsigned *out)
{
	char *e;
	unsigned long v;

	if (!isdigit((unsigned char)*s))
		return false;
	v = strtoul(s, &e, 10);
	if (*e != '\0' || v > max)
		return false;
	*out = (unsigned)v;
	return true;
}

/* "a.b.c.d", "a.b.c.d/N" or "a.b.c.d/m.m.m.m" (a netmask, contiguous),
 * or an RFC 4291 address with an optional "/N"; the bits outside the
 * prefix are zeroed, as the schema says every operation behaves. */
static bool
parse_ip(bool v6, const char *s, struct ipval *ip)
{
	char buf[64], *slash;
	unsigned max = v6 ? 128 : 32;

	if (strlen(s) >= sizeof(buf))
		return false;
	memcpy(buf, s, strlen(s) + 1);
	memset(ip, 0, sizeof(*ip));
	ip->prefix = max;
	if ((slash = strchr(buf, '/')) != NULL) {
		unsigned char m[4];

		*slash++ = '\0';
		if (!v6 && strchr(slash, '.') != NULL) {
			uint32_t nm;

			if (!parse_quad(slash, m))
				return false;
			nm = (uint32_t)m[0] << 24 | (uint32_t)m[1] << 16 |
			    (uint32_t)m[2] << 8 | m[3];
			/* a netmask is ones then zeros */
			if ((~nm & (~nm + 1)) != 0)
				return false;
			ip->prefix = 0;
			while (nm != 0)
				nm <<= 1, ip->prefix++;
		} else if (!parse_prefix(slash, max, &ip->prefix))
			return false;
	}
	if (v6 ? inet_pton(AF_INET6, buf, ip->a) != 1 :
	    !parse_quad(buf, ip->a))
		return false;
	for (unsigned i = 0; i < max / 8; i++) {
		unsigned keep = ip->prefix > i * 8 ? ip->prefix - i * 8 : 0;

		if (keep < 8)
			ip->a[i] &= (unsigned char)(0xff00u >> keep);
	}
	return true;
}

/* The high N bits of A and B are equal. */
static bool
ip_prefix_eq(const struct ipval *a, const struct ipval *b, unsigned n)
{
	for (unsigned i = 0; n > 0; i++) {
		unsigned char m = n >= 8 ? 0xff :
		    (unsigned char)(0xff00u >> n);

		if ((a->a[i] & m) != (b->a[i] & m))
			return false;
		n = n >= 8 ? n - 8 : 0;
	}
	return true;
}

/* VALUE (the system's) OP EXPECT (the stated), per the 5.11.3 schema's
 * definitions: equality is address and prefix length; the orderings need
 * equal prefix lengths (else an error) and compare the addresses; "A
 * subset of B" when A's prefix is at least B's and their high B_prefix
 * bits are equal. */
static enum ores
ip_compare(struct ox *ox, bool v6, const char *op, const char *value,
    const char *expect)
{
	const char *dt = v6 ? "ipv6_address" : "ipv4_address";
	struct ipval a, b;
	int c;

	if (!parse_ip(v6, value, &a) || !parse_ip(v6, expect, &b))
		return ox_fail(ox, OR_ERROR, "\"%s\" or \"%s\" is not an %s",
		    value, expect, dt);
	if (strcmp(op, "subset of") == 0 || strcmp(op, "superset of") == 0) {
		bool sub = strcmp(op, "subset of") == 0;
		const struct ipval *s = sub ? &a : &b, *l = sub ? &b : &a;

		return s->prefix >= l->prefix &&
		    ip_prefix_eq(s, l, l->prefix) ? OR_TRUE : OR_FALSE;
	}
	c = memcmp(a.a, b.a, v6 ? 16 : 4);
	if (strcmp(op, "equals") == 0 || strcmp(op, "not equal") == 0)
		return by_order(op, c != 0 || a.prefix != b.prefix);
	if (a.prefix != b.prefix && by_order(op, 0) != OR_UNKNOWN)
		return ox_fail(ox, OR_ERROR, "%s \"%s\" %s \"%s\": the prefix "
		    "lengths differ", dt, value, op, expect);
	return by_order(op, c < 0 ? -1 : c > 0);
}

/* An XML Schema float: a decimal with an optional exponent, "INF",
 * "-INF" or "NaN" (strtod alone also takes hex, "nan", "infinity", and
 * reads nothing from a word as 0). */
static bool
parse_float(const char *s, double *out)
{
	const char *p = s;
	char *e;

	if (strcmp(s, "INF") == 0 || strcmp(s, "+INF") == 0 ||
	    strcmp(s, "-INF") == 0) {
		*out = s[0] == '-' ? -HUGE_VAL : HUGE_VAL;
		return true;
	}
	if (strcmp(s, "NaN") == 0 || strcmp(s, "NAN") == 0) {
		*out = NAN;
		return true;
	}
	if (*p == '+' || *p == '-')
		p++;
	if (!isdigit((unsigned char)*p) && !(*p == '.' &&
	    isdigit((unsigned char)p[1])))
		return false;
	for (; *p != '\0'; p++)
		if (!isdigit((unsigned char)*p) && strchr(".eE+-", *p) == NULL)
			return false;
	*out = strtod(s, &e);
	return *e == '\0';
}

static bool
is_hex_octets(const char *s)
{
	size_t n = strlen(s);

	return n % 2 == 0 && strspn(s, "0123456789abcdefABCDEF") == n;
}

static bool
parse_bool(const char *s, bool *out)
{
	if (strcmp(s, "true") == 0 || strcmp(s, "1") == 0)
		*out = true;
	else if (strcmp(s, "false") == 0 || strcmp(s, "0") == 0)
		*out = false;
	else
		return false;
	return true;
}

enum ores
ox_compare(struct ox *ox, const char *dt, const char *op, const char *value,
    const char *expect)
{
	enum ores r;

	if (dt == NULL)
		dt = "string";
	if (op == NULL)
		op = "equals";
	if (strcmp(dt, "string") == 0) {
		if (strcmp(op, "pattern match") == 0) {
			pcre2_code *re = ox_regex(ox, expect, 0);
			int m;

			if (re == NULL)
				return ox_fail(ox, OR_ERROR, "bad regular "
				    "expression \"%s\"", expect);
			m = ox_match(ox, re, value, strlen(value), 0);
			if (m < 0)
				return ox_fail(ox, OR_ERROR, "regular "
				    "expression \"%s\": match limit", expect);
			return m ? OR_TRUE : OR_FALSE;
		}
		if (strcmp(op, "case insensitive equals") == 0)
			return strcasecmp(value, expect) == 0 ? OR_TRUE :
			    OR_FALSE;
		if (strcmp(op, "case insensitive not equal") == 0)
			return strcasecmp(value, expect) != 0 ? OR_TRUE :
			    OR_FALSE;
		if (strcmp(op, "equals") == 0 || strcmp(op, "not equal") == 0)
			return by_order(op, strcmp(value, expect));
		return ox_fail(ox, OR_UNKNOWN, "operation \"%s\" on a string",
		    op);
	}
	if (strcmp(dt, "int") == 0) {
		char *ea, *eb;
		long long a, b;

		errno = 0;
		a = strtoll(value, &ea, 10);
		b = strtoll(expect, &eb, 10);
		if (errno != 0 || ea == value || *ea != '\0' || eb == expect ||
		    *eb != '\0')
			return ox_fail(ox, OR_ERROR, "\"%s\" or \"%s\" is not "
			    "an int", value, expect);
		if (strcmp(op, "bitwise and") == 0)
			return (a & b) == b ? OR_TRUE : OR_FALSE;
		if (strcmp(op, "bitwise or") == 0)
			return (a | b) == b ? OR_TRUE : OR_FALSE;
		r = by_order(op, a < b ? -1 : a > b);
	} else if (strcmp(dt, "boolean") == 0) {
		bool a, b;

		if (!parse_bool(value, &a) || !parse_bool(expect, &b))
			return ox_fail(ox, OR_ERROR, "\"%s\" or \"%s\" is not "
			    "a boolean", value, expect);
		r = strcmp(op, "equals") == 0 || strcmp(op, "not equal") == 0 ?
		    by_order(op, a != b) : OR_UNKNOWN;
	} else if (strcmp(dt, "version") == 0)
		r = by_order(op, version_cmp(value, expect));
	else if (strcmp(dt, "debian_evr_string") == 0)
		r = by_order(op, dpkg_version_cmp(value, expect));
	else if (strcmp(dt, "evr_string") == 0)
		r = by_order(op, evr_cmp(value, expect));
	else if (strcmp(dt, "float") == 0) {
		double a, b;

		if (!parse_float(value, &a) || !parse_float(expect, &b))
			return ox_fail(ox, OR_ERROR, "\"%s\" or \"%s\" is not "
			    "a float", value, expect);
		/* NaN is unordered: equal only to NaN (XML Schema 1.0
		 * float), neither greater nor less than anything */
		if (isnan(a) || isnan(b)) {
			bool eq = isnan(a) && isnan(b);

			if (strcmp(op, "equals") == 0)
				return eq ? OR_TRUE : OR_FALSE;
			if (strcmp(op, "not equal") == 0)
				return eq ? OR_FALSE : OR_TRUE;
			r = by_order(op, 0) != OR_UNKNOWN ? OR_FALSE :
			    OR_UNKNOWN;
		} else
			r = by_order(op, a < b ? -1 : a > b);
	} else if (strcmp(dt, "binary") == 0) {
		/* hex octets, [0-9a-fA-F] pairs: "0a" equals "0A" */
		if (!is_hex_octets(value) || !is_hex_octets(expect))
			return ox_fail(ox, OR_ERROR, "\"%s\" or \"%s\" is not "
			    "binary (hex octets)", value, expect);
		r = strcmp(op, "equals") == 0 || strcmp(op, "not equal") == 0 ?
		    by_order(op, strcasecmp(value, expect) != 0) : OR_UNKNOWN;
	} else if (strcmp(dt, "ipv4_address") == 0 ||
	    strcmp(dt, "ipv6_address") == 0)
		r = ip_compare(ox, dt[3] == '6', op, value, expect);
	else
		return ox_fail(ox, OR_UNKNOWN, "datatype \"%s\"", dt);
	if (r == OR_UNKNOWN)
		return ox_fail(ox, OR_UNKNOWN, "operation \"%s\" on datatype "
		    "\"%s\"", op, dt);
	return r;
}

/* Fold results as an OVAL operator (AND, OR, ONE, XOR) does. */
struct tally {
	size_t	t, f, e, u, ne, na;
};

static void
tally_add(struct tally *c, enum ores r)
{
	switch (r) {
	case OR_TRUE:	c->t++; break;
	case OR_FALSE:	c->f++; break;
	case OR_ERROR:	c->e++; break;
	case OR_UNKNOWN: c->u++; break;
	case OR_NE:	c->ne++; break;
	case OR_NA:	c->na++; break;
	}
}

static enum ores
tally_rest(const struct tally *c)
{
	if (c->e > 0)
		return OR_ERROR;
	if (c->u > 0)
		return OR_UNKNOWN;
	return OR_NE;
}

static enum ores
tally_op(const struct tally *c, const char *op)
{
	size_t undecided = c->e + c->u + c->ne;

	if (c->t + c->f + undecided == 0)
		return OR_NA;
	if (op == NULL || strcmp(op, "AND") == 0) {
		if (c->f > 0)
			return OR_FALSE;
		return undecided == 0 ? OR_TRUE : tally_rest(c);
	}
	if (strcmp(op, "OR") == 0) {
		if (c->t > 0)
			return OR_TRUE;
		return undecided == 0 ? OR_FALSE : tally_rest(c);
	}
	if (strcmp(op, "ONE") == 0) {
		if (c->t >= 2)
			return OR_FALSE;
		if (undecided == 0)
			return c->t == 1 ? OR_TRUE : OR_FALSE;
		return tally_rest(c);
	}
	if (strcmp(op, "XOR") == 0) {
		if (undecided == 0)
			return c->t % 2 == 1 ? OR_TRUE : OR_FALSE;
		return tally_rest(c);
	}
	return OR_ERROR;
}

enum ores
ox_operator(const char *op, const enum ores *v, size_t n)
{
	struct tally c = { 0 };

	for (size_t i = 0; i < n; i++)
		tally_add(&c, v[i]);
	return tally_op(&c, op);
}

/* The `check` attribute over per-item (or per-value) results. */
static enum ores
tally_check(const struct tally *c, const char *check)
{
	size_t undecided = c->e + c->u + c->ne;

	if (c->t + c->f + undecided == 0)
		return OR_NA;
	if (check == NULL || strcmp(check, "all") == 0)
		return tally_op(c, "AND");
	if (strcmp(check, "at least one") == 0)
		return tally_op(c, "OR");
	if (strcmp(check, "only one") == 0)
		return tally_op(c, "ONE");
	if (strcmp(check, "none satisfy") == 0 ||
	    strcmp(check, "none exist") == 0) {
		if (c->t > 0)
			return OR_FALSE;
		return undecided == 0 ? OR_TRUE : tally_rest(c);
	}
	return OR_ERROR;
}

/* ---- variables (5.3.6) ---- */

static enum ores component(struct ox *ox, xmlNodePtr n, struct ovals *out);

static enum ores
fn_args(struct ox *ox, xmlNodePtr n, struct ovals **argv, size_t *argc)
{
	enum ores r = OR_TRUE;

	*argv = NULL;
	*argc = 0;
	for (xmlNodePtr c = n->children; c != NULL && r == OR_TRUE;
	    c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		*argv = xreallocarray(*argv, *argc + 1, sizeof(**argv));
		memset(&(*argv)[*argc], 0, sizeof(**argv));
		r = component(ox, c, &(*argv)[(*argc)++]);
	}
	return r;
}

static void
args_free(struct ovals *argv, size_t argc)
{
	for (size_t i = 0; i < argc; i++)
		ovals_release(&argv[i]);
	free(argv);
}

/* A OP B of the arithmetic function: integers stay integers; "if both
 * an integer and float components are used then the result is a float"
 * (5.11.3), written with the 15 significant digits a double keeps, so
 * 1.1 * 1.1 is 1.21 and not 1.2100000000000002. */
static char *
arith_op(const char *op, const char *a, const char *b)
{
	bool mul = strcmp(op, "multiply") == 0;
	char *ea, *eb;
	long long x, y;
	double fx, fy;

	errno = 0;
	x = strtoll(a, &ea, 10);
	y = strtoll(b, &eb, 10);
	if (errno == 0 && ea != a && *ea == '\0' && eb != b && *eb == '\0')
		return xasprintf("%lld", mul ? x * y : x + y);
	fx = strtod(a, NULL);
	fy = strtod(b, NULL);
	return xasprintf("%.15g", mul ? fx * fy : fx + fy);
}

/* concat/arithmetic: every combination of the arguments' values; false
 * when a concatenation would be longer than read_max (nested concats of
 * a variable with itself double at every level). */
static bool
combine(struct ox *ox, struct ovals *argv, size_t argc, const char *arith,
    size_t k, const char *acc, struct ovals *out)
{
	if (out->n >= ox->lim->oval_items)
		return true;
	if (k == argc) {
		ovals_add(out, acc, strlen(acc));
		return true;
	}
	for (size_t i = 0; i < argv[k].n; i++) {
		char *next;
		bool ok;

		if (arith == NULL && strlen(acc) + strlen(argv[k].v[i]) >
		    ox->lim->read_max)
			return false;
		if (arith == NULL)
			next = xasprintf("%s%s", acc, argv[k].v[i]);
		else if (k == 0)
			next = xstrdup(argv[k].v[i]);
		else
			next = arith_op(arith, acc, argv[k].v[i]);
		ok = combine(ox, argv, argc, arith, k + 1, next, out);
		free(next);
		if (!ok)
			return false;
	}
	return true;
}

static void
escape_regex(const char *s, struct strbuf *b)
{
	for (; *s != '\0'; s++) {
		if (strchr("\\^$.|?*+()[]{}", *s) != NULL)
			strbuf_addch(b, '\\');
		strbuf_addch(b, *s);
	}
}

/* glob_to_regex (5.11.3 GlobToRegexFunctionType): the shell glob as an
 * anchored Perl regex. '*' and '?' do not match '/', nor a '.' that
 * begins a path component ("(?=[^.])[^/]*", "[^./]" there: dotfiles are
 * matched only by a pattern part that begins with '.'); with
 * glob_noescape a backslash is a literal character, else it escapes the
 * next one. A '[' without its ']' is not a glob: false. */
static bool
glob_to_regex(const char *s, bool noescape, struct strbuf *b)
{
	bool start = true;

	strbuf_addch(b, '^');
	for (; *s != '\0'; s++) {
		bool was_start = start;

		start = *s == '/';
		if (*s == '\\' && !noescape && s[1] != '\0') {
			s++;
			if (strchr("\\^$.|?*+()[]{}", *s) != NULL)
				strbuf_addch(b, '\\');
			strbuf_addch(b, *s);
		} else if (*s == '*')
			strbuf_addstr(b, was_start ? "(?=[^.])[^/]*" : "[^/]*");
		else if (*s == '?')
			strbuf_addstr(b, was_start ? "[^./]" : "[^/]");
		else if (*s == '[') {
			/* a ']' right after '[' or "[!" is a member */
			const char *m = s + 1 + (s[1] == '!');
			const char *e = strchr(*m == ']' ? m + 1 : m, ']');

			if (e == NULL)
				return false;
			strbuf_addch(b, '[');
			if (s[1] == '!') {
				strbuf_addch(b, '^');
				s++;
			}
			strbuf_add(b, s + 1, (size_t)(e - s));
			s = e;
		} else {
			if (strchr("\\^$.|+(){}", *s) != NULL)
				strbuf_addch(b, '\\');
			strbuf_addch(b, *s);
		}
	}
	strbuf_addch(b, '$');
	return true;
}

static enum ores
function(struct ox *ox, xmlNodePtr n, struct ovals *out)
{
	const char *name = (const char *)n->name;
	struct ovals *argv;
	size_t argc;
	enum ores r = fn_args(ox, n, &argv, &argc);

	if (r != OR_TRUE) {
		args_free(argv, argc);
		return r;
	}
	if (strcmp(name, "concat") == 0) {
		if (!combine(ox, argv, argc, NULL, 0, "", out))
			r = ox_fail(ox, OR_ERROR, "concat: a value longer than "
			    "%zu bytes", ox->lim->read_max);
	} else if (strcmp(name, "arithmetic") == 0)
		(void)combine(ox, argv, argc, xattr(n, "arithmetic_operation"),
		    0, "", out);
	else if (strcmp(name, "count") == 0) {
		size_t k = 0;
		char num[32];

		for (size_t i = 0; i < argc; i++)
			k += argv[i].n;
		snprintf(num, sizeof(num), "%zu", k);
		ovals_add(out, num, strlen(num));
	} else if (strcmp(name, "unique") == 0) {
		for (size_t i = 0; i < argc; i++)
			for (size_t j = 0; j < argv[i].n; j++) {
				bool dup = false;

				for (size_t k = 0; k < out->n && !dup; k++)
					dup = strcmp(out->v[k],
					    argv[i].v[j]) == 0;
				if (!dup)
					ovals_add(out, argv[i].v[j],
					    strlen(argv[i].v[j]));
			}
	} else if (strcmp(name, "time_difference") == 0)
		r = ox_time_difference(ox, n, argv, argc, out);
	else if (argc != 1)
		r = ox_fail(ox, OR_ERROR, "function %s takes one component",
		    name);
	else if (strcmp(name, "substring") == 0) {
		const char *st = xattr(n, "substring_start");
		const char *ln = xattr(n, "substring_length");
		long start = st != NULL ? strtol(st, NULL, 10) : 1;
		long len = ln != NULL ? strtol(ln, NULL, 10) : -1;

		if (start < 1)
			start = 1;
		for (size_t j = 0; j < argv[0].n; j++) {
			const char *s = argv[0].v[j];
			size_t sl = strlen(s), from = (size_t)start - 1;

			if (from > sl)
				from = sl;
			ovals_add(out, s + from, len < 0 ||
			    (size_t)len > sl - from ? sl - from : (size_t)len);
		}
	} else if (strcmp(name, "regex_capture") == 0) {
		const char *pat = xattr(n, "pattern");
		pcre2_code *re = pat != NULL ? ox_regex(ox, pat, 0) : NULL;
		uint32_t groups = 0;

		if (re == NULL)
			r = ox_fail(ox, OR_ERROR, "regex_capture: bad pattern");
		else
			(void)pcre2_pattern_info(re, PCRE2_INFO_CAPTURECOUNT,
			    &groups);
		for (size_t j = 0; r == OR_TRUE && j < argv[0].n; j++) {
			const char *s = argv[0].v[j];
			int m = ox_match(ox, re, s, strlen(s), 0);
			PCRE2_SIZE *ov = pcre2_get_ovector_pointer(ox->md);

			if (m < 0)
				r = ox_fail(ox, OR_ERROR, "regex_capture: "
				    "match limit");
			/* 5.11: no match (or no group) gives ""; the pairs
			 * past the pattern's groups keep an older match's */
			else if (m == 1 && groups >= 1 && ov[2] != PCRE2_UNSET)
				ovals_add(out, s + ov[2], ov[3] - ov[2]);
			else
				ovals_add(out, "", 0);
		}
	} else if (strcmp(name, "split") == 0) {
		const char *del = xattr(n, "delimiter");
		size_t dl = del != NULL ? strlen(del) : 0;

		for (size_t j = 0; j < argv[0].n; j++) {
			const char *s = argv[0].v[j], *e;

			while (dl > 0 && (e = strstr(s, del)) != NULL) {
				ovals_add(out, s, (size_t)(e - s));
				s = e + dl;
			}
			ovals_add(out, s, strlen(s));
		}
	} else if (strcmp(name, "escape_regex") == 0 ||
	    strcmp(name, "glob_to_regex") == 0) {
		const char *ne = xattr(n, "glob_noescape");

		for (size_t j = 0; j < argv[0].n; j++) {
			struct strbuf b = STRBUF_INIT;

			if (name[0] == 'e')
				escape_regex(argv[0].v[j], &b);
			else if (!glob_to_regex(argv[0].v[j], ne != NULL &&
			    strcmp(ne, "true") == 0, &b)) {
				strbuf_release(&b);
				r = ox_fail(ox, OR_ERROR, "glob_to_regex: "
				    "\"%s\" is not a glob pattern (a '[' "
				    "without its ']')", argv[0].v[j]);
				break;
			}
			ovals_add(out, b.buf != NULL ? b.buf : "", b.len);
			strbuf_release(&b);
		}
	} else if (strcmp(name, "begin") == 0 || strcmp(name, "end") == 0) {
		const char *ch = xattr(n, "character");
		size_t cl = ch != NULL ? strlen(ch) : 0;

		for (size_t j = 0; j < argv[0].n; j++) {
			const char *s = argv[0].v[j];
			size_t sl = strlen(s);
			bool has = name[0] == 'b' ? strncmp(s, ch != NULL ?
			    ch : "", cl) == 0 : sl >= cl &&
			    strcmp(s + sl - cl, ch != NULL ? ch : "") == 0;
			char *v = has ? xstrdup(s) : name[0] == 'b' ?
			    xasprintf("%s%s", ch, s) :
			    xasprintf("%s%s", s, ch);

			ovals_add(out, v, strlen(v));
			free(v);
		}
	} else
		r = ox_fail(ox, OR_UNKNOWN, "OVAL function %s", name);
	args_free(argv, argc);
	if (r == OR_TRUE && out->n >= ox->lim->oval_items)
		r = ox_fail(ox, OR_ERROR, "more than %zu values",
		    ox->lim->oval_items);
	return r;
}

static enum ores
component(struct ox *ox, xmlNodePtr n, struct ovals *out)
{
	const char *name = (const char *)n->name;
	enum ores r = OR_TRUE;

	if (ox->depth >= OVAL_DEPTH) {
		ox->too_deep = true;
		return ox_fail(ox, OR_ERROR, "variables nest more than %d "
		    "deep", OVAL_DEPTH);
	}
	ox->depth++;
	if (strcmp(name, "literal_component") == 0) {
		char *s = xtext(n);

		ovals_add(out, s, strlen(s));
		free(s);
	} else if (strcmp(name, "variable_component") == 0) {
		const char *ref = xattr(n, "var_ref");

		r = ref != NULL ? ox_var(ox, ref, out) :
		    ox_fail(ox, OR_ERROR, "variable_component without var_ref");
	} else if (strcmp(name, "object_component") == 0) {
		const char *ref = xattr(n, "object_ref");
		const char *field = xattr(n, "item_field");
		xmlNodePtr obj = ref != NULL ? oval_by_id(ox->c, ref) : NULL;
		struct oitems items = { NULL, 0, 0 };

		if (obj == NULL || field == NULL)
			r = ox_fail(ox, OR_ERROR, "object_component: unknown "
			    "object \"%s\"", ref != NULL ? ref : "");
		else if (xattr(n, "record_field") != NULL)
			r = ox_fail(ox, OR_UNKNOWN, "object_component "
			    "record_field");
		else {
			r = ox_collect(ox, obj, &items);
			if (ox->rec != NULL)
				oval_sc_object(ox, obj, r, &items);
		}
		for (size_t i = 0; r == OR_TRUE && i < items.n; i++)
			for (size_t j = 0; j < items.v[i].nf; j++)
				if (strcmp(items.v[i].f[j].name, field) == 0)
					ovals_add(out, items.v[i].f[j].val,
					    strlen(items.v[i].f[j].val));
		oitems_release(&items);
	} else
		r = function(ox, n, out);
	ox->depth--;
	return r;
}

/* Is VALUE one external_variable V allows? "The value assigned by an
 * external source must match one of the possible_value or
 * possible_restriction elements" (5.11.3 schema); with none, any value
 * of the datatype is. A possible_restriction's restrictions combine by
 * its operator (AND by default). A value outside them is an error naming
 * it (OpenSCAP 1.3 drops it, so the variable has no value and the object
 * does not exist). */
static enum ores
ext_allowed(struct ox *ox, xmlNodePtr v, const char *value)
{
	const char *dt = xattr(v, "datatype");
	bool any = false;

	for (xmlNodePtr p = v->children; p != NULL; p = p->next) {
		const char *name = (const char *)p->name;
		enum ores r;

		if (p->type != XML_ELEMENT_NODE)
			continue;
		if (strcmp(name, "possible_value") == 0) {
			char *want = xtext(p);

			r = ox_compare(ox, dt, "equals", value, want);
			free(want);
		} else if (strcmp(name, "possible_restriction") == 0) {
			struct tally c = { 0 };

			for (xmlNodePtr q = p->children; q != NULL;
			    q = q->next) {
				char *want;

				if (q->type != XML_ELEMENT_NODE ||
				    strcmp((const char *)q->name,
				    "restriction") != 0)
					continue;
				want = xtext(q);
				tally_add(&c, ox_compare(ox, dt,
				    xattr(q, "operation"), value, want));
				free(want);
			}
			r = tally_op(&c, xattr(p, "operator"));
		} else
			continue;
		any = true;
		if (r == OR_TRUE)
			return OR_TRUE;
	}
	if (!any)
		return OR_TRUE;
	return ox_fail(ox, OR_ERROR, "external variable %s: \"%s\" is none "
	    "of its possible values or restrictions", xattr(v, "id"), value);
}

/* *TP, created on first use: most checks name no definition or variable
 * twice, and a table per check was 1% of an rhel9 stig scan. */
static xmlHashTablePtr
memo_table(xmlHashTablePtr *tp)
{
	if (*tp == NULL && (*tp = xmlHashCreate(16)) == NULL)
		xmem_oom();
	return *tp;
}

/* A local variable's values, worked out once per check (its external
 * variables do not change within one): variables that name the same one
 * twice, level after level, would otherwise be evaluated 2^levels times.
 * A result that depends on the way it was reached (a nesting limit) is
 * not kept, nor more than read_max bytes of values. */
struct kept_var {
	enum ores	 r;
	char		*why;
	struct ovals	 vals;
};

static void
kept_var_free(void *p, const xmlChar *name)
{
	struct kept_var *k = p;

	(void)name;
	free(k->why);
	ovals_release(&k->vals);
	free(k);
}

static void
ovals_append(struct ovals *to, const struct ovals *from)
{
	for (size_t i = 0; i < from->n; i++)
		ovals_add(to, from->v[i], strlen(from->v[i]));
}

static enum ores
local_var(struct ox *ox, xmlNodePtr v, const char *id, struct ovals *out)
{
	struct ovals mine = { NULL, 0, 0 };
	struct kept_var *k;
	struct ox_memo m;
	enum ores r = OR_ERROR;
	size_t bytes = 0;
	bool found = false;

	if ((k = xmlHashLookup(ox->vars, (const xmlChar *)id)) != NULL) {
		ovals_append(out, &k->vals);
		if (k->why != NULL && ox->why == NULL)
			ox->why = xstrdup(k->why);
		return k->r;
	}
	ox_memo_begin(ox, &m);
	for (xmlNodePtr c = v->children; c != NULL && !found; c = c->next)
		if (c->type == XML_ELEMENT_NODE &&
		    strcmp((const char *)c->name, "notes") != 0 &&
		    strcmp((const char *)c->name, "signature") != 0) {
			r = component(ox, c, &mine);
			found = true;
		}
	if (!found)
		r = ox_fail(ox, OR_ERROR, "local_variable %s has no "
		    "component", id);
	for (size_t i = 0; i < mine.n; i++)
		bytes += strlen(mine.v[i]);
	if (!ox->too_deep && bytes <= ox->lim->read_max) {
		k = xcalloc(1, sizeof(*k));
		k->r = r;
		k->why = ox->why != NULL ? xstrdup(ox->why) : NULL;
		ovals_append(&k->vals, &mine);
		if (xmlHashAddEntry(memo_table(&ox->vars),
		    (const xmlChar *)id, k) != 0)
			kept_var_free(k, NULL);
	}
	ovals_append(out, &mine);
	ovals_release(&mine);
	ox_memo_end(ox, &m);
	return r;
}

enum ores
ox_var(struct ox *ox, const char *id, struct ovals *out)
{
	xmlNodePtr v = oval_by_id(ox->c, id);
	const char *name;

	if (v == NULL)
		return ox_fail(ox, OR_ERROR, "unknown variable \"%s\"", id);
	name = (const char *)v->name;
	if (strcmp(name, "external_variable") == 0) {
		for (size_t i = 0; i < ox->nex; i++)
			if (strcmp(ox->ex[i].name, id) == 0) {
				enum ores r = ext_allowed(ox, v,
				    ox->ex[i].value);

				if (r != OR_TRUE)
					return r;
				ovals_add(out, ox->ex[i].value,
				    strlen(ox->ex[i].value));
				return OR_TRUE;
			}
		return ox_fail(ox, OR_ERROR, "external variable %s has no "
		    "value (no XCCDF check-export binds it)", id);
	}
	if (strcmp(name, "constant_variable") == 0) {
		for (xmlNodePtr c = v->children; c != NULL; c = c->next)
			if (c->type == XML_ELEMENT_NODE &&
			    strcmp((const char *)c->name, "value") == 0) {
				char *s = xtext(c);

				ovals_add(out, s, strlen(s));
				free(s);
			}
		return OR_TRUE;
	}
	if (strcmp(name, "local_variable") == 0)
		return local_var(ox, v, id, out);
	return ox_fail(ox, OR_ERROR, "\"%s\" is not a variable", id);
}

enum ores
ox_ent_values(struct ox *ox, xmlNodePtr n, struct ovals *out)
{
	const char *ref = xattr(n, "var_ref");
	char *s;

	if (ref != NULL)
		return ox_var(ox, ref, out);
	s = xtext(n);
	ovals_add(out, s, strlen(s));
	free(s);
	return OR_TRUE;
}

enum ores
ox_ent_match(struct ox *ox, xmlNodePtr n, const char *value)
{
	struct ovals vals = { NULL, 0, 0 };
	struct tally c = { 0 };
	enum ores r = ox_ent_values(ox, n, &vals);

	if (r != OR_TRUE) {
		ovals_release(&vals);
		return r;
	}
	for (size_t i = 0; i < vals.n; i++)
		tally_add(&c, ox_compare(ox, xattr(n, "datatype"),
		    xattr(n, "operation"), value, vals.v[i]));
	ovals_release(&vals);
	if (xattr(n, "var_ref") == NULL)
		return tally_op(&c, "AND");
	/* var_check (default all) over the variable's values; a variable
	 * with no value is an error (5.3.6.1) */
	if (c.t + c.f + c.e + c.u == 0)
		return ox_fail(ox, OR_ERROR, "variable %s has no value",
		    xattr(n, "var_ref"));
	return tally_check(&c, xattr(n, "var_check"));
}

/* ---- states and tests (5.3.4, 5.3.5) ---- */

static enum ores existence(const char *ce, size_t n);

enum ores
ox_state_item(struct ox *ox, xmlNodePtr st, const struct oitem *it)
{
	struct tally all = { 0 };

	for (xmlNodePtr e = st->children; e != NULL; e = e->next) {
		struct tally c = { 0 };
		const char *name = (const char *)e->name;

		if (e->type != XML_ELEMENT_NODE ||
		    strcmp(name, "notes") == 0 ||
		    strcmp(name, "signature") == 0)
			continue;
		const char *ce = xattr(e, "check_existence");
		size_t n = 0;
		enum ores ex;

		for (size_t i = 0; i < it->nf; i++)
			if (strcmp(it->f[i].name, name) == 0)
				n++;
		/* check_existence counts the instances of the entity in
		 * the item (5.11 EntityStateSimpleBaseType); only when it
		 * holds are the values compared. An entity absent from
		 * the item cannot be told from one assay does not collect,
		 * so only none_exist and any_exist decide that case. */
		ex = existence(ce, n);
		if (n == 0 && ex == OR_TRUE) {
			tally_add(&all, OR_TRUE);
			continue;
		}
		if (n == 0) {
			tally_add(&all, ox_fail(ox, OR_UNKNOWN, "item entity "
			    "%s is not collected", name));
			continue;
		}
		if (ex != OR_TRUE) {
			tally_add(&all, ex);
			continue;
		}
		for (size_t i = 0; i < it->nf; i++)
			if (strcmp(it->f[i].name, name) == 0)
				tally_add(&c, ox_ent_match(ox, e,
				    it->f[i].val));
		tally_add(&all, tally_check(&c, xattr(e, "entity_check")));
	}
	return tally_op(&all, xattr(st, "operator"));
}

/* Does item IT satisfy the test's states (state_operator)? */
static enum ores
states_item(struct ox *ox, xmlNodePtr test, const struct oitem *it)
{
	struct tally c = { 0 };

	for (xmlNodePtr s = test->children; s != NULL; s = s->next) {
		const char *ref;
		xmlNodePtr st;

		if (s->type != XML_ELEMENT_NODE ||
		    strcmp((const char *)s->name, "state") != 0)
			continue;
		ref = xattr(s, "state_ref");
		if (ref == NULL || (st = oval_by_id(ox->c, ref)) == NULL)
			tally_add(&c, ox_fail(ox, OR_ERROR, "unknown state "
			    "\"%s\"", ref != NULL ? ref : ""));
		else
			tally_add(&c, ox_state_item(ox, st, it));
	}
	return tally_op(&c, xattr(test, "state_operator"));
}

static bool
has_states(xmlNodePtr test)
{
	return xchild(test, "state") != NULL;
}

static enum ores
existence(const char *ce, size_t n)
{
	if (ce == NULL || strcmp(ce, "at_least_one_exists") == 0)
		return n >= 1 ? OR_TRUE : OR_FALSE;
	if (strcmp(ce, "all_exist") == 0)
		return n >= 1 ? OR_TRUE : OR_FALSE;
	if (strcmp(ce, "any_exist") == 0)
		return OR_TRUE;
	if (strcmp(ce, "none_exist") == 0)
		return n == 0 ? OR_TRUE : OR_FALSE;
	if (strcmp(ce, "only_one_exists") == 0)
		return n == 1 ? OR_TRUE : OR_FALSE;
	return OR_ERROR;
}

static void
test_evidence(struct ox *ox, xmlNodePtr test, enum ores r,
    const struct oitems *items, const struct oitem *decider)
{
	const char *comment = xattr(test, "comment");
	const char *id = xattr(test, "id");
	const struct oitem *it = decider != NULL ? decider :
	    items->n > 0 ? &items->v[0] : NULL;

	if (ox->ev == NULL)
		return;
	{
		char *at = it == NULL || it->path == NULL ? xstrdup("") :
		    it->line > 0 ? xasprintf(", at %s:%u", it->path,
		    it->line) : xasprintf(", at %s", it->path);
		bool why = (r == OR_ERROR || r == OR_UNKNOWN) &&
		    ox->why != NULL;

		evlist_add_violation(ox->ev, it != NULL ? it->path : NULL,
		    it != NULL ? it->line : 0, "%s %s%s%s%s: %s (%zu item%s%s)"
		    "%s%s", (const char *)test->name, id != NULL ? id : "",
		    comment != NULL ? " \"" : "", comment != NULL ?
		    comment : "", comment != NULL ? "\"" : "", ores_str(r),
		    items->n, items->n == 1 ? "" : "s", at, why ? ": " : "",
		    why ? ox->why : "");
		free(at);
	}
}

static enum ores
test_eval(struct ox *ox, const char *id)
{
	xmlNodePtr test = oval_by_id(ox->c, id), oref, obj;
	struct oitems items = { NULL, 0, 0 };
	const struct oitem *decider = NULL;
	enum ores r, cr = OR_ERROR, *irs = NULL;
	void *memo;

	if (test == NULL)
		return ox_fail(ox, OR_ERROR, "unknown test \"%s\"", id);
	if ((memo = xmlHashLookup(ox->tests, (const xmlChar *)id)) != NULL)
		return (enum ores)((intptr_t)memo - 1);
	oref = xchild(test, "object");
	obj = oref != NULL && xattr(oref, "object_ref") != NULL ?
	    oval_by_id(ox->c, xattr(oref, "object_ref")) : NULL;
	if (strcmp((const char *)test->name, "unknown_test") == 0)
		r = OR_UNKNOWN;
	else if (obj == NULL)
		r = ox_fail(ox, OR_ERROR, "test %s has no known object", id);
	else
		r = cr = ox_collect(ox, obj, &items);
	if (r == OR_TRUE) {
		const char *check = xattr(test, "check");
		const char *ce = xattr(test, "check_existence");

		/* check="none exist" (deprecated in 5.3, when existence
		 * got its own attribute) is true when no item satisfies
		 * the test's data requirements, whatever check_existence
		 * says: with a state, "none satisfy" over any number of
		 * items; without one, no item at all */
		if (check != NULL && strcmp(check, "none exist") == 0)
			ce = has_states(test) ? "any_exist" : "none_exist";
		r = existence(ce, items.n);
		if (r == OR_TRUE && items.n > 0 && has_states(test)) {
			struct tally c = { 0 };

			if (ox->rec != NULL)
				irs = xcalloc(items.n, sizeof(*irs));
			for (size_t i = 0; i < items.n; i++) {
				enum ores ir = states_item(ox, test,
				    &items.v[i]);

				if (irs != NULL)
					irs[i] = ir;
				tally_add(&c, ir);
				if (decider == NULL && ir != OR_TRUE)
					decider = &items.v[i];
			}
			r = tally_check(&c, check);
			if (r == OR_TRUE && check != NULL &&
			    strcmp(check, "none satisfy") == 0)
				decider = NULL;
		}
	}
	test_evidence(ox, test, r, &items, decider);
	if (ox->rec != NULL && obj != NULL)
		oval_sc_test(ox, test, obj, cr, &items, irs);
	free(irs);
	oitems_release(&items);
	(void)xmlHashAddEntry(ox->tests, (const xmlChar *)id,
	    (void *)(intptr_t)(r + 1));
	oval_results_add(ox, true, id, r);
	return r;
}

static enum ores
negate(xmlNodePtr n, enum ores r)
{
	const char *neg = xattr(n, "negate");

	if (neg == NULL || strcmp(neg, "true") != 0)
		return r;
	return r == OR_TRUE ? OR_FALSE : r == OR_FALSE ? OR_TRUE : r;
}

enum ores
ox_negate(xmlNodePtr n, enum ores r)
{
	return negate(n, r);
}

static enum ores definition(struct ox *ox, const char *id);

static enum ores
criteria(struct ox *ox, xmlNodePtr n)
{
	struct tally c = { 0 };

	if (ox->depth >= OVAL_DEPTH) {
		ox->too_deep = true;
		return ox_fail(ox, OR_ERROR, "criteria nest more than %d deep",
		    OVAL_DEPTH);
	}
	ox->depth++;
	for (xmlNodePtr k = n->children; k != NULL; k = k->next) {
		const char *name = (const char *)k->name;
		const char *ref;

		if (k->type != XML_ELEMENT_NODE)
			continue;
		if (strcmp(name, "criteria") == 0)
			tally_add(&c, criteria(ox, k));
		else if (strcmp(name, "criterion") == 0)
			tally_add(&c, negate(k, (ref = xattr(k, "test_ref")) !=
			    NULL ? test_eval(ox, ref) : OR_ERROR));
		else if (strcmp(name, "extend_definition") == 0)
			tally_add(&c, negate(k, (ref = xattr(k,
			    "definition_ref")) != NULL ? definition(ox, ref) :
			    OR_ERROR));
	}
	ox->depth--;
	return negate(n, tally_op(&c, xattr(n, "operator")));
}

static enum ores
definition(struct ox *ox, const char *id)
{
	xmlNodePtr def = oval_by_id(ox->c, id), cr;
	bool deep = ox->too_deep;
	void *memo;
	enum ores r;

	if (def == NULL || strcmp((const char *)def->name, "definition") != 0)
		return ox_fail(ox, OR_ERROR, "unknown definition \"%s\"", id);
	/* a definition that extends itself, directly or through others,
	 * has no result: an error naming the cycle (OpenSCAP says "not
	 * evaluated"), not the nesting limit it would otherwise reach */
	for (unsigned i = 0; i < ox->nchain; i++)
		if (strcmp(ox->chain[i], id) == 0) {
			ox->too_deep = true;
			return ox_fail(ox, OR_ERROR, "extend_definition "
			    "cycle: %s extends itself%s%s", id,
			    i + 1 < ox->nchain ? " through " : "",
			    i + 1 < ox->nchain ? ox->chain[i + 1] : "");
		}
	/* evaluated once per check, as its tests are: definitions that
	 * extend the same one twice, level after level, would otherwise
	 * be evaluated 2^levels times */
	if ((memo = xmlHashLookup(ox->defs, (const xmlChar *)id)) != NULL) {
		r = (enum ores)((intptr_t)memo - 1);
		oval_results_add(ox, false, id, r);
		return r;
	}
	ox->too_deep = false;
	if ((cr = xchild(def, "criteria")) == NULL)
		r = OR_UNKNOWN;	/* 5.3.3: no criteria */
	else if (ox->nchain > OVAL_DEPTH) {
		ox->too_deep = true;
		r = ox_fail(ox, OR_ERROR, "criteria nest more than %d deep",
		    OVAL_DEPTH);
	} else {
		ox->chain[ox->nchain++] = id;
		r = criteria(ox, cr);
		ox->nchain--;
	}
	/* not a result that depends on the way here (a cycle, a limit) */
	if (!ox->too_deep)
		(void)xmlHashAddEntry(memo_table(&ox->defs),
		    (const xmlChar *)id, (void *)(intptr_t)(r + 1));
	ox->too_deep |= deep;
	oval_results_add(ox, false, id, r);
	return r;
}

static void
ox_init(struct ox *ox, struct scap_doc *doc, const char *component,
    struct target *t, const struct limits *lim, struct evlist *ev)
{
	memset(ox, 0, sizeof(*ox));
	for (size_t i = 0; i < doc->ncomps; i++)
		if (strcmp(doc->comps[i].id, component) == 0)
			ox->c = &doc->comps[i];
	ox->t = t;
	ox->lim = lim;
	ox->ev = ev;
	ox->rec = doc->rec;
	if (doc->rx == NULL)
		doc->rx = xmlHashCreate(64);
	ox->rx = doc->rx;
	ox->serial = doc->serial;
	ox->tests = xmlHashCreate(64);
	ox->mctx = pcre2_match_context_create(NULL);
	ox->md = pcre2_match_data_create(32, NULL);
	if (ox->rx == NULL || ox->tests == NULL || ox->mctx == NULL ||
	    ox->md == NULL)
		xmem_oom();
	pcre2_set_match_limit(ox->mctx, lim->rx_match_limit);
	pcre2_set_depth_limit(ox->mctx, lim->rx_depth_limit);
}

static void
ox_release(struct ox *ox)
{
	xmlHashFree(ox->tests, NULL);
	xmlHashFree(ox->defs, NULL);
	xmlHashFree(ox->vars, kept_var_free);
	ox_nested_free(ox);
	pcre2_match_context_free(ox->mctx);
	pcre2_match_data_free(ox->md);
	free(ox->why);
}

/* Is definition DN of a class whose true result is the finding: a
 * vulnerability the system has, a patch it lacks? (SP 800-126r3 4.5.2,
 * "Deriving XCCDF Check Results from OVAL Definition Results": true is
 * fail and false pass for these two classes, the other way round for
 * compliance, inventory and miscellaneous; OpenSCAP the same.) */
static bool
class_inverted(xmlNodePtr dn)
{
	const char *c = dn != NULL ? xattr(dn, "class") : NULL;

	return c != NULL && (strcmp(c, "vulnerability") == 0 ||
	    strcmp(c, "patch") == 0);
}

/* Definition DEF evaluated as an XCCDF check: its status, its verdict
 * and then every test it evaluated appended to EV. */
static enum status
eval_one(struct ox *ox, const char *def, struct evlist *ev)
{
	struct evlist tests;
	struct evlist *saved = ox->ev;
	xmlNodePtr dn, md;
	enum ores r;
	enum status st;
	char *title = NULL, *cls;
	bool inv;

	evlist_init(&tests, ev->max);
	ox->ev = &tests;
	free(ox->why);
	ox->why = NULL;
	r = ox->c != NULL ? definition(ox, def) : OR_ERROR;
	ox->ev = saved;
	dn = ox->c != NULL ? oval_by_id(ox->c, def) : NULL;
	inv = class_inverted(dn);
	switch (r) {
	case OR_TRUE:
		st = inv ? ST_FAIL : ST_PASS;
		break;
	case OR_FALSE:
		st = inv ? ST_PASS : ST_FAIL;
		break;
	case OR_ERROR:
		st = ST_ERROR;
		break;
	case OR_NA:
		st = ST_NOTAPPLICABLE;
		break;
	default:
		st = ST_NOTCHECKED;
		break;
	}
	if (dn != NULL && (md = xchild(dn, "metadata")) != NULL &&
	    xchild(md, "title") != NULL)
		title = xtext(xchild(md, "title"));
	/* the definition's verdict first (the result's one-line message),
	 * then every test it evaluated */
	cls = inv && (r == OR_TRUE || r == OR_FALSE) ? xasprintf(" (class "
	    "%s: %s is %s)", xattr(dn, "class"), ores_str(r), status_str(st)) :
	    xstrdup("");
	if (st == ST_PASS || st == ST_NOTAPPLICABLE)
		evlist_add_context(ev, NULL, 0, "OVAL definition %s%s%s%s: %s%s",
		    def, title != NULL ? " \"" : "", title != NULL ? title : "",
		    title != NULL ? "\"" : "", ores_str(r), cls);
	else
		evlist_add_violation(ev, NULL, 0, "OVAL definition %s%s%s%s: "
		    "%s%s%s%s", def, title != NULL ? " \"" : "",
		    title != NULL ? title : "", title != NULL ? "\"" : "",
		    ores_str(r), cls, ox->why != NULL && r != OR_FALSE &&
		    r != OR_TRUE ? ": " : "", ox->why != NULL && r != OR_FALSE &&
		    r != OR_TRUE ? ox->why : "");
	free(cls);
	/* with a class that inverts, the tests that make the definition
	 * true are the ones that decided the failure */
	for (size_t i = 0; i < tests.n; i++)
		tests.v[i].kind = st == ST_FAIL && strstr(tests.v[i].message,
		    inv ? ": true (" : ": false (") != NULL ? EV_VIOLATION :
		    EV_CONTEXT;
	evlist_move(ev, &tests);
	evlist_release(&tests);
	free(title);
	return st;
}

enum status
oval_eval(struct scap_doc *doc, const char *component, const char *def,
    const struct oval_export *ex, size_t nex, struct target *t,
    const struct limits *lim, struct evlist *ev)
{
	struct ox ox;
	enum status st = ST__COUNT;
	xmlNodePtr defs;
	size_t n = 0;

	ox_init(&ox, doc, component, t, lim, NULL);
	ox.ex = ex;
	ox.nex = nex;
	if (ox.c == NULL) {
		evlist_add_violation(ev, NULL, 0, "OVAL definition %s: error: "
		    "no OVAL component \"%s\"", def != NULL ? def : "(every "
		    "one)", component);
		ox_release(&ox);
		return ST_ERROR;
	}
	if (def != NULL) {
		st = eval_one(&ox, def, ev);
		ox_release(&ox);
		return st;
	}
	/* an XCCDF check-content-ref without a name: every definition of
	 * the component, their checks' results combined as XCCDF's AND
	 * (NIST IR 7275r4 table 12; OpenSCAP the same, and an error when
	 * there is no definition at all) */
	defs = xchild(ox.c->root, "definitions");
	for (xmlNodePtr d = defs != NULL ? defs->children : NULL; d != NULL;
	    d = d->next) {
		enum status s;

		if (d->type != XML_ELEMENT_NODE ||
		    strcmp((const char *)d->name, "definition") != 0 ||
		    xattr(d, "id") == NULL)
			continue;
		s = eval_one(&ox, xattr(d, "id"), ev);
		st = n++ == 0 ? s : status_all(st, s);
	}
	if (n == 0) {
		evlist_add_violation(ev, NULL, 0, "OVAL component %s holds no "
		    "definition to evaluate (a check-content-ref without a "
		    "name evaluates them all)", component);
		st = ST_ERROR;
	}
	ox_release(&ox);
	return st;
}

/* ---- what `policy check` reports ---- */

static void
missing_add(struct strlist *m, const char *s)
{
	if (!strlist_has(m, s))
		strlist_add(m, s);
}

static const char *const functions[] = {
	"literal_component", "variable_component", "object_component",
	"concat", "arithmetic", "count", "unique", "substring",
	"regex_capture", "split", "escape_regex", "glob_to_regex", "begin",
	"end", "time_difference", NULL
};

static void walk_list(struct ox *ox, xmlNodePtr n, unsigned depth);

/* Element N: its name (a test type, a function), its references
 * followed once each, its children. */
static void
walk_one(struct ox *ox, xmlNodePtr n, unsigned depth)
{
	static const char *const refs[] = { "test_ref", "definition_ref",
	    "object_ref", "state_ref", "var_ref", NULL };
	const char *name = (const char *)n->name;
	size_t len = strlen(name);

	if (depth > OVAL_DEPTH || n->type != XML_ELEMENT_NODE)
		return;
	if (n->parent != NULL && strcmp((const char *)n->parent->name,
	    "local_variable") == 0) {
		bool known = false;

		for (size_t i = 0; functions[i] != NULL; i++)
			known |= strcmp(functions[i], name) == 0;
		if (!known)
			missing_add(ox->missing, name);
	}
	if (len > 5 && strcmp(name + len - 5, "_test") == 0) {
		char obj[128];

		snprintf(obj, sizeof(obj), "%.*s_object", (int)(len - 5),
		    name);
		if (!oval_has_collector(obj))
			missing_add(ox->missing, name);
	}
	for (size_t i = 0; refs[i] != NULL; i++) {
		const char *ref = xattr(n, refs[i]);
		xmlNodePtr to;

		if (ref == NULL || (to = oval_by_id(ox->c, ref)) == NULL ||
		    xmlHashLookup(ox->tests, (const xmlChar *)ref) != NULL)
			continue;
		(void)xmlHashAddEntry(ox->tests, (const xmlChar *)ref, to);
		walk_one(ox, to, depth + 1);
	}
	/* an object's var_ref is an element in a few types */
	if (strcmp(name, "var_ref") == 0 && n->parent != NULL &&
	    strcmp((const char *)n->parent->name, "variable_object") == 0) {
		char *ref = xtext(n);
		xmlNodePtr to = oval_by_id(ox->c, ref);

		if (to != NULL && xmlHashLookup(ox->tests,
		    (const xmlChar *)ref) == NULL) {
			(void)xmlHashAddEntry(ox->tests, (const xmlChar *)ref,
			    to);
			walk_one(ox, to, depth + 1);
		}
		free(ref);
	}
	walk_list(ox, n->children, depth + 1);
}

static void
walk_list(struct ox *ox, xmlNodePtr n, unsigned depth)
{
	for (; n != NULL; n = n->next)
		walk_one(ox, n, depth);
}

bool
oval_supported(struct scap_doc *doc, const char *component, const char *def,
    struct strlist *missing)
{
	struct ox ox;
	size_t before = missing->n;
	xmlNodePtr n;

	ox_init(&ox, doc, component, NULL, &limits_default, NULL);
	ox.missing = missing;
	if (ox.c != NULL && def == NULL) {
		/* every definition (a check-content-ref without a name) */
		xmlNodePtr defs = xchild(ox.c->root, "definitions");

		if (defs != NULL)
			walk_list(&ox, defs->children, 0);
	} else if (ox.c != NULL && (n = oval_by_id(ox.c, def)) != NULL)
		walk_one(&ox, n, 0);
	ox_release(&ox);
	return missing->n == before;
}
