#!/bin/sh
# End-to-end tests of the command line contract: exit codes 0/1/2/3, usage
# messages, --fail-on gating, --var, --format routing, `rules` and
# `policy check`. Runs the built binary ($ASSAY) on temporary roots.
set -u
: "${ASSAY:=./assay}"
: "${top_srcdir:=.}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0
fail=0

# expect NAME WANT_RC NEEDLE -- CMD...: run CMD, check its exit code and
# that NEEDLE (if not empty) occurs in its stdout+stderr.
expect() {
	name=$1 want=$2 needle=$3
	shift 4
	"$@" >"$tmp/out" 2>&1
	rc=$?
	if [ "$rc" -ne "$want" ]; then
		echo "FAIL: $name: exit $rc, want $want"; sed 's/^/    /' "$tmp/out"
		fail=$((fail + 1)); return
	fi
	if [ -n "$needle" ] && ! grep -qF -- "$needle" "$tmp/out"; then
		echo "FAIL: $name: output lacks: $needle"; sed 's/^/    /' "$tmp/out"
		fail=$((fail + 1)); return
	fi
	echo "ok: $name"
	pass=$((pass + 1))
}

mkdir -p "$tmp/root/etc" "$tmp/pol"
echo 'root:x:0:0:root:/root:/bin/bash' >"$tmp/root/etc/passwd"
chmod 0644 "$tmp/root/etc/passwd"
cat >"$tmp/pol/p.yaml" <<'YAML'
policy: clitest
variables:
  passwd_path: /etc/passwd
rules:
  - id: passwd-exists
    title: passwd exists
    severity: high
    check: {file: {path: "{{ var.passwd_path }}", exists: true}}
  - id: no-telnet-config
    title: no telnet config
    severity: medium
    check: {file: {path: /etc/telnet.conf, exists: false}}
  - id: manual-one
    title: a manual rule
    severity: low
    manual: needs a running system
profiles:
  - id: only-passwd
    title: just passwd
    select: [passwd-*]
YAML

P="--policy $tmp/pol"
expect "help exits 0" 0 "usage: assay scan" -- "$ASSAY" --help
expect "version" 0 "assay " -- "$ASSAY" --version
expect "no command" 2 "assay: missing command" -- "$ASSAY"
expect "unknown command" 2 'unknown command "frob"' -- "$ASSAY" frob
expect "scan without target" 2 "scan: expected one TARGET, got none" -- "$ASSAY" scan $P
expect "unknown option" 2 "unknown option or missing argument: --bogus" -- "$ASSAY" scan --bogus "$tmp/root"
expect "bad format" 2 '--format: unknown format "xml"' -- "$ASSAY" scan $P --format xml "$tmp/root"
expect "two stdout formats" 2 "only one format can go to standard output" -- "$ASSAY" scan $P --format json --format text "$tmp/root"
expect "bad fail-on" 2 '--fail-on: expected info, low, medium, high, critical or none, got "hgh"' -- "$ASSAY" scan $P --fail-on hgh "$tmp/root"
expect "bad var syntax" 2 '--var: expected NAME=VALUE, got "novalue"' -- "$ASSAY" scan $P --var novalue "$tmp/root"
expect "unknown var" 2 "unknown variable" -- "$ASSAY" scan $P --var nosuch=1 "$tmp/root"
expect "unknown profile" 2 'unknown profile "nope"' -- "$ASSAY" scan $P --profile nope "$tmp/root"
expect "missing target" 3 "$tmp/missing" -- "$ASSAY" scan $P "$tmp/missing"
: >"$tmp/plainfile"
expect "target is a plain file" 3 "$tmp/plainfile" -- "$ASSAY" scan $P "$tmp/plainfile"
expect "clean scan exits 0" 0 "" -- "$ASSAY" scan $P "$tmp/root"
expect "var override makes high rule fail" 1 "" -- "$ASSAY" scan $P --var passwd_path=/etc/nope "$tmp/root"
expect "fail-on critical ignores high" 0 "" -- "$ASSAY" scan $P --fail-on critical --var passwd_path=/etc/nope "$tmp/root"
expect "fail-on none" 0 "" -- "$ASSAY" scan $P --fail-on none --var passwd_path=/etc/nope "$tmp/root"
: >"$tmp/root/etc/telnet.conf"
expect "medium fail passes default gate" 0 "" -- "$ASSAY" scan $P "$tmp/root"
expect "medium fail trips fail-on medium" 1 "" -- "$ASSAY" scan $P --fail-on medium "$tmp/root"
expect "profile selects" 0 "" -- "$ASSAY" scan $P --profile only-passwd --fail-on low --format json="$tmp/p.json" "$tmp/root"
if grep -q no-telnet-config "$tmp/p.json"; then
	echo "FAIL: profile did not restrict rules"; fail=$((fail + 1))
