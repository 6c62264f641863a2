/* Seeded random streams (GSL's mt19937). Each consumer of randomness gets
 * its own stream derived from (seed, stream id), so adding randomness in one
 * place does not shift the numbers drawn in another, and a run is
 * byte-identical for a given seed. Free with hs_rng_free(). */
#ifndef HS_RNG_H
#define HS_RNG_H

#include <stdint.h>

typedef struct hs_rng hs_rng;

enum { HS_STREAM_ARRIVALS = 1, HS_STREAM_LATENCY = 2, HS_STREAM_SCENARIO = 3 };

hs_rng *hs_rng_new(uint64_t seed, uint64_t stream);
void hs_rng_free(hs_rng *r);
double hs_rng_uniform(hs_rng *r);              /* [0, 1) */
unsigned long hs_rng_below(hs_rng *r, unsigned long n); /* [0, n) */
double hs_rng_exponential(hs_rng *r, double mean);

#endif
