/* Event queue ordering, tie-breaking and the event loop's dispatch. */
#include <math.h>
#include <stdlib.h>

#include "sim/event_queue.h"
#include "sim/loop.h"
#include "base/rng.h"
#include "base/round.h"
#include "base/clock.h"
#include <string.h>
#include "tests/test_util.h"

static void test_ties_pop_in_push_order(void)
{
    hs_eventq q;
    hs_eventq_init(&q);
    /* five events at the same time, pushed with payload 0..4, and one earlier */
    for (int i = 0; i < 5; i++) {
        hs_event e = {.t = 100, .a = i};
        CU_ASSERT(hs_eventq_push(&q, &e) != 0);
    }
    hs_event early = {.t = 50, .a = 99};
    hs_eventq_push(&q, &early);
    hs_event out;
    CU_ASSERT(hs_eventq_pop(&q, &out));
    CU_ASSERT_EQUAL(out.a, 99);
    for (int i = 0; i < 5; i++) {
        CU_ASSERT(hs_eventq_pop(&q, &out));
        CU_ASSERT_EQUAL(out.t, 100);
        CU_ASSERT_EQUAL(out.a, i);
    }
    CU_ASSERT_FALSE(hs_eventq_pop(&q, &out));
    hs_eventq_free(&q);
}

static void test_random_order_matches_sort(void)
{
    hs_eventq q;
    hs_eventq_init(&q);
    srand(7);
    enum { N = 5000 };
    hs_time last = -1;
    uint64_t last_id = 0;
    int popped = 0;
    for (int i = 0; i < N; i++) {
        hs_event e = {.t = rand() % 200, .a = i};
        hs_eventq_push(&q, &e);
    }
    hs_event out;
    while (hs_eventq_pop(&q, &out)) {
        /* non-decreasing time; equal times in increasing id */
        CU_ASSERT(out.t > last || (out.t == last && out.id > last_id));
        last = out.t;
        last_id = out.id;
        popped++;
    }
    CU_ASSERT_EQUAL(popped, N);
    hs_eventq_free(&q);
}

static void test_hold_model_interleaved(void)
{
    /* pop-min then push at t + increment: time never goes backwards */
    hs_eventq q;
    hs_eventq_init(&q);
    srand(3);
    for (int i = 0; i < 100; i++) {
        hs_event e = {.t = rand() % 1000};
        hs_eventq_push(&q, &e);
    }
    hs_time now = 0;
    int ok = 1;
    for (int i = 0; i < 20000; i++) {
        hs_event out;
        hs_eventq_pop(&q, &out);
        if (out.t < now)
            ok = 0;
        now = out.t;
        hs_event e = {.t = now + rand() % 1000};
        hs_eventq_push(&q, &e);
    }
    CU_ASSERT(ok);
    CU_ASSERT_EQUAL(hs_eventq_len(&q), 100);
    hs_eventq_free(&q);
}

/* loop: handlers per kind, clock advance, stop */
typedef struct {
    hs_time seen[8];
    int kinds[8];
    int n;
} trace_ctx;

static void record(hs_loop *loop, const hs_event *ev, void *ctx)
{
    trace_ctx *t = ctx;
    t->seen[t->n] = loop->now;
    t->kinds[t->n++] = ev->kind;
    if (ev->kind == 0 && ev->a < 2) /* kind 0 reschedules itself twice, 10 ns apart */
        hs_loop_at(loop, loop->now + 10, 0, ev->a + 1, 0, 0);
    if (ev->kind == 2)
        hs_loop_stop(loop);
}

static void test_loop_dispatch_and_stop(void)
{
    trace_ctx t = {0};
    hs_loop loop;
    hs_loop_init(&loop);
    hs_loop_on(&loop, 0, record, &t);
    hs_loop_on(&loop, 1, record, &t);
    hs_loop_on(&loop, 2, record, &t);
    hs_loop_at(&loop, 5, 0, 0, 0, 0);
    hs_loop_at(&loop, 15, 1, 0, 0, 0);
    hs_loop_at(&loop, 22, 2, 0, 0, 0);
    hs_loop_at(&loop, 30, 1, 0, 0, 0); /* after the stop: never dispatched */
    CU_ASSERT_EQUAL(hs_loop_run(&loop), 0);
    /* k0 at 5 reschedules itself at 15; the k1 at 15 was pushed earlier, so it
     * pops first (tie broken by id): 5:k0, 15:k1, 15:k0, 22:k2, then stop. */
    CU_ASSERT_EQUAL(t.n, 4);
    CU_ASSERT_EQUAL(t.seen[0], 5);
    CU_ASSERT_EQUAL(t.kinds[0], 0);
    CU_ASSERT_EQUAL(t.seen[1], 15);
    CU_ASSERT_EQUAL(t.kinds[1], 1);
    CU_ASSERT_EQUAL(t.seen[2], 15);
    CU_ASSERT_EQUAL(t.kinds[2], 0);
    CU_ASSERT_EQUAL(t.seen[3], 22);
    CU_ASSERT_EQUAL(t.kinds[3], 2);
    CU_ASSERT_EQUAL(loop.dispatched, 4);
    hs_loop_free(&loop);
}

/* hs_llround (round.h) is llround: halves round away from zero, by hand,
 * then a million random magnitudes from 1e-3 to 1e15 ns of both signs and
 * the halves around them. */
