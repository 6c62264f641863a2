#include "sim/clients.h"

#include <math.h>

#include "base/clock.h"

hs_time hs_client_release_time(const hs_client *c, long k)
{
    return hs_clock_ns(c->phase_ns + (double)k * c->period_ns);
}

int64_t hs_client_priority(const hs_client *c, long k, hs_submission sub)
{
    /* inference work has the frame index as priority (small, >= 0) */
    int64_t base = sub == HS_SUBMIT_GRAPH ? (int64_t)1 << 61 : -((int64_t)1 << 62);
    return hs_client_release_time(c, k) + base;
}

double hs_client_cpu_time(const hs_client *c, int stage, int inference_busy)
{
    return c->work_ns[stage] * (inference_busy ? 2.0 : 1.0);
}

void hs_client_done(const hs_run_config *cfg, hs_run_result *r, int64_t job, hs_time now)
{
    int c = hs_client_of(job);
    long k = hs_client_release(job);
    const hs_client *cl = &cfg->clients[c];
    double deadline = (double)hs_client_release_time(cl, k) + cl->deadline_ns;
    if ((double)now <= deadline) {
        r->client_recent[c][r->client_met[c] % 8] = k;
        r->client_met[c]++;
    }
}

void hs_clients_close(const hs_run_config *cfg, hs_run_result *r, hs_time t_end)
{
    for (int c = 0; c < cfg->n_clients; c++) {
        const hs_client *cl = &cfg->clients[c];
        double due = floor(((double)t_end - cl->phase_ns - cl->deadline_ns) / cl->period_ns) + 1;
        r->client_due[c] = due > 0 ? (long)due : 0;
        /* releases met before t_end whose deadline is after it are not due */
        long n = r->client_met[c] < 8 ? r->client_met[c] : 8;
        for (long i = 0; i < n; i++)
            if (r->client_recent[c][i] >= r->client_due[c])
                r->client_met[c]--;
    }
}
