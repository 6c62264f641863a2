#!/bin/sh
# The built-in plotting hooks' figures (tests/check_plots.py); skipped
# without python3 and matplotlib.
SRC=${HS_SRCDIR:-$(cd "$(dirname "$0")/.." && pwd)}
# the Python hetsim embeds is the system's; a python3 earlier on PATH may lack matplotlib
PY=
for p in python3 /usr/bin/python3; do
    if "$p" -c 'import matplotlib' 2>/dev/null; then PY=$p; break; fi
done
[ -n "$PY" ] || { echo "SKIP: no python3 with matplotlib"; exit 77; }
TMP=$(mktemp -d "${TMPDIR:-/tmp}/hetsim-plots-XXXXXX")
trap 'rm -rf "$TMP"' EXIT
"$PY" "$SRC/tests/check_plots.py" "$SRC" "$TMP"
