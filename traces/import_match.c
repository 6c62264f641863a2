/* Runtime profile rows -> model graph ops, by aliases and fusions
 * (import_match.h). */
#include "traces/import_match.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/text_file.h"

enum { HOW_NONE = 0, HOW_NAME, HOW_ALIAS, HOW_SUFFIX };

static const char *const layout_suffixes[] = {"_nchwc", NULL};

/* Op index of one name: itself, an alias, or an alias plus a layout suffix. */
static int resolve_one(const hs_graph *g, const char *name, int *how)
{
    int k = hs_graph_find_op(g, name);
    if (k >= 0) {
        *how = HOW_NAME;
        return k;
    }
    if ((k = hs_graph_find_alias(g, name)) >= 0) {
        *how = HOW_ALIAS;
        return k;
    }
    size_t nl = strlen(name);
    for (int s = 0; layout_suffixes[s]; s++) {
        size_t sl = strlen(layout_suffixes[s]);
        if (nl > sl && strcmp(name + nl - sl, layout_suffixes[s]) == 0) {
            char *base = hs_strdup(name);
            if (!base)
                return -1;
            base[nl - sl] = '\0';
            k = hs_graph_find_alias(g, base);
            free(base);
            if (k >= 0) {
                *how = HOW_SUFFIX;
                return k;
            }
        }
    }
    *how = HOW_NONE;
    return -1;
}

/* The op type a row's kernel computes: its type less a "Fused" prefix
 * (ONNX Runtime's FusedConv, FusedGemm, FusedMatMul). */
static hs_op_type row_type(const hs_trace_op *r)
{
    if (!r->type)
        return HS_OP_OTHER;
    const char *ty = r->type;
    if (strncmp(ty, "Fused", 5) == 0 && ty[5])
        ty += 5;
    return hs_op_type_of(ty);
}

/* Nodes `hetsim import onnx` folds into the ops that use them. */
static int is_folded(hs_op_type t)
{
    return t == HS_OP_IDENTITY || t == HS_OP_CONSTANT || t == HS_OP_SHAPE ||
           t == HS_OP_CONSTANT_OF_SHAPE;
}

static int is_linear_type(hs_op_type t)
{
    return t != HS_OP_OTHER && (hs_op_info_of(t)->flags & HS_OPF_LINEAR);
}

/* An op a runtime can fuse into the kernel before it: per element or per
 * channel (the op table's flag), or of the elementwise / activation class. */
static int is_follower(const hs_op *op)
{
    if (hs_op_is_view(op) || op->type_id == HS_OP_OTHER)
        return 0;
    const hs_op_info *in = hs_op_info_of(op->type_id);
    return (in->flags & HS_OPF_PER_CHANNEL) || in->op_class == HS_OPC_ELEMENTWISE ||
           in->op_class == HS_OPC_ACTIVATION;
}

/* Producer of op's first activation input, or -1. */
static int producer_of(const hs_graph *g, const hs_op *op)
{
    return op->n_in > 0 ? g->tensors[op->in[0]].producer : -1;
}

void hs_match_summary_text(const hs_match_summary *s, char *buf, size_t n)
{
    snprintf(buf, n,
             "%d profile rows: %d by op name, %d by alias (ONNX node or tensor name), %d by "
             "alias + layout suffix (_nchwc), %d naming several ops (a;b), %d added into "
             "another row's op, %d of folded nodes (Identity, Constant, Shape) added to the "
             "next op, %d unmatched; fusions: %d ops covered walking back to the kernel's op, "
             "%d per-channel ops absorbed forward (zero samples)",
             s->rows, s->by_name, s->by_alias, s->by_suffix, s->by_parts, s->merged,
             s->folded, s->unmatched, s->fused_back, s->fused_forward);
}

