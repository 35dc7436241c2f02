# preamble.sh -- the start that the end-to-end scripts not built on lib.sh
# share (secrets.sh, image-hostile.sh, action.sh, fleet-examples.sh).
# POSIX sh, sourced, not run:
#
#	: "${top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
#	. "$top_srcdir/tests/e2e/preamble.sh"
#	e2e_start NAME assay python3	# skip unless each is there; $tmp
#	... die "REASON" (sets $fail) or fail "REASON" (counts $fails) ...
#	exit "$fail"
#
# shellcheck shell=sh

top_srcdir=$(cd "$top_srcdir" && pwd)
: "${ASSAY:=${top_builddir:-$top_srcdir}/assay}"
# shellcheck disable=SC2034 # for the scripts
SRC=$top_srcdir
# shellcheck source=tests/e2e/skip.sh
. "$top_srcdir/tests/e2e/skip.sh"

# e2e_start NAME NEED...: skip (e2e_skip: exit 77, a failure under
# CI=true) unless each NEED is there: assay ($ASSAY --version works),
# python3, yaml (python3's PyYAML), bash. Then a scratch directory $tmp
# (assay-NAME.XXXXXX under $TMPDIR), removed on exit unless KEEP is set,
# and the counters fail=0, fails=0.
e2e_start()
{
	e2e_name=$1
	shift
	for need; do
		case $need in
		assay)
			"$ASSAY" --version >/dev/null 2>&1 ||
			    e2e_skip "$ASSAY does not run" ;;
		python3)
			command -v python3 >/dev/null 2>&1 ||
			    e2e_skip "python3 not found" ;;
		yaml)
			python3 -c 'import yaml' 2>/dev/null ||
			    e2e_skip "python3-yaml not installed" ;;
		bash)
			command -v bash >/dev/null 2>&1 ||
			    e2e_skip "bash not found" ;;
		*)
			echo "preamble.sh: unknown need '$need'" >&2
			exit 99 ;;
		esac
	done
	tmp=$(mktemp -d "${TMPDIR:-/tmp}/assay-$e2e_name.XXXXXX") || exit 99
	trap '[ -n "${KEEP:-}" ] || rm -rf "$tmp"' EXIT INT TERM
	fail=0
	fails=0
}

# die REASON...: print `NAME.sh: FAIL: REASON` on stderr; the script
# fails (fail=1) but goes on.
die()
{
	echo "$e2e_name.sh: FAIL: $*" >&2
	# shellcheck disable=SC2034 # the script exits with it
	fail=1
}

# fail REASON...: print `FAIL: REASON` and count it in $fails.
fail()
{
	echo "FAIL: $*"
	fails=$((fails + 1))
}
