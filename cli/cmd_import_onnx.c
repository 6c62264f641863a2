/* hetsim import onnx MODEL.onnx [-o OUT.json] [--name NAME] [...]
 *
 * Converts an ONNX model into a hetsim-model JSON graph (traces/onnx_import.h),
 * checks that the result loads (hs_graph_from_json), and writes it atomically
 * (base/atomic_file.h) to OUT.json or stdout. Exit status: 0 ok, 1 the output
 * could not be written, 2 bad option or input file (the message names the
 * file and the node). Built only with protobuf-c (HAVE_PROTOBUF); without it
 * sim/cmd_import.c says how to enable it.
 *
 * Entry point: hs_import_onnx_main(argc, argv), where argv[0] is "import" or
 * "onnx" (an "onnx" right after "import" is skipped), so it can sit in the
 * top-level command table or in an `import` sub-command table. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/atomic_file.h"
#include "base/error.h"
#include "traces/graph.h"
#include "base/json_read.h"
#include "config.h"
#include "traces/onnx_import.h"

static void usage(FILE *f)
{
    fputs("usage: hetsim import onnx MODEL.onnx [-o OUT.json] [--name NAME]\n"
          "                          [--description TEXT] [--source TEXT] [--generator TEXT]\n"
          "                          [--infer-shapes]\n"
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
          "  -h, --help            this help\n"
          "\n"
          "Exit status: 0 ok, 1 the output could not be written, 2 bad option or input file.\n",
          f);
}

int hs_import_onnx_main(int argc, char **argv)
{
    /* argv[0] is "import" (then "onnx") or "onnx" */
    int first = 1;
    if (argc > 1 && strcmp(argv[0], "import") == 0 && strcmp(argv[1], "onnx") == 0)
        first = 2;
    else if (argc > 1 && strcmp(argv[0], "import") == 0 && argv[1][0] != '-') {
        fprintf(stderr, "hetsim import: unknown format \"%s\" (supported: onnx; see hetsim "
                        "import onnx --help)\n", argv[1]);
        return HS_EXIT_INPUT;
    }
    int ac = argc - first + 1;
    char **av = argv + first - 1;
    const char *out = "-";
    static const struct option longopts[] = {
        {"output", required_argument, NULL, 'o'},
        {"name", required_argument, NULL, 'N'},
        {"description", required_argument, NULL, 'D'},
        {"source", required_argument, NULL, 'S'},
        {"generator", required_argument, NULL, 'G'},
        {"infer-shapes", no_argument, NULL, 'I'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *name = NULL, *desc = NULL, *src = NULL, *generator = NULL;
    int infer_all = 0;
    optind = 1;
    opterr = 0;
    int ch;
    while ((ch = getopt_long(ac, av, ":o:h", longopts, NULL)) != -1) {
        switch (ch) {
        case 'o': out = optarg; break;
        case 'N': name = optarg; break;
        case 'D': desc = optarg; break;
        case 'S': src = optarg; break;
        case 'G': generator = optarg; break;
        case 'I': infer_all = 1; break;
        case 'h': usage(stdout); return HS_EXIT_OK;
        case ':':
            fprintf(stderr, "hetsim import onnx: option \"%s\" needs a value (see hetsim import "
                            "onnx --help)\n", av[optind - 1]);
            return HS_EXIT_INPUT;
        default:
            fprintf(stderr, "hetsim import onnx: unknown option \"%s\" (see hetsim import onnx "
                            "--help)\n", av[optind - 1]);
            return HS_EXIT_INPUT;
        }
    }
    if (optind != ac - 1) {
        fprintf(stderr, "hetsim import onnx: expected one MODEL.onnx, got %d arguments (see "
                        "hetsim import onnx --help)\n", ac - optind);
        return HS_EXIT_INPUT;
    }
    const char *path = av[optind];
    if (name && !name[0]) {
        fputs("hetsim import onnx: option --name: expected a non-empty name\n", stderr);
        return HS_EXIT_INPUT;
    }
    char gen[64];
    snprintf(gen, sizeof gen, "hetsim import onnx %s", PACKAGE_VERSION);
    hs_onnx_opts o = {.name = name, .description = desc, .source = src,
                      .generator = generator ? generator : gen,
                      .infer_shapes = infer_all, .warn = stderr};
    hs_error err = {{0}};
    char *text = hs_onnx_to_json(path, &o, &err);
    if (!text) {
        fprintf(stderr, "hetsim import onnx: %s\n", err.msg);
        return HS_EXIT_INPUT;
    }
    /* never write a file the loader would reject */
    cJSON *root;
    hs_graph *g = NULL;
    if (hs_json_parse(path, text, &root, &err) == 0) {
        g = hs_graph_from_json(root, path, &err);
        cJSON_Delete(root);
    }
    if (!g) {
        fprintf(stderr, "hetsim import onnx: %s: the converted graph is not valid: %s\n", path,
                err.msg);
        free(text);
        return HS_EXIT_INPUT;
    }
    double params = 0;
    for (int i = 0; i < g->n_ops; i++)
        params += (double)g->ops[i].weight_elems;
    hs_afile af;
    if (hs_afile_open(&af, out, &err) < 0) {
        fprintf(stderr, "hetsim import onnx: %s\n", err.msg);
        free(text);
        hs_graph_free(g);
        return HS_EXIT_RUNTIME;
    }
    size_t len = strlen(text);
    if (fwrite(text, 1, len, af.f) != len) {
        hs_afile_abort(&af);
        fprintf(stderr, "hetsim import onnx: %s: write error\n", out);
        free(text);
        hs_graph_free(g);
        return HS_EXIT_RUNTIME;
    }
    free(text);
    if (hs_afile_commit(&af, &err) < 0) {
        fprintf(stderr, "hetsim import onnx: %s\n", err.msg);
        hs_graph_free(g);
        return HS_EXIT_RUNTIME;
    }
    if (strcmp(out, "-") != 0)
        fprintf(stderr, "hetsim import onnx: wrote %s: model \"%s\", %d ops, %.2f GFLOPs, %.2fM "
                        "params\n", out, g->name, g->n_ops, g->total_flops / 1e9, params / 1e6);
    hs_graph_free(g);
    return HS_EXIT_OK;
}
