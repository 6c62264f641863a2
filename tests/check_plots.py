#!/usr/bin/env python3
"""Properties of the built-in plotting hooks (analysis/plots.py), checked on
the figures they draw (matplotlib, Agg): every figure has a title saying
what was simulated; legends sit outside the axes (they cover no bar); a
zero bar is marked "0" and a missing one "n/a"; the Gantt legend lists only
the span categories the timeline holds, a new category included; input a
kind cannot draw is refused with ValueError (hetsim prints its message and
exits 2). Usage: check_plots.py SRCDIR OUTDIR"""
import importlib.util
import os
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

src, tmp = sys.argv[1], sys.argv[2]
spec = importlib.util.spec_from_file_location("plots", os.path.join(src, "analysis", "plots.py"))
plots = importlib.util.module_from_spec(spec)
spec.loader.exec_module(plots)
fails = []


def check(cond, what):
    if not cond:
        fails.append(what)


def draw(kind, data):
    plt.close("all")
    plots.plot(kind, data, os.path.join(tmp, kind + ".png"))
    fig = plt.gcf()
    ax = fig.axes[0]
    return fig, ax


def legend_outside(ax, kind):
    leg = ax.get_legend()
    check(leg is not None, f"{kind}: no legend")
    if leg is None:
        return
    fig = ax.figure
    fig.canvas.draw()
    lb = leg.get_window_extent()
    ab = ax.get_window_extent()
    check(lb.x0 >= ab.x1 - 1 or lb.y1 <= ab.y0 + 1 or lb.y0 >= ab.y1 - 1,
          f"{kind}: the legend overlaps the axes")


def row(**kw):
    r = {"device": "xiaomi-mi9", "model": "resnet50", "policy": "gpu", "scenario": "",
         "quant": "", "unsupported_ratio": 0.0, "util_cpu": 0.1, "util_gpu": 0.9,
         "util_dsp": 0.0, "util_npu": 0.0, "lat_mean_ms": 30.0, "predicted_ms": 28.0,
         "app_drop_rate": 0.05}
    r.update(kw)
    return r


# support: gpu runs every op of resnet50 (0), dsp int8 never ran vgg16 (n/a)
rows = [row(), row(model="vgg16", unsupported_ratio=0.25),
        row(policy="dsp", quant="int8", unsupported_ratio=0.4)]
fig, ax = draw("support", rows)
texts = [t.get_text() for t in ax.texts]
check("0" in texts, "support: a zero bar is not marked 0")
check("n/a" in texts, "support: a missing bar is not marked n/a")
check("xiaomi-mi9" in ax.get_title(), "support: the title does not name the device")
legend_outside(ax, "support")

fig, ax = draw("utilization", [row(), row(policy="cpu", util_cpu=1.0, util_gpu=0.0)])
check("resnet50 on xiaomi-mi9" in ax.get_title(), "utilization: title " + ax.get_title())
check("0" in [t.get_text() for t in ax.texts], "utilization: zero bars are not marked")
legend_outside(ax, "utilization")

for kind in ("latency", "drops", "predicted"):
    fig, ax = draw(kind, [row(), row(policy="cpu", lat_mean_ms=90.0)])
    check("resnet50" in ax.get_title() and "xiaomi-mi9" in ax.get_title(),
          f"{kind}: the title does not say what was simulated: {ax.get_title()!r}")
    if kind != "latency":
        legend_outside(ax, kind)
    else:
        check("95 % CI" in fig._suptitle.get_text(), "latency: no caption of what the bars are")

run = {"device": "xiaomi-mi9", "model": "resnet50", "policy": "gpu",
       "frame_latency_ms": [30.0, 31.0, 35.0]}
fig, ax = draw("cdf", run)
check("resnet50 on xiaomi-mi9" in ax.get_title(), "cdf: title " + ax.get_title())
legend_outside(ax, "cdf")
try:
    draw("cdf", [row()])
    fails.append("cdf: a CSV is not refused")
except ValueError as e:
    check("hetsim run -f json" in str(e), "cdf: the refusal does not say what to give")

M = lambda tid, name: {"ph": "M", "name": "thread_name", "pid": 1, "tid": tid,  # noqa: E731
                       "args": {"name": name}}
tl = {"traceEvents": [
    {"ph": "M", "name": "process_name", "pid": 1, "args": {"name": "hetsim: m on d, policy p"}},
    M(1, "cpu"), M(2, "gpu"),
    {"ph": "X", "name": "a", "cat": "op", "pid": 1, "tid": 1, "ts": 0, "dur": 10},
    {"ph": "X", "name": "w", "cat": "sync", "pid": 1, "tid": 2, "ts": 10, "dur": 5},
    {"ph": "s", "name": "data", "cat": "flow", "id": 1, "pid": 1, "tid": 1, "ts": 5}]}
fig, ax = draw("gantt", tl)
labels = [t.get_text() for t in ax.get_legend().get_texts()]
check(labels == ["op", "sync"], f"gantt: legend {labels}, want the categories present")
check("m on d, policy p" in ax.get_title(), "gantt: title " + ax.get_title())
legend_outside(ax, "gantt")
fig, ax = draw("busy", tl)
check("m on d, policy p" in ax.get_title(), "busy: title " + ax.get_title())

try:
    plots.plot("sparkles", [row()], os.path.join(tmp, "x.png"))
    fails.append("an unknown kind is not refused")
except ValueError:
    pass

for f in fails:
    print("FAIL:", f)
print(f"plots: {len(fails)} failed")
sys.exit(1 if fails else 0)
