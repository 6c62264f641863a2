#include "sim/taskgraph.h"

#include "sim/estimator.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/clock.h"

void hs_taskgraph_free(hs_taskgraph *tg)
{
    if (!tg)
        return;
    for (int p = 0; p < tg->n_producers; p++) {
        for (int r = 0; r < tg->prod[p].n_routes; r++)
            free(tg->prod[p].routes[r].cons);
        free(tg->prod[p].routes);
    }
    free(tg->prod);
    free(tg->depth);
    free(tg->tasks);
    free(tg->op_task);
    free(tg);
}

/* Ops that work per channel (a channel split of their input stays local). */
static int per_channel(const hs_op *op)
{
    if (hs_op_type_has(op->type_id, HS_OPF_PER_CHANNEL))
        return 1;
    return op->attrs.group > 1 && op->type_id == HS_OP_CONV; /* depthwise/grouped */
}

/* 1 when consumer op j keeps producer op i's partition local. */
static int chained(const hs_graph *g, const hs_placement *pl, int i, int j)
{
    const hs_plan_op *a = &pl->ops[i].at, *b = &pl->ops[j].at;
    if (a->n_parts < 2 || a->chain < 0 || a->chain != b->chain || a->dim != b->dim ||
        a->n_parts != b->n_parts)
        return 0;
    for (int k = 0; k < a->n_parts; k++)
        if (a->proc[k] != b->proc[k] || a->frac[k] != b->frac[k])
            return 0;
    return a->dim == HS_SPLIT_HEIGHT || per_channel(&g->ops[j]);
}

/* Bytes of one input row band of tensor t that a kernel of height kh needs
 * from a neighbour part: (kh - 1) / 2 rows. */
static double halo_bytes(const hs_tensor *t, int kh, double tensor_bytes)
{
    int64_t h = t->rank >= 3 ? t->shape[2] : 1;
    return h > 0 ? (double)((kh - 1) / 2) * tensor_bytes / (double)h : 0;
}

/* Bytes consumer task q (op j) needs from producer part p of tensor t. */
static double bytes_needed(const hs_graph *g, const hs_placement *pl, int i, int p, int j, int q,
                           const hs_tensor *t, double tensor_bytes)
{
    const hs_plan_op *a = i >= 0 ? &pl->ops[i].at : NULL;
    const hs_plan_op *b = &pl->ops[j].at;
    double pf = a ? a->frac[p] : 1.0;
    int kh = g->ops[j].attrs.kernel_h;
    if (i >= 0 && chained(g, pl, i, j)) {
        if (p == q)
            return pf * tensor_bytes;
        if (b->dim == HS_SPLIT_HEIGHT && (p == q - 1 || p == q + 1))
            return halo_bytes(t, kh, tensor_bytes);
        return 0;
    }
    if (b->n_parts > 1 && b->dim == HS_SPLIT_HEIGHT && (!a || a->n_parts == 1)) {
        /* a whole tensor feeding a height split: each part reads its rows */
        double need = b->frac[q] * tensor_bytes + 2 * halo_bytes(t, kh, tensor_bytes);
        return need < tensor_bytes ? need : tensor_bytes;
    }
    return pf * tensor_bytes;
}

typedef struct builder {
    const hs_device *d;
    const hs_graph *g;
    const hs_placement *pl;
    hs_taskgraph *tg;
} builder;

/* Find or add producer `pr`'s route to processor `dest`. */
static hs_route *route_to(builder *b, int pr, int dest)
{
    hs_producer *P = &b->tg->prod[pr];
    for (int r = 0; r < P->n_routes; r++)
        if (P->routes[r].dest == dest)
            return &P->routes[r];
    hs_route *nr = realloc(P->routes, (size_t)(P->n_routes + 1) * sizeof *nr);
    if (!nr)
        return NULL;
    P->routes = nr;
    hs_route *r = &P->routes[P->n_routes++];
    memset(r, 0, sizeof *r);
    r->dest = dest;
    return r;
}

static int add_consumer(hs_route *r, int task)
{
    for (int k = 0; k < r->n_cons; k++)
        if (r->cons[k] == task)
            return 0;
    int *nc = realloc(r->cons, (size_t)(r->n_cons + 1) * sizeof *nc);
    if (!nc)
        return -1;
    r->cons = nc;
    r->cons[r->n_cons++] = task;
    return 1;
}

/* Routes of producer `pr` (part p of op i, or graph input when i < 0) for
 * tensor t. Bytes to one processor: the most any consumer there needs. */
