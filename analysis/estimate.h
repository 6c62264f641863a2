/* hs_estimate: the latency of each operator of a table on one processor of
 * a device profile (hetsim estimate).
 *
 * Contract: reads an operator table (CSV with a header naming at least
 * name,type,in_c,in_h,in_w,out_c,out_h,out_w,kernel_h,kernel_w,stride_h,
 * stride_w,group,flops; ONNX op types, batch 1; other columns are carried
 * through) and writes it back with two more columns: predicted_us, the
 * latency of the op on that processor from the device profile (fitted op
 * model, else roofline: sim/latency.h), and source ("fitted" or
 * "roofline"). Empty kernel, stride and group mean 1; an empty flops is
 * derived from the shapes as for model graphs (docs/formats.md). Each row is
 * built into a one-op graph (Gemm/MatMul as [1, in_h*in_w, in_c] ->
 * [1, out_h*out_w, out_c], everything else NCHW) so that bytes, weights and
 * FLOPs are counted exactly as in a run. Bad input (a missing column, a
 * non-numeric or out-of-range field, an unknown processor) is reported with
 * the file, line and column as an input error (base/error.h). */
#ifndef HS_ESTIMATE_H
#define HS_ESTIMATE_H

#include <stdio.h>

#include "base/error.h"
#include "devices/profile.h"

/* The processor `name` of d (or the first of that kind: cpu, gpu, dsp,
 * npu) into *proc, and the dtype it runs in: `want` (an hs_dtype; an
 * input error when the processor lacks it) or, when want < 0, its
 * preferred one. 0, or -1 with err naming the device's processors. */
int hs_estimate_processor(const hs_device *d, const char *name, int want, int *proc,
                          hs_dtype *dt, hs_error *err);
/* Read the table `file` and write it to `out` with predicted_us and source
 * added. 0, or -1 with err (out may hold part of the table). */
int hs_estimate_table(const char *file, const hs_processor *p, hs_dtype dt, FILE *out,
                      hs_error *err);

#endif
