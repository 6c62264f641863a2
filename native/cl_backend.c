/* OpenCL backend: a context and in-order queue on one device, a device
 * buffer per tensor, own kernels (cl_kernels.c) for every op and CLBlast
 * SGEMM for Conv (after im2col) and Gemm/MatMul. Transfers go through
 * hs_native_transfer only (blocking, rectangular for slices). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "native/native_internal.h"

#if !defined(HAVE_OPENCL) || !defined(HAVE_CLBLAST)
hs_native_backend *hs_native_opencl_new(const hs_native_cl_opts *o, hs_error *err)
{
    (void)o;
#ifndef HAVE_OPENCL
    hs_error_set(err, "native OpenCL backend: hetsim was built without OpenCL (install the Debian packages "
                      "ocl-icd-opencl-dev opencl-headers and an ICD such as pocl-opencl-icd, then run "
                      "./configure again)");
#else
    hs_error_set(err, "native OpenCL backend: hetsim was built without CLBlast (install the Debian package "
                      "libclblast-dev and run ./configure again)");
#endif
    return NULL;
}
#else
#include <CL/cl.h>
#include <clblast_c.h>

#include "native/cl_kernels.h"

#define COL_ELEMS (16 << 20) /* im2col floats on the device (64 MiB) */

enum { K_UNARY, K_BINARY, K_TRANSPOSE, K_POOL, K_DWCONV, K_CONVT, K_CHANNEL, K_ROWSTATS, K_ROWAPPLY,
       K_CONCAT, K_RESIZE_PAD, K_GATHER, K_IM2COL, K_FILL_BIAS, K_ACT, K_COUNT };
static const char *const kernel_names[K_COUNT] = {
    "k_unary", "k_binary", "k_transpose", "k_pool", "k_dwconv", "k_convt", "k_channel", "k_rowstats",
    "k_rowapply", "k_concat", "k_resize_pad", "k_gather", "k_im2col", "k_fill_bias", "k_act"};

typedef struct cl_impl {
    cl_platform_id platform;
    cl_device_id device;
    cl_context ctx;
    cl_command_queue q;
    cl_program prog;
    cl_kernel k[K_COUNT];
    cl_mem *tbuf;   /* per tensor */
    cl_mem *wbuf;   /* per op (NULL: no weights) */
    cl_mem *pbuf;   /* per op parameters */
    cl_mem col;     /* im2col scratch */
    int64_t col_elems;
    cl_mem stats;   /* row statistics scratch */
    cl_mem dummy;
    int n_tensors, n_ops;
} cl_impl;

static const char *cl_err(cl_int e)
{
    switch (e) {
    case CL_SUCCESS: return "CL_SUCCESS";
    case CL_DEVICE_NOT_FOUND: return "CL_DEVICE_NOT_FOUND";
    case CL_MEM_OBJECT_ALLOCATION_FAILURE: return "CL_MEM_OBJECT_ALLOCATION_FAILURE";
    case CL_OUT_OF_RESOURCES: return "CL_OUT_OF_RESOURCES";
    case CL_OUT_OF_HOST_MEMORY: return "CL_OUT_OF_HOST_MEMORY";
    case CL_BUILD_PROGRAM_FAILURE: return "CL_BUILD_PROGRAM_FAILURE";
    case CL_INVALID_VALUE: return "CL_INVALID_VALUE";
    case CL_INVALID_BUFFER_SIZE: return "CL_INVALID_BUFFER_SIZE";
    case CL_INVALID_KERNEL_ARGS: return "CL_INVALID_KERNEL_ARGS";
    case CL_INVALID_WORK_GROUP_SIZE: return "CL_INVALID_WORK_GROUP_SIZE";
    case CL_INVALID_ARG_VALUE: return "CL_INVALID_ARG_VALUE";
    case CL_INVALID_ARG_SIZE: return "CL_INVALID_ARG_SIZE";
    case CL_INVALID_MEM_OBJECT: return "CL_INVALID_MEM_OBJECT";
    case CL_PLATFORM_NOT_FOUND_KHR: return "CL_PLATFORM_NOT_FOUND_KHR (no OpenCL platform: install an ICD such as pocl-opencl-icd)";
    default: return "OpenCL error";
    }
}

