#include "base/strbuf.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void grow(hs_sbuf *b, size_t more)
{
    if (b->oom || b->len + more + 1 <= b->cap)
        return;
    size_t cap = b->cap ? b->cap : 1024;
    while (cap < b->len + more + 1)
        cap *= 2;
    char *ns = realloc(b->s, cap);
    if (!ns) {
        b->oom = 1;
        return;
    }
    b->s = ns;
    b->cap = cap;
}

void hs_sb_put(hs_sbuf *b, const char *s, size_t n)
{
    grow(b, n);
    if (b->oom)
        return;
    memcpy(b->s + b->len, s, n);
    b->len += n;
    b->s[b->len] = '\0';
}

void hs_sb_puts(hs_sbuf *b, const char *s)
{
    hs_sb_put(b, s, strlen(s));
}

void hs_sb_printf(hs_sbuf *b, const char *fmt, ...)
{
    char tmp[256];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    if (n < 0)
        return;
    if ((size_t)n < sizeof tmp) {
        hs_sb_put(b, tmp, (size_t)n);
        return;
    }
    grow(b, (size_t)n);
    if (b->oom)
        return;
    va_start(ap, fmt);
    vsnprintf(b->s + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
}

/* A JSON string literal: quotes, backslashes and control characters escaped;
 * other bytes (UTF-8) copied as they are. */
void hs_sb_json_string(hs_sbuf *b, const char *s)
{
    hs_sb_put(b, "\"", 1);
    for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p; p++) {
        switch (*p) {
        case '"': hs_sb_puts(b, "\\\""); break;
        case '\\': hs_sb_puts(b, "\\\\"); break;
        case '\n': hs_sb_puts(b, "\\n"); break;
        case '\r': hs_sb_puts(b, "\\r"); break;
        case '\t': hs_sb_puts(b, "\\t"); break;
        case '\b': hs_sb_puts(b, "\\b"); break;
        case '\f': hs_sb_puts(b, "\\f"); break;
        default:
            if (*p < 0x20)
                hs_sb_printf(b, "\\u%04x", *p);
            else
                hs_sb_put(b, (const char *)p, 1);
        }
    }
    hs_sb_put(b, "\"", 1);
}

/* Shortest of %.15g, %.16g, %.17g that strtod reads back to exactly v. */
void hs_sb_json_number(hs_sbuf *b, double v)
{
    char tmp[64];
    for (int prec = 15; prec <= 17; prec++) {
        snprintf(tmp, sizeof tmp, "%.*g", prec, v);
        if (strtod(tmp, NULL) == v)
            break;
    }
    hs_sb_puts(b, tmp);
}
