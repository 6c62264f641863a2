/* Several runtime-scheduled models on one device: each model's plan has its
 * own units and scheduler; hs_workload joins their units into one index
 * space and routes every decision to the scheduler of the unit's model, so
 * each sees the shared processors' backlog (free_at) left by all models. */
#ifndef HS_WORKLOAD_H
#define HS_WORKLOAD_H

#include "sim/plan.h"

typedef struct hs_workload {
    int n;
    hs_plan **plans;   /* borrowed: one runtime plan per model */
    int *offsets;      /* first global unit of each model */
    int *unit_model;   /* per global unit */
    hs_units *units;   /* the joined units (owned) */
    hs_scheduler sched; /* routes to the plans' schedulers */
} hs_workload;

/* NULL with err when a plan is not a runtime plan or out of memory. */
hs_workload *hs_workload_new(hs_plan **plans, int n, hs_error *err);
void hs_workload_free(hs_workload *w);

#endif
