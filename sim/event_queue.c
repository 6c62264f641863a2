#include "sim/event_queue.h"

#include <stdlib.h>

static int before(const hs_event *x, const hs_event *y)
{
    return x->t < y->t || (x->t == y->t && x->id < y->id);
}

void hs_eventq_init(hs_eventq *q)
{
    q->heap = NULL;
    q->len = q->cap = 0;
    q->next_id = 1;
}

void hs_eventq_free(hs_eventq *q)
{
    free(q->heap);
    hs_eventq_init(q);
}

uint64_t hs_eventq_push(hs_eventq *q, const hs_event *ev)
{
    if (q->len == q->cap) {
        size_t ncap = q->cap ? q->cap * 2 : 256;
        hs_event *nh = realloc(q->heap, ncap * sizeof *nh);
        if (!nh)
            return 0;
        q->heap = nh;
        q->cap = ncap;
    }
    hs_event e = *ev;
    e.id = q->next_id++;
    size_t i = q->len++;
    while (i > 0) { /* sift up */
        size_t parent = (i - 1) / 2;
        if (!before(&e, &q->heap[parent]))
            break;
        q->heap[i] = q->heap[parent];
        i = parent;
    }
    q->heap[i] = e;
    return e.id;
}

int hs_eventq_pop(hs_eventq *q, hs_event *out)
{
    if (q->len == 0)
        return 0;
    *out = q->heap[0];
    hs_event last = q->heap[--q->len];
    size_t i = 0, n = q->len;
    for (;;) { /* sift down */
        size_t l = 2 * i + 1, m = i;
        const hs_event *best = &last;
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
    return 1;
}

const hs_event *hs_eventq_peek(const hs_eventq *q)
{
    return q->len ? &q->heap[0] : NULL;
}
