/*
 * oval_time.c -- the OVAL 5.11 time_difference function of a
 * local_variable (oval-definitions-schema.xsd, TimeDifferenceFunctionType
 * and DateTimeFormatEnumeration).
 *
 * One component: each of its values is subtracted from the current time
 * (the scan's clock, clock_now(): $ASSAY_NOW when set), its format given
 * by format_2 (the schema: "the first input is considered to be the
 * implied 'current time' input"). Two components: each value of the
 * second is subtracted from each value of the first (every combination,
 * first component outermost), format_1 for the first, format_2 for the
 * second; both default to year_month_day. The result is seconds, an int,
 * negative when the subtracted time is later.
 *
 * Values are read strictly in the forms the enumeration lists; a value
 * that is not one of them (or not a real date) is an error naming the
 * value and the format. A date-time without a time zone is taken as UTC,
 * which makes the difference of two of them exact when both are in one
 * zone (the schema's assumption), and the difference from the current
 * time exact for UTC values; cim_datetime's "sUUU" offset in minutes is
 * applied. OpenSCAP 1.3 reads them with strptime() and mktime() in the
 * scanner's local time zone, an hour off in summer, and gives 0 for a
 * value it cannot read (docs/openscap.md).
 */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "assay/scap_xml.h"
#include "assay/util.h"
#include "oval_private.h"

enum dtfmt {
	DT_YMD,
	DT_MDY,
	DT_DMY,
	DT_WIN,
	DT_SSE,
	DT_CIM,
};

static const char *const dt_names[] = {
	"year_month_day", "month_day_year", "day_month_year", "win_filetime",
	"seconds_since_epoch", "cim_datetime",
};

/*
 * The forms of each format, one pattern each: Y four digits of year;
 * M, D, h, i, s one or two digits of month, day, hour, minute, second;
 * m, d, H, I, S exactly two; N an English month name, full or
 * abbreviated to three letters (any case); '_' one or more spaces; u six
 * digits of microseconds and l three of milliseconds (dropped); z a sign
 * and three digits, minutes east of UTC; any other character itself.
 */
static const char *const ymd_forms[] = {
	"Ymd", "YmdTHIS", "Y/M/D_h:i:s", "Y/M/D", "Y-M-D_h:i:s", "Y-M-D",
	NULL,
};
static const char *const mdy_forms[] = {
	"M/D/Y_h:i:s", "M/D/Y", "M-D-Y_h:i:s", "M-D-Y", "N,_D_Y_h:i:s",
	"N,_D_Y", NULL,
};
static const char *const dmy_forms[] = {
	"D/M/Y_h:i:s", "D/M/Y", "D-M-Y_h:i:s", "D-M-Y", NULL,
};
static const char *const cim_forms[] = {
	"YmdHIS.uz", "Y-m-d_H:I:S:l", NULL,
};

static const char *const months[] = {
	"january", "february", "march", "april", "may", "june", "july",
	"august", "september", "october", "november", "december",
};

/* MIN to MAX decimal digits at *P into *V, advancing *P. */
static bool
digits(const char **p, int min, int max, int64_t *v)
{
	int n = 0;

	*v = 0;
	while (n < max && isdigit((unsigned char)(*p)[n])) {
		*v = *v * 10 + ((*p)[n] - '0');
		n++;
	}
	if (n < min)
		return false;
	*p += n;
	return true;
}

/* A month name at *P into *V (1-12), advancing *P. */
static bool
month_name(const char **p, int64_t *v)
{
	size_t n = 0;

	while (isalpha((unsigned char)(*p)[n]))
		n++;
	for (size_t i = 0; i < 12; i++)
		if ((n == 3 || n == strlen(months[i])) &&
		    strncasecmp(*p, months[i], n) == 0) {
			*v = (int64_t)i + 1;
			*p += n;
			return true;
		}
	return false;
}

/* S in form F into *SECS (UTC seconds since the epoch). */
static bool
match_form(const char *s, const char *f, int64_t *secs)
{
	int64_t y = -1, mo = 0, d = 0, h = 0, mi = 0, se = 0, off = 0, v;
	bool neg;

	for (; *f != '\0'; f++) {
		bool ok = true;

		switch (*f) {
		case 'Y':
			ok = digits(&s, 4, 4, &y);
			break;
		case 'M':
		case 'm':
			ok = digits(&s, *f == 'm' ? 2 : 1, 2, &mo);
			break;
		case 'D':
		case 'd':
			ok = digits(&s, *f == 'd' ? 2 : 1, 2, &d);
			break;
		case 'h':
		case 'H':
			ok = digits(&s, *f == 'H' ? 2 : 1, 2, &h);
			break;
		case 'i':
		case 'I':
			ok = digits(&s, *f == 'I' ? 2 : 1, 2, &mi);
			break;
		case 's':
		case 'S':
			ok = digits(&s, *f == 'S' ? 2 : 1, 2, &se);
			break;
		case 'N':
			ok = month_name(&s, &mo);
			break;
		case 'u':
			ok = digits(&s, 6, 6, &v);
			break;
		case 'l':
			ok = digits(&s, 3, 3, &v);
			break;
		case 'z':
			neg = *s == '-';
			ok = *s == '+' || *s == '-';
			if (ok) {
				s++;
				ok = digits(&s, 3, 3, &off);
			}
			if (neg)
				off = -off;
			break;
		case '_':
			ok = *s == ' ';
			while (*s == ' ')
				s++;
			break;
		default:
			ok = *s++ == *f;
			break;
		}
		if (!ok)
			return false;
	}
	if (*s != '\0' || y < 0 || mo < 1 || mo > 12 || d < 1 ||
	    d > (int64_t)days_in_month(y, (unsigned)mo) || h > 23 ||
	    mi > 59 || se > 59)
		return false;
	*secs = days_from_civil(y, (unsigned)mo, (unsigned)d) * 86400 +
	    h * 3600 + mi * 60 + se - off * 60;
	return true;
}

