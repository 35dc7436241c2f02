/*
 * check_strbuf.c -- the capped buffer and the string list.
 *
 * The cap is what turns a multi-gigabyte decoy file into an `error`
 * result, so its semantics are pinned down exactly: an add that would pass
 * the cap keeps what fits, returns -1 and sets `overflow`; everything
 * after that keeps failing; reset clears it.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "assay/strbuf.h"
#include "testutil.h"

START_TEST(test_strbuf_uncapped_grows_and_stays_terminated)
{
	struct strbuf b = STRBUF_INIT;

	for (int i = 0; i < 1000; i++)
		ck_assert_int_eq(strbuf_addstr(&b, "0123456789"), 0);
	ck_assert_uint_eq(b.len, 10000);
	ck_assert_uint_eq(b.buf[b.len], '\0');
	ck_assert(b.alloc > b.len);
	ck_assert(!b.overflow);
	ck_assert(memcmp(b.buf + 9990, "0123456789", 10) == 0);
	strbuf_release(&b);
	ck_assert_ptr_null(b.buf);
	ck_assert_uint_eq(b.len, 0);
}
END_TEST

/* Adds of the given strings into a buffer capped at CAP. */
static const struct {
	size_t		 cap;
	const char	*adds[4];
	int		 rcs[4];
	const char	*want;
	bool		 overflow;
} cap_cases[] = {
	{ 4, { "ab", "cd" }, { 0, 0 }, "abcd", false },	/* exactly cap */
	{ 4, { "abc", "de" }, { 0, -1 }, "abcd", true },
	{ 4, { "abcdef" }, { -1 }, "abcd", true },
	{ 4, { "abcd", "x", "" }, { 0, -1, 0 }, "abcd", true },
	{ 4, { "abcde", "" }, { -1, 0 }, "abcd", true },
	{ 1, { "", "a", "b" }, { 0, 0, -1 }, "a", true },
	{ 0, { "abcdef", "ghi" }, { 0, 0 }, "abcdefghi", false },
};

START_TEST(test_strbuf_cap_keeps_what_fits_and_flags_overflow)
{
	struct strbuf b;

	strbuf_init(&b, cap_cases[_i].cap);
	for (int k = 0; k < 4 && cap_cases[_i].adds[k] != NULL; k++)
		ck_assert_int_eq(strbuf_addstr(&b, cap_cases[_i].adds[k]),
		    cap_cases[_i].rcs[k]);
	ck_assert_str_eq(b.buf, cap_cases[_i].want);
	ck_assert_uint_eq(b.len, strlen(cap_cases[_i].want));
	ck_assert(b.overflow == cap_cases[_i].overflow);
	strbuf_release(&b);
}
END_TEST

START_TEST(test_strbuf_addch_and_addf_respect_cap)
{
	struct strbuf b;

	strbuf_init(&b, 6);
	ck_assert_int_eq(strbuf_addch(&b, 'x'), 0);
	ck_assert_int_eq(strbuf_addf(&b, "%d-%s", 42, "ab"), 0);
	ck_assert_str_eq(b.buf, "x42-ab");
	ck_assert_int_eq(strbuf_addch(&b, 'y'), -1);
	ck_assert(b.overflow);
	ck_assert_str_eq(b.buf, "x42-ab");
	strbuf_reset(&b);
	ck_assert(!b.overflow);
	ck_assert_uint_eq(b.len, 0);
	ck_assert_str_eq(b.buf, "");
	ck_assert_int_eq(strbuf_addf(&b, "%s", "long text"), -1);
	ck_assert_str_eq(b.buf, "long t");
	ck_assert_uint_eq(b.cap, 6);	/* reset keeps the cap */
	strbuf_release(&b);
}
END_TEST

