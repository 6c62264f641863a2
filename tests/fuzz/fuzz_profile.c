/* libFuzzer harness: the profile loader (hs_device_from_json) on any bytes (parsed as JSON first). */
#include "tests/fuzz/fuzz_common.h"

#include "devices/profile.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    cJSON *root = hs_fuzz_json(data, size, "device.json");
    if (!root)
        return 0;
    hs_error err;
    hs_device *device = hs_device_from_json(root, "device.json", &err);
    hs_device_free(device);
    cJSON_Delete(root);
    return 0;
}
