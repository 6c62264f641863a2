"""Spec facts of the eight device profiles, each figure with its source.

make_profiles.py turns these into devices/*.json, adding what is fitted or
derived from data (op_models, DVFS operating points, efficiencies and launch
overheads from the fits). Source strings start with their provenance class
(devices/profile.h hs_provenance): "measured:", "fitted:", "calibrated:",
"derived:", "scaled:", "assumption:"; a plain citation is a published figure.
"devices.md" is the project's reference sheet of public spec facts
(shared/reference/devices.md, each value there with its public source).
Figures marked "from memory" were not in the reference sheet: verify them
against the vendor documents before relying on them.

A processor's "model" entry (stripped from the JSON) says where its op models
come from:
  ("qed_gpu", DEV)                  per-op fit on the qed GPU data of DEV
  ("qed_cpu", DEV, CONFIG)          whole-model fit on the qed CPU config
  ("scale", DEVICE, PROC, how)      scaled from another profile's processor
  ("accel", KEY)                    calibrated on published whole-model latencies
  None                              no op models: roofline only
"""


def V(value, source):
    return {"value": value, "source": source}


DEVMD = "devices.md"
LIU = "Liu et al. 2024 (shared/reference/paper-findings.md)"

# ---------------------------------------------------------------- CPU cores
# fp32 FLOP per cycle per core (NEON FMA width x pipes x 2) and whether the
# core has the Armv8.2 dot-product instructions (int8 at 4x the fp32 rate;
# without them 2x: widening 16-bit multiply-accumulates).
CORES = {
    "A76": (16, True, "Cortex-A76: 2 x 128-bit NEON FMA pipes (Arm Cortex-A76 TRM)"),
    "A78": (16, True, "Cortex-A78: 2 x 128-bit NEON FMA pipes (Arm Cortex-A78 TRM)"),
    "X1": (32, True, "Cortex-X1: 4 x 128-bit NEON FMA pipes (Arm Cortex-X1 TRM)"),
    "X3": (32, True, "Cortex-X3: 4 x 128-bit NEON FMA pipes (Arm Cortex-X3 TRM)"),
    "A715": (16, True, "Cortex-A715/A710: 2 x 128-bit NEON FMA pipes (Arm TRMs)"),
    "A55": (8, True, "Cortex-A55: one 128-bit NEON FMA per cycle (Arm Cortex-A55 TRM)"),
    "A510": (8, True, "assumption: Cortex-A510 pairs share a 2 x 128-bit vector unit, "
                      "counted as one 128-bit FMA per core per cycle"),
    "A53": (8, False, "assumption: Cortex-A53, one 128-bit NEON FMA per cycle (from memory), "
                      "Armv8.0: no dot product"),
    "A73": (8, False, "assumption: Kryo 280 Gold (Cortex-A73 class), one 128-bit NEON FMA per "
                      "cycle (from memory), Armv8.0: no dot product"),
    "M4": (16, True, "assumption: Exynos M4, 2 x 128-bit FMA pipes (from memory of Samsung's "
                     "Hot Chips 2019 talk; verify)"),
    "A75": (8, True, "assumption: Cortex-A75, one 128-bit FMA per cycle (from memory)"),
    "Carmel": (16, True, "NVIDIA Carmel (Armv8.2): 2 x 128-bit NEON FMA pipes (from memory)"),
}


def cpu(name, core, cores, ghz, ghz_src, layout="NHWC"):
    """A CPU cluster: peaks derived from its cores, clocks and core type."""
    flop, sdot, core_src = CORES[core]
    fp32 = round(flop * ghz * cores, 2)
    return {
        "name": name, "kind": "cpu",
        "cores": V(cores, ghz_src),
        "freq_ghz": V(ghz, ghz_src),
        "dtypes": ["fp32", "int8"],
        "peak_gflops": {
            "fp32": V(fp32, "derived: %d FP32 FLOP/cycle/core x %d x %g GHz; %s"
                      % (flop, cores, ghz, core_src)),
            "int8": V(round(fp32 * (4 if sdot else 2), 2),
                      "derived: %dx the fp32 rate (%s)" % (4 if sdot else 2,
                                                           "SDOT, Armv8.2 dot product" if sdot
                                                           else "no dot product: 16-bit "
                                                           "widening multiply-accumulate")),
        },
        "layout": layout,
        "support": {"default": True,
                    "source": "TFLite (XNNPACK) and ONNX Runtime CPU kernels cover the ONNX CNN "
                              "and transformer op sets"},
        "_core": core,
    }


# ------------------------------------------------------- support tables

def R(op, source, **kw):
    r = {"op": op}
    r.update(kw)
    r["source"] = source
    return r


TFLITE_GPU = "TFLite GPU delegate op list (tensorflow/lite/delegates/gpu, TF 2.10)"


def tflite_gpu_support():
    ok = [("Conv", "CONV_2D, DEPTHWISE_CONV_2D; grouped conv runs as convolution_2d_grouped "
                   "kernels (qed per-op data, all four GPUs)"),
          ("ConvTranspose", "TRANSPOSE_CONV"), ("Gemm", "FULLY_CONNECTED"),
          ("MatMul", "BATCH_MATMUL"), ("Relu", "RELU"), ("Clip", "RELU6 / RELU_N1_TO_1"),
          ("LeakyRelu", "LEAKY_RELU"), ("PRelu", "PRELU"), ("Sigmoid", "LOGISTIC"),
          ("Tanh", "TANH"), ("HardSwish", "HARD_SWISH"), ("Elu", "ELU"), ("Add", "ADD"),
          ("Sub", "SUB"), ("Mul", "MUL"), ("Div", "DIV"), ("Max", "MAXIMUM"),
          ("Min", "MINIMUM"), ("Pow", "POW"), ("Sqrt", "SQRT"), ("Exp", "EXP"), ("Log", "LOG"),
          ("Abs", "ABS"), ("Neg", "NEG"), ("MaxPool", "MAX_POOL_2D"),
          ("AveragePool", "AVERAGE_POOL_2D"), ("GlobalAveragePool", "MEAN over H, W"),
          ("ReduceMean", "MEAN"), ("Concat", "CONCATENATION"), ("Softmax", "SOFTMAX"),
          ("Resize", "RESIZE_BILINEAR / RESIZE_NEAREST_NEIGHBOR"), ("Reshape", "RESHAPE"),
          ("Flatten", "RESHAPE"), ("Squeeze", "RESHAPE"), ("Unsqueeze", "RESHAPE"),
          ("Transpose", "TRANSPOSE"), ("Pad", "PAD / MIRROR_PAD"), ("Slice", "SLICE"),
          ("Split", "SPLIT"), ("DepthToSpace", "DEPTH_TO_SPACE"),
          ("SpaceToDepth", "SPACE_TO_DEPTH"),
          # TFLite has no normalisation op: its converter lowers instance and
          # layer norm to primitives the delegate runs, one kernel each
          ("InstanceNormalization", "no fused kernel: the TFLite converter lowers instance norm "
                                    "to MEAN, SQUARED_DIFFERENCE, ADD, RSQRT, MUL and SUB, all in "
                                    "the delegate op list"),
          ("LayerNormalization", "no fused kernel: the TFLite converter lowers layer norm to "
                                 "MEAN, SQUARED_DIFFERENCE, ADD, RSQRT, MUL and SUB, all in the "
                                 "delegate op list")]
    no = [("BatchNormalization", "no standalone batch norm: the converter folds it into the "
                                 "convolution"),
          ("Erf", "ERF is not in the delegate op list"),
          ("Gather", "GATHER is not in the delegate op list"),
          ("Cast", "CAST is not in the delegate op list"),
          ("Where", "SELECT is not in the delegate op list")]
    rules = [R(op, "TFLite GPU: " + src, **({"dtypes": ["fp16", "fp32"]} if op == "Conv" else {}))
             for op, src in ok]
    rules += [R(op, "TFLite GPU: " + src, supported=False) for op, src in no]
    return {"default": False, "source": TFLITE_GPU, "rules": rules}


