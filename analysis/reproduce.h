/* `hetsim reproduce paper`: the study's figures and findings, simulated.
 * Runs the sweeps of examples/paper/ (Fig. 2 latency per strategy, Fig. 3
 * operator support, Fig. 4 scheduling granularity with and without
 * competitors, Fig. 5 GPU utilization against apps' frame drops) into
 * DIR as CSV files, plots them when plotting is built, and writes DIR/findings.md
 * and findings.csv: each finding of the study, its number, hetsim's number
 * and whether the direction holds. */
#ifndef HS_REPRODUCE_H
#define HS_REPRODUCE_H

#include "base/error.h"

/* 0, or -1 with err, a runtime error (the inputs are the shipped examples). */
int hs_reproduce_paper(const char *dir, int jobs, int quiet, hs_error *err);

#endif
