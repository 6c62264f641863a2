"""Built-in plotting hooks of hetsim.

hetsim calls plot(kind, data, out) through the Python C API:
  data  a CSV (from `hetsim sweep` or `hetsim run -f csv`) as a list of dicts
        (numbers as floats), or a JSON document (a `hetsim run -f json` result,
        a `--trace-out` timeline) as dicts and lists;
  out   the file to write; its extension (.png, .pdf, .svg) picks the format.
Copy this file, change it, and pass it with `hetsim plot ... --hook my.py`.
"""
import math

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

# two-sided 95 % quantiles of Student's t for 1..30 degrees of freedom
_T95 = [12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179,
        2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064,
        2.060, 2.056, 2.052, 2.048, 2.045, 2.042]


def _mean_ci(xs):
    n = len(xs)
    m = sum(xs) / n
    if n < 2:
        return m, 0.0
    sd = math.sqrt(sum((x - m) ** 2 for x in xs) / (n - 1))
    t = _T95[n - 2] if n - 1 <= len(_T95) else 1.96
    return m, t * sd / math.sqrt(n)


def _rows(data):
    if not isinstance(data, list) or not data or not isinstance(data[0], dict):
        raise ValueError("expected CSV rows (a sweep or `hetsim run -f csv` output)")
    return data


def _label(r):
    scen = r.get("scenario") or ""
    return f"{r['policy']}" + (f"\n{scen}" if scen else "")


def _join(xs):
    xs = [x for x in dict.fromkeys(xs) if x]
    return ", ".join(xs[:4]) + (f" (+{len(xs) - 4} more)" if len(xs) > 4 else "")


def _what(rows):
    """What the rows simulated: models on devices (scenarios), for a title."""
    w = f"{_join(r.get('model', '') for r in rows)} on {_join(r.get('device', '') for r in rows)}"
    scen = _join(r.get("scenario") or "" for r in rows)
    return w + (f", scenario {scen}" if scen else "")


def _legend_outside(ax, **kw):
    """The legend right of the axes, where it covers no data."""
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), borderaxespad=0.0,
              fontsize="small", **kw)


def _bars(ax, xs, vals, width, color, label, fmt="{:.0f}"):
    """Bars where a value of None is missing (no bar, "n/a" written at its
    foot) and a value of 0 is drawn as a flat bar with an edge and "0" above,
    so a zero shows up and differs from a missing value."""
    shown = [(x, v) for x, v in zip(xs, vals) if v is not None]
    if shown:
        ax.bar([x for x, _ in shown], [v for _, v in shown], width, color=color, label=label,
               edgecolor=color, linewidth=1.5)
    else:
        ax.bar([xs[0]], [0], width, color=color, label=label)  # the legend's entry
    top = max([v for v in vals if v is not None] + [1e-9])
    for x, v in zip(xs, vals):
        if v is None:
            ax.text(x, 0.01 * top, "n/a", ha="center", va="bottom", rotation=90,
                    fontsize="x-small", color="grey")
        elif v == 0:
            ax.plot([x - width / 2, x + width / 2], [0, 0], color=color, lw=3,
                    solid_capstyle="butt", clip_on=False)
            ax.text(x, 0.01 * top, fmt.format(v), ha="center", va="bottom", fontsize="x-small",
                    color=color)


def latency(data, out):
    """Mean frame latency per device x model x policy (x scenario), 95 % CI over seeds."""
    groups = {}
    for r in _rows(data):
        key = (r["device"], r["model"], r.get("scenario") or "", r["policy"])
        groups.setdefault(key, []).append(r["lat_mean_ms"])
    panels = sorted({(k[0], k[1], k[2]) for k in groups})
    fig, axes = plt.subplots(len(panels), 1, figsize=(9, 3.2 * len(panels)), squeeze=False)
    for ax, (dev, model, scen) in zip(axes[:, 0], panels):
        pols = [k[3] for k in groups if k[:3] == (dev, model, scen)]
        stats = [_mean_ci(groups[(dev, model, scen, p)]) for p in pols]
        ax.bar(pols, [m for m, _ in stats], yerr=[c for _, c in stats], capsize=4,
               color="#4c72b0")
        ax.set_ylabel("frame latency (ms)")
        ax.set_title(f"{model} on {dev}" + (f", {scen}" if scen else ""))
        ax.grid(axis="y", alpha=0.3)
    seeds = max(len(v) for v in groups.values())
    fig.suptitle(f"mean frame latency per policy (error bars: 95 % CI over up to {seeds} "
                 f"seed{'s' if seeds > 1 else ''})", fontsize="medium")
    fig.tight_layout()
    fig.savefig(out)