HEXAGON = ("TFLite Hexagon delegate supported ops and constraints "
           "(tensorflow/lite/delegates/hexagon, quantized models only; from memory of its README)")


def hexagon_support():
    i8 = {"dtypes": ["int8"]}
    rules = [
        R("Conv", "Hexagon delegate: CONV_2D, stride height/width <= 3", group="none",
          stride_max=3, **i8),
        R("Conv", "Hexagon delegate: DEPTHWISE_CONV_2D, filter 3x3, depth multiplier 1, "
                  "stride <= 3", group="depthwise", kernel_max=3, stride_max=3, **i8),
        R("ConvTranspose", "Hexagon delegate: TRANSPOSE_CONV", **i8),
        R("Gemm", "Hexagon delegate: FULLY_CONNECTED", **i8),
    ]
    for op, src in [("Relu", "RELU"), ("Clip", "RELU6 / RELU_N1_TO_1"), ("Sigmoid", "LOGISTIC"),
                    ("Tanh", "TANH"), ("HardSwish", "HARD_SWISH"), ("Add", "ADD"),
                    ("Sub", "SUB"), ("Mul", "MUL"), ("Max", "MAXIMUM"), ("Min", "MINIMUM"),
                    ("MaxPool", "MAX_POOL_2D"), ("AveragePool", "AVERAGE_POOL_2D"),
                    ("GlobalAveragePool", "MEAN"), ("ReduceMean", "MEAN"),
                    ("Concat", "CONCATENATION"), ("Softmax", "SOFTMAX"),
                    ("Reshape", "RESHAPE"), ("Flatten", "RESHAPE"), ("Squeeze", "RESHAPE"),
                    ("Unsqueeze", "RESHAPE"), ("Pad", "PAD / MIRROR_PAD"),
                    ("Resize", "RESIZE_BILINEAR / RESIZE_NEAREST_NEIGHBOR"),
                    ("Transpose", "TRANSPOSE"), ("Slice", "SLICE / STRIDED_SLICE"),
                    ("Split", "SPLIT"), ("DepthToSpace", "DEPTH_TO_SPACE"),
                    ("SpaceToDepth", "SPACE_TO_DEPTH")]:
        rules.append(R(op, "Hexagon delegate: " + src))
    for op, src in [("MatMul", "no BATCH_MATMUL"), ("LayerNormalization", "no layer norm"),
                    ("InstanceNormalization", "no instance norm"),
                    ("BatchNormalization", "folded into the convolution by the converter"),
                    ("Erf", "no ERF"), ("Gather", "no GATHER"), ("Div", "no DIV"),
                    ("LeakyRelu", "no LEAKY_RELU"), ("Exp", "no EXP")]:
        rules.append(R(op, "Hexagon delegate: " + src, supported=False))
    return {"default": False, "source": HEXAGON, "rules": rules}


def qnn_htp_support():
    return {"default": True,
            "source": "Qualcomm QNN HTP backend op definitions (QNN SDK docs) cover the ONNX CNN "
                      "and transformer op sets: Qualcomm AI Hub runs ResNet-50, MobileNetV2, "
                      "Inception-v3 and transformer encoders whole on the HTP (from memory of "
                      "the AI Hub model pages)",
            "rules": [R("Gather", "assumption: embedding lookups run on the CPU in AI Hub's "
                                  "transformer exports", supported=False)]}


HIAI = ("Paddle-Lite huawei_kirin_npu supported-op list (HiAI DDK v510; docs/demo_guides/"
        "huawei_kirin_npu.md, from memory; verify)")


def hiai_support():
    rules = []
    for op, src in [("Conv", "conv2d, depthwise_conv2d (groups allowed)"),
                    ("ConvTranspose", "conv2d_transpose"), ("Gemm", "fc"), ("MatMul", "matmul"),
                    ("Relu", "relu"), ("Clip", "relu6"), ("LeakyRelu", "leaky_relu"),
                    ("Sigmoid", "sigmoid"), ("Tanh", "tanh"), ("Add", "elementwise_add"),
                    ("Sub", "elementwise_sub"), ("Mul", "elementwise_mul"),
                    ("Div", "elementwise_div"), ("MaxPool", "pool2d"),
                    ("AveragePool", "pool2d"), ("GlobalAveragePool", "pool2d (global)"),
                    ("BatchNormalization", "batch_norm"), ("Concat", "concat"),
                    ("Softmax", "softmax"), ("Resize", "nearest_interp / bilinear_interp"),
                    ("Reshape", "reshape2"), ("Flatten", "flatten"), ("Squeeze", "squeeze2"),
                    ("Unsqueeze", "unsqueeze2"), ("Transpose", "transpose2"),
                    ("Pad", "pad2d"), ("Split", "split")]:
        rules.append(R(op, "HiAI via Paddle-Lite: " + src))
    for op, src in [("InstanceNormalization", "no instance_norm in the op list"),
                    ("LayerNormalization", "no layer_norm in the op list"),
                    ("Erf", "no erf"), ("Gather", "no gather")]:
        rules.append(R(op, "HiAI via Paddle-Lite: " + src, supported=False))
    return {"default": False, "source": HIAI, "rules": rules}


NNAPI11 = ("Android NNAPI 1.1 operations (Android 9, the S10's launch release; NDK "
           "NeuralNetworks.h): the Exynos 9820 NPU driver accelerates quantized convolution-type "
           "layers")


def exynos_npu_support():
    i8 = {"dtypes": ["int8"]}
    rules = [R("Conv", "NNAPI 1.1: CONV_2D, DEPTHWISE_CONV_2D (GROUPED_CONV_2D is NNAPI 1.2)",
               group="none_or_depthwise", **i8),
             R("Gemm", "NNAPI 1.1: FULLY_CONNECTED", **i8)]
    for op, src in [("Relu", "RELU"), ("Clip", "RELU6"), ("Add", "ADD"), ("Mul", "MUL"),
                    ("MaxPool", "MAX_POOL_2D"), ("AveragePool", "AVERAGE_POOL_2D"),
                    ("GlobalAveragePool", "AVERAGE_POOL_2D"), ("Concat", "CONCATENATION"),
                    ("Reshape", "RESHAPE"), ("Flatten", "RESHAPE")]:
        rules.append(R(op, "NNAPI 1.1: " + src))
    for op, src in [("ConvTranspose", "TRANSPOSE_CONV_2D only from NNAPI 1.2 (Android 10)"),
                    ("InstanceNormalization", "INSTANCE_NORMALIZATION only from NNAPI 1.2"),
                    ("LayerNormalization", "no layer norm operation"),
                    ("Softmax", "assumption: SOFTMAX and other non-convolution ops are run by the "
                                "driver outside the NPU"),
                    ("Sigmoid", "assumption: run by the driver outside the NPU"),
                    ("MatMul", "no batched matmul in NNAPI 1.1")]:
        rules.append(R(op, "NNAPI 1.1: " + src, supported=False))
    return {"default": False, "source": NNAPI11, "rules": rules}


