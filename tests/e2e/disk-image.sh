#!/bin/sh
# disk-image.sh -- a VM disk image scans like the root directory it holds.
#
# Each fixture root (fixtures/roots/base, roots-cis/base, the Azure
# marketplace base, and a "mixed" root: base plus world-writable, setuid
# hardlinked, unowned and FIFO entries, a device node and symlinks, one
# absolute and one climbing out) is put into disk images the way a cloud
# would hold it, unprivileged: `mke2fs -d` populates ext4 from the
# directory, `sfdisk` writes a partition table into a file and `place`
# (dd conv=notrunc,sparse, skipping holes) puts the file system at its
# partition. Formats: a bare
# file system, GPT (an EFI partition first, root second) and MBR with the
# root in a logical partition of an extended one, then (qemu-img convert)
# the GPT disk as qcow2, compressed qcow2, dynamic and fixed VHD, VHDX,
# monolithicSparse and streamOptimized VMDK, GCP's disk.raw in a sparse
# gzip'd tar (inflated to an unlinked temporary file: $TMPDIR must hold
# nothing of it afterwards), and the MBR disk as qcow2 (its extended boot
# records read through libqcow); the base and mixed
# roots in all of them, the CIS and Azure roots in a few. Every image is
# scanned as nobody (`setpriv`; the image world-readable, nothing mounted,
# no privilege) with every bundled profile (`assay profiles`, all in one
# run), and its JSON report must equal the directory scan's rule for rule:
# status, message and evidence. mke2fs makes /lost+found, which a
# booted system shows too, so the directory gets one (0700 root) first.
#
# A CIS layout splits the CIS root over six partitions (/, /var, /var/log,
# /var/log/audit, /var/tmp, /home) whose /etc/fstab names them each way
# fstab can (UUID=, LABEL=, PARTUUID=, /dev/disk/by-uuid/, /dev/vdaN):
# scanned as a disk it must equal the directory scan of the same tree.
#
# Root selection and hostile images: two roots (an error listing them,
# --partition picks one), no os-release anywhere, a corrupt superblock, an
# ext4 journal superblock with a bad checksum, a file system claiming more
# blocks than its partition,
# a file system claiming 1000 more block groups than its partition holds
# (the counts kept consistent, no checksum to catch it),
# a partition past the end of the image, overlapping GPT partitions,
# hostile LVM2 physical volumes (a bad metadata area header CRC, metadata
# text past the PV, a segment past its extents, thin and striped volumes,
# an extent size of 0, a volume without a file system), a qcow2 with a
# backing file, a qcow2 whose L1 table
# points past the file, a VHD footer with a bad checksum and a VMDK whose
# descriptor names another (flat extent) file each end with exit 3 and a
# message naming what is wrong, under `timeout 60`.
#
# LVM2 (disk_lvm.c): the CIS root with /, /var, /var/log, /home and /tmp
# on linear logical volumes of one volume group (GPT partition 2, written
# by tests/e2e/mklvm.py: no lvm2, no kernel), /boot on partition 1, the
# fstab naming them by /dev/mapper/VG-LV, /dev/VG/LV, UUID= and LABEL=;
# raw and qcow2.
#
# XFS (fs_xfs.c): the base, mixed and CIS roots on XFS (bare, GPT,
# qcow2), the CIS layout with /, /var and /home on XFS, and hostile XFS
# superblocks (CRC redone, so libblkid still names them XFS).
#
# Skips (77; under CI=true a failure, tests/e2e/skip.sh) when not root,
# or without mke2fs, debugfs, dumpe2fs, e2fsck, sfdisk, setpriv, qemu-img,
# mkfs.xfs, xfs_db or python3.
set -u

: "${top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
. "$top_srcdir/tests/e2e/lib.sh"
e2e_require assay root python3
for tool in mke2fs debugfs dumpe2fs e2fsck sfdisk setpriv qemu-img \
    mkfs.xfs xfs_db; do
	command -v "$tool" >/dev/null 2>&1 || e2e_skip "$tool not installed"
done
e2e_setup
# nobody reaches the images through $tmp, reads them in $tmp/pub
chmod 0711 "$tmp"
mkdir -m 0755 "$tmp/pub"
# the temporary files of a GCP scan go here (nobody writes them)
mkdir -m 1777 "$tmp/scratch"
ASSAY_ABS=$(cd "$(dirname "$ASSAY")" && pwd)/$(basename "$ASSAY")
# Every bundled profile (`assay profiles`), in one run per scan: the union
# of their rules, each once (a variable two profiles set takes the later
# one's value, docs/policy-language.md), so one image is scanned once.
profiles=$("$ASSAY" profiles |
    awk 'NR > 1 && NF > 3 { printf " --profile %s", $1 }')

# mkfs DIR IMG MB [mke2fs options]: an ext4 file system of DIR, its root
# directory with DIR's mode (mke2fs -d leaves it 0755; debugfs sets it).
mkfs()
{
	d=$1 img=$2 mb=$3
	shift 3
	mke2fs -q -F -t ext4 -d "$d" -E root_owner=0:0 "$@" "$img" "${mb}M" \
	    >/dev/null &&
	    debugfs -w -R "sif <2> mode 040$(stat -c %a "$d")" "$img" \
	    >/dev/null 2>&1
}

# mkxfs DIR IMG GEN [mkfs.xfs options]: an XFS file system of DIR
# (300 MiB, sparse: mkfs.xfs 6.1's minimum), populated by mkfs.xfs -p
# from a protofile (xfsprogs' mkfs/proto.c), unprivileged. GEN's words:
# directories (relative) made empty, as mount points; --lost-found adds the
# /lost+found mke2fs would (the directory scans compare against one). A
# protofile has no sticky bit, so xfs_db writes those modes afterwards; a
# hard link becomes a second inode (no rule sees link counts).
cat >"$tmp/mkxfs.py" <<'EOF'
import os, stat, sys
src, proto, fix = sys.argv[1:4]
lf = "--lost-found" in sys.argv[4:]
empty = set(a for a in sys.argv[4:] if a != "--lost-found")
TYPES = {stat.S_IFREG: "-", stat.S_IFDIR: "d", stat.S_IFLNK: "l",
         stat.S_IFCHR: "c", stat.S_IFBLK: "b", stat.S_IFIFO: "p"}
