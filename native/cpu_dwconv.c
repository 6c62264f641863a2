/* Depthwise Conv, direct NCHW (see cpu_dwconv.h). */
#include "native/cpu_dwconv.h"

#include "native/cpu_kernels.h"
#include "native/simd.h"

#include <string.h>

#define LANES HS_V16_LANES
#define HS_DW_MAX_KH 3 /* accumulators per block of outputs */
#define HS_DW_ROWS_MAX 16 /* kernel rows the kernel takes (hs_cpu_dwconv_supported) */

static int64_t eff(int k, int d) { return (int64_t)(k - 1) * d + 1; }

/* A padded input row: `width` floats, the input's columns at pw on. */
static int64_t width_of(const hs_native_opinfo *f) { return (f->ow - 1) * f->sw + eff(f->kw, f->dw); }

/* Rows are a whole number of vectors apart, with room after each for what
 * its last block reads past the row (LANES * sw + LANES floats: two vectors
 * for stride 2) and for the copy's last vector; and each row's first input
 * column is on a vector (64-byte) boundary, so the copy's stores never
 * straddle two cache lines. */
static int64_t stride_of(const hs_native_opinfo *f)
{
    return (width_of(f) + (int64_t)LANES * f->sw + 2 * LANES + LANES - 1) / LANES * LANES;
}

/* Rows of the ring: the rows one output row reads; a small plane's padded
 * rows all (at most RING_FLOATS), each padded well before it is read (7x7
 * and 14x14 planes: 20 and 11 % less time on one thread, alone) */
#define RING_FLOATS 4096
static int64_t ring_rows(const hs_native_opinfo *f)
{
    int64_t all = (f->oh - 1) * f->sh + eff(f->kh, f->dh);
    return all * stride_of(f) <= RING_FLOATS ? all : eff(f->kh, f->dh);
}

int64_t hs_cpu_dwconv_scratch_floats(const hs_native_opinfo *f)
{
    return ring_rows(f) * stride_of(f) + 2 * LANES; /* + aligning the start */
}

#if defined(__has_builtin)
#if __has_builtin(__builtin_shufflevector)
#define HAVE_SHUFFLEVECTOR 1
#endif
#endif

/* LANES floats from p, p + s, ..., p + (LANES - 1) s (by pointer: no vector
 * return value, whose ABI depends on the target's vector registers) */
static inline __attribute__((always_inline)) void load16(hs_v16 *v, const float *p, int s)
{
    if (s == 1) {
        memcpy(v, p, sizeof *v);
        return;
    }
#ifdef HAVE_SHUFFLEVECTOR
    if (s == 2) {
        hs_v16 a, b;
        memcpy(&a, p, sizeof a);
        memcpy(&b, p + LANES, sizeof b);
        *v = __builtin_shufflevector(a, b, 0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30);
        return;
    }
#endif
    for (int i = 0; i < LANES; i++)
        (*v)[i] = p[i * s];
}

/* LANES outputs from ox on, kernel row ky reading the padded row rows[ky] */
static inline __attribute__((always_inline)) void dw16(const float *const *rows, const float *k, float bias,
                                                       int64_t ox, int kh, int kw, int sw, int dw, float *out)
{
    /* one accumulator per kernel row: chains of kw dependent adds, not
     * kh x kw (the adds' latency, not their number, bounded a 3x3 block);
     * the loops unrolled whole for the constant kernel sizes */
    hs_v16 acc[HS_DW_MAX_KH] = {{0}};
    acc[0] += bias;
#pragma GCC unroll 8
    for (int ky = 0; ky < kh; ky++) {
        const float *row = rows[ky] + ox * sw;
        hs_v16 a = acc[ky % HS_DW_MAX_KH];
#pragma GCC unroll 8
        for (int kx = 0; kx < kw; kx++) {
            hs_v16 x;
            load16(&x, row + kx * dw, sw);
            a += k[ky * kw + kx] * x;
        }
        acc[ky % HS_DW_MAX_KH] = a;
    }
    for (int i = 1; i < HS_DW_MAX_KH; i++)
        acc[0] += acc[i];
    memcpy(out, &acc[0], sizeof acc[0]);
}

/* One output row into yr, which has `room` writable floats (the row and
 * those after it that the caller writes next): a last partial block is
 * written whole when it fits there, through a temporary when not. Kernel
 * size, stride and dilation are parameters so that the common cases below
 * get their own, unrolled copy. */
static inline __attribute__((always_inline)) void dw_row_k(int64_t ow, const float *const *rows, const float *k,
                                                           float bias, float *restrict yr, int64_t room, int kh,
                                                           int kw, int sw, int dw)
{
    int64_t ox = 0;
    for (; ox + LANES <= ow; ox += LANES)
        dw16(rows, k, bias, ox, kh, kw, sw, dw, yr + ox);
    if (ox < ow && ox + LANES <= room) {
        dw16(rows, k, bias, ox, kh, kw, sw, dw, yr + ox);
    } else if (ox < ow) {
        float tail[LANES];
        dw16(rows, k, bias, ox, kh, kw, sw, dw, tail);
        for (int i = 0; ox + i < ow; i++)
            yr[ox + i] = tail[i];
    }
}

/* Input row iy of the plane xp (h x w floats), padded, into d: zeros, the
 * input's columns [xa, xb) at xa + pw, zeros up to `width`. The columns are
 * copied in whole vectors while they are inside the plane; the last one may
 * write up to LANES - 1 floats past the row's columns, into its right
 * padding (zeroed after) or the room after the row. */
