/* Co-execution costs (devices/coexec_costs.h) on splits worked out by hand.
 *
 * dev_coexec: cpu and gpu each run 1 FLOP/ns with no launch cost; a transfer
 * costs 1 us + bytes / 4 (bytes/ns); the layouts differ (NCHW, image), so a
 * CPU<->GPU exchange also converts at 0.25 ns/B; meetings: 2 us when the cpu
 * waits for the gpu, 1 us the other way; each gpu part of a split op is
 * dispatched 0.5 us before it queues; while split parts run on both, the cpu
 * runs 2x and the gpu 1.5x slower; the cpu spins while it waits.
 * two_op: x[1000] -> A (10^4 FLOPs) -> a[1000] -> B (2x10^4) -> y[1000], fp32. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "devices/profile.h"
#include "policies/coexec.h"
#include "policies/policy.h"
#include "sim/engine.h"
#include "sim/estimator.h"
#include "sim/placement.h"
#include "sim/predict.h"
#include "sim/timeline.h"
#include "tests/test_util.h"

static hs_device *dev(int with_costs)
{
    hs_error err;
    hs_device *d = hs_device_load_file(hs_test_fixture("dev_coexec.json"), &err);
    if (d && !with_costs)
        memset(&d->coexec, 0, sizeof d->coexec), d->coexec.accel = -1;
    return d;
}

/* A whole on `a_proc`; B split between cpu (share 1 - r) and gpu (r). */
static hs_plan *plan_b_split(int a_proc, double r)
{
    hs_plan *p = hs_plan_new(2, "test");
    hs_plan_set(p, 0, a_proc);
    const int procs[2] = {0, 1};
    const double fr[2] = {1 - r, r};
    hs_plan_split(p, 1, HS_SPLIT_OUT_C, 2, procs, fr, -1);
    return p;
}

