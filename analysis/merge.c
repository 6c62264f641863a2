#include "analysis/merge.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/atomic_file.h"
#include "base/text_file.h"
#include "analysis/sweep_rows.h"

/* The columns of a CSV line (hetsim's CSVs quote nothing). */
static int columns(const char *line)
{
    int n = 1;
    for (; *line; line++)
        n += *line == ',';
    return n;
}

/* One shard file read into the merge: its rows go into rows[] (owned). */
static int read_shard(const char *file, hs_shard_tag *tag, char **header, char ***rows,
                      int **from, int fi, const char *const *files, hs_error *err)
{
    char *buf;
    if (hs_read_text_file(file, (size_t)1 << 31, &buf, NULL, err) < 0)
        return -1; /* a missing or unreadable input */
    int rc = -1, lineno = 0;
    char *line = buf, *next;
    for (; line && *line; line = next, lineno++) {
        next = strchr(line, '\n');
        if (!next) {
            hs_error_set(err, "%s:%d: the last line has no newline (a file cut short?)", file,
                         lineno + 1);
            goto out;
        }
        *next++ = '\0';
        if (lineno == 0) {
            hs_shard_tag t;
            if (!hs_shard_tag_parse(line, &t)) {
                hs_error_set(err, "%s:1: expected the tag \"# hetsim shard K/N of sweep ...\" "
                                  "of a file written by hetsim sweep --shard",
                             file);
                goto out;
            }
            if (fi == 0) {
                *tag = t;
                if (!(*rows = hs_rows_new(t.points)) ||
                    !(*from = calloc((size_t)(t.points ? t.points : 1), sizeof **from))) {
                    hs_error_set_runtime(err, "out of memory");
                    goto out;
                }
            } else if (t.n != tag->n || t.points != tag->points || t.digest != tag->digest ||
                       strcmp(t.name, tag->name) != 0) {
                hs_error_set(err, "%s: a shard of another sweep: %d/%d of \"%s\" (%d points, "
                                  "grid %016llx), while %s is %d/%d of \"%s\" (%d points, grid "
                                  "%016llx)",
                             file, t.k, t.n, t.name, t.points, t.digest, files[0], tag->k,
                             tag->n, tag->name, tag->points, tag->digest);
                goto out;
            }
            tag->k = t.k; /* this file's shard, for the row checks below */
            continue;
        }
        if (lineno == 1) {
            if (!*header) {
                if (!(*header = hs_strdup(line))) {
                    hs_error_set_runtime(err, "out of memory");
                    goto out;
                }
            } else if (strcmp(*header, line) != 0) {
                hs_error_set(err, "%s:2: the header differs from that of %s (another hetsim "
                                  "version?)",
                             file, files[0]);
                goto out;
            }
            continue;
        }
        char *end;
        errno = 0;
        long i = strtol(line, &end, 10);
        if (end == line || errno || *end != ',' || i < 0 || i >= tag->points) {
            hs_error_set(err, "%s:%d: expected a point number below %d, a comma, then the row",
                         file, lineno + 1, tag->points);
            goto out;
        }
        if (i % tag->n != tag->k - 1) {
            hs_error_set(err, "%s:%d: point %ld is not in shard %d/%d", file, lineno + 1, i,
                         tag->k, tag->n);
            goto out;
        }
        if ((*rows)[i]) {
            hs_error_set(err, "%s:%d: point %ld is also in %s%s", file, lineno + 1, i,
                         files[(*from)[i]], strcmp(files[(*from)[i]], file) == 0 ? " (given twice?)" : "");
            goto out;
        }
        if (columns(line) != columns(*header)) {
            hs_error_set(err, "%s:%d: expected %d columns (as the header), got %d", file,
                         lineno + 1, columns(*header), columns(line));
            goto out;
        }
        if (!((*rows)[i] = hs_strdup(end + 1))) {
            hs_error_set_runtime(err, "out of memory");
            goto out;
        }
        (*from)[i] = fi;
    }
    if (lineno < 2) {
        hs_error_set(err, "%s: expected the shard tag and the CSV header, got %d line%s", file,
                     lineno, lineno == 1 ? "" : "s");
        goto out;
    }
    rc = 0;
out:
    free(buf);
    return rc;
}

/* What is missing, by shard: "shard 3/4 (2500 points), 7 points of shard 1/4 (e.g. 0, 4)". */
static void describe_missing(char *const *rows, const hs_shard_tag *tag, char *out, size_t size)
{
    size_t used = 0;
    out[0] = '\0';
    for (int k = 1; k <= tag->n && used + 1 < size; k++) {
        int in = 0, miss = 0, first[3], nf = 0;
        for (int i = k - 1; i < tag->points; i += tag->n) {
            in++;
            if (!rows[i]) {
                if (nf < 3)
                    first[nf++] = i;
                miss++;
            }
        }
        if (!miss)
            continue;
        int w;
        if (miss == in)
            w = snprintf(out + used, size - used, "%sshard %d/%d (%d points)", used ? ", " : "",
                         k, tag->n, in);
        else
            w = snprintf(out + used, size - used, "%s%d points of shard %d/%d (e.g. %d%s%s)",
                         used ? ", " : "", miss, k, tag->n, first[0], nf > 1 ? ", ..." : "",
                         "");
        if (w < 0)
            break;
        used += (size_t)w < size - used ? (size_t)w : size - used - 1;
    }
}

int hs_merge(const char *const *files, int n_files, const char *out, int partial, char *warn,
             size_t warn_size, hs_error *err)
{
    hs_shard_tag tag = {0};
    char *header = NULL, **rows = NULL;
    int *from = NULL, rc = -1;
    if (warn && warn_size)
        warn[0] = '\0';
    if (n_files < 1) {
        hs_error_set(err, "expected at least one shard CSV");
        return -1;
    }
    for (int f = 0; f < n_files; f++)
        if ((rc = read_shard(files[f], &tag, &header, &rows, &from, f, files, err)) != 0)
            goto done;
    int have = hs_rows_count(rows, tag.points);
    if (have < tag.points) {
        char what[900];
        describe_missing(rows, &tag, what, sizeof what);
        if (!partial) {
            /* the inputs are sound, only incomplete: a runtime error */
            hs_error_set_runtime(err, "%d of %d points of sweep \"%s\" are missing: %s; "
                                      "nothing written (run the missing shards, or give "
                                      "--partial)",
                                 tag.points - have, tag.points, tag.name, what);
            rc = -1;
            goto done;
        }
        if (warn && warn_size)
            snprintf(warn, warn_size, "%d of %d points missing: %s", tag.points - have,
                     tag.points, what);
    }
    hs_afile f;
    if (hs_afile_open(&f, out, err) < 0) {
        rc = -1;
        goto done;
    }
    fprintf(f.f, "%s\n", header);
    for (int i = 0; i < tag.points; i++)
        if (rows[i])
            fprintf(f.f, "%d,%s\n", i, rows[i]);
    rc = hs_afile_commit(&f, err) < 0 ? -1 : have < tag.points ? 1 : 0;
done:
    hs_rows_free(rows, tag.points);
    free(from);
    free(header);
    return rc;
}
