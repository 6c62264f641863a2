#include "sim/metrics.h"

#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>
#include <stdlib.h>
#include <string.h>

int hs_metrics_compute(const hs_run_result *r, const hs_placement *pl, double slo_ms,
                       int n_clients, hs_metrics *m, hs_error *err)
{
    memset(m, 0, sizeof *m);
    int n = r->n_frames;
    if (n < 1) {
        hs_error_set(err, "metrics: the run completed no frame");
        return -1;
    }
    double *lat = malloc((size_t)(unsigned)n * sizeof *lat);
    if (!lat) {
        hs_error_set(err, "metrics: out of memory");
        return -1;
    }
    for (int i = 0; i < n; i++)
        lat[i] = (double)(r->done[i] - r->arrival[i]) / 1e6;
    m->frames = n;
    m->slo_ms = slo_ms;
    if (slo_ms > 0) {
        int met = 0;
        for (int i = 0; i < n; i++)
            met += lat[i] <= slo_ms;
        m->slo_rate = (double)met / n;
    }
    m->lat_mean_ms = gsl_stats_mean(lat, 1, (size_t)n);
    m->lat_std_ms = n > 1 ? gsl_stats_sd_m(lat, 1, (size_t)n, m->lat_mean_ms) : 0.0;
    gsl_sort(lat, 1, (size_t)n);
    m->lat_min_ms = lat[0];
    m->lat_p50_ms = gsl_stats_quantile_from_sorted_data(lat, 1, (size_t)n, 0.50);
    m->lat_p90_ms = gsl_stats_quantile_from_sorted_data(lat, 1, (size_t)n, 0.90);
    m->lat_p99_ms = gsl_stats_quantile_from_sorted_data(lat, 1, (size_t)n, 0.99);
    m->lat_max_ms = lat[n - 1];
    free(lat);
    double span_ns = (double)(r->t_end - r->t_start);
    m->span_ms = span_ns / 1e6;
    m->throughput_fps = span_ns > 0 ? n / (span_ns / 1e9) : 0.0;
    m->n_procs = r->n_procs < HS_MAX_PROCS ? r->n_procs : HS_MAX_PROCS;
    for (int p = 0; p < m->n_procs; p++)
        m->util[p] = span_ns > 0 ? r->busy_ns[p] / span_ns : 0.0;
    m->n_ops = pl->n_ops;
    m->fallback_ops = pl->n_fallback;
    m->unsupported_ratio = pl->n_ops ? (double)pl->n_fallback / pl->n_ops : 0.0;
    int split = 0;
    for (int i = 0; i < pl->n_ops; i++)
        split += pl->ops[i].at.n_parts > 1;
    m->serial_ratio = split && pl->n_ops ? (double)(pl->n_ops - split) / pl->n_ops : 0.0;
    double busy = r->transfer_ns + r->compute_ns;
    m->transfer_share = busy > 0 ? r->transfer_ns / busy : 0.0;
    double all = busy + r->decision_ns;
    m->sched_share = all > 0 ? r->decision_ns / all : 0.0;
    m->sync_share = all + r->sync_ns > 0 ? r->sync_ns / (all + r->sync_ns) : 0.0;
    m->syncs_per_frame = (double)r->syncs / n;
    m->spin_ms_per_frame = r->spin_ns / 1e6 / n;
    m->transfers_per_frame = (double)r->transfers / n;
    memcpy(m->src_count, r->src_count, sizeof m->src_count);
    m->events = r->events;
    m->reused_share = (double)r->reused_frames / n;
    m->est_error = r->est_err_n ? r->est_err_sum / (double)r->est_err_n : 0.0;
    m->n_clients = n_clients;
    for (int c = 0; c < n_clients; c++)
        m->client_drop[c] = r->client_due[c] > 0 ? 1.0 - (double)r->client_met[c] / r->client_due[c]
                                                 : 0.0;
    for (int p = 0; p < m->n_procs; p++)
        m->client_util[p] = span_ns > 0 && r->client_busy_ns ? r->client_busy_ns[p] / span_ns : 0.0;
    m->work_share = r->work_share;
    m->quality = r->quality;
    return 0;
}
