/* Loader for "hetsim-device" JSON profiles (docs/formats.md). */
#include "base/text_file.h"
#include "devices/profile.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/clock.h"
#include "base/json_read.h"

const char *const hs_proc_kind_names[] = {"cpu", "gpu", "dsp", "npu", NULL};
const char *const hs_submission_names[] = {"kernel", "graph", NULL};
const char *const hs_group_rule_names[] = {"any", "none", "depthwise", "none_or_depthwise", NULL};

void hs_device_free(hs_device *d)
{
    if (!d)
        return;
    for (int i = 0; i < d->n_procs; i++) {
        hs_processor *p = &d->procs[i];
        for (int r = 0; r < p->n_rules; r++) {
            free(p->rules[r].op);
            free(p->rules[r].source);
        }
        free(p->rules);
        free(p->name);
        free(p->layout);
        free(p->shares_with_name);
    }
    free(d->procs);
    free(d->links);
    for (int i = 0; i < d->n_convs; i++) {
        free(d->convs[i].from);
        free(d->convs[i].to);
    }
    free(d->convs);
    free(d->name);
    free(d->description);
    free(d->soc);
    free(d->recorded);
    free(d->dir);
    free(d);
}

int hs_device_find_proc(const hs_device *d, const char *name)
{
    for (int i = 0; i < d->n_procs; i++)
        if (strcmp(d->procs[i].name, name) == 0)
            return i;
    return -1;
}

int hs_device_find_kind(const hs_device *d, hs_proc_kind kind)
{
    if (d->procs[d->host].kind == kind)
        return d->host;
    for (int i = 0; i < d->n_procs; i++)
        if (d->procs[i].kind == kind)
            return i;
    return -1;
}

void hs_device_proc_names(const hs_device *d, char *buf, size_t n)
{
    size_t used = 0;
    if (n)
        buf[0] = '\0';
    for (int i = 0; i < d->n_procs && used < n; i++)
        used += (size_t)snprintf(buf + used, n - used, "%s %s", i ? "," : "", d->procs[i].name);
}

int64_t hs_device_exchange_ns(const hs_device *d, int from, int to, double bytes,
                              int dtype_differs)
{
    if (from == to)
        return 0;
    const hs_link *l = &d->default_link;
    for (int i = 0; i < d->n_links; i++)
        if (d->links[i].from == from && d->links[i].to == to) {
            l = &d->links[i];
            break;
        }
    double ns = l->latency_us * 1e3 + bytes / l->bandwidth_gbps; /* GB/s == bytes/ns */
    const char *lf = d->procs[from].layout, *lt = d->procs[to].layout;
    for (int i = 0; i < d->n_convs; i++)
        if (strcmp(d->convs[i].from, lf) == 0 && strcmp(d->convs[i].to, lt) == 0) {
            ns += d->convs[i].latency_us * 1e3 + bytes / d->convs[i].bandwidth_gbps;
            break;
        }
    ns += hs_coexec_convert_ns(d, from, to, bytes, dtype_differs);
    return hs_clock_ns(ns);
}

int64_t hs_device_transfer_ns(const hs_device *d, int from, int to, double bytes)
{
    return hs_device_exchange_ns(d, from, to, bytes, 0);
}

static int read_rule(hs_jctx *c, const cJSON *r, const char *path, hs_support_rule *out)
{
    static const char *const keys[] = {"op", "supported", "dtypes", "kernel_max", "stride_max",
                                       "dilation_max", "channels_max", "group", "source", "note",
                                       NULL};
    memset(out, 0, sizeof *out);
    if (hs_jobject(c, r, path, keys) < 0)
        return -1;
    const char *op, *src;
    int grp;
    long long k, s, dl, ch;
    if (hs_jstring(c, r, path, "op", 1, NULL, &op) < 0 ||
        hs_jbool(c, r, path, "supported", 0, 1, &out->supported) < 0 ||
        hs_jstring(c, r, path, "source", 1, NULL, &src) < 0 ||
        hs_jint(c, r, path, "kernel_max", 0, 0, 0, 4096, &k) < 0 ||
        hs_jint(c, r, path, "stride_max", 0, 0, 0, 4096, &s) < 0 ||
        hs_jint(c, r, path, "dilation_max", 0, 0, 0, 4096, &dl) < 0 ||
        hs_jint(c, r, path, "channels_max", 0, 0, 0, 1LL << 30, &ch) < 0 ||
        hs_jenum(c, r, path, "group", 0, HS_GROUP_ANY, hs_group_rule_names, &grp) < 0)
        return -1;
    out->kernel_max = (int)k;
    out->stride_max = (int)s;
    out->dilation_max = (int)dl;
    out->channels_max = ch;
    out->group = (hs_group_rule)grp;
    const cJSON *dts;
    if (hs_jarray(c, r, path, "dtypes", 0, &dts) < 0)
        return -1;
    int i = 0;
    for (const cJSON *e = dts ? dts->child : NULL; e; e = e->next, i++) {
        hs_dtype dt;
        if (!cJSON_IsString(e) || hs_dtype_parse(e->valuestring, &dt) < 0) {
            char desc[96];
            hs_jdescribe(e, desc, sizeof desc);
            hs_error_set(c->err, "%s: at %s.dtypes[%d]: expected one of \"fp32\", \"fp16\", "
                                 "\"int8\", got %s",
                         c->file, path, i, desc);
            return -1;
        }
        out->dtype_mask |= 1u << dt;
    }
    out->op = hs_strdup(op);
    out->any = strcmp(op, "*") == 0;
    out->type = hs_op_type_of(op);
    out->source = hs_strdup(src);
    if (!out->op || !out->source) {
        hs_error_set(c->err, "out of memory");
        return -1;
    }
    return 0;
}

/* "by_duration": {"op_us": [ascending, > 0], "slowdown": [[n_points factors] per
 * length], "source": ..} of a measured contention table */
