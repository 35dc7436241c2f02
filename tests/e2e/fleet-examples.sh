#!/bin/sh
# fleet-examples.sh -- examples/fleet/ works as written, without a
# cluster or GitHub:
#
# 1. every YAML file parses; the scan Job is Indexed with completions
#    equal to the lines of the ConfigMap's images.txt; both Jobs mount the
#    PVC of pvc.yaml; the matrix has a scan job per image and a merge job
#    that needs it and runs always;
# 2. the scan pod's script (the assay container's args) runs for indexes
#    0 and 1 with /work and /results mapped to local folders, on a plain
#    layer tar (one a failing root, one a clean one) standing for what
#    skopeo would fetch, and writes 00000.json/.html and 00001.json/.html,
#    exiting 0 on findings;
# 3. the merge Job's script runs on them: fleet.sarif, fleet.xml,
#    fleet.html (linking 00000.html) and fleet.md, exit 1 (the failing
#    image); the matrix's merge step gives the same gate.
#
# `assay` is the binary under test on PATH. Skips (77) without it, python3
# or PyYAML, except under CI=true.
set -u

: "${top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
# shellcheck source=tests/e2e/preamble.sh
. "$top_srcdir/tests/e2e/preamble.sh"
e2e_start fleet-examples assay python3 yaml
ex=$top_srcdir/examples/fleet
mkdir -p "$tmp/bin" "$tmp/work0" "$tmp/work1" "$tmp/results"
ln -s "$ASSAY" "$tmp/bin/assay"

# 1. Structure; write the scripts out with local paths.
python3 - "$ex" "$tmp" <<'PY' || die "structure of examples/fleet"
import sys, yaml
ex, tmp = sys.argv[1], sys.argv[2]
k = ex + "/kubernetes/"
cm = yaml.safe_load(open(k + "images.yaml"))
images = [l for l in cm["data"]["images.txt"].splitlines() if l.strip()]
scan = yaml.safe_load(open(k + "scan-job.yaml"))
merge = yaml.safe_load(open(k + "merge-job.yaml"))
pvc = yaml.safe_load(open(k + "pvc.yaml"))
assert scan["kind"] == "Job" and scan["spec"]["completionMode"] == "Indexed"
assert scan["spec"]["completions"] == len(images), \
    (scan["spec"]["completions"], len(images))
for job in (scan, merge):
    vols = job["spec"]["template"]["spec"]["volumes"]
    claims = [v["persistentVolumeClaim"]["claimName"] for v in vols
              if "persistentVolumeClaim" in v]
    assert claims == [pvc["metadata"]["name"]], claims
    assert job["spec"]["template"]["spec"]["restartPolicy"] == "Never"
assert "ReadWriteMany" in pvc["spec"]["accessModes"]
cfg = [v for v in scan["spec"]["template"]["spec"]["volumes"]
       if "configMap" in v][0]
assert cfg["configMap"]["name"] == cm["metadata"]["name"]
pod = scan["spec"]["template"]["spec"]["containers"][0]["args"][0]
open(tmp + "/scan.sh", "w").write(
    pod.replace("/work/", tmp + "/work$JOB_COMPLETION_INDEX/")
       .replace("/results/", tmp + "/results/"))
m = merge["spec"]["template"]["spec"]["containers"][0]["args"][0]
open(tmp + "/merge.sh", "w").write(m.replace("/results", tmp + "/results"))
gh = yaml.safe_load(open(ex + "/github-actions-matrix.yml"))
jobs = gh["jobs"]
assert len(jobs["scan"]["strategy"]["matrix"]["image"]) >= 1
assert jobs["scan"]["strategy"]["fail-fast"] is False
assert jobs["merge"]["needs"] == "scan" and jobs["merge"]["if"] == "always()"
step = [s for s in jobs["merge"]["steps"] if s.get("id") == "merge"][0]
open(tmp + "/gh-merge.sh", "w").write(step["run"])
uses = [s["uses"].split("@")[0] for s in jobs["scan"]["steps"] if "uses" in s]
assert "./assay" in uses, uses
PY

# 2. Two images: a failing root and a clean one, as layer tars.
for i in 0 1; do
	mkdir -p "$tmp/root$i/etc"
	printf 'root:x:0:0:root:/root:/bin/sh\n' >"$tmp/root$i/etc/passwd"
done
# Image 0 has an account with an empty password: it fails (high).
printf 'root::19000:0:99999:7:::\n' >"$tmp/root0/etc/shadow"
for i in 0 1; do
	tar -cf "$tmp/work$i/image.tar" -C "$tmp/root$i" . ||
	    die "tar of root $i"
	PATH=$tmp/bin:$PATH JOB_COMPLETION_INDEX=$i sh "$tmp/scan.sh" \
	    >"$tmp/scan$i.log" 2>&1 ||
	    die "scan pod $i: exit $?: $(tail -n 3 "$tmp/scan$i.log")"
	for f in json html; do
		[ -s "$tmp/results/0000$i.$f" ] || die "no 0000$i.$f"
	done
done

# 3. The merge Job and the matrix's merge step.
PATH=$tmp/bin:$PATH sh "$tmp/merge.sh" >"$tmp/merge.log" 2>&1
rc=$?
[ "$rc" -le 1 ] || die "merge Job: exit $rc: $(cat "$tmp/merge.log")"
for f in fleet.sarif fleet.xml fleet.html fleet.md; do
	[ -s "$tmp/results/$f" ] || die "merge Job wrote no $f"
done
grep -q 'href="00000.html"' "$tmp/results/fleet.html" ||
    die "fleet.html does not link 00000.html"
python3 - "$tmp/results/fleet.sarif" <<'PY' || die "fleet.sarif"
import json, sys
runs = json.load(open(sys.argv[1]))["runs"]
assert len(runs) == 2, len(runs)
assert len({r["automationDetails"]["id"] for r in runs}) == 2
PY
gate=$rc
mkdir -p "$tmp/gh/reports" "$tmp/gh/assay/build"
cp "$tmp/results"/0000?.json "$tmp/gh/reports/"
ln -s "$ASSAY" "$tmp/gh/assay/build/assay"
: >"$tmp/gh/summary"
(cd "$tmp/gh" && GITHUB_STEP_SUMMARY=$tmp/gh/summary \
    GITHUB_OUTPUT=$tmp/gh/output bash -e "$tmp/gh-merge.sh") \
    >"$tmp/gh.log" 2>&1 || die "matrix merge step: $(cat "$tmp/gh.log")"
grep -qx "rc=$gate" "$tmp/gh/output" ||
    die "matrix merge step: $(cat "$tmp/gh/output"), merge Job exit $gate"
grep -q '^## assay fleet report' "$tmp/gh/summary" ||
    die "matrix merge step wrote no job summary"
echo "merge Job exit $gate (the gate over 2 images)"
[ "$gate" -eq 1 ] || die "merge Job: expected exit 1 (image 0 fails)"

exit "$fail"
