/* hs_op_type: what the project knows about each ONNX operator type, in one
 * table (traces/op.c), so that no other file compares op-type strings.
 * Per type: its ONNX name; the rule its FLOPs and its parameters follow
 * (evaluated by hs_op_costs, traces/op_cost.h); the output-shape rule of the
 * ONNX importer (traces/onnx_import.c); the latency-model class
 * (sim/latency.c hs_op_class_of refines Conv by its kernel and groups); the
 * attributes the project reads, with the kind of value each must have; and
 * flags (view, per-channel, linear layer, ...). The support tables of the
 * device profiles (devices/support.c) name op types by their ONNX name and
 * match through hs_op_type_of.
 * A type the table does not know is HS_OP_OTHER: it loads and simulates as
 * before (one FLOP per output element, no class, no flags); only its name,
 * kept by the graph, tells it apart. The table is a registry: constant data,
 * nothing to free. */
#ifndef HS_OP_H
#define HS_OP_H

typedef enum hs_op_type {
    HS_OP_OTHER = 0, /* not in the table: a user model's own op */
    HS_OP_CONV, HS_OP_CONV_TRANSPOSE, HS_OP_GEMM, HS_OP_MATMUL,
    HS_OP_MAX_POOL, HS_OP_AVERAGE_POOL, HS_OP_LP_POOL, HS_OP_GLOBAL_AVERAGE_POOL,
    HS_OP_GLOBAL_MAX_POOL, HS_OP_BATCH_NORMALIZATION, HS_OP_INSTANCE_NORMALIZATION,
    HS_OP_LAYER_NORMALIZATION, HS_OP_RELU, HS_OP_LEAKY_RELU, HS_OP_PRELU, HS_OP_ELU,
    HS_OP_SELU, HS_OP_SIGMOID, HS_OP_HARD_SIGMOID, HS_OP_HARD_SWISH, HS_OP_TANH,
    HS_OP_SOFTPLUS, HS_OP_SOFTSIGN, HS_OP_ERF, HS_OP_GELU, HS_OP_CLIP, HS_OP_EXP, HS_OP_LOG,
    HS_OP_SQRT, HS_OP_RECIPROCAL, HS_OP_NEG, HS_OP_ABS, HS_OP_FLOOR, HS_OP_CEIL, HS_OP_ROUND,
    HS_OP_SIGN, HS_OP_NOT, HS_OP_CAST, HS_OP_IDENTITY, HS_OP_DROPOUT, HS_OP_ADD, HS_OP_SUB,
    HS_OP_MUL, HS_OP_DIV, HS_OP_POW, HS_OP_MAX, HS_OP_MIN, HS_OP_SUM, HS_OP_MEAN, HS_OP_EQUAL,
    HS_OP_LESS, HS_OP_GREATER, HS_OP_LESS_OR_EQUAL, HS_OP_GREATER_OR_EQUAL, HS_OP_AND,
    HS_OP_OR, HS_OP_WHERE, HS_OP_MOD, HS_OP_CONCAT, HS_OP_RESHAPE, HS_OP_FLATTEN,
    HS_OP_TRANSPOSE, HS_OP_SOFTMAX, HS_OP_LOG_SOFTMAX, HS_OP_RESIZE, HS_OP_UPSAMPLE, HS_OP_PAD,
    HS_OP_SPLIT, HS_OP_SLICE, HS_OP_GATHER, HS_OP_REDUCE_MEAN, HS_OP_REDUCE_SUM,
    HS_OP_REDUCE_MAX, HS_OP_REDUCE_MIN, HS_OP_REDUCE_PROD, HS_OP_REDUCE_L2, HS_OP_SQUEEZE,
    HS_OP_UNSQUEEZE, HS_OP_EXPAND, HS_OP_TILE, HS_OP_SHAPE, HS_OP_SIZE, HS_OP_CONSTANT,
    HS_OP_CONSTANT_OF_SHAPE, HS_OP_RANGE, HS_OP_DEPTH_TO_SPACE, HS_OP_SPACE_TO_DEPTH,
    HS_OP_ARG_MAX, HS_OP_ARG_MIN, HS_OP_LRN, HS_OP_TOP_K,
    HS_OP_COUNT
} hs_op_type;

/* Op classes of the fitted per-op latency model ("op_models" of a device
 * profile, devices/profile.h). */
typedef enum {
    HS_OPC_CONV1X1 = 0, /* Conv with a 1x1 kernel, group 1 */
    HS_OPC_CONV,        /* Conv kxk (k > 1), ConvTranspose */
    HS_OPC_DWCONV,      /* depthwise Conv (group > 1, one input channel per group) */
    HS_OPC_GEMM,        /* Gemm, MatMul */
    HS_OPC_POOL,        /* MaxPool, AveragePool, GlobalAveragePool, ReduceMean */
    HS_OPC_ELEMENTWISE, /* Add/Mul/..., other activations, normalizations, Softmax */
    HS_OPC_DATA,        /* Concat, Split, Slice, Pad, Transpose, Resize */
    HS_OPC_ACTIVATION,  /* Relu, Clip: clamps that runtimes fuse into the producing kernel */
    HS_OPC_GCONV,       /* grouped Conv, not depthwise (ResNeXt, RegNet): a profile without
                           this class times it as conv1x1 / conv by its kernel */
    HS_OPC_COUNT
} hs_op_class;
extern const char *const hs_op_class_names[]; /* NULL-terminated: "conv1x1", "conv", ... */

