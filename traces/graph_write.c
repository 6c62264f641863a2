/* A model graph as hetsim-model JSON (graph_write.h). */
#include "traces/graph_write.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/dtype.h"
#include "base/strbuf.h"

static void shape(hs_sbuf *b, const hs_tensor *t)
{
    hs_sb_puts(b, "[");
    for (int i = 0; i < t->rank; i++)
        hs_sb_printf(b, "%s%lld", i ? ", " : "", (long long)t->shape[i]);
    hs_sb_puts(b, "]");
}

static void attrs(hs_sbuf *b, const hs_attrs *as)
{
    hs_sb_puts(b, ", \"attrs\": {");
    for (int k = 0; k < as->n; k++) {
        const hs_attr *a = &as->a[k];
        if (k)
            hs_sb_puts(b, ", ");
        hs_sb_json_string(b, a->name);
        hs_sb_puts(b, ": ");
        if (a->kind == HS_AK_STRING) {
            hs_sb_json_string(b, a->str);
        } else if (a->kind == HS_AK_INTS || a->kind == HS_AK_FLOATS) {
            hs_sb_puts(b, "[");
            for (int i = 0; i < a->n; i++) {
                if (i)
                    hs_sb_puts(b, ", ");
                hs_sb_json_number(b, a->num[i]);
            }
            hs_sb_puts(b, "]");
        } else {
            hs_sb_json_number(b, a->n > 0 ? a->num[0] : 0);
        }
    }
    hs_sb_puts(b, "}");
}

char *hs_graph_to_json(const hs_graph *g, const char *generator, hs_error *err)
{
    hs_sbuf b = {0};
    hs_sb_puts(&b, "{\n  \"format\": \"hetsim-model\",\n  \"version\": 1,\n  \"name\": ");
    hs_sb_json_string(&b, g->name);
    if (g->description && g->description[0]) {
        hs_sb_puts(&b, ",\n  \"description\": ");
        hs_sb_json_string(&b, g->description);
    }
    if (g->source && g->source[0]) {
        hs_sb_puts(&b, ",\n  \"source\": ");
        hs_sb_json_string(&b, g->source);
    }
    if (generator) {
        hs_sb_puts(&b, ",\n  \"generator\": ");
        hs_sb_json_string(&b, generator);
    }
    hs_sb_puts(&b, ",\n  \"dtype\": ");
    hs_sb_json_string(&b, hs_dtype_names[g->dtype]);
    if (g->accuracy.known) {
        const hs_accuracy *a = &g->accuracy;
        hs_sb_puts(&b, ",\n  \"accuracy\": {\"metric\": ");
        hs_sb_json_string(&b, a->metric);
        hs_sb_puts(&b, ", \"fp32\": ");
        hs_sb_json_number(&b, a->fp32);
        if (a->int8 >= 0) {
            hs_sb_puts(&b, ", \"int8\": ");
            hs_sb_json_number(&b, a->int8);
        }
        if (a->n_pruned > 0) {
            hs_sb_puts(&b, ", \"pruned\": [");
            for (int i = 0; i < a->n_pruned; i++) {
                hs_sb_puts(&b, i ? ", {\"ratio\": " : "{\"ratio\": ");
                hs_sb_json_number(&b, a->prune_ratio[i]);
                hs_sb_puts(&b, ", \"value\": ");
                hs_sb_json_number(&b, a->prune_value[i]);
                hs_sb_puts(&b, "}");
            }
            hs_sb_puts(&b, "]");
        }
        hs_sb_puts(&b, "}");
    }
    hs_sb_puts(&b, ",\n  \"inputs\": [");
    for (int i = 0; i < g->n_inputs; i++) {
        const hs_tensor *t = &g->tensors[g->inputs[i]];
        hs_sb_puts(&b, i ? ", {\"name\": " : "{\"name\": ");
        hs_sb_json_string(&b, t->name);
        hs_sb_puts(&b, ", \"shape\": ");
        shape(&b, t);
        hs_sb_puts(&b, "}");
    }
    hs_sb_puts(&b, "],\n  \"outputs\": [");
    for (int i = 0; i < g->n_outputs; i++) {
        if (i)
            hs_sb_puts(&b, ", ");
        hs_sb_json_string(&b, g->tensors[g->outputs[i]].name);
    }
    hs_sb_puts(&b, "],\n  \"ops\": [\n");
    for (int k = 0; k < g->n_ops; k++) {
        const hs_op *op = &g->ops[k];
        hs_sb_puts(&b, "    {\"name\": ");
        hs_sb_json_string(&b, op->name);
        hs_sb_puts(&b, ", \"type\": ");
        hs_sb_json_string(&b, op->type);
        hs_sb_puts(&b, ", \"inputs\": [");
        for (int j = 0; j < op->n_in; j++) {
            if (j)
                hs_sb_puts(&b, ", ");
            hs_sb_json_string(&b, g->tensors[op->in[j]].name);
        }
        hs_sb_puts(&b, "], \"outputs\": [");
        for (int j = 0; j < op->n_out; j++) {
            const hs_tensor *t = &g->tensors[op->out[j]];
            hs_sb_puts(&b, j ? ", {\"name\": " : "{\"name\": ");
            hs_sb_json_string(&b, t->name);
            hs_sb_puts(&b, ", \"shape\": ");
            shape(&b, t);
            hs_sb_puts(&b, "}");
        }
        hs_sb_puts(&b, "]");
        if (op->attr_list.n > 0)
            attrs(&b, &op->attr_list);
        hs_sb_printf(&b, ", \"flops\": %.0f, \"weight_elems\": %lld", op->flops,
                     (long long)op->weight_elems);
        for (int j = 0; j < op->n_aliases; j++) {
            hs_sb_puts(&b, j ? ", " : ", \"aliases\": [");
            hs_sb_json_string(&b, op->aliases[j]);
        }
        hs_sb_printf(&b, "%s}%s\n", op->n_aliases ? "]" : "", k + 1 < g->n_ops ? "," : "");
    }
    hs_sb_puts(&b, "  ]\n}\n");
    if (b.oom) {
        free(b.s);
        hs_error_set(err, "out of memory");
        return NULL;
    }
    return b.s;
}
