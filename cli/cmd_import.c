/* hetsim import KIND FILE ...: turn a real tool's per-operator profile into a
 * "hetsim-trace" file (traces/importers.h), or, for kind "onnx", an ONNX
 * model into a hetsim model graph (traces/onnx_import.c, built with
 * protobuf-c).
 *
 * Contract: exit 0 after writing -o atomically; exit 2 with one message
 * naming the file, line or JSON path and what was expected when the command
 * line or the input is malformed (no output file is created or replaced);
 * exit 1 when the output cannot be written. Warnings (unmatched op names,
 * unused map entries, a dtype the simulator will not look up) go to stderr
 * and do not change the exit status. */
#include <stdio.h>
#include <string.h>

#include "analysis/trace_import.h"
#include "base/atomic_file.h"
#include "cli/cli.h"
#include "config.h"

/* One import kind: a trace importer (`trace`), or a whole command of its
 * own (`main`, called with argv[0] = the kind name). */
typedef struct import_kind {
    const char *name;
    const char *summary;
    hs_trace_importer trace;
    int (*main)(int argc, char **argv);
    const char *tool_side; /* how to produce FILE, for --help */
} import_kind;

static const import_kind kinds[] = {
    {"tflite", "TFLite benchmark_model --enable_op_profiling=true output (text)",
     hs_import_tflite, NULL,
     "  benchmark_model --graph=MODEL.tflite --enable_op_profiling=true --num_runs=50 \\\n"
     "      [--use_gpu=true] > FILE.txt\n"
     "Reads the Run Order table of \"Operator-wise Profiling Info for Regular Benchmark\n"
     "Runs\": one op per row, named by the [Name] column, sample = [avg ms] in us\n"
     "(--first adds the [first] column as a sample before it).\n"},
    {"onnxruntime", "ONNX Runtime profiling JSON (SessionOptions.enable_profiling)",
     hs_import_onnxruntime, NULL,
     "  so = onnxruntime.SessionOptions(); so.enable_profiling = True\n"
     "  s = onnxruntime.InferenceSession(\"MODEL.onnx\", so); (s.run(...) N times)\n"
     "  FILE = s.end_profiling()      # or: onnxruntime_perf_test -p FILE ...\n"
     "One op per node (\"<node>_kernel_time\" events), one sample per run (dur, us).\n"},
    {"tensorrt", "TensorRT trtexec --exportProfile JSON", hs_import_tensorrt, NULL,
     "  trtexec --onnx=MODEL.onnx [--fp16|--int8] --separateProfileRun \\\n"
     "      --dumpProfile --exportProfile=FILE.json\n"
     "One op per layer (TensorRT's fused layer names), one sample: averageMs in us.\n"},
    {"qed", "qed mobile-ml-benchmark per-op CSV (tflite_cnn_ops_gpu.csv)", hs_import_qed, NULL,
     "  the dataset's tflite_cnn_ops_gpu.csv (github.com/qed-usc/mobile-ml-benchmark)\n"
     "Rows of --source-model (default --model), latency column of --source-device\n"
     "(pixel4, s10, mi8se, a03s, ...): one op per row named <operation>_<row>,\n"
     "one sample in us.\n"},
    /* ---- other importers (commands of their own) ---- */
    {"band", "Band (MobiSys 2022) JSON config -> hetsim workload scenario", NULL,
     hs_cmd_import_band, NULL},
    /* ---- model-graph importers (other commands of their own) ----
     * "onnx": ONNX model -> hetsim model graph, traces/onnx_import.c, only
     * when configure found protobuf-c (HAVE_PROTOBUF). */
#ifdef HAVE_PROTOBUF
    {"onnx", "ONNX model -> hetsim model graph (JSON)", NULL, hs_cmd_import_onnx, NULL},
#endif
};
#define N_KINDS (sizeof kinds / sizeof kinds[0])

