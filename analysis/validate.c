/* Simulated against natively measured (validate.h). */
#include "analysis/validate.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>


double hs_loadavg(void)
{
    FILE *f = fopen("/proc/loadavg", "r");
    double l = -1;
    if (f) {
        if (fscanf(f, "%lf", &l) != 1)
            l = -1;
        fclose(f);
    }
    return l;
}

void hs_cpu_snap_take(hs_cpu_snap *s)
{
    memset(s, 0, sizeof *s);
    FILE *f = fopen("/proc/stat", "r");
    if (!f)
        return;
    unsigned long long v[10] = {0};
    int n = fscanf(f, "cpu %llu %llu %llu %llu %llu %llu %llu %llu %llu %llu", &v[0], &v[1],
                   &v[2], &v[3], &v[4], &v[5], &v[6], &v[7], &v[8], &v[9]);
    fclose(f);
    if (n < 8)
        return;
    /* user nice system idle iowait irq softirq steal (guest time is in user) */
    s->total = v[0] + v[1] + v[2] + v[3] + v[4] + v[5] + v[6] + v[7];
    s->busy = v[0] + v[1] + v[2] + v[5] + v[6];
    s->steal = v[7];
    f = fopen("/proc/self/stat", "r");
    if (!f)
        return;
    char buf[1024];
    size_t len = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[len] = '\0';
    const char *p = strrchr(buf, ')'); /* the command name may hold spaces */
    unsigned long long ut, st;
    if (!p || sscanf(p + 1, " %*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %llu %llu", &ut,
                     &st) != 2)
        return;
    s->self = ut + st;
    s->ok = 1;
}

void hs_cpu_others(const hs_cpu_snap *a, const hs_cpu_snap *b, double *others, double *steal)
{
    *others = *steal = -1;
    if (!a->ok || !b->ok || b->total <= a->total)
        return;
    double total = (double)(b->total - a->total);
    double busy = (double)(b->busy - a->busy) - (double)(b->self - a->self);
    *others = busy > 0 ? busy / total : 0;
    *steal = (double)(b->steal - a->steal) / total;
}

void hs_validation_free(hs_validation *v)
{
    hs_point_result_free(&v->sim);
    hs_native_measure_free(&v->meas);
}

static double pct(double sim, double meas)
{
    return meas > 0 ? 100.0 * (sim - meas) / meas : 0;
}

int hs_validate_one(const hs_device *d, const char *model, const char *policy,
                    const hs_validate_opts *o, hs_validation *out, hs_error *err)
{
    memset(out, 0, sizeof *out);
    if (hs_native_measure_policy(d, model, policy, &o->native, &out->meas, err) < 0)
        return -1;
    hs_run_config cfg = hs_run_config_default();
    cfg.frames = o->sim_frames > 0 ? o->sim_frames : 200;
    cfg.seed = o->seed ? o->seed : 1;
    cfg.inflight = 1; /* native run: one frame at a time */
    cfg.fixed_clocks = 1;
    if (o->native.hogs > 0) {
        cfg.n_competitors = 1;
        cfg.competitors[0] = (hs_competitor){d->host, o->native.hogs, 1.0, 0, -1};
    }
    /* the same session, simulated */
    hs_run_request rq = {.engine = HS_ENGINE_SIMULATE, .cfg = &cfg};
    if (hs_run_point(&out->meas.ss, &rq, &out->sim, err) < 0) {
        hs_validation_free(out);
        return -1;
    }
    const hs_run_result *sim = &out->sim.res;
    out->sim_mean_ms = out->sim.m.lat_mean_ms;
    out->sim_p50_ms = out->sim.m.lat_p50_ms;
    out->sim_p90_ms = out->sim.m.lat_p90_ms;
    out->err_mean_pct = pct(out->sim_mean_ms, out->meas.mean_ms);
    out->err_p50_pct = pct(out->sim_p50_ms, out->meas.p50_ms);
    out->err_p90_pct = pct(out->sim_p90_ms, out->meas.p90_ms);
    int first = -1;
    for (int t = 0; t < sim->n_tasks; t++) {
        if (first < 0)
            first = sim->task_proc[t];
        out->coexec |= sim->task_proc[t] != first;
        if (sim->task_src[t] == HS_SRC_TRACE)
            out->trace_ops++;
        else
            out->roofline_ops++;
    }
    out->target_pct = out->coexec || o->native.hogs > 0 ? 10.0 : 5.0;
    hs_paired_stats(&out->sim_mean_ms, &out->meas.mean_ms, 1, &out->paired);
    return 0;
}

