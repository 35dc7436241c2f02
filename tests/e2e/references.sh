#!/bin/sh
# references.sh -- every rule of every bundled pack carries a reference.
#
# An auditor must be able to follow each verdict to the control it
# implements (a CIS or STIG id, an SSG rule, a URL): every rule under
# policies/ needs a `references:` map with at least one non-empty value.
set -u
: "${top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
if ! python3 -c 'import yaml' 2>/dev/null; then
	echo "skip: python3-yaml is not installed (apt-get install python3-yaml)"
	exit 77
fi
python3 - "$top_srcdir/policies" <<'PY'
import glob, os, sys, yaml
n = bad = 0
for f in sorted(glob.glob(os.path.join(sys.argv[1], "*", "*.yaml"))):
    for r in (yaml.safe_load(open(f)) or {}).get("rules") or []:
        n += 1
        refs = r.get("references") or {}
        vals = [v for v in refs.values()
                if (v if isinstance(v, str) else any(v))]
        if not vals:
            print("FAIL: %s: rule %s has no reference" % (f, r.get("id")))
            bad += 1
if n < 100:
    print("FAIL: only %d rules found under %s" % (n, sys.argv[1]))
    bad += 1
print("%d passed, %d failed" % (n - bad if n >= 100 else 0, bad))
sys.exit(bad != 0)
PY