out, sticky = ["/dev/null", "0 0"], []
def mode(st, rel):
    m = st.st_mode
    if stat.S_IFMT(m) not in TYPES:
        sys.exit("mkxfs: %s: no protofile type" % rel)
    if m & stat.S_ISVTX:
        sticky.append("%s 0%o" % (rel or "/", m))
    return "%s%s%s%03o %d %d" % (TYPES[stat.S_IFMT(m)],
        "u" if m & stat.S_ISUID else "-", "g" if m & stat.S_ISGID else "-",
        m & 0o777, st.st_uid, st.st_gid)
def walk(d, rel):
    names = sorted(os.listdir(d))
    if rel == "" and lf and "lost+found" not in names:
        out.extend(["lost+found d--700 0 0", "$"])
    for n in names:
        p, r = os.path.join(d, n), rel + "/" + n
        st = os.lstat(p)
        line = n + " " + mode(st, r)
        extra = ""
        if stat.S_ISREG(st.st_mode):
            extra = p
        elif stat.S_ISLNK(st.st_mode):
            extra = os.readlink(p)
        elif stat.S_ISCHR(st.st_mode) or stat.S_ISBLK(st.st_mode):
            extra = "%d %d" % (os.major(st.st_rdev), os.minor(st.st_rdev))
        if any(c.isspace() for c in n) or (not stat.S_ISCHR(st.st_mode)
                and not stat.S_ISBLK(st.st_mode)
                and any(c.isspace() for c in extra)):
            sys.exit("mkxfs: %s: white space a protofile cannot hold" % r)
        out.append((line + " " + extra).rstrip())
        if stat.S_ISDIR(st.st_mode):
            if r[1:] not in empty:
                walk(p, r)
            out.append("$")
out.append(mode(os.lstat(src), ""))
walk(src, "")
out.append("$")
open(proto, "w").write("\n".join(out) + "\n")
open(fix, "w").write("".join("-c\npath %s\n-c\nwrite core.mode %s\n"
    % tuple(x.split()) for x in sticky))
