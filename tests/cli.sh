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
HETSIM=${HETSIM:-$(pwd)/hetsim}
FIX="$SRC/tests/fixtures"
GOLD="$SRC/tests/golden"
UPDATE=${1:-}
TMP=$(mktemp -d "${TMPDIR:-/tmp}/hetsim-cli-XXXXXX")
trap 'rm -rf "$TMP"' EXIT
pass=0
fail=0

ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }

# expect RC CMD...: run, compare the exit status
expect() {
    want=$1; shift
    "$@" >"$TMP/out" 2>"$TMP/err"
    got=$?
    if [ "$got" -eq "$want" ]; then ok; else bad "$* -> exit $got, want $want: $(cat "$TMP/err")"; fi
}

# err_has TEXT: the last command's stderr contains TEXT
err_has() {
    if grep -qF -- "$1" "$TMP/err"; then ok; else bad "stderr lacks '$1': $(cat "$TMP/err")"; fi
}

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
# an interrupted run: half the rows in the output's place, a few in a part file
head -n 12 "$TMP/s1.csv" >"$TMP/s3.csv"
sed -n '20,24p' "$TMP/s1.csv" | sed 's/,/\t/' >"$TMP/s3.csv.part.1"
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
   expect 1 "$HETSIM" plot sparkles "$TMP/s1.csv" -o "$TMP/x.png"
   err_has "unknown plot kind"
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
