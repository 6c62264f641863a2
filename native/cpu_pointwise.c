/* 1x1 convolution with packed weights, direct NCHW (see cpu_pointwise.h). */
#include "native/cpu_pointwise.h"

#include "native/cpu_kernels.h"
#include "native/simd.h"

#include <stdlib.h>
#include <string.h>

#define LANES HS_V16_LANES
#define MR_MAX 8
#define NV_MAX 2                  /* vectors of LANES floats per output row of a tile */
#define NR_MAX (NV_MAX * LANES)
#define KC 256                    /* input channels per block: a tile's packed input (32 KiB) in L1 */
#define SCRATCH_FLOATS (64 << 10) /* a chunk of columns of the block, packed (256 KiB, in L2) */

struct hs_cpu_pointwise_weights {
    hs_cpu_pw_kernel kernel;
    int mr, nv;     /* tile: mr output channels x nv * LANES columns */
    int64_t oc, k;  /* output and input channels */
    float *w;       /* panel p, input channel i, row r: w[(p * k + i) * mr + r]; rows past oc are 0 */
    float *bias;    /* oc rounded up to mr */
};

int hs_cpu_pointwise_runs(hs_cpu_pw_kernel k)
{
#if defined(__x86_64__) && defined(__GNUC__)
    if (k == HS_CPU_PW_AVX512) /* what x86-64-v4, its target, has */
        return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512vl") &&
               __builtin_cpu_supports("avx512bw") && __builtin_cpu_supports("avx512dq") &&
               __builtin_cpu_supports("avx512cd");
    if (k == HS_CPU_PW_AVX2)
        return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
#endif
    return k == HS_CPU_PW_BASELINE;
}

const char *hs_cpu_pointwise_kernel_name(hs_cpu_pw_kernel k)
{
    return k == HS_CPU_PW_AVX512 ? "avx512 8x32" : k == HS_CPU_PW_AVX2 ? "avx2 6x16" : "baseline 6x16";
}

/* The kernel this CPU runs: the first it can. */
static hs_cpu_pw_kernel tile_kernel(void)
{
    int k = 0;
    while (k < HS_CPU_PW_BASELINE && !hs_cpu_pointwise_runs((hs_cpu_pw_kernel)k))
        k++;
    return (hs_cpu_pw_kernel)k;
}

static void tile_of(hs_cpu_pw_kernel k, int *mr, int *nr)
{
    *mr = k == HS_CPU_PW_AVX512 ? 8 : 6;
    *nr = (k == HS_CPU_PW_AVX512 ? 2 : 1) * LANES;
}

int hs_cpu_pointwise_supported(const hs_native_opinfo *f)
{
    return f->kind == HS_NK_CONV && f->group == 1 && f->kh == 1 && f->kw == 1 && f->sh == 1 && f->sw == 1 &&
           f->ph == 0 && f->pw == 0 && f->oh == f->h && f->ow == f->w && f->c > 0 && f->oc > 0;
}

int64_t hs_cpu_pointwise_scratch_floats(const hs_native_opinfo *f)
{
    (void)f;
    return SCRATCH_FLOATS;
}

hs_cpu_pointwise_weights *hs_cpu_pointwise_pack(const hs_native_opinfo *f, const float *w)
{
    return hs_cpu_pointwise_pack_for(f, w, tile_kernel());
}

hs_cpu_pointwise_weights *hs_cpu_pointwise_pack_for(const hs_native_opinfo *f, const float *w,
                                                    hs_cpu_pw_kernel k)
{
    hs_cpu_pointwise_weights *p = calloc(1, sizeof *p);
    if (!p)
        return NULL;
    int nr;
    p->kernel = k;
    tile_of(k, &p->mr, &nr);
    p->nv = nr / LANES;
    p->oc = f->oc, p->k = f->c;
    int64_t panels = (f->oc + p->mr - 1) / p->mr;
    p->w = calloc((size_t)(panels * p->mr * p->k), sizeof(float));
    p->bias = calloc((size_t)(panels * p->mr), sizeof(float));
    if (!p->w || !p->bias) {
        hs_cpu_pointwise_free(p);
        return NULL;
    }
    for (int64_t o = 0; o < f->oc; o++) {
        int64_t pn = o / p->mr, r = o % p->mr;
        for (int64_t i = 0; i < p->k; i++)
            p->w[(pn * p->k + i) * p->mr + r] = w[o * p->k + i];
        p->bias[o] = w[f->w_elems + o];
    }
    return p;
}

void hs_cpu_pointwise_tile(const hs_cpu_pointwise_weights *p, int *mr, int *nr)
{
    *mr = p->mr;
    *nr = p->nv * LANES;
}

void hs_cpu_pointwise_free(hs_cpu_pointwise_weights *p)
{
    if (!p)
        return;
    free(p->w);
    free(p->bias);
    free(p);
}

enum { CLAMP_NONE = 0, CLAMP_RELU, CLAMP_CLIP };

