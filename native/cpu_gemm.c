/* Conv (im2col) and Gemm/MatMul with OpenBLAS sgemm (see cpu_gemm.h). */
#include "config.h"

#ifdef HAVE_OPENBLAS
#include <cblas.h>
#include <string.h>

#include "native/cpu_gemm.h"
#include "native/cpu_kernels.h"

#define C_BLOCK_FLOATS (64 << 10) /* 256 KiB of the output per GEMM, at most (about) */

/* the part of [lo, hi) that worker `part` of `n` gets */
static void share(int64_t lo, int64_t hi, int part, int n, int64_t *s, int64_t *t)
{
    int64_t len = hi - lo;
    *s = lo + len * part / n;
    *t = lo + len * (part + 1) / n;
}

/* c[r][j] = bias[j] (0 without) */
static void fill_bias(float *c, int64_t rows, int64_t cols, int64_t ldc, const float *bias)
{
    for (int64_t r = 0; r < rows; r++) {
        if (bias)
            memcpy(c + r * ldc, bias, (size_t)cols * sizeof(float));
        else
            memset(c + r * ldc, 0, (size_t)cols * sizeof(float));
    }
}

/* im2col of group channels [c0, c0 + cpg) of image x for output rows [r0, r1):
 * col[(ci * kh + ky) * kw + kx][(oy - r0) * ow + ox] */
static void im2col(const hs_native_opinfo *f, const float *x, int64_t cpg, int64_t r0, int64_t r1, float *col)
{
    int64_t ncol = (r1 - r0) * f->ow;
    for (int64_t ci = 0; ci < cpg; ci++)
        for (int ky = 0; ky < f->kh; ky++)
            for (int kx = 0; kx < f->kw; kx++) {
                float *dst = col + ((ci * f->kh + ky) * f->kw + kx) * ncol;
                const float *src = x + ci * f->h * f->w;
                for (int64_t oy = r0; oy < r1; oy++) {
                    int64_t iy = oy * f->sh - f->ph + (int64_t)ky * f->dh;
                    float *d = dst + (oy - r0) * f->ow;
                    if (iy < 0 || iy >= f->h) {
                        memset(d, 0, (size_t)f->ow * sizeof(float));
                        continue;
                    }
                    for (int64_t ox = 0; ox < f->ow; ox++) {
                        int64_t ix = ox * f->sw - f->pw + (int64_t)kx * f->dw;
                        d[ox] = ix >= 0 && ix < f->w ? src[iy * f->w + ix] : 0.0f;
                    }
                }
            }
}

void hs_cpu_conv_blas(hs_native_model *m, int op, int64_t n0, int64_t n1, int64_t c0, int64_t c1, int64_t h0,
                      int64_t h1, float *scratch, int64_t scratch_elems)
{
    const hs_op *o = &m->g->ops[op];
    const hs_native_opinfo *f = &m->info[op];
    const float *x = m->host[o->in[0]], *w = m->weights[op], *bias = w + f->w_elems;
    float *y = m->host[o->out[0]];
    if (n0 >= n1 || h0 >= h1 || c0 >= c1)
        return;
    int64_t cpg = f->c / f->group, opg = f->oc / f->group, kdim = cpg * f->kh * f->kw, hw = f->oh * f->ow;
    int direct = f->kh == 1 && f->kw == 1 && f->sh == 1 && f->sw == 1 && f->ph == 0 && f->pw == 0 &&
                 f->oh == f->h && f->ow == f->w;
    /* output rows per GEMM: what im2col's scratch holds, and few enough that
     * the block of C stays in cache between the GEMM and the pass adding the
     * bias and applying the activation (a 1x1 Conv with few input channels is
     * bound by the passes over C: 610 us for 16 -> 96 channels at 112x112 in
     * one block, half of that in blocks) -- but at least 256 columns for the
     * GEMM */
    int64_t rows_per_chunk = direct ? f->oh : scratch_elems / (kdim * f->ow);
    int64_t cache_rows = C_BLOCK_FLOATS / ((c1 - c0) * f->ow);
    if (cache_rows * f->ow < 256)
        cache_rows = (256 + f->ow - 1) / f->ow;
    if (rows_per_chunk > cache_rows)
        rows_per_chunk = cache_rows;
    if (rows_per_chunk < 1)
        rows_per_chunk = 1; /* the backend sizes scratch for at least one row */
    for (int64_t n = n0; n < n1; n++)
        for (int64_t g = c0 / opg; g <= (c1 - 1) / opg; g++) {
            int64_t oc0 = c0 > g * opg ? c0 : g * opg, oc1 = c1 < (g + 1) * opg ? c1 : (g + 1) * opg;
            const float *xg = x + (n * f->c + g * cpg) * f->h * f->w;
            for (int64_t r0 = h0; r0 < h1; r0 += rows_per_chunk) {
                int64_t r1 = r0 + rows_per_chunk < h1 ? r0 + rows_per_chunk : h1;
                int64_t ncol = (r1 - r0) * f->ow;
                const float *bm;
                int64_t ldb;
                if (direct) {
                    bm = xg + r0 * f->w, ldb = hw;
                } else {
                    im2col(f, xg, cpg, r0, r1, scratch);
                    bm = scratch, ldb = ncol;
                }
                float *c = y + (n * f->oc + oc0) * hw + r0 * f->ow;
                cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, (int)(oc1 - oc0), (int)ncol, (int)kdim,
                            1.0f, w + oc0 * kdim, (int)kdim, bm, (int)ldb, 0.0f, c, (int)hw);
                /* bias and the fused activation on the block just written, in cache */
                hs_cpu_bias_act_rows(f, c, oc1 - oc0, ncol, hw, bias + oc0);
            }
        }
}

