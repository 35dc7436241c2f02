#!/bin/sh
# prefix.sh -- a new ./configure --prefix changes the compiled policy dir.
#
# The installed policy folder is compiled into engine/cli.c from
# assay_paths.h, which make generates from the Makefile that each
# ./configure writes. This
# configures a scratch build tree with one prefix, compiles cli.o, then
# reconfigures the same tree with another prefix and asks make for cli.o
# alone: make must regenerate assay_paths.h and recompile cli.o with the new
# path (the old -D flag left a stale cli.o, so `make install` installed a
# binary looking in the old prefix).
set -u
: "${top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
src=$(cd "$top_srcdir" && pwd)
if [ ! -x "$src/configure" ]; then
	echo "skip: $src/configure missing (run autoreconf -fi)"
	exit 77
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
pass=0
fail=0
check() {	# check NAME PREFIX: cli.o names PREFIX's policy dir only
	if grep -qa "$2/share/assay/policies" "$tmp/b/engine/cli.o" &&
	    ! grep -qa "$3/share/assay/policies" "$tmp/b/engine/cli.o"; then
		echo "ok: $1"; pass=$((pass + 1))
	else
		echo "FAIL: $1: cli.o lacks $2/share/assay/policies or" \
		    "still has $3's"
		fail=$((fail + 1))
	fi
}
mkdir "$tmp/b"
cd "$tmp/b" || exit 1
"$src/configure" -q --prefix=/opt/assay-one >/dev/null &&
    make -s engine/cli.o >"$tmp/log" 2>&1 || {
	cat "$tmp/log"; echo "FAIL: first configure and build"; exit 1; }
check "first prefix compiled in" /opt/assay-one /opt/assay-two
"$src/configure" -q --prefix=/opt/assay-two >/dev/null &&
    make -s engine/cli.o >"$tmp/log" 2>&1 || {
	cat "$tmp/log"; echo "FAIL: reconfigure and rebuild"; exit 1; }
check "new prefix recompiled in" /opt/assay-two /opt/assay-one
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
