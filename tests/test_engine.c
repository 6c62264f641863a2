/* The simulator on graphs whose latency is worked out by hand.
 *
 * dev_two: cpu runs 1 FLOP/ns with no launch cost; acc runs 2 FLOP/ns plus
 * 1 us launch; any transfer costs 10 us + bytes / (1 byte/ns). Memory terms
 * are negligible (10^4 GB/s). chain3: x[1000] -> A (10^4 FLOPs) -> a[1000]
 * -> B (2*10^4) -> b[500] -> C (5*10^3) -> y[100], fp32. */
#include <math.h>
#include <string.h>

#include "devices/profile.h"
#include "policies/policy.h"
#include "sim/engine.h"
#include "sim/metrics.h"
#include "base/json_read.h"
#include "sim/placement.h"
#include "sim/timeline.h"
#include "tests/test_util.h"

typedef struct world {
    hs_device *d;
    hs_graph *g;
    hs_plan *plan;
    hs_placement *pl;
    hs_trace *traces[2];
    hs_run_result res;
} world;

static int setup(world *w, const char *model, const int *procs)
{
    hs_error err;
    memset(w, 0, sizeof *w);
    w->d = hs_device_load_file(hs_test_fixture("dev_two.json"), &err);
    w->g = hs_graph_load_file(hs_test_fixture(model), &err);
    if (!w->d || !w->g)
        return -1;
    w->plan = hs_plan_new(w->g->n_ops, "test");
    for (int i = 0; i < w->g->n_ops; i++)
        hs_plan_set(w->plan, i, procs[i]);
    w->pl = hs_place(w->d, w->g, w->plan, &err);
    return w->pl ? 0 : -1;
}

static int run(world *w, const hs_run_config *cfg)
{
    hs_error err;
    hs_run_result_free(&w->res);
    return hs_simulate(w->d, w->g, w->pl, w->traces, cfg, &w->res, &err);
}

static void teardown(world *w)
{
    hs_run_result_free(&w->res);
    hs_placement_free(w->pl);
    hs_plan_free(w->plan);
    hs_graph_free(w->g);
    hs_device_free(w->d);
    hs_trace_free(w->traces[0]);
    hs_trace_free(w->traces[1]);
}

static hs_time latency(const world *w, int f)
{
    return w->res.done[f] - w->res.arrival[f];
}

static void test_three_ops_two_processors(void)
{
    /* A on cpu: 10000 ns; a (4000 B) cpu->acc: 10000 + 4000 = 14000 ns;
     * B on acc: 20000/2 + 1000 = 11000 ns; b (2000 B) acc->cpu: 12000 ns;
     * C on cpu: 5000 ns; y is on the host already. Total 52000 ns. */
    world w;
    const int procs[] = {0, 1, 0};
    CU_ASSERT_EQUAL_FATAL(setup(&w, "chain3.json", procs), 0);
    hs_run_config cfg = hs_run_config_default();
    cfg.frames = 3;
    CU_ASSERT_EQUAL_FATAL(run(&w, &cfg), 0);
    for (int f = 0; f < 3; f++)
        CU_ASSERT_EQUAL(latency(&w, f), 52000);
    /* closed loop: frame k arrives when frame k-1 is done */
    CU_ASSERT_EQUAL(w.res.arrival[1], 52000);
    CU_ASSERT_EQUAL(w.res.arrival[2], 104000);
    CU_ASSERT_DOUBLE_EQUAL(w.res.busy_ns[0], 3 * 15000.0, 1e-9);
    CU_ASSERT_DOUBLE_EQUAL(w.res.busy_ns[1], 3 * 11000.0, 1e-9);
    CU_ASSERT_DOUBLE_EQUAL(w.res.transfer_ns, 3 * 26000.0, 1e-9);
    CU_ASSERT_EQUAL(w.res.transfers, 6);
    hs_metrics m;
    hs_error err;
    CU_ASSERT_EQUAL_FATAL(hs_metrics_compute(&w.res, w.pl, 0, 0, &m, &err), 0);
    CU_ASSERT_DOUBLE_EQUAL(m.lat_mean_ms, 0.052, 1e-12);
    CU_ASSERT_DOUBLE_EQUAL(m.util[0], 15000.0 / 52000.0, 1e-12);
    CU_ASSERT_DOUBLE_EQUAL(m.transfer_share, 26000.0 / (26000.0 + 26000.0), 1e-12);
    CU_ASSERT_DOUBLE_EQUAL(m.throughput_fps, 3 / 156e-6, 1e-6);
    CU_ASSERT_EQUAL(m.src_count[HS_SRC_ROOFLINE], 3);
    teardown(&w);
}

static void test_single_processor_no_transfer(void)
{
    /* all on cpu: 10000 + 20000 + 5000 = 35000 ns, no transfers */
    world w;
    const int procs[] = {0, 0, 0};
    CU_ASSERT_EQUAL_FATAL(setup(&w, "chain3.json", procs), 0);
    hs_run_config cfg = hs_run_config_default();
    cfg.frames = 2;
    CU_ASSERT_EQUAL_FATAL(run(&w, &cfg), 0);
    CU_ASSERT_EQUAL(latency(&w, 0), 35000);
    CU_ASSERT_EQUAL(w.res.transfers, 0);
    teardown(&w);
}

