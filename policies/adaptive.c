/* adaptive: what the study advises (Liu et al. 2024, findings 3-5): place
 * work by runtime profiles rather than offline ones, re-plan when they
 * drift, and leave headroom on shared processors. Subgraphs are cut by
 * operator support as in band. Each subgraph goes where offline estimates
 * put it, until the runtime profile (EMA, alpha 0.1) of that processor has
 * drifted more than 20 % above the offline estimate (contention, throttling)
 * or the processor's recent utilization (decayed over 100 ms) exceeds its
 * cap; then it is re-planned to the processor where it should finish first
 * among those under their caps. The GPU is capped at 70 % so the UI and
 * other apps keep a share of it; other processors at 100 %. */
#include "sim/predict.h"
#include "policies/rt_sched.h"

#define DRIFT 1.20
#define GPU_CAP 0.70

static int adaptive_choose(void *state, const hs_rt_view *v, int unit, double *expect)
{
    hs_rt_state *s = state;
    uint64_t allowed = 0;
    for (int p = 0; p < s->np && p < 64; p++) {
        if (hs_rt_utilization(s, p, v->now) < s->cap[p] || p == s->d->host)
            allowed |= 1ULL << p;
    }
    int p0 = s->fixed[unit];
    double off = s->offline[unit * s->np + p0], now_est = s->ema[unit * s->np + p0];
    if ((allowed & (1ULL << p0)) && now_est <= DRIFT * off) {
        *expect = now_est;
        return p0;
    }
    int p = hs_rt_earliest(s, v, unit, allowed, expect);
    if (p < 0)
        p = hs_rt_earliest(s, v, unit, ~0ULL, expect);
    if (p != p0)
        s->replans++;
    return p;
}

static int adaptive_plan(const hs_policy *self, const hs_policy_ctx *c, hs_plan *plan,
                         hs_error *err)
{
    (void)self;
    hs_rt_state *s = hs_rt_setup(c, plan, 2, err);
    if (!s)
        return -1;
    for (int p = 0; p < c->d->n_procs && p < 64; p++)
        s->cap[p] = c->d->procs[p].kind == HS_PROC_GPU ? GPU_CAP : 1.0;
    plan->sched = (hs_scheduler){.state = s, .choose = adaptive_choose, .observe = hs_rt_observe,
                                 .free_state = hs_rt_free};
    /* the offline prediction of the initial placement */
    return hs_plan_predict(c->est, plan, HS_PREDICT_INITIAL, &plan->predicted_ns, err);
}

const hs_policy hs_policy_adaptive = {
    .name = "adaptive",
    .summary = "runtime profiling, re-planning on drift, a GPU utilization cap for the UI",
    .description =
        "Cuts the model into subgraphs by operator support and starts from the offline best "
        "processor of each. While frames run it keeps an EMA (alpha 0.1) of every subgraph's "
        "observed latency per processor and re-plans a subgraph when that profile drifts more "
        "than 20 % above the offline estimate, or when its processor's recent utilization "
        "exceeds a cap (GPU 70 %, leaving headroom for the UI and other apps), moving it to "
        "the processor where it should finish first among those under their caps. This is "
        "the study's advice: runtime profiling instead of offline profiles, and not hogging "
        "shared processors.",
    .paper = "Liu et al.: Deep Learning Inference on Heterogeneous Mobile Processors: Potentials "
             "and Pitfalls, 2024 (findings 3-5)",
    .make_plan = adaptive_plan,
};
