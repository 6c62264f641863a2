#!/bin/sh
# Replay of ONNX Runtime profiles against ONNX Runtime's own time, with and
# without the framework time between kernels (docs/traces.md, "ONNX Runtime
# framework time"). For each MODEL.onnx and graph optimisation level
# (disabled, all): ONNX Runtime's CPU provider runs WARMUP + FRAMES frames
# with profiling on (ort_profile.js); `hetsim import onnxruntime` imports the
# profile (the warm-up runs skipped) against the model graph `hetsim import
# onnx` makes of the same file, once with the framework time (the default)
# and once with --no-overhead (kernel times alone); `hetsim run --trace-mode
# replay` replays each trace on a host profile. Prints one line per model
# and level: ORT's mean wall time per frame (process.hrtime around run), the
# mean model_run time of the profile, the two replays and their errors
# against the wall time.
#   usage: scripts/models/ort_overhead.sh OUTDIR MODEL.onnx...
#   HETSIM (default ./hetsim), ORT_DIR (where node_modules/onnxruntime-node is;
#   default ${XDG_CACHE_HOME:-$HOME/.cache}/hetsim/onnxruntime-node), FRAMES (30),
#   WARMUP (5), THREADS (2), INPUT_SIZE (224)
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
HETSIM=${HETSIM:-$(pwd)/hetsim}
ORT_DIR=${ORT_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/hetsim/onnxruntime-node}
FRAMES=${FRAMES:-30}
WARMUP=${WARMUP:-5}
THREADS=${THREADS:-2}
OUT=$1
shift
mkdir -p "$OUT"
[ -f "$OUT/host.json" ] || "$HETSIM" native probe -o "$OUT/host.json" --name host 2>/dev/null
mean() { awk '{ for (i = 1; i <= NF; i++) { s += $i; n++ } } END { printf "%.3f", s / n / 1000 }'; }
printf '%-22s %-8s %9s %9s %10s %7s %10s %7s\n' model level wall_ms run_p50 replay_ms err kernels_ms err
for onnx in "$@"; do
    m=$(basename "$onnx" .onnx)
    "$HETSIM" import onnx "$onnx" -o "$OUT/$m.json" 2>/dev/null
    mkdir -p "$OUT/traces/host/$m"
    for opt in disabled all; do
        rm -f "$OUT/prof_${m}_$opt"_*.json
        NODE_PATH="$ORT_DIR/node_modules" node "$HERE/ort_profile.js" "$onnx" "$opt" "$THREADS" \
            "$FRAMES" "$WARMUP" "$OUT/prof_${m}_$opt" | head -1 >"$OUT/wall_${m}_$opt.txt"
        prof=$(ls "$OUT/prof_${m}_$opt"_*.json | head -1)
        wall=$(mean <"$OUT/wall_${m}_$opt.txt")
        res=""
        for ovh in "" --no-overhead; do
            "$HETSIM" import onnxruntime "$prof" -d "$OUT/host.json" -P cpu --model-graph "$OUT/$m.json" \
                --skip-runs "$WARMUP" $ovh -o "$OUT/traces/host/$m/cpu.json" 2>"$OUT/import.log"
            r=$("$HETSIM" run -d "$OUT/host.json" -m "$OUT/$m.json" -p cpu -n "$FRAMES" \
                --trace-mode replay -f csv | awk -F, 'NR == 2 { print $9 }')
            res="$res $r"
        done
        run=$(sed -n 's/.*median [0-9]* us of \([0-9]*\) us per run.*/\1/p' "$OUT/traces/host/$m/cpu.json" | head -1)
        echo "$m $opt $wall $run $res" | awk '{ printf "%-22s %-8s %9.2f %9.2f %10.2f %+6.1f%% %10.2f %+6.1f%%\n",
            $1, $2, $3, $4 / 1000, $5, 100 * ($5 - $3) / $3, $6, 100 * ($6 - $3) / $3 }'
    done
done
