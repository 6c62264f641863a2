/* hetsim plan: print what a policy decides for a model on a device, after
 * the simulator's operator-support check (fallbacks shown with reasons). */
#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>

#include "policies/policy.h"
#include "base/atomic_file.h"
#include "sim/catalog.h"
#include "cli/cli.h"
#include "traces/frontend.h"
#include "sim/placement.h"
#include "sim/predict.h"
#include "analysis/session.h"

/* The predicted latency of the chosen plan and of the best single processor. */
typedef struct plan_pred {
    double chosen_ns, single_ns, own_ns;
    int single_proc, fell_back;
} plan_pred;

static int predict_both(const hs_session *ss, plan_pred *pp, hs_error *err)
{
    const hs_plan *plan = ss->plan;
    hs_estimator e = {ss->d, ss->g, ss->traces};
    pp->fell_back = plan->fell_back;
    pp->own_ns = plan->own_ns;
    pp->chosen_ns = plan->predicted_ns;
    if (!(pp->chosen_ns > 0) &&
        hs_plan_predict(&e, plan, HS_PREDICT_INITIAL, &pp->chosen_ns, err) < 0)
        return -1;
    pp->single_ns = plan->single_ns;
    pp->single_proc = plan->single_proc;
    if (pp->single_proc < 0 && hs_plan_best_single(&e, &pp->single_ns, &pp->single_proc, err) < 0)
        return -1;
    return 0;
}

static void usage(FILE *f)
{
    fputs("usage: hetsim plan [-d DEVICE] [-m MODEL] [-p POLICY] [-f table|json] [-o FILE]\n"
          "\n"
          "Print the plan of POLICY for MODEL on DEVICE, one line per op: the processor the\n"
          "policy chose, where the op runs once operator support is enforced, the split\n"
          "(dimension and fraction per processor), the operator chain, and why an op fell\n"
          "back to the host CPU; first the latency predicted (one frame on the offline\n"
          "estimates, co-execution meetings included) for the plan and for the best single\n"
          "processor, and whether the policy replaced its own plan by that processor's.\n"
          "\n"
          "  -d, --device NAME|FILE   device profile (default xiaomi-mi9)\n"
          "  -m, --model NAME|FILE    model graph (default resnet50)\n"
          "  -p, --policy NAME        policy (default gpu)\n"
          "      --prune R            frontend: prune a ratio R of the channels first\n"
          "      --quant int8         frontend: quantize the model to int8 first\n"
          "      --no-traces          plan on the profile's latency model, not on traces\n"
          "  -f, --format FMT         table (default) or json\n"
          "  -o, --output FILE        write there instead of stdout (atomically)\n",
          f);
}

static void parts_text(const hs_device *d, const hs_plan_op *at, char *buf, size_t n)
{
    size_t used = 0;
    buf[0] = '\0';
    for (int k = 0; k < at->n_parts && used < n; k++) {
        if (at->n_parts == 1)
            used += (size_t)snprintf(buf + used, n - used, "%s", d->procs[at->proc[k]].name);
        else
            used += (size_t)snprintf(buf + used, n - used, "%s%s:%.2f", k ? "+" : "",
                                     d->procs[at->proc[k]].name, at->frac[k]);
    }
}

static void write_table(FILE *f, const hs_device *d, const hs_graph *g, const hs_plan *plan,
                        const hs_placement *pl, const plan_pred *pp)
{
    fprintf(f, "plan of policy %s for %s on %s: %d ops, %d fall back to %s\n", plan->policy,
            g->name, d->name, g->n_ops, pl->n_fallback, d->procs[d->host].name);
    fprintf(f, "predicted latency: this plan %.3f ms, best single processor (%s) %.3f ms\n",
            pp->chosen_ns / 1e6, d->procs[pp->single_proc].name, pp->single_ns / 1e6);
    if (pp->fell_back)
        fprintf(f, "the policy's own plan, predicted at %.3f ms, was slower: replaced by the "
                   "best single processor's\n",
                pp->own_ns / 1e6);
    fputc('\n', f);
    if (plan->units)
        fprintf(f, "runtime policy: %d subgraphs (column chain: uN), placed while frames run;\n"
                   "the processors shown are the offline choice\n\n",
                plan->units->n);
    fprintf(f, "%4s  %-28s %-20s %-22s %-22s %-6s %5s  %s\n", "#", "op", "type", "planned",
            "runs on", "split", "chain", "fallback");
    for (int i = 0; i < g->n_ops; i++) {
        char want[128], got[128];
        parts_text(d, &plan->ops[i], want, sizeof want);
        parts_text(d, &pl->ops[i].at, got, sizeof got);
        const hs_plan_op *at = &pl->ops[i].at;
        char chain[16] = "-";
        /* runtime policies: the subgraph (unit) the op belongs to */
        int id = plan->units ? plan->ops[i].chain : at->chain;
        if (id >= 0)
            snprintf(chain, sizeof chain, "%s%d", plan->units ? "u" : "", id);
        fprintf(f, "%4d  %-28.28s %-20.20s %-22s %-22s %-6s %5s  %s\n", i, g->ops[i].name,
                g->ops[i].type, want, got, hs_split_dim_names[at->dim], chain, pl->ops[i].why);
    }
}

