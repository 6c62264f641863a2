/* The op table (contract in op.h). One line per ONNX op type the project
 * knows; tests/test_op.c checks that every entry is filled and that every
 * op type of the zoo has one. */
#include "traces/op.h"

#include <stddef.h>
#include <string.h>

const char *const hs_op_class_names[] = {"conv1x1", "conv",        "dwconv", "gemm",      "pool",
                                         "elementwise", "data", "activation", "gconv", NULL};

/* attributes the project reads, by op type */
static const hs_op_attr_spec no_attrs[] = {{NULL, HS_AK_INT}};
static const hs_op_attr_spec gemm_attrs[] = {{"transA", HS_AK_INT}, {"transB", HS_AK_INT},
                                             {"alpha", HS_AK_FLOAT}, {"beta", HS_AK_FLOAT},
                                             {NULL, HS_AK_INT}};
static const hs_op_attr_spec pool_attrs[] = {{"ceil_mode", HS_AK_INT}, {NULL, HS_AK_INT}};
static const hs_op_attr_spec eps_attrs[] = {{"epsilon", HS_AK_FLOAT}, {NULL, HS_AK_INT}};
static const hs_op_attr_spec layernorm_attrs[] = {{"axis", HS_AK_INT}, {"epsilon", HS_AK_FLOAT},
                                                  {NULL, HS_AK_INT}};
static const hs_op_attr_spec alpha_attrs[] = {{"alpha", HS_AK_FLOAT}, {NULL, HS_AK_INT}};
static const hs_op_attr_spec clip_attrs[] = {{"min", HS_AK_FLOAT}, {"max", HS_AK_FLOAT},
                                             {NULL, HS_AK_INT}};
static const hs_op_attr_spec cast_attrs[] = {{"to", HS_AK_INT}, {NULL, HS_AK_INT}};
static const hs_op_attr_spec axis_attrs[] = {{"axis", HS_AK_INT}, {NULL, HS_AK_INT}};
static const hs_op_attr_spec reshape_attrs[] = {{"allowzero", HS_AK_INT}, {NULL, HS_AK_INT}};
static const hs_op_attr_spec perm_attrs[] = {{"perm", HS_AK_INTS}, {NULL, HS_AK_INT}};
static const hs_op_attr_spec resize_attrs[] = {
    {"mode", HS_AK_STRING}, {"coordinate_transformation_mode", HS_AK_STRING},
    {"nearest_mode", HS_AK_STRING}, {"cubic_coeff_a", HS_AK_FLOAT}, {NULL, HS_AK_INT}};
static const hs_op_attr_spec mode_attrs[] = {{"mode", HS_AK_STRING}, {NULL, HS_AK_INT}};
static const hs_op_attr_spec split_attrs[] = {{"axis", HS_AK_INT}, {"split", HS_AK_INTS},
                                              {NULL, HS_AK_INT}};
static const hs_op_attr_spec reduce_attrs[] = {{"axes", HS_AK_INTS}, {"keepdims", HS_AK_INT},
                                               {NULL, HS_AK_INT}};
static const hs_op_attr_spec axes_attrs[] = {{"axes", HS_AK_INTS}, {NULL, HS_AK_INT}};
static const hs_op_attr_spec shape_attrs[] = {{"start", HS_AK_INT}, {"end", HS_AK_INT},
                                              {NULL, HS_AK_INT}};
static const hs_op_attr_spec d2s_attrs[] = {{"blocksize", HS_AK_INT}, {"mode", HS_AK_STRING},
                                            {NULL, HS_AK_INT}};
static const hs_op_attr_spec s2d_attrs[] = {{"blocksize", HS_AK_INT}, {NULL, HS_AK_INT}};
static const hs_op_attr_spec arg_attrs[] = {{"axis", HS_AK_INT}, {"keepdims", HS_AK_INT},
                                            {NULL, HS_AK_INT}};
static const hs_op_attr_spec topk_attrs[] = {{"axis", HS_AK_INT}, {"k", HS_AK_INT},
                                             {NULL, HS_AK_INT}};

/* columns: name, FLOPs rule, FLOPs per output element (HS_COST_PER_OUT), weights rule,
 * shape rule, class, flags, attributes */
