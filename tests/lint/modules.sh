#!/bin/sh
# modules.sh -- the include graph of engine/ between modules has no cycle.
#
# A module is a header of include/assay/ with the .c files that implement
# it (the table below folds folders and private headers into theirs: the
# files of engine/report/ are `report`, engine/probes/*.c `probe`,
# engine/scap/ `oval` but xccdf*.c (`xccdf`) and ds_sign.c, the
# target's ops table and directory back end `target`, the image back end
# `image`, the disk image files but blockdev.c `disk`). An edge A -> B
# says a file of A includes a header of B. Two
# modules that include each other cannot be understood, tested or replaced
# one at a time, so a cycle fails, unless listed in `allowed` below with
# its reason. (The back ends and the ops table depend on each other by
# design, but through target_private.h, which belongs to `target`: no
# include cycle.)
#
# Exit 0 when acyclic (but for `allowed`), 1 naming each cycle and the
# files that make it, 99 when the tree is not where we expect it. With -p,
# print the graph first (docs/architecture.md shows it).
#
# Usage: top_srcdir=/path/to/assay sh tests/lint/modules.sh [-p]

top_srcdir=${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}
print=
[ "${1:-}" = -p ] && print=1

# Cycles tolerated, as "A B" (sorted), one per line, with why. None: the
# one there was (baseline.c fingerprinting findings with report.c's
# report_fingerprint) ended when finding identity moved to result.c.
allowed="
"

if ! cd "$top_srcdir" || [ ! -d engine ] || [ ! -d include/assay ]; then
	echo "modules.sh: $top_srcdir: no engine/ and include/assay/" >&2
	exit 99
fi

find engine include/assay -type f \( -name '*.c' -o -name '*.h' \) |
    LC_ALL=C sort | xargs grep -H '^#[ \t]*include[ \t]*"' |
    awk -v show="$print" -v allowed="$allowed" '
	# The module a file belongs to.
	function module(path,    n, b, d) {
		n = split(path, parts, "/")
		b = parts[n]
		sub(/\.[ch]$/, "", b)
		d = path
		sub(/\/[^\/]*$/, "", d)
		if (d == "include/assay")
			return b
		if (d == "engine/report")
			return "report"
		if (d == "engine/probes/pkgdb")
			return b
		if (d == "engine/probes")
			return "probe"
		if (d == "engine/scap")
			return b ~ /^xccdf/ ? "xccdf" : b == "ds_sign" ? \
			    "ds_sign" : "oval"
		if (d == "engine/target") {
			if (b == "resolve")
				return "resolve"
			if (b ~ /^target(_dir|_private)?$/)
				return "target"
			if (b == "blockdev")
				return "blockdev"
			if (b ~ /^(disk|disk_fstab|disk_private|fs_ext|partition)$/)
				return "disk"
			return "image"
		}
		if (b == "policy_compile" || b == "policy_private")
			return "policy"
		if (b == "main")
			return "cli"
		return b
	}
	# The module of an included name, "" for none of ours.
	function target(name,    b) {
		if (name ~ /^assay\// && name != "assay_paths.h") {
			b = name
			sub(/^assay\//, "", b)
			sub(/\.h$/, "", b)
			return b
		}
		if (name == "target_private.h")
			return "target"
		if (name == "image_private.h")
			return "image"
		if (name == "disk_private.h")
			return "disk"
		if (name == "policy_private.h")
			return "policy"
		if (name == "report_private.h")
			return "report"
		return ""
	}
	BEGIN {
		n = split(allowed, lines, "\n")
		for (i = 1; i <= n; i++)
			if (split(lines[i], f, " ") == 2)
				ok[f[1] " " f[2]] = 1
	}
	{
		file = $0
		sub(/:.*/, "", file)
		inc = $0
		sub(/^[^"]*"/, "", inc)
		sub(/".*/, "", inc)
		a = module(file)
		b = target(inc)
		node[a] = 1
		if (b == "")
			next
		node[b] = 1
		if (a == b)
			next
		if (!((a, b) in edge))
			why[a, b] = file
		else if (index(" " why[a, b] " ", " " file " ") == 0)
			why[a, b] = why[a, b] " " file
		edge[a, b] = 1
		reach[a, b] = 1
	}
	END {
		nn = 0
		for (v in node)
			names[++nn] = v
		# sort the names (insertion sort: a few dozen)
		for (i = 2; i <= nn; i++) {
			v = names[i]
			for (j = i - 1; j > 0 && names[j] > v; j--)
				names[j + 1] = names[j]
			names[j + 1] = v
		}
		if (show) {
			for (i = 1; i <= nn; i++) {
				line = ""
				for (j = 1; j <= nn; j++)
					if ((names[i], names[j]) in edge)
						line = line " " names[j]
				printf "%-10s ->%s\n", names[i], line
			}
		}
		# transitive closure (Warshall)
		for (k = 1; k <= nn; k++)
			for (i = 1; i <= nn; i++)
				if ((names[i], names[k]) in reach)
					for (j = 1; j <= nn; j++)
						if ((names[k], names[j]) in reach)
							reach[names[i], names[j]] = 1
		bad = 0
		for (i = 1; i <= nn; i++) {
			a = names[i]
			if (a in done)
				continue
			scc = a
			m = 1
			for (j = i + 1; j <= nn; j++) {
				b = names[j]
				if ((a, b) in reach && (b, a) in reach) {
					scc = scc " " b
					done[b] = 1
					m++
				}
			}
			if (m == 1)
				continue
			if (m == 2 && (scc in ok)) {
				if (show)
					print "cycle (allowed): " scc
				continue
			}
			print "include cycle: " scc
			split(scc, c, " ")
			for (x = 1; x <= m; x++)
				for (y = 1; y <= m; y++)
					if ((c[x], c[y]) in edge)
						print "  " c[x] " -> " c[y] ": " \
						    why[c[x], c[y]]
			bad = 1
		}
		if (show && !bad)
			print "no other cycle"
		exit bad
	}
'
