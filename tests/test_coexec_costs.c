/* Native validation's numbers, by hand: the paired statistics of hetsim
 * validate (analysis/paired.h), the measured contention by op length
 * (devices/contention.h) and the profile's "coexec" block and
 * "by_duration" tables read by the loader (devices/coexec_costs.h). */
#include <math.h>
#include <string.h>

#include "analysis/paired.h"
#include "devices/contention.h"
#include "devices/profile.h"
#include "tests/test_util.h"

static void test_paired_by_hand(void)
{
    /* errors 0, 10, 20 %: mean 10, sd 10; t(0.975, 2) = 4.302653 ->
     * half width 4.302653 x 10 / sqrt(3) = 24.8414; recordings disagree by
     * 10 % (10 -> 11) and 9.0909 % (11 -> 12): rms sqrt((100 + 82.6446) / 2)
     * = 9.5563; |10| - 24.84 <= 9.56: within noise */
    double sim[] = {10, 11, 12}, meas[] = {10, 10, 10};
    hs_paired p;
    CU_ASSERT_EQUAL_FATAL(hs_paired_stats(sim, meas, 3, &p), 0);
    CU_ASSERT_EQUAL(p.n, 3);
    CU_ASSERT_DOUBLE_EQUAL(p.err_mean_pct, 10.0, 1e-12);
    CU_ASSERT_DOUBLE_EQUAL(p.err_sd_pct, 10.0, 1e-12);
    CU_ASSERT_DOUBLE_EQUAL(p.err_ci_pct, 24.8414, 1e-3);
    CU_ASSERT_DOUBLE_EQUAL(p.noise_floor_pct, 9.5563, 1e-3);
    CU_ASSERT_EQUAL(p.within_noise, 1);
    /* the same error twice (+25 %), the same recording: interval 0, floor 0 */
    double s2[] = {10, 10}, m2[] = {8, 8};
    CU_ASSERT_EQUAL_FATAL(hs_paired_stats(s2, m2, 2, &p), 0);
    CU_ASSERT_DOUBLE_EQUAL(p.err_mean_pct, 25.0, 1e-12);
    CU_ASSERT_DOUBLE_EQUAL(p.err_ci_pct, 0.0, 1e-12);
    CU_ASSERT_DOUBLE_EQUAL(p.noise_floor_pct, 0.0, 1e-12);
    CU_ASSERT_EQUAL(p.within_noise, 0);
    /* two: errors -10 and +10 %, t(0.975, 1) = 12.7062: 12.7062 x 14.1421 /
     * sqrt(2) = 127.062; recordings 9 -> 11: 22.22 % */
    double s3[] = {9, 11}, m3[] = {10, 10};
    CU_ASSERT_EQUAL_FATAL(hs_paired_stats(s3, m3, 2, &p), 0);
    CU_ASSERT_DOUBLE_EQUAL(p.err_mean_pct, 0.0, 1e-12);
    CU_ASSERT_DOUBLE_EQUAL(p.err_ci_pct, 127.062, 1e-2);
    CU_ASSERT_DOUBLE_EQUAL(p.noise_floor_pct, 22.2222, 1e-3);
    /* one repetition: the error only */
    CU_ASSERT_EQUAL_FATAL(hs_paired_stats(s3, m3, 1, &p), 0);
    CU_ASSERT_DOUBLE_EQUAL(p.err_mean_pct, -10.0, 1e-12);
    CU_ASSERT_DOUBLE_EQUAL(p.err_ci_pct, -1, 0);
    CU_ASSERT_DOUBLE_EQUAL(p.noise_floor_pct, -1, 0);
    CU_ASSERT_EQUAL(p.within_noise, -1);
    /* nothing, or a latency that is not positive */
    CU_ASSERT_EQUAL(hs_paired_stats(s3, m3, 0, &p), -1);
    double z[] = {0, 1};
    CU_ASSERT_EQUAL(hs_paired_stats(s3, z, 2, &p), -1);
}

