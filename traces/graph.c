#include "base/text_file.h"
#include "traces/graph.h"
#include "traces/op_cost.h"

#include <stdlib.h>
#include <string.h>

hs_op_attrs hs_op_attrs_default(void)
{
    hs_op_attrs a = {.kernel_h = 1, .kernel_w = 1, .stride_h = 1, .stride_w = 1,
                     .dilation_h = 1, .dilation_w = 1, .group = 1};
    return a;
}

int hs_op_is_view(const hs_op *op)
{
    return hs_op_type_has(op->type_id, HS_OPF_VIEW);
}

hs_graph *hs_graph_new(const char *name)
{
    hs_graph *g = calloc(1, sizeof *g);
    if (!g)
        return NULL;
    g->name = hs_strdup(name ? name : "model");
    g->dtype = HS_DT_FP32;
    g->accuracy.int8 = -1;
    if (!g->name) {
        free(g);
        return NULL;
    }
    return g;
}

void hs_graph_free(hs_graph *g)
{
    if (!g)
        return;
    for (int i = 0; i < g->n_tensors; i++) {
        free(g->tensors[i].name);
        free(g->tensors[i].consumers);
    }
    for (int i = 0; i < g->n_ops; i++) {
        hs_op *op = &g->ops[i];
        free(op->name);
        free(op->type);
        hs_attrs_free(&op->attr_list);
        if (op->in_names)
            for (int j = 0; j < op->n_in; j++)
                free(op->in_names[j]);
        free(op->in_names);
        free(op->in);
        free(op->out);
        for (int j = 0; j < op->n_aliases; j++)
            free(op->aliases[j]);
        free(op->aliases);
    }
    free(g->tensors);
    free(g->ops);
    free(g->inputs);
    free(g->outputs);
    free(g->topo);
    free(g->name);
    free(g->description);
    free(g->source);
    hs_strmap_free(&g->tensor_ix);
    hs_strmap_free(&g->op_ix);
    free(g);
}

int hs_graph_find_tensor(const hs_graph *g, const char *name)
{
    return hs_strmap_get(&g->tensor_ix, name);
}

int hs_graph_find_op(const hs_graph *g, const char *name)
{
    return hs_strmap_get(&g->op_ix, name);
}

int hs_graph_find_alias(const hs_graph *g, const char *name)
{
    int k = hs_graph_find_op(g, name);
    if (k >= 0)
        return k;
    for (int i = 0; i < g->n_ops; i++)
        for (int j = 0; j < g->ops[i].n_aliases; j++)
            if (strcmp(g->ops[i].aliases[j], name) == 0)
                return i;
    return -1;
}

static int has_name(const hs_op *op, const char *name)
{
    if (op->name && strcmp(op->name, name) == 0)
        return 1;
    for (int j = 0; j < op->n_aliases; j++)
        if (strcmp(op->aliases[j], name) == 0)
            return 1;
    return 0;
}

int hs_op_add_alias(hs_op *op, const char *alias, hs_error *err)
{
    if (has_name(op, alias))
        return 0;
    char *copy = hs_strdup(alias);
    char **na = realloc(op->aliases, (size_t)(op->n_aliases + 1) * sizeof *na);
    if (!copy || !na) {
        free(copy);
        if (na)
            op->aliases = na;
        hs_error_set(err, "out of memory");
        return -1;
    }
    op->aliases = na;
    op->aliases[op->n_aliases++] = copy;
    return 0;
}

int hs_op_take_aliases(hs_op *survivor, const hs_op *absorbed, hs_error *err)
{
    if (absorbed->name && hs_op_add_alias(survivor, absorbed->name, err) < 0)
        return -1;
    for (int j = 0; j < absorbed->n_aliases; j++)
        if (hs_op_add_alias(survivor, absorbed->aliases[j], err) < 0)
            return -1;
    return 0;
}

