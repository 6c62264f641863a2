/* hs_import_match_graph: attribute the rows of an imported runtime profile
 * (traces/importers.h) to the ops of a model graph without a hand-written
 * map, the way the runtime named and fused them.
 *
 * A row's name is resolved, in this order: the op's own name; one of the
 * op's aliases (its ONNX node name or an output tensor name, written by
 * `hetsim import onnx`); the name less a layout suffix ("_nchwc": ONNX
 * Runtime's NCHWc kernels are named after the output tensor they produce);
 * and, for a name joining several with ';' (TFLite's fused ops), each part.
 * A row that covers several graph ops is a fusion:
 *  - back: when the row's type (less a "Fused" prefix: FusedConv -> Conv)
 *    is a linear layer (Conv, Gemm, ...) and the op its name resolves to is
 *    not, the walk goes from that op back along first inputs through ops
 *    that are not linear layers (Relu, HardSigmoid, Add, ...) to the op of
 *    the row's type; that op takes the row's samples and the ops on the way
 *    are covered by it;
 *  - forward: a per-channel op no row names, with an input from an op a
 *    linear-layer row covers that no op with a row of its own reads, is
 *    covered by that row too (repeated: Conv -> Add -> Relu; Conv ->
 *    HardSigmoid, Mul);
 *  - several rows resolving to one op are added sample by sample;
 *  - a row of a node `hetsim import onnx` folds away (Identity, Constant,
 *    Shape: ONNX Runtime without optimisations runs them) is added to the op
 *    of the next matched row (the previous one at the end).
 * The op that takes a row's samples keeps them under its graph name; each
 * op a row covers besides gets a row of zeros (as many samples), so the
 * simulator replays the fused kernel once. Rows that resolve to no op keep
 * their names (hs_import_check_graph reports them). The summary says how
 * many rows were matched and attributed in each way. */
#ifndef HS_IMPORT_MATCH_H
#define HS_IMPORT_MATCH_H

#include <stddef.h>

#include "base/error.h"
#include "traces/graph.h"
#include "traces/trace.h"

typedef struct hs_match_summary {
    int rows;          /* rows of the trace before matching */
    int by_name;       /* rows named like a graph op */
    int by_alias;      /* rows named like an alias of one */
    int by_suffix;     /* rows named like an alias plus a layout suffix (_nchwc) */
    int by_parts;      /* rows naming several ops ("a;b") */
    int merged;        /* rows added into another row's op */
    int fused_back;    /* ops covered by walking back to the op of the row's type */
    int fused_forward; /* per-channel ops absorbed forward into a linear-layer row */
    int folded;        /* rows of nodes `import onnx` folds away (Identity of a weight,
                          Constant, Shape): added to the op of the next matched row */
    int unmatched;     /* rows that resolve to no op */
} hs_match_summary;

/* 0, or -1 with err (rows resolving to one op with different sample counts;
 * out of memory); the trace is unchanged on error. */
int hs_import_match_graph(hs_trace *t, const hs_graph *g, hs_match_summary *s, hs_error *err);

/* The summary as one line ("48 rows: 20 by alias, ..."). */
void hs_match_summary_text(const hs_match_summary *s, char *buf, size_t n);

#endif
