# Helpers of the shell tests, sourced by each after it set SRC (the source
# tree) and TMP (its scratch directory): the counters, and checks of the
# last command's exit status and output. A test ends with
#   echo "NAME: $pass passed, $fail failed"; [ "$fail" -eq 0 ]
#   EXPECT_TIMEOUT  seconds a command under `expect` may run (unset: no bound;
#                   a bounded run turns a hang into a failure)
HETSIM=${HETSIM:-$(pwd)/hetsim}
FIX="$SRC/tests/fixtures"
pass=0
fail=0

ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }

# expect RC CMD...: run, compare the exit status; stdout in $TMP/out, stderr in $TMP/err
expect() {
    want=$1; shift
    if [ -n "${EXPECT_TIMEOUT:-}" ]; then
        timeout "$EXPECT_TIMEOUT" "$@" >"$TMP/out" 2>"$TMP/err"
    else
        "$@" >"$TMP/out" 2>"$TMP/err"
    fi
    got=$?
    if [ "$got" -eq "$want" ]; then ok; else bad "$* -> exit $got, want $want: $(cat "$TMP/err")"; fi
}

# err_has TEXT / out_has TEXT: the last command's stderr / stdout contains TEXT
err_has() {
    if grep -qF -- "$1" "$TMP/err"; then ok; else bad "stderr lacks '$1': $(cat "$TMP/err")"; fi
}
out_has() {
    if grep -qF -- "$1" "$TMP/out"; then ok; else bad "stdout lacks '$1': $(cat "$TMP/out")"; fi
}

# check DESCRIPTION TEST...: the test command succeeds
check() {
    what=$1; shift
    if "$@"; then ok; else bad "$what"; fi
}
