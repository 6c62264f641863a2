#include "sim/run_result.h"

#include <stdlib.h>
#include <string.h>

int hs_run_result_alloc(hs_run_result *r, int frames, int n_procs, int n_tasks)
{
    memset(r, 0, sizeof *r);
    r->n_frames = frames;
    r->n_procs = n_procs;
    r->n_tasks = n_tasks;
    r->arrival = calloc((size_t)frames, sizeof *r->arrival);
    r->done = calloc((size_t)frames, sizeof *r->done);
    r->busy_ns = calloc((size_t)n_procs, sizeof *r->busy_ns);
    r->client_busy_ns = calloc((size_t)n_procs, sizeof *r->client_busy_ns);
    r->mean_ghz = calloc((size_t)n_procs, sizeof *r->mean_ghz);
    r->ops_run = calloc((size_t)n_procs, sizeof *r->ops_run);
    r->task_mean_ns = calloc((size_t)n_tasks, sizeof *r->task_mean_ns);
    r->task_src = calloc((size_t)n_tasks, sizeof *r->task_src);
    r->task_op = calloc((size_t)n_tasks, sizeof *r->task_op);
    r->task_proc = calloc((size_t)n_tasks, sizeof *r->task_proc);
    r->task_frac = calloc((size_t)n_tasks, sizeof *r->task_frac);
    return r->arrival && r->done && r->busy_ns && r->client_busy_ns && r->mean_ghz &&
                   r->ops_run && r->task_mean_ns && r->task_src && r->task_op && r->task_proc &&
                   r->task_frac
               ? 0
               : -1;
}

void hs_run_result_free(hs_run_result *r)
{
    if (!r)
        return;
    free(r->arrival);
    free(r->done);
    free(r->busy_ns);
    free(r->client_busy_ns);
    free(r->mean_ghz);
    free(r->ops_run);
    free(r->task_mean_ns);
    free(r->task_src);
    free(r->task_op);
    free(r->task_proc);
    free(r->task_frac);
    memset(r, 0, sizeof *r);
}

void hs_run_result_close(hs_run_result *r, const long *task_runs)
{
    r->t_start = r->arrival[0];
    r->t_end = 0;
    for (int f = 0; f < r->n_frames; f++)
        if (r->done[f] > r->t_end)
            r->t_end = r->done[f];
    for (int t = 0; t < r->n_tasks; t++)
        if (task_runs[t])
            r->task_mean_ns[t] /= (double)task_runs[t];
}

void hs_run_result_copy_device(hs_run_result *to, const hs_run_result *from)
{
    size_t np = (size_t)from->n_procs;
    memcpy(to->busy_ns, from->busy_ns, np * sizeof *to->busy_ns);
    memcpy(to->client_busy_ns, from->client_busy_ns, np * sizeof *to->client_busy_ns);
    memcpy(to->ops_run, from->ops_run, np * sizeof *to->ops_run);
    memcpy(to->mean_ghz, from->mean_ghz, np * sizeof *to->mean_ghz);
    to->peak_temp_c = from->peak_temp_c;
    to->transfer_ns = from->transfer_ns;
    to->transfers = from->transfers;
    to->compute_ns = from->compute_ns;
    to->decision_ns = from->decision_ns;
    to->sync_ns = from->sync_ns;
    to->syncs = from->syncs;
    to->spin_ns = from->spin_ns;
    to->est_err_sum = from->est_err_sum;
    to->est_err_n = from->est_err_n;
    memcpy(to->client_due, from->client_due, sizeof to->client_due);
    memcpy(to->client_met, from->client_met, sizeof to->client_met);
    to->events = from->events;
}
