/* hs_point: one run of a sweep (device, model, policy, scenario, seed,
 * frontend transforms), simulated in-process; its result is one CSV row in
 * the format of `hetsim run -f csv` (report.h). */
#ifndef HS_POINT_H
#define HS_POINT_H

#include <stdio.h>

#include "base/error.h"

typedef struct hs_point {
    const char *device, *model, *policy;
    const char *scenario; /* path, or NULL for the default closed loop */
    unsigned long long seed;
    int frames;           /* 0: the scenario's or the default */
    double prune;
    int quant_int8;
} hs_point;

/* Simulate and write the row (no header) to f; 0, or -1 with err. */
int hs_point_run(const hs_point *pt, FILE *f, hs_error *err);

#endif
