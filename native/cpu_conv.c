/* Conv kernels of the CPU backend and how workers share them (cpu_conv.h).
 *
 * Why these kernels (2-core Xeon with AVX-512, 2 pinned workers, per-op
 * medians; docs/native.md has the whole-model figures):
 *  - 3x3 and 7x7 convolutions: oneDNN's brgconv on NHWC runs at 290-360
 *    GFLOP/s on the two workers (each one thread, half the output channels),
 *    against 120-200 for im2col + OpenBLAS on NCHW and about 230 for
 *    XNNPACK (Debian's 2022 snapshot, NHWC). Converting the input to NHWC
 *    and the output back costs about 20 GB/s of tiled transposes, a tenth of
 *    the convolution; oneDNN on NCHW picks its im2col GEMM (80-125 GFLOP/s
 *    on one thread) and on a strided NHWC view (a channel part written in
 *    place) its reference loops, so the parts write dense NHWC blocks.
 *  - 1x1 convolutions (stride 1, no padding): a direct kernel with the
 *    weights packed once at bind (cpu_pointwise.h). OpenBLAS, reading the
 *    NCHW input as its right matrix, packed the weights and the input on
 *    every call and needed a pass zeroing the output (packing 19 % and
 *    zeroing 8 % of a MobileNetV2 frame's samples on one thread). MobileNetV2's
 *    34 pointwise convolutions, per-op medians summed on the two workers:
 *    3.55 ms with OpenBLAS, 3.23 ms with the packed kernel; 1.3-1.8x faster
 *    on the expansions (16-32 input channels), 5-15 % slower on some
 *    projections (192-960 input channels into 32-96). oneDNN's 1x1 kernel
 *    runs at OpenBLAS's speed and needs the NHWC conversions (7.6 ms
 *    against 5.7 ms for the 34 with OpenBLAS). Strided or padded 1x1
 *    convolutions stay on im2col + OpenBLAS.
 *  - depthwise: a direct NCHW kernel; oneDNN would need the conversions,
 *    which cost more than the convolution (a few MACs per element).
 *    MobileNetV2's 17 took 3.0 ms with four-float vectors and the whole
 *    channel padded in scratch; 1.8 ms with sixteen-float vectors on
 *    AVX-512, a ring of padded rows and the channel split below.
 */
#include "config.h"

#ifdef HAVE_OPENBLAS
#include "native/cpu_conv.h"

#include "native/cpu_dwconv.h"
#include "native/cpu_gemm.h"
#include "native/cpu_kernels.h"
#include "native/cpu_layout.h"

#define CH_BLOCK 16 /* output channels per unit of a channel share (a vector of AVX-512) */

hs_cpu_conv_kernel hs_cpu_conv_kernel_of(const hs_native_opinfo *f, int have_dnnl)
{
    if (f->depthwise && hs_cpu_dwconv_supported(f))
        return HS_CPU_CONV_DEPTHWISE;
    if (hs_cpu_pointwise_supported(f))
        return HS_CPU_CONV_POINTWISE;
#ifdef HAVE_DNNL
    if (have_dnnl && hs_cpu_dnnl_wants(f))
        return HS_CPU_CONV_DNNL;
#else
    (void)have_dnnl;
#endif
    return HS_CPU_CONV_BLAS;
}

const char *hs_cpu_conv_kernel_name(hs_cpu_conv_kernel k)
{
    return k == HS_CPU_CONV_DNNL        ? "onednn"
           : k == HS_CPU_CONV_DEPTHWISE ? "depthwise"
           : k == HS_CPU_CONV_POINTWISE ? "pointwise"
                                        : "openblas";
}

void hs_cpu_conv_needs(const hs_native_opinfo *f, hs_cpu_conv_kernel k, int64_t *nhwc, int64_t *scratch)
{
    int64_t row = (f->c / f->group) * f->kh * f->kw * f->ow; /* im2col of one output row */
    *nhwc = 0;
    *scratch = row;
    if (k == HS_CPU_CONV_DEPTHWISE)
        *scratch = hs_cpu_dwconv_scratch_floats(f);
    if (k == HS_CPU_CONV_POINTWISE)
        *scratch = hs_cpu_pointwise_scratch_floats(f);
    if (k == HS_CPU_CONV_DNNL) {
        *nhwc = f->c * f->h * f->w;
        int64_t part = f->oc * f->oh * f->ow; /* a part's output is at most one image's */
        *scratch = part > row ? part : row;
    }
}

