#include "sweep.h"

#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "../sim/atomic_file.h"
#include "../sim/datapath.h"
#include "../sim/json_read.h"
#include "../sim/report.h"
#include "../sim/text_file.h"

void hs_sweep_free(hs_sweep *s)
{
    if (!s)
        return;
    for (int i = 0; i < s->n_strings; i++)
        free(s->strings[i]);
    free(s->strings);
    free(s->points);
    free(s->name);
    free(s);
}

static const char *keep(hs_sweep *s, const char *str, hs_error *err)
{
    char **ns = realloc(s->strings, (size_t)(s->n_strings + 1) * sizeof *ns);
    char *c = str ? hs_strdup(str) : NULL;
    if (!ns || (str && !c)) {
        free(c);
        if (ns)
            s->strings = ns;
        hs_error_set(err, "out of memory");
        return NULL;
    }
    s->strings = ns;
    s->strings[s->n_strings++] = c;
    return c;
}

/* A list of strings (or nulls, when allow_null) under `key`; def when missing. */
static int str_list(hs_jctx *c, const cJSON *root, const char *key, int required, int allow_null,
                    const cJSON **out)
{
    if (hs_jarray(c, root, "$", key, required, out) < 0)
        return -1;
    int i = 0;
    for (const cJSON *e = *out ? (*out)->child : NULL; e; e = e->next, i++)
        if (!(cJSON_IsString(e) && e->valuestring[0]) && !(allow_null && cJSON_IsNull(e))) {
            char desc[96];
            hs_jdescribe(e, desc, sizeof desc);
            hs_error_set(c->err, "%s: at $.%s[%d]: expected a non-empty string%s, got %s",
                         c->file, key, i, allow_null ? " or null" : "", desc);
            return -1;
        }
    if (required && cJSON_GetArraySize(*out) == 0) {
        hs_error_set(c->err, "%s: at $.%s: expected at least one entry, got an empty array",
                     c->file, key);
        return -1;
    }
    return 0;
}

hs_sweep *hs_sweep_load(const char *path, hs_error *err)
{
    cJSON *root;
    if (hs_json_load_file(path, &root, err) < 0)
        return NULL;
    hs_sweep *s = hs_sweep_from_json(root, path, err);
    cJSON_Delete(root);
    return s;
}

