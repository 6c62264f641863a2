#include "base/rng.h"

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <stdlib.h>

struct hs_rng {
    gsl_rng *g;
};

/* splitmix64: spreads (seed, stream) over the seed space */
static uint64_t mix(uint64_t x)
{
    x += 0x9e3779b97f4a7c15ULL;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
}

hs_rng *hs_rng_new(uint64_t seed, uint64_t stream)
{
    hs_rng *r = malloc(sizeof *r);
    if (!r)
        return NULL;
    r->g = gsl_rng_alloc(gsl_rng_mt19937);
    if (!r->g) {
        free(r);
        return NULL;
    }
    unsigned long s = (unsigned long)(mix(seed ^ mix(stream)) & 0xffffffffUL);
    gsl_rng_set(r->g, s ? s : 1);
    return r;
}

void hs_rng_free(hs_rng *r)
{
    if (!r)
        return;
    gsl_rng_free(r->g);
    free(r);
}

double hs_rng_uniform(hs_rng *r)
{
    return gsl_rng_uniform(r->g);
}

unsigned long hs_rng_below(hs_rng *r, unsigned long n)
{
    return n ? gsl_rng_uniform_int(r->g, n) : 0;
}

double hs_rng_exponential(hs_rng *r, double mean)
{
    return gsl_ran_exponential(r->g, mean);
}
