#include "sim/latency.h"

#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "base/clock.h"

const char *const hs_lat_source_names[] = {"trace", "fitted", "roofline", NULL};
const char *const hs_trace_mode_names[] = {"replay", "sample", NULL};

double hs_op_bytes(const hs_op *op, hs_dtype dt)
{
    if (hs_op_is_view(op))
        return 0;
    return (double)(op->in_elems + op->out_elems + op->weight_elems) * hs_dtype_size(dt);
}

double hs_roofline_ns(const hs_processor *p, const hs_op *op, hs_dtype dt)
{
    if (hs_op_is_view(op))
        return 0;
    double peak = p->peak_gflops[dt] * p->efficiency; /* GFLOP/s == FLOP/ns */
    double t_compute = peak > 0 ? op->flops / peak : 0;
    double t_memory = hs_op_bytes(op, dt) / p->mem_bw_gbps; /* GB/s == bytes/ns */
    return fmax(t_compute, t_memory) + p->launch_us * 1e3;
}

int hs_op_class_of(const hs_op *op)
{
    if (hs_op_is_view(op))
        return -1;
    if (op->type_id == HS_OP_CONV) {
        int kh = op->attrs.kernel_h > 0 ? op->attrs.kernel_h : 1;
        int kw = op->attrs.kernel_w > 0 ? op->attrs.kernel_w : 1;
        if (op->attrs.group > 1) {
            /* input channels per group, from FLOPs = 2 out (cin / group) kh kw;
             * without FLOPs or outputs, any group > 1 counts as depthwise */
            double per_group = op->out_elems > 0 && op->flops > 0
                                   ? op->flops / (2.0 * (double)op->out_elems * kh * kw)
                                   : 1.0;
            if (per_group < 1.5)
                return HS_OPC_DWCONV;
            return HS_OPC_GCONV;
        }
        return kh == 1 && kw == 1 ? HS_OPC_CONV1X1 : HS_OPC_CONV;
    }
    return hs_op_info_of(op->type_id)->op_class; /* the op table's class */
}

double hs_op_model_us(const hs_op_model *m, double mflop, double mb, double out_elems)
{
    double occ = 1.0;
    if (m->occupancy_elems > 0 && out_elems < m->occupancy_elems)
        occ = pow(m->occupancy_elems / fmax(out_elems, 1.0), m->occupancy_exp);
    return m->overhead_us + m->us_per_mflop * mflop * occ + m->us_per_mb * mb;
}

static hs_dtype set_dtype(const hs_processor *p, hs_dtype dt)
{
    return p->op_models[dt].present ? dt : p->op_model_dtype;
}

/* An op the GPU runs inside its producer's kernel (lowering's gpu-link) on a
 * set that links elementwise ops. */
static int linked(const hs_processor *p, const hs_op *op, hs_dtype dt)
{
    return p->has_op_models && p->op_models[set_dtype(p, dt)].links_elementwise &&
           hs_attrs_find(&op->attr_list, "gpu_linked_into") != NULL;
}

double hs_dispatch_ns(const hs_processor *p, const hs_op *op, hs_dtype dt)
{
    int k = hs_op_class_of(op);
    if (k < 0 || k == HS_OPC_ACTIVATION || !p->has_op_models || linked(p, op, dt))
        return 0;
    const hs_op_model_set *s = &p->op_models[set_dtype(p, dt)];
    return (s->launch_us + s->op_overhead_us) * 1e3;
}

double hs_fitted_ns(const hs_processor *p, const hs_op *op, hs_dtype dt)
{
    double k = hs_kernel_ns(p, op, dt);
    return k < 0 ? -1 : k + hs_dispatch_ns(p, op, dt);
}

double hs_kernel_ns(const hs_processor *p, const hs_op *op, hs_dtype dt)
{
    int k = hs_op_class_of(op);
    if (k < 0 || !p->has_op_models)
        return -1;
    if (linked(p, op, dt))
        return 0; /* its work is inside the producer's fitted kernel time */
    hs_dtype fd = set_dtype(p, dt);
    const hs_op_model *m = &p->op_models[fd].cls[k];
    if (!m->present && k == HS_OPC_GCONV) /* a profile fitted before the class existed */
        m = &p->op_models[fd].cls[op->attrs.kernel_h <= 1 && op->attrs.kernel_w <= 1
                                      ? HS_OPC_CONV1X1
                                      : HS_OPC_CONV];
    if (!m->present)
        return -1;
    double mflop = op->flops / 1e6;
    if (dt != fd && p->peak_gflops[dt] > 0) /* another dtype: by the ratio of peaks */
        mflop *= p->peak_gflops[fd] / p->peak_gflops[dt];
    double mb = hs_op_bytes(op, dt) / 1e6; /* MB move in the dtype the op runs in */
    return hs_op_model_us(m, mflop, mb, (double)op->out_elems) * 1e3;
}

