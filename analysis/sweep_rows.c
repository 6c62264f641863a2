#include "analysis/sweep_rows.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
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

/* The columns of a CSV line (no quoting in hetsim's CSVs): their count,
 * and the start of each in col[] (up to max). */
static int split_cols(const char *line, const char **col, int max)
{
    int n = 0;
    for (const char *p = line;; p++) {
        if (n < max && (p == line || p[-1] == ','))
            col[n] = p;
        if (p == line || p[-1] == ',')
            n++;
        if (!*p)
            break;
    }
    return n;
}

/* Column `c` of a split line as a string (into buf). */
static const char *col_str(const char *const *col, int n_cols, int c, char *buf, size_t size)
{
    if (c < 0 || c >= n_cols)
        return "";
    size_t len = strcspn(col[c], ",");
    snprintf(buf, size, "%.*s", (int)(len < size ? len : size - 1), col[c]);
    return buf;
}

/* The columns of the CSV header (without "point,"), by name. */
typedef struct header_cols {
    int n, device, model, policy, seed, frames, prune, quant;
} header_cols;

static void header_columns(header_cols *h)
{
    char *text = NULL;
    size_t len = 0;
    memset(h, -1, sizeof *h);
    h->n = 0;
    FILE *m = open_memstream(&text, &len);
    if (!m)
        return;
    hs_report_csv_header(m);
    fclose(m);
    const char *col[128];
    text[strcspn(text, "\n")] = '\0';
    h->n = split_cols(text, col, 128);
    char name[64];
    for (int c = 0; c < h->n && c < 128; c++) {
        col_str(col, h->n, c, name, sizeof name);
        int *slot = strcmp(name, "device") == 0   ? &h->device
                    : strcmp(name, "model") == 0  ? &h->model
                    : strcmp(name, "policy") == 0 ? &h->policy
                    : strcmp(name, "seed") == 0   ? &h->seed
                    : strcmp(name, "frames") == 0 ? &h->frames
                    : strcmp(name, "prune") == 0  ? &h->prune
                    : strcmp(name, "quant") == 0  ? &h->quant
                                                  : NULL;
        if (slot)
            *slot = c;
    }
    free(text);
}

/* Whether a finished row (without its point number) is what point i of s
 * writes: its device, model, policy, seed, frames and transforms. 0, or -1
 * with err naming the first column that differs. */
static int row_is_point(const hs_sweep *s, int i, const char *row, const header_cols *h,
                        const char *file, int lineno, hs_error *err)
{
    const char *col[128];
    int n = split_cols(row, col, 128);
    if (n != h->n) {
        hs_error_set(err, "%s:%d: expected %d columns after the point number, got %d", file,
                     lineno, h->n, n);
        return -1;
    }
    const hs_point *p = &s->points[i];
    char want[3][96], got[256];
    const char *dev = hs_sweep_canonical(s, 'd', p->device);
    const char *mod = hs_sweep_canonical(s, 'm', p->model);
    snprintf(want[0], sizeof want[0], "%llu", p->seed);
    snprintf(want[1], sizeof want[1], "%d", p->frames);
    snprintf(want[2], sizeof want[2], "%.3f", p->prune);
    struct {
        const char *name;
        int c;
        const char *want; /* NULL: not checked */
    } checks[] = {{"device", h->device, dev},
                  {"model", h->model, mod},
                  {"policy", h->policy, p->policy},
                  {"seed", h->seed, want[0]},
                  {"frames", h->frames, p->frames > 0 ? want[1] : NULL},
                  {"prune", h->prune, want[2]},
                  {"quant", h->quant, p->quant_int8 ? "int8" : ""}};
    for (size_t k = 0; k < sizeof checks / sizeof checks[0]; k++) {
        if (!checks[k].want || checks[k].c < 0)
            continue;
        col_str(col, n, checks[k].c, got, sizeof got);
        if (strcmp(got, checks[k].want) != 0) {
            hs_error_set(err, "%s:%d: point %d has %s \"%s\" there, but \"%s\" in sweep \"%s\": "
                              "the file holds the rows of another sweep (the spec changed?); "
                              "write to another file, or remove it to start again",
                         file, lineno, i, checks[k].name, got, checks[k].want, s->name);
            return -1;
        }
    }
    return 0;
}

