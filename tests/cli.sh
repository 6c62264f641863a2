#!/bin/sh
# End-to-end checks of the hetsim command line: exit codes, error messages,
# determinism and golden outputs (SimGrid-style: simulated timestamps are
# pinned, so any change in predictions shows up here).
#   HETSIM      the binary (set by make check)
#   HS_SRCDIR   the source tree
# Run with --update to rewrite the golden files after a deliberate change.
set -u
# defaults: the source tree is this script's parent; the binary is in the
# current (build) directory, where make check runs the tests
SRC=${HS_SRCDIR:-$(cd "$(dirname "$0")/.." && pwd)}
GOLD="$SRC/tests/golden"
UPDATE=${1:-}
TMP=$(mktemp -d "${TMPDIR:-/tmp}/hetsim-cli-XXXXXX")
trap 'rm -rf "$TMP"' EXIT
. "$SRC/tests/lib.sh"

# golden NAME CMD...: stdout must equal tests/golden/NAME
golden() {
    name=$1; shift
    "$@" >"$TMP/golden.out" 2>"$TMP/err" || { bad "$* failed: $(cat "$TMP/err")"; return; }
    if [ "$UPDATE" = "--update" ]; then
        cp "$TMP/golden.out" "$GOLD/$name"
        echo "updated $GOLD/$name"
        ok
    elif cmp -s "$TMP/golden.out" "$GOLD/$name"; then
        ok
    else
        bad "$* differs from golden $name:"
        diff "$GOLD/$name" "$TMP/golden.out" | head -20
    fi
}

# --- help and listing ---
expect 0 "$HETSIM" --help
expect 0 "$HETSIM" run --help
expect 0 "$HETSIM" list --help
expect 2 "$HETSIM"
expect 2 "$HETSIM" frobnicate
err_has 'unknown command "frobnicate"'
expect 0 "$HETSIM" list policies
for p in cpu gpu dsp npu; do
    if grep -qx "$p" "$TMP/out"; then ok; else bad "list policies lacks $p"; fi
done
expect 0 "$HETSIM" list devices
if grep -qx xiaomi-mi9 "$TMP/out"; then ok; else bad "list devices lacks xiaomi-mi9"; fi
expect 0 "$HETSIM" list models
if grep -qx resnet50 "$TMP/out"; then ok; else bad "list models lacks resnet50"; fi
expect 0 "$HETSIM" list devices --long
# provenance at a glance: per device, the origin shares of its numbers per processor
if [ "$(grep -c 'origin of numbers, % measured/published/scaled/assumed: device-level ' "$TMP/out")" -eq \
     "$("$HETSIM" list devices | wc -l)" ] &&
    grep 'origin of numbers' "$TMP/out" | grep -q '; gpu [0-9]*/[0-9]*/[0-9]*/[0-9]*'; then ok
else bad "list devices --long lacks the origin lines"; fi
# no data found: say where it looked, exit 1 (a copy of the binary outside the build tree;
# not when HETSIM is a wrapper script, e.g. qemu-user in make check-arm64, whose copy still
# runs the binary in the build tree)
if [ "$(head -c 2 "$HETSIM")" != "#!" ]; then
    cp "$HETSIM" "$TMP/hetsim-copy"
    mkdir -p "$TMP/nodata"
    expect 1 env HETSIM_DATA="$TMP/nodata" "$TMP/hetsim-copy" list devices
    err_has "no device profiles found: looked in devices/ under each of $TMP/nodata"
    expect 1 env HETSIM_DATA="$TMP/nodata" "$TMP/hetsim-copy" list models --long
    err_has "no models found: looked in traces/models/"
    rm -f "$TMP/hetsim-copy"
