/* Every loader rejects malformed input with the file, the JSON path and what
 * was expected. Each case is a small malformed file written for the test. */
#include <stdio.h>
#include <string.h>

#include "devices/profile.h"
#include "traces/graph.h"
#include "sim/scenario.h"
#include "traces/trace.h"
#include "tests/test_util.h"

typedef enum { MODEL, DEVICE, TRACE, SCENARIO } kind;

typedef struct bad_case {
    kind k;
    const char *text;
    const char *needle1, *needle2; /* expected in the message besides the file name */
} bad_case;

/* Returns 1 when loading `path` as kind k fails. */
static int load_fails(kind k, const char *path, hs_error *err)
{
    switch (k) {
    case MODEL: {
        hs_graph *g = hs_graph_load_file(path, err);
        hs_graph_free(g);
        return g == NULL;
    }
    case DEVICE: {
        hs_device *d = hs_device_load_file(path, err);
        hs_device_free(d);
        return d == NULL;
    }
    case TRACE: {
        hs_trace *t = hs_trace_load_file(path, err);
        hs_trace_free(t);
        return t == NULL;
    }
    case SCENARIO: {
        hs_scenario *s = hs_scenario_load_file(path, err);
        hs_scenario_free(s);
        return s == NULL;
    }
    }
    return 0;
}

#define M_HEAD "{\"format\":\"hetsim-model\",\"version\":1,\"name\":\"m\","
#define M_IN "\"inputs\":[{\"name\":\"x\",\"shape\":[1,4]}],"
#define M_OP(extra) "\"ops\":[{\"name\":\"a\",\"type\":\"Relu\",\"inputs\":[\"x\"],\"outputs\":[{\"name\":\"y\",\"shape\":[1,4]}]" extra "}]}"

#define D_HEAD "{\"format\":\"hetsim-device\",\"version\":1,\"name\":\"d\","
#define D_PROC(extra) "{\"name\":\"c\",\"kind\":\"cpu\",\"dtypes\":[\"fp32\"],\"peak_gflops\":{\"fp32\":1},\"mem_bandwidth_gbps\":1,\"launch_overhead_us\":0" extra "}"
#define D_TR "\"transfers\":{\"default\":{\"latency_us\":1,\"bandwidth_gbps\":1}}"

#define T_HEAD "{\"format\":\"hetsim-trace\",\"version\":1,\"device\":\"d\",\"model\":\"m\",\"processor\":\"c\",\"dtype\":\"fp32\","

#define S_HEAD "{\"format\":\"hetsim-scenario\",\"version\":1,\"name\":\"s\""

