/* Synthesized traces: centred on the estimate, with the requested spread. */
#include <math.h>

#include "sim/synth.h"
#include "traces/trace_write.h"
#include "tests/test_util.h"

static void test_mean_and_cv(void)
{
    hs_error err;
    hs_device *d = hs_device_load_file(hs_test_fixture("dev_two.json"), &err);
    hs_graph *g = hs_graph_load_file(hs_test_fixture("chain3_ln.json"), &err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(d);
    CU_ASSERT_PTR_NOT_NULL_FATAL(g);
    /* cpu: A 10 us, B 20 us, C 5 us by the roofline; 4000 samples, cv 5 % */
    hs_trace *t = hs_synth_trace(d, g, 0, 4000, 0.05, 9, &err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(t);
    CU_ASSERT_EQUAL(t->n_ops, 3);
    CU_ASSERT_STRING_EQUAL(t->recorded, "synthesized");
    const double want[] = {10, 20, 5};
    for (int i = 0; i < 3; i++) {
        double sum = 0, sq = 0;
        for (int k = 0; k < t->ops[i].n; k++) {
            sum += t->ops[i].samples_us[k];
            sq += t->ops[i].samples_us[k] * t->ops[i].samples_us[k];
        }
        double mean = sum / t->ops[i].n, sd = sqrt(sq / t->ops[i].n - mean * mean);
        CU_ASSERT(fabs(mean - want[i]) < 0.01 * want[i]);
        CU_ASSERT(fabs(sd / mean - 0.05) < 0.005);
    }
    hs_trace_free(t);
    /* acc does not support B (LayerNormalization): its trace leaves it out */
    t = hs_synth_trace(d, g, 1, 4, 0.01, 9, &err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(t);
    CU_ASSERT_EQUAL(t->n_ops, 2);
    CU_ASSERT_PTR_NULL(hs_trace_find(t, "B", 1.0));
    /* written and read back */
    const char *p = hs_test_tmpfile("synth.json", "");
    CU_ASSERT_EQUAL_FATAL(hs_trace_write_file(t, NULL, p, &err), 0);
    hs_trace *back = hs_trace_load_file(p, &err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(back);
    CU_ASSERT_EQUAL(back->n_ops, 2);
    CU_ASSERT_DOUBLE_EQUAL(back->ops[1].samples_us[3], t->ops[1].samples_us[3], 0);
    hs_trace_free(back);
    hs_trace_free(t);
    /* the same seed gives the same samples */
    hs_trace *a = hs_synth_trace(d, g, 0, 8, 0.03, 5, &err);
    hs_trace *b = hs_synth_trace(d, g, 0, 8, 0.03, 5, &err);
    CU_ASSERT_DOUBLE_EQUAL(a->ops[2].samples_us[7], b->ops[2].samples_us[7], 0);
    hs_trace_free(a);
    hs_trace_free(b);
    hs_graph_free(g);
    hs_device_free(d);
}

static void test_cannot_run_model(void)
{
    hs_error err;
    const char *p = hs_test_tmpfile(
        "int8only.json",
        "{\"format\":\"hetsim-device\",\"version\":1,\"name\":\"q\",\"host\":\"c\","
        "\"dram_bandwidth_gbps\":1,\"processors\":[{\"name\":\"c\",\"kind\":\"cpu\","
        "\"dtypes\":[\"fp32\"],\"peak_gflops\":{\"fp32\":1},\"mem_bandwidth_gbps\":1,"
        "\"launch_overhead_us\":0},{\"name\":\"h\",\"kind\":\"dsp\",\"dtypes\":[\"int8\"],"
        "\"peak_gflops\":{\"int8\":8},\"mem_bandwidth_gbps\":1,\"launch_overhead_us\":0}],"
        "\"transfers\":{\"default\":{\"latency_us\":1,\"bandwidth_gbps\":1}}}");
    hs_device *d = hs_device_load_file(p, &err);
    hs_graph *g = hs_graph_load_file(hs_test_fixture("chain3.json"), &err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(d);
    CU_ASSERT_PTR_NULL(hs_synth_trace(d, g, 1, 4, 0.01, 1, &err));
    HS_ASSERT_MSG(err, "cannot run the fp32 model");
    g->dtype = HS_DT_INT8;
    hs_trace *t = hs_synth_trace(d, g, 1, 4, 0.01, 1, &err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(t);
    CU_ASSERT_EQUAL(t->dtype, HS_DT_INT8);
    hs_trace_free(t);
    hs_graph_free(g);
    hs_device_free(d);
}

int hs_suite_synth(void)
{
    CU_pSuite s = CU_add_suite("synth", NULL, NULL);
    if (!s || !CU_add_test(s, "mean and spread of samples", test_mean_and_cv) ||
        !CU_add_test(s, "processor that cannot run the model", test_cannot_run_model))
        return -1;
    return 0;
}