def cdf(data, out):
    """CDF of per-frame latency of one run (`hetsim run -f json`) or of a workload's models."""
    if isinstance(data, list):
        raise ValueError("a cdf needs every frame's latency: give a `hetsim run -f json` "
                         "result; a CSV (sweep or `hetsim run -f csv`) has only percentiles "
                         "(draw those with `hetsim plot latency`)")
    runs = data.get("streams", [data]) if isinstance(data, dict) else None
    if not runs or not isinstance(runs[0], dict) or "frame_latency_ms" not in runs[0]:
        raise ValueError("expected a `hetsim run -f json` result (with frame_latency_ms)")
    fig, ax = plt.subplots(figsize=(8, 4))
    for r in runs:
        xs = sorted(r["frame_latency_ms"])
        ys = [(i + 1) / len(xs) for i in range(len(xs))]
        ax.step(xs, ys, where="post", label=f"{r['model']} ({r['policy']})")
    ax.set_xlabel("frame latency (ms)")
    ax.set_ylabel("share of frames")
    ax.set_title(f"CDF of frame latency: {_what([{'model': r.get('model', ''), 'device': r.get('device', data.get('device', ''))} for r in runs])}"
                 + (f", scenario {data['scenario']}" if data.get("scenario") else ""))
    ax.grid(alpha=0.3)
    _legend_outside(ax)
    fig.tight_layout()
    fig.savefig(out)


_CAT_COLORS = {"op": "#4c72b0", "transfer": "#dd8452", "decision": "#c44e52", "app": "#55a868",
               "frame": "#8172b3", "competitor": "#937860", "reuse": "#da8bc3"}
_MORE_COLORS = ["#8c8c8c", "#ccb974", "#64b5cd", "#2ca02c", "#d62728", "#9467bd", "#17becf"]


def _cat_color(cat, seen):
    """A color per span category; a category not listed above (a new one)
    gets the next spare color, the same one everywhere in the figure."""
    if cat not in seen:
        spare = [c for c in _MORE_COLORS if c not in seen.values()]
        seen[cat] = _CAT_COLORS.get(cat) or (spare[0] if spare else "grey")
    return seen[cat]


def _timeline(data):
    ev = data.get("traceEvents") if isinstance(data, dict) else None
    if ev is None:
        raise ValueError("expected a Chrome Trace Event timeline (hetsim run --trace-out)")
    names = {e["tid"]: e["args"]["name"] for e in ev if e.get("name") == "thread_name"}
    title = next((e["args"]["name"] for e in ev if e.get("name") == "process_name"), "hetsim")
    return ev, names, title


def gantt(data, out):
    """Timeline of a run (`hetsim run --trace-out`): one row per track (and
    lane); the legend names the span categories the timeline holds."""
    ev, names, title = _timeline(data)
    spans = [e for e in ev if e.get("ph") == "X"]
    if not spans:
        raise ValueError("the timeline has no spans")
    tids = sorted(names)
    seen = {}
    fig, ax = plt.subplots(figsize=(12, 0.4 * len(tids) + 1.8))
    for e in spans:
        y = tids.index(e["tid"])
        ax.broken_barh([(e["ts"] / 1000.0, max(e["dur"] / 1000.0, 1e-4))], (y - 0.4, 0.8),
                       color=_cat_color(e.get("cat"), seen))
    ax.set_yticks(range(len(tids)))
    ax.set_yticklabels([names[t] for t in tids], fontsize="small")
    ax.invert_yaxis()
    ax.set_xlabel("simulated time (ms)")
    ax.set_title(title.replace("hetsim: ", "timeline: ", 1))
    handles = [plt.Rectangle((0, 0), 1, 1, color=c) for c in seen.values()]
    ax.legend(handles, list(seen), loc="upper left", bbox_to_anchor=(1.01, 1.0),
              borderaxespad=0.0, fontsize="small", title="span")
    fig.tight_layout()
    fig.savefig(out)


