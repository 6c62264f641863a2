#!/bin/sh
# Outputs and inputs at their edges (docs/robustness.md, "Outputs" and
# "Inputs"): -o onto devices, symlinks and kept modes, disk full, an output
# that is an input, output places checked before the simulation; inputs that
# are FIFOs or devices refused without blocking, large inputs bounded; resumed
# sweeps of another spec refused; merge's checks of its shards; traces that
# would be used silently or not at all.
#   HETSIM      the binary (set by make check)
#   HS_SRCDIR   the source tree
set -u
SRC=${HS_SRCDIR:-$(cd "$(dirname "$0")/.." && pwd)}
TMP=$(mktemp -d "${TMPDIR:-/tmp}/hetsim-io-XXXXXX")
trap 'rm -rf "$TMP"' EXIT
EXPECT_TIMEOUT=20 # a blocked reader is a failure
. "$SRC/tests/lib.sh"
RUN="$HETSIM run -d $FIX/dev_two.json -m $FIX/chain3.json -p gpu -n 2"

# --- outputs: devices written straight, never replaced ---
expect 0 $RUN -o /dev/null
check "/dev/null is still a character device" test -c /dev/null
if [ -w /dev/full ]; then
    expect 1 $RUN -o /dev/full
    err_has '/dev/full: cannot write: No space left on device'
    check "/dev/full is still a character device" test -c /dev/full
    expect 1 $RUN -f json -o /dev/full
    err_has 'No space left on device'
fi
$RUN -f csv -o /dev/stdout >"$TMP/stdout.csv" 2>"$TMP/err"
check "-o /dev/stdout writes to stdout" grep -q '^device,model' "$TMP/stdout.csv"
$RUN -f csv | cmp -s - "$TMP/stdout.csv" && ok || bad "-o /dev/stdout differs from stdout"
mkfifo "$TMP/out.fifo"
(cat "$TMP/out.fifo" >"$TMP/fifo.csv") &
expect 0 $RUN -f csv -o "$TMP/out.fifo"
wait
check "-o FIFO: the reader got the CSV" cmp -s "$TMP/fifo.csv" "$TMP/stdout.csv"
check "the FIFO is still a FIFO" test -p "$TMP/out.fifo"

# --- outputs: a symlink stays a link, its target replaced; the mode kept ---
echo old >"$TMP/real.csv"
chmod 600 "$TMP/real.csv"
ln -s real.csv "$TMP/link.csv"
expect 0 $RUN -f csv -o "$TMP/link.csv"
check "the symlink is still a symlink" test -L "$TMP/link.csv"
check "its target got the output" cmp -s "$TMP/real.csv" "$TMP/stdout.csv"
check "the target kept mode 0600" test "$(stat -c %a "$TMP/real.csv")" = 600
check "no temporary file left" test -z "$(ls "$TMP" | grep '\.tmp\.')"

# --- outputs that are inputs, output places checked before the simulation ---
cp "$FIX/chain3.json" "$TMP/m.json"
expect 2 "$HETSIM" run -d "$FIX/dev_two.json" -m "$TMP/m.json" -o "$TMP/m.json"
err_has 'the output is the input'
check "the model is untouched" cmp -s "$TMP/m.json" "$FIX/chain3.json"
ln "$TMP/m.json" "$TMP/hard.json"
expect 2 "$HETSIM" run -d "$FIX/dev_two.json" -m "$TMP/m.json" -o "$TMP/hard.json"
err_has 'the output is the input'
cat >"$TMP/s.json" <<'JSON'
{"format": "hetsim-sweep", "version": 1, "name": "io", "devices": ["xiaomi-mi9"],
 "models": ["mobilenet-v2"], "policies": ["cpu", "gpu"], "frames": 3}
JSON
cp "$TMP/s.json" "$TMP/s.keep"
expect 2 "$HETSIM" sweep "$TMP/s.json" -o "$TMP/s.json" -q
err_has 'the output is the input'
check "the sweep spec is untouched" cmp -s "$TMP/s.json" "$TMP/s.keep"
rm -f "$TMP/o.csv"
expect 1 $RUN -o "$TMP/o.csv" --trace-out "$TMP/nodir/t.json"
err_has 'nodir/t.json: cannot create: the directory'
check "-o not written when --trace-out cannot be" test ! -e "$TMP/o.csv"
expect 1 $RUN -o "$TMP/nodir/o.txt"
err_has 'does not exist'
expect 1 $RUN -o "$TMP"
err_has 'it is a directory'
expect 2 $RUN -o "$TMP/o.json" --trace-out "$TMP/o.json"
err_has 'name the same file'
expect 2 "$HETSIM" stats "$TMP/stdout.csv" -o "$TMP/stdout.csv"
err_has 'the output is the input'