static inline __attribute__((always_inline)) void pad_row(const hs_native_opinfo *f, const float *xp, int64_t iy,
                                                          int64_t width, int64_t xa, int64_t xb,
                                                          float *restrict d)
{
    if (iy < 0 || iy >= f->h || xb <= xa) {
        for (int64_t j = 0; j < width; j++)
            d[j] = 0.0f;
        return;
    }
    int64_t j0 = xa + f->pw, j1 = xb + f->pw, plane = f->h * f->w;
    for (int64_t j = 0; j < j0; j++)
        d[j] = 0.0f;
    int64_t at = iy * f->w + xa, n = xb - xa, j = 0; /* the row's first column in the plane */
    for (; j < n && at + j + LANES <= plane; j += LANES)
        memcpy(d + j0 + j, xp + at + j, LANES * sizeof(float));
    for (; j < n; j++)
        d[j0 + j] = xp[at + j];
    for (int64_t i = j1; i < width; i++)
        d[i] = 0.0f;
}

/* Output rows [r0, r1) of channel o from its input plane xp. The ring holds
 * the ring_rows padded input rows the current output row reads, in turn
 * (row r0 * sh - ph in slot 0, the next ones after it): each input row is
 * padded once, into a block that stays in L1 (a padded copy of the whole
 * plane, 52 KB at 112 x 112, went through L2 and took as long as the
 * convolution). Rows are written in
 * order, so a row's last block may spill into the next ones. */
HS_SIMD_CLONES HS_NO_LIBCALLS static void dw_channel(const hs_native_opinfo *f, const float *xp, const float *k,
                                             float bias, int64_t r0, int64_t r1, float *restrict yp,
                                             float *restrict ring)
{
    int64_t n_ring = ring_rows(f), stride = stride_of(f), width = width_of(f);
    int64_t xa = f->pw < 0 ? -f->pw : 0, xb = width - f->pw < f->w ? width - f->pw : f->w;
    const float *rows[HS_DW_ROWS_MAX];
    /* input row `loaded` goes to slot `next` next; row `top` is in slot `first` */
    int64_t loaded = r0 * f->sh - f->ph, next = 0, first = 0;
    int64_t end = (r1 - 1) * f->sh - f->ph + eff(f->kh, f->dh); /* past the last row read */
    for (int64_t oy = r0; oy < r1; oy++) {
        int64_t top = oy * f->sh - f->ph;
        for (; loaded < top + n_ring && loaded < end; loaded++) {
            if (loaded >= top)
                pad_row(f, xp, loaded, width, xa, xb, ring + next * stride);
            if (++next == n_ring)
                next = 0;
        }
        for (int ky = 0; ky < f->kh; ky++) {
            int64_t slot = first + (int64_t)ky * f->dh;
            rows[ky] = ring + (slot >= n_ring ? slot - n_ring : slot) * stride;
        }
        for (int i = 0; i < f->sh; i++) /* the next output row's top, sh rows down */
            if (++first == n_ring)
                first = 0;
        float *yr = yp + oy * f->ow;
        int64_t room = (r1 - oy) * f->ow;
        if (f->kh == 3 && f->kw == 3 && f->dw == 1 && f->sw == 1)
            dw_row_k(f->ow, rows, k, bias, yr, room, 3, 3, 1, 1);
        else if (f->kh == 3 && f->kw == 3 && f->dw == 1 && f->sw == 2)
            dw_row_k(f->ow, rows, k, bias, yr, room, 3, 3, 2, 1);
        else if (f->kh == 5 && f->kw == 5 && f->dw == 1 && f->sw == 1)
            dw_row_k(f->ow, rows, k, bias, yr, room, 5, 5, 1, 1);
        else
            dw_row_k(f->ow, rows, k, bias, yr, room, f->kh, f->kw, f->sw, f->dw);
    }
}

int hs_cpu_dwconv_supported(const hs_native_opinfo *f) { return f->kh <= HS_DW_ROWS_MAX; }

void hs_cpu_dwconv(const hs_native_opinfo *f, const float *x, const float *w, float *y, int64_t n, int64_t c0,
                   int64_t c1, int64_t r0, int64_t r1, float *scratch)
{
    if (r0 >= r1)
        return;
    int64_t mult = f->oc / f->c, plane_in = f->h * f->w, plane_out = f->oh * f->ow;
    /* the ring's start: a row's first input column (xa + pw) on a vector boundary */
    int64_t j0 = (f->pw < 0 ? -f->pw : 0) + f->pw;
    float *ring = scratch + (LANES - ((uintptr_t)scratch / sizeof(float)) % LANES) % LANES;
    ring += (LANES - j0 % LANES) % LANES;
    /* what rows' last blocks read past their columns: finite (zeros), once */
    memset(ring, 0, (size_t)(ring_rows(f) * stride_of(f)) * sizeof(float));
    for (int64_t o = c0; o < c1; o++) {
        const float *xp = x + (n * f->c + o / mult) * plane_in;
        float *yp = y + (n * f->oc + o) * plane_out;
        dw_channel(f, xp, w + o * f->kh * f->kw, w[f->w_elems + o], r0, r1, yp, ring);
        hs_cpu_act(f, yp + r0 * f->ow, (r1 - r0) * f->ow); /* the fused activation, still in cache */
    }
}