EOF
mkxfs()
{
	d=$1 img=$2 gen=$3
	shift 3
	# shellcheck disable=SC2086 # GEN is a list of words
	python3 "$tmp/mkxfs.py" "$d" "$img.proto" "$img.fix" $gen &&
	    rm -f "$img" && truncate -s 300M "$img" &&
	    mkfs.xfs -q -p "$img.proto" "$@" "$img" &&
	    { [ ! -s "$img.fix" ] ||
	    (IFS='
'; xfs_db -x $(cat "$img.fix") "$img" >/dev/null); }
}

# place FS DISK SECTOR: write file system image FS into DISK at SECTOR,
# as `dd bs=1M conv=notrunc,sparse` does (a block of zeros is skipped, not
# written), but without reading FS's holes: dd read the 300 MiB of a
# sparse XFS image as zeros the kernel fills, 13% of this test's CPU.
cat >"$tmp/place.py" <<'EOF'
import os, sys
src, dst, off = sys.argv[1], sys.argv[2], int(sys.argv[3])
fi = os.open(src, os.O_RDONLY)
fo = os.open(dst, os.O_WRONLY)
end = os.fstat(fi).st_size
zero = bytes(1 << 20)
pos = 0
while pos < end:
    try:
        pos = os.lseek(fi, pos, os.SEEK_DATA)
    except OSError:
        break   # ENXIO: only a hole is left
    hole = os.lseek(fi, pos, os.SEEK_HOLE)
    while pos < hole:
        buf = os.pread(fi, min(1 << 20, hole - pos), pos)
        if not buf:
            sys.exit("place: %s: short read" % src)
        if buf != zero[:len(buf)]:
            os.pwrite(fo, buf, off + pos)
        pos += len(buf)
EOF
place()
{
	python3 "$tmp/place.py" "$1" "$2" $(($3 * 512))
}

# scan_as_nobody IMG OUT [options]: the JSON report of IMG with every
# profile, scanned as nobody; OUT.err gets the exit code and stderr.
scan_as_nobody()
{
	img=$1 out=$2
	shift 2
	chmod 0644 "$img"
	# shellcheck disable=SC2086 # $profiles is a list of options
	TMPDIR=$tmp/scratch setpriv --reuid=nobody --regid=nogroup \
	    --clear-groups "$ASSAY_ABS" scan $profiles --fail-on none \
	    --color never --format json "$@" "$img" >"$out" 2>"$out.err"
	echo "exit $?" >>"$out.err"
}

# scan_dir DIR OUT: the JSON report of directory DIR with every profile.
scan_dir()
{
	# shellcheck disable=SC2086 # $profiles is a list of options
	"$ASSAY" scan $profiles --fail-on none --color never --format json \
	    "$1" >"$2" 2>"$2.err"
}

# same NAME DIRJSON DISKJSON [MINFAIL]: one case: both reports have the
# same results (status, message, evidence, rule for rule), at least
# MINFAIL of them failing; a line of the disk report's target too.
same()
{
	python3 - "$2" "$3" "${4:-0}" >"$tmp/why" 2>&1 <<'EOF'
import json, sys
try:
    a = json.load(open(sys.argv[1]))
    b = json.load(open(sys.argv[2]))
except Exception as e:
    sys.exit("unreadable report: %s (%s)" % (e,
        open(sys.argv[2] + ".err").read().strip()))
# an image-only rule names the target kind it does not apply to
KIND = ("not an image target (disk-image)", "not an image target (dir)")
def res(d):
    return {r["rule"]: tuple(json.dumps(x, sort_keys=True).replace(*KIND)
                             for x in (r["status"], r.get("message"),
                                       r.get("evidence")))
            for r in d["results"]}
ra, rb = res(a), res(b)
bad = [k for k in sorted(set(ra) | set(rb)) if ra.get(k) != rb.get(k)]
for k in bad[:5]:
    print("%s:\n  dir:  %s\n  disk: %s" % (k, ra.get(k), rb.get(k)))
if len(bad) > 5:
    print("... %d rules differ" % len(bad))
nfail = sum(1 for v in ra.values() if v[0] == '"fail"')
if nfail < int(sys.argv[3]):
    print("only %d rules fail on the directory" % nfail)
if b["target"]["kind"] != "disk-image":
    print("target kind %s" % b["target"]["kind"])
if not ra:
    print("no results")
EOF
	ok_unless_why "$1 ($(python3 -c 'import json,sys
d = json.load(open(sys.argv[1]))
print("%d rules; %s" % (len(d["results"]), d["target"]["description"]))' \
	    "$3" 2>/dev/null))"
}

# images ROOT NAME: bare, GPT and MBR-logical images of directory ROOT,
# and the GPT one in each container format, as $tmp/pub/NAME.FORMAT.img
# (FORMAT one of $formats).
images()
{
	mkfs "$1" "$tmp/pub/$2.fs.img" 48 || return 1
	truncate -s 64M "$tmp/pub/$2.gpt.img" &&
	    printf '%s\n' 'label: gpt' \
	    'start=2048, size=8192, type=uefi, name=EFI' \
	    'start=10240, size=98304, type=linux, name=root' |
	    sfdisk -q "$tmp/pub/$2.gpt.img" &&
	    place "$tmp/pub/$2.fs.img" "$tmp/pub/$2.gpt.img" 10240 || return 1
	truncate -s 80M "$tmp/pub/$2.mbr.img" &&
	    printf '%s\n' 'label: dos' \
	    'start=2048, size=8192, type=83' \
	    'start=10240, size=120000, type=5' \
	    'start=12288, size=8192, type=83' \
	    'start=22528, size=98304, type=83' |
	    sfdisk -q "$tmp/pub/$2.mbr.img" &&
	    place "$tmp/pub/$2.fs.img" "$tmp/pub/$2.mbr.img" 22528 || return 1
	# the containers clouds take (qemu-utils names VHD "vpc")
	g=$tmp/pub/$2.gpt.img
	qemu-img convert -O qcow2 "$g" "$tmp/pub/$2.qcow2.img" &&
	    qemu-img convert -c -O qcow2 "$g" "$tmp/pub/$2.qcow2c.img" &&
	    qemu-img convert -O vpc "$g" "$tmp/pub/$2.vhd.img" &&
	    qemu-img convert -O vpc -o subformat=fixed "$g" \
	    "$tmp/pub/$2.vhdfixed.img" &&
	    qemu-img convert -O vhdx "$g" "$tmp/pub/$2.vhdx.img" &&
	    qemu-img convert -O vmdk "$g" "$tmp/pub/$2.vmdk.img" &&
	    qemu-img convert -O vmdk -o subformat=streamOptimized "$g" \
	    "$tmp/pub/$2.vmdkso.img" &&
	    qemu-img convert -O qcow2 "$tmp/pub/$2.mbr.img" \
	    "$tmp/pub/$2.mbrqcow2.img" || return 1
	# GCP: disk.raw in a sparse GNU tar, gzip'd
	mkdir -p "$tmp/gcp/$2" &&
	    cp --sparse=always "$g" "$tmp/gcp/$2/disk.raw" &&
	    tar -C "$tmp/gcp/$2" --format=oldgnu -Sczf \
	    "$tmp/pub/$2.gcp.img" disk.raw
}

formats="fs gpt mbr qcow2 qcow2c vhd vhdfixed vhdx vmdk vmdkso mbrqcow2 gcp"

# root_case NAME SPEC MINFAIL FORMATS: build SPEC's root (or use
# $tmp/roots/NAME when there), scan it as a directory and as each image of
# FORMATS, with every profile.
root_case()
{
	name=$1 spec=$2 minfail=$3 fmts=$4
	r=$tmp/roots/$name
	if [ ! -d "$r" ] && ! sh "$mkroot" "$spec" "$r" >"$tmp/why" 2>&1; then
		notok "mkroot $name"
		return
	fi
	[ -d "$r/lost+found" ] || mkdir -m 0700 "$r/lost+found"
	scan_dir "$r" "$tmp/$name.dir.json"
	if ! images "$r" "$name" >"$tmp/why" 2>&1; then
		notok "images of $name"
		return
	fi
	for fmt in $fmts; do
		scan_as_nobody "$tmp/pub/$name.$fmt.img" "$tmp/$name.$fmt.json"
		same "$name as $fmt, every profile" "$tmp/$name.dir.json" \
		    "$tmp/$name.$fmt.json" "$minfail"
	done
}

mkdir -p "$tmp/roots"
# every format for the baseline roots; the larger packs on the formats
# their clouds take
root_case base "$top_srcdir/fixtures/roots/base.spec" 0 "$formats"
nprof=$("$ASSAY" profiles | awk 'NR > 1 && NF > 3' | wc -l)
expect "the scans run every bundled profile ($nprof)" python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
sys.exit(len(d["profiles"]) != int(sys.argv[2]) or int(sys.argv[2]) < 20)' \
    "$tmp/base.gpt.json" "$nprof"
root_case cis "$top_srcdir/fixtures/roots-cis/base.spec" 0 \
    "fs gpt mbr qcow2 vmdk"
root_case azure "$top_srcdir/fixtures/roots-marketplace/azure-base.spec" 0 \
    "gpt vhdfixed vhdx"

# The mixed root: failures of several kinds, and every node type.
if sh "$mkroot" "$top_srcdir/fixtures/roots/base.spec" "$tmp/roots/mixed" \
    >"$tmp/why" 2>&1 && cat >"$tmp/mixed.spec" <<'EOF' &&
dir opt/app 0755 0 0
file opt/app/config.ini 0666 0 0 <<END
listen = 0.0.0.0
END
file opt/orphan.tar 0644 4242 0
dir var/cache/shared 0777 0 0
file root/sysctl.conf 0600 0 0 <<END
kernel.randomize_va_space = 0
END
link etc/sysctl.d/99-sysctl.conf /root/sysctl.conf
link etc/climb ../../../../../etc/passwd
fifo run/initctl 0600 0 0
EOF
    sh "$mkroot" "$tmp/mixed.spec" "$tmp/roots/mixed" >"$tmp/why" 2>&1
then
	ln "$tmp/roots/mixed/usr/bin/su" "$tmp/roots/mixed/opt/su.hardlink" &&
	    mknod -m 0666 "$tmp/roots/mixed/opt/zero" c 1 5 &&
	    root_case mixed - 4 "$formats"
else
	notok "mkroot mixed"
fi

# ---- XFS: the same roots on XFS (fs_xfs.c, libfsxfs) ----
# xfs_case NAME MINFAIL FORMATS: root NAME (made above) as a bare XFS
# file system, as partition 2 of a GPT disk and that disk as qcow2.
xfs_case()
{
	name=$1 minfail=$2 fmts=$3
	x=$tmp/pub/$name
	if ! { mkxfs "$tmp/roots/$name" "$x.xfs.img" "" &&
	    truncate -s 320M "$x.xfsgpt.img" &&
	    printf '%s\n' 'label: gpt' \
	    'start=2048, size=8192, type=uefi, name=EFI' \
	    'start=10240, size=614400, type=linux, name=root' |
	    sfdisk -q "$x.xfsgpt.img" &&
	    place "$x.xfs.img" "$x.xfsgpt.img" 10240 &&
	    qemu-img convert -O qcow2 "$x.xfsgpt.img" "$x.xfsqcow2.img"
	    } >"$tmp/why" 2>&1; then
		notok "XFS images of $name"
		return
	fi
	for fmt in $fmts; do
		scan_as_nobody "$x.$fmt.img" "$tmp/$name.$fmt.json"
		same "$name on XFS as $fmt, every profile" "$tmp/$name.dir.json" \
		    "$tmp/$name.$fmt.json" "$minfail"
	done
}
xfs_case base 0 "xfs xfsgpt xfsqcow2"
# every node type (device, FIFO, setuid, sticky, links in and out)
xfs_case mixed 4 "xfsgpt"
xfs_case cis 0 "xfsgpt"
expect "an XFS root is named in the report" grep -q \
    'gpt partition table, partition 2 (xfs) at /' "$tmp/base.xfsgpt.json"

# ---- CIS layout: six partitions, attached by /etc/fstab ----
c=$tmp/roots/cis-split
cp -a "$tmp/roots/cis" "$c"
# the fstab names each partition another way, as real ones do
python3 - "$c/etc/fstab" <<'EOF'
import sys
p = sys.argv[1]
s = open(p).read()
for old, new in (
        ("/dev/vg0/home ", "LABEL=home "),
        ("/dev/vg0/var_tmp ", "PARTUUID=6a1c3f7e-0005-4c1b-9a2e-3f1d5e7a9b05 "),
        ("/dev/vg0/var_log_audit ", "/dev/vda4 "),
        ("/dev/vg0/var_log ",
         "/dev/disk/by-uuid/0b7f1c2e-0003-4d5e-8f90-a1b2c3d4e5f3 "),
        ("/dev/vg0/var ", "UUID=0B7F1C2E-0002-4D5E-8F90-A1B2C3D4E5F2 ")):
    s = s.replace(old, new)
open(p, "w").write(s)
EOF
# split the tree, deepest mount first; each mount point keeps its own
# (empty) directory in the file system below, as on a real disk
mkdir "$tmp/split"
split_ok=1
for m in var/log/audit:4:audit var/tmp:5:vartmp var/log:3:log \
    home:6:home var:2:var; do
	dir=${m%%:*} rest=${m#*:}
	no=${rest%%:*} label=${rest#*:}
	cp -a "$c/$dir" "$tmp/split/$no" &&
	    find "$c/$dir" -mindepth 1 -maxdepth 1 -exec rm -rf {} + &&
	    mkfs "$tmp/split/$no" "$tmp/split/$no.img" 16 -L "$label" \
	    -U "0b7f1c2e-000$no-4d5e-8f90-a1b2c3d4e5f$no" || split_ok=0
done
mkfs "$c" "$tmp/split/1.img" 48 || split_ok=0
# the directory the disk stands for: each mounted file system's
# lost+found shows at its mount point
for d in var var/log var/log/audit var/tmp home; do
	cp -a "$tmp/split/$(case $d in var) echo 2;; var/log) echo 3;;
	    var/log/audit) echo 4;; var/tmp) echo 5;; home) echo 6;; esac)/." \
	    "$c/$d/" 2>/dev/null
	[ -d "$c/$d/lost+found" ] || mkdir -m 0700 "$c/$d/lost+found"
