/* mulayer: muLayer's cooperative single-layer acceleration (Kim et al.,
 * EuroSys 2019). Every compute layer (Conv, ConvTranspose, Gemm, weight
 * MatMul) is split by output channels between the host CPU and the GPU,
 * each in its processor-friendly precision (CPU int8 when it has it, else
 * fp32; GPU fp16), with the GPU's share proportional to its effective
 * throughput (peak x efficiency: a FLOPs-proportional predictor). The
 * halves are synchronised after every layer; other ops run on the GPU. As
 * CoDL characterises it, the runtime uses OpenCL buffers on both processors,
 * so the GPU's kernels take the profile's coexec buffer_slowdown. */
#include "sim/predict.h"
#include "policies/coexec.h"

static int friendly(const hs_processor *p, hs_dtype a, hs_dtype b)
{
    return p->peak_gflops[a] > 0 ? (int)a : p->peak_gflops[b] > 0 ? (int)b : -1;
}

static int mulayer_plan(const hs_policy *self, const hs_policy_ctx *c, hs_plan *plan,
                        hs_error *err)
{
    int cpu, gpu;
    if (hs_coexec_pair(self, c->d, &cpu, &gpu, err) < 0)
        return -1;
    const hs_processor *pc = &c->d->procs[cpu], *pg = &c->d->procs[gpu];
    int dt_cpu = friendly(pc, HS_DT_INT8, HS_DT_FP32);
    int dt_gpu = friendly(pg, HS_DT_FP16, HS_DT_FP32);
    double rate_cpu = dt_cpu >= 0 ? pc->peak_gflops[dt_cpu] * pc->efficiency : 0;
    double rate_gpu = dt_gpu >= 0 ? pg->peak_gflops[dt_gpu] * pg->efficiency : 0;
    double r_gpu = rate_cpu + rate_gpu > 0 ? rate_gpu / (rate_cpu + rate_gpu) : 1.0;
    for (int i = 0; i < c->g->n_ops; i++) {
        const hs_op *op = &c->g->ops[i];
        int both = hs_est_part_ns(c->est, i, cpu, dt_cpu, 1.0, HS_SPLIT_NONE) >= 0 &&
                   hs_est_part_ns(c->est, i, gpu, dt_gpu, 1.0, HS_SPLIT_NONE) >= 0;
        if (hs_coexec_splittable(op) && both) {
            const int procs[2] = {cpu, gpu};
            const double fr[2] = {1.0 - r_gpu, r_gpu};
            hs_plan_split(plan, i, HS_SPLIT_OUT_C, 2, procs, fr, -1);
            for (int k = 0; k < plan->ops[i].n_parts; k++)
                plan->ops[i].dtype[k] = plan->ops[i].proc[k] == cpu ? dt_cpu : dt_gpu;
        } else {
            hs_plan_set(plan, i, gpu);
            plan->ops[i].dtype[0] = dt_gpu;
        }
    }
    plan->runtime_decisions = 1;
    plan->gpu_buffers = 1; /* one memory object type on both: OpenCL buffers (CoDL Sec. 7.1) */
    return hs_plan_predict(c->est, plan, HS_PREDICT_STATIC, &plan->predicted_ns, err);
}

const hs_policy hs_policy_mulayer = {
    .name = "mulayer",
    .summary = "every conv/FC layer split CPU+GPU by output channels, sync after each layer",
    .description =
        "Splits each Conv, ConvTranspose, Gemm and weight MatMul along its output channels "
        "between the host CPU (int8 where it has it) and the GPU (fp16), the GPU's share "
        "proportional to its effective throughput; the two halves are gathered after every "
        "layer and other operators run on the GPU. Both processors compute every layer, but "
        "every layer also pays a runtime dispatch on the CPU, a meeting of the two processors "
        "(completion-event wait and wake-up), the GPU part's own dispatch, and a transfer "
        "and conversion of its input and output halves; the runtime uses OpenCL buffers on "
        "both processors, so the GPU's kernels are slower than with images (the profile's "
        "coexec buffer_slowdown). This is why fine-grained co-execution often loses to the "
        "GPU alone. As published it always splits: its FLOPs-proportional predictor does "
        "not see these costs.",
    .paper = "Kim, Kim, Lee, Kim: muLayer: Low Latency On-Device Inference Using Cooperative "
             "Single-Layer Acceleration and Processor-Friendly Quantization, EuroSys 2019",
    .make_plan = mulayer_plan,
};
