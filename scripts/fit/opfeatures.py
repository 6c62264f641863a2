"""Per-op features of the latency model, computed exactly as the simulator does.

The simulator (sim/latency.c) predicts an op's latency from its class
(hs_op_class_of), its FLOPs, the bytes it moves (inputs + outputs + weights,
hs_op_bytes) and its output elements (occupancy term). The operators of the
project's model graphs (traces/models/*.json) come from hetsim itself
(`hetsim list ops -m MODEL -f csv`: class, FLOPs, elements and weights as the
simulator derives them, traces/op_cost.c), and the class of every op type
from hetsim's op table (`hetsim list ops -f csv`, traces/op.c), so that
nothing here re-derives what C knows. Only the operators of the qed
mobile-ml-benchmark CSV (TFLite op names and a feature dict) and the
MobileNet-V1 layer table, which are no model graph, are built here; their
class follows the op table plus hs_op_class_of's depthwise rule for Conv,
which load_model checks against hetsim on every zoo op.

The hetsim binary is $HETSIM, else the one built in this source tree, else
hetsim on the PATH.
"""
import csv
import io
import json
import os
import subprocess
import sys

DTYPE_SIZE = {"fp32": 4, "fp16": 2, "int8": 1}
CLASSES = ["conv1x1", "conv", "dwconv", "gemm", "pool", "elementwise", "data", "activation",
           "gconv"]
SRC = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
sys.path.insert(0, os.path.join(SRC, "scripts"))
import hetsim_bin  # noqa: E402


def hetsim_binary():
    """The hetsim to run: $HETSIM, the in-tree build, or hetsim on the PATH."""
    found = hetsim_bin.find(SRC)
    if found:
        return found
    raise SystemExit("opfeatures: no hetsim binary: build it (./configure && make) in %s, or "
                     "set HETSIM" % SRC)


def hetsim_csv(*args):
    """Rows (dicts) of a `hetsim ... -f csv` listing."""
    r = subprocess.run([hetsim_binary()] + list(args), stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, check=False)
    if r.returncode != 0:
        raise SystemExit("opfeatures: hetsim %s: %s" % (" ".join(args),
                                                       r.stderr.decode("utf-8", "replace").strip()))
    return list(csv.DictReader(io.StringIO(r.stdout.decode("utf-8"))))


_op_table = {}


def op_table():
    """{ONNX op type: (class or None, is a view)} from hetsim's op table."""
    if not _op_table:
        for row in hetsim_csv("list", "ops", "-f", "csv"):
            _op_table[row["type"]] = (row["class"] or None, row["view"] == "1")
    return _op_table


def is_view(type_):
    return op_table().get(type_, (None, False))[1]


class Op:
    """One operator: type, class (None: no class, roofline only), FLOPs, element
    counts (inputs, outputs, weights), kernel (max of h, w)."""
    __slots__ = ("name", "type", "cls", "flops", "in_elems", "out_elems", "w_elems", "kernel",
                 "stride", "group", "view")

    def __init__(self, name, type_, flops, in_elems, out_elems, w_elems, kernel=1, stride=1,
                 group=1, kh=None, kw=None):
        self.name, self.type = name, type_
        self.flops, self.in_elems, self.out_elems, self.w_elems = (float(flops), in_elems,
                                                                    out_elems, w_elems)
        self.kernel, self.stride, self.group = kernel, stride, group
        self.cls = class_of(type_, group, kh or kernel, kw or kernel, self.flops, out_elems)
        self.view = is_view(type_)

    def mflop(self):
        return self.flops / 1e6

    def mb(self, dtype):
        if self.view:
            return 0.0
        return (self.in_elems + self.out_elems + self.w_elems) * DTYPE_SIZE[dtype] / 1e6


def class_of(type_, group, kh, kw, flops, out_elems):
    """sim/latency.c hs_op_class_of: the op table's class; a Conv with groups is
    depthwise when each group has one input channel (from its FLOPs), else a
    grouped conv (gconv)."""
    cls, view = op_table().get(type_, (None, False))
    if view:
        return None
    if type_ == "Conv":
        kh, kw = max(kh, 1), max(kw, 1)
        if group > 1:
            per_group = flops / (2.0 * out_elems * kh * kw) if out_elems > 0 and flops > 0 else 1
            if per_group < 1.5:
                return "dwconv"
            return "gconv"
        return "conv1x1" if kh == 1 and kw == 1 else "conv"
    return cls


def model_us(m, mflop, mb, out_elems):
    """sim/latency.c hs_op_model_us: m is a dict of one class model."""
    occ = 1.0
    e0 = m.get("occupancy_elems", 0)
    if e0 > 0 and out_elems < e0:
        occ = (e0 / max(out_elems, 1.0)) ** m.get("occupancy_exp", 1.0)
    return m["overhead_us"] + m["us_per_mflop"] * mflop * occ + m["us_per_mb"] * mb


# ---- qed mobile-ml-benchmark operators (TFLite op names) ----

