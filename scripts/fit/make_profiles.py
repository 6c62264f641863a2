#!/usr/bin/env python3
"""Write the device profiles other than the Mi 9's from public spec facts.

Every figure carries its source. Facts (clusters, clocks, GPU/NPU peaks, DRAM bandwidth)
come from shared/reference/devices.md; peak FLOPS of CPU clusters are derived from the
cores' SIMD width (FLOP per cycle per core x cores x clock); what the Mi 9 profile
(devices/xiaomi-mi9.json) calibrated — kernel efficiencies, launch and scheduling costs, the
CPU<->GPU exchange cost, the contention response — is carried over to its siblings and
said so. DVFS operating points come from freqbench where the SoC was measured (SD835,
SD888), through freqbench_dvfs.py.

usage: make_profiles.py [REFERENCE_DIR]   (run from the project root; REFERENCE_DIR
       defaults to ../shared/reference, needed only for the freqbench tables)
"""
import copy
import json
import os
import subprocess
import sys

DEV_MD = "shared/reference/devices.md"


def v(value, source):
    return {"value": value, "source": source}


def cpu(name, cores, ghz, flop_cycle, core_desc, dtypes_int8_factor, host_note=""):
    fp32 = round(flop_cycle * sum(c * g for c, g in zip(cores, ghz)), 1)
    n = sum(cores)
    mean_ghz = round(sum(c * g for c, g in zip(cores, ghz)) / n, 3)
    p = {
        "name": name, "kind": "cpu",
        "cores": v(n, f"{core_desc} ({DEV_MD})"),
        "freq_ghz": v(mean_ghz, f"mean clock of {core_desc} ({DEV_MD})"),
        "dtypes": ["fp32", "int8"],
        "peak_gflops": {
            "fp32": v(fp32, f"derived: {flop_cycle} FP32 FLOP/cycle/core x cores x GHz of {core_desc}"),
            "int8": v(round(fp32 * dtypes_int8_factor, 1),
                      f"derived: {dtypes_int8_factor}x the fp32 rate "
                      + ("(SDOT dot-product instructions)" if dtypes_int8_factor >= 4 else
                         "(widening multiply-accumulate, no dot product)")),
        },
        "efficiency": v(0.30, "carried over from the Mi 9 calibration (ResNet-50 CPU latency)"),
        "mem_bandwidth_gbps": None,
        "launch_overhead_us": v(5.0, "as the Mi 9 profile (TFLite CPU dispatch, assumption)"),
        "layout": "NHWC",
        "support": {"default": True, "source": "TFLite/ONNX Runtime CPU kernels cover the ONNX CNN and transformer op sets"},
    }
    return p


def contention_cpu(little_ratio, note):
    return {"model": "cpu", "little_ratio": round(little_ratio, 4), "migration_load": 1.0,
            "interference": 0.2863,
            "source": f"Mi 9 calibration (3 competitors slow CPU inference 10.2x, Liu et al. 2024) carried over; little_ratio = {note}"}


def shared(share, what):
    return {"model": "shared", "share": share,
            "source": f"Mi 9 calibration of the {what} ({'2.1x' if what == 'GPU' else '1.8x'} with 3 competitors, Liu et al. 2024) carried over"}


def gpu(template, fp32, fp16, desc, bw):
    g = copy.deepcopy(template)
    g["cores"] = v(1, f"{desc} ({DEV_MD})")
    g["freq_ghz"] = v(1.0, f"clock folded into the peak figures of {desc}")
    g["peak_gflops"] = {"fp16": v(fp16, f"{desc} FP16 peak ({DEV_MD})"),
                        "fp32": v(fp32, f"{desc} FP32 peak ({DEV_MD})")}
    g["mem_bandwidth_gbps"] = v(bw, "most of the SoC's DRAM bandwidth is reachable by the GPU (as on the Mi 9)")
    g["contention"] = shared(0.3667, "GPU")
    return g


def with_bw(p, bw, why):
    p["mem_bandwidth_gbps"] = v(bw, why)
    return p


