/* Depthwise Conv (group == input channels, any channel multiplier) of the
 * native CPU backend, direct on the model's NCHW buffers: output channels
 * [c0, c1) x output rows [r0, r1) of image n, the fused activation included.
 * The input rows an output row reads are copied, zero-padded, into a ring of
 * rows in the caller's scratch (hs_cpu_dwconv_scratch_floats; it stays in
 * L1), each input row once; outputs are then computed sixteen at a time with
 * GCC/clang vector extensions (native/simd.h: AVX-512, AVX2 or SSE2 by the
 * CPU on x86-64, NEON on arm64). 3x3 (stride 1 and 2) and 5x5 have unrolled
 * copies. Reads x and the weights w (OIHW, then the bias), writes only that
 * part of y and the scratch; owns nothing. Op info: opsem.h. */
#ifndef HS_NATIVE_CPU_DWCONV_H
#define HS_NATIVE_CPU_DWCONV_H

#include <stdint.h>

#include "native/opsem.h"

/* The scratch the kernel needs (floats): a ring of padded input rows. */
int64_t hs_cpu_dwconv_scratch_floats(const hs_native_opinfo *f);
/* Does the kernel take this op (kernels up to 16 rows; else im2col + GEMM)? */
int hs_cpu_dwconv_supported(const hs_native_opinfo *f);

void hs_cpu_dwconv(const hs_native_opinfo *f, const float *x, const float *w, float *y, int64_t n, int64_t c0,
                   int64_t c1, int64_t r0, int64_t r1, float *scratch);

#endif
