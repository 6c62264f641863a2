/* An OpenCL device on the CPU's own cores (PoCL), as a native host profile
 * describes it: measured contention tables and "shares_cores".
 *
 * dev_cores_shared: cpu and cl both run 1 FLOP/ns with no launch cost and
 * free transfers. cpu's measured slowdown is [1, 2, 3] at 0, 1, 2
 * competitors, cl's [1, 1.5, 2.5]; while cl works it counts as 1 competitor
 * on the cpu, while the cpu works it counts as 2 on cl. chain3: A 10^4,
 * B 2x10^4, C 5x10^3 FLOPs. */
#include <math.h>
#include <string.h>

#include "devices/profile.h"
#include "policies/policy.h"
#include "sim/engine.h"
#include "sim/placement.h"
#include "tests/test_util.h"

static void test_measured_table(void)
{
    hs_contention c = {.model = HS_CONT_MEASURED, .n_points = 3, .points = {1, 2, 3.5}};
    CU_ASSERT_DOUBLE_EQUAL(hs_contention_slowdown(&c, 2, 0, 1), 1.0, 1e-12);
    CU_ASSERT_DOUBLE_EQUAL(hs_contention_slowdown(&c, 2, 1, 1), 2.0, 1e-12);
    CU_ASSERT_DOUBLE_EQUAL(hs_contention_slowdown(&c, 2, 1, 0.5), 1.5, 1e-12);   /* load 0.5 */
    CU_ASSERT_DOUBLE_EQUAL(hs_contention_slowdown(&c, 2, 3, 0.5), 2.75, 1e-12);  /* load 1.5 */
    CU_ASSERT_DOUBLE_EQUAL(hs_contention_slowdown(&c, 2, 4, 1), 6.5, 1e-12);     /* 3.5 + 2 x 1.5 */
    hs_contention one = {.model = HS_CONT_MEASURED, .n_points = 1, .points = {1}};
    CU_ASSERT_DOUBLE_EQUAL(hs_contention_slowdown(&one, 2, 3, 1), 1.0, 1e-12);
}