TRT_DLA = ("TensorRT 8 developer guide, 'DLA Supported Layers and Restrictions' (Xavier "
           "DLA; from memory; verify)")


def dla_support():
    rules = [R("Conv", "DLA Convolution: kernel [1, 32], stride [1, 8], dilation [1, 32], "
                       "groups allowed", kernel_max=32, stride_max=8, dilation_max=32),
             R("ConvTranspose", "DLA Deconvolution: kernel [1, 32], stride [1, 32]",
               kernel_max=32, stride_max=32),
             R("Gemm", "DLA FullyConnected"),
             R("MaxPool", "DLA Pooling: window [1, 8], stride [1, 16]", kernel_max=8,
               stride_max=16),
             R("AveragePool", "DLA Pooling: window [1, 8], stride [1, 16]", kernel_max=8,
               stride_max=16),
             R("GlobalAveragePool", "DLA Pooling (window up to 8: a 7x7 global pool fits)")]
    for op, src in [("Relu", "Activation ReLU"), ("Clip", "Activation Clipped ReLU"),
                    ("Sigmoid", "Activation Sigmoid"), ("Tanh", "Activation TanH"),
                    ("LeakyRelu", "Activation Leaky ReLU"), ("Add", "ElementWise Sum"),
                    ("Sub", "ElementWise Sub"), ("Mul", "ElementWise Prod"),
                    ("Max", "ElementWise Max"), ("Min", "ElementWise Min"),
                    ("BatchNormalization", "Scale"), ("Concat", "Concatenation (channel axis)"),
                    ("Resize", "Resize (nearest, integer scales)"),
                    ("Reshape", "Shuffle (restricted)"), ("Flatten", "Shuffle (restricted)")]:
        rules.append(R(op, "DLA " + src))
    for op, src in [("MatMul", "no MatrixMultiply on DLA"), ("Softmax", "no SoftMax on Xavier DLA"),
                    ("LayerNormalization", "no layer norm"),
                    ("InstanceNormalization", "no instance norm"),
                    ("Transpose", "no general Shuffle transpose"), ("Gather", "no Gather"),
                    ("Erf", "no Erf"), ("Pad", "no Padding layer"), ("Slice", "no Slice"),
                    ("Split", "no Slice")]:
        rules.append(R(op, "DLA: " + src, supported=False))
    return {"default": False, "source": TRT_DLA, "rules": rules}


# ------------------------------------------------------- shared figures

ASSUME_CPU_BW = "assumption: one CPU cluster streams about half of the DRAM bandwidth"
ASSUME_LITTLE_BW = "assumption: the little cluster streams about a quarter of the DRAM bandwidth"
ASSUME_GPU_BW = "assumption: the GPU streams most of the DRAM bandwidth"
ASSUME_ACC_BW = "assumption: the accelerator's DMA reaches about half of the DRAM bandwidth"

CONT_SRC = ("calibrated on the Mi 9: 3 competing processes slow CPU inference 10.2x (%s, finding "
            "3); little_ratio = per-core peak of this cluster over the device's little core; "
            "migration_load and interference as calibrated for the Mi 9 (scripts/fit/"
            "device_specs.py)" % LIU)


def thermal(sustained=None, sustained_src=None):
    t = {"ambient_c": V(25.0, "room temperature"),
         "throttle_c": V(55.0, "assumption: phones throttle on skin temperature (40-45 C), about "
                               "55 C at the SoC sensor the lumped model stands for"),
         "release_c": V(50.0, "assumption: 5 C of hysteresis"),
         "resistance_c_per_w": V(10.0, "assumption: a phone body sheds ~3-4 W at ~35-40 C above "
                                       "ambient in steady state"),
         "capacity_j_per_c": V(8.0, "assumption: a heat-up time constant R x C of ~80 s, the "
                                    "minute-scale heating of sustained benchmarks")}
    if sustained is not None:
        t["sustained_ratio"] = V(sustained, sustained_src)
    t["source"] = ("lumped RC model; no per-phone thermal measurement in the references: "
                   "throttle point and RC are assumptions to be replaced by a recorded "
                   "thermal soak")
    return t


def gpu_links(cpu, gpu, scaled_from=None):
    """CPU <-> GPU exchange of a shared (CL_MEM_ALLOC_HOST_PTR) buffer: unmap
    latency plus the map, linear in bytes. The meeting's sync and the layout
    conversion are the "coexec" mechanisms (coexec() below)."""
    lat_src = ("CoDL (Jia et al., MobiSys '22) Fig. 3, SD855: unmapping 0.003 ms; mapping is "
               "linear in the shared bytes (Sec. 5.1), so it is the bandwidth term")
    bw_src = ("derived: CoDL Fig. 3, SD855: mapping 0.07 ms for the CPU's half (0.80 MB fp32) "
              "of a 112x112x32 input: 0.80 MB / 70 us = 11.5 GB/s")
    if scaled_from:
        lat_src = "scaled: the %s figure carried over (same OpenCL map path, assumption): %s" % (
            scaled_from, lat_src)
        bw_src = "scaled: the %s figure carried over (assumption): %s" % (scaled_from, bw_src)
    lat, bw = V(3.0, lat_src), V(11.5, bw_src)
    return [{"from": cpu, "to": gpu, "latency_us": lat, "bandwidth_gbps": bw,
             "source": "OpenCL map/unmap of a shared buffer"},
            {"from": gpu, "to": cpu, "latency_us": lat, "bandwidth_gbps": bw,
             "source": "OpenCL map/unmap of a shared buffer"}]


BUFFER_ADRENO = ("CoDL (Jia et al., MobiSys '22) Sec. 1-2, 7.1: muLayer-style runtimes use the "
                 "OpenCL buffer type on both processors, so Adreno loses the ~3.5x advantage of "
                 "image kernels (CoDL vs CoDL-with-buffer 3.64x on Snapdragon, Sec. 7.2)")
BUFFER_MALI = ("CoDL Table 2 / Sec. 7.1: buffer is the GPU type CoDL itself uses on Mali (image "
               "on Adreno): no image advantage to lose (Kirin 990: CoDL-with-image 2.66x slower)")

BUFFER_PVR = ("assumption: no public figure for buffer vs image kernels on PowerVR GE8320; 1 (no "
              "image advantage assumed)")