hs_sweep *hs_sweep_from_json(const cJSON *root, const char *path, hs_error *err)
{
    static const char *const keys[] = {"format", "version", "name", "description", "devices",
                                       "models", "policies", "scenarios", "seeds", "frames",
                                       "prune", "quant", NULL};
    hs_jctx c = {path, err};
    hs_sweep *s = calloc(1, sizeof *s);
    const cJSON *dev, *mod, *pol, *scn, *seeds, *prune, *quant;
    const char *name;
    long long frames;
    if (!s) {
        hs_error_set(err, "out of memory");
        goto fail;
    }
    if (hs_jheader(&c, root, "hetsim-sweep", 1) < 0 || hs_jobject(&c, root, "$", keys) < 0 ||
        hs_jstring(&c, root, "$", "name", 1, NULL, &name) < 0 ||
        str_list(&c, root, "devices", 1, 0, &dev) < 0 || str_list(&c, root, "models", 1, 0, &mod) < 0 ||
        str_list(&c, root, "policies", 1, 0, &pol) < 0 ||
        str_list(&c, root, "scenarios", 0, 1, &scn) < 0 ||
        hs_jarray(&c, root, "$", "seeds", 0, &seeds) < 0 ||
        hs_jarray(&c, root, "$", "prune", 0, &prune) < 0 ||
        str_list(&c, root, "quant", 0, 0, &quant) < 0 ||
        hs_jint(&c, root, "$", "frames", 0, 0, 1, 10000000, &frames) < 0)
        goto fail;
    if (!(s->name = hs_strdup(name))) {
        hs_error_set(err, "out of memory");
        goto fail;
    }
    /* defaults for the optional axes: one closed-loop scenario, seed 1, no transforms */
    int ns = scn ? cJSON_GetArraySize(scn) : 1, nseed = seeds ? cJSON_GetArraySize(seeds) : 1;
    int npr = prune ? cJSON_GetArraySize(prune) : 1, nq = quant ? cJSON_GetArraySize(quant) : 1;
    if ((scn && !ns) || (seeds && !nseed) || (prune && !npr) || (quant && !nq)) {
        hs_error_set(err, "%s: at $: expected optional axes (scenarios, seeds, prune, quant) to "
                          "have at least one entry when given",
                     path);
        goto fail;
    }
    for (int i = 0; seeds && i < nseed; i++) {
        char p[32];
        snprintf(p, sizeof p, "$.seeds[%d]", i);
        double v;
        if (hs_jnumber_value(&c, cJSON_GetArrayItem(seeds, i), p, 0, 9007199254740991.0, &v) < 0)
            goto fail;
    }
    for (int i = 0; prune && i < npr; i++) {
        char p[32];
        snprintf(p, sizeof p, "$.prune[%d]", i);
        double v;
        if (hs_jnumber_value(&c, cJSON_GetArrayItem(prune, i), p, 0, 0.95, &v) < 0)
            goto fail;
    }
    for (int i = 0; quant && i < nq; i++) {
        const char *q = cJSON_GetArrayItem(quant, i)->valuestring;
        if (strcmp(q, "none") != 0 && strcmp(q, "int8") != 0) {
            hs_error_set(err, "%s: at $.quant[%d]: expected \"none\" or \"int8\", got \"%s\"",
                         path, i, q);
            goto fail;
        }
    }
    /* in double: seven axis lengths multiplied can overflow any integer type */
    double grid = (double)cJSON_GetArraySize(dev) * cJSON_GetArraySize(mod) *
                  cJSON_GetArraySize(pol) * ns * npr * nq * nseed;
    if (grid > 10000000) {
        hs_error_set(err, "%s: the grid has %.0f points (at most 10 million)", path, grid);
        goto fail;
    }
    long total = (long)grid;
    s->points = calloc((size_t)total, sizeof *s->points);
    if (!s->points) {
        hs_error_set(err, "out of memory");
        goto fail;
    }
    /* scenario paths are relative to the sweep file */
    const char *slash = strrchr(path, '/');
    const char *scen_paths[256];
    if (ns > 256) {
        hs_error_set(err, "%s: at $.scenarios: expected at most 256 scenarios", path);
        goto fail;
    }
    for (int i = 0; i < ns; i++) {
        const cJSON *e = scn ? cJSON_GetArrayItem(scn, i) : NULL;
        if (!e || cJSON_IsNull(e)) {
            scen_paths[i] = NULL;
            continue;
        }
        char full[PATH_MAX];
        if (e->valuestring[0] != '/' && slash)
            snprintf(full, sizeof full, "%.*s/%s", (int)(slash - path), path, e->valuestring);
        else
            snprintf(full, sizeof full, "%s", e->valuestring);
        if (!(scen_paths[i] = keep(s, full, err)))
            goto fail;
    }
    int k = 0;
    for (const cJSON *a = dev->child; a; a = a->next)
        for (const cJSON *b = mod->child; b; b = b->next)
            for (const cJSON *p = pol->child; p; p = p->next)
                for (int si = 0; si < ns; si++)
                    for (int pi = 0; pi < npr; pi++)
                        for (int qi = 0; qi < nq; qi++)
                            for (int ei = 0; ei < nseed; ei++) {
                                hs_point *pt = &s->points[k++];
                                pt->device = a->valuestring;
                                pt->model = b->valuestring;
                                pt->policy = p->valuestring;
                                pt->scenario = scen_paths[si];
                                pt->frames = (int)frames;
                                pt->prune = prune ? cJSON_GetArrayItem(prune, pi)->valuedouble : 0;
                                pt->quant_int8 =
                                    quant && strcmp(cJSON_GetArrayItem(quant, qi)->valuestring,
                                                    "int8") == 0;
                                pt->seed = seeds ? (unsigned long long)cJSON_GetArrayItem(
                                                       seeds, ei)->valuedouble
                                                 : 1;
                            }
    s->n_points = k;
    /* the strings of the points must outlive the JSON tree */
    for (int i = 0; i < k; i++) {
        hs_point *pt = &s->points[i];
        const char *dv = pt->device, *md = pt->model, *pl = pt->policy;
        if (!(pt->device = keep(s, dv, err)) || !(pt->model = keep(s, md, err)) ||
            !(pt->policy = keep(s, pl, err)))
            goto fail;
    }
    return s;
fail:
    hs_sweep_free(s);
    return NULL;
}

