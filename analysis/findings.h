/* A finding of the study (Liu et al. 2024) next to hetsim's number: what
 * kind of evidence the number is, and how big it is against the study's.
 *
 * Evidence: CALIBRATED when the device profile holds numbers set to this
 * finding's figure (a number whose source cites the study and the finding,
 * of class "calibrated", or "scaled" from such a calibration: then the
 * number coming out is no evidence), whatever the direction; otherwise
 * EMERGENT when the direction holds (it came out of mechanisms with
 * sourced parameters), NOT_REPRODUCED when it does not.
 * Magnitude: the study gives a value, a range [lo, hi], a lower bound
 * (">90 %"), or nothing (qualitative: NAN). The ratio is hetsim's number
 * over the study's (over lo and over hi for a range). It MATCHES within a
 * factor HS_FINDING_TOLERANCE of the range (or above the bound divided by
 * it); otherwise it is SMALLER or LARGER; NONE for a qualitative finding. */
#ifndef HS_FINDINGS_H
#define HS_FINDINGS_H

#include "devices/provenance.h"

#define HS_FINDING_TOLERANCE 1.25

typedef enum { HS_EVIDENCE_EMERGENT = 0, HS_EVIDENCE_CALIBRATED, HS_EVIDENCE_NOT_REPRODUCED } hs_evidence;
extern const char *const hs_evidence_names[]; /* "emergent", "calibrated", "not reproduced" */

typedef enum { HS_MAG_NONE = 0, HS_MAG_MATCHES, HS_MAG_SMALLER, HS_MAG_LARGER } hs_magnitude;
extern const char *const hs_magnitude_names[]; /* "n/a", "matches", "smaller", "larger" */

/* The study's number: lo == hi for a value, lower_bound for "> lo",
 * lo = NAN for a qualitative finding. */
typedef struct hs_study_value {
    double lo, hi;
    int lower_bound;
} hs_study_value;

/* `citing`: the profile's numbers per class whose source cites the finding
 * (hs_provenance_count_citing). */
hs_evidence hs_finding_evidence(int direction_holds, const int citing[HS_PROV_COUNT]);
/* ours / lo and ours / hi (NAN for a qualitative finding or a study value <= 0). */
void hs_finding_ratio(double ours, hs_study_value study, double *r_lo, double *r_hi);
hs_magnitude hs_finding_magnitude(double ours, hs_study_value study);

#endif
