#include "base/text_file.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

int hs_read_text_file(const char *path, size_t max_bytes, char **out, size_t *len_out,
                      hs_error *err)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        hs_error_set(err, "%s: cannot open: %s", path, strerror(errno));
        return -1;
    }
    char *buf = NULL;
    size_t len = 0, cap = 0;
    for (;;) {
        if (len + 65536 + 1 > cap) {
            cap = cap ? cap * 2 : 65536 * 2;
            char *nb = realloc(buf, cap);
            if (!nb) {
                free(buf);
                fclose(f);
                hs_error_set(err, "%s: out of memory reading the file", path);
                return -1;
            }
            buf = nb;
        }
        size_t got = fread(buf + len, 1, 65536, f);
        len += got;
        if (got < 65536)
            break;
        if (len > max_bytes) {
            free(buf);
            fclose(f);
            hs_error_set(err, "%s: file larger than %zu MiB", path, max_bytes >> 20);
            return -1;
        }
    }
    int bad = ferror(f);
    fclose(f);
    if (bad) {
        free(buf);
        hs_error_set(err, "%s: read error", path);
        return -1;
    }
    buf[len] = '\0';
    const char *nul = memchr(buf, '\0', len);
    if (nul) {
        hs_error_set(err, "%s: expected a text file, found a NUL byte at offset %ld", path,
                     (long)(nul - buf));
        free(buf);
        return -1;
    }
    *out = buf;
    if (len_out)
        *len_out = len;
    return 0;
}
