#!/bin/sh
# families-roots.sh FAMILY ROOT [WORK] -- build a synthetic root of another
# distribution family for the SCAP content of ssg-nondebian/ssg-debderived:
#
#   rhel9   /etc/os-release and /etc/redhat-release of RHEL 9.2, an rpm
#           database (rpm --initdb + packages made by rpmbuild from a tiny
#           spec: redhat-release 9.2 so the data stream's CPE applies, and
#           audit, sudo, aide, openssh-server, chrony, rsyslog)
#   sle15   SLES 15 SP5: sles-release 15.5 and the same packages
#   ubuntu2204  Ubuntu 22.04 (jammy): /etc/lsb-release, a dpkg status file
#           with the same packages (openssh-server, auditd, ...)
#
# and, for each, the configuration files the file, textfilecontent54 and
# variable rules read: passwd/shadow/group/gshadow with their modes, an
# sshd_config, login.defs, a sysctl.d file. Used by tests/e2e/scap-families.sh
# (a handful of verdicts) and bench/oscap-families (rule by rule against
# oscap-chroot). Needs rpm and rpmbuild (apt-get install rpm) for the rpm
# families. WORK (default: a directory next to ROOT) keeps the rpmbuild tree.
set -eu
family=$1 root=$2 work=${3:-$2.work}
mkdir -p "$root" "$work"

common()
{
	mkdir -p "$root/etc/ssh" "$root/etc/sysctl.d" "$root/var/log" \
	    "$root/root" "$root/tmp" "$root/etc/security"
	printf 'root:x:0:0:root:/root:/bin/bash\nbin:x:1:1:bin:/bin:/sbin/nologin\nsshd:x:74:74:sshd:/usr/share/empty.sshd:/sbin/nologin\n' \
	    >"$root/etc/passwd"
	printf 'root:$6$x$y:19000:0:99999:7:::\nbin:*:19000:0:99999:7:::\nsshd:!!:19000::::::\n' \
	    >"$root/etc/shadow"
	printf 'root:x:0:\nbin:x:1:\nwheel:x:10:\nsshd:x:74:\n' >"$root/etc/group"
	printf 'root:::\nbin:::\nwheel:::\nsshd:!::\n' >"$root/etc/gshadow"
	chmod 0644 "$root/etc/passwd" "$root/etc/group"
	chmod 0000 "$root/etc/shadow" "$root/etc/gshadow"
	chown 0:0 "$root/etc/passwd" "$root/etc/group" "$root/etc/shadow" \
	    "$root/etc/gshadow"
	cat >"$root/etc/ssh/sshd_config" <<'CONF'
PermitRootLogin no
PermitEmptyPasswords no
X11Forwarding yes
ClientAliveInterval 900
CONF
	chmod 0600 "$root/etc/ssh/sshd_config"
	cat >"$root/etc/login.defs" <<'CONF'
PASS_MAX_DAYS	99999
PASS_MIN_DAYS	0
PASS_WARN_AGE	7
UMASK		022
ENCRYPT_METHOD	SHA512
CONF
	printf 'kernel.randomize_va_space = 2\nnet.ipv4.ip_forward = 0\n' \
	    >"$root/etc/sysctl.d/50-cis.conf"
	chmod 1777 "$root/tmp"
}

