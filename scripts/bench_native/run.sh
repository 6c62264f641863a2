#!/bin/sh
# make bench-native: the native CPU backend against ONNX Runtime's CPU
# provider on this host, side by side in one run (docs/native.md).
#
# Both run torchvision's ResNet-18 and MobileNetV2 (random weights, batch 1,
# 224x224): exported to ONNX here (scripts/models/export_torchvision.py, Debian's
# python3-torchvision and python3-onnx) and imported into hetsim with
# `hetsim import onnx`, so both run the same graph. Each repetition runs, per
# model, ONNX Runtime with graph optimisation off ("disabled") and on ("all")
# and `hetsim native run -p cpu` on the graph as exported and on the graph a
# mobile runtime runs (`--runtime tflite`: BatchNormalization folded,
# activations and residual Adds fused into their producers, which the
# native backend applies after each block), and HETSIM_BEFORE's, when given,
# one after the other; each prints the median frame of FRAMES frames after
# WARMUP. The table has the median of those medians over REPS repetitions and
# their range.
#
# Same threads, pinned the same way: hetsim's CPU backend runs 2 workers, one
# pinned per core of BENCH_CPUS (it pins them itself); ONNX Runtime runs an
# intra-op pool of 2 (the calling thread, under `taskset` on the first core,
# and one worker pinned to the second through its
# session.intra_op_thread_affinities). Graph optimisation "all" fuses
# Conv+Relu/Clip/Add and uses its blocked NCHWc layout; hetsim on the graph as
# exported runs every op on its own, as ORT's "disabled" (hetsim/ORT-off),
# and on the lowered graph fuses as ORT's "all" does, without the NCHWc
# layout (hetsim-lowered/ORT-on).
#
# ONNX Runtime comes from npm (onnxruntime-node, whose package carries its CPU
# library; --ignore-scripts skips the download of its CUDA files), installed
# once into ORT_DIR, outside the source tree. Without node/npm, or when the
# install fails (no registry), the ORT columns are skipped; without python3
# with torchvision and onnx (nor BENCH_ONNX_DIR holding resnet18.onnx and
# mobilenet_v2.onnx) the whole benchmark is skipped. Exit status 0 either way.
#
#   HETSIM         the binary (default ./hetsim)
#   HETSIM_BEFORE  another hetsim binary measured alongside (e.g. an older build)
#   BENCH_REPS     repetitions (default 5)
#   BENCH_FRAMES   measured frames per run (default 30), BENCH_WARMUP (default 5)
#   BENCH_CPUS     the two cores, "A,B" (default 0,1)
#   ORT_DIR        where onnxruntime-node is (installed) (default
#                  ${XDG_CACHE_HOME:-$HOME/.cache}/hetsim/onnxruntime-node)
#   BENCH_ONNX_DIR ONNX files exported before (skips the export)
#   PYTHON         the python3 with torchvision and onnx (default: the first of
#                  python3, /usr/bin/python3 that imports both)
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
HETSIM=${HETSIM:-$(pwd)/hetsim}
HETSIM_BEFORE=${HETSIM_BEFORE:-}
REPS=${BENCH_REPS:-5}
FRAMES=${BENCH_FRAMES:-30}
WARMUP=${BENCH_WARMUP:-5}
CPUS=${BENCH_CPUS:-0,1}
ORT_DIR=${ORT_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/hetsim/onnxruntime-node}
CPU_A=${CPUS%%,*}
CPU_B=${CPUS#*,}
MODELS="resnet18 mobilenet_v2"
TMP=$(mktemp -d "${TMPDIR:-/tmp}/hetsim-bench-native-XXXXXX")
trap 'rm -rf "$TMP"' EXIT

say() { echo "bench-native: $*"; }

# ---- the ONNX files ----
ONNX=${BENCH_ONNX_DIR:-}
if [ -z "$ONNX" ]; then
    py=
    for p in ${PYTHON:-} python3 /usr/bin/python3; do
        if command -v "$p" >/dev/null 2>&1 && "$p" -c 'import torchvision, onnx' >/dev/null 2>&1; then
            py=$p
            break
        fi
    done
    if [ -z "$py" ]; then
        say "skipped: no python3 with torchvision and onnx to export the models (Debian: python3-torchvision python3-onnx), nor BENCH_ONNX_DIR"
        exit 0
    fi
    ONNX=$TMP
    say "exporting ResNet-18 and MobileNetV2 with $py (torchvision, random weights, opset 13)"
    "$py" "$HERE/../models/export_torchvision.py" "$ONNX" resnet18 mobilenet_v2 >"$TMP/export.log" 2>&1 || {
        cat "$TMP/export.log" >&2
        say "skipped: the export failed"
        exit 0
    }
fi
for m in $MODELS; do
    # --runtime none: every ONNX op runs on its own, as ONNX Runtime with graph
    # optimisation off runs them (the like-for-like column)
    "$HETSIM" import onnx "$ONNX/$m.onnx" -o "$TMP/$m.json" --name "$m" --runtime none 2>/dev/null
    # --runtime tflite: the fusions a mobile runtime makes, as ORT's "all"
    "$HETSIM" import onnx "$ONNX/$m.onnx" -o "$TMP/$m-lowered.json" --name "$m" --runtime tflite 2>/dev/null
done

# ---- ONNX Runtime ----
have_ort=0
if command -v node >/dev/null 2>&1; then
    if [ ! -d "$ORT_DIR/node_modules/onnxruntime-node" ] && command -v npm >/dev/null 2>&1; then
        say "installing onnxruntime-node into $ORT_DIR (npm install --ignore-scripts)"
        mkdir -p "$ORT_DIR"
        npm install --prefix "$ORT_DIR" --no-save --ignore-scripts --no-audit --no-fund onnxruntime-node \
            >"$TMP/npm.log" 2>&1 || say "npm install failed (see below); ONNX Runtime skipped: $(tail -3 "$TMP/npm.log" | tr '\n' ' ')"
    fi
    if [ -d "$ORT_DIR/node_modules/onnxruntime-node" ]; then
        have_ort=1
        ORT_VERSION=$(sed -n 's/^ *"version": *"\([^"]*\)".*/\1/p' "$ORT_DIR/node_modules/onnxruntime-node/package.json" | head -1)
    fi
else
    say "ONNX Runtime skipped: no node (Debian: nodejs npm)"
fi

ort() { # model opt -> median frame in ms
    NODE_PATH="$ORT_DIR/node_modules" taskset -c "$CPU_A" node "$HERE/ort_frames.js" "$ONNX/$1.onnx" "$2" 2 \
        "$FRAMES" "$WARMUP" "$((CPU_B + 1))" | tr ' ' '\n' | sort -n |
        awk '{ v[NR] = $1 } END { printf "%.3f\n", (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2) / 1000 }'
}
hs() { # binary model -> median frame in ms
    taskset -c "$CPUS" "$1" native run -m "$TMP/$2.json" -p cpu -d "$TMP/host.json" -t 2 -n "$FRAMES" \
        -w "$WARMUP" -q | sed -n 's/.*p50 *\([0-9.]*\).*/\1/p'
}

# the share of the CPUs that other processes (and other VMs: steal) keep
# busy while this script sleeps for 3 s
host_busy() {
    a=$(head -1 /proc/stat)
    sleep 3
    b=$(head -1 /proc/stat)
    echo "$a|$b" | awk -F'|' '{ split($1, x, " "); split($2, y, " "); t = 0
        for (i = 2; i <= 9; i++) t += y[i] - x[i]
        idle = (y[5] - x[5]) + (y[6] - x[6])
        printf "%.0f%% busy (steal %.0f%%)", 100 * (t - idle) / t, 100 * (y[9] - x[9]) / t }'
}

