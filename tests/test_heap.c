/* The stable heap (sim/heap.h) and its two views: equal keys pop in push
 * order, long random mixes of pushes and pops match a reference that keeps
 * every node in a plain array and takes the smallest (key, push order) by a
 * linear scan, and the event queue's slots carry the events intact. */
#include <stdint.h>
#include <stdlib.h>

#include "base/rng.h"
#include "sim/event_queue.h"
#include "sim/heap.h"
#include "sim/run_queue.h"
#include "tests/test_util.h"

static void test_equal_keys_pop_in_push_order(void)
{
    hs_heap h;
    hs_heap_init(&h);
    /* keys 5, 3, 5, 3, ... pushed with values 0..99: all the 3s in push
     * order, then all the 5s in push order */
    for (int i = 0; i < 100; i++)
        CU_ASSERT_EQUAL(hs_heap_push(&h, i % 2 ? 3 : 5, i), (uint64_t)i + 1); /* seq 1, 2, ... */
    CU_ASSERT_EQUAL(hs_heap_peek(&h)->value, 1);
    hs_heap_node out;
    for (int i = 0; i < 100; i++) {
        int v = i < 50 ? 2 * i + 1 : 2 * (i - 50);
        CU_ASSERT_FATAL(hs_heap_pop(&h, &out));
        CU_ASSERT_EQUAL(out.key, i < 50 ? 3 : 5);
        CU_ASSERT_EQUAL(out.value, v);
        CU_ASSERT_EQUAL(out.seq, (uint64_t)v + 1);
    }
    CU_ASSERT_FALSE(hs_heap_pop(&h, &out));
    CU_ASSERT_PTR_NULL(hs_heap_peek(&h));
    hs_heap_free(&h);
    /* a zeroed heap is ready too */
    hs_heap z = {0};
    CU_ASSERT_EQUAL(hs_heap_push(&z, -7, 1), 1);
    CU_ASSERT(hs_heap_pop(&z, &out) && out.key == -7 && out.value == 1);
    hs_heap_free(&z);
}

/* Index of the smallest (key, seq) in ref[0..n), by a linear scan. */
static size_t ref_min(const hs_heap_node *ref, size_t n)
{
    size_t m = 0;
    for (size_t i = 1; i < n; i++)
        if (ref[i].key < ref[m].key || (ref[i].key == ref[m].key && ref[i].seq < ref[m].seq))
            m = i;
    return m;
}

static void test_random_mix_matches_reference(void)
{
    enum { OPS = 100000, CAP = 1024 };
    hs_heap_node *ref = malloc(CAP * sizeof *ref);
    CU_ASSERT_PTR_NOT_NULL_FATAL(ref);
    hs_rng *r = hs_rng_new(11, 3);
    hs_heap h;
    hs_heap_init(&h);
    size_t n = 0;
    long bad = 0, pops = 0, ties = 0;
    for (int op = 0; op < OPS; op++) {
        /* phases that grow, shrink and hover; keys from a small range (many
         * ties) or a wide one, negative ones included */
        int phase = (op / 10000) % 3;
        double p_push = phase == 0 ? 0.7 : phase == 1 ? 0.3 : 0.5;
        if (n < CAP && (n == 0 || hs_rng_uniform(r) < p_push)) {
            int64_t range = op % 2 ? 8 : 1000000;
            int64_t key = (int64_t)hs_rng_below(r, (unsigned long)range) - range / 4;
            uint64_t seq = hs_heap_push(&h, key, op);
            bad += seq == 0;
            ref[n++] = (hs_heap_node){key, seq, op};
        } else {
            size_t m = ref_min(ref, n);
            hs_heap_node out;
            bad += !hs_heap_pop(&h, &out);
            bad += out.key != ref[m].key || out.seq != ref[m].seq || out.value != ref[m].value;
            const hs_heap_node *next = hs_heap_peek(&h);
            ties += next && next->key == out.key;
            ref[m] = ref[--n];
            pops++;
        }
        bad += h.len != n;
    }
    while (n > 0) { /* drain */
        size_t m = ref_min(ref, n);
        hs_heap_node out;
        bad += !hs_heap_pop(&h, &out) || out.value != ref[m].value;
        ref[m] = ref[--n];
        pops++;
    }
    CU_ASSERT_EQUAL(bad, 0);
    CU_ASSERT(pops > OPS / 3);
    CU_ASSERT(ties > 1000); /* equal keys were put to the test */
    CU_ASSERT_EQUAL(h.len, 0);
    hs_heap_free(&h);
    hs_rng_free(r);
    free(ref);
}

static void test_run_queue_order(void)
{
    /* frame 1's jobs before frame 2's, each frame's in the order queued; a
     * client's job (very negative priority) first */
    hs_runq q = {0};
    const int64_t prio[] = {2, 1, 2, 1, -((int64_t)1 << 62), 1};
    for (int j = 0; j < 6; j++)
        CU_ASSERT_EQUAL(hs_runq_push(&q, prio[j], 100 + j), 0);
    CU_ASSERT_EQUAL(hs_runq_len(&q), 6);
    const int64_t want[] = {104, 101, 103, 105, 100, 102};
    for (int i = 0; i < 6; i++)
        CU_ASSERT_EQUAL(hs_runq_pop(&q), want[i]);
    CU_ASSERT_EQUAL(hs_runq_len(&q), 0);
    hs_runq_free(&q);
}

static void test_event_slots_reused_intact(void)
{
    /* events wait in slots that are reused once popped: a hold model whose
     * payload encodes the event's own time must come back unchanged */
    hs_eventq q;
    hs_eventq_init(&q);
    hs_rng *r = hs_rng_new(5, 1);
    for (int i = 0; i < 300; i++) {
        hs_time t = (hs_time)hs_rng_below(r, 1000);
        hs_event e = {.t = t, .kind = i % 7, .a = i, .b = 3 * t + 1, .gen = (uint64_t)t ^ 0x55};
        hs_eventq_push(&q, &e);
    }
    int bad = 0;
    uint64_t last_id = 0;
    hs_time last_t = -1;
    for (int i = 0; i < 50000; i++) {
        hs_event out;
        bad += !hs_eventq_pop(&q, &out);
        bad += out.b != 3 * out.t + 1 || out.gen != ((uint64_t)out.t ^ 0x55) ||
               out.kind != out.a % 7;
        bad += out.t < last_t || (out.t == last_t && out.id < last_id);
        last_t = out.t;
        last_id = out.id;
        hs_time t = out.t + (hs_time)hs_rng_below(r, 4); /* many ties */
        hs_event e = {.t = t, .kind = out.a % 7, .a = out.a, .b = 3 * t + 1,
                      .gen = (uint64_t)t ^ 0x55};
        bad += hs_eventq_push(&q, &e) == 0;
    }
    CU_ASSERT_EQUAL(bad, 0);
    CU_ASSERT_EQUAL(hs_eventq_len(&q), 300);
    CU_ASSERT_EQUAL(q.n_slots, 300); /* no slot leaked */
    hs_rng_free(r);
    hs_eventq_free(&q);
}

int hs_suite_heap(void)
{
    CU_pSuite s = CU_add_suite("heap", NULL, NULL);
    if (!s || !CU_add_test(s, "equal keys pop in push order", test_equal_keys_pop_in_push_order) ||
        !CU_add_test(s, "random pushes and pops match a reference",
                     test_random_mix_matches_reference) ||
        !CU_add_test(s, "run queue: priority, then queued order", test_run_queue_order) ||
        !CU_add_test(s, "event queue slots reused intact", test_event_slots_reused_intact))
        return -1;
    return 0;
}
