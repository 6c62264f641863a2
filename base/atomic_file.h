/* Output files that never exist half-written. A regular file (or a path
 * that does not exist yet) is written to TARGET.tmp.PID beside it and
 * renamed onto TARGET on commit; TARGET is the file a symlink (chain)
 * names, so the link stays a link, and an existing file keeps its mode
 * (and, for root, its owner). Anything else - a device (/dev/null,
 * /dev/full), a FIFO, /dev/stdout and the /proc/self/fd links - is written
 * straight (appending), and "-" means stdout (commit/abort only flush).
 * Abort removes the temporary file, and so does SIGINT/SIGTERM when it
 * would kill the process (a handler the program set itself is called
 * instead and the file is left to its commit/abort). A failed write is
 * reported with its reason (No space left on device). Failures are runtime
 * errors (hs_error_set_runtime: the output could not be written).
 * hs_output_check, called before the work that produces an output, refuses
 * an output whose directory is missing or not writable, a directory and an
 * unwritable file (runtime errors: it cannot be written), and an output
 * that is one of the inputs, the same inode (an input error). */
#ifndef HS_ATOMIC_FILE_H
#define HS_ATOMIC_FILE_H

#include <stdio.h>

#include "base/error.h"

typedef struct hs_afile {
    FILE *f;
    char path[4096], tmp[4200];
    char target[4096]; /* the file renamed onto (path with its symlinks followed) */
    int is_stdout;
    int straight;      /* 1: written in place (a device, a FIFO, /dev/stdout) */
} hs_afile;

int hs_afile_open(hs_afile *a, const char *path, hs_error *err);
int hs_afile_commit(hs_afile *a, hs_error *err);
void hs_afile_abort(hs_afile *a);
/* Abort after a failed write: err says why (the stream's error, such as No
 * space left on device, or "write error"), as a runtime error. */
void hs_afile_fail(hs_afile *a, hs_error *err);
/* Whether `path` can be written as an output, before any work is done:
 * 0, or -1 with err naming the path and what is wrong. The
 * inputs (n of them; NULL entries and names that are not files are
 * skipped) must not be the same file as the output. "-" passes. */
int hs_output_check(const char *path, const char *const *inputs, int n, hs_error *err);
/* Create a directory and its parents (an output's place). */
int hs_mkdirs(const char *path, hs_error *err);

#endif
