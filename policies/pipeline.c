/* pipeline: the model cut into consecutive stages (in topological order),
 * each stage on its own processor; consecutive frames overlap, one frame per
 * stage in flight. Stage boundaries and the processor order are chosen to
 * minimise the slowest stage (the pipeline's period), by dynamic programming
 * over cut points for every ordered choice of 2 or 3 processors, on offline
 * estimates. Ops a stage's processor cannot run cost their host time plus a
 * transfer each way, as the simulator will make them fall back. */
#include <math.h>
#include <stdlib.h>

#include "sim/predict.h"
#include "policies/policy.h"

#define MAX_STAGES 3

typedef struct stage_dp {
    const hs_device *d;
    int n;
    const double *prefix;   /* prefix[p * (n + 1) + k]: cost of order[0..k) on p */
    const double *cut;      /* cut[k]: bytes entering a stage that starts at order[k] */
} stage_dp;

/* Cost of stage [a, b) on p, receiving its input from processor `from`. */
static double stage_cost(const stage_dp *s, int from, int p, int a, int b)
{
    double c = s->prefix[p * (s->n + 1) + b] - s->prefix[p * (s->n + 1) + a];
    return c + (double)hs_device_transfer_ns(s->d, from, p, s->cut[a]);
}

/* 1 when row p of the prefix sums never decreases (op costs >= 0). */
static int monotone(const stage_dp *s, int p)
{
    const double *P = &s->prefix[p * (s->n + 1)];
    for (int k = 0; k < s->n; k++)
        if (P[k + 1] < P[k])
            return 0;
    return 1;
}

/* The cut points of the second stage worth scanning for stages ending at b,
 * [*lo, *hi) within [1, b). The first stage's bottleneck f0[a] never
 * decreases with a (prefix sums plus one transfer) and the second's
 * P[b] - P[a] + transfer(cut[a]) is at least P[b] - P[a] + tmin, which
 * never increases: B, the value at the point where the two monotone parts
 * cross, bounds the optimum, and every a outside [lo, hi) has one part
 * above B. Scanning only there finds the same first minimum as scanning
 * all of [1, b) (the same comparisons, in the same order), in about
 * log n + the few cuts near the crossing instead of b: the dynamic
 * programme stays near-linear in the ops (a 10k-op model took 42 s). */
static void second_stage_window(const stage_dp *s, const int *procs, const double *f0, int b,
                                double tmin, int *lo, int *hi)
{
    const double *P = &s->prefix[procs[1] * (s->n + 1)];
    /* the last a with f0[a] <= P[b] - P[a] (the crossing) */
    int l = 1, h = b - 1, x = 1;
    while (l <= h) {
        int m = l + (h - l) / 2;
        if (f0[m] <= P[b] - P[m]) {
            x = m;
            l = m + 1;
        } else {
            h = m - 1;
        }
    }
    double B = fmax(f0[x], stage_cost(s, procs[0], procs[1], x, b));
    if (x + 1 < b)
        B = fmin(B, fmax(f0[x + 1], stage_cost(s, procs[0], procs[1], x + 1, b)));
    /* first a with P[b] - P[a] + tmin <= B */
    l = 1, h = b - 1;
    int a0 = b - 1;
    while (l <= h) {
        int m = l + (h - l) / 2;
        if (P[b] - P[m] + tmin <= B) {
            a0 = m;
            h = m - 1;
        } else {
            l = m + 1;
        }
    }
    /* last a with f0[a] <= B */
    l = a0, h = b - 1;
    int a1 = a0;
    while (l <= h) {
        int m = l + (h - l) / 2;
        if (f0[m] <= B) {
            a1 = m;
            l = m + 1;
        } else {
            h = m - 1;
        }
    }
    *lo = a0;
    *hi = a1 + 1;
}

/* Minimal bottleneck for stages on procs[0..k) covering order[0..n); fills
 * bounds[0..k] (stage j = [bounds[j], bounds[j+1])). Each stage non-empty.
 * The last stage ends at n only, so its row is computed at n alone. */
static double best_cuts(const stage_dp *s, const int *procs, int k, int *bounds)
{
    int n = s->n;
    /* f[j][b]: best bottleneck of the first j+1 stages covering [0, b) */
    double *f = malloc((size_t)k * (n + 1) * sizeof *f);
    int *arg = malloc((size_t)k * (n + 1) * sizeof *arg);
    if (!f || !arg) {
        free(f);
        free(arg);
        return INFINITY;
    }
    for (int b = 0; b <= n; b++) {
        f[b] = b > 0 ? stage_cost(s, s->d->host, procs[0], 0, b) : INFINITY;
        arg[b] = 0;
    }
    /* the second stage's window (second_stage_window) needs monotone prefix
     * sums on the first two processors; otherwise every cut is scanned */
    int window = monotone(s, procs[0]) && monotone(s, procs[1]);
    double cut_min = INFINITY;
    for (int a = 1; a < n; a++)
        cut_min = fmin(cut_min, s->cut[a]);
    double tmin = n > 1 ? (double)hs_device_transfer_ns(s->d, procs[0], procs[1], cut_min) : 0;
    for (int j = 1; j < k; j++)
        for (int b = 0; b <= n; b++) {
            double best = INFINITY;
            int ba = -1;
            int lo = j, hi = b;
            if (j == k - 1 && b < n)
                lo = hi = 0; /* the last stage ends at n: other ends are never read */
            else if (j == 1 && window && b > 1)
                second_stage_window(s, procs, f, b, tmin, &lo, &hi);
            for (int a = lo; a < hi; a++) {
                double prev = f[(j - 1) * (n + 1) + a];
                if (prev >= best)
                    continue;
                double v = fmax(prev, stage_cost(s, procs[j - 1], procs[j], a, b));
                if (v < best) {
                    best = v;
                    ba = a;
                }
            }
            f[j * (n + 1) + b] = best;
            arg[j * (n + 1) + b] = ba;
        }
    double result = f[(k - 1) * (n + 1) + n];
    bounds[k] = n;
    for (int j = k - 1; j >= 0; j--)
        bounds[j] = j > 0 ? arg[j * (n + 1) + bounds[j + 1]] : 0;
    free(f);
    free(arg);
    return result;
}

