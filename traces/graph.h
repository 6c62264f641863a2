/* hs_graph: a model as a DAG of operators (ONNX operator names).
 * Tensors connect operators: an op lists the tensors it reads and the tensors
 * it writes (with their shapes); weights are implicit, counted in
 * weight_elems. Build a graph with hs_graph_new / add_input / add_op /
 * add_output, then hs_graph_finalize(), which resolves edges, rejects
 * dangling edges, duplicate names and cycles, fills FLOPs and weights that
 * were not given (hs_op_costs, traces/op_cost.h), and computes a topological
 * order. Each op keeps its type's entry of the op table (traces/op.h) beside
 * the type name, and every attribute its file gives (traces/attrs.h). The
 * graph owns all of its strings and arrays; free it with hs_graph_free(). */
#ifndef HS_GRAPH_H
#define HS_GRAPH_H

#include <stdint.h>

#include "base/dtype.h"
#include "base/error.h"
#include "base/strmap.h"
#include "traces/attrs.h"
#include "traces/op.h"

#define HS_MAX_RANK 8
#define HS_FLOPS_MAX 1e18 /* the most FLOPs of one op any reader accepts */

typedef struct hs_tensor {
    char *name;
    int rank;
    int64_t shape[HS_MAX_RANK];
    int64_t elems;
    int producer;     /* op index, or -1 for a graph input */
    int n_consumers;
    int *consumers;   /* op indices reading this tensor */
} hs_tensor;

typedef struct hs_op_attrs {
    int kernel_h, kernel_w;
    int stride_h, stride_w;
    int dilation_h, dilation_w;
    int pads[4]; /* top, left, bottom, right */
    int group;
} hs_op_attrs;

typedef struct hs_op {
    char *name;
    char *type;          /* ONNX op type, e.g. "Conv" (kept as given, also when unknown) */
    hs_op_type type_id;  /* its op-table entry; HS_OP_OTHER for a type the table lacks */
    int n_in, n_out;
    int *in, *out; /* tensor indices */
    hs_op_attrs attrs;   /* the spatial attributes, parsed */
    hs_attrs attr_list;  /* every attribute the model file gives, in file order */
    double flops;         /* floating point operations (2 per MAC) */
    int64_t weight_elems; /* parameters read by the op */
    int64_t in_elems, out_elems;
    int flops_given, weights_given;
    char **in_names; /* until finalize: names of the tensors read */
    /* Other names a runtime's profile may call this op by (the ONNX node
     * name, its output tensors' names, ops fused into it), owned; a runtime
     * profile is matched on them (traces/import_match.h). */
    int n_aliases;
    char **aliases;
} hs_op;

/* Accuracy the model's authors declare, for the accuracy proxy of frontend
 * transforms: the metric at fp32, at int8, and after channel pruning. */
#define HS_MAX_PRUNE_POINTS 8
typedef struct hs_accuracy {
    int known;              /* 0: the model declares nothing */
    char metric[32];        /* e.g. "top-1 %" */
    double fp32, int8;      /* int8 < 0: not declared */
    int n_pruned;
    double prune_ratio[HS_MAX_PRUNE_POINTS], prune_value[HS_MAX_PRUNE_POINTS]; /* ascending */
} hs_accuracy;

typedef struct hs_graph {
    char *name;
    char *description;
    char *source;
    hs_dtype dtype; /* dtype the model is stored in (fp32, or int8 when quantized) */
    int n_tensors, cap_tensors;
    hs_tensor *tensors;
    int n_ops, cap_ops;
    hs_op *ops;
    int n_inputs, n_outputs;
    int *inputs, *outputs; /* tensor indices */
    int *topo;             /* op indices in topological order (after finalize) */
    double total_flops;
    hs_accuracy accuracy;
    hs_strmap tensor_ix, op_ix; /* name -> index (internal: kept by the add functions) */
} hs_graph;

hs_graph *hs_graph_new(const char *name);
void hs_graph_free(hs_graph *g);

/* Declare a graph input tensor. Returns its tensor index or -1. */
int hs_graph_add_input(hs_graph *g, const char *name, int rank, const int64_t *shape, hs_error *err);
/* Add an op reading `in` (tensor names, resolved at finalize) and producing
 * `out_names` with the given shapes. Returns the op index or -1. */
int hs_graph_add_op(hs_graph *g, const char *name, const char *type, int n_in,
                    const char *const *in, int n_out, const char *const *out_names,
                    const int *out_rank, const int64_t (*out_shape)[HS_MAX_RANK],
                    const hs_op_attrs *attrs, hs_error *err);
/* Mark a tensor (by name, resolved at finalize) as a graph output. */
int hs_graph_add_output(hs_graph *g, const char *name, hs_error *err);
/* Resolve, validate and order. Messages name the op and tensor at fault. */
int hs_graph_finalize(hs_graph *g, hs_error *err);

int hs_graph_find_op(const hs_graph *g, const char *name);
/* The op named `name`, else the first op (in graph order) with `name` among
 * its aliases, else -1. */
int hs_graph_find_alias(const hs_graph *g, const char *name);
/* Add `alias` to op's aliases (a copy; a name it already has, or its own
 * name, is not added twice). 0, or -1 with err (out of memory). */
int hs_op_add_alias(hs_op *op, const char *alias, hs_error *err);
/* When an op is fused into another (`absorbed` into `survivor`, in another
 * graph or the same): the survivor takes copies of the absorbed op's name and
 * aliases as aliases of its own, once each, so a profile naming either still
 * finds the fused op (traces/lowering.c). 0, or -1 with err (out of memory). */
int hs_op_take_aliases(hs_op *survivor, const hs_op *absorbed, hs_error *err);
int hs_graph_find_tensor(const hs_graph *g, const char *name);
/* Default attributes: 1x1 kernel, stride 1, dilation 1, no pads, group 1. */
hs_op_attrs hs_op_attrs_default(void);
/* True for ops that only reinterpret memory (Reshape, Flatten, ...): no data moved. */
int hs_op_is_view(const hs_op *op);

/* Channel pruning (a frontend transform): keep (1 - ratio) of the channels
 * of every inner feature map (rank-4 NCHW and rank-2 feature tensors that
 * are neither graph inputs nor outputs); FLOPs and weights follow the new
 * shapes (stated figures are rescaled by the same factor). ratio in [0, 1). */
int hs_graph_prune_channels(hs_graph *g, double ratio, hs_error *err);

/* JSON ("hetsim-model", documented in docs/formats.md). */
hs_graph *hs_graph_load_file(const char *path, hs_error *err);
struct cJSON;
hs_graph *hs_graph_from_json(const struct cJSON *root, const char *file, hs_error *err);

#endif
