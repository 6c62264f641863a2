/* hs_run_point and the points built on it: the engine a plan picks gives
 * what the engines gave when called by hand (the code every command ran
 * before), errors come back with their kind, and a plan's prediction is
 * asked for explicitly. */
#include <stdlib.h>
#include <string.h>

#include "analysis/point.h"
#include "analysis/run_point.h"
#include "policies/policy.h"
#include "sim/estimator.h"
#include "sim/predict.h"
#include "tests/test_util.h"

static hs_device *dev_two(void)
{
    hs_error err;
    hs_device *d = hs_device_load_file(hs_test_fixture("dev_two.json"), &err);
    CU_ASSERT_PTR_NOT_NULL(d);
    return d;
}

static int open_session(hs_session *ss, const hs_device *d, const char *model, const char *policy)
{
    hs_error err;
    hs_session_opts so = {{0, 0}, 0};
    int rc = hs_session_open(ss, d, hs_test_fixture(model), policy, &so, &err);
    if (rc < 0)
        fprintf(stderr, "session %s %s: %s\n", model, policy, err.msg);
    return rc;
}

static void assert_same_metrics(const hs_metrics *a, const hs_metrics *b)
{
    CU_ASSERT_EQUAL(a->frames, b->frames);
    CU_ASSERT_EQUAL(a->lat_mean_ms, b->lat_mean_ms);
    CU_ASSERT_EQUAL(a->lat_p50_ms, b->lat_p50_ms);
    CU_ASSERT_EQUAL(a->lat_p90_ms, b->lat_p90_ms);
    CU_ASSERT_EQUAL(a->lat_p99_ms, b->lat_p99_ms);
    CU_ASSERT_EQUAL(a->throughput_fps, b->throughput_fps);
    CU_ASSERT_EQUAL(a->n_procs, b->n_procs);
    for (int p = 0; p < a->n_procs && p < HS_MAX_PROCS; p++)
        CU_ASSERT_EQUAL(a->util[p], b->util[p]);
    CU_ASSERT_EQUAL(a->fallback_ops, b->fallback_ops);
    CU_ASSERT_EQUAL(a->transfer_share, b->transfer_share);
    CU_ASSERT_EQUAL(a->sched_share, b->sched_share);
    CU_ASSERT_EQUAL(a->events, b->events);
}

static hs_run_config config(int frames)
{
    hs_run_config cfg = hs_run_config_default();
    cfg.frames = frames;
    cfg.seed = 7;
    return cfg;
}

/* A static plan: the static engine, the placement untouched. */
static void test_static_plan(void)
{
    static const char *const policies[] = {"cpu", "gpu", "heft", "mulayer", "codl"};
    hs_device *d = dev_two();
    CU_ASSERT_PTR_NOT_NULL_FATAL(d);
    for (size_t i = 0; i < sizeof policies / sizeof policies[0]; i++) {
        hs_session a, b;
        CU_ASSERT_EQUAL_FATAL(open_session(&a, d, "forkjoin.json", policies[i]), 0);
        CU_ASSERT_EQUAL_FATAL(open_session(&b, d, "forkjoin.json", policies[i]), 0);
        CU_ASSERT_PTR_NULL(a.plan->units);
        hs_run_config cfg = config(6);
        hs_error err;
        /* before: the engine and the metrics called by hand */
        hs_run_result r;
        hs_metrics m;
        CU_ASSERT_EQUAL_FATAL(hs_simulate(d, a.g, a.pl, a.traces, &cfg, &r, &err), 0);
        CU_ASSERT_EQUAL_FATAL(hs_metrics_compute(&r, a.pl, cfg.slo_ms, cfg.n_clients, &m, &err), 0);
        /* now */
        hs_placement *before = b.pl;
        hs_run_request rq = {.engine = HS_ENGINE_SIMULATE, .cfg = &cfg};
        hs_point_result out;
        CU_ASSERT_EQUAL_FATAL(hs_run_point(&b, &rq, &out, &err), 0);
        CU_ASSERT(out.have_res && out.have_m && !out.have_ex);
        CU_ASSERT_PTR_EQUAL(b.pl, before); /* a static plan keeps its placement */
        assert_same_metrics(&m, &out.m);
        CU_ASSERT_EQUAL(out.res.n_tasks, r.n_tasks);
        /* a benchmark's repeat: the same run, no metrics */
        hs_point_result bare;
        rq.no_metrics = 1;
        CU_ASSERT_EQUAL_FATAL(hs_run_point(&b, &rq, &bare, &err), 0);
        CU_ASSERT(bare.have_res && !bare.have_m);
        CU_ASSERT_EQUAL(bare.res.events, out.res.events);
        hs_point_result_free(&bare);
        hs_point_result_free(&out);
        hs_run_result_free(&r);
        hs_session_close(&a);
        hs_session_close(&b);
    }
    hs_device_free(d);
}

