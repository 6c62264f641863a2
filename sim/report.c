#include "sim/report.h"

#include <cjson/cJSON.h>
#include <math.h>
#include <stdlib.h>

#include "traces/frontend.h"

const char *const hs_format_names[] = {"table", "csv", "json", NULL};

/* Busiest processor of each kind, for fixed CSV columns across devices. */
static double util_of_kind(const hs_run_info *in, hs_proc_kind k)
{
    double u = 0;
    for (int p = 0; p < in->m->n_procs; p++)
        if (in->d->procs[p].kind == k && in->m->util[p] > u)
            u = in->m->util[p];
    return u;
}

/* (actual mean - predicted) / predicted, 0 when the policy predicts nothing. */
static double estimate_gap(const hs_run_info *in)
{
    return in->predicted_ns > 0 ? (in->m->lat_mean_ms * 1e6 - in->predicted_ns) / in->predicted_ns
                                : 0.0;
}

/* The worst frame-drop rate over the client apps (0 when there are none). */
static double app_drop(const hs_metrics *m)
{
    double worst = 0;
    for (int c = 0; c < m->n_clients; c++)
        if (m->client_drop[c] > worst)
            worst = m->client_drop[c];
    return worst;
}

void hs_report_csv_header(FILE *f)
{
    fputs("device,model,policy,scenario,seed,frames,arrival,fps,lat_mean_ms,lat_std_ms,"
          "lat_p50_ms,lat_p90_ms,lat_p99_ms,lat_max_ms,throughput_fps,util_cpu,util_gpu,"
          "util_dsp,util_npu,fallback_ops,n_ops,unsupported_ratio,serial_ratio,transfer_share,"
          "transfers_per_frame,sched_share,sync_share,slo_ms,slo_rate,app_drop_rate,reused_share,work_share,"
          "quality,"
          "predicted_ms,estimate_gap,estimate_error,prune,quant,accuracy,"
          "src_trace,src_fitted,src_roofline\n",
          f);
}

void hs_report_csv_row(FILE *f, const hs_run_info *in)
{
    const hs_metrics *m = in->m;
    char acc[32] = "";
    if (!isnan(in->accuracy))
        snprintf(acc, sizeof acc, "%.3f", in->accuracy);
    /* one group of columns per line, in the header's order */
    fprintf(f, "%s,%s,%s,%s,%llu,%d,%s,%.6g,", in->d->name, in->g->name, in->policy,
            in->scenario ? in->scenario : "idle", (unsigned long long)in->cfg->seed, m->frames,
            hs_arrival_names[in->cfg->arrival],
            in->cfg->arrival == HS_ARRIVAL_CLOSED ? 0.0 : in->cfg->fps);
    fprintf(f, "%.6f,%.6f,%.6f,%.6f,%.6f,%.6f,%.6f,", m->lat_mean_ms, m->lat_std_ms, m->lat_p50_ms,
            m->lat_p90_ms, m->lat_p99_ms, m->lat_max_ms, m->throughput_fps);
    fprintf(f, "%.6f,%.6f,%.6f,%.6f,", util_of_kind(in, HS_PROC_CPU), util_of_kind(in, HS_PROC_GPU),
            util_of_kind(in, HS_PROC_DSP), util_of_kind(in, HS_PROC_NPU));
    fprintf(f, "%d,%d,%.6f,%.6f,%.6f,%.6f,%.6f,%.6f,", m->fallback_ops, m->n_ops,
            m->unsupported_ratio, m->serial_ratio, m->transfer_share, m->transfers_per_frame,
            m->sched_share, m->sync_share);
    fprintf(f, "%.6g,%.6f,%.6f,%.6f,%.6f,%.6f,", m->slo_ms, m->slo_rate, app_drop(m),
            m->reused_share, m->work_share, m->quality);
    fprintf(f, "%.6f,%.6f,%.6f,%.3f,%s,%s,", in->predicted_ns / 1e6, estimate_gap(in), m->est_error,
            in->fe ? in->fe->prune : 0.0, in->fe && in->fe->quant_int8 ? "int8" : "", acc);
    fprintf(f, "%d,%d,%d\n", m->src_count[HS_SRC_TRACE], m->src_count[HS_SRC_FITTED],
            m->src_count[HS_SRC_ROOFLINE]);
}

