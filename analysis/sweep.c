#include "analysis/sweep.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "base/atomic_file.h"
#include "base/datapath.h"
#include "base/json_read.h"
#include "base/progress.h"
#include "base/text_file.h"
#include "analysis/sweep_rows.h"
#include "policies/policy.h"
#include "sim/catalog.h"
#include "sim/scenario.h"

void hs_sweep_free(hs_sweep *s)
{
    if (!s)
        return;
    for (int i = 0; i < s->n_strings; i++)
        free(s->strings[i]);
    free(s->strings);
    free(s->canon_key);
    free(s->canon_name);
    free(s->points);
    free(s->name);
    free(s);
}

/* An owned copy of str (NULL stays NULL) in s->strings, which doubles as it
 * fills (a sweep of many points keeps three strings per point). */
static const char *keep(hs_sweep *s, const char *str, hs_error *err)
{
    if (s->n_strings == s->cap_strings) {
        int cap = s->cap_strings ? 2 * s->cap_strings : 16;
        char **ns = realloc(s->strings, (size_t)cap * sizeof *ns);
        if (!ns) {
            hs_error_set(err, "out of memory");
            return NULL;
        }
        s->strings = ns;
        s->cap_strings = cap;
    }
    char *c = str ? hs_strdup(str) : NULL;
    if (str && !c) {
        hs_error_set(err, "out of memory");
        return NULL;
    }
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

const char *hs_sweep_canonical(const hs_sweep *s, char kind, const char *str)
{
    for (int i = 0; i < s->n_canon; i++)
        if (s->canon_key[i][0] == kind && strcmp(s->canon_key[i] + 1, str) == 0)
            return s->canon_name[i];
    return NULL;
}

static int add_canonical(hs_sweep *s, char kind, const char *str, const char *name,
                         hs_error *err)
{
    char key[4200];
    snprintf(key, sizeof key, "%c%s", kind, str);
    const char **k = realloc(s->canon_key, (size_t)(s->n_canon + 1) * sizeof *k);
    if (k)
        s->canon_key = k;
    const char **v = realloc(s->canon_name, (size_t)(s->n_canon + 1) * sizeof *v);
    if (v)
        s->canon_name = v;
    const char *kk = k && v ? keep(s, key, err) : NULL, *vv = kk ? keep(s, name, err) : NULL;
    if (!vv) {
        hs_error_set_runtime(err, "out of memory");
        return -1;
    }
    s->canon_key[s->n_canon] = kk;
    s->canon_name[s->n_canon++] = vv;
    return 0;
}

/* Every device, model, policy and scenario of the spec opened once, before
 * any point runs; the first that fails is named by its place in the file. */
static int check_spec(hs_sweep *s, const cJSON *root, const char *path, hs_error *err)
{
    hs_error e;
    int i = 0;
    for (const cJSON *d = cJSON_GetObjectItemCaseSensitive(root, "devices")->child; d;
         d = d->next, i++) {
        if (hs_sweep_canonical(s, 'd', d->valuestring))
            continue;
        hs_device *dev = hs_open_device(d->valuestring, &e);
        if (!dev) {
            hs_error_set(err, "%s: at $.devices[%d]: %s", path, i, e.msg);
            return -1;
        }
        int bad = add_canonical(s, 'd', d->valuestring, dev->name, err);
        hs_device_free(dev);
        if (bad)
            return -1;
    }
    i = 0;
    for (const cJSON *m = cJSON_GetObjectItemCaseSensitive(root, "models")->child; m;
         m = m->next, i++) {
        if (hs_sweep_canonical(s, 'm', m->valuestring))
            continue;
        hs_graph *g = hs_open_model(m->valuestring, &e);
        if (!g) {
            hs_error_set(err, "%s: at $.models[%d]: %s", path, i, e.msg);
            return -1;
        }
        int bad = add_canonical(s, 'm', m->valuestring, g->name, err);
        hs_graph_free(g);
        if (bad)
            return -1;
    }
    i = 0;
    for (const cJSON *p = cJSON_GetObjectItemCaseSensitive(root, "policies")->child; p;
         p = p->next, i++)
        if (hs_policy_check_name(p->valuestring, &e) < 0) {
            hs_error_set(err, "%s: at $.policies[%d]: %s", path, i, e.msg);
            return -1;
        }
    for (i = 0; i < s->n_scen; i++) {
        if (!s->scen[i])
            continue;
        hs_scenario *sc = hs_scenario_load_file(s->scen[i], &e);
        if (!sc) {
            hs_error_set(err, "%s: at $.scenarios[%d]: %s", path, i, e.msg);
            return -1;
        }
        int workload = sc->n_workload > 0;
        hs_scenario_free(sc);
        if (workload) {
            hs_error_set(err, "%s: at $.scenarios[%d]: %s has a workload (several models); a "
                              "sweep runs one model per point",
                         path, i, s->scen[i]);
            return -1;
        }
    }
    return 0;
}

hs_sweep *hs_sweep_load(const char *path, hs_error *err)
{
    cJSON *root;
    if (hs_json_load_file(path, &root, err) < 0)
        return NULL;
    hs_sweep *s = hs_sweep_from_json(root, path, err);
    if (s && check_spec(s, root, path, err) < 0) {
        hs_sweep_free(s);
        s = NULL;
    }
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
    for (const char *q = name; *q; q++)
        if ((unsigned char)*q < 0x20 || *q == 0x7f) {
            /* the name goes on one line of a shard's tag */
            hs_error_set(err, "%s: at $.name: expected a name without control characters "
                              "(newline, tab), got character 0x%02x at offset %d",
                         path, (unsigned char)*q, (int)(q - name));
            goto fail;
        }
    if (strlen(name) > 200) {
        hs_error_set(err, "%s: at $.name: expected at most 200 bytes, got %zu", path,
                     strlen(name));
        goto fail;
    }
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
    if (grid > HS_SWEEP_MAX_POINTS) {
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
    const char **scen_paths = s->scen;
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
    s->n_scen = ns;
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

int hs_sweep_selected(const hs_sweep_opts *o, int i)
{
    return o->shard_n <= 1 || i % o->shard_n == o->shard_k - 1;
}

static unsigned long long fnv(unsigned long long h, const void *p, size_t n)
{
    const unsigned char *b = p;
    for (size_t i = 0; i < n; i++)
        h = (h ^ b[i]) * 0x100000001b3ULL;
    return h;
}

static unsigned long long fnv_str(unsigned long long h, const char *str)
{
    if (!str)
        str = "";
    return fnv(h, str, strlen(str) + 1);
}

unsigned long long hs_sweep_digest(const hs_sweep *s)
{
    unsigned long long h = 0xcbf29ce484222325ULL;
    h = fnv_str(h, s->name);
    for (int i = 0; i < s->n_points; i++) {
        const hs_point *p = &s->points[i];
        const char *base = p->scenario ? strrchr(p->scenario, '/') : NULL;
        char num[96];
        h = fnv_str(h, p->device);
        h = fnv_str(h, p->model);
        h = fnv_str(h, p->policy);
        h = fnv_str(h, base ? base + 1 : p->scenario);
        snprintf(num, sizeof num, "%llu %d %.17g %d", p->seed, p->frames, p->prune, p->quant_int8);
        h = fnv_str(h, num);
    }
    return h;
}

int hs_sweep_point_row(const hs_sweep *s, int i, char **row, hs_error *err)
{
    size_t len = 0;
    *row = NULL;
    FILE *m = open_memstream(row, &len);
    if (!m) {
        hs_error_set(err, "out of memory");
        return -1;
    }
    int rc = hs_point_csv_row(&s->points[i], m, err);
    if (fclose(m) != 0 && rc == 0) {
        hs_error_set(err, "out of memory");
        rc = -1;
    }
    if (rc == 0 && len > 0 && (*row)[len - 1] == '\n')
        (*row)[len - 1] = '\0';
    if (rc < 0) {
        free(*row);
        *row = NULL;
    }
    return rc;
}

/* Worker w of jobs: its share of the points to do, each row appended to its
 * part file at once. Exit status 0, 2 when a point failed, 3 on I/O errors. */
static int worker(const hs_sweep *s, unsigned long long digest, const char *part, int w,
                  int jobs, const int *todo, int n_todo)
{
    int fd = hs_rows_part_open(part, s, digest);
    if (fd < 0)
        return 3;
    for (int k = w; k < n_todo; k += jobs) {
        int i = todo[k];
        hs_error err;
        char *row;
        if (hs_sweep_point_row(s, i, &row, &err) < 0) {
            /* on a terminal, below the bar's line */
            fprintf(stderr, "%shetsim sweep: point %d (%s, %s, %s): %s\n",
                    isatty(STDERR_FILENO) ? "\n" : "", i, s->points[i].device,
                    s->points[i].model, s->points[i].policy, err.msg);
            close(fd);
            return 2;
        }
        int bad = hs_rows_append(fd, i, row);
        free(row);
        if (bad) {
            close(fd);
            return 3;
        }
    }
    return close(fd) == 0 ? 0 : 3;
}

static volatile sig_atomic_t interrupted;

static void on_signal(int sig)
{
    interrupted = sig;
}

int hs_sweep_interrupted(void)
{
    return interrupted;
}

void hs_sweep_catch_signals(int on)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on ? on_signal : SIG_DFL;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    if (on)
        interrupted = 0;
}

void hs_sweep_interrupt_message(const hs_sweep *s, const hs_sweep_opts *o, hs_error *err)
{
    int total = 0;
    for (int i = 0; i < s->n_points; i++)
        total += hs_sweep_selected(o, i);
    int kept = hs_rows_in_parts(o->out);
    hs_error_set(err, "interrupted: %d of %d points are kept in %s.part.*; run the same command "
                      "with --resume to run the other %d",
                 kept, total, o->out, total - kept);
    hs_error_mark(err, HS_ERR_INTERRUPTED);
}

int hs_sweep_run(const hs_sweep *s, const hs_sweep_opts *o, hs_error *err)
{
    int n = s->n_points, rc = -1, jobs = o->jobs < 1 ? 1 : o->jobs, lock = -1;
    char **rows = hs_rows_new(n);
    int *todo = malloc((size_t)(n ? n : 1) * sizeof *todo);
    char part[4200];
    if (!rows || !todo) {
        free(todo);
        hs_rows_free(rows, n);
        hs_error_set_runtime(err, "out of memory");
        return -1;
    }
    if (jobs > HS_SWEEP_MAX_PARTS)
        jobs = HS_SWEEP_MAX_PARTS;
    unsigned long long digest = hs_sweep_digest(s);
    /* one sweep at a time writes OUT (and its part files) */
    if ((lock = hs_rows_lock(o->out, err)) < 0)
        goto done;
    if (hs_rows_resume(s, o, rows, err) < 0)
        goto done; /* the rows of another sweep (input), or I/O (runtime) */
    int n_todo = 0, total = 0;
    for (int i = 0; i < n; i++)
        if (hs_sweep_selected(o, i)) {
            total++;
            if (!rows[i])
                todo[n_todo++] = i;
        }
    int already = total - n_todo;
    if (jobs > n_todo)
        jobs = n_todo > 0 ? n_todo : 1;
    hs_progress bar;
    hs_progress_init(&bar, stderr, "sweep", o->quiet);
    fflush(NULL);
    hs_sweep_catch_signals(1);
    pid_t pids[HS_SWEEP_MAX_PARTS];
    int started = 0;
    for (int w = 0; w < jobs && n_todo > 0; w++) {
        hs_rows_part_name(part, sizeof part, o->out, w);
        pid_t pid = fork();
        if (pid < 0) {
            hs_error_set_runtime(err, "cannot start worker %d: %s", w, strerror(errno));
            for (int k = 0; k < started; k++)
                kill(pids[k], SIGTERM);
            while (wait(NULL) > 0)
                ;
            goto done;
        }
        if (pid == 0) {
            hs_sweep_catch_signals(0);
            prctl(PR_SET_PDEATHSIG, SIGKILL); /* no orphan keeps writing if we are killed */
            if (getppid() == 1)
                _exit(3);
            _exit(worker(s, digest, part, w, jobs, todo, n_todo));
        }
        pids[started++] = pid;
    }
    int running = started, failed = 0;
    while (running > 0) {
        if (interrupted) {
            for (int k = 0; k < started; k++)
                kill(pids[k], SIGTERM);
            while (wait(NULL) > 0)
                ;
            hs_progress_break(&bar);
            hs_sweep_interrupt_message(s, o, err);
            goto done;
        }
        int status;
        pid_t pid = waitpid(-1, &status, WNOHANG);
        if (pid > 0) {
            running--;
            if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
                failed = WIFEXITED(status) ? WEXITSTATUS(status) : 3;
            continue;
        }
        hs_progress_update(&bar, hs_rows_in_parts(o->out), total, "points");
        struct timespec ts = {0, 100000000};
        nanosleep(&ts, NULL);
    }
    for (int w = 0; w < jobs; w++) {
        hs_rows_part_name(part, sizeof part, o->out, w);
        if (hs_rows_read(s, digest, part, rows, 0, err) < 0) {
            hs_error_mark(err, HS_ERR_RUNTIME);
            goto done;
        }
    }
    int have = 0;
    for (int i = 0; i < n; i++)
        have += rows[i] && hs_sweep_selected(o, i);
    hs_progress_update(&bar, have, total, "points");
    hs_progress_break(&bar);
    if (failed || have < total) {
        hs_error_set(err, "%d of %d points done (%d before this run); %s", have, total, already,
                     failed == 2 ? "a point failed (above); fix it and run again with --resume"
                                 : "a worker could not write its rows");
        /* a point that failed is an input error (its message is above) */
        hs_error_mark(err, failed == 2 ? HS_ERR_INPUT : HS_ERR_RUNTIME);
        goto done;
    }
    if (hs_rows_write(s, o, rows, err) < 0) {
        hs_error_mark(err, HS_ERR_RUNTIME);
        goto done;
    }
    rc = 0;
done:
    hs_sweep_catch_signals(0);
    hs_rows_unlock(o->out, lock);
    free(todo);
    hs_rows_free(rows, n);
    return rc;
}