def busy_over_time(data, out, window_ms=None):
    """Utilization of every processor queue over time, from a --trace-out timeline."""
    ev, names, title = _timeline(data)
    spans = [e for e in ev if e.get("ph") == "X" and e.get("cat") in ("op", "decision", "app",
                                                                       "reuse")]
    if not spans:
        raise ValueError("the timeline has no processor work")
    end = max(e["ts"] + e["dur"] for e in spans) / 1000.0
    w = window_ms or max(end / 100.0, 0.01)
    nb = int(end / w) + 1
    fig, ax = plt.subplots(figsize=(10, 4))
    for tid in sorted({e["tid"] for e in spans}):
        busy = [0.0] * nb
        for e in spans:
            if e["tid"] != tid:
                continue
            t0, t1 = e["ts"] / 1000.0, (e["ts"] + e["dur"]) / 1000.0
            b = int(t0 / w)
            while t0 < t1 and b < nb:
                edge = min(t1, (b + 1) * w)
                busy[b] += edge - t0
                t0 = edge
                b += 1
        ax.plot([(i + 0.5) * w for i in range(nb)], [100 * x / w for x in busy],
                label=names.get(tid, str(tid)))
    ax.set_xlabel("time (ms)")
    ax.set_ylabel(f"busy (% of {w:.3g} ms windows)")
    ax.set_ylim(0, 105)
    ax.set_title(title.replace("hetsim: ", "busy over time: ", 1))
    _legend_outside(ax)
    ax.grid(alpha=0.3)
    fig.tight_layout()
    fig.savefig(out)


def utilization(data, out):
    """Mean utilization of each processor kind per policy (sweep rows)."""
    rows = _rows(data)
    kinds = ["util_cpu", "util_gpu", "util_dsp", "util_npu"]
    pols = sorted({r["policy"] for r in rows}, key=[r["policy"] for r in rows].index)
    fig, ax = plt.subplots(figsize=(9, 4))
    width = 0.2
    colors = ["#4c72b0", "#dd8452", "#55a868", "#c44e52"]
    for i, k in enumerate(kinds):
        vals = []
        for p in pols:
            xs = [r[k] for r in rows if r["policy"] == p and isinstance(r.get(k), float)]
            vals.append(100 * sum(xs) / len(xs) if xs else None)
        _bars(ax, [j + i * width for j in range(len(pols))], vals, width, colors[i], k[5:])
    ax.set_xticks([j + 1.5 * width for j in range(len(pols))])
    ax.set_xticklabels(pols)
    ax.set_ylabel("utilization (% of time busy)")
    ax.set_title(f"busiest processor of each kind: {_what(rows)}")
    _legend_outside(ax)
    ax.grid(axis="y", alpha=0.3)
    fig.tight_layout()
    fig.savefig(out)


def drops(data, out):
    """Apps' frame-drop rate against GPU utilization (sweep rows with client apps)."""
    rows = _rows(data)
    fig, ax = plt.subplots(figsize=(7.5, 4))
    for p in sorted({r["policy"] for r in rows}):
        pts = [(100 * r["util_gpu"], 100 * r["app_drop_rate"]) for r in rows if r["policy"] == p]
        ax.scatter([a for a, _ in pts], [b for _, b in pts], label=p)
    ax.set_xlabel("GPU utilization by the inference (%)")
    ax.set_ylabel("apps' frames dropped (%)")
    ax.set_xlim(-2, 102)
    top = max([100 * r["app_drop_rate"] for r in rows] + [1]) * 1.1
    ax.set_ylim(-0.03 * top, top)  # a 0 % point shows whole, no negative range
    ax.set_title(f"apps' frame drops: {_what(rows)}", fontsize="medium")
    ax.grid(alpha=0.3)
    _legend_outside(ax)
    fig.tight_layout()
    fig.savefig(out)


