#!/bin/sh
# The bad-input corpus: every file under tests/corpus/KIND/ is fed to the
# hetsim command that loads its kind. Each must be refused with a non-zero
# exit that is not a signal (status < 128), and stderr must name the file and
# contain every line of NAME.expect beside it (the field and what was
# expected). A first line "exit N" in NAME.expect asks for exit status N
# instead (fuzzing regressions that are valid inputs use "exit 0"); a line
# "nofile" drops the file-name check (sweep points that fail when they run
# name the point, not the sweep file).
#   HETSIM      the binary (set by make check)
#   HS_SRCDIR   the source tree
set -u
SRC=${HS_SRCDIR:-$(cd "$(dirname "$0")/.." && pwd)}
HETSIM=${HETSIM:-$(pwd)/hetsim}
case $HETSIM in /*) ;; *) HETSIM=$(pwd)/$HETSIM ;; esac
FIX="$SRC/tests/fixtures"
CORPUS="$SRC/tests/corpus"
TMP=$(mktemp -d "${TMPDIR:-/tmp}/hetsim-corpus-XXXXXX")
trap 'rm -rf "$TMP"' EXIT
pass=0
fail=0
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }

# run KIND FILE: the command for the kind; prints the path stderr must name
run() {
    kind=$1 f=$2
    named=$f
    case $kind in
    model) "$HETSIM" plan -d "$FIX/dev_two.json" -m "$f" ;;
    profile) "$HETSIM" plan -d "$f" -m "$FIX/chain3.json" ;;
    trace) # placed where `hetsim run` looks for the cpu trace of dev_two/chain3
        rm -rf "$TMP/data"
        mkdir -p "$TMP/data/traces/dev_two/chain3"
        named="$TMP/data/traces/dev_two/chain3/cpu.json"
        cp "$f" "$named"
        HETSIM_DATA="$TMP/data" "$HETSIM" run -d "$FIX/dev_two.json" -m "$FIX/chain3.json" -p cpu -n 1 ;;
    scenario) "$HETSIM" run -d "$FIX/dev_two.json" -m "$FIX/chain3.json" -p cpu -s "$f" -n 2 ;;
    sweep) # device and model paths in the sweep are relative to the fixtures
        named="$TMP/$(basename "$f")"
        cp "$f" "$named"
        (cd "$FIX" && "$HETSIM" sweep "$named" -o "$TMP/sweep.csv" -q) ;;
    tflite | onnxruntime | tensorrt | qed)
        "$HETSIM" import "$kind" "$f" -d dev_two -P cpu -m chain3 -o "$TMP/import.json" ;;
    map)
        "$HETSIM" import tensorrt "$FIX/importers/trt_profile.json" --map "$f" -d dev_two -P cpu \
            -m chain3 -o "$TMP/import.json" ;;
    onnx) "$HETSIM" import onnx "$f" -o "$TMP/model.json" ;;
    band) "$HETSIM" import band "$f" -d xiaomi-mi9 -o "$TMP/band.json" ;;
    *) echo "corpus.sh: unknown kind $kind" >&2; return 99 ;;
    esac >"$TMP/out" 2>"$TMP/err"
    rc=$?
    echo "$named" >"$TMP/named"
    return $rc
}

for dir in "$CORPUS"/*/; do
    kind=$(basename "$dir")
    for f in "$dir"*; do
        case $f in *.expect | *.py | *'*') continue ;; esac
        exp="${f%.*}.expect"
        name="$kind/$(basename "$f")"
        if [ ! -f "$exp" ]; then bad "$name: no $(basename "$exp")"; continue; fi
        want=2
        first=$(head -1 "$exp")
        case $first in "exit "*) want=${first#exit } ;; esac
        run "$kind" "$f"
        rc=$?
        named=$(cat "$TMP/named")
        if [ "$rc" -ge 128 ]; then
            bad "$name: killed by signal $((rc - 128)): $(tail -3 "$TMP/err")"
            continue
        fi
        if [ "$rc" -ne "$want" ]; then
            bad "$name: exit $rc, want $want: $(tail -3 "$TMP/err")"
            continue
        fi
        ok=1
        if [ "$want" -ne 0 ] && ! grep -qx nofile "$exp" && ! grep -qF -- "$named" "$TMP/err"; then
            bad "$name: stderr does not name the file: $(cat "$TMP/err")"
            ok=0
        fi
        while IFS= read -r line; do
            case $line in "exit "* | nofile | "") continue ;; esac
            if ! grep -qF -- "$line" "$TMP/err"; then
                bad "$name: stderr lacks '$line': $(cat "$TMP/err")"
                ok=0
            fi
        done <"$exp"
        [ "$ok" -eq 1 ] && pass=$((pass + 1))
    done
done
echo "corpus.sh: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
