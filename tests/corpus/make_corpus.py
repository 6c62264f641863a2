#!/usr/bin/env python3
"""Write the bad-input corpus (tests/corpus/KIND/NAME.EXT + NAME.expect).

Each input is a valid project file (tests/fixtures) with one thing broken.
NAME.expect holds the substrings the error message must contain (one per line);
tests/corpus.sh runs the matching hetsim command on every input. Regression
inputs found by fuzzing (tests/corpus/*/fuzz-*) are kept as they were found and
are not written here. Run from anywhere: python3 tests/corpus/make_corpus.py
"""
import copy
import json
import os
import random

HERE = os.path.dirname(os.path.abspath(__file__))
FIX = os.path.join(HERE, "..", "fixtures")


def load(rel):
    with open(os.path.join(FIX, rel)) as f:
        return json.load(f)


def put(kind, name, data, *expect):
    d = os.path.join(HERE, kind)
    os.makedirs(d, exist_ok=True)
    if not isinstance(data, (str, bytes)):
        data = json.dumps(data, indent=1, allow_nan=True)
    mode = "wb" if isinstance(data, bytes) else "w"
    with open(os.path.join(d, name), mode) as f:
        f.write(data)
    with open(os.path.join(d, os.path.splitext(name)[0] + ".expect"), "w") as f:
        f.write("".join(e + "\n" for e in expect))


def mut(base, fn):
    doc = copy.deepcopy(base)
    fn(doc)
    return doc


def setp(path, value):
    """fn setting doc[path...] = value (a list of keys/indices)."""
    def fn(doc):
        o = doc
        for k in path[:-1]:
            o = o[k]
        o[path[-1]] = value
    return fn


def delp(path):
    def fn(doc):
        o = doc
        for k in path[:-1]:
            o = o[k]
        del o[path[-1]]
    return fn


GARBAGE = bytes(random.Random(8).randrange(256) for _ in range(512))
DEEP = "[" * 5000 + "]" * 5000

