#!/bin/sh
# Quick start: install dependencies, build assay, build the demo root and
# scan it, printing the report. Run as root on Debian 12 from the repo root.
set -eu
cd "$(dirname "$0")/.."
sh autotools/deps.sh
[ -x configure ] || autoreconf -fi >/dev/null
[ -f Makefile ] || ./configure -q
make -s -j"$(nproc)"
make -s demo
