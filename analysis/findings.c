/* Evidence class and magnitude of a finding against the study (findings.h). */
#include "analysis/findings.h"

#include <math.h>
#include <stddef.h>

const char *const hs_evidence_names[] = {"emergent", "calibrated", "not reproduced", NULL};
const char *const hs_magnitude_names[] = {"n/a", "matches", "smaller", "larger", NULL};

hs_evidence hs_finding_evidence(int direction_holds, const int citing[HS_PROV_COUNT])
{
    if (citing[HS_PROV_CALIBRATED] + citing[HS_PROV_SCALED] > 0)
        return HS_EVIDENCE_CALIBRATED;
    return direction_holds ? HS_EVIDENCE_EMERGENT : HS_EVIDENCE_NOT_REPRODUCED;
}

void hs_finding_ratio(double ours, hs_study_value study, double *r_lo, double *r_hi)
{
    *r_lo = *r_hi = NAN;
    if (isnan(study.lo) || isnan(ours) || study.lo <= 0 || study.hi <= 0)
        return;
    *r_lo = ours / study.lo;
    *r_hi = ours / study.hi;
}

hs_magnitude hs_finding_magnitude(double ours, hs_study_value study)
{
    if (isnan(study.lo) || isnan(ours) || study.lo <= 0)
        return HS_MAG_NONE;
    if (ours < study.lo / HS_FINDING_TOLERANCE)
        return HS_MAG_SMALLER;
    if (!study.lower_bound && ours > study.hi * HS_FINDING_TOLERANCE)
        return HS_MAG_LARGER;
    return HS_MAG_MATCHES;
}
