#!/usr/bin/python3
"""Convert an ONNX model into a hetsim-model JSON graph (docs/formats.md).

usage: onnx_to_hetsim.py MODEL.onnx [-o OUT.json] [--name NAME]
                         [--description TEXT] [--source TEXT] [--generator TEXT]

Rules (shared with the C importer, traces/onnx_import.c; docs/models.md):
  * ops keep their ONNX op type; every op output gets a static shape (onnx
    shape inference, value_info, then a second inference over the folded
    graph);
  * static values -- initializers, Constant outputs, Shape of a tensor of
    known shape, and the output of every node whose inputs are all static
    (Shape -> Gather -> Unsqueeze -> Concat chains, Identity of weights, ...)
    -- are folded away; Identity nodes are bypassed;
  * an op's "inputs" lists activation tensors only (graph inputs or other
    ops' outputs); its floating-point static inputs with more than one
    element are weights, counted into "weight_elems" (except the
    configuration inputs of Resize/Upsample, Clip and Pad);
  * "flops" follow traces/graph.c derive_costs() (2 FLOPs per multiply-add;
    Conv 2*Cout*Hout*Wout*(Cin/group)*kh*kw, ...);
  * attrs: kernel_shape, strides, pads [top, left, bottom, right],
    dilations and group for Conv/ConvTranspose/pools, plus the node's other
    scalar and list attributes as plain JSON values;
  * op names come from the exporter's scope names ("/layer1/layer1.0/conv1/Conv"
    -> "layer1.0.conv1"; the op type is appended when the module holds more
    than one op), else the ONNX node name, else TYPE_INDEX; tensors are named
    after the op that writes them (graph inputs and outputs keep their names);
  * unknown op types are kept (with a warning on stderr); their output shapes
    must then come from the file's value_info.
The output is deterministic: the same ONNX file gives the same bytes.
"""
import argparse
import json
import math
import os
import sys

import numpy as np
import onnx
from onnx import numpy_helper, TensorProto

FLOAT_TYPES = {TensorProto.FLOAT, TensorProto.FLOAT16, TensorProto.DOUBLE, TensorProto.BFLOAT16}
# ops whose inputs from this index on configure the op (scales, bounds, pads) rather than
# hold weights
CONFIG_FROM = {"Resize": 1, "Upsample": 1, "Clip": 1, "Pad": 1}
SPATIAL_OPS = {"Conv", "ConvTranspose", "MaxPool", "AveragePool", "LpPool"}
SPATIAL_KEYS = ("kernel_shape", "strides", "pads", "dilations", "group")
VIEW_OPS = {"Reshape", "Flatten", "Squeeze", "Unsqueeze", "Identity", "Dropout"}
MOVE_OPS = VIEW_OPS | {"Concat", "Transpose", "Split", "Slice", "Gather", "Pad", "Shape"}
# op types the converter (and the C importer) knows the semantics of; others are kept with a
# warning
KNOWN_OPS = {
    "Conv", "ConvTranspose", "Gemm", "MatMul", "MaxPool", "AveragePool", "LpPool",
    "GlobalAveragePool", "GlobalMaxPool", "BatchNormalization", "InstanceNormalization",
    "LayerNormalization", "Relu", "LeakyRelu", "PRelu", "Elu", "Selu", "Sigmoid", "HardSigmoid",
    "HardSwish", "Tanh", "Softplus", "Softsign", "Erf", "Gelu", "Clip", "Exp", "Log", "Sqrt",
    "Reciprocal", "Neg", "Abs", "Floor", "Ceil", "Round", "Sign", "Not", "Cast", "Identity",
    "Dropout", "Add", "Sub", "Mul", "Div", "Pow", "Max", "Min", "Sum", "Mean", "Equal", "Less",
    "Greater", "LessOrEqual", "GreaterOrEqual", "And", "Or", "Where", "Mod", "Concat", "Reshape",
    "Flatten", "Transpose", "Softmax", "LogSoftmax", "Resize", "Upsample", "Pad", "Split", "Slice",
    "Gather", "ReduceMean", "ReduceSum", "ReduceMax", "ReduceMin", "ReduceProd", "ReduceL2",
    "Squeeze", "Unsqueeze", "Expand", "Tile", "Shape", "Size", "Constant", "ConstantOfShape",
    "Range", "DepthToSpace", "SpaceToDepth", "ArgMax", "ArgMin", "LRN", "TopK",
}


