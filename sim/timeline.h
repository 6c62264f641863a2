/* hs_timeline: what happened when, for looking at a run in Perfetto or
 * chrome://tracing. Engines record spans on tracks (one per processor
 * queue, one per transfer link, one per competitor group and app, one for
 * frames); the writer emits Chrome Trace Event JSON (microseconds):
 *  - "X" complete events, one thread (tid) per track. Viewers draw the
 *    slices of one thread as a stack, so spans of a track that overlap
 *    without nesting (transfers on one link, frames in flight) go to extra
 *    lanes of that track, threads named "TRACK (2)", "TRACK (3)", ...
 *    (first free lane, in start order). This holds for any category: the
 *    writer knows none of them.
 *  - flow events ("s" then "f", "bp": "e", category "flow"), drawn as
 *    arrows: a transfer linked to the job that produced its data and the
 *    job that consumes it (hs_timeline_link) gives one arrow producer ->
 *    transfer and one transfer -> consumer. Each flow event lies inside
 *    (bounds included) the slice it binds to, at its middle.
 * Jobs are named by a key: the engine's job id (>= 0), unique per run; a
 * link whose producer or consumer span is missing (or whose key repeats)
 * draws only the arrows it can.
 * Recording is off unless a timeline is attached.
 * Owns its arrays; free with hs_timeline_free(). */
#ifndef HS_TIMELINE_H
#define HS_TIMELINE_H

#include <stdint.h>
#include <stdio.h>

#include "sim/event_queue.h"

typedef struct hs_span {
    int track;
    hs_time t0, t1;
    int frame;          /* -1 when none */
    int64_t key;        /* the job's key, -1 when none */
    char name[40];
    const char *cat;    /* static string: "op", "transfer", "decision", "app", ... */
} hs_span;

/* Data carried by span `span` from the job keyed `from` to the job keyed
 * `to` (either -1 when none). */
typedef struct hs_tl_link {
    long span;
    int64_t from, to;
} hs_tl_link;

typedef struct hs_timeline {
    int n_tracks;
    char (*tracks)[48];
    size_t n, cap;
    hs_span *spans;
    size_t n_links, cap_links;
    hs_tl_link *links;
    int oom;
    char title[160]; /* what was simulated (the process's name in viewers), "" = "hetsim" */
} hs_timeline;

/* Index of the track named `name` (created on first use), -1 when out of memory. */
int hs_timeline_track(hs_timeline *tl, const char *name);
void hs_timeline_span(hs_timeline *tl, int track, hs_time t0, hs_time t1, int frame,
                      const char *name, const char *cat);
/* The same with a job key; returns the span's index, -1 when not recorded. */
long hs_timeline_span_keyed(hs_timeline *tl, int track, hs_time t0, hs_time t1, int frame,
                            const char *name, const char *cat, int64_t key);
/* Span `span` (an index from hs_timeline_span_keyed, -1: nothing) carries
 * data from job `from` to job `to`. */
void hs_timeline_link(hs_timeline *tl, long span, int64_t from, int64_t to);
/* Chrome Trace Event JSON; returns 0, or -1 on a write error or out of memory. */
int hs_timeline_write(const hs_timeline *tl, FILE *f);
void hs_timeline_free(hs_timeline *tl);

#endif
