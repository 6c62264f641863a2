/* Frontend (model-level) transforms that compose with any policy (finding 6
 * of the study: cross-level optimisation): channel pruning, which shrinks
 * FLOPs and tensors, and int8 quantization, which changes the dtype and so
 * which processors support each op and how fast they run it. The accuracy
 * proxy comes from the figures the model declares ("accuracy" in the model
 * file): linear interpolation between its pruning points, minus the
 * declared int8 drop; NAN when the model declares nothing to go by. */
#ifndef HS_FRONTEND_H
#define HS_FRONTEND_H

#include "traces/graph.h"

typedef struct hs_frontend {
    double prune;   /* channel pruning ratio in [0, 1) */
    int quant_int8; /* 1: quantize the model to int8 */
} hs_frontend;

/* Transform g in place and set *accuracy (NAN when unknown). */
int hs_frontend_apply(hs_graph *g, const hs_frontend *fe, double *accuracy, hs_error *err);
/* The accuracy proxy alone, for a model and transforms. */
double hs_accuracy_proxy(const hs_accuracy *a, double prune, int quant_int8);

#endif
