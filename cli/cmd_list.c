/* hetsim list devices|models|policies [--long]; hetsim list ops (cmd_list_ops.c) */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "policies/policy.h"
#include "sim/catalog.h"
#include "cli/cli.h"
#include "base/datapath.h"

static void usage(FILE *f)
{
    fputs("usage: hetsim list devices|models|policies [--long]\n"
          "       hetsim list ops [-m MODEL] [-f table|csv]   (see hetsim list ops --help)\n"
          "\n"
          "One name per line (for scripts); --long prints a table with details:\n"
          "devices: SoC and processors; models: ops, GFLOPs, parameters;\n"
          "policies: summary, the work each follows, and a description.\n",
          f);
}

static int list_files(const char *subdir, char ***names, int *n)
{
    if (hs_data_list(subdir, names, n) < 0) {
        hs_cli_error("list", "out of memory");
        return -1;
    }
    return 0;
}

static void free_names(char **names, int n)
{
    for (int i = 0; i < n; i++)
        free(names[i]);
    free(names);
}

/* One processor's latency-model provenance for --long: its op-model sets
 * ("fp16 fit n=2395 test 21.0%", "int8 scaled") or "roofline". */
static void print_op_models(const hs_processor *pr)
{
    if (!pr->has_op_models) {
        printf(" roofline");
        return;
    }
    for (int t = 0; t < HS_DT_COUNT; t++) {
        const hs_op_model_set *s = &pr->op_models[t];
        if (!s->present)
            continue;
        printf(" %s", hs_dtype_name((hs_dtype)t));
        if (s->fit.n_train > 0) {
            printf(" fit n=%d", s->fit.n_train);
            if (s->fit.n_test > 0 && s->fit.mape_test >= 0)
                printf(" test %.1f%%", s->fit.mape_test);
        } else {
            printf(" scaled");
        }
    }
}

static int list_devices(int lng)
{
    char **names;
    int n, rc = 0;
    if (list_files("devices", &names, &n) < 0)
        return HS_EXIT_RUNTIME;
    if (lng)
        printf("%-18s %-20s %s\n", "device", "soc", "processors (kind, peak GFLOPS per dtype)");
    for (int i = 0; i < n; i++) {
        if (!lng) {
            printf("%s\n", names[i]);
            continue;
        }
        hs_error err;
        hs_device *d = hs_open_device(names[i], &err);
        if (!d) {
            hs_cli_error("list", err.msg);
            rc = HS_EXIT_INPUT;
            continue;
        }
        printf("%-18s %-20s", d->name, d->soc);
        for (int p = 0; p < d->n_procs; p++) {
            const hs_processor *pr = &d->procs[p];
            printf("%s%s (%s", p ? ", " : " ", pr->name, hs_proc_kind_names[pr->kind]);
            for (int k = 0; k < pr->n_dtypes; k++)
                printf(" %s %.0f", hs_dtype_name(pr->dtypes[k]), pr->peak_gflops[pr->dtypes[k]]);
            printf(")");
        }
        printf("\n%-18s %s\n", "", d->description);
        printf("%-18s latency models:", "");
        for (int p = 0; p < d->n_procs; p++) {
            printf("%s %s", p ? ";" : "", d->procs[p].name);
            print_op_models(&d->procs[p]);
        }
        int total = 0;
        for (int k = 0; k < HS_PROV_COUNT; k++)
            total += d->provenance[k];
        printf("\n%-18s provenance of %d numbers:", "", total);
        for (int k = 0, first = 1; k < HS_PROV_COUNT; k++)
            if (d->provenance[k]) {
                printf("%s %s %d", first ? "" : ",", hs_provenance_names[k], d->provenance[k]);
                first = 0;
            }
        printf("\n");
        hs_device_free(d);
    }
    free_names(names, n);
    return rc;
}

static int list_models(int lng)
{
    char **names;
    int n, rc = 0;
    if (list_files("traces/models", &names, &n) < 0)
        return HS_EXIT_RUNTIME;
    if (lng)
        printf("%-22s %6s %10s %12s  %s\n", "model", "ops", "GFLOPs", "params (M)", "description");
    for (int i = 0; i < n; i++) {
        if (!lng) {
            printf("%s\n", names[i]);
            continue;
        }
        hs_error err;
        hs_graph *g = hs_open_model(names[i], &err);
        if (!g) {
            hs_cli_error("list", err.msg);
            rc = HS_EXIT_INPUT;
            continue;
        }
        double params = 0;
        for (int k = 0; k < g->n_ops; k++)
            params += (double)g->ops[k].weight_elems;
        printf("%-22s %6d %10.2f %12.2f  %s\n", g->name, g->n_ops, g->total_flops / 1e9,
               params / 1e6, g->description ? g->description : "");
        hs_graph_free(g);
    }
    free_names(names, n);
    return rc;
}

static int list_policies(int lng)
{
    for (int i = 0; hs_policy_registry[i]; i++) {
        const hs_policy *p = hs_policy_registry[i];
        if (!lng) {
            printf("%s\n", p->name);
            continue;
        }
        printf("%-10s %s\n%-10s follows: %s\n%-10s %s\n\n", p->name, p->summary, "", p->paper, "",
               p->description);
    }
    return HS_EXIT_OK;
}

int hs_cmd_list(int argc, char **argv)
{
    int lng = 0;
    const char *what = NULL;
    if (argc > 1 && strcmp(argv[1], "ops") == 0)
        return hs_cmd_list_ops(argc - 1, argv + 1);
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--long") == 0 || strcmp(argv[i], "-l") == 0) {
            lng = 1;
        } else if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            usage(stdout);
            return HS_EXIT_OK;
        } else if (!what && argv[i][0] != '-') {
            what = argv[i];
        } else {
            fprintf(stderr, "hetsim list: unexpected argument \"%s\" (see hetsim list --help)\n",
                    argv[i]);
            return HS_EXIT_INPUT;
        }
    }
    if (!what) {
        usage(stderr);
        return HS_EXIT_INPUT;
    }
    if (strcmp(what, "devices") == 0)
        return list_devices(lng);
    if (strcmp(what, "models") == 0)
        return list_models(lng);
    if (strcmp(what, "policies") == 0)
        return list_policies(lng);
    fprintf(stderr, "hetsim list: expected devices, models or policies, got \"%s\"\n", what);
    return HS_EXIT_INPUT;
}
