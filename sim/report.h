/* Printing a run: a table for people, one CSV row (with header) or a JSON
 * document for scripts. Output is a pure function of the run, so the same
 * seed gives byte-identical output. */
#ifndef HS_REPORT_H
#define HS_REPORT_H

#include <stdio.h>

#include "sim/engine.h"
#include "sim/metrics.h"

typedef enum { HS_FMT_TABLE = 0, HS_FMT_CSV, HS_FMT_JSON } hs_format;
extern const char *const hs_format_names[];

typedef struct hs_run_info {
    const char *policy, *scenario;
    const hs_device *d;
    const hs_graph *g;
    const hs_run_config *cfg;
    const hs_placement *pl;
    double predicted_ns; /* the policy's own estimate of a frame, 0 if none */
    const struct hs_frontend *fe; /* frontend transforms applied, or NULL */
    double accuracy;              /* accuracy proxy, NAN when unknown */
    const hs_run_result *res;
    const hs_metrics *m;
} hs_run_info;

int hs_report_write(FILE *f, hs_format fmt, const hs_run_info *info);
/* A multi-model workload: one entry per model (device-wide figures from the
 * first); table, one CSV row per model, or JSON with a "streams" array. */
int hs_report_workload(FILE *f, hs_format fmt, const hs_run_info *info, int n);
/* CSV pieces, shared with sweeps: the header line and one row. */
void hs_report_csv_header(FILE *f);
void hs_report_csv_row(FILE *f, const hs_run_info *info);

#endif