#define CLCHECK(call, what)                                                                          \
    do {                                                                                             \
        cl_int rc_ = (call);                                                                         \
        if (rc_ != CL_SUCCESS) {                                                                     \
            hs_error_set(err, "native OpenCL backend: %s failed: %s (%d)", what, cl_err(rc_), rc_); \
            return -1;                                                                               \
        }                                                                                            \
    } while (0)

static void cl_destroy(hs_native_backend *b)
{
    cl_impl *c = b->impl;
    if (c) {
        if (c->q)
            clFinish(c->q);
        for (int i = 0; c->tbuf && i < c->n_tensors; i++)
            if (c->tbuf[i])
                clReleaseMemObject(c->tbuf[i]);
        for (int i = 0; i < c->n_ops; i++) {
            if (c->wbuf && c->wbuf[i])
                clReleaseMemObject(c->wbuf[i]);
            if (c->pbuf && c->pbuf[i])
                clReleaseMemObject(c->pbuf[i]);
        }
        free(c->tbuf), free(c->wbuf), free(c->pbuf);
        if (c->col)
            clReleaseMemObject(c->col);
        if (c->stats)
            clReleaseMemObject(c->stats);
        if (c->dummy)
            clReleaseMemObject(c->dummy);
        for (int i = 0; i < K_COUNT; i++)
            if (c->k[i])
                clReleaseKernel(c->k[i]);
        if (c->prog)
            clReleaseProgram(c->prog);
        if (c->q)
            clReleaseCommandQueue(c->q);
        if (c->ctx)
            clReleaseContext(c->ctx);
        free(c);
    }
    free(b);
}

static cl_mem mkbuf(cl_impl *c, int64_t elems, const float *init, hs_error *err, const char *what)
{
    cl_int rc;
    size_t bytes = (size_t)(elems > 0 ? elems : 1) * sizeof(float);
    cl_mem m = clCreateBuffer(c->ctx, CL_MEM_READ_WRITE | (init ? CL_MEM_COPY_HOST_PTR : 0), bytes,
                              (void *)init, &rc);
    if (!m)
        hs_error_set(err, "native OpenCL backend: cannot allocate %zu bytes for %s: %s (%d)", bytes, what,
                     cl_err(rc), rc);
    return m;
}

static int cl_bind(hs_native_backend *b, hs_native_model *m, hs_error *err)
{
    cl_impl *c = b->impl;
    const hs_graph *g = m->g;
    c->n_tensors = g->n_tensors, c->n_ops = g->n_ops;
    c->tbuf = calloc((size_t)g->n_tensors, sizeof *c->tbuf);
    c->wbuf = calloc((size_t)g->n_ops, sizeof *c->wbuf);
    c->pbuf = calloc((size_t)g->n_ops, sizeof *c->pbuf);
    if (!c->tbuf || !c->wbuf || !c->pbuf) {
        hs_error_set(err, "native OpenCL backend: out of memory");
        return -1;
    }
    for (int t = 0; t < g->n_tensors; t++)
        if (!(c->tbuf[t] = mkbuf(c, g->tensors[t].elems, NULL, err, g->tensors[t].name)))
            return -1;
    int64_t col_need = COL_ELEMS, stat_rows = 1;
    for (int i = 0; i < g->n_ops; i++) {
        const hs_native_opinfo *f = &m->info[i];
        if (m->weights[i] && !(c->wbuf[i] = mkbuf(c, f->w_elems + f->bias_elems, m->weights[i], err,
                                                  g->ops[i].name)))
            return -1;
        cl_long p[HS_CLP_COUNT] = {0};
        p[HS_CLP_N] = f->n, p[HS_CLP_C] = f->c, p[HS_CLP_H] = f->h, p[HS_CLP_W] = f->w;
        p[HS_CLP_OC] = f->oc, p[HS_CLP_OH] = f->oh, p[HS_CLP_OW] = f->ow;
        p[HS_CLP_KH] = f->kh, p[HS_CLP_KW] = f->kw, p[HS_CLP_SH] = f->sh, p[HS_CLP_SW] = f->sw;
        p[HS_CLP_PH] = f->ph, p[HS_CLP_PW] = f->pw, p[HS_CLP_DH] = f->dh, p[HS_CLP_DW] = f->dw;
        p[HS_CLP_GROUP] = f->group, p[HS_CLP_WELEMS] = f->w_elems, p[HS_CLP_ROWS] = f->rows;
        p[HS_CLP_INNER] = f->inner, p[HS_CLP_RANK] = f->rank, p[HS_CLP_AXIS] = f->axis;
        p[HS_CLP_NCAT] = f->n_cat, p[HS_CLP_STRIDE] = f->stride;
        for (int k = 0; k < HS_MAX_RANK; k++) {
            p[HS_CLP_OSHAPE + k] = f->oshape[k];
            p[HS_CLP_ASTR + k] = f->astr[k];
            p[HS_CLP_BSTR + k] = f->bstr[k];
        }
        for (int k = 0; k <= HS_NATIVE_MAX_CONCAT; k++)
            p[HS_CLP_CATOFF + k] = f->cat_off[k];
        cl_int rc;
        c->pbuf[i] = clCreateBuffer(c->ctx, CL_MEM_READ_ONLY | CL_MEM_COPY_HOST_PTR, sizeof p, p, &rc);
        if (!c->pbuf[i]) {
            hs_error_set(err, "native OpenCL backend: op '%s': cannot create its parameter buffer: %s (%d)",
                         g->ops[i].name, cl_err(rc), rc);
            return -1;
        }
        if (f->kind == HS_NK_CONV && !f->depthwise) {
            int64_t row = (f->c / f->group) * f->kh * f->kw * f->ow;
            col_need = row > col_need ? row : col_need;
        }
        if ((f->kind == HS_NK_NORM || f->kind == HS_NK_SOFTMAX) && f->rows > stat_rows)
            stat_rows = f->rows;
    }
    c->col_elems = col_need;
    if (!(c->col = mkbuf(c, col_need, NULL, err, "the im2col scratch")) ||
        !(c->stats = mkbuf(c, 2 * stat_rows, NULL, err, "row statistics")) ||
        !(c->dummy = mkbuf(c, 1, NULL, err, "a placeholder")))
        return -1;
    return 0;
}

