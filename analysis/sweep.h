/* hs_sweep: a grid of runs ("hetsim-sweep" JSON): devices x models x
 * policies x scenarios x pruning ratios x quantization x seeds, each point
 * simulated and written as one CSV row (a leading "point" column, then the
 * columns of `hetsim run -f csv`). Points run in parallel in N worker
 * processes; every finished row is kept in OUT.part.W at once, so an
 * interrupted sweep loses nothing and --resume completes it; the output is
 * written atomically in point order, byte-identical whatever N is. */
#ifndef HS_SWEEP_H
#define HS_SWEEP_H

#include "../sim/error.h"
#include "point.h"

typedef struct hs_sweep {
    char *name;
    int n_points;
    hs_point *points; /* strings point into `strings` */
    char **strings;   /* owned copies of names and paths */
    int n_strings;
} hs_sweep;

hs_sweep *hs_sweep_load(const char *path, hs_error *err);
/* The same from a parsed document; `path` names it in messages and scenario
 * paths are relative to its directory. The tree stays the caller's. */
struct cJSON;
hs_sweep *hs_sweep_from_json(const struct cJSON *root, const char *path, hs_error *err);
void hs_sweep_free(hs_sweep *s);
/* Run every point not yet in `out` (when resume) with `jobs` processes and
 * write `out`; progress on stderr unless quiet. 0, 1 when a point failed
 * (message in err), -1 on I/O errors. */
int hs_sweep_run(const hs_sweep *s, const char *out, int jobs, int resume, int quiet,
                 hs_error *err);

#endif