typedef struct tile_args {
    const float *w;  /* the panel at the block's first input channel */
    const float *x;  /* the tile's columns of the block, packed: x[i * nr + j] */
    int64_t kc;      /* input channels in the block */
    float *c;        /* the tile's first output, rows ldc apart */
    int64_t ldc;
    int first, last; /* first block: start from 0, not from c; last: bias and clamp */
    const float *bias;
    int mode;
    float amin, amax;
} tile_args;

/* Vectors of the target's own width: a wider generic vector is split into
 * registers by GCC, which then kept a 6 x 16 tile's accumulators on the
 * stack with AVX2 (six times slower than OpenBLAS). */
typedef int hs_v16i __attribute__((vector_size(16 * sizeof(int))));
typedef float hs_v8 __attribute__((vector_size(8 * sizeof(float))));
typedef int hs_v8i __attribute__((vector_size(8 * sizeof(int))));
typedef float hs_v4 __attribute__((vector_size(4 * sizeof(float))));
typedef int hs_v4i __attribute__((vector_size(4 * sizeof(int))));

/* A kernel NAME computing MR x NV vectors of VL floats (VT, its int mask
 * type VI) in registers over the block's input channels, then (last block)
 * the bias and the clamp with the same expressions as hs_cpu_act's, lane by
 * lane (NaN included). The loops have constant bounds, so they unroll whole
 * and the accumulators stay in registers. */
#define HS_PW_TILE(NAME, ATTR, VT, VI, VL, MR, NV)                                                             \
    ATTR static void NAME(const tile_args *t)                                                                  \
    {                                                                                                          \
        VT acc[MR][NV];                                                                                        \
        _Pragma("GCC unroll 16")                                                                               \
        for (int r = 0; r < MR; r++)                                                                           \
            _Pragma("GCC unroll 16")                                                                           \
            for (int v = 0; v < NV; v++) {                                                                     \
                if (t->first)                                                                                  \
                    acc[r][v] = (VT){0};                                                                       \
                else                                                                                           \
                    memcpy(&acc[r][v], t->c + r * t->ldc + v * VL, sizeof acc[r][v]);                          \
            }                                                                                                  \
        const float *restrict w = t->w, *restrict x = t->x;                                                    \
        for (int64_t i = 0; i < t->kc; i++) {                                                                  \
            VT xv[NV];                                                                                         \
            _Pragma("GCC unroll 16")                                                                           \
            for (int v = 0; v < NV; v++)                                                                       \
                memcpy(&xv[v], x + i * (NV * VL) + v * VL, sizeof xv[v]);                                      \
            _Pragma("GCC unroll 16")                                                                           \
            for (int r = 0; r < MR; r++) {                                                                     \
                float b = w[i * MR + r];                                                                       \
                _Pragma("GCC unroll 16")                                                                       \
                for (int v = 0; v < NV; v++)                                                                   \
                    acc[r][v] += b * xv[v];                                                                    \
            }                                                                                                  \
        }                                                                                                      \
        VT lo = (VT){0} + t->amin, hi = (VT){0} + t->amax;                                                     \
        _Pragma("GCC unroll 16")                                                                               \
        for (int r = 0; r < MR; r++)                                                                           \
            _Pragma("GCC unroll 16")                                                                           \
            for (int v = 0; v < NV; v++) {                                                                     \
                VT s = acc[r][v];                                                                              \
                if (t->last) {                                                                                 \
                    s += t->bias[r];                                                                           \
                    if (t->mode == CLAMP_RELU) {                                                               \
                        s = (VT)((VI)s & (s > 0.0f));                                                          \
                    } else if (t->mode == CLAMP_CLIP) {                                                        \
                        VI below = s < lo;                                                                     \
                        s = (VT)(((VI)lo & below) | ((VI)s & ~below));                                         \
                        VI above = s > hi;                                                                     \
                        s = (VT)(((VI)hi & above) | ((VI)s & ~above));                                         \
                    }                                                                                          \
                }                                                                                              \
                memcpy(t->c + r * t->ldc + v * VL, &s, sizeof s);                                              \
            }                                                                                                  \
    }

/* AVX-512: 8 x 32 (16 accumulators of 32 registers), compiled for it and
 * called only where the CPU has it; AVX2 + FMA: 6 x 16 (12 of 16); the
 * baseline (SSE2 on x86-64, NEON on arm64): 6 x 16 in four-float vectors
 * (24 accumulators: NEON has 32 registers, SSE2 16 and spills) */
#if defined(__x86_64__) && defined(__GNUC__)
#define HS_PW_X86 1
HS_PW_TILE(tile_8x32, __attribute__((target("arch=x86-64-v4"))) HS_FP_CONTRACT, hs_v16, hs_v16i, 16, 8, 2)
HS_PW_TILE(tile_6x16_avx2, __attribute__((target("avx2,fma"))) HS_FP_CONTRACT, hs_v8, hs_v8i, 8, 6, 2)
#endif
HS_PW_TILE(tile_6x16, HS_FP_CONTRACT, hs_v4, hs_v4i, 4, 6, 4)