int hs_import_match_graph(hs_trace *t, const hs_graph *g, hs_match_summary *s, hs_error *err)
{
    memset(s, 0, sizeof *s);
    s->rows = t->n_ops;
    int n = t->n_ops, G = g->n_ops, rc = -1;
    size_t nn = (size_t)(n ? n : 1), gg = (size_t)(G ? G : 1);
    int *target = malloc(nn * sizeof *target); /* op taking row i's samples, or -1 */
    int *leader = malloc(nn * sizeof *leader); /* first row with the same target */
    int *linear = calloc(nn, sizeof *linear);  /* row i is a linear-layer kernel */
    int *cover = malloc(gg * sizeof *cover);   /* row covering op k, or -1 */
    int *tgt_row = malloc(gg * sizeof *tgt_row); /* leader row targeting op k, or -1 */
    int *slot = malloc(nn * sizeof *slot);       /* new index of leader row i */
    hs_trace_op *nops = NULL;
    if (!target || !leader || !linear || !cover || !tgt_row || !slot)
        goto oom;
    for (int k = 0; k < G; k++)
        cover[k] = tgt_row[k] = -1;
    /* 1: the op each row names */
    for (int i = 0; i < n; i++) {
        const hs_trace_op *r = &t->ops[i];
        int how = HOW_NONE, k = -1;
        target[i] = leader[i] = -1;
        if (r->fraction < 1.0)
            continue; /* split rows are left to the caller */
        hs_op_type rt = row_type(r);
        linear[i] = is_linear_type(rt);
        if (strchr(r->name, ';')) {
            char *copy = hs_strdup(r->name);
            if (!copy)
                goto oom;
            size_t len = strlen(copy);
            for (size_t q = 0; q < len; q++)
                if (copy[q] == ';')
                    copy[q] = '\0';
            int first = -1, typed = -1;
            for (char *p = copy; p < copy + len; p += strlen(p) + 1) {
                int h, q = p[0] ? resolve_one(g, p, &h) : -1;
                if (q < 0)
                    continue;
                if (first < 0)
                    first = q;
                if (typed < 0 && g->ops[q].type_id == rt)
                    typed = q;
            }
            k = typed >= 0 ? typed : first;
            if (k >= 0) {
                s->by_parts++;
                /* every other part is covered by this row */
                for (char *p = copy; p < copy + len; p += strlen(p) + 1) {
                    int h, q = p[0] ? resolve_one(g, p, &h) : -1;
                    if (q >= 0 && q != k && cover[q] < 0)
                        cover[q] = i;
                }
            }
            free(copy);
        } else {
            k = resolve_one(g, r->name, &how);
            s->by_name += how == HOW_NAME;
            s->by_alias += how == HOW_ALIAS;
            s->by_suffix += how == HOW_SUFFIX;
        }
        if (k < 0) {
            s->unmatched++;
            continue;
        }
        /* back: the name is a fused activation's; the kernel is the op of the row's type */
        if (linear[i] && g->ops[k].type_id != rt) {
            int path[8], np = 0, cur = k, found = -1;
            while (np < 8 && !(g->ops[cur].type_id != HS_OP_OTHER &&
                               (hs_op_info_of(g->ops[cur].type_id)->flags & HS_OPF_LINEAR))) {
                path[np++] = cur;
                int p = producer_of(g, &g->ops[cur]);
                if (p < 0)
                    break;
                if (g->ops[p].type_id == rt) {
                    found = p;
                    break;
                }
                cur = p;
            }
            if (found >= 0) {
                for (int j = 0; j < np; j++)
                    if (cover[path[j]] < 0) {
                        cover[path[j]] = i;
                        s->fused_back++;
                    }
                k = found;
            }
        }
        target[i] = k;
        if (tgt_row[k] < 0)
            tgt_row[k] = i;
        leader[i] = tgt_row[k];
        if (leader[i] != i) {
            if (t->ops[leader[i]].n != r->n) {
                hs_error_set(err, "profile rows \"%s\" and \"%s\" both belong to op \"%s\" of "
                                  "model graph \"%s\" but have %d and %d samples",
                             t->ops[leader[i]].name, r->name, g->ops[k].name, g->name,
                             t->ops[leader[i]].n, r->n);
                goto done;
            }
            s->merged++;
        }
    }
    /* rows of nodes the ONNX importer folds away (Identity of a weight,
     * Constant, Shape): their time goes to the op of the next matched row */
    for (int i = 0; i < n; i++) {
        if (target[i] >= 0 || t->ops[i].fraction < 1.0 || !is_folded(row_type(&t->ops[i])))
            continue;
        int j = i + 1;
        while (j < n && target[j] < 0)
            j++;
        if (j == n)
            for (j = i - 1; j >= 0 && target[j] < 0; j--)
                ;
        if (j < 0 || t->ops[j].n != t->ops[i].n)
            continue;
        target[i] = target[j];
        leader[i] = leader[j];
        s->unmatched--;
        s->folded++;
    }
    /* a row's own op is its own, whatever another row's fusion claimed */
    for (int k = 0; k < G; k++)
        if (tgt_row[k] >= 0)
            cover[k] = tgt_row[k];
    /* 2: forward, per-channel ops after a linear-layer kernel that no row names */
    for (int changed = 1; changed;) {
        changed = 0;
        for (int q = 0; q < G; q++) {
            int j = g->topo ? g->topo[q] : q;
            const hs_op *op = &g->ops[j];
            if (cover[j] >= 0 || !is_follower(op))
                continue;
            for (int a = 0; a < op->n_in; a++) {
                const hs_tensor *tn = &g->tensors[op->in[a]];
                int p = tn->producer;
                if (p < 0 || cover[p] < 0 || !linear[cover[p]])
                    continue;
                /* a runtime fuses an op into the kernel only when no other
                 * kernel reads the kernel's output: every reader has no row */
                int read_by_row = 0;
                for (int u = 0; u < tn->n_consumers; u++)
                    read_by_row |= tgt_row[tn->consumers[u]] >= 0;
                if (read_by_row)
                    continue;
                cover[j] = leader[cover[p]] >= 0 ? leader[cover[p]] : cover[p];
                s->fused_forward++;
                changed = 1;
                break;
            }
        }
    }
    /* 3: the new rows: leaders renamed, followers added in, covered ops as zeros */
    int extra = 0;
    for (int k = 0; k < G; k++)
        extra += cover[k] >= 0 && tgt_row[k] < 0;
    nops = calloc((size_t)(n + extra ? n + extra : 1), sizeof *nops);
    char **names = calloc((size_t)(n + extra ? n + extra : 1), sizeof *names);
    if (!nops || !names) {
        free(names);
        goto oom;
    }
    for (int i = 0; i < n; i++) /* names first: nothing changes if one fails */
        if (target[i] >= 0 && leader[i] == i)
            names[i] = hs_strdup(g->ops[target[i]].name);
    int m = 0;
    for (int k = 0; k < G; k++)
        if (cover[k] >= 0 && tgt_row[k] < 0) {
            double *z = calloc((size_t)t->ops[cover[k]].n, sizeof *z);
            char *nm = hs_strdup(g->ops[k].name), *ty = hs_strdup(g->ops[k].type);
            nops[n + m] = (hs_trace_op){.name = nm, .type = ty, .fraction = 1.0,
                                        .n = t->ops[cover[k]].n, .samples_us = z};
            m++;
            if (!z || !nm || !ty) {
                for (int q = 0; q < m; q++) {
                    free(nops[n + q].name);
                    free(nops[n + q].type);
                    free(nops[n + q].samples_us);
                }
                for (int i = 0; i < n; i++)
                    free(names[i]);
                free(names);
                goto oom;
            }
        }
    for (int i = 0; i < n; i++)
        if (target[i] >= 0 && leader[i] == i && !names[i]) {
            for (int q = 0; q < extra; q++) {
                free(nops[n + q].name);
                free(nops[n + q].type);
                free(nops[n + q].samples_us);
            }
            for (int q = 0; q < n; q++)
                free(names[q]);
            free(names);
            goto oom;
        }
    /* nothing can fail from here on */
    int kept = 0;
    for (int i = 0; i < n; i++) {
        hs_trace_op r = t->ops[i];
        if (target[i] < 0) {
            nops[kept++] = r;
        } else if (leader[i] == i) {
            free(r.name);
            r.name = names[i];
            names[i] = NULL;
            slot[i] = kept;
            nops[kept++] = r;
        }
    }
    for (int i = 0; i < n; i++) {
        hs_trace_op r = t->ops[i];
        if (target[i] >= 0 && leader[i] != i) {
            hs_trace_op *into = &nops[slot[leader[i]]];
            for (int q = 0; q < r.n; q++)
                into->samples_us[q] += r.samples_us[q];
            free(r.name);
            free(r.type);
            free(r.dim);
            free(r.samples_us);
        }
    }
    for (int q = 0; q < extra; q++)
        nops[kept++] = nops[n + q];
    free(names);
    free(t->ops);
    t->ops = nops;
    t->n_ops = kept;
    nops = NULL;
    rc = 0;
    goto done;
oom:
    hs_error_set(err, "out of memory");
done:
    free(nops);
    free(target);
    free(leader);
    free(linear);
    free(cover);
    free(tgt_row);
    free(slot);
    return rc;
}