static void usage(FILE *f)
{
    fputs("usage: hetsim import KIND FILE -d DEVICE -P PROCESSOR -m MODEL -o OUT.json\n"
          "                    [--dtype fp32|fp16|int8] [--map FILE.csv]\n"
          "                    [--model-graph NAME|FILE]\n"
          "\n"
          "Turn a real tool's per-operator profile into a hetsim trace. KIND is one of:\n\n",
          f);
    for (size_t i = 0; i < N_KINDS; i++)
        fprintf(f, "  %-12s %s\n", kinds[i].name, kinds[i].summary);
#ifndef HAVE_PROTOBUF
    fprintf(f, "  %-12s %s\n", "onnx", "(not in this build: configure without protobuf-c)");
#endif
    fputs("\nhetsim import KIND --help describes each. Save the trace as\n"
          "traces/DEVICE/MODEL/PROCESSOR.json in a data directory to replace the synthesized\n"
          "one (docs/traces.md).\n",
          f);
}

static void kind_usage(FILE *f, const void *kind)
{
    const import_kind *k = kind;
    fprintf(f,
            "usage: hetsim import %s FILE -d DEVICE -P PROCESSOR -m MODEL -o OUT.json [options]\n"
            "\n%s.\n\nOn the tool side:\n%s\n",
            k->name, k->summary, k->tool_side);
    fputs("Options:\n"
          "  -d, --device NAME|FILE   device the profile was taken on: a profile name, or a\n"
          "                           profile file as run -d takes (the trace is filed under\n"
          "                           the name it gives)\n"
          "  -P, --processor NAME     processor of that device (cpu_big, gpu, ...)\n"
          "  -m, --model NAME         hetsim model name (default: the --model-graph's name)\n"
          "      --dtype DT           fp32, fp16 or int8 (default: what the processor of the\n"
          "                           catalogue's device profile runs the model in, else fp32)\n"
          "      --map FILE.csv       rename ops: lines \"tool name,model op name\"; an empty\n"
          "                           model op name drops the row; names mapped to one op\n"
          "                           are added sample by sample\n"
          "      --model-graph NAME|FILE  match the profile's names to this graph's ops: by\n"
          "                           op name, alias (ONNX node or tensor name), alias +\n"
          "                           _nchwc, \"a;b\" parts; fused kernels are attributed\n"
          "                           to the ops they cover (a summary line says how);\n"
          "                           warn about the names still unmatched\n"
          "  -o, --output FILE        trace to write, atomically (\"-\" = stdout)\n",
          f);
    if (strcmp(k->name, "tflite") == 0)
        fputs("      --first              also keep the [first] column, as the first sample\n",
              f);
    if (strcmp(k->name, "onnxruntime") == 0)
        fputs("      --skip-runs N        drop the first N runs (warm-up) of every node\n"
              "      --no-overhead        kernel times alone: leave out the framework time\n"
              "                           between kernels (model_run minus the kernels),\n"
              "                           which each node's sample carries by default\n",
              f);
    if (strcmp(k->name, "qed") == 0)
        fputs("      --source-model NAME  model rows to read (default: --model)\n"
              "      --source-device DEV  latency column: pixel4, s10, mi8se, a03s, iphone7,\n"
              "                           iphonexs (or DEV|gpu)\n",
              f);
}

static void warn_stderr(void *ctx, const char *msg)
{
    int *count = ctx;
    (*count)++;
    fprintf(stderr, "hetsim import: warning: %s\n", msg);
}

static void info_stderr(void *ctx, const char *msg)
{
    fprintf(stderr, "hetsim %s: %s\n", (const char *)ctx, msg);
}

