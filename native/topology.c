/* Host CPU topology from sysfs: clusters of cores sharing a max frequency. */
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "native/native.h"

static long read_long(const char *path)
{
    FILE *f = fopen(path, "r");
    long v = -1;
    if (f) {
        if (fscanf(f, "%ld", &v) != 1)
            v = -1;
        fclose(f);
    }
    return v;
}

int hs_native_topology_read(hs_native_topology *t, hs_error *err)
{
    memset(t, 0, sizeof *t);
    long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
    long nconf = sysconf(_SC_NPROCESSORS_CONF);
    if (ncpu < 1) {
        hs_error_set(err, "cannot count the online CPUs (sysconf)");
        return -1;
    }
    if (nconf < ncpu)
        nconf = ncpu;
    int found = 0;
    for (long c = 0; c < nconf && c < 512; c++) {
        char path[128];
        snprintf(path, sizeof path, "/sys/devices/system/cpu/cpu%ld/online", c);
        long on = read_long(path);
        if (on == 0)
            continue;
        if (on < 0 && c >= ncpu) /* no online file: count the first ncpu */
            continue;
        snprintf(path, sizeof path, "/sys/devices/system/cpu/cpu%ld/cpufreq/cpuinfo_max_freq", c);
        long khz = read_long(path);
        if (khz < 0)
            khz = 0;
        int k = 0;
        while (k < t->n_clusters && t->max_khz[k] != khz)
            k++;
        if (k == t->n_clusters) {
            if (k == 8)
                k = 7; /* more than 8 frequency classes: pool the rest */
            else
                t->max_khz[t->n_clusters++] = khz;
        }
        if (t->n_cpus[k] < 64)
            t->cpus[k][t->n_cpus[k]++] = (int)c;
        found++;
    }
    if (!found) {
        t->n_clusters = 1;
        for (long c = 0; c < ncpu && c < 64; c++)
            t->cpus[0][t->n_cpus[0]++] = (int)c;
    }
    /* fastest cluster first (insertion sort on max_khz) */
    for (int i = 1; i < t->n_clusters; i++)
        for (int j = i; j > 0 && t->max_khz[j] > t->max_khz[j - 1]; j--) {
            hs_native_topology tmp;
            tmp.max_khz[0] = t->max_khz[j], tmp.n_cpus[0] = t->n_cpus[j];
            memcpy(tmp.cpus[0], t->cpus[j], sizeof tmp.cpus[0]);
            t->max_khz[j] = t->max_khz[j - 1], t->n_cpus[j] = t->n_cpus[j - 1];
            memcpy(t->cpus[j], t->cpus[j - 1], sizeof t->cpus[0]);
            t->max_khz[j - 1] = tmp.max_khz[0], t->n_cpus[j - 1] = tmp.n_cpus[0];
            memcpy(t->cpus[j - 1], tmp.cpus[0], sizeof tmp.cpus[0]);
        }
    return 0;
}

int hs_native_cluster_pinnable(const hs_native_topology *t, int k)
{
    cpu_set_t allowed;
    if (k < 0 || k >= t->n_clusters || sched_getaffinity(0, sizeof allowed, &allowed) != 0)
        return 0;
    for (int i = 0; i < t->n_cpus[k]; i++)
        if (!CPU_ISSET(t->cpus[k][i], &allowed))
            return 0;
    return 1;
}

void hs_native_pin_thread(int cpu)
{
    cpu_set_t set;
    CPU_ZERO(&set);
    CPU_SET(cpu, &set);
    sched_setaffinity(0, sizeof set, &set);
}

int hs_native_thread_affinity(cpu_set_t *set)
{
    return sched_getaffinity(0, sizeof *set, set) == 0;
}

void hs_native_set_thread_affinity(const cpu_set_t *set)
{
    sched_setaffinity(0, sizeof *set, set);
}
