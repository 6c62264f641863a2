/* One point: scenario, device, session(s), run (point.h). */
#include "analysis/point.h"

#include <stdlib.h>
#include <string.h>

#include "base/datapath.h"
#include "sim/catalog.h"

/* The scenario's overrides, then the point's (command-line) ones. */
static int build_config(const hs_point *pt, const hs_scenario *sc, hs_run_config *cfg,
                        hs_error *err)
{
    *cfg = hs_run_config_default();
    cfg->trace_mode = pt->trace_mode;
    if (sc)
        hs_scenario_apply(sc, cfg);
    if (pt->frames > 0)
        cfg->frames = pt->frames;
    if (!pt->no_seed)
        cfg->seed = pt->seed;
    if (pt->inflight > 0)
        cfg->inflight = pt->inflight;
    if (pt->slo_ms > 0)
        cfg->slo_ms = pt->slo_ms;
    cfg->fixed_clocks = pt->fixed_clocks;
    cfg->timeline = pt->timeline;
    if (pt->fps > 0) {
        cfg->fps = pt->fps;
        if (!pt->arrival_given && cfg->arrival == HS_ARRIVAL_CLOSED)
            cfg->arrival = HS_ARRIVAL_PERIODIC; /* a rate alone means periodic arrivals */
    }
    if (pt->arrival_given)
        cfg->arrival = pt->arrival;
    if (cfg->arrival != HS_ARRIVAL_CLOSED && pt->fps <= 0 && !(sc && sc->has_fps)) {
        hs_error_set(err, "--arrival %s needs --fps (or arrival.fps in the scenario)",
                     hs_arrival_names[cfg->arrival]);
        return -1;
    }
    return 0;
}

/* The scenario's models, each with its own arrivals, frames and SLO; the
 * seed, trace mode and what runs beside the inference are the point's. */
static int open_workload(hs_point_session *r, const hs_point *pt, const hs_run_config *base,
                         hs_error *err)
{
    const hs_scenario *sc = r->sc;
    hs_run_config comp = *base;
    if (hs_scenario_competitors(sc, pt->scenario, r->d, &comp, err) < 0)
        return -1;
    for (int k = 0; k < sc->n_workload; k++) {
        /* a model path in the scenario is relative to the scenario file */
        char path[4096];
        const char *mk = sc->workload[k].model, *slash = strrchr(pt->scenario, '/');
        if (hs_is_path(mk) && mk[0] != '/' && slash)
            snprintf(path, sizeof path, "%.*s/%s", (int)(slash - pt->scenario), pt->scenario, mk);
        else
            snprintf(path, sizeof path, "%s", mk);
        if (hs_session_open(&r->ss[k], r->d, path, pt->policy, &r->so, err) < 0)
            return -1;
        r->n = k + 1;
        hs_run_config *c = &r->cfg[k];
        *c = sc->workload[k].cfg;
        c->seed = base->seed;
        c->trace_mode = base->trace_mode;
        c->n_competitors = comp.n_competitors; /* the device's competitors and apps */
        memcpy(c->competitors, comp.competitors, sizeof comp.competitors);
        c->n_clients = comp.n_clients;
        memcpy(c->clients, comp.clients, sizeof comp.clients);
        c->fixed_clocks = base->fixed_clocks;
        c->timeline = base->timeline;
        c->n_background = comp.n_background;
        memcpy(c->background, comp.background, sizeof comp.background);
    }
    return 0;
}

static int open_model(hs_point_session *r, const hs_point *pt, hs_error *err)
{
    hs_run_config *cfg = &r->cfg[0];
    if ((r->sc && hs_scenario_competitors(r->sc, pt->scenario, r->d, cfg, err) < 0) ||
        hs_session_open(&r->ss[0], r->d, pt->model, pt->policy, &r->so, err) < 0)
        return -1;
    r->n = 1;
    /* a pipelined plan asks for frames in flight unless told otherwise */
    const hs_plan *plan = r->ss[0].plan;
    if (pt->inflight <= 0 && !(r->sc && r->sc->has_inflight) && plan->inflight > 0)
        cfg->inflight = plan->inflight;
    return 0;
}

hs_point_session *hs_point_open(const hs_point *pt, hs_error *err)
{
    hs_point_session *r = calloc(1, sizeof *r);
    if (!r) {
        hs_error_set_runtime(err, "out of memory");
        return NULL;
    }
    r->policy = pt->policy;
    r->so = (hs_session_opts){{pt->prune, pt->quant_int8}, pt->no_traces};
    if (pt->scenario && !(r->sc = hs_scenario_load_file(pt->scenario, err)))
        goto fail;
    hs_run_config base;
    if (build_config(pt, r->sc, &base, err) < 0 || !(r->d = hs_open_device(pt->device, err)))
        goto fail;
    r->workload = r->sc && r->sc->n_workload > 0;
    r->cfg[0] = base;
    if (r->workload ? open_workload(r, pt, &base, err) < 0 : open_model(r, pt, err) < 0)
        goto fail;
    return r;
fail:
    hs_point_close(r);
    return NULL;
}

int hs_point_simulate(hs_point_session *r, hs_error *err)
{
    if (r->workload) {
        if (hs_run_workload(r->ss, r->cfg, r->n, r->out, err) < 0)
            return -1;
    } else {
        hs_run_request rq = {.engine = HS_ENGINE_SIMULATE, .cfg = &r->cfg[0]};
        if (hs_run_point(&r->ss[0], &rq, &r->out[0], err) < 0)
            return -1;
    }
    r->ran = 1;
    for (int k = 0; k < r->n; k++) {
        const hs_session *ss = &r->ss[k];
        const hs_point_result *o = &r->out[k];
        r->info[k] = (hs_run_info){
            .policy = r->workload ? r->policy : ss->plan->policy,
            .scenario = r->sc ? r->sc->name : NULL, .d = r->d, .g = ss->g, .cfg = &r->cfg[k],
            .pl = ss->pl, .res = &o->res, .m = &o->m, .predicted_ns = ss->plan->predicted_ns,
            .fe = &r->so.fe,
            /* results reused from older frames are staler */
            .accuracy = r->workload ? ss->accuracy : ss->accuracy * o->res.quality};
    }
    return 0;
}

void hs_point_close(hs_point_session *r)
{
    if (!r)
        return;
    for (int k = 0; k < HS_MAX_WORKLOAD; k++) {
        hs_point_result_free(&r->out[k]);
        hs_session_close(&r->ss[k]);
    }
    hs_device_free(r->d);
    hs_scenario_free(r->sc);
    free(r);
}

int hs_point_csv_row(const hs_point *pt, FILE *f, hs_error *err)
{
    hs_point_session *r = hs_point_open(pt, err);
    if (!r)
        return -1;
    int rc = -1;
    if (r->workload) {
        hs_error_set(err, "%s: sweeps run one model per point; this scenario has a workload",
                     pt->scenario);
        goto out;
    }
    if (hs_point_simulate(r, err) < 0)
        goto out;
    hs_report_csv_row(f, &r->info[0]);
    if (ferror(f)) {
        hs_error_set_runtime(err, "write error");
        goto out;
    }
    rc = 0;
out:
    hs_point_close(r);
    return rc;
}