class ConvertError(Exception):
    pass


# --------------------------------------------------------------------------
# static values
# --------------------------------------------------------------------------
class Static:
    """A folded value: its shape, element type and, when known, its value."""

    def __init__(self, shape, elem_type, value=None, proto=None):
        self.shape = None if shape is None else tuple(int(d) for d in shape)
        self.elem_type = elem_type
        self._value = value
        self._proto = proto

    @property
    def value(self):
        if self._value is None and self._proto is not None:
            self._value = numpy_helper.to_array(self._proto)
        return self._value


def _attrs(node):
    return {a.name: onnx.helper.get_attribute_value(a) for a in node.attribute}


def _np_type(elem_type):
    return onnx.mapping.TENSOR_TYPE_TO_NP_TYPE[elem_type]


def _evaluate(node, vals):
    """Evaluate a static node with numpy. vals: input arrays (None for an absent
    optional input). Returns the list of output arrays, or None when the op is
    not one this evaluator knows."""
    t, a = node.op_type, _attrs(node)
    x = vals[0] if vals else None
    if t == "Constant":
        if "value" in a:
            return [numpy_helper.to_array(a["value"])]
        for k, dt in (("value_float", np.float32), ("value_int", np.int64)):
            if k in a:
                return [np.array(a[k], dtype=dt)]
        for k, dt in (("value_floats", np.float32), ("value_ints", np.int64)):
            if k in a:
                return [np.array(list(a[k]), dtype=dt)]
        return None
    if t == "Identity":
        return [x]
    if t == "Shape":
        shp = np.asarray(x).shape
        return [np.array(shp[a.get("start", 0):a.get("end", len(shp))], dtype=np.int64)]
    if t == "Size":
        return [np.array(np.asarray(x).size, dtype=np.int64)]
    if t == "ConstantOfShape":
        fill = numpy_helper.to_array(a["value"]) if "value" in a else np.zeros(1, np.float32)
        return [np.full(tuple(int(d) for d in x), fill.reshape(-1)[0], dtype=fill.dtype)]
    if t == "Cast":
        return [np.asarray(x).astype(_np_type(a["to"]))]
    if t == "Gather":
        return [np.take(x, vals[1], axis=a.get("axis", 0))]
    if t == "Unsqueeze":
        axes = a["axes"] if "axes" in a else [int(v) for v in vals[1]]
        r = x.ndim + len(axes)
        out = x
        for ax in sorted(ax % r for ax in axes):
            out = np.expand_dims(out, ax)
        return [out]
    if t == "Squeeze":
        axes = a.get("axes") if "axes" in a else (
            [int(v) for v in vals[1]] if len(vals) > 1 and vals[1] is not None else None)
        return [np.squeeze(x, axis=None if axes is None else tuple(axes))]
    if t == "Concat":
        return [np.concatenate([v for v in vals if v is not None], axis=a["axis"])]
    if t == "Slice":
        starts, ends = vals[1], vals[2]
        axes = vals[3] if len(vals) > 3 and vals[3] is not None else range(len(starts))
        steps = vals[4] if len(vals) > 4 and vals[4] is not None else [1] * len(starts)
        sl = [slice(None)] * x.ndim
        for s, e, ax, st in zip(starts, ends, axes, steps):
            sl[int(ax)] = slice(int(s), int(e), int(st))
        return [x[tuple(sl)]]
    if t == "Reshape":
        shape = [int(d) for d in vals[1]]
        shape = [x.shape[i] if d == 0 and not a.get("allowzero", 0) else d
                 for i, d in enumerate(shape)]
        return [x.reshape(shape)]
    if t == "Transpose":
        return [np.transpose(x, a.get("perm"))]
    if t == "Expand":
        return [x * np.ones(tuple(int(d) for d in vals[1]), dtype=x.dtype)]
    if t == "Tile":
        return [np.tile(x, [int(d) for d in vals[1]])]
    if t == "Range":
        return [np.arange(vals[0], vals[1], vals[2]).astype(np.asarray(vals[0]).dtype)]
    if t == "Where":
        return [np.where(vals[0], vals[1], vals[2])]
    if t == "ReduceProd":
        axes = a.get("axes")
        return [np.prod(x, axis=None if axes is None else tuple(axes),
                        keepdims=bool(a.get("keepdims", 1)))]
    binary = {"Add": np.add, "Sub": np.subtract, "Mul": np.multiply, "Pow": np.power,
              "Equal": np.equal, "Less": np.less, "Greater": np.greater, "Max": np.maximum,
              "Min": np.minimum, "And": np.logical_and, "Or": np.logical_or}
    if t in binary and len(vals) == 2:
        return [binary[t](vals[0], vals[1]).astype(np.result_type(vals[0], vals[1]))
                if t in ("Add", "Sub", "Mul", "Pow") else binary[t](vals[0], vals[1])]
    if t == "Div":
        if np.issubdtype(np.asarray(x).dtype, np.integer):
            return [np.trunc(np.asarray(x) / vals[1]).astype(np.asarray(x).dtype)]
        return [np.asarray(x) / vals[1]]
    unary = {"Neg": np.negative, "Sqrt": np.sqrt, "Floor": np.floor, "Ceil": np.ceil,
             "Abs": np.abs, "Not": np.logical_not, "Exp": np.exp, "Reciprocal": np.reciprocal}
    if t in unary:
        return [unary[t](x)]
    return None


