/*
 * secret_scan.c -- detectors of secrets by content and the one-pass
 * matcher behind them (secret_scan.h).
 *
 * The prefilter is an Aho-Corasick automaton written here rather than a
 * memchr/two-byte-anchor scheme: the pack has ~60 keywords sharing few
 * leading bytes ("-----BEGIN", "ghp_", "xox", "AKIA", "password", ...),
 * so any anchor byte is common in text, while a DFA costs one lookup
 * per byte whatever the keyword count, and users add keywords freely.
 * Bytes are folded to lower case and mapped to classes (the bytes that
 * occur in some keyword, everything else one class) so the transition
 * table stays a few KB and hot in cache. Hyperscan was not used: it is
 * x86-only in Debian, adds a dependency for a prefilter that is already
 * at memory speed, and its pcre subset would not run the user's
 * patterns as written.
 *
 * A detector whose keyword occurs runs its pcre2 pattern (JIT, with the
 * limits of rx.c) over the whole file, every match; the gates and
 * allowlists then drop what is not a secret.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

#include "assay/limits.h"
#include "assay/rx.h"
#include "assay/secret_scan.h"
#include "assay/strbuf.h"
#include "assay/util.h"
#include "assay/xmem.h"

/* Keywords of one detector, and their length: a keyword is a literal a
 * secret's text always holds, not a pattern. */
#define SECRET_KEYWORDS	32
#define SECRET_KW_MAX	64

struct secret_det {
	char		*id;
	char		*title;
	char		**kw;		/* lower-cased */
	size_t		 nkw;
	struct rx	*rx;
	struct rx	**allow;	/* on the secret */
	size_t		 nallow;
	struct strlist	 allow_paths;	/* globs */
	struct strlist	 paths;		/* globs; empty: every file */
	uint64_t	 min_length;
	double		 min_entropy;
};

struct secret_member {
	const struct secret_det	*det;
	void			*owner;
};

/* Flag of a transition into a state with an output (secret_set_build):
 * states * classes stays far below it (SECRET_KEYWORDS * SECRET_KW_MAX
 * states a detector, 256 detectors a rule, 256 classes). */
#define SECRET_OUT	0x40000000

struct secret_set {
	struct secret_member	*m;
	size_t			 n;
	size_t			 cap;
	/* the automaton */
	uint8_t			 cls[256];
	unsigned		 ncls;
	int32_t			*delta;		/* [state * ncls + class] */
	size_t			 nstates;
	/* outputs: the keywords ending at a state, through its dictionary
	 * suffix links; a state with none has out[s] == -1 */
	int32_t			*out;		/* first keyword, or -1 */
	int32_t			*dict;		/* next output state, or -1 */
	int32_t			*kwnext;	/* keyword -> next at state */
	size_t			*kwmember;	/* keyword -> member index */
	size_t			 nkw;
};

static const char *const det_keys[] = {
	"id", "title", "keywords", "pattern", "nocase", "min_length",
	"min_entropy", "allow", "allow_paths", "paths", NULL
};

void
secret_det_free(struct secret_det *det)
{
	if (det == NULL)
		return;
	free(det->id);
	free(det->title);
	for (size_t i = 0; i < det->nkw; i++)
		free(det->kw[i]);
	free(det->kw);
	rx_free(det->rx);
	for (size_t i = 0; i < det->nallow; i++)
		rx_free(det->allow[i]);
	free(det->allow);
	strlist_release(&det->allow_paths);
	strlist_release(&det->paths);
	free(det);
}

const char *
secret_det_id(const struct secret_det *det)
{
	return det->id;
}

const char *
secret_det_title(const struct secret_det *det)
{
	return det->title;
}

size_t
secret_det_keyword_bytes(const struct secret_det *det)
{
	size_t n = 0;

	for (size_t i = 0; i < det->nkw; i++)
		n += strlen(det->kw[i]);
	return n;
}

static int
det_str(const struct ynode *map, const char *key, char **out,
    struct diag *d)
{
	const struct ynode *n = ynode_get(map, key);
	const char *s;

