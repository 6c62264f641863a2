/* Native mode above the kernels on a tiny model: hetsim native record
 * writes a profile and traces the simulator loads, native run executes a
 * two-backend plan, validate reports an error figure; and the error paths.
 * Runs on PoCL in CI; the OpenCL parts are skipped (with a note) only when
 * no OpenCL device can be opened, everything when the CPU backend is not
 * built (no OpenBLAS). Timings are not checked (noisy machines), only that
 * they exist and are positive. The recording directory is made once. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "analysis/validate.h"
#include "analysis/validate_all.h"
#include "native/host_probe.h"
#include "native/record_dir.h"
#include "sim/catalog.h"
#include "cli/cli.h"
#include "base/json_read.h"
#include "tests/test_util.h"

static char dir[256];
static int have_cpu = -1, have_cl = -1;

static void backends_available(void)
{
    if (have_cpu >= 0)
        return;
    hs_error err;
    hs_native_cpu_opts co = {0, 1};
    hs_native_backend *b = hs_native_cpu_new(&co, &err);
    have_cpu = b != NULL;
    if (!b)
        printf("\n  note: native mode tests skipped: %s\n", err.msg);
    hs_native_backend_free(b);
    hs_native_cl_opts clo = {-1, -1, 0};
    b = hs_native_opencl_new(&clo, &err);
    have_cl = b != NULL;
    if (!b && have_cpu)
        printf("\n  note: native mode OpenCL tests skipped: %s\n", err.msg);
    hs_native_backend_free(b);
}

static hs_record_dir_opts quick_opts(void)
{
    hs_record_dir_opts o = {.name = "host", .use_cl = have_cl, .samples = 3, .warmup = 1,
                            .threads = 2, .cl_platform = -1, .cl_device = -1, .n_splits = 1,
                            .splits = {0.5}, .probe_hogs = 1, .reps = 3, .progress = 0};
    return o;
}

/* Record native_tiny once into a temporary directory. */
static const char *recorded(void)
{
    backends_available();
    if (!have_cpu)
        return NULL;
    if (dir[0])
        return dir;
    snprintf(dir, sizeof dir, "/tmp/hetsim-native-test-XXXXXX");
    if (!mkdtemp(dir)) {
        dir[0] = 0;
        return NULL;
    }
    hs_error err;
    hs_record_dir_opts o = quick_opts();
    if (hs_native_record_dir(hs_test_fixture("native_tiny.json"), dir, &o, &err) < 0) {
        printf("\n  record failed: %s\n", err.msg);
        return NULL;
    }
    return dir;
}

static hs_device *host(void)
{
    char path[512];
    hs_error err;
    snprintf(path, sizeof path, "%s/host.json", dir);
    return hs_device_load_file(path, &err);
}