# rpm NAME VERSION RELEASE...: build and register noarch packages
rpms()
{
	mkdir -p "$root/var/lib/rpm"
	rpm --dbpath "$root/var/lib/rpm" --initdb
	cat >"$work/p.spec" <<'SPEC'
Name: %{pname}
Version: %{pver}
Release: %{prel}
Summary: synthetic package for assay's family roots
License: MIT
BuildArch: noarch
%description
synthetic
%files
SPEC
	while [ $# -ge 3 ]; do
		rpmbuild --quiet --define "_topdir $work/top" \
		    --define "pname $1" --define "pver $2" --define "prel $3" \
		    -bb "$work/p.spec" >/dev/null 2>&1
		shift 3
	done
	rpm --dbpath "$root/var/lib/rpm" -i --justdb --nodeps --noscripts \
	    "$work"/top/RPMS/noarch/*.rpm >/dev/null 2>&1
}

case $family in
rhel9)
	common
	cat >"$root/etc/os-release" <<'CONF'
NAME="Red Hat Enterprise Linux"
VERSION="9.2 (Plow)"
ID="rhel"
ID_LIKE="fedora"
VERSION_ID="9.2"
PLATFORM_ID="platform:el9"
PRETTY_NAME="Red Hat Enterprise Linux 9.2 (Plow)"
CPE_NAME="cpe:/o:redhat:enterprise_linux:9::baseos"
CONF
	echo 'Red Hat Enterprise Linux release 9.2 (Plow)' \
	    >"$root/etc/redhat-release"
	rpms redhat-release 9.2 1.el9 audit 3.0.7 103.el9 \
	    sudo 1.9.5p2 9.el9 aide 0.16 100.el9 openssh-server 8.7p1 29.el9 \
	    chrony 4.3 1.el9 rsyslog 8.2102.0 113.el9
	;;
sle15)
	common
	cat >"$root/etc/os-release" <<'CONF'
NAME="SLES"
VERSION="15-SP5"
VERSION_ID="15.5"
PRETTY_NAME="SUSE Linux Enterprise Server 15 SP5"
ID="sles"
ID_LIKE="suse"
CPE_NAME="cpe:/o:suse:sles:15:sp5"
CONF
	rpms sles-release 15.5 150500.1 audit 3.0.6 150400.4 \
	    sudo 1.9.12p1 150500.5 aide 0.16 150300.4 \
	    openssh-server 9.6p1 150500.1 chrony 4.1 150400.19 \
	    rsyslog 8.2306.0 150500.1
	;;
ubuntu2204)
	common
	cat >"$root/etc/os-release" <<'CONF'
PRETTY_NAME="Ubuntu 22.04.3 LTS"
NAME="Ubuntu"
VERSION_ID="22.04"
VERSION="22.04.3 LTS (Jammy Jellyfish)"
VERSION_CODENAME=jammy
ID=ubuntu
ID_LIKE=debian
CONF
	printf 'DISTRIB_ID=Ubuntu\nDISTRIB_RELEASE=22.04\nDISTRIB_CODENAME=jammy\nDISTRIB_DESCRIPTION="Ubuntu 22.04.3 LTS"\n' \
	    >"$root/etc/lsb-release"
	mkdir -p "$root/var/lib/dpkg"
	: >"$root/var/lib/dpkg/status"
	for p in base-files:12ubuntu4.3 auditd:1:3.0.7-1build1 \
	    sudo:1.9.9-1ubuntu2.4 aide:0.17.4-1 openssh-server:1:8.9p1-3ubuntu0.4 \
	    chrony:4.2-2ubuntu2 rsyslog:8.2112.0-2ubuntu2.2; do
		printf 'Package: %s\nStatus: install ok installed\nPriority: optional\nArchitecture: amd64\nVersion: %s\nDescription: synthetic\n\n' \
		    "${p%%:*}" "${p#*:}" >>"$root/var/lib/dpkg/status"
	done
	# dpkg's architecture tables, which every Ubuntu root has (dpkg is
	# Essential): without ROOT/usr/share/dpkg/cputable OpenSCAP's
	# dpkginfo probe (libapt-pkg with RootDir) fails to initialise and
	# every package looks absent to it (docs/openscap.md)
	mkdir -p "$root/usr/share/dpkg"
	cp /usr/share/dpkg/cputable /usr/share/dpkg/tupletable \
	    "$root/usr/share/dpkg/"
	;;
*)
	echo "families-roots.sh: unknown family $family (rhel9, sle15, ubuntu2204)" >&2
	exit 2
	;;
esac
