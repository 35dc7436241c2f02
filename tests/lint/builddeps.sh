#!/bin/sh
# builddeps.sh -- every place that installs assay's build dependencies
# names every Debian package configure.ac requires.
#
# configure.ac's ASSAY_REQUIRE names, for each library, the Debian package
# that provides it. Five places install them for a build: autotools/deps.sh
# (the quick start and CI), debian/control's Build-Depends (the package and
# its container build), action.yml (the GitHub Action) and the two CI
# examples under examples/ci/. A library added to configure.ac and
# forgotten in one of them breaks that build on a clean machine (libzstd-dev
# in debian/control did, caught only by the container build); this fails
# `make check` instead, naming the file and the package.
#
# Exit 0 when every place names every package, 1 naming each one missing,
# 99 when configure.ac names none.
#
# Usage: top_srcdir=/path/to/assay sh tests/lint/builddeps.sh
set -u
: "${top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
cd "$top_srcdir" || exit 99
pkgs=$(sed -n 's/^ASSAY_REQUIRE(\[[A-Z0-9]*\], \[[^]]*\], \[[^]]*\], \[\([^]]*\)\]).*/\1/p' \
    configure.ac | sort -u)
if [ -z "$pkgs" ]; then
	echo "builddeps.sh: no ASSAY_REQUIRE package in configure.ac" >&2
	exit 99
fi
missing=0
for f in autotools/deps.sh debian/control action.yml \
    examples/ci/github-actions.yml examples/ci/gitlab-ci.yml; do
	if [ ! -f "$f" ]; then
		echo "$f: missing"
		missing=$((missing + 1))
		continue
	fi
	# debian/control: its Build-Depends field only (to the next field)
	if [ "$f" = debian/control ]; then
		text=$(awk '/^Build-Depends:/ { on = 1 }
		    on && /^[A-Za-z-]+:/ && !/^Build-Depends:/ { exit }
		    on' "$f")
	else
		text=$(cat "$f")
	fi
	for p in $pkgs; do
		printf '%s\n' "$text" | tr -s ' \t,\\' '\n\n\n\n' |
		    grep -qx -- "$p" && continue
		echo "$f: does not install $p (configure.ac requires it)"
		missing=$((missing + 1))
	done
done
[ "$missing" -eq 0 ]
