#include "sim/catalog.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/datapath.h"

static int resolve(const char *kind, const char *subdir, const char *arg, char *path, size_t n,
                   hs_error *err)
{
    if (hs_is_path(arg)) {
        snprintf(path, n, "%s", arg);
        return 0;
    }
    char rel[PATH_MAX];
    snprintf(rel, sizeof rel, "%s/%s.json", subdir, arg);
    if (hs_data_find(rel, path, n) == 0)
        return 0;
    char dirs[2048];
    hs_data_describe(dirs, sizeof dirs);
    hs_error_set(err, "unknown %s \"%s\": no %s in %s (see `hetsim list %ss`)", kind, arg, rel,
                 dirs, kind);
    return -1;
}

hs_device *hs_open_device(const char *arg, hs_error *err)
{
    char path[PATH_MAX];
    if (resolve("device", "devices", arg, path, sizeof path, err) < 0)
        return NULL;
    return hs_device_load_file(path, err);
}

hs_graph *hs_open_model(const char *arg, hs_error *err)
{
    char path[PATH_MAX];
    if (resolve("model", "traces/models", arg, path, sizeof path, err) < 0)
        return NULL;
    return hs_graph_load_file(path, err);
}

void hs_traces_free(hs_trace **t, int n)
{
    if (!t)
        return;
    for (int i = 0; i < n; i++)
        hs_trace_free(t[i]);
    free(t);
}

int hs_open_traces(const hs_device *d, const hs_graph *g, hs_trace ***out, hs_error *err)
{
    hs_trace **t = calloc((size_t)d->n_procs, sizeof *t);
    if (!t) {
        hs_error_set(err, "out of memory");
        return -1;
    }
    for (int p = 0; p < d->n_procs; p++) {
        char rel[PATH_MAX], path[2 * PATH_MAX + 2];
        snprintf(rel, sizeof rel, "traces/%s/%s/%s.json", d->name, g->name, d->procs[p].name);
        /* beside the profile first (a native host profile and its traces) */
        snprintf(path, sizeof path, "%s/%s", d->dir ? d->dir : ".", rel);
        if ((!d->dir || access(path, R_OK) != 0) && hs_data_find(rel, path, sizeof path) < 0)
            continue;
        if (!(t[p] = hs_trace_load_file(path, err)))
            goto fail;
        if (strcmp(t[p]->device, d->name) || strcmp(t[p]->model, g->name) ||
            strcmp(t[p]->processor, d->procs[p].name)) {
            hs_error_set(err, "%s: at $: expected a trace of device \"%s\", model \"%s\", "
                              "processor \"%s\", got \"%s\", \"%s\", \"%s\"",
                         path, d->name, g->name, d->procs[p].name, t[p]->device, t[p]->model,
                         t[p]->processor);
            goto fail;
        }
    }
    *out = t;
    return 0;
fail:
    hs_traces_free(t, d->n_procs);
    return -1;
}
