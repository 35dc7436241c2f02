#!/bin/sh
# archive-corpus.sh -- real-world edge-case archives through the image reader.
#
# Go's archive/tar test suite ships tars that exercise every corner of the
# format (GNU and PAX long names, sparse files, base-256 numbers, NULs in
# PAX records, negative sizes, truncated headers...), and compress/gzip's
# one that once hung its reader. Debian's golang-1.19-src package installs
# them (autotools/deps.sh installs it; Go's BSD licence, in the package's
# copyright file, allows the use); this test reads them from there at run
# time rather than copying them into the tree. Without the package it
# skips, which under CI=true is a failure.
#
# Each archive is scanned (`timeout 60`, a one-rule policy) four ways: as
# a layer tar, gzipped whole, zstd-compressed whole (when zstd is there:
# another streaming decoder) and wrapped as the one layer of a
# docker-archive and of an OCI archive with correct digests. The verdict
# must be the one in the table below, the same for every wrapping:
#   ok      -- exit 0 and a JSON report; WANT, when given, is a path that
#              must be listed as a regular file (the `files` rule's
#              evidence);
#   reject  -- exit 3 (the target cannot be read) with a message on
#              stderr; no crash, hang or sanitizer report.
# GO is the verdict of Go's archive/tar (reader_test.go: TestReader,
# TestReadTruncation, TestReadHeaderOnly; writer-big*.tar are headers of
# 16 GiB files cut short, so reading them ends in io.ErrUnexpectedEOF).
# Rows where assay's verdict differs from Go's carry the reason as a
# comment: assay refuses what a runtime would not unpack (type 'D'),
# sparse members (no image writer makes them; docs/images.md), and any
# member libarchive and Go read differently, since what assay scans must
# be what the runtime unpacks. It never accepts what Go rejects.
set -u
: "${top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
# shellcheck source=tests/e2e/lib.sh
. "$top_srcdir/tests/e2e/lib.sh"

e2e_require assay python3
go=
for d in /usr/share/go-1.19/src /usr/lib/go-1.19/src /usr/share/go/src \
    /usr/lib/go/src; do
	if [ -f "$d/archive/tar/testdata/gnu.tar" ]; then
		go=$d
		break
	fi
done
[ -n "$go" ] || e2e_skip "Go's archive/tar testdata not found" \
    "(apt-get install golang-1.19-src)"
e2e_setup

# FILE			EXPECT	GO	WANT (a regular file that must be listed)
cat >"$tmp/table" <<'EOF'
file-and-dir.tar	ok	ok	/small.txt
gnu-incremental.tar	reject	ok	-	# type D: runtimes refuse to unpack it
gnu-long-nul.tar	ok	ok	-
gnu-multi-hdrs.tar	ok	ok	-
gnu-nil-sparse-data.tar	reject	ok	-	# sparse: refused (docs/images.md)
gnu-nil-sparse-hole.tar	reject	ok	-	# sparse: refused (docs/images.md)
gnu-not-utf8.tar	ok	ok	-
gnu-sparse-big.tar	reject	ok	-	# sparse: refused (docs/images.md)
gnu-utf8.tar	ok	ok	-
gnu.tar			ok	ok	/small2.txt
hardlink.tar		ok	ok	-
hdr-only.tar		ok	ok	-
invalid-go17.tar	ok	ok	-
nil-uid.tar		reject	ok	-	# libarchive reads another size: refused
pax-global-records.tar	ok	ok	-
pax-multi-hdrs.tar	ok	ok	-
pax-nil-sparse-data.tar	reject	ok	-	# sparse: refused (docs/images.md)
pax-nil-sparse-hole.tar	reject	ok	-	# sparse: refused (docs/images.md)
pax-pos-size-file.tar	ok	ok	-
pax-records.tar		ok	ok	-
pax-sparse-big.tar	reject	ok	-	# sparse: refused (docs/images.md)
pax.tar			ok	ok	-
sparse-formats.tar	reject	ok	-	# sparse: refused (docs/images.md)
star.tar		ok	ok	/small.txt
trailing-slash.tar	ok	ok	-
ustar-file-devs.tar	ok	ok	/file
ustar-file-reg.tar	ok	ok	-
ustar.tar		ok	ok	-
v7.tar			ok	ok	/small.txt
writer.tar		ok	ok	/small.txt
xattrs.tar		ok	ok	/small2.txt
issue10968.tar		reject	reject	-
issue11169.tar		reject	reject	-
issue12435.tar		reject	reject	-
neg-size.tar		reject	reject	-
writer-big.tar		reject	reject	-
writer-big-long.tar	reject	reject	-
pax-bad-hdr-large.tar.bz2 reject reject	-
pax-bad-hdr-file.tar	reject	reject	-
pax-bad-mtime-file.tar	reject	reject	-
pax-nul-path.tar	reject	reject	-
pax-nul-xattrs.tar	reject	reject	-
pax-path-hdr.tar	reject	ok	-	# a pax header and no member: libarchive calls it damaged
EOF
# and compress/gzip: a stream whose reading once hung (TestIssue6550;
# Go's reader must fail, and fast): not a tar, so a reject
printf 'issue6550.gz\treject\treject\t-\n' >>"$tmp/table"