else
	echo "ok: profile restricts rules"; pass=$((pass + 1))
fi
expect "json to file, text to stdout" 0 "" -- "$ASSAY" scan $P --format json="$tmp/r.json" --format text "$tmp/root"
expect "json file written" 0 '"status": "notchecked"' -- cat "$tmp/r.json"
expect "unwritable output" 2 "$tmp/no/such/dir/r.json" -- "$ASSAY" scan $P --format json="$tmp/no/such/dir/r.json" "$tmp/root"
# A report that cannot be written (a full disk) exits 2 and says which;
# the other outputs are still written.
if [ -w /dev/full ]; then
	expect "full disk: which report" 2 "assay: writing json report failed" -- "$ASSAY" scan $P --format json=/dev/full --format text="$tmp/full.txt" "$tmp/root"
	expect "full disk: the other report is written" 0 "passwd-exists" -- cat "$tmp/full.txt"
else
	echo "FAIL: /dev/full is missing"; fail=$((fail + 1))
fi
expect "rules lists" 0 "3 rules" -- "$ASSAY" rules $P
expect "rules by profile" 0 "1 rules" -- "$ASSAY" rules $P --profile only-passwd
expect "policy check ok" 0 "ok: 3 rules" -- "$ASSAY" policy check "$tmp/pol"
printf 'policy: x\nrules:\n  - id: a\n    title: t\n    severty: high\n' >"$tmp/bad.yaml"
expect "policy check bad" 2 "bad.yaml:5:5: unknown key \"severty\" in rule" -- "$ASSAY" policy check "$tmp/bad.yaml"
expect "scan with bad policy" 2 "unknown key \"severty\"" -- "$ASSAY" scan --policy "$tmp/bad.yaml" "$tmp/root"

# --policy DIR of packs reads each subfolder as a pack, as the default
# folder is read; the binary of the build tree reads the source policies/.
expect "policy folder of packs" 0 "54 rules" -- "$ASSAY" rules --policy "$top_srcdir/policies" --profile linux-baseline
mkdir -p "$tmp/packs/empty"
cp -r "$tmp/pol" "$tmp/packs/clitest"
expect "folder of packs, one pack" 0 "3 rules" -- "$ASSAY" rules --policy "$tmp/packs/clitest"
expect "folder of packs, empty pack" 2 "no policy files" -- "$ASSAY" rules --policy "$tmp/packs"
rmdir "$tmp/packs/empty"
expect "folder of two-level packs" 0 "3 rules" -- "$ASSAY" rules --policy "$tmp/packs"
expect "build tree reads source policies" 0 "54 rules" -- env -u ASSAY_POLICY_DIR "$ASSAY" rules --profile linux-baseline
expect "ASSAY_POLICY_DIR wins" 0 "3 rules" -- env ASSAY_POLICY_DIR="$tmp/packs" "$ASSAY" rules
cp "$ASSAY" "$tmp/assay-copy"
installed=$("$tmp/assay-copy" --help | sed -n 's/.*(default: \(.*\);$/\1/p')
if [ -d "$installed" ]; then
	expect "a copy outside the build tree reads $installed" 0 "rules" -- env -u ASSAY_POLICY_DIR "$tmp/assay-copy" rules
else
	expect "a copy outside the build tree reads the installed dir" 2 "$installed: No such file or directory (use --policy PATH or set ASSAY_POLICY_DIR)" -- env -u ASSAY_POLICY_DIR "$tmp/assay-copy" rules
fi
expect "help names ASSAY_POLICY_DIR" 0 "ASSAY_POLICY_DIR" -- "$ASSAY" --help