static int read_by_duration(hs_jctx *c, const cJSON *cj, const char *cp, hs_contention *ct)
{
    static const char *const keys[] = {"op_us", "slowdown", "source", "note", NULL};
    const cJSON *bj = cJSON_GetObjectItemCaseSensitive(cj, "by_duration");
    char bp[128];
    snprintf(bp, sizeof bp, "%s.by_duration", cp);
    const cJSON *us, *rows;
    const char *src;
    if (hs_jobject(c, bj, bp, keys) < 0 || hs_jarray(c, bj, bp, "op_us", 1, &us) < 0 ||
        hs_jarray(c, bj, bp, "slowdown", 1, &rows) < 0 ||
        hs_jstring(c, bj, bp, "source", 1, NULL, &src) < 0)
        return -1;
    int n = cJSON_GetArraySize(us);
    if (n < 1 || n > HS_CONT_MAX_DURS || cJSON_GetArraySize(rows) != n) {
        hs_error_set(c->err, "%s: at %s: expected 1 to %d op lengths in op_us and as many "
                             "slowdown rows, got %d and %d",
                     c->file, bp, HS_CONT_MAX_DURS, n, cJSON_GetArraySize(rows));
        return -1;
    }
    int i = 0;
    for (const cJSON *e = us->child; e; e = e->next, i++) {
        char ep[160];
        snprintf(ep, sizeof ep, "%s.op_us[%d]", bp, i);
        if (hs_jnumber_value(c, e, ep, 1e-3, 1e8, &ct->dur_us[i]) < 0)
            return -1;
        if (i > 0 && ct->dur_us[i] <= ct->dur_us[i - 1]) {
            hs_error_set(c->err, "%s: at %s: expected op lengths in ascending order, got %g "
                                 "after %g",
                         c->file, ep, ct->dur_us[i], ct->dur_us[i - 1]);
            return -1;
        }
    }
    i = 0;
    for (const cJSON *r = rows->child; r; r = r->next, i++) {
        char rp[160];
        snprintf(rp, sizeof rp, "%s.slowdown[%d]", bp, i);
        if (!cJSON_IsArray(r) || cJSON_GetArraySize(r) != ct->n_points) {
            hs_error_set(c->err, "%s: at %s: expected %d slowdown factors (at 0, 1, ... "
                                 "competitors, as many as %s.slowdown)",
                         c->file, rp, ct->n_points, cp);
            return -1;
        }
        int k = 0;
        for (const cJSON *e = r->child; e; e = e->next, k++) {
            char ep[176];
            snprintf(ep, sizeof ep, "%s[%d]", rp, k);
            if (hs_jnumber_value(c, e, ep, 0.5, 1e4, &ct->dur_points[i][k]) < 0)
                return -1;
        }
    }
    ct->n_durs = n;
    return 0;
}

/* "contention": {"model": "cpu", "little_ratio": .., "migration_load": ..,
 *                "interference": .., "threads": .., "source": ..} or
 *               {"model": "shared", "share": .., "source": ..} */
static int read_contention(hs_jctx *c, const cJSON *pj, const char *path, hs_processor *p)
{
    static const char *const keys[] = {"model", "threads", "little_ratio", "migration_load",
                                       "interference", "share", "slowdown", "by_duration",
                                       "source", "note", NULL};
    const cJSON *cj = cJSON_GetObjectItemCaseSensitive(pj, "contention");
    hs_contention *ct = &p->contention;
    ct->model = HS_CONT_NONE;
    if (!cj)
        return 0;
    char cp[96];
    snprintf(cp, sizeof cp, "%s.contention", path);
    int model;
    const char *src;
    long long threads;
    if (hs_jobject(c, cj, cp, keys) < 0 ||
        hs_jenum(c, cj, cp, "model", 1, 0, hs_contention_model_names, &model) < 0 ||
        hs_jstring(c, cj, cp, "source", 1, NULL, &src) < 0)
        return -1;
    ct->model = (hs_contention_model)model;
    if (model == HS_CONT_CPU &&
        (hs_jint(c, cj, cp, "threads", 0, 0, 0, 1024, &threads) < 0 ||
         hs_jnumber(c, cj, cp, "little_ratio", 1, 0, 1, 100, &ct->little_ratio) < 0 ||
         hs_jnumber(c, cj, cp, "migration_load", 1, 0, 1e-3, 1e3, &ct->migration_load) < 0 ||
         hs_jnumber(c, cj, cp, "interference", 1, 0, 0, 100, &ct->interference) < 0))
        return -1;
    if (model == HS_CONT_CPU)
        ct->threads = (int)threads;
    if (model == HS_CONT_SHARED && hs_jnumber(c, cj, cp, "share", 1, 0, 0, 100, &ct->share) < 0)
        return -1;
    if (model == HS_CONT_MEASURED) {
        const cJSON *pts;
        if (hs_jarray(c, cj, cp, "slowdown", 1, &pts) < 0)
            return -1;
        int n = cJSON_GetArraySize(pts), i = 0;
        if (n < 1 || n > HS_CONT_MAX_POINTS) {
            hs_error_set(c->err, "%s: at %s.slowdown: expected 1 to %d slowdown factors (at 0, 1, "
                                 "2, ... competitors), got %d",
                         c->file, cp, HS_CONT_MAX_POINTS, n);
            return -1;
        }
        for (const cJSON *e = pts->child; e; e = e->next, i++) {
            char ep[128];
            snprintf(ep, sizeof ep, "%s.slowdown[%d]", cp, i);
            if (hs_jnumber_value(c, e, ep, 0.5, 1e4, &ct->points[i]) < 0)
                return -1;
        }
        ct->n_points = n;
    }
    if (cJSON_GetObjectItemCaseSensitive(cj, "by_duration")) {
        if (model != HS_CONT_MEASURED) {
            hs_error_set(c->err, "%s: at %s.by_duration: expected only with \"model\": "
                                 "\"measured\" (tables measured per op length)",
                         c->file, cp);
            return -1;
        }
        return read_by_duration(c, cj, cp, ct);
    }
    return 0;
}

