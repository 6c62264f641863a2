/* ONNX -> hetsim-model conversion (contract in onnx_import.h).
 *
 * The model is decoded with protobuf-c against the system's onnx.proto
 * (onnx.pb-c.h is generated at build time). Nodes are visited in file order
 * (ONNX requires a topological order); each node is either
 *   - static: every input is static (initializer, Constant, folded value), or
 *     it is Shape/Size of a tensor of known shape -- its outputs become static
 *     values (shape, element type, and the value itself when small enough
 *     to evaluate, which shape-carrying inputs such as Reshape's need);
 *   - an Identity: its output is an alias of its input;
 *   - an op of the hetsim graph.
 * Shapes come from value_info when the file has it, else from infer() below,
 * which follows ONNX's own shape inference for the op types whose op-table
 * entry (traces/op.h) has a shape rule; FLOPs come from hs_op_costs
 * (traces/op_cost.h), as for graphs that do not state them.
 * The JSON text is written in the layout of the zoo (traces/models/), which
 * scripts/zoo/make_zoo.py builds through `hetsim import onnx`: one header key
 * per line, one op per line, Python's json.dumps spelling of numbers and
 * strings. */
#include "traces/onnx_import.h"

#include "base/strbuf.h"
#include "base/strmap.h"
#include "base/text_file.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/json_read.h"
#include "onnx.pb-c.h"
#include "traces/op.h"
#include "traces/graph_write.h"
#include "traces/op_cost.h"

#define MAXR HS_MAX_RANK
#define EVAL_MAX 65536 /* static values up to this many elements are evaluated */
#define MAX_NODE_IO 256

enum {
    DT_FLOAT = 1, DT_UINT8 = 2, DT_INT8 = 3, DT_UINT16 = 4, DT_INT16 = 5, DT_INT32 = 6,
    DT_INT64 = 7, DT_STRING = 8, DT_BOOL = 9, DT_FLOAT16 = 10, DT_DOUBLE = 11, DT_UINT32 = 12,
    DT_UINT64 = 13, DT_BFLOAT16 = 16
};

static int in_list(const char *s, const char *const *list)
{
    for (int i = 0; list[i]; i++)
        if (strcmp(s, list[i]) == 0)
            return 1;
    return 0;
}

/* ---------------------------------------------------------------- strings */

/* A JSON string as Python's json.dumps writes it (ensure_ascii): non-ASCII
 * characters as \uXXXX, invalid UTF-8 bytes as U+FFFD. */
static void sb_json_str(hs_sbuf *b, const char *s)
{
    hs_sb_put(b, "\"", 1);
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        unsigned c = *p;
        if (c == '"' || c == '\\') {
            char e[2] = {'\\', (char)c};
            hs_sb_put(b, e, 2);
            p++;
        } else if (c < 0x20) {
            switch (c) {
            case '\n': hs_sb_puts(b, "\\n"); break;
            case '\r': hs_sb_puts(b, "\\r"); break;
            case '\t': hs_sb_puts(b, "\\t"); break;
            case '\b': hs_sb_puts(b, "\\b"); break;
            case '\f': hs_sb_puts(b, "\\f"); break;
            default: hs_sb_printf(b, "\\u%04x", c);
            }
            p++;
        } else if (c < 0x80) {
            hs_sb_put(b, (const char *)p, 1);
            p++;
        } else {
            unsigned cp = 0xfffd;
            int len = c >= 0xf0 && c < 0xf5 ? 4 : c >= 0xe0 && c < 0xf0 ? 3
                    : c >= 0xc2 && c < 0xe0 ? 2 : 0;
            int ok = len > 0;
            for (int i = 1; ok && i < len; i++)
                ok = (p[i] & 0xc0) == 0x80;
            unsigned dec = 0;
            if (ok) {
                dec = len == 2 ? c & 0x1f : len == 3 ? c & 0x0f : c & 0x07;
                for (int i = 1; i < len; i++)
                    dec = (dec << 6) | (p[i] & 0x3f);
                /* no overlong forms, UTF-16 surrogates or code points past
                 * U+10FFFF: JSON readers reject their escapes */
                ok = !(len == 3 && dec < 0x800) && !(len == 4 && dec < 0x10000) &&
                     !(dec >= 0xd800 && dec < 0xe000) && dec <= 0x10ffff;
            }
            if (ok) {
                cp = dec;
                p += len;
            } else {
                p++;
            }
            if (cp >= 0x10000) {
                cp -= 0x10000;
                hs_sb_printf(b, "\\u%04x\\u%04x", 0xd800 + (cp >> 10), 0xdc00 + (cp & 0x3ff));
            } else {
                hs_sb_printf(b, "\\u%04x", cp);
            }
        }
    }
    hs_sb_put(b, "\"", 1);
}

/* A double as Python's repr() writes it: the shortest digits that read back
 * the same, positional for exponents in [-4, 16), else d.ddde+XX. */
static void py_repr(double v, char *out, size_t n)
{
    if (v == 0) {
        snprintf(out, n, "%s", signbit(v) ? "-0.0" : "0.0");
        return;
    }
    char tmp[64];
    for (int p = 1; p <= 17; p++) {
        snprintf(tmp, sizeof tmp, "%.*e", p - 1, v);
        if (strtod(tmp, NULL) == v)
            break;
    }
    const char *s = tmp;
    int neg = *s == '-';
    if (neg)
        s++;
    char digits[40];
    int nd = 0;
    for (; *s && *s != 'e'; s++)
        if (*s >= '0' && *s <= '9')
            digits[nd++] = *s;
    int e = *s == 'e' ? atoi(s + 1) : 0;
    while (nd > 1 && digits[nd - 1] == '0')
        nd--;
    digits[nd] = '\0';
    char res[96];
    int k = 0;
    if (neg)
        res[k++] = '-';
    if (e < -4 || e >= 16) {
        res[k++] = digits[0];
        if (nd > 1) {
            res[k++] = '.';
            for (int i = 1; i < nd; i++)
                res[k++] = digits[i];
        }
        k += snprintf(res + k, sizeof res - (size_t)k, "e%c%02d", e < 0 ? '-' : '+', abs(e));
    } else if (e < 0) {
        res[k++] = '0';
        res[k++] = '.';
        for (int i = 0; i < -e - 1; i++)
            res[k++] = '0';
        for (int i = 0; i < nd; i++)
            res[k++] = digits[i];
    } else {
        for (int i = 0; i <= e; i++)
            res[k++] = i < nd ? digits[i] : '0';
        res[k++] = '.';
        if (nd > e + 1)
            for (int i = e + 1; i < nd; i++)
                res[k++] = digits[i];
        else
            res[k++] = '0';
    }
    res[k] = '\0';
    snprintf(out, n, "%s", res);
}

/* A float attribute: the shortest decimal that reads back as the same float32. */
static double f32_short(float f)
{
    char tmp[64];
    for (int p = 1; p <= 9; p++) {
        snprintf(tmp, sizeof tmp, "%.*e", p - 1, (double)f);
        if ((float)strtod(tmp, NULL) == f)
            return strtod(tmp, NULL);
    }
    return (double)f;
}

/* ---------------------------------------------------------- name -> index */

/* The project's string map (base/strmap.h): keys are borrowed, not copied,
 * and must outlive the map; -1 when absent; put inserts or overwrites. */
typedef hs_strmap smap;

static int smap_get(const smap *m, const char *k)
{
    return hs_strmap_get(m, k);
}

static int smap_put(smap *m, const char *k, int v)
{
    return hs_strmap_put(m, k, v);
}

static void smap_free(smap *m)
{
    hs_strmap_free(m);
}

/* ---------------------------------------------------------------- tensors */

typedef struct tshape {
    int known, rank;
    int64_t d[MAXR];
} tshape;

typedef struct tens {
    const char *name;
    int defined, is_input, is_static;
    int alias;    /* Identity output: the tensor it stands for, else -1 */
    int producer; /* emitted op index, or -1 */
    tshape s;
    int elem; /* ONNX element type, 0 when unknown */
    tshape vi;
    int vi_elem, vi_seen;
    const Onnx__TensorProto *init;
    double *val; /* evaluated static value (numel entries), or NULL */
    int val_tried;
    char *hname; /* name in the hetsim graph */
} tens;

typedef struct eop {
    const Onnx__NodeProto *node;
    int idx;
    int *in; /* resolved tensor per ONNX input, -1 for an absent one */
    char *name;
    char *mod;         /* scope module path, NULL when the node name is not scoped */
    const char *local; /* last scope component (points into the node name copy) */
    char *scope_copy;
} eop;

typedef struct ctx {
    const char *file;
    const hs_onnx_opts *o;
    hs_error *err;
    FILE *warn;
    tens *t;
    int nt, capt;
    smap tmap;
    eop *ops;
    int nops, capops;
    int *inputs;
    int n_inputs;
    const char **unknown;
    int n_unknown;
} ctx;

/* Element count, saturating at INT64_MAX (dimensions are never negative). */
static int64_t numel(const tshape *s)
{
    int64_t n = 1;
    for (int i = 0; i < s->rank; i++) {
        int64_t d = s->d[i] < 0 ? 0 : s->d[i];
        if (d && n > INT64_MAX / d)
            return INT64_MAX;
        n *= d;
    }
    return n;
}

static int same_shape(const tshape *a, const tshape *b)
{
    if (a->rank != b->rank)
        return 0;
    for (int i = 0; i < a->rank; i++)
        if (a->d[i] != b->d[i])
            return 0;
    return 1;
}

static void shape_text(const tshape *s, char *buf, size_t n)
{
    size_t k = 0;
    k += (size_t)snprintf(buf, n, "[");
    for (int i = 0; i < s->rank && k < n; i++)
        k += (size_t)snprintf(buf + k, n - k, "%s%lld", i ? ", " : "", (long long)s->d[i]);
    if (k < n)
        snprintf(buf + k, n - k, "]");
}

static int tensor_get(ctx *c, const char *name)
{
    int i = smap_get(&c->tmap, name);
    if (i >= 0)
        return i;
    if (c->nt == c->capt) {
        int nc = c->capt ? 2 * c->capt : 256;
        tens *nt = realloc(c->t, (size_t)nc * sizeof *nt);
        if (!nt)
            return -1;
        c->t = nt;
        c->capt = nc;
    }
    tens *t = &c->t[c->nt];
    memset(t, 0, sizeof *t);
    t->name = name;
    t->alias = -1;
    t->producer = -1;
    if (smap_put(&c->tmap, name, c->nt) < 0)
        return -1;
    return c->nt++;
}

static int resolve(const ctx *c, int i)
{
    while (i >= 0 && c->t[i].alias >= 0)
        i = c->t[i].alias;
    return i;
}

static int is_float_type(int e)
{
    return e == DT_FLOAT || e == DT_FLOAT16 || e == DT_DOUBLE || e == DT_BFLOAT16;
}

static int is_int_type(int e)
{
    return e == DT_UINT8 || e == DT_INT8 || e == DT_UINT16 || e == DT_INT16 || e == DT_INT32 ||
           e == DT_INT64 || e == DT_UINT32 || e == DT_UINT64;
}

static void vi_shape(const Onnx__ValueInfoProto *v, tshape *s, int *elem)
{
    s->known = 0;
    *elem = 0;
    if (!v->type || v->type->value_case != ONNX__TYPE_PROTO__VALUE_TENSOR_TYPE ||
        !v->type->tensor_type)
        return;
    const Onnx__TypeProto__Tensor *tt = v->type->tensor_type;
    if (tt->has_elem_type)
        *elem = tt->elem_type;
    if (!tt->shape || tt->shape->n_dim > MAXR)
        return;
    for (size_t i = 0; i < tt->shape->n_dim; i++) {
        const Onnx__TensorShapeProto__Dimension *d = tt->shape->dim[i];
        if (d->value_case != ONNX__TENSOR_SHAPE_PROTO__DIMENSION__VALUE_DIM_VALUE ||
            d->dim_value < 0)
            return;
        s->d[i] = d->dim_value;
    }
    s->rank = (int)tt->shape->n_dim;
    s->known = 1;
}

static double half_to_double(uint16_t h)
{
    int e = (h >> 10) & 0x1f, m = h & 0x3ff;
    double v = e == 0 ? ldexp(m, -24) : e == 31 ? (m ? NAN : INFINITY) : ldexp(m + 1024, e - 25);
    return (h & 0x8000) ? -v : v;
}

