/* hs_scenario: what happens around the inference ("hetsim-scenario" JSON):
 * how frames arrive, how many, the seed. Later fields (competitors, UI,
 * DVFS, thermal) extend the same file. Command-line options override the
 * file. Owns its strings; free with hs_scenario_free(). */
#ifndef HS_SCENARIO_H
#define HS_SCENARIO_H

#include <stdint.h>

#include "sim/engine.h"

/* One model of a multi-model workload (Band's setting); at most
 * HS_MAX_WORKLOAD of them. */
#define HS_MAX_WORKLOAD 16
typedef struct hs_workload_item {
    char *model;             /* catalogue name or path */
    hs_run_config cfg;       /* arrivals, frames, SLO of this stream */
} hs_workload_item;

/* A competing process group as written in the scenario (processor by name). */
typedef struct hs_competitor_spec {
    char *processor;
    double count, duty, start_ms, stop_ms; /* stop_ms < 0: to the end */
} hs_competitor_spec;

/* A periodic client app as written in the scenario (processors by name). */
typedef struct hs_client_spec {
    char name[48];
    double period_ms, deadline_ms, phase_ms;
    int n_stages;
    char *processor[HS_MAX_STAGES];
    double work_ms[HS_MAX_STAGES];
} hs_client_spec;

/* Markov-modulated background load as written in the scenario. */
typedef struct hs_background_spec {
    char *processor;
    hs_background b; /* proc unresolved (-1) */
} hs_background_spec;

typedef struct hs_scenario {
    char *name, *description;
    int has_arrival, has_fps, has_frames, has_seed, has_inflight, has_slo;
    double slo_ms;
    hs_input_model input; /* enabled when the file has "input" */
    int n_competitors;
    hs_competitor_spec *competitors;
    int n_clients;
    hs_client_spec *clients;
    int n_background;
    hs_background_spec *background;
    int n_workload;       /* models running side by side; 0: the single -m model */
    hs_workload_item *workload;
    hs_arrival_mode arrival;
    double fps;
    int frames, inflight;
    uint64_t seed;
} hs_scenario;

hs_scenario *hs_scenario_load_file(const char *path, hs_error *err);
struct cJSON;
hs_scenario *hs_scenario_from_json(const struct cJSON *root, const char *file, hs_error *err);
void hs_scenario_free(hs_scenario *s);
/* Copy the fields the scenario sets into cfg. */
void hs_scenario_apply(const hs_scenario *s, hs_run_config *cfg);
/* Resolve the competitors' and client apps' processors on device d into
 * cfg; -1 with err naming the scenario file when one names a processor d
 * lacks. */
int hs_scenario_competitors(const hs_scenario *s, const char *file, const hs_device *d,
                            hs_run_config *cfg, hs_error *err);

#endif
