#!/usr/bin/python3
"""Write a synthetic ONNX model of N nodes, for make bench (import onnx at scale).

A chain of Relu/Add blocks on a 1x64x56x56 input (the Add reads the block's
input: a residual edge), no weights, shapes in value_info only for the graph
input and output, so the importer infers every intermediate shape.
Deterministic. Needs python3-onnx (Debian's /usr/bin/python3 has it).
    gen_onnx.py N OUT.onnx
"""
import sys

from onnx import TensorProto, helper


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: gen_onnx.py N OUT.onnx")
    n = int(sys.argv[1])
    nodes = []
    prev, block_in = "x", "x"
    for i in range(n):
        out = "t%d" % i
        if i % 2 == 0:
            block_in = prev
            nodes.append(helper.make_node("Relu", [prev], [out], name="relu%d" % i))
        else:
            nodes.append(helper.make_node("Add", [prev, block_in], [out], name="add%d" % i))
        prev = out
    shape = [1, 64, 56, 56]
    g = helper.make_graph(nodes, "synth%d" % n,
                          [helper.make_tensor_value_info("x", TensorProto.FLOAT, shape)],
                          [helper.make_tensor_value_info(prev, TensorProto.FLOAT, shape)])
    m = helper.make_model(g, opset_imports=[helper.make_opsetid("", 13)])
    with open(sys.argv[2], "wb") as f:
        f.write(m.SerializeToString())


if __name__ == "__main__":
    main()