done
img=$tmp/pub/cis-split.img
truncate -s 160M "$img"
{
	echo 'label: gpt'
	echo 'start=2048, size=98304, type=linux, name=root'
	s=100352
	for no in 2 3 4 5 6; do
		echo "start=$s, size=32768, type=linux, name=p$no," \
		    "uuid=6a1c3f7e-000$no-4c1b-9a2e-3f1d5e7a9b0$no"
		s=$((s + 32768))
	done
} | sfdisk -q "$img" >"$tmp/why" 2>&1 || split_ok=0
place "$tmp/split/1.img" "$img" 2048 || split_ok=0
s=100352
for no in 2 3 4 5 6; do
	place "$tmp/split/$no.img" "$img" $s || split_ok=0
	s=$((s + 32768))
done
if [ "$split_ok" = 1 ]; then
	scan_dir "$c" "$tmp/cis-split.dir.json"
	scan_as_nobody "$img" "$tmp/cis-split.json"
	same "CIS layout, 6 partitions by fstab" "$tmp/cis-split.dir.json" \
	    "$tmp/cis-split.json"
	# and as the two formats Azure and OpenStack take
	qemu-img convert -O qcow2 "$img" "$tmp/pub/cis-split.qcow2" &&
	    qemu-img convert -O vpc -o subformat=fixed "$img" \
	    "$tmp/pub/cis-split.vhd"
	for f in qcow2 vhd; do
		scan_as_nobody "$tmp/pub/cis-split.$f" "$tmp/cis-split.$f.json"
		same "CIS layout as $f" "$tmp/cis-split.dir.json" \
		    "$tmp/cis-split.$f.json"
	done
	expect "the report names each partition and mount point" grep -q \
	    'partition 1 (ext4) at /, partition 6 (ext4) at /home, partition 2 (ext4) at /var, partition 5 (ext4) at /var/tmp, partition 3 (ext4) at /var/log, partition 4 (ext4) at /var/log/audit' \
	    "$tmp/cis-split.json"
