/*
 * expect.c -- the `expect:` comparisons of value-reading probes.
 *
 * An expect is compiled once, at policy load, so a bad regex or a
 * reversed range is a policy error at its file:line:col rather than a
 * surprise mid-scan. It keeps its own copies of every string (the YAML it
 * came from may be freed first) and a ready-made description ("equals
 * \"no\" and not matches ...") that probes put in evidence as the
 * expected value. All given keys must hold; `nocase` applies to the
 * string and regex comparisons.
 */
#include "config.h"

#include <inttypes.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "assay/diag.h"
#include "assay/expect.h"
#include "assay/limits.h"
#include "assay/rx.h"
#include "assay/strbuf.h"
#include "assay/util.h"
#include "assay/xmem.h"
#include "assay/ynode.h"

struct expect {
	bool		 nocase;
	char		*equals;
	char		*not_equals;
	struct strlist	 in;
	struct strlist	 not_in;
	bool		 has_in;
	bool		 has_not_in;
	struct rx	*matches;
	struct rx	*not_matches;
	bool		 has_at_most;
	bool		 has_at_least;
	bool		 has_range;
	int64_t		 at_most;
	int64_t		 at_least;
	int64_t		 lo;
	int64_t		 hi;
	char		*desc;
};

static const char *const expect_keys[] = {
	"equals", "not_equals", "in", "not_in", "matches", "not_matches",
	"at_most", "at_least", "range", "nocase", NULL,
};

static int
read_int(const struct ynode *n, const char *key, int64_t *out,
    struct diag *d)
{
	if (ynode_is_scalar(n) &&
	    parse_int(n->text, INT64_MIN, INT64_MAX, out) == 0)
		return 0;
	diag_add(d, &n->at, "%s: expected an integer, got %s", key,
	    ynode_show(n));
	return -1;
}

static int
read_string(const struct ynode *n, const char *key, char **out,
    struct diag *d)
{
	const char *s;

	if (n == NULL)
		return 0;
	if (ynode_str(n, key, &s, d) != 0)
		return -1;
	*out = xstrdup(s);
	return 0;
}

static int
read_set(const struct ynode *n, const char *key, struct strlist *set,
    bool *has, struct diag *d)
{
	if (n == NULL)
		return 0;
	if (ynode_strlist(n, key, set, d) != 0)
		return -1;
	*has = true;
	return 0;
}

static int
read_regex(const struct ynode *n, const char *key, bool nocase,
    struct rx **out, const struct limits *lim, struct diag *d)
{
	const char *s;

	if (n == NULL)
		return 0;
	if (ynode_str(n, key, &s, d) != 0)
		return -1;
	*out = rx_compile(s, nocase ? RX_CASELESS : 0, key, &n->at, lim, d);
	return *out != NULL ? 0 : -1;
}

static int
read_range(struct expect *e, const struct ynode *n, struct diag *d)
{
	int rc = 0;

	if (n == NULL)
		return 0;
	if (!ynode_is_seq(n) || n->len != 2) {
		diag_add(d, &n->at, "range: expected a sequence of two "
		    "integers [lo, hi], got %s", ynode_show(n));
		return -1;
	}
	if (read_int(n->items[0], "range", &e->lo, d) != 0)
		rc = -1;
	if (read_int(n->items[1], "range", &e->hi, d) != 0)
		rc = -1;
	if (rc == 0 && e->lo > e->hi) {
		diag_add(d, &n->at, "range: lower bound %" PRId64 " is greater "
		    "than upper bound %" PRId64, e->lo, e->hi);
		rc = -1;
	}
	e->has_range = true;
	return rc;
}

static int
read_bound(const struct ynode *n, const char *key, int64_t *out, bool *has,
    struct diag *d)
{
	if (n == NULL)
		return 0;
	*has = true;
	return read_int(n, key, out, d);
}

/* " and " between the parts of a description. */
static void
sep(struct strbuf *b)
{
	if (b->len > 0)
		(void)strbuf_addstr(b, " and ");
}

static void
describe_set(struct strbuf *b, const char *verb, const struct strlist *set)
{
	sep(b);
	(void)strbuf_addstr(b, verb);
	for (size_t i = 0; i < set->n; i++) {
		char *q = diag_quote(set->v[i], 200);

		(void)strbuf_addf(b, "%s%s", i > 0 ? ", " : " ", q);
		free(q);
	}
}

static void
describe_str(struct strbuf *b, const char *verb, const char *s)
{
	char *q = diag_quote(s, 200);

	sep(b);
	(void)strbuf_addf(b, "%s %s", verb, q);
	free(q);
}