fi
# the default trace mode is what --help and docs/traces.md say: sample
expect 0 "$HETSIM" run --help
if grep -q "sample (draw from each op's recorded samples with the" "$TMP/out" && grep -q 'seed; default) or replay' "$TMP/out"; then ok; else bad "run --help does not give sample as the default trace mode"; fi
if grep -q '(`--trace-mode sample`, the default' "$SRC/docs/traces.md"; then ok; else bad "docs/traces.md does not give sample as the default"; fi
"$HETSIM" run -n 3 -f csv >"$TMP/tm_default.csv" && "$HETSIM" run -n 3 -f csv --trace-mode sample >"$TMP/tm_sample.csv"
if cmp -s "$TMP/tm_default.csv" "$TMP/tm_sample.csv"; then ok; else bad "run's default trace mode is not sample"; fi
expect 2 "$HETSIM" list gadgets
# list ops: the op table, and a model's ops as the simulator costs them (CSV for scripts)
expect 0 "$HETSIM" list ops -f csv
if grep -qx 'Conv,conv,0' "$TMP/out" && grep -qx 'Reshape,,1' "$TMP/out"; then ok; else bad "list ops lacks Conv/Reshape rows"; fi
expect 0 "$HETSIM" list ops -m "$FIX/chain3.json" -f csv
if [ "$(head -1 "$TMP/out")" = "name,type,class,flops,in_elems,out_elems,weight_elems,kernel_h,kernel_w,stride_h,stride_w,group,view" ] &&
    grep -qx 'A,Relu,activation,10000,1000,1000,0,1,1,1,1,1,0' "$TMP/out"; then ok; else bad "list ops -m chain3: $(cat "$TMP/out")"; fi
expect 0 "$HETSIM" list ops -m resnet50
if grep -q '^conv1 .*Conv .*conv .*236027904' "$TMP/out"; then ok; else bad "list ops -m resnet50 lacks conv1"; fi
expect 2 "$HETSIM" list ops -f yaml
err_has 'option --format'
expect 2 "$HETSIM" list ops -m "$FIX/no_such_model.json"
err_has 'no_such_model.json'

# --- bad command lines: exit 2 and a message naming the option ---
expect 2 "$HETSIM" run --frames 0
err_has "--frames"
expect 2 "$HETSIM" run --fps -3
err_has "--fps"
expect 2 "$HETSIM" run --format xml
err_has "table, csv, json"
expect 2 "$HETSIM" run --arrival poisson
err_has "needs --fps"
expect 2 "$HETSIM" run -p telepathy
err_has 'unknown policy "telepathy"'
expect 2 "$HETSIM" run -d no-such-phone
err_has 'unknown device "no-such-phone"'
expect 2 "$HETSIM" run --bogus
err_has '--bogus'
expect 2 "$HETSIM" run --frames
err_has 'needs a value'
if "$HETSIM" import onnx --help >/dev/null 2>&1; then
    expect 2 "$HETSIM" import onnx "$FIX/onnx/conv_relu_gemm.onnx" --runtime tensorrt
    err_has '--runtime'
    err_has 'none, tflite, mace, ort'
    expect 2 "$HETSIM" import onnx "$FIX/onnx/conv_relu_gemm.onnx" --runtime ''
    err_has '--runtime'
    expect 2 "$HETSIM" import onnx "$FIX/onnx/conv_relu_gemm.onnx" --runtime
    err_has 'needs a value'
    # lowering for TFLite: the Relu fused into the conv (docs/models.md, Lowering)
    golden import_lowered_tflite.json "$HETSIM" import onnx "$FIX/onnx/conv_relu_gemm.onnx" \
        --runtime tflite --generator test
fi

# --- bad input files: exit 2, file and JSON path named ---
printf '{"format":"hetsim-model","version":1,"name":"m","inputs":[],"ops":[{"name":"a"}]}' >"$TMP/bad_model.json"
expect 2 "$HETSIM" run -d "$FIX/dev_two.json" -m "$TMP/bad_model.json"
err_has "bad_model.json: at \$.ops[0].type"
printf '{"format":"hetsim-scenario","version":1,"name":"s","arrival":{"mode":"periodic"}}' >"$TMP/bad_scen.json"
expect 2 "$HETSIM" run -d "$FIX/dev_two.json" -m "$FIX/chain3.json" -s "$TMP/bad_scen.json"
err_has "bad_scen.json: at \$.arrival.fps"
expect 2 "$HETSIM" run -d "$FIX/dev_two.json" -m "$FIX/chain3.json" -p dsp
err_has "no dsp processor"

# --- competitors must name a processor of the device ---
printf '{"format":"hetsim-scenario","version":1,"name":"s","competitors":[{"processor":"npu0","count":1}]}' >"$TMP/comp.json"
expect 2 "$HETSIM" run -d "$FIX/dev_two.json" -m "$FIX/chain3.json" -s "$TMP/comp.json"
err_has 'comp.json: at $.competitors[0].processor: expected a processor of dev_two, got "npu0"'

