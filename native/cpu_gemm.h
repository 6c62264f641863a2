/* CPU GEMM-based kernels (OpenBLAS sgemm, single-threaded inside): Conv by
 * im2col (grouped too) and Gemm/MatMul. Each computes, for worker `part` of
 * `nparts`, its share of the op's output slice [a, e) along `axis`, using a
 * caller-owned scratch of `scratch_elems` floats for im2col. Only built with
 * OpenBLAS (HAVE_OPENBLAS). */
#ifndef HS_NATIVE_CPU_GEMM_H
#define HS_NATIVE_CPU_GEMM_H

#include "native/native_internal.h"

void hs_cpu_conv(hs_native_model *m, int op, int axis, int64_t a, int64_t e, int part, int nparts,
                 float *scratch, int64_t scratch_elems);
void hs_cpu_gemm(hs_native_model *m, int op, int axis, int64_t a, int64_t e, int part, int nparts);

#endif