def predicted(data, out):
    """The policy's predicted latency against the simulated one (sweep rows)."""
    rows = [r for r in _rows(data) if r["predicted_ms"] > 0]
    if not rows:
        raise ValueError("no row has a prediction (predicted_ms > 0)")
    fig, ax = plt.subplots(figsize=(6.5, 5))
    for p in sorted({r["policy"] for r in rows}):
        pts = [(r["predicted_ms"], r["lat_mean_ms"]) for r in rows if r["policy"] == p]
        ax.scatter([a for a, _ in pts], [b for _, b in pts], label=p)
    top = max(max(r["predicted_ms"], r["lat_mean_ms"]) for r in rows)
    ax.plot([0, top], [0, top], color="grey", lw=1)
    ax.set_xlabel("predicted by the policy (ms)")
    ax.set_ylabel("simulated (ms)")
    ax.set_title(f"mean frame latency: {_what(rows)}", fontsize="medium")
    _legend_outside(ax)
    ax.grid(alpha=0.3)
    fig.tight_layout()
    fig.savefig(out)


def support(data, out):
    """Share of each model's ops an accelerator cannot run (single-processor policies)."""
    rows = _rows(data)
    series = {}
    for r in rows:
        label = r["policy"] + (f" ({r['quant']})" if r.get("quant") else "")
        series.setdefault(label, {})[r["model"]] = 100 * r["unsupported_ratio"]
    models = list(dict.fromkeys(r["model"] for r in rows))
    fig, ax = plt.subplots(figsize=(11, 4.2))
    width = 0.8 / max(1, len(series))
    colors = plt.rcParams["axes.prop_cycle"].by_key()["color"]
    for i, (label, vals) in enumerate(series.items()):
        _bars(ax, [j + i * width for j in range(len(models))], [vals.get(m) for m in models],
              width, colors[i % len(colors)], label)
    ax.set_xticks([j + 0.4 - width / 2 for j in range(len(models))])
    ax.set_xticklabels(models, rotation=20)
    ax.set_ylabel("ops that fall back to the CPU (%)")
    ax.set_title(f"operator support: {_join(r.get('device', '') for r in rows)} "
                 "(a flat bar marked 0: every op runs; n/a: not simulated)", fontsize="medium")
    _legend_outside(ax)
    ax.grid(axis="y", alpha=0.3)
    fig.tight_layout()
    fig.savefig(out)


def validation(data, out):
    """Simulated against natively measured mean frame latency (hetsim validate --all rows)."""
    rows = _rows(data)
    if not rows:
        raise ValueError("no validation rows")
    fig, ax = plt.subplots(figsize=(7.5, 5))
    markers = {0: "o", 1: "s", 2: "^"}
    for p in sorted({r["policy"] for r in rows}):
        for h in sorted({int(r["hogs"]) for r in rows}):
            pts = [(r["meas_mean_ms"], r["sim_mean_ms"]) for r in rows
                   if r["policy"] == p and int(r["hogs"]) == h]
            if pts:
                ax.scatter([a for a, _ in pts], [b for _, b in pts], marker=markers.get(h, "x"),
                           label=f"{p}, {h} hog(s)")
    top = max(max(r["meas_mean_ms"], r["sim_mean_ms"]) for r in rows) * 1.05
    ax.plot([0, top], [0, top], color="grey", lw=1)
    ax.plot([0, top], [0, 1.1 * top], color="grey", lw=0.5, ls="--")
    ax.plot([0, top], [0, 0.9 * top], color="grey", lw=0.5, ls="--")
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel("measured natively (ms)")
    ax.set_ylabel("simulated (ms)")
    ax.set_title("hetsim validate: mean frame latency (dashed: +-10%)")
    _legend_outside(ax)
    ax.grid(alpha=0.3)
    fig.tight_layout()
    fig.savefig(out)


