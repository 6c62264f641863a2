/* What a policy expects a plan to cost: one frame of the plan simulated on
 * the policy's offline estimates (each task fixed at the mean of its trace
 * samples, or at the profile's latency model), operator-support fallbacks,
 * transfers, gathers and halos included. Policies use it to choose between
 * candidate plans; runs report it beside the actual latency. */
#ifndef HS_PREDICT_H
#define HS_PREDICT_H

#include "sim/estimator.h"
#include "sim/plan.h"

/* 0 and the predicted frame latency in ns, or -1 with err. */
int hs_plan_predict(const hs_estimator *e, const hs_plan *plan, double *ns, hs_error *err);

#endif
