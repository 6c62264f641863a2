#!/bin/sh
# Timelines (hetsim run --trace-out) follow the Chrome Trace Event rules
# that Perfetto and chrome://tracing rely on (tests/check_trace.py: slices of
# one thread nest, B/E and async b/e pair up, flow s/f ids match and bind to
# slices, timestamps numeric); the checker itself rejects traces that break
# each rule. Needs python3 (skipped without it).
#   HETSIM      the binary (set by make check)
#   HS_SRCDIR   the source tree
set -u
SRC=${HS_SRCDIR:-$(cd "$(dirname "$0")/.." && pwd)}
CHECK="$SRC/tests/check_trace.py"
command -v python3 >/dev/null 2>&1 || { echo "SKIP: no python3"; exit 77; }
TMP=$(mktemp -d "${TMPDIR:-/tmp}/hetsim-tl-XXXXXX")
trap 'rm -rf "$TMP"' EXIT
. "$SRC/tests/lib.sh"

# valid NAME RUN-ARGS...: the run's timeline passes the checker
valid() {
    name=$1; shift
    if ! "$HETSIM" run "$@" --trace-out "$TMP/$name.json" >/dev/null 2>"$TMP/err"; then
        bad "run $* failed: $(cat "$TMP/err")"
        return
    fi
    if python3 "$CHECK" "$TMP/$name.json" >"$TMP/check" 2>&1; then ok; else
        bad "timeline of $name breaks the trace rules:"; head -5 "$TMP/check"
    fi
}

# the policies whose work overlaps on one track: transfers (mulayer, codl),
# frames in flight (pipeline), runtime scheduling of several models (band)
for p in mulayer pipeline codl heft gpu; do
    valid "$p" -d xiaomi-mi9 -m resnet50 -p "$p" -n 4
done
valid pipeline_open -d xiaomi-mi9 -m resnet50 -p pipeline -n 6 --fps 60
valid band -d xiaomi-mi9 -m resnet50 -p band -n 4
valid band_workload -d "$FIX/dev_two.json" -p band:lst -s "$FIX/workload.json"
valid ui_app -d xiaomi-mi9 -m vgg16 -p gpu -n 3 -s "$SRC/examples/scenarios/ui-and-video.json"

# overlapping spans of mulayer go to extra lanes (its meetings at the splits:
# both halves of an op wait at once), each transfer linked to its producer
# and consumer by flow arrows
if grep -q '"name": "\(transfer\|sync\) [^"]* (2)"' "$TMP/mulayer.json"; then ok; else
    bad "mulayer timeline has no second transfer or sync lane"; fi
n_s=$(grep -c '"ph": "s"' "$TMP/mulayer.json")
n_f=$(grep -c '"ph": "f"' "$TMP/mulayer.json")
if [ "$n_s" -gt 0 ] && [ "$n_s" -eq "$n_f" ]; then ok; else bad "mulayer flows: $n_s s, $n_f f"; fi
# frames in flight (pipeline with an open loop) get lanes of the frames track
if grep -q '"name": "frames (2)"' "$TMP/pipeline_open.json"; then ok; else
    bad "pipeline timeline keeps overlapping frames on one track"; fi

# the checker fails traces that break a rule, naming it
reject() {
    want=$1 doc=$2
    printf '%s\n' "$doc" >"$TMP/bad.json"
    if python3 "$CHECK" "$TMP/bad.json" >"$TMP/check" 2>&1; then
        bad "checker accepted: $doc"
    elif grep -qF -- "$want" "$TMP/check"; then ok; else
        bad "checker message lacks '$want': $(cat "$TMP/check")"
    fi
}
M='{"ph": "M", "name": "thread_name", "pid": 1, "tid": 1, "args": {"name": "t"}}'
reject 'overlaps' "{\"traceEvents\": [$M,
 {\"ph\": \"X\", \"name\": \"a\", \"pid\": 1, \"tid\": 1, \"ts\": 0, \"dur\": 10},
 {\"ph\": \"X\", \"name\": \"b\", \"pid\": 1, \"tid\": 1, \"ts\": 5, \"dur\": 10}]}"
reject 'B without E' "{\"traceEvents\": [$M, {\"ph\": \"B\", \"name\": \"a\", \"pid\": 1, \"tid\": 1, \"ts\": 0}]}"
reject 'E without a B' "{\"traceEvents\": [$M, {\"ph\": \"E\", \"pid\": 1, \"tid\": 1, \"ts\": 0}]}"
reject 'ts missing or not a finite number' "{\"traceEvents\": [$M,
 {\"ph\": \"X\", \"name\": \"a\", \"pid\": 1, \"tid\": 1, \"ts\": \"0\", \"dur\": 1}]}"
reject 'never ends' "{\"traceEvents\": [$M, {\"ph\": \"b\", \"cat\": \"c\", \"id\": 3, \"name\": \"a\", \"pid\": 1, \"tid\": 1, \"ts\": 0}]}"
reject 'want one s first and one f last' "{\"traceEvents\": [$M,
 {\"ph\": \"X\", \"name\": \"a\", \"pid\": 1, \"tid\": 1, \"ts\": 0, \"dur\": 10},
 {\"ph\": \"s\", \"cat\": \"flow\", \"id\": 1, \"pid\": 1, \"tid\": 1, \"ts\": 5}]}"
reject 'lies in no slice' "{\"traceEvents\": [$M,
 {\"ph\": \"X\", \"name\": \"a\", \"pid\": 1, \"tid\": 1, \"ts\": 0, \"dur\": 10},
 {\"ph\": \"s\", \"cat\": \"flow\", \"id\": 1, \"pid\": 1, \"tid\": 1, \"ts\": 5},
 {\"ph\": \"f\", \"bp\": \"e\", \"cat\": \"flow\", \"id\": 1, \"pid\": 1, \"tid\": 1, \"ts\": 20}]}"
reject 'no thread_name' '{"traceEvents": [{"ph": "X", "name": "a", "pid": 1, "tid": 2, "ts": 0, "dur": 1}]}'
reject 'not readable JSON' '{"traceEvents": ['
# and accepts nesting, touching slices and a bound flow
printf '%s\n' "{\"traceEvents\": [$M,
 {\"ph\": \"X\", \"name\": \"a\", \"pid\": 1, \"tid\": 1, \"ts\": 0, \"dur\": 10},
 {\"ph\": \"X\", \"name\": \"b\", \"pid\": 1, \"tid\": 1, \"ts\": 2, \"dur\": 8},
 {\"ph\": \"X\", \"name\": \"c\", \"pid\": 1, \"tid\": 1, \"ts\": 10, \"dur\": 0},
 {\"ph\": \"s\", \"cat\": \"flow\", \"id\": 1, \"pid\": 1, \"tid\": 1, \"ts\": 5},
 {\"ph\": \"f\", \"bp\": \"e\", \"cat\": \"flow\", \"id\": 1, \"pid\": 1, \"tid\": 1, \"ts\": 10}]}" >"$TMP/good.json"
if python3 "$CHECK" "$TMP/good.json" >"$TMP/check" 2>&1; then ok; else bad "checker rejected a good trace: $(cat "$TMP/check")"; fi

echo "timeline: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
