/* libFuzzer harness: the importers' rename map (hs_name_map_load, the CSV of
 * `hetsim import --map`) on any bytes, applied to a small trace. */
#include "tests/fuzz/fuzz_common.h"

#include "traces/importers.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char path[64];
    int fd = hs_fuzz_memfile(data, size, path, sizeof path);
    hs_error err;
    hs_name_map *m = hs_name_map_load(path, &err);
    if (m) {
        hs_import_opts o = {.device = "dev", .model = "model", .processor = "cpu",
                            .dtype = HS_DT_FP32};
        hs_trace *t = hs_import_trace_new(&o, "fuzz", &err);
        if (t && hs_import_add_sample(t, "conv1", "Conv", 10, &err) == 0 &&
            hs_import_add_sample(t, "relu1", "Relu", 2, &err) == 0 &&
            hs_import_add_sample(t, "conv1", "Conv", 11, &err) == 0)
            hs_name_map_apply(m, t, &o, &err);
        hs_trace_free(t);
        hs_name_map_free(m);
    }
    close(fd);
    return 0;
}