KINDS = {"validation": validation, "support": support, "busy": busy_over_time, "latency": latency, "cdf": cdf, "gantt": gantt, "utilization": utilization,
         "drops": drops, "predicted": predicted}


def plot(kind, data, out):
    if kind not in KINDS:
        raise ValueError(f"unknown plot kind {kind!r}; built-in kinds: {', '.join(KINDS)}")
    KINDS[kind](data, out)


# ---- the study's figures (hetsim reproduce paper) ----

def speedup_grid(data, out):
    """Fig. 2: speedup over the best single processor, a heat map per device
    (models x strategies), from `hetsim reproduce paper`'s fig2-speedup.csv.
    Devices whose latency models are mostly scaled from a sibling SoC are
    marked in their panel's title."""
    import matplotlib.colors as mcolors

    rows = _rows(data)
    devices = list(dict.fromkeys(r["device"] for r in rows))
    ncol = min(4, len(devices))
    nrow = (len(devices) + ncol - 1) // ncol
    fig, axes = plt.subplots(nrow, ncol, figsize=(4.6 * ncol, 4.5 * nrow + 0.9), squeeze=False)
    norm = mcolors.TwoSlopeNorm(vmin=-3, vcenter=0, vmax=3)
    cmap = plt.get_cmap("RdBu")
    im = None
    for ax, dev in zip(axes.flat, devices):
        rs = [r for r in rows if r["device"] == dev]
        models = list(dict.fromkeys(r["model"] for r in rs))
        strats = list(dict.fromkeys(r["strategy"] for r in rs))
        cell = {(r["model"], r["strategy"]): r for r in rs}
        grid = [[math.log2(cell[(m, s)]["speedup"]) if (m, s) in cell else float("nan")
                 for s in strats] for m in models]
        im = ax.imshow(grid, cmap=cmap, norm=norm, aspect="auto")
        for i, m in enumerate(models):
            for j, s in enumerate(strats):
                r = cell.get((m, s))
                if not r:
                    continue
                sp = r["speedup"]
                txt = f"{sp:.2f}" if sp < 10 else f"{sp:.0f}"
                if r.get("precision") == "int8":
                    txt += "*"
                ax.text(j, i, txt, ha="center", va="center", fontsize=7,
                        color="white" if abs(math.log2(sp)) > 1.8 else "black")
        ax.set_xticks(range(len(strats)))
        ax.set_xticklabels([s.replace(" (", "\n(") for s in strats], rotation=45, ha="right", fontsize=7)
        ax.set_yticks(range(len(models)))
        ax.set_yticklabels(models, fontsize=7)
        for j in range(len(strats)):  # the single processors apart from the parallel strategies
            if j + 1 < len(strats) and cell[(models[0], strats[j])]["single"] and \
                    not cell[(models[0], strats[j + 1])]["single"]:
                ax.axvline(j + 0.5, color="black", lw=1.2)
        scaled = int(rs[0].get("mostly_scaled", 0)) == 1
        title = f"{dev} ({rs[0]['soc']})"
        if scaled:
            title += "\nlatency models mostly SCALED from a sibling SoC"
        else:
            title += "\nlatency models fitted on this SoC"
        if "scaled_share" in rs[0]:
            title += (f"\nprocessors' numbers: {100 * rs[0]['scaled_share']:.0f}% scaled, "
                      f"{100 * rs[0]['assumed_share']:.0f}% assumed")
        ax.set_title(title, fontsize=8.5, color="#b2182b" if scaled else "black")
    for ax in list(axes.flat)[len(devices):]:
        ax.axis("off")
    fig.suptitle("Fig. 2: speedup over the best single processor running the same fp32 model "
                 "(cell = best single latency / strategy latency; >1 faster, <1 slower;\n"
                 "left of the black line: single processors, right: parallel strategies; "
                 "* = int8 model on an int8-only accelerator)", fontsize=9.5)
    fig.tight_layout(rect=(0, 0.06, 1, 0.95))
    cax = fig.add_axes((0.3, 0.025, 0.4, 0.015))
    cb = fig.colorbar(im, cax=cax, orientation="horizontal")
    cb.set_ticks([-3, -2, -1, 0, 1, 2, 3])
    cb.set_ticklabels(["1/8", "1/4", "1/2", "1", "2", "4", "8"])
    cb.set_label("speedup (log scale)", fontsize=8)
    fig.savefig(out, dpi=110)


