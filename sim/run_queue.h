/* hs_runq: a processor's run queue, on the stable heap (heap.h): the job with
 * the smallest priority value first, ties in the order they were queued. The
 * engines use the frame index (or arrival time) as priority, so jobs of the
 * oldest frame go first and, within a frame, in the order they became ready:
 * an inference runtime serving a stream finishes the frame it started
 * before the next one, so pipelined frames do not advance in lockstep. A
 * scheduler may use a deadline or a slack instead. A zeroed hs_runq is
 * empty and ready; it owns its array. */
#ifndef HS_RUN_QUEUE_H
#define HS_RUN_QUEUE_H

#include <stdint.h>

#include "sim/heap.h"

typedef struct hs_runq {
    hs_heap h; /* (prio, job) */
} hs_runq;

/* Queue `job` with priority `prio` (smaller first); 0, or -1 when out of memory. */
int hs_runq_push(hs_runq *q, int64_t prio, int64_t job);
/* Remove and return the next job; the queue must not be empty. */
int64_t hs_runq_pop(hs_runq *q);
/* Jobs queued. */
int hs_runq_len(const hs_runq *q);
void hs_runq_free(hs_runq *q);

#endif
