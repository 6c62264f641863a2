#!/bin/sh
# Inputs that pass the readers but cannot be simulated to the end (issue 16,
# docs/robustness.md "Clock range and overload"): every policy must refuse
# them with exit 2 and a message naming the op, the processor and the
# numbers, or state the overload, and never hang (each run is bounded by
# `timeout`, so a hang fails here instead of stalling make check).
#   HETSIM      the binary (set by make check)
#   HS_SRCDIR   the source tree
set -u
SRC=${HS_SRCDIR:-$(cd "$(dirname "$0")/.." && pwd)}
TMP=$(mktemp -d "${TMPDIR:-/tmp}/hetsim-robust-XXXXXX")
trap 'rm -rf "$TMP"' EXIT
EXPECT_TIMEOUT=60
. "$SRC/tests/lib.sh"

POLICIES="cpu gpu heft mulayer codl pipeline band adaptive reuse"

# 1. an op of 1e18 FLOP at 1 GFLOP/s x 0.05 takes 2e19 ns, past int64 ns (it
# wrapped to 0 us, or overflowed: signed overflow in the server and engines)
for p in $POLICIES; do
    expect 2 "$HETSIM" run -d "$FIX/dev_slow.json" -m "$FIX/op_1e18.json" -p "$p" -n 3
    err_has "op 'B'"
    err_has "past the end of the simulated clock (4.61169e+18 ns"
done
expect 2 "$HETSIM" run -d "$FIX/dev_slow.json" -m "$FIX/op_1e18.json" -p cpu -n 3
err_has "op 'B' on processor cpu takes 2e+19 ns (634 years) by the roofline: 1e+18 FLOP at 1 GFLOP/s x efficiency 0.05"
# each op fits (4e18 ns) but three frames do not: stopped when the clock would pass its end
for p in $POLICIES; do
    expect 2 "$HETSIM" run -d "$FIX/dev_slow.json" -m "$FIX/op_2e17.json" -p "$p" -n 3
    err_has "past the end of the simulated clock"
done
expect 2 "$HETSIM" run -d "$FIX/dev_slow.json" -m "$FIX/op_2e17.json" -p cpu -n 3
err_has "op 'B' on processor cpu: 4e+18 ns of work starting at 4e+18 ns"
# one frame fits: a valid run (the clock is not refused too early)
expect 0 "$HETSIM" run -d "$FIX/dev_slow.json" -m "$FIX/op_2e17.json" -p cpu -n 1 -f csv
# estimate: the loader's cap on FLOPs, then the clock
H=name,type,in_c,in_h,in_w,out_c,out_h,out_w,kernel_h,kernel_w,stride_h,stride_w,group,flops
printf '%s\nbig,Relu,1,1,1,1,1,1,,,,,,1e308\n' "$H" >"$TMP/ops_huge.csv"
expect 2 "$HETSIM" estimate -d "$FIX/dev_slow.json" -P cpu --ops "$TMP/ops_huge.csv"
err_has "ops_huge.csv:2: column flops: expected a number from 0 to 1e+18"
printf '%s\nbig,Relu,1,1,1,1,1,1,,,,,,1e18\n' "$H" >"$TMP/ops_slow.csv"
expect 2 "$HETSIM" estimate -d "$FIX/dev_slow.json" -P cpu --ops "$TMP/ops_slow.csv"
err_has "ops_slow.csv:2: op 'big' on processor cpu takes 2e+19 ns"

# 3. an app that needs 17 ms of the GPU every 16.7 ms: band and adaptive put
# it ahead of every unit (kernel by kernel), so the inference never ended
for p in band adaptive; do
    expect 2 "$HETSIM" run -d "$FIX/dev_two.json" -m "$FIX/chain3.json" -p "$p" -s "$FIX/overload.json" -n 5
    err_has "overloaded: app 'game' has 257 releases unfinished"
    err_has "17 ms of work on acc every 16.7 ms"
done
# static plans submit graphs here: the inference drains first, the app drops every frame
expect 0 "$HETSIM" run -d "$FIX/dev_two.json" -m "$FIX/chain3.json" -p gpu -s "$FIX/overload.json" -n 5
out_has "100.0% of its frames missed the deadline (5 of 5)"
# codl finishes too (its own predictor puts its split behind the CPU alone
# here, so it runs the CPU plan and the app keeps the GPU)
expect 0 "$HETSIM" run -d "$FIX/dev_two.json" -m "$FIX/chain3.json" -p codl -s "$FIX/overload.json" -n 5
# a long run of gpu ends too: the inference keeps finishing its frames, so the
# app's backlog grows only as long as the run (1,700 simulated seconds here)
# and the app drops every frame (the study's Fig. 5 on a phone: a GPU hog and
# the UI); the run stops only where the inference starves (band, adaptive above)
expect 0 "$HETSIM" run -d "$FIX/dev_two.json" -m "$FIX/chain3.json" -p gpu -s "$FIX/overload.json" -n 100000
out_has "game                   100.0% of its frames missed the deadline"

echo "robust.sh: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
