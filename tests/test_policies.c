/* Policies: the registry and single-processor plans with fallback. */
#include <string.h>

#include "../policies/policy.h"
#include "../sim/engine.h"
#include "../sim/placement.h"
#include "test_util.h"

static void test_registry(void)
{
    const char *names[] = {"cpu", "gpu", "dsp", "npu", "heft"};
    for (int i = 0; i < 5; i++) {
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

int hs_suite_policies(void)
{
    CU_pSuite s = CU_add_suite("policies", NULL, NULL);
    if (!s || !CU_add_test(s, "registry lists the policies", test_registry) ||
        !CU_add_test(s, "single-processor plans", test_single_places_everything) ||
        !CU_add_test(s, "int8-only processor and fp32 model", test_int8_only_processor_falls_back) ||
        !CU_add_test(s, "HEFT makespan by hand", test_heft_by_hand))
        return -1;
    return 0;
}
