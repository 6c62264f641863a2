/* Backends for a host profile's processors (host_backends.h). */
#include "native/host_backends.h"

#include <stdlib.h>
#include <string.h>

void hs_host_backends_free(hs_host_backends *hb)
{
    if (!hb->b)
        return;
    for (int p = 0; p < hb->n; p++)
        hs_native_backend_free(hb->b[p]);
    free(hb->b);
    hb->b = NULL;
    hb->n = 0;
}

int hs_host_backends_open(hs_host_backends *hb, const hs_device *d, hs_native_model *m,
                          const hs_host_backend_opts *o, hs_error *err)
{
    hb->n = d->n_procs;
    if (!(hb->b = calloc((size_t)d->n_procs, sizeof *hb->b))) {
        hs_error_set(err, "out of memory");
        return -1;
    }
    int cl_open = 0;
    for (int p = 0; p < d->n_procs; p++) {
        const hs_processor *pr = &d->procs[p];
        if (o->need && !(o->need & (1u << p)))
            continue;
        if (pr->kind == HS_PROC_CPU) {
            hs_native_cpu_opts co = {0, o->threads > 0 ? o->threads : pr->cores};
            hb->b[p] = hs_native_cpu_new(&co, err);
        } else if (pr->kind == HS_PROC_GPU && !cl_open) {
            hs_native_cl_opts co = {o->cl_platform, o->cl_device, 0};
            hb->b[p] = hs_native_opencl_new(&co, err);
            cl_open = 1;
        } else {
            hs_error_set(err, "processor \"%s\" of %s (%s) has no native backend: native mode "
                              "runs a cpu and one OpenCL device (a profile written by hetsim "
                              "native record)",
                         pr->name, d->name, hs_proc_kind_names[pr->kind]);
            goto fail;
        }
        if (!hb->b[p] || hs_native_bind(hb->b[p], m, err) < 0)
            goto fail;
    }
    return 0;
fail:
    hs_host_backends_free(hb);
    return -1;
}
