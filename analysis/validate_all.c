/* hetsim validate's cases (validate_all.h). */
#include "analysis/validate_all.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/atomic_file.h"
#include "base/datapath.h"
#include "base/text_file.h"
#include "analysis/session.h"
#include "policies/policy.h"
#include "sim/catalog.h"

const char *const hs_validate_policies[HS_VALIDATE_N_POLICIES] = {"cpu", "gpu", "mulayer", "codl"};

static void tell(hs_validate_report rep, void *ctx, hs_validate_event ev,
                 const hs_validate_case *c)
{
    if (rep)
        rep(ctx, ev, c);
}

/* The host profile alone (s->device, or DIR/NAME.json, measured now when
 * missing), its path in base; a bad profile is an input error. */
static hs_device *profile_only(const hs_validate_setup *s, char *base, size_t n, hs_error *err)
{
    if (s->device)
        snprintf(base, n, "%s", s->device);
    else
        snprintf(base, n, "%s/%s.json", s->dir, s->record.name ? s->record.name : "host");
    if (!s->device && access(base, R_OK) != 0 &&
        (hs_mkdirs(s->dir, err) < 0 || hs_native_probe_write(&s->record, base, err) < 0))
        return NULL;
    return hs_open_device(base, err);
}

/* Add the split fractions POLICY's plan runs on the host profile d (planned
 * from the profile's latency model: the traces are not recorded yet) to the
 * fractions recorded, so that each part the native run executes is a recorded
 * row, not read off a line through the default ones: PoCL's output-channel
 * parts cost nearly as much at 0.08 as at 0.25 (ResNet-50's 3x3 convolutions:
 * im2col of the whole input), where a line through 0.25-1 said 20-30 % less.
 * A plan the traces change later (their own decisions) may still fall between
 * rows. Nothing is added when the plan cannot be made here. */
static void add_plan_fractions(const hs_device *d, const char *model, const char *policy,
                               hs_record_dir_opts *ro)
{
    hs_error err;
    hs_session ss = {0};
    hs_session_opts so = {{0, 0}, 1};
    if (hs_session_open(&ss, d, model, policy, &so, &err) == 0) {
        for (int i = 0; i < ss.plan->n_ops; i++)
            for (int k = 0; ss.plan->ops[i].n_parts > 1 && k < ss.plan->ops[i].n_parts; k++) {
                double f = ss.plan->ops[i].frac[k];
                int have = !(f > 0 && f < 1);
                for (int j = 0; !have && j < ro->n_splits; j++)
                    have = fabs(ro->splits[j] - f) < 1e-3;
                if (!have && ro->n_splits < HS_RECORD_MAX_SPLITS)
                    ro->splits[ro->n_splits++] = f;
            }
        hs_session_close(&ss);
    }
}

/* Make sure s->dir holds MODEL's traces (unless a profile is given), with
 * the split fractions of POLICY's plan (NULL: of every policy --all runs). */
static int ensure_recorded(const hs_validate_setup *s, const char *model, const char *policy,
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
    char base[4200];
    hs_device *d = profile_only(s, base, sizeof base, err);
    if (!d)
        return -1;
    hs_record_dir_opts ro = s->record;
    for (int k = 0; k < (policy ? 1 : HS_VALIDATE_N_POLICIES); k++)
        add_plan_fractions(d, model, policy ? policy : hs_validate_policies[k], &ro);
    hs_device_free(d);
    return hs_native_record_dir(model, s->dir, &ro, err);
}

hs_device *hs_validate_host(const hs_validate_setup *s, const char *model, const char *policy,
                            hs_validate_report rep, void *ctx, hs_error *err)
{
    if (ensure_recorded(s, model, policy, rep, ctx, err) < 0)
        return NULL;
    char path[4200];
    if (s->device)
        snprintf(path, sizeof path, "%s", s->device);
    else
        snprintf(path, sizeof path, "%s/%s.json", s->dir, s->record.name ? s->record.name : "host");
    return hs_open_device(path, err);
}

/* Copy the host profile into a repetition's directory (atomically). */
static int copy_profile(const char *from, const char *to, hs_error *err)
{
    char *text = NULL;
    size_t len = 0;
    if (hs_read_text_file(from, 64u << 20, &text, &len, err) < 0)
        return -1;
    hs_afile f;
    if (hs_afile_open(&f, to, err) < 0) {
        free(text);
        return -1;
    }
    int bad = fwrite(text, 1, len, f.f) != len;
    free(text);
    if (bad) {
        hs_afile_abort(&f);
        hs_error_set(err, "%s: write error", to);
        return -1;
    }
    return hs_afile_commit(&f, err);
}

