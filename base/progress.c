#define _POSIX_C_SOURCE 200809L
#include "base/progress.h"

#include <string.h>
#include <time.h>
#include <unistd.h>

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void hs_progress_init(hs_progress *p, FILE *f, const char *what, int quiet)
{
    memset(p, 0, sizeof *p);
    p->f = f;
    p->quiet = quiet;
    p->tty = f && isatty(fileno(f));
    p->every_s = 5.0;
    p->shown = -1;
    p->t0 = p->last = now_s();
    snprintf(p->what, sizeof p->what, "%s", what ? what : "");
}

void hs_progress_update(hs_progress *p, long done, long total, const char *detail)
{
    if (p->quiet || !p->f)
        return;
    double now = now_s();
    int end = total > 0 && done >= total;
    const char *sp = detail && *detail ? " " : "";
    if (!detail)
        detail = "";
    if (p->tty) {
        fprintf(p->f, "\r%s ", p->what);
        if (total > 0) {
            int width = 30, fill = (int)(done * width / total);
            if (fill > width)
                fill = width;
            fprintf(p->f, "[%.*s%*s] %ld/%ld%s%s", fill, "##############################",
                    width - fill, "", done, total, sp, detail);
        } else {
            fprintf(p->f, "%ld%s%s", done, sp, detail);
        }
        fprintf(p->f, ", %.0fs   ", now - p->t0);
        p->open = 1;
        if (end)
            hs_progress_break(p);
    } else if ((end && done != p->shown) || now - p->last >= p->every_s) {
        p->last = now;
        p->shown = done;
        if (total > 0)
            fprintf(p->f, "%s: %ld/%ld%s%s, %.0fs\n", p->what, done, total, sp, detail,
                    now - p->t0);
        else
            fprintf(p->f, "%s: %ld%s%s, %.0fs\n", p->what, done, sp, detail, now - p->t0);
    }
    fflush(p->f);
}

void hs_progress_break(hs_progress *p)
{
    if (p->open && p->f) {
        fputc('\n', p->f);
        p->open = 0;
    }
}
