#include "policies/coexec.h"

#include <string.h>

int hs_coexec_pair(const hs_policy *self, const hs_device *d, int *cpu, int *gpu, hs_error *err)
{
    *cpu = d->host;
    *gpu = hs_device_find_kind(d, HS_PROC_GPU);
    if (*gpu < 0) {
        hs_error_set(err, "policy %s: device %s has no gpu processor to co-execute with", self->name,
                     d->name);
        return -1;
    }
    return 0;
}

int hs_coexec_splittable(const hs_op *op)
{
    return strcmp(op->type, "Conv") == 0 || strcmp(op->type, "ConvTranspose") == 0 ||
           strcmp(op->type, "Gemm") == 0 || (strcmp(op->type, "MatMul") == 0 && op->n_in == 1);
}
