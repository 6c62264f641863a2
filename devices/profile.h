/* hs_device: a device profile: its processors (CPU clusters, GPU, DSP/NPU),
 * their speed per dtype, memory bandwidth, launch overhead, operator support
 * tables, fitted per-op latency models (one set per dtype), DVFS operating
 * points, power figures, and the cost of moving data between processors
 * (links and layout conversions); at device level DRAM bandwidth, thermal
 * limits and a power budget. Loaded from a "hetsim-device" JSON file
 * (docs/formats.md, docs/profiles.md) by a strict loader: unknown keys, wrong
 * types and out-of-range numbers are rejected with the file, the JSON path
 * and what was expected. The provenance of every number (devices/provenance.h)
 * is counted at load time, per class and per processor and origin. The device owns everything it points
 * to; free with hs_device_free(). */
#ifndef HS_PROFILE_H
#define HS_PROFILE_H

#include <stddef.h>
#include <stdint.h>

#include "base/dtype.h"
#include "devices/coexec_costs.h"
#include "devices/contention.h"
#include "devices/provenance.h"
#include "base/error.h"
#include "traces/op.h"

typedef enum { HS_PROC_CPU = 0, HS_PROC_GPU, HS_PROC_DSP, HS_PROC_NPU, HS_PROC_KIND_COUNT } hs_proc_kind;
extern const char *const hs_proc_kind_names[]; /* NULL-terminated */

/* How the inference's work reaches an accelerator's queue, which decides
 * when other apps' work can get in (accelerators never preempt a kernel):
 * KERNEL: one kernel per submission, another context may run between any
 * two; GRAPH: the runtime enqueues every kernel of a graph segment and
 * flushes once, so the queue drains the inference's queued kernels before
 * switching context (TFLite's GPU delegate, MACE, Paddle-Lite OpenCL). */
typedef enum { HS_SUBMIT_KERNEL = 0, HS_SUBMIT_GRAPH } hs_submission;
extern const char *const hs_submission_names[]; /* "kernel", "graph" */

/* How an op's group count must look for a rule to accept it. */
typedef enum { HS_GROUP_ANY = 0, HS_GROUP_NONE, HS_GROUP_DEPTHWISE, HS_GROUP_NONE_OR_DEPTHWISE } hs_group_rule;
extern const char *const hs_group_rule_names[];

typedef struct hs_support_rule {
    char *op;            /* ONNX op type, or "*" for any */
    int any;             /* op is "*" */
    hs_op_type type;     /* op's op-table entry (HS_OP_OTHER: a type the table lacks) */
    int supported;       /* 0: never on this processor */
    unsigned dtype_mask; /* bit per hs_dtype; 0 = any */
    int kernel_max, stride_max, dilation_max; /* 0 = no limit */
    int64_t channels_max;                     /* output channels, 0 = no limit */
    hs_group_rule group;
    char *source;
} hs_support_rule;

/* DVFS operating points of a processor, slowest first (performance scales
 * with the clock: CoreMark/MHz is constant per core, freqbench), with their
 * power, and how fast the governor moves between them. n = 0: a fixed clock.
 * perf[i] is the measured relative performance (CoreMark at point i / at the
 * top point) when the profile gives it, else 0 (then the clock ratio). */
#define HS_MAX_OPPS 32
typedef struct hs_dvfs {
    int n;
    double ghz[HS_MAX_OPPS], power_mw[HS_MAX_OPPS], perf[HS_MAX_OPPS];
    double up_ms, down_ms; /* settle time before a move up / down */
} hs_dvfs;

/* Lumped thermal model of the SoC: dT/dt = (P - (T - ambient) / R) / C;
 * above throttle_c the clocks are capped one point lower per governor tick,
 * below release_c the cap is lifted again. enabled = 0: no throttling. */
typedef struct hs_thermal {
    int enabled;
    double ambient_c, throttle_c, release_c, r_c_per_w, c_j_per_c;
    double sustained_ratio; /* sustained / peak performance under a long load
                               (published stress tests); 0 = unknown. Not simulated. */
} hs_thermal;

/* Power figures of a processor where known (0 = unknown): drawn while it
 * computes and while it idles. Loaded and validated; energy accounting is a
 * later consumer (the DVFS operating points carry the CPU clusters' power). */
typedef struct hs_power {
    double active_mw, idle_mw;
} hs_power;

/* Op classes of the fitted per-op latency model ("op_models"): hs_op_class and
 * hs_op_class_names, in the op table (traces/op.h). */

/* Fitted latency of one op class on one processor in one dtype:
 *   us = overhead_us + us_per_mflop * MFLOP * occ + us_per_mb * MB
 *   occ = max(1, occupancy_elems / output elements) ^ occupancy_exp
 * (MB moved in the model's dtype, hs_op_bytes; occ > 1 when an op has too
 * few output elements to fill the processor; occupancy_elems = 0: occ = 1). */
typedef struct hs_op_model {
    int present;
    double overhead_us, us_per_mflop, us_per_mb;
    double occupancy_elems, occupancy_exp;
    int n_train, n_test;          /* fit provenance (0: scaled or derived, not fitted) */
    double mape_train, mape_test; /* percent; mape_test < 0: no held-out data */
} hs_op_model;

/* Fit error of a whole op-model set (e.g. whole-model latencies for CPUs). */
typedef struct hs_fit_info {
    int n_train, n_test;
    double mape_train, mape_test; /* percent; < 0: not available */
} hs_fit_info;

