/* A sweep across the ranks of an MPI job (Open MPI: mpirun -np N hetsim
 * sweep ...): rank 0 hands out points one at a time to the ranks that ask
 * (dynamic distribution: a fast rank takes more), appends each row it gets
 * back to OUT.part.0 at once and writes OUT as a serial run would, byte for
 * byte; the other ranks simulate. With one rank it is hs_sweep_run(). Only
 * built with MPI (configure: HAVE_MPI). */
#ifndef HS_SWEEP_MPI_H
#define HS_SWEEP_MPI_H

#include "analysis/sweep.h"

/* True when this process was started by an MPI launcher (mpirun, srun). */
int hs_sweep_mpi_launched(void);
/* Initialise MPI, run the sweep, finalise. *is_root: this is rank 0 (which
 * reports). Returns as hs_sweep_run() on rank 0; on the others 0, or -1
 * (an input error) when one of their points failed. */
int hs_sweep_run_mpi(const hs_sweep *s, const hs_sweep_opts *o, int *is_root, hs_error *err);

#endif
