#!/bin/sh
# Cross-build hetsim for 64-bit ARM (aarch64-linux-gnu) on an x86-64 Debian 12
# host and run its native CPU tests under qemu-user: the tested recipe of
# docs/native.md ("Cross-building for ARM64"). `make check-arm64` runs it on a
# pristine copy of the sources; CI runs that.
#
#   scripts/cross_arm64.sh [all|tools|sysroot|build|test]     (default: all)
#
#   tools    the host's cross tools, amd64 Debian packages gcc-aarch64-linux-gnu
#            and qemu-user, installed when missing (as root or through sudo);
#            refuses to go on if apt would remove or upgrade an installed package
#   sysroot  Debian 12's arm64 libraries in $ARM64_DIR/sysroot: apt, with its
#            own state, lists and cache under $ARM64_DIR/apt, downloads the
#            .debs and dpkg -x unpacks them. Nothing of the host changes: not
#            dpkg's database nor its architectures (no dpkg --add-architecture:
#            libgsl-dev and libopenblas0-pthread-dev are not Multi-Arch: same,
#            installing their arm64 builds would remove the amd64 ones), not
#            /var/lib/apt or /var/cache/apt. Needs no root. Reused while its
#            package list is unchanged (ARM64_REFRESH=1 to download again).
#   build    configure --host=aarch64-linux-gnu against the sysroot (the native
#            CPU and OpenCL backends and CLBlast required; Python plotting,
#            ONNX import and MPI off), build hetsim and tests/test_hetsim,
#            install into $ARM64_DIR/stage
#   test     under qemu-aarch64 -L sysroot, each command bounded by
#            $ARM64_TIMEOUT seconds: the native kernel suite (kernels against
#            references by hand and by plain loops) on several emulated cores,
#            so OpenBLAS picks each one's kernels; every CUnit suite;
#            tests/cli.sh (exit codes, messages, golden outputs) with the arm64
#            hetsim; the installed hetsim's native record and native run of
#            MobileNetV2 on the CPU backend and the simulator replaying that
#            recording; and OpenCL, which has no device under qemu, failing
#            with a message
#
# Environment:
#   ARM64_DIR      work folder (default: build-arm64 in the current directory)
#   SRCDIR         the source tree to build (default: this script's tree); it
#                  must not be configured in place (make check-arm64 passes a
#                  pristine copy made by make distdir)
#   ARM64_TIMEOUT  seconds for each emulated command (default 300)
#   ARM64_CPUS     qemu CPU models for the kernel suite
#                  (default: max cortex-a53 cortex-a72 neoverse-n1)
#   ARM64_JOBS     make -j (default: the number of cores)
set -eu

HERE=$(cd "$(dirname "$0")/.." && pwd)
SRCDIR=$(cd "${SRCDIR:-$HERE}" && pwd)
mkdir -p "${ARM64_DIR:-build-arm64}"
ARM64_DIR=$(cd "${ARM64_DIR:-build-arm64}" && pwd)
ARM64_TIMEOUT=${ARM64_TIMEOUT:-300}
ARM64_CPUS=${ARM64_CPUS:-max cortex-a53 cortex-a72 neoverse-n1}
ARM64_JOBS=${ARM64_JOBS:-$(nproc 2>/dev/null || echo 2)}
TRIPLET=aarch64-linux-gnu
SYSROOT=$ARM64_DIR/sysroot
APTDIR=$ARM64_DIR/apt
BUILD=$ARM64_DIR/build
STAGE=$ARM64_DIR/stage
STEP=${1:-all}

# host (amd64) packages: the cross compiler, the emulator, pkg-config
HOST_PACKAGES="gcc-aarch64-linux-gnu qemu-user pkg-config"
# target (arm64) packages unpacked into the sysroot, with what they depend on
ARM64_PACKAGES="libc6-dev libgsl-dev libcjson-dev libcunit1-dev
libopenblas-dev libopenblas-pthread-dev
ocl-icd-opencl-dev opencl-c-headers libclblast-dev"

say() { echo "cross_arm64: $*"; }
die() { echo "cross_arm64: error: $*" >&2; exit 1; }
now() { date +%s; }