else
	notok "CIS layout images"
fi

# the CIS layout again, /, /var and /home on XFS (UUID and label set as
# the fstab names them), /var/log, /var/log/audit and /var/tmp on ext4
if [ "$split_ok" = 1 ] && {
	mkxfs "$c" "$tmp/split/1.xfs" "var home" &&
	    mkxfs "$tmp/split/2" "$tmp/split/2.xfs" --lost-found \
	    -m uuid=0b7f1c2e-0002-4d5e-8f90-a1b2c3d4e5f2 &&
	    mkxfs "$tmp/split/6" "$tmp/split/6.xfs" --lost-found -L home
    } >"$tmp/why" 2>&1; then
	img=$tmp/pub/cis-xfs.img
	truncate -s 1000M "$img"
	{
		echo 'label: gpt'
		echo 'start=2048, size=614400, type=linux, name=root'
		echo 'start=616448, size=614400, type=linux, name=p2'
		s=1230848
		for no in 3 4 5; do
			echo "start=$s, size=32768, type=linux, name=p$no," \
			    "uuid=6a1c3f7e-000$no-4c1b-9a2e-3f1d5e7a9b0$no"
			s=$((s + 32768))
		done
		echo "start=$s, size=614400, type=linux, name=p6"
	} | sfdisk -q "$img" >"$tmp/why" 2>&1
	place "$tmp/split/1.xfs" "$img" 2048
	place "$tmp/split/2.xfs" "$img" 616448
	s=1230848
	for no in 3 4 5; do
		place "$tmp/split/$no.img" "$img" $s
		s=$((s + 32768))
	done
	place "$tmp/split/6.xfs" "$img" $s
	scan_as_nobody "$img" "$tmp/cis-xfs.json"
	same "CIS layout, XFS /, /var, /home" "$tmp/cis-split.dir.json" \
	    "$tmp/cis-xfs.json"
	expect "the report names the XFS and ext4 partitions" grep -q \
	    'partition 1 (xfs) at /, partition 6 (xfs) at /home, partition 2 (xfs) at /var, partition 5 (ext4) at /var/tmp, partition 3 (ext4) at /var/log, partition 4 (ext4) at /var/log/audit' \
	    "$tmp/cis-xfs.json"
else
	notok "CIS layout on XFS"
fi

# ---- CIS layout on LVM2: /, /var, /var/log, /home, /tmp as linear
# logical volumes of one volume group on GPT partition 2, /boot a plain
# partition 1; the PV written by mklvm.py (no kernel, no lvm2). The fstab
# names the volumes each way: /dev/mapper/VG-LV (the dashes of "vg-sys"
# and "var-log" doubled), /dev/VG/LV, UUID= and LABEL= of the file system
l=$tmp/roots/cis-lvm
lvm_ok=1
cp -a "$tmp/roots/cis" "$l" || lvm_ok=0
cat >"$l/etc/fstab" <<'EOF'
# <file system> <mount point> <type> <options> <dump> <pass>
/dev/mapper/vg--sys-root / ext4 errors=remount-ro 0 1
UUID=0b7f1c2e-00b0-4d5e-8f90-a1b2c3d4e5b0 /boot ext4 defaults,nodev,nosuid,noexec 0 2
/dev/vg-sys/var /var ext4 defaults,nodev,nosuid 0 2
/dev/mapper/vg--sys-var--log /var/log ext4 defaults,nodev,nosuid,noexec 0 2
LABEL=home /home ext4 defaults,nodev,nosuid 0 2
UUID=0b7f1c2e-00c0-4d5e-8f90-a1b2c3d4e5c0 /tmp ext4 defaults,nodev,nosuid,noexec 0 2
tmpfs /dev/shm tmpfs defaults,nodev,nosuid,noexec 0 0
EOF
# split the tree, deepest mount first (each mount point keeps its empty
# directory below); file system UUIDs as the fstab names them
mkdir "$tmp/lvm"
for m in var/log:log:var-log tmp:tmp:tmp home:home:home var:var:var \
    boot:boot:boot; do
	dir=${m%%:*} rest=${m#*:}
	fs=${rest%%:*} label=${rest#*:}
	case $fs in
	boot) u=0b7f1c2e-00b0-4d5e-8f90-a1b2c3d4e5b0 ;;
	tmp) u=0b7f1c2e-00c0-4d5e-8f90-a1b2c3d4e5c0 ;;
	*) u=random ;;
	esac
	mkdir -p "$l/$dir" && cp -a "$l/$dir" "$tmp/lvm/$fs" &&
	    find "$l/$dir" -mindepth 1 -maxdepth 1 -exec rm -rf {} + &&
	    mkfs "$tmp/lvm/$fs" "$tmp/lvm/$fs.img" 16 -L "$label" -U "$u" ||
	    lvm_ok=0
