#!/bin/sh
# completion.sh -- completion/assay.bash, sourced in bash, completes what
# the binary takes: subcommands, each one's options, format names (scan's
# and rules' own), severities, `policy check`, profile ids from the packs
# the binary loads (the bundled ones, or only those of a --policy on the
# line, whose pack id is a profile too), files after FMT=; and nothing for an unknown subcommand. Each case
# compares COMPREPLY with the exact expected list. Skips (77) without the
# binary or bash.
set -u

: "${top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
: "${ASSAY:=$top_srcdir/assay}"
# shellcheck source=tests/e2e/skip.sh
. "$top_srcdir/tests/e2e/skip.sh"

top_srcdir=$(cd "$top_srcdir" && pwd)
"$ASSAY" --version >/dev/null 2>&1 || e2e_skip "$ASSAY does not run"
command -v bash >/dev/null 2>&1 || e2e_skip "bash not found"

tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/pack" "$tmp/out"
cat >"$tmp/pack/pack.yaml" <<'YAML'
policy: fleetpack
title: Completion test
rules:
  - id: has-passwd
    title: A passwd file exists
    severity: info
    check: {file: {path: /etc/passwd, exists: true}}
profiles:
  - id: fleet-one
    title: One
    select: [has-passwd]
  - id: fleet-two
    title: Two
    select: [has-passwd]
YAML
: >"$tmp/out/fleet.sarif"

cd "$tmp" || exit 1
ASSAY=$ASSAY bash -c '
. "$1/completion/assay.bash" || exit 1
fail=0
# comp EXPECTED WORD...: complete the last WORD; EXPECTED is the sorted
# candidates joined by spaces.
comp() {
	want=$1
	shift
	COMP_WORDS=("$ASSAY" "$@")
	COMP_CWORD=$#
	COMPREPLY=()
	_assay
	got=$(printf "%s\n" "${COMPREPLY[@]}" | sort | tr "\n" " ")
	got=${got% }
	if [ "$got" != "$want" ]; then
		echo "completion.sh: FAIL: assay $*: got \"$got\", want \"$want\""
		fail=1
	fi
}
comp "merge" m
comp "policy profiles" p
comp "sarif" scan --format s
comp "html" scan --format h
comp "" rules --format h
comp "markdown" rules --format m
comp "critical" merge --fail-on c
comp "--fail-on --format" merge --f
comp "--no-verify" scan --no-v
comp "--tailoring --tailoring-id" scan --tailo
comp "check" policy c
comp "linux-baseline linux-baseline-container" scan --profile linux-b
comp "container-image" scan --profile conta
comp "fleet-one fleet-two fleetpack" scan --policy pack --profile ""
comp "sarif=out/fleet.sarif" scan --format sarif=out/f
comp "" frobnicate --
comp "--enforce-signature" scan --enf
comp "--signature-trust" scan --sig
comp "false true" scan --tls-verify ""
# every option `scan --help` lists is offered
for o in $("$ASSAY" scan --help 2>&1 | sed -n "s/^  \(--[a-z-]*\).*/\1/p"); do
	COMP_WORDS=("$ASSAY" scan "$o")
	COMP_CWORD=2
	COMPREPLY=()
	_assay
	case " ${COMPREPLY[*]} " in
	*" $o "*) ;;
	*) echo "completion.sh: FAIL: scan $o is not completed"; fail=1 ;;
	esac
done
exit $fail
' completion "$top_srcdir"
