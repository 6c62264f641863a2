/* heft: Heterogeneous Earliest Finish Time list scheduling of the operator
 * DAG (Topcuoglu, Hariri, Wu, IEEE TPDS 2002), with transfer costs.
 *  1. upward rank of each op: its mean cost over the processors that can run
 *     it, plus the largest (mean transfer cost + rank) over its successors;
 *  2. ops in decreasing rank (ties in topological order) each go to the
 *     processor where they finish earliest, inserted into the first idle gap
 *     long enough (insertion-based), data arriving from producers on other
 *     processors after the profile's transfer cost.
 * The makespan of that schedule, including bringing the outputs back to the
 * host, is the policy's predicted latency. Transfers between a CPU and the
 * co-execution accelerator include their meeting (hs_est_transfer_ns). A
 * schedule its own estimate puts behind the best single processor's (same
 * estimate, ops in order on that processor) is replaced by that plan. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "policies/policy.h"

typedef struct slot {
    double start, end;
} slot;

typedef struct timeline { /* busy intervals of one processor, sorted */
    slot *s;
    int n, cap;
} timeline;

/* Earliest start >= ready with a gap of `dur` on the timeline. The slots do
 * not overlap, so their ends rise with their starts: the slots that end by
 * `ready` are a prefix, skipped by binary search (a linear scan from the
 * first slot made HEFT quadratic in the ops). */
static double earliest_gap(const timeline *tl, double ready, double dur, int *at)
{
    double t = ready;
    int lo = 0, hi = tl->n; /* first slot with end > ready */
    while (lo < hi) {
        int m = lo + (hi - lo) / 2;
        if (tl->s[m].end <= ready)
            lo = m + 1;
        else
            hi = m;
    }
    int i;
    for (i = lo; i < tl->n; i++) {
        if (tl->s[i].end <= t)
            continue;
        if (tl->s[i].start >= t + dur)
            break;
        t = tl->s[i].end;
    }
    *at = i;
    return t;
}

static int insert_slot(timeline *tl, int at, double start, double end)
{
    if (tl->n == tl->cap) {
        int nc = tl->cap ? tl->cap * 2 : 32;
        slot *ns = realloc(tl->s, (size_t)nc * sizeof *ns);
        if (!ns)
            return -1;
        tl->s = ns;
        tl->cap = nc;
    }
    memmove(&tl->s[at + 1], &tl->s[at], (size_t)(tl->n - at) * sizeof *tl->s);
    tl->s[at] = (slot){start, end};
    tl->n++;
    return 0;
}

typedef struct ranked {
    double rank;
    int pos, op; /* pos: place in the topological order */
} ranked;

static int by_rank(const void *a, const void *b)
{
    const ranked *x = a, *y = b;
    if (x->rank > y->rank)
        return -1;
    if (x->rank < y->rank)
        return 1;
    return (x->pos > y->pos) - (x->pos < y->pos);
}

/* Mean cost of moving tensor t between two different processors. */
static double mean_transfer(const hs_policy_ctx *c, int t)
{
    const hs_device *d = c->d;
    double sum = 0;
    int n = 0;
    for (int p = 0; p < d->n_procs; p++)
        for (int q = 0; q < d->n_procs; q++)
            if (p != q) {
                sum += hs_est_transfer_ns(c->est, t, c->g->dtype, p, q);
                n++;
            }
    return n ? sum / n : 0;
}

/* When op i's inputs can all be on processor p: each producer's finish time
 * fin[] (graph inputs at 0, on the host), plus the transfer from where the
 * producer ran (where[]) when that is not p. */
static double inputs_ready(const hs_policy_ctx *c, const double *fin, const int *where, int i,
                           int p)
{
    const hs_graph *g = c->g;
    const hs_op *op = &g->ops[i];
    double ready = 0;
    for (int j = 0; j < op->n_in; j++) {
        int t = op->in[j], pr = g->tensors[t].producer;
        int from = pr >= 0 ? where[pr] : c->d->host;
        double avail = pr >= 0 ? fin[pr] : 0;
        hs_dtype dt = g->dtype;
        if (pr >= 0)
            hs_est_dtype(c->est, from, &dt);
        if (from != p)
            avail += hs_est_transfer_ns(c->est, t, dt, from, p);
        if (avail > ready)
            ready = avail;
    }
    return ready;
}

