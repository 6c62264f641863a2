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
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "devices/support.h"
#include "traces/importers.h"
#include "sim/catalog.h"
#include "cli/cli.h"
#include "config.h"
#include "base/datapath.h"

#ifdef HAVE_PROTOBUF
#include "traces/onnx_import.h" /* hs_import_onnx_main: `hetsim import onnx` */
#endif

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
    /* ---- model-graph importers (other commands of their own) ----
     * "onnx": ONNX model -> hetsim model graph, traces/onnx_import.c, only
     * when configure found protobuf-c (HAVE_PROTOBUF). */
#ifdef HAVE_PROTOBUF
    {"onnx", "ONNX model -> hetsim model graph (JSON)", NULL, hs_import_onnx_main, NULL},
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

static void kind_usage(FILE *f, const import_kind *k)
{
    fprintf(f,
            "usage: hetsim import %s FILE -d DEVICE -P PROCESSOR -m MODEL -o OUT.json [options]\n"
            "\n%s.\n\nOn the tool side:\n%s\n",
            k->name, k->summary, k->tool_side);
    fputs("Options:\n"
          "  -d, --device NAME        device the profile was taken on (hetsim profile name)\n"
          "  -P, --processor NAME     processor of that device (cpu_big, gpu, ...)\n"
          "  -m, --model NAME         hetsim model name (default: the --model-graph's name)\n"
          "      --dtype DT           fp32, fp16 or int8 (default: what the processor of the\n"
          "                           catalogue's device profile runs the model in, else fp32)\n"
          "      --map FILE.csv       rename ops: lines \"tool name,model op name\"; an empty\n"
          "                           model op name drops the row; names mapped to one op\n"
          "                           are added sample by sample\n"
          "      --model-graph NAME|FILE  warn about op names that are not in this graph\n"
          "                           (and take op types from it)\n"
          "  -o, --output FILE        trace to write, atomically (\"-\" = stdout)\n",
          f);
    if (strcmp(k->name, "tflite") == 0)
        fputs("      --first              also keep the [first] column, as the first sample\n",
              f);
    if (strcmp(k->name, "onnxruntime") == 0)
        fputs("      --skip-runs N        drop the first N runs (warm-up) of every node\n", f);
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

/* A name that becomes a path component of traces/DEVICE/MODEL/PROCESSOR.json. */
static int check_name(const char *cmd, const char *opt, const char *v)
{
    if (!v[0] || strchr(v, '/') || strcmp(v, ".") == 0 || strcmp(v, "..") == 0) {
        fprintf(stderr, "hetsim %s: option %s: expected a name without '/' (it becomes part "
                        "of traces/DEVICE/MODEL/PROCESSOR.json), got \"%s\"\n",
                cmd, opt, v);
        return -1;
    }
    return 0;
}

enum { OPT_DTYPE = 256, OPT_MAP, OPT_GRAPH, OPT_FIRST, OPT_SRC_MODEL, OPT_SRC_DEVICE, OPT_SKIP };

int hs_cmd_import(int argc, char **argv)
{
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

    static const struct option longopts[] = {
        {"device", required_argument, 0, 'd'},
        {"processor", required_argument, 0, 'P'},
        {"model", required_argument, 0, 'm'},
        {"output", required_argument, 0, 'o'},
        {"dtype", required_argument, 0, OPT_DTYPE},
        {"map", required_argument, 0, OPT_MAP},
        {"model-graph", required_argument, 0, OPT_GRAPH},
        {"first", no_argument, 0, OPT_FIRST},
        {"source-model", required_argument, 0, OPT_SRC_MODEL},
        {"source-device", required_argument, 0, OPT_SRC_DEVICE},
        {"skip-runs", required_argument, 0, OPT_SKIP},
        {"help", no_argument, 0, 'h'},
        {0, 0, 0, 0}};
    const char *device = NULL, *processor = NULL, *model = NULL, *output = NULL;
    const char *map = NULL, *graph_arg = NULL;
    hs_import_opts o = {0};
    int dtype_given = 0, c, n_warn = 0;
    char cmd[64];
    snprintf(cmd, sizeof cmd, "import %s", k->name);
    optind = 1;
    opterr = 0;
    argc--;
    argv++; /* argv[0] = the kind */
    while ((c = getopt_long(argc, argv, ":d:P:m:o:h", longopts, NULL)) != -1) {
        switch (c) {
        case 'd': device = optarg; break;
        case 'P': processor = optarg; break;
        case 'm': model = optarg; break;
        case 'o': output = optarg; break;
        case OPT_MAP: map = optarg; break;
        case OPT_GRAPH: graph_arg = optarg; break;
        case OPT_FIRST: o.with_first = 1; break;
        case OPT_SRC_MODEL: o.source_model = optarg; break;
        case OPT_SRC_DEVICE: o.source_device = optarg; break;
        case OPT_SKIP: {
            long long v;
            if (hs_cli_int(cmd, "--skip-runs", optarg, 0, 1000000, &v) < 0)
                return HS_EXIT_INPUT;
            o.skip_runs = (int)v;
            break;
        }
        case OPT_DTYPE: {
            int dt = hs_cli_enum(cmd, "--dtype", optarg, hs_dtype_names);
            if (dt < 0)
                return HS_EXIT_INPUT;
            o.dtype = (hs_dtype)dt;
            dtype_given = 1;
            break;
        }
        case 'h': kind_usage(stdout, k); return HS_EXIT_OK;
        case ':':
            fprintf(stderr, "hetsim %s: option %s needs a value\n", cmd, argv[optind - 1]);
            return HS_EXIT_INPUT;
        default:
            fprintf(stderr, "hetsim %s: unknown option \"%s\" (see hetsim %s --help)\n", cmd,
                    argv[optind - 1], cmd);
            return HS_EXIT_INPUT;
        }
    }
    if (optind >= argc) {
        fprintf(stderr, "hetsim %s: expected the profile FILE to import (see hetsim %s --help)\n",
                cmd, cmd);
        return HS_EXIT_INPUT;
    }
    if (optind + 1 < argc) {
        fprintf(stderr, "hetsim %s: unexpected argument \"%s\"\n", cmd, argv[optind + 1]);
        return HS_EXIT_INPUT;
    }
    const char *file = argv[optind];
    if (o.with_first && strcmp(k->name, "tflite") != 0) {
        fprintf(stderr, "hetsim %s: option --first applies to tflite only\n", cmd);
        return HS_EXIT_INPUT;
    }
    if (o.skip_runs && strcmp(k->name, "onnxruntime") != 0) {
        fprintf(stderr, "hetsim %s: option --skip-runs applies to onnxruntime only\n", cmd);
        return HS_EXIT_INPUT;
    }
    if ((o.source_model || o.source_device) && strcmp(k->name, "qed") != 0) {
        fprintf(stderr, "hetsim %s: options --source-model and --source-device apply to qed "
                        "only\n",
                cmd);
        return HS_EXIT_INPUT;
    }
    const struct {
        const char *opt, *value;
    } req[] = {{"--device", device}, {"--processor", processor}, {"--output", output}};
    for (size_t i = 0; i < sizeof req / sizeof req[0]; i++)
        if (!req[i].value) {
            fprintf(stderr, "hetsim %s: option %s is required (see hetsim %s --help)\n", cmd,
                    req[i].opt, cmd);
            return HS_EXIT_INPUT;
        }
    if (!model && !graph_arg) {
        fprintf(stderr, "hetsim %s: option --model (or --model-graph) is required\n", cmd);
        return HS_EXIT_INPUT;
    }

    hs_error err;
    hs_graph *g = NULL;
    hs_device *d = NULL;
    int rc = HS_EXIT_INPUT;
    if (graph_arg && !(g = hs_open_model(graph_arg, &err))) {
        hs_cli_error(cmd, err.msg);
        return HS_EXIT_INPUT;
    }
    if (!model)
        model = g->name;
    if (check_name(cmd, "--device", device) < 0 || check_name(cmd, "--processor", processor) < 0 ||
        check_name(cmd, "--model", model) < 0)
        goto done;
    if (g && strcmp(g->name, model) != 0)
        fprintf(stderr, "hetsim %s: warning: --model \"%s\" differs from the name of model "
                        "graph \"%s\"; the simulator looks traces up by the graph's name\n",
                cmd, model, g->name);

    /* the catalogue's profile, when there is one, says which dtype the
     * simulator will look up for this processor */
    hs_error derr;
    char dtype_note[256] = "";
    d = hs_open_device(device, &derr);
    if (d) {
        int p = hs_device_find_proc(d, processor);
        hs_dtype exec_dt;
        hs_dtype model_dt = g ? g->dtype : HS_DT_FP32;
        if (p < 0) {
            fprintf(stderr, "hetsim %s: warning: device \"%s\" has no processor \"%s\" (it has",
                    cmd, device, processor);
            for (int i = 0; i < d->n_procs; i++)
                fprintf(stderr, "%s %s", i ? "," : "", d->procs[i].name);
            fputs("); the simulator will not use this trace\n", stderr);
        } else if (hs_exec_dtype(&d->procs[p], model_dt, &exec_dt) == 0) {
            if (!dtype_given) {
                o.dtype = exec_dt;
                snprintf(dtype_note, sizeof dtype_note,
                         "; dtype %s: what %s of %s runs an %s model in (--dtype to say "
                         "otherwise)",
                         hs_dtype_name(exec_dt), processor, device, hs_dtype_name(model_dt));
            } else if (o.dtype != exec_dt) {
                fprintf(stderr, "hetsim %s: warning: %s of %s runs an %s model in %s; the "
                                "simulator will not use an %s trace for it\n",
                        cmd, processor, device, hs_dtype_name(model_dt),
                        hs_dtype_name(exec_dt), hs_dtype_name(o.dtype));
            }
        }
    } else if (!dtype_given) {
        o.dtype = HS_DT_FP32;
    }
    o.device = device;
    o.processor = processor;
    o.model = model;
    o.warn = warn_stderr;
    o.warn_ctx = &n_warn;
    rc = hs_import_run(k->trace, file, &o, map, g, output, &err);
    if (rc != HS_EXIT_OK)
        hs_cli_error(cmd, err.msg);
    else if (strcmp(output, "-") != 0)
        fprintf(stderr, "hetsim %s: wrote %s%s%s\n", cmd, output, dtype_note,
                n_warn ? " (see the warnings above)" : "");
done:
    hs_device_free(d);
    hs_graph_free(g);
    return rc;
}
