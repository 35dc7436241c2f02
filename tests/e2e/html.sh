#!/bin/sh
# html.sh -- the HTML report, as a browser shows it.
#
# Scans a small root with hostile file names (a path that reads
# `<script>alert(1)</script>`) writing `--format html=F --format json=J`,
# then loads F in headless Chromium: the DOM after the page's script ran
# (--dump-dom) must show the counts of the JSON summary, the filter bar
# (proof the script ran under the page's CSP), the hostile names as text
# and no other script; loading F#status=fail must hide every rule but the
# failing ones (the filter state lives in the fragment). html_check.js
# then clicks the filters through the DevTools protocol when node is
# there. Printed to PDF (pdftotext reads it back), the failing rules are
# opened and the controls gone. A screenshot is kept as
# tests/e2e/html-report.png in the build dir. Skips (77) without the binary or without chromium, except under
# CI=true where a missing chromium fails.
set -u

: "${top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
: "${top_builddir:=$top_srcdir}"
# shellcheck source=tests/e2e/skip.sh
. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/e2e/skip.sh"
: "${ASSAY:=$top_builddir/assay}"

if ! "$ASSAY" --version >/dev/null 2>&1; then
	e2e_skip "$ASSAY does not run"
fi
CHROMIUM=${CHROMIUM:-$(command -v chromium || command -v chromium-browser ||
    command -v google-chrome || true)}
if [ -z "$CHROMIUM" ]; then
	e2e_skip "chromium is not installed"
fi

tmp=$(mktemp -d) || exit 1
trap '[ -n "${KEEP:-}" ] || rm -rf "$tmp"' EXIT
passed=0
failed=0
ok() { passed=$((passed + 1)); }
die() {
	echo "html.sh: FAIL: $*" >&2
	failed=$((failed + 1))
}
check() {	# check DESCRIPTION COMMAND...
	desc=$1
	shift
	if "$@"; then ok; else die "$desc"; fi
}

# The target.
root=$tmp/root
mkdir -p "$root/data/<script>alert(1)<" "$root/etc"
for name in "<script>alert(1)<"/"script>" "<img src=x onerror=alert(1)>" \
    "$(printf 'bad\377name')" "pipe|tick\`"; do
	printf 'x\n' >"$root/data/$name" && chmod 0666 "$root/data/$name"
done
printf 'hello\nsecret=1\n' >"$root/etc/motd"

pol=$tmp/policy
mkdir -p "$pol"
cat >"$pol/pack.yaml" <<'YAML'
policy: html-demo
title: HTML demo <b>pack</b>
rules:
  - id: data-not-world-writable
    title: Nothing under /data is world-writable
    severity: high
    remediation: Run `chmod o-w` on each file listed.
    rationale: Anyone on the system could change them.
    references: {cis: "7.1.11", url: "https://example.com/ww"}
    tags: [files, permissions]
    check: {files: {root: /data, world_writable: true}}
  - id: motd-no-secret
    title: The motd holds no secret
    severity: critical
    tags: [content]
    check: {content: {path: /etc/motd, not_matches: "secret"}}
  - id: no-motd
    title: There is no motd
    severity: low
    tags: [content]
    check: {file: {path: /etc/motd, exists: false}}
  - id: data-exists
    title: /data exists
    severity: info
    tags: [files]
    check: {file: {path: /data, exists: true}}
  - id: etc-exists
    title: /etc exists
    severity: medium
    check: {file: {path: /etc, exists: true}}
  - id: nginx-conf
    title: nginx has a configuration
    severity: medium
    applies_if: {file: {path: /etc/nginx, exists: true}}
    check: {file: {path: /etc/nginx/nginx.conf, exists: true}}
  - id: door-locked
    title: The server room is locked
    severity: low
    manual: Ask the site.
YAML

# A waiver, so the page shows one too.
cat >"$tmp/waivers.yaml" <<'YAML'
waivers:
  - rule: no-motd
    justification: The login banner is required by the <legal> team
    owner: security@example.com
    expires: 2999-12-31
    reference: SEC-1234
YAML

out=$tmp/out
mkdir -p "$out"
"$ASSAY" scan --policy "$pol" --waivers "$tmp/waivers.yaml" \
    --format "html=$out/r.html" --format "json=$out/r.json" "$root" \
    >"$out/stdout" 2>"$out/stderr"
rc=$?
check "exit code $rc, expected 1 ($(cat "$out/stderr"))" [ "$rc" -eq 1 ]
check "r.html is empty or missing" [ -s "$out/r.html" ]

# The page as written: self-contained, and the CSP names its script.
python3 - "$out/r.html" <<'PY' && ok || die "static checks of r.html"
import base64, hashlib, re, sys
h = open(sys.argv[1], encoding="utf-8").read()
scripts = re.findall(r"<script>(.*?)</script>", h, re.S)
assert len(scripts) == 1, len(scripts)
want = base64.b64encode(hashlib.sha256(scripts[0].encode()).digest()).decode()
csp = re.search(r"script-src 'sha256-([^']+)'", h).group(1)
assert csp == want, "update HTML_SCRIPT_SHA256 in engine/report/html.c " \
    "to " + want
