#!/bin/sh
# confined.sh -- house rules that keep assay confined to the target root.
#
# 1. No host file system. Code in engine/ reads the target only through
#    the fs view (include/assay/target.h), which resolves every path
#    inside the root. A module calling open(), stat(), opendir(),
#    readlink(), ... itself would read the *host* (/var/lib/dpkg/status or
#    /etc/shadow of the scanning machine), so any such call is an error,
#    everywhere in engine/, except in the files of the READ allow-list
#    below, each with its reason.
# 2. No host writes. Creating, truncating, renaming or removing host files
#    (fopen(), creat(), mkdir(), unlink(), ..., and the open flags
#    O_WRONLY, O_RDWR, O_CREAT, O_TRUNC, O_APPEND, O_TMPFILE) is allowed
#    only in the files of the WRITE allow-list.
# 3. Nothing in engine/ runs programs: no system(), popen(), exec*() or
#    posix_spawn*(). A scanner of hostile images must never execute. The
#    one exception (EXEC allow-list) runs what the operator's own
#    configuration names, never anything a target holds.
#
# Comments, string and character literals are blanked before matching,
# and member calls (ops->open(...), fs.stat(...)) are not C library calls,
# so they are allowed. Exit 0 when clean, 1 naming file:line for each
# violation (or an allow-list entry that names no file), 99 when the tree
# is not where we expect it. `make check` runs it (tests/lint/confined-test.sh
# checks that it catches what it should).
#
# Usage: top_srcdir=/path/to/assay sh tests/lint/confined.sh

top_srcdir=${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}
engine=engine