mkdir -p "$tmp/in" "$tmp/pol"
cp "$go"/archive/tar/testdata/*.tar "$go"/archive/tar/testdata/*.bz2 \
    "$tmp/in/"
python3 -c 'import base64, sys
sys.stdout.buffer.write(base64.b64decode(open(sys.argv[1]).read()))' \
    "$go/compress/gzip/testdata/issue6550.gz.base64" >"$tmp/in/issue6550.gz"
cat >"$tmp/pol/p.yaml" <<'EOF'
policy: corpus
rules:
  - id: regular-files
    title: the layer's regular files
    severity: low
    check:
      files: {type: file, expect: any}
EOF

# Wrap every input: NAME.gz (gzip -n), NAME.zst, NAME.docker, NAME.oci.
python3 - "$tmp/in" <<'PY'
import gzip, hashlib, io, json, os, sys, tarfile

d = sys.argv[1]

def tar_of(members):
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w", format=tarfile.PAX_FORMAT) as t:
        for name, data in members:
            info = tarfile.TarInfo(name)
            info.size = len(data)
            info.mode = 0o644
            t.addfile(info, io.BytesIO(data))
    return buf.getvalue()

def sha(b):
    return hashlib.sha256(b).hexdigest()

for name in sorted(os.listdir(d)):
    layer = open(os.path.join(d, name), "rb").read()
    with open(os.path.join(d, name + ".gz"), "wb") as f:
        f.write(gzip.compress(layer, mtime=0))
    config = json.dumps({"os": "linux", "architecture": "amd64",
                         "config": {},
                         "rootfs": {"type": "layers",
                                    "diff_ids": ["sha256:" + sha(layer)]}}
                        ).encode()
    manifest = json.dumps([{"Config": "blobs/sha256/" + sha(config),
                            "RepoTags": ["corpus:1"],
                            "Layers": ["blobs/sha256/" + sha(layer)]}])
    with open(os.path.join(d, name + ".docker"), "wb") as f:
        f.write(tar_of([("blobs/sha256/" + sha(config), config),
                        ("blobs/sha256/" + sha(layer), layer),
                        ("manifest.json", manifest.encode())]))
    mt = "application/vnd.oci.image.layer.v1.tar"
    man = json.dumps({
        "schemaVersion": 2,
        "mediaType": "application/vnd.oci.image.manifest.v1+json",
        "config": {"mediaType": "application/vnd.oci.image.config.v1+json",
                   "digest": "sha256:" + sha(config),
                   "size": len(config)},
        "layers": [{"mediaType": mt, "digest": "sha256:" + sha(layer),
                    "size": len(layer)}]}).encode()
    index = json.dumps({
        "schemaVersion": 2,
        "manifests": [{"mediaType":
                       "application/vnd.oci.image.manifest.v1+json",
                       "digest": "sha256:" + sha(man), "size": len(man),
                       "platform": {"os": "linux",
                                    "architecture": "amd64"}}]}).encode()
    with open(os.path.join(d, name + ".oci"), "wb") as f:
        f.write(tar_of([("oci-layout", b'{"imageLayoutVersion": "1.0.0"}'),
                        ("index.json", index),
                        ("blobs/sha256/" + sha(config), config),
                        ("blobs/sha256/" + sha(man), man),
                        ("blobs/sha256/" + sha(layer), layer)]))
PY
wraps="plain gz docker oci"
if command -v zstd >/dev/null 2>&1; then
	for f in "$tmp"/in/*.tar "$tmp"/in/*.bz2; do
		zstd -q -19 -o "$f.zst" "$f" || exit 99
	done
	wraps="$wraps zst"
else
	echo "note: zstd not installed: the zstd wrapping is not run"
	[ "${CI:-}" != true ] || e2e_skip "zstd is needed under CI=true"
fi

# check NAME INPUT EXPECT WANT: one scan, its verdict in $tmp/why.
check() {
	rm -f "$tmp/out.json"
	timeout 60 "$ASSAY" scan --policy "$tmp/pol" --fail-on none \
	    --color never --format "json=$tmp/out.json" "$2" \
	    >"$tmp/stdout" 2>"$tmp/stderr"
	rc=$?
	: >"$tmp/why"
	case $3 in
	ok)
		if [ "$rc" -ne 0 ] || [ ! -s "$tmp/out.json" ]; then
			echo "exit $rc, want 0: $(head -c 300 "$tmp/stderr")" \
			    >"$tmp/why"
		elif [ "$4" != - ] && ! python3 - "$tmp/out.json" "$4" \
		    >>"$tmp/why" 2>&1 <<'PY'
import json, sys
doc = json.load(open(sys.argv[1]))
paths = [e.get("path") for r in doc["results"]
         for e in r.get("evidence", [])]
if sys.argv[2] not in paths:
    print("%s not listed; evidence paths: %s" % (sys.argv[2], paths[:10]))
    sys.exit(1)
PY
		then
			:
		fi ;;
	reject)
		if [ "$rc" -ne 3 ]; then
			echo "exit $rc, want 3: $(head -c 300 "$tmp/stderr")" \
			    >"$tmp/why"
		elif ! grep -q "^assay: .*: ..." "$tmp/stderr"; then
			echo "exit 3 without a message: $(cat "$tmp/stderr")" \
			    >"$tmp/why"
		fi ;;
	esac
	if [ -s "$tmp/why" ]; then notok "$1"; else ok "$1"; fi
}

quiet=1
while read -r file expect gov want rest; do
	for w in $wraps; do
		case $w in
		plain)	in=$tmp/in/$file ;;
		gz)	in=$tmp/in/$file.gz ;;
		zst)	in=$tmp/in/$file.zst ;;
		*)	in=$tmp/in/$file.$w ;;
		esac
		# the gzip corpus file is a compressed stream already
		case $file:$w in issue6550.gz:gz|issue6550.gz:zst) continue ;; esac
		check "$file ($w): $expect" "$in" "$expect" "$want"
	done
	if [ "$expect" != "$gov" ]; then
		echo "known: $file: Go says $gov, assay $expect ($rest)"
	fi
done <"$tmp/table"
finish
