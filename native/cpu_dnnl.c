/* oneDNN convolution parts, one context per worker (see cpu_dnnl.h). */
#include "config.h"

#ifdef HAVE_DNNL
#include <omp.h>
#include <oneapi/dnnl/dnnl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "native/cpu_dnnl.h"

typedef struct part {
    int used;            /* slot holds a part */
    int failed;          /* oneDNN could not run it: the caller's fallback does */
    int64_t oc0, oc1, r0, r1;
    unsigned long last;  /* for least-recently-used replacement */
    dnnl_primitive_t prim;
    dnnl_memory_t src, wei, bias, dst, pad;
    void *pad_buf;       /* user-managed scratchpad */
} part;

struct hs_cpu_dnnl {
    dnnl_engine_t eng;
    dnnl_stream_t stream;
    int n_ops;
    part *parts; /* n_ops * HS_CPU_DNNL_SLOTS */
    unsigned long tick;
};

static int64_t eff(int k, int d) { return (int64_t)(k - 1) * d + 1; }

/* padding right of the columns: what the output width needs past the input */
static int64_t pad_right(const hs_native_opinfo *f)
{
    return (f->ow - 1) * f->sw + eff(f->kw, f->dw) - f->w - f->pw;
}

int hs_cpu_dnnl_wants(const hs_native_opinfo *f)
{
    return f->kind == HS_NK_CONV && f->group == 1 && (f->kh > 1 || f->kw > 1) && f->ph >= 0 && f->pw >= 0 &&
           pad_right(f) >= 0 && pad_right(f) < eff(f->kw, f->dw);
}

void hs_cpu_dnnl_input_rows(const hs_native_opinfo *f, int64_t r0, int64_t r1, int64_t *iy0, int64_t *iy1)
{
    int64_t a = r0 * f->sh - f->ph, b = (r1 - 1) * f->sh - f->ph + eff(f->kh, f->dh);
    *iy0 = a < 0 ? 0 : a;
    *iy1 = b > f->h ? f->h : b;
    if (*iy1 < *iy0)
        *iy1 = *iy0;
}

void hs_cpu_dnnl_thread_init(void) { omp_set_num_threads(1); }

int hs_cpu_dnnl_thread_enter(void)
{
    int saved = omp_get_max_threads();
    if (saved != 1)
        omp_set_num_threads(1);
    return saved;
}

void hs_cpu_dnnl_thread_leave(int saved)
{
    if (saved != 1)
        omp_set_num_threads(saved);
}

static void part_clear(part *p)
{
    if (p->prim)
        dnnl_primitive_destroy(p->prim);
    dnnl_memory_t *ms[] = {&p->src, &p->wei, &p->bias, &p->dst, &p->pad};
    for (size_t i = 0; i < sizeof ms / sizeof *ms; i++)
        if (*ms[i])
            dnnl_memory_destroy(*ms[i]);
    free(p->pad_buf);
    memset(p, 0, sizeof *p);
}

hs_cpu_dnnl *hs_cpu_dnnl_new(int n_ops, hs_error *err)
{
    hs_cpu_dnnl *d = calloc(1, sizeof *d);
    if (!d || !(d->parts = calloc((size_t)(n_ops > 0 ? n_ops : 1) * HS_CPU_DNNL_SLOTS, sizeof *d->parts))) {
        free(d);
        hs_error_set(err, "native CPU backend: out of memory for oneDNN parts");
        return NULL;
    }
    d->n_ops = n_ops;
    if (dnnl_engine_create(&d->eng, dnnl_cpu, 0) != dnnl_success ||
        dnnl_stream_create(&d->stream, d->eng, dnnl_stream_default_flags) != dnnl_success) {
        hs_cpu_dnnl_free(d);
        hs_error_set(err, "native CPU backend: oneDNN cannot create a CPU engine and stream");
        return NULL;
    }
    return d;
}

void hs_cpu_dnnl_free(hs_cpu_dnnl *d)
{
    if (!d)
        return;
    if (d->parts)
        for (int i = 0; i < d->n_ops * HS_CPU_DNNL_SLOTS; i++)
            part_clear(&d->parts[i]);
    free(d->parts);
    if (d->stream)
        dnnl_stream_destroy(d->stream);
    if (d->eng)
        dnnl_engine_destroy(d->eng);
    free(d);
}

#define TRY(call, what)                                                                                        \
    do {                                                                                                       \
        dnnl_status_t st_ = (call);                                                                            \
        if (st_ != dnnl_success) {                                                                             \
            hs_error_set(err, "oneDNN: %s failed (status %d)", what, (int)st_);                                \
            goto fail;                                                                                         \
        }                                                                                                      \
    } while (0)

