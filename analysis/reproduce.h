/* `hetsim reproduce paper`: the study's figures and findings, simulated
 * (docs/reproduce.md). Fig. 2 over every device profile (reproduce_fig2.c),
 * Fig. 3-5 from the sweeps of examples/paper/, Fig. 5 over time
 * (reproduce_fig5.c), into DIR as CSV files, plotted when plotting is
 * built; DIR/findings.md and findings.csv: each finding of the study, its
 * number, hetsim's, whether the direction holds, the kind of evidence
 * (analysis/findings.h: calibrated when the profile's source strings say a
 * number was set to the finding) and the ratio hetsim / study, and finding
 * 3 out of sample on every device (reproduce_contention.c). */
#ifndef HS_REPRODUCE_H
#define HS_REPRODUCE_H

#include "base/error.h"

/* 0, or -1 with err, a runtime error (the inputs are the shipped examples). */
int hs_reproduce_paper(const char *dir, int jobs, int quiet, hs_error *err);

#endif
