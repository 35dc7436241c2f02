#!/bin/sh
# validate-junit.sh FILE... -- check JUnit XML against the strict Ant
# schema in ../shared/schemas/junit.xsd (the one xUnit-style consumers
# use) with xmllint. Without that file, only well-formedness is checked
# (xmllint --noout), with a message.
#
# Exit status: 0 all valid, 1 a file is invalid, 2 xmllint is missing.
set -u

top=${top_srcdir:-$(cd "$(dirname "$0")/.." && pwd)}
schema=$top/../shared/schemas/junit.xsd

if [ $# -eq 0 ]; then
	echo "usage: validate-junit.sh FILE..." >&2
	exit 2
fi
if ! command -v xmllint >/dev/null 2>&1; then
	echo "validate-junit: xmllint missing" \
	    "(apt-get install libxml2-utils)" >&2
	exit 2
fi
rc=0
for f in "$@"; do
	if [ -f "$schema" ]; then
		xmllint --noout --schema "$schema" "$f" || rc=1
	else
		echo "validate-junit: $schema absent: schema check skipped" >&2
		xmllint --noout "$f" || rc=1
	fi
done
exit $rc
