/* hs_session: one model on a device under one policy, ready to simulate or
 * print: the model (after frontend transforms), its traces, the policy's
 * plan and the placement the simulator makes of it. The session borrows the
 * device and owns the rest; close it with hs_session_close(). */
#ifndef HS_SESSION_H
#define HS_SESSION_H

#include "devices/profile.h"
#include "traces/trace.h"
#include "traces/frontend.h"
#include "traces/graph.h"
#include "sim/placement.h"
#include "sim/plan.h"

typedef struct hs_session {
    const hs_device *d;
    hs_graph *g;
    hs_trace **traces; /* one per processor, NULL where none */
    hs_plan *plan;
    hs_placement *pl;
    double accuracy;   /* accuracy proxy of the frontend transforms, NAN if unknown */
    char trace_warn[1024]; /* what the traces do not match in the model (lines), or "" */
} hs_session;

/* How to open a session: frontend transforms, and whether recorded or
 * synthesized traces are used (no_traces: the profile's latency model only). */
typedef struct hs_session_opts {
    hs_frontend fe;
    int no_traces;
} hs_session_opts;

/* 0, or -1 with err (everything opened so far is closed again). */
int hs_session_open(hs_session *s, const hs_device *d, const char *model, const char *policy,
                    const hs_session_opts *o, hs_error *err);
/* Replace the placement by where each op ran (runtime policies): op i on
 * proc[i]. */
int hs_session_observed(hs_session *s, const int *proc, hs_error *err);
void hs_session_close(hs_session *s);

#endif