static int cl_supports(const hs_native_backend *b, const hs_op *op)
{
    (void)b;
    return hs_native_type_known(op);
}

/* set kernel args from a list: 'm' cl_mem, 'l' cl_long, 'i' cl_int, 'f' float */
static int set_args(cl_kernel k, int first, const char *types, const void *const *vals, hs_error *err,
                    const char *kname)
{
    for (int i = 0; types[i]; i++) {
        size_t sz = types[i] == 'm' ? sizeof(cl_mem) : types[i] == 'l' ? sizeof(cl_long)
                                                      : types[i] == 'i' ? sizeof(cl_int) : sizeof(cl_float);
        cl_int rc = clSetKernelArg(k, (cl_uint)(first + i), sz, vals[i]);
        if (rc != CL_SUCCESS) {
            hs_error_set(err, "native OpenCL backend: %s: argument %d: %s (%d)", kname, first + i, cl_err(rc), rc);
            return -1;
        }
    }
    return 0;
}

static int launch(cl_impl *c, int k, int64_t n, hs_error *err)
{
    if (n <= 0)
        return 0;
    size_t gsz = (size_t)n;
    CLCHECK(clEnqueueNDRangeKernel(c->q, c->k[k], 1, NULL, &gsz, NULL, 0, NULL, NULL), kernel_names[k]);
    return 0;
}

static int clblast_check(CLBlastStatusCode s, const char *what, hs_error *err)
{
    if (s != CLBlastSuccess) {
        hs_error_set(err, "native OpenCL backend: CLBlast %s failed with status %d", what, (int)s);
        return -1;
    }
    return 0;
}

/* c[coff + r * ldc + j] = bias (mode 1 per row, 2 per column, 0 zero); then SGEMM with beta = 1 */
static int gemm(cl_impl *c, int64_t M, int64_t N, int64_t K, cl_mem A, int64_t aoff, int64_t lda, cl_mem B,
                int64_t boff, int64_t ldb, cl_mem C, int64_t coff, int64_t ldc, cl_mem bias, int64_t bbase,
                int mode, hs_error *err)
{
    cl_long a0 = coff, rows = M, cols = N, l = ldc, bo = bbase;
    cl_int md = mode;
    cl_mem bm = bias ? bias : c->dummy;
    const void *v[] = {&C, &a0, &rows, &cols, &l, &bm, &bo, &md};
    if (set_args(c->k[K_FILL_BIAS], 0, "mllllmli", v, err, "k_fill_bias") || launch(c, K_FILL_BIAS, M * N, err))
        return -1;
    return clblast_check(CLBlastSgemm(CLBlastLayoutRowMajor, CLBlastTransposeNo, CLBlastTransposeNo,
                                      (size_t)M, (size_t)N, (size_t)K, 1.0f, A, (size_t)aoff, (size_t)lda, B,
                                      (size_t)boff, (size_t)ldb, 1.0f, C, (size_t)coff, (size_t)ldc, &c->q, NULL),
                         "SGEMM", err);
}

