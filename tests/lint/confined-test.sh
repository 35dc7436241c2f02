#!/bin/sh
# confined-test.sh -- the confinement lint (confined.sh) catches what it
# should and only that.
#
# Each case copies engine/ into a scratch tree, plants one violation (or
# one thing that must stay allowed) and runs the lint on the copy through
# its top_srcdir: a violation must exit 1 and name file:line, the clean
# copy and the allowed forms exit 0, a tree without engine/probes exits
# 99. The real tree is linted by confined.sh itself in `make check`.
set -u
: "${top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
src=$(cd "$top_srcdir" && pwd)
lint=$src/tests/lint/confined.sh
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
pass=0
fail=0

ok() {
	echo "ok: $1"
	pass=$((pass + 1))
}

bad() {
	echo "FAIL: $1"
	sed 's/^/  | /' "$tmp/out"
	fail=$((fail + 1))
}

# fresh: a scratch tree holding a copy of engine/.
fresh() {
	rm -rf "$tmp/tree"
	mkdir "$tmp/tree"
	cp -R "$src/engine" "$tmp/tree/engine"
}

# plant FILE TEXT: append TEXT (one line) to engine/FILE of the scratch
# tree; $line is its line number.
plant() {
	printf '%s\n' "$2" >>"$tmp/tree/engine/$1"
	line=$(wc -l <"$tmp/tree/engine/$1" | tr -d ' ')
}

# lint: run the lint on the scratch tree; $rc is its exit status, its
# output (both streams) in $tmp/out.
lint() {
	top_srcdir=$tmp/tree sh "$lint" >"$tmp/out" 2>&1
	rc=$?
}

# expect_hit NAME FILE RULE-WORDS: exit 1 naming engine/FILE:$line.
expect_hit() {
	lint
	if [ "$rc" -eq 1 ] &&
	    grep -q "^engine/$2:$line: .*$3" "$tmp/out"; then
		ok "$1"
	else
		bad "$1: want exit 1 and engine/$2:$line ($3), got exit $rc"
	fi
}

# expect_clean NAME: exit 0, nothing printed.
expect_clean() {
	lint
	if [ "$rc" -eq 0 ] && [ ! -s "$tmp/out" ]; then
		ok "$1"
	else
		bad "$1: want exit 0 and no output, got exit $rc"
	fi
}

fresh
expect_clean "a copy of the source tree is clean"

# The case that motivated inverting the lint: a package-database reader
# opening the host's database instead of the target's.
fresh
plant probes/pkgdb/dpkg.c \
    'static int x(void) { return open("/var/lib/dpkg/status", 0); }'
expect_hit "host open() in a package reader" probes/pkgdb/dpkg.c \
    "fs view.*open()"

fresh
plant policy.c 'static void x(struct stat *st) { (void)stat("/etc", st); }'
expect_hit "host stat() outside engine/probes/" policy.c "stat()"

fresh
plant report/json.c 'static void *x(void) { return opendir("/"); }'
expect_hit "host opendir() in a reporter" report/json.c "opendir()"

fresh
plant probes/file.c 'static void *x(void) { return json_load_file("/x", 0, 0); }'
expect_hit "a library opening a host path" probes/file.c \
    "json_load_file()"

# The target back ends may read the host, but not write it.
fresh
plant target/target_dir.c 'static void *x(void) { return fopen("/x", "w"); }'
expect_hit "fopen() in a read-only back end" target/target_dir.c \
    "written only by hostfile.c: fopen()"

fresh
plant target/target_image.c 'static int x(void) { return O_RDONLY | O_CREAT; }'
expect_hit "a write flag in a read-only back end" target/target_image.c \
    "written only by hostfile.c: O_CREAT"

fresh
plant cli.c 'static int x(void) { return unlink("/x"); }'
expect_hit "unlink() outside the write allow-list" cli.c "unlink()"

# No allow-list entry runs programs.
fresh
plant hostfile.c 'static int x(void) { return system("id"); }'
expect_hit "system() even in the host-file module" hostfile.c \
    "never runs programs: system()"

# Allowed: member calls, comments, literals, other identifiers.
fresh
plant policy.c 'static int x(const struct target_ops *ops) { return ops->open(0) + ops->stat(0); }'
plant policy.c '/* open("/etc/shadow") would read the host */'
plant policy.c 'static const char *y = "stat(/etc) and fopen(x, \"w\")";'
plant policy.c 'static int open_count(void); static int O_CREATED;'
expect_clean "member calls, comments, literals and longer names pass"

# An allow-list entry must name a file: a moved back end leaves the list.
fresh
mv "$tmp/tree/engine/target/target_dir.c" "$tmp/tree/engine/target/dir.c"
lint
if [ "$rc" -eq 1 ] &&
    grep -q "allow-list names engine/target/target_dir.c: no such file" \
    "$tmp/out" && grep -q "^engine/target/dir.c:[0-9]*: " "$tmp/out"; then
	ok "a stale allow-list entry fails, the moved file is linted"
else
	bad "a stale allow-list entry: got exit $rc"
fi

rm -rf "$tmp/tree/engine/probes"
lint
if [ "$rc" -eq 99 ]; then
	ok "a tree without engine/probes is a hard error"
else
	bad "a tree without engine/probes: want 99, got $rc"
fi

# The lint is one of the tests `make check` runs, so a violation fails it.
if sed -n '/^E2E_SCAN_TESTS = /,/^E2E_TESTS = /p' "$src/Makefile.am" |
    grep -q 'tests/lint/confined\.sh'; then
	ok "make check runs tests/lint/confined.sh"
else
	echo "FAIL: tests/lint/confined.sh is not in E2E_DOCS_TESTS (Makefile.am)"
	fail=$((fail + 1))
fi

echo "confined-test: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