/* the part of [lo, hi) that worker `part` of `n` gets */
static void share(int64_t lo, int64_t hi, int part, int n, int64_t *s, int64_t *t)
{
    int64_t len = hi - lo;
    *s = lo + len * part / n;
    *t = lo + len * (part + 1) / n;
}

/* Split the rows [h0, h1) when they share out evenly, leave each worker a
 * wide enough GEMM (columns = rows x width) and cut every channel's plane on
 * a cache line; else the channels. A cut inside a line leaves one line per
 * channel that both workers write at once (false sharing: MobileNetV2's
 * 384-channel 14 x 14 depthwise convolution took 100-150 us per worker
 * split by rows, 57 us split by channels). */
#define LINE_FLOATS 16 /* a 64-byte cache line */
static int by_rows(const hs_native_opinfo *f, int64_t h0, int64_t h1, int64_t chans, int n)
{
    int64_t rows = h1 - h0;
    if (chans < (int64_t)n * CH_BLOCK)
        return 1;
    if (rows % n != 0 || rows / n * f->ow < 64 || f->oh * f->ow % LINE_FLOATS != 0)
        return 0;
    for (int p = 1; p < n; p++)
        if ((h0 + rows * p / n) * f->ow % LINE_FLOATS != 0)
            return 0;
    return 1;
}

/* Share channels in blocks of `block` (whole vectors for oneDNN, whole
 * panels for the pointwise kernel). */
static void share_channels(int64_t c0, int64_t c1, int64_t block, int part, int n, int64_t *s, int64_t *t)
{
    int64_t units = (c1 - c0 + block - 1) / block, u0, u1;
    share(0, units, part, n, &u0, &u1);
    *s = c0 + u0 * block < c1 ? c0 + u0 * block : c1;
    *t = c0 + u1 * block < c1 ? c0 + u1 * block : c1;
}

#ifdef HAVE_DNNL

static void conv_dnnl(hs_native_model *m, int op, int64_t n0, int64_t n1, int64_t c0, int64_t c1, int64_t r0,
                      int64_t r1, const hs_cpu_worker *w)
{
    const hs_op *o = &m->g->ops[op];
    const hs_native_opinfo *f = &m->info[op];
    const float *x = m->host[o->in[0]];
    float *y = m->host[o->out[0]];
    int64_t iy0, iy1, rowlen = f->w * f->c;
    hs_cpu_dnnl_input_rows(f, r0, r1, &iy0, &iy1);
    /* this worker's part of the output */
    int64_t pc0 = c0, pc1 = c1, pr0 = r0, pr1 = r1;
    if (by_rows(f, r0, r1, c1 - c0, w->n))
        share(r0, r1, w->id, w->n, &pr0, &pr1);
    else
        share_channels(c0, c1, CH_BLOCK, w->id, w->n, &pc0, &pc1);
    for (int64_t n = n0; n < n1; n++) {
        if (n > n0) /* everyone is done with the previous image's rows */
            pthread_barrier_wait(w->barrier);
        int64_t ya, yb;
        share(iy0, iy1, w->id, w->n, &ya, &yb);
        hs_nchw_rows_to_nhwc(x + n * f->c * f->h * f->w, f->c, f->h, f->w, ya, yb, w->nhwc + (ya - iy0) * rowlen);
        pthread_barrier_wait(w->barrier);
        if (pc0 >= pc1 || pr0 >= pr1)
            continue;
        int64_t py0, py1;
        hs_cpu_dnnl_input_rows(f, pr0, pr1, &py0, &py1);
        hs_error err = {.msg = ""};
        if (hs_cpu_dnnl_conv(w->dnnl, op, f, m->weights[op], pc0, pc1, pr0, pr1, w->nhwc + (py0 - iy0) * rowlen,
                             w->scratch, &err) == 0) {
            hs_nhwc_block_to_nchw(w->scratch, pr1 - pr0, f->ow, pc1 - pc0,
                                  y + ((n * f->oc + pc0) * f->oh + pr0) * f->ow, f->oh * f->ow);
            hs_cpu_act_block(f, y, f->oc, f->oh, f->ow, n, n + 1, pc0, pc1, pr0, pr1);
        } else { /* a part oneDNN cannot run (err says why): OpenBLAS computes it, activation included */
            hs_cpu_conv_blas(m, op, n, n + 1, pc0, pc1, pr0, pr1, w->scratch, w->scratch_elems);
        }
    }
}

