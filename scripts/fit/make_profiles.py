#!/usr/bin/env python3
"""Build the eight device profiles (devices/*.json) and docs/profiles.md.

    /usr/bin/python3 scripts/fit/make_profiles.py [--check]

Reads the spec facts of scripts/fit/device_specs.py and the calibration data
of the reference folder (scripts/fit/refdata.py: $HS_REFERENCE or
../shared/reference), fits the per-op latency models (scripts/fit/
fit_latency.py), scales them to sibling SoCs by spec ratios, writes DVFS
operating points from freqbench, and writes every profile atomically with a
source on every number. --check builds everything and reports what would
change, writing nothing. The project runs without the reference folder: the
generated profiles are the project's own files.
"""
import json
import math
import os
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import device_specs as S  # noqa: E402
import fit_latency as F  # noqa: E402
import refdata  # noqa: E402
from opfeatures import load_model, mobilenet_v1_ops, op_us  # noqa: E402

GENERATOR = "scripts/fit/make_profiles.py 1"
V = S.V
r4 = F.round_sig
QED = "qed mobile-ml-benchmark (Li, Paolieri, Golubchik, EdgeSys'24; commit 40ba833)"
QED_DEV = {"pixel4": "Pixel 4 (Snapdragon 855, the Mi 9's SoC)",
           "s10": "Galaxy S10 (Exynos 9820)", "a03s": "Galaxy A03s (Helio P35)"}
ZOO = os.path.join(refdata.SRC, "traces", "models")


def plain(x):
    return x["value"] if isinstance(x, dict) and "value" in x else x


def zoo_ops(name):
    if name == "mobilenet_v1":
        return mobilenet_v1_ops()
    return load_model(os.path.join(ZOO, name + ".json"))[2]