/* "shares_cores": {"with": PROCESSOR, "load": .., "source": ..}; the name is
 * resolved once every processor is read. */
static int read_shares(hs_jctx *c, const cJSON *pj, const char *path, hs_processor *p)
{
    static const char *const keys[] = {"with", "load", "source", "note", NULL};
    const cJSON *sj = cJSON_GetObjectItemCaseSensitive(pj, "shares_cores");
    p->shares_load = 0;
    p->shares_with = -1;
    if (!sj)
        return 0;
    char sp[96];
    snprintf(sp, sizeof sp, "%s.shares_cores", path);
    const char *with, *src;
    if (hs_jobject(c, sj, sp, keys) < 0 || hs_jstring(c, sj, sp, "with", 1, NULL, &with) < 0 ||
        hs_jstring(c, sj, sp, "source", 1, NULL, &src) < 0 ||
        hs_jnumber(c, sj, sp, "load", 1, 0, 1e-6, 1024, &p->shares_load) < 0)
        return -1;
    if (!(p->shares_with_name = hs_strdup(with))) {
        hs_error_set(c->err, "out of memory");
        return -1;
    }
    return 0;
}

/* "dvfs": {"opps": [{"ghz", "power_mw", "perf"?}, ...] (ascending), "up_ms", "down_ms",
 *          "source"} */
static int read_dvfs(hs_jctx *c, const cJSON *pj, const char *path, hs_processor *p)
{
    static const char *const keys[] = {"opps", "up_ms", "down_ms", "source", "note", NULL};
    static const char *const okeys[] = {"ghz", "power_mw", "perf", "source", NULL};
    const cJSON *dj = cJSON_GetObjectItemCaseSensitive(pj, "dvfs");
    p->dvfs.n = 0;
    if (!dj)
        return 0;
    char dp[96];
    snprintf(dp, sizeof dp, "%s.dvfs", path);
    const cJSON *opps;
    const char *src;
    if (hs_jobject(c, dj, dp, keys) < 0 || hs_jarray(c, dj, dp, "opps", 1, &opps) < 0 ||
        hs_jstring(c, dj, dp, "source", 1, NULL, &src) < 0 ||
        hs_jnumber(c, dj, dp, "up_ms", 1, 0, 0, 1e5, &p->dvfs.up_ms) < 0 ||
        hs_jnumber(c, dj, dp, "down_ms", 1, 0, 0, 1e5, &p->dvfs.down_ms) < 0)
        return -1;
    int n = cJSON_GetArraySize(opps), i = 0;
    if (n < 1 || n > HS_MAX_OPPS) {
        hs_error_set(c->err, "%s: at %s.opps: expected 1 to %d operating points, got %d",
                     c->file, dp, HS_MAX_OPPS, n);
        return -1;
    }
    for (const cJSON *e = opps->child; e; e = e->next, i++) {
        char op[128];
        snprintf(op, sizeof op, "%s.opps[%d]", dp, i);
        double lo = i ? p->dvfs.ghz[i - 1] + 1e-6 : 1e-3;
        if (hs_jobject(c, e, op, okeys) < 0 ||
            hs_jnumber(c, e, op, "ghz", 1, 0, lo, 10, &p->dvfs.ghz[i]) < 0 ||
            hs_jnumber(c, e, op, "power_mw", 1, 0, 0, 1e6, &p->dvfs.power_mw[i]) < 0 ||
            hs_jnumber(c, e, op, "perf", 0, 0, 1e-4, 1.0, &p->dvfs.perf[i]) < 0)
            return -1;
    }
    p->dvfs.n = n;
    return 0;
}

/* "fit": {"n_train", "mape_train", "n_test", "mape_test"?, "data"?} */
static int read_fit(hs_jctx *c, const cJSON *f, const char *fp, int *ntr, int *nte, double *mtr,
                    double *mte)
{
    static const char *const fkeys[] = {"n_train", "mape_train", "n_test", "mape_test", "data",
                                        "note", NULL};
    long long a, b;
    const char *data;
    if (hs_jobject(c, f, fp, fkeys) < 0 || hs_jint(c, f, fp, "n_train", 1, 0, 0, 1LL << 30, &a) < 0 ||
        hs_jint(c, f, fp, "n_test", 1, 0, 0, 1LL << 30, &b) < 0 ||
        hs_jnumber(c, f, fp, "mape_train", 1, 0, 0, 1e6, mtr) < 0 ||
        hs_jnumber(c, f, fp, "mape_test", 0, -1, 0, 1e6, mte) < 0 ||
        hs_jstring(c, f, fp, "data", 0, "", &data) < 0)
        return -1;
    if (b > 0 && *mte < 0) {
        hs_error_set(c->err, "%s: at %s: expected \"mape_test\" when \"n_test\" is %lld, got nothing "
                             "(missing)",
                     c->file, fp, b);
        return -1;
    }
    *ntr = (int)a;
    *nte = (int)b;
    return 0;
}

/* One op-model set: {"dtype", "source", "fit"?, "derived_from"?, "classes": {CLASS:
 *   {"overhead_us", "us_per_mflop", "us_per_mb", "occupancy_elems"?, "occupancy_exp"?,
 *    "fit"?, "source"?}}} (docs/profiles.md) */