static const bad_case cases[] = {
    /* any document */
    {MODEL, "", "empty file", NULL},
    {MODEL, "{\"format\": \"hetsim-model\",\n \"version\": 1,\n \"name\": ", ":3:", "valid JSON"},
    {MODEL, "[1, 2]", "at $", "an object"},
    {MODEL, "{\"format\":\"hetsim-device\",\"version\":1}", "$.format", "\"hetsim-model\""},
    {MODEL, "{\"format\":\"hetsim-model\",\"version\":2}", "$.version", "[1, 1]"},
    {MODEL, "{\"format\":\"hetsim-model\"}", "$.version", "missing"},
    /* model graphs */
    {MODEL, M_HEAD M_IN "\"ops\":{}}", "$.ops", "an array"},
    {MODEL, M_HEAD M_IN "\"ops\":[]}", "at least one op", NULL},
    {MODEL, M_HEAD "\"ops\":[]}", "$.inputs", "missing"},
    {MODEL, M_HEAD M_IN "\"ops\":[{\"type\":\"Relu\",\"inputs\":[],\"outputs\":[]}]}", "$.ops[0].name", "non-empty string"},
    {MODEL, M_HEAD M_IN M_OP(",\"colour\":1"), "$.ops[0]", "unknown key \"colour\""},
    {MODEL, M_HEAD "\"inputs\":[{\"name\":\"x\",\"shape\":[1,-4]}]," M_OP(""), "$.inputs[0].shape[1]", "number in"},
    {MODEL, M_HEAD "\"inputs\":[{\"name\":\"x\",\"shape\":[1,2.5]}]," M_OP(""), "$.inputs[0].shape[1]", "integer"},
    {MODEL, M_HEAD "\"inputs\":[{\"name\":\"x\",\"shape\":\"big\"}]," M_OP(""), "$.inputs[0].shape", "an array"},
    {MODEL, M_HEAD M_IN M_OP(",\"flops\":-5"), "$.ops[0].flops", "number in"},
    {MODEL, M_HEAD M_IN M_OP(",\"flops\":1e300"), "$.ops[0].flops", "number in"},
    {MODEL, M_HEAD M_IN M_OP(",\"attrs\":{\"kernel_shape\":[3,3,3]}"), "$.ops[0].attrs.kernel_shape", "2 integers"},
    {MODEL, M_HEAD M_IN M_OP(",\"attrs\":{\"pads\":[1,1,1]}"), "$.ops[0].attrs.pads", "4 integers"},
    {MODEL, M_HEAD M_IN M_OP(",\"attrs\":{\"strides\":[1.5,1]}"), "$.ops[0].attrs.strides[0]", "integer"},
    {MODEL, M_HEAD M_IN M_OP(",\"attrs\":{\"group\":0}"), "$.ops[0].attrs.group", "integer in"},
    {MODEL, M_HEAD M_IN "\"ops\":[{\"name\":\"a\",\"type\":\"Relu\",\"inputs\":[\"ghost\"],\"outputs\":[{\"name\":\"y\",\"shape\":[1]}]}]}", "\"ghost\"", "dangling"},
    {MODEL, M_HEAD M_IN "\"ops\":[{\"name\":\"a\",\"type\":\"Add\",\"inputs\":[\"x\",\"z\"],\"outputs\":[{\"name\":\"y\",\"shape\":[1]}]},{\"name\":\"b\",\"type\":\"Relu\",\"inputs\":[\"y\"],\"outputs\":[{\"name\":\"z\",\"shape\":[1]}]}]}", "cycle", "\"a\""},
    {MODEL, M_HEAD M_IN "\"outputs\":[\"nope\"]," M_OP(""), "$.outputs[0]", "\"nope\""},
    {MODEL, M_HEAD M_IN "\"dtype\":\"fp64\"," M_OP(""), "$.dtype", "\"int8\""},
    /* device profiles */
    {DEVICE, D_HEAD "\"dram_bandwidth_gbps\":1,\"processors\":[" D_PROC("") "]," D_TR "}", "$.host", "missing"},
    {DEVICE, D_HEAD "\"host\":\"g\",\"dram_bandwidth_gbps\":1,\"processors\":[" D_PROC("") "]," D_TR "}", "$.host", "cpu processor"},
    {DEVICE, D_HEAD "\"host\":\"c\",\"dram_bandwidth_gbps\":1,\"processors\":[]," D_TR "}", "$.processors", "1 to 64"},
    {DEVICE, D_HEAD "\"host\":\"c\",\"dram_bandwidth_gbps\":1,\"processors\":[" D_PROC(",\"submission\":\"burst\"") "]," D_TR "}", "$.processors[0].submission", "\"kernel\""},
    {DEVICE, D_HEAD "\"host\":\"c\",\"dram_bandwidth_gbps\":-1,\"processors\":[" D_PROC("") "]," D_TR "}", "$.dram_bandwidth_gbps", "number in"},
    {DEVICE, D_HEAD "\"host\":\"c\",\"dram_bandwidth_gbps\":{\"value\":\"fast\",\"source\":\"x\"},\"processors\":[" D_PROC("") "]," D_TR "}", "$.dram_bandwidth_gbps", "\"fast\""},
    {DEVICE, D_HEAD "\"host\":\"c\",\"dram_bandwidth_gbps\":{\"value\":3,\"source\":7},\"processors\":[" D_PROC("") "]," D_TR "}", "$.dram_bandwidth_gbps.source", "a string"},
    {DEVICE, D_HEAD "\"host\":\"c\",\"dram_bandwidth_gbps\":1,\"processors\":[" D_PROC(",\"kind\":\"tpu\"") "]," D_TR "}", "$.processors[0]", "\"kind\" appears twice"},
    {DEVICE, D_HEAD "\"host\":\"c\",\"dram_bandwidth_gbps\":1,\"processors\":[{\"name\":\"c\",\"kind\":\"tpu\"}]," D_TR "}", "$.processors[0].kind", "\"npu\""},
    {DEVICE, D_HEAD "\"host\":\"c\",\"dram_bandwidth_gbps\":1,\"processors\":[{\"name\":\"c\",\"kind\":\"cpu\",\"dtypes\":[\"fp16\"],\"peak_gflops\":{\"fp32\":1},\"mem_bandwidth_gbps\":1,\"launch_overhead_us\":0}]," D_TR "}", "$.processors[0].peak_gflops.fp16", "missing"},
    {DEVICE, D_HEAD "\"host\":\"c\",\"dram_bandwidth_gbps\":1,\"processors\":[{\"name\":\"c\",\"kind\":\"cpu\",\"dtypes\":[\"fp8\"],\"peak_gflops\":{},\"mem_bandwidth_gbps\":1,\"launch_overhead_us\":0}]," D_TR "}", "$.processors[0].dtypes[0]", "\"fp8\""},
    {DEVICE, D_HEAD "\"host\":\"c\",\"dram_bandwidth_gbps\":1,\"processors\":[" D_PROC(",\"support\":{\"default\":true,\"source\":\"s\",\"rules\":[{\"op\":\"Conv\",\"group\":\"some\",\"source\":\"s\"}]}") "]," D_TR "}", "$.processors[0].support.rules[0].group", "\"depthwise\""},
    {DEVICE, D_HEAD "\"host\":\"c\",\"dram_bandwidth_gbps\":1,\"processors\":[" D_PROC(",\"support\":{\"default\":true,\"source\":\"s\",\"rules\":[{\"op\":\"Conv\"}]}") "]," D_TR "}", "$.processors[0].support.rules[0].source", "missing"},
    {DEVICE, D_HEAD "\"host\":\"c\",\"dram_bandwidth_gbps\":1,\"processors\":[" D_PROC("") "," D_PROC("") "]," D_TR "}", "$.processors[1].name", "unique"},
    {DEVICE, D_HEAD "\"host\":\"c\",\"dram_bandwidth_gbps\":1,\"processors\":[" D_PROC("") "]}", "$.transfers", "missing"},
    {DEVICE, D_HEAD "\"host\":\"c\",\"dram_bandwidth_gbps\":1,\"processors\":[" D_PROC("") "],\"transfers\":{\"default\":{\"latency_us\":1,\"bandwidth_gbps\":0}}}", "$.transfers.default.bandwidth_gbps", "number in"},
    {DEVICE, D_HEAD "\"host\":\"c\",\"dram_bandwidth_gbps\":1,\"processors\":[" D_PROC("") "],\"transfers\":{\"default\":{\"latency_us\":1,\"bandwidth_gbps\":1},\"links\":[{\"from\":\"c\",\"to\":\"gpu\",\"latency_us\":1,\"bandwidth_gbps\":1}]}}", "$.transfers.links[0]", "\"gpu\""},
    {DEVICE, D_HEAD "\"host\":\"c\",\"dram_bandwidth_gbps\":1,\"processors\":[" D_PROC(",\"contention\":{\"model\":\"cpu\",\"source\":\"s\"}") "]," D_TR "}", "$.processors[0].contention.little_ratio", "missing"},
    {DEVICE, D_HEAD "\"host\":\"c\",\"dram_bandwidth_gbps\":1,\"processors\":[" D_PROC(",\"contention\":{\"model\":\"shared\",\"share\":-1,\"source\":\"s\"}") "]," D_TR "}", "$.processors[0].contention.share", "number in"},
    {DEVICE, D_HEAD "\"host\":\"c\",\"dram_bandwidth_gbps\":1,\"processors\":[" D_PROC(",\"contention\":{\"model\":\"magic\",\"source\":\"s\"}") "]," D_TR "}", "$.processors[0].contention.model", "\"shared\""},
    /* traces */
    {TRACE, T_HEAD "\"recorded\":\"guessed\",\"ops\":[]}", "$.recorded", "\"native\""},
    {TRACE, T_HEAD "\"recorded\":\"native\",\"ops\":[{\"name\":\"a\",\"samples_us\":[]}]}", "$.ops[0].samples_us", "at least one sample"},
    {TRACE, T_HEAD "\"recorded\":\"native\",\"ops\":[{\"name\":\"a\",\"samples_us\":[5,-1]}]}", "$.ops[0].samples_us[1]", "number in"},
    {TRACE, T_HEAD "\"recorded\":\"native\",\"ops\":[{\"name\":\"a\",\"samples_us\":[5,\"x\"]}]}", "$.ops[0].samples_us[1]", "\"x\""},
    {TRACE, T_HEAD "\"recorded\":\"native\",\"ops\":[{\"name\":\"a\",\"fraction\":0,\"samples_us\":[5]}]}", "$.ops[0].fraction", "number in"},
    {TRACE, T_HEAD "\"recorded\":\"native\",\"ops\":[{\"name\":\"a\",\"samples_us\":[5]},{\"name\":\"a\",\"samples_us\":[6]}]}", "$.ops[1]", "twice"},
    {TRACE, "{\"format\":\"hetsim-trace\",\"version\":1,\"device\":\"d\",\"model\":\"m\",\"processor\":\"c\",\"recorded\":\"native\",\"ops\":[]}", "$.dtype", "missing"},
    /* scenarios */
    {SCENARIO, S_HEAD ",\"arrival\":{\"mode\":\"bursty\"}}", "$.arrival.mode", "\"poisson\""},
    {SCENARIO, S_HEAD ",\"arrival\":{\"mode\":\"periodic\"}}", "$.arrival.fps", "missing"},
    {SCENARIO, S_HEAD ",\"frames\":0}", "$.frames", "integer in"},
    {SCENARIO, S_HEAD ",\"arrival\":{\"mode\":\"periodic\",\"fps\":5,\"inflight\":2}}", "$.arrival.inflight", "\"closed\""},
    {SCENARIO, S_HEAD ",\"arrival\":{\"mode\":\"closed\",\"inflight\":0}}", "$.arrival.inflight", "integer in"},
    {SCENARIO, S_HEAD ",\"frames\":12.5}", "$.frames", "integer in"},
    {SCENARIO, S_HEAD ",\"fps\":30}", "unknown key \"fps\"", NULL},
    {SCENARIO, S_HEAD ",\"input\":{\"static_share\":0.7,\"persistence\":0.9,\"static_change\":0.02}}", "$.input.motion_change", "missing"},
    {SCENARIO, S_HEAD ",\"input\":{\"static_share\":0.9,\"persistence\":0.5,\"static_change\":0.02,\"motion_change\":0.5}}", "$.input", "cannot be reached"},
    {SCENARIO, S_HEAD ",\"input\":{\"static_share\":1.5,\"persistence\":0.5,\"static_change\":0.02,\"motion_change\":0.5}}", "$.input.static_share", "number in"},
    {SCENARIO, S_HEAD ",\"slo_ms\":-5}", "$.slo_ms", "number in"},
    {SCENARIO, S_HEAD ",\"competitors\":[{\"count\":3}]}", "$.competitors[0].processor", "missing"},
    {SCENARIO, S_HEAD ",\"competitors\":[{\"processor\":\"cpu\",\"count\":3,\"duty\":1.5}]}", "$.competitors[0].duty", "number in"},
    {SCENARIO, S_HEAD ",\"competitors\":[{\"processor\":\"cpu\",\"count\":3,\"start_ms\":10,\"stop_ms\":5}]}", "$.competitors[0].stop_ms", "after start_ms"},
    {SCENARIO, S_HEAD ",\"workload\":[]}", "$.workload", "1 to 16"},
    {SCENARIO, S_HEAD ",\"background\":[{\"processor\":\"cpu\",\"states\":[{\"count\":1,\"hold_ms\":5}]}]}", "$.background[0].states", "2 to 6"},
    {SCENARIO, S_HEAD ",\"background\":[{\"processor\":\"cpu\",\"states\":[{\"count\":1,\"hold_ms\":5},{\"count\":2,\"hold_ms\":0}]}]}", "$.background[0].states[1].hold_ms", "number in"},
    {SCENARIO, S_HEAD ",\"clients\":[{\"name\":\"v\",\"period_ms\":33,\"stages\":[]}]}", "$.clients[0].stages", "1 to 4"},
    {SCENARIO, S_HEAD ",\"clients\":[{\"name\":\"v\",\"period_ms\":0,\"stages\":[{\"processor\":\"gpu\",\"work_ms\":1}]}]}", "$.clients[0].period_ms", "number in"},
    {SCENARIO, S_HEAD ",\"clients\":[{\"name\":\"v\",\"period_ms\":33,\"stages\":[{\"processor\":\"gpu\"}]}]}", "$.clients[0].stages[0].work_ms", "missing"},
    {SCENARIO, S_HEAD ",\"workload\":[{\"arrival\":{\"mode\":\"closed\"}}]}", "$.workload[0].model", "missing"},
    {SCENARIO, "{\"format\":\"hetsim-scenario\",\"version\":1}", "$.name", "missing"},
};

