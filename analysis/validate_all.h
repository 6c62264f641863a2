/* hetsim validate's cases on this host: the host profile and the native
 * traces of each model, recorded into a directory when missing (native
 * record_dir.h), then one hs_validate_one (validate.h) per case.
 * hs_validate_host: the host profile for one model, recorded when needed.
 * hs_validate_all: every model (the zoo, or a list) x cpu, gpu, mulayer,
 * codl (only cpu without a GPU) x 0, 1, 2 hogs, one CSV row per case
 * (written atomically), the cases within their error target, and how
 * quiet the host was; what happens is told through a callback (the
 * command line prints it).
 * Errors: an unknown model or a bad profile is an input error; a failed
 * recording, native run or output is a runtime error. Nothing is owned
 * beyond the call; the summary is the caller's. */
#ifndef HS_VALIDATE_ALL_H
#define HS_VALIDATE_ALL_H

#include "analysis/validate.h"
#include "devices/profile.h"
#include "native/record_dir.h"

typedef struct hs_validate_setup {
    const char *dir;         /* recording directory: DIR/host.json, DIR/traces/host/MODEL/ */
    const char *device;      /* a host profile to use instead of DIR/host.json, or NULL */
    hs_record_dir_opts record; /* how to record what is missing (name "host") */
    hs_validate_opts run;    /* each case (native.hogs is the case's) */
    int repeats;             /* >= 2: each case repeated as pairs (hs_validate_paired) */
} hs_validate_setup;

typedef enum hs_validate_event {
    HS_VALIDATE_RECORDING,  /* model: its traces are being recorded */
    HS_VALIDATE_CASE_START, /* model, policy, hogs, index, total */
    HS_VALIDATE_CASE_DONE,  /* and v, the loads, others and steal */
    HS_VALIDATE_REPEAT      /* model, policy: repetition index of total starts (recording) */
} hs_validate_event;

typedef struct hs_validate_case {
    const char *model, *policy;
    int hogs, index, total;          /* index: 1-based among total (skipped ones count) */
    const hs_validation *v;
    double load_before, load_after;  /* 1-minute load average, -1 when unknown */
    double others, steal;            /* hs_cpu_others over the case */
} hs_validate_case;

typedef void (*hs_validate_report)(void *ctx, hs_validate_event ev, const hs_validate_case *c);

/* The policies --all runs each model under. */
#define HS_VALIDATE_N_POLICIES 4
extern const char *const hs_validate_policies[HS_VALIDATE_N_POLICIES];

/* The host profile (a device the caller frees), after recording `model`
 * into s->dir unless s->device is given or its traces are there (the
 * recording adds the split fractions of `policy`'s plan, NULL: of every
 * policy --all runs); NULL with err. `report` (may be NULL) hears of a
 * recording. */
hs_device *hs_validate_host(const hs_validate_setup *s, const char *model, const char *policy,
                            hs_validate_report report, void *ctx, hs_error *err);

/* One case (s->run, its native.hogs included) repeated s->repeats times as
 * pairs: each repetition records the model's traces afresh into
 * DIR/repeat-K/ (beside a copy of the host profile, so the host is not
 * measured again; the CPU backend only for policy "cpu"), then runs the case
 * natively right after, so what disturbs the host at that moment hits the
 * recording and the run alike. *out holds the means over the repetitions
 * and the paired statistics (paired.h); *dev the last repetition's profile
 * (what out's session refers to; the caller frees it after out). With
 * repeats < 2: one comparison on the existing recording. 0, or -1 with err. */
int hs_validate_paired(const hs_validate_setup *s, const char *model, const char *policy,
                       hs_validate_report rep, void *ctx, hs_validation *out, hs_device **dev,
                       hs_error *err);

typedef struct hs_validate_summary {
    char report[4200];           /* the CSV written */
    int cases[2], met[2];        /* [0] single processor, no hogs; [1] co-execution or hogs */
    double abs_err_sum[2];       /* sum of |mean error| in percent */
    int within_noise[2];         /* repeated cases whose error is within noise */
    double load_first, load_max; /* load average before the first case, highest after one */
    hs_cpu_snap start, end;      /* CPU time over all the cases */
} hs_validate_summary;

/* Every case of `models` (n_models of them; NULL: every zoo model) into
 * `report` (NULL: DIR/validation.csv). 0, or -1 with err (the CSV is then
 * not written). */
int hs_validate_all(const hs_validate_setup *s, char *const *models, int n_models,
                    const char *report, hs_validate_report rep, void *ctx,
                    hs_validate_summary *sum, hs_error *err);

#endif
