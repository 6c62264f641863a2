#!/usr/bin/python3
"""Models the project never saw: export torchvision models to ONNX (opset 13),
import them with `hetsim import onnx --runtime none` and `--runtime tflite`,
simulate them whole on the CPU and the GPU of the device profiles, and compare
with measured TFLite latencies of the same architecture (qed
mobile-ml-benchmark, tflite_cnn_e2e.csv: pixel4 = Snapdragon 855 like the Mi 9;
the xiaomi-mi9 profile's cpu_big is fitted on "pixel4 3med", its GPU on pixel4
per-op rows) and the DenseNet-121 figure of issue 14 (TFLite GPU, SD855, ~41 ms).

usage: /usr/bin/python3 scripts/lowering/unseen_check.py [--work DIR] [--qed DIR]
Prints a Markdown table (docs/models.md, "Lowering"). Needs python3-torch,
python3-torchvision, python3-onnx and a built hetsim ($HETSIM or ./hetsim).
"""
import argparse
import csv
import os
import subprocess
import sys
import warnings

SRC = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
HETSIM = os.environ.get("HETSIM", os.path.join(SRC, "hetsim"))

# torchvision model -> (qed model of the same architecture or None, in the fit's training set?)
MODELS = [
    ("densenet121", None, None),
    ("mobilenet_v3_large", "mobilenetv3_large_w1", "train"),
    ("mobilenet_v2", "mobilenetv2_w1", "held out"),
    ("mnasnet1_0", None, None),
    ("squeezenet1_1", "squeezeresnet_v1_1", "held out (SqueezeNet 1.1 + residual adds)"),
    ("regnet_x_400mf", None, None),
    ("resnext50_32x4d", None, None),
]
# (device, policy, qed column)
TARGETS = [("xiaomi-mi9", "cpu", "pixel4|3med|float|mean"),
           ("xiaomi-mi9", "gpu", "pixel4|gpu|float|mean"),
           ("samsung-s10", "gpu", "s10|gpu|float|mean"),
           ("samsung-a03s", "gpu", "a03s|gpu|float|mean")]
ISSUE = {("densenet121", "xiaomi-mi9", "gpu"): 41.0}


def export(name, path):
    import torch
    import torchvision
    warnings.filterwarnings("ignore")
    m = getattr(torchvision.models, name)(weights=None).eval()
    torch.onnx.export(m, (torch.randn(1, 3, 224, 224),), path, opset_version=13,
                      do_constant_folding=True, input_names=["input"], output_names=["logits"])


def run(model, dev, pol):
    r = subprocess.run([HETSIM, "run", "-m", model, "-d", dev, "-p", pol, "-n", "3",
                        "--fixed-clocks", "-f", "csv"], capture_output=True, text=True, check=True)
    rows = list(csv.DictReader(r.stdout.splitlines()))
    return float(rows[0]["lat_mean_ms"]), int(rows[0]["fallback_ops"]), int(rows[0]["n_ops"])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--work", default="/tmp/hetsim-unseen")
    ap.add_argument("--qed", default="/work/shared/reference/qed-mobile-ml-benchmark")
    a = ap.parse_args()
    os.makedirs(a.work, exist_ok=True)
    qed = {r["model"]: r for r in csv.DictReader(open(os.path.join(a.qed, "tflite_cnn_e2e.csv")))}
    print("| model | device | policy | ops none -> tflite | fallbacks none -> tflite | "
          "predicted ms none | predicted ms tflite | measured ms (what) | error tflite |")
    print("|---|---|---|---|---|---|---|---|---|")
    for name, qm, split in MODELS:
        onnx = os.path.join(a.work, name + ".onnx")
        if not os.path.exists(onnx):
            export(name, onnx)
        js = {}
        for rt in ("none", "tflite"):
            js[rt] = os.path.join(a.work, "%s.%s.json" % (name, rt))
            subprocess.run([HETSIM, "import", "onnx", onnx, "-o", js[rt], "--runtime", rt],
                           check=True, capture_output=True)
        for dev, pol, col in TARGETS:
            n_lat, n_fb, n_ops = run(js["none"], dev, pol)
            t_lat, t_fb, t_ops = run(js["tflite"], dev, pol)
            meas, what = None, "-"
            if qm and qed.get(qm, {}).get(col):
                meas, what = float(qed[qm][col]) / 1e3, "qed %s %s, %s" % (
                    qm, col.replace("|", " "), split)
            elif (name, dev, pol) in ISSUE:
                meas, what = ISSUE[(name, dev, pol)], "issue 14 (TFLite GPU, SD855)"
            err = "%+.0f %%" % (100 * (t_lat - meas) / meas) if meas else "-"
            print("| %s | %s | %s | %d -> %d | %d -> %d | %.1f | %.1f | %s | %s |" % (
                name, dev, pol, n_ops, t_ops, n_fb, t_fb, n_lat, t_lat,
                "%.1f (%s)" % (meas, what) if meas else "-", err))
        sys.stdout.flush()


if __name__ == "__main__":
    main()