/* A whole decimal integer S (an optional '-' when SIGNED) into *V. */
static bool
whole_int(const char *s, bool sign, int64_t *v)
{
	char *end;
	long long x;

	if (*s == '\0' || (!isdigit((unsigned char)*s) && !(sign &&
	    *s == '-' && isdigit((unsigned char)s[1]))))
		return false;
	errno = 0;
	x = strtoll(s, &end, 10);
	if (errno != 0 || *end != '\0')
		return false;
	*v = x;
	return true;
}

/* Value S in format F as UTC seconds since the epoch into *SECS. */
static bool
parse_value(const char *s, enum dtfmt f, int64_t *secs)
{
	const char *const *forms = NULL;
	int64_t v;

	switch (f) {
	case DT_SSE:
		return whole_int(s, true, secs);
	case DT_WIN:
		/* FILETIME: 100 ns intervals since 1601-01-01 UTC, which is
		 * 11644473600 s before the epoch; a decimal integer */
		if (!whole_int(s, false, &v))
			return false;
		*secs = v / 10000000 - INT64_C(11644473600);
		return true;
	case DT_YMD:
		forms = ymd_forms;
		break;
	case DT_MDY:
		forms = mdy_forms;
		break;
	case DT_DMY:
		forms = dmy_forms;
		break;
	case DT_CIM:
		forms = cim_forms;
		break;
	}
	for (size_t i = 0; forms[i] != NULL; i++)
		if (match_form(s, forms[i], secs))
			return true;
	return false;
}

/* Attribute ATTR of N as a format into *F (year_month_day if absent). */
static enum ores
get_format(struct ox *ox, xmlNodePtr n, const char *attr, enum dtfmt *f)
{
	const char *v = xattr(n, attr);

	*f = DT_YMD;
	if (v == NULL)
		return OR_TRUE;
	for (size_t i = 0; i < sizeof(dt_names) / sizeof(dt_names[0]); i++)
		if (strcmp(v, dt_names[i]) == 0) {
			*f = (enum dtfmt)i;
			return OR_TRUE;
		}
	return ox_fail(ox, OR_ERROR, "time_difference: %s \"%s\" is not a "
	    "date-time format", attr, v);
}

/* Value S in format F into *SECS, or an error naming both. */
static enum ores
value(struct ox *ox, const char *s, enum dtfmt f, int64_t *secs)
{
	if (parse_value(s, f, secs))
		return OR_TRUE;
	return ox_fail(ox, OR_ERROR, "time_difference: \"%.100s\" is not a "
	    "%s value", s, dt_names[f]);
}

enum ores
ox_time_difference(struct ox *ox, xmlNodePtr n, const struct ovals *argv,
    size_t argc, struct ovals *out)
{
	struct ovals now = { NULL, 0, 0 };
	const struct ovals *a, *b;
	enum dtfmt f1, f2;
	enum ores r;

	if (argc < 1 || argc > 2)
		return ox_fail(ox, OR_ERROR, "time_difference takes one or two "
		    "components, got %zu", argc);
	r = get_format(ox, n, "format_1", &f1);
	if (r == OR_TRUE)
		r = get_format(ox, n, "format_2", &f2);
	if (r != OR_TRUE)
		return r;
	if (argc == 1) {
		int64_t t;
		char num[32];

		if (clock_now(&t) != 0)
			return ox_fail(ox, OR_ERROR, "ASSAY_NOW: "
			    CLOCK_EXPECTED ", got \"%.64s\"",
			    getenv("ASSAY_NOW"));
		snprintf(num, sizeof(num), "%" PRId64, t);
		ovals_add(&now, num, strlen(num));
		f1 = DT_SSE;
	}
	a = argc == 1 ? &now : &argv[0];
	b = argc == 1 ? &argv[0] : &argv[1];
	if (b->n > 0 && a->n > ox->lim->oval_items / b->n)
		r = ox_fail(ox, OR_ERROR, "time_difference: %zu x %zu values, "
		    "more than %zu", a->n, b->n, ox->lim->oval_items);
	for (size_t i = 0; r == OR_TRUE && i < a->n; i++) {
		int64_t t1, t2, diff;

		r = value(ox, a->v[i], f1, &t1);
		for (size_t j = 0; r == OR_TRUE && j < b->n; j++) {
			char num[32];

			r = value(ox, b->v[j], f2, &t2);
			if (r != OR_TRUE)
				break;
			if (__builtin_sub_overflow(t1, t2, &diff)) {
				r = ox_fail(ox, OR_ERROR, "time_difference: "
				    "%.40s - %.40s overflows", a->v[i],
				    b->v[j]);
				break;
			}
			snprintf(num, sizeof(num), "%" PRId64, diff);
			ovals_add(out, num, strlen(num));
		}
	}
	ovals_release(&now);
	return r;
}
