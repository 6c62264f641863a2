/* Trace importers: real tools' per-operator profiles -> hs_trace.
 *
 *   hs_import_tflite       TFLite benchmark_model --enable_op_profiling=true
 *                          text output (import_tflite.c)
 *   hs_import_onnxruntime  ONNX Runtime profiling JSON (enable_profiling)
 *                          (import_onnxruntime.c)
 *   hs_import_tensorrt     trtexec --exportProfile=FILE JSON (import_tensorrt.c)
 *   hs_import_qed          qed-usc/mobile-ml-benchmark per-op CSV (import_qed.c)
 *
 * Contract of every importer:
 *  - reads `path`, returns a new trace (the caller frees it with
 *    hs_trace_free) with device, model, processor and dtype taken from `o`,
 *    "recorded" = imported-<tool>, generator "hetsim import <tool> VERSION",
 *    one row per tool operator (whole op, fraction 1) holding samples in
 *    microseconds, in the tool's order, under the tool's own names;
 *  - op types are written in the ONNX vocabulary where the tool names a type
 *    hetsim knows (TFLite CONV_2D -> Conv, ...), else as the tool wrote them;
 *  - on malformed input returns NULL with one line in `err` naming the file,
 *    the line (text, CSV) or JSON path, and what was expected; nothing is
 *    written anywhere;
 *  - `note` (may be NULL) receives a one-line description of how the samples
 *    were obtained, for the trace's "note" field.
 * Warnings (duplicate tool names, mixed execution providers, ...) go to
 * o->warn when set.
 *
 * The shared pieces below (text and CSV reading, the trace builder, the
 * rename map, the model-graph check and the whole import pipeline used by
 * `hetsim import`) live in import_common.c. */
#ifndef HS_IMPORTERS_H
#define HS_IMPORTERS_H

#include <stddef.h>

#include "base/dtype.h"
#include "base/error.h"
#include "traces/graph.h"
#include "traces/trace.h"

typedef void (*hs_warn_fn)(void *ctx, const char *msg);

typedef struct hs_import_opts {
    const char *device, *model, *processor; /* trace metadata (required) */
    hs_dtype dtype;
    /* qed only: which model's rows and which device column ("pixel4" or
     * "pixel4|gpu"); source_model NULL = `model`; source_device may be NULL
     * when the file has one device */
    const char *source_model, *source_device;
    int with_first; /* tflite only: add the `first` column as a sample before avg */
    int skip_runs;  /* onnxruntime only: drop the first N samples (warm-up runs) of every node */
    int no_overhead; /* onnxruntime only: samples are kernel times alone (see below) */
    hs_warn_fn warn; /* NULL = warnings dropped */
    void *warn_ctx;
    hs_warn_fn info; /* how rows were matched to the model graph; NULL = dropped */
    void *info_ctx;
} hs_import_opts;

typedef hs_trace *(*hs_trace_importer)(const char *path, const hs_import_opts *o, char *note,
                                       size_t note_n, hs_error *err);

hs_trace *hs_import_tflite(const char *path, const hs_import_opts *o, char *note, size_t note_n,
                           hs_error *err);
hs_trace *hs_import_onnxruntime(const char *path, const hs_import_opts *o, char *note,
                                size_t note_n, hs_error *err);
hs_trace *hs_import_tensorrt(const char *path, const hs_import_opts *o, char *note,
                             size_t note_n, hs_error *err);
hs_trace *hs_import_qed(const char *path, const hs_import_opts *o, char *note, size_t note_n,
                        hs_error *err);

/* ---- shared helpers (import_common.c) ---- */

