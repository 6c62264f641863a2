/* Split parts between recorded fractions (traces/trace.h hs_trace_near,
 * used by the estimator): native record samples a few fractions; a policy's
 * ratio in between is interpolated from them, by hand. */
#include <string.h>

#include "sim/estimator.h"
#include "base/json_read.h"
#include "traces/trace.h"
#include "tests/test_util.h"

static hs_trace *load(const char *text)
{
    hs_error err;
    return hs_trace_load_file(hs_test_tmpfile("near.json", text), &err);
}

static void test_interpolated_between_fractions(void)
{
    /* A: whole 100 us (mean of 90, 110), 0.5 -> 60 us, 0.25 -> 40 us */
    hs_trace *t = load(
        "{\"format\": \"hetsim-trace\", \"version\": 1, \"device\": \"d\", \"model\": \"m\","
        " \"processor\": \"cpu\", \"dtype\": \"fp32\", \"recorded\": \"native\", \"ops\": ["
        "{\"name\": \"A\", \"samples_us\": [90, 110]},"
        "{\"name\": \"A\", \"fraction\": 0.5, \"dim\": \"out_c\", \"samples_us\": [60]},"
        "{\"name\": \"A\", \"fraction\": 0.25, \"dim\": \"out_c\", \"samples_us\": [40]},"
        "{\"name\": \"B\", \"samples_us\": [10]}]}");
    CU_ASSERT_PTR_NOT_NULL_FATAL(t);
    double s = 0;
    /* 0.4: between 0.25 (40) and 0.5 (60): 40 + 0.6 x 20 = 52; nearest row 0.5 */
    const hs_trace_op *o = hs_trace_near(t, "A", 0.4, &s);
    CU_ASSERT_PTR_NOT_NULL_FATAL(o);
    CU_ASSERT_DOUBLE_EQUAL(o->fraction, 0.5, 1e-12);
    CU_ASSERT_DOUBLE_EQUAL(s * 60, 52.0, 1e-9);
    /* 0.8: between 0.5 (60) and 1 (100): 60 + 0.6 x 40 = 84 */
    o = hs_trace_near(t, "A", 0.8, &s);
    CU_ASSERT_DOUBLE_EQUAL(o->fraction, 1.0, 1e-12);
    CU_ASSERT_DOUBLE_EQUAL(s * 100, 84.0, 1e-9);
    /* 0.1: below 0.25, the least-squares line through (0.25, 40), (0.5, 60),
     * (1, 100): b = (3 x 140 - 1.75 x 200) / (3 x 1.3125 - 1.75^2) = 80,
     * a = (200 - 80 x 1.75) / 3 = 20: 20 + 80 x 0.1 = 28 (a part has a fixed
     * share; proportional would say 16, the smallest row 40) */
    o = hs_trace_near(t, "A", 0.1, &s);
    CU_ASSERT_DOUBLE_EQUAL(s * 40, 28.0, 1e-9);
    /* a fixed cost larger than the fit allows: held at the smallest row's
     * time; a line through the origin: proportional */
    hs_trace *f = load(
        "{\"format\": \"hetsim-trace\", \"version\": 1, \"device\": \"d\", \"model\": \"m\","
        " \"processor\": \"cpu\", \"dtype\": \"fp32\", \"recorded\": \"native\", \"ops\": ["
        "{\"name\": \"F\", \"samples_us\": [50]},"
        "{\"name\": \"F\", \"fraction\": 0.5, \"dim\": \"out_c\", \"samples_us\": [70]},"
        "{\"name\": \"F\", \"fraction\": 0.25, \"dim\": \"out_c\", \"samples_us\": [60]},"
        "{\"name\": \"P\", \"samples_us\": [100]},"
        "{\"name\": \"P\", \"fraction\": 0.5, \"dim\": \"out_c\", \"samples_us\": [50]}]}");
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    /* F: slope < 0 (noise): all fixed, the mean 60, = the 0.25 row's 60 */
    o = hs_trace_near(f, "F", 0.1, &s);
    CU_ASSERT_DOUBLE_EQUAL(s * 60, 60.0, 1e-9);
    /* P: 50 at 0.5, 100 whole: a = 0, b = 100, 0.2 -> 20 */
    o = hs_trace_near(f, "P", 0.2, &s);
    CU_ASSERT_DOUBLE_EQUAL(s * 50, 20.0, 1e-9);
    hs_trace_free(f);
    /* B has no split rows: no interpolation (the model's estimate is used) */
    CU_ASSERT_PTR_NULL(hs_trace_near(t, "B", 0.5, &s));
    /* the estimator's latency source follows: 0.4 of A draws 60 x 52/60 */
    hs_processor p = {0};
    p.peak_gflops[HS_DT_FP32] = 1;
    p.efficiency = 1;
    p.mem_bw_gbps = 1;
    hs_op op = {0};
    op.name = "A";
    op.type = "Relu";
    op.type_id = HS_OP_RELU;
    hs_op_latency l;
    hs_part_latency_init(&l, &p, &op, HS_DT_FP32, t, 0.4, HS_SPLIT_OUT_C);
    CU_ASSERT_EQUAL(l.src, HS_SRC_TRACE);
    CU_ASSERT_DOUBLE_EQUAL(hs_op_latency_mean_ns(&l), 52000.0, 1e-6);
    CU_ASSERT_EQUAL(hs_op_latency_next(&l, HS_TRACE_REPLAY, NULL), 52000);
    hs_trace_free(t);
}

