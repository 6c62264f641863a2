/* The native backends that execute a host profile's processors: the CPU
 * backend for its "cpu" processor (threads = the profile's cores unless
 * given), the OpenCL backend for a "gpu" processor (the platform/device the
 * profile's measurements name unless given). Bound to one model. Owns the
 * backends; free with hs_host_backends_free(). */
#ifndef HS_HOST_BACKENDS_H
#define HS_HOST_BACKENDS_H

#include "devices/profile.h"
#include "native/native.h"

typedef struct hs_host_backends {
    int n;                      /* processors of the profile */
    hs_native_backend **b;      /* per processor, NULL where unused */
} hs_host_backends;

typedef struct hs_host_backend_opts {
    int threads;                /* <= 0: the profile's cpu cores */
    int cl_platform, cl_device; /* -1: as measured (or the first GPU, else first device) */
    unsigned need;              /* bit per processor: open only these (0: all) */
} hs_host_backend_opts;

int hs_host_backends_open(hs_host_backends *hb, const hs_device *d, hs_native_model *m,
                          const hs_host_backend_opts *o, hs_error *err);
void hs_host_backends_free(hs_host_backends *hb);

#endif