static void test_bad_inputs(void)
{
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char name[32];
        snprintf(name, sizeof name, "bad%02zu.json", i);
        const char *path = hs_test_tmpfile(name, cases[i].text);
        CU_ASSERT_PTR_NOT_NULL_FATAL(path);
        hs_error err = {0};
        int failed = load_fails(cases[i].k, path, &err);
        if (!failed)
            fprintf(stderr, "\n  case %zu was accepted: %s\n", i, cases[i].text);
        CU_ASSERT(failed);
        if (!failed)
            continue;
        /* the message names the file and the place */
        CU_ASSERT(hs_test_msg_has(err.msg, name, cases[i].needle1, cases[i].needle2,
                                  (char *)NULL));
    }
}

static void test_missing_file_and_nul(void)
{
    hs_error err;
    CU_ASSERT_PTR_NULL(hs_graph_load_file("/nonexistent/model.json", &err));
    HS_ASSERT_MSG(err, "/nonexistent/model.json", "cannot open");
    const char *p = hs_test_tmpfile("nul.json", "{}");
    FILE *f = fopen(p, "ab");
    fputc('\0', f);
    fputs("{}", f);
    fclose(f);
    CU_ASSERT_PTR_NULL(hs_device_load_file(p, &err));
    HS_ASSERT_MSG(err, "nul.json", "NUL byte");
}

