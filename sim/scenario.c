/* Loader for "hetsim-scenario" JSON files. */
#include "base/text_file.h"
#include "sim/scenario.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/json_read.h"

void hs_scenario_free(hs_scenario *s)
{
    if (!s)
        return;
    for (int i = 0; i < s->n_workload; i++)
        free(s->workload[i].model);
    free(s->workload);
    for (int i = 0; i < s->n_competitors; i++)
        free(s->competitors[i].processor);
    free(s->competitors);
    for (int i = 0; i < s->n_clients; i++)
        for (int k = 0; k < s->clients[i].n_stages; k++)
            free(s->clients[i].processor[k]);
    free(s->clients);
    for (int i = 0; i < s->n_background; i++)
        free(s->background[i].processor);
    free(s->background);
    free(s->name);
    free(s->description);
    free(s);
}

/* "clients": [{"name", "period_ms", "deadline_ms", "phase_ms",
 *               "stages": [{"processor", "work_ms"}, ...]}] */
static int read_clients(hs_jctx *c, const cJSON *root, hs_scenario *s)
{
    static const char *const keys[] = {"name", "period_ms", "deadline_ms", "phase_ms", "stages",
                                       "note", NULL};
    static const char *const skeys[] = {"processor", "work_ms", NULL};
    const cJSON *cl;
    if (hs_jarray(c, root, "$", "clients", 0, &cl) < 0)
        return -1;
    if (!cl)
        return 0;
    int n = cJSON_GetArraySize(cl);
    if (n > HS_MAX_CLIENTS) {
        hs_error_set(c->err, "%s: at $.clients: expected at most %d apps, got %d", c->file,
                     HS_MAX_CLIENTS, n);
        return -1;
    }
    if (!(s->clients = calloc((size_t)(n ? n : 1), sizeof *s->clients))) {
        hs_error_set(c->err, "out of memory");
        return -1;
    }
    int i = 0;
    for (const cJSON *e = cl->child; e; e = e->next, i++) {
        char p[64];
        snprintf(p, sizeof p, "$.clients[%d]", i);
        hs_client_spec *cs = &s->clients[i];
        s->n_clients = i + 1;
        const char *name;
        const cJSON *stages;
        if (hs_jobject(c, e, p, keys) < 0 || hs_jstring(c, e, p, "name", 1, NULL, &name) < 0 ||
            hs_jnumber(c, e, p, "period_ms", 1, 0, 0.1, 1e6, &cs->period_ms) < 0 ||
            hs_jnumber(c, e, p, "deadline_ms", 0, cs->period_ms, 0.01, 1e6, &cs->deadline_ms) < 0 ||
            hs_jnumber(c, e, p, "phase_ms", 0, 0, 0, 1e6, &cs->phase_ms) < 0 ||
            hs_jarray(c, e, p, "stages", 1, &stages) < 0)
            return -1;
        snprintf(cs->name, sizeof cs->name, "%s", name);
        int ns = cJSON_GetArraySize(stages);
        if (ns < 1 || ns > HS_MAX_STAGES) {
            hs_error_set(c->err, "%s: at %s.stages: expected 1 to %d stages, got %d", c->file, p,
                         HS_MAX_STAGES, ns);
            return -1;
        }
        int k = 0;
        for (const cJSON *st = stages->child; st; st = st->next, k++) {
            char sp[96];
            snprintf(sp, sizeof sp, "%s.stages[%d]", p, k);
            const char *proc;
            if (hs_jobject(c, st, sp, skeys) < 0 ||
                hs_jstring(c, st, sp, "processor", 1, NULL, &proc) < 0 ||
                hs_jnumber(c, st, sp, "work_ms", 1, 0, 0, 1e6, &cs->work_ms[k]) < 0)
                return -1;
            if (!(cs->processor[k] = hs_strdup(proc))) {
                hs_error_set(c->err, "out of memory");
                return -1;
            }
            cs->n_stages = k + 1;
        }
    }
    return 0;
}

