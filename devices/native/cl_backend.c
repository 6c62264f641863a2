/* OpenCL backend (being built on branch native-exec). */
#include "native_internal.h"

hs_native_backend *hs_native_opencl_new(const hs_native_cl_opts *o, hs_error *err)
{
    (void)o;
    hs_error_set(err, "native OpenCL backend: kernels not built yet in this revision");
    return NULL;
}
