#!/bin/sh
# Run every libFuzzer harness built by `make fuzz` with its seed corpus.
#   run_all.sh DIR SECONDS JOBS
# DIR      work directory: DIR/NAME/corpus (the growing corpus), DIR/NAME/crashes
#          (crashing inputs), DIR/NAME/log; DIR/summary.txt at the end
# SECONDS  fuzzing time per harness (default 600)
# JOBS     harnesses run at once (default: the number of CPUs)
# A harness that finds a crash is restarted (the crash kept) until its time is
# spent, so one shallow bug does not end its run. The summary gives, per
# harness, the executions (libFuzzer's stat::number_of_executed_units summed
# over restarts), the crashing inputs found, and the restarts.
# The binaries are taken from FUZZ_BIN (default: this script's directory when
# it holds them, else tests/fuzz/bin beside it).
set -u
DIR=${1:?usage: run_all.sh DIR SECONDS JOBS}
SECONDS_EACH=${2:-600}
JOBS=${3:-$(nproc 2>/dev/null || echo 1)}
here=$(cd "$(dirname "$0")" && pwd)
if [ -n "${FUZZ_BIN:-}" ]; then BIN=$FUZZ_BIN
elif ls "$here"/fuzz_* >/dev/null 2>&1; then BIN=$here
else BIN=$here/bin; fi
ls "$BIN"/fuzz_* >/dev/null 2>&1 || { echo "run_all.sh: no harnesses in $BIN (run make fuzz)" >&2; exit 2; }
mkdir -p "$DIR"
DIR=$(cd "$DIR" && pwd)

# run_one NAME: fuzz one harness for SECONDS_EACH, restarting after crashes
run_one() {
    name=$1
    w="$DIR/$name"
    mkdir -p "$w/corpus" "$w/crashes"
    : >"$w/log"
    dict=""
    [ -s "$BIN/$name.dict" ] && dict="-dict=$BIN/$name.dict"
    start=$(date +%s)
    runs=0 execs=0
    while :; do
        left=$((SECONDS_EACH - ($(date +%s) - start)))
        [ "$left" -ge 1 ] || break
        runs=$((runs + 1))
        # shellcheck disable=SC2086
        "$BIN/$name" "$w/corpus" "$BIN/seeds/$name" -max_total_time="$left" \
            -print_final_stats=1 -artifact_prefix="$w/crashes/" -timeout=25 -rss_limit_mb=2048 \
            $dict >"$w/run.log" 2>&1
        rc=$?
        cat "$w/run.log" >>"$w/log"
        n=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$w/run.log" | tail -1 | grep -o '[0-9]*$')
        execs=$((execs + ${n:-0}))
        [ "$rc" -eq 0 ] && break
        [ "$runs" -ge 50 ] && break
    done
    rm -f "$w/run.log"
    crashes=$(find "$w/crashes" -type f | wc -l)
    printf '%-26s %8d s %14d execs %4d crashes %3d runs\n' "$name" "$SECONDS_EACH" "$execs" \
        "$crashes" "$runs" >"$w/summary"
    cat "$w/summary"
}

if [ "${HS_FUZZ_ONE:-}" ]; then run_one "$HS_FUZZ_ONE"; exit 0; fi
echo "run_all.sh: $(ls "$BIN"/fuzz_* | grep -vc '\.dict$') harnesses, $SECONDS_EACH s each, $JOBS at once -> $DIR" >&2
for f in "$BIN"/fuzz_*; do
    case $f in *.dict) continue ;; esac
    basename "$f"
done | HS_FUZZ_ONE= xargs -P "$JOBS" -I{} env HS_FUZZ_ONE={} FUZZ_BIN="$BIN" SECONDS_EACH="$SECONDS_EACH" \
    sh "$here/run_all.sh" "$DIR" "$SECONDS_EACH" 1 >/dev/null
{
    printf '%-26s %10s %20s %12s %8s\n' harness time executions crashes runs
    cat "$DIR"/fuzz_*/summary
    total=$(cat "$DIR"/fuzz_*/summary | awk '{e += $4; c += $6} END {printf "%d executions, %d crashes", e, c}')
    echo "total: $total"
} >"$DIR/summary.txt"
cat "$DIR/summary.txt"
crashed=$(cat "$DIR"/fuzz_*/summary | awk '{c += $6} END {print c + 0}')
[ "$crashed" -eq 0 ]
