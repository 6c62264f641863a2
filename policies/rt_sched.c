#include "policies/rt_sched.h"

#include <math.h>
#include <stdlib.h>

#include "base/clock.h"
#include "devices/support.h"
#include "sim/predict.h"

void hs_rt_free(void *state)
{
    hs_rt_state *s = state;
    if (!s)
        return;
    free(s->offline);
    free(s->ema);
    free(s->fixed);
    free(s->rr_next);
    free(s->rest);
    free(s);
}

static uint64_t support_mask(const hs_policy_ctx *c, int op)
{
    uint64_t m = 1ULL << c->d->host;
    for (int p = 0; p < c->d->n_procs && p < 64; p++)
        if (hs_est_op_ns(c->est, op, p, 1.0, HS_SPLIT_NONE) >= 0)
            m |= 1ULL << p;
    return m;
}

hs_rt_state *hs_rt_setup(const hs_policy_ctx *c, hs_plan *plan, int min_size, hs_error *err)
{
    const hs_graph *g = c->g;
    const hs_device *d = c->d;
    int n = g->n_ops, np = d->n_procs;
    uint64_t host = 1ULL << d->host;
    int *unit_of = calloc((size_t)(n > 0 ? n : 1), sizeof *unit_of);
    uint64_t *umask = malloc((size_t)n * sizeof *umask);
    hs_rt_state *s = calloc(1, sizeof *s);
    if (!unit_of || !umask || !s)
        goto oom;
    /* unit subgraphs: maximal runs with one support mask; then merge
     * neighbours while they still share an accelerator */
    int nu = 0;
    for (int k = 0; k < n; k++) {
        int i = g->topo[k];
        uint64_t m = support_mask(c, i);
        if (nu > 0 && ((umask[nu - 1] & m & ~host) || (umask[nu - 1] == host && m == host))) {
            umask[nu - 1] &= m;
        } else {
            umask[nu++] = m;
        }
        unit_of[i] = nu - 1;
    }
    if (!(plan->units = hs_units_build(d, g, unit_of, nu, err)))
        goto fail;
    hs_units *us = plan->units;
    for (int u = 0; u < nu; u++)
        if (us->u[u].n_ops < min_size && (us->u[u].cand & ~host))
            us->u[u].cand = host; /* too small to be worth an accelerator */
    s->d = d;
    s->us = us;
    s->np = np;
    s->alpha = 0.1;
    s->window_ns = 100e6;
    s->offline = malloc((size_t)nu * np * sizeof *s->offline);
    s->ema = malloc((size_t)nu * np * sizeof *s->ema);
    s->fixed = malloc((size_t)nu * sizeof *s->fixed);
    s->rr_next = calloc((size_t)nu, sizeof *s->rr_next);
    s->rest = calloc((size_t)nu, sizeof *s->rest);
    if (!s->offline || !s->ema || !s->fixed || !s->rr_next || !s->rest)
        goto oom;
    for (int p = 0; p < np && p < 64; p++)
        s->cap[p] = 1.0;
    for (int u = 0; u < nu; u++) {
        int best = d->host;
        for (int p = 0; p < np; p++) {
            double t = -1;
            if (p < 64 && (us->u[u].cand & (1ULL << p))) {
                t = 0;
                for (int k = 0; k < us->u[u].n_ops; k++)
                    t += hs_est_op_ns(c->est, us->u[u].ops[k], p, 1.0, HS_SPLIT_NONE);
            }
            s->offline[u * np + p] = s->ema[u * np + p] = t;
        }
        /* the fastest candidate offline; the host unless another is faster
         * (all times known before comparing: the host may come after p) */
        for (int p = 0; p < np; p++) {
            double t = s->offline[u * np + p];
            if (t >= 0 && t < s->offline[u * np + best])
                best = p;
        }
        s->fixed[u] = best;
        for (int k = 0; k < us->u[u].n_ops; k++) {
            hs_plan_set(plan, us->u[u].ops[k], best);
            plan->ops[us->u[u].ops[k]].chain = u;
        }
    }
    /* units were cut in topological order: walk them backwards */
    for (int u = nu - 1; u >= 0; u--)
        for (int k = 0; k < us->u[u].n_succ; k++) {
            int v = us->u[u].succ[k];
            double t = s->offline[v * np + s->fixed[v]] + s->rest[v];
            if (t > s->rest[u])
                s->rest[u] = t;
        }
    plan->runtime_decisions = 1;
    free(unit_of);
    free(umask);
    return s;
oom:
    hs_error_set(err, "%s: out of memory", plan->policy);
fail:
    free(unit_of);
    free(umask);
    hs_rt_free(s);
    return NULL;
}

double hs_rt_transfer_in(const hs_rt_state *s, const hs_rt_view *v, int unit, int p)
{
    const hs_unit *u = &s->us->u[unit];
    double t = 0;
    for (int k = 0; k < u->n_pred; k++) {
        int from = v->ran_on[u->pred[k]];
        int src = from < 0 ? s->d->host : from;
        double x = (double)(hs_device_transfer_ns(s->d, src, p, u->pred_bytes[k]) +
                            hs_coexec_meeting_ns(s->d, src, p));
        t = fmax(t, x);
    }
    if (u->in_bytes > 0)
        t = fmax(t, (double)hs_device_transfer_ns(s->d, s->d->host, p, u->in_bytes));
    return t;
}

int hs_rt_earliest(const hs_rt_state *s, const hs_rt_view *v, int unit, uint64_t allowed,
                   double *expect_ns)
{
    int best = -1;
    double best_finish = INFINITY;
    for (int p = 0; p < s->np && p < 64; p++) {
        if (!(s->us->u[unit].cand & allowed & (1ULL << p)))
            continue;
        double start = fmax((double)v->now + hs_rt_transfer_in(s, v, unit, p), (double)v->free_at[p]);
        double finish = start + s->ema[unit * s->np + p];
        if (finish < best_finish) {
            best_finish = finish;
            best = p;
        }
    }
    if (best >= 0)
        *expect_ns = s->ema[unit * s->np + best];
    return best;
}

int64_t hs_rt_least_slack(void *state, const hs_rt_view *v, int unit, int proc)
{
    const hs_rt_state *s = state;
    if (!(v->slo_ns > 0))
        return v->frame_arrival;
    double left = s->ema[unit * s->np + proc] + s->rest[unit];
    return hs_clock_ns((double)v->frame_arrival + v->slo_ns - left);
}

void hs_rt_observe(void *state, int unit, int proc, double ns, hs_time now)
{
    hs_rt_state *s = state;
    double *e = &s->ema[unit * s->np + proc];
    *e = (1 - s->alpha) * *e + s->alpha * ns;
    if (proc < 64) { /* busy and elapsed time, decayed alike over the window */
        double dt = (double)(now - s->util_at[proc]), k = exp(-dt / s->window_ns);
        s->busy[proc] = s->busy[proc] * k + ns;
        s->span[proc] = s->span[proc] * k + dt;
        s->util_at[proc] = now;
    }
}

double hs_rt_utilization(const hs_rt_state *s, int p, hs_time now)
{
    double dt = (double)(now - s->util_at[p]), k = exp(-dt / s->window_ns);
    double span = s->span[p] * k + dt;
    return span > 0 ? s->busy[p] * k / span : 0.0;
}