def coexec(scaled_from=None, buffer=(3.5, BUFFER_ADRENO)):
    """What co-executing one op on CPU and GPU costs beyond compute and the
    map (docs/profiles.md "coexec"): sync, signal and conversion from CoDL's
    per-op breakdown on the SD855; split_dispatch_us and interference are
    derived from the built profile in make_profiles.py (coexec_json)."""
    def src(text):
        if scaled_from:
            return "scaled: the %s figure carried over (assumption: same OpenCL driver path): %s" % (
                scaled_from, text)
        return text
    return {
        "sync_us": V(850.0, src(
            "CoDL (Jia et al., MobiSys '22) Fig. 3, SD855: pre-sync 0.85 ms (the CPU learns the GPU "
            "finished; Sec. 5.1: 'no clear pattern', driver-bound, upper bound 1 ms = "
            "ConstModel(\"SYNC\", 1) in codl-mobile op_latency_predict.cc)")),
        "signal_us": V(60.0, src(
            "CoDL Fig. 3, SD855: post-sync 0.06 ms (the GPU learns the CPU finished; Sec. 5.1: "
            "~50 us)")),
        "convert_ns_per_byte": V(0.0625, src(
            "derived: CoDL Fig. 3, SD855: data transformation (buffer <-> image) 0.05 ms for the "
            "CPU's half (0.80 MB fp32) of a 112x112x32 input; linear in bytes (Sec. 5.1)")),
        "buffer_slowdown": V(buffer[0], buffer[1] if buffer[0] == 1.0 else src(buffer[1])),
        "wait": "yield",
        "source": src("CoDL waits with cl::Event::wait() / queue.finish() (codl-mobile "
                      "opencl_runtime.cc): a blocking driver wait, so the CPU yields"),
    }


def coexec_json(cx, procs, dram, accel="gpu", cpu="cpu_big"):
    """The profile's "coexec" object: `cx` (coexec()) plus the terms derived
    from the built processors: the GPU's per-kernel dispatch for each split
    part, and the DRAM share both parts demand while they run together."""
    by = {p["name"]: p for p in procs}
    g, c = by[accel], by[cpu]
    num = lambda x: x["value"] if isinstance(x, dict) else x
    launch = num(g["launch_overhead_us"])
    bw_c, bw_g = num(c["mem_bandwidth_gbps"]), num(g["mem_bandwidth_gbps"])
    bound = max(1.0, (bw_c + bw_g) / dram)
    isrc = ("assumption: no slowdown of co-running DNN parts on a phone was found measured "
            "(coexec-costs.md section 7; CoDL Sec. 7.6 reports none), so 1; the DRAM-share upper "
            "bound that memory-bound parts could reach is (%s %g + %s %g GB/s) / %g GB/s = %.3g "
            "(derived), which would make no CoDL split pay on this phone" % (
                cpu, bw_c, accel, bw_g, dram, bound))
    f = 1.0
    out = {"sync_us": cx["sync_us"], "signal_us": cx["signal_us"],
           "split_dispatch_us": V(launch, "derived: each part of a split op is its own flush + "
                                          "submit: the GPU's per-kernel launch overhead of this "
                                          "profile (launch_overhead_us)"),
           "convert_ns_per_byte": cx["convert_ns_per_byte"],
           "interference": {"cpu": V(f, isrc), "accel": V(f, isrc), "source": isrc},
           "buffer_slowdown": cx["buffer_slowdown"],
           "wait": cx["wait"], "with": accel, "source": cx["source"]}
    return out


def cluster_links(names):
    out = []
    for a in names:
        for b in names:
            if a != b:
                out.append({"from": a, "to": b, "latency_us": 2.0, "bandwidth_gbps": 15.0,
                            "source": "assumption: clusters share L3/DRAM, cache-coherent"})
    return out


def acc_links(cpu, acc, what, latency, latency_src):
    lat = V(latency, latency_src)
    bw = V(10.0, "assumption: shared ION/dma-buf buffers, zero-copy up to cache maintenance")
    return [{"from": cpu, "to": acc, "latency_us": lat, "bandwidth_gbps": bw, "source": what},
            {"from": acc, "to": cpu, "latency_us": lat, "bandwidth_gbps": bw, "source": what}]


def conv_pair(a, b, bw, src, latency=0.0):
    return [{"from": a, "to": b, "latency_us": latency, "bandwidth_gbps": V(bw, src),
             "source": src},
            {"from": b, "to": a, "latency_us": latency, "bandwidth_gbps": V(bw, src),
             "source": src}]


D32_CONV = ("assumption: NHWC <-> Hexagon NN 'd32' layout (depth padded to 32) repacked on the "
            "DSP's HVX units, about one third of DRAM bandwidth")
NC1HWC0_CONV = ("assumption: NHWC <-> NC1HWC0 (Da Vinci, C0 = 16) conversion by the HiAI "
                "runtime, about one third of DRAM bandwidth")
DLA_CONV = ("assumption: TensorRT reformat layers between linear NCHW and the DLA's CHW16 / "
            "CHW32 formats, about one third of DRAM bandwidth")

DEFAULT_LINK = {"latency_us": V(50.0, "assumption: map/unmap + copy between the CPU and an "
                                      "accelerator with no explicit link"),
                "bandwidth_gbps": V(8.0, "assumption"),
                "source": "assumption for pairs with no explicit link"}

DECISION = V(50.0, "assumption: a runtime scheduling decision wakes a worker thread (tens of "
                   "microseconds on Android's scheduler) and enqueues an OpenCL kernel or a CPU "
                   "job; order of magnitude, to be replaced by a native measurement")


# ------------------------------------------------------------- devices

