/* Helpers shared by the libFuzzer harnesses (tests/fuzz/fuzz_*.c).
 * Contract: each harness defines LLVMFuzzerTestOneInput, feeds the bytes to
 * one loader and frees what it got; a loader may refuse the input (that is
 * the expected outcome for most inputs) but must never crash, leak or trip a
 * sanitizer. Helpers here own nothing across calls beyond what they say. */
#ifndef HS_FUZZ_COMMON_H
#define HS_FUZZ_COMMON_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "base/error.h"
#include "base/json_read.h"

/* A NUL-terminated copy of the input (the caller frees it). JSON loaders see
 * text: inputs with a NUL inside are cut there, as a file reader would refuse them. */
static inline char *hs_fuzz_text(const uint8_t *data, size_t size)
{
    char *s = malloc(size + 1);
    if (!s)
        abort();
    memcpy(s, data, size);
    s[size] = '\0';
    return s;
}

/* Parse the input as JSON with the project's parser; NULL when it is not JSON. */
static inline cJSON *hs_fuzz_json(const uint8_t *data, size_t size, const char *name)
{
    char *s = hs_fuzz_text(data, size);
    cJSON *root = NULL;
    hs_error err;
    if (hs_json_parse(name, s, &root, &err) < 0)
        root = NULL;
    free(s);
    return root;
}

/* For loaders that only take a path (the trace importers): the bytes in an
 * anonymous in-memory file, reachable as /proc/self/fd/N written into
 * path[n]. Returns the descriptor (the caller closes it) or -1. */
static inline int hs_fuzz_memfile(const uint8_t *data, size_t size, char *path, size_t n)
{
    int fd = memfd_create("hs-fuzz", 0);
    if (fd < 0)
        abort();
    size_t off = 0;
    while (off < size) {
        ssize_t w = write(fd, data + off, size - off);
        if (w <= 0)
            abort();
        off += (size_t)w;
    }
    snprintf(path, n, "/proc/self/fd/%d", fd);
    return fd;
}

/* The harness of a trace importer `fn` (traces/importers.h): the bytes as an
 * in-memory file, imported for a fixed device, model and processor. */
#define HS_FUZZ_IMPORTER(fn)                                                           \
    int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);                      \
    int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)                       \
    {                                                                                  \
        char path[64], note[256];                                                      \
        int fd = hs_fuzz_memfile(data, size, path, sizeof path);                       \
        hs_import_opts o = {.device = "dev", .model = "model", .processor = "cpu",     \
                            .dtype = HS_DT_FP32};                                      \
        hs_error err;                                                                  \
        hs_trace *t = fn(path, &o, note, sizeof note, &err);                           \
        hs_trace_free(t);                                                              \
        close(fd);                                                                     \
        return 0;                                                                      \
    }

#endif
