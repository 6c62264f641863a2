"""Fitting the per-op latency model of the device profiles.

Model (sim/latency.c, one set per processor and dtype, one entry per op class):
    us = overhead_us + us_per_mflop * MFLOP * occ + us_per_mb * MB
    occ = max(1, occupancy_elems / output elements) ^ occupancy_exp
All fits minimise the squared *relative* error (rows weighted by 1 / latency,
so the fit targets MAPE) under non-negativity (NNLS). Held out: whole model
families of the qed benchmark (TEST_FAMILIES), never seen by the fit.

Three kinds of fit:
  gpu_fits     per-op TFLite GPU latencies (qed tflite_cnn_ops_gpu.csv), one
               fit per op class; occupancy (E0, gamma) by grid search for the
               classes with enough data.
  cpu_fit      whole-model latencies per CPU core configuration (qed
               tflite_cnn_e2e.csv), the model's ops taken from the per-op CSV:
               L = sum over ops of (c0 + a_class * MFLOP + b * MB), one a per
               compute group (1x1 conv and GEMM; kxk conv; depthwise; grouped),
               c0 and b shared.
  accel_fit    whole-model latencies of an accelerator (published-latencies.csv)
               on the zoo's graphs: L = n_ops * c0 + a * MFLOP; leave-one-out
               error when there are more points than parameters.
"""
import itertools
import math

import numpy as np
from scipy.optimize import nnls

from opfeatures import model_us
from refdata import family

# Held out from every fit: the families nearest the zoo's own models (ResNet,
# MobileNetV2) and four others, about a quarter of the qed models.
TEST_FAMILIES = ("mobilenetv2", "resnet", "hardnet", "proxylessnas", "squeezeresnet", "fbnet")

GPU_CLASSES = ("conv1x1", "conv", "dwconv", "gemm", "pool", "data", "gconv")
# CPU compute terms: GEMM kernels serve 1x1 convs and fully connected layers
# alike (XNNPACK), so they share one rate; kxk, depthwise and grouped convs
# get theirs (grouped: TFLite's CPU kernels run them group by group, several
# times slower per FLOP; the ResNeXt family's residual was -26..-54 % with
# grouped convs at the kxk rate).
CPU_COMPUTE = (("conv1x1", "gemm"), ("conv",), ("dwconv",), ("gconv",))
OCC_MIN_POINTS = 100  # occupancy terms only where a class has this many training points
OCC_E0 = [0] + [2 ** k for k in range(8, 23)]
OCC_GAMMA = (0.25, 0.5, 0.75, 1.0)


def mape(pred, y):
    pred, y = np.asarray(pred, float), np.asarray(y, float)
    return float(100.0 * np.mean(np.abs(pred - y) / y)) if len(y) else float("nan")


def rel_nnls(a, y):
    """x >= 0 minimising sum(((a x - y) / y)^2)."""
    a, y = np.asarray(a, float), np.asarray(y, float)
    w = 1.0 / y
    x, _ = nnls(a * w[:, None], y * w)
    return x


def is_test(model):
    return family(model) in TEST_FAMILIES


# ---------------------------------------------------------------- GPU per op

def _gpu_design(pts, e0, gamma, dtype):
    rows = []
    for op, _ in pts:
        occ = (e0 / max(op.out_elems, 1)) ** gamma if e0 and op.out_elems < e0 else 1.0
        rows.append([1.0, op.mflop() * occ, op.mb(dtype)])
    return np.array(rows), np.array([y for _, y in pts])


def fit_class(train, test, dtype, occupancy):
    """One class: returns the class model dict with its fit provenance."""
    best = None
    grid = itertools.product(OCC_E0, OCC_GAMMA) if occupancy else [(0, 1.0)]
    for e0, g in grid:
        a, y = _gpu_design(train, e0, g, dtype)
        x = rel_nnls(a, y)
        err = mape(a @ x, y)
        if best is None or err < best[0] - 1e-6:
            best = (err, x, e0, g)
    err, x, e0, g = best
    m = {"overhead_us": float(x[0]), "us_per_mflop": float(x[1]), "us_per_mb": float(x[2])}
    if e0:
        m["occupancy_elems"] = float(e0)
        m["occupancy_exp"] = float(g)
    m["_fit"] = {"n_train": len(train), "mape_train": err, "n_test": len(test)}
    if test:
        pred = [model_us(m, op.mflop(), op.mb(dtype), op.out_elems) for op, _ in test]
        m["_fit"]["mape_test"] = mape(pred, [y for _, y in test])
    return m


