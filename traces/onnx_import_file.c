/* An ONNX model converted into a model-graph file (onnx_import.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/atomic_file.h"
#include "base/json_read.h"
#include "traces/graph.h"
#include "traces/onnx_import.h"

int hs_onnx_import_file(const char *path, const hs_onnx_opts *opts, const char *out_path,
                        hs_onnx_summary *sum, hs_error *err)
{
    char *text = hs_onnx_to_json(path, opts, err);
    if (!text)
        return -1;
    /* never write a file the loader would reject */
    cJSON *root;
    hs_graph *g = NULL;
    hs_error lerr;
    if (hs_json_parse(path, text, &root, &lerr) == 0) {
        g = hs_graph_from_json(root, path, &lerr);
        cJSON_Delete(root);
    }
    int rc = -1;
    if (!g) {
        hs_error_set(err, "%s: the converted graph is not valid: %s", path, lerr.msg);
        goto out;
    }
    hs_afile af;
    if (hs_afile_open(&af, out_path, err) < 0)
        goto out;
    size_t len = strlen(text);
    if (fwrite(text, 1, len, af.f) != len) {
        hs_afile_fail(&af, err);
        goto out;
    }
    if (hs_afile_commit(&af, err) < 0)
        goto out;
    if (sum) {
        snprintf(sum->name, sizeof sum->name, "%s", g->name);
        sum->n_ops = g->n_ops;
        sum->flops = g->total_flops;
        sum->params = 0;
        for (int i = 0; i < g->n_ops; i++)
            sum->params += (double)g->ops[i].weight_elems;
    }
    rc = 0;
out:
    free(text);
    hs_graph_free(g);
    return rc;
}
