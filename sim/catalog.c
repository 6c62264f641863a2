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

/* A trace's rows against the model: none of its op names an op of the
 * model is an error (the trace would be loaded and never used); some
 * unknown names, or types other than the model's, are warnings. */
static int check_against(const char *path, const hs_trace *t, const hs_graph *g, char *warn,
                         size_t warn_size, hs_error *err)
{
    int unknown = 0, retyped = 0, first_unknown = -1, first_retyped = -1, k;
    for (int i = 0; i < t->n_ops; i++) {
        const hs_trace_op *o = &t->ops[i];
        if ((k = hs_graph_find_op(g, o->name)) < 0) {
            if (first_unknown < 0)
                first_unknown = i;
            unknown++;
        } else if (o->type[0] && strcmp(o->type, g->ops[k].type) != 0) {
            if (first_retyped < 0)
                first_retyped = i;
            retyped++;
        }
    }
    if (t->n_ops > 0 && unknown == t->n_ops) {
        hs_error_set(err, "%s: none of its %d op rows names an op of model \"%s\" (e.g. "
                          "$.ops[0].name \"%.60s\"): the trace would never be used; record or "
                          "import it again for this model",
                     path, t->n_ops, g->name, t->ops[0].name);
        return -1;
    }
    size_t used = warn ? strlen(warn) : 0;
    if (warn && unknown && used + 1 < warn_size)
        used += (size_t)snprintf(warn + used, warn_size - used,
                                 "%s%s: %d of %d op rows name no op of model \"%s\" (e.g. "
                                 "$.ops[%d].name \"%.60s\"); they are not used",
                                 used ? "\n" : "", path, unknown, t->n_ops, g->name,
                                 first_unknown, t->ops[first_unknown].name);
    if (warn && retyped && used + 1 < warn_size && used < warn_size) {
        k = hs_graph_find_op(g, t->ops[first_retyped].name);
        snprintf(warn + used, warn_size - used,
                 "%s%s: %d op rows have another type than the model's op (e.g. $.ops[%d] "
                 "\"%.60s\" is \"%.40s\" there, \"%.40s\" in model \"%s\"); their samples "
                 "are used as the op's",
                 used ? "\n" : "", path, retyped, first_retyped, t->ops[first_retyped].name,
                 t->ops[first_retyped].type, g->ops[k].type, g->name);
    }
    return 0;
}

int hs_open_traces(const hs_device *d, const hs_graph *g, hs_trace ***out, hs_error *err)
{
    return hs_open_traces_warn(d, g, out, NULL, 0, err);
}

int hs_open_traces_warn(const hs_device *d, const hs_graph *g, hs_trace ***out, char *warn,
                        size_t warn_size, hs_error *err)
{
    if (warn && warn_size)
        warn[0] = '\0';
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
        if (check_against(path, t[p], g, warn, warn_size, err) < 0)
            goto fail;
    }
    *out = t;
    return 0;
fail:
    hs_traces_free(t, d->n_procs);
    return -1;
}