static void test_contention_by_duration(void)
{
    /* whole table 1, 2, 3; by length: 100 us -> 1, 3, 5; 10 ms -> 1, 1.5, 2 */
    hs_contention c = {.model = HS_CONT_MEASURED, .n_points = 3, .points = {1, 2, 3},
                       .n_durs = 2, .dur_us = {100, 10000},
                       .dur_points = {{1, 3, 5}, {1, 1.5, 2}}};
    /* 1 ms is halfway in log(length): one hog 3 + 0.5 (1.5 - 3) = 2.25 */
    CU_ASSERT_DOUBLE_EQUAL(hs_contention_slowdown_op(&c, 2, 1, 1, 1000), 2.25, 1e-12);
    /* two hogs: 5 + 0.5 (2 - 5) = 3.5 */
    CU_ASSERT_DOUBLE_EQUAL(hs_contention_slowdown_op(&c, 2, 2, 1, 1000), 3.5, 1e-12);
    /* 1.5 hogs at 100 us: 3 + 0.5 (5 - 3) = 4 */
    CU_ASSERT_DOUBLE_EQUAL(hs_contention_slowdown_op(&c, 2, 1.5, 1, 100), 4.0, 1e-12);
    /* outside the measured lengths: the nearest table */
    CU_ASSERT_DOUBLE_EQUAL(hs_contention_slowdown_op(&c, 2, 1, 1, 20), 3.0, 1e-12);
    CU_ASSERT_DOUBLE_EQUAL(hs_contention_slowdown_op(&c, 2, 1, 1, 1e6), 1.5, 1e-12);
    /* 10^3.5 us = 3162 us: three quarters of the way: 3 + 0.75 (1.5 - 3) = 1.875 */
    CU_ASSERT_DOUBLE_EQUAL(hs_contention_slowdown_op(&c, 2, 1, 1, pow(10, 3.5)), 1.875, 1e-9);
    /* no length known (idle processor): the whole table */
    CU_ASSERT_DOUBLE_EQUAL(hs_contention_slowdown_op(&c, 2, 1, 1, 0), 2.0, 1e-12);
    /* no competitors */
    CU_ASSERT_DOUBLE_EQUAL(hs_contention_slowdown_op(&c, 2, 0, 1, 1000), 1.0, 0);
    /* without by-length tables, as before */
    c.n_durs = 0;
    CU_ASSERT_DOUBLE_EQUAL(hs_contention_slowdown_op(&c, 2, 1, 1, 1000), 2.0, 1e-12);
}

#define DEV_HEAD                                                                               \
    "{\"format\": \"hetsim-device\", \"version\": 1, \"name\": \"h\", \"host\": \"cpu\","      \
    " \"dram_bandwidth_gbps\": 10, \"processors\": [{\"name\": \"cpu\", \"kind\": \"cpu\","     \
    " \"dtypes\": [\"fp32\"], \"peak_gflops\": {\"fp32\": 1}, \"efficiency\": 1,"              \
    " \"mem_bandwidth_gbps\": 10, \"launch_overhead_us\": 0, \"contention\": {\"model\":"      \
    " \"measured\", \"slowdown\": [1, 2], \"source\": \"measured: t\", \"by_duration\":"       \
    " {\"op_us\": [50, 1000], \"slowdown\": [[1, 3], [1, 1.5]], \"source\": \"measured: t\"}}}]," \
    " \"transfers\": {\"default\": {\"latency_us\": 1, \"bandwidth_gbps\": 1}}"

static void test_profile_coexec_loaded(void)
{
    hs_error err;
    const char *text =
        DEV_HEAD ", \"coexec\": {\"sync_us\": {\"value\": 30, \"source\": \"measured: t\"},"
                 " \"split_dispatch_us\": {\"value\": 2.5, \"source\": \"measured: t\"},"
                 " \"convert_ns_per_byte\": {\"value\": 0.05, \"source\": \"measured: t\"},"
                 " \"interference\": {\"cpu\": {\"value\": 1.5, \"source\": \"measured: t\"},"
                 " \"accel\": {\"value\": 1.2, \"source\": \"measured: t\"}}, \"wait\": \"spin\"}}";
    hs_device *d = hs_device_load_file(hs_test_tmpfile("coexec.json", text), &err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(d);
    CU_ASSERT_EQUAL(d->coexec.present, 1);
    CU_ASSERT_DOUBLE_EQUAL(d->coexec.sync_us, 30, 0);
    CU_ASSERT_DOUBLE_EQUAL(d->coexec.split_dispatch_us, 2.5, 0);
    CU_ASSERT_DOUBLE_EQUAL(d->coexec.convert_ns_per_byte, 0.05, 0);
    CU_ASSERT_DOUBLE_EQUAL(d->coexec.interf_cpu, 1.5, 0);
    CU_ASSERT_DOUBLE_EQUAL(d->coexec.interf_accel, 1.2, 0);
    CU_ASSERT_EQUAL(d->coexec.wait, HS_WAIT_SPIN);
    const hs_contention *c = &d->procs[0].contention;
    CU_ASSERT_EQUAL(c->n_durs, 2);
    CU_ASSERT_DOUBLE_EQUAL(c->dur_us[1], 1000, 0);
    CU_ASSERT_DOUBLE_EQUAL(c->dur_points[0][1], 3, 0);
    /* 50 us, one hog: the short table's 3x */
    CU_ASSERT_DOUBLE_EQUAL(hs_contention_slowdown_op(c, 1, 1, 1, 50), 3.0, 1e-12);
    hs_device_free(d);
    /* without the block: nothing present (phone profiles) */
    d = hs_device_load_file(hs_test_tmpfile("nocoexec.json", DEV_HEAD "}"), &err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(d);
    CU_ASSERT_EQUAL(d->coexec.present, 0);
    hs_device_free(d);
}

int hs_suite_coexec_costs(void)
{
    CU_pSuite s = CU_add_suite("coexec_costs", NULL, NULL);
    if (!s || !CU_add_test(s, "paired validation statistics by hand", test_paired_by_hand) ||
        !CU_add_test(s, "contention by op length by hand", test_contention_by_duration) ||
        !CU_add_test(s, "profile coexec and by_duration loaded", test_profile_coexec_loaded))
        return -1;
    return 0;
}