def gpu_fits(qed_ops, device, dtype="fp16"):
    """Per-class fits of one qed device's GPU latencies. Returns (classes, info)
    where info has the overall per-op MAPE (train/test) and counts."""
    by_cls = {}
    for model, op, lat, _ in qed_ops:
        y = lat.get(device)
        if y is None or op.cls not in GPU_CLASSES:
            continue
        by_cls.setdefault(op.cls, ([], []))[1 if is_test(model) else 0].append((op, y))
    classes, allp_tr, ally_tr, allp_te, ally_te = {}, [], [], [], []
    for cls in GPU_CLASSES:
        if cls not in by_cls or not by_cls[cls][0]:
            continue
        train, test = by_cls[cls]
        m = fit_class(train, test, dtype, len(train) >= OCC_MIN_POINTS)
        classes[cls] = m
        for pts, pp, yy in ((train, allp_tr, ally_tr), (test, allp_te, ally_te)):
            for op, y in pts:
                pp.append(model_us(m, op.mflop(), op.mb(dtype), op.out_elems))
                yy.append(y)
    info = {"n_train": len(ally_tr), "mape_train": mape(allp_tr, ally_tr),
            "n_test": len(ally_te), "mape_test": mape(allp_te, ally_te)}
    return classes, info


def gpu_launch_fit(qed_ops, e2e, device, classes, dtype="fp16"):
    """Per-kernel launch/synchronisation cost missing from the per-op rows:
    L fitted so that sum(fitted ops) + n_kernels * L matches each training
    model's end-to-end GPU latency (weighted NNLS). Returns (L, info) with the
    end-to-end MAPE of the sums without and with L on training and held-out
    models, and the median ratio of the plain sum to end-to-end."""
    sums, n = {}, {}
    for model, op, lat, _ in qed_ops:
        if op.cls in classes:
            sums[model] = sums.get(model, 0.0) + model_us(classes[op.cls], op.mflop(),
                                                          op.mb(dtype), op.out_elems)
            n[model] = n.get(model, 0) + 1
    col = device + "|gpu|float"
    rows = [(m, sums[m], n[m], e2e[m][col]) for m in sorted(sums) if col in e2e.get(m, {})]
    tr = [r for r in rows if not is_test(r[0])]
    te = [r for r in rows if is_test(r[0])]
    big_l = float(rel_nnls([[r[2]] for r in tr], [r[3] - r[1] for r in tr])[0])

    def err(rs, lval):
        return mape([r[1] + r[2] * lval for r in rs], [r[3] for r in rs])
    info = {"launch_us": big_l, "n_train": len(tr), "n_test": len(te),
            "sum_ratio": float(np.median([r[1] / r[3] for r in te])),
            "mape_train_plain": err(tr, 0.0), "mape_test_plain": err(te, 0.0),
            "mape_train": err(tr, big_l), "mape_test": err(te, big_l)}
    return big_l, info


# --------------------------------------------------------- CPU whole model

def _cpu_rows(qed_ops, dtype):
    """{model: feature vector [n_ops, MFLOP per compute class..., MB]}."""
    rows = {}
    for model, op, _, _ in qed_ops:
        r = rows.setdefault(model, [0.0] * (2 + len(CPU_COMPUTE)))
        r[0] += 1
        for i, group in enumerate(CPU_COMPUTE):
            if op.cls in group:
                r[1 + i] += op.mflop()
        r[-1] += op.mb(dtype)
    return rows


def cpu_fit(qed_ops, e2e, column, dtype):
    """Fit the CPU op model of one qed core configuration column (e.g.
    'pixel4|3med|float') on whole-model latencies. Returns (classes, info)."""
    rows = _cpu_rows(qed_ops, dtype)
    tr = [(rows[m], e2e[m][column]) for m in sorted(rows) if column in e2e.get(m, {})
          and not is_test(m)]
    te = [(rows[m], e2e[m][column]) for m in sorted(rows) if column in e2e.get(m, {})
          and is_test(m)]
    a = np.array([r for r, _ in tr])
    y = np.array([v for _, v in tr])
    x = rel_nnls(a, y)
    info = {"n_train": len(tr), "mape_train": mape(a @ x, y), "n_test": len(te),
            "mape_test": mape(np.array([r for r, _ in te]) @ x, [v for _, v in te])}
    c0, b = float(x[0]), float(x[-1])
    classes = {}
    # per compute group: its training models' MAPE, and a leave-one-model-out
    # error over the models that have ops of the group (the held-out families
    # may have none of them, e.g. grouped convs: only ResNeXt has them)
    for i, group in enumerate(CPU_COMPUTE):
        for cls in group:
            classes[cls] = {"overhead_us": c0, "us_per_mflop": float(x[1 + i]), "us_per_mb": b}
        users = [k for k, (r, _) in enumerate(tr) if r[1 + i] > 0]
        if group == ("gconv",) and users:
            loo = []
            for k in users:
                rest = [j for j in range(len(tr)) if j != k]
                xk = rel_nnls(a[rest], y[rest])
                loo.append(abs(a[k] @ xk - y[k]) / y[k])
            fit = {"n_train": len(users),
                   "mape_train": mape(a[users] @ x, y[users]),
                   "n_test": len(users), "mape_test": 100.0 * float(np.mean(loo)),
                   "test_kind": "leave-one-model-out"}
            for cls in group:
                classes[cls]["_fit"] = dict(fit)
    for cls in ("pool", "data", "elementwise"):
        classes[cls] = {"overhead_us": c0, "us_per_mflop": 0.0, "us_per_mb": b}
    return classes, info