/* Create the primitive of a part and pack its weights. */
static int part_create(hs_cpu_dnnl *d, part *p, const hs_native_opinfo *f, const float *w, hs_error *err)
{
    int64_t iy0, iy1, ocn = p->oc1 - p->oc0;
    hs_cpu_dnnl_input_rows(f, p->r0, p->r1, &iy0, &iy1);
    int64_t top = iy0 - (p->r0 * f->sh - f->ph), bottom = ((p->r1 - 1) * f->sh - f->ph + eff(f->kh, f->dh)) - iy1;
    dnnl_primitive_desc_t pd = NULL, rpd = NULL;
    dnnl_primitive_attr_t attr = NULL;
    dnnl_primitive_t reorder = NULL;
    dnnl_memory_t user_w = NULL;
    if (iy1 <= iy0) {
        hs_error_set(err, "oneDNN: output rows %lld..%lld read only padding", (long long)p->r0, (long long)p->r1);
        return 1;
    }
    dnnl_memory_desc_t src_md, wei_any, bias_md, dst_md, wei_user;
    dnnl_dims_t src_dims = {1, f->c, iy1 - iy0, f->w}, wei_dims = {ocn, f->c, f->kh, f->kw}, bias_dims = {ocn},
                dst_dims = {1, ocn, p->r1 - p->r0, f->ow}, strides = {f->sh, f->sw},
                dil = {f->dh - 1, f->dw - 1}, pad_l = {top, f->pw}, pad_r = {bottom, pad_right(f)};
    TRY(dnnl_memory_desc_init_by_tag(&src_md, 4, src_dims, dnnl_f32, dnnl_nhwc), "source descriptor");
    TRY(dnnl_memory_desc_init_by_tag(&dst_md, 4, dst_dims, dnnl_f32, dnnl_nhwc), "destination descriptor");
    TRY(dnnl_memory_desc_init_by_tag(&wei_any, 4, wei_dims, dnnl_f32, dnnl_format_tag_any), "weights descriptor");
    TRY(dnnl_memory_desc_init_by_tag(&wei_user, 4, wei_dims, dnnl_f32, dnnl_oihw), "weights descriptor");
    TRY(dnnl_memory_desc_init_by_tag(&bias_md, 1, bias_dims, dnnl_f32, dnnl_x), "bias descriptor");
    dnnl_convolution_desc_t cd;
    TRY(dnnl_dilated_convolution_forward_desc_init(&cd, dnnl_forward_inference, dnnl_convolution_direct, &src_md,
                                                   &wei_any, &bias_md, &dst_md, strides, dil, pad_l, pad_r),
        "convolution descriptor");
    TRY(dnnl_primitive_attr_create(&attr), "attributes");
    TRY(dnnl_primitive_attr_set_scratchpad_mode(attr, dnnl_scratchpad_mode_user), "scratchpad mode");
    TRY(dnnl_primitive_desc_create(&pd, &cd, attr, d->eng, NULL), "convolution primitive descriptor");
    const dnnl_memory_desc_t *wei_md = dnnl_primitive_desc_query_md(pd, dnnl_query_weights_md, 0);
    const dnnl_memory_desc_t *pad_md = dnnl_primitive_desc_query_md(pd, dnnl_query_scratchpad_md, 0);
    size_t pad_bytes = pad_md ? dnnl_memory_desc_get_size(pad_md) : 0;
    if (pad_bytes && !(p->pad_buf = malloc(pad_bytes))) {
        hs_error_set(err, "oneDNN: out of memory for a %zu-byte scratchpad", pad_bytes);
        goto fail;
    }
    TRY(dnnl_memory_create(&p->src, &src_md, d->eng, DNNL_MEMORY_NONE), "source memory");
    TRY(dnnl_memory_create(&p->dst, &dst_md, d->eng, DNNL_MEMORY_NONE), "destination memory");
    TRY(dnnl_memory_create(&p->bias, &bias_md, d->eng, (void *)(w + f->w_elems + p->oc0)), "bias memory");
    TRY(dnnl_memory_create(&p->wei, wei_md, d->eng, DNNL_MEMORY_ALLOCATE), "weights memory");
    if (pad_bytes)
        TRY(dnnl_memory_create(&p->pad, pad_md, d->eng, p->pad_buf), "scratchpad memory");
    /* pack the part's rows of the OIHW weights into the primitive's layout */
    TRY(dnnl_memory_create(&user_w, &wei_user, d->eng, (void *)(w + p->oc0 * f->c * f->kh * f->kw)),
        "weights memory");
    TRY(dnnl_reorder_primitive_desc_create(&rpd, &wei_user, d->eng, wei_md, d->eng, NULL), "weights reorder");
    TRY(dnnl_primitive_create(&reorder, rpd), "weights reorder");
    dnnl_exec_arg_t rargs[2] = {{DNNL_ARG_FROM, user_w}, {DNNL_ARG_TO, p->wei}};
    TRY(dnnl_primitive_execute(reorder, d->stream, 2, rargs), "weights reorder");
    TRY(dnnl_stream_wait(d->stream), "weights reorder");
    TRY(dnnl_primitive_create(&p->prim, pd), "convolution primitive");
    dnnl_primitive_destroy(reorder);
    dnnl_primitive_desc_destroy(rpd);
    dnnl_memory_destroy(user_w);
    dnnl_primitive_desc_destroy(pd);
    dnnl_primitive_attr_destroy(attr);
    return 0;
fail:
    if (reorder)
        dnnl_primitive_destroy(reorder);
    if (rpd)
        dnnl_primitive_desc_destroy(rpd);
    if (user_w)
        dnnl_memory_destroy(user_w);
    if (pd)
        dnnl_primitive_desc_destroy(pd);
    if (attr)
        dnnl_primitive_attr_destroy(attr);
    return 1;
}

