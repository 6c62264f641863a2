/* The options `hetsim native` and `hetsim validate` share: how to record
 * (backends, samples, splits, threads, the OpenCL device) and how to run
 * natively (frames, warm-up, hogs), one table row each (cli.h), parsed into
 * hs_native_cli and turned into the library's option structs. */
#ifndef HS_NATIVE_OPTS_H
#define HS_NATIVE_OPTS_H

#include "analysis/run_point.h"
#include "cli/cli.h"
#include "native/record_dir.h"

typedef struct hs_native_cli {
    unsigned backends; /* bit 0 cpu, bit 1 opencl */
    long long samples, warmup, threads, cl_platform, cl_device, hogs, frames;
    int n_splits;
    double splits[HS_RECORD_MAX_SPLITS];
    int quiet;
} hs_native_cli;

#define HS_NATIVE_CLI_ROWS 11 /* rows hs_native_cli_table() writes, its end included */

/* The defaults: cpu,opencl, 10 samples, 3 warm-up frames, the profile's
 * threads, the measured OpenCL device, 20 frames, splits 0.25,0.5,0.75. */
hs_native_cli hs_native_cli_defaults(void);
/* The shared rows, bound to o, into t[0..HS_NATIVE_CLI_ROWS) (ended by
 * HS_OPT_END): --backends, --samples/-s, --warmup/-w, --threads/-t,
 * --cl-platform, --cl-device, --hogs, --frames/-n, --splits, --quiet/-q. */
void hs_native_cli_table(hs_native_cli *o, hs_opt *t);
/* Recording options: device name `name`, probe_hogs and reps as given. */
hs_record_dir_opts hs_native_cli_record(const hs_native_cli *o, const char *name, int probe_hogs,
                                        int reps);
/* Native run options. */
hs_native_measure_opts hs_native_cli_measure(const hs_native_cli *o);

#endif