/* FLOPs rule (2 FLOPs per multiply-add; traces/op_cost.h). */
typedef enum {
    HS_COST_PER_OUT = 0, /* flops_per_out FLOPs per output element (0: moves data only) */
    HS_COST_CONV,        /* 2 * out * (Cin / group) * kernel */
    HS_COST_CONV_T,      /* 2 * in * (Cout / group) * kernel */
    HS_COST_GEMM,        /* 2 * out * K */
    HS_COST_WINDOW,      /* out * kernel */
    HS_COST_PER_IN       /* one FLOP per input element (global pools, reductions) */
} hs_op_cost_rule;

/* Parameters rule, for graphs that do not state weight_elems. */
typedef enum {
    HS_WEIGHTS_NONE = 0,
    HS_WEIGHTS_CONV,        /* Cout * (Cin / group) * kernel + Cout */
    HS_WEIGHTS_CONV_T,      /* Cin * (Cout / group) * kernel + Cout */
    HS_WEIGHTS_MATMUL,      /* K * N when one operand is a weight (one activation input) */
    HS_WEIGHTS_GEMM,        /* K * N + N (bias) when one operand is a weight */
    HS_WEIGHTS_BATCHNORM,   /* 4 * C (scale, shift, mean, variance) */
    HS_WEIGHTS_CHANNEL_2,   /* 2 * C (scale, shift per channel) */
    HS_WEIGHTS_LAST_AXIS_2  /* 2 * the last dimension (scale, shift) */
} hs_op_weights_rule;

/* Output-shape rule of the ONNX importer. */
typedef enum {
    HS_SHAPE_NONE = 0,  /* none: the importer needs the file's value_info */
    HS_SHAPE_SAME,      /* every output has the first input's shape */
    HS_SHAPE_BROADCAST, /* numpy broadcasting of the inputs */
    HS_SHAPE_OWN        /* a rule of the op's own (onnx_import.c infer_node) */
} hs_op_shape_rule;

/* Flags. */
enum {
    HS_OPF_VIEW = 1u << 0,        /* only reinterprets memory (Reshape, Flatten, ...): no
                                     data moved, no time */
    HS_OPF_PER_CHANNEL = 1u << 1, /* works per element or per channel: a channel split of
                                     its input stays local (sim/taskgraph.c) */
    HS_OPF_LINEAR = 1u << 2,      /* a layer whose weights choose its output channels (Conv,
                                     ConvTranspose, Gemm, MatMul): pruned, co-executed */
    HS_OPF_SPATIAL = 1u << 3,     /* kernel_shape/strides/pads/dilations (convs, pools) */
    HS_OPF_BOOL_OUT = 1u << 4,    /* its (first) output is boolean */
    HS_OPF_CONFIG_INPUTS = 1u << 5 /* inputs from the second on configure the op (scales,
                                      bounds, pads): not weights */
};

/* Kind of value an attribute must have (see traces/attrs.h). */
typedef enum {
    HS_AK_INT = 0, /* an integer */
    HS_AK_FLOAT,   /* a number */
    HS_AK_STRING,  /* a string */
    HS_AK_INTS,    /* an array of integers */
    HS_AK_FLOATS   /* an array of numbers */
} hs_attr_kind;

typedef struct hs_op_attr_spec {
    const char *name;
    hs_attr_kind kind;
} hs_op_attr_spec;

typedef struct hs_op_info {
    const char *name;             /* ONNX op type; "" for HS_OP_OTHER */
    hs_op_cost_rule cost;
    double flops_per_out;         /* HS_COST_PER_OUT */
    hs_op_weights_rule weights;
    hs_op_shape_rule shape;
    int op_class;                 /* hs_op_class (Conv: refined by hs_op_class_of), -1: none */
    unsigned flags;               /* HS_OPF_* */
    const hs_op_attr_spec *attrs; /* attributes the project reads, {NULL} ended */
} hs_op_info;

/* The entry of a type (HS_OP_OTHER for anything out of range). */
const hs_op_info *hs_op_info_of(hs_op_type t);
/* The type of an ONNX op name (case-sensitive); HS_OP_OTHER when unknown. */
hs_op_type hs_op_type_of(const char *name);
/* The ONNX name of a type; "" for HS_OP_OTHER. */
const char *hs_op_type_name(hs_op_type t);
/* 1 when two op types are the same: the same table entry, and for types the
 * table does not know (HS_OP_OTHER) the same name. */
int hs_op_type_same(hs_op_type a, const char *a_name, hs_op_type b, const char *b_name);
/* 1 when type t has every flag of `flags`. */
int hs_op_type_has(hs_op_type t, unsigned flags);
/* The spec of attribute `name` of type t, or NULL when the project does not
 * read it (then any value is kept as it is). */
const hs_op_attr_spec *hs_op_attr_spec_of(hs_op_type t, const char *name);

#endif