for bad in ("<link", " src=\"", "@import", "url(", "<script src"):
    assert bad not in h, bad
for href in re.findall(r'href="([^"]*)"', h):
    assert href.startswith("#") or href == "https://example.com/ww", href
PY

chrome() {	# chrome OUT-ARGS... URL
	profile=$(mktemp -d "$tmp/profile.XXXXXX")
	timeout 120 "$CHROMIUM" --headless --no-sandbox --disable-gpu \
	    --disable-quic --no-first-run --disable-background-networking \
	    --disable-component-update --disable-sync --disable-extensions \
	    --user-data-dir="$profile" "$@" 2>>"$out/chromium.log"
}

# The DOM after the script ran: counts as shown equal the JSON summary.
chrome --dump-dom "file://$out/r.html" >"$out/dom.html"
check "chromium --dump-dom gave nothing ($(tail -n 3 "$out/chromium.log"))" \
    [ -s "$out/dom.html" ]
python3 - "$out/dom.html" "$out/r.json" all <<'PY' && ok ||
import json, re, sys
dom = open(sys.argv[1], encoding="utf-8").read()
summ = json.load(open(sys.argv[2], encoding="utf-8"))["summary"]
view = sys.argv[3]

def shown(ident):
    m = re.search(r'id="%s" data-count="(\d+)">(\d+)<' % ident, dom)
    assert m, "no #%s in the page" % ident
    assert m.group(1) == m.group(2), (ident, m.groups())
    return int(m.group(2))

for st in ("pass", "fail", "error", "notapplicable", "notchecked", "waived"):
    assert shown("count-" + st) == summ[st], (st, summ[st])
assert shown("count-total") == summ["total"]
for sev, n in summ["fail_by_severity"].items():
    assert shown("fail-" + sev) == n, (sev, n)
# The script ran: the filter bar is visible, and the hostile names are
# text (the only <script> element is ours).
assert re.search(r'<div class="panel filters" id="filters">', dom), "filters"
assert len(re.findall(r"<script", dom)) == 1, "a second script element"
assert "&lt;script&gt;alert(1)&lt;/script&gt;" in dom
assert "<img" not in dom
assert "required by the &lt;legal&gt; team" in dom
assert summ["waived"] == 1, summ
rules = re.findall(r'<details class="rule [^"]*" data-status="(\w+)"'
                   r'[^>]*?( hidden(?:="")?)?>', dom)
assert len(rules) == summ["total"], len(rules)
visible = [s for s, hid in rules if not hid]
if view == "all":
    assert len(visible) == summ["total"]
    assert shown("shown") == summ["total"]
else:
    assert visible and all(s == view for s in visible), visible
    assert len(visible) == summ[view], (len(visible), summ[view])
    assert shown("shown") == summ[view]
PY
	die "counts shown by chromium differ from the JSON summary"

# A filtered view: the fragment #status=fail hides everything else.
chrome --dump-dom "file://$out/r.html#status=fail" >"$out/dom-fail.html"
python3 - "$out/dom-fail.html" "$out/r.json" fail <<'PY' && ok ||
import json, re, sys
dom = open(sys.argv[1], encoding="utf-8").read()
summ = json.load(open(sys.argv[2], encoding="utf-8"))["summary"]
rules = re.findall(r'<details class="rule [^"]*" data-status="(\w+)"'
                   r'[^>]*?( hidden(?:="")?)?>', dom)
visible = [s for s, hid in rules if not hid]
assert len(rules) == summ["total"], len(rules)
assert visible and all(s == "fail" for s in visible), visible
assert len(visible) == summ["fail"], (len(visible), summ["fail"])
m = re.search(r'id="shown" data-count="(\d+)"', dom)
assert m and int(m.group(1)) == summ["fail"], m
PY
	die "#status=fail did not filter the rules"

# Clicking the filters, through the DevTools protocol (needs node).
if command -v node >/dev/null 2>&1; then
	TMPDIR=$tmp node "$top_srcdir/tests/e2e/html_check.js" "$CHROMIUM" \
	    "$out/r.html" "$out/r.json" >"$out/click.log" 2>&1 && ok ||
	    die "filter clicks: $(cat "$out/click.log")"
else
	echo "html.sh: node not found: filter clicks not tested"
fi

# On paper (chromium --print-to-pdf, read back with pdftotext): the
# script opened the failing and waived rules for printing and left the
# others one line each, the filter controls and the footer are gone, the
# rules start on a new page under their heading, and a reference link
# shows its address.
if command -v pdftotext >/dev/null 2>&1; then
	chrome --print-to-pdf="$out/r.pdf" --no-pdf-header-footer \
	    "file://$out/r.html" >/dev/null
	pdftotext "$out/r.pdf" "$out/r.pdf.txt" 2>>"$out/chromium.log"
	python3 - "$out/r.pdf.txt" "$out/r.json" <<'PY' && ok ||