# --- timelines: written atomically, nothing left behind on failure ---
expect 0 "$HETSIM" run -d "$FIX/dev_two.json" -m "$FIX/chain3.json" -p gpu -n 2 --trace-out "$TMP/tl.json"
if grep -q '"traceEvents"' "$TMP/tl.json"; then ok; else bad "timeline lacks traceEvents"; fi
expect 1 "$HETSIM" run -d "$FIX/dev_two.json" -m "$FIX/chain3.json" -n 2 --trace-out "$TMP/none/tl.json"
err_has "cannot create"

# --- sweeps: the same CSV for any -j; --resume completes an interrupted one ---
cat >"$TMP/sweep.json" <<EOF
{"format": "hetsim-sweep", "version": 1, "name": "t",
 "devices": ["$FIX/dev_two.json"], "models": ["$FIX/chain3.json", "$FIX/forkjoin.json"],
 "policies": ["cpu", "gpu", "heft", "band"], "scenarios": [null, "$FIX/poisson.json"],
 "seeds": [1, 2], "frames": 5}
EOF
expect 0 "$HETSIM" sweep "$TMP/sweep.json" -o "$TMP/s1.csv" -j 1 -q
expect 0 "$HETSIM" sweep "$TMP/sweep.json" -o "$TMP/s2.csv" -j 2 -q
if cmp -s "$TMP/s1.csv" "$TMP/s2.csv"; then ok; else bad "sweep output depends on -j"; fi
if [ "$(wc -l <"$TMP/s1.csv")" -eq 33 ]; then ok; else bad "sweep has not 32 rows"; fi
# stats name the metric and its unit; a point without a scenario is "idle"
expect 0 "$HETSIM" stats "$TMP/s1.csv"
if [ "$(head -1 "$TMP/out")" = "lat_mean_ms: mean frame latency (ms), over the rows of each group" ]; then ok; else bad "stats header: $(head -1 "$TMP/out")"; fi
if grep -q '^dev_two  *chain3  *cpu  *idle ' "$TMP/out"; then ok; else bad "stats lacks the idle scenario: $(cat "$TMP/out")"; fi
expect 0 "$HETSIM" stats "$TMP/s1.csv" --metric util_cpu -f csv
if sed -n 2p "$TMP/out" | grep -q '^dev_two,chain3,cpu,idle,util_cpu,fraction of time busy 0\.\.1,[0-9]*,'; then ok; else bad "stats csv: $(sed -n 2p "$TMP/out")"; fi
# progress into a log (stderr no terminal): plain lines, no \r redraws
expect 0 "$HETSIM" sweep "$TMP/sweep.json" -o "$TMP/s4.csv" -j 2
if grep -q "$(printf '\r')" "$TMP/err"; then bad "sweep progress in a log has \\r"; else ok; fi
if grep -qx 'sweep: 32/32 points, [0-9]*s' "$TMP/err"; then ok; else bad "sweep log lacks its last line: $(cat "$TMP/err")"; fi
# an interrupted run: half the rows in the output's place, a few in a part file
head -n 12 "$TMP/s1.csv" >"$TMP/s3.csv"
# (a part file starts with the sweep's fingerprint, the digest of a shard's tag)
"$HETSIM" sweep "$TMP/sweep.json" -o "$TMP/s1-shard.csv" --shard 1/2 -q
digest=$(head -n 1 "$TMP/s1-shard.csv" | sed 's/.* of sweep \([0-9a-f]*\),.*/\1/')
{ echo "# hetsim sweep part: grid $digest, 32 points"
  sed -n '20,24p' "$TMP/s1.csv" | sed 's/,/\t/'; } >"$TMP/s3.csv.part.1"
expect 0 "$HETSIM" sweep "$TMP/sweep.json" -o "$TMP/s3.csv" -j 2 -q --resume
if cmp -s "$TMP/s1.csv" "$TMP/s3.csv"; then ok; else bad "resumed sweep differs from a full one"; fi
if ls "$TMP"/s3.csv.part.* >/dev/null 2>&1; then bad "part files left behind"; else ok; fi
printf '{"format":"hetsim-sweep","version":1,"name":"t","devices":[],"models":["m"],"policies":["gpu"]}' >"$TMP/badsweep.json"
expect 2 "$HETSIM" sweep "$TMP/badsweep.json" -o "$TMP/x.csv"
err_has 'badsweep.json: at $.devices: expected at least one entry'
cat >"$TMP/failsweep.json" <<EOF
{"format": "hetsim-sweep", "version": 1, "name": "t", "devices": ["$FIX/dev_two.json"],
 "models": ["$FIX/chain3.json"], "policies": ["gpu", "dsp"], "frames": 2}
