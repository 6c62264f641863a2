/* hs_native: runs a model graph's operators with real kernels and random
 * weights (fixed seed). A hs_native_model owns one host (float32) buffer per
 * graph tensor and the random weights of every op; a backend (CPU or OpenCL)
 * binds to a model and runs ops on it. The CPU backend reads and writes the
 * model's host buffers directly; the OpenCL backend keeps a device buffer per
 * tensor and moves data only through hs_native_transfer (so a caller sees and
 * times every transfer).
 * Every op of the eight zoo models (traces/models/ *.json: Conv incl.
 * grouped/depthwise, Gemm, MatMul, Relu, LeakyRelu, Clip, Sigmoid, HardSigmoid,
 * HardSwish, Tanh, Erf,
 * Add, Sub, Mul, Div, MaxPool, AveragePool, GlobalAveragePool,
 * ReduceMean over H and W, BatchNormalization, InstanceNormalization, LayerNormalization, Concat,
 * Softmax, Resize, Pad, Reshape/Flatten/Unsqueeze/Transpose, Gather, Cast,
 * ConvTranspose...) runs on both backends. Semantics left open by the graph
 * format (Transpose perm, Concat axis...) are inferred from the shapes,
 * identically on both backends (docs/native.md).
 * Ownership: the caller frees what *_new returns; a model must outlive the
 * backends bound to it. Functions taking an hs_error return 0 / non-NULL on
 * success, -1 / NULL with a message on failure.
 * (Same names and semantics as the contract notes/native_api.h; added:
 * hs_native_slice, hs_native_model_seed.) */
#ifndef HS_NATIVE_H
#define HS_NATIVE_H

#include <stdint.h>

#include "base/error.h"
#include "traces/graph.h"
#include "sim/plan.h" /* hs_split_dim: HS_SPLIT_NONE, HS_SPLIT_OUT_C, HS_SPLIT_HEIGHT */

typedef struct hs_native_model hs_native_model;
hs_native_model *hs_native_model_new(const hs_graph *g, uint64_t seed, hs_error *err);
void hs_native_model_free(hs_native_model *m);
const hs_graph *hs_native_model_graph(const hs_native_model *m);
float *hs_native_host(hs_native_model *m, int tensor); /* host buffer of a tensor */

/* Host CPU topology: clusters of cores with the same max frequency (from
 * /sys/devices/system/cpu/cpu * /cpufreq/cpuinfo_max_freq, or one cluster of
 * all online cores). Clusters are ordered fastest first. */
typedef struct hs_native_topology {
    int n_clusters;
    int n_cpus[8];
    int cpus[8][64];
    long max_khz[8]; /* 0 when unknown */
} hs_native_topology;
int hs_native_topology_read(hs_native_topology *t, hs_error *err);
/* 1 when this process may run on every core of cluster k (a pool pins its
 * threads there), 0 when it may not (containers can forbid it: run unpinned). */
int hs_native_cluster_pinnable(const hs_native_topology *t, int k);
/* Pin the calling thread to one core; the OS refusing leaves it unpinned. */
void hs_native_pin_thread(int cpu);

typedef struct hs_native_backend hs_native_backend;
/* threads pinned to the cluster's cores (sched_setaffinity); OpenBLAS and
 * oneDNN single-threaded inside. The thread calling hs_native_run_op is one
 * of them: for the call it is pinned to the cluster's core of the last share
 * and computes that share (its own affinity is put back before the call
 * returns), so the backend starts threads - 1 workers. threads <= 0: one per
 * core of the cluster. */
typedef struct hs_native_cpu_opts { int cluster; int threads; } hs_native_cpu_opts;
/* platform/device -1: the first GPU device of any platform, else the first
 * device; fp16: use half-precision GEMM where the device has cl_khr_fp16. */
typedef struct hs_native_cl_opts { int platform, device; int fp16; } hs_native_cl_opts;
hs_native_backend *hs_native_cpu_new(const hs_native_cpu_opts *o, hs_error *err);
/* NULL + clear error when not built with OpenCL/CLBlast or no device */
hs_native_backend *hs_native_opencl_new(const hs_native_cl_opts *o, hs_error *err);
void hs_native_backend_free(hs_native_backend *b);
const char *hs_native_backend_name(const hs_native_backend *b);   /* "cpu" or "opencl" */
const char *hs_native_backend_device(const hs_native_backend *b); /* e.g. "pthread-skylake (PoCL 3.1)" */
/* allocate, build kernels, upload weights; a backend binds to one model */
int hs_native_bind(hs_native_backend *b, hs_native_model *m, hs_error *err);
int hs_native_supports(const hs_native_backend *b, const hs_op *op);

/* Run op `op` on the fraction [lo, hi) of its output along `dim`
 * (HS_SPLIT_NONE: whole op, lo=0, hi=1); reads inputs resident on this
 * backend. CPU: returns when done. OpenCL: enqueues and returns. */
int hs_native_run_op(hs_native_backend *b, int op, hs_split_dim dim, double lo, double hi, hs_error *err);
/* Make the backend's copy of `tensor` (or its slice) current from the host
 * (HS_TO_DEVICE) or the host's from the backend (HS_TO_HOST). No-op on the
 * CPU backend. OpenCL: blocking. */
typedef enum { HS_TO_DEVICE, HS_TO_HOST } hs_native_dir;
int hs_native_transfer(hs_native_backend *b, int tensor, hs_native_dir dir, hs_split_dim dim,
                       double lo, double hi, hs_error *err);
int hs_native_finish(hs_native_backend *b, hs_error *err); /* wait for everything enqueued */

/* The slice of tensor t that [lo, hi) along dim means: indices [*a, *b) of
 * axis *axis. The axis is 1 (channels) / 2 (height) for rank-4 NCHW tensors,
 * the last / second-to-last axis for rank <= 3 (rank 1: axis 0); bounds are
 * round(lo * size), round(hi * size), so adjacent fractions tile exactly.
 * HS_SPLIT_NONE: the whole tensor (axis 0). */
void hs_native_slice(const hs_tensor *t, hs_split_dim dim, double lo, double hi, int *axis,
                     int64_t *a, int64_t *b);
uint64_t hs_native_model_seed(const hs_native_model *m);

#endif
