#include "devices/coexec_costs.h"

#include <string.h>

#include "devices/profile.h"

const char *const hs_wait_mode_names[] = {"spin", "yield", NULL};

int hs_coexec_is_pair(const hs_device *d, int a, int b)
{
    const hs_coexec_costs *c = &d->coexec;
    if (!c->present || c->accel < 0 || a == b)
        return 0;
    return (a == c->accel && d->procs[b].kind == HS_PROC_CPU) ||
           (b == c->accel && d->procs[a].kind == HS_PROC_CPU);
}

int64_t hs_coexec_meeting_ns(const hs_device *d, int from, int to)
{
    if (!hs_coexec_is_pair(d, from, to))
        return 0;
    double us = to == d->coexec.accel ? d->coexec.signal_us : d->coexec.sync_us;
    return (int64_t)(us * 1e3 + 0.5);
}

double hs_coexec_convert_ns(const hs_device *d, int from, int to, double bytes,
                            int dtype_differs)
{
    if (!hs_coexec_is_pair(d, from, to))
        return 0;
    if (!dtype_differs && strcmp(d->procs[from].layout, d->procs[to].layout) == 0)
        return 0;
    return bytes * d->coexec.convert_ns_per_byte;
}

int64_t hs_coexec_dispatch_ns(const hs_device *d, int p)
{
    const hs_coexec_costs *c = &d->coexec;
    if (!c->present || p != c->accel)
        return 0;
    return (int64_t)(c->split_dispatch_us * 1e3 + 0.5);
}

double hs_coexec_interference(const hs_device *d, int p)
{
    const hs_coexec_costs *c = &d->coexec;
    if (!c->present || c->accel < 0)
        return 1.0;
    if (p == c->accel)
        return c->interf_accel;
    return d->procs[p].kind == HS_PROC_CPU ? c->interf_cpu : 1.0;
}
