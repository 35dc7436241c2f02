# Shared machinery of the fixture-root end-to-end tests (linux-baseline.sh,
# marketplace.sh, policy-packs.sh, ssg-debian11.sh). POSIX sh, sourced, not
# run:
#
#	: "${top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
#	. "$top_srcdir/tests/e2e/lib.sh"
#
# Sourcing only defines functions and defaults ASSAY to the built binary;
# the script then calls e2e_require and e2e_setup. The functions share these
# globals: tmp (the scratch directory), pol (policies/), mkroot
# (fixtures/mkroot.sh), pass and fail (the counters), packs (the --policy
# options of the scans, set by the script) and quiet (set it non-empty to
# count passed cases without printing them).
# shellcheck shell=sh

: "${ASSAY:=$top_srcdir/assay}"
# shellcheck source=tests/e2e/skip.sh
. "$top_srcdir/tests/e2e/skip.sh"

# e2e_require WHAT...: skip (e2e_skip: exit 77, or a failure under
# CI=true) unless each WHAT is there: assay ($ASSAY --version works),
# python3 (in PATH), root (the fixture roots set owners). Checked in the order given.
e2e_require()
{
	for what; do
		case $what in
		assay)
			if ! "$ASSAY" --version >/dev/null 2>&1; then
				e2e_skip "$ASSAY --version fails"
			fi ;;
		python3)
			if ! command -v python3 >/dev/null 2>&1; then
				e2e_skip "python3 not found"
			fi ;;
		root)
			if [ "$(id -u)" != 0 ]; then
				e2e_skip "needs root to build fixture roots" \
				    "with their owners"
			fi ;;
		esac
	done
}

# e2e_setup: set pol and mkroot, make $tmp (removed on exit) and zero the
# counters.
e2e_setup()
{
	# shellcheck disable=SC2034 # pol is for the scripts
	pol=$top_srcdir/policies
	mkroot=$top_srcdir/fixtures/mkroot.sh
	tmp=$(mktemp -d)
	trap 'rm -rf "$tmp"' EXIT INT TERM
	pass=0
	fail=0
}

# ok [NAME]: count a passed case; print `ok: NAME` unless $quiet is set.
ok()
{
	pass=$((pass + 1))
	[ -n "${quiet:-}" ] || echo "ok: $1"
}

# notok NAME: count a failed case, print `FAIL: NAME` and, indented, the
# reason left in $tmp/why (if any).
notok()
{
	fail=$((fail + 1))
	echo "FAIL: $1"
	[ ! -s "$tmp/why" ] || sed 's/^/    /' "$tmp/why"
}

# expect NAME COMMAND...: one case that passes when COMMAND succeeds; its
# output is the reason when it fails.
expect()
{
	name=$1
	shift
	: >"$tmp/why"
	if "$@" >"$tmp/why" 2>&1; then ok "$name"; else notok "$name"; fi
}

# ok_unless_why NAME: one case that passes when $tmp/why is empty (the
# checks before it appended their complaints there).
ok_unless_why()
{
	if [ -s "$tmp/why" ]; then notok "$1"; else ok "$1"; fi
}

# finish: print `N passed, M failed` and exit, 0 only when nothing failed.
finish()
{
	echo "$pass passed, $fail failed"
	[ "$fail" -eq 0 ]
	exit
}

# build_root SPEC [ROOTS]: build the root of SPEC into $tmp/root. Without
# ROOTS every root is built from scratch. With ROOTS, each root is built by
# mkroot once per script: a spec ROOTS/NAME.spec into $tmp/cache/NAME, which
# is then copied (copy_cached). A spec of a directory under ROOTS (fail/, pass/) whose
# first directive is `include ../NAME.spec`, NAME.spec a spec of ROOTS,
# starts from a copy of NAME's root, and mkroot replays only its other
# lines, from a copy under $tmp/specs/DIR/ (for relative @ paths to resolve
# as next to the original, the script links what they name under
# $tmp/specs/ and $tmp). Replayed on the copy, those lines give the root the
# spec gives built from scratch: its include came first, and mkroot applies
# the lines in order.
build_root()
{
	if [ $# -lt 2 ]; then
		br_from=
		rm -rf "$tmp/root"
		sh "$mkroot" "$1" "$tmp/root"
		return
	fi
	case $1 in
	"$2"/*/*/*) ;;
	"$2"/*/*.spec)
		br_dir=${1%/*}
		br_dir=${br_dir##*/}
		br_base=$(sed -n '/^[ 	]*#/d; /^[ 	]*$/d
		    s|^include \.\./\([a-z0-9-]*\)\.spec$|\1|p; q' "$1")
		if [ -n "$br_base" ] && [ -f "$2/$br_base.spec" ]; then
			build_cached "$2/$br_base.spec" "$br_base" || return 1
			mkdir -p "$tmp/specs/$br_dir" || return 1
			# The include becomes a comment: mkroot's messages
			# keep the line numbers of the original.
			awk -v inc="include ../$br_base.spec" \
			    '!done && $0 == inc { done = 1; $0 = "# " $0 } 1' \
			    "$1" >"$tmp/specs/$br_dir/${1##*/}" || return 1
			copy_cached "$br_base" || return 1
			br_delta=$tmp/specs/$br_dir/${1##*/}
			sh "$mkroot" "$br_delta" "$tmp/root"
			return
		fi ;;
	"$2"/*.spec)
		br_base=${1##*/}
		br_base=${br_base%.spec}
		build_cached "$1" "$br_base" && copy_cached "$br_base"
		return ;;
	esac
	br_from=
	rm -rf "$tmp/root"
	sh "$mkroot" "$1" "$tmp/root"
}

