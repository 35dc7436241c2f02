# bookworm.sh -- a clean Debian 12 root for the packaging tests, made once.
# POSIX sh, sourced by deb.sh (installs the .deb into a copy of it) and
# container-build.sh (commits it as the local build base image):
#
#	. "$top_srcdir/tests/e2e/bookworm.sh"
#	e2e_bookworm "$tmp" || exit 1
#	cp -a "$bookworm" "$tmp/chroot"
#
# The root is `debootstrap --variant=minbase bookworm` from
# $ASSAY_DEB_MIRROR (default http://deb.debian.org/debian), cached in
# $ASSAY_DEB_CHROOT (default $TMPDIR/assay-debootstrap/bookworm-minbase;
# ~5 minutes the first time, with the network). Callers never change the
# cache: they copy it. Needs root and debootstrap.
#
# shellcheck shell=sh

: "${ASSAY_DEB_MIRROR:=http://deb.debian.org/debian}"
: "${ASSAY_DEB_CHROOT:=${TMPDIR:-/tmp}/assay-debootstrap/bookworm-minbase}"

# e2e_bookworm LOGDIR: set bookworm to the cached root, debootstrapping it
# first if it is missing (built under a .tmp name and renamed, so an
# interrupted run leaves no half root behind). On failure print the log's
# tail and return 1.
e2e_bookworm()
{
	bookworm=$ASSAY_DEB_CHROOT
	[ -x "$bookworm/bin/sh" ] && return 0
	mkdir -p "$(dirname "$bookworm")"
	# deb.sh and container-build.sh may start together (make -j): the
	# first makes the root, the other waits for it on the lock
	(
		flock 9
		[ -x "$bookworm/bin/sh" ] && exit 0
		rm -rf "$bookworm.tmp"
		if ! debootstrap --variant=minbase bookworm "$bookworm.tmp" \
		    "$ASSAY_DEB_MIRROR" >"$1/debootstrap.log" 2>&1; then
			tail -n 20 "$1/debootstrap.log"
			echo "$(basename "$0"): FAIL: debootstrap"
			exit 1
		fi
		mv "$bookworm.tmp" "$bookworm"
	) 9>"$bookworm.lock"
}
