#!/usr/bin/env python3
"""Write synthetic profiler outputs for the importers at scale (make bench).

    gen_profiles.py tensorrt N OUT.json   trtexec --exportProfile with one layer
                                          name repeated N times (each repeat gets
                                          "#k": the worst case of the name lookup)
    gen_profiles.py tflite N OUT.txt      benchmark_model op profiling with N Run
                                          Order rows of one node name
Deterministic: the same arguments give the same bytes.
"""
import sys

TFLITE_HEAD = """STARTING!
Graph: [synthetic.tflite]
Enable op profiling: [1]
Operator-wise Profiling Info for Regular Benchmark Runs:
============================== Run Order ==============================
\t             [node type]\t          [first]\t  [avg ms]\t      [%]\t    [cdf%]\t  [mem KB]\t[times called]\t[Name]
"""


def main():
    if len(sys.argv) != 4 or sys.argv[1] not in ("tensorrt", "tflite"):
        sys.exit("usage: gen_profiles.py tensorrt|tflite N OUT")
    kind, n, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    with open(out, "w") as f:
        if kind == "tensorrt":
            f.write('[\n  { "count" : 10 }\n')
            for _ in range(n):
                f.write(', { "name" : "Conv_0 + Relu_1", "timeMs" : 1.0, "averageMs" : 0.1, '
                        '"medianMs" : 0.1, "percentage" : 0.01 }\n')
            f.write("]\n")
        else:
            f.write(TFLITE_HEAD)
            for i in range(n):
                f.write("\t                 CONV_2D\t            0.412\t     0.398\t  0.010%\t  "
                        "28.945%\t     0.000\t        1\t[layer/Relu6]:0\n")
            f.write("\nNumber of nodes executed: %d\n" % n)


if __name__ == "__main__":
    main()
