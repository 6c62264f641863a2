/* hs_sbuf: a growable NUL-terminated string for writers that build text
 * (trace JSON, converted models). Start from {0}; after any failed
 * allocation `oom` is set and later appends do nothing, so a writer checks
 * once at the end. The caller frees `s`. */
#ifndef HS_STRBUF_H
#define HS_STRBUF_H

#include <stddef.h>

typedef struct hs_sbuf {
    char *s;
    size_t len, cap;
    int oom;
} hs_sbuf;

void hs_sb_put(hs_sbuf *b, const char *s, size_t n);
void hs_sb_puts(hs_sbuf *b, const char *s);
void hs_sb_printf(hs_sbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* JSON values: a string literal (NULL as ""; quotes, backslashes and control
 * characters escaped, other bytes copied as they are) and a number in the
 * shortest of %.15g, %.16g, %.17g that reads back exactly. */
void hs_sb_json_string(hs_sbuf *b, const char *s);
void hs_sb_json_number(hs_sbuf *b, double v);

#endif