/* "background": [{"name", "processor", "states": [{"count", "duty", "hold_ms"}]}] */
static int read_background(hs_jctx *c, const cJSON *root, hs_scenario *s)
{
    static const char *const keys[] = {"name", "processor", "states", "note", NULL};
    static const char *const skeys[] = {"count", "duty", "hold_ms", NULL};
    const cJSON *bl;
    if (hs_jarray(c, root, "$", "background", 0, &bl) < 0)
        return -1;
    if (!bl)
        return 0;
    int n = cJSON_GetArraySize(bl);
    if (n > HS_MAX_BACKGROUND) {
        hs_error_set(c->err, "%s: at $.background: expected at most %d groups, got %d", c->file,
                     HS_MAX_BACKGROUND, n);
        return -1;
    }
    if (!(s->background = calloc((size_t)(n ? n : 1), sizeof *s->background))) {
        hs_error_set(c->err, "out of memory");
        return -1;
    }
    int i = 0;
    for (const cJSON *e = bl->child; e; e = e->next, i++) {
        char p[64];
        snprintf(p, sizeof p, "$.background[%d]", i);
        hs_background_spec *bs = &s->background[i];
        s->n_background = i + 1;
        const char *proc, *name;
        const cJSON *states;
        if (hs_jobject(c, e, p, keys) < 0 || hs_jstring(c, e, p, "name", 0, "", &name) < 0 ||
            hs_jstring(c, e, p, "processor", 1, NULL, &proc) < 0 ||
            hs_jarray(c, e, p, "states", 1, &states) < 0)
            return -1;
        int ns = cJSON_GetArraySize(states);
        if (ns < 2 || ns > HS_MAX_BG_STATES) {
            hs_error_set(c->err, "%s: at %s.states: expected 2 to %d states, got %d", c->file, p,
                         HS_MAX_BG_STATES, ns);
            return -1;
        }
        int k = 0;
        for (const cJSON *st = states->child; st; st = st->next, k++) {
            char sp[96];
            double hold;
            snprintf(sp, sizeof sp, "%s.states[%d]", p, k);
            if (hs_jobject(c, st, sp, skeys) < 0 ||
                hs_jnumber(c, st, sp, "count", 1, 0, 0, 1024, &bs->b.count[k]) < 0 ||
                hs_jnumber(c, st, sp, "duty", 0, 1.0, 0, 1, &bs->b.duty[k]) < 0 ||
                hs_jnumber(c, st, sp, "hold_ms", 1, 0, 0.01, 1e9, &hold) < 0)
                return -1;
            bs->b.hold_ns[k] = hold * 1e6;
        }
        bs->b.n_states = ns;
        bs->b.proc = -1;
        if (!(bs->processor = hs_strdup(proc))) {
            hs_error_set(c->err, "out of memory");
            return -1;
        }
    }
    return 0;
}

