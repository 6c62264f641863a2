/* libFuzzer harness: the trace loader (hs_trace_from_json) on any bytes (parsed as JSON first). */
#include "tests/fuzz/fuzz_common.h"

#include "traces/trace.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    cJSON *root = hs_fuzz_json(data, size, "trace.json");
    if (!root)
        return 0;
    hs_error err;
    hs_trace *trace = hs_trace_from_json(root, "trace.json", &err);
    hs_trace_free(trace);
    cJSON_Delete(root);
    return 0;
}
