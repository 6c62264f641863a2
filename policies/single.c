/* Single-processor policies (cpu, gpu, dsp, npu): the whole model on one
 * processor, as a TFLite delegate or an SNPE runtime does. Unsupported ops
 * fall back to the host CPU; that is enforced by the simulator, not here. */
#include <stdint.h>

#include "devices/profile.h"
#include "policies/policy.h"

static int single_plan(const hs_policy *self, const hs_policy_ctx *ctx, hs_plan *plan,
                       hs_error *err)
{
    const hs_device *d = ctx->d;
    const hs_graph *g = ctx->g;
    hs_proc_kind kind = (hs_proc_kind)(intptr_t)self->params;
    int p = hs_device_find_kind(d, kind);
    if (p < 0) {
        hs_error_set(err, "policy %s: device %s has no %s processor (see `hetsim list devices "
                          "--long`)",
                     self->name, d->name, hs_proc_kind_names[kind]);
        return -1;
    }
    for (int i = 0; i < g->n_ops; i++)
        hs_plan_set(plan, i, p);
    return 0;
}

#define SINGLE(NAME, KIND, WHAT)                                                               \
    const hs_policy hs_policy_##NAME = {                                                       \
        .name = #NAME,                                                                         \
        .summary = "whole model on the " WHAT ", unsupported ops fall back to the CPU",       \
        .description = "Places every operator on the device's first " #NAME " processor "     \
                       "(the host cluster for cpu). Ops that processor does not support (op " \
                       "type, dtype or attribute limits in the profile's support table) run " \
                       "on the host CPU instead, paying a transfer each way. This is what "   \
                       "TFLite delegates and SNPE runtimes do, and the baseline every "       \
                       "parallel strategy must beat.",                                        \
        .paper = "TFLite delegates / Qualcomm SNPE runtimes (baseline in Liu et al. 2024)",   \
        .make_plan = single_plan,                                                              \
        .params = (const void *)(intptr_t)(KIND),                                             \
    }

SINGLE(cpu, HS_PROC_CPU, "CPU (host cluster)");
SINGLE(gpu, HS_PROC_GPU, "GPU");
SINGLE(dsp, HS_PROC_DSP, "DSP");
SINGLE(npu, HS_PROC_NPU, "NPU");
