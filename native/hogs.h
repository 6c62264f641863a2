/* hs_hogs: CPU hogs, threads spinning in a busy loop (no memory traffic)
 * that the OS time-shares with the inference: the competing processes of
 * native contention measurements and of `hetsim native run --hogs K`.
 * Unpinned, default priority. hs_hogs_stop joins them. */
#ifndef HS_HOGS_H
#define HS_HOGS_H

#include <pthread.h>
#include <stdatomic.h>

#include "base/error.h"

#define HS_MAX_HOGS 64

typedef struct hs_hogs {
    int n;
    pthread_t t[HS_MAX_HOGS];
    atomic_int stop;
} hs_hogs;

/* Start n hogs (0..HS_MAX_HOGS) and give the scheduler 5 ms to spread them;
 * 0, or -1 with err (none left running). */
int hs_hogs_start(hs_hogs *h, int n, hs_error *err);
void hs_hogs_stop(hs_hogs *h);

#endif
