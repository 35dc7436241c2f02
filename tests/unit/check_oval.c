/*
 * check_oval.c -- the OVAL 5.11 evaluator (engine/scap/) through the
 * `oval` probe: one small hand-written OVAL document per case, written
 * with the root it is evaluated on. Each test type, operation, datatype
 * and function has a case that passes and one that fails; what is not
 * implemented is notchecked naming it; hostile XML is refused at its line.
 */
#include "config.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libxml/hash.h>
#include <libxml/tree.h>

#include "assay/oval.h"
#include "assay/policy.h"
#include "assay/scap_xml.h"
#include "assay/sebool.h"
#include "assay/strbuf.h"
#include "assay/target.h"
#include "assay/xccdf.h"
#include "assay/xmem.h"
#include "oval_doc.h"
#include "testutil.h"

/* Write BODY as TU_ROOT/oval.xml and run the probe on TU_ROOT
 * (oval_doc.h). */
static void
verdict(const char *body, const char *export, enum status st,
    const char *ev)
{
	oval_verdict(body, export, st, ev);
}

/* verdict() of a malloc'd BODY, freed. */
static void
vown(char *body, const char *export, enum status st, const char *ev)
{
	verdict(body, export, st, ev);
	free(body);
}

/* ---- textfilecontent54 ---- */

#define TFC_SUB(op, dt, val) DEF(CRIT1) \
	"<ind:textfilecontent54_test id=\"oval:t:tst:1\" check=\"all\" " \
	"check_existence=\"all_exist\" comment=\"max\">" \
	"<ind:object object_ref=\"oval:t:obj:1\"/>" \
	"<ind:state state_ref=\"oval:t:ste:1\"/></ind:textfilecontent54_test>" \
	"<ind:textfilecontent54_object id=\"oval:t:obj:1\">" \
	"<ind:filepath>/etc/a.conf</ind:filepath>" \
	"<ind:pattern operation=\"pattern match\">^max\\s*=\\s*(\\S+)$</ind:pattern>" \
	"<ind:instance datatype=\"int\" operation=\"greater than or equal\">1</ind:instance>" \
	"</ind:textfilecontent54_object>" \
	"<ind:textfilecontent54_state id=\"oval:t:ste:1\">" \
	"<ind:subexpression operation=\"" op "\" datatype=\"" dt "\">" val \
	"</ind:subexpression></ind:textfilecontent54_state>"

START_TEST(tfc54_subexpression)
{
	tu_write(tu_root, "/etc/a.conf", "# max = 1\nmax = 5\n", 0644);
	verdict(TFC_SUB("greater than or equal", "int", "4"), NULL, ST_PASS,
	    "/etc/a.conf");
	verdict(TFC_SUB("greater than or equal", "int", "6"), NULL, ST_FAIL,
	    "textfilecontent54_test oval:t:tst:1 \"max\": false (1 item, at /etc/a.conf:2)");
	verdict(TFC_SUB("equals", "string", "5"), NULL, ST_PASS, "true");
	verdict(TFC_SUB("pattern match", "string", "^[0-4]$"), NULL, ST_FAIL,
	    "false");
	verdict(TFC_SUB("not equal", "int", "5"), NULL, ST_FAIL, "false");
	verdict(TFC_SUB("less than", "version", "5.1"), NULL, ST_PASS, "true");
	verdict(TFC_SUB("equals", "int", "x"), NULL, ST_ERROR,
	    "\"5\" or \"x\" is not an int");
	/* no such file: all_exist fails */
	tu_write(tu_root, "/etc/a.conf", "", 0644);
	verdict(TFC_SUB("equals", "int", "5"), NULL, ST_FAIL, "0 items");
	/* a bad int is an error */
	tu_write(tu_root, "/etc/a.conf", "max = five\n", 0644);
	verdict(TFC_SUB("equals", "int", "5"), NULL, ST_ERROR, "not an int");
}
END_TEST

#define TFC_NONE DEF(CRIT1) \
	"<ind:textfilecontent54_test id=\"oval:t:tst:1\" check=\"all\" " \
	"check_existence=\"none_exist\">" \
	"<ind:object object_ref=\"oval:t:obj:1\"/></ind:textfilecontent54_test>" \
	"<ind:textfilecontent54_object id=\"oval:t:obj:1\">" \
	"<ind:path>/etc/d</ind:path>" \
	"<ind:filename operation=\"pattern match\">\\.conf$</ind:filename>" \
	"<ind:pattern operation=\"pattern match\">^bad</ind:pattern>" \
	"<ind:instance datatype=\"int\">1</ind:instance>" \
	"</ind:textfilecontent54_object>"

START_TEST(tfc54_none_exist_path_filename)
{
	tu_write(tu_root, "/etc/d/a.conf", "good\n", 0644);
	tu_write(tu_root, "/etc/d/b.txt", "bad\n", 0644);
	verdict(TFC_NONE, NULL, ST_PASS, "true (0 items)");
	tu_write(tu_root, "/etc/d/c.conf", "ok\nbad line\n", 0644);
	verdict(TFC_NONE, NULL, ST_FAIL, "/etc/d/c.conf");
}
END_TEST

/* ---- file ---- */

/* A file_test of the file_object with FP and the file_state STATE. */
static char *
FILE_T(const char *fp, const char *state)
{
	return xasprintf(DEF(CRIT1)
	    "<unix:file_test id=\"oval:t:tst:1\" check=\"all\" "
	    "check_existence=\"at_least_one_exists\">"
	    "<unix:object object_ref=\"oval:t:obj:1\"/>"
	    "<unix:state state_ref=\"oval:t:ste:1\"/></unix:file_test>"
	    "<unix:file_object id=\"oval:t:obj:1\">%s</unix:file_object>"
	    "<unix:file_state id=\"oval:t:ste:1\">%s</unix:file_state>",
	    fp, state);
}

START_TEST(file_mode_owner_pattern)
{
	const char *st = "<unix:owrite datatype=\"boolean\">false</unix:owrite>"
	    "<unix:user_id datatype=\"int\">0</unix:user_id>";

	tu_write(tu_root, "/etc/p", "x", 0644);
	tu_write(tu_root, "/etc/q.d/a.conf", "x", 0644);
	tu_write(tu_root, "/etc/q.d/b.conf", "x", 0644);
	vown(FILE_T("<unix:filepath>/etc/p</unix:filepath>", st), NULL,
	    ST_PASS, "true (1 item, at /etc/p)");
	vown(FILE_T("<unix:filepath operation=\"pattern match\">"
	    "^/etc/q\\.d/.*\\.conf$</unix:filepath>", st), NULL, ST_PASS,
	    "true (2 items, at /etc/q.d/a.conf)");
	tu_chmod(tu_root, "/etc/q.d/b.conf", 0666);
	vown(FILE_T("<unix:filepath operation=\"pattern match\">"
	    "^/etc/q\\.d/.*\\.conf$</unix:filepath>", st), NULL, ST_FAIL,
	    "/etc/q.d/b.conf");
	tu_chown(tu_root, "/etc/p", 1, 0);
	vown(FILE_T("<unix:filepath>/etc/p</unix:filepath>", st), NULL,
	    ST_FAIL, "/etc/p");
	/* a field the collector does not have: notchecked, named */
	vown(FILE_T("<unix:filepath>/etc/p</unix:filepath>",
	    "<unix:has_extended_acl datatype=\"boolean\">false"
	    "</unix:has_extended_acl>"), NULL, ST_NOTCHECKED,
	    "has_extended_acl is not collected");
}
END_TEST

/* A path regex's alternatives each name where to look: the walk starts
 * at their common directory, not at the first one's ("^/etc/..|^/usr/.."
 * found only /etc's before); an alternative that can match no absolute
 * path ("^$", which SSG builds from an empty value) adds nothing. */
START_TEST(file_pattern_alternatives)
{
	const char *st = "<unix:owrite datatype=\"boolean\">false</unix:owrite>";

	tu_write(tu_root, "/etc/alt/a", "x", 0644);
	tu_write(tu_root, "/usr/alt/b", "x", 0644);
	tu_chmod(tu_root, "/usr/alt/b", 0666);
	vown(FILE_T("<unix:filepath operation=\"pattern match\">"
	    "^/etc/alt/a$|^/usr/alt/b$</unix:filepath>", st), NULL, ST_FAIL,
	    "/usr/alt/b");
	vown(FILE_T("<unix:filepath operation=\"pattern match\">"
	    "^/etc/alt/(a|x)$|^\\/usr\\/alt\\/[b]$</unix:filepath>", st),
	    NULL, ST_FAIL, "2 items");
	vown(FILE_T("<unix:filepath operation=\"pattern match\">"
	    "^$|^/etc/alt/a$</unix:filepath>", st), NULL, ST_PASS,
	    "true (1 item, at /etc/alt/a)");
	vown(FILE_T("<unix:filepath operation=\"pattern match\">"
	    "^$</unix:filepath>", st), NULL, ST_FAIL, "(0 items)");
	vown(FILE_T("<unix:filepath operation=\"pattern match\">"
	    "alt/b$</unix:filepath>", st), NULL, ST_FAIL, "/usr/alt/b");
}
END_TEST

/* a_time, c_time, m_time: seconds since the epoch, int (5.11 file_item);
 * a time before 1970 is negative */
START_TEST(file_times)
{
	char *p = xasprintf("%s/etc/t", tu_root);
	struct timespec ts[2] = { { -86400, 900000000 },
	    { 1234567890, 999999999 } };
	struct stat st;
	char *state;

	tu_write(tu_root, "/etc/t", "x", 0644);
	ck_assert_int_eq(utimensat(AT_FDCWD, p, ts, 0), 0);
	ck_assert_int_eq(stat(p, &st), 0);
	vown(FILE_T("<unix:filepath>/etc/t</unix:filepath>",
	    "<unix:m_time datatype=\"int\">1234567890</unix:m_time>"
	    "<unix:a_time datatype=\"int\">-86400</unix:a_time>"), NULL,
	    ST_PASS, "true (1 item, at /etc/t)");
	vown(FILE_T("<unix:filepath>/etc/t</unix:filepath>",
	    "<unix:m_time datatype=\"int\" operation=\"less than\">"
	    "1234567890</unix:m_time>"), NULL, ST_FAIL, "/etc/t");
	vown(FILE_T("<unix:filepath>/etc/t</unix:filepath>",
	    "<unix:a_time datatype=\"int\" operation=\"greater than\">"
	    "0</unix:a_time>"), NULL, ST_FAIL, "/etc/t");
	state = xasprintf("<unix:c_time datatype=\"int\">%lld</unix:c_time>",
	    (long long)st.st_ctim.tv_sec);
	vown(FILE_T("<unix:filepath>/etc/t</unix:filepath>", state), NULL,
	    ST_PASS, "true");
	free(state);
	free(p);
}
END_TEST

/* path + filename with behaviors (OVAL 5.11 FileBehaviors) */
static void
recurse(const char *dir, const char *beh, enum status st, const char *ev)
{
	char *obj = xasprintf("<unix:behaviors %s/><unix:path>%s"
	    "</unix:path><unix:filename>f</unix:filename>", beh, dir);

	vown(FILE_T(obj, "<unix:owrite datatype=\"boolean\">false"
	    "</unix:owrite>"), NULL, st, ev);
	free(obj);
}

START_TEST(file_recurse_max_depth)
{
	tu_write(tu_root, "/r/f", "x", 0644);
	tu_write(tu_root, "/r/d1/f", "x", 0644);
	tu_write(tu_root, "/r/d1/d2/f", "x", 0644);
	tu_write(tu_root, "/r/e1/d2/d3/g", "x", 0644);
	recurse("/r", "", ST_PASS, "true (1 item, at /r/f)");
	recurse("/r", "recurse_direction=\"none\" max_depth=\"1\"",
	    ST_PASS, "(1 item,");
	recurse("/r", "recurse_direction=\"down\" max_depth=\"0\"",
	    ST_PASS, "(1 item,");
	recurse("/r", "recurse_direction=\"down\" max_depth=\"1\"",
	    ST_PASS, "(2 items,");
	recurse("/r", "recurse_direction=\"down\" max_depth=\"2\"",
	    ST_PASS, "(3 items,");
	recurse("/r", "recurse_direction=\"down\" max_depth=\"-1\"",
	    ST_PASS, "(3 items,");
	recurse("/r", "recurse=\"directories\" recurse_direction=\"down\"",
	    ST_PASS, "(3 items,");
	recurse("/r/d1/d2", "recurse_direction=\"up\" max_depth=\"1\"",
	    ST_PASS, "(2 items,");
	recurse("/r/d1/d2", "recurse_direction=\"up\"", ST_PASS,
	    "(3 items,");
	/* a world-writable file one level down: found from depth 1 on */
	tu_chmod(tu_root, "/r/d1/f", 0666);
	recurse("/r", "recurse_direction=\"down\" max_depth=\"0\"",
	    ST_PASS, "(1 item,");
	recurse("/r", "recurse_direction=\"down\" max_depth=\"1\"",
	    ST_FAIL, "/r/d1/f");
	recurse("/r/d1/d2", "recurse_direction=\"up\" max_depth=\"1\"",
	    ST_FAIL, "/r/d1/f");
	recurse("/r", "recurse_direction=\"down\" max_depth=\"x\"",
	    ST_ERROR, "behaviors max_depth \"x\" is not an integer >= -1");
	recurse("/r", "recurse_direction=\"down\" max_depth=\"-2\"",
	    ST_ERROR, "max_depth \"-2\" is not an integer >= -1");
	recurse("/r", "recurse_direction=\"left\"", ST_ERROR,
	    "recurse_direction \"left\" is not none, up or down");
}
END_TEST

/* ---- criteria, operators, negate, extend_definition, variables ---- */

#define VAR_T(id, var, op, val) \
	"<ind:variable_test id=\"" id "\" check=\"all\">" \
	"<ind:object object_ref=\"" id "o\"/>" \
	"<ind:state state_ref=\"" id "s\"/></ind:variable_test>" \
	"<ind:variable_object id=\"" id "o\"><ind:var_ref>" var \
	"</ind:var_ref></ind:variable_object>" \
	"<ind:variable_state id=\"" id "s\"><ind:value operation=\"" op \
	"\">" val "</ind:value></ind:variable_state>"
#define CONST(id, v) "<constant_variable id=\"" id "\" datatype=\"string\">" \
	"<value>" v "</value></constant_variable>"
#define TRUE_T VAR_T("oval:t:tst:t", "oval:t:var:c", "equals", "a")
#define FALSE_T VAR_T("oval:t:tst:f", "oval:t:var:c", "equals", "b")
#define CRIT(op, neg, kids) "<criteria operator=\"" op "\" negate=\"" neg \
	"\">" kids "</criteria>"
#define C_T "<criterion test_ref=\"oval:t:tst:t\"/>"
#define C_F "<criterion test_ref=\"oval:t:tst:f\"/>"

START_TEST(criteria_operators)
{
	static const struct {
		const char	*crit;
		enum status	 st;
	} cases[] = {
		{ CRIT("AND", "false", C_T C_T), ST_PASS },
		{ CRIT("AND", "false", C_T C_F), ST_FAIL },
		{ CRIT("AND", "true", C_T C_F), ST_PASS },
		{ CRIT("OR", "false", C_F C_T), ST_PASS },
		{ CRIT("OR", "false", C_F C_F), ST_FAIL },
		{ CRIT("ONE", "false", C_F C_T), ST_PASS },
		{ CRIT("ONE", "false", C_T C_T), ST_FAIL },
		{ CRIT("XOR", "false", C_T C_T C_T), ST_PASS },
		{ CRIT("XOR", "false", C_T C_T), ST_FAIL },
		{ CRIT("AND", "false", "<criterion negate=\"true\" "
		    "test_ref=\"oval:t:tst:f\"/>"), ST_PASS },
		{ CRIT("AND", "false", "<extend_definition "
		    "definition_ref=\"oval:t:def:2\"/>"), ST_FAIL },
		{ CRIT("AND", "false", "<extend_definition negate=\"true\" "
		    "definition_ref=\"oval:t:def:2\"/>"), ST_PASS },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *body = xasprintf("<definition id=\"oval:t:def:1\">%s"
		    "</definition><definition id=\"oval:t:def:2\">"
		    "<criteria>" C_F "</criteria></definition>"
		    TRUE_T FALSE_T CONST("oval:t:var:c", "a"),
		    cases[i].crit);

		verdict(body, NULL, cases[i].st, "OVAL definition");
		free(body);
	}
}
END_TEST

