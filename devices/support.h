/* Operator support: whether a processor can run an op, and in which dtype.
 * Delegates refuse what they cannot run, and the simulator (not the policy)
 * sends such ops back to the host CPU. */
#ifndef HS_SUPPORT_H
#define HS_SUPPORT_H

#include <stddef.h>

#include "traces/graph.h"
#include "devices/profile.h"

/* The dtype processor `p` runs an op of a model stored as `model_dtype`:
 * an fp32 model runs as fp32 or fp16 (relaxed precision), an int8 model
 * preferably as int8. Returns -1 when the processor cannot run the model's
 * precision at all (e.g. an int8-only DSP and an fp32 model). */
int hs_exec_dtype(const hs_processor *p, hs_dtype model_dtype, hs_dtype *out);

/* 1 when `p` supports `op` of graph `g` in dtype `dt`; otherwise 0 and, when
 * `why` is given, a short reason ("LayerNormalization not in the GPU support
 * table", "kernel 11 > 7"). Rules are tried in order: the first rule for the
 * op type (or "*") whose group condition holds decides (so one op may have a
 * rule for plain and one for depthwise convolutions); when no such rule
 * holds but some rule names the op type, the op is refused for its group;
 * ops no rule names get the table's default. */
int hs_supports(const hs_processor *p, const hs_graph *g, const hs_op *op, hs_dtype dt,
                char *why, size_t why_len);

#endif
