#!/bin/sh
# confined.sh -- house rules that keep assay confined to the target root.
#
# 1. Probes (engine/probes/) read the target only through the fs view in
#    include/assay/target.h, which resolves every path inside the root.
#    A probe calling open(), fopen(), stat(), opendir(), readlink(), ...
#    itself would read the *host* (/etc/shadow of the scanning machine),
#    so any direct call is an error.
# 2. Nothing in engine/ runs programs: no system(), popen(), exec*() or
#    posix_spawn*(). A scanner of hostile images must never execute.
#
# Comments, string and character literals are blanked before matching,
# and member calls (ops->open(...), fs.stat(...)) are not C library calls,
# so they are allowed. Exit 0 when clean, 1 naming file:line for each
# violation, 99 when the tree is not where we expect it.
#
# Usage: top_srcdir=/path/to/assay sh tests/lint/confined.sh

top_srcdir=${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}
engine=engine

# Name files relative to the source tree, as a compiler would.
if ! cd "$top_srcdir" || [ ! -d "$engine/probes" ]; then
	echo "confined.sh: $top_srcdir/$engine/probes: no such directory" >&2
	exit 99
fi

# Calls a probe must not make (the fs view does them, inside the root).
probe_calls='open|open64|openat|openat2|fopen|fopen64|freopen|creat'
probe_calls="$probe_calls|stat|stat64|lstat|lstat64|fstatat|fstatat64|statx"
probe_calls="$probe_calls|opendir|fdopendir|scandir|nftw|ftw"
probe_calls="$probe_calls|readlink|readlinkat|access|faccessat|euidaccess"
probe_calls="$probe_calls|realpath|canonicalize_file_name|chdir|fchdir|chroot"
# Calls nothing in engine/ may make.
exec_calls='system|popen|execl|execlp|execle|execv|execvp|execvpe|execve'
exec_calls="$exec_calls|execveat|fexecve|posix_spawn|posix_spawnp"

# scan CALLS RULE FILE...: print FILE:LINE: RULE: NAME() for each call.
scan() {
	calls=$1
	rule=$2
	shift 2
	awk -v calls="$calls" -v rule="$rule" '
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
		line = out
		re = "(^|[^A-Za-z0-9_.>])(" calls ")[ \t]*\\("
		while (match(line, re)) {
			hit = substr(line, RSTART, RLENGTH)
			sub(/^[^A-Za-z_]/, "", hit)
			sub(/[ \t]*\($/, "", hit)
			printf "%s:%d: %s: %s()\n", FILENAME, FNR, rule, hit
			bad = 1
			line = substr(line, RSTART + RLENGTH)
		}
	}
	END { exit bad ? 1 : 0 }
	' "$@"
}

status=0

# (rpmdb.c hands librpm a private copy of the database: see its header.)
probe_files=$(find "$engine/probes" -type f \( -name '*.c' -o -name '*.h' \) \
    ! -path "$engine/probes/pkgdb/rpmdb.c" | LC_ALL=C sort)
if [ -n "$probe_files" ]; then
	# shellcheck disable=SC2086  # file names are ours, without spaces
	scan "$probe_calls" \
	    "probes read through the fs view (target.h), not directly" \
	    $probe_files || status=1
fi

engine_files=$(find "$engine" -type f \( -name '*.c' -o -name '*.h' \) |
    LC_ALL=C sort)
if [ -n "$engine_files" ]; then
	# shellcheck disable=SC2086
	scan "$exec_calls" "engine code never runs programs" \
	    $engine_files || status=1
fi

if [ "$status" -ne 0 ]; then
	echo "confined.sh: house rule violated (see STYLE.md section 8)" >&2
fi
exit "$status"
