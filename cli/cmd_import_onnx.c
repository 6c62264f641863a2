/* hetsim import onnx MODEL.onnx [-o OUT.json] [--name NAME] [...]
 *
 * Converts an ONNX model into a hetsim-model JSON graph and writes it
 * atomically to OUT.json or stdout (traces/onnx_import.h: the conversion,
 * the check that the result loads, the file). Exit status: 0 ok, 1 the
 * output could not be written, 2 bad option or input file (the message
 * names the file and the node). Built only with protobuf-c (HAVE_PROTOBUF);
 * without it cli/cmd_import.c says how to enable it.
 *
 * Entry point: hs_cmd_import_onnx(argc, argv) (cli.h), argv[0] = "onnx",
 * called by `hetsim import` for the kind "onnx". */
#include <stdio.h>
#include <string.h>

#include "base/atomic_file.h"
#include "cli/cli.h"
#include "config.h"
#include "traces/onnx_import.h"

static void usage(FILE *f)
{
    fputs("usage: hetsim import onnx MODEL.onnx [-o OUT.json] [--name NAME]\n"
          "                          [--description TEXT] [--source TEXT] [--generator TEXT]\n"
          "                          [--infer-shapes] [--runtime tflite|mace|ort|none]\n"
          "\n"
          "Convert an ONNX model into a hetsim model graph (\"hetsim-model\" JSON). Ops keep\n"
          "their ONNX types; weights, constants and shape computations are folded into the\n"
          "ops that use them; every op gets its output shapes, FLOPs and weight count.\n"
          "Op types the importer does not know are kept, with a warning; their output\n"
          "shapes must then be in the file's value_info. The zoo is built with it\n"
          "(scripts/zoo/make_zoo.py; docs/models.md).\n"
          "\n"
          "  -o, --output FILE     write there (atomically) instead of stdout; put it in\n"
          "                        traces/models/NAME.json to use it with -m NAME\n"
          "      --name NAME       model name (default: the file name without .onnx)\n"
          "      --description T   one-line description (default: what, input, GFLOPs, params)\n"
          "      --source TEXT     where the model definition comes from\n"
          "      --generator TEXT  what made the file (default: hetsim import onnx VERSION)\n"
          "      --infer-shapes    infer every shape even where the file's value_info has it\n"
          "      --runtime RT      lower the graph as runtime RT does before it runs it\n"
          "                        (default tflite): batch norm folded into the conv before\n"
          "                        it (tflite: else Mul + Add), activations fused into their\n"
          "                        producer, HardSigmoid*x -> HardSwish (tflite), Identity\n"
          "                        removed; none: the ONNX ops as they are (docs/models.md)\n"
          "  -h, --help            this help\n"
          "\n"
          "Exit status: 0 ok, 1 the output could not be written, 2 bad option or input file.\n",
          f);
}

static int nonempty(const char *v, void *target, char *why, size_t n)
{
    if (!v[0]) {
        snprintf(why, n, "expected a non-empty name, got \"\"");
        return -1;
    }
    *(const char **)target = v;
    return 0;
}

int hs_cmd_import_onnx(int argc, char **argv)
{
    int rc;
    const char *out = "-";
    int first;
    hs_lower_stats low;
    hs_onnx_opts o = {.warn = stderr, .runtime = HS_RT_TFLITE, .lowered = &low};
    const hs_opt opts[] = {
        HS_OPT_S("output", 'o', &out),
        HS_OPT_C("name", 0, &o.name, nonempty),
        HS_OPT_S("description", 0, &o.description),
        HS_OPT_S("source", 0, &o.source),
        HS_OPT_S("generator", 0, &o.generator),
        HS_OPT_F("infer-shapes", 0, &o.infer_shapes),
        HS_OPT_E("runtime", 0, &o.runtime, hs_runtime_names),
        HS_OPT_END};
    const hs_cli_spec spec = {.cmd = "import onnx", .usage = usage, .opts = {opts}, .min_args = 1,
                              .max_args = 1, .synopsis = "one MODEL.onnx"};
    if ((rc = hs_cli_parse(&spec, argc, argv, &first)) != HS_CLI_GO)
        return rc;
    char gen[64];
    snprintf(gen, sizeof gen, "hetsim import onnx %s", PACKAGE_VERSION);
    if (!o.generator)
        o.generator = gen;
    hs_error err;
    hs_onnx_summary sum;
    const char *in = argv[first];
    if (hs_output_check(out, &in, 1, &err) < 0)
        return hs_cli_fail("import onnx", &err);
    if (hs_onnx_import_file(argv[first], &o, out, &sum, &err) < 0)
        return hs_cli_fail("import onnx", &err);
    if (o.runtime != HS_RT_NONE) {
        char what[512];
        hs_lower_stats_text(&low, what, sizeof what);
        fprintf(stderr, "hetsim import onnx: lowered for %s: %s\n", hs_runtime_names[o.runtime],
                what);
    }
    if (strcmp(out, "-") != 0)
        fprintf(stderr, "hetsim import onnx: wrote %s: model \"%s\", %d ops, %.2f GFLOPs, %.2fM "
                        "params\n",
                out, sum.name, sum.n_ops, sum.flops / 1e9, sum.params / 1e6);
    return HS_EXIT_OK;
}
