#!/bin/sh
# The whole test suite, as CI runs it: a -Werror build with `make check`,
# then the same suite built with AddressSanitizer + UBSan, then the image
# tests (the threaded layer hashing of engine/image_hash.c) built with
# ThreadSanitizer. Run as root from the repo root after autotools/deps.sh
# (fixtures need chown and mknod).
set -eu
cd "$(dirname "$0")/.."
top=$(pwd)
jobs=$(nproc)
autoreconf -fi >/dev/null 2>&1
run() {	# run NAME CONFIGURE-ARGS... (make check's TESTS from $only)
	name=$1; shift
	echo "== $name"
	rm -rf "build-$name"
	mkdir "build-$name"
	(cd "build-$name" && "$top/configure" -q "$@" &&
	    make -s -j"$jobs" && if [ -n "${only:-}" ]; then
		make -s -j"$jobs" check TESTS="$only"
	    else
		make -s -j"$jobs" check
	    fi) || {
		for f in "build-$name"/tests/*/*.log "build-$name"/tests/*.log; do
			[ -f "$f" ] || continue
			grep -q '^:test-result: FAIL\|^:test-result: ERROR' \
			    "${f%.log}.trs" 2>/dev/null && { echo "--- $f"; cat "$f"; }
		done
		echo "FAILED: $name"; exit 1; }
	sed -n '1,12p' "build-$name/test-suite.log"
	npass=$((npass + $(sed -n 's/^# PASS: *//p' "build-$name/test-suite.log")))
	nfail=$((nfail + $(sed -n 's/^# FAIL: *//p' "build-$name/test-suite.log")))
}
npass=0
nfail=0
run werror --enable-werror
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
LSAN_OPTIONS=suppressions="$top/tests/lsan.supp":print_suppressions=0
UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
export ASAN_OPTIONS LSAN_OPTIONS UBSAN_OPTIONS
run sanitizers --enable-werror --enable-sanitizers
TSAN_OPTIONS=halt_on_error=1:second_deadlock_stack=1
export TSAN_OPTIONS
only="tests/unit/check_image tests/e2e/image-hostile.sh"
only="$only tests/e2e/container-image.sh"
run tsan --enable-werror CFLAGS="-g -O1 -fsanitize=thread" \
    LDFLAGS=-fsanitize=thread
echo "all test runs passed"
echo "tests: $npass passed, $nfail failed"
