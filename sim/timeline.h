/* hs_timeline: what happened when, for looking at a run in Perfetto or
 * chrome://tracing. Engines record spans on tracks (one per processor
 * queue, one per transfer link, one per competitor group and app, one for
 * frames); the writer emits Chrome Trace Event JSON ("ph": "X" complete
 * events, microseconds). Recording is off unless a timeline is attached.
 * Owns its arrays; free with hs_timeline_free(). */
#ifndef HS_TIMELINE_H
#define HS_TIMELINE_H

#include <stdio.h>

#include "sim/event_queue.h"

typedef struct hs_span {
    int track;
    hs_time t0, t1;
    int frame;          /* -1 when none */
    char name[40];
    const char *cat;    /* static string: "op", "transfer", "decision", "app", ... */
} hs_span;

typedef struct hs_timeline {
    int n_tracks;
    char (*tracks)[48];
    size_t n, cap;
    hs_span *spans;
    int oom;
} hs_timeline;

/* Index of the track named `name` (created on first use), -1 when out of memory. */
int hs_timeline_track(hs_timeline *tl, const char *name);
void hs_timeline_span(hs_timeline *tl, int track, hs_time t0, hs_time t1, int frame,
                      const char *name, const char *cat);
/* Chrome Trace Event JSON; returns 0, or -1 on a write error. */
int hs_timeline_write(const hs_timeline *tl, FILE *f);
void hs_timeline_free(hs_timeline *tl);

#endif