/* A definition's class decides what true means for the XCCDF check (SP
 * 800-126r3 4.5.2): a vulnerability or patch that is true is a failure. */
START_TEST(definition_classes)
{
	static const struct {
		const char	*class;
		const char	*crit;
		enum status	 st;
		const char	*ev;
	} cases[] = {
		{ "compliance", C_T, ST_PASS, ": true" },
		{ "compliance", C_F, ST_FAIL, ": false" },
		{ "inventory", C_F, ST_FAIL, ": false" },
		{ "miscellaneous", C_T, ST_PASS, ": true" },
		{ "vulnerability", C_T, ST_FAIL,
		    ": true (class vulnerability: true is fail)" },
		{ "vulnerability", C_F, ST_PASS,
		    ": false (class vulnerability: false is pass)" },
		{ "patch", C_T, ST_FAIL, ": true (class patch: true is fail)" },
		{ "patch", C_F, ST_PASS, ": false (class patch: false is pass)" },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *body = xasprintf("<definition id=\"oval:t:def:1\" "
		    "class=\"%s\"><criteria>%s</criteria></definition>"
		    TRUE_T FALSE_T CONST("oval:t:var:c", "a"),
		    cases[i].class, cases[i].crit);

		verdict(body, NULL, cases[i].st, cases[i].ev);
		free(body);
	}
}
END_TEST

/* No definition named (an XCCDF check-content-ref without a name): every
 * definition of the component, combined as XCCDF's AND; none is an
 * error. */
START_TEST(every_definition)
{
	static const struct {
		const char	*defs;
		enum status	 st;
		const char	*ev;
	} cases[] = {
		{ "<definition id=\"oval:t:def:1\"><criteria>" C_T
		    "</criteria></definition><definition id=\"oval:t:def:2\" "
		    "class=\"patch\"><criteria>" C_F "</criteria></definition>",
		    ST_PASS, "OVAL definition oval:t:def:2: false (class patch" },
		{ "<definition id=\"oval:t:def:1\"><criteria>" C_T
		    "</criteria></definition><definition id=\"oval:t:def:2\">"
		    "<criteria>" C_F "</criteria></definition>",
		    ST_FAIL, "OVAL definition oval:t:def:2: false" },
		{ "", ST_ERROR, "holds no definition to evaluate" },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *xml = xasprintf("%s%s" TRUE_T FALSE_T
		    CONST("oval:t:var:c", "a") "%s", HEAD, cases[i].defs,
		    TAIL);
		char *args = xasprintf("{datastream: \"%s/oval.xml\", "
		    "component: \"%s/oval.xml\"}", tu_root, tu_root);

		tu_write(tu_root, "/oval.xml", xml, 0644);
		tu_check_verdict("oval", args, cases[i].st, cases[i].ev);
		free(args);
		free(xml);
	}
}
END_TEST

START_TEST(external_variable)
{
	const char *body = DEF("<criteria>" C_T "</criteria>")
	    VAR_T("oval:t:tst:t", "oval:t:var:x", "equals", "600")
	    "<external_variable id=\"oval:t:var:x\" datatype=\"int\"/>";

	verdict(body, "\"oval:t:var:x\": \"600\"", ST_PASS, "true");
	verdict(body, "\"oval:t:var:x\": \"644\"", ST_FAIL, "false");
	verdict(body, NULL, ST_ERROR, "external variable oval:t:var:x has no "
	    "value");
}
END_TEST

/* local variable FN over components, compared with WANT */
#define LOCAL(fn, want) DEF("<criteria>" C_T "</criteria>") \
	VAR_T("oval:t:tst:t", "oval:t:var:l", "equals", want) \
	"<local_variable id=\"oval:t:var:l\" datatype=\"string\">" fn \
	"</local_variable>" CONST("oval:t:var:c", "ab") \
	"<constant_variable id=\"oval:t:var:m\" datatype=\"string\">" \
	"<value>x</value><value>y</value><value>x</value>" \
	"</constant_variable>"
#define LIT(s) "<literal_component>" s "</literal_component>"
#define VC(id) "<variable_component var_ref=\"" id "\"/>"

START_TEST(local_variable_functions)
{
	static const struct {
		const char	*body;
		const char	*name;
	} ok[] = {
		{ LOCAL("<concat>" LIT("a") VC("oval:t:var:c") "</concat>",
		    "aab"), "concat" },
		{ LOCAL("<substring substring_start=\"2\" "
		    "substring_length=\"3\">" LIT("abcdef") "</substring>",
		    "bcd"), "substring" },
		{ LOCAL("<regex_capture pattern=\"^k=(\\d+)\">" LIT("k=42")
		    "</regex_capture>", "42"), "regex_capture" },
		{ LOCAL("<arithmetic arithmetic_operation=\"add\">" LIT("40")
		    LIT("2") "</arithmetic>", "42"), "arithmetic add" },
		{ LOCAL("<arithmetic arithmetic_operation=\"multiply\">"
		    LIT("6") LIT("7") "</arithmetic>", "42"), "multiply" },
		{ LOCAL("<count>" VC("oval:t:var:m") "</count>", "3"),
		    "count" },
		{ LOCAL("<count><unique>" VC("oval:t:var:m") "</unique>"
		    "</count>", "2"), "unique" },
		{ LOCAL("<count><split delimiter=\",\">" LIT("a,b,c")
		    "</split></count>", "3"), "split" },
		{ LOCAL("<escape_regex>" LIT("a.b*") "</escape_regex>",
		    "a\\.b\\*"), "escape_regex" },
		{ LOCAL("<glob_to_regex>" LIT("/etc/*.conf")
		    "</glob_to_regex>", "^/etc/(?=[^.])[^/]*\\.conf$"),
		    "glob_to_regex" },
		{ LOCAL("<begin character=\"/\">" LIT("etc") "</begin>",
		    "/etc"), "begin" },
	};

	for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		/* the right value passes... */
		verdict(ok[i].body, NULL, ST_PASS, "true");
	}
	/* ...and a wrong one fails */
	verdict(LOCAL("<concat>" LIT("a") VC("oval:t:var:c") "</concat>",
	    "ab"), NULL, ST_FAIL, "false");
	verdict(LOCAL("<count>" VC("oval:t:var:m") "</count>", "2"), NULL,
	    ST_FAIL, "false");
	/* a function assay does not have: notchecked, named */
	verdict(LOCAL("<timedifference>" LIT("1") "</timedifference>", "1"),
	    NULL, ST_NOTCHECKED, "OVAL function timedifference");
}
END_TEST

/* ---- time_difference (OVAL 5.11 TimeDifferenceFunctionType) ---- */

#define TD(attrs, comps) "<time_difference" attrs ">" comps \
	"</time_difference>"

/* Each format's forms, hand-computed: 2009-04-02 00:00 UTC less
 * 2005-02-02 is 1520 days, 131328000 s; the scan's clock is ASSAY_NOW. */
START_TEST(time_difference_formats)
{
	static const struct {
		const char	*body;
		const char	*name;
	} ok[] = {
		/* one component: the clock less the value, format_2 */
		{ LOCAL(TD(" format_2=\"seconds_since_epoch\"",
		    LIT("1772625000")), "600"), "now - sse" },
		{ LOCAL(TD(" format_2=\"seconds_since_epoch\"",
		    LIT("1772625600")), "0"), "now - now" },
		{ LOCAL(TD(" format_2=\"seconds_since_epoch\"",
		    LIT("-100")), "1772625700"), "now - before 1970" },
		{ LOCAL(TD("", LIT("2026-03-04")), "43200"),
		    "now - ymd default" },
		{ LOCAL(TD("", LIT("2026-03-05 00:00:00")), "-43200"),
		    "now - a later time" },
		/* two: the first less the second, format_1 and format_2 */
		{ LOCAL(TD("", LIT("2009-04-02") LIT("2005-02-02")),
		    "131328000"), "ymd" },
		{ LOCAL(TD("", LIT("20090402") LIT("20050202")),
		    "131328000"), "ymd compact" },
		{ LOCAL(TD("", LIT("20090402T010203") LIT("2005/02/02")),
		    "131331723"), "ymd T and slashes" },
		{ LOCAL(TD("", LIT("2009/04/02 01:02:03")
		    LIT("2005-02-02 00:00:00")), "131331723"), "ymd times" },
		{ LOCAL(TD("", LIT("2005-02-02") LIT("2009-04-02")),
		    "-131328000"), "negative" },
		{ LOCAL(TD(" format_1=\"month_day_year\" "
		    "format_2=\"month_day_year\"", LIT("04/02/2009 01:02:03")
		    LIT("02-02-2005")), "131331723"), "mdy" },
		{ LOCAL(TD(" format_1=\"month_day_year\" "
		    "format_2=\"month_day_year\"", LIT("April, 02 2009")
		    LIT("feb, 2 2005")), "131328000"), "mdy names" },
		{ LOCAL(TD(" format_1=\"month_day_year\" "
		    "format_2=\"month_day_year\"",
		    LIT("Apr, 2 2009 01:02:03") LIT("February, 02 2005")),
		    "131331723"), "mdy name and time" },
		{ LOCAL(TD(" format_1=\"day_month_year\" "
		    "format_2=\"day_month_year\"", LIT("02/04/2009 01:02:03")
		    LIT("02-02-2005")), "131331723"), "dmy" },
		{ LOCAL(TD(" format_1=\"win_filetime\"",
		    LIT("128831040000000000") LIT("2005-02-02")),
		    "131328000"), "win_filetime" },
		{ LOCAL(TD(" format_1=\"cim_datetime\" "
		    "format_2=\"cim_datetime\"",
		    LIT("20090402010203.000000+060")
		    LIT("2009-04-02 00:00:00:999")), "123"),
		    "cim with offset" },
		{ LOCAL(TD(" format_1=\"month_day_year\" "
		    "format_2=\"seconds_since_epoch\"",
		    LIT("04/02/2009 01:02:03") LIT("1000000000")),
		    "238634123"), "mixed formats" },
		{ LOCAL(TD("", LIT("1960-01-01") LIT("1970-01-01")),
		    "-315619200"), "before 1970" },
		{ LOCAL(TD("", LIT("2024-02-29") LIT("2024-02-28")),
		    "86400"), "leap day" },
		/* the schema's example: 2 x 3 values, every combination */
		{ LOCAL("<count>" TD(" format_1=\"month_day_year\" "
		    "format_2=\"month_day_year\"", VC("oval:t:var:a")
		    VC("oval:t:var:b")) "</count>", "6")
		    "<constant_variable id=\"oval:t:var:a\" "
		    "datatype=\"string\"><value>04/02/2009</value>"
		    "<value>04/03/2009</value></constant_variable>"
		    "<constant_variable id=\"oval:t:var:b\" "
		    "datatype=\"string\"><value>02/02/2005</value>"
		    "<value>02/03/2005</value><value>02/04/2005</value>"
		    "</constant_variable>", "product count" },
	};

	setenv("ASSAY_NOW", "2026-03-04T12:00:00Z", 1);
	for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++)
		verdict(ok[i].body, NULL, ST_PASS, "true");
	/* the values of a product: each one of the three differences */
	verdict(DEF("<criteria>" C_T "</criteria>")
	    "<ind:variable_test id=\"oval:t:tst:t\" check=\"all\">"
	    "<ind:object object_ref=\"oval:t:obj:v\"/>"
	    "<ind:state state_ref=\"oval:t:ste:v\"/></ind:variable_test>"
	    "<ind:variable_object id=\"oval:t:obj:v\"><ind:var_ref>"
	    "oval:t:var:l</ind:var_ref></ind:variable_object>"
	    "<ind:variable_state id=\"oval:t:ste:v\"><ind:value "
	    "var_ref=\"oval:t:var:w\" var_check=\"at least one\"/>"
	    "</ind:variable_state>"
	    "<local_variable id=\"oval:t:var:l\" datatype=\"int\">"
	    TD(" format_1=\"month_day_year\" format_2=\"month_day_year\"",
	    LIT("04/02/2009") "<variable_component var_ref=\"oval:t:var:b\"/>")
	    "</local_variable>"
	    "<constant_variable id=\"oval:t:var:b\" datatype=\"string\">"
	    "<value>02/02/2005</value><value>02/03/2005</value>"
	    "<value>02/04/2005</value></constant_variable>"
	    "<constant_variable id=\"oval:t:var:w\" datatype=\"int\">"
	    "<value>131328000</value><value>131241600</value>"
	    "<value>131155200</value></constant_variable>", NULL, ST_PASS,
	    "true");
	/* a wrong value fails */
	verdict(LOCAL(TD("", LIT("2009-04-02") LIT("2005-02-02")),
	    "131328001"), NULL, ST_FAIL, "false");
	verdict(LOCAL(TD(" format_2=\"seconds_since_epoch\"",
	    LIT("1772625000")), "601"), NULL, ST_FAIL, "false");
	unsetenv("ASSAY_NOW");
}
END_TEST

/* What does not parse is an error naming the value and the format (or
 * the attribute); OpenSCAP would give 0 */
START_TEST(time_difference_bad_input)
{
	static const struct {
		const char	*fn;
		const char	*why;
	} bad[] = {
		{ TD("", LIT("2009-02-30") LIT("2005-02-02")),
		    "time_difference: \"2009-02-30\" is not a year_month_day "
		    "value" },
		{ TD("", LIT("2009-04-02") LIT("02/02/2005")),
		    "\"02/02/2005\" is not a year_month_day value" },
		{ TD("", LIT("2009-04-02 24:00:00") LIT("2005-02-02")),
		    "\"2009-04-02 24:00:00\" is not a year_month_day value" },
		{ TD("", LIT("2009-04-02x") LIT("2005-02-02")),
		    "\"2009-04-02x\" is not a year_month_day value" },
		{ TD(" format_1=\"month_day_year\"", LIT("13/02/2009")
		    LIT("2005-02-02")),
		    "\"13/02/2009\" is not a month_day_year value" },
		{ TD(" format_1=\"month_day_year\"", LIT("Smarch, 02 2009")
		    LIT("2005-02-02")),
		    "\"Smarch, 02 2009\" is not a month_day_year value" },
		{ TD(" format_1=\"day_month_year\"", LIT("2009-04-02")
		    LIT("2005-02-02")),
		    "\"2009-04-02\" is not a day_month_year value" },
		{ TD(" format_2=\"seconds_since_epoch\"", LIT("12abc")),
		    "\"12abc\" is not a seconds_since_epoch value" },
		{ TD(" format_2=\"seconds_since_epoch\"", LIT("")),
		    "\"\" is not a seconds_since_epoch value" },
		{ TD(" format_1=\"win_filetime\"", LIT("-1")
		    LIT("2005-02-02")),
		    "\"-1\" is not a win_filetime value" },
		{ TD(" format_1=\"cim_datetime\"",
		    LIT("20090402010203.000000") LIT("2005-02-02")),
		    "\"20090402010203.000000\" is not a cim_datetime value" },
		{ TD(" format_1=\"iso8601\"", LIT("1") LIT("2")),
		    "time_difference: format_1 \"iso8601\" is not a date-time "
		    "format" },
		{ TD("", LIT("2009-04-02") LIT("2005-02-02") LIT("2001-01-01")),
		    "time_difference takes one or two components, got 3" },
		{ TD(" format_1=\"seconds_since_epoch\" "
		    "format_2=\"seconds_since_epoch\"",
		    LIT("9223372036854775807") LIT("-1")),
		    "9223372036854775807 - -1 overflows" },
	};

	setenv("ASSAY_NOW", "2026-03-04T12:00:00Z", 1);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		/* LOCAL() with the function where its "@" stands */
		const char *tmpl = LOCAL("@", "0");
		const char *at = strchr(tmpl, '@');
		char *full = xasprintf("%.*s%s%s", (int)(at - tmpl), tmpl,
		    bad[i].fn, at + 1);

		verdict(full, NULL, ST_ERROR, bad[i].why);
		free(full);
	}
	/* one component needs the clock: a bad ASSAY_NOW is named */
	setenv("ASSAY_NOW", "soon", 1);
	verdict(LOCAL(TD(" format_2=\"seconds_since_epoch\"", LIT("1")),
	    "0"), NULL, ST_ERROR, "ASSAY_NOW: expected a date YYYY-MM-DD or "
	    "a UTC time YYYY-MM-DDTHH:MM:SSZ, got \"soon\"");
	unsetenv("ASSAY_NOW");
}
END_TEST