EOF
expect 2 "$HETSIM" sweep "$TMP/failsweep.json" -o "$TMP/f.csv" -q
err_has "no dsp processor"
if [ -e "$TMP/f.csv" ]; then bad "failed sweep wrote its output"; else ok; fi

# --- plots (when built with Python): a PNG, or a clear "unavailable" ---
"$HETSIM" plot latency "$TMP/s1.csv" -o "$TMP/lat.png" >"$TMP/out" 2>"$TMP/err"
case $? in
0) if head -c 8 "$TMP/lat.png" | grep -q PNG; then ok; else bad "plot wrote no PNG"; fi
   expect 2 "$HETSIM" plot sparkles "$TMP/s1.csv" -o "$TMP/x.png"
   err_has "unknown plot kind"
   # a CDF needs per-frame latencies: a sweep CSV is refused, saying what to give
   expect 2 "$HETSIM" plot cdf "$TMP/s1.csv" -o "$TMP/x.png"
   err_has 'give a `hetsim run -f json` result'
   if grep -q Traceback "$TMP/err"; then bad "plot cdf of a CSV printed a traceback"; else ok; fi
   ;;
2) err_has "plotting is unavailable" ;;
*) bad "hetsim plot failed: $(cat "$TMP/err")" ;;
esac

# --- validate: --models only with --all ---
expect 2 "$HETSIM" validate --models resnet50 -p cpu
err_has "add --all"

# --- the paper in one command: four figures and the findings table ---
expect 0 "$HETSIM" reproduce paper -o "$TMP/paper" -q
for f in fig2-latency fig2-speedup fig3-support fig4-granularity fig5-ui fig5-timeline \
         finding3-devices; do
    if [ -s "$TMP/paper/$f.csv" ]; then ok; else bad "reproduce wrote no $f.csv"; fi
