/* Plain C element kernels (see cpu_kernels.h; semantics in docs/native.md). */
#include "native/cpu_kernels.h"

#include <float.h>
#include <math.h>
#include <string.h>

/* Runs eight elements at a time in a loop of constant trip count, which
 * compilers vectorize at -O2 (no remainder to peel), then the rest. */
#define BLOCKED(n, STMT)                                                                                       \
    do {                                                                                                       \
        int64_t i8_ = 0, n_ = (n);                                                                             \
        for (; i8_ + 8 <= n_; i8_ += 8)                                                                        \
            for (int k8_ = 0; k8_ < 8; k8_++) {                                                                \
                int64_t i = i8_ + k8_;                                                                         \
                STMT;                                                                                          \
            }                                                                                                  \
        for (int64_t i = i8_; i < n_; i++) {                                                                   \
            STMT;                                                                                              \
        }                                                                                                      \
    } while (0)

/* Y[i] = op(X[i]) for i < n, one loop per function (no branch per element);
 * X may be Y (each element is read before it is written). DEFAULT: what
 * any other sub does. */
#define UNARY_CASES(SUB, ALPHA, BETA, X, Y, n, DEFAULT)                                                        \
    do {                                                                                                       \
        float alpha_ = (ALPHA), beta_ = (BETA);                                                                \
        switch (SUB) {                                                                                         \
        case HS_UN_RELU:                                                                                       \
            BLOCKED(n, { float v = X[i]; Y[i] = v > 0.0f ? v : 0.0f; });                                       \
            break;                                                                                             \
        case HS_UN_LEAKY:                                                                                      \
            BLOCKED(n, { float v = X[i]; Y[i] = v > 0.0f ? v : alpha_ * v; });                                 \
            break;                                                                                             \
        case HS_UN_CLIP:                                                                                       \
            BLOCKED(n, {                                                                                       \
                float v = X[i];                                                                                \
                v = v < alpha_ ? alpha_ : v;                                                                   \
                Y[i] = v > beta_ ? beta_ : v;                                                                  \
            });                                                                                                \
            break;                                                                                             \
        case HS_UN_SIGMOID:                                                                                    \
            for (int64_t i = 0; i < n; i++)                                                                    \
                Y[i] = 1.0f / (1.0f + expf(-X[i]));                                                            \
            break;                                                                                             \
        case HS_UN_TANH:                                                                                       \
            for (int64_t i = 0; i < n; i++)                                                                    \
                Y[i] = tanhf(X[i]);                                                                            \
            break;                                                                                             \
        case HS_UN_ERF:                                                                                        \
            for (int64_t i = 0; i < n; i++)                                                                    \
                Y[i] = erff(X[i]);                                                                             \
            break;                                                                                             \
        case HS_UN_HARD_SIGMOID:                                                                               \
            BLOCKED(n, {                                                                                       \
                float v = alpha_ * X[i] + beta_;                                                               \
                v = v < 0.0f ? 0.0f : v;                                                                       \
                Y[i] = v > 1.0f ? 1.0f : v;                                                                    \
            });                                                                                                \
            break;                                                                                             \
        case HS_UN_HARD_SWISH: /* x relu6(x + 3) / 6 */                                                       \
            BLOCKED(n, {                                                                                       \
                float x_ = X[i];                                                                               \
                float v = x_ + 3.0f;                                                                           \
                v = v < 0.0f ? 0.0f : v;                                                                       \
                v = v > 6.0f ? 6.0f : v;                                                                       \
                Y[i] = x_ * v * (1.0f / 6.0f);                                                                 \
            });                                                                                                \
            break;                                                                                             \
        default:                                                                                               \
            DEFAULT;                                                                                           \
            break;                                                                                             \
        }                                                                                                      \
    } while (0)

static void k_unary(const hs_native_opinfo *f, const float *restrict x, float *restrict y, int64_t n)
{
    UNARY_CASES(f->sub, f->alpha, f->beta, x, y, n, memcpy(y, x, (size_t)n * sizeof(float)));
}

void hs_cpu_act(const hs_native_opinfo *f, float *y, int64_t n)
{
    if (f->act >= 0)
        UNARY_CASES(f->act, f->act_alpha, f->act_beta, y, y, n, (void)0);
}

