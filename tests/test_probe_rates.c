/* The probe's kernel rates (native/probe_rates.h): the per-class fit on
 * points worked out by hand, contention by op length from rounds of kernel
 * times worked out by hand, the rates written into a host profile and read
 * back by the profile loader, and a measurement on the CPU backend (shape of
 * the result only: no timing is asserted). */
#include <CUnit/CUnit.h>
#include <cjson/cJSON.h>
#include <math.h>
#include <string.h>

#include "devices/profile.h"
#include "native/host_profile.h"
#include "native/probe_rates.h"
#include "tests/test_util.h"

static void add(hs_probe_rates *r, int cls, double mflop, double mb, double us, int fitted)
{
    hs_rate_point *p = &r->pts[r->n_points++];
    snprintf(p->what, sizeof p->what, "point %d", r->n_points);
    p->cls = cls;
    p->mflop = mflop;
    p->mb = mb;
    p->us = us;
    p->fitted = fitted;
}

/* conv1x1: us = 10 + 2 MFLOP exactly (30, 50, 90 at 10, 20, 40 MFLOP; the MB
 * column 1, 2, 3 is no line through them): overhead 10, 2 us/MFLOP, no MB term.
 * pool: us = 5 MB exactly (5, 10, 20 at 1, 2, 4 MB): 5 us/MB, nothing else.
 * conv: only an unfitted point (a grouped convolution): no model. */
static hs_probe_rates hand_rates(void)
{
    hs_probe_rates r;
    memset(&r, 0, sizeof r);
    add(&r, HS_OPC_CONV1X1, 10, 1, 30, 1);
    add(&r, HS_OPC_CONV1X1, 20, 2, 50, 1);
    add(&r, HS_OPC_CONV1X1, 40, 3, 90, 1);
    add(&r, HS_OPC_POOL, 0.1, 1, 5, 1);
    add(&r, HS_OPC_POOL, 0.3, 2, 10, 1);
    add(&r, HS_OPC_POOL, 0.2, 4, 20, 1);
    add(&r, HS_OPC_CONV, 5, 1, 900, 0);
    hs_probe_rates_fit(&r);
    r.best_gflops = 100;
    r.median_gflops = 50;
    snprintf(r.backend, sizeof r.backend, "test backend");
    return r;
}

static void test_fit_by_hand(void)
{
    hs_probe_rates r = hand_rates();
    const hs_op_model *c = &r.cls[HS_OPC_CONV1X1], *p = &r.cls[HS_OPC_POOL];
    CU_ASSERT(c->present);
    CU_ASSERT_DOUBLE_EQUAL(c->overhead_us, 10, 1e-6);
    CU_ASSERT_DOUBLE_EQUAL(c->us_per_mflop, 2, 1e-6);
    CU_ASSERT_DOUBLE_EQUAL(c->us_per_mb, 0, 1e-9);
    CU_ASSERT_DOUBLE_EQUAL(c->mape_train, 0, 1e-6);
    CU_ASSERT_EQUAL(c->n_train, 3);
    CU_ASSERT(p->present);
    CU_ASSERT_DOUBLE_EQUAL(p->overhead_us, 0, 1e-9);
    CU_ASSERT_DOUBLE_EQUAL(p->us_per_mflop, 0, 1e-9);
    CU_ASSERT_DOUBLE_EQUAL(p->us_per_mb, 5, 1e-6);
    CU_ASSERT(!r.cls[HS_OPC_CONV].present); /* its one point is not fitted */
    CU_ASSERT(!r.cls[HS_OPC_GEMM].present);
}

/* Contention from rounds (hs_probe_contention_from_rounds), 8 ops, 2 rounds,
 * alone and with 1 hog. Alone: 4 ops of 20 us and 4 of 100 us in both rounds
 * (a round: 480 us; a class needs 4 ops and 60 us). With the hog, round 0:
 * 40 and 200 us each; round 1: the short ones 20, 20, 20, 100 (one waited
 * for a time slice), the long ones 200, 200, 200, 300. Two classes: short
 * (20 us) with (160 + 160) / (80 + 80) = 2, long (100 us) with
 * (800 + 900) / (400 + 400) = 2.125. An op never timed alone (0) is left
 * out: a ninth op of 0 us changes nothing. */