/* A runtime plan: the runtime engine, then the placement where ops ran. */
static void test_runtime_plan(void)
{
    static const char *const policies[] = {"band", "band:rr", "adaptive"};
    hs_device *d = dev_two();
    CU_ASSERT_PTR_NOT_NULL_FATAL(d);
    for (size_t i = 0; i < sizeof policies / sizeof policies[0]; i++) {
        hs_session a, b;
        CU_ASSERT_EQUAL_FATAL(open_session(&a, d, "forkjoin.json", policies[i]), 0);
        CU_ASSERT_EQUAL_FATAL(open_session(&b, d, "forkjoin.json", policies[i]), 0);
        CU_ASSERT_PTR_NOT_NULL(a.plan->units);
        hs_run_config cfg = config(7); /* band:rr runs the last (odd) frame on the cpu */
        hs_error err;
        int offline[16], moved = 0;
        for (int op = 0; op < b.g->n_ops && op < 16; op++)
            offline[op] = hs_placed_proc(b.pl, op);
        hs_run_result r;
        hs_metrics m;
        CU_ASSERT_EQUAL_FATAL(hs_simulate_runtime(d, a.g, a.plan->units, &a.plan->sched, a.traces,
                                                  &cfg, &r, &err),
                              0);
        CU_ASSERT_EQUAL_FATAL(hs_session_observed(&a, r.task_proc, &err), 0);
        CU_ASSERT_EQUAL_FATAL(hs_metrics_compute(&r, a.pl, cfg.slo_ms, cfg.n_clients, &m, &err), 0);
        hs_run_request rq = {.engine = HS_ENGINE_SIMULATE, .cfg = &cfg};
        hs_point_result out;
        CU_ASSERT_EQUAL_FATAL(hs_run_point(&b, &rq, &out, &err), 0);
        assert_same_metrics(&m, &out.m);
        /* the session's placement is where each op ran */
        for (int op = 0; op < b.g->n_ops && op < 16; op++) {
            CU_ASSERT_EQUAL(hs_placed_proc(b.pl, op), hs_placed_proc(a.pl, op));
            CU_ASSERT_EQUAL(hs_placed_proc(b.pl, op), out.res.task_proc[op]);
            moved += hs_placed_proc(b.pl, op) != offline[op];
        }
        if (strcmp(policies[i], "band:rr") == 0)
            CU_ASSERT(moved > 0); /* the acc offline, the cpu in the last frame */
        hs_point_result_free(&out);
        hs_run_result_free(&r);
        hs_session_close(&a);
        hs_session_close(&b);
    }
    hs_device_free(d);
}

