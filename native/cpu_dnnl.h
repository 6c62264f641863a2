/* oneDNN convolutions of the native CPU backend (built with HAVE_DNNL).
 * A hs_cpu_dnnl belongs to one worker thread of the backend: it runs oneDNN
 * single-threaded in that thread (the backend's workers are the threads, one
 * pinned per core) and caches, per op, the oneDNN primitives of the parts of
 * the op that worker has run (a part: output channels [oc0, oc1) x output
 * rows [r0, r1) of one image), at most HS_CPU_DNNL_SLOTS parts per op, the
 * least recently used replaced. A part's primitive is created, and the op's
 * weights packed for it, the first time the part runs: weights changed after
 * that are not seen. Data is NHWC, dense (cpu_layout.h converts).
 * Ownership: hs_cpu_dnnl_new's result is the caller's (hs_cpu_dnnl_free);
 * the model's weights are borrowed while a part is created. */
#ifndef HS_NATIVE_CPU_DNNL_H
#define HS_NATIVE_CPU_DNNL_H

#include <stdint.h>

#include "base/error.h"
#include "native/opsem.h"

#define HS_CPU_DNNL_SLOTS 4

typedef struct hs_cpu_dnnl hs_cpu_dnnl;

/* 1 when a Conv with op info f runs through oneDNN: not grouped, a kernel
 * larger than 1x1, and padding oneDNN can express (see cpu_conv.c for why
 * these, measured). */
int hs_cpu_dnnl_wants(const hs_native_opinfo *f);

/* The input rows [*iy0, *iy1) that output rows [r0, r1) read (clipped to the
 * image; the rest is padding). */
void hs_cpu_dnnl_input_rows(const hs_native_opinfo *f, int64_t r0, int64_t r1, int64_t *iy0, int64_t *iy1);

/* A context for one worker, caching parts of up to n_ops ops. */
hs_cpu_dnnl *hs_cpu_dnnl_new(int n_ops, hs_error *err);
void hs_cpu_dnnl_free(hs_cpu_dnnl *d);

/* Call once at the start of each worker thread: oneDNN runs in the calling
 * thread only (its OpenMP runtime gets one thread there). A thread that is
 * a worker only for a while (run_op's caller) calls _enter, which returns
 * what _leave puts back. */
void hs_cpu_dnnl_thread_init(void);
int hs_cpu_dnnl_thread_enter(void);
void hs_cpu_dnnl_thread_leave(int saved);

/* Compute part (oc0, oc1, r0, r1) of Conv `op` (info f, weights w: OIHW then
 * the bias) for one image: `in` is the input's NHWC rows [iy0, iy1) as
 * hs_cpu_dnnl_input_rows(f, r0, r1) gives, all channels, dense; `out` gets
 * [r1 - r0][f->ow][oc1 - oc0], dense. 0 when done; 1 when oneDNN cannot run
 * this part (the caller computes it otherwise; the part is not tried again
 * while cached), with the reason in err. */
int hs_cpu_dnnl_conv(hs_cpu_dnnl *d, int op, const hs_native_opinfo *f, const float *w, int64_t oc0,
                     int64_t oc1, int64_t r0, int64_t r1, const float *in, float *out, hs_error *err);

/* "oneDNN 2.6.3 (avx512_core)": the library and the instruction set it uses. */
void hs_cpu_dnnl_describe(char *buf, int size);

#endif
