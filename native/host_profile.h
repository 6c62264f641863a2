/* The measured host (host_probe.h) written as a "hetsim-device" profile
 * (docs/formats.md) the simulator loads: processor "cpu" (cores = the
 * threads the CPU backend uses) and, with OpenCL, processor "gpu" (the
 * OpenCL device, whatever it is), measured contention tables, the two
 * processors marked as sharing cores when the OpenCL device is the host's
 * CPU (PoCL), transfer links fitted both ways, the empty-kernel launch cost,
 * the thread hand-off as the runtime decision cost, "recorded": "native" and
 * every raw measurement under "measurements". The caller owns the cJSON tree
 * returned (cJSON_Delete). */
#ifndef HS_HOST_PROFILE_H
#define HS_HOST_PROFILE_H

#include "base/error.h"
#include "native/host_probe.h"

struct cJSON;
struct cJSON *hs_host_profile_json(const hs_host_profile *hp, const char *name,
                                   const char *when, hs_error *err);
/* Write it to `path` atomically. */
int hs_host_profile_write(const hs_host_profile *hp, const char *name, const char *path,
                          hs_error *err);

#endif