/* SSG's shape (var_dconf_local_db_modified_time): the age of a file,
 * the clock less its m_time, compared with another file's age */
START_TEST(time_difference_of_m_time)
{
	char *p = xasprintf("%s/etc/db", tu_root);
	struct timespec ts[2] = { { 0, 0 }, { 1772625600 - 3600, 0 } };
	const char *body = DEF("<criteria>" C_T "</criteria>")
	    VAR_T("oval:t:tst:t", "oval:t:var:l", "equals", "3600")
	    "<local_variable id=\"oval:t:var:l\" datatype=\"int\">"
	    TD(" format_2=\"seconds_since_epoch\"",
	    "<object_component object_ref=\"oval:t:obj:f\" "
	    "item_field=\"m_time\"/>") "</local_variable>"
	    "<unix:file_object id=\"oval:t:obj:f\"><unix:filepath>/etc/db"
	    "</unix:filepath></unix:file_object>";

	tu_write(tu_root, "/etc/db", "x", 0644);
	ck_assert_int_eq(utimensat(AT_FDCWD, p, ts, 0), 0);
	setenv("ASSAY_NOW", "2026-03-04T12:00:00Z", 1);
	verdict(body, NULL, ST_PASS, "true");
	setenv("ASSAY_NOW", "2026-03-04T12:00:01Z", 1);
	verdict(body, NULL, ST_FAIL, "false");
	unsetenv("ASSAY_NOW");
	free(p);
}
END_TEST

/* ---- dpkginfo, partition, sysctl, unit dependencies ---- */

/* A TYPE_test (namespace prefix NS) of one object OBJ and state STATE. */
static char *
ONE(const char *ns, const char *type, const char *obj, const char *state)
{
	return xasprintf(DEF(CRIT1)
	    "<%s:%s_test id=\"oval:t:tst:1\" check=\"all\" "
	    "check_existence=\"at_least_one_exists\">"
	    "<%s:object object_ref=\"oval:t:obj:1\"/>"
	    "<%s:state state_ref=\"oval:t:ste:1\"/></%s:%s_test>"
	    "<%s:%s_object id=\"oval:t:obj:1\">%s</%s:%s_object>"
	    "<%s:%s_state id=\"oval:t:ste:1\">%s</%s:%s_state>",
	    ns, type, ns, ns, ns, type, ns, type, obj, ns, type, ns, type,
	    state, ns, type);
}

START_TEST(dpkginfo_evr)
{
	const char *obj = "<linux:name>openssh-server</linux:name>";

	tu_write(tu_root, "/var/lib/dpkg/status", "Package: openssh-server\n"
	    "Status: install ok installed\nArchitecture: amd64\n"
	    "Version: 1:8.4p1-5+deb11u1\n", 0644);
	vown(ONE("linux", "dpkginfo", obj, "<linux:evr datatype="
	    "\"debian_evr_string\" operation=\"greater than or equal\">"
	    "1:8.4p1-5</linux:evr>"), NULL, ST_PASS, "/var/lib/dpkg/status");
	vown(ONE("linux", "dpkginfo", obj, "<linux:evr datatype="
	    "\"debian_evr_string\" operation=\"less than\">1:8.4p1-5"
	    "</linux:evr>"), NULL, ST_FAIL, "false (1 item, at /var/lib/dpkg/status:1)");
	vown(ONE("linux", "dpkginfo", "<linux:name>telnetd</linux:name>",
	    "<linux:arch>amd64</linux:arch>"), NULL, ST_FAIL, "0 items");
}
END_TEST

START_TEST(partition_from_fstab)
{
	const char *obj = "<linux:mount_point>/tmp</linux:mount_point>";
	const char *st = "<linux:mount_options entity_check=\"at least one\">"
	    "nodev</linux:mount_options>";

	tu_write(tu_root, "/etc/fstab", "# fs\nUUID=1 / ext4 defaults 0 1\n"
	    "tmpfs /tmp tmpfs nodev,nosuid 0 0\n", 0644);
	vown(ONE("linux", "partition", obj, st), NULL, ST_PASS,
	    "/etc/fstab");
	tu_write(tu_root, "/etc/fstab", "tmpfs /tmp tmpfs defaults 0 0\n",
	    0644);
	vown(ONE("linux", "partition", obj, st), NULL, ST_FAIL, "false");
}
END_TEST

START_TEST(sysctl_offline)
{
	const char *obj = "<unix:name>kernel.randomize_va_space</unix:name>";
	const char *st = "<unix:value datatype=\"int\">2</unix:value>";

	tu_write(tu_root, "/etc/sysctl.conf", "kernel.randomize_va_space = 1\n",
	    0644);
	tu_write(tu_root, "/etc/sysctl.d/50-a.conf",
	    "kernel/randomize_va_space=2\n", 0644);
	/* no 99-sysctl.conf link: /etc/sysctl.conf is read last (procps) */
	vown(ONE("unix", "sysctl", obj, st), NULL, ST_FAIL,
	    "/etc/sysctl.conf");
	tu_write(tu_root, "/etc/sysctl.d/99-sysctl.conf", "", 0644);
	vown(ONE("unix", "sysctl", obj, st), NULL, ST_PASS,
	    "/etc/sysctl.d/50-a.conf");
}
END_TEST

START_TEST(unit_dependency)
{
	const char *obj = "<linux:unit>multi-user.target</linux:unit>";
	const char *st = "<linux:dependency entity_check=\"at least one\">"
	    "auditd.service</linux:dependency>";

	tu_write(tu_root, "/lib/systemd/system/multi-user.target",
	    "[Unit]\nRequires=basic.target\n", 0644);
	tu_write(tu_root, "/lib/systemd/system/basic.target", "[Unit]\n",
	    0644);
	vown(ONE("linux", "systemdunitdependency", obj, st), NULL, ST_FAIL,
	    "false");
	tu_symlink(tu_root, "/etc/systemd/system/multi-user.target.wants/"
	    "auditd.service", "/lib/systemd/system/auditd.service");
	vown(ONE("linux", "systemdunitdependency", obj, st), NULL, ST_PASS,
	    "true");
}
END_TEST

/* ---- systemdunitproperty offline, checked against systemctl --root ---- */

#define UNIT_INSTALL "[Service]\nExecStart=/bin/true\n[Install]\n" \
	"WantedBy=multi-user.target\n"
#define UNIT_STATIC "[Unit]\nDescription=s\n[Service]\nExecStart=/bin/true\n"
#define LIB "/lib/systemd/system/"
#define ETC "/etc/systemd/system/"

/* A root with one unit per UnitFileState systemctl 252 prints. */
static void
unit_root(void)
{
	tu_write(tu_root, LIB "a.service", UNIT_INSTALL, 0644);
	tu_write(tu_root, LIB "b.service", UNIT_INSTALL, 0644);
	tu_write(tu_root, LIB "g.service", UNIT_INSTALL, 0644);
	tu_write(tu_root, LIB "d.service", UNIT_INSTALL, 0644);
	tu_write(tu_root, LIB "c.service", UNIT_STATIC, 0644);
	tu_write(tu_root, LIB "c2.service", UNIT_STATIC, 0644);
	tu_write(tu_root, LIB "w.service", UNIT_STATIC, 0644);
	tu_write(tu_root, LIB "f.service", "[Service]\nExecStart=/bin/true\n"
	    "[Install]\nAlso=a.service\n", 0644);
	tu_write(tu_root, LIB "h.service", UNIT_INSTALL "Alias=h2.service\n",
	    0644);
	tu_write(tu_root, LIB "multi-user.target", "[Unit]\nRequires="
	    "basic.target\nWants=w.service\n", 0644);
	tu_write(tu_root, LIB "basic.target", "[Unit]\n", 0644);
	tu_symlink(tu_root, LIB "default.target", "multi-user.target");
	/* vendor .wants links start a unit but do not enable it */
	tu_symlink(tu_root, LIB "multi-user.target.wants/c2.service",
	    "../c2.service");
	tu_symlink(tu_root, LIB "multi-user.target.wants/g.service",
	    "../g.service");
	tu_symlink(tu_root, ETC "multi-user.target.wants/a.service",
	    "/lib/systemd/system/a.service");
	tu_symlink(tu_root, ETC "multi-user.target.wants/d.service",
	    "/lib/systemd/system/d.service");
	tu_symlink(tu_root, ETC "d.service", "/dev/null");
	tu_symlink(tu_root, ETC "e.service", "/lib/systemd/system/a.service");
	tu_symlink(tu_root, ETC "h2.service", "/lib/systemd/system/h.service");
}

static char *
UPROP(const char *unit, const char *prop, const char *value)
{
	char *o = xasprintf("<linux:unit>%s</linux:unit><linux:property>%s"
	    "</linux:property>", unit, prop);
	char *s = xasprintf("<linux:value>%s</linux:value>", value);
	char *r = ONE("linux", "systemdunitproperty", o, s);

	free(o);
	free(s);
	return r;
}

START_TEST(unit_property_offline)
{
	static const char *const units[] = {
		"a.service", "b.service", "c.service", "c2.service",
		"d.service", "e.service", "f.service", "g.service",
		"h.service", "h2.service", "w.service", "multi-user.target",
		"default.target", NULL
	};
	static const char *const active[] = {
		"a.service", "c2.service", "g.service", "w.service",
		"basic.target", "multi-user.target", NULL
	};
	const char *ci = getenv("CI");

	unit_root();
	/* UnitFileState: what systemctl --root says about the same root */
	if (system("command -v systemctl >/dev/null 2>&1") != 0) {
		if (ci != NULL && strcmp(ci, "true") == 0)
			ck_abort_msg("systemctl is needed (apt-get install "
			    "systemd)");
		fprintf(stderr, "check_oval: skipping the systemctl "
		    "comparison: no systemctl\n");
	} else
		for (size_t i = 0; units[i] != NULL; i++) {
			char *cmd = xasprintf("systemctl --root=%s is-enabled "
			    "%s 2>/dev/null", tu_root, units[i]);
			FILE *p = popen(cmd, "r");
			char line[128] = "";

			ck_assert_ptr_nonnull(p);
			ck_assert_ptr_nonnull(fgets(line, sizeof(line), p));
			(void)pclose(p);
			line[strcspn(line, "\n")] = '\0';
			vown(UPROP(units[i], "UnitFileState", line), NULL,
			    ST_PASS, "true (1 item");
			free(cmd);
		}
	vown(UPROP("a.service", "UnitFileState", "enabled"), NULL, ST_PASS,
	    "true (1 item, at /lib/systemd/system/a.service)");
	vown(UPROP("b.service", "UnitFileState", "enabled"), NULL, ST_FAIL,
	    "false (1 item");
	vown(UPROP("d.service", "UnitFileState", "masked"), NULL, ST_PASS,
	    "true");
	/* LoadState */
	vown(UPROP("d.service", "LoadState", "masked"), NULL, ST_PASS,
	    "at /etc/systemd/system/d.service");
	vown(UPROP("b.service", "LoadState", "masked"), NULL, ST_FAIL,
	    "false");
	vown(UPROP("b.service", "LoadState", "loaded"), NULL, ST_PASS, "true");
	/* ActiveState: pulled in from default.target, not masked */
	for (size_t i = 0; active[i] != NULL; i++)
		vown(UPROP(active[i], "ActiveState", "active"), NULL, ST_PASS,
		    "true");
	vown(UPROP("b.service", "ActiveState", "active"), NULL, ST_FAIL,
	    "false");
	vown(UPROP("d.service", "ActiveState", "inactive"), NULL, ST_PASS,
	    "true");
	/* SSG's form: a pattern over the unit's names */
	vown(ONE("linux", "systemdunitproperty", "<linux:unit operation="
	    "\"pattern match\">^[ab]\\.(socket|service)$</linux:unit>"
	    "<linux:property>ActiveState</linux:property>",
	    "<linux:value>active</linux:value>"), NULL, ST_FAIL,
	    "false (2 items");
	/* no unit file: no item */
	vown(UPROP("zz.service", "ActiveState", "active"), NULL, ST_FAIL,
	    "0 items");
	/* other properties are not derived offline */
	vown(UPROP("a.service", "ExecStart", "x"), NULL, ST_NOTCHECKED,
	    "systemdunitproperty ExecStart is not derived offline");
}
END_TEST

/* ---- sets and filters ---- */

START_TEST(set_and_filter)
{
	const char *body = DEF(CRIT1)
	    "<unix:file_test id=\"oval:t:tst:1\" check=\"all\" "
	    "check_existence=\"none_exist\">"
	    "<unix:object object_ref=\"oval:t:obj:3\"/></unix:file_test>"
	    "<unix:file_object id=\"oval:t:obj:1\"><unix:filepath "
	    "operation=\"pattern match\">^/etc/s/.*$</unix:filepath>"
	    "</unix:file_object>"
	    "<unix:file_object id=\"oval:t:obj:2\"><unix:filepath>/etc/s/ok"
	    "</unix:filepath></unix:file_object>"
	    "<unix:file_object id=\"oval:t:obj:3\"><set set_operator="
	    "\"COMPLEMENT\"><object_reference>oval:t:obj:1</object_reference>"
	    "<object_reference>oval:t:obj:2</object_reference>"
	    "<filter action=\"exclude\">oval:t:ste:1</filter></set>"
	    "</unix:file_object>"
	    "<unix:file_state id=\"oval:t:ste:1\"><unix:owrite datatype="
	    "\"boolean\">false</unix:owrite></unix:file_state>";

	tu_write(tu_root, "/etc/s/ok", "x", 0666);
	tu_write(tu_root, "/etc/s/fine", "x", 0644);
	tu_chmod(tu_root, "/etc/s/ok", 0666);
	/* everything but ok, minus the files not world-writable: none */
	verdict(body, NULL, ST_PASS, "true (0 items)");
	tu_write(tu_root, "/etc/s/bad", "x", 0644);
	tu_chmod(tu_root, "/etc/s/bad", 0666);
	verdict(body, NULL, ST_FAIL, "/etc/s/bad");
}
END_TEST

/* ---- xmlfilecontent ---- */

#define XOBJ(xp) "<ind:filepath>/etc/app/server.xml</ind:filepath>" \
	"<ind:xpath>" xp "</ind:xpath>"