static int run_conv(cl_impl *c, hs_native_model *m, int op, int axis, int64_t a, int64_t e, hs_error *err)
{
    const hs_op *o = &m->g->ops[op];
    const hs_native_opinfo *f = &m->info[op];
    cl_mem x = c->tbuf[o->in[0]], y = c->tbuf[o->out[0]], w = c->wbuf[op];
    int64_t n0 = 0, n1 = f->n, c0 = 0, c1 = f->oc, h0 = 0, h1 = f->oh;
    if (axis == 0)
        n0 = a, n1 = e;
    else if (axis == 1)
        c0 = a, c1 = e;
    else if (axis == 2)
        h0 = a, h1 = e;
    int64_t cpg = f->c / f->group, opg = f->oc / f->group, kdim = cpg * f->kh * f->kw, hw = f->oh * f->ow;
    int direct = f->kh == 1 && f->kw == 1 && f->sh == 1 && f->sw == 1 && f->ph == 0 && f->pw == 0 &&
                 f->oh == f->h && f->ow == f->w;
    int64_t rpc = c->col_elems / (kdim * f->ow);
    if (rpc < 1)
        rpc = 1;
    for (int64_t n = n0; n < n1; n++)
        for (int64_t g = c0 / opg; g <= (c1 - 1) / opg; g++) {
            int64_t oc0 = c0 > g * opg ? c0 : g * opg, oc1 = c1 < (g + 1) * opg ? c1 : (g + 1) * opg;
            int64_t xoff = (n * f->c + g * cpg) * f->h * f->w;
            for (int64_t r0 = h0; r0 < h1; r0 += rpc) {
                int64_t r1 = r0 + rpc < h1 ? r0 + rpc : h1, ncol = (r1 - r0) * f->ow;
                cl_mem bm = x;
                int64_t boff = xoff + r0 * f->w, ldb = hw;
                if (!direct) {
                    cl_long xo = xoff, cp = cpg, ra = r0, rb = r1;
                    const void *v[] = {&c->col, &x, &c->pbuf[op], &xo, &cp, &ra, &rb};
                    if (set_args(c->k[K_IM2COL], 0, "mmmllll", v, err, "k_im2col") ||
                        launch(c, K_IM2COL, kdim * ncol, err))
                        return -1;
                    bm = c->col, boff = 0, ldb = ncol;
                }
                if (gemm(c, oc1 - oc0, ncol, kdim, w, oc0 * kdim, kdim, bm, boff, ldb, y,
                         (n * f->oc + oc0) * hw + r0 * f->ow, hw, w, f->w_elems + oc0, 1, err))
                    return -1;
            }
        }
    return 0;
}

static int run_gemm(cl_impl *c, hs_native_model *m, int op, int axis, int64_t a, int64_t e, hs_error *err)
{
    const hs_op *o = &m->g->ops[op];
    const hs_native_opinfo *f = &m->info[op];
    const hs_tensor *t = &m->g->tensors[o->out[0]];
    cl_mem A = c->tbuf[o->in[0]], B = f->b_tensor >= 0 ? c->tbuf[f->b_tensor] : c->wbuf[op];
    cl_mem C = c->tbuf[o->out[0]];
    int64_t L = f->batch * f->M, n0 = 0, n1 = f->N, outer = 1, D = L, inner = 1, ra = 0, re = L;
    if (t->rank >= 1 && axis == t->rank - 1) {
        n0 = a, n1 = e;
    } else if (t->rank >= 2) {
        hs_native_axis_split(t, axis, &outer, &D, &inner);
        inner /= f->N;
        ra = a, re = e;
    }
    int64_t span = (re - ra) * inner, total = outer * span;
    for (int64_t s = 0; s < total;) {
        int64_t oo = s / span, r = s - oo * span, row = (oo * D + ra) * inner + r, run = span - r;
        if (run > total - s)
            run = total - s;
        int64_t bi = row / f->M, m0 = row - bi * f->M;
        if (run > f->M - m0)
            run = f->M - m0;
        if (gemm(c, run, n1 - n0, f->K, A, bi * f->a_bstride + m0 * f->K, f->K, B, bi * f->b_bstride + n0, f->N,
                 C, row * f->N + n0, f->N, f->has_bias ? c->wbuf[op] : NULL, f->w_elems + n0,
                 f->has_bias ? 2 : 0, err))
            return -1;
        s += run;
    }
    return 0;
}

