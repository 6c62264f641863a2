#include "analysis/sweep_rows.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/atomic_file.h"
#include "sim/report.h"
#include "base/text_file.h"

char **hs_rows_new(int n)
{
    return calloc((size_t)(n > 0 ? n : 1), sizeof(char *));
}

void hs_rows_free(char **rows, int n)
{
    if (!rows)
        return;
    for (int i = 0; i < n; i++)
        free(rows[i]);
    free(rows);
}

int hs_rows_count(char *const *rows, int n)
{
    int k = 0;
    for (int i = 0; i < n; i++)
        k += rows[i] != NULL;
    return k;
}

void hs_rows_part_name(char *buf, size_t size, const char *out, int w)
{
    snprintf(buf, size, "%s.part.%d", out, w);
}

int hs_rows_read(const char *file, char **rows, int n, int csv, hs_error *err)
{
    struct stat st;
    if (stat(file, &st) != 0 || (csv && !S_ISREG(st.st_mode)))
        return 0; /* nothing to resume (no file yet, or a device such as /dev/null) */
    char *buf;
    if (hs_read_text_file(file, (size_t)1 << 31, &buf, NULL, err) < 0)
        return -1;
    char *line = buf, *next;
    int lineno = 0, header_seen = !csv;
    for (; line && *line; line = next) {
        next = strchr(line, '\n');
        if (!next) /* a last line cut short by a kill: that point runs again */
            break;
        *next++ = '\0';
        lineno++;
        if (csv && line[0] == '#')
            continue; /* a shard tag */
        if (!header_seen) {
            header_seen = 1;
            continue;
        }
        char *end;
        errno = 0;
        long i = strtol(line, &end, 10);
        if (end == line || errno || *end != (csv ? ',' : '\t') || i < 0 || i >= n) {
            hs_error_set(err, "%s:%d: expected a point number below %d and a %s, then the row",
                         file, lineno, n, csv ? "comma" : "tab");
            free(buf);
            return -1;
        }
        free(rows[i]);
        if (!(rows[i] = hs_strdup(end + 1))) {
            free(buf);
            hs_error_set(err, "out of memory");
            return -1;
        }
    }
    free(buf);
    return 0;
}

int hs_rows_resume(const hs_sweep *s, const hs_sweep_opts *o, char **rows, hs_error *err)
{
    char part[4200];
    int n = s->n_points;
    if (o->resume) {
        if (hs_rows_read(o->out, rows, n, 1, err) < 0)
            return -1;
        for (int w = 0; w < HS_SWEEP_MAX_PARTS; w++) { /* parts of an interrupted run, any -j */
            hs_rows_part_name(part, sizeof part, o->out, w);
            if (hs_rows_read(part, rows, n, 0, err) < 0)
                return -1;
        }
        /* rows of points outside this run (another shard's) are not kept */
        for (int i = 0; i < n; i++)
            if (rows[i] && !hs_sweep_selected(o, i)) {
                free(rows[i]);
                rows[i] = NULL;
            }
    }
    /* every kept row in OUT.part.0 (atomically), no other part file */
    hs_rows_part_name(part, sizeof part, o->out, 0);
    hs_afile f;
    if (hs_afile_open(&f, part, err) < 0)
        return -1;
    for (int i = 0; i < n; i++)
        if (rows[i])
            fprintf(f.f, "%d\t%s\n", i, rows[i]);
    if (hs_afile_commit(&f, err) < 0)
        return -1;
    for (int w = 1; w < HS_SWEEP_MAX_PARTS; w++) {
        hs_rows_part_name(part, sizeof part, o->out, w);
        unlink(part);
    }
    return 0;
}

int hs_rows_append(int fd, int i, const char *row)
{
    size_t len = strlen(row);
    char *line = malloc(len + 24);
    if (!line)
        return -1;
    int k = snprintf(line, 24, "%d\t", i);
    memcpy(line + k, row, len);
    line[k + len] = '\n';
    size_t total = (size_t)k + len + 1, off = 0;
    while (off < total) { /* one write for a regular file; loop for safety */
        ssize_t w = write(fd, line + off, total - off);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0) {
            free(line);
            return -1;
        }
        off += (size_t)w;
    }
    free(line);
    return 0;
}

int hs_rows_in_parts(const char *out)
{
    char part[4200], buf[65536];
    int lines = 0;
    for (int w = 0; w < HS_SWEEP_MAX_PARTS; w++) {
        hs_rows_part_name(part, sizeof part, out, w);
        int fd = open(part, O_RDONLY);
        if (fd < 0)
            continue;
        ssize_t r;
        while ((r = read(fd, buf, sizeof buf)) > 0)
            for (ssize_t k = 0; k < r; k++)
                lines += buf[k] == '\n';
        close(fd);
    }
    return lines;
}

int hs_rows_write(const hs_sweep *s, const hs_sweep_opts *o, char *const *rows, hs_error *err)
{
    hs_afile f;
    if (hs_afile_open(&f, o->out, err) < 0)
        return -1;
    if (o->shard_n > 1) {
        hs_shard_tag t = {o->shard_k, o->shard_n, s->n_points, hs_sweep_digest(s), ""};
        snprintf(t.name, sizeof t.name, "%s", s->name);
        hs_shard_tag_print(f.f, &t);
    }
    fputs("point,", f.f);
    hs_report_csv_header(f.f);
    for (int i = 0; i < s->n_points; i++)
        if (rows[i] && hs_sweep_selected(o, i))
            fprintf(f.f, "%d,%s\n", i, rows[i]);
    if (hs_afile_commit(&f, err) < 0)
        return -1;
    char part[4200];
    for (int w = 0; w < HS_SWEEP_MAX_PARTS; w++) {
        hs_rows_part_name(part, sizeof part, o->out, w);
        unlink(part);
    }
    return 0;
}

void hs_shard_tag_print(FILE *f, const hs_shard_tag *t)
{
    fprintf(f, "# hetsim shard %d/%d of sweep %016llx, %d points: %s\n", t->k, t->n, t->digest,
            t->points, t->name);
}

int hs_shard_tag_parse(const char *line, hs_shard_tag *t)
{
    int pos = -1;
    if (sscanf(line, "# hetsim shard %d/%d of sweep %16llx, %d points: %n", &t->k, &t->n,
               &t->digest, &t->points, &pos) != 4 ||
        pos < 0)
        return 0;
    if (t->n < 1 || t->k < 1 || t->k > t->n || t->points < 0)
        return 0;
    size_t len = strcspn(line + pos, "\n");
    if (len >= sizeof t->name)
        len = sizeof t->name - 1;
    memcpy(t->name, line + pos, len);
    t->name[len] = '\0';
    return 1;
}
