#include "analysis/sweep_mpi.h"

#include <errno.h>
#include <fcntl.h>
#include <mpi.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "analysis/sweep_rows.h"
#include "base/progress.h"

enum { TAG_WORK = 1, TAG_ROW = 2, TAG_FAIL = 3 };

int hs_sweep_mpi_launched(void)
{
    static const char *const vars[] = {"OMPI_COMM_WORLD_SIZE", "PMIX_RANK", "PMI_RANK", NULL};
    for (int i = 0; vars[i]; i++)
        if (getenv(vars[i]))
            return 1;
    return 0;
}

/* A worker rank: simulate the points rank 0 sends until it sends -1. A
 * result goes back as "POINT\tROW" (TAG_ROW) or "POINT\tMESSAGE" (TAG_FAIL). */
static int worker(const hs_sweep *s, hs_error *fail)
{
    int rc = 0;
    for (;;) {
        int i;
        MPI_Recv(&i, 1, MPI_INT, 0, TAG_WORK, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
        if (i < 0)
            return rc;
        hs_error err;
        char *row = NULL, *msg = NULL;
        int tag = TAG_ROW;
        if (i >= s->n_points) {
            hs_error_set(&err, "rank 0 sent point %d of %d", i, s->n_points);
            tag = TAG_FAIL;
        } else if (hs_sweep_point_row(s, i, &row, &err) < 0) {
            tag = TAG_FAIL;
        }
        const char *body = tag == TAG_ROW ? row : err.msg;
        size_t len = strlen(body) + 24;
        if (!(msg = malloc(len))) {
            fprintf(stderr, "hetsim sweep: out of memory\n");
            MPI_Abort(MPI_COMM_WORLD, 1);
        }
        int k = snprintf(msg, len, "%d\t%s", i, body);
        MPI_Send(msg, k + 1, MPI_CHAR, 0, tag, MPI_COMM_WORLD);
        free(msg);
        free(row);
        if (tag == TAG_FAIL) {
            *fail = err; /* rank 0 reports it; this rank's exit status says it too */
            hs_error_mark(fail, HS_ERR_INPUT);
            rc = -1;
        }
    }
}


/* Rank 0: hand out the points still to do, keep every row as it comes. */
static int root(const hs_sweep *s, const hs_sweep_opts *o, int size, hs_error *err)
{
    int n = s->n_points, rc = -1, fd = -1, lock = -1;
    char **rows = hs_rows_new(n);
    int *todo = malloc((size_t)(n ? n : 1) * sizeof *todo);
    char part[4200], failmsg[1200] = "";
    int next = 0, n_todo = 0, total = 0, active = 0, failed = 0, handed_out = 0, stop = -1;
    if (!rows || !todo) {
        hs_error_set_runtime(err, "out of memory");
        goto done;
    }
    if ((lock = hs_rows_lock(o->out, err)) < 0 || hs_rows_resume(s, o, rows, err) < 0)
        goto done; /* another sweep writes OUT, its rows are of another sweep, or I/O */
    for (int i = 0; i < n; i++)
        if (hs_sweep_selected(o, i)) {
            total++;
            if (!rows[i])
                todo[n_todo++] = i;
        }
    hs_rows_part_name(part, sizeof part, o->out, 0);
    if ((fd = open(part, O_WRONLY | O_APPEND | O_CREAT, 0644)) < 0) {
        hs_error_set_runtime(err, "%s: cannot open: %s", part, strerror(errno));
        goto done;
    }
    hs_sweep_catch_signals(1);
    int have = total - n_todo;
    handed_out = 1;
    hs_progress bar;
    hs_progress_init(&bar, stderr, "sweep (MPI)", o->quiet);
    /* one point to every worker to start; -1 where there is none */
    for (int r = 1; r < size; r++) {
        if (next < n_todo) {
            MPI_Send(&todo[next++], 1, MPI_INT, r, TAG_WORK, MPI_COMM_WORLD);
            active++;
        } else {
            MPI_Send(&stop, 1, MPI_INT, r, TAG_WORK, MPI_COMM_WORLD);
        }
    }
    while (active > 0) {
        int flag = 0;
        MPI_Status st;
        MPI_Iprobe(MPI_ANY_SOURCE, MPI_ANY_TAG, MPI_COMM_WORLD, &flag, &st);
        if (!flag) {
            if (hs_sweep_interrupted()) {
                close(fd);
                fd = -1;
                hs_progress_break(&bar);
                hs_sweep_interrupt_message(s, o, err);
                fprintf(stderr, "hetsim sweep: %s\n", err->msg);
                MPI_Abort(MPI_COMM_WORLD, 130); /* the workers are mid-point */
            }
            struct timespec ts = {0, 200000}; /* leave the cores to the workers */
            nanosleep(&ts, NULL);
            continue;
        }
        int len;
        MPI_Get_count(&st, MPI_CHAR, &len);
        char *msg = malloc((size_t)len + 1);
        if (!msg) {
            hs_error_set(err, "out of memory");
            MPI_Abort(MPI_COMM_WORLD, 1);
        }
        MPI_Recv(msg, len, MPI_CHAR, st.MPI_SOURCE, st.MPI_TAG, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
        msg[len > 0 ? len - 1 : 0] = '\0';
        char *end;
        long i = strtol(msg, &end, 10);
        if (*end != '\t' || i < 0 || i >= n) {
            snprintf(failmsg, sizeof failmsg, "rank %d sent a malformed result", st.MPI_SOURCE);
            failed = 1;
        } else if (st.MPI_TAG == TAG_FAIL) {
            snprintf(failmsg, sizeof failmsg, "point %ld (%s, %s, %s): %.1000s", i,
                     s->points[i].device, s->points[i].model, s->points[i].policy, end + 1);
            hs_progress_break(&bar);
            fprintf(stderr, "hetsim sweep: %s\n", failmsg);
            failed = 1;
        } else {
            if (hs_rows_append(fd, (int)i, end + 1) < 0) {
                snprintf(failmsg, sizeof failmsg, "%.900s: write error: %s", part, strerror(errno));
                failed = 2;
            }
            if (!rows[i])
                have++;
            free(rows[i]);
            rows[i] = msg;
            memmove(msg, end + 1, strlen(end + 1) + 1);
            msg = NULL;
        }
        free(msg);
        /* the next point for that rank; none after a failure */
        if (!failed && next < n_todo) {
            MPI_Send(&todo[next++], 1, MPI_INT, st.MPI_SOURCE, TAG_WORK, MPI_COMM_WORLD);
        } else {
            MPI_Send(&stop, 1, MPI_INT, st.MPI_SOURCE, TAG_WORK, MPI_COMM_WORLD);
            active--;
        }
        hs_progress_update(&bar, have, total, "points");
    }
    hs_progress_break(&bar);
    close(fd);
    fd = -1;
    if (failed) {
        hs_error_set(err, "%d of %d points done; %s; the rows are kept: run again with --resume",
                     have, total, failmsg);
        hs_error_mark(err, failed == 1 ? HS_ERR_INPUT : HS_ERR_RUNTIME);
        goto done;
    }
    if (n_todo == 0)
        hs_progress_update(&bar, have, total, "points");
    if (hs_rows_write(s, o, rows, err) < 0) {
        hs_error_mark(err, HS_ERR_RUNTIME);
        goto done;
    }
    rc = 0;
done:
    for (int r = 1; !handed_out && r < size; r++) /* the workers wait for word */
        MPI_Send(&stop, 1, MPI_INT, r, TAG_WORK, MPI_COMM_WORLD);
    if (fd >= 0)
        close(fd);
    hs_rows_unlock(o->out, lock);
    hs_sweep_catch_signals(0);
    free(todo);
    hs_rows_free(rows, n);
    return rc;
}

int hs_sweep_run_mpi(const hs_sweep *s, const hs_sweep_opts *o, int *is_root, hs_error *err)
{
    int rank = 0, size = 1, rc;
    MPI_Init(NULL, NULL);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    *is_root = rank == 0;
    if (size == 1)
        rc = hs_sweep_run(s, o, err);
    else if (rank == 0)
        rc = root(s, o, size, err);
    else
        rc = worker(s, err);
    MPI_Finalize();
    return rc;
}