"$HETSIM" native probe -o "$TMP/host.json" --backends cpu --threads 2 --probe-hogs 0 --reps 3 -q
busy_before=$(host_busy)
say "$REPS repetitions x ($MODELS) x (ORT off, ORT on, hetsim, hetsim lowered${HETSIM_BEFORE:+, hetsim before}), $FRAMES frames after $WARMUP each"
for r in $(seq 1 "$REPS"); do
    for m in $MODELS; do
        if [ $have_ort = 1 ]; then
            echo "$m ort_off $(ort "$m" disabled)" >>"$TMP/results"
            echo "$m ort_on $(ort "$m" all)" >>"$TMP/results"
        fi
        echo "$m hetsim $(hs "$HETSIM" "$m")" >>"$TMP/results"
        echo "$m lowered $(hs "$HETSIM" "$m-lowered")" >>"$TMP/results"
        [ -z "$HETSIM_BEFORE" ] || echo "$m before $(hs "$HETSIM_BEFORE" "$m")" >>"$TMP/results"
    done
    printf '.'
done
echo
busy_after=$(host_busy)

stat() { # model config -> "median [min..max]"
    awk -v m="$1" -v c="$2" '$1 == m && $2 == c && $3 != "" { print $3 }' "$TMP/results" | sort -n |
        awk '{ v[NR] = $1 } END { if (!NR) { print "-"; exit }
            med = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
            printf "%.2f [%.2f..%.2f]\n", med, v[1], v[NR] }'
}
med() { stat "$1" "$2" | cut -d' ' -f1; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a == "-" || b == "-" || b == 0) print "-"; else printf "%.2fx\n", a / b }'; }

echo
echo "== per-frame latency, ms: median over $REPS runs of each run's median frame [range]"
echo "   ONNX Runtime ${ORT_VERSION:-(skipped)} CPU provider; hetsim native run -p cpu; 2 threads on cores $CPUS"
printf '%-13s %-22s %-22s %-22s %-22s' model "ORT opt off" "ORT opt on" "hetsim" "hetsim lowered"
[ -z "$HETSIM_BEFORE" ] || printf ' %-22s' "hetsim before"
printf ' %-14s %-14s %s\n' "hetsim/ORT-off" "hetsim/ORT-on" "lowered/ORT-on"
for m in $MODELS; do
    printf '%-13s %-22s %-22s %-22s %-22s' "$m" "$(stat "$m" ort_off)" "$(stat "$m" ort_on)" \
        "$(stat "$m" hetsim)" "$(stat "$m" lowered)"
    [ -z "$HETSIM_BEFORE" ] || printf ' %-22s' "$(stat "$m" before)"
    printf ' %-14s %-14s %s\n' "$(ratio "$(med "$m" hetsim)" "$(med "$m" ort_off)")" \
        "$(ratio "$(med "$m" hetsim)" "$(med "$m" ort_on)")" \
        "$(ratio "$(med "$m" lowered)" "$(med "$m" ort_on)")"
done
echo
echo "backend: $("$HETSIM" native run -m "$TMP/resnet18.json" -p cpu -d "$TMP/host.json" -t 2 -n 1 -w 0 -q | sed -n 's/^backends: //p')"
echo "host: $(nproc) cores ($(sed -n 's/^model name[^:]*: //p' /proc/cpuinfo | head -1)); other processes kept the CPUs $busy_before before the runs, $busy_after after; load average $(cut -d' ' -f1-3 /proc/loadavg)"
