/* hs_trace_import: `hetsim import KIND` for trace importers, whole: a real
 * tool's per-operator profile read by an importer (traces/importers.h),
 * renamed through a map, checked against a model graph, filed under a
 * device, model and processor, in the dtype the simulator will look up for
 * that processor (the catalogue's device profile says which, when there is
 * one), and written atomically.
 * Errors: a malformed input, a name that cannot be a path component
 * (traces/DEVICE/MODEL/PROCESSOR.json) or an unknown model graph is an
 * input error, with nothing written; an output that cannot be written is a
 * runtime error. Warnings (names the graph lacks, a processor the device
 * lacks, a dtype the simulator will not use) go to req->tool.warn. */
#ifndef HS_TRACE_IMPORT_H
#define HS_TRACE_IMPORT_H

#include <stddef.h>

#include "traces/importers.h"

typedef struct hs_trace_import_req {
    hs_trace_importer fn;
    const char *file;              /* the tool's profile */
    const char *device, *processor; /* what the trace is filed under (required); device may
                                      be a profile file (a path, as `run -d` takes): the
                                      trace is filed under the name that profile gives */
    const char *model;             /* NULL: the model graph's name */
    const char *graph;             /* model graph (name or file) to check against, or NULL */
    const char *map;               /* rename map, or NULL */
    int dtype;                     /* an hs_dtype, or -1: what the device's processor runs
                                      the model in (fp32 when the catalogue has no such device) */
    const char *output;            /* "-": stdout */
    hs_import_opts tool;           /* the importer's own options and the warning sink;
                                      device, processor, model and dtype are filled here */
} hs_trace_import_req;

/* 0, or -1 with err. `note` (may be NULL) receives how the dtype was chosen
 * when the catalogue chose it ("" otherwise). */
int hs_trace_import(const hs_trace_import_req *req, char *note, size_t note_n, hs_error *err);

#endif