done
mkfs "$l" "$tmp/lvm/root.img" 48 || lvm_ok=0
# the directory the disk stands for: each file system's lost+found shows
# at its mount point
for d in var:var var/log:log home:home tmp:tmp boot:boot; do
	cp -a "$tmp/lvm/${d#*:}/." "$l/${d%%:*}/" &&
	    { [ -d "$l/${d%%:*}/lost+found" ] ||
	    mkdir -m 0700 "$l/${d%%:*}/lost+found"; } || lvm_ok=0
done
img=$tmp/pub/cis-lvm.img
if [ "$lvm_ok" = 1 ] && python3 "$top_srcdir/tests/e2e/mklvm.py" \
    "$tmp/lvm/pv.img" 120 vg-sys root:48:"$tmp/lvm/root.img" \
    var:16:"$tmp/lvm/var.img" var-log:16:"$tmp/lvm/log.img" \
    home:16:"$tmp/lvm/home.img" tmp:16:"$tmp/lvm/tmp.img" \
    >"$tmp/why" 2>&1 && truncate -s 140M "$img" &&
    printf '%s\n' 'label: gpt' \
    'start=2048, size=32768, type=linux, name=boot' \
    'start=34816, size=245760, type=lvm, name=pv' | sfdisk -q "$img" &&
    place "$tmp/lvm/boot.img" "$img" 2048 &&
    place "$tmp/lvm/pv.img" "$img" 34816 &&
    qemu-img convert -O qcow2 "$img" "$tmp/pub/cis-lvm.qcow2"; then
	scan_dir "$l" "$tmp/cis-lvm.dir.json"
	for f in img qcow2; do
		scan_as_nobody "$tmp/pub/cis-lvm.$f" "$tmp/cis-lvm.$f.json"
		same "CIS layout on LVM2 ($f)" "$tmp/cis-lvm.dir.json" \
		    "$tmp/cis-lvm.$f.json"
	done
	expect "the report names each logical volume and mount point" grep -q \
	    'gpt partition table, logical volume vg-sys/root (ext4) at /, partition 1 (ext4) at /boot, logical volume vg-sys/var (ext4) at /var, logical volume vg-sys/var-log (ext4) at /var/log, logical volume vg-sys/home (ext4) at /home, logical volume vg-sys/tmp (ext4) at /tmp' \
	    "$tmp/cis-lvm.img.json"
else
	notok "CIS layout on LVM2 images"
fi

# ---- root selection and hostile images: exit 3 and a message ----
# refuse NAME IMG MESSAGE [options]
refuse()
{
	name=$1 img=$2 msg=$3
	shift 3
	chmod 0644 "$img"
	TMPDIR=$tmp/scratch timeout 60 "$ASSAY" scan --profile linux-baseline \
	    --color never \
	    "$@" "$img" >/dev/null 2>"$tmp/err"
	rc=$?
	: >"$tmp/why"
	[ "$rc" -eq 3 ] || echo "exit $rc, expected 3" >>"$tmp/why"
	grep -qF -- "$msg" "$tmp/err" ||
	    echo "stderr lacks \"$msg\": $(cat "$tmp/err")" >>"$tmp/why"
	ok_unless_why "$name: exit 3, \"$msg\""
}

h=$tmp/pub
# two roots: both partitions hold an os-release
truncate -s 120M "$h/two.img"
printf '%s\n' 'label: gpt' 'start=2048, size=98304, type=linux' \
    'start=100352, size=98304, type=linux' | sfdisk -q "$h/two.img"
place "$h/base.fs.img" "$h/two.img" 2048
place "$h/mixed.fs.img" "$h/two.img" 100352
refuse "two roots" "$h/two.img" "several root file systems: partitions 1 (ext4), 2 (ext4) hold an os-release; pick one with --partition N"
scan_as_nobody "$h/two.img" "$tmp/two2.json" --partition 2
same "two roots, --partition 2 is the mixed root" "$tmp/mixed.dir.json" \
    "$tmp/two2.json" 4
refuse "--partition 3 of two" "$h/two.img" "--partition 3: no such partition (partitions: 1 (ext4), 2 (ext4))" --partition 3

# no os-release on either of two file systems
mkdir -p "$tmp/empty/etc"
mkfs "$tmp/empty" "$h/empty.fs.img" 8
cp "$h/two.img" "$h/noroot.img"
place "$h/empty.fs.img" "$h/noroot.img" 2048
place "$h/empty.fs.img" "$h/noroot.img" 100352
refuse "no os-release" "$h/noroot.img" "no root file system: none of partitions 1 (ext4), 2 (ext4) holds /etc/os-release or /usr/lib/os-release"

# a corrupt superblock (magic kept, block size 2^(10+200))
cp "$h/base.fs.img" "$h/badsb.img"
printf '\310' | dd of="$h/badsb.img" bs=1 seek=1048 conv=notrunc status=none
refuse "corrupt superblock" "$h/badsb.img" "disk image: ext2/3/4 superblock:"

# an ext4 not cleanly unmounted (fs_ext_journal.c): the journal, written
# by debugfs's journal_write with and without checksums v3, holds the last
# change of the sshd drop-in (PermitRootLogin yes, the size kept); replayed
# in memory, the scan sees the changed file, as the kernel would at mount:
# the same verdicts as the directory holding the change and as the image
# after `e2fsck -fy`, which replays it
jr=$tmp/journal
mkdir -p "$jr"
cp -a "$tmp/roots/base" "$jr/root"
python3 - "$jr/root/etc/ssh/sshd_config.d/50-hardening.conf" "$jr/blk" \
    <<'EOF'
import sys
p = sys.argv[1]
s = open(p).read()
t = s.replace("policy.", "policy", 1).replace("PermitRootLogin no\n",
                                             "PermitRootLogin yes\n")
assert len(t) == len(s) and t != s
open(p, "w").write(t)
open(sys.argv[2], "wb").write(t.encode())
EOF
scan_dir "$jr/root" "$tmp/journal.dir.json"
expect "the journal's change turns a verdict" python3 -c '
import json, sys
st = [{r["rule"]: r["status"] for r in json.load(open(f))["results"]}
      for f in sys.argv[1:]]