# policies by the scheduling granularity they work at (Fig. 4 of the study)
GRANULARITY = {
    "gpu": "whole model\n(GPU alone)",
    "cpu": "whole model\n(CPU alone)",
    "pipeline": "subgraph\n(pipeline)",
    "band": "subgraph\n(Band)",
    "adaptive": "subgraph\n(adaptive)",
    "heft": "layer\n(HEFT)",
    "mulayer": "operator split\n(muLayer)",
    "codl": "operator split\n(CoDL)",
}


def granularity(data, out):
    """Fig. 4: frame latency (top) and transfers per frame (bottom) per
    scheduling granularity, idle and with competitors."""
    rows = _rows(data)
    models = list(dict.fromkeys(r["model"] for r in rows))
    scens = list(dict.fromkeys(r.get("scenario") or "" for r in rows))
    fig, axes = plt.subplots(2, len(models), figsize=(6.5 * len(models), 6.4), squeeze=False,
                             gridspec_kw={"height_ratios": [2.2, 1]})
    colors = ["#4c72b0", "#dd8452", "#55a868"]
    for col, m in enumerate(models):
        pols = list(dict.fromkeys(r["policy"] for r in rows if r["model"] == m))
        width = 0.8 / len(scens)
        for row, (metric, ylabel) in enumerate((("lat_mean_ms", "mean frame latency (ms)"),
                                                ("transfers_per_frame", "transfers per frame"))):
            ax = axes[row, col]
            top = 0
            for i, sc in enumerate(scens):
                stats = []
                for p in pols:
                    xs = [r[metric] for r in rows if r["model"] == m and r["policy"] == p
                          and (r.get("scenario") or "") == sc]
                    stats.append(_mean_ci(xs) if xs else (0.0, 0.0))
                xs = [j + (i - (len(scens) - 1) / 2) * width for j in range(len(pols))]
                label = ("idle, no competitors" if sc in ("", "idle")
                         else f"with competitors ({sc})")
                ci = [c for _, c in stats]
                bars = ax.bar(xs, [v for v, _ in stats], width,
                              yerr=ci if any(ci) else None, capsize=3, label=label,
                              color=colors[i % len(colors)])
                for b, (v, _) in zip(bars, stats):
                    ax.text(b.get_x() + b.get_width() / 2, v, f"{v:.0f}", ha="center",
                            va="bottom", fontsize=7)
                    top = max(top, v)
            ax.set_xticks(range(len(pols)))
            ax.set_xticklabels([GRANULARITY.get(p, p) for p in pols], fontsize=8)
            ax.set_ylim(0, max(top, 1) * 1.18)
            ax.set_ylabel(ylabel)
            ax.grid(axis="y", alpha=0.3)
            if row == 0:
                ax.set_title(f"{m} on {rows[0]['device']}: scheduling granularity, coarse "
                             "(left) to fine (right)", fontsize=9.5)
                ax.legend(fontsize=8, loc="upper left")
    fig.suptitle("Fig. 4: impact of parallel scheduling granularity", fontsize=11)
    fig.tight_layout()
    fig.savefig(out, dpi=110)


