/* hs_runq: a processor's run queue. Jobs of the oldest frame go first and,
 * within a frame, in the order they became ready: an inference runtime
 * serving a stream finishes the frame it started before the next one, so
 * pipelined frames do not advance in lockstep. A binary heap keyed by
 * (frame, enqueue sequence); owns its array. */
#ifndef HS_RUN_QUEUE_H
#define HS_RUN_QUEUE_H

#include <stdint.h>

typedef struct hs_runq_item {
    uint64_t key;
    int64_t job;
} hs_runq_item;

typedef struct hs_runq {
    hs_runq_item *heap;
    int len, cap;
    uint64_t seq;
} hs_runq;

/* Queue `job` of `frame`; returns 0, or -1 when out of memory. */
int hs_runq_push(hs_runq *q, int frame, int64_t job);
/* Remove and return the next job; the queue must not be empty. */
int64_t hs_runq_pop(hs_runq *q);
void hs_runq_free(hs_runq *q);

#endif