static void write_table(FILE *f, const hs_run_info *in)
{
    const hs_metrics *m = in->m;
    const hs_run_config *c = in->cfg;
    fprintf(f, "hetsim run: %s on %s, policy %s", in->g->name, in->d->name, in->policy);
    if (in->scenario)
        fprintf(f, ", scenario %s", in->scenario);
    fprintf(f, "\n%d frames, %s arrivals", m->frames, hs_arrival_names[c->arrival]);
    if (c->arrival != HS_ARRIVAL_CLOSED)
        fprintf(f, " at %g fps", c->fps);
    fprintf(f, ", seed %llu, trace mode %s\n\n", (unsigned long long)c->seed,
            hs_trace_mode_names[c->trace_mode]);
    fprintf(f, "%-22s %10s %10s %10s %10s %10s\n", "frame latency (ms)", "mean", "p50", "p90",
            "p99", "max");
    fprintf(f, "%-22s %10.3f %10.3f %10.3f %10.3f %10.3f\n", "", m->lat_mean_ms, m->lat_p50_ms,
            m->lat_p90_ms, m->lat_p99_ms, m->lat_max_ms);
    fprintf(f, "%-22s %10.2f frames/s\n", "throughput", m->throughput_fps);
    if (m->slo_ms > 0)
        fprintf(f, "%-22s %9.1f%% of frames within %g ms\n", "SLO satisfaction",
                100.0 * m->slo_rate, m->slo_ms);
    fputc('\n', f);
    fprintf(f, "%-12s %-5s %12s %10s\n", "processor", "kind", "utilization", "ops/frame");
    for (int p = 0; p < m->n_procs; p++)
        fprintf(f, "%-12s %-5s %11.1f%% %10.1f\n", in->d->procs[p].name,
                hs_proc_kind_names[in->d->procs[p].kind], 100.0 * m->util[p],
                (double)in->res->ops_run[p] / m->frames);
    for (int a = 0; a < m->n_clients; a++)
        fprintf(f, "%-22s %.1f%% of its frames missed the deadline (%ld of %ld)\n",
                in->cfg->clients[a].name, 100.0 * m->client_drop[a],
                in->res->client_due[a] - in->res->client_met[a], in->res->client_due[a]);
    int governed = 0;
    for (int p = 0; p < m->n_procs; p++)
        governed |= in->d->procs[p].dvfs.n > 0;
    if (governed || in->res->peak_temp_c > 0) {
        fprintf(f, "%-22s", "clocks (mean GHz)");
        for (int p = 0; p < m->n_procs; p++)
            if (in->d->procs[p].dvfs.n > 0)
                fprintf(f, " %s %.2f", in->d->procs[p].name, in->res->mean_ghz[p]);
        if (in->res->peak_temp_c > 0)
            fprintf(f, "; peak temperature %.1f C", in->res->peak_temp_c);
        fputc('\n', f);
    }
    if (m->n_clients) {
        fprintf(f, "%-22s", "apps' utilization");
        for (int p = 0; p < m->n_procs; p++)
            if (m->client_util[p] > 0)
                fprintf(f, " %s %.1f%%", in->d->procs[p].name, 100.0 * m->client_util[p]);
        fputc('\n', f);
    }
    fprintf(f, "\n%-22s %d of %d ops (unsupported ratio %.1f%%)\n", "fallbacks to host CPU",
            m->fallback_ops, m->n_ops, 100.0 * m->unsupported_ratio);
    if (m->serial_ratio > 0)
        fprintf(f, "%-22s %.1f%% of ops not run in parallel (unsupported on one processor or "
                   "not splittable)\n",
                "co-execution", 100.0 * m->serial_ratio);
    fprintf(f, "%-22s %.1f%% of busy time, %.1f transfers/frame\n", "transfers",
            100.0 * m->transfer_share, m->transfers_per_frame);
    if ((in->fe && (in->fe->prune > 0 || in->fe->quant_int8)) || m->quality < 1) {
        fprintf(f, "%-22s prune %.2f%s, accuracy proxy ", "frontend+reuse",
                in->fe ? in->fe->prune : 0.0, in->fe && in->fe->quant_int8 ? ", int8" : "");
        if (isnan(in->accuracy))
            fprintf(f, "unknown (the model declares no figures for this)\n");
        else
            fprintf(f, "%.2f %s (fp32 %.2f)\n", in->accuracy, in->g->accuracy.metric,
                    in->g->accuracy.fp32);
    }
    if (m->quality < 1 || m->work_share < 1 || m->reused_share > 0)
        fprintf(f, "%-22s %.1f%% of frames reused, %.1f%% of op work recomputed, freshness %.3f\n",
                "reuse", 100.0 * m->reused_share, 100.0 * m->work_share, m->quality);
    if (m->sched_share > 0)
        fprintf(f, "%-22s %.1f%% of busy time in runtime scheduling decisions\n", "scheduling",
                100.0 * m->sched_share);
    if (m->sync_share > 0) {
        fprintf(f, "%-22s %.1f%% of busy time in co-execution meetings, %.1f meetings/frame",
                "synchronisation", 100.0 * m->sync_share, m->syncs_per_frame);
        if (m->spin_ms_per_frame > 0)
            fprintf(f, ", %.3f ms/frame of CPU spinning", m->spin_ms_per_frame);
        fputc('\n', f);
    }
    if (in->predicted_ns > 0)
        fprintf(f, "%-22s %.3f ms predicted by the policy, actual mean %+.1f%% off\n",
                "policy estimate", in->predicted_ns / 1e6, 100.0 * estimate_gap(in));
    fprintf(f, "%-22s %.1f%% mean error of the policy's estimate of each execution\n",
            "estimate error", 100.0 * m->est_error);
    fprintf(f, "%-22s trace %d, fitted %d, roofline %d (tasks)\n", "latency source",
            m->src_count[HS_SRC_TRACE], m->src_count[HS_SRC_FITTED], m->src_count[HS_SRC_ROOFLINE]);
}