/* HEFT's own estimate of a fixed assignment (op i on where[i]): ops in
 * topological order, each starting once its processor is free and its
 * inputs have arrived (transfers and meetings as in the schedule), the
 * outputs brought back to the host. `freeat` holds np entries of scratch. */
static double fixed_makespan(const hs_policy_ctx *c, const double *w, const int *where,
                             double *fin, double *freeat)
{
    const hs_graph *g = c->g;
    const hs_device *d = c->d;
    int np = d->n_procs;
    double makespan = 0;
    for (int p = 0; p < np; p++)
        freeat[p] = 0;
    for (int k = 0; k < g->n_ops; k++) {
        int i = g->topo[k], p = where[i];
        double ready = fmax(freeat[p], inputs_ready(c, fin, where, i, p));
        fin[i] = freeat[p] = ready + w[i * np + p];
    }
    for (int k = 0; k < g->n_outputs; k++) {
        int t = g->outputs[k], pr = g->tensors[t].producer;
        double end = fin[pr];
        if (where[pr] != d->host) {
            hs_dtype dt = g->dtype;
            hs_est_dtype(c->est, where[pr], &dt);
            end += hs_est_transfer_ns(c->est, t, dt, where[pr], d->host);
        }
        if (end > makespan)
            makespan = end;
    }
    return makespan;
}

/* Never a schedule HEFT's own estimate says is slower than the best single
 * processor (every op there it can run, the rest on the host): compare and,
 * when the schedule loses, take that processor's plan. `where`, `fin` are
 * reused as scratch. */
static int heft_guard(const hs_policy_ctx *c, hs_plan *plan, const double *w, int *where,
                      double *fin, double *freeat)
{
    const hs_device *d = c->d;
    int np = d->n_procs, n = c->g->n_ops, best_p = -1;
    double best = 0;
    for (int p = 0; p < np; p++) {
        for (int i = 0; i < n; i++)
            where[i] = w[i * np + p] >= 0 ? p : d->host;
        double t = fixed_makespan(c, w, where, fin, freeat);
        if (best_p < 0 || t < best) {
            best = t;
            best_p = p;
        }
    }
    plan->single_ns = best;
    plan->single_proc = best_p;
    if (!(plan->predicted_ns > best))
        return 0;
    plan->own_ns = plan->predicted_ns;
    for (int i = 0; i < n; i++)
        hs_plan_set(plan, i, w[i * np + best_p] >= 0 ? best_p : d->host);
    plan->predicted_ns = best;
    plan->runtime_decisions = 0;
    plan->fell_back = 1;
    return 0;
}