void hs_cpu_bias_act_rows(const hs_native_opinfo *f, float *y, int64_t rows, int64_t cols, int64_t ld,
                          const float *bias)
{
    for (int64_t r = 0; r < rows; r++) {
        float *restrict row = y + r * ld;
        float b = bias[r];
        BLOCKED(cols, row[i] += b);
        hs_cpu_act(f, row, cols);
    }
}

void hs_cpu_act_block(const hs_native_opinfo *f, float *y, int64_t C, int64_t H, int64_t W, int64_t n0,
                      int64_t n1, int64_t c0, int64_t c1, int64_t h0, int64_t h1)
{
    if (f->act < 0 || h0 >= h1)
        return;
    for (int64_t n = n0; n < n1; n++)
        for (int64_t c = c0; c < c1; c++) /* rows [h0, h1) of a plane are contiguous */
            hs_cpu_act(f, y + ((n * C + c) * H + h0) * W, (h1 - h0) * W);
}

/* y[i] = a[i * sa] op b[i * sb] for i < n */
#define BIN_CASES(OP)                                                                                          \
    do {                                                                                                       \
        if (sa == 1 && sb == 1)                                                                                \
            BLOCKED(n, y[i] = a[i] OP b[i]);                                                                   \
        else if (sa == 1 && sb == 0) {                                                                         \
            float bv = b[0];                                                                                   \
            BLOCKED(n, y[i] = a[i] OP bv);                                                                     \
        } else if (sa == 0 && sb == 1) {                                                                       \
            float av = a[0];                                                                                   \
            BLOCKED(n, y[i] = av OP b[i]);                                                                     \
        } else                                                                                                 \
            for (int64_t i = 0; i < n; i++)                                                                    \
                y[i] = a[i * sa] OP b[i * sb];                                                                 \
    } while (0)

static void bin_run(int sub, const float *restrict a, int64_t sa, const float *restrict b, int64_t sb,
                    float *restrict y, int64_t n)
{
    switch (sub) {
    case HS_BIN_ADD: BIN_CASES(+); break;
    case HS_BIN_SUB: BIN_CASES(-); break;
    case HS_BIN_MUL: BIN_CASES(*); break;
    default: BIN_CASES(/); break;
    }
}

/* decode a flat index into coordinates of shape (rank r) */
static void decode(int64_t idx, const int64_t *shape, int r, int64_t *c)
{
    for (int i = r - 1; i >= 0; i--) {
        c[i] = idx % shape[i];
        idx /= shape[i];
    }
}

/* Broadcasting binary op over runs along the innermost dimension, after
 * merging the trailing dimensions both operands walk through contiguously
 * (two tensors of one shape: a single run). */
static void k_binary(const hs_native_opinfo *f, const float *x, const float *bsrc, float *y, int64_t i0,
                     int64_t len)
{
    int r = f->rank;
    if (r == 0) {
        bin_run(f->sub, x, 0, f->b_scalar ? &f->alpha : bsrc, 0, y + i0, 1);
        return;
    }
    int64_t shape[HS_MAX_RANK], as[HS_MAX_RANK], bs[HS_MAX_RANK];
    int q = 0; /* merged rank */
    for (int i = 0; i < r; i++) {
        int64_t bsi = f->b_scalar ? 0 : f->bstr[i];
        if (q > 0 && as[q - 1] == f->astr[i] * f->oshape[i] && bs[q - 1] == bsi * f->oshape[i]) {
            shape[q - 1] *= f->oshape[i];
            as[q - 1] = f->astr[i], bs[q - 1] = bsi;
        } else {
            shape[q] = f->oshape[i], as[q] = f->astr[i], bs[q] = bsi;
            q++;
        }
    }
    const float *b = f->b_scalar ? &f->alpha : bsrc;
    int64_t c[HS_MAX_RANK] = {0}, ao = 0, bo = 0;
    decode(i0, shape, q, c);
    for (int i = 0; i < q; i++)
        ao += c[i] * as[i], bo += c[i] * bs[i];
    int64_t D = shape[q - 1];
    while (len > 0) {
        int64_t run = D - c[q - 1] < len ? D - c[q - 1] : len;
        bin_run(f->sub, x + ao, as[q - 1], b + bo, bs[q - 1], y + i0, run);
        i0 += run, len -= run;
        ao += run * as[q - 1], bo += run * bs[q - 1];
        c[q - 1] += run;
        for (int i = q - 1; i > 0 && c[i] == shape[i]; i--) { /* odometer carry */
            ao += as[i - 1] - c[i] * as[i], bo += bs[i - 1] - c[i] * bs[i];
            c[i] = 0;
            c[i - 1]++;
        }
    }
}