START_TEST(xmlfilecontent_xpath)
{
	tu_write(tu_root, "/etc/app/server.xml", "<?xml version=\"1.0\"?>\n"
	    "<Server port=\"8005\">\n  <Connector port=\"8080\" "
	    "secure=\"false\"/>\n  <Connector port=\"8443\" secure=\"true\"/>"
	    "\n  <Name>main</Name>\n</Server>\n", 0644);
	vown(ONE("ind", "xmlfilecontent", XOBJ("/Server/@port"),
	    "<ind:value_of datatype=\"int\">8005</ind:value_of>"), NULL,
	    ST_PASS, "true (1 item, at /etc/app/server.xml)");
	vown(ONE("ind", "xmlfilecontent", XOBJ("/Server/Name"),
	    "<ind:value_of>other</ind:value_of>"), NULL, ST_FAIL, "false");
	/* several nodes: entity_check decides */
	vown(ONE("ind", "xmlfilecontent", XOBJ("//Connector/@secure"),
	    "<ind:value_of entity_check=\"all\">true</ind:value_of>"), NULL,
	    ST_FAIL, "false");
	vown(ONE("ind", "xmlfilecontent", XOBJ("//Connector/@secure"),
	    "<ind:value_of entity_check=\"at least one\">true</ind:value_of>"),
	    NULL, ST_PASS, "true");
	/* a scalar result */
	vown(ONE("ind", "xmlfilecontent", XOBJ("count(//Connector)"),
	    "<ind:value_of datatype=\"int\">2</ind:value_of>"), NULL, ST_PASS,
	    "true");
	/* nothing selected: no item */
	vown(ONE("ind", "xmlfilecontent", XOBJ("/Server/Missing"),
	    "<ind:value_of>x</ind:value_of>"), NULL, ST_FAIL, "0 items");
	/* bad XPath, bad XML, entities: errors naming the file */
	vown(ONE("ind", "xmlfilecontent", XOBJ("/Server/[["),
	    "<ind:value_of>x</ind:value_of>"), NULL, ST_ERROR,
	    "XPath \"/Server/[[\" is not valid");
	tu_write(tu_root, "/etc/app/server.xml", "<Server>\n<a>\n</Server>\n",
	    0644);
	vown(ONE("ind", "xmlfilecontent", XOBJ("/Server"),
	    "<ind:value_of>x</ind:value_of>"), NULL, ST_ERROR,
	    "/etc/app/server.xml:4: not well-formed XML: Premature end of data");
	tu_write(tu_root, "/etc/app/server.xml", "<!DOCTYPE x [<!ENTITY a "
	    "\"aaaa\"><!ENTITY b \"&a;&a;&a;&a;\">]>\n<x>&b;</x>\n", 0644);
	vown(ONE("ind", "xmlfilecontent", XOBJ("/x"),
	    "<ind:value_of>x</ind:value_of>"), NULL, ST_ERROR,
	    "a document type declaration with entities is not read");
}
END_TEST

/* ---- selinuxboolean: tiny real policies compiled by checkpolicy ---- */

/* policy.conf with boolean assay_on defaulting to ON ("true"/"false")
 * and assay_off to false; checkpolicy writes policy version 33 (RHEL 9). */
#define SE_CONF(on) "class file\nsid kernel\nclass file { read }\ntype t;\n" \
	"role r;\nrole r types t;\nbool assay_on " on ";\n" \
	"bool assay_off false;\nallow t t : file read;\n" \
	"if (assay_on) { allow t t : file read; }\nuser u roles r;\n" \
	"sid kernel u:r:t\n"

static char *sework;

static void
se_setup(void)
{
	const char *ci = getenv("CI");
	char *cmd;

	if (system("command -v checkpolicy >/dev/null 2>&1") != 0) {
		/* deps.sh installs it: under CI=true a skip would hide it */
		if (ci != NULL && strcmp(ci, "true") == 0) {
			fprintf(stderr, "check_oval: the selinuxboolean cases "
			    "need checkpolicy (apt-get install checkpolicy)\n");
			exit(1);
		}
		fprintf(stderr, "check_oval: skipping the selinuxboolean "
		    "cases: no checkpolicy (apt-get install checkpolicy)\n");
		return;
	}
	sework = tu_tmpdir();
	tu_write(sework, "on.conf", SE_CONF("true"), 0644);
	tu_write(sework, "off.conf", SE_CONF("false"), 0644);
	cmd = xasprintf("cd %s && checkpolicy -c 33 -o on.33 on.conf "
	    ">/dev/null 2>&1 && checkpolicy -c 33 -o off.33 off.conf "
	    ">/dev/null 2>&1", sework);
	if (system(cmd) != 0) {
		fprintf(stderr, "check_oval: %s failed\n", cmd);
		exit(1);
	}
	free(cmd);
}

static void
se_teardown(void)
{
	if (sework == NULL)
		return;
	tu_rmtree(sework);
	free(sework);
	sework = NULL;
}

/* Copy compiled policy NAME ("on.33") to REL in the case's root. */
static void
se_policy(const char *name, const char *rel)
{
	char *src = xasprintf("%s/%s", sework, name);
	size_t len;
	char *buf = tu_slurp(src, &len);

	tu_write_bytes(tu_root, rel, buf, len, 0644);
	free(buf);
	free(src);
}

#define SEB(name, st) ONE("linux", "selinuxboolean", \
	"<linux:name>" name "</linux:name>", st)
#define CUR_TRUE "<linux:current_status datatype=\"boolean\">true" \
	"</linux:current_status>"
#define PEND_FALSE "<linux:pending_status datatype=\"boolean\">0" \
	"</linux:pending_status>"
#define POL33 "/etc/selinux/targeted/policy/policy.33"

START_TEST(selinuxboolean_boot_policy)
{
	/* no SELinux configuration: nothing is loaded at boot, no item */
	vown(SEB("assay_on", CUR_TRUE), NULL, ST_FAIL, "0 items");
	if (sework == NULL)
		return;
	tu_write(tu_root, "/etc/selinux/config", "# boot\nSELINUX=enforcing\n"
	    "SELINUXTYPE=targeted\n", 0644);
	se_policy("on.33", POL33);
	vown(SEB("assay_on", CUR_TRUE), NULL, ST_PASS,
	    "true (1 item, at " POL33 ")");
	vown(SEB("assay_on", PEND_FALSE), NULL, ST_FAIL, "false (1 item");
	vown(SEB("assay_off", PEND_FALSE), NULL, ST_PASS, "true");
	vown(ONE("linux", "selinuxboolean", "<linux:name operation=\"pattern "
	    "match\">^assay_</linux:name>", "<linux:current_status "
	    "datatype=\"boolean\" entity_check=\"all\">1"
	    "</linux:current_status>"), NULL, ST_FAIL, "false (2 items");
	vown(SEB("no_such_bool", CUR_TRUE), NULL, ST_FAIL, "0 items");
	/* the highest policy.NN is the one boot loads */
	se_policy("off.33", "/etc/selinux/targeted/policy/policy.35");
	vown(SEB("assay_on", CUR_TRUE), NULL, ST_FAIL,
	    "/etc/selinux/targeted/policy/policy.35");
	/* SELINUXTYPE without its policy, or SELinux disabled: no item */
	tu_write(tu_root, "/etc/selinux/config", "SELINUXTYPE= mls \n", 0644);
	vown(SEB("assay_on", CUR_TRUE), NULL, ST_FAIL, "0 items");
	tu_write(tu_root, "/etc/selinux/config", "SELINUX=disabled\n"
	    "SELINUXTYPE=targeted\n", 0644);
	vown(SEB("assay_on", CUR_TRUE), NULL, ST_FAIL, "0 items");
	/* no SELINUXTYPE: "targeted", as libselinux */
	tu_write(tu_root, "/etc/selinux/config", "SELINUX=permissive\n",
	    0644);
	tu_write(tu_root, "/etc/selinux/targeted/policy/policy.35", "", 0644);
	vown(SEB("assay_on", CUR_TRUE), NULL, ST_ERROR,
	    "selinuxboolean: /etc/selinux/targeted/policy/policy.35: not a "
	    "binary SELinux policy (libsepol: ");
	tu_write(tu_root, "/etc/selinux/targeted/policy/policy.35",
	    "\x8c\xff\x7c\xf9garbage", 0644);
	vown(SEB("assay_on", CUR_TRUE), NULL, ST_ERROR,
	    "not a binary SELinux policy");
}
END_TEST

/* sebool_read() on the compiled bytes, and on a truncated copy. */
START_TEST(selinuxboolean_read)
{
	struct strlist names = STRLIST_INIT, vals = STRLIST_INIT;
	char *why = NULL;
	char *src, *buf;
	size_t len;

	if (sework == NULL)
		return;
	src = xasprintf("%s/on.33", sework);
	buf = tu_slurp(src, &len);
	ck_assert_int_eq(sebool_read(buf, len, &names, &vals, &why), 0);
	ck_assert_uint_eq(names.n, 2);
	for (size_t i = 0; i < 2; i++)
		ck_assert_str_eq(vals.v[i], strcmp(names.v[i], "assay_on") ==
		    0 ? "true" : "false");
	ck_assert_int_ne(strcmp(names.v[0], names.v[1]), 0);
	/* truncated: refused with libsepol's reason */
	ck_assert_int_eq(sebool_read(buf, len / 2, &names, &vals, &why), -1);
	ck_assert_ptr_nonnull(why);
	ck_assert_ptr_nonnull(strstr(why, "not a binary SELinux policy"));
	free(why);
	strlist_release(&names);
	strlist_release(&vals);
	free(buf);
	free(src);
}
END_TEST

/* ---- the rpm family: a real database, built once per run ---- */

/* rpmbuild makes one package (epoch 2, a config file, a program whose
 * mtime rpm records as 1600000000, a symlink, a file whose size,
 * digest and mtime rpm -V does not check, and a %ghost log file);
 * rpm --initdb and rpm -i --justdb register it in RPMDIR, and
 * tests/unit/mkrpmdb-bdb.sh copies its header into a Berkeley DB
 * Packages (db5.3_load; rpm's bdb_ro must list the same) and an ndb
 * Packages.db. The cases copy
 * one of them into their root: rpminfo and rpmverifyfile must say the
 * same from each. */
static char *rpmwork;

static const char rpmspec[] =
	"Name: assay-test\nVersion: 1.2.3\nRelease: 4.el9\nEpoch: 2\n"
	"Summary: t\nLicense: MIT\nBuildArch: noarch\n"
	"%description\nassay's OVAL rpm cases\n"
	"%install\nmkdir -p %{buildroot}/etc %{buildroot}/usr/bin\n"
	"echo hello > %{buildroot}/etc/assay.conf\n"
	"printf '#!/bin/sh\\nexit 0\\n' > %{buildroot}/usr/bin/assay-tool\n"
	"chmod 0755 %{buildroot}/usr/bin/assay-tool\n"
	"touch -d @1600000000 %{buildroot}/usr/bin/assay-tool\n"
	"ln -s assay-tool %{buildroot}/usr/bin/assay-link\n"
	"echo keep > %{buildroot}/usr/bin/assay-keep\n"
	"mkdir -p %{buildroot}/var/log\n"
	"touch %{buildroot}/var/log/assay.log\n"
	"%files\n%config(noreplace) /etc/assay.conf\n"
	"%ghost /var/log/assay.log\n"
	"%attr(0755,root,root) /usr/bin/assay-tool\n/usr/bin/assay-link\n"
	"%verify(not size md5 mtime) /usr/bin/assay-keep\n";

static void
rpm_setup(void)
{
	const char *ci = getenv("CI");
	char *cmd;

	if (system("command -v rpm >/dev/null 2>&1 && "
	    "command -v rpmbuild >/dev/null 2>&1") != 0) {
		/* deps.sh installs rpm: under CI=true a skip would hide it */
		if (ci != NULL && strcmp(ci, "true") == 0) {
			fprintf(stderr, "check_oval: the rpm cases need rpm and "
			    "rpmbuild (apt-get install rpm)\n");
			exit(1);
		}
		fprintf(stderr, "check_oval: skipping the rpm cases: no rpm "
		    "or rpmbuild (apt-get install rpm)\n");
		return;
	}
	rpmwork = tu_tmpdir();
	tu_write(rpmwork, "t.spec", rpmspec, 0644);
	cmd = xasprintf("cd %s && rpmbuild --quiet --define '_topdir %s/top' "
	    "-bb t.spec >/dev/null 2>&1 && rpm --dbpath %s/db --initdb && "
	    "rpm --dbpath %s/db -i --justdb --nodeps --noscripts "
	    "top/RPMS/noarch/assay-test-1.2.3-4.el9.noarch.rpm >/dev/null "
	    "2>&1", rpmwork, rpmwork, rpmwork, rpmwork);
	if (system(cmd) != 0) {
		fprintf(stderr, "check_oval: %s failed\n", cmd);
		exit(1);
	}
	free(cmd);
	cmd = xasprintf("mkdir -p %s/conv/sqlite && cp %s/db/rpmdb.sqlite "
	    "%s/conv/sqlite/ && sh %s/tests/unit/mkrpmdb-bdb.sh %s/conv -",
	    rpmwork, rpmwork, rpmwork, tu_srcdir(), rpmwork);
	if (system(cmd) != 0) {
		fprintf(stderr, "check_oval: %s failed (db5.3_load: apt-get "
		    "install db5.3-util)\n", cmd);
		exit(1);
	}
	free(cmd);
}

static void
rpm_teardown(void)
{
	if (rpmwork == NULL)
		return;
	tu_rmtree(rpmwork);
	free(rpmwork);
	rpmwork = NULL;
}

/* The database in each format: in RPMDIR, in the root. */
static const char *const rpm_db[][2] = {
	{ "db/rpmdb.sqlite", "/var/lib/rpm/rpmdb.sqlite" },
	{ "conv/hash/Packages", "/var/lib/rpm/Packages" },
	{ "conv/ndb/Packages.db", "/var/lib/rpm/Packages.db" },
};

/* Put the database in format FMT into the case's root: false when there
 * is none. */
static bool
rpm_root(int fmt)
{
	char *db;
	char *buf;
	size_t len;

	if (rpmwork == NULL)
		return false;
	db = xasprintf("%s/%s", rpmwork, rpm_db[fmt][0]);
	buf = tu_slurp(db, &len);
	tu_write_bytes(tu_root, rpm_db[fmt][1], buf, len, 0644);
	free(buf);
	free(db);
	return true;
}

#define RPMNAME "<linux:name>assay-test</linux:name>"

START_TEST(rpminfo_states)
{
	/* no database at all: no item, the existence check fails */
	vown(ONE("linux", "rpminfo", RPMNAME, "<linux:arch>noarch</linux:arch>"),
	    NULL, ST_FAIL, "0 items");
	if (!rpm_root(_i))
		return;
	vown(ONE("linux", "rpminfo", RPMNAME, "<linux:evr datatype="
	    "\"evr_string\" operation=\"greater than or equal\">2:1.2.3-1"
	    "</linux:evr>"), NULL, ST_PASS, rpm_db[_i][1]);
	vown(ONE("linux", "rpminfo", RPMNAME, "<linux:evr datatype="
	    "\"evr_string\" operation=\"less than\">2:1.2.3-4.el9"
	    "</linux:evr>"), NULL, ST_FAIL, "false (1 item");
	vown(ONE("linux", "rpminfo", RPMNAME, "<linux:version>1.2.4"
	    "</linux:version>"), NULL, ST_FAIL, "false");
	vown(ONE("linux", "rpminfo", RPMNAME, "<linux:epoch>2</linux:epoch>"
	    "<linux:release>4.el9</linux:release><linux:arch>noarch"
	    "</linux:arch><linux:extended_name>assay-test-2:1.2.3-4.el9."
	    "noarch</linux:extended_name>"), NULL, ST_PASS, "true");
	/* rpmbuild did not sign it: "0", as OpenSCAP says */
	vown(ONE("linux", "rpminfo", "<linux:name operation=\"pattern match\">"
	    "^assay-</linux:name>", "<linux:signature_keyid>0"
	    "</linux:signature_keyid>"), NULL, ST_PASS, "true");
	vown(ONE("linux", "rpminfo", "<linux:name operation=\"pattern match\">"
	    "^assay-</linux:name>", "<linux:signature_keyid>199e2f91fd431d51"
	    "</linux:signature_keyid>"), NULL, ST_FAIL, "false");
	vown(ONE("linux", "rpminfo", "<linux:name>telnet-server</linux:name>",
	    "<linux:arch>noarch</linux:arch>"), NULL, ST_FAIL, "0 items");
	/* behaviors filepaths: the package's files */
	vown(ONE("linux", "rpminfo", "<linux:behaviors filepaths=\"true\"/>"
	    RPMNAME, "<linux:filepath entity_check=\"at least one\">"
	    "/usr/bin/assay-tool</linux:filepath>"), NULL, ST_PASS, "true");
	vown(ONE("linux", "rpminfo", "<linux:behaviors filepaths=\"true\"/>"
	    RPMNAME, "<linux:filepath entity_check=\"at least one\">"
	    "/usr/bin/other</linux:filepath>"), NULL, ST_FAIL, "false");
}
END_TEST