	if (n == NULL) {
		diag_add(d, &map->at, "missing required key \"%s\" in "
		    "detector", key);
		return -1;
	}
	if (ynode_str(n, key, &s, d) != 0)
		return -1;
	if (s[0] == '\0') {
		diag_add(d, &n->at, "%s: expected a non-empty string", key);
		return -1;
	}
	*out = xstrdup(s);
	return 0;
}

static int
det_keywords(const struct ynode *map, struct secret_det *det,
    struct diag *d)
{
	const struct ynode *n = ynode_get(map, "keywords");
	const char **v;
	size_t nv;

	if (n == NULL) {
		diag_add(d, &map->at, "missing required key \"keywords\" in "
		    "detector (the literal prefilter: a pattern without one "
		    "would run on every file)");
		return -1;
	}
	if (ynode_strs(n, "keywords", &v, &nv, d) != 0)
		return -1;
	if (nv == 0 || nv > SECRET_KEYWORDS) {
		diag_add(d, &n->at, "keywords: expected 1 to %d strings, got "
		    "%zu", SECRET_KEYWORDS, nv);
		free(v);
		return -1;
	}
	det->kw = xcalloc(nv, sizeof(*det->kw));
	for (size_t i = 0; i < nv; i++) {
		size_t len = strlen(v[i]);

		if (len < 2 || len > SECRET_KW_MAX) {
			diag_add(d, &n->at, "keywords: \"%s\" must be 2 to %d "
			    "bytes long", len > SECRET_KW_MAX ? "..." : v[i],
			    SECRET_KW_MAX);
			free(v);
			return -1;
		}
		det->kw[i] = xstrdup(v[i]);
		for (char *p = det->kw[i]; *p != '\0'; p++)
			if (*p >= 'A' && *p <= 'Z')
				*p = (char)(*p - 'A' + 'a');
		det->nkw++;
	}
	free(v);
	return 0;
}

static int
det_allow(const struct ynode *map, const struct limits *lim,
    struct secret_det *det, struct diag *d)
{
	const struct ynode *n = ynode_get(map, "allow");
	const char **v;
	size_t nv;
	int rc = 0;

	if (n == NULL)
		return 0;
	if (ynode_strs(n, "allow", &v, &nv, d) != 0)
		return -1;
	det->allow = xcalloc(nv + 1, sizeof(*det->allow));
	for (size_t i = 0; i < nv; i++) {
		det->allow[det->nallow] = rx_compile(v[i], 0, "allow",
		    &n->at, lim, d);
		if (det->allow[det->nallow] == NULL)
			rc = -1;
		else
			det->nallow++;
	}
	free(v);
	return rc;
}

static int
det_gates(const struct ynode *map, struct secret_det *det, struct diag *d)
{
	const struct ynode *n;
	char *end;

	if ((n = ynode_get(map, "min_length")) != NULL &&
	    ynode_uint(n, "min_length", 1, 65536, &det->min_length, d) != 0)
		return -1;
	if ((n = ynode_get(map, "min_entropy")) == NULL)
		return 0;
	if (!ynode_is_scalar(n) || (det->min_entropy = strtod(n->text,
	    &end), end == n->text || *end != '\0') ||
	    !(det->min_entropy >= 0.0 && det->min_entropy <= 8.0)) {
		diag_add(d, &n->at, "min_entropy: expected bits per byte "
		    "from 0 to 8, got %s", ynode_show(n));
		return -1;
	}
	return 0;
}

struct secret_det *
secret_det_compile(const struct ynode *n, const struct limits *lim,
    struct diag *d)
{
	struct secret_det *det = xcalloc(1, sizeof(*det));
	const struct ynode *v;
	bool nocase = false;
	char *pat = NULL;
	int rc = 0;

