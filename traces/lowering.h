/* hs_lower: rewrite a model graph into the ops a mobile runtime actually
 * executes, as that runtime's converter/optimiser does it before running
 * (sources: the rule table in traces/lowering.c, docs/models.md "Lowering").
 * The rules, each applied only for the runtimes whose converter or graph
 * optimiser is cited for it:
 *  - identity: Identity / Dropout / an all-zero constant Pad bypassed (their
 *    readers read their input);
 *  - pad-fold: a zero constant Pad on H/W only, read by one Conv, into the
 *    Conv's pads (the Pad's amounts: attribute "paddings", ONNX order);
 *  - bn-fold: BatchNormalization read from a Conv/ConvTranspose/Gemm output
 *    that nothing else reads, folded into its weights and bias;
 *  - bn-muladd: any other BatchNormalization becomes Mul + Add (per channel);
 *  - hardswish: Mul(x, HardSigmoid(x; alpha 1/6, beta 1/2)) becomes one
 *    HardSwish; hardsigmoid: any other HardSigmoid(1/6, 1/2) becomes Add
 *    (Relu6 fused) + Mul, as Keras writes hard_sigmoid;
 *  - act-fuse: an activation (runtime's set) read from a producer (runtime's
 *    set) output that nothing else reads is fused into the producer, which
 *    gets the attribute "activation" (the ONNX type, e.g. "Relu"; for Clip
 *    also "activation_min"/"activation_max", for LeakyRelu/HardSigmoid
 *    "activation_alpha", for HardSigmoid "activation_beta").
 *  - gpu-link (tflite): an elementwise op that alone reads its producer's
 *    output as input 0 gets "gpu_linked_into": PRODUCER (kept as an op: the
 *    GPU delegate runs it inside the producer's kernel, a CPU does not).
 * Every op that disappears is absorbed by exactly one survivor through one
 * helper (absorb() in lowering.c), so that per-op bookkeeping (names an op
 * covers) moves in one place. FLOPs: a folded BN adds none (its scale and
 * shift go into weights and bias, a bias of Cout weights when the producer
 * had none); a fused activation adds none either (it runs in the producer's
 * epilogue; the profiles' fitted conv rates hold its time).
 * Ownership: hs_graph_lower returns a new finalized graph (the input is not
 * changed) that the caller frees; NULL with err set on failure. */
#ifndef HS_LOWERING_H
#define HS_LOWERING_H

#include <stddef.h>

#include "base/error.h"
#include "traces/graph.h"

typedef enum hs_runtime {
    HS_RT_NONE = 0, /* no lowering: the graph as the file gives it */
    HS_RT_TFLITE,   /* TFLite converter (MLIR) + GPU delegate */
    HS_RT_MACE,     /* MACE converter (transformer.py) */
    HS_RT_ORT,      /* ONNX Runtime graph optimisations, CPU EP, extended level */
    HS_RT_COUNT
} hs_runtime;
extern const char *const hs_runtime_names[]; /* "none", "tflite", "mace", "ort", NULL */

typedef enum hs_lower_rule {
    HS_LR_IDENTITY = 0,
    HS_LR_PAD_FOLD,
    HS_LR_BN_FOLD,
    HS_LR_BN_MULADD,
    HS_LR_HARDSWISH,
    HS_LR_HARDSIGMOID,
    HS_LR_ACT_FUSE,
    HS_LR_GPU_LINK,
    HS_LR_COUNT
} hs_lower_rule;

typedef struct hs_lower_rule_info {
    const char *name;                /* "bn-fold", ... */
    const char *what;                /* one line */
    const char *source[HS_RT_COUNT]; /* per runtime: the cited source; NULL: not applied */
} hs_lower_rule_info;
const hs_lower_rule_info *hs_lower_rule_info_of(hs_lower_rule r);

typedef struct hs_lower_stats {
    int ops_before, ops_after;
    int n[HS_LR_COUNT]; /* how many times each rule fired */
} hs_lower_stats;

/* The graph lowered for runtime rt (HS_RT_NONE: an identical copy). `st`
 * may be NULL. */
hs_graph *hs_graph_lower(const hs_graph *g, hs_runtime rt, hs_lower_stats *st, hs_error *err);

/* "62 BatchNormalization -> Mul+Add, ..." into buf: what the stats say. */
void hs_lower_stats_text(const hs_lower_stats *st, char *buf, size_t n);

#endif
