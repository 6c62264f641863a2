/* hetsim validate's cases (validate_all.h). */
#include "analysis/validate_all.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/atomic_file.h"
#include "base/datapath.h"
#include "sim/catalog.h"

static void tell(hs_validate_report rep, void *ctx, hs_validate_event ev,
                 const hs_validate_case *c)
{
    if (rep)
        rep(ctx, ev, c);
}

/* Make sure s->dir holds MODEL's traces (unless a profile is given). */
static int ensure_recorded(const hs_validate_setup *s, const char *model,
                           hs_validate_report rep, void *ctx, hs_error *err)
{
    hs_graph *g = hs_open_model(model, err);
    if (!g)
        return -1;
    char probe[8192];
    snprintf(probe, sizeof probe, "%s/traces/%s/%s/cpu.json", s->dir,
             s->record.name ? s->record.name : "host", g->name);
    hs_graph_free(g);
    if (s->device || access(probe, R_OK) == 0)
        return 0;
    hs_validate_case c = {.model = model};
    tell(rep, ctx, HS_VALIDATE_RECORDING, &c);
    return hs_native_record_dir(model, s->dir, &s->record, err);
}

hs_device *hs_validate_host(const hs_validate_setup *s, const char *model,
                            hs_validate_report rep, void *ctx, hs_error *err)
{
    if (ensure_recorded(s, model, rep, ctx, err) < 0)
        return NULL;
    char path[4200];
    if (s->device)
        snprintf(path, sizeof path, "%s", s->device);
    else
        snprintf(path, sizeof path, "%s/%s.json", s->dir, s->record.name ? s->record.name : "host");
    return hs_open_device(path, err);
}

static void free_names(char **names, int n)
{
    for (int i = 0; i < n; i++)
        free(names[i]);
    free(names);
}

/* Every case of one model on the host profile d, a CSV row each. */
static int model_cases(const hs_validate_setup *s, const hs_device *d, const char *model,
                       int *index, int total, FILE *csv, hs_validate_report rep, void *ctx,
                       hs_validate_summary *sum, hs_error *err)
{
    static const char *const policies[] = {"cpu", "gpu", "mulayer", "codl"};
    static const int hogs[] = {0, 1, 2};
    int has_gpu = hs_device_find_kind(d, HS_PROC_GPU) >= 0;
    for (int pi = 0; pi < 4; pi++)
        for (int hi = 0; hi < 3; hi++) {
            ++*index;
            if (pi > 0 && !has_gpu)
                continue;
            hs_validate_case c = {.model = model, .policy = policies[pi], .hogs = hogs[hi],
                                  .index = *index, .total = total};
            tell(rep, ctx, HS_VALIDATE_CASE_START, &c);
            hs_validation v;
            hs_validate_opts vo = s->run;
            vo.native.hogs = hogs[hi];
            vo.native.progress = 0;
            c.load_before = hs_loadavg();
            hs_cpu_snap c0, c1;
            hs_cpu_snap_take(&c0);
            if (hs_validate_one(d, model, policies[pi], &vo, &v, err) < 0)
                return -1;
            c.load_after = hs_loadavg();
            hs_cpu_snap_take(&c1);
            hs_cpu_others(&c0, &c1, &c.others, &c.steal);
            if (c.load_after > sum->load_max)
                sum->load_max = c.load_after;
            hs_validation_csv_row(csv, &v, model, policies[pi], hogs[hi], c.load_before,
                                  c.load_after, c.others, c.steal);
            int cat = v.coexec || hogs[hi] > 0;
            sum->cases[cat]++;
            sum->met[cat] += fabs(v.err_mean_pct) <= v.target_pct;
            sum->abs_err_sum[cat] += fabs(v.err_mean_pct);
            c.v = &v;
            tell(rep, ctx, HS_VALIDATE_CASE_DONE, &c);
            hs_validation_free(&v);
        }
    return 0;
}

int hs_validate_all(const hs_validate_setup *s, char *const *models, int n_models,
                    const char *report, hs_validate_report rep, void *ctx,
                    hs_validate_summary *sum, hs_error *err)
{
    memset(sum, 0, sizeof *sum);
    char **zoo = NULL;
    int n_zoo = 0, rc = -1;
    if (!models) {
        if (hs_data_list("traces/models", &zoo, &n_zoo) < 0 || n_zoo == 0) {
            hs_error_set(err, "no zoo models found (traces/models in the data directories)");
            goto out;
        }
        models = zoo;
        n_models = n_zoo;
    }
    if (report) {
        snprintf(sum->report, sizeof sum->report, "%s", report);
    } else {
        if (hs_mkdirs(s->dir, err) < 0)
            goto out;
        snprintf(sum->report, sizeof sum->report, "%s/validation.csv", s->dir);
    }
    hs_afile f;
    if (hs_afile_open(&f, sum->report, err) < 0)
        goto out;
    hs_validation_csv_header(f.f);
    int total = n_models * 4 * 3, index = 0;
    sum->load_first = hs_loadavg();
    hs_cpu_snap_take(&sum->start);
    for (int mi = 0; mi < n_models; mi++) {
        hs_device *d = hs_validate_host(s, models[mi], rep, ctx, err);
        int bad = !d || model_cases(s, d, models[mi], &index, total, f.f, rep, ctx, sum, err) < 0;
        hs_device_free(d);
        if (bad) {
            hs_afile_abort(&f);
            goto out;
        }
    }
    if (hs_afile_commit(&f, err) < 0)
        goto out;
    hs_cpu_snap_take(&sum->end);
    rc = 0;
out:
    free_names(zoo, n_zoo);
    return rc;
}