/* Columns [j, j + nc) of input channels [k0, k0 + kc) into xp, nr floats a
 * channel, zero past nc */
HS_NO_LIBCALLS static void pack_columns(const float *x, int64_t hw, int64_t k0, int64_t kc, int64_t j, int nc,
                                        int nr, float *restrict xp)
{
    for (int64_t i = 0; i < kc; i++) {
        const float *restrict s = x + (k0 + i) * hw + j;
        float *restrict d = xp + i * nr;
        if (nc == nr) { /* constant sizes: vector moves, not a call */
            if (nr == NR_MAX)
                memcpy(d, s, NR_MAX * sizeof(float));
            else
                memcpy(d, s, LANES * sizeof(float));
            continue;
        }
        for (int c = 0; c < nc; c++)
            d[c] = s[c];
        for (int c = nc; c < nr; c++)
            d[c] = 0.0f;
    }
}

/* Rows [lo, hi) x columns [0, nc) between y (ldy) and a tile buffer (nr) */
static void edge_copy(float *tilebuf, int nr, float *y, int64_t ldy, int lo, int hi, int nc, int to_y)
{
    for (int r = lo; r < hi; r++) {
        float *a = tilebuf + r * nr, *b = y + r * ldy;
        memcpy(to_y ? b : a, to_y ? a : b, (size_t)nc * sizeof(float));
    }
}

void hs_cpu_pointwise(const hs_native_opinfo *f, const hs_cpu_pointwise_weights *p, const float *x, float *y,
                      int64_t n, int64_t c0, int64_t c1, int64_t r0, int64_t r1, float *scratch)
{
    if (c0 >= c1 || r0 >= r1)
        return;
    int64_t hw = f->oh * f->ow, K = p->k, j0 = r0 * f->ow, j1 = r1 * f->ow;
    const float *xn = x + n * K * hw;
    float *yn = y + n * p->oc * hw;
    const int mr = p->mr, nr = p->nv * LANES;
    float tilebuf[MR_MAX * NR_MAX] = {0};
    tile_args t = {.mode = CLAMP_NONE};
    if (f->act == HS_UN_RELU)
        t.mode = CLAMP_RELU;
    else if (f->act == HS_UN_CLIP)
        t.mode = CLAMP_CLIP, t.amin = f->act_alpha, t.amax = f->act_beta;
    int64_t blocks = (K + KC - 1) / KC, kc_even = (K + blocks - 1) / blocks;
    int64_t p0 = c0 / mr, p1 = (c1 - 1) / mr;
    /* columns per chunk: the chunk's packed input fills the scratch (in L2) */
    int64_t chunk = SCRATCH_FLOATS / kc_even / nr * nr;
    for (int64_t jc = j0; jc < j1; jc += chunk) {
        int64_t je = jc + chunk < j1 ? jc + chunk : j1;
        for (int64_t k0 = 0; k0 < K; k0 += kc_even) {
            t.kc = K - k0 < kc_even ? K - k0 : kc_even;
            t.first = k0 == 0, t.last = k0 + t.kc == K;
            for (int64_t j = jc; j < je; j += nr)
                pack_columns(xn, hw, k0, t.kc, j, (int)(je - j < nr ? je - j : nr), nr,
                             scratch + (j - jc) * t.kc);
            for (int64_t pn = p0; pn <= p1; pn++) {
                int64_t base = pn * mr;
                int lo = (int)(c0 > base ? c0 - base : 0), hi = (int)(c1 - base < mr ? c1 - base : mr);
                t.w = p->w + (pn * K + k0) * mr;
                t.bias = p->bias + base;
                for (int64_t j = jc; j < je; j += nr) {
                    int nc = (int)(je - j < nr ? je - j : nr);
                    float *yt = yn + base * hw + j;
                    t.x = scratch + (j - jc) * t.kc;
                    if (lo == 0 && hi == mr && nc == nr) {
                        t.c = yt, t.ldc = hw;
                    } else { /* an edge tile: through the tile buffer */
                        if (!t.first)
                            edge_copy(tilebuf, nr, yt, hw, lo, hi, nc, 0);
                        t.c = tilebuf, t.ldc = nr;
                    }
#ifdef HS_PW_X86
                    if (p->kernel == HS_CPU_PW_AVX512)
                        tile_8x32(&t);
                    else if (p->kernel == HS_CPU_PW_AVX2)
                        tile_6x16_avx2(&t);
                    else
#endif
                        tile_6x16(&t);
                    if (t.c == tilebuf)
                        edge_copy(tilebuf, nr, yt, hw, lo, hi, nc, 1);
                }
            }
        }
    }
    if (f->act >= 0 && t.mode == CLAMP_NONE) /* other activations: a pass over the rows written */
        for (int64_t c = c0; c < c1; c++)
            hs_cpu_act(f, yn + c * hw + j0, j1 - j0);
}
