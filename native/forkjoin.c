/* The probe's pinned fork-join CPU workload (forkjoin.h). */
#include "native/forkjoin.h"

#include <sched.h>
#include <string.h>

#include "native/native.h"
#include "native/timing.h"

typedef struct fj_arg {
    hs_forkjoin *w;
    int idx, cpu; /* cpu: the core to pin to, -1: none */
} fj_arg;

static void *fj_main(void *arg)
{
    fj_arg *a = arg;
    if (a->cpu >= 0)
        hs_native_pin_thread(a->cpu);
    int go;
    while ((go = atomic_load(&a->w->go)) == 0)
        sched_yield();
    if (go < 0)
        return NULL;
    float x[8];
    for (int k = 0; k < 8; k++)
        x[k] = 1.0f + 0.001f * (float)(k + a->idx);
    for (int r = 0; r < a->w->rounds; r++) {
        for (long i = 0; i < a->w->step_iters; i++)
            for (int k = 0; k < 8; k++)
                x[k] = x[k] * 0.9999f + 0.0001f;
        pthread_barrier_wait(&a->w->bar);
    }
    float s = 0;
    for (int k = 0; k < 8; k++)
        s += x[k];
    a->w->sink[a->idx & 63] = s;
    return NULL;
}

void hs_forkjoin_init(hs_forkjoin *w)
{
    memset(w, 0, sizeof *w);
    hs_native_topology topo;
    hs_error err;
    if (hs_native_topology_read(&topo, &err) == 0 && hs_native_cluster_pinnable(&topo, 0)) {
        w->n_cpus = topo.n_cpus[0];
        memcpy(w->cpus, topo.cpus[0], sizeof w->cpus);
    }
}

double hs_forkjoin_run(hs_forkjoin *w, int threads)
{
    pthread_t t[64];
    fj_arg a[64];
    if (threads < 1 || threads > 64 || pthread_barrier_init(&w->bar, NULL, (unsigned)threads) != 0)
        return -1;
    atomic_store(&w->go, 0);
    int started = 0;
    for (int i = 0; i < threads; i++) {
        a[i] = (fj_arg){w, i, w->n_cpus ? w->cpus[i % w->n_cpus] : -1};
        if (pthread_create(&t[i], NULL, fj_main, &a[i]) != 0)
            break;
        started++;
    }
    double t0 = hs_native_now_us();
    /* all or none: a missing thread would leave the others at the barrier */
    atomic_store(&w->go, started == threads ? 1 : -1);
    for (int i = 0; i < started; i++)
        pthread_join(t[i], NULL);
    double us = hs_native_now_us() - t0;
    pthread_barrier_destroy(&w->bar);
    return started == threads ? us : -1;
}
