#!/bin/sh
# images-lock.sh -- two fixtures/images/build.sh runs at once into a fresh
# OUTDIR build the images once: the second waits for the first (and says
# so), then finds its stamp. make -j starts docs-examples.sh, readme.sh,
# container-image.sh, ... together, and each calls build.sh first thing.
#
# buildah and skopeo are stand-ins here (shell scripts first in PATH) that
# log each `bud` and write the files `push` and `copy` name, so this runs
# in a moment and anywhere. Every `bud` waits until the test lets it go:
# the first run is held inside its build while the second starts, and the
# test lets both go once the second either says it waits or starts a build
# of its own (which fails the case). Needs flock (util-linux).
set -u
: "${top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
# shellcheck source=tests/e2e/skip.sh
. "$top_srcdir/tests/e2e/skip.sh"
command -v flock >/dev/null 2>&1 || e2e_skip "flock not found"
tmp=$(mktemp -d) || exit 1
trap 'touch "$tmp/go"; rm -rf "$tmp"' EXIT INT TERM
fail=0
notok() {
	echo "FAIL: $*"
	fail=1
}

mkdir "$tmp/bin" "$tmp/out"
cat >"$tmp/bin/buildah" <<'EOF'
#!/bin/sh
[ "$1" != --version ] || { echo "buildah version 0 (stand-in)"; exit 0; }
while :; do
	case $1 in
	--storage-driver|--root|--runroot) shift 2 ;;
	*) break ;;
	esac
done
cmd=$1
shift
case $cmd in
bud)
	while [ $# -gt 0 ]; do
		[ "$1" != -t ] || name=$2
		shift
	done
	echo "$name" >>"$STUB/bud.log"
	while [ ! -e "$STUB/go" ]; do sleep 0.1; done ;;
push)
	for dest; do :; done
	f=${dest#*:}
	: >"${f%%:*}" ;;
esac
EOF
cat >"$tmp/bin/skopeo" <<'EOF'
#!/bin/sh
[ "$1" != --version ] || { echo "skopeo version 0 (stand-in)"; exit 0; }
for dest; do :; done
f=${dest#oci:}
mkdir -p "${f%:*}"
EOF
printf '#!/bin/sh\n' >"$tmp/busybox"
chmod +x "$tmp/bin/buildah" "$tmp/bin/skopeo" "$tmp/busybox"
: >"$tmp/bud.log"

# run N: build.sh into $tmp/out with the stand-ins, output to $tmp/N.log,
# exit status to $tmp/N.rc.
run() {
	(PATH=$tmp/bin:$PATH STUB=$tmp BUSYBOX=$tmp/busybox \
	    sh "$top_srcdir/fixtures/images/build.sh" "$tmp/out" \
	    >"$tmp/$1.log" 2>&1; echo $? >"$tmp/$1.rc") &
}
# wait_for TEST...: run the test command until it succeeds, at most a
# minute (then return 1): how long a step takes is not judged here.
wait_for() {
	i=0
	until "$@"; do
		[ $i -lt 600 ] || return 1
		sleep 0.1
		i=$((i + 1))
	done
}
# second_waits_or_builds: the second run says it waits, has ended, or has
# started a build of its own (a second line in bud.log).
# shellcheck disable=SC2317 # called through wait_for
second_waits_or_builds() {
	grep -q "waiting for another build" "$tmp/2.log" 2>/dev/null ||
	    [ -e "$tmp/2.rc" ] || [ "$(grep -c '' "$tmp/bud.log")" -ge 2 ]
}

run 1
wait_for test -s "$tmp/bud.log" ||
    notok "the first build.sh never reached bud"
run 2
wait_for second_waits_or_builds ||
    notok "the second build.sh neither waited nor built"
n=$(grep -c '' "$tmp/bud.log")
[ "$n" -eq 1 ] || notok "the second build.sh built beside the first" \
    "($n buds before the first was let go)"
touch "$tmp/go"
wait
for i in 1 2; do
	[ "$(cat "$tmp/$i.rc" 2>/dev/null)" = 0 ] ||
	    { notok "build.sh run $i failed:"; cat "$tmp/$i.log"; }
done
grep -q "waiting for another build" "$tmp/2.log" ||
    notok "the second build.sh did not wait for the first"
grep -q "are up to date" "$tmp/2.log" ||
    notok "the second build.sh did not find the first one's images"
dups=$(sort "$tmp/bud.log" | uniq -d | tr '\n' ' ')
[ -z "$dups" ] || notok "built twice: $dups"
if [ ! -s "$tmp/out/.stamp" ] || [ ! -f "$tmp/out/good.docker.tar" ] ||
    [ ! -d "$tmp/out/good.oci-layout" ]; then
	notok "no stamp or images in OUTDIR"
fi
[ "$fail" -ne 0 ] || echo "ok: $(grep -c '' "$tmp/bud.log") images built" \
    "once by two build.sh runs at once"
exit "$fail"