static cJSON *plan_json(const hs_device *d, const hs_graph *g, const hs_plan *plan,
                        const hs_placement *pl, const plan_pred *pp)
{
    cJSON *root = cJSON_CreateObject();
    cJSON_AddStringToObject(root, "format", "hetsim-plan");
    cJSON_AddNumberToObject(root, "version", 1);
    cJSON_AddStringToObject(root, "device", d->name);
    cJSON_AddStringToObject(root, "model", g->name);
    cJSON_AddStringToObject(root, "policy", plan->policy);
    cJSON_AddNumberToObject(root, "fallback_ops", pl->n_fallback);
    cJSON_AddNumberToObject(root, "predicted_ms", pp->chosen_ns / 1e6);
    cJSON *bs = cJSON_AddObjectToObject(root, "best_single");
    cJSON_AddStringToObject(bs, "processor", d->procs[pp->single_proc].name);
    cJSON_AddNumberToObject(bs, "predicted_ms", pp->single_ns / 1e6);
    cJSON_AddBoolToObject(root, "replaced_by_single", pp->fell_back);
    if (pp->fell_back)
        cJSON_AddNumberToObject(root, "own_plan_predicted_ms", pp->own_ns / 1e6);
    cJSON *ops = cJSON_AddArrayToObject(root, "ops");
    for (int i = 0; i < g->n_ops; i++) {
        const hs_placed_op *po = &pl->ops[i];
        cJSON *o = cJSON_CreateObject();
        cJSON_AddStringToObject(o, "name", g->ops[i].name);
        cJSON_AddStringToObject(o, "type", g->ops[i].type);
        cJSON_AddStringToObject(o, "split", hs_split_dim_names[po->at.dim]);
        cJSON_AddNumberToObject(o, "chain", po->at.chain);
        cJSON *planned = cJSON_AddArrayToObject(o, "planned");
        for (int k = 0; k < plan->ops[i].n_parts; k++) {
            cJSON *p = cJSON_CreateObject();
            cJSON_AddStringToObject(p, "processor", d->procs[plan->ops[i].proc[k]].name);
            cJSON_AddNumberToObject(p, "fraction", plan->ops[i].frac[k]);
            cJSON_AddItemToArray(planned, p);
        }
        cJSON *parts = cJSON_AddArrayToObject(o, "parts");
        for (int k = 0; k < po->at.n_parts; k++) {
            cJSON *p = cJSON_CreateObject();
            cJSON_AddStringToObject(p, "processor", d->procs[po->at.proc[k]].name);
            cJSON_AddNumberToObject(p, "fraction", po->at.frac[k]);
            cJSON_AddStringToObject(p, "dtype", hs_dtype_name(po->dtype[k]));
            cJSON_AddItemToArray(parts, p);
        }
        if (po->fallback)
            cJSON_AddStringToObject(o, "fallback", po->why);
        cJSON_AddItemToArray(ops, o);
    }
    return root;
}

int hs_cmd_plan(int argc, char **argv)
{
    int rc;
    static const char *const formats[] = {"table", "json", NULL};
    static const char *const quant[] = {"int8", NULL};
    const char *device = "xiaomi-mi9", *model = "resnet50", *policy = "gpu", *output = "-";
    int fmt = 0, q = -1;
    hs_session_opts so = {{0, 0}, 0};
    const hs_opt opts[] = {
        HS_OPT_S("device", 'd', &device),
        HS_OPT_S("model", 'm', &model),
        HS_OPT_S("policy", 'p', &policy),
        HS_OPT_E("format", 'f', &fmt, formats),
        HS_OPT_S("output", 'o', &output),
        HS_OPT_D("prune", 0, &so.fe.prune, 0, 0.95),
        HS_OPT_E("quant", 0, &q, quant),
        HS_OPT_F("no-traces", 0, &so.no_traces),
        HS_OPT_END};
    const hs_cli_spec spec = {.cmd = "plan", .usage = usage, .opts = {opts}, .max_args = 0};
    if ((rc = hs_cli_parse(&spec, argc, argv, NULL)) != HS_CLI_GO)
        return rc;
    so.fe.quant_int8 = q == 0;
    hs_error err;
    hs_device *d = NULL;
    hs_session ss = {0};
    const char *ins[] = {device, model};
    if (hs_output_check(output, ins, 2, &err) < 0)
        return hs_cli_fail("plan", &err);
    if (!(d = hs_open_device(device, &err)) || hs_session_open(&ss, d, model, policy, &so, &err) < 0)
        goto done;
    hs_cli_warn_lines("plan", ss.trace_warn);
    const hs_graph *g = ss.g;
    const hs_plan *plan = ss.plan;
    const hs_placement *pl = ss.pl;
    plan_pred pp;
    if (predict_both(&ss, &pp, &err) < 0)
        goto done;
    hs_afile out;
    if (hs_afile_open(&out, output, &err) < 0)
        goto done;
    if (fmt == 0) {
        write_table(out.f, d, g, plan, pl, &pp);
    } else {
        cJSON *doc = plan_json(d, g, plan, pl, &pp);
        char *s = doc ? cJSON_Print(doc) : NULL;
        cJSON_Delete(doc);
        if (!s) {
            hs_afile_abort(&out);
            hs_error_set_runtime(&err, "out of memory");
            goto done;
        }
        fprintf(out.f, "%s\n", s);
        free(s);
    }
    if (hs_afile_commit(&out, &err) < 0)
        goto done;
    rc = HS_EXIT_OK;
done:
    if (rc != HS_EXIT_OK)
        rc = hs_cli_fail("plan", &err);
    hs_session_close(&ss);
    hs_device_free(d);
    return rc;
}
