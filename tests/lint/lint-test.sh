# lint-test.sh -- what headers-test.sh and modules-test.sh share: a
# scratch copy of the tree, one fault planted in it per case, the lint
# run on the copy through its top_srcdir. POSIX sh, sourced, not run:
#
#	lint_test_init headers.sh include	# the lint, the dirs to copy
#	fresh					# a clean copy in $tmp/tree
#	... plant a fault under $tmp/tree ...
#	expect NAME RC [TEXT]
#	lint_test_done headers-test
#
# shellcheck shell=sh

: "${top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
src=$(cd "$top_srcdir" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
pass=0
fail=0

# lint_test_init LINT DIR...: the lint (in tests/lint) and the top-level
# directories each case copies.
lint_test_init() {
	lint=$src/tests/lint/$1
	shift
	dirs=$*
}

fresh() {
	rm -rf "$tmp/tree"
	mkdir "$tmp/tree"
	for d in $dirs; do
		cp -R "$src/$d" "$tmp/tree/$d"
	done
}

# expect NAME RC [TEXT]: the lint exits RC and, when given, prints TEXT.
expect() {
	top_srcdir=$tmp/tree sh "$lint" >"$tmp/out" 2>&1
	rc=$?
	if [ "$rc" -eq "$2" ] &&
	    { [ $# -lt 3 ] || grep -qF "$3" "$tmp/out"; }; then
		echo "ok: $1"
		pass=$((pass + 1))
	else
		echo "FAIL: $1: want exit $2${3:+ and \"$3\"}, got exit $rc"
		sed 's/^/  | /' "$tmp/out"
		fail=$((fail + 1))
	fi
}

# lint_test_done NAME: the tally; fails when a case did.
lint_test_done() {
	echo "$1: $pass passed, $fail failed"
	[ "$fail" -eq 0 ]
}
