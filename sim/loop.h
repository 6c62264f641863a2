/* hs_loop: a small event loop in the spirit of redis's ae.c.
 * Register one handler per event kind, each with its own context (an engine
 * and the device side it shares with the other engine, devside.h, handle
 * kinds of their own in one loop), schedule events at absolute times, then
 * run: the loop pops the earliest event (event_queue.h: time, then the
 * order they were scheduled), advances the clock to it and calls its kind's
 * handler, until the queue is empty or a handler calls hs_loop_stop() or
 * hs_loop_abort(). Time never goes backwards: scheduling in the past is a
 * bug and is clamped to now. Time never passes the clock's end
 * (base/clock.h): scheduling at or after it stops the run (hs_loop_over(),
 * which a caller that knows what took too long calls first with a message
 * naming it), as does a handler that sees the run cannot end (an overloaded
 * queue, hs_loop_over() too). The loop owns its queue; the contexts are the
 * callers'. */
#ifndef HS_LOOP_H
#define HS_LOOP_H

#include "sim/event_queue.h"

#define HS_LOOP_MAX_KINDS 16

typedef struct hs_loop hs_loop;
typedef void (*hs_handler)(hs_loop *loop, const hs_event *ev, void *ctx);

struct hs_loop {
    hs_eventq q;
    hs_time now;
    hs_handler handlers[HS_LOOP_MAX_KINDS];
    void *ctx[HS_LOOP_MAX_KINDS]; /* given to the kind's handler */
    int stop;
    int oom;             /* set when a push failed; the run must be abandoned */
    int over;            /* set by hs_loop_over(): the run cannot be simulated to its end */
    char over_what[400]; /* why, one line naming what (the first reason given) */
    uint64_t dispatched; /* events handled so far */
};

void hs_loop_init(hs_loop *loop);
void hs_loop_free(hs_loop *loop);
/* Events of `kind` go to fn(loop, event, ctx). */
void hs_loop_on(hs_loop *loop, int kind, hs_handler fn, void *ctx);
/* Schedule an event of `kind` at absolute time t with payload (a, b, gen). */
void hs_loop_at(hs_loop *loop, hs_time t, int kind, int32_t a, int64_t b, uint64_t gen);
/* Run until empty or stopped; returns 0, -1 when out of memory, -2 when
 * stopped by hs_loop_over() (loop->over_what says why). */
int hs_loop_run(hs_loop *loop);
void hs_loop_stop(hs_loop *loop);
/* A handler ran out of memory: stop; hs_loop_run returns -1. */
void hs_loop_abort(hs_loop *loop);
/* The run cannot go on (time past the clock's end, an overloaded queue):
 * stop; the first call's message is kept; hs_loop_run returns -2. */
void hs_loop_over(hs_loop *loop, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
