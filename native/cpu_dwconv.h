/* Depthwise Conv (group == input channels, any channel multiplier) of the
 * native CPU backend, direct on the model's NCHW buffers: output channels
 * [c0, c1) x output rows [r0, r1) of image n. Each input channel's rows are
 * first copied into a zero-padded block (the caller's scratch, as large as
 * hs_cpu_dwconv_scratch says), so that every tap is inside it; outputs are
 * then computed eight at a time with GCC/clang vector extensions (four-float
 * vectors: SSE on x86-64, NEON on arm64), a row's last partial eight too
 * (into a temporary). 3x3 (stride 1 and 2) and 5x5 have unrolled copies.
 * Reads x and the weights w (OIHW, then the bias), writes only that part of
 * y and the scratch; owns nothing. Op info: opsem.h. */
#ifndef HS_NATIVE_CPU_DWCONV_H
#define HS_NATIVE_CPU_DWCONV_H

#include <stdint.h>

#include "native/opsem.h"

/* The padded block: at most *rows rows of *width floats, then
 * hs_cpu_dwconv_slack(f) floats that the last vector of a row may read. */
void hs_cpu_dwconv_scratch(const hs_native_opinfo *f, int64_t *rows, int64_t *width);
int64_t hs_cpu_dwconv_slack(const hs_native_opinfo *f);

void hs_cpu_dwconv(const hs_native_opinfo *f, const float *x, const float *w, float *y, int64_t n, int64_t c0,
                   int64_t c1, int64_t r0, int64_t r1, float *scratch);

#endif
