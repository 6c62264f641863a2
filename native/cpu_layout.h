/* Layout conversions of the native CPU backend between the model's NCHW host
 * buffers and the dense NHWC blocks that oneDNN's convolutions read and write
 * (native/cpu_dnnl.h). Tiled transposes (4 x 4 blocks by vector shuffles where
 * the compiler has __builtin_shufflevector, else plain C); each converts the part
 * its caller names, so the workers of an op share a conversion by rows. They
 * own nothing and only write to `dst` / `y`. */
#ifndef HS_NATIVE_CPU_LAYOUT_H
#define HS_NATIVE_CPU_LAYOUT_H

#include <stdint.h>

/* dst[j * dst_ld + i] = src[i * src_ld + j] for i < rows, j < cols */
void hs_transpose(const float *src, int64_t rows, int64_t cols, int64_t src_ld, float *dst, int64_t dst_ld);

/* Rows [y0, y1) of one NCHW image x (c planes of h x w) into NHWC: pixel
 * (y, xx) channel ci goes to dst[((y - y0) * w + xx) * c + ci]. */
void hs_nchw_rows_to_nhwc(const float *x, int64_t c, int64_t h, int64_t w, int64_t y0, int64_t y1, float *dst);

/* A dense NHWC block src [rows][w][cn] (cn channels, full rows of width w)
 * into an NCHW image whose planes are `plane` floats apart: channel ci of
 * pixel j (= r * w + xx) goes to y[ci * plane + j]. y points at the block's
 * first channel, first row. */
void hs_nhwc_block_to_nchw(const float *src, int64_t rows, int64_t w, int64_t cn, float *y, int64_t plane);

#endif
