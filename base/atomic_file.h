/* Output files that never exist half-written: write to PATH.tmp.PID, then
 * rename onto PATH on commit; abort removes the temporary file. The path
 * "-" means stdout (commit/abort only flush). Failures are runtime errors
 * (hs_error_set_runtime: the output could not be written). */
#ifndef HS_ATOMIC_FILE_H
#define HS_ATOMIC_FILE_H

#include <stdio.h>

#include "base/error.h"

typedef struct hs_afile {
    FILE *f;
    char path[4096], tmp[4200];
    int is_stdout;
} hs_afile;

int hs_afile_open(hs_afile *a, const char *path, hs_error *err);
int hs_afile_commit(hs_afile *a, hs_error *err);
void hs_afile_abort(hs_afile *a);
/* Create a directory and its parents (an output's place). */
int hs_mkdirs(const char *path, hs_error *err);

#endif
