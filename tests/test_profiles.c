/* Device profiles: the shipped profiles load and cite a source for every
 * number; operator support falls back where vendor delegates refuse; the
 * fitted per-op latency model gives hand-checked figures (fixture
 * tests/fixtures/profiles/fitted.json, round numbers), also through
 * `hetsim estimate`; the loader rejects malformed new sections (op models,
 * DVFS perf, power, layout conversions, thermal) with the file, the JSON path
 * and what it expected. */
#include <cjson/cJSON.h>
#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "devices/profile.h"
#include "devices/support.h"
#include "traces/graph.h"
#include "base/json_read.h"
#include "sim/latency.h"
#include "sim/placement.h"
#include "sim/plan.h"
#include "tests/test_util.h"

#ifndef HS_SRCDIR
#define HS_SRCDIR "."
#endif

static const char *const shipped[] = {"xiaomi-mi9",    "xiaomi-mi6",  "xiaomi-mi11-pro",
                                      "xiaomi-13",     "huawei-mate30", "samsung-s10",
                                      "samsung-a03s",  "jetson-xavier-nx", NULL};

static const char *device_path(const char *name)
{
    static char buf[4][1024];
    static int slot;
    char *b = buf[slot++ % 4];
    snprintf(b, sizeof buf[0], "%s/devices/%s.json", HS_SRCDIR, name);
    return b;
}

static hs_device *load_fixture(void)
{
    hs_error err;
    hs_device *d = hs_device_load_file(hs_test_fixture("profiles/fitted.json"), &err);
    if (!d)
        fprintf(stderr, "\n%s\n", err.msg);
    return d;
}

/* ---- shipped profiles ---- */