static cJSON *json_doc(const hs_run_info *in)
{
    const hs_metrics *m = in->m;
    cJSON *root = cJSON_CreateObject();
    cJSON_AddStringToObject(root, "format", "hetsim-run");
    cJSON_AddNumberToObject(root, "version", 1);
    cJSON_AddStringToObject(root, "device", in->d->name);
    cJSON_AddStringToObject(root, "model", in->g->name);
    cJSON_AddStringToObject(root, "policy", in->policy);
    if (in->scenario)
        cJSON_AddStringToObject(root, "scenario", in->scenario);
    cJSON *cfg = cJSON_AddObjectToObject(root, "config");
    cJSON_AddNumberToObject(cfg, "frames", in->cfg->frames);
    cJSON_AddStringToObject(cfg, "arrival", hs_arrival_names[in->cfg->arrival]);
    cJSON_AddNumberToObject(cfg, "fps", in->cfg->fps);
    cJSON_AddNumberToObject(cfg, "seed", (double)in->cfg->seed);
    cJSON_AddStringToObject(cfg, "trace_mode", hs_trace_mode_names[in->cfg->trace_mode]);
    cJSON *lat = cJSON_AddObjectToObject(root, "latency_ms");
    cJSON_AddNumberToObject(lat, "mean", m->lat_mean_ms);
    cJSON_AddNumberToObject(lat, "std", m->lat_std_ms);
    cJSON_AddNumberToObject(lat, "min", m->lat_min_ms);
    cJSON_AddNumberToObject(lat, "p50", m->lat_p50_ms);
    cJSON_AddNumberToObject(lat, "p90", m->lat_p90_ms);
    cJSON_AddNumberToObject(lat, "p99", m->lat_p99_ms);
    cJSON_AddNumberToObject(lat, "max", m->lat_max_ms);
    cJSON_AddNumberToObject(root, "throughput_fps", m->throughput_fps);
    cJSON *procs = cJSON_AddArrayToObject(root, "processors");
    for (int p = 0; p < m->n_procs; p++) {
        cJSON *po = cJSON_CreateObject();
        cJSON_AddStringToObject(po, "name", in->d->procs[p].name);
        cJSON_AddStringToObject(po, "kind", hs_proc_kind_names[in->d->procs[p].kind]);
        cJSON_AddNumberToObject(po, "utilization", m->util[p]);
        cJSON_AddNumberToObject(po, "ops_run", (double)in->res->ops_run[p]);
        cJSON_AddNumberToObject(po, "mean_ghz", in->res->mean_ghz[p]);
        cJSON_AddItemToArray(procs, po);
    }
    cJSON_AddNumberToObject(root, "fallback_ops", m->fallback_ops);
    cJSON_AddNumberToObject(root, "n_ops", m->n_ops);
    cJSON_AddNumberToObject(root, "unsupported_ratio", m->unsupported_ratio);
    cJSON_AddNumberToObject(root, "serial_ratio", m->serial_ratio);
    cJSON_AddNumberToObject(root, "peak_temp_c", in->res->peak_temp_c);
    cJSON_AddNumberToObject(root, "transfer_share", m->transfer_share);
    cJSON_AddNumberToObject(root, "transfers_per_frame", m->transfers_per_frame);
    cJSON_AddNumberToObject(root, "sched_share", m->sched_share);
    cJSON_AddNumberToObject(root, "sync_share", m->sync_share);
    if (m->n_clients) {
        cJSON *apps = cJSON_AddArrayToObject(root, "apps");
        for (int c = 0; c < m->n_clients; c++) {
            cJSON *a = cJSON_CreateObject();
            cJSON_AddStringToObject(a, "name", in->cfg->clients[c].name);
            cJSON_AddNumberToObject(a, "frames_due", (double)in->res->client_due[c]);
            cJSON_AddNumberToObject(a, "frames_met", (double)in->res->client_met[c]);
            cJSON_AddNumberToObject(a, "drop_rate", m->client_drop[c]);
            cJSON_AddItemToArray(apps, a);
        }
    }
    cJSON_AddNumberToObject(root, "reused_share", m->reused_share);
    cJSON_AddNumberToObject(root, "work_share", m->work_share);
    cJSON_AddNumberToObject(root, "quality", m->quality);
    if (m->slo_ms > 0) {
        cJSON_AddNumberToObject(root, "slo_ms", m->slo_ms);
        cJSON_AddNumberToObject(root, "slo_rate", m->slo_rate);
    }
    if (in->fe) {
        cJSON *fe = cJSON_AddObjectToObject(root, "frontend");
        cJSON_AddNumberToObject(fe, "prune", in->fe->prune);
        cJSON_AddBoolToObject(fe, "quant_int8", in->fe->quant_int8);
    }
    if (isnan(in->accuracy))
        cJSON_AddNullToObject(root, "accuracy");
    else
        cJSON_AddNumberToObject(root, "accuracy", in->accuracy);
    cJSON_AddNumberToObject(root, "predicted_ms", in->predicted_ns / 1e6);
    cJSON_AddNumberToObject(root, "estimate_gap", estimate_gap(in));
    cJSON_AddNumberToObject(root, "estimate_error", m->est_error);
    cJSON_AddNumberToObject(root, "events", (double)m->events);
    cJSON *srcs = cJSON_AddObjectToObject(root, "latency_sources"); /* tasks per source */
    for (int k = 0; k < HS_SRC_COUNT; k++)
        cJSON_AddNumberToObject(srcs, hs_lat_source_names[k], m->src_count[k]);
    cJSON *frames = cJSON_AddArrayToObject(root, "frame_latency_ms");
    for (int i = 0; i < in->res->n_frames; i++)
        cJSON_AddItemToArray(frames, cJSON_CreateNumber(
                                         (double)(in->res->done[i] - in->res->arrival[i]) / 1e6));
    cJSON *ops = cJSON_AddArrayToObject(root, "ops");
    const hs_run_result *r = in->res;
    for (int t = 0; t < r->n_tasks;) {
        int i = r->task_op[t];
        const hs_placed_op *po = &in->pl->ops[i];
        cJSON *o = cJSON_CreateObject();
        cJSON_AddStringToObject(o, "name", in->g->ops[i].name);
        cJSON_AddStringToObject(o, "type", in->g->ops[i].type);
        if (po->at.n_parts > 1) {
            cJSON_AddStringToObject(o, "split", hs_split_dim_names[po->at.dim]);
            cJSON_AddNumberToObject(o, "chain", po->at.chain);
        }
        cJSON *parts = po->at.n_parts > 1 ? cJSON_AddArrayToObject(o, "parts") : NULL;
        for (int k = 0; k < po->at.n_parts; k++, t++) {
            cJSON *dst = o;
            if (parts) {
                dst = cJSON_CreateObject();
                cJSON_AddItemToArray(parts, dst);
                cJSON_AddNumberToObject(dst, "fraction", r->task_frac[t]);
            }
            cJSON_AddStringToObject(dst, "processor", in->d->procs[r->task_proc[t]].name);
            cJSON_AddStringToObject(dst, "dtype", hs_dtype_name(po->dtype[k]));
            cJSON_AddStringToObject(dst, "source", hs_lat_source_names[r->task_src[t]]);
            cJSON_AddNumberToObject(dst, "mean_us", r->task_mean_ns[t] / 1e3);
        }
        if (po->fallback)
            cJSON_AddStringToObject(o, "fallback", po->why);
        cJSON_AddItemToArray(ops, o);
    }
    return root;
}