class Builder:
    def __init__(self, ref):
        self.ref = ref
        print("reading reference data from", ref, file=sys.stderr)
        self.qed = refdata.qed_ops(ref)
        self.e2e = refdata.qed_e2e(ref)
        self.pub = refdata.published(ref)
        self.built = {}     # device name -> profile dict (JSON form)
        self.report = []    # rows for docs: fit errors
        self.scaling = {}   # device -> [lines]
        self.gpu_checks = {}
        self.accel = {}
        self.dispatch = {}  # (device, processor, dtype) -> {"launch", "op", "source"}
        # the Mi 9's calibrated CPU interference, carried over to the other clusters
        mi9 = {q["name"]: q for q in S.xiaomi_mi9()["procs"]}
        self.mi9_interference = self.interference(self.little_ratio(mi9["cpu_big"],
                                                                    mi9["cpu_little"]))

    @staticmethod
    def little_ratio(p, little):
        return (plain(p["peak_gflops"]["fp32"]) / plain(p["cores"])) / \
            (plain(little["peak_gflops"]["fp32"]) / plain(little["cores"]))

    @staticmethod
    def interference(lr):
        """k such that 2 (time-sharing) x migration x (1 + 3 k) = 10.2 at 3 competitors."""
        mig = 1 + (lr - 1) * (1 - math.exp(-3.0))
        return (10.2 / (2.0 * mig) - 1) / 3.0, mig

    # ---------------------------------------------------------- fits
    def fit_rows(self, dev, proc, dtype, data, info, kind, classes=None):
        self.report.append({"device": dev, "proc": proc, "dtype": dtype, "data": data,
                            "kind": kind, **info, "classes": classes})

    def set_json(self, dtype, source, classes, fit=None, derived_from=None, dispatch=None):
        """One op-model set. `classes` hold dispatched op models (what the fits
        give); with `dispatch` ({"launch", "op", "source"}) the set writes the
        dispatch as a term of its own and the class overheads without it (the
        simulator adds it back to every op that dispatches: not activations)."""
        s = {"dtype": dtype, "source": source}
        disp = 0.0
        if dispatch:
            disp = dispatch["launch"] + dispatch["op"]
            s["dispatch"] = {"kernel_launch_us": r4(dispatch["launch"]),
                             "op_overhead_us": r4(dispatch["op"])}
            if dispatch.get("links"):
                s["dispatch"]["links_elementwise"] = True
            s["dispatch"]["source"] = dispatch["source"]
        if fit:
            s["fit"] = {k: (r4(v) if isinstance(v, float) else v) for k, v in fit.items()
                        if k in ("n_train", "mape_train", "n_test", "mape_test", "data")}
        if derived_from:
            s["derived_from"] = derived_from
        cj = {}
        for cls in S_CLASSES:
            if cls not in classes:
                continue
            m = classes[cls]
            e = {k: r4(m[k]) for k in ("overhead_us", "us_per_mflop", "us_per_mb")}
            if disp and cls != "activation":
                e["overhead_us"] = r4(max(0.0, m["overhead_us"] - disp))
            if m.get("occupancy_elems"):
                e["occupancy_elems"] = int(round(m["occupancy_elems"]))
                e["occupancy_exp"] = m["occupancy_exp"]
            if "_fit" in m:
                f = m["_fit"]
                e["fit"] = {"n_train": f["n_train"], "mape_train": r4(f["mape_train"]),
                            "n_test": f["n_test"]}
                if "mape_test" in f and math.isfinite(f["mape_test"]):
                    e["fit"]["mape_test"] = r4(f["mape_test"])
            if "_source" in m:
                e["source"] = m["_source"]
            cj[cls] = e
        s["classes"] = cj
        return s

    def gpu_sets(self, dev_name, qdev):
        classes, info = F.gpu_fits(self.qed, qdev)
        launch, chk = F.gpu_launch_fit(self.qed, self.e2e, qdev, classes)
        self.gpu_checks[dev_name] = chk
        for m in classes.values():  # the kernels' launch/sync, missing from per-op rows
            m["overhead_us"] += launch
        # classes without measured rows: derived from measured ones
        classes["elementwise"] = {"overhead_us": classes["pool"]["overhead_us"],
                                  "us_per_mflop": 0.0, "us_per_mb": classes["pool"]["us_per_mb"],
                                  "_source": "derived: no standalone elementwise kernels in the "
                                             "qed data (TFLite links them into the producer); "
                                             "a memory pass at the pooling fit's overhead and "
                                             "bytes rate, an upper bound"}
        classes["activation"] = {"overhead_us": 0.0, "us_per_mflop": 0.0, "us_per_mb": 0.0,
                                 "_source": "derived: TFLite fuses ReLU/ReLU6 into the producing "
                                            "kernel ('linked_:_relu' kernels in the qed data); "
                                            "their cost is inside the fitted conv times"}
        data = ("%s tflite_cnn_ops_gpu.csv, %s|gpu|float: per-op latencies of %d ops (MAPE per "
                "op, held out: families %s); overheads include %.3g us of per-kernel launch/sync "
                "fitted on tflite_cnn_e2e.csv %s|gpu|float (whole-model MAPE %.3g %% on %d "
                "training, %.3g %% on %d held-out models)" % (
                    QED, qdev, info["n_train"] + info["n_test"], ", ".join(F.TEST_FAMILIES),
                    launch, qdev, chk["mape_train"], chk["n_train"], chk["mape_test"], chk["n_test"],
                    ))
        fit = dict(info, data=data)
        self.fit_rows(dev_name, "gpu", "fp16", "qed %s GPU per op" % qdev, info, "fitted",
                      {c: m["_fit"] for c, m in classes.items() if "_fit" in m})
        src = ("fitted: per-op TFLite GPU latencies (precision loss allowed: fp16) of the %s "
               "measured in the %s; weighted NNLS on relative error per op class, occupancy by "
               "grid search; plus a per-kernel launch/sync cost fitted on whole-model latencies "
               "(scripts/fit/make_profiles.py)" % (QED_DEV[qdev], QED))
        disp = {"launch": launch, "op": 0.0,
                "source": "fitted: per-kernel launch/synchronisation, the part of %s whole-model "
                          "GPU latencies (tflite_cnn_e2e.csv) the per-op kernel rows miss: "
                          "sum(fitted ops) + kernels x L, weighted NNLS on training models; "
                          "per-op framework work is not separable from it in that data (0); "
                          "elementwise ops marked gpu_linked_into by the import's lowering run "
                          "inside their producer's kernel (TFLite GPU delegate MergeNodes; the "
                          "qed rows' *_linked_* kernels)" % qdev,
                "links": True}
        self.dispatch[(dev_name, "gpu", "fp16")] = disp
        return [self.set_json("fp16", src, classes, fit, dispatch=disp)], {"fp16": classes}

    def cpu_sets(self, dev_name, pname, qdev, cfg):
        sets, raw = [], {}
        for q, dtype in (("float", "fp32"), ("quant", "int8")):
            col = "%s|%s|%s" % (qdev, cfg, q)
            classes, info = F.cpu_fit(self.qed, self.e2e, col, dtype)
            classes["activation"] = {"overhead_us": 0.0, "us_per_mflop": 0.0, "us_per_mb": 0.0,
                                     "_source": "derived: XNNPACK fuses ReLU/ReLU6 into the "
                                                "producing op; their cost is inside the fit"}
            data = ("%s tflite_cnn_e2e.csv column %s: whole-model latency of %d CNNs, their ops "
                    "from tflite_cnn_ops_gpu.csv; held out: families %s" % (
                        QED, col, info["n_train"] + info["n_test"], ", ".join(F.TEST_FAMILIES)))
            self.fit_rows(dev_name, pname, dtype, "qed %s %s %s (whole model)" % (qdev, cfg, q),
                          info, "fitted",
                          {c: m["_fit"] for c, m in classes.items() if "_fit" in m})
            src = ("fitted: TFLite 2.10 CPU whole-model latencies of the %s, core configuration "
                   "'%s' (%s), distributed over each model's ops: L = sum(c0 + a_class * MFLOP "
                   "+ b * MB), weighted NNLS on relative error; MAPE is per whole model" % (
                       QED_DEV[qdev], cfg, q))
            disp = {"launch": 0.0, "op": classes["conv"]["overhead_us"],
                    "source": "fitted: the per-op intercept c0 of the whole-model fit (the "
                              "interpreter's and kernel set-up work per op); a CPU kernel has no "
                              "launch"}
            self.dispatch[(dev_name, pname, dtype)] = disp
            sets.append(self.set_json(dtype, src, classes, dict(info, data=data), dispatch=disp))
            raw[dtype] = classes
        return sets, raw

    def accel_cal(self, key):
        if key in self.accel:
            return self.accel[key]
        dev, proc, prec, models, dtype, c0 = S.ACCEL_CAL[key]
        pts = []
        for csv_model, zoo_model in models:
            row = next(r for r in self.pub if r["device"] == dev and r["processor"] == proc and
                       r["precision"] == prec and r["model"] == csv_model)
            pts.append((csv_model, F.accel_features(zoo_ops(zoo_model)),
                        float(row["latency_ms"]) * 1e3, row["runtime"]))
        c0f, a, info = F.accel_fit([(n, f, y) for n, f, y, _ in pts], fixed_c0=c0)
        self.accel[key] = (c0f, a, info, pts, dtype)
        return self.accel[key]

    # ---------------------------------------------------------- scaling
    def scale_sets(self, dev_name, proc, src_dev, src_proc, how):
        sd = self.built[src_dev]
        sp = next(p for p in sd["processors"] if p["name"] == src_proc)
        sets, raw = [], {}
        lines = []
        for sset in sp["op_models"]:
            dtype = sset["dtype"]
            src_cls = self.raw[(src_dev, src_proc)][dtype]
            pk_t = plain(proc["peak_gflops"][dtype])
            pk_s = plain(sp["peak_gflops"][dtype])
            bw = plain(self.cur["dram_bandwidth_gbps"]) / plain(sd["dram_bandwidth_gbps"])
            f_t, f_s = plain(proc["freq_ghz"]), plain(sp["freq_ghz"])
            if how == "cpu":
                over = f_t / f_s
                occ = 1.0
                what = ("compute terms / %.3g (%s peak %g vs %g GFLOPS), memory terms / %.3g "
                        "(DRAM %g vs %g GB/s), per-op overhead / %.3g (clock %g vs %g GHz)" % (
                            pk_t / pk_s, dtype, pk_t, pk_s, bw,
                            plain(self.cur["dram_bandwidth_gbps"]),
                            plain(sd["dram_bandwidth_gbps"]), over, f_t, f_s))
            else:
                over = 1.0
                occ = (pk_t / f_t) / (pk_s / f_s)
                what = ("compute terms / %.3g (%s peak %g vs %g GFLOPS), memory terms / %.3g "
                        "(DRAM %g vs %g GB/s), launch overheads kept (driver costs), occupancy "
                        "threshold x %.3g (FLOP per clock)" % (
                            pk_t / pk_s, dtype, pk_t, pk_s, bw,
                            plain(self.cur["dram_bandwidth_gbps"]),
                            plain(sd["dram_bandwidth_gbps"]), occ))
            cls = F.scale_classes(src_cls, pk_t / pk_s, bw, over, occ)
            for c in ("activation",):
                if c in src_cls:
                    cls[c] = dict(src_cls[c])
                    cls[c].pop("_fit", None)
            src = "scaled: from %s %s (%s op models) by spec ratios: %s" % (
                src_dev, src_proc, dtype, what)
            sd_ = self.dispatch.get((src_dev, src_proc, dtype))
            disp = None
            if sd_:
                disp = {"launch": sd_["launch"] / over, "op": sd_["op"] / over,
                        "links": sd_.get("links", False),
                        "source": "scaled: from %s %s, divided by %.3g like the class overheads"
                                  % (src_dev, src_proc, over)}
                self.dispatch[(dev_name, proc["name"], dtype)] = disp
            sets.append(self.set_json(dtype, src, cls, derived_from="%s/%s" % (src_dev,
                                                                                src_proc),
                                      dispatch=disp))
            raw[dtype] = cls
            lines.append("%s (%s): %s" % (proc["name"], dtype, src[len("scaled: "):]))
        self.scaling.setdefault(dev_name, []).extend(lines)
        return sets, raw

    # ---------------------------------------------------------- a device
    def build(self, spec_fn):
        spec = spec_fn()
        name = spec["name"]
        self.cur = spec
        dram = plain(spec["dram_bandwidth_gbps"])
        procs = []
        fb_cache = {}
        for p in spec["procs"]:
            p = json.loads(json.dumps(p))
            core = p.pop("_core", None)
            model = spec["models"].get(p["name"])
            sets, raw = [], {}
            if model is None:
                pass
            elif model[0] == "qed_gpu":
                sets, raw = self.gpu_sets(name, model[1])
            elif model[0] == "qed_cpu":
                sets, raw = self.cpu_sets(name, p["name"], model[1], model[2])
            elif model[0] == "scale":
                sets, raw = self.scale_sets(name, p, model[1], model[2], model[3])
            elif model[0] == "accel":
                c0, a, info, pts, dtype = self.accel_cal(model[1])
                cls = F.accel_classes(c0, a)
                data = "published-latencies.csv: " + "; ".join(
                    "%s %s %.3f ms (%s)" % (p_[0], S.ACCEL_CAL[model[1]][2], p_[2] / 1e3, p_[3])
                    for p_ in pts)
                src = ("calibrated: whole-model latencies of this processor published by the "
                       "framework authors (%s) on the zoo's graphs: L = c0 x (ops that dispatch) "
                       "+ a x MFLOP, weighted NNLS; activations fused; the memory term is not "
                       "identifiable from whole-model figures (fused subgraphs keep tensors on "
                       "chip) and set to 0; test = leave-one-out" % data)
                disp = {"launch": 0.0, "op": c0,
                        "source": "calibrated: c0, the per-op dispatch of the whole-model fit "
                                  "(launch and framework work not separable there)"}
                sets = [self.set_json(dtype, src, cls, dict(info, data=data), dispatch=disp)]
                raw = {dtype: cls}
                self.fit_rows(name, p["name"], dtype, "published whole-model (%d points)"
                              % len(pts), info, "calibrated")
            elif model[0] == "scale_accel":
                c0, a, info, pts, dtype = self.accel_cal(model[1])
                ratio = model[2]
                cls = F.accel_classes(c0, a / ratio)
                src = ("scaled: %s: per-op dispatch %.3g us kept, throughput x %.3g" % (
                    model[3], c0, ratio))
                disp = {"launch": 0.0, "op": c0,
                        "source": "calibrated: c0 of %s, kept" % model[3]}
                sets = [self.set_json(dtype, src, cls, derived_from="published: %s %s %s" % (
                    S.ACCEL_CAL[model[1]][0], S.ACCEL_CAL[model[1]][1], pts[0][0]),
                    dispatch=disp)]
                raw = {dtype: cls}
                self.scaling.setdefault(name, []).append("%s (%s): %s" % (p["name"], dtype,
                                                                         src[8:]))
            self.raw[(name, p["name"])] = raw
            if sets:
                p["op_models"] = sets
            self.fill_roofline(p, raw, dram, model)
            self.fill_contention(p, spec, core)
            dv = spec["dvfs"].get(p["name"])
            if dv:
                p["dvfs"] = self.dvfs(dv, plain(p["cores"]), fb_cache)
            procs.append(self.order(p))
        dev = {"format": "hetsim-device", "version": 1, "name": name,
               "description": spec["description"], "soc": spec["soc"], "host": spec["host"],
               "dram_bandwidth_gbps": spec["dram_bandwidth_gbps"],
               "decision_overhead_us": spec["decision_overhead_us"]}
        if spec.get("power"):
            dev["power"] = spec["power"]
        if spec.get("thermal"):
            dev["thermal"] = spec["thermal"]
        dev["processors"] = procs
        dev["transfers"] = {"default": S.DEFAULT_LINK, "links": spec["links"],
                            "layout_conversion": spec["convs"],
                            "source": "links per ordered pair of processors; layout conversions "
                                      "between the processors' data layouts are added to a "
                                      "transfer's cost"}
        if spec.get("coexec"):
            dev["coexec"] = S.coexec_json(spec["coexec"], procs, dram)
        dev["note"] = ("generated by %s from scripts/fit/device_specs.py and the reference data "
                       "(docs/profiles.md); edit those, not this file" % GENERATOR)
        self.built[name] = dev
        return dev

    def fill_roofline(self, p, raw, dram, model):
        """efficiency, launch overhead and bandwidth of the roofline fallback."""
        kind = p["kind"]
        frac = {"cpu": 0.25 if p["name"] == "cpu_little" else 0.5, "gpu": 0.8}.get(kind, 0.5)
        src = {"cpu": S.ASSUME_LITTLE_BW if p["name"] == "cpu_little" else S.ASSUME_CPU_BW,
               "gpu": S.ASSUME_GPU_BW}.get(kind, S.ASSUME_ACC_BW)
        p["mem_bandwidth_gbps"] = V(round(dram * frac, 2), src + " (%g x %g GB/s)" % (frac, dram))
        first = next(iter(raw.values())) if raw else None
        dt = next(iter(raw)) if raw else None
        if first:
            a = first["conv"]["us_per_mflop"] if first["conv"]["us_per_mflop"] > 0 else \
                first["conv1x1"]["us_per_mflop"]
            gflops = 1000.0 / a
            eff = min(1.0, gflops / plain(p["peak_gflops"][dt]))
            p["efficiency"] = V(r4(eff, 3), "derived: the op model's kxk-conv rate (%.4g GFLOPS "
                                            "in %s) over the %s peak" % (gflops, dt, dt))
            c0 = first["conv1x1"]["overhead_us"]
            p["launch_overhead_us"] = V(r4(c0, 3), "derived: the op model's per-op overhead "
                                                   "(1x1 conv class, %s)" % dt)
        else:
            if "efficiency" not in p:
                p["efficiency"] = V(0.25, "assumption: no latency data for this processor")
            lo = {"dsp": (50.0, "assumption: a FastRPC-dispatched graph pays tens of "
                                "microseconds per op"),
                  "npu": (30.0, "assumption: per-layer dispatch on an accelerator without "
                                "published latencies, tens of microseconds")}[kind]
            p["launch_overhead_us"] = V(*lo)

    def fill_contention(self, p, spec, core):
        if p["kind"] == "cpu":
            little = next((q for q in spec["procs"] if q["name"] == "cpu_little"), None)
            lr = 1.0
            if little and little["name"] != p["name"]:
                lr = self.little_ratio(p, little)
            k, mig = self.mi9_interference
            if spec["name"] == "xiaomi-mi9" and p["name"] == "cpu_big":
                src = ("calibrated: 3 competing processes slow CPU inference 10.2x on the Mi 9 "
                       "(%s, finding 3). little_ratio = per-core peak of an A76 @2.42 over an "
                       "A55 @1.78 (this profile); migration_load = 1 competitor (assumption: one "
                       "busy competitor makes the scheduler move an inference thread to the "
                       "little cluster 63 percent of the time); interference solved so that "
                       "slowdown(3) = 2 (time-sharing) x %.4g (migration) x (1 + 3 k) = 10.2"
                       % (S.LIU, mig))
            else:
                src = ("scaled: the Mi 9 calibration (%s, finding 3) carried over: "
                       "migration_load and interference as calibrated there; little_ratio = "
                       "per-core peak of this cluster over the device's little core" % S.LIU)
                if p["name"] == "cpu_little":
                    src = ("assumption: the little cluster has no slower cluster to migrate to; "
                           "cache/DRAM interference as calibrated for the Mi 9 big cluster")
            p["contention"] = {"model": "cpu", "little_ratio": r4(lr), "migration_load": 1.0,
                               "interference": r4(k), "source": src}
        else:
            share = spec["contention"].get(p["name"])
            if share is None:
                return
            mi9 = spec["name"] == "xiaomi-mi9"
            x = {"gpu": "2.1", "dsp": "1.8"}.get(p["name"], "1.8")
            what = "GPU" if p["kind"] == "gpu" else "DSP"
            src = ("calibrated: 3 competing processes slow %s inference %sx on the Mi 9 (%s, "
                   "finding 3): share = (%s - 1) / 3" % (what, x, S.LIU, x))
            if not mi9:
                src = ("scaled: the Mi 9's %s calibration carried over (%s, finding 3: %sx at 3 "
                       "competitors); an assumption for this %s" % (what, S.LIU, x, p["kind"]))
            p["contention"] = {"model": "shared", "share": share, "source": src}

    def dvfs(self, dv, cores, cache):
        soc, col = dv[0], dv[1]
        if soc not in cache:
            cache[soc] = refdata.freqbench(self.ref, soc)
        pts = cache[soc][col]
        top_ghz, top_cm = pts[-1][0], pts[-1][1]
        scale = dv[2] / top_ghz if len(dv) > 2 else 1.0
        opps = []
        for ghz, cm, mw in pts:
            opps.append({"ghz": round(ghz * scale, 4), "power_mw": round(mw * cores, 1),
                         "perf": round(cm / top_cm, 4)})
        if len(dv) > 2:
            src = ("derived: %s (freqbench %s CPU %s): its frequencies scaled to this cluster's "
                   "top clock (x %.4g), CoreMark-relative performance and per-core power x %d "
                   "cores kept (assumption); governor settle times from the mrsnu/band "
                   "frequency trace (devices.md); generated by scripts/fit/make_profiles.py"
                   % (dv[3], soc, col, scale, cores))
        else:
            src = ("measured: freqbench %s CPU %s frequencies, CoreMark (perf = CoreMark / "
                   "CoreMark at the top point) and power of one core, power x %d cores; "
                   "governor settle times from the mrsnu/band frequency trace (top clock ~40 "
                   "ms into a burst in two steps, back ~300 ms after; devices.md); generated by "
                   "scripts/fit/make_profiles.py" % (soc, col, cores))
        return {"opps": opps, "up_ms": 20, "down_ms": 300, "source": src}

    @staticmethod
    def order(p):
        keys = ["name", "kind", "cores", "freq_ghz", "dtypes", "peak_gflops", "efficiency",
                "mem_bandwidth_gbps", "launch_overhead_us", "layout", "power", "contention",
                "support", "dvfs", "op_models"]
        return {k: p[k] for k in keys if k in p}


