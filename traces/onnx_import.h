/* hs_onnx: convert an ONNX model (.onnx, protobuf) into a "hetsim-model"
 * JSON graph: the project's one ONNX converter (scripts/zoo/make_zoo.py and
 * scripts/zoo/onnx_to_hetsim.py run it as `hetsim import onnx`; docs/models.md):
 *  - ops keep their ONNX op type; every op output gets a static shape, from
 *    the file's value_info when present, else from the importer's own shape
 *    inference (CNN and transformer op sets);
 *  - static values (initializers, Constant outputs, Shape of a tensor of
 *    known shape, and every node whose inputs are all static) are folded
 *    away, Identity nodes are bypassed; an op lists activation tensors only;
 *    its floating-point static inputs of more than one element are weights,
 *    counted into weight_elems (not the configuration inputs of
 *    Resize/Upsample, Clip and Pad);
 *  - flops by hs_op_costs (traces/op_cost.h), the rules graphs use for ops
 *    that state none (2 FLOPs per multiply-add);
 *  - with opts->runtime set, the graph is then lowered as that runtime does
 *    (traces/lowering.h: BN folded or split, activations fused, ...); Clip
 *    bounds and Pad pads given as static inputs become attributes then;
 *  - each op lists, under "aliases", its ONNX node name and the ONNX names
 *    of its output tensors where they differ from its own name: runtime
 *    profiles (ONNX Runtime, TFLite) name ops that way (traces/import_match.h);
 *  - op types without a shape rule in the op table (traces/op.h) are kept,
 *    with a warning naming them; their output shapes must then come from
 *    value_info (else an error naming the node).
 * Built only when configure found protobuf-c and onnx.proto (HAVE_PROTOBUF).
 * Errors: functions return NULL and fill an hs_error naming the file and
 * the node at fault. Ownership: returned text and graphs belong to the
 * caller (free() / hs_graph_free()). */
#ifndef HS_ONNX_IMPORT_H
#define HS_ONNX_IMPORT_H

#include <stddef.h>
#include <stdio.h>

#include "base/error.h"
#include "traces/graph.h"
#include "traces/lowering.h"

typedef struct hs_onnx_opts {
    const char *name;        /* model name; NULL: the file name without ".onnx" */
    const char *description; /* NULL: "imported from FILE; input ...; GFLOPs; params" */
    const char *source;      /* NULL: no "source" key */
    const char *generator;   /* NULL: no "generator" key */
    int infer_shapes;        /* 1: ignore the file's value_info, infer every shape */
    FILE *warn;              /* where warnings go; NULL: stderr */
    int runtime;             /* hs_runtime (traces/lowering.h): lower the graph as that
                                runtime does; 0 (HS_RT_NONE): the ONNX ops as they are */
    hs_lower_stats *lowered; /* NULL, or filled with what the lowering did */
} hs_onnx_opts;

/* Read and convert an ONNX file. Returns the hetsim-model JSON text
 * (NUL-terminated, malloc'd) or NULL with err set ("FILE: ..."). */
char *hs_onnx_to_json(const char *path, const hs_onnx_opts *opts, hs_error *err);
/* The same for a model already in memory; `file` names it in messages. */
char *hs_onnx_to_json_mem(const void *data, size_t len, const char *file,
                          const hs_onnx_opts *opts, hs_error *err);
/* Convert and load the result as a finalized graph. */
hs_graph *hs_onnx_import(const char *path, const hs_onnx_opts *opts, hs_error *err);

/* What hs_onnx_import_file wrote. */
typedef struct hs_onnx_summary {
    char name[256];
    int n_ops;
    double flops, params;
} hs_onnx_summary;
/* Convert `path` and write the hetsim-model JSON to `out_path` atomically
 * ("-": stdout), never a file the graph loader would reject
 * (onnx_import_file.c). 0 and *sum (may be NULL), or -1 with err: an input
 * error for the model, a runtime error for the output. */
int hs_onnx_import_file(const char *path, const hs_onnx_opts *opts, const char *out_path,
                        hs_onnx_summary *sum, hs_error *err);

#endif