/* The op's fused activation (opsem.h) in place on its output slice [a, e)
 * along `axis`, queued after the op's kernels. */
static int run_act(cl_impl *c, hs_native_model *m, int op, int axis, int64_t a, int64_t e, hs_error *err)
{
    const hs_native_opinfo *f = &m->info[op];
    int64_t ou, dd, in;
    hs_native_axis_split(&m->g->tensors[m->g->ops[op].out[0]], axis, &ou, &dd, &in);
    cl_long D = dd, ca = a, ce = e, inner = in, total = ou * (e - a) * in;
    cl_mem y = c->tbuf[m->g->ops[op].out[0]];
    cl_int sub = f->act;
    cl_float al = f->act_alpha, be = f->act_beta;
    const void *v[] = {&y, &D, &ca, &ce, &inner, &total, &sub, &al, &be};
    if (set_args(c->k[K_ACT], 0, "mllllliff", v, err, "k_act"))
        return -1;
    return launch(c, K_ACT, total, err);
}

static int run_kernels(cl_impl *c, hs_native_model *m, int op, int axis, int64_t a, int64_t e, hs_error *err);

static int cl_run_op(hs_native_backend *b, int op, hs_split_dim dim, double lo, double hi, hs_error *err)
{
    cl_impl *c = b->impl;
    int axis;
    int64_t a, e;
    if (hs_native_check_run(b, op, dim, lo, hi, &axis, &a, &e, err))
        return -1;
    if (a >= e)
        return 0;
    if (run_kernels(c, b->m, op, axis, a, e, err))
        return -1;
    return b->m->info[op].act >= 0 ? run_act(c, b->m, op, axis, a, e, err) : 0;
}