/* Height splits have samples of their own (native record): a height part
 * reads the height rows; an op with out_c rows only lets them stand in. */
static void test_height_rows(void)
{
    /* A: whole 100 us, out_c 0.5 -> 60 us, height 0.5 -> 80 us; C: out_c only */
    hs_trace *t = load(
        "{\"format\": \"hetsim-trace\", \"version\": 1, \"device\": \"d\", \"model\": \"m\","
        " \"processor\": \"cpu\", \"dtype\": \"fp32\", \"recorded\": \"native\", \"ops\": ["
        "{\"name\": \"A\", \"samples_us\": [100]},"
        "{\"name\": \"A\", \"fraction\": 0.5, \"dim\": \"out_c\", \"samples_us\": [60]},"
        "{\"name\": \"A\", \"fraction\": 0.5, \"dim\": \"height\", \"samples_us\": [80]},"
        "{\"name\": \"C\", \"samples_us\": [10]},"
        "{\"name\": \"C\", \"fraction\": 0.5, \"dim\": \"out_c\", \"samples_us\": [7]}]}");
    CU_ASSERT_PTR_NOT_NULL_FATAL(t);
    const hs_trace_op *o = hs_trace_find_dim(t, "A", 0.5, "height");
    CU_ASSERT_PTR_NOT_NULL_FATAL(o);
    CU_ASSERT_DOUBLE_EQUAL(o->samples_us[0], 80, 0);
    o = hs_trace_find_dim(t, "A", 0.5, "out_c");
    CU_ASSERT_DOUBLE_EQUAL(o->samples_us[0], 60, 0);
    double s = 0;
    /* 0.4 along the height: below 0.5 (80), on the line through (0.5, 80)
     * and (1, 100): 60 + 40 x 0.4 = 76 */
    o = hs_trace_near_dim(t, "A", 0.4, "height", &s);
    CU_ASSERT_PTR_NOT_NULL_FATAL(o);
    CU_ASSERT_STRING_EQUAL(o->dim, "height");
    CU_ASSERT_DOUBLE_EQUAL(s * 80, 76.0, 1e-9);
    /* 0.75 along the height: 80 + 0.5 x (100 - 80) = 90 */
    o = hs_trace_near_dim(t, "A", 0.75, "height", &s);
    CU_ASSERT_DOUBLE_EQUAL(s * o->samples_us[0], 90.0, 1e-9);
    /* 0.75 along out_c: 60 + 0.5 x 40 = 80 */
    o = hs_trace_near_dim(t, "A", 0.75, "out_c", &s);
    CU_ASSERT_DOUBLE_EQUAL(s * o->samples_us[0], 80.0, 1e-9);
    /* C has no height rows: its out_c row stands in (older traces) */
    o = hs_trace_find_dim(t, "C", 0.5, "height");
    CU_ASSERT_PTR_NOT_NULL_FATAL(o);
    CU_ASSERT_STRING_EQUAL(o->dim, "out_c");
    /* the estimator: 0.4 of A along the height draws 76 us; along out_c, on
     * the line through (0.5, 60) and (1, 100), 20 + 80 x 0.4 = 52 us */
    hs_processor p = {0};
    p.peak_gflops[HS_DT_FP32] = 1;
    p.efficiency = 1;
    p.mem_bw_gbps = 1;
    hs_op op = {0};
    op.name = "A";
    op.type = "Relu";
    op.type_id = HS_OP_RELU;
    hs_op_latency l;
    hs_part_latency_init(&l, &p, &op, HS_DT_FP32, t, 0.4, HS_SPLIT_HEIGHT);
    CU_ASSERT_EQUAL(l.src, HS_SRC_TRACE);
    CU_ASSERT_DOUBLE_EQUAL(hs_op_latency_mean_ns(&l), 76000.0, 1e-6);
    hs_part_latency_init(&l, &p, &op, HS_DT_FP32, t, 0.4, HS_SPLIT_OUT_C);
    CU_ASSERT_DOUBLE_EQUAL(hs_op_latency_mean_ns(&l), 52000.0, 1e-6);
    hs_trace_free(t);
}

int hs_suite_split_interp(void)
{
    CU_pSuite s = CU_add_suite("split_interp", NULL, NULL);
    if (!s || !CU_add_test(s, "split parts interpolated between recorded fractions",
                           test_interpolated_between_fractions) ||
        !CU_add_test(s, "height splits read their own rows", test_height_rows))
        return -1;
    return 0;
}
