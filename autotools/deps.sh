#!/bin/sh
# Install everything assay needs to build and test on Debian 12 (as root).
# Used by the README quick start and by .ci/run, so both stay in step.
set -eu
cd "$(dirname "$0")/.."
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# build: compiler, autotools, and the libraries configure requires
# test: xmllint (JUnit schema), python3-jsonschema (SARIF schema), node+npm
#       (SARIF multitool), libicu (the multitool's .NET runtime),
#       buildah + skopeo + busybox-static (fixture images built without a
#       daemon), chromium (the HTML report test), poppler-utils
#       (pdftotext and pdftoppm read back the HTML report printed to PDF
#       in that test), rpm (rpmbuild and rpm --initdb build real
#       rpm databases in the rpmdb and OVAL rpm unit suites; assay reads
#       them with libsqlite3-dev, not librpm), clang and libclang-rt-14-dev
#       (tests/run.sh builds the libFuzzer targets and runs each on its
#       corpus), golang-1.19-src (Go's archive/tar and compress/gzip test
#       archives, scanned by tests/e2e/archive-corpus.sh)
# signed SCAP data streams: libxmlsec1-dev (xmlsec with OpenSSL) verifies
#       their XML signature (engine/scap/ds_sign.c); test: xmlsec1 signs
#       the fixture data stream in tests/e2e/scap-signature.sh
# disk images (engine/target/): libext2fs-dev + comerr-dev read ext2/3/4
#       without mounting, libblkid-dev reads partition tables and names
#       file systems; test: e2fsprogs (mke2fs -d builds file systems from
#       the fixture roots), fdisk (sfdisk writes partition tables into a
#       file), util-linux (setpriv runs the disk scan as nobody);
#       libqcow-dev, libvhdi-dev, libvmdk-dev (libyal) read qcow2, VHD/VHDX
#       and VMDK images (libvmdk.h includes libbfio.h, which libvmdk-dev
#       does not pull in: libbfio-dev), qemu-utils (qemu-img) converts the
#       fixture disks to them; libfsxfs-dev (libyal) reads XFS, xfsprogs
#       (mkfs.xfs -p PROTOFILE) builds the XFS fixtures unprivileged;
#       libvslvm-dev (libyal) reads LVM2 volume groups (the fixtures'
#       physical volumes are written by tests/e2e/mklvm.py, no lvm2)
# registries (docker://): libcurl4-openssl-dev (libcurl with OpenSSL, whose
#       SSL_CTX takes --cert-dir's CAs); test: docker-registry (the CNCF
#       distribution registry, started on loopback by
#       tests/e2e/registry.sh), apache2-utils (htpasswd -B for its basic
#       auth), openssl (the test's CA and token signing key)
# packaging (tests/e2e/deb.sh): debhelper + dpkg-dev build the .deb,
#       lintian checks it, debootstrap makes the clean Debian 12 chroot it
#       is installed into; tests/e2e/container-build.sh commits that root
#       as the local base image and builds the Containerfile with buildah
#       (installed above for the fixture images)
apt-get install -y -qq --no-install-recommends \
	build-essential autoconf automake libtool pkg-config \
	libyaml-dev libpcre2-dev libxml2-dev libjansson-dev libarchive-dev \
	libelf-dev libssl-dev zlib1g-dev libzstd-dev check libsqlite3-dev \
	libext2fs-dev comerr-dev libblkid-dev e2fsprogs fdisk util-linux \
	libqcow-dev libvhdi-dev libvmdk-dev libbfio-dev qemu-utils \
	libxml2-utils libxmlsec1-dev xmlsec1 python3 python3-jsonschema python3-yaml libicu72 \
	buildah crun skopeo busybox-static chromium fonts-dejavu-core rpm \
	poppler-utils debhelper dpkg-dev lintian debootstrap \
	libfsxfs-dev xfsprogs libvslvm-dev \
	clang libclang-rt-14-dev golang-1.19-src ca-certificates \
	libcurl4-openssl-dev docker-registry apache2-utils openssl >/dev/null
# SELinux (OVAL selinuxboolean): libsepol-dev reads a target's binary
#       policy from memory (engine/scap/oval_selinux.c); test:
#       checkpolicy compiles the tiny policies tests/unit/check_oval.c
#       reads
apt-get install -y -qq --no-install-recommends libsepol-dev checkpolicy \
	>/dev/null
# SCAP: ssg-debian (the SCAP Security Guide data streams) is the real
# XCCDF + OVAL content tests/e2e/scap.sh scans with --datastream
apt-get install -y -qq --no-install-recommends ssg-debian >/dev/null
# ssg-nondebian (RHEL 9, SLE 15 data streams) and ssg-debderived (Ubuntu
# 22.04): tests/e2e/scap-families.sh scans synthetic roots of those
# families with them
apt-get install -y -qq --no-install-recommends ssg-nondebian \
	ssg-debderived >/dev/null
# openscap-scanner (and its openscap-common: the XCCDF 1.2 and ARF 1.1
# schemas): tests/e2e/scap-results.sh validates assay's XCCDF and ARF
# reports against those schemas and has `oscap` read them;
# openscap-utils: oscap-chroot, the oracle scap-results.sh compares
# assay's verdicts and results with (and bench/oscap-compare,
# bench/oscap-families)
apt-get install -y -qq --no-install-recommends openscap-scanner \
	openscap-utils >/dev/null
# Node.js and npm run the SARIF multitool. Machines that ship their own
# Node.js (whose nodejs package conflicts with Debian's npm) keep it.
if ! command -v npm >/dev/null 2>&1; then
	apt-get install -y -qq --no-install-recommends nodejs npm >/dev/null
fi
# The SARIF multitool validates reports in the test suite.
if [ ! -x node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool ]; then
	npm install --no-save --no-audit --no-fund --loglevel=error \
		@microsoft/sarif-multitool >/dev/null
fi
# rpm Berkeley DB databases (RHEL <= 8's /var/lib/rpm/Packages): assay reads
# them itself, without libdb; test: db5.3-util (db5.3_load writes the real
# Berkeley DB hash and btree files tests/unit/mkrpmdb-bdb.sh makes for
# check_rpmdb_bdb, which rpm's own bdb_ro backend then reads as the oracle)
apt-get install -y -qq --no-install-recommends db5.3-util >/dev/null