static void test_record_writes_profile_and_traces(void)
{
    if (!recorded()) {
        CU_ASSERT(!have_cpu);
        return;
    }
    hs_error err;
    hs_device *d = host();
    CU_ASSERT_PTR_NOT_NULL_FATAL(d);
    CU_ASSERT_STRING_EQUAL(d->recorded, "native");
    CU_ASSERT_EQUAL(d->n_procs, have_cl ? 2 : 1);
    CU_ASSERT_STRING_EQUAL(d->procs[0].name, "cpu");
    CU_ASSERT_EQUAL(d->procs[0].cores, 2);
    CU_ASSERT_EQUAL(d->procs[0].contention.model, HS_CONT_MEASURED);
    CU_ASSERT_EQUAL(d->procs[0].contention.n_points, 2);
    CU_ASSERT_DOUBLE_EQUAL(d->procs[0].contention.points[0], 1.0, 0);
    CU_ASSERT(d->procs[0].contention.points[1] >= 1.0);
    CU_ASSERT(d->decision_us > 0);
    if (have_cl) {
        const hs_processor *gp = &d->procs[1];
        CU_ASSERT_STRING_EQUAL(gp->name, "gpu");
        CU_ASSERT_EQUAL(gp->kind, HS_PROC_GPU);
        CU_ASSERT(gp->launch_us > 0);
        CU_ASSERT(d->n_links == 2);
        /* PoCL is a CPU device on these cores: the profile must say so */
        char path[512];
        snprintf(path, sizeof path, "%s/host.json", dir);
        cJSON *root = NULL;
        CU_ASSERT_EQUAL_FATAL(hs_json_load_file(path, &root, &err), 0);
        const cJSON *meas = cJSON_GetObjectItemCaseSensitive(root, "measurements");
        int is_cpu = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(meas, "opencl_is_cpu_device"));
        CU_ASSERT_EQUAL(cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(meas,
                                                                      "opencl_shares_cpu_cores")),
                        is_cpu);
        cJSON_Delete(root);
        CU_ASSERT_EQUAL(gp->shares_load > 0, is_cpu);
        CU_ASSERT_EQUAL(d->procs[0].shares_load > 0, is_cpu);
        if (is_cpu) {
            CU_ASSERT_EQUAL(gp->shares_with, 0);
            CU_ASSERT_EQUAL(d->procs[0].shares_with, 1);
        }
    }
    /* the traces sit beside the profile and the simulator finds them */
    hs_graph *g = hs_graph_load_file(hs_test_fixture("native_tiny.json"), &err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(g);
    hs_trace **tr = NULL;
    CU_ASSERT_EQUAL_FATAL(hs_open_traces(d, g, &tr, &err), 0);
    for (int p = 0; p < d->n_procs; p++) {
        CU_ASSERT_PTR_NOT_NULL_FATAL(tr[p]);
        CU_ASSERT_STRING_EQUAL(tr[p]->recorded, "native");
        /* 7 whole ops + the 0.5 split along out_c of the 6 whose output has
         * channels (all but the view Flatten): conv1, relu1, conv2, relu2,
         * gap, fc; + along the height of the 4 whose output has rows
         * (conv1, relu1: 16, conv2, relu2: 8; gap is 1x1, fc's [1, 10] has 1) */
        CU_ASSERT_EQUAL(tr[p]->n_ops, 7 + 6 + 4);
        for (int i = 0; i < tr[p]->n_ops; i++) {
            CU_ASSERT_EQUAL(tr[p]->ops[i].n, 3);
            for (int k = 0; k < tr[p]->ops[i].n; k++)
                CU_ASSERT(tr[p]->ops[i].samples_us[k] >= 0);
        }
        CU_ASSERT_PTR_NOT_NULL(hs_trace_find(tr[p], "conv2", 0.5));
        const hs_trace_op *h = hs_trace_find_dim(tr[p], "conv2", 0.5, "height");
        const hs_trace_op *c = hs_trace_find_dim(tr[p], "conv2", 0.5, "out_c");
        CU_ASSERT_PTR_NOT_NULL_FATAL(h);
        CU_ASSERT_PTR_NOT_NULL_FATAL(c);
        CU_ASSERT_STRING_EQUAL(h->dim, "height");
        CU_ASSERT_STRING_EQUAL(c->dim, "out_c");
        /* gap has no height rows: its channel rows stand in */
        h = hs_trace_find_dim(tr[p], "gap", 0.5, "height");
        CU_ASSERT_PTR_NOT_NULL_FATAL(h);
        CU_ASSERT_STRING_EQUAL(h->dim, "out_c");
        CU_ASSERT_PTR_NULL(hs_trace_find_dim(tr[p], "flat", 0.5, "height"));
    }
    /* the probe's contention by op length (from the CPU backend's own
     * kernels: as many length classes as the calibration graph's times
     * allow) and, with OpenCL, co-execution costs */
    CU_ASSERT(d->procs[0].contention.n_durs >= 1 &&
              d->procs[0].contention.n_durs <= HS_CONT_MAX_DURS);
    for (int k = 1; k < d->procs[0].contention.n_durs; k++)
        CU_ASSERT(d->procs[0].contention.dur_us[k] > d->procs[0].contention.dur_us[k - 1]);
    CU_ASSERT_EQUAL(d->coexec.present, have_cl);
    if (have_cl) {
        CU_ASSERT(d->coexec.sync_us >= 0);
        CU_ASSERT(d->coexec.interf_cpu >= 1);
        CU_ASSERT_EQUAL(d->coexec.wait, HS_WAIT_YIELD);
    } else {
        fprintf(stderr, "\n  (no OpenCL device: the co-execution costs and the OpenCL "
                        "traces are not checked)\n");
    }
    hs_traces_free(tr, d->n_procs);
    hs_graph_free(g);
    hs_device_free(d);
}

