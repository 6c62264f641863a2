#include "sim/runtime.h"

#include <stdlib.h>
#include <string.h>

#include "devices/support.h"

void hs_units_free(hs_units *us)
{
    if (!us)
        return;
    for (int k = 0; k < us->n; k++) {
        free(us->u[k].ops);
        free(us->u[k].pred);
        free(us->u[k].pred_bytes);
        free(us->u[k].succ);
    }
    free(us->u);
    free(us->unit_of_op);
    free(us);
}

static int add_edge(hs_unit *from, int to_id, hs_unit *to, int from_id, double bytes)
{
    for (int k = 0; k < to->n_pred; k++)
        if (to->pred[k] == from_id) {
            to->pred_bytes[k] += bytes;
            return 0;
        }
    int *np = realloc(to->pred, (size_t)(to->n_pred + 1) * sizeof *np);
    if (!np)
        return -1;
    to->pred = np;
    double *nb = realloc(to->pred_bytes, (size_t)(to->n_pred + 1) * sizeof *nb);
    if (!nb)
        return -1;
    to->pred_bytes = nb;
    int *ns = realloc(from->succ, (size_t)(from->n_succ + 1) * sizeof *ns);
    if (!ns)
        return -1;
    from->succ = ns;
    to->pred[to->n_pred] = from_id;
    to->pred_bytes[to->n_pred++] = bytes;
    from->succ[from->n_succ++] = to_id;
    return 0;
}

hs_units *hs_units_build(const hs_device *d, const hs_graph *g, const int *unit_of_op,
                         int n_units, hs_error *err)
{
    hs_units *us = calloc(1, sizeof *us);
    if (!us || !(us->u = calloc((size_t)(n_units > 0 ? n_units : 1), sizeof *us->u)) ||
        !(us->unit_of_op = malloc((size_t)g->n_ops * sizeof *us->unit_of_op)))
        goto oom;
    us->n = n_units;
    memcpy(us->unit_of_op, unit_of_op, (size_t)g->n_ops * sizeof *unit_of_op);
    for (int k = 0; k < n_units; k++)
        us->u[k].cand = d->n_procs >= 64 ? ~0ULL : (1ULL << d->n_procs) - 1;
    for (int k = 0; k < g->n_ops; k++) { /* ops in topological order */
        int i = g->topo[k], u = unit_of_op[i];
        if (u < 0 || u >= n_units) {
            hs_error_set(err, "units: op \"%s\" is in no unit", g->ops[i].name);
            goto fail;
        }
        hs_unit *un = &us->u[u];
        int *no = realloc(un->ops, (size_t)(un->n_ops + 1) * sizeof *no);
        if (!no)
            goto oom;
        un->ops = no;
        un->ops[un->n_ops++] = i;
        for (int p = 0; p < d->n_procs && p < 64; p++) {
            hs_dtype dt;
            if (p != d->host && (hs_exec_dtype(&d->procs[p], g->dtype, &dt) < 0 ||
                                 !hs_supports(&d->procs[p], g, &g->ops[i], dt, NULL, 0)))
                un->cand &= ~(1ULL << p);
        }
        const hs_op *op = &g->ops[i];
        for (int j = 0; j < op->n_in; j++) {
            const hs_tensor *t = &g->tensors[op->in[j]];
            double bytes = (double)t->elems * hs_dtype_size(g->dtype);
            if (t->producer < 0) {
                un->in_bytes += bytes;
            } else if (unit_of_op[t->producer] != u &&
                       add_edge(&us->u[unit_of_op[t->producer]], u, un, unit_of_op[t->producer],
                                bytes) < 0) {
                goto oom;
            }
        }
        for (int j = 0; j < op->n_out; j++)
            for (int o = 0; o < g->n_outputs; o++)
                if (g->outputs[o] == op->out[j])
                    un->out_bytes += (double)g->tensors[op->out[j]].elems * hs_dtype_size(g->dtype);
    }
    for (int u = 0; u < n_units; u++)
        if (us->u[u].n_ops == 0) {
            hs_error_set(err, "units: unit %d has no op", u);
            goto fail;
        }
    /* the unit DAG must be acyclic: check with Kahn's algorithm */
    int *indeg = calloc((size_t)(n_units > 0 ? n_units : 1), sizeof *indeg), seen = 0;
    int *stack = malloc((size_t)(n_units > 0 ? n_units : 1) * sizeof *stack), top = 0;
    if (!indeg || !stack) {
        free(indeg);
        free(stack);
        goto oom;
    }
    for (int u = 0; u < n_units; u++)
        indeg[u] = us->u[u].n_pred;
    for (int u = 0; u < n_units; u++)
        if (!indeg[u])
            stack[top++] = u;
    while (top) {
        int u = stack[--top];
        seen++;
        for (int s = 0; s < us->u[u].n_succ; s++)
            if (--indeg[us->u[u].succ[s]] == 0)
                stack[top++] = us->u[u].succ[s];
    }
    free(indeg);
    free(stack);
    if (seen < n_units) {
        hs_error_set(err, "units: the partition has a cycle between units");
        goto fail;
    }
    return us;
oom:
    hs_error_set(err, "units: out of memory");
fail:
    hs_units_free(us);
    return NULL;
}

hs_units *hs_units_concat(hs_units *const *parts, int n, int *offsets)
{
    int total = 0;
    for (int k = 0; k < n; k++) {
        offsets[k] = total;
        total += parts[k]->n;
    }
    hs_units *us = calloc(1, sizeof *us);
    if (!us || !(us->u = calloc((size_t)(total ? total : 1), sizeof *us->u)))
        goto oom;
    us->n = total;
    for (int k = 0; k < n; k++)
        for (int i = 0; i < parts[k]->n; i++) {
            const hs_unit *a = &parts[k]->u[i];
            hs_unit *b = &us->u[offsets[k] + i];
            *b = *a;
            b->ops = malloc((size_t)a->n_ops * sizeof *b->ops);
            b->pred = malloc((size_t)(a->n_pred ? a->n_pred : 1) * sizeof *b->pred);
            b->pred_bytes = malloc((size_t)(a->n_pred ? a->n_pred : 1) * sizeof *b->pred_bytes);
            b->succ = malloc((size_t)(a->n_succ ? a->n_succ : 1) * sizeof *b->succ);
            if (!b->ops || !b->pred || !b->pred_bytes || !b->succ)
                goto oom;
            memcpy(b->ops, a->ops, (size_t)a->n_ops * sizeof *b->ops);
            for (int j = 0; j < a->n_pred; j++) {
                b->pred[j] = a->pred[j] + offsets[k];
                b->pred_bytes[j] = a->pred_bytes[j];
            }
            for (int j = 0; j < a->n_succ; j++)
                b->succ[j] = a->succ[j] + offsets[k];
        }
    return us;
oom: /* every unit holds its own arrays or NULL: safe to free */
    hs_units_free(us);
    return NULL;
}