# copy_cached NAME: make $tmp/root a copy of $tmp/cache/NAME: put back
# (restore_root) when the last build_root copied NAME too, else copied
# afresh. The delta to put back next, $br_delta, is none.
copy_cached()
{
	[ -f "$tmp/cache/none.spec" ] || : >"$tmp/cache/none.spec" || return 1
	if [ "${br_from:-}" != "$1" ] ||
	    ! restore_root "$tmp/cache/$1" "$tmp/root" "$br_delta"; then
		rm -rf "$tmp/root"
		cp -a "$tmp/cache/$1" "$tmp/root" || { br_from=; return 1; }
	fi
	br_from=$1
	br_delta=$tmp/cache/none.spec
}

# build_cached SPEC NAME: build the root of SPEC into $tmp/cache/NAME,
# unless it is there.
build_cached()
{
	[ ! -d "$tmp/cache/$2" ] || return 0
	mkdir -p "$tmp/cache" || return 1
	sh "$mkroot" "$1" "$tmp/cache/$2.new" &&
	    mv "$tmp/cache/$2.new" "$tmp/cache/$2"
}

# same_tree A B: print how the trees A and B differ (an entry's path, type,
# mode, owner, group, size or link target, a file's content; `<` lines are
# A's, `>` lines B's), nothing when they are the same.
same_tree()
{
	(cd "$1" && tree_list) >"$tmp/tree.a" || echo "cannot list $1"
	(cd "$2" && tree_list) >"$tmp/tree.b" || echo "cannot list $2"
	diff "$tmp/tree.a" "$tmp/tree.b" | grep '^[<>]' | head -n 20
}

# tree_list: every entry under the current directory, one line each, and
# the checksum of every regular file, sorted.
tree_list()
{
	{ find . -printf '%p %y %m %U %G %s %l\n' &&
	    find . -type f -exec cksum {} +; } | LC_ALL=C sort
}

# build_base SPEC DIR: build the base root of SPEC into DIR, or fail the
# case `mkroot SPEC-NAME` and finish.
build_base()
{
	if ! sh "$mkroot" "$1" "$2" >"$tmp/why" 2>&1; then
		notok "mkroot ${1##*/}"
		finish
	fi
}

# scan_json ROOT PROFILE OUT: scan ROOT with $packs and PROFILE into the
# JSON report OUT (OUT.err holds the exit code and stderr of a failed
# scan), and list OUT in $tmp/cases for check_reports.
scan_json()
{
	# shellcheck disable=SC2086,SC2154 # packs: single words, the script's
	"$ASSAY" scan $packs --profile "$2" --fail-on none --color never \
	    --format "json=$3" "$1" >/dev/null 2>"$tmp/scan.err"
	rc=$?
	[ "$rc" -eq 0 ] || { echo "exit $rc: $(cat "$tmp/scan.err")" >"$3.err"; }
	echo "$3" >>"$tmp/cases"
}