/* "equals \"no\" and at most 4", "one of \"a\", \"b\" (ignoring case)". */
static char *
describe(const struct expect *e)
{
	struct strbuf b = STRBUF_INIT;

	if (e->equals != NULL)
		describe_str(&b, "equals", e->equals);
	if (e->not_equals != NULL)
		describe_str(&b, "not equals", e->not_equals);
	if (e->has_in)
		describe_set(&b, "one of", &e->in);
	if (e->has_not_in)
		describe_set(&b, "none of", &e->not_in);
	if (e->matches != NULL)
		describe_str(&b, "matches", rx_pattern(e->matches));
	if (e->not_matches != NULL)
		describe_str(&b, "not matches", rx_pattern(e->not_matches));
	if (e->has_at_most) {
		sep(&b);
		(void)strbuf_addf(&b, "at most %" PRId64, e->at_most);
	}
	if (e->has_at_least) {
		sep(&b);
		(void)strbuf_addf(&b, "at least %" PRId64, e->at_least);
	}
	if (e->has_range) {
		sep(&b);
		(void)strbuf_addf(&b, "from %" PRId64 " to %" PRId64, e->lo,
		    e->hi);
	}
	if (e->nocase)
		(void)strbuf_addstr(&b, " (ignoring case)");
	return strbuf_detach(&b);
}

static bool
is_empty(const struct expect *e)
{
	return e->equals == NULL && e->not_equals == NULL && !e->has_in &&
	    !e->has_not_in && e->matches == NULL && e->not_matches == NULL &&
	    !e->has_at_most && !e->has_at_least && !e->has_range;
}

struct expect *
expect_compile(const struct ynode *n, const struct limits *lim,
    struct diag *d)
{
	struct expect *e;
	const struct ynode *nc;
	int rc = 0;

	if (!ynode_is_map(n)) {
		(void)ynode_check_keys(n, "expect", expect_keys, d);
		return NULL;
	}
	e = xcalloc(1, sizeof(*e));
	if (ynode_check_keys(n, "expect", expect_keys, d) != 0)
		rc = -1;
	if ((nc = ynode_get(n, "nocase")) != NULL &&
	    ynode_bool(nc, "nocase", &e->nocase, d) != 0)
		rc = -1;
	rc |= read_string(ynode_get(n, "equals"), "equals", &e->equals, d);
	rc |= read_string(ynode_get(n, "not_equals"), "not_equals",
	    &e->not_equals, d);
	rc |= read_set(ynode_get(n, "in"), "in", &e->in, &e->has_in, d);
	rc |= read_set(ynode_get(n, "not_in"), "not_in", &e->not_in,
	    &e->has_not_in, d);
	rc |= read_regex(ynode_get(n, "matches"), "matches", e->nocase,
	    &e->matches, lim, d);
	rc |= read_regex(ynode_get(n, "not_matches"), "not_matches",
	    e->nocase, &e->not_matches, lim, d);
	rc |= read_bound(ynode_get(n, "at_most"), "at_most", &e->at_most,
	    &e->has_at_most, d);
	rc |= read_bound(ynode_get(n, "at_least"), "at_least", &e->at_least,
	    &e->has_at_least, d);
	rc |= read_range(e, ynode_get(n, "range"), d);
	if (rc == 0 && is_empty(e)) {
		diag_add(d, &n->at, "expect: needs at least one of equals, "
		    "not_equals, in, not_in, matches, not_matches, at_most, "
		    "at_least or range");
		rc = -1;
	}
	if (rc != 0) {
		expect_free(e);
		return NULL;
	}
	e->desc = describe(e);
	return e;
}

static bool
str_eq(const struct expect *e, const char *a, const char *b)
{
	return e->nocase ? ascii_eq(a, b) : strcmp(a, b) == 0;
}

static bool
set_has(const struct expect *e, const struct strlist *set, const char *s)
{
	for (size_t i = 0; i < set->n; i++)
		if (str_eq(e, set->v[i], s))
			return true;
	return false;
}

/* RX_MATCH / RX_NOMATCH as WANT; a limit or pcre2 error never holds. */
static bool
rx_holds(const struct rx *rx, const char *s, enum rx_rc want)
{
	return rx_match(rx, s, strlen(s), false, NULL, NULL) == want;
}

static bool
int_holds(const struct expect *e, const char *value)
{
	int64_t v;

	if (!e->has_at_most && !e->has_at_least && !e->has_range)
		return true;
	if (parse_int(value, INT64_MIN, INT64_MAX, &v) != 0)
		return false;
	if (e->has_at_most && v > e->at_most)
		return false;
	if (e->has_at_least && v < e->at_least)
		return false;
	return !e->has_range || (v >= e->lo && v <= e->hi);
}

bool
expect_test(const struct expect *e, const char *value)
{
	if (e->equals != NULL && !str_eq(e, e->equals, value))
		return false;
	if (e->not_equals != NULL && str_eq(e, e->not_equals, value))
		return false;
	if (e->has_in && !set_has(e, &e->in, value))
		return false;
	if (e->has_not_in && set_has(e, &e->not_in, value))
		return false;
	if (e->matches != NULL && !rx_holds(e->matches, value, RX_MATCH))
		return false;
	if (e->not_matches != NULL &&
	    !rx_holds(e->not_matches, value, RX_NOMATCH))
		return false;
	return int_holds(e, value);
}

const char *
expect_describe(const struct expect *e)
{
	return e->desc;
}

void
expect_free(struct expect *e)
{
	if (e == NULL)
		return;
	free(e->equals);
	free(e->not_equals);
	strlist_release(&e->in);
	strlist_release(&e->not_in);
	rx_free(e->matches);
	rx_free(e->not_matches);
	free(e->desc);
	free(e);
}
