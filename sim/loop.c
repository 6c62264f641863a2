#include "sim/loop.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "base/clock.h"

void hs_loop_init(hs_loop *loop)
{
    memset(loop, 0, sizeof *loop);
    hs_eventq_init(&loop->q);
}

void hs_loop_free(hs_loop *loop)
{
    hs_eventq_free(&loop->q);
}

void hs_loop_on(hs_loop *loop, int kind, hs_handler fn, void *ctx)
{
    if (kind >= 0 && kind < HS_LOOP_MAX_KINDS) {
        loop->handlers[kind] = fn;
        loop->ctx[kind] = ctx;
    }
}

void hs_loop_at(hs_loop *loop, hs_time t, int kind, int32_t a, int64_t b, uint64_t gen)
{
    if (t >= HS_CLOCK_END_NS) {
        hs_loop_over(loop, "an event at %.6g ns is past the end of the simulated clock (%.6g ns, "
                           "about %.0f years)", (double)t, (double)HS_CLOCK_END_NS,
                     HS_CLOCK_END_YEARS);
        return;
    }
    hs_event ev = {.t = t < loop->now ? loop->now : t, .kind = kind, .a = a, .b = b, .gen = gen};
    if (!hs_eventq_push(&loop->q, &ev))
        hs_loop_abort(loop);
}

void hs_loop_stop(hs_loop *loop)
{
    loop->stop = 1;
}

void hs_loop_abort(hs_loop *loop)
{
    loop->oom = 1;
    loop->stop = 1;
}

void hs_loop_over(hs_loop *loop, const char *fmt, ...)
{
    if (!loop->over) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(loop->over_what, sizeof loop->over_what, fmt, ap);
        va_end(ap);
    }
    loop->over = 1;
    loop->stop = 1;
}

int hs_loop_run(hs_loop *loop)
{
    hs_event ev;
    loop->stop = loop->over || loop->oom; /* a run that cannot go on stays stopped */
    while (!loop->stop && hs_eventq_pop(&loop->q, &ev)) {
        loop->now = ev.t;
        loop->dispatched++;
        if (ev.kind >= 0 && ev.kind < HS_LOOP_MAX_KINDS && loop->handlers[ev.kind])
            loop->handlers[ev.kind](loop, &ev, loop->ctx[ev.kind]);
    }
    return loop->oom ? -1 : loop->over ? -2 : 0;
}
