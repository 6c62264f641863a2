/* libFuzzer harness: the sweep loader (hs_sweep_from_json) on any bytes (parsed as JSON first). */
#include "tests/fuzz/fuzz_common.h"

#include <stdlib.h>

#include "analysis/sweep.h"
#include "native/executor.h"
#include "native/host_backends.h"
#include "native/native.h"

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

/* sweep.c can run a point (hs_run_point), which can run it natively; the
 * native layer is left out of the fuzz build (it needs the backends'
 * libraries) and this harness never runs a point: stubs that abort. */
hs_native_model *hs_native_model_new(const hs_graph *g, uint64_t seed, hs_error *err)
{
    (void)g, (void)seed, (void)err;
    abort();
}
void hs_native_model_free(hs_native_model *m)
{
    (void)m;
    abort();
}
const char *hs_native_backend_device(const hs_native_backend *b)
{
    (void)b;
    abort();
}
int hs_host_backends_open(hs_host_backends *hb, const hs_device *d, hs_native_model *m,
                          const hs_host_backend_opts *o, hs_error *err)
{
    (void)hb, (void)d, (void)m, (void)o, (void)err;
    abort();
}
void hs_host_backends_free(hs_host_backends *hb)
{
    (void)hb;
    abort();
}
int hs_native_execute(const hs_device *d, const hs_graph *g, const hs_placement *pl,
                      hs_native_backend *const *backends, const hs_exec_opts *o,
                      hs_exec_result *out, hs_error *err)
{
    (void)d, (void)g, (void)pl, (void)backends, (void)o, (void)out, (void)err;
    abort();
}
void hs_exec_result_free(hs_exec_result *r)
{
    (void)r;
    abort();
}
