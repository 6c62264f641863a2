/* analysis/findings.h: evidence classes and magnitudes against the study,
 * worked out by hand; the row helpers of reproduce_run.h. */
#include <CUnit/Basic.h>
#include <math.h>

#include "analysis/findings.h"
#include "analysis/reproduce_run.h"

static void test_evidence(void)
{
    int none[HS_PROV_COUNT] = {0}, cal[HS_PROV_COUNT] = {0}, carried[HS_PROV_COUNT] = {0},
        cited[HS_PROV_COUNT] = {0};
    cal[HS_PROV_CALIBRATED] = 3;
    carried[HS_PROV_SCALED] = 1;
    cited[HS_PROV_CITED] = 2; /* citing the study without setting a number to it */
    CU_ASSERT_EQUAL(hs_finding_evidence(1, none), HS_EVIDENCE_EMERGENT);
    CU_ASSERT_EQUAL(hs_finding_evidence(0, none), HS_EVIDENCE_NOT_REPRODUCED);
    /* a calibrated number coming out is no evidence, whether it holds or not */
    CU_ASSERT_EQUAL(hs_finding_evidence(1, cal), HS_EVIDENCE_CALIBRATED);
    CU_ASSERT_EQUAL(hs_finding_evidence(0, cal), HS_EVIDENCE_CALIBRATED);
    CU_ASSERT_EQUAL(hs_finding_evidence(1, carried), HS_EVIDENCE_CALIBRATED);
    CU_ASSERT_EQUAL(hs_finding_evidence(1, cited), HS_EVIDENCE_EMERGENT);
    CU_ASSERT_STRING_EQUAL(hs_evidence_names[HS_EVIDENCE_NOT_REPRODUCED], "not reproduced");
}

static void test_magnitude(void)
{
    double lo, hi;
    const hs_study_value range = {1.9, 3.1, 0}, point = {10.2, 10.2, 0}, bound = {90, 90, 1},
                         qual = {NAN, NAN, 0};
    /* 1.05x against 1.9x-3.1x: 1.05 / 1.9 = 0.5526, 1.05 / 3.1 = 0.3387 */
    hs_finding_ratio(1.05, range, &lo, &hi);
    CU_ASSERT_DOUBLE_EQUAL(lo, 0.5526, 1e-4);
    CU_ASSERT_DOUBLE_EQUAL(hi, 0.3387, 1e-4);
    CU_ASSERT_EQUAL(hs_finding_magnitude(1.05, range), HS_MAG_SMALLER); /* < 1.9 / 1.25 = 1.52 */
    CU_ASSERT_EQUAL(hs_finding_magnitude(1.6, range), HS_MAG_MATCHES);
    CU_ASSERT_EQUAL(hs_finding_magnitude(3.8, range), HS_MAG_MATCHES); /* <= 3.1 x 1.25 = 3.875 */
    CU_ASSERT_EQUAL(hs_finding_magnitude(3.9, range), HS_MAG_LARGER);
    hs_finding_ratio(5.1, point, &lo, &hi);
    CU_ASSERT_DOUBLE_EQUAL(lo, 0.5, 1e-12);
    CU_ASSERT_DOUBLE_EQUAL(hi, 0.5, 1e-12);
    CU_ASSERT_EQUAL(hs_finding_magnitude(10.2, point), HS_MAG_MATCHES);
    /* ">90 %": 100 % matches, any larger too; 72 % = 90 / 1.25 is the edge */
    CU_ASSERT_EQUAL(hs_finding_magnitude(100, bound), HS_MAG_MATCHES);
    CU_ASSERT_EQUAL(hs_finding_magnitude(500, bound), HS_MAG_MATCHES);
    CU_ASSERT_EQUAL(hs_finding_magnitude(72, bound), HS_MAG_MATCHES);
    CU_ASSERT_EQUAL(hs_finding_magnitude(71.9, bound), HS_MAG_SMALLER);
    /* qualitative: no ratio, no magnitude */
    hs_finding_ratio(3, qual, &lo, &hi);
    CU_ASSERT(isnan(lo) && isnan(hi));
    CU_ASSERT_EQUAL(hs_finding_magnitude(3, qual), HS_MAG_NONE);
    CU_ASSERT_EQUAL(hs_finding_magnitude(NAN, point), HS_MAG_NONE);
}

static void test_row_fields(void)
{
    CU_ASSERT_EQUAL(hs_repro_column("device"), 0);
    CU_ASSERT_EQUAL(hs_repro_column("model"), 1);
    CU_ASSERT(hs_repro_column("lat_p50_ms") > 1);
    CU_ASSERT_EQUAL(hs_repro_column("no_such_column"), -1);
    CU_ASSERT_DOUBLE_EQUAL(hs_repro_field("a,1.5,,2e3", 1), 1.5, 1e-12);
    CU_ASSERT_DOUBLE_EQUAL(hs_repro_field("a,1.5,,2e3", 3), 2000, 1e-9);
    CU_ASSERT(isnan(hs_repro_field("a,1.5,,2e3", 2))); /* empty */
    CU_ASSERT(isnan(hs_repro_field("a,1.5,,2e3", 4))); /* past the end */
    CU_ASSERT(isnan(hs_repro_field("a,1.5", -1)));
}

int hs_suite_findings(void)
{
    CU_pSuite s = CU_add_suite("findings", NULL, NULL);
    if (!s || !CU_add_test(s, "evidence from calibration and direction", test_evidence) ||
        !CU_add_test(s, "ratio and magnitude against the study", test_magnitude) ||
        !CU_add_test(s, "reproduce's row fields", test_row_fields))
        return -1;
    return 0;
}
