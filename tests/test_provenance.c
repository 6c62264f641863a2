/* devices/provenance.h: classes and origins of source strings written by
 * hand, and counts over a small profile document worked out by hand. */
#include <CUnit/Basic.h>

#include "base/json_read.h"
#include "devices/provenance.h"

static void test_classes(void)
{
    CU_ASSERT_EQUAL(hs_provenance_of("fitted: qed"), HS_PROV_FITTED);
    CU_ASSERT_EQUAL(hs_provenance_of("Assumption (order of magnitude)"), HS_PROV_ASSUMPTION);
    CU_ASSERT_EQUAL(hs_provenance_of("assumed"), HS_PROV_ASSUMPTION);
    CU_ASSERT_EQUAL(hs_provenance_of("Adreno 640 peak (devices.md)"), HS_PROV_CITED);
    CU_ASSERT_EQUAL(hs_provenance_of("calibrated: 3 competing processes slow CPU inference 10.2x"),
                    HS_PROV_CALIBRATED);
    CU_ASSERT_EQUAL(hs_provenance_of("scaled, from the Mi 9"), HS_PROV_SCALED);
    CU_ASSERT_EQUAL(hs_provenance_of("measuredish"), HS_PROV_CITED); /* the whole first word */
    CU_ASSERT_EQUAL(hs_provenance_of(""), HS_PROV_UNSOURCED);
    CU_ASSERT_EQUAL(hs_provenance_of(NULL), HS_PROV_UNSOURCED);
}

static void test_origins(void)
{
    CU_ASSERT_EQUAL(hs_origin_of("measured: freqbench sm8150 CPU 1"), HS_ORIGIN_MEASURED);
    CU_ASSERT_EQUAL(hs_origin_of("fitted: per-op TFLite GPU latencies"), HS_ORIGIN_MEASURED);
    CU_ASSERT_EQUAL(hs_origin_of("calibrated: 3 competing processes (Liu et al. 2024)"),
                    HS_ORIGIN_PUBLISHED);
    CU_ASSERT_EQUAL(hs_origin_of("Adreno 640 @585 MHz FP16 peak (devices.md)"),
                    HS_ORIGIN_PUBLISHED);
    CU_ASSERT_EQUAL(hs_origin_of("scaled: from xiaomi-mi9 cpu_big by spec ratios"),
                    HS_ORIGIN_SCALED);
    CU_ASSERT_EQUAL(hs_origin_of("assumption: tens of microseconds"), HS_ORIGIN_ASSUMED);
    CU_ASSERT_EQUAL(hs_origin_of(NULL), HS_ORIGIN_ASSUMED);
    /* derived: by what it says it was derived from */
    CU_ASSERT_EQUAL(hs_origin_of("derived: A55 curve of the SD855 (freqbench sm8150 CPU 1): its "
                                 "frequencies scaled to this cluster's top clock (assumption)"),
                    HS_ORIGIN_SCALED); /* "scaled" wins over "assumption" */
    CU_ASSERT_EQUAL(hs_origin_of("derived: 16 FP32 FLOP/cycle/core x 2 x 2.73 GHz; assumption: "
                                 "Exynos M4, 2 x 128-bit FMA pipes"),
                    HS_ORIGIN_ASSUMED);
    CU_ASSERT_EQUAL(hs_origin_of("derived: the op model's kxk-conv rate over the fp32 peak"),
                    HS_ORIGIN_MEASURED);
    CU_ASSERT_EQUAL(hs_origin_of("derived: 12 cores x 3 engines x 8 FMA lanes x 2 x 0.702 GHz"),
                    HS_ORIGIN_PUBLISHED);
}

/* Two processors and device-level figures:
 *  cpu: peak (measured), dvfs object sourced "scaled: ..." with 3 numbers,
 *       cores (no wrapper: the processor's own source, "assumption") -> m1 s3 a1
 *  gpu: peak cited, efficiency derived+assumption, contention calibrated to
 *       "Liu et al. 2024 ... finding 3" with 1 number -> p2 a1
 *  device: dram cited, thermal 2 numbers unsourced -> p1 a2; version skipped. */
static const char *doc =
    "{\"format\": \"hetsim-device\", \"version\": 1,"
    " \"dram\": {\"value\": 30, \"source\": \"LPDDR4X (devices.md)\"},"
    " \"thermal\": {\"a\": 1, \"b\": 2},"
    " \"processors\": ["
    "  {\"name\": \"cpu\", \"source\": \"assumption: 4 cores\", \"cores\": 4,"
    "   \"peak\": {\"value\": 100, \"source\": \"measured: probe\"},"
    "   \"dvfs\": {\"source\": \"scaled: from the Mi 9\", \"ghz\": [1, 2], \"up_ms\": 5}},"
    "  {\"name\": \"gpu\","
    "   \"peak\": {\"value\": 900, \"source\": \"Adreno 640 peak (devices.md)\"},"
    "   \"efficiency\": {\"value\": 0.3, \"source\": \"derived: assumed a third\"},"
    "   \"contention\": {\"share\": 0.37, \"source\": \"calibrated: 2.1x (Liu et al. 2024, "
    "finding 3)\"}}]}";