def npu(name, kind, dtypes, peaks, eff, eff_src, rules_default, rules, src, launch=5.0):
    return {
        "name": name, "kind": kind,
        "cores": v(1, src), "freq_ghz": v(1.0, "clock folded into the peak figures"),
        "dtypes": dtypes,
        "peak_gflops": {k: v(val, s) for k, (val, s) in peaks.items()},
        "efficiency": v(eff, eff_src),
        "mem_bandwidth_gbps": None,
        "launch_overhead_us": v(launch, "assumption: the graph is compiled for the accelerator, whose ops then run back to back without a call from the CPU each"),
        "layout": "NHWC",
        "contention": shared(0.2667, "DSP"),
        "support": {"default": rules_default, "source": src, "rules": rules},
    }


def rule(op, source, **kw):
    r = {"op": op}
    r.update(kw)
    r["source"] = source
    return r


def transfers(cpu_names, acc_names, host, latency_us, bw, src):
    links = []
    for a in acc_names:
        for dirn in ((host, a), (a, host)):
            links.append({"from": dirn[0], "to": dirn[1], "latency_us": v(latency_us, src),
                          "bandwidth_gbps": v(bw, "CPU buffer <-> accelerator copy/transform bandwidth (as the Mi 9, assumption)")})
    for c in cpu_names:
        if c != host:
            for dirn in ((host, c), (c, host)):
                links.append({"from": dirn[0], "to": dirn[1],
                              "latency_us": v(2.0, "shared L3/DRAM between clusters, cache-coherent (assumption)"),
                              "bandwidth_gbps": v(15.0, "shared L3/DRAM between clusters (assumption)")})
    return {"default": {"latency_us": 50.0, "bandwidth_gbps": 8.0,
                        "source": "map/unmap + copy between processors without a calibrated link (assumption, as the Mi 9)"},
            "links": links}


def device(name, desc, soc, host, dram, procs, trans, mi9):
    return {"format": "hetsim-device", "version": 1, "name": name, "description": desc,
            "soc": soc, "host": host,
            "dram_bandwidth_gbps": dram,
            "decision_overhead_us": mi9["decision_overhead_us"],
            "thermal": mi9["thermal"],
            "processors": procs, "transfers": trans}


