#include "base/atomic_file.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* ---- temporary files removed when SIGINT/SIGTERM kills the process ----
 * The registry of temporary files open now (the one global of this file).
 * Signals are blocked while it changes, so the handler sees it whole. */
#define MAX_OPEN 16
static char open_tmp[MAX_OPEN][4200];
static volatile sig_atomic_t n_open;
static struct sigaction old_int, old_term;

static void on_signal(int sig)
{
    const struct sigaction *old = sig == SIGINT ? &old_int : &old_term;
    if (old->sa_handler != SIG_DFL) {
        /* the program handles the signal (it will commit or abort) or ignores it */
        if (old->sa_handler != SIG_IGN && !(old->sa_flags & SA_SIGINFO))
            old->sa_handler(sig);
        return;
    }
    for (int i = 0; i < n_open; i++)
        if (open_tmp[i][0])
            unlink(open_tmp[i]);
    sigaction(sig, old, NULL);
    raise(sig);
}

static void block(sigset_t *saved)
{
    sigset_t s;
    sigemptyset(&s);
    sigaddset(&s, SIGINT);
    sigaddset(&s, SIGTERM);
    sigprocmask(SIG_BLOCK, &s, saved);
}

static void track(const char *tmp)
{
    sigset_t saved;
    block(&saved);
    if (n_open < MAX_OPEN) {
        if (n_open == 0) {
            struct sigaction sa;
            memset(&sa, 0, sizeof sa);
            sa.sa_handler = on_signal;
            sigemptyset(&sa.sa_mask);
            sigaction(SIGINT, &sa, &old_int);
            sigaction(SIGTERM, &sa, &old_term);
        }
        snprintf(open_tmp[n_open], sizeof open_tmp[0], "%s", tmp);
        n_open = n_open + 1;
    }
    sigprocmask(SIG_SETMASK, &saved, NULL);
}

static void untrack(const char *tmp)
{
    sigset_t saved;
    block(&saved);
    for (int i = 0; i < n_open; i++)
        if (strcmp(open_tmp[i], tmp) == 0) {
            memmove(open_tmp[i], open_tmp[n_open - 1], sizeof open_tmp[0]);
            n_open = n_open - 1;
            if (n_open == 0) {
                sigaction(SIGINT, &old_int, NULL);
                sigaction(SIGTERM, &old_term, NULL);
            }
            break;
        }
    sigprocmask(SIG_SETMASK, &saved, NULL);
}

/* ---- where an output goes ---- */

/* Follow the symlinks of `path` into out: 0 (out is the file, which may
 * not exist), 1 (a /proc or /dev/fd link: write `path` straight), -1 (a
 * symlink loop or a path too long). */
static int resolve(const char *path, char *out, size_t size)
{
    char cur[4096], link[4096], next[8200];
    if (strlen(path) >= sizeof cur)
        return -1;
    snprintf(cur, sizeof cur, "%s", path);
    for (int hop = 0; hop < 40; hop++) {
        if (strncmp(cur, "/proc/", 6) == 0 || strncmp(cur, "/dev/fd/", 8) == 0)
            return 1;
        struct stat st;
        if (lstat(cur, &st) < 0 || !S_ISLNK(st.st_mode)) {
            if (strlen(cur) >= size)
                return -1;
            snprintf(out, size, "%s", cur);
            return 0;
        }
        ssize_t n = readlink(cur, link, sizeof link - 1);
        if (n < 0)
            return -1;
        link[n] = '\0';
        const char *slash = strrchr(cur, '/');
        if (link[0] == '/' || !slash)
            snprintf(next, sizeof next, "%s", link);
        else
            snprintf(next, sizeof next, "%.*s/%s", (int)(slash - cur), cur, link);
        if (strlen(next) >= sizeof cur)
            return -1;
        memcpy(cur, next, strlen(next) + 1);
    }
    return -1;
}

/* The directory of `file` ("." or "/" where it has none). */
static void dir_of(const char *file, char *dir, size_t size)
{
    const char *slash = strrchr(file, '/');
    if (!slash)
        snprintf(dir, size, ".");
    else if (slash == file)
        snprintf(dir, size, "/");
    else
        snprintf(dir, size, "%.*s", (int)(slash - file), file);
}

