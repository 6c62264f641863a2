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
    /* a linear layer; a MatMul only when its other operand is a weight */
    return hs_op_type_has(op->type_id, HS_OPF_LINEAR) &&
           (op->type_id != HS_OP_MATMUL || op->n_in == 1);
}
