/* hs_graph_to_json: a finalized model graph as "hetsim-model" JSON text
 * (docs/formats.md), laid out as the ONNX importer writes it: one op per
 * line, every op with its shapes, attributes (attr_list, in order), FLOPs
 * and weight count, so that hs_graph_from_json reads back the same graph.
 * `generator` (may be NULL) becomes the "generator" key. Returns malloc'd
 * text (the caller frees it), or NULL with err set when out of memory. */
#ifndef HS_GRAPH_WRITE_H
#define HS_GRAPH_WRITE_H

#include "base/error.h"
#include "traces/graph.h"

char *hs_graph_to_json(const hs_graph *g, const char *generator, hs_error *err);

#endif
