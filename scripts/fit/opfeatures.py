"""Per-op features of the latency model, computed exactly as the simulator does.

The simulator (sim/latency.c) predicts an op's latency from its class
(hs_op_class_of), its FLOPs, the bytes it moves (inputs + outputs + weights,
hs_op_bytes) and its output elements (occupancy term). This module computes
the same quantities in Python for
  - the operators of the qed mobile-ml-benchmark CSV (TFLite op names and a
    feature dict), and
  - the operators of the project's model graphs (traces/models/*.json,
    "hetsim-model"), following traces/graph.c for the derived costs,
so that parameters fitted here mean the same thing in C. Keep the two in step.
"""
import json

DTYPE_SIZE = {"fp32": 4, "fp16": 2, "int8": 1}
CLASSES = ["conv1x1", "conv", "dwconv", "gemm", "pool", "elementwise", "data", "activation"]

VIEWS = {"Reshape", "Flatten", "Squeeze", "Unsqueeze", "Identity", "Dropout"}
POOL = {"MaxPool", "AveragePool", "GlobalAveragePool", "GlobalMaxPool", "ReduceMean", "LpPool"}
DATA = {"Concat", "Split", "Slice", "Pad", "Transpose", "Resize", "Upsample", "Gather", "Tile",
        "Expand", "DepthToSpace", "SpaceToDepth"}
ACT = {"Relu", "Clip"}
ELEM = {"LeakyRelu", "PRelu", "Sigmoid", "Tanh", "HardSigmoid", "HardSwish", "Elu", "Selu",
        "Gelu", "Erf", "Exp", "Log", "Sqrt", "Pow", "Neg", "Abs", "Reciprocal", "Add", "Sub",
        "Mul", "Div", "Max", "Min", "Sum", "Mean", "BatchNormalization",
        "InstanceNormalization", "LayerNormalization", "Softmax", "LogSoftmax", "Cast", "Where",
        "Equal", "Less", "Greater", "Not", "ReduceSum", "ReduceMax"}


class Op:
    """One operator: type, class (None: no class, roofline only), FLOPs, element
    counts (inputs, outputs, weights), kernel (max of h, w)."""
    __slots__ = ("name", "type", "cls", "flops", "in_elems", "out_elems", "w_elems", "kernel",
                 "stride", "group")

    def __init__(self, name, type_, flops, in_elems, out_elems, w_elems, kernel=1, stride=1,
                 group=1, kh=None, kw=None):
        self.name, self.type = name, type_
        self.flops, self.in_elems, self.out_elems, self.w_elems = (float(flops), in_elems,
                                                                    out_elems, w_elems)
        self.kernel, self.stride, self.group = kernel, stride, group
        self.cls = class_of(type_, group, kh or kernel, kw or kernel, self.flops, out_elems)

    def mflop(self):
        return self.flops / 1e6

    def mb(self, dtype):
        if self.type in VIEWS:
            return 0.0
        return (self.in_elems + self.out_elems + self.w_elems) * DTYPE_SIZE[dtype] / 1e6


def class_of(type_, group, kh, kw, flops, out_elems):
    """sim/latency.c hs_op_class_of."""
    if type_ in VIEWS:
        return None
    if type_ == "Conv":
        kh, kw = max(kh, 1), max(kw, 1)
        if group > 1:
            per_group = flops / (2.0 * out_elems * kh * kw) if out_elems > 0 and flops > 0 else 1
            if per_group < 1.5:
                return "dwconv"
        return "conv1x1" if kh == 1 and kw == 1 else "conv"
    if type_ == "ConvTranspose":
        return "conv"
    if type_ in ("Gemm", "MatMul"):
        return "gemm"
    if type_ in POOL:
        return "pool"
    if type_ in DATA:
        return "data"
    if type_ in ACT:
        return "activation"
    if type_ in ELEM:
        return "elementwise"
    return None


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

def _prod(shape):
    n = 1
    for d in shape:
        n *= d
    return n


