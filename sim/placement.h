/* hs_placement: a plan after the simulator has enforced operator support.
 * Each op runs where the plan put it if that processor supports it (op type,
 * dtype, attribute limits); otherwise it falls back to the device's host CPU,
 * as TFLite delegates and SNPE do, and the fallback is counted with its
 * reason. Owns its arrays; free with hs_placement_free(). */
#ifndef HS_PLACEMENT_H
#define HS_PLACEMENT_H

#include "../devices/profile.h"
#include "graph.h"
#include "plan.h"

typedef struct hs_placement {
    int n_ops;
    int *proc;               /* processor that executes each op */
    hs_dtype *dtype;         /* dtype it executes in */
    unsigned char *fallback; /* 1 when the op left its planned processor */
    char (*why)[96];         /* reason for each fallback ("" otherwise) */
    int n_fallback;          /* ops unsupported where the plan put them */
} hs_placement;

/* Fails only when even the host cannot run an op (a profile error). */
hs_placement *hs_place(const hs_device *d, const hs_graph *g, const hs_plan *plan, hs_error *err);
void hs_placement_free(hs_placement *p);

#endif