/* Printf-style warning through o->warn (no-op when unset). */
void hs_import_warn(const hs_import_opts *o, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Whole text file into a NUL-terminated buffer the caller frees. Rejects an
 * empty file and NUL bytes (not a text file). */
int hs_import_read_text(const char *path, char **out, size_t *len, hs_error *err);

/* An empty trace with the metadata of `o`; `tool` is "tflite", ...; it sets
 * recorded = "imported-<tool>" and generator = "hetsim import <tool> VERSION". */
hs_trace *hs_import_trace_new(const hs_import_opts *o, const char *tool, hs_error *err);
/* Append one sample (us) to op `name`, creating the op (with `type`, may be
 * NULL) on first sight. Ops keep their first-seen order. */
int hs_import_add_sample(hs_trace *t, const char *name, const char *type, double us,
                         hs_error *err);
/* Index of op `name` (whole op), or -1. Expected O(1): the trace's
 * import_ix, kept by hs_import_add_sample and hs_name_map_apply. */
int hs_import_find_op(const hs_trace *t, const char *name);
/* `name` into out (n bytes), or "name#2", "name#3", ...: the first that is
 * not an op of t yet (a table that repeats a layer name); 1 when renamed.
 * Remembers the next suffix per name, so a name repeated m times costs
 * O(m), not O(m^2) lookups. */
int hs_import_unique_name(hs_trace *t, const char *name, char *out, size_t n);
/* Milliseconds -> microseconds without binary noise: ms * 1000 rounded to 15
 * significant digits (0.1006 ms -> 100.6 us exactly as written). */
double hs_import_ms_to_us(double ms);
/* Parse a whole-string decimal number (surrounding blanks allowed); -1 when
 * it is not one, or is NaN or infinite. */
int hs_import_parse_number(const char *s, double *out);
/* Required duration obj.key (a JSON number in [0, max], `unit` "ms" or
 * "us"); else -1 and "FILE: at PATH.KEY: expected a duration in UNIT (a
 * number >= 0 and <= MAX), got X". */
struct cJSON;
int hs_import_json_duration(const char *file, const struct cJSON *obj, const char *path,
                            const char *key, const char *unit, double max, double *out,
                            hs_error *err);
/* ONNX op type for a TFLite builtin operator name (CONV_2D -> "Conv"), or
 * NULL when there is none. */
const char *hs_tflite_type_to_onnx(const char *tflite_type);

/* CSV records (RFC 4180: commas, "quoted, fields" with "" for a quote,
 * CRLF or LF line ends). Fields point into the reader's buffer and stay
 * valid until the next call. */
typedef struct hs_csv {
    const char *file;
    char *buf; /* owned */
    size_t pos, len;
    int line;          /* line of the record last returned (1-based) */
    int next_line;
    char **fields;     /* owned array */
    int n_fields, cap_fields;
} hs_csv;
int hs_csv_open(hs_csv *c, const char *path, hs_error *err);
/* 1 = a record in c->fields[0..n_fields), 0 = end of file, -1 = error. */
int hs_csv_next(hs_csv *c, hs_error *err);
void hs_csv_close(hs_csv *c);

/* Rename map: CSV with two columns, tool name and model op name. Lines
 * starting with '#' and blank lines are skipped; a first record
 * "tool_name,model_op" is a header. An empty model op name drops that tool
 * row from the trace. */
typedef struct hs_name_map {
    int n;
    char **from, **to;
    int *line, *used;
    char *file;
} hs_name_map;
hs_name_map *hs_name_map_load(const char *path, hs_error *err);
void hs_name_map_free(hs_name_map *m);
/* Rename the ops of `t` through `m`. Tool names the map does not list are
 * kept. Several tool names mapped to one op are added sample by sample (they
 * must have the same number of samples). Map entries matching no op are
 * reported through o->warn. */
int hs_name_map_apply(const hs_name_map *m, hs_trace *t, const hs_import_opts *o, hs_error *err);

/* Compare op names with model graph `g`: ops found there take the graph's op
 * type and, when the tool did not say, its cost (FLOPs, elements; the shape
 * the samples were recorded at); each op not found is reported through o->warn (at most `max_warn`
 * lines, then a count). Returns the number of unmatched ops. */
int hs_import_check_graph(hs_trace *t, const hs_graph *g, const hs_import_opts *o, int max_warn);

/* The whole `hetsim import` pipeline: import `path` with `fn`, rename
 * through `map_path` (may be NULL), match the rows to the ops of `g` by
 * aliases and fusions (traces/import_match.h; the summary goes to o->info
 * and into the trace's note) and check against `g` (may be NULL), then
 * write `out_path` atomically. Returns 0, or -1 with err: an input error
 * (malformed input, nothing written) or a runtime one (cannot write). */
int hs_import_run(hs_trace_importer fn, const char *path, const hs_import_opts *o,
                  const char *map_path, const hs_graph *g, const char *out_path, hs_error *err);

#endif
