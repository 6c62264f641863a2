/* A recording directory of native mode: DIR/NAME.json, this host measured
 * as a device profile (host_probe.h, host_profile.h), and
 * DIR/traces/NAME/MODEL/PROCESSOR.json, the per-op samples of MODEL on each
 * backend (record.h). `hetsim run -d DIR/NAME.json` finds the traces beside
 * the profile. An existing DIR/NAME.json is reused (the host is measured
 * once per directory); traces are (re)written. Files are written
 * atomically; progress goes to stderr when asked. */
#ifndef HS_RECORD_DIR_H
#define HS_RECORD_DIR_H

#include "base/error.h"
#include "native/record.h"

typedef struct hs_record_dir_opts {
    const char *name;           /* device name (default "host") */
    int use_cl;                 /* record the OpenCL backend too */
    int samples, warmup, threads, cl_platform, cl_device;
    int n_splits;
    double splits[HS_RECORD_MAX_SPLITS];
    int probe_hogs, reps;       /* host measurement: 0..probe_hogs hogs, reps per point */
    int progress;
    const char *cmd;            /* the command, for progress lines; NULL: "hetsim native record" */
} hs_record_dir_opts;

/* Errors: an unknown or malformed model is an input error; a failure to
 * measure or to write is a runtime error (base/error.h). */
/* Measure the host into `path`. */
int hs_native_probe_write(const hs_record_dir_opts *o, const char *path, hs_error *err);
/* Profile (unless present) and traces of `model` into `dir`. */
int hs_native_record_dir(const char *model, const char *dir, const hs_record_dir_opts *o,
                         hs_error *err);

#endif
