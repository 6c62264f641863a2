/* NCHW <-> NHWC conversions (see cpu_layout.h). */
#include "native/cpu_layout.h"

#include <string.h>

#define TILE 16 /* a 16 x 16 tile of floats: 1 KiB read, 1 KiB written */

#if defined(__has_builtin)
#if __has_builtin(__builtin_shufflevector)
#define HAVE_SHUFFLEVECTOR 1
#endif
#endif

#ifdef HAVE_SHUFFLEVECTOR
typedef float v4 __attribute__((vector_size(4 * sizeof(float))));

/* a 4 x 4 block by vector shuffles (SSE shufps, NEON zip/uzp) */
static inline void tr4(const float *s, int64_t sl, float *d, int64_t dl)
{
    v4 r0, r1, r2, r3;
    memcpy(&r0, s, sizeof r0), memcpy(&r1, s + sl, sizeof r1);
    memcpy(&r2, s + 2 * sl, sizeof r2), memcpy(&r3, s + 3 * sl, sizeof r3);
    v4 t0 = __builtin_shufflevector(r0, r1, 0, 4, 1, 5), t1 = __builtin_shufflevector(r0, r1, 2, 6, 3, 7);
    v4 t2 = __builtin_shufflevector(r2, r3, 0, 4, 1, 5), t3 = __builtin_shufflevector(r2, r3, 2, 6, 3, 7);
    v4 o0 = __builtin_shufflevector(t0, t2, 0, 1, 4, 5), o1 = __builtin_shufflevector(t0, t2, 2, 3, 6, 7);
    v4 o2 = __builtin_shufflevector(t1, t3, 0, 1, 4, 5), o3 = __builtin_shufflevector(t1, t3, 2, 3, 6, 7);
    memcpy(d, &o0, sizeof o0), memcpy(d + dl, &o1, sizeof o1);
    memcpy(d + 2 * dl, &o2, sizeof o2), memcpy(d + 3 * dl, &o3, sizeof o3);
}
#endif

/* a whole TILE x TILE tile */
static void tile(const float *src, int64_t src_ld, float *dst, int64_t dst_ld)
{
#ifdef HAVE_SHUFFLEVECTOR
    for (int i = 0; i < TILE; i += 4)
        for (int j = 0; j < TILE; j += 4)
            tr4(src + i * src_ld + j, src_ld, dst + j * dst_ld + i, dst_ld);
#else
    for (int j = 0; j < TILE; j++)
        for (int i = 0; i < TILE; i++)
            dst[j * dst_ld + i] = src[i * src_ld + j];
#endif
}

void hs_transpose(const float *src, int64_t rows, int64_t cols, int64_t src_ld, float *dst, int64_t dst_ld)
{
    if (rows < TILE) { /* few rows (an RGB input): read each row once, in order */
        for (int64_t i = 0; i < rows; i++)
            for (int64_t j = 0; j < cols; j++)
                dst[j * dst_ld + i] = src[i * src_ld + j];
        return;
    }
    for (int64_t i0 = 0; i0 < rows; i0 += TILE) {
        int64_t i1 = i0 + TILE < rows ? i0 + TILE : rows;
        for (int64_t j0 = 0; j0 < cols; j0 += TILE) {
            int64_t j1 = j0 + TILE < cols ? j0 + TILE : cols;
            if (i1 - i0 == TILE && j1 - j0 == TILE) {
                tile(src + i0 * src_ld + j0, src_ld, dst + j0 * dst_ld + i0, dst_ld);
            } else {
                for (int64_t j = j0; j < j1; j++)
                    for (int64_t i = i0; i < i1; i++)
                        dst[j * dst_ld + i] = src[i * src_ld + j];
            }
        }
    }
}

void hs_nchw_rows_to_nhwc(const float *x, int64_t c, int64_t h, int64_t w, int64_t y0, int64_t y1, float *dst)
{
    if (y1 > y0)
        hs_transpose(x + y0 * w, c, (y1 - y0) * w, h * w, dst, c);
}

void hs_nhwc_block_to_nchw(const float *src, int64_t rows, int64_t w, int64_t cn, float *y, int64_t plane)
{
    if (rows > 0)
        hs_transpose(src, rows * w, cn, cn, y, plane);
}
