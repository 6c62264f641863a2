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
          "devices: SoC, processors, latency models, co-execution costs, provenance;\n"
          "models: ops, GFLOPs, parameters;\n"
          "policies: summary, the work each follows, and a description.\n",
          f);
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

/* "; NAME m/p/s/a" with the shares of each origin in percent (they add up
 * to 100 but for rounding). */
static void print_origin(const char *name, const int counts[HS_ORIGIN_COUNT], int first)
{
    printf("%s %s", first ? "" : ";", name);
    for (int o = 0; o < HS_ORIGIN_COUNT; o++)
        printf("%s%.0f", o ? "/" : " ", 100 * hs_origin_share(counts, (hs_origin)o));
}

/* One device's row of --long; -1 after the error. */
static int device_row(const char *name)
{
    hs_error err;
    hs_device *d = hs_open_device(name, &err);
    if (!d) {
        hs_cli_error("list", err.msg);
        return -1;
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
    const hs_coexec_costs *cx = &d->coexec;
    if (cx->present)
        printf("\n%-18s co-execution with %s: sync %g us, signal %g us, split dispatch %g us, "
               "convert %g ns/B, interference cpu %g / accel %g, buffer kernels x%g, %s",
               "", cx->accel >= 0 ? d->procs[cx->accel].name : "-", cx->sync_us, cx->signal_us,
               cx->split_dispatch_us, cx->convert_ns_per_byte, cx->interf_cpu, cx->interf_accel,
               cx->buffer_slowdown, hs_wait_mode_names[cx->wait]);
    else
        printf("\n%-18s co-execution: no costs beyond transfers (no \"coexec\" in the profile)",
               "");
    printf("\n%-18s provenance of %d numbers:", "", total);
    for (int k = 0, first = 1; k < HS_PROV_COUNT; k++)
        if (d->provenance[k]) {
            printf("%s %s %d", first ? "" : ",", hs_provenance_names[k], d->provenance[k]);
            first = 0;
        }
    printf("\n%-18s origin of numbers, %% measured/published/scaled/assumed:", "");
    print_origin("device-level", d->origin_rest, 1);
    for (int p = 0; p < d->n_procs; p++)
        print_origin(d->procs[p].name, d->procs[p].origin, 0);
    printf("\n");
    hs_device_free(d);
    return 0;
}

/* One model's row of --long; -1 after the error. */
static int model_row(const char *name)
{
    hs_error err;
    hs_graph *g = hs_open_model(name, &err);
    if (!g) {
        hs_cli_error("list", err.msg);
        return -1;
    }
    double params = 0;
    for (int k = 0; k < g->n_ops; k++)
        params += (double)g->ops[k].weight_elems;
    printf("%-22s %6d %10.2f %12.2f  %s\n", g->name, g->n_ops, g->total_flops / 1e9,
           params / 1e6, g->description ? g->description : "");
    hs_graph_free(g);
    return 0;
}

/* The catalogue's files in `subdir`: one name per line, or with --long the
 * header and a row each (a file that does not load is an input error). */
static int list_catalogue(const char *subdir, int lng, const char *header, int (*row)(const char *))
{
    char **names;
    int n, rc = HS_EXIT_OK;
    if (hs_data_list(subdir, &names, &n) < 0) {
        hs_cli_error("list", "out of memory");
        return HS_EXIT_RUNTIME;
    }
    if (n == 0) {
        /* nothing to list is a broken setup, not an empty answer */
        char where[4096], msg[4400];
        hs_data_describe(where, sizeof where);
        snprintf(msg, sizeof msg,
                 "no %s found: looked in %s/ under each of %s (set HETSIM_DATA to the "
                 "directory holding devices/ and traces/models/, or run from the build tree)",
                 strcmp(subdir, "devices") == 0 ? "device profiles" : "models", subdir,
                 *where ? where : "(no data directory)");
        hs_cli_error("list", msg);
        free(names);
        return HS_EXIT_RUNTIME;
    }
    if (lng)
        fputs(header, stdout);
    for (int i = 0; i < n; i++) {
        if (!lng)
            printf("%s\n", names[i]);
        else if (row(names[i]) < 0)
            rc = HS_EXIT_INPUT;
        free(names[i]);
    }
    free(names);
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
    int rc;
    if (argc > 1 && strcmp(argv[1], "ops") == 0)
        return hs_cmd_list_ops(argc - 1, argv + 1);
    int lng = 0, first;
    const hs_opt opts[] = {HS_OPT_F("long", 'l', &lng), HS_OPT_END};
    const hs_cli_spec spec = {.cmd = "list", .usage = usage, .opts = {opts}, .max_args = 1};
    if ((rc = hs_cli_parse(&spec, argc, argv, &first)) != HS_CLI_GO)
        return rc;
    if (first == argc) {
        usage(stderr);
        return HS_EXIT_INPUT;
    }
    const char *what = argv[first];
    char header[160];
    if (strcmp(what, "devices") == 0) {
        snprintf(header, sizeof header, "%-18s %-20s %s\n", "device", "soc",
                 "processors (kind, peak GFLOPS per dtype)");
        return list_catalogue("devices", lng, header, device_row);
    }
    if (strcmp(what, "models") == 0) {
        snprintf(header, sizeof header, "%-22s %6s %10s %12s  %s\n", "model", "ops", "GFLOPs",
                 "params (M)", "description");
        return list_catalogue("traces/models", lng, header, model_row);
    }
    if (strcmp(what, "policies") == 0)
        return list_policies(lng);
    fprintf(stderr, "hetsim list: expected devices, models or policies, got \"%s\"\n", what);
    return HS_EXIT_INPUT;
}
