/* 1x1 convolution (stride 1, no padding, not grouped) of the native CPU
 * backend, direct on the model's NCHW buffers: out = W x + bias, W the
 * [oc, c] weights, x one image's [c, h*w] planes, the fused activation
 * included. The weights are packed once, when the backend binds the model
 * (hs_cpu_pointwise_pack), into panels of `mr` output channels laid out
 * input channel by input channel, so a GEMM needs no copy of them per call;
 * OpenBLAS packed both operands on every call, and a separate pass zeroed
 * the output. Each call copies `nr` columns of the input at a time into the
 * caller's scratch (at most KC input channels: a block that stays in L1) and
 * runs every panel of the output channel range on it: mr x nr outputs in
 * registers, the bias and a fused Relu/Clip added before the one store.
 * Tile sizes, picked by the CPU at run time: 8 x 32 with AVX-512, 6 x 16 in
 * eight-float vectors with AVX2 + FMA, 6 x 16 in four-float vectors
 * otherwise (SSE2, NEON): what their registers hold. Ownership: the packed
 * weights belong to the caller (hs_cpu_pointwise_free); the kernel writes
 * only its part of the output and the scratch. */
#ifndef HS_NATIVE_CPU_POINTWISE_H
#define HS_NATIVE_CPU_POINTWISE_H

#include <stdint.h>

#include "native/opsem.h"

typedef struct hs_cpu_pointwise_weights hs_cpu_pointwise_weights;

/* Does the kernel take this Conv (1x1, stride 1, no padding, group 1)? */
int hs_cpu_pointwise_supported(const hs_native_opinfo *f);
/* The scratch one call needs (floats). */
int64_t hs_cpu_pointwise_scratch_floats(const hs_native_opinfo *f);
/* The kernels: each CPU runs the first it can (hs_cpu_pointwise_pack);
 * tests run every one this CPU can with hs_cpu_pointwise_pack_for. */
typedef enum {
    HS_CPU_PW_AVX512 = 0,
    HS_CPU_PW_AVX2,
    HS_CPU_PW_BASELINE,
    HS_CPU_PW_KERNELS
} hs_cpu_pw_kernel;
int hs_cpu_pointwise_runs(hs_cpu_pw_kernel k);
const char *hs_cpu_pointwise_kernel_name(hs_cpu_pw_kernel k);
/* Pack the weights w (OIHW, then oc biases) of Conv f for this CPU's kernel
 * (_for: kernel k, which the CPU must run); NULL when out of memory. */
hs_cpu_pointwise_weights *hs_cpu_pointwise_pack(const hs_native_opinfo *f, const float *w);
hs_cpu_pointwise_weights *hs_cpu_pointwise_pack_for(const hs_native_opinfo *f, const float *w,
                                                    hs_cpu_pw_kernel k);
/* The tile p's kernel computes: mr output channels (a panel: shares of the
 * output channels cut on multiples of it waste no work) x nr columns. */
void hs_cpu_pointwise_tile(const hs_cpu_pointwise_weights *p, int *mr, int *nr);
void hs_cpu_pointwise_free(hs_cpu_pointwise_weights *p);

/* Output channels [c0, c1) x output rows [r0, r1) of image n. */
void hs_cpu_pointwise(const hs_native_opinfo *f, const hs_cpu_pointwise_weights *p, const float *x, float *y,
                      int64_t n, int64_t c0, int64_t c1, int64_t r0, int64_t r1, float *scratch);

#endif
