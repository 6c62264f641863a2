#include "analysis/point.h"

#include "sim/catalog.h"
#include "sim/engine.h"
#include "sim/metrics.h"
#include "sim/report.h"
#include "sim/scenario.h"
#include "analysis/session.h"

int hs_point_run(const hs_point *pt, FILE *f, hs_error *err)
{
    int rc = -1;
    hs_scenario *sc = NULL;
    hs_device *d = NULL;
    hs_session ss = {0};
    hs_run_result res;
    int have = 0;
    hs_run_config cfg = hs_run_config_default();
    if (pt->scenario) {
        if (!(sc = hs_scenario_load_file(pt->scenario, err)))
            goto out;
        if (sc->n_workload > 0) {
            hs_error_set(err, "%s: sweeps run one model per point; this scenario has a workload",
                         pt->scenario);
            goto out;
        }
        hs_scenario_apply(sc, &cfg);
    }
    cfg.seed = pt->seed;
    if (pt->frames > 0)
        cfg.frames = pt->frames;
    hs_session_opts so = {{pt->prune, pt->quant_int8}, 0};
    if (!(d = hs_open_device(pt->device, err)) ||
        (sc && hs_scenario_competitors(sc, pt->scenario, d, &cfg, err) < 0) ||
        hs_session_open(&ss, d, pt->model, pt->policy, &so, err) < 0)
        goto out;
    if (ss.plan->inflight > 0 && !(sc && sc->has_inflight))
        cfg.inflight = ss.plan->inflight;
    if (ss.plan->units) {
        if (hs_simulate_runtime(d, ss.g, ss.plan->units, &ss.plan->sched, ss.traces, &cfg, &res,
                                err) < 0)
            goto out;
        have = 1;
        if (hs_session_observed(&ss, res.task_proc, err) < 0)
            goto out;
    } else {
        if (hs_simulate(d, ss.g, ss.pl, ss.traces, &cfg, &res, err) < 0)
            goto out;
        have = 1;
    }
    hs_metrics m;
    if (hs_metrics_compute(&res, ss.pl, cfg.slo_ms, cfg.n_clients, &m, err) < 0)
        goto out;
    hs_run_info info = {.policy = ss.plan->policy, .scenario = sc ? sc->name : NULL, .d = d,
                        .g = ss.g, .cfg = &cfg, .pl = ss.pl, .res = &res, .m = &m,
                        .predicted_ns = ss.plan->predicted_ns, .fe = &so.fe,
                        .accuracy = ss.accuracy * res.quality};
    hs_report_csv_row(f, &info);
    rc = ferror(f) ? -1 : 0;
    if (rc < 0)
        hs_error_set(err, "write error");
out:
    if (have)
        hs_run_result_free(&res);
    hs_session_close(&ss);
    hs_device_free(d);
    hs_scenario_free(sc);
    return rc;
}
