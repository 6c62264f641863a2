/* hs_clock: the range of the simulated clock and the one checked way into it.
 * Simulated time is an int64 count of nanoseconds (sim/event_queue.h's
 * hs_time). A run may reach HS_CLOCK_END_NS (2^62 ns, about 146 years), half
 * of int64's range, so adding any two values within it cannot overflow.
 * Every duration computed in floating point (latency models, scaled trace
 * samples, transfers, app work, DVFS slowdowns) enters the clock through
 * hs_clock_from_ns(); outside the range (|ns| >= the end, NaN, infinite) it
 * is refused and the value given back is HS_CLOCK_OVER, which
 * hs_clock_add() keeps and the event loop (sim/loop.h) refuses in turn, so
 * an overflow can never wrap into a small or negative time. Callers that
 * can name what took too long (an op on a processor) check first and say
 * so through hs_error. */
#ifndef HS_CLOCK_H
#define HS_CLOCK_H

#include <stdint.h>

#include "base/round.h"

#define HS_CLOCK_END_NS ((int64_t)1 << 62)
#define HS_CLOCK_OVER HS_CLOCK_END_NS /* the value of a refused conversion or sum */
#define HS_CLOCK_END_YEARS 146.1      /* HS_CLOCK_END_NS in years, for messages */

/* ns rounded half away from zero (as llround) into *out; 0, or -1 with
 * *out = HS_CLOCK_OVER when ns is not within (-end, end). */
static inline int hs_clock_from_ns(double ns, int64_t *out)
{
    if (!(ns > -(double)HS_CLOCK_END_NS && ns < (double)HS_CLOCK_END_NS)) {
        *out = HS_CLOCK_OVER;
        return -1;
    }
    *out = hs_llround(ns);
    return 0;
}

/* ns as the clock's integer, HS_CLOCK_OVER when out of range. */
static inline int64_t hs_clock_ns(double ns)
{
    int64_t t;
    hs_clock_from_ns(ns, &t);
    return t;
}

/* a + b for a, b within (-end, end] (HS_CLOCK_OVER included); HS_CLOCK_OVER
 * when the sum reaches the end. */
static inline int64_t hs_clock_add(int64_t a, int64_t b)
{
    if (a >= HS_CLOCK_OVER || b >= HS_CLOCK_OVER || (b > 0 && a >= HS_CLOCK_END_NS - b))
        return HS_CLOCK_OVER;
    return a + b;
}

#endif