# scan_fail_specs DIR [pass]: one case per DIR/ID.spec. ID is a rule id, or
# RULE--VARIANT for a second fixture of RULE (another behaviour of it). With
# `pass`, each spec is a root on which every rule must pass, like a base
# (its report is $tmp/out/pass:ID@PROF.json). The script's fail_spec RULE
# SPEC sets prof (the profile to scan with) and base (the prebuilt root to
# start from), or writes why not to $tmp/why and returns non-zero (the case
# fails as fail/ID). The spec's lines but its `include ../` ones are
# replayed by mkroot on a copy of $base, the copy is scanned with scan_json
# into $tmp/out/ID@PROF.json, and the spec's `# also-fails: GLOB...` globs
# go to $tmp/out/ID@PROF.also.
scan_fail_specs()
{
	mkdir -p "$tmp/out"
	kind=${2:-fail}
	for spec in "$1"/*.spec; do
		[ -e "$spec" ] || continue
		id=${spec##*/}
		id=${id%.spec}
		if ! fail_spec "${id%%--*}" "$spec"; then
			notok "$kind/$id"
			continue
		fi
		# shellcheck disable=SC2154 # base: set by the script's fail_spec
		if [ "${sfs_base:-}" != "$base" ] ||
		    ! restore_root "$base" "$tmp/r" "$tmp/delta.spec"; then
			rm -rf "$tmp/r"
			cp -a "$base" "$tmp/r"
			sfs_base=$base
		fi
		grep -v '^include \.\./' "$spec" >"$tmp/delta.spec"
		if ! sh "$mkroot" "$tmp/delta.spec" "$tmp/r" >"$tmp/why" 2>&1; then
			notok "$kind/$id (mkroot)"
			continue
		fi
		[ "$kind" = fail ] || id=pass:$id
		# shellcheck disable=SC2154 # prof and base: set by fail_spec
		scan_json "$tmp/r" "$prof" "$tmp/out/$id@$prof.json"
		sed -n 's/^# also-fails: //p' "$spec" >"$tmp/out/$id@$prof.also"
	done
}