	if (ynode_check_keys(n, "detector", det_keys, d) != 0) {
		secret_det_free(det);
		return NULL;
	}
	rc |= det_str(n, "id", &det->id, d);
	rc |= det_str(n, "title", &det->title, d);
	rc |= det_keywords(n, det, d);
	if ((v = ynode_get(n, "nocase")) != NULL &&
	    ynode_bool(v, "nocase", &nocase, d) != 0)
		rc = -1;
	if (det_str(n, "pattern", &pat, d) == 0) {
		det->rx = rx_compile(pat, nocase ? RX_CASELESS : 0, "pattern",
		    &ynode_get(n, "pattern")->at, lim, d);
		if (det->rx == NULL)
			rc = -1;
	} else {
		rc = -1;
	}
	free(pat);
	rc |= det_allow(n, lim, det, d);
	rc |= det_gates(n, det, d);
	if (ynode_strlist(ynode_get(n, "allow_paths"), "allow_paths",
	    &det->allow_paths, d) != 0 ||
	    ynode_strlist(ynode_get(n, "paths"), "paths", &det->paths, d) != 0)
		rc = -1;
	if (rc != 0) {
		secret_det_free(det);
		return NULL;
	}
	return det;
}

struct secret_set *
secret_set_new(void)
{
	return xcalloc(1, sizeof(struct secret_set));
}

void
secret_set_add(struct secret_set *s, const struct secret_det *det,
    void *owner)
{
	xgrow((void **)&s->m, &s->cap, s->n + 1, sizeof(*s->m));
	s->m[s->n].det = det;
	s->m[s->n].owner = owner;
	s->n++;
}

void
secret_set_free(struct secret_set *s)
{
	if (s == NULL)
		return;
	free(s->m);
	free(s->delta);
	free(s->out);
	free(s->dict);
	free(s->kwnext);
	free(s->kwmember);
	free(s);
}

static unsigned char
fold(unsigned char c)
{
	return c >= 'A' && c <= 'Z' ? (unsigned char)(c - 'A' + 'a') : c;
}

/* A new state with no transitions (-1) and no output. */
static int32_t
new_state(struct secret_set *s, size_t *cap)
{
	size_t old = *cap;

	if (s->nstates + 1 > *cap) {
		*cap = *cap != 0 ? *cap * 2 : 64;
		s->delta = xreallocarray(s->delta, *cap * s->ncls,
		    sizeof(*s->delta));
		s->out = xreallocarray(s->out, *cap, sizeof(*s->out));
		s->dict = xreallocarray(s->dict, *cap, sizeof(*s->dict));
	}
	(void)old;
	for (unsigned c = 0; c < s->ncls; c++)
		s->delta[s->nstates * s->ncls + c] = -1;
	s->out[s->nstates] = -1;
	s->dict[s->nstates] = -1;
	return (int32_t)s->nstates++;
}

static void
build_classes(struct secret_set *s)
{
	memset(s->cls, 0, sizeof(s->cls));
	s->ncls = 1;
	for (size_t i = 0; i < s->n; i++)
		for (size_t k = 0; k < s->m[i].det->nkw; k++)
			for (const char *p = s->m[i].det->kw[k]; *p; p++)
				if (s->cls[(unsigned char)*p] == 0)
					s->cls[(unsigned char)*p] =
					    (uint8_t)s->ncls++;
	/* upper case reads as lower case */
	for (unsigned c = 'A'; c <= 'Z'; c++)
		s->cls[c] = s->cls[fold((unsigned char)c)];
}

static void
build_trie(struct secret_set *s, size_t *cap)
{
	size_t nkw = 0;

	for (size_t i = 0; i < s->n; i++)
		nkw += s->m[i].det->nkw;
	s->kwnext = xcalloc(nkw + 1, sizeof(*s->kwnext));
	s->kwmember = xcalloc(nkw + 1, sizeof(*s->kwmember));
	(void)new_state(s, cap);
	for (size_t i = 0; i < s->n; i++) {
		for (size_t k = 0; k < s->m[i].det->nkw; k++) {
			int32_t st = 0;

			for (const char *p = s->m[i].det->kw[k]; *p; p++) {
				size_t at = (size_t)st * s->ncls +
				    s->cls[(unsigned char)*p];
				int32_t nx = s->delta[at];

				if (nx < 0) {
					nx = new_state(s, cap);
					s->delta[(size_t)st * s->ncls +
					    s->cls[(unsigned char)*p]] = nx;
				}
				st = nx;
			}
			s->kwmember[s->nkw] = i;
			s->kwnext[s->nkw] = s->out[st];
			s->out[st] = (int32_t)s->nkw++;
		}
	}
}