int hs_cpu_dnnl_conv(hs_cpu_dnnl *d, int op, const hs_native_opinfo *f, const float *w, int64_t oc0,
                     int64_t oc1, int64_t r0, int64_t r1, const float *in, float *out, hs_error *err)
{
    part *slots = &d->parts[(size_t)op * HS_CPU_DNNL_SLOTS], *p = NULL;
    for (int i = 0; i < HS_CPU_DNNL_SLOTS && !p; i++)
        if (slots[i].used && slots[i].oc0 == oc0 && slots[i].oc1 == oc1 && slots[i].r0 == r0 && slots[i].r1 == r1)
            p = &slots[i];
    if (!p) {
        p = &slots[0];
        for (int i = 1; i < HS_CPU_DNNL_SLOTS; i++)
            if (!slots[i].used || (p->used && slots[i].last < p->last))
                p = &slots[i];
        part_clear(p);
        p->used = 1;
        p->oc0 = oc0, p->oc1 = oc1, p->r0 = r0, p->r1 = r1;
        if (part_create(d, p, f, w, err)) {
            part_clear(p); /* keep only the verdict */
            p->used = p->failed = 1;
            p->oc0 = oc0, p->oc1 = oc1, p->r0 = r0, p->r1 = r1;
        }
    }
    p->last = ++d->tick;
    if (p->failed) {
        if (!err->msg[0])
            hs_error_set(err, "oneDNN: this part could not be created");
        return 1;
    }
    dnnl_exec_arg_t args[5] = {{DNNL_ARG_SRC, p->src},
                               {DNNL_ARG_WEIGHTS, p->wei},
                               {DNNL_ARG_BIAS, p->bias},
                               {DNNL_ARG_DST, p->dst},
                               {DNNL_ARG_SCRATCHPAD, p->pad}};
    if (dnnl_memory_set_data_handle(p->src, (void *)in) != dnnl_success ||
        dnnl_memory_set_data_handle(p->dst, out) != dnnl_success ||
        dnnl_primitive_execute(p->prim, d->stream, p->pad ? 5 : 4, args) != dnnl_success ||
        dnnl_stream_wait(d->stream) != dnnl_success) {
        hs_error_set(err, "oneDNN: running a convolution failed");
        return 1;
    }
    return 0;
}

void hs_cpu_dnnl_describe(char *buf, int size)
{
    const dnnl_version_t *v = dnnl_version();
    static const struct { dnnl_cpu_isa_t isa; const char *name; } isas[] = {
        {dnnl_cpu_isa_avx512_core_amx, "avx512_core_amx"}, {dnnl_cpu_isa_avx512_core_bf16, "avx512_core_bf16"},
        {dnnl_cpu_isa_avx512_core_vnni, "avx512_core_vnni"}, {dnnl_cpu_isa_avx512_core, "avx512_core"},
        {dnnl_cpu_isa_avx2_vnni, "avx2_vnni"}, {dnnl_cpu_isa_avx2, "avx2"}, {dnnl_cpu_isa_avx, "avx"},
        {dnnl_cpu_isa_sse41, "sse41"}};
    dnnl_cpu_isa_t isa = dnnl_get_effective_cpu_isa();
    const char *name = "?";
    for (size_t i = 0; i < sizeof isas / sizeof *isas; i++)
        if (isa == isas[i].isa) {
            name = isas[i].name;
            break;
        }
    snprintf(buf, (size_t)size, "oneDNN %d.%d.%d (%s)", v->major, v->minor, v->patch, name);
}
#endif