static int pipeline_plan(const hs_policy *self, const hs_policy_ctx *c, hs_plan *plan,
                         hs_error *err)
{
    (void)self;
    const hs_graph *g = c->g;
    const hs_device *d = c->d;
    int n = g->n_ops, np = d->n_procs, rc = -1;
    double *prefix = calloc((size_t)np * (n + 1), sizeof *prefix);
    double *cut = calloc((size_t)n + 1, sizeof *cut);
    if (!prefix || !cut) {
        hs_error_set(err, "pipeline: out of memory");
        goto done;
    }
    for (int p = 0; p < np; p++)
        for (int k = 0; k < n; k++) {
            int i = g->topo[k];
            double w = hs_est_op_ns(c->est, i, p, 1.0, HS_SPLIT_NONE);
            if (w < 0) { /* falls back: host time and a transfer each way */
                w = hs_est_op_ns(c->est, i, d->host, 1.0, HS_SPLIT_NONE);
                const hs_op *op = &g->ops[i];
                if (op->n_in)
                    w += hs_est_transfer_ns(c->est, op->in[0], g->dtype, p, d->host);
                w += hs_est_transfer_ns(c->est, op->out[0], g->dtype, d->host, p);
            }
            prefix[p * (n + 1) + k + 1] = prefix[p * (n + 1) + k] + w;
        }
    /* data entering a stage: the graph input, or what the previous op wrote */
    for (int k = 0; k < n; k++) {
        int t = k > 0 ? g->ops[g->topo[k - 1]].out[0] : g->n_inputs ? g->inputs[0] : -1;
        cut[k] = t >= 0 ? (double)g->tensors[t].elems * hs_dtype_size(g->dtype) : 0;
    }
    stage_dp s = {d, n, prefix, cut};
    double best = INFINITY;
    int best_k = 0, best_procs[MAX_STAGES], best_bounds[MAX_STAGES + 1];
    int procs[MAX_STAGES], bounds[MAX_STAGES + 1];
    /* processors that can run the model's precision at all (an int8-only DSP
     * would send a whole stage back to the host, which runs its own stage) */
    int usable[64], nu = 0;
    for (int p = 0; p < np && nu < 64; p++) {
        hs_dtype dt;
        if (hs_est_dtype(c->est, p, &dt) == 0)
            usable[nu++] = p;
    }
    /* every ordered choice of 2..3 distinct usable processors */
    for (int k = 2; k <= MAX_STAGES && k <= nu && k <= n; k++) {
        int idx[MAX_STAGES] = {0};
        for (;;) {
            int distinct = 1;
            for (int a = 0; a < k; a++)
                for (int b = 0; b < a; b++)
                    distinct &= idx[a] != idx[b];
            if (distinct) {
                for (int a = 0; a < k; a++)
                    procs[a] = usable[idx[a]];
                double v = best_cuts(&s, procs, k, bounds);
                if (v < best) {
                    best = v;
                    best_k = k;
                    for (int a = 0; a < k; a++)
                        best_procs[a] = procs[a];
                    for (int a = 0; a <= k; a++)
                        best_bounds[a] = bounds[a];
                }
            }
            int a = k - 1;
            while (a >= 0 && ++idx[a] == nu)
                idx[a--] = 0;
            if (a < 0)
                break;
        }
    }
    if (best_k == 0) { /* a one-op model or one processor: nothing to pipeline */
        for (int i = 0; i < n; i++)
            hs_plan_set(plan, i, d->host);
        plan->inflight = 1;
    } else {
        for (int j = 0; j < best_k; j++)
            for (int k = best_bounds[j]; k < best_bounds[j + 1]; k++)
                hs_plan_set(plan, g->topo[k], best_procs[j]);
        plan->inflight = best_k;
        plan->runtime_decisions = 1;
    }
    rc = hs_plan_predict(c->est, plan, HS_PREDICT_STATIC, &plan->predicted_ns, err);
done:
    free(prefix);
    free(cut);
    return rc;
}

const hs_policy hs_policy_pipeline = {
    .name = "pipeline",
    .summary = "model cut into stages on different processors; frames overlap",
    .description =
        "Cuts the operators, in topological order, into 2 or 3 consecutive stages placed on "
        "different processors, choosing the cut points and the processor of each stage to "
        "minimise the slowest stage (dynamic programming on offline estimates). In a closed "
        "loop it keeps one frame per stage in flight, so throughput approaches one frame per "
        "slowest stage while each frame still pays every stage and the transfers between "
        "them; sub-graph parallelism leaves processors idle when stages are unbalanced.",
    .paper = "pipelined inference across heterogeneous processors, e.g. Pipe-it (Wang et al., "
             "DATE 2019) and Band's subgraph pipeline (Jeong et al., MobiSys 2022)",
    .make_plan = pipeline_plan,
};