/* Failure links by breadth-first order, turning the trie into a DFA. */
static void
build_links(struct secret_set *s)
{
	int32_t *fail = xcalloc(s->nstates, sizeof(*fail));
	int32_t *queue = xcalloc(s->nstates, sizeof(*queue));
	size_t head = 0;
	size_t tail = 0;

	for (unsigned c = 0; c < s->ncls; c++) {
		int32_t nx = s->delta[c];

		if (nx < 0) {
			s->delta[c] = 0;
		} else {
			fail[nx] = 0;
			queue[tail++] = nx;
		}
	}
	while (head < tail) {
		int32_t st = queue[head++];
		int32_t f = fail[st];

		s->dict[st] = s->out[f] >= 0 ? f : s->dict[f];
		for (unsigned c = 0; c < s->ncls; c++) {
			size_t at = (size_t)st * s->ncls + c;
			int32_t nx = s->delta[at];

			if (nx < 0) {
				s->delta[at] = s->delta[(size_t)f * s->ncls +
				    c];
			} else {
				fail[nx] = s->delta[(size_t)f * s->ncls + c];
				queue[tail++] = nx;
			}
		}
	}
	free(fail);
	free(queue);
}

void
secret_set_build(struct secret_set *s)
{
	size_t cap = 0;

	build_classes(s);
	build_trie(s, &cap);
	build_links(s);
	/* the scan loop reads row offsets, not states, flagged when the
	 * state has an output: one lookup and one test a byte */
	for (size_t i = 0; i < s->nstates * s->ncls; i++) {
		int32_t t = s->delta[i];

		s->delta[i] = (int32_t)((size_t)t * s->ncls) |
		    (s->out[t] >= 0 || s->dict[t] >= 0 ? SECRET_OUT : 0);
	}
}

bool
secret_is_binary(const char *buf, size_t len)
{
	size_t ctl = 0;

	if (len > SECRET_SNIFF)
		len = SECRET_SNIFF;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)buf[i];

		if (c == 0)
			return true;
		if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r' &&
		    c != '\f' && c != 0x1b) || c == 0x7f)
			ctl++;
	}
	return ctl * 10 > len;
}

/* log2(X) for X >= 1 to 24 bits, by repeated squaring (no libm). */
static double
lg(double x)
{
	double r = 0.0;
	double bit = 0.5;

	while (x >= 2.0) {
		x /= 2.0;
		r += 1.0;
	}
	for (int i = 0; i < 24; i++) {
		x *= x;
		if (x >= 2.0) {
			x /= 2.0;
			r += bit;
		}
		bit /= 2.0;
	}
	return r;
}

/* H = log2(n) - sum(c * log2(c)) / n over the byte counts c. */
double
secret_entropy(const char *buf, size_t len)
{
	size_t count[256] = { 0 };
	double sum = 0.0;

	if (len == 0)
		return 0.0;
	for (size_t i = 0; i < len; i++)
		count[(unsigned char)buf[i]]++;
	for (unsigned c = 0; c < 256; c++)
		if (count[c] > 1)
			sum += (double)count[c] * lg((double)count[c]);
	return lg((double)len) - sum / (double)len;
}

/* Line of offset OFF, counting on from the last answer in POS and LINE
 * (matches of one detector come in order; a new detector starts over). */
static unsigned
line_of(const char *buf, size_t off, size_t *pos, unsigned *line)
{
	const char *p;

	if (off < *pos) {
		*pos = 0;
		*line = 1;
	}
	while ((p = memchr(buf + *pos, '\n', off - *pos)) != NULL) {
		(*line)++;
		*pos = (size_t)(p - buf) + 1;
	}
	*pos = off;
	return *line;
}

static bool
path_listed(const struct strlist *l, const char *path)
{
	for (size_t i = 0; i < l->n; i++)
		if (glob_match(l->v[i], path, false))
			return true;
	return false;
}

/* Does secret SEC[0..LEN) of DET, found in match M[0..MLEN), pass its
 * gates and allowlist (which reads the whole match)? */