void hs_validation_print_paired(FILE *f, const hs_validation *v)
{
    const hs_paired *p = &v->paired;
    if (p->n < 2)
        return;
    fprintf(f, "paired repetitions: %d (a recording, then the native run); mean error %+.1f%% "
               "+- %.1f%% (95%% confidence), sd %.1f%%\n",
            p->n, p->err_mean_pct, p->err_ci_pct, p->err_sd_pct);
    fprintf(f, "noise floor (two recordings of this host disagree by) %.1f%%: %s\n",
            p->noise_floor_pct,
            p->within_noise ? "the error is within noise"
                            : "the error is outside the noise");
}

typedef struct op_cmp {
    int op;
    double meas_us, sim_us;
} op_cmp;

static int by_meas_desc(const void *a, const void *b)
{
    double x = ((const op_cmp *)a)->meas_us, y = ((const op_cmp *)b)->meas_us;
    return x < y ? 1 : x > y ? -1 : 0;
}

/* Where a frame's time goes, per processor, simulated against measured: the
 * op time of its whole ops and of its parts of split ops (summed per frame),
 * and the transfers; what a frame has beyond its critical path's share of
 * these is waiting (meetings, hand-offs) and parts running at once. */
static void print_lanes(FILE *f, const hs_validation *v, const hs_device *d)
{
    const hs_exec_result *ex = &v->meas.run.ex;
    const hs_run_result *sim = &v->sim.res;
    int np = d->n_procs;
    double *t = calloc((size_t)np * 4, sizeof *t); /* [proc][split][sim, meas] */
    int *n = calloc((size_t)np * 2, sizeof *n);
    if (!t || !n) {
        free(t);
        free(n);
        return;
    }
    for (int k = 0; k < ex->n_tasks && k < sim->n_tasks; k++) {
        int p = ex->task_proc[k], sp = ex->task_frac[k] < 1.0;
        if (p < 0 || p >= np)
            continue;
        t[(p * 2 + sp) * 2] += sim->task_mean_ns[k] / 1e6;
        t[(p * 2 + sp) * 2 + 1] += ex->task_us[k] / 1e3;
        n[p * 2 + sp]++;
    }
    fprintf(f, "%-32s %12s %12s %8s\n", "per frame", "simulated ms", "measured ms", "error");
    char what[96];
    for (int p = 0; p < np; p++)
        for (int sp = 0; sp < 2; sp++) {
            if (!n[p * 2 + sp])
                continue;
            snprintf(what, sizeof what, "op time on %s, %s (%d)", d->procs[p].name,
                     sp ? "split parts" : "whole ops", n[p * 2 + sp]);
            double a = t[(p * 2 + sp) * 2], b = t[(p * 2 + sp) * 2 + 1];
            fprintf(f, "%-32.32s %12.3f %12.3f %+7.1f%%\n", what, a, b, pct(a, b));
        }
    if (ex->transfers > 0 || sim->transfers > 0) {
        double nf = sim->n_frames > 0 ? sim->n_frames : 1;
        double a = sim->transfer_ns / nf / 1e6, b = ex->transfer_us / 1e3;
        snprintf(what, sizeof what, "transfers (%.0f sim / %.0f run)", sim->transfers / nf,
                 ex->transfers);
        fprintf(f, "%-32.32s %12.3f %12.3f %+7.1f%%\n", what, a, b, pct(a, b));
    }
    free(t);
    free(n);
}