#endif

/* Worker w's share of a pointwise Conv's channels [c0, c1) x rows [h0, h1)
 * with the tiles its packed weights pw were made for: the rows when they
 * leave the busiest worker as few of the kernel's tiles (panels x column
 * tiles) as whole panels do, or fewer (few output channels: 24 are three
 * panels of 8, shared 2:1); else whole panels. Cutting a plane inside a
 * cache line costs one line per channel here, nothing beside the work of a
 * GEMM. */
static void pointwise_share(const hs_native_opinfo *f, const hs_cpu_pointwise_weights *pw, const hs_cpu_worker *w,
                            int64_t *c0, int64_t *c1, int64_t *h0, int64_t *h1)
{
    int mr, nr, n = w->n;
    hs_cpu_pointwise_tile(pw, &mr, &nr);
    int64_t panels = (*c1 - *c0 + mr - 1) / mr, rows = (*h1 - *h0 + n - 1) / n;
    int64_t tiles_by_channels = (panels + n - 1) / n * (((*h1 - *h0) * f->ow + nr - 1) / nr);
    int64_t tiles_by_rows = panels * ((rows * f->ow + nr - 1) / nr);
    if (tiles_by_rows <= tiles_by_channels)
        share(*h0, *h1, w->id, n, h0, h1);
    else
        share_channels(*c0, *c1, mr, w->id, n, c0, c1);
}

void hs_cpu_conv_share(hs_native_model *m, int op, hs_cpu_conv_kernel k, int axis, int64_t a, int64_t e,
                       const hs_cpu_worker *w)
{
    const hs_native_opinfo *f = &m->info[op];
    int64_t n0 = 0, n1 = f->n, c0 = 0, c1 = f->oc, h0 = 0, h1 = f->oh;
    if (axis == 0)
        n0 = a, n1 = e;
    else if (axis == 1)
        c0 = a, c1 = e;
    else if (axis == 2)
        h0 = a, h1 = e;
#ifdef HAVE_DNNL
    if (k == HS_CPU_CONV_DNNL && w->dnnl) {
        conv_dnnl(m, op, n0, n1, c0, c1, h0, h1, w);
        return;
    }
#endif
    const hs_cpu_pointwise_weights *pw = k == HS_CPU_CONV_POINTWISE && w->pointwise ? w->pointwise[op] : NULL;
    if (pw)
        pointwise_share(f, pw, w, &c0, &c1, &h0, &h1);
    else if (by_rows(f, h0, h1, c1 - c0, w->n))
        share(h0, h1, w->id, w->n, &h0, &h1);
    else
        share(c0, c1, w->id, w->n, &c0, &c1);
    if (pw) {
        const hs_op *o = &m->g->ops[op];
        for (int64_t n = n0; n < n1; n++)
            hs_cpu_pointwise(f, pw, m->host[o->in[0]], m->host[o->out[0]], n, c0, c1, h0, h1, w->scratch);
    } else if (k == HS_CPU_CONV_DEPTHWISE) {
        const hs_op *o = &m->g->ops[op];
        for (int64_t n = n0; n < n1; n++)
            hs_cpu_dwconv(f, m->host[o->in[0]], m->weights[op], m->host[o->out[0]], n, c0, c1, h0, h1,
                          w->scratch);
    } else {
        hs_cpu_conv_blas(m, op, n0, n1, c0, c1, h0, h1, w->scratch, w->scratch_elems);
    }
}
#endif