static void test_simulator_uses_native_traces(void)
{
    if (!recorded())
        return;
    hs_error err;
    hs_device *d = host();
    CU_ASSERT_PTR_NOT_NULL_FATAL(d);
    hs_session ss;
    hs_session_opts so = {{0, 0}, 0};
    CU_ASSERT_EQUAL_FATAL(hs_session_open(&ss, d, hs_test_fixture("native_tiny.json"),
                                          have_cl ? "mulayer" : "cpu", &so, &err),
                          0);
    hs_run_config cfg = hs_run_config_default();
    cfg.frames = 5;
    hs_run_result r;
    CU_ASSERT_EQUAL_FATAL(hs_simulate(d, ss.g, ss.pl, ss.traces, &cfg, &r, &err), 0);
    CU_ASSERT_EQUAL(r.src_count[HS_SRC_ROOFLINE], 0); /* every part from the traces */
    CU_ASSERT(r.done[4] > r.arrival[4]);
    hs_run_result_free(&r);
    hs_session_close(&ss);
    hs_device_free(d);
}

static void test_native_run_two_backends(void)
{
    if (!recorded() || !have_cl)
        return;
    hs_error err;
    hs_device *d = host();
    CU_ASSERT_PTR_NOT_NULL_FATAL(d);
    hs_native_measure m;
    hs_native_measure_opts o = {.frames = 4, .warmup = 1, .hogs = 1, .threads = 2,
                                .cl_platform = -1, .cl_device = -1};
    CU_ASSERT_EQUAL_FATAL(hs_native_measure_policy(d, hs_test_fixture("native_tiny.json"),
                                                   "mulayer", &o, &m, &err),
                          0);
    CU_ASSERT_EQUAL(m.run.ex.n_frames, 4);
    int on[2] = {0, 0};
    for (int t = 0; t < m.run.ex.n_tasks; t++) {
        on[m.run.ex.task_proc[t]]++;
        CU_ASSERT(m.run.ex.task_us[t] > 0);
    }
    CU_ASSERT(on[0] > 0 && on[1] > 0); /* mulayer splits the convs and Gemm */
    CU_ASSERT(m.run.ex.transfers > 0);
    for (int f = 0; f < 4; f++)
        CU_ASSERT(m.run.ex.frame_us[f] > 0);
    CU_ASSERT(m.mean_ms > 0 && m.p90_ms >= m.p50_ms);
    hs_native_measure_free(&m);
    hs_device_free(d);
}

static void test_validate_reports_error(void)
{
    if (!recorded())
        return;
    hs_error err;
    hs_device *d = host();
    CU_ASSERT_PTR_NOT_NULL_FATAL(d);
    hs_validation v;
    hs_validate_opts o = {.native = {.frames = 3, .warmup = 1, .threads = 2, .cl_platform = -1,
                                     .cl_device = -1},
                          .sim_frames = 20, .seed = 1};
    CU_ASSERT_EQUAL_FATAL(hs_validate_one(d, hs_test_fixture("native_tiny.json"),
                                          have_cl ? "codl" : "cpu", &o, &v, &err),
                          0);
    CU_ASSERT(v.sim_mean_ms > 0 && v.meas.mean_ms > 0);
    CU_ASSERT(isfinite(v.err_mean_pct));
    CU_ASSERT_DOUBLE_EQUAL(v.err_mean_pct, 100 * (v.sim_mean_ms - v.meas.mean_ms) / v.meas.mean_ms,
                           1e-9);
    CU_ASSERT_DOUBLE_EQUAL(v.target_pct, v.coexec ? 10.0 : 5.0, 0);
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    hs_validation_print(f, &v, d);
    hs_validation_csv_row(f, &v, "native_tiny", "codl", 0, 0, 0, 0.125, -1);
    fclose(f);
    CU_ASSERT_PTR_NOT_NULL(strstr(buf, "error"));
    /* where the frame's time goes, per processor: the CPU's whole ops at least */
    CU_ASSERT_PTR_NOT_NULL(strstr(buf, "per frame"));
    CU_ASSERT_PTR_NOT_NULL(strstr(buf, "op time on cpu, whole ops ("));
    CU_ASSERT_PTR_NOT_NULL(strstr(buf, "native_tiny,codl,0,3,"));
    /* others, steal, then one repetition: no interval, floor or verdict */
    CU_ASSERT_PTR_NOT_NULL(strstr(buf, ",12.5,-1.0,1,-1.00,-1.00,-1\n"));
    free(buf);
    hs_validation_free(&v);
    hs_device_free(d);
}

/* validate on native_tiny, quickly: 2 native frames, 10 simulated */
static hs_validate_setup quick_setup(const char *d, int repeats)
{
    hs_validate_setup s = {.dir = d, .record = quick_opts(),
                           .run = {.native = {.frames = 2, .warmup = 1, .threads = 2,
                                              .cl_platform = -1, .cl_device = -1},
                                   .sim_frames = 10, .seed = 1},
                           .repeats = repeats};
    return s;
}