static void test_counts(void)
{
    cJSON *root;
    hs_error err;
    CU_ASSERT_FATAL(hs_json_parse("doc", doc, &root, &err) == 0);
    int procs[2][HS_ORIGIN_COUNT], rest[HS_ORIGIN_COUNT];
    hs_origin_count(root, 2, procs, rest);
    CU_ASSERT_EQUAL(procs[0][HS_ORIGIN_MEASURED], 1);
    CU_ASSERT_EQUAL(procs[0][HS_ORIGIN_PUBLISHED], 0);
    CU_ASSERT_EQUAL(procs[0][HS_ORIGIN_SCALED], 3);
    CU_ASSERT_EQUAL(procs[0][HS_ORIGIN_ASSUMED], 1);
    CU_ASSERT_EQUAL(procs[1][HS_ORIGIN_MEASURED], 0);
    CU_ASSERT_EQUAL(procs[1][HS_ORIGIN_PUBLISHED], 2);
    CU_ASSERT_EQUAL(procs[1][HS_ORIGIN_SCALED], 0);
    CU_ASSERT_EQUAL(procs[1][HS_ORIGIN_ASSUMED], 1);
    CU_ASSERT_EQUAL(rest[HS_ORIGIN_PUBLISHED], 1);
    CU_ASSERT_EQUAL(rest[HS_ORIGIN_ASSUMED], 2);
    CU_ASSERT_EQUAL(rest[HS_ORIGIN_MEASURED] + rest[HS_ORIGIN_SCALED], 0);
    CU_ASSERT_DOUBLE_EQUAL(hs_origin_share(procs[0], HS_ORIGIN_SCALED), 0.6, 1e-12);
    int none[HS_ORIGIN_COUNT] = {0};
    CU_ASSERT_DOUBLE_EQUAL(hs_origin_share(none, HS_ORIGIN_SCALED), 0, 1e-12);
    /* one processor asked for: the second one's numbers count as the rest */
    int one[1][HS_ORIGIN_COUNT];
    hs_origin_count(root, 1, one, rest);
    CU_ASSERT_EQUAL(rest[HS_ORIGIN_PUBLISHED], 3);
    CU_ASSERT_EQUAL(rest[HS_ORIGIN_ASSUMED], 3);
    /* per class over the document: 8 numbers, version not counted */
    int cls[HS_PROV_COUNT];
    hs_provenance_count(root, cls);
    CU_ASSERT_EQUAL(cls[HS_PROV_MEASURED], 1);
    CU_ASSERT_EQUAL(cls[HS_PROV_SCALED], 3);
    CU_ASSERT_EQUAL(cls[HS_PROV_ASSUMPTION], 1);
    CU_ASSERT_EQUAL(cls[HS_PROV_CITED], 2);
    CU_ASSERT_EQUAL(cls[HS_PROV_DERIVED], 1);
    CU_ASSERT_EQUAL(cls[HS_PROV_CALIBRATED], 1);
    CU_ASSERT_EQUAL(cls[HS_PROV_UNSOURCED], 2);
    /* the numbers taken from the study's finding 3, and from no finding 4 */
    const char *const f3[] = {"Liu et al. 2024", "finding 3", NULL};
    const char *const f4[] = {"Liu et al. 2024", "finding 4", NULL};
    hs_provenance_count_citing(root, f3, cls);
    CU_ASSERT_EQUAL(cls[HS_PROV_CALIBRATED], 1);
    CU_ASSERT_EQUAL(cls[HS_PROV_CITED] + cls[HS_PROV_SCALED] + cls[HS_PROV_MEASURED], 0);
    hs_provenance_count_citing(root, f4, cls);
    CU_ASSERT_EQUAL(cls[HS_PROV_CALIBRATED], 0);
    cJSON_Delete(root);
}

int hs_suite_provenance(void)
{
    CU_pSuite s = CU_add_suite("provenance", NULL, NULL);
    if (!s || !CU_add_test(s, "classes of source strings", test_classes) ||
        !CU_add_test(s, "origins of source strings", test_origins) ||
        !CU_add_test(s, "counts per processor, class and citation", test_counts))
        return -1;
    return 0;
}
