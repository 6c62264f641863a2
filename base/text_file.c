#include "base/text_file.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

char *hs_strdup(const char *s)
{
    if (!s)
        return NULL;
    size_t n = strlen(s) + 1;
    char *d = malloc(n);
    if (d)
        memcpy(d, s, n);
    return d;
}

const char *hs_file_kind(unsigned mode)
{
    mode_t m = (mode_t)mode;
    return S_ISREG(m)    ? "a regular file"
           : S_ISDIR(m)  ? "a directory"
           : S_ISCHR(m)  ? "a character device"
           : S_ISBLK(m)  ? "a block device"
           : S_ISFIFO(m) ? "a FIFO (named pipe)"
           : S_ISSOCK(m) ? "a socket"
                         : "not a regular file";
}

/* Open `path` for reading without blocking (a FIFO with no writer would
 * block open(2) forever) and make sure it is a regular file: the fd, or -1
 * with err. *size gets its size. */
static int open_regular(const char *path, off_t *size, hs_error *err)
{
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) {
        hs_error_set(err, "%s: cannot open: %s", path, strerror(errno));
        return -1;
    }
    struct stat st;
    if (fstat(fd, &st) != 0) {
        hs_error_set(err, "%s: cannot open: %s", path, strerror(errno));
        close(fd);
        return -1;
    }
    if (!S_ISREG(st.st_mode)) {
        hs_error_set(err, "%s: expected a regular file, got %s", path, hs_file_kind(st.st_mode));
        close(fd);
        return -1;
    }
    *size = st.st_size;
    return fd;
}

int hs_check_regular_file(const char *path, hs_error *err)
{
    off_t size;
    int fd = open_regular(path, &size, err);
    if (fd < 0)
        return -1;
    close(fd);
    return 0;
}

static void too_large(const char *path, size_t max_bytes, hs_error *err)
{
    if (max_bytes >= (size_t)1 << 20)
        hs_error_set(err, "%s: file larger than %zu MiB (the limit for this kind of file)", path,
                     max_bytes >> 20);
    else
        hs_error_set(err, "%s: file larger than %zu bytes (the limit for this kind of file)",
                     path, max_bytes);
}

int hs_read_file(const char *path, size_t max_bytes, int text, char **out, size_t *len_out,
                 hs_error *err)
{
    off_t size;
    int fd = open_regular(path, &size, err);
    if (fd < 0)
        return -1;
    if (size < 0 || (unsigned long long)size > max_bytes) {
        close(fd);
        too_large(path, max_bytes, err);
        return -1;
    }
    /* the size now, plus room to see a file that grows past the limit */
    size_t cap = (size_t)size + 1 + 65536, len = 0;
    char *buf = malloc(cap);
    for (;;) {
        if (!buf) {
            close(fd);
            hs_error_set_runtime(err, "%s: out of memory reading the file", path);
            return -1;
        }
        if (len + 1 >= cap) {
            size_t ncap = cap * 2 < max_bytes + 2 ? cap * 2 : max_bytes + 2;
            if (ncap <= cap) {
                free(buf);
                close(fd);
                too_large(path, max_bytes, err);
                return -1;
            }
            char *nb = realloc(buf, ncap);
            if (!nb)
                free(buf);
            buf = nb;
            cap = ncap;
            continue;
        }
        ssize_t got = read(fd, buf + len, cap - 1 - len);
        if (got < 0 && errno == EINTR)
            continue;
        if (got < 0) {
            int e = errno;
            free(buf);
            close(fd);
            hs_error_set(err, "%s: read error: %s", path, strerror(e));
            return -1;
        }
        if (got == 0)
            break;
        len += (size_t)got;
        if (len > max_bytes) {
            free(buf);
            close(fd);
            too_large(path, max_bytes, err);
            return -1;
        }
    }
    close(fd);
    buf[len] = '\0';
    if (text) {
        const char *nul = memchr(buf, '\0', len);
        if (nul) {
            hs_error_set(err, "%s: expected a text file, found a NUL byte at offset %ld", path,
                         (long)(nul - buf));
            free(buf);
            return -1;
        }
    }
    *out = buf;
    if (len_out)
        *len_out = len;
    return 0;
}

int hs_read_text_file(const char *path, size_t max_bytes, char **out, size_t *len_out,
                      hs_error *err)
{
    return hs_read_file(path, max_bytes, 1, out, len_out, err);
}
