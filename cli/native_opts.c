/* The options native and validate share (native_opts.h). */
#include "cli/native_opts.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "native/hogs.h"

hs_native_cli hs_native_cli_defaults(void)
{
    hs_native_cli o = {.backends = 3, .samples = 10, .warmup = 3, .threads = 0,
                       .cl_platform = -1, .cl_device = -1, .hogs = 0, .frames = 20,
                       .n_splits = 3, .splits = {0.25, 0.5, 0.75}};
    return o;
}

/* --splits F,F,...: fractions of each op's output, "" for none. */
static int parse_splits(const char *s, void *target, char *why, size_t n)
{
    hs_native_cli *o = target;
    o->n_splits = 0;
    char buf[256];
    snprintf(buf, sizeof buf, "%s", s);
    for (char *tok = strtok(buf, ","); tok; tok = strtok(NULL, ",")) {
        char *end;
        errno = 0;
        double v = strtod(tok, &end);
        if (errno || end == tok || *end || !(v > 0 && v < 1) ||
            o->n_splits >= HS_RECORD_MAX_SPLITS) {
            snprintf(why, n,
                     "expected up to %d fractions in (0, 1) separated by commas, got \"%s\"",
                     HS_RECORD_MAX_SPLITS, s);
            return -1;
        }
        o->splits[o->n_splits++] = v;
    }
    return 0;
}

/* --backends cpu[,opencl]: bit 0 cpu, bit 1 opencl; cpu is required. */
static int parse_backends(const char *s, void *target, char *why, size_t n)
{
    unsigned *out = target, b = 0;
    char buf[128];
    snprintf(buf, sizeof buf, "%s", s);
    for (char *tok = strtok(buf, ","); tok; tok = strtok(NULL, ",")) {
        if (strcmp(tok, "cpu") == 0) {
            b |= 1;
        } else if (strcmp(tok, "opencl") == 0) {
            b |= 2;
        } else {
            snprintf(why, n, "expected a comma-separated list of cpu, opencl; got \"%s\"", s);
            return -1;
        }
    }
    if (!(b & 1)) {
        snprintf(why, n, "expected cpu among the backends (the host runs the frame inputs, "
                         "outputs and fallbacks), got \"%s\"",
                 s);
        return -1;
    }
    *out = b;
    return 0;
}

void hs_native_cli_table(hs_native_cli *o, hs_opt *t)
{
    const hs_opt rows[HS_NATIVE_CLI_ROWS] = {
        HS_OPT_C("backends", 0, &o->backends, parse_backends),
        HS_OPT_I("samples", 's', &o->samples, 1, 100000),
        HS_OPT_I("warmup", 'w', &o->warmup, 0, 100000),
        HS_OPT_I("threads", 't', &o->threads, 1, 64),
        HS_OPT_I("cl-platform", 0, &o->cl_platform, 0, 63),
        HS_OPT_I("cl-device", 0, &o->cl_device, 0, 63),
        HS_OPT_I("hogs", 0, &o->hogs, 0, HS_MAX_HOGS),
        HS_OPT_I("frames", 'n', &o->frames, 1, 1000000),
        HS_OPT_C("splits", 0, o, parse_splits),
        HS_OPT_F("quiet", 'q', &o->quiet),
        HS_OPT_END};
    memcpy(t, rows, sizeof rows);
}

hs_record_dir_opts hs_native_cli_record(const hs_native_cli *o, const char *name, int probe_hogs,
                                        int reps)
{
    hs_record_dir_opts r = {.name = name, .use_cl = (o->backends & 2) != 0,
                            .samples = (int)o->samples, .warmup = (int)o->warmup,
                            .threads = (int)o->threads, .cl_platform = (int)o->cl_platform,
                            .cl_device = (int)o->cl_device, .n_splits = o->n_splits,
                            .probe_hogs = probe_hogs, .reps = reps, .progress = !o->quiet};
    memcpy(r.splits, o->splits, sizeof r.splits);
    return r;
}

hs_native_measure_opts hs_native_cli_measure(const hs_native_cli *o)
{
    hs_native_measure_opts m = {.frames = (int)o->frames, .warmup = (int)o->warmup,
                                .hogs = (int)o->hogs, .threads = (int)o->threads,
                                .cl_platform = (int)o->cl_platform,
                                .cl_device = (int)o->cl_device, .progress = !o->quiet};
    return m;
}