sys.exit(st[0] == st[1])' "$tmp/base.dir.json" "$tmp/journal.dir.json"
for v in plain: csum:-c; do
	n=${v%%:*}
	d=$h/dirty-$n.img
	cp "$h/base.fs.img" "$d"
	bs=$(dumpe2fs -h "$d" 2>/dev/null | awk -F: '/^Block size/ { print $2 + 0 }')
	blk=$(debugfs -R "bmap /etc/ssh/sshd_config.d/50-hardening.conf 0" \
	    "$d" 2>/dev/null)
	cp "$jr/blk" "$jr/blk.$n" && truncate -s "$bs" "$jr/blk.$n"
	printf 'jo %s\njw -b %s %s\njc\n' "${v#*:}" "$blk" "$jr/blk.$n" \
	    >"$jr/cmds.$n"
	debugfs -w -f "$jr/cmds.$n" "$d" >/dev/null 2>&1
	cp "$d" "$h/fsck-$n.img"
	e2fsck -fy "$h/fsck-$n.img" >/dev/null 2>&1
	scan_as_nobody "$d" "$tmp/dirty-$n.json"
	scan_as_nobody "$h/fsck-$n.img" "$tmp/fsck-$n.json"
	same "ext4 journal replayed in memory ($n), as the directory" \
	    "$tmp/journal.dir.json" "$tmp/dirty-$n.json"
	same "ext4 journal replayed in memory ($n), as e2fsck -fy" \
	    "$tmp/fsck-$n.json" "$tmp/dirty-$n.json"
done
expect "the dirty image really needed recovery" sh -c \
    "dumpe2fs -h '$h/dirty-csum.img' 2>/dev/null | grep -q needs_recovery"
# a journal superblock whose checksum (v3) fails: not replayed, refused
cp "$h/dirty-csum.img" "$h/badjsb.img"
jb=$(debugfs -R "bmap <8> 0" "$h/badjsb.img" 2>/dev/null)
bs=$(dumpe2fs -h "$h/badjsb.img" 2>/dev/null | awk -F: '/^Block size/ { print $2 + 0 }')
# the checksum's first byte inverted (writing a fixed 0xff left it as it
# was whenever the checksum already began with 0xff: one image in 256)
off=$((jb * bs + 252))
old=$(od -An -tu1 -j "$off" -N1 "$h/badjsb.img" | tr -d ' ')
printf "\\$(printf '%03o' $((old ^ 255)))" | dd of="$h/badjsb.img" bs=1 \
    seek="$off" conv=notrunc status=none
refuse "ext4 journal superblock checksum" "$h/badjsb.img" "disk image: ext4: the journal needs recovery (not cleanly unmounted) and cannot be replayed here (jbd2 superblock: checksum mismatch): replay it first (e2fsck -fy on a copy)"

# a file system claiming 1000 more block groups than its partition holds
# (the counts kept consistent, no checksum to catch it)
mke2fs -q -F -t ext4 -O ^metadata_csum "$h/huge.img" 8M >/dev/null
python3 - "$h/huge.img" <<'EOF'
import struct, sys
f = open(sys.argv[1], "r+b")
f.seek(1024)
sb = bytearray(f.read(1024))
ic, bc = struct.unpack_from("<II", sb, 0)
bpg, = struct.unpack_from("<I", sb, 32)
ipg, = struct.unpack_from("<I", sb, 40)
struct.pack_into("<II", sb, 0, ic + 1000 * ipg, bc + 1000 * bpg)
f.seek(1024)
f.write(sb)
EOF
refuse "file system larger than its partition" "$h/huge.img" "do not fit the 8388608 bytes of the partition"

# XFS: a block size no XFS has (libblkid then names no file system);
# 1000 more allocation groups than the partition holds and a root inode
# past them, the superblock CRC (crc32c, xfs_sb.c) redone each time
cp "$h/base.xfs.img" "$h/xfsbs.img"
printf '\000\000\000\003' | dd of="$h/xfsbs.img" bs=1 seek=4 conv=notrunc \
    status=none
refuse "XFS with a bad block size" "$h/xfsbs.img" "disk image: no ext2/3/4 or XFS file system on the disk (partitions: 0 (unknown))"
cat >"$tmp/xfssb.py" <<'EOF'
import struct, sys
def crc32c(b):
    c = 0xffffffff
    for x in b:
        c ^= x
        for _ in range(8):
            c = (c >> 1) ^ (0x82f63b78 if c & 1 else 0)
    return c ^ 0xffffffff
f = open(sys.argv[1], "r+b")
sect, = struct.unpack_from(">H", f.read(512), 102)
f.seek(0)
sb = bytearray(f.read(sect))
agblocks, agcount = struct.unpack_from(">II", sb, 84)
if sys.argv[2] == "grow":
    dblocks, = struct.unpack_from(">Q", sb, 8)
    struct.pack_into(">Q", sb, 8, dblocks + 1000 * agblocks)
    struct.pack_into(">I", sb, 88, agcount + 1000)
else:
    struct.pack_into(">Q", sb, 56, 0x7fffffffffffffff)
struct.pack_into("<I", sb, 224, 0)
struct.pack_into("<I", sb, 224, crc32c(bytes(sb)))
f.seek(0)
f.write(sb)
EOF
cp "$h/base.xfs.img" "$h/xfsbig.img"
python3 "$tmp/xfssb.py" "$h/xfsbig.img" grow
refuse "XFS larger than its partition" "$h/xfsbig.img" "disk image: XFS superblock: 19276800 blocks of 4096 bytes do not fit the 314572800 bytes of the partition"
cp "$h/base.xfs.img" "$h/xfsroot.img"
python3 "$tmp/xfssb.py" "$h/xfsroot.img" root
refuse "XFS root inode out of range" "$h/xfsroot.img" "disk image: XFS root directory: invalid inode number value out of bounds."

# a partition past the end of the image
cp "$h/base.mbr.img" "$h/short.img"
truncate -s 40M "$h/short.img"
refuse "partition past the end" "$h/short.img" "lies past the end of the disk"

