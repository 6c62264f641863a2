/* Policies: the registry and single-processor plans with fallback. */
#include <string.h>

#include "../policies/policy.h"
#include "../sim/placement.h"
#include "test_util.h"

static void test_registry(void)
{
    const char *names[] = {"cpu", "gpu", "dsp", "npu"};
    for (int i = 0; i < 4; i++) {
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
    hs_plan *plan = hs_plan_new(g->n_ops, "gpu");
    const hs_policy *gpu = hs_policy_find("gpu"), *cpu = hs_policy_find("cpu"),
                    *dsp = hs_policy_find("dsp");
    CU_ASSERT_EQUAL(gpu->make_plan(gpu, d, g, plan, &err), 0);
    for (int i = 0; i < g->n_ops; i++)
        CU_ASSERT_EQUAL(plan->ops[i].proc[0], 1);
    CU_ASSERT_EQUAL(cpu->make_plan(cpu, d, g, plan, &err), 0);
    for (int i = 0; i < g->n_ops; i++)
        CU_ASSERT_EQUAL(plan->ops[i].proc[0], 0);
    /* dev_two has no DSP: a clear error */
    CU_ASSERT_EQUAL(dsp->make_plan(dsp, d, g, plan, &err), -1);
    HS_ASSERT_MSG(err, "dev_two", "no dsp");
    hs_plan_free(plan);
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
    hs_plan *plan = hs_plan_new(g->n_ops, "dsp");
    const hs_policy *dsp = hs_policy_find("dsp");
    CU_ASSERT_EQUAL_FATAL(dsp->make_plan(dsp, d, g, plan, &err), 0);
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

int hs_suite_policies(void)
{
    CU_pSuite s = CU_add_suite("policies", NULL, NULL);
    if (!s || !CU_add_test(s, "registry lists the policies", test_registry) ||
        !CU_add_test(s, "single-processor plans", test_single_places_everything) ||
        !CU_add_test(s, "int8-only processor and fp32 model", test_int8_only_processor_falls_back))
        return -1;
    return 0;
}
