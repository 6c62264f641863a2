/* The probe's synthetic CPU workload, shaped like the CPU backend's ops:
 * `threads` threads, pinned to the cores of the backend's cluster as its
 * workers are (thread i on cpus[i mod n_cpus]; n_cpus 0: unpinned), each
 * running `rounds` steps of `step_iters` iterations of a fixed FMA chain
 * (8 accumulators: 16 FLOPs an iteration) and meeting at a barrier after
 * every step, as an op's workers meet before the next op. With pinned
 * workers a hog sharing one worker's core delays every step by that worker,
 * which free threads balanced by the OS would hide. Used by the host probe
 * (one step length) and the contention-by-op-length measurement. */
#ifndef HS_NATIVE_FORKJOIN_H
#define HS_NATIVE_FORKJOIN_H

#include <pthread.h>
#include <stdatomic.h>

typedef struct hs_forkjoin {
    long step_iters;
    int rounds;
    int n_cpus, cpus[64];
    float sink[64]; /* keeps the chains' results alive */
    pthread_barrier_t bar;
    atomic_int go; /* 0: wait until every thread exists, 1: run, -1: give up */
} hs_forkjoin;

/* Zero w and set its cores to those the CPU backend pins its workers to
 * (cluster 0), or none when it runs unpinned. */
void hs_forkjoin_init(hs_forkjoin *w);
/* One run with `threads` threads (1..64): its wall time in us, or -1 when
 * the threads cannot be started. */
double hs_forkjoin_run(hs_forkjoin *w, int threads);

#endif