# restore_root BASE DIR SPEC: make DIR, a copy of BASE (cp -a) on which
# mkroot then applied SPEC, a copy of BASE again, or return non-zero. Only
# what SPEC's directives name is put back: removed, where BASE lacks it or
# one of its parents (mkroot made those), else copied from BASE, and the
# times of its directory restored. A copy of the whole root created and
# removed every inode of it for each case, most of policy-packs.sh's time
# but the scans. Then every entry of DIR must have the path, type, mode,
# owner, size, link target and modification time it has in BASE (every
# file SPEC wrote has a later one; BASE's listing is kept in BASE.list, as
# BASE does not change), or DIR is not taken as a copy: a SPEC with an
# include or a path this does not follow returns non-zero before.
restore_root()
{
	[ -d "$2" ] && [ -f "$3" ] || return 1
	awk 'w != "" { if ($0 == w) w = ""; next }
	    /^[ \t]*(#|$)/ { next }
	    $1 !~ /^(dir|file|append|link|fifo|mode|owner|rm)$/ {
		print "!"; exit }
	    $2 == "" || $2 == "." || $2 ~ /^\// || $2 ~ /\/\/|\/$/ ||
	    $2 ~ /(^|\/)\.\.?(\/|$)/ { print "!"; exit }
	    { print $2 }
	    ($1 == "file" || $1 == "append") && $NF ~ /^<</ {
		w = substr($NF, 3); gsub(/\047/, "", w) }' "$3" |
	    LC_ALL=C sort -u >"$tmp/restore.paths" || return 1
	rr_dirs=
	while IFS= read -r rr_p; do
		[ "$rr_p" != "!" ] || return 1
		# q: the first prefix of the path that BASE lacks (mkroot made
		# it), else the path; each prefix before it is a directory,
		# not a symlink, in BASE and in DIR
		rr_q=
		rr_rest=$rr_p/
		while [ -n "$rr_rest" ]; do
			rr_q=${rr_q:+$rr_q/}${rr_rest%%/*}
			rr_rest=${rr_rest#*/}
			[ -e "$1/$rr_q" ] || [ -L "$1/$rr_q" ] || break
			[ -z "$rr_rest" ] || { [ ! -L "$1/$rr_q" ] &&
			    [ ! -L "$2/$rr_q" ] && [ -d "$2/$rr_q" ]; } ||
			    return 1
		done
		rm -rf "${2:?}/${rr_q:?}" || return 1
		if [ -e "$1/$rr_q" ] || [ -L "$1/$rr_q" ]; then
			cp -a "$1/$rr_q" "$2/$rr_q" || return 1
		fi
		case $rr_q in
		*/*)	rr_dirs="$rr_dirs ${rr_q%/*}" ;;
		*)	rr_dirs="$rr_dirs ." ;;
		esac
	done <"$tmp/restore.paths"
	for rr_d in $rr_dirs; do
		[ ! -d "$2/$rr_d" ] || touch -h -r "$1/$rr_d" "$2/$rr_d" ||
		    return 1
	done
	[ -s "$1.list" ] || (cd "$1" && root_list) >"$1.list" || return 1
	(cd "$2" && root_list) >"$tmp/restore.list" &&
	    cmp -s "$1.list" "$tmp/restore.list"
}

# root_list: every entry under the current directory with what
# restore_root compares, sorted.
root_list()
{
	find . -printf '%p %y %m %U %G %s %l %T@\n' | LC_ALL=C sort
}

# check_reports RULES FAILDIR [fixture-per-base-rule | coverage=PACK]: judge
# every report of $tmp/cases (one python3 run) against RULES (`assay rules
# --format json`), one case each. A base@PROF report: every rule pass or
# notapplicable, notchecked when manual. An ID@PROF report: rule ID fails
# with evidence, no other rule fails or errs but those matching the globs
# of ID@PROF.also. fixture-per-base-rule: each automated rule of a base
# report needs FAILDIR/RULE.spec. coverage=PACK: one more case, first: the
# automated rules of PACK and the fail specs of FAILDIR match one to one.
check_reports()
{
	: >"$tmp/why"
	python3 - "$1" "$tmp/cases" "$2" "${3:-}" >"$tmp/verdicts" <<'PY'
import fnmatch, json, os, sys

rules_path, cases_path, faildir, mode = sys.argv[1:5]
with open(rules_path) as f:
    rules = {r["id"]: r for r in json.load(f)}
manual = {i for i, r in rules.items() if r.get("manual")}

if mode.startswith("coverage="):
    name = mode[len("coverage="):]
    pack = {i for i, r in rules.items() if r.get("pack") == name}
    specs = {n[:-5].split("--")[0] for n in os.listdir(faildir) if n.endswith(".spec")}
    errors = ["%s: no fixture fail/%s.spec" % (i, i)
              for i in sorted(pack - manual - specs)]
    errors += ["fail/%s.spec: no automated rule %s in %s" % (i, i, name)
               for i in sorted(specs - (pack - manual))]
    if not pack:
        errors.append("no rule of pack %s in `assay rules`" % name)
    print(("ok " if not errors else "FAIL ") + "coverage (%d rules, %d fail specs)"
          % (len(pack - manual), len(specs)))
    for e in errors:
        print("    " + e)

def load(path):
    if os.path.exists(path + ".err"):
        with open(path + ".err") as f:
            return None, f.read().strip()
    try:
        with open(path) as f:
            return json.load(f)["results"], None
    except (OSError, ValueError, KeyError) as e:
        return None, "cannot read the JSON report: %s" % e

def ev(r):
    return "; ".join(e.get("message", "") for e in r.get("evidence", []))[:300]

with open(cases_path) as f:
    cases = f.read().split()
for path in cases:
    name, prof = os.path.basename(path)[:-5].split("@")
    results, err = load(path)
    errors = []
    if err:
        errors.append(err)
        results = []
    rule = name.split("--")[0]
    if name == "base" or name.startswith("pass:"):
        for r in results:
            st = r["status"]
            want = ("notchecked",) if r["rule"] in manual else ("pass", "notapplicable")
            if st not in want:
                errors.append("%s: %s, want %s (%s)" % (r["rule"], st, " or ".join(want), ev(r) or "no evidence"))
        if mode == "fixture-per-base-rule" and name == "base":
            # every automated rule that ran on the base needs a fail fixture
            for r in results:
                if r["rule"] not in manual and not os.path.exists(os.path.join(faildir, r["rule"] + ".spec")):
                    errors.append("%s: no fixture fail/%s.spec" % (r["rule"], r["rule"]))
        if not results and not err:
            errors.append("no results")
        if name.startswith("pass:") and not any(r["rule"] == rule[5:] for r in results):
            errors.append("%s: not in the results of profile %s" % (rule[5:], prof))
    else:
        with open(path[:-5] + ".also") as f:
            also = f.read().split()
        seen = False
        for r in results:
            rid, st = r["rule"], r["status"]
            if rid == rule:
                seen = True
                if st != "fail":
                    errors.append("%s: %s, want fail (%s)" % (rid, st, ev(r) or "no evidence"))
                elif not r.get("evidence"):
                    errors.append("%s: fails without evidence" % rid)
            elif st in ("fail", "error") and not any(fnmatch.fnmatchcase(rid, g) for g in also):
                errors.append("%s: also %s (%s)" % (rid, st, ev(r)))
        if not seen and not err:
            errors.append("%s: not in the results of profile %s" % (rule, prof))
    label = "%s (%s)" % (name if name == "base" or name.startswith("pass:")
                         else "fail/" + name, prof)
    print(("ok " if not errors else "FAIL ") + label)
    for e in errors[:10]:
        print("    " + e)
PY
	if [ ! -s "$tmp/verdicts" ]; then
		echo "the checker printed nothing" >"$tmp/why"
		notok "check.py"
	fi
	while IFS= read -r line; do
		case $line in
		"ok "*)		pass=$((pass + 1)) ;;
		"FAIL "*)	fail=$((fail + 1)); echo "$line" ;;
		*)		echo "$line" ;;
		esac
	done <"$tmp/verdicts"
}