def xiaomi_mi9():
    fb = "freqbench sm8150"
    procs = [
        cpu("cpu_prime", "A76", 1, 2.84, "1x Cortex-A76 2.84 GHz (%s)" % fb),
        cpu("cpu_big", "A76", 3, 2.42, "3x Cortex-A76 2.42 GHz (%s)" % fb),
        cpu("cpu_little", "A55", 4, 1.78, "4x Cortex-A55 1.78 GHz (%s)" % fb),
        {"name": "gpu", "kind": "gpu",
         "cores": V(2, "Adreno 640: 2 shader processors, 768 FP32 ALUs (devices.md)"),
         "freq_ghz": V(0.585, "Adreno 640 max clock 585 MHz (azhirnov/cpu-gpu-arch via "
                              "devices.md)"),
         "dtypes": ["fp16", "fp32"],
         "peak_gflops": {"fp16": V(1797.0, "Adreno 640 @585 MHz FP16 peak (devices.md)"),
                         "fp32": V(898.0, "Adreno 640 @585 MHz FP32 peak (devices.md)")},
         "layout": "PHWC4", "support": tflite_gpu_support()},
        {"name": "dsp", "kind": "dsp",
         "cores": V(4, "Hexagon 690: 4 HVX 1024-bit vector contexts + tensor accelerator "
                       "(Qualcomm product brief, from memory)"),
         "freq_ghz": V(1.0, "assumption: order of magnitude of the Hexagon clock"),
         "dtypes": ["int8"],
         "peak_gflops": {"int8": V(3500.0, "assumption: half of the SD855 '7 TOPS' AI engine "
                                           "figure, which also counts CPU and GPU (devices.md)")},
         "layout": "NHWC d32", "support": hexagon_support()},
    ]
    return {
        "name": "xiaomi-mi9",
        "description": "Xiaomi Mi 9: Snapdragon 855 (Kryo 485: 1+3 Cortex-A76, 4 Cortex-A55; "
                       "Adreno 640 GPU; Hexagon 690 DSP)",
        "soc": "Snapdragon 855", "host": "cpu_big",
        "dram_bandwidth_gbps": V(30.0, "LPDDR4X-4266 x 64-bit = 34.1 GB/s peak, ~30 measured "
                                       "(devices.md)"),
        "decision_overhead_us": DECISION,
        "procs": procs,
        "models": {"cpu_prime": ("qed_cpu", "pixel4", "1large"),
                   "cpu_big": ("qed_cpu", "pixel4", "3med"),
                   "cpu_little": ("qed_cpu", "pixel4", "4small"),
                   "gpu": ("qed_gpu", "pixel4"),
                   "dsp": ("scale_accel", "sd865_dsp", 7.0 / 15.0,
                           "the SD865 (Hexagon 698) NNAPI int8 calibration scaled by the AI-"
                           "engine TOPS ratio 7 / 15 (SD855 '7 TOPS', devices.md; SD865 '15 "
                           "TOPS', Qualcomm, from memory)")},
        "dvfs": {"cpu_prime": ("sm8150", "7"), "cpu_big": ("sm8150", "4"),
                 "cpu_little": ("sm8150", "1")},
        "coexec": coexec(),
        "links": gpu_links("cpu_big", "gpu") +
        acc_links("cpu_big", "dsp", "FastRPC call + ION shared buffer", 50.0,
                  "assumption: a FastRPC round trip from the CPU to the DSP costs tens of "
                  "microseconds") + cluster_links(["cpu_prime", "cpu_big", "cpu_little"]),
        "convs": conv_pair("NHWC", "NHWC d32", 10.0, D32_CONV),
        "thermal": thermal(0.91, "3DMark Wild Life Stress stability of the SD855 GPU: 91 % "
                                 "(nanoreview, devices.md)"),
        "contention": {"gpu": 0.3667, "dsp": 0.2667},
    }


def xiaomi_mi6():
    fb = "freqbench msm8998"
    procs = [
        cpu("cpu_big", "A73", 4, 2.45, "4x Kryo 280 Gold 2.45 GHz (%s)" % fb),
        cpu("cpu_little", "A53", 4, 1.90, "4x Kryo 280 Silver 1.90 GHz (%s)" % fb),
        {"name": "gpu", "kind": "gpu",
         "cores": V(2, "assumption: Adreno 540, 2 shader processor clusters (from memory)"),
         "freq_ghz": V(0.71, "Adreno 540 @710 MHz (devices.md)"),
         "dtypes": ["fp16", "fp32"],
         "peak_gflops": {"fp16": V(1134.0, "Adreno 540 @710 MHz FP16 ~1134 GFLOPS (devices.md)"),
                         "fp32": V(567.0, "Adreno 540 @710 MHz FP32 ~567 GFLOPS (devices.md)")},
         "layout": "PHWC4", "support": tflite_gpu_support()},
        {"name": "dsp", "kind": "dsp",
         "cores": V(2, "assumption: Hexagon 682, 2 HVX 1024-bit contexts, no tensor "
                       "accelerator (from memory)"),
         "freq_ghz": V(0.92, "assumption: Hexagon 682 clock about 0.9 GHz (from memory)"),
         "dtypes": ["int8"],
         "peak_gflops": {"int8": V(470.0, "derived: 2 HVX x 128 int8 MAC/cycle x 2 x 0.92 GHz "
                                          "(figures above, assumptions)")},
         "efficiency": V(0.25, "assumption: no published latency for the Hexagon 682 in the "
                               "references; a quarter of peak"),
         "layout": "NHWC d32", "support": hexagon_support()},
    ]
    return {
        "name": "xiaomi-mi6",
        "description": "Xiaomi Mi 6: Snapdragon 835 (Kryo 280: 4 Gold, 4 Silver; Adreno 540 "
                       "GPU; Hexagon 682 DSP)",
        "soc": "Snapdragon 835", "host": "cpu_big",
        "dram_bandwidth_gbps": V(29.9, "LPDDR4X-1866 x 64-bit, derived (devices.md)"),
        "decision_overhead_us": DECISION,
        "procs": procs,
        "models": {"cpu_big": ("scale", "xiaomi-mi9", "cpu_big", "cpu"),
                   "cpu_little": ("scale", "samsung-a03s", "cpu_big", "cpu"),
                   "gpu": ("scale", "xiaomi-mi9", "gpu", "gpu"),
                   "dsp": None},
        "dvfs": {"cpu_big": ("msm8998", "4"), "cpu_little": ("msm8998", "1")},
        "coexec": coexec(scaled_from="xiaomi-mi9"),
        "links": gpu_links("cpu_big", "gpu", scaled_from="xiaomi-mi9") +
        acc_links("cpu_big", "dsp", "FastRPC call + ION shared buffer", 50.0,
                  "assumption: a FastRPC round trip costs tens of microseconds") +
        cluster_links(["cpu_big", "cpu_little"]),
        "convs": conv_pair("NHWC", "NHWC d32", 10.0, D32_CONV),
        "thermal": thermal(),
        "contention": {"gpu": 0.3667, "dsp": 0.2667},
    }


def xiaomi_mi11_pro():
    fb = "freqbench sm8350"
    procs = [
        cpu("cpu_prime", "X1", 1, 2.84, "1x Cortex-X1 2.84 GHz (%s)" % fb),
        cpu("cpu_big", "A78", 3, 2.42, "3x Cortex-A78 2.42 GHz (%s)" % fb),
        cpu("cpu_little", "A55", 4, 1.80, "4x Cortex-A55 1.80 GHz (%s)" % fb),
        {"name": "gpu", "kind": "gpu",
         "cores": V(3, "assumption: Adreno 660, 3 shader processors (from memory)"),
         "freq_ghz": V(0.84, "Adreno 660 @840 MHz (devices.md)"),
         "dtypes": ["fp16", "fp32"],
         "peak_gflops": {"fp16": V(3244.0, "Adreno 660 @840 MHz FP16 (devices.md)"),
                         "fp32": V(1622.0, "Adreno 660 @840 MHz FP32 (devices.md; a measured "
                                           "FMA rate of ~728 is noted there)")},
         "layout": "PHWC4", "support": tflite_gpu_support()},
        {"name": "dsp", "kind": "dsp",
         "cores": V(1, "Hexagon 780: one fused scalar/vector/tensor accelerator (Qualcomm, from "
                       "memory)"),
         "freq_ghz": V(1.0, "assumption: order of magnitude of the Hexagon clock"),
         "dtypes": ["int8"],
         "peak_gflops": {"int8": V(26000.0, "Hexagon 780, 26 TOPS (devices.md; Qualcomm's AI-"
                                            "engine figure, an upper bound)")},
         "layout": "NHWC d32", "support": hexagon_support()},
    ]
    return {
        "name": "xiaomi-mi11-pro",
        "description": "Xiaomi 11 Pro: Snapdragon 888 (Kryo 680: Cortex-X1, 3 Cortex-A78, 4 "
                       "Cortex-A55; Adreno 660 GPU; Hexagon 780)",
        "soc": "Snapdragon 888", "host": "cpu_big",
        "dram_bandwidth_gbps": V(34.5, "LPDDR5-6400 x 64-bit = 51.2 GB/s peak; 34-35 measured "
                                       "(devices.md)"),
        "decision_overhead_us": DECISION,
        "procs": procs,
        "models": {"cpu_prime": ("scale", "xiaomi-mi9", "cpu_prime", "cpu"),
                   "cpu_big": ("scale", "xiaomi-mi9", "cpu_big", "cpu"),
                   "cpu_little": ("scale", "xiaomi-mi9", "cpu_little", "cpu"),
                   "gpu": ("scale", "xiaomi-mi9", "gpu", "gpu"),
                   "dsp": ("scale_accel", "sd865_dsp", 26.0 / 15.0,
                           "the SD865 (Hexagon 698) NNAPI int8 calibration scaled by the AI-"
                           "engine TOPS ratio 26 / 15 (SD888 26 TOPS, devices.md; SD865 15 "
                           "TOPS, Qualcomm, from memory)")},
        "dvfs": {"cpu_prime": ("sm8350", "7"), "cpu_big": ("sm8350", "4"),
                 "cpu_little": ("sm8350", "1")},
        "coexec": coexec(scaled_from="xiaomi-mi9"),
        "links": gpu_links("cpu_big", "gpu", scaled_from="xiaomi-mi9") +
        acc_links("cpu_big", "dsp", "FastRPC call + ION shared buffer", 50.0,
                  "assumption: a FastRPC round trip costs tens of microseconds") +
        cluster_links(["cpu_prime", "cpu_big", "cpu_little"]),
        "convs": conv_pair("NHWC", "NHWC d32", 10.0, D32_CONV),
        "thermal": thermal(0.81, "derived: midpoint of the SD888 GPU's 70-92 % 3DMark stability "
                                 "(devices.md)"),
        "contention": {"gpu": 0.3667, "dsp": 0.2667},
    }