static void test_shipped_load(void)
{
    for (int i = 0; shipped[i]; i++) {
        hs_error err;
        hs_device *d = hs_device_load_file(device_path(shipped[i]), &err);
        if (!d)
            fprintf(stderr, "\n%s\n", err.msg);
        CU_ASSERT_PTR_NOT_NULL_FATAL(d);
        CU_ASSERT_STRING_EQUAL(d->name, shipped[i]);
        CU_ASSERT_EQUAL(d->procs[d->host].kind, HS_PROC_CPU);
        CU_ASSERT(hs_device_find_kind(d, HS_PROC_GPU) >= 0);
        CU_ASSERT_EQUAL(d->provenance[HS_PROV_UNSOURCED], 0);
        int cpus = 0, modelled = 0;
        for (int p = 0; p < d->n_procs; p++) {
            cpus += d->procs[p].kind == HS_PROC_CPU;
            modelled += d->procs[p].has_op_models;
        }
        CU_ASSERT(cpus >= 1);
        CU_ASSERT(modelled >= 2); /* at least a CPU cluster and the GPU have op models */
        hs_device_free(d);
    }
    /* the measured ones carry their fit's provenance */
    hs_error err;
    hs_device *d = hs_device_load_file(device_path("xiaomi-mi9"), &err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(d);
    const hs_processor *gpu = &d->procs[hs_device_find_kind(d, HS_PROC_GPU)];
    CU_ASSERT(gpu->op_models[HS_DT_FP16].present);
    CU_ASSERT(gpu->op_models[HS_DT_FP16].fit.n_train > 1000);
    CU_ASSERT(gpu->op_models[HS_DT_FP16].fit.n_test > 100);
    CU_ASSERT(gpu->op_models[HS_DT_FP16].fit.mape_test > 0);
    CU_ASSERT(gpu->op_models[HS_DT_FP16].cls[HS_OPC_CONV].n_train > 0);
    CU_ASSERT(d->procs[d->host].dvfs.n > 5);
    CU_ASSERT(d->procs[d->host].dvfs.perf[d->procs[d->host].dvfs.n - 1] == 1.0);
    CU_ASSERT(d->thermal.sustained_ratio > 0.5);
    CU_ASSERT(d->n_convs > 0);
    hs_device_free(d);
}

/* Walk a profile: every number must be a {"value", "source"} wrapper or sit
 * under an object with a "source" string. Returns the unsourced count and
 * prints their paths. */
static int unsourced(const cJSON *item, int has_src, const char *file, char *path, size_t cap)
{
    if (cJSON_IsNumber(item)) {
        if (!has_src)
            fprintf(stderr, "\n%s: %s has no source\n", file, path);
        return !has_src;
    }
    if (!cJSON_IsObject(item) && !cJSON_IsArray(item))
        return 0;
    const cJSON *s = cJSON_IsObject(item) ? cJSON_GetObjectItemCaseSensitive(item, "source")
                                          : NULL;
    if (cJSON_IsString(s) && s->valuestring[0])
        has_src = 1;
    int bad = 0, i = 0;
    size_t len = strlen(path);
    for (const cJSON *e = item->child; e; e = e->next, i++) {
        if (len == 1 && e->string && strcmp(e->string, "version") == 0)
            continue; /* the format version is no measured figure */
        if (e->string)
            snprintf(path + len, cap - len, ".%s", e->string);
        else
            snprintf(path + len, cap - len, "[%d]", i);
        bad += unsourced(e, has_src, file, path, cap);
        path[len] = '\0';
    }
    return bad;
}

static void test_every_number_sourced(void)
{
    for (int i = 0; shipped[i]; i++) {
        cJSON *root;
        hs_error err;
        CU_ASSERT_FATAL(hs_json_load_file(device_path(shipped[i]), &root, &err) == 0);
        char path[512] = "$";
        CU_ASSERT_EQUAL(unsourced(root, 0, shipped[i], path, sizeof path), 0);
        int counts[HS_PROV_COUNT];
        hs_provenance_count(root, counts);
        CU_ASSERT_EQUAL(counts[HS_PROV_UNSOURCED], 0);
        CU_ASSERT(counts[HS_PROV_FITTED] + counts[HS_PROV_SCALED] + counts[HS_PROV_CALIBRATED] >
                  10);
        cJSON_Delete(root);
    }
    CU_ASSERT_EQUAL(hs_provenance_of("fitted: qed"), HS_PROV_FITTED);
    CU_ASSERT_EQUAL(hs_provenance_of("Assumption (order of magnitude)"), HS_PROV_ASSUMPTION);
    CU_ASSERT_EQUAL(hs_provenance_of("Adreno 640 peak (devices.md)"), HS_PROV_CITED);
    CU_ASSERT_EQUAL(hs_provenance_of(""), HS_PROV_UNSOURCED);
}

/* ---- support ---- */

/* A one-op graph: input [1, cin, 16, 16] -> op -> [1, cout, 16 / stride, ...]. */
static hs_graph *one_op(const char *type, int cin, int cout, int k, int stride, int group)
{
    hs_error err;
    hs_graph *g = hs_graph_new("t");
    int64_t in[4] = {1, cin, 16, 16};
    int64_t out[1][HS_MAX_RANK] = {{1, cout, 16 / stride, 16 / stride}};
    int rank[1] = {4};
    const char *ins[1] = {"x"}, *outs[1] = {"y"};
    hs_op_attrs a = hs_op_attrs_default();
    a.kernel_h = a.kernel_w = k;
    a.stride_h = a.stride_w = stride;
    a.group = group;
    if (hs_graph_add_input(g, "x", 4, in, &err) < 0 ||
        hs_graph_add_op(g, "op", type, 1, ins, 1, outs, rank,
                        (const int64_t(*)[HS_MAX_RANK])out, &a, &err) < 0 ||
        hs_graph_finalize(g, &err) < 0) {
        fprintf(stderr, "\n%s\n", err.msg);
        hs_graph_free(g);
        return NULL;
    }
    return g;
}

static void test_support_fallback(void)
{
    hs_error err;
    hs_device *d = hs_device_load_file(device_path("xiaomi-mi9"), &err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(d);
    int gpu = hs_device_find_proc(d, "gpu"), dsp = hs_device_find_proc(d, "dsp");
    CU_ASSERT_FATAL(gpu >= 0 && dsp >= 0);
    char why[128];

    /* the TFLite converter lowers layer norm to ops the GPU delegate runs */
    hs_graph *g = one_op("LayerNormalization", 8, 8, 1, 1, 1);
    CU_ASSERT_PTR_NOT_NULL_FATAL(g);
    CU_ASSERT_EQUAL(hs_supports(&d->procs[gpu], g, &g->ops[0], HS_DT_FP16, why, sizeof why), 1);
    hs_graph_free(g);
    /* Erf (exact GELU) is not in the TFLite GPU delegate: it falls back */
    g = one_op("Erf", 8, 8, 1, 1, 1);
    CU_ASSERT_PTR_NOT_NULL_FATAL(g);
    CU_ASSERT_EQUAL(hs_supports(&d->procs[gpu], g, &g->ops[0], HS_DT_FP16, why, sizeof why), 0);
    CU_ASSERT(strstr(why, "Erf") != NULL);
    hs_plan *plan = hs_plan_new(g->n_ops, "gpu");
    hs_plan_set(plan, 0, gpu);
    hs_placement *pl = hs_place(d, g, plan, &err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(pl);
    CU_ASSERT_EQUAL(pl->n_fallback, 1);
    CU_ASSERT_EQUAL(hs_placed_proc(pl, 0), d->host);
    hs_placement_free(pl);
    hs_plan_free(plan);
    hs_graph_free(g);

    /* an fp32 model on the int8-only Hexagon DSP: no dtype to run in, falls back */
    hs_dtype dt;
    CU_ASSERT_EQUAL(hs_exec_dtype(&d->procs[dsp], HS_DT_FP32, &dt), -1);
    CU_ASSERT_EQUAL(hs_exec_dtype(&d->procs[dsp], HS_DT_INT8, &dt), 0);
    CU_ASSERT_EQUAL(dt, HS_DT_INT8);
    g = one_op("Conv", 8, 8, 3, 1, 1);
    CU_ASSERT_PTR_NOT_NULL_FATAL(g);
    plan = hs_plan_new(g->n_ops, "dsp");
    hs_plan_set(plan, 0, dsp);
    pl = hs_place(d, g, plan, &err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(pl);
    CU_ASSERT_EQUAL(pl->n_fallback, 1);
    CU_ASSERT_EQUAL(hs_placed_proc(pl, 0), d->host);
    hs_placement_free(pl);
    hs_plan_free(plan);
    hs_graph_free(g);
    hs_device_free(d);

    /* two rules for Conv on the fixture DSP: plain (stride <= 3) and depthwise (3x3) */
    d = load_fixture();
    CU_ASSERT_PTR_NOT_NULL_FATAL(d);
    const hs_processor *p = &d->procs[hs_device_find_proc(d, "dsp")];
    struct {
        int cin, cout, k, s, grp, ok;
        const char *why;
    } cases[] = {{8, 8, 3, 1, 1, 1, ""},          {8, 8, 3, 4, 1, 0, "stride 4 > 3"},
                 {8, 8, 3, 1, 8, 1, ""},          {8, 8, 5, 1, 8, 0, "kernel 5 > 3"},
                 {8, 8, 3, 1, 2, 0, "group 2"}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        g = one_op("Conv", cases[i].cin, cases[i].cout, cases[i].k, cases[i].s, cases[i].grp);
        CU_ASSERT_PTR_NOT_NULL_FATAL(g);
        int ok = hs_supports(p, g, &g->ops[0], HS_DT_INT8, why, sizeof why);
        CU_ASSERT_EQUAL(ok, cases[i].ok);
        if (!cases[i].ok && !strstr(why, cases[i].why))
            fprintf(stderr, "\ncase %zu: \"%s\" lacks \"%s\"\n", i, why, cases[i].why);
        CU_ASSERT(cases[i].ok || strstr(why, cases[i].why) != NULL);
        hs_graph_free(g);
    }
    hs_device_free(d);
}

/* ---- the fitted latency model by hand ---- */

static void test_estimate_by_hand(void)
{
    hs_device *d = load_fixture();
    CU_ASSERT_PTR_NOT_NULL_FATAL(d);
    const hs_processor *cpu = &d->procs[0], *gpu = &d->procs[1];

    /* 1x1 conv, 16 -> 32 channels on 16x16: 2*32*256*16 = 262144 FLOPs (0.262144 MFLOP);
     * elements 4096 in + 8192 out + (32*16 + 32) weights = 12832 -> fp32 0.051328 MB,
     * int8 0.012832 MB. */
    hs_graph *g = one_op("Conv", 16, 32, 1, 1, 1);
    CU_ASSERT_PTR_NOT_NULL_FATAL(g);
    const hs_op *op = &g->ops[0];
    CU_ASSERT_DOUBLE_EQUAL(op->flops, 262144.0, 1e-9);
    CU_ASSERT_EQUAL(hs_op_class_of(op), HS_OPC_CONV1X1);
    /* cpu fp32: 10 + 2 * 0.262144 + 5 * 0.051328 = 10.780928 us */
    CU_ASSERT_DOUBLE_EQUAL(hs_fitted_ns(cpu, op, HS_DT_FP32), 10780.928, 1e-6);
    /* cpu int8 has its own set: 3 + 0.5 * 0.262144 + 1 * 0.012832 = 3.143904 us */
    CU_ASSERT_DOUBLE_EQUAL(hs_fitted_ns(cpu, op, HS_DT_INT8), 3143.904, 1e-6);
    /* gpu fp32 from its fp16 set: compute x peak16/peak32 = 2, bytes in fp32:
     * 20 + 1 * 0.524288 + 10 * 0.051328 = 21.037568 us */
    CU_ASSERT_DOUBLE_EQUAL(hs_fitted_ns(gpu, op, HS_DT_FP32), 21037.568, 1e-6);
    hs_op_latency l;
    hs_op_latency_init(&l, cpu, op, HS_DT_FP32, NULL);
    CU_ASSERT_EQUAL(l.src, HS_SRC_FITTED);
    CU_ASSERT_EQUAL(hs_op_latency_next(&l, HS_TRACE_REPLAY, NULL), 10781);
    hs_graph_free(g);

    /* 3x3 conv 4 -> 2 channels, stride 2 on 16x16: out 2x8x8 = 128 elements,
     * 2*128*4*9 = 9216 FLOPs; occupancy (1000/128)^0.5 = 2.7950849719;
     * 4 + 1 * 0.009216 * 2.7950849719 = 4.025759503 us */
    g = one_op("Conv", 4, 2, 3, 2, 1);
    CU_ASSERT_PTR_NOT_NULL_FATAL(g);
    CU_ASSERT_EQUAL(hs_op_class_of(&g->ops[0]), HS_OPC_CONV);
    CU_ASSERT_DOUBLE_EQUAL(hs_fitted_ns(cpu, &g->ops[0], HS_DT_FP32),
                           (4 + 0.009216 * sqrt(1000.0 / 128.0)) * 1e3, 1e-6);
    CU_ASSERT_DOUBLE_EQUAL(hs_fitted_ns(cpu, &g->ops[0], HS_DT_FP32), 4025.759503, 1e-5);
    hs_graph_free(g);

    /* depthwise and grouped convs are told apart; no dwconv model: roofline */
    g = one_op("Conv", 8, 8, 3, 1, 8);
    CU_ASSERT_EQUAL(hs_op_class_of(&g->ops[0]), HS_OPC_DWCONV);
    CU_ASSERT(hs_fitted_ns(cpu, &g->ops[0], HS_DT_FP32) < 0);
    hs_op_latency_init(&l, cpu, &g->ops[0], HS_DT_FP32, NULL);
    CU_ASSERT_EQUAL(l.src, HS_SRC_ROOFLINE);
    hs_graph_free(g);
    /* a grouped conv (2 groups of 4 channels) has its own class; this profile
     * has no gconv model, so the conv model times it: 3x3 8 -> 8 on 16x16,
     * 2 * 2048 * 4 * 9 = 147456 FLOPs, 2048 outputs (no occupancy penalty):
     * 4 + 1 * 0.147456 = 4.147456 us */
    g = one_op("Conv", 8, 8, 3, 1, 2);
    CU_ASSERT_EQUAL(hs_op_class_of(&g->ops[0]), HS_OPC_GCONV);
    CU_ASSERT_DOUBLE_EQUAL(hs_fitted_ns(cpu, &g->ops[0], HS_DT_FP32), 4147.456, 1e-6);
    hs_graph_free(g);
    /* a fused activation costs nothing where the profile models it */
    g = one_op("Relu", 8, 8, 1, 1, 1);
    CU_ASSERT_EQUAL(hs_op_class_of(&g->ops[0]), HS_OPC_ACTIVATION);
    CU_ASSERT_DOUBLE_EQUAL(hs_fitted_ns(cpu, &g->ops[0], HS_DT_FP32), 0.0, 1e-12);
    hs_graph_free(g);

    /* dispatch, a term of its own: 3 us launch + 2 us framework per op that
     * dispatches; the 1x1 conv above: kernel 10.780928 us, dispatched 15.780928 us;
     * a fused activation dispatches nothing; a kernel-only trace gets the 5 us */
    {
        hs_processor cp = *cpu;
        cp.op_models[HS_DT_FP32].launch_us = 3;
        cp.op_models[HS_DT_FP32].op_overhead_us = 2;
        hs_graph *pw = one_op("Conv", 16, 32, 1, 1, 1);
        CU_ASSERT_PTR_NOT_NULL_FATAL(pw);
        CU_ASSERT_DOUBLE_EQUAL(hs_kernel_ns(&cp, &pw->ops[0], HS_DT_FP32), 10780.928, 1e-6);
        CU_ASSERT_DOUBLE_EQUAL(hs_dispatch_ns(&cp, &pw->ops[0], HS_DT_FP32), 5000, 1e-9);
        CU_ASSERT_DOUBLE_EQUAL(hs_fitted_ns(&cp, &pw->ops[0], HS_DT_FP32), 15780.928, 1e-6);
        double samples[2] = {100, 300};
        hs_trace_op to = {.name = pw->ops[0].name, .fraction = 1.0, .n = 2, .samples_us = samples};
        hs_trace tr = {.dtype = HS_DT_FP32, .n_ops = 1, .ops = &to, .kernel_only = 1};
        hs_op_latency_init(&l, &cp, &pw->ops[0], HS_DT_FP32, &tr);
        CU_ASSERT_EQUAL(l.src, HS_SRC_TRACE);
        CU_ASSERT_DOUBLE_EQUAL(hs_op_latency_mean_ns(&l), 205000, 1e-6);
        CU_ASSERT_EQUAL(hs_op_latency_next(&l, HS_TRACE_REPLAY, NULL), 105000);
        tr.kernel_only = 0; /* a dispatched trace is replayed as it is */
        hs_op_latency_init(&l, &cp, &pw->ops[0], HS_DT_FP32, &tr);
        CU_ASSERT_DOUBLE_EQUAL(hs_op_latency_mean_ns(&l), 200000, 1e-6);
        hs_graph_free(pw);
        hs_graph *r = one_op("Relu", 8, 8, 1, 1, 1);
        CU_ASSERT_DOUBLE_EQUAL(hs_dispatch_ns(&cp, &r->ops[0], HS_DT_FP32), 0, 0);
        hs_graph_free(r);
        /* an op the lowering linked into its producer: 0 on a set that links
         * elementwise ops, its own time (with dispatch) elsewhere */
        hs_graph *pl = one_op("Conv", 16, 32, 1, 1, 1);
        CU_ASSERT_EQUAL(hs_attrs_set_string(&pl->ops[0].attr_list, "gpu_linked_into", "p"), 0);
        CU_ASSERT_DOUBLE_EQUAL(hs_fitted_ns(&cp, &pl->ops[0], HS_DT_FP32), 15780.928, 1e-6);
        cp.op_models[HS_DT_FP32].links_elementwise = 1;
        CU_ASSERT_DOUBLE_EQUAL(hs_fitted_ns(&cp, &pl->ops[0], HS_DT_FP32), 0, 0);
        hs_graph_free(pl);
    }

    /* transfers add the layout conversion NHWC -> PHWC4 (one direction listed) */
    CU_ASSERT_EQUAL(hs_device_transfer_ns(d, 0, 1, 1e6), 100000 + 500000 + 5000 + 250000);
    CU_ASSERT_EQUAL(hs_device_transfer_ns(d, 1, 0, 1e6), 10000 + 1000000);
    /* the other new sections are loaded */
    CU_ASSERT_DOUBLE_EQUAL(d->power_budget_mw, 5000, 1e-9);
    CU_ASSERT_DOUBLE_EQUAL(gpu->power.active_mw, 2000, 1e-9);
    CU_ASSERT_DOUBLE_EQUAL(gpu->power.idle_mw, 50, 1e-9);
    CU_ASSERT_DOUBLE_EQUAL(cpu->dvfs.perf[0], 0.5, 1e-12);
    CU_ASSERT_DOUBLE_EQUAL(d->thermal.sustained_ratio, 0.9, 1e-12);
    CU_ASSERT_EQUAL(cpu->op_models[HS_DT_FP32].fit.n_test, 4);
    CU_ASSERT_DOUBLE_EQUAL(cpu->op_models[HS_DT_FP32].cls[HS_OPC_CONV].mape_test, 4.0, 1e-12);
    CU_ASSERT_EQUAL(cpu->op_model_dtype, HS_DT_FP32);
    CU_ASSERT_EQUAL(gpu->op_model_dtype, HS_DT_FP16);
    CU_ASSERT_EQUAL(gpu->op_models[HS_DT_FP16].fit.n_train, 0); /* scaled, not fitted */
    hs_device_free(d);
}

/* Run a shell command; its exit status, stderr text in *errs (caller frees). */
static int run_cmd(const char *cmd, char **errs)
{
    const char *ef = hs_test_tmpfile("estimate.err", "");
    char full[4096];
    snprintf(full, sizeof full, "%s 2>%s", cmd, ef);
    int st = system(full);
    FILE *f = fopen(ef, "r");
    *errs = calloc(1, 4096);
    if (f && *errs) {
        size_t n = fread(*errs, 1, 4095, f);
        (*errs)[n] = '\0';
    }
    if (f)
        fclose(f);
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static void test_estimate_command(void)
{
    const char *hetsim = getenv("HETSIM");
    if (!hetsim || !*hetsim) {
        fprintf(stderr, "(HETSIM not set: estimate command checks skipped) ");
        return;
    }
    const char *ops = hs_test_tmpfile(
        "ops.csv", "name,type,in_c,in_h,in_w,out_c,out_h,out_w,kernel_h,kernel_w,stride_h,"
                   "stride_w,group,flops\n"
                   "pw,Conv,16,16,16,32,16,16,1,1,1,1,1,\n"
                   "\"given, flops\",Conv,16,16,16,32,16,16,1,1,1,1,1,1000000\n"
                   "act,Relu,32,16,16,32,16,16,,,,,,\n");
    const char *out = hs_test_tmpfile("ops_out.csv", "");
    char cmd[3072], *errs;
    snprintf(cmd, sizeof cmd, "\"%s\" estimate -d %s -P cpu --ops %s -o %s", hetsim,
             hs_test_fixture("profiles/fitted.json"), ops, out);
    CU_ASSERT_EQUAL(run_cmd(cmd, &errs), 0);
    free(errs);
    FILE *f = fopen(out, "r");
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    char text[4096];
    size_t n = fread(text, 1, sizeof text - 1, f);
    text[n] = '\0';
    fclose(f);
    CU_ASSERT(strstr(text, "group,flops,kernel_us,predicted_us,source\n") != NULL);
    CU_ASSERT(strstr(text, "pw,Conv,16,16,16,32,16,16,1,1,1,1,1,,10.781,10.781,fitted\n") != NULL);
    /* stated FLOPs: 10 + 2 * 1.0 + 5 * 0.051328 = 12.25664 */
    CU_ASSERT(strstr(text, "\"given, flops\",Conv,16,16,16,32,16,16,1,1,1,1,1,1000000,12.257,"
                           "12.257,fitted\n") != NULL);
    CU_ASSERT(strstr(text, "act,Relu,32,16,16,32,16,16,,,,,,,0.000,0.000,fitted\n") != NULL);

    /* bad inputs: exit 2, the message names file, line and column */
    const char *bad = hs_test_tmpfile(
        "bad.csv", "name,type,in_c,in_h,in_w,out_c,out_h,out_w,kernel_h,kernel_w,stride_h,"
                   "stride_w,group,flops\n"
                   "a,Conv,16,16,16,32,16,16,1,1,1,1,1,\n"
                   "b,Conv,16,x16,16,32,16,16,1,1,1,1,1,\n");
    snprintf(cmd, sizeof cmd, "\"%s\" estimate -d %s -P cpu --ops %s -o %s.never", hetsim,
             hs_test_fixture("profiles/fitted.json"), bad, out);
    CU_ASSERT_EQUAL(run_cmd(cmd, &errs), 2);
    CU_ASSERT(hs_test_msg_has(errs, "bad.csv:3", "column in_h", "\"x16\"", (char *)NULL));
    free(errs);
    char never[1100];
    snprintf(never, sizeof never, "%s.never", out);
    CU_ASSERT_PTR_NULL(fopen(never, "r")); /* nothing half-written */
    const char *nocol = hs_test_tmpfile("nocol.csv", "name,type,in_c\na,Conv,3\n");
    snprintf(cmd, sizeof cmd, "\"%s\" estimate -d %s -P cpu --ops %s", hetsim,
             hs_test_fixture("profiles/fitted.json"), nocol);
    CU_ASSERT_EQUAL(run_cmd(cmd, &errs), 2);
    CU_ASSERT(hs_test_msg_has(errs, "nocol.csv:1", "missing column \"in_h\"", (char *)NULL));
    free(errs);
    snprintf(cmd, sizeof cmd, "\"%s\" estimate -d %s -P tpu --ops %s", hetsim,
             hs_test_fixture("profiles/fitted.json"), ops);
    CU_ASSERT_EQUAL(run_cmd(cmd, &errs), 2);
    CU_ASSERT(hs_test_msg_has(errs, "no processor \"tpu\"", "cpu, gpu, dsp", (char *)NULL));
    free(errs);
}

/* ---- loader rejections of the new sections ---- */

/* Replace (or add, or with value NULL delete) the item at a '/'-separated
 * path of object keys and array indices. */
static int set_at(cJSON *root, const char *path, const char *value)
{
    char buf[256];
    snprintf(buf, sizeof buf, "%s", path);
    cJSON *cur = root;
    char *save = NULL, *tok = strtok_r(buf, "/", &save);
    while (tok) {
        char *next = strtok_r(NULL, "/", &save);
        int is_index = tok[0] >= '0' && tok[0] <= '9';
        if (!next) {
            if (!value) {
                if (is_index)
                    cJSON_DeleteItemFromArray(cur, atoi(tok));
                else
                    cJSON_DeleteItemFromObjectCaseSensitive(cur, tok);
                return 0;
            }
            cJSON *v = cJSON_Parse(value);
            if (!v)
                return -1;
            if (is_index)
                return cJSON_ReplaceItemInArray(cur, atoi(tok), v) ? 0 : -1;
            if (cJSON_GetObjectItemCaseSensitive(cur, tok))
                return cJSON_ReplaceItemInObjectCaseSensitive(cur, tok, v) ? 0 : -1;
            return cJSON_AddItemToObject(cur, tok, v) ? 0 : -1;
        }
        cur = is_index ? cJSON_GetArrayItem(cur, atoi(tok))
                       : cJSON_GetObjectItemCaseSensitive(cur, tok);
        if (!cur)
            return -1;
        tok = next;
    }
    return -1;
}

static void test_loader_rejections(void)
{
    static const struct {
        const char *path, *value, *n1, *n2;
    } cases[] = {
        {"processors/0/op_models/0/classes/conv1x1/us_per_mflop", "-1",
         "$.processors[0].op_models[0].classes.conv1x1.us_per_mflop", "expected a number"},
        {"processors/0/op_models/0/classes/conv1x1/overhead_us", "\"fast\"",
         "classes.conv1x1.overhead_us", "expected a number"},
        {"processors/0/op_models/0/classes/conv1x1/bogus", "1", "unknown key \"bogus\"",
         "classes.conv1x1"},
        {"processors/0/op_models/0/classes/winograd", "{}", "unknown key \"winograd\"",
         "activation"},
        {"processors/0/op_models/0/classes", "{}", "$.processors[0].op_models[0].classes",
         "at least one op class"},
        {"processors/0/op_models/1/dtype", "\"fp32\"", "$.processors[0].op_models[1].dtype",
         "one op-model set per dtype"},
        {"processors/0/op_models/0/dtype", "\"fp16\"", "$.processors[0].op_models[0].dtype",
         "a dtype this processor lists"},
        {"processors/0/op_models/0/fit/mape_test", NULL, "$.processors[0].op_models[0].fit",
         "\"mape_test\""},
        {"processors/0/op_models/0/fit/n_train", "2.5", "fit.n_train", "integer"},
        {"processors/0/op_models/0/classes/conv/occupancy_exp", "\"half\"",
         "classes.conv.occupancy_exp", "expected a number"},
        {"processors/0/op_models/0/classes/conv/occupancy_elems", "-1",
         "classes.conv.occupancy_elems", "expected a number"},
        {"processors/0/op_models", "[]", "$.processors[0].op_models", "non-empty array"},
        {"processors/0/op_models", "7", "$.processors[0].op_models", "non-empty array"},
        {"processors/1/op_models/dtype", NULL, "$.processors[1].op_models", "dtype"},
        {"processors/0/dvfs/opps/0/perf", "1.5", "$.processors[0].dvfs.opps[0].perf",
         "expected a number"},
        {"processors/1/power/idle_mw", "3000", "$.processors[1].power.idle_mw",
         "expected a number"},
        {"processors/1/power/active_mw", "-5", "$.processors[1].power.active_mw",
         "expected a number"},
        {"processors/1/power/peak_mw", "5", "unknown key \"peak_mw\"", "$.processors[1].power"},
        {"transfers/layout_conversion/0/to", "\"NCHW\"", "$.transfers.layout_conversion[0]",
         "two different layouts"},
        {"transfers/layout_conversion/0/bandwidth_gbps", "0",
         "$.transfers.layout_conversion[0].bandwidth_gbps", "expected a number"},
        {"transfers/layout_conversion/0/source", NULL, "$.transfers.layout_conversion[0]",
         "source"},
        {"transfers/layout_conversion", "{}", "$.transfers.layout_conversion", "array"},
        {"power/budget_mw", "\"lots\"", "$.power.budget_mw", "expected a number"},
        {"power/extra", "1", "unknown key \"extra\"", "$.power"},
        {"thermal/sustained_ratio", "1.5", "$.thermal.sustained_ratio", "expected a number"},
    };
    cJSON *base;
    hs_error err;
    CU_ASSERT_FATAL(hs_json_load_file(hs_test_fixture("profiles/fitted.json"), &base, &err) == 0);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        cJSON *root = cJSON_Duplicate(base, 1);
        CU_ASSERT_FATAL(set_at(root, cases[i].path, cases[i].value) == 0);
        hs_device *d = hs_device_from_json(root, "fitted.json", &err);
        CU_ASSERT_PTR_NULL(d);
        if (d) {
            fprintf(stderr, "\ncase %zu (%s) was accepted\n", i, cases[i].path);
            hs_device_free(d);
        } else {
            CU_ASSERT(hs_test_msg_has(err.msg, "fitted.json", cases[i].n1, cases[i].n2,
                                      (char *)NULL));
        }
        cJSON_Delete(root);
    }
    /* the unmodified document loads */
    hs_device *d = hs_device_from_json(base, "fitted.json", &err);
    CU_ASSERT_PTR_NOT_NULL(d);
    hs_device_free(d);
    cJSON_Delete(base);
}

int hs_suite_profiles(void)
{
    CU_pSuite s = CU_add_suite("profiles", NULL, NULL);
    if (!s || !CU_add_test(s, "shipped profiles load", test_shipped_load) ||
        !CU_add_test(s, "every number has a source", test_every_number_sourced) ||
        !CU_add_test(s, "support-table fallbacks", test_support_fallback) ||
        !CU_add_test(s, "fitted estimate by hand", test_estimate_by_hand) ||
        !CU_add_test(s, "hetsim estimate by hand and bad input", test_estimate_command) ||
        !CU_add_test(s, "loader rejects malformed new sections", test_loader_rejections))
        return -1;
    return 0;
}
