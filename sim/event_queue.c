#include "sim/event_queue.h"

#include <stdlib.h>

void hs_eventq_init(hs_eventq *q)
{
    hs_heap_init(&q->h);
    q->slot = NULL;
    q->n_slots = q->cap_slots = 0;
    q->free_slot = -1;
}

void hs_eventq_free(hs_eventq *q)
{
    hs_heap_free(&q->h);
    free(q->slot);
    hs_eventq_init(q);
}

static void release(hs_eventq *q, int64_t s)
{
    q->slot[s].b = q->free_slot;
    q->free_slot = s;
}

uint64_t hs_eventq_push(hs_eventq *q, const hs_event *ev)
{
    int64_t s = q->free_slot;
    if (s >= 0) {
        q->free_slot = q->slot[s].b;
    } else {
        if (q->n_slots == q->cap_slots) {
            size_t nc = q->cap_slots ? 2 * q->cap_slots : 256;
            hs_event *ns = realloc(q->slot, nc * sizeof *ns);
            if (!ns)
                return 0;
            q->slot = ns;
            q->cap_slots = nc;
        }
        s = (int64_t)q->n_slots++;
    }
    uint64_t id = hs_heap_push(&q->h, ev->t, s);
    if (!id) {
        release(q, s);
        return 0;
    }
    q->slot[s] = *ev;
    q->slot[s].id = id;
    return id;
}

int hs_eventq_pop(hs_eventq *q, hs_event *out)
{
    hs_heap_node n;
    if (!hs_heap_pop(&q->h, &n))
        return 0;
    *out = q->slot[n.value];
    release(q, n.value);
    return 1;
}

const hs_event *hs_eventq_peek(const hs_eventq *q)
{
    const hs_heap_node *n = hs_heap_peek(&q->h);
    return n ? &q->slot[n->value] : NULL;
}

size_t hs_eventq_len(const hs_eventq *q)
{
    return q->h.len;
}