def xiaomi_13():
    procs = [
        cpu("cpu_prime", "X3", 1, 3.20, "1x Cortex-X3 3.20 GHz (devices.md)"),
        cpu("cpu_big", "A715", 4, 2.80, "2x Cortex-A715 + 2x Cortex-A710 2.8 GHz (devices.md)"),
        cpu("cpu_little", "A510", 3, 2.00, "3x Cortex-A510 2.0 GHz (devices.md)"),
        {"name": "gpu", "kind": "gpu",
         "cores": V(6, "assumption: Adreno 740, 6 shader processors (from memory)"),
         "freq_ghz": V(0.68, "Adreno 740 @680 MHz (devices.md)"),
         "dtypes": ["fp16", "fp32"],
         "peak_gflops": {"fp16": V(6960.0, "derived: 2x the FP32 rate (Adreno FP16 ALUs run at "
                                           "twice the FP32 rate, as on the Adreno 640)"),
                         "fp32": V(3480.0, "Adreno 740 @680 MHz ~3480 FP32 (devices.md)")},
         "layout": "PHWC4", "support": tflite_gpu_support()},
        {"name": "npu", "kind": "npu",
         "cores": V(1, "Hexagon HTP: one tensor processor (Qualcomm)"),
         "freq_ghz": V(1.0, "assumption: order of magnitude of the HTP clock"),
         "dtypes": ["fp16", "int8"],
         "peak_gflops": {"fp16": V(8000.0, "assumption: TOPS undisclosed (devices.md); order of "
                                           "magnitude, used only by the roofline fallback and the "
                                           "fp16/int8 ratio"),
                         "int8": V(16000.0, "assumption: twice the fp16 rate")},
         "layout": "NHWC d32", "support": qnn_htp_support()},
    ]
    return {
        "name": "xiaomi-13",
        "description": "Xiaomi 13: Snapdragon 8 Gen 2 (Cortex-X3, 2 A715 + 2 A710, 3 A510; "
                       "Adreno 740 GPU; Hexagon HTP)",
        "soc": "Snapdragon 8 Gen 2", "host": "cpu_big",
        "dram_bandwidth_gbps": V(64.0, "LPDDR5X-8533 x 64-bit peak (devices.md)"),
        "decision_overhead_us": DECISION,
        "procs": procs,
        "models": {"cpu_prime": ("scale", "xiaomi-mi9", "cpu_prime", "cpu"),
                   "cpu_big": ("scale", "xiaomi-mi9", "cpu_big", "cpu"),
                   "cpu_little": ("scale", "xiaomi-mi9", "cpu_little", "cpu"),
                   "gpu": ("scale", "xiaomi-mi9", "gpu", "gpu"),
                   "npu": ("accel", "xiaomi-13")},
        "dvfs": {"cpu_prime": ("sm8350", "7", 3.20, "X3 curve assumed shaped like the SD888 "
                                                   "X1's"),
                 "cpu_big": ("sm8350", "4", 2.80, "A715/A710 curve assumed shaped like the "
                                                 "SD888 A78's"),
                 "cpu_little": ("sm8350", "1", 2.00, "A510 curve assumed shaped like the "
                                                    "SD888 A55's")},
        "coexec": coexec(scaled_from="xiaomi-mi9"),
        "links": gpu_links("cpu_big", "gpu", scaled_from="xiaomi-mi9") +
        acc_links("cpu_big", "npu", "FastRPC call + shared buffer (QNN HTP)", 50.0,
                  "assumption: a FastRPC round trip costs tens of microseconds") +
        cluster_links(["cpu_prime", "cpu_big", "cpu_little"]),
        "convs": conv_pair("NHWC", "NHWC d32", 10.0, D32_CONV),
        "thermal": thermal(0.64, "3DMark Wild Life Stress stability of the SD 8 Gen 2 GPU: 64 % "
                                 "(nanoreview, devices.md)"),
        "contention": {"gpu": 0.3667, "npu": 0.2667},
    }


