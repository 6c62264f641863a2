/* Depthwise Conv, direct NCHW (see cpu_dwconv.h). */
#include "native/cpu_dwconv.h"

#include <string.h>

typedef float v4 __attribute__((vector_size(4 * sizeof(float))));

static int64_t eff(int k, int d) { return (int64_t)(k - 1) * d + 1; }

int64_t hs_cpu_dwconv_slack(const hs_native_opinfo *f) { return 8 * (int64_t)f->sw + 8; }

void hs_cpu_dwconv_scratch(const hs_native_opinfo *f, int64_t *rows, int64_t *width)
{
    *rows = (f->oh - 1) * f->sh + eff(f->kh, f->dh);
    *width = (f->ow - 1) * f->sw + eff(f->kw, f->dw);
}

#if defined(__has_builtin)
#if __has_builtin(__builtin_shufflevector)
#define HAVE_SHUFFLEVECTOR 1
#endif
#endif

/* four floats from p, p + s, p + 2s, p + 3s (by pointer: no vector return
 * value, whose ABI depends on the target's vector registers) */
static inline void load4(v4 *v, const float *p, int s)
{
    if (s == 1) {
        memcpy(v, p, sizeof *v);
        return;
    }
#ifdef HAVE_SHUFFLEVECTOR
    if (s == 2) {
        v4 a, b;
        memcpy(&a, p, sizeof a);
        memcpy(&b, p + 4, sizeof b);
        *v = __builtin_shufflevector(a, b, 0, 2, 4, 6);
        return;
    }
#endif
    *v = (v4){p[0], p[s], p[2 * s], p[3 * s]};
}

/* eight outputs from ox on: every tap inside the padded block (which has
 * HS_CPU_DWCONV_SLACK floats after its last row for a final partial block) */
static inline __attribute__((always_inline)) void dw8(const float *pad, int64_t pw_width, const float *k,
                                                      float bias, int64_t ox, int kh, int kw, int sw, int dh,
                                                      int dw, float *out)
{
    v4 a0 = {bias, bias, bias, bias}, a1 = a0;
    for (int ky = 0; ky < kh; ky++) {
        const float *row = pad + (int64_t)ky * dh * pw_width + ox * sw;
        for (int kx = 0; kx < kw; kx++) {
            float wv = k[ky * kw + kx];
            v4 x0, x1;
            load4(&x0, row + kx * dw, sw);
            load4(&x1, row + kx * dw + 4 * sw, sw);
            a0 += wv * x0;
            a1 += wv * x1;
        }
    }
    memcpy(out, &a0, sizeof a0);
    memcpy(out + 4, &a1, sizeof a1);
}

/* One output row from a zero-padded input. Kernel size, stride and dilation
 * are parameters so that the common cases below get their own, unrolled
 * copy. */
static inline __attribute__((always_inline)) void dw_row_k(int64_t ow, const float *pad, int64_t pw_width,
                                                           const float *k, float bias, float *restrict yr,
                                                           int kh, int kw, int sw, int dh, int dw)
{
    int64_t ox = 0;
    for (; ox + 8 <= ow; ox += 8)
        dw8(pad, pw_width, k, bias, ox, kh, kw, sw, dh, dw, yr + ox);
    if (ox < ow) {
        float tail[8];
        dw8(pad, pw_width, k, bias, ox, kh, kw, sw, dh, dw, tail);
        for (int i = 0; ox + i < ow; i++)
            yr[ox + i] = tail[i];
    }
}

static void dw_row(const hs_native_opinfo *f, const float *pad, int64_t pw_width, const float *k, float bias,
                   float *restrict yr)
{
    if (f->kh == 3 && f->kw == 3 && f->dh == 1 && f->dw == 1 && f->sw == 1)
        dw_row_k(f->ow, pad, pw_width, k, bias, yr, 3, 3, 1, 1, 1);
    else if (f->kh == 3 && f->kw == 3 && f->dh == 1 && f->dw == 1 && f->sw == 2)
        dw_row_k(f->ow, pad, pw_width, k, bias, yr, 3, 3, 2, 1, 1);
    else if (f->kh == 5 && f->kw == 5 && f->dh == 1 && f->dw == 1 && f->sw == 1)
        dw_row_k(f->ow, pad, pw_width, k, bias, yr, 5, 5, 1, 1, 1);
    else
        dw_row_k(f->ow, pad, pw_width, k, bias, yr, f->kh, f->kw, f->sw, f->dh, f->dw);
}

/* n floats, four at a time (fixed-size copies the compiler inlines: rows
 * are short, a memcpy call per row cost a fifth of the op) */
static void copy_row(float *restrict d, const float *restrict src, int64_t n)
{
    int64_t j = 0;
    for (; j + 4 <= n; j += 4)
        memcpy(d + j, src + j, 4 * sizeof(float));
    for (; j < n; j++)
        d[j] = src[j];
}

void hs_cpu_dwconv(const hs_native_opinfo *f, const float *x, const float *w, float *y, int64_t n, int64_t c0,
                   int64_t c1, int64_t r0, int64_t r1, float *scratch)
{
    if (r0 >= r1)
        return;
    int64_t mult = f->oc / f->c, plane_in = f->h * f->w, plane_out = f->oh * f->ow;
    int64_t rows, width;
    hs_cpu_dwconv_scratch(f, &rows, &width);
    /* the padded input rows the output rows [r0, r1) read: from iy_top on */
    int64_t iy_top = r0 * f->sh - f->ph, n_rows = (r1 - 1 - r0) * f->sh + eff(f->kh, f->dh);
    /* columns of the input inside the padded row: ix in [xa, xb) at j = ix + pw */
    int64_t xa = f->pw < 0 ? -f->pw : 0, xb = width - f->pw < f->w ? width - f->pw : f->w;
    for (int64_t o = c0; o < c1; o++) {
        const float *xp = x + (n * f->c + o / mult) * plane_in;
        if (o == c0 || o / mult != (o - 1) / mult) { /* a new input channel: pad its rows */
            for (int64_t r = 0; r < n_rows; r++) {
                float *d = scratch + r * width;
                int64_t iy = iy_top + r;
                if (iy < 0 || iy >= f->h || xb <= xa) {
                    memset(d, 0, (size_t)width * sizeof(float));
                    continue;
                }
                int64_t j0 = xa + f->pw, j1 = xb + f->pw;
                for (int64_t j = 0; j < j0; j++)
                    d[j] = 0.0f;
                copy_row(d + j0, xp + iy * f->w + xa, j1 - j0);
                for (int64_t j = j1; j < width; j++)
                    d[j] = 0.0f;
            }
            /* what a row's last partial vector reads past the block: zeros */
            memset(scratch + n_rows * width, 0, (size_t)hs_cpu_dwconv_slack(f) * sizeof(float));
        }
        const float *k = w + o * f->kh * f->kw;
        float bias = w[f->w_elems + o];
        float *yp = y + (n * f->oc + o) * plane_out;
        for (int64_t oy = r0; oy < r1; oy++)
            dw_row(f, scratch + (oy - r0) * f->sh * width, width, k, bias, yp + oy * f->ow);
    }
}
