/* band: Band's coordinated multi-DNN scheduling on heterogeneous processors
 * (Jeong et al., MobiSys 2022), for one model stream. The model is cut into
 * subgraphs by operator support (unit subgraphs of ops the same processors
 * support, merged while they share an accelerator; subgraphs under a
 * minimum size stay on the CPU), and a scheduler places every subgraph of
 * every frame when it becomes ready:
 *   sel   (default) shortest expected latency: the processor where it should
 *         finish first, counting its backlog, the input transfers and the
 *         EMA (alpha 0.1) of the subgraph's observed latency there;
 *   rr    round-robin over the processors that can run it;
 *   fixed the processor that is fastest by offline estimates, always;
 *   heft  the processor HEFT assigns most of its ops to (offline);
 *   lst   placed as sel, but queued by least slack time: the latest start
 *         that still meets the stream's SLO (multi-model workloads).
 * Each decision costs the host CPU the device's decision overhead. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sim/predict.h"
#include "policies/rt_sched.h"

enum { BAND_SEL = 0, BAND_RR, BAND_FIXED, BAND_HEFT, BAND_LST };

#define BAND_MIN_SIZE 2 /* ops: smaller accelerator subgraphs are not worth a dispatch */

static int band_choose(void *state, const hs_rt_view *v, int unit, double *expect)
{
    hs_rt_state *s = state;
    const hs_unit *u = &s->us->u[unit];
    int p;
    switch (s->mode) {
    case BAND_RR:
        for (int tries = 0; tries < s->np; tries++) {
            p = s->rr_next[unit];
            s->rr_next[unit] = (p + 1) % s->np;
            if (p < 64 && (u->cand & (1ULL << p))) {
                *expect = s->ema[unit * s->np + p];
                return p;
            }
        }
        break;
    case BAND_FIXED:
    case BAND_HEFT:
        p = s->fixed[unit];
        *expect = s->ema[unit * s->np + p];
        return p;
    default:
        break;
    }
    return hs_rt_earliest(s, v, unit, ~0ULL, expect);
}

static int band_plan(const hs_policy *self, const hs_policy_ctx *c, hs_plan *plan, hs_error *err)
{
    (void)self;
    static const char *const modes[] = {"sel", "rr", "fixed", "heft", "lst"};
    int mode = BAND_SEL;
    for (int m = 0; c->variant && m < 5; m++)
        if (strcmp(c->variant, modes[m]) == 0)
            mode = m;
    hs_rt_state *s = hs_rt_setup(c, plan, BAND_MIN_SIZE, err);
    if (!s)
        return -1;
    s->mode = mode;
    plan->sched = (hs_scheduler){.state = s, .choose = band_choose, .observe = hs_rt_observe,
                                 .priority = mode == BAND_LST ? hs_rt_least_slack : NULL,
                                 .free_state = hs_rt_free};
    if (mode == BAND_HEFT) { /* per subgraph: where HEFT puts most of its ops */
        hs_plan *h = hs_policy_plan("heft", c->d, c->g, c->est->traces, err);
        if (!h)
            return -1;
        int votes[64];
        for (int u = 0; u < s->us->n; u++) {
            memset(votes, 0, sizeof votes);
            for (int k = 0; k < s->us->u[u].n_ops; k++) {
                int p = h->ops[s->us->u[u].ops[k]].proc[0];
                if (p < 64 && (s->us->u[u].cand & (1ULL << p)))
                    votes[p]++;
            }
            for (int p = 0; p < s->np && p < 64; p++)
                if (votes[p] > votes[s->fixed[u]])
                    s->fixed[u] = p;
            for (int k = 0; k < s->us->u[u].n_ops; k++)
                hs_plan_set(plan, s->us->u[u].ops[k], s->fixed[u]), plan->ops[s->us->u[u].ops[k]].chain = u;
        }
        hs_plan_free(h);
    }
    /* the offline prediction: every subgraph where the offline profile puts it */
    return hs_plan_predict(c->est, plan, HS_PREDICT_INITIAL, &plan->predicted_ns, err);
}

const hs_policy hs_policy_band = {
    .name = "band",
    .summary = "subgraphs by operator support, placed at run time (Band's schedulers)",
    .description =
        "Cuts the model into subgraphs by operator support (runs of ops the same processors "
        "support, merged while they share an accelerator; subgraphs under 2 ops stay on the "
        "CPU) and places every subgraph of every frame at run time. Schedulers, chosen as "
        "band:NAME: sel (default) picks the processor where the subgraph should finish first "
        "given its backlog, the input transfers and an EMA (alpha 0.1) of observed latencies "
        "(runtime profiling); rr rotates over capable processors; fixed always uses the "
        "offline fastest; heft follows an offline HEFT schedule; lst places like sel but runs "
        "the queued subgraph with the least slack to its SLO first. Each decision costs the "
        "CPU the device's decision overhead. A scenario with a \"workload\" runs several "
        "models with their own periods and SLOs side by side; runs report SLO satisfaction.",
    .paper = "Jeong, Baek, Ahn, Lee, Kim, Lee, Jeong, Lee, Kim: Band: Coordinated Multi-DNN "
             "Inference on Heterogeneous Mobile Processors, MobiSys 2022",
    .make_plan = band_plan,
    .variants = "sel,rr,fixed,heft,lst",
};
