#!/bin/sh
# The folders are layers (docs/architecture.md): a file includes headers of
# its own layer or of the layers below it, by their path from the top of the
# source tree ("sim/engine.h"). This test reads every #include "..." line of
# the sources and fails on one that goes up a layer, that names a header by
# a relative path, or that names a header that does not exist.
#   base -> traces -> devices -> sim -> policies -> native -> analysis -> cli
set -eu
SRC=${HS_SRCDIR:-$(cd "$(dirname "$0")/.." && pwd)}
cd "$SRC"
LAYERS="base traces devices sim policies native analysis cli"
rank() {
    i=0
    for l in $LAYERS; do
        [ "$l" = "$1" ] && { echo $i; return; }
        i=$((i + 1))
    done
    echo -1
}
bad=0
checked=0
for layer in $LAYERS; do
    r=$(rank "$layer")
    for f in $(find "$layer" -name '*.[ch]' | sort); do
        # every quoted include: "line-number:header"
        grep -n '^[[:space:]]*#[[:space:]]*include[[:space:]]*"' "$f" |
            sed 's/^\([0-9]*\):[^"]*"\([^"]*\)".*/\1:\2/' >"${TMPDIR:-/tmp}/hs-layers.$$" || true
        while IFS=: read -r line inc; do
            checked=$((checked + 1))
            case $inc in
            config.h | onnx.pb-c.h) continue ;; # generated in the build tree
            esac
            top=${inc%%/*}
            if [ "$top" = "$inc" ] || [ "$top" = ".." ] || [ "$top" = "." ]; then
                echo "layers: $f:$line: #include \"$inc\": name a header by its path from the top (\"$layer/$inc\")" >&2
                bad=$((bad + 1))
                continue
            fi
            ir=$(rank "$top")
            if [ "$ir" -lt 0 ]; then
                echo "layers: $f:$line: #include \"$inc\": $top/ is not a layer ($LAYERS)" >&2
                bad=$((bad + 1))
            elif [ ! -f "$inc" ]; then
                echo "layers: $f:$line: #include \"$inc\": no such header" >&2
                bad=$((bad + 1))
            elif [ "$ir" -gt "$r" ]; then
                echo "layers: $f:$line: #include \"$inc\": $layer/ may not include $top/ (a layer above it)" >&2
                bad=$((bad + 1))
            fi
        done <"${TMPDIR:-/tmp}/hs-layers.$$"
    done
done
rm -f "${TMPDIR:-/tmp}/hs-layers.$$"
if [ "$checked" -lt 100 ]; then
    echo "layers: only $checked #include lines found under $SRC: wrong source tree?" >&2
    exit 1
fi
if [ "$bad" -gt 0 ]; then
    echo "layers: $bad #include line(s) break the layering ($checked checked)" >&2
    exit 1
fi
echo "layers: $checked #include lines, none goes up a layer"
