/* hs_native_backend: the public entry points, dispatched through each
 * backend's vtable, and the argument checks they share. */
#include <stdlib.h>
#include <string.h>

#include "native/native_internal.h"

void hs_native_backend_free(hs_native_backend *b)
{
    if (b)
        b->ops->destroy(b);
}

const char *hs_native_backend_name(const hs_native_backend *b) { return b->name; }
const char *hs_native_backend_device(const hs_native_backend *b) { return b->device; }

int hs_native_bind(hs_native_backend *b, hs_native_model *m, hs_error *err)
{
    if (b->m) {
        hs_error_set(err, "%s backend: already bound to a model", b->name);
        return -1;
    }
    if (b->ops->bind(b, m, err))
        return -1;
    b->m = m;
    return 0;
}

int hs_native_supports(const hs_native_backend *b, const hs_op *op)
{
    return b->ops->supports(b, op);
}

int hs_native_check_run(hs_native_backend *b, int op, hs_split_dim dim, double lo, double hi, int *axis,
                        int64_t *a, int64_t *e, hs_error *err)
{
    if (!b->m) {
        hs_error_set(err, "%s backend: no model bound (call hs_native_bind first)", b->name);
        return -1;
    }
    const hs_graph *g = b->m->g;
    if (op < 0 || op >= g->n_ops) {
        hs_error_set(err, "%s backend: op index %d out of range [0, %d)", b->name, op, g->n_ops);
        return -1;
    }
    if (!(lo >= 0 && hi <= 1 && lo <= hi) || dim < HS_SPLIT_NONE || dim > HS_SPLIT_HEIGHT) {
        hs_error_set(err, "%s backend: op '%s': slice [%g, %g) along dim %d: expected 0 <= lo <= hi <= 1",
                     b->name, g->ops[op].name, lo, hi, (int)dim);
        return -1;
    }
    hs_native_slice(&g->tensors[g->ops[op].out[0]], dim, lo, hi, axis, a, e);
    return 0;
}

int hs_native_run_op(hs_native_backend *b, int op, hs_split_dim dim, double lo, double hi, hs_error *err)
{
    return b->ops->run_op(b, op, dim, lo, hi, err);
}

int hs_native_transfer(hs_native_backend *b, int tensor, hs_native_dir dir, hs_split_dim dim, double lo,
                       double hi, hs_error *err)
{
    if (!b->m) {
        hs_error_set(err, "%s backend: no model bound (call hs_native_bind first)", b->name);
        return -1;
    }
    if (tensor < 0 || tensor >= b->m->g->n_tensors) {
        hs_error_set(err, "%s backend: tensor index %d out of range [0, %d)", b->name, tensor,
                     b->m->g->n_tensors);
        return -1;
    }
    if (!(lo >= 0 && hi <= 1 && lo <= hi)) {
        hs_error_set(err, "%s backend: tensor '%s': slice [%g, %g): expected 0 <= lo <= hi <= 1", b->name,
                     b->m->g->tensors[tensor].name, lo, hi);
        return -1;
    }
    return b->ops->transfer(b, tensor, dir, dim, lo, hi, err);
}

int hs_native_finish(hs_native_backend *b, hs_error *err) { return b->ops->finish(b, err); }
