/* hs_run_config (engine.h): its defaults, its check, and the open-loop
 * arrival gaps, for both engines. */
#include "sim/engine.h"

#include "base/clock.h"
#include "base/rng.h"

const char *const hs_arrival_names[] = {"closed", "periodic", "poisson", NULL};

hs_run_config hs_run_config_default(void)
{
    hs_run_config c = {.frames = 50, .arrival = HS_ARRIVAL_CLOSED, .inflight = 1, .fps = 30.0,
                       .seed = 1, .trace_mode = HS_TRACE_SAMPLE};
    return c;
}

int hs_run_config_check(const hs_run_config *cfg, const char *stream, hs_error *err)
{
    if (cfg->frames >= 1 && cfg->inflight >= 1 &&
        (cfg->arrival == HS_ARRIVAL_CLOSED || cfg->fps > 0))
        return 0;
    hs_error_set(err, "run: %s%s%sexpected frames >= 1, inflight >= 1 and fps > 0 for open-loop "
                      "arrivals",
                 stream ? "stream " : "", stream ? stream : "", stream ? ": " : "");
    return -1;
}

hs_time hs_arrival_gap_ns(const hs_run_config *cfg, hs_rng *rng)
{
    double gap_s = cfg->arrival == HS_ARRIVAL_PERIODIC ? 1.0 / cfg->fps
                                                       : hs_rng_exponential(rng, 1.0 / cfg->fps);
    return hs_clock_ns(gap_s * 1e9);
}
