"""Readers for the calibration data the profiles are derived from.

The data is not part of the project: it is looked up in $HS_REFERENCE, then
in ../shared/reference beside the source tree (the layout of the machines
the project was built on). Files read:
  qed-mobile-ml-benchmark/tflite_cnn_ops_gpu.csv   per-op TFLite GPU latencies
  qed-mobile-ml-benchmark/tflite_cnn_e2e.csv       whole-model latencies per CPU core config
  published-latencies.csv                          whole-model latencies from framework authors
  freqbench/<soc>.csv                              DVFS operating points per CPU core type
(qed: Li, Paolieri, Golubchik, EdgeSys'24, qed-usc/mobile-ml-benchmark commit
40ba833, MIT; freqbench: kdrag0n/freqbench, MIT).
"""
import ast
import csv
import os
import re
import sys

from opfeatures import qed_op

HERE = os.path.dirname(os.path.abspath(__file__))
SRC = os.path.normpath(os.path.join(HERE, "..", ".."))


def reference_dir():
    cands = [os.environ.get("HS_REFERENCE"), os.path.join(SRC, "..", "shared", "reference")]
    for c in cands:
        if c and os.path.isfile(os.path.join(c, "published-latencies.csv")):
            return os.path.normpath(c)
    sys.exit("reference data not found: set HS_REFERENCE to the folder holding "
             "published-latencies.csv, qed-mobile-ml-benchmark/ and freqbench/ "
             "(the shipped profiles already hold everything derived from it)")


def family(model):
    """Model family of a qed model name: the leading letters (and a vN suffix):
    resnet18_wd2 -> resnet, mobilenetv2b_w1 -> mobilenetv2, sepreresnet10 -> sepreresnet."""
    return re.match(r"[a-z]+(v\d)?", model).group(0)


def _num(s):
    try:
        v = float(s)
    except (TypeError, ValueError):
        return None
    return v if v > 0 else None


def qed_ops(ref):
    """[(model, Op, {device: latency_us or None}, {device: kernel name})] for every
    row of tflite_cnn_ops_gpu.csv."""
    path = os.path.join(ref, "qed-mobile-ml-benchmark", "tflite_cnn_ops_gpu.csv")
    out = []
    with open(path) as f:
        rd = csv.DictReader(f)
        devs = sorted({c.split("|")[0] for c in rd.fieldnames if "|gpu|float" in c})
        for i, r in enumerate(rd):
            feat = ast.literal_eval(r["feature"])
            op = qed_op(r["operation"], feat, "%s#%d" % (r["model"], i))
            lat = {d: _num(r[d + "|gpu|float"]) for d in devs}
            ker = {d: r[d + "|gpu|kernel"] for d in devs}
            out.append((r["model"], op, lat, ker))
    return out


def qed_e2e(ref):
    """{model: {column: mean latency_us}} of tflite_cnn_e2e.csv, columns like
    'pixel4|3med|float' (mean only), plus 'FLOPS'."""
    path = os.path.join(ref, "qed-mobile-ml-benchmark", "tflite_cnn_e2e.csv")
    out = {}
    with open(path) as f:
        for r in csv.DictReader(f):
            row = {"FLOPS": float(r["FLOPS"])}
            for k, v in r.items():
                if k.endswith("|mean"):
                    x = _num(v)
                    if x is not None:
                        row[k[:-5]] = x
            out[r["model"]] = row
    return out


def published(ref):
    with open(os.path.join(ref, "published-latencies.csv")) as f:
        return list(csv.DictReader(f))


def freqbench(ref, soc):
    """{core column: [(ghz, coremark, power_mw)] ascending} of freqbench/<soc>.csv."""
    out = {}
    with open(os.path.join(ref, "freqbench", soc + ".csv")) as f:
        for r in csv.DictReader(f):
            out.setdefault(r["CPU"], []).append((float(r["Frequency (kHz)"]) / 1e6,
                                                 float(r["CoreMarks (iter/s)"]),
                                                 float(r["Power (mW)"])))
    for v in out.values():
        v.sort()
    return out