def _derive(type_, x, y, attrs, n_in, in_elems, out_elems):
    """FLOPs and weights from shapes (traces/graph.c derive_costs)."""
    def dim(t, i):
        return t[i] if t is not None and i < len(t) else 1
    k = attrs.get("kernel_shape", [1, 1])
    kh, kw = (k[0], k[-1]) if k else (1, 1)
    grp = max(attrs.get("group", 1), 1)
    out, inn = float(out_elems), float(in_elems)
    if type_ == "Conv" and x is not None:
        cin, cout = dim(x, 1), dim(y, 1)
        return 2.0 * out * (cin // grp) * kh * kw, cout * (cin // grp) * kh * kw + cout
    if type_ == "ConvTranspose" and x is not None:
        cin, cout = dim(x, 1), dim(y, 1)
        return 2.0 * inn * (cout // grp) * kh * kw, cin * (cout // grp) * kh * kw + cout
    if type_ in ("Gemm", "MatMul") and x is not None:
        kk = x[-1] if x else 1
        nn = y[-1] if y else 1
        w = kk * nn + (nn if type_ == "Gemm" else 0) if n_in == 1 else 0
        return 2.0 * out * kk, w
    if type_ in ("MaxPool", "AveragePool"):
        return out * kh * kw, 0
    if type_ in ("GlobalAveragePool", "GlobalMaxPool", "ReduceMean"):
        return inn, 0
    if type_ == "BatchNormalization":
        return 2.0 * out, 4 * dim(y, 1)
    if type_ in ("InstanceNormalization", "LayerNormalization"):
        return 5.0 * out, 2 * ((y[-1] if y else 1) if type_ == "LayerNormalization" else dim(y, 1))
    if type_ == "Softmax":
        return 5.0 * out, 0
    if type_ in ("Sigmoid", "Tanh", "Erf", "Gelu", "HardSwish", "Resize", "Upsample"):
        return 4.0 * out, 0
    if type_ in VIEWS or type_ in ("Concat", "Transpose", "Split", "Slice", "Gather", "Pad",
                                   "Shape"):
        return 0.0, 0
    return out, 0


def load_model(path):
    """(name, dtype, [Op]) of a hetsim-model JSON file, costs as traces/graph.c."""
    with open(path) as f:
        doc = json.load(f)
    shapes = {t["name"]: t["shape"] for t in doc["inputs"]}
    ops = []
    for o in doc["ops"]:
        for t in o["outputs"]:
            shapes[t["name"]] = t["shape"]
    for o in doc["ops"]:
        ins = [shapes[n] for n in o["inputs"]]
        outs = [t["shape"] for t in o["outputs"]]
        in_elems = sum(_prod(s) for s in ins)
        out_elems = sum(_prod(s) for s in outs)
        attrs = o.get("attrs", {})
        flops, w = _derive(o["type"], ins[0] if ins else None, outs[0], attrs, len(ins),
                           in_elems, out_elems)
        flops = o.get("flops", flops)
        w = o.get("weight_elems", w)
        k = attrs.get("kernel_shape", [1, 1]) or [1, 1]
        s = attrs.get("strides", [1, 1]) or [1, 1]
        ops.append(Op(o["name"], o["type"], flops, in_elems, out_elems, w, max(k), max(s),
                      attrs.get("group", 1), k[0], k[-1]))
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
    if op.type in VIEWS:
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
    if s is None or op.cls not in s["classes"]:
        return roofline_us(proc, op, dtype), "roofline"
    fd = dtype if dtype in sets else next(iter(sets))
    mflop = op.mflop()
    if fd != dtype and proc["peak"].get(dtype, 0) > 0:
        mflop *= proc["peak"][fd] / proc["peak"][dtype]
    return model_us(s["classes"][op.cls], mflop, op.mb(dtype), op.out_elems), "fitted"


__all__ = ["Op", "CLASSES", "class_of", "model_us", "qed_op", "load_model", "mobilenet_v1_ops",
           "roofline_us", "op_us", "DTYPE_SIZE"]