static void test_contention_from_rounds(void)
{
    enum { N = 9, K = 2, R = 2 };
    double t[R][K][N] = {
        {{20, 20, 20, 20, 100, 100, 100, 100, 0}, {40, 40, 40, 40, 200, 200, 200, 200, 7}},
        {{20, 20, 20, 20, 100, 100, 100, 100, 0}, {20, 20, 20, 100, 200, 200, 200, 300, 7}},
    };
    hs_probe_contention c;
    CU_ASSERT_EQUAL_FATAL(hs_probe_contention_from_rounds(&t[0][0][0], N, R, K, 2, &c), 0);
    CU_ASSERT_EQUAL_FATAL(c.n_durs, 2);
    CU_ASSERT_EQUAL(c.n_hogs, 2);
    CU_ASSERT_EQUAL(c.threads, 2);
    CU_ASSERT_DOUBLE_EQUAL(c.op_us[0], 20, 1e-9);
    CU_ASSERT_DOUBLE_EQUAL(c.op_us[1], 100, 1e-9);
    CU_ASSERT_DOUBLE_EQUAL(c.slowdown[0][0], 1, 1e-12);
    CU_ASSERT_DOUBLE_EQUAL(c.slowdown[0][1], 2.0, 1e-12);
    CU_ASSERT_DOUBLE_EQUAL(c.slowdown[1][1], 2.125, 1e-12);
    CU_ASSERT_DOUBLE_EQUAL(c.spread[0], 0, 1e-12); /* 2 in both rounds */
    CU_ASSERT(c.spread[1] > 0);                    /* 2 and 2.25 */
    /* the short ones alone are under 1/8 of a round: one class of all */
    double u[1][2][8] = {{{5, 5, 5, 5, 100, 100, 100, 100}, {10, 10, 10, 10, 200, 200, 200, 200}}};
    CU_ASSERT_EQUAL_FATAL(hs_probe_contention_from_rounds(&u[0][0][0], 8, 1, 2, 1, &c), 0);
    CU_ASSERT_EQUAL(c.n_durs, 1);
    CU_ASSERT_DOUBLE_EQUAL(c.op_us[0], sqrt(5.0 * 100.0), 1e-9);
    CU_ASSERT_DOUBLE_EQUAL(c.slowdown[0][1], 2.0, 1e-12);
    /* out of range: one hog level, no op timed alone */
    CU_ASSERT_EQUAL(hs_probe_contention_from_rounds(&u[0][0][0], 8, 1, 1, 1, &c), -1);
    double z[2][3] = {{0, 0, 0}, {1, 1, 1}};
    CU_ASSERT_EQUAL(hs_probe_contention_from_rounds(&z[0][0], 3, 1, 2, 1, &c), -1);
}

/* The per-op fit (hs_probe_contention_fit): ops of 10, 20, 100 and 1000 us
 * alone take 2 x + 30 us with 1 hog and 3 x + 0 with 2 (in the mean of two
 * rounds: 2 x + 20 and 2 x + 40 with 1 hog), so s = 2, c = 30 and s = 3,
 * c = 0 whatever the weights, errors 0. The table: from 10 to 1000 us, 3x
 * apart: ceil(log 100 / log 3) + 1 = 6 lengths, 10 x 100^(d/5); at 10 us
 * 2 + 30 / 10 = 5 with 1 hog and 3 with 2; at 1000 us 2.03 and 3. */
static void test_contention_fit(void)
{
    enum { N = 5, K = 3, R = 2 };
    double x[N] = {10, 20, 100, 1000, 0}, t[R][K][N];
    for (int r = 0; r < R; r++)
        for (int i = 0; i < N; i++) {
            t[r][0][i] = x[i];
            t[r][1][i] = x[i] ? 2 * x[i] + (r ? 40 : 20) : 5;
            t[r][2][i] = 3 * x[i];
        }
    hs_probe_contention c;
    CU_ASSERT_EQUAL_FATAL(hs_probe_contention_fit(&t[0][0][0], N, R, K, 2, &c), 0);
    CU_ASSERT(c.fitted);
    CU_ASSERT_EQUAL(c.threads, 2);
    CU_ASSERT_DOUBLE_EQUAL(c.fit_s[1], 2, 1e-9);
    CU_ASSERT_DOUBLE_EQUAL(c.fit_c_us[1], 30, 1e-9);
    CU_ASSERT_DOUBLE_EQUAL(c.fit_s[2], 3, 1e-9);
    CU_ASSERT_DOUBLE_EQUAL(c.fit_c_us[2], 0, 1e-9);
    CU_ASSERT_DOUBLE_EQUAL(c.fit_err[1], 0, 1e-9);
    CU_ASSERT_EQUAL_FATAL(c.n_durs, 6);
    CU_ASSERT_DOUBLE_EQUAL(c.op_us[0], 10, 1e-9);
    CU_ASSERT_DOUBLE_EQUAL(c.op_us[5], 1000, 1e-6);
    CU_ASSERT_DOUBLE_EQUAL(c.op_us[1], 10 * pow(100, 0.2), 1e-9);
    CU_ASSERT_DOUBLE_EQUAL(c.slowdown[0][0], 1, 1e-12);
    CU_ASSERT_DOUBLE_EQUAL(c.slowdown[0][1], 5, 1e-9);
    CU_ASSERT_DOUBLE_EQUAL(c.slowdown[0][2], 3, 1e-9);
    CU_ASSERT_DOUBLE_EQUAL(c.slowdown[5][1], 2.03, 1e-9);
    /* hogs that seem to speed ops up (noise): s held at 1, c at 0 */
    double u[1][2][2] = {{{100, 200}, {90, 180}}};
    CU_ASSERT_EQUAL_FATAL(hs_probe_contention_fit(&u[0][0][0], 2, 1, 2, 1, &c), 0);
    CU_ASSERT_DOUBLE_EQUAL(c.fit_s[1], 1, 1e-12);
    CU_ASSERT_DOUBLE_EQUAL(c.fit_c_us[1], 0, 1e-12);
    CU_ASSERT_EQUAL(c.n_durs, 2); /* 100 and 200 us: log 2 / log 3 -> 1 + 1 */
    /* out of range, nothing timed alone */
    CU_ASSERT_EQUAL(hs_probe_contention_fit(&u[0][0][0], 2, 1, 1, 1, &c), -1);
    double z[2][2] = {{0, 0}, {1, 1}};
    CU_ASSERT_EQUAL(hs_probe_contention_fit(&z[0][0], 2, 1, 2, 1, &c), -1);
}

