/* Reading a whole file into memory: the one bounded reader every loader
 * uses (JSON documents, CSVs, tool outputs, ONNX protobufs). Only regular
 * files are read: a FIFO, a device (/dev/zero), a directory or a socket is
 * refused with a message naming the file and what it is (opened without
 * blocking, so a FIFO never hangs the reader). A file larger than
 * `max_bytes` is refused before it is read (and one that grows past it
 * while read). The buffer is NUL-terminated and the caller frees it; a text
 * file with a NUL byte inside is refused. Errors name the file. */
#ifndef HS_TEXT_FILE_H
#define HS_TEXT_FILE_H

#include <stddef.h>

#include "base/error.h"

/* Any bytes (text = 0) or text (text = 1: no NUL byte). 0, or -1 with err. */
int hs_read_file(const char *path, size_t max_bytes, int text, char **out, size_t *len,
                 hs_error *err);
int hs_read_text_file(const char *path, size_t max_bytes, char **out, size_t *len, hs_error *err);
/* 0 when `path` opens as a regular file (for paths handed to another
 * program), or -1 with err ("expected a regular file, got a FIFO ..."). */
int hs_check_regular_file(const char *path, hs_error *err);
/* "a regular file", "a FIFO (named pipe)", "a character device", ... for a
 * st_mode. */
const char *hs_file_kind(unsigned mode);
/* A copy of s (NULL for NULL) that the caller frees. */
char *hs_strdup(const char *s);

#endif