static int heft_plan(const hs_policy *self, const hs_policy_ctx *c, hs_plan *plan, hs_error *err)
{
    (void)self;
    const hs_graph *g = c->g;
    const hs_device *d = c->d;
    int n = g->n_ops, np = d->n_procs, rc = -1;
    double *w = malloc((size_t)n * np * sizeof *w);    /* cost of op i on p, -1: cannot */
    double *wbar = calloc((size_t)n, sizeof *wbar);
    double *rank = calloc((size_t)n, sizeof *rank);
    double *aft = calloc((size_t)n, sizeof *aft);
    int *order = malloc((size_t)n * sizeof *order), *topo_pos = malloc((size_t)n * sizeof(int));
    int *where = malloc((size_t)n * sizeof *where);
    timeline *tl = calloc((size_t)np, sizeof *tl);
    if (!w || !wbar || !rank || !aft || !order || !topo_pos || !where || !tl) {
        hs_error_set(err, "heft: out of memory");
        goto done;
    }
    for (int i = 0; i < n; i++) {
        int k = 0;
        for (int p = 0; p < np; p++) {
            w[i * np + p] = hs_est_op_ns(c->est, i, p, 1.0, HS_SPLIT_NONE);
            if (w[i * np + p] >= 0) {
                wbar[i] += w[i * np + p];
                k++;
            }
        }
        if (k == 0) {
            hs_error_set(err, "heft: no processor of %s can run op \"%s\" (%s)", d->name,
                         g->ops[i].name, g->ops[i].type);
            goto done;
        }
        wbar[i] /= k;
    }
    /* upward ranks, in reverse topological order */
    for (int k = n - 1; k >= 0; k--) {
        int i = g->topo[k];
        topo_pos[i] = k;
        double best = 0;
        const hs_op *op = &g->ops[i];
        for (int o = 0; o < op->n_out; o++) {
            const hs_tensor *t = &g->tensors[op->out[o]];
            double cbar = t->n_consumers ? mean_transfer(c, op->out[o]) : 0;
            for (int s = 0; s < t->n_consumers; s++)
                if (cbar + rank[t->consumers[s]] > best)
                    best = cbar + rank[t->consumers[s]];
        }
        rank[i] = wbar[i] + best;
    }
    /* by decreasing rank, ties in topological order (a stable sort of the
     * topological order: the position breaks ties), in O(n log n) */
    ranked *rk = malloc((size_t)(n > 0 ? n : 1) * sizeof *rk);
    if (!rk) {
        hs_error_set(err, "heft: out of memory");
        goto done;
    }
    for (int k = 0; k < n; k++)
        rk[k] = (ranked){rank[g->topo[k]], k, g->topo[k]};
    qsort(rk, (size_t)n, sizeof *rk, by_rank);
    for (int k = 0; k < n; k++)
        order[k] = rk[k].op;
    free(rk);
    double makespan = 0;
    for (int k = 0; k < n; k++) {
        int i = order[k];
        double best_eft = -1, best_start = 0;
        int best_p = -1, best_at = 0;
        for (int p = 0; p < np; p++) {
            double wi = w[i * np + p];
            if (wi < 0)
                continue;
            double ready = inputs_ready(c, aft, where, i, p);
            int at;
            double start = earliest_gap(&tl[p], ready, wi, &at);
            if (best_p < 0 || start + wi < best_eft) {
                best_eft = start + wi;
                best_start = start;
                best_p = p;
                best_at = at;
            }
        }
        if (insert_slot(&tl[best_p], best_at, best_start, best_eft) < 0) {
            hs_error_set(err, "heft: out of memory");
            goto done;
        }
        where[i] = best_p;
        aft[i] = best_eft;
        hs_plan_set(plan, i, best_p);
    }
    /* outputs travel back to the host */
    for (int k = 0; k < g->n_outputs; k++) {
        int t = g->outputs[k], pr = g->tensors[t].producer;
        double end = aft[pr];
        if (where[pr] != d->host) {
            hs_dtype dt = g->dtype;
            hs_est_dtype(c->est, where[pr], &dt);
            end += hs_est_transfer_ns(c->est, t, dt, where[pr], d->host);
        }
        if (end > makespan)
            makespan = end;
    }
    plan->predicted_ns = makespan;
    plan->runtime_decisions = 1;
    /* never a schedule predicted slower than the best single processor */
    {
        double *freeat = malloc((size_t)np * sizeof *freeat);
        if (!freeat) {
            hs_error_set(err, "heft: out of memory");
            goto done;
        }
        rc = heft_guard(c, plan, w, where, aft, freeat);
        free(freeat);
    }
done:
    if (tl)
        for (int p = 0; p < np; p++)
            free(tl[p].s);
    free(tl);
    free(w);
    free(wbar);
    free(rank);
    free(aft);
    free(order);
    free(topo_pos);
    free(where);
    return rc;
}

const hs_policy hs_policy_heft = {
    .name = "heft",
    .summary = "HEFT list scheduling of the operator DAG over all processors",
    .description =
        "Ranks every operator by its upward rank (mean cost over the processors that support "
        "it plus the costliest path to the exit, transfers included) and assigns operators in "
        "decreasing rank to the processor giving the earliest finish time, filling idle gaps "
        "(insertion-based). It uses offline estimates (trace means or the profile's latency "
        "model) and predicts the frame latency; with inter-operator parallelism it only pays "
        "when the DAG has parallel branches and transfers are cheap.",
    .paper = "Topcuoglu, Hariri, Wu: Performance-effective and low-complexity task scheduling "
             "for heterogeneous computing, IEEE TPDS 13(3), 2002",
    .make_plan = heft_plan,
};
