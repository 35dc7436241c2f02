#!/bin/sh
# text-report.sh -- the text report as a terminal shows it: wrapping.
#
# A line longer than the width (an evidence item with a long message, a
# path with no space to break at, a long rule title) is wrapped with a
# hanging indent when the report goes to a terminal (COLUMNS, else the
# terminal's width: script(1) gives the scan one, `stty cols` sets its
# width) or when --width asks; a file or a pipe keeps one line per item.
# Checks: no line wider than the width (in code points, so a UTF-8 name
# counts by characters), continuation lines indented under their item,
# nothing lost or repeated (the wrapped report equals the unwrapped one
# once whitespace is dropped), a path broken after a '/', and --width
# refusing a bad value with exit code 2. Skips (77) without the binary.
set -u

: "${top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
: "${ASSAY:=$top_srcdir/assay}"
# shellcheck source=tests/e2e/skip.sh
. "$top_srcdir/tests/e2e/skip.sh"

if ! "$ASSAY" --version >/dev/null 2>&1; then
	e2e_skip "$ASSAY does not run"
fi
command -v python3 >/dev/null 2>&1 || e2e_skip "python3 not found"

tmp=$(mktemp -d) || exit 1
trap '[ -n "${KEEP:-}" ] || rm -rf "$tmp"' EXIT
passed=0
failed=0
ok() { passed=$((passed + 1)); }
die() {
	echo "text-report.sh: FAIL: $*" >&2
	failed=$((failed + 1))
}

# The target: a world-writable file deep under a long path with no space
# in it, one with a UTF-8 name, and a config line long enough to wrap.
root=$tmp/root
deep=srv/application-data/customer-uploads/2024/quarterly-reports/archive
mkdir -p "$root/$deep" "$root/data" "$root/etc"
printf 'x\n' >"$root/$deep/very-long-file-name-without-any-spaces-at-all.csv"
printf 'x\n' >"$root/data/Übersicht-Prüfung-café-naïve-€-résumé-façade.txt"
# a name longer than any line, under a short directory: no "/data/" stub
long=$(printf '%080d' 0 | tr 0 z)
printf 'x\n' >"$root/data/$long.log"
chmod 0666 "$root/$deep"/*.csv "$root/data"/*.txt "$root/data"/*.log
printf 'Banner the quick brown fox jumps over the lazy dog and keeps on running through the long grass\n' \
    >"$root/etc/motd"

pol=$tmp/policy
mkdir -p "$pol"
cat >"$pol/pack.yaml" <<'YAML'
policy: wrap
title: Wrapping
rules:
  - id: no-world-writable
    title: No file under the scanned root is world-writable, whatever directory it sits in
    severity: high
    check: {files: {root: /, world_writable: true}}
  - id: motd-no-banner-word
    title: The motd does not say Banner
    severity: medium
    check: {content: {path: /etc/motd, not_matches: "^Banner .*grass$"}}
YAML

scan() {	# scan ARGS...: the text report on stdout
	"$ASSAY" scan --policy "$pol" --color never "$@" "$root"
}

# A pipe: one line per item, however long.
scan >"$tmp/pipe.txt" 2>"$tmp/err"
rc=$?
[ "$rc" -eq 1 ] || die "exit code $rc, expected 1 ($(cat "$tmp/err"))"
awk 'length($0) > 120 { n++ } END { exit n == 0 }' "$tmp/pipe.txt" ||
    die "a pipe got a wrapped report (no line over 120 bytes)"
ok

# check_wrap FILE WIDTH: every line fits, continuations hang, the text is
# the unwrapped report's.
check_wrap() {
	python3 - "$1" "$2" "$tmp/pipe.txt" <<'PY'
import re, sys
path, width, plain = sys.argv[1], int(sys.argv[2]), sys.argv[3]
text = open(path, encoding="utf-8", errors="strict").read()
text = text.replace("\r\n", "\n")
lines = text.split("\n")
over = [l for l in lines if len(l) > width]
assert not over, "wider than %d: %r" % (width, over)
# Evidence (6 columns in) continues 10 columns in, a line that starts
# at the margin (a rule, the summary) 7 columns in (under the severity).
logical = None
for l in lines:
    ind = len(l) - len(l.lstrip(" "))
    if not l.strip() or ind < 7:
        logical = ind
        continue
    assert logical is not None, l
    assert ind == (10 if logical == 6 else 7), (logical, l)
squash = lambda s: re.sub(r"\s+", "", s)
want = open(plain, encoding="utf-8").read()
assert squash(text) == squash(want), "wrapped text differs from the plain"
# Something was wrapped: the long path and the long title.
assert any(l.rstrip().endswith("/") for l in lines), "no break after /"
# ... but not after a '/' near its start: no "/" stub on a line alone.
deep = [l for l in lines if l.lstrip().startswith(("/srv/", "/data/"))]
assert deep and all(len(l) >= width // 2 for l in deep), deep
assert any(l.startswith("       ") and not l.startswith("        ")
           for l in lines), "the long rule title was not wrapped"
PY
}

# --width wraps a pipe too.
scan --width 100 >"$tmp/w100.txt" 2>/dev/null
check_wrap "$tmp/w100.txt" 100 && ok || die "--width 100"
scan --width 60 >"$tmp/w60.txt" 2>/dev/null
check_wrap "$tmp/w60.txt" 60 && ok || die "--width 60"
# The UTF-8 name counts by characters: at 60 columns its line fits in
# code points although it is longer in bytes.
grep -q 'Übersicht' "$tmp/w60.txt" && ok || die "the UTF-8 name is gone"

# A terminal: script(1) gives the scan one. COLUMNS first, else the
# terminal's width (stty cols sets it), --width 0 never wraps, and a
# --format text=FILE is a file.
if command -v script >/dev/null 2>&1; then
	COLUMNS=72 script -qec "$ASSAY scan --policy $pol --color never \
	    --show-all $root" /dev/null >"$tmp/tty72.txt" 2>&1
	check_wrap "$tmp/tty72.txt" 72 && ok || die "terminal, COLUMNS=72"
	env -u COLUMNS script -qec "stty cols 90; $ASSAY scan --policy $pol \
	    --color never --show-all $root" /dev/null >"$tmp/tty90.txt" 2>&1
	check_wrap "$tmp/tty90.txt" 90 && ok || die "terminal, stty cols 90"
	COLUMNS=72 script -qec "$ASSAY scan --policy $pol --color never \
	    --show-all --width 0 $root" /dev/null >"$tmp/tty0.txt" 2>&1
	awk 'length($0) > 120 { n++ } END { exit n == 0 }' "$tmp/tty0.txt" &&
	    ok || die "--width 0 wrapped on a terminal"
	COLUMNS=72 script -qec "$ASSAY scan --policy $pol --color never \
	    --format text=$tmp/file.txt $root" /dev/null >/dev/null 2>&1
	cmp -s "$tmp/file.txt" "$tmp/pipe.txt" && ok ||
	    die "--format text=FILE on a terminal differs from the pipe"
else
	die "script(1) (bsdutils) is missing"
fi

# Bad values: exit code 2 and the message.
for bad in 39 1 10001 x -5 ''; do
	"$ASSAY" scan --policy "$pol" --width "$bad" "$root" \
	    >"$tmp/out" 2>&1
	rc=$?
	if [ "$rc" -eq 2 ] && grep -qF -- "--width: expected 0 (never wrap) or 40 to 10000 columns, got \"$bad\"" "$tmp/out"; then
		ok
	else
		die "--width '$bad': exit $rc: $(cat "$tmp/out")"
	fi
done

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
