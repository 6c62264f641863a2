/* The rows of a sweep run on disk. While a sweep runs, each finished point
 * is appended at once to a part file OUT.part.W as one line "POINT\tROW"
 * written with a single write(2), so a kill (even SIGKILL) loses no finished
 * row; a last line cut short (no newline) is ignored when read back. The
 * result is OUT, a CSV written atomically in point order: "point," and the
 * columns of `hetsim run -f csv`, then "POINT,ROW" lines. A shard's CSV
 * (hetsim sweep --shard K/N) starts with a tag line that `hetsim merge`
 * checks:  # hetsim shard K/N of sweep DIGEST, P points: NAME
 * A part file starts with the fingerprint of its sweep (hs_sweep_digest),
 *   # hetsim sweep part: grid DIGEST, P points
 * and --resume refuses the rows of another sweep: a part file of another
 * fingerprint, and rows of OUT whose device, model, policy, seed, frames or
 * transforms are not those of their point (or with a wrong column count).
 * OUT.lock, held (flock) while a sweep writes OUT, refuses a second sweep
 * writing the same OUT at once.
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
/* Read `file` into rows (s->n_points of them): a CSV written by
 * hs_rows_write (csv = 1: the tag must be of this sweep, the header this
 * version's, every row that of its point; "POINT,ROW") or a part file
 * (csv = 0: the fingerprint line must be `digest` and the points of s,
 * then "POINT\tROW"). A missing file, or an OUT that is not a regular file,
 * reads as empty. 0, or -1 with err (input errors: a malformed line, the
 * rows of another sweep). */
int hs_rows_read(const hs_sweep *s, unsigned long long digest, const char *file, char **rows,
                 int csv, hs_error *err);
/* Open part file `part` for appending (created with its fingerprint line
 * when empty): the fd, or -1 with errno. */
int hs_rows_part_open(const char *part, const hs_sweep *s, unsigned long long digest);
/* Parse a part file's fingerprint line: 1 when `line` is one. */
int hs_rows_part_parse(const char *line, unsigned long long *digest, int *points);
/* Take OUT.lock for the run (flock, the pid written in it): the fd, or -1
 * with err (an input error when another sweep holds it). Unlock removes it. */
int hs_rows_lock(const char *out, hs_error *err);
void hs_rows_unlock(const char *out, int fd);
/* The name of part file w of `out`. */
void hs_rows_part_name(char *buf, size_t size, const char *out, int w);
/* Rows kept for this run: when o->resume, those of o->out and of its part
 * files; then the part files are replaced by one, OUT.part.0, holding them
 * (written atomically). 0, or -1 with err. */
int hs_rows_resume(const hs_sweep *s, const hs_sweep_opts *o, char **rows, hs_error *err);
/* Append "POINT\tROW\n" to the open part file fd with one write. 0 or -1. */
int hs_rows_append(int fd, int i, const char *row);
/* Rows finished so far in the part files of `out` (their whole row lines). */
int hs_rows_in_parts(const char *out);
/* Write OUT (with the shard tag when o->shard_n > 1) with the rows of the
 * selected points, then remove the part files. 0, or -1 with err. */
int hs_rows_write(const hs_sweep *s, const hs_sweep_opts *o, char *const *rows, hs_error *err);
/* The tag line (with its newline) and its parser (1 when `line` is one). */
void hs_shard_tag_print(FILE *f, const hs_shard_tag *t);
int hs_shard_tag_parse(const char *line, hs_shard_tag *t);

#endif
