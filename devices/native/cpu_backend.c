/* CPU backend (being built on branch native-exec). */
#include "native_internal.h"

hs_native_backend *hs_native_cpu_new(const hs_native_cpu_opts *o, hs_error *err)
{
    (void)o;
    hs_error_set(err, "native CPU backend: kernels not built yet in this revision");
    return NULL;
}