# ---- the common JSON failures, for every JSON kind ----
def common(kind, base, fmt, text):
    put(kind, "empty.json", "", "got an empty file")
    put(kind, "truncated.json", text[: len(text) // 2], "expected valid JSON")
    put(kind, "garbage.json", GARBAGE, "expected")
    put(kind, "deep.json", DEEP, "expected valid JSON")
    put(kind, "array.json", [base], "at $: expected an object, got an array")
    put(kind, "wrong_format.json", mut(base, setp(["format"], "hetsim-other")),
        "at $.format: expected \"%s\"" % fmt)
    put(kind, "no_format.json", mut(base, delp(["format"])),
        "at $.format: expected \"%s\", got nothing (missing)" % fmt)
    put(kind, "version_2.json", mut(base, setp(["version"], 2)),
        "at $.version: expected an integer in [1, 1], got 2")
    put(kind, "version_string.json", mut(base, setp(["version"], "1")),
        "at $.version: expected an integer in [1, 1], got \"1\"")
    put(kind, "version_fraction.json", mut(base, setp(["version"], 1.5)),
        "at $.version: expected an integer in [1, 1], got 1.5")
    put(kind, "unknown_key.json", mut(base, setp(["colour"], "blue")),
        "at $: unknown key \"colour\"")
    dup = text.replace('"version": 1', '"version": 1, "version": 1', 1)
    put(kind, "duplicate_key.json", dup, "key \"version\" appears twice")


def main():
    # ---- model graphs (hetsim-model) ----
    with open(os.path.join(FIX, "chain3.json")) as f:
        text = f.read()
    m = json.loads(text)
    common("model", m, "hetsim-model", text)
    put("model", "no_ops.json", mut(m, delp(["ops"])), "at $.ops: expected an array, got nothing")
    put("model", "ops_object.json", mut(m, setp(["ops"], {})), "at $.ops: expected an array, got an object")
    put("model", "empty_ops.json", mut(m, setp(["ops"], [])), "expected at least one op")
    put("model", "op_not_object.json", mut(m, setp(["ops", 1], "B")), "at $.ops[1]: expected an object, got \"B\"")
    put("model", "op_no_name.json", mut(m, delp(["ops", 1, "name"])),
        "at $.ops[1].name: expected a non-empty string, got nothing (missing)")
    put("model", "op_name_number.json", mut(m, setp(["ops", 1, "name"], 42)),
        "at $.ops[1].name: expected a non-empty string, got 42")
    put("model", "op_type_empty.json", mut(m, setp(["ops", 0, "type"], "")),
        "at $.ops[0].type: expected a non-empty string, got \"\"")
    put("model", "op_unknown_key.json", mut(m, setp(["ops", 0, "weights"], 3)),
        "at $.ops[0]: unknown key \"weights\"")
    put("model", "aliases_string.json", mut(m, setp(["ops", 0, "aliases"], "A")),
        "at $.ops[0].aliases: expected an array of names (strings), got \"A\"")
    put("model", "aliases_number.json", mut(m, setp(["ops", 0, "aliases"], ["a0", 7])),
        "at $.ops[0].aliases[1]: expected a name (a non-empty string), got 7")
    put("model", "aliases_empty_name.json", mut(m, setp(["ops", 1, "aliases"], [""])),
        "at $.ops[1].aliases[0]: expected a name (a non-empty string), got \"\"")
    put("model", "dangling_edge.json", mut(m, setp(["ops", 1, "inputs"], ["nope"])),
        "reads tensor \"nope\"", "dangling edge")
    put("model", "self_cycle.json", mut(m, setp(["ops", 1, "inputs"], ["b"])),
        "op \"B\" reads its own output \"b\" (cycle)")
    put("model", "cycle.json", mut(m, setp(["ops", 0, "inputs"], ["y"])),
        "the graph has a cycle through op \"A\"")
    put("model", "duplicate_op.json", mut(m, setp(["ops", 2, "name"], "A")),
        "at $.ops[2]: op \"A\" is defined twice")
    put("model", "duplicate_tensor.json", mut(m, setp(["ops", 2, "outputs", 0, "name"], "a")),
        "tensor \"a\" is defined twice")
    put("model", "input_is_output.json", mut(m, setp(["ops", 0, "outputs", 0, "name"], "x")),
        "tensor \"x\" is defined twice")
    put("model", "no_outputs.json", mut(m, setp(["ops", 0, "outputs"], [])),
        "at $.ops[0]: expected 0..64 inputs and 1..64 outputs, got 1 and 0")
    put("model", "input_not_string.json", mut(m, setp(["ops", 1, "inputs"], [7])),
        "at $.ops[1].inputs[0]: expected a tensor name, got 7")
    put("model", "too_many_inputs.json", mut(m, setp(["ops", 1, "inputs"], ["a"] * 65)),
        "expected 0..64 inputs")
    put("model", "shape_negative.json", mut(m, setp(["ops", 0, "outputs", 0, "shape"], [1, -1000])),
        "at $.ops[0].outputs[0].shape[1]: expected a number in [1, 2.14748e+09], got -1000")
    put("model", "shape_zero.json", mut(m, setp(["inputs", 0, "shape"], [0, 1000])),
        "at $.inputs[0].shape[0]: expected a number in [1, 2.14748e+09], got 0")
    put("model", "shape_fraction.json", mut(m, setp(["inputs", 0, "shape"], [1, 2.5])),
        "at $.inputs[0].shape[1]: expected an integer dimension, got 2.5")
    put("model", "shape_string.json", mut(m, setp(["inputs", 0, "shape"], [1, "NaN"])),
        "at $.inputs[0].shape[1]: expected a number in [1, 2.14748e+09], got \"NaN\"")
    put("model", "shape_inf.json", text.replace('"shape": [1, 1000]', '"shape": [1, 1e999]', 1),
        "at $.inputs[0].shape[1]: expected a number in [1, 2.14748e+09], got inf")
    put("model", "shape_huge.json", mut(m, setp(["inputs", 0, "shape"], [1, 1e300])),
        "at $.inputs[0].shape[1]: expected a number in [1, 2.14748e+09], got 1e+300")
    put("model", "shape_rank9.json", mut(m, setp(["inputs", 0, "shape"], [1] * 9)),
        "at $.inputs[0].shape: expected at most 8 dimensions, got 9")
    put("model", "shape_missing.json", mut(m, delp(["ops", 2, "outputs", 0, "shape"])),
        "at $.ops[2].outputs[0].shape: expected an array, got nothing")
    put("model", "elems_overflow.json",
        mut(m, setp(["ops", 2, "outputs", 0, "shape"], [2147483648, 2147483648])),
        "at $.ops[2]", "tensor \"y\": more than 2^40 elements")
    # found by review while fuzzing: int64 weight count overflowed (undefined behaviour)
    put("model", "weights_overflow.json",
        mut(m, lambda doc: (doc["inputs"][0].update(shape=[1, 2147483648, 1, 1]),
                            doc["ops"][0].update(type="Conv", attrs={"kernel_shape": [4096, 4096]},
                                                 outputs=[{"name": "a", "shape": [1, 2147483648, 1, 1]}]),
                            doc["ops"][0].pop("flops"))),
        "at $.ops: op \"A\" (Conv): its shapes and kernel give 7.74e+25 weights (expected at most 2^40)")
    put("model", "flops_negative.json", mut(m, setp(["ops", 0, "flops"], -5)),
        "at $.ops[0].flops: expected a number in [0, 1e+18], got -5")
    put("model", "flops_string.json", mut(m, setp(["ops", 0, "flops"], "10k")),
        "at $.ops[0].flops: expected a number in [0, 1e+18], got \"10k\"")
    put("model", "flops_huge.json", mut(m, setp(["ops", 0, "flops"], 1e30)),
        "at $.ops[0].flops: expected a number in [0, 1e+18], got 1e+30")
    put("model", "weights_fraction.json", mut(m, setp(["ops", 0, "weight_elems"], 0.5)),
        "at $.ops[0].weight_elems: expected an integer in [0, 1099511627776], got 0.5")
    put("model", "kernel_zero.json", mut(m, setp(["ops", 0, "attrs"], {"kernel_shape": [0, 0]})),
        "at $.ops[0].attrs.kernel_shape[0]: expected a number in [1, 4096], got 0")
    put("model", "pads_length.json", mut(m, setp(["ops", 0, "attrs"], {"pads": [1, 2, 3]})),
        "at $.ops[0].attrs.pads: expected an array of 4 integers (or 2 for a 1-D op), got an array of 3")
    put("model", "strides_string.json", mut(m, setp(["ops", 0, "attrs"], {"strides": "2"})),
        "at $.ops[0].attrs.strides: expected an array of 2 integers (or 1 for a 1-D op), got \"2\"")
    put("model", "group_zero.json", mut(m, setp(["ops", 0, "attrs"], {"group": 0})),
        "at $.ops[0].attrs.group: expected an integer in [1, 1048576], got 0")
    put("model", "attrs_array.json", mut(m, setp(["ops", 0, "attrs"], [1])),
        "at $.ops[0].attrs: expected an object, got an array")
    # attributes are kept (traces/attrs.h); one the op table reads must have its kind
    put("model", "attrs_perm_fraction.json",
        mut(m, lambda doc: doc["ops"][0].update(type="Transpose", attrs={"perm": [1, 0.5]})),
        "at $.ops[0].attrs.perm: expected an array of integers (attribute perm of Transpose), "
        "got an array")
    put("model", "attrs_value_object.json", mut(m, setp(["ops", 0, "attrs"], {"mode": {"x": 1}})),
        "at $.ops[0].attrs.mode: expected a number, a string or an array of numbers, got an object")
    put("model", "graph_output_unknown.json", mut(m, setp(["outputs"], ["zzz"])),
        "at $.outputs[0]: graph output \"zzz\" is not produced by any op")
    put("model", "dtype_unknown.json", mut(m, setp(["dtype"], "fp64")),
        "at $.dtype: expected one of \"fp32\"")
    put("model", "accuracy_unsorted.json",
        mut(m, setp(["accuracy"], {"metric": "top-1 %", "fp32": 70,
                                   "pruned": [{"ratio": 0.5, "value": 60}, {"ratio": 0.3, "value": 65}]})),
        "at $.accuracy.pruned[1].ratio: expected a number in [0.5")

    # ---- device profiles (hetsim-device) ----
    with open(os.path.join(FIX, "dev_two.json")) as f:
        text = f.read()
    d = json.loads(text)
    common("profile", d, "hetsim-device", text)
    P = ["processors"]
    # the dispatch of an op-model set (a profile with op models)
    fp = load("profiles/fitted.json")
    D = P + [0, "op_models", 0, "dispatch"]
    put("profile", "dispatch_negative.json",
        mut(fp, setp(D, {"kernel_launch_us": -1, "op_overhead_us": 0, "source": "x"})),
        "at $.processors[0].op_models[0].dispatch.kernel_launch_us", "-1")
    put("profile", "dispatch_no_source.json",
        mut(fp, setp(D, {"kernel_launch_us": 1, "op_overhead_us": 0})),
        "at $.processors[0].op_models[0].dispatch.source")
    put("profile", "dispatch_unknown_key.json",
        mut(fp, setp(D, {"kernel_launch_us": 1, "op_overhead_us": 0, "source": "x",
                         "run_us": 3})),
        "$.processors[0].op_models[0].dispatch", "run_us")
    put("profile", "no_processors.json", mut(d, delp(P)), "at $.processors: expected an array")
    put("profile", "empty_processors.json", mut(d, setp(P, [])), "$.processors")
    put("profile", "host_unknown.json", mut(d, setp(["host"], "npu0")), "at $.host", "npu0")
    put("profile", "kind_unknown.json", mut(d, setp(P + [1, "kind"], "tpu")),
        "at $.processors[1].kind: expected one of \"cpu\", \"gpu\", \"dsp\", \"npu\", got \"tpu\"")
    put("profile", "peak_negative.json", mut(d, setp(P + [0, "peak_gflops", "fp32"], -1.0)),
        "at $.processors[0].peak_gflops.fp32: expected a number in [0.001, 1e+07], got -1")
    put("profile", "peak_string.json", mut(d, setp(P + [0, "peak_gflops", "fp32"], "fast")),
        "at $.processors[0].peak_gflops.fp32: expected a number in [0.001, 1e+07], got \"fast\"")
    put("profile", "peak_inf.json", text.replace('"peak_gflops": {"fp32": 1.0}', '"peak_gflops": {"fp32": -1e999}', 1),
        "at $.processors[0].peak_gflops.fp32: expected a number in [0.001, 1e+07], got -inf")
    put("profile", "peak_missing_dtype.json", mut(d, setp(P + [0, "peak_gflops"], {"fp16": 2.0})),
        "at $.processors[0].peak_gflops")
    put("profile", "efficiency_above_1.json", mut(d, setp(P + [0, "efficiency"], 2.0)),
        "at $.processors[0].efficiency: expected a number in [0.0001, 1], got 2")
    put("profile", "bandwidth_zero.json", mut(d, setp(P + [1, "mem_bandwidth_gbps"], 0)),
        "at $.processors[1].mem_bandwidth_gbps: expected a number in [0.001, 100000], got 0")
    put("profile", "launch_huge.json", mut(d, setp(P + [1, "launch_overhead_us"], 1e300)),
        "at $.processors[1].launch_overhead_us: expected a number in [0, 1e+06], got 1e+300")
    put("profile", "dtype_unknown.json", mut(d, setp(P + [0, "dtypes"], ["fp64"])),
        "at $.processors[0].dtypes[0]: expected one of \"fp32\"")
    put("profile", "dtypes_empty.json", mut(d, setp(P + [0, "dtypes"], [])),
        "at $.processors[0].dtypes: expected at least one dtype, got an empty array")
    put("profile", "duplicate_processor.json", mut(d, setp(P + [1, "name"], "cpu")),
        "\"cpu\"")
    put("profile", "cores_zero.json", mut(d, setp(P + [0, "cores"], 0)),
        "at $.processors[0].cores: expected an integer in [1, 1024], got 0")
    put("profile", "rule_no_op.json", mut(d, delp(P + [1, "support", "rules", 0, "op"])),
        "at $.processors[1].support.rules[0].op: expected a non-empty string, got nothing (missing)")
    put("profile", "rule_supported_string.json", mut(d, setp(P + [1, "support", "rules", 0, "supported"], "no")),
        "at $.processors[1].support.rules[0].supported: expected true or false, got \"no\"")
    put("profile", "transfer_no_latency.json", mut(d, delp(["transfers", "default", "latency_us"])),
        "at $.transfers.default.latency_us: expected a number in [0, 1e+07], got nothing (missing)")
    put("profile", "link_unknown_processor.json",
        mut(d, setp(["transfers", "links"], [{"from": "cpu", "to": "dsp", "latency_us": 1, "bandwidth_gbps": 1}])),
        "at $.transfers.links[0]", "\"dsp\"")
    put("profile", "thermal_release_above_throttle.json",
        mut(d, setp(["thermal"], {"source": "t", "ambient_c": 25, "throttle_c": 60, "release_c": 70,
                                  "resistance_c_per_w": 5, "capacity_j_per_c": 10})),
        "at $.thermal.release_c: expected a number in [25, 60], got 70")
    # co-execution costs (devices/coexec_costs.h), one broken field each
    cx = load("dev_coexec.json")
    C = ["coexec"]
    put("profile", "coexec_sync_negative.json", mut(cx, setp(C + ["sync_us"], -1)),
        "at $.coexec.sync_us: expected a number in [0")
    put("profile", "coexec_sync_missing.json", mut(cx, delp(C + ["sync_us"])),
        "at $.coexec.sync_us: expected a number", "missing")
    put("profile", "coexec_dispatch_string.json",
        mut(cx, setp(C + ["split_dispatch_us"], "fast")), "at $.coexec.split_dispatch_us", "fast")
    put("profile", "coexec_convert_negative.json",
        mut(cx, setp(C + ["convert_ns_per_byte"], {"value": -0.5, "source": "x"})),
        "at $.coexec.convert_ns_per_byte: expected a number in [0")
    put("profile", "coexec_interference_below_1.json",
        mut(cx, setp(C + ["interference", "cpu"], 0.5)),
        "at $.coexec.interference.cpu: expected a number in [1")
    put("profile", "coexec_interference_missing.json", mut(cx, delp(C + ["interference"])),
        "at $.coexec.interference: expected an object")
    put("profile", "coexec_interference_no_accel.json",
        mut(cx, delp(C + ["interference", "accel"])), "at $.coexec.interference.accel")
    put("profile", "coexec_wait_unknown.json", mut(cx, setp(C + ["wait"], "sleep")),
        "at $.coexec.wait", "sleep")
    put("profile", "coexec_with_cpu.json", mut(cx, setp(C + ["with"], "cpu")),
        "at $.coexec.with: expected the name of a non-cpu processor", "\"cpu\"")
    put("profile", "coexec_unknown_key.json", mut(cx, setp(C + ["sync_ms"], 1)),
        "at $.coexec", "sync_ms")
    put("profile", "coexec_buffer_below_1.json", mut(cx, setp(C + ["buffer_slowdown"], 0.2)),
        "at $.coexec.buffer_slowdown: expected a number in [1")
    put("profile", "dvfs_unsorted.json",
        mut(d, setp(P + [0, "dvfs"], {"source": "t", "up_ms": 10, "down_ms": 10,
                                      "opps": [{"ghz": 2.0, "power_mw": 900}, {"ghz": 1.0, "power_mw": 300}]})),
        "at $.processors[0].dvfs.opps[1].ghz: expected a number in [2")
    # the measured co-execution costs (hetsim native probe) and contention by op length
    def src(v):
        return {"value": v, "source": "measured: t"}
    coex = {"sync_us": src(30), "split_dispatch_us": src(2), "convert_ns_per_byte": src(0.05),
            "interference": {"cpu": src(1.5), "accel": src(1.2)}, "wait": "yield"}
    dc = mut(d, setp(["coexec"], coex))
    C = ["coexec"]
    put("profile", "coexec_sync_negative.json", mut(dc, setp(C + ["sync_us", "value"], -1)),
        "at $.coexec.sync_us", "expected a number in [0")
    put("profile", "coexec_missing_convert.json", mut(dc, delp(C + ["convert_ns_per_byte"])),
        "at $.coexec.convert_ns_per_byte")
    put("profile", "coexec_interference_below_1.json",
        mut(dc, setp(C + ["interference", "accel", "value"], 0.8)),
        "at $.coexec.interference.accel", "expected a number in [1")
    put("profile", "coexec_no_interference.json", mut(dc, delp(C + ["interference"])),
        "at $.coexec.interference: expected")
    put("profile", "coexec_wait_unknown.json", mut(dc, setp(C + ["wait"], "sleep")),
        "at $.coexec.wait", "sleep")
    put("profile", "coexec_unknown_key.json", mut(dc, setp(C + ["sync_ms"], src(3))),
        "$.coexec", "sync_ms")
    meas = {"model": "measured", "slowdown": [1, 2], "source": "measured: t",
            "by_duration": {"op_us": [50, 1000], "slowdown": [[1, 3], [1, 2]], "source": "measured: t"}}
    dm = mut(d, setp(P + [0, "contention"], meas))
    B = P + [0, "contention", "by_duration"]
    put("profile", "contention_by_duration_unsorted.json", mut(dm, setp(B + ["op_us"], [1000, 50])),
        "at $.processors[0].contention.by_duration.op_us[1]: expected op lengths in ascending order")
    put("profile", "contention_by_duration_row_length.json",
        mut(dm, setp(B + ["slowdown"], [[1, 3, 4], [1, 2]])),
        "at $.processors[0].contention.by_duration.slowdown[0]: expected 2 slowdown factors")
    put("profile", "contention_by_duration_rows_missing.json",
        mut(dm, setp(B + ["slowdown"], [[1, 3]])),
        "at $.processors[0].contention.by_duration: expected 1 to 8 op lengths in op_us and as many slowdown rows, got 2 and 1")
    put("profile", "contention_by_duration_not_measured.json",
        mut(dm, setp(P + [0, "contention"], {"model": "shared", "share": 0.5, "source": "t",
                                             "by_duration": meas["by_duration"]})),
        "at $.processors[0].contention.by_duration: expected only with \"model\": \"measured\"")
    put("profile", "contention_by_duration_factor_string.json",
        mut(dm, setp(B + ["slowdown"], [[1, "x"], [1, 2]])),
        "at $.processors[0].contention.by_duration.slowdown[0][1]")

    # ---- traces (hetsim-trace), loaded by `hetsim run` from a data directory ----
    with open(os.path.join(FIX, "trace_chain3_cpu.json")) as f:
        text = f.read()
    t = json.loads(text)
    common("trace", t, "hetsim-trace", text)
    O = ["ops", 0]
    put("trace", "no_ops.json", mut(t, delp(["ops"])), "at $.ops: expected an array, got nothing")
    # traces that were loaded and used silently wrong, or not at all
    put("trace", "dim_banana.json", mut(t, lambda d: d["ops"][0].update(fraction=0.5, dim="banana")),
        "at $.ops[0].dim: expected \"out_c\" or \"height\" (the split dimension), got \"banana\"")
    put("trace", "cost_all_zero.json",
        mut(t, lambda d: d["ops"][0].update(flops=0, in_elems=0, out_elems=0, weight_elems=0)),
        "at $.ops[0].out_elems: expected an integer in [1, ")
    put("trace", "names_match_nothing.json",
        mut(t, lambda d: d["ops"][0].update(name="conv1")),
        "none of its 1 op rows names an op of model \"chain3\" (e.g. $.ops[0].name \"conv1\")")
    put("trace", "samples_empty.json", mut(t, setp(O + ["samples_us"], [])),
        "at $.ops[0].samples_us: expected at least one sample, got an empty array")
    put("trace", "sample_negative.json", mut(t, setp(O + ["samples_us"], [100, -200])),
        "at $.ops[0].samples_us[1]: expected a number in [0, 1e+09], got -200")
    put("trace", "sample_string.json", mut(t, setp(O + ["samples_us"], ["100us"])),
        "at $.ops[0].samples_us[0]: expected a number in [0, 1e+09], got \"100us\"")
    put("trace", "sample_huge.json", mut(t, setp(O + ["samples_us"], [1e12])),
        "at $.ops[0].samples_us[0]: expected a number in [0, 1e+09], got 1000000000000")
    put("trace", "sample_nan.json", text.replace("[100, 200, 300]", "[100, NaN, 300]"),
        "expected valid JSON")
    put("trace", "fraction_zero.json", mut(t, setp(O + ["fraction"], 0)),
        "at $.ops[0].fraction: expected a number in [1e-06, 1], got 0")
    put("trace", "fraction_above_1.json", mut(t, setp(O + ["fraction"], 1.5)),
        "at $.ops[0].fraction: expected a number in [1e-06, 1], got 1.5")
    put("trace", "duplicate_op.json", mut(t, setp(["ops"], [t["ops"][0], t["ops"][0]])),
        "at $.ops[1]: op \"A\" at fraction 1 appears twice")
    put("trace", "dtype_unknown.json", mut(t, setp(["dtype"], "fp8")),
        "at $.dtype: expected one of \"fp32\"")
    put("trace", "recorded_unknown.json", mut(t, setp(["recorded"], "guessed")),
        "at $.recorded: expected one of")
    put("trace", "no_device.json", mut(t, delp(["device"])),
        "at $.device: expected a non-empty string, got nothing (missing)")
    put("trace", "other_device.json", mut(t, setp(["device"], "xiaomi-mi9")),
        "at $: expected a trace of device \"dev_two\", model \"chain3\", processor \"cpu\", got \"xiaomi-mi9\"")
    put("trace", "temperature_huge.json", mut(t, setp(["temperature_c"], 1e6)),
        "at $.temperature_c: expected a number in [-50, 200], got 1000000")

    # ---- scenarios (hetsim-scenario), run with dev_two and chain3 ----
    with open(os.path.join(FIX, "poisson.json")) as f:
        text = f.read()
    s = json.loads(text)
    common("scenario", s, "hetsim-scenario", text)
    put("scenario", "arrival_unknown.json", mut(s, setp(["arrival", "mode"], "sometimes")),
        "at $.arrival.mode: expected one of")
    put("scenario", "fps_negative.json", mut(s, setp(["arrival", "fps"], -10)),
        "at $.arrival.fps: expected a number")
    put("scenario", "fps_string.json", mut(s, setp(["arrival", "fps"], "ten")),
        "at $.arrival.fps: expected a number", "got \"ten\"")
    put("scenario", "frames_zero.json", mut(s, setp(["frames"], 0)),
        "at $.frames: expected an integer in [1,")
    put("scenario", "frames_huge.json", mut(s, setp(["frames"], 1e15)),
        "at $.frames: expected an integer in [1,")
    put("scenario", "seed_negative.json", mut(s, setp(["seed"], -1)),
        "at $.seed: expected")
    put("scenario", "seed_fraction.json", mut(s, setp(["seed"], 1.5)),
        "at $.seed: expected")
    put("scenario", "arrival_string.json", mut(s, setp(["arrival"], "poisson")),
        "at $.arrival: expected an object, got \"poisson\"")
    put("scenario", "competitor_unknown_processor.json",
        mut(s, setp(["competitors"], [{"processor": "npu", "count": 1}])),
        "competitors[0]", "\"npu\"")
    put("scenario", "competitor_duty.json",
        mut(s, setp(["competitors"], [{"processor": "cpu", "count": 1, "duty": 2}])),
        "at $.competitors[0].duty: expected a number")
    put("scenario", "competitors_object.json", mut(s, setp(["competitors"], {"processor": "cpu"})),
        "at $.competitors: expected an array, got an object")

    # ---- sweeps (hetsim-sweep) ----
    sw = {"format": "hetsim-sweep", "version": 1, "name": "bad", "devices": ["dev_two.json"],
          "models": ["chain3.json"], "policies": ["cpu", "gpu"], "seeds": [1, 2], "frames": 2}
    text = json.dumps(sw, indent=1)
    common("sweep", sw, "hetsim-sweep", text)
    put("sweep", "devices_empty.json", mut(sw, setp(["devices"], [])),
        "at $.devices: expected at least one entry, got an empty array")
    put("sweep", "devices_number.json", mut(sw, setp(["devices"], [1])),
        "at $.devices[0]: expected a non-empty string, got 1")
    put("sweep", "no_models.json", mut(sw, delp(["models"])), "$.models")
    put("sweep", "seed_negative.json", mut(sw, setp(["seeds"], [-1])),
        "at $.seeds[0]: expected a number in [0, 9.0072e+15], got -1")
    put("sweep", "prune_too_big.json", mut(sw, setp(["prune"], [0.99])),
        "at $.prune[0]: expected a number in [0, 0.95], got 0.99")
    put("sweep", "quant_int4.json", mut(sw, setp(["quant"], ["int4"])),
        "at $.quant[0]: expected \"none\" or \"int8\", got \"int4\"")
    put("sweep", "frames_zero.json", mut(sw, setp(["frames"], 0)),
        "at $.frames: expected an integer in [1, 10000000], got 0")
    put("sweep", "seeds_empty.json", mut(sw, setp(["seeds"], [])),
        "expected optional axes (scenarios, seeds, prune, quant) to have at least one entry")
    put("sweep", "grid_too_big.json",
        mut(sw, lambda doc: doc.update(devices=["d%d" % i for i in range(100)],
                                       models=["m%d" % i for i in range(100)],
                                       policies=["p%d" % i for i in range(100)],
                                       seeds=list(range(100)))),
        "the grid has 100000000 points (at most 10 million)")
    # 2^11 entries on each of six axes: 2^66 points, 0 in 64-bit arithmetic
    put("sweep", "grid_overflow.json",
        mut(sw, lambda doc: doc.update(devices=["d"] * 2048, models=["m"] * 2048,
                                       policies=["p"] * 2048, seeds=[1] * 2048,
                                       prune=[0] * 2048, quant=["none"] * 2048)),
        "the grid has 73786976294838206464 points (at most 10 million)")
    # the whole spec is checked before any point runs, and the message names the sweep file
    put("sweep", "unknown_device.json", mut(sw, setp(["devices"], ["no-such-device"])),
        "at $.devices[0]: unknown device \"no-such-device\"")
    put("sweep", "scenario_missing.json", mut(sw, setp(["scenarios"], ["no-such-scenario.json"])),
        "at $.scenarios[0]", "no-such-scenario.json: cannot open")
    put("sweep", "unknown_policy.json", mut(sw, setp(["policies"], ["cpu", "gpu", "no-such"])),
        "at $.policies[2]: unknown policy \"no-such\"")
    put("sweep", "unknown_variant.json", mut(sw, setp(["policies"], ["cpu", "band:nope"])),
        "at $.policies[1]: policy band: unknown variant \"nope\"")
    put("sweep", "unknown_model.json", mut(sw, setp(["models"], ["chain3.json", "no-such-model"])),
        "at $.models[1]: unknown model \"no-such-model\"")
    # the name goes on one line of a shard's tag
    put("sweep", "name_newline.json", mut(sw, setp(["name"], "two\nlines")),
        "at $.name: expected a name without control characters (newline, tab), got character "
        "0x0a at offset 3")

    # ---- trace importers ----
    with open(os.path.join(FIX, "importers", "trt_profile.json")) as f:
        trt = f.read()
    put("tensorrt", "empty.json", "", "got an empty file")
    put("tensorrt", "garbage.json", GARBAGE, "expected")
    put("tensorrt", "object.json", '{"count": 1}', "expected")
    put("tensorrt", "truncated.json", trt[: len(trt) // 2], "expected valid JSON")
    put("tensorrt", "average_nan_string.json", trt.replace('"averageMs" : 0.101067', '"averageMs" : "NaN"', 1),
        "averageMs")
    put("tensorrt", "average_inf.json", trt.replace('"averageMs" : 0.101067', '"averageMs" : 1e999', 1),
        "averageMs")
    put("tensorrt", "name_number.json", trt.replace('"name" : "Gemm_3"', '"name" : 3', 1), "name")
    put("tensorrt", "count_negative.json", trt.replace('"count" : 412', '"count" : -4', 1), "count")
    put("tensorrt", "deep.json", DEEP, "expected valid JSON")

    with open(os.path.join(FIX, "importers", "ort_profile.json")) as f:
        ort = f.read()
    put("onnxruntime", "empty.json", "", "got an empty file")
    put("onnxruntime", "garbage.json", GARBAGE, "expected")
    put("onnxruntime", "object.json", '{"traceEvents": 1}', "expected")
    put("onnxruntime", "truncated.json", ort[: len(ort) // 2], "expected valid JSON")
    put("onnxruntime", "dur_huge.json", ort.replace('"dur":812,', '"dur":1e300,', 1), "dur")
    put("onnxruntime", "dur_negative.json", ort.replace('"dur":812,', '"dur":-812,', 1), "dur")
    put("onnxruntime", "op_name_number.json", ort.replace('"op_name":"Conv"', '"op_name":7'), "args.op_name: expected a non-empty string, got 7")
    put("onnxruntime", "no_nodes.json", '[{"cat":"Session","dur":5,"ph":"X","name":"x","args":{}}]', "expected")
    put("onnxruntime", "deep.json", DEEP, "expected valid JSON")

    with open(os.path.join(FIX, "importers", "tflite_mobilenet.txt")) as f:
        tfl = f.read()
    put("tflite", "empty.txt", "", "got an empty file")
    put("tflite", "garbage.txt", GARBAGE, "expected")
    put("tflite", "nul_byte.txt", tfl[:200] + "\0" + tfl[200:], "NUL")
    put("tflite", "no_profile.txt", "STARTING!\nInference timings in us: Init: 1\n", "expected")
    put("tflite", "truncated.txt", tfl[: tfl.find("Operator-wise Profiling Info for Regular Benchmark Runs") + 200]
        if "Operator-wise" in tfl else tfl[: len(tfl) // 2], "expected")
    put("tflite", "avg_nan.txt", tfl.replace("0.412\t     0.398", "0.412\t       nan", 1), "expected")

    with open(os.path.join(FIX, "importers", "qed_ops.csv")) as f:
        qed = f.read()
    lines = qed.splitlines(True)
    put("qed", "empty.csv", "", "got an empty file")
    put("qed", "garbage.csv", GARBAGE, "expected")
    put("qed", "header_only.csv", lines[0], "expected")
    put("qed", "unterminated_quote.csv", lines[0] + 'tinynet,CONV_2D,"{oops,1.0,x\n', "expected")
    put("qed", "latency_negative.csv", lines[0] + lines[1].replace(",61.5808,", ",-61.5808,", 1), "expected")
    put("qed", "latency_inf.csv", lines[0] + lines[1].replace(",61.5808,", ",inf,", 1), "expected")
    put("qed", "bad_device_column.csv", lines[0].replace("pixel4|gpu|float", "pixel4gpufloat", 1) + lines[1],
        "expected a device column")

    put("map", "empty.csv", "", "got an empty file")
    put("map", "garbage.csv", GARBAGE, "expected")
    put("map", "empty_tool_name.csv", "tool_name,model_op\n,conv\n", "expected a tool name in column 1, got an empty field")
    put("map", "three_columns.csv", "tool_name,model_op\nConv_0 + Relu_1,conv,extra\n", "expected")
    put("map", "duplicate.csv", "tool_name,model_op\nGemm_3,gap\nGemm_3,fc\n", "Gemm_3")

    # ---- ONNX models ----
    with open(os.path.join(FIX, "onnx", "conv_relu_gemm.onnx"), "rb") as f:
        onnx = f.read()
    put("onnx", "empty.onnx", b"", "the file is empty")
    put("onnx", "garbage.onnx", GARBAGE, "not")
    put("onnx", "truncated.onnx", onnx[: len(onnx) // 2], "not a valid ONNX model")
    with open(os.path.join(FIX, "onnx", "unknown_op_noshape.onnx"), "rb") as f:
        put("onnx", "unknown_op_noshape.onnx", f.read(),
            "node \"fancy\" (MyFancyOp): cannot infer the shape of its output \"u\" (unknown op type")
    put("onnx", "json.onnx", b'{"format": "hetsim-model"}', "not")

    # ---- issue 16: inputs that pass the readers but cannot be simulated ----
    # a graph output that is a graph input: no op produces it (HEFT read aft[-1])
    put("model", "output_is_input.json", mut(m, setp(["outputs"], ["x"])),
        'at $.outputs[0]: graph output "x" is a graph input: expected a tensor an op produces')
    # recorded at a cost so small that model(now) / model(recorded) scales a
    # a 1e9 us sample scaled past the simulated clock's end (it used to wrap to 0 us)
    put("trace", "scale_overflow.json",
        mut(t, setp(["ops"], [{"name": "B", "type": "Relu", "samples_us": [1e9], "flops": 1e-12,
                               "in_elems": 1, "out_elems": 1, "weight_elems": 0}])),
        "nofile", "op 'B' on processor cpu takes", "by its trace's samples scaled by",
        "past the end of the simulated clock")
    # ---- Band configurations (hetsim import band CONFIG -d xiaomi-mi9) ----
    band = load("band/config.json")
    b = lambda name, fn, *exp: put("band", name, mut(band, fn), *exp)  # noqa: E731
    b("unknown_key.json", setp(["frobnicate"], 1), 'at $: unknown key "frobnicate"')
    b("no_schedulers.json", delp(["schedulers"]), "schedulers")
    b("sched_unknown.json", setp(["schedulers"], ["fastest"]), "at $.schedulers[0]",
      'unknown Band scheduler "fastest"')
    b("sched_unmapped.json", setp(["schedulers"], ["heft_reserved"]), "at $.schedulers[0]",
      'scheduler "heft_reserved" has no hetsim counterpart')
    b("sched_two.json", setp(["schedulers"], ["heft", "round_robin"]), "at $.schedulers",
      "expected one scheduler name")
    b("sched_number.json", setp(["schedulers"], [3]), "at $.schedulers",
      "expected one scheduler name")
    b("batch.json", setp(["models", 0, "batch_size"], 3), "at $.models[0].batch_size",
      "expected 1")
    b("slo_scale.json", setp(["models", 0, "slo_scale"], 2.0), "at $.models[0].slo_scale",
      "give slo_us instead")
    b("pinned.json", setp(["models", 1, "device"], 1), "at $.models[1].device",
      "pinned to a worker")
    b("worker_id.json", setp(["models", 0, "worker_id"], 0), "at $.models[0].worker_id")
    b("no_period.json", delp(["models", 0, "period_ms"]), "at $.models[0].period_ms",
      "expected a period in ms > 0")
    b("period_zero.json", setp(["models", 0, "period_ms"], 0), "at $.models[0].period_ms")
    b("slo_negative.json", setp(["models", 0, "slo_us"], -5), "at $.models[0].slo_us")
    b("unknown_model.json", setp(["models", 1, "graph"], "x/foo.tflite"), "at $.models[1].graph",
      'no hetsim model "foo"', "--models")
    b("graph_number.json", setp(["models", 0, "graph"], 7), "at $.models[0].graph")
    b("model_key.json", setp(["models", 0, "priority"], 1), 'at $.models[0]: unknown key "priority"')
    b("models_empty.json", setp(["models"], []), "at $.models: expected 1 to 16 models")
    b("models_missing.json", delp(["models"]), "models")
    b("worker_kind.json", setp(["workers", 0, "device"], "TPU"), "at $.workers[0].device",
      'expected one of CPU, GPU, DSP, NPU, got "TPU"')
    b("worker_key.json", setp(["workers", 1, "priority"], 1), 'at $.workers[1]: unknown key "priority"')
    b("worker_npu.json", setp(["workers", 2, "device"], "NPU"), "at $.workers[2].device",
      "has no npu processor")
    b("worker_uncovered.json", delp(["workers", 2]), "at $.workers: no DSP worker",
      'the dsp processor "dsp"')
    b("worker_mask_gpu.json", setp(["workers", 1, "cpu_masks"], "BIG"),
      "at $.workers[1].cpu_masks", "only a CPU worker")
    b("worker_mask.json", setp(["workers", 0, "cpu_masks"], "MEDIUM"), "at $.workers[0].cpu_masks",
      "expected one of ALL, BIG, LITTLE, PRIMARY")
    b("smoothing.json", setp(["profile_smoothing_factor"], 0.5), "at $.profile_smoothing_factor",
      "alpha 0.1")
    b("mode.json", setp(["execution_mode"], "burst"), "at $.execution_mode",
      "expected one of PERIODIC, STREAM")
    b("running_time.json", setp(["running_time_ms"], "long"), "at $.running_time_ms")
    put("band", "array.json", "[]", "at $: expected an object")
    put("band", "empty.json", "", "empty")
    put("band", "garbage.json", GARBAGE, "")


if __name__ == "__main__":
    main()