done
# Fig. 2 covers every shipped device profile
ndev=$("$HETSIM" list devices | wc -l)
if [ "$(tail -n +2 "$TMP/paper/fig2-speedup.csv" | cut -d, -f1 | sort -u | wc -l)" -eq "$ndev" ]; then ok
else bad "fig2-speedup.csv does not cover the $ndev device profiles"; fi
# the findings table: 7 findings (3 split by processor), each with its evidence class
if [ "$(grep -c '^| [1-7][abc]*\.' "$TMP/paper/findings.md")" -eq 9 ]; then ok; else bad "findings.md lacks 9 rows"; fi
# the shipped profiles reproduce the direction of each of the study's findings
if [ "$(tail -n +2 "$TMP/paper/findings.csv" | grep -c '",yes,')" -eq 9 ]; then ok
else bad "findings that no longer hold: $(grep -v '",yes,' "$TMP/paper/findings.csv" | tail -n +2 | cut -c1-60)"; fi
# finding 3 is the Mi 9 profile's calibration, read from its source strings: never "emergent"
if [ "$(grep -c '^"3[abc]\..*",yes,calibrated,' "$TMP/paper/findings.csv")" -eq 3 ]; then ok
else bad "finding 3 is not classified calibrated: $(grep '^"3' "$TMP/paper/findings.csv")"; fi
if grep -q '^"[124567]\..*,calibrated,' "$TMP/paper/findings.csv"; then
    bad "a finding no profile number cites is classified calibrated"; else ok; fi
expect 2 "$HETSIM" reproduce thesis -o "$TMP/x"

# --- Band configurations: import, replay, refusals (tests/corpus/band has every field's) ---
BAND="$FIX/band/config.json"
golden import_band_config.json sh -c '"$0" import band "$1" -o "$2" -d xiaomi-mi9 --name band-fixture --models retinaface_mbv2_quant_160=resnet50 >/dev/null && sed "s|$1|BAND_CONFIG|" "$2"' "$HETSIM" "$BAND" "$TMP/band.json"
expect 0 "$HETSIM" import band "$BAND" -o "$TMP/band.json" --models retinaface_mbv2_quant_160=resnet50
if grep -qx 'policy band:heft' "$TMP/out"; then ok; else bad "import band did not name the policy: $(cat "$TMP/out")"; fi
err_has "ignored (no meaning in hetsim, or decided by its band policy): log_path, profile_data_path"
expect 0 "$HETSIM" run -s "$TMP/band.json" -p band:heft -f csv
if [ "$(wc -l <"$TMP/out")" -eq 3 ] && grep -q '^xiaomi-mi9,mobilenet-v2,band:heft,band-fixture\|^xiaomi-mi9,mobilenet-v2,band:heft,config' "$TMP/out"; then ok; else bad "replay of the Band workload: $(cat "$TMP/out")"; fi
# stream execution: closed loop, --frames
sed 's/"periodic"/"stream"/' "$BAND" >"$TMP/band_stream.json"
expect 0 "$HETSIM" import band "$TMP/band_stream.json" -o "$TMP/band2.json" --models retinaface_mbv2_quant_160=resnet50 --frames 3
if grep -q '"mode":	"closed"' "$TMP/band2.json" && grep -q '"frames":	3' "$TMP/band2.json" && ! grep -q fps "$TMP/band2.json"; then ok; else bad "stream import: $(cat "$TMP/band2.json")"; fi
# refusals: nothing written
rm -f "$TMP/band3.json"
expect 2 "$HETSIM" import band "$BAND" -o "$TMP/band3.json"
err_has 'at $.models[1].graph: "/data/local/tmp/model/retinaface_mbv2_quant_160.tflite": no hetsim model "retinaface_mbv2_quant_160"'
if [ -e "$TMP/band3.json" ]; then bad "a refused Band import wrote its output"; else ok; fi
expect 2 "$HETSIM" import band "$BAND" -o "$TMP/band3.json" --models retinaface_mbv2_quant_160=resnet50,effnet=mobilenet-v2
err_has '--models: "effnet" names no graph of'
expect 2 "$HETSIM" import band "$BAND" -o "$TMP/band3.json" --models resnet50
err_has '--models: expected GRAPH=MODEL entries'
expect 2 "$HETSIM" import band "$BAND" -o "$TMP/band3.json" --models retinaface_mbv2_quant_160=resnet50 -d "$FIX/dev_two.json"
err_has 'at $.workers[0].cpu_masks: "BIG": device dev_two has no CPU processor named *big*'
expect 2 "$HETSIM" import band "$BAND"
err_has "expected one CONFIG.json and -o WORKLOAD.json"
expect 2 "$HETSIM" import band "$TMP/none.json" -o "$TMP/band3.json"
err_has "none.json"
if [ -e "$TMP/band3.json" ]; then bad "a refused Band import wrote its output"; else ok; fi
expect 0 "$HETSIM" import band --help

# --- multi-model workloads need a runtime policy ---
expect 0 "$HETSIM" run -d "$FIX/dev_two.json" -p band:lst -s "$FIX/workload.json" -f csv
if [ "$(wc -l <"$TMP/out")" -eq 3 ]; then ok; else bad "workload csv has not 3 lines"; fi
expect 2 "$HETSIM" run -d "$FIX/dev_two.json" -p gpu -s "$FIX/workload.json"
err_has "runtime policy"
expect 2 "$HETSIM" run -d "$FIX/dev_two.json" -m "$FIX/chain3.json" -p band -s "$FIX/workload.json"
err_has "drop -m"
expect 2 "$HETSIM" run -d "$FIX/dev_two.json" -p band:psychic
err_has 'unknown variant "psychic"'

# --- importers: bad input exits 2 and leaves no output file ---
expect 0 "$HETSIM" import tflite --help
expect 2 "$HETSIM" import tensorrt "$FIX/importers/trt_negative.json" -d d -P gpu -m m -o "$TMP/t.json"
err_has '$[3].averageMs'
if [ -e "$TMP/t.json" ]; then bad "import left a file behind"; else ok; fi

# --- an optimised ONNX Runtime profile imports without a map (aliases written by
# `import onnx`, the fused NCHWc kernel attributed to conv and relu, layout nodes and
# framework time carried), -d takes a profile path, `run -d PATH` replays it: frames
# of 200 and 180 us, the two model_run times of the profile ---
mkdir -p "$TMP/host/traces/dev_two/conv_relu_gemm"
cp "$FIX/dev_two.json" "$TMP/host/"
expect 0 "$HETSIM" import onnxruntime "$FIX/importers/ort_fused.json" -d "$TMP/host/dev_two.json" \
    -P cpu --model-graph "$FIX/onnx/conv_relu_gemm.json" \
    -o "$TMP/host/traces/dev_two/conv_relu_gemm/cpu.json"
err_has "3 profile rows: 0 by op name, 2 by alias"
err_has "1 by alias + layout suffix (_nchwc)"
err_has "0 unmatched; fusions: 1 ops covered walking back"
if grep -q "warning" "$TMP/err"; then bad "import of ort_fused.json warned: $(cat "$TMP/err")"; else ok; fi
expect 0 "$HETSIM" run -d "$TMP/host/dev_two.json" -m "$FIX/onnx/conv_relu_gemm.json" -p cpu -n 2 \
    --trace-mode replay -f csv
if grep -q '^dev_two,conv_relu_gemm,cpu,.*,0\.190000,0\.014142,.*,0\.200000,[0-9.]*,1\.0*,.*,4,0,0$' "$TMP/out"; then ok
else bad "replay of the imported ORT trace: want mean 0.19 ms, max 0.2 ms, 4 ops from the trace: $(cat "$TMP/out")"; fi
expect 2 "$HETSIM" import onnxruntime "$FIX/importers/ort_fused.json" -d "$TMP/host/nonexistent.json" \
    -P cpu -m m -o "$TMP/t.json"
err_has "nonexistent.json"
expect 2 "$HETSIM" import tflite "$FIX/importers/tflite_mobilenet.txt" --no-overhead -d d -P cpu -m m \
    -o "$TMP/t.json"
err_has "--no-overhead applies to onnxruntime only"

# --- output file: written atomically, nothing left on failure ---
expect 0 "$HETSIM" run -d "$FIX/dev_two.json" -m "$FIX/chain3.json" -p gpu -n 3 -f csv -o "$TMP/r.csv"
if [ "$(wc -l <"$TMP/r.csv")" -eq 2 ]; then ok; else bad "csv output has not 2 lines"; fi
if ls "$TMP"/r.csv.tmp.* >/dev/null 2>&1; then bad "temporary file left behind"; else ok; fi
expect 1 "$HETSIM" run -d "$FIX/dev_two.json" -m "$FIX/chain3.json" -o "$TMP/no/such/dir/r.csv"
err_has "cannot create"

# --- determinism: same seed, byte-identical output; other seed differs ---
S="$FIX/poisson.json"
"$HETSIM" run -d xiaomi-mi9 -m resnet50 -p gpu -s "$S" -f json --seed 5 >"$TMP/a.json" 2>&1
"$HETSIM" run -d xiaomi-mi9 -m resnet50 -p gpu -s "$S" -f json --seed 5 >"$TMP/b.json" 2>&1
"$HETSIM" run -d xiaomi-mi9 -m resnet50 -p gpu -s "$S" -f json --seed 6 >"$TMP/c.json" 2>&1
if cmp -s "$TMP/a.json" "$TMP/b.json"; then ok; else bad "same seed gave different output"; fi
if cmp -s "$TMP/a.json" "$TMP/c.json"; then bad "different seeds gave the same output"; else ok; fi

# --- native mode and validate: error paths (no measurement) ---
TINY="$FIX/native_tiny.json"
# no OpenCL platform (an empty ICD vendor directory): said once, exit 1
mkdir -p "$TMP/novendors"
OCL_ICD_VENDORS="$TMP/novendors" "$HETSIM" native run -m "$TINY" -p gpu -d "$FIX/dev_two.json" --frames 1 >"$TMP/out" 2>"$TMP/err"
if grep -q "no OpenCL platform" "$TMP/err"; then
    if [ "$(grep -o "no OpenCL platform" "$TMP/err" | wc -l)" -eq 1 ]; then ok; else bad "no-platform message repeated: $(cat "$TMP/err")"; fi
    if grep -q "install an ICD.*install an ICD" "$TMP/err"; then bad "install hint repeated: $(cat "$TMP/err")"; else ok; fi
    expect 1 env OCL_ICD_VENDORS="$TMP/novendors" "$HETSIM" native probe -o "$TMP/probe.json" --probe-hogs 1 --reps 3
    err_has "hetsim native probe: no OpenCL platform"
fi
# native probe's progress says native probe (native record's probe step says so)
expect 0 "$HETSIM" native probe -o "$TMP/probe.json" --backends cpu --probe-hogs 1 --reps 3
err_has "hetsim native probe: CPU workload"
if grep -q "native record" "$TMP/err"; then bad "native probe speaks as native record: $(cat "$TMP/err")"; else ok; fi
expect 2 "$HETSIM" native
expect 0 "$HETSIM" native --help
expect 0 "$HETSIM" native record --help
expect 0 "$HETSIM" native run --help
expect 0 "$HETSIM" validate --help
expect 2 "$HETSIM" native frobnicate
err_has 'unknown subcommand "frobnicate"'
expect 2 "$HETSIM" native record -m no-such-model -o "$TMP/rec"
err_has 'unknown model "no-such-model"'
expect 2 "$HETSIM" native record -m "$TINY" -o "$TMP/rec" --backends cpu,tpu
err_has 'option --backends: expected a comma-separated list of cpu, opencl; got "cpu,tpu"'
expect 2 "$HETSIM" native record -m "$TINY" -o "$TMP/rec" --backends opencl
err_has 'expected cpu among the backends'
expect 2 "$HETSIM" native record -m "$TINY" -o "$TMP/rec" --cl-platform 99
err_has 'option --cl-platform: expected an integer in [0, 63], got "99"'
expect 2 "$HETSIM" native record -m "$TINY" -o "$TMP/rec" --splits 0.5,1.5
err_has 'option --splits: expected up to 8 fractions in (0, 1)'
expect 2 "$HETSIM" native record -m "$TINY"
err_has 'options -m MODEL and -o DIR are required'
expect 2 "$HETSIM" native run -m "$TINY" -p cpu
err_has 'options -m MODEL, -p POLICY and -d HOSTPROFILE are required'
expect 2 "$HETSIM" native run -m "$TINY" -p cpu -d "$TMP/none.json"
err_has 'none.json'
expect 2 "$HETSIM" native run -m "$TINY" -p band -d "$FIX/dev_two.json"
err_has 'static plans only'
expect 2 "$HETSIM" validate -m "$TINY" -p bogus -o "$TMP/val"
err_has 'unknown policy "bogus"'
expect 2 "$HETSIM" validate -m no-such-model -p cpu -o "$TMP/val"
err_has 'unknown model "no-such-model"'
expect 2 "$HETSIM" validate -m "$TINY" -p cpu --backends gpu
err_has 'option --backends: expected a comma-separated list of cpu, opencl; got "gpu"'
expect 2 "$HETSIM" validate --all -m "$TINY"
err_has '--all runs every model and policy'
expect 2 "$HETSIM" validate -p cpu
err_has 'options -m MODEL and -p POLICY are required'

# --- golden outputs ---
golden run_dev_two_chain3_gpu.txt "$HETSIM" run -d "$FIX/dev_two.json" -m "$FIX/chain3.json" -p gpu -n 3
golden run_dev_two_chain3_ln_gpu.json "$HETSIM" run -d "$FIX/dev_two.json" -m "$FIX/chain3_ln.json" -p gpu -n 2 -f json
golden run_mi9_resnet50_gpu.txt "$HETSIM" run -d xiaomi-mi9 -m resnet50 -p gpu -n 20
golden run_mi9_resnet50_cpu_poisson.csv "$HETSIM" run -d xiaomi-mi9 -m resnet50 -p cpu -s "$S" -f csv
golden run_dev_two_forkjoin_heft.json "$HETSIM" run -d "$FIX/dev_two.json" -m "$FIX/forkjoin.json" -p heft -n 3 -f json
golden run_mi9_policies.csv sh -c 'for p in cpu gpu heft pipeline mulayer codl band adaptive reuse; do "$0" run -d xiaomi-mi9 -m resnet50 -p $p -n 10 -f csv | sed 1d; done' "$HETSIM"
golden plan_mi9_resnet50_codl.txt "$HETSIM" plan -d xiaomi-mi9 -m resnet50 -p codl
golden run_mi9_resnet50_3hogs.csv sh -c 'for p in cpu gpu adaptive; do "$0" run -d xiaomi-mi9 -m resnet50 -p $p -n 5 -s "$1" -f csv | sed 1d; done' "$HETSIM" "$SRC/examples/scenarios/three-competitors.json"
golden run_mi9_vgg16_ui_video.txt "$HETSIM" run -d xiaomi-mi9 -m vgg16 -p gpu -s "$SRC/examples/scenarios/ui-and-video.json"
golden run_workload_band_lst.txt "$HETSIM" run -d "$FIX/dev_two.json" -p band:lst -s "$FIX/workload.json"

echo "cli.sh: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
