#include "sim/heap.h"

#include <stdlib.h>
#include <string.h>

static int before(const hs_heap_node *x, const hs_heap_node *y)
{
    return x->key < y->key || (x->key == y->key && x->seq < y->seq);
}

void hs_heap_init(hs_heap *h)
{
    memset(h, 0, sizeof *h);
}

void hs_heap_free(hs_heap *h)
{
    free(h->nodes);
    h->nodes = NULL;
    h->len = h->cap = 0;
}

uint64_t hs_heap_push(hs_heap *h, int64_t key, int64_t value)
{
    if (h->len == h->cap) {
        size_t nc = h->cap ? h->cap * 2 : 16;
        hs_heap_node *nn = realloc(h->nodes, nc * sizeof *nn);
        if (!nn)
            return 0;
        h->nodes = nn;
        h->cap = nc;
    }
    hs_heap_node x = {key, ++h->last_seq, value};
    size_t i = h->len++;
    while (i > 0) { /* sift the hole up to where x belongs */
        size_t parent = (i - 1) / 2;
        if (!before(&x, &h->nodes[parent]))
            break;
        h->nodes[i] = h->nodes[parent];
        i = parent;
    }
    h->nodes[i] = x;
    return x.seq;
}

int hs_heap_pop(hs_heap *h, hs_heap_node *out)
{
    if (h->len == 0)
        return 0;
    *out = h->nodes[0];
    hs_heap_node last = h->nodes[--h->len];
    size_t i = 0, n = h->len;
    for (;;) { /* sift the hole at the root down to where `last` belongs */
        size_t l = 2 * i + 1, m = i;
        const hs_heap_node *best = &last;
        if (l < n && before(&h->nodes[l], best)) {
            m = l;
            best = &h->nodes[l];
        }
        if (l + 1 < n && before(&h->nodes[l + 1], best))
            m = l + 1;
        if (m == i)
            break;
        h->nodes[i] = h->nodes[m];
        i = m;
    }
    if (n)
        h->nodes[i] = last;
    return 1;
}

const hs_heap_node *hs_heap_peek(const hs_heap *h)
{
    return h->len ? &h->nodes[0] : NULL;
}