static void test_errors_have_kinds(void)
{
    hs_device *d = dev_two();
    CU_ASSERT_PTR_NOT_NULL_FATAL(d);
    hs_session ss;
    hs_error err;
    hs_point_result out;
    /* a request the plan cannot serve: input */
    CU_ASSERT_EQUAL_FATAL(open_session(&ss, d, "chain3.json", "band"), 0);
    hs_native_measure_opts no = {.frames = 1, .cl_platform = -1, .cl_device = -1};
    hs_run_request native = {.engine = HS_ENGINE_NATIVE, .native = &no};
    err.kind = HS_ERR_RUNTIME;
    CU_ASSERT_EQUAL(hs_run_point(&ss, &native, &out, &err), -1);
    CU_ASSERT_EQUAL(err.kind, HS_ERR_INPUT);
    HS_ASSERT_MSG(err, "band", "static plans only");
    CU_ASSERT(!out.have_res && !out.have_ex);
    hs_session_close(&ss);
    /* a run that fails once begun: runtime */
    CU_ASSERT_EQUAL_FATAL(open_session(&ss, d, "chain3.json", "gpu"), 0);
    hs_run_config cfg = config(0);
    hs_run_request sim = {.engine = HS_ENGINE_SIMULATE, .cfg = &cfg};
    CU_ASSERT_EQUAL(hs_run_point(&ss, &sim, &out, &err), -1);
    CU_ASSERT_EQUAL(err.kind, HS_ERR_RUNTIME);
    CU_ASSERT(!out.have_res && !out.have_m);
    /* a workload needs runtime plans: input */
    hs_run_config cfgs[1] = {config(2)};
    CU_ASSERT_EQUAL(hs_run_workload(&ss, cfgs, 1, &out, &err), -1);
    CU_ASSERT_EQUAL(err.kind, HS_ERR_INPUT);
    HS_ASSERT_MSG(err, "runtime policy");
    hs_session_close(&ss);
    hs_device_free(d);
}

/* Points: overrides on top of the scenario, the workload, error kinds. */
static void test_points(void)
{
    hs_error err;
    char dev[512], chain[512], wl[512], pois[512];
    snprintf(dev, sizeof dev, "%s", hs_test_fixture("dev_two.json"));
    snprintf(chain, sizeof chain, "%s", hs_test_fixture("chain3.json"));
    snprintf(wl, sizeof wl, "%s", hs_test_fixture("workload.json"));
    snprintf(pois, sizeof pois, "%s", hs_test_fixture("poisson.json"));
    hs_point pt = {.device = dev, .model = chain, .policy = "pipeline", .seed = 3, .frames = 4};
    hs_point_session *r = hs_point_open(&pt, &err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(r);
    CU_ASSERT(!r->workload && r->n == 1);
    CU_ASSERT_EQUAL(r->cfg[0].frames, 4);
    CU_ASSERT_EQUAL(r->cfg[0].seed, 3);
    /* a pipelined plan gets its frames in flight */
    CU_ASSERT_EQUAL(r->cfg[0].inflight, r->ss[0].plan->inflight > 0 ? r->ss[0].plan->inflight : 1);
    CU_ASSERT_EQUAL_FATAL(hs_point_simulate(r, &err), 0);
    CU_ASSERT_EQUAL(r->info[0].m->frames, 4);
    CU_ASSERT_STRING_EQUAL(r->info[0].policy, "pipeline");
    hs_point_close(r);
    /* unless the point says otherwise; a rate alone means periodic */
    pt.inflight = 1;
    pt.fps = 50;
    CU_ASSERT_PTR_NOT_NULL_FATAL(r = hs_point_open(&pt, &err));
    CU_ASSERT_EQUAL(r->cfg[0].inflight, 1);
    CU_ASSERT_EQUAL(r->cfg[0].arrival, HS_ARRIVAL_PERIODIC);
    hs_point_close(r);
    /* the scenario's seed unless the point gives one */
    pt = (hs_point){.device = dev, .model = chain, .policy = "gpu", .scenario = pois, .no_seed = 1};
    CU_ASSERT_PTR_NOT_NULL_FATAL(r = hs_point_open(&pt, &err));
    CU_ASSERT_EQUAL(r->cfg[0].arrival, HS_ARRIVAL_POISSON);
    uint64_t scenario_seed = r->cfg[0].seed;
    hs_point_close(r);
    pt.no_seed = 0;
    pt.seed = scenario_seed + 1;
    CU_ASSERT_PTR_NOT_NULL_FATAL(r = hs_point_open(&pt, &err));
    CU_ASSERT_EQUAL(r->cfg[0].seed, scenario_seed + 1);
    hs_point_close(r);
    /* a workload: its models, one result each */
    pt = (hs_point){.device = dev, .model = chain, .policy = "band:lst", .scenario = wl};
    CU_ASSERT_PTR_NOT_NULL_FATAL(r = hs_point_open(&pt, &err));
    CU_ASSERT(r->workload && r->n == 2);
    CU_ASSERT_EQUAL_FATAL(hs_point_simulate(r, &err), 0);
    CU_ASSERT_EQUAL(r->info[0].m->frames, 20);
    CU_ASSERT_EQUAL(r->info[1].m->frames, 10);
    hs_point_close(r);
    /* input errors */
    pt = (hs_point){.device = "no-such-phone", .model = chain, .policy = "gpu"};
    CU_ASSERT_PTR_NULL(hs_point_open(&pt, &err));
    CU_ASSERT_EQUAL(err.kind, HS_ERR_INPUT);
    HS_ASSERT_MSG(err, "no-such-phone");
    pt = (hs_point){.device = dev, .model = chain, .policy = "gpu", .arrival_given = 1,
                    .arrival = HS_ARRIVAL_POISSON};
    CU_ASSERT_PTR_NULL(hs_point_open(&pt, &err));
    CU_ASSERT_EQUAL(err.kind, HS_ERR_INPUT);
    HS_ASSERT_MSG(err, "needs --fps");
    pt = (hs_point){.device = dev, .model = chain, .policy = "band", .scenario = wl};
    char *row = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&row, &len);
    CU_ASSERT_EQUAL(hs_point_csv_row(&pt, f, &err), -1);
    fclose(f);
    free(row);
    CU_ASSERT_EQUAL(err.kind, HS_ERR_INPUT);
    HS_ASSERT_MSG(err, "workload");
}