/* mulayer's conv2 of native_tiny is split at its plan's fractions, and each
 * part is a recorded row of that fraction on its backend. */
static void check_plan_rows(const hs_validation *v, const hs_device *d)
{
    hs_error err;
    const hs_plan_op *po = NULL;
    for (int i = 0; i < v->meas.ss.g->n_ops; i++)
        if (strcmp(v->meas.ss.g->ops[i].name, "conv2") == 0)
            po = &v->meas.ss.plan->ops[i];
    CU_ASSERT_PTR_NOT_NULL_FATAL(po);
    CU_ASSERT_EQUAL_FATAL(po->n_parts, 2);
    CU_ASSERT(fabs(po->frac[0] - 0.5) > 1e-3); /* not the fraction asked for */
    hs_trace **tr = NULL;
    CU_ASSERT_EQUAL_FATAL(hs_open_traces(d, v->meas.ss.g, &tr, &err), 0);
    for (int k = 0; k < 2; k++) {
        const hs_trace_op *row = hs_trace_find_dim(tr[po->proc[k]], "conv2", po->frac[k], "out_c");
        CU_ASSERT_PTR_NOT_NULL_FATAL(row);
        CU_ASSERT_DOUBLE_EQUAL(row->fraction, po->frac[k], 1e-9);
    }
    hs_traces_free(tr, d->n_procs);
}

/* Two paired repetitions: each records afresh into DIR/repeat-K, then runs;
 * with OpenCL, mulayer: each repetition also records the fractions its plan
 * splits at (besides the 0.5 asked for), so its parts are recorded rows. */
static void test_validate_paired(void)
{
    if (!recorded())
        return;
    hs_error err;
    hs_validate_setup s = quick_setup(dir, 2);
    hs_validation v;
    hs_device *d = NULL;
    const char *policy = have_cl ? "mulayer" : "cpu";
    CU_ASSERT_EQUAL_FATAL(hs_validate_paired(&s, hs_test_fixture("native_tiny.json"), policy, NULL,
                                             NULL, &v, &d, &err),
                          0);
    if (have_cl)
        check_plan_rows(&v, d);
    CU_ASSERT_PTR_NOT_NULL(d);
    CU_ASSERT_EQUAL(v.paired.n, 2);
    CU_ASSERT(v.paired.err_ci_pct >= 0 && v.paired.noise_floor_pct >= 0);
    CU_ASSERT(v.paired.within_noise == 0 || v.paired.within_noise == 1);
    CU_ASSERT_DOUBLE_EQUAL(v.err_mean_pct, v.paired.err_mean_pct, 0);
    char path[512];
    snprintf(path, sizeof path, "%s/repeat-2/traces/host/native_tiny/cpu.json", dir);
    CU_ASSERT_EQUAL(access(path, R_OK), 0);
    snprintf(path, sizeof path, "%s/repeat-1/host.json", dir);
    CU_ASSERT_EQUAL(access(path, R_OK), 0);
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    hs_validation_print_paired(f, &v);
    hs_validation_csv_row(f, &v, "native_tiny", policy, 0, 0, 0, 0, 0);
    fclose(f);
    CU_ASSERT_PTR_NOT_NULL(strstr(buf, "noise floor"));
    CU_ASSERT_PTR_NOT_NULL(strstr(buf, ",0.0,0.0,2,"));
    free(buf);
    hs_validation_free(&v);
    hs_device_free(d);
}

/* One comparison (--repeats 1) on a directory without traces: the
 * recording made for it has the plan's fractions too (the host profile is
 * copied in, so the host is not probed again). */
static void test_validate_single_records_plan(void)
{
    if (!recorded() || !have_cl)
        return;
    hs_error err;
    char sub[300], from[300], to[320];
    snprintf(sub, sizeof sub, "%s/single", dir);
    snprintf(from, sizeof from, "%s/host.json", dir);
    snprintf(to, sizeof to, "%s/host.json", sub);
    CU_ASSERT_EQUAL_FATAL(mkdir(sub, 0700), 0);
    FILE *in = fopen(from, "rb"), *out = fopen(to, "wb");
    CU_ASSERT_PTR_NOT_NULL_FATAL(in);
    CU_ASSERT_PTR_NOT_NULL_FATAL(out);
    char buf[4096];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, in)) > 0)
        CU_ASSERT_EQUAL(fwrite(buf, 1, n, out), n);
    fclose(in);
    CU_ASSERT_EQUAL(fclose(out), 0);
    hs_validate_setup s = quick_setup(sub, 1);
    hs_validation v;
    hs_device *d = NULL;
    CU_ASSERT_EQUAL_FATAL(hs_validate_paired(&s, hs_test_fixture("native_tiny.json"), "mulayer", NULL,
                                             NULL, &v, &d, &err),
                          0);
    check_plan_rows(&v, d);
    hs_validation_free(&v);
    hs_device_free(d);
}

