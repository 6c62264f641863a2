/* `hetsim import KIND` for trace importers (trace_import.h). */
#include "analysis/trace_import.h"

#include <stdio.h>
#include <string.h>

#include "base/datapath.h"
#include "devices/support.h"
#include "sim/catalog.h"

/* A name that becomes a path component of traces/DEVICE/MODEL/PROCESSOR.json. */
static int check_name(const char *what, const char *v, hs_error *err)
{
    if (!v[0] || strchr(v, '/') || strcmp(v, ".") == 0 || strcmp(v, "..") == 0) {
        hs_error_set(err, "%s name \"%s\": expected a name without '/' (it becomes part of "
                          "traces/DEVICE/MODEL/PROCESSOR.json)",
                     what, v);
        return -1;
    }
    return 0;
}

/* The dtype the simulator looks the trace up in, from the catalogue's
 * profile of the device when there is one. */
static hs_dtype lookup_dtype(const hs_trace_import_req *rq, const hs_graph *g, char *note,
                             size_t note_n)
{
    hs_error derr;
    hs_device *d = hs_open_device(rq->device, &derr);
    hs_dtype dt = rq->dtype >= 0 ? (hs_dtype)rq->dtype : HS_DT_FP32;
    if (!d)
        return dt;
    int p = hs_device_find_proc(d, rq->processor);
    hs_dtype exec_dt, model_dt = g ? g->dtype : HS_DT_FP32;
    if (p < 0) {
        char names[512];
        hs_device_proc_names(d, names, sizeof names);
        hs_import_warn(&rq->tool, "device \"%s\" has no processor \"%s\" (it has%s); the "
                                  "simulator will not use this trace",
                       rq->device, rq->processor, names);
    } else if (hs_exec_dtype(&d->procs[p], model_dt, &exec_dt) == 0) {
        if (rq->dtype < 0) {
            dt = exec_dt;
            if (note)
                snprintf(note, note_n,
                         "dtype %s: what %s of %s runs an %s model in (--dtype to say otherwise)",
                         hs_dtype_name(exec_dt), rq->processor, rq->device,
                         hs_dtype_name(model_dt));
        } else if (dt != exec_dt) {
            hs_import_warn(&rq->tool, "%s of %s runs an %s model in %s; the simulator will not "
                                      "use an %s trace for it",
                           rq->processor, rq->device, hs_dtype_name(model_dt),
                           hs_dtype_name(exec_dt), hs_dtype_name(dt));
        }
    }
    hs_device_free(d);
    return dt;
}

int hs_trace_import(const hs_trace_import_req *rq, char *note, size_t note_n, hs_error *err)
{
    if (note && note_n)
        note[0] = '\0';
    hs_graph *g = NULL;
    hs_device *dev = NULL;
    int rc = -1;
    if (rq->graph && !(g = hs_open_model(rq->graph, err)))
        return -1;
    const char *model = rq->model ? rq->model : g ? g->name : NULL;
    if (!model) {
        hs_error_set(err, "a model name or a model graph is required");
        goto done;
    }
    const char *device = rq->device;
    if (hs_is_path(rq->device)) { /* a profile file, as `hetsim run -d PATH` takes */
        if (!(dev = hs_open_device(rq->device, err)))
            goto done;
        device = dev->name;
    }
    if (check_name("device", device, err) < 0 ||
        check_name("processor", rq->processor, err) < 0 || check_name("model", model, err) < 0)
        goto done;
    if (g && strcmp(g->name, model) != 0)
        hs_import_warn(&rq->tool, "model \"%s\" differs from the name of model graph \"%s\"; "
                                  "the simulator looks traces up by the graph's name",
                       model, g->name);
    hs_import_opts o = rq->tool;
    o.device = device;
    o.processor = rq->processor;
    o.model = model;
    o.dtype = lookup_dtype(rq, g, note, note_n);
    rc = hs_import_run(rq->fn, rq->file, &o, rq->map, g, rq->output, err);
    if (rc == 0 && dev && note) {
        char dir[4096];
        snprintf(dir, sizeof dir, "%s", rq->device);
        char *slash = strrchr(dir, '/');
        if (slash)
            slash[1] = '\0';
        else
            dir[0] = '\0';
        size_t used = strlen(note);
        snprintf(note + used, note_n - used, "%sdevice \"%s\" from %s: `hetsim run -d %s` "
                                             "reads %straces/%s/%s/%s.json",
                 used ? "; " : "", device, rq->device, rq->device, dir, device, model,
                 rq->processor);
    }
done:
    hs_device_free(dev);
    hs_graph_free(g);
    return rc;
}
