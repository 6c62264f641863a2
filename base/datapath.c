#include "base/datapath.h"

#include <dirent.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"

#ifndef HS_PKGDATADIR
#define HS_PKGDATADIR "/usr/local/share/hetsim"
#endif

#define MAX_DIRS 16

/* Fill dirs[] in search order; returns how many. */
static int search_dirs(char dirs[MAX_DIRS][PATH_MAX])
{
    int n = 0;
    const char *env = getenv("HETSIM_DATA");
    if (env && *env) {
        const char *p = env;
        while (*p && n < MAX_DIRS - 2) {
            size_t len = strcspn(p, ":");
            if (len > 0 && len < PATH_MAX) {
                memcpy(dirs[n], p, len);
                dirs[n++][len] = '\0';
            }
            p += len;
            if (*p == ':')
                p++;
        }
    }
    int in_build_tree = 0;
#if defined(HS_BUILDDIR) && defined(HS_SRCDIR)
    char exe[PATH_MAX];
    ssize_t len = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (len > 0) {
        exe[len] = '\0';
        char *slash = strrchr(exe, '/');
        if (slash) {
            *slash = '\0';
            char real_build[PATH_MAX];
            if (realpath(HS_BUILDDIR, real_build) && strcmp(real_build, exe) == 0)
                in_build_tree = 1;
        }
    }
    if (in_build_tree)
        snprintf(dirs[n++], PATH_MAX, "%s", HS_SRCDIR);
#endif
    snprintf(dirs[n++], PATH_MAX, "%s", HS_PKGDATADIR);
    (void)in_build_tree;
    return n;
}

int hs_is_path(const char *arg)
{
    size_t n = strlen(arg);
    return strchr(arg, '/') != NULL || (n > 5 && strcmp(arg + n - 5, ".json") == 0);
}

int hs_data_find(const char *rel, char *out, size_t n)
{
    char dirs[MAX_DIRS][PATH_MAX];
    int nd = search_dirs(dirs);
    for (int i = 0; i < nd; i++) {
        snprintf(out, n, "%.4000s/%s", dirs[i], rel);
        if (access(out, R_OK) == 0)
            return 0;
    }
    return -1;
}

void hs_data_describe(char *out, size_t n)
{
    char dirs[MAX_DIRS][PATH_MAX];
    int nd = search_dirs(dirs);
    size_t used = 0;
    out[0] = '\0';
    for (int i = 0; i < nd && used < n; i++)
        used += (size_t)snprintf(out + used, n - used, "%s%s", i ? ":" : "", dirs[i]);
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

int hs_data_list(const char *subdir, char ***names, int *count)
{
    char dirs[MAX_DIRS][PATH_MAX];
    int nd = search_dirs(dirs);
    char **v = NULL;
    int n = 0, cap = 0;
    for (int i = 0; i < nd; i++) {
        char path[PATH_MAX + 64];
        snprintf(path, sizeof path, "%.4000s/%.100s", dirs[i], subdir);
        DIR *dir = opendir(path);
        if (!dir)
            continue;
        struct dirent *e;
        while ((e = readdir(dir))) {
            size_t len = strlen(e->d_name);
            if (len <= 5 || strcmp(e->d_name + len - 5, ".json") != 0 || e->d_name[0] == '.')
                continue;
            int dup = 0;
            for (int k = 0; k < n && !dup; k++)
                dup = strncmp(v[k], e->d_name, len - 5) == 0 && v[k][len - 5] == '\0';
            if (dup)
                continue;
            if (n == cap) {
                cap = cap ? cap * 2 : 16;
                char **nv = realloc(v, (size_t)cap * sizeof *nv);
                if (!nv) {
                    closedir(dir);
                    goto oom;
                }
                v = nv;
            }
            if (!(v[n] = malloc(len - 4))) {
                closedir(dir);
                goto oom;
            }
            memcpy(v[n], e->d_name, len - 5);
            v[n++][len - 5] = '\0';
        }
        closedir(dir);
    }
    if (n)
        qsort(v, (size_t)n, sizeof *v, cmp_str);
    *names = v;
    *count = n;
    return 0;
oom:
    for (int k = 0; k < n; k++)
        free(v[k]);
    free(v);
    return -1;
}