/* Written into a host profile, read back by the profile loader. */
static void test_profile_round_trip(void)
{
    static hs_host_profile hp;
    memset(&hp, 0, sizeof hp);
    snprintf(hp.cpu_name, sizeof hp.cpu_name, "test CPU");
    hp.online_cpus = hp.threads = 2;
    hp.cpu_gflops = 6.4;
    hp.mem_gbps = 10;
    hp.decision_us = 2;
    hp.n_hogs = 2;
    hp.cpu_slowdown[0] = 1;
    hp.cpu_slowdown[1] = 2;
    hp.cpu_rates = hand_rates();
    /* contention by op length from the kernels: written as the cpu's
     * by_duration table, each row made non-decreasing ([1, 0.9], noise,
     * becomes [1, 1]) */
    hs_probe_contention *kc = &hp.cpu_rates.contention;
    kc->n_durs = 2;
    kc->n_hogs = 2;
    kc->op_us[0] = 20;
    kc->op_us[1] = 100;
    kc->slowdown[0][0] = kc->slowdown[1][0] = 1;
    kc->slowdown[0][1] = 3;
    kc->slowdown[1][1] = 0.9;
    hs_error err;
    cJSON *j = hs_host_profile_json(&hp, "host", "2026-01-01T00:00:00Z", &err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(j);
    hs_device *d = hs_device_from_json(j, "host.json", &err);
    cJSON_Delete(j);
    CU_ASSERT_PTR_NOT_NULL_FATAL(d);
    const hs_processor *p = &d->procs[0];
    CU_ASSERT(p->has_op_models);
    CU_ASSERT_DOUBLE_EQUAL(p->peak_gflops[HS_DT_FP32], 100, 1e-9);
    CU_ASSERT_DOUBLE_EQUAL(p->efficiency, 0.5, 1e-9);
    const hs_op_model *c = &p->op_models[HS_DT_FP32].cls[HS_OPC_CONV1X1];
    CU_ASSERT(c->present);
    CU_ASSERT_DOUBLE_EQUAL(c->overhead_us, 10, 1e-3);
    CU_ASSERT_DOUBLE_EQUAL(c->us_per_mflop, 2, 1e-5);
    CU_ASSERT(p->op_models[HS_DT_FP32].cls[HS_OPC_POOL].present);
    CU_ASSERT(!p->op_models[HS_DT_FP32].cls[HS_OPC_CONV].present);
    CU_ASSERT_EQUAL_FATAL(p->contention.n_durs, 2);
    CU_ASSERT_DOUBLE_EQUAL(p->contention.dur_us[1], 100, 1e-9);
    CU_ASSERT_DOUBLE_EQUAL(p->contention.dur_points[0][1], 3, 1e-9);
    CU_ASSERT_DOUBLE_EQUAL(p->contention.dur_points[1][1], 1, 1e-9);
    hs_device_free(d);
}

/* The calibration graph runs on the CPU backend: a point per layer, every
 * op class fitted, positive times. */
static void test_measure_cpu(void)
{
    static hs_probe_rates r;
    hs_error err = {.msg = ""};
    if (hs_probe_rates_cpu(1, 3, 0, &r, &err) < 0)
        printf("\n  %s\n", err.msg);
    CU_ASSERT_EQUAL_FATAL(r.n_points >= 30, 1);
    for (int i = 0; i < r.n_points; i++)
        CU_ASSERT(r.pts[i].us > 0 && r.pts[i].mb > 0);
    for (int k = 0; k < HS_OPC_COUNT; k++)
        CU_ASSERT(r.cls[k].present);
    CU_ASSERT(r.best_gflops > 0 && r.median_gflops <= r.best_gflops);
    CU_ASSERT(hs_test_msg_has(r.backend, "cpu backend", NULL));
}

int hs_suite_probe_rates(void)
{
    CU_pSuite s = CU_add_suite("probe_rates", NULL, NULL);
    if (!s)
        return -1;
    if (!CU_add_test(s, "per-class fit by hand", test_fit_by_hand) ||
        !CU_add_test(s, "contention by op length from rounds", test_contention_from_rounds) ||
        !CU_add_test(s, "contention per op fitted from rounds", test_contention_fit) ||
        !CU_add_test(s, "rates in a host profile, read back", test_profile_round_trip) ||
        !CU_add_test(s, "calibration graph on the CPU backend", test_measure_cpu))
        return -1;
    return 0;
}
