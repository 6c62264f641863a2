/* reuse: regularity of video inference (finding 7 of Liu et al. 2024): a
 * frame that barely differs from the last one need not be recomputed. The
 * model runs whole on the processor offline estimates find fastest; before
 * each frame the host compares its input with the last one (reading both),
 * then:
 *   frame (variant)  answers from the last result when less than 5 % of the
 *                    input changed (frame-level reuse);
 *   layer            recomputes only what changed: an op redoes the changed
 *                    share of its input, grown with depth as receptive fields
 *                    widen (share = c + (1 - c) * depth), reusing cached
 *                    activations for the rest (layer-level reuse);
 *   both (default)   frame-level reuse first, layer-level for the others.
 * How much each frame changes comes from the scenario's "input" model; the
 * run reports the reused frames, the work recomputed and a freshness proxy
 * (1 - change for reused frames), which scales the accuracy proxy. */
#include <string.h>

#include "sim/predict.h"
#include "policies/policy.h"

#define SKIP_BELOW 0.05

static int reuse_plan(const hs_policy *self, const hs_policy_ctx *c, hs_plan *plan,
                      hs_error *err)
{
    (void)self;
    /* the fastest single processor, by offline prediction */
    double best = -1;
    int best_p = c->d->host;
    for (int p = 0; p < c->d->n_procs; p++) {
        hs_dtype dt;
        if (hs_est_dtype(c->est, p, &dt) < 0)
            continue;
        for (int i = 0; i < c->g->n_ops; i++)
            hs_plan_set(plan, i, p);
        double t;
        if (hs_plan_predict(c->est, plan, HS_PREDICT_STATIC, &t, err) < 0)
            return -1;
        if (best < 0 || t < best) {
            best = t;
            best_p = p;
        }
    }
    for (int i = 0; i < c->g->n_ops; i++)
        hs_plan_set(plan, i, best_p);
    const char *v = c->variant ? c->variant : "both";
    plan->reuse.frame_level = strcmp(v, "layer") != 0;
    plan->reuse.layer_level = strcmp(v, "frame") != 0;
    plan->reuse.skip_below = SKIP_BELOW;
    plan->predicted_ns = best;
    return 0;
}

const hs_policy hs_policy_reuse = {
    .name = "reuse",
    .summary = "frame- and layer-level reuse of earlier results for similar frames",
    .description =
        "Runs the model on the fastest single processor (offline estimate) but first checks "
        "on the CPU how much each frame's input changed: with reuse:frame a frame that changed "
        "less than 5 % is answered from the previous result; with reuse:layer every op "
        "recomputes only the changed share of its input, widened with depth, and reuses cached "
        "activations; reuse (both) combines them. Frame-to-frame change follows the "
        "scenario's input model (static scenes vs motion); the run reports reused frames, "
        "recomputed work and a freshness proxy that scales the accuracy proxy.",
    .paper = "data reuse across video frames, e.g. DeepCache (Xu et al., MobiCom 2018) and "
             "FoggyCache (Guo et al., MobiCom 2018); finding 7 of Liu et al. 2024",
    .make_plan = reuse_plan,
    .variants = "both,frame,layer",
};