# ------------------------------------------------------- accelerators

def accel_features(ops):
    """[n_ops, MFLOP] of a model for the accelerator fit: ops that cost a
    dispatch (every class but the fused activations and views)."""
    n = sum(1 for o in ops if o.cls not in (None, "activation"))
    f = sum(o.mflop() for o in ops if o.cls not in (None, "activation"))
    return [float(n), f]


def accel_fit(points, fixed_c0=None):
    """points: [(name, [n_ops, MFLOP], latency_us)]. Fits c0 (per op) and a
    (us/MFLOP); with fixed_c0 only a. Leave-one-out error when there are more
    points than free parameters. Returns (c0, a, info)."""
    def solve(pts):
        if fixed_c0 is not None:
            a = rel_nnls([[f[1]] for _, f, _ in pts], [y - fixed_c0 * f[0] for _, f, y in pts])
            return fixed_c0, float(a[0])
        x = rel_nnls([f for _, f, _ in pts], [y for _, _, y in pts])
        return float(x[0]), float(x[1])
    c0, a = solve(points)
    pred = [c0 * f[0] + a * f[1] for _, f, _ in points]
    info = {"n_train": len(points), "mape_train": mape(pred, [y for _, _, y in points]),
            "n_test": 0}
    k = 1 if fixed_c0 is not None else 2
    if len(points) > k:
        errs = []
        for i in range(len(points)):
            rest = points[:i] + points[i + 1:]
            ci, ai = solve(rest)
            _, f, y = points[i]
            errs.append(abs(ci * f[0] + ai * f[1] - y) / y)
        info["n_test"] = len(points)
        info["mape_test"] = 100.0 * float(np.mean(errs))
        info["test_kind"] = "leave-one-out"
    return c0, a, info


def accel_classes(c0, a):
    """An accelerator op-model set from the calibrated per-op dispatch cost and
    throughput: every compute class at the same rate; data movement and
    elementwise ops pay the dispatch only; activations are fused."""
    m = {}
    for cls in ("conv1x1", "conv", "dwconv", "gemm", "pool", "gconv"):
        m[cls] = {"overhead_us": c0, "us_per_mflop": a, "us_per_mb": 0.0}
    for cls in ("elementwise", "data"):
        m[cls] = {"overhead_us": c0, "us_per_mflop": 0.0, "us_per_mb": 0.0}
    m["activation"] = {"overhead_us": 0.0, "us_per_mflop": 0.0, "us_per_mb": 0.0}
    return m


# ------------------------------------------------------------- scaling

def scale_classes(classes, compute, memory, overhead=1.0, occupancy=1.0):
    """A sibling's op models: compute terms divided by the peak ratio `compute`
    (target/source), memory terms by the bandwidth ratio `memory`, overheads
    divided by `overhead`, occupancy thresholds multiplied by `occupancy`."""
    out = {}
    for cls, m in classes.items():
        n = {"overhead_us": m["overhead_us"] / overhead,
             "us_per_mflop": m["us_per_mflop"] / compute,
             "us_per_mb": m["us_per_mb"] / memory}
        if m.get("occupancy_elems"):
            n["occupancy_elems"] = m["occupancy_elems"] * occupancy
            n["occupancy_exp"] = m["occupancy_exp"]
        out[cls] = n
    return out


def round_sig(x, sig=4):
    if x == 0 or not math.isfinite(x):
        return 0.0
    return round(x, sig - 1 - int(math.floor(math.log10(abs(x)))))
