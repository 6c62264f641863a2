/* CPU kernels of the native executor, plain C. Element kernels compute a
 * contiguous run [flat0, flat0 + len) of an op's output (any op kind except
 * Conv (cpu_conv.h) and GEMM (cpu_gemm.h)); a
 * worker calls them on its share of the output slice, and they apply the op's
 * fused activation to it. They read the model's host buffers and weights and
 * write the op's output host buffer only. */
#ifndef HS_NATIVE_CPU_KERNELS_H
#define HS_NATIVE_CPU_KERNELS_H

#include <stdint.h>

#include "native/native_internal.h"

void hs_cpu_elems(hs_native_model *m, int op, int64_t flat0, int64_t len);

/* The op's fused activation (f->act >= 0, opsem.h; nothing when none), in
 * place: on y[0, n), and on the rows [h0, h1) of channels [c0, c1) of images
 * [n0, n1) of an NCHW output of C channels, H rows of W. Each kernel applies
 * it to the part of the output it just computed (hs_cpu_elems does so itself),
 * so the elements are still in cache and no worker waits for another. */
void hs_cpu_act(const hs_native_opinfo *f, float *y, int64_t n);
/* y[r * ld + j] = act(y[r * ld + j] + bias[r]) for r < rows, j < cols: a
 * GEMM's block of output channels gets its bias and activation in one go. */
void hs_cpu_bias_act_rows(const hs_native_opinfo *f, float *y, int64_t rows, int64_t cols, int64_t ld,
                          const float *bias);
void hs_cpu_act_block(const hs_native_opinfo *f, float *y, int64_t C, int64_t H, int64_t W, int64_t n0,
                      int64_t n1, int64_t c0, int64_t c1, int64_t h0, int64_t h1);

/* Map the slice-linear index s of the slice [a, e) of axis `axis` (outer,
 * size D, inner around it) to a flat output index. */
static inline int64_t hs_slice_flat(int64_t s, int64_t D, int64_t a, int64_t e, int64_t inner)
{
    int64_t span = (e - a) * inner;
    int64_t o = s / span, r = s - o * span;
    return (o * D + a) * inner + r;
}

#endif
