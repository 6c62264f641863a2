/* libFuzzer harness: the ONNX importer on any bytes, in memory
 * (hs_onnx_to_json_mem), then its JSON through the model loader as
 * `hetsim import onnx` and hs_onnx_import do. */
#include "tests/fuzz/fuzz_common.h"

#include "traces/graph.h"
#include "traces/onnx_import.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static FILE *devnull;
    if (!devnull && !(devnull = fopen("/dev/null", "w")))
        abort();
    hs_onnx_opts o = {.warn = devnull};
    hs_error err;
    char *text = hs_onnx_to_json_mem(data, size, "model.onnx", &o, &err);
    if (!text)
        return 0;
    cJSON *root;
    if (hs_json_parse("model.onnx", text, &root, &err) < 0) {
        /* the importer must write valid JSON */
        fprintf(stderr, "hs_onnx_to_json_mem wrote invalid JSON: %s\n", err.msg);
        abort();
    }
    hs_graph *g = hs_graph_from_json(root, "model.onnx", &err);
    hs_graph_free(g);
    cJSON_Delete(root);
    free(text);
    return 0;
}