/* Rows already done: from the output and the part files of an interrupted
 * run. rows[i] is owned (NULL when point i is missing). */
static int read_rows(const char *file, char **rows, int n, int with_prefix, hs_error *err)
{
    if (access(file, F_OK) != 0)
        return 0;
    char *buf;
    if (hs_read_text_file(file, (size_t)1 << 31, &buf, NULL, err) < 0)
        return -1;
    char *line = buf, *next;
    int lineno = 0;
    for (; line && *line; line = next) {
        next = strchr(line, '\n');
        if (next)
            *next++ = '\0';
        lineno++;
        if (!with_prefix && lineno == 1)
            continue; /* the header */
        char *end;
        long i = strtol(line, &end, 10);
        if (end == line || (*end != ',' && *end != '\t') || i < 0 || i >= n) {
            if (!next) /* a last line cut short by a kill: that point runs again */
                break;
            hs_error_set(err, "%s:%d: expected a point number below %d, then the row", file,
                         lineno, n);
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

static void progress(int done, int total, int quiet, time_t t0)
{
    if (quiet)
        return;
    int width = 30, fill = total ? done * width / total : width;
    fprintf(stderr, "\rsweep [%.*s%*s] %d/%d points, %lds", fill,
            "##############################", width - fill, "", done, total,
            (long)(time(NULL) - t0));
    if (done == total)
        fputc('\n', stderr);
}

/* Worker w of jobs: its points in order, each row appended and flushed at once. */
static int worker(const hs_sweep *s, const char *part, int w, int jobs, char *const *done)
{
    FILE *f = fopen(part, "a");
    if (!f)
        return 3;
    for (int i = w; i < s->n_points; i += jobs) {
        if (done[i])
            continue;
        hs_error err;
        char *row = NULL;
        size_t len = 0;
        FILE *m = open_memstream(&row, &len);
        if (!m || hs_point_run(&s->points[i], m, &err) < 0) {
            if (m)
                fclose(m);
            free(row);
            fprintf(stderr, "\nhetsim sweep: point %d (%s, %s, %s): %s\n", i, s->points[i].device,
                    s->points[i].model, s->points[i].policy, m ? err.msg : "out of memory");
            fclose(f);
            return 2;
        }
        fclose(m);
        fprintf(f, "%d\t%s", i, row);
        free(row);
        if (fflush(f) != 0) {
            fclose(f);
            return 3;
        }
    }
    return fclose(f) == 0 ? 0 : 3;
}

static int count_lines(const char *file)
{
    FILE *f = fopen(file, "r");
    if (!f)
        return 0;
    int n = 0, ch;
    while ((ch = getc(f)) != EOF)
        n += ch == '\n';
    fclose(f);
    return n;
}

int hs_sweep_run(const hs_sweep *s, const char *out, int jobs, int resume, int quiet,
                 hs_error *err)
{
    int n = s->n_points, rc = -1;
    char **rows = calloc((size_t)(n ? n : 1), sizeof *rows);
    char part[PATH_MAX + 32];
    if (!rows) {
        hs_error_set(err, "out of memory");
        return -1;
    }
    if (jobs < 1)
        jobs = 1;
    if (resume) {
        if (read_rows(out, rows, n, 0, err) < 0)
            goto done;
        for (int w = 0; w < 64; w++) { /* part files of an interrupted run, any -j */
            snprintf(part, sizeof part, "%s.part.%d", out, w);
            if (read_rows(part, rows, n, 1, err) < 0)
                goto done;
        }
    }
    for (int w = 0; w < 64; w++) { /* start from clean part files */
        snprintf(part, sizeof part, "%s.part.%d", out, w);
        if (!resume || w >= jobs)
            unlink(part);
    }
    int already = 0;
    for (int i = 0; i < n; i++)
        already += rows[i] != NULL;
    /* rows already in part files are in `rows`: rewrite those files empty */
    for (int w = 0; w < jobs; w++) {
        snprintf(part, sizeof part, "%s.part.%d", out, w);
        FILE *f = fopen(part, "w");
        if (!f) {
            hs_error_set(err, "%s: cannot create: %s", part, strerror(errno));
            goto done;
        }
        for (int i = w; i < n; i += jobs)
            if (rows[i])
                fprintf(f, "%d\t%s\n", i, rows[i]);
        fclose(f);
    }
    time_t t0 = time(NULL);
    fflush(NULL);
    pid_t pids[64];
    if (jobs > 64)
        jobs = 64;
    for (int w = 0; w < jobs; w++) {
        snprintf(part, sizeof part, "%s.part.%d", out, w);
        pid_t pid = fork();
        if (pid < 0) {
            hs_error_set(err, "cannot start worker %d: %s", w, strerror(errno));
            for (int k = 0; k < w; k++)
                kill(pids[k], SIGTERM);
            goto done;
        }
        if (pid == 0) {
            prctl(PR_SET_PDEATHSIG, SIGKILL); /* no orphan keeps writing if we are killed */
            if (getppid() == 1)
                _exit(3);
            _exit(worker(s, part, w, jobs, rows));
        }
        pids[w] = pid;
    }
    int running = jobs, failed = 0;
    while (running > 0) {
        int status;
        pid_t pid = waitpid(-1, &status, WNOHANG);
        if (pid > 0) {
            running--;
            if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
                failed = WIFEXITED(status) ? WEXITSTATUS(status) : 3;
            continue;
        }
        int finished = 0;
        for (int w = 0; w < jobs; w++) {
            snprintf(part, sizeof part, "%s.part.%d", out, w);
            finished += count_lines(part);
        }
        progress(finished, n, quiet, t0);
        struct timespec ts = {0, 100000000};
        nanosleep(&ts, NULL);
    }
    for (int w = 0; w < jobs; w++) {
        snprintf(part, sizeof part, "%s.part.%d", out, w);
        if (read_rows(part, rows, n, 1, err) < 0)
            goto done;
    }
    int have = 0;
    for (int i = 0; i < n; i++)
        have += rows[i] != NULL;
    progress(have, n, quiet, t0);
    if (failed) {
        hs_error_set(err, "%d of %d points done (%d before this run); %s", have, n, already,
                     failed == 2 ? "a point failed (above); fix it and run again with --resume"
                                 : "a worker could not write its rows");
        rc = failed == 2 ? 1 : -1;
        goto done;
    }
    hs_afile f;
    if (hs_afile_open(&f, out, err) < 0)
        goto done;
    fputs("point,", f.f);
    hs_report_csv_header(f.f);
    for (int i = 0; i < n; i++)
        fprintf(f.f, "%d,%s\n", i, rows[i]);
    if (hs_afile_commit(&f, err) < 0)
        goto done;
    for (int w = 0; w < jobs; w++) {
        snprintf(part, sizeof part, "%s.part.%d", out, w);
        unlink(part);
    }
    rc = 0;
done:
    for (int i = 0; i < n; i++)
        free(rows[i]);
    free(rows);
    return rc;
}
