#!/bin/sh
# Interrupted sweeps: a sweep killed mid-run (SIGKILL, or SIGINT as Ctrl-C
# sends) keeps every finished row in OUT.part.*, SIGINT says what was kept and
# how to resume, and --resume completes the output without duplicates, equal
# byte for byte to an uninterrupted run.
#   HETSIM      the binary (set by make check)
#   HS_SRCDIR   the source tree
set -u
SRC=${HS_SRCDIR:-$(cd "$(dirname "$0")/.." && pwd)}
TMP=$(mktemp -d "${TMPDIR:-/tmp}/hetsim-kill-XXXXXX")
pid=
trap '[ -n "$pid" ] && kill -9 "$pid" 2>/dev/null; rm -rf "$TMP"' EXIT
. "$SRC/tests/lib.sh"

# 200 points of about 20 ms each: a few seconds with -j 2
cat >"$TMP/sweep.json" <<'JSON'
{"format": "hetsim-sweep", "version": 1, "name": "kill-test",
 "devices": ["xiaomi-mi9"], "models": ["mobilenet-v2", "resnet50"],
 "policies": ["cpu", "gpu", "heft", "codl"],
 "seeds": [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20,
           21, 22, 23, 24, 25], "frames": 100}
JSON
"$HETSIM" sweep "$TMP/sweep.json" -o "$TMP/ref.csv" -j 2 -q || bad "reference sweep failed"

rows_kept() { cat "$TMP"/$1.part.* 2>/dev/null | grep -c "$(printf '\t')"; }

# start_sweep NAME: a sweep in the background; wait until 20 rows are kept
start_sweep() {
    "$HETSIM" sweep "$TMP/sweep.json" -o "$TMP/$1.csv" -j 2 2>"$TMP/$1.err" &
    pid=$!
    tries=0
    while [ "$(rows_kept "$1.csv")" -lt 20 ] && [ $tries -lt 600 ]; do
        sleep 0.05
        tries=$((tries + 1))
    done
}

# check_resume NAME KEPT_FILE: resume completes NAME.csv equal to the reference,
# one row per point, every row kept before the kill unchanged
check_resume() {
    "$HETSIM" sweep "$TMP/sweep.json" -o "$TMP/$1.csv" -j 2 -q --resume ||
        bad "$1: --resume failed"
    if cmp -s "$TMP/ref.csv" "$TMP/$1.csv"; then ok; else bad "$1: resumed output differs"; fi
    dups=$(tail -n +2 "$TMP/$1.csv" | cut -d, -f1 | sort | uniq -d | wc -l)
    if [ "$dups" -eq 0 ]; then ok; else bad "$1: $dups duplicate points"; fi
    sed 's/\t/,/' "$2" | grep -v -x -F -f "$TMP/$1.csv" >"$TMP/lost" || true
    if [ ! -s "$TMP/lost" ]; then ok; else bad "$1: kept rows missing: $(head -2 "$TMP/lost")"; fi
    if ls "$TMP/$1".csv.part.* >/dev/null 2>&1; then bad "$1: part files left"; else ok; fi
}

# --- SIGKILL of the sweep (its workers die with it) ---
start_sweep k
kill -9 "$pid"
wait "$pid" 2>/dev/null
pid=
sleep 0.2 # the workers get SIGKILL from the kernel when their parent dies
cat "$TMP"/k.csv.part.* | grep -v '^#' >"$TMP/k.kept" # rows, without the fingerprint lines
n=$(rows_kept k.csv)
if [ "$n" -ge 20 ] && [ "$n" -lt 200 ]; then ok; else bad "SIGKILL: $n rows kept, want 20..199"; fi
if [ -e "$TMP/k.csv" ]; then bad "SIGKILL: a killed sweep wrote its output"; else ok; fi
# a row cut short by the kill (no newline) runs again
printf '199\tcut short' >>"$TMP/k.csv.part.1"
check_resume k "$TMP/k.kept"

# --- SIGINT: the message names what was kept and how to resume ---
start_sweep i
kill -INT "$pid"
wait "$pid"
rc=$?
pid=
if [ "$rc" -eq 130 ]; then ok; else bad "SIGINT: exit $rc, want 130"; fi
cat "$TMP"/i.csv.part.* | grep -v '^#' >"$TMP/i.kept"
n=$(rows_kept i.csv)
if grep -q "interrupted: $n of 200 points are kept in $TMP/i.csv.part" "$TMP/i.err"; then ok;
else bad "SIGINT message lacks the $n kept rows: $(tail -c 300 "$TMP/i.err")"; fi
if grep -q -- "--resume" "$TMP/i.err"; then ok; else bad "SIGINT message lacks --resume"; fi
check_resume i "$TMP/i.kept"

echo "sweep_kill.sh: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
