/* Opening devices, models, traces and scenarios by catalogue name or path.
 * A name ("xiaomi-mi9") is looked up in the data directories (datapath.h);
 * an argument with a '/' or ending in .json is a file path. */
#ifndef HS_CATALOG_H
#define HS_CATALOG_H

#include <stddef.h>

#include "devices/profile.h"
#include "traces/trace.h"
#include "traces/graph.h"

hs_device *hs_open_device(const char *name_or_path, hs_error *err);
hs_graph *hs_open_model(const char *name_or_path, hs_error *err);
/* One trace per processor of `d` for model `g` (NULL where none exists):
 * traces/DEVICE/MODEL/PROCESSOR.json beside the profile file first (where
 * hetsim native record writes them), then in the data directories.
 * A trace file that exists but is malformed or names another device, model
 * or processor is an error. Free with hs_traces_free(). */
int hs_open_traces(const hs_device *d, const hs_graph *g, hs_trace ***out, hs_error *err);
/* The same, and checked against the model: a trace none of whose op rows
 * names an op of `g` is an error naming the file; rows naming no op, or
 * typed otherwise than the model's op, are written into warn (lines naming
 * the trace file; empty when none). */
int hs_open_traces_warn(const hs_device *d, const hs_graph *g, hs_trace ***out, char *warn,
                        size_t warn_size, hs_error *err);
void hs_traces_free(hs_trace **t, int n);

#endif
