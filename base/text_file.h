/* Reading a whole text file into memory (JSON documents, tool outputs).
 * The buffer is NUL-terminated and the caller frees it; files with a NUL
 * byte inside, or larger than `max_bytes`, are refused with a message that
 * names the file. */
#ifndef HS_TEXT_FILE_H
#define HS_TEXT_FILE_H

#include <stddef.h>

#include "base/error.h"

int hs_read_text_file(const char *path, size_t max_bytes, char **out, size_t *len, hs_error *err);
/* A copy of s (NULL for NULL) that the caller frees. */
char *hs_strdup(const char *s);

#endif
