/* Fig. 5 at run time: GPU utilization and the apps' frame drops over one
 * run, binned from the run's timeline (sim/timeline.h). */
#include "analysis/reproduce_run.h"

#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/atomic_file.h"
#include "sim/clients.h"
#include "sim/timeline.h"

static int cmp_time(const void *a, const void *b)
{
    hs_time x = *(const hs_time *)a, y = *(const hs_time *)b;
    return (x > y) - (x < y);
}

/* The timeline of one run binned into windows, rows appended to f. */
static int one_run(FILE *f, const char *label, hs_point *p, double window_ms, hs_error *err)
{
    hs_timeline tl = {0};
    p->timeline = &tl;
    hs_point_session *r = hs_point_open(p, err);
    int rc = -1;
    hs_time *done = NULL;
    double *busy_inf = NULL, *busy_app = NULL;
    if (!r || hs_point_simulate(r, err) < 0)
        goto out;
    if (tl.oom) {
        hs_error_set(err, "out of memory");
        goto out;
    }
    const hs_run_config *cfg = &r->cfg[0];
    const hs_device *d = r->d;
    hs_time t_end = r->out[0].res.t_end;
    double w = window_ms * 1e6;
    int nb = (int)ceil((double)t_end / w);
    if (nb < 1)
        nb = 1;
    int gpu = hs_device_find_kind(d, HS_PROC_GPU);
    if (!(busy_inf = calloc((size_t)nb, sizeof *busy_inf)) ||
        !(busy_app = calloc((size_t)nb, sizeof *busy_app)) ||
        !(done = malloc((tl.n + 1) * sizeof *done))) {
        hs_error_set(err, "out of memory");
        goto out;
    }
    /* the GPU queue's busy time per window, the inference's and the apps' */
    for (size_t i = 0; gpu >= 0 && i < tl.n; i++) {
        const hs_span *s = &tl.spans[i];
        if (strcmp(tl.tracks[s->track], d->procs[gpu].name) != 0)
            continue;
        double *b = strcmp(s->cat, "app") == 0 ? busy_app : busy_inf;
        for (hs_time t0 = s->t0; t0 < s->t1;) {
            int k = (int)((double)t0 / w);
            if (k >= nb)
                break;
            hs_time edge = (hs_time)((k + 1) * w);
            hs_time t1 = s->t1 < edge ? s->t1 : edge;
            b[k] += (double)(t1 - t0);
            t0 = t1;
        }
    }
    for (int k = 0; k < nb; k++) {
        double len = fmin(w, (double)t_end - k * w);
        fprintf(f, "%s,%.1f,GPU busy: inference,%.2f\n", label, (k + 0.5) * window_ms,
                100 * busy_inf[k] / len);
        fprintf(f, "%s,%.1f,GPU busy: apps,%.2f\n", label, (k + 0.5) * window_ms,
                100 * busy_app[k] / len);
    }
    /* each app's releases: the k-th completion of its last stage is release
     * k's (an app's releases go through its stages in order); a release is
     * dropped when it completes after its deadline or not at all. Each
     * release counts in the window of its deadline (deadlines after the
     * run's end are not due). */
    for (int c = 0; c < cfg->n_clients; c++) {
        const hs_client *cl = &cfg->clients[c];
        int last = cl->proc[cl->n_stages - 1];
        char track[64];
        if (d->procs[last].kind == HS_PROC_CPU)
            snprintf(track, sizeof track, "%s (thread)", cl->name);
        else
            snprintf(track, sizeof track, "%s", d->procs[last].name);
        size_t nd = 0;
        for (size_t i = 0; i < tl.n; i++) {
            const hs_span *s = &tl.spans[i];
            if (strcmp(s->cat, "app") == 0 && strcmp(s->name, cl->name) == 0 &&
                strcmp(tl.tracks[s->track], track) == 0)
                done[nd++] = s->t1;
        }
        qsort(done, nd, sizeof *done, cmp_time);
        for (int k = 0; k < nb; k++) {
            long due = 0, late = 0;
            for (long j = 0;; j++) {
                double dl = (double)hs_client_release_time(cl, j) + cl->deadline_ns;
                if (dl >= (double)t_end || dl >= (k + 1) * w)
                    break;
                if (dl < k * w)
                    continue;
                due++;
                late += (size_t)j >= nd || (double)done[j] > dl;
            }
            if (due > 0)
                fprintf(f, "%s,%.1f,drops: %s,%.2f\n", label, (k + 0.5) * window_ms, cl->name,
                        100.0 * (double)late / (double)due);
        }
    }
    rc = 0;
out:
    free(done);
    free(busy_inf);
    free(busy_app);
    hs_point_close(r);
    hs_timeline_free(&tl);
    p->timeline = NULL;
    return rc;
}

int hs_repro_fig5_timeline(const char *dir, const char *scenario, double window_ms,
                           hs_error *err)
{
    static const char *const policies[] = {"gpu", "adaptive"};
    char path[PATH_MAX];
    snprintf(path, sizeof path, "%.3000s/fig5-timeline.csv", dir);
    hs_afile f;
    if (hs_afile_open(&f, path, err) < 0)
        return -1;
    fprintf(f.f, "run,t_ms,series,pct\n");
    for (int i = 0; i < 2; i++) {
        hs_point p = {.device = "xiaomi-mi9", .model = "vgg16", .policy = policies[i],
                      .scenario = scenario, .seed = 1, .frames = 40};
        char label[64];
        snprintf(label, sizeof label, "vgg16 / %s (xiaomi-mi9; UI + video)", policies[i]);
        if (one_run(f.f, label, &p, window_ms, err) < 0) {
            hs_afile_abort(&f);
            return -1;
        }
    }
    return hs_afile_commit(&f, err);
}
