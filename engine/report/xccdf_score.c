/*
 * xccdf_score.c -- the XCCDF 1.2 scoring models (NIST IR 7275r4 section
 * 7.3.2) over the rule-results of a TestResult, folded bottom-up along
 * the Benchmark's Group tree (xccdf_private.h):
 *
 *   default (7.3.2.1)          per Rule 100 (pass, fixed) or 0; per
 *                              Group and the Benchmark the weighted mean
 *                              of its children that count (a child with
 *                              no scored Rule below it is left out);
 *                              maximum 100
 *   flat (7.3.2.2)             sum of the weights of the passing Rules;
 *                              maximum the sum of the weights
 *   flat-unweighted (7.3.2.3)  flat with every weight 1
 *   absolute (7.3.2.4)         1 when flat equals its maximum (and some
 *                              Rule counts), else 0; maximum 1
 *
 * A Rule counts unless its result is notselected, notapplicable,
 * informational or notchecked, or its role is unscored (6.4.4.3: checked
 * and reported, not scored). OpenSCAP 1.3.7 computes default, flat and
 * flat-unweighted the same way (its unscored Rules have the result
 * informational); for absolute it writes the flat maximum as maximum
 * (docs/openscap.md).
 */
#include "config.h"

#include <stdbool.h>
#include <stddef.h>
#include <string.h>

#include "xccdf_private.h"

static const char *const models[] = {
	XSCORE_DEFAULT,
	"urn:xccdf:scoring:flat",
	"urn:xccdf:scoring:flat-unweighted",
	"urn:xccdf:scoring:absolute",
	NULL,
};

bool
xscore_known(const char *model)
{
	for (size_t i = 0; models[i] != NULL; i++)
		if (strcmp(model, models[i]) == 0)
			return true;
	return false;
}

void
xscore_rule(struct xscore *parent, const char *result, double weight,
    bool scored)
{
	bool pass;

	if (!scored || strcmp(result, "notselected") == 0 ||
	    strcmp(result, "notapplicable") == 0 ||
	    strcmp(result, "informational") == 0 ||
	    strcmp(result, "notchecked") == 0)
		return;
	pass = strcmp(result, "pass") == 0 || strcmp(result, "fixed") == 0;
	parent->sum += (pass ? 100.0 : 0.0) * weight;
	parent->acc += weight;
	parent->count++;
	parent->flat += pass ? weight : 0;
	parent->flat_max += weight;
	parent->unw += pass ? 1 : 0;
	parent->unw_max += 1;
	parent->rules++;
}

void
xscore_group(struct xscore *parent, const struct xscore *g, double weight)
{
	parent->flat += g->flat;
	parent->flat_max += g->flat_max;
	parent->unw += g->unw;
	parent->unw_max += g->unw_max;
	parent->rules += g->rules;
	if (g->count == 0)
		return;
	parent->sum += (g->acc > 0 ? g->sum / g->acc : 0) * weight;
	parent->acc += weight;
	parent->count++;
}

double
xscore_value(const struct xscore *s, const char *model, double *maximum)
{
	if (strcmp(model, "urn:xccdf:scoring:flat") == 0) {
		*maximum = s->flat_max;
		return s->flat;
	}
	if (strcmp(model, "urn:xccdf:scoring:flat-unweighted") == 0) {
		*maximum = s->unw_max;
		return s->unw;
	}
	if (strcmp(model, "urn:xccdf:scoring:absolute") == 0) {
		*maximum = 1;
		return s->rules > 0 && s->flat == s->flat_max ? 1 : 0;
	}
	*maximum = 100;
	return s->acc > 0 ? s->sum / s->acc : 0;
}