S_CLASSES = ["conv1x1", "conv", "dwconv", "gemm", "pool", "elementwise", "data", "activation",
             "gconv"]


# ------------------------------------------------------------- predictions

def proc_dict(p):
    return {"peak": {k: plain(v) for k, v in p["peak_gflops"].items()},
            "efficiency": plain(p["efficiency"]), "mem_bw": plain(p["mem_bandwidth_gbps"]),
            "launch_us": plain(p["launch_overhead_us"])}


def sets_of(p):
    """The op models of a profile processor as dispatched op models: the set's
    dispatch added back to the class overheads (not to fused activations), as
    sim/latency.c hs_fitted_ns does."""
    out = {}
    for s in p.get("op_models", []):
        d = s.get("dispatch", {})
        disp = plain(d.get("kernel_launch_us", 0.0)) + plain(d.get("op_overhead_us", 0.0))
        cls = {}
        for c, m in s["classes"].items():
            cls[c] = {k: plain(v) for k, v in m.items() if k != "fit"}
            if c != "activation":
                cls[c]["overhead_us"] = cls[c]["overhead_us"] + disp
        out[s["dtype"]] = {"classes": cls}
    return out


def predict_ms(p, ops, dtype, threads_of=None):
    """Sum of the op latencies of a whole model on one processor (no fallback,
    no transfers): what the fitted/roofline sources give."""
    pd, sets = proc_dict(p), sets_of(p)
    total = 0.0
    for o in ops:
        us, _ = op_us(pd, sets, o, dtype)
        total += us
    return total / 1e3