import json, re, sys
pages = open(sys.argv[1], encoding="utf-8").read().split("\f")
text = "\f".join(pages)
summ = json.load(open(sys.argv[2], encoding="utf-8"))["summary"]
opened = summ["fail"] + summ["error"] + summ["waived"]
# Every opened rule ends with where it is defined; no other rule prints
# its body.
assert len(re.findall(r"(?i)defined in", text)) == opened, \
    (len(re.findall(r"(?i)defined in", text)), opened)
# Table cells wrap: compare without whitespace.
flat = re.sub(r"\s+", "", text)
has = lambda s: re.sub(r"\s+", "", s) in flat
# (a table's columns come out interleaved: check the cell's two parts)
assert has("/data/<img src=x") and has("onerror=alert(1)>"), "evidence"
assert has("required by the <legal> team"), "the waiver"
assert not has("/etc/nginx/nginx.conf"), "a n/a rule's body printed"
for gone in ("Reset", "rules shown", "self-contained"):
    assert not has(gone), gone
assert has("<https://example.com/ww>"), "link address not printed"
assert "Rules: failures" not in pages[0], "rules on the summary page"
assert any(p.lstrip().startswith("Rules: failures") for p in pages[1:])
PY
	die "the printed page ($out/r.pdf.txt)"
elif [ "${CI:-}" = true ]; then
	die "pdftotext (poppler-utils) is missing: printing not tested"
else
	echo "html.sh: pdftotext not found: printing not tested"
fi

# The screenshot, kept in the build dir for a person to look at.
shot=$top_builddir/tests/e2e/html-report.png
mkdir -p "$(dirname "$shot")"
rm -f "$shot"
chrome --screenshot="$shot" --window-size=1280,2000 --hide-scrollbars \
    "file://$out/r.html" >/dev/null
check "no screenshot at $shot" [ -s "$shot" ]

# The report of the demo root (fixtures/demo/demo.spec, needs root for its
# owners) as a reader sees it: the whole page, and the failing rules with
# one opened by its link (#status=fail&open=ID: the rule's evidence must
# be in the DOM as opened), and its printed second page. Kept in the
# build dir as html-demo-full.png, html-demo-open.png and
# html-demo-print.png; with ASSAY_DOCS_IMG=DIR also written there
# (docs/img/ holds the committed copies: ASSAY_DOCS_IMG=$PWD/../docs/img
# make check TESTS=tests/e2e/html.sh).
if [ "$(id -u)" = 0 ]; then
	sh "$top_srcdir/fixtures/mkroot.sh" "$top_srcdir/fixtures/demo/demo.spec" \
	    "$tmp/demo" >/dev/null 2>&1 || die "mkroot of the demo root"
	# a relative target: the page shows "demo-root", no scratch path
	mv "$tmp/demo" "$tmp/demo-root"
	# and a relative pack: rules say "defined in linux-baseline/...",
	# not where this checkout happens to be
	cp -R "$top_srcdir/policies/linux-baseline" "$tmp/linux-baseline"
	(cd "$tmp" && "$ASSAY" scan --policy linux-baseline \
	    --format html="$out/demo.html" demo-root >/dev/null 2>&1)
	[ $? -eq 1 ] || die "demo scan did not exit 1"
	url="file://$out/demo.html#status=fail&open=files-no-world-writable"
	chrome --dump-dom "$url" >"$out/demo-dom.html"
	grep -A1 '<details class="rule fail"[^>]* open=' "$out/demo-dom.html" |
	    grep -q 'files-no-world-writable' ||
	    die "#open=files-no-world-writable did not open the rule"
	grep -q '<span class="chip">context</span> world-writable files' \
	    "$out/demo-dom.html" || die "context evidence is not marked"
	for v in full open; do
		f=$top_builddir/tests/e2e/html-demo-$v.png
		rm -f "$f"
		if [ $v = full ]; then
			chrome --screenshot="$f" --window-size=1000,1300 \
			    --hide-scrollbars "file://$out/demo.html" >/dev/null
		else
			chrome --screenshot="$f" --window-size=1000,1300 \
			    --hide-scrollbars "$url" >/dev/null
		fi
		check "no screenshot at $f" [ -s "$f" ]
		[ -z "${ASSAY_DOCS_IMG:-}" ] || cp "$f" "$ASSAY_DOCS_IMG/"
	done
	# The printed report: its second page (the first rules, opened).
	f=$top_builddir/tests/e2e/html-demo-print.png
	rm -f "$f"
	if command -v pdftoppm >/dev/null 2>&1; then
		chrome --print-to-pdf="$out/demo.pdf" --no-pdf-header-footer \
		    "file://$out/demo.html" >/dev/null
		pdftoppm -png -r 70 -f 2 -l 2 -singlefile "$out/demo.pdf" \
		    "${f%.png}" 2>>"$out/chromium.log"
		check "no print screenshot at $f" [ -s "$f" ]
		[ -z "${ASSAY_DOCS_IMG:-}" ] || cp "$f" "$ASSAY_DOCS_IMG/"
	elif [ "${CI:-}" = true ]; then
		die "pdftoppm (poppler-utils) is missing"
	fi
else
	echo "html.sh: not root: the demo root screenshots were not taken"
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