static int new_tensor(hs_graph *g, const char *name, int rank, const int64_t *shape,
                      int producer, hs_error *err)
{
    if (rank < 0 || rank > HS_MAX_RANK) {
        hs_error_set(err, "tensor \"%s\": expected a rank of 0..%d, got %d", name, HS_MAX_RANK,
                     rank);
        return -1;
    }
    if (hs_graph_find_tensor(g, name) >= 0) {
        hs_error_set(err, "tensor \"%s\" is defined twice (as a graph input or an op output)",
                     name);
        return -1;
    }
    if (g->n_tensors == g->cap_tensors) {
        int nc = g->cap_tensors ? 2 * g->cap_tensors : 64;
        hs_tensor *nt = realloc(g->tensors, (size_t)nc * sizeof *nt);
        if (!nt)
            goto oom;
        g->tensors = nt;
        g->cap_tensors = nc;
    }
    hs_tensor *t = &g->tensors[g->n_tensors];
    memset(t, 0, sizeof *t);
    t->name = hs_strdup(name);
    if (!t->name)
        goto oom;
    t->rank = rank;
    t->elems = 1;
    for (int i = 0; i < rank; i++) {
        if (shape[i] < 1 || shape[i] > (1LL << 31)) {
            free(t->name);
            hs_error_set(err, "tensor \"%s\": dimension %d must be in [1, 2^31], got %lld", name,
                         i, (long long)shape[i]);
            return -1;
        }
        t->shape[i] = shape[i];
        t->elems *= shape[i];
        if (t->elems > (1LL << 40)) {
            free(t->name);
            hs_error_set(err, "tensor \"%s\": more than 2^40 elements", name);
            return -1;
        }
    }
    t->producer = producer;
    if (hs_strmap_put(&g->tensor_ix, t->name, g->n_tensors) < 0) {
        free(t->name);
        goto oom;
    }
    return g->n_tensors++;
oom:
    hs_error_set(err, "out of memory");
    return -1;
}

int hs_graph_add_input(hs_graph *g, const char *name, int rank, const int64_t *shape, hs_error *err)
{
    int t = new_tensor(g, name, rank, shape, -1, err);
    if (t < 0)
        return -1;
    int *ni = realloc(g->inputs, (size_t)(g->n_inputs + 1) * sizeof *ni);
    if (!ni) {
        hs_error_set(err, "out of memory");
        return -1;
    }
    g->inputs = ni;
    g->inputs[g->n_inputs++] = t;
    return t;
}

int hs_graph_add_output(hs_graph *g, const char *name, hs_error *err)
{
    int t = hs_graph_find_tensor(g, name);
    if (t < 0) {
        hs_error_set(err, "graph output \"%s\" is not produced by any op", name);
        return -1;
    }
    if (g->tensors[t].producer < 0) {
        /* nothing computes it: a policy would look for the op that produces it */
        hs_error_set(err, "graph output \"%s\" is a graph input: expected a tensor an op "
                          "produces",
                     name);
        return -1;
    }
    int *no = realloc(g->outputs, (size_t)(g->n_outputs + 1) * sizeof *no);
    if (!no) {
        hs_error_set(err, "out of memory");
        return -1;
    }
    g->outputs = no;
    g->outputs[g->n_outputs++] = t;
    return 0;
}