START_TEST(test_strbuf_addf_formats_long_output)
{
	struct strbuf b = STRBUF_INIT;
	char big[3000];

	memset(big, 'z', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	ck_assert_int_eq(strbuf_addf(&b, "<%s>%zu", big, sizeof(big)), 0);
	ck_assert_uint_eq(b.len, 1 + 2999 + 1 + 4);
	ck_assert_str_eq(b.buf + 3001, "3000");
	strbuf_release(&b);
}
END_TEST

START_TEST(test_strbuf_holds_nul_bytes)
{
	struct strbuf b = STRBUF_INIT;

	ck_assert_int_eq(strbuf_add(&b, "a\0b", 3), 0);
	ck_assert_int_eq(strbuf_addch(&b, '\0'), 0);
	ck_assert_uint_eq(b.len, 4);
	ck_assert(memcmp(b.buf, "a\0b\0", 5) == 0);
	strbuf_release(&b);
}
END_TEST

START_TEST(test_strbuf_detach_hands_over_and_resets)
{
	struct strbuf b;
	char *s;

	strbuf_init(&b, 3);
	ck_assert_int_eq(strbuf_addstr(&b, "abcd"), -1);
	s = strbuf_detach(&b);
	ck_assert_str_eq(s, "abc");
	ck_assert_ptr_null(b.buf);
	ck_assert_uint_eq(b.len, 0);
	ck_assert(!b.overflow);
	free(s);

	/* An empty buffer still detaches to a real string. */
	s = strbuf_detach(&b);
	ck_assert_ptr_nonnull(s);
	ck_assert_str_eq(s, "");
	free(s);

	/* And it is usable again afterwards. */
	ck_assert_int_eq(strbuf_addstr(&b, "xy"), 0);
	ck_assert_str_eq(b.buf, "xy");
	strbuf_release(&b);
}
END_TEST

START_TEST(test_strbuf_release_twice_is_harmless)
{
	struct strbuf b = STRBUF_INIT;

	strbuf_release(&b);
	ck_assert_int_eq(strbuf_addstr(&b, "a"), 0);
	strbuf_release(&b);
	strbuf_release(&b);
	ck_assert_ptr_null(b.buf);
}
END_TEST

/* strlist */

START_TEST(test_strlist_sort_uses_strcmp_order)
{
	struct strlist l = STRLIST_INIT;
	static const char *in[] = { "b", "B", "a", "ab", "", "a" };
	static const char *want[] = { "", "B", "a", "a", "ab", "b" };

	for (size_t i = 0; i < sizeof(in) / sizeof(in[0]); i++)
		strlist_add(&l, in[i]);
	strlist_sort(&l);
	ck_assert_uint_eq(l.n, 6);
	for (size_t i = 0; i < l.n; i++)
		ck_assert_str_eq(l.v[i], want[i]);
	strlist_release(&l);
	ck_assert_ptr_null(l.v);
	ck_assert_uint_eq(l.n, 0);
}
END_TEST

START_TEST(test_strlist_add_copies_adopt_keeps)
{
	struct strlist l = STRLIST_INIT;
	char buf[] = "mutable";
	char *owned = strdup("owned");

	strlist_add(&l, buf);
	buf[0] = 'X';
	strlist_adopt(&l, owned);
	ck_assert_str_eq(l.v[0], "mutable");
	ck_assert_ptr_eq(l.v[1], owned);
	ck_assert(strlist_has(&l, "mutable"));
	ck_assert(strlist_has(&l, "owned"));
	ck_assert(!strlist_has(&l, "Xutable"));
	ck_assert(!strlist_has(&l, "own"));
	strlist_release(&l);		/* frees OWNED too (valgrind) */
}
END_TEST

START_TEST(test_strlist_grows_past_many_items)
{
	struct strlist l = STRLIST_INIT;
	char name[16];

	for (int i = 0; i < 5000; i++) {
		snprintf(name, sizeof(name), "n%05d", 4999 - i);
		strlist_add(&l, name);
	}
	strlist_sort(&l);
	ck_assert_uint_eq(l.n, 5000);
	ck_assert_str_eq(l.v[0], "n00000");
	ck_assert_str_eq(l.v[4999], "n04999");
	ck_assert(strlist_has(&l, "n02500"));
	ck_assert(!strlist_has(&l, "n05000"));
	strlist_release(&l);
}
END_TEST

START_TEST(test_strlist_empty_is_safe)
{
	struct strlist l = STRLIST_INIT;

	strlist_sort(&l);
	ck_assert(!strlist_has(&l, ""));
	strlist_release(&l);
	strlist_release(&l);
}
END_TEST

#define NCASES(a)	((int)(sizeof(a) / sizeof((a)[0])))

static Suite *
strbuf_suite(void)
{
	Suite *s = suite_create("strbuf");
	TCase *tc;

	tc = tcase_create("strbuf");
	tcase_add_test(tc, test_strbuf_uncapped_grows_and_stays_terminated);
	tcase_add_loop_test(tc,
	    test_strbuf_cap_keeps_what_fits_and_flags_overflow, 0,
	    NCASES(cap_cases));
	tcase_add_test(tc, test_strbuf_addch_and_addf_respect_cap);
	tcase_add_test(tc, test_strbuf_addf_formats_long_output);
	tcase_add_test(tc, test_strbuf_holds_nul_bytes);
	tcase_add_test(tc, test_strbuf_detach_hands_over_and_resets);
	tcase_add_test(tc, test_strbuf_release_twice_is_harmless);
	suite_add_tcase(s, tc);

	tc = tcase_create("strlist");
	tcase_add_test(tc, test_strlist_sort_uses_strcmp_order);
	tcase_add_test(tc, test_strlist_add_copies_adopt_keeps);
	tcase_add_test(tc, test_strlist_grows_past_many_items);
	tcase_add_test(tc, test_strlist_empty_is_safe);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return tu_run_suite(strbuf_suite());
}