static void
rm_in_root(const char *rel)
{
	char *path = xasprintf("%s%s", tu_root, rel);

	ck_assert_int_eq(unlink(path), 0);
	free(path);
}

/* rpmverifyfile on the package's files as rpm -V checks them. */
#define VOBJ(beh, path) "<linux:behaviors " beh "/>" RPMNAME \
	"<linux:epoch operation=\"pattern match\">.*</linux:epoch>" \
	"<linux:version operation=\"pattern match\">.*</linux:version>" \
	"<linux:release operation=\"pattern match\">.*</linux:release>" \
	"<linux:arch operation=\"pattern match\">.*</linux:arch>" \
	"<linux:filepath>" path "</linux:filepath>"
#define VPASS(what) "<linux:" what ">pass</linux:" what ">"

START_TEST(rpmverifyfile_checks)
{
	const char *tool = VOBJ("nomtime=\"true\"", "/usr/bin/assay-tool");

	if (!rpm_root(_i))
		return;
	tu_write(tu_root, "/etc/passwd", "root:x:0:0:root:/root:/bin/sh\n",
	    0644);
	tu_write(tu_root, "/etc/group", "root:x:0:\n", 0644);
	tu_write(tu_root, "/etc/assay.conf", "hello\n", 0644);
	tu_write(tu_root, "/usr/bin/assay-tool", "#!/bin/sh\nexit 0\n", 0755);
	tu_symlink(tu_root, "/usr/bin/assay-link", "assay-tool");
	vown(ONE("linux", "rpmverifyfile", tool, VPASS("filedigest_differs")
	    VPASS("size_differs") VPASS("mode_differs")
	    VPASS("ownership_differs") VPASS("group_differs")), NULL, ST_PASS,
	    "true (1 item, at /usr/bin/assay-tool)");
	/* what rpm does not check for a symlink (its digest, size, mode,
	 * time) is "pass", as rpm -V prints "." and OpenSCAP says; what
	 * the object turns off is not performed */
	vown(ONE("linux", "rpmverifyfile", VOBJ("", "/usr/bin/assay-link"),
	    VPASS("link_mismatch") VPASS("filedigest_differs")
	    VPASS("size_differs") VPASS("mode_differs")
	    VPASS("mtime_differs") VPASS("device_differs")
	    VPASS("capabilities_differ")), NULL, ST_PASS, "true");
	vown(ONE("linux", "rpmverifyfile", VOBJ("nolinkto=\"true\" "
	    "nordev=\"true\" nocaps=\"true\"", "/usr/bin/assay-link"),
	    "<linux:link_mismatch>not performed</linux:link_mismatch>"
	    "<linux:device_differs>not performed</linux:device_differs>"
	    "<linux:capabilities_differ>not performed"
	    "</linux:capabilities_differ>"), NULL, ST_PASS, "true");
	/* a regular file where the package has one: no device differs;
	 * its capabilities (an extended attribute) are not read */
	vown(ONE("linux", "rpmverifyfile", tool, VPASS("device_differs")
	    VPASS("link_mismatch") "<linux:capabilities_differ>not performed"
	    "</linux:capabilities_differ>"), NULL, ST_PASS, "true");
	/* a %ghost file rpm did not create and nobody made: rpm -V says
	 * nothing, so no check was made, none failed */
	vown(ONE("linux", "rpmverifyfile", VOBJ("", "/var/log/assay.log"),
	    "<linux:ghost_file datatype=\"boolean\">true</linux:ghost_file>"
	    "<linux:size_differs>not performed</linux:size_differs>"
	    "<linux:mode_differs>not performed</linux:mode_differs>"
	    "<linux:ownership_differs>not performed"
	    "</linux:ownership_differs>"), NULL, ST_PASS, "true");
	/* made: its mode is verified, never its contents */
	tu_write(tu_root, "/var/log/assay.log", "grown since\n", 0600);
	vown(ONE("linux", "rpmverifyfile", VOBJ("nouser=\"true\" "
	    "nogroup=\"true\"", "/var/log/assay.log"),
	    VPASS("size_differs") VPASS("filedigest_differs")
	    VPASS("mtime_differs") "<linux:mode_differs>fail"
	    "</linux:mode_differs>"), NULL, ST_PASS, "true");

	/* config files: marked, or left out with noconfigfiles */
	vown(ONE("linux", "rpmverifyfile", VOBJ("", "/etc/assay.conf"),
	    "<linux:configuration_file datatype=\"boolean\">true"
	    "</linux:configuration_file>" VPASS("filedigest_differs")), NULL,
	    ST_PASS, "true");
	vown(ONE("linux", "rpmverifyfile", VOBJ("noconfigfiles=\"true\"",
	    "/etc/assay.conf"), VPASS("filedigest_differs")), NULL, ST_FAIL,
	    "0 items");
	/* same size, other content: the digest differs, the size not */
	tu_write(tu_root, "/usr/bin/assay-tool", "#!/bin/sh\nexit 1\n", 0755);
	vown(ONE("linux", "rpmverifyfile", tool, VPASS("size_differs")),
	    NULL, ST_PASS, "true");
	vown(ONE("linux", "rpmverifyfile", tool, VPASS("filedigest_differs")),
	    NULL, ST_FAIL, "false (1 item, at /usr/bin/assay-tool)");
	vown(ONE("linux", "rpmverifyfile", VOBJ("nofiledigest=\"true\"",
	    "/usr/bin/assay-tool"), "<linux:filedigest_differs>not performed"
	    "</linux:filedigest_differs>"), NULL, ST_PASS, "true");
	tu_chmod(tu_root, "/usr/bin/assay-tool", 0777);
	vown(ONE("linux", "rpmverifyfile", tool, VPASS("mode_differs")),
	    NULL, ST_FAIL, "false");
	tu_write(tu_root, "/etc/passwd", "daemon:x:0:0::/:/bin/sh\n", 0644);
	vown(ONE("linux", "rpmverifyfile", tool, VPASS("ownership_differs")),
	    NULL, ST_FAIL, "false");
	/* missing: each check differs; a link to elsewhere mismatches */
	rm_in_root("/usr/bin/assay-tool");
	vown(ONE("linux", "rpmverifyfile", tool, VPASS("size_differs")),
	    NULL, ST_FAIL, "false");
	rm_in_root("/usr/bin/assay-link");
	tu_symlink(tu_root, "/usr/bin/assay-link", "elsewhere");
	vown(ONE("linux", "rpmverifyfile", VOBJ("", "/usr/bin/assay-link"),
	    VPASS("link_mismatch")), NULL, ST_FAIL, "false");
}
END_TEST

/* mtime_differs: the file's mtime against the header's FILEMTIMES, in
 * whole seconds, for regular files only (rpm 4.18 rpmfilesVerify). */
START_TEST(rpmverifyfile_mtime)
{
	const char *tool = VOBJ("", "/usr/bin/assay-tool");
	char *p = xasprintf("%s/usr/bin/assay-tool", tu_root);
	struct timespec same[2] = { { 0, 0 }, { 1600000000, 999999999 } };
	struct timespec later[2] = { { 0, 0 }, { 1600000001, 0 } };

	if (!rpm_root(_i)) {
		free(p);
		return;
	}
	tu_write(tu_root, "/usr/bin/assay-tool", "#!/bin/sh\nexit 0\n", 0755);
	tu_symlink(tu_root, "/usr/bin/assay-link", "assay-tool");
	ck_assert_int_eq(utimensat(AT_FDCWD, p, same, 0), 0);
	vown(ONE("linux", "rpmverifyfile", tool, VPASS("mtime_differs")),
	    NULL, ST_PASS, "true (1 item, at /usr/bin/assay-tool)");
	/* one second later, same content: only the time differs */
	ck_assert_int_eq(utimensat(AT_FDCWD, p, later, 0), 0);
	vown(ONE("linux", "rpmverifyfile", tool, VPASS("mtime_differs")),
	    NULL, ST_FAIL, "false (1 item, at /usr/bin/assay-tool)");
	vown(ONE("linux", "rpmverifyfile", tool,
	    "<linux:mtime_differs>fail</linux:mtime_differs>"
	    VPASS("filedigest_differs") VPASS("size_differs")), NULL,
	    ST_PASS, "true");
	/* nomtime turns the check off */
	vown(ONE("linux", "rpmverifyfile", VOBJ("nomtime=\"true\"",
	    "/usr/bin/assay-tool"), "<linux:mtime_differs>not performed"
	    "</linux:mtime_differs>"), NULL, ST_PASS, "true");
	/* rpm does not compare a symlink's time: "pass", rpm -V's "." */
	vown(ONE("linux", "rpmverifyfile", VOBJ("", "/usr/bin/assay-link"),
	    VPASS("mtime_differs")), NULL, ST_PASS, "true");
	/* missing: the check performed differs */
	rm_in_root("/usr/bin/assay-tool");
	vown(ONE("linux", "rpmverifyfile", tool,
	    "<linux:mtime_differs>fail</linux:mtime_differs>"), NULL,
	    ST_PASS, "true");
	free(p);
}
END_TEST

/* The package's %verify(not ...) (FILEVERIFYFLAGS) turns those checks
 * off: rpm -V prints "." for them, "pass" (OpenSCAP too); the others
 * still run. */
START_TEST(rpmverifyfile_verify_flags)
{
	const char *keep = VOBJ("nouser=\"true\" nogroup=\"true\"",
	    "/usr/bin/assay-keep");

	if (!rpm_root(_i))
		return;
	/* other size, content and time than the package's */
	tu_write(tu_root, "/usr/bin/assay-keep", "changed\n", 0644);
	vown(ONE("linux", "rpmverifyfile", keep, VPASS("size_differs")
	    VPASS("filedigest_differs") VPASS("md5_differs")
	    VPASS("mtime_differs") VPASS("mode_differs")), NULL, ST_PASS,
	    "true (1 item, at /usr/bin/assay-keep)");
	tu_chmod(tu_root, "/usr/bin/assay-keep", 0600);
	vown(ONE("linux", "rpmverifyfile", keep, VPASS("mode_differs")),
	    NULL, ST_FAIL, "false");
	/* missing: only the checks the package allows differ */
	rm_in_root("/usr/bin/assay-keep");
	vown(ONE("linux", "rpmverifyfile", keep,
	    "<linux:mode_differs>fail</linux:mode_differs>"
	    "<linux:mtime_differs>not performed</linux:mtime_differs>"),
	    NULL, ST_PASS, "true");
}
END_TEST

/* A database assay cannot read is unknown with the reason, never a
 * verdict. */
START_TEST(rpminfo_unreadable_database)
{
	tu_write(tu_root, "/var/lib/rpm/Packages", "bdb", 0644);
	vown(ONE("linux", "rpminfo", RPMNAME, "<linux:arch>noarch</linux:arch>"),
	    NULL, ST_NOTCHECKED, "rpm database found at /var/lib/rpm/Packages "
	    "but it is too short for a Berkeley DB file (3 bytes)");
	tu_write(tu_root, "/var/lib/rpm/rpmdb.sqlite", "garbage", 0644);
	vown(ONE("linux", "rpminfo", RPMNAME, "<linux:arch>noarch</linux:arch>"),
	    NULL, ST_NOTCHECKED, "sqlite: file is not a database");
}
END_TEST

/* ---- uname, from the root ---- */

/* An ELF header of class CLS (1: 32, 2: 64), data DATA (1: LSB, 2:
 * MSB) and machine M, as the target's /bin/sh. */
static void
fake_elf(unsigned cls, unsigned data, unsigned m)
{
	unsigned char h[64];

	memset(h, 0, sizeof(h));
	memcpy(h, "\177ELF", 4);
	h[4] = (unsigned char)cls;
	h[5] = (unsigned char)data;
	h[6] = 1;
	h[18] = (unsigned char)(data == 1 ? m & 0xff : m >> 8);
	h[19] = (unsigned char)(data == 1 ? m >> 8 : m & 0xff);
	tu_write_bytes(tu_root, "/bin/sh", h, sizeof(h), 0755);
}

/* uname_object reads what uname(2) would say from the root: the
 * machine from its shell's ELF header, the host name, the one kernel;
 * no ELF binary is unknown, never a verdict. */
START_TEST(uname_offline)
{
	static const struct {
		unsigned	 cls, data, m;
		const char	*mach;
	} arch[] = {
		{ 2, 1, 62, "x86_64" }, { 2, 1, 183, "aarch64" },
		{ 2, 1, 21, "ppc64le" }, { 2, 2, 21, "ppc64" },
		{ 2, 2, 22, "s390x" }, { 1, 1, 3, "i686" },
	};

	vown(ONE("unix", "uname", "", "<unix:os_name>Linux</unix:os_name>"),
	    NULL, ST_NOTCHECKED, "no ELF binary in the target tells its "
	    "architecture");
	for (size_t i = 0; i < sizeof(arch) / sizeof(arch[0]); i++) {
		char *st = xasprintf("<unix:processor_type>%s"
		    "</unix:processor_type><unix:machine_class>%s"
		    "</unix:machine_class>", arch[i].mach, arch[i].mach);

		fake_elf(arch[i].cls, arch[i].data, arch[i].m);
		vown(ONE("unix", "uname", "", st), NULL, ST_PASS, "true");
		free(st);
	}
	fake_elf(2, 1, 62);
	vown(ONE("unix", "uname", "",
	    "<unix:processor_type>aarch64</unix:processor_type>"), NULL,
	    ST_FAIL, "false");
	tu_write(tu_root, "/etc/hostname", "node1\n", 0644);
	tu_mkdir(tu_root, "/lib/modules/6.1.0-9-amd64", 0755);
	vown(ONE("unix", "uname", "", "<unix:os_name>Linux</unix:os_name>"
	    "<unix:node_name>node1</unix:node_name>"
	    "<unix:os_release>6.1.0-9-amd64</unix:os_release>"), NULL,
	    ST_PASS, "true");
}
END_TEST

/* ---- not decidable offline, unknown types ---- */

START_TEST(unsupported_is_notchecked)
{
	vown(ONE("unix", "interface", "<unix:name>eth0</unix:name>",
	    "<unix:type>ARPHRD_ETHER</unix:type>"), NULL, ST_NOTCHECKED,
	    "interface_test oval:t:tst:1");
	vown(ONE("unix", "interface", "<unix:name>eth0</unix:name>",
	    "<unix:type>ARPHRD_ETHER</unix:type>"), NULL, ST_NOTCHECKED,
	    "not decidable offline");
	vown(ONE("linux", "slackwarepkginfo", "", ""), NULL, ST_NOTCHECKED,
	    "slackwarepkginfo_test is not supported");
	vown(ONE("ind", "family", "", "<ind:family>unix</ind:family>"),
	    NULL, ST_PASS, "true");
}
END_TEST

/* ---- what the ARF's OVAL results are made of (oval_results.c) ---- */

static xmlNodePtr
def_node(xmlNodePtr n, const char *id)
{
	for (; n != NULL; n = n->next) {
		xmlNodePtr r;
		xmlChar *v;

		if (n->type != XML_ELEMENT_NODE)
			continue;
		v = xmlGetProp(n, (const xmlChar *)"id");
		if (v != NULL && strcmp((const char *)n->name, "definition") ==
		    0 && strcmp((const char *)v, id) == 0) {
			xmlFree(v);
			return n;
		}
		xmlFree(v);
		if ((r = def_node(n->children, id)) != NULL)
			return r;
	}
	return NULL;
}

/* Evaluate definition 1 of BODY with a recorder keeping at most MAX:
 * status ST. */