int hs_graph_add_op(hs_graph *g, const char *name, const char *type, int n_in,
                    const char *const *in, int n_out, const char *const *out_names,
                    const int *out_rank, const int64_t (*out_shape)[HS_MAX_RANK],
                    const hs_op_attrs *attrs, hs_error *err)
{
    if (hs_graph_find_op(g, name) >= 0) {
        hs_error_set(err, "op \"%s\" is defined twice", name);
        return -1;
    }
    if (n_out < 1) {
        hs_error_set(err, "op \"%s\": expected at least one output tensor", name);
        return -1;
    }
    if (g->n_ops == g->cap_ops) {
        int nc = g->cap_ops ? 2 * g->cap_ops : 64;
        hs_op *no = realloc(g->ops, (size_t)nc * sizeof *no);
        if (!no)
            goto oom;
        g->ops = no;
        g->cap_ops = nc;
    }
    int idx = g->n_ops;
    hs_op *op = &g->ops[idx];
    memset(op, 0, sizeof *op);
    op->attrs = attrs ? *attrs : hs_op_attrs_default();
    op->name = hs_strdup(name);
    op->type = hs_strdup(type);
    op->type_id = hs_op_type_of(type);
    op->in_names = calloc((size_t)(n_in ? n_in : 1), sizeof *op->in_names);
    op->in = calloc((size_t)(n_in ? n_in : 1), sizeof *op->in);
    op->out = calloc((size_t)n_out, sizeof *op->out);
    g->n_ops++; /* from here on hs_graph_free releases what the op holds */
    if (!op->name || !op->type || !op->in_names || !op->in || !op->out ||
        hs_strmap_put(&g->op_ix, op->name, idx) < 0)
        goto oom;
    op->n_in = n_in;
    for (int i = 0; i < n_in; i++)
        if (!(op->in_names[i] = hs_strdup(in[i])))
            goto oom;
    for (int i = 0; i < n_out; i++) {
        int t = new_tensor(g, out_names[i], out_rank[i], out_shape[i], idx, err);
        if (t < 0) {
            hs_error_prefix(err, "op \"%s\"", name);
            return -1;
        }
        op = &g->ops[idx];
        op->out[op->n_out++] = t;
    }
    return idx;
oom:
    hs_error_set(err, "out of memory");
    return -1;
}

/* FLOPs and parameter counts from shapes (hs_op_costs), for ops that did not
 * state them. Fails when the weight count passes 2^40 (the most a model file
 * may state). */
static int derive_costs(hs_graph *g, hs_op *op, hs_error *err)
{
    const hs_tensor *x = op->n_in ? &g->tensors[op->in[0]] : NULL;
    const hs_tensor *y = &g->tensors[op->out[0]];
    const hs_op_attrs *a = &op->attrs;
    hs_cost_in in = {.type = op->type_id,
                     .n_act = op->n_in,
                     .in_elems = (double)op->in_elems,
                     .out_elems = (double)op->out_elems,
                     .x = x ? x->shape : NULL,
                     .x_rank = x ? x->rank : 0,
                     .y = y->shape,
                     .y_rank = y->rank,
                     .kernel = (double)a->kernel_h * a->kernel_w,
                     .group = a->group,
                     .trans_a = hs_attrs_number(&op->attr_list, "transA", 0) != 0};
    hs_cost c = hs_op_costs(&in);
    if (!op->weights_given && c.weights > (double)(1LL << 40)) {
        hs_error_set(err, "op \"%s\" (%s): its shapes and kernel give %.3g weights (expected at "
                          "most 2^40)",
                     op->name, op->type, c.weights);
        return -1;
    }
    if (!op->flops_given)
        op->flops = c.flops;
    if (!op->weights_given)
        op->weight_elems = (int64_t)c.weights;
    return 0;
}