static void k_transpose(const hs_native_opinfo *f, const float *x, float *y, int64_t i0, int64_t len)
{
    int r = f->rank;
    int64_t c[HS_MAX_RANK] = {0}, ao = 0;
    decode(i0, f->oshape, r, c);
    for (int i = 0; i < r; i++)
        ao += c[i] * f->astr[i];
    for (int64_t k = 0; k < len; k++) {
        y[i0 + k] = x[ao];
        for (int i = r - 1; i >= 0; i--) {
            ao += f->astr[i];
            if (++c[i] < f->oshape[i])
                break;
            ao -= c[i] * f->astr[i];
            c[i] = 0;
        }
    }
}

/* Outputs [ox0, ox1) of output row oy of plane p: window bounds worked out
 * per output, no test per tap. Max of no tap and average of none are 0. */
static void pool_row(const hs_native_opinfo *f, const float *p, int64_t oy, int64_t ox0, int64_t ox1,
                     float *restrict y)
{
    int64_t y0 = oy * f->sh - f->ph;
    int64_t ky0 = y0 < 0 ? -y0 : 0, ky1 = f->h - y0 < f->kh ? f->h - y0 : f->kh;
    /* max pooling, outputs whose taps are all inside the row: a pass per tap
     * over all of them (vectorisable), the borders below one by one */
    int64_t lo = ox1, hi = ox1;
    if (f->sub == HS_POOL_MAX && ky1 > ky0) {
        lo = (f->pw + f->sw - 1) / f->sw;                    /* first ox with x0 >= 0 */
        hi = (f->w - f->kw + f->pw) / f->sw + 1;             /* past the last with x0 + kw <= w */
        lo = lo < ox0 ? ox0 : lo > ox1 ? ox1 : lo;
        hi = f->w - f->kw + f->pw < 0 ? lo : hi > ox1 ? ox1 : hi < lo ? lo : hi;
        int64_t n = hi - lo, sw = f->sw;
        float *restrict out = y + (lo - ox0);
        for (int64_t ky = ky0; ky < ky1; ky++) {
            const float *row = p + (y0 + ky) * f->w + lo * sw - f->pw;
            for (int kx = 0; kx < f->kw; kx++) {
                const float *restrict r = row + kx;
                if (ky == ky0 && kx == 0)
                    BLOCKED(n, out[i] = r[i * sw]);
                else
                    BLOCKED(n, {
                        float v = r[i * sw];
                        out[i] = v > out[i] ? v : out[i];
                    });
            }
        }
    }
    for (int64_t ox = ox0; ox < ox1; ox++) {
        if (ox == lo && hi > lo) {
            ox = hi - 1;
            continue;
        }
        int64_t x0 = ox * f->sw - f->pw;
        int64_t kx0 = x0 < 0 ? -x0 : 0, kx1 = f->w - x0 < f->kw ? f->w - x0 : f->kw;
        float acc = f->sub == HS_POOL_MAX ? -FLT_MAX : 0.0f;
        int64_t cnt = ky1 > ky0 && kx1 > kx0 ? (ky1 - ky0) * (kx1 - kx0) : 0;
        for (int64_t ky = ky0; ky < ky1; ky++) {
            const float *row = p + (y0 + ky) * f->w + x0;
            if (f->sub == HS_POOL_MAX)
                for (int64_t kx = kx0; kx < kx1; kx++)
                    acc = row[kx] > acc ? row[kx] : acc;
            else
                for (int64_t kx = kx0; kx < kx1; kx++)
                    acc += row[kx];
        }
        y[ox - ox0] = !cnt ? 0.0f : f->sub == HS_POOL_AVG ? acc / (float)cnt : acc;
    }
}

static void k_pool(const hs_native_opinfo *f, const float *x, float *y, int64_t i0, int64_t len)
{
    while (len > 0) {
        int64_t ox = i0 % f->ow, t = i0 / f->ow, oy = t % f->oh, nc = t / f->oh;
        int64_t run = f->ow - ox < len ? f->ow - ox : len;
        pool_row(f, x + nc * f->h * f->w, oy, ox, ox + run, y + i0);
        i0 += run, len -= run;
    }
}

