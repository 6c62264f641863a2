#include "analysis/band_import.h"

#include <cjson/cJSON.h>
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "base/datapath.h"
#include "base/json_read.h"
#include "devices/profile.h"
#include "sim/catalog.h"
#include "sim/scenario.h"

/* Band's scheduler names (its SchedulerType strings, and the older
 * "fixed_device" ones) and the hetsim policy of each; NULL: none, with why. */
static const struct {
    const char *band, *hetsim, *why_not;
} schedulers[] = {
    {"fixed_worker", "band:fixed", NULL},
    {"fixed_device", "band:fixed", NULL},
    {"round_robin", "band:rr", NULL},
    {"shortest_expected_latency", "band:sel", NULL},
    {"heft", "band:heft", NULL},
    {"least_slack_time_first", "band:lst", NULL},
    {"fixed_worker_global_queue", NULL,
     "per-model worker assignment with one global queue; hetsim's band:fixed places offline "
     "with a queue per processor"},
    {"fixed_device_global_queue", NULL,
     "per-model worker assignment with one global queue; hetsim's band:fixed places offline "
     "with a queue per processor"},
    {"heft_reserved", NULL, "HEFT with reserved slots; hetsim's band:heft reserves none"},
};

const char *hs_band_policy(const char *scheduler)
{
    for (size_t k = 0; k < sizeof schedulers / sizeof schedulers[0]; k++)
        if (strcmp(scheduler, schedulers[k].band) == 0)
            return schedulers[k].hetsim;
    return NULL;
}

/* Band's worker device names, in hs_proc_kind order. */
static const char *const worker_kinds[] = {"CPU", "GPU", "DSP", "NPU", NULL};
static const char *const masks[] = {"ALL", "BIG", "LITTLE", "PRIMARY", NULL};
/* what a CPU processor's name holds for each mask (ALL: any) */
static const char *const mask_names[] = {"", "big", "little", "prime"};

/* Fields without meaning in a simulation, or that hetsim's band decides
 * itself (docs/policies.md): accepted and listed. */
static const char *const ignored_keys[] = {
    "log_path", "profile_data_path", "profile_online", "profile_warmup_runs", "profile_num_runs",
    "profile_copy_computation_ratio", "availability_check_interval_ms", "schedule_window_size",
    "minimum_subgraph_size", "subgraph_preparation_type", "model_profile", NULL};

static int set_fail(hs_error *err, const char *file, const char *path, const char *fmt,
                    const char *a, const char *b)
{
    char what[600];
    snprintf(what, sizeof what, fmt, a, b);
    hs_error_set(err, "%s: at %s: %s", file, path, what);
    return -1;
}

/* Case-insensitive index into a NULL-terminated list, -1 when absent. */
static int find_ci(const char *s, const char *const *list)
{
    for (int i = 0; list[i]; i++) {
        size_t k = 0;
        while (s[k] && list[i][k] && toupper((unsigned char)s[k]) == list[i][k])
            k++;
        if (!s[k] && !list[i][k])
            return i;
    }
    return -1;
}

/* A string enum of a Band object (case-insensitive), or -1 when missing. */
static int get_enum(hs_jctx *c, const cJSON *obj, const char *path, const char *key,
                    const char *const *list, int required, int *out)
{
    const char *v;
    *out = -1;
    if (hs_jstring(c, obj, path, key, required, NULL, &v) < 0)
        return -1;
    if (!v)
        return 0;
    if ((*out = find_ci(v, list)) < 0) {
        char p[128], l[128] = "";
        snprintf(p, sizeof p, "%s.%s", path, key);
        for (int i = 0; list[i]; i++)
            snprintf(l + strlen(l), sizeof l - strlen(l), "%s%s", i ? ", " : "", list[i]);
        return set_fail(c->err, c->file, p, "expected one of %s, got \"%s\"", l, v);
    }
    return 0;
}

/* Does `graph` (Band's model file) match `key` of a --models entry: the
 * whole string, its file name, or the file name without extension? */
static int graph_matches(const char *graph, const char *key, size_t klen)
{
    const char *base = strrchr(graph, '/');
    base = base ? base + 1 : graph;
    const char *dot = strrchr(base, '.');
    size_t blen = dot ? (size_t)(dot - base) : strlen(base);
    return (strlen(graph) == klen && strncmp(graph, key, klen) == 0) ||
           (strlen(base) == klen && strncmp(base, key, klen) == 0) ||
           (blen == klen && strncmp(base, key, klen) == 0);
}