static int read_op_model_set(hs_jctx *c, const cJSON *mj, const char *mp, hs_processor *p,
                             int first)
{
    static const char *const keys[] = {"dtype", "source", "fit", "derived_from", "classes", "note",
                                       "dispatch", NULL};
    static const char *const dkeys[] = {"kernel_launch_us", "op_overhead_us", "links_elementwise",
                                        "source", NULL};
    static const char *const ckeys[] = {"overhead_us", "us_per_mflop", "us_per_mb",
                                        "occupancy_elems", "occupancy_exp", "fit", "source", "note",
                                        NULL};
    const char *src, *dts, *from;
    hs_dtype dt;
    if (hs_jobject(c, mj, mp, keys) < 0 || hs_jstring(c, mj, mp, "source", 1, NULL, &src) < 0 ||
        hs_jstring(c, mj, mp, "dtype", 1, NULL, &dts) < 0 ||
        hs_jstring(c, mj, mp, "derived_from", 0, "", &from) < 0)
        return -1;
    if (hs_dtype_parse(dts, &dt) < 0 || !(p->peak_gflops[dt] > 0)) {
        hs_error_set(c->err, "%s: at %s.dtype: expected a dtype this processor lists, got \"%s\"",
                     c->file, mp, dts);
        return -1;
    }
    hs_op_model_set *set = &p->op_models[dt];
    if (set->present) {
        hs_error_set(c->err, "%s: at %s.dtype: expected one op-model set per dtype, got \"%s\" "
                             "again",
                     c->file, mp, dts);
        return -1;
    }
    set->fit.mape_train = set->fit.mape_test = -1;
    const cJSON *dj = cJSON_GetObjectItemCaseSensitive(mj, "dispatch");
    if (dj) {
        char dp[160];
        const char *dsrc;
        snprintf(dp, sizeof dp, "%s.dispatch", mp);
        if (hs_jobject(c, dj, dp, dkeys) < 0 ||
            hs_jnumber(c, dj, dp, "kernel_launch_us", 1, 0, 0, 1e6, &set->launch_us) < 0 ||
            hs_jnumber(c, dj, dp, "op_overhead_us", 1, 0, 0, 1e6, &set->op_overhead_us) < 0 ||
            hs_jbool(c, dj, dp, "links_elementwise", 0, 0, &set->links_elementwise) < 0 ||
            hs_jstring(c, dj, dp, "source", 1, NULL, &dsrc) < 0)
            return -1;
    }
    const cJSON *f = cJSON_GetObjectItemCaseSensitive(mj, "fit");
    char fp[192];
    snprintf(fp, sizeof fp, "%s.fit", mp);
    if (f && read_fit(c, f, fp, &set->fit.n_train, &set->fit.n_test, &set->fit.mape_train,
                      &set->fit.mape_test) < 0)
        return -1;
    const cJSON *cls = cJSON_GetObjectItemCaseSensitive(mj, "classes");
    char cp[128];
    snprintf(cp, sizeof cp, "%s.classes", mp);
    if (!cls) {
        hs_error_set(c->err, "%s: at %s: expected an object of op classes, got nothing (missing)",
                     c->file, cp);
        return -1;
    }
    if (hs_jobject(c, cls, cp, hs_op_class_names) < 0)
        return -1;
    int any = 0;
    for (int k = 0; k < HS_OPC_COUNT; k++) {
        const cJSON *e = cJSON_GetObjectItemCaseSensitive(cls, hs_op_class_names[k]);
        if (!e)
            continue;
        hs_op_model *m = &set->cls[k];
        char ep[160];
        snprintf(ep, sizeof ep, "%s.%s", cp, hs_op_class_names[k]);
        if (hs_jobject(c, e, ep, ckeys) < 0 ||
            hs_jnumber(c, e, ep, "overhead_us", 1, 0, 0, 1e6, &m->overhead_us) < 0 ||
            hs_jnumber(c, e, ep, "us_per_mflop", 1, 0, 0, 1e6, &m->us_per_mflop) < 0 ||
            hs_jnumber(c, e, ep, "us_per_mb", 1, 0, 0, 1e6, &m->us_per_mb) < 0 ||
            hs_jnumber(c, e, ep, "occupancy_elems", 0, 0, 0, 1e12, &m->occupancy_elems) < 0 ||
            hs_jnumber(c, e, ep, "occupancy_exp", 0, 1, 0, 4, &m->occupancy_exp) < 0)
            return -1;
        m->mape_train = m->mape_test = -1;
        const cJSON *cf = cJSON_GetObjectItemCaseSensitive(e, "fit");
        char cfp[192];
        snprintf(cfp, sizeof cfp, "%s.fit", ep);
        if (cf && read_fit(c, cf, cfp, &m->n_train, &m->n_test, &m->mape_train, &m->mape_test) < 0)
            return -1;
        m->present = 1;
        any = 1;
    }
    if (!any) {
        hs_error_set(c->err, "%s: at %s: expected at least one op class (%s, ...), got an empty "
                             "object",
                     c->file, cp, hs_op_class_names[0]);
        return -1;
    }
    set->present = 1;
    if (first)
        p->op_model_dtype = dt;
    p->has_op_models = 1;
    return 0;
}

/* "op_models": an array of op-model sets, one per dtype, the first used for
 * dtypes without their own (a single set may be given without the array). */
static int read_op_models(hs_jctx *c, const cJSON *pj, const char *path, hs_processor *p)
{
    const cJSON *mj = cJSON_GetObjectItemCaseSensitive(pj, "op_models");
    p->has_op_models = 0;
    if (!mj)
        return 0;
    char mp[96];
    snprintf(mp, sizeof mp, "%s.op_models", path);
    if (cJSON_IsObject(mj))
        return read_op_model_set(c, mj, mp, p, 1);
    if (!cJSON_IsArray(mj) || cJSON_GetArraySize(mj) < 1) {
        char desc[96];
        hs_jdescribe(mj, desc, sizeof desc);
        hs_error_set(c->err, "%s: at %s: expected a non-empty array of op-model sets, got %s",
                     c->file, mp, desc);
        return -1;
    }
    int i = 0;
    for (const cJSON *e = mj->child; e; e = e->next, i++) {
        char ep[112];
        snprintf(ep, sizeof ep, "%s[%d]", mp, i);
        if (read_op_model_set(c, e, ep, p, i == 0) < 0)
            return -1;
    }
    return 0;
}