/* The op's own kernels on its output slice [a, e) along `axis`. */
static int run_kernels(cl_impl *c, hs_native_model *m, int op, int axis, int64_t a, int64_t e, hs_error *err)
{
    const hs_op *o = &m->g->ops[op];
    const hs_native_opinfo *f = &m->info[op];
    if (f->kind == HS_NK_GEMM)
        return run_gemm(c, m, op, axis, a, e, err);
    if (f->kind == HS_NK_CONV && !f->depthwise)
        return run_conv(c, m, op, axis, a, e, err);
    const hs_tensor *t = &m->g->tensors[o->out[0]];
    cl_long outer, D, inner;
    {
        int64_t ou, dd, in;
        hs_native_axis_split(t, axis, &ou, &dd, &in);
        outer = ou, D = dd, inner = in;
    }
    cl_long ca = a, ce = e, total = outer * (e - a) * inner;
    cl_mem y = c->tbuf[o->out[0]], x = c->tbuf[o->in[0]], w = c->wbuf[op] ? c->wbuf[op] : c->dummy;
    cl_mem p = c->pbuf[op];
    const void *sl[] = {&D, &ca, &ce, &inner, &total};
    int k = -1, first = 0;
    cl_int sub = f->sub;
    switch (f->kind) {
    case HS_NK_UNARY: {
        cl_float al = f->alpha, be = f->beta;
        const void *v[] = {&y, &x}, *v2[] = {&sub, &al, &be};
        if (set_args(c->k[K_UNARY], 0, "mm", v, err, "k_unary") ||
            set_args(c->k[K_UNARY], 7, "iff", v2, err, "k_unary"))
            return -1;
        k = K_UNARY, first = 2;
        break;
    }
    case HS_NK_BINARY: {
        cl_mem bb = f->b_tensor >= 0 ? c->tbuf[f->b_tensor] : w;
        cl_int bs = f->b_scalar;
        cl_float sc = f->alpha;
        const void *v[] = {&y, &x, &bb, &p}, *v2[] = {&sub, &bs, &sc};
        if (set_args(c->k[K_BINARY], 0, "mmmm", v, err, "k_binary") ||
            set_args(c->k[K_BINARY], 9, "iif", v2, err, "k_binary"))
            return -1;
        k = K_BINARY, first = 4;
        break;
    }
    case HS_NK_TRANSPOSE:
    case HS_NK_POOL:
    case HS_NK_RESIZE:
    case HS_NK_PAD: {
        k = f->kind == HS_NK_TRANSPOSE ? K_TRANSPOSE : f->kind == HS_NK_POOL ? K_POOL : K_RESIZE_PAD;
        const void *v[] = {&y, &x, &p};
        if (set_args(c->k[k], 0, "mmm", v, err, kernel_names[k]))
            return -1;
        if (k != K_TRANSPOSE) {
            /* pool: is max; resize/pad: 0 resize, 1 + the pad mode */
            cl_int flag = k == K_POOL ? f->sub == HS_POOL_MAX : f->kind == HS_NK_PAD ? 1 + f->sub : 0;
            const void *v2[] = {&flag};
            if (set_args(c->k[k], 8, "i", v2, err, kernel_names[k]))
                return -1;
        }
        first = 3;
        break;
    }
    case HS_NK_CONV:
    case HS_NK_CONVT:
    case HS_NK_CHANNEL:
    case HS_NK_GATHER: {
        k = f->kind == HS_NK_CONV ? K_DWCONV : f->kind == HS_NK_CONVT ? K_CONVT
            : f->kind == HS_NK_CHANNEL ? K_CHANNEL : K_GATHER;
        const void *v[] = {&y, &x, &w, &p};
        if (set_args(c->k[k], 0, "mmmm", v, err, kernel_names[k]))
            return -1;
        if (k == K_GATHER) {
            const void *v2[] = {&sub};
            if (set_args(c->k[k], 9, "i", v2, err, kernel_names[k]))
                return -1;
        }
        first = 4;
        break;
    }
    case HS_NK_NORM:
    case HS_NK_SOFTMAX: {
        /* statistics of the rows the slice touches, then the slice */
        int64_t f0 = (0 * D + a) * inner, f1 = ((outer - 1) * D + e - 1) * inner + inner - 1;
        /* rows (o, j) of f->inner elements f->stride apart: those of the blocks o touched */
        int64_t span = f->inner * f->stride;
        cl_long in = f->inner, sd = f->stride, r0 = f0 / span * f->stride;
        cl_long nr = (f1 / span + 1) * f->stride - r0;
        cl_int sm = f->kind == HS_NK_SOFTMAX, inst = f->sub == HS_NORM_INSTANCE;
        cl_float eps = f->alpha;
        const void *v[] = {&c->stats, &x, &in, &r0, &nr, &sm, &eps, &sd};
        if (set_args(c->k[K_ROWSTATS], 0, "mmlllifl", v, err, "k_rowstats") || launch(c, K_ROWSTATS, nr, err))
            return -1;
        const void *v2[] = {&y, &x, &w, &c->stats, &p}, *v3[] = {&sm, &inst};
        if (set_args(c->k[K_ROWAPPLY], 0, "mmmmm", v2, err, "k_rowapply") ||
            set_args(c->k[K_ROWAPPLY], 10, "ii", v3, err, "k_rowapply"))
            return -1;
        k = K_ROWAPPLY, first = 5;
        break;
    }
    case HS_NK_CONCAT: {
        int64_t cou, cd, cin;
        hs_native_axis_split(t, f->axis, &cou, &cd, &cin);
        cl_long lcd = cd, lcin = cin;
        for (int k0 = 0; k0 < f->n_cat; k0 += 8) {
            cl_int ck0 = k0;
            const void *v[] = {&y, &p}, *v2[] = {&lcd, &lcin, &ck0};
            if (set_args(c->k[K_CONCAT], 0, "mm", v, err, "k_concat") ||
                set_args(c->k[K_CONCAT], 2, "lllll", sl, err, "k_concat") ||
                set_args(c->k[K_CONCAT], 7, "lli", v2, err, "k_concat"))
                return -1;
            for (int j = 0; j < 8; j++) {
                cl_mem in = k0 + j < f->n_cat ? c->tbuf[o->in[k0 + j]] : c->dummy;
                const void *v3[] = {&in};
                if (set_args(c->k[K_CONCAT], 10 + j, "m", v3, err, "k_concat"))
                    return -1;
            }
            if (launch(c, K_CONCAT, total, err))
                return -1;
        }
        return 0;
    }
    default:
        hs_error_set(err, "native OpenCL backend: op '%s' (%s) has no kernel", o->name, o->type);
        return -1;
    }
    if (set_args(c->k[k], first, "lllll", sl, err, kernel_names[k]))
        return -1;
    return launch(c, k, total, err);
}

