/* hs_heap: the simulator's one priority queue, a stable binary min-heap
 * (the event queue, event_queue.h, and the processors' run queues,
 * run_queue.h, are typed views of it). A node is the caller's key and
 * 64-bit value (a job, or an index into the caller's own storage) and a
 * sequence number the heap stamps at push from its counter (1, 2, ...).
 * Nodes pop in increasing (key, seq): equal keys in the order they were
 * pushed, as libuv's timer heap with its start id, so the pop order is the
 * sorted order whatever the heap's shape and a run is deterministic. A
 * zeroed hs_heap is empty and ready; the heap owns its array. */
#ifndef HS_HEAP_H
#define HS_HEAP_H

#include <stddef.h>
#include <stdint.h>

typedef struct hs_heap_node {
    int64_t key;   /* smaller first */
    uint64_t seq;  /* set by push: equal keys, first pushed first */
    int64_t value; /* the caller's */
} hs_heap_node;

typedef struct hs_heap {
    hs_heap_node *nodes;
    size_t len, cap;
    uint64_t last_seq; /* stamped on the last push */
} hs_heap;

void hs_heap_init(hs_heap *h);
/* Free the array; the heap is empty and usable again. */
void hs_heap_free(hs_heap *h);
/* Push (key, value); returns its seq (>= 1), or 0 when out of memory
 * (nothing pushed). */
uint64_t hs_heap_push(hs_heap *h, int64_t key, int64_t value);
/* Copy the first node into *out and remove it; 0 when the heap is empty. */
int hs_heap_pop(hs_heap *h, hs_heap_node *out);
/* The first node without removing it, or NULL when empty. */
const hs_heap_node *hs_heap_peek(const hs_heap *h);

#endif