/* The hetsim model for `graph`: a --models entry (marking it used), else the
 * file name without extension. */
static void model_for(const char *graph, const char *map, char *used, char *out, size_t n)
{
    for (const char *e = map; e && *e;) {
        const char *comma = strchr(e, ','), *end = comma ? comma : e + strlen(e);
        const char *eq = memchr(e, '=', (size_t)(end - e));
        if (eq && graph_matches(graph, e, (size_t)(eq - e))) {
            used[e - map] = 1;
            snprintf(out, n, "%.*s", (int)(end - eq - 1), eq + 1);
            return;
        }
        e = comma ? comma + 1 : end;
    }
    const char *base = strrchr(graph, '/');
    base = base ? base + 1 : graph;
    const char *dot = strrchr(base, '.');
    snprintf(out, n, "%.*s", dot && dot != base ? (int)(dot - base) : (int)strlen(base), base);
}

static int model_exists(const char *name)
{
    char path[4096], rel[600];
    if (hs_is_path(name)) {
        struct stat st;
        return stat(name, &st) == 0;
    }
    snprintf(rel, sizeof rel, "traces/models/%s.json", name);
    return hs_data_find(rel, path, sizeof path) == 0;
}

/* Every --models entry is NAME=MODEL and (used != NULL) was used. */
static int check_map(const char *file, const char *map, const char *used, hs_error *err)
{
    for (const char *e = map; e && *e;) {
        const char *comma = strchr(e, ','), *end = comma ? comma : e + strlen(e);
        const char *eq = memchr(e, '=', (size_t)(end - e));
        if (!used && (!eq || eq == e || eq + 1 == end)) {
            hs_error_set(err, "--models: expected GRAPH=MODEL entries separated by commas, got "
                              "\"%.*s\"",
                         (int)(end - e), e);
            return -1;
        }
        if (used && !used[e - map]) {
            hs_error_set(err, "--models: \"%.*s\" names no graph of %s ($.models[].graph)",
                         (int)(eq - e), e, file);
            return -1;
        }
        e = comma ? comma + 1 : end;
    }
    return 0;
}

/* The workers against the device profile: each worker's kind is there,
 * every accelerator of the profile has a worker (hetsim's band uses them
 * all), each CPU mask names a cluster of the profile. */
static int check_workers(hs_jctx *c, const cJSON *workers, const int *kind, const int *mask,
                         int nw, const char *device, hs_error *err)
{
    hs_device *d = hs_open_device(device, err);
    if (!d)
        return -1;
    int rc = -1;
    char p[64];
    for (int w = 0; w < nw; w++) {
        snprintf(p, sizeof p, "$.workers[%d]", w);
        int found = 0, cluster = mask[w] <= 0;
        for (int q = 0; q < d->n_procs; q++) {
            found |= (int)d->procs[q].kind == kind[w];
            if (kind[w] == HS_PROC_CPU && d->procs[q].kind == HS_PROC_CPU && mask[w] > 0 &&
                strstr(d->procs[q].name, mask_names[mask[w]]))
                cluster = 1;
        }
        if (!found) {
            hs_error_set(err, "%s: at %s.device: \"%s\": device %s has no %s processor", c->file,
                         p, worker_kinds[kind[w]], d->name, hs_proc_kind_names[kind[w]]);
            goto out;
        }
        if (!cluster) {
            hs_error_set(err, "%s: at %s.cpu_masks: \"%s\": device %s has no CPU processor "
                              "named *%s* (its CPU clusters are what the masks select)",
                         c->file, p, masks[mask[w]], d->name, mask_names[mask[w]]);
            goto out;
        }
    }
    for (int q = 0; q < d->n_procs; q++) {
        if (d->procs[q].kind == HS_PROC_CPU)
            continue;
        int has = 0;
        for (int w = 0; w < nw; w++)
            has |= kind[w] == (int)d->procs[q].kind;
        if (!has) {
            hs_error_set(err, "%s: at $.workers: no %s worker, but device %s has the %s "
                              "processor \"%s\" and hetsim's band schedules on every processor "
                              "of the profile (add the worker, or use a profile without it)",
                         c->file, worker_kinds[d->procs[q].kind], d->name,
                         hs_proc_kind_names[d->procs[q].kind], d->procs[q].name);
            goto out;
        }
    }
    (void)workers;
    rc = 0;
out:
    hs_device_free(d);
    return rc;
}

