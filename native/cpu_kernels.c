/* Plain C element kernels (see cpu_kernels.h; semantics in docs/native.md). */
#include "native/cpu_kernels.h"

#include <float.h>
#include <math.h>

int hs_cpu_is_elementwise(const hs_native_opinfo *f)
{
    return !(f->kind == HS_NK_GEMM || (f->kind == HS_NK_CONV && !f->depthwise));
}

static float unary(int sub, float v, float alpha, float beta)
{
    switch (sub) {
    case HS_UN_RELU: return v > 0 ? v : 0;
    case HS_UN_LEAKY: return v > 0 ? v : alpha * v;
    case HS_UN_CLIP: return v < alpha ? alpha : (v > beta ? beta : v);
    case HS_UN_SIGMOID: return 1.0f / (1.0f + expf(-v));
    case HS_UN_TANH: return tanhf(v);
    case HS_UN_ERF: return erff(v);
    default: return v;
    }
}

static float binary(int sub, float x, float y)
{
    switch (sub) {
    case HS_BIN_ADD: return x + y;
    case HS_BIN_SUB: return x - y;
    case HS_BIN_MUL: return x * y;
    default: return x / y;
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

static void k_binary(const hs_native_opinfo *f, const float *x, const float *bsrc, float *y, int64_t i0,
                     int64_t len)
{
    int r = f->rank;
    int64_t c[HS_MAX_RANK] = {0}, ao = 0, bo = 0;
    decode(i0, f->oshape, r, c);
    for (int i = 0; i < r; i++)
        ao += c[i] * f->astr[i], bo += c[i] * f->bstr[i];
    for (int64_t k = 0; k < len; k++) {
        float bv = f->b_scalar ? f->alpha : bsrc[bo];
        y[i0 + k] = binary(f->sub, x[ao], bv);
        for (int i = r - 1; i >= 0; i--) { /* odometer */
            ao += f->astr[i], bo += f->bstr[i];
            if (++c[i] < f->oshape[i])
                break;
            ao -= c[i] * f->astr[i], bo -= c[i] * f->bstr[i];
            c[i] = 0;
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

static float pool_at(const hs_native_opinfo *f, const float *x, int64_t idx)
{
    int64_t ox = idx % f->ow, t = idx / f->ow;
    int64_t oy = t % f->oh;
    int64_t nc = t / f->oh;
    const float *p = x + nc * f->h * f->w;
    int64_t y0 = oy * f->sh - f->ph, x0 = ox * f->sw - f->pw;
    float acc = f->sub == HS_POOL_MAX ? -FLT_MAX : 0.0f;
    int cnt = 0;
    for (int ky = 0; ky < f->kh; ky++) {
        int64_t iy = y0 + ky;
        if (iy < 0 || iy >= f->h)
            continue;
        for (int kx = 0; kx < f->kw; kx++) {
            int64_t ix = x0 + kx;
            if (ix < 0 || ix >= f->w)
                continue;
            float v = p[iy * f->w + ix];
            if (f->sub == HS_POOL_MAX)
                acc = v > acc ? v : acc;
            else
                acc += v;
            cnt++;
        }
    }
    if (f->sub == HS_POOL_AVG)
        return cnt ? acc / (float)cnt : 0.0f;
    return cnt ? acc : 0.0f;
}

static float dwconv_at(const hs_native_opinfo *f, const float *x, const float *w, int64_t idx)
{
    int64_t ox = idx % f->ow, t = idx / f->ow;
    int64_t oy = t % f->oh;
    t /= f->oh;
    int64_t o = t % f->oc, n = t / f->oc;
    int64_t mult = f->oc / f->c, ci = o / mult;
    const float *p = x + (n * f->c + ci) * f->h * f->w;
    const float *k = w + o * f->kh * f->kw;
    float acc = w[f->w_elems + o];
    for (int ky = 0; ky < f->kh; ky++) {
        int64_t iy = oy * f->sh - f->ph + (int64_t)ky * f->dh;
        if (iy < 0 || iy >= f->h)
            continue;
        for (int kx = 0; kx < f->kw; kx++) {
            int64_t ix = ox * f->sw - f->pw + (int64_t)kx * f->dw;
            if (ix < 0 || ix >= f->w)
                continue;
            acc += p[iy * f->w + ix] * k[ky * f->kw + kx];
        }
    }
    return acc;
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
    switch (f->kind) {
    case HS_NK_UNARY:
        for (int64_t i = i0; i < i0 + len; i++)
            y[i] = unary(f->sub, x[i], f->alpha, f->beta);
        break;
    case HS_NK_BINARY:
        k_binary(f, x, f->b_tensor >= 0 ? m->host[f->b_tensor] : w, y, i0, len);
        break;
    case HS_NK_TRANSPOSE:
        k_transpose(f, x, y, i0, len);
        break;
    case HS_NK_POOL:
        for (int64_t i = i0; i < i0 + len; i++)
            y[i] = pool_at(f, x, i);
        break;
    case HS_NK_CONV:
        for (int64_t i = i0; i < i0 + len; i++)
            y[i] = dwconv_at(f, x, w, i);
        break;
    case HS_NK_CONVT:
        for (int64_t i = i0; i < i0 + len; i++)
            y[i] = convt_at(f, x, w, i);
        break;
    case HS_NK_CHANNEL:
        for (int64_t i = i0; i < i0 + len; i++) {
            int64_t c = (i / f->inner) % f->c;
            y[i] = x[i] * w[c] + w[f->c + c];
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
        for (int64_t i = i0; i < i0 + len; i++) {
            int64_t j = i % inner, r = i / inner, ia = r % D, oo = r / D;
            int k = 0;
            while (ia >= f->cat_off[k + 1])
                k++;
            int64_t Dk = f->cat_off[k + 1] - f->cat_off[k];
            y[i] = m->host[o->in[k]][(oo * Dk + ia - f->cat_off[k]) * inner + j];
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
}
