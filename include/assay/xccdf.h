/*
 * xccdf.h -- an XCCDF 1.2 benchmark (in a SCAP source data stream, or an
 * XCCDF file with its OVAL files beside it) loaded as a policy pack.
 *
 * Each XCCDF Rule becomes one rule with the same id whose check is the
 * `oval` probe on its OVAL definition (its check-exports bound to pack
 * variables, one per XCCDF Value), its CPE platforms an applies_if on
 * the CPE OVAL definitions, its idents and references the rule's
 * references (plus `ssg: SHORT_ID` for SSG content). Each Profile becomes
 * a profile with the rules XCCDF selects (extends, select, Group
 * selection) and the variables refine-value / set-value give. Rules with
 * no OVAL check are manual (notchecked, saying why). Then waivers,
 * tailoring, baselines and every report format work unchanged.
 */
#ifndef ASSAY_XCCDF_H
#define ASSAY_XCCDF_H

#include "assay/diag.h"
#include "assay/limits.h"

struct policy_set;

/* Load the benchmark of PATH into PS as one pack; 0, or -1 with the
 * reasons in D (file and line). */
ASSAY_NODISCARD int xccdf_load(struct policy_set *ps, const char *path,
		    const struct limits *lim, struct diag *d);
/* As xccdf_load, but when each of the NONLY profile ids or short names
 * (`standard`) names a Profile of the benchmark, the pack holds only
 * those profiles and the rules they select: a scan of one profile does
 * not build the benchmark's other rules. Otherwise the whole benchmark. */
ASSAY_NODISCARD int xccdf_load_profiles(struct policy_set *ps,
		    const char *path, const char *const *only, size_t nonly,
		    const struct limits *lim, struct diag *d);
/* The id of the one profile of PS whose id ends in "_profile_NAME" (or
 * is NAME): `--profile standard`. NULL when none or several; borrowed. */
const char	*xccdf_profile_resolve(const struct policy_set *ps,
		    const char *name);

#endif /* ASSAY_XCCDF_H */