def main():
    ref = sys.argv[1] if len(sys.argv) > 1 else "../shared/reference"
    mi9 = json.load(open("devices/xiaomi-mi9.json"))
    tgpu = next(p for p in mi9["processors"] if p["name"] == "gpu")
    tdsp = next(p for p in mi9["processors"] if p["name"] == "dsp")
    # the TFLite GPU delegate also runs LEAKY_RELU and DIV
    tgpu = copy.deepcopy(tgpu)
    extra = [rule("LeakyRelu", "TFLite GPU: LEAKY_RELU"), rule("Div", "TFLite GPU: DIV"),
             rule("Sub", "TFLite GPU: SUB")]
    tgpu["support"]["rules"] = extra + tgpu["support"]["rules"]
    cpu_src = "CoDL measured transform + map + sync + unmap adding 1074 us to one CPU+GPU co-executed operator on a Snapdragon phone: ~537 us per exchange (carried over from the Mi 9)"
    out = {}

    # ---- Xiaomi Mi 6, Snapdragon 835 ----
    big = with_bw(cpu("cpu_big", [4], [2.45], 8, "4x Kryo 280 Gold (Cortex-A73 class) 2.45 GHz", 2), 12.0,
                  "about 40 percent of DRAM peak from one cluster (assumption)")
    little = with_bw(cpu("cpu_little", [4], [1.90], 4, "4x Kryo 280 Silver (Cortex-A53 class) 1.90 GHz", 2), 6.0,
                     "about 20 percent of DRAM peak (assumption)")
    big["contention"] = contention_cpu(19.6 / 7.6, "per-core peak of a Gold core over a Silver core (19.6 / 7.6 GFLOPS)")
    little["contention"] = contention_cpu(1.0, "no slower cluster below the little one")
    little["contention"]["source"] = "assumption: no slower cluster to migrate to; interference as calibrated on the Mi 9"
    dsp = copy.deepcopy(tdsp)
    dsp["peak_gflops"] = {"int8": v(1750.0, "assumption: half the Hexagon 690's figure, the 682 has no tensor accelerator (devices.md names the Hexagon 682 DSP)")}
    dsp["mem_bandwidth_gbps"] = v(12.0, "assumption: DSP DMA reaches ~40 percent of DRAM peak")
    out["xiaomi-mi6"] = device(
        "xiaomi-mi6", "Xiaomi Mi 6: Snapdragon 835 (Kryo 280 CPU, Adreno 540 GPU, Hexagon 682 DSP)",
        "Snapdragon 835", "cpu_big", v(29.9, f"LPDDR4X x 64-bit, derived ({DEV_MD})"),
        [big, little, gpu(tgpu, 567.0, 1134.0, "Adreno 540 @710 MHz", 24.0), dsp],
        transfers(["cpu_big", "cpu_little"], ["gpu"], "cpu_big", 537.0, 6.0, cpu_src), mi9)

    # ---- Xiaomi 11 Pro, Snapdragon 888 ----
    prime = with_bw(cpu("cpu_prime", [1], [2.84], 32, "1x Cortex-X1 2.84 GHz", 4), 12.0,
                    "one core streams about a third of DRAM peak (assumption)")
    big = with_bw(cpu("cpu_big", [3], [2.42], 16, "3x Cortex-A78 2.42 GHz", 4), 15.0,
                  "about 40 percent of the measured ~35 GB/s (assumption)")
    little = with_bw(cpu("cpu_little", [4], [1.80], 8, "4x Cortex-A55 1.80 GHz", 4), 8.0,
                     "about a quarter of measured DRAM bandwidth (assumption)")
    big["contention"] = contention_cpu(38.7 / 14.4, "per-core peak of an A78 over an A55 (38.7 / 14.4 GFLOPS)")
    prime["contention"] = contention_cpu(90.9 / 14.4, "per-core peak of the X1 over an A55")
    little["contention"] = contention_cpu(1.0, "no slower cluster")
    dsp = copy.deepcopy(tdsp)
    dsp["peak_gflops"] = {"int8": v(26000.0, f"Hexagon 780, 26 TOPS ({DEV_MD}; the figure counts the whole AI engine)")}
    dsp["efficiency"] = v(0.02, "assumption: vendor TOPS figures are far from what CNN layers reach; scaled so the 780 runs ~3x the 690")
    dsp["mem_bandwidth_gbps"] = v(20.0, "assumption: DSP DMA reaches ~60 percent of the measured DRAM bandwidth")
    out["xiaomi-mi11-pro"] = device(
        "xiaomi-mi11-pro", "Xiaomi 11 Pro: Snapdragon 888 (Cortex-X1 + A78 + A55, Adreno 660 GPU, Hexagon 780)",
        "Snapdragon 888", "cpu_big", v(34.5, f"51.2 GB/s peak, 34-35 measured ({DEV_MD})"),
        [prime, big, little, gpu(tgpu, 1622.0, 3244.0, "Adreno 660 @840 MHz (measured FMA rate ~728 GFLOPS)", 28.0), dsp],
        transfers(["cpu_prime", "cpu_big", "cpu_little"], ["gpu"], "cpu_big", 537.0, 6.0, cpu_src), mi9)

    # ---- Xiaomi 13, Snapdragon 8 Gen 2 ----
    prime = with_bw(cpu("cpu_prime", [1], [3.20], 32, "1x Cortex-X3 3.20 GHz", 4), 16.0,
                    "one core streams about a quarter of DRAM peak (assumption)")
    big = with_bw(cpu("cpu_big", [2, 2], [2.8, 2.8], 16, "2x Cortex-A715 + 2x Cortex-A710 2.8 GHz", 4), 20.0,
                  "about a third of DRAM peak (assumption)")
    little = with_bw(cpu("cpu_little", [3], [2.0], 8, "3x Cortex-A510 2.0 GHz", 4), 10.0,
                     "about 15 percent of DRAM peak (assumption)")
    big["contention"] = contention_cpu(44.8 / 16.0, "per-core peak of an A715 over an A510 (44.8 / 16.0 GFLOPS)")
    prime["contention"] = contention_cpu(102.4 / 16.0, "per-core peak of the X3 over an A510")
    little["contention"] = contention_cpu(1.0, "no slower cluster")
    htp = npu("npu", "npu", ["fp16", "int8"],
              {"fp16": (8600.0, "derived: ResNet-50 fp16 in 1.904 ms (Qualcomm AI Hub, published-latencies.csv) is 4.3 TFLOPS effective; peak set to twice that (assumption)"),
               "int8": (17200.0, "assumption: twice the fp16 rate")},
              0.5, "calibrated with the peak: 0.5 x 8.6 TFLOPS is the compute rate of the published ResNet-50 1.9 ms",
              False, copy.deepcopy(tdsp["support"]["rules"]) + [
                  rule("BatchNormalization", "QNN HTP: BatchNorm"), rule("Softmax", "QNN HTP: Softmax"),
                  rule("LayerNormalization", "QNN HTP: LayerNorm"), rule("MatMul", "QNN HTP: MatMul"),
                  rule("Resize", "QNN HTP: Resize")],
              "Qualcomm QNN HTP backend operator list (fp16 and int8)")
    for r in htp["support"]["rules"]:
        if r.get("dtypes") == ["int8"]:
            r["dtypes"] = ["int8", "fp16"]
    htp["mem_bandwidth_gbps"] = v(200.0, "assumption: effective bandwidth with the HTP's on-chip tensor memory (layers reuse data without DRAM round trips); ResNet-50 then takes ~4 ms here against 1.9 ms published, the CPU<->NPU exchanges making most of the difference")
    out["xiaomi-13"] = device(
        "xiaomi-13", "Xiaomi 13: Snapdragon 8 Gen 2 (Cortex-X3 + A715/A710 + A510, Adreno 740 GPU, Hexagon HTP NPU)",
        "Snapdragon 8 Gen 2", "cpu_big", v(64.0, f"LPDDR5X ({DEV_MD})"),
        [prime, big, little, gpu(tgpu, 3480.0, 6960.0, "Adreno 740 @680 MHz", 48.0), htp],
        transfers(["cpu_prime", "cpu_big", "cpu_little"], ["gpu", "npu"], "cpu_big", 537.0, 8.0, cpu_src), mi9)

    # ---- Huawei Mate 30, Kirin 990 ----
    big = with_bw(cpu("cpu_big", [2, 2], [2.86, 2.09], 16, "2x Cortex-A76 2.86 + 2x Cortex-A76 2.09 GHz", 4), 15.0,
                  "about half the DRAM peak from one cluster (as the Mi 9, assumption)")
    little = with_bw(cpu("cpu_little", [4], [1.86], 8, "4x Cortex-A55 1.86 GHz", 4), 8.0,
                     "about a quarter of DRAM peak (assumption)")
    big["contention"] = contention_cpu(39.6 / 14.9, "per-core peak of an A76 over an A55 (39.6 / 14.9 GFLOPS)")
    little["contention"] = contention_cpu(1.0, "no slower cluster")
    mali = gpu(tgpu, 737.0, 1474.0, "Mali-G76 MP16 @600 MHz", 25.0)
    davinci = npu("npu", "npu", ["fp16", "int8"],
                  {"fp16": (1670.0, "derived: ResNet-50 fp16 in 9.83 ms (Paddle-Lite HiAI, published-latencies.csv) is 0.83 TFLOPS effective; peak set to twice that (assumption)"),
                   "int8": (3340.0, "assumption: twice the fp16 rate")},
                  0.5, "calibrated with the peak: 0.5 x 1.67 TFLOPS is the compute rate of the published ResNet-50 9.8 ms",
                  False, [rule("Conv", "HiAI DDK: Convolution, depthwise included", group="none_or_depthwise"),
                          rule("ConvTranspose", "HiAI DDK: Deconvolution"),
                          rule("Gemm", "HiAI DDK: FullConnection"), rule("MatMul", "HiAI DDK: MatMul"),
                          rule("Relu", "HiAI DDK: Activation"), rule("Clip", "HiAI DDK: Activation (relu6)"),
                          rule("Sigmoid", "HiAI DDK: Activation"), rule("Tanh", "HiAI DDK: Activation"),
                          rule("LeakyRelu", "HiAI DDK: Activation"),
                          rule("BatchNormalization", "HiAI DDK: BatchNorm"),
                          rule("Add", "HiAI DDK: Eltwise"), rule("Mul", "HiAI DDK: Eltwise"),
                          rule("MaxPool", "HiAI DDK: Pooling"), rule("AveragePool", "HiAI DDK: Pooling"),
                          rule("GlobalAveragePool", "HiAI DDK: Pooling"), rule("Concat", "HiAI DDK: Concat"),
                          rule("Softmax", "HiAI DDK: Softmax"), rule("Resize", "HiAI DDK: ResizeBilinear"),
                          rule("Reshape", "HiAI DDK: Reshape"), rule("Flatten", "HiAI DDK: Flatten"),
                          rule("InstanceNormalization", "not in the HiAI DDK operator list (assumption)", supported=False),
                          rule("LayerNormalization", "not in the HiAI DDK operator list (assumption)", supported=False)],
                  "Huawei HiAI DDK v510 supported operators (as used by Paddle-Lite's Kirin NPU backend)")
    davinci["mem_bandwidth_gbps"] = v(200.0, "assumption: effective bandwidth with the NPU's on-chip buffers; ResNet-50 fp16 then takes ~12 ms here against 9.8 ms published")
    out["huawei-mate30"] = device(
        "huawei-mate30", "Huawei Mate 30: Kirin 990 (Cortex-A76 + A55, Mali-G76 MP16 GPU, Da Vinci NPU)",
        "Kirin 990", "cpu_big", v(34.1, f"LPDDR4X x 64-bit, derived ({DEV_MD})"),
        [big, little, mali, davinci],
        transfers(["cpu_big", "cpu_little"], ["gpu", "npu"], "cpu_big", 537.0, 6.0, cpu_src), mi9)

    # ---- Samsung Galaxy S10, Exynos 9820 ----
    big = with_bw(cpu("cpu_big", [2, 2], [2.73, 2.31], 16, "2x Mongoose M4 2.73 + 2x Cortex-A75 2.31 GHz (vendor listing, unverified)", 4), 14.0,
                  "about 45 percent of DRAM peak (assumption)")
    little = with_bw(cpu("cpu_little", [4], [1.95], 8, "4x Cortex-A55 1.95 GHz", 4), 8.0,
                     "about a quarter of DRAM peak (assumption)")
    big["contention"] = contention_cpu(40.3 / 15.6, "per-core peak of the big cores over an A55 (40.3 / 15.6 GFLOPS)")
    little["contention"] = contention_cpu(1.0, "no slower cluster")
    mali = gpu(tgpu, 600.0, 1200.0, "Mali-G76 MP12 @702 MHz (devices.md gives 400-650 FP32, uncertain: 600 assumed)", 24.0)
    enpu = npu("npu", "npu", ["int8"],
               {"int8": (2000.0, "assumption: the Exynos 9820 NPU's throughput is not published; about a third of a contemporary 7 TOPS engine")},
               0.05, "assumption, as the Mi 9 DSP", False,
               [rule("Conv", "Android NNAPI on the Exynos NPU: CONV_2D, DEPTHWISE_CONV_2D, quantized only", dtypes=["int8"], group="none_or_depthwise", kernel_max=7),
                rule("Gemm", "NNAPI: FULLY_CONNECTED (quantized)", dtypes=["int8"]),
                rule("Relu", "NNAPI: RELU"), rule("Clip", "NNAPI: RELU6"), rule("Add", "NNAPI: ADD"),
                rule("MaxPool", "NNAPI: MAX_POOL_2D"), rule("AveragePool", "NNAPI: AVERAGE_POOL_2D"),
                rule("GlobalAveragePool", "NNAPI: MEAN"), rule("Concat", "NNAPI: CONCATENATION"),
                rule("Softmax", "NNAPI: SOFTMAX"), rule("Reshape", "NNAPI: RESHAPE"), rule("Flatten", "NNAPI: RESHAPE")],
               "Android NNAPI operations the Exynos NPU driver accelerates (int8 only)")
    enpu["mem_bandwidth_gbps"] = v(12.0, "assumption: ~40 percent of DRAM peak")
    out["samsung-s10"] = device(
        "samsung-s10", "Samsung Galaxy S10: Exynos 9820 (Mongoose M4 + A75 + A55, Mali-G76 MP12 GPU, NPU)",
        "Exynos 9820", "cpu_big", v(31.8, f"LPDDR4X-2093 x 64-bit, derived ({DEV_MD})"),
        [big, little, mali, enpu],
        transfers(["cpu_big", "cpu_little"], ["gpu", "npu"], "cpu_big", 537.0, 6.0, cpu_src), mi9)

    # ---- Samsung Galaxy A03s, Helio P35 ----
    big = with_bw(cpu("cpu_big", [4], [2.3], 4, "4x Cortex-A53 2.3 GHz", 2), 5.0,
                  "about 40 percent of DRAM peak (assumption)")
    little = with_bw(cpu("cpu_little", [4], [1.8], 4, "4x Cortex-A53 1.8 GHz", 2), 4.0,
                     "about 30 percent of DRAM peak (assumption)")
    big["contention"] = contention_cpu(2.3 / 1.8, "clock ratio of the two A53 clusters (2.3 / 1.8 GHz)")
    little["contention"] = contention_cpu(1.0, "no slower cluster")
    pvr = gpu(tgpu, 42.0, 84.0, "PowerVR GE8320 @680 MHz (~40-45 FP32 derived, uncertain; FP16 twice)", 10.0)
    out["samsung-a03s"] = device(
        "samsung-a03s", "Samsung Galaxy A03s: Helio P35 (8x Cortex-A53, PowerVR GE8320 GPU, no DSP/NPU)",
        "Helio P35", "cpu_big", v(13.3, f"LPDDR4X-1600 x 32-bit, derived ({DEV_MD})"),
        [big, little, pvr],
        transfers(["cpu_big", "cpu_little"], ["gpu"], "cpu_big", 537.0, 3.0, cpu_src), mi9)

    # ---- NVIDIA Jetson Xavier NX ----
    carmel = with_bw(cpu("cpu", [6], [1.4], 16, "6x Carmel 1.4 GHz (1.9 GHz in 2-core modes)", 4), 20.0,
                     "about 40 percent of the 51.2 GB/s (assumption)")
    carmel["contention"] = contention_cpu(1.0, "the Xavier NX has one CPU cluster: no migration to slower cores")
    volta = gpu(tgpu, 845.0, 1690.0, "384-core Volta @1.1 GHz (48 tensor cores)", 40.0)
    volta["support"] = {"default": True, "source": "TensorRT / CUDA kernels cover the ONNX CNN and transformer op sets"}
    volta["launch_overhead_us"] = v(8.0, "CUDA kernel launch, microseconds (assumption)")
    dla_rules = [rule("Conv", "TensorRT DLA: Convolution (kernel up to 32, groups allowed)", kernel_max=32),
                 rule("ConvTranspose", "TensorRT DLA: Deconvolution"),
                 rule("Relu", "TensorRT DLA: Activation"), rule("Sigmoid", "TensorRT DLA: Activation"),
                 rule("Tanh", "TensorRT DLA: Activation"), rule("Clip", "TensorRT DLA: Activation (clipped relu)"),
                 rule("LeakyRelu", "TensorRT DLA: Activation"),
                 rule("BatchNormalization", "TensorRT DLA: Scale"),
                 rule("Add", "TensorRT DLA: ElementWise"), rule("Mul", "TensorRT DLA: ElementWise"),
                 rule("Sub", "TensorRT DLA: ElementWise"),
                 rule("MaxPool", "TensorRT DLA: Pooling"), rule("AveragePool", "TensorRT DLA: Pooling"),
                 rule("Concat", "TensorRT DLA: Concatenation (channel axis)"),
                 rule("Gemm", "TensorRT DLA: FullyConnected"),
                 rule("Resize", "TensorRT DLA: Resize (nearest)"),
                 rule("GlobalAveragePool", "TensorRT DLA: Pooling"),
                 rule("Softmax", "TensorRT 8 DLA: no Softmax (assumption for JetPack 4/5)", supported=False),
                 rule("MatMul", "TensorRT DLA: no MatMul", supported=False),
                 rule("LayerNormalization", "TensorRT DLA: not supported", supported=False),
                 rule("InstanceNormalization", "TensorRT DLA: not supported", supported=False)]
    dlas = []
    for i in range(2):
        dla = npu(f"dla{i}", "npu", ["int8", "fp16"],
                  {"int8": (4500.0, "assumption: of the module's 21 TOPS int8 (devices.md), about 4.5 per NVDLA core, the rest the GPU's tensor cores"),
                   "fp16": (2250.0, "assumption: half the int8 rate")},
                  0.3, "assumption", False, copy.deepcopy(dla_rules),
                  "NVIDIA TensorRT DLA supported layers (Developer Guide, DLA section)")
        dla["mem_bandwidth_gbps"] = v(15.0, "assumption: each DLA streams ~30 percent of DRAM peak; concurrent GPU+DLA runs contend (HaX-CoNN, devices.md)")
        dlas.append(dla)
    jt = transfers(["cpu"], ["gpu", "dla0", "dla1"], "cpu", 20.0, 20.0,
                   "unified memory: a CUDA stream synchronisation and cache maintenance, tens of microseconds (assumption)")
    jet = device("jetson-xavier-nx", "NVIDIA Jetson Xavier NX: 6-core Carmel CPU, 384-core Volta GPU, 2x NVDLA",
                 "Xavier", "cpu", v(51.2, f"128-bit LPDDR4x ({DEV_MD})"), [carmel, volta] + dlas, jt, mi9)
    jet["thermal"] = copy.deepcopy(mi9["thermal"])
    jet["thermal"]["resistance_c_per_w"] = v(4.0, "assumption: a heatsink and fan (15 W module)")
    jet["thermal"]["capacity_j_per_c"] = v(40.0, "assumption: a larger heatsink heats slower")
    out["jetson-xavier-nx"] = jet

    for name, d in out.items():
        path = f"devices/{name}.json"
        with open(path + ".tmp", "w") as f:
            json.dump(d, f, indent=2)
            f.write("\n")
        os.replace(path + ".tmp", path)
        print(f"{path}: {len(d['processors'])} processors")
    # DVFS points where freqbench measured the SoC
    here = os.path.dirname(os.path.abspath(__file__))
    fb = os.path.join(ref, "freqbench")
    for soc, prof, specs in (("msm8998", "devices/xiaomi-mi6.json", ["cpu_big:4:4", "cpu_little:1:4"]),
                             ("sm8350", "devices/xiaomi-mi11-pro.json",
                              ["cpu_prime:7:1", "cpu_big:4:3", "cpu_little:1:4"])):
        csv = os.path.join(fb, soc + ".csv")
        if os.path.exists(csv):
            subprocess.check_call([sys.executable, os.path.join(here, "freqbench_dvfs.py"), csv, prof] + specs)
        else:
            print(f"{csv} not found: {prof} keeps fixed clocks")


if __name__ == "__main__":
    main()
