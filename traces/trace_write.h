/* Writer for "hetsim-trace" v1 JSON (the format traces/trace.c loads,
 * documented in docs/formats.md and docs/traces.md).
 *
 * Contract:
 *  - Output is deterministic: keys in a fixed order (format, version, device,
 *    model, processor, dtype, recorded, generator, source, note, ops), ops in
 *    the order of t->ops, one op per line, each number in the shortest
 *    decimal form that reads back to the same double. Optional fields are
 *    left out when empty: generator "" , type "", dim NULL, fraction 1.0.
 *  - Round trip: hs_trace_load_file(path) of a written file yields a trace
 *    equal to `t` field by field (strings, dtype, fractions and every sample
 *    bit for bit).
 *  - The writer refuses (returns -1 with a message naming the op) a trace the
 *    loader would reject: empty device/model/processor, unknown `recorded`,
 *    an op without a name or samples, a sample that is negative, NaN or above
 *    1e9 us, a fraction outside (0, 1], the same (name, fraction) twice.
 *  - hs_trace_write_file writes atomically (base/atomic_file.h): the file
 *    appears complete or not at all; "-" writes to stdout.
 * The caller keeps ownership of `t` and `extra`; the string returned by
 * hs_trace_to_json is the caller's to free(). */
#ifndef HS_TRACE_WRITE_H
#define HS_TRACE_WRITE_H

#include "base/error.h"
#include "traces/trace.h"

/* Optional metadata that the loader accepts but hs_trace does not hold.
 * NULL strings / a NULL pointer mean "leave out". */
typedef struct hs_trace_extra {
    const char *source; /* where the numbers come from (tool output file, dataset) */
    const char *note;   /* free text: how they were reduced, caveats */
} hs_trace_extra;

/* Check that the loader would accept `t`; 0 or -1 with a message. */
int hs_trace_validate(const hs_trace *t, hs_error *err);
/* The JSON text (ending in a newline), or NULL with a message. */
char *hs_trace_to_json(const hs_trace *t, const hs_trace_extra *extra, hs_error *err);
/* Validate, serialise and write `path` atomically ("-" = stdout). */
int hs_trace_write_file(const hs_trace *t, const hs_trace_extra *extra, const char *path,
                        hs_error *err);

#endif