# --------------------------------------------------------------------------
# naming
# --------------------------------------------------------------------------
def _scope(node_name):
    """"/layer1/layer1.0/conv1/Conv" -> ("layer1.0.conv1", "Conv"); None if not scoped."""
    if not node_name.startswith("/"):
        return None
    comps = [c for c in node_name.split("/") if c]
    if not comps:
        return None
    path, prev = "", None
    for c in comps[:-1]:
        if prev is not None and c.startswith(prev + "."):
            path += c[len(prev):]  # "layer1" then "layer1.0": a child named by its index
        else:
            path = path + "." + c if path else c
        prev = c
    return path, comps[-1]


def _unique(name, used):
    if name not in used:
        used.add(name)
        return name
    k = 2
    while "%s_%d" % (name, k) in used:
        k += 1
    name = "%s_%d" % (name, k)
    used.add(name)
    return name


def _f32(v):
    """A float attribute as the shortest decimal that reads back as the same float32."""
    return float(repr(np.float32(v)))


# --------------------------------------------------------------------------
# the converter
# --------------------------------------------------------------------------
def _tensor_info(model):
    info = {}
    g = model.graph
    for v in list(g.input) + list(g.value_info) + list(g.output):
        if not v.type.HasField("tensor_type"):
            continue
        tt = v.type.tensor_type
        shape = None
        if tt.HasField("shape"):
            dims = [d.dim_value if d.HasField("dim_value") else -1 for d in tt.shape.dim]
            if all(d >= 0 for d in dims):
                shape = tuple(dims)
        old = info.get(v.name)
        if old is None or (old[0] is None and shape is not None):
            info[v.name] = (shape, tt.elem_type)
    return info


