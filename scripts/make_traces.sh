#!/bin/sh
# Regenerate the synthesized traces: for every device profile and every model
# of the zoo, one trace per processor that can run the model, drawn from the
# profile's latency model with the default run-to-run noise of its kind
# (hetsim trace synth --help). Real recordings (native or imported) are kept:
# a file whose "recorded" is not "synthesized" is never overwritten.
#   usage: scripts/make_traces.sh [SAMPLES]   (run from the build directory)
set -eu
HETSIM=${HETSIM:-./hetsim}
SRC=$(cd "$(dirname "$0")/.." && pwd)
SAMPLES=${1:-16}
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
for dev in $("$HETSIM" list devices); do
    for model in $("$HETSIM" list models); do
        "$HETSIM" trace synth -d "$dev" -m "$model" --samples "$SAMPLES" --seed 1 -o "$OUT" \
            >/dev/null 2>"$OUT/err" || { cat "$OUT/err" >&2; exit 1; }
    done
done
find "$OUT" -name '*.json' | while read -r f; do
    rel=${f#"$OUT"/}
    dst="$SRC/traces/$rel"
    if [ -f "$dst" ] && ! grep -q '"recorded": "synthesized"' "$dst"; then
        echo "kept recorded trace $rel"
        continue
    fi
    mkdir -p "$(dirname "$dst")"
    cp "$f" "$dst"
done
echo "synthesized traces written under $SRC/traces/ ($(find "$SRC/traces" -mindepth 3 -name '*.json' | wc -l) files)"