static float convt_at(const hs_native_opinfo *f, const float *x, const float *w, int64_t idx)
{
    int64_t ox = idx % f->ow, t = idx / f->ow;
    int64_t oy = t % f->oh;
    t /= f->oh;
    int64_t o = t % f->oc, n = t / f->oc;
    int64_t opg = f->oc / f->group, cpg = f->c / f->group, g = o / opg, oo = o % opg;
    float acc = w[f->w_elems + o];
    for (int64_t ci = g * cpg; ci < (g + 1) * cpg; ci++) {
        const float *p = x + (n * f->c + ci) * f->h * f->w;
        const float *k = w + (ci * opg + oo) * f->kh * f->kw;
        for (int ky = 0; ky < f->kh; ky++) {
            int64_t ty = oy + f->ph - (int64_t)ky * f->dh;
            if (ty < 0 || ty % f->sh)
                continue;
            int64_t iy = ty / f->sh;
            if (iy >= f->h)
                continue;
            for (int kx = 0; kx < f->kw; kx++) {
                int64_t tx = ox + f->pw - (int64_t)kx * f->dw;
                if (tx < 0 || tx % f->sw)
                    continue;
                int64_t ix = tx / f->sw;
                if (ix >= f->w)
                    continue;
                acc += p[iy * f->w + ix] * k[ky * f->kw + kx];
            }
        }
    }
    return acc;
}

/* Softmax along an inner axis: element i is in row (o, j) of f->inner
 * elements f->stride apart; statistics over the whole row for each element
 * written (in row order, as the OpenCL kernel). */
static void k_softmax_strided(const hs_native_opinfo *f, const float *x, float *y, int64_t i0, int64_t len)
{
    int64_t D = f->inner, st = f->stride;
    for (int64_t i = i0; i < i0 + len; i++) {
        const float *p = x + (i / (D * st)) * D * st + i % st;
        float mx = -FLT_MAX;
        for (int64_t k = 0; k < D; k++)
            mx = p[k * st] > mx ? p[k * st] : mx;
        float s = 0;
        for (int64_t k = 0; k < D; k++)
            s += expf(p[k * st] - mx);
        y[i] = expf(x[i] - mx) / s;
    }
}

/* Softmax and normalisations: rows of f->inner elements; statistics over
 * the whole row even when only part of it is written. */
static void k_rows(const hs_native_opinfo *f, const float *x, const float *w, float *y, int64_t i0, int64_t len)
{
    if (f->kind == HS_NK_SOFTMAX && f->stride > 1) {
        k_softmax_strided(f, x, y, i0, len);
        return;
    }
    int64_t inner = f->inner, end = i0 + len;
    while (i0 < end) {
        int64_t row = i0 / inner, seg = (row + 1) * inner;
        if (seg > end)
            seg = end;
        const float *p = x + row * inner;
        if (f->kind == HS_NK_SOFTMAX) {
            float mx = -FLT_MAX;
            for (int64_t j = 0; j < inner; j++)
                mx = p[j] > mx ? p[j] : mx;
            float s = 0; /* float sums in row order, as the OpenCL kernel */
            for (int64_t j = 0; j < inner; j++)
                s += expf(p[j] - mx);
            for (int64_t i = i0; i < seg; i++)
                y[i] = expf(x[i] - mx) / s;
        } else {
            float s = 0, s2 = 0;
            for (int64_t j = 0; j < inner; j++)
                s += p[j];
            float mean = s / (float)inner;
            for (int64_t j = 0; j < inner; j++)
                s2 += (p[j] - mean) * (p[j] - mean);
            float inv = 1.0f / sqrtf(s2 / (float)inner + f->alpha);
            int64_t half = f->w_elems / 2;
            for (int64_t i = i0; i < seg; i++) {
                int64_t pi = f->sub == HS_NORM_INSTANCE ? row % f->c : i - row * inner;
                y[i] = ((x[i] - mean) * inv) * w[pi] + w[half + pi];
            }
        }
        i0 = seg;
    }
}

