/* hetsim run: simulate one (device, model, policy, scenario), or a
 * scenario's workload, and print the metrics (analysis/point.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/point.h"
#include "base/atomic_file.h"
#include "cli/cli.h"
#include "sim/report.h"
#include "sim/timeline.h"

/* Write one result (n == 1 and not a workload) or a workload's results to
 * `output` atomically. */
static int write_output(const char *output, int fmt, const hs_run_info *info, int n,
                        int workload, hs_error *err)
{
    hs_afile f;
    if (hs_afile_open(&f, output, err) < 0)
        return -1;
    int bad = workload ? hs_report_workload(f.f, (hs_format)fmt, info, n)
                       : hs_report_write(f.f, (hs_format)fmt, info);
    if (bad < 0) {
        hs_afile_fail(&f, err);
        return -1;
    }
    return hs_afile_commit(&f, err);
}

/* What the timeline shows: "hetsim: MODEL(+MODEL) on DEVICE, policy P[, scenario S]". */
static void set_title(hs_timeline *tl, const hs_point_session *r)
{
    size_t len = (size_t)snprintf(tl->title, sizeof tl->title, "hetsim: ");
    for (int k = 0; k < r->n && len < sizeof tl->title; k++)
        len += (size_t)snprintf(tl->title + len, sizeof tl->title - len, "%s%s", k ? "+" : "",
                                r->info[k].g->name);
    if (len < sizeof tl->title)
        snprintf(tl->title + len, sizeof tl->title - len, " on %s, policy %s%s%s",
                 r->info[0].d->name, r->info[0].policy, r->info[0].scenario ? ", scenario " : "",
                 r->info[0].scenario ? r->info[0].scenario : "");
}

/* The run's timeline as Chrome Trace Event JSON, written atomically. */
static int write_timeline(const char *path, const hs_timeline *tl, hs_error *err)
{
    if (tl->oom) {
        hs_error_set_runtime(err, "%s: out of memory recording the timeline", path);
        return -1;
    }
    hs_afile f;
    if (hs_afile_open(&f, path, err) < 0)
        return -1;
    if (hs_timeline_write(tl, f.f) < 0) {
        hs_afile_fail(&f, err);
        return -1;
    }
    return hs_afile_commit(&f, err);
}

static void usage(FILE *f)
{
    fputs("usage: hetsim run [-d DEVICE] [-m MODEL] [-p POLICY] [options]\n"
          "\n"
          "Simulate inference of MODEL on DEVICE under POLICY and print per-frame latency,\n"
          "throughput, processor utilization, fallbacks, transfer share and (on profiles with\n"
          "co-execution costs) the synchronisation share of meetings between processors.\n"
          "\n"
          "  -d, --device NAME|FILE   device profile (default xiaomi-mi9; `hetsim list devices`)\n"
          "  -m, --model NAME|FILE    model graph (default resnet50; `hetsim list models`)\n"
          "  -p, --policy NAME        partitioning policy (default gpu; `hetsim list policies`)\n"
          "  -s, --scenario FILE      scenario JSON (arrivals, frames, seed); options override it\n"
          "  -n, --frames N           frames to complete (default 50)\n"
          "      --fps F              open-loop arrivals at F frames/s (periodic unless --arrival)\n"
          "      --inflight K         closed loop: K frames in flight at once (default 1)\n"
          "      --arrival MODE       closed (default: next frame when the last is done),\n"
          "                           periodic or poisson (both need --fps)\n"
          "      --seed S             random seed (default 1); same seed, same output\n"
          "      --slo MS             latency objective: report the share of frames within it\n"
          "      --prune R            frontend: prune a ratio R of the channels of inner layers\n"
          "      --quant int8         frontend: quantize the model to int8\n"
          "      --fixed-clocks       every processor at its top clock: no DVFS governor and\n"
          "                           no thermal throttling (the performance governor)\n"
          "      --no-traces          ignore traces: every op from the profile's latency model\n"
          "      --trace-mode MODE    sample (draw from each op's recorded samples with the\n"
          "                           seed; default) or replay (in recorded order, as\n"
          "                           sweeps do)\n"
          "      --trace-out FILE     write a Chrome Trace Event timeline (open it in Perfetto)\n"
          "  -f, --format FMT         table (default), csv or json\n"
          "  -o, --output FILE        write there instead of stdout (atomically; devices and\n"
          "                           FIFOs straight); checked, with --trace-out, before the run\n"
          "  -h, --help               this help\n"
          "\n"
          "Exit status: 0 ok, 1 run failed, 2 bad option or input file, or input that\n"
          "cannot be simulated (an op or the run past the clock's end, about 146 years;\n"
          "an app whose queue grows without bound).\n",
          f);
}

