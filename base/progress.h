/* hs_progress: how far a long job is, on a stream (stderr). On a terminal,
 * one line redrawn in place ("\r"), with a bar when the total is known;
 * anywhere else (a log file, a pipe, CI) a plain line ending in "\n" at most
 * every `every_s` seconds (5 by default) and once at the end, so logs stay
 * one event per line. Nothing when quiet. The caller owns the struct (no
 * allocation); `what` is copied. */
#ifndef HS_PROGRESS_H
#define HS_PROGRESS_H

#include <stdio.h>

typedef struct hs_progress {
    FILE *f;
    int tty;        /* 1: redraw in place (set by init from isatty) */
    int quiet;
    double every_s; /* plain lines: at most one per every_s seconds */
    double t0, last;
    int open;       /* a redrawn line waits for its "\n" */
    long shown;     /* the count of the last plain line, -1 before one */
    char what[128];
} hs_progress;

/* Start: the stream, what is measured ("sweep", "hetsim native run"), and
 * quiet (print nothing). */
void hs_progress_init(hs_progress *p, FILE *f, const char *what, int quiet);
/* done of total (total <= 0: unknown, no bar), `detail` (NULL or text after
 * the count, e.g. "points" or "frames (warm-up)"). done == total ends the
 * line and prints the plain line whatever the time (once per count). */
void hs_progress_update(hs_progress *p, long done, long total, const char *detail);
/* Before other output or at the end: ends a line left open on a terminal. */
void hs_progress_break(hs_progress *p);

#endif
