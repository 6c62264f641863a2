/* hetsim list ops [-m MODEL] [-f table|csv]
 *
 * Contract: with -m, one row per op of the model graph as the simulator sees
 * it: its type, latency-model class (hs_op_class_of, sim/latency.h; empty
 * for none), FLOPs, element counts and weights (stated in the file or
 * derived by hs_op_costs), kernel, stride and group, and whether it is a
 * view (no data moved). Without -m, one row per entry of the op table
 * (traces/op.h): type, class, view. The CSV form is for scripts (e.g.
 * scripts/fit/opfeatures.py takes model costs from it instead of deriving
 * them again); numbers are written so that they read back exactly. Exit 0,
 * or 2 for a bad option or a model that does not load (the message names
 * the file and the field). */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "sim/catalog.h"
#include "sim/latency.h"

static void usage(FILE *f)
{
    fputs("usage: hetsim list ops [-m MODEL] [-f table|csv]\n"
          "\n"
          "With -m: every op of MODEL as the simulator costs it: type, latency-model\n"
          "class, FLOPs, input/output/weight elements, kernel, stride, group, view.\n"
          "Without -m: the op table: every ONNX op type the project knows, its class\n"
          "and whether it is a view.\n"
          "\n"
          "  -m, --model NAME|FILE   model (a zoo name or a hetsim-model JSON file)\n"
          "  -f, --format FMT        table (default) or csv\n",
          f);
}

static const char *class_name(int k)
{
    return k >= 0 && k < HS_OPC_COUNT ? hs_op_class_names[k] : "";
}

static void list_table(int csv)
{
    if (csv)
        printf("type,class,view\n");
    else
        printf("%-24s %-12s %s\n", "type", "class", "view");
    for (int t = HS_OP_OTHER + 1; t < HS_OP_COUNT; t++) {
        const hs_op_info *oi = hs_op_info_of((hs_op_type)t);
        int view = (oi->flags & HS_OPF_VIEW) != 0;
        if (csv)
            printf("%s,%s,%d\n", oi->name, class_name(oi->op_class), view);
        else
            printf("%-24s %-12s %s\n", oi->name, class_name(oi->op_class), view ? "yes" : "");
    }
}

/* a CSV field: quoted when it holds a comma, a quote or a line break */
static void csv_field(const char *s)
{
    if (!strpbrk(s, ",\"\r\n")) {
        fputs(s, stdout);
        return;
    }
    putchar('"');
    for (; *s; s++) {
        if (*s == '"')
            putchar('"');
        putchar(*s);
    }
    putchar('"');
}

static void list_model(const hs_graph *g, int csv)
{
    if (csv)
        printf("name,type,class,flops,in_elems,out_elems,weight_elems,kernel_h,kernel_w,stride_h,"
               "stride_w,group,view\n");
    else
        printf("%-32s %-20s %-12s %14s %10s %10s %10s %7s %7s %5s\n", "op", "type", "class", "FLOPs",
               "in", "out", "weights", "kernel", "stride", "group");
    for (int i = 0; i < g->n_ops; i++) {
        const hs_op *op = &g->ops[i];
        const hs_op_attrs *a = &op->attrs;
        const char *cls = class_name(hs_op_class_of(op));
        if (csv) {
            csv_field(op->name);
            putchar(',');
            csv_field(op->type);
            printf(",%s,%.17g,%lld,%lld,%lld,%d,%d,%d,%d,%d,%d\n", cls, op->flops,
                   (long long)op->in_elems, (long long)op->out_elems, (long long)op->weight_elems,
                   a->kernel_h, a->kernel_w, a->stride_h, a->stride_w, a->group, hs_op_is_view(op));
        } else {
            char k[24], s[24];
            snprintf(k, sizeof k, "%dx%d", a->kernel_h, a->kernel_w);
            snprintf(s, sizeof s, "%dx%d", a->stride_h, a->stride_w);
            printf("%-32s %-20s %-12s %14.0f %10lld %10lld %10lld %7s %7s %5d\n", op->name, op->type,
                   hs_op_is_view(op) ? "(view)" : cls, op->flops, (long long)op->in_elems,
                   (long long)op->out_elems, (long long)op->weight_elems, k, s, a->group);
        }
    }
}

int hs_cmd_list_ops(int argc, char **argv)
{
    static const char *const formats[] = {"table", "csv", NULL};
    const char *model = NULL;
    int fmt = 0, rc;
    const hs_opt opts[] = {HS_OPT_S("model", 'm', &model), HS_OPT_E("format", 'f', &fmt, formats),
                           HS_OPT_END};
    const hs_cli_spec spec = {.cmd = "list ops", .usage = usage, .opts = {opts}, .max_args = 0};
    if ((rc = hs_cli_parse(&spec, argc, argv, NULL)) != HS_CLI_GO)
        return rc;
    if (!model) {
        list_table(fmt == 1);
        return HS_EXIT_OK;
    }
    hs_error err;
    hs_graph *g = hs_open_model(model, &err);
    if (!g)
        return hs_cli_fail("list ops", &err);
    list_model(g, fmt == 1);
    hs_graph_free(g);
    return HS_EXIT_OK;
}
