/* libFuzzer harness: the model loader (hs_graph_from_json) on any bytes (parsed as JSON first). */
#include "tests/fuzz/fuzz_common.h"

#include "traces/graph.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    cJSON *root = hs_fuzz_json(data, size, "model.json");
    if (!root)
        return 0;
    hs_error err;
    hs_graph *graph = hs_graph_from_json(root, "model.json", &err);
    hs_graph_free(graph);
    cJSON_Delete(root);
    return 0;
}