static struct oval_results *
recorded_st(const char *body, size_t max, enum status st,
    struct scap_doc **docp)
{
	char *xml = xasprintf("%s%s%s", HEAD, body, TAIL);
	char *path = xasprintf("%s/oval.xml", tu_root);
	struct limits lim = limits_default;
	struct oval_results *res;
	struct target *t;
	struct evlist ev;

	lim.oval_results = max;
	tu_write(tu_root, "/oval.xml", xml, 0644);
	*docp = scap_doc_get(path, &lim, NULL);
	ck_assert_ptr_nonnull(*docp);
	res = oval_results_new(&lim);
	scap_doc_record(*docp, res);
	t = tu_target_open(tu_root);
	evlist_init(&ev, 64);
	ck_assert_int_eq(oval_eval(*docp, path, "oval:t:def:1", NULL, 0, t,
	    &lim, &ev), st);
	scap_doc_record(*docp, NULL);
	evlist_release(&ev);
	target_close(t);
	free(path);
	free(xml);
	return res;
}

static struct oval_results *
recorded(const char *body, size_t max, struct scap_doc **docp)
{
	return recorded_st(body, max, ST_FAIL, docp);
}

#define REC_BODY "<definition id=\"oval:t:def:1\">" \
	CRIT("AND", "false", C_T CRIT("OR", "true", C_F C_F) \
	"<extend_definition definition_ref=\"oval:t:def:2\"/>") \
	"</definition><definition id=\"oval:t:def:2\"><criteria>" C_F \
	"</criteria></definition>" TRUE_T FALSE_T CONST("oval:t:var:c", "a")

START_TEST(results_recorded)
{
	struct scap_doc *doc;
	struct oval_results *res = recorded(REC_BODY, 100, &doc);
	const char *r, *id;
	xmlDocPtr out = xmlNewDoc((const xmlChar *)"1.0");
	xmlNodePtr top = xmlNewDocNode(out, NULL, (const xmlChar *)"d", NULL);
	xmlHashTablePtr idx = xmlHashCreate(4);
	xmlBufferPtr b = xmlBufferCreate();

	ck_assert_uint_eq(oval_results_ncomps(res), 1);
	ck_assert(!oval_results_truncated(res));
	/* the extended definition completes first */
	ck_assert_uint_eq(oval_results_n(res, 0, false), 2);
	id = oval_results_get(res, 0, false, 0, &r);
	ck_assert_str_eq(id, "oval:t:def:2");
	ck_assert_str_eq(r, "false");
	id = oval_results_get(res, 0, false, 1, &r);
	ck_assert_str_eq(id, "oval:t:def:1");
	ck_assert_str_eq(r, "false");
	ck_assert(oval_results_has_def(res, 0, "oval:t:def:1"));
	ck_assert(!oval_results_has_def(res, 0, "oval:t:def:3"));
	ck_assert_uint_eq(oval_results_n(res, 0, true), 2);
	id = oval_results_get(res, 0, true, 0, &r);
	ck_assert_str_eq(id, "oval:t:tst:t");
	ck_assert_str_eq(r, "true");
	id = oval_results_get(res, 0, true, 1, &r);
	ck_assert_str_eq(id, "oval:t:tst:f");
	ck_assert_str_eq(r, "false");
	/* the criteria tree, each node's result from the recorded leaves */
	(void)xmlDocSetRootElement(out, top);
	oval_results_criteria(res, 0, def_node(xmlDocGetRootElement(
	    scap_doc_xml(doc)), "oval:t:def:1"), top, NULL, idx);
	xmlNodeDump(b, out, top->children, 0, 0);
	ck_assert_str_eq((const char *)xmlBufferContent(b),
	    "<criteria operator=\"AND\" negate=\"false\" result=\"false\">"
	    "<criterion test_ref=\"oval:t:tst:t\" version=\"0\" "
	    "result=\"true\"/>"
	    "<criteria operator=\"OR\" negate=\"true\" result=\"true\">"
	    "<criterion test_ref=\"oval:t:tst:f\" version=\"0\" "
	    "result=\"false\"/>"
	    "<criterion test_ref=\"oval:t:tst:f\" version=\"0\" "
	    "result=\"false\"/></criteria>"
	    "<extend_definition definition_ref=\"oval:t:def:2\" "
	    "version=\"0\" result=\"false\"/></criteria>");
	xmlBufferFree(b);
	xmlHashFree(idx, NULL);
	xmlFreeDoc(out);
	oval_results_free(res);
	scap_doc_put(doc);
}
END_TEST

START_TEST(results_capped)
{
	struct scap_doc *doc;
	struct oval_results *res = recorded(REC_BODY, 2, &doc);
	const char *r;

	ck_assert(oval_results_truncated(res));
	ck_assert_uint_eq(oval_results_n(res, 0, false) +
	    oval_results_n(res, 0, true), 2);
	ck_assert_str_eq(oval_results_get(res, 0, true, 0, &r),
	    "oval:t:tst:t");
	oval_results_free(res);
	scap_doc_put(doc);
}
END_TEST

/* The items of test TEST of BODY (status ST) as oval_results_tested()
 * and oval_results_sc() write them, MAX the cap. */
static char *
items_xml_of(const char *body, const char *test, enum status st,
    size_t max)
{
	struct scap_doc *doc;
	struct oval_results *res = recorded_st(body, max, st, &doc);
	xmlDocPtr out = xmlNewDoc((const xmlChar *)"1.0");
	xmlNodePtr top = xmlNewDocNode(out, NULL, (const xmlChar *)"d", NULL);
	xmlNodePtr t = xmlNewChild(top, NULL, (const xmlChar *)"test", NULL);
	xmlNodePtr sc = xmlNewChild(top, NULL, (const xmlChar *)"sc", NULL);
	xmlHashTablePtr idx = xmlHashCreate(4);
	xmlBufferPtr b = xmlBufferCreate();
	char *s;

	(void)xmlDocSetRootElement(out, top);
	oval_results_tested(res, oval_results_comp(res, 0), test, t, NULL);
	oval_results_sc(res, oval_results_comp(res, 0), sc, NULL, idx);
	xmlNodeDump(b, out, top, 0, 0);
	s = xstrdup((const char *)xmlBufferContent(b));
	xmlBufferFree(b);
	xmlHashFree(idx, NULL);
	xmlFreeDoc(out);
	oval_results_free(res);
	scap_doc_put(doc);
	return s;
}

static char *
items_xml(size_t max)
{
	return items_xml_of(REC_BODY, "oval:t:tst:t", ST_FAIL, max);
}


/* The system characteristics as the results writer opens them (the rpm
 * and SELinux items: each in the linux family's namespace, its entities
 * in schema order with their datatypes). */
#define SC_OPEN "<system_data xmlns:ind-sys=\"http://oval.mitre.org/" \
	"XMLSchema/oval-system-characteristics-5#independent\" " \
	"xmlns:unix-sys=\"http://oval.mitre.org/XMLSchema/" \
	"oval-system-characteristics-5#unix\" xmlns:lin-sys=\"http://" \
	"oval.mitre.org/XMLSchema/oval-system-characteristics-5#linux\">"
/* ... and the variable item of oval:t:var:c ("a") */
#define SC_DATA_C SC_OPEN "<ind-sys:variable_item id=\"1\">" \
	"<ind-sys:var_ref>oval:t:var:c</ind-sys:var_ref>" \
	"<ind-sys:value>a</ind-sys:value></ind-sys:variable_item>"
/* The start of the results of test oval:t:tst:1 whose object
 * oval:t:obj:1 collected item 1, to its system data */
#define ITEM1_OPEN "<d><test><tested_item item_id=\"1\" result=\"true\"/>" \
	"</test><sc><collected_objects><object id=\"oval:t:obj:1\" " \
	"version=\"0\" flag=\"complete\"><reference item_ref=\"1\"/>" \
	"</object></collected_objects>" SC_OPEN

START_TEST(results_items)
{
	char *s = items_xml(100);

	/* both tests' objects collect the same item: one id */
	ck_assert_str_eq(s, "<d><test>"
	    "<tested_item item_id=\"1\" result=\"true\"/>"
	    "<tested_variable variable_id=\"oval:t:var:c\">a"
	    "</tested_variable></test><sc><collected_objects>"
	    "<object id=\"oval:t:tst:to\" version=\"0\" flag=\"complete\">"
	    "<variable_value variable_id=\"oval:t:var:c\">a</variable_value>"
	    "<reference item_ref=\"1\"/></object>"
	    "<object id=\"oval:t:tst:fo\" version=\"0\" flag=\"complete\">"
	    "<variable_value variable_id=\"oval:t:var:c\">a</variable_value>"
	    "<reference item_ref=\"1\"/></object></collected_objects>"
	    SC_DATA_C
	    "</system_data></sc></d>");
	free(s);
}
END_TEST

START_TEST(results_items_capped)
{
	char *s = items_xml(0);

	/* no item kept: the objects are incomplete, the document says so */
	ck_assert_ptr_nonnull(strstr(s, "<tested_variable variable_id="
	    "\"oval:t:var:c\">a</tested_variable></test>"));
	ck_assert_ptr_null(strstr(s, "tested_item"));
	ck_assert_ptr_nonnull(strstr(s, "<object id=\"oval:t:tst:to\" "
	    "version=\"0\" flag=\"incomplete\">"));
	ck_assert_ptr_null(strstr(s, "reference"));
	ck_assert_ptr_nonnull(strstr(s, "<!-- assay: more than 0 OVAL items "
	    "were collected; the rest are left out (limit oval_results) -->"
	    "</system_data>"));
	free(s);
}
END_TEST

/* An object read only through a variable's object_component is a
 * collected object too, with its items (as oscap lists it), once
 * however often the variable is read. */
START_TEST(results_items_object_component)
{
	char *s = items_xml_of(DEF("<criteria>" C_T "</criteria>")
	    VAR_T("oval:t:tst:t", "oval:t:var:l", "equals", "a")
	    "<local_variable id=\"oval:t:var:l\" datatype=\"string\">"
	    "<object_component object_ref=\"oval:t:obj:v\" "
	    "item_field=\"value\"/></local_variable>"
	    "<ind:variable_object id=\"oval:t:obj:v\" comment=\"inner\">"
	    "<ind:var_ref>oval:t:var:c</ind:var_ref></ind:variable_object>"
	    CONST("oval:t:var:c", "a"), "oval:t:tst:t", ST_PASS, 100);

	ck_assert_str_eq(s, "<d><test>"
	    "<tested_item item_id=\"2\" result=\"true\"/>"
	    "<tested_variable variable_id=\"oval:t:var:l\">a"
	    "</tested_variable></test><sc><collected_objects>"
	    "<object id=\"oval:t:obj:v\" version=\"0\" flag=\"complete\">"
	    "<variable_value variable_id=\"oval:t:var:c\">a</variable_value>"
	    "<reference item_ref=\"1\"/></object>"
	    "<object id=\"oval:t:tst:to\" version=\"0\" flag=\"complete\">"
	    "<variable_value variable_id=\"oval:t:var:l\">a</variable_value>"
	    "<reference item_ref=\"2\"/></object></collected_objects>"
	    SC_DATA_C
	    "<ind-sys:variable_item id=\"2\">"
	    "<ind-sys:var_ref>oval:t:var:l</ind-sys:var_ref>"
	    "<ind-sys:value>a</ind-sys:value></ind-sys:variable_item>"
	    "</system_data></sc></d>");
	free(s);
}
END_TEST

/* The objects a set names are not collected objects of their own (nor
 * in oscap's results): the set's object holds their items. */
START_TEST(results_items_set)
{
	char *s = items_xml_of(DEF("<criteria>" C_T "</criteria>")
	    "<ind:variable_test id=\"oval:t:tst:t\" check=\"all\">"
	    "<ind:object object_ref=\"oval:t:tst:to\"/></ind:variable_test>"
	    "<ind:variable_object id=\"oval:t:tst:to\"><set>"
	    "<object_reference>oval:t:obj:a</object_reference>"
	    "<object_reference>oval:t:obj:b</object_reference></set>"
	    "</ind:variable_object>"
	    "<ind:variable_object id=\"oval:t:obj:a\"><ind:var_ref>"
	    "oval:t:var:a</ind:var_ref></ind:variable_object>"
	    "<ind:variable_object id=\"oval:t:obj:b\"><ind:var_ref>"
	    "oval:t:var:b</ind:var_ref></ind:variable_object>"
	    CONST("oval:t:var:a", "a") CONST("oval:t:var:b", "b"),
	    "oval:t:tst:t", ST_PASS, 100);

	ck_assert_ptr_nonnull(strstr(s, "<collected_objects>"
	    "<object id=\"oval:t:tst:to\" version=\"0\" flag=\"complete\">"
	    "<reference item_ref=\"1\"/><reference item_ref=\"2\"/></object>"
	    "</collected_objects>"));
	ck_assert_ptr_null(strstr(s, "oval:t:obj:"));
	free(s);
}
END_TEST


START_TEST(results_items_rpm)
{
	struct timespec ts[2] = { { 0, 0 }, { 1600000000, 0 } };
	char *p = xasprintf("%s/usr/bin/assay-tool", tu_root);
	char *body, *s;

	if (!rpm_root(_i)) {
		free(p);
		return;
	}
	body = ONE("linux", "rpminfo", "<linux:behaviors filepaths=\"true\"/>"
	    RPMNAME, "<linux:arch>noarch</linux:arch>");
	s = items_xml_of(body, "oval:t:tst:1", ST_PASS, 100);
	free(body);
	ck_assert_str_eq(s, ITEM1_OPEN
	    "<lin-sys:rpminfo_item id=\"1\">"
	    "<lin-sys:name>assay-test</lin-sys:name>"
	    "<lin-sys:arch>noarch</lin-sys:arch>"
	    "<lin-sys:epoch>2</lin-sys:epoch>"
	    "<lin-sys:release>4.el9</lin-sys:release>"
	    "<lin-sys:version>1.2.3</lin-sys:version>"
	    "<lin-sys:evr datatype=\"evr_string\">2:1.2.3-4.el9</lin-sys:evr>"
	    "<lin-sys:signature_keyid>0</lin-sys:signature_keyid>"
	    "<lin-sys:extended_name>assay-test-2:1.2.3-4.el9.noarch"
	    "</lin-sys:extended_name>"
	    "<lin-sys:filepath>/etc/assay.conf</lin-sys:filepath>"
	    "<lin-sys:filepath>/usr/bin/assay-keep</lin-sys:filepath>"
	    "<lin-sys:filepath>/usr/bin/assay-link</lin-sys:filepath>"
	    "<lin-sys:filepath>/usr/bin/assay-tool</lin-sys:filepath>"
	    "<lin-sys:filepath>/var/log/assay.log</lin-sys:filepath>"
	    "</lin-sys:rpminfo_item></system_data></sc></d>");
	free(s);
	/* the owner is whoever runs the test: not verified */
	tu_write(tu_root, "/usr/bin/assay-tool", "#!/bin/sh\nexit 0\n", 0755);
	ck_assert_int_eq(utimensat(AT_FDCWD, p, ts, 0), 0);
	body = ONE("linux", "rpmverifyfile", VOBJ("nouser=\"true\" "
	    "nogroup=\"true\"", "/usr/bin/assay-tool"), VPASS("size_differs"));
	s = items_xml_of(body, "oval:t:tst:1", ST_PASS, 100);
	free(body);
	ck_assert_str_eq(s, ITEM1_OPEN
	    "<lin-sys:rpmverifyfile_item id=\"1\">"
	    "<lin-sys:name>assay-test</lin-sys:name>"
	    "<lin-sys:epoch>2</lin-sys:epoch>"
	    "<lin-sys:version>1.2.3</lin-sys:version>"
	    "<lin-sys:release>4.el9</lin-sys:release>"
	    "<lin-sys:arch>noarch</lin-sys:arch>"
	    "<lin-sys:filepath>/usr/bin/assay-tool</lin-sys:filepath>"
	    "<lin-sys:extended_name>assay-test-2:1.2.3-4.el9.noarch"
	    "</lin-sys:extended_name>"
	    "<lin-sys:size_differs>pass</lin-sys:size_differs>"
	    "<lin-sys:mode_differs>pass</lin-sys:mode_differs>"
	    "<lin-sys:md5_differs>pass</lin-sys:md5_differs>"
	    "<lin-sys:filedigest_differs>pass</lin-sys:filedigest_differs>"
	    "<lin-sys:device_differs>pass</lin-sys:device_differs>"
	    "<lin-sys:link_mismatch>pass</lin-sys:link_mismatch>"
	    "<lin-sys:ownership_differs>not performed"
	    "</lin-sys:ownership_differs>"
	    "<lin-sys:group_differs>not performed</lin-sys:group_differs>"
	    "<lin-sys:mtime_differs>pass</lin-sys:mtime_differs>"
	    "<lin-sys:capabilities_differ>not performed"
	    "</lin-sys:capabilities_differ>"
	    "<lin-sys:configuration_file datatype=\"boolean\">false"
	    "</lin-sys:configuration_file>"
	    "<lin-sys:documentation_file datatype=\"boolean\">false"
	    "</lin-sys:documentation_file>"
	    "<lin-sys:ghost_file datatype=\"boolean\">false</lin-sys:ghost_file>"
	    "<lin-sys:license_file datatype=\"boolean\">false"
	    "</lin-sys:license_file>"
	    "<lin-sys:readme_file datatype=\"boolean\">false"
	    "</lin-sys:readme_file>"
	    "</lin-sys:rpmverifyfile_item></system_data></sc></d>");
	free(s);
	free(p);
}
END_TEST