static void test_good_files_load(void)
{
    hs_error err;
    hs_device *d = hs_device_load_file(hs_test_fixture("dev_two.json"), &err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(d);
    CU_ASSERT_EQUAL(d->n_procs, 2);
    CU_ASSERT_EQUAL(d->host, 0);
    CU_ASSERT_EQUAL(hs_device_transfer_ns(d, 0, 1, 4000), 14000);
    CU_ASSERT_EQUAL(hs_device_transfer_ns(d, 1, 1, 4000), 0);
    hs_device_free(d);
    hs_trace *t = hs_trace_load_file(hs_test_fixture("trace_chain3_cpu.json"), &err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(t);
    CU_ASSERT_STRING_EQUAL(t->recorded, "synthesized");
    CU_ASSERT_EQUAL(t->ops[0].n, 3);
    CU_ASSERT_PTR_NOT_NULL(hs_trace_find(t, "A", 1.0));
    CU_ASSERT_PTR_NULL(hs_trace_find(t, "A", 0.5));
    hs_trace_free(t);
    const char *sp = hs_test_tmpfile(
        "ok_scenario.json", S_HEAD ",\"arrival\":{\"mode\":\"poisson\",\"fps\":12.5},\"frames\":7}");
    hs_scenario *s = hs_scenario_load_file(sp, &err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    hs_run_config cfg = hs_run_config_default();
    hs_scenario_apply(s, &cfg);
    CU_ASSERT_EQUAL(cfg.arrival, HS_ARRIVAL_POISSON);
    CU_ASSERT_DOUBLE_EQUAL(cfg.fps, 12.5, 1e-12);
    CU_ASSERT_EQUAL(cfg.frames, 7);
    CU_ASSERT_EQUAL(cfg.seed, 1); /* not set by the scenario */
    hs_scenario_free(s);
}

int hs_suite_loaders(void)
{
    CU_pSuite s = CU_add_suite("loaders", NULL, NULL);
    if (!s || !CU_add_test(s, "malformed files rejected with file and path", test_bad_inputs) ||
        !CU_add_test(s, "missing file and NUL byte", test_missing_file_and_nul) ||
        !CU_add_test(s, "good files load", test_good_files_load))
        return -1;
    return 0;
}