void hs_validation_print(FILE *f, const hs_validation *v, const hs_device *d)
{
    const hs_graph *g = v->meas.ss.g;
    fprintf(f, "validate: %s on %s, policy %s, %d native frames (%d simulated)%s\n", g->name,
            d->name, v->meas.ss.plan->policy, v->meas.run.ex.n_frames, v->sim.res.n_frames,
            v->coexec ? ", co-execution" : "");
    fprintf(f, "backends: %s\n", v->meas.run.backends);
    fprintf(f, "simulated op latencies: %d from native traces, %d from the roofline\n",
            v->trace_ops, v->roofline_ops);
    fprintf(f, "%-16s %12s %12s %12s\n", "frame latency", "mean ms", "p50 ms", "p90 ms");
    fprintf(f, "%-16s %12.3f %12.3f %12.3f\n", "simulated", v->sim_mean_ms, v->sim_p50_ms,
            v->sim_p90_ms);
    fprintf(f, "%-16s %12.3f %12.3f %12.3f\n", "measured", v->meas.mean_ms, v->meas.p50_ms,
            v->meas.p90_ms);
    fprintf(f, "%-16s %+11.1f%% %+11.1f%% %+11.1f%%\n", "error", v->err_mean_pct,
            v->err_p50_pct, v->err_p90_pct);
    fprintf(f, "mean error target %.0f%%: %s (measured frames vary by cv %.1f%%)\n",
            v->target_pct, fabs(v->err_mean_pct) <= v->target_pct ? "met" : "MISSED",
            100 * v->meas.cv);
    /* tasks are in the same order in both (one task graph of one placement) */
    const hs_exec_result *ex = &v->meas.run.ex;
    const hs_run_result *sim = &v->sim.res;
    print_lanes(f, v, d);
    op_cmp *rows = calloc((size_t)g->n_ops, sizeof *rows);
    if (!rows)
        return;
    for (int i = 0; i < g->n_ops; i++)
        rows[i].op = i;
    for (int t = 0; t < ex->n_tasks && t < sim->n_tasks; t++) {
        rows[ex->task_op[t]].meas_us += ex->task_us[t];
        rows[sim->task_op[t]].sim_us += sim->task_mean_ns[t] / 1e3;
    }
    qsort(rows, (size_t)g->n_ops, sizeof *rows, by_meas_desc);
    fprintf(f, "%-32s %-18s %12s %12s %8s\n", "op (top 10 by measured time)", "type",
            "simulated us", "measured us", "error");
    for (int k = 0; k < g->n_ops && k < 10; k++) {
        const op_cmp *r = &rows[k];
        fprintf(f, "%-32.32s %-18.18s %12.1f %12.1f %+7.1f%%\n", g->ops[r->op].name,
                g->ops[r->op].type, r->sim_us, r->meas_us, pct(r->sim_us, r->meas_us));
    }
    free(rows);
}

void hs_validation_csv_header(FILE *f)
{
    fputs("model,policy,hogs,frames,coexec,target_pct,sim_mean_ms,sim_p50_ms,sim_p90_ms,"
          "meas_mean_ms,meas_p50_ms,meas_p90_ms,meas_cv,err_mean_pct,err_p50_pct,err_p90_pct,"
          "within_target,trace_ops,roofline_ops,load_before,load_after,others_pct,steal_pct,"
          "repeats,err_ci_pct,noise_floor_pct,within_noise\n",
          f);
}

void hs_validation_csv_row(FILE *f, const hs_validation *v, const char *model,
                           const char *policy, int hogs, double load_before, double load_after,
                           double others, double steal)
{
    fprintf(f, "%s,%s,%d,%d,%d,%g,%.4f,%.4f,%.4f,%.4f,%.4f,%.4f,%.4f,%.2f,%.2f,%.2f,%d,%d,%d,"
               "%.2f,%.2f,%.1f,%.1f,%d,%.2f,%.2f,%d\n",
            model, policy, hogs, v->meas.run.ex.n_frames, v->coexec, v->target_pct, v->sim_mean_ms,
            v->sim_p50_ms, v->sim_p90_ms, v->meas.mean_ms, v->meas.p50_ms, v->meas.p90_ms,
            v->meas.cv, v->err_mean_pct, v->err_p50_pct, v->err_p90_pct,
            fabs(v->err_mean_pct) <= v->target_pct, v->trace_ops, v->roofline_ops, load_before,
            load_after, others < 0 ? -1.0 : 100 * others, steal < 0 ? -1.0 : 100 * steal,
            v->paired.n, v->paired.err_ci_pct, v->paired.noise_floor_pct,
            v->paired.within_noise);
}
