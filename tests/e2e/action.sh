#!/bin/sh
# action.sh -- action.yml (the GitHub Action) is valid metadata and its
# steps work, run by tests/e2e/action_run.py with a fake GITHUB_*
# environment and no network:
#
# 1. the metadata rules (action_run.py check): inputs documented, sane
#    defaults (a real profile, a severity, known formats), `shell:` on
#    every run step, pinned `uses:`, no expression spliced into a script;
#    and a broken copy of the file (a run step without shell, an input
#    without description, an expression in a script) is refused;
# 2. a failing target (a root with a world-writable /etc/shadow, scanned
#    with the default linux-baseline profile): the scan writes SARIF and
#    Markdown, upload-sarif is called with that SARIF and the category,
#    the summary reaches $GITHUB_STEP_SUMMARY, and the gate fails the job;
# 3. the same with fail-on none: every step succeeds;
# 4. a target that does not exist: the scan step fails (exit 3), the
#    upload is skipped (no SARIF), the gate does not run.
#
# The build step runs with the assay-binary input (the binary under test),
# so it does not compile assay again. Skips (77) without the binary,
# python3 or PyYAML, except under CI=true.
set -u

: "${top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
# shellcheck source=tests/e2e/preamble.sh
. "$top_srcdir/tests/e2e/preamble.sh"
e2e_start action assay python3 yaml bash
helper=$top_srcdir/tests/e2e/action_run.py
action=$top_srcdir/action.yml

# 1. Metadata.
python3 "$helper" check "$action" "$ASSAY" || die "action.yml metadata"
broken() {
	python3 - "$action" "$tmp/bad/action.yml" "$1" <<'PY'
import sys, yaml
a = yaml.safe_load(open(sys.argv[1]))
what = sys.argv[3]
if what == "shell":
    del a["runs"]["steps"][1]["shell"]
elif what == "description":
    a["inputs"]["target"]["description"] = ""
elif what == "splice":
    a["runs"]["steps"][1]["run"] += "\necho ${{ inputs.target }}\n"
elif what == "default":
    a["inputs"]["fail-on"]["default"] = "severe"
yaml.safe_dump(a, open(sys.argv[2], "w"))
PY
}
mkdir -p "$tmp/bad"
for what in shell description splice default; do
	broken "$what"
	if python3 "$helper" check "$tmp/bad/action.yml" "$ASSAY" \
	    >/dev/null 2>"$tmp/err"; then
		die "a broken action.yml ($what) passed the check"
	fi
done

# The workspace: a root whose /etc/shadow is world-writable.
ws=$tmp/ws
mkdir -p "$ws/root/etc"
printf 'root:x:0:0:root:/root:/bin/sh\n' >"$ws/root/etc/passwd"
printf 'root:*:19000:0:99999:7:::\n' >"$ws/root/etc/shadow"
chmod 0666 "$ws/root/etc/shadow"

# run NAME INPUT=VALUE...: run the action into $tmp/NAME.json.
run() {
	name=$1
	shift
	mkdir -p "$tmp/$name"
	python3 "$helper" run "$action" "$ws" "$tmp/$name" \
	    "assay-binary=$ASSAY" "$@" >"$tmp/$name.json" 2>"$tmp/$name.err" ||
	    die "$name: action_run.py failed: $(cat "$tmp/$name.err")"
}

# 2. Failing target, defaults.
run failing target=root
python3 - "$tmp/failing.json" "$ws" <<'PY' || die "failing target"
import json, sys
r = json.load(open(sys.argv[1]))
ws = sys.argv[2]
steps = dict(r["steps"])
assert steps == {"Build assay": "success", "Scan": "success",
                 "Upload SARIF": "recorded", "Job summary": "success",
                 "Gate": "failure 1"}, steps
assert r["failed"] and r["outputs"]["exit-code"] == "1", r["outputs"]
up = r["uses"][0]
assert up["uses"].startswith("github/codeql-action/upload-sarif@"), up
assert up["with"] == {"sarif_file": "assay-reports/assay.sarif",
                      "category": "assay"}, up
sarif = json.load(open(ws + "/assay-reports/assay.sarif"))
assert sarif["version"] == "2.1.0"
assert any(x["ruleId"] for x in sarif["runs"][0]["results"]), "no results"
assert r["summary"].lstrip().startswith("## "), r["summary"][:80]
assert "FAIL" in r["summary"], r["summary"][:200]
PY

# 3. fail-on none: the same scan passes every step; more formats.
rm -rf "$ws/assay-reports"
run passing target=root fail-on=none "formats=sarif,junit,html,json" \
    upload-sarif=false
python3 - "$tmp/passing.json" "$ws" <<'PY' || die "fail-on none"
import json, os, sys
r = json.load(open(sys.argv[1]))
ws = sys.argv[2]
steps = dict(r["steps"])
assert steps == {"Build assay": "success", "Scan": "success",
                 "Upload SARIF": "skipped", "Job summary": "success",
                 "Gate": "success"}, steps
assert not r["failed"] and r["outputs"]["exit-code"] == "0"
for f in ("assay.sarif", "assay.xml", "assay.html", "assay.json"):
    assert os.path.getsize(ws + "/assay-reports/" + f) > 0, f
assert not os.path.exists(ws + "/assay-reports/assay.md")
assert r["summary"] == "", r["summary"]
PY

# 4. A target that is not there: exit 3, nothing uploaded.
rm -rf "$ws/assay-reports"
run missing target=no-such-root
python3 - "$tmp/missing.json" <<'PY' || die "missing target"
import json, sys
r = json.load(open(sys.argv[1]))
steps = dict(r["steps"])
assert steps == {"Build assay": "success", "Scan": "failure 3",
                 "Upload SARIF": "skipped", "Job summary": "success",
                 "Gate": "skipped"}, steps
PY

exit "$fail"
