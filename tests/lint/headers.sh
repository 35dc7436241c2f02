#!/bin/sh
# headers.sh -- every public header compiles on its own, and the layers
# above the evaluator do not see the fs view.
#
# 1. Self-contained: for each include/assay/*.h, a C file holding only
#    `#include "assay/NAME.h"` must compile (-Wall -Wextra -Wpedantic
#    -Werror: -Wpedantic also refuses an enum used before its definition,
#    which a forward declaration cannot give). A header that leans on its
#    includer for a type fails here, not in the next file that includes it
#    first.
# 2. No leak of the fs view: the headers of policies, results, reports
#    and the audit workflow name the target's types only through forward
#    declarations (struct target;), so a reporter or a waiver cannot call
#    target_read() by accident. Their preprocessed include tree (cc -E -H)
#    must not contain target.h.
#
# Exit 0 when clean, 1 naming each header that fails, 99 when the tree is
# not where we expect it or there is no compiler.
#
# Usage: top_srcdir=/path/to/assay [CC=cc] sh tests/lint/headers.sh

top_srcdir=${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}
cc=${CC:-cc}
inc=$top_srcdir/include

# Headers that must not include target.h, even indirectly.
no_fs_view="policy.h result.h report.h waiver.h tailoring.h baseline.h"

if [ ! -d "$inc/assay" ]; then
	echo "headers.sh: $inc/assay: no such directory" >&2
	exit 99
fi
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT INT TERM
if ! echo 'int main(void) { return 0; }' >"$tmp/cc.c" ||
    ! $cc -c -o "$tmp/cc.o" "$tmp/cc.c" 2>/dev/null; then
	echo "headers.sh: no working compiler ($cc)" >&2
	exit 99
fi

status=0
for h in "$inc"/assay/*.h; do
	name=${h##*/}
	printf '#include "assay/%s"\n' "$name" >"$tmp/one.c"
	# shellcheck disable=SC2086  # CC may carry flags (gcc -m32)
	if ! $cc -std=gnu11 -Wall -Wextra -Wpedantic -Wstrict-prototypes \
	    -Werror -fsyntax-only -I"$inc" "$tmp/one.c" >"$tmp/err" 2>&1; then
		echo "include/assay/$name: does not compile on its own:"
		sed 's/^/  | /' "$tmp/err"
		status=1
	fi
done

for name in $no_fs_view; do
	if [ ! -f "$inc/assay/$name" ]; then
		echo "headers.sh: include/assay/$name: no such header"
		status=1
		continue
	fi
	printf '#include "assay/%s"\n' "$name" >"$tmp/one.c"
	# shellcheck disable=SC2086
	if $cc -std=gnu11 -E -H -I"$inc" "$tmp/one.c" 2>&1 >/dev/null |
	    grep -q 'assay/target\.h$'; then
		echo "include/assay/$name: includes target.h (the fs view);" \
		    "forward-declare the target types it names"
		status=1
	fi
done

if [ "$status" -ne 0 ]; then
	echo "headers.sh: header rule violated (CONTRIBUTING.md)" >&2
fi
exit "$status"