/* "power": {"active_mw", "idle_mw"?, "source"} of a processor */
static int read_power(hs_jctx *c, const cJSON *pj, const char *path, hs_processor *p)
{
    static const char *const keys[] = {"active_mw", "idle_mw", "source", "note", NULL};
    const cJSON *wj = cJSON_GetObjectItemCaseSensitive(pj, "power");
    if (!wj)
        return 0;
    char wp[96];
    const char *src;
    snprintf(wp, sizeof wp, "%s.power", path);
    if (hs_jobject(c, wj, wp, keys) < 0 || hs_jstring(c, wj, wp, "source", 1, NULL, &src) < 0 ||
        hs_jnumber(c, wj, wp, "active_mw", 1, 0, 0, 1e6, &p->power.active_mw) < 0 ||
        hs_jnumber(c, wj, wp, "idle_mw", 0, 0, 0, p->power.active_mw, &p->power.idle_mw) < 0)
        return -1;
    return 0;
}

static int read_processor(hs_jctx *c, const cJSON *pj, int idx, hs_processor *p)
{
    static const char *const keys[] = {"name", "kind", "cores", "freq_ghz", "dtypes",
                                       "peak_gflops", "efficiency", "mem_bandwidth_gbps",
                                       "launch_overhead_us", "layout", "submission", "support",
                                       "contention", "dvfs", "op_models", "power", "shares_cores",
                                       "note", NULL};
    char path[64];
    snprintf(path, sizeof path, "$.processors[%d]", idx);
    if (hs_jobject(c, pj, path, keys) < 0)
        return -1;
    const char *name, *layout;
    int kind;
    long long cores;
    if (hs_jstring(c, pj, path, "name", 1, NULL, &name) < 0 ||
        hs_jenum(c, pj, path, "kind", 1, 0, hs_proc_kind_names, &kind) < 0 ||
        hs_jint(c, pj, path, "cores", 0, 1, 1, 1024, &cores) < 0 ||
        hs_jnumber(c, pj, path, "freq_ghz", 0, 1.0, 0.01, 10.0, &p->freq_ghz) < 0 ||
        hs_jnumber(c, pj, path, "efficiency", 0, 1.0, 1e-4, 1.0, &p->efficiency) < 0 ||
        hs_jnumber(c, pj, path, "mem_bandwidth_gbps", 1, 0, 1e-3, 1e5, &p->mem_bw_gbps) < 0 ||
        hs_jnumber(c, pj, path, "launch_overhead_us", 1, 0, 0, 1e6, &p->launch_us) < 0 ||
        hs_jstring(c, pj, path, "layout", 0, "NCHW", &layout) < 0)
        return -1;
    p->name = hs_strdup(name);
    p->layout = hs_strdup(layout);
    if (!p->name || !p->layout) {
        hs_error_set(c->err, "out of memory");
        return -1;
    }
    p->kind = (hs_proc_kind)kind;
    p->cores = (int)cores;
    int sub;
    if (hs_jenum(c, pj, path, "submission", 0, kind == HS_PROC_GPU ? HS_SUBMIT_GRAPH : HS_SUBMIT_KERNEL,
                 hs_submission_names, &sub) < 0)
        return -1;
    p->submission = (hs_submission)sub;

    const cJSON *dts;
    if (hs_jarray(c, pj, path, "dtypes", 1, &dts) < 0)
        return -1;
    int i = 0;
    for (const cJSON *e = dts->child; e; e = e->next, i++) {
        hs_dtype dt;
        if (!cJSON_IsString(e) || hs_dtype_parse(e->valuestring, &dt) < 0 || i >= HS_DT_COUNT) {
            char desc[96];
            hs_jdescribe(e, desc, sizeof desc);
            hs_error_set(c->err, "%s: at %s.dtypes[%d]: expected one of \"fp32\", \"fp16\", "
                                 "\"int8\" (each at most once), got %s",
                         c->file, path, i, desc);
            return -1;
        }
        p->dtypes[p->n_dtypes++] = dt;
    }
    if (p->n_dtypes == 0) {
        hs_error_set(c->err, "%s: at %s.dtypes: expected at least one dtype, got an empty array",
                     c->file, path);
        return -1;
    }
    const cJSON *peak = cJSON_GetObjectItemCaseSensitive(pj, "peak_gflops");
    char ppath[96];
    snprintf(ppath, sizeof ppath, "%s.peak_gflops", path);
    if (!peak) {
        hs_error_set(c->err, "%s: at %s: expected an object of GFLOPS per dtype, got nothing "
                             "(missing)",
                     c->file, ppath);
        return -1;
    }
    if (hs_jobject(c, peak, ppath, hs_dtype_names) < 0)
        return -1;
    for (int k = 0; k < p->n_dtypes; k++) {
        hs_dtype dt = p->dtypes[k];
        if (hs_jnumber(c, peak, ppath, hs_dtype_name(dt), 1, 0, 1e-3, 1e7, &p->peak_gflops[dt]) < 0)
            return -1;
    }

    if (read_contention(c, pj, path, p) < 0 || read_dvfs(c, pj, path, p) < 0 ||
        read_op_models(c, pj, path, p) < 0 || read_power(c, pj, path, p) < 0 ||
        read_shares(c, pj, path, p) < 0)
        return -1;
    const cJSON *sup = cJSON_GetObjectItemCaseSensitive(pj, "support");
    p->support_default = 1;
    if (sup) {
        static const char *const skeys[] = {"default", "source", "rules", NULL};
        char spath[96];
        snprintf(spath, sizeof spath, "%s.support", path);
        const cJSON *rules;
        const char *src;
        if (hs_jobject(c, sup, spath, skeys) < 0 ||
            hs_jbool(c, sup, spath, "default", 1, 1, &p->support_default) < 0 ||
            hs_jstring(c, sup, spath, "source", 1, NULL, &src) < 0 ||
            hs_jarray(c, sup, spath, "rules", 0, &rules) < 0)
            return -1;
        int n = rules ? cJSON_GetArraySize(rules) : 0;
        p->rules = calloc((size_t)(n ? n : 1), sizeof *p->rules);
        if (!p->rules) {
            hs_error_set(c->err, "out of memory");
            return -1;
        }
        int r = 0;
        for (const cJSON *e = rules ? rules->child : NULL; e; e = e->next, r++) {
            char rpath[128];
            snprintf(rpath, sizeof rpath, "%s.rules[%d]", spath, r);
            if (read_rule(c, e, rpath, &p->rules[r]) < 0) {
                p->n_rules = r + 1; /* free what the failed rule holds */
                return -1;
            }
            p->n_rules = r + 1;
        }
    }
    return 0;
}

