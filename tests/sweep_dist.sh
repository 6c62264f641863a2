#!/bin/sh
# Distributed sweeps: shards (--shard K/N) merged with `hetsim merge` equal a
# serial run byte for byte, merge's checks (another sweep, a point twice,
# missing shards, not a shard file), and -- when hetsim is built with MPI and
# mpirun is there -- a sweep over 2 and 3 ranks on this machine equal to the
# serial run.
#   HETSIM      the binary (set by make check)
#   HS_SRCDIR   the source tree
#   HS_HAVE_MPI 1 when built with MPI (set by make check)
set -u
SRC=${HS_SRCDIR:-$(cd "$(dirname "$0")/.." && pwd)}
TMP=$(mktemp -d "${TMPDIR:-/tmp}/hetsim-dist-XXXXXX") || exit 1
trap 'rm -rf "$TMP"' EXIT
. "$SRC/tests/lib.sh"

cat >"$TMP/sweep.json" <<EOF
{"format": "hetsim-sweep", "version": 1, "name": "dist",
 "devices": ["$FIX/dev_two.json"], "models": ["$FIX/chain3.json", "$FIX/forkjoin.json"],
 "policies": ["cpu", "gpu", "heft", "band"], "scenarios": [null, "$FIX/poisson.json"],
 "seeds": [1, 2, 3], "frames": 5}
EOF
expect 0 "$HETSIM" sweep "$TMP/sweep.json" -o "$TMP/serial.csv" -q
if [ "$(wc -l <"$TMP/serial.csv")" -eq 49 ]; then ok; else bad "serial sweep has not 48 rows"; fi

# --- shards and merge ---
for k in 1 2 3 4 5; do
    expect 0 "$HETSIM" sweep "$TMP/sweep.json" -o "$TMP/shard$k.csv" --shard $k/5 -q
done
if head -n 1 "$TMP/shard2.csv" | grep -q '^# hetsim shard 2/5 of sweep [0-9a-f]*, 48 points: dist$'; then ok
else bad "shard tag: $(head -n 1 "$TMP/shard2.csv")"; fi
# shard k has the points i with i mod 5 = k-1: 10 rows for shard 1, 9 for shard 4
if [ "$(tail -n +3 "$TMP/shard1.csv" | cut -d, -f1 | tr '\n' ' ')" = "0 5 10 15 20 25 30 35 40 45 " ]; then ok
else bad "shard 1/5 points: $(tail -n +3 "$TMP/shard1.csv" | cut -d, -f1 | tr '\n' ' ')"; fi
expect 0 "$HETSIM" merge "$TMP/shard3.csv" "$TMP/shard1.csv" "$TMP/shard5.csv" "$TMP/shard2.csv" \
    "$TMP/shard4.csv" -o "$TMP/merged.csv"
if cmp -s "$TMP/serial.csv" "$TMP/merged.csv"; then ok; else bad "merged shards differ from the serial run"; fi
# a shard run with -j 2 and resumed after losing rows is the same shard
head -n 5 "$TMP/shard2.csv" >"$TMP/shard2b.csv"
expect 0 "$HETSIM" sweep "$TMP/sweep.json" -o "$TMP/shard2b.csv" --shard 2/5 -j 2 -q --resume
if cmp -s "$TMP/shard2.csv" "$TMP/shard2b.csv"; then ok; else bad "resumed shard differs"; fi

# missing shards: named, nothing written; --partial writes what there is
expect 1 "$HETSIM" merge "$TMP/shard1.csv" "$TMP/shard2.csv" "$TMP/shard4.csv" -o "$TMP/m1.csv"
err_has "19 of 48 points of sweep \"dist\" are missing: shard 3/5 (10 points), shard 5/5 (9 points)"
if [ -e "$TMP/m1.csv" ]; then bad "incomplete merge wrote its output"; else ok; fi
expect 1 "$HETSIM" merge "$TMP/shard1.csv" "$TMP/shard2.csv" "$TMP/shard4.csv" -o "$TMP/m1.csv" --partial
err_has "warning: 19 of 48 points missing"
if [ "$(wc -l <"$TMP/m1.csv")" -eq 30 ]; then ok; else bad "partial merge has not 29 rows"; fi
# a shard that lost a row
grep -v '^10,' "$TMP/shard1.csv" >"$TMP/short1.csv"
expect 1 "$HETSIM" merge "$TMP/short1.csv" "$TMP/shard2.csv" "$TMP/shard3.csv" "$TMP/shard4.csv" \
    "$TMP/shard5.csv" -o "$TMP/m2.csv"