static int cl_transfer(hs_native_backend *b, int tensor, hs_native_dir dir, hs_split_dim dim, double lo,
                       double hi, hs_error *err)
{
    cl_impl *c = b->impl;
    const hs_tensor *t = &b->m->g->tensors[tensor];
    int axis;
    int64_t a, e, outer, D, inner;
    hs_native_slice(t, dim, lo, hi, &axis, &a, &e);
    if (a >= e || t->elems == 0)
        return 0;
    hs_native_axis_split(t, axis, &outer, &D, &inner);
    float *host = b->m->host[tensor];
    size_t row = (size_t)((e - a) * inner) * sizeof(float), pitch = (size_t)(D * inner) * sizeof(float);
    size_t off = (size_t)(a * inner) * sizeof(float);
    if (outer == 1 || e - a == D) {
        size_t o0 = outer == 1 ? off : 0, n = outer == 1 ? row : (size_t)outer * row;
        if (dir == HS_TO_DEVICE)
            CLCHECK(clEnqueueWriteBuffer(c->q, c->tbuf[tensor], CL_TRUE, o0, n, (char *)host + o0, 0, NULL, NULL),
                    "clEnqueueWriteBuffer");
        else
            CLCHECK(clEnqueueReadBuffer(c->q, c->tbuf[tensor], CL_TRUE, o0, n, (char *)host + o0, 0, NULL, NULL),
                    "clEnqueueReadBuffer");
        return 0;
    }
    size_t origin[3] = {off, 0, 0}, region[3] = {row, (size_t)outer, 1};
    if (dir == HS_TO_DEVICE)
        CLCHECK(clEnqueueWriteBufferRect(c->q, c->tbuf[tensor], CL_TRUE, origin, origin, region, pitch, 0, pitch,
                                         0, host, 0, NULL, NULL),
                "clEnqueueWriteBufferRect");
    else
        CLCHECK(clEnqueueReadBufferRect(c->q, c->tbuf[tensor], CL_TRUE, origin, origin, region, pitch, 0, pitch,
                                        0, host, 0, NULL, NULL),
                "clEnqueueReadBufferRect");
    return 0;
}

static int cl_finish(hs_native_backend *b, hs_error *err)
{
    cl_impl *c = b->impl;
    CLCHECK(clFinish(c->q), "clFinish");
    return 0;
}

static const hs_native_backend_ops cl_ops = {cl_bind, cl_supports, cl_run_op, cl_transfer, cl_finish, cl_destroy};

/* pick the device: the given (platform, device), or the first GPU, else the first device */
static int pick(const hs_native_cl_opts *o, cl_platform_id *pp, cl_device_id *dp, hs_error *err)
{
    cl_platform_id plats[16];
    cl_uint np = 0;
    cl_int rc = clGetPlatformIDs(16, plats, &np);
    if (rc == CL_SUCCESS && np == 0)
        rc = CL_PLATFORM_NOT_FOUND_KHR;
    if (rc == CL_PLATFORM_NOT_FOUND_KHR) { /* said once: cl_err's text says it too */
        hs_error_set(err, "native OpenCL backend: no OpenCL platform found; install an ICD such "
                          "as the Debian package pocl-opencl-icd");
        return -1;
    }
    if (rc != CL_SUCCESS) {
        hs_error_set(err, "native OpenCL backend: clGetPlatformIDs: %s", cl_err(rc));
        return -1;
    }
    int want_p = o ? o->platform : -1, want_d = o ? o->device : -1;
    if (want_p >= (int)np) {
        hs_error_set(err, "native OpenCL backend: platform %d does not exist (%u platform%s; see clinfo -l)",
                     want_p, np, np == 1 ? "" : "s");
        return -1;
    }
    for (int pass = 0; pass < 2; pass++) /* pass 0: GPUs only (when nothing was asked) */
        for (cl_uint pi = 0; pi < np; pi++) {
            if (want_p >= 0 && (int)pi != want_p)
                continue;
            cl_device_id devs[16];
            cl_uint nd = 0;
            cl_device_type ty = pass == 0 && want_d < 0 ? CL_DEVICE_TYPE_GPU : CL_DEVICE_TYPE_ALL;
            if (clGetDeviceIDs(plats[pi], ty, 16, devs, &nd) != CL_SUCCESS || nd == 0)
                continue;
            if (want_d >= (int)nd) {
                hs_error_set(err, "native OpenCL backend: platform %u has %u device%s, device %d does not exist "
                                  "(see clinfo -l)", pi, nd, nd == 1 ? "" : "s", want_d);
                return -1;
            }
            *pp = plats[pi];
            *dp = devs[want_d >= 0 ? want_d : 0];
            return 0;
        }
    hs_error_set(err, "native OpenCL backend: no OpenCL device found%s", want_p >= 0 ? " on that platform" : "");
    return -1;
}

