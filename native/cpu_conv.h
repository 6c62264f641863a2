/* Conv on the native CPU backend: which kernel runs each Conv, and one
 * worker's share of a Conv's output slice.
 *   HS_CPU_CONV_DNNL       oneDNN on NHWC (cpu_dnnl.h): kernels larger than
 *                          1x1, not grouped. The input rows the slice reads
 *                          are converted to NHWC once (the workers share the
 *                          rows, then meet at the barrier), each worker runs
 *                          its part into its scratch and converts it back
 *                          into the NCHW output.
 *   HS_CPU_CONV_BLAS       im2col + OpenBLAS sgemm on NCHW (cpu_gemm.h):
 *                          strided or padded 1x1 convolutions, grouped ones,
 *                          and every Conv but those above when built without
 *                          oneDNN.
 *   HS_CPU_CONV_DEPTHWISE  direct NCHW kernel (cpu_dwconv.h), kernels of at
 *                          most 16 rows (else BLAS).
 *   HS_CPU_CONV_POINTWISE  1x1, stride 1, no padding, not grouped: direct
 *                          NCHW kernel with the weights packed when the
 *                          backend binds the model (cpu_pointwise.h).
 * The measurements behind this choice are in cpu_conv.c and docs/native.md.
 * Only built with OpenBLAS (HAVE_OPENBLAS). */
#ifndef HS_NATIVE_CPU_CONV_H
#define HS_NATIVE_CPU_CONV_H

#include <pthread.h>
#include <stdint.h>

#include "native/cpu_dnnl.h"
#include "native/cpu_pointwise.h"
#include "native/native_internal.h"

typedef enum {
    HS_CPU_CONV_BLAS = 0,
    HS_CPU_CONV_DNNL,
    HS_CPU_CONV_DEPTHWISE,
    HS_CPU_CONV_POINTWISE
} hs_cpu_conv_kernel;

/* The kernel for a Conv (have_dnnl: built with oneDNN). */
hs_cpu_conv_kernel hs_cpu_conv_kernel_of(const hs_native_opinfo *f, int have_dnnl);
const char *hs_cpu_conv_kernel_name(hs_cpu_conv_kernel k);

/* What one worker brings to an op: its index among n, the barrier all n
 * meet at, the NHWC input buffer they share, its own scratch, its oneDNN
 * context (NULL without oneDNN), the packed weights of each op with the
 * pointwise kernel (NULL for the others). Borrowed from the backend. */
typedef struct hs_cpu_worker {
    int id, n;
    pthread_barrier_t *barrier;
    float *nhwc;
    int64_t nhwc_elems;
    float *scratch;
    int64_t scratch_elems;
    hs_cpu_dnnl *dnnl;
    hs_cpu_pointwise_weights *const *pointwise;
} hs_cpu_worker;

/* Floats of the shared NHWC buffer and of each worker's scratch that Conv f
 * needs with this kernel (at least: a bigger scratch is used in fewer
 * chunks). */
void hs_cpu_conv_needs(const hs_native_opinfo *f, hs_cpu_conv_kernel k, int64_t *nhwc, int64_t *scratch);

/* Worker w's share of Conv `op`'s output slice [a, e) along `axis` (all n
 * workers call it for the same slice: the oneDNN kernel waits at the
 * barrier). */
void hs_cpu_conv_share(hs_native_model *m, int op, hs_cpu_conv_kernel k, int axis, int64_t a, int64_t e,
                       const hs_cpu_worker *w);

#endif
