#include "sim/run_queue.h"

#include <assert.h>

int hs_runq_push(hs_runq *q, int64_t prio, int64_t job)
{
    return hs_heap_push(&q->h, prio, job) ? 0 : -1;
}

int64_t hs_runq_pop(hs_runq *q)
{
    hs_heap_node n = {0, 0, 0};
    int got = hs_heap_pop(&q->h, &n);
    assert(got);
    (void)got;
    return n.value;
}

int hs_runq_len(const hs_runq *q)
{
    return (int)q->h.len;
}

void hs_runq_free(hs_runq *q)
{
    hs_heap_free(&q->h);
}