static int read_link(hs_jctx *c, const cJSON *lj, const char *path, hs_link *l)
{
    if (hs_jnumber(c, lj, path, "latency_us", 1, 0, 0, 1e7, &l->latency_us) < 0 ||
        hs_jnumber(c, lj, path, "bandwidth_gbps", 1, 0, 1e-6, 1e5, &l->bandwidth_gbps) < 0)
        return -1;
    return 0;
}

/* "layout_conversion": [{"from", "to", "latency_us", "bandwidth_gbps", "source"}]: layouts
 * named by the processors' "layout" strings */
static int read_layout_convs(hs_jctx *c, const cJSON *tr, hs_device *d)
{
    static const char *const keys[] = {"from", "to", "latency_us", "bandwidth_gbps", "source",
                                       "note", NULL};
    const cJSON *arr;
    if (hs_jarray(c, tr, "$.transfers", "layout_conversion", 0, &arr) < 0)
        return -1;
    int n = arr ? cJSON_GetArraySize(arr) : 0;
    d->convs = calloc((size_t)(n ? n : 1), sizeof *d->convs);
    if (!d->convs) {
        hs_error_set(c->err, "out of memory");
        return -1;
    }
    int i = 0;
    for (const cJSON *e = arr ? arr->child : NULL; e; e = e->next, i++) {
        char p[80];
        snprintf(p, sizeof p, "$.transfers.layout_conversion[%d]", i);
        const char *from, *to, *src;
        hs_layout_conv *lc = &d->convs[i];
        if (hs_jobject(c, e, p, keys) < 0 || hs_jstring(c, e, p, "from", 1, NULL, &from) < 0 ||
            hs_jstring(c, e, p, "to", 1, NULL, &to) < 0 ||
            hs_jstring(c, e, p, "source", 1, NULL, &src) < 0 ||
            hs_jnumber(c, e, p, "latency_us", 1, 0, 0, 1e7, &lc->latency_us) < 0 ||
            hs_jnumber(c, e, p, "bandwidth_gbps", 1, 0, 1e-6, 1e5, &lc->bandwidth_gbps) < 0)
            return -1;
        int known_from = 0, known_to = 0;
        for (int k = 0; k < d->n_procs; k++) {
            known_from |= strcmp(d->procs[k].layout, from) == 0;
            known_to |= strcmp(d->procs[k].layout, to) == 0;
        }
        if (!known_from || !known_to || strcmp(from, to) == 0) {
            hs_error_set(c->err, "%s: at %s: expected \"from\" and \"to\" to be two different "
                                 "layouts of this device's processors, got \"%s\" -> \"%s\"",
                         c->file, p, from, to);
            return -1;
        }
        lc->from = hs_strdup(from);
        lc->to = hs_strdup(to);
        d->n_convs = i + 1;
        if (!lc->from || !lc->to) {
            hs_error_set(c->err, "out of memory");
            return -1;
        }
    }
    return 0;
}

static int read_transfers(hs_jctx *c, const cJSON *root, hs_device *d)
{
    const cJSON *tr = cJSON_GetObjectItemCaseSensitive(root, "transfers");
    static const char *const tkeys[] = {"default", "links", "layout_conversion", "source", "note",
                                        NULL};
    static const char *const dkeys[] = {"latency_us", "bandwidth_gbps", "source", NULL};
    static const char *const lkeys[] = {"from", "to", "latency_us", "bandwidth_gbps", "source",
                                        NULL};
    if (!tr) {
        hs_error_set(c->err, "%s: at $.transfers: expected an object with \"default\" and "
                             "\"links\", got nothing (missing)",
                     c->file);
        return -1;
    }
    if (hs_jobject(c, tr, "$.transfers", tkeys) < 0)
        return -1;
    const cJSON *def = cJSON_GetObjectItemCaseSensitive(tr, "default");
    if (hs_jobject(c, def, "$.transfers.default", dkeys) < 0 ||
        read_link(c, def, "$.transfers.default", &d->default_link) < 0)
        return -1;
    const cJSON *links;
    if (hs_jarray(c, tr, "$.transfers", "links", 0, &links) < 0)
        return -1;
    int n = links ? cJSON_GetArraySize(links) : 0;
    d->links = calloc((size_t)(n ? n : 1), sizeof *d->links);
    if (!d->links) {
        hs_error_set(c->err, "out of memory");
        return -1;
    }
    int i = 0;
    for (const cJSON *e = links ? links->child : NULL; e; e = e->next, i++) {
        char p[64];
        snprintf(p, sizeof p, "$.transfers.links[%d]", i);
        const char *from, *to;
        hs_link *l = &d->links[i];
        if (hs_jobject(c, e, p, lkeys) < 0 || hs_jstring(c, e, p, "from", 1, NULL, &from) < 0 ||
            hs_jstring(c, e, p, "to", 1, NULL, &to) < 0 || read_link(c, e, p, l) < 0)
            return -1;
        l->from = hs_device_find_proc(d, from);
        l->to = hs_device_find_proc(d, to);
        if (l->from < 0 || l->to < 0 || l->from == l->to) {
            hs_error_set(c->err, "%s: at %s: expected \"from\" and \"to\" to name two different "
                                 "processors of this device, got \"%s\" -> \"%s\"",
                         c->file, p, from, to);
            return -1;
        }
        d->n_links = i + 1;
    }
    return read_layout_convs(c, tr, d);
}

