/* Statistics against values worked out by hand. */
#include <math.h>
#include <string.h>

#include "analysis/stats.h"
#include "tests/test_util.h"

static void test_summary_by_hand(void)
{
    /* {1, 2, 3, 4}: mean 2.5, sd sqrt(5/3) = 1.29099, t(0.975, 3) = 3.18245,
     * half-width 3.18245 x 1.29099 / 2 = 2.05426; median 2.5 */
    const double x[] = {4, 1, 3, 2};
    hs_summary s;
    hs_summarize(x, 4, &s);
    CU_ASSERT_EQUAL(s.n, 4);
    CU_ASSERT_DOUBLE_EQUAL(s.mean, 2.5, 1e-12);
    CU_ASSERT_DOUBLE_EQUAL(s.sd, sqrt(5.0 / 3.0), 1e-12);
    CU_ASSERT_DOUBLE_EQUAL(s.ci95, 3.182446305 * sqrt(5.0 / 3.0) / 2, 1e-6);
    CU_ASSERT_DOUBLE_EQUAL(s.p50, 2.5, 1e-12);
    CU_ASSERT_DOUBLE_EQUAL(s.min, 1, 0);
    CU_ASSERT_DOUBLE_EQUAL(s.max, 4, 0);
    const double one[] = {7};
    hs_summarize(one, 1, &s);
    CU_ASSERT_DOUBLE_EQUAL(s.ci95, 0, 0);
}

static void test_compare_by_hand(void)
{
    /* Welch: a = {1..4}, b = {2..5}: t = -1 / sqrt(2 x (5/3) / 4) = -1.09545,
     * df = 6, two-sided p = 0.31533 (regularized incomplete beta, computed
     * separately); speedup 2.5 / 3.5 */
    const double a[] = {1, 2, 3, 4}, b[] = {2, 3, 4, 5};
    hs_summary sa, sb;
    hs_summarize(a, 4, &sa);
    hs_summarize(b, 4, &sb);
    double sp, ci, p;
    hs_compare(&sa, &sb, &sp, &ci, &p);
    CU_ASSERT_DOUBLE_EQUAL(sp, 2.5 / 3.5, 1e-12);
    CU_ASSERT_DOUBLE_EQUAL(p, 0.3153336, 1e-5);
    /* delta method: r sqrt(va/ma^2 + vb/mb^2), va = vb = (5/3)/4 */
    double se = (2.5 / 3.5) * sqrt((5.0 / 12) / 6.25 + (5.0 / 12) / 12.25);
    CU_ASSERT_DOUBLE_EQUAL(ci, 2.446911852 * se, 1e-6);
    /* no spread: the difference is exact */
    const double c[] = {10, 10, 10}, d[] = {5, 5, 5};
    hs_summary sc, sd;
    hs_summarize(c, 3, &sc);
    hs_summarize(d, 3, &sd);
    hs_compare(&sc, &sd, &sp, &ci, &p);
    CU_ASSERT_DOUBLE_EQUAL(sp, 2, 1e-12);
    CU_ASSERT_DOUBLE_EQUAL(ci, 0, 0);
    CU_ASSERT_DOUBLE_EQUAL(p, 0, 0);
}