int hs_band_import_file(const char *path, const hs_band_import_opts *o, hs_band_import *out,
                        hs_error *err)
{
    static const char *const mapped[] = {"models", "schedulers", "period_ms", "execution_mode",
                                         "running_time_ms", "workers", "cpu_masks", "num_threads",
                                         "planner_cpu_masks", "profile_smoothing_factor", NULL};
    static const char *const modes[] = {"PERIODIC", "STREAM", NULL};
    const char *allowed[32];
    int na = 0;
    for (int i = 0; mapped[i]; i++)
        allowed[na++] = mapped[i];
    for (int i = 0; ignored_keys[i]; i++)
        allowed[na++] = ignored_keys[i];
    allowed[na] = NULL;

    memset(out, 0, sizeof *out);
    if (check_map(path, o->models, NULL, err) < 0)
        return -1;
    cJSON *root = NULL, *doc = NULL;
    char *used = NULL;
    int rc = -1;
    hs_jctx c = {path, err};
    if (hs_json_load_file(path, &root, err) < 0 || hs_jobject(&c, root, "$", allowed) < 0)
        goto done;
    for (int i = 0; ignored_keys[i]; i++)
        if (cJSON_GetObjectItemCaseSensitive(root, ignored_keys[i]))
            snprintf(out->ignored + strlen(out->ignored),
                     sizeof out->ignored - strlen(out->ignored), "%s%s",
                     out->ignored[0] ? ", " : "", ignored_keys[i]);

    /* the scheduler: exactly one, with a hetsim counterpart */
    const cJSON *sch;
    if (hs_jarray(&c, root, "$", "schedulers", 1, &sch) < 0)
        goto done;
    if (cJSON_GetArraySize(sch) != 1 || !cJSON_IsString(sch->child)) {
        char got[64];
        hs_jdescribe(sch, got, sizeof got);
        hs_error_set(err, "%s: at $.schedulers: expected one scheduler name (hetsim runs one "
                          "scheduler per run), got %s",
                     path, got);
        goto done;
    }
    const char *sname = sch->child->valuestring;
    size_t k = 0, ns = sizeof schedulers / sizeof schedulers[0];
    while (k < ns && strcmp(schedulers[k].band, sname) != 0)
        k++;
    if (k == ns) {
        char list[400] = "";
        for (size_t i = 0; i < ns; i++)
            snprintf(list + strlen(list), sizeof list - strlen(list), "%s%s", i ? ", " : "",
                     schedulers[i].band);
        set_fail(err, path, "$.schedulers[0]", "unknown Band scheduler \"%s\" (Band's are: %s)",
                 sname, list);
        goto done;
    }
    if (!schedulers[k].hetsim) {
        set_fail(err, path, "$.schedulers[0]",
                 "Band's scheduler \"%s\" has no hetsim counterpart (%s); docs/policies.md lists "
                 "the mapping",
                 sname, schedulers[k].why_not);
        goto done;
    }
    snprintf(out->policy, sizeof out->policy, "%s", schedulers[k].hetsim);

    double smoothing;
    if (hs_jnumber(&c, root, "$", "profile_smoothing_factor", 0, 0.1, 0, 1, &smoothing) < 0)
        goto done;
    if (fabs(smoothing - 0.1) > 1e-12) {
        char v[32];
        snprintf(v, sizeof v, "%g", smoothing);
        set_fail(err, path, "$.profile_smoothing_factor",
                 "%s: hetsim's band smooths its runtime profiles with alpha 0.1 (Band's "
                 "default)%s",
                 v, "");
        goto done;
    }

    int mode, cpu_mask, planner_mask;
    double period = 0, running = 0;
    long long threads;
    if (get_enum(&c, root, "$", "execution_mode", modes, 0, &mode) < 0 ||
        hs_jnumber(&c, root, "$", "period_ms", 0, 0, 1e-3, 1e9, &period) < 0 ||
        hs_jnumber(&c, root, "$", "running_time_ms", 0, 0, 1e-3, 1e12, &running) < 0 ||
        get_enum(&c, root, "$", "cpu_masks", masks, 0, &cpu_mask) < 0 ||
        get_enum(&c, root, "$", "planner_cpu_masks", masks, 0, &planner_mask) < 0 ||
        hs_jint(&c, root, "$", "num_threads", 0, 1, 1, 1024, &threads) < 0)
        goto done;
    int stream = mode == 1;

    /* workers */
    const cJSON *workers;
    int kind[64], mask[64], nw = 0;
    char wdesc[400] = "";
    if (hs_jarray(&c, root, "$", "workers", 0, &workers) < 0)
        goto done;
    for (const cJSON *w = workers ? workers->child : NULL; w; w = w->next, nw++) {
        static const char *const wkeys[] = {"device", "num_threads", "cpu_masks", NULL};
        char p[64];
        long long wt;
        snprintf(p, sizeof p, "$.workers[%d]", nw);
        if (nw == 64) {
            hs_error_set(err, "%s: at $.workers: expected at most 64 workers", path);
            goto done;
        }
        if (hs_jobject(&c, w, p, wkeys) < 0 ||
            get_enum(&c, w, p, "device", worker_kinds, 1, &kind[nw]) < 0 ||
            get_enum(&c, w, p, "cpu_masks", masks, 0, &mask[nw]) < 0 ||
            hs_jint(&c, w, p, "num_threads", 0, 0, 1, 1024, &wt) < 0)
            goto done;
        if (mask[nw] >= 0 && kind[nw] != HS_PROC_CPU) {
            hs_error_set(err, "%s: at %s.cpu_masks: only a CPU worker's threads have a mask "
                              "that hetsim can map (to a CPU cluster); this is a %s worker",
                         path, p, worker_kinds[kind[nw]]);
            goto done;
        }
        size_t dl = strlen(wdesc);
        snprintf(wdesc + dl, sizeof wdesc - dl, "%s%s", nw ? ", " : "", worker_kinds[kind[nw]]);
        dl = strlen(wdesc);
        if (mask[nw] >= 0 && wt > 0)
            snprintf(wdesc + dl, sizeof wdesc - dl, " (%s, %lld threads)", masks[mask[nw]], wt);
        else if (mask[nw] >= 0)
            snprintf(wdesc + dl, sizeof wdesc - dl, " (%s)", masks[mask[nw]]);
        else if (wt > 0)
            snprintf(wdesc + dl, sizeof wdesc - dl, " (%lld threads)", wt);
    }
    if (o->device && nw > 0 && check_workers(&c, workers, kind, mask, nw, o->device, err) < 0)
        goto done;

    /* models -> the workload */
    const cJSON *models;
    if (hs_jarray(&c, root, "$", "models", 1, &models) < 0)
        goto done;
    int nm = cJSON_GetArraySize(models);
    if (nm < 1 || nm > HS_MAX_WORKLOAD) {
        hs_error_set(err, "%s: at $.models: expected 1 to %d models, got %d", path,
                     HS_MAX_WORKLOAD, nm);
        goto done;
    }
    used = calloc(o->models ? strlen(o->models) + 1 : 1, 1);
    doc = cJSON_CreateObject();
    if (!used || !doc)
        goto oom;
    char name[256];
    if (o->name) {
        snprintf(name, sizeof name, "%s", o->name);
    } else {
        const char *b = strrchr(path, '/');
        b = b ? b + 1 : path;
        size_t len = strlen(b);
        if (len > 5 && strcmp(b + len - 5, ".json") == 0)
            len -= 5;
        snprintf(name, sizeof name, "%.*s", (int)len, b);
    }
    char desc[1024];
    snprintf(desc, sizeof desc, "Band config %s: scheduler %s (hetsim %s), %s execution%s%s%s",
             path, sname, out->policy, stream ? "stream" : "periodic", nw ? ", workers " : "",
             wdesc, o->device ? "" : " (workers not checked against a device profile)");
    cJSON *wl = cJSON_CreateArray();
    if (!cJSON_AddStringToObject(doc, "format", "hetsim-scenario") ||
        !cJSON_AddNumberToObject(doc, "version", 1) || !cJSON_AddStringToObject(doc, "name", name) ||
        !cJSON_AddStringToObject(doc, "description", desc) || !wl)
        goto oom;
    cJSON_AddItemToObject(doc, "workload", wl);
    int i = 0;
    for (const cJSON *m = models->child; m; m = m->next, i++) {
        static const char *const mkeys[] = {"graph", "period_ms", "batch_size", "slo_us",
                                            "slo_scale", "device", "worker_id", NULL};
        char p[64];
        snprintf(p, sizeof p, "$.models[%d]", i);
        const char *graph;
        double mperiod, slo_us;
        long long batch;
        if (hs_jobject(&c, m, p, mkeys) < 0 ||
            hs_jstring(&c, m, p, "graph", 1, NULL, &graph) < 0 ||
            hs_jnumber(&c, m, p, "period_ms", 0, period, 1e-3, 1e9, &mperiod) < 0 ||
            hs_jint(&c, m, p, "batch_size", 0, 1, 1, 1000000, &batch) < 0 ||
            hs_jnumber(&c, m, p, "slo_us", 0, 0, 1e-3, 1e12, &slo_us) < 0)
            goto done;
        char fp[96];
        if (batch != 1) {
            snprintf(fp, sizeof fp, "%s.batch_size", p);
            set_fail(err, path, fp, "expected 1%s%s",
                     ": Band requests a batch of the model each period, hetsim's workload "
                     "releases one frame per period",
                     "");
            goto done;
        }
        const char *pinned = cJSON_GetObjectItemCaseSensitive(m, "slo_scale") ? "slo_scale"
                             : cJSON_GetObjectItemCaseSensitive(m, "device") ? "device"
                             : cJSON_GetObjectItemCaseSensitive(m, "worker_id") ? "worker_id"
                                                                               : NULL;
        if (pinned) {
            snprintf(fp, sizeof fp, "%s.%s", p, pinned);
            set_fail(err, path, fp, "%s%s", "not importable: ",
                     strcmp(pinned, "slo_scale") == 0
                         ? "Band derives the SLO from its profiled worst-case latency times "
                           "slo_scale; give slo_us instead"
                         : "the model is pinned to a worker; hetsim's band places every "
                           "subgraph itself (band:fixed places them offline)");
            goto done;
        }
        if (!stream && mperiod <= 0) {
            snprintf(fp, sizeof fp, "%s.period_ms", p);
            set_fail(err, path, fp, "%s%s",
                     "expected a period in ms > 0 (here or $.period_ms) for periodic execution",
                     "");
            goto done;
        }
        char model[256];
        model_for(graph, o->models, used, model, sizeof model);
        if (!model_exists(model)) {
            hs_error_set(err, "%s: at %s.graph: \"%.300s\": no hetsim model \"%.200s\" (hetsim "
                              "list models); map it with --models GRAPH=MODEL",
                         path, p, graph, model);
            goto done;
        }
        long long frames = o->frames > 0                 ? o->frames
                           : !stream && running > 0 ? (long long)floor(running / mperiod)
                                                        : 50;
        if (frames < 1)
            frames = 1;
        if (frames > 10000000)
            frames = 10000000;
        cJSON *e = cJSON_CreateObject(), *arr = cJSON_CreateObject();
        if (!e || !arr) {
            cJSON_Delete(e);
            cJSON_Delete(arr);
            goto oom;
        }
        cJSON_AddItemToArray(wl, e);
        cJSON_AddStringToObject(e, "model", model);
        cJSON_AddItemToObject(e, "arrival", arr);
        cJSON_AddStringToObject(arr, "mode", stream ? "closed" : "periodic");
        if (!stream)
            cJSON_AddNumberToObject(arr, "fps", 1000.0 / mperiod);
        cJSON_AddNumberToObject(e, "frames", (double)frames);
        if (slo_us > 0)
            cJSON_AddNumberToObject(e, "slo_ms", slo_us / 1000.0);
    }
    if (check_map(path, o->models, used, err) < 0)
        goto done;
    /* what we write must load */
    hs_scenario *sc = hs_scenario_from_json(doc, path, err);
    if (!sc) {
        hs_error_prefix(err, "the imported scenario does not load");
        goto done;
    }
    hs_scenario_free(sc);
    if (!(out->json = cJSON_Print(doc)))
        goto oom;
    rc = 0;
    goto done;
oom:
    hs_error_set(err, "out of memory");
done:
    free(used);
    cJSON_Delete(doc);
    cJSON_Delete(root);
    return rc;
}
