/* hs_sweep: a grid of runs ("hetsim-sweep" JSON): devices x models x
 * policies x scenarios x pruning ratios x quantization x seeds, each point
 * simulated and written as one CSV row (a leading "point" column, then the
 * columns of `hetsim run -f csv`). Points run in parallel in N worker
 * processes (or MPI ranks, sweep_mpi.h); every finished row is kept in
 * OUT.part.W at once, so an interrupted sweep loses nothing and --resume
 * completes it; the output is written atomically in point order,
 * byte-identical whatever N is. */
#ifndef HS_SWEEP_H
#define HS_SWEEP_H

#include "base/error.h"
#include "analysis/point.h"

#define HS_SWEEP_MAX_POINTS 10000000

typedef struct hs_sweep {
    char *name;
    int n_points;
    hs_point *points; /* strings point into `strings` */
    char **strings;   /* owned copies of names and paths */
    int n_strings, cap_strings;
    /* what a point's device or model string is called in its rows (the
     * profile's and the graph's name; keys 'd' or 'm' then the string),
     * filled by hs_sweep_load's checks */
    const char **canon_key, **canon_name;
    int n_canon;
    const char *scen[256]; /* the scenario axis: paths (NULL: the default) */
    int n_scen;
} hs_sweep;

/* Load and check the whole spec before anything runs: every device, model,
 * policy (and variant) and scenario is opened or looked up once, and the
 * first that fails is named by its place in the file ("at
 * $.policies[2]: unknown policy ..."). */
hs_sweep *hs_sweep_load(const char *path, hs_error *err);
/* The name rows carry for a point's device (kind 'd') or model ('m')
 * string (NULL when the spec was not checked by hs_sweep_load). */
const char *hs_sweep_canonical(const hs_sweep *s, char kind, const char *str);
/* The same from a parsed document; `path` names it in messages and scenario
 * paths are relative to its directory. The tree stays the caller's. */
struct cJSON;
hs_sweep *hs_sweep_from_json(const struct cJSON *root, const char *path, hs_error *err);
void hs_sweep_free(hs_sweep *s);
/* How to run a sweep. A shard (shard_n > 1) is the points i with
 * i % shard_n == shard_k - 1; its output starts with a "# hetsim shard"
 * line that `hetsim merge` checks (sweep_rows.h). */
typedef struct hs_sweep_opts {
    const char *out;      /* the CSV to write */
    int jobs;             /* worker processes (fork), >= 1 */
    int resume, quiet;
    int shard_k, shard_n; /* 1 <= shard_k <= shard_n; shard_n <= 1: every point */
} hs_sweep_opts;

/* Run every point of the run (its shard) not yet in `out` or its part files
 * (when resume) with `jobs` processes and write `out`; progress on stderr
 * unless quiet. SIGINT/SIGTERM stop the workers and say what was kept.
 * 0, or -1 with err: HS_ERR_INPUT when a point failed (its message went to
 * stderr), HS_ERR_RUNTIME on I/O errors, HS_ERR_INTERRUPTED when a signal
 * stopped it (the message says what was kept). */
int hs_sweep_run(const hs_sweep *s, const hs_sweep_opts *o, hs_error *err);
/* Whether point i belongs to the run. */
int hs_sweep_selected(const hs_sweep_opts *o, int i);
/* A fingerprint of the grid (every point's device, model, policy, scenario
 * file name, seed, frames and transforms), the same on every machine. */
unsigned long long hs_sweep_digest(const hs_sweep *s);
/* SIGINT/SIGTERM handling of a run: catch (on) or restore the defaults;
 * the signal caught so far (0: none); the message (HS_ERR_INTERRUPTED) that
 * says what was kept in the part files and how to resume. */
void hs_sweep_catch_signals(int on);
int hs_sweep_interrupted(void);
void hs_sweep_interrupt_message(const hs_sweep *s, const hs_sweep_opts *o, hs_error *err);
/* Simulate point i into *row (owned by the caller, no newline). 0 or -1. */
int hs_sweep_point_row(const hs_sweep *s, int i, char **row, hs_error *err);

#endif