/* The caller says which prediction it wants; the plan is not altered. */
static void test_predict_what(void)
{
    hs_device *d = dev_two();
    hs_error err;
    hs_graph *g = hs_graph_load_file(hs_test_fixture("forkjoin.json"), &err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(d);
    CU_ASSERT_PTR_NOT_NULL_FATAL(g);
    hs_plan *band = hs_policy_plan("band", d, g, NULL, &err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(band);
    CU_ASSERT_PTR_NOT_NULL_FATAL(band->units);
    hs_estimator e = {d, g, NULL};
    double initial = -1, stat = -1;
    CU_ASSERT_EQUAL(hs_plan_predict(&e, band, HS_PREDICT_INITIAL, &initial, &err), 0);
    CU_ASSERT(initial > 0);
    CU_ASSERT_EQUAL(initial, band->predicted_ns); /* what the policy reported */
    CU_ASSERT_EQUAL(hs_plan_predict(&e, band, HS_PREDICT_STATIC, &stat, &err), -1);
    HS_ASSERT_MSG(err, "band", "run time", "initial placement");
    CU_ASSERT_PTR_NOT_NULL(band->units); /* untouched */
    /* the initial placement is the static plan of the same ops */
    hs_plan *copy = hs_plan_new(g->n_ops, "copy");
    CU_ASSERT_PTR_NOT_NULL_FATAL(copy);
    memcpy(copy->ops, band->ops, (size_t)g->n_ops * sizeof *copy->ops);
    copy->runtime_decisions = band->runtime_decisions;
    CU_ASSERT_EQUAL(hs_plan_predict(&e, copy, HS_PREDICT_STATIC, &stat, &err), 0);
    CU_ASSERT_EQUAL(stat, initial);
    hs_plan_free(copy);
    hs_plan_free(band);
    hs_graph_free(g);
    hs_device_free(d);
}

int hs_suite_run_point(void)
{
    CU_pSuite s = CU_add_suite("run_point", NULL, NULL);
    if (!s || !CU_add_test(s, "static plan: the static engine", test_static_plan) ||
        !CU_add_test(s, "runtime plan: the runtime engine", test_runtime_plan) ||
        !CU_add_test(s, "errors come back with their kind", test_errors_have_kinds) ||
        !CU_add_test(s, "points: overrides, workloads, errors", test_points) ||
        !CU_add_test(s, "predict: static or initial placement", test_predict_what))
        return -1;
    return 0;
}
