#include "traces/frontend.h"

#include <math.h>

double hs_accuracy_proxy(const hs_accuracy *a, double prune, int quant_int8)
{
    if (!a->known)
        return NAN;
    double v = a->fp32;
    if (prune > 0) {
        double r0 = 0, v0 = a->fp32;
        v = NAN; /* beyond the last declared point: unknown */
        for (int i = 0; i < a->n_pruned; i++) {
            double r1 = a->prune_ratio[i], v1 = a->prune_value[i];
            if (prune <= r1) {
                v = v0 + (v1 - v0) * (prune - r0) / (r1 - r0);
                break;
            }
            r0 = r1;
            v0 = v1;
        }
    }
    if (quant_int8)
        v = a->int8 >= 0 ? v - (a->fp32 - a->int8) : NAN;
    return v;
}

int hs_frontend_apply(hs_graph *g, const hs_frontend *fe, double *accuracy, hs_error *err)
{
    if (fe->prune > 0 && hs_graph_prune_channels(g, fe->prune, err) < 0)
        return -1;
    if (fe->quant_int8)
        g->dtype = HS_DT_INT8;
    *accuracy = hs_accuracy_proxy(&g->accuracy, fe->prune, fe->quant_int8);
    return 0;
}
