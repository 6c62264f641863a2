/* Helpers shared by the CPU+GPU co-execution policies (mulayer, codl). */
#ifndef HS_COEXEC_H
#define HS_COEXEC_H

#include "policies/policy.h"

/* The host CPU and the first GPU of the device; -1 with err when none. */
int hs_coexec_pair(const hs_policy *self, const hs_device *d, int *cpu, int *gpu, hs_error *err);
/* 1 for the compute-heavy ops co-execution splits: Conv, ConvTranspose,
 * Gemm, and MatMul with a weight operand. */
int hs_coexec_splittable(const hs_op *op);

/* What co-execution policies predict for handing `bytes` over from processor
 * `from` to `to`: the transfer (link, layout and co-execution conversion)
 * and, between a CPU and the co-execution accelerator, their meeting
 * (coexec_costs.h); 0 when from == to. */
double hs_coexec_handoff_ns(const hs_device *d, int from, int to, double bytes);
/* Predicted time of an op split into a part of tc ns on `cpu` and tg ns on
 * `gpu` (either may be 0: no part there): both parts slowed by the
 * co-execution interference while both run, the accelerator's part after
 * its own dispatch; the slower part decides. */
double hs_coexec_parts_ns(const hs_device *d, int cpu, int gpu, double tc, double tg);
/* Never a plan predicted slower than the best single processor: compare
 * plan->predicted_ns with hs_plan_best_single() and, when the plan loses,
 * replace it by the single-processor plan (plan->fell_back = 1); records
 * single_ns / single_proc either way. 0, or -1 with err. */
int hs_coexec_guard(const hs_policy_ctx *c, hs_plan *plan, hs_error *err);

#endif