int hs_report_write(FILE *f, hs_format fmt, const hs_run_info *in)
{
    switch (fmt) {
    case HS_FMT_TABLE:
        write_table(f, in);
        break;
    case HS_FMT_CSV:
        hs_report_csv_header(f);
        hs_report_csv_row(f, in);
        break;
    case HS_FMT_JSON: {
        cJSON *doc = json_doc(in);
        char *s = doc ? cJSON_Print(doc) : NULL;
        cJSON_Delete(doc);
        if (!s)
            return -1;
        fputs(s, f);
        fputc('\n', f);
        free(s);
        break;
    }
    }
    return ferror(f) ? -1 : 0;
}

int hs_report_workload(FILE *f, hs_format fmt, const hs_run_info *in, int n)
{
    if (fmt == HS_FMT_CSV) {
        hs_report_csv_header(f);
        for (int k = 0; k < n; k++)
            hs_report_csv_row(f, &in[k]);
    } else if (fmt == HS_FMT_JSON) {
        cJSON *root = cJSON_CreateObject();
        cJSON_AddStringToObject(root, "format", "hetsim-workload-run");
        cJSON_AddNumberToObject(root, "version", 1);
        cJSON *arr = cJSON_AddArrayToObject(root, "streams");
        for (int k = 0; k < n; k++)
            cJSON_AddItemToArray(arr, json_doc(&in[k]));
        char *s = cJSON_Print(root);
        cJSON_Delete(root);
        if (!s)
            return -1;
        fprintf(f, "%s\n", s);
        free(s);
    } else {
        const hs_metrics *m0 = in[0].m;
        fprintf(f, "hetsim run: workload of %d models on %s, policy %s, scenario %s, seed %llu\n\n",
                n, in[0].d->name, in[0].policy, in[0].scenario,
                (unsigned long long)in[0].cfg->seed);
        fprintf(f, "%-22s %7s %9s %9s %9s %9s %9s %8s\n", "model", "frames", "mean ms", "p50",
                "p90", "p99", "SLO ms", "within");
        for (int k = 0; k < n; k++) {
            const hs_metrics *m = in[k].m;
            fprintf(f, "%-22s %7d %9.3f %9.3f %9.3f %9.3f ", in[k].g->name, m->frames,
                    m->lat_mean_ms, m->lat_p50_ms, m->lat_p90_ms, m->lat_p99_ms);
            if (m->slo_ms > 0)
                fprintf(f, "%9g %7.1f%%\n", m->slo_ms, 100.0 * m->slo_rate);
            else
                fprintf(f, "%9s %8s\n", "-", "-");
        }
        fprintf(f, "\n%-12s %-5s %12s   (over the first model's run)\n", "processor", "kind",
                "utilization");
        for (int p = 0; p < m0->n_procs; p++)
            fprintf(f, "%-12s %-5s %11.1f%%\n", in[0].d->procs[p].name,
                    hs_proc_kind_names[in[0].d->procs[p].kind], 100.0 * m0->util[p]);
        fprintf(f, "\n%-22s %.1f%% of busy time in runtime scheduling decisions\n", "scheduling",
                100.0 * m0->sched_share);
    }
    return ferror(f) ? -1 : 0;
}
