#!/bin/sh
# Build the libFuzzer harnesses (called by `make fuzz`; see docs/robustness.md).
# The library sources are compiled again with clang and
# -fsanitize=fuzzer-no-link,address,undefined into tests/fuzz/obj/, archived,
# and each tests/fuzz/fuzz_*.c is linked against the archive into
# tests/fuzz/bin/. GSL and protobuf-c are linked statically; cJSON statically
# when a libcjson.a exists, else its shared library is copied into
# tests/fuzz/bin/lib/ and found through an $ORIGIN rpath, so bin/ can be copied
# to another x86-64 Linux machine as it is. bin/seeds/NAME/ holds each
# harness's seed corpus (real project files), bin/NAME.dict a dictionary of
# the JSON keys found in the seeds, and bin/run_all.sh runs them all.
# Environment (set by the Makefile rule):
#   FUZZ_CC           clang with libFuzzer (Debian: clang-14, libclang-rt-14-dev)
#   HS_SRCDIR         source tree;  the current directory is the build tree
#   FUZZ_SOURCES      the library's .c files (relative to the source or build tree)
#   FUZZ_CPPFLAGS     preprocessor flags of the library build
#   FUZZ_DEPS_CFLAGS  pkg-config cflags of the dependencies
set -eu
CC=${FUZZ_CC:-clang}
SRC=${HS_SRCDIR:-.}
OUT=tests/fuzz
SAN="-fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer"
CFLAGS_F="-std=c11 -D_GNU_SOURCE -g -O1 $SAN -w"

if ! command -v "$CC" >/dev/null 2>&1; then
    echo "make fuzz: $CC not found: install the Debian packages clang-14 and libclang-rt-14-dev" \
         "(or run make fuzz FUZZ_CC=/path/to/clang)" >&2
    exit 1
fi
probe=$(mktemp -d "${TMPDIR:-/tmp}/hs-fuzz-probe-XXXXXX")
trap 'rm -rf "$probe"' EXIT
printf '#include <stdint.h>\n#include <stddef.h>\nint LLVMFuzzerTestOneInput(const uint8_t *d, size_t n);\nint LLVMFuzzerTestOneInput(const uint8_t *d, size_t n) { (void)d; (void)n; return 0; }\n' \
    >"$probe/p.c"
if ! "$CC" -fsanitize=fuzzer,address,undefined "$probe/p.c" -o "$probe/p" 2>"$probe/log"; then
    echo "make fuzz: $CC cannot link libFuzzer programs (Debian: install libclang-rt-14-dev):" >&2
    cat "$probe/log" >&2
    exit 1
fi

