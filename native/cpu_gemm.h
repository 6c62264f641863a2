/* CPU GEMM-based kernels (OpenBLAS sgemm, single-threaded inside): Conv by
 * im2col (grouped too; a 1x1 stride-1 Conv reads the NCHW input directly) and
 * Gemm/MatMul. hs_cpu_conv_blas computes the region images [n0, n1) x output
 * channels [c0, c1) x output rows [h0, h1) of a Conv (bias and fused
 * activation included, block by block while in cache), using a caller-owned
 * scratch of `scratch_elems` floats for im2col (at least one output row's
 * columns); hs_cpu_gemm computes, for worker `part` of `nparts`, its share of
 * the op's output slice [a, e) along `axis`. Only built with OpenBLAS
 * (HAVE_OPENBLAS). */
#ifndef HS_NATIVE_CPU_GEMM_H
#define HS_NATIVE_CPU_GEMM_H

#include "native/native_internal.h"

void hs_cpu_conv_blas(hs_native_model *m, int op, int64_t n0, int64_t n1, int64_t c0, int64_t c1, int64_t h0,
                      int64_t h1, float *scratch, int64_t scratch_elems);
void hs_cpu_gemm(hs_native_model *m, int op, int axis, int64_t a, int64_t e, int part, int nparts);

#endif