/* The values of a TensorProto as doubles (n entries), or NULL. */
static double *decode_tensor(const Onnx__TensorProto *tp, int64_t n)
{
    if (n < 0 || n > EVAL_MAX)
        return NULL;
    double *v = malloc((size_t)(n ? n : 1) * sizeof *v);
    if (!v)
        return NULL;
    int dt = tp->has_data_type ? tp->data_type : 0;
    if (tp->has_raw_data && (tp->raw_data.len || n == 0)) {
        size_t es = dt == DT_DOUBLE || dt == DT_INT64 || dt == DT_UINT64 ? 8
                    : dt == DT_FLOAT || dt == DT_INT32 || dt == DT_UINT32 ? 4
                    : dt == DT_INT16 || dt == DT_UINT16 || dt == DT_FLOAT16 || dt == DT_BFLOAT16 ? 2
                    : dt == DT_INT8 || dt == DT_UINT8 || dt == DT_BOOL ? 1 : 0;
        if (!es || tp->raw_data.len != es * (size_t)n)
            goto fail;
        const uint8_t *p = tp->raw_data.data;
        for (int64_t i = 0; i < n; i++, p += es) {
            uint64_t u = 0;
            for (size_t b = 0; b < es; b++)
                u |= (uint64_t)p[b] << (8 * b);
            switch (dt) {
            case DT_FLOAT: {
                uint32_t w = (uint32_t)u;
                float f;
                memcpy(&f, &w, 4);
                v[i] = f;
                break;
            }
            case DT_DOUBLE: { double d; memcpy(&d, &u, 8); v[i] = d; break; }
            case DT_INT64: v[i] = (double)(int64_t)u; break;
            case DT_UINT64: v[i] = (double)u; break;
            case DT_INT32: v[i] = (int32_t)(uint32_t)u; break;
            case DT_UINT32: v[i] = (uint32_t)u; break;
            case DT_INT16: v[i] = (int16_t)(uint16_t)u; break;
            case DT_UINT16: v[i] = (uint16_t)u; break;
            case DT_FLOAT16: v[i] = half_to_double((uint16_t)u); break;
            case DT_BFLOAT16: {
                uint32_t w = (uint32_t)u << 16;
                float f;
                memcpy(&f, &w, 4);
                v[i] = f;
                break;
            }
            case DT_INT8: v[i] = (int8_t)(uint8_t)u; break;
            default: v[i] = (double)u; break; /* UINT8, BOOL */
            }
        }
        return v;
    }
#define TAKE(field, count, conv)                          \
    do {                                                  \
        if ((int64_t)(count) != n)                        \
            goto fail;                                    \
        for (int64_t i = 0; i < n; i++)                   \
            v[i] = conv(tp->field[i]);                    \
        return v;                                         \
    } while (0)
#define AS_IS(x) ((double)(x))
#define AS_HALF(x) half_to_double((uint16_t)(x))
    switch (dt) {
    case DT_FLOAT: TAKE(float_data, tp->n_float_data, AS_IS);
    case DT_DOUBLE: TAKE(double_data, tp->n_double_data, AS_IS);
    case DT_INT64: TAKE(int64_data, tp->n_int64_data, AS_IS);
    case DT_UINT32:
    case DT_UINT64: TAKE(uint64_data, tp->n_uint64_data, AS_IS);
    case DT_FLOAT16: TAKE(int32_data, tp->n_int32_data, AS_HALF);
    case DT_INT32:
    case DT_INT16:
    case DT_INT8:
    case DT_UINT16:
    case DT_UINT8:
    case DT_BOOL: TAKE(int32_data, tp->n_int32_data, AS_IS);
    default: break;
    }
#undef TAKE
#undef AS_IS
#undef AS_HALF
fail:
    free(v);
    return NULL;
}

static void tp_shape(const Onnx__TensorProto *tp, tshape *s)
{
    s->known = tp->n_dims <= MAXR;
    s->rank = s->known ? (int)tp->n_dims : 0;
    for (int i = 0; i < s->rank; i++)
        s->d[i] = tp->dims[i];
}

/* The value of a static tensor, decoding an initializer on first use. */
static const double *tval(tens *t)
{
    if (t->val || t->val_tried || !t->is_static)
        return t->val;
    t->val_tried = 1;
    if (t->init && t->s.known)
        t->val = decode_tensor(t->init, numel(&t->s));
    return t->val;
}

static int64_t d2i(double v)
{
    if (!(v == v))
        return 0;
    if (v >= 9.2e18)
        return INT64_MAX;
    if (v <= -9.2e18)
        return INT64_MIN;
    return (int64_t)v;
}

/* Integer values of a static tensor (at most max); count, or -1. */
static int ivals(tens *t, int64_t *out, int max)
{
    if (!t || !t->is_static || !t->s.known)
        return -1;
    const double *v = tval(t);
    int64_t n = numel(&t->s);
    if (!v || n > max)
        return -1;
    for (int64_t i = 0; i < n; i++)
        out[i] = d2i(v[i]);
    return (int)n;
}

/* ------------------------------------------------------------ attributes */

static const Onnx__AttributeProto *attr(const Onnx__NodeProto *n, const char *name)
{
    for (size_t i = 0; i < n->n_attribute; i++)
        if (n->attribute[i]->name && strcmp(n->attribute[i]->name, name) == 0)
            return n->attribute[i];
    return NULL;
}

static int64_t attr_i(const Onnx__NodeProto *n, const char *name, int64_t def)
{
    const Onnx__AttributeProto *a = attr(n, name);
    return a && a->has_i ? a->i : def;
}

/* Integer list attribute into out (at most max); count, or -1 when absent. */
static int attr_ints(const Onnx__NodeProto *n, const char *name, int64_t *out, int max)
{
    const Onnx__AttributeProto *a = attr(n, name);
    if (!a || (a->n_ints == 0 &&
               !(a->has_type && a->type == ONNX__ATTRIBUTE_PROTO__ATTRIBUTE_TYPE__INTS)))
        return -1;
    int k = (int)(a->n_ints < (size_t)max ? a->n_ints : (size_t)max);
    for (int i = 0; i < k; i++)
        out[i] = a->ints[i];
    return k;
}

/* String attribute compared with s; def when absent. */
static int attr_is(const Onnx__NodeProto *n, const char *name, const char *s, int def)
{
    const Onnx__AttributeProto *a = attr(n, name);
    if (!a || !a->has_s)
        return def;
    return a->s.len == strlen(s) && memcmp(a->s.data, s, a->s.len) == 0;
}

/* The node's op-table entry (traces/op.h). */
static hs_op_type op_of(const Onnx__NodeProto *n)
{
    return hs_op_type_of(n->op_type);
}

static int is_op(const Onnx__NodeProto *n, hs_op_type t)
{
    return op_of(n) == t;
}

/* ------------------------------------------------------- shape inference */

typedef struct nio {
    tens *in[MAX_NODE_IO]; /* NULL for an absent input */
    int n_in;
    tshape out[MAX_NODE_IO];
    int oelem[MAX_NODE_IO];
    int n_out;
    char why[256];
} nio;

#define IN(i) ((i) < io->n_in ? io->in[i] : NULL)
#define KNOWN(t) ((t) && (t)->s.known)

