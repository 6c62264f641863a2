#include "base/atomic_file.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int hs_afile_open(hs_afile *a, const char *path, hs_error *err)
{
    memset(a, 0, sizeof *a);
    if (strcmp(path, "-") == 0) {
        a->f = stdout;
        a->is_stdout = 1;
        return 0;
    }
    if (strlen(path) >= sizeof a->path) {
        hs_error_set_runtime(err, "%s: path too long", path);
        return -1;
    }
    snprintf(a->path, sizeof a->path, "%s", path);
    snprintf(a->tmp, sizeof a->tmp, "%s.tmp.%ld", path, (long)getpid());
    a->f = fopen(a->tmp, "w");
    if (!a->f) {
        hs_error_set_runtime(err, "%s: cannot create: %s", a->tmp, strerror(errno));
        return -1;
    }
    return 0;
}

int hs_afile_commit(hs_afile *a, hs_error *err)
{
    if (a->is_stdout)
        return fflush(stdout) == 0 ? 0 : -1;
    int bad = ferror(a->f);
    if (fclose(a->f) != 0)
        bad = 1;
    a->f = NULL;
    if (bad) {
        unlink(a->tmp);
        hs_error_set_runtime(err, "%s: write error", a->path);
        return -1;
    }
    if (rename(a->tmp, a->path) != 0) {
        hs_error_set_runtime(err, "%s: cannot rename into place: %s", a->path, strerror(errno));
        unlink(a->tmp);
        return -1;
    }
    return 0;
}

void hs_afile_abort(hs_afile *a)
{
    if (a->is_stdout) {
        fflush(stdout);
        return;
    }
    if (a->f)
        fclose(a->f);
    a->f = NULL;
    unlink(a->tmp);
}

int hs_mkdirs(const char *path, hs_error *err)
{
    char buf[4096];
    snprintf(buf, sizeof buf, "%s", path);
    for (char *p = buf + 1;; p++) {
        if (*p == '/' || *p == 0) {
            char c = *p;
            *p = 0;
            if (mkdir(buf, 0777) < 0 && errno != EEXIST) {
                hs_error_set_runtime(err, "%s: cannot create the directory: %s", buf,
                                     strerror(errno));
                return -1;
            }
            if (!c)
                break;
            *p = c;
        }
    }
    return 0;
}
