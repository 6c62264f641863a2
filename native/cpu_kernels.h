/* CPU kernels of the native executor, plain C. Element kernels compute a
 * contiguous run [flat0, flat0 + len) of an op's output (any op kind except
 * Conv (cpu_conv.h) and GEMM (cpu_gemm.h)); a
 * worker calls them on its share of the output slice. They read the model's
 * host buffers and weights and write the op's output host buffer only. */
#ifndef HS_NATIVE_CPU_KERNELS_H
#define HS_NATIVE_CPU_KERNELS_H

#include <stdint.h>

#include "native/native_internal.h"

void hs_cpu_elems(hs_native_model *m, int op, int64_t flat0, int64_t len);

/* Map the slice-linear index s of the slice [a, e) of axis `axis` (outer,
 * size D, inner around it) to a flat output index. */
static inline int64_t hs_slice_flat(int64_t s, int64_t D, int64_t a, int64_t e, int64_t inner)
{
    int64_t span = (e - a) * inner;
    int64_t o = s / span, r = s - o * span;
    return (o * D + a) * inner + r;
}

#endif
