#!/bin/sh
# The whole test suite, as CI runs it: a -Werror build with `make check`,
# then the same suite built with AddressSanitizer + UBSan (but the
# documentation contracts, which a sanitizer does not change), then the image
# tests (the threaded layer hashing of engine/target/image_hash.c) built with
# ThreadSanitizer. Run as root from the repo root after autotools/deps.sh
# (fixtures need chown and mknod).
set -eu
cd "$(dirname "$0")/.."
top=$(pwd)
jobs=$(nproc)
autoreconf -fi >/dev/null 2>&1
# run NAME CONFIGURE-ARGS...: make check's TESTS from $only; with $progs,
# only those check programs are built (the rest of check_PROGRAMS is not
# compiled for a stage that does not run it).
run() {
	name=$1; shift
	echo "== $name"
	rm -rf "build-$name"
	mkdir "build-$name"
	(cd "build-$name" && "$top/configure" -q "$@" &&
	    make -s -j"$jobs" && if [ -n "${progs:-}" ]; then
		make -s -j"$jobs" check TESTS="$only" \
		    check_PROGRAMS="$progs"
	    elif [ -n "${only:-}" ]; then
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
	count "build-$name/test-suite.log"
}
# count LOG: add the automake summary of LOG to the totals. A skipped
# (exit 77) or expected-to-fail test did not show the code works: under
# CI=true, where deps.sh installed everything, any of them fails the run.
count() {
	for k in PASS SKIP XFAIL FAIL XPASS ERROR; do
		v=$(sed -n "s/^# $k: *//p" "$1")
		eval "n$k=\$((n$k + ${v:-0}))"
	done
	for t in "${1%/test-suite.log}"/tests/*/*.trs; do
		grep -q '^:test-result: \(SKIP\|XFAIL\)' "$t" 2>/dev/null &&
		    echo "not run: ${t%.trs}"
	done
	return 0
}
nPASS=0 nSKIP=0 nXFAIL=0 nFAIL=0 nXPASS=0 nERROR=0
# fuzz_smoke: with clang, build the libFuzzer targets and run each for
# FUZZ_SECONDS (default 10) on a copy of its seed corpus; a crash fails the
# run. Without clang: skipped, which CI=true does not allow.
fuzz_smoke() {
	echo "== fuzz"
	if ! command -v clang >/dev/null 2>&1; then
		echo "clang not found: fuzz targets not run"
		nSKIP=$((nSKIP + 1))
		return 0
	fi
	rm -rf build-fuzz
	mkdir build-fuzz
	(cd build-fuzz && "$top/configure" -q CC=clang --enable-fuzzing &&
	    make -s -j"$jobs" fuzz-targets) || { echo "FAILED: fuzz build"
		exit 1; }
	# $jobs targets at a time (each is single-threaded and runs for the
	# same FUZZ_SECONDS, so batches finish together); a batch's exit codes
	# are read back from build-fuzz/rc-NAME.
	batch=
	for f in build-fuzz/tests/fuzz/fuzz_*; do
		[ -x "$f" ] || continue
		n=${f##*/fuzz_}
		rm -rf "build-fuzz/work-$n" "build-fuzz/rc-$n"
		cp -r "tests/fuzz/corpus/$n" "build-fuzz/work-$n"
		# libsepol (fuzz_sebool) mallocs a length or count it read from
		# the policy before checking it against the bytes left, then
		# fails the read and frees it: a virtual allocation of up to
		# 4 GiB that touches nothing. As in a real scan, a malloc the
		# system refuses is NULL (libsepol's error, assay's `error`
		# result): only resident memory (rss_limit_mb) is judged there.
		mlim=2048 mnull=0
		[ "$n" != sebool ] || mlim=1048576 mnull=1
		( rc=0; ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}allocator_may_return_null=$mnull" \
		    "$f" -max_total_time="${FUZZ_SECONDS:-10}" \
		    -timeout=10 -rss_limit_mb=2048 -malloc_limit_mb="$mlim" \
		    -artifact_prefix="build-fuzz/crash-$n-" \
		    "build-fuzz/work-$n" >"build-fuzz/fuzz-$n.log" 2>&1 || rc=$?
		  echo "$rc" >"build-fuzz/rc-$n" ) &
		batch="$batch $n"
		set -- $batch
		[ $# -lt "$jobs" ] || { wait; fuzz_judge $batch; batch=; }
	done
	wait
	fuzz_judge $batch
}
# fuzz_judge NAME...: count the finished fuzz runs NAME...; a crash (or a
# run that left no exit code) fails the whole run.
fuzz_judge() {
	for n in "$@"; do
		if [ "$(cat "build-fuzz/rc-$n" 2>/dev/null)" = 0 ]; then
			nPASS=$((nPASS + 1))
			echo "fuzz_$n: ok ($(grep -c '' "build-fuzz/fuzz-$n.log")" \
			    "log lines)"
		else
			nFAIL=$((nFAIL + 1))
			tail -n 40 "build-fuzz/fuzz-$n.log"
			echo "FAILED: fuzz_$n (see build-fuzz/fuzz-$n.log)"
			exit 1
		fi
	done
}
run werror --enable-werror
# malloc_context_size=8: the allocation and free stacks ASan records at
# every malloc and free (default 30 frames) are cut to 8, which is a fifth
# less CPU per scan (the cis-debian12 profile on its base root, 8 runs:
# 5.2 s user+sys at 30, 4.2 s at 8) and still names the caller of a
# bad access's allocation; what is detected (leaks included) is the same.
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:malloc_context_size=8
LSAN_OPTIONS=suppressions="$top/tests/lsan.supp":print_suppressions=0
UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
export ASAN_OPTIONS LSAN_OPTIONS UBSAN_OPTIONS
# Under the sanitizers: every unit program and fuzz replay, and the e2e
# tests that scan (E2E_SCAN_TESTS); the documentation contracts
# (E2E_DOCS_TESTS) ran in the -Werror build. make expands the references.
# shellcheck disable=SC2016 # expanded by make, not the shell
only='$(E2E_SCAN_TESTS) $(check_PROGRAMS)'
# The unit programs run their tests in one process here (the -Werror
# stage forks one per test, make check's default): a fork of an ASan
# process and the leak check at each child's exit can cost more than the
# tests themselves (check_rpmdb: 11 s of CPU forked, 1.6 s in one
# process), and every suite passes both ways. A failed assertion
# is still reported and fails the program; the leak check runs once, at
# its exit.
CK_FORK=no
export CK_FORK
run sanitizers --enable-werror --enable-sanitizers
CK_FORK=yes
TSAN_OPTIONS=halt_on_error=1:second_deadlock_stack=1
export TSAN_OPTIONS
progs=tests/unit/check_image
only="$progs tests/e2e/image-hostile.sh tests/e2e/container-image.sh"
run tsan --enable-werror CFLAGS="-g -O1 -fsanitize=thread" \
    LDFLAGS=-fsanitize=thread
fuzz_smoke
echo "tests: $nPASS passed, $nFAIL failed, $nERROR errors," \
    "$nSKIP skipped, $nXFAIL xfail, $nXPASS xpass"
if [ "${CI:-}" = true ] && [ $((nSKIP + nXFAIL)) -gt 0 ]; then
	echo "FAILED: $((nSKIP + nXFAIL)) tests skipped or xfailed (CI=true)"
	exit 1
fi
echo "all test runs passed"
