#include "sim/run_queue.h"

#include <stdlib.h>

static int before(const hs_runq_item *a, const hs_runq_item *b)
{
    return a->prio < b->prio || (a->prio == b->prio && a->seq < b->seq);
}

int hs_runq_push(hs_runq *q, int64_t prio, int64_t job)
{
    if (q->len == q->cap) {
        int nc = q->cap ? q->cap * 2 : 16;
        hs_runq_item *nh = realloc(q->heap, (size_t)nc * sizeof *nh);
        if (!nh)
            return -1;
        q->heap = nh;
        q->cap = nc;
    }
    hs_runq_item it = {prio, q->seq++, job};
    int i = q->len++;
    while (i > 0) {
        int parent = (i - 1) / 2;
        if (!before(&it, &q->heap[parent]))
            break;
        q->heap[i] = q->heap[parent];
        i = parent;
    }
    q->heap[i] = it;
    return 0;
}

int64_t hs_runq_pop(hs_runq *q)
{
    int64_t job = q->heap[0].job;
    hs_runq_item last = q->heap[--q->len];
    int i = 0, n = q->len;
    for (;;) {
        int l = 2 * i + 1, m = i;
        const hs_runq_item *best = &last;
        if (l < n && before(&q->heap[l], best)) {
            m = l;
            best = &q->heap[l];
        }
        if (l + 1 < n && before(&q->heap[l + 1], best))
            m = l + 1;
        if (m == i)
            break;
        q->heap[i] = q->heap[m];
        i = m;
    }
    if (n)
        q->heap[i] = last;
    return job;
}

void hs_runq_free(hs_runq *q)
{
    free(q->heap);
    q->heap = NULL;
    q->len = q->cap = 0;
}