static void test_cpu_others_by_hand(void)
{
    /* 1000 ticks pass; the machine was busy 200 of them, this process 100:
     * others took 100 / 1000; 50 ticks were stolen by the hypervisor */
    hs_cpu_snap a = {.busy = 100, .total = 1000, .steal = 10, .self = 50, .ok = 1};
    hs_cpu_snap b = {.busy = 300, .total = 2000, .steal = 60, .self = 150, .ok = 1};
    double others, steal;
    hs_cpu_others(&a, &b, &others, &steal);
    CU_ASSERT_DOUBLE_EQUAL(others, 0.1, 1e-12);
    CU_ASSERT_DOUBLE_EQUAL(steal, 0.05, 1e-12);
    b.self = 400; /* more than the machine's busy time (tick rounding): none */
    hs_cpu_others(&a, &b, &others, &steal);
    CU_ASSERT_DOUBLE_EQUAL(others, 0, 0);
    b.ok = 0; /* /proc unreadable */
    hs_cpu_others(&a, &b, &others, &steal);
    CU_ASSERT_DOUBLE_EQUAL(others, -1, 0);
    CU_ASSERT_DOUBLE_EQUAL(steal, -1, 0);
    hs_cpu_snap_take(&a); /* this host has /proc */
    CU_ASSERT(a.ok && a.total > 0);
}

static void test_error_paths(void)
{
    backends_available();
    hs_error err = {0};
    hs_record_dir_opts o = quick_opts();
    CU_ASSERT_EQUAL(hs_native_record_dir("no-such-model", "/tmp/hetsim-never", &o, &err), -1);
    HS_ASSERT_MSG(err, "unknown model \"no-such-model\"");
    if (!recorded())
        return;
    hs_device *d = host();
    CU_ASSERT_PTR_NOT_NULL_FATAL(d);
    hs_native_measure m;
    hs_native_measure_opts no = {.frames = 1, .cl_platform = -1, .cl_device = -1};
    CU_ASSERT_EQUAL(hs_native_measure_policy(d, hs_test_fixture("native_tiny.json"), "bogus",
                                             &no, &m, &err),
                    -1);
    CU_ASSERT_EQUAL(err.kind, HS_ERR_INPUT);
    HS_ASSERT_MSG(err, "bogus");
    CU_ASSERT_EQUAL(hs_native_measure_policy(d, hs_test_fixture("native_tiny.json"), "band", &no,
                                             &m, &err),
                    -1);
    CU_ASSERT_EQUAL(err.kind, HS_ERR_INPUT);
    HS_ASSERT_MSG(err, "static plans only");
    if (have_cl) {
        /* a platform index that does not exist: named in the message */
        char d2[300];
        snprintf(d2, sizeof d2, "%s/badplat", dir);
        o.cl_platform = 63;
        CU_ASSERT_EQUAL(hs_native_record_dir(hs_test_fixture("native_tiny.json"), d2, &o, &err),
                        -1);
        HS_ASSERT_MSG(err, "--cl-platform 63", "platform index");
    }
    hs_device_free(d);
}

static int cleanup(void)
{
    if (dir[0]) {
        char cmd[400];
        snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
        if (system(cmd) != 0)
            return 0;
    }
    return 0;
}

int hs_suite_native_mode(void)
{
    CU_pSuite s = CU_add_suite("native_mode", NULL, cleanup);
    if (!s ||
        !CU_add_test(s, "record writes a profile and traces", test_record_writes_profile_and_traces) ||
        !CU_add_test(s, "the simulator replays native traces", test_simulator_uses_native_traces) ||
        !CU_add_test(s, "native run of a two-backend plan", test_native_run_two_backends) ||
        !CU_add_test(s, "validate reports an error figure", test_validate_reports_error) ||
        !CU_add_test(s, "validate repeated as pairs", test_validate_paired) ||
        !CU_add_test(s, "validate once records the plan's fractions", test_validate_single_records_plan) ||
        !CU_add_test(s, "other processes and steal by hand", test_cpu_others_by_hand) ||
        !CU_add_test(s, "error paths", test_error_paths))
        return -1;
    return 0;
}
