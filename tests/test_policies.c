/* Policies: the registry and single-processor plans with fallback. */
#include <string.h>

#include "policies/policy.h"
#include "sim/engine.h"
#include "sim/placement.h"
#include "sim/timeline.h"
#include "sim/workload.h"
#include "tests/test_util.h"

static void test_registry(void)
{
    const char *names[] = {"cpu", "gpu", "dsp", "npu", "heft", "pipeline", "mulayer", "codl",
                           "band", "adaptive", "reuse"};
    for (int i = 0; i < 11; i++) {
        const hs_policy *p = hs_policy_find(names[i]);
        CU_ASSERT_PTR_NOT_NULL_FATAL(p);
        CU_ASSERT_STRING_EQUAL(p->name, names[i]);
        CU_ASSERT(strlen(p->description) > 80);
        CU_ASSERT(p->paper && *p->paper);
    }
    CU_ASSERT_PTR_NULL(hs_policy_find("magic"));
    /* names are unique */
    for (int i = 0; hs_policy_registry[i]; i++)
        for (int j = i + 1; hs_policy_registry[j]; j++)
            CU_ASSERT(strcmp(hs_policy_registry[i]->name, hs_policy_registry[j]->name) != 0);
}

static void test_single_places_everything(void)
{
    hs_error err;
    hs_device *d = hs_device_load_file(hs_test_fixture("dev_two.json"), &err);
    hs_graph *g = hs_graph_load_file(hs_test_fixture("chain3.json"), &err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(d);
    CU_ASSERT_PTR_NOT_NULL_FATAL(g);
    hs_plan *plan = hs_policy_plan("gpu", d, g, NULL, &err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(plan);
    for (int i = 0; i < g->n_ops; i++)
        CU_ASSERT_EQUAL(plan->ops[i].proc[0], 1);
    hs_plan_free(plan);
    plan = hs_policy_plan("cpu", d, g, NULL, &err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(plan);
    for (int i = 0; i < g->n_ops; i++)
        CU_ASSERT_EQUAL(plan->ops[i].proc[0], 0);
    hs_plan_free(plan);
    /* dev_two has no DSP: a clear error */
    CU_ASSERT_PTR_NULL(hs_policy_plan("dsp", d, g, NULL, &err));
    HS_ASSERT_MSG(err, "dev_two", "no dsp");
    CU_ASSERT_PTR_NULL(hs_policy_plan("magic", d, g, NULL, &err));
    HS_ASSERT_MSG(err, "unknown policy \"magic\"");
    hs_graph_free(g);
    hs_device_free(d);
}

static void test_int8_only_processor_falls_back(void)
{
    /* a processor that runs only int8 cannot take an fp32 model: every op
     * falls back to the host, with the reason */
    hs_error err;
    const char *p = hs_test_tmpfile(
        "int8dev.json",
        "{\"format\":\"hetsim-device\",\"version\":1,\"name\":\"q\",\"host\":\"c\","
        "\"dram_bandwidth_gbps\":1,\"processors\":[{\"name\":\"c\",\"kind\":\"cpu\","
        "\"dtypes\":[\"fp32\",\"int8\"],\"peak_gflops\":{\"fp32\":1,\"int8\":4},"
        "\"mem_bandwidth_gbps\":1,\"launch_overhead_us\":0},{\"name\":\"h\",\"kind\":\"dsp\","
        "\"dtypes\":[\"int8\"],\"peak_gflops\":{\"int8\":8},\"mem_bandwidth_gbps\":1,"
        "\"launch_overhead_us\":0}],\"transfers\":{\"default\":{\"latency_us\":1,"
        "\"bandwidth_gbps\":1}}}");
    hs_device *d = hs_device_load_file(p, &err);
    hs_graph *g = hs_graph_load_file(hs_test_fixture("chain3.json"), &err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(d);
    CU_ASSERT_PTR_NOT_NULL_FATAL(g);
    hs_plan *plan = hs_policy_plan("dsp", d, g, NULL, &err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(plan);
    hs_placement *pl = hs_place(d, g, plan, &err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(pl);
    CU_ASSERT_EQUAL(pl->n_fallback, 3);
    CU_ASSERT(strstr(pl->ops[0].why, "fp32 model") != NULL);
    hs_placement_free(pl);
    /* the same model quantized runs on the DSP in int8 */
    g->dtype = HS_DT_INT8;
    pl = hs_place(d, g, plan, &err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(pl);
    CU_ASSERT_EQUAL(pl->n_fallback, 0);
    CU_ASSERT_EQUAL(pl->ops[0].dtype[0], HS_DT_INT8);
    hs_placement_free(pl);
    hs_plan_free(plan);
    hs_graph_free(g);
    hs_device_free(d);
}

static void test_heft_by_hand(void)
{
    /* forkjoin on dev_two (cpu 1 FLOP/ns; acc 2 FLOP/ns + 1 us launch; any
     * transfer 10 us + 1 ns/byte; every tensor 1000 B, so 11 us).
     * Costs (ns): A cpu 10000 / acc 6000; B, C cpu 40000 / acc 21000;
     * D 2000 on both. Upward ranks: D 2000; B = C = 30500 + 11000 + 2000 =
     * 43500; A = 8000 + 11000 + 43500 = 62500. Order A, B, C, D.
     * A: cpu finishes 10000, acc 11000 + 6000 = 17000 -> cpu.
     * B: cpu 10000 + 40000 = 50000, acc 21000 + 21000 = 42000 -> acc.
     * C: cpu 50000; acc busy until 42000 -> 63000 -> cpu.
     * D: cpu max(50000, 42000 + 11000) + 2000 = 55000; acc 61000 + 2000 -> cpu.
     * Makespan 55000 ns; the simulator, executing the plan, agrees. */
    hs_error err;
    hs_device *d = hs_device_load_file(hs_test_fixture("dev_two.json"), &err);
    hs_graph *g = hs_graph_load_file(hs_test_fixture("forkjoin.json"), &err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(d);
    CU_ASSERT_PTR_NOT_NULL_FATAL(g);
    hs_plan *plan = hs_policy_plan("heft", d, g, NULL, &err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(plan);
    const int want[] = {0, 1, 0, 0};
    for (int i = 0; i < 4; i++)
        CU_ASSERT_EQUAL(plan->ops[hs_graph_find_op(g, (const char *[]){"A", "B", "C", "D"}[i])].proc[0],
                        want[i]);
    CU_ASSERT_DOUBLE_EQUAL(plan->predicted_ns, 55000, 1e-6);
    hs_placement *pl = hs_place(d, g, plan, &err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(pl);
    hs_run_config cfg = hs_run_config_default();
    cfg.frames = 2;
    hs_run_result res;
    CU_ASSERT_EQUAL_FATAL(hs_simulate(d, g, pl, NULL, &cfg, &res, &err), 0);
    CU_ASSERT_EQUAL(res.done[0] - res.arrival[0], 55000);
    hs_run_result_free(&res);
    hs_placement_free(pl);
    hs_plan_free(plan);
    hs_graph_free(g);
    hs_device_free(d);
}

/* Run a runtime policy on dev_two and return the frame latencies (ns). */
static int run_runtime(const char *policy, const char *model, int frames, int inflight,
                       hs_time *lat, int *n_units)
{
    hs_error err;
    hs_device *d = hs_device_load_file(hs_test_fixture("dev_two.json"), &err);
    hs_graph *g = hs_graph_load_file(hs_test_fixture(model), &err);
    hs_plan *plan = d && g ? hs_policy_plan(policy, d, g, NULL, &err) : NULL;
    int rc = -1;
    if (plan && plan->units) {
        hs_run_config cfg = hs_run_config_default();
        cfg.frames = frames;
        cfg.inflight = inflight;
        hs_run_result r;
        if (hs_simulate_runtime(d, g, plan->units, &plan->sched, NULL, &cfg, &r, &err) == 0) {
            for (int f = 0; f < frames; f++)
                lat[f] = r.done[f] - r.arrival[f];
            hs_run_result_free(&r);
            *n_units = plan->units->n;
            rc = 0;
        }
    }
    hs_plan_free(plan);
    hs_graph_free(g);
    hs_device_free(d);
    return rc;
}

static void test_band_by_hand(void)
{
    /* forkjoin is one subgraph (both processors run every op). Offline:
     * cpu 10000 + 40000 + 40000 + 2000 = 92000 ns; acc 6000 + 21000 + 21000
     * + 2000 = 50000 ns. sel: the acc finishes first even after x (1000 B)
     * travels there (11000): 11000 + 50000, and y comes back (11000): 72000.
     * rr alternates: frame 0 on the cpu (92000, no transfer), frame 1 on the
     * acc (72000). */
    hs_time lat[4];
    int nu;
    CU_ASSERT_EQUAL_FATAL(run_runtime("band", "forkjoin.json", 2, 1, lat, &nu), 0);
    CU_ASSERT_EQUAL(nu, 1);
    CU_ASSERT_EQUAL(lat[0], 72000);
    CU_ASSERT_EQUAL(lat[1], 72000);
    CU_ASSERT_EQUAL_FATAL(run_runtime("band:rr", "forkjoin.json", 4, 1, lat, &nu), 0);
    CU_ASSERT_EQUAL(lat[0], 92000);
    CU_ASSERT_EQUAL(lat[1], 72000);
    CU_ASSERT_EQUAL(lat[2], 92000);
    /* chain3_ln: A (both), B (cpu only), C (both) are three subgraphs; A and
     * C are single ops, under the minimum size, so they stay on the cpu:
     * 10000 + 20000 + 5000 */
    CU_ASSERT_EQUAL_FATAL(run_runtime("band", "chain3_ln.json", 1, 1, lat, &nu), 0);
    CU_ASSERT_EQUAL(nu, 3);
    CU_ASSERT_EQUAL(lat[0], 35000);
    hs_error err;
    hs_device *d = hs_device_load_file(hs_test_fixture("dev_two.json"), &err);
    hs_graph *g = hs_graph_load_file(hs_test_fixture("forkjoin.json"), &err);
    CU_ASSERT_PTR_NULL(hs_policy_plan("band:magic", d, g, NULL, &err));
    HS_ASSERT_MSG(err, "unknown variant \"magic\"", "sel,rr,fixed,heft,lst");
    CU_ASSERT_PTR_NULL(hs_policy_plan("gpu:fast", d, g, NULL, &err));
    HS_ASSERT_MSG(err, "policy gpu", "expected one of: none");
    hs_graph_free(g);
    hs_device_free(d);
}

/* The span on `track` named `name`, or NULL; *count: how many there are. */
static const hs_span *find_span(const hs_timeline *tl, const char *track, const char *name,
                                int *count)
{
    const hs_span *first = NULL;
    *count = 0;
    for (size_t k = 0; k < tl->n; k++)
        if (strcmp(tl->tracks[tl->spans[k].track], track) == 0 &&
            strcmp(tl->spans[k].name, name) == 0) {
            if (!first)
                first = &tl->spans[k];
            ++*count;
        }
    return first;
}

/* Expect exactly one span on `track` named `name`, over [t0, t1], of `cat`. */
static void expect_span(const hs_timeline *tl, const char *track, const char *name, hs_time t0,
                        hs_time t1, const char *cat)
{
    int n;
    const hs_span *sp = find_span(tl, track, name, &n);
    CU_ASSERT_EQUAL(n, 1);
    if (!sp) {
        fprintf(stderr, "\n  no span \"%s\" on track \"%s\"\n", name, track);
        return;
    }
    CU_ASSERT_EQUAL(sp->t0, t0);
    CU_ASSERT_EQUAL(sp->t1, t1);
    CU_ASSERT_STRING_EQUAL(sp->cat, cat);
}

static void test_two_models_share_the_acc(void)
{
    /* band:fixed on a workload: chain3 and forkjoin both arrive at t = 0
     * every 1 ms and both prefer the acc (chain3 20500 ns there, 35000 on
     * the cpu; forkjoin 50000 vs 92000). forkjoin's input (1000 B) arrives
     * first (11000) and runs 11000-61000; chain3's (4000 B) arrives at 14000
     * and waits: 61000-81500, then y (400 B) back by 91900. forkjoin's
     * output is back at 72000. */
    hs_error err;
    hs_device *d = hs_device_load_file(hs_test_fixture("dev_two.json"), &err);
    hs_graph *g[2] = {hs_graph_load_file(hs_test_fixture("chain3.json"), &err),
                      hs_graph_load_file(hs_test_fixture("forkjoin.json"), &err)};
    CU_ASSERT_PTR_NOT_NULL_FATAL(g[0]);
    CU_ASSERT_PTR_NOT_NULL_FATAL(g[1]);
    hs_plan *plans[2] = {hs_policy_plan("band:fixed", d, g[0], NULL, &err),
                         hs_policy_plan("band:fixed", d, g[1], NULL, &err)};
    CU_ASSERT_PTR_NOT_NULL_FATAL(plans[0]);
    CU_ASSERT_PTR_NOT_NULL_FATAL(plans[1]);
    hs_workload *w = hs_workload_new(plans, 2, &err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(w);
    hs_stream st[2];
    for (int k = 0; k < 2; k++) {
        st[k] = (hs_stream){g[k]->name, g[k], w->offsets[k], plans[k]->units->n,
                            hs_run_config_default(), NULL};
        st[k].cfg.frames = 3;
        st[k].cfg.arrival = HS_ARRIVAL_PERIODIC;
        st[k].cfg.fps = 1000;
    }
    hs_timeline tl = {0};
    st[0].cfg.timeline = &tl; /* the first stream's config holds the device's */
    hs_run_result r[2];
    CU_ASSERT_EQUAL_FATAL(
        hs_simulate_streams(d, st, 2, w->units, &w->sched, 1, HS_TRACE_REPLAY, r, &err), 0);
    for (int f = 0; f < 3; f++) {
        CU_ASSERT_EQUAL(r[0].done[f] - r[0].arrival[f], 91900);
        CU_ASSERT_EQUAL(r[1].done[f] - r[1].arrival[f], 72000);
    }
    /* frames named by model, transfers on their links: both inputs to the
     * acc, both outputs back, per frame */
    expect_span(&tl, "frames", "chain3 frame 0", 0, 91900, "frame");
    expect_span(&tl, "frames", "forkjoin frame 2", 2000000, 2072000, "frame");
    int n;
    const hs_span *out = find_span(&tl, "transfer acc -> cpu", "chain3 A...", &n);
    CU_ASSERT_EQUAL(n, 3);
    CU_ASSERT(out && out->t0 == 81500 && out->t1 == 91900);
    find_span(&tl, "transfer cpu -> acc", "input", &n);
    CU_ASSERT_EQUAL(n, 6);
    CU_ASSERT_EQUAL(r[0].transfers, 12);
    hs_timeline_free(&tl);
    hs_run_result_free(&r[0]);
    hs_run_result_free(&r[1]);
    hs_workload_free(w);
    /* a static policy cannot share the device this way */
    hs_plan *gpu = hs_policy_plan("gpu", d, g[0], NULL, &err);
    hs_plan *mixed[2] = {gpu, plans[1]};
    CU_ASSERT_PTR_NULL(hs_workload_new(mixed, 2, &err));
    HS_ASSERT_MSG(err, "runtime policy");
    hs_plan_free(gpu);
    for (int k = 0; k < 2; k++) {
        hs_plan_free(plans[k]);
        hs_graph_free(g[k]);
    }
    hs_device_free(d);
}

static void test_adaptive_caps_the_gpu(void)
{
    /* One frame at a time, the acc (kind gpu) computes 50 of every 72 us:
     * 69 %, under the 70 % cap, so every frame takes the offline choice
     * (72000 ns). With two frames in flight it would be busy all the time:
     * adaptive then sends some subgraphs to the cpu (92000 ns of work). */
    hs_time lat[40];
    int nu;
    CU_ASSERT_EQUAL_FATAL(run_runtime("adaptive", "forkjoin.json", 40, 1, lat, &nu), 0);
    for (int f = 0; f < 40; f++)
        CU_ASSERT_EQUAL(lat[f], 72000);
    CU_ASSERT_EQUAL_FATAL(run_runtime("adaptive", "forkjoin.json", 40, 2, lat, &nu), 0);
    int slow = 0;
    for (int f = 0; f < 40; f++)
        slow += lat[f] >= 92000;
    CU_ASSERT(slow > 0);
    CU_ASSERT(slow < 40);
}

static void test_runtime_timeline_by_hand(void)
{
    /* band (sel) on forkjoin, one frame, as in "band schedulers by hand":
     * x travels to the acc 0-11 us, the unit runs there 11-61, y comes back
     * 61-72, the frame is 0-72. Beside it an app thread of 1 us on the cpu
     * released at 0 (the cpu is idle: 0-1 us) and a competitor on the cpu
     * from 0 on (the inference does not use the cpu: same times). The
     * runtime engine records them as the static one does. */
    hs_error err;
    hs_device *d = hs_device_load_file(hs_test_fixture("dev_two.json"), &err);
    hs_graph *g = hs_graph_load_file(hs_test_fixture("forkjoin.json"), &err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(d);
    CU_ASSERT_PTR_NOT_NULL_FATAL(g);
    hs_plan *plan = hs_policy_plan("band", d, g, NULL, &err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(plan);
    CU_ASSERT_PTR_NOT_NULL_FATAL(plan->units);
    hs_timeline tl = {0};
    hs_run_config cfg = hs_run_config_default();
    cfg.frames = 1;
    cfg.timeline = &tl;
    cfg.n_clients = 1;
    cfg.clients[0] = (hs_client){.name = "ui", .period_ns = 1e9, .deadline_ns = 5000,
                                 .n_stages = 1, .proc = {0}, .work_ns = {1000}};
    cfg.n_competitors = 1;
    cfg.competitors[0] = (hs_competitor){.proc = 0, .count = 2, .duty = 0.5, .start = 0,
                                         .stop = -1};
    hs_run_result r;
    CU_ASSERT_EQUAL_FATAL(
        hs_simulate_runtime(d, g, plan->units, &plan->sched, NULL, &cfg, &r, &err), 0);
    CU_ASSERT_EQUAL(r.done[0], 72000);
    CU_ASSERT_EQUAL(r.transfers, 2);
    CU_ASSERT_EQUAL(r.client_met[0], 1);
    expect_span(&tl, "transfer cpu -> acc", "input", 0, 11000, "transfer");
    expect_span(&tl, "acc", "forkjoin A...", 11000, 61000, "op");
    expect_span(&tl, "transfer acc -> cpu", "forkjoin A...", 61000, 72000, "transfer");
    expect_span(&tl, "frames", "frame 0", 0, 72000, "frame");
    expect_span(&tl, "ui (thread)", "ui", 0, 1000, "app");
    expect_span(&tl, "competitors on cpu", "2 x 50% busy", 0, 72000, "competitor");
    CU_ASSERT_EQUAL(tl.n, 6);
    hs_run_result_free(&r);
    hs_timeline_free(&tl);
    hs_plan_free(plan);
    hs_graph_free(g);
    hs_device_free(d);
}

/* chain3 on dev_two under a reuse variant, with an input that never
 * changes (static scenes, change 0). */
static int run_reuse(const char *policy, int frames, hs_run_result *r)
{
    hs_error err;
    hs_device *d = hs_device_load_file(hs_test_fixture("dev_two.json"), &err);
    hs_graph *g = hs_graph_load_file(hs_test_fixture("chain3.json"), &err);
    hs_plan *plan = d && g ? hs_policy_plan(policy, d, g, NULL, &err) : NULL;
    hs_placement *pl = plan ? hs_place(d, g, plan, &err) : NULL;
    int rc = -1;
    if (pl) {
        hs_run_config cfg = hs_run_config_default();
        cfg.frames = frames;
        cfg.input = (hs_input_model){1, 1.0, 1.0, 0.0, 0.5};
        rc = hs_simulate(d, g, pl, NULL, &cfg, r, &err);
    }
    hs_placement_free(pl);
    hs_plan_free(plan);
    hs_graph_free(g);
    hs_device_free(d);
    return rc;
}

static void test_reuse_by_hand(void)
{
    /* The cpu is the fastest single processor (35000 ns; the acc with its
     * transfers 44900). The host's input check reads 2 x 4000 B at 10^4
     * B/ns: 1 ns. Frame level: frame 0 is computed (1 + 35000 ns), later
     * frames changed by 0 < 5 % and are answered from it (1 ns each).
     * Layer level with change 0: an op at depth k/3 redoes k/3 of its work:
     * A 0, B 20000/3 = 6667, C 2 x 5000/3 = 3333: 1 + 10000 ns per frame. */
    hs_run_result r;
    CU_ASSERT_EQUAL_FATAL(run_reuse("reuse:frame", 4, &r), 0);
    CU_ASSERT_EQUAL(r.done[0] - r.arrival[0], 35001);
    for (int f = 1; f < 4; f++)
        CU_ASSERT_EQUAL(r.done[f] - r.arrival[f], 1);
    CU_ASSERT_EQUAL(r.reused_frames, 3);
    CU_ASSERT_DOUBLE_EQUAL(r.quality, 1.0, 1e-12); /* nothing changed: nothing stale */
    CU_ASSERT_DOUBLE_EQUAL(r.work_share, 0.25, 1e-12); /* one frame in four computed */
    hs_run_result_free(&r);
    CU_ASSERT_EQUAL_FATAL(run_reuse("reuse:layer", 3, &r), 0);
    for (int f = 0; f < 3; f++)
        CU_ASSERT_EQUAL(r.done[f] - r.arrival[f], 10001);
    CU_ASSERT_EQUAL(r.reused_frames, 0);
    CU_ASSERT_DOUBLE_EQUAL(r.work_share, (0 + 1.0 / 3 + 2.0 / 3) / 3, 1e-12);
    hs_run_result_free(&r);
    /* both: frame 0 recomputed at layer level, the others reused */
    CU_ASSERT_EQUAL_FATAL(run_reuse("reuse", 3, &r), 0);
    CU_ASSERT_EQUAL(r.done[0] - r.arrival[0], 10001);
    CU_ASSERT_EQUAL(r.done[2] - r.arrival[2], 1);
    hs_run_result_free(&r);
}

int hs_suite_policies(void)
{
    CU_pSuite s = CU_add_suite("policies", NULL, NULL);
    if (!s || !CU_add_test(s, "registry lists the policies", test_registry) ||
        !CU_add_test(s, "single-processor plans", test_single_places_everything) ||
        !CU_add_test(s, "int8-only processor and fp32 model", test_int8_only_processor_falls_back) ||
        !CU_add_test(s, "HEFT makespan by hand", test_heft_by_hand) ||
        !CU_add_test(s, "band schedulers by hand", test_band_by_hand) ||
        !CU_add_test(s, "two models share the acc", test_two_models_share_the_acc) ||
        !CU_add_test(s, "adaptive caps the GPU", test_adaptive_caps_the_gpu) ||
        !CU_add_test(s, "runtime timeline by hand", test_runtime_timeline_by_hand) ||
        !CU_add_test(s, "reuse by hand", test_reuse_by_hand))
        return -1;
    return 0;
}