static int same_cost(const hs_op *op, const hs_trace_op *to)
{
    double tol = 1e-9 * fmax(1.0, fabs(op->flops));
    return fabs(op->flops - to->flops) <= tol && op->in_elems == to->in_elems &&
           op->out_elems == to->out_elems && op->weight_elems == to->weight_elems;
}

double hs_trace_shape_scale(const hs_processor *p, const hs_op *op, const hs_trace_op *to,
                            hs_dtype dt)
{
    if (!to->has_shape || same_cost(op, to))
        return 1.0;
    hs_op ref = *op; /* the op at the cost it was recorded at */
    ref.flops = to->flops;
    ref.in_elems = to->in_elems;
    ref.out_elems = to->out_elems;
    ref.weight_elems = to->weight_elems;
    double now = hs_fitted_ns(p, op, dt), then = hs_fitted_ns(p, &ref, dt);
    if (now < 0 || then < 0) {
        now = hs_roofline_ns(p, op, dt);
        then = hs_roofline_ns(p, &ref, dt);
    }
    if (!(then > 0))
        return -1;
    return now / then;
}

int hs_op_latency_use_trace(hs_op_latency *l, const hs_processor *p, const hs_op *op,
                            hs_dtype dt, const hs_trace_op *to)
{
    double s = hs_trace_shape_scale(p, op, to, dt);
    if (s < 0)
        return -1;
    l->src = HS_SRC_TRACE;
    l->add_ns = 0;
    l->samples_us = to->samples_us;
    l->n = to->n;
    l->cursor = 0;
    l->scale = s;
    return 0;
}

double hs_op_latency_mean_ns(const hs_op_latency *l)
{
    if (l->src != HS_SRC_TRACE)
        return l->model_ns;
    double sum = 0;
    for (int i = 0; i < l->n; i++)
        sum += l->samples_us[i];
    return sum / l->n * 1e3 * l->scale + l->add_ns;
}

void hs_op_latency_init(hs_op_latency *l, const hs_processor *p, const hs_op *op, hs_dtype dt,
                        const hs_trace *trace)
{
    l->samples_us = NULL;
    l->n = l->cursor = 0;
    l->scale = 1.0;
    l->add_ns = 0;
    double fitted = hs_fitted_ns(p, op, dt);
    if (fitted >= 0) {
        l->model_ns = fitted;
        l->src = HS_SRC_FITTED;
    } else {
        l->model_ns = hs_roofline_ns(p, op, dt);
        l->src = HS_SRC_ROOFLINE;
    }
    if (trace && trace->dtype == dt) {
        const hs_trace_op *to = hs_trace_find(trace, op->name, 1.0);
        if (to && hs_op_latency_use_trace(l, p, op, dt, to) == 0 && trace->kernel_only)
            l->add_ns = hs_dispatch_ns(p, op, dt);
    }
}

double hs_op_latency_max_ns(const hs_op_latency *l)
{
    if (l->src != HS_SRC_TRACE)
        return l->model_ns;
    double m = 0;
    for (int i = 0; i < l->n; i++)
        if (i == 0 || l->samples_us[i] * 1e3 * l->scale > m)
            m = l->samples_us[i] * 1e3 * l->scale;
    return m;
}

int hs_op_latency_check(const hs_op_latency *l, const hs_op *op, const char *what,
                        const hs_processor *p, hs_dtype dt, hs_error *err)
{
    double ns = hs_op_latency_max_ns(l);
    int64_t t;
    if (hs_clock_from_ns(ns, &t) == 0)
        return 0;
    char how[160];
    if (l->src == HS_SRC_TRACE)
        snprintf(how, sizeof how, "its trace's samples scaled by %.6g", l->scale);
    else if (l->src == HS_SRC_FITTED)
        snprintf(how, sizeof how, "the profile's fitted model");
    else
        snprintf(how, sizeof how, "the roofline: %.6g FLOP at %.6g GFLOP/s x efficiency %.6g",
                 op->flops, p->peak_gflops[dt], p->efficiency);
    hs_error_set(err, "op '%s'%s on processor %s takes %.6g ns (%.3g years) by %s, past the end "
                      "of the simulated clock (%.6g ns, about %.0f years): it cannot be simulated",
                 op->name, what ? what : "", p->name, ns, ns / 1e9 / 3.15576e7, how,
                 (double)HS_CLOCK_END_NS, HS_CLOCK_END_YEARS);
    return -1;
}

int64_t hs_op_latency_next(hs_op_latency *l, hs_trace_mode mode, hs_rng *rng)
{
    if (l->src != HS_SRC_TRACE)
        return hs_clock_ns(l->model_ns);
    int i;
    if (mode == HS_TRACE_SAMPLE) {
        i = (int)hs_rng_below(rng, (unsigned long)l->n);
    } else {
        i = l->cursor;
        l->cursor = (l->cursor + 1) % l->n;
    }
    return hs_clock_ns(l->samples_us[i] * 1e3 * l->scale + l->add_ns);
}
