#include "sim/predict.h"

#include "sim/engine.h"
#include "sim/placement.h"
#include "sim/taskgraph.h"

int hs_plan_predict(const hs_estimator *e, const hs_plan *plan, hs_predict_what what, double *ns,
                    hs_error *err)
{
    if (what == HS_PREDICT_STATIC && plan->units) {
        hs_error_set(err, "policy %s: a static prediction of a plan whose ops are placed at run "
                          "time (%d runtime units); predict its initial placement instead",
                     plan->policy, plan->units->n);
        return -1;
    }
    hs_placement *pl = hs_place(e->d, e->g, plan, err);
    if (!pl)
        return -1;
    hs_taskgraph *tg = hs_taskgraph_build(e->d, e->g, pl, e->traces, err);
    hs_placement_free(pl);
    if (!tg)
        return -1;
    for (int t = 0; t < tg->n_tasks; t++) { /* fix every task at its mean */
        hs_op_latency *l = &tg->tasks[t].lat;
        if (l->src == HS_SRC_TRACE) {
            l->model_ns = hs_op_latency_mean_ns(l); /* the engine applies the task's scale */
            l->src = HS_SRC_ROOFLINE; /* a fixed value from now on */
        }
    }
    hs_run_config cfg = hs_run_config_default();
    cfg.frames = 1;
    cfg.fixed_clocks = 1; /* offline profiles are measured at full clocks */
    hs_run_result r;
    if (hs_simulate_tasks(e->d, e->g, tg, &cfg, &r, err) < 0)
        return -1;
    *ns = (double)(r.done[0] - r.arrival[0]);
    hs_run_result_free(&r);
    return 0;
}

int hs_plan_best_single(const hs_estimator *e, double *ns, int *proc, hs_error *err)
{
    *ns = 0;
    *proc = -1;
    for (int p = 0; p < e->d->n_procs; p++) {
        hs_plan *one = hs_plan_new(e->g->n_ops, "single");
        if (!one) {
            hs_error_set(err, "out of memory");
            return -1;
        }
        for (int i = 0; i < e->g->n_ops; i++)
            hs_plan_set(one, i, p);
        double t;
        int rc = hs_plan_predict(e, one, HS_PREDICT_STATIC, &t, err);
        hs_plan_free(one);
        if (rc < 0)
            return -1;
        if (*proc < 0 || t < *ns) {
            *ns = t;
            *proc = p;
        }
    }
    return 0;
}
