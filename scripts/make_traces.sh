#!/bin/sh
# Regenerate the synthesized traces: for every device profile and every model
# of the zoo, one trace per processor that can run the model, drawn from the
# profile's latency model with the default run-to-run noise of its kind
# (hetsim trace synth --help). Real recordings (native or imported) are kept:
# a file whose "recorded" is not "synthesized" is never overwritten or
# removed. Synthesized files no profile produces any more are removed.
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
is_synth() { grep -Eq '"recorded"[[:space:]]*:[[:space:]]*"synthesized"' "$1"; }
find "$OUT" -name '*.json' | sort | while read -r f; do
    rel=${f#"$OUT"/}
    dst="$SRC/traces/$rel"
    if [ -f "$dst" ] && ! is_synth "$dst"; then
        echo "kept recorded trace $rel"
        continue
    fi
    mkdir -p "$(dirname "$dst")"
    cp "$f" "$dst"
done
# synthesized traces the profiles no longer produce (a processor renamed or
# gone, a model left the zoo) would shadow nothing but mislead: remove them;
# a recording that matches no processor any more is reported, never removed
find "$SRC/traces" -mindepth 3 -maxdepth 3 -name '*.json' | sort | while read -r dst; do
    rel=${dst#"$SRC/traces"/}
    [ -f "$OUT/$rel" ] && continue
    if is_synth "$dst"; then
        echo "removed stale synthesized trace $rel"
        rm -f "$dst"
    else
        echo "warning: recorded trace $rel matches no processor/model the profiles synthesize" >&2
    fi
done
echo "synthesized traces written under $SRC/traces/ ($(find "$SRC/traces" -mindepth 3 -name '*.json' | wc -l) files)"