hs_native_backend *hs_native_opencl_new(const hs_native_cl_opts *o, hs_error *err)
{
    if (o && o->fp16) {
        hs_error_set(err, "native OpenCL backend: fp16 GEMM is not implemented (fp32 only); run without fp16");
        return NULL;
    }
    cl_platform_id plat;
    cl_device_id dev;
    if (pick(o, &plat, &dev, err))
        return NULL;
    hs_native_backend *b = calloc(1, sizeof *b);
    cl_impl *c = calloc(1, sizeof *c);
    if (!b || !c) {
        free(b), free(c);
        hs_error_set(err, "native OpenCL backend: out of memory");
        return NULL;
    }
    b->ops = &cl_ops, b->impl = c;
    snprintf(b->name, sizeof b->name, "opencl");
    c->platform = plat, c->device = dev;
    char dname[128] = "", pname[128] = "", pver[128] = "";
    clGetDeviceInfo(dev, CL_DEVICE_NAME, sizeof dname - 1, dname, NULL);
    clGetPlatformInfo(plat, CL_PLATFORM_NAME, sizeof pname - 1, pname, NULL);
    clGetPlatformInfo(plat, CL_PLATFORM_VERSION, sizeof pver - 1, pver, NULL);
    snprintf(b->device, sizeof b->device, "%s (%s, %s)", dname, pname, pver);
    cl_int rc;
    c->ctx = clCreateContext(NULL, 1, &dev, NULL, NULL, &rc);
    if (!c->ctx) {
        hs_error_set(err, "native OpenCL backend: clCreateContext on %s: %s (%d)", b->device, cl_err(rc), rc);
        goto fail;
    }
    c->q = clCreateCommandQueue(c->ctx, dev, 0, &rc);
    if (!c->q) {
        hs_error_set(err, "native OpenCL backend: clCreateCommandQueue on %s: %s (%d)", b->device, cl_err(rc), rc);
        goto fail;
    }
    const char *src = hs_native_cl_source;
    c->prog = clCreateProgramWithSource(c->ctx, 1, &src, NULL, &rc);
    if (!c->prog) {
        hs_error_set(err, "native OpenCL backend: clCreateProgramWithSource: %s (%d)", cl_err(rc), rc);
        goto fail;
    }
    rc = clBuildProgram(c->prog, 1, &dev, "-cl-std=CL1.2", NULL, NULL);
    if (rc != CL_SUCCESS) {
        char log[800] = "";
        clGetProgramBuildInfo(c->prog, dev, CL_PROGRAM_BUILD_LOG, sizeof log - 1, log, NULL);
        hs_error_set(err, "native OpenCL backend: building the kernels on %s failed (%s); build log: %s",
                     b->device, cl_err(rc), log);
        goto fail;
    }
    for (int i = 0; i < K_COUNT; i++) {
        c->k[i] = clCreateKernel(c->prog, kernel_names[i], &rc);
        if (!c->k[i]) {
            hs_error_set(err, "native OpenCL backend: kernel %s: %s (%d)", kernel_names[i], cl_err(rc), rc);
            goto fail;
        }
    }
    return b;
fail:
    cl_destroy(b);
    return NULL;
}
#endif