/* Simulate one frame; its latency (ns), the result kept in *r (freed by the caller). */
static hs_time run1(const hs_device *d, const hs_graph *g, const hs_plan *plan, hs_run_result *r)
{
    hs_error err;
    hs_placement *pl = hs_place(d, g, plan, &err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(pl);
    hs_run_config cfg = hs_run_config_default();
    cfg.frames = 1;
    int rc = hs_simulate(d, g, pl, NULL, &cfg, r, &err);
    hs_placement_free(pl);
    CU_ASSERT_EQUAL_FATAL(rc, 0);
    return r->done[0] - r->arrival[0];
}

static void test_split_half_by_hand(void)
{
    /* A on cpu 0-10000. a (4000 B) to gpu for B.gpu: meeting (gpu waits for
     * the cpu) 1000, then 1000 + 4000/4 + 0.25 x 4000 = 3000: at 14000; its
     * dispatch 500: B.gpu starts 14500 (work 10000). B.cpu starts 10000 (work
     * 10000) alone until 14500 (4500 done); then both split parts run: cpu at
     * 1/2 (5500 left -> 11000 ns, ends 25500), gpu at 1/1.5 (11000 ns do
     * 7333.3); alone again it ends 25500 + 2666.7 = 28167 (rounded). Its half
     * of y (2000 B) to the host: meeting (the cpu waits) 2000, then 1000 + 500
     * + 500: done at 28167 + 4000 = 32167. */
    hs_error err;
    hs_device *d = dev(1);
    hs_graph *g = hs_graph_load_file(hs_test_fixture("two_op.json"), &err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(d);
    CU_ASSERT_PTR_NOT_NULL_FATAL(g);
    hs_plan *p = plan_b_split(0, 0.5);
    hs_run_result r;
    CU_ASSERT_EQUAL(run1(d, g, p, &r), 32167);
    CU_ASSERT_EQUAL(r.syncs, 2);
    CU_ASSERT_DOUBLE_EQUAL(r.sync_ns, 1000 + 500 + 2000, 1e-9);
    CU_ASSERT_DOUBLE_EQUAL(r.spin_ns, 2000, 1e-9); /* the cpu spun while it waited */
    CU_ASSERT_DOUBLE_EQUAL(r.busy_ns[0], 10000 + 15500 + 2000, 1e-9); /* A, B.cpu, the spin */
    CU_ASSERT_DOUBLE_EQUAL(r.transfer_ns, 3000 + 2000, 1e-9);
    hs_run_result_free(&r);
    /* yielding instead: the same latency, the cpu sleeps through its wait */
    d->coexec.wait = HS_WAIT_YIELD;
    CU_ASSERT_EQUAL(run1(d, g, p, &r), 32167);
    CU_ASSERT_DOUBLE_EQUAL(r.spin_ns, 0, 1e-9);
    CU_ASSERT_DOUBLE_EQUAL(r.busy_ns[0], 10000 + 15500, 1e-9);
    hs_run_result_free(&r);
    /* the same plan with no co-execution costs: a reaches the gpu at
     * 10000 + 1000 + 1000 = 12000, B.gpu 12000-22000, B.cpu 10000-20000,
     * y's gpu half (2000 B) at 22000 + 1000 + 500 = 23500 */
    hs_device *bare = dev(0);
    CU_ASSERT_EQUAL(run1(bare, g, p, &r), 23500);
    CU_ASSERT_EQUAL(r.syncs, 0);
    CU_ASSERT_DOUBLE_EQUAL(r.sync_ns, 0, 1e-9);
    hs_run_result_free(&r);
    hs_plan_free(p);
    hs_device_free(bare);
    hs_device_free(d);
    hs_graph_free(g);
}

static void test_sync_spans_on_the_timeline(void)
{
    /* the split 50/50 above: the gpu's meeting before a crosses (10000-
     * 11000, track "sync gpu"), B.gpu's dispatch (14000-14500, "sync gpu"),
     * the cpu spinning in its meeting before y's half crosses (28167-30167,
     * a job on the cpu's own track, category "sync") */
    hs_error err;
    hs_device *d = dev(1);
    hs_graph *g = hs_graph_load_file(hs_test_fixture("two_op.json"), &err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(d);
    CU_ASSERT_PTR_NOT_NULL_FATAL(g);
    hs_plan *p = plan_b_split(0, 0.5);
    hs_placement *pl = hs_place(d, g, p, &err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(pl);
    hs_timeline tl = {0};
    hs_run_config cfg = hs_run_config_default();
    cfg.frames = 1;
    cfg.timeline = &tl;
    hs_run_result r;
    CU_ASSERT_EQUAL_FATAL(hs_simulate(d, g, pl, NULL, &cfg, &r, &err), 0);
    struct { const char *track, *cat; hs_time t0, t1; } want[] = {
        {"sync gpu", "sync", 10000, 11000},
        {"sync gpu", "split dispatch", 14000, 14500},
        {"cpu", "sync", 28167, 30167}};
    int found = 0;
    for (size_t k = 0; k < tl.n; k++)
        for (size_t w = 0; w < 3; w++)
            if (strcmp(tl.tracks[tl.spans[k].track], want[w].track) == 0 &&
                strcmp(tl.spans[k].cat, want[w].cat) == 0 && tl.spans[k].t0 == want[w].t0 &&
                tl.spans[k].t1 == want[w].t1)
                found++;
    CU_ASSERT_EQUAL(found, 3);
    hs_timeline_free(&tl);
    hs_run_result_free(&r);
    hs_placement_free(pl);
    hs_plan_free(p);
    hs_device_free(d);
    hs_graph_free(g);
}

static void test_split_ratio_0_no_sync(void)
{
    /* B split 1:0 is B whole on the cpu: A 10000 + B 20000, nothing crosses */
    hs_error err;
    hs_device *d = dev(1);
    hs_graph *g = hs_graph_load_file(hs_test_fixture("two_op.json"), &err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(d);
    CU_ASSERT_PTR_NOT_NULL_FATAL(g);
    hs_plan *p = plan_b_split(0, 0.0), *one = hs_plan_new(2, "one");
    hs_plan_set(one, 0, 0);
    hs_plan_set(one, 1, 0);
    CU_ASSERT_EQUAL(memcmp(p->ops, one->ops, 2 * sizeof *p->ops), 0);
    hs_run_result r;
    CU_ASSERT_EQUAL(run1(d, g, p, &r), 30000);
    CU_ASSERT_EQUAL(r.syncs, 0);
    CU_ASSERT_DOUBLE_EQUAL(r.sync_ns, 0, 1e-9);
    hs_run_result_free(&r);
    hs_plan_free(p);
    hs_plan_free(one);
    hs_device_free(d);
    hs_graph_free(g);
}

static void test_whole_op_handoff_meets(void)
{
    /* A on gpu, B on cpu: x (4000 B) to the gpu is a graph input, no
     * meeting: 1000 + 1000 + 1000 = 3000; A 3000-13000; a to the cpu: the
     * cpu waits 2000, then 3000: B 18000-38000 on the host. */
    hs_error err;
    hs_device *d = dev(1);
    hs_graph *g = hs_graph_load_file(hs_test_fixture("two_op.json"), &err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(d);
    CU_ASSERT_PTR_NOT_NULL_FATAL(g);
    hs_plan *p = hs_plan_new(2, "test");
    hs_plan_set(p, 0, 1);
    hs_plan_set(p, 1, 0);
    hs_run_result r;
    CU_ASSERT_EQUAL(run1(d, g, p, &r), 38000);
    CU_ASSERT_EQUAL(r.syncs, 1);
    hs_run_result_free(&r);
    hs_plan_free(p);
    hs_device_free(d);
    hs_graph_free(g);
}

static void test_buffer_kernels_slower(void)
{
    /* a plan on OpenCL buffers: the gpu's tasks take buffer_slowdown (3x)
     * longer. Both ops on the gpu, x there at 3000 (see above). */
    hs_error err;
    hs_device *d = dev(1);
    hs_graph *g = hs_graph_load_file(hs_test_fixture("two_op.json"), &err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(d);
    CU_ASSERT_PTR_NOT_NULL_FATAL(g);
    d->coexec.buffer_slowdown = 3.0;
    hs_plan *p = hs_plan_new(2, "test");
    hs_plan_set(p, 0, 1);
    hs_plan_set(p, 1, 1);
    hs_run_result r;
    /* A 3000-13000, B 13000-33000, y back: 2000 + 1000 + 1000 + 1000 */
    CU_ASSERT_EQUAL(run1(d, g, p, &r), 38000);
    hs_run_result_free(&r);
    p->gpu_buffers = 1; /* A 3000-33000, B 33000-93000, y back 5000 */
    CU_ASSERT_EQUAL(run1(d, g, p, &r), 98000);
    hs_run_result_free(&r);
    hs_plan_free(p);
    hs_device_free(d);
    hs_graph_free(g);
}

static void test_parts_predictor_by_hand(void)
{
    /* the policies' per-op terms: parts of 10000 (cpu) and 8000 (gpu) ns:
     * max(10000 x 2, 500 + 8000 x 1.5) = 20000; one part alone: itself;
     * a handoff of 4000 B cpu -> gpu: 3000 + meeting 1000 */
    hs_device *d = dev(1);
    CU_ASSERT_PTR_NOT_NULL_FATAL(d);
    CU_ASSERT_DOUBLE_EQUAL(hs_coexec_parts_ns(d, 0, 1, 10000, 8000), 20000, 1e-9);
    CU_ASSERT_DOUBLE_EQUAL(hs_coexec_parts_ns(d, 0, 1, 0, 8000), 8000, 1e-9);
    CU_ASSERT_DOUBLE_EQUAL(hs_coexec_handoff_ns(d, 0, 1, 4000), 4000, 1e-9);
    CU_ASSERT_DOUBLE_EQUAL(hs_coexec_handoff_ns(d, 1, 0, 4000), 5000, 1e-9);
    CU_ASSERT_DOUBLE_EQUAL(hs_coexec_handoff_ns(d, 1, 1, 4000), 0, 1e-9);
    hs_device_free(d);
}

static void test_guard_replaces_slower_plan(void)
{
    /* the split plan is predicted at 32167 ns, the cpu alone at 30000: the
     * guard replaces it by the cpu plan */
    hs_error err;
    hs_device *d = dev(1);
    hs_graph *g = hs_graph_load_file(hs_test_fixture("two_op.json"), &err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(d);
    CU_ASSERT_PTR_NOT_NULL_FATAL(g);
    hs_estimator e = {d, g, NULL};
    hs_policy_ctx c = {d, g, &e, NULL};
    hs_plan *p = plan_b_split(0, 0.5);
    CU_ASSERT_EQUAL_FATAL(hs_plan_predict(&e, p, HS_PREDICT_STATIC, &p->predicted_ns, &err), 0);
    CU_ASSERT_DOUBLE_EQUAL(p->predicted_ns, 32167, 1e-9);
    CU_ASSERT_EQUAL_FATAL(hs_coexec_guard(&c, p, &err), 0);
    CU_ASSERT_EQUAL(p->fell_back, 1);
    CU_ASSERT_EQUAL(p->single_proc, 0);
    CU_ASSERT_DOUBLE_EQUAL(p->single_ns, 30000, 1e-9);
    CU_ASSERT_DOUBLE_EQUAL(p->own_ns, 32167, 1e-9);
    CU_ASSERT_DOUBLE_EQUAL(p->predicted_ns, 30000, 1e-9);
    CU_ASSERT_EQUAL(p->ops[1].n_parts, 1);
    CU_ASSERT_EQUAL(p->ops[1].proc[0], 0);
    hs_plan_free(p);
    hs_device_free(d);
    hs_graph_free(g);
}

/* Property: over the fixture devices and models, codl and heft never keep a
 * plan predicted slower than the best single processor. */
static void test_policies_never_slower_than_single(void)
{
    const char *devs[] = {"dev_coexec.json", "dev_two.json"};
    const char *models[] = {"two_op.json", "chain3.json", "three_op.json", "forkjoin.json"};
    const char *pols[] = {"codl", "heft"};
    for (size_t a = 0; a < 2; a++)
        for (size_t b = 0; b < 4; b++)
            for (size_t k = 0; k < 2; k++) {
                hs_error err;
                hs_device *d = hs_device_load_file(hs_test_fixture(devs[a]), &err);
                hs_graph *g = hs_graph_load_file(hs_test_fixture(models[b]), &err);
                CU_ASSERT_PTR_NOT_NULL_FATAL(d);
                CU_ASSERT_PTR_NOT_NULL_FATAL(g);
                hs_plan *p = hs_policy_plan(pols[k], d, g, NULL, &err);
                CU_ASSERT_PTR_NOT_NULL(p);
                if (p) {
                    CU_ASSERT(p->single_proc >= 0);
                    CU_ASSERT(p->predicted_ns <= p->single_ns + 1e-6);
                }
                hs_plan_free(p);
                hs_device_free(d);
                hs_graph_free(g);
            }
}

/* dev_coexec with two gpu clock levels, 0.5 and 1 GHz, no settle time */
static hs_device *dev_gpu_dvfs(void)
{
    hs_error err;
    const char *path = hs_test_fixture("dev_coexec.json");
    FILE *f = fopen(path, "r");
    static char text[8192];
    size_t n = f ? fread(text, 1, sizeof text - 1, f) : 0;
    if (f)
        fclose(f);
    text[n] = 0;
    const char *key = "\"layout\": \"image\"";
    char *at = strstr(text, key);
    if (!at)
        return NULL;
    static char out[9000];
    snprintf(out, sizeof out, "%.*s%s, \"dvfs\": {\"source\": \"test\", \"up_ms\": 0, "
                              "\"down_ms\": 0, \"opps\": [{\"ghz\": 0.5, \"power_mw\": 0}, "
                              "{\"ghz\": 1.0, \"power_mw\": 0}]}%s",
             (int)(at - text), text, key, at + strlen(key));
    return hs_device_load_file(hs_test_tmpfile("dev_coexec_dvfs.json", out), &err);
}

static void test_governor_sees_idle_gaps(void)
{
    /* Clocks start at the lowest level (0.5 GHz); every 10 ms the governor
     * moves up only when 1.25 x utilisation x 0.5 GHz needs more than 0.5,
     * i.e. above 80 % busy. A and B both on the gpu: per frame x comes in
     * (3 us, a graph input: no meeting), A + B take 60 us at 0.5 GHz, y goes
     * back (meeting 2 + 3 us): 60 / 68 = 88 % busy, so the clock rises to
     * 1 GHz (30 / 38 = 79 % there, still asking for the top). A on the cpu,
     * B on the gpu: the gpu waits for the cpu every frame (A 10 us, a's
     * meeting 1 + transfer 3 us, B 40 us, y back 5 us): 40 / 59 = 68 %
     * busy, so it stays at 0.5 GHz for the whole run. */
    hs_error err;
    hs_device *d = dev_gpu_dvfs();
    hs_graph *g = hs_graph_load_file(hs_test_fixture("two_op.json"), &err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(d);
    CU_ASSERT_PTR_NOT_NULL_FATAL(g);
    double ghz[2];
    for (int k = 0; k < 2; k++) {
        hs_plan *p = hs_plan_new(2, "test");
        hs_plan_set(p, 0, k == 0 ? 1 : 0);
        hs_plan_set(p, 1, 1);
        hs_placement *pl = hs_place(d, g, p, &err);
        CU_ASSERT_PTR_NOT_NULL_FATAL(pl);
        hs_run_config cfg = hs_run_config_default();
        cfg.frames = 2000; /* tens of ms: several governor ticks */
        hs_run_result r;
        CU_ASSERT_EQUAL_FATAL(hs_simulate(d, g, pl, NULL, &cfg, &r, &err), 0);
        CU_ASSERT(r.t_end > 30 * 1000000LL);
        ghz[k] = r.mean_ghz[1];
        hs_run_result_free(&r);
        hs_placement_free(pl);
        hs_plan_free(p);
    }
    CU_ASSERT(ghz[0] > 0.9);                  /* both on the gpu: 1 GHz after 10 ms */
    CU_ASSERT_DOUBLE_EQUAL(ghz[1], 0.5, 1e-9); /* waiting for the cpu: never up */
    hs_device_free(d);
    hs_graph_free(g);
}

static void test_loader_reads_coexec(void)
{
    hs_device *d = dev(1);
    CU_ASSERT_PTR_NOT_NULL_FATAL(d);
    CU_ASSERT(d->coexec.present);
    CU_ASSERT_EQUAL(d->coexec.accel, 1);
    CU_ASSERT_EQUAL(d->coexec.wait, HS_WAIT_SPIN);
    CU_ASSERT_DOUBLE_EQUAL(d->coexec.buffer_slowdown, 1.0, 0);
    CU_ASSERT_EQUAL(hs_coexec_meeting_ns(d, 1, 0), 2000);
    CU_ASSERT_EQUAL(hs_coexec_meeting_ns(d, 0, 1), 1000);
    CU_ASSERT_EQUAL(hs_coexec_dispatch_ns(d, 1), 500);
    CU_ASSERT_EQUAL(hs_coexec_dispatch_ns(d, 0), 0);
    hs_device_free(d);
    /* absent: no co-execution costs at all */
    hs_error err;
    d = hs_device_load_file(hs_test_fixture("dev_two.json"), &err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(d);
    CU_ASSERT_FALSE(d->coexec.present);
    CU_ASSERT_EQUAL(hs_coexec_meeting_ns(d, 1, 0), 0);
    CU_ASSERT_DOUBLE_EQUAL(hs_coexec_interference(d, 0), 1.0, 0);
    hs_device_free(d);
}

int hs_suite_coexec(void)
{
    CU_pSuite s = CU_add_suite("coexec", NULL, NULL);
    return s && CU_add_test(s, "split 50/50 by hand", test_split_half_by_hand) &&
                   CU_add_test(s, "sync spans on the timeline", test_sync_spans_on_the_timeline) &&
                   CU_add_test(s, "split ratio 0: single plan, no sync", test_split_ratio_0_no_sync) &&
                   CU_add_test(s, "whole-op handoff meets", test_whole_op_handoff_meets) &&
                   CU_add_test(s, "buffer kernels slower", test_buffer_kernels_slower) &&
                   CU_add_test(s, "policies' per-op terms by hand", test_parts_predictor_by_hand) &&
                   CU_add_test(s, "guard replaces a slower plan", test_guard_replaces_slower_plan) &&
                   CU_add_test(s, "codl/heft never slower than single",
                               test_policies_never_slower_than_single) &&
                   CU_add_test(s, "governor sees idle gaps", test_governor_sees_idle_gaps) &&
                   CU_add_test(s, "loader reads coexec", test_loader_reads_coexec)
               ? 0
               : -1;
}