# Files that may touch host paths, and why. A new target back end (disk
# images, registries) adds its file here.
read_ok="
engine/hostfile.c            the operator's files: policies, waivers, tailoring, baselines, pack folders, report files
engine/target/target.c       what kind of target the operator's path is (stat before any back end)
engine/target/target_dir.c   directory back end: opens the root; every path below goes through resolve.c
engine/target/resolve.c      path resolution inside the root: openat2(RESOLVE_IN_ROOT) or a walk with O_NOFOLLOW
engine/target/target_image.c image back end: opens the archive or layout the operator named, and its blobs
engine/target/disk.c         disk image back end: reads the first and last sectors of the operator's path to tell a disk image
engine/target/blockdev.c     disk image back end: opens the image file the operator named (and a GCP tarball's disk.raw)
"
# Files that may run a program, and why.
exec_ok="
engine/target/registry_cred.c docker-credential-NAME get, named by the operator's own credential file (credHelpers/credsStore) as docker runs it; never named by a target
"
# Files that may create or change host files, and why.
write_ok="
engine/hostfile.c            report files (--output)
engine/target/blockdev.c     a GCP disk.raw.tar.gz inflated into a sparse mkostemp() file under $TMPDIR, unlinked at once
"

# Name files relative to the source tree, as a compiler would.
if ! cd "$top_srcdir" || [ ! -d "$engine/probes" ]; then
	echo "confined.sh: $top_srcdir/$engine/probes: no such directory" >&2
	exit 99
fi

# Calls that read the host's file system (rule 1).
read_calls='open|open64|openat|openat2|name_to_handle_at'
read_calls="$read_calls|open_by_handle_at"
read_calls="$read_calls|stat|stat64|lstat|lstat64|fstatat|fstatat64|statx"
read_calls="$read_calls|statfs|statvfs"
read_calls="$read_calls|opendir|fdopendir|scandir|scandirat|nftw|ftw|glob"
read_calls="$read_calls|readlink|readlinkat|access|faccessat|faccessat2"
read_calls="$read_calls|euidaccess|eaccess"
read_calls="$read_calls|realpath|canonicalize_file_name|chdir|fchdir|chroot"
read_calls="$read_calls|json_load_file|xmlReadFile|xmlParseFile"
read_calls="$read_calls|xmlCtxtReadFile|archive_read_open_filename"
read_calls="$read_calls|archive_read_open_filenames|archive_read_disk_open"
read_calls="$read_calls|getxattr|lgetxattr|listxattr|llistxattr"
# Calls that create or change host files (rule 2).
write_calls='fopen|fopen64|freopen|creat|tmpfile|tmpfile64|tmpnam|tempnam'
write_calls="$write_calls|mkdir|mkdirat|mkdtemp|mkstemp|mkostemp|mkstemps"
write_calls="$write_calls|mkostemps|mkfifo|mkfifoat|mknod|mknodat"
write_calls="$write_calls|unlink|unlinkat|remove|rename|renameat|renameat2"
write_calls="$write_calls|rmdir|link|linkat|symlink|symlinkat|truncate"
write_calls="$write_calls|chmod|fchmodat|chown|lchown|fchownat"
write_calls="$write_calls|utime|utimes|utimensat|futimesat"
write_calls="$write_calls|json_dump_file|xmlSaveFile|archive_write_open_filename"
write_calls="$write_calls|setxattr|lsetxattr|fsetxattr|removexattr|lremovexattr"
write_calls="$write_calls|fremovexattr"
write_flags='O_WRONLY|O_RDWR|O_CREAT|O_TRUNC|O_APPEND|O_TMPFILE'
# Calls nothing in engine/ may make (rule 3).
exec_calls='system|popen|execl|execlp|execle|execv|execvp|execvpe|execve'
exec_calls="$exec_calls|execveat|fexecve|posix_spawn|posix_spawnp"

# scan KIND NAMES RULE FILE...: print FILE:LINE: RULE: NAME() for each call
# of NAMES (KIND call), or FILE:LINE: RULE: NAME for each use of the
# identifiers NAMES (KIND word).
scan() {
	kind=$1
	names=$2
	rule=$3
	shift 3
	awk -v kind="$kind" -v names="$names" -v rule="$rule" '
	FNR == 1 { incomment = 0 }
	{
		# Blank comments and literals, keeping everything else.
		s = $0
		out = ""
		n = length(s)
		i = 1
		while (i <= n) {
			c = substr(s, i, 1)
			two = substr(s, i, 2)
			if (incomment) {
				if (two == "*/") {
					incomment = 0
					i += 2
					out = out " "
				} else
					i++
				continue
			}
			if (two == "/*") {
				incomment = 1
				i += 2
				continue
			}
			if (two == "//")
				break
			if (c == "\"" || c == "\047") {
				q = c
				out = out q
				i++
				while (i <= n) {
					c = substr(s, i, 1)
					if (c == "\\") {
						i += 2
						continue
					}
					i++
					if (c == q)
						break
				}
				out = out q
				continue
			}
			out = out c
			i++
		}
		line = out " "
		if (kind == "call")
			re = "(^|[^A-Za-z0-9_.>])(" names ")[ \t]*\\("
		else
			re = "(^|[^A-Za-z0-9_])(" names ")[^A-Za-z0-9_]"
		while (match(line, re)) {
			hit = substr(line, RSTART, RLENGTH)
			sub(/^[^A-Za-z_]/, "", hit)
			sub(/[^A-Za-z0-9_]*$/, "", hit)
			if (kind == "call")
				hit = hit "()"
			printf "%s:%d: %s: %s\n", FILENAME, FNR, rule, hit
			bad = 1
			line = substr(line, RSTART + RLENGTH - 1)
		}
	}
	END { exit bad ? 1 : 0 }
	' "$@"
}

# files_except LIST: the C files of engine/ not named in LIST.
files_except() {
	find "$engine" -type f \( -name '*.c' -o -name '*.h' \) | LC_ALL=C sort |
	    awk -v list="$1" '
		BEGIN {
			n = split(list, lines, "\n")
			for (i = 1; i <= n; i++)
				if (split(lines[i], f, " ") > 0)
					skip[f[1]] = 1
		}
		!($0 in skip)
	    '
}

status=0

# Every allow-list entry names a file that exists: a moved or deleted file
# must leave the list too.
for f in $(printf '%s\n%s\n%s\n' "$read_ok" "$write_ok" "$exec_ok" |
    awk 'NF { print $1 }' |
    LC_ALL=C sort -u); do
	if [ ! -f "$f" ]; then
		echo "tests/lint/confined.sh: allow-list names $f: no such file"
		status=1
	fi
done

files=$(files_except "$read_ok")
if [ -n "$files" ]; then
	# shellcheck disable=SC2086  # file names are ours, without spaces
	scan call "$read_calls" \
	    "the target is read through the fs view (target.h), host files through hostfile.h" \
	    $files || status=1
fi

files=$(files_except "$write_ok")
if [ -n "$files" ]; then
	# shellcheck disable=SC2086
	scan call "$write_calls" "host files are written only by hostfile.c" \
	    $files || status=1
	# shellcheck disable=SC2086
	scan word "$write_flags" "host files are written only by hostfile.c" \
	    $files || status=1
fi

files=$(files_except "$exec_ok")
if [ -n "$files" ]; then
	# shellcheck disable=SC2086
	scan call "$exec_calls" "engine code never runs programs" \
	    $files || status=1
fi

if [ "$status" -ne 0 ]; then
	echo "confined.sh: house rule violated (see STYLE.md section 8)" >&2
fi
exit "$status"
