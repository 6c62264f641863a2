/* A model graph as hetsim-model JSON (graph_write.h). */
#include "traces/graph_write.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/dtype.h"
#include "base/strbuf.h"

static void jstr(hs_sbuf *b, const char *s)
{
    hs_sb_put(b, "\"", 1);
    for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p; p++) {
        if (*p == '"' || *p == '\\') {
            char e[2] = {'\\', (char)*p};
            hs_sb_put(b, e, 2);
        } else if (*p < 0x20) {
            hs_sb_printf(b, "\\u%04x", *p);
        } else {
            hs_sb_put(b, (const char *)p, 1);
        }
    }
    hs_sb_put(b, "\"", 1);
}

/* The shortest %g text that reads back as v. */
static void num(hs_sbuf *b, double v)
{
    char t[40];
    for (int prec = 1; prec <= 17; prec++) {
        snprintf(t, sizeof t, "%.*g", prec, v);
        if (strtod(t, NULL) == v)
            break;
    }
    hs_sb_puts(b, t);
}

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
        jstr(b, a->name);
        hs_sb_puts(b, ": ");
        if (a->kind == HS_AK_STRING) {
            jstr(b, a->str);
        } else if (a->kind == HS_AK_INTS || a->kind == HS_AK_FLOATS) {
            hs_sb_puts(b, "[");
            for (int i = 0; i < a->n; i++) {
                if (i)
                    hs_sb_puts(b, ", ");
                num(b, a->num[i]);
            }
            hs_sb_puts(b, "]");
        } else {
            num(b, a->n > 0 ? a->num[0] : 0);
        }
    }
    hs_sb_puts(b, "}");
}

char *hs_graph_to_json(const hs_graph *g, const char *generator, hs_error *err)
{
    hs_sbuf b = {0};
    hs_sb_puts(&b, "{\n  \"format\": \"hetsim-model\",\n  \"version\": 1,\n  \"name\": ");
    jstr(&b, g->name);
    if (g->description && g->description[0]) {
        hs_sb_puts(&b, ",\n  \"description\": ");
        jstr(&b, g->description);
    }
    if (g->source && g->source[0]) {
        hs_sb_puts(&b, ",\n  \"source\": ");
        jstr(&b, g->source);
    }
    if (generator) {
        hs_sb_puts(&b, ",\n  \"generator\": ");
        jstr(&b, generator);
    }
    hs_sb_puts(&b, ",\n  \"dtype\": ");
    jstr(&b, hs_dtype_names[g->dtype]);
    if (g->accuracy.known) {
        const hs_accuracy *a = &g->accuracy;
        hs_sb_puts(&b, ",\n  \"accuracy\": {\"metric\": ");
        jstr(&b, a->metric);
        hs_sb_puts(&b, ", \"fp32\": ");
        num(&b, a->fp32);
        if (a->int8 >= 0) {
            hs_sb_puts(&b, ", \"int8\": ");
            num(&b, a->int8);
        }
        if (a->n_pruned > 0) {
            hs_sb_puts(&b, ", \"pruned\": [");
            for (int i = 0; i < a->n_pruned; i++) {
                hs_sb_puts(&b, i ? ", {\"ratio\": " : "{\"ratio\": ");
                num(&b, a->prune_ratio[i]);
                hs_sb_puts(&b, ", \"value\": ");
                num(&b, a->prune_value[i]);
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
        jstr(&b, t->name);
        hs_sb_puts(&b, ", \"shape\": ");
        shape(&b, t);
        hs_sb_puts(&b, "}");
    }
    hs_sb_puts(&b, "],\n  \"outputs\": [");
    for (int i = 0; i < g->n_outputs; i++) {
        if (i)
            hs_sb_puts(&b, ", ");
        jstr(&b, g->tensors[g->outputs[i]].name);
    }
    hs_sb_puts(&b, "],\n  \"ops\": [\n");
    for (int k = 0; k < g->n_ops; k++) {
        const hs_op *op = &g->ops[k];
        hs_sb_puts(&b, "    {\"name\": ");
        jstr(&b, op->name);
        hs_sb_puts(&b, ", \"type\": ");
        jstr(&b, op->type);
        hs_sb_puts(&b, ", \"inputs\": [");
        for (int j = 0; j < op->n_in; j++) {
            if (j)
                hs_sb_puts(&b, ", ");
            jstr(&b, g->tensors[op->in[j]].name);
        }
        hs_sb_puts(&b, "], \"outputs\": [");
        for (int j = 0; j < op->n_out; j++) {
            const hs_tensor *t = &g->tensors[op->out[j]];
            hs_sb_puts(&b, j ? ", {\"name\": " : "{\"name\": ");
            jstr(&b, t->name);
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
            jstr(&b, op->aliases[j]);
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
