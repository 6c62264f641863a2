/* hs_eventq: the timestamped events of a run, on the stable heap (heap.h):
 * the heap orders (time, slot) nodes and the events wait in slots of the
 * queue's own array (freed slots are reused). Order is (time, id): the id is
 * the heap's counter stamped at push (1, 2, ...), so two events at the same
 * nanosecond pop in the order they were scheduled and a run is
 * deterministic. Events are small values copied in and out; the queue owns
 * its arrays. Cancellation is the caller's business (carry a generation
 * number in the payload and ignore stale events). */
#ifndef HS_EVENT_QUEUE_H
#define HS_EVENT_QUEUE_H

#include <stddef.h>
#include <stdint.h>

#include "sim/heap.h"

typedef int64_t hs_time; /* simulated time, nanoseconds */

#define HS_NS_PER_US 1000LL
#define HS_NS_PER_MS 1000000LL
#define HS_NS_PER_S 1000000000LL

typedef struct hs_event {
    hs_time t;
    uint64_t id;  /* tie-breaker, set by push */
    int kind;     /* selects the handler */
    int32_t a;    /* payload, meaning depends on kind */
    int64_t b;
    uint64_t gen; /* payload: generation for lazy cancellation */
} hs_event;

typedef struct hs_eventq {
    hs_heap h;        /* (t, slot) */
    hs_event *slot;   /* the events; a free slot's b is the next free one */
    size_t n_slots, cap_slots;
    int64_t free_slot; /* first free slot, -1 when none */
} hs_eventq;

void hs_eventq_init(hs_eventq *q);
void hs_eventq_free(hs_eventq *q);
/* Push a copy of *ev (its id is assigned here); returns the id, 0 if out of memory. */
uint64_t hs_eventq_push(hs_eventq *q, const hs_event *ev);
/* Pop the earliest event into *out; returns 0 when the queue is empty. */
int hs_eventq_pop(hs_eventq *q, hs_event *out);
/* The earliest event without removing it, or NULL. */
const hs_event *hs_eventq_peek(const hs_eventq *q);
/* Events queued. */
size_t hs_eventq_len(const hs_eventq *q);

#endif
