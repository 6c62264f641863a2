#include "sim/server.h"

#include <math.h>
#include <string.h>

#include "base/clock.h"

void hs_server_init(hs_server *s)
{
    memset(s, 0, sizeof *s);
    s->speed = 1.0;
}

void hs_server_free(hs_server *s)
{
    hs_runq_free(&s->q);
}

static hs_time finish_time(const hs_server *s)
{
    return hs_clock_add(s->last, hs_clock_ns(s->remaining / s->speed));
}

hs_time hs_server_start(hs_server *s, hs_time now, int64_t job, double work)
{
    s->busy = 1;
    s->job = job;
    s->started = s->last = now;
    s->remaining = work;
    s->work = work;
    s->gen++;
    return finish_time(s);
}

hs_time hs_server_set_speed(hs_server *s, hs_time now, double speed)
{
    if (s->busy) {
        s->remaining -= (double)(now - s->last) * s->speed;
        if (s->remaining < 0)
            s->remaining = 0;
        s->last = now;
    }
    s->speed = speed;
    if (!s->busy)
        return -1;
    s->gen++;
    return finish_time(s);
}

int hs_server_current(const hs_server *s, uint64_t gen)
{
    return s->busy && gen == s->gen;
}

hs_time hs_server_done(hs_server *s, hs_time now)
{
    hs_time dur = now - s->started;
    s->busy = 0;
    s->busy_total += (double)dur;
    return dur;
}

double hs_server_busy_until(const hs_server *s, hs_time now)
{
    return s->busy_total + (s->busy ? (double)(now - s->started) : 0.0);
}
