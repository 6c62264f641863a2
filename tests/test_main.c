/* The CUnit runner: every suite registers here (one line each). */
#include <CUnit/Basic.h>
#include <stdio.h>

#include "config.h"

int hs_suite_event_queue(void);
int hs_suite_heap(void);
int hs_suite_graph(void);
int hs_suite_engine(void);
int hs_suite_coexec(void);
int hs_suite_loaders(void);
int hs_suite_policies(void);
int hs_suite_frontend(void);
int hs_suite_synth(void);
int hs_suite_importers(void);
int hs_suite_import_match(void);
int hs_suite_probe_rates(void);
int hs_suite_onnx_import(void);
int hs_suite_stats(void);
int hs_suite_plot(void);
int hs_suite_profiles(void);
int hs_suite_provenance(void);
int hs_suite_findings(void);
int hs_suite_trace_shape(void);
int hs_suite_native(void);
int hs_suite_native_cpu(void);
int hs_suite_shared_cores(void);
int hs_suite_split_interp(void);
int hs_suite_native_mode(void);
int hs_suite_run_point(void);
int hs_suite_cli_opts(void);
int hs_suite_op(void);
int hs_suite_files(void);
int hs_suite_coexec_costs(void);
int hs_suite_lowering(void);
int hs_suite_progress(void);

static int (*const suites[])(void) = {
    /* first, not last: registered last, its few allocations moved the heap
     * so that LeakSanitizer's scan at exit crashed on a garbage dynamic-TLS
     * range of a dlopen'd library ("Tracer caught signal 11", "DTLS 11 at
     * 0x3c34-0x800004d36") in make check-sanitizers, a LeakSanitizer/glibc
     * issue that depends on the heap layout (some suite subsets hit it on
     * this order too), not a leak */
    hs_suite_files,
    hs_suite_event_queue,
    hs_suite_heap,
    hs_suite_graph,
    hs_suite_engine,
    hs_suite_coexec,
    hs_suite_loaders,
    hs_suite_policies,
    hs_suite_frontend,
    hs_suite_synth,
    hs_suite_importers,
    hs_suite_import_match,
    hs_suite_probe_rates,
    hs_suite_onnx_import,
    hs_suite_stats,
    hs_suite_plot,
    hs_suite_profiles,
    hs_suite_provenance,
    hs_suite_findings,
    hs_suite_trace_shape,
    hs_suite_native,
    hs_suite_native_cpu,
    hs_suite_shared_cores,
    hs_suite_split_interp,
    hs_suite_native_mode,
    hs_suite_run_point,
    hs_suite_cli_opts,
    hs_suite_op,
    hs_suite_coexec_costs,
    hs_suite_lowering,
    hs_suite_progress,
};

/* test_hetsim [SUITE...]: every suite, or only the named ones (e.g.
 * "native" on a machine with another OpenCL device). */
int main(int argc, char **argv)
{
    if (CU_initialize_registry() != CUE_SUCCESS)
        return 1;
    for (size_t i = 0; i < sizeof suites / sizeof suites[0]; i++)
        if (suites[i]() != 0) {
            fprintf(stderr, "cannot register suite %zu: %s\n", i, CU_get_error_msg());
            CU_cleanup_registry();
            return 1;
        }
    CU_basic_set_mode(CU_BRM_VERBOSE);
    /* CUnit resets its counts at every run: add them up suite by suite */
    unsigned failed = 0, run = 0, tests_failed = 0;
    for (int a = 1; a < (argc < 2 ? 2 : argc); a++) {
        if (argc < 2) {
            CU_basic_run_tests();
        } else {
            CU_pSuite s = CU_get_suite(argv[a]);
            if (!s) {
                fprintf(stderr, "test_hetsim: no suite named \"%s\"\n", argv[a]);
                CU_cleanup_registry();
                return 2;
            }
            CU_basic_run_suite(s);
        }
        failed += CU_get_number_of_failures() + CU_get_number_of_suites_failed();
        run += CU_get_number_of_tests_run();
        tests_failed += CU_get_number_of_tests_failed();
    }
    printf("\ntest_hetsim: %u passed, %u failed\n", run - tests_failed, tests_failed);
    CU_cleanup_registry();
    return failed == 0 && run > 0 ? 0 : 1;
}