# overlapping GPT partitions: entry 2 moved into entry 1, CRCs redone
cp "$h/base.gpt.img" "$h/overlap.img"
python3 - "$h/overlap.img" <<'EOF'
import struct, sys, zlib
f = open(sys.argv[1], "r+b")
f.seek(512)
hdr = bytearray(f.read(92))
ents_lba, nents, esize = struct.unpack_from("<QII", hdr, 72)
f.seek(ents_lba * 512)
ents = bytearray(f.read(nents * esize))
struct.pack_into("<Q", ents, esize + 32, 4096)  # entry 2 first LBA
struct.pack_into("<I", hdr, 88, zlib.crc32(ents))
struct.pack_into("<I", hdr, 16, 0)
struct.pack_into("<I", hdr, 16, zlib.crc32(hdr))
f.seek(ents_lba * 512)
f.write(ents)
f.seek(512)
f.write(hdr)
EOF
refuse "overlapping GPT partitions" "$h/overlap.img" "partitions 1 and 2 overlap"

# hostile LVM2 physical volumes (mklvm.py --hostile), the whole disk or
# an MBR partition of type 0x8e: exit 3 naming what is wrong
mklvm()
{
	python3 "$top_srcdir/tests/e2e/mklvm.py" "$@" >"$tmp/why" 2>&1
}
mklvm "$h/lvm-mdacrc.img" 16 vg0 root:4 --hostile bad-mda-crc
refuse "LVM metadata area header checksum" "$h/lvm-mdacrc.img" "disk image: LVM2 metadata area header (at byte 4096): checksum mismatch"
mklvm "$h/lvm-past.img" 16 vg0 root:4 --hostile text-past-end
refuse "LVM metadata past the PV" "$h/lvm-past.img" "disk image: LVM2 metadata text (bytes 33554432+"
mklvm "$h/lvm-seg.img" 16 vg0 root:4 --hostile segment-past-end
refuse "LVM segment past the PV's extents" "$h/lvm-seg.img" "disk image: LVM2 logical volume root: segment 1 (bytes 55574528+4194304 of the physical volume) lies past its end (16777216 bytes)"
mklvm "$h/lvm-thin.img" 16 vg0 root:4 data:4 --hostile thin
refuse "LVM thin volume" "$h/lvm-thin.img" "disk image: LVM2 logical volume data: segment type \"thin\" not supported (linear volumes only)"
mklvm "$h/lvm-ext0.img" 16 vg0 root:4 --hostile extent0
refuse "LVM extent size 0" "$h/lvm-ext0.img" "disk image: LVM2 metadata: the volume group has no extent_size"
mklvm "$tmp/lvm-striped.pv" 16 vg0 root:8 --hostile striped
truncate -s 20M "$h/lvm-striped.img"
printf '%s\n' 'label: dos' 'start=2048, size=32768, type=8e' |
    sfdisk -q "$h/lvm-striped.img"
place "$tmp/lvm-striped.pv" "$h/lvm-striped.img" 2048
refuse "LVM striped volume (MBR type 0x8e)" "$h/lvm-striped.img" "disk image: partition 1: LVM2 logical volume root: segment type \"striped\" over 2 stripes not supported (linear volumes only)"
mklvm "$h/lvm-nofs.img" 16 vg0 data:4
refuse "LVM volume without a file system" "$h/lvm-nofs.img" "disk image: no ext2/3/4 or XFS file system on the disk (partitions: 0 (LVM2_member), vg0/data (unknown))"

# a qcow2 overlay on a backing file: named, not followed
qemu-img create -q -f qcow2 -b "$h/base.qcow2.img" -F qcow2 "$h/overlay.img"
refuse "qcow2 backing file" "$h/overlay.img" "qcow2 with a backing file (\"$h/base.qcow2.img\"): not supported"

# a qcow2 whose first L1 entry points at an L2 table far past the file
cp "$h/base.qcow2.img" "$h/badl2.img"
python3 - "$h/badl2.img" <<'EOF'
import struct, sys
f = open(sys.argv[1], "r+b")
l1off, = struct.unpack(">Q", f.read(48)[40:48])
f.seek(l1off)
f.write(struct.pack(">Q", 1 << 63 | 0x7fff << 40))
EOF
refuse "qcow2 L2 table out of range" "$h/badl2.img" "qcow2 read: unable to retrieve level2 table at offset: 0x7fff0000000000"

# a fixed VHD whose footer checksum is wrong
cp "$h/base.vhdfixed.img" "$h/badfooter.img"
sz=$(stat -c %s "$h/badfooter.img")
printf '\377\377\377\377' | dd of="$h/badfooter.img" bs=1 \
    seek=$((sz - 512 + 64)) conv=notrunc status=none
refuse "VHD footer checksum" "$h/badfooter.img" "VHD: footer checksum 0xffffffff does not match its content"

# a GCP tarball with a second member after disk.raw
mkdir -p "$tmp/gcp2" && cp --sparse=always "$h/base.gpt.img" \
    "$tmp/gcp2/disk.raw" && echo x >"$tmp/gcp2/extra" &&
    tar -C "$tmp/gcp2" --format=oldgnu -Sczf "$h/gcp2.tar.gz" disk.raw extra
refuse "GCP tarball with two members" "$h/gcp2.tar.gz" "GCP image: more members than disk.raw"

# the GCP scans ran with TMPDIR=$tmp/scratch: nothing may be left there
expect "GCP: no temporary file left in \$TMPDIR" test -z \
    "$(ls -A "$tmp/scratch")"

# a VMDK descriptor whose extent is another file (any file of the host)
qemu-img convert -O vmdk -o subformat=monolithicFlat "$h/base.gpt.img" \
    "$h/flat.vmdk"
refuse "VMDK flat extent" "$h/flat.vmdk" "VMDK: extent 0 is in another file (\"flat-flat.vmdk\"): only monolithicSparse and streamOptimized images are read"

finish
