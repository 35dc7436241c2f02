/*
 * rpmhdr.h -- rpm's header format, parsed without librpm (rpmhdr.c).
 *
 * The rpm database keeps each installed package as one header blob (the
 * Packages table of rpmdb.sqlite): a big-endian intro of two counts,
 * IL index entries of 16 bytes (tag, type, offset, count) and DL bytes of
 * data store. rpmhdr_parse() checks the intro against the blob; every
 * entry is checked when it is looked up (its type, alignment, and that
 * count and offset stay inside the data store), so a hostile blob gives
 * "absent" or an error, never a read outside it.
 *
 *   struct rpmhdr h;
 *   if (rpmhdr_parse(blob, len, &h, &why) == 0)
 *       name = rpmhdr_str(&h, RPMHDR_NAME);    (malloc'd or NULL)
 */
#ifndef ASSAY_RPMHDR_H
#define ASSAY_RPMHDR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Tags (rpm 4.18 include/rpm/rpmtag.h). */
#define RPMHDR_SIGPGP		259
#define RPMHDR_SIGGPG		262
#define RPMHDR_DSAHEADER	267
#define RPMHDR_RSAHEADER	268
#define RPMHDR_NAME		1000
#define RPMHDR_VERSION		1001
#define RPMHDR_RELEASE		1002
#define RPMHDR_EPOCH		1003
#define RPMHDR_ARCH		1022
#define RPMHDR_FILESIZES	1028
#define RPMHDR_FILESTATES	1029
#define RPMHDR_FILEMODES	1030
#define RPMHDR_FILEMTIMES	1034
#define RPMHDR_FILEDIGESTS	1035
#define RPMHDR_FILELINKTOS	1036
#define RPMHDR_FILEFLAGS	1037
#define RPMHDR_FILEUSERNAME	1039
#define RPMHDR_FILEGROUPNAME	1040
#define RPMHDR_FILEVERIFYFLAGS	1045
#define RPMHDR_DIRINDEXES	1116
#define RPMHDR_BASENAMES	1117
#define RPMHDR_DIRNAMES		1118
#define RPMHDR_LONGFILESIZES	5008
#define RPMHDR_FILEDIGESTALGO	5011

/* Types (rpmTagType). */
enum rpmhdr_type {
	RPMHDR_T_NULL = 0,
	RPMHDR_T_CHAR = 1,
	RPMHDR_T_INT8 = 2,
	RPMHDR_T_INT16 = 3,
	RPMHDR_T_INT32 = 4,
	RPMHDR_T_INT64 = 5,
	RPMHDR_T_STRING = 6,
	RPMHDR_T_BIN = 7,
	RPMHDR_T_STRING_ARRAY = 8,
	RPMHDR_T_I18NSTRING = 9,
};

/* rpm's own bound on index entries (hdrchkTags: below 0x10000); the data
 * store is bounded by the blob, which the database read caps. */
#define RPMHDR_TAGS_MAX		0xffff

/* A parsed header: views into the caller's blob, which must outlive it. */
struct rpmhdr {
	const uint8_t	*index;
	const uint8_t	*data;
	uint32_t	 il;
	uint32_t	 dl;
};

/* One checked entry. P points at COUNT values of TYPE (LEN bytes). */
struct rpmhdr_ent {
	uint32_t	 type;
	uint32_t	 count;
	const uint8_t	*p;
	size_t		 len;
};

/* Parse the intro of BLOB (LEN bytes): 0, or -1 with a static reason. */
int	rpmhdr_parse(const void *blob, size_t len, struct rpmhdr *h,
	    const char **why);
/* Entry TAG (the last one when repeated, as rpm lets a later entry
 * override the immutable region): 1 found and valid, 0 absent, -1 there
 * but malformed (bad type, misaligned, out of the data store). */
int	rpmhdr_get(const struct rpmhdr *h, uint32_t tag,
	    struct rpmhdr_ent *e);
/* A STRING, or the first of a STRING_ARRAY/I18NSTRING: malloc'd, NULL
 * when absent or malformed. */
char	*rpmhdr_str(const struct rpmhdr *h, uint32_t tag);
/* Value I of an integer entry (CHAR/INT8/16/32/64) into *V: true when
 * there. */
bool	rpmhdr_int(const struct rpmhdr_ent *e, uint32_t i, uint64_t *v);
/* The strings of a STRING_ARRAY/I18NSTRING/STRING entry: a malloc'd
 * array of E->count pointers into the blob (each NUL-terminated inside
 * the data store, checked by rpmhdr_get). */
const char **rpmhdr_strv(const struct rpmhdr_ent *e);
/* The signer's 64-bit key id as 16 lowercase hex digits into OUT: from
 * SIGGPG, else SIGPGP (the two OpenSCAP 1.3's rpminfo probe reads), else
 * the header-only DSAHEADER or RSAHEADER (which it does not); false when
 * the header has no readable signature. */
bool	rpmhdr_keyid(const struct rpmhdr *h, char out[17]);
/* The key id of one OpenPGP signature packet (v3, or v4/v5 issuer or
 * issuer fingerprint subpacket): false when there is none. */
bool	rpmhdr_pgp_keyid(const uint8_t *p, size_t len, char out[17]);

#endif /* ASSAY_RPMHDR_H */
