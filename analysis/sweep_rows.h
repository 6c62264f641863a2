/* The rows of a sweep run on disk. While a sweep runs, each finished point
 * is appended at once to a part file OUT.part.W as one line "POINT\tROW"
 * written with a single write(2), so a kill (even SIGKILL) loses no finished
 * row; a last line cut short (no newline) is ignored when read back. The
 * result is OUT, a CSV written atomically in point order: "point," and the
 * columns of `hetsim run -f csv`, then "POINT,ROW" lines. A shard's CSV
 * (hetsim sweep --shard K/N) starts with a tag line that `hetsim merge`
 * checks:  # hetsim shard K/N of sweep DIGEST, P points: NAME
 * Rows are arrays of n owned strings (no newline), NULL where missing. */
#ifndef HS_SWEEP_ROWS_H
#define HS_SWEEP_ROWS_H

#include <stddef.h>
#include <stdio.h>

#include "analysis/sweep.h"

#define HS_SWEEP_MAX_PARTS 64

typedef struct hs_shard_tag {
    int k, n, points;
    unsigned long long digest;
    char name[256];
} hs_shard_tag;

char **hs_rows_new(int n);
void hs_rows_free(char **rows, int n);
int hs_rows_count(char *const *rows, int n);
/* Read `file` into rows: a CSV written by hs_rows_write (csv = 1: tag and
 * header lines skipped, "POINT,ROW") or a part file (csv = 0, "POINT\tROW").
 * A missing file reads as empty. 0, or -1 with err (a malformed line). */
int hs_rows_read(const char *file, char **rows, int n, int csv, hs_error *err);
/* The name of part file w of `out`. */
void hs_rows_part_name(char *buf, size_t size, const char *out, int w);
/* Rows kept for this run: when o->resume, those of o->out and of its part
 * files; then the part files are replaced by one, OUT.part.0, holding them
 * (written atomically). 0, or -1 with err. */
int hs_rows_resume(const hs_sweep *s, const hs_sweep_opts *o, char **rows, hs_error *err);
/* Append "POINT\tROW\n" to the open part file fd with one write. 0 or -1. */
int hs_rows_append(int fd, int i, const char *row);
/* Rows finished so far in the part files of `out` (their lines). */
int hs_rows_in_parts(const char *out);
/* Write OUT (with the shard tag when o->shard_n > 1) with the rows of the
 * selected points, then remove the part files. 0, or -1 with err. */
int hs_rows_write(const hs_sweep *s, const hs_sweep_opts *o, char *const *rows, hs_error *err);
/* The tag line (with its newline) and its parser (1 when `line` is one). */
void hs_shard_tag_print(FILE *f, const hs_shard_tag *t);
int hs_shard_tag_parse(const char *line, hs_shard_tag *t);

#endif