def runtime(data, out):
    """Fig. 5: GPU utilization and the apps' frame drops over one run (left),
    and the utilization / drop trade-off of every run (right), from
    `hetsim reproduce paper`'s fig5-runtime.csv."""
    rows = _rows(data)
    tl = [r for r in rows if r["kind"] == "timeline"]
    pts = [r for r in rows if r["kind"] == "point"]
    runs = list(dict.fromkeys(r["run"] for r in tl))
    fig = plt.figure(figsize=(15, 3.4 * max(1, len(runs)) + 0.4))
    gs = fig.add_gridspec(max(1, len(runs)), 2, width_ratios=[1.6, 1])
    for i, run in enumerate(runs):
        ax = fig.add_subplot(gs[i, 0])
        rs = [r for r in tl if r["run"] == run]
        for s in dict.fromkeys(r["series"] for r in rs):
            xs = [r["t_ms"] / 1000 for r in rs if r["series"] == s]
            ys = [r["pct"] for r in rs if r["series"] == s]
            style = "-" if s.startswith("GPU") else "--"
            ax.plot(xs, ys, style, marker="o", ms=3, label=s)
        ax.set_ylim(-3, 128)
        ax.set_yticks([0, 20, 40, 60, 80, 100])
        ax.set_ylabel("% of the window")
        ax.set_title(f"over time: {run}", fontsize=9.5)
        ax.grid(alpha=0.3)
        ax.legend(fontsize=7, loc="upper center", ncol=4)
        if i == len(runs) - 1:
            ax.set_xlabel("time (s); GPU busy share and dropped frames per window")
    ax = fig.add_subplot(gs[:, 1])
    markers = {"gpu": "o", "adaptive": "s", "codl": "^", "cpu": "D"}
    pols = list(dict.fromkeys(r["policy"] for r in pts))
    for p in pols:
        ps = [r for r in pts if r["policy"] == p]
        ax.scatter([r["util_gpu_pct"] for r in ps], [r["drop_pct"] for r in ps],
                   marker=markers.get(p, "x"), s=40, label=p, zorder=3)
    # one label per cluster of coinciding points (model, scenario; the marker
    # says the policy), placed clear of the others
    short = {"ui-and-video": "UI+video", "video-playback": "video"}
    clusters = []
    for r in sorted(pts, key=lambda r: (r["util_gpu_pct"], r["drop_pct"])):
        x, y = r["util_gpu_pct"], r["drop_pct"]
        name = f"{r['model']} ({r['policy']}), {short.get(r['scenario'], r['scenario'])}"
        for c in clusters:
            if abs(c[0] - x) < 2 and abs(c[1] - y) < 2:
                c[2].append(name)
                break
        else:
            clusters.append([x, y, [name]])
    placed = []
    for x, y, names in clusters:
        text = "\n".join(names) if len(names) <= 3 else \
            "\n".join(names[:2]) + f"\n+ {len(names) - 2} more"
        h = 3.2 * text.count("\n") + 3.2
        left = x > 70
        tx = x - 2 if left else x + 2
        ty = y
        while any(abs(tx - a) < 30 and abs(ty - b) < (h + hb) / 2 for a, b, hb in placed):
            ty -= 3.2
        placed.append((tx, ty, h))
        ax.annotate(text, (x, y), xytext=(tx, ty), fontsize=6, va="center",
                    ha="right" if left else "left",
                    arrowprops=dict(arrowstyle="-", lw=0.4, color="grey") if ty != y else None)
    ax.set_xlim(-5, 112)
    ax.set_ylim(-30, 112)
    ax.set_yticks([0, 20, 40, 60, 80, 100])
    ax.set_xlabel("GPU utilization by the inference (%)")
    ax.set_ylabel("apps' frames dropped (worst app, %)")
    ax.set_title("trade-off: every run (marker = policy; label = model, scenario)",
                 fontsize=9.5)
    ax.grid(alpha=0.3)
    ax.legend(fontsize=8, loc="upper left")
    fig.suptitle("Fig. 5: GPU utilization and UI responsiveness at run time", fontsize=11)
    fig.tight_layout()
    fig.savefig(out, dpi=110)


KINDS.update({"speedup-grid": speedup_grid, "granularity": granularity, "runtime": runtime})