int hs_cmd_run(int argc, char **argv)
{
    int rc;
    static const char *const quant[] = {"int8", NULL};
    hs_point pt = {.device = "xiaomi-mi9", .policy = "gpu", .no_seed = 1};
    const char *output = "-", *trace_out = NULL;
    long long frames = 0, seed = -1, inflight = 0;
    int q = -1, arrival = -1, trace_mode = HS_TRACE_SAMPLE, fmt = HS_FMT_TABLE;
    const hs_opt opts[] = {
        HS_OPT_S("device", 'd', &pt.device),
        HS_OPT_S("model", 'm', &pt.model),
        HS_OPT_S("policy", 'p', &pt.policy),
        HS_OPT_S("scenario", 's', &pt.scenario),
        HS_OPT_I("frames", 'n', &frames, 1, 10000000),
        HS_OPT_D("fps", 0, &pt.fps, 1e-3, 1e6),
        HS_OPT_E("arrival", 0, &arrival, hs_arrival_names),
        HS_OPT_I("seed", 0, &seed, 0, 9007199254740991LL),
        HS_OPT_E("trace-mode", 0, &trace_mode, hs_trace_mode_names),
        HS_OPT_E("format", 'f', &fmt, hs_format_names),
        HS_OPT_I("inflight", 0, &inflight, 1, 1024),
        HS_OPT_D("prune", 0, &pt.prune, 0, 0.95),
        HS_OPT_E("quant", 0, &q, quant),
        HS_OPT_D("slo", 0, &pt.slo_ms, 1e-6, 1e9),
        HS_OPT_F("no-traces", 0, &pt.no_traces),
        HS_OPT_F("fixed-clocks", 0, &pt.fixed_clocks),
        HS_OPT_S("trace-out", 0, &trace_out),
        HS_OPT_S("output", 'o', &output),
        HS_OPT_END};
    const hs_cli_spec spec = {.cmd = "run", .usage = usage, .opts = {opts}, .max_args = 0};
    if ((rc = hs_cli_parse(&spec, argc, argv, NULL)) != HS_CLI_GO)
        return rc;
    int model_given = pt.model != NULL;
    if (!model_given)
        pt.model = "resnet50";
    pt.quant_int8 = q == 0;
    pt.frames = (int)frames;
    pt.inflight = (int)inflight;
    pt.no_seed = seed < 0;
    pt.seed = seed < 0 ? 0 : (unsigned long long)seed;
    pt.arrival_given = arrival >= 0;
    pt.arrival = arrival >= 0 ? (hs_arrival_mode)arrival : HS_ARRIVAL_CLOSED;
    pt.trace_mode = (hs_trace_mode)trace_mode;
    hs_timeline timeline = {0};
    pt.timeline = trace_out ? &timeline : NULL;

    hs_error err;
    /* every output writable, and none of them an input, before the simulation */
    const char *ins[] = {pt.model, pt.device, pt.scenario, output};
    if (hs_output_check(output, ins, 3, &err) < 0 ||
        (trace_out && hs_output_check(trace_out, ins, 4, &err) < 0))
        return hs_cli_fail("run", &err);
    if (trace_out && strcmp(trace_out, "-") != 0 && strcmp(trace_out, output) == 0) {
        fprintf(stderr, "hetsim run: --trace-out and -o name the same file %s\n", output);
        return HS_EXIT_INPUT;
    }
    hs_point_session *r = hs_point_open(&pt, &err);
    rc = HS_EXIT_OK;
    for (int k = 0; r && k < r->n; k++) /* traces that do not fit the model, named */
        hs_cli_warn_lines("run", r->ss[k].trace_warn);
    if (!r) {
        rc = hs_cli_fail("run", &err);
    } else if (r->workload && model_given) {
        fprintf(stderr, "hetsim run: scenario %s names its models (workload): drop -m\n",
                r->sc->name);
        rc = HS_EXIT_INPUT;
    } else if (hs_point_simulate(r, &err) < 0 || (set_title(&timeline, r), 0) ||
               write_output(output, fmt, r->info, r->n, r->workload, &err) < 0 ||
               (trace_out && write_timeline(trace_out, &timeline, &err) < 0)) {
        rc = hs_cli_fail("run", &err);
    }
    hs_point_close(r);
    hs_timeline_free(&timeline);
    return rc;
}
