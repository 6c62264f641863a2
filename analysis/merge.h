/* hs_merge: combine the CSVs of a sharded sweep (hetsim sweep --shard K/N,
 * each starting with its shard tag, sweep_rows.h) into the CSV a single run
 * of the whole sweep writes, byte for byte. Checks: every file is a shard of
 * the same sweep (name, grid digest, point count and N agree) with the same
 * header; each row's point belongs to its file's shard; no point appears
 * twice; every point is there. What is missing is listed by shard. */
#ifndef HS_MERGE_H
#define HS_MERGE_H

#include <stddef.h>

#include "base/error.h"

/* Merge `files` into `out` (written atomically). With `partial`, a merge
 * that lacks points still writes the rows it has (the missing ones are
 * named in *warn, a caller-provided buffer of warn_size, else ""). Returns
 * 0; 1 when points are missing and partial wrote the others (*warn); or -1
 * with err: HS_ERR_INPUT for a malformed or inconsistent input,
 * HS_ERR_RUNTIME when points are missing (nothing written) or on I/O
 * errors. */
int hs_merge(const char *const *files, int n_files, const char *out, int partial, char *warn,
             size_t warn_size, hs_error *err);

#endif