def huawei_mate30():
    procs = [
        cpu("cpu_prime", "A76", 2, 2.86, "2x Cortex-A76 2.86 GHz (devices.md)"),
        cpu("cpu_big", "A76", 2, 2.09, "2x Cortex-A76 2.09 GHz (devices.md)"),
        cpu("cpu_little", "A55", 4, 1.86, "4x Cortex-A55 1.86 GHz (devices.md)"),
        {"name": "gpu", "kind": "gpu",
         "cores": V(16, "Mali-G76 MP16 (devices.md)"),
         "freq_ghz": V(0.60, "Mali-G76 MP16 @600 MHz (devices.md)"),
         "dtypes": ["fp16", "fp32"],
         "peak_gflops": {"fp16": V(1474.0, "Mali-G76 MP16 @600 MHz ~1474 FP16 (devices.md)"),
                         "fp32": V(737.0, "Mali-G76 MP16 @600 MHz ~737 FP32 (devices.md)")},
         "layout": "PHWC4", "support": tflite_gpu_support()},
        {"name": "npu", "kind": "npu",
         "cores": V(2, "Da Vinci NPU: 1 Ascend-Lite + 1 Ascend-Tiny core (devices.md)"),
         "freq_ghz": V(1.0, "assumption: order of magnitude of the NPU clock"),
         "dtypes": ["fp16"],
         "peak_gflops": {"fp16": V(4000.0, "assumption: Huawei publishes no FLOPS for the Kirin "
                                           "990 4G NPU; order of magnitude, used only by the "
                                           "roofline fallback")},
         "layout": "NC1HWC0", "support": hiai_support()},
    ]
    return {
        "name": "huawei-mate30",
        "description": "Huawei Mate 30: Kirin 990 (2+2 Cortex-A76, 4 Cortex-A55; Mali-G76 MP16 "
                       "GPU; Da Vinci NPU)",
        "soc": "Kirin 990", "host": "cpu_big",
        "dram_bandwidth_gbps": V(34.1, "LPDDR4X-4266 x 64-bit, derived (devices.md)"),
        "decision_overhead_us": DECISION,
        "procs": procs,
        "models": {"cpu_prime": ("scale", "xiaomi-mi9", "cpu_big", "cpu"),
                   "cpu_big": ("scale", "xiaomi-mi9", "cpu_big", "cpu"),
                   "cpu_little": ("scale", "xiaomi-mi9", "cpu_little", "cpu"),
                   "gpu": ("scale", "samsung-s10", "gpu", "gpu"),
                   "npu": ("accel", "huawei-mate30")},
        "dvfs": {"cpu_prime": ("sm8150", "7", 2.86, "A76 curve of the SD855 prime core (same "
                                                   "core, 7 nm)"),
                 "cpu_big": ("sm8150", "4", 2.09, "A76 curve of the SD855 mid cores"),
                 "cpu_little": ("sm8150", "1", 1.86, "A55 curve of the SD855")},
        "coexec": coexec(scaled_from="xiaomi-mi9", buffer=(1.0, BUFFER_MALI)),
        "links": gpu_links("cpu_big", "gpu", scaled_from="xiaomi-mi9") +
        acc_links("cpu_big", "npu", "HiAI model execution call + shared ION buffer", 100.0,
                  "assumption: a HiAI call from the CPU to the NPU costs about a hundred "
                  "microseconds") + cluster_links(["cpu_prime", "cpu_big", "cpu_little"]),
        "convs": conv_pair("NHWC", "NC1HWC0", 10.0, NC1HWC0_CONV),
        "thermal": thermal(),
        "contention": {"gpu": 0.3667, "npu": 0.2667},
    }


def samsung_s10():
    procs = [
        cpu("cpu_prime", "M4", 2, 2.73, "2x Exynos M4 2.73 GHz (devices.md: vendor spec, verify)"),
        cpu("cpu_big", "A75", 2, 2.31, "2x Cortex-A75 2.31 GHz (devices.md)"),
        cpu("cpu_little", "A55", 4, 1.95, "4x Cortex-A55 1.95 GHz (devices.md)"),
        {"name": "gpu", "kind": "gpu",
         "cores": V(12, "Mali-G76 MP12 (devices.md)"),
         "freq_ghz": V(0.702, "Mali-G76 MP12 @702 MHz (devices.md)"),
         "dtypes": ["fp16", "fp32"],
         "peak_gflops": {"fp16": V(809.0, "derived: 2x the FP32 rate"),
                         "fp32": V(404.0, "derived: 12 cores x 3 engines x 8 FMA lanes x 2 x "
                                          "0.702 GHz (Mali-G76: 3 execution engines of 8 lanes, "
                                          "from memory); devices.md gives ~400-650")},
         "layout": "PHWC4", "support": tflite_gpu_support()},
        {"name": "npu", "kind": "npu",
         "cores": V(2, "Exynos 9820 NPU: dual core, 1024 MACs (Song et al., ISSCC 2019, from "
                       "memory)"),
         "freq_ghz": V(0.933, "933 MHz (Song et al., ISSCC 2019, from memory)"),
         "dtypes": ["int8"],
         "peak_gflops": {"int8": V(1910.0, "derived: 1024 MACs x 2 x 0.933 GHz (ISSCC 2019 "
                                           "figures above)")},
         "efficiency": V(0.25, "assumption: no published per-model latency of this NPU in the "
                               "references; a quarter of peak"),
         "layout": "NHWC", "support": exynos_npu_support(),
         "power": {"active_mw": V(166.0, "derived: 1.91 TOPS / 11.5 TOPS/W (Song et al., "
                                         "ISSCC 2019, from memory; at its efficient operating "
                                         "point)"),
                   "source": "ISSCC 2019 NPU figures"}},
    ]
    return {
        "name": "samsung-s10",
        "description": "Samsung Galaxy S10: Exynos 9820 (2 Exynos M4, 2 Cortex-A75, 4 "
                       "Cortex-A55; Mali-G76 MP12 GPU; NPU)",
        "soc": "Exynos 9820", "host": "cpu_big",
        "dram_bandwidth_gbps": V(31.8, "LPDDR4X-2093 x 64-bit, derived (devices.md)"),
        "decision_overhead_us": DECISION,
        "procs": procs,
        "models": {"cpu_prime": ("qed_cpu", "s10", "2large"),
                   "cpu_big": ("qed_cpu", "s10", "2med"),
                   "cpu_little": ("qed_cpu", "s10", "4small"),
                   "gpu": ("qed_gpu", "s10"),
                   "npu": None},
        "dvfs": {"cpu_prime": ("sm8150", "7", 2.73, "no freqbench data for the Exynos 9820: the "
                                                   "SD855 A76 prime curve's shape (assumption)"),
                 "cpu_big": ("sm8150", "4", 2.31, "the SD855 A76 curve's shape (assumption)"),
                 "cpu_little": ("sm8150", "1", 1.95, "the SD855 A55 curve's shape "
                                                    "(assumption)")},
        "coexec": coexec(scaled_from="xiaomi-mi9", buffer=(1.0, BUFFER_MALI)),
        "links": gpu_links("cpu_big", "gpu", scaled_from="xiaomi-mi9") +
        acc_links("cpu_big", "npu", "NNAPI execution + shared memory", 100.0,
                  "assumption: an NNAPI execution round trip costs about a hundred "
                  "microseconds") + cluster_links(["cpu_prime", "cpu_big", "cpu_little"]),
        "convs": [],
        "thermal": thermal(),
        "contention": {"gpu": 0.3667, "npu": 0.2667},
    }


