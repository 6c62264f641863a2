/* The pieces of `hetsim reproduce paper` (analysis/reproduce.c), one file
 * each: running points and reading their metrics back (reproduce_run.c),
 * Fig. 2 over every device profile (reproduce_fig2.c), finding 3's
 * contention out of sample (reproduce_contention.c) and Fig. 5's run over
 * time (reproduce_fig5.c). Each writes its files into `dir` atomically and
 * returns 0, or -1 with err. Not a public interface. */
#ifndef HS_REPRODUCE_RUN_H
#define HS_REPRODUCE_RUN_H

#include <stdio.h>

#include "analysis/point.h"
#include "base/error.h"

/* The position of `column` in `hetsim run -f csv`'s header, or -1. */
int hs_repro_column(const char *column);
/* Field `idx` of a CSV row as a number (NAN when missing). */
double hs_repro_field(const char *row, int idx);
/* One point simulated in-process: the metric `column`; NAN with err. */
double hs_repro_metric(const hs_point *pt, const char *column, hs_error *err);
/* Run the points as a sweep named `name` into DIR/NAME.csv (with `jobs`
 * processes) and read the rows back: rows[i] is point i's row (owned; free
 * with hs_rows_free(rows, n)). 0, or -1 with err. */
int hs_repro_sweep(const char *dir, const char *name, hs_point *pts, int n, int jobs, int quiet,
                   char ***rows, hs_error *err);

/* Fig. 2: every device profile x model x strategy (single processors, each
 * accelerator the device has, the parallel strategies) with `frames`
 * frames: DIR/fig2-latency.csv (the runs) and DIR/fig2-speedup.csv (speedup
 * over the best single processor, with each device's latency-model
 * provenance). */
int hs_repro_fig2(const char *dir, int frames, int jobs, int quiet, hs_error *err);
/* Finding 3 out of sample: 3 competitors on each processor of every device,
 * per model, against what the contention model alone and CPU time-sharing
 * alone predict: DIR/finding3-devices.csv; a markdown section to md. */
int hs_repro_contention(const char *dir, int jobs, int quiet, FILE *md, hs_error *err);
/* Fig. 5 at run time: one run of VGG-16 on the GPU, and one under the
 * adaptive policy, beside the apps of `scenario` (xiaomi-mi9): the GPU's
 * busy share (inference, apps) and each app's dropped frames per window of
 * window_ms: DIR/fig5-timeline.csv (long format: run, t_ms, series, pct). */
int hs_repro_fig5_timeline(const char *dir, const char *scenario, double window_ms,
                           hs_error *err);

#endif