hs_scenario *hs_scenario_from_json(const cJSON *root, const char *file, hs_error *err)
{
    static const char *const keys[] = {"format", "version", "name", "description", "arrival",
                                       "frames", "seed", "slo_ms", "input", "workload",
                                       "competitors", "clients", "background", NULL};
    static const char *const akeys[] = {"mode", "fps", "inflight", NULL};
    hs_jctx c = {file, err};
    if (hs_jheader(&c, root, "hetsim-scenario", 1) < 0 || hs_jobject(&c, root, "$", keys) < 0)
        return NULL;
    hs_scenario *s = calloc(1, sizeof *s);
    if (!s) {
        hs_error_set(err, "out of memory");
        return NULL;
    }
    const char *name, *desc;
    if (hs_jstring(&c, root, "$", "name", 1, NULL, &name) < 0 ||
        hs_jstring(&c, root, "$", "description", 0, "", &desc) < 0)
        goto fail;
    s->name = hs_strdup(name);
    s->description = hs_strdup(desc);
    const cJSON *arr = cJSON_GetObjectItemCaseSensitive(root, "arrival");
    if (arr) {
        int mode;
        if (hs_jobject(&c, arr, "$.arrival", akeys) < 0 ||
            hs_jenum(&c, arr, "$.arrival", "mode", 1, 0, hs_arrival_names, &mode) < 0 ||
            hs_jnumber(&c, arr, "$.arrival", "fps", mode != HS_ARRIVAL_CLOSED, 0, 1e-3, 1e6,
                       &s->fps) < 0)
            goto fail;
        s->arrival = (hs_arrival_mode)mode;
        s->has_arrival = 1;
        long long k;
        if (cJSON_GetObjectItemCaseSensitive(arr, "inflight")) {
            if (mode != HS_ARRIVAL_CLOSED) {
                hs_error_set(err, "%s: at $.arrival.inflight: expected only with mode \"closed\" "
                                  "(open-loop arrivals do not wait for frames)",
                             file);
                goto fail;
            }
            if (hs_jint(&c, arr, "$.arrival", "inflight", 1, 1, 1, 1024, &k) < 0)
                goto fail;
            s->inflight = (int)k;
            s->has_inflight = 1;
        }
        s->has_fps = cJSON_GetObjectItemCaseSensitive(arr, "fps") != NULL;
    }
    long long v;
    if (cJSON_GetObjectItemCaseSensitive(root, "frames")) {
        if (hs_jint(&c, root, "$", "frames", 1, 0, 1, 10000000, &v) < 0)
            goto fail;
        s->frames = (int)v;
        s->has_frames = 1;
    }
    if (cJSON_GetObjectItemCaseSensitive(root, "seed")) {
        if (hs_jint(&c, root, "$", "seed", 1, 0, 0, 9007199254740991LL, &v) < 0)
            goto fail;
        s->seed = (uint64_t)v;
        s->has_seed = 1;
    }
    const cJSON *in = cJSON_GetObjectItemCaseSensitive(root, "input");
    if (in) {
        static const char *const ikeys[] = {"static_share", "persistence", "static_change",
                                            "motion_change", NULL};
        hs_input_model *m = &s->input;
        if (hs_jobject(&c, in, "$.input", ikeys) < 0 ||
            hs_jnumber(&c, in, "$.input", "static_share", 1, 0, 0, 1, &m->static_share) < 0 ||
            hs_jnumber(&c, in, "$.input", "persistence", 1, 0, 0, 1, &m->persistence) < 0 ||
            hs_jnumber(&c, in, "$.input", "static_change", 1, 0, 0, 1, &m->static_change) < 0 ||
            hs_jnumber(&c, in, "$.input", "motion_change", 1, 0, 0, 1, &m->motion_change) < 0)
            goto fail;
        if (m->static_share < 1 && m->static_share * (1 - m->persistence) > 1 - m->static_share) {
            hs_error_set(err, "%s: at $.input: static_share %g cannot be reached with "
                              "persistence %g (expected static_share <= 1 / (2 - persistence))",
                         file, m->static_share, m->persistence);
            goto fail;
        }
        m->enabled = 1;
    }
    const cJSON *cl;
    if (hs_jarray(&c, root, "$", "competitors", 0, &cl) < 0)
        goto fail;
    if (cl) {
        static const char *const ckeys[] = {"name", "processor", "count", "duty", "start_ms",
                                            "stop_ms", "note", NULL};
        int n = cJSON_GetArraySize(cl);
        if (n > HS_MAX_COMPETITORS) {
            hs_error_set(err, "%s: at $.competitors: expected at most %d groups, got %d", file,
                         HS_MAX_COMPETITORS, n);
            goto fail;
        }
        s->competitors = calloc((size_t)(n ? n : 1), sizeof *s->competitors);
        if (!s->competitors) {
            hs_error_set(err, "out of memory");
            goto fail;
        }
        int i = 0;
        for (const cJSON *e = cl->child; e; e = e->next, i++) {
            char p[64];
            snprintf(p, sizeof p, "$.competitors[%d]", i);
            hs_competitor_spec *cs = &s->competitors[i];
            const char *proc, *nm;
            s->n_competitors = i + 1;
            if (hs_jobject(&c, e, p, ckeys) < 0 || hs_jstring(&c, e, p, "name", 0, "", &nm) < 0 ||
                hs_jstring(&c, e, p, "processor", 1, NULL, &proc) < 0 ||
                hs_jnumber(&c, e, p, "count", 1, 0, 0, 1024, &cs->count) < 0 ||
                hs_jnumber(&c, e, p, "duty", 0, 1.0, 0, 1, &cs->duty) < 0 ||
                hs_jnumber(&c, e, p, "start_ms", 0, 0, 0, 1e9, &cs->start_ms) < 0 ||
                hs_jnumber(&c, e, p, "stop_ms", 0, -1, 0, 1e9, &cs->stop_ms) < 0)
                goto fail;
            if (cJSON_GetObjectItemCaseSensitive(e, "stop_ms") && cs->stop_ms <= cs->start_ms) {
                hs_error_set(err, "%s: at %s.stop_ms: expected a time after start_ms (%g), got %g",
                             file, p, cs->start_ms, cs->stop_ms);
                goto fail;
            }
            if (!(cs->processor = hs_strdup(proc))) {
                hs_error_set(err, "out of memory");
                goto fail;
            }
        }
    }
    if (read_clients(&c, root, s) < 0 || read_background(&c, root, s) < 0)
        goto fail;
    const cJSON *wl;
    if (hs_jarray(&c, root, "$", "workload", 0, &wl) < 0)
        goto fail;
    if (wl) {
        static const char *const wkeys[] = {"model", "arrival", "frames", "slo_ms", NULL};
        static const char *const akeys2[] = {"mode", "fps", "inflight", NULL};
        int n = cJSON_GetArraySize(wl);
        if (n < 1 || n > HS_MAX_WORKLOAD) {
            hs_error_set(err, "%s: at $.workload: expected 1 to %d models, got %d", file,
                         HS_MAX_WORKLOAD, n);
            goto fail;
        }
        s->workload = calloc((size_t)n, sizeof *s->workload);
        if (!s->workload) {
            hs_error_set(err, "out of memory");
            goto fail;
        }
        int i = 0;
        for (const cJSON *e = wl->child; e; e = e->next, i++) {
            char p[64], pa[80];
            snprintf(p, sizeof p, "$.workload[%d]", i);
            snprintf(pa, sizeof pa, "%s.arrival", p);
            hs_workload_item *w = &s->workload[i];
            s->n_workload = i + 1;
            w->cfg = hs_run_config_default();
            const char *model;
            long long frames;
            int mode = HS_ARRIVAL_CLOSED;
            const cJSON *a = cJSON_GetObjectItemCaseSensitive(e, "arrival");
            if (hs_jobject(&c, e, p, wkeys) < 0 || hs_jstring(&c, e, p, "model", 1, NULL, &model) < 0 ||
                hs_jint(&c, e, p, "frames", 0, 50, 1, 10000000, &frames) < 0 ||
                hs_jnumber(&c, e, p, "slo_ms", 0, 0, 0, 1e9, &w->cfg.slo_ms) < 0 ||
                (a && (hs_jobject(&c, a, pa, akeys2) < 0 ||
                       hs_jenum(&c, a, pa, "mode", 1, 0, hs_arrival_names, &mode) < 0 ||
                       hs_jnumber(&c, a, pa, "fps", mode != HS_ARRIVAL_CLOSED, 0, 1e-3, 1e6,
                                  &w->cfg.fps) < 0)))
                goto fail;
            if (a)
                w->cfg.arrival = (hs_arrival_mode)mode;
            w->cfg.frames = (int)frames;
            if (!(w->model = hs_strdup(model))) {
                hs_error_set(err, "out of memory");
                goto fail;
            }
        }
    }
    if (cJSON_GetObjectItemCaseSensitive(root, "slo_ms")) {
        if (hs_jnumber(&c, root, "$", "slo_ms", 1, 0, 1e-6, 1e9, &s->slo_ms) < 0)
            goto fail;
        s->has_slo = 1;
    }
    if (!s->name || !s->description) {
        hs_error_set(err, "out of memory");
        goto fail;
    }
    return s;
fail:
    hs_scenario_free(s);
    return NULL;
}