int hs_rows_part_parse(const char *line, unsigned long long *digest, int *points)
{
    int pos = -1;
    if (sscanf(line, "# hetsim sweep part: grid %16llx, %9d points%n", digest, points, &pos) !=
            2 ||
        pos < 0 || (line[pos] != '\0' && line[pos] != '\n'))
        return 0;
    return *points >= 0;
}

int hs_rows_part_open(const char *part, const hs_sweep *s, unsigned long long digest)
{
    int fd = open(part, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
    struct stat st;
    if (fd < 0 || fstat(fd, &st) != 0) {
        if (fd >= 0)
            close(fd);
        return -1;
    }
    if (st.st_size == 0) {
        char line[128];
        int k = snprintf(line, sizeof line, "# hetsim sweep part: grid %016llx, %d points\n",
                         digest, s->n_points);
        if (write(fd, line, (size_t)k) != k) {
            close(fd);
            return -1;
        }
    }
    return fd;
}

int hs_rows_read(const hs_sweep *s, unsigned long long digest, const char *file, char **rows,
                 int csv, hs_error *err)
{
    int n = s->n_points;
    struct stat st;
    if (stat(file, &st) != 0 || (csv && !S_ISREG(st.st_mode)))
        return 0; /* nothing to resume (no file yet, or a device such as /dev/null) */
    char *buf;
    if (hs_read_text_file(file, (size_t)1 << 31, &buf, NULL, err) < 0)
        return -1;
    header_cols h;
    header_columns(&h);
    char *line = buf, *next;
    int lineno = 0, header_seen = !csv;
    for (; line && *line; line = next) {
        next = strchr(line, '\n');
        if (!next) /* a last line cut short by a kill: that point runs again */
            break;
        *next++ = '\0';
        lineno++;
        if (!csv && lineno == 1) {
            /* a part file: the fingerprint of the sweep that wrote it */
            unsigned long long d;
            int pts;
            if (!hs_rows_part_parse(line, &d, &pts)) {
                hs_error_set(err, "%s:1: expected the line \"# hetsim sweep part: grid DIGEST, "
                                  "N points\" (rows of another hetsim version?); remove the "
                                  "file, or run without --resume to start again",
                             file);
                goto fail;
            }
            if (d != digest || pts != n) {
                hs_error_set(err, "%s: rows of another sweep (grid %016llx, %d points), not of "
                                  "sweep \"%s\" (grid %016llx, %d points): the spec changed "
                                  "since they were written; remove the part files, or run "
                                  "without --resume to start again",
                             file, d, pts, s->name, digest, n);
                goto fail;
            }
            continue;
        }
        if (csv && line[0] == '#') {
            hs_shard_tag t;
            if (hs_shard_tag_parse(line, &t) && (t.digest != digest || t.points != n)) {
                hs_error_set(err, "%s:%d: a shard of another sweep (\"%s\", grid %016llx, %d "
                                  "points), not of sweep \"%s\" (grid %016llx, %d points); "
                                  "write to another file, or remove it to start again",
                             file, lineno, t.name, t.digest, t.points, s->name, digest, n);
                goto fail;
            }
            continue; /* a shard tag */
        }
        if (!header_seen) {
            header_seen = 1;
            if (strncmp(line, "point,", 6) != 0 || split_cols(line + 6, NULL, 0) != h.n) {
                hs_error_set(err, "%s:%d: expected the header of a hetsim sweep CSV (\"point,"
                                  "device,...\", %d columns after point)",
                             file, lineno, h.n);
                goto fail;
            }
            continue;
        }
        char *end;
        errno = 0;
        long i = strtol(line, &end, 10);
        if (end == line || errno || *end != (csv ? ',' : '\t') || i < 0 || i >= n) {
            hs_error_set(err, "%s:%d: expected a point number below %d and a %s, then the row",
                         file, lineno, n, csv ? "comma" : "tab");
            goto fail;
        }
        if (row_is_point(s, (int)i, end + 1, &h, file, lineno, err) < 0)
            goto fail;
        free(rows[i]);
        if (!(rows[i] = hs_strdup(end + 1))) {
            hs_error_set_runtime(err, "out of memory");
            goto fail;
        }
    }
    free(buf);
    return 0;
fail:
    free(buf);
    return -1;
}

int hs_rows_resume(const hs_sweep *s, const hs_sweep_opts *o, char **rows, hs_error *err)
{
    char part[4200];
    int n = s->n_points;
    unsigned long long digest = hs_sweep_digest(s);
    if (o->resume) {
        if (hs_rows_read(s, digest, o->out, rows, 1, err) < 0)
            return -1;
        for (int w = 0; w < HS_SWEEP_MAX_PARTS; w++) { /* parts of an interrupted run, any -j */
            hs_rows_part_name(part, sizeof part, o->out, w);
            if (hs_rows_read(s, digest, part, rows, 0, err) < 0)
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
    fprintf(f.f, "# hetsim sweep part: grid %016llx, %d points\n", digest, n);
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
        int tab = 0; /* rows have a tab; the fingerprint line has none */
        while ((r = read(fd, buf, sizeof buf)) > 0)
            for (ssize_t k = 0; k < r; k++) {
                if (buf[k] == '\t')
                    tab = 1;
                else if (buf[k] == '\n') {
                    lines += tab;
                    tab = 0;
                }
            }
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
    /* field widths: a count too large for an int fails to match instead of wrapping */
    if (sscanf(line, "# hetsim shard %9d/%9d of sweep %16llx, %9d points: %n", &t->k, &t->n,
               &t->digest, &t->points, &pos) != 4 ||
        pos < 0)
        return 0;
    if (t->n < 1 || t->k < 1 || t->k > t->n || t->points < 0 || t->points > HS_SWEEP_MAX_POINTS)
        return 0;
    size_t len = strcspn(line + pos, "\n");
    if (len >= sizeof t->name)
        len = sizeof t->name - 1;
    memcpy(t->name, line + pos, len);
    t->name[len] = '\0';
    return 1;
}

int hs_rows_lock(const char *out, hs_error *err)
{
    char path[4200];
    snprintf(path, sizeof path, "%s.lock", out);
    for (int tries = 0; tries < 100; tries++) {
        int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
        if (fd < 0) {
            hs_error_set_runtime(err, "%s: cannot create the lock file: %s", path,
                                 strerror(errno));
            return -1;
        }
        if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
            int e = errno;
            char who[32] = "";
            ssize_t r = read(fd, who, sizeof who - 1);
            who[r > 0 ? r : 0] = '\0';
            who[strcspn(who, "\n")] = '\0';
            close(fd);
            if (e == EWOULDBLOCK)
                hs_error_set(err, "%s: another hetsim sweep (pid %s) is writing it now (it holds "
                                  "%s); wait for it to finish, or write to another file",
                             out, who[0] ? who : "unknown", path);
            else
                hs_error_set_runtime(err, "%s: cannot lock: %s", path, strerror(e));
            return -1;
        }
        /* the file locked must still be the one at `path` (its last holder unlinks it) */
        struct stat a, b;
        if (fstat(fd, &a) == 0 && stat(path, &b) == 0 && a.st_dev == b.st_dev &&
            a.st_ino == b.st_ino) {
            char pid[32];
            int k = snprintf(pid, sizeof pid, "%ld\n", (long)getpid());
            if (ftruncate(fd, 0) != 0 || write(fd, pid, (size_t)k) != k) {
                /* the pid is only for the message of a second sweep */
            }
            return fd;
        }
        close(fd);
    }
    hs_error_set_runtime(err, "%s: cannot lock: it keeps being replaced", path);
    return -1;
}

void hs_rows_unlock(const char *out, int fd)
{
    if (fd < 0)
        return;
    char path[4200];
    snprintf(path, sizeof path, "%s.lock", out);
    unlink(path);
    close(fd);
}
