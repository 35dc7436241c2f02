# skip.sh -- how an end-to-end script gives up when it cannot run here.
# POSIX sh, sourced (lib.sh sources it too):
#
#	. "$top_srcdir/tests/e2e/skip.sh"
#	command -v python3 >/dev/null 2>&1 || e2e_skip "python3 not found"
#
# shellcheck shell=sh

# e2e_skip REASON...: print `skip: REASON` and exit 77, automake's SKIP.
# Under CI=true (CI installs every dependency with autotools/deps.sh) a
# skip would let a broken setup pass quietly, so it is a failure instead:
# print `FAIL: ... (CI=true: a skip is a failure)` and exit 1.
e2e_skip()
{
	if [ "${CI:-}" = true ]; then
		echo "FAIL: $(basename "$0"): cannot run: $* (CI=true: a skip" \
		    "is a failure)"
		exit 1
	fi
	echo "skip: $(basename "$0"): $*"
	exit 77
}

# python3 is Debian's (autotools/deps.sh installs it, with jsonschema and
# yaml), not a version manager's shim found earlier in PATH: a pyenv shim
# costs tens of milliseconds a call (hundreds of ms on a loaded machine)
# and the scripts call python3 in loops. A function: scripts that source
# this file get it; nothing else changes.
if [ -x /usr/bin/python3 ]; then
	python3()
	{
		/usr/bin/python3 "$@"
	}
fi