static int fail(nio *io, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int fail(nio *io, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(io->why, sizeof io->why, fmt, ap);
    va_end(ap);
    return -1;
}

static int norm_axis(int64_t a, int r)
{
    return (int)(a < 0 ? a + r : a);
}

static int bcast(tshape *o, const tshape *a, const tshape *b)
{
    int r = a->rank > b->rank ? a->rank : b->rank;
    tshape res = {1, r, {0}};
    for (int i = 0; i < r; i++) {
        int ia = i - (r - a->rank), ib = i - (r - b->rank);
        int64_t da = ia >= 0 ? a->d[ia] : 1, db = ib >= 0 ? b->d[ib] : 1;
        if (da == db || db == 1)
            res.d[i] = da;
        else if (da == 1)
            res.d[i] = db;
        else
            return -1;
    }
    *o = res;
    return 0;
}

/* Largest dimension an inferred shape may have, and most elements: beyond
 * any real model, small enough that later shape arithmetic cannot overflow. */
#define MAX_DIM ((int64_t)1 << 40)
#define MAX_ELEMS ((int64_t)1 << 50)

/* Largest kernel, stride, dilation, pad or spatial size accepted: far beyond
 * any real model, small enough that shape arithmetic cannot overflow. */
#define MAX_SPATIAL ((int64_t)1 << 31)

/* Spatial parameters of a Conv/ConvTranspose/pool node with n spatial dims. */
typedef struct spatial {
    int n;
    int64_t k[MAXR], s[MAXR], d[MAXR], p[2 * MAXR];
} spatial;

static int get_spatial(const Onnx__NodeProto *nd, nio *io, spatial *sp, int n,
                       const tshape *x, int conv_transpose)
{
    sp->n = n;
    int nk = attr_ints(nd, "kernel_shape", sp->k, MAXR);
    if (nk < 0) {
        tens *w = IN(1);
        if (!KNOWN(w) || w->s.rank != n + 2)
            return fail(io, "no kernel_shape and no weight of known shape");
        for (int i = 0; i < n; i++)
            sp->k[i] = w->s.d[2 + i];
    } else if (nk != n) {
        return fail(io, "kernel_shape has %d values for %d spatial dimensions", nk, n);
    }
    for (int i = 0; i < n; i++) {
        sp->s[i] = sp->d[i] = 1;
        sp->p[i] = sp->p[n + i] = 0;
    }
    attr_ints(nd, "strides", sp->s, n);
    attr_ints(nd, "dilations", sp->d, n);
    attr_ints(nd, "pads", sp->p, 2 * n);
    for (int i = 0; i < n; i++) {
        if (sp->s[i] < 1 || sp->d[i] < 1 || sp->k[i] < 1)
            return fail(io, "kernel, strides and dilations must be >= 1");
        if (sp->s[i] > MAX_SPATIAL || sp->d[i] > MAX_SPATIAL || sp->k[i] > MAX_SPATIAL ||
            x->d[2 + i] > MAX_SPATIAL)
            return fail(io, "kernel, strides, dilations and the input size must be at most %lld",
                        (long long)MAX_SPATIAL);
    }
    for (int i = 0; i < 2 * n; i++)
        if (sp->p[i] < 0 || sp->p[i] > MAX_SPATIAL)
            return fail(io, "pads must be in [0, %lld]", (long long)MAX_SPATIAL);
    int same_upper = attr_is(nd, "auto_pad", "SAME_UPPER", 0);
    int same_lower = attr_is(nd, "auto_pad", "SAME_LOWER", 0);
    if ((same_upper || same_lower) && !conv_transpose) {
        for (int i = 0; i < n; i++) {
            int64_t size = x->d[2 + i], out = (size + sp->s[i] - 1) / sp->s[i];
            int64_t total = (out - 1) * sp->s[i] + (sp->k[i] - 1) * sp->d[i] + 1 - size;
            if (total < 0)
                total = 0;
            int64_t small = total / 2;
            sp->p[i] = same_upper ? small : total - small;
            sp->p[n + i] = same_upper ? total - small : small;
        }
    } else if (attr_is(nd, "auto_pad", "VALID", 0)) {
        for (int i = 0; i < 2 * n; i++)
            sp->p[i] = 0;
    }
    return 0;
}

static int infer_convpool(const Onnx__NodeProto *nd, nio *io, int pool)
{
    tens *x = IN(0);
    if (!KNOWN(x) || x->s.rank < 3)
        return fail(io, "input of unknown shape or rank < 3");
    int n = x->s.rank - 2;
    spatial sp;
    if (get_spatial(nd, io, &sp, n, &x->s, 0) < 0)
        return -1;
    tshape o = x->s;
    if (!pool) {
        tens *w = IN(1);
        if (!KNOWN(w) || w->s.rank < 1)
            return fail(io, "weight of unknown shape");
        o.d[1] = w->s.d[0];
    }
    int ceil_mode = pool && attr_i(nd, "ceil_mode", 0);
    int same = attr_is(nd, "auto_pad", "SAME_UPPER", 0) || attr_is(nd, "auto_pad", "SAME_LOWER", 0);
    for (int i = 0; i < n; i++) {
        int64_t in = x->s.d[2 + i];
        if (same) {
            o.d[2 + i] = (in + sp.s[i] - 1) / sp.s[i];
            continue;
        }
        int64_t eff_in = in + sp.p[i] + sp.p[n + i];
        int64_t eff_k = (sp.k[i] - 1) * (pool && !is_op(nd, HS_OP_MAX_POOL) ? 1 : sp.d[i]) + 1;
        int64_t num = eff_in - eff_k;
        if (num < 0)
            return fail(io, "kernel larger than the padded input");
        int64_t pos = ceil_mode ? (num + sp.s[i] - 1) / sp.s[i] : num / sp.s[i];
        o.d[2 + i] = 1 + pos;
    }
    for (int j = 0; j < io->n_out; j++) {
        io->out[j] = o;
        io->oelem[j] = j == 0 ? x->elem : DT_INT64;
    }
    return 0;
}

static int infer_convtranspose(const Onnx__NodeProto *nd, nio *io)
{
    tens *x = IN(0), *w = IN(1);
    if (!KNOWN(x) || x->s.rank < 3 || !KNOWN(w) || w->s.rank != x->s.rank)
        return fail(io, "input or weight of unknown shape");
    int n = x->s.rank - 2;
    spatial sp;
    if (get_spatial(nd, io, &sp, n, &x->s, 1) < 0)
        return -1;
    tshape o = x->s;
    o.d[1] = w->s.d[1] * attr_i(nd, "group", 1);
    int64_t op[MAXR] = {0}, os[MAXR];
    attr_ints(nd, "output_padding", op, n);
    int nos = attr_ints(nd, "output_shape", os, MAXR);
    int same = attr_is(nd, "auto_pad", "SAME_UPPER", 0) || attr_is(nd, "auto_pad", "SAME_LOWER", 0);
    for (int i = 0; i < n; i++) {
        int64_t in = x->s.d[2 + i];
        if (nos >= n)
            o.d[2 + i] = os[nos - n + i];
        else if (same)
            o.d[2 + i] = in * sp.s[i];
        else
            o.d[2 + i] = sp.s[i] * (in - 1) + op[i] + (sp.k[i] - 1) * sp.d[i] + 1 - sp.p[i] -
                         sp.p[n + i];
    }
    io->out[0] = o;
    io->oelem[0] = x->elem;
    return 0;
}

static int infer_matmul(nio *io)
{
    tens *a = IN(0), *b = IN(1);
    if (!KNOWN(a) || !KNOWN(b) || a->s.rank < 1 || b->s.rank < 1)
        return fail(io, "operands of unknown shape");
    tshape sa = a->s, sb = b->s;
    int pa = sa.rank == 1, pb = sb.rank == 1;
    if (pa) {
        sa.rank = 2;
        sa.d[1] = sa.d[0];
        sa.d[0] = 1;
    }
    if (pb) {
        sb.rank = 2;
        sb.d[1] = 1;
    }
    if (sa.d[sa.rank - 1] != sb.d[sb.rank - 2])
        return fail(io, "inner dimensions differ (%lld and %lld)", (long long)sa.d[sa.rank - 1],
                    (long long)sb.d[sb.rank - 2]);
    tshape ba = {1, sa.rank - 2, {0}}, bb = {1, sb.rank - 2, {0}}, o;
    memcpy(ba.d, sa.d, sizeof(int64_t) * (size_t)ba.rank);
    memcpy(bb.d, sb.d, sizeof(int64_t) * (size_t)bb.rank);
    if (bcast(&o, &ba, &bb) < 0)
        return fail(io, "batch dimensions do not broadcast");
    if (!pa)
        o.d[o.rank++] = sa.d[sa.rank - 2];
    if (!pb)
        o.d[o.rank++] = sb.d[sb.rank - 1];
    if (o.rank > MAXR)
        return fail(io, "rank above %d", MAXR);
    io->out[0] = o;
    io->oelem[0] = a->elem;
    return 0;
}

/* Axes from an attribute or, failing that, from a static input; count or -1 (absent) or -2. */
static int axes_of(const Onnx__NodeProto *nd, nio *io, const char *name, int input, int64_t *ax)
{
    int n = attr_ints(nd, name, ax, MAXR);
    if (n >= 0)
        return n;
    tens *t = IN(input);
    if (!t)
        return -1;
    n = ivals(t, ax, MAXR);
    return n < 0 ? -2 : n;
}

static int infer_slice(const Onnx__NodeProto *nd, nio *io)
{
    tens *x = IN(0);
    if (!KNOWN(x))
        return fail(io, "input of unknown shape");
    int r = x->s.rank;
    int64_t st[MAXR], en[MAXR], ax[MAXR], sp[MAXR];
    int n;
    if (attr(nd, "starts")) {
        n = attr_ints(nd, "starts", st, MAXR);
        if (attr_ints(nd, "ends", en, MAXR) != n)
            return fail(io, "starts and ends differ in length");
        if (attr_ints(nd, "axes", ax, MAXR) < 0)
            for (int i = 0; i < n; i++)
                ax[i] = i;
        for (int i = 0; i < n; i++)
            sp[i] = 1;
    } else {
        n = ivals(IN(1), st, MAXR);
        if (n < 0 || ivals(IN(2), en, MAXR) != n)
            return fail(io, "starts/ends are not constant");
        if (IN(3)) {
            if (ivals(IN(3), ax, MAXR) != n)
                return fail(io, "axes are not constant");
        } else {
            for (int i = 0; i < n; i++)
                ax[i] = i;
        }
        if (IN(4)) {
            if (ivals(IN(4), sp, MAXR) != n)
                return fail(io, "steps are not constant");
        } else {
            for (int i = 0; i < n; i++)
                sp[i] = 1;
        }
    }
    tshape o = x->s;
    for (int i = 0; i < n; i++) {
        int a = norm_axis(ax[i], r);
        if (a < 0 || a >= r || sp[i] == 0)
            return fail(io, "bad axis or step");
        int64_t dim = x->s.d[a], s = st[i], e = en[i], step = sp[i];
        if (s < 0)
            s += dim;
        if (e < 0)
            e += dim;
        if (step > 0) {
            s = s < 0 ? 0 : s > dim ? dim : s;
            e = e < 0 ? 0 : e > dim ? dim : e;
            o.d[a] = e > s ? (e - s + step - 1) / step : 0;
        } else {
            s = s < 0 ? 0 : s > dim - 1 ? dim - 1 : s;
            e = e < -1 ? -1 : e > dim - 1 ? dim - 1 : e;
            o.d[a] = s > e ? (s - e + (-step) - 1) / (-step) : 0;
        }
    }
    io->out[0] = o;
    io->oelem[0] = x->elem;
    return 0;
}

static int infer_reduce(const Onnx__NodeProto *nd, nio *io, int arg)
{
    tens *x = IN(0);
    if (!KNOWN(x))
        return fail(io, "input of unknown shape");
    int r = x->s.rank;
    int64_t ax[MAXR];
    int n;
    if (arg) {
        ax[0] = attr_i(nd, "axis", 0);
        n = 1;
    } else {
        n = axes_of(nd, io, "axes", 1, ax);
        if (n == -2)
            return fail(io, "axes are not constant");
    }
    int keep = (int)attr_i(nd, "keepdims", 1);
    int red[MAXR] = {0};
    if (n <= 0) {
        if (!arg && attr_i(nd, "noop_with_empty_axes", 0)) {
            io->out[0] = x->s;
            io->oelem[0] = x->elem;
            return 0;
        }
        for (int i = 0; i < r; i++)
            red[i] = 1;
    } else {
        for (int i = 0; i < n; i++) {
            int a = norm_axis(ax[i], r);
            if (a < 0 || a >= r)
                return fail(io, "axis %lld out of range", (long long)ax[i]);
            red[a] = 1;
        }
    }
    tshape o = {1, 0, {0}};
    for (int i = 0; i < r; i++) {
        if (!red[i])
            o.d[o.rank++] = x->s.d[i];
        else if (keep)
            o.d[o.rank++] = 1;
    }
    io->out[0] = o;
    io->oelem[0] = arg ? DT_INT64 : x->elem;
    return 0;
}

static int const_attr_shape(const Onnx__NodeProto *nd, tshape *o, int *elem)
{
    const Onnx__AttributeProto *a;
    o->known = 1;
    if ((a = attr(nd, "value")) && a->t) {
        tp_shape(a->t, o);
        *elem = a->t->has_data_type ? a->t->data_type : 0;
        return o->known ? 0 : -1;
    }
    if ((a = attr(nd, "value_float"))) {
        o->rank = 0;
        *elem = DT_FLOAT;
        return 0;
    }
    if ((a = attr(nd, "value_int"))) {
        o->rank = 0;
        *elem = DT_INT64;
        return 0;
    }
    if ((a = attr(nd, "value_floats"))) {
        o->rank = 1;
        o->d[0] = (int64_t)a->n_floats;
        *elem = DT_FLOAT;
        return 0;
    }
    if ((a = attr(nd, "value_ints"))) {
        o->rank = 1;
        o->d[0] = (int64_t)a->n_ints;
        *elem = DT_INT64;
        return 0;
    }
    return -1;
}

/* Output shapes and element types of a node. 0: all outputs known; 1: op type not
 * known to the importer; -1: cannot infer (io->why says why). */
static int infer_node(const Onnx__NodeProto *nd, nio *io)
{
    const hs_op_type ty = op_of(nd);
    const hs_op_info *oi = hs_op_info_of(ty);
    tens *x = IN(0);
    int boolean = hs_op_type_has(ty, HS_OPF_BOOL_OUT);
    for (int j = 0; j < io->n_out; j++)
        io->oelem[j] = x ? x->elem : 0;
    if (oi->shape == HS_SHAPE_NONE)
        return 1;
    if (oi->shape == HS_SHAPE_SAME) {
        if (!KNOWN(x))
            return fail(io, "input of unknown shape");
        for (int j = 0; j < io->n_out; j++)
            io->out[j] = x->s;
        if (ty == HS_OP_BATCH_NORMALIZATION)
            for (int j = 1; j < io->n_out; j++) {
                io->out[j].rank = 1;
                io->out[j].d[0] = x->s.rank > 1 ? x->s.d[1] : 1;
            }
        if (ty == HS_OP_CAST)
            io->oelem[0] = (int)attr_i(nd, "to", 0);
        if (ty == HS_OP_DROPOUT && io->n_out > 1)
            io->oelem[1] = DT_BOOL;
        if (boolean)
            io->oelem[0] = DT_BOOL;
        return 0;
    }
    if (oi->shape == HS_SHAPE_BROADCAST) {
        tshape o;
        int first = 1;
        for (int i = 0; i < io->n_in; i++) {
            tens *a = IN(i);
            if (!a)
                continue;
            if (!a->s.known)
                return fail(io, "input %d of unknown shape", i);
            if (first) {
                o = a->s;
                first = 0;
            } else if (bcast(&o, &o, &a->s) < 0) {
                return fail(io, "input shapes do not broadcast");
            }
        }
        if (first)
            return fail(io, "no inputs");
        io->out[0] = o;
        if (boolean)
            io->oelem[0] = DT_BOOL;
        if (ty == HS_OP_WHERE && IN(1))
            io->oelem[0] = IN(1)->elem;
        return 0;
    }
    if (ty == HS_OP_CONV)
        return infer_convpool(nd, io, 0);
    if (ty == HS_OP_MAX_POOL || ty == HS_OP_AVERAGE_POOL || ty == HS_OP_LP_POOL)
        return infer_convpool(nd, io, 1);
    if (ty == HS_OP_CONV_TRANSPOSE)
        return infer_convtranspose(nd, io);
    if (ty == HS_OP_MATMUL)
        return infer_matmul(io);
    if (ty == HS_OP_CONSTANT) {
        if (const_attr_shape(nd, &io->out[0], &io->oelem[0]) < 0)
            return fail(io, "Constant without a value");
        return 0;
    }
    if (ty == HS_OP_RANGE) {
        double v[3];
        for (int i = 0; i < 3; i++) {
            const double *p = IN(i) && IN(i)->is_static && KNOWN(IN(i)) && numel(&IN(i)->s) == 1
                                  ? tval(IN(i)) : NULL;
            if (!p)
                return fail(io, "start, limit and delta must be constant scalars");
            v[i] = p[0];
        }
        if (v[2] == 0)
            return fail(io, "delta is 0");
        double n = ceil((v[1] - v[0]) / v[2]);
        io->out[0].known = 1;
        io->out[0].rank = 1;
        io->out[0].d[0] = n > 0 ? (int64_t)n : 0;
        return 0;
    }
    if (!KNOWN(x))
        return fail(io, "input of unknown shape");
    const tshape *xs = &x->s;
    int r = xs->rank;
    tshape o = *xs;
    if (ty == HS_OP_GEMM) {
        tens *b = IN(1);
        if (!KNOWN(b) || r != 2 || b->s.rank != 2)
            return fail(io, "operands of unknown shape or rank other than 2");
        o.d[0] = attr_i(nd, "transA", 0) ? xs->d[1] : xs->d[0];
        o.d[1] = attr_i(nd, "transB", 0) ? b->s.d[0] : b->s.d[1];
    } else if (ty == HS_OP_GLOBAL_AVERAGE_POOL || ty == HS_OP_GLOBAL_MAX_POOL) {
        for (int i = 2; i < r; i++)
            o.d[i] = 1;
    } else if (ty == HS_OP_LAYER_NORMALIZATION) {
        int a = norm_axis(attr_i(nd, "axis", -1), r);
        if (a < 0 || a >= r)
            return fail(io, "axis out of range");
        for (int j = 1; j < io->n_out; j++) {
            io->out[j] = *xs;
            for (int i = a; i < r; i++)
                io->out[j].d[i] = 1;
        }
    } else if (ty == HS_OP_CONCAT) {
        int a = norm_axis(attr_i(nd, "axis", 0), r);
        if (a < 0 || a >= r)
            return fail(io, "axis out of range");
        o.d[a] = 0;
        for (int i = 0; i < io->n_in; i++) {
            tens *in = IN(i);
            if (!in)
                continue;
            if (!in->s.known || in->s.rank != r)
                return fail(io, "input %d of unknown shape or other rank", i);
            o.d[a] += in->s.d[a];
        }
    } else if (ty == HS_OP_RESHAPE) {
        int64_t sh[MAXR];
        int n = ivals(IN(1), sh, MAXR);
        if (n < 0)
            return fail(io, "the target shape is not constant");
        int allowzero = (int)attr_i(nd, "allowzero", 0), neg = -1;
        int64_t known = 1;
        o.rank = n;
        for (int i = 0; i < n; i++) {
            if (sh[i] == 0 && !allowzero) {
                if (i >= r)
                    return fail(io, "0 in the target shape beyond the input rank");
                o.d[i] = xs->d[i];
            } else if (sh[i] == -1) {
                if (neg >= 0)
                    return fail(io, "two -1 in the target shape");
                neg = i;
                continue;
            } else if (sh[i] < 0) {
                return fail(io, "target shape value %lld (expected >= -1)", (long long)sh[i]);
            } else {
                o.d[i] = sh[i];
            }
            if (o.d[i] && known > INT64_MAX / o.d[i])
                return fail(io, "the target shape has more than %lld elements",
                            (long long)INT64_MAX);
            known *= o.d[i];
        }
        if (neg >= 0) {
            if (known == 0 || numel(xs) % known)
                return fail(io, "the target shape does not divide the input");
            o.d[neg] = numel(xs) / known;
        }
        if (numel(&o) != numel(xs))
            return fail(io, "the target shape has %lld elements, the input %lld",
                        (long long)numel(&o), (long long)numel(xs));
    } else if (ty == HS_OP_FLATTEN) {
        int a = norm_axis(attr_i(nd, "axis", 1), r);
        if (a < 0 || a > r)
            return fail(io, "axis out of range");
        int64_t p = 1, q = 1;
        for (int i = 0; i < r; i++) {
            if (i < a)
                p *= xs->d[i];
            else
                q *= xs->d[i];
        }
        o.rank = 2;
        o.d[0] = p;
        o.d[1] = q;
    } else if (ty == HS_OP_TRANSPOSE) {
        int64_t perm[MAXR];
        int n = attr_ints(nd, "perm", perm, MAXR);
        if (n < 0) {
            n = r;
            for (int i = 0; i < r; i++)
                perm[i] = r - 1 - i;
        }
        if (n != r)
            return fail(io, "perm has %d entries for rank %d", n, r);
        unsigned seen = 0;
        for (int i = 0; i < r; i++) {
            if (perm[i] < 0 || perm[i] >= r || (seen >> perm[i] & 1u))
                return fail(io, "perm is not a permutation of 0..%d", r - 1);
            seen |= 1u << perm[i];
            o.d[i] = xs->d[perm[i]];
        }
    } else if (ty == HS_OP_RESIZE || ty == HS_OP_UPSAMPLE) {
        int64_t sizes[MAXR];
        double scales[MAXR];
        tens *ts = NULL, *tz = NULL;
        const Onnx__AttributeProto *as = attr(nd, "scales");
        if (io->n_in >= 4 && IN(3) && KNOWN(IN(3)) && numel(&IN(3)->s) > 0)
            tz = IN(3);
        else if (!as)
            ts = io->n_in == 2 ? IN(1) : IN(2);
        if (tz) {
            if (ivals(tz, sizes, MAXR) != r)
                return fail(io, "sizes are not constant or of another rank");
            for (int i = 0; i < r; i++)
                o.d[i] = sizes[i];
        } else {
            if (as) {
                if ((int)as->n_floats != r)
                    return fail(io, "scales of another rank");
                for (int i = 0; i < r; i++)
                    scales[i] = as->floats[i];
            } else {
                const double *v = ts && KNOWN(ts) && numel(&ts->s) == r ? tval(ts) : NULL;
                if (!v)
                    return fail(io, "scales are not constant or of another rank");
                for (int i = 0; i < r; i++)
                    scales[i] = v[i];
            }
            for (int i = 0; i < r; i++) {
                double od = floorf((float)xs->d[i] * (float)scales[i]); /* as before: float */
                if (!(od >= 0 && od <= (double)MAX_DIM))
                    return fail(io, "scale %g gives an output size out of range", scales[i]);
                o.d[i] = (int64_t)od;
            }
        }
    } else if (ty == HS_OP_PAD) {
        int64_t p[2 * MAXR], ax[MAXR];
        int n = attr_ints(nd, "pads", p, 2 * MAXR);
        if (n < 0)
            n = ivals(IN(1), p, 2 * MAXR);
        if (n < 0)
            return fail(io, "pads are not constant");
        int na = r;
        if (IN(3)) {
            na = ivals(IN(3), ax, MAXR);
            if (na < 0)
                return fail(io, "axes are not constant");
        } else {
            for (int i = 0; i < r; i++)
                ax[i] = i;
        }
        if (n != 2 * na)
            return fail(io, "pads has %d values for %d axes", n, na);
        for (int i = 0; i < na; i++) {
            int a = norm_axis(ax[i], r);
            if (a < 0 || a >= r)
                return fail(io, "axis out of range");
            o.d[a] += p[i] + p[na + i];
        }
    } else if (ty == HS_OP_SPLIT) {
        int a = norm_axis(attr_i(nd, "axis", 0), r);
        if (a < 0 || a >= r)
            return fail(io, "axis out of range");
        int64_t sp[MAX_NODE_IO];
        int n = attr_ints(nd, "split", sp, MAX_NODE_IO);
        if (n < 0 && IN(1)) {
            n = ivals(IN(1), sp, MAX_NODE_IO);
            if (n < 0)
                return fail(io, "split sizes are not constant");
        }
        if (n < 0) {
            if (io->n_out < 1)
                return fail(io, "no outputs");
            int64_t chunk = (xs->d[a] + io->n_out - 1) / io->n_out;
            for (int j = 0; j < io->n_out; j++)
                sp[j] = j + 1 < io->n_out ? chunk : xs->d[a] - chunk * (io->n_out - 1);
            n = io->n_out;
        }
        if (n != io->n_out)
            return fail(io, "%d split sizes for %d outputs", n, io->n_out);
        for (int j = 0; j < n; j++) {
            io->out[j] = *xs;
            io->out[j].d[a] = sp[j];
            io->oelem[j] = x->elem;
        }
        return 0;
    } else if (ty == HS_OP_SLICE) {
        return infer_slice(nd, io);
    } else if (ty == HS_OP_GATHER) {
        tens *ind = IN(1);
        if (!KNOWN(ind))
            return fail(io, "indices of unknown shape");
        int a = norm_axis(attr_i(nd, "axis", 0), r);
        if (a < 0 || a >= r || r - 1 + ind->s.rank > MAXR)
            return fail(io, "axis out of range");
        o.rank = 0;
        for (int i = 0; i < a; i++)
            o.d[o.rank++] = xs->d[i];
        for (int i = 0; i < ind->s.rank; i++)
            o.d[o.rank++] = ind->s.d[i];
        for (int i = a + 1; i < r; i++)
            o.d[o.rank++] = xs->d[i];
    } else if (ty == HS_OP_REDUCE_MEAN || ty == HS_OP_REDUCE_SUM || ty == HS_OP_REDUCE_MAX ||
               ty == HS_OP_REDUCE_MIN || ty == HS_OP_REDUCE_PROD || ty == HS_OP_REDUCE_L2) {
        return infer_reduce(nd, io, 0);
    } else if (ty == HS_OP_ARG_MAX || ty == HS_OP_ARG_MIN) {
        return infer_reduce(nd, io, 1);
    } else if (ty == HS_OP_SQUEEZE) {
        int64_t ax[MAXR];
        int n = axes_of(nd, io, "axes", 1, ax), drop[MAXR] = {0};
        if (n == -2)
            return fail(io, "axes are not constant");
        if (n < 0) {
            for (int i = 0; i < r; i++)
                drop[i] = xs->d[i] == 1;
        } else {
            for (int i = 0; i < n; i++) {
                int a = norm_axis(ax[i], r);
                if (a < 0 || a >= r || xs->d[a] != 1)
                    return fail(io, "cannot squeeze axis %lld", (long long)ax[i]);
                drop[a] = 1;
            }
        }
        o.rank = 0;
        for (int i = 0; i < r; i++)
            if (!drop[i])
                o.d[o.rank++] = xs->d[i];
    } else if (ty == HS_OP_UNSQUEEZE) {
        int64_t ax[MAXR];
        int n = axes_of(nd, io, "axes", 1, ax), ins[MAXR] = {0};
        if (n < 0)
            return fail(io, "axes are not constant");
        int orank = r + n;
        if (orank > MAXR)
            return fail(io, "rank above %d", MAXR);
        for (int i = 0; i < n; i++) {
            int a = norm_axis(ax[i], orank);
            if (a < 0 || a >= orank || ins[a])
                return fail(io, "bad axis %lld", (long long)ax[i]);
            ins[a] = 1;
        }
        o.rank = orank;
        for (int i = 0, k = 0; i < orank; i++)
            o.d[i] = ins[i] ? 1 : xs->d[k++];
    } else if (ty == HS_OP_EXPAND) {
        int64_t sh[MAXR];
        int n = ivals(IN(1), sh, MAXR);
        if (n < 0)
            return fail(io, "the shape is not constant");
        tshape s2 = {1, n, {0}};
        memcpy(s2.d, sh, sizeof(int64_t) * (size_t)n);
        if (bcast(&o, xs, &s2) < 0)
            return fail(io, "the shape does not broadcast");
    } else if (ty == HS_OP_TILE) {
        int64_t rep[MAXR];
        if (ivals(IN(1), rep, MAXR) != r)
            return fail(io, "repeats are not constant or of another rank");
        for (int i = 0; i < r; i++) {
            if (rep[i] < 0 || rep[i] > MAX_DIM || (rep[i] && o.d[i] > MAX_DIM / rep[i]))
                return fail(io, "repeats[%d] = %lld out of range", i, (long long)rep[i]);
            o.d[i] *= rep[i];
        }
    } else if (ty == HS_OP_SHAPE) {
        int64_t s = attr_i(nd, "start", 0), e = attr_i(nd, "end", r);
        s = s < 0 ? s + r : s;
        e = e < 0 ? e + r : e;
        s = s < 0 ? 0 : s > r ? r : s;
        e = e < 0 ? 0 : e > r ? r : e;
        o.rank = 1;
        o.d[0] = e > s ? e - s : 0;
        io->oelem[0] = DT_INT64;
    } else if (ty == HS_OP_SIZE) {
        o.rank = 0;
        io->oelem[0] = DT_INT64;
    } else if (ty == HS_OP_CONSTANT_OF_SHAPE) {
        int64_t sh[MAXR];
        int n = ivals(x, sh, MAXR);
        if (n < 0)
            return fail(io, "the shape is not constant");
        o.rank = n;
        memcpy(o.d, sh, sizeof(int64_t) * (size_t)n);
        const Onnx__AttributeProto *v = attr(nd, "value");
        io->oelem[0] = v && v->t && v->t->has_data_type ? v->t->data_type : DT_FLOAT;
    } else if (ty == HS_OP_DEPTH_TO_SPACE || ty == HS_OP_SPACE_TO_DEPTH) {
        int64_t b = attr_i(nd, "blocksize", 1);
        if (r != 4 || b < 1)
            return fail(io, "expected a 4-D input and blocksize >= 1");
        if (ty == HS_OP_DEPTH_TO_SPACE) {
            o.d[1] = xs->d[1] / (b * b);
            o.d[2] *= b;
            o.d[3] *= b;
        } else {
            o.d[1] = xs->d[1] * b * b;
            o.d[2] /= b;
            o.d[3] /= b;
        }
    } else if (ty == HS_OP_TOP_K) {
        int64_t k[1];
        int a = norm_axis(attr_i(nd, "axis", -1), r);
        if (attr(nd, "k"))
            k[0] = attr_i(nd, "k", 1);
        else if (ivals(IN(1), k, 1) != 1)
            return fail(io, "K is not constant");
        if (a < 0 || a >= r)
            return fail(io, "axis out of range");
        o.d[a] = k[0];
        for (int j = 0; j < io->n_out; j++) {
            io->out[j] = o;
            io->oelem[j] = j ? DT_INT64 : x->elem;
        }
        return 0;
    } else {
        return fail(io, "no shape rule");
    }
    io->out[0] = o;
    for (int j = 1; j < io->n_out; j++)
        if (!io->out[j].known)
            io->out[j] = o;
    return 0;
}

/* ------------------------------------------------------------ evaluation */

static void unravel(int64_t lin, const tshape *s, int64_t *idx)
{
    for (int i = s->rank - 1; i >= 0; i--) {
        int64_t d = s->d[i] ? s->d[i] : 1;
        idx[i] = lin % d;
        lin /= d;
    }
}

/* Offset into a tensor of shape s broadcast to an index of rank R. */
static int64_t bcast_off(const tshape *s, const int64_t *idx, int R)
{
    int64_t off = 0, stride = 1;
    for (int i = s->rank - 1; i >= 0; i--) {
        int oi = R - s->rank + i;
        off += (s->d[i] == 1 ? 0 : idx[oi]) * stride;
        stride *= s->d[i];
    }
    return off;
}

static double cast_to(double v, int elem)
{
    switch (elem) {
    case DT_FLOAT: return (double)(float)v;
    case DT_BOOL: return v != 0;
    case DT_DOUBLE: case DT_FLOAT16: case DT_BFLOAT16: return v;
    default: return trunc(v);
    }
}

static double binop(hs_op_type t, double a, double b, int int_type)
{
    switch (t) {
    case HS_OP_ADD: case HS_OP_SUM: return a + b;
    case HS_OP_SUB: return a - b;
    case HS_OP_MUL: return a * b;
    case HS_OP_DIV: return int_type ? (b ? trunc(a / b) : 0) : a / b;
    case HS_OP_POW: return pow(a, b);
    case HS_OP_MAX: return a > b ? a : b;
    case HS_OP_MIN: return a < b ? a : b;
    case HS_OP_EQUAL: return a == b;
    case HS_OP_LESS: return a < b;
    case HS_OP_GREATER: return a > b;
    case HS_OP_LESS_OR_EQUAL: return a <= b;
    case HS_OP_GREATER_OR_EQUAL: return a >= b;
    case HS_OP_AND: return a && b;
    case HS_OP_OR: return a || b;
    case HS_OP_MOD: return int_type ? (b ? a - b * floor(a / b) : 0) : fmod(a, b);
    default: return NAN;
    }
}

/* 1 for the elementwise op types binop() folds */
static int is_binop(hs_op_type t)
{
    switch (t) {
    case HS_OP_ADD: case HS_OP_SUM: case HS_OP_SUB: case HS_OP_MUL: case HS_OP_DIV:
    case HS_OP_POW: case HS_OP_MAX: case HS_OP_MIN: case HS_OP_EQUAL: case HS_OP_LESS:
    case HS_OP_GREATER: case HS_OP_LESS_OR_EQUAL: case HS_OP_GREATER_OR_EQUAL: case HS_OP_AND:
    case HS_OP_OR: case HS_OP_MOD:
        return 1;
    default:
        return 0;
    }
}

/* Shape inference of one node, with every inferred output checked so that a
 * malformed model stops here with a message instead of overflowing later. */
static int infer(const Onnx__NodeProto *nd, nio *io)
{
    int rc = infer_node(nd, io);
    if (rc != 0)
        return rc;
    for (int j = 0; j < io->n_out; j++) {
        const tshape *o = &io->out[j];
        if (!o->known)
            continue;
        if (o->rank < 0 || o->rank > MAXR)
            return fail(io, "output %d has rank %d (expected 0..%d)", j, o->rank, MAXR);
        for (int i = 0; i < o->rank; i++)
            if (o->d[i] < 0 || o->d[i] > MAX_DIM)
                return fail(io, "output %d: dimension %d is %lld (expected 0..%lld)", j, i,
                            (long long)o->d[i], (long long)MAX_DIM);
        if (numel(o) > MAX_ELEMS)
            return fail(io, "output %d has more than %lld elements", j, (long long)MAX_ELEMS);
    }
    return 0;
}

/* Value of output 0 of a static node whose output shape is known; NULL when
 * the evaluator does not handle the op or an input value is missing. */
static double *evaluate(const Onnx__NodeProto *nd, nio *io)
{
    const tshape *os = &io->out[0];
    if (!os->known)
        return NULL;
    int64_t n = numel(os);
    if (n > EVAL_MAX)
        return NULL;
    const hs_op_type t = op_of(nd);
    const double *iv[MAX_NODE_IO];
    for (int i = 0; i < io->n_in; i++)
        iv[i] = io->in[i] && io->in[i]->s.known ? tval(io->in[i]) : NULL;
    tens *x = IN(0);
    const double *xv = io->n_in ? iv[0] : NULL;
    double *v = malloc((size_t)(n ? n : 1) * sizeof *v);
    if (!v)
        return NULL;
    int64_t idx[MAXR], j[MAXR];
    if (t == HS_OP_CONSTANT) {
        const Onnx__AttributeProto *a;
        if ((a = attr(nd, "value")) && a->t) {
            free(v);
            return decode_tensor(a->t, n);
        }
        if ((a = attr(nd, "value_float")))
            v[0] = a->f;
        else if ((a = attr(nd, "value_int")))
            v[0] = (double)a->i;
        else if ((a = attr(nd, "value_floats")))
            for (int64_t i = 0; i < n; i++)
                v[i] = a->floats[i];
        else if ((a = attr(nd, "value_ints")))
            for (int64_t i = 0; i < n; i++)
                v[i] = (double)a->ints[i];
        else
            goto fail;
        return v;
    }
    if (t == HS_OP_CONSTANT_OF_SHAPE) {
        const Onnx__AttributeProto *a = attr(nd, "value");
        double fill = 0;
        if (a && a->t) {
            double *f = decode_tensor(a->t, 1);
            if (!f)
                goto fail;
            fill = f[0];
            free(f);
        }
        for (int64_t i = 0; i < n; i++)
            v[i] = fill;
        return v;
    }
    if (t == HS_OP_SHAPE || t == HS_OP_SIZE) {
        if (!KNOWN(x))
            goto fail;
        if (t == HS_OP_SIZE) {
            v[0] = (double)numel(&x->s);
            return v;
        }
        int r = x->s.rank;
        int64_t s = attr_i(nd, "start", 0);
        s = s < 0 ? s + r : s;
        s = s < 0 ? 0 : s > r ? r : s;
        for (int64_t i = 0; i < n; i++)
            v[i] = (double)x->s.d[s + i];
        return v;
    }
    for (int i = 0; i < io->n_in; i++)
        if (io->in[i] && !iv[i] && !(i > 0 && (t == HS_OP_RESHAPE || t == HS_OP_SQUEEZE ||
                                                 t == HS_OP_UNSQUEEZE)))
            goto fail;
    if (!xv)
        goto fail;
    if (t == HS_OP_IDENTITY || t == HS_OP_RESHAPE || t == HS_OP_FLATTEN ||
        t == HS_OP_SQUEEZE || t == HS_OP_UNSQUEEZE || t == HS_OP_DROPOUT) {
        memcpy(v, xv, (size_t)n * sizeof *v);
        return v;
    }
    if (t == HS_OP_CAST) {
        int to = (int)attr_i(nd, "to", DT_FLOAT);
        for (int64_t i = 0; i < n; i++)
            v[i] = cast_to(xv[i], to);
        return v;
    }
    if (t == HS_OP_NEG || t == HS_OP_SQRT || t == HS_OP_FLOOR || t == HS_OP_CEIL ||
        t == HS_OP_ABS || t == HS_OP_NOT || t == HS_OP_EXP || t == HS_OP_RECIPROCAL) {
        for (int64_t i = 0; i < n; i++) {
            double a = xv[i];
            v[i] = t == HS_OP_NEG ? -a : t == HS_OP_SQRT ? sqrt(a)
                 : t == HS_OP_FLOOR ? floor(a) : t == HS_OP_CEIL ? ceil(a)
                 : t == HS_OP_ABS ? fabs(a) : t == HS_OP_NOT ? !a
                 : t == HS_OP_EXP ? exp(a) : 1.0 / a;
        }
        return v;
    }
    if (is_binop(t) && io->n_in == 2 && IN(1)) {
        int it = is_int_type(x->elem);
        for (int64_t i = 0; i < n; i++) {
            unravel(i, os, idx);
            v[i] = binop(t, xv[bcast_off(&x->s, idx, os->rank)],
                         iv[1][bcast_off(&IN(1)->s, idx, os->rank)], it);
        }
        return v;
    }
    if (t == HS_OP_WHERE && io->n_in == 3) {
        for (int64_t i = 0; i < n; i++) {
            unravel(i, os, idx);
            int k = xv[bcast_off(&x->s, idx, os->rank)] != 0 ? 1 : 2;
            v[i] = iv[k][bcast_off(&IN(k)->s, idx, os->rank)];
        }
        return v;
    }
    if (t == HS_OP_EXPAND) {
        for (int64_t i = 0; i < n; i++) {
            unravel(i, os, idx);
            v[i] = xv[bcast_off(&x->s, idx, os->rank)];
        }
        return v;
    }
    if (t == HS_OP_RANGE) {
        for (int64_t i = 0; i < n; i++)
            v[i] = xv[0] + (double)i * iv[2][0];
        return v;
    }
    const tshape *xs = &x->s;
    int r = xs->rank;
    if (t == HS_OP_TILE) {
        for (int64_t i = 0; i < n; i++) {
            unravel(i, os, idx);
            int64_t off = 0;
            for (int k = 0; k < r; k++)
                off = off * xs->d[k] + idx[k] % xs->d[k];
            v[i] = xv[off];
        }
        return v;
    }
    if (t == HS_OP_TRANSPOSE) {
        int64_t perm[MAXR];
        if (attr_ints(nd, "perm", perm, MAXR) < 0)
            for (int k = 0; k < r; k++)
                perm[k] = r - 1 - k;
        for (int64_t i = 0; i < n; i++) {
            unravel(i, os, idx);
            for (int k = 0; k < r; k++)
                j[perm[k]] = idx[k];
            int64_t off = 0;
            for (int k = 0; k < r; k++)
                off = off * xs->d[k] + j[k];
            v[i] = xv[off];
        }
        return v;
    }
    if (t == HS_OP_GATHER) {
        tens *ind = IN(1);
        int a = norm_axis(attr_i(nd, "axis", 0), r), ir = ind->s.rank;
        for (int64_t i = 0; i < n; i++) {
            unravel(i, os, idx);
            int64_t ioff = 0;
            for (int k = 0; k < ir; k++)
                ioff = ioff * ind->s.d[k] + idx[a + k];
            int64_t g = d2i(iv[1][ioff]);
            if (g < 0)
                g += xs->d[a];
            if (g < 0 || g >= xs->d[a])
                goto fail;
            int64_t off = 0;
            for (int k = 0; k < r; k++)
                off = off * xs->d[k] + (k < a ? idx[k] : k == a ? g : idx[k - 1 + ir]);
            v[i] = xv[off];
        }
        return v;
    }
    if (t == HS_OP_CONCAT) {
        int a = norm_axis(attr_i(nd, "axis", 0), r);
        for (int64_t i = 0; i < n; i++) {
            unravel(i, os, idx);
            int64_t pos = idx[a];
            int k = 0;
            for (; k < io->n_in; k++) {
                if (!io->in[k])
                    continue;
                if (pos < io->in[k]->s.d[a])
                    break;
                pos -= io->in[k]->s.d[a];
            }
            if (k == io->n_in)
                goto fail;
            const tshape *ks = &io->in[k]->s;
            int64_t off = 0;
            for (int q = 0; q < r; q++)
                off = off * ks->d[q] + (q == a ? pos : idx[q]);
            v[i] = iv[k][off];
        }
        return v;
    }
    if (t == HS_OP_SLICE && !attr(nd, "starts")) {
        int64_t st[MAXR], en[MAXR], ax[MAXR], sp[MAXR], start[MAXR], step[MAXR];
        int ns = ivals(IN(1), st, MAXR);
        if (ns < 0 || ivals(IN(2), en, MAXR) != ns)
            goto fail;
        for (int k = 0; k < r; k++) {
            start[k] = 0;
            step[k] = 1;
        }
        for (int k = 0; k < ns; k++) {
            ax[k] = k;
            sp[k] = 1;
        }
        if (IN(3) && ivals(IN(3), ax, MAXR) != ns)
            goto fail;
        if (IN(4) && ivals(IN(4), sp, MAXR) != ns)
            goto fail;
        for (int k = 0; k < ns; k++) {
            int a = norm_axis(ax[k], r);
            int64_t dim = xs->d[a], s = st[k];
            if (s < 0)
                s += dim;
            if (sp[k] > 0)
                s = s < 0 ? 0 : s > dim ? dim : s;
            else
                s = s < 0 ? 0 : s > dim - 1 ? dim - 1 : s;
            start[a] = s;
            step[a] = sp[k];
        }
        for (int64_t i = 0; i < n; i++) {
            unravel(i, os, idx);
            int64_t off = 0;
            for (int k = 0; k < r; k++)
                off = off * xs->d[k] + start[k] + idx[k] * step[k];
            v[i] = xv[off];
        }
        return v;
    }
fail:
    free(v);
    return NULL;
}

/* ------------------------------------------------------------ conversion */

#define MAXIO_ALIAS 32

static const char *label(const Onnx__NodeProto *nd, int idx, char *buf, size_t n)
{
    if (nd->name && nd->name[0])
        return nd->name;
    snprintf(buf, n, "%s_%d", nd->op_type, idx);
    return buf;
}

static void warnf(ctx *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void warnf(ctx *c, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(c->warn, "%s: warning: ", c->file);
    vfprintf(c->warn, fmt, ap);
    fputc('\n', c->warn);
    va_end(ap);
}

/* Choose the shapes of a node's outputs: value_info or inference (see
 * hs_onnx_opts.infer_shapes). Returns 0, or -1 with io->why set for output j. */
static int pick_shapes(ctx *c, const Onnx__NodeProto *nd, const char *lab, nio *io, int rc,
                       int required, int *bad)
{
    for (int j = 0; j < io->n_out; j++) {
        const char *on = nd->output[j];
        if (!on[0])
            continue;
        tens *t = &c->t[smap_get(&c->tmap, on)];
        int have_inf = rc == 0 && io->out[j].known;
        int have_vi = t->vi_seen && t->vi.known;
        if (have_vi && have_inf && !same_shape(&t->vi, &io->out[j])) {
            char a[128], b[128];
            shape_text(&t->vi, a, sizeof a);
            shape_text(&io->out[j], b, sizeof b);
            warnf(c, "node \"%s\" (%s): output \"%s\": value_info gives %s, inference %s; "
                     "using %s", lab, nd->op_type, on, a, b,
                  c->o->infer_shapes ? "the inferred shape" : "value_info");
        }
        if (have_vi && (!c->o->infer_shapes || !have_inf)) {
            t->s = t->vi;
            t->elem = t->vi_elem ? t->vi_elem : io->oelem[j];
        } else if (have_inf) {
            t->s = io->out[j];
            t->elem = io->oelem[j];
        } else if (required) {
            *bad = j;
            return -1;
        } else {
            t->s.known = 0;
            t->elem = t->vi_elem ? t->vi_elem : io->oelem[j];
        }
    }
    return 0;
}

static int fill_io(ctx *c, const Onnx__NodeProto *nd, int *res, nio *io)
{
    io->n_in = (int)nd->n_input;
    io->n_out = (int)nd->n_output;
    for (int i = 0; i < io->n_in; i++)
        io->in[i] = res[i] >= 0 ? &c->t[res[i]] : NULL;
    for (int j = 0; j < io->n_out; j++) {
        io->out[j].known = 0;
        io->out[j].rank = 0;
    }
    io->why[0] = '\0';
    return 0;
}

/* "/layer1/layer1.0/conv1/Conv" -> mod "layer1.0.conv1", local "Conv" (see _scope in
 * onnx_to_hetsim.py). Returns 0 when the name is not scoped. */
static int scope_of(eop *op)
{
    const char *nm = op->node->name;
    if (!nm || nm[0] != '/')
        return 0;
    char *copy = hs_strdup(nm);
    char *mod = malloc(strlen(nm) + 2);
    if (!copy || !mod) {
        free(copy);
        free(mod);
        return -1;
    }
    const char *comps[512];
    int nc = 0;
    for (char *p = strtok(copy, "/"); p && nc < 512; p = strtok(NULL, "/"))
        comps[nc++] = p;
    if (nc == 0) {
        free(copy);
        free(mod);
        return 0;
    }
    mod[0] = '\0';
    const char *prev = NULL;
    for (int i = 0; i < nc - 1; i++) {
        size_t pl = prev ? strlen(prev) : 0;
        if (prev && strncmp(comps[i], prev, pl) == 0 && comps[i][pl] == '.') {
            strcat(mod, comps[i] + pl);
        } else {
            if (mod[0])
                strcat(mod, ".");
            strcat(mod, comps[i]);
        }
        prev = comps[i];
    }
    op->mod = mod;
    op->local = comps[nc - 1];
    op->scope_copy = copy;
    return 1;
}

/* ", \"aliases\": [...]": the ONNX node name and the ONNX names of the
 * op's outputs, each once, where they differ from the op's own name. */
static void write_aliases(ctx *c, const eop *op, hs_sbuf *b)
{
    const Onnx__NodeProto *nd = op->node;
    const char *names[1 + 2 * MAXIO_ALIAS];
    int n = 0;
    if (nd->name && nd->name[0])
        names[n++] = nd->name;
    for (size_t j = 0; j < nd->n_output && n < 1 + 2 * MAXIO_ALIAS - 1; j++) {
        if (!nd->output[j][0])
            continue;
        names[n++] = nd->output[j];
        const tens *t = &c->t[smap_get(&c->tmap, nd->output[j])];
        if (t->hname)
            names[n++] = t->hname; /* a graph output keeps the name the graph gives it */
    }
    int first = 1;
    for (int i = 0; i < n; i++) {
        int dup = strcmp(names[i], op->name) == 0;
        for (int j = 0; j < i && !dup; j++)
            dup = strcmp(names[i], names[j]) == 0;
        if (dup)
            continue;
        hs_sb_puts(b, first ? ", \"aliases\": [" : ", ");
        first = 0;
        sb_json_str(b, names[i]);
    }
    if (!first)
        hs_sb_puts(b, "]");
}

/* Unique name: `base`, else base_2, base_3, ... The result is added to `used`
 * (which keeps a pointer to it) and owned by the caller. */
static char *unique(smap *used, const char *base)
{
    char *nm = NULL;
    if (smap_get(used, base) < 0) {
        nm = hs_strdup(base);
    } else {
        size_t n = strlen(base) + 24;
        nm = malloc(n);
        for (int k = 2; nm; k++) {
            snprintf(nm, n, "%s_%d", base, k);
            if (smap_get(used, nm) < 0)
                break;
        }
    }
    if (nm && smap_put(used, nm, 1) < 0) {
        free(nm);
        nm = NULL;
    }
    return nm;
}

/* The attrs of an op, as onnx_to_hetsim.py writes them, and the kernel and
 * group figures the FLOPs need. */
static int write_attrs(ctx *c, const eop *op, hs_sbuf *b, double *kk, int64_t *grp, int *gemm_ta)
{
    const Onnx__NodeProto *nd = op->node;
    static const char *const spatial_keys[] = {"kernel_shape", "strides", "pads", "dilations",
                                               "group", NULL};
    const hs_op_type ty = op_of(nd);
    int sp = hs_op_type_has(ty, HS_OPF_SPATIAL);
    int nkeys = 0;
    *kk = 1;
    *grp = 1;
    *gemm_ta = (int)attr_i(nd, "transA", 0);
    char lab[256];
    label(nd, op->idx, lab, sizeof lab);
    if (sp) {
        int64_t k[MAXR];
        int n = attr_ints(nd, "kernel_shape", k, MAXR);
        tens *w = nd->n_input > 1 && op->in[1] >= 0 ? &c->t[op->in[1]] : NULL;
        if (n <= 0 && w && w->s.known && w->s.rank >= 2) {
            n = w->s.rank - 2;
            for (int i = 0; i < n; i++)
                k[i] = w->s.d[2 + i];
        }
        if (n <= 0 || n > 2) {
            hs_sbuf kb = {0};
            hs_sb_puts(&kb, "[");
            for (int i = 0; i < (n > 0 ? n : 0); i++)
                hs_sb_printf(&kb, "%s%lld", i ? ", " : "", (long long)k[i]);
            hs_sb_puts(&kb, "]");
            hs_error_set(c->err, "%s: node \"%s\" (%s): expected a 1-D or 2-D kernel, got "
                                 "kernel_shape %s",
                         c->file, lab, nd->op_type, kb.s ? kb.s : "[]");
            free(kb.s);
            return -1;
        }
        tens *x = op->in[0] >= 0 ? &c->t[op->in[0]] : NULL;
        nio io;
        memset(&io, 0, sizeof io);
        io.n_in = (int)nd->n_input;
        for (int i = 0; i < io.n_in && i < MAX_NODE_IO; i++)
            io.in[i] = op->in[i] >= 0 ? &c->t[op->in[i]] : NULL;
        spatial s;
        tshape xs = x && x->s.known ? x->s : (tshape){0, 0, {0}};
        if (xs.rank < n + 2) {
            xs.rank = n + 2;
            for (int i = 0; i < n + 2; i++)
                xs.d[i] = 1;
        }
        if (get_spatial(nd, &io, &s, n, &xs, is_op(nd, HS_OP_CONV_TRANSPOSE)) < 0) {
            hs_error_set(c->err, "%s: node \"%s\" (%s): %s", c->file, lab, nd->op_type, io.why);
            return -1;
        }
        hs_sb_puts(b, "\"kernel_shape\": [");
        for (int i = 0; i < n; i++) {
            hs_sb_printf(b, "%s%lld", i ? ", " : "", (long long)s.k[i]);
            *kk *= (double)s.k[i];
        }
        hs_sb_puts(b, "], \"strides\": [");
        for (int i = 0; i < n; i++)
            hs_sb_printf(b, "%s%lld", i ? ", " : "", (long long)s.s[i]);
        hs_sb_puts(b, "], \"pads\": [");
        for (int i = 0; i < 2 * n; i++)
            hs_sb_printf(b, "%s%lld", i ? ", " : "", (long long)s.p[i]);
        hs_sb_puts(b, "]");
        if (is_op(nd, HS_OP_CONV) || is_op(nd, HS_OP_CONV_TRANSPOSE) || attr(nd, "dilations")) {
            hs_sb_puts(b, ", \"dilations\": [");
            for (int i = 0; i < n; i++)
                hs_sb_printf(b, "%s%lld", i ? ", " : "", (long long)s.d[i]);
            hs_sb_puts(b, "]");
        }
        if (is_op(nd, HS_OP_CONV) || is_op(nd, HS_OP_CONV_TRANSPOSE)) {
            *grp = attr_i(nd, "group", 1);
            hs_sb_printf(b, ", \"group\": %lld", (long long)*grp);
            if (*grp < 1)
                *grp = 1;
        }
        nkeys = 1;
    }
    for (size_t i = 0; i < nd->n_attribute; i++) {
        const Onnx__AttributeProto *a = nd->attribute[i];
        if (!a->name || in_list(a->name, spatial_keys) || (sp && !strcmp(a->name, "auto_pad")))
            continue;
        int type = a->has_type ? (int)a->type : 0;
        hs_sbuf v = {0};
        char num[64];
        switch (type) {
        case ONNX__ATTRIBUTE_PROTO__ATTRIBUTE_TYPE__INT:
            hs_sb_printf(&v, "%lld", (long long)a->i);
            break;
        case ONNX__ATTRIBUTE_PROTO__ATTRIBUTE_TYPE__FLOAT:
            if (isfinite(a->f)) {
                py_repr(f32_short(a->f), num, sizeof num);
                hs_sb_puts(&v, num);
            }
            break;
        case ONNX__ATTRIBUTE_PROTO__ATTRIBUTE_TYPE__INTS:
            hs_sb_puts(&v, "[");
            for (size_t k = 0; k < a->n_ints; k++)
                hs_sb_printf(&v, "%s%lld", k ? ", " : "", (long long)a->ints[k]);
            hs_sb_puts(&v, "]");
            break;
        case ONNX__ATTRIBUTE_PROTO__ATTRIBUTE_TYPE__FLOATS: {
            int fin = 1;
            for (size_t k = 0; k < a->n_floats; k++)
                fin &= isfinite(a->floats[k]) != 0;
            if (!fin)
                break;
            hs_sb_puts(&v, "[");
            for (size_t k = 0; k < a->n_floats; k++) {
                py_repr(f32_short(a->floats[k]), num, sizeof num);
                hs_sb_printf(&v, "%s%s", k ? ", " : "", num);
            }
            hs_sb_puts(&v, "]");
            break;
        }
        case ONNX__ATTRIBUTE_PROTO__ATTRIBUTE_TYPE__STRING: {
            char *s = malloc(a->s.len + 1);
            if (!s) {
                v.oom = 1;
                break;
            }
            if (a->s.len) /* an empty string has no data */
                memcpy(s, a->s.data, a->s.len);
            s[a->s.len] = '\0';
            sb_json_str(&v, s);
            free(s);
            break;
        }
        default:
            break;
        }
        if (v.oom) {
            free(v.s);
            hs_error_set(c->err, "out of memory");
            return -1;
        }
        if (v.len) {
            if (nkeys++)
                hs_sb_puts(b, ", ");
            sb_json_str(b, a->name);
            hs_sb_puts(b, ": ");
            hs_sb_puts(b, v.s);
        }
        free(v.s);
    }
    /* lowering (traces/lowering.h) needs the bounds of Clip and the pads of
     * Pad, which later opsets give as static inputs */
    if (c->o->runtime != HS_RT_NONE && (is_op(nd, HS_OP_CLIP) || is_op(nd, HS_OP_PAD))) {
        static const char *const clip_keys[] = {NULL, "min", "max"};
        static const char *const pad_keys[] = {NULL, "paddings", "value"};
        const char *const *keys = is_op(nd, HS_OP_CLIP) ? clip_keys : pad_keys;
        for (int i = 1; i < 3 && i < (int)nd->n_input; i++) {
            if (op->in[i] < 0 || attr(nd, keys[i]))
                continue;
            tens *t = &c->t[op->in[i]];
            const double *v = t->is_static && t->s.known ? tval(t) : NULL;
            int64_t n = v ? numel(&t->s) : 0;
            if (!v || n < 1 || n > 16 || ((i == 2 || is_op(nd, HS_OP_CLIP)) && n != 1))
                continue;
            if (nkeys++)
                hs_sb_puts(b, ", ");
            sb_json_str(b, keys[i]);
            hs_sb_puts(b, ": ");
            char numb[64];
            if (is_op(nd, HS_OP_PAD) && i == 1) {
                hs_sb_puts(b, "[");
                for (int64_t k = 0; k < n; k++)
                    hs_sb_printf(b, "%s%lld", k ? ", " : "", (long long)d2i(v[k]));
                hs_sb_puts(b, "]");
            } else if (isfinite(v[0])) {
                py_repr(f32_short((float)v[0]), numb, sizeof numb);
                hs_sb_puts(b, numb);
            } else {
                hs_sb_puts(b, v[0] > 0 ? "1e308" : "-1e308");
            }
        }
    }
    return nkeys;
}

/* FLOPs of an op by the op table's rules (traces/op_cost.h): x is the first
 * activation input, y the first output, in0 ONNX input 0 (it may be a
 * weight: MatMul(W, x)). */
static double op_flops(hs_op_type t, int n_act, double out, double in, const tshape *x,
                       const tshape *y, const tshape *in0, double kk, int64_t grp, int transA)
{
    hs_cost_in ci = {.type = t,
                     .n_act = n_act,
                     .in_elems = in,
                     .out_elems = out,
                     .x = x ? x->d : NULL,
                     .x_rank = x ? x->rank : 0,
                     .y = y ? y->d : NULL,
                     .y_rank = y ? y->rank : 0,
                     .a = in0 ? in0->d : NULL,
                     .a_rank = in0 ? in0->rank : 0,
                     .kernel = kk,
                     .group = grp,
                     .trans_a = transA};
    return hs_op_costs(&ci).flops;
}

/* inputs from this index on configure the op rather than hold weights */
static int config_from(hs_op_type t)
{
    return hs_op_type_has(t, HS_OPF_CONFIG_INPUTS) ? 1 : MAX_NODE_IO;
}

static void write_shape(hs_sbuf *b, const tshape *s)
{
    hs_sb_puts(b, "[");
    for (int i = 0; i < s->rank; i++)
        hs_sb_printf(b, "%s%lld", i ? ", " : "", (long long)s->d[i]);
    hs_sb_puts(b, "]");
}

static const char *base_name(const char *p)
{
    const char *s = strrchr(p, '/');
    return s ? s + 1 : p;
}

static char *convert(ctx *c, const Onnx__ModelProto *m)
{
    const Onnx__GraphProto *g = m->graph;
    hs_sbuf out = {0}, ops = {0};
    smap used_ops = {0}, used_t = {0};
    char lab[256];
    char *result = NULL;
    nio *iop = NULL;
    if (!g) {
        hs_error_set(c->err, "%s: the model has no graph", c->file);
        return NULL;
    }
    /* initializers, then value_info of inputs, intermediate tensors and outputs */
    for (size_t i = 0; i < g->n_initializer; i++) {
        const Onnx__TensorProto *tp = g->initializer[i];
        if (!tp->name)
            continue;
        int ti = tensor_get(c, tp->name);
        if (ti < 0)
            goto oom;
        tens *t = &c->t[ti];
        t->is_static = t->defined = 1;
        t->init = tp;
        tp_shape(tp, &t->s);
        t->elem = tp->has_data_type ? tp->data_type : 0;
    }
    typedef const Onnx__ValueInfoProto *const *vi_list;
    vi_list lists[3] = {(vi_list)g->input, (vi_list)g->value_info, (vi_list)g->output};
    size_t counts[3] = {g->n_input, g->n_value_info, g->n_output};
    for (int l = 0; l < 3; l++)
        for (size_t i = 0; i < counts[l]; i++) {
            const Onnx__ValueInfoProto *v = lists[l][i];
            if (!v->name)
                continue;
            int ti = tensor_get(c, v->name);
            if (ti < 0)
                goto oom;
            tens *t = &c->t[ti];
            tshape s;
            int el;
            vi_shape(v, &s, &el);
            if (!t->vi_seen || (!t->vi.known && s.known)) {
                t->vi = s;
                t->vi_elem = el;
                t->vi_seen = 1;
            }
        }
    c->inputs = calloc(g->n_input + 1, sizeof *c->inputs);
    if (!c->inputs)
        goto oom;
    for (size_t i = 0; i < g->n_input; i++) {
        const char *nm = g->input[i]->name;
        if (!nm)
            continue;
        tens *t = &c->t[smap_get(&c->tmap, nm)];
        if (t->is_static)
            continue;
        int ok = t->vi.known;
        for (int k = 0; ok && k < t->vi.rank; k++)
            ok = t->vi.d[k] >= 1;
        if (!ok) {
            hs_error_set(c->err, "%s: graph input \"%s\" has no static shape (export with fixed "
                                 "input sizes)", c->file, nm);
            goto fail;
        }
        t->is_input = t->defined = 1;
        t->s = t->vi;
        t->elem = t->vi_elem;
        c->inputs[c->n_inputs++] = smap_get(&c->tmap, nm);
    }
    /* nodes in file order */
    iop = malloc(sizeof *iop);
    if (!iop)
        goto oom;
    for (size_t ni = 0; ni < g->n_node; ni++) {
        const Onnx__NodeProto *nd = g->node[ni];
        if (!nd->op_type) {
            hs_error_set(c->err, "%s: node %zu has no op type", c->file, ni);
            goto fail;
        }
        const char *lb = label(nd, (int)ni, lab, sizeof lab);
        if (nd->n_input > MAX_NODE_IO || nd->n_output > MAX_NODE_IO) {
            hs_error_set(c->err, "%s: node \"%s\" (%s): more than %d inputs or outputs", c->file,
                         lb, nd->op_type, MAX_NODE_IO);
            goto fail;
        }
        int *res = calloc(nd->n_input + 1, sizeof *res);
        if (!res)
            goto oom;
        int all_static = 1, n_real = 0;
        for (size_t i = 0; i < nd->n_input; i++) {
            res[i] = -1;
            if (!nd->input[i][0])
                continue;
            int ti = smap_get(&c->tmap, nd->input[i]);
            ti = resolve(c, ti);
            if (ti < 0 || !c->t[ti].defined) {
                hs_error_set(c->err, "%s: node \"%s\" (%s) reads tensor \"%s\", which no earlier "
                                     "node produces and which is neither a graph input nor an "
                                     "initializer",
                             c->file, lb, nd->op_type, nd->input[i]);
                free(res);
                goto fail;
            }
            res[i] = ti;
            n_real++;
            all_static &= c->t[ti].is_static;
        }
        for (size_t j = 0; j < nd->n_output; j++) {
            if (!nd->output[j][0])
                continue;
            int ti = tensor_get(c, nd->output[j]);
            if (ti < 0) {
                free(res);
                goto oom;
            }
            if (c->t[ti].defined) {
                hs_error_set(c->err, "%s: node \"%s\" (%s): tensor \"%s\" is produced twice",
                             c->file, lb, nd->op_type, nd->output[j]);
                free(res);
                goto fail;
            }
        }
        fill_io(c, nd, res, iop);
        int shape_of_known = (is_op(nd, HS_OP_SHAPE) || is_op(nd, HS_OP_SIZE)) && n_real &&
                             res[0] >= 0 && !c->t[res[0]].is_static && c->t[res[0]].s.known;
        if (all_static || shape_of_known) {
            int rc = infer(nd, iop);
            tshape inferred0 = iop->n_out ? iop->out[0] : (tshape){0};
            int bad = -1;
            pick_shapes(c, nd, lb, iop, rc, 0, &bad);
            for (size_t j = 0; j < nd->n_output; j++) {
                if (!nd->output[j][0])
                    continue;
                tens *t = &c->t[smap_get(&c->tmap, nd->output[j])];
                t->is_static = t->defined = 1;
                iop->out[j] = t->s;
            }
            if (nd->n_output && nd->output[0][0]) {
                tens *t0 = &c->t[smap_get(&c->tmap, nd->output[0])];
                /* values only where the node's own shape inference holds:
                 * the evaluator indexes by the inferred shapes */
                if (t0->s.known && rc == 0 && inferred0.known && same_shape(&t0->s, &inferred0)) {
                    t0->val = evaluate(nd, iop);
                    t0->val_tried = 1;
                }
            }
            free(res);
            continue;
        }
        if (is_op(nd, HS_OP_IDENTITY) && nd->n_output >= 1 && nd->output[0][0]) {
            tens *t = &c->t[smap_get(&c->tmap, nd->output[0])];
            t->alias = res[0];
            t->defined = 1;
            free(res);
            continue;
        }
        if (hs_op_info_of(op_of(nd))->shape == HS_SHAPE_NONE) {
            int seen = 0;
            for (int k = 0; k < c->n_unknown; k++)
                seen |= hs_op_type_same(HS_OP_OTHER, c->unknown[k], HS_OP_OTHER, nd->op_type);
            if (!seen) {
                const char **nu = realloc(c->unknown, (size_t)(c->n_unknown + 1) * sizeof *nu);
                if (!nu) {
                    free(res);
                    goto oom;
                }
                c->unknown = nu;
                c->unknown[c->n_unknown++] = nd->op_type;
                warnf(c, "op type %s is not known to the importer: kept, with the output shapes "
                         "given in the file (costs: one FLOP per output element)",
                      nd->op_type);
            }
        }
        int rc = infer(nd, iop), bad = -1;
        if (pick_shapes(c, nd, lb, iop, rc, 1, &bad) < 0) {
            if (rc == 1)
                hs_error_set(c->err, "%s: node \"%s\" (%s): cannot infer the shape of its output "
                                     "\"%s\" (unknown op type: add value_info for it)",
                             c->file, lb, nd->op_type, nd->output[bad]);
            else
                hs_error_set(c->err, "%s: node \"%s\" (%s): cannot infer the shape of its output "
                                     "\"%s\": %s",
                             c->file, lb, nd->op_type, nd->output[bad], iop->why);
            free(res);
            goto fail;
        }
        if (c->nops == c->capops) {
            int nc = c->capops ? 2 * c->capops : 128;
            eop *no = realloc(c->ops, (size_t)nc * sizeof *no);
            if (!no) {
                free(res);
                goto oom;
            }
            c->ops = no;
            c->capops = nc;
        }
        eop *op = &c->ops[c->nops];
        memset(op, 0, sizeof *op);
        op->node = nd;
        op->idx = (int)ni;
        op->in = res;
        for (size_t j = 0; j < nd->n_output; j++) {
            if (!nd->output[j][0])
                continue;
            tens *t = &c->t[smap_get(&c->tmap, nd->output[j])];
            t->defined = 1;
            t->producer = c->nops;
        }
        c->nops++;
    }
    if (c->nops == 0) {
        hs_error_set(c->err, "%s: the graph has no op that reads an activation tensor", c->file);
        goto fail;
    }
    /* op names */
    for (int k = 0; k < c->nops; k++)
        if (scope_of(&c->ops[k]) < 0)
            goto oom;
    for (int k = 0; k < c->nops; k++) {
        eop *op = &c->ops[k];
        const char *base;
        hs_sbuf nb = {0};
        if (op->mod) {
            if (op->mod[0]) {
                size_t ml = strlen(op->mod);
                int count = 0;
                for (int q = 0; q < c->nops; q++) {
                    const char *m2 = c->ops[q].mod;
                    if (m2 && (!strcmp(m2, op->mod) ||
                               (!strncmp(m2, op->mod, ml) && m2[ml] == '.')))
                        count++;
                }
                hs_sb_puts(&nb, op->mod);
                if (count != 1) {
                    hs_sb_puts(&nb, ".");
                    hs_sb_puts(&nb, op->local);
                }
            } else {
                hs_sb_puts(&nb, op->local);
            }
            base = nb.s;
        } else {
            base = label(op->node, op->idx, lab, sizeof lab);
        }
        if (nb.oom || !base) {
            free(nb.s);
            goto oom;
        }
        op->name = unique(&used_ops, base);
        free(nb.s);
        if (!op->name)
            goto oom;
    }
    /* graph outputs and tensor names */
    char **gout = calloc(g->n_output + 1, sizeof *gout);
    int n_gout = 0;
    if (!gout)
        goto oom;
    for (int i = 0; i < c->n_inputs; i++)
        if (smap_put(&used_t, c->t[c->inputs[i]].name, 1) < 0) {
            free(gout);
            goto oom;
        }
    for (size_t i = 0; i < g->n_output; i++) {
        const char *vn = g->output[i]->name;
        int r = vn ? resolve(c, smap_get(&c->tmap, vn)) : -1;
        if (r < 0 || !c->t[r].defined) {
            hs_error_set(c->err, "%s: graph output \"%s\" is not produced by any node", c->file,
                         vn ? vn : "");
            free(gout);
            goto fail;
        }
        tens *t = &c->t[r];
        if (t->is_static) {
            warnf(c, "graph output \"%s\" is a constant: dropped", vn);
            continue;
        }
        if (t->hname || t->is_input) {
            gout[n_gout++] = t->hname ? t->hname : (char *)t->name;
            continue;
        }
        t->hname = hs_strdup(vn);
        if (!t->hname || smap_put(&used_t, t->hname, 1) < 0) {
            free(gout);
            goto oom;
        }
        gout[n_gout++] = t->hname;
    }
    for (int i = 0; i < c->n_inputs; i++) {
        tens *t = &c->t[c->inputs[i]];
        if (!t->hname && !(t->hname = hs_strdup(t->name))) {
            free(gout);
            goto oom;
        }
    }
    for (int k = 0; k < c->nops; k++) {
        const Onnx__NodeProto *nd = c->ops[k].node;
        int nouts = 0;
        for (size_t j = 0; j < nd->n_output; j++)
            nouts += nd->output[j][0] != '\0';
        for (size_t j = 0; j < nd->n_output; j++) {
            if (!nd->output[j][0])
                continue;
            tens *t = &c->t[smap_get(&c->tmap, nd->output[j])];
            if (t->hname)
                continue; /* a graph output */
            char base[1024];
            if (nouts == 1)
                snprintf(base, sizeof base, "%s", c->ops[k].name);
            else
                snprintf(base, sizeof base, "%s:%zu", c->ops[k].name, j);
            t->hname = unique(&used_t, base);
            if (!t->hname) {
                free(gout);
                goto oom;
            }
        }
    }
    /* ops */
    double tot_flops = 0, tot_w = 0;
    for (int k = 0; k < c->nops; k++) {
        eop *op = &c->ops[k];
        const Onnx__NodeProto *nd = op->node;
        const char *lb = label(nd, op->idx, lab, sizeof lab);
        hs_sbuf ab = {0};
        double kk;
        int64_t grp;
        int ta;
        int na = write_attrs(c, op, &ab, &kk, &grp, &ta);
        if (na < 0 || ab.oom) {
            free(ab.s);
            free(gout);
            if (ab.oom)
                goto oom;
            goto fail;
        }
        hs_sb_puts(&ops, "    {\"name\": ");
        sb_json_str(&ops, op->name);
        hs_sb_puts(&ops, ", \"type\": ");
        sb_json_str(&ops, nd->op_type);
        hs_sb_puts(&ops, ", \"inputs\": [");
        int first = 1, n_act = 0;
        double in_e = 0, out_e = 0, w = 0;
        const tshape *x = NULL, *y = NULL, *in0 = NULL;
        int cfg = config_from(op_of(nd));
        for (size_t i = 0; i < nd->n_input; i++) {
            if (op->in[i] < 0)
                continue;
            tens *t = &c->t[op->in[i]];
            if (i == 0)
                in0 = t->s.known ? &t->s : NULL;
            if (t->is_static) {
                if ((int)i >= cfg || !is_float_type(t->elem))
                    continue;
                if (!t->s.known) {
                    hs_error_set(c->err, "%s: node \"%s\" (%s): the shape of its constant input "
                                         "\"%s\" is unknown",
                                 c->file, lb, nd->op_type, t->name);
                    free(ab.s);
                    free(gout);
                    goto fail;
                }
                int64_t n = numel(&t->s);
                if (n > 1)
                    w += (double)n;
                continue;
            }
            if (!first)
                hs_sb_puts(&ops, ", ");
            first = 0;
            sb_json_str(&ops, t->hname);
            in_e += (double)numel(&t->s);
            n_act++;
            if (!x)
                x = &t->s;
        }
        hs_sb_puts(&ops, "], \"outputs\": [");
        first = 1;
        for (size_t j = 0; j < nd->n_output; j++) {
            if (!nd->output[j][0])
                continue;
            tens *t = &c->t[smap_get(&c->tmap, nd->output[j])];
            if (!first)
                hs_sb_puts(&ops, ", ");
            first = 0;
            hs_sb_puts(&ops, "{\"name\": ");
            sb_json_str(&ops, t->hname);
            hs_sb_puts(&ops, ", \"shape\": ");
            write_shape(&ops, &t->s);
            hs_sb_puts(&ops, "}");
            out_e += (double)numel(&t->s);
            if (!y)
                y = &t->s;
        }
        hs_sb_puts(&ops, "]");
        if (na > 0) {
            hs_sb_puts(&ops, ", \"attrs\": {");
            hs_sb_puts(&ops, ab.s);
            hs_sb_puts(&ops, "}");
        }
        free(ab.s);
        double fl = op_flops(op_of(nd), n_act, out_e, in_e, x, y, in0, kk, grp, ta);
        hs_sb_printf(&ops, ", \"flops\": %.0f, \"weight_elems\": %.0f", fl, w);
        write_aliases(c, op, &ops);
        hs_sb_printf(&ops, "}%s\n", k + 1 < c->nops ? "," : "");
        tot_flops += fl;
        tot_w += w;
    }
    /* the document */
    hs_sb_puts(&out, "{\n  \"format\": \"hetsim-model\",\n  \"version\": 1,\n  \"name\": ");
    char namebuf[512];
    const char *name = c->o->name;
    if (!name) {
        snprintf(namebuf, sizeof namebuf, "%s", base_name(c->file));
        char *dot = strrchr(namebuf, '.');
        if (dot && dot != namebuf)
            *dot = '\0';
        name = namebuf;
    }
    sb_json_str(&out, name);
    hs_sb_puts(&out, ",\n  \"description\": ");
    if (c->o->description) {
        sb_json_str(&out, c->o->description);
    } else {
        hs_sbuf d = {0};
        hs_sb_printf(&d, "imported from %s; input ", base_name(c->file));
        for (int i = 0; i < c->n_inputs; i++) {
            const tshape *s = &c->t[c->inputs[i]].s;
            if (i)
                hs_sb_puts(&d, ", ");
            for (int q = 0; q < s->rank; q++)
                hs_sb_printf(&d, "%s%lld", q ? "x" : "", (long long)s->d[q]);
        }
        hs_sb_printf(&d, "; %.2f GFLOPs; %.2fM params", tot_flops / 1e9, tot_w / 1e6);
        if (d.oom) {
            free(gout);
            goto oom;
        }
        sb_json_str(&out, d.s);
        free(d.s);
    }
    if (c->o->source) {
        hs_sb_puts(&out, ",\n  \"source\": ");
        sb_json_str(&out, c->o->source);
    }
    if (c->o->generator) {
        hs_sb_puts(&out, ",\n  \"generator\": ");
        sb_json_str(&out, c->o->generator);
    }
    hs_sb_puts(&out, ",\n  \"dtype\": \"fp32\",\n  \"inputs\": [");
    for (int i = 0; i < c->n_inputs; i++) {
        tens *t = &c->t[c->inputs[i]];
        hs_sb_puts(&out, i ? ", {\"name\": " : "{\"name\": ");
        sb_json_str(&out, t->hname);
        hs_sb_puts(&out, ", \"shape\": ");
        write_shape(&out, &t->s);
        hs_sb_puts(&out, "}");
    }
    hs_sb_puts(&out, "],\n  \"outputs\": [");
    for (int i = 0; i < n_gout; i++) {
        if (i)
            hs_sb_puts(&out, ", ");
        sb_json_str(&out, gout[i]);
    }
    free(gout);
    hs_sb_puts(&out, "],\n  \"ops\": [\n");
    if (ops.s)
        hs_sb_puts(&out, ops.s);
    hs_sb_puts(&out, "  ]\n}\n");
    if (out.oom || ops.oom)
        goto oom;
    result = out.s;
    out.s = NULL;
    goto done;
oom:
    hs_error_set(c->err, "%s: out of memory", c->file);
fail:
done:
    free(out.s);
    free(ops.s);
    /* the names in used_*: op names are freed with the ops, tensor names with the
     * tensors (ctx_free) */
    smap_free(&used_ops);
    smap_free(&used_t);
    free(iop);
    return result;
}

static void ctx_free(ctx *c)
{
    for (int i = 0; i < c->nt; i++) {
        free(c->t[i].val);
        free(c->t[i].hname);
    }
    for (int k = 0; k < c->nops; k++) {
        free(c->ops[k].in);
        free(c->ops[k].name);
        free(c->ops[k].mod);
        free(c->ops[k].scope_copy);
    }
    free(c->t);
    free(c->ops);
    free(c->inputs);
    free(c->unknown);
    smap_free(&c->tmap);
}

/* The converted graph lowered for opts->runtime (traces/lowering.h), as
 * JSON text; the generated description says so. */
static char *lower_text(const char *file, const hs_onnx_opts *o, const char *text, hs_error *err)
{
    cJSON *root;
    hs_error lerr;
    if (hs_json_parse(file, text, &root, &lerr) < 0) {
        hs_error_set(err, "%s: the converted graph is not valid: %s", file, lerr.msg);
        return NULL;
    }
    const cJSON *gen = cJSON_GetObjectItemCaseSensitive(root, "generator");
    char *generator = cJSON_IsString(gen) ? hs_strdup(gen->valuestring) : NULL;
    hs_graph *g = hs_graph_from_json(root, file, &lerr);
    cJSON_Delete(root);
    if (!g) {
        free(generator);
        hs_error_set(err, "%s: the converted graph is not valid: %s", file, lerr.msg);
        return NULL;
    }
    hs_lower_stats st;
    hs_graph *gl = hs_graph_lower(g, (hs_runtime)o->runtime, &st, &lerr);
    hs_graph_free(g);
    char *out = NULL;
    if (!gl) {
        hs_error_set(err, "%s: lowering for %s: %s", file, hs_runtime_names[o->runtime], lerr.msg);
    } else {
        if (!o->description) {
            hs_sbuf d = {0};
            double fl = 0, w = 0;
            for (int i = 0; i < gl->n_ops; i++) {
                fl += gl->ops[i].flops;
                w += (double)gl->ops[i].weight_elems;
            }
            const char *old = gl->description ? gl->description : "";
            const char *cut = strstr(old, "; ");
            cut = cut ? strstr(cut + 2, "; ") : NULL; /* after "imported from F; input S" */
            hs_sb_put(&d, old, cut ? (size_t)(cut - old) : strlen(old));
            hs_sb_printf(&d, "; lowered for %s; %.2f GFLOPs; %.2fM params",
                         hs_runtime_names[o->runtime], fl / 1e9, w / 1e6);
            if (!d.oom) {
                free(gl->description);
                gl->description = d.s;
            } else {
                free(d.s);
            }
        }
        out = hs_graph_to_json(gl, generator, err);
        if (o->lowered)
            *o->lowered = st;
    }
    hs_graph_free(gl);
    free(generator);
    return out;
}

char *hs_onnx_to_json_mem(const void *data, size_t len, const char *file,
                          const hs_onnx_opts *opts, hs_error *err)
{
    hs_onnx_opts defaults = {0};
    ctx c;
    memset(&c, 0, sizeof c);
    c.file = file ? file : "model.onnx";
    c.o = opts ? opts : &defaults;
    c.err = err;
    c.warn = c.o->warn ? c.o->warn : stderr;
    if (len == 0) {
        hs_error_set(err, "%s: not an ONNX model: the file is empty", c.file);
        return NULL;
    }
    Onnx__ModelProto *m = onnx__model_proto__unpack(NULL, len, data);
    if (!m) {
        hs_error_set(err, "%s: not a valid ONNX model: the protobuf data (%zu bytes) is truncated "
                          "or corrupt",
                     c.file, len);
        return NULL;
    }
    if (!m->graph) {
        hs_error_set(err, "%s: not an ONNX model: no graph in the protobuf data (%zu bytes)",
                     c.file, len);
        onnx__model_proto__free_unpacked(m, NULL);
        return NULL;
    }
    char *text = convert(&c, m);
    ctx_free(&c);
    onnx__model_proto__free_unpacked(m, NULL);
    if (text && c.o->runtime != HS_RT_NONE) {
        char *low = lower_text(c.file, c.o, text, err);
        free(text);
        text = low;
    }
    return text;
}

char *hs_onnx_to_json(const char *path, const hs_onnx_opts *opts, hs_error *err)
{
    /* protobuf's own limit on a message is 2 GiB */
    char *buf;
    size_t n;
    if (hs_read_file(path, (size_t)2 << 30, 0, &buf, &n, err) < 0)
        return NULL;
    char *text = hs_onnx_to_json_mem((unsigned char *)buf, n, path, opts, err);
    free(buf);
    return text;
}

hs_graph *hs_onnx_import(const char *path, const hs_onnx_opts *opts, hs_error *err)
{
    char *text = hs_onnx_to_json(path, opts, err);
    if (!text)
        return NULL;
    cJSON *root;
    hs_graph *g = NULL;
    if (hs_json_parse(path, text, &root, err) == 0) {
        g = hs_graph_from_json(root, path, err);
        cJSON_Delete(root);
    }
    free(text);
    return g;
}