static void test_fallback_pays_transfers_both_ways(void)
{
    /* gpu policy on chain3_ln: B (LayerNormalization) is unsupported on acc
     * and falls back to the cpu host. x cpu->acc 10000+4000; A on acc
     * 5000+1000; a acc->cpu 14000; B on cpu 20000; b cpu->acc 12000; C on acc
     * 2500+1000; y (400 B) acc->cpu 10400. Total 79900 ns. */
    world w;
    hs_error err;
    memset(&w, 0, sizeof w);
    w.d = hs_device_load_file(hs_test_fixture("dev_two.json"), &err);
    w.g = hs_graph_load_file(hs_test_fixture("chain3_ln.json"), &err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(w.d);
    CU_ASSERT_PTR_NOT_NULL_FATAL(w.g);
    w.plan = hs_policy_plan("gpu", w.d, w.g, NULL, &err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(w.plan);
    w.pl = hs_place(w.d, w.g, w.plan, &err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(w.pl);
    CU_ASSERT_EQUAL(w.pl->n_fallback, 1);
    CU_ASSERT_EQUAL(hs_placed_proc(w.pl, 1), 0);
    CU_ASSERT_EQUAL(w.pl->ops[1].fallback, 1);
    CU_ASSERT(strstr(w.pl->ops[1].why, "LayerNormalization") != NULL);
    hs_run_config cfg = hs_run_config_default();
    cfg.frames = 1;
    CU_ASSERT_EQUAL_FATAL(run(&w, &cfg), 0);
    CU_ASSERT_EQUAL(latency(&w, 0), 79900);
    CU_ASSERT_EQUAL(w.res.transfers, 4);
    hs_metrics m;
    CU_ASSERT_EQUAL_FATAL(hs_metrics_compute(&w.res, w.pl, 0, 0, &m, &err), 0);
    CU_ASSERT_EQUAL(m.fallback_ops, 1);
    CU_ASSERT_DOUBLE_EQUAL(m.unsupported_ratio, 1.0 / 3.0, 1e-12);
    teardown(&w);
}

static void test_two_frames_in_flight(void)
{
    /* closed loop with 2 frames in flight: both arrive at 0 and pipeline.
     * A0 0-10 us, A1 10-20 (cpu FIFO); B0 on acc 24-35, B1 35-46; b0 back at
     * 47, C0 47-52: frame 0 done at 52, frame 2 arrives, A2 52-62; b1 back at
     * 58 but the cpu runs A2 until 62, so C1 62-67: frame 1 done at 67. */
    world w;
    const int procs[] = {0, 1, 0};
    CU_ASSERT_EQUAL_FATAL(setup(&w, "chain3.json", procs), 0);
    hs_run_config cfg = hs_run_config_default();
    cfg.frames = 4;
    cfg.inflight = 2;
    CU_ASSERT_EQUAL_FATAL(run(&w, &cfg), 0);
    CU_ASSERT_EQUAL(w.res.arrival[0], 0);
    CU_ASSERT_EQUAL(w.res.arrival[1], 0);
    CU_ASSERT_EQUAL(w.res.done[0], 52000);
    CU_ASSERT_EQUAL(w.res.arrival[2], 52000);
    CU_ASSERT_EQUAL(w.res.done[1], 67000);
    CU_ASSERT_EQUAL(w.res.arrival[3], 67000);
    teardown(&w);
}

static void test_periodic_arrivals(void)
{
    /* period 100 us > 52 us latency: frames never queue */
    world w;
    const int procs[] = {0, 1, 0};
    CU_ASSERT_EQUAL_FATAL(setup(&w, "chain3.json", procs), 0);
    hs_run_config cfg = hs_run_config_default();
    cfg.frames = 4;
    cfg.arrival = HS_ARRIVAL_PERIODIC;
    cfg.fps = 10000;
    CU_ASSERT_EQUAL_FATAL(run(&w, &cfg), 0);
    for (int f = 0; f < 4; f++) {
        CU_ASSERT_EQUAL(w.res.arrival[f], f * 100000);
        CU_ASSERT_EQUAL(latency(&w, f), 52000);
    }
    teardown(&w);
}

static void test_overload_queues(void)
{
    /* All on cpu (A 10, B 20, C 5 us), a frame every 20 us: the cpu never
     * idles and takes the oldest frame's ready op first. Worked by hand
     * (times in us): A0 0-10, B0 10-30, C0 30-35 (frame 0 done; A1 waited
     * since 20), A1 35-45, B1 45-65, C1 65-70 (frame 1), A2 70-80, B2
     * 80-100, C2 100-105 (frame 2), A3, B3, C3 -> 140, A4, B4, C4 -> 175:
     * frame k is done at 35 (k + 1) us. */
    world w;
    const int procs[] = {0, 0, 0};
    CU_ASSERT_EQUAL_FATAL(setup(&w, "chain3.json", procs), 0);
    hs_run_config cfg = hs_run_config_default();
    cfg.frames = 5;
    cfg.arrival = HS_ARRIVAL_PERIODIC;
    cfg.fps = 50000;
    CU_ASSERT_EQUAL_FATAL(run(&w, &cfg), 0);
    const hs_time done_us[] = {35, 70, 105, 140, 175};
    for (int f = 0; f < 5; f++) {
        CU_ASSERT_EQUAL(w.res.arrival[f], 20000LL * f);
        CU_ASSERT_EQUAL(w.res.done[f], done_us[f] * 1000);
    }
    CU_ASSERT_DOUBLE_EQUAL(w.res.busy_ns[0], 175000.0, 1e-9);
    teardown(&w);
}

static void test_trace_replay_in_order(void)
{
    /* A on cpu replays 100, 200, 300 us from the trace, then wraps */
    world w;
    hs_error err;
    const int procs[] = {0, 1, 0};
    CU_ASSERT_EQUAL_FATAL(setup(&w, "chain3.json", procs), 0);
    w.traces[0] = hs_trace_load_file(hs_test_fixture("trace_chain3_cpu.json"), &err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(w.traces[0]);
    hs_run_config cfg = hs_run_config_default();
    cfg.trace_mode = HS_TRACE_REPLAY;
    cfg.frames = 4;
    CU_ASSERT_EQUAL_FATAL(run(&w, &cfg), 0);
    const hs_time a_us[] = {100, 200, 300, 100};
    for (int f = 0; f < 4; f++)
        CU_ASSERT_EQUAL(latency(&w, f), 42000 + a_us[f] * 1000);
    CU_ASSERT_EQUAL(w.res.task_src[0], HS_SRC_TRACE);
    CU_ASSERT_EQUAL(w.res.task_src[1], HS_SRC_ROOFLINE);
    CU_ASSERT_EQUAL(w.res.src_count[HS_SRC_TRACE], 1);
    CU_ASSERT_DOUBLE_EQUAL(w.res.task_mean_ns[0], 175000.0, 1e-9);
    teardown(&w);
}

static void test_trace_sample_draws_recorded_values(void)
{
    /* sampled (the default): every frame takes one of the recorded 100,
     * 200, 300 us for A, and over 300 frames all three appear */
    world w;
    hs_error err;
    const int procs[] = {0, 1, 0};
    CU_ASSERT_EQUAL_FATAL(setup(&w, "chain3.json", procs), 0);
    w.traces[0] = hs_trace_load_file(hs_test_fixture("trace_chain3_cpu.json"), &err);
    hs_run_config cfg = hs_run_config_default();
    CU_ASSERT_EQUAL(cfg.trace_mode, HS_TRACE_SAMPLE);
    cfg.frames = 300;
    CU_ASSERT_EQUAL_FATAL(run(&w, &cfg), 0);
    int seen[3] = {0, 0, 0};
    for (int f = 0; f < 300; f++) {
        hs_time a = latency(&w, f) - 42000;
        CU_ASSERT(a == 100000 || a == 200000 || a == 300000);
        if (a % 100000 == 0 && a >= 100000 && a <= 300000)
            seen[a / 100000 - 1] = 1;
    }
    CU_ASSERT(seen[0] && seen[1] && seen[2]);
    teardown(&w);
}

static void test_deterministic_for_a_seed(void)
{
    /* Poisson arrivals and sampled traces: same seed, same timestamps;
     * another seed, other timestamps. */
    world w;
    hs_error err;
    const int procs[] = {0, 1, 0};
    CU_ASSERT_EQUAL_FATAL(setup(&w, "chain3.json", procs), 0);
    w.traces[0] = hs_trace_load_file(hs_test_fixture("trace_chain3_cpu.json"), &err);
    hs_run_config cfg = hs_run_config_default();
    cfg.frames = 200;
    cfg.arrival = HS_ARRIVAL_POISSON;
    cfg.fps = 3000;
    cfg.trace_mode = HS_TRACE_SAMPLE;
    cfg.seed = 42;
    enum { N = 200 };
    static hs_time done1[N], arr1[N];
    CU_ASSERT_EQUAL_FATAL(run(&w, &cfg), 0);
    memcpy(done1, w.res.done, sizeof done1);
    memcpy(arr1, w.res.arrival, sizeof arr1);
    CU_ASSERT_EQUAL_FATAL(run(&w, &cfg), 0);
    CU_ASSERT_EQUAL(memcmp(done1, w.res.done, sizeof done1), 0);
    CU_ASSERT_EQUAL(memcmp(arr1, w.res.arrival, sizeof arr1), 0);
    cfg.seed = 43;
    CU_ASSERT_EQUAL_FATAL(run(&w, &cfg), 0);
    CU_ASSERT_NOT_EQUAL(memcmp(done1, w.res.done, sizeof done1), 0);
    /* Poisson mean gap ~ 1/3000 s: the observed mean lies within 15 % */
    double mean_gap = (double)(w.res.arrival[N - 1] - w.res.arrival[0]) / (N - 1);
    CU_ASSERT(fabs(mean_gap - 1e9 / 3000) < 0.15 * 1e9 / 3000);
    teardown(&w);
}

/* Run chain3 with a plan built by `shape` and return frame 0's latency. */
static hs_time latency_of(void (*shape)(hs_plan *))
{
    world w;
    hs_error err;
    const int procs[] = {0, 0, 0};
    if (setup(&w, "chain3.json", procs) < 0)
        return -1;
    shape(w.plan);
    hs_placement_free(w.pl);
    w.pl = hs_place(w.d, w.g, w.plan, &err);
    hs_run_config cfg = hs_run_config_default();
    cfg.frames = 2;
    hs_time t = w.pl && run(&w, &cfg) == 0 ? latency(&w, 0) : -1;
    teardown(&w);
    return t;
}

static void b_on_acc(hs_plan *p)
{
    hs_plan_set(p, 1, 1);
}

static void b_split_ratio_0(hs_plan *p)
{
    const int procs[] = {1, 0};
    const double fr[] = {1.0, 0.0};
    hs_plan_split(p, 1, HS_SPLIT_OUT_C, 2, procs, fr, 3);
}

static void b_split_half(hs_plan *p)
{
    const int procs[] = {0, 1};
    const double fr[] = {0.5, 0.5};
    hs_plan_split(p, 1, HS_SPLIT_OUT_C, 2, procs, fr, -1);
}

static void ab_split_unchained(hs_plan *p)
{
    const int procs[] = {0, 1};
    const double fr[] = {0.5, 0.5};
    hs_plan_split(p, 0, HS_SPLIT_OUT_C, 2, procs, fr, -1);
    hs_plan_split(p, 1, HS_SPLIT_OUT_C, 2, procs, fr, -1);
}

static void ab_split_chained(hs_plan *p)
{
    const int procs[] = {0, 1};
    const double fr[] = {0.5, 0.5};
    hs_plan_split(p, 0, HS_SPLIT_OUT_C, 2, procs, fr, 7);
    hs_plan_split(p, 1, HS_SPLIT_OUT_C, 2, procs, fr, 7);
}

static void test_split_ratio_0_is_single(void)
{
    /* ratio 1:0 collapses to the whole op on acc: the plan and the run are
     * those of B on acc (52000 ns, see above) */
    hs_plan *a = hs_plan_new(3, "a"), *b = hs_plan_new(3, "b");
    b_on_acc(a);
    b_split_ratio_0(b);
    CU_ASSERT_EQUAL(memcmp(a->ops, b->ops, 3 * sizeof *a->ops), 0);
    hs_plan_free(a);
    hs_plan_free(b);
    CU_ASSERT_EQUAL(latency_of(b_split_ratio_0), latency_of(b_on_acc));
    CU_ASSERT_EQUAL(latency_of(b_on_acc), 52000);
}

static void test_split_gathers_parts(void)
{
    /* B split 50/50 over cpu and acc by output channels, not chained.
     * A (cpu) 0-10000; a (4000 B) to acc: 14000 -> 24000. B.cpu (10^4 FLOPs)
     * 10000-20000; B.acc (10^4/2 + 1000) 24000-30000. C needs both halves of
     * b: the acc half (1000 B) arrives at 30000 + 11000 = 41000; C ends 46000. */
    CU_ASSERT_EQUAL(latency_of(b_split_half), 46000);
}

static void test_chain_keeps_parts_local(void)
{
    /* A and B both split 50/50 by channels. x (4000 B) reaches acc at 14000.
     * Unchained, each B part reads both A halves: A.cpu 0-5000, A.acc
     * 14000-17500; 2000 B each way take 12000: B.cpu waits for A.acc's half
     * until 29500 and runs to 39500; B.acc runs 17500-23500; its half of b
     * reaches the cpu at 34500; C runs 39500-44500.
     * Chained (Relu is per channel), B.cpu needs only A.cpu: 5000-15000;
     * B.acc 17500-23500; b's acc half arrives at 34500; C 34500-39500. */
    CU_ASSERT_EQUAL(latency_of(ab_split_unchained), 44500);
    CU_ASSERT_EQUAL(latency_of(ab_split_chained), 39500);
}

static void test_runtime_decisions_cost_host_time(void)
{
    /* dev_two with 2 us per runtime decision, made on the host cpu before
     * each dispatch: A's decision 0-2000, A 2000-12000, a to acc by 26000,
     * B's decision on the cpu 26000-28000, B 28000-39000, b back by 51000,
     * C's decision 51000-53000, C 53000-58000: 52000 + 3 x 2000. */
    world w;
    hs_error err;
    const int procs[] = {0, 1, 0};
    CU_ASSERT_EQUAL_FATAL(setup(&w, "chain3.json", procs), 0);
    w.d->decision_us = 2.0;
    w.plan->runtime_decisions = 1;
    hs_placement_free(w.pl);
    w.pl = hs_place(w.d, w.g, w.plan, &err);
    hs_run_config cfg = hs_run_config_default();
    cfg.frames = 2;
    CU_ASSERT_EQUAL_FATAL(run(&w, &cfg), 0);
    CU_ASSERT_EQUAL(latency(&w, 0), 58000);
    CU_ASSERT_DOUBLE_EQUAL(w.res.decision_ns, 2 * 3 * 2000.0, 1e-9);
    CU_ASSERT_DOUBLE_EQUAL(w.res.busy_ns[0], 2 * (15000.0 + 6000.0), 1e-9);
    hs_metrics m;
    CU_ASSERT_EQUAL_FATAL(hs_metrics_compute(&w.res, w.pl, 0, 0, &m, &err), 0);
    CU_ASSERT_DOUBLE_EQUAL(m.sched_share, 6000.0 / (26000 + 26000 + 6000.0), 1e-12);
    teardown(&w);
}

static void test_time_sharing_by_hand(void)
{
    /* dev_two_shared: the cpu has 1 core and 1 inference thread; one
     * competitor busy all the time halves its speed (1 + 1 x ceil(1/1) = 2,
     * no little cluster, no interference). All of chain3 on the cpu (A 10,
     * B 20, C 5 us of work); the competitor runs from 5 to 25 us. A: 5 us of
     * work by t=5, the other 5 at half speed: ends at 15. B: half speed
     * until 25 (5 us of work), the remaining 15 at full speed: ends at 40.
     * C 40-45. Frame 0 takes 45000 ns instead of 35000. */
    hs_error err;
    hs_device *d = hs_device_load_file(hs_test_fixture("dev_two_shared.json"), &err);
    hs_graph *g = hs_graph_load_file(hs_test_fixture("chain3.json"), &err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(d);
    CU_ASSERT_PTR_NOT_NULL_FATAL(g);
    hs_plan *plan = hs_policy_plan("cpu", d, g, NULL, &err);
    hs_placement *pl = hs_place(d, g, plan, &err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(pl);
    hs_run_config cfg = hs_run_config_default();
    cfg.frames = 2;
    cfg.n_competitors = 1;
    cfg.competitors[0] = (hs_competitor){0, 1, 1.0, 5000, 25000};
    hs_run_result r;
    CU_ASSERT_EQUAL_FATAL(hs_simulate(d, g, pl, NULL, &cfg, &r, &err), 0);
    CU_ASSERT_EQUAL(r.done[0], 45000);
    CU_ASSERT_EQUAL(r.done[1] - r.arrival[1], 35000); /* the competitor has gone */
    CU_ASSERT_DOUBLE_EQUAL(r.busy_ns[0], 45000 + 35000, 1e-9);
    hs_run_result_free(&r);
    /* the acc interleaves with 2 clients busy half the time: 1 + 1 x 2 x 0.5
     * = 2x. gpu policy: x to acc 14000, A 6000 -> 12000, B 11000 -> 22000,
     * C 3500 -> 7000, y back 10400: 14000 + 41000 + 10400 = 65400 */
    hs_plan_free(plan);
    hs_placement_free(pl);
    plan = hs_policy_plan("gpu", d, g, NULL, &err);
    pl = hs_place(d, g, plan, &err);
    cfg.frames = 1;
    cfg.competitors[0] = (hs_competitor){1, 2, 0.5, 0, -1};
    CU_ASSERT_EQUAL_FATAL(hs_simulate(d, g, pl, NULL, &cfg, &r, &err), 0);
    CU_ASSERT_EQUAL(r.done[0], 65400);
    hs_run_result_free(&r);
    hs_placement_free(pl);
    hs_plan_free(plan);
    hs_graph_free(g);
    hs_device_free(d);
}

/* An app needs 2 us of acc every 10 us with a 2.5 us deadline, beside one
 * frame of chain3 on dev_two under the gpu policy, acc submitting `sub`. */
static int run_app_beside_chain3(world *w, hs_submission sub)
{
    const int procs[] = {1, 1, 1};
    if (setup(w, "chain3.json", procs) != 0)
        return -1;
    w->d->procs[1].submission = sub;
    hs_run_config cfg = hs_run_config_default();
    cfg.frames = 1;
    cfg.n_clients = 1;
    cfg.clients[0] = (hs_client){.name = "app", .period_ns = 10000, .deadline_ns = 2500,
                                 .n_stages = 1, .proc = {1}, .work_ns = {2000}};
    return run(w, &cfg);
}

static void test_app_frame_drops_by_hand(void)
{
    /* Kernel-by-kernel submission. x reaches acc at 14000; A 14000-20000;
     * B 11000; C 3500; y back in 10400. The app's work goes before queued
     * inference but never preempts a kernel. r0 0-2000 ok; r1 10000-12000
     * ok; A 14000-20000; r2 (released at 20000, as A ends) 20000-22000 ok;
     * B 22000-33000; r3 (released 30000) waits for B: 33000-35000, late;
     * C 35000-38500; r4 40000-42000 ok; y back at 48900. Due by then: 5
     * releases, 4 met. */
    world w;
    CU_ASSERT_EQUAL_FATAL(run_app_beside_chain3(&w, HS_SUBMIT_KERNEL), 0);
    CU_ASSERT_EQUAL(w.res.done[0], 48900);
    CU_ASSERT_EQUAL(w.res.client_due[0], 5);
    CU_ASSERT_EQUAL(w.res.client_met[0], 4);
    CU_ASSERT_DOUBLE_EQUAL(w.res.client_busy_ns[1], 10000, 1e-9);
    CU_ASSERT_DOUBLE_EQUAL(w.res.busy_ns[1], 6000 + 11000 + 3500, 1e-9);
    hs_metrics m;
    hs_error err;
    CU_ASSERT_EQUAL_FATAL(hs_metrics_compute(&w.res, w.pl, 0, 1, &m, &err), 0);
    CU_ASSERT_DOUBLE_EQUAL(m.client_drop[0], 0.2, 1e-12);
    teardown(&w);
}

static void test_graph_submission_by_hand(void)
{
    /* The same, with the gpu default: the runtime submits the whole GPU
     * segment A-B-C, so queued kernels drain before the app gets in. r0
     * 0-2000 ok; r1 10000-12000 ok; A 14000-20000; r2 (released at 20000, as
     * A ends) queues behind B, enqueued when A ends: B 20000-31000; r3
     * (30000) queues; C 31000-34500; the queue holds no inference work: r2
     * 34500-36500 late, r3 36500-38500 late; r4 40000-42000 ok; y back at
     * 34500 + 10400 = 44900. Due by then: 5 releases, 3 met. */
    world w;
    CU_ASSERT_EQUAL_FATAL(run_app_beside_chain3(&w, HS_SUBMIT_GRAPH), 0);

    CU_ASSERT_EQUAL(w.res.done[0], 44900);
    CU_ASSERT_EQUAL(w.res.client_due[0], 5);
    CU_ASSERT_EQUAL(w.res.client_met[0], 3);
    CU_ASSERT_DOUBLE_EQUAL(w.res.client_busy_ns[1], 10000, 1e-9);
    CU_ASSERT_DOUBLE_EQUAL(w.res.busy_ns[1], 6000 + 11000 + 3500, 1e-9);
    teardown(&w);
    /* graph submission is what a gpu does unless its profile says otherwise */
    hs_error err;
    hs_device *d = hs_device_load_file(hs_test_fixture("dev_two.json"), &err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(d);
    CU_ASSERT_EQUAL(d->procs[0].submission, HS_SUBMIT_KERNEL);
    CU_ASSERT_EQUAL(d->procs[1].submission, HS_SUBMIT_GRAPH);
    hs_device_free(d);
}

static void test_deterministic_with_dynamics(void)
{
    /* every source of randomness and dynamics at once: Poisson arrivals,
     * sampled traces, a competitor, Markov background load, a client app,
     * input changes with reuse off: same seed, same timestamps */
    hs_error err;
    hs_device *d = hs_device_load_file(hs_test_fixture("dev_two_shared.json"), &err);
    hs_graph *g = hs_graph_load_file(hs_test_fixture("chain3.json"), &err);
    hs_trace *tr = hs_trace_load_file(hs_test_fixture("trace_chain3_cpu.json"), &err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(d);
    CU_ASSERT_PTR_NOT_NULL_FATAL(tr);
    hs_trace *traces[2] = {tr, NULL};
    hs_plan *plan = hs_policy_plan("heft", d, g, traces, &err);
    hs_placement *pl = hs_place(d, g, plan, &err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(pl);
    hs_run_config cfg = hs_run_config_default();
    cfg.frames = 300;
    cfg.arrival = HS_ARRIVAL_POISSON;
    cfg.fps = 5000;
    cfg.trace_mode = HS_TRACE_SAMPLE;
    cfg.seed = 99;
    cfg.n_competitors = 1;
    cfg.competitors[0] = (hs_competitor){0, 1, 0.7, 10000, 30000000};
    cfg.n_background = 1;
    cfg.background[0] = (hs_background){1, 2, {0, 2}, {1, 0.5}, {200000, 100000}};
    cfg.n_clients = 1;
    cfg.clients[0] = (hs_client){.name = "app", .period_ns = 50000, .deadline_ns = 20000,
                                 .n_stages = 2, .proc = {0, 1}, .work_ns = {3000, 4000}};
    cfg.input = (hs_input_model){1, 0.5, 0.8, 0.02, 0.5};
    enum { N = 300 };
    static hs_time a1[N], d1[N];
    hs_run_result r;
    CU_ASSERT_EQUAL_FATAL(hs_simulate(d, g, pl, traces, &cfg, &r, &err), 0);
    memcpy(a1, r.arrival, sizeof a1);
    memcpy(d1, r.done, sizeof d1);
    long met = r.client_met[0];
    hs_run_result_free(&r);
    CU_ASSERT_EQUAL_FATAL(hs_simulate(d, g, pl, traces, &cfg, &r, &err), 0);
    CU_ASSERT_EQUAL(memcmp(a1, r.arrival, sizeof a1), 0);
    CU_ASSERT_EQUAL(memcmp(d1, r.done, sizeof d1), 0);
    CU_ASSERT_EQUAL(met, r.client_met[0]);
    hs_run_result_free(&r);
    cfg.seed = 100;
    CU_ASSERT_EQUAL_FATAL(hs_simulate(d, g, pl, traces, &cfg, &r, &err), 0);
    CU_ASSERT_NOT_EQUAL(memcmp(d1, r.done, sizeof d1), 0);
    hs_run_result_free(&r);
    hs_placement_free(pl);
    hs_plan_free(plan);
    hs_trace_free(tr);
    hs_graph_free(g);
    hs_device_free(d);
}

static void test_app_thread_on_cpu_by_hand(void)
{
    /* dev_two_shared: a 1-core cpu; chain3 all on it (A 10, B 20, C 5 us).
     * An app thread with 4 us of CPU work is released at 2 us: the OS runs
     * it at once, sharing the core with the inference: 8 us (2-10) for it,
     * half speed for the inference meanwhile. A: 2 us done by t=2, 4 more
     * by t=10, the last 4 at full speed: ends at 14; B 14-34; C 34-39. The
     * app is done 8 us after its release, within its 9 us deadline. */
    hs_error err;
    hs_device *d = hs_device_load_file(hs_test_fixture("dev_two_shared.json"), &err);
    hs_graph *g = hs_graph_load_file(hs_test_fixture("chain3.json"), &err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(d);
    hs_plan *plan = hs_policy_plan("cpu", d, g, NULL, &err);
    hs_placement *pl = hs_place(d, g, plan, &err);
    hs_run_config cfg = hs_run_config_default();
    cfg.frames = 1;
    cfg.n_clients = 1;
    cfg.clients[0] = (hs_client){.name = "ui", .period_ns = 1e9, .deadline_ns = 9000,
                                 .phase_ns = 2000, .n_stages = 1, .proc = {0},
                                 .work_ns = {4000}};
    hs_run_result r;
    CU_ASSERT_EQUAL_FATAL(hs_simulate(d, g, pl, NULL, &cfg, &r, &err), 0);
    CU_ASSERT_EQUAL(r.done[0], 39000);
    CU_ASSERT_EQUAL(r.client_met[0], 1);
    CU_ASSERT_DOUBLE_EQUAL(r.client_busy_ns[0], 8000, 1e-9);
    hs_run_result_free(&r);
    hs_placement_free(pl);
    hs_plan_free(plan);
    hs_graph_free(g);
    hs_device_free(d);
}

static void test_timeline_by_hand(void)
{
    /* chain3 with B on acc (see the first test): spans A cpu 0-10 us, a to
     * acc 10-24, B acc 24-35, b back 35-47, C cpu 47-52, frame 0-52; the
     * Chrome Trace JSON parses and holds them in microseconds */
    world w;
    hs_error err;
    const int procs[] = {0, 1, 0};
    CU_ASSERT_EQUAL_FATAL(setup(&w, "chain3.json", procs), 0);
    hs_timeline tl = {0};
    hs_run_config cfg = hs_run_config_default();
    cfg.frames = 1;
    cfg.timeline = &tl;
    CU_ASSERT_EQUAL_FATAL(run(&w, &cfg), 0);
    CU_ASSERT_EQUAL(tl.n, 6);
    struct { const char *track, *name; hs_time t0, t1; } want[] = {
        {"cpu", "A", 0, 10000}, {"transfer cpu -> acc", "A", 10000, 24000},
        {"acc", "B", 24000, 35000}, {"transfer acc -> cpu", "B", 35000, 47000},
        {"cpu", "C", 47000, 52000}, {"frames", "frame 0", 0, 52000}};
    for (size_t k = 0; k < tl.n && k < 6; k++) {
        CU_ASSERT_STRING_EQUAL(tl.tracks[tl.spans[k].track], want[k].track);
        CU_ASSERT_STRING_EQUAL(tl.spans[k].name, want[k].name);
        CU_ASSERT_EQUAL(tl.spans[k].t0, want[k].t0);
        CU_ASSERT_EQUAL(tl.spans[k].t1, want[k].t1);
    }
    const char *path = hs_test_tmpfile("timeline.json", "");
    FILE *f = fopen(path, "w");
    CU_ASSERT_EQUAL(hs_timeline_write(&tl, f), 0);
    fclose(f);
    cJSON *root;
    CU_ASSERT_EQUAL_FATAL(hs_json_load_file(path, &root, &err), 0);
    const cJSON *ev = cJSON_GetObjectItemCaseSensitive(root, "traceEvents");
    CU_ASSERT(cJSON_IsArray(ev));
    int complete = 0, named = 0;
    for (const cJSON *e = ev ? ev->child : NULL; e; e = e->next) {
        const char *ph = cJSON_GetObjectItemCaseSensitive(e, "ph")->valuestring;
        if (strcmp(ph, "X") == 0) {
            complete++;
            if (strcmp(cJSON_GetObjectItemCaseSensitive(e, "name")->valuestring, "B") == 0 &&
                strcmp(cJSON_GetObjectItemCaseSensitive(e, "cat")->valuestring, "op") == 0) {
                CU_ASSERT_DOUBLE_EQUAL(cJSON_GetObjectItemCaseSensitive(e, "ts")->valuedouble, 24,
                                       1e-9);
                CU_ASSERT_DOUBLE_EQUAL(cJSON_GetObjectItemCaseSensitive(e, "dur")->valuedouble,
                                       11, 1e-9);
            }
        } else if (strcmp(cJSON_GetObjectItemCaseSensitive(e, "name")->valuestring,
                          "thread_name") == 0) {
            named++;
        }
    }
    CU_ASSERT_EQUAL(complete, 6);
    CU_ASSERT_EQUAL(named, tl.n_tracks);
    cJSON_Delete(root);
    hs_timeline_free(&tl);
    teardown(&w);
}

static const cJSON *jget(const cJSON *o, const char *k)
{
    return cJSON_GetObjectItemCaseSensitive(o, k);
}

static void test_timeline_lanes_and_flows(void)
{
    /* track "link": spans [0,10] [5,15] [10,20] us overlap without nesting:
     * lanes 0, 1, 0 (the third starts when lane 0 is free), threads "link"
     * (tid 2, after "cpu" tid 1) and "link (2)" (tid 3). Job 7 on cpu [0,4]
     * produces what the second transfer carries to job 9 on cpu [16,18]:
     * flow 1 s at 2 us (cpu) -> f at 10 us (link (2)), flow 2 s at 10 us ->
     * f at 17 us (cpu); a link to a job never recorded draws nothing. */
    hs_timeline tl = {0};
    int cpu = hs_timeline_track(&tl, "cpu"), link = hs_timeline_track(&tl, "link");
    hs_timeline_span_keyed(&tl, cpu, 0, 4000, 0, "p", "op", 7);
    hs_timeline_span(&tl, link, 0, 10000, 0, "t0", "transfer");
    long t1 = hs_timeline_span_keyed(&tl, link, 5000, 15000, 0, "t1", "transfer", -1);
    long t2 = hs_timeline_span_keyed(&tl, link, 10000, 20000, 0, "t2", "sync", -1);
    hs_timeline_span_keyed(&tl, cpu, 16000, 18000, 0, "c", "op", 9);
    hs_timeline_link(&tl, t1, 7, 9);
    hs_timeline_link(&tl, t2, 42, -1);
    const char *path = hs_test_tmpfile("lanes.json", "");
    FILE *f = fopen(path, "w");
    CU_ASSERT_EQUAL(hs_timeline_write(&tl, f), 0);
    fclose(f);
    hs_error err;
    cJSON *root;
    CU_ASSERT_EQUAL_FATAL(hs_json_load_file(path, &root, &err), 0);
    const char *want_thread[] = {"cpu", "link", "link (2)"};
    int want_tid[] = {1, 2, 3, 2, 1}, x = 0, flows = 0, threads = 0;
    struct { const char *ph; double ts; int tid, id; } want_flow[] = {
        {"s", 2, 1, 1}, {"f", 10, 3, 1}, {"s", 10, 3, 2}, {"f", 17, 1, 2}};
    for (const cJSON *e = jget(root, "traceEvents")->child; e; e = e->next) {
        const char *ph = jget(e, "ph")->valuestring;
        if (strcmp(ph, "M") == 0 && strcmp(jget(e, "name")->valuestring, "thread_name") == 0) {
            CU_ASSERT_FATAL(threads < 3);
            CU_ASSERT_STRING_EQUAL(jget(jget(e, "args"), "name")->valuestring,
                                   want_thread[threads]);
            CU_ASSERT_EQUAL(jget(e, "tid")->valueint, threads + 1);
            threads++;
        } else if (strcmp(ph, "X") == 0) {
            CU_ASSERT_FATAL(x < 5);
            CU_ASSERT_EQUAL(jget(e, "tid")->valueint, want_tid[x]);
            x++;
        } else if (strcmp(ph, "s") == 0 || strcmp(ph, "f") == 0) {
            CU_ASSERT_FATAL(flows < 4);
            CU_ASSERT_STRING_EQUAL(ph, want_flow[flows].ph);
            CU_ASSERT_DOUBLE_EQUAL(jget(e, "ts")->valuedouble, want_flow[flows].ts, 1e-9);
            CU_ASSERT_EQUAL(jget(e, "tid")->valueint, want_flow[flows].tid);
            CU_ASSERT_EQUAL(jget(e, "id")->valueint, want_flow[flows].id);
            CU_ASSERT_STRING_EQUAL(jget(e, "bp")->valuestring, "e");
            flows++;
        }
    }
    CU_ASSERT_EQUAL(threads, 3);
    CU_ASSERT_EQUAL(x, 5);
    CU_ASSERT_EQUAL(flows, 4);
    cJSON_Delete(root);
    hs_timeline_free(&tl);
}

static void test_dvfs_ramp_by_hand(void)
{
    /* dev_dvfs: the cpu starts at 1 of 2 GHz (half speed). One op of 40 ms
     * of work at full speed. Tick at 10 ms: busy all the time at 1 GHz, the
     * governor wants 1.25 x 1 GHz = 2 GHz but only 20 ms after the last
     * change; at the 20 ms tick it moves up. By then 10 ms of work are done;
     * the other 30 run at full speed: the op ends at 50 ms. */
    hs_error err;
    hs_device *d = hs_device_load_file(hs_test_fixture("dev_dvfs.json"), &err);
    hs_graph *g = hs_graph_load_file(hs_test_fixture("long_op.json"), &err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(d);
    CU_ASSERT_PTR_NOT_NULL_FATAL(g);
    hs_plan *plan = hs_policy_plan("cpu", d, g, NULL, &err);
    hs_placement *pl = hs_place(d, g, plan, &err);
    hs_run_config cfg = hs_run_config_default();
    cfg.frames = 1;
    hs_run_result r;
    CU_ASSERT_EQUAL_FATAL(hs_simulate(d, g, pl, NULL, &cfg, &r, &err), 0);
    CU_ASSERT_EQUAL(r.done[0], 50000000);
    /* mean clock: 1 GHz for 20 ms, 2 GHz for 30 ms */
    CU_ASSERT_DOUBLE_EQUAL(r.mean_ghz[0], (20 * 1.0 + 30 * 2.0) / 50, 1e-9);
    hs_run_result_free(&r);
    hs_placement_free(pl);
    hs_plan_free(plan);
    hs_graph_free(g);
    hs_device_free(d);
}

static void test_contention_curve(void)
{
    /* the cpu model of devices/contention.h by hand: 4 threads on 4 cores,
     * little cores 2x slower, migration_load 1, interference 0.1 */
    hs_contention c = {HS_CONT_CPU, 0, 2.0, 1.0, 0.1, 0, 0, {0}};
    CU_ASSERT_DOUBLE_EQUAL(hs_contention_slowdown(&c, 4, 0, 1), 1.0, 1e-12);
    /* n = 1: TS 1 + ceil(1/4) = 2; MIG 1 + (1 - e^-1); INT 1.1 */
    CU_ASSERT_DOUBLE_EQUAL(hs_contention_slowdown(&c, 4, 1, 1), 2 * (2 - exp(-1)) * 1.1, 1e-12);
    /* n = 5: TS 1 + ceil(5/4) = 3; MIG 1 + (1 - e^-5); INT 1.5 */
    CU_ASSERT_DOUBLE_EQUAL(hs_contention_slowdown(&c, 4, 5, 1), 3 * (2 - exp(-5)) * 1.5, 1e-12);
    /* 2 threads on 4 cores: 2 competitors take the idle cores (TS 1) */
    c.threads = 2;
    CU_ASSERT_DOUBLE_EQUAL(hs_contention_slowdown(&c, 4, 2, 1), (2 - exp(-2)) * 1.2, 1e-12);
    hs_contention sh = {HS_CONT_SHARED, 0, 0, 0, 0, 0.25, 0, {0}};
    CU_ASSERT_DOUBLE_EQUAL(hs_contention_slowdown(&sh, 1, 3, 0.5), 1.375, 1e-12);
    hs_contention none = {HS_CONT_NONE, 0, 0, 0, 0, 0, 0, {0}};
    CU_ASSERT_DOUBLE_EQUAL(hs_contention_slowdown(&none, 1, 3, 1), 1.0, 1e-12);
}

static void test_bad_config_rejected(void)
{
    world w;
    hs_error err;
    const int procs[] = {0, 0, 0};
    CU_ASSERT_EQUAL_FATAL(setup(&w, "chain3.json", procs), 0);
    hs_run_config cfg = hs_run_config_default();
    cfg.frames = 0;
    CU_ASSERT_EQUAL(hs_simulate(w.d, w.g, w.pl, NULL, &cfg, &w.res, &err), -1);
    cfg.frames = 1;
    cfg.arrival = HS_ARRIVAL_PERIODIC;
    cfg.fps = 0;
    CU_ASSERT_EQUAL(hs_simulate(w.d, w.g, w.pl, NULL, &cfg, &w.res, &err), -1);
    HS_ASSERT_MSG(err, "fps");
    teardown(&w);
}

int hs_suite_engine(void)
{
    CU_pSuite s = CU_add_suite("engine", NULL, NULL);
    if (!s || !CU_add_test(s, "3 ops on 2 processors, by hand", test_three_ops_two_processors) ||
        !CU_add_test(s, "single processor has no transfers", test_single_processor_no_transfer) ||
        !CU_add_test(s, "fallback pays transfers both ways", test_fallback_pays_transfers_both_ways) ||
        !CU_add_test(s, "two frames in flight pipeline", test_two_frames_in_flight) ||
        !CU_add_test(s, "periodic arrivals", test_periodic_arrivals) ||
        !CU_add_test(s, "overload queues frames", test_overload_queues) ||
        !CU_add_test(s, "trace replay in order", test_trace_replay_in_order) ||
        !CU_add_test(s, "trace samples drawn from the recorded ones",
                     test_trace_sample_draws_recorded_values) ||
        !CU_add_test(s, "deterministic for a seed", test_deterministic_for_a_seed) ||
        !CU_add_test(s, "split with ratio 0 is the single plan", test_split_ratio_0_is_single) ||
        !CU_add_test(s, "split op gathers its parts", test_split_gathers_parts) ||
        !CU_add_test(s, "operator chain keeps parts local", test_chain_keeps_parts_local) ||
        !CU_add_test(s, "runtime decisions cost host time", test_runtime_decisions_cost_host_time) ||
        !CU_add_test(s, "time-sharing by hand", test_time_sharing_by_hand) ||
        !CU_add_test(s, "contention curve by hand", test_contention_curve) ||
        !CU_add_test(s, "app frame drops by hand", test_app_frame_drops_by_hand) ||
        !CU_add_test(s, "graph submission by hand", test_graph_submission_by_hand) ||
        !CU_add_test(s, "DVFS ramp by hand", test_dvfs_ramp_by_hand) ||
        !CU_add_test(s, "timeline by hand", test_timeline_by_hand) ||
        !CU_add_test(s, "timeline lanes and flows", test_timeline_lanes_and_flows) ||
        !CU_add_test(s, "app thread on the CPU by hand", test_app_thread_on_cpu_by_hand) ||
        !CU_add_test(s, "deterministic with all dynamics", test_deterministic_with_dynamics) ||
        !CU_add_test(s, "bad run config rejected", test_bad_config_rejected))
        return -1;
    return 0;
}