START_TEST(results_items_selinuxboolean)
{
	char *body, *s;

	if (sework == NULL)
		return;
	tu_write(tu_root, "/etc/selinux/config", "SELINUX=enforcing\n"
	    "SELINUXTYPE=targeted\n", 0644);
	se_policy("on.33", POL33);
	body = SEB("assay_on", CUR_TRUE);
	s = items_xml_of(body, "oval:t:tst:1", ST_PASS, 100);
	free(body);
	ck_assert_str_eq(s, ITEM1_OPEN
	    "<lin-sys:selinuxboolean_item id=\"1\">"
	    "<lin-sys:name>assay_on</lin-sys:name>"
	    "<lin-sys:current_status datatype=\"boolean\">true"
	    "</lin-sys:current_status>"
	    "<lin-sys:pending_status datatype=\"boolean\">true"
	    "</lin-sys:pending_status></lin-sys:selinuxboolean_item>"
	    "</system_data></sc></d>");
	free(s);
}
END_TEST

/* ---- loading hostile or malformed XML ---- */

static void
load_error(const char *xml, const char *want)
{
	char *path = xasprintf("%s/bad.xml", tu_root);
	struct diag *d = diag_new();
	struct scap_doc *doc;

	tu_write(tu_root, "/bad.xml", xml, 0644);
	doc = scap_doc_get(path, &limits_default, d);
	ck_assert_ptr_null(doc);
	ck_assert_uint_ge(diag_count(d), 1);
	if (strstr(diag_text(d, 0), want) == NULL)
		ck_abort_msg("%s: want %s", diag_text(d, 0), want);
	diag_free(d);
	free(path);
}

START_TEST(hostile_xml)
{
	load_error("<?xml version=\"1.0\"?>\n<!DOCTYPE x [<!ENTITY a \"a\">"
	    "<!ENTITY b \"&a;&a;&a;&a;&a;&a;\">]>\n<x>&b;</x>\n",
	    "bad.xml:2: a document type declaration");
	load_error("<?xml version=\"1.0\"?>\n\n<!DOCTYPE x SYSTEM "
	    "\"http://example.com/x.dtd\"><x/>\n", "bad.xml:3: a document "
	    "type declaration");
	load_error("<oval_definitions xmlns=\"http://oval.mitre.org/XMLSchema/"
	    "oval-definitions-5\">\n<definitions>\n<definition",
	    "bad.xml:3: malformed XML");
	load_error("", "bad.xml:1: malformed XML");
	load_error("<a/>", "not SCAP content: the root element is <a>");
}
END_TEST

/* ---- what the loader builds ---- */

#define XCCDF_HEAD "<?xml version=\"1.0\"?>\n<Benchmark " \
	"xmlns=\"http://checklists.nist.gov/xccdf/1.2\" id=\"xccdf_t_benchmark_b\">\n"
#define PROFILE "<Profile id=\"xccdf_t_profile_p\"><title>p</title>" \
	"<select idref=\"xccdf_t_rule_r1\" selected=\"true\"/>" \
	"<select idref=\"xccdf_t_rule_r2\" selected=\"false\"/></Profile>\n"
#define RULES "<Rule id=\"xccdf_t_rule_r1\" selected=\"false\"><title>one</title>" \
	"<description>prose</description><reference>x</reference></Rule>\n" \
	"<Rule id=\"xccdf_t_rule_r2\" selected=\"false\"><title>two</title></Rule>\n" \
	"<Rule id=\"xccdf_t_rule_r3\"><title>three</title></Rule>\n"

/* The last character of each Rule id under FIRST and its siblings, in
 * document order, into GOT (N so far); PROSE, REF: whether a Rule holds
 * a description, a reference. */
static void
rules_under(xmlNodePtr first, char *got, size_t *n, bool *prose, bool *ref)
{
	for (xmlNodePtr c = first; c != NULL; c = c->next) {
		xmlChar *id;

		if (c->type != XML_ELEMENT_NODE)
			continue;
		if (strcmp((const char *)c->name, "Group") == 0)
			rules_under(c->children, got, n, prose, ref);
		if (strcmp((const char *)c->name, "Rule") != 0)
			continue;
		id = xmlGetProp(c, (const xmlChar *)"id");
		if (*n + 1 < 8)
			got[(*n)++] = (char)id[strlen((const char *)id) - 1];
		xmlFree(id);
		for (xmlNodePtr e = c->children; e != NULL; e = e->next) {
			*prose |= strcmp((const char *)e->name,
			    "description") == 0;
			*ref |= strcmp((const char *)e->name, "reference") == 0;
		}
	}
}

/* Check that DOC built the Rules WANT names ("13": r1 and r3), no
 * description, and r1's reference. */
static void
check_rules(struct scap_doc *doc, const char *want)
{
	char got[8] = "";
	size_t n = 0;
	bool prose = false, ref = false;

	ck_assert_ptr_nonnull(doc);
	rules_under(xmlDocGetRootElement(scap_doc_xml(doc))->children, got,
	    &n, &prose, &ref);
	got[n] = '\0';
	ck_assert_str_eq(got, want);
	/* prose is never built; references are */
	ck_assert(!prose);
	ck_assert(strchr(want, '1') == NULL || ref);
}

/* Load BODY as NAME with SELECTED_ONLY; which of r1 r2 r3 were built
 * ("1-3" style: the digits present), and whether a description was. */
static void
built(const char *name, const char *body, bool selected_only,
    const char *want)
{
	char *path = xasprintf("%s/%s", tu_root, name);
	struct diag *d = diag_new();
	struct scap_doc *doc;

	tu_write(tu_root, name, body, 0644);
	doc = scap_doc_get_selected(path, &limits_default, selected_only, d);
	check_rules(doc, want);
	scap_doc_put(doc);
	diag_free(d);
	free(path);
}

/* As built(), for a scan of the Profiles named by the comma-separated
 * PROFS. */
static void
built_for(const char *body, const char *profs, const char *want)
{
	char *path = xasprintf("%s/prof.xml", tu_root);
	char *list = xstrdup(profs), *save;
	const char *names[8];
	size_t n = 0;
	struct diag *d = diag_new();
	struct scap_doc *doc;

	for (char *t = strtok_r(list, ",", &save); t != NULL && n < 8;
	    t = strtok_r(NULL, ",", &save))
		names[n++] = t;
	tu_write(tu_root, "/prof.xml", body, 0644);
	doc = scap_doc_get_profiles(path, &limits_default, names, n, d);
	check_rules(doc, want);
	scap_doc_put(doc);
	diag_free(d);
	free(list);
	free(path);
}

START_TEST(loader_builds_what_runs)
{
	/* every Rule */
	built("/all.xml", XCCDF_HEAD PROFILE RULES "</Benchmark>\n", false,
	    "123");
	/* r2: selected neither by default nor by a Profile */
	built("/sel.xml", XCCDF_HEAD PROFILE RULES "</Benchmark>\n", true,
	    "13");
	/* a Profile after the Rules (not XCCDF's order): every Rule */
	built("/late.xml", XCCDF_HEAD RULES PROFILE "</Benchmark>\n", true,
	    "123");
}
END_TEST

/* XCCDF 1.1: its elements are 1.2's; prose is pruned and unselected
 * Rules dropped the same way (the SAX loader tells it for XCCDF). */
#define XCCDF11_HEAD "<?xml version=\"1.0\"?>\n<Benchmark " \
	"xmlns=\"http://checklists.nist.gov/xccdf/1.1\" id=\"b\">\n"

START_TEST(loader_builds_what_runs_xccdf11)
{
	built("/all11.xml", XCCDF11_HEAD PROFILE RULES "</Benchmark>\n",
	    false, "123");
	built("/sel11.xml", XCCDF11_HEAD PROFILE RULES "</Benchmark>\n",
	    true, "13");
	built_for(XCCDF11_HEAD PROFILE RULES "</Benchmark>\n",
	    "xccdf_t_profile_p", "13");
}
END_TEST

START_TEST(xccdf_namespaces)
{
	static const char *const ns[] = { SCAP_XCCDF_NS, SCAP_XCCDF11_NS,
	    "http://checklists.nist.gov/xccdf/1.0", "urn:x", NULL };
	xmlNodePtr n = xmlNewNode(NULL, (const xmlChar *)"Rule");

	ck_assert(xccdf_ns("http://checklists.nist.gov/xccdf/1.2"));
	ck_assert(xccdf_ns("http://checklists.nist.gov/xccdf/1.1"));
	ck_assert(!xccdf_ns("http://checklists.nist.gov/xccdf/1.0"));
	ck_assert(!xccdf_ns(NULL));
	/* no namespace: not XCCDF */
	ck_assert(!xis_xccdf(n, "Rule") && !xis_xccdf11(n));
	xmlFreeNode(n);
	for (size_t i = 0; ns[i] != NULL; i++) {
		n = xmlNewNode(NULL, (const xmlChar *)"Rule");
		xmlSetNs(n, xmlNewNs(n, (const xmlChar *)ns[i], NULL));
		ck_assert_int_eq(xis_xccdf(n, "Rule"), i < 2);
		ck_assert(!xis_xccdf(n, "Group"));
		ck_assert_int_eq(xis_xccdf11(n), i == 1);
		xmlNodeSetName(n, (const xmlChar *)"Benchmark");
		ck_assert(xfind_bench(n) == (i < 2 ? n : NULL));
		xmlFreeNode(n);
	}
}
END_TEST

/* An XCCDF 1.1 benchmark is a pack as a 1.2 one is: its Rules' OVAL
 * checks, complex-check and check-export read, its ids as they are
 * (even one starting with '_'); a Benchmark in another namespace is
 * refused, not read as rules without checks. */
START_TEST(xccdf11_pack)
{
	char *path = tu_srcpath("fixtures/scap/v11-xccdf.xml");
	char *other = xasprintf("%s/v10.xml", tu_root);
	static const char *const ids[] = { "max_sessions", "no-debug",
	    "banner", "manual.check", "_either" };
	struct policy_set *ps = policy_set_new();
	struct diag *d = diag_new();

	ck_assert_int_eq(xccdf_load(ps, path, &limits_default, d), 0);
	ck_assert_int_eq(diag_count(d), 0);
	ck_assert_int_eq(policy_rule_count(ps), 5);
	for (size_t i = 0; i < 5; i++) {
		const struct rule *r = policy_rule(ps, i);

		ck_assert_str_eq(r->id, ids[i]);
		ck_assert_int_eq(r->check != NULL, i != 3);
		ck_assert_int_eq(r->manual != NULL, i == 3);
	}
	ck_assert_str_eq(policy_rule(ps, 0)->pack->id, "legacy-demo");
	ck_assert_ptr_nonnull(policy_find_profile(ps, "tight"));
	policy_set_free(ps);
	diag_free(d);

	tu_write(tu_root, "/v10.xml", "<Benchmark xmlns=\"http://checklists."
	    "nist.gov/xccdf/1.0\" id=\"b\"><Rule id=\"r\"/></Benchmark>\n",
	    0644);
	ps = policy_set_new();
	d = diag_new();
	ck_assert_int_eq(xccdf_load(ps, other, &limits_default, d), -1);
	ck_assert_ptr_nonnull(strstr(diag_text(d, 0),
	    "no XCCDF 1.2 or 1.1 Benchmark in this file"));
	policy_set_free(ps);
	diag_free(d);
	free(other);
	free(path);
}
END_TEST

/* Profiles a selects r1, b extends a and selects r4, c selects r5,
 * d_x and e_x both end in "_x"; r3 is selected by default. */
#define PROFILES4 "<Profile id=\"xccdf_t_profile_a\"><title>a</title>" \
	"<select idref=\"xccdf_t_rule_r1\" selected=\"true\"/></Profile>\n" \
	"<Profile id=\"xccdf_t_profile_b\" extends=\"xccdf_t_profile_a\">" \
	"<title>b</title><select idref=\"xccdf_t_rule_r4\" selected=\"true\"/>" \
	"<select idref=\"xccdf_t_rule_r2\" selected=\"false\"/></Profile>\n" \
	"<Profile id=\"xccdf_t_profile_c\"><title>c</title>" \
	"<select idref=\"xccdf_t_rule_r5\" selected=\"true\"/></Profile>\n" \
	"<Profile id=\"xccdf_t_profile_d_x\"><title>d</title></Profile>\n" \
	"<Profile id=\"xccdf_t_profile_e_x\"><title>e</title></Profile>\n"
#define RULES45 "<Group id=\"xccdf_t_group_g\"><title>g</title>\n" \
	"<Rule id=\"xccdf_t_rule_r4\" selected=\"false\"><title>four</title>" \
	"</Rule>\n<Rule id=\"xccdf_t_rule_r5\" selected=\"false\"><title>" \
	"five</title></Rule>\n</Group>\n"

START_TEST(loader_builds_the_profiles_rules)
{
	const char *body = XCCDF_HEAD PROFILES4 RULES "</Benchmark>\n";
	const char *grouped = XCCDF_HEAD PROFILES4 RULES45 RULES
	    "</Benchmark>\n";

	/* by id and by the name after "_profile_"; b brings a's select */
	built_for(body, "xccdf_t_profile_a", "13");
	built_for(body, "b", "13");
	built_for(body, "c", "3");
	built_for(body, "a,c", "13");
	/* Rules in a Group: the Profiles are decided before it */
	built_for(grouped, "c", "53");
	built_for(grouped, "b", "413");
	/* a name matching no Profile, or several: every Profile counts
	 * (the scan reports it) */
	built_for(body, "nosuch", "13");
	built_for(body, "x", "13");
	/* an extends naming no Profile: every Profile counts */
	built_for(XCCDF_HEAD "<Profile id=\"xccdf_t_profile_o\" extends="
	    "\"xccdf_t_profile_gone\"><title>o</title></Profile>\n" PROFILE
	    RULES "</Benchmark>\n", "o", "13");
	/* an extends cycle ends */
	built_for(XCCDF_HEAD "<Profile id=\"xccdf_t_profile_p\" extends="
	    "\"xccdf_t_profile_q\"><title>p</title></Profile>\n<Profile id="
	    "\"xccdf_t_profile_q\" extends=\"xccdf_t_profile_p\"><title>q"
	    "</title><select idref=\"xccdf_t_rule_r1\" selected=\"true\"/>"
	    "</Profile>\n" RULES "</Benchmark>\n", "p", "13");
	/* a Profile after the Rules: every Rule */
	built_for(XCCDF_HEAD RULES PROFILES4 "</Benchmark>\n", "c", "123");
}
END_TEST