int hs_validate_paired(const hs_validate_setup *s, const char *model, const char *policy,
                       hs_validate_report rep, void *ctx, hs_validation *out, hs_device **dev,
                       hs_error *err)
{
    memset(out, 0, sizeof *out);
    *dev = NULL;
    if (s->repeats < 2) {
        if (!(*dev = hs_validate_host(s, model, policy, rep, ctx, err)))
            return -1;
        if (hs_validate_one(*dev, model, policy, &s->run, out, err) < 0) {
            hs_device_free(*dev);
            *dev = NULL;
            return -1;
        }
        return 0;
    }
    /* inputs first, before minutes of recording: the model, the policy, the
     * host profile (measured now when the directory has none) */
    hs_graph *g = hs_open_model(model, err);
    if (!g)
        return -1;
    hs_graph_free(g);
    char pol[64];
    snprintf(pol, sizeof pol, "%.*s", (int)strcspn(policy, ":"), policy);
    if (!hs_policy_find(pol)) {
        hs_error_set(err, "unknown policy \"%s\" (see `hetsim list policies`)", pol);
        return -1;
    }
    enum { MAX_REP = 64 };
    int n = s->repeats < MAX_REP ? s->repeats : MAX_REP;
    const char *name = s->record.name ? s->record.name : "host";
    char base[4200];
    hs_device *bd = profile_only(s, base, sizeof base, err);
    if (!bd)
        return -1;
    /* what each repetition records: the plan's fractions too (one plan:
     * the same profile every time) */
    hs_record_dir_opts rec = s->record;
    if (strcmp(policy, "cpu") == 0)
        rec.use_cl = 0; /* only the CPU's traces are replayed */
    add_plan_fractions(bd, model, policy, &rec);
    hs_device_free(bd);
    double sim[MAX_REP], meas[MAX_REP], acc[8] = {0};
    for (int r = 0; r < n; r++) {
        char rdir[4300], prof[4400];
        snprintf(rdir, sizeof rdir, "%s/repeat-%d", s->dir, r + 1);
        snprintf(prof, sizeof prof, "%s/%s.json", rdir, name);
        if (hs_mkdirs(rdir, err) < 0 || copy_profile(base, prof, err) < 0) {
            hs_error_mark(err, HS_ERR_RUNTIME);
            return -1;
        }
        if (rep) {
            hs_validate_case c = {.model = model, .policy = policy, .index = r + 1, .total = n};
            rep(ctx, HS_VALIDATE_REPEAT, &c);
        }
        if (hs_native_record_dir(model, rdir, &rec, err) < 0) /* marks its own errors */
            return -1;
        hs_device *d = hs_open_device(prof, err);
        if (!d) {
            hs_error_mark(err, HS_ERR_RUNTIME); /* the copy of a profile that loaded */
            return -1;
        }
        hs_validation v;
        if (hs_validate_one(d, model, policy, &s->run, &v, err) < 0) {
            hs_device_free(d); /* its error says whether the input or the run failed */
            return -1;
        }
        sim[r] = v.sim_mean_ms;
        meas[r] = v.meas.mean_ms;
        double f[8] = {v.sim_mean_ms, v.sim_p50_ms,    v.sim_p90_ms,    v.meas.mean_ms,
                       v.meas.p50_ms, v.meas.p90_ms,   v.err_p50_pct,   v.err_p90_pct};
        for (int k = 0; k < 8; k++)
            acc[k] += f[k] / n;
        if (r + 1 < n) {
            hs_validation_free(&v);
            hs_device_free(d);
        } else {
            *out = v;
            *dev = d;
        }
    }
    out->sim_mean_ms = acc[0];
    out->sim_p50_ms = acc[1];
    out->sim_p90_ms = acc[2];
    out->meas.mean_ms = acc[3];
    out->meas.p50_ms = acc[4];
    out->meas.p90_ms = acc[5];
    out->err_p50_pct = acc[6];
    out->err_p90_pct = acc[7];
    if (hs_paired_stats(sim, meas, n, &out->paired) < 0) {
        hs_error_set_runtime(err, "validate: a repetition measured no latency");
        hs_validation_free(out);
        hs_device_free(*dev);
        *dev = NULL;
        return -1;
    }
    out->err_mean_pct = out->paired.err_mean_pct;
    return 0;
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
    static const int hogs[] = {0, 1, 2};
    int has_gpu = hs_device_find_kind(d, HS_PROC_GPU) >= 0;
    const char *const *policies = hs_validate_policies;
    for (int pi = 0; pi < HS_VALIDATE_N_POLICIES; pi++)
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
            hs_device *dr = NULL;
            if (s->repeats >= 2) {
                hs_validate_setup sr = *s;
                sr.run = vo;
                if (hs_validate_paired(&sr, model, policies[pi], rep, ctx, &v, &dr, err) < 0)
                    return -1;
            } else if (hs_validate_one(d, model, policies[pi], &vo, &v, err) < 0) {
                return -1;
            }
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
            sum->within_noise[cat] += v.paired.within_noise == 1;
            c.v = &v;
            tell(rep, ctx, HS_VALIDATE_CASE_DONE, &c);
            hs_validation_free(&v);
            hs_device_free(dr);
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
        hs_device *d = NULL;
        if (s->repeats >= 2) { /* each case records afresh: the profile is enough */
            char base[4200];
            hs_graph *g = hs_open_model(models[mi], err);
            if (g)
                d = profile_only(s, base, sizeof base, err);
            hs_graph_free(g);
        } else {
            d = hs_validate_host(s, models[mi], NULL, rep, ctx, err);
        }
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