# --- inputs: FIFOs and devices refused at once, large JSON refused before parsing ---
mkfifo "$TMP/in.fifo"
for cmd in "run -m $TMP/in.fifo" "run -d $TMP/in.fifo" "run -s $TMP/in.fifo" \
    "sweep $TMP/in.fifo -o $TMP/x.csv" "stats $TMP/in.fifo" "merge $TMP/in.fifo -o $TMP/x.csv" \
    "import onnx $TMP/in.fifo" "import tflite $TMP/in.fifo -d xiaomi-mi9 -P gpu -m resnet50 -o -"; do
    expect 2 $HETSIM $cmd
    err_has 'in.fifo: expected a regular file, got a FIFO (named pipe)'
done
expect 2 "$HETSIM" import onnx /dev/zero
err_has '/dev/zero: expected a regular file, got a character device'
expect 2 "$HETSIM" run -m "$TMP"
err_has 'expected a regular file, got a directory'
awk 'BEGIN { printf "{\"format\": \"hetsim-model\", \"bogus\": ["; for (i = 0; i < 8100000; i++) printf "1,"; print "1]}" }' >"$TMP/big.json"
expect 2 "$HETSIM" run -m "$TMP/big.json"
err_has 'big.json: expected at most 8000000 JSON values'
rm -f "$TMP/big.json"

# --- resumed sweeps: only the rows of the same spec are kept ---
cat >"$TMP/r.json" <<'JSON'
{"format": "hetsim-sweep", "version": 1, "name": "resume", "devices": ["xiaomi-mi9"],
 "models": ["mobilenet-v2"], "policies": ["cpu", "gpu"], "seeds": [1, 2, 3], "frames": 40}
JSON
expect 0 "$HETSIM" sweep "$TMP/r.json" -o "$TMP/r.csv" -q
cp "$TMP/r.csv" "$TMP/r.keep"
sed 's/"frames": 40/"frames": 41/' "$TMP/r.json" >"$TMP/r41.json"
expect 2 "$HETSIM" sweep "$TMP/r41.json" -o "$TMP/r.csv" -q --resume
err_has 'r.csv:2: point 0 has frames "40" there, but "41" in sweep "resume"'
check "the finished CSV is untouched" cmp -s "$TMP/r.csv" "$TMP/r.keep"
sed 's/"xiaomi-mi9"/"samsung-s10"/' "$TMP/r.json" >"$TMP/rdev.json"
expect 2 "$HETSIM" sweep "$TMP/rdev.json" -o "$TMP/r.csv" -q --resume
err_has 'has device "xiaomi-mi9" there, but "samsung-s10"'
expect 0 "$HETSIM" sweep "$TMP/r.json" -o "$TMP/r.csv" -q --resume # the same spec: nothing to run
check "resuming a finished CSV of the same spec keeps it" cmp -s "$TMP/r.csv" "$TMP/r.keep"
# a row with a column missing
sed '3s/,[^,]*$//' "$TMP/r.keep" >"$TMP/rcut.csv"
expect 2 "$HETSIM" sweep "$TMP/r.json" -o "$TMP/rcut.csv" -q --resume
err_has 'rcut.csv:3: expected'
err_has 'columns after the point number, got' # (one fewer)
# part files: the fingerprint of their sweep
printf '0\tsome row\n' >"$TMP/rp.csv.part.0"
expect 2 "$HETSIM" sweep "$TMP/r.json" -o "$TMP/rp.csv" -q --resume
err_has 'rp.csv.part.0:1: expected the line "# hetsim sweep part: grid DIGEST, N points"'
printf '# hetsim sweep part: grid 0123456789abcdef, 6 points\n0\tsome row\n' >"$TMP/rp.csv.part.0"
expect 2 "$HETSIM" sweep "$TMP/r.json" -o "$TMP/rp.csv" -q --resume
err_has 'rp.csv.part.0: rows of another sweep (grid 0123456789abcdef, 6 points), not of sweep "resume"'
expect 0 "$HETSIM" sweep "$TMP/r.json" -o "$TMP/rp.csv" -q # without --resume: a fresh start
check "a fresh start is the full sweep" cmp -s "$TMP/rp.csv" "$TMP/r.keep"

# an interrupted sweep resumed after its spec changed; a second sweep onto the same -o
cat >"$TMP/long.json" <<'JSON'
{"format": "hetsim-sweep", "version": 1, "name": "long", "devices": ["xiaomi-mi9"],
 "models": ["mobilenet-v2", "resnet50"], "policies": ["cpu", "gpu", "heft", "codl"],
 "seeds": [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20,
           21, 22, 23, 24, 25], "frames": 100}
