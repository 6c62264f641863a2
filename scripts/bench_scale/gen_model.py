#!/usr/bin/env python3
"""Write a synthetic hetsim-model of N ops, for scale benchmarks (make bench).

A chain of blocks Conv -> Relu -> Add (the Add reads the block's input: a
residual edge), 1x64x56x56 feature maps, FLOPs stated, so the model is a
valid input of every static policy on every shipped device. Deterministic:
the same N gives the same file. Streams the JSON, so a 1M-op model (~170 MB)
needs no memory to speak of.
    gen_model.py N OUT.json
"""
import sys


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: gen_model.py N OUT.json")
    n = int(sys.argv[1])
    if n < 1:
        sys.exit("gen_model.py: N must be >= 1")
    shape = "[1, 64, 56, 56]"
    with open(sys.argv[2], "w") as f:
        f.write('{"format": "hetsim-model", "version": 1, "name": "synth%d",\n' % n)
        f.write(' "description": "synthetic chain of Conv/Relu/Add blocks (scripts/bench_scale/gen_model.py)",\n')
        f.write(' "inputs": [{"name": "x", "shape": %s}],\n "ops": [\n' % shape)
        prev, block_in = "x", "x"
        for i in range(n):
            k = i % 3
            out = "t%d" % i
            if k == 0:
                block_in = prev
                op = ('{"name": "conv%d", "type": "Conv", "inputs": ["%s"], "attrs": {"kernel_shape": [3, 3], '
                      '"pads": [1, 1, 1, 1]}, "outputs": [{"name": "%s", "shape": %s}], "flops": 231211008}'
                      % (i, prev, out, shape))
            elif k == 1:
                op = ('{"name": "relu%d", "type": "Relu", "inputs": ["%s"], "outputs": [{"name": "%s", '
                      '"shape": %s}]}' % (i, prev, out, shape))
            else:
                op = ('{"name": "add%d", "type": "Add", "inputs": ["%s", "%s"], "outputs": [{"name": "%s", '
                      '"shape": %s}]}' % (i, prev, block_in, out, shape))
            f.write("  " + op + (",\n" if i + 1 < n else "\n"))
            prev = out
        f.write(" ]\n}\n")


if __name__ == "__main__":
    main()
