/* Synthesized traces: per-op latency samples drawn around the simulator's
 * own estimate (the profile's fitted latency model, or its roofline) with
 * log-normal noise of a given coefficient of variation, marked
 * "recorded": "synthesized" with the generator's version, so that a real
 * recording can replace any one of them file by file. Default CVs per
 * processor kind follow measured run-to-run variation: CPU 3.3 % (median on
 * a Cortex-A76, nn-Meter), GPU 0.25 % (Adreno, nn-Meter); DSP/NPU 1 % (no
 * per-op measurement in the references: an assumption). */
#ifndef HS_SYNTH_H
#define HS_SYNTH_H

#include <stdint.h>

#include "devices/profile.h"
#include "traces/graph.h"
#include "traces/trace.h"

#define HS_SYNTH_GENERATOR "hetsim trace synth 1"

double hs_synth_default_cv(hs_proc_kind kind);

/* A trace of every op of `g` that processor `proc` of `d` supports, in the
 * dtype it runs the model in, `samples` samples each. NULL with err when the
 * processor cannot run the model at all. The caller frees the trace. */
hs_trace *hs_synth_trace(const hs_device *d, const hs_graph *g, int proc, int samples, double cv,
                         uint64_t seed, hs_error *err);

/* What hs_synth_write did for a processor: wrote trace t to `path`, or
 * (t NULL) skipped it because it cannot run the model (`why`). */
typedef void (*hs_synth_note)(void *ctx, const char *proc, const char *path, const hs_trace *t,
                              const char *why);
/* `hetsim trace synth`: processor `only` (>= 0) into the file `output`
 * ("-": stdout), or every processor that can run the model into
 * output/DEVICE/MODEL/PROCESSOR.json, the layout traces are read from
 * (directories created). cv < 0: each kind's default. Files are written
 * atomically; `note` (may be NULL) hears of each processor. 0, or -1 with
 * err: an input error when `only` cannot run the model, a runtime error
 * when a file cannot be written. */
int hs_synth_write(const hs_device *d, const hs_graph *g, int only, int samples, double cv,
                   uint64_t seed, const char *output, hs_synth_note note, void *ctx,
                   hs_error *err);

#endif