/* The op models of one processor in one dtype. The class models give kernel
 * time; dispatch is a term of its own ("dispatch" of the set): every op that
 * dispatches (a class other than activation, not a view) adds one kernel
 * launch and the runtime's per-op framework overhead (sim/latency.c
 * hs_dispatch_ns). A set without "dispatch" has both 0 (older profiles held
 * them inside the class overheads). */
typedef struct hs_op_model_set {
    int present;
    hs_fit_info fit; /* n_train = 0 when the set was scaled from a sibling */
    hs_op_model cls[HS_OPC_COUNT];
    double launch_us;      /* per kernel launch (GPU/accelerator command submission) */
    double op_overhead_us; /* per op, the runtime's own work (interpreter, delegate) */
    int links_elementwise; /* an op marked "gpu_linked_into" (traces/lowering.h) runs inside
                              its producer's kernel: no time of its own */
} hs_op_model_set;

typedef struct hs_processor {
    char *name;
    hs_proc_kind kind;
    int cores;
    double freq_ghz;
    int n_dtypes;
    hs_dtype dtypes[HS_DT_COUNT];     /* executable dtypes, preferred first */
    double peak_gflops[HS_DT_COUNT];  /* 0 when the dtype is not executable */
    double efficiency;                /* fraction of peak a typical kernel reaches */
    double mem_bw_gbps;               /* bandwidth this processor can stream at */
    double launch_us;                 /* per-op dispatch / kernel launch overhead */
    char *layout;                     /* preferred data layout, e.g. "NHWC" */
    hs_submission submission;         /* default: graph for GPUs, kernel otherwise */
    hs_contention contention;         /* response to competing processes */
    /* Cores shared with another processor (PoCL's OpenCL CPU device and the
     * CPU backend on the same cores): while processor `shares_with` runs
     * inference work it counts here as `shares_load` busy competitors (fed
     * to `contention`). shares_load == 0: nothing shared. */
    int shares_with;
    double shares_load;
    char *shares_with_name;           /* as written in the profile */
    hs_dvfs dvfs;                     /* operating points and governor */
    hs_power power;                   /* power where known */
    int has_op_models;                /* any op-model set present */
    hs_dtype op_model_dtype;          /* the first listed set's dtype (used for others) */
    hs_op_model_set op_models[HS_DT_COUNT]; /* fitted per-op latency per dtype, class */
    int support_default;              /* verdict for ops no rule names */
    int n_rules;
    hs_support_rule *rules;
    int origin[HS_ORIGIN_COUNT];      /* the processor's numbers per origin (provenance.h) */
} hs_processor;

typedef struct hs_link {
    int from, to; /* processor indices */
    double latency_us, bandwidth_gbps;
} hs_link;

/* Cost of converting a tensor between two data layouts (e.g. NHWC on the
 * CPU, PHWC4 textures on a TFLite GPU), paid on a transfer between
 * processors whose "layout" strings are `from` and `to`:
 * latency_us + bytes / bandwidth. */
typedef struct hs_layout_conv {
    char *from, *to;
    double latency_us, bandwidth_gbps;
} hs_layout_conv;

typedef struct hs_device {
    char *name, *description, *soc;
    char *dir;              /* directory of the profile file ("." for a bare name),
                               where traces/DEVICE/MODEL/ are looked for first;
                               NULL when not loaded from a file */
    char *recorded;         /* how the profile was made ("native": measured by
                               hetsim native record), NULL when not said */
    int n_procs;
    hs_processor *procs;
    int host;               /* processor holding frame inputs/outputs; runs fallbacks */
    double dram_bw_gbps;
    double decision_us;     /* host CPU time of one runtime scheduling decision */
    hs_thermal thermal;
    hs_link default_link;   /* used between processors with no explicit link */
    int n_links;
    hs_link *links;
    int n_convs;
    hs_layout_conv *convs;  /* layout conversions ("transfers.layout_conversion") */
    double power_budget_mw; /* sustained power budget of the SoC/module; 0 = unknown */
    hs_coexec_costs coexec; /* co-execution costs ("coexec"); present = 0 when absent */
    int provenance[HS_PROV_COUNT]; /* numbers in the file per provenance class */
    int origin_rest[HS_ORIGIN_COUNT]; /* device-level numbers per origin (provenance.h) */
} hs_device;

hs_device *hs_device_load_file(const char *path, hs_error *err);
struct cJSON;
hs_device *hs_device_from_json(const struct cJSON *root, const char *file, hs_error *err);
void hs_device_free(hs_device *d);

int hs_device_find_proc(const hs_device *d, const char *name);
/* First processor of the kind (the host when it has that kind), or -1. */
int hs_device_find_kind(const hs_device *d, hs_proc_kind kind);
/* The device's processor names for a message: " cpu_big, gpu, dsp" (each
 * preceded by a space, comma-separated; cut at n - 1 bytes). */
void hs_device_proc_names(const hs_device *d, char *buf, size_t n);
/* Time to move `bytes` from processor `from` to `to` (0 when from == to):
 * the link's latency and bandwidth, plus the layout conversion between the
 * two processors' layouts when the profile lists one. HS_CLOCK_OVER
 * (base/clock.h) when that is past the end of the simulated clock. */
int64_t hs_device_transfer_ns(const hs_device *d, int from, int to, double bytes);
/* The same, plus the co-execution conversion (coexec_costs.h) when the two
 * sides' dtypes differ (their layouts are compared in any case); the
 * transfer above includes it when the layouts differ. */
int64_t hs_device_exchange_ns(const hs_device *d, int from, int to, double bytes,
                              int dtype_differs);

#endif