/* "thermal": {"ambient_c", "throttle_c", "release_c", "resistance_c_per_w",
 *             "capacity_j_per_c", "sustained_ratio"?, "source"} */
static int read_thermal(hs_jctx *c, const cJSON *root, hs_device *d)
{
    static const char *const keys[] = {"ambient_c", "throttle_c", "release_c",
                                       "resistance_c_per_w", "capacity_j_per_c", "sustained_ratio",
                                       "source", "note", NULL};
    const cJSON *tj = cJSON_GetObjectItemCaseSensitive(root, "thermal");
    hs_thermal *t = &d->thermal;
    t->enabled = 0;
    if (!tj)
        return 0;
    const char *src;
    if (hs_jobject(c, tj, "$.thermal", keys) < 0 ||
        hs_jstring(c, tj, "$.thermal", "source", 1, NULL, &src) < 0 ||
        hs_jnumber(c, tj, "$.thermal", "ambient_c", 1, 0, -40, 80, &t->ambient_c) < 0 ||
        hs_jnumber(c, tj, "$.thermal", "throttle_c", 1, 0, t->ambient_c + 1, 150, &t->throttle_c) < 0 ||
        hs_jnumber(c, tj, "$.thermal", "release_c", 1, 0, t->ambient_c, t->throttle_c,
                   &t->release_c) < 0 ||
        hs_jnumber(c, tj, "$.thermal", "resistance_c_per_w", 1, 0, 1e-3, 1e3, &t->r_c_per_w) < 0 ||
        hs_jnumber(c, tj, "$.thermal", "capacity_j_per_c", 1, 0, 1e-3, 1e5, &t->c_j_per_c) < 0 ||
        hs_jnumber(c, tj, "$.thermal", "sustained_ratio", 0, 0, 0.01, 1, &t->sustained_ratio) < 0)
        return -1;
    t->enabled = 1;
    return 0;
}

/* "coexec": {"sync_us", "signal_us"?, "split_dispatch_us", "convert_ns_per_byte",
 *            "interference": {"cpu", "accel"}, "wait"?, "with"?, "source"?}: what
 * co-executing one op on a CPU and the accelerator costs (coexec_costs.h) */
static int read_coexec(hs_jctx *c, const cJSON *root, hs_device *d)
{
    static const char *const keys[] = {"sync_us", "signal_us", "split_dispatch_us",
                                       "convert_ns_per_byte", "interference", "buffer_slowdown",
                                       "wait", "with",
                                       "source", "note", NULL};
    static const char *const ikeys[] = {"cpu", "accel", "source", "note", NULL};
    const cJSON *cj = cJSON_GetObjectItemCaseSensitive(root, "coexec");
    hs_coexec_costs *x = &d->coexec;
    memset(x, 0, sizeof *x);
    x->accel = -1;
    x->interf_cpu = x->interf_accel = x->buffer_slowdown = 1.0;
    if (!cj)
        return 0;
    const char *with, *P = "$.coexec", *IP = "$.coexec.interference";
    int wait;
    const cJSON *ij;
    if (hs_jobject(c, cj, P, keys) < 0 ||
        hs_jnumber(c, cj, P, "sync_us", 1, 0, 0, 1e6, &x->sync_us) < 0 ||
        hs_jnumber(c, cj, P, "signal_us", 0, 0, 0, 1e6, &x->signal_us) < 0 ||
        hs_jnumber(c, cj, P, "split_dispatch_us", 1, 0, 0, 1e6, &x->split_dispatch_us) < 0 ||
        hs_jnumber(c, cj, P, "convert_ns_per_byte", 1, 0, 0, 1e3, &x->convert_ns_per_byte) < 0 ||
        hs_jnumber(c, cj, P, "buffer_slowdown", 0, 1, 1, 100, &x->buffer_slowdown) < 0 ||
        hs_jenum(c, cj, P, "wait", 0, HS_WAIT_YIELD, hs_wait_mode_names, &wait) < 0 ||
        hs_jstring(c, cj, P, "with", 0, NULL, &with) < 0)
        return -1;
    x->wait = (hs_wait_mode)wait;
    if (!(ij = cJSON_GetObjectItemCaseSensitive(cj, "interference"))) {
        hs_error_set(c->err, "%s: at $.coexec.interference: expected an object {\"cpu\": "
                             "factor, \"accel\": factor} (slowdowns >= 1 while both parts of a "
                             "split run), got nothing",
                     c->file);
        return -1;
    }
    if (hs_jobject(c, ij, IP, ikeys) < 0 ||
        hs_jnumber(c, ij, IP, "cpu", 1, 1, 1, 100, &x->interf_cpu) < 0 ||
        hs_jnumber(c, ij, IP, "accel", 1, 1, 1, 100, &x->interf_accel) < 0)
        return -1;
    x->accel = with ? hs_device_find_proc(d, with) : hs_device_find_kind(d, HS_PROC_GPU);
    if (with && (x->accel < 0 || d->procs[x->accel].kind == HS_PROC_CPU)) {
        hs_error_set(c->err, "%s: at $.coexec.with: expected the name of a non-cpu processor of "
                             "this device, got \"%s\"",
                     c->file, with);
        return -1;
    }
    x->present = 1;
    return 0;
}

