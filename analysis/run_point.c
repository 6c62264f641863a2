/* One run of a session: the engine chosen by the plan (run_point.h). */
#include "analysis/run_point.h"

#include <stdio.h>
#include <string.h>

#include "native/host_backends.h"
#include "sim/scenario.h"
#include "sim/workload.h"

void hs_point_result_free(hs_point_result *r)
{
    if (r->have_res)
        hs_run_result_free(&r->res);
    if (r->have_ex)
        hs_exec_result_free(&r->ex);
    memset(r, 0, sizeof *r);
}

/* The simulator: the static engine for a static plan, the runtime engine
 * (then the placement where ops ran) for runtime units. */
static int simulate(hs_session *ss, const hs_run_request *rq, hs_point_result *out,
                    hs_error *err)
{
    const hs_plan *plan = ss->plan;
    /* the engines' errors keep their kind: input for a model that cannot
     * be simulated (past the clock's end, base/clock.h), runtime otherwise */
    int rc = plan->units ? hs_simulate_runtime(ss->d, ss->g, plan->units, &plan->sched,
                                               ss->traces, rq->cfg, &out->res, err)
                         : hs_simulate(ss->d, ss->g, ss->pl, ss->traces, rq->cfg, &out->res, err);
    if (rc < 0)
        return -1;
    out->have_res = 1;
    if (plan->units && hs_session_observed(ss, out->res.task_proc, err) < 0) {
        hs_error_mark(err, HS_ERR_RUNTIME); /* the run had begun */
        return -1;
    }
    if (rq->no_metrics)
        return 0;
    if (hs_metrics_compute(&out->res, ss->pl, rq->cfg->slo_ms, rq->cfg->n_clients, &out->m,
                           err) < 0) {
        hs_error_mark(err, HS_ERR_RUNTIME);
        return -1;
    }
    out->have_m = 1;
    return 0;
}

/* Real kernels: the backends of the processors the placement uses. */
static int execute(hs_session *ss, const hs_run_request *rq, hs_point_result *out,
                   hs_error *err)
{
    const hs_device *d = ss->d;
    const hs_placement *pl = ss->pl;
    const hs_native_measure_opts *o = rq->native;
    if (ss->plan->units) {
        hs_error_set(err, "policy \"%s\" places ops at run time (runtime units); native run "
                          "executes static plans only (cpu, gpu, mulayer, codl, heft, ...)",
                     ss->plan->policy);
        return -1;
    }
    if (pl->reuse_frame || pl->reuse_layer) {
        hs_error_set(err, "policy \"%s\" reuses results across frames; native run executes "
                          "static plans only",
                     ss->plan->policy);
        return -1;
    }
    hs_native_model *m = hs_native_model_new(ss->g, 1, err);
    if (!m) {
        hs_error_mark(err, HS_ERR_RUNTIME);
        return -1;
    }
    hs_host_backend_opts bo = {o->threads, o->cl_platform, o->cl_device, 0};
    bo.need |= 1u << d->host; /* the host holds inputs and outputs */
    for (int i = 0; i < pl->n_ops; i++)
        for (int k = 0; k < pl->ops[i].at.n_parts; k++)
            bo.need |= 1u << pl->ops[i].at.proc[k];
    hs_host_backends hb = {0};
    int rc = -1;
    if (hs_host_backends_open(&hb, d, m, &bo, err) < 0)
        goto out;
    size_t len = 0;
    for (int p = 0; p < hb.n; p++)
        if (hb.b[p])
            len += (size_t)snprintf(out->backends + len, sizeof out->backends - len, "%s%s: %s",
                                    len ? "; " : "", d->procs[p].name,
                                    hs_native_backend_device(hb.b[p]));
    hs_exec_opts eo = {o->frames, o->warmup, o->hogs, o->progress};
    if (hs_native_execute(d, ss->g, pl, hb.b, &eo, &out->ex, err) < 0)
        goto out;
    out->have_ex = 1;
    rc = 0;
out:
    if (rc < 0)
        hs_error_mark(err, HS_ERR_RUNTIME); /* the backends failed */
    hs_host_backends_free(&hb);
    hs_native_model_free(m);
    return rc;
}

int hs_run_point(hs_session *ss, const hs_run_request *rq, hs_point_result *out, hs_error *err)
{
    memset(out, 0, sizeof *out);
    int rc;
    if (rq->engine == HS_ENGINE_NATIVE) {
        rc = execute(ss, rq, out, err);
    } else {
        rc = simulate(ss, rq, out, err);
    }
    if (rc < 0)
        hs_point_result_free(out);
    return rc;
}

int hs_run_workload(hs_session *ss, const hs_run_config *cfg, int n, hs_point_result *out,
                    hs_error *err)
{
    hs_plan *plans[HS_MAX_WORKLOAD];
    hs_stream st[HS_MAX_WORKLOAD];
    hs_run_result res[HS_MAX_WORKLOAD];
    memset(out, 0, (size_t)(n > 0 ? n : 0) * sizeof *out);
    if (n < 1 || n > HS_MAX_WORKLOAD) {
        hs_error_set(err, "a workload runs 1 to %d models, got %d", HS_MAX_WORKLOAD, n);
        return -1;
    }
    for (int k = 0; k < n; k++)
        plans[k] = ss[k].plan;
    hs_workload *w = hs_workload_new(plans, n, err); /* each plan must have runtime units */
    if (!w)
        return -1;
    int rc = -1;
    for (int k = 0; k < n; k++)
        st[k] = (hs_stream){ss[k].g->name, ss[k].g, w->offsets[k], plans[k]->units->n, cfg[k],
                            ss[k].traces};
    if (hs_simulate_streams(ss[0].d, st, n, w->units, &w->sched, cfg[0].seed, cfg[0].trace_mode,
                            res, err) < 0) {
        hs_workload_free(w);
        return -1; /* the engine's error keeps its kind (input: cannot be simulated) */
    }
    for (int k = 0; k < n; k++) {
        out[k].res = res[k];
        out[k].have_res = 1;
    }
    for (int k = 0; k < n; k++) {
        if (hs_session_observed(&ss[k], out[k].res.task_proc, err) < 0 ||
            hs_metrics_compute(&out[k].res, ss[k].pl, cfg[k].slo_ms, cfg[k].n_clients, &out[k].m,
                               err) < 0)
            goto out;
        out[k].have_m = 1;
    }
    rc = 0;
out:
    if (rc < 0) {
        hs_error_mark(err, HS_ERR_RUNTIME); /* the run had begun */
        for (int k = 0; k < n; k++)
            hs_point_result_free(&out[k]);
    }
    hs_workload_free(w);
    return rc;
}