int hs_cmd_import(int argc, char **argv)
{
    int rc;
    if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
        usage(argc < 2 ? stderr : stdout);
        return argc < 2 ? HS_EXIT_INPUT : HS_EXIT_OK;
    }
    const import_kind *k = NULL;
    for (size_t i = 0; i < N_KINDS; i++)
        if (strcmp(argv[1], kinds[i].name) == 0)
            k = &kinds[i];
    if (!k) {
#ifndef HAVE_PROTOBUF
        if (strcmp(argv[1], "onnx") == 0) {
            fputs("hetsim import onnx: this build has no ONNX import: configure found no "
                  "protobuf-c (install libprotobuf-c-dev protobuf-c-compiler libonnx-dev and "
                  "re-run ./configure)\n",
                  stderr);
            return HS_EXIT_INPUT;
        }
#endif
        fprintf(stderr, "hetsim import: unknown kind \"%s\"; expected one of", argv[1]);
        for (size_t i = 0; i < N_KINDS; i++)
            fprintf(stderr, "%s %s", i ? "," : "", kinds[i].name);
        fputs(" (see hetsim import --help)\n", stderr);
        return HS_EXIT_INPUT;
    }
    if (k->main)
        return k->main(argc - 1, argv + 1);

    char cmdname[64]; /* messages read "hetsim import tflite: ..." */
    snprintf(cmdname, sizeof cmdname, "import %s", k->name);
    hs_trace_import_req rq = {.fn = k->trace, .dtype = -1};
    long long skip_runs = 0;
    int n_warn = 0, first;
    const hs_opt opts[] = {
        HS_OPT_S("device", 'd', &rq.device),
        HS_OPT_S("processor", 'P', &rq.processor),
        HS_OPT_S("model", 'm', &rq.model),
        HS_OPT_S("output", 'o', &rq.output),
        HS_OPT_E("dtype", 0, &rq.dtype, hs_dtype_names),
        HS_OPT_S("map", 0, &rq.map),
        HS_OPT_S("model-graph", 0, &rq.graph),
        HS_OPT_F("first", 0, &rq.tool.with_first),
        HS_OPT_S("source-model", 0, &rq.tool.source_model),
        HS_OPT_S("source-device", 0, &rq.tool.source_device),
        HS_OPT_I("skip-runs", 0, &skip_runs, 0, 1000000),
        HS_OPT_F("no-overhead", 0, &rq.tool.no_overhead),
        HS_OPT_END};
    const hs_cli_spec spec = {.cmd = cmdname, .opts = {opts}, .min_args = 1, .max_args = 1,
                              .synopsis = "FILE -d DEVICE -P PROCESSOR -m MODEL -o OUT.json",
                              .need = {&rq.device, &rq.processor, &rq.output},
                              .usage_of = kind_usage, .usage_ctx = k};
    /* argv[1] = the kind */
    if ((rc = hs_cli_parse(&spec, argc - 1, argv + 1, &first)) != HS_CLI_GO)
        return rc;
    rq.file = argv[1 + first];
    rq.tool.skip_runs = (int)skip_runs;
    if (rq.tool.with_first && strcmp(k->name, "tflite") != 0) {
        fprintf(stderr, "hetsim %s: option --first applies to tflite only\n", cmdname);
        return HS_EXIT_INPUT;
    }
    if ((rq.tool.skip_runs || rq.tool.no_overhead) && strcmp(k->name, "onnxruntime") != 0) {
        fprintf(stderr, "hetsim %s: option %s applies to onnxruntime only\n", cmdname,
                rq.tool.skip_runs ? "--skip-runs" : "--no-overhead");
        return HS_EXIT_INPUT;
    }
    if ((rq.tool.source_model || rq.tool.source_device) && strcmp(k->name, "qed") != 0) {
        fprintf(stderr, "hetsim %s: options --source-model and --source-device apply to qed "
                        "only\n",
                cmdname);
        return HS_EXIT_INPUT;
    }
    if (!rq.model && !rq.graph)
        return hs_cli_expected(&spec);
    rq.tool.warn = warn_stderr;
    rq.tool.warn_ctx = &n_warn;
    rq.tool.info = info_stderr;
    rq.tool.info_ctx = cmdname;
    hs_error err;
    char note[1024];
    const char *ins[] = {rq.file, rq.map, rq.graph, rq.model, rq.device};
    if (hs_output_check(rq.output, ins, 5, &err) < 0)
        return hs_cli_fail(cmdname, &err);
    if (hs_trace_import(&rq, note, sizeof note, &err) < 0)
        return hs_cli_fail(cmdname, &err);
    if (strcmp(rq.output, "-") != 0)
        fprintf(stderr, "hetsim %s: wrote %s%s%s%s\n", cmdname, rq.output, note[0] ? "; " : "",
                note, n_warn ? " (see the warnings above)" : "");
    return HS_EXIT_OK;
}
