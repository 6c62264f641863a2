#include "analysis/bench.h"

#include <stdlib.h>
#include <time.h>

#include "analysis/point.h"
#include "base/rng.h"
#include "sim/event_queue.h"

double hs_bench_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* Mean increment of the hold model: 1 us (the scale of op latencies). */
#define HOLD_MEAN_NS 1000.0

int hs_bench_hold(int pending, double min_seconds, uint64_t seed, hs_bench_rate *out,
                  hs_error *err)
{
    hs_eventq q;
    hs_eventq_init(&q);
    hs_rng *rng = hs_rng_new(seed, HS_STREAM_LATENCY);
    if (!rng)
        goto oom;
    for (int i = 0; i < pending; i++) {
        hs_event ev = {.t = (hs_time)hs_rng_exponential(rng, HOLD_MEAN_NS), .kind = 1, .a = i};
        if (!hs_eventq_push(&q, &ev))
            goto oom;
    }
    /* batches of 2^20 steps between clock reads */
    const uint64_t batch = (uint64_t)1 << 20;
    uint64_t steps = 0;
    uint64_t check = 0; /* folds the popped payloads so the loop cannot be elided */
    int reps = 0;
    double t0 = hs_bench_now(), t1;
    do {
        for (uint64_t k = 0; k < batch; k++) {
            hs_event ev;
            hs_eventq_pop(&q, &ev);
            check += (uint64_t)ev.a;
            ev.t += (hs_time)hs_rng_exponential(rng, HOLD_MEAN_NS);
            if (!hs_eventq_push(&q, &ev))
                goto oom;
        }
        steps += batch;
        reps++;
        t1 = hs_bench_now();
    } while (t1 - t0 < min_seconds);
    volatile uint64_t sink = check; /* the popped payloads are used */
    (void)sink;
    out->events = steps;
    out->seconds = t1 - t0;
    out->repeats = reps;
    hs_rng_free(rng);
    hs_eventq_free(&q);
    return 0;
oom:
    hs_rng_free(rng);
    hs_eventq_free(&q);
    hs_error_set_runtime(err, "bench: out of memory");
    return -1;
}

int hs_bench_engine(const hs_bench_engine_cfg *c, double min_seconds, hs_bench_rate *out,
                    hs_error *err)
{
    hs_point pt = {.device = c->device, .model = c->model, .policy = c->policy,
                   .scenario = c->scenario, .seed = c->seed, .frames = c->frames};
    hs_point_session *r = hs_point_open(&pt, err);
    if (!r)
        return -1;
    int rc = -1;
    if (r->workload) {
        hs_error_set(err, "%s: the benchmark runs one model; this scenario has a workload",
                     c->scenario);
        goto out;
    }
    /* the engine alone: no metrics between the repeats */
    hs_run_request rq = {.engine = HS_ENGINE_SIMULATE, .cfg = &r->cfg[0], .no_metrics = 1};
    out->events = 0;
    out->repeats = 0;
    double t0 = hs_bench_now(), t1;
    do {
        hs_point_result res;
        if (hs_run_point(&r->ss[0], &rq, &res, err) < 0)
            goto out;
        out->events += res.res.events;
        out->repeats++;
        hs_point_result_free(&res);
        t1 = hs_bench_now();
    } while (t1 - t0 < min_seconds);
    out->seconds = t1 - t0;
    rc = 0;
out:
    hs_point_close(r);
    return rc;
}
