/* Helpers shared by the CPU+GPU co-execution policies (mulayer, codl). */
#ifndef HS_COEXEC_H
#define HS_COEXEC_H

#include "policies/policy.h"

/* The host CPU and the first GPU of the device; -1 with err when none. */
int hs_coexec_pair(const hs_policy *self, const hs_device *d, int *cpu, int *gpu, hs_error *err);
/* 1 for the compute-heavy ops co-execution splits: Conv, ConvTranspose,
 * Gemm, and MatMul with a weight operand. */
int hs_coexec_splittable(const hs_op *op);

#endif
