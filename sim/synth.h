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

#endif
