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

hs_trace *hs_import_onnxruntime(const char *path, const hs_import_opts *o, char *note,
                                size_t note_n, hs_error *err)
{
    cJSON *root = NULL;
    hs_trace *t = NULL;
    int *last_run = NULL, cap_last = 0;
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
    /* runs are delimited by "model_run" session events; without them every
     * kernel event is a sample of its own */
    int n_runs = 0;
    for (const cJSON *e = events->child; e; e = e->next) {
        const cJSON *ca = cJSON_GetObjectItemCaseSensitive(e, "cat");
        const cJSON *na = cJSON_GetObjectItemCaseSensitive(e, "name");
        n_runs += cJSON_IsString(ca) && strcmp(ca->valuestring, "Session") == 0 &&
                  cJSON_IsString(na) && strcmp(na->valuestring, "model_run") == 0;
    }
    int run = 0, i = 0, kernels = 0;
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
            if (strcmp(name, "model_run") == 0)
                run++;
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
        char node[1024];
        snprintf(node, sizeof node, "%.*s", (int)(nl - sl), name);
        int k = hs_import_find_op(t, node);
        if (k >= 0 && n_runs > 0 && last_run[k] == run) {
            /* the same node again in this run (subgraph, loop): one sample per run */
            hs_trace_op *op = &t->ops[k];
            op->samples_us[op->n - 1] += dur;
            continue;
        }
        if (hs_import_add_sample(t, node, op_type, dur, err) < 0)
            goto fail;
        kernels++;
        if (k < 0) {
            k = t->n_ops - 1;
            if (k >= cap_last) {
                cap_last = cap_last ? cap_last * 2 : 64;
                int *nlr = realloc(last_run, (size_t)cap_last * sizeof *nlr);
                if (!nlr) {
                    hs_error_set(err, "out of memory");
                    goto fail;
                }
                last_run = nlr;
            }
            const char *pv = provider ? provider : "(no provider)";
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
    if (kernels == 0) {
        hs_error_set(err, "%s: expected events with \"cat\": \"Node\" and a name ending in "
                          "\"" KSUFFIX "\" (profile of a session run with enable_profiling), "
                          "found none among %d events (empty profile)",
                     path, i);
        goto fail;
    }
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
    if (note && n_runs > 0)
        snprintf(note, note_n, "ONNX Runtime profiling: one sample per node per run "
                               "(kernel_time dur, us) over %d runs%s; providers: %s",
                 n_runs, skipped, pv);
    else if (note)
        snprintf(note, note_n, "ONNX Runtime profiling: one sample per kernel_time event (dur, "
                               "us); no model_run events%s; providers: %s",
                 skipped, pv);
    free(last_run);
    cJSON_Delete(root);
    return t;
fail:
    free(last_run);
    hs_trace_free(t);
    cJSON_Delete(root);
    return NULL;
}