static int tensor_routes(builder *b, int pr, int i, int p, int t)
{
    const hs_graph *g = b->g;
    const hs_tensor *tn = &g->tensors[t];
    hs_dtype dt = i >= 0 ? b->pl->ops[i].dtype[p] : g->dtype;
    double tbytes = (double)tn->elems * hs_dtype_size(dt);
    int src = b->tg->prod[pr].proc;
    double *need = calloc((size_t)b->d->n_procs, sizeof *need);
    unsigned char *meet = calloc((size_t)b->d->n_procs, 2);
    if (!need || !meet) {
        free(need);
        free(meet);
        return -1;
    }
    unsigned char *dt_differs = meet + b->d->n_procs;
    for (int c = 0; c < tn->n_consumers; c++) {
        int j = tn->consumers[c];
        for (int q = b->tg->op_task[j]; q < b->tg->op_task[j + 1]; q++) {
            const hs_task *ct = &b->tg->tasks[q];
            double by = bytes_needed(g, b->pl, i, p, j, ct->part, tn, tbytes);
            if (by <= 0)
                continue;
            hs_route *r = route_to(b, pr, ct->proc);
            int added;
            if (!r || (added = add_consumer(r, q)) < 0) {
                free(need);
                free(meet);
                return -1;
            }
            /* a meeting: an op's data handed over, unless the consumer
             * keeps the producer's chain (CoDL: partitions stay local);
             * a graph input is there before the frame starts */
            if (i >= 0 && !chained(g, b->pl, i, j))
                meet[ct->proc] = 1;
            if (ct->dtype != dt)
                dt_differs[ct->proc] = 1;
            b->tg->tasks[q].deps += added;
            if (by > need[ct->proc])
                need[ct->proc] = by;
        }
    }
    int is_output = 0;
    for (int k = 0; k < g->n_outputs; k++)
        is_output |= g->outputs[k] == t;
    if (is_output && i >= 0) {
        double by = b->pl->ops[i].at.frac[p] * tbytes;
        hs_route *r = route_to(b, pr, b->d->host);
        if (!r) {
            free(need);
            free(meet);
            return -1;
        }
        meet[b->d->host] = 1; /* the host waits for the frame's result */
        if (!r->to_sink)
            b->tg->n_sink++;
        r->to_sink = 1;
        if (by > need[b->d->host])
            need[b->d->host] = by;
    }
    hs_producer *P = &b->tg->prod[pr];
    for (int r = 0; r < P->n_routes; r++) {
        P->routes[r].bytes += need[P->routes[r].dest];
        need[P->routes[r].dest] = 0; /* counted once per tensor */
    }
    for (int r = 0; r < P->n_routes; r++) {
        hs_route *rt = &P->routes[r];
        rt->cost_ns = hs_device_exchange_ns(b->d, src, rt->dest, rt->bytes, dt_differs[rt->dest]);
        if (meet[rt->dest]) /* once per route, whichever tensor makes it meet */
            rt->sync_ns = hs_coexec_meeting_ns(b->d, src, rt->dest);
    }
    free(need);
    free(meet);
    return 0;
}