static void test_loader_reads_sharing(void)
{
    hs_error err;
    hs_device *d = hs_device_load_file(hs_test_fixture("dev_cores_shared.json"), &err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(d);
    CU_ASSERT_STRING_EQUAL(d->recorded, "native");
    CU_ASSERT_EQUAL(d->procs[0].shares_with, 1);
    CU_ASSERT_DOUBLE_EQUAL(d->procs[0].shares_load, 1.0, 0);
    CU_ASSERT_EQUAL(d->procs[1].shares_with, 0);
    CU_ASSERT_EQUAL(d->procs[1].contention.n_points, 3);
    CU_ASSERT_DOUBLE_EQUAL(d->procs[1].contention.points[2], 2.5, 0);
    hs_device_free(d);
}

static void test_loader_rejects_bad_sharing(void)
{
    static const char *const bad[][2] = {
        {"\"shares_cores\": {\"with\": \"gpu9\", \"load\": 1, \"source\": \"t\"}",
         "shares_cores.with"},
        {"\"shares_cores\": {\"with\": \"cpu\", \"load\": 1, \"source\": \"t\"}",
         "another processor"},
        {"\"shares_cores\": {\"with\": \"cl\", \"load\": -1, \"source\": \"t\"}",
         "shares_cores.load"},
        {"\"contention\": {\"model\": \"measured\", \"slowdown\": [], \"source\": \"t\"}",
         "slowdown: expected 1 to 17"},
        {"\"contention\": {\"model\": \"measured\", \"slowdown\": [1, \"x\"], \"source\": \"t\"}",
         "slowdown[1]"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char text[2048];
        snprintf(text, sizeof text,
                 "{\"format\": \"hetsim-device\", \"version\": 1, \"name\": \"x\", \"host\": "
                 "\"cpu\", \"dram_bandwidth_gbps\": 10, \"processors\": ["
                 "{\"name\": \"cpu\", \"kind\": \"cpu\", \"dtypes\": [\"fp32\"], "
                 "\"peak_gflops\": {\"fp32\": 1}, \"mem_bandwidth_gbps\": 1, "
                 "\"launch_overhead_us\": 0, %s},"
                 "{\"name\": \"cl\", \"kind\": \"gpu\", \"dtypes\": [\"fp32\"], "
                 "\"peak_gflops\": {\"fp32\": 1}, \"mem_bandwidth_gbps\": 1, "
                 "\"launch_overhead_us\": 0}],"
                 "\"transfers\": {\"default\": {\"latency_us\": 0, \"bandwidth_gbps\": 1}}}",
                 bad[i][0]);
        hs_error err = {0};
        const char *path = hs_test_tmpfile("bad_share.json", text);
        CU_ASSERT_PTR_NULL(hs_device_load_file(path, &err));
        HS_ASSERT_MSG(err, "bad_share.json", bad[i][1]);
    }
}

static hs_time one_frame(const char *policy, int split_b, int competitors, double duty)
{
    hs_error err;
    hs_device *d = hs_device_load_file(hs_test_fixture("dev_cores_shared.json"), &err);
    hs_graph *g = hs_graph_load_file(hs_test_fixture("chain3.json"), &err);
    if (!d || !g)
        return -1;
    hs_plan *plan = hs_policy_plan(policy, d, g, NULL, &err);
    if (split_b) {
        const int procs[] = {0, 1};
        const double fr[] = {0.5, 0.5};
        hs_plan_split(plan, 1, HS_SPLIT_OUT_C, 2, procs, fr, -1);
    }
    hs_placement *pl = hs_place(d, g, plan, &err);
    hs_run_config cfg = hs_run_config_default();
    cfg.frames = 1;
    if (competitors) {
        cfg.n_competitors = 1;
        cfg.competitors[0] = (hs_competitor){0, competitors, duty, 0, -1};
    }
    hs_run_result r;
    hs_time t = -1;
    if (pl && hs_simulate(d, g, pl, NULL, &cfg, &r, &err) == 0) {
        t = r.done[0] - r.arrival[0];
        hs_run_result_free(&r);
    }
    hs_placement_free(pl);
    hs_plan_free(plan);
    hs_graph_free(g);
    hs_device_free(d);
    return t;
}

static void test_coexecution_slows_both(void)
{
    /* cpu policy, B split 50/50 over cpu and cl. A (cpu) 0-10000 alone.
     * B.cpu and B.cl (10^4 each) start at 10000: the cpu sees cl as 1
     * competitor (2x, speed 0.5), cl sees the cpu as 2 (2.5x, speed 0.4).
     * B.cpu ends at 30000; cl has done 8000 by then and runs the last 2000
     * alone: 32000. C (cpu) 32000-37000. Without sharing: 25000. */
    CU_ASSERT_EQUAL(one_frame("cpu", 1, 0, 0), 37000);
    CU_ASSERT_EQUAL(one_frame("cpu", 0, 0, 0), 35000); /* cl idle: no slowdown */
}

static void test_hogs_on_cpu_slow_cl(void)
{
    /* a competitor on the cpu busy half the time (load 0.5): the gpu policy
     * runs everything on cl, whose table gives 1.25x on the same cores:
     * 35000 x 1.25 = 43750; the cpu policy 1.5x: 52500 */
    CU_ASSERT_EQUAL(one_frame("gpu", 0, 1, 0.5), 43750);
    CU_ASSERT_EQUAL(one_frame("cpu", 0, 1, 0.5), 52500);
    /* one hog and co-execution together: while both work, the cpu sees load
     * 1 + 1 = 2 (3x), cl sees 1 + 2 = 3 (2.5 + 1 = 3.5x, extrapolated).
     * A (cpu, hog only, 2x) 0-20000; B halves from 20000: cpu speed 1/3,
     * cl 1/3.5; B.cpu ends at 50000, cl has done 30000 / 3.5 = 8571.43, the
     * remaining 1428.57 at 1/1.5 (hog only): 52142.86 -> 52143; C 2x: 62143 */
    CU_ASSERT_EQUAL(one_frame("cpu", 1, 1, 1.0), 62143);
}

int hs_suite_shared_cores(void)
{
    CU_pSuite s = CU_add_suite("shared_cores", NULL, NULL);
    if (!s || !CU_add_test(s, "measured contention table", test_measured_table) ||
        !CU_add_test(s, "loader reads shares_cores", test_loader_reads_sharing) ||
        !CU_add_test(s, "loader rejects bad sharing", test_loader_rejects_bad_sharing) ||
        !CU_add_test(s, "co-execution on shared cores, by hand", test_coexecution_slows_both) ||
        !CU_add_test(s, "hogs on the cpu slow the OpenCL device", test_hogs_on_cpu_slow_cl))
        return -1;
    return 0;
}
