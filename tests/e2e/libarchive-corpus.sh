#!/bin/sh
# libarchive-corpus.sh -- libarchive's own test archives through the image
# reader.
#
# fixtures/libarchive/ holds, uuencoded as libarchive ships them, the
# small archives of libarchive's test suites that concern a layer reader:
# the tar family (ustar, pax, GNU, v7, star, Solaris, sparse, long names,
# links, ACL/xattr/SCHILY records, bad checksums and sizes, timestamps,
# non-UTF-8 names), gzip and zstd streams (the layer compressions, some
# broken), and one tar in each compression assay does not take (README
# there: the origin, the version and the licence). A .Z tar is
# uncompressed first (gzip -dc) and read as a layer; every other file is
# read as it is.
#
# expected.tsv says per input what assay must do (`ok`: it opens, and
# reads back every regular file listing.tsv names with the sha256 Go's
# archive/tar reads for it: content and non-UTF-8 names as a runtime
# unpacks them; `reject`: exit 3 with that message) and what Go's
# archive/tar does (golist.go, run by hand with Debian's golang-1.19 over
# the once-decompressed stream). Where they differ assay refuses what
# Go reads, for the reasons archive-corpus.sh gives; it never reads what
# Go refuses, nor anything else than Go.
set -u
: "${top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
# shellcheck source=tests/e2e/lib.sh
. "$top_srcdir/tests/e2e/lib.sh"

e2e_require assay python3
e2e_setup
READ=${top_builddir:-.}/tests/e2e/image_read
[ -x "$READ" ] || e2e_skip "tests/e2e/image_read not built"
fx=$top_srcdir/fixtures/libarchive

mkdir -p "$tmp/in"
python3 - "$fx" "$tmp/in" <<'PY' || exit 99
import binascii, os, sys
fx, out = sys.argv[1:]
for f in sorted(os.listdir(fx)):
    if not f.endswith(".uu"):
        continue
    data, on = bytearray(), False
    for line in open(os.path.join(fx, f), "rb").read().splitlines():
        if not on:
            on = line.startswith(b"begin ")
        elif line.strip() == b"end":
            break
        elif line:
            n = (((line[0] - 32) & 63) * 4 + 5) // 3
            data += binascii.a2b_uu(line[:n])
    open(os.path.join(out, f[:-3]), "wb").write(data)
PY
for z in "$tmp"/in/*.Z; do
	case $z in */test_extract.tar.Z) continue ;; esac
	gzip -dc <"$z" >"${z%.Z}" || exit 99
done

n=0
while IFS='	' read -r name want gov msg; do
	n=$((n + 1))
	in=$tmp/in/$name
	: >"$tmp/why"
	awk -F'\t' -v n="$name" '$1 == n' "$fx/listing.tsv" >"$tmp/list"
	python3 -c 'import sys
for l in open(sys.argv[1]):
    sys.stdout.buffer.write(bytes.fromhex(l.split("\t")[2].strip()) + b"\n")' \
	    "$tmp/list" >"$tmp/paths"
	timeout 60 "$READ" "$in" '/*' <"$tmp/paths" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	case $want in
	ok)
		if [ "$rc" -ne 0 ]; then
			echo "exit $rc, want 0: $(head -c 300 "$tmp/err")" \
			    >"$tmp/why"
		else
			python3 - "$tmp/list" "$tmp/out" >"$tmp/why" <<'PY'
import sys
want = {}
for l in open(sys.argv[1]):
    _, sha, hx = l.rstrip("\n").split("\t")
    want[bytes.fromhex(hx)] = sha
got = {}
for l in open(sys.argv[2], "rb").read().split(b"\n"):
    if l.startswith(b"ok "):
        _, sha, p = l.split(b" ", 2)
        got[p] = sha.decode()
    elif l:
        print("read: %r" % l)
for p, sha in want.items():
    if got.get(p) != sha:
        print("%r: Go reads sha256 %s, assay %s" % (p, sha, got.get(p)))
PY
		fi ;;
	reject)
		if [ "$rc" -ne 3 ]; then
			echo "exit $rc, want 3: $(head -c 300 "$tmp/err")" \
			    >"$tmp/why"
		elif ! grep -qF "$msg" "$tmp/err"; then
			echo "message $(cat "$tmp/err"), want: $msg" >"$tmp/why"
		fi ;;
	esac
	if [ -s "$tmp/why" ]; then
		notok "$name: $want"
	else
		ok "$name: $want ($(wc -l <"$tmp/list") files read as Go)"
	fi
	[ "$want" = "$gov" ] || echo "known: $name: Go says $gov, assay $want"
done <"$fx/expected.tsv"
[ "$n" -ge 60 ] || { echo "FAIL: only $n archives in expected.tsv"; exit 1; }
finish
