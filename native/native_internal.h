/* Internals shared by the files of native/: the model's layout (host
 * buffers, weights, inferred op semantics) and the backend vtable that
 * backend.c dispatches through. Not for use outside native/ and its
 * tests. */
#ifndef HS_NATIVE_INTERNAL_H
#define HS_NATIVE_INTERNAL_H

#include <sched.h>

#include "native/native.h"
#include "native/opsem.h"

struct hs_native_model {
    const hs_graph *g;      /* borrowed: must outlive the model */
    uint64_t seed;
    float **host;           /* per tensor, owned */
    float **weights;        /* per op: w_elems + bias_elems floats, owned (NULL: none) */
    hs_native_opinfo *info; /* per op */
};

typedef struct hs_native_backend_ops {
    int (*bind)(hs_native_backend *b, hs_native_model *m, hs_error *err);
    int (*supports)(const hs_native_backend *b, const hs_op *op);
    int (*run_op)(hs_native_backend *b, int op, hs_split_dim dim, double lo, double hi, hs_error *err);
    int (*transfer)(hs_native_backend *b, int tensor, hs_native_dir dir, hs_split_dim dim,
                    double lo, double hi, hs_error *err);
    int (*finish)(hs_native_backend *b, hs_error *err);
    void (*destroy)(hs_native_backend *b);
} hs_native_backend_ops;

struct hs_native_backend {
    const hs_native_backend_ops *ops;
    char name[16];
    char device[256];
    hs_native_model *m; /* bound model (borrowed), NULL before bind */
    void *impl;         /* owned by the backend's destroy */
};

/* Common checks of run_op arguments; fills the output slice. */
int hs_native_check_run(hs_native_backend *b, int op, hs_split_dim dim, double lo, double hi,
                        int *axis, int64_t *a, int64_t *e, hs_error *err);
/* The calling thread's affinity mask (1, or 0 when it cannot be read), and
 * setting it back (topology.c, beside hs_native_pin_thread). */
int hs_native_thread_affinity(cpu_set_t *set);
void hs_native_set_thread_affinity(const cpu_set_t *set);

#endif
