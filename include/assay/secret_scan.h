/*
 * secret_scan.h -- secrets by content: detectors as policy data, all run
 * in one pass over a file's bytes.
 *
 * A detector (one map of a `secrets` check, docs/policy-language.md) has
 * an id, a title, literal keywords, a pcre2 pattern whose first capture
 * group that took part is the secret (else the whole match), optional
 * length and entropy gates and allowlists. A secret_set holds the
 * detectors of every `secrets` rule of a scan behind ONE Aho-Corasick
 * automaton over their keywords (case-folded): a file is read once, the
 * automaton marks the detectors whose keywords occur, and only those run
 * their (JIT) pattern over the file. Most files hold no keyword at all,
 * so the cost of a file is one table lookup per byte.
 *
 * A hit never carries the secret: only a masked preview (a few leading
 * characters and "***") and the SHA-256 of the secret, which waivers and
 * baselines can match on.
 *
 *   1. secret_det_compile() each detector (policy load);
 *   2. secret_set_new(), secret_set_add() each, secret_set_build();
 *   3. secret_set_scan() every file (secret_is_binary() first);
 *   4. secret_set_free(), secret_det_free().
 */
#ifndef ASSAY_SECRET_SCAN_H
#define ASSAY_SECRET_SCAN_H

#include <stdbool.h>
#include <stddef.h>

#include "assay/diag.h"
#include "assay/ynode.h"

struct limits;
struct secret_det;
struct secret_set;

/* Bytes sniffed at the start of a file to tell text from binary. */
#define SECRET_SNIFF	8192
/* Characters of a secret shown in evidence (fewer for a short one). */
#define SECRET_SHOW	4
/* Matches of one detector reported per file; more are counted. */
#define SECRET_PER_FILE	64

/* Compile detector map N. NULL with the message at the offending key. */
struct secret_det *secret_det_compile(const struct ynode *n,
		    const struct limits *lim, struct diag *d);
void		 secret_det_free(struct secret_det *det);
const char	*secret_det_id(const struct secret_det *det);
const char	*secret_det_title(const struct secret_det *det);
/* The bytes of DET's keywords together (limits.h secret_keyword_bytes). */
size_t		 secret_det_keyword_bytes(const struct secret_det *det);

/* One secret found. */
struct secret_hit {
	const struct secret_det	*det;
	void			*owner;		/* as given to secret_set_add */
	unsigned		 line;		/* 1-based, of the secret */
	char			 preview[SECRET_SHOW * 4 + 8];	/* "AKIA***" */
	char			 fp[65];	/* hex SHA-256 of the secret */
};
typedef void (*secret_hit_fn)(const struct secret_hit *h, void *arg);

struct secret_set *secret_set_new(void);
/* Add DET (borrowed; it must outlive the set), reporting to OWNER. */
void		 secret_set_add(struct secret_set *s,
		    const struct secret_det *det, void *owner);
/* Build the keyword automaton; after it, no more adds. */
void		 secret_set_build(struct secret_set *s);
void		 secret_set_free(struct secret_set *s);

/* Does BUF (the first bytes of a file, at most SECRET_SNIFF looked at)
 * look binary: a NUL byte, or more than 1 in 10 control bytes other than
 * tab, newline, carriage return, form feed and escape? */
bool		 secret_is_binary(const char *buf, size_t len);

/* Run every detector of S over file PATH's bytes BUF[0..LEN), calling FN
 * for each secret that passes the gates and allowlists. Returns the
 * number of pattern matches that hit pcre2's limits (the file was not
 * fully checked by that detector), 0 normally. */
size_t		 secret_set_scan(const struct secret_set *s, const char *path,
		    const char *buf, size_t len, secret_hit_fn fn, void *arg);

/* Shannon entropy of BUF[0..LEN) in bits per byte (0 for LEN 0). */
double		 secret_entropy(const char *buf, size_t len);

#endif /* ASSAY_SECRET_SCAN_H */