int hs_output_check(const char *path, const char *const *inputs, int n, hs_error *err)
{
    if (strcmp(path, "-") == 0)
        return 0;
    char target[4096], dir[4096];
    int r = resolve(path, target, sizeof target);
    if (r < 0) {
        hs_error_set_runtime(err, "%s: cannot write there: too many symbolic links or a path too "
                                  "long",
                             path);
        return -1;
    }
    struct stat st;
    int exists = stat(r == 1 ? path : target, &st) == 0;
    if (r == 1 && !exists) {
        hs_error_set_runtime(err, "%s: cannot write: %s", path, strerror(errno));
        return -1;
    }
    if (exists && S_ISDIR(st.st_mode)) {
        hs_error_set_runtime(err, "%s: cannot write: it is a directory (expected a file name)",
                             path);
        return -1;
    }
    if (exists && access(r == 1 ? path : target, W_OK) != 0) {
        hs_error_set_runtime(err, "%s: cannot write: %s", path, strerror(errno));
        return -1;
    }
    if (r == 0 && (!exists || S_ISREG(st.st_mode))) {
        /* written beside the target and renamed: its directory must take a new file */
        struct stat ds;
        dir_of(target, dir, sizeof dir);
        if (stat(dir, &ds) != 0) {
            hs_error_set_runtime(err, "%s: cannot create: the directory %s does not exist", path,
                                 dir);
            return -1;
        }
        if (!S_ISDIR(ds.st_mode)) {
            hs_error_set_runtime(err, "%s: cannot create: %s is not a directory", path, dir);
            return -1;
        }
        if (access(dir, W_OK | X_OK) != 0) {
            hs_error_set_runtime(err, "%s: cannot create: the directory %s is not writable (%s)",
                                 path, dir, strerror(errno));
            return -1;
        }
    }
    for (int i = 0; exists && S_ISREG(st.st_mode) && i < n; i++) {
        struct stat in;
        if (inputs[i] && strcmp(inputs[i], "-") != 0 && stat(inputs[i], &in) == 0 &&
            in.st_dev == st.st_dev && in.st_ino == st.st_ino) {
            hs_error_set(err, "%s: the output is the input %s (the same file): it would be "
                              "replaced; write the output elsewhere",
                         path, inputs[i]);
            return -1;
        }
    }
    return 0;
}

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
    int r = resolve(path, a->target, sizeof a->target);
    if (r < 0) {
        hs_error_set_runtime(err, "%s: cannot write there: too many symbolic links or a path "
                                  "too long",
                             path);
        return -1;
    }
    struct stat st;
    int exists = stat(r == 1 ? path : a->target, &st) == 0;
    if (exists && S_ISDIR(st.st_mode)) {
        hs_error_set_runtime(err, "%s: cannot write: it is a directory", path);
        return -1;
    }
    if (r == 1 || (exists && !S_ISREG(st.st_mode))) {
        /* a device, a FIFO, a terminal, /dev/stdout: written in place */
        a->straight = 1;
        if (!(a->f = fopen(path, "a"))) {
            hs_error_set_runtime(err, "%s: cannot open: %s", path, strerror(errno));
            return -1;
        }
        return 0;
    }
    snprintf(a->tmp, sizeof a->tmp, "%s.tmp.%ld", a->target, (long)getpid());
    unlink(a->tmp); /* a stale one of an earlier process with our pid */
    int fd = open(a->tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    if (fd < 0) {
        hs_error_set_runtime(err, "%s: cannot create: %s", a->tmp, strerror(errno));
        return -1;
    }
    track(a->tmp);
    if (exists) {
        /* the replaced file keeps its permissions (and, for root, its owner) */
        if (geteuid() == 0 && fchown(fd, st.st_uid, st.st_gid) != 0) {
            /* best effort: the mode below still applies */
        }
        fchmod(fd, st.st_mode & 07777);
    }
    if (!(a->f = fdopen(fd, "w"))) {
        hs_error_set_runtime(err, "%s: cannot open: %s", a->tmp, strerror(errno));
        close(fd);
        unlink(a->tmp);
        untrack(a->tmp);
        return -1;
    }
    return 0;
}

/* Flush and close; 0, or the errno of the failure (EIO when unknown). */
static int finish(FILE *f, int close_it)
{
    errno = 0;
    int e = 0;
    if (fflush(f) != 0 || ferror(f))
        e = errno ? errno : EIO;
    if (close_it) {
        errno = 0;
        if (fclose(f) != 0 && !e)
            e = errno ? errno : EIO;
    }
    return e;
}

int hs_afile_commit(hs_afile *a, hs_error *err)
{
    if (a->is_stdout) {
        int e = finish(stdout, 0);
        if (e) {
            hs_error_set_runtime(err, "stdout: cannot write: %s", strerror(e));
            return -1;
        }
        return 0;
    }
    int e = finish(a->f, 1);
    a->f = NULL;
    if (a->straight) {
        if (e) {
            hs_error_set_runtime(err, "%s: cannot write: %s", a->path, strerror(e));
            return -1;
        }
        return 0;
    }
    if (e) {
        unlink(a->tmp);
        untrack(a->tmp);
        hs_error_set_runtime(err, "%s: cannot write: %s (nothing written)", a->path, strerror(e));
        return -1;
    }
    if (rename(a->tmp, a->target) != 0) {
        hs_error_set_runtime(err, "%s: cannot rename into place: %s", a->path, strerror(errno));
        unlink(a->tmp);
        untrack(a->tmp);
        return -1;
    }
    untrack(a->tmp);
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
    if (!a->straight) {
        unlink(a->tmp);
        untrack(a->tmp);
    }
}

void hs_afile_fail(hs_afile *a, hs_error *err)
{
    int e = a->f ? finish(a->f, 0) : 0;
    hs_error_set_runtime(err, "%s: cannot write: %s", a->is_stdout ? "stdout" : a->path,
                         e ? strerror(e) : "write error");
    hs_afile_abort(a);
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
