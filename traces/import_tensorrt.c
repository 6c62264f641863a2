/* Importer for TensorRT per-layer profiles written by
 *   trtexec --onnx=MODEL.onnx --separateProfileRun --dumpProfile --exportProfile=FILE
 * The file is a JSON array: first {"count": N} (the profiled iterations),
 * then one object per layer {"name", "timeMs", "averageMs", "medianMs",
 * "percentage"} ("medianMs" only since TensorRT 8). Each layer becomes one
 * op named as TensorRT names it (fused layers read "Conv_0 + Relu_1") with
 * one sample: averageMs x 1000 (us). TensorRT does not say the op type, so
 * the type is left out (the model-graph check fills it for matched names).
 * Checks: an array; $[0] holds an integer "count" >= 1; every later element
 * is an object with a non-empty "name" and "averageMs" in [0, 1e6] ms; the
 * optional numbers are >= 0; at least one layer. Other keys are ignored
 * (newer TensorRT versions add some). */
#include <stdio.h>
#include <string.h>

#include "base/json_read.h"
#include "traces/importers.h"

hs_trace *hs_import_tensorrt(const char *path, const hs_import_opts *o, char *note, size_t note_n,
                             hs_error *err)
{
    cJSON *root = NULL;
    hs_trace *t = NULL;
    hs_jctx c = {path, err};
    if (hs_json_load_file(path, &root, err) < 0)
        return NULL;
    if (!cJSON_IsArray(root)) {
        char got[128];
        hs_jdescribe(root, got, sizeof got);
        hs_error_set(err, "%s: at $: expected an array [{\"count\": N}, {layer}, ...] (trtexec "
                          "--exportProfile output), got %s",
                     path, got);
        goto fail;
    }
    const cJSON *first = root->child;
    long long count;
    if (!cJSON_IsObject(first) || !cJSON_GetObjectItemCaseSensitive(first, "count")) {
        char got[128];
        hs_jdescribe(first, got, sizeof got);
        hs_error_set(err, "%s: at $[0]: expected {\"count\": N} (trtexec writes the number of "
                          "profiled iterations first), got %s",
                     path, first ? got : "an empty array");
        goto fail;
    }
    if (hs_jint(&c, first, "$[0]", "count", 1, 0, 1, 1000000000LL, &count) < 0)
        goto fail;
    if (!(t = hs_import_trace_new(o, "tensorrt", err)))
        goto fail;
    int i = 1;
    for (const cJSON *e = first->next; e; e = e->next, i++) {
        char p[64];
        snprintf(p, sizeof p, "$[%d]", i);
        if (!cJSON_IsObject(e)) {
            char got[128];
            hs_jdescribe(e, got, sizeof got);
            hs_error_set(err, "%s: at %s: expected a layer object {\"name\", \"averageMs\", ...}, "
                              "got %s",
                         path, p, got);
            goto fail;
        }
        const char *name;
        double avg, unused;
        if (hs_jstring(&c, e, p, "name", 1, NULL, &name) < 0 ||
            hs_import_json_duration(path, e, p, "averageMs", "milliseconds", 1e6, &avg, err) < 0 ||
            hs_jnumber(&c, e, p, "timeMs", 0, 0, 0, 1e12, &unused) < 0 ||
            hs_jnumber(&c, e, p, "medianMs", 0, 0, 0, 1e6, &unused) < 0 ||
            hs_jnumber(&c, e, p, "percentage", 0, 0, 0, 100.5, &unused) < 0)
            goto fail;
        char uname[1024];
        if (hs_import_unique_name(t, name, uname, sizeof uname))
            hs_import_warn(o, "%s: at %s: layer name \"%s\" appears again; this layer is named "
                              "\"%s\"",
                           path, p, name, uname);
        if (hs_import_add_sample(t, uname, NULL, hs_import_ms_to_us(avg), err) < 0)
            goto fail;
    }
    if (t->n_ops == 0) {
        hs_error_set(err, "%s: expected at least one layer after {\"count\": %lld}, got none "
                          "(empty profile)",
                     path, count);
        goto fail;
    }
    if (note)
        snprintf(note, note_n, "TensorRT trtexec --exportProfile: averageMs per layer over "
                               "count=%lld iterations",
                 count);
    cJSON_Delete(root);
    return t;
fail:
    hs_trace_free(t);
    cJSON_Delete(root);
    return NULL;
}
