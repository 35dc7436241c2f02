/*
 * expect.h -- the `expect:` comparisons shared by value-reading probes.
 *
 * sshd_config, sysctl, keyvalue and others find a value and compare it
 * with what the rule expects:
 *
 *   expect: {equals: "no"}           exact (case-sensitive unless
 *   expect: {equals: "no", nocase: true}           nocase)
 *   expect: {not_equals: "yes"}
 *   expect: {in: [no, prohibit-password]}   one of
 *   expect: {not_in: [yes]}
 *   expect: {matches: "^(no|without-password)$"}   pcre2
 *   expect: {not_matches: "nullok"}
 *   expect: {at_most: 4}  {at_least: 1}  {range: [30, 235]}   integers
 *
 * Several keys in one expect must all hold. Integer comparisons on a
 * non-integer value fail with that said in the evidence.
 *
 *   1. expect_compile(node, lim, &e, d) at load;
 *   2. expect_test(e, value) at scan: true when it holds;
 *      expect_describe(e) gives the "equals \"no\"" text for evidence;
 *   3. expect_free(e).
 */
#ifndef ASSAY_EXPECT_H
#define ASSAY_EXPECT_H

#include <stdbool.h>

struct diag;
struct limits;
struct ynode;

struct expect;

struct expect	*expect_compile(const struct ynode *n, const struct limits *lim,
		    struct diag *d);
/* True when VALUE satisfies E. */
bool		 expect_test(const struct expect *e, const char *value);
/* "equals \"no\"", "at most 4", ...: borrowed while E lives. */
const char	*expect_describe(const struct expect *e);
void		 expect_free(struct expect *e);

#endif /* ASSAY_EXPECT_H */