static void test_llround_matches_libm(void)
{
    CU_ASSERT_EQUAL(hs_llround(2.5), 3);
    CU_ASSERT_EQUAL(hs_llround(-2.5), -3);
    CU_ASSERT_EQUAL(hs_llround(2.4999999999999996), 2);
    CU_ASSERT_EQUAL(hs_llround(0.49999999999999994), 0);
    CU_ASSERT_EQUAL(hs_llround(-0.5), -1);
    CU_ASSERT_EQUAL(hs_llround(4503599627370497.0), 4503599627370497LL); /* 2^52 + 1 */
    CU_ASSERT_EQUAL(hs_llround(0.0), 0);
    hs_rng *r = hs_rng_new(7, 1);
    int bad = 0;
    for (int k = 0; k < 1000000; k++) {
        double x = pow(10.0, -3.0 + 18.0 * hs_rng_uniform(r)) * (k & 1 ? -1.0 : 1.0);
        double h = floor(x) + 0.5;
        bad += hs_llround(x) != llround(x);
        bad += hs_llround(h) != llround(h);
    }
    hs_rng_free(r);
    CU_ASSERT_EQUAL(bad, 0);
}

/* The clock's range (base/clock.h): 2^62 ns = 4611686018427387904 ns. */
static void test_clock_checked(void)
{
    int64_t t = 0;
    CU_ASSERT_EQUAL(HS_CLOCK_END_NS, 4611686018427387904LL);
    CU_ASSERT_EQUAL(hs_clock_from_ns(2.5, &t), 0);
    CU_ASSERT_EQUAL(t, 3);
    CU_ASSERT_EQUAL(hs_clock_from_ns(4e18, &t), 0); /* 127 years: in range */
    CU_ASSERT_EQUAL(t, 4000000000000000000LL);
    CU_ASSERT_EQUAL(hs_clock_from_ns(2e19, &t), -1); /* 1e18 FLOP at 0.05 GFLOP/s */
    CU_ASSERT_EQUAL(t, HS_CLOCK_OVER);
    CU_ASSERT_EQUAL(hs_clock_from_ns(4611686018427387904.0, &t), -1); /* the end itself */
    CU_ASSERT_EQUAL(hs_clock_from_ns(NAN, &t), -1);
    CU_ASSERT_EQUAL(hs_clock_from_ns(INFINITY, &t), -1);
    CU_ASSERT_EQUAL(hs_clock_from_ns(-INFINITY, &t), -1);
    CU_ASSERT_EQUAL(hs_clock_from_ns(1e308, &t), -1);
    CU_ASSERT_EQUAL(hs_clock_ns(-2.5), -3);
    /* sums: 3e18 + 1e18 fits; 3e18 + 2e18 passes the end; OVER stays OVER */
    CU_ASSERT_EQUAL(hs_clock_add(3000000000000000000LL, 1000000000000000000LL),
                    4000000000000000000LL);
    CU_ASSERT_EQUAL(hs_clock_add(3000000000000000000LL, 2000000000000000000LL), HS_CLOCK_OVER);
    CU_ASSERT_EQUAL(hs_clock_add(HS_CLOCK_OVER, -5), HS_CLOCK_OVER);
    CU_ASSERT_EQUAL(hs_clock_add(HS_CLOCK_END_NS - 1, 1), HS_CLOCK_OVER);
    CU_ASSERT_EQUAL(hs_clock_add(HS_CLOCK_END_NS - 2, 1), HS_CLOCK_END_NS - 1);
    CU_ASSERT_EQUAL(hs_clock_add(10, -4), 6);
}

/* An event at or past the clock's end stops the run: hs_loop_run says -2,
 * the events before it were dispatched, the message names the time. */
static void test_loop_refuses_past_the_clock(void)
{
    trace_ctx t = {0};
    hs_loop loop;
    hs_loop_init(&loop);
    hs_loop_on(&loop, 1, record, &t);
    hs_loop_at(&loop, 5, 1, 0, 0, 0);
    hs_loop_at(&loop, HS_CLOCK_END_NS, 1, 0, 0, 0);
    hs_loop_at(&loop, 7, 1, 0, 0, 0); /* after the stop: never dispatched */
    CU_ASSERT_EQUAL(hs_loop_run(&loop), -2);
    CU_ASSERT_EQUAL(t.n, 0); /* stopped before the first dispatch */
    CU_ASSERT_PTR_NOT_NULL(strstr(loop.over_what, "4.61169e+18 ns is past the end"));
    /* the first reason is kept */
    hs_loop_over(&loop, "later");
    CU_ASSERT_PTR_NULL(strstr(loop.over_what, "later"));
    hs_loop_free(&loop);
}

int hs_suite_event_queue(void)
{
    CU_pSuite s = CU_add_suite("event_queue", NULL, NULL);
    if (!s || !CU_add_test(s, "ties pop in push order", test_ties_pop_in_push_order) ||
        !CU_add_test(s, "random pushes pop sorted", test_random_order_matches_sort) ||
        !CU_add_test(s, "hold model keeps time monotonic", test_hold_model_interleaved) ||
        !CU_add_test(s, "loop dispatches by kind and stops", test_loop_dispatch_and_stop) ||
        !CU_add_test(s, "hs_llround is llround", test_llround_matches_libm) ||
        !CU_add_test(s, "clock: checked conversion and sums", test_clock_checked) ||
        !CU_add_test(s, "loop refuses times past the clock", test_loop_refuses_past_the_clock))
        return -1;
    return 0;
}