static bool
det_keeps(const struct secret_det *det, const char *sec, size_t len,
    const char *m, size_t mlen)
{
	size_t so, eo, gso, geo;

	if (len == 0 || len < det->min_length)
		return false;
	if (det->min_entropy > 0.0 && secret_entropy(sec, len) <
	    det->min_entropy)
		return false;
	for (size_t i = 0; i < det->nallow; i++)
		if (rx_match_at(det->allow[i], m, mlen, 0, &so, &eo, &gso,
		    &geo) == RX_MATCH)
			return false;
	return true;
}

/* The first few characters of SEC (a quarter of a short one, at most
 * SECRET_SHOW) with "***": never enough to use it. Control bytes are
 * shown as '?'. */
static void
mask(const char *sec, size_t len, char *out, size_t outlen)
{
	size_t show = len / 4 < SECRET_SHOW ? len / 4 : SECRET_SHOW;
	size_t k = 0;

	for (size_t i = 0; i < show && k + 4 < outlen; i++) {
		unsigned char c = (unsigned char)sec[i];

		out[k++] = c < 0x20 || c >= 0x7f ? '?' : (char)c;
	}
	memcpy(out + k, "***", 4);
}

static void
fingerprint(const char *sec, size_t len, char hex[65])
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned mdlen = 0;
	static const char digits[] = "0123456789abcdef";

	if (EVP_Digest(sec, len, md, &mdlen, EVP_sha256(), NULL) != 1 ||
	    mdlen != 32) {
		memset(hex, '0', 64);
		hex[64] = '\0';
		return;
	}
	for (unsigned i = 0; i < 32; i++) {
		hex[2 * i] = digits[md[i] >> 4];
		hex[2 * i + 1] = digits[md[i] & 15];
	}
	hex[64] = '\0';
}

/* Run member M's pattern over the file. */
static size_t
run_member(const struct secret_member *m, const char *path, const char *buf,
    size_t len, secret_hit_fn fn, void *arg)
{
	const struct secret_det *det = m->det;
	size_t start = 0, so, eo, gso, geo;
	size_t lpos = 0;
	unsigned line = 1;
	unsigned found = 0;
	struct secret_hit h;
	enum rx_rc rc;

	if ((det->paths.n > 0 && !path_listed(&det->paths, path)) ||
	    path_listed(&det->allow_paths, path))
		return 0;
	while (start <= len && found < SECRET_PER_FILE) {
		rc = rx_match_at(det->rx, buf, len, start, &so, &eo, &gso,
		    &geo);
		if (rc == RX_NOMATCH)
			return 0;
		if (rc != RX_MATCH)
			return 1;
		start = eo > so ? eo : eo + 1;
		if (!det_keeps(det, buf + gso, geo - gso, buf + so, eo - so))
			continue;
		memset(&h, 0, sizeof(h));
		h.det = det;
		h.owner = m->owner;
		h.line = line_of(buf, gso, &lpos, &line);
		mask(buf + gso, geo - gso, h.preview, sizeof(h.preview));
		fingerprint(buf + gso, geo - gso, h.fp);
		fn(&h, arg);
		found++;
	}
	return 0;
}

size_t
secret_set_scan(const struct secret_set *s, const char *path,
    const char *buf, size_t len, secret_hit_fn fn, void *arg)
{
	const unsigned char *p = (const unsigned char *)buf;
	const unsigned char *end = p + len;
	const int32_t *delta = s->delta;
	const uint8_t *cls = s->cls;
	size_t ncls = s->ncls;
	int32_t st = 0;
	bool *hit;
	bool any = false;
	size_t errs = 0;

	if (s->n == 0 || len == 0)
		return 0;
	hit = xcalloc(s->n, sizeof(*hit));
	for (; p < end; p++) {
		int32_t t = delta[(size_t)st + cls[*p]];

		st = t & ~SECRET_OUT;
		if (!(t & SECRET_OUT))
			continue;
		t = st / (int32_t)ncls;
		for (int32_t o = s->out[t] >= 0 ? t : s->dict[t]; o >= 0;
		    o = s->dict[o])
			for (int32_t k = s->out[o]; k >= 0; k = s->kwnext[k]) {
				hit[s->kwmember[k]] = true;
				any = true;
			}
	}
	for (size_t i = 0; any && i < s->n; i++)
		if (hit[i])
			errs += run_member(&s->m[i], path, buf, len, fn, arg);
	free(hit);
	return errs;
}
