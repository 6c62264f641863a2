/* libFuzzer harness: the tensorrt importer (hs_import_tensorrt) on any bytes. The
 * importer reads a path, so the bytes go into an in-memory file. */
#include "fuzz_common.h"

#include "../../traces/importers.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char path[64], note[256];
    int fd = hs_fuzz_memfile(data, size, path, sizeof path);
    hs_import_opts o = {.device = "dev", .model = "model", .processor = "cpu",
                        .dtype = HS_DT_FP32};
    hs_error err;
    hs_trace *t = hs_import_tensorrt(path, &o, note, sizeof note, &err);
    hs_trace_free(t);
    close(fd);
    return 0;
}