hs_taskgraph *hs_taskgraph_build(const hs_device *d, const hs_graph *g, const hs_placement *pl,
                                 hs_trace *const *traces, hs_error *err)
{
    hs_taskgraph *tg = calloc(1, sizeof *tg);
    if (!tg)
        goto oom;
    builder b = {d, g, pl, tg};
    tg->op_task = calloc((size_t)g->n_ops + 1, sizeof *tg->op_task);
    if (!tg->op_task)
        goto oom;
    for (int i = 0; i < g->n_ops; i++)
        tg->op_task[i + 1] = tg->op_task[i] + pl->ops[i].at.n_parts;
    tg->n_tasks = tg->op_task[g->n_ops];
    tg->n_producers = tg->n_tasks + g->n_inputs;
    tg->tasks = calloc((size_t)tg->n_tasks, sizeof *tg->tasks);
    tg->prod = calloc((size_t)tg->n_producers, sizeof *tg->prod);
    if (!tg->tasks || !tg->prod)
        goto oom;
    for (int i = 0; i < g->n_ops; i++) {
        const hs_placed_op *po = &pl->ops[i];
        for (int p = 0; p < po->at.n_parts; p++) {
            int t = tg->op_task[i] + p;
            hs_task *tk = &tg->tasks[t];
            tk->op = i;
            tk->part = p;
            tk->proc = po->at.proc[p];
            tk->dtype = po->dtype[p];
            tk->frac = po->at.frac[p];
            tk->split = po->at.n_parts > 1;
            tk->dispatch_ns = tk->split ? hs_coexec_dispatch_ns(d, tk->proc) : 0;
            tk->scale = pl->gpu_buffers && tk->proc == d->coexec.accel && d->coexec.present
                            ? d->coexec.buffer_slowdown
                            : 1.0;
            hs_part_latency_init(&tk->lat, &d->procs[tk->proc], &g->ops[i], tk->dtype,
                         traces ? traces[tk->proc] : NULL, tk->frac, po->at.dim);
            tg->src_count[tk->lat.src]++;
            char part[48] = "";
            if (po->at.n_parts > 1)
                snprintf(part, sizeof part, " (part %d of %d)", p + 1, po->at.n_parts);
            if (hs_op_latency_check(&tk->lat, &g->ops[i], part, &d->procs[tk->proc], tk->dtype,
                                    err) < 0)
                goto fail;
            tk->offline_ns = hs_op_latency_mean_ns(&tk->lat) * tk->scale;
            tg->prod[t].proc = tk->proc;
        }
    }
    for (int k = 0; k < g->n_inputs; k++)
        tg->prod[tg->n_tasks + k].proc = d->host;
    tg->decision_ns = pl->runtime_decisions ? hs_clock_ns(d->decision_us * 1e3) : 0;
    tg->reuse_frame = pl->reuse_frame;
    tg->reuse_layer = pl->reuse_layer;
    tg->skip_below = pl->skip_below;
    if (tg->reuse_frame || tg->reuse_layer) {
        /* the check reads this frame's and the last frame's input on the host */
        double in_bytes = 0;
        for (int k = 0; k < g->n_inputs; k++)
            in_bytes += (double)g->tensors[g->inputs[k]].elems * hs_dtype_size(g->dtype);
        const hs_processor *h = &d->procs[d->host];
        tg->check_ns = hs_clock_ns(2 * in_bytes / h->mem_bw_gbps + h->launch_us * 1e3);
        if (tg->check_ns >= HS_CLOCK_END_NS) {
            hs_error_set(err, "the reuse check of %.6g input bytes on processor %s (%.6g GB/s) "
                              "takes past the end of the simulated clock (%.6g ns)",
                         2 * in_bytes, h->name, h->mem_bw_gbps, (double)HS_CLOCK_END_NS);
            goto fail;
        }
        if (!(tg->depth = malloc((size_t)(tg->n_tasks ? tg->n_tasks : 1) * sizeof *tg->depth)))
            goto oom;
        for (int k = 0; k < g->n_ops; k++)
            for (int t = tg->op_task[g->topo[k]]; t < tg->op_task[g->topo[k] + 1]; t++)
                tg->depth[t] = (double)k / g->n_ops;
    }
    for (int t = 0; t < tg->n_tasks; t++) {
        const hs_task *tk = &tg->tasks[t];
        const hs_op *op = &g->ops[tk->op];
        for (int o = 0; o < op->n_out; o++)
            if (tensor_routes(&b, t, tk->op, tk->part, op->out[o]) < 0)
                goto oom;
    }
    for (int k = 0; k < g->n_inputs; k++)
        if (tensor_routes(&b, tg->n_tasks + k, -1, 0, g->inputs[k]) < 0)
            goto oom;
    for (int pr = 0; pr < tg->n_producers; pr++)
        for (int r = 0; r < tg->prod[pr].n_routes; r++) {
            const hs_route *rt = &tg->prod[pr].routes[r];
            if (rt->cost_ns < HS_CLOCK_END_NS)
                continue;
            hs_error_set(err, "the transfer of %.6g bytes from %s '%s' on processor %s to %s "
                              "takes past the end of the simulated clock (%.6g ns, about %.0f "
                              "years): it cannot be simulated",
                         rt->bytes, pr < tg->n_tasks ? "op" : "graph input",
                         pr < tg->n_tasks ? g->ops[tg->tasks[pr].op].name
                                          : g->tensors[g->inputs[pr - tg->n_tasks]].name,
                         d->procs[tg->prod[pr].proc].name, d->procs[rt->dest].name,
                         (double)HS_CLOCK_END_NS, HS_CLOCK_END_YEARS);
            goto fail;
        }
    return tg;
oom:
    hs_error_set_runtime(err, "out of memory building the task graph");
fail:
    hs_taskgraph_free(tg);
    return NULL;
}