err_has "1 points of shard 1/5 (e.g. 10)"
# duplicates, another sweep, another N, not a shard, cut short, foreign point
expect 2 "$HETSIM" merge "$TMP/shard1.csv" "$TMP/shard1.csv" -o "$TMP/m3.csv"
err_has "point 0 is also in $TMP/shard1.csv (given twice?)"
sed 's/"seeds": \[1, 2, 3\]/"seeds": [1, 2, 4]/' "$TMP/sweep.json" >"$TMP/other.json"
expect 0 "$HETSIM" sweep "$TMP/other.json" -o "$TMP/other2.csv" --shard 2/5 -q
expect 2 "$HETSIM" merge "$TMP/shard1.csv" "$TMP/other2.csv" -o "$TMP/m4.csv"
err_has "other2.csv: a shard of another sweep"
expect 0 "$HETSIM" sweep "$TMP/sweep.json" -o "$TMP/of4.csv" --shard 2/4 -q
expect 2 "$HETSIM" merge "$TMP/shard1.csv" "$TMP/of4.csv" -o "$TMP/m5.csv"
err_has "a shard of another sweep: 2/4"
expect 2 "$HETSIM" merge "$TMP/serial.csv" -o "$TMP/m6.csv"
err_has "serial.csv:1: expected the tag \"# hetsim shard K/N"
head -c 400 "$TMP/shard1.csv" >"$TMP/cut.csv"
expect 2 "$HETSIM" merge "$TMP/cut.csv" -o "$TMP/m7.csv"
err_has "has no newline"
sed '3s/^0,/1,/' "$TMP/shard1.csv" >"$TMP/foreign.csv"
expect 2 "$HETSIM" merge "$TMP/foreign.csv" -o "$TMP/m8.csv"
err_has "foreign.csv:3: point 1 is not in shard 1/5"
expect 2 "$HETSIM" merge -o "$TMP/m9.csv"
expect 2 "$HETSIM" merge "$TMP/nonexistent.csv" -o "$TMP/m9.csv"
err_has "nonexistent.csv"
for bad_shard in 0/3 4/3 3 a/b 1/0; do
    expect 2 "$HETSIM" sweep "$TMP/sweep.json" -o "$TMP/x.csv" --shard "$bad_shard"
    err_has "option --shard: expected K/N"
done

# --- MPI: 2 and 3 ranks on this machine give the serial output ---
if [ "${HS_HAVE_MPI:-0}" = 1 ] && command -v mpirun >/dev/null 2>&1; then
    export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
    # under --enable-sanitizers: full stacks, so that tests/lsan.supp can
    # name Open MPI in the leaks of the components it unloads
    export LSAN_OPTIONS="${LSAN_OPTIONS:+$LSAN_OPTIONS:}fast_unwind_on_malloc=0"
    for np in 2 3; do
        expect 0 mpirun --oversubscribe -np $np "$HETSIM" sweep "$TMP/sweep.json" -o "$TMP/mpi$np.csv" -q
        if cmp -s "$TMP/serial.csv" "$TMP/mpi$np.csv"; then ok; else bad "sweep on $np ranks differs from the serial run"; fi
    done
    expect 0 mpirun --oversubscribe -np 2 "$HETSIM" sweep "$TMP/sweep.json" -o "$TMP/mpis.csv" --shard 2/5 -q
    if cmp -s "$TMP/shard2.csv" "$TMP/mpis.csv"; then ok; else bad "MPI shard differs"; fi
    # a failing point: every rank stops, nothing written, exit 2
    cat >"$TMP/failsweep.json" <<EOF
{"format": "hetsim-sweep", "version": 1, "name": "t", "devices": ["$FIX/dev_two.json"],
 "models": ["$FIX/chain3.json"], "policies": ["gpu", "dsp"], "frames": 2}
EOF
    expect 2 mpirun --oversubscribe -np 2 "$HETSIM" sweep "$TMP/failsweep.json" -o "$TMP/f.csv" -q
    err_has "no dsp processor"
    if [ -e "$TMP/f.csv" ]; then bad "failed MPI sweep wrote its output"; else ok; fi
else
    echo "sweep_dist.sh: MPI part skipped (hetsim built without MPI, or no mpirun)"
fi

echo "sweep_dist.sh: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
