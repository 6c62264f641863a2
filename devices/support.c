#include "devices/support.h"

#include <stdio.h>

int hs_exec_dtype(const hs_processor *p, hs_dtype model_dtype, hs_dtype *out)
{
    for (int i = 0; i < p->n_dtypes; i++) {
        hs_dtype d = p->dtypes[i];
        int ok = model_dtype == HS_DT_INT8 ? 1 : (d == HS_DT_FP32 || d == HS_DT_FP16);
        if (model_dtype == HS_DT_INT8 && d != HS_DT_INT8) {
            /* an int8 model prefers int8 kernels; fall back to float ones */
            int has_int8 = 0;
            for (int j = 0; j < p->n_dtypes; j++)
                has_int8 |= p->dtypes[j] == HS_DT_INT8;
            ok = !has_int8;
        }
        if (ok) {
            *out = d;
            return 0;
        }
    }
    return -1;
}

static int rule_matches(const hs_support_rule *r, const hs_op *op)
{
    return r->any || hs_op_type_same(r->type, r->op, op->type_id, op->type);
}

/* Whether the op's group count satisfies the rule's group condition. */
static int group_ok(const hs_support_rule *r, const hs_graph *g, const hs_op *op)
{
    const hs_op_attrs *a = &op->attrs;
    int64_t cin = op->n_in && g->tensors[op->in[0]].rank >= 2 ? g->tensors[op->in[0]].shape[1] : 1;
    int depthwise = a->group > 1 && a->group == cin;
    int plain = a->group <= 1;
    switch (r->group) {
    case HS_GROUP_ANY: return 1;
    case HS_GROUP_NONE: return plain;
    case HS_GROUP_DEPTHWISE: return depthwise;
    case HS_GROUP_NONE_OR_DEPTHWISE: return plain || depthwise;
    }
    return 1;
}

int hs_supports(const hs_processor *p, const hs_graph *g, const hs_op *op, hs_dtype dt, char *why,
                size_t why_len)
{
    char dummy[8];
    if (!why) {
        why = dummy;
        why_len = sizeof dummy;
    }
    why[0] = '\0';
    /* the first rule for the op type whose group condition holds decides;
     * when none holds, the first rule for the op type refuses it */
    const hs_support_rule *r = NULL, *first = NULL;
    for (int i = 0; i < p->n_rules && !r; i++)
        if (rule_matches(&p->rules[i], op)) {
            if (!first)
                first = &p->rules[i];
            if (group_ok(&p->rules[i], g, op))
                r = &p->rules[i];
        }
    if (!r && first) {
        snprintf(why, why_len, "%s with group %d not supported on %s", op->type, op->attrs.group,
                 p->name);
        return 0;
    }
    if (!r) {
        if (!p->support_default)
            snprintf(why, why_len, "%s not in %s's support table", op->type, p->name);
        return p->support_default;
    }
    if (!r->supported) {
        snprintf(why, why_len, "%s unsupported on %s", op->type, p->name);
        return 0;
    }
    if (r->dtype_mask && !(r->dtype_mask & (1u << dt))) {
        snprintf(why, why_len, "%s not supported in %s on %s", op->type, hs_dtype_name(dt), p->name);
        return 0;
    }
    const hs_op_attrs *a = &op->attrs;
    int k = a->kernel_h > a->kernel_w ? a->kernel_h : a->kernel_w;
    int s = a->stride_h > a->stride_w ? a->stride_h : a->stride_w;
    int d = a->dilation_h > a->dilation_w ? a->dilation_h : a->dilation_w;
    if (r->kernel_max && k > r->kernel_max) {
        snprintf(why, why_len, "%s kernel %d > %d on %s", op->type, k, r->kernel_max, p->name);
        return 0;
    }
    if (r->stride_max && s > r->stride_max) {
        snprintf(why, why_len, "%s stride %d > %d on %s", op->type, s, r->stride_max, p->name);
        return 0;
    }
    if (r->dilation_max && d > r->dilation_max) {
        snprintf(why, why_len, "%s dilation %d > %d on %s", op->type, d, r->dilation_max, p->name);
        return 0;
    }
    const hs_tensor *y = &g->tensors[op->out[0]];
    int64_t cout = y->rank >= 2 ? y->shape[1] : 1;
    if (r->channels_max && cout > r->channels_max) {
        snprintf(why, why_len, "%s with %lld channels > %lld on %s", op->type, (long long)cout,
                 (long long)r->channels_max, p->name);
        return 0;
    }
    return 1;
}
