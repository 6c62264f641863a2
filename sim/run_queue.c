#include "run_queue.h"

#include <stdlib.h>

int hs_runq_push(hs_runq *q, int frame, int64_t job)
{
    if (q->len == q->cap) {
        int nc = q->cap ? q->cap * 2 : 16;
        hs_runq_item *nh = realloc(q->heap, (size_t)nc * sizeof *nh);
        if (!nh)
            return -1;
        q->heap = nh;
        q->cap = nc;
    }
    hs_runq_item it = {((uint64_t)(uint32_t)frame << 40) | (q->seq++ & ((1ULL << 40) - 1)), job};
    int i = q->len++;
    while (i > 0) {
        int parent = (i - 1) / 2;
        if (q->heap[parent].key <= it.key)
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
        uint64_t best = last.key;
        if (l < n && q->heap[l].key < best) {
            m = l;
            best = q->heap[l].key;
        }
        if (l + 1 < n && q->heap[l + 1].key < best)
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