JSON
rows_kept() { cat "$TMP"/long.csv.part.* 2>/dev/null | grep -c "$(printf '\t')"; }
"$HETSIM" sweep "$TMP/long.json" -o "$TMP/long.csv" -j 2 -q 2>"$TMP/long.err" &
lpid=$!
tries=0
while [ "$(rows_kept)" -lt 5 ] && [ $tries -lt 600 ]; do sleep 0.05; tries=$((tries + 1)); done
expect 2 "$HETSIM" sweep "$TMP/long.json" -o "$TMP/long.csv" -q
err_has "long.csv: another hetsim sweep (pid $lpid) is writing it now"
kill -INT "$lpid"
wait "$lpid"
check "the interrupted sweep exits 130" test $? -eq 130
check "the lock is gone with it" test ! -e "$TMP/long.csv.lock"
sed 's/"frames": 100/"frames": 101/' "$TMP/long.json" >"$TMP/long101.json"
expect 2 "$HETSIM" sweep "$TMP/long101.json" -o "$TMP/long.csv" -q --resume
err_has 'rows of another sweep'
err_has 'not of sweep "long"'
check "the rows of the interrupted sweep are kept" test "$(rows_kept)" -ge 5

# a scenario with a workload: refused before any point runs, naming the sweep file
cat >"$TMP/wl.json" <<JSON
{"format": "hetsim-sweep", "version": 1, "name": "wl", "devices": ["$FIX/dev_two.json"],
 "models": ["$FIX/chain3.json"], "policies": ["gpu"], "scenarios": [null, "$FIX/workload.json"]}
JSON
expect 2 "$HETSIM" sweep "$TMP/wl.json" -o "$TMP/wl.csv" -q
err_has 'wl.json: at $.scenarios[1]'
err_has 'has a workload'

# --- merge: columns and tag counts checked ---
expect 0 "$HETSIM" sweep "$TMP/r.json" -o "$TMP/sh1.csv" --shard 1/2 -q
expect 0 "$HETSIM" sweep "$TMP/r.json" -o "$TMP/sh2.csv" --shard 2/2 -q
expect 0 "$HETSIM" merge "$TMP/sh1.csv" "$TMP/sh2.csv" -o "$TMP/merged.csv"
check "merged shards equal the serial run" cmp -s "$TMP/merged.csv" "$TMP/r.keep"
sed '3s/,[^,]*$//' "$TMP/sh2.csv" >"$TMP/sh2cut.csv"
expect 2 "$HETSIM" merge "$TMP/sh1.csv" "$TMP/sh2cut.csv" -o "$TMP/m.csv"
err_has 'sh2cut.csv:3: expected'
err_has 'columns (as the header), got'
sed '1s/, 6 points:/, 99999999999 points:/' "$TMP/sh1.csv" >"$TMP/sh1big.csv"
expect 2 "$HETSIM" merge "$TMP/sh1big.csv" "$TMP/sh2.csv" -o "$TMP/m.csv"
err_has 'sh1big.csv:1: expected the tag'
check "nothing merged" test ! -e "$TMP/m.csv"

# --- traces that do not fit the model: warned about, naming the file ---
mkdir -p "$TMP/data/traces/dev_two/chain3"
TR="$TMP/data/traces/dev_two/chain3/cpu.json"
sed 's/{"name": "A", "type": "Relu", "samples_us": \[100, 200, 300\]}/{"name": "A", "type": "Conv", "samples_us": [100, 200, 300]},\n    {"name": "Z", "type": "Relu", "samples_us": [5]}/' \
    "$FIX/trace_chain3_cpu.json" >"$TR"
expect 0 env HETSIM_DATA="$TMP/data" "$HETSIM" run -d "$FIX/dev_two.json" -m "$FIX/chain3.json" -p cpu -n 1
err_has "warning: $TR: 1 of 2 op rows name no op of model \"chain3\" (e.g. \$.ops[1].name \"Z\")"
err_has "warning: $TR: 1 op rows have another type than the model's op (e.g. \$.ops[0] \"A\" is \"Conv\" there, \"Relu\" in model \"chain3\")"
expect 0 env HETSIM_DATA="$TMP/data" "$HETSIM" plan -d "$FIX/dev_two.json" -m "$FIX/chain3.json" -p cpu
err_has "hetsim plan: warning: $TR: 1 of 2 op rows"
cp "$FIX/trace_chain3_cpu.json" "$TR"
expect 0 env HETSIM_DATA="$TMP/data" "$HETSIM" run -d "$FIX/dev_two.json" -m "$FIX/chain3.json" -p cpu -n 1
check "a trace that fits: no warning" test ! -s "$TMP/err"

echo "io.sh: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