/* "power": {"budget_mw", "source"}: the device's sustained power budget */
static int read_device_power(hs_jctx *c, const cJSON *root, hs_device *d)
{
    static const char *const keys[] = {"budget_mw", "source", "note", NULL};
    const cJSON *wj = cJSON_GetObjectItemCaseSensitive(root, "power");
    const char *src;
    if (!wj)
        return 0;
    if (hs_jobject(c, wj, "$.power", keys) < 0 ||
        hs_jstring(c, wj, "$.power", "source", 1, NULL, &src) < 0 ||
        hs_jnumber(c, wj, "$.power", "budget_mw", 1, 0, 1, 1e7, &d->power_budget_mw) < 0)
        return -1;
    return 0;
}

hs_device *hs_device_from_json(const cJSON *root, const char *file, hs_error *err)
{
    static const char *const keys[] = {"format", "version", "name", "description", "soc", "host",
                                       "dram_bandwidth_gbps", "decision_overhead_us", "thermal",
                                       "power", "processors", "transfers", "coexec",
                                       "recorded", "measurements", "sources", "note", NULL};
    hs_jctx c = {file, err};
    if (hs_jheader(&c, root, "hetsim-device", 1) < 0 || hs_jobject(&c, root, "$", keys) < 0)
        return NULL;
    hs_device *d = calloc(1, sizeof *d);
    if (!d) {
        hs_error_set(err, "out of memory");
        return NULL;
    }
    const char *name, *desc, *soc, *host, *recorded;
    const cJSON *procs;
    if (hs_jstring(&c, root, "$", "name", 1, NULL, &name) < 0 ||
        hs_jstring(&c, root, "$", "description", 0, "", &desc) < 0 ||
        hs_jstring(&c, root, "$", "soc", 0, "", &soc) < 0 ||
        hs_jstring(&c, root, "$", "host", 1, NULL, &host) < 0 ||
        hs_jstring(&c, root, "$", "recorded", 0, NULL, &recorded) < 0 ||
        hs_jnumber(&c, root, "$", "dram_bandwidth_gbps", 1, 0, 1e-3, 1e5, &d->dram_bw_gbps) < 0 ||
        hs_jnumber(&c, root, "$", "decision_overhead_us", 0, 0, 0, 1e6, &d->decision_us) < 0 ||
        hs_jarray(&c, root, "$", "processors", 1, &procs) < 0)
        goto fail;
    d->name = hs_strdup(name);
    d->description = hs_strdup(desc);
    d->soc = hs_strdup(soc);
    const cJSON *meas = cJSON_GetObjectItemCaseSensitive(root, "measurements");
    if (meas && !cJSON_IsObject(meas)) {
        char got[96];
        hs_jdescribe(meas, got, sizeof got);
        hs_error_set(err, "%s: at $.measurements: expected an object (what a native "
                          "measurement saw), got %s",
                     file, got);
        goto fail;
    }
    if (recorded && !(d->recorded = hs_strdup(recorded))) {
        hs_error_set(err, "out of memory");
        goto fail;
    }
    int n = cJSON_GetArraySize(procs);
    if (n < 1 || n > 64) {
        hs_error_set(err, "%s: at $.processors: expected 1 to 64 processors, got %d", file, n);
        goto fail;
    }
    d->procs = calloc((size_t)n, sizeof *d->procs);
    if (!d->name || !d->description || !d->soc || !d->procs) {
        hs_error_set(err, "out of memory");
        goto fail;
    }
    int i = 0;
    for (const cJSON *e = procs->child; e; e = e->next, i++) {
        d->n_procs = i + 1;
        if (read_processor(&c, e, i, &d->procs[i]) < 0)
            goto fail;
        for (int j = 0; j < i; j++)
            if (strcmp(d->procs[j].name, d->procs[i].name) == 0) {
                hs_error_set(err, "%s: at $.processors[%d].name: expected a unique name, got "
                                  "\"%s\" again",
                             file, i, d->procs[i].name);
                goto fail;
            }
    }
    d->host = hs_device_find_proc(d, host);
    if (d->host < 0 || d->procs[d->host].kind != HS_PROC_CPU) {
        hs_error_set(err, "%s: at $.host: expected the name of a cpu processor of this device, "
                          "got \"%s\"",
                     file, host);
        goto fail;
    }
    for (int k = 0; k < d->n_procs; k++) {
        hs_processor *p = &d->procs[k];
        if (!p->shares_with_name)
            continue;
        p->shares_with = hs_device_find_proc(d, p->shares_with_name);
        if (p->shares_with < 0 || p->shares_with == k) {
            hs_error_set(err, "%s: at $.processors[%d].shares_cores.with: expected the name of "
                              "another processor of this device, got \"%s\"",
                         file, k, p->shares_with_name);
            goto fail;
        }
    }
    if (read_transfers(&c, root, d) < 0 || read_thermal(&c, root, d) < 0 ||
        read_device_power(&c, root, d) < 0 || read_coexec(&c, root, d) < 0)
        goto fail;
    hs_provenance_count(root, d->provenance);
    {
        int(*per)[HS_ORIGIN_COUNT] = calloc((size_t)d->n_procs, sizeof *per);
        if (!per) {
            hs_error_set(err, "out of memory");
            goto fail;
        }
        hs_origin_count(root, d->n_procs, per, d->origin_rest);
        for (int p = 0; p < d->n_procs; p++)
            memcpy(d->procs[p].origin, per[p], sizeof per[p]);
        free(per);
    }
    return d;
fail:
    hs_device_free(d);
    return NULL;
}

hs_device *hs_device_load_file(const char *path, hs_error *err)
{
    cJSON *root;
    if (hs_json_load_file(path, &root, err) < 0)
        return NULL;
    hs_device *d = hs_device_from_json(root, path, err);
    cJSON_Delete(root);
    if (d) {
        const char *slash = strrchr(path, '/');
        size_t n = slash ? (size_t)(slash - path) : 1;
        if (!(d->dir = malloc(n + 1))) {
            hs_device_free(d);
            hs_error_set(err, "out of memory");
            return NULL;
        }
        memcpy(d->dir, slash ? path : ".", n);
        d->dir[n] = 0;
    }
    return d;
}
