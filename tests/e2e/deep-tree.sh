#!/bin/sh
# deep-tree.sh -- deep directory trees scanned end to end (issue #9 item 1).
#
# Real roots nest deep (node_modules, Java packages, build caches) and a
# path can be longer than PATH_MAX. On the base fixture root (every rule of
# the linux-baseline profile passes) this adds, under /var/deep:
#   - a chain of 35 directories (the depth that used to crash the walk);
#   - a chain of 1,000 with a world-writable file at the bottom;
#   - 25 levels of 200-byte names (a path of ~5,000 bytes) ending in a
#     world-writable file;
# and expects `assay scan --profile linux-baseline` to finish normally with
# files-no-world-writable failing on exactly those two files, named with
# their full paths, every other walking rule passing. Then a second root
# nests 4,100 directories, past the walk's depth cap (limits.h walk_depth,
# 4096): each walking rule must be an `error` naming the directory it did
# not enter, never a crash and never a silent pass (a world-writable file
# found elsewhere still makes files-no-world-writable fail).
#
# Needs root (mkroot.sh sets owners) and python3; skips (77) without them,
# and fails instead under CI=true.
set -u
: "${top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
# shellcheck source=tests/e2e/lib.sh
. "$top_srcdir/tests/e2e/lib.sh"

e2e_require assay python3 root
e2e_setup
pack=$pol/linux-baseline

# make_chain DIR NAME COUNT [LEAF]: COUNT nested directories NAME under DIR
# (with *at() calls: the path outgrows PATH_MAX), LEAF a world-writable file
# at the bottom.
make_chain()
{
	python3 - "$@" <<'PY'
import os, sys
top, name, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
leaf = sys.argv[4] if len(sys.argv) > 4 else None
os.makedirs(top, exist_ok=True)
fd = os.open(top, os.O_RDONLY | os.O_DIRECTORY)
for _ in range(count):
    os.mkdir(name, 0o755, dir_fd=fd)
    nfd = os.open(name, os.O_RDONLY | os.O_DIRECTORY, dir_fd=fd)
    os.close(fd)
    fd = nfd
if leaf:
    lfd = os.open(leaf, os.O_WRONLY | os.O_CREAT, 0o644, dir_fd=fd)
    os.fchmod(lfd, 0o666)
    os.close(lfd)
os.close(fd)
PY
}

# check JSON RULE=STATUS... [--evidence RULE SUBSTRING]: statuses of the
# named rules (every other rule must pass or be notchecked).
cat >"$tmp/check.py" <<'PY'
import json, sys
doc = json.load(open(sys.argv[1]))
want, ev = {}, []
args = sys.argv[2:]
while args:
    a = args.pop(0)
    if a == "--evidence":
        ev.append((args.pop(0), args.pop(0)))
    else:
        k, v = a.split("=", 1)
        want[k] = v
errors = []
by = {}
for r in doc["results"]:
    by[r["rule"]] = r
    st = want.get(r["rule"], None)
    if st is None and r["status"] not in ("pass", "notchecked"):
        errors.append("%s: %s, expected pass" % (r["rule"], r["status"]))
    elif st is not None and r["status"] != st:
        errors.append("%s: %s, expected %s" % (r["rule"], r["status"], st))
for rule, sub in ev:
    texts = [e.get("path", "") + ": " + e.get("message", "")
             for e in by.get(rule, {}).get("evidence", [])]
    if not any(sub in t for t in texts):
        errors.append("%s: no evidence with %r in %r" %
                      (rule, sub[:80], [t[:120] for t in texts]))
for e in errors:
    print(e)
sys.exit(1 if errors else 0)
PY

# scan ROOT JSON: run the profile; the exit code must be 0 or 1 (never a
# signal: 139 was the crash).
scan()
{
	"$ASSAY" scan --policy "$pack" --profile linux-baseline \
	    --fail-on none --format "json=$2" "$1" >"$tmp/why" 2>&1
	rc=$?
	if [ "$rc" -ne 0 ]; then
		echo "exit $rc" >>"$tmp/why"
		return 1
	fi
}

root=$tmp/root
sh "$mkroot" "$top_srcdir/fixtures/roots/base.spec" "$root" >/dev/null
make_chain "$root/var/deep/a" d 35
make_chain "$root/var/deep/b" d 1000 ww
long=$(printf '%0200d' 0 | tr 0 n)
make_chain "$root/var/deep/c" "$long" 25 ww

: >"$tmp/why"
if scan "$root" "$tmp/deep.json"; then ok "deep root scans (exit 0)"; else
	notok "deep root scans (exit 0)"; fi
deep_b=/var/deep/b$(python3 -c 'print("/d" * 1000)')/ww
deep_c=/var/deep/c$(python3 -c 'import sys; print(("/" + sys.argv[1]) * 25)' "$long")/ww
expect "1000 levels and a 5,000-byte path walked: both files found" \
    python3 "$tmp/check.py" "$tmp/deep.json" files-no-world-writable=fail \
    --evidence files-no-world-writable "$deep_b: world-writable file" \
    --evidence files-no-world-writable "$deep_c: world-writable file" \
    --evidence files-no-world-writable "2 found"

# Past the cap: a chain of 4,100 under /var/deep.
rm -rf "$root/var/deep"
make_chain "$root/var/deep" d 4100
# a match elsewhere still decides: that rule fails, the others err
: >"$root/var/ww"
chmod 666 "$root/var/ww"
# /var is 1 level below /, the cap's 4096th level is /var/deep + 4094
cap=/var/deep$(python3 -c 'print("/d" * 4094)')
: >"$tmp/why"
if scan "$root" "$tmp/cap.json"; then ok "over-deep root scans (exit 0)"; else
	notok "over-deep root scans (exit 0)"; fi
reason="$cap not walked: directory nested deeper than the walk depth limit"
expect "past walk_depth: walking rules are errors naming the directory" \
    python3 "$tmp/check.py" "$tmp/cap.json" \
    files-setuid-allowlist=error files-setgid-allowlist=error \
    files-no-world-writable=fail --evidence files-no-world-writable "$reason" \
    --evidence files-no-world-writable "/var/ww: world-writable file" \
    files-unowned=error --evidence files-unowned "$reason" \
    files-ungrouped=error --evidence files-ungrouped "$reason" \
    dirs-world-writable-sticky=error \
    --evidence dirs-world-writable-sticky "$reason"

# rm -rf copes with the depth; do it here so the trap's is quick
rm -rf "$root"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
