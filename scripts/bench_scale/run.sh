#!/bin/sh
# make bench, part 4: cost against the size of the work (issue 16). Wall
# time and peak memory (max RSS) of
#   - a synthetic N-op model (gen_model.py) loaded, planned and run for 3
#     frames under every static policy, N in BENCH_SCALE_OPS, with the growth
#     exponent (least-squares slope of log time on log N) over all N and over
#     the last two (where start-up no longer hides the growth);
#     target: 1M ops under 30 s and 2 GiB per policy;
#   - `hetsim import onnx` of synthetic chains (gen_onnx.py; needs
#     python3-onnx, skipped without it); target: 100k nodes under 5 s;
#   - the TensorRT and TFLite importers on a layer name repeated R times
#     (gen_profiles.py), with their exponents (target: linear);
#   - a run's memory per simulated frame (chain3, 200k vs 2M frames).
# Wall-clock figures depend on the machine and its load.
#   HETSIM, HS_SRCDIR as in bench.sh; BENCH_SCALE_OPS (default
#   "1000 10000 100000 1000000"), BENCH_SCALE_ONNX ("10000 100000"),
#   BENCH_SCALE_ROWS ("1000 4000 16000").
set -eu
SRC=${HS_SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}
HETSIM=${HETSIM:-$(pwd)/hetsim}
OPS=${BENCH_SCALE_OPS:-1000 10000 100000 1000000}
ONNX=${BENCH_SCALE_ONNX:-10000 100000}
ROWS=${BENCH_SCALE_ROWS:-1000 4000 16000}
POLICIES="cpu gpu dsp heft mulayer codl pipeline reuse"
GEN="$SRC/scripts/bench_scale"
TMP=$(mktemp -d "${TMPDIR:-/tmp}/hetsim-scale-XXXXXX")
trap 'rm -rf "$TMP"' EXIT

# measure OUTFILE CMD...: "seconds maxrss_kb" of the command into OUTFILE
measure() {
    out=$1; shift
    if /usr/bin/time -f "%e %M" -o "$out" "$@" >/dev/null 2>"$TMP/err"; then :; else
        echo "FAILED: $*: $(tail -2 "$TMP/err")" >&2
        echo "nan 0" >"$out"
    fi
}
# slope FILE: least-squares exponent of column 2 in column 1 ("n/a" under 2 points)
slope() {
    awk '$2 > 0 { x = log($1); y = log($2); n++; sx += x; sy += y; sxx += x * x; sxy += x * y }
        END { d = n * sxx - sx * sx; if (n < 2 || d == 0) print "n/a"; else printf "%.2f\n", (n * sxy - sx * sy) / d }' "$1"
}
# row LABEL FILE: the figures of FILE ("n seconds kb" lines) and both exponents
row() {
    printf '%-10s' "$1"
    awk '{ printf "%18s", sprintf("%.2f s %5.0f", $2, $3 / 1024) }' "$2"
    tail -2 "$2" >"$TMP/last2"
    printf '%10s%10s\n' "$(slope "$2")" "$(slope "$TMP/last2")"
}
header() {
    printf '%-10s' "$1"; shift
    for n in "$@"; do printf '%18s' "$n"; done
    printf '%10s%10s\n' "exp all" "exp last2"
}

echo "== model size: load, plan and run 3 frames (xiaomi-mi9); seconds, peak MiB"
for n in $OPS; do
    python3 "$GEN/gen_model.py" "$n" "$TMP/synth$n.json"
done
header policy $OPS
for p in $POLICIES; do
    : >"$TMP/pts"
    for n in $OPS; do
        measure "$TMP/m" "$HETSIM" run -d xiaomi-mi9 -m "$TMP/synth$n.json" -p "$p" -n 3 -f csv
        echo "$n $(cat "$TMP/m")" >>"$TMP/pts"
    done
    row "$p" "$TMP/pts"
done

echo
echo "== hetsim import onnx of an N-node chain; seconds, peak MiB"
if /usr/bin/python3 -c "import onnx" 2>/dev/null; then
    header nodes $ONNX
    : >"$TMP/pts"
    for n in $ONNX; do
        /usr/bin/python3 "$GEN/gen_onnx.py" "$n" "$TMP/o$n.onnx"
        measure "$TMP/m" "$HETSIM" import onnx "$TMP/o$n.onnx" -o "$TMP/o$n.json"
        echo "$n $(cat "$TMP/m")" >>"$TMP/pts"
    done
    row "import" "$TMP/pts"
else
    echo "(skipped: /usr/bin/python3 has no onnx module)"
fi

echo
echo "== importers, one layer name repeated R times; seconds, peak MiB"
header rows $ROWS
for kind in tensorrt tflite; do
    : >"$TMP/pts"
    for r in $ROWS; do
        python3 "$GEN/gen_profiles.py" "$kind" "$r" "$TMP/p$r"
        measure "$TMP/m" "$HETSIM" import "$kind" "$TMP/p$r" -d dev_two -P cpu -m chain3 \
            -o "$TMP/p$r.json"
        echo "$r $(cat "$TMP/m")" >>"$TMP/pts"
    done
    row "$kind" "$TMP/pts"
done

echo
echo "== memory per simulated frame (chain3 on dev_two, cpu)"
measure "$TMP/a" "$HETSIM" run -d "$SRC/tests/fixtures/dev_two.json" -m "$SRC/tests/fixtures/chain3.json" \
    -p cpu -n 200000 -f csv
measure "$TMP/b" "$HETSIM" run -d "$SRC/tests/fixtures/dev_two.json" -m "$SRC/tests/fixtures/chain3.json" \
    -p cpu -n 2000000 -f csv
read -r _ a <"$TMP/a"
read -r _ b <"$TMP/b"
echo "$a $b" | awk '{ printf "200k frames %.0f MiB, 2M frames %.0f MiB: %.1f bytes per frame\n",
    $1 / 1024, $2 / 1024, ($2 - $1) * 1024 / 1800000 }'