# ---- 1. host tools ----
step_tools() {
    missing=""
    for p in $HOST_PACKAGES; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
            missing="$missing $p"
    done
    if [ -n "$missing" ]; then
        if [ "$(id -u)" -eq 0 ]; then SUDO=""; else SUDO="sudo"; fi
        export DEBIAN_FRONTEND=noninteractive
        say "installing the host's Debian packages:$missing"
        $SUDO apt-get update -q
        # only new packages: what would remove or upgrade an installed one stops here
        # shellcheck disable=SC2086
        sim=$(apt-get -s install --no-install-recommends $missing)
        changed=$(echo "$sim" | grep -E '^Remv |^Inst [^ ]+ \[' || true)
        [ -z "$changed" ] || die "installing$missing would change installed packages:
$changed
install these by hand if that is intended"
        # shellcheck disable=SC2086
        $SUDO apt-get install -y -q --no-install-recommends $missing
    fi
    command -v "$TRIPLET-gcc" >/dev/null || die "$TRIPLET-gcc not found (Debian package gcc-aarch64-linux-gnu)"
    command -v qemu-aarch64 >/dev/null || die "qemu-aarch64 not found (Debian package qemu-user)"
    say "host tools: $("$TRIPLET-gcc" --version | head -n 1); $(qemu-aarch64 --version | head -n 1)"
}

# ---- 2. the arm64 sysroot ----
# apt -c FILE is read after the host's configuration: it keeps the host's
# sources, keys and proxy settings, and points everything that apt writes at
# $APTDIR (and clears the host's hooks, which would act on the host's caches)
write_apt_conf() {
    mkdir -p "$APTDIR/state/lists/partial" "$APTDIR/cache/archives/partial" "$APTDIR/dpkg"
    : >"$APTDIR/dpkg/status"
    cat >"$APTDIR/apt.conf" <<EOF
APT::Architecture "arm64";
#clear APT::Architectures;
APT::Architectures { "arm64"; };
Dir::State "$APTDIR/state";
Dir::State::status "$APTDIR/dpkg/status";
Dir::Cache "$APTDIR/cache";
Acquire::Languages "none";
APT::Install-Recommends "false";
APT::Sandbox::User "root";
#clear APT::Update::Pre-Invoke;
#clear APT::Update::Post-Invoke;
#clear APT::Update::Post-Invoke-Success;
#clear DPkg::Pre-Invoke;
#clear DPkg::Post-Invoke;
#clear DPkg::Pre-Install-Pkgs;
EOF
}