def _spatial_attrs(node, a, in_shapes, static_w):
    """kernel_shape/strides/pads/dilations/group of a Conv/ConvTranspose/pool node."""
    t = node.op_type
    k = list(a.get("kernel_shape", []))
    if not k and static_w is not None and static_w.shape is not None:
        k = list(static_w.shape[2:])
    if not k and len(in_shapes) > 1 and in_shapes[1] is not None:
        k = list(in_shapes[1][2:])
    n = len(k)
    if n == 0 or n > 2:
        raise ConvertError("node \"%s\" (%s): expected a 1-D or 2-D kernel, got kernel_shape %s"
                           % (node.name, t, k))
    strides = list(a.get("strides", [1] * n))
    dil = list(a.get("dilations", [1] * n))
    pads = list(a.get("pads", [0] * (2 * n)))
    auto = a.get("auto_pad", b"NOTSET")
    auto = auto.decode() if isinstance(auto, bytes) else auto
    if auto in ("SAME_UPPER", "SAME_LOWER") and t != "ConvTranspose":
        x = in_shapes[0]
        pads = [0] * (2 * n)
        for i in range(n):
            size = x[2 + i]
            out = -(-size // strides[i])
            total = max((out - 1) * strides[i] + (k[i] - 1) * dil[i] + 1 - size, 0)
            small = total // 2
            pads[i], pads[n + i] = (small, total - small) if auto == "SAME_UPPER" else (
                total - small, small)
    elif auto == "VALID":
        pads = [0] * (2 * n)
    out = {"kernel_shape": k, "strides": strides, "pads": pads}
    if t in ("Conv", "ConvTranspose"):
        out["dilations"] = dil
        out["group"] = int(a.get("group", 1))
    elif "dilations" in a:
        out["dilations"] = dil
    return out


def _other_attrs(node, a, spatial):
    out = {}
    for at in node.attribute:
        name = at.name
        if name in SPATIAL_KEYS or (spatial and name == "auto_pad"):
            continue
        v = a[name]
        if at.type == onnx.AttributeProto.INT:
            out[name] = int(v)
        elif at.type == onnx.AttributeProto.FLOAT:
            if math.isfinite(v):
                out[name] = _f32(v)
        elif at.type == onnx.AttributeProto.INTS:
            out[name] = [int(x) for x in v]
        elif at.type == onnx.AttributeProto.FLOATS:
            if all(math.isfinite(x) for x in v):
                out[name] = [_f32(x) for x in v]
        elif at.type == onnx.AttributeProto.STRING:
            out[name] = v.decode("utf-8", "replace")
    return out


def _prod(shape):
    p = 1
    for d in shape:
        p *= int(d)
    return p


def op_costs(op_type, attrs, act_shapes, out_shapes, in0_shape):
    """FLOPs as traces/graph.c derive_costs() computes them. act_shapes: shapes of the
    activation inputs (in order), out_shapes: of the outputs, in0_shape: of ONNX input 0."""
    out = sum(_prod(s) for s in out_shapes)
    inn = sum(_prod(s) for s in act_shapes)
    x = act_shapes[0] if act_shapes else None
    y = out_shapes[0]

    def dim(s, i):
        return s[i] if i < len(s) else 1

    kk = _prod(attrs.get("kernel_shape", [1]))
    grp = max(1, attrs.get("group", 1))
    t = op_type
    if t == "Conv" and x is not None:
        return 2 * out * (dim(x, 1) // grp) * kk
    if t == "ConvTranspose" and x is not None:
        return 2 * inn * (dim(y, 1) // grp) * kk
    if t in ("Gemm", "MatMul") and x is not None:
        a = in0_shape if in0_shape is not None else x
        k = a[-1] if a else 1
        if t == "Gemm" and attrs.get("transA", 0) and len(a) == 2:
            k = a[0]
        return 2 * out * k
    if t in ("MaxPool", "AveragePool"):
        return out * kk
    if t in ("GlobalAveragePool", "GlobalMaxPool", "ReduceMean"):
        return inn
    if t == "BatchNormalization":
        return 2 * out
    if t in ("InstanceNormalization", "LayerNormalization", "Softmax"):
        return 5 * out
    if t in ("Sigmoid", "Tanh", "Erf", "Gelu", "HardSwish", "Resize", "Upsample"):
        return 4 * out
    if t in MOVE_OPS:
        return 0
    return out


def convert(model, name, description=None, source=None, generator=None, origin="model.onnx",
            warn=None):
    """Convert an onnx.ModelProto into a hetsim-model document (a dict). Raises
    ConvertError with a message naming the node at fault."""
    warn = warn or (lambda msg: print("onnx_to_hetsim: %s: warning: %s" % (origin, msg),
                                      file=sys.stderr))
    try:
        model = onnx.shape_inference.infer_shapes(model)
    except Exception as e:  # inference is a help, not a requirement
        warn("onnx shape inference failed (%s); using the file's value_info" % e)
    g = model.graph
    info = _tensor_info(model)

    static = {}
    for t in g.initializer:
        static[t.name] = Static(t.dims, t.data_type, proto=t)
    graph_inputs = []
    for v in g.input:
        if v.name in static:
            continue
        shape, _ = info.get(v.name, (None, 0))
        if shape is None or any(d < 1 for d in shape):
            raise ConvertError("graph input \"%s\" has no static shape (export with fixed "
                               "input sizes)" % v.name)
        graph_inputs.append((v.name, shape))

    alias = {}

    def res(n):
        while n in alias:
            n = alias[n]
        return n

    defined = {n for n, _ in graph_inputs}
    emitted = []  # (node index, node, resolved inputs)
    unknown = []
    for idx, node in enumerate(g.node):
        label = node.name or "%s_%d" % (node.op_type, idx)
        ins = [res(i) if i else "" for i in node.input]
        for i in ins:
            if i and i not in defined and i not in static:
                raise ConvertError("node \"%s\" (%s) reads tensor \"%s\", which no earlier node "
                                   "produces and which is neither a graph input nor an "
                                   "initializer" % (label, node.op_type, i))
        real = [i for i in ins if i]
        is_static = all(i in static for i in real)
        if node.op_type in ("Shape", "Size") and real and real[0] not in static:
            is_static = info.get(real[0], (None, 0))[0] is not None
            if is_static:
                shp = info[real[0]][0]
                if node.op_type == "Size":
                    vals = [np.array(_prod(shp), dtype=np.int64)]
                else:
                    a = _attrs(node)
                    vals = [np.array(shp[a.get("start", 0):a.get("end", len(shp))],
                                     dtype=np.int64)]
                static[node.output[0]] = Static(vals[0].shape, TensorProto.INT64, vals[0])
                continue
        if is_static:
            vals = None
            try:
                inv = [static[i].value if i else None for i in ins]
                vals = _evaluate(node, inv)
            except Exception:
                vals = None
            for j, o in enumerate(node.output):
                if not o:
                    continue
                if vals is not None and j < len(vals) and vals[j] is not None:
                    v = np.asarray(vals[j])
                    static[o] = Static(v.shape, onnx.mapping.NP_TYPE_TO_TENSOR_TYPE[v.dtype], v)
                else:
                    shape, et = info.get(o, (None, 0))
                    static[o] = Static(shape, et)
            continue
        if node.op_type == "Identity":
            alias[node.output[0]] = ins[0]
            continue
        if node.op_type not in KNOWN_OPS and node.op_type not in unknown:
            unknown.append(node.op_type)
        emitted.append((idx, node, ins))
        for o in node.output:
            if o:
                defined.add(o)
    if not emitted:
        raise ConvertError("the graph has no op that reads an activation tensor")
    for t in unknown:
        warn("op type %s is not known to the converter: kept, with the output shapes "
             "given in the file (costs: one FLOP per output element)" % t)

    # output shapes; a second inference over the folded graph fills what the first missed
    def missing():
        return [o for _, n, _ in emitted for o in n.output if o and info.get(o, (None,))[0] is None]
    if missing():
        _reinfer(g, emitted, static, graph_inputs, info, model.opset_import)
    for idx, node, _ in emitted:
        for o in node.output:
            if o and info.get(o, (None,))[0] is None:
                raise ConvertError("node \"%s\" (%s): cannot infer the shape of its output \"%s\""
                                   "%s" % (node.name or "%s_%d" % (node.op_type, idx),
                                           node.op_type, o,
                                           " (unknown op type: add value_info for it)"
                                           if node.op_type not in KNOWN_OPS else ""))

    # op names
    scopes = [_scope(n.name) for _, n, _ in emitted]
    used_ops = set()
    op_names = []
    for k, (idx, node, _) in enumerate(emitted):
        sc = scopes[k]
        if sc is not None:
            mod, local = sc
            if mod:
                count = sum(1 for s in scopes if s is not None and
                            (s[0] == mod or s[0].startswith(mod + ".")))
                nm = mod if count == 1 else mod + "." + local
            else:
                nm = local
        else:
            nm = node.name or "%s_%d" % (node.op_type, idx)
        op_names.append(_unique(nm, used_ops))

    # tensor names: graph inputs and outputs keep theirs, others are named after their op
    producer = {}
    for k, (_, node, _) in enumerate(emitted):
        for o in node.output:
            if o:
                producer[o] = k
    out_names = {}
    graph_outputs = []
    input_names = {n for n, _ in graph_inputs}
    for v in g.output:
        r = res(v.name)
        if r not in static and r not in producer and r not in input_names:
            raise ConvertError("graph output \"%s\" is not produced by any node" % v.name)
        if r in static:
            warn("graph output \"%s\" is a constant: dropped" % v.name)
            continue
        if r in out_names or r in input_names:
            if r in out_names:
                graph_outputs.append(out_names[r])
            else:
                graph_outputs.append(r)
            continue
        out_names[r] = v.name
        graph_outputs.append(v.name)
    used_t = set(n for n, _ in graph_inputs) | set(out_names.values())
    tname = {n: n for n, _ in graph_inputs}
    for k, (_, node, _) in enumerate(emitted):
        outs = [o for o in node.output if o]
        for j, o in enumerate(node.output):
            if not o:
                continue
            if o in out_names:
                tname[o] = out_names[o]
            else:
                base = op_names[k] if len(outs) == 1 else "%s:%d" % (op_names[k], j)
                tname[o] = _unique(base, used_t)

    ops = []
    for k, (idx, node, ins) in enumerate(emitted):
        a = _attrs(node)
        t = node.op_type
        acts = [i for i in ins if i and i not in static]
        act_shapes = [_shape_of(i, info) for i in acts]
        outs = [o for o in node.output if o]
        out_shapes = [info[o][0] for o in outs]
        in0 = ins[0] if ins else ""
        in0_shape = (static[in0].shape if in0 in static else _shape_of(in0, info)) if in0 else None
        attrs = {}
        if t in SPATIAL_OPS:
            w = static.get(ins[1]) if len(ins) > 1 and ins[1] else None
            attrs.update(_spatial_attrs(node, a, [_shape_of(i, info) if i and i not in static
                                                  else (static[i].shape if i else None)
                                                  for i in ins], w))
        attrs.update(_other_attrs(node, a, t in SPATIAL_OPS))
        weights = 0
        cfg = CONFIG_FROM.get(t, len(ins))
        for j, i in enumerate(ins):
            if not i or i not in static or j >= cfg:
                continue
            s = static[i]
            if s.elem_type not in FLOAT_TYPES:
                continue
            if s.shape is None:
                raise ConvertError("node \"%s\" (%s): the shape of its constant input \"%s\" is "
                                   "unknown" % (node.name, t, i))
            n = _prod(s.shape)
            if n > 1:
                weights += n
        op = {"name": op_names[k], "type": t, "inputs": [tname[i] for i in acts],
              "outputs": [{"name": tname[o], "shape": list(info[o][0])} for o in outs]}
        if attrs:
            op["attrs"] = attrs
        op["flops"] = op_costs(t, attrs, act_shapes, out_shapes, in0_shape)
        op["weight_elems"] = weights
        ops.append(op)

    doc = {"format": "hetsim-model", "version": 1, "name": name}
    if description is None:
        flops = sum(o["flops"] for o in ops)
        params = sum(o["weight_elems"] for o in ops)
        description = "imported from %s; input %s; %.2f GFLOPs; %.2fM params" % (
            os.path.basename(origin), ", ".join("x".join(str(d) for d in s)
                                                for _, s in graph_inputs),
            flops / 1e9, params / 1e6)
    doc["description"] = description
    if source is not None:
        doc["source"] = source
    if generator is not None:
        doc["generator"] = generator
    doc["dtype"] = "fp32"
    doc["inputs"] = [{"name": n, "shape": list(s)} for n, s in graph_inputs]
    doc["outputs"] = graph_outputs
    doc["ops"] = ops
    return doc


def _shape_of(name, info):
    s = info.get(name, (None,))[0]
    if s is None:
        raise ConvertError("tensor \"%s\" has no static shape" % name)
    return s


def _reinfer(g, emitted, static, graph_inputs, info, opsets):
    """Shape-infer the folded graph: static inputs become initializers."""
    inits, seen = [], set()
    for _, node, ins in emitted:
        for i in ins:
            if i and i in static and i not in seen:
                seen.add(i)
                s = static[i]
                v = s.value
                if v is None:
                    if s.shape is None:
                        continue
                    v = np.zeros(s.shape, dtype=_np_type(s.elem_type or TensorProto.FLOAT))
                inits.append(numpy_helper.from_array(np.asarray(v), i))
    nodes = []
    for _, node, ins in emitted:
        n = onnx.NodeProto()
        n.CopyFrom(node)
        del n.input[:]
        n.input.extend(ins)
        nodes.append(n)
    ginputs = [onnx.helper.make_tensor_value_info(n, info[n][1] or TensorProto.FLOAT, list(s))
               for n, s in graph_inputs]
    gg = onnx.helper.make_graph(nodes, "folded", ginputs, [], initializer=inits)
    m = onnx.helper.make_model(gg, opset_imports=list(opsets))
    try:
        m = onnx.shape_inference.infer_shapes(m)
    except Exception:
        return
    for k, v in _tensor_info(m).items():
        if info.get(k, (None,))[0] is None and v[0] is not None:
            info[k] = v


def convert_file(path, name=None, **kw):
    try:
        model = onnx.load(path)
    except Exception as e:
        raise ConvertError("not a readable ONNX model (%s)" % str(e).splitlines()[0])
    if name is None:
        name = os.path.splitext(os.path.basename(path))[0]
    return convert(model, name, origin=path, **kw)


def dumps(doc):
    """Deterministic JSON text: header keys one per line, one op per line."""
    def j(v):
        return json.dumps(v, separators=(", ", ": "))
    lines = []
    keys = [k for k in doc if k != "ops"]
    for k in keys:
        lines.append("  %s: %s," % (j(k), j(doc[k])))
    lines.append('  "ops": [')
    for i, op in enumerate(doc["ops"]):
        lines.append("    %s%s" % (j(op), "," if i + 1 < len(doc["ops"]) else ""))
    lines.append("  ]")
    return "{\n" + "\n".join(lines) + "\n}\n"


def main(argv=None):
    ap = argparse.ArgumentParser(description="Convert an ONNX model to a hetsim-model JSON graph.")
    ap.add_argument("model", help="the .onnx file")
    ap.add_argument("-o", "--output", default="-", help="output JSON (default: stdout)")
    ap.add_argument("--name", help="model name (default: the file name without .onnx)")
    ap.add_argument("--description", help="one-line description (default: derived)")
    ap.add_argument("--source", help="where the model definition comes from")
    ap.add_argument("--generator", default="scripts/zoo/onnx_to_hetsim.py",
                    help="what produced the file")
    args = ap.parse_args(argv)
    try:
        doc = convert_file(args.model, args.name, description=args.description,
                           source=args.source, generator=args.generator)
    except ConvertError as e:
        print("onnx_to_hetsim: %s: %s" % (args.model, e), file=sys.stderr)
        return 2
    text = dumps(doc)
    if args.output == "-":
        sys.stdout.write(text)
    else:
        tmp = "%s.tmp.%d" % (args.output, os.getpid())
        with open(tmp, "w") as f:
            f.write(text)
        os.replace(tmp, args.output)
        print("wrote %s: %d ops, %.2f GFLOPs, %.2fM params" % (
            args.output, len(doc["ops"]), sum(o["flops"] for o in doc["ops"]) / 1e9,
            sum(o["weight_elems"] for o in doc["ops"]) / 1e6), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
