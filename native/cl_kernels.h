/* The OpenCL C source of the native OpenCL backend's kernels (cl_kernels.c)
 * and the layout of the per-op parameter buffer they read (longs, filled
 * from hs_native_opinfo by cl_backend.c). Element kernels take the output
 * slice as (D, a, e, inner): work-item s computes flat output index
 * hs_slice_flat(s, D, a, e, inner), the same mapping as the CPU; k_act
 * applies an op's fused activation in place on that slice of its output. */
#ifndef HS_NATIVE_CL_KERNELS_H
#define HS_NATIVE_CL_KERNELS_H

enum {
    HS_CLP_N = 0, HS_CLP_C, HS_CLP_H, HS_CLP_W, HS_CLP_OC, HS_CLP_OH, HS_CLP_OW, HS_CLP_KH, HS_CLP_KW,
    HS_CLP_SH, HS_CLP_SW, HS_CLP_PH, HS_CLP_PW, HS_CLP_DH, HS_CLP_DW, HS_CLP_GROUP, HS_CLP_WELEMS,
    HS_CLP_ROWS, HS_CLP_INNER, HS_CLP_RANK, HS_CLP_AXIS, HS_CLP_NCAT, HS_CLP_STRIDE,
    HS_CLP_OSHAPE = 24, HS_CLP_ASTR = 32, HS_CLP_BSTR = 40, HS_CLP_CATOFF = 48,
    HS_CLP_COUNT = 48 + 17
};

extern const char hs_native_cl_source[];

#endif