mkdir -p "$OUT/obj" "$OUT/bin/lib" "$OUT/bin/seeds"
# ---- the library, compiled again with the fuzzing instrumentation ----
newest_header=$(ls -t "$SRC"/base/*.h "$SRC"/sim/*.h "$SRC"/devices/*.h "$SRC"/traces/*.h "$SRC"/analysis/*.h \
                "$SRC"/policies/*.h config.h 2>/dev/null | head -1)
objs=""
have_onnx=no
for s in $FUZZ_SOURCES; do
    # no loader in these, and they need the Python C API, MPI or the native
    # backends' libraries: left out of the harnesses
    case $s in analysis/plot.c | analysis/sweep_mpi.c | native/* | analysis/native_run.c | \
               analysis/validate.c) continue ;; esac
    case $s in traces/onnx_import.c) have_onnx=yes ;; esac
    if [ -f "$SRC/$s" ]; then path="$SRC/$s"; else path="$s"; fi
    o="$OUT/obj/$(echo "$s" | tr / _ | sed 's/\.c$/.o/')"
    if [ ! -f "$o" ] || [ "$path" -nt "$o" ] || [ "$newest_header" -nt "$o" ]; then
        echo "  FUZZCC   $s"
        # shellcheck disable=SC2086
        "$CC" $CFLAGS_F -fsanitize=fuzzer-no-link $FUZZ_CPPFLAGS $FUZZ_DEPS_CFLAGS -c "$path" -o "$o"
    fi
    objs="$objs $o"
done
rm -f "$OUT/obj/libhetsim-fuzz.a"
# shellcheck disable=SC2086
ar rcs "$OUT/obj/libhetsim-fuzz.a" $objs

# ---- link: static GSL and protobuf-c; cJSON static or beside the binaries ----
libdir_of() { "$CC" -print-file-name="$1"; }
libs="-Wl,-Bstatic -lgsl -lgslcblas"
[ "$have_onnx" = yes ] && libs="$libs -lprotobuf-c"
if [ -f "$(libdir_of libcjson.a)" ]; then
    libs="$libs -lcjson -Wl,-Bdynamic"
else
    so=$(libdir_of libcjson.so)
    real=$(readlink -f "$so")
    soname=$(objdump -p "$real" 2>/dev/null | awk '/SONAME/ {print $2}')
    dest="$OUT/bin/lib/${soname:-libcjson.so.1}"
    # replaced by rename only when it changed: running harnesses keep it mapped
    if ! cmp -s "$real" "$dest"; then cp -f "$real" "$dest.tmp" && mv -f "$dest.tmp" "$dest"; fi
    libs="$libs -Wl,-Bdynamic -lcjson -Wl,-rpath,\$ORIGIN/lib"
fi
libs="$libs -lm"
harnesses=""
for h in "$SRC"/tests/fuzz/fuzz_*.c; do
    name=$(basename "$h" .c)
    [ "$name" = fuzz_onnx ] && [ "$have_onnx" = no ] && { echo "  (skipping $name: built without ONNX import)"; continue; }
    echo "  FUZZLD   $OUT/bin/$name"
    # shellcheck disable=SC2086
    "$CC" $CFLAGS_F -fsanitize=fuzzer $FUZZ_CPPFLAGS $FUZZ_DEPS_CFLAGS "$h" \
        "$OUT/obj/libhetsim-fuzz.a" $libs -o "$OUT/bin/$name"
    harnesses="$harnesses $name"
done

# ---- seed corpora from the project's real files, and JSON key dictionaries ----
seed() { # seed NAME FILE...: copy the files that exist into bin/seeds/NAME
    d="$OUT/bin/seeds/$1"; shift
    rm -rf "$d"; mkdir -p "$d"
    for f in "$@"; do [ -f "$f" ] && cp -f "$f" "$d/$(echo "${f#"$SRC"/}" | tr / _)"; done
    :
}
seed fuzz_model "$SRC"/traces/models/*.json "$SRC"/tests/fixtures/chain3*.json "$SRC"/tests/fixtures/forkjoin.json \
    "$SRC"/tests/fixtures/three_op.json "$SRC"/tests/fixtures/long_op.json "$SRC"/tests/fixtures/onnx/*.json
seed fuzz_profile "$SRC"/devices/*.json "$SRC"/tests/fixtures/dev_*.json
seed fuzz_trace "$SRC"/traces/xiaomi-mi9/*/*.json "$SRC"/tests/fixtures/trace_*.json
seed fuzz_scenario "$SRC"/examples/scenarios/*.json "$SRC"/tests/fixtures/poisson.json "$SRC"/tests/fixtures/workload.json
seed fuzz_sweep "$SRC"/examples/sweeps/*.json
seed fuzz_import_tflite "$SRC"/tests/fixtures/importers/tflite_*.txt
seed fuzz_import_onnxruntime "$SRC"/tests/fixtures/importers/ort_*.json
seed fuzz_import_tensorrt "$SRC"/tests/fixtures/importers/trt_*.json
seed fuzz_import_qed "$SRC"/tests/fixtures/importers/qed_*.csv
seed fuzz_import_map "$SRC"/tests/fixtures/importers/map_*.csv
seed fuzz_onnx "$SRC"/tests/fixtures/onnx/*.onnx
# the bad-input corpus (tests/corpus/KIND/) seeds the harness of its kind too
for pair in model:fuzz_model profile:fuzz_profile trace:fuzz_trace scenario:fuzz_scenario \
            sweep:fuzz_sweep tflite:fuzz_import_tflite onnxruntime:fuzz_import_onnxruntime \
            tensorrt:fuzz_import_tensorrt qed:fuzz_import_qed map:fuzz_import_map onnx:fuzz_onnx; do
    kind=${pair%%:*}; h=${pair#*:}
    for f in "$SRC"/tests/corpus/"$kind"/*; do
        case $f in *.expect|*'*') continue ;; esac
        cp -f "$f" "$OUT/bin/seeds/$h/corpus_$(basename "$f")"
    done
done
for h in $harnesses; do
    rm -f "$OUT/bin/$h.dict"
    case $h in fuzz_onnx|fuzz_import_tflite|fuzz_import_qed|fuzz_import_map) continue ;; esac
    cat "$OUT/bin/seeds/$h"/* 2>/dev/null | grep -o '"[A-Za-z_][A-Za-z0-9_]*" *:' | sed 's/ *:$/:/' | sort -u |
        sed 's/^"\(.*\)":$/"\\"\1\\""/' >"$OUT/bin/$h.dict" || true
done
cp -f "$SRC/tests/fuzz/run_all.sh" "$OUT/bin/run_all.sh"
chmod +x "$OUT/bin/run_all.sh"
echo "make fuzz: harnesses in $OUT/bin:$harnesses"