hs_scenario *hs_scenario_load_file(const char *path, hs_error *err)
{
    cJSON *root;
    if (hs_json_load_file(path, &root, err) < 0)
        return NULL;
    hs_scenario *s = hs_scenario_from_json(root, path, err);
    cJSON_Delete(root);
    return s;
}

void hs_scenario_apply(const hs_scenario *s, hs_run_config *cfg)
{
    if (s->has_arrival)
        cfg->arrival = s->arrival;
    if (s->has_fps)
        cfg->fps = s->fps;
    if (s->has_frames)
        cfg->frames = s->frames;
    if (s->has_seed)
        cfg->seed = s->seed;
    if (s->has_inflight)
        cfg->inflight = s->inflight;
    if (s->has_slo)
        cfg->slo_ms = s->slo_ms;
    if (s->input.enabled)
        cfg->input = s->input;
}

int hs_scenario_competitors(const hs_scenario *s, const char *file, const hs_device *d,
                            hs_run_config *cfg, hs_error *err)
{
    cfg->n_competitors = 0;
    for (int i = 0; i < s->n_competitors; i++) {
        const hs_competitor_spec *cs = &s->competitors[i];
        int p = hs_device_find_proc(d, cs->processor);
        if (p < 0) {
            hs_error_set(err, "%s: at $.competitors[%d].processor: expected a processor of %s, "
                              "got \"%s\"",
                         file, i, d->name, cs->processor);
            return -1;
        }
        cfg->competitors[cfg->n_competitors++] = (hs_competitor){
            p, cs->count, cs->duty, (hs_time)(cs->start_ms * 1e6 + 0.5),
            cs->stop_ms < 0 ? -1 : (hs_time)(cs->stop_ms * 1e6 + 0.5)};
    }
    cfg->n_background = 0;
    for (int i = 0; i < s->n_background; i++) {
        hs_background *b = &cfg->background[cfg->n_background++];
        *b = s->background[i].b;
        if ((b->proc = hs_device_find_proc(d, s->background[i].processor)) < 0) {
            hs_error_set(err, "%s: at $.background[%d].processor: expected a processor of %s, "
                              "got \"%s\"",
                         file, i, d->name, s->background[i].processor);
            return -1;
        }
    }
    cfg->n_clients = 0;
    for (int i = 0; i < s->n_clients; i++) {
        const hs_client_spec *cs = &s->clients[i];
        hs_client *cl = &cfg->clients[cfg->n_clients++];
        memset(cl, 0, sizeof *cl);
        snprintf(cl->name, sizeof cl->name, "%s", cs->name);
        cl->period_ns = cs->period_ms * 1e6;
        cl->deadline_ns = cs->deadline_ms * 1e6;
        cl->phase_ns = cs->phase_ms * 1e6;
        cl->n_stages = cs->n_stages;
        for (int k = 0; k < cs->n_stages; k++) {
            if ((cl->proc[k] = hs_device_find_proc(d, cs->processor[k])) < 0) {
                hs_error_set(err, "%s: at $.clients[%d].stages[%d].processor: expected a "
                                  "processor of %s, got \"%s\"",
                             file, i, k, d->name, cs->processor[k]);
                return -1;
            }
            cl->work_ns[k] = cs->work_ms[k] * 1e6;
        }
    }
    return 0;
}