def one_thread_ms(p, ops, dtype):
    """One thread of a cluster: its compute terms times its core count
    (assumption: linear multi-thread scaling)."""
    q = json.loads(json.dumps(p))
    n = plain(q["cores"])
    for s in q.get("op_models", []):
        for m in s["classes"].values():
            m["us_per_mflop"] = plain(m["us_per_mflop"]) * n
    return predict_ms(q, ops, dtype)


# ------------------------------------------------------------- output

def dump(obj):
    return json.dumps(obj, indent=2, ensure_ascii=False) + "\n"


def write_atomic(path, text):
    d = os.path.dirname(path)
    fd, tmp = tempfile.mkstemp(dir=d, prefix=".tmp.")
    with os.fdopen(fd, "w") as f:
        f.write(text)
    os.chmod(tmp, 0o644)
    os.replace(tmp, path)


def fmt(x, nd=1):
    return "-" if x is None or (isinstance(x, float) and not math.isfinite(x)) else \
        ("%.*f" % (nd, x))


def docs(b):
    import profiles_doc
    return profiles_doc.render(b, predict_ms, one_thread_ms, zoo_ops, plain, fmt)


def main(argv):
    check = "--check" in argv
    ref = refdata.reference_dir()
    b = Builder(ref)
    b.raw = {}
    order = ["xiaomi_mi9", "samsung_a03s", "samsung_s10", "xiaomi_mi6", "xiaomi_mi11_pro",
             "xiaomi_13", "huawei_mate30", "jetson_xavier_nx"]
    for fn in order:
        b.build(getattr(S, fn))
    outs = {os.path.join(refdata.SRC, "devices", n + ".json"): dump(d) for n, d in b.built.items()}
    outs[os.path.join(refdata.SRC, "docs", "profiles.md")] = docs(b)
    changed = 0
    for path, text in sorted(outs.items()):
        old = open(path).read() if os.path.exists(path) else None
        if old == text:
            continue
        changed += 1
        rel = os.path.relpath(path, refdata.SRC)
        if check:
            print("would change", rel)
        else:
            write_atomic(path, text)
            print("wrote", rel)
    if check and changed:
        return 1
    print("%d file(s) %s" % (changed, "differ" if check else "written"), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
