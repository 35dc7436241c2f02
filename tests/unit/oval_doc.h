/*
 * oval_doc.h -- the hand-written OVAL documents of the OVAL unit suites
 * (check_oval.c, check_oval_spec.c): BODY (definitions, tests, objects,
 * states and variables, all in the definitions section, which the
 * evaluator indexes the same) between HEAD and TAIL, written as
 * TU_ROOT/oval.xml, and the `oval` probe's verdict on oval:t:def:1.
 */
#ifndef ASSAY_TEST_OVAL_DOC_H
#define ASSAY_TEST_OVAL_DOC_H

#include <stdlib.h>

#include "assay/result.h"
#include "assay/xmem.h"
#include "testutil.h"

#define HEAD "<?xml version=\"1.0\"?>\n<oval_definitions " \
	"xmlns=\"http://oval.mitre.org/XMLSchema/oval-definitions-5\" " \
	"xmlns:ind=\"http://oval.mitre.org/XMLSchema/oval-definitions-5#independent\" " \
	"xmlns:unix=\"http://oval.mitre.org/XMLSchema/oval-definitions-5#unix\" " \
	"xmlns:linux=\"http://oval.mitre.org/XMLSchema/oval-definitions-5#linux\" " \
	"xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">\n<definitions>\n"
#define TAIL "\n</definitions>\n</oval_definitions>\n"
/* definition 1 with criteria CRIT */
#define DEF(crit) "<definition id=\"oval:t:def:1\" class=\"compliance\">" \
	"<metadata><title>t</title></metadata>" crit "</definition>"
#define CRIT1 "<criteria><criterion test_ref=\"oval:t:tst:1\"/></criteria>"

/* BODY written as TU_ROOT/oval.xml; definition oval:t:def:1, with the
 * external variable values EXPORT (YAML map entries, or NULL), gives ST
 * and an evidence message holding EV. */
static inline void
oval_verdict(const char *body, const char *export, enum status st,
    const char *ev)
{
	char *xml = xasprintf("%s%s%s", HEAD, body, TAIL);
	char *args = xasprintf("{datastream: \"%s/oval.xml\", definition: "
	    "\"oval:t:def:1\"%s%s%s}", tu_root, export != NULL ?
	    ", export: {" : "", export != NULL ? export : "",
	    export != NULL ? "}" : "");

	tu_write(tu_root, "/oval.xml", xml, 0644);
	tu_check_verdict("oval", args, st, ev);
	free(args);
	free(xml);
}

#endif
