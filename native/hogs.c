/* Busy-loop competitor threads (hogs.h). */
#include "native/hogs.h"

#include <unistd.h>

static void *hog_main(void *arg)
{
    hs_hogs *h = arg;
    volatile unsigned long x = 0;
    while (!atomic_load_explicit(&h->stop, memory_order_relaxed))
        for (int i = 0; i < 4096; i++)
            x = x * 1103515245u + 12345u;
    return NULL;
}

int hs_hogs_start(hs_hogs *h, int n, hs_error *err)
{
    h->n = 0;
    atomic_store(&h->stop, 0);
    if (n < 0 || n > HS_MAX_HOGS) {
        hs_error_set(err, "hogs: expected 0 to %d, got %d", HS_MAX_HOGS, n);
        return -1;
    }
    for (int i = 0; i < n; i++) {
        if (pthread_create(&h->t[i], NULL, hog_main, h) != 0) {
            hs_hogs_stop(h);
            hs_error_set(err, "hogs: cannot start hog thread %d", i + 1);
            return -1;
        }
        h->n++;
    }
    if (n > 0)
        usleep(5000);
    return 0;
}

void hs_hogs_stop(hs_hogs *h)
{
    atomic_store(&h->stop, 1);
    for (int k = 0; k < h->n; k++)
        pthread_join(h->t[k], NULL);
    h->n = 0;
}
