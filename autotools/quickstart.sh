#!/bin/sh
# Quick start: install dependencies, build assay in build/ (out of the
# source tree, so `sh tests/run.sh` can configure its own build trees
# next), build the demo root and scan it, printing the report. Run as
# root on Debian 12 from the repo root. The binary is build/assay; run
# from there it reads the source tree's policies/.
set -eu
cd "$(dirname "$0")/.."
if [ -f config.status ]; then
	echo "quickstart: the source tree is configured in place;" \
	    "run 'make distclean' first" >&2
	exit 1
fi
sh autotools/deps.sh
[ -x configure ] || autoreconf -fi >/dev/null
mkdir -p build
cd build
[ -f Makefile ] || ../configure -q
make -s -j"$(nproc)"
make -s demo
