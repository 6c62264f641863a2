/* Importer for ONNX Runtime profiling JSON (SessionOptions.enable_profiling,
 * or onnxruntime_perf_test -p FILE): a Chrome-trace array of events
 *   {"cat": "Node", "name": "<node>_kernel_time", "dur": US, "ts": US,
 *    "args": {"op_name": "Conv", "provider": "CPUExecutionProvider", ...}}
 * (an object {"traceEvents": [...]} is accepted too). Every "Node" event
 * whose name ends in "_kernel_time" is one sample of node <node>, "dur" in
 * microseconds; a node met twice in one run (between two "model_run"
 * session events) gets the sum. Other events (fences, session events) are
 * skipped. The op type is args.op_name (already an ONNX op type).
 * o->skip_runs > 0 drops the first samples (warm-up runs) of every node.
 *
 * Framework time: a run's "model_run" event lasts longer than its kernels
 * (the session binds inputs and outputs, the executor dispatches each node).
 * When a run's kernel events lie inside its model_run interval ("ts" +
 * "dur"), each node's sample carries the gap before it (from the run's
 * start or the previous kernel's end) and the last one the tail up to the
 * run's end, so a run's samples add up to its model_run time and a replay
 * reproduces ONNX Runtime's per-run time (o->no_overhead: kernel time
 * alone). Layout nodes ONNX Runtime inserts for its NCHWc kernels
 * (ReorderInput, ReorderOutput: no graph op of their own) are added to the
 * node they serve in the same run: ReorderOutput to the node before it,
 * ReorderInput to the node after it. The note says both.
 * Checks: the document is an array of objects; kernel events have a node
 * name, a "dur" number in [0, 1e9] and an "args" object; at least one
 * kernel event. Nodes on more than one execution provider are reported as a
 * warning (the trace is meant for one processor). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/json_read.h"
#include "traces/importers.h"

#define KSUFFIX "_kernel_time"

typedef struct provider_count {
    char name[64];
    int nodes;
} provider_count;

/* One kernel event. */
typedef struct kev {
    char *node;
    const char *type, *provider;
    double ts, dur, extra; /* extra: framework time attributed to it */
    int has_ts, run, target; /* target: the event whose node takes its time */
} kev;

typedef struct run_ev {
    double ts, dur;
    int has_ts;
} run_ev;

