#!/bin/sh
# mkrpmdb-bdb.sh WORK NSUB NFILES -- real Berkeley DB rpm databases for
# check_rpmdb_bdb (and the read-speed measurement in docs/scap.md), made
# and checked with real tools. `mkrpmdb-bdb.sh WORK -` skips steps 1 and
# 2 and converts the database already in WORK/sqlite/rpmdb.sqlite (as
# check_oval does with its own package):
#
#   1. rpmbuild makes noarch packages from one spec: assay-bdb (epoch 3),
#      NSUB subpackages assay-bdb-sub1..NSUB and assay-bdb-big, whose
#      NFILES files make a header far larger than a page (overflow pages);
#   2. `rpm --dbpath WORK/sqlite --initdb` and `rpm -i --justdb` register
#      them (rpm 4.18 writes SQLite only);
#   3. python3 exports each header blob (hnum, blob) in db_dump's
#      bytevalue format, plus rpm's key 0 record (its next instance
#      number), and db5.3_load (Berkeley DB 5.3, package db5.3-util)
#      loads it into WORK/VARIANT/Packages:
#        hash      hash, 4096-byte pages, little-endian (rpm's default)
#        hash512   hash, 512-byte pages: nearly every header on overflow
#        hashbe    hash, big-endian (db_lorder=4321), as a s390x host
#                  writes it
#        btree     btree, 4096-byte pages (rpm's bdb_ro reads it too)
#      and WORK/ndb/Packages.db in rpm's ndb format, written here by python3
#      following rpm 4.18's writer (lib/backend/ndb/rpmpkg.c: file header,
#      16-byte slots from slot 2, blobs with head, zero padding to 16
#      bytes and an Adler-32 tail, placed after the slot pages): no tool
#      on Debian writes ndb (Debian's rpm is built without it), so that
#      file has no oracle but rpm's source;
#   4. the oracle: `rpm --define '_db_backend bdb_ro' -qa` on each variant
#      must list exactly what rpm lists from the SQLite database; WORK/
#      rpm-qa.txt is that list. Exits non-zero (with a message) otherwise.
set -eu
work=$1 nsub=$2 nfiles=${3:-0}
if [ "$nsub" != - ]; then
	mkdir -p "$work/top/SPECS"
	spec=$work/top/SPECS/assay-bdb.spec
	{
		cat <<'EOF'
Name: assay-bdb
Version: 1.2.3
Release: 4.el8
Epoch: 3
Summary: assay Berkeley DB fixture
License: MIT
BuildArch: noarch
%description
Fixture package for assay's rpm Berkeley DB reader.
%package -n assay-bdb-big
Summary: a header with many files
%description -n assay-bdb-big
Many files, so the header is larger than a page.
EOF
		i=1
		while [ "$i" -le "$nsub" ]; do
			printf '%%package -n assay-bdb-sub%d\n' "$i"
			printf 'Summary: sub %d\n' "$i"
			printf '%%description -n assay-bdb-sub%d\n' "$i"
			printf 'sub %d\n%%files -n assay-bdb-sub%d\n' "$i" "$i"
			i=$((i + 1))
		done
		big=/usr/share/assay-bdb-big
		printf '%%install\nmkdir -p %%{buildroot}%s\n' "$big"
		printf 'cd %%{buildroot}%s && ' "$big"
		printf 'for i in $(seq 1 %d); do echo $i ' "$nfiles"
		printf '>a-fairly-long-file-name-for-the-header-$i.txt; done\n'
		printf '%%files\n%%files -n assay-bdb-big\n%s\n' "$big"
	} >"$spec"
	rpmbuild --quiet --define "_topdir $work/top" -bb "$spec" \
	    >"$work/rpmbuild.log" 2>&1 ||
	    { cat "$work/rpmbuild.log" >&2; exit 1; }
	rm -rf "$work/sqlite"
	mkdir -p "$work/sqlite"
	rpm --dbpath "$work/sqlite" --initdb
	rpm --dbpath "$work/sqlite" -i --justdb --nodeps --noscripts \
	    "$work"/top/RPMS/noarch/*.rpm >/dev/null 2>&1
fi
qf='%{DBINSTANCE} %{NAME} %{EPOCHNUM}:%{VERSION}-%{RELEASE} %{ARCH}\n'
rpm --dbpath "$work/sqlite" -qa --qf "$qf" | sort >"$work/rpm-qa.txt"

python3 - "$work" <<'EOF'
import sqlite3, struct, sys
work = sys.argv[1]
c = sqlite3.connect("file:%s/sqlite/rpmdb.sqlite?mode=ro" % work, uri=True)
rows = c.execute("SELECT hnum, blob FROM Packages ORDER BY hnum").fetchall()
variants = {
    "hash": ("hash", 4096, "<"),
    "hash512": ("hash", 512, "<"),
    "hashbe": ("hash", 4096, ">"),
    "btree": ("btree", 4096, "<"),
}
for name, (kind, pgsz, order) in variants.items():
    with open("%s/%s.dump" % (work, name), "w") as f:
        f.write("VERSION=3\nformat=bytevalue\ntype=%s\n" % kind)
        f.write("db_pagesize=%d\n" % pgsz)
        f.write("db_lorder=%s\n" % ("1234" if order == "<" else "4321"))
        f.write("HEADER=END\n")
        nxt = max(r[0] for r in rows) + 1
        f.write(" %s\n %s\n" % (struct.pack(order + "I", 0).hex(),
                                struct.pack(order + "I", nxt).hex()))
        for hnum, blob in rows:
            f.write(" %s\n %s\n" % (struct.pack(order + "I", hnum).hex(),
                                    bytes(blob).hex()))
        f.write("DATA=END\n")

import os, time, zlib
slots_per_page = 4096 // 16
npages = (2 + len(rows) + slots_per_page - 1) // slots_per_page
head = bytearray(npages * 4096)
blobs = bytearray()
blk = npages * 4096 // 16
for i in range(2, npages * slots_per_page):
    struct.pack_into("<4sIII", head, 16 * i, b"Slot", 0, 0, 0)
now = int(time.time())
for i, (hnum, blob) in enumerate(rows):
    blob = bytes(blob)
    cnt = (16 + len(blob) + 12 + 15) // 16
    body = struct.pack("<4sIII", b"BlbS", hnum, now, len(blob)) + blob
    body += bytes(cnt * 16 - 12 - len(body))
    body += struct.pack("<II4s", zlib.adler32(body, 1) & 0xffffffff,
                        len(blob), b"BlbE")
    struct.pack_into("<4sIII", head, 16 * (2 + i), b"Slot", hnum,
                     blk + len(blobs) // 16, cnt)
    blobs += body
struct.pack_into("<4sIIII", head, 0, b"RpmP", 0, len(rows) + npages,
                 npages, max(r[0] for r in rows) + 1)
os.makedirs("%s/ndb" % work, exist_ok=True)
with open("%s/ndb/Packages.db" % work, "wb") as f:
    f.write(head + blobs)
EOF

for v in hash hash512 hashbe btree; do
	rm -rf "${work:?}/$v"
	mkdir -p "$work/$v"
	db5.3_load -f "$work/$v.dump" "$work/$v/Packages"
	rm -f "$work/$v.dump"
	# (rpm warns that the index files are missing: only Packages is read)
	rpm --dbpath "$work/$v" --define '_db_backend bdb_ro' -qa --qf "$qf" \
	    2>"$work/$v.err" | sort >"$work/$v.qa"
	if ! cmp -s "$work/$v.qa" "$work/rpm-qa.txt"; then
		echo "mkrpmdb-bdb.sh: rpm reads $v/Packages differently:" >&2
		diff "$work/rpm-qa.txt" "$work/$v.qa" >&2 || true
		exit 1
	fi
done