static void test_stats_table_errors(void)
{
    hs_error err;
    const char *p = hs_test_tmpfile("r.csv", "policy,seed,lat\ngpu,1,2.0\ngpu,2,x\n");
    FILE *f = tmpfile();
    CU_ASSERT_EQUAL(hs_stats_run(p, "policy", "lat", NULL, 1, f, &err), -1);
    HS_ASSERT_MSG(err, "r.csv:3", "column lat", "\"x\"");
    CU_ASSERT_EQUAL(hs_stats_run(p, "policy", "latency", NULL, 1, f, &err), -1);
    HS_ASSERT_MSG(err, "r.csv", "\"latency\"");
    p = hs_test_tmpfile("r2.csv", "policy,seed,lat\ngpu,1,2.0,9\n");
    CU_ASSERT_EQUAL(hs_stats_run(p, "policy", "lat", NULL, 1, f, &err), -1);
    HS_ASSERT_MSG(err, "r2.csv:2", "3 columns");
    /* a good one: gpu {2, 4}, cpu {8, 8} vs gpu: speedup 3 / 8 */
    p = hs_test_tmpfile("r3.csv", "policy,seed,lat\ngpu,1,2\ncpu,1,8\ngpu,2,4\ncpu,2,8\n");
    rewind(f);
    CU_ASSERT_EQUAL(hs_stats_run(p, "policy", "lat", "gpu", 1, f, &err), 0);
    rewind(f);
    char line[256];
    CU_ASSERT_PTR_NOT_NULL(fgets(line, sizeof line, f));
    CU_ASSERT_PTR_NOT_NULL(fgets(line, sizeof line, f));
    CU_ASSERT(hs_test_msg_has(line, "gpu,lat,,2,3,", (char *)NULL));
    CU_ASSERT_PTR_NOT_NULL(fgets(line, sizeof line, f));
    CU_ASSERT(hs_test_msg_has(line, "cpu,lat,,2,8,0,0,8,8,8,0.375,", (char *)NULL));
    fclose(f);
    /* the table names the metric and its unit; an empty key shows as "-" */
    p = hs_test_tmpfile("r4.csv", "policy,scenario,util_gpu\ngpu,,0.5\ngpu,,0.7\n");
    f = tmpfile();
    CU_ASSERT_EQUAL(hs_stats_run(p, "policy,scenario", "util_gpu", NULL, 0, f, &err), 0);
    rewind(f);
    CU_ASSERT_PTR_NOT_NULL(fgets(line, sizeof line, f));
    CU_ASSERT_STRING_EQUAL(line, "util_gpu: utilization of the busiest GPU (fraction of time "
                                 "busy 0..1), over the rows of each group\n");
    CU_ASSERT_PTR_NOT_NULL(fgets(line, sizeof line, f));
    CU_ASSERT_PTR_NOT_NULL(fgets(line, sizeof line, f));
    CU_ASSERT(hs_test_msg_has(line, "gpu              -                   2          0.6 ",
                              (char *)NULL));
    fclose(f);
}

static void test_metric_units(void)
{
    /* every numeric column of `hetsim run -f csv` has a unit, no text a comma */
    const char *cols[] = {"lat_mean_ms", "lat_std_ms", "lat_p50_ms", "lat_p90_ms", "lat_p99_ms",
                          "lat_max_ms", "throughput_fps", "util_cpu", "util_gpu", "util_dsp",
                          "util_npu", "fallback_ops", "n_ops", "unsupported_ratio",
                          "serial_ratio", "transfer_share", "transfers_per_frame", "sched_share",
                          "slo_ms", "slo_rate", "app_drop_rate", "reused_share", "work_share",
                          "quality", "predicted_ms", "estimate_gap", "estimate_error", "prune",
                          "accuracy", "src_trace", "src_fitted", "src_roofline", "fps", "frames"};
    for (size_t k = 0; k < sizeof cols / sizeof cols[0]; k++) {
        const char *what, *unit;
        hs_metric_describe(cols[k], &what, &unit);
        CU_ASSERT(*unit != '\0');
        CU_ASSERT_PTR_NULL(strchr(unit, ','));
        CU_ASSERT_PTR_NULL(strchr(what, ','));
    }
    const char *what, *unit;
    hs_metric_describe("sim_mean_ms", &what, &unit); /* by suffix */
    CU_ASSERT_STRING_EQUAL(unit, "ms");
    hs_metric_describe("hit_rate", &what, &unit);
    CU_ASSERT_STRING_EQUAL(unit, "fraction 0..1");
    hs_metric_describe("widgets", &what, &unit);
    CU_ASSERT_STRING_EQUAL(unit, "");
    CU_ASSERT_STRING_EQUAL(what, "widgets");
}

int hs_suite_stats(void)
{
    CU_pSuite s = CU_add_suite("stats", NULL, NULL);
    if (!s || !CU_add_test(s, "summary by hand", test_summary_by_hand) ||
        !CU_add_test(s, "Welch and speedup by hand", test_compare_by_hand) ||
        !CU_add_test(s, "stats table and its errors", test_stats_table_errors) ||
        !CU_add_test(s, "metrics' units", test_metric_units))
        return -1;
    return 0;
}