int hs_graph_finalize(hs_graph *g, hs_error *err)
{
    if (g->n_ops == 0) {
        hs_error_set(err, "model \"%s\": expected at least one op", g->name);
        return -1;
    }
    /* resolve input names to tensors */
    for (int i = 0; i < g->n_ops; i++) {
        hs_op *op = &g->ops[i];
        op->in_elems = op->out_elems = 0;
        for (int j = 0; j < op->n_in; j++) {
            int t = hs_graph_find_tensor(g, op->in_names[j]);
            if (t < 0) {
                hs_error_set(err,
                             "op \"%s\" reads tensor \"%s\", which no op produces and which is "
                             "not a graph input (dangling edge)",
                             op->name, op->in_names[j]);
                return -1;
            }
            if (g->tensors[t].producer == i) {
                hs_error_set(err, "op \"%s\" reads its own output \"%s\" (cycle)", op->name,
                             op->in_names[j]);
                return -1;
            }
            op->in[j] = t;
            op->in_elems += g->tensors[t].elems;
        }
        for (int j = 0; j < op->n_out; j++)
            op->out_elems += g->tensors[op->out[j]].elems;
    }
    /* consumer lists */
    for (int t = 0; t < g->n_tensors; t++) {
        free(g->tensors[t].consumers);
        g->tensors[t].consumers = NULL;
        g->tensors[t].n_consumers = 0;
    }
    for (int i = 0; i < g->n_ops; i++)
        for (int j = 0; j < g->ops[i].n_in; j++) {
            hs_tensor *t = &g->tensors[g->ops[i].in[j]];
            /* ops are visited in order: a repeat read is the last consumer */
            if (t->n_consumers > 0 && t->consumers[t->n_consumers - 1] == i)
                continue;
            int *nc = realloc(t->consumers, (size_t)(t->n_consumers + 1) * sizeof *nc);
            if (!nc) {
                hs_error_set(err, "out of memory");
                return -1;
            }
            t->consumers = nc;
            t->consumers[t->n_consumers++] = i;
        }
    /* Kahn's algorithm; ops whose producers come first keep file order. */
    size_t nops = (unsigned)g->n_ops;
    int *indeg = calloc(nops, sizeof *indeg);
    int *order = malloc(nops * sizeof *order);
    if (!indeg || !order) {
        free(indeg);
        free(order);
        hs_error_set(err, "out of memory");
        return -1;
    }
    for (int i = 0; i < g->n_ops; i++)
        for (int j = 0; j < g->ops[i].n_in; j++)
            if (g->tensors[g->ops[i].in[j]].producer >= 0)
                indeg[i]++;
    int head = 0, tail = 0;
    for (int i = 0; i < g->n_ops; i++)
        if (indeg[i] == 0)
            order[tail++] = i;
    while (head < tail) {
        int u = order[head++];
        const hs_op *op = &g->ops[u];
        for (int j = 0; j < op->n_out; j++) {
            const hs_tensor *t = &g->tensors[op->out[j]];
            for (int k = 0; k < t->n_consumers; k++) {
                int v = t->consumers[k];
                /* an op may read the same tensor twice: count each read */
                for (int r = 0; r < g->ops[v].n_in; r++)
                    if (g->ops[v].in[r] == op->out[j] && --indeg[v] == 0)
                        order[tail++] = v;
            }
        }
    }
    if (tail < g->n_ops) {
        int culprit = -1;
        for (int i = 0; i < g->n_ops && culprit < 0; i++)
            if (indeg[i] > 0)
                culprit = i;
        hs_error_set(err, "model \"%s\": the graph has a cycle through op \"%s\" (%d of %d ops "
                          "cannot be ordered)",
                     g->name, g->ops[culprit].name, g->n_ops - tail, g->n_ops);
        free(indeg);
        free(order);
        return -1;
    }
    free(indeg);
    free(g->topo);
    g->topo = order;
    if (g->n_outputs == 0) {
        /* default outputs: tensors nobody reads */
        for (int t = 0; t < g->n_tensors; t++)
            if (g->tensors[t].producer >= 0 && g->tensors[t].n_consumers == 0 &&
                hs_graph_add_output(g, g->tensors[t].name, err) < 0)
                return -1;
    }
    g->total_flops = 0;
    for (int i = 0; i < g->n_ops; i++) {
        if (derive_costs(g, &g->ops[i], err) < 0)
            return -1;
        g->total_flops += g->ops[i].flops;
    }
    return 0;
}

