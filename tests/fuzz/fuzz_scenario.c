/* libFuzzer harness: the scenario loader (hs_scenario_from_json) on any bytes (parsed as JSON first). */
#include "tests/fuzz/fuzz_common.h"

#include "sim/scenario.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    cJSON *root = hs_fuzz_json(data, size, "scenario.json");
    if (!root)
        return 0;
    hs_error err;
    hs_scenario *scenario = hs_scenario_from_json(root, "scenario.json", &err);
    hs_scenario_free(scenario);
    cJSON_Delete(root);
    return 0;
}
