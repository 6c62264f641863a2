/* What a policy expects a plan to cost: one frame of the plan simulated on
 * the policy's offline estimates (each task fixed at the mean of its trace
 * samples, or at the profile's latency model), operator-support fallbacks,
 * transfers, gathers and halos included. Policies use it to choose between
 * candidate plans; runs report it beside the actual latency. */
#ifndef HS_PREDICT_H
#define HS_PREDICT_H

#include "sim/estimator.h"
#include "sim/plan.h"

/* Which placement a prediction is of (the caller says; the plan is never
 * altered to steer it). */
typedef enum hs_predict_what {
    /* A static plan: every op where plan->ops puts it. A plan with runtime
     * units (plan.h) is refused: where its ops run is decided while frames
     * run, so a static prediction of it would be a silent guess. */
    HS_PREDICT_STATIC = 0,
    /* The offline placement in plan->ops that a runtime plan starts from
     * (its units are not consulted): a runtime policy's own estimate. The
     * same as HS_PREDICT_STATIC for a static plan. */
    HS_PREDICT_INITIAL
} hs_predict_what;

/* 0 and the predicted frame latency in ns, or -1 with err. */
int hs_plan_predict(const hs_estimator *e, const hs_plan *plan, hs_predict_what what, double *ns,
                    hs_error *err);

/* The best single-processor plan by the same prediction: every op on one
 * processor (ops it cannot run fall back to the host, as the simulator
 * places them), over every processor of the device. 0 with its predicted
 * latency in *ns and the processor in *proc, or -1 with err. */
int hs_plan_best_single(const hs_estimator *e, double *ns, int *proc, hs_error *err);

#endif