# Typos get a did-you-mean; `assay profiles` lists what there is.
expect "unknown profile did-you-mean" 2 'unknown profile "linux-baselin" (did you mean "linux-baseline"?)' -- "$ASSAY" scan --policy "$top_srcdir/policies" --profile linux-baselin "$tmp/root"
expect "unknown profile far off" 2 'unknown profile "zzz" (`assay profiles` lists them)' -- "$ASSAY" scan $P --profile zzz "$tmp/root"
expect "profiles lists counts and versions" 0 "linux-baseline                          54  linux-baseline" -- "$ASSAY" profiles --policy "$top_srcdir/policies"
expect "profiles of one pack" 0 "only-passwd                              1  clitest -" -- "$ASSAY" profiles $P
expect "policy key did-you-mean" 2 'bad.yaml:5:5: unknown key "severty" in rule (did you mean "severity"?)' -- "$ASSAY" policy check "$tmp/bad.yaml"

# A waiver naming no loaded rule is an error at its position.
printf 'waivers:\n  - rule: passwd-exist\n    justification: typo\n' >"$tmp/w-typo.yaml"
expect "waiver typo is an error" 2 "w-typo.yaml:2:11: rule: unknown rule \"passwd-exist\" (did you mean \"passwd-exists\"?)" -- "$ASSAY" scan $P --waivers "$tmp/w-typo.yaml" "$tmp/root"
printf 'waivers:\n  - rule: "sshd-*"\n    justification: no such rules\n' >"$tmp/w-glob.yaml"
expect "waiver glob matching nothing is an error" 2 'w-glob.yaml:2:11: rule: "sshd-*" matches no loaded rule' -- "$ASSAY" scan $P --waivers "$tmp/w-glob.yaml" "$tmp/root"
printf 'waivers:\n  - rule: passwd-exists\n    justification: it passes\n' >"$tmp/w-stale.yaml"
expect "waiver of a passing rule stays stale" 0 "stale" -- "$ASSAY" scan $P --waivers "$tmp/w-stale.yaml" "$tmp/root"

# A tailoring re-rating a rule outside its profile is an error.
printf 'tailoring:\n  id: t\n  extends: only-passwd\n  reason: r\nseverity:\n  - rule: no-telnet-config\n    severity: critical\n    reason: r\n' >"$tmp/t-off.yaml"
expect "tailoring severity outside the profile" 2 't-off.yaml:6:11: severity: rule "no-telnet-config" is not in profile "only-passwd"' -- "$ASSAY" scan $P --tailoring "$tmp/t-off.yaml" "$tmp/root"
printf 'tailoring:\n  id: t\n  extends: only-passwd\n  reason: r\nenable:\n  - {rule: no-telnet-config, reason: r}\nseverity:\n  - rule: no-telnet-config\n    severity: critical\n    reason: r\n' >"$tmp/t-on.yaml"
expect "tailoring severity of a rule it enables" 1 "[critical] no-telnet-config" -- "$ASSAY" scan $P --tailoring "$tmp/t-on.yaml" "$tmp/root"

# On a terminal the text report lists failures only (script(1) gives the
# scan a terminal); --show-all, a file or a pipe list every rule.
if command -v script >/dev/null 2>&1; then
	script -qec "$ASSAY scan $P --color never $tmp/root" /dev/null >"$tmp/tty.txt" 2>&1
	expect "terminal: failures only" 0 "not checked rules: --show-all lists them" -- cat "$tmp/tty.txt"
	if grep -q "^PASS " "$tmp/tty.txt"; then
		echo "FAIL: terminal view lists PASS lines"; fail=$((fail + 1))
	else
		echo "ok: terminal view has no PASS line"; pass=$((pass + 1))
	fi
	script -qec "$ASSAY scan $P --color never --show-all $tmp/root" /dev/null >"$tmp/tty.txt" 2>&1
	expect "terminal --show-all lists passes" 0 "PASS   [high] passwd-exists" -- cat "$tmp/tty.txt"
else
	echo "FAIL: script(1) (bsdutils) is missing"; fail=$((fail + 1))
fi
expect "a pipe gets every rule" 1 "PASS   [high] passwd-exists" -- "$ASSAY" scan $P --fail-on medium "$tmp/root"
expect "header names the pack and version" 1 "pack clitest (no version)" -- "$ASSAY" scan $P --fail-on medium "$tmp/root"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