/* The tree (with its line numbers) of BODY, loaded as a profile scan
 * (SKIP: pruned bytes skipped), or the first message when it fails. */
static char *
tree_of(const char *body, bool skip)
{
	char *path = xasprintf("%s/skip.xml", tu_root);
	static const char *const names[] = { "p" };
	struct diag *d = diag_new();
	struct scap_doc *doc;
	struct strbuf b = STRBUF_INIT;

	tu_write(tu_root, "/skip.xml", body, 0644);
	scap_parse_skip(skip);
	doc = scap_doc_get_profiles(path, &limits_default, names, 1, d);
	scap_parse_skip(true);
	if (doc != NULL)
		xsig(&b, xmlDocGetRootElement(scap_doc_xml(doc)), false);
	else
		strbuf_addf(&b, "error: %s", diag_count(d) > 0 ?
		    diag_text(d, 0) : "?");
	scap_doc_put(doc);
	diag_free(d);
	free(path);
	return strbuf_detach(&b);
}

static void
same_tree(const char *body, bool fails)
{
	char *parsed = tree_of(body, false), *skipped = tree_of(body, true);

	ck_assert_str_eq(skipped, parsed);
	ck_assert_int_eq(strncmp(parsed, "error: ", 7) == 0, fails);
	free(parsed);
	free(skipped);
}

/* Pruned prose holding every kind of markup, character data with and
 * without '>', nested same-name elements and an unselected Rule: the
 * tree and its line numbers are those of a parse of every byte. */
#define TRICKY "<Rule id=\"xccdf_t_rule_r1\" selected=\"false\"><title>one" \
	"</title>\n<description>a > b, <![CDATA[ x > y <z> ]]> <!-- c > d " \
	"<e> --> <?pi > ?>\n<h:b xmlns:h=\"urn:h\" a='1>2' b=\"'>'\">bold " \
	"<i>it</i><br/></h:b>\n<description>nested\n</description>\ntail\n" \
	"</description>\n<fix>no angle brackets\nat all\n</fix>\n<fix>" \
	"\n</fix><fix>x</fix><fix></fix><warning/>\n<rationale>\n</rationale>" \
	"<reference>x</reference></Rule>\n<Rule id=\"xccdf_t_rule_r2\" " \
	"selected=\"false\"><title>two</title><description>line\nline\n" \
	"</description><fix>&amp; ]] > &lt;</fix></Rule>\n<Rule id=" \
	"\"xccdf_t_rule_r3\"><title>three\n</title>\n</Rule>\n"

/* Inside a pruned element: each refused by libxml2. */
static const char *const bad_bytes[] = {
	"a & b", "&nbsp;", "&#0;", "&#xD800;", "&#x110000;", "&#;", "&#x;",
	"&#99999999999;", "&lt", "x ]]> y", "\x01", "\x7f\x80",
	"\xc0\xaf", "\xed\xa0\x80", "\xef\xbf\xbe", "\xf4\x90\x80\x80",
	"\xe2\x82", "<b c=\"a & b\">x</b>", "<!-- \x02 -->",
	"<![CDATA[ \xff ]]>", "<?pi \x03?>",
};

START_TEST(loader_skips_pruned_bytes)
{
	struct strbuf big = STRBUF_INIT;

	same_tree(XCCDF_HEAD PROFILE TRICKY "</Benchmark>\n", false);
	/* pruned subtrees larger than the parser's buffer: skipped child
	 * by child, and text by text */
	strbuf_addstr(&big, XCCDF_HEAD PROFILE "<Rule id=\"xccdf_t_rule_r1\" "
	    "selected=\"false\"><title>one</title><description>\n");
	for (int i = 0; i < 120000; i++)
		strbuf_addf(&big, "<p a=\"%d\">line</p>\n", i);
	strbuf_addstr(&big, "</description><fix>");
	for (int i = 0; i < 150000; i++)
		strbuf_addstr(&big, "text only\n");
	strbuf_addstr(&big, "</fix></Rule>\n" TRICKY "</Benchmark>\n");
	same_tree(big.buf, false);
	strbuf_release(&big);
	/* broken markup inside a pruned element: the same error, at the
	 * same line */
	same_tree(XCCDF_HEAD PROFILE "<Rule id=\"xccdf_t_rule_r2\" selected="
	    "\"false\"><description>\n<b>\n</description></Rule>\n"
	    "</Benchmark>\n", true);
	same_tree(XCCDF_HEAD PROFILE "<Rule id=\"xccdf_t_rule_r2\" selected="
	    "\"false\"><description>\n<b\n</description></Rule>\n"
	    "</Benchmark>\n", true);
	same_tree(XCCDF_HEAD PROFILE "<Rule id=\"xccdf_t_rule_r2\" selected="
	    "\"false\"><description>\n<!-- open\n</description></Rule>\n"
	    "</Benchmark>\n", true);
	/* characters and references libxml2 refuses, in skipped text,
	 * attribute values, comments: the same error at the same line */
	for (size_t i = 0; i < sizeof(bad_bytes) / sizeof(bad_bytes[0]);
	    i++) {
		char *doc = xasprintf(XCCDF_HEAD PROFILE "<Rule id=\""
		    "xccdf_t_rule_r2\" selected=\"false\"><description>\n"
		    "<p>fine</p>\n%s\n</description></Rule>\n</Benchmark>\n",
		    bad_bytes[i]);

		same_tree(doc, true);
		free(doc);
	}
	/* and what it accepts there: references, UTF-8, "]]" */
	same_tree(XCCDF_HEAD PROFILE "<Rule id=\"xccdf_t_rule_r2\" selected="
	    "\"false\"><description a=\"&amp;&#x41;\">&lt;&gt;&amp;&apos;"
	    "&quot;&#65;&#x10FFFF; \xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80 ]] ]>"
	    "\t\r\n</description></Rule>\n</Benchmark>\n", false);
}
END_TEST

/* A data stream: r1 (selected) checks def:1, r2 (not selected) def:2;
 * DEFS holds the OVAL definitions. */
#define DS_HEAD "<?xml version=\"1.0\"?>\n<data-stream-collection " \
	"xmlns=\"http://scap.nist.gov/schema/scap/source/1.2\">\n" \
	"<component id=\"x\"><Benchmark xmlns=\"http://checklists.nist.gov/" \
	"xccdf/1.2\" id=\"xccdf_t_benchmark_b\">\n" \
	"<Rule id=\"xccdf_t_rule_r1\"><title>one</title><check system=\"" \
	"http://oval.mitre.org/XMLSchema/oval-definitions-5\">" \
	"<check-content-ref href=\"#o\" name=\"oval:t:def:1\"/></check>" \
	"</Rule>\n<Rule id=\"xccdf_t_rule_r2\" selected=\"false\"><title>" \
	"two</title><check system=\"http://oval.mitre.org/XMLSchema/" \
	"oval-definitions-5\"><check-content-ref href=\"#o\" " \
	"name=\"oval:t:def:2\"/></check></Rule>\n</Benchmark></component>\n" \
	"<component id=\"o\"><oval_definitions xmlns=\"http://oval.mitre.org/" \
	"XMLSchema/oval-definitions-5\">\n<definitions>\n"
#define ODEF(n, extra) "<definition id=\"oval:t:def:" n "\" class=\"" \
	"compliance\"><criteria>" extra "<criterion test_ref=\"oval:t:tst:" \
	n "\"/></criteria></definition>\n"
#define DS_TAIL "<definition id=\"oval:t:def:9\" class=\"inventory\"/>\n" \
	"</definitions>\n<tests>\n" \
	"<family_test id=\"oval:t:tst:0\"><object object_ref=\"oval:t:obj:1\"/>" \
	"</family_test>\n" \
	"<family_test id=\"oval:t:tst:1\"><object object_ref=\"oval:t:obj:1\"/>" \
	"<state state_ref=\"oval:t:ste:1\"/></family_test>\n" \
	"<family_test id=\"oval:t:tst:2\"><object object_ref=\"oval:t:obj:2\"/>" \
	"<state state_ref=\"oval:t:ste:2\"/></family_test>\n</tests>\n" \
	"<objects><family_object id=\"oval:t:obj:1\"/>" \
	"<family_object id=\"oval:t:obj:2\"><filter>\n oval:t:ste:2 " \
	"</filter></family_object></objects>\n" \
	"<states><family_state id=\"oval:t:ste:1\"/>" \
	"<family_state id=\"oval:t:ste:2\"><filter>oval:t:ste:1</filter>" \
	"</family_state></states>\n" \
	"</oval_definitions></component>\n</data-stream-collection>\n"

/* Load BODY with SELECTED_ONLY: the OVAL ids of HAVE are built, those
 * of MISSING are not (space-separated). */
static void
oval_built(const char *body, bool selected_only, const char *have,
    const char *missing)
{
	char *path = xasprintf("%s/ds.xml", tu_root);
	struct diag *d = diag_new();
	struct scap_doc *doc;
	char *ids = xstrdup(have), *more = xstrdup(missing), *save, *id;

	tu_write(tu_root, "/ds.xml", body, 0644);
	doc = scap_doc_get_selected(path, &limits_default, selected_only, d);
	ck_assert_ptr_nonnull(doc);
	for (id = strtok_r(ids, " ", &save); id != NULL;
	    id = strtok_r(NULL, " ", &save))
		if (scap_oval_find(doc, NULL, id) == NULL)
			ck_abort_msg("%s: not built", id);
	for (id = strtok_r(more, " ", &save); id != NULL;
	    id = strtok_r(NULL, " ", &save))
		if (scap_oval_find(doc, NULL, id) != NULL)
			ck_abort_msg("%s: built, though nothing names it", id);
	scap_doc_put(doc);
	diag_free(d);
	free(ids);
	free(more);
	free(path);
}

START_TEST(loader_prunes_unreferenced_oval)
{
	const char *every = "oval:t:def:1 oval:t:def:2 oval:t:def:9 "
	    "oval:t:tst:0 oval:t:tst:1 oval:t:tst:2 oval:t:obj:1 "
	    "oval:t:obj:2 oval:t:ste:1 oval:t:ste:2";

	/* every OVAL element */
	oval_built(DS_HEAD ODEF("1", "") ODEF("2", "") DS_TAIL, false, every,
	    "");
	/* what r1 reaches, every object and inventory definition, and
	 * ste:2, which obj:2's filter names by its text */
	oval_built(DS_HEAD ODEF("1", "") ODEF("2", "") DS_TAIL, true,
	    "oval:t:def:1 oval:t:def:9 oval:t:tst:1 oval:t:obj:1 "
	    "oval:t:obj:2 oval:t:ste:1 oval:t:ste:2",
	    "oval:t:def:2 oval:t:tst:0 oval:t:tst:2");
	/* def:1 extends def:0, which extends def:5, both before it and
	 * named by nothing else: held until def:1 wants them, then kept
	 * with their tests (one parse) */
	oval_built(DS_HEAD ODEF("5", "") ODEF("0", "<extend_definition "
	    "definition_ref=\"oval:t:def:5\"/>") ODEF("1", "<extend_definition "
	    "definition_ref=\"oval:t:def:0\"/>") ODEF("2", "") DS_TAIL, true,
	    "oval:t:def:5 oval:t:def:0 oval:t:def:1 oval:t:def:9 "
	    "oval:t:tst:0 oval:t:tst:1 oval:t:obj:1 oval:t:obj:2 "
	    "oval:t:ste:1 oval:t:ste:2", "oval:t:def:2 oval:t:tst:2");
	/* a kept state naming one pruned before it (ste:0, which nothing
	 * named yet): the file is parsed again whole, every element built */
	oval_built(DS_HEAD ODEF("1", "") ODEF("2", "") "</definitions>\n"
	    "<tests><family_test id=\"oval:t:tst:1\"><object object_ref=\""
	    "oval:t:obj:1\"/><state state_ref=\"oval:t:ste:1\"/></family_test>"
	    "<family_test id=\"oval:t:tst:2\"><object object_ref=\"oval:t:"
	    "obj:1\"/></family_test></tests>\n<objects><family_object id=\""
	    "oval:t:obj:1\"/></objects>\n<states><family_state id=\"oval:t:"
	    "ste:0\"/><family_state id=\"oval:t:ste:1\"><filter>oval:t:ste:0"
	    "</filter></family_state></states>\n</oval_definitions></component>"
	    "\n</data-stream-collection>\n", true,
	    "oval:t:def:1 oval:t:def:2 oval:t:tst:1 oval:t:tst:2 "
	    "oval:t:ste:0 oval:t:ste:1", "");
}
END_TEST

static Suite *
oval_suite(void)
{
	Suite *s = suite_create("oval");
	TCase *tc = tcase_create("core");

	tcase_add_checked_fixture(tc, tu_root_setup, tu_root_teardown);
	tcase_add_test(tc, tfc54_subexpression);
	tcase_add_test(tc, tfc54_none_exist_path_filename);
	tcase_add_test(tc, file_mode_owner_pattern);
	tcase_add_test(tc, file_pattern_alternatives);
	tcase_add_test(tc, file_times);
	tcase_add_test(tc, time_difference_formats);
	tcase_add_test(tc, time_difference_bad_input);
	tcase_add_test(tc, time_difference_of_m_time);
	tcase_add_test(tc, file_recurse_max_depth);
	tcase_add_test(tc, criteria_operators);
	tcase_add_test(tc, definition_classes);
	tcase_add_test(tc, every_definition);
	tcase_add_test(tc, external_variable);
	tcase_add_test(tc, local_variable_functions);
	tcase_add_test(tc, dpkginfo_evr);
	tcase_add_test(tc, partition_from_fstab);
	tcase_add_test(tc, sysctl_offline);
	tcase_add_test(tc, unit_dependency);
	tcase_add_test(tc, unit_property_offline);
	tcase_add_test(tc, set_and_filter);
	tcase_add_test(tc, unsupported_is_notchecked);
	tcase_add_test(tc, uname_offline);
	tcase_add_test(tc, hostile_xml);
	tcase_add_test(tc, loader_builds_what_runs);
	tcase_add_test(tc, loader_builds_the_profiles_rules);
	tcase_add_test(tc, loader_builds_what_runs_xccdf11);
	tcase_add_test(tc, xccdf_namespaces);
	tcase_add_test(tc, xccdf11_pack);
	tcase_add_test(tc, loader_skips_pruned_bytes);
	tcase_add_test(tc, loader_prunes_unreferenced_oval);
	tcase_add_test(tc, xmlfilecontent_xpath);
	suite_add_tcase(s, tc);
	tc = tcase_create("rpm");
	tcase_set_timeout(tc, 60);
	tcase_add_unchecked_fixture(tc, rpm_setup, rpm_teardown);
	tcase_add_checked_fixture(tc, tu_root_setup, tu_root_teardown);
	tcase_add_loop_test(tc, rpminfo_states, 0, 3);
	tcase_add_test(tc, rpminfo_unreadable_database);
	tcase_add_loop_test(tc, rpmverifyfile_checks, 0, 3);
	tcase_add_loop_test(tc, rpmverifyfile_mtime, 0, 3);
	tcase_add_loop_test(tc, rpmverifyfile_verify_flags, 0, 3);
	tcase_add_test(tc, results_recorded);
	tcase_add_test(tc, results_capped);
	tcase_add_test(tc, results_items);
	tcase_add_test(tc, results_items_capped);
	tcase_add_test(tc, results_items_object_component);
	tcase_add_test(tc, results_items_set);
	tcase_add_loop_test(tc, results_items_rpm, 0, 3);
	suite_add_tcase(s, tc);
	tc = tcase_create("selinux");
	tcase_set_timeout(tc, 60);
	tcase_add_unchecked_fixture(tc, se_setup, se_teardown);
	tcase_add_checked_fixture(tc, tu_root_setup, tu_root_teardown);
	tcase_add_test(tc, selinuxboolean_boot_policy);
	tcase_add_test(tc, selinuxboolean_read);
	tcase_add_test(tc, results_items_selinuxboolean);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return tu_run_suite(oval_suite());
}
