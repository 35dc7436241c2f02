#!/bin/sh
# validate-sarif.sh FILE... -- check SARIF files the way GitHub will.
#
# 1. The SARIF multitool's `validate` with the SARIF and GitHub (Gh) rule
#    sets: any result of level "error" fails. The npm wrapper splits its
#    arguments at ';', so the platform binary is called directly; install
#    it with `npm install --no-save @microsoft/sarif-multitool` in the
#    top source directory (or point $SARIF_MULTITOOL at the binary). It
#    needs libicu. Its exit status is 0 even when it reports errors, so the
#    log it writes with --output is read instead.
# 2. The SARIF 2.1.0 JSON schema in ../shared/schemas (python3-jsonschema);
#    skipped with a message when that file is absent.
#
# Exit status: 0 all valid, 1 a file is invalid, 2 a tool is missing.
set -u

top=${top_srcdir:-$(cd "$(dirname "$0")/.." && pwd)}
schema=$top/../shared/schemas/sarif-schema-2.1.0.json
mt=$top/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool
mt=${SARIF_MULTITOOL:-$mt}

if [ $# -eq 0 ]; then
	echo "usage: validate-sarif.sh FILE..." >&2
	exit 2
fi
if [ ! -x "$mt" ]; then
	echo "validate-sarif: SARIF multitool not found at $mt" >&2
	echo "validate-sarif: run 'npm install --no-save" \
	    "@microsoft/sarif-multitool' in $top" >&2
	exit 2
fi
if ! python3 -c 'import jsonschema' 2>/dev/null; then
	echo "validate-sarif: python3 jsonschema missing" \
	    "(apt-get install python3-jsonschema)" >&2
	exit 2
fi

tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT
rc=0
for f in "$@"; do
	log=$tmp/validate.sarif
	rm -f "$log"
	"$mt" validate --rule-kind "Sarif;Gh" --output "$log" "$f" \
	    >"$tmp/out" 2>&1
	if [ ! -s "$log" ]; then
		cat "$tmp/out" >&2
		echo "validate-sarif: $f: the multitool wrote no log" >&2
		rc=1
		continue
	fi
	# A result's level defaults to its rule's level, then "warning".
	if ! python3 - "$log" "$f" <<'PY'
import json, sys
log = json.load(open(sys.argv[1]))
bad = 0
for run in log.get("runs", []):
    rules = {r["id"]: r for r in run["tool"]["driver"].get("rules", [])}
    for res in run.get("results", []):
        rule = rules.get(res.get("ruleId"), {})
        level = res.get("level") or rule.get(
            "defaultConfiguration", {}).get("level", "warning")
        if level != "error":
            continue
        bad += 1
for run in log.get("runs", []):
    for inv in run.get("invocations", []):
        for n in inv.get("toolExecutionNotifications", []):
            if n.get("level", "warning") == "error":
                bad += 1
                print("%s: multitool: %s" % (sys.argv[2],
                      n.get("message", {}).get("text")), file=sys.stderr)
if bad:
    print("%s: the multitool reports %d error(s)" % (sys.argv[2], bad),
          file=sys.stderr)
sys.exit(1 if bad else 0)
PY
	then
		grep -E ': (error|warning) ' "$tmp/out" >&2
		rc=1
	fi
	if [ ! -f "$schema" ]; then
		echo "validate-sarif: $schema absent: schema check skipped" >&2
		continue
	fi
	if ! python3 - "$schema" "$f" <<'PY'
import json, sys, jsonschema
schema = json.load(open(sys.argv[1]))
doc = json.load(open(sys.argv[2]))
cls = jsonschema.validators.validator_for(schema)
errs = sorted(cls(schema).iter_errors(doc), key=lambda e: list(e.path))
for e in errs[:20]:
    print("%s: schema: %s: %s" % (sys.argv[2],
          "/".join(str(p) for p in e.path), e.message[:300]),
          file=sys.stderr)
sys.exit(1 if errs else 0)
PY
	then
		rc=1
	fi
done
exit $rc