void hs_cpu_elems(hs_native_model *m, int op, int64_t i0, int64_t len)
{
    const hs_graph *g = m->g;
    const hs_op *o = &g->ops[op];
    const hs_native_opinfo *f = &m->info[op];
    const float *x = m->host[o->in[0]];
    const float *w = m->weights[op];
    float *y = m->host[o->out[0]];
    const int64_t act0 = i0, act_len = len; /* the cases below move i0 and len */
    switch (f->kind) {
    case HS_NK_UNARY:
        k_unary(f, x + i0, y + i0, len);
        break;
    case HS_NK_BINARY:
        k_binary(f, x, f->b_tensor >= 0 ? m->host[f->b_tensor] : w, y, i0, len);
        break;
    case HS_NK_TRANSPOSE:
        k_transpose(f, x, y, i0, len);
        break;
    case HS_NK_POOL:
        k_pool(f, x, y, i0, len);
        break;
    case HS_NK_CONVT:
        for (int64_t i = i0; i < i0 + len; i++)
            y[i] = convt_at(f, x, w, i);
        break;
    case HS_NK_CHANNEL:
        while (len > 0) { /* runs within one channel's plane */
            int64_t c = (i0 / f->inner) % f->c, run = f->inner - i0 % f->inner;
            run = run < len ? run : len;
            float sc = w[c], sh = w[f->c + c];
            const float *xs = x + i0;
            float *ys = y + i0;
            BLOCKED(run, ys[i] = xs[i] * sc + sh);
            i0 += run, len -= run;
        }
        break;
    case HS_NK_NORM:
    case HS_NK_SOFTMAX:
        k_rows(f, x, w, y, i0, len);
        break;
    case HS_NK_CONCAT: {
        const hs_tensor *t = &g->tensors[o->out[0]];
        int64_t outer, D, inner;
        hs_native_axis_split(t, f->axis, &outer, &D, &inner);
        while (len > 0) { /* runs of `inner` contiguous elements of one input */
            int64_t j = i0 % inner, r = i0 / inner, ia = r % D, oo = r / D, run = inner - j;
            run = run < len ? run : len;
            int k = 0;
            while (ia >= f->cat_off[k + 1])
                k++;
            int64_t Dk = f->cat_off[k + 1] - f->cat_off[k];
            memcpy(y + i0, m->host[o->in[k]] + (oo * Dk + ia - f->cat_off[k]) * inner + j,
                   (size_t)run * sizeof(float));
            i0 += run, len -= run;
        }
        break;
    }
    case HS_NK_RESIZE:
    case HS_NK_PAD:
        for (int64_t i = i0; i < i0 + len; i++) {
            int64_t ox = i % f->ow, t = i / f->ow, oy = t % f->oh, nc = t / f->oh, iy, ix;
            if (f->kind == HS_NK_RESIZE) {
                iy = oy * f->h / f->oh, ix = ox * f->w / f->ow;
            } else {
                iy = oy - f->ph, ix = ox - f->pw;
                if (f->sub == HS_PAD_REFLECT) { /* pads are smaller than the dimension */
                    iy = iy < 0 ? -iy : iy >= f->h ? 2 * (f->h - 1) - iy : iy;
                    ix = ix < 0 ? -ix : ix >= f->w ? 2 * (f->w - 1) - ix : ix;
                } else if (f->sub == HS_PAD_EDGE) {
                    iy = iy < 0 ? 0 : iy >= f->h ? f->h - 1 : iy;
                    ix = ix < 0 ? 0 : ix >= f->w ? f->w - 1 : ix;
                } else if (iy < 0 || iy >= f->h || ix < 0 || ix >= f->w) {
                    y[i] = 0.0f;
                    continue;
                }
            }
            y[i] = x[(nc * f->h + iy) * f->w + ix];
        }
        break;
    case HS_NK_GATHER:
        if (f->sub == 1) { /* y[o][j] = x[o][0][j] */
            for (int64_t i = i0; i < i0 + len; i++)
                y[i] = x[(i / f->inner) * f->rows * f->inner + i % f->inner];
            break;
        }
        for (int64_t i = i0; i < i0 + len; i++) {
            int64_t r = i / f->inner, j = i % f->inner;
            int64_t id = isfinite(x[r]) ? (int64_t)floorf(x[r]) % f->rows : 0;
            if (id < 0)
                id += f->rows;
            y[i] = w[id * f->inner + j];
        }
        break;
    default:
        break;
    }
    hs_cpu_act(f, y + act0, act_len); /* a fused activation, on the elements just written */
}