void hs_cpu_gemm(hs_native_model *m, int op, int axis, int64_t a, int64_t e, int part, int nparts)
{
    const hs_op *o = &m->g->ops[op];
    const hs_native_opinfo *f = &m->info[op];
    const hs_tensor *t = &m->g->tensors[o->out[0]];
    const float *A = m->host[o->in[0]];
    const float *B = f->b_tensor >= 0 ? m->host[f->b_tensor] : m->weights[op];
    const float *bias = f->has_bias ? m->weights[op] + f->w_elems : NULL;
    float *C = m->host[o->out[0]];
    int64_t L = f->batch * f->M, n0 = 0, n1 = f->N;
    int64_t outer = 1, D = L, inner = 1, ra = 0, re = L;
    if (t->rank >= 1 && axis == t->rank - 1) {
        n0 = a, n1 = e;
    } else if (t->rank >= 2) {
        /* rows of the flattened [L, N] output whose coordinate on `axis` is in [a, e) */
        hs_native_axis_split(t, axis, &outer, &D, &inner);
        inner /= f->N;
        ra = a, re = e;
    }
    int64_t total = outer * (re - ra) * inner; /* rows in the slice */
    int64_t s0 = 0, s1 = total;
    if (total >= nparts)
        share(0, total, part, nparts, &s0, &s1);
    else
        share(n0, n1, part, nparts, &n0, &n1);
    if (n0 >= n1 || s0 >= s1)
        return;
    int64_t span = (re - ra) * inner;
    for (int64_t s = s0; s < s1;) {
        /* the run of consecutive rows starting at slice row s */
        int64_t oo = s / span, r = s - oo * span;
        int64_t row = (oo * D + ra) * inner + r;
        int64_t run = span - r;
        if (run > s1 - s)
            run = s1 - s;
        /* cut at batch boundaries */
        int64_t b = row / f->M, m0 = row - b * f->M;
        if (run > f->M - m0)
            run = f->M - m0;
        float *c = C + row * f->N + n0;
        fill_bias(c, run, n1 - n0, f->N, bias ? bias + n0 : NULL);
        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, (int)run, (int)(n1 - n0), (int)f->K, 1.0f,
                    A + b * f->a_bstride + m0 * f->K, (int)f->K, B + b * f->b_bstride + n0, (int)f->N,
                    1.0f, c, (int)f->N);
        for (int64_t k = 0; f->act >= 0 && k < run; k++) /* the fused activation, on the rows just written */
            hs_cpu_act(f, c + k * f->N, n1 - n0);
        s += run;
    }
}
#endif