static int is_layout(const kev *e)
{
    return e->type && (strcmp(e->type, "ReorderInput") == 0 || strcmp(e->type, "ReorderOutput") == 0);
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static double median(double *v, int n)
{
    qsort(v, (size_t)n, sizeof *v, cmp_double);
    return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

hs_trace *hs_import_onnxruntime(const char *path, const hs_import_opts *o, char *note,
                                size_t note_n, hs_error *err)
{
    cJSON *root = NULL;
    hs_trace *t = NULL;
    int *last_run = NULL, cap_last = 0;
    kev *ev = NULL;
    run_ev *runs = NULL;
    double *acc = NULL, *ovh = NULL, *wall = NULL;
    int n_ev = 0, cap_ev = 0, n_runs = 0, cap_runs = 0;
    provider_count prov[8];
    int n_prov = 0;
    hs_jctx c = {path, err};
    if (hs_json_load_file(path, &root, err) < 0)
        return NULL;
    const cJSON *events = root;
    const char *base = "$";
    if (cJSON_IsObject(root) && cJSON_GetObjectItemCaseSensitive(root, "traceEvents")) {
        events = cJSON_GetObjectItemCaseSensitive(root, "traceEvents");
        base = "$.traceEvents";
    }
    if (!cJSON_IsArray(events)) {
        char got[128];
        hs_jdescribe(events, got, sizeof got);
        hs_error_set(err, "%s: at %s: expected an array of profiling events (ONNX Runtime "
                          "enable_profiling output), got %s",
                     path, base, got);
        goto fail;
    }
    if (!(t = hs_import_trace_new(o, "onnxruntime", err)))
        goto fail;
    /* pass 1: runs ("model_run" session events; kernels before the k-th
     * belong to run k) and kernel events */
    int i = 0;
    for (const cJSON *e = events->child; e; e = e->next, i++) {
        char p[96];
        snprintf(p, sizeof p, "%s[%d]", base, i);
        if (!cJSON_IsObject(e)) {
            char got[128];
            hs_jdescribe(e, got, sizeof got);
            hs_error_set(err, "%s: at %s: expected an event object, got %s", path, p, got);
            goto fail;
        }
        const char *cat, *name;
        if (hs_jstring(&c, e, p, "cat", 0, "", &cat) < 0)
            goto fail;
        if (strcmp(cat, "Session") == 0) {
            if (hs_jstring(&c, e, p, "name", 0, "", &name) < 0)
                goto fail;
            if (strcmp(name, "model_run") != 0)
                continue;
            if (n_runs == cap_runs) {
                cap_runs = cap_runs ? cap_runs * 2 : 16;
                run_ev *nr = realloc(runs, (size_t)cap_runs * sizeof *nr);
                if (!nr)
                    goto oom;
                runs = nr;
            }
            run_ev *r = &runs[n_runs++];
            r->has_ts = cJSON_IsNumber(cJSON_GetObjectItemCaseSensitive(e, "ts")) &&
                        cJSON_IsNumber(cJSON_GetObjectItemCaseSensitive(e, "dur"));
            r->ts = r->dur = 0;
            if (r->has_ts && (hs_jnumber(&c, e, p, "ts", 1, 0, 0, 1e18, &r->ts) < 0 ||
                              hs_import_json_duration(path, e, p, "dur", "microseconds", 1e9,
                                                      &r->dur, err) < 0))
                goto fail;
            continue;
        }
        if (strcmp(cat, "Node") != 0)
            continue;
        if (hs_jstring(&c, e, p, "name", 1, NULL, &name) < 0)
            goto fail;
        size_t nl = strlen(name), sl = strlen(KSUFFIX);
        if (nl < sl || strcmp(name + nl - sl, KSUFFIX) != 0)
            continue; /* fence_before / fence_after */
        if (nl == sl) {
            hs_error_set(err, "%s: at %s.name: expected \"<node name>" KSUFFIX "\", got \"%s\" "
                              "(a node without a name)",
                         path, p, name);
            goto fail;
        }
        double dur;
        const cJSON *args;
        const char *op_type, *provider;
        if (hs_import_json_duration(path, e, p, "dur", "microseconds", 1e9, &dur, err) < 0)
            goto fail;
        args = cJSON_GetObjectItemCaseSensitive(e, "args");
        if (!cJSON_IsObject(args)) {
            char got[128];
            hs_jdescribe(args, got, sizeof got);
            hs_error_set(err, "%s: at %s.args: expected an object with \"op_name\", got %s", path,
                         p, got);
            goto fail;
        }
        char ap[128];
        snprintf(ap, sizeof ap, "%s.args", p);
        if (hs_jstring(&c, args, ap, "op_name", 0, NULL, &op_type) < 0 ||
            hs_jstring(&c, args, ap, "provider", 0, NULL, &provider) < 0)
            goto fail;
        if (n_ev == cap_ev) {
            cap_ev = cap_ev ? cap_ev * 2 : 256;
            kev *ne = realloc(ev, (size_t)cap_ev * sizeof *ne);
            if (!ne)
                goto oom;
            ev = ne;
        }
        kev *k = &ev[n_ev];
        memset(k, 0, sizeof *k);
        if (!(k->node = malloc(nl - sl + 1)))
            goto oom;
        n_ev++;
        memcpy(k->node, name, nl - sl);
        k->node[nl - sl] = '\0';
        k->type = op_type;
        k->provider = provider;
        k->dur = dur;
        k->run = n_runs;
        k->target = n_ev - 1;
        k->has_ts = cJSON_IsNumber(cJSON_GetObjectItemCaseSensitive(e, "ts"));
        if (k->has_ts && hs_jnumber(&c, e, p, "ts", 1, 0, 0, 1e18, &k->ts) < 0)
            goto fail;
    }
    if (n_ev == 0) {
        hs_error_set(err, "%s: expected events with \"cat\": \"Node\" and a name ending in "
                          "\"" KSUFFIX "\" (profile of a session run with enable_profiling), "
                          "found none among %d events (empty profile)",
                     path, i);
        goto fail;
    }
    /* pass 2, per complete run: layout nodes to the node they serve, and the
     * framework time between kernels */
    int n_layout = 0, runs_timed = 0;
    if (!(ovh = calloc((size_t)n_runs + 1, sizeof *ovh)) ||
        !(wall = calloc((size_t)n_runs + 1, sizeof *wall)))
        goto oom;
    for (int a = 0, r = 0; r < n_runs; r++) {
        int b = a;
        while (b < n_ev && ev[b].run == r)
            b++;
        for (int q = a; q < b; q++) {
            if (!is_layout(&ev[q]))
                continue;
            int before = -1, after = -1;
            for (int x = q - 1; x >= a && before < 0; x--)
                if (!is_layout(&ev[x]))
                    before = x;
            for (int x = q + 1; x < b && after < 0; x++)
                if (!is_layout(&ev[x]))
                    after = x;
            int to = strcmp(ev[q].type, "ReorderInput") == 0 ? (after >= 0 ? after : before)
                                                             : (before >= 0 ? before : after);
            if (to >= 0) {
                ev[q].target = to;
                n_layout++;
            }
        }
        /* kernels inside [ts, ts + dur] of the run: the gaps are framework time */
        int inside = runs[r].has_ts && b > a;
        double end = runs[r].ts + runs[r].dur, prev = runs[r].ts, kern = 0;
        for (int q = a; q < b && inside; q++) {
            inside = ev[q].has_ts && ev[q].ts >= prev - 1e-9 && ev[q].ts + ev[q].dur <= end + 1e-9;
            if (inside)
                prev = ev[q].ts + ev[q].dur;
            kern += ev[q].dur;
        }
        if (inside) {
            runs_timed++;
            wall[runs_timed - 1] = runs[r].dur;
            ovh[runs_timed - 1] = runs[r].dur - kern;
            if (!o->no_overhead) {
                prev = runs[r].ts;
                for (int q = a; q < b; q++) {
                    ev[ev[q].target].extra += ev[q].ts - prev;
                    prev = ev[q].ts + ev[q].dur;
                }
                int last = ev[b - 1].target;
                ev[last].extra += end - prev;
            }
        }
        a = b;
    }
    /* the time each event's node takes in its run */
    if (!(acc = calloc((size_t)n_ev, sizeof *acc)))
        goto oom;
    for (int q = 0; q < n_ev; q++)
        acc[ev[q].target] += ev[q].dur;
    for (int q = 0; q < n_ev; q++)
        acc[q] += ev[q].extra;
    int kernels = 0;
    for (int q = 0; q < n_ev; q++) {
        const kev *e = &ev[q];
        if (e->target != q)
            continue; /* a layout node, added to another */
        int run = e->run;
        int k = hs_import_find_op(t, e->node);
        if (k >= 0 && n_runs > 0 && last_run[k] == run) {
            /* the same node again in this run (subgraph, loop): one sample per run */
            hs_trace_op *op = &t->ops[k];
            op->samples_us[op->n - 1] += acc[q];
            continue;
        }
        if (hs_import_add_sample(t, e->node, e->type, acc[q], err) < 0)
            goto fail;
        kernels++;
        if (k < 0) {
            k = t->n_ops - 1;
            if (k >= cap_last) {
                cap_last = cap_last ? cap_last * 2 : 64;
                int *nlr = realloc(last_run, (size_t)cap_last * sizeof *nlr);
                if (!nlr)
                    goto oom;
                last_run = nlr;
            }
            const char *pv = e->provider ? e->provider : "(no provider)";
            int j = 0;
            while (j < n_prov && strcmp(prov[j].name, pv) != 0)
                j++;
            if (j == n_prov && n_prov < 8) {
                snprintf(prov[n_prov].name, sizeof prov[n_prov].name, "%s", pv);
                prov[n_prov++].nodes = 0;
            }
            if (j < n_prov)
                prov[j].nodes++;
        }
        last_run[k] = run;
    }
    (void)kernels;
    if (o->skip_runs > 0) {
        for (int k = 0; k < t->n_ops; k++) {
            hs_trace_op *op = &t->ops[k];
            if (op->n <= o->skip_runs) {
                hs_error_set(err, "%s: node \"%s\" has %d sample%s; skipping the first %d runs "
                                  "leaves none",
                             path, op->name, op->n, op->n == 1 ? "" : "s", o->skip_runs);
                goto fail;
            }
            op->n -= o->skip_runs;
            memmove(op->samples_us, op->samples_us + o->skip_runs,
                    (size_t)op->n * sizeof *op->samples_us);
        }
    }
    char skipped[64] = "";
    if (o->skip_runs > 0)
        snprintf(skipped, sizeof skipped, ", the first %d skipped", o->skip_runs);
    char pv[256] = "";
    size_t used = 0;
    for (int j = 0; j < n_prov && used < sizeof pv; j++)
        used += (size_t)snprintf(pv + used, sizeof pv - used, "%s%s (%d nodes)", j ? ", " : "",
                                 prov[j].name, prov[j].nodes);
    if (n_prov > 1)
        hs_import_warn(o, "%s: nodes ran on %d execution providers: %s; the trace puts them all "
                          "on processor \"%s\"",
                       path, n_prov, pv, o->processor);
    char extra[384] = "";
    used = 0;
    if (n_layout)
        used += (size_t)snprintf(extra, sizeof extra, "; %d layout node events (ReorderInput/"
                                                      "ReorderOutput) added to the node they "
                                                      "serve",
                                 n_layout);
    if (runs_timed > 0 && used < sizeof extra) {
        int skip = o->skip_runs < runs_timed ? o->skip_runs : 0;
        double mo = median(ovh + skip, runs_timed - skip);
        double mw = median(wall + skip, runs_timed - skip);
        snprintf(extra + used, sizeof extra - used,
                 "; framework time outside kernels (model_run - kernels): median %.0f us of "
                 "%.0f us per run over %d timed runs, %s",
                 mo, mw, runs_timed - skip,
                 o->no_overhead ? "left out (--no-overhead)"
                                : "carried by the node after each gap");
    }
    if (note && n_runs > 0)
        snprintf(note, note_n, "ONNX Runtime profiling: one sample per node per run "
                               "(kernel_time dur, us) over %d runs%s; providers: %s%s",
                 n_runs, skipped, pv, extra);
    else if (note)
        snprintf(note, note_n, "ONNX Runtime profiling: one sample per kernel_time event (dur, "
                               "us); no model_run events%s; providers: %s%s",
                 skipped, pv, extra);
    goto done;
oom:
    hs_error_set(err, "out of memory");
fail:
    hs_trace_free(t);
    t = NULL;
done:
    for (int q = 0; q < n_ev; q++)
        free(ev[q].node);
    free(ev);
    free(runs);
    free(acc);
    free(ovh);
    free(wall);
    free(last_run);
    cJSON_Delete(root);
    return t;
}