def qed_op(operation, feat, name=""):
    """An Op from a qed row: `feat` is the parsed feature dict. Shapes are
    square (Input_shape = H = W); FLOPS = 2 per MAC as in the simulator."""
    def i(k):
        return int(feat[k])
    if operation in ("CONV_2D", "CONV_2D_GROUP", "DEPTHWISE_CONV_2D"):
        h, c, ho, k = i("Input_shape"), i("Input_channel"), i("Output_shape"), i("Kernel")
        if operation == "DEPTHWISE_CONV_2D":
            g, co = c, c * max(i("Filter"), 1)
        else:
            g, co = (1 if operation == "CONV_2D" else i("Group")), i("Filter")
        w = co * (c // g) * k * k + co
        return Op(name, "Conv", float(feat["FLOPS"]), h * h * c, ho * ho * co, w, k,
                  int(feat["Stride"]), g)
    if operation == "FULLY_CONNECTED":
        k, n = i("Input_channel"), i("Filter")
        return Op(name, "Gemm", float(feat["FLOPS"]), k, n, k * n + n)
    if operation in ("MAX_POOL_2D", "AVERAGE_POOL_2D"):
        h, c, ho, k = i("Input_shape"), i("Input_channel"), i("Output_shape"), i("Kernel")
        t = "MaxPool" if operation == "MAX_POOL_2D" else "AveragePool"
        return Op(name, t, ho * ho * c * k * k, h * h * c, ho * ho * c, 0, k, int(feat["Stride"]))
    if operation == "MEAN":
        h, c = i("Input_shape"), i("Input_channel")
        return Op(name, "GlobalAveragePool", h * h * c, h * h * c, c, 0)
    if operation == "CONCATENATION":
        h, co = i("Input_shape"), i("Filter")
        return Op(name, "Concat", 0, h * h * co, h * h * co, 0)
    raise ValueError("unknown qed operation " + operation)


# ---- project model graphs ("hetsim-model" JSON) ----

def load_model(path):
    """(name, dtype, [Op]) of a hetsim-model JSON file, every figure as hetsim
    computes it (hetsim list ops -m PATH -f csv)."""
    with open(path) as f:
        doc = json.load(f)
    ops = []
    for r in hetsim_csv("list", "ops", "-m", path, "-f", "csv"):
        kh, kw = int(r["kernel_h"]), int(r["kernel_w"])
        sh, sw = int(r["stride_h"]), int(r["stride_w"])
        op = Op(r["name"], r["type"], float(r["flops"]), int(r["in_elems"]), int(r["out_elems"]),
                int(r["weight_elems"]), max(kh, kw), max(sh, sw), int(r["group"]), kh, kw)
        if op.cls != (r["class"] or None) or op.view != (r["view"] == "1"):
            raise SystemExit("opfeatures: %s: op %s (%s): class %s here, %s in hetsim (keep "
                             "class_of in step with sim/latency.c)" % (path, op.name, op.type,
                                                                      op.cls, r["class"]))
        ops.append(op)
    return doc["name"], doc.get("dtype", "fp32"), ops


def mobilenet_v1_ops(width=1.0, res=224):
    """MobileNet-V1 (Howard et al. 2017, Table 1): the published-latency tables
    name it but the zoo does not ship it; built here for calibration only
    (convs with folded BN, ReLU6 as Clip, global pool, FC)."""
    ops = []
    c, h = 3, res

    def conv(co, k, s, g=1):
        nonlocal c, h
        ho = (h + s - 1) // s
        cin_g = c // g
        flops = 2.0 * ho * ho * co * cin_g * k * k
        ops.append(Op("conv%d" % len(ops), "Conv", flops, h * h * c, ho * ho * co,
                      co * cin_g * k * k + co, k, s, g))
        ops.append(Op("relu%d" % len(ops), "Clip", ho * ho * co, ho * ho * co, ho * ho * co, 0))
        c, h = co, ho

    conv(int(32 * width), 3, 2)
    for co, s in [(64, 1), (128, 2), (128, 1), (256, 2), (256, 1), (512, 2)] + [(512, 1)] * 5 + \
            [(1024, 2), (1024, 1)]:
        conv(c, 3, s, g=c)
        conv(int(co * width), 1, 1)
    ops.append(Op("gap", "GlobalAveragePool", h * h * c, h * h * c, c, 0))
    ops.append(Op("fc", "Gemm", 2.0 * c * 1000, c, 1000, c * 1000 + 1000))
    return ops


def roofline_us(proc, op, dtype):
    """sim/latency.c hs_roofline_ns in microseconds; proc: a profile processor dict
    with plain numbers (value already unwrapped)."""
    if op.view:
        return 0.0
    peak = proc["peak"][dtype] * proc["efficiency"]
    t_c = op.flops / peak / 1e3 if peak > 0 else 0
    t_m = op.mb(dtype) * 1e6 / proc["mem_bw"] / 1e3
    return max(t_c, t_m) + proc["launch_us"]


def op_us(proc, sets, op, dtype):
    """Latency of one op in microseconds as the simulator computes it without
    traces: the fitted class model (hs_fitted_ns) or the roofline."""
    if op.cls is None:
        return roofline_us(proc, op, dtype), "roofline"
    s = sets.get(dtype) or (sets[next(iter(sets))] if sets else None)
    cls = op.cls
    if s is not None and cls == "gconv" and cls not in s["classes"]:  # as sim/latency.c
        cls = "conv1x1" if op.kernel <= 1 else "conv"
    if s is None or cls not in s["classes"]:
        return roofline_us(proc, op, dtype), "roofline"
    fd = dtype if dtype in sets else next(iter(sets))
    mflop = op.mflop()
    if fd != dtype and proc["peak"].get(dtype, 0) > 0:
        mflop *= proc["peak"][fd] / proc["peak"][dtype]
    return model_us(s["classes"][cls], mflop, op.mb(dtype), op.out_elems), "fitted"


__all__ = ["Op", "CLASSES", "class_of", "model_us", "qed_op", "load_model", "mobilenet_v1_ops",
           "roofline_us", "op_us", "DTYPE_SIZE", "op_table", "hetsim_csv"]
