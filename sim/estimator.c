#include "sim/estimator.h"

#include "devices/support.h"

void hs_part_latency_init(hs_op_latency *l, const hs_processor *p, const hs_op *op, hs_dtype dt,
                          const hs_trace *trace, double frac, hs_split_dim dim)
{
    if (frac >= 1.0) {
        hs_op_latency_init(l, p, op, dt, trace);
        return;
    }
    hs_op part = *op;
    part.flops = op->flops * frac;
    part.out_elems = (int64_t)((double)op->out_elems * frac + 0.5);
    if (dim == HS_SPLIT_OUT_C)
        part.weight_elems = (int64_t)((double)op->weight_elems * frac + 0.5);
    else
        part.in_elems = (int64_t)((double)op->in_elems * frac + 0.5);
    hs_op_latency_init(l, p, &part, dt, NULL);
    if (trace && trace->dtype == dt) {
        /* the rows of this split dimension when recorded (native record:
         * out_c and height), else any split row */
        const char *dn = dim == HS_SPLIT_NONE ? NULL : hs_split_dim_names[dim];
        const hs_trace_op *to = hs_trace_find_dim(trace, op->name, frac, dn);
        double near = 1.0; /* a fraction between recorded ones: interpolated */
        if (!to)
            to = hs_trace_near_dim(trace, op->name, frac, dn, &near);
        if (to && hs_op_latency_use_trace(l, p, op, dt, to) == 0) {
            /* scaled by the whole op's cost against the recorded one */
            l->scale *= near;
            if (trace->kernel_only)
                l->add_ns = hs_dispatch_ns(p, &part, dt);
        }
    }
}

int hs_est_dtype(const hs_estimator *e, int proc, hs_dtype *out)
{
    return hs_exec_dtype(&e->d->procs[proc], e->g->dtype, out);
}

double hs_est_op_ns(const hs_estimator *e, int op, int proc, double frac, hs_split_dim dim)
{
    return hs_est_part_ns(e, op, proc, -1, frac, dim);
}

double hs_est_part_ns(const hs_estimator *e, int op, int proc, int want, double frac,
                      hs_split_dim dim)
{
    const hs_processor *p = &e->d->procs[proc];
    const hs_op *o = &e->g->ops[op];
    hs_dtype dt;
    if (want >= 0) {
        if (want >= HS_DT_COUNT || !(p->peak_gflops[want] > 0))
            return -1;
        dt = (hs_dtype)want;
    } else if (hs_exec_dtype(p, e->g->dtype, &dt) < 0) {
        return -1;
    }
    if (!hs_supports(p, e->g, o, dt, NULL, 0))
        return -1;
    hs_op_latency l;
    hs_part_latency_init(&l, p, o, dt, e->traces ? e->traces[proc] : NULL, frac, dim);
    return hs_op_latency_mean_ns(&l);
}

double hs_est_transfer_ns(const hs_estimator *e, int tensor, hs_dtype dt, int from, int to)
{
    double bytes = (double)e->g->tensors[tensor].elems * hs_dtype_size(dt);
    return (double)(hs_device_transfer_ns(e->d, from, to, bytes) +
                    hs_coexec_meeting_ns(e->d, from, to));
}
