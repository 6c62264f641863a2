#!/bin/sh
# The validation table of docs/models.md ("Models outside the zoo"): torchvision
# models the zoo does not have, exported to ONNX here (scripts/models/
# export_torchvision.py: random weights, batch 1, opset 13) and imported with
# `hetsim import onnx`, each
#   - measured natively on this host: `hetsim native run -p cpu` (the CPU
#     backend's kernels), the mean of FRAMES frames after WARMUP;
#   - predicted for this host without any trace: `hetsim run -p cpu` on the host
#     profile `hetsim native probe --backends cpu` measured just before (its
#     op_models: the rates of the backend's own kernels per op class);
#   REPS such pairs (probe, native run) in a row, so that prediction and measurement
#   see the same load of a shared machine: the medians of the measurements, of the
#   predictions and of the paired errors, with their ranges (the noise);
#   - predicted for a phone where published-latencies.csv has a measured figure
#     for the model (device, processor, precision as published), with the error
#     against that figure.
# Rerun it after a change of the simulator (lowering, op classes) to refresh the
# table; it prints the Markdown rows on stdout.
#   usage: scripts/models_table.sh [OUTDIR]       (default: a temporary directory)
#   HETSIM      the binary (default ./hetsim)
#   MODELS      torchvision names (default: densenet121 mobilenet_v3_large mnasnet1_0
#               squeezenet1_1 regnet_y_400mf googlenet)
#   ONNX_DIR    where NAME.onnx were exported before (skips the export)
#   PYTHON      a python3 with torchvision and onnx (default /usr/bin/python3)
#   PUBLISHED   the published latencies (default
#               /work/shared/reference/published-latencies.csv; absent: no phone column)
#   REPS (3), FRAMES (10), WARMUP (3), THREADS (CPU backend threads; default: every core)
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
HETSIM=${HETSIM:-$(pwd)/hetsim}
MODELS=${MODELS:-densenet121 mobilenet_v3_large mnasnet1_0 squeezenet1_1 regnet_y_400mf googlenet}
PYTHON=${PYTHON:-/usr/bin/python3}
PUBLISHED=${PUBLISHED:-/work/shared/reference/published-latencies.csv}
REPS=${REPS:-3}
FRAMES=${FRAMES:-10}
WARMUP=${WARMUP:-3}
OUT=${1:-$(mktemp -d "${TMPDIR:-/tmp}/hetsim-models-XXXXXX")}
mkdir -p "$OUT"
say() { echo "models_table: $*" >&2; }

ONNX=${ONNX_DIR:-$OUT}
for m in $MODELS; do
    [ -f "$ONNX/$m.onnx" ] || "$PYTHON" "$HERE/models/export_torchvision.py" "$ONNX" "$m"
    "$HETSIM" import onnx "$ONNX/$m.onnx" -o "$OUT/$m.json" 2>/dev/null
done
# mean latency (ms) of a `hetsim run -f csv` line
sim_ms() { "$HETSIM" run "$@" -n 1 -f csv | awk -F, 'NR == 2 { print $9 }'; }
median() { echo "$@" | tr ' ' '\n' | sort -g | awk '{ v[NR] = $1 } END { printf "%.1f", v[int((NR + 1) / 2)] }'; }
range() { echo "$@" | tr ' ' '\n' | sort -g | awk 'NR == 1 { lo = $1 } { hi = $1 } END { printf "%.1f..%.1f", lo, hi }'; }
pct() { awk -v p="$1" -v m="$2" 'BEGIN { printf "%+.0f%%", 100 * (p - m) / m }'; }

[ -f "$OUT/host.json" ] || "$HETSIM" native probe -o "$OUT/host.json" --name host --backends cpu ${THREADS:+--threads "$THREADS"} 2>/dev/null
echo "| model | GFLOPs | host: native measured (ms, range) | host: predicted (ms) | error (range) | published (device, processor, ms) | predicted (ms) | error |"
echo "|---|---|---|---|---|---|---|---|"
for m in $MODELS; do
    gflops=$(awk -F'"flops": ' '{ for (i = 2; i <= NF; i++) { split($i, a, ","); s += a[1] } } END { printf "%.2f", s / 1e9 }' "$OUT/$m.json")
    # REPS pairs, each a probe of the host (CPU backend) and a native run right after it,
    # so that both see the same load of this shared machine; the error is per pair
    meas_l="" pred_l="" err_l=""
    for r in $(seq "$REPS"); do
        "$HETSIM" native probe -o "$OUT/host.json" --name host --backends cpu ${THREADS:+--threads "$THREADS"} 2>/dev/null
        v=$("$HETSIM" native run -m "$OUT/$m.json" -p cpu -d "$OUT/host.json" -n "$FRAMES" \
            -w "$WARMUP" -q 2>"$OUT/native.err" | sed -n 's/^latency (ms): mean \([0-9.]*\).*/\1/p')
        p=$(sim_ms -d "$OUT/host.json" -m "$OUT/$m.json" -p cpu)
        [ -n "$v" ] || break
        meas_l="$meas_l $v" pred_l="$pred_l $p"
        err_l="$err_l $(awk -v p="$p" -v m="$v" 'BEGIN { printf "%.1f", 100 * (p - m) / m }')"
    done
    if [ -n "$meas_l" ]; then
        meas=$(median $meas_l) range=$(range $meas_l) pred=$(median $pred_l)
        err="$(median $err_l)% ($(range $err_l))"
    else
        meas="not run: $(sed -n '1s/^hetsim native run: //p' "$OUT/native.err")" range="" err="—"
        pred=$(sim_ms -d "$OUT/host.json" -m "$OUT/$m.json" -p cpu)
    fi
    pub="—" ppred="—" perr="—"
    if [ -f "$PUBLISHED" ]; then
        row=$(awk -F, -v m="$m" '$6 == m { print; exit }' "$PUBLISHED")
        if [ -n "$row" ]; then
            dev=$(echo "$row" | cut -d, -f1) proc=$(echo "$row" | cut -d, -f3)
            ms=$(echo "$row" | cut -d, -f7)
            policy=$(echo "$proc" | sed 's/^cpu-1-big-thread$/cpu_big/; s/-.*//')
            if v=$(sim_ms -d "$dev" -m "$OUT/$m.json" -p "$policy" 2>/dev/null) && [ -n "$v" ]; then
                pub="$ms ($dev, $proc, $(echo "$row" | cut -d, -f4,5 | tr , ' '))"
                ppred=$(printf %.2f "$v")
                perr=$(pct "$v" "$ms")
            fi
        fi
    fi
    printf '| %s | %s | %s%s | %.1f | %s | %s | %s | %s |\n' "$m" "$gflops" "$meas" \
        "${range:+ ($range)}" "$pred" "$err" "$pub" "$ppred" "$perr"
done
say "files in $OUT"