def samsung_a03s():
    procs = [
        cpu("cpu_big", "A53", 4, 2.30, "4x Cortex-A53 2.3 GHz (devices.md)"),
        cpu("cpu_little", "A53", 4, 1.80, "4x Cortex-A53 1.8 GHz (devices.md)"),
        {"name": "gpu", "kind": "gpu",
         "cores": V(1, "PowerVR GE8320: one cluster (devices.md)"),
         "freq_ghz": V(0.68, "PowerVR GE8320 @680 MHz (devices.md)"),
         "dtypes": ["fp16", "fp32"],
         "peak_gflops": {"fp16": V(87.0, "assumption: 2x the FP32 rate (Rogue FP16 ALUs)"),
                         "fp32": V(43.5, "derived, uncertain: ~40-45 FP32 (devices.md)")},
         "layout": "PHWC4", "support": tflite_gpu_support()},
    ]
    return {
        "name": "samsung-a03s",
        "description": "Samsung Galaxy A03s: MediaTek Helio P35 (4+4 Cortex-A53; PowerVR "
                       "GE8320 GPU; no NPU)",
        "soc": "Helio P35", "host": "cpu_big",
        "dram_bandwidth_gbps": V(13.3, "LPDDR4X-1600 x 32-bit, derived (devices.md)"),
        "decision_overhead_us": DECISION,
        "procs": procs,
        "models": {"cpu_big": ("qed_cpu", "a03s", "4large"),
                   "cpu_little": ("qed_cpu", "a03s", "4small"),
                   "gpu": ("qed_gpu", "a03s")},
        "dvfs": {"cpu_big": ("msm8998", "1", 2.30, "no freqbench data for the Helio P35: the "
                                                  "SD835 Silver (A53-class) curve's shape "
                                                  "(assumption)"),
                 "cpu_little": ("msm8998", "1", 1.80, "the SD835 Silver (A53-class) curve's "
                                                     "shape (assumption)")},
        "coexec": coexec(scaled_from="xiaomi-mi9", buffer=(1.0, BUFFER_PVR)),
        "links": gpu_links("cpu_big", "gpu", scaled_from="xiaomi-mi9") +
        cluster_links(["cpu_big", "cpu_little"]),
        "convs": [],
        "thermal": thermal(),
        "contention": {"gpu": 0.3667},
    }


def jetson_xavier_nx():
    dla = {"kind": "npu",
           "cores": V(1, "one NVDLA engine (NVIDIA Jetson Xavier NX: 2x NVDLA)"),
           "freq_ghz": V(1.1, "assumption: NVDLA clock about 1.1 GHz in the 15 W mode (from "
                              "memory)"),
           "dtypes": ["int8", "fp16"],
           "peak_gflops": {"int8": V(4500.0, "derived: the module's 21 TOPS (devices.md) less "
                                             "the GPU's ~12 TOPS, split over 2 DLAs (NVIDIA "
                                             "figures, from memory)"),
                           "fp16": V(2250.0, "derived: NVDLA fp16 at half the int8 rate")},
           "efficiency": V(0.3, "assumption: no published DLA latency in the references"),
           "layout": "CHW16", "support": dla_support()}
    procs = [
        cpu("cpu_big", "Carmel", 6, 1.40, "6x Carmel 1.4 GHz (devices.md; 1.9 GHz in 2-core "
                                          "modes)", layout="NCHW"),
        {"name": "gpu", "kind": "gpu",
         "cores": V(6, "384-core Volta: 6 SMs (devices.md)"),
         "freq_ghz": V(1.1, "Volta @1.1 GHz (devices.md)"),
         "dtypes": ["fp16", "fp32", "int8"],
         "peak_gflops": {"fp16": V(1690.0, "384-core Volta @1.1 GHz FP16 (devices.md; tensor "
                                           "cores reach more)"),
                         "fp32": V(845.0, "384-core Volta @1.1 GHz FP32 (devices.md)"),
                         "int8": V(12300.0, "derived: 21 TOPS module total (devices.md) less "
                                            "the DLAs' 2 x 4.5 TOPS (NVIDIA, from memory)")},
         "layout": "NCHW",
         "support": {"default": True,
                     "source": "TensorRT 8 GPU layers cover the ONNX CNN and transformer op sets "
                               "(TensorRT operator support matrix)"}},
        dict(dla, name="dla0"),
        dict(dla, name="dla1"),
    ]
    return {
        "name": "jetson-xavier-nx",
        "description": "NVIDIA Jetson Xavier NX (15 W mode): 6 Carmel cores, 384-core Volta GPU "
                       "with 48 tensor cores, 2 NVDLA engines",
        "soc": "Xavier NX", "host": "cpu_big",
        "dram_bandwidth_gbps": V(51.2, "128-bit LPDDR4x-3200 (devices.md)"),
        "decision_overhead_us": DECISION,
        "procs": procs,
        "models": {"cpu_big": ("scale", "xiaomi-mi9", "cpu_big", "cpu"),
                   "gpu": ("scale", "xiaomi-mi9", "gpu", "gpu"),
                   "dla0": None, "dla1": None},
        "dvfs": {},
        "links": [
            {"from": "cpu_big", "to": "gpu",
             "latency_us": V(20.0, "assumption: CUDA stream sync + cache maintenance on shared "
                                   "DRAM, tens of microseconds"),
             "bandwidth_gbps": V(20.0, "assumption: unified memory, about 40 % of DRAM peak"),
             "source": "CPU and GPU share the DRAM (CUDA unified/pinned memory)"},
            {"from": "gpu", "to": "cpu_big",
             "latency_us": V(20.0, "assumption: CUDA stream sync, tens of microseconds"),
             "bandwidth_gbps": V(20.0, "assumption: unified memory, about 40 % of DRAM peak"),
             "source": "CPU and GPU share the DRAM (CUDA unified/pinned memory)"},
        ],
        "convs": conv_pair("NCHW", "CHW16", 17.0, DLA_CONV),
        "thermal": {
            "ambient_c": V(25.0, "room temperature"),
            "throttle_c": V(90.0, "assumption: Xavier NX software clock throttling near 90 C "
                                  "junction temperature (from memory of NVIDIA's thermal design "
                                  "guide; verify)"),
            "release_c": V(85.0, "assumption: 5 C of hysteresis"),
            "resistance_c_per_w": V(3.0, "assumption: the developer kit's heatsink and fan hold "
                                         "15 W at ~45 C above ambient"),
            "capacity_j_per_c": V(60.0, "assumption: heatsink heat capacity, a time constant of "
                                        "a few minutes"),
            "source": "lumped RC model with assumed constants (no thermal soak in the "
                      "references); inert while no processor has DVFS points"},
        "power": {"budget_mw": V(15000.0, "21 TOPS int8 at 15 W (devices.md)"),
                  "source": "NVIDIA Jetson Xavier NX 15 W power mode"},
        "contention": {"gpu": 0.3667, "dla0": 0.2667, "dla1": 0.2667},
    }


DEVICES = [xiaomi_mi9, xiaomi_mi6, xiaomi_mi11_pro, xiaomi_13, huawei_mate30, samsung_s10,
           samsung_a03s, jetson_xavier_nx]

# Whole-model latencies that calibrate accelerators (published-latencies.csv):
# key -> (csv device, processor, precision, [(csv model, zoo model or "mobilenet_v1")],
#         dtype of the op models, fixed per-op cost or None)
ACCEL_CAL = {
    "xiaomi-13": ("xiaomi-13", "npu", "fp16",
                  [("resnet50", "resnet50"), ("mobilenet_v2", "mobilenet-v2"),
                   ("inception_v3", "inception-v3")], "fp16", None),
    "huawei-mate30": ("huawei-mate30", "npu", "fp16",
                      [("resnet50", "resnet50"), ("mobilenet_v1", "mobilenet_v1")], "fp16", None),
    # SD865 (Xiaomi Mi 10) Hexagon 698 through NNAPI: one point, per-op cost assumed
    "sd865_dsp": ("xiaomi-mi10", "npu-nnapi", "int8", [("resnet50", "resnet50")], "int8", 20.0),
}
SD865_C0_SRC = ("assumption: 20 us of dispatch per op inside the DSP graph (one published point "
                "cannot separate it from throughput)")
