#!/bin/sh
# make bench: how fast hetsim runs on this machine.
#   1. hetsim bench: events/s of the bare event queue (hold model, 1,000
#      pending events) and of the engine (ResNet-50 on the Xiaomi Mi 9 under
#      codl with three competitors per processor), measured in one process,
#      and their ratio (target: the engine at >= 25 % of the queue's rate);
#   2. the wall time of `hetsim reproduce paper -j 2`;
#   3. the wall time of a 10,000-point sweep with -j 2
#      (examples/sweeps/scale-10k.json);
#   4. cost against the size of the work (scripts/bench_scale/run.sh): a
#      1k..1M-op model under every static policy, import onnx, the trace
#      importers, memory per simulated frame, with growth exponents.
# Wall-clock figures depend on the machine and on what else runs on it;
# compare figures of one run with each other.
#   HETSIM     the binary (default ./hetsim)
#   HS_SRCDIR  the source tree (default: this script's parent)
#   BENCH_JOBS worker processes for 2 and 3 (default 2)
set -eu
SRC=${HS_SRCDIR:-$(cd "$(dirname "$0")/.." && pwd)}
HETSIM=${HETSIM:-$(pwd)/hetsim}
JOBS=${BENCH_JOBS:-2}
TMP=$(mktemp -d "${TMPDIR:-/tmp}/hetsim-bench-XXXXXX")
trap 'rm -rf "$TMP"' EXIT

now() { date +%s.%N; }
elapsed() { echo "$1 $2" | awk '{ printf "%.1f", $2 - $1 }'; }

echo "== hetsim bench (one process: event queue, then engine)"
"$HETSIM" bench --seconds 2 2>/dev/null

echo
echo "== hetsim reproduce paper -j $JOBS"
t0=$(now)
"$HETSIM" reproduce paper -o "$TMP/paper" -j "$JOBS" -q >/dev/null
t1=$(now)
echo "wall time $(elapsed "$t0" "$t1") s"

echo
echo "== hetsim sweep examples/sweeps/scale-10k.json -j $JOBS (10,000 points)"
t0=$(now)
"$HETSIM" sweep "$SRC/examples/sweeps/scale-10k.json" -o "$TMP/scale-10k.csv" -j "$JOBS" -q
t1=$(now)
rows=$(($(wc -l <"$TMP/scale-10k.csv") - 1))
echo "wall time $(elapsed "$t0" "$t1") s for $rows points"
echo
HETSIM="$HETSIM" HS_SRCDIR="$SRC" sh "$SRC/scripts/bench_scale/run.sh"
echo
echo "(host: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg))"
