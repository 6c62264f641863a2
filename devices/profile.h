/* hs_device: a device profile: its processors (CPU clusters, GPU, DSP/NPU),
 * their speed per dtype, memory bandwidth, launch overhead, operator support
 * tables, and the cost of moving data between processors. Loaded from a
 * "hetsim-device" JSON file (docs/formats.md); the device owns everything it
 * points to; free with hs_device_free(). */
#ifndef HS_PROFILE_H
#define HS_PROFILE_H

#include <stdint.h>

#include "../sim/dtype.h"
#include "contention.h"
#include "../sim/error.h"

typedef enum { HS_PROC_CPU = 0, HS_PROC_GPU, HS_PROC_DSP, HS_PROC_NPU, HS_PROC_KIND_COUNT } hs_proc_kind;
extern const char *const hs_proc_kind_names[]; /* NULL-terminated */

/* How an op's group count must look for a rule to accept it. */
typedef enum { HS_GROUP_ANY = 0, HS_GROUP_NONE, HS_GROUP_DEPTHWISE, HS_GROUP_NONE_OR_DEPTHWISE } hs_group_rule;
extern const char *const hs_group_rule_names[];

typedef struct hs_support_rule {
    char *op;            /* ONNX op type, or "*" for any */
    int supported;       /* 0: never on this processor */
    unsigned dtype_mask; /* bit per hs_dtype; 0 = any */
    int kernel_max, stride_max, dilation_max; /* 0 = no limit */
    int64_t channels_max;                     /* output channels, 0 = no limit */
    hs_group_rule group;
    char *source;
} hs_support_rule;

/* DVFS operating points of a processor, slowest first (performance scales
 * with the clock: CoreMark/MHz is constant per core, freqbench), with their
 * power, and how fast the governor moves between them. n = 0: a fixed clock. */
#define HS_MAX_OPPS 32
typedef struct hs_dvfs {
    int n;
    double ghz[HS_MAX_OPPS], power_mw[HS_MAX_OPPS];
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

/* Op classes of the fitted per-op latency model ("op_models"). */
typedef enum {
    HS_OPC_CONV1X1 = 0, /* Conv with a 1x1 kernel, group 1 */
    HS_OPC_CONV,        /* Conv kxk (k > 1) or grouped, ConvTranspose */
    HS_OPC_DWCONV,      /* Conv with group > 1 (depthwise) */
    HS_OPC_GEMM,        /* Gemm, MatMul */
    HS_OPC_POOL,        /* MaxPool, AveragePool, GlobalAveragePool, ReduceMean */
    HS_OPC_ELEMENTWISE, /* activations, Add/Mul/..., normalizations, Softmax */
    HS_OPC_DATA,        /* Concat, Split, Slice, Pad, Transpose, Resize */
    HS_OPC_COUNT
} hs_op_class;
extern const char *const hs_op_class_names[]; /* NULL-terminated */

/* Fitted latency of one op class on one processor:
 *   us = overhead_us + us_per_mflop * MFLOP + us_per_mb * MB
 * (MB moved in the fitted dtype's element size; hs_op_bytes). */
typedef struct hs_op_model {
    int present;
    double overhead_us, us_per_mflop, us_per_mb;
    int n_train, n_test;          /* fit provenance (0: scaled, not fitted) */
    double mape_train, mape_test; /* percent */
} hs_op_model;

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
    hs_contention contention;         /* response to competing processes */
    /* Cores shared with another processor (PoCL's OpenCL CPU device and the
     * CPU backend on the same cores): while processor `shares_with` runs
     * inference work it counts here as `shares_load` busy competitors (fed
     * to `contention`). shares_load == 0: nothing shared. */
    int shares_with;
    double shares_load;
    char *shares_with_name;           /* as written in the profile */
    hs_dvfs dvfs;                     /* operating points and governor */
    hs_dtype op_model_dtype;          /* dtype the op models were fitted in */
    int has_op_models;                /* any class present */
    hs_op_model op_models[HS_OPC_COUNT]; /* fitted per-op latency per class */
    int support_default;              /* verdict for ops no rule names */
    int n_rules;
    hs_support_rule *rules;
} hs_processor;

typedef struct hs_link {
    int from, to; /* processor indices */
    double latency_us, bandwidth_gbps;
} hs_link;

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
} hs_device;

hs_device *hs_device_load_file(const char *path, hs_error *err);
struct cJSON;
hs_device *hs_device_from_json(const struct cJSON *root, const char *file, hs_error *err);
void hs_device_free(hs_device *d);

int hs_device_find_proc(const hs_device *d, const char *name);
/* First processor of the kind (the host when it has that kind), or -1. */
int hs_device_find_kind(const hs_device *d, hs_proc_kind kind);
/* Time to move `bytes` from processor `from` to `to` (0 when from == to). */
int64_t hs_device_transfer_ns(const hs_device *d, int from, int to, double bytes);

#endif