int hs_graph_prune_channels(hs_graph *g, double ratio, hs_error *err)
{
    if (!(ratio >= 0 && ratio < 1)) {
        hs_error_set(err, "prune: expected a ratio in [0, 1), got %g", ratio);
        return -1;
    }
    if (ratio == 0)
        return 0;
    double *flops0 = malloc((size_t)g->n_ops * sizeof *flops0);
    int64_t *w0 = malloc((size_t)g->n_ops * sizeof *w0);
    if (!flops0 || !w0) {
        free(flops0);
        free(w0);
        hs_error_set(err, "out of memory");
        return -1;
    }
    /* costs the shapes imply before pruning, to rescale stated ones */
    for (int i = 0; i < g->n_ops; i++) {
        hs_op tmp = g->ops[i];
        tmp.flops_given = tmp.weights_given = 0;
        if (derive_costs(g, &tmp, err) < 0) {
            free(flops0);
            free(w0);
            return -1;
        }
        flops0[i] = tmp.flops;
        w0[i] = tmp.weight_elems;
    }
    /* keep (1 - ratio) of the channels of every inner feature map */
    int64_t *old_c = malloc((size_t)g->n_tensors * sizeof *old_c);
    if (!old_c) {
        free(flops0);
        free(w0);
        hs_error_set(err, "out of memory");
        return -1;
    }
    for (int t = 0; t < g->n_tensors; t++)
        old_c[t] = g->tensors[t].rank >= 2 ? g->tensors[t].shape[1] : 1;
    /* in topological order: layers that choose their output channels (Conv,
     * ConvTranspose, Gemm, MatMul) keep (1 - ratio) of them unless they
     * produce a graph output (the classifier); Concat adds its inputs'
     * channels; other ops keep the channels of their first input */
    for (int k = 0; k < g->n_ops; k++) {
        const hs_op *op = &g->ops[g->topo[k]];
        int chooses = hs_op_type_has(op->type_id, HS_OPF_LINEAR);
        for (int o = 0; o < op->n_out; o++) {
            int t = op->out[o];
            hs_tensor *tn = &g->tensors[t];
            if (tn->rank != 4 && tn->rank != 2)
                continue;
            int is_output = 0;
            for (int j = 0; j < g->n_outputs; j++)
                is_output |= g->outputs[j] == t;
            int64_t c = tn->shape[1];
            if (chooses) {
                if (!is_output && !(op->attrs.group > 1)) {
                    c = (int64_t)((double)tn->shape[1] * (1.0 - ratio) + 0.5);
                } else if (op->attrs.group > 1 && op->n_in) { /* depthwise: follows its input */
                    const hs_tensor *x = &g->tensors[op->in[0]];
                    c = old_c[op->in[0]] ? tn->shape[1] * x->shape[1] / old_c[op->in[0]] : c;
                }
            } else if (op->type_id == HS_OP_CONCAT && tn->rank == 4) {
                c = 0;
                for (int j = 0; j < op->n_in; j++)
                    c += g->tensors[op->in[j]].rank == 4 ? g->tensors[op->in[j]].shape[1] : 0;
            } else if (op->n_in && old_c[op->in[0]] == tn->shape[1] &&
                       g->tensors[op->in[0]].rank == tn->rank) {
                c = g->tensors[op->in[0]].shape[1];
            }
            if (c < 1)
                c = 1;
            tn->elems = tn->elems / tn->shape[1] * c;
            tn->shape[1] = c;
        }
    }
    for (int i = 0; i < g->n_ops; i++) {
        hs_op *op = &g->ops[i];
        /* depthwise convolutions keep one group per channel */
        if (op->n_in && op->attrs.group > 1 && op->attrs.group == old_c[op->in[0]])
            op->attrs.group = (int)g->tensors[op->in[0]].shape[1];
        op->in_elems = op->out_elems = 0;
        for (int j = 0; j < op->n_in; j++)
            op->in_elems += g->tensors[op->in[j]].elems;
        for (int j = 0; j < op->n_out; j++)
            op->out_elems += g->tensors[op->out[j]].elems;
        hs_op tmp = *op;
        tmp.flops_given = tmp.weights_given = 0;
        if (derive_costs(g, &tmp, err) < 0) {
            free(flops0);
            free(w0);
            free(old_c);
            return -1;
        }
        if (op->flops_given && flops0[i] > 0)
            op->flops *= tmp.flops / flops0[i];
        else if (!op->flops_given)
            op->flops = tmp.flops;
        if (op->weights_given && w0[i] > 0)
            op->weight_elems = (int64_t)((double)op->weight_elems * (double)tmp.weight_elems /
                                         (double)w0[i] + 0.5);
        else if (!op->weights_given)
            op->weight_elems = tmp.weight_elems;
    }
    g->total_flops = 0;
    for (int i = 0; i < g->n_ops; i++)
        g->total_flops += g->ops[i].flops;
    free(old_c);
    free(flops0);
    free(w0);
    return 0;
}
