#include "latency.h"

#include <math.h>
#include <stddef.h>

#include "round.h"

const char *const hs_lat_source_names[] = {"trace", "roofline", NULL};
const char *const hs_trace_mode_names[] = {"replay", "sample", NULL};

double hs_op_bytes(const hs_op *op, hs_dtype dt)
{
    if (hs_op_is_view(op->type))
        return 0;
    return (double)(op->in_elems + op->out_elems + op->weight_elems) * hs_dtype_size(dt);
}

double hs_roofline_ns(const hs_processor *p, const hs_op *op, hs_dtype dt)
{
    if (hs_op_is_view(op->type))
        return 0;
    double peak = p->peak_gflops[dt] * p->efficiency; /* GFLOP/s == FLOP/ns */
    double t_compute = peak > 0 ? op->flops / peak : 0;
    double t_memory = hs_op_bytes(op, dt) / p->mem_bw_gbps; /* GB/s == bytes/ns */
    return fmax(t_compute, t_memory) + p->launch_us * 1e3;
}

void hs_op_latency_init(hs_op_latency *l, const hs_processor *p, const hs_op *op, hs_dtype dt,
                        const hs_trace *trace)
{
    l->samples_us = NULL;
    l->n = l->cursor = 0;
    l->model_ns = hs_roofline_ns(p, op, dt);
    l->src = HS_SRC_ROOFLINE;
    if (trace && trace->dtype == dt) {
        const hs_trace_op *to = hs_trace_find(trace, op->name, 1.0);
        if (to) {
            l->src = HS_SRC_TRACE;
            l->samples_us = to->samples_us;
            l->n = to->n;
        }
    }
}

int64_t hs_op_latency_next(hs_op_latency *l, hs_trace_mode mode, hs_rng *rng)
{
    if (l->src != HS_SRC_TRACE)
        return (int64_t)llround(l->model_ns);
    int i;
    if (mode == HS_TRACE_SAMPLE) {
        i = (int)hs_rng_below(rng, (unsigned long)l->n);
    } else {
        i = l->cursor;
        l->cursor = (l->cursor + 1) % l->n;
    }
    return hs_llround(l->samples_us[i] * 1e3);
}
