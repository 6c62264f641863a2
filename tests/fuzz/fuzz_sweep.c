/* libFuzzer harness: the sweep loader (hs_sweep_from_json) on any bytes (parsed as JSON first). */
#include "tests/fuzz/fuzz_common.h"

#include "analysis/sweep.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    cJSON *root = hs_fuzz_json(data, size, "sweep.json");
    if (!root)
        return 0;
    hs_error err;
    hs_sweep *sweep = hs_sweep_from_json(root, "sweep.json", &err);
    hs_sweep_free(sweep);
    cJSON_Delete(root);
    return 0;
}
