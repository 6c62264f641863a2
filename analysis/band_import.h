/* Band's JSON configuration (Band: coordinated multi-DNN inference on
 * heterogeneous mobile processors, MobiSys 2022; its benchmark tool's
 * config) -> a hetsim scenario with a workload (docs/formats.md), so a Band
 * experiment replays in hetsim, plus the hetsim policy its scheduler maps
 * to (docs/policies.md, "Band configurations"). Strict: a field this
 * importer does not know is an error naming it; a field whose meaning
 * hetsim cannot reproduce (a scheduler without a hetsim counterpart,
 * batch_size > 1, slo_scale, a model pinned to a worker, workers the device
 * profile does not match) is refused naming the field; fields without
 * meaning in a simulation (log and profile paths, online profiling
 * settings) are listed as ignored. All errors are input errors. */
#ifndef HS_BAND_IMPORT_H
#define HS_BAND_IMPORT_H

#include <stddef.h>

#include "base/error.h"

typedef struct hs_band_import_opts {
    const char *name;   /* the scenario's name; NULL: the config's file name without .json */
    const char *models; /* "GRAPH=MODEL,...": hetsim model for a Band graph (its file name,
                         * with or without directory and extension); NULL: none */
    const char *device; /* check the workers against this profile; NULL: not checked */
    int frames;         /* frames per model; 0: running_time_ms / period, else 50 */
} hs_band_import_opts;

typedef struct hs_band_import {
    char *json;          /* the hetsim-scenario document (malloc'd, caller frees) */
    char policy[32];     /* e.g. "band:heft" */
    char ignored[512];   /* comma-separated ignored fields ("" when none) */
} hs_band_import;

/* Read the Band config at `path`. 0, or -1 with err. */
int hs_band_import_file(const char *path, const hs_band_import_opts *o, hs_band_import *out,
                        hs_error *err);

/* The hetsim policy for a Band scheduler name, NULL when hetsim has none. */
const char *hs_band_policy(const char *scheduler);

#endif