#define C(r) HS_COST_##r
#define W(r) HS_WEIGHTS_##r
#define S(r) HS_SHAPE_##r
#define K(c) HS_OPC_##c
#define NOCLASS (-1)
#define F(f) HS_OPF_##f
#define OP(e, nm, cost, fpo, w, sh, cls, fl, at) \
    [HS_OP_##e] = {nm, cost, fpo, w, sh, cls, fl, at}

static const hs_op_info table[HS_OP_COUNT] = {
    OP(OTHER, "", C(PER_OUT), 1, W(NONE), S(NONE), NOCLASS, 0, no_attrs),
    OP(CONV, "Conv", C(CONV), 0, W(CONV), S(OWN), K(CONV), F(LINEAR) | F(SPATIAL), no_attrs),
    OP(CONV_TRANSPOSE, "ConvTranspose", C(CONV_T), 0, W(CONV_T), S(OWN), K(CONV),
       F(LINEAR) | F(SPATIAL), no_attrs),
    OP(GEMM, "Gemm", C(GEMM), 0, W(GEMM), S(OWN), K(GEMM), F(LINEAR), gemm_attrs),
    OP(MATMUL, "MatMul", C(GEMM), 0, W(MATMUL), S(OWN), K(GEMM), F(LINEAR), no_attrs),
    OP(MAX_POOL, "MaxPool", C(WINDOW), 0, W(NONE), S(OWN), K(POOL), F(SPATIAL), pool_attrs),
    OP(AVERAGE_POOL, "AveragePool", C(WINDOW), 0, W(NONE), S(OWN), K(POOL), F(SPATIAL),
       pool_attrs),
    OP(LP_POOL, "LpPool", C(PER_OUT), 1, W(NONE), S(OWN), K(POOL), F(SPATIAL), pool_attrs),
    OP(GLOBAL_AVERAGE_POOL, "GlobalAveragePool", C(PER_IN), 0, W(NONE), S(OWN), K(POOL), 0,
       no_attrs),
    OP(GLOBAL_MAX_POOL, "GlobalMaxPool", C(PER_IN), 0, W(NONE), S(OWN), K(POOL), 0, no_attrs),
    OP(BATCH_NORMALIZATION, "BatchNormalization", C(PER_OUT), 2, W(BATCHNORM), S(SAME),
       K(ELEMENTWISE), F(PER_CHANNEL), eps_attrs),
    OP(INSTANCE_NORMALIZATION, "InstanceNormalization", C(PER_OUT), 5, W(CHANNEL_2), S(SAME),
       K(ELEMENTWISE), 0, eps_attrs),
    OP(LAYER_NORMALIZATION, "LayerNormalization", C(PER_OUT), 5, W(LAST_AXIS_2), S(OWN),
       K(ELEMENTWISE), 0, layernorm_attrs),
    OP(RELU, "Relu", C(PER_OUT), 1, W(NONE), S(SAME), K(ACTIVATION), F(PER_CHANNEL), no_attrs),
    OP(LEAKY_RELU, "LeakyRelu", C(PER_OUT), 1, W(NONE), S(SAME), K(ELEMENTWISE), F(PER_CHANNEL),
       alpha_attrs),
    OP(PRELU, "PRelu", C(PER_OUT), 1, W(NONE), S(BROADCAST), K(ELEMENTWISE), F(PER_CHANNEL),
       no_attrs),
    OP(ELU, "Elu", C(PER_OUT), 1, W(NONE), S(SAME), K(ELEMENTWISE), F(PER_CHANNEL), alpha_attrs),
    OP(SELU, "Selu", C(PER_OUT), 1, W(NONE), S(SAME), K(ELEMENTWISE), 0, no_attrs),
    OP(SIGMOID, "Sigmoid", C(PER_OUT), 4, W(NONE), S(SAME), K(ELEMENTWISE), F(PER_CHANNEL),
       no_attrs),
    OP(HARD_SIGMOID, "HardSigmoid", C(PER_OUT), 1, W(NONE), S(SAME), K(ELEMENTWISE), 0, no_attrs),
    OP(HARD_SWISH, "HardSwish", C(PER_OUT), 4, W(NONE), S(SAME), K(ELEMENTWISE), F(PER_CHANNEL),
       no_attrs),
    OP(TANH, "Tanh", C(PER_OUT), 4, W(NONE), S(SAME), K(ELEMENTWISE), F(PER_CHANNEL), no_attrs),
    OP(SOFTPLUS, "Softplus", C(PER_OUT), 1, W(NONE), S(SAME), NOCLASS, 0, no_attrs),
    OP(SOFTSIGN, "Softsign", C(PER_OUT), 1, W(NONE), S(SAME), NOCLASS, 0, no_attrs),
    OP(ERF, "Erf", C(PER_OUT), 4, W(NONE), S(SAME), K(ELEMENTWISE), F(PER_CHANNEL), no_attrs),
    OP(GELU, "Gelu", C(PER_OUT), 4, W(NONE), S(SAME), K(ELEMENTWISE), F(PER_CHANNEL), no_attrs),
    OP(CLIP, "Clip", C(PER_OUT), 1, W(NONE), S(SAME), K(ACTIVATION),
       F(PER_CHANNEL) | F(CONFIG_INPUTS), clip_attrs),
    OP(EXP, "Exp", C(PER_OUT), 1, W(NONE), S(SAME), K(ELEMENTWISE), 0, no_attrs),
    OP(LOG, "Log", C(PER_OUT), 1, W(NONE), S(SAME), K(ELEMENTWISE), 0, no_attrs),
    OP(SQRT, "Sqrt", C(PER_OUT), 1, W(NONE), S(SAME), K(ELEMENTWISE), 0, no_attrs),
    OP(RECIPROCAL, "Reciprocal", C(PER_OUT), 1, W(NONE), S(SAME), K(ELEMENTWISE), 0, no_attrs),
    OP(NEG, "Neg", C(PER_OUT), 1, W(NONE), S(SAME), K(ELEMENTWISE), 0, no_attrs),
    OP(ABS, "Abs", C(PER_OUT), 1, W(NONE), S(SAME), K(ELEMENTWISE), 0, no_attrs),
    OP(FLOOR, "Floor", C(PER_OUT), 1, W(NONE), S(SAME), NOCLASS, 0, no_attrs),
    OP(CEIL, "Ceil", C(PER_OUT), 1, W(NONE), S(SAME), NOCLASS, 0, no_attrs),
    OP(ROUND, "Round", C(PER_OUT), 1, W(NONE), S(SAME), NOCLASS, 0, no_attrs),
    OP(SIGN, "Sign", C(PER_OUT), 1, W(NONE), S(SAME), NOCLASS, 0, no_attrs),
    OP(NOT, "Not", C(PER_OUT), 1, W(NONE), S(SAME), K(ELEMENTWISE), F(BOOL_OUT), no_attrs),
    OP(CAST, "Cast", C(PER_OUT), 1, W(NONE), S(SAME), K(ELEMENTWISE), 0, cast_attrs),
    OP(IDENTITY, "Identity", C(PER_OUT), 0, W(NONE), S(SAME), NOCLASS, F(VIEW), no_attrs),
    OP(DROPOUT, "Dropout", C(PER_OUT), 0, W(NONE), S(SAME), NOCLASS, F(VIEW), no_attrs),
    OP(ADD, "Add", C(PER_OUT), 1, W(NONE), S(BROADCAST), K(ELEMENTWISE), F(PER_CHANNEL), no_attrs),
    OP(SUB, "Sub", C(PER_OUT), 1, W(NONE), S(BROADCAST), K(ELEMENTWISE), F(PER_CHANNEL), no_attrs),
    OP(MUL, "Mul", C(PER_OUT), 1, W(NONE), S(BROADCAST), K(ELEMENTWISE), F(PER_CHANNEL), no_attrs),
    OP(DIV, "Div", C(PER_OUT), 1, W(NONE), S(BROADCAST), K(ELEMENTWISE), F(PER_CHANNEL), no_attrs),
    OP(POW, "Pow", C(PER_OUT), 1, W(NONE), S(BROADCAST), K(ELEMENTWISE), 0, no_attrs),
    OP(MAX, "Max", C(PER_OUT), 1, W(NONE), S(BROADCAST), K(ELEMENTWISE), 0, no_attrs),
    OP(MIN, "Min", C(PER_OUT), 1, W(NONE), S(BROADCAST), K(ELEMENTWISE), 0, no_attrs),
    OP(SUM, "Sum", C(PER_OUT), 1, W(NONE), S(BROADCAST), K(ELEMENTWISE), 0, no_attrs),
    OP(MEAN, "Mean", C(PER_OUT), 1, W(NONE), S(BROADCAST), K(ELEMENTWISE), 0, no_attrs),
    OP(EQUAL, "Equal", C(PER_OUT), 1, W(NONE), S(BROADCAST), K(ELEMENTWISE), F(BOOL_OUT),
       no_attrs),
    OP(LESS, "Less", C(PER_OUT), 1, W(NONE), S(BROADCAST), K(ELEMENTWISE), F(BOOL_OUT), no_attrs),
    OP(GREATER, "Greater", C(PER_OUT), 1, W(NONE), S(BROADCAST), K(ELEMENTWISE), F(BOOL_OUT),
       no_attrs),
    OP(LESS_OR_EQUAL, "LessOrEqual", C(PER_OUT), 1, W(NONE), S(BROADCAST), NOCLASS, F(BOOL_OUT),
       no_attrs),
    OP(GREATER_OR_EQUAL, "GreaterOrEqual", C(PER_OUT), 1, W(NONE), S(BROADCAST), NOCLASS,
       F(BOOL_OUT), no_attrs),
    OP(AND, "And", C(PER_OUT), 1, W(NONE), S(BROADCAST), NOCLASS, F(BOOL_OUT), no_attrs),
    OP(OR, "Or", C(PER_OUT), 1, W(NONE), S(BROADCAST), NOCLASS, F(BOOL_OUT), no_attrs),
    OP(WHERE, "Where", C(PER_OUT), 1, W(NONE), S(BROADCAST), K(ELEMENTWISE), 0, no_attrs),
    OP(MOD, "Mod", C(PER_OUT), 1, W(NONE), S(BROADCAST), NOCLASS, 0, no_attrs),
    OP(CONCAT, "Concat", C(PER_OUT), 0, W(NONE), S(OWN), K(DATA), 0, axis_attrs),
    OP(RESHAPE, "Reshape", C(PER_OUT), 0, W(NONE), S(OWN), NOCLASS, F(VIEW), reshape_attrs),
    OP(FLATTEN, "Flatten", C(PER_OUT), 0, W(NONE), S(OWN), NOCLASS, F(VIEW), axis_attrs),
    OP(TRANSPOSE, "Transpose", C(PER_OUT), 0, W(NONE), S(OWN), K(DATA), 0, perm_attrs),
    OP(SOFTMAX, "Softmax", C(PER_OUT), 5, W(NONE), S(SAME), K(ELEMENTWISE), 0, axis_attrs),
    OP(LOG_SOFTMAX, "LogSoftmax", C(PER_OUT), 1, W(NONE), S(SAME), K(ELEMENTWISE), 0, axis_attrs),
    OP(RESIZE, "Resize", C(PER_OUT), 4, W(NONE), S(OWN), K(DATA), F(CONFIG_INPUTS), resize_attrs),
    OP(UPSAMPLE, "Upsample", C(PER_OUT), 4, W(NONE), S(OWN), K(DATA), F(CONFIG_INPUTS),
       mode_attrs),
    OP(PAD, "Pad", C(PER_OUT), 0, W(NONE), S(OWN), K(DATA), F(CONFIG_INPUTS), mode_attrs),
    OP(SPLIT, "Split", C(PER_OUT), 0, W(NONE), S(OWN), K(DATA), 0, split_attrs),
    OP(SLICE, "Slice", C(PER_OUT), 0, W(NONE), S(OWN), K(DATA), 0, no_attrs),
    OP(GATHER, "Gather", C(PER_OUT), 0, W(NONE), S(OWN), K(DATA), 0, axis_attrs),
    OP(REDUCE_MEAN, "ReduceMean", C(PER_IN), 0, W(NONE), S(OWN), K(POOL), 0, reduce_attrs),
    OP(REDUCE_SUM, "ReduceSum", C(PER_OUT), 1, W(NONE), S(OWN), K(ELEMENTWISE), 0, reduce_attrs),
    OP(REDUCE_MAX, "ReduceMax", C(PER_OUT), 1, W(NONE), S(OWN), K(ELEMENTWISE), 0, reduce_attrs),
    OP(REDUCE_MIN, "ReduceMin", C(PER_OUT), 1, W(NONE), S(OWN), NOCLASS, 0, reduce_attrs),
    OP(REDUCE_PROD, "ReduceProd", C(PER_OUT), 1, W(NONE), S(OWN), NOCLASS, 0, reduce_attrs),
    OP(REDUCE_L2, "ReduceL2", C(PER_OUT), 1, W(NONE), S(OWN), NOCLASS, 0, reduce_attrs),
    OP(SQUEEZE, "Squeeze", C(PER_OUT), 0, W(NONE), S(OWN), NOCLASS, F(VIEW), axes_attrs),
    OP(UNSQUEEZE, "Unsqueeze", C(PER_OUT), 0, W(NONE), S(OWN), NOCLASS, F(VIEW), axes_attrs),
    OP(EXPAND, "Expand", C(PER_OUT), 1, W(NONE), S(OWN), K(DATA), 0, no_attrs),
    OP(TILE, "Tile", C(PER_OUT), 1, W(NONE), S(OWN), K(DATA), 0, no_attrs),
    OP(SHAPE, "Shape", C(PER_OUT), 0, W(NONE), S(OWN), NOCLASS, 0, shape_attrs),
    OP(SIZE, "Size", C(PER_OUT), 1, W(NONE), S(OWN), NOCLASS, 0, no_attrs),
    OP(CONSTANT, "Constant", C(PER_OUT), 1, W(NONE), S(OWN), NOCLASS, 0, no_attrs),
    OP(CONSTANT_OF_SHAPE, "ConstantOfShape", C(PER_OUT), 1, W(NONE), S(OWN), NOCLASS, 0, no_attrs),
    OP(RANGE, "Range", C(PER_OUT), 1, W(NONE), S(OWN), NOCLASS, 0, no_attrs),
    OP(DEPTH_TO_SPACE, "DepthToSpace", C(PER_OUT), 1, W(NONE), S(OWN), K(DATA), 0, d2s_attrs),
    OP(SPACE_TO_DEPTH, "SpaceToDepth", C(PER_OUT), 1, W(NONE), S(OWN), K(DATA), 0, s2d_attrs),
    OP(ARG_MAX, "ArgMax", C(PER_OUT), 1, W(NONE), S(OWN), NOCLASS, 0, arg_attrs),
    OP(ARG_MIN, "ArgMin", C(PER_OUT), 1, W(NONE), S(OWN), NOCLASS, 0, arg_attrs),
    OP(LRN, "LRN", C(PER_OUT), 1, W(NONE), S(SAME), NOCLASS, 0, no_attrs),
    OP(TOP_K, "TopK", C(PER_OUT), 1, W(NONE), S(OWN), NOCLASS, 0, topk_attrs),
};

const hs_op_info *hs_op_info_of(hs_op_type t)
{
    return &table[t > HS_OP_OTHER && t < HS_OP_COUNT ? t : HS_OP_OTHER];
}

hs_op_type hs_op_type_of(const char *name)
{
    if (!name || !name[0])
        return HS_OP_OTHER;
    for (int t = HS_OP_OTHER + 1; t < HS_OP_COUNT; t++)
        if (strcmp(table[t].name, name) == 0)
            return (hs_op_type)t;
    return HS_OP_OTHER;
}

const char *hs_op_type_name(hs_op_type t)
{
    return hs_op_info_of(t)->name;
}

int hs_op_type_same(hs_op_type a, const char *a_name, hs_op_type b, const char *b_name)
{
    if (a != b)
        return 0;
    /* unknown types have no entry: their names are all that tells them apart */
    return a != HS_OP_OTHER || (a_name && b_name && strcmp(a_name, b_name) == 0);
}

int hs_op_type_has(hs_op_type t, unsigned flags)
{
    return (hs_op_info_of(t)->flags & flags) == flags;
}

const hs_op_attr_spec *hs_op_attr_spec_of(hs_op_type t, const char *name)
{
    for (const hs_op_attr_spec *s = hs_op_info_of(t)->attrs; s->name; s++)
        if (strcmp(s->name, name) == 0)
            return s;
    return NULL;
}