# dpkg -x runs no maintainer scripts: make the links that update-alternatives
# would make (OpenBLAS: libopenblas.so.0, libblas.so.3, openblas.pc, ...)
make_alternatives() {
    for deb in "$APTDIR"/cache/archives/*.deb; do
        ctl=$(mktemp -d)
        dpkg-deb -e "$deb" "$ctl"
        if [ -f "$ctl/postinst" ]; then
            sed -e ':a' -e '/\\$/N; s/\\\n//; ta' "$ctl/postinst" |
                awk '/update-alternatives/ { for (i = 1; i <= NF; i++)
                         if ($i == "--install" || $i == "--slave") print $(i + 1), $(i + 3) }'
        fi
        rm -rf "$ctl"
    done | while read -r link target; do
        [ -e "$SYSROOT$target" ] || continue
        mkdir -p "$SYSROOT$(dirname "$link")"
        ln -sfn "$(realpath -m -s --relative-to="$(dirname "$link")" "$target")" "$SYSROOT$link"
    done
}

step_sysroot() {
    stamp="$SYSROOT/.hetsim-sysroot"
    want=$(echo "$ARM64_PACKAGES" | tr -s "\n" " ")
    if [ "${ARM64_REFRESH:-0}" != 1 ] && [ -f "$stamp" ] && [ "$(head -n 1 "$stamp")" = "$want" ]; then
        say "sysroot: reusing $SYSROOT ($(($(wc -l <"$stamp") - 1)) packages; ARM64_REFRESH=1 to download again)"
        return 0
    fi
    write_apt_conf
    say "sysroot: apt update (arm64 lists in $APTDIR)"
    apt-get -c "$APTDIR/apt.conf" -q update >"$ARM64_DIR/apt-update.log" 2>&1 ||
        { cat "$ARM64_DIR/apt-update.log"; die "apt-get update for arm64 failed"; }
    rm -f "$APTDIR"/cache/archives/*.deb
    # shellcheck disable=SC2086
    apt-get -c "$APTDIR/apt.conf" -q -y --download-only install $ARM64_PACKAGES \
        >"$ARM64_DIR/apt-download.log" 2>&1 ||
        { cat "$ARM64_DIR/apt-download.log"; die "downloading the arm64 packages failed"; }
    rm -rf "$SYSROOT"
    mkdir -p "$SYSROOT"
    for deb in "$APTDIR"/cache/archives/*.deb; do
        dpkg -x "$deb" "$SYSROOT"
    done
    # merged /usr, as on an installed Debian 12
    for top in bin sbin lib; do
        if [ -d "$SYSROOT/$top" ] && [ ! -L "$SYSROOT/$top" ]; then
            mkdir -p "$SYSROOT/usr/$top"
            cp -a "$SYSROOT/$top/." "$SYSROOT/usr/$top/"
            rm -rf "${SYSROOT:?}/$top"
            ln -s "usr/$top" "$SYSROOT/$top"
        fi
    done
    # absolute links (libm.so -> /lib/...) would point into the host: make them relative
    find "$SYSROOT" -type l -lname '/*' | while read -r l; do
        t=$(readlink "$l")
        ln -sfn "$(realpath -m -s --relative-to="$(dirname "${l#"$SYSROOT"}")" "$t")" "$l"
    done
    make_alternatives
    # ICDs the OpenCL loader reads (none: under qemu there is no OpenCL device)
    mkdir -p "$SYSROOT/etc/OpenCL/vendors"
    {
        echo "$want"
        for deb in "$APTDIR"/cache/archives/*.deb; do basename "$deb"; done
    } >"$stamp"
    say "sysroot: $(($(wc -l <"$stamp") - 1)) arm64 packages unpacked into $SYSROOT ($(du -sh "$SYSROOT" | cut -f1)):"
    tail -n +2 "$stamp" | sed 's/_arm64\.deb$//; s/_all\.deb$/ (all)/; s/^/  /'
}

# pkg-config reads only the sysroot's .pc files and prefixes their paths
pkg_env() {
    unset PKG_CONFIG_PATH
    PKG_CONFIG_SYSROOT_DIR=$SYSROOT
    PKG_CONFIG_LIBDIR=$SYSROOT/usr/lib/$TRIPLET/pkgconfig:$SYSROOT/usr/share/pkgconfig
    export PKG_CONFIG_SYSROOT_DIR PKG_CONFIG_LIBDIR
}

# ---- 3. cross build ----
step_build() {
    [ -f "$SYSROOT/.hetsim-sysroot" ] || die "no sysroot in $SYSROOT: run $0 sysroot first"
    [ ! -f "$SRCDIR/config.status" ] || die "$SRCDIR is configured in place, which a build in \
another folder refuses: run make check-arm64 there (it builds a pristine copy), or make distclean"
    if [ ! -x "$SRCDIR/configure" ]; then
        say "build: autoreconf -fi in $SRCDIR"
        (cd "$SRCDIR" && autoreconf -fi)
    fi
    pkg_env
    rm -rf "$BUILD" "$STAGE"
    mkdir -p "$BUILD"
    say "build: configure --host=$TRIPLET in $BUILD"
    (cd "$BUILD" && "$SRCDIR/configure" --host="$TRIPLET" \
        CC="$TRIPLET-gcc --sysroot=$SYSROOT" PKG_CONFIG="$(command -v pkg-config)" \
        --with-openblas --with-opencl --with-clblast \
        --without-python --without-protobuf --without-mpi) >"$ARM64_DIR/configure.log" 2>&1 ||
        { tail -n 30 "$ARM64_DIR/configure.log"; die "configure for $TRIPLET failed (see $ARM64_DIR/configure.log)"; }
    sed -n '/^configure: *$/,$p' "$ARM64_DIR/configure.log"
    say "build: make -j$ARM64_JOBS hetsim tests/test_hetsim"
    make -C "$BUILD" -j"$ARM64_JOBS" hetsim tests/test_hetsim >"$ARM64_DIR/make.log" 2>&1 ||
        { tail -n 40 "$ARM64_DIR/make.log"; die "the cross build failed (see $ARM64_DIR/make.log)"; }
    if grep -E 'warning:' "$ARM64_DIR/make.log"; then
        say "build: (the warnings above are from the cross compiler)"
    fi
    make -C "$BUILD" install DESTDIR="$STAGE" >"$ARM64_DIR/install.log" 2>&1 ||
        { tail -n 20 "$ARM64_DIR/install.log"; die "make install DESTDIR=$STAGE failed"; }
    for f in "$BUILD/hetsim" "$BUILD/tests/test_hetsim"; do
        "$TRIPLET-readelf" -h "$f" | grep -q 'Machine:.*AArch64' || die "$f is not an AArch64 executable"
    done
    say "build: $BUILD/hetsim is AArch64, needs: $("$TRIPLET-readelf" -d "$BUILD/hetsim" |
        sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p' | tr '\n' ' ')"
}

# ---- 4. tests under qemu ----
passed=0
failed=0
ok() { passed=$((passed + 1)); say "ok: $*"; }
bad() { failed=$((failed + 1)); say "FAIL: $*"; }

# emu LOG CMD...: run CMD under qemu with the sysroot, bounded; output in LOG
emu() {
    log=$1
    shift
    timeout -k 10 "$ARM64_TIMEOUT" qemu-aarch64 -L "$SYSROOT" "$@" >"$log" 2>&1
}

# CUnit run: exit 0, its closing line with 0 failed, the OpenCL note
cunit_ok() {
    what=$1 log=$2 rc=$3
    if [ "$rc" -eq 0 ] && grep -qE '^test_hetsim: [1-9][0-9]* passed, 0 failed$' "$log"; then
        ok "$what: $(grep -E '^test_hetsim: ' "$log")"
    else
        bad "$what: exit $rc (124: over ${ARM64_TIMEOUT}s)"
        tail -n 40 "$log"
        return 0
    fi
    # OpenCL has no device here: the tests must have said so and gone on
    if grep -q 'OpenCL tests skipped: .*no OpenCL platform' "$log"; then
        ok "$what: OpenCL refused with a message (no platform under qemu)"
    else
        bad "$what: no note that OpenCL was skipped for want of a platform"
    fi
}

step_test() {
    [ -x "$BUILD/tests/test_hetsim" ] || die "nothing built in $BUILD: run $0 build first"
    # the sysroot's (empty) ICD folder: the OpenCL loader finds no platform
    export OCL_ICD_VENDORS="$SYSROOT/etc/OpenCL/vendors"
    L=$ARM64_DIR/logs
    rm -rf "$L" "$ARM64_DIR/rec"
    mkdir -p "$L"
    cd "$BUILD"
    # the native kernels against references, on each core's OpenBLAS kernels
    for cpu in $ARM64_CPUS; do
        rc=0
        (
            export OPENBLAS_VERBOSE=2 QEMU_CPU="$cpu"
            emu "$L/native-$cpu.log" tests/test_hetsim "native executor"
        ) || rc=$?
        core=$(sed -n 's/^Core: //p' "$L/native-$cpu.log" | head -n 1)
        cunit_ok "native kernel suite, qemu cpu $cpu (OpenBLAS core ${core:-?})" "$L/native-$cpu.log" $rc
    done
    # hetsim under qemu for the tests that run the command (the shell they
    # start is the host's)
    printf '#!/bin/sh\nexec qemu-aarch64 -L "%s" "%s" "$@"\n' "$SYSROOT" "$BUILD/hetsim" \
        >"$ARM64_DIR/hetsim-qemu"
    chmod +x "$ARM64_DIR/hetsim-qemu"
    # every suite (native_mode: record, run and validate of a tiny model)
    rc=0
    (
        export HETSIM="$ARM64_DIR/hetsim-qemu"
        emu "$L/all-suites.log" tests/test_hetsim
    ) || rc=$?
    cunit_ok "every CUnit suite" "$L/all-suites.log" $rc
    if grep -q 'HETSIM not set' "$L/all-suites.log"; then
        bad "every CUnit suite: the tests of the hetsim command were skipped"
    fi
    # the command line's exit codes, messages and golden outputs, on AArch64
    rc=0
    HETSIM="$ARM64_DIR/hetsim-qemu" HS_SRCDIR="$SRCDIR" HS_HAVE_MPI=0 \
        timeout -k 10 "$ARM64_TIMEOUT" sh "$SRCDIR/tests/cli.sh" >"$L/cli.log" 2>&1 || rc=$?
    if [ "$rc" -eq 0 ] && grep -qE '^cli.sh: [1-9][0-9]* passed, 0 failed$' "$L/cli.log"; then
        ok "tests/cli.sh with the arm64 hetsim (golden outputs): $(grep '^cli.sh:' "$L/cli.log")"
    else
        bad "tests/cli.sh with the arm64 hetsim: exit $rc"
        grep -E '^FAIL' "$L/cli.log" | head -n 20
        tail -n 5 "$L/cli.log"
    fi
    # the installed hetsim, outside the build tree: data from HETSIM_DATA
    H=$STAGE/usr/local/bin/hetsim
    export HETSIM_DATA="$STAGE/usr/local/share/hetsim"
    rc=0
    emu "$L/record.log" "$H" native record -m mobilenet-v2 -o "$ARM64_DIR/rec" --backends cpu \
        --samples 2 --warmup 1 --splits "" --threads 2 --probe-hogs 1 --reps 3 || rc=$?
    if [ "$rc" -eq 0 ] && [ -s "$ARM64_DIR/rec/host.json" ] &&
        grep -q '"samples_us"' "$ARM64_DIR/rec/traces/host/mobilenet-v2/cpu.json" 2>/dev/null; then
        ok "native record -m mobilenet-v2 --backends cpu: host.json and traces written"
    else
        bad "native record -m mobilenet-v2 --backends cpu: exit $rc"
        tail -n 20 "$L/record.log"
    fi
    rc=0
    emu "$L/run.log" "$H" native run -m mobilenet-v2 -p cpu -d "$ARM64_DIR/rec/host.json" \
        --frames 2 --warmup 1 -q || rc=$?
    if [ "$rc" -eq 0 ] && grep -q '^latency (ms): mean' "$L/run.log"; then
        ok "native run -m mobilenet-v2 -p cpu: $(grep '^latency' "$L/run.log")"
        grep '^backends:' "$L/run.log" | sed 's/^/  /'
    else
        bad "native run -m mobilenet-v2 -p cpu: exit $rc"
        tail -n 20 "$L/run.log"
    fi
    rc=0
    emu "$L/sim.log" "$H" run -d "$ARM64_DIR/rec/host.json" -m mobilenet-v2 -p cpu || rc=$?
    if [ "$rc" -eq 0 ] && grep -qE '^latency source +trace [1-9]' "$L/sim.log"; then
        ok "run -d rec/host.json (the simulator replays the arm64 traces): $(grep '^latency source' "$L/sim.log" | tr -s ' ')"
    else
        bad "run -d rec/host.json -m mobilenet-v2: exit $rc"
        tail -n 20 "$L/sim.log"
    fi
    # OpenCL asked for, no platform: a message and exit 1, no profile, no crash
    rc=0
    emu "$L/probe-opencl.log" "$H" native probe -o "$ARM64_DIR/rec/probe.json" --reps 3 \
        --probe-hogs 1 -q || rc=$?
    if [ "$rc" -eq 1 ] && grep -q 'no OpenCL platform' "$L/probe-opencl.log" &&
        [ ! -e "$ARM64_DIR/rec/probe.json" ]; then
        ok "native probe with OpenCL and no platform: exit 1, \"$(grep -m 1 'no OpenCL platform' "$L/probe-opencl.log")\""
    else
        bad "native probe with OpenCL and no platform: exit $rc (want 1 and a message)"
        tail -n 20 "$L/probe-opencl.log"
    fi
    echo "cross_arm64: $passed passed, $failed failed"
}

t0=$(now)
case "$STEP" in
tools) step_tools ;;
sysroot) step_sysroot ;;
build) step_build ;;
test) step_test ;;
all)
    step_tools
    t1=$(now)
    step_sysroot
    t2=$(now)
    step_build
    t3=$(now)
    step_test
    t4=$(now)
    say "times: tools $((t1 - t0)) s, sysroot $((t2 - t1)) s, build $((t3 - t2)) s, tests under qemu $((t4 - t3)) s; total $((t4 - t0)) s"
    ;;
*) die "unknown step \"$STEP\": expected all, tools, sysroot, build or test" ;;
esac
[ "$failed" -eq 0 ]
